/* test_confidence.c - the recognizer's confidence (grammar/confidence.c) on real decoding of
 * eSpeak NG speech and synthetic noise in grammar/cafe.gram: ordering, rejection, per-word
 * values, determinism; and rejection of out-of-grammar words in grammar/confirm.gram, with
 * real speech (Speech Commands words-dev) when it is there. */
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

#include "grammar.h"
#include "words_dev.h"

typedef struct {
    audio_tts_t *tts;
    grammar_t *g;
    asr_t *asr; /* rejects below ASR_REJECT_BELOW_REAL_SPEECH, as the program does */
} fixture_t;

static fixture_t fx;
static grammar_t *confirm_g; /* confirm.gram, added to fx.asr by the first test that needs it */

static int setup(void **state)
{
    (void)state;
    int st;
    audio_tts_config_t tc = audio_tts_config_default();
    tc.words_per_minute = 150;
    if (!(fx.tts = audio_tts_open(&tc, &st)) ||
        !(fx.g = grammar_load(GRAMMAR_DIR "/cafe.gram", &st)))
        return -1;
    if (grammar_compile(fx.g) != GRAMMAR_OK)
        return -1;
    asr_config_t cfg = asr_config_default();
    cfg.tts = fx.tts;
    cfg.reject_below = ASR_REJECT_BELOW_REAL_SPEECH;
    if (!(fx.asr = asr_open(&cfg, fx.g, &st))) {
        print_error("asr_open: %s\n", grammar_errmsg());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    asr_close(fx.asr);
    grammar_free(confirm_g);
    grammar_free(fx.g);
    audio_tts_close(fx.tts);
    return 0;
}

/* Speak text with the audio module's eSpeak NG, resampled to the recognizer's 16 kHz. */
static void speak(const char *text, audio_buf_t *out)
{
    audio_buf_t native = {0};
    assert_int_equal(audio_tts_speak(fx.tts, text, &native), AUDIO_OK);
    assert_true(native.n_samples > 0);
    assert_int_equal(audio_resample(native.samples, native.n_samples, audio_tts_rate(fx.tts),
                                    AUDIO_ASR_RATE, out),
                     AUDIO_OK);
    audio_buf_free(&native);
}

static void decode(const audio_buf_t *pcm, asr_result_t *r)
{
    assert_int_equal(asr_decode(fx.asr, pcm->samples, pcm->n_samples, r), GRAMMAR_OK);
}

/* Seconds of hiss: uniform white noise at about -20 dBFS from a fixed LCG (repeatable). */
static int16_t *hiss(size_t n)
{
    int16_t *pcm = malloc(n * sizeof *pcm);
    assert_non_null(pcm);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        pcm[i] = (int16_t)((int32_t)(x >> 16) - 32768) / 6;
    }
    return pcm;
}

/* A command of the grammar scores higher than an out-of-domain sentence forced through the
 * same grammar. Each pair's sentences are about as long; the out-of-domain ones were chosen
 * because the grammar search finds a sentence in them (most out-of-domain speech comes out as
 * no sentence at all, confidence 0, which would test nothing here). */
static void test_command_beats_out_of_domain(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"can i get a large latte with soy milk",
         "the train to the city leaves from platform four"},
        {"i'd like a double shot americano", "the dog needs a walk before it gets dark"},
        {"give me a small mocha with cream", "can you play some quiet music while i read"},
        {"brew an iced coffee with some sugar", "the printer upstairs is out of paper again"},
    };
    size_t forced = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        audio_buf_t a = {0}, b = {0};
        asr_result_t cmd, other;
        speak(pairs[i][0], &a);
        speak(pairs[i][1], &b);
        decode(&a, &cmd);
        decode(&b, &other);
        print_message("\"%s\" -> \"%s\" %.3f; \"%s\" -> \"%s\" %.3f\n", pairs[i][0], cmd.text,
                      cmd.confidence, pairs[i][1], other.text, other.confidence);
        assert_true(cmd.text[0] != '\0');
        assert_true(cmd.confidence > 0 && cmd.confidence <= 1);
        assert_true(cmd.confidence > other.confidence);
        forced += other.text[0] != '\0' && other.confidence > 0;
        audio_buf_free(&a);
        audio_buf_free(&b);
    }
    assert_true(forced >= 2); /* the comparison was made against a scored sentence */
}

/* Steady hiss alone is not a command: below the real-speech threshold, and rejected. Today it
 * never reaches the phone loop: the front end's noise and silence removal leaves no speech, so
 * no sentence and confidence 0. Noise pulsed at a syllable rate does come out as a sentence,
 * and then the confidence does not reject it (docs/grammar.md): not asserted here until it
 * does. */
static void test_hiss_is_rejected(void **state)
{
    (void)state;
    static const double seconds[] = {0.8, 2.0, 4.0};
    for (size_t i = 0; i < sizeof seconds / sizeof *seconds; i++) {
        size_t n = (size_t)(seconds[i] * AUDIO_ASR_RATE);
        int16_t *pcm = hiss(n);
        asr_result_t r;
        assert_int_equal(asr_decode(fx.asr, pcm, n, &r), GRAMMAR_OK);
        print_message("%.1f s hiss -> \"%s\" %.4f\n", seconds[i], r.text, r.confidence);
        assert_true(r.confidence >= 0 && r.confidence < ASR_REJECT_BELOW_REAL_SPEECH);
        assert_true(r.rejected);
        free(pcm);
    }
}

static size_t count_words(const char *text)
{
    size_t n = 0;
    for (const char *c = text; *c; c++)
        if (*c != ' ' && (c == text || c[-1] == ' '))
            n++;
    return n;
}

/* One value per word of text, each a probability; the sentence's value lies within them
 * (it is the same logistic of a frame-weighted mean of the words' ratios). */
static void test_word_confidence_lines_up(void **state)
{
    (void)state;
    static const char *const commands[] = {
        "may i have a medium dark roast cappuccino with a lot of whole milk and brown sugar",
        "get me an iced coffee",
        "brew a mocha",
    };
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        audio_buf_t a = {0};
        asr_result_t r;
        speak(commands[i], &a);
        decode(&a, &r);
        audio_buf_free(&a);
        grammar_intent_t in;
        assert_int_equal(grammar_parse(fx.g, r.text, &in), GRAMMAR_OK);
        assert_int_equal(r.n_words, count_words(r.text));
        double lo = 1, hi = 0;
        for (size_t w = 0; w < r.n_words; w++) {
            assert_true(r.word_confidence[w] >= 0 && r.word_confidence[w] <= 1);
            lo = fmin(lo, r.word_confidence[w]);
            hi = fmax(hi, r.word_confidence[w]);
        }
        print_message("\"%s\": %zu words, %.3f (words %.3f-%.3f)\n", r.text, r.n_words,
                      r.confidence, lo, hi);
        assert_true(r.confidence >= lo - 1e-9 && r.confidence <= hi + 1e-9);
    }
}

/* The same audio gives the same confidence, word for word, whatever was decoded in between
 * (the phone loop shares the decoder with the grammar search). */
static void test_confidence_is_deterministic(void **state)
{
    (void)state;
    audio_buf_t a = {0}, b = {0};
    asr_result_t first, other, again;
    speak("can i have a twelve ounce light roast latte", &a);
    speak("the bakery on the corner closes at six", &b);
    decode(&a, &first);
    decode(&b, &other);
    size_t n = AUDIO_ASR_RATE;
    int16_t *noise = hiss(n);
    assert_int_equal(asr_decode(fx.asr, noise, n, &other), GRAMMAR_OK);
    free(noise);
    decode(&a, &again);
    assert_string_equal(again.text, first.text);
    assert_true(first.confidence > 0);
    assert_true(again.confidence == first.confidence);
    assert_int_equal(again.rejected, first.rejected);
    assert_int_equal(again.n_words, first.n_words);
    assert_memory_equal(again.word_confidence, first.word_confidence,
                        first.n_words * sizeof first.word_confidence[0]);
    audio_buf_free(&a);
    audio_buf_free(&b);
}

/* confirm.gram added to the fixture's decoder as "confirm" and in use; the caller switches back
 * to ASR_TOP_GRAMMAR and frees it (after the decoder: asr_add_grammar() borrows it). */
static grammar_t *use_confirm(asr_t *asr)
{
    int st;
    grammar_t *g = grammar_load(GRAMMAR_DIR "/confirm.gram", &st);
    assert_non_null(g);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    assert_int_equal(asr_add_grammar(asr, "confirm", g), GRAMMAR_OK);
    assert_int_equal(asr_use_grammar(asr, "confirm"), GRAMMAR_OK);
    return g;
}

/*
 * confirm.gram's <garbage> words (docs/grammar.md, "Out-of-grammar words"): "sing a song" is
 * forced through the grammar as "do not" with a confidence above the real-speech threshold,
 * and only the garbage check rejects it (confidence 0); "yes please" beats the garbage. At
 * threshold 0 (asr_config_default()) the garbage is not consulted.
 */
/* fx.asr with confirm.gram in use (added the first time). */
static void fixture_confirm(void)
{
    if (!confirm_g)
        confirm_g = use_confirm(fx.asr);
    assert_int_equal(asr_use_grammar(fx.asr, "confirm"), GRAMMAR_OK);
}

static void test_confirm_garbage_rejects(void **state)
{
    (void)state;
    fixture_confirm();
    audio_buf_t yes = {0}, other = {0};
    asr_result_t r;
    speak("yes please", &yes);
    speak("sing a song", &other);
    decode(&yes, &r);
    print_message("\"yes please\" -> \"%s\" %.3f\n", r.text, r.confidence);
    assert_string_equal(r.text, "yes please");
    assert_false(r.rejected);
    decode(&other, &r);
    print_message("\"sing a song\" -> \"%s\" %.3f\n", r.text, r.confidence);
    assert_true(r.rejected);
    assert_true(r.confidence == 0.0);

    int st;
    asr_config_t cfg = asr_config_default(); /* threshold 0 */
    cfg.tts = fx.tts;
    asr_t *all = asr_open(&cfg, fx.g, &st);
    assert_non_null(all);
    grammar_t *g = use_confirm(all);
    assert_int_equal(asr_decode(all, other.samples, other.n_samples, &r), GRAMMAR_OK);
    print_message("threshold 0: \"sing a song\" -> \"%s\" %.3f\n", r.text, r.confidence);
    assert_true(r.text[0] != '\0');
    assert_true(r.confidence > ASR_REJECT_BELOW_REAL_SPEECH);
    assert_false(r.rejected);
    asr_close(all);
    grammar_free(g);
    audio_buf_free(&yes);
    audio_buf_free(&other);
    assert_int_equal(asr_use_grammar(fx.asr, ASR_TOP_GRAMMAR), GRAMMAR_OK);
}

typedef struct {
    const char *word, *intent; /* the word of the files; the intent that is right (NULL: none) */
    size_t n, accepted, right; /* files; accepted (a sentence, not rejected); of the intent */
} tally_t;

/* One file of the word, decoded in the grammar in use: right when it is accepted with the
 * intent (a non-command is never right). */
static void tally_file(const char *file, const audio_buf_t *pcm, void *ctx)
{
    tally_t *t = ctx;
    asr_result_t r;
    grammar_intent_t in;
    decode(pcm, &r);
    bool accepted = !r.rejected && grammar_parse(confirm_g, r.text, &in) == GRAMMAR_OK;
    t->n++;
    t->accepted += accepted;
    t->right += accepted && t->intent && strcmp(in.name, t->intent) == 0;
    if (accepted != (t->intent != NULL))
        print_message("  %s/%s -> \"%s\" %.3f%s\n", t->word, file, r.text, r.confidence,
                      r.rejected ? " rejected" : "");
}

/* Every WAV of words-dev/<word> into the tally t (intent as in tally_t). */
static void tally_word(const char *speech, const char *word, const char *intent, tally_t *t)
{
    t->word = word;
    t->intent = intent;
    words_dev_each(speech, word, tally_file, t);
}

/*
 * Real people (Speech Commands words-dev, 10 speakers a word) at the program's threshold in
 * confirm.gram: yes and no understood, and words that are no answer rejected, both the
 * auxiliary words (bed ... wow) and the command words that are no sentence there. Before the
 * <garbage> words (2026-11-24): yes/no 18/20, auxiliary words accepted 40/100, other command
 * words 60/160; with them 18/20, 3/100, 7/160 (docs/grammar.md). Skipped without the data.
 */
static void test_confirm_real_words(void **state)
{
    (void)state;
    const char *speech = words_dev_speech("marvin");
    if (!speech)
        skip();
    static const char *const aux[] = {"bed",   "bird",   "cat",    "dog",  "happy",
                                      "house", "marvin", "sheila", "tree", "wow"};
    static const char *const other[] = {"zero", "one",   "two",   "three", "four", "five",
                                        "six",  "seven", "eight", "nine",  "go",   "up",
                                        "down", "left",  "on",    "off"};
    tally_t yn = {0}, na = {0}, no = {0};
    fixture_confirm();
    tally_word(speech, "yes", "yes", &yn);
    tally_word(speech, "no", "no", &yn);
    for (size_t i = 0; i < sizeof aux / sizeof *aux; i++)
        tally_word(speech, aux[i], NULL, &na);
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        tally_word(speech, other[i], NULL, &no);
    assert_int_equal(asr_use_grammar(fx.asr, ASR_TOP_GRAMMAR), GRAMMAR_OK);
    print_message("confirm.gram: yes/no right %zu/%zu, auxiliary words accepted %zu/%zu, other "
                  "command words accepted %zu/%zu\n",
                  yn.right, yn.n, na.accepted, na.n, no.accepted, no.n);
    assert_true(yn.n >= 10 && na.n >= 50 && no.n >= 50);
    assert_true(yn.right * 100 >= yn.n * 90); /* 18 of 20 */
    assert_true(na.accepted * 100 <= na.n * 6);
    assert_true(no.accepted * 100 <= no.n * 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_command_beats_out_of_domain),
        cmocka_unit_test(test_hiss_is_rejected),
        cmocka_unit_test(test_word_confidence_lines_up),
        cmocka_unit_test(test_confidence_is_deterministic),
        cmocka_unit_test(test_confirm_garbage_rejects),
        cmocka_unit_test(test_confirm_real_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
