#!/bin/sh
# A yes that places an order must be heard more surely than a command (order-yes-below,
# docs/configuration.md): below it the question is asked again and nothing is ordered. eSpeak
# NG's "yes" scores well under 0.99, so at 0.99 it must not order, and at 0 it must.
. "$SOURCE_DIR/tests/e2e/lib.sh"

espeak-ng -v en-us -s 150 -w "$WORK/reorder.wav" "reorder coffee pods"
espeak-ng -v en-us -s 150 -w "$WORK/yes.wav" "yes"

# orders_after BAR: the number of orders after "reorder coffee pods", "yes" at that bar.
orders_after() {
    rm -rf "$WORK/data"
    "$SHOPSPEAK" wav --reject-below 0 --confirm-slot-below 0 --order-yes-below "$1" \
        "$WORK/reorder.wav" "$WORK/yes.wav" >"$WORK/out" 2>"$WORK/err" </dev/null ||
        { not_ok "wav at order-yes-below $1 failed"; cat "$WORK/err"; }
    sqlite3 "$WORK/data/shopspeak/catalog.db" "SELECT count(*) FROM orders"
}

before=$(orders_after 0.99)
if sed -n 2p "$WORK/out" | grep -q '"intent": null' &&
    sed -n 2p "$WORK/out" | grep -q 'Please say yes or no'; then
    ok "a yes under order-yes-below is asked again"; else
    not_ok "a yes under order-yes-below: $(sed -n 2p "$WORK/out")"; fi
after=$(orders_after 0)
if sed -n 2p "$WORK/out" | grep -q '"intent": "yes"' && [ "$after" -eq $((before + 1)) ]; then
    ok "at 0 the same yes orders ($before orders, then $after)"; else
    not_ok "at 0: $before then $after orders; $(sed -n 2p "$WORK/out")"; fi

# The reorder itself (not a yes) is not held to the bar.
if sed -n 1p "$WORK/out" | grep -q '"intent": "reorder"'; then ok "the reorder is a command as before"; else
    not_ok "the reorder: $(sed -n 1p "$WORK/out")"; fi
finish
