#!/bin/sh
# listen_cpu.sh BUILD [MINUTES] - the CPU that `shopspeak listen` takes while it waits for the
# wake word. MINUTES (default 10) of audio without the wake word: the real one-second words of
# ../shared/speech/words-dev (each followed by 0.5 s of room), shop sentences synthesised with
# eSpeak NG, and kitchen noise from ../shared/speech/noise at a low level, looped to length;
# the microphone is ALSA's file plugin, which delivers it as fast as it is read. The process
# CPU time (user + system, /usr/bin/time) of the run, less that of a run over 0.1 s of the same
# (start-up: model, grammar, catalog), over the audio's duration is the share of one core that
# listening takes in real time. The same with --activation ptt (endpointer only, no spotter)
# shows what the spotter costs. A false activation leads to a decode, as it would in a room.
set -eu
build=${1:-build}
minutes=${2:-10}
shopspeak="$build/firmware/shopspeak"
[ -x "$shopspeak" ] || { echo "listen_cpu.sh: build $shopspeak first" >&2; exit 1; }
here=$(cd "$(dirname "$0")/../.." && pwd)
speech=${SHOPSPEAK_SPEECH_DIR:-$here/../shared/speech}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"

sox -R -n -r 16000 -c 1 -b 16 "$work/room.wav" synth 0.5 whitenoise vol 0.003
set --
if [ -d "$speech/words-dev" ]; then
    for f in $(find "$speech/words-dev" -name '*.wav' | sort); do set -- "$@" "$f" "$work/room.wav"; done
else
    echo "listen_cpu.sh: $speech/words-dev not found: synthesised speech only" >&2
fi
i=0
for s in "how much are the lavazza espresso beans" "they shopped for groceries yesterday" \
    "hey there, how are you today" "let's go to the shop" "what is on special this week"; do
    i=$((i + 1))
    espeak-ng -v en-us -w "$work/s$i.wav" "$s"
    sox "$work/s$i.wav" -r 16000 "$work/t$i.wav"
    set -- "$@" "$work/t$i.wav" "$work/room.wav"
done
if [ -f "$speech/noise/kitchen.wav" ]; then
    sox "$speech/noise/kitchen.wav" -r 16000 -c 1 "$work/kitchen.wav" trim 0 30 vol 0.1
    set -- "$@" "$work/kitchen.wav"
fi
sox "$@" -r 16000 -c 1 -b 16 "$work/one.wav"
one=$(soxi -D "$work/one.wav")
loops=$(awk -v m="$minutes" -v o="$one" 'BEGIN { n = int(m * 60 / o) + 1; print n }')
sox "$work/one.wav" -t raw -e signed -b 16 -c 1 -r 16000 "$work/mic.raw" repeat $((loops - 1))
seconds=$((minutes * 60))
sh "$here/tests/alsa/make-asoundrc.sh" "$work/alsa" "$work/mic.raw" >/dev/null

cpu() { # cpu DURATION ACTIVATION: user+system seconds of one run
    ALSA_CONFIG_PATH="$work/alsa/asound.conf" /usr/bin/time -f '%U %S' -o "$work/time" \
        "$shopspeak" listen --activation "$2" --duration "$1" >"$work/out" 2>"$work/err" </dev/null
    awk '{ printf "%.2f", $1 + $2 }' "$work/time"
}
printf '%s min of audio without the wake word (a %.0f s loop)\n\n' "$minutes" "$one"
printf '| activation | CPU s (run) | CPU s (start-up) | share of one core while listening | wake words / commands heard |\n'
printf '| --- | --- | --- | --- | --- |\n'
for mode in wake ptt; do
    base=$(cpu 0.1 $mode)
    run=$(cpu "$seconds" $mode)
    wakes=$(grep -c 'wake word heard' "$work/err" || true)
    heard=$(grep -c '^heard:' "$work/out" || true)
    awk -v m="$mode" -v r="$run" -v b="$base" -v s="$seconds" -v w="$wakes" -v h="$heard" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.1f%% | %d / %d |\n", m, r, b, 100 * (r - b) / s, w, h }'
done
