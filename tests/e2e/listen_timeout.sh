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
expect_grep "^timeout warning: \"Are you still there? Say yes to place the order.* Otherwise I'll cancel this in one second.\"" \
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

# ptt_run NAME SECONDS "FLAGS" WAV...: the WAVs one after another as the microphone, listen with
# push to talk and one Enter at the start; stdout and stderr into $WORK/out and $WORK/err.
ptt_run() {
    name=$1 secs=$2 flags=$3
    shift 3
    sox "$@" -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/$name.raw"
    sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa-$name" "$WORK/$name.raw" >/dev/null
    # shellcheck disable=SC2086
    echo | ALSA_CONFIG_PATH="$WORK/alsa-$name/asound.conf" "$SHOPSPEAK" listen --reject-below 0 \
        --confirm-slot-below 0 --activation ptt --duration "$secs" $flags >"$WORK/out" 2>"$WORK/err"
}

# With push to talk (the same holds for the wake word): the answer may come without the key,
# also after listening lapsed, once the warning has asked again; and once the question is
# dropped, the next command needs the key again.
espeak-ng -v en-us -s 160 -w "$WORK/yes.wav" "yes please"
espeak-ng -v en-us -s 160 -w "$WORK/q.wav" "is the oat milk in stock"
sox -n -r 22050 -c 1 -b 16 "$WORK/g35.wav" trim 0 3.5
sox -n -r 22050 -c 1 -b 16 "$WORK/g4.wav" trim 0 4
# Enter; the reorder; 3.5 s: listening lapses at 2 s, the warning (half of 6 s) asks again at
# 3 s; "yes please" is taken.
ptt_run late 12 "--wake-timeout 2 --answer-timeout 6" \
    "$WORK/gap.wav" "$WORK/a.wav" "$WORK/g35.wav" "$WORK/yes.wav" "$WORK/g4.wav"
expect_grep '^stopped listening' "$WORK/out" "ptt: listening lapses before the answer comes"
expect_grep '^timeout warning:' "$WORK/out" "ptt: the warning asks again"
expect_grep 'Your order number is' "$WORK/out" "and the yes after it, with no key, places the order"
# Enter; the reorder; 4 s of nothing (answer-timeout 3: dropped); a question with no key.
ptt_run drop 12 "--answer-timeout 3" "$WORK/gap.wav" "$WORK/a.wav" "$WORK/g4.wav" "$WORK/q.wav" \
    "$WORK/gap.wav" "$WORK/gap.wav"
expect_grep '^timed out:' "$WORK/out" "ptt: the question times out"
expect_grep 'the question was dropped; waiting for the key' "$WORK/err" "and listen says so"
if grep -q 'oat milk' "$WORK/out"; then not_ok "a command with no key after the drop was taken"
else ok "the command after the drop, with no key, is not taken"; fi

# Not understood twice in a row (clatter after the question): asked again once, then it waits
# for the key; a "yes" after that, with no key, does not place the order (a television going on
# would otherwise be listened to, and answered, for ever).
sox -n -r 22050 -c 1 -b 16 "$WORK/burst.wav" synth 0.3 whitenoise vol 0.3
sox -n -r 22050 -c 1 -b 16 "$WORK/g1.wav" trim 0 1
ptt_run tv 14 "--wake-timeout 2" "$WORK/gap.wav" "$WORK/a.wav" "$WORK/gap.wav" "$WORK/burst.wav" \
    "$WORK/g1.wav" "$WORK/burst.wav" "$WORK/gap.wav" "$WORK/yes.wav" "$WORK/g4.wav"
n=$(grep -c '^answer: "Sorry' "$WORK/out")
if [ "$n" -eq 2 ]; then ok "two clatters: told twice"; else not_ok "$n sorries, wanted 2"; cat "$WORK/out"; fi
n=$(grep -c 'a question waits for its answer: listening' "$WORK/err")
if [ "$n" -eq 2 ]; then ok "listened for the answer after the question and once after a miss"
else not_ok "listened for the answer $n times, wanted 2"; cat "$WORK/err"; fi
if grep -q 'Your order number is' "$WORK/out"; then not_ok "a yes after that, with no key, ordered"
else ok "the yes after that, with no key, is not taken"; fi

finish
