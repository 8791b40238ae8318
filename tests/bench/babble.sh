#!/bin/sh
# babble.sh OUT.wav [TESTDATA] - "babble", other people talking, for the benchmarks: the LibriVox
# clips of pocketsphinx-testdata (five of one reader, Sense and Sensibility) joined end to end
# in three different orders and mixed, 16 kHz mono. One voice three times over, not three
# people: a stand-in for a room of talk until recordings of one exist. The same file every run.
# Exits 1 with a message when there are fewer than three clips.
set -eu
out=$1
testdata=${2:-${PS_TESTDATA:-/usr/share/pocketsphinx/test/data}}
set -- "$testdata"/librivox/*.wav
if [ $# -lt 3 ] || [ ! -f "$1" ]; then
    echo "fewer than three LibriVox clips in $testdata/librivox: no babble" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sox -R "$@" "$tmp/talk1.wav"
first=$1
shift
sox -R "$@" "$first" "$tmp/talk2.wav"
second=$1
shift
sox -R "$@" "$first" "$second" "$tmp/talk3.wav"
sox -R -m "$tmp/talk1.wav" "$tmp/talk2.wav" "$tmp/talk3.wav" -r 16000 -c 1 -b 16 "$out" norm -3
