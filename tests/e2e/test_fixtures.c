/*
 * test_fixtures.c - the spoken fixtures, through the real pipeline (eSpeak NG audio read as
 * WAV, PocketSphinx, grammar, catalog), must be understood - intent and every slot exactly
 * right. The foundation issue's target is 95% of its fixtures: the first 43 sentences of
 * utterances.tsv, 86 WAVs. With the full top grammar of the recognition issue (29 intents,
 * which hears more sentences and so confuses more) and the per-intent rescoring of
 * grammar/asr.c, on 2026-11-24: 82/86 of those (95.3%), 147/160 of all (91.9%; was 142 before
 * the rescoring). The floors below guard both against regressions (docs/BENCHMARKS.md).
 *
 * Environment: FIXTURES_DIR (with labels.tsv from make-fixtures.sh), SHOPSPEAK_GRAMMAR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "pipeline.h"

#define MIN_ACCURACY            0.91
#define MIN_FOUNDATION_ACCURACY 0.95
#define FOUNDATION_SENTENCES    43 /* fixtures 001-043 */

/* Each fixture is one utterance heard in the dialog state its intent belongs to, not the
 * state the fixture before it left (a reorder leaves a confirmation waiting): intents of the
 * PIN, choice and quantity grammars are heard with those, everything else with the top
 * grammar. The choice fixtures choose among these names. */
static const char *const CANDIDATES[] = {"oat milk", "almond milk", "whole milk"};

static const char *grammar_of(const char *intent)
{
    if (strcmp(intent, "pin") == 0)
        return "pin";
    if (strcmp(intent, "choose") == 0)
        return "choice";
    if (strcmp(intent, "quantity") == 0)
        return "quantity";
    return "top";
}

/* Two spoken names for the same catalog product ("oat milk" and "oatly oat milk") are the same
 * answer for the shopper: the product slot is compared by the product it names. */
static int same_product(catalog_t *cat, const char *a, const char *b)
{
    catalog_product_t pa, pb;
    return catalog_find_product(cat, a, &pa) == CATALOG_OK &&
           catalog_find_product(cat, b, &pb) == CATALOG_OK && pa.id == pb.id;
}

/* Does the intent carry exactly the slots "a=x;b=y" ("-" for none)? *words counts slots whose
 * words differ but name the same product. */
static int slots_match(catalog_t *cat, const grammar_intent_t *intent, const char *expected,
                       int *words_differ)
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
            if (got && strcmp(got, eq + 1) != 0 && strcmp(kv, "product") == 0 &&
                same_product(cat, got, eq + 1))
                (*words_differ)++;
            else if (!got || strcmp(got, eq + 1) != 0)
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

    /* A fresh sample catalog for every run: orders placed by an earlier run change stock. */
    char data_dir[] = "/tmp/shopspeak-fixtures-XXXXXX";
    assert_non_null(mkdtemp(data_dir));
    setenv("XDG_DATA_HOME", data_dir, 1);

    pipeline_config_t config = pipeline_config_default();
    config.reject_below = 0; /* eSpeak NG voices score under the real-speech threshold */
    config.grammar_path = getenv("SHOPSPEAK_GRAMMAR");
    config.need_speech = 0;
    int exit_code;
    pipeline_t *p = pipeline_open(&config, &exit_code, err, sizeof err);
    if (!p)
        fail_msg("pipeline_open: %s", err);

    catalog_t *cat =
        catalog_open(pipeline_catalog_path(p), CATALOG_OPEN_READONLY, &exit_code, NULL, 0);
    assert_non_null(cat);
    int total = 0, right = 0, exact = 0, base_total = 0, base_right = 0;
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
        assert_int_equal(pipeline_expect(p, grammar_of(intent), CANDIDATES, 3), 0);
        assert_int_equal(pipeline_turn_audio(p, file, pcm.samples, pcm.n_samples, &turn), 0);
        audio_buf_free(&pcm);
        total++;
        int foundation = atoi(file) <= FOUNDATION_SENTENCES;
        base_total += foundation;
        audio_s += turn.audio_seconds;
        decode_ms += turn.decode_ms;
        int words_differ = 0;
        if (turn.understood && strcmp(turn.intent.name, intent) == 0 &&
            slots_match(cat, &turn.intent, slots, &words_differ)) {
            right++;
            base_right += foundation;
            exact += words_differ == 0;
            if (words_differ)
                printf("SAME PRODUCT %s: said \"%s\", heard \"%s\"\n", file, sentence, turn.heard);
        } else
            printf("MISS %s: said \"%s\", heard \"%s\" -> %s\n", file, sentence, turn.heard,
                   turn.understood ? turn.intent.name : "(not understood)");
    }
    fclose(labels);
    catalog_close(cat);
    pipeline_close(p);
    snprintf(path, sizeof path, "rm -rf '%s'", data_dir);
    assert_int_equal(system(path), 0);

    printf("fixtures: %d/%d understood (%.1f%%; %d with the product's exact words), "
           "decode real-time factor %.4f\n",
           right, total, total ? 100.0 * right / total : 0.0, exact,
           audio_s > 0 ? decode_ms / 1000.0 / audio_s : 0);
    printf("foundation fixtures (sentences 1-%d): %d/%d understood (%.1f%%)\n",
           FOUNDATION_SENTENCES, base_right, base_total,
           base_total ? 100.0 * base_right / base_total : 0.0);
    assert_true(total >= 50);
    assert_true(base_total == 2 * FOUNDATION_SENTENCES); /* each sentence in two voices */
    assert_true(right >= MIN_ACCURACY * total);
    assert_true(base_right >= MIN_FOUNDATION_ACCURACY * base_total);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_accuracy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
