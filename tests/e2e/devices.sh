#!/bin/sh
# `shopspeak devices` with the test ALSA setup (tests/alsa) and on a machine with no sound card.
. "$SOURCE_DIR/tests/e2e/lib.sh"
sh "$SOURCE_DIR/tests/alsa/make-asoundrc.sh" "$WORK/alsa" "$WORK/mic.raw" >/dev/null

ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 0 "devices lists the test devices" \
    "$SHOPSPEAK" devices
cat "$WORK/out"
expect_grep '^Inputs:' "$WORK/out" "an Inputs section"
expect_grep '^Outputs:' "$WORK/out" "an Outputs section"
expect_grep '^ *[0-9][0-9]* *[0-9][0-9]* *16000 *shopspeak_capture16 (ALSA)$' "$WORK/out" \
    "index, channels, default rate and name of the 16 kHz test microphone"
expect_grep '48000 *shopspeak_capture48' "$WORK/out" "the 48 kHz one with its rate"
n=$(grep -c '^  \*' "$WORK/out")
if [ "$n" -eq 2 ]; then ok "one default input and one default output marked"; else not_ok "$n default marks"; fi

# The index shown is what --device takes.
idx=$(sed -n '/^Inputs:/,/^$/p' "$WORK/out" | awk '/shopspeak_capture16/ {sub(/\*/, "", $1); print $1}')
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 0 "listen takes the listed index" \
    "$SHOPSPEAK" listen --device "$idx" --activation always --duration 0.5

# So does --output; one that is not there stops listen at once, not every answer later.
oidx=$(sed -n '/^Outputs:/,/^$/p' "$WORK/out" | awk '/default/ {sub(/\*/, "", $1); print $1}')
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 0 "listen takes a listed output index" \
    "$SHOPSPEAK" listen --output "$oidx" --activation always --duration 0.5
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 6 "an output that is not there: exit 6" \
    "$SHOPSPEAK" listen --output nosuchspeaker --activation always --duration 0.5
expect_one_line_error "an output that is not there"
expect_grep 'no output device matches "nosuchspeaker"; available: ' "$WORK/err" "names the output"
# Part of a name must pick one device: two microphones named alike are not chosen between.
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 6 "a name two inputs contain: exit 6" \
    "$SHOPSPEAK" listen --device shopspeak_capture --activation always --duration 0.5
expect_one_line_error "a name two inputs contain"
expect_grep '"shopspeak_capture" matches 2 input devices: .*give more of the name' "$WORK/err" \
    "lists the devices it matches"
ALSA_CONFIG_PATH="$WORK/alsa/asound.conf" expect_exit 0 "the whole name, in any case" \
    "$SHOPSPEAK" listen --device SHOPSPEAK_CAPTURE16 --activation always --duration 0.5

ALSA_CONFIG_PATH="$WORK/alsa/nodevice.conf" expect_exit 6 "no sound card: exit 6" \
    "$SHOPSPEAK" devices
expect_one_line_error "no sound card"
expect_grep 'no audio device found' "$WORK/err" "says there is no device"
expect_exit 2 "an unexpected argument is a usage error" "$SHOPSPEAK" devices extra
finish
