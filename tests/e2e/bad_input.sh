#!/bin/sh
# Bad input gets one clear line and a non-zero exit: never a crash, a hang or a lost order.
. "$SOURCE_DIR/tests/e2e/lib.sh"

expect_exit 3 "missing WAV" "$SHOPSPEAK" wav "$WORK/nope.wav"
expect_one_line_error "missing WAV"

echo "this is not audio at all" >"$WORK/text.wav"
expect_exit 3 "not a WAV" "$SHOPSPEAK" wav "$WORK/text.wav"
expect_one_line_error "not a WAV"
# README.md quotes this line as the example of bad input: it must be what is printed.
readme_line=$(sed "s|$WORK/text.wav|/tmp/x.wav|" "$WORK/err")
if grep -qF "\`$readme_line\`" "$SOURCE_DIR/README.md"; then ok "README.md quotes the not-a-WAV line"
else not_ok "README.md does not quote: $readme_line"; fi

: >"$WORK/empty.wav"
expect_exit 3 "empty file" "$SHOPSPEAK" wav "$WORK/empty.wav"
expect_one_line_error "empty file"

espeak-ng -w "$WORK/speech.wav" "how much is the oat milk"
head -c 44 "$WORK/speech.wav" >"$WORK/header-only.wav"
expect_exit 3 "WAV header with no samples" "$SHOPSPEAK" wav "$WORK/header-only.wav"
expect_one_line_error "header only"

head -c 30 "$WORK/speech.wav" >"$WORK/cut-header.wav"
expect_exit 3 "WAV cut inside its header" "$SHOPSPEAK" wav "$WORK/cut-header.wav"
expect_one_line_error "cut header"

# A WAV cut short in its data still holds speech: decode what is there, or refuse clearly.
size=$(wc -c <"$WORK/speech.wav")
head -c $((size / 2)) "$WORK/speech.wav" >"$WORK/truncated.wav"
"$SHOPSPEAK" wav "$WORK/truncated.wav" >"$WORK/out" 2>"$WORK/err"
rc=$?
if [ $rc -eq 0 ] && grep -q '"file"' "$WORK/out"; then ok "truncated WAV decoded (exit 0)";
elif [ $rc -eq 3 ] && [ "$(wc -l <"$WORK/err")" -eq 1 ]; then ok "truncated WAV refused: $(cat "$WORK/err")";
else not_ok "truncated WAV: exit $rc"; fi

sox -n -r 16000 -b 16 -c 1 "$WORK/silence.wav" trim 0 3
expect_exit 3 "silence only" "$SHOPSPEAK" wav "$WORK/silence.wav"
expect_one_line_error "silence only"

sox -n -r 16000 -b 16 -c 1 "$WORK/long.wav" synth 600 sine 440 2>/dev/null
start=$(date +%s)
expect_exit 3 "ten minutes of audio" "$SHOPSPEAK" wav "$WORK/long.wav"
expect_one_line_error "ten minutes"
if [ $(($(date +%s) - start)) -lt 10 ]; then ok "refused quickly"; else not_ok "took too long"; fi

# One bad file among good ones: the good ones are still answered, the exit says something failed.
expect_exit 3 "good and bad files" "$SHOPSPEAK" wav --reject-below 0 "$WORK/speech.wav" "$WORK/nope.wav"
expect_grep '"intent": "price"' "$WORK/out" "the good file is still answered"

expect_exit 4 "missing catalog" "$SHOPSPEAK" text --catalog "$WORK/no-such.db" "help"
expect_one_line_error "missing catalog"

head -c 8192 /dev/urandom >"$WORK/corrupt.db"
expect_exit 4 "corrupt catalog" "$SHOPSPEAK" text --catalog "$WORK/corrupt.db" "help"
# A catalog with no products: it says so, not that shop.gram's <product> list is empty.
"$SHOPSPEAK" text "help" >/dev/null 2>&1 # makes the sample catalog, to empty a copy of
cp "$XDG_DATA_HOME/shopspeak/catalog.db" "$WORK/empty.db"
sqlite3 "$WORK/empty.db" "PRAGMA foreign_keys = OFF; DELETE FROM product_aliases; DELETE FROM products;"
expect_exit 4 "a catalog with no products" "$SHOPSPEAK" text --catalog "$WORK/empty.db" "help"
expect_one_line_error "a catalog with no products"
expect_grep "has no products: add some with 'shopspeak catalog import FILE'" "$WORK/err" \
    "says what to do"
expect_one_line_error "corrupt catalog"

echo "products,are,not,here" >"$WORK/csv.db"
expect_exit 4 "a text file as catalog" "$SHOPSPEAK" text --catalog "$WORK/csv.db" "help"
expect_one_line_error "text file as catalog"

expect_exit 5 "missing grammar" "$SHOPSPEAK" text --grammar "$WORK/none.gram" "help"
expect_one_line_error "missing grammar"

printf '#JSGF V1.0;\ngrammar broken;\npublic <x> = ( oops ;\n' >"$WORK/broken.gram"
expect_exit 5 "broken grammar" "$SHOPSPEAK" text --grammar "$WORK/broken.gram" "help"
expect_one_line_error "broken grammar"

# Operator grammar mistakes: one line naming the file and the line, exit 5.
expect_file_line() {
    if grep -q "$1:$2:" "$WORK/err"; then ok "$3 names $(basename "$1") line $2"; else
        not_ok "$3: no $1:$2: in stderr"; sed 's/^/    /' "$WORK/err" | head -3
    fi
}
printf '#JSGF V1.0;\ngrammar bad;\npublic <x> = reorder <product> {product};\npublic <y> = ( oops ;\n' >"$WORK/syntax.gram"
expect_exit 5 "grammar syntax error" "$SHOPSPEAK" text --grammar "$WORK/syntax.gram" "help"
expect_one_line_error "grammar syntax error"
expect_file_line "$WORK/syntax.gram" 4 "grammar syntax error"

printf '#JSGF V1.0;\ngrammar bad;\npublic <x> = reorder <product> {product};\n\npublic <y> = buy <prodcut> {product};\n' >"$WORK/unknown.gram"
expect_exit 5 "unknown rule" "$SHOPSPEAK" text --grammar "$WORK/unknown.gram" "help"
expect_one_line_error "unknown rule"
expect_file_line "$WORK/unknown.gram" 5 "unknown rule"

printf '#JSGF V1.0;\ngrammar bad;\npublic <x> = reorder <product> {product};\npublic <y> = ... now;\n' >"$WORK/unsayable.gram"
expect_exit 5 "a word that is not said" "$SHOPSPEAK" text --grammar "$WORK/unsayable.gram" "help"
expect_one_line_error "a word that is not said"
expect_file_line "$WORK/unsayable.gram" 4 "a word that is not said"

# Typed text is normalised before it is matched: a word the normaliser would change could be
# heard but never typed, so it is refused with the way to write it.
printf '#JSGF V1.0;\ngrammar bad;\npublic <x> = reorder <product> {product};\npublic <y> = is it gluten-free;\n' >"$WORK/hyphen.gram"
expect_exit 5 "a word not written as it is said" "$SHOPSPEAK" text --grammar "$WORK/hyphen.gram" "is it gluten free"
expect_one_line_error "a word not written as it is said"
expect_grep 'hyphen.gram:4:20: the word "gluten-free" is not written as it is said: write "gluten free"' \
    "$WORK/err" "it says where and how to write it"

printf '#JSGF V1.0;\ngrammar bad;\n<allergen> = <VOID>;\npublic <x> = does <product> {product} contain <allergen> {allergen};\n' >"$WORK/empty.gram"
expect_exit 5 "an empty slot list" "$SHOPSPEAK" text --grammar "$WORK/empty.gram" "help"
expect_one_line_error "an empty slot list"
expect_file_line "$WORK/empty.gram" 3 "an empty slot list"

# A small grammar whose rules double 20 times over is millions of states once written out: refused
# at load by every command, one line with the file and the public rule, not gigabytes and a crash
# (the memory cap keeps a regression from taking the machine).
{ printf '#JSGF V1.0;\ngrammar exp;\n<r0> = bread | rye;\n'
  i=1; while [ $i -le 20 ]; do echo "<r$i> = <r$((i - 1))> <r$((i - 1))>;"; i=$((i + 1)); done
  echo "public <a> = buy <r20>;"; } >"$WORK/exp.gram"
sox -n -r 16000 -b 16 -c 1 "$WORK/hiss.wav" synth 1 whitenoise vol 0.1
printf '{"file": "%s", "intent": null}\n' "$WORK/hiss.wav" >"$WORK/hiss.jsonl"
# AddressSanitizer reserves terabytes of address space for its shadow memory and cannot start
# under `ulimit -v`; its build (ASAN_OPTIONS set by `make test-sanitize`) runs uncapped.
if [ -n "${ASAN_OPTIONS:-}" ]; then capped() { "$@"; }
else capped() { sh -c 'ulimit -v 1500000 && exec "$@"' capped "$@"; }; fi
for cmd in "text hi" "wav $WORK/hiss.wav" "eval $WORK/hiss.jsonl"; do
    # shellcheck disable=SC2086
    expect_exit 5 "an exponential grammar: ${cmd%% *}" capped "$SHOPSPEAK" ${cmd%% *} --grammar "$WORK/exp.gram" ${cmd#* }
    expect_one_line_error "an exponential grammar: ${cmd%% *}"
    expect_file_line "$WORK/exp.gram" 24 "an exponential grammar: ${cmd%% *}"
done

# The grammar file edited while the program runs: read again before the next turn; an edit
# with a mistake is one line (file, line, column) and the grammar in use stays.
printf '#JSGF V1.0;\ngrammar lights;\npublic <on> = turn on the light;\n' >"$WORK/live.gram"
printf '#JSGF V1.0;\ngrammar lights;\npublic <on> = turn on the light;\npublic <off> = turn off the light;\n' >"$WORK/live2.gram"
printf '#JSGF V1.0;\ngrammar lights;\npublic <on> = turn on the <lamp>;\n' >"$WORK/live3.gram"
(echo "turn off the light"; sleep 1.2; cp "$WORK/live2.gram" "$WORK/live.gram"
 echo "turn off the light"; sleep 1.2; cp "$WORK/live3.gram" "$WORK/live.gram"
 echo "turn off the light") | "$SHOPSPEAK" text --grammar "$WORK/live.gram" - >"$WORK/out" 2>"$WORK/err"
rc=$?
if [ $rc -eq 0 ]; then ok "a grammar edited while it runs (exit 0)"; else not_ok "exit $rc"; fi
n=$(grep -c '"intent": "off"' "$WORK/out")
if [ "$n" -eq 2 ] && grep -q '"intent": null' "$WORK/out"; then
    ok "the edit is used from the next turn, and kept after a bad edit"; else
    not_ok "intents: $(grep -o '"intent": [^,]*' "$WORK/out" | tr '\n' ' ')"; fi
expect_grep 'live.gram changed: grammar loaded again' "$WORK/err" "says it loaded the edit"
expect_grep 'live.gram:3:.*unknown rule <lamp>.*; the grammar in use stays' "$WORK/err" \
    "a bad edit: one line with the place, and the old grammar stays"

# An operator's answers (--answers): the café's orders are answered from cafe.answers; a bad
# file stops the program with one line (file, line); an edit while it runs is used from the next
# turn, and a bad edit is one line and the answers in use stay.
expect_exit 0 "the cafe grammar with its answers" "$SHOPSPEAK" text --grammar \
    "$SOURCE_DIR/grammar/cafe.gram" --answers "$SOURCE_DIR/grammar/cafe.answers" \
    "can i get a large latte with some milk" "brew americano"
expect_grep '"answer": "One large latte, some milk. Coming right up."' "$WORK/out" \
    "an order is answered with the slots heard"
expect_grep '"answer": "One americano. Coming right up."' "$WORK/out" \
    "and without the parts not heard"
printf '[answers]\n; the size\norderDrink = One {size {coffeeDrink}\n' >"$WORK/bad.answers"
expect_exit 5 "an answer file with a mistake" "$SHOPSPEAK" text --grammar \
    "$SOURCE_DIR/grammar/cafe.gram" --answers "$WORK/bad.answers" "brew americano"
expect_one_line_error "an answer file with a mistake"
expect_file_line "$WORK/bad.answers" 3 "an answer file with a mistake"
printf '[answers]\norderDrink = Coming up.\n' >"$WORK/live.answers"
printf '[answers]\norderDrink = One {coffeeDrink} coming up.\n' >"$WORK/live2.answers"
printf '[answers]\norderDrink = One {colour} coming up.\n' >"$WORK/live3.answers"
(echo "brew latte"; sleep 1.2; cp "$WORK/live2.answers" "$WORK/live.answers"
 echo "brew latte"; sleep 1.2; cp "$WORK/live3.answers" "$WORK/live.answers"
 echo "brew mocha") | "$SHOPSPEAK" text --grammar "$SOURCE_DIR/grammar/cafe.gram" \
    --answers "$WORK/live.answers" - >"$WORK/out" 2>"$WORK/err"
rc=$?
if [ $rc -eq 0 ]; then ok "answers edited while it runs (exit 0)"; else not_ok "exit $rc"; fi
answers=$(grep -o '"answer": "[^"]*"' "$WORK/out" | tr '\n' '|')
if [ "$answers" = '"answer": "Coming up."|"answer": "One latte coming up."|"answer": "One mocha coming up."|' ]; then
    ok "the edit is used from the next turn, and kept after a bad edit"
else not_ok "answers: $answers"; fi
expect_grep 'live.answers changed: answers loaded again' "$WORK/err" "says it loaded the edit"
expect_grep "live.answers:2: 'orderDrink': no rule of the grammar sets the slot {colour}; the answers in use stay" \
    "$WORK/err" "a bad edit: one line with the place, and the old answers stay"

finish
