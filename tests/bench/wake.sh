#!/bin/sh
# wake.sh BUILD [THRESHOLDS...] - the wake word spotter's detection rate and false activations
# per hour for a few thresholds. With the wake word: "hey shop" alone and before a command, in
# several eSpeak NG voices and speeds. Without it: the real one-second words of
# ../shared/speech/words-dev (skipped with a message when absent) and synthesised shop sentences,
# some close to the wake word. Prints a table for docs/BENCHMARKS.md.
set -eu
build=${1:-build}
shift || true
thresholds=${*:-1e-20 1e-30 1e-40 1e-50 1e-60}
bench="$build/tests/bench_wake"
[ -x "$bench" ] || { echo "wake.sh: build $bench first" >&2; exit 1; }
here=$(cd "$(dirname "$0")/../.." && pwd)
speech=${SHOPSPEAK_SPEECH_DIR:-$here/../shared/speech}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

n=0
for voice in en-us en-us+f3 en-us+m3 en-gb en-us+f2 en; do
    for speed in 140 170 200; do
        n=$((n + 1))
        espeak-ng -v "$voice" -s "$speed" -w "$work/wake-$n.wav" "hey shop"
        n=$((n + 1))
        espeak-ng -v "$voice" -s "$speed" -w "$work/wake-$n.wav" "hey shop, is the oat milk in stock"
    done
done
i=0
while IFS= read -r sentence; do
    for voice in en-us en-gb+f3; do
        i=$((i + 1))
        espeak-ng -v "$voice" -w "$work/other-$i.wav" "$sentence"
    done
done <<EOT
is the oat milk in stock
how much are the lavazza espresso beans
reorder coffee pods
yes please
hey there, how are you today
let's go to the shop
they shopped for groceries yesterday
hello shopspeak
okay, stop
add sourdough bread to my cart
what is on special this week
hey, can you help me
EOT
real=""
if [ -d "$speech/words-dev" ]; then
    real=$(find "$speech/words-dev" -name '*.wav' | sort)
else
    echo "wake.sh: $speech/words-dev not found: real speech skipped" >&2
fi

# One stream per set, as a microphone's; a quiet one-second recording leads in for the live CMN.
# -R: the same noise on every run (sox seeds its generator randomly otherwise), so with the
# spotter's fixed dither seed a rerun gives the same table.
sox -R -n -r 16000 -c 1 -b 16 "$work/lead.wav" synth 1 whitenoise vol 0.002
printf '| threshold | wake phrases detected | false activations / audio without it | per hour |\n'
printf '| --- | --- | --- | --- |\n'
for t in $thresholds; do
    "$bench" "$t" "hey shop" "$work/lead.wav" "$work"/wake-*.wav >"$work/yes.tsv"
    # shellcheck disable=SC2086
    "$bench" "$t" "hey shop" "$work/lead.wav" "$work"/other-*.wav $real >"$work/no.tsv"
    hit=$(awk -F'\t' 'NR > 1 && $2 > 0' "$work/yes.tsv" | wc -l)
    awk -F'\t' -v t="$t" -v hit="$hit" -v n="$n" 'NR > 1 { fa += $2; s += $3 + 0.5 }
        END { printf "| %s | %d/%d (%.0f%%) | %d in %.1f min | %.0f |\n", t, hit, n,
              100 * hit / n, fa, s / 60, fa * 3600 / s }' "$work/no.tsv"
done
