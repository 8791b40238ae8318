/*
 * earcon.h - short tones that say what happened without words (listen): "listening" (a
 * command can be said now), "understood", "not understood", "stopped listening" (woken, but no
 * command came). Generated in code (sines with fades), no audio files. docs/dialog.md "Earcons".
 */
#ifndef SHOPSPEAK_EARCON_H
#define SHOPSPEAK_EARCON_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    EARCON_LISTENING = 0,  /* rising: 660 Hz then 880 Hz */
    EARCON_UNDERSTOOD,     /* one short 880 Hz note */
    EARCON_NOT_UNDERSTOOD, /* falling: 440 Hz then 330 Hz */
    EARCON_STOPPED,        /* falling: 990 Hz then 660 Hz */
    EARCON_COUNT
} earcon_t;

/* The longest earcon at 48 kHz, in samples: a buffer this long holds any of them. */
#define EARCON_MAX_SAMPLES 24000

/* How many samples earcon `which` has at `sample_rate` (8000-48000 Hz); 0 for a bad argument. */
size_t earcon_length(earcon_t which, int sample_rate);

/*
 * Render earcon `which` at `sample_rate` into buf (cap samples, mono 16-bit): each note is a
 * sine at a third of full scale with 10 ms raised-cosine fades in and out, so it never clicks
 * or clips. Returns the samples written, or 0 for a bad argument or a buffer too small
 * (earcon_length()). Allocates nothing.
 */
size_t earcon_render(earcon_t which, int sample_rate, int16_t *buf, size_t cap);

#endif
