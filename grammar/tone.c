/*
 * tone.c - tells a steady tone (a kitchen timer, a microwave's or a dishwasher's beep) from
 * speech before it is decoded.
 *
 * Every grammar has short sentences ("no", "wrong", "slower"), and a pure tone fits them about
 * as badly as it fits the phone loop the confidence compares with, so the confidence does not
 * fall: 10 of 48 synthetic beeps and sweeps were accepted as commands in shop.gram at the
 * default threshold, "add eight dog food" among them. The endpointer's voice check cannot help:
 * a tone is as periodic as a vowel.
 *
 * What sets a tone apart is how narrow it is. In a 25 ms frame of a beep nearly all the energy
 * lies within +-62 Hz of the strongest frequency; a vowel spreads it over its harmonics and
 * formants, and consonants over everything. An utterance is a tone when 80% of its loud frames
 * (within 10 dB of the loudest) have 90% of their energy that close to their peak. Over 665
 * recordings of speech (the 200 real coffee orders, 300 words of 10 speakers, the 160 eSpeak NG
 * fixtures and 5 LibriVox clips) that share was 0% for the median recording, 39% at the 99th
 * percentile and 59% at most (eSpeak NG at its highest pitch, 30%); for synthetic beeps and
 * sweeps 95% or more, and 92% or more with kitchen noise at 12 dB. Counting frames within 15 dB
 * of the loudest instead let kitchen clatter between beeps pull some noisy beeps under 80%.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <kiss_fftr.h>

#include "grammar_internal.h"

#define FRAME           400 /* 25 ms at 16 kHz, as the recognizer's own frames */
#define HOP             160 /* 10 ms */
#define FFT_SIZE        512
#define LOW_BIN         3    /* 94 Hz: mains hum below is left out */
#define PEAK_BINS       2    /* +-2 bins of 31.25 Hz around the strongest */
#define PEAK_SHARE      0.9  /* of a frame's energy near its peak: a tonal frame */
#define LOUD_BELOW_DB   10.0 /* frames this close to the loudest are judged */
#define TONAL_SHARE     0.8  /* of the loud frames tonal: the utterance is a tone */
#define MIN_LOUD_FRAMES 10   /* 100 ms: a shorter sound is not judged */
/* Frames of the longest utterance asr_decode() takes. */
#define MAX_FRAMES ((ASR_MAX_SECONDS * AUDIO_ASR_RATE - FRAME) / HOP + 1)

struct grammar__tone_s {
    kiss_fftr_cfg fft;
    kiss_fft_scalar in[FFT_SIZE]; /* the frame, windowed and zero-padded */
    kiss_fft_cpx out[FFT_SIZE / 2 + 1];
    float window[FRAME]; /* Hann */
    double energy[MAX_FRAMES];
};

grammar__tone_t *grammar__tone_open(void)
{
    grammar__tone_t *t = calloc(1, sizeof *t);
    if (!t || !(t->fft = kiss_fftr_alloc(FFT_SIZE, 0, NULL, NULL))) {
        free(t);
        return NULL;
    }
    for (int i = 0; i < FRAME; i++)
        t->window[i] = (float)(0.5 - 0.5 * cos(2.0 * M_PI * i / (FRAME - 1)));
    return t;
}

void grammar__tone_close(grammar__tone_t *t)
{
    if (!t)
        return;
    kiss_fftr_free(t->fft);
    free(t);
}

/* Frame i windowed into t->in; its energy. */
static double load_frame(grammar__tone_t *t, const int16_t *pcm, size_t i)
{
    double energy = 0;
    for (int k = 0; k < FRAME; k++) {
        float x = t->window[k] * pcm[i * HOP + (size_t)k];
        t->in[k] = x;
        energy += (double)x * x;
    }
    memset(t->in + FRAME, 0, (FFT_SIZE - FRAME) * sizeof *t->in);
    return energy;
}

/* Whether the frame in t->in has PEAK_SHARE of its energy (above LOW_BIN) near its peak. */
static bool frame_is_tonal(grammar__tone_t *t)
{
    kiss_fftr(t->fft, t->in, t->out);
    double power[FFT_SIZE / 2 + 1], total = 0;
    int peak = LOW_BIN;
    for (int b = LOW_BIN; b <= FFT_SIZE / 2; b++) {
        power[b] = (double)t->out[b].r * t->out[b].r + (double)t->out[b].i * t->out[b].i;
        total += power[b];
        if (power[b] > power[peak])
            peak = b;
    }
    double near = 0;
    for (int b = peak - PEAK_BINS; b <= peak + PEAK_BINS; b++)
        if (b >= LOW_BIN && b <= FFT_SIZE / 2)
            near += power[b];
    return total > 0 && near >= PEAK_SHARE * total;
}

bool grammar__is_tone(grammar__tone_t *t, const int16_t *pcm, size_t n)
{
    if (!t || n < FRAME || (n - FRAME) / HOP + 1 > MAX_FRAMES)
        return false;
    size_t n_frames = (n - FRAME) / HOP + 1;
    double *energy = t->energy, loudest = 0;
    for (size_t i = 0; i < n_frames; i++) {
        energy[i] = load_frame(t, pcm, i);
        if (energy[i] > loudest)
            loudest = energy[i];
    }
    double loud_min = loudest * pow(10.0, -LOUD_BELOW_DB / 10.0);
    size_t loud = 0, tonal = 0;
    for (size_t i = 0; i < n_frames; i++) {
        if (loudest <= 0 || energy[i] < loud_min)
            continue;
        loud++;
        load_frame(t, pcm, i);
        tonal += frame_is_tonal(t);
    }
    return loud >= MIN_LOUD_FRAMES && tonal >= TONAL_SHARE * loud;
}
