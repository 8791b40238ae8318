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

# A microphone named in the settings but not there at start-up is waited for: listen looks for
# devices again with the unplug backoff, and starts once it is there (here the ALSA setup gains
# a device named late_mic 1.5 s in, as a USB microphone found late at boot would appear).
cp "$WORK/alsa/asound.conf" "$WORK/alsa/late.conf"
(sleep 1.5 && sed 's/shopspeak_capture16/late_mic/g' "$WORK/alsa/asound.conf" >"$WORK/alsa/late.new" &&
    mv "$WORK/alsa/late.new" "$WORK/alsa/late.conf") &
ALSA_CONFIG_PATH="$WORK/alsa/late.conf" expect_exit 0 "a named microphone that comes late" \
    timeout -s INT 20 "$SHOPSPEAK" listen --device late_mic --activation always --duration 0.5 \
    --retry-min 0.2 --retry-max 0.4
wait
expect_grep 'no input device matches "late_mic".*waiting for it' "$WORK/err" "says it waits, and for what"
expect_grep 'the microphone is here' "$WORK/err" "finds it when it is there"
expect_grep 'listening' "$WORK/err" "and listens"

ALSA_CONFIG_PATH="$WORK/alsa/nodevice.conf" expect_exit 6 "no sound card: exit 6" \
    "$SHOPSPEAK" devices
expect_one_line_error "no sound card"
expect_grep 'no audio device found' "$WORK/err" "says there is no device"
expect_exit 2 "an unexpected argument is a usage error" "$SHOPSPEAK" devices extra
finish
