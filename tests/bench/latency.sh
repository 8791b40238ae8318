#!/bin/sh
# latency.sh BUILD - the latency of `shopspeak listen` from the end of a command to the first
# sample of its answer, by stage. Ten shop commands (eSpeak NG, 1.5 s apart) are the
# microphone through ALSA's file plugin, fed at real time through a FIFO (tests/alsa/pace.pl)
# as a real microphone delivers them, the null device the speaker; listen --timeline logs, for
# each answer, when each stage ended in ms after the endpointer ended the command (after its
# trailing silence, 0.6 s by default; negative: before). Prints each turn and a table of
# medians for docs/BENCHMARKS.md. LATENCY_FLAGS adds flags (e.g. --decode-early no).
# LATENCY_NOISE=FILE mixes that noise (a 16 kHz WAV, from 30 s in) under the whole stream,
# LATENCY_SNR dB (default 12) below the RMS level of the commands as eSpeak NG writes them
# (their short silent ends included): the latency in a kitchen.
set -eu
build=${1:-build}
shopspeak="$build/firmware/shopspeak"
[ -x "$shopspeak" ] || { echo "latency.sh: build $shopspeak first" >&2; exit 1; }
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"

sox -n -r 22050 -c 1 -b 16 "$work/gap.wav" trim 0 1.5
parts="$work/gap.wav"
i=0
while IFS= read -r sentence; do
    i=$((i + 1))
    espeak-ng -v en-us -s 160 -w "$work/c$i.wav" "$sentence"
    parts="$parts $work/c$i.wav $work/gap.wav"
done <<EOT
is the oat milk in stock
how much is the oat milk
how much are the lavazza espresso beans
reorder coffee pods
no
what is on special this week
add sourdough bread to my cart
what is in my cart
is the oat milk in stock
help
EOT
# shellcheck disable=SC2086
sox -R $parts "$work/gap.wav" -r 16000 "$work/mic.wav"
if [ -n "${LATENCY_NOISE:-}" ]; then
    rms() { sox "$1" -n stat 2>&1 | awk '/^RMS +amplitude/ { print $3 }'; }
    # shellcheck disable=SC2086
    sox -R $(ls "$work"/c*.wav) -r 16000 "$work/said.wav"
    sox -R "$LATENCY_NOISE" "$work/noise.wav" trim 30 "$(soxi -D "$work/mic.wav")"
    gain=$(awk -v s="$(rms "$work/said.wav")" -v n="$(rms "$work/noise.wav")" \
        -v db="${LATENCY_SNR:-12}" 'BEGIN { print s / n / 10 ^ (db / 20) }')
    sox -R -m "$work/mic.wav" -v "$gain" "$work/noise.wav" "$work/mixed.wav"
    mv "$work/mixed.wav" "$work/mic.wav"
    echo "noise: $LATENCY_NOISE, ${LATENCY_SNR:-12} dB under the commands"
fi
sox -R "$work/mic.wav" -t raw -e signed -b 16 -c 1 "$work/mic.raw"
seconds=$(($(wc -c <"$work/mic.raw") / 32000))
mkfifo "$work/mic.fifo"
sh "$here/tests/alsa/make-asoundrc.sh" "$work/alsa" "$work/mic.fifo" >/dev/null
perl "$here/tests/alsa/pace.pl" "$work/mic.fifo" "$work/mic.raw" &
feeder=$!
trap 'kill $feeder 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck disable=SC2086
ALSA_CONFIG_PATH="$work/alsa/asound.conf" "$shopspeak" listen --activation always \
    --reject-below 0 --timeline yes --duration "$seconds" ${LATENCY_FLAGS:-} \
    >"$work/out" 2>"$work/err" </dev/null
grep '^heard:' "$work/out" | sed 's/^/    /'
grep 'timeline' "$work/err" | sed 's/^shopspeak: timeline //'
n=$(grep -c 'timeline' "$work/err" || true)
printf '\n%s answers; median ms after the end of the command (after the trailing silence)\n\n' "$n"
# decode-early: "decoded" comes before the end (negative) when the decoding was done in the
# trailing silence.
printf '| stage ended | median ms | min | max |\n| --- | --- | --- | --- |\n'
# The fields of a timeline line: mic paused X, decoded X, answer text X, first sample
# synthesised X, all synthesised X, first sample played X ms.
grep 'timeline' "$work/err" | sed 's/.*: mic paused//; s/ms$//' | tr ',' '\n' |
    awk '{ v = $NF; $NF = ""; sub(/ +$/, ""); name = $0; k = ++count[name]; val[name, k] = v
           if (!(name in order)) { order[name] = ++nn; names[nn] = name } }
         END { for (j = 1; j <= nn; j++) { m = names[j]; c = count[m]
                 for (a = 1; a <= c; a++) x[a] = val[m, a]
                 for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (x[b] < x[a]) { t = x[a]; x[a] = x[b]; x[b] = t }
                 med = c % 2 ? x[(c + 1) / 2] : (x[c / 2] + x[c / 2 + 1]) / 2
                 printf "| %s | %.1f | %.1f | %.1f |\n", (m == "" ? "mic paused" : m), med, x[1], x[c] } }'
