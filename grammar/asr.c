/* asr.c - the recogniser: PocketSphinx 0.8+5prealpha searching the compiled shopping grammar. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pocketsphinx.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/err.h>
#include <sphinxbase/jsgf.h>

#include "grammar_internal.h"

#ifndef SHOPSPEAK_POCKETSPHINX_MODELDIR
#define SHOPSPEAK_POCKETSPHINX_MODELDIR "/usr/share/pocketsphinx/model"
#endif

/* One command is a few seconds; past this it is a stuck microphone, not a shopper. */
#define MAX_UTTERANCE_SECONDS 30

/* Quiet added before and after each utterance. Speech cut tight at both ends (TTS output, an
 * eager endpointer) decoded badly without it: batch CMN then sees no silence and the first
 * and last words lose their edges ("how much does lavazza ground coffee cost" came out as
 * "how much does salt"; 0 and 50 ms failed both probe sentences). On 64 synthetic commands:
 * 100 ms 54/64 exact, 200 ms 49/64, 500 ms 38/64 (too much silence skews the mean). */
#define PAD_SAMPLES (AUDIO_ASR_RATE / 10)

struct asr_s {
    ps_decoder_t *ps;
    size_t n_generated;
    char **dropped; /* words with no pronunciation whose phrases were left out */
    size_t n_dropped;
};

asr_config_t asr_config_default(void)
{
    return (asr_config_t){NULL, NULL, NULL, NULL, NULL};
}

/* ---- Model checks: PocketSphinx calls exit() on a missing or bad model file --------------- */

/* dir/name into path; false when it does not fit. */
static bool join(char *path, size_t size, const char *dir, const char *name)
{
    int n = snprintf(path, size, "%s/%s", dir, name);
    return n >= 0 && (size_t)n < size;
}

static bool is_file(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    return join(path, sizeof path, dir, name) && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           st.st_size > 0 && access(path, R_OK) == 0;
}

static int check_model(const char *hmm, const char *dict)
{
    struct stat st;
    if (stat(hmm, &st) != 0 || !S_ISDIR(st.st_mode))
        return grammar__fail(GRAMMAR_ENOENT, "acoustic model directory %s: %s", hmm,
                             errno ? strerror(errno) : "not a directory");
    static const char *const needed[] = {
        "mdef", "means", "variances", "transition_matrices", "noisedict", "feat.params"};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (!is_file(hmm, needed[i]))
            return grammar__fail(GRAMMAR_EMODEL,
                                 "acoustic model %s: %s is missing, empty or unreadable "
                                 "(reinstall pocketsphinx-en-us?)",
                                 hmm, needed[i]);
    if (!is_file(hmm, "sendump") && !is_file(hmm, "mixture_weights"))
        return grammar__fail(GRAMMAR_EMODEL, "acoustic model %s: no sendump or mixture_weights",
                             hmm);
    char path[4096], head[4] = {0};
    FILE *f = join(path, sizeof path, hmm, "mdef") ? fopen(path, "rb") : NULL;
    size_t n = f ? fread(head, 1, sizeof head, f) : 0;
    if (f)
        fclose(f);
    if (n != 4 || (memcmp(head, "BMDF", 4) != 0 && memcmp(head, "0.3\n", 4) != 0))
        return grammar__fail(GRAMMAR_EMODEL, "acoustic model %s: mdef is not a model definition",
                             hmm);
    if (stat(dict, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0 || access(dict, R_OK) != 0)
        return grammar__fail(GRAMMAR_EMODEL, "pronunciation dictionary %s: %s", dict,
                             errno ? strerror(errno) : "empty or not a file");
    return GRAMMAR_OK;
}

/* ---- Start-up ----------------------------------------------------------------------------- */

/*
 * Beams: the defaults (1e-48 / 7e-29, 30000 HMMs per frame) pruned right answers: 42/64
 * synthetic commands exact against 48/64 with these; a grammar search is cheap enough to
 * afford wide beams and no per-frame caps (RTF about 0.1 with 169 products).
 * CMN: feat.params says "-cmn batch", but sphinxbase silently turns batch CMN into live CMN
 * (starting from -cmninit) whenever audio arrives in blocks. asr_decode() hands over each
 * utterance whole (full_utt), so the mean is computed over the utterance itself.
 * Noise removal and silence removal are off: the front end's noise estimate survives from one
 * utterance to the next, which made the first decode of a WAV score differently from a
 * later decode of the same WAV (measured); the endpointer upstream already trims silence.
 * Together: the first command decodes exactly like any later one.
 */
static cmd_ln_t *make_config(const char *hmm, const char *dict, const char *logfn,
                             const char *const *extra)
{
    /* Our options as "-name", "value" pairs; the caller's extra options replace or add. */
    const char *argv[96] = {"shopspeak", "-hmm", hmm, "-dict", dict, "-logfn", logfn,
                            "-cmn", "batch", "-beam", "1e-80", "-wbeam", "1e-60",
                            "-pbeam", "1e-80", "-lpbeam", "1e-60", "-maxhmmpf", "-1",
                            "-maxwpf", "-1", "-remove_noise", "no", "-remove_silence", "no"};
    int argc = 25;
    for (size_t i = 0; extra && extra[i] && extra[i + 1] && argc + 2 < 96; i += 2) {
        int j = 1;
        while (j < argc && strcmp(argv[j], extra[i]) != 0)
            j += 2;
        argv[j] = extra[i];
        argv[j + 1] = extra[i + 1];
        if (j == argc)
            argc += 2;
    }
    return cmd_ln_parse_r(NULL, ps_args(), argc, (char **)argv, TRUE);
}

typedef struct {
    asr_t *asr;
} usable_ctx_t;

static bool word_usable(const char *word, void *ctx)
{
    asr_t *asr = ((usable_ctx_t *)ctx)->asr;
    for (size_t i = 0; i < asr->n_dropped; i++)
        if (strcmp(asr->dropped[i], word) == 0)
            return false;
    return true;
}

/* Give every grammar word a pronunciation before the grammar loads: PocketSphinx refuses a
 * grammar with a word it cannot say. A word of a generated phrase that eSpeak cannot help with
 * is dropped with its phrases; a word written in the grammar file is an error. */
static int add_pronunciations(asr_t *asr, const grammar_t *g, audio_tts_t *tts)
{
    size_t n_words;
    const char *const *words = grammar_words(g, &n_words);
    for (size_t i = 0; i < n_words; i++) {
        char *known = ps_lookup_word(asr->ps, words[i]);
        if (known) {
            ckd_free(known);
            continue;
        }
        char phones[512];
        int st = tts ? grammar_pronounce(tts, words[i], phones, sizeof phones)
                     : grammar__fail(GRAMMAR_EMODEL,
                                     "\"%s\" is not in the dictionary and no "
                                     "TTS was given for pronunciations",
                                     words[i]);
        if (st == GRAMMAR_OK && ps_add_word(asr->ps, words[i], phones, FALSE) >= 0) {
            asr->n_generated++;
            continue;
        }
        if (st == GRAMMAR_OK)
            grammar__fail(GRAMMAR_EMODEL, "PocketSphinx rejected \"%s\" as /%s/", words[i], phones);
        if (!grammar__is_generated_word(g, words[i]))
            return GRAMMAR_EMODEL; /* the message says which word */
        char **d = realloc(asr->dropped, (asr->n_dropped + 1) * sizeof *d);
        if (!d || !(d[asr->n_dropped] = strdup(words[i]))) {
            if (d)
                asr->dropped = d;
            return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        }
        asr->dropped = d;
        asr->n_dropped++;
    }
    return GRAMMAR_OK;
}

static int load_grammar(asr_t *asr, const grammar_t *g)
{
    usable_ctx_t ctx = {asr};
    char *text = grammar__jsgf_text(g, word_usable, &ctx, NULL);
    if (!text)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    /* What ps_set_jsgf_string() does, minus its leak: this version never frees the parsed
     * JSGF (LeakSanitizer flagged ~120 kB per grammar with 169 products). */
    jsgf_t *jsgf = jsgf_parse_string(text, NULL);
    free(text);
    char top[256];
    snprintf(top, sizeof top, "%s.%s", jsgf ? jsgf_grammar_name(jsgf) : "", GRAMMAR__TOP_RULE);
    jsgf_rule_t *rule = jsgf ? jsgf_get_rule(jsgf, top) : NULL;
    cmd_ln_t *config = ps_get_config(asr->ps);
    fsg_model_t *fsg =
        rule ? jsgf_build_fsg(jsgf, rule, ps_get_logmath(asr->ps), cmd_ln_float32_r(config, "-lw"))
             : NULL;
    int st = GRAMMAR_OK;
    if (!fsg || ps_set_fsg(asr->ps, "shopspeak", fsg) < 0 ||
        ps_set_search(asr->ps, "shopspeak") < 0)
        st = grammar__fail(GRAMMAR_EMODEL,
                           "PocketSphinx did not accept the compiled grammar (see its log)");
    fsg_model_free(fsg); /* the search keeps its own reference */
    jsgf_grammar_free(jsgf);
    return st;
}

asr_t *asr_open(const asr_config_t *config, const grammar_t *g, int *status)
{
    int dummy = 0;
    status = status ? status : &dummy;
    asr_config_t cfg = config ? *config : asr_config_default();
    char hmm[4096], dict[4096];
    asr_t *asr = NULL;
    cmd_ln_t *cl = NULL;
    if (!grammar_jsgf(g)) {
        *status = grammar__fail(GRAMMAR_EINVAL, "asr_open: the grammar is not compiled");
        return NULL;
    }
    const char *model =
        cfg.model_dir ? cfg.model_dir : SHOPSPEAK_POCKETSPHINX_MODELDIR "/en-us/en-us";
    if ((size_t)snprintf(hmm, sizeof hmm, "%s", model) >= sizeof hmm ||
        !(cfg.dict_path ? (size_t)snprintf(dict, sizeof dict, "%s", cfg.dict_path) < sizeof dict
                        : join(dict, sizeof dict, hmm, "../cmudict-en-us.dict"))) {
        *status = grammar__fail(GRAMMAR_EINVAL, "asr_open: model or dictionary path too long");
        return NULL;
    }
    errno = 0;
    if ((*status = check_model(hmm, dict)) != GRAMMAR_OK)
        return NULL;
    /* PocketSphinx logs process-wide; point it at the log before the first call that logs. */
    const char *logfn = cfg.log_path ? cfg.log_path : "/dev/null";
    if (err_set_logfile(logfn) < 0) {
        *status = grammar__fail(GRAMMAR_EINVAL, "cannot write the PocketSphinx log %s", logfn);
        return NULL;
    }
    if (!(asr = calloc(1, sizeof *asr))) {
        *status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        return NULL;
    }
    if (!(cl = make_config(hmm, dict, logfn, cfg.decoder_options)) || !(asr->ps = ps_init(cl))) {
        *status =
            grammar__fail(GRAMMAR_EMODEL, "PocketSphinx could not load %s (see its log)", hmm);
        goto error_out;
    }
    cmd_ln_free_r(cl); /* the decoder keeps its own reference */
    cl = NULL;
    if ((*status = add_pronunciations(asr, g, cfg.tts)) != GRAMMAR_OK ||
        (*status = load_grammar(asr, g)) != GRAMMAR_OK)
        goto error_out;
    return asr;
error_out:
    cmd_ln_free_r(cl);
    asr_close(asr);
    return NULL;
}

void asr_close(asr_t *asr)
{
    if (!asr)
        return;
    ps_free(asr->ps);
    for (size_t i = 0; i < asr->n_dropped; i++)
        free(asr->dropped[i]);
    free(asr->dropped);
    free(asr);
}

size_t asr_generated_words(const asr_t *asr)
{
    return asr ? asr->n_generated : 0;
}

const char *const *asr_dropped_words(const asr_t *asr, size_t *n_words)
{
    if (n_words)
        *n_words = asr ? asr->n_dropped : 0;
    return asr ? (const char *const *)asr->dropped : NULL;
}

/* ---- Decoding ----------------------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The hypothesis as lowercase grammar words: without alternate-pronunciation marks ("the(2)")
 * or fillers ("<sil>", "[noise]"), which the grammar parser would not know. */
static void clean_hyp(const char *hyp, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    char word[GRAMMAR__MAX_WORD * 2];
    for (const char *p = hyp; *p;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len == 0)
            break;
        snprintf(word, sizeof word, "%.*s", (int)len, p);
        p += len;
        char *paren = strchr(word, '(');
        if (paren && paren != word)
            *paren = '\0';
        if (word[0] == '<' || word[0] == '[' || word[0] == '(')
            continue;
        for (char *c = word; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        int n = snprintf(out + used, outlen - used, "%s%s", used ? " " : "", word);
        if (n < 0 || (size_t)n >= outlen - used) {
            out[used] = '\0';
            return;
        }
        used += (size_t)n;
    }
}

/* pcm with PAD_SAMPLES of quiet on each side. The quiet is a fixed pseudo-random hiss of a
 * few LSB, not zeros (log of zero energy is a floor value unlike any real room), and the same
 * every time so decoding stays deterministic. Caller frees. */
static int16_t *pad_utterance(const int16_t *pcm, size_t n)
{
    int16_t *p = malloc((n + 2 * PAD_SAMPLES) * sizeof *p);
    if (!p)
        return NULL;
    uint32_t seed = 12345;
    for (size_t i = 0; i < PAD_SAMPLES; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = p[PAD_SAMPLES + n + i] = (int16_t)((int)((seed >> 16) % 7) - 3);
    }
    memcpy(p + PAD_SAMPLES, pcm, n * sizeof *p);
    return p;
}

int asr_decode(asr_t *asr, const int16_t *pcm, size_t n, asr_result_t *out)
{
    if (!asr || !out || (!pcm && n > 0))
        return grammar__fail(GRAMMAR_EINVAL, "asr_decode: NULL argument");
    memset(out, 0, sizeof *out);
    out->audio_seconds = (double)n / AUDIO_ASR_RATE;
    if (n > (size_t)MAX_UTTERANCE_SECONDS * AUDIO_ASR_RATE)
        return grammar__fail(GRAMMAR_EINVAL, "utterance of %.1f s is longer than %d s",
                             out->audio_seconds, MAX_UTTERANCE_SECONDS);
    if (n == 0)
        return GRAMMAR_OK; /* nothing said: text "" */
    double t0 = now_ms();
    int32 score = 0;
    int16_t *padded = pad_utterance(pcm, n);
    if (!padded)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    if (ps_start_utt(asr->ps) < 0) {
        free(padded);
        return grammar__fail(GRAMMAR_EDECODE, "PocketSphinx could not start an utterance");
    }
    /* full_utt = TRUE: the whole utterance in one call, so batch CMN sees all of it. */
    int rv = ps_process_raw(asr->ps, padded, n + 2 * PAD_SAMPLES, FALSE, TRUE);
    free(padded);
    if (ps_end_utt(asr->ps) < 0 || rv < 0)
        return grammar__fail(GRAMMAR_EDECODE, "PocketSphinx failed decoding %.1f s of audio",
                             out->audio_seconds);
    const char *hyp = ps_get_hyp(asr->ps, &score);
    if (hyp)
        clean_hyp(hyp, out->text, sizeof out->text);
    out->score = score;
    out->decode_ms = now_ms() - t0;
    return GRAMMAR_OK;
}
