#!/bin/sh
# `shopspeak listen` through a real PortAudio stream: ALSA's file plugin is the microphone
# (a recording of three commands, one with a pause inside it), the null device the speaker.
# Then the same command on a machine with no audio input: it says so and plays the demo.
. "$SOURCE_DIR/tests/e2e/lib.sh"

espeak-ng -v en-us -s 160 -w "$WORK/a.wav" "reorder coffee pods"
espeak-ng -v en-us+f3 -s 170 -w "$WORK/b.wav" "yes please"
espeak-ng -v en-us -s 160 -w "$WORK/c1.wav" "how much is the"
espeak-ng -v en-us -s 160 -w "$WORK/c2.wav" "oat milk"
# eSpeak pads its output with ~0.2 s of silence at each end: trim it off the two halves of the
# question so the pause inside it is exactly 0.35 s.
for f in c1 c2; do
    sox "$WORK/$f.wav" "$WORK/$f-trim.wav" silence 1 0.01 1% reverse silence 1 0.01 1% reverse
done
# 1.5 s of room, command, 1.5 s gap, answer, 1.5 s gap, a question with a 0.35 s pause inside.
sox -n -r 22050 -c 1 -b 16 "$WORK/gap.wav" trim 0 1.5
sox -n -r 22050 -c 1 -b 16 "$WORK/pause.wav" trim 0 0.35
sox "$WORK/gap.wav" "$WORK/a.wav" "$WORK/gap.wav" "$WORK/b.wav" "$WORK/gap.wav" \
    "$WORK/c1-trim.wav" "$WORK/pause.wav" "$WORK/c2-trim.wav" "$WORK/gap.wav" "$WORK/gap.wav" \
    -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/mic.raw"
sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa" "$WORK/mic.raw" >/dev/null
seconds=$(($(wc -c <"$WORK/mic.raw") / 32000))

ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" \
    expect_exit 0 "listen through the ALSA file plugin" \
    "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation always --duration "$seconds" --timeline yes
cat "$WORK/out"
# --timeline: one line an answer, its stages in the order they happen (no times asserted; the
# decoding may end before the end of the command, during its trailing silence: decode-early).
n=$(grep 'timeline utterance' "$WORK/err" | sed 's/.*mic paused//; s/ms$//' | tr -c -- '-0-9.\n' ' ' |
    awk '{ ok = NF == 6 && $1 >= 0; for (i = 3; i <= NF; i++) if ($i < $(i - 1)) ok = 0; n += ok }
         END { print n + 0 }')
if [ "$n" -eq 3 ]; then ok "--timeline: three answers, stages in order"; else
    not_ok "--timeline: $n good lines"; grep timeline "$WORK/err"; fi
expect_grep 'intent: reorder product="coffee pods"' "$WORK/out" "first command understood"
expect_grep 'intent: yes' "$WORK/out" "the confirmation understood"
expect_grep 'Your order number is' "$WORK/out" "the order was placed after yes"
expect_grep "Oatly Oat Milk costs" "$WORK/out" "a command with a pause is one command, understood"
if grep -q "cannot play" "$WORK/err"; then not_ok "answers played"; else ok "answers played to the null device"; fi
n=$(grep -c '^heard:' "$WORK/out")
if [ "$n" -eq 3 ]; then ok "three utterances, no split"; else not_ok "$n utterances, wanted 3"; fi

# Decoding when the command ends instead of during its trailing silence: the same words and
# intents heard (the answers differ: the first run placed an order).
grep -E '^(heard|intent):' "$WORK/out" >"$WORK/out-early"
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" \
    expect_exit 0 "listen --decode-early no" \
    "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation always --duration "$seconds" --decode-early no
grep -E '^(heard|intent):' "$WORK/out" >"$WORK/out-late"
if [ -s "$WORK/out-late" ] && cmp -s "$WORK/out-late" "$WORK/out-early"; then
    ok "decode-early on and off: the same words and intents"; else
    not_ok "decode-early changes what is heard"; diff "$WORK/out-early" "$WORK/out-late"; fi

# Half duplex off: the microphone is read while each answer plays (firmware/held.c) and that
# audio is taken after it, so the same three commands are heard, none lost or split. Played on
# the test speaker that records (tests/alsa): it holds what was played last (the file plugin
# starts the file afresh for each stream), the last answer, all of it.
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" \
    expect_exit 0 "listen --half-duplex false" \
    "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation always --duration "$seconds" \
    --half-duplex false --earcons off --output shopspeak_speaker --reply-dir "$WORK/replies"
grep -E '^(heard|intent):' "$WORK/out" >"$WORK/out-full"
if [ -s "$WORK/out-full" ] && cmp -s "$WORK/out-full" "$WORK/out-early"; then
    ok "half duplex off: the same words and intents"; else
    not_ok "half duplex off changes what is heard"; diff "$WORK/out-early" "$WORK/out-full"; fi
said=$(soxi -D "$(ls "$WORK"/replies/*.wav | tail -1)")
played=$(sox -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/alsa/speaker.raw" -n stat 2>&1 |
    awk '/^Length/ { print $3 }')
rms=$(sox -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/alsa/speaker.raw" -n stat 2>&1 |
    awk '/^RMS +amplitude/ { print $3 }')
if awk -v s="$said" -v p="$played" -v r="$rms" 'BEGIN { exit !(s > 3 && p > 0.95 * s && p < 1.05 * s && r > 0.02) }'; then
    ok "the speaker got the last answer: $played s played of $said s"; else
    not_ok "played $played s (RMS $rms) of a $said s answer"; fi

# Ctrl-C stops listening cleanly: the devices are closed and the exit is 0. The err file is
# emptied first: the background job's own redirection may come after the wait below has read
# the last run's "listening" and sent SIGINT too early, while it is still ignored.
: >"$WORK/err"
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation always >"$WORK/out" 2>"$WORK/err" </dev/null &
pid=$!
# Until the handler is in place (it prints "listening"): before, SIGINT is ignored, as for any
# background job of a non-interactive shell. Up to 2 minutes: a sanitizer build on a loaded
# machine has taken more than 30 s to load the models.
for _ in $(seq 1 1200); do grep -q "listening" "$WORK/err" && break; sleep 0.1; done
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
if [ $rc -eq 0 ] && grep -q "stopped" "$WORK/err"; then ok "Ctrl-C stops listening (exit 0)"; else
    not_ok "Ctrl-C: exit $rc"; cat "$WORK/err"; fi

# The demo says "yes" to a reorder: that order is placed on a copy of the catalog, never in the
# real one (a speaker whose microphone is missing at boot must not order coffee pods).
expect_exit 0 "orders before the demo" "$SHOPSPEAK" orders
cp "$WORK/out" "$WORK/orders-before-demo"
mkdir -p "$WORK/tmp"
ALSA_CONFIG_PATH="$WORK/alsa/nodevice.conf" TMPDIR="$WORK/tmp" \
    expect_exit 0 "listen with no audio input" "$SHOPSPEAK" listen
expect_grep '^No audio input found' "$WORK/out" "says there is no input, in one line"
expect_grep 'intent: stock' "$WORK/out" "the demo runs the pipeline"
expect_grep 'Your order number is' "$WORK/out" "the demo's reorder is placed (on its copy)"
n=$(ls "$XDG_DATA_HOME"/shopspeak/demo/*.wav 2>/dev/null | wc -l)
if [ "$n" -ge 5 ]; then ok "the demo wrote $n answer WAVs"; else not_ok "demo wrote $n WAVs"; fi
expect_exit 0 "orders after the demo" "$SHOPSPEAK" orders
if cmp -s "$WORK/orders-before-demo" "$WORK/out"; then ok "the demo ordered nothing for real"; else
    not_ok "the demo changed the real orders"; diff "$WORK/orders-before-demo" "$WORK/out"; fi
if [ -z "$(ls -A "$WORK/tmp")" ]; then ok "the demo's copy of the catalog is removed"; else
    not_ok "left behind: $(ls "$WORK/tmp")"; fi

# A listener who slowed the voice (kept in the catalog) slows the answers, not the demo's
# shopper: at 90 words a minute its "help" (its last line then) was heard as "the usual".
for _ in 1 2 3 4; do "$SHOPSPEAK" text "speak slower" >/dev/null 2>&1; done
expect_exit 0 "the demo after speak slower" "$SHOPSPEAK" demo
said=$(sed -n 's/^shopper says: //p' "$WORK/out")
heard=$(sed -n 's/^heard:  //p' "$WORK/out")
if [ -n "$said" ] && [ "$said" = "$heard" ]; then ok "the demo's shopper is heard as said with a slow voice"; else
    not_ok "the demo with a slow voice heard other words"; cat "$WORK/out"; fi

# The wake word: "hey shop, is the oat milk in stock" is a command; the same question without
# it is not acted on (the keyword spotter proposes, the check of grammar/wake.c decides;
# docs/BENCHMARKS.md). Both at threshold 0.3, under the default 0.5 (real speakers score
# higher): eSpeak's "hey shop" in this stream scores 0.59 with the dither lib.sh seeds, but
# 0.30-0.63 over 30 random dithers, so the test failed about 1 run in 12 before the seed.
espeak-ng -v en-us -s 160 -w "$WORK/wake.wav" "hey shop, is the oat milk in stock"
espeak-ng -v en-us -s 160 -w "$WORK/nowake.wav" "is the oat milk in stock"
for f in wake nowake; do
    sox "$WORK/gap.wav" "$WORK/gap.wav" "$WORK/$f.wav" "$WORK/gap.wav" "$WORK/gap.wav" \
        -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/$f.raw"
    sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa-$f" "$WORK/$f.raw" >/dev/null
done
ALSA_CONFIG_PATH="$WORK/alsa-wake/asound.conf" expect_exit 0 "listen --activation wake" \
    "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation wake \
    --wake-threshold 0.3 --duration 8
expect_grep 'wake word heard' "$WORK/err" "the wake word is heard"
expect_grep 'heard:  "is the oat milk in stock"' "$WORK/out" "the command after it, without it"
expect_grep 'intent: stock product="oat milk"' "$WORK/out" "is understood"
ALSA_CONFIG_PATH="$WORK/alsa-nowake/asound.conf" expect_exit 0 "the same without the wake word" \
    "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation wake \
    --wake-threshold 0.3 --duration 8
if grep -q '^heard:' "$WORK/out" || grep -q 'wake word heard' "$WORK/err"; then
    not_ok "without the wake word nothing is acted on"; cat "$WORK/out"; else
    ok "without the wake word nothing is acted on"; fi

# Woken, then only clatter (bursts of white noise, no voice): nothing is decoded, and when the
# time for a command runs out the shopper hears that it was not understood, not silence.
# (At 140 words a minute: the spotter proposes eSpeak's "hey shop" alone at 140, not at 130
# or 160; this one scores 0.59 in the check.)
espeak-ng -v en-us -s 140 -w "$WORK/hey.wav" "hey shop"
sox -n -r 22050 -c 1 -b 16 "$WORK/burst.wav" synth 0.3 whitenoise vol 0.3
sox "$WORK/gap.wav" "$WORK/gap.wav" "$WORK/hey.wav" "$WORK/gap.wav" "$WORK/burst.wav" \
    "$WORK/gap.wav" "$WORK/burst.wav" "$WORK/gap.wav" "$WORK/gap.wav" "$WORK/gap.wav" \
    -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/clatter.raw"
sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa-clatter" "$WORK/clatter.raw" >/dev/null
ALSA_CONFIG_PATH="$WORK/alsa-clatter/asound.conf" expect_exit 0 "woken, then clatter" \
    "$SHOPSPEAK" listen --wake-threshold 0.3 --wake-timeout 2.5 --duration 10
expect_grep 'wake word heard' "$WORK/err" "the wake word is heard before the clatter"
expect_grep "^answer: \"Sorry, I didn't catch that" "$WORK/out" \
    "the clatter is no command, and the shopper is told"
# Asked to say it again, it listens once more without the wake word; the second burst there
# is told too, with what to say, and then it waits for the wake word (no third "sorry").
expect_grep 'asked to say it again: listening for a command' "$WORK/err" \
    "after the first sorry it listens again"
expect_grep "^answer: \"Sorry, I still didn't catch that. You can say" "$WORK/out" \
    "the second clatter is told, with what to say"
expect_grep '^heard:  (no words)$' "$WORK/out" "what was heard is said to be no words, not \"\""
n=$(grep -c '^answer:' "$WORK/out")
if [ "$n" -eq 2 ]; then ok "told twice, not more"; else not_ok "$n answers, wanted 2"; cat "$WORK/out"; fi
if grep -q '^stopped listening' "$WORK/out"; then not_ok "told, and a stop tone besides"; else
    ok "no stop tone after being told"; fi
# "hey shop" alone, then quiet: the last sound of the wake word is no command, and quiet after
# it is no reason to answer.
sox "$WORK/gap.wav" "$WORK/gap.wav" "$WORK/hey.wav" "$WORK/gap.wav" "$WORK/gap.wav" \
    "$WORK/gap.wav" -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/heyonly.raw"
sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa-heyonly" "$WORK/heyonly.raw" >/dev/null
ALSA_CONFIG_PATH="$WORK/alsa-heyonly/asound.conf" expect_exit 0 "the wake word alone" \
    "$SHOPSPEAK" listen --wake-threshold 0.3 --wake-timeout 2.5 --duration 8
expect_grep 'wake word heard' "$WORK/err" "the wake word alone is heard"
if grep -q '^heard:' "$WORK/out"; then not_ok "the wake word's own end was taken for a command"
    cat "$WORK/out"; else ok "nothing after the wake word, nothing answered"; fi
expect_grep '^stopped listening: no command followed' "$WORK/out" \
    "when the wake timeout runs out the shopper hears that listening stopped"
n=$(grep -c '^stopped listening' "$WORK/out")
if [ "$n" -eq 1 ]; then ok "once"; else not_ok "stopped listening $n times, wanted 1"; fi

# Push to talk: Enter, then the question (no wake word needed).
ALSA_CONFIG_PATH="$WORK/alsa-nowake/asound.conf" "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation ptt \
    --duration 8 >"$WORK/out" 2>"$WORK/err" <<EOT

EOT
expect_grep 'Enter: listening for a command' "$WORK/err" "ptt: Enter arms listen"
expect_grep 'intent: stock product="oat milk"' "$WORK/out" "ptt: the question after Enter is answered"
# A question is answered without the key (or the wake word): Enter once, "reorder coffee pods",
# and the "yes please" after "Shall I place the order?" is heard as it is. The question after
# that, with no Enter, is not.
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 \
    --activation ptt --duration "$seconds" >"$WORK/out" 2>"$WORK/err" <<EOT

EOT
expect_grep 'Shall I place the order' "$WORK/out" "ptt: the reorder asks for a yes"
expect_grep 'a question waits for its answer: listening' "$WORK/err" "and listens for the answer"
expect_grep 'Your order number is' "$WORK/out" "the yes without a key press places the order"
n=$(grep -c '^heard:' "$WORK/out")
if [ "$n" -eq 2 ]; then ok "then it waits for the key again"; else
    not_ok "$n utterances taken, wanted 2"; cat "$WORK/out"; fi
# The GPIO button: no GPIO chip here (no gpio-sim module), so only the failures are tested: a chip
# that cannot be opened is one line naming it (exit 6); a build without libgpiod says so (exit 2).
if [ "${SHOPSPEAK_HAVE_GPIO:-0}" = 1 ]; then
    ALSA_CONFIG_PATH="$WORK/alsa-nowake/asound.conf" expect_exit 6 "ptt-key gpio, no such chip" \
        "$SHOPSPEAK" listen --activation ptt --ptt-key gpio --gpio-chip gpiochip-none --gpio-line 4 --duration 1
    expect_one_line_error "ptt-key gpio, no such chip"
    expect_grep "GPIO chip 'gpiochip-none'" "$WORK/err" "the error names the chip"
    printf '[activation]\nactivation = ptt\nptt-key = gpio\ngpio-chip = /dev/null\n' >"$WORK/gpio.ini"
    ALSA_CONFIG_PATH="$WORK/alsa-nowake/asound.conf" expect_exit 6 "ptt-key gpio from the settings file" \
        "$SHOPSPEAK" listen --config "$WORK/gpio.ini" --duration 1
    expect_grep "GPIO chip '/dev/null'" "$WORK/err" "the settings file's gpio-chip is used"
else
    ALSA_CONFIG_PATH="$WORK/alsa-nowake/asound.conf" expect_exit 2 "ptt-key gpio is refused (not built)" \
        "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --activation ptt --ptt-key gpio --duration 1
    expect_one_line_error "ptt-key gpio"
fi
ALSA_CONFIG_PATH="$WORK/alsa-nowake/asound.conf" expect_exit 5 "a wake word outside the dictionary" \
    "$SHOPSPEAK" listen --wake-word "hey zqxshop" --duration 1
expect_grep 'not in the pronunciation dictionary' "$WORK/err" "says which word"

finish
