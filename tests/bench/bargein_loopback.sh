#!/bin/sh
# bargein_loopback.sh - barge-in measured through a real loopback: `shopspeak listen --barge-in
# yes` plays its answers into a PulseAudio null sink ("speaker"), whose monitor is fed back,
# with the latency and gain of a loopback module, into a second null sink ("room") that is
# listen's microphone. The shopper's voice (the question, then "stop") is played into the room
# too. Unlike bargein.sh, whose echo is placed at a fixed time in a file, the echo here is
# caused by the playback, with the timing and buffering of real streams.
#
# Prints one row per run: the echo gain, the voice, which answer and how far into it "stop"
# was said, whether it cut the answer, and how long after the end of "stop" the answer stopped.
# Record the table in docs/BENCHMARKS.md ("Barge-in through a loopback").
#
# Usage: tests/bench/bargein_loopback.sh BUILD_DIR
#   BARGEIN_VOICES (default "en-us en-gb+f3 en-us+m3 en-us+f2"), BARGEIN_GAINS (dB of the echo,
#   default "-8 -2"), BARGEIN_AT (fractions of the answer, default "0.25 0.5 0.75"),
#   BARGEIN_ANSWERS ("1 2": "stop" over the first answer, or over the second, when the
#   canceller has adapted during the first), BARGEIN_WORK=DIR keeps the files.
# Needs pulseaudio, pulseaudio-utils and libasound2-plugins (ALSA's "pulse" device):
#   apt-get install pulseaudio pulseaudio-utils libasound2-plugins
# Real time: about 20 s a run, 2 x 4 x 3 x 2 + 2 runs (16 minutes).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
shopspeak=$build/firmware/shopspeak
[ -x "$shopspeak" ] || { echo "$0: build first: no $shopspeak" >&2; exit 2; }
for tool in pulseaudio pactl paplay sox soxi espeak-ng; do
    command -v "$tool" >/dev/null || {
        echo "$0: needs $tool: apt-get install pulseaudio pulseaudio-utils libasound2-plugins sox espeak-ng" >&2
        exit 2
    }
done
[ -e /usr/lib/x86_64-linux-gnu/alsa-lib/libasound_module_pcm_pulse.so ] ||
    ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so >/dev/null 2>&1 ||
    { echo "$0: needs ALSA's pulse device: apt-get install libasound2-plugins" >&2; exit 2; }
voices=${BARGEIN_VOICES:-en-us en-gb+f3 en-us+m3 en-us+f2}
gains=${BARGEIN_GAINS:--8 -2}
ats=${BARGEIN_AT:-0.25 0.5 0.75}
answers=${BARGEIN_ANSWERS:-1 2}
if [ -n "${BARGEIN_WORK:-}" ]; then
    work=$BARGEIN_WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
fi
say() { echo "bargein_loopback.sh: $*" >&2; }

# A private PulseAudio server: nothing of the machine's own sound setup is touched.
mkdir -p "$work/pulse" "$work/home"
export PULSE_RUNTIME_PATH="$work/pulse" PULSE_SERVER="unix:$work/pulse/native" HOME="$work/home"
pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
    --log-target="file:$work/pulse.log" \
    -L "module-native-protocol-unix socket=$work/pulse/native auth-anonymous=1" \
    -L "module-null-sink sink_name=speaker rate=48000 channels=2" \
    -L "module-null-sink sink_name=room rate=48000 channels=2" \
    -L "module-loopback source=speaker.monitor sink=room latency_msec=20" &
pulse=$!
cleanup() {
    kill "$pulse" 2>/dev/null || true
    [ -n "${BARGEIN_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
i=0
until pactl info >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -lt 100 ] || { say "PulseAudio did not start: $work/pulse.log"; exit 1; }
    sleep 0.1
done
pactl set-default-sink speaker
pactl set-default-source room.monitor
loopback=$(pactl list short sink-inputs | awk 'NR == 1 {print $1}')
baseline=$(pactl list short sink-inputs | wc -l)

now_ms() { echo $(($(date +%s%N) / 1000000)); }
playing() { [ "$(pactl list short sink-inputs | wc -l)" -gt "$baseline" ]; }
# wait_playing yes|no [SECONDS]: until listen's playback has started (yes) or ended (no).
wait_playing() {
    n=$(echo "${2:-20} * 100" | bc | cut -d. -f1)
    while [ "$n" -gt 0 ]; do
        if [ "$1" = yes ] && playing; then return 0; fi
        if [ "$1" = no ] && ! playing; then return 0; fi
        sleep 0.01
        n=$((n - 1))
    done
    return 1
}

espeak-ng -v en-us -s 160 -w "$work/q.wav" "how much are the lavazza espresso beans"

# run NAME GAIN ANSWER AT STOPWAV: one listen; "stop" (STOPWAV, or none) AT seconds into
# answer ANSWER. Prints "cut reaction_ms".
run() {
    pactl set-sink-input-volume "$loopback" "$2dB"
    XDG_DATA_HOME="$work/data-$1" "$shopspeak" listen --activation always --reject-below 0 \
        --confirm-slot-below 0 --earcons off --barge-in yes --duration 40 \
        --reply-dir "$work/reply-$1" >"$work/$1.out" 2>"$work/$1.err" &
    listen=$!
    wait_playing yes 30 && wait_playing no # the greeting
    a=1
    while [ "$a" -le "$3" ]; do
        sleep 0.5
        paplay -d room "$work/q.wav"
        wait_playing yes 10 || break
        if [ "$a" -lt "$3" ]; then wait_playing no; fi
        a=$((a + 1))
    done
    reaction=-
    if [ -n "$5" ]; then
        sleep "$4"
        paplay -d room "$5"
        said=$(now_ms)
        if wait_playing no 15; then reaction=$(($(now_ms) - said)); fi
    else
        wait_playing no 20 || true
    fi
    kill -INT "$listen" 2>/dev/null || true
    wait "$listen" 2>/dev/null || true
    if grep -q 'stopped speaking' "$work/$1.err"; then cut=yes; else cut=no reaction=-; fi
    echo "$cut $reaction"
}

# How long the answer is: a run without "stop".
run echo--8 -8 1 0 "" >/dev/null
grep -q '^answer:' "$work/echo--8.out" || { say "the question was not answered: $work/echo--8.out"; exit 1; }
secs=$(for f in "$work"/reply-echo--8/*.wav; do soxi -D "$f"; done | sort -n | tail -1)
say "answer: $secs s"

printf '%-8s %-8s %-7s %6s %5s %12s\n' echo_dB voice answer at_s cut reaction_ms
total=0 cuts=0 false=0
for g in $gains; do
    r=$(run "echo-$g" "$g" 2 0 "")
    [ "${r%% *}" = no ] || false=$((false + 1))
    printf '%-8s %-8s %-7s %6s %5s %12s\n' "$g" "(none)" "1, 2" - "${r%% *}" "(echo alone)"
    for v in $voices; do
        espeak-ng -v "$v" -s 150 -w "$work/stop-$v.wav" "stop"
        for ans in $answers; do
            for f in $ats; do
                at=$(echo "$secs * $f" | bc -l | cut -c1-4)
                r=$(run "s-$g-$v-$ans-$f" "$g" "$ans" "$at" "$work/stop-$v.wav")
                total=$((total + 1))
                [ "${r%% *}" = no ] || cuts=$((cuts + 1))
                printf '%-8s %-8s %-7s %6s %5s %12s\n' "$g" "$v" "$ans" "$at" "${r%% *}" "${r#* }"
            done
        done
    done
done
echo "stop cut the answer: $cuts of $total; the echo alone cut it: $false of $(echo $gains | wc -w)"
