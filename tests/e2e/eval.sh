#!/bin/sh
# shopspeak eval: labelled spoken fixtures and non-commands, clean and with noise at one SNR,
# unreadable files, bad labels. Real decoding; the JSON figures must add up.
. "$SOURCE_DIR/tests/e2e/lib.sh"

# expect_jq FILTER FILE DESCRIPTION: the jq filter is true of the JSON in FILE.
# expect_jq --slurpfile NAME FILE FILTER FILE DESCRIPTION: the same with a file as $NAME.
expect_jq() {
    if [ "$1" = --slurpfile ]; then sf="--slurpfile $2 $3"; shift 3; else sf=""; fi
    # shellcheck disable=SC2086
    if [ "$(jq -r $sf "$1" "$2" 2>/dev/null)" = "true" ]; then ok "$3"; else
        not_ok "$3: not ($1)"; jq -c '.conditions[]? | del(.curve, .slot_errors)' "$2" 2>&1 | head -5
    fi
}

expect_exit 0 "eval --help" "$SHOPSPEAK" eval --help
expect_grep "Usage: shopspeak eval" "$WORK/out" "eval --help shows its usage"
expect_grep "Exit codes" "$WORK/out" "eval --help lists the exit codes"
expect_exit 2 "eval without labels" "$SHOPSPEAK" eval
expect_one_line_error "eval without labels"
expect_exit 2 "--snr without --noise" "$SHOPSPEAK" eval --snr 12 "$WORK/labels.jsonl"
expect_one_line_error "--snr without --noise"
expect_exit 2 "a bad --snr" "$SHOPSPEAK" eval --noise x.wav --snr 12,loud "$WORK/labels.jsonl"
expect_one_line_error "bad --snr"
expect_exit 2 "--reply-dir does not apply" "$SHOPSPEAK" eval --reply-dir "$WORK" "$WORK/labels.jsonl"

# Bad labels: one line naming the file (and line), exit 3.
expect_exit 3 "missing labels file" "$SHOPSPEAK" eval "$WORK/nope.jsonl"
expect_one_line_error "missing labels file"
echo "file,intent" >"$WORK/csv.jsonl"
expect_exit 3 "labels that are not JSON" "$SHOPSPEAK" eval "$WORK/csv.jsonl"
expect_one_line_error "not JSON"
expect_grep "csv.jsonl:1:" "$WORK/err" "the error names the file and line"
printf '%s\n' '{"file": "a.wav", "intent": "help"}' \
    '{"file": "b.wav", "intent": "price", "slots": ["oat milk"]}' >"$WORK/slots.jsonl"
expect_exit 3 "slots not an object" "$SHOPSPEAK" eval "$WORK/slots.jsonl"
expect_one_line_error "slots not an object"
expect_grep "slots.jsonl:2: slots must be an object" "$WORK/err" "and says which line and why"

# Labels for eight spoken fixtures (labels.tsv: file, intent, slots as a=b;c=d or -), two
# non-commands (an out-of-domain sentence, room hiss) and a file that is not there.
head -8 "$FIXTURES_DIR/labels.tsv" | jq -R -c 'split("\t") | {file: .[0], intent: .[1],
    slots: (if .[2] == "-" then {} else (.[2] | split(";") | map(split("=") | {(.[0]): .[1]})
    | add) end)}' >"$WORK/labels.jsonl"
espeak-ng -w "$WORK/weather.wav" "what will the weather be like in paris tomorrow"
sox -n -r 16000 -b 16 -c 1 "$WORK/hiss.wav" synth 2 whitenoise vol 0.002
printf '{"file": "%s", "intent": null}\n' "$WORK/weather.wav" "$WORK/hiss.wav" >>"$WORK/labels.jsonl"
echo '{"file": "gone.wav", "intent": "help", "slots": {}}' >>"$WORK/labels.jsonl"

# Threshold 0: eSpeak NG voices score under the real-speech rejection threshold (grammar.h).
expect_exit 0 "eval over fixtures" "$SHOPSPEAK" eval --json --threshold 0 \
    --audio-dir "$FIXTURES_DIR" "$WORK/labels.jsonl"
cp "$WORK/out" "$WORK/clean.json"
expect_grep "gone.wav" "$WORK/err" "the missing file is named on stderr"
if grep -q "warning" "$WORK/err"; then not_ok "labels the grammar can match gave a warning"
else ok "labels the grammar can match give no warning"; fi
expect_grep "eval: 11/11 clean" "$WORK/err" "progress on stderr"
expect_jq '.files == 11 and .commands == 9 and .non_commands == 2' "$WORK/clean.json" \
    "files, commands and non-commands counted"
expect_jq '.conditions | length == 1 and .[0].condition == "clean"' "$WORK/clean.json" \
    "one clean condition without --noise"
c='.conditions[0]'
expect_jq "$c.unreadable == 1" "$WORK/clean.json" "the missing file counts as unreadable"
expect_jq "$c | .correct + .wrong + .false_rejections + 1 == 9" "$WORK/clean.json" \
    "every command is right, wrong, rejected or unreadable"
expect_jq "$c | .command_acceptance_pct == (.correct * 10000 / 9 | round / 100)" \
    "$WORK/clean.json" "command acceptance is correct over all commands"
# Two of these eight are misheard with the full top grammar (29 intents): "reorder the lavazza
# espresso beans" (British voice) and "i need more paper towels" (measured 2026-11-24); the
# accuracy floor itself is e2e.fixtures.accuracy's.
expect_jq "$c.correct >= 6" "$WORK/clean.json" "at least 6 of the 8 fixtures exactly right"
# At threshold 0 only what the grammar cannot match is rejected: check the arithmetic here, and
# the rejection at the default threshold below.
expect_jq "$c | .false_acceptances <= 2 and .false_acceptance_pct == .false_acceptances * 50" \
    "$WORK/clean.json" "false acceptance is counted over the non-commands"
expect_jq "$c | .real_time_factor > 0 and .real_time_factor < 2 and .median_decode_ms > 0" \
    "$WORK/clean.json" "real-time factor and decode time measured"
expect_jq "$c.slot_errors.product.labelled >= 6" "$WORK/clean.json" "product slots counted"
expect_jq "$c.curve | length == 21 and .[0].threshold == 0 and .[20].threshold == 1" \
    "$WORK/clean.json" "the curve has 21 thresholds"
expect_jq "$c | .curve[0].false_rejection_pct == .false_rejection_pct" "$WORK/clean.json" \
    "at the default threshold the curve agrees with the summary"
expect_jq "[$c.curve[].false_rejection_pct] | . == sort" "$WORK/clean.json" \
    "false rejection never falls as the threshold rises"

# At the default threshold (real voices) the out-of-domain sentence and the hiss are rejected.
expect_exit 0 "eval at the default threshold" "$SHOPSPEAK" eval --json \
    --audio-dir "$FIXTURES_DIR" "$WORK/labels.jsonl"
expect_jq '.threshold == 0.2 and .conditions[0].false_acceptances == 0' "$WORK/out" \
    "non-commands rejected at the default threshold"
# Every slot heard in an accepted command is right or wrong, as the slot errors count them.
expect_jq '.conditions[0] | .slot_confidence.right_slots ==
    ([.slot_errors[] | .labelled - .missed - .substituted] | add) and
    .slot_confidence.wrong_slots == ([.slot_errors[] | .substituted + .inserted] | add)' \
    "$WORK/out" "slot confidence counts every slot heard, right or wrong"
expect_jq '.confirm_slot_below == 0.1 and (.conditions[0].slot_confidence.curve |
    length == 19 and all(.right_slots_asked_pct >= 0))' "$WORK/out" \
    "the slot confidence curve and the confirm-slot-below in use are reported"

expect_exit 0 "eval, the tables" "$SHOPSPEAK" eval --audio-dir "$FIXTURES_DIR" \
    --confirm-slot-below 0.4 "$WORK/labels.jsonl"
expect_grep "^clean " "$WORK/out" "the table has a clean row"
expect_grep "Errors per slot" "$WORK/out" "errors per slot are shown"
expect_grep "rejection threshold on the recognizer's confidence" "$WORK/out" "the curve is shown"
expect_grep "^Against confirm-slot-below (in use: 0.40)" "$WORK/out" "the slot confidence curve is shown"
expect_grep "^ *0.40 .*<- in use$" "$WORK/out" "and marks the confirm-slot-below in use"

# Labels that can never be right (an intent or a slot the grammar does not have): a warning per
# name with the first line it is on; the run goes on and counts them wrong.
{ sed -n 1,2p "$WORK/labels.jsonl"
  echo '{"file": "001-en-gb-x-rp-140.wav", "intent": "reordr", "slots": {"product": "coffee pods"}}'
  echo '{"file": "001-en-gb-x-rp-140.wav", "intent": "reordr", "slots": {"prodct": "coffee pods"}}'
  echo '{"file": "001-en-gb-x-rp-140.wav", "intent": "reorder", "slots": {"prodct": "coffee pods"}}'
} >"$WORK/typos.jsonl"
expect_exit 0 "eval with labels no rule can match" "$SHOPSPEAK" eval --json --threshold 0 \
    --audio-dir "$FIXTURES_DIR" "$WORK/typos.jsonl"
expect_grep 'typos.jsonl:3: warning: the grammar has no intent "reordr"' "$WORK/err" \
    "an intent the grammar lacks is named with its first line"
expect_grep 'typos.jsonl:4: warning: no rule of the grammar sets the slot "prodct"' "$WORK/err" \
    "a slot no rule sets is named with its first line"
if [ "$(grep -c warning "$WORK/err")" -eq 2 ]; then ok "one warning per name"
else not_ok "$(grep -c warning "$WORK/err") warnings, not 2"; fi
expect_jq '.conditions[0] | .correct <= 2 and .wrong >= 3' "$WORK/out" \
    "labels that can never be right count as wrong"

# Noise at one SNR, twice with the same seed: the same figures.
sox -n -r 16000 -b 16 -c 1 "$WORK/babble.wav" synth 7 pinknoise vol 0.5 tremolo 3 60
for run in 1 2; do
    expect_exit 0 "eval with noise at 12 dB (run $run)" "$SHOPSPEAK" eval --json \
        --audio-dir "$FIXTURES_DIR" --noise "$WORK/babble.wav" --snr 12 --seed 7 \
        "$WORK/labels.jsonl"
    jq -c '.conditions[] | del(.cpu_seconds, .real_time_factor, .median_decode_ms)' \
        "$WORK/out" >"$WORK/noisy$run.json"
done
cp "$WORK/out" "$WORK/noisy.json"
expect_jq '.conditions | length == 2 and .[1].snr_db == 12 and .[1].condition == "12 dB"' \
    "$WORK/noisy.json" "clean first, then 12 dB"
expect_jq '.conditions[1] | .correct + .wrong + .false_rejections + .unreadable == 9' \
    "$WORK/noisy.json" "every noisy command is accounted for"
expect_jq '.noisy_average.command_acceptance_pct == .conditions[1].command_acceptance_pct' \
    "$WORK/noisy.json" "the noisy average of one SNR is that SNR"
expect_jq '.seed == 7 and .noise != null' "$WORK/noisy.json" "seed and noise are reported"
if cmp -s "$WORK/noisy1.json" "$WORK/noisy2.json"; then ok "the same seed repeats the figures"
else not_ok "two runs with seed 7 differ"; diff "$WORK/noisy1.json" "$WORK/noisy2.json" | head -5; fi
# --results: one line per file and condition, agreeing with the summary.
expect_exit 0 "eval --results" "$SHOPSPEAK" eval --json --results "$WORK/results.jsonl" \
    --audio-dir "$FIXTURES_DIR" --noise "$WORK/babble.wav" --snr 12 --seed 7 "$WORK/labels.jsonl"
if [ "$(wc -l <"$WORK/results.jsonl")" -eq 22 ]; then ok "--results has 11 files x 2 conditions"
else not_ok "--results has $(wc -l <"$WORK/results.jsonl") lines, not 22"; fi
jq -s -c 'group_by(.condition) | map({condition: .[0].condition,
    correct: map(select(.outcome == "correct")) | length,
    wrong: map(select(.outcome == "wrong")) | length,
    unreadable: map(select(.outcome == "unreadable")) | length})' "$WORK/results.jsonl" \
    >"$WORK/per-file.json"
expect_jq --slurpfile pf "$WORK/per-file.json" '[.conditions[] | {condition, correct, wrong,
    unreadable}] | sort_by(.condition) == ($pf[0] | sort_by(.condition))' "$WORK/out" \
    "--results agrees with the summary's counts in each condition"
jq -c 'select(.file == "gone.wav" and .condition == "12 dB")' "$WORK/results.jsonl" >"$WORK/gone.json"
expect_jq '.outcome == "unreadable" and .heard == null and .label.intent == "help"' \
    "$WORK/gone.json" "an unreadable file is a result line too, with its label"
jq -s -c '[.[] | select(.outcome == "correct")] | all(.intent == .label.intent and
    .slots == .label.slots and .confidence >= 0.2)' "$WORK/results.jsonl" >"$WORK/right.json"
expect_jq '.' "$WORK/right.json" "a correct line heard the label's intent and slots, confidently"
expect_exit 3 "--results that cannot be written" "$SHOPSPEAK" eval --results \
    "$WORK/no/such/dir/r.jsonl" "$WORK/labels.jsonl"
expect_one_line_error "--results that cannot be written"
expect_exit 3 "unreadable noise" "$SHOPSPEAK" eval --noise "$WORK/nope.wav" "$WORK/labels.jsonl"
expect_one_line_error "unreadable noise"
# Wrong for every file at once: one line before any decoding, not one per file.
expect_exit 3 "an --audio-dir that is not there" "$SHOPSPEAK" eval --audio-dir "$WORK/nodir" \
    "$WORK/labels.jsonl"
expect_one_line_error "an --audio-dir that is not there"
sox -n -D -r 16000 -b 16 -c 1 "$WORK/zeros.wav" trim 0 1
expect_exit 3 "noise that is digital silence" "$SHOPSPEAK" eval --noise "$WORK/zeros.wav" \
    "$WORK/labels.jsonl"
expect_grep "zeros.wav is digital silence" "$WORK/err" "the silent noise is named"
# An unreadable non-command was neither accepted nor rejected: false acceptance is over the
# non-commands read (one accepted of one read is 100%, not 50%). At threshold 0 the weather
# sentence is heard as the nearest sentence of the grammar, so it is accepted.
printf '{"file": "%s", "intent": null}\n{"file": "%s", "intent": null}\n' "$WORK/weather.wav" \
    "$WORK/gone.wav" >"$WORK/nonc.jsonl"
expect_exit 0 "eval with an unreadable non-command" "$SHOPSPEAK" eval --json --threshold 0 \
    "$WORK/nonc.jsonl"
expect_jq '.conditions[0] | .unreadable == 1 and .false_acceptances == 1 and
    .false_acceptance_pct == 100' "$WORK/out" "false acceptance is over the non-commands read"

# --results that is one of the inputs (by any name) is refused before it is truncated.
mkdir -p "$WORK/same/wav"
sox -n -r 16000 -b 16 -c 1 "$WORK/same/wav/hiss.wav" synth 1 whitenoise vol 0.1
sox -n -r 16000 -b 16 -c 1 "$WORK/same/noise.wav" synth 1 pinknoise vol 0.1
printf '{"file": "hiss.wav", "intent": null}\n' >"$WORK/same/labels.jsonl"
ln -f "$WORK/same/labels.jsonl" "$WORK/same/alias.jsonl"
cp -r "$WORK/same" "$WORK/same-before"
for out in labels.jsonl alias.jsonl noise.wav wav/hiss.wav; do
    expect_exit 2 "--results over the input $out" "$SHOPSPEAK" eval --noise "$WORK/same/noise.wav" \
        --results "$WORK/same/$out" "$WORK/same/labels.jsonl"
    expect_one_line_error "--results over the input $out"
    if cmp -s "$WORK/same/$out" "$WORK/same-before/$out"; then ok "$out is left whole"
    else not_ok "$out was changed"; fi
done

# An operator grammar without <product> needs no catalog: none is created.
printf '{"file": "%s", "intent": null}\n' "$WORK/hiss.wav" >"$WORK/hiss.jsonl"
expect_exit 0 "cafe.gram without a catalog" env XDG_DATA_HOME="$WORK/fresh" "$SHOPSPEAK" eval \
    --json --grammar "$SOURCE_DIR/grammar/cafe.gram" "$WORK/hiss.jsonl"
expect_jq '.conditions[0] | .unreadable == 0 and .real_time_factor > 0' "$WORK/out" \
    "and the hiss is decoded with it"
if [ ! -e "$WORK/fresh/shopspeak/catalog.db" ]; then ok "no catalog was opened or created"
else not_ok "eval with cafe.gram created a catalog"; fi

finish
