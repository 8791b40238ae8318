#!/bin/sh
# The command line: help on every command, exit codes, and the text command's JSON.
. "$SOURCE_DIR/tests/e2e/lib.sh"

expect_exit 0 "shopspeak --help" "$SHOPSPEAK" --help
expect_grep "Exit codes" "$WORK/out" "--help lists the exit codes"
for cmd in listen wav text demo; do
    expect_exit 0 "shopspeak $cmd --help" "$SHOPSPEAK" "$cmd" --help
    expect_grep "Usage: shopspeak $cmd" "$WORK/out" "$cmd --help shows its usage"
done
# Each help says what the command takes: eval takes the settings' flags and --config too, and
# wav any rate from 8 kHz up.
expect_exit 0 "shopspeak eval --help" "$SHOPSPEAK" eval --help
for opt in --reject-below --config --threshold --grammar; do
    expect_grep "^  $opt " "$WORK/out" "eval --help lists $opt"
done
expect_exit 0 "shopspeak wav --help" "$SHOPSPEAK" wav --help
expect_grep "8 kHz and up" "$WORK/out" "wav --help gives the rates it takes"
espeak-ng -w "$WORK/help22.wav" "help" && sox "$WORK/help22.wav" -R -r 96000 "$WORK/help96.wav"
expect_exit 0 "a 96 kHz WAV" "$SHOPSPEAK" wav --reject-below 0 "$WORK/help96.wav"
expect_grep '"intent": "help"' "$WORK/out" "is heard like any other"
expect_exit 5 "a directory as --grammar" "$SHOPSPEAK" text --grammar "$WORK" "help"
expect_grep "is a directory, not a grammar file" "$WORK/err" "says it is a directory"
expect_one_line_error "a directory as --grammar"
expect_exit 2 "no command" "$SHOPSPEAK"
expect_exit 2 "unknown command" "$SHOPSPEAK" frobnicate
expect_one_line_error "unknown command"
expect_exit 2 "unknown option" "$SHOPSPEAK" wav --bogus x.wav
expect_one_line_error "unknown option"
expect_exit 2 "bad --rate" "$SHOPSPEAK" text --rate fast "help"
expect_one_line_error "bad --rate"
# The complaint names the option, not its value or the next word.
# Options after the operands count too, as before them ("eval LABELS.jsonl --grammar FILE").
expect_exit 0 "an option after the sentence" "$SHOPSPEAK" text "can i get a large latte" \
    --grammar "$SOURCE_DIR/grammar/cafe.gram"
expect_grep '"intent": "orderDrink"' "$WORK/out" "and it is used: the cafe grammar heard it"
# own_examples NAME GRAMMAR EXAMPLE NOT: not understood twice, an operator's grammar is explained
# with its own sentences (EXAMPLE first), never with the shop's words NOT.
own_examples() {
    expect_exit 0 "$1, not understood twice" "$SHOPSPEAK" text --grammar "$2" \
        "what's the weather" "what's the weather"
    expect_grep "You can say, for example: $3" "$WORK/out" \
        "the second time it says what $1 understands"
    if grep -q "$4" "$WORK/out"; then not_ok "$1's help says '$4'"
    else ok "$1's help does not say '$4'"; fi
}
own_examples "the cafe grammar" "$SOURCE_DIR/grammar/cafe.gram" "brew americano" "oat milk"
# The shop's price and reorder, but no help: not told to say "help".
printf '#JSGF V1.0;\ngrammar mine;\npublic <price> = how much is <product> {product};\npublic <reorder> = reorder <product> {product};\n' \
    >"$WORK/mine.gram"
own_examples "a grammar without help" "$WORK/mine.gram" "how much is" "or help"

expect_exit 2 "another command's option" "$SHOPSPEAK" text --device foo "help"
expect_grep "^shopspeak text: --device is not an option of 'shopspeak text'" "$WORK/err" \
    "says --device is not text's, not that 'foo' is bad"
expect_exit 2 "an option missing its value" "$SHOPSPEAK" text --rate
expect_grep "^shopspeak text: --rate needs a value" "$WORK/err" "says --rate needs a value"

# Typed as people type: digits, a curly apostrophe, an accent, a comma.
expect_exit 0 "text: typed with a digit and a comma" "$SHOPSPEAK" text "add 2 oat milk, please"
expect_grep '"heard": "add two oat milk please", "intent": "cart_add"' "$WORK/out" "read as said"
expect_exit 0 "text: a curly apostrophe" "$SHOPSPEAK" text "what’s in my cart"
expect_grep '"intent": "cart_list"' "$WORK/out" "what’s is what's"
expect_exit 0 "text: an accent" "$SHOPSPEAK" text "is the guayakí yerba mate in stock"
expect_grep '"intent": "stock"' "$WORK/out" "guayakí is guayaki"

# A name with digits: the grammar spells them ("size two"), the catalog keeps them ("Size 2").
expect_exit 0 "text: a product whose name has a digit" "$SHOPSPEAK" text \
    "how much are the pampers swaddlers size two"
expect_grep 'Pampers Swaddlers Size 2 costs' "$WORK/out" "is found by its spoken name"

expect_exit 0 "text: a price question" "$SHOPSPEAK" text "How much is the oat milk?"
expect_grep '"intent": "price"' "$WORK/out" "price intent"
expect_grep '"product": "oat milk"' "$WORK/out" "product slot"
expect_grep 'dollars' "$WORK/out" "the price is said in words"

expect_exit 0 "text: a conversation" "$SHOPSPEAK" text "reorder coffee pods" "yes" "help"
expect_grep '"intent": "reorder"' "$WORK/out" "reorder intent"
expect_grep 'Shall I place the order' "$WORK/out" "reorder asks for confirmation"
expect_grep '"order_id"' "$WORK/out" "yes places the order"

expect_exit 0 "text: not understood" "$SHOPSPEAK" text "what's the weather like"
expect_grep '"intent": null' "$WORK/out" "nonsense has no intent"
expect_grep "didn't catch that" "$WORK/out" "and the answer says so"

# A recording that starts straight away with a one-word answer is still speech.
espeak-ng -w "$WORK/yes.wav" "yes"
expect_exit 0 "wav: a one-word recording" "$SHOPSPEAK" wav --reject-below 0 "$WORK/yes.wav"
expect_grep '"intent": "yes"' "$WORK/out" "a short 'yes' is heard"
sox -n -r 16000 -b 16 -c 1 "$WORK/hum.wav" synth 2 sine 100 vol 0.3
expect_exit 3 "wav: a steady hum" "$SHOPSPEAK" wav "$WORK/hum.wav"
expect_one_line_error "steady hum"

expect_exit 0 "text with --reply-dir" "$SHOPSPEAK" text --reply-dir "$WORK/replies" "help"
expect_grep '"reply_wav"' "$WORK/out" "the answer WAV is named"
if [ -s "$WORK/replies/01-text.wav" ]; then ok "the answer WAV is written"; else not_ok "no answer WAV"; fi

finish
