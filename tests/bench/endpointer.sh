#!/bin/sh
# endpointer.sh BUILD [SPEECH_DIR] - how the endpointer cuts real commands out of noise: the 200
# spoken coffee orders of SPEECH_DIR/coffee-dev (default ../shared/speech), each with 1 s before
# (a second table: 20 s) and 2 s after it, clean, quiet (-26 dB), loud (+12 dB), and in noise at
# 18, 12 and 6 dB (the public benchmark's mixing, loudest 2048-sample frames; the kitchen at 24
# dB too): the kitchen of SPEECH_DIR/noise and, made here, white, pink, "fan" (white noise
# low-passed at 1.5 kHz) and "babble" (other people talking, tests/bench/babble.sh). For each:
# the orders that came out intact (one utterance over the speech, covering all of it) and the
# utterances that ended over 2 s after their speech (ran on into the noise). It is
# unit.audio.endpointer's coffee test with more orders and noises
# (tests/unit/audio/test_endpointer.c); record the table in docs/BENCHMARKS.md with the date and
# the machine. Skips with a message without the speech.
set -eu
build=${1:-build}
test="$build/tests/unit/audio/test_audio_endpointer"
[ -x "$test" ] || { echo "endpointer.sh: build $test first" >&2; exit 1; }
here=$(cd "$(dirname "$0")/../.." && pwd)
speech=${2:-${SHOPSPEAK_SPEECH_DIR:-$here/../shared/speech}}
testdata=${PS_TESTDATA:-/usr/share/pocketsphinx/test/data}
if [ ! -d "$speech/coffee-dev/wav" ] || [ ! -f "$speech/noise/kitchen.wav" ]; then
    echo "endpointer.sh: skipped: no $speech/coffee-dev or noise/kitchen.wav"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOX_OPTS=-R # the same noise on every run

sox -n -r 16000 -c 1 -b 16 "$work/white.wav" synth 60 whitenoise vol 0.3
sox -n -r 16000 -c 1 -b 16 "$work/pink.wav" synth 60 pinknoise vol 0.3
sox -n -r 16000 -c 1 -b 16 "$work/fan.wav" synth 60 whitenoise vol 0.5 lowpass 1500
noises="kitchen=$speech/noise/kitchen.wav white=$work/white.wav pink=$work/pink.wav fan=$work/fan.wav"
if sh "$here/tests/bench/babble.sh" "$work/babble.wav" "$testdata"; then
    noises="$noises babble=$work/babble.wav"
fi

echo "endpointer benchmark, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores"
echo
echo "| condition | intact | ended over 2 s late |"
echo "| --- | --- | --- |"
table() {
    SHOPSPEAK_SPEECH_DIR=$speech ENDPOINTER_BENCH_FILES=200 ENDPOINTER_BENCH_NOISES=$noises \
        ENDPOINTER_BENCH_LEAD_MS=$1 "$test" 2>&1 |
        sed -n 's/^endpointer, \(.*[^ ]\) *: \([0-9]* of [0-9]*\) commands intact (\([0-9]*%\)), \([0-9]*\) ended.*/| \1 | \2 (\3) | \4 |/p'
}
table 1000
# The same after 20 s of each noise: how it goes in a kitchen where the endpointer has heard the
# background for a while (a television talking on, above all).
echo
echo "After 20 s of the noise:"
echo
echo "| condition | intact | ended over 2 s late |"
echo "| --- | --- | --- |"
table 20000
