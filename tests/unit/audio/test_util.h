/* test_util.h - small signal helpers shared by the audio unit tests. */
#ifndef SHOPSPEAK_TEST_AUDIO_UTIL_H
#define SHOPSPEAK_TEST_AUDIO_UTIL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static inline double tu_rms(const int16_t *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (double)x[i] * x[i];
    return n ? sqrt(s / (double)n) : 0.0;
}

/* Normalised cross-correlation of a against b shifted by lag (a[i + lag] vs b[i]). */
static inline double tu_corr_at(const int16_t *a, size_t na, const int16_t *b, size_t nb, long lag)
{
    double s = 0, ea = 0, eb = 0;
    for (size_t i = 0; i < nb; i++) {
        long j = (long)i + lag;
        if (j < 0 || (size_t)j >= na)
            continue;
        s += (double)a[j] * b[i];
        ea += (double)a[j] * a[j];
        eb += (double)b[i] * b[i];
    }
    return (ea > 0 && eb > 0) ? s / sqrt(ea * eb) : 0.0;
}

/* Best correlation over lags in [-maxlag, maxlag]; *best_lag gets the lag. */
static inline double tu_best_corr(const int16_t *a, size_t na, const int16_t *b, size_t nb,
                                  long maxlag, long *best_lag)
{
    double best = -2;
    for (long l = -maxlag; l <= maxlag; l++) {
        double c = tu_corr_at(a, na, b, nb, l);
        if (c > best) {
            best = c;
            if (best_lag)
                *best_lag = l;
        }
    }
    return best;
}

/* Amplitude of frequency f in x (single-bin DFT), in the units of x. */
static inline double tu_tone_amplitude(const int16_t *x, size_t n, double f, int rate)
{
    double re = 0, im = 0;
    for (size_t i = 0; i < n; i++) {
        double ph = 2 * M_PI * f * (double)i / rate;
        re += x[i] * cos(ph);
        im -= x[i] * sin(ph);
    }
    return 2 * sqrt(re * re + im * im) / (double)n;
}

/* The directory of real speech, or NULL (then the test skips). */
static inline const char *tu_speech_dir(void)
{
    const char *d = getenv("SHOPSPEAK_SPEECH_DIR");
    return d && *d ? d : NULL;
}

#endif
