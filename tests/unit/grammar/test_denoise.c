/* test_denoise.c - noise suppression in front of the recognizer (grammar/denoise.c): only a
 * loud, steady background is taken out; a quiet room, clatter and short sounds are left as they
 * are; what is taken out is the noise, not the voice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "grammar_internal.h"
#include "synth.h"

/* The level of pcm[from_ms..to_ms) in dB (mean square). */
static double level_db(const int16_t *pcm, size_t from_ms, size_t to_ms)
{
    double sum = 0;
    for (size_t i = MS(from_ms); i < MS(to_ms); i++)
        sum += (double)pcm[i] * pcm[i];
    return 10 * log10(1 + sum / (double)(MS(to_ms) - MS(from_ms)));
}

/* 3 s of white noise of peak amplitude amp with a voice at 8000 from 1 s to 2 s. */
static int16_t *voice_in_noise(int amp)
{
    int16_t *pcm = noise(3000, amp);
    add_voice(pcm, 1000, 2000, 8000);
    return pcm;
}

static void test_a_quiet_room_is_left_alone(void **state)
{
    (void)state;
    int16_t *pcm = voice_in_noise(20);
    assert_false(grammar__steady_background(pcm, MS(3000)));
    free(pcm);
}

static void test_a_loud_steady_noise_is_taken_out(void **state)
{
    (void)state;
    /* Hiss about 20 dB under the voice: the kind of noise -remove_noise hardly touches. */
    int16_t *pcm = voice_in_noise(1500);
    assert_true(grammar__steady_background(pcm, MS(3000)));
    int16_t *out = grammar__denoised(pcm, MS(3000));
    assert_non_null(out);
    /* Where there is only noise it falls by 10 dB or more; the voice keeps its level. */
    assert_true(level_db(out, 300, 900) < level_db(pcm, 300, 900) - 10);
    assert_true(fabs(level_db(out, 1200, 1800) - level_db(pcm, 1200, 1800)) < 3);
    /* The same every time: a recording decodes the same however often it is decoded. */
    int16_t *again = grammar__denoised(pcm, MS(3000));
    assert_non_null(again);
    assert_memory_equal(out, again, MS(3000) * sizeof *out);
    free(again);
    free(out);
    free(pcm);
}

static void test_clatter_is_left_alone(void **state)
{
    (void)state;
    /* As loud on average as the hiss above, but in bursts: the suppressor cannot learn it, and
     * the musical noise it leaves cost more orders than it saved (kitchen noise). */
    int16_t *pcm = noise(3000, 300);
    int16_t *bursts = noise(3000, 3000);
    for (size_t ms = 0; ms < 3000; ms += 50)
        if ((ms / 50) % 3 == 0)
            memcpy(pcm + MS(ms), bursts + MS(ms), MS(50) * sizeof *pcm);
    add_voice(pcm, 1000, 2000, 8000);
    assert_false(grammar__steady_background(pcm, MS(3000)));
    free(bursts);
    free(pcm);
}

static void test_short_or_silent_sounds_are_left_alone(void **state)
{
    (void)state;
    int16_t *pcm = noise(3000, 1500);
    /* Under 300 ms there is too little quiet to judge by. */
    assert_false(grammar__steady_background(pcm, MS(250)));
    assert_false(grammar__steady_background(pcm, 0));
    /* Digital silence around a voice (synthesised speech) is no noise to take out. */
    memset(pcm, 0, MS(3000) * sizeof *pcm);
    add_voice(pcm, 1000, 2000, 8000);
    assert_false(grammar__steady_background(pcm, MS(3000)));
    free(pcm);
}

static void test_a_length_that_is_no_whole_frame(void **state)
{
    (void)state;
    /* The last part-frame is cleaned with the rest; nothing is read or written past n. */
    size_t n = MS(3000) - 37;
    int16_t *pcm = voice_in_noise(1500);
    int16_t *out = grammar__denoised(pcm, n);
    assert_non_null(out);
    assert_true(level_db(out, 300, 900) < level_db(pcm, 300, 900) - 10);
    free(out);
    free(pcm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_quiet_room_is_left_alone),
        cmocka_unit_test(test_a_loud_steady_noise_is_taken_out),
        cmocka_unit_test(test_clatter_is_left_alone),
        cmocka_unit_test(test_short_or_silent_sounds_are_left_alone),
        cmocka_unit_test(test_a_length_that_is_no_whole_frame),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
