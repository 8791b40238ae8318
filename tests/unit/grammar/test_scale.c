/*
 * test_scale.c - start-up work that grows with the vocabulary grows with it, not with its square:
 * the dictionary lookups (grammar/lexicon.c), where a word is written (grammar.c), rules by name
 * (jsgf.c, grammar.c), the FSG given to sphinxbase and its alternate pronunciations (fsg.c),
 * which the recogniser adds itself (asr.c). With 26,000 words or a 3 MB grammar file each of
 * these once took seconds to minutes.
 *
 * A scaling check times the same work for n and for 16n words, in CPU time, best of three, and
 * asserts a bound on the ratio far from both sides: the work as it is now measured ratios of 4-20,
 * the quadratic code it replaced 140-250 (2026-11-25; the test prints them). A ratio, so a slow
 * or busy machine or Valgrind slows both sides alike; no time is asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/fsg_model.h>
#include <sphinxbase/logmath.h>

#include "grammar.h"
#include "grammar_internal.h"

static char dir[64]; /* temporary files */

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/shopspeak-scale-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- Timing by ratio ----------------------------------------------------------------------- */

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One run of the work for n words; run counts up across calls (for work that needs new words
 * each time). */
typedef void (*work_fn)(size_t n, int run, void *ctx);

static double best_of_three(work_fn work, size_t n, int *run, void *ctx)
{
    double best = 1e30;
    for (int i = 0; i < 3; i++) {
        double t0 = cpu_seconds();
        work(n, (*run)++, ctx);
        double t = cpu_seconds() - t0;
        best = t < best ? t : best;
    }
    return best;
}

/* The work for 16n words costs under `limit` times the work for n. */
static void assert_scales(const char *what, work_fn work, size_t n, double limit, void *ctx)
{
    int run = 0;
    double small = best_of_three(work, n, &run, ctx);
    double large = best_of_three(work, 16 * n, &run, ctx);
    print_message("%s: %zu: %.4f s, %zu: %.4f s: x%.1f (bound x%.0f)\n", what, n, small, 16 * n,
                  large, large / small, limit);
    assert_true(large < limit * small);
}

/* A word of letters only (grammar phrases spell digits out), distinct for each i and prefix. */
static void word_for(char prefix, size_t i, char *out)
{
    size_t n = 0;
    out[n++] = prefix;
    do {
        out[n++] = (char)('a' + i % 26);
        i /= 26;
    } while (i > 0);
    out[n] = '\0';
}

static char *write_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* ---- Dictionary lookups (lexicon.c) -------------------------------------------------------- */

#define LEXICON_N    2000
#define LEXICON_RUNS 6 /* three of n words, three of 16n */

static ps_decoder_t *empty_decoder(void)
{
    cmd_ln_t *cl = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", POCKETSPHINX_MODELDIR "/en-us/en-us",
                               "-dict", "/dev/null", "-logfn", "/dev/null", NULL);
    assert_non_null(cl);
    ps_decoder_t *ps = ps_init(cl);
    assert_non_null(ps);
    cmd_ln_free_r(cl);
    return ps;
}

/* Word i of a run: a letter for the run, then letters for i. */
static void lexicon_word(int run, size_t i, char *out)
{
    word_for((char)('k' + run), i, out);
}

/* One dictionary for every run (the runs of n words and of 16n words read the same file); every
 * seventh word has a second pronunciation. */
static const char *write_lexicon(void)
{
    char path[128], w[32];
    snprintf(path, sizeof path, "%s/lexicon.dict", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int run = 0; run < LEXICON_RUNS; run++)
        for (size_t i = 0; i < (run < 3 ? 1 : 16) * LEXICON_N; i++) {
            lexicon_word(run, i, w);
            fprintf(f, "%s T EH S T\n", w);
            if (i % 7 == 0)
                fprintf(f, "%s(2) T AH S T\n", w);
        }
    fclose(f);
    return strdup(path);
}

typedef struct {
    ps_decoder_t *ps;
    const char *dict;
} lexicon_ctx_t;

static void lexicon_work(size_t n, int run, void *ctx)
{
    lexicon_ctx_t *c = ctx;
    char(*w)[32] = malloc(n * sizeof *w);
    const char **words = malloc(n * sizeof *words);
    bool *found = calloc(n, sizeof *found);
    assert_true(w && words && found);
    for (size_t i = 0; i < n; i++) {
        lexicon_word(run, i, w[i]);
        words[i] = w[i];
    }
    assert_int_equal(grammar__add_dict_words(c->ps, c->dict, words, n, found), GRAMMAR_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(found[i]);
    free(w);
    free(words);
    free(found);
}

/* What it finds: every word the file has, with each pronunciation, a word listed twice twice. */
static void test_lexicon_finds_words(void **state)
{
    lexicon_ctx_t c = {empty_decoder(), write_lexicon()};
    char w0[32], w1[32], alt[40];
    lexicon_word(0, 0, w0);
    lexicon_word(0, 1, w1);
    const char *words[] = {w1, "notthere", w0, w1};
    bool found[4] = {false};
    assert_int_equal(grammar__add_dict_words(c.ps, c.dict, words, 4, found), GRAMMAR_OK);
    assert_true(found[0] && !found[1] && found[2] && found[3]);
    snprintf(alt, sizeof alt, "%s(2)", w0); /* word 0 has two pronunciations, word 1 one */
    char *phones = ps_lookup_word(c.ps, alt);
    assert_non_null(phones);
    assert_string_equal(phones, "T AH S T");
    ckd_free(phones);
    snprintf(alt, sizeof alt, "%s(2)", w1);
    assert_null(ps_lookup_word(c.ps, alt));
    ps_free(c.ps);
    free((char *)c.dict);
}

/* Reading one file for 16 times as many words: at most 16 times the time (measured x3.6; a
 * scan of the word list per dictionary hit, as before, x140). */
static void test_lexicon_scales(void **state)
{
    lexicon_ctx_t c = {empty_decoder(), write_lexicon()};
    assert_scales("dictionary lookups", lexicon_work, LEXICON_N, 16, &c);
    ps_free(c.ps);
    free((char *)c.dict);
}

/* ---- Where a word is written (grammar.c) -------------------------------------------------- */

/* A grammar whose one rule has n words as alternatives. */
static const char *write_word_grammar(size_t n)
{
    size_t cap = 64 + n * 16;
    char *text = malloc(cap), w[32];
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "#JSGF V1.0;\ngrammar words;\npublic <say> = ");
    for (size_t i = 0; i < n; i++) {
        word_for('w', i, w);
        len += (size_t)snprintf(text + len, cap - len, "%s%s\n", i ? "| " : "", w);
    }
    snprintf(text + len, cap - len, ";\n");
    char name[32];
    snprintf(name, sizeof name, "words%zu.gram", n);
    const char *path = write_file(name, text);
    free(text);
    return path;
}

/* Load, compile and find every word: what checking a grammar's words costs. */
static void word_where_work(size_t n, int run, void *ctx)
{
    char path[128], w[32];
    snprintf(path, sizeof path, "%s/words%zu.gram", dir, n);
    int st, line, col;
    grammar_t *g = grammar_load(path, &st);
    assert_non_null(g);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    for (size_t i = 0; i < n; i++) {
        word_for('w', i, w);
        assert_true(grammar__word_where(g, w, &line, &col));
        assert_int_equal(line, 3 + (int)i);
    }
    grammar_free(g);
}

/* The first place a word is written, in file order, depth first; a word that is only in
 * generated phrases is written nowhere. */
static void test_word_where_first_place(void **state)
{
    int st, line = 0, col = 0;
    const char *path = write_file("where.gram", "#JSGF V1.0;\ngrammar where;\n"
                                                "<det> = the | a;\n"
                                                "public <buy> = buy [<det>] (milk | <product>)\n"
                                                "    | get the milk;\n"
                                                "public <ask> = is the milk here;\n");
    grammar_t *g = grammar_load(path, &st);
    assert_non_null(g);
    assert_int_equal(grammar_add_phrase(g, "product", "oat milk"), GRAMMAR_OK);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    assert_true(grammar__word_where(g, "the", &line, &col));
    assert_int_equal(line, 3);
    assert_int_equal(col, 9);
    assert_true(grammar__word_where(g, "milk", &line, &col));
    assert_int_equal(line, 4);
    assert_int_equal(col, 29);
    assert_true(grammar__word_where(g, "here", &line, &col));
    assert_int_equal(line, 6);
    assert_false(grammar__word_where(g, "oat", &line, &col));
    assert_false(grammar__word_where(g, "nowhere", &line, &col));
    assert_true(grammar__is_generated_word(g, "oat"));
    assert_false(grammar__is_generated_word(g, "milk"));
    grammar_free(g);
}

/* 16 times the words: at most 48 times the time (measured x20; a walk of every rule per word,
 * as before, x210). */
static void test_word_where_scales(void **state)
{
    write_word_grammar(2000);
    write_word_grammar(16 * 2000);
    assert_scales("where words are written", word_where_work, 2000, 48, NULL);
}

/* ---- Rules by name (jsgf.c, grammar.c) ---------------------------------------------------- */

/* A grammar of n rules of two words each, all of them alternatives of one public rule. */
static void write_rules_grammar(size_t n)
{
    size_t cap = 64 + n * 48;
    char *text = malloc(cap), a[32], b[32];
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "#JSGF V1.0;\ngrammar rules;\npublic <say> = ");
    for (size_t i = 0; i < n; i++) {
        word_for('r', i, a);
        len += (size_t)snprintf(text + len, cap - len, "%s<%s>\n", i ? "| " : "", a);
    }
    len += (size_t)snprintf(text + len, cap - len, ";\n");
    for (size_t i = 0; i < n; i++) {
        word_for('r', i, a);
        word_for('w', i, b);
        len += (size_t)snprintf(text + len, cap - len, "<%s> = say %s;\n", a, b);
    }
    char name[32];
    snprintf(name, sizeof name, "rules%zu.gram", n);
    write_file(name, text);
    free(text);
}

static void rules_work(size_t n, int run, void *ctx)
{
    char path[128], last[32];
    snprintf(path, sizeof path, "%s/rules%zu.gram", dir, n);
    int st;
    grammar_t *g = grammar_load(path, &st);
    assert_non_null(g);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    word_for('r', n - 1, last);
    assert_int_equal(grammar__find_rule(g, last), (int)n);
    grammar_free(g);
}

/* 16 times the rules: at most 48 times the time to load and compile (measured x18; a scan of
 * every rule for each rule defined and each reference, as before, x120). */
static void test_rules_scale(void **state)
{
    write_rules_grammar(2500);
    write_rules_grammar(16 * 2500);
    assert_scales("rules by name", rules_work, 2500, 48, NULL);
}

/* ---- The FSG for sphinxbase (fsg.c) -------------------------------------------------------- */

typedef struct {
    grammar_t *g[2]; /* n and 16n products */
    logmath_t *lmath;
} fsg_ctx_t;

/* "buy <product> now" with n products of two words each: as compound words on arcs between the
 * rule's entry and exit (over GRAMMAR__MAX_TRIE_STATES). */
static grammar_t *product_grammar(size_t n)
{
    int st;
    grammar_t *g = grammar_load(
        write_file("buy.gram", "#JSGF V1.0;\ngrammar buy;\npublic <buy> = buy <product> now;\n"),
        &st);
    assert_non_null(g);
    char a[32], b[32], phrase[80];
    for (size_t i = 0; i < n; i++) {
        word_for('p', i, a);
        word_for('q', i, b);
        snprintf(phrase, sizeof phrase, "%s %s", a, b);
        assert_int_equal(grammar_add_phrase(g, "product", phrase), GRAMMAR_OK);
    }
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    return g;
}

static void fsg_work(size_t n, int run, void *ctx)
{
    fsg_ctx_t *c = ctx;
    grammar__fsg_opts_t opts = {.shared = true, .only_rule = -1};
    fsg_model_t *fsg = NULL;
    assert_int_equal(grammar__build_fsg(c->g[n > 2500], c->lmath, 6.5f, &opts, &fsg), GRAMMAR_OK);
    assert_int_equal(fsg_model_n_word(fsg), (int32)(n + 2));
    fsg_model_free(fsg);
}

/* 16 times the products: at most 48 times the time (measured x20; sphinxbase's own
 * fsg_model_word_add() and fsg_model_trans_add(), which search linearly, x250). */
static void test_fsg_scales(void **state)
{
    fsg_ctx_t c = {{product_grammar(2500), product_grammar(16 * 2500)}, logmath_init(1.0001, 0, 0)};
    assert_scales("FSG for sphinxbase", fsg_work, 2500, 48, &c);
    grammar_free(c.g[0]);
    grammar_free(c.g[1]);
    logmath_free(c.lmath);
}

/* ---- Alternate pronunciations (fsg.c, asr.c) ----------------------------------------------- */

/* Made up: words of 3, 6, 9... letters have two alternates, of 4, 7... one. */
static int fake_alternates(const char *word, void *ctx)
{
    size_t n = strlen(word);
    return strchr(word, '+') ? 0 : n % 3 == 0 ? 2 : n % 3 == 1 ? 1 : 0;
}

/* PocketSphinx's own way (fsg_search_add_altpron()): the words in order, each alternate in the
 * decoder's order, each added by fsg_model_add_alt(). */
static void add_alternates_as_pocketsphinx(fsg_model_t *fsg)
{
    int32 n = fsg_model_n_word(fsg);
    char name[GRAMMAR__MAX_COMPOUND + 16];
    for (int32 w = 0; w < n; w++)
        for (int k = fake_alternates(fsg->vocab[w], NULL) + 1; k >= 2; k--) {
            snprintf(name, sizeof name, "%s(%d)", fsg->vocab[w], k);
            fsg_model_add_alt(fsg, fsg->vocab[w], name);
        }
}

/* Words, then every state's arcs in list order, as text. Caller frees. */
static char *dump_fsg(fsg_model_t *fsg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    for (int32 w = 0; w < fsg_model_n_word(fsg); w++)
        fprintf(f, "%d %s %d\n", w, fsg_model_word_str(fsg, w), (int)fsg_model_is_alt(fsg, w));
    for (int32 s = 0; s < fsg_model_n_state(fsg); s++)
        for (fsg_arciter_t *it = fsg_model_arcs(fsg, s); it; it = fsg_arciter_next(it)) {
            fsg_link_t *l = fsg_arciter_get(it);
            fprintf(f, "%d %d %d %d\n", l->from_state, l->to_state, l->wid, l->logs2prob);
        }
    fclose(f);
    return text;
}

/* The same words, arcs and order as PocketSphinx would give, in the shared and the exact FSG of
 * shop.gram (whose <product> has one- and several-word phrases, optional slots, words on
 * parallel arcs) and of confirm.gram, and in the garbage check's FSG of a sentence against
 * confirm.gram's garbage loop. */
static void test_alternates_as_pocketsphinx(void **state)
{
    static const char *const grammars[] = {SHOP_GRAM, GRAMMAR_DIR "/confirm.gram",
                                           GRAMMAR_DIR "/confirm.gram"};
    static const char *const phrases[] = {"oat milk", "coffee", "the coffee", "read", "tea"};
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
    for (size_t i = 0; i < 2 * (sizeof grammars / sizeof *grammars); i++) {
        int st;
        grammar_t *g = grammar_load(grammars[i / 2], &st);
        assert_non_null(g);
        for (size_t p = 0; i / 2 == 0 && p < sizeof phrases / sizeof *phrases; p++)
            assert_int_equal(grammar_add_phrase(g, "product", phrases[p]), GRAMMAR_OK);
        if (i / 2 == 0)
            assert_int_equal(grammar_add_phrase(g, "category", "coffee"), GRAMMAR_OK);
        assert_int_equal(grammar_compile(g), GRAMMAR_OK);
        grammar__fsg_opts_t opts = {.shared = i % 2, .only_rule = -1};
        fsg_model_t *ours = NULL, *theirs = NULL;
        if (i < 4) {
            assert_int_equal(grammar__build_fsg(g, lmath, 6.5f, &opts, &ours), GRAMMAR_OK);
            assert_int_equal(grammar__build_fsg(g, lmath, 6.5f, &opts, &theirs), GRAMMAR_OK);
        } else {
            static const char *const sentence[] = {"read", "coffee"};
            const char *garbage[64];
            size_t n_garbage = grammar__garbage_words(g, garbage, 64);
            for (int k = 0; k < 2; k++)
                assert_int_equal(grammar__sentence_fsg(sentence, 2, garbage, n_garbage, 1e-10,
                                                       lmath, 6.5f, k ? &theirs : &ours),
                                 GRAMMAR_OK);
        }
        int32 n_base = fsg_model_n_word(ours);
        assert_int_equal(grammar__fsg_add_alternates(ours, fake_alternates, NULL), GRAMMAR_OK);
        add_alternates_as_pocketsphinx(theirs);
        assert_true(fsg_model_n_word(ours) > n_base); /* the test is not vacuous */
        char *a = dump_fsg(ours), *b = dump_fsg(theirs);
        assert_string_equal(a, b);
        free(a);
        free(b);
        fsg_model_free(ours);
        fsg_model_free(theirs);
        grammar_free(g);
    }
    logmath_free(lmath);
}

/* The recogniser gives PocketSphinx its FSGs with their alternates, so PocketSphinx never runs
 * its own pass. In its log that pass is the line "Added N alternate word transitions", right
 * after "Added N silence word transitions" for each filler: those must be there, it must not. */
static void test_recognizer_adds_alternates(void **state)
{
    int st;
    grammar_t *g = grammar_load(SHOP_GRAM, &st);
    assert_non_null(g);
    assert_int_equal(grammar_add_phrase(g, "product", "oat milk"), GRAMMAR_OK);
    assert_int_equal(grammar_add_phrase(g, "category", "coffee"), GRAMMAR_OK);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    char log[128];
    snprintf(log, sizeof log, "%s/ps.log", dir);
    asr_config_t cfg = asr_config_default();
    cfg.log_path = log;
    asr_t *asr = asr_open(&cfg, g, &st);
    if (!asr)
        fail_msg("asr_open: %s", grammar_errmsg());
    asr_close(asr);
    err_set_logfile("/dev/null"); /* closes (flushes) the log */
    FILE *f = fopen(log, "r");
    assert_non_null(f);
    char line[1024];
    size_t n_silence = 0, n_alternates = 0;
    while (fgets(line, sizeof line, f)) {
        n_silence += strstr(line, "silence word transitions") != NULL;
        n_alternates += strstr(line, "alternate word transitions") != NULL;
    }
    fclose(f);
    assert_true(n_silence > 0);
    assert_int_equal(n_alternates, 0);
    grammar_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexicon_finds_words),
        cmocka_unit_test(test_lexicon_scales),
        cmocka_unit_test(test_word_where_first_place),
        cmocka_unit_test(test_word_where_scales),
        cmocka_unit_test(test_rules_scale),
        cmocka_unit_test(test_fsg_scales),
        cmocka_unit_test(test_alternates_as_pocketsphinx),
        cmocka_unit_test(test_recognizer_adds_alternates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
