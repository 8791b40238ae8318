#!/bin/sh
# shopspeak eval over the 200 real coffee orders of coffee-dev with grammar/cafe.gram, clean:
# at least 90% of the orders exactly right. Skips (77) without the shared speech.
. "$SOURCE_DIR/tests/e2e/lib.sh"

labels="${SHOPSPEAK_SPEECH_DIR:-$SOURCE_DIR/../shared/speech}/coffee-dev/labels.jsonl"
if [ ! -f "$labels" ]; then
    echo "skipped: no $labels (the shared real speech is not on this machine)"
    exit 77
fi
expect_exit 0 "eval coffee-dev" "$SHOPSPEAK" eval --json --grammar "$SOURCE_DIR/grammar/cafe.gram" \
    "$labels"
jq -c '.conditions[0] | del(.curve)' "$WORK/out"
if [ "$(jq '.conditions[0] | .unreadable == 0 and .command_acceptance_pct >= 90' "$WORK/out")" = true ]
then ok "coffee-dev: $(jq '.conditions[0].command_acceptance_pct' "$WORK/out")% of orders exactly right"
else not_ok "coffee-dev: command acceptance below 90% or files unreadable"; fi
finish
