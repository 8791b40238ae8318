/* confidence.c - how sure the recogniser is: the grammar path's acoustic score set against an
 * unconstrained phone loop over the same frames (a log-likelihood ratio), per word. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pocketsphinx.h>
#include <sphinxbase/cmd_ln.h>

#include "grammar_internal.h"

#define PHONE_SEARCH "shopspeak-phones"

/* The phone loop's beams. Its cost is almost all acoustic scoring (every CI phone's codebook
 * each frame), so beams barely matter: RTF on 40 coffee orders 1e-20 0.066, 1e-10 0.061,
 * 1e-5 0.045 over the grammar pass's 0.045; 1e-10 kept the curve of 1e-20. */
#define PHONE_BEAM 1e-10

/* confidence = 1 / (1 + exp(-(llr - CENTRE) / SCALE)), llr the mean per-frame log-likelihood
 * ratio of the words against the phone loop (logmath units >> SENSCR_SHIFT). Fitted (log loss,
 * grid search) on the dev halves of coffee-dev, words-dev and the non-command sets; see
 * docs/grammar.md. */
#define CONF_CENTRE -14.5
#define CONF_SCALE  7.0

double grammar__conf_logistic(double llr)
{
    return 1.0 / (1.0 + exp(-(llr - CONF_CENTRE) / CONF_SCALE));
}

int grammar__conf_open(ps_decoder_t *ps)
{
    static const char *const names[] = {"-beam", "-pbeam"};
    cmd_ln_t *config = ps_get_config(ps);
    double saved[2];
    for (size_t i = 0; i < 2; i++)
        saved[i] = cmd_ln_float64_r(config, names[i]);
    cmd_ln_set_float64_r(config, "-beam", PHONE_BEAM);
    cmd_ln_set_float64_r(config, "-pbeam", PHONE_BEAM);
    /* Context-independent phones: triphones cost 8 times as much (RTF 0.85). */
    int ci = cmd_ln_boolean_r(config, "-allphone_ci");
    cmd_ln_set_boolean_r(config, "-allphone_ci", TRUE);
    int rv = ps_set_allphone(ps, PHONE_SEARCH, NULL);
    for (size_t i = 0; i < 2; i++)
        cmd_ln_set_float64_r(config, names[i], saved[i]);
    cmd_ln_set_boolean_r(config, "-allphone_ci", ci);
    return rv < 0 ? grammar__fail(GRAMMAR_EMODEL, "PocketSphinx could not make a phone loop")
                  : GRAMMAR_OK;
}

void grammar__conf_path(ps_decoder_t *ps, grammar__conf_path_t *path)
{
    path->n = 0;
    path->n_frames = ps_get_n_frames(ps);
    for (ps_seg_t *s = ps_seg_iter(ps); s; s = ps_seg_next(s)) {
        if (path->n == GRAMMAR__CONF_MAX_SEGS) {
            ps_seg_free(s);
            break;
        }
        grammar__conf_seg_t *w = &path->segs[path->n++];
        snprintf(w->word, sizeof w->word, "%s", ps_seg_word(s));
        ps_seg_frames(s, &w->sf, &w->ef);
        int32 ascr = 0, lscr = 0, lback = 0;
        ps_seg_prob(s, &ascr, &lscr, &lback);
        w->ascr = ascr;
        w->lscr = lscr;
    }
}

bool grammar__is_filler(const char *w)
{
    return w[0] == '<' || w[0] == '[' || strcmp(w, "(NULL)") == 0;
}

/* Before the decoder is freed. The all-phone search of PocketSphinx 5prealpha keeps the segment
 * list of its last ps_seg_iter() until its next utterance starts, and not past ps_free(): an
 * empty utterance releases it (LeakSanitizer saw one list per process). */
void grammar__conf_close(ps_decoder_t *ps)
{
    if (ps && ps_set_search(ps, PHONE_SEARCH) == 0 && ps_start_utt(ps) == 0)
        ps_end_utt(ps);
}

/* The phone loop over the same audio: its per-frame acoustic score into ref[0..n_frames). */
static int phone_loop(ps_decoder_t *ps, const char *saved, const grammar__feats_t *feats,
                      double *ref, int n_frames, int *speech)
{
    /* The caller names the search to return to: ps_get_search() leaks a hash iterator in this
     * PocketSphinx every time it finds the current search. */
    if (ps_set_search(ps, PHONE_SEARCH) < 0)
        return grammar__fail(GRAMMAR_EDECODE, "PocketSphinx lost the phone loop");
    int st = GRAMMAR_OK;
    if (grammar__decode_feats(ps, feats) < 0)
        st = grammar__fail(GRAMMAR_EDECODE, "PocketSphinx failed in the phone loop");
    for (ps_seg_t *s = st == GRAMMAR_OK ? ps_seg_iter(ps) : NULL; s; s = ps_seg_next(s)) {
        int sf, ef;
        int32 ascr = 0, lscr = 0, lback = 0;
        ps_seg_frames(s, &sf, &ef);
        ps_seg_prob(s, &ascr, &lscr, &lback);
        if (sf < 0 || ef >= n_frames || ef < sf)
            continue;
        for (int f = sf; f <= ef; f++)
            ref[f] = (double)ascr / (ef - sf + 1);
        const char *ph = ps_seg_word(s);
        if (strcmp(ph, "SIL") != 0 && ph[0] != '+')
            *speech += ef - sf + 1;
    }
    if (ps_set_search(ps, saved) < 0 && st == GRAMMAR_OK)
        st = grammar__fail(GRAMMAR_EDECODE, "PocketSphinx lost the grammar search");
    return st;
}

int grammar__confidence(ps_decoder_t *ps, const char *search, const grammar__feats_t *feats,
                        const grammar__conf_path_t *path, grammar__conf_t *out)
{
    memset(out, 0, sizeof *out);
    int nf = path->n_frames;
    if (nf <= 0 || path->n == 0)
        return GRAMMAR_OK;
    double *ref = calloc((size_t)nf, sizeof *ref);
    if (!ref)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    int st = phone_loop(ps, search, feats, ref, nf, &out->ref_speech);
    double g_sum = 0, r_sum = 0, g_all = 0;
    int frames = 0;
    out->min_llr = 1e30;
    out->min_g = 1e30;
    for (size_t i = 0; i < path->n && st == GRAMMAR_OK; i++) {
        const grammar__conf_seg_t *w = &path->segs[i];
        g_all += w->ascr;
        if (grammar__is_filler(w->word) || w->sf < 0 || w->ef >= nf || w->ef < w->sf)
            continue;
        double r = 0;
        for (int f = w->sf; f <= w->ef; f++)
            r += ref[f];
        int len = w->ef - w->sf + 1;
        double llr = (w->ascr - r) / len;
        double g = (double)w->ascr / len;
        if (out->n_words < GRAMMAR__CONF_MAX_SEGS) {
            out->word_llr[out->n_words] = llr;
            snprintf(out->words[out->n_words], sizeof out->words[0], "%s", w->word);
            out->n_words++;
        }
        out->min_llr = llr < out->min_llr ? llr : out->min_llr;
        out->min_g = g < out->min_g ? g : out->min_g;
        g_sum += w->ascr;
        r_sum += r;
        frames += len;
    }
    double r_all = 0;
    for (int f = 0; f < nf; f++)
        r_all += ref[f];
    out->speech_frames = frames;
    out->n_frames = nf;
    out->llr = frames ? (g_sum - r_sum) / frames : 0;
    out->g = frames ? g_sum / frames : 0;
    out->llr_all = (g_all - r_all) / nf;
    out->g_all = g_all;
    out->r_all = r_all;
    free(ref);
    return st;
}

double grammar__conf_value(const grammar__conf_t *conf)
{
    return conf->speech_frames > 0 ? grammar__conf_logistic(conf->llr) : 0.0;
}

void grammar__conf_words(const grammar__conf_t *conf, asr_result_t *out)
{
    size_t cap = sizeof out->word_confidence / sizeof out->word_confidence[0];
    out->n_words = 0;
    for (size_t i = 0; i < conf->n_words; i++) {
        size_t parts = 1;
        for (const char *c = conf->words[i]; *c; c++)
            parts += *c == '+';
        for (size_t k = 0; k < parts && out->n_words < cap; k++)
            out->word_confidence[out->n_words++] = grammar__conf_logistic(conf->word_llr[i]);
    }
}
