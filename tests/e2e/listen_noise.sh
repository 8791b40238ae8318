#!/bin/sh
# `shopspeak listen` in noise: ALSA's file plugin plays two wake-word commands with noise under
# the whole stream, 12 dB below the commands (talk 18 dB); at the default wake threshold both are heard and
# answered. Then the same noise alone for 30 s: no wake word is heard and nothing is acted on.
# Three noises: a steady one made here (white noise: the hiss of a fan, a hood or a tap), talk
# (a television; pocketsphinx-testdata's LibriVox clips), and the kitchen of ../shared/speech/noise
# when that is on the machine (else said and left out).
. "$SOURCE_DIR/tests/e2e/lib.sh"

kitchen="${SHOPSPEAK_SPEECH_DIR:-$SOURCE_DIR/../shared/speech}/noise/kitchen.wav"
sox -n -r 16000 -c 1 -b 16 "$WORK/hiss.wav" synth 100 whitenoise

# rms FILE: the RMS amplitude of FILE (0..1).
rms() { sox "$1" -n stat 2>&1 | awk '/^RMS +amplitude/ { print $3 }'; }
# mix_under SPEECH_RMS OUT.raw FROM SECONDS [SPEECH.wav]: the noise $noise from FROM s for
# SECONDS s, scaled $snr dB below SPEECH_RMS, with SPEECH.wav over it, as raw 16 kHz mono.
mix_under() {
    sox "$noise" "$WORK/noise.wav" trim "$3" "$4"
    gain=$(awk -v s="$1" -v n="$(rms "$WORK/noise.wav")" -v d="$snr" \
        'BEGIN { print s / n / 10 ^ (d / 20) }')
    if [ -n "${5:-}" ]; then
        sox -m "$5" -v "$gain" "$WORK/noise.wav" -t raw -e signed -b 16 -c 1 -r 16000 "$2"
    else
        sox -v "$gain" "$WORK/noise.wav" -t raw -e signed -b 16 -c 1 -r 16000 "$2"
    fi
}

# Two commands, each "hey shop, ...", trimmed of eSpeak's silent ends, 3 s apart.
sox -n -r 16000 -c 1 -b 16 "$WORK/gap.wav" trim 0 1.5
i=0
for text in "hey shop, is the oat milk in stock" "hey shop, what is in my cart"; do
    i=$((i + 1))
    espeak-ng -v en-us -s 160 -w "$WORK/say$i.wav" "$text"
    sox "$WORK/say$i.wav" "$WORK/cmd$i.wav" rate 16000 \
        silence 1 0.01 1% reverse silence 1 0.01 1% reverse
done
sox "$WORK/gap.wav" "$WORK/gap.wav" "$WORK/cmd1.wav" "$WORK/gap.wav" "$WORK/gap.wav" \
    "$WORK/cmd2.wav" "$WORK/gap.wav" "$WORK/gap.wav" "$WORK/speech.wav"
speech_rms=$(rms "$WORK/cmd1.wav")
seconds=$(soxi -D "$WORK/speech.wav")
# run_in NOISE NAME [LEAD [SNR]]: the commands, then the noise alone, with NOISE (a WAV) under
# them, SNR dB below them (default 12); LEAD seconds of the noise alone before the commands.
run_in() {
    noise=$1 name=$2 lead=${3:-0} snr=${4:-12}
    sox -n -r 16000 -c 1 -b 16 "$WORK/lead.wav" trim 0 "$lead"
    sox "$WORK/lead.wav" "$WORK/speech.wav" "$WORK/led.wav"
    mix_under "$speech_rms" "$WORK/commands.raw" 30 "$(soxi -D "$WORK/led.wav")" "$WORK/led.wav"
    mix_under "$speech_rms" "$WORK/noise.raw" 60 30
    for f in commands noise; do
        sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa-$f" "$WORK/$f.raw" >/dev/null
    done

    # The default wake threshold; --reject-below 0 as in every test of eSpeak's voices (lib.sh).
    ALSA_CONFIG_PATH="$WORK/alsa-commands/asound.conf" expect_exit 0 "listen in $name noise" \
        "$SHOPSPEAK" listen --reject-below 0 --confirm-slot-below 0 --duration $((14 + lead))
    n=$(grep -c 'wake word heard' "$WORK/err")
    if [ "$n" -eq 2 ]; then ok "$name: the wake word is heard twice over the noise"; else
        not_ok "$name: the wake word heard $n times, wanted 2"; sed 's/^/    /' "$WORK/err"; fi
    expect_grep 'intent: stock product="oat milk"' "$WORK/out" "$name: the first command is understood"
    expect_grep 'intent: cart_list' "$WORK/out" "$name: the second command is understood"
    n=$(grep -c '^heard:' "$WORK/out")
    if [ "$n" -eq 2 ]; then ok "$name: two commands, no more"; else
        not_ok "$name: $n commands heard, wanted 2"; cat "$WORK/out"; fi
    if grep -q "cannot play" "$WORK/err"; then not_ok "$name: answers played"; else
        ok "$name: the answers played to the null device"; fi

    # The noise alone: no wake word, nothing heard, whatever clatters.
    ALSA_CONFIG_PATH="$WORK/alsa-noise/asound.conf" expect_exit 0 "listen to 30 s of $name noise" \
        "$SHOPSPEAK" listen --duration 30
    if grep -q 'wake word heard' "$WORK/err" || grep -q '^heard:' "$WORK/out"; then
        not_ok "$name: the noise alone set something off"; cat "$WORK/err" "$WORK/out"; else
        ok "$name: the noise alone sets nothing off"; fi
}

run_in "$WORK/hiss.wav" hiss
# A television or a radio talking on (pocketsphinx-testdata's LibriVox clips, three streams at
# once): on for 20 s before the first command, as it would be in a kitchen, and 18 dB under the
# commands (at 12 dB the wake word is not heard over talk).
if sh "$SOURCE_DIR/tests/bench/babble.sh" "$WORK/babble.wav"; then
    sox "$WORK/babble.wav" "$WORK/babble.wav" "$WORK/babble.wav" "$WORK/babble.wav" "$WORK/talk.wav"
    run_in "$WORK/talk.wav" talk 20 18
else
    echo "# no talk: tests/bench/babble.sh could not make it (pocketsphinx-testdata, which make deps installs)"
fi
if [ -f "$kitchen" ]; then run_in "$kitchen" kitchen; else
    echo "# no $kitchen (the shared real speech is not on this machine): the steady noise only"
fi
finish
