#!/bin/sh
# slot_confidence.sh - how the default of confirm-slot-below was chosen: the slot confidence
# curve of `shopspeak eval --json` (every slot of every accepted order, its confidence as the
# pipeline gives the dialog the product's, right or wrong) over the 200 real coffee orders of
# coffee-dev in grammar/cafe.gram, clean and in kitchen noise at 12 and 6 dB (seed 1). The
# orders are split in two halves by line, odd lines (dev: the threshold is chosen on them) and
# even lines (test: reported, not looked at while choosing). Prints one table per half: per
# threshold and condition, the share of wrong slots confirmed (caught), of right slots confirmed
# for nothing (asked), and of wrong orders with a wrong slot confirmed (cmds). Record the output
# in docs/BENCHMARKS.md ("Slot confidence") with the date and the machine.
#
# Usage: tests/bench/slot_confidence.sh BUILD_DIR [SPEECH_DIR]
#   SPEECH_DIR: coffee-dev/ and noise/kitchen.wav (default: $SHOPSPEAK_SPEECH_DIR, else
#   ../shared/speech beside the source tree); skipped with a message when it is absent.
#   SLOT_WORK=DIR: work there and keep the JSON of both halves (default: a temp dir).
# About 2 min of CPU (600 decodes, the halves in parallel): run it under nice on a shared
# machine. Needs jq.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [SPEECH_DIR]" >&2; exit 2; }
build=$(cd "$1" && pwd)
speech=${2:-${SHOPSPEAK_SPEECH_DIR:-$root/../shared/speech}}
shopspeak=$build/firmware/shopspeak
[ -x "$shopspeak" ] || { echo "$0: build first: no $shopspeak" >&2; exit 2; }
command -v jq >/dev/null || { echo "$0: needs jq" >&2; exit 2; }
if [ ! -f "$speech/coffee-dev/labels.jsonl" ] || [ ! -f "$speech/noise/kitchen.wav" ]; then
    echo "$0: no speech data at $speech (coffee-dev, noise/kitchen.wav): skipped" >&2
    exit 0
fi
speech=$(cd "$speech" && pwd)

if [ -n "${SLOT_WORK:-}" ]; then
    work=$SLOT_WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
export XDG_DATA_HOME="$work/data" # cafe.gram needs no catalog; never touch the user's

labels=$speech/coffee-dev/labels.jsonl
awk 'NR % 2 == 1' "$labels" >"$work/dev.jsonl"
awk 'NR % 2 == 0' "$labels" >"$work/test.jsonl"
for half in dev test; do
    "$shopspeak" eval --json --grammar "$root/grammar/cafe.gram" \
        --audio-dir "$speech/coffee-dev" --noise "$speech/noise/kitchen.wav" --snr 12,6 \
        "$work/$half.jsonl" >"$work/$half.json" 2>"$work/$half.log" &
done
status=0
wait %1 || status=1
wait %2 || status=1
[ $status -eq 0 ] || { cat "$work/dev.log" "$work/test.log" >&2; exit 1; }

for half in dev test; do
    echo
    echo "## coffee-dev, $half half ($(jq .commands "$work/$half.json") orders, $(
        [ $half = dev ] && echo 'odd lines: choose here' || echo 'even lines: held out'))"
    echo
    # Markdown: the counts, then the curve.
    jq -r '"| condition | right slots | wrong slots | mean right | mean wrong | wrong orders |",
        "| --- | --- | --- | --- | --- | --- |",
        (.conditions[] | .slot_confidence as $s | "| \(.condition) | \($s.right_slots) | " +
         "\($s.wrong_slots) | \($s.mean_right) | \($s.mean_wrong) | \($s.wrong_commands) |")' \
        "$work/$half.json"
    echo
    jq -r '
        def p: if . == null then "-" else (. * 10 | round / 10 | tostring) + "%" end;
        [.conditions[].condition] as $names |
        "| threshold | " + ($names | map("\(.) caught / asked / cmds") | join(" | ")) + " |",
        "| --- |" + ($names | map(" --- |") | join("")),
        (range(0; 19) as $k | "| \(.conditions[0].slot_confidence.curve[$k].threshold) | " +
         ([.conditions[].slot_confidence.curve[$k] |
           "\(.wrong_slots_caught_pct | p) / \(.right_slots_asked_pct | p) / " +
           "\(.wrong_commands_caught_pct | p)"] | join(" | ")) + " |")' "$work/$half.json"
done
# The criterion of the default (pipeline.h): the smallest threshold that confirms at least half
# of the wrong slots in both noisy conditions of the dev half; its figures on both halves.
chosen=$(jq '[range(0; 19) as $k | select(all(.conditions[1:][];
    .slot_confidence.curve[$k].wrong_slots_caught_pct >= 50)) |
    .conditions[0].slot_confidence.curve[$k].threshold] | first' "$work/dev.json")
echo
echo "Smallest threshold confirming >= 50% of the wrong slots at 12 and 6 dB (dev half): $chosen"
for half in dev test; do
    jq -r --argjson t "$chosen" --arg half "$half" '"  \($half): " + ([.conditions[] |
        .condition as $c | .slot_confidence.curve[] | select(.threshold == $t) |
        "\($c) caught \(.wrong_slots_caught_pct)%, asked \(.right_slots_asked_pct)%"] |
        join("; "))' "$work/$half.json"
done
echo
echo "caught: wrong slots confirmed (\"Did you say ...?\"); asked: right slots confirmed for"
echo "nothing; cmds: wrong orders with at least one wrong slot confirmed. A slot is confirmed"
echo "when its confidence is below the threshold (dialog.c)."
