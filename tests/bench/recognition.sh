#!/bin/sh
# recognition.sh - the recognition issue's targets in one run, as one table: coffee orders in
# grammar/cafe.gram clean, in kitchen noise (the public speech-to-intent benchmark's SNRs), under
# babble and in a steady noise; yes/no in grammar/confirm.gram; rejection of non-commands against
# the confidence threshold (with the curve; in shop.gram too); beeps; and decode speed and peak
# memory of `shopspeak wav` over the spoken fixtures (as one conversation, and each alone). Every
# figure comes from `shopspeak eval --json` or `shopspeak wav`, read with jq.
# Record the output in docs/BENCHMARKS.md ("Recognition") with the date and the machine.
#
# Usage: tests/bench/recognition.sh BUILD_DIR [SPEECH_DIR]
#   SPEECH_DIR: coffee-dev/, words-dev/, noise/kitchen.wav (default: $SHOPSPEAK_SPEECH_DIR, else
#   ../shared/speech beside the source tree); skipped with a message when it is absent.
#   PS_TESTDATA: pocketsphinx-testdata's audio (default /usr/share/pocketsphinx/test/data).
#   RECOGNITION_WORK=DIR: work there and keep the intermediate files (default: a temp dir).
# About 10 min of CPU (the eight coffee passes are most of it): run it under nice on a shared
# machine. Needs jq, sox, espeak-ng and /usr/bin/time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [SPEECH_DIR]" >&2; exit 2; }
build=$(cd "$1" && pwd)
speech=${2:-${SHOPSPEAK_SPEECH_DIR:-$root/../shared/speech}}
testdata=${PS_TESTDATA:-/usr/share/pocketsphinx/test/data}
shopspeak=$build/firmware/shopspeak
[ -x "$shopspeak" ] || { echo "$0: build first: no $shopspeak" >&2; exit 2; }
for tool in jq sox espeak-ng /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 2; }
done
if [ ! -f "$speech/coffee-dev/labels.jsonl" ] || [ ! -d "$speech/words-dev" ] ||
    [ ! -f "$speech/noise/kitchen.wav" ]; then
    echo "$0: no speech data at $speech (coffee-dev, words-dev, noise/kitchen.wav): skipped" >&2
    exit 0
fi
speech=$(cd "$speech" && pwd)

if [ -n "${RECOGNITION_WORK:-}" ]; then # keep every eval's JSON there (for a closer look)
    work=$RECOGNITION_WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
export XDG_DATA_HOME="$work/data" # a fresh default catalog: the sample one
cafe=$root/grammar/cafe.gram
confirm=$root/grammar/confirm.gram
say() { echo "recognition.sh: $*" >&2; }

# eval GRAMMAR LABELS OUT [OPTIONS...]: shopspeak eval --json at the program's default
# threshold; progress into OUT.log.
run_eval() {
    g=$1 labels=$2 out=$3
    shift 3
    "$shopspeak" eval --json --grammar "$g" "$@" "$labels" >"$out" 2>"$out.log" ||
        { cat "$out.log" >&2; exit 1; }
}

# Labels: one JSON object per file read from stdin (absolute paths), all with intent $1
# ("" for null, a non-command).
label() { jq -Rc --arg i "$1" 'if $i == "" then {file: ., intent: null} else {file: ., intent: $i, slots: {}} end'; }
words() { for w in "$@"; do find "$speech/words-dev/$w" -name '*.wav' | sort; done; }

# ---- Coffee orders, clean and in kitchen noise at 24, 21, ... 6 dB (seed 1) ------------------
say "coffee-dev in cafe.gram, clean and 7 SNRs (the longest part)"
run_eval "$cafe" "$speech/coffee-dev/labels.jsonl" "$work/coffee.json" \
    --noise "$speech/noise/kitchen.wav"

# ---- Coffee orders under other people talking (babble), a noise no setting was tuned on ----
# Three streams of speech at once (tests/bench/babble.sh).
: >"$work/babble.json"
if sh "$here/babble.sh" "$work/babble.wav" "$testdata"; then
    say "coffee-dev in cafe.gram under babble at 24, 18, 12 dB"
    run_eval "$cafe" "$speech/coffee-dev/labels.jsonl" "$work/babble.json" \
        --noise "$work/babble.wav" --snr 24,18,12
else
    say "no babble condition"
fi

# ---- Coffee orders in a steady noise (a fan, a hood, hiss): white and pink noise ------------
# The kind of noise grammar/denoise.c takes out before decoding, made here by sox (-R: the same
# samples every run). A loud steady noise is harsher than kitchen noise at the same SNR, which is
# measured from the loudest frame: clatter is loud only now and then.
say "coffee-dev in cafe.gram under white and pink noise at 12 and 6 dB"
for colour in white pink; do
    sox -R -n -r 16000 -b 16 -c 1 "$work/$colour.wav" synth 60 ${colour}noise vol 0.3
    run_eval "$cafe" "$speech/coffee-dev/labels.jsonl" "$work/$colour.json" \
        --noise "$work/$colour.wav" --snr 12,6
done

# ---- Yes/no in confirm.gram -----------------------------------------------------------------
# "stop" (cancel) and "right" (yes) are sentences of confirm.gram, so they are commands there,
# scored on their own; every other words-dev word is not a sentence and must be rejected.
say "words-dev in confirm.gram"
{ words yes | label yes; words no | label no; } >"$work/yesno.jsonl"
words bed bird cat dog happy house marvin sheila tree wow | label "" >"$work/nonword.jsonl"
words zero one two three four five six seven eight nine go up down left on off | label "" \
    >"$work/othercmd.jsonl"
{ words stop | label cancel; words right | label yes; } >"$work/stopright.jsonl"
cat "$work/yesno.jsonl" "$work/nonword.jsonl" >"$work/confirm.jsonl"
run_eval "$confirm" "$work/confirm.jsonl" "$work/confirm.json"
run_eval "$confirm" "$work/othercmd.jsonl" "$work/othercmd.json"
run_eval "$confirm" "$work/stopright.jsonl" "$work/stopright.json"
# The same by speaker halves (Speech Commands file names start with the speaker's id): ids 0-7
# were the dev half that confirm.gram's <garbage> words were chosen on, 8-f the test half.
for h in 0 1; do
    jq -c --argjson h $h 'select(((.file | split("/") | last | .[0:1]) >= "8") == ($h == 1))' \
        "$work/confirm.jsonl" >"$work/confirm-h$h.jsonl"
    run_eval "$confirm" "$work/confirm-h$h.jsonl" "$work/confirm-h$h.json"
done

# ---- Non-commands in cafe.gram, one eval per set ------------------------------------------------
say "non-commands in cafe.gram"
mkdir -p "$work/neg"
: >"$work/testdata.jsonl"
if [ -d "$testdata" ]; then
    for raw in goforward numbers something; do # 16 kHz raw; tidigits/ is 8 kHz for its own model
        [ -f "$testdata/$raw.raw" ] &&
            sox -R -t raw -r 16000 -e signed -b 16 -c 1 "$testdata/$raw.raw" "$work/neg/$raw.wav"
    done
    { find "$testdata/cards" "$testdata/librivox" -name '*.wav' 2>/dev/null | sort
      find "$work/neg" -name '*.wav' | sort; } | label "" >"$work/testdata.jsonl"
else
    say "no pocketsphinx-testdata at $testdata: that set left out"
fi
cp "$work/nonword.jsonl" "$work/cafe-words.jsonl"
i=0
while IFS= read -r sentence; do
    for voice in en-us en-gb+f3 en-us+m3; do
        i=$((i + 1))
        espeak-ng -v "$voice" -s 160 -w "$work/neg/tts-$i.wav" "$sentence"
    done
done <<EOT
the weather is supposed to turn cold again this weekend
could you call my sister and tell her I'm running late
the train to the city leaves from platform four
how do I reset the router in the living room
my favourite book this year was about the history of salt
please turn the lights off in the kitchen
we should paint the fence before the summer
what time does the football match start tonight
the dog needs a walk before it gets dark
remind me to water the tomatoes tomorrow morning
there is a strange noise coming from the washing machine
I think the meeting was moved to thursday afternoon
the children are building a castle out of cardboard
can you play some quiet music while I read
the bridge was closed for repairs all last month
did anyone see where I left my glasses
the museum has a new exhibition about old maps
I'd like to learn how to play the piano
it took three hours to drive through the snow
the printer upstairs is out of paper again
let's meet at the park near the library
my phone battery dies faster every week
the bakery on the corner closes at six
she planted roses along the garden wall
we watched a documentary about deep sea fish
how far is it from here to the airport
the neighbours are having a party on saturday
turn the volume down a little please
I left the umbrella on the bus this morning
the river flooded the fields after the storm
EOT
find "$work/neg" -name 'tts-*.wav' | sort | label "" >"$work/tts.jsonl"
i=0
while [ $i -lt 24 ]; do # 2.5 s of kitchen noise every 5 s, at the recording's own level
    sox -R "$speech/noise/kitchen.wav" -r 16000 -c 1 -b 16 "$work/neg/noise-$i.wav" trim $((i * 5)) 2.5
    i=$((i + 1))
done
find "$work/neg" -name 'noise-*.wav' | sort | label "" >"$work/noise.jsonl"
for set in testdata cafe-words tts noise; do
    [ -s "$work/$set.jsonl" ] && run_eval "$cafe" "$work/$set.jsonl" "$work/$set.json"
done
# The same non-commands in the top grammar the device listens with after its wake word: its
# short sentences ("pay", "pardon", "no") are what non-commands get taken for.
cat "$work/testdata.jsonl" "$work/cafe-words.jsonl" "$work/tts.jsonl" "$work/noise.jsonl" \
    >"$work/shop-neg.jsonl"
run_eval "$root/grammar/shop.gram" "$work/shop-neg.jsonl" "$work/shop-neg.json"

# ---- Beeps: a kitchen's timers and appliances, in the grammars with short sentences -------------
# 24 clips: steady beeps from 600 Hz to 3.6 kHz (one long, or three short) and sweeps, as they
# are and with kitchen noise at 12 dB. Every one must be rejected (grammar/tone.c).
say "beeps in shop.gram and confirm.gram"
mkdir -p "$work/beeps"
i=0
while [ $i -lt 8 ]; do
    hz=$((600 + i * 430))
    sox -n -r 16000 -b 16 -c 1 "$work/beeps/long-$i.wav" synth 1 sine $hz pad 0.3 0.3 vol 0.3
    sox -n -r 16000 -b 16 -c 1 "$work/beeps/three-$i.wav" synth 0.25 sine $hz pad 0 0.2 \
        repeat 2 vol 0.3
    sox -n -r 16000 -b 16 -c 1 "$work/beeps/sweep-$i.wav" synth 1.5 sine $((200 + i * 50))-$((2000 + i * 300)) vol 0.3
    i=$((i + 1))
done
find "$work/beeps" -name '*.wav' | sort | label "" >"$work/beeps.jsonl"
run_eval "$root/grammar/shop.gram" "$work/beeps.jsonl" "$work/beeps-shop.json" \
    --noise "$speech/noise/kitchen.wav" --snr 12
run_eval "$confirm" "$work/beeps.jsonl" "$work/beeps-confirm.json" \
    --noise "$speech/noise/kitchen.wav" --snr 12

# ---- Speed and memory: shopspeak wav over the spoken fixtures, shop.gram, sample catalog -------
fixtures=$build/tests/e2e/fixtures
if ! ls "$fixtures"/*.wav >/dev/null 2>&1; then
    say "no fixtures in $fixtures (ctest -R e2e.fixtures.generate): generating them"
    fixtures=$work/fx
    sh "$root/tests/fixtures/make-fixtures.sh" "$root/tests/fixtures/utterances.tsv" "$fixtures" \
        2>/dev/null
fi
find "$fixtures" -maxdepth 1 -name '*.wav' | sort >"$work/fx.list"
say "shopspeak wav over $(wc -l <"$work/fx.list") fixtures"
# shellcheck disable=SC2046
/usr/bin/time -f '%M %U %S' -o "$work/time" "$shopspeak" wav $(cat "$work/fx.list") \
    >"$work/wav.jsonl" 2>"$work/wav.log" || { cat "$work/wav.log" >&2; exit 1; }
# The same files one by one, each in a fresh process: what one command costs at most, whatever
# state the conversation above left the dialog in (after a question a file is decoded in the
# small yes/no grammar, so which file meets the top grammar changes with every grammar).
say "shopspeak wav of each fixture alone"
alone_kb=0
alone_file=-
while read -r f; do
    /usr/bin/time -f '%M' -o "$work/time1" "$shopspeak" wav "$f" >/dev/null 2>&1 || true
    kb=$(tail -n 1 "$work/time1")
    [ "$kb" -gt "$alone_kb" ] && { alone_kb=$kb; alone_file=$(basename "$f"); }
done <"$work/fx.list"
# CPU time inside asr_decode() for the same files (eval's RTF), insensitive to a busy machine.
# Labelled null: only this run's timing figures are used.
label "" <"$work/fx.list" >"$work/fx.jsonl"
run_eval "$root/grammar/shop.gram" "$work/fx.jsonl" "$work/fx.json"

# ---- The table ---------------------------------------------------------------------------------
echo "shopspeak recognition benchmark, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores," \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo
read -r maxrss user sys <"$work/time"
jq -nr --arg alone_kb "$alone_kb" --arg alone_file "$alone_file" --slurpfile c "$work/coffee.json" --slurpfile y "$work/confirm.json" \
    --slurpfile o "$work/othercmd.json" --slurpfile s "$work/stopright.json" \
    --slurpfile y0 "$work/confirm-h0.json" --slurpfile y1 "$work/confirm-h1.json" \
    --slurpfile td "$work/testdata.json" --slurpfile cw "$work/cafe-words.json" \
    --slurpfile tts "$work/tts.json" --slurpfile nz "$work/noise.json" \
    --slurpfile fx "$work/fx.json" --slurpfile wav "$work/wav.jsonl" \
    --slurpfile bb "$work/babble.json" --slurpfile wh "$work/white.json" --slurpfile pk "$work/pink.json" \
    --slurpfile sn "$work/shop-neg.json" --slurpfile bs "$work/beeps-shop.json" --slurpfile bc "$work/beeps-confirm.json" \
    --arg maxrss "$maxrss" --arg cpu "$(echo "$user $sys" | awk '{ print $1 + $2 }')" '
def p1: if . == null then "-" else (. * 10 | round / 10 | tostring) + "%" end;
def met(ok): if ok then "met" else "missed" end;
def n(f): (f * 10000 | round) / 10000;
$c[0] as $c | $c.conditions[0] as $clean | [$c.conditions[1:][]] as $noisy
| $c.noisy_average.command_acceptance_pct as $avg
| ($noisy | map(select(.snr_db == 6))[0]) as $six
| [$td[0], $cw[0], $tts[0], $nz[0]] as $sets
| ($sets | map(.non_commands) | add) as $nn
# The combined curve: non-commands accepted (counts summed over the sets) against commands
# rejected in the clean coffee pass, at the same thresholds.
| [range(0; $clean.curve | length) as $k
   | { t: $clean.curve[$k].threshold,
       fr: $clean.curve[$k].false_rejection_pct,
       fa: (100 * ($sets | map(.conditions[0].curve[$k].false_acceptance_pct * .non_commands / 100 | round)
                         | add) / $nn),
       sets: ($sets | map(.conditions[0].curve[$k].false_acceptance_pct)) }] as $curve
| ($sets | map(.conditions[0].false_acceptances) | add) as $fa_n
| ($curve | map(select(.fr != null and .fr <= 2)) | min_by(.fa)) as $best
| ($wav | map(.audio_seconds) | add) as $audio
| ($wav | map(.decode_ms) | add / 1000 / $audio) as $wall_rtf
| $fx[0].conditions[0].real_time_factor as $cpu_rtf
| ($maxrss | tonumber / 1024 | round) as $mb
| "| measure | value | target | |",
  "| --- | --- | --- | --- |",
  "| coffee-dev clean (cafe.gram, \($c.commands) orders): command acceptance | \($clean.command_acceptance_pct | p1) (\($clean.correct)/\($c.commands)), false rej \($clean.false_rejection_pct | p1) | >= 98% | \(met($clean.command_acceptance_pct >= 98)) |",
  ($noisy[] | "| kitchen \(.snr_db) dB: acceptance, false rej | \(.command_acceptance_pct | p1), \(.false_rejection_pct | p1) | | |"),
  "| noisy average 6-24 dB: acceptance, false rej | \($avg | p1), \($c.noisy_average.false_rejection_pct | p1) | >= 97.6% | \(met($avg >= 97.6)) |",
  "| 6 dB: acceptance | \($six.command_acceptance_pct | p1) | >= 93.5% | \(met($six.command_acceptance_pct >= 93.5)) |",
  (if ($bb | length) > 0 then ($bb[0].conditions[1:][] | "| babble (3 streams, one reader) \(.snr_db) dB: acceptance, false rej | \(.command_acceptance_pct | p1), \(.false_rejection_pct | p1) | | |") else empty end),
  ($wh[0].conditions[1:][] | "| white noise \(.snr_db) dB (steady): acceptance, false rej | \(.command_acceptance_pct | p1), \(.false_rejection_pct | p1) | | |"),
  ($pk[0].conditions[1:][] | "| pink noise \(.snr_db) dB (steady): acceptance, false rej | \(.command_acceptance_pct | p1), \(.false_rejection_pct | p1) | | |"),
  "| yes/no right (confirm.gram, words-dev yes+no, \($y[0].commands) clips) | \($y[0].conditions[0].command_acceptance_pct | p1) (false rej \($y[0].conditions[0].false_rejection_pct | p1)) | >= 98% | \(met($y[0].conditions[0].command_acceptance_pct >= 98)) |",
  "| confirm.gram: non-command words accepted (bed..wow, \($y[0].non_commands)) | \($y[0].conditions[0].false_acceptance_pct | p1) | rejected | |",
  ([$y0[0], $y1[0]] | "| confirm.gram by speaker half (ids 0-7 / 8-f): yes/no right, non-command words accepted | \(.[0].conditions[0].command_acceptance_pct | p1) of \(.[0].commands) / \(.[1].conditions[0].command_acceptance_pct | p1) of \(.[1].commands); \(.[0].conditions[0].false_acceptance_pct | p1) of \(.[0].non_commands) / \(.[1].conditions[0].false_acceptance_pct | p1) of \(.[1].non_commands) | | |"),
  "| confirm.gram: other command words accepted (zero..nine go up down left on off, \($o[0].non_commands)) | \($o[0].conditions[0].false_acceptance_pct | p1) | rejected | |",
  "| confirm.gram: stop as cancel, right as yes (\($s[0].commands)) | \($s[0].conditions[0].command_acceptance_pct | p1) | | |",
  "| rejection in cafe.gram at threshold \($c.threshold): FA of \($nn) non-commands | \(100 * $fa_n / $nn | p1) (\($fa_n)): testdata \($td[0].conditions[0].false_acceptance_pct | p1) of \($td[0].non_commands), words \($cw[0].conditions[0].false_acceptance_pct | p1) of \($cw[0].non_commands), eSpeak \($tts[0].conditions[0].false_acceptance_pct | p1) of \($tts[0].non_commands), noise \($nz[0].conditions[0].false_acceptance_pct | p1) of \($nz[0].non_commands) | <= 5% | \(met(100 * $fa_n / $nn <= 5)) |",
  ([$bs[0], $bc[0]] | "| beeps and sweeps accepted (\(.[0].non_commands)), in shop.gram / confirm.gram: as they are, with kitchen noise at 12 dB | \(.[0].conditions[0].false_acceptance_pct | p1), \(.[0].conditions[1].false_acceptance_pct | p1) / \(.[1].conditions[0].false_acceptance_pct | p1), \(.[1].conditions[1].false_acceptance_pct | p1) | rejected | \(met(map(.conditions[].false_acceptances) | add == 0)) |"),
  ($sn[0] | "| rejection in shop.gram (the top grammar) at threshold \(.threshold): FA of the same \(.non_commands) | \(.conditions[0].false_acceptance_pct | p1) (\(.conditions[0].false_acceptances)) | <= 5% | \(met(.conditions[0].false_acceptance_pct <= 5)) |"),
  "| rejection at threshold \($c.threshold): FR of coffee-dev | \($clean.false_rejection_pct | p1) | <= 2% | \(met($clean.false_rejection_pct <= 2)) |",
  "| best curve point with FR <= 2% | threshold \($best.t): FA \($best.fa | p1), FR \($best.fr | p1) | FA <= 5% | \(met($best != null and $best.fa <= 5)) |",
  "| decode RTF, CPU in asr_decode (shop.gram, \($fx[0].files) fixtures, \($audio * 10 | round / 10) s) | \(n($cpu_rtf)) | <= 0.05 | \(met($cpu_rtf <= 0.05)) |",
  "| decode RTF, wall clock (shopspeak wav decode_ms) | \(n($wall_rtf)) | | |",
  "| process CPU / audio, start-up included | \(n(($cpu | tonumber) / $audio)) | | |",
  "| peak memory of shopspeak wav over the \($fx[0].files) fixtures as one conversation (max RSS) | \($mb) MB | <= 60 MB | \(met($mb <= 60)) |",
  "| peak memory of the heaviest fixture alone (a fresh shopspeak wav each) | \(($alone_kb | tonumber) / 1024 | round) MB (\($alone_file)) | <= 60 MB | \(met(($alone_kb | tonumber) / 1024 <= 60)) |",
  "| coffee-dev RTF (CPU, clean pass) | \(n($clean.real_time_factor)) | | |",
  "",
  "Rejection curve in cafe.gram: FA over the \($nn) non-commands (and per set), FR over coffee-dev (clean)",
  "",
  "| threshold | FA | FR | FA testdata | FA words | FA eSpeak | FA noise |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  ($curve[] | "| \(.t) | \(.fa | p1) | \(.fr | p1) | \(.sets | map(p1) | join(" | ")) |")
'
