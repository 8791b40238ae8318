#!/bin/sh
# The settings file: read from --config or the default place, overridden by flags, and every
# problem one "FILE:LINE: problem" line with exit 2.
. "$SOURCE_DIR/tests/e2e/lib.sh"
export XDG_CONFIG_HOME="$WORK/config"

# The shipped example is the defaults: it parses and changes nothing.
expect_exit 0 "the example docs/shopspeak.ini is accepted" \
    "$SHOPSPEAK" text --config "$SOURCE_DIR/docs/shopspeak.ini" "help"

printf '[voice]\nrate = 20\n' >"$WORK/bad.ini"
expect_exit 2 "a bad value stops the program" "$SHOPSPEAK" text --config "$WORK/bad.ini" "help"
expect_grep "^$WORK/bad.ini:2: rate wants a whole number from 80 to 450, not '20'\$" "$WORK/err" \
    "the error names the file, the line and the problem"
if [ "$(wc -l <"$WORK/err")" -eq 1 ]; then ok "in one line"; else not_ok "$(wc -l <"$WORK/err") lines"; fi

printf '[audio]\nwake-word = hi\n' >"$WORK/bad2.ini"
expect_exit 2 "a key in the wrong section" "$SHOPSPEAK" listen --config "$WORK/bad2.ini"
expect_grep "bad2.ini:2: key 'wake-word' belongs in \[activation\]" "$WORK/err" "says where it belongs"

# Settings that are fine alone but not together: the file's and a flag's, checked as one.
printf '[audio]\nretry-min = 10\n' >"$WORK/retry.ini"
expect_exit 2 "retry-min above retry-max" "$SHOPSPEAK" listen --config "$WORK/retry.ini" --retry-max 1
expect_one_line_error "retry-min above retry-max"
expect_grep "retry-min (10 s) is more than retry-max (1 s)" "$WORK/err" "says which two"

# The default file is read when present; a flag overrides it.
mkdir -p "$XDG_CONFIG_HOME/shopspeak"
printf '[recognizer]\nmax-seconds = 0.5\n' >"$XDG_CONFIG_HOME/shopspeak/shopspeak.ini"
espeak-ng -v en-us -w "$WORK/q.wav" "is the oat milk in stock"
expect_exit 3 "the default settings file is read (max-seconds 0.5 refuses a long WAV)" \
    "$SHOPSPEAK" wav --reject-below 0 "$WORK/q.wav"
expect_exit 0 "a flag overrides the file" "$SHOPSPEAK" wav --reject-below 0 --max-seconds 30 "$WORK/q.wav"
expect_grep '"intent": "stock"' "$WORK/out" "and the WAV is understood"
printf '[voice]\nbogus = 1\n' >"$XDG_CONFIG_HOME/shopspeak/shopspeak.ini"
expect_exit 2 "a bad default file is an error too" "$SHOPSPEAK" text "help"
expect_exit 2 "a missing --config file is an error" "$SHOPSPEAK" text --config "$WORK/none.ini" x
expect_grep "none.ini: cannot read the settings file" "$WORK/err" "says it cannot be read"

# The operators' commands use the catalog the settings file names, as the assistant does: an
# import reaches it, and no sample catalog is made in the data directory.
printf '[files]\ncatalog = %s\n' "$WORK/shop.db" >"$XDG_CONFIG_HOME/shopspeak/shopspeak.ini"
printf 'sku,name,price,category,stock\nZ-1,Zesty Lemonade,2.50,drinks,7\n' >"$WORK/z.csv"
export XDG_DATA_HOME="$WORK/data-ops" # empty: nothing made here
expect_exit 0 "catalog import with the settings file's catalog" "$SHOPSPEAK" catalog import "$WORK/z.csv"
expect_exit 0 "catalog list" "$SHOPSPEAK" catalog list
expect_grep '^Z-1 .*Zesty Lemonade' "$WORK/out" "the import went to the settings file's catalog"
expect_exit 0 "orders" "$SHOPSPEAK" orders
expect_exit 0 "text" "$SHOPSPEAK" text "how much is the zesty lemonade"
expect_grep 'Zesty Lemonade costs two dollars and fifty cents' "$WORK/out" "and the assistant knows it"
if [ -e "$XDG_DATA_HOME/shopspeak/catalog.db" ]; then not_ok "a default catalog was made besides"
else ok "no default catalog was made besides"; fi
expect_exit 0 "--catalog wins: the settings file is not even read" "$SHOPSPEAK" catalog list \
    --catalog "$WORK/shop.db" --config "$WORK/none.ini"
expect_exit 2 "orders --config with a missing file" "$SHOPSPEAK" orders --config "$WORK/none.ini"
expect_grep "none.ini: cannot read the settings file" "$WORK/err" "says it cannot be read"

# The message file of the locale: a bad one stops the program like a bad settings file.
rm -f "$XDG_CONFIG_HOME/shopspeak/shopspeak.ini"
printf '[locale]\nname = en-US\n[messages]\nprice = {product} costs {cost}\n' >"$WORK/msg.ini"
expect_exit 2 "a bad message file stops the program" "$SHOPSPEAK" text --messages "$WORK/msg.ini" help
expect_grep "$WORK/msg.ini:4: 'price' has no placeholder {cost}\$" "$WORK/err" \
    "the error names the file, the line and the problem"
if [ "$(wc -l <"$WORK/err")" -eq 1 ]; then ok "in one line"; else not_ok "$(wc -l <"$WORK/err") lines"; fi
expect_exit 2 "a locale without a message file" "$SHOPSPEAK" text --locale fr-FR help
expect_grep "no message file for locale fr-FR" "$WORK/err" "says which locale"
printf '[voice]\nlocale = en-GB\n' >"$WORK/gb.ini"
# (The sample catalog is priced in dollars: en-GB would say them as pounds, so it is refused.
# en_gb.conv has a catalog in pounds.)
expect_exit 2 "locale in the settings file, over a catalog in dollars" \
    "$SHOPSPEAK" text --config "$WORK/gb.ini" "how much is the oat milk"
expect_one_line_error "locale en-GB over a catalog in dollars"
expect_grep "the catalog's prices are in USD, but the messages of en-GB speak GBP" "$WORK/err" \
    "the settings file's locale is read, and dollars are not said as pounds"
expect_exit 0 "the flag overrides the file" "$SHOPSPEAK" text --config "$WORK/gb.ini" --locale en-US "how much is the oat milk"
expect_grep 'dollars and forty-nine cents' "$WORK/out" "answers in dollars"
finish
