#!/bin/sh
# `shopspeak listen --answer-timeout 3`: a reorder asks "Shall I place the order?" and then
# only silence follows (ALSA's file plugin is the microphone). The warning is said, then the
# order is cancelled and said so, and nothing is ordered. The timer counts captured audio, and
# the file plugin is not paced, so this takes no 3 s of real time and asserts no times.
. "$SOURCE_DIR/tests/e2e/lib.sh"

espeak-ng -v en-us -s 160 -w "$WORK/a.wav" "reorder coffee pods"
# 1.5 s of room, the command, then 8 s of silence: more than the 3 s to answer.
sox -n -r 22050 -c 1 -b 16 "$WORK/gap.wav" trim 0 1.5
sox -n -r 22050 -c 1 -b 16 "$WORK/quiet.wav" trim 0 8
sox "$WORK/gap.wav" "$WORK/a.wav" "$WORK/quiet.wav" \
    -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/mic.raw"
sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa" "$WORK/mic.raw" >/dev/null
seconds=$(($(wc -c <"$WORK/mic.raw") / 32000))

expect_exit 0 "orders before" "$SHOPSPEAK" orders
cp "$WORK/out" "$WORK/orders-before"
if [ -s "$WORK/orders-before" ]; then ok "the sample catalog lists its orders"; else
    not_ok "no order listing to compare"; fi

ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 0 "listen --answer-timeout 3" \
    "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation always \
    --duration "$seconds" --earcons off --answer-timeout 3
cat "$WORK/out"
expect_grep 'intent: reorder product="coffee pods"' "$WORK/out" "the reorder is understood"
expect_grep 'Shall I place the order?' "$WORK/out" "and asks for a yes"
expect_grep "^timeout warning: \"Are you still there? I'll cancel this in one second.\"" \
    "$WORK/out" "the warning, half of 3 s before the end (1.5 s, rounded down)"
expect_grep "^timed out: \"I've cancelled the order of .*Nothing was ordered.\"" "$WORK/out" \
    "the cancellation, naming the order"
warn=$(grep -n '^timeout warning:' "$WORK/out" | cut -d: -f1)
gone=$(grep -n '^timed out:' "$WORK/out" | cut -d: -f1)
if [ -n "$warn" ] && [ -n "$gone" ] && [ "$warn" -lt "$gone" ]; then
    ok "the warning comes before the cancellation"; else not_ok "order of warning and cancellation"; fi
n=$(grep -c '^timed out:' "$WORK/out")
if [ "$n" -eq 1 ]; then ok "cancelled once"; else not_ok "cancelled $n times"; fi
if grep -q "cannot play" "$WORK/err"; then not_ok "played"; else ok "warning and cancellation played"; fi

expect_exit 0 "orders after" "$SHOPSPEAK" orders
if cmp -s "$WORK/orders-before" "$WORK/out"; then ok "no order was placed"; else
    not_ok "the orders changed"; diff "$WORK/orders-before" "$WORK/out"; fi

# Without the setting (the default, 0) nothing times out.
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 0 "listen without answer-timeout" \
    "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation always \
    --duration "$seconds" --earcons off
if grep -q '^time' "$WORK/out"; then not_ok "no timeout by default"; else
    ok "no timeout by default"; fi
expect_grep 'Shall I place the order?' "$WORK/out" "(the question was asked)"

finish
