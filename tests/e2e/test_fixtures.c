/*
 * test_fixtures.c - the spoken fixtures, through the real pipeline (eSpeak NG audio read as
 * WAV, PocketSphinx, grammar, catalog), must be understood - intent and every slot exactly
 * right - in at least 95% of cases.
 *
 * Environment: FIXTURES_DIR (with labels.tsv from make-fixtures.sh), SHOPSPEAK_GRAMMAR,
 * XDG_DATA_HOME (a fresh folder: the sample catalog is created there).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

#define MIN_ACCURACY 0.95

/* Does the intent carry exactly the slots "a=x;b=y" ("-" for none)? */
static int slots_match(const grammar_intent_t *intent, const char *expected)
{
    char copy[512], *save = NULL;
    size_t n = 0;
    if (strcmp(expected, "-") != 0) {
        snprintf(copy, sizeof copy, "%s", expected);
        for (char *kv = strtok_r(copy, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
            char *eq = strchr(kv, '=');
            if (!eq)
                return 0;
            *eq = '\0';
            const char *got = grammar_intent_slot(intent, kv);
            if (!got || strcmp(got, eq + 1) != 0)
                return 0;
            n++;
        }
    }
    return n == intent->n_slots;
}

static void test_fixture_accuracy(void **state)
{
    (void)state;
    const char *dir = getenv("FIXTURES_DIR");
    assert_non_null(dir);
    char path[1024], line[2048], err[1024];
    snprintf(path, sizeof path, "%s/labels.tsv", dir);
    FILE *labels = fopen(path, "r");
    assert_non_null(labels);

    pipeline_config_t config = pipeline_config_default();
    config.grammar_path = getenv("SHOPSPEAK_GRAMMAR");
    config.need_speech = 0;
    int exit_code;
    pipeline_t *p = pipeline_open(&config, &exit_code, err, sizeof err);
    if (!p)
        fail_msg("pipeline_open: %s", err);

    int total = 0, right = 0;
    double audio_s = 0, decode_ms = 0;
    while (fgets(line, sizeof line, labels)) {
        line[strcspn(line, "\n")] = '\0';
        char *save = NULL;
        char *file = strtok_r(line, "\t", &save);
        char *intent = strtok_r(NULL, "\t", &save);
        char *slots = strtok_r(NULL, "\t", &save);
        char *sentence = strtok_r(NULL, "\t", &save);
        assert_non_null(sentence);

        audio_buf_t pcm = {0};
        pipeline_turn_t turn;
        snprintf(path, sizeof path, "%s/%s", dir, file);
        assert_int_equal(audio_read_wav(path, AUDIO_ASR_RATE, 30, &pcm), AUDIO_OK);
        assert_int_equal(pipeline_turn_audio(p, file, pcm.samples, pcm.n_samples, &turn), 0);
        audio_buf_free(&pcm);
        total++;
        audio_s += turn.audio_seconds;
        decode_ms += turn.decode_ms;
        if (turn.understood && strcmp(turn.intent.name, intent) == 0 &&
            slots_match(&turn.intent, slots))
            right++;
        else
            printf("MISS %s: said \"%s\", heard \"%s\" -> %s\n", file, sentence, turn.heard,
                   turn.understood ? turn.intent.name : "(not understood)");
    }
    fclose(labels);
    pipeline_close(p);

    printf("fixtures: %d/%d understood (%.1f%%), decode real-time factor %.4f\n", right, total,
           total ? 100.0 * right / total : 0.0, audio_s > 0 ? decode_ms / 1000.0 / audio_s : 0);
    assert_true(total >= 50);
    assert_true(right >= MIN_ACCURACY * total);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_accuracy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
