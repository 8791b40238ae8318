#!/bin/sh
# Barge-in: while the answer plays, the microphone (ALSA's file plugin) hears that answer (the
# echo: the same audio at -8 dB, 0.1 s late) and, 5.5 s into it, the shopper saying "stop"
# (the canceller needs about 2.5 s of the answer to converge the first time).
# With barge-in on, the echo canceller takes the answer out and "stop" cuts it; the echo alone
# cuts nothing; with barge-in off (half duplex) the microphone is paused and nothing is cut.
. "$SOURCE_DIR/tests/e2e/lib.sh"

espeak-ng -v en-us -s 160 -w "$WORK/cmd.wav" "how much are the lavazza espresso beans"
sox "$WORK/cmd.wav" -r 16000 "$WORK/cmd16.wav" silence 1 0.01 1% reverse silence 1 0.01 1% reverse
sox -n -r 16000 -c 1 -b 16 "$WORK/gap.wav" trim 0 1.5
sox -n -r 16000 -c 1 -b 16 "$WORK/gap07.wav" trim 0 0.7

# The answer, exactly as listen speaks it: one run without barge-in, writing it to a WAV.
sox "$WORK/gap.wav" "$WORK/cmd16.wav" "$WORK/gap.wav" "$WORK/gap.wav" \
    -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/a.raw"
sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa-a" "$WORK/a.raw" >/dev/null
mkdir -p "$WORK/reply"
ALSA_CONFIG_PATH="$WORK/alsa-a/asound.conf" XDG_DATA_HOME="$WORK/data-a" expect_exit 0 \
    "the answer recorded" "$SHOPSPEAK" listen --activation always --reject-below 0 --confirm-slot-below 0 \
    --reply-dir "$WORK/reply" --duration 5
expect_grep 'Lavazza Espresso Beans costs' "$WORK/out" "the question is answered"
sox "$WORK"/reply/*.wav -r 16000 "$WORK/echo.wav" vol 0.4

espeak-ng -v en-us -s 150 -w "$WORK/stop.wav" "stop"
sox "$WORK/stop.wav" -r 16000 "$WORK/stop16.wav" pad 5.5
# Once the speaker stops, so does its echo: the recording ends with the word "stop".
sox -m "$WORK/echo.wav" "$WORK/stop16.wav" "$WORK/echo-stop.wav" trim 0 6.4
for v in echo echo-stop; do
    # The echo starts 0.7 s after the question: 0.1 s after playback starts (0.6 s of silence).
    sox "$WORK/gap.wav" "$WORK/cmd16.wav" "$WORK/gap07.wav" "$WORK/$v.wav" "$WORK/gap.wav" \
        "$WORK/gap.wav" -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/$v.raw"
    sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa-$v" "$WORK/$v.raw" >/dev/null
done
seconds=$(($(wc -c <"$WORK/echo.raw") / 32000))

ALSA_CONFIG_PATH="$WORK/alsa-echo-stop/asound.conf" XDG_DATA_HOME="$WORK/data-b" expect_exit 0 \
    "barge-in, stop said over the answer" "$SHOPSPEAK" listen --activation always \
    --reject-below 0 --confirm-slot-below 0 --barge-in yes --duration "$seconds"
expect_grep 'stopped speaking (heard "stop")' "$WORK/err" "stop cuts the answer"
n=$(grep -c '^heard:' "$WORK/out")
if [ "$n" -eq 1 ]; then ok "stop is not taken for a command"; else not_ok "$n turns, wanted 1"; cat "$WORK/out"; fi

ALSA_CONFIG_PATH="$WORK/alsa-echo/asound.conf" XDG_DATA_HOME="$WORK/data-c" expect_exit 0 \
    "barge-in, the echo alone" "$SHOPSPEAK" listen --activation always \
    --reject-below 0 --confirm-slot-below 0 --barge-in yes --duration "$seconds"
if grep -q 'stopped speaking' "$WORK/err"; then not_ok "the echo alone cut the answer"; cat "$WORK/err"; else
    ok "the echo alone does not cut the answer"; fi

ALSA_CONFIG_PATH="$WORK/alsa-echo-stop/asound.conf" XDG_DATA_HOME="$WORK/data-d" expect_exit 0 \
    "half duplex, stop said over the answer" "$SHOPSPEAK" listen --activation always \
    --reject-below 0 --confirm-slot-below 0 --duration "$seconds"
if grep -q 'stopped speaking' "$WORK/err"; then not_ok "half duplex cut the answer"; else
    ok "half duplex: the microphone is paused, nothing is cut"; fi

finish
