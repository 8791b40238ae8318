/* test_asr.c - PocketSphinx recognition of real audio: eSpeak NG voices speaking shopping
 * commands with brand names cmudict lacks, human speech, and start-up failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grammar.h"
#include "words_dev.h"

typedef struct {
    audio_tts_t *tts;
    grammar_t *g;
    asr_t *asr;
    char dir[64]; /* temporary WAVs */
} fixture_t;

static fixture_t fx;

static void load_products(grammar_t *g)
{
    FILE *f = fopen(PRODUCTS, "r");
    assert_non_null(f);
    char line[256];
    while (fgets(line, sizeof line, f))
        if (line[0] != '#')
            assert_int_equal(grammar_add_phrase(g, "product", line), GRAMMAR_OK);
    fclose(f);
    /* shop.gram's <category>, as the pipeline adds the catalog's categories */
    assert_int_equal(grammar_add_phrase(g, "category", "snacks"), GRAMMAR_OK);
    assert_int_equal(grammar_add_phrase(g, "category", "frozen"), GRAMMAR_OK);
}

/* Grammars the decoder borrows, freed after it closes. */
static grammar_t *kept[8];
static size_t n_kept;
static void keep(grammar_t *g)
{
    assert_true(n_kept < sizeof kept / sizeof *kept);
    kept[n_kept++] = g;
}

static int setup(void **state)
{
    int st;
    audio_tts_config_t tc = audio_tts_config_default();
    snprintf(fx.dir, sizeof fx.dir, "/tmp/shopspeak-asr-XXXXXX");
    if (!mkdtemp(fx.dir) || !(fx.tts = audio_tts_open(&tc, &st)) ||
        !(fx.g = grammar_load(SHOP_GRAM, &st)))
        return -1;
    load_products(fx.g);
    if (grammar_compile(fx.g) != GRAMMAR_OK)
        return -1;
    asr_config_t cfg = asr_config_default();
    cfg.tts = fx.tts;
    if (!(fx.asr = asr_open(&cfg, fx.g, &st))) {
        print_error("asr_open: %s\n", grammar_errmsg());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    asr_close(fx.asr);
    grammar_free(fx.g);
    while (n_kept > 0)
        grammar_free(kept[--n_kept]);
    audio_tts_close(fx.tts);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx.dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Speak text with the espeak-ng program (a separate process, so the voice differs from the
 * library's and nothing is shared with the TTS the recogniser uses), read it back at 16 kHz. */
static void speak(const char *voice, int wpm, const char *text, audio_buf_t *out)
{
    char path[128], txt[128], cmd[512];
    snprintf(path, sizeof path, "%s/utt.wav", fx.dir);
    snprintf(txt, sizeof txt, "%s/utt.txt", fx.dir);
    FILE *f = fopen(txt, "w"); /* a file, so "what's" needs no shell quoting */
    assert_non_null(f);
    fprintf(f, "%s\n", text);
    fclose(f);
    snprintf(cmd, sizeof cmd, "espeak-ng -v %s -s %d -w '%s' -f '%s'", voice, wpm, path, txt);
    assert_int_equal(system(cmd), 0);
    int st = audio_read_wav(path, AUDIO_ASR_RATE, 30, out);
    if (st != AUDIO_OK)
        fail_msg("audio_read_wav %s: %s", path, audio_error_detail());
}

/* The brand words had no dictionary entry: eSpeak-derived pronunciations were added. */
static void test_oov_words_were_added(void **state)
{
    assert_true(asr_generated_words(fx.asr) >= 6); /* lavazza oatly barilla chobani ... */
    size_t n_dropped;
    asr_dropped_words(fx.asr, &n_dropped);
    assert_int_equal(n_dropped, 0);
}

/*
 * Synthetic speech in four voices: the exact words for most, and the right intent and product.
 * Misses are printed; the bound is just below what we measured (docs/grammar.md). With
 * PocketSphinx's default beams the same set scored 42/64 against 48/64 with ours (at 250 ms
 * padding), so a regression of that size shows.
 */
static void test_decode_synthetic(void **state)
{
    static const char *const sentences[] = {
        "reorder lavazza espresso beans",
        "order oatly oat milk again",
        "how much is barilla spaghetti",
        "is chobani greek yogurt in stock",
        "buy more kerrygold butter",
        "do you have tillamook cheddar",
        "what's the price of bananas",
        "i need more paper towels",
        "get me honey nut cheerios again",
        "are the strawberries in stock",
        "how much does olive oil cost",
        "cancel",
        "yes",
        "no",
        "what can i say",
        "never mind",
    };
    static const struct {
        const char *voice;
        int wpm;
    } voices[] = {{"en-us", 150}, {"en-us+m3", 140}, {"en+f3", 150}, {"en-us+m7", 170}};
    int exact = 0, total = 0, intents = 0;
    for (size_t v = 0; v < sizeof voices / sizeof voices[0]; v++)
        for (size_t s = 0; s < sizeof sentences / sizeof sentences[0]; s++) {
            audio_buf_t buf = {0};
            asr_result_t r;
            speak(voices[v].voice, voices[v].wpm, sentences[s], &buf);
            assert_int_equal(asr_decode(fx.asr, buf.samples, buf.n_samples, &r), GRAMMAR_OK);
            assert_true(r.audio_seconds > 0.3 && r.decode_ms > 0);
            audio_buf_free(&buf);
            total++;
            grammar_intent_t want, got;
            assert_int_equal(grammar_parse(fx.g, sentences[s], &want), GRAMMAR_OK);
            if (grammar_parse(fx.g, r.text, &got) == GRAMMAR_OK &&
                strcmp(want.name, got.name) == 0 &&
                strcmp(grammar_intent_slot(&want, "product") ?: "",
                       grammar_intent_slot(&got, "product") ?: "") == 0)
                intents++;
            if (strcmp(r.text, sentences[s]) == 0)
                exact++;
            else
                print_message("  %-9s \"%s\" -> \"%s\"\n", voices[v].voice, sentences[s], r.text);
        }
    print_message("synthetic: %d/%d exact, %d/%d intent+product\n", exact, total, intents, total);
    /* Measured 52/64 exact, 55/64 intent+product (54/64, 57/64 with the JSGF-built FSG at 8x the
     * CPU) (most misses are the female en+f3 voice, far from the model's training speech). */
    assert_true(exact * 100 >= total * 75);
    assert_true(intents * 100 >= total * 80);
}

/*
 * The first utterance decodes exactly as it does later: same words and the same path score.
 * Live CMN (what this PocketSphinx does when audio is fed in blocks) starts from a default
 * mean, so there the first decode differs from the later ones; asr_decode() avoids that.
 */
static void test_first_utterance_equals_later(void **state)
{
    int st;
    asr_config_t cfg = asr_config_default();
    cfg.tts = fx.tts;
    asr_t *fresh = asr_open(&cfg, fx.g, &st); /* a decoder that has heard nothing yet */
    assert_non_null(fresh);
    audio_buf_t a = {0}, b = {0};
    speak("en-us+m3", 150, "how much does lavazza ground coffee cost", &a);
    speak("en-us", 150, "is chobani greek yogurt in stock", &b);
    asr_result_t first, other, again;
    assert_int_equal(asr_decode(fresh, a.samples, a.n_samples, &first), GRAMMAR_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(asr_decode(fresh, b.samples, b.n_samples, &other), GRAMMAR_OK);
    assert_int_equal(asr_decode(fresh, a.samples, a.n_samples, &again), GRAMMAR_OK);
    assert_true(first.text[0] != '\0'); /* what it hears is tested elsewhere; here: the same */
    assert_string_equal(again.text, first.text);
    assert_true(other.text[0] != '\0');
    assert_true(first.score != 0);
    assert_int_equal(again.score, first.score);
    audio_buf_free(&a);
    audio_buf_free(&b);
    asr_close(fresh);
}

/* Silence and empty input decode without error; an over-long utterance is refused. */
static void test_silence_and_limits(void **state)
{
    int16_t *zeros = calloc(AUDIO_ASR_RATE, sizeof *zeros);
    assert_non_null(zeros);
    asr_result_t r;
    /* Grammar search has no rejection (docs/grammar.md): silence decodes without error and
     * may come out as some sentence; rejecting it is the dialog's job. */
    assert_int_equal(asr_decode(fx.asr, zeros, AUDIO_ASR_RATE, &r), GRAMMAR_OK);
    assert_true(r.audio_seconds == 1.0);
    assert_int_equal(asr_decode(fx.asr, zeros, 0, &r), GRAMMAR_OK);
    assert_string_equal(r.text, "");
    free(zeros);
    assert_int_equal(asr_decode(fx.asr, NULL, 31 * AUDIO_ASR_RATE, &r), GRAMMAR_EINVAL);
}

/* A kitchen timer's beep is not decoded at all: no words, rejected (grammar/tone.c). Before,
 * shop.gram heard such beeps as "no", "wrong" or "add eight dog food". */
static void test_a_beep_is_no_command(void **state)
{
    (void)state;
    size_t n = AUDIO_ASR_RATE * 3 / 2;
    int16_t *beep = calloc(n, sizeof *beep);
    assert_non_null(beep);
    for (size_t i = AUDIO_ASR_RATE / 4; i < n - AUDIO_ASR_RATE / 4; i++)
        beep[i] = (int16_t)(6000 * sin(2 * M_PI * 1800 * (double)i / AUDIO_ASR_RATE));
    asr_result_t r;
    assert_int_equal(asr_decode(fx.asr, beep, n, &r), GRAMMAR_OK);
    assert_string_equal(r.text, "");
    assert_true(r.rejected);
    assert_true(r.confidence == 0.0);
    assert_true(r.audio_seconds == 1.5);
    free(beep);
}

static grammar_t *yes_no_grammar(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/yesno.gram", fx.dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("#JSGF V1.0;\ngrammar yesno;\npublic <yes> = yes;\npublic <no> = no;\n", f);
    fclose(f);
    int st;
    grammar_t *g = grammar_load(path, &st);
    assert_non_null(g);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    return g;
}

typedef struct {
    asr_t *asr;
    const char *word; /* what every file of the word says */
    int right, total;
} yes_no_t;

static void decode_yes_no(const char *file, const audio_buf_t *pcm, void *ctx)
{
    yes_no_t *t = ctx;
    asr_result_t r;
    assert_int_equal(asr_decode(t->asr, pcm->samples, pcm->n_samples, &r), GRAMMAR_OK);
    t->total++;
    if (strcmp(r.text, t->word) == 0)
        t->right++;
    else
        print_message("  %s/%s -> \"%s\"\n", t->word, file, r.text);
}

/* Real people (Speech Commands, 10 speakers): "yes" and "no" with a yes/no grammar. */
static void test_human_yes_no(void **state)
{
    const char *speech = words_dev_speech("yes");
    if (!speech)
        skip();
    grammar_t *g = yes_no_grammar();
    int st;
    yes_no_t t = {asr_open(NULL, g, &st), NULL, 0, 0};
    assert_non_null(t.asr);
    static const char *const words[] = {"yes", "no"};
    for (size_t w = 0; w < 2; w++) {
        t.word = words[w];
        words_dev_each(speech, words[w], decode_yes_no, &t);
    }
    print_message("human yes/no: %d/%d right\n", t.right, t.total);
    assert_true(t.total >= 10);
    assert_true(t.right * 100 >= t.total * 80);
    asr_close(t.asr);
    grammar_free(g);
}

/* PocketSphinx would exit() on these; asr_open says what is wrong instead. */
static void test_bad_models(void **state)
{
    int st = 0;
    asr_config_t cfg = asr_config_default();
    cfg.model_dir = "/nonexistent/en-us";
    assert_null(asr_open(&cfg, fx.g, &st));
    assert_int_equal(st, GRAMMAR_ENOENT);
    assert_non_null(strstr(grammar_errmsg(), "/nonexistent/en-us"));

    char hmm[128], cmd[512];
    snprintf(hmm, sizeof hmm, "%s/broken-model", fx.dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp %s/en-us/en-us/* '%s' && rm '%s/means'", hmm,
             POCKETSPHINX_MODELDIR, hmm, hmm);
    assert_int_equal(system(cmd), 0);
    cfg.model_dir = hmm;
    cfg.dict_path = POCKETSPHINX_MODELDIR "/en-us/cmudict-en-us.dict";
    assert_null(asr_open(&cfg, fx.g, &st));
    assert_int_equal(st, GRAMMAR_EMODEL);
    assert_non_null(strstr(grammar_errmsg(), "means is missing"));

    snprintf(cmd, sizeof cmd, "cp %s/en-us/en-us/means '%s' && echo junk > '%s/mdef'",
             POCKETSPHINX_MODELDIR, hmm, hmm);
    assert_int_equal(system(cmd), 0);
    assert_null(asr_open(&cfg, fx.g, &st));
    assert_int_equal(st, GRAMMAR_EMODEL);
    assert_non_null(strstr(grammar_errmsg(), "mdef"));

    cfg.model_dir = NULL;
    cfg.dict_path = "/nonexistent.dict";
    assert_null(asr_open(&cfg, fx.g, &st));
    assert_int_equal(st, GRAMMAR_EMODEL);
    assert_non_null(strstr(grammar_errmsg(), "/nonexistent.dict"));
}

/* Without a TTS, product phrases with unknown words are left out and the rest still loads;
 * an unknown word written in the grammar file itself is an error naming it. */
static void test_unpronounceable_words(void **state)
{
    int st;
    grammar_t *g = grammar_load(SHOP_GRAM, &st);
    assert_non_null(g);
    assert_int_equal(grammar_add_phrase(g, "product", "Lavazza Espresso Beans"), GRAMMAR_OK);
    assert_int_equal(grammar_add_phrase(g, "product", "Bananas"), GRAMMAR_OK);
    assert_int_equal(grammar_add_phrase(g, "category", "snacks"), GRAMMAR_OK);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    asr_t *asr = asr_open(NULL, g, &st);
    assert_non_null(asr);
    size_t n;
    const char *const *dropped = asr_dropped_words(asr, &n);
    assert_int_equal(n, 1);
    assert_string_equal(dropped[0], "lavazza");
    assert_int_equal(asr_generated_words(asr), 0);
    asr_close(asr);
    grammar_free(g);

    char path[128];
    snprintf(path, sizeof path, "%s/oov.gram", fx.dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("#JSGF V1.0;\ngrammar t;\npublic <a> = zorbulate now;\n", f);
    fclose(f);
    g = grammar_load(path, &st);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    assert_null(asr_open(NULL, g, &st));
    assert_int_equal(st, GRAMMAR_EMODEL);
    assert_non_null(strstr(grammar_errmsg(), "zorbulate"));
    grammar_free(g);
}

/* Load a grammar file of grammar/ and compile it, with candidate names for choice.gram. */
static grammar_t *load_state(const char *file, const char *const *names, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", GRAMMAR_DIR, file);
    int st;
    grammar_t *g = grammar_load(path, &st);
    if (!g)
        fail_msg("%s: %s", path, grammar_errmsg());
    for (size_t i = 0; i < n; i++)
        assert_int_equal(grammar_add_phrase(g, "candidate", names[i]), GRAMMAR_OK);
    if (grammar_compile(g) != GRAMMAR_OK)
        fail_msg("%s: %s", path, grammar_errmsg());
    return g;
}

/* Decode text spoken by eSpeak with the grammar in use; check intent and one slot. */
static void expect_heard(const grammar_t *g, const char *text, const char *intent, const char *slot,
                         const char *value)
{
    audio_buf_t buf = {0};
    asr_result_t r;
    grammar_intent_t in;
    speak("en-us", 150, text, &buf);
    assert_int_equal(asr_decode(fx.asr, buf.samples, buf.n_samples, &r), GRAMMAR_OK);
    audio_buf_free(&buf);
    if (grammar_parse(g, r.text, &in) != GRAMMAR_OK)
        fail_msg("\"%s\" heard as \"%s\": not understood", text, r.text);
    assert_string_equal(in.name, intent);
    if (slot)
        assert_string_equal(grammar_intent_slot(&in, slot), value);
}

/*
 * One decoder, a grammar per dialog state: each loads as a search of its own name, decodes
 * what it should, and the choice grammar is rebuilt for new candidates. The top grammar is
 * still there afterwards.
 */
static void test_state_grammars(void **state)
{
    static const char *const milks[] = {"oat milk", "almond milk", "whole milk"};
    static const char *const breads[] = {"sourdough bread", "bagels"};
    grammar_t *confirm = load_state("confirm.gram", NULL, 0);
    grammar_t *pin = load_state("pin.gram", NULL, 0);
    grammar_t *quantity = load_state("quantity.gram", NULL, 0);
    grammar_t *choice = load_state("choice.gram", milks, 3);
    assert_int_equal(asr_add_grammar(fx.asr, "confirm", confirm), GRAMMAR_OK);
    assert_int_equal(asr_add_grammar(fx.asr, "pin", pin), GRAMMAR_OK);
    assert_int_equal(asr_add_grammar(fx.asr, "quantity", quantity), GRAMMAR_OK);
    assert_int_equal(asr_add_grammar(fx.asr, "choice", choice), GRAMMAR_OK);
    assert_int_equal(asr_use_grammar(fx.asr, "nope"), GRAMMAR_EINVAL);

    assert_int_equal(asr_use_grammar(fx.asr, "confirm"), GRAMMAR_OK);
    assert_string_equal(asr_grammar_in_use(fx.asr), "confirm");
    expect_heard(confirm, "yes please", "yes", NULL, NULL);
    expect_heard(confirm, "no thanks", "no", NULL, NULL);
    assert_int_equal(asr_use_grammar(fx.asr, "pin"), GRAMMAR_OK);
    expect_heard(pin, "one two three four", "pin", "pin", "one two three four");
    assert_int_equal(asr_use_grammar(fx.asr, "quantity"), GRAMMAR_OK);
    expect_heard(quantity, "three bags", "quantity", "quantity", "three");
    assert_int_equal(asr_use_grammar(fx.asr, "choice"), GRAMMAR_OK);
    expect_heard(choice, "the second one", "choose", "choice", "2");
    expect_heard(choice, "the almond milk", "choose", "name", "almond milk");

    /* A new list of candidates while the choice is in use: the new grammar replaces it. */
    grammar_t *choice2 = load_state("choice.gram", breads, 2);
    assert_int_equal(asr_add_grammar(fx.asr, "choice", choice2), GRAMMAR_OK);
    grammar_free(choice);
    expect_heard(choice2, "the sourdough bread", "choose", "name", "sourdough bread");

    assert_int_equal(asr_use_grammar(fx.asr, ASR_TOP_GRAMMAR), GRAMMAR_OK);
    expect_heard(fx.g, "how much is the oatly oat milk", "price", "product", "oatly oat milk");
    /* The decoder borrows them until it closes (grammar.h). */
    keep(confirm);
    keep(pin);
    keep(quantity);
    keep(choice2);
}

/* A replacement that fails to load leaves the grammar of that name in use. (Its word is not in
 * the dictionary and the recognizer is given no eSpeak NG for it: every word written as it is
 * said has a pronunciation from eSpeak NG.) */
static void test_failed_replacement_keeps_old(void **state)
{
    char path[128];
    snprintf(path, sizeof path, "%s/bad-confirm.gram", fx.dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("#JSGF V1.0;\ngrammar t;\npublic <yes> = yes;\npublic <no> = zqxvbk no;\n", f);
    fclose(f);
    int st;
    grammar_t *good = load_state("confirm.gram", NULL, 0);
    grammar_t *bad = grammar_load(path, &st);
    assert_non_null(bad);
    assert_int_equal(grammar_compile(bad), GRAMMAR_OK);
    assert_int_equal(asr_add_grammar(fx.asr, "confirm2", good), GRAMMAR_OK);
    assert_int_equal(asr_use_grammar(fx.asr, "confirm2"), GRAMMAR_OK);
    asr_set_tts(fx.asr, NULL);
    assert_int_equal(asr_add_grammar(fx.asr, "confirm2", bad), GRAMMAR_EMODEL);
    asr_set_tts(fx.asr, fx.tts);
    char where[160];
    snprintf(where, sizeof where, "%s:4:", path);
    assert_non_null(strstr(grammar_errmsg(), where));
    assert_string_equal(asr_grammar_in_use(fx.asr), "confirm2");
    expect_heard(good, "yes please", "yes", NULL, NULL);
    assert_int_equal(asr_use_grammar(fx.asr, ASR_TOP_GRAMMAR), GRAMMAR_OK);
    grammar_free(bad); /* never in use */
    keep(good);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oov_words_were_added),
        cmocka_unit_test(test_decode_synthetic),
        cmocka_unit_test(test_first_utterance_equals_later),
        cmocka_unit_test(test_silence_and_limits),
        cmocka_unit_test(test_a_beep_is_no_command),
        cmocka_unit_test(test_human_yes_no),
        cmocka_unit_test(test_bad_models),
        cmocka_unit_test(test_unpronounceable_words),
        cmocka_unit_test(test_state_grammars),
        cmocka_unit_test(test_failed_replacement_keeps_old),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
