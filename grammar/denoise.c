/*
 * denoise.c - noise suppression in front of the recognizer, for a steady background only.
 *
 * PocketSphinx's own noise removal (-remove_noise) does little against a loud steady noise (a
 * fan, a hood, hiss, hum): real coffee orders with white noise at 12 dB were 29.5% right, with
 * pink noise 66.5%, where kitchen noise at 12 dB gives 90%. speexdsp's suppressor learns such a
 * noise and takes it out: 70% and 90%. But it fails on a kitchen's clatter, which it cannot
 * learn (kitchen noise at 6 dB fell from 64% to 41%: musical noise the acoustic model never
 * heard), and costs an order in quiet rooms. So it runs only where it helps: when the quieter
 * half of the utterance's 10 ms frames is both loud (within STEADY_MAX_SNR_DB of the speech)
 * and steady (their levels spread by less than STEADY_MAX_SPREAD_DB). docs/grammar.md (the
 * recognizer: "A loud steady background") has the measurements.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <speex/speex_preprocess.h>

#include "grammar_internal.h"

/* Levels are taken as the recognizer hears them: after its pre-emphasis (PocketSphinx's -alpha),
 * which takes the hum under its lowest filter (130 Hz) out of the count. A mains hum is no noise
 * to it, and denoising for one cost orders. */
#define PRE_EMPHASIS 0.97
/* The loud frames (98th percentile) at most this far above the quiet ones (25th): a noise this
 * close to the speech. Quiet rooms measured 32-70 dB, white and pink noise at the benchmark's 12 dB
 * 2-22 dB. 30 dB denoised more of a 120 Hz hum over pink noise and lost two more orders there;
 * white, pink, brown and kitchen noise came out the same. */
#define STEADY_MAX_SNR_DB 25.0
/* The standard deviation of the quieter half's levels: white, pink and brown noise 0.2-1.1 dB
 * (median 0.3-0.4), kitchen noise 1.3-6 dB (median 2.2-2.6), a quiet room 0.5 dB and up. */
#define STEADY_MAX_SPREAD_DB 1.2
/* The utterance must have this many frames (300 ms) for its quiet half to say anything. */
#define STEADY_MIN_FRAMES 30
/* How far speexdsp may pull the noise down; -30 dB did no better on white noise than -15. */
#define SUPPRESS_DB (-15)

bool grammar__steady_background(const int16_t *pcm, size_t n)
{
    size_t n_frames = n / SPAN_FRAME;
    if (n_frames < STEADY_MIN_FRAMES)
        return false;
    double *db = malloc(n_frames * sizeof *db);
    if (!db)
        return false; /* out of memory: decode it as it is */
    grammar__frame_levels(pcm, n_frames, PRE_EMPHASIS, db);
    qsort(db, n_frames, sizeof *db, grammar__cmp_double);
    double loud = db[n_frames - 1 - n_frames / 50], quiet = db[n_frames / 4];
    size_t half = n_frames / 2;
    double mean = 0, var = 0;
    for (size_t i = 0; i < half; i++)
        mean += db[i];
    mean /= (double)half;
    for (size_t i = 0; i < half; i++)
        var += (db[i] - mean) * (db[i] - mean);
    free(db);
    return loud - quiet < STEADY_MAX_SNR_DB && sqrt(var / (double)half) < STEADY_MAX_SPREAD_DB;
}

int16_t *grammar__denoised(const int16_t *pcm, size_t n)
{
    size_t n_frames = (n + SPAN_FRAME - 1) / SPAN_FRAME;
    int16_t *out = calloc(n_frames ? n_frames * SPAN_FRAME : 1, sizeof *out);
    SpeexPreprocessState *st = out ? speex_preprocess_state_init(SPAN_FRAME, AUDIO_ASR_RATE) : NULL;
    if (!st) {
        free(out);
        return NULL;
    }
    /* Noise suppression only: automatic gain, dereverberation and the VAD are off by default
     * (setting the VAD at all prints a warning), and asr_decode() sets the level itself. */
    int on = 1, suppress = SUPPRESS_DB;
    speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_DENOISE, &on);
    speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &suppress);
    /* Twice: the first pass only learns the noise, so the second cleans the start as well as
     * the end. The state is new on every call: an utterance decodes the same every time. */
    for (int pass = 0; pass < 2; pass++) {
        memcpy(out, pcm, n * sizeof *out);
        memset(out + n, 0, (n_frames * SPAN_FRAME - n) * sizeof *out);
        for (size_t f = 0; f < n_frames; f++)
            speex_preprocess_run(st, out + f * SPAN_FRAME);
    }
    speex_preprocess_state_destroy(st);
    return out;
}

int16_t *grammar__denoised_if_steady(const int16_t *pcm, size_t n)
{
    return grammar__steady_background(pcm, n) ? grammar__denoised(pcm, n) : NULL;
}
