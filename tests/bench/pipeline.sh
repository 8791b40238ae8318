#!/bin/sh
# pipeline.sh - benchmark of the whole pipeline over the spoken fixtures: accuracy (intent and
# every slot exactly right), decode real-time factor, peak memory, start-up time.
# Prints a table; record it in docs/BENCHMARKS.md with the date and the machine.
#
# Usage: tests/bench/pipeline.sh [BUILD_DIR]     (default: build; needs /usr/bin/time)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
shopspeak=$build/firmware/shopspeak
[ -x "$shopspeak" ] || { echo "$0: build first (make build): no $shopspeak" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "$0: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"

sh "$root/tests/fixtures/make-fixtures.sh" "$root/tests/fixtures/utterances.tsv" "$work/fx" 2>/dev/null
cut -f1 "$work/fx/labels.tsv" | sed "s|^|$work/fx/|" >"$work/files"

# One process over every fixture: decode time, CPU time and peak memory. eSpeak NG voices score
# under the rejection threshold fitted to real speech (grammar.h): --reject-below 0.
# shellcheck disable=SC2046
/usr/bin/time -f '%U %S %M' -o "$work/time" "$shopspeak" wav --reject-below 0 $(cat "$work/files") \
    >"$work/out"

# Accuracy as e2e.fixtures.accuracy counts it: each fixture heard in the dialog state its
# intent belongs to (one `wav` conversation would hear a "yes" after a reorder in the wrong
# state). Its summary lines, all fixtures and the foundation issue's 86.
FIXTURES_DIR="$work/fx" SHOPSPEAK_GRAMMAR="$root/grammar/shop.gram" \
    "$build/tests/e2e/test_fixtures" >"$work/fixtures.log" 2>&1 || true
grep -E '^(fixtures|foundation)' "$work/fixtures.log" | sed 's/^/# /' >"$work/accuracy"

# Join each JSON line (file, intent, slots) with its label; our JSON has a fixed shape.
awk -F'\t' -v out="$work/out" '
BEGIN {
    while ((getline line < out) > 0) {
        match(line, /"file": "[^"]*"/); f = substr(line, RSTART + 9, RLENGTH - 10); sub(/.*\//, "", f)
        match(line, /"intent": ("[^"]*"|null)/); i = substr(line, RSTART + 10, RLENGTH - 10); gsub(/"/, "", i)
        match(line, /"slots": \{[^}]*\}/); s = substr(line, RSTART + 10, RLENGTH - 11)
        gsub(/"/, "", s); gsub(/: /, "=", s); gsub(/, /, ";", s); if (s == "") s = "-"
        match(line, /"audio_seconds": [0-9.]*/); a = substr(line, RSTART + 17, RLENGTH - 17)
        match(line, /"decode_ms": [0-9.]*/); d = substr(line, RSTART + 13, RLENGTH - 13)
        got[f] = i "\t" s; audio += a; decode += d
        ms[++n] = d + 0
    }
}
{ total++ }
END {
    # median decode time per utterance
    for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (ms[y] < ms[x]) { t = ms[x]; ms[x] = ms[y]; ms[y] = t }
    printf "fixtures\t%d\naudio_s\t%.1f\ndecode_rtf\t%.4f\nmedian_decode_ms\t%.1f\n",
        total, audio, decode / 1000 / audio, ms[int((n + 1) / 2)]
}' "$work/fx/labels.tsv" >"$work/acc"

read -r user sys maxrss <"$work/time"
audio=$(awk -F'\t' '$1 == "audio_s" { print $2 }' "$work/acc")

# Start-up: from exec to the first answer, one short file, median of five runs.
head -n 1 "$work/files" >"$work/one"
for _ in 1 2 3 4 5; do
    s=$(date +%s%N)
    "$shopspeak" wav "$(cat "$work/one")" >/dev/null
    e=$(date +%s%N)
    echo $(((e - s) / 1000000))
done | sort -n | sed -n 3p >"$work/startup"

echo "shopspeak pipeline benchmark, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores"
echo "| measure | value |"
echo "| --- | --- |"
awk -F'\t' '{ printf "| %s | %s |\n", $1, $2 }' "$work/acc"
awk -v u="$user" -v s="$sys" -v a="$audio" 'BEGIN { printf "| process_cpu_rtf (all CPU incl. start-up / audio) | %.4f |\n", (u + s) / a }'
echo "| peak_memory_mb | $((maxrss / 1024)) |"
echo "| startup_to_first_answer_ms (median of 5) | $(cat "$work/startup") |"
echo
echo "Understood (intent and every slot right), from build/tests/e2e/test_fixtures:"
cat "$work/accuracy"
