/*
 * synth.h - made-up audio for the grammar tests that judge signals rather than words
 * (test_span.c, test_tone.c, test_denoise.c; test_wake.c its hiss): white noise from a fixed
 * seed, a clip to 16 bits, a voice-like buzz and clatter, at 16 kHz.
 * Include after cmocka.h (it asserts).
 */
#ifndef SHOPSPEAK_TEST_SYNTH_H
#define SHOPSPEAK_TEST_SYNTH_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define RATE  16000
#define MS(x) ((size_t)(x)*RATE / 1000)

static uint32_t synth_seed = 1; /* the same noise on every run */

/* ms of white noise of peak amplitude amp; the caller frees it. */
static inline int16_t *noise(size_t ms, int amp)
{
    int16_t *pcm = malloc(MS(ms) * sizeof *pcm);
    assert_non_null(pcm);
    for (size_t i = 0; i < MS(ms); i++) {
        synth_seed = synth_seed * 1103515245u + 12345u;
        pcm[i] = (int16_t)((int)((synth_seed >> 16) % (2 * (unsigned)amp + 1)) - amp);
    }
    return pcm;
}

/* x as a 16-bit sample, clipped. */
static inline int16_t clip16(double x)
{
    return (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
}

/* A voice-like stand-in: a 200 Hz buzz with harmonics at amplitude amp, from ms `from` to `to`,
 * over what is already there. */
static inline void add_voice(int16_t *pcm, size_t from_ms, size_t to_ms, double amp)
{
    for (size_t i = MS(from_ms); i < MS(to_ms); i++) {
        double t = (double)i / RATE;
        double v = sin(2 * M_PI * 200 * t) + 0.5 * sin(2 * M_PI * 400 * t) +
                   0.3 * sin(2 * M_PI * 1200 * t);
        pcm[i] = clip16(pcm[i] + amp * v / 1.8);
    }
}

/* Clatter: white noise of peak amplitude amp from ms `from` to `to`, over what is there. */
static inline void add_clatter(int16_t *pcm, size_t from_ms, size_t to_ms, int amp)
{
    int16_t *burst = noise(to_ms - from_ms, amp);
    for (size_t i = 0; i < MS(to_ms - from_ms); i++)
        pcm[MS(from_ms) + i] = clip16(pcm[MS(from_ms) + i] + burst[i]);
    free(burst);
}

#endif
