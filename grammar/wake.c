/* wake.c - the wake word: PocketSphinx 0.8+5prealpha keyword spotting (ps_set_keyphrase) over
 * the live stream proposes, and a second look at the proposed stretch of audio decides: the
 * phrase forced through it, set against an unconstrained phone loop over the same frames (the
 * log-likelihood ratio of grammar/confidence.c). Both on decoders of their own, with a
 * dictionary of the wake word's words only, so the command recogniser's search is untouched. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include "grammar_internal.h"

#ifndef SHOPSPEAK_POCKETSPHINX_MODELDIR
#define SHOPSPEAK_POCKETSPHINX_MODELDIR "/usr/share/pocketsphinx/model"
#endif

#define WAKE_SEARCH  "wake"
#define CHECK_SEARCH "wake-check"
/* The spotter's utterance is restarted this often (in samples) when nothing is detected, so
 * its live CMN and state never run on unbounded. */
#define RESTART_SAMPLES (30 * AUDIO_ASR_RATE)
/* The spotter only proposes: it is lenient, and the check decides (docs/BENCHMARKS.md). Its
 * threshold is on the phrase's path score against the best phone-loop path, which falls with
 * every phone said: 1e-50 for the five phones of "hey shop" (beam 1e-48, PocketSphinx's
 * default), so 1e-10 a phone. */
#define SPOT_LOG10_PER_PHONE (-10.0)
/* Samples per frame of the front end (-frate 100) and the frame's window (25.6 ms). */
#define FRAME_SAMPLES  160
#define WINDOW_SAMPLES 410
/* The stretch checked: the spotter's frames and this much around them. */
#define CONTEXT_BEFORE (AUDIO_ASR_RATE / 4)
#define CONTEXT_AFTER  (AUDIO_ASR_RATE / 5)
/* The last this many samples are kept; a stretch checked is at most MAX_CHECK_SAMPLES. */
#define RING_SAMPLES      (4 * AUDIO_ASR_RATE)
#define MAX_CHECK_SAMPLES (3 * AUDIO_ASR_RATE)
/* A word of the phrase aligned to fewer frames than this (0.1 s) was squeezed in: a deliberate
 * wake word is not said that fast. On the tune half of tests/bench/wake.sh this rejected a third
 * of the false activations on real speech that reached the threshold and no detection. */
#define MIN_WORD_FRAMES 10
/* A detection is new when it ends this many frames past the last one proposed. */
#define MIN_NEW_FRAMES 10
/* The check's confidence: 1 / (1 + exp(-(llr - CONF_CENTRE) / CONF_SCALE)), llr the mean
 * per-frame log-likelihood ratio of the phrase against the phone loop (logmath units >>
 * SENSCR_SHIFT). 0.5 is an llr of 0, the phrase as likely as any phones; the thresholds of
 * 0.1-0.9 span llr -9 to +9, where eSpeak's "hey shop" and speech without it overlap
 * (docs/BENCHMARKS.md). */
#define CONF_CENTRE 0.0
#define CONF_SCALE  4.0

struct asr_wake_s {
    ps_decoder_t *ps;     /* the spotter: keyword search over the live stream */
    ps_decoder_t *check;  /* the check: the phrase's FSG and a phone loop, one stretch at a time */
    double threshold;     /* of the check's confidence */
    size_t n_words;       /* in the phrase */
    size_t since_start;   /* samples since the spotter's utterance started */
    long long fed;        /* samples fed since asr_wake_open() */
    long long utt_start;  /* stream sample where the spotter's utterance started */
    int handled_ef;       /* last frame of the last detection proposed in this utterance */
    int16_t *ring;        /* the last RING_SAMPLES samples; sample s at ring[s % RING_SAMPLES] */
    int16_t *seg;         /* RING_SAMPLES: the ring's samples in order, the stretch checked in it */
    long long pend_start; /* a proposal waiting for its context after: first sample, or -1 */
    long long pend_end;   /* one past its last sample */
    double pend_score;    /* the spotter's score per frame */
    long long last_start, last_end; /* the stretch checked last */
    long long phrase_end;           /* stream sample where the last checked phrase ended */
    asr_wake_candidate_t last;
    bool have_last;            /* the last call checked a proposal */
    grammar__conf_path_t path; /* the check's alignment (kept here: 33 kB) */
    grammar__conf_t conf;      /* what the check measured */
};

asr_wake_config_t asr_wake_config_default(void)
{
    return (asr_wake_config_t){NULL, NULL, NULL, "hey shop", 0.5};
}

/*
 * The spotter's own dictionary: only the phrase's words, each with every pronunciation it has
 * in the full dictionary (grammar/lexicon.c). Loading all of cmudict-en-us (134,000 words) into a
 * second decoder took 30 MB of the process's 85 MB; the search is the same, so are the
 * detections (docs/BENCHMARKS.md). Every word must be there: the spotter can say nothing else.
 */
static int add_words(ps_decoder_t *ps, const char *dict, const char *phrase)
{
    enum { MAX_WORDS = 16 };
    char words[MAX_WORDS][GRAMMAR__MAX_WORD];
    const char *w[MAX_WORDS];
    bool found[MAX_WORDS] = {false};
    size_t n = 0;
    for (const char *p = phrase; *p; n++) { /* normalise() left single spaces */
        if (n == MAX_WORDS)
            return grammar__fail(GRAMMAR_EINVAL, "the wake word has more than %d words", MAX_WORDS);
        size_t len = strcspn(p, " ");
        if (len >= GRAMMAR__MAX_WORD)
            return grammar__fail(GRAMMAR_EINVAL, "wake word: \"%.*s\" is too long", (int)len, p);
        memcpy(words[n], p, len);
        words[n][len] = '\0';
        w[n] = words[n];
        p += len + (p[len] == ' ');
    }
    if (!n)
        return grammar__fail(GRAMMAR_EINVAL, "the wake word is empty");
    int st = grammar__add_dict_words(ps, dict, w, n, found);
    for (size_t i = 0; i < n && st == GRAMMAR_OK; i++)
        if (!found[i])
            st = grammar__fail(GRAMMAR_EMODEL,
                               "wake word: \"%s\" is not in the pronunciation dictionary", w[i]);
    return st;
}

/* Lower-case, single-spaced copy of the phrase (the dictionary is lower case), punctuation
 * read as spaces; an error when no word is left. */
static int normalise(const char *in, char *out, size_t len)
{
    size_t used = 0;
    for (const char *p = in; *p; p++) {
        char c = (char)tolower((unsigned char)*p);
        /* "Hey, shop!" is written, not said: punctuation is a word break. */
        if (c != '\'' && ((unsigned char)c < 0x80 && !isalnum((unsigned char)c)))
            c = ' ';
        if (c == ' ' && (used == 0 || out[used - 1] == ' '))
            continue;
        if (used + 1 >= len)
            return grammar__fail(GRAMMAR_EINVAL, "the wake word is too long");
        out[used++] = c;
    }
    while (used && out[used - 1] == ' ')
        used--;
    out[used] = '\0';
    return used ? GRAMMAR_OK : grammar__fail(GRAMMAR_EINVAL, "the wake word has no words in it");
}

/* -dither: digitally silent stretches (a gated microphone, synthesised speech) otherwise give
 * -inf log energies that wreck the live CMN; with it "hey shop" in a stream that began with
 * 3 s of zeros went from never detected to detected. -seed 1: the dither is the same on every
 * run, so the same audio gives the same detections (tests/bench/wake.sh is repeatable).
 * -remove_silence no for the spotter: its frames are found in the stream by number, which the
 * voice activity detector's dropped frames would shift. The check keeps the recogniser's
 * default (on), as its confidence was calibrated; check() counts the phrase's end from the
 * stretch's start, so frames the detector drops before the phrase (the stretch starts 0.25 s
 * early, the detector keeps 0.2 s before speech) can put that end a few frames early.
 * Why decoders of their own, not a keyword search beside the recogniser's in one decoder
 * (ps_set_keyphrase + ps_set_search): the recogniser decodes each utterance whole with batch
 * CMN (asr.c), the spotter runs on the live stream with live CMN, and the CMN mode belongs to
 * the decoder's front end, fixed when it is made. What a decoder costs is mostly the
 * dictionary, which add_words() avoids. The check has a decoder apart from the spotter's so
 * the spotter never stops listening: with one decoder, the audio that came while a stretch was
 * checked never reached the spotter, and a "hey shop" just after a rejected proposal was lost
 * (it cost a few points of detection on tests/bench/wake.sh's tune half). */
static ps_decoder_t *start_decoder(const asr_wake_config_t *c, const char *hmm, bool spotter)
{
    const char *logfn = c->log_path ? c->log_path : "/dev/null";
    if (err_set_logfile(logfn) < 0)
        return NULL;
    /* An empty dictionary: add_words() adds the phrase's words. */
    // clang-format off
    char *argv[] = {"shopspeak", "-hmm", (char *)hmm, "-dict", "/dev/null", "-logfn", (char *)logfn,
                    "-dither", "yes", "-seed", "1",
                    "-remove_silence", "no", NULL};
    // clang-format on
    int argc = (int)(sizeof argv / sizeof *argv) - 1;
    if (!spotter)
        argc -= 2; /* no -remove_silence: as the recogniser's, the default */
    cmd_ln_t *cl = cmd_ln_parse_r(NULL, ps_args(), argc, argv, TRUE);
    ps_decoder_t *ps = cl ? ps_init(cl) : NULL;
    cmd_ln_free_r(cl);
    return ps;
}

/* The check's search: the phrase's words in order, nothing else; the FSG search adds silence
 * and noise fillers around them (-fsgusefiller). */
static int set_check_search(ps_decoder_t *ps, const char *phrase)
{
    size_t n = 1;
    for (const char *p = phrase; *p; p++)
        n += *p == ' ';
    float lw = cmd_ln_float32_r(ps_get_config(ps), "-lw");
    fsg_model_t *fsg = fsg_model_init(CHECK_SEARCH, ps_get_logmath(ps), lw, (int32)n + 1);
    if (!fsg)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    fsg->start_state = 0;
    fsg->final_state = (int32)n;
    char word[GRAMMAR__MAX_WORD];
    const char *p = phrase;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)len, p);
        fsg_model_trans_add(fsg, (int32)i, (int32)i + 1, 0, fsg_model_word_add(fsg, word));
        p += len + (p[len] == ' ');
    }
    int rv = ps_set_fsg(ps, CHECK_SEARCH, fsg);
    fsg_model_free(fsg); /* the search keeps its own reference */
    if (rv < 0 || ps_set_search(ps, CHECK_SEARCH) < 0)
        return grammar__fail(GRAMMAR_EMODEL, "PocketSphinx refused the wake word's check");
    return GRAMMAR_OK;
}

/* A new utterance of the spotter from the next sample fed. A new stream too: this
 * PocketSphinx numbers a detection's frames from the start of the stream, not of the
 * utterance. */
static int restart(asr_wake_t *w)
{
    w->since_start = 0;
    w->utt_start = w->fed;
    w->handled_ef = -1;
    if (ps_start_stream(w->ps) < 0 || ps_start_utt(w->ps) < 0)
        return grammar__fail(GRAMMAR_EDECODE, "the wake word spotter did not restart");
    return GRAMMAR_OK;
}

/* Phones in the phrase, each word as the dictionary first says it. */
static int count_phones(ps_decoder_t *ps, const char *phrase)
{
    int n = 0;
    char word[GRAMMAR__MAX_WORD];
    for (const char *p = phrase; *p;) {
        size_t len = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)len, p);
        char *phones = ps_lookup_word(ps, word);
        for (const char *c = phones; c && *c; c++)
            n += c == phones || (c[-1] == ' ' && *c != ' ');
        ckd_free(phones);
        p += len + (p[len] == ' ');
    }
    return n;
}

/* The models and both decoders; the phrase normalised. */
static int open_decoders(asr_wake_t *w, const asr_wake_config_t *c, const char *phrase)
{
    char hmm[4096], dict[4200];
    snprintf(hmm, sizeof hmm, "%s",
             c->model_dir ? c->model_dir : SHOPSPEAK_POCKETSPHINX_MODELDIR "/en-us/en-us");
    if (c->dict_path)
        snprintf(dict, sizeof dict, "%s", c->dict_path);
    else
        snprintf(dict, sizeof dict, "%s/../cmudict-en-us.dict", hmm);
    /* The same model checks as the recogniser's: PocketSphinx exits on a bad model file. */
    int st = grammar__check_model(hmm, dict);
    if (st != GRAMMAR_OK)
        return st;
    if (!(w->ps = start_decoder(c, hmm, true)) || !(w->check = start_decoder(c, hmm, false)))
        return grammar__fail(GRAMMAR_EMODEL, "PocketSphinx could not load %s for the wake word",
                             hmm);
    if ((st = add_words(w->ps, dict, phrase)) != GRAMMAR_OK ||
        (st = add_words(w->check, dict, phrase)) != GRAMMAR_OK ||
        (st = grammar__conf_open(w->check)) != GRAMMAR_OK ||
        (st = set_check_search(w->check, phrase)) != GRAMMAR_OK)
        return st;
    /* The spotter's beam prunes the phrase's own path against the phone loop's best, so it
     * scales too: with PocketSphinx's 1e-48 a phrase longer than "hey shop" was pruned before
     * it could be proposed ("hey computer" never was, even at --wake-threshold 0). */
    double phones = count_phones(w->ps, phrase);
    cmd_ln_set_float64_r(ps_get_config(w->ps), "-kws_threshold",
                         pow(10.0, SPOT_LOG10_PER_PHONE * phones));
    cmd_ln_set_float64_r(ps_get_config(w->ps), "-beam",
                         pow(10.0, SPOT_LOG10_PER_PHONE * phones + 2));
    if (ps_set_keyphrase(w->ps, WAKE_SEARCH, phrase) < 0 || ps_set_search(w->ps, WAKE_SEARCH) < 0)
        return grammar__fail(GRAMMAR_EMODEL, "PocketSphinx refused the wake word \"%s\"", phrase);
    return restart(w);
}

asr_wake_t *asr_wake_open(const asr_wake_config_t *config, int *status)
{
    int dummy;
    status = status ? status : &dummy;
    asr_wake_config_t c = config ? *config : asr_wake_config_default();
    char phrase[256];
    if (!c.keyphrase || !(c.threshold >= 0 && c.threshold <= 1)) {
        *status = grammar__fail(GRAMMAR_EINVAL, "asr_wake_open: bad wake word or threshold");
        return NULL;
    }
    if ((*status = normalise(c.keyphrase, phrase, sizeof phrase)) != GRAMMAR_OK)
        return NULL;
    asr_wake_t *w = calloc(1, sizeof *w);
    if (!w || !(w->ring = calloc(RING_SAMPLES, sizeof *w->ring)) ||
        !(w->seg = malloc(RING_SAMPLES * sizeof *w->seg))) {
        *status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        goto error_out;
    }
    w->threshold = c.threshold;
    w->pend_start = -1;
    w->n_words = 1;
    for (const char *p = phrase; *p; p++)
        w->n_words += *p == ' ';
    if ((*status = open_decoders(w, &c, phrase)) != GRAMMAR_OK)
        goto error_out;
    return w;
error_out:
    asr_wake_close(w);
    return NULL;
}

void asr_wake_close(asr_wake_t *w)
{
    if (!w)
        return;
    if (w->ps)
        ps_end_utt(w->ps);
    grammar__conf_close(w->check);
    ps_free(w->check);
    ps_free(w->ps);
    free(w->ring);
    free(w->seg);
    free(w);
}

int asr_wake_reset(asr_wake_t *w)
{
    ps_end_utt(w->ps);
    w->pend_start = -1;
    return restart(w);
}

static double confidence_of(double llr)
{
    return 1.0 / (1.0 + exp(-(llr - CONF_CENTRE) / CONF_SCALE));
}

/* The proposed stretch, from the ring. Under a loud steady background (a fan, a hood, hiss)
 * the noise is taken out first, as the command recognizer does (denoise.c): judged and learnt
 * on all the ring holds, for the stretch alone is mostly the phrase. In white noise 12 dB under
 * eSpeak NG's "hey shop" the check's confidence went from under 0.5 (missed) to 0.7-0.9. */
static const int16_t *stretch_to_check(asr_wake_t *w)
{
    long long from = w->fed > RING_SAMPLES ? w->fed - RING_SAMPLES : 0;
    size_t held = (size_t)(w->fed - from);
    for (size_t i = 0; i < held; i++)
        w->seg[i] = w->ring[(from + (long long)i) % RING_SAMPLES];
    int16_t *clean = grammar__denoised_if_steady(w->seg, held); /* NULL: checked as it is */
    if (clean)
        memcpy(w->seg, clean, held * sizeof *clean);
    free(clean);
    /* A proposal is checked as soon as its context after it is in (at most 0.1 s late) and
     * spans at most MAX_CHECK_SAMPLES, so it lies in the ring; the clamp only makes sure. */
    if (w->pend_start < from)
        w->pend_start = from;
    return w->seg + (w->pend_start - from);
}

/* The proposed stretch (with its context) checked: the phrase forced through it against the
 * phone loop over the same frames. Fills w->last; 1 when accepted, 0 when not, or a status. */
static int check(asr_wake_t *w)
{
    const int16_t *stretch = stretch_to_check(w);
    size_t n = (size_t)(w->pend_end - w->pend_start);
    asr_wake_candidate_t *c = &w->last;
    memset(c, 0, sizeof *c);
    c->start = (double)w->pend_start / AUDIO_ASR_RATE;
    c->end = (double)w->pend_end / AUDIO_ASR_RATE;
    c->spot_score = w->pend_score;
    w->last_start = w->pend_start;
    w->last_end = w->pend_end;
    w->phrase_end = w->pend_end - CONTEXT_AFTER;
    w->pend_start = -1;
    w->have_last = true;
    /* Cepstra once for both searches; a new stream each time (grammar__features()). */
    grammar__feats_t feats;
    int st = grammar__features(w->check, stretch, n, &feats);
    if (st != GRAMMAR_OK)
        return st;
    if (grammar__decode_feats(w->check, &feats) < 0) {
        grammar__feats_free(&feats);
        return grammar__fail(GRAMMAR_EDECODE, "the wake word check failed");
    }
    grammar__conf_path(w->check, &w->path);
    st = grammar__confidence(w->check, CHECK_SEARCH, &feats, &w->path, &w->conf);
    grammar__feats_free(&feats);
    if (st != GRAMMAR_OK)
        return st;
    /* Where the phrase ended: its last word in the check's alignment, else the spotter's. */
    w->phrase_end = w->last_end - CONTEXT_AFTER;
    for (size_t i = w->path.n; i-- > 0;) {
        const grammar__conf_seg_t *sg = &w->path.segs[i];
        if (sg->word[0] != '<' && sg->word[0] != '[' && sg->ef >= 0) {
            w->phrase_end = w->last_start + (long long)(sg->ef + 1) * FRAME_SAMPLES;
            break;
        }
    }
    c->words = (int)w->conf.n_words;
    c->llr = w->conf.llr;
    c->min_word_llr = w->conf.n_words ? w->conf.min_llr : 0;
    c->frames = w->conf.speech_frames;
    /* Every word of the phrase aligned, none squeezed into under MIN_WORD_FRAMES. */
    bool whole = w->conf.n_words == w->n_words;
    for (size_t i = 0; i < w->path.n && whole; i++) {
        const grammar__conf_seg_t *sg = &w->path.segs[i];
        if (sg->word[0] != '<' && sg->word[0] != '[' && sg->ef - sg->sf + 1 < MIN_WORD_FRAMES)
            whole = false;
    }
    c->confidence = whole ? confidence_of(c->llr) : 0;
    c->accepted = whole && c->confidence >= w->threshold;
    return c->accepted;
}

/* The spotter's best detection that ends past the last one proposed; a proposal becomes
 * pending. Detections stay in the keyword search's list for the rest of the utterance, and
 * one can grow (a better score ending later) after it was proposed. */
static void propose(asr_wake_t *w)
{
    int sf = -1, ef = -1;
    int32 prob = 0;
    for (ps_seg_t *s = ps_seg_iter(w->ps); s; s = ps_seg_next(s)) {
        int a, b;
        int32 ascr, lscr, lback, p = ps_seg_prob(s, &ascr, &lscr, &lback);
        ps_seg_frames(s, &a, &b);
        if (b > w->handled_ef + MIN_NEW_FRAMES && (sf < 0 || p > prob)) {
            sf = a;
            ef = b;
            prob = p;
        }
    }
    if (sf < 0 || ef < sf)
        return;
    w->handled_ef = ef;
    long long end = w->utt_start + (long long)ef * FRAME_SAMPLES + WINDOW_SAMPLES;
    w->pend_end = end + CONTEXT_AFTER;
    w->pend_start = w->utt_start + (long long)sf * FRAME_SAMPLES - CONTEXT_BEFORE;
    if (w->pend_start < w->pend_end - MAX_CHECK_SAMPLES)
        w->pend_start = w->pend_end - MAX_CHECK_SAMPLES;
    if (w->pend_start < 0)
        w->pend_start = 0;
    w->pend_score = (double)prob / (ef - sf + 1);
}

/* The spotter over k samples, which end at stream sample w->fed. */
static int spot(asr_wake_t *w, const int16_t *pcm, size_t k)
{
    if (ps_process_raw(w->ps, pcm, k, FALSE, FALSE) < 0)
        return grammar__fail(GRAMMAR_EDECODE, "the wake word spotter failed");
    w->since_start += k;
    const char *hyp = ps_get_hyp(w->ps, NULL);
    if (hyp && *hyp && w->pend_start < 0)
        propose(w);
    if (w->since_start >= RESTART_SAMPLES && w->pend_start < 0) {
        ps_end_utt(w->ps);
        return restart(w);
    }
    return GRAMMAR_OK;
}

int asr_wake_process(asr_wake_t *w, const int16_t *pcm, size_t n)
{
    if (!w || (!pcm && n))
        return grammar__fail(GRAMMAR_EINVAL, "asr_wake_process: bad argument");
    int heard = 0;
    w->have_last = false;
    while (n > 0) {
        /* At most 0.1 s at a time: the ring keeps what a check needs whatever the caller's
         * block size. */
        size_t k = n < AUDIO_ASR_RATE / 10 ? n : AUDIO_ASR_RATE / 10;
        for (size_t i = 0; i < k; i++)
            w->ring[(w->fed + (long long)i) % RING_SAMPLES] = pcm[i];
        w->fed += (long long)k;
        int rc = spot(w, pcm, k);
        if (rc == GRAMMAR_OK && w->pend_start >= 0 && w->fed >= w->pend_end) {
            rc = check(w);
            /* Heard: what follows is a command; the spotter starts afresh. */
            if (rc == 1 && (rc = asr_wake_reset(w)) == GRAMMAR_OK)
                heard = 1; /* the rest of pcm goes to the new utterance */
        }
        if (rc < 0)
            return rc;
        pcm += k;
        n -= k;
    }
    return heard;
}

int asr_wake_last_candidate(const asr_wake_t *w, asr_wake_candidate_t *out)
{
    if (!w || !w->have_last)
        return 0;
    *out = w->last;
    out->ended_ago = (double)(w->fed - w->phrase_end) / AUDIO_ASR_RATE;
    return 1;
}

void asr__wake_check(const asr_wake_t *w, const grammar__conf_t **conf,
                     const grammar__conf_path_t **path)
{
    *conf = &w->conf;
    *path = &w->path;
}
