#!/bin/sh
# "Speak slower" and "speak faster" change the spoken answers, not only the words: the same
# help answer takes longer after "slower" and less time after "faster" (reply WAV sizes).
. "$SOURCE_DIR/tests/e2e/lib.sh"

# Hear the sample's notifications first, so no answer below starts with "You have N updates".
expect_exit 0 "notifications heard" "$SHOPSPEAK" text "what did I miss"
expect_exit 0 "slower, then faster" "$SHOPSPEAK" text --reply-dir "$WORK/r" \
    "help" "speak slower" "help" "speed up" "speed up" "help"
size() { wc -c <"$WORK/r/$1-text.wav"; }
normal=$(size 01) slow=$(size 03) fast=$(size 06)
if [ "$slow" -gt $((normal * 11 / 10)) ]; then ok "slower: $slow bytes against $normal"; else
    not_ok "slower: $slow bytes, not over 110% of $normal"; fi
if [ "$fast" -lt $((normal * 9 / 10)) ]; then ok "faster: $fast bytes against $normal"; else
    not_ok "faster: $fast bytes, not under 90% of $normal"; fi

# The voice is kept in the catalog's settings: a second process speaks at the rate the first
# one was asked for, without being asked again.
export XDG_DATA_HOME="$WORK/kept"
db="$XDG_DATA_HOME/shopspeak/catalog.db"
expect_exit 0 "notifications heard" "$SHOPSPEAK" text "what did I miss"
expect_exit 0 "first run: help, then speak slower" "$SHOPSPEAK" text \
    --reply-dir "$WORK/k1" "help" "speak slower"
rate=$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'voice_rate'")
if [ "$rate" = 145 ]; then ok "voice_rate 145 stored"; else not_ok "voice_rate is '$rate', not 145"; fi
expect_exit 0 "second run: help" "$SHOPSPEAK" text --reply-dir "$WORK/k2" "help"
first=$(wc -c <"$WORK/k1/01-text.wav") again=$(wc -c <"$WORK/k2/01-text.wav")
if [ "$again" -gt $((first * 11 / 10)) ]; then ok "still slower after a restart: $again bytes against $first"; else
    not_ok "after a restart: $again bytes, not over 110% of $first"; fi
expect_exit 0 "third run: speak faster" "$SHOPSPEAK" text "speak faster"
rate=$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'voice_rate'")
if [ "$rate" = 175 ]; then ok "back to 175"; else not_ok "voice_rate is '$rate', not 175"; fi
finish
