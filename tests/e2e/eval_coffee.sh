#!/bin/sh
# shopspeak eval over the 200 real coffee orders of coffee-dev with grammar/cafe.gram, clean:
# at least 90% of the orders exactly right, and a sane slot confidence curve (what
# confirm-slot-below would confirm); and every fourth order under a loud steady hiss, which the
# recognizer takes out before decoding (grammar/denoise.c). Skips (77) without the shared speech.
. "$SOURCE_DIR/tests/e2e/lib.sh"

labels="${SHOPSPEAK_SPEECH_DIR:-$SOURCE_DIR/../shared/speech}/coffee-dev/labels.jsonl"
if [ ! -f "$labels" ]; then
    echo "skipped: no $labels (the shared real speech is not on this machine)"
    exit 77
fi
expect_exit 0 "eval coffee-dev" "$SHOPSPEAK" eval --json --grammar "$SOURCE_DIR/grammar/cafe.gram" \
    "$labels"
jq -c '.conditions[0] | del(.curve, .slot_confidence)' "$WORK/out"
if [ "$(jq '.conditions[0] | .unreadable == 0 and .command_acceptance_pct >= 90' "$WORK/out")" = true ]
then ok "coffee-dev: $(jq '.conditions[0].command_acceptance_pct' "$WORK/out")% of orders exactly right"
else not_ok "coffee-dev: command acceptance below 90% or files unreadable"; fi

# Slot confidence against confirm-slot-below: a threshold that rises confirms more slots, right
# and wrong alike, and the wrong slots score lower than the right ones (or there would be no
# point in asking about the unsure ones).
s='.conditions[0].slot_confidence'
jq -c "$s | del(.curve)" "$WORK/out"
check() {
    if [ "$(jq "$1" "$WORK/out")" = true ]; then ok "$2"; else not_ok "$2: not ($1)"; fi
}
check "$s | .right_slots > 300 and .wrong_slots > 0" "slot confidence: right and wrong slots counted"
check "$s.curve | length == 19 and .[0].threshold == 0.05 and .[18].threshold == 0.95" \
    "slot confidence: a curve of 19 thresholds, 0.05 to 0.95"
for k in wrong_slots_caught_pct right_slots_asked_pct wrong_commands_caught_pct \
    right_commands_asked_pct; do
    check "[$s.curve[].$k] | . == sort and all(. >= 0 and . <= 100)" \
        "slot confidence: $k never falls as the threshold rises"
done
check "$s | .mean_wrong < .mean_right" "slot confidence: wrong slots score lower than right ones"
check "$s | ([.curve[].wrong_slots_caught_pct] | add) > ([.curve[].right_slots_asked_pct] | add)" \
    "slot confidence: over the curve, wrong slots are confirmed more often than right ones"
# A loud steady noise: white noise at 12 dB (the benchmark's SNR). PocketSphinx alone got 14 of
# these 50 orders right (28%), with the steady background taken out first 33 (66%).
jq -c 'select(input_line_number % 4 == 1)' "$labels" >"$WORK/quarter.jsonl"
sox -R -n -r 16000 -b 16 -c 1 "$WORK/white.wav" synth 60 whitenoise vol 0.3
expect_exit 0 "eval coffee-dev under white noise" "$SHOPSPEAK" eval --json \
    --grammar "$SOURCE_DIR/grammar/cafe.gram" --audio-dir "$(dirname "$labels")/wav" \
    --noise "$WORK/white.wav" --snr 12 "$WORK/quarter.jsonl"
check ".commands == 50 and .conditions[1].command_acceptance_pct >= 45" \
    "white noise at 12 dB: $(jq '.conditions[1].command_acceptance_pct' "$WORK/out")% of 50 orders right (>= 45%)"
finish
