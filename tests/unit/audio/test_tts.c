/* test_tts.c - eSpeak NG synthesis into memory, phonemes for brand names, the single-open guard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "audio.h"
#include "test_util.h"

#include <string.h>

static void test_speak(void **state)
{
    int st = -1;
    audio_tts_t *tts = audio_tts_open(NULL, &st);
    if (!tts)
        fail_msg("open: %s", audio_error_detail());
    assert_int_equal(st, AUDIO_OK);
    assert_int_equal(audio_tts_rate(tts), 22050);

    audio_buf_t shortb, longb;
    assert_int_equal(audio_tts_speak(tts, "yes", &shortb), AUDIO_OK);
    assert_int_equal(
        audio_tts_speak(tts, "Two bags of Lavazza coffee and one carton of oat milk.", &longb),
        AUDIO_OK);
    assert_int_equal(longb.sample_rate, 22050);
    /* ~11 syllables at 175 words per minute: between 2 and 6 seconds, and it is not silence. */
    double secs = audio_buf_seconds(&longb);
    if (secs < 2.0 || secs > 6.0)
        fail_msg("synthesised %.2f s", secs);
    assert_true(tu_rms(longb.samples, longb.n_samples) > 1000);
    assert_true(audio_buf_seconds(&shortb) < secs / 3);
    assert_true(audio_buf_seconds(&shortb) > 0.1);
    audio_buf_free(&shortb);
    audio_buf_free(&longb);

    /* A second handle would share eSpeak's global state: refused, with a reason. */
    int st2 = 0;
    assert_null(audio_tts_open(NULL, &st2));
    assert_int_equal(st2, AUDIO_ETTS);
    assert_non_null(strstr(audio_error_detail(), "already open"));
    audio_tts_close(tts);
    audio_tts_close(NULL);
}

/* Rate and volume change the output; a reopened handle starts from its own settings. */
static void test_rate_and_reopen(void **state)
{
    const char *text = "Your order of three items will arrive on Tuesday.";
    audio_tts_config_t cfg = audio_tts_config_default();
    int st;
    double normal, fast;
    audio_buf_t b;

    audio_tts_t *tts = audio_tts_open(&cfg, &st);
    assert_non_null(tts);
    assert_int_equal(audio_tts_speak(tts, text, &b), AUDIO_OK);
    normal = audio_buf_seconds(&b);
    audio_buf_free(&b);
    audio_tts_close(tts);

    cfg.words_per_minute = 350;
    tts = audio_tts_open(&cfg, &st);
    assert_non_null(tts);
    assert_int_equal(audio_tts_speak(tts, text, &b), AUDIO_OK);
    fast = audio_buf_seconds(&b);
    audio_buf_free(&b);
    audio_tts_close(tts);
    if (!(fast < normal * 0.7))
        fail_msg("350 wpm gave %.2f s, default %.2f s", fast, normal);

    tts = audio_tts_open(NULL, &st); /* back to the default rate */
    assert_non_null(tts);
    assert_int_equal(audio_tts_speak(tts, text, &b), AUDIO_OK);
    assert_true(fabs(audio_buf_seconds(&b) - normal) < 0.05 * normal);
    audio_buf_free(&b);
    audio_tts_close(tts);
}

/* A line in another voice (the demo's shopper): the handle's own rate comes back after it. */
static void test_speak_as(void **state)
{
    const char *text = "Your order of three items will arrive on Tuesday.";
    audio_tts_config_t slow = audio_tts_config_default(), other = audio_tts_config_default();
    int st;
    audio_buf_t b;
    slow.words_per_minute = 115;

    audio_tts_t *tts = audio_tts_open(&slow, &st);
    assert_non_null(tts);
    assert_int_equal(audio_tts_speak(tts, text, &b), AUDIO_OK);
    double own = audio_buf_seconds(&b);
    audio_buf_free(&b);

    assert_int_equal(audio_tts_speak_as(tts, &other, text, &b), AUDIO_OK);
    double as_default = audio_buf_seconds(&b);
    audio_buf_free(&b);
    if (!(as_default < own * 0.8))
        fail_msg("at eSpeak's rate %.2f s, at 115 wpm %.2f s", as_default, own);

    assert_int_equal(audio_tts_speak(tts, text, &b), AUDIO_OK);
    assert_true(fabs(audio_buf_seconds(&b) - own) < 0.05 * own);
    audio_buf_free(&b);

    other.words_per_minute = 5; /* refused; the handle keeps working in its own voice */
    assert_int_equal(audio_tts_speak_as(tts, &other, text, &b), AUDIO_EINVAL);
    assert_null(b.samples);
    assert_int_equal(audio_tts_speak_as(tts, NULL, text, &b), AUDIO_EINVAL);
    assert_int_equal(audio_tts_speak(tts, text, &b), AUDIO_OK);
    assert_true(fabs(audio_buf_seconds(&b) - own) < 0.05 * own);
    audio_buf_free(&b);
    audio_tts_close(tts);
}

static void test_bad_config(void **state)
{
    audio_tts_config_t cfg = audio_tts_config_default();
    int st;
    cfg.voice = "no-such-voice-xx";
    assert_null(audio_tts_open(&cfg, &st));
    assert_int_equal(st, AUDIO_ETTS);
    assert_non_null(strstr(audio_error_detail(), "no-such-voice-xx"));
    cfg = audio_tts_config_default();
    cfg.words_per_minute = 5;
    assert_null(audio_tts_open(&cfg, &st));
    assert_int_equal(st, AUDIO_EINVAL);
    cfg = audio_tts_config_default();
    cfg.volume = 500;
    assert_null(audio_tts_open(&cfg, &st));
    assert_int_equal(st, AUDIO_EINVAL);
    /* Failed opens released the guard. */
    audio_tts_t *tts = audio_tts_open(NULL, &st);
    assert_non_null(tts);
    audio_tts_close(tts);
}

static void test_phonemes(void **state)
{
    int st;
    audio_tts_t *tts = audio_tts_open(NULL, &st);
    assert_non_null(tts);
    char ph[128];
    struct {
        const char *word, *want;
    } cases[] = {
        {"lavazza", "l'avaz@"},
        {"oatly", "'oUtli"},
        {"barilla", "bA@r'Il@"},
        {"kelloggs", "k'El0gz"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(audio_tts_phonemes(tts, cases[i].word, ph, sizeof ph), AUDIO_OK);
        if (strcmp(ph, cases[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", cases[i].word, ph, cases[i].want);
    }
    /* Several words and clause punctuation: every part comes back. */
    assert_int_equal(audio_tts_phonemes(tts, "coca-cola, please", ph, sizeof ph), AUDIO_OK);
    assert_non_null(strstr(ph, "k'oUk@k'oUl@"));
    assert_non_null(strstr(ph, "pl'i:z"));
    /* Too small a buffer fails cleanly and leaves an empty string. */
    assert_int_equal(audio_tts_phonemes(tts, "lavazza", ph, 4), AUDIO_EINVAL);
    assert_string_equal(ph, "");
    assert_int_equal(audio_tts_phonemes(tts, "", ph, sizeof ph), AUDIO_ETTS);
    audio_tts_close(tts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_speak),    cmocka_unit_test(test_rate_and_reopen),
        cmocka_unit_test(test_speak_as), cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_phonemes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
