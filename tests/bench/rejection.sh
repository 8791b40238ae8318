#!/bin/sh
# rejection.sh - FA/FR of the recognizer's confidence against thresholds, from the real program.
# Commands: coffee-dev orders with grammar/cafe.gram; non-commands: words-dev non-command words
# and kitchen noise, decoded with the same grammar. Prints threshold, FR (commands rejected),
# FA (non-commands accepted as a sentence at that confidence).
#
# Usage: tests/bench/rejection.sh [BUILD_DIR] [SPEECH_DIR]   (default: build, /work/shared/speech)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
speech=${2:-/work/shared/speech}
shopspeak=$build/firmware/shopspeak
[ -x "$shopspeak" ] || { echo "$0: build first: no $shopspeak" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"
gram=$root/grammar/cafe.gram
# shellcheck disable=SC2046
"$shopspeak" wav --grammar "$gram" $(ls "$speech"/coffee-dev/wav/*.wav) >"$work/pos" 2>/dev/null || true
neg=""
for w in bed bird cat dog happy house marvin sheila tree wow; do neg="$neg $(ls "$speech"/words-dev/$w/*.wav)"; done
i=0
while [ $i -lt 24 ]; do
    sox "$speech/noise/kitchen.wav" -r 16000 -c 1 -b 16 "$work/noise$i.wav" trim $((i * 5)) 2.5
    neg="$neg $work/noise$i.wav"
    i=$((i + 1))
done
# shellcheck disable=SC2086
"$shopspeak" wav --grammar "$gram" $neg >"$work/neg" 2>/dev/null || true
# A line counts as accepted when it has an intent and its confidence reaches the threshold.
extract() { sed -n 's/.*"intent": \([^,]*\),.*"confidence": \([0-9.]*\).*/\1 \2/p' "$1"; }
extract "$work/pos" >"$work/p"
extract "$work/neg" >"$work/n"
np=$(wc -l <"$work/p")
nn=$(wc -l <"$work/n")
printf 'threshold  FR (of %d commands)  FA (of %d non-commands)\n' "$np" "$nn"
for t in 0 0.02 0.04 0.06 0.07 0.08 0.1 0.15 0.2 0.3; do
    fr=$(awk -v t=$t '$1 == "null" || $2 < t { n++ } END { print n + 0 }' "$work/p")
    fa=$(awk -v t=$t '$1 != "null" && $2 >= t { n++ } END { print n + 0 }' "$work/n")
    awk -v t=$t -v fr=$fr -v fa=$fa -v np=$np -v nn=$nn \
        'BEGIN { printf "%-9s  %5.1f%%               %5.1f%%\n", t, 100 * fr / np, 100 * fa / nn }'
done
