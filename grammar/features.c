/* features.c - an utterance's cepstra, computed once and decoded as often as needed.
 *
 * asr_decode() searches the same audio several times: the grammar, the phone loop of the
 * confidence, sometimes a rescoring or garbage search. Each ps_process_raw() would run the
 * front end again (framing, FFT, noise removal, silence removal); computing the cepstra once
 * with the decoder's own front end and handing them to ps_process_cep() gives every pass the
 * same frames for a fraction of the work. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <pocketsphinx.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/fe.h>

#include "grammar_internal.h"

void grammar__feats_free(grammar__feats_t *f)
{
    if (!f)
        return;
    ckd_free_2d(f->cep);
    ckd_free_2d(f->scratch);
    memset(f, 0, sizeof *f);
}

int grammar__features(ps_decoder_t *ps, const int16_t *pcm, size_t n, grammar__feats_t *out)
{
    memset(out, 0, sizeof *out);
    fe_t *fe = ps_get_fe(ps);
    /* A new stream: the noise estimate of the last utterance is not this one's, so every
     * utterance decodes alike however many came before it. */
    fe_start_stream(fe);
    if (fe_start_utt(fe) < 0)
        return grammar__fail(GRAMMAR_EDECODE, "the speech front end failed");
    /* How many frames n samples make at most (silence removal drops some), asked the way
     * PocketSphinx's own full-utterance path asks; one more for fe_end_utt()'s last frame. */
    int32 n_alloc = 0, n_frames = 0, n_tail = 0;
    size_t n_count = n;
    if (fe_process_frames(fe, NULL, &n_count, NULL, &n_alloc, NULL) < 0)
        return grammar__fail(GRAMMAR_EDECODE, "the speech front end failed");
    n_alloc += 1;
    int n_cep = fe_get_output_size(fe);
    mfcc_t **cep = (mfcc_t **)ckd_calloc_2d(n_alloc, n_cep, sizeof(mfcc_t));
    out->cep = cep;
    out->scratch = ckd_calloc_2d(n_alloc, n_cep, sizeof(mfcc_t));
    out->n_cep = n_cep;
    const int16_t *p = pcm;
    size_t left = n;
    n_frames = n_alloc - 1;
    if (fe_process_frames(fe, &p, &left, cep, &n_frames, NULL) < 0 ||
        fe_end_utt(fe, cep[n_frames], &n_tail) < 0) {
        grammar__feats_free(out);
        return grammar__fail(GRAMMAR_EDECODE, "the speech front end failed");
    }
    out->n_frames = n_frames + n_tail;
    return GRAMMAR_OK;
}

int grammar__decode_feats(ps_decoder_t *ps, const grammar__feats_t *f)
{
    /* The decoder normalises the cepstra in place (batch CMN): each pass gets a copy. */
    mfcc_t **cep = f->cep, **scratch = f->scratch;
    if (f->n_frames > 0) /* ckd_calloc_2d() rows are one block */
        memcpy(scratch[0], cep[0], (size_t)f->n_frames * f->n_cep * sizeof(mfcc_t));
    if (ps_start_stream(ps) < 0 || ps_start_utt(ps) < 0)
        return -1;
    /* full_utt: the whole utterance at once, so batch CMN sees all of it. */
    int rv = f->n_frames > 0 ? ps_process_cep(ps, scratch, f->n_frames, FALSE, TRUE) : 0;
    int end = ps_end_utt(ps);
    return rv < 0 || end < 0 ? -1 : 0;
}

void grammar__frame_levels(const int16_t *pcm, size_t n_frames, double pre_emphasis, double *db)
{
    double prev = 0.0;
    for (size_t f = 0; f < n_frames; f++) {
        double sum = 0.0;
        for (size_t i = 0; i < SPAN_FRAME; i++) {
            double x = pcm[f * SPAN_FRAME + i], y = x - pre_emphasis * prev;
            prev = x;
            sum += y * y;
        }
        db[f] = 10.0 * log10(1.0 + sum / SPAN_FRAME);
    }
}

/* The level of frames [from, to) in dB from their powers (a few loud frames among silent ones
 * are not quiet), or -1e9 for none. */
static double level_of(const double *power, size_t from, size_t to)
{
    double sum = 0;
    for (size_t i = from; i < to; i++)
        sum += power[i];
    return to > from ? 10.0 * log10(sum / (double)(to - from)) : -1e9;
}

/* The level of the frames within SPAN_SMOOTH_FRAMES of frame f. */
static double level_around(const double *power, size_t n_frames, size_t f)
{
    size_t from = f > SPAN_SMOOTH_FRAMES ? f - SPAN_SMOOTH_FRAMES : 0;
    size_t to = f + SPAN_SMOOTH_FRAMES + 1 < n_frames ? f + SPAN_SMOOTH_FRAMES + 1 : n_frames;
    return level_of(power, from, to);
}

/* Whether the 10 ms frame f of pcm (n samples) is voiced: high-passed and taken to 8 kHz as the
 * endpointer hears it, the audio from the frame's start repeats at a pitch period
 * (audio_is_periodic(), SPAN_PERIODIC_MIN). Someone talking is voiced; a kitchen's clatter is
 * not. */
static bool frame_is_voiced(const int16_t *pcm, size_t n, size_t f)
{
    size_t at = f * SPAN_FRAME;
    if (at + 2 * AUDIO_PITCH_SAMPLES + 1 > n)
        return false;
    float x[AUDIO_PITCH_SAMPLES];
    double prev_in = pcm[at], prev_out = 0.0;
    for (size_t i = 0; i < AUDIO_PITCH_SAMPLES; i++) {
        double y = 0.0; /* a pair of samples, high-passed (~100 Hz) and averaged */
        for (size_t k = 0; k < 2; k++) {
            double in = pcm[at + 1 + 2 * i + k];
            prev_out = 0.96 * (prev_out + in - prev_in);
            prev_in = in;
            y += 0.5 * prev_out;
        }
        x[i] = (float)y;
    }
    return audio_is_periodic(x, SPAN_PERIODIC_MIN);
}

/* A stretch of frames at or over the span's threshold: its first and last such frame. */
typedef struct {
    size_t first, last;
    double power;  /* of its frames over the threshold, each counted up to the loud level */
    double voiced; /* the same of its voiced frames only */
    bool talks;    /* SPAN_VOICED_SHARE of its frames over the threshold are voiced */
} stretch_t;

/* s->voiced and s->talks from the voicing of its frames over threshold. */
static void judge_voice(const int16_t *pcm, size_t n, const double *power, const double *level,
                        double threshold, double cap, stretch_t *s)
{
    size_t over = 0, voiced = 0;
    s->voiced = 0.0;
    for (size_t f = s->first; f <= s->last; f++) {
        if (level[f] < threshold)
            continue;
        over++;
        if (frame_is_voiced(pcm, n, f)) {
            voiced++;
            s->voiced += power[f] < cap ? power[f] : cap;
        }
    }
    s->talks = voiced >= SPAN_VOICED_SHARE * (double)over;
}

/* The command's frames, *first to *last. Frames at or over threshold SPAN_GAP_FRAMES or more
 * apart make separate stretches. The command is the one with the most voiced power (each
 * frame's counted up to cap, so that a bang louder than the command cannot outweigh it; with
 * no voiced frame anywhere, the most power), grown over the stretches beside it up to the
 * first in which someone talks. Clatter beside the command is kept, as before there were
 * stretches: it decoded better so (kitchen noise at 6 dB, 60.5% without it, 64.5% with it).
 * 0 with no frame over threshold; -1 out of memory. */
static int command_frames(const int16_t *pcm, size_t n, const double *power, size_t n_frames,
                          double threshold, double cap, size_t *first, size_t *last)
{
    double *level = malloc(n_frames * sizeof *level);
    stretch_t *st = malloc((n_frames / SPAN_GAP_FRAMES + 1) * sizeof *st);
    if (!level || !st) {
        free(level);
        free(st);
        return -1;
    }
    size_t n_st = 0, under = 0;
    for (size_t f = 0; f < n_frames; f++) {
        level[f] = level_around(power, n_frames, f);
        if (level[f] < threshold) {
            under++;
            continue;
        }
        if (n_st == 0 || under >= SPAN_GAP_FRAMES)
            st[n_st++] = (stretch_t){.first = f};
        st[n_st - 1].last = f;
        st[n_st - 1].power += power[f] < cap ? power[f] : cap;
        under = 0;
    }
    /* One stretch (a quiet room, most commands): it is the command, no voice check needed. */
    size_t best = 0;
    bool any_voice = false;
    for (size_t i = 0; n_st > 1 && i < n_st; i++) {
        judge_voice(pcm, n, power, level, threshold, cap, &st[i]);
        any_voice = any_voice || st[i].voiced > 0.0;
    }
    for (size_t i = 1; i < n_st; i++)
        if (any_voice ? st[i].voiced > st[best].voiced : st[i].power > st[best].power)
            best = i;
    if (n_st > 0) {
        size_t a = best, b = best;
        while (a > 0 && !st[a - 1].talks)
            a--;
        while (b + 1 < n_st && !st[b + 1].talks)
            b++;
        *first = st[a].first;
        *last = st[b].last;
    }
    free(level);
    free(st);
    return n_st > 0;
}

int grammar__cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void grammar__speech_span(const int16_t *pcm, size_t n, size_t *start, size_t *len)
{
    size_t n_frames = n / SPAN_FRAME;
    *start = 0;
    *len = n;
    if (n_frames < SPAN_MIN_FRAMES)
        return;
    double *db = malloc(3 * n_frames * sizeof *db);
    if (!db)
        return; /* out of memory: decode all of it, as before */
    double *sorted = db + n_frames, *power = db + 2 * n_frames;
    grammar__frame_levels(pcm, n_frames, 0.0, db);
    memcpy(sorted, db, n_frames * sizeof *db);
    for (size_t f = 0; f < n_frames; f++)
        power[f] = pow(10.0, db[f] / 10.0);
    qsort(sorted, n_frames, sizeof *sorted, grammar__cmp_double);
    /* The loud frames: the 98th percentile and at least SPAN_LOUD_MIN_FRAMES from the top, so a
     * click, a cup set down or a bump does not set the level and leave the words under it. */
    size_t rank = n_frames / 50 > SPAN_LOUD_MIN_FRAMES ? n_frames / 50 : SPAN_LOUD_MIN_FRAMES;
    double loud = sorted[n_frames - 1 - rank];
    double threshold = loud - SPAN_BELOW_LOUD_DB;
    /* Compared as the level around each frame (SPAN_SMOOTH_FRAMES either side, mean power):
     * other people's talk has single frames as loud as a soft syllable, not 50 ms of them. */
    size_t first, last;
    if (command_frames(pcm, n, power, n_frames, threshold, pow(10.0, loud / 10.0), &first, &last) <=
        0) {
        free(db); /* out of memory, or nothing over threshold: all of it */
        return;
    }
    size_t from = first > SPAN_MARGIN_FRAMES ? first - SPAN_MARGIN_FRAMES : 0;
    size_t to = last + SPAN_MARGIN_FRAMES + 1; /* frames; past the end means to the end */
    /* A quiet side stays: it is harmless, and batch CMN and the silence model do better with
     * some of the room around a short word ("stop", "help" of the spoken fixtures). */
    if (level_of(power, 0, from) < loud - SPAN_QUIET_BELOW_DB)
        from = 0;
    if (to < n_frames && level_of(power, to, n_frames) < loud - SPAN_QUIET_BELOW_DB)
        to = n_frames;
    free(db);
    *start = from * SPAN_FRAME;
    *len = to < n_frames ? (to - from) * SPAN_FRAME : n - *start;
}
