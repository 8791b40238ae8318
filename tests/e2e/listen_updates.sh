#!/bin/sh
# `shopspeak listen` says the updates not announced before on its own, before it listens for
# the first command (ALSA's file plugin is the microphone): "You have one update" is a line of
# its own, the first answer has no such prefix, and a second session does not say it again.
. "$SOURCE_DIR/tests/e2e/lib.sh"

espeak-ng -v en-us -s 160 -w "$WORK/q.wav" "how much is the oat milk"
sox -n -r 22050 -c 1 -b 16 "$WORK/gap.wav" trim 0 1.5
sox "$WORK/gap.wav" "$WORK/q.wav" "$WORK/gap.wav" -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/mic.raw"
sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa" "$WORK/mic.raw" >/dev/null
seconds=$(($(wc -c <"$WORK/mic.raw") / 32000))
run() {
    ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 0 "$1" "$SHOPSPEAK" listen \
        --reject-below 0 --confirm-slot-below 0 --activation always --duration "$seconds" --earcons off
}

# The sample catalog has one notification nobody was told about.
run "listen with an update pending"
cat "$WORK/out"
first=$(grep -E '^(greeting|heard):' "$WORK/out" | head -1)
case "$first" in
greeting:*"You have one update"*) ok "the update is said before listening" ;;
*) not_ok "first line: $first" ;;
esac
expect_grep 'answer: "Oatly Oat Milk costs' "$WORK/out" "the first answer is the answer alone"

run "listen again"
if grep -q '^greeting:' "$WORK/out"; then not_ok "announced twice"; else
    ok "a second session does not say it again"; fi
expect_grep 'answer: "Oatly Oat Milk costs' "$WORK/out" "and answers"
finish
