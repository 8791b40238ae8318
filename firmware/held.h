/*
 * held.h - half duplex turned off (and no barge-in): the microphone is read while the speaker
 * talks, and what it heard is kept for the loop to take after, so a shopper in a headset who
 * says the next command over an answer is heard. Before, nothing read the microphone while an
 * answer played: all but the last half second of it was lost, and the device overran.
 */
#ifndef SHOPSPEAK_HELD_H
#define SHOPSPEAK_HELD_H

#include <stddef.h>
#include <stdint.h>

#include "mic.h"

typedef struct held_s held_t;

/* Keeps at most max_samples (16 kHz); past that the oldest go. NULL when out of memory. mic is
 * not owned and must outlive it. */
held_t *held_open(mic_t *mic, size_t max_samples);
void held_close(held_t *h); /* NULL is a no-op */

/* Play n samples at rate on output (NULL: the default device) and keep what the microphone
 * hears meanwhile, a frame read for each frame played. AUDIO_OK or an audio status. */
int held_play(held_t *h, const char *output, const int16_t *samples, size_t n, int rate);

/* The microphone's next n samples: the ones kept first, then mic_read()'s. As mic_read(). */
long held_read(held_t *h, int16_t *out, size_t n);

#endif
