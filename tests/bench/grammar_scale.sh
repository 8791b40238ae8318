#!/bin/sh
# grammar_scale.sh - start-up of the recognizer with a big vocabulary: a catalog of PRODUCTS
# products whose names are varied (cmudict words picked at random, about 2.6 distinct words a
# product at 10,000), and two operator's grammar files of about GRAMMAR_KB kB: shop.gram plus
# one long rule of cmudict words, and shop.gram plus many small rules of them. Times
# `shopspeak text` and `shopspeak wav` on one spoken command with each (/usr/bin/time: wall
# seconds and peak memory). Record the figures in docs/BENCHMARKS.md ("Catalog at shop scale")
# with the date and the machine.
#
# Then decoding at that scale: SCALE_COMMANDS (default 30) eSpeak NG commands that name products
# spread through the catalog (price, add, stock, reorder, rating, ingredients), evaluated with
# `shopspeak eval` against the big catalog and against a small one of the same spoken products
# and 150 others: the same audio, so the ratio is what the catalog's size costs. Three
# alternating runs; the table gives the median real-time factor (CPU in asr_decode) and peak
# memory.
#
# Usage: tests/bench/grammar_scale.sh [BUILD_DIR [PRODUCTS [GRAMMAR_KB [KEEP_DIR]]]]
#        (default: build 10000 330; KEEP_DIR keeps the generated files there; about 1 min
#        at 10,000 products; needs espeak-ng and jq). Past roughly
#        1 MB the files need more than the FSG cap of 65,536 states and shopspeak refuses
#        them at load (docs/grammar.md, "FSG size"): the 3.2 MB runs of docs/BENCHMARKS.md
#        were made under the old cap.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
products=${2:-10000}
grammar_kb=${3:-330}
shopspeak=$build/firmware/shopspeak
[ -x "$shopspeak" ] || { echo "$0: build first (make build): no $shopspeak" >&2; exit 2; }
dict=${SHOPSPEAK_DICT:-$(pkg-config --variable=modeldir pocketsphinx)/en-us/cmudict-en-us.dict}
[ -r "$dict" ] || { echo "$0: no dictionary at $dict (set SHOPSPEAK_DICT)" >&2; exit 2; }
if [ -n "${4:-}" ]; then
    work=$4
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

# The words: plain lowercase cmudict head words of 3 to 12 letters (114,000); products take
# every third.
grep -o '^[a-z]\{3,12\} ' "$dict" | tr -d ' ' | uniq >"$work/words.txt"
awk 'NR % 3 == 0' "$work/words.txt" >"$work/pool.txt"

# Products: a brand (one of 500 pool words) and two or three pool words at random, one alias of
# two more; Park-Miller random numbers (exact in awk's doubles), so every run writes the same.
awk -v n="$products" '
    function rnd() { seed = (seed * 16807) % 2147483647; return seed }
    function word() { return pool[rnd() % n_pool] }
    { pool[n_pool++] = $0 }
    END {
        seed = 42
        print "sku,name,price,category,unit,stock,aliases"
        for (i = 1; i <= n; i++) {
            name = pool[(i * 7919) % 500 * 211 % n_pool] " " word() " " word()
            if (rnd() % 3 == 0)
                name = name " " word()
            printf "BENCH-%06d,%s,%d.%02d,aisle %d,pack,%d,%s %s\n", i, name, 1 + i % 40,
                   i % 100, i % 30, i % 50, word(), word()
        }
    }' "$work/pool.txt" >"$work/products.csv"
words=$(tail -n +2 "$work/products.csv" | cut -d, -f2,7 | sed 's/[, ]/\n/g' | sort -u | wc -l)

# The grammar: shop.gram and a rule <topic> of three-word alternatives, said after "tell me
# about", until the file has grammar_kb kB. Its words run through all 114,000 in a fixed shuffled
# order before any repeats, so a big file has most of them, each first written somewhere else.
cp "$root/grammar/shop.gram" "$work/big.gram"
awk -v kb="$grammar_kb" '
    function word() { return words[(k++ * 7919) % n_words] }
    { words[n_words++] = $0 }
    END {
        print "public <extra> = tell me about <topic> {topic};"
        printf "<topic> = %s %s %s", word(), word(), word()
        for (size = 0; size < kb * 1024; size += length(alt) + 11) {
            alt = word() " " word() " " word()
            printf "\n        | %s", alt
        }
        print ";"
    }' "$work/words.txt" >>"$work/big.gram"
grammar_words=$(sed -n '/^<topic>/,$p' "$work/big.gram" | tr -c 'a-z\n' '\n' | grep . | sort -u |
    wc -l)

# The same words as a grammar of many small rules: two words to a rule, every rule an
# alternative of <topic>, until that file too has grammar_kb kB.
cp "$root/grammar/shop.gram" "$work/rules.gram"
awk -v kb="$grammar_kb" '
    function word() { return words[(k++ * 7919) % n_words] }
    { words[n_words++] = $0 }
    END {
        for (n = 0; size < kb * 1024; n++) {
            line = sprintf("<t%d> = %s %s;", n, word(), word())
            print line
            size += length(line) + 1 + length("\n        | <t>") + length(n)
        }
        print "public <extra> = tell me about <topic> {topic};"
        printf "<topic> = <t0>"
        for (i = 1; i < n; i++)
            printf "\n        | <t%d>", i
        print ";"
    }' "$work/words.txt" >>"$work/rules.gram"
n_rules=$(grep -c '^<t[0-9]' "$work/rules.gram")

"$shopspeak" catalog import "$work/products.csv" --catalog "$work/catalog.db" >&2
first=$(sed -n 2p "$work/products.csv" | cut -d, -f2)
espeak-ng -v en-us -s 150 -w "$work/ask.wav" "how much is the $first"

# One timed run, its wall time and peak memory; with $work as home, so the grammar file's runs
# get a new sample catalog there and no one's settings apply.
timed() { # LABEL COMMAND...: its output into $work/out.json, wall seconds and peak kB into $secs $kb
    label=$1
    shift
    HOME=$work XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data \
        /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/out.json" 2>"$work/err.txt" ||
        { echo "$label failed:" >&2; cat "$work/err.txt" >&2; exit 1; }
    read -r secs kb <"$work/time.txt"
}
run() { # LABEL COMMAND...: one row of the table
    timed "$@"
    printf '| %s | %s s | %d MB |\n' "$1" "$secs" $((kb / 1024))
}

echo "shopspeak grammar scale benchmark, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores"
echo "catalog: $products products, $words distinct words in names and aliases"
echo "grammar: $(($(wc -c <"$work/big.gram") / 1024)) kB, $grammar_words distinct words in <topic>"
echo "rules: $(($(wc -c <"$work/rules.gram") / 1024)) kB, $n_rules rules of two words"
echo
echo "| run | wall | peak memory |"
echo "| --- | --- | --- |"
run "text, the catalog" "$shopspeak" text --catalog "$work/catalog.db" "how much is the $first"
run "wav, the catalog" "$shopspeak" wav --catalog "$work/catalog.db" --reject-below 0 \
    "$work/ask.wav"
echo "heard: $(grep -o '"heard": *"[^"]*"' "$work/out.json")" >&2
run "text, the grammar file" "$shopspeak" text --grammar "$work/big.gram" "how much is it"
run "wav, the grammar file" "$shopspeak" wav --grammar "$work/big.gram" --reject-below 0 \
    "$work/ask.wav"
run "text, the grammar of rules" "$shopspeak" text --grammar "$work/rules.gram" "how much is it"
run "wav, the grammar of rules" "$shopspeak" wav --grammar "$work/rules.gram" --reject-below 0 \
    "$work/ask.wav"

# Decoding at this scale. Products every (PRODUCTS / SCALE_COMMANDS)th, said in six templates;
# the labels' product slot is the name as said.
n_cmd=${SCALE_COMMANDS:-30}
mkdir -p "$work/said"
tail -n +2 "$work/products.csv" | cut -d, -f2 |
    awk -v n="$n_cmd" -v total="$products" 'NR % int(total / n) == 0 && k < n { k++; print }' |
    awk '{
        t = NR % 6; p = $0
        if (t == 0) { i = "price";       s = "how much is the " p }
        if (t == 1) { i = "cart_add";    s = "add two " p " to my cart" }
        if (t == 2) { i = "stock";       s = "is the " p " in stock" }
        if (t == 3) { i = "reorder";     s = "reorder the " p }
        if (t == 4) { i = "rating";      s = "how is the " p " rated" }
        if (t == 5) { i = "ingredients"; s = "what is in the " p }
        q = t == 1 ? "\"quantity\":\"two\"," : ""
        printf "%03d\t%s\t{\"file\":\"%03d.wav\",\"intent\":\"%s\",\"slots\":{%s\"product\":\"%s\"}}\n",
            NR, s, NR, i, q, p
    }' >"$work/said.tsv"
while IFS="$(printf '\t')" read -r n sentence label; do
    espeak-ng -v en-us -s 150 -w "$work/said/$n.wav" "$sentence"
    echo "$label" >>"$work/said/labels.jsonl"
done <"$work/said.tsv"
# The small catalog: the first 150 products and the spoken ones.
jq -r '.slots.product' "$work/said/labels.jsonl" >"$work/said/names.txt"
awk -F, 'NR == FNR { said[$0] = 1; next } FNR <= 151 || ($2 in said)' "$work/said/names.txt" \
    "$work/products.csv" >"$work/small.csv"
"$shopspeak" catalog import "$work/small.csv" --catalog "$work/small.db" >&2

# One eval: "correct RTF peak_kB" of the spoken commands with catalog $1.
scale_eval() {
    timed "eval with $1" "$shopspeak" eval --catalog "$1" --threshold 0 --json \
        "$work/said/labels.jsonl"
    printf '%s %s\n' "$(jq -r '.conditions[0] | "\(.correct) \(.real_time_factor)"' \
        "$work/out.json")" "$kb"
}
: >"$work/small.runs"
: >"$work/big.runs"
for run in 1 2 3; do
    scale_eval "$work/small.db" >>"$work/small.runs"
    scale_eval "$work/catalog.db" >>"$work/big.runs"
done
median() { # FILE COLUMN
    cut -d' ' -f"$2" "$1" | sort -g | sed -n 2p
}
small_n=$(($(wc -l <"$work/small.csv") - 1))
echo
echo "Decoding $n_cmd spoken commands naming products of the catalog (eSpeak NG en-us, 150 wpm;"
echo "shopspeak eval --threshold 0; median of 3 alternating runs):"
echo
echo "| catalog | exactly right | decode RTF (CPU in asr_decode) | peak memory |"
echo "| --- | --- | --- | --- |"
for c in small big; do
    [ "$c" = small ] && size=$small_n || size=$products
    printf '| %s products | %s/%s | %s | %d MB |\n' "$size" "$(median "$work/$c.runs" 1)" "$n_cmd" \
        "$(median "$work/$c.runs" 2)" $(($(median "$work/$c.runs" 3) / 1024))
done
