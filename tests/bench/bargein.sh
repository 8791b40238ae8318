#!/bin/sh
# bargein.sh - how often "stop" said over an answer cuts it (barge-in), and how often the
# answer's own echo cuts it by mistake. Real `shopspeak listen --barge-in yes` runs through
# ALSA's file plugin (tests/alsa): the microphone hears the answer as played (echo at a level
# and a delay) and, at a quarter, half and three quarters of the way through, "stop" in one of
# several eSpeak NG voices. Prints one table; record it in docs/BENCHMARKS.md ("Barge-in").
#
# Usage: tests/bench/bargein.sh BUILD_DIR
#   BARGEIN_VOICES (default "en-us en-gb+f3 en-us+m3 en-us+f2"), BARGEIN_ECHO (linear gains of
#   the echo, default "0.4 0.8": -8 and -2 dB), BARGEIN_WORK=DIR keeps the files.
# Real time: each run lasts as long as its recording (about 10 s); 2 x 4 x 3 + 2 runs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
shopspeak=$build/firmware/shopspeak
[ -x "$shopspeak" ] || { echo "$0: build first: no $shopspeak" >&2; exit 2; }
for tool in sox espeak-ng; do
    command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 2; }
done
voices=${BARGEIN_VOICES:-en-us en-gb+f3 en-us+m3 en-us+f2}
echoes=${BARGEIN_ECHO:-0.4 0.8}
if [ -n "${BARGEIN_WORK:-}" ]; then
    work=$BARGEIN_WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
say() { echo "bargein.sh: $*" >&2; }

# listen_on WAV NAME: shopspeak listen over WAV (the microphone); stderr into NAME.err.
listen_on() {
    sox "$1" -t raw -e signed -b 16 -c 1 -r 16000 "$work/$2.raw"
    sh "$root/tests/alsa/make-asoundrc.sh" "$work/alsa-$2" "$work/$2.raw" >/dev/null
    secs=$(($(wc -c <"$work/$2.raw") / 32000 + 1))
    ALSA_CONFIG_PATH="$work/alsa-$2/asound.conf" XDG_DATA_HOME="$work/data-$2" \
        "$shopspeak" listen --activation always --reject-below 0 --confirm-slot-below 0 \
        --earcons off --barge-in yes --duration "$secs" "$@" >"$work/$2.out" 2>"$work/$2.err" || true
}

# The question, then the answer exactly as listen speaks it (a first run records it).
espeak-ng -v en-us -s 160 -w "$work/q.wav" "how much are the lavazza espresso beans"
sox "$work/q.wav" -r 16000 "$work/q16.wav" silence 1 0.01 1% reverse silence 1 0.01 1% reverse
sox -n -r 16000 -c 1 -b 16 "$work/gap.wav" trim 0 1.5
sox -n -r 16000 -c 1 -b 16 "$work/gap07.wav" trim 0 0.7
sox "$work/gap.wav" "$work/q16.wav" "$work/gap.wav" "$work/gap.wav" "$work/first.wav"
mkdir -p "$work/reply"
sox "$work/first.wav" -t raw -e signed -b 16 -c 1 -r 16000 "$work/first.raw"
sh "$root/tests/alsa/make-asoundrc.sh" "$work/alsa-first" "$work/first.raw" >/dev/null
ALSA_CONFIG_PATH="$work/alsa-first/asound.conf" XDG_DATA_HOME="$work/data-first" \
    "$shopspeak" listen --activation always --reject-below 0 --confirm-slot-below 0 --earcons off \
    --reply-dir "$work/reply" --duration 5 >/dev/null 2>&1
reply=$(ls "$work"/reply/*.wav | head -1)
[ -f "$reply" ] || { say "the answer was not recorded"; exit 1; }
sox "$reply" -r 16000 -c 1 "$work/answer.wav"
len=$(soxi -D "$work/answer.wav")
say "answer: $len s"

# mic ECHO STOPWAV AT OUT: the question, then (0.7 s after it: 0.1 s after playback starts)
# the echo at gain ECHO, with STOPWAV at AT seconds into the answer ("" for none).
mic() {
    sox "$work/answer.wav" "$work/e.wav" vol "$1"
    if [ -n "$2" ]; then
        sox "$2" -r 16000 -c 1 "$work/s.wav" pad "$3"
        sox -m "$work/e.wav" "$work/s.wav" "$work/es.wav"
    else
        cp "$work/e.wav" "$work/es.wav"
    fi
    sox "$work/gap.wav" "$work/q16.wav" "$work/gap07.wav" "$work/es.wav" "$work/gap.wav" \
        "$work/gap.wav" "$4"
}

printf '%-10s %-6s %8s %6s %s\n' echo voice at_s cut heard
total=0 cut=0
for e in $echoes; do
    mic "$e" "" 0 "$work/echo-$e.wav"
    listen_on "$work/echo-$e.wav" "echo-$e"
    if grep -q 'stopped speaking' "$work/echo-$e.err"; then falsecut=yes; else falsecut=no; fi
    printf '%-10s %-6s %8s %6s %s\n' "$e" "(none)" - "$falsecut" "(echo alone: a cut is a false one)"
    for v in $voices; do
        espeak-ng -v "$v" -s 150 -w "$work/stop-$v.wav" "stop"
        for q in 1 2 3; do
            at=$(echo "$len * $q / 4" | bc -l | cut -c1-4)
            name="s-$e-$v-$q"
            mic "$e" "$work/stop-$v.wav" "$at" "$work/$name.wav"
            listen_on "$work/$name.wav" "$name"
            total=$((total + 1))
            if grep -q 'stopped speaking' "$work/$name.err"; then
                cut=$((cut + 1)) r=yes
            else
                r=no
            fi
            heard=$(grep -o 'heard "[^"]*"' "$work/$name.err" | head -1 || true)
            printf '%-10s %-6s %8s %6s %s\n' "$e" "$v" "$at" "$r" "$heard"
        done
    done
done
echo "stop cut the answer: $cut of $total"
