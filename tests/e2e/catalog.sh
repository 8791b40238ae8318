#!/bin/sh
# The operators' commands: catalog import/export/list/search and orders, with their exit codes.
. "$SOURCE_DIR/tests/e2e/lib.sh"

for sub in import export list search; do
    expect_exit 0 "catalog $sub --help" "$SHOPSPEAK" catalog "$sub" --help
    expect_grep "Usage: shopspeak catalog $sub" "$WORK/out" "catalog $sub --help shows its usage"
done
expect_exit 0 "orders --help" "$SHOPSPEAK" orders --help
expect_grep "Exit codes" "$WORK/out" "orders --help lists the exit codes"
expect_exit 2 "catalog without a subcommand" "$SHOPSPEAK" catalog

# README.md's count of the sample catalog: products (every size counted) and categories.
XDG_DATA_HOME="$WORK/fresh" "$SHOPSPEAK" catalog export --format json - | grep '^ *{' >"$WORK/sample.jsonl"
products=$(wc -l <"$WORK/sample.jsonl")
categories=$(grep -o '"category": "[^"]*"' "$WORK/sample.jsonl" | sort -u | wc -l)
expect_grep "($products products in $categories categories" "$SOURCE_DIR/README.md" \
    "README.md gives the sample's $products products in $categories categories"
expect_exit 2 "unknown subcommand" "$SHOPSPEAK" catalog frobnicate
expect_one_line_error "unknown subcommand"
expect_exit 2 "bad --format" "$SHOPSPEAK" catalog export --format xml -
expect_one_line_error "bad --format"
expect_exit 3 "import a missing file" "$SHOPSPEAK" catalog import "$WORK/nothere.csv"
expect_one_line_error "missing file"
expect_exit 4 "a --catalog that does not exist" "$SHOPSPEAK" catalog list --catalog "$WORK/typo.db"
expect_one_line_error "missing catalog"

# Orders of the sample catalog, with their status.
expect_exit 0 "orders" "$SHOPSPEAK" orders
expect_grep "delivered" "$WORK/out" "orders shows delivered orders"
expect_grep "shipped, expected 20" "$WORK/out" "a shipped order shows its expected date"
expect_exit 0 "orders --status cancelled" "$SHOPSPEAK" orders --status cancelled
if [ "$(grep -c cancelled "$WORK/out")" -eq 1 ] && ! grep -q delivered "$WORK/out"; then
    ok "only the cancelled order is listed"; else not_ok "orders --status cancelled"; cat "$WORK/out"; fi
expect_exit 2 "orders --status lost" "$SHOPSPEAK" orders --status lost
expect_one_line_error "unknown status"

# Import a CSV into a new catalog file, then list and search it.
shop="$WORK/shop.db"
cat >"$WORK/products.csv" <<'CSV'
sku,name,price,category,stock,aliases
T-1,"Rao's ""Famous"" Marinara",8.99,pantry,4,red sauce;pasta sauce
T-2,Café Crème 🍮,3.50,dairy,10,
T-3,"Oat Milk, Barista",4.25,dairy,0,
CSV
expect_exit 0 "import a CSV into a new catalog" "$SHOPSPEAK" catalog import "$WORK/products.csv" --catalog "$shop"
expect_grep "3 rows, 3 added" "$WORK/out" "import says what it did"
expect_exit 0 "list" "$SHOPSPEAK" catalog list --catalog "$shop"
expect_grep 'Rao.s "Famous" Marinara' "$WORK/out" "list shows a name with quotes"
expect_grep "Café Crème 🍮" "$WORK/out" "list shows accents and emoji"
expect_exit 0 "list --category dairy --limit 1" "$SHOPSPEAK" catalog list --catalog "$shop" --category dairy --limit 1
if [ "$(grep -c '^T-' "$WORK/out")" -eq 1 ]; then ok "--limit 1 lists one"; else not_ok "--limit"; cat "$WORK/out"; fi
expect_exit 0 "search by alias" "$SHOPSPEAK" catalog search --catalog "$shop" pasta sauce
expect_grep "T-1 " "$WORK/out" "search finds a product by its alias"
expect_exit 0 "search with accents forgiven" "$SHOPSPEAK" catalog search --catalog "$shop" cafe creme
expect_grep "T-2 " "$WORK/out" "search forgives accents"

# A bad row: one line naming file, line and column; nothing changes.
"$SHOPSPEAK" catalog export --catalog "$shop" "$WORK/before.csv" >/dev/null
cat >"$WORK/bad.csv" <<'CSV'
sku,name,price
T-1,Rao's Marinara,9.49
T-4,Bad Price,abc
T-5,Good Again,1.00
CSV
expect_exit 3 "import with a bad row" "$SHOPSPEAK" catalog import --catalog "$shop" "$WORK/bad.csv"
expect_one_line_error "bad row"
expect_grep "bad.csv:3:price:" "$WORK/err" "the error names line 3 and the price column"
"$SHOPSPEAK" catalog export --catalog "$shop" "$WORK/after.csv" >/dev/null
if cmp -s "$WORK/before.csv" "$WORK/after.csv"; then ok "a failed import changes nothing"; else not_ok "a failed import changed the catalog"; fi
expect_exit 0 "--skip-bad-rows" "$SHOPSPEAK" catalog import --catalog "$shop" --skip-bad-rows "$WORK/bad.csv"
expect_grep "3 rows, 1 added, 1 updated, 1 skipped" "$WORK/out" "--skip-bad-rows imports the rest"
expect_grep "skipped .*bad.csv:3:price" "$WORK/err" "and says which row it left out"
expect_exit 0 "search the skipped-over row" "$SHOPSPEAK" catalog search --catalog "$shop" T-5
expect_grep "Good Again" "$WORK/out" "the row after the bad one is there"

# A 10 kB name with quotes, accents and emoji, and a size of it (variant_of): it imports, lists
# on one line, exports whole, and an answer about it is a sentence, not 10 kB read out.
long="$WORK/long.db"
{
    printf 'sku,name,price,category,unit,stock,aliases,variant_of\n'
    printf 'LN-1,"Zoë'"'"'s ""Grand"" Café Crème 🍫 Chocolate Bar, Extra Dark, with '
    i=0; while [ $i -lt 540 ]; do printf 'lorem ipsum dolor; '; i=$((i + 1)); done
    printf '",2.49,snacks,bar,5,dark bar,\n'
    printf "LN-2,Zoë's Chocolate Bar Family Pack,9.99,snacks,pack,2,,LN-1\n"
} >"$WORK/long.csv"
expect_exit 0 "import a 10 kB name and a size of it" "$SHOPSPEAK" catalog import "$WORK/long.csv" --catalog "$long"
expect_exit 0 "list the 10 kB name" "$SHOPSPEAK" catalog list --catalog "$long"
expect_grep 'Zoë.s "Grand" Café Crème 🍫 Chocolate Bar$' "$WORK/out" "list shows the long name's first words"
if [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$WORK/out")" -le 200 ]; then
    ok "every listed line is short"; else not_ok "a listed line is long"; fi
expect_exit 0 "export the 10 kB name" "$SHOPSPEAK" catalog export - --catalog "$long"
if [ "$(grep -c 'lorem ipsum dolor; lorem' "$WORK/out")" -eq 1 ] && grep -q ',LN-1.$' "$WORK/out"; then
    ok "the export has the whole name and the size's variant_of"; else not_ok "export of the long name"; fi
expect_exit 0 "ask about the long-named product" "$SHOPSPEAK" text --catalog "$long" \
    "how much is the dark bar" "what sizes does the dark bar come in" \
    "is the zoe's grand cafe creme chocolate bar in stock"
longest=$(jq -r '.answer | length' "$WORK/out" | sort -n | tail -1)
if [ "$(grep -c '"intent": null' "$WORK/out")" -eq 0 ] && [ "$longest" -le 300 ]; then
    ok "every answer about it is understood and short ($longest characters at most)"; else
    not_ok "answers about the long name"; cat "$WORK/out"; fi
expect_grep "costs two dollars and forty-nine cents" "$WORK/out" "the price answer names it"
expect_grep "two sizes: .* Family Pack for nine dollars" "$WORK/out" "what sizes lists the imported size"

# Re-import changed prices into the sample catalog: same products, order history kept.
expect_exit 0 "export the sample" "$SHOPSPEAK" catalog export "$WORK/sample.csv"
products_before=$(grep -c . "$WORK/sample.csv")
orders_before=$("$SHOPSPEAK" orders | grep -c .)
sed 's/^CT-001,Lavazza Espresso Beans,13.49,/CT-001,Lavazza Espresso Beans,14.99,/' "$WORK/sample.csv" >"$WORK/sample-new.csv"
expect_exit 0 "re-import with a new price" "$SHOPSPEAK" catalog import "$WORK/sample-new.csv"
expect_grep "0 added, $((products_before - 1)) updated" "$WORK/out" "every product updated in place, none added"
expect_exit 0 "search the changed product" "$SHOPSPEAK" catalog search CT-001
expect_grep "14.99" "$WORK/out" "the new price is there"
if [ "$("$SHOPSPEAK" orders | grep -c .)" -eq "$orders_before" ]; then ok "orders kept"; else not_ok "orders changed"; fi
expect_exit 0 "reorder after re-import" "$SHOPSPEAK" text "reorder the lavazza espresso beans"
expect_grep "two bags" "$WORK/out" "the last order is still attached to the product"

# Export and import round-trip, CSV and JSON.
for fmt in csv json; do
    "$SHOPSPEAK" catalog export "$WORK/one.$fmt" >/dev/null
    expect_exit 0 "import the $fmt export into a new catalog" "$SHOPSPEAK" catalog import --catalog "$WORK/copy-$fmt.db" "$WORK/one.$fmt"
    "$SHOPSPEAK" catalog export --catalog "$WORK/copy-$fmt.db" "$WORK/two.$fmt" >/dev/null
    if cmp -s "$WORK/one.$fmt" "$WORK/two.$fmt"; then ok "$fmt export -> import -> export is identical"; else
        not_ok "$fmt round trip differs"; diff "$WORK/one.$fmt" "$WORK/two.$fmt" | head -5; fi
done
expect_exit 0 "export to stdout" "$SHOPSPEAK" catalog export - --format json
expect_grep '"sku": "CT-001"' "$WORK/out" "JSON on stdout"
# An export over the catalog itself (by any name) is refused before it truncates it.
cp "$XDG_DATA_HOME/shopspeak/catalog.db" "$WORK/self.db"
ln -f "$WORK/self.db" "$WORK/self-link.csv"
cp "$WORK/self.db" "$WORK/self-before.db"
for out in self.db self-link.csv; do
    expect_exit 2 "export over the catalog as $out" "$SHOPSPEAK" catalog export --catalog "$WORK/self.db" "$WORK/$out"
    expect_one_line_error "export over the catalog as $out"
done
if cmp -s "$WORK/self.db" "$WORK/self-before.db"; then ok "the catalog is left whole"; else not_ok "the catalog was changed"; fi
expect_exit 2 "export over the default catalog" "$SHOPSPEAK" catalog export "$XDG_DATA_HOME/shopspeak/catalog.db"
expect_exit 0 "the default catalog still opens" "$SHOPSPEAK" catalog search CT-001

# The purchase PIN, read from standard input (never the command line); the default catalog.
pin() { "$SHOPSPEAK" pin "$@" >"$WORK/out" 2>"$WORK/err"; }
expect_exit 0 "pin: status" "$SHOPSPEAK" pin
expect_grep '^No PIN is set$' "$WORK/out" "no PIN at first"
if printf '1234\n4321\n' | pin set; then not_ok "two different new PINs accepted"; else
    ok "two different new PINs: refused"; fi
expect_grep 'the two new PINs differ' "$WORK/err" "and says so"
if printf '12\n12\n' | pin set; then not_ok "a two-digit PIN accepted"; else ok "a two-digit PIN: refused"; fi
if printf '1234\n' | pin set; then not_ok "a PIN given once accepted"; else
    expect_grep 'standard input ended before the new PIN a second time' "$WORK/err" \
        "a PIN given once: says the second one is missing"; fi
if printf '1234\n1234\n' | pin set; then ok "pin set"; else not_ok "pin set failed"; cat "$WORK/err"; fi
expect_exit 0 "text: a reorder" "$SHOPSPEAK" text "reorder coffee pods"
expect_grep 'say your four-digit PIN' "$WORK/out" "the reorder now asks for the PIN"
if printf '9999\n' | pin clear; then not_ok "cleared with a wrong PIN"; else ok "a wrong PIN clears nothing"; fi
expect_grep 'that PIN is wrong' "$WORK/err" "and says so"
if printf '1234\n' | pin clear; then ok "pin clear with the right PIN"; else not_ok "pin clear failed"; fi
expect_exit 0 "pin: status again" "$SHOPSPEAK" pin
expect_grep '^No PIN is set$' "$WORK/out" "the PIN is gone"
expect_exit 2 "pin set with no input" "$SHOPSPEAK" pin set
expect_one_line_error "pin set with no input"

finish
