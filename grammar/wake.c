/* wake.c - the wake word: PocketSphinx 0.8+5prealpha keyword spotting (ps_set_keyphrase) over
 * the live stream, on a decoder of its own (with a dictionary of the wake word's words only) so
 * the command recogniser's search is untouched. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include "grammar_internal.h"

#ifndef SHOPSPEAK_POCKETSPHINX_MODELDIR
#define SHOPSPEAK_POCKETSPHINX_MODELDIR "/usr/share/pocketsphinx/model"
#endif

#define WAKE_SEARCH "wake"
/* The spotter's utterance is restarted this often (in samples) when nothing is detected, so
 * its live CMN and state never run on unbounded. */
#define RESTART_SAMPLES (30 * AUDIO_ASR_RATE)

struct asr_wake_s {
    ps_decoder_t *ps;
    size_t since_start; /* samples since ps_start_utt */
};

asr_wake_config_t asr_wake_config_default(void)
{
    return (asr_wake_config_t){NULL, NULL, NULL, "hey shop", 1e-30};
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

/* Lower-case, single-spaced copy of the phrase (the dictionary is lower case). */
static int normalise(const char *in, char *out, size_t len)
{
    size_t used = 0;
    for (const char *p = in; *p; p++) {
        char c = (char)tolower((unsigned char)*p);
        if (c == ' ' && (used == 0 || out[used - 1] == ' '))
            continue;
        if (used + 1 >= len)
            return grammar__fail(GRAMMAR_EINVAL, "the wake word is too long");
        out[used++] = c;
    }
    while (used && out[used - 1] == ' ')
        used--;
    out[used] = '\0';
    return GRAMMAR_OK;
}

/* -dither: digitally silent stretches (a gated microphone, synthesised speech) otherwise give
 * -inf log energies that wreck the live CMN; with it "hey shop" in a stream that began with
 * 3 s of zeros went from never detected to detected. -seed 1: the dither is the same on every
 * run, so the same audio gives the same detections (tests/bench/wake.sh is repeatable; with a
 * random seed its false activations moved by up to 20% between runs).
 * Why a decoder of its own, not a keyword search beside the recogniser's in one decoder
 * (ps_set_keyphrase + ps_set_search): the recogniser decodes each utterance whole with batch
 * CMN (asr.c), the spotter runs on the live stream with live CMN, and the CMN mode belongs to
 * the decoder's front end, fixed when it is made. What a second decoder costs is mostly the
 * dictionary, which add_words() avoids. */
static ps_decoder_t *start_decoder(const asr_wake_config_t *c, const char *hmm)
{
    char threshold[32];
    snprintf(threshold, sizeof threshold, "%g", c->threshold);
    const char *logfn = c->log_path ? c->log_path : "/dev/null";
    if (err_set_logfile(logfn) < 0)
        return NULL;
    /* An empty dictionary: add_words() adds the phrase's words. */
    // clang-format off
    char *argv[] = {"shopspeak", "-hmm", (char *)hmm, "-dict", "/dev/null", "-logfn", (char *)logfn,
                    "-kws_threshold", threshold, "-dither", "yes", "-seed", "1", NULL};
    // clang-format on
    cmd_ln_t *cl =
        cmd_ln_parse_r(NULL, ps_args(), (int)(sizeof argv / sizeof *argv) - 1, argv, TRUE);
    ps_decoder_t *ps = cl ? ps_init(cl) : NULL;
    cmd_ln_free_r(cl);
    return ps;
}

asr_wake_t *asr_wake_open(const asr_wake_config_t *config, int *status)
{
    int dummy;
    status = status ? status : &dummy;
    asr_wake_config_t c = config ? *config : asr_wake_config_default();
    char hmm[4096], dict[4200], phrase[256];
    if (!c.keyphrase || !(c.threshold > 0 && c.threshold <= 1)) {
        *status = grammar__fail(GRAMMAR_EINVAL, "asr_wake_open: bad wake word or threshold");
        return NULL;
    }
    if ((*status = normalise(c.keyphrase, phrase, sizeof phrase)) != GRAMMAR_OK)
        return NULL;
    snprintf(hmm, sizeof hmm, "%s",
             c.model_dir ? c.model_dir : SHOPSPEAK_POCKETSPHINX_MODELDIR "/en-us/en-us");
    if (c.dict_path)
        snprintf(dict, sizeof dict, "%s", c.dict_path);
    else
        snprintf(dict, sizeof dict, "%s/../cmudict-en-us.dict", hmm);
    /* The same model checks as the recogniser's: PocketSphinx exits on a bad model file. */
    if ((*status = grammar__check_model(hmm, dict)) != GRAMMAR_OK)
        return NULL;
    asr_wake_t *w = calloc(1, sizeof *w);
    if (!w) {
        *status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        return NULL;
    }
    if (!(w->ps = start_decoder(&c, hmm))) {
        *status =
            grammar__fail(GRAMMAR_EMODEL, "PocketSphinx could not load %s for the wake word", hmm);
        goto error_out;
    }
    if ((*status = add_words(w->ps, dict, phrase)) != GRAMMAR_OK)
        goto error_out;
    if (ps_set_keyphrase(w->ps, WAKE_SEARCH, phrase) < 0 || ps_set_search(w->ps, WAKE_SEARCH) < 0 ||
        ps_start_utt(w->ps) < 0) {
        *status =
            grammar__fail(GRAMMAR_EMODEL, "PocketSphinx refused the wake word \"%s\"", phrase);
        goto error_out;
    }
    *status = GRAMMAR_OK;
    return w;
error_out:
    asr_wake_close(w);
    return NULL;
}

void asr_wake_close(asr_wake_t *w)
{
    if (!w)
        return;
    ps_free(w->ps);
    free(w);
}

int asr_wake_reset(asr_wake_t *w)
{
    ps_end_utt(w->ps);
    w->since_start = 0;
    if (ps_start_utt(w->ps) < 0)
        return grammar__fail(GRAMMAR_EDECODE, "the wake word spotter did not restart");
    return GRAMMAR_OK;
}

int asr_wake_process(asr_wake_t *w, const int16_t *pcm, size_t n)
{
    if (!w || (!pcm && n))
        return grammar__fail(GRAMMAR_EINVAL, "asr_wake_process: bad argument");
    if (ps_process_raw(w->ps, pcm, n, FALSE, FALSE) < 0)
        return grammar__fail(GRAMMAR_EDECODE, "the wake word spotter failed");
    w->since_start += n;
    const char *hyp = ps_get_hyp(w->ps, NULL);
    if (hyp && *hyp) {
        int rc = asr_wake_reset(w); /* forget the detection: the next one is a new one */
        return rc == GRAMMAR_OK ? 1 : rc;
    }
    if (w->since_start >= RESTART_SAMPLES) {
        int rc = asr_wake_reset(w);
        if (rc != GRAMMAR_OK)
            return rc;
    }
    return 0;
}
