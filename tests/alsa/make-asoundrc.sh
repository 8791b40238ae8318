#!/bin/sh
# make-asoundrc.sh OUTDIR RAW16 [RAW48] - write OUTDIR/asound.conf, a test ALSA setup whose
# default capture device plays RAW16 (raw S16_LE, 16 kHz, mono) and whose device
# "shopspeak_capture48" plays RAW48 (raw S16_LE, 48 kHz, stereo); playback goes to null, or
# with --output shopspeak_speaker to OUTDIR/speaker.raw (raw S16_LE, 16 kHz, mono).
# Make a raw file from a WAV with:  sox in.wav -t raw -e signed -b 16 -c 1 -r 16000 out.raw
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 OUTDIR RAW16 [RAW48]" >&2
    exit 2
fi
outdir=$1
raw16=$2
raw48=${3:-$2}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$outdir"
# ALSA opens infile when the device is probed: it must exist, even if still empty.
for f in "$raw16" "$raw48"; do
    [ -e "$f" ] || : >"$f"
done
sed -e "s|@RAW16@|$raw16|g" -e "s|@RAW48@|$raw48|g" -e "s|@SPEAKER@|$outdir/speaker.raw|g" \
    "$here/asound.conf.in" >"$outdir/asound.conf"
# A machine without a sound card: the default PCM names a card that does not exist. (A file
# with no usable PCM at all trips an assertion in PortAudio 19.6's device enumeration.)
printf 'pcm.!default {\n    type hw\n    card 99\n}\n' >"$outdir/nodevice.conf"
echo "$outdir/asound.conf"
