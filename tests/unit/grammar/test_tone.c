/* test_tone.c - a beep is told from speech before decoding (grammar__is_tone()): timer beeps,
 * sweeps and beeps in kitchen-like noise are tones; noise, silence, a click, a voice-like buzz
 * and every word of real speakers (words-dev, when present) are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "grammar_internal.h"
#include "synth.h"
#include "words_dev.h"

static grammar__tone_t *tone;

static int setup(void **state)
{
    (void)state;
    tone = grammar__tone_open();
    return tone ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    grammar__tone_close(tone);
    return 0;
}

/* A sine from hz0 to hz1 (a sweep when they differ) of amplitude amp, from ms `from` to `to`,
 * over what is already there. */
static void add_sine(int16_t *pcm, size_t from, size_t to, double hz0, double hz1, double amp)
{
    double phase = 0;
    for (size_t i = MS(from); i < MS(to); i++) {
        double hz = hz0 + (hz1 - hz0) * (double)(i - MS(from)) / (double)(MS(to) - MS(from));
        phase += 2 * M_PI * hz / RATE;
        pcm[i] = clip16(pcm[i] + amp * sin(phase));
    }
}

/* Whether ms of noise (peak noise_amp) with one sine of amplitude 8000 from hz0 to hz1, between
 * ms `from` and `to`, is a tone. */
static bool sine_in_noise_is_tone(size_t ms, int noise_amp, size_t from, size_t to, double hz0,
                                  double hz1)
{
    int16_t *pcm = noise(ms, noise_amp);
    add_sine(pcm, from, to, hz0, hz1, 8000);
    bool is = grammar__is_tone(tone, pcm, MS(ms));
    free(pcm);
    return is;
}

static void test_beeps_are_tones(void **state)
{
    (void)state;
    /* A timer: three 300 ms beeps at 2.5 kHz in a quiet room. */
    int16_t *pcm = noise(1600, 20);
    for (size_t b = 0; b < 3; b++)
        add_sine(pcm, 100 + 500 * b, 400 + 500 * b, 2500, 2500, 8000);
    assert_true(grammar__is_tone(tone, pcm, MS(1600)));
    free(pcm);
    /* A low beep, and a sweep from 400 Hz to 3 kHz. */
    assert_true(sine_in_noise_is_tone(1500, 20, 200, 1200, 600, 600));
    assert_true(sine_in_noise_is_tone(1500, 20, 0, 1500, 400, 3000));
}

static void test_a_beep_in_noise_is_a_tone(void **state)
{
    (void)state;
    /* White noise 20 dB under the beep's peak, all the time. */
    assert_true(sine_in_noise_is_tone(1500, 800, 300, 1300, 3000, 3000));
}

static void test_noise_silence_and_voices_are_not(void **state)
{
    (void)state;
    int16_t *pcm = noise(1500, 3000);
    assert_false(grammar__is_tone(tone, pcm, MS(1500)));
    free(pcm);
    pcm = calloc(MS(1500), sizeof *pcm); /* digital silence: nothing loud at all */
    assert_non_null(pcm);
    assert_false(grammar__is_tone(tone, pcm, MS(1500)));
    /* A 50 ms beep is too short to judge: decoded as before. */
    add_sine(pcm, 500, 550, 1000, 1000, 8000);
    assert_false(grammar__is_tone(tone, pcm, MS(1500)));
    free(pcm);
    /* A buzz with harmonics, as a held vowel has: 150 Hz and its overtones. */
    pcm = noise(1500, 20);
    for (int h = 1; h <= 6; h++)
        add_sine(pcm, 200, 1300, 150.0 * h, 150.0 * h, 4000.0 / h);
    assert_false(grammar__is_tone(tone, pcm, MS(1500)));
    free(pcm);
    assert_false(grammar__is_tone(NULL, NULL, 0));
}

static void count_tones(const char *file, const audio_buf_t *pcm, void *ctx)
{
    int *n = ctx;
    if (grammar__is_tone(tone, pcm->samples, pcm->n_samples)) {
        print_message("  heard as a tone: %s\n", file);
        n[1]++;
    }
    n[0]++;
}

/* Real people saying words (Speech Commands, all 30 words of 10 speakers): not one is a tone. */
static void test_real_speech_is_not(void **state)
{
    (void)state;
    static const char *const words[] = {
        "yes",  "no",   "up",  "down",  "left",  "right", "on",     "off",    "stop",  "go",
        "zero", "one",  "two", "three", "four",  "five",  "six",    "seven",  "eight", "nine",
        "bed",  "bird", "cat", "dog",   "happy", "house", "marvin", "sheila", "tree",  "wow"};
    const char *speech = words_dev_speech("yes");
    if (!speech)
        skip();
    int n[2] = {0, 0};
    for (size_t w = 0; w < sizeof words / sizeof *words; w++)
        words_dev_each(speech, words[w], count_tones, n);
    print_message("  %d recordings, %d heard as tones\n", n[0], n[1]);
    assert_true(n[0] >= 250);
    assert_int_equal(n[1], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beeps_are_tones),
        cmocka_unit_test(test_a_beep_in_noise_is_a_tone),
        cmocka_unit_test(test_noise_silence_and_voices_are_not),
        cmocka_unit_test(test_real_speech_is_not),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
