#!/usr/bin/perl
# pace.pl FIFO RAW [loop] - write RAW (S16_LE, 16 kHz mono) into FIFO at real time, 10 ms at a
# time by the clock (no drift), so that ALSA's file plugin reading FIFO is a microphone that
# delivers audio as a real one does. After the end: silence forever, or RAW again with `loop`.
# ALSA opens the FIFO when PortAudio probes the devices and closes it again: a write that
# fails reopens it.
use strict;
use warnings;
use Time::HiRes qw(time sleep);

my ($fifo, $raw, $loop) = @ARGV;
$SIG{PIPE} = 'IGNORE';
open(my $in, '<:raw', $raw) or die "$raw: $!";
my $audio = do { local $/; <$in> };
close $in;
my ($pos, $chunk, $t0, $n) = (0, 320, time, 0);
OPEN: while (1) {
    open(my $f, '>:raw', $fifo) or die "$fifo: $!";
    select((select($f), $| = 1)[0]);
    while (1) {
        my $buf;
        if ($pos < length $audio) {
            $buf = substr($audio, $pos, $chunk);
            $buf .= "\0" x ($chunk - length $buf);
        } else {
            $buf = "\0" x $chunk;
        }
        if (!print $f $buf) { close $f; next OPEN; }
        $pos += $chunk;
        $pos = 0 if $loop && $pos >= length $audio;
        $n++;
        my $wait = $t0 + $n * 0.01 - time;
        sleep $wait if $wait > 0;
    }
}
