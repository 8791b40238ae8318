#!/bin/sh
# A running conversation picks up a catalog import made by another process: the next command
# can name the new product, by text and by voice, without a restart (issue 4: "the grammar is
# rebuilt after a change"). The running shopspeak reads its inputs from a pipe.
. "$SOURCE_DIR/tests/e2e/lib.sh"

shop="$WORK/shop.db"
cat >"$WORK/first.csv" <<'CSV'
sku,name,price,category,stock
R-1,Oatly Oat Milk,5.49,dairy,10
CSV
cat >"$WORK/second.csv" <<'CSV'
sku,name,price,category,stock,aliases
R-2,Zorblax Herbal Tea,7.25,tea,3,zorblax tea
CSV
# one_product_catalog: $shop afresh, with first.csv's one product.
one_product_catalog() {
    rm -f "$shop"
    expect_exit 0 "a one-product catalog" "$SHOPSPEAK" catalog import "$WORK/first.csv" --catalog "$shop"
}
# speak NAME WORDS: $WORK/NAME.wav, said by eSpeak NG.
speak() { espeak-ng -v en-us -s 150 -w "$WORK/$1.wav" "$2"; }
one_product_catalog

# talk_to MODE LINE1 LINE...: start `shopspeak MODE -` on a pipe, send LINE1, wait for its answer
# (a bounded wait, not a timing check), import second.csv from this shell, send the other LINEs.
talk_to() {
    mode=$1
    rm -f "$WORK/in" "$WORK/talk.out"
    mkfifo "$WORK/in"
    : >"$WORK/talk.out" # before the wait below reads it: the job's redirection may come later
    "$SHOPSPEAK" "$mode" --catalog "$shop" --reject-below 0 --confirm-slot-below 0 - <"$WORK/in" >"$WORK/talk.out" \
        2>"$WORK/talk.err" &
    pid=$!
    exec 3>"$WORK/in"
    echo "$2" >&3
    tries=0
    while [ "$(wc -l <"$WORK/talk.out")" -lt 1 ] && [ $tries -lt 600 ] && kill -0 $pid 2>/dev/null; do
        sleep 0.1
        tries=$((tries + 1))
    done
    "$SHOPSPEAK" catalog import "$WORK/second.csv" --catalog "$shop" >/dev/null 2>&1 ||
        not_ok "$mode: the import while it runs failed"
    shift 2
    for line in "$@"; do echo "$line" >&3; done
    exec 3>&-
    wait $pid
    echo $? >"$WORK/talk.rc"
}

talk_to text "how much is the zorblax tea" "how much is the zorblax tea"
if [ "$(cat "$WORK/talk.rc")" -eq 0 ] && [ "$(wc -l <"$WORK/talk.out")" -eq 2 ]; then
    ok "text -: two answers from one running process"; else
    not_ok "text -: exit $(cat "$WORK/talk.rc"), $(wc -l <"$WORK/talk.out") answers"; cat "$WORK/talk.err"; fi
if head -1 "$WORK/talk.out" | grep -q '"intent": null'; then
    ok "before the import the new product is not understood"; else
    not_ok "before the import: $(head -1 "$WORK/talk.out")"; fi
if sed -n 2p "$WORK/talk.out" | grep -q '"intent": "price", "slots": {"product": "zorblax tea"}' &&
    sed -n 2p "$WORK/talk.out" | grep -q 'seven dollars and twenty-five cents'; then
    ok "after the import the same process understands it and answers its price"; else
    not_ok "after the import: $(sed -n 2p "$WORK/talk.out")"; fi
expect_grep "grammar rebuilt" "$WORK/talk.err" "the rebuild is logged on stderr"

# By voice: the recognizer gets the new grammar too (a new brand word, pronounced by eSpeak NG).
one_product_catalog
speak zorblax "how much is the zorblax tea"
speak cancel "never mind"
# (Before the import the words are heard as some other command, which may ask a question:
# "never mind" leaves it.)
talk_to wav "$WORK/zorblax.wav" "$WORK/cancel.wav" "$WORK/zorblax.wav"
if sed -n 3p "$WORK/talk.out" | grep -q '"heard": "how much is the zorblax tea"'; then
    ok "wav -: after the import the recognizer hears the new product"; else
    not_ok "wav - after the import: $(sed -n 3p "$WORK/talk.out")"; cat "$WORK/talk.err"; fi
if ! head -1 "$WORK/talk.out" | grep -q '"heard": "[^"]*zorblax'; then
    ok "wav -: before the import it could not"; else not_ok "before: $(head -1 "$WORK/talk.out")"; fi

# "How much is it" with no product in context asks which product; the PRODUCT state's grammar,
# rebuilt with the top one, hears the new product's name alone.
one_product_catalog
speak help "what can i say"
speak it "how much is it"
speak name "zorblax tea"
talk_to wav "$WORK/help.wav" "$WORK/it.wav" "$WORK/name.wav"
if sed -n 2p "$WORK/talk.out" | grep -q '"answer": "Which product do you mean?"'; then
    ok "wav -: \"how much is it\" with nothing in context asks which product"; else
    not_ok "wav - which product: $(sed -n 2p "$WORK/talk.out")"; cat "$WORK/talk.err"; fi
if sed -n 3p "$WORK/talk.out" | grep -q '"heard": "zorblax tea", "intent": "named"' &&
    sed -n 3p "$WORK/talk.out" | grep -q 'seven dollars and twenty-five cents'; then
    ok "wav -: the new product's name alone answers it (the product grammar was rebuilt)"; else
    not_ok "wav - the name alone: $(sed -n 3p "$WORK/talk.out")"; cat "$WORK/talk.err"; fi
finish
