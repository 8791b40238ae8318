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
#include <sphinxbase/fsg_model.h>

#include "grammar_internal.h"

#ifndef SHOPSPEAK_POCKETSPHINX_MODELDIR
#define SHOPSPEAK_POCKETSPHINX_MODELDIR "/usr/share/pocketsphinx/model"
#endif

/* Quiet added before and after each utterance. Speech cut tight at both ends (TTS output, an
 * eager endpointer) decoded badly without it: batch CMN then sees no silence and the first
 * and last words lose their edges ("how much does lavazza ground coffee cost" came out as
 * "how much does salt"; 0 and 50 ms failed both probe sentences). On 64 synthetic commands:
 * 100 ms 54/64 exact, 200 ms 49/64, 500 ms 38/64 (too much silence skews the mean). */
#define PAD_SAMPLES (AUDIO_ASR_RATE / 10)
/* A hiss 60 dB below the utterance's peak (amplitude ratio 1000) is added to every sample.
 * Digitally silent stretches (synthesised speech, gated microphones) otherwise give -inf log
 * energies that skew batch CMN and the silence model: the spoken fixtures decoded 51/86
 * exact without it, 63/86 with +-3 LSB, 74-76/86 with 8-64 LSB; real recordings carry their
 * own noise floor well above it, so for them it changes nothing. */
#define NOISE_FLOOR_RATIO 1000

/* Every utterance is scaled to this peak (-24 dBFS) before decoding: the front end's noise
 * removal is not level-independent. Real coffee orders (coffee-dev, command acceptance) as
 * recorded 97.5%; scaled to a peak of 1000: 97.5%, 2000: 97.0%, 4000: 97.0%, 16383: 95.5%;
 * with kitchen noise at 6 dB 67.5% -> 69.5% at 2000. A microphone's level is anybody's
 * guess, so the decoder gets one level. */
#define DECODE_PEAK 2000

/* Every named grammar is a PocketSphinx FSG search of its name (one decoder, one acoustic
 * model); the exact search rebuilt for a second pass has a name no grammar may take. */
#define RESCORE_SEARCH "shopspeak-exact"
#define MAX_GRAMMARS   16
#define RESCORE_BEAM   1e-100 /* see rescore() */
#define MAX_NAME       32

/* Phrases heard in a first pass that the second pass may choose from; a hypothesis of at most
 * GRAMMAR__MAX_WORDS words rarely holds more than a handful. */
#define MAX_RESCORE_PHRASES 64
/* Intents rescore() tries one by one, and their searches' beams (the first pass's word beam). */
#define MAX_RESCORE_INTENTS 1
#define INTENT_BEAM         1e-48

/*
 * Out-of-grammar words (docs/grammar.md): with a grammar that has a private rule <garbage>, a
 * short sentence heard is only accepted when it beats a loop of the rule's words in a second
 * search (see garbage_wins()). Each garbage word is weighted GARBAGE_PROB, so a garbage path of
 * k words pays k times log(GARBAGE_PROB) * -lw more than the sentence: smaller lets more
 * non-commands through, larger rejects more commands.
 */
#define GARBAGE_PROB      0.05
#define MAX_GARBAGE_WORDS 1000
/* The check's beams. Over the 160 spoken fixtures 1e-64 (the first pass's) took 36% more decode
 * time than no check, 1e-40 6% in the same runs (16%: medians of five alternating runs), for the
 * same decisions in shop.gram and one more non-command rejected in confirm.gram; 1e-30 lost a
 * real "no" there. */
#define GARBAGE_BEAM 1e-40
/* Only sentences of at most this many words are checked: a loop of common words outscores long
 * real orders (coffee-dev in cafe.gram given the 1000 words of shop.gram, clean: 98% unchecked,
 * 95.5% with every sentence checked, 97% up to 5 words, 98% up to 3), and the non-commands it
 * catches are heard as short sentences. */
#define CHECKED_SENTENCE_WORDS 3

typedef struct {
    char name[MAX_NAME]; /* also the PocketSphinx search's name */
    const grammar_t *g;  /* the caller's; must outlive its use (grammar.h) */
    /* Its garbage words (into g's words; owned array): the loop of garbage_wins(). */
    const char **garbage_words;
    size_t n_garbage_words;
} named_grammar_t;

struct asr_s {
    ps_decoder_t *ps;
    const grammar_t *g; /* the grammar in use: grammars[current].g */
    named_grammar_t grammars[MAX_GRAMMARS];
    size_t n_grammars, current;
    audio_tts_t *tts;     /* asr_config_t.tts, for grammars added later */
    char dict_path[4096]; /* the full dictionary; the decoder gets only the words it needs */
    size_t n_generated;
    char **dropped; /* words with no pronunciation whose phrases were left out */
    size_t n_dropped;
    double reject_below;              /* asr_config_t.reject_below */
    grammar__conf_path_t path, path2; /* the grammar paths of the last two passes */
    grammar__conf_t conf;             /* what grammar__confidence() measured last */
    grammar__tone_t *tone;            /* tells a beep from speech (tone.c) */
};

const grammar__conf_t *asr__last_conf(const asr_t *asr)
{
    return &asr->conf;
}

asr_config_t asr_config_default(void)
{
    return (asr_config_t){NULL, NULL, NULL, NULL, NULL, 0.0};
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

int grammar__check_model(const char *hmm, const char *dict)
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
 * Beams -beam 1e-64 -pbeam 1e-64 -wbeam 1e-48, at most 3000 HMMs a frame (-maxhmmpf; later,
 * see below), no cap on words a frame. Measured with the FSG of
 * fsg.c on two sets of eSpeak commands (exact sentences; sample catalog): the 86 fixture
 * commands (tests/fixtures) and the 64 of unit.grammar.asr, RTF on the fixtures, before the
 * noise floor of pad_utterance():
 *     1e-80/1e-60            63 + 54 = 117 exact, RTF 0.084
 *     1e-64/1e-48 (chosen)   63 + 52 = 115 exact, RTF 0.060
 *     1e-56/1e-40            63 + 51 = 114 exact, RTF 0.054
 *     1e-48/7e-29 (default)  60 of 86 exact,       RTF 0.045
 * and with the noise floor, on the fixtures: 1e-56 75/86, 1e-64 76/86, 1e-80 76/86. 1e-56
 * also lost a whole command with a 0.35 s pause inside it (nothing reached the final state);
 * 1e-64 keeps it. The defaults prune right answers. Fewer Gaussians (-topn 2 or 3) lost 7 and
 * 3 of 86 for 10-20% less time.
 * Every grammar search returns its Viterbi path: this PocketSphinx's FSG search never runs a
 * lattice best path, whatever -bestpath says (fsg_search_init() leaves its flag 0), so a path
 * is one walk through the FSG; asr_decode() checks its words against the grammar anyway.
 * CMN: feat.params says "-cmn batch", but sphinxbase silently turns batch CMN into live CMN
 * (starting from -cmninit) whenever audio arrives in blocks. asr_decode() hands over each
 * utterance whole (full_utt), so the mean is computed over the utterance itself.
 * Noise removal and silence removal are on (-remove_noise, -remove_silence; the VAD keeps 0.4 s
 * before and 1 s after speech). Measured on 200 real spoken coffee orders (coffee-dev, the
 * cafe grammar; command acceptance) and the 86 eSpeak fixtures (understood):
 *     both off, -wip 0.05                         clean 92.5%   kitchen 6 dB 55.5%   81/86
 *     both off, -wip 0.65                         clean 91.0%                        76/86
 *     noise removal only, -wip 0.65               clean 91.5%   6 dB 67.0%
 *     both on, -wip 0.65, wider VAD (chosen)      clean 97.5%   6 dB 67.5%           80/86
 * Silence removal matters most: batch CMN is then the mean of speech alone, and the search
 * does not have to explain noise between words. Both keep a noise estimate across utterances
 * of a stream, so decode_pass() starts a new stream for every utterance: the first command
 * decodes exactly like any later one. speexdsp noise suppression in front lost 4-10 points
 * at 6 dB; -vad_threshold 3 or 4 lost everything in noise; the beams and -topn 16 changed
 * nothing.
 * -maxhmmpf 3000: with the 29-intent shop.gram the wide beams keep many HMMs alive; the cap
 * took 10% of the CPU and 6 MB off the 160 fixtures with the same 147 understood (1500: 22%
 * less CPU, one fixture lost; -topn 3: two lost; -ds 2: 13 lost), and coffee-dev in cafe.gram
 * scored the same clean, at 12 and at 6 dB (97.5 / 86.5 / 65%, seed 1).
 * -wip 0.65 (the default): real speakers run words together; the larger penalty (0.05) that
 * kept eSpeak fixtures from getting inserted words cost 5 points on real orders.
 */
static cmd_ln_t *make_config(const char *hmm, const char *dict, const char *logfn,
                             const char *const *extra)
{
    /* Our options as "-name", "value" pairs; the caller's extra options replace or add. */
    // clang-format off
    const char *argv[96] = {"shopspeak", "-hmm", hmm, "-dict", dict, "-logfn", logfn,
                            "-cmn", "batch", "-beam", "1e-64", "-wbeam", "1e-48",
                            "-pbeam", "1e-64", "-lpbeam", "1e-48", "-maxhmmpf", "3000",
                            "-maxwpf", "-1", "-remove_noise", "yes", "-remove_silence", "yes",
                            "-vad_prespeech", "40", "-vad_postspeech", "100",
                            "-vad_startspeech", "5", "-wip", "0.65"};
    // clang-format on
    int argc = 33;
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
 * grammar with a word it cannot say. Words the decoder does not know yet come from the full
 * dictionary file (grammar/lexicon.c: the decoder starts empty), the rest from eSpeak NG. A word
 * of a generated phrase that neither can help with is dropped with its phrases; a word written
 * in the grammar file is an error. */
static int add_pronunciations(asr_t *asr, const grammar_t *g, audio_tts_t *tts)
{
    size_t n_words, n_new = 0;
    const char *const *words = grammar_words(g, &n_words);
    const char **unknown = malloc((n_words ? n_words : 1) * sizeof *unknown);
    bool *in_dict = calloc(n_words ? n_words : 1, sizeof *in_dict);
    int st = unknown && in_dict ? GRAMMAR_OK : grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    for (size_t i = 0; st == GRAMMAR_OK && i < n_words; i++) {
        char *known = ps_lookup_word(asr->ps, words[i]);
        if (!known)
            unknown[n_new++] = words[i];
        ckd_free(known);
    }
    if (st == GRAMMAR_OK)
        st = grammar__add_dict_words(asr->ps, asr->dict_path, unknown, n_new, in_dict);
    for (size_t i = 0; i < n_new && st == GRAMMAR_OK; i++) {
        if (in_dict[i])
            continue;
        const char *word = unknown[i];
        char phones[512];
        st = tts ? grammar_pronounce(tts, word, phones, sizeof phones)
                 : grammar__fail(GRAMMAR_EMODEL,
                                 "\"%s\" is not in the dictionary and no "
                                 "TTS was given for pronunciations",
                                 word);
        if (st == GRAMMAR_OK && ps_add_word(asr->ps, word, phones, FALSE) >= 0) {
            asr->n_generated++;
            continue;
        }
        if (st == GRAMMAR_OK)
            grammar__fail(GRAMMAR_EMODEL, "PocketSphinx rejected \"%s\" as /%s/", word, phones);
        int line, col;
        if (grammar__word_where(g, word, &line, &col)) {
            st = grammar__fail(GRAMMAR_EMODEL,
                               "%s:%d:%d: the word \"%s\" has no pronunciation (not in the "
                               "dictionary, and eSpeak NG gives none%s)",
                               g->path, line, col, word, tts ? "" : ": no TTS was given");
            break;
        }
        char **d = realloc(asr->dropped, (asr->n_dropped + 1) * sizeof *d);
        if (d)
            asr->dropped = d;
        if (!d || !(d[asr->n_dropped] = strdup(word))) {
            st = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
            break;
        }
        asr->n_dropped++;
        st = GRAMMAR_OK;
    }
    free(unknown);
    free(in_dict);
    return st;
}

/* The phones of a phrase, its words' first pronunciations joined, into out. False when a word
 * has none (a dropped word: the phrase is left out of the FSG too) or out is too small. */
static bool phrase_phones(asr_t *asr, const char *phrase, char *out, size_t len)
{
    size_t used = 0;
    char word[GRAMMAR__MAX_WORD];
    for (const char *p = phrase; *p;) {
        size_t wl = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)wl, p);
        p += wl + (p[wl] == ' ');
        char *ph = ps_lookup_word(asr->ps, word);
        int k = ph ? snprintf(out + used, len - used, "%s%s", used ? " " : "", ph) : -1;
        ckd_free(ph);
        if (k < 0 || (size_t)k >= len - used)
            return false;
        used += (size_t)k;
    }
    return true;
}

/*
 * Each generated phrase of several words also becomes one dictionary word
 * ("lavazza+espresso+beans", its words' first pronunciations), which grammar/fsg.c uses instead
 * of a word trie when the trie would have too many states for the decoder (large catalogs).
 * A phrase with a word that has no pronunciation is skipped; fsg.c leaves it out too.
 */
static int add_compounds(asr_t *asr, const grammar_t *g)
{
    char name[GRAMMAR__MAX_COMPOUND], phones[8 * GRAMMAR__MAX_COMPOUND];
    for (size_t set = 0; set < g->n_sets; set++) {
        size_t words = 0; /* a small rule is always a word trie: no compounds needed */
        for (size_t i = 0; i < g->sets[set].n && words <= GRAMMAR__MAX_TRIE_STATES; i++)
            for (const char *p = g->sets[set].phrases[i]; p; p = strchr(p + 1, ' '))
                words++;
        for (size_t i = 0; words > GRAMMAR__MAX_TRIE_STATES && i < g->sets[set].n; i++) {
            const char *p = g->sets[set].phrases[i];
            if (!strchr(p, ' ') || grammar__compound_word(p, name, sizeof name) != GRAMMAR_OK)
                continue;
            char *known = ps_lookup_word(asr->ps, name);
            if (known) { /* a phrase in two sets */
                ckd_free(known);
                continue;
            }
            if (!phrase_phones(asr, p, phones, sizeof phones))
                continue;
            if (ps_add_word(asr->ps, name, phones, FALSE) < 0)
                return grammar__fail(GRAMMAR_EMODEL, "PocketSphinx rejected the phrase \"%s\"", p);
        }
    }
    return GRAMMAR_OK;
}

/* How many alternate pronunciations the decoder has for word: "word(2)", "word(3)", ..., as
 * lexicon.c adds them from a cmudict-format file. */
static int count_alternates(const char *word, void *ctx)
{
    char alt[GRAMMAR__MAX_COMPOUND + 16];
    for (int n = 0;; n++) {
        snprintf(alt, sizeof alt, "%s(%d)", word, n + 2);
        char *phones = ps_lookup_word(ctx, alt);
        if (!phones)
            return n;
        ckd_free(phones);
    }
}

/* st from building *fsg; when that succeeded, its words' alternate pronunciations added unless
 * -fsgusealtpron is off: given an FSG without, PocketSphinx adds them in time quadratic in its
 * size (grammar__fsg_add_alternates()). On failure *fsg is freed and NULL. */
static int with_alternates(asr_t *asr, int st, fsg_model_t **fsg)
{
    if (st == GRAMMAR_OK && cmd_ln_boolean_r(ps_get_config(asr->ps), "-fsgusealtpron") &&
        (st = grammar__fsg_add_alternates(*fsg, count_alternates, asr->ps)) != GRAMMAR_OK) {
        fsg_model_free(*fsg);
        *fsg = NULL;
    }
    return st;
}

/* g's FSG with opts (OUT: *fsg, the caller's), with its words' alternate pronunciations. */
static int build_fsg(asr_t *asr, const grammar_t *g, const grammar__fsg_opts_t *opts,
                     fsg_model_t **fsg)
{
    cmd_ln_t *config = ps_get_config(asr->ps);
    int st =
        grammar__build_fsg(g, ps_get_logmath(asr->ps), cmd_ln_float32_r(config, "-lw"), opts, fsg);
    return with_alternates(asr, st, fsg);
}

/* fsg as the search `name`, replacing one of that name only on success (PocketSphinx keeps
 * the old search when a new one fails). The search keeps its own reference to fsg. */
static int set_fsg(asr_t *asr, const char *name, const grammar_t *g, fsg_model_t *fsg)
{
    if (ps_set_fsg(asr->ps, name, fsg) < 0)
        return grammar__fail(GRAMMAR_EMODEL,
                             "%s: PocketSphinx did not accept the compiled grammar (see its log)",
                             g->path);
    return GRAMMAR_OK;
}

/* g as the search `name`, its garbage words (if any) kept for garbage_wins(). The FSG is built
 * before the search changes, so a grammar that fails to build leaves the one in use as it was. */
static int load_grammar(asr_t *asr, const char *name, size_t i, const grammar_t *g)
{
    usable_ctx_t ctx = {asr};
    grammar__fsg_opts_t opts = {true, word_usable, NULL, &ctx, -1};
    const char **words = malloc(MAX_GARBAGE_WORDS * sizeof *words);
    if (!words)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    size_t n_garbage = grammar__garbage_words(g, words, MAX_GARBAGE_WORDS);
    fsg_model_t *fsg = NULL;
    int st = build_fsg(asr, g, &opts, &fsg);
    if (st == GRAMMAR_OK)
        st = set_fsg(asr, name, g, fsg);
    if (st == GRAMMAR_OK) {
        free(asr->grammars[i].garbage_words);
        asr->grammars[i].garbage_words = words;
        asr->grammars[i].n_garbage_words = n_garbage;
        words = NULL;
    }
    free(words);
    fsg_model_free(fsg);
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
    if ((*status = grammar__check_model(hmm, dict)) != GRAMMAR_OK)
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
    /* An empty dictionary: add_pronunciations() brings each grammar's words (lexicon.c). */
    snprintf(asr->dict_path, sizeof asr->dict_path, "%s", dict);
    if (!(cl = make_config(hmm, "/dev/null", logfn, cfg.decoder_options)) ||
        !(asr->ps = ps_init(cl))) {
        *status =
            grammar__fail(GRAMMAR_EMODEL, "PocketSphinx could not load %s (see its log)", hmm);
        goto error_out;
    }
    cmd_ln_free_r(cl); /* the decoder keeps its own reference */
    cl = NULL;
    asr->tts = cfg.tts;
    if ((*status = grammar__conf_open(asr->ps)) != GRAMMAR_OK)
        goto error_out;
    if (!(asr->tone = grammar__tone_open())) {
        *status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        goto error_out;
    }
    asr->reject_below = cfg.reject_below;
    if ((*status = asr_add_grammar(asr, ASR_TOP_GRAMMAR, g)) != GRAMMAR_OK ||
        (*status = asr_use_grammar(asr, ASR_TOP_GRAMMAR)) != GRAMMAR_OK)
        goto error_out;
    return asr;
error_out:
    cmd_ln_free_r(cl);
    asr_close(asr);
    return NULL;
}

int asr_add_grammar(asr_t *asr, const char *name, const grammar_t *g)
{
    if (!asr || !name || !g)
        return grammar__fail(GRAMMAR_EINVAL, "asr_add_grammar: NULL argument");
    if (!grammar_jsgf(g))
        return grammar__fail(GRAMMAR_EINVAL, "%s: the grammar is not compiled", g->path);
    if (!name[0] || strlen(name) >= MAX_NAME || strcmp(name, RESCORE_SEARCH) == 0)
        return grammar__fail(GRAMMAR_EINVAL, "asr_add_grammar: bad grammar name \"%s\"", name);
    size_t i = 0;
    while (i < asr->n_grammars && strcmp(asr->grammars[i].name, name) != 0)
        i++;
    if (i == MAX_GRAMMARS)
        return grammar__fail(GRAMMAR_EINVAL, "asr_add_grammar: more than %d grammars",
                             MAX_GRAMMARS);
    int st;
    if ((st = add_pronunciations(asr, g, asr->tts)) != GRAMMAR_OK ||
        (st = add_compounds(asr, g)) != GRAMMAR_OK ||
        (st = load_grammar(asr, name, i, g)) != GRAMMAR_OK)
        return st; /* an earlier grammar of this name is still the search */
    asr->grammars[i].g = g;
    if (i == asr->n_grammars) {
        snprintf(asr->grammars[i].name, MAX_NAME, "%s", name);
        asr->n_grammars++;
    } else if (i == asr->current && asr->g) {
        /* The decoder's current search was the one just replaced: point it at the new one. */
        if (ps_set_search(asr->ps, name) < 0)
            return grammar__fail(GRAMMAR_EDECODE, "PocketSphinx lost the search %s", name);
        asr->g = g;
    }
    return GRAMMAR_OK;
}

int asr_use_grammar(asr_t *asr, const char *name)
{
    if (!asr || !name)
        return grammar__fail(GRAMMAR_EINVAL, "asr_use_grammar: NULL argument");
    for (size_t i = 0; i < asr->n_grammars; i++) {
        if (strcmp(asr->grammars[i].name, name) != 0)
            continue;
        if (ps_set_search(asr->ps, name) < 0)
            return grammar__fail(GRAMMAR_EDECODE, "PocketSphinx could not switch to %s", name);
        asr->current = i;
        asr->g = asr->grammars[i].g;
        return GRAMMAR_OK;
    }
    return grammar__fail(GRAMMAR_EINVAL, "no grammar named \"%s\" was added", name);
}

const char *asr_grammar_in_use(const asr_t *asr)
{
    return asr && asr->g ? asr->grammars[asr->current].name : NULL;
}

void asr_set_tts(asr_t *asr, audio_tts_t *tts)
{
    if (asr)
        asr->tts = tts;
}

void asr_close(asr_t *asr)
{
    if (!asr)
        return;
    grammar__conf_close(asr->ps);
    ps_free(asr->ps);
    grammar__tone_close(asr->tone);
    for (size_t i = 0; i < asr->n_grammars; i++)
        free(asr->grammars[i].garbage_words);
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

/* ---- Checking words without the model ---------------------------------------------------- */

static int cmp_word(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The words written in g's file (not only in generated phrases), sorted; caller frees. */
static const char **written_words(const grammar_t *g, size_t *n)
{
    size_t n_words;
    const char *const *words = grammar_words(g, &n_words);
    const char **w = malloc((n_words ? n_words : 1) * sizeof *w);
    int line, col;
    *n = 0;
    for (size_t i = 0; w && i < n_words; i++)
        if (grammar__word_where(g, words[i], &line, &col))
            w[(*n)++] = words[i];
    if (w)
        qsort(w, *n, sizeof *w, cmp_word);
    return w;
}

/* Mark in found[] the words the dictionary file lists (its head words, "(2)" variants too). */
static int mark_in_dictionary(const char *dict, const char **w, size_t n, bool *found)
{
    FILE *f = fopen(dict, "r");
    if (!f)
        return grammar__fail(GRAMMAR_EMODEL, "pronunciation dictionary %s: %s", dict,
                             strerror(errno));
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, " \t(\n")] = '\0';
        const char *key = line;
        const char **hit = bsearch(&key, w, n, sizeof *w, cmp_word);
        if (hit)
            found[hit - w] = true;
    }
    fclose(f);
    return GRAMMAR_OK;
}

int asr_check_words(const asr_config_t *config, const grammar_t *g)
{
    asr_config_t cfg = config ? *config : asr_config_default();
    char dict[4096];
    if (!grammar_jsgf(g))
        return grammar__fail(GRAMMAR_EINVAL, "asr_check_words: the grammar is not compiled");
    if (cfg.dict_path)
        snprintf(dict, sizeof dict, "%s", cfg.dict_path);
    else if (!join(dict, sizeof dict,
                   cfg.model_dir ? cfg.model_dir : SHOPSPEAK_POCKETSPHINX_MODELDIR "/en-us/en-us",
                   "../cmudict-en-us.dict"))
        return grammar__fail(GRAMMAR_EINVAL, "asr_check_words: dictionary path too long");
    size_t n;
    const char **w = written_words(g, &n);
    bool *found = calloc(n ? n : 1, sizeof *found);
    int st = w && found ? mark_in_dictionary(dict, w, n, found)
                        : grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    char phones[512];
    for (size_t i = 0; st == GRAMMAR_OK && i < n; i++) {
        int line = 0, col = 0;
        if (found[i] ||
            (cfg.tts && grammar_pronounce(cfg.tts, w[i], phones, sizeof phones) == GRAMMAR_OK))
            continue;
        grammar__word_where(g, w[i], &line, &col);
        st = grammar__fail(GRAMMAR_EMODEL,
                           "%s:%d:%d: the word \"%s\" has no pronunciation (not in the "
                           "dictionary, and eSpeak NG gives none%s)",
                           g->path, line, col, w[i], cfg.tts ? "" : ": no TTS was given");
    }
    free(w);
    free(found);
    return st;
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
    char word[GRAMMAR__MAX_COMPOUND + 8]; /* a compound word and its "(2)" */
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
        for (char *c = word; *c; c++) /* a compound word "coke+zero" is its words */
            *c = *c == '+' ? ' ' : (char)tolower((unsigned char)*c);
        int n = snprintf(out + used, outlen - used, "%s%s", used ? " " : "", word);
        if (n < 0 || (size_t)n >= outlen - used) {
            out[used] = '\0';
            return;
        }
        used += (size_t)n;
    }
}

/* pcm scaled to a peak of DECODE_PEAK, with PAD_SAMPLES of quiet on each side and a
 * deterministic hiss (NOISE_FLOOR_RATIO) over all of it. The hiss is the same on every call, so a
 * WAV decodes the same the first time and every time after (PocketSphinx's own -dither draws from a
 * generator that runs on across utterances). Quiet, not zeros, around the speech: speech cut tight
 * at both ends decoded badly without it. */
static int16_t *pad_utterance(const int16_t *pcm, size_t n)
{
    int16_t *p = malloc((n + 2 * PAD_SAMPLES) * sizeof *p);
    if (!p)
        return NULL;
    int peak = 0;
    for (size_t i = 0; i < n; i++)
        peak = abs(pcm[i]) > peak ? abs(pcm[i]) : peak;
    /* Gain in 1/1024 steps; at most x64, so digital silence stays silence-like. */
    long gain = peak > 0 ? (long)DECODE_PEAK * 1024 / peak : 1024;
    gain = gain > 64 * 1024 ? 64 * 1024 : gain;
    peak = (int)(peak * gain / 1024);
    int amp = peak / NOISE_FLOOR_RATIO > 2 ? peak / NOISE_FLOOR_RATIO : 2;
    uint32_t seed = 12345; /* the same hiss every time: a WAV decodes the same on every call */
    memset(p, 0, PAD_SAMPLES * sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[PAD_SAMPLES + i] = (int16_t)(pcm[i] * gain / 1024); /* |result| <= DECODE_PEAK */
    memset(p + PAD_SAMPLES + n, 0, PAD_SAMPLES * sizeof *p);
    for (size_t i = 0; i < n + 2 * PAD_SAMPLES; i++) {
        seed = seed * 1103515245u + 12345u;
        int a = (int)((seed >> 16) % (2 * amp + 1)) - amp;
        seed = seed * 1103515245u + 12345u;
        int b = (int)((seed >> 16) % (2 * amp + 1)) - amp;
        int v = p[i] + (a + b) / 2;
        p[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
    return p;
}

static bool parses(const asr_t *asr, const char *text)
{
    grammar_intent_t intent;
    return grammar_parse(asr->g, text, &intent) == GRAMMAR_OK;
}

/* One decoding of the padded utterance with the current search; the cleaned hypothesis and
 * its path score into out. */
static int decode_pass(asr_t *asr, const grammar__feats_t *feats, asr_result_t *out,
                       grammar__conf_path_t *path)
{
    int32 score = 0;
    out->text[0] = '\0';
    out->score = 0;
    if (grammar__decode_feats(asr->ps, feats) < 0)
        return grammar__fail(GRAMMAR_EDECODE, "PocketSphinx failed decoding %d frames",
                             feats->n_frames);
    const char *hyp = ps_get_hyp(asr->ps, &score);
    if (hyp)
        clean_hyp(hyp, out->text, sizeof out->text);
    out->score = score;
    grammar__conf_path(asr->ps, path);
    /* All the pass gives is copied out. An empty utterance frees the search's word history now
     * (fsg_search_start() resets it), not at its next utterance: until then it would sit beside
     * the searches built meanwhile, and PocketSphinx builds a new search before it frees the one
     * it replaces. The heaviest fixture, a price alert rescored, peaked 2.7 MB lower. */
    if (ps_start_utt(asr->ps) == 0)
        ps_end_utt(asr->ps);
    return GRAMMAR_OK;
}

typedef struct {
    const grammar__phrase_ref_t *refs;
    size_t n;
} keep_ctx_t;

static bool keep_heard(size_t set, size_t phrase, void *ctx)
{
    const keep_ctx_t *k = ctx;
    for (size_t i = 0; i < k->n; i++)
        if (k->refs[i].set == set && k->refs[i].phrase == phrase)
            return true;
    return false;
}

/* Decode the padded utterance once more with a search built for it (fsg, freed here), with
 * all three beams at `beam`; the main search and its settings are restored after. The search reads
 * the beams when it is made. The result into res, its words' segmentation into asr->path2. */
static int decode_with(asr_t *asr, fsg_model_t *fsg, double beam, const grammar__feats_t *feats,
                       asr_result_t *res)
{
    static const char *const beams[] = {"-beam", "-pbeam", "-wbeam"};
    cmd_ln_t *config = ps_get_config(asr->ps);
    double saved[3];
    for (size_t i = 0; i < 3; i++) {
        saved[i] = cmd_ln_float64_r(config, beams[i]);
        cmd_ln_set_float64_r(config, beams[i], beam);
    }
    int st = GRAMMAR_OK;
    if (ps_set_fsg(asr->ps, RESCORE_SEARCH, fsg) < 0 || ps_set_search(asr->ps, RESCORE_SEARCH) < 0)
        st = grammar__fail(GRAMMAR_EDECODE, "PocketSphinx did not accept the rescoring grammar");
    for (size_t i = 0; i < 3; i++)
        cmd_ln_set_float64_r(config, beams[i], saved[i]);
    fsg_model_free(fsg);
    if (st == GRAMMAR_OK)
        st = decode_pass(asr, feats, res, &asr->path2);
    if (ps_set_search(asr->ps, asr->grammars[asr->current].name) < 0 && st == GRAMMAR_OK)
        st = grammar__fail(GRAMMAR_EDECODE, "PocketSphinx lost the main search");
    return st;
}

/* res replaces out when it is a sentence of the grammar that scores better than out (or out
 * is none). Scores compare: the same audio, model and word penalty, and every FSG weighs its
 * arcs alike (probability 1, or OPTIONAL_SLOT_PROB into an optional slot: grammar/fsg.c). */
static void keep_better(asr_t *asr, const asr_result_t *res, asr_result_t *out, bool *out_parses)
{
    if (!res->text[0] || !parses(asr, res->text) || (*out_parses && res->score <= out->score))
        return;
    memcpy(out->text, res->text, sizeof out->text);
    out->score = res->score;
    asr->path = asr->path2;
    *out_parses = true;
}

/* The public rule of the intent text parses as, or -1. */
static int intent_rule(const asr_t *asr, const char *text)
{
    grammar_intent_t intent;
    if (grammar_parse(asr->g, text, &intent) != GRAMMAR_OK)
        return -1;
    for (size_t r = 0; r < asr->g->n_rules; r++)
        if (asr->g->rules[r].is_public && strcmp(asr->g->rules[r].name, intent.name) == 0)
            return (int)r;
    return -1;
}

/*
 * The second pass, for when the first pass's best path is not a sentence of the grammar. The
 * shared FSG (grammar/fsg.c) can join the start of one intent to the end of another through a
 * product, so its best path "i need more oatly to twelve" may be no sentence (whenever its
 * best path is one, the exact grammar has that same path with the same score, so it is the
 * answer). Two kinds of second search, and the best-scoring sentence of them wins:
 *  - the exact grammar (every reference its own copy) restricted to the phrases the first pass
 *    heard: small, so cheap to build and to search, and right when the products were;
 *  - the shared FSG of one intent only, with every product: for the intents whose words the
 *    first pass heard (and the one the exact search found). With one intent there is nothing
 *    to join a product to, and a misheard product can still be replaced: "i need more oatly
 *    to twelve" becomes "i need more paper towels", which the exact search could not offer.
 *    Only the one best intent by its words (MAX_RESCORE_INTENTS) and at the first pass's
 *    narrower word beam: two, or the wider beam, found nothing more. With this the eSpeak
 *    fixtures went from 142 to 147 of 160 for 4-10% more CPU over all of them (user time of
 *    `shopspeak wav` over the 160, two runs each, 2026-11-24).
 * The first pass's words stay in out when nothing parses (grammar_parse() then rejects them).
 */
static int rescore(asr_t *asr, const grammar__feats_t *feats, asr_result_t *out)
{
    grammar__phrase_ref_t refs[MAX_RESCORE_PHRASES];
    keep_ctx_t keep = {refs, grammar__phrases_in(asr->g, out->text, refs, MAX_RESCORE_PHRASES)};
    int intents[MAX_RESCORE_INTENTS + 1];
    size_t n_intents = grammar__intents_near(asr->g, out->text, intents, MAX_RESCORE_INTENTS);
    bool found = false;
    asr_result_t res = *out;
    /* No word filter: the heard phrases came out of the first FSG, so their words are usable.
     * Much wider beams (RESCORE_BEAM): a search pruned like the first pass over a grammar the
     * audio does not quite fit can end without reaching the final state, that is with no
     * sentence at all. Not unpruned: with the 29 intents of shop.gram the exact grammar copies
     * every carrier phrase, and an unpruned pass took 2.3 s and 100 MB for one command. */
    grammar__fsg_opts_t exact = {false, NULL, keep_heard, &keep, -1};
    fsg_model_t *fsg = NULL;
    int st = build_fsg(asr, asr->g, &exact, &fsg);
    if (st == GRAMMAR_OK && (st = decode_with(asr, fsg, RESCORE_BEAM, feats, &res)) == 0)
        keep_better(asr, &res, out, &found);
    int heard = found ? intent_rule(asr, out->text) : -1;
    bool listed = heard < 0;
    for (size_t i = 0; i < n_intents; i++)
        listed = listed || intents[i] == heard;
    if (!listed)
        intents[n_intents++] = heard;
    usable_ctx_t ctx = {asr};
    for (size_t i = 0; i < n_intents && st == GRAMMAR_OK; i++) {
        grammar__fsg_opts_t one = {true, word_usable, NULL, &ctx, intents[i]};
        if ((st = build_fsg(asr, asr->g, &one, &fsg)) == 0 &&
            (st = decode_with(asr, fsg, INTENT_BEAM, feats, &res)) == 0)
            keep_better(asr, &res, out, &found);
    }
    return st;
}

/*
 * Whether the grammar's garbage words explain the utterance better than the sentence heard
 * (docs/grammar.md, "Out-of-grammar words"): one more pass over a search of that sentence
 * alone beside a loop of the garbage words, in which the sentence must win. Its own search,
 * not garbage inside the main one: PocketSphinx scores every frame against the best *active*
 * senone, so garbage words in the main search would lower the confidence of every sentence and
 * unsettle its calibration. The sentence alone, not the whole grammar beside the loop: a copy
 * of shop.gram's FSG cost 12 MB, and the grammar's other sentences have already lost to it.
 * heard is the sentence's text, asr->path its words. False for a grammar without garbage words.
 */
static int garbage_wins(asr_t *asr, const grammar__feats_t *feats, const char *heard, bool *wins)
{
    const named_grammar_t *n = &asr->grammars[asr->current];
    const grammar__conf_path_t *path = &asr->path;
    *wins = false;
    if (n->n_garbage_words == 0)
        return GRAMMAR_OK;
    size_t n_heard = 1;
    for (const char *p = heard; *p; p++)
        n_heard += *p == ' ';
    if (n_heard > CHECKED_SENTENCE_WORDS)
        return GRAMMAR_OK;
    /* The path's words as the FSG takes them: no fillers, no "(2)" (the alternates come back
     * below, so the check is not bound to the pronunciation the first pass chose). */
    char(*names)[GRAMMAR__MAX_COMPOUND] = malloc((path->n ? path->n : 1) * sizeof *names);
    const char **words = malloc((path->n ? path->n : 1) * sizeof *words);
    size_t n_words = 0;
    for (size_t i = 0; names && words && i < path->n; i++) {
        const char *w = path->segs[i].word;
        if (grammar__is_filler(w))
            continue;
        size_t len = strcspn(w, "(");
        memcpy(names[n_words], w, len);
        names[n_words][len] = '\0';
        words[n_words] = names[n_words];
        n_words++;
    }
    fsg_model_t *fsg = NULL;
    int st = GRAMMAR_OK;
    if (!names || !words)
        st = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    else if (n_words > 0) { /* always, for a sentence heard; none: nothing to check */
        st = grammar__sentence_fsg(words, n_words, n->garbage_words, n->n_garbage_words,
                                   GARBAGE_PROB, ps_get_logmath(asr->ps),
                                   cmd_ln_float32_r(ps_get_config(asr->ps), "-lw"), &fsg);
        st = with_alternates(asr, st, &fsg);
    }
    free(names);
    free(words);
    asr_result_t res;
    if (fsg && (st = decode_with(asr, fsg, GARBAGE_BEAM, feats, &res)) == GRAMMAR_OK)
        *wins = strcmp(res.text, heard) != 0;
    return st;
}

int asr_decode(asr_t *asr, const int16_t *pcm, size_t n, asr_result_t *out)
{
    if (!asr || !out || (!pcm && n > 0))
        return grammar__fail(GRAMMAR_EINVAL, "asr_decode: NULL argument");
    memset(out, 0, sizeof *out);
    out->audio_seconds = (double)n / AUDIO_ASR_RATE;
    if (n > (size_t)ASR_MAX_SECONDS * AUDIO_ASR_RATE)
        return grammar__fail(GRAMMAR_EINVAL, "utterance of %.1f s is longer than %d s",
                             out->audio_seconds, ASR_MAX_SECONDS);
    if (n == 0)
        return GRAMMAR_OK; /* nothing said: text "" */
    double t0 = now_ms();
    size_t start, len;
    grammar__speech_span(pcm, n, &start, &len);
    memset(&asr->conf, 0, sizeof asr->conf);
    if (grammar__is_tone(asr->tone, pcm + start, len)) {
        /* A beep, not a command: no words, rejected (tone.c). */
        out->rejected = true;
        out->decode_ms = now_ms() - t0;
        return GRAMMAR_OK;
    }
    /* A loud steady background (a fan, hiss) is taken out first (denoise.c); the stretch to
     * decode was found on the audio as heard, where the speech stands out by its level. */
    int16_t *denoised = grammar__denoised_if_steady(pcm, n);
    int16_t *padded = pad_utterance((denoised ? denoised : pcm) + start, len);
    free(denoised);
    if (!padded)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    grammar__feats_t feats;
    int st = grammar__features(asr->ps, padded, len + 2 * PAD_SAMPLES, &feats);
    free(padded);
    if (st == GRAMMAR_OK)
        st = decode_pass(asr, &feats, out, &asr->path);
    if (st == GRAMMAR_OK && out->text[0] && !parses(asr, out->text))
        st = rescore(asr, &feats, out);
    bool sentence = st == GRAMMAR_OK && out->text[0] && parses(asr, out->text);
    if (sentence)
        st = grammar__confidence(asr->ps, asr->grammars[asr->current].name, &feats, &asr->path,
                                 &asr->conf);
    bool garbage = false; /* not at threshold 0, which accepts every sentence (grammar.h) */
    if (sentence && st == GRAMMAR_OK && asr->reject_below > 0)
        st = garbage_wins(asr, &feats, out->text, &garbage);
    grammar__feats_free(&feats);
    out->confidence = sentence && !garbage ? grammar__conf_value(&asr->conf) : 0.0;
    if (sentence)
        grammar__conf_words(&asr->conf, out);
    out->rejected = out->confidence < asr->reject_below || out->confidence == 0.0;
    out->decode_ms = now_ms() - t0;
    return st;
}
