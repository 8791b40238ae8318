#!/bin/sh
# The GPIO push-to-talk button of `shopspeak listen`: a press, then the question, is answered;
# no press, or only a release, is not; contact bounce is one press; a busy line, a line the
# chip does not have and a button that fails while listening are one line each. This machine
# has no GPIO chip, so libgpiod is replaced by tests/gpio/fake_gpiod.c (LD_PRELOAD), whose
# edges come from a FIFO; shopspeak's button.c, its listen loop, PortAudio over ALSA's file
# plugin and the recognizer are the real ones.
. "$SOURCE_DIR/tests/e2e/lib.sh"

# 3 s of room, "is the oat milk in stock", 3 s of room: the press is in the FIFO before the
# program starts, so it is read with the first audio frames.
espeak-ng -v en-us -s 160 -w "$WORK/q.wav" "is the oat milk in stock"
sox -n -r 22050 -c 1 -b 16 "$WORK/gap.wav" trim 0 1.5
sox "$WORK/gap.wav" "$WORK/gap.wav" "$WORK/q.wav" "$WORK/gap.wav" "$WORK/gap.wav" \
    -t raw -e signed -b 16 -c 1 -r 16000 "$WORK/mic.raw"
sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa" "$WORK/mic.raw" >/dev/null

# queue_events EVENTS: a fresh FIFO of edges (see fake_gpiod.c) with EVENTS waiting in it; fd 3
# holds it open until the run is over (`exec 3>&-`), so the bytes wait for shopspeak to read.
queue_events() {
    rm -f "$WORK/events"
    mkfifo "$WORK/events"
    exec 3<>"$WORK/events"
    printf '%s' "$1" >&3
}
# with_fake_gpiod [ENV=VALUE...] COMMAND...: COMMAND with the stand-in chip in place of libgpiod,
# its edges from the FIFO, the microphone from mic.raw. The stand-in is not built with the
# sanitizers, so it comes ahead of their runtime: ASan is told that is fine.
with_fake_gpiod() {
    env LD_PRELOAD="$FAKE_GPIOD" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" SHOPSPEAK_FAKE_GPIO_EVENTS="$WORK/events" "$@"
}
LISTEN_GPIO="listen --reject-below 0 --confirm-slot-below 0 --activation ptt --ptt-key gpio
    --gpio-chip gpiochip-fake --gpio-line 4 --duration 7"

# gpio_listen EXIT EVENTS DESCRIPTION [ENV=VALUE...]: shopspeak listen with the button on line 4
# of the stand-in chip and EVENTS queued.
gpio_listen() {
    want=$1 what=$3
    queue_events "$2"
    shift 3
    # shellcheck disable=SC2086
    expect_exit "$want" "$what" with_fake_gpiod "$@" "$SHOPSPEAK" $LISTEN_GPIO
    exec 3>&-
}
# presses: how many times the button armed listening ("x" when there is no stderr to count).
presses() { grep -c 'button: listening for a command' "$WORK/err" 2>/dev/null || [ -f "$WORK/err" ] || echo x; }

gpio_listen 0 F "a press of the button, then the question"
expect_grep 'fake-gpiod: line 4 requested by shopspeak: falling edges, pull-up' "$WORK/err" \
    "the line is asked for falling edges with the pull-up on"
expect_grep 'shopspeak: button: listening for a command' "$WORK/err" "the press arms listening"
expect_grep 'intent: stock product="oat milk"' "$WORK/out" "the question after the press is answered"

gpio_listen 0 "" "no press"
if grep -q '^heard:' "$WORK/out"; then not_ok "without a press nothing is acted on"; cat "$WORK/out"
else ok "without a press nothing is acted on"; fi

gpio_listen 0 R "a release alone (rising edge)"
if grep -q '^heard:' "$WORK/out" || [ "$(presses)" != 0 ]; then
    not_ok "a rising edge is not a press"; cat "$WORK/err"; else ok "a rising edge is not a press"; fi

# A burst of edges queued together (bounce, and a second press 100 ms later, '+') is taken as
# one press: every queued edge is read at once, so none is left over to arm listening again
# after the answer. (The 50 ms debounce itself, across reads: unit.firmware.button.)
gpio_listen 0 FFFF+F "a bouncing press"
n=$(presses)
if [ "$n" = 1 ]; then ok "a burst of edges arms listening once"; else
    not_ok "armed $n times"; cat "$WORK/err"; fi
expect_grep 'intent: stock product="oat milk"' "$WORK/out" "the bouncing press still gets the answer"

# Without bias flags (kernels before 5.5 refuse them: EINVAL) the line is asked for again
# without the pull-up.
gpio_listen 0 F "a kernel without bias flags" SHOPSPEAK_FAKE_GPIO_NO_BIAS=1
expect_grep 'falling edges, no pull-up' "$WORK/err" "it falls back to no pull-up"
expect_grep 'intent: stock product="oat milk"' "$WORK/out" "and the press still works"

# The button fails while listening (every read from then on): said once, the button is let
# go, and listening goes on with Enter on the terminal, which still gets the question answered.
queue_events EE
# shellcheck disable=SC2086
with_fake_gpiod "$SHOPSPEAK" $LISTEN_GPIO >"$WORK/out" 2>"$WORK/err" <<EOT

EOT
rc=$?
exec 3>&-
n=$(grep -c 'shopspeak: reading the GPIO button: Input/output error' "$WORK/err")
if [ "$rc" -eq 0 ] && [ "$n" = 1 ]; then ok "a failing button is reported once (exit 0)"; else
    not_ok "a failing button: exit $rc, reported $n times"; cat "$WORK/err"; fi
expect_grep 'shopspeak: Enter: listening for a command' "$WORK/err" "then Enter arms listening"
expect_grep 'intent: stock product="oat milk"' "$WORK/out" "and the question is answered"

gpio_listen 6 F "a line another program holds" SHOPSPEAK_FAKE_GPIO_BUSY=4
expect_one_line_error "busy line"
expect_grep "cannot use line 4 of GPIO chip 'gpiochip-fake' for the button: Device or resource busy" \
    "$WORK/err" "says which line and why"

expect_exit 6 "a line the chip does not have" with_fake_gpiod "$SHOPSPEAK" listen --activation ptt \
    --ptt-key gpio --gpio-chip gpiochip-fake --gpio-line 9 --duration 1
expect_one_line_error "no such line"
expect_grep "GPIO chip 'gpiochip-fake' has no line 9 (gpio-line; it has lines 0-7)" "$WORK/err" \
    "names the lines there are"

finish
