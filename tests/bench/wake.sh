#!/bin/sh
# wake.sh BUILD - the wake word's detection rate and false activations per hour, as a curve over
# the check's threshold, on two disjoint halves: "tune" (the threshold is chosen on it) and
# "test" (held out: other eSpeak NG voices, other speakers, other recordings, other noise
# offsets). Prints the tables of docs/BENCHMARKS.md.
#
# With the wake word: "hey shop" alone, before a command, and after other words, in six eSpeak NG
# voices per half (voice and variant), speeds 130-190 words a minute, pitch 35-65; each clean and
# with kitchen noise at 12 dB (../shared/speech/noise/kitchen.wav).
# Without it: Speech Commands words (../shared/speech/words-dev, halves by speaker), spoken
# coffee orders (../shared/speech/coffee-dev), Debian's pocketsphinx-testdata (LibriVox, cards,
# digits, commands) and synthesised sentences (some close to the wake word: "hey there", "let's
# go to the shop"), the real recordings clean and at 12 dB, the synthesised ones likewise.
# Missing sets are skipped with a message. Environment: SHOPSPEAK_SPEECH_DIR, PS_TESTDATA,
# WAKE_BENCH_DIR (keep the generated audio and results there instead of a temporary folder).
set -eu
build=${1:-build}
bench="$build/tests/bench_wake"
[ -x "$bench" ] || { echo "wake.sh: build $bench first" >&2; exit 1; }
here=$(cd "$(dirname "$0")/../.." && pwd)
speech=${SHOPSPEAK_SPEECH_DIR:-$here/../shared/speech}
testdata=${PS_TESTDATA:-/usr/share/pocketsphinx/test/data}
# WAKE_NOISE=FILE: another noise (a 16 kHz WAV) instead of the kitchen, e.g. a steady one.
noise=${WAKE_NOISE:-$speech/noise/kitchen.wav}
if [ -n "${WAKE_BENCH_DIR:-}" ]; then
    work=$WAKE_BENCH_DIR
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
thresholds="0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 0.95"
# The threshold is chosen on the tune half: the lowest with at most this many false activations
# an hour of audio without the wake word (all of it speech, the confusable sentences included).
max_fa=${WAKE_MAX_FA:-20}

# The eSpeak NG voices (voice+variant) of each half: no voice is in both.
voices_of() {
    case $1 in
    tune) echo "en-us en-gb+f3 en-029+m3 en-gb-x-rp+f2 en-us-nyc+m5 en-gb-scotland+Annie" ;;
    test) echo "en-us+f4 en-gb+m7 en-gb-x-gbclan+f1 en-gb-x-gbcwmd+m2 en-us+Andy en-029+f5" ;;
    esac
}

# synth HALF KIND TEXT...: one WAV per text, voice of the half and speed, numbered on from $n.
synth() {
    half=$1 kind=$2
    shift 2
    for text in "$@"; do
        for v in $(voices_of "$half"); do
            for sp in 130 150 170 190; do
                n=$((n + 1))
                espeak-ng -v "$v" -s "$sp" -p $((35 + (n * 7) % 31)) \
                    -w "$work/$half/$kind/$(printf %04d $n).wav" "$text"
            done
        done
    done
}

# Negatives: of the real recordings, files by half (speaker or file order).
real_sets() {
    half=$1
    if [ -d "$speech/words-dev" ]; then
        # Speech Commands: the speaker is the name's first part; by its first hex digit.
        find "$speech/words-dev" -name '*.wav' | sort | while read -r f; do
            d=$(basename "$f" | cut -c1)
            case $half:$d in tune:[02468ace]|test:[13579bdf]) echo "$f" ;; esac
        done
    else
        echo "wake.sh: $speech/words-dev not found: skipped" >&2
    fi
    if [ -d "$speech/coffee-dev/wav" ]; then
        find "$speech/coffee-dev/wav" -name '*.wav' | sort |
            awk -v h="$half" '(NR % 2 == 1) == (h == "tune")'
    else
        echo "wake.sh: $speech/coffee-dev not found: skipped" >&2
    fi
    if [ -d "$testdata" ]; then
        find "$work/psdata" -name '*.wav' | sort | awk -v h="$half" '(NR % 2 == 1) == (h == "tune")'
    fi
}

if [ ! -f "$work/.generated" ]; then
    for h in tune test; do
        mkdir -p "$work/$h/yes" "$work/$h/no"
        n=0
        synth "$h" yes "hey shop" "hey shop, is the oat milk in stock" \
            "hey shop, add two bags of coffee to my cart" "okay then. hey shop, what is on special"
        n=0
        if [ "$h" = tune ]; then
            synth "$h" no "is the oat milk in stock" "hey there, how are you today" \
                "let's go to the shop" "they shopped for groceries yesterday" "hello shopspeak" \
                "add sourdough bread to my cart" "hey, can you help me" \
                "the shopkeeper said hey to everyone" "what's on the shopping list"
        else
            synth "$h" no "how much are the lavazza espresso beans" "okay, stop" \
                "hey, hold on a second" "we should stop at the shops" "he shopped around for days" \
                "hey jo, pass me the salt" "reorder coffee pods" "yes please" \
                "the chocolate shop is closed on sundays"
        fi
    done
    mkdir -p "$work/psdata"
    if [ -d "$testdata" ]; then
        for f in "$testdata"/librivox/*.wav "$testdata"/cards/*.wav; do
            cp "$f" "$work/psdata/$(basename "$(dirname "$f")")-$(basename "$f")"
        done
        for f in goforward numbers something; do
            sox -t raw -r 16000 -e signed -b 16 -c 1 "$testdata/$f.raw" "$work/psdata/$f.wav"
        done
    else
        echo "wake.sh: $testdata not found (Debian: pocketsphinx-testdata): skipped" >&2
    fi
    touch "$work/.generated"
fi

# One stream per set and condition, as a microphone's; a quiet second leads in for the live CMN.
# -R: the same noise on every run (sox seeds its generator randomly otherwise).
sox -R -n -r 16000 -c 1 -b 16 "$work/lead.wav" synth 1 whitenoise vol 0.002
for h in tune test; do
    seed=1 # the noise offsets of the halves differ
    [ "$h" = test ] && seed=2
    real_sets "$h" >"$work/$h/real.list"
    # shellcheck disable=SC2046
    {
        "$bench" 0 "hey shop" "$work/lead.wav" "$work/$h"/yes/*.wav | sed 's/^/yes\tclean\t/'
        "$bench" --noise "$noise" --snr 12 --seed "$seed" 0 "hey shop" "$work/lead.wav" \
            "$work/$h"/yes/*.wav | sed 's/^/yes\t12dB\t/'
        "$bench" 0 "hey shop" "$work/lead.wav" "$work/$h"/no/*.wav $(cat "$work/$h/real.list") |
            sed 's/^/no\tclean\t/'
        "$bench" --noise "$noise" --snr 12 --seed "$seed" 0 "hey shop" "$work/lead.wav" \
            "$work/$h"/no/*.wav $(cat "$work/$h/real.list") | sed 's/^/no\t12dB\t/'
    } | grep -v "lead.wav" >"$work/$h.tsv"
done

# The curve: a recording with the wake word is detected when a proposal in it reaches the
# threshold; every proposal that reaches it in audio without the wake word is a false activation,
# counted apart for real recordings and for the synthesised sentences (many close to the phrase).
curve() {
    awk -F'\t' -v ts="$thresholds" -v synth="$work/" '
        function src(f) { return index(f, synth) == 1 ? "synth" : "real" }
        $3 == "file" && $1 == "yes" { ny[$2]++ }
        $3 == "file" && $1 == "no" { secs[src($4)] += $5 }
        $3 == "cand" { n++; set[n] = $1; cond[n] = $2; key[n] = $2 SUBSEP $4; conf[n] = $9
                       from[n] = src($4) }
        END {
            k = split(ts, t, " ")
            all = secs["real"] + secs["synth"]
            print "| threshold | detected, clean | detected, 12 dB | false, real speech | false, synthesised | false per hour (all) |"
            print "| --- | --- | --- | --- | --- | --- |"
            for (i = 1; i <= k; i++) {
                split("", hit); fa["real"] = 0; fa["synth"] = 0
                for (j = 1; j <= n; j++) if (conf[j] >= t[i]) {
                    if (set[j] == "yes") hit[key[j]] = 1; else fa[from[j]]++
                }
                h["clean"] = 0; h["12dB"] = 0
                for (x in hit) { split(x, p, SUBSEP); h[p[1]]++ }
                printf "| %s | %d/%d (%.0f%%) | %d/%d (%.0f%%) | %d in %.0f min (%.1f/h) | %d in %.0f min (%.1f/h) | %.1f |\n",
                    t[i], h["clean"], ny["clean"], 100 * h["clean"] / ny["clean"],
                    h["12dB"], ny["12dB"], 100 * h["12dB"] / ny["12dB"],
                    fa["real"], secs["real"] / 60, fa["real"] * 3600 / secs["real"],
                    fa["synth"], secs["synth"] / 60, fa["synth"] * 3600 / secs["synth"],
                    (fa["real"] + fa["synth"]) * 3600 / all
                if (!chosen && (fa["real"] + fa["synth"]) * 3600 / all <= max_fa) chosen = t[i]
            }
            if (choose) printf "\nChosen: %s, the lowest threshold with at most %d false activations an hour here.\n", chosen, max_fa
        }' choose="$2" max_fa="$max_fa" "$1"
}
echo "Tune half ($(grep -c '^yes.*file' "$work/tune.tsv") recordings with the wake word):"
curve "$work/tune.tsv" 1
echo
echo "Test half (held out):"
curve "$work/test.tsv" 0
