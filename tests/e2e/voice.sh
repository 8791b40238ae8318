#!/bin/sh
# "Speak slower" and "speak faster" change the spoken answers, not only the words: the same
# help answer takes longer after "slower" and less time after "faster" (reply WAV sizes).
. "$SOURCE_DIR/tests/e2e/lib.sh"

expect_exit 0 "slower, then faster" "$SHOPSPEAK" text --reply-dir "$WORK/r" \
    "help" "speak slower" "help" "speed up" "speed up" "help"
size() { wc -c <"$WORK/r/$1-text.wav"; }
normal=$(size 01) slow=$(size 03) fast=$(size 06)
if [ "$slow" -gt $((normal * 11 / 10)) ]; then ok "slower: $slow bytes against $normal"; else
    not_ok "slower: $slow bytes, not over 110% of $normal"; fi
if [ "$fast" -lt $((normal * 9 / 10)) ]; then ok "faster: $fast bytes against $normal"; else
    not_ok "faster: $fast bytes, not under 90% of $normal"; fi
finish
