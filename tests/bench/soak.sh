#!/bin/sh
# soak.sh BUILD [SECONDS] [OUTDIR] - memory of `shopspeak listen` over a long run (default one
# hour). The microphone is ALSA's file plugin reading a FIFO that a feeder fills at real time with
# a looped recording (wake word + command, four times, then room noise: about 30 s a loop), so
# the run lasts SECONDS of wall time like a speaker's would. VmRSS and VmHWM of the process are
# sampled from /proc/PID/status every minute into OUTDIR/rss.tsv (default: a new directory under
# /tmp, printed first); at the end a table of RSS at the start, every 10 minutes and the end,
# and the peak memory at the start and the end. Run it under `nice`; it uses little CPU.
set -eu
build=${1:-build}
seconds=${2:-3600}
out=${3:-$(mktemp -d /tmp/shopspeak-soak.XXXXXX)}
step=${SOAK_STEP:-60} # seconds between samples
shopspeak="$build/firmware/shopspeak"
[ -x "$shopspeak" ] || { echo "soak.sh: build $shopspeak first" >&2; exit 1; }
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
echo "soak.sh: $seconds s; log in $out" >&2
export XDG_DATA_HOME="$out/data" # a fresh sample catalog, not the user's

# The loop: each command after the wake word; "reorder" is answered with a question and the
# "no" after it cancels, so the dialog state is exercised and the catalog does not grow.
w="$out/wav"
mkdir -p "$w"
sox -n -r 22050 -c 1 -b 16 "$w/gap.wav" trim 0 1.5
sox -n -r 22050 -c 1 -b 16 "$w/room.wav" synth 10 whitenoise vol 0.003
set -- "hey shop, is the oat milk in stock" "hey shop, how much is the oat milk" \
    "hey shop, reorder coffee pods" "hey shop, no"
i=0
parts=""
for s in "$@"; do
    i=$((i + 1))
    espeak-ng -v en-us -s 160 -w "$w/c$i.wav" "$s"
    parts="$parts $w/gap.wav $w/c$i.wav $w/gap.wav"
done
# shellcheck disable=SC2086
sox $parts "$w/room.wav" -t raw -e signed -b 16 -c 1 -r 16000 "$out/loop.raw"
loop_s=$(($(wc -c <"$out/loop.raw") / 32000))

fifo="$out/mic.fifo"
rm -f "$fifo"
mkfifo "$fifo"
sh "$here/tests/alsa/make-asoundrc.sh" "$out/alsa" "$fifo" >/dev/null

# The feeder: 100 ms of the loop every 100 ms by the clock (no drift), forever. ALSA opens the
# FIFO when PortAudio probes the devices and closes it again: a write that fails reopens it.
perl -MTime::HiRes=time,sleep -e '
    my ($fifo, $raw) = @ARGV; $SIG{PIPE} = "IGNORE";
    open(my $in, "<:raw", $raw) or die; local $/; my $loop = <$in>; close $in;
    my ($pos, $chunk, $t0, $n) = (0, 3200, time, 0);
    OPEN: while (1) {
        open(my $f, ">:raw", $fifo) or die "$fifo: $!"; select((select($f), $| = 1)[0]);
        while (1) {
            my $buf = substr($loop, $pos, $chunk);
            $buf .= substr($loop, 0, $chunk - length $buf) if length $buf < $chunk;
            if (!print $f $buf) { close $f; next OPEN; }
            $pos = ($pos + $chunk) % length $loop; $n++;
            my $wait = $t0 + $n * 0.1 - time; sleep $wait if $wait > 0;
        }
    }' "$fifo" "$out/loop.raw" &
feeder=$!
trap 'kill $feeder 2>/dev/null || true' EXIT INT TERM

# --wake-threshold 1e-40: every phrase the spotter proposes and the check can align wakes it, so
# each loop's command is answered: this measures memory over time, not the wake word (wake.sh).
# --confirm-slot-below 0: eSpeak's product words score low, and "Did you say oat milk?" would
# turn every loop into a different conversation from the one above.
ALSA_CONFIG_PATH="$out/alsa/asound.conf" nice -n 10 "$shopspeak" listen --activation wake \
    --wake-threshold 1e-40 --reject-below 0 --confirm-slot-below 0 --duration "$seconds" \
    >"$out/turns.txt" 2>"$out/stderr.txt" </dev/null &
pid=$!
for _ in $(seq 1 600); do grep -q "listening" "$out/stderr.txt" 2>/dev/null && break; sleep 0.1; done
printf 'elapsed_s\tvmrss_kb\tvmhwm_kb\n' >"$out/rss.tsv"
start=$(date +%s)
while kill -0 $pid 2>/dev/null; do
    now=$(($(date +%s) - start))
    awk -v t="$now" '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { if (r) printf "%d\t%d\t%d\n", t, r, h }' \
        "/proc/$pid/status" >>"$out/rss.tsv" 2>/dev/null || true
    # Sleep in short steps so the last sample is taken close to the end.
    s=0
    while [ $s -lt "$step" ] && kill -0 $pid 2>/dev/null; do sleep 1; s=$((s + 1)); done
done
wait $pid && rc=0 || rc=$?

turns=$(grep -c '^heard:' "$out/turns.txt" || true)
wakes=$(grep -c 'wake word heard' "$out/stderr.txt" || true)
loops=$((seconds / loop_s))
printf '\nshopspeak listen, %s s (a %s s loop, ~%s times): exit %s, %s wake words, %s commands answered (4 a loop)\n\n' \
    "$seconds" "$loop_s" "$loops" "$rc" "$wakes" "$turns"
# What the commands were heard as: the loop's four (stock, price, reorder, no) in equal numbers
# when the conversation goes as planned.
printf 'intents: %s\n\n' "$(sed -n 's/^intent: \([a-z_()]*\).*/\1/p' "$out/turns.txt" | sort | uniq -c |
    awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }')"
printf '| elapsed | VmRSS | VmHWM (peak) |\n| --- | --- | --- |\n'
awk -F'\t' 'NR > 1 { t[++n] = $1; r[n] = $2; h[n] = $3 }
    END { next_t = 0
          for (i = 1; i <= n; i++) if (t[i] >= next_t || i == n) {
              printf "| %d min | %.1f MB | %.1f MB |\n", t[i] / 60, r[i] / 1024, h[i] / 1024
              while (next_t <= t[i]) next_t += 600 }
          if (n) printf "\npeak memory (VmHWM): %.1f MB at the start, %.1f MB at the end; RSS %+.1f MB from start to end\n",
                        h[1] / 1024, h[n] / 1024, (r[n] - r[1]) / 1024 }' "$out/rss.tsv"
echo "samples: $out/rss.tsv; turns: $out/turns.txt; log: $out/stderr.txt"
