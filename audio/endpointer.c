/*
 * endpointer.c - cuts utterances out of a 16 kHz stream with an energy detector whose
 * threshold follows the background noise, so the same settings work for quiet and loud
 * microphones and in a noisy kitchen.
 *
 * Per 10 ms frame: remove DC and rumble (first-order high-pass at ~100 Hz), take the energy
 * in dB, smooth it, and estimate the noise floor as the minimum of the smoothed energy over
 * the last few seconds (minimum statistics: speech always dips between syllables, noise
 * does not go away). A frame is voiced when it is clearly above that floor, with hysteresis.
 * Speech starts after min_speech_ms of voiced frames and ends after trailing_silence_ms of
 * unvoiced ones, so pauses between words do not split a command.
 *
 * Energy alone cannot tell a kitchen's clatter from talk: the bursts of dishes and taps rise
 * as far above the floor as words do, so a command ran on into the noise after it, or the
 * next command with it. Speech is periodic (the vowels, at the voice's pitch) and clatter
 * mostly is not; so once an utterance has started, a loud frame only keeps it going while the
 * last periodic frame is at most PERIODIC_GRACE_MS old (consonants and short syllables sit
 * between vowels; pauses are quiet anyway). Periodicity is the normalised autocorrelation's
 * peak over pitch lags, on the signal at 8 kHz. An utterance with fewer than
 * MIN_PERIODIC_FRAMES periodic frames (the clatter that started one) is dropped.
 *
 * How far above the floor counts depends on how much the background moves. Clatter jumps
 * many dB and needs the full margins; a fan, a hood or hiss hardly moves, and a voice 12 dB
 * above it in loudness only rises a few dB over it in most frames (full margins found one of
 * two such commands, cut short). So the margins scale with the background's spread (median
 * minus minimum of the last 3 s of levels outside utterances), between STEADY_ON_DB and ON_DB.
 *
 * A television or a radio talking on is voiced and rises over its own pauses as far as a voice
 * does, so a command said over it ran on to the cap, and the cap's wait for a pause never
 * ended: the next command was lost. When the background talks (TALK_PERIODIC of the last 10 s
 * periodic), a frame counts only when the level of the 110 ms up to it is TALK_OVER_DB over the
 * background's median. The background's statistics leave out the shopper: an utterance's
 * frames (with a cap's wait after it) join them only once it has ended, and only if it was no
 * louder than the background's talk (less than FOREGROUND_DB over its median), else a shopper
 * who says a lot would become the background. While the background is not yet known (just
 * switched on, into a television), talk that runs past the cap and 2 s beyond is taken for it.
 */
#include "audio_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FRAME AUDIO_ENDPOINTER_FRAME
/* Tuning constants; -D overrides exist for measuring, not for production builds. */
#ifndef FLOOR_FRAMES
#define FLOOR_FRAMES 300 /* 3 s window for the noise-floor minimum */
#endif
#ifndef ON_DB
#define ON_DB 12.0f /* the most a frame need be above the floor to start speech (clatter) */
#endif
#ifndef OFF_DB
#define OFF_DB 7.0f /* inside speech, the margin is OFF_DB / ON_DB of the start margin */
#endif
#ifndef STEADY_ON_DB
#define STEADY_ON_DB 4.0f /* the start margin over a background that does not move at all */
#endif
#ifndef SPREAD_TO_MARGIN
#define SPREAD_TO_MARGIN 3.0f /* start margin per dB of the background's spread */
#endif
#ifndef ABS_MIN_DB
#define ABS_MIN_DB 20.0f /* below ~-70 dBFS nothing is speech, even in digital silence */
#endif
#ifndef PERIODIC_MIN
#define PERIODIC_MIN 0.6f /* autocorrelation peak of a periodic (voiced speech) frame */
#endif
#ifndef MIN_PERIODIC_FRAMES
#define MIN_PERIODIC_FRAMES 3 /* an utterance with fewer periodic frames was no voice: dropped */
#endif
#ifndef PERIODIC_GRACE_MS
#define PERIODIC_GRACE_MS 300 /* loud frames this long after a periodic one are still speech */
#endif
#ifndef TALK_PERIODIC
#define TALK_PERIODIC 0.3f /* this share of the background's frames periodic: it talks */
#endif
#ifndef TALK_OVER_DB
#define TALK_OVER_DB 4.0f /* then a frame counts this far over its median 110 ms level */
#endif
#ifndef FOREGROUND_DB
#define FOREGROUND_DB 8.0f /* an utterance this loud over that median was no background */
#endif
#ifndef TALK_MIN_FRAMES
#define TALK_MIN_FRAMES 200 /* the background is judged once 2 s of it are known */
#endif
#define TALK_FRAMES   1000 /* 10 s of background */
#define SMOOTH_FRAMES 11   /* the 110 ms level */
#define LOUD_RANK     15   /* an utterance's loudness: its 15th loudest 110 ms level */
/* Periodicity at 8 kHz (audio_is_periodic()): a 32 ms window, pitch lags of 2.5-16.6 ms. */
#define DEC_FRAME (FRAME / 2)
#define DEC_HIST  AUDIO_PITCH_SAMPLES
#define LAG_MIN   20                                      /* 400 Hz */
#define LAG_MAX   (AUDIO_PITCH_SAMPLES - AUDIO_PITCH_WIN) /* 60 Hz */

/* The last FLOOR_FRAMES smoothed frame levels (dB), in no particular order. */
typedef struct {
    float v[FLOOR_FRAMES];
    int n, pos;
} levels_t;

static void levels_push(levels_t *l, float db)
{
    l->v[l->pos] = db;
    l->pos = (l->pos + 1) % FLOOR_FRAMES;
    if (l->n < FLOOR_FRAMES)
        l->n++;
}

/* Whether the background talks: its last TALK_FRAMES frames outside utterances (110 ms levels,
 * periodic or not), the newest of them kept apart as a possible pre-roll, and the current
 * utterance's (with a cap's wait after it), held back until it ends: its last TALK_FRAMES. */
typedef struct {
    float level[TALK_FRAMES];
    unsigned char periodic[TALK_FRAMES];
    int n, pos, n_periodic, since_refresh;
    float median;       /* of level[] */
    int talks;          /* the background talks: the rule applies */
    float *fresh_level; /* the newest background frames, as many as a pre-roll with the voiced */
    unsigned char *fresh_periodic; /* run: not yet in the window, for they may start an utterance */
    int fresh_cap, n_fresh, fresh_pos;
    float held_level[TALK_FRAMES];
    unsigned char held_periodic[TALK_FRAMES];
    int n_held, held_pos;
    float top[LOUD_RANK]; /* the utterance's loudest 110 ms levels, loudest first */
    int n_top;
    double power[SMOOTH_FRAMES]; /* the last frames' mean squares */
    int power_pos;
} talk_t;

struct audio_endpointer_s {
    audio_endpointer_config_t cfg;
    int trailing_frames, min_frames, preroll_frames, max_frames, tail_frames;

    /* front end */
    float hp_prev_in, hp_prev_out; /* high-pass filter state */
    float smooth_db;
    levels_t hist;  /* for the floor */
    levels_t quiet; /* the same outside utterances only, for the margins */
    talk_t talk;    /* is the background talking, and how loud */
    float floor_db;
    float on_db; /* the start margin for this background; OFF_DB / ON_DB of it inside speech */
    long frames_seen;
    float dec[DEC_HIST]; /* the high-passed signal at 8 kHz, oldest first */
    float dec_part;      /* the first sample of a pair being averaged */

    /* state machine */
    int in_speech;
    int voiced_run, silent_run;
    int grace_frames, since_periodic; /* frames since the last periodic one, in speech */
    int run_periodic;                 /* periodic frames in the voiced run before a start */
    int periodic_frames;              /* periodic frames in the utterance */
    int16_t *ring;                    /* last preroll+min_speech frames while in silence */
    int ring_frames, ring_pos, ring_n;
    int16_t *utt; /* the utterance being built, max_frames long */
    size_t utt_n, utt_done_n;
    int utt_ready;       /* utt holds a finished utterance until the next process() */
    long long utt_start; /* frame where utt begins */
    int cut;             /* the utterance that just ended was cut at max_frames */
    int await_silence;   /* after a cut: no new utterance until trailing_frames of silence */
    int await_frames;    /* how long that wait has lasted */
};

audio_endpointer_config_t audio_endpointer_config_default(void)
{
    audio_endpointer_config_t c = {.trailing_silence_ms = 600,
                                   .pre_roll_ms = 300,
                                   .min_speech_ms = 150,
                                   .max_utterance_ms = 10000,
                                   .require_voice = 1};
    return c;
}

static int ms_to_frames(int ms)
{
    return (ms + 9) / 10;
}

audio_endpointer_t *audio_endpointer_open(const audio_endpointer_config_t *config, int *status)
{
    audio_endpointer_config_t c = config ? *config : audio_endpointer_config_default();
    if (c.trailing_silence_ms < 10 || c.pre_roll_ms < 0 || c.min_speech_ms < 10 ||
        c.max_utterance_ms < 100 || c.max_utterance_ms > 600000 || c.pre_roll_ms > 10000 ||
        c.trailing_silence_ms > 60000 || c.min_speech_ms > 10000) {
        *status =
            audio__fail(AUDIO_EINVAL,
                        "endpointer: settings out of range (trailing %d ms, "
                        "pre-roll %d ms, min speech %d ms, max %d ms)",
                        c.trailing_silence_ms, c.pre_roll_ms, c.min_speech_ms, c.max_utterance_ms);
        return NULL;
    }
    audio_endpointer_t *ep = calloc(1, sizeof *ep);
    if (!ep) {
        *status = audio__fail(AUDIO_ENOMEM, "out of memory opening the endpointer");
        return NULL;
    }
    ep->cfg = c;
    ep->trailing_frames = ms_to_frames(c.trailing_silence_ms);
    ep->min_frames = ms_to_frames(c.min_speech_ms);
    ep->preroll_frames = ms_to_frames(c.pre_roll_ms);
    ep->max_frames = ms_to_frames(c.max_utterance_ms);
    ep->tail_frames = ms_to_frames(AUDIO_ENDPOINTER_TAIL_MS);
    ep->grace_frames = ms_to_frames(PERIODIC_GRACE_MS);
    ep->ring_frames = ep->preroll_frames + ep->min_frames;
    /* The utterance also holds the pre-roll, so a max-length one fits with it. */
    size_t utt_frames = (size_t)ep->max_frames + (size_t)ep->preroll_frames;
    ep->ring = malloc((size_t)ep->ring_frames * FRAME * sizeof(int16_t));
    ep->utt = malloc(utt_frames * FRAME * sizeof(int16_t));
    ep->talk.fresh_cap = ep->ring_frames;
    ep->talk.fresh_level = malloc((size_t)ep->ring_frames * sizeof(float));
    ep->talk.fresh_periodic = malloc((size_t)ep->ring_frames);
    if (!ep->ring || !ep->utt || !ep->talk.fresh_level || !ep->talk.fresh_periodic) {
        audio_endpointer_close(ep);
        *status = audio__fail(AUDIO_ENOMEM, "out of memory opening the endpointer");
        return NULL;
    }
    *status = AUDIO_OK;
    return ep;
}

void audio_endpointer_close(audio_endpointer_t *ep)
{
    if (!ep)
        return;
    free(ep->ring);
    free(ep->utt);
    free(ep->talk.fresh_level);
    free(ep->talk.fresh_periodic);
    free(ep);
}

/* Energy of one high-passed frame in dB re 1 LSB^2 (0 for digital silence, ~90 for full scale).
 * The high-passed frame also goes into the 8 kHz history, as the mean of each pair of samples. */
static float frame_db(audio_endpointer_t *ep, const int16_t *x)
{
    double sum = 0.0;
    float pin = ep->hp_prev_in, pout = ep->hp_prev_out;
    float *dec = ep->dec + DEC_HIST - DEC_FRAME;
    memmove(ep->dec, ep->dec + DEC_FRAME, (DEC_HIST - DEC_FRAME) * sizeof *ep->dec);
    for (int i = 0; i < FRAME; i++) {
        float in = (float)x[i];
        float out = 0.96f * (pout + in - pin); /* one-pole high-pass, corner ~100 Hz at 16 kHz */
        pin = in;
        pout = out;
        sum += (double)out * out;
        if (i % 2)
            dec[i / 2] = 0.5f * (ep->dec_part + out);
        else
            ep->dec_part = out;
    }
    ep->hp_prev_in = pin;
    ep->hp_prev_out = pout;
    return (float)(10.0 * log10(sum / FRAME + 1.0));
}

int audio_is_periodic(const float *x, double min_corr)
{
    double e0 = 0.0, el = 0.0;
    for (int i = 0; i < AUDIO_PITCH_WIN; i++)
        e0 += (double)x[i] * x[i];
    for (int i = LAG_MIN; i < LAG_MIN + AUDIO_PITCH_WIN; i++)
        el += (double)x[i] * x[i];
    for (int lag = LAG_MIN; lag <= LAG_MAX; lag++) {
        double c = 0.0;
        for (int i = 0; i < AUDIO_PITCH_WIN; i++)
            c += (double)x[i] * x[i + lag];
        if (c > 0 && c * c >= min_corr * min_corr * e0 * el)
            return 1;
        /* the delayed window's energy one lag further on (x[AUDIO_PITCH_SAMPLES - 1] is the
         * last) */
        if (lag < LAG_MAX)
            el += (double)x[lag + AUDIO_PITCH_WIN] * x[lag + AUDIO_PITCH_WIN] -
                  (double)x[lag] * x[lag];
    }
    return 0;
}

/* The k-th smallest of v[0..n-1] (0-based), reordering v: Hoare's selection. */
static float kth_smallest(float *v, int n, int k)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        float pivot = v[k];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                float t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (j < k)
            lo = i;
        if (k < i)
            hi = j;
    }
    return v[k];
}

/* The start margin for the background: the spread (median minus minimum) of the last 3 s of
 * levels outside utterances, times SPREAD_TO_MARGIN, within [STEADY_ON_DB, ON_DB]. Measured
 * over 3 s windows: the kitchen recording spreads 2.5-9 dB (margins of 7.5 dB to the full 12),
 * white, pink and fan-like noise 0.5-1.8 dB (4-5.4 dB). The utterances stay out of it: a
 * command just said would widen it and hide the quick answer after it. */
static float start_margin(audio_endpointer_t *ep, float level)
{
    levels_push(&ep->quiet, level);
    int n = ep->quiet.n;
    float levels[FLOOR_FRAMES];
    memcpy(levels, ep->quiet.v, (size_t)n * sizeof *levels);
    float median = kth_smallest(levels, n, n / 2);
    /* the selection left the lower half before the median: the minimum is among them */
    float spread = median - kth_smallest(levels, n / 2 + 1, 0);
    float margin = SPREAD_TO_MARGIN * spread;
    return margin < STEADY_ON_DB ? STEADY_ON_DB : margin > ON_DB ? ON_DB : margin;
}

/* Update the noise floor from the smoothed energy: minimum over the history window. */
static void update_floor(audio_endpointer_t *ep, float db)
{
    ep->smooth_db = ep->frames_seen ? 0.6f * ep->smooth_db + 0.4f * db : db;
    levels_push(&ep->hist, ep->smooth_db);
    float m = ep->hist.v[0];
    for (int i = 1; i < ep->hist.n; i++)
        if (ep->hist.v[i] < m)
            m = ep->hist.v[i];
    /* Inside an utterance the margin stays: the voice would widen the spread and cut itself. */
    if (!ep->in_speech)
        ep->on_db = start_margin(ep, ep->smooth_db);
    /* Fall at once (a quieter moment proves the floor is lower), rise gently. */
    if (ep->frames_seen == 0 || m < ep->floor_db)
        ep->floor_db = m;
    else
        ep->floor_db += 0.05f * (m - ep->floor_db);
    ep->frames_seen++;
}

/* The level of the last 110 ms, this frame's db included, in dB as frame_db(). */
static float smoothed_level(talk_t *t, float db)
{
    t->power[t->power_pos] = pow(10.0, db / 10.0);
    t->power_pos = (t->power_pos + 1) % SMOOTH_FRAMES;
    double sum = 0.0;
    for (int i = 0; i < SMOOTH_FRAMES; i++)
        sum += t->power[i];
    return (float)(10.0 * log10(sum > SMOOTH_FRAMES ? sum / SMOOTH_FRAMES : 1.0));
}

static void talk_refresh(talk_t *t)
{
    float v[TALK_FRAMES];
    memcpy(v, t->level, (size_t)t->n * sizeof *v);
    t->median = t->n ? kth_smallest(v, t->n, t->n / 2) : 0.0f;
    t->talks = t->n >= TALK_MIN_FRAMES && t->n_periodic >= TALK_PERIODIC * (float)t->n;
    t->since_refresh = 0;
}

/* A frame into the background's window (talk_refresh() says what it makes of it). */
static void window_push(talk_t *t, float level, int per)
{
    if (t->n == TALK_FRAMES)
        t->n_periodic -= t->periodic[t->pos];
    t->level[t->pos] = level;
    t->periodic[t->pos] = (unsigned char)per;
    t->n_periodic += per;
    t->pos = (t->pos + 1) % TALK_FRAMES;
    if (t->n < TALK_FRAMES)
        t->n++;
    t->since_refresh++;
}

/* A frame outside utterances: into the window once it is too old to be an utterance's
 * pre-roll. The window is looked at again every 10 frames. */
static void talk_push(talk_t *t, float level, int per)
{
    if (t->n_fresh == t->fresh_cap)
        window_push(t, t->fresh_level[t->fresh_pos], t->fresh_periodic[t->fresh_pos]);
    else
        t->n_fresh++;
    t->fresh_level[t->fresh_pos] = level;
    t->fresh_periodic[t->fresh_pos] = (unsigned char)per;
    t->fresh_pos = (t->fresh_pos + 1) % t->fresh_cap;
    if (t->since_refresh >= 10)
        talk_refresh(t);
}

/* An utterance's frame: held back (its last TALK_FRAMES), and its loudness kept: the
 * LOUD_RANK-th loudest, or the quietest of fewer. */
static void talk_hold(talk_t *t, float level, int per)
{
    t->held_level[t->held_pos] = level;
    t->held_periodic[t->held_pos] = (unsigned char)per;
    t->held_pos = (t->held_pos + 1) % TALK_FRAMES;
    if (t->n_held < TALK_FRAMES)
        t->n_held++;
    int i = t->n_top < LOUD_RANK ? t->n_top++ : LOUD_RANK;
    while (i > 0 && t->top[i - 1] < level) {
        if (i < LOUD_RANK)
            t->top[i] = t->top[i - 1];
        i--;
    }
    if (i < LOUD_RANK)
        t->top[i] = level;
}

/* An utterance starts with the last `keep` frames: they are its, not the background's. */
static void talk_start(talk_t *t, int keep)
{
    int first = (t->fresh_pos - t->n_fresh + t->fresh_cap) % t->fresh_cap;
    for (int k = 0; k < t->n_fresh; k++) {
        int i = (first + k) % t->fresh_cap;
        if (k < t->n_fresh - keep)
            window_push(t, t->fresh_level[i], t->fresh_periodic[i]);
        else
            talk_hold(t, t->fresh_level[i], t->fresh_periodic[i]);
    }
    t->n_fresh = t->fresh_pos = 0;
    talk_refresh(t);
}

/* The held frames into the background, or (keep 0) away. */
static void talk_unhold(talk_t *t, int keep)
{
    int first = (t->held_pos - t->n_held + TALK_FRAMES) % TALK_FRAMES;
    for (int k = 0; keep && k < t->n_held; k++)
        window_push(t, t->held_level[(first + k) % TALK_FRAMES],
                    t->held_periodic[(first + k) % TALK_FRAMES]);
    if (keep)
        talk_refresh(t);
    t->n_held = t->held_pos = t->n_top = 0;
}

/* The utterance (and a cap's wait after it) ended: its frames join the background unless it
 * was louder than the talk, or the background is too little known to say. */
static void talk_release(talk_t *t)
{
    float loud = t->n_top ? t->top[t->n_top - 1] : -1e9f;
    talk_unhold(t, t->n >= TALK_MIN_FRAMES / 2 && loud < t->median + FOREGROUND_DB);
}

static void ring_push(audio_endpointer_t *ep, const int16_t *frame)
{
    memcpy(ep->ring + (size_t)ep->ring_pos * FRAME, frame, FRAME * sizeof(int16_t));
    ep->ring_pos = (ep->ring_pos + 1) % ep->ring_frames;
    if (ep->ring_n < ep->ring_frames)
        ep->ring_n++;
}

/* Speech began voiced_run frames ago: the utterance starts with pre-roll and those frames. */
static void start_utterance(audio_endpointer_t *ep)
{
    int keep = ep->voiced_run + ep->preroll_frames;
    if (keep > ep->ring_n)
        keep = ep->ring_n;
    ep->utt_n = 0;
    ep->utt_start = ep->frames_seen - keep; /* frames_seen already counts this frame */
    for (int k = keep; k > 0; k--) {
        int idx = (ep->ring_pos - k + ep->ring_frames) % ep->ring_frames;
        memcpy(ep->utt + ep->utt_n, ep->ring + (size_t)idx * FRAME, FRAME * sizeof(int16_t));
        ep->utt_n += FRAME;
    }
    ep->ring_n = 0;
    ep->in_speech = 1;
    ep->silent_run = 0;
    talk_start(&ep->talk, keep);
    ep->since_periodic = 0; /* the grace runs from the start: a word may begin unvoiced */
    ep->periodic_frames = ep->run_periodic;
}

/* Close the utterance, keeping only a short tail of the trailing silence. One with hardly a
 * periodic frame in it was clatter, not a voice: it is dropped (silence). */
static audio_ep_event_t end_utterance(audio_endpointer_t *ep)
{
    int drop = ep->silent_run - ep->tail_frames;
    if (drop > 0 && (size_t)drop * FRAME < ep->utt_n)
        ep->utt_n -= (size_t)drop * FRAME;
    int voice = !ep->cfg.require_voice || ep->periodic_frames >= MIN_PERIODIC_FRAMES;
    ep->utt_done_n = ep->utt_n;
    ep->utt_ready = voice;
    ep->in_speech = 0;
    ep->voiced_run = 0;
    ep->run_periodic = 0;
    ep->silent_run = 0;
    return voice ? AUDIO_EP_END : AUDIO_EP_SILENCE;
}

audio_ep_event_t audio_endpointer_process(audio_endpointer_t *ep, const int16_t *frame)
{
    ep->utt_ready = 0;
    ep->cut = 0;
    float db = frame_db(ep, frame);
    update_floor(ep, db);
    float margin = ep->in_speech ? ep->on_db * (OFF_DB / ON_DB) : ep->on_db;
    int voiced = db > ep->floor_db + margin && db > ABS_MIN_DB;

    int per = 0;
    if (ep->cfg.require_voice) { /* energy alone (a whisper) knows no voice, so no talk */
        /* Whether the frame is periodic: for the voice in an utterance, and for talk in the
         * background, which is quieter (the lowest margin). Not in silence, to save the work. */
        int audible = db > ep->floor_db + STEADY_ON_DB && db > ABS_MIN_DB;
        per = (voiced || audible) && audio_is_periodic(ep->dec, PERIODIC_MIN);
        float level = smoothed_level(&ep->talk, db);
        if (ep->in_speech || ep->await_silence)
            talk_hold(&ep->talk, level, per);
        else
            talk_push(&ep->talk, level, per);
        per = per && voiced;
        /* Over talk, a frame not clearly louder than the talk is the background's, not a
         * voice to follow: it starts no utterance, keeps none going, and ends a cap's wait. */
        if (ep->talk.talks && level < ep->talk.median + TALK_OVER_DB)
            voiced = per = 0;
    }
    if (!ep->in_speech && ep->await_silence) {
        /* The rest of a command cut at the cap is not a new command: wait for a pause. */
        ep->silent_run = voiced ? 0 : ep->silent_run + 1;
        ep->await_silence = ep->silent_run < ep->trailing_frames;
        if (!ep->await_silence) {
            ep->silent_run = 0;
            talk_release(&ep->talk);
        } else if (ep->talk.n < TALK_MIN_FRAMES && ++ep->await_frames == TALK_MIN_FRAMES) {
            talk_unhold(&ep->talk, 1); /* nothing else known and talk without end: the background */
        }
        return AUDIO_EP_SILENCE;
    }
    if (!ep->in_speech) {
        ring_push(ep, frame);
        ep->voiced_run = voiced ? ep->voiced_run + 1 : 0;
        ep->run_periodic = voiced ? ep->run_periodic + per : 0;
        if (ep->voiced_run < ep->min_frames)
            return AUDIO_EP_SILENCE;
        start_utterance(ep);
        return AUDIO_EP_SPEECH;
    }
    memcpy(ep->utt + ep->utt_n, frame, FRAME * sizeof(int16_t));
    ep->utt_n += FRAME;
    ep->periodic_frames += per;
    if (per)
        ep->since_periodic = 0;
    else if (ep->since_periodic <= ep->grace_frames)
        ep->since_periodic++;
    if (ep->cfg.require_voice)
        voiced = voiced && ep->since_periodic <= ep->grace_frames;
    ep->silent_run = voiced ? 0 : ep->silent_run + 1;
    if (ep->silent_run >= ep->trailing_frames) {
        audio_ep_event_t ev = end_utterance(ep);
        talk_release(&ep->talk);
        return ev;
    }
    /* The cap counts from the detected start, not the pre-roll. */
    if (ep->utt_n >= (size_t)(ep->max_frames + ep->preroll_frames) * FRAME) {
        audio_ep_event_t ev = end_utterance(ep); /* its frames stay held through the wait */
        ep->cut = ev == AUDIO_EP_END;
        ep->await_silence = 1;
        ep->await_frames = 0;
        return ev;
    }
    return AUDIO_EP_SPEECH;
}

audio_ep_event_t audio_endpointer_flush(audio_endpointer_t *ep)
{
    ep->utt_ready = 0;
    /* What was held, of an utterance or a cap's wait, is judged as at their ends; but a stop
     * during the wait after a cap, with no background known yet, is the live loop answering
     * talk without end that started it (--activation always under a television): as in the
     * wait itself, that talk is the background, else it is never learnt. */
    if (ep->await_silence && ep->talk.n < TALK_MIN_FRAMES)
        talk_unhold(&ep->talk, 1);
    ep->await_silence = 0; /* the stream stops here: what comes next is new */
    ep->silent_run = ep->in_speech ? ep->silent_run : 0;
    audio_ep_event_t ev = ep->in_speech ? end_utterance(ep) : AUDIO_EP_SILENCE;
    talk_release(&ep->talk);
    return ev;
}

const int16_t *audio_endpointer_tentative(const audio_endpointer_t *ep, size_t *n_samples,
                                          long long *start)
{
    /* end_utterance() keeps tail_frames of the trailing silence: from that much silence on, the
     * utterance it would return is these samples, unless a voiced frame comes first. */
    if (!ep->in_speech || ep->silent_run < ep->tail_frames ||
        (ep->cfg.require_voice && ep->periodic_frames < MIN_PERIODIC_FRAMES) ||
        (size_t)(ep->silent_run - ep->tail_frames) * FRAME >= ep->utt_n) {
        *n_samples = 0;
        return NULL;
    }
    *n_samples = ep->utt_n - (size_t)(ep->silent_run - ep->tail_frames) * FRAME;
    *start = ep->utt_start * FRAME;
    return ep->utt;
}

int audio_endpointer_was_cut(const audio_endpointer_t *ep)
{
    return ep->utt_ready && ep->cut;
}

long long audio_endpointer_utterance_start(const audio_endpointer_t *ep)
{
    return ep->utt_ready ? ep->utt_start * FRAME : -1;
}

const int16_t *audio_endpointer_utterance(const audio_endpointer_t *ep, size_t *n_samples)
{
    if (!ep->utt_ready) {
        if (n_samples)
            *n_samples = 0;
        return NULL;
    }
    if (n_samples)
        *n_samples = ep->utt_done_n;
    return ep->utt;
}
