/* test_span.c - the stretch of an utterance the recognizer decodes (grammar__speech_span()):
 * noise or talk before and after the command is left out, with a margin, and so is talk as loud
 * as the command after a long pause; quiet around it, soft words near it, pauses inside it,
 * clatter beside it and commands that fill the recording are kept. */
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

static void span_ms(const int16_t *pcm, size_t ms, size_t *from_ms, size_t *to_ms)
{
    size_t start, len;
    grammar__speech_span(pcm, MS(ms), &start, &len);
    assert_true(start + len <= MS(ms));
    *from_ms = start * 1000 / RATE;
    *to_ms = (start + len) * 1000 / RATE;
}

/* The whole of pcm[0..n) is decoded. */
static void assert_kept_whole(const int16_t *pcm, size_t n)
{
    size_t start, len;
    grammar__speech_span(pcm, n, &start, &len);
    assert_int_equal(start, 0);
    assert_int_equal(len, n);
}

static void test_quiet_around_the_command_is_kept(void **state)
{
    (void)state;
    /* A quiet room around it is harmless, and batch CMN wants some of it. */
    int16_t *pcm = noise(3000, 20);
    add_voice(pcm, 1000, 2000, 8000);
    assert_kept_whole(pcm, MS(3000));
    free(pcm);
}

static void test_noise_around_the_command_is_left_out(void **state)
{
    (void)state;
    /* A steady hum 20 dB under the command: 250 ms of it kept on each side, to a frame or two
     * (the level around a frame is of 50 ms: 20 ms of the command reach out from its edges). */
    int16_t *pcm = noise(3000, 800);
    add_voice(pcm, 1000, 2000, 8000);
    size_t from, to;
    span_ms(pcm, 3000, &from, &to);
    assert_in_range(from, 720, 760);
    assert_in_range(to, 2240, 2280);
    free(pcm);
}

static void test_talk_after_the_command_is_left_out(void **state)
{
    (void)state;
    /* Background voices 20 dB under the command, before and after it, as a cafe gives. */
    int16_t *pcm = noise(4000, 20);
    add_voice(pcm, 0, 4000, 800);
    add_voice(pcm, 500, 1800, 8000);
    size_t from, to;
    span_ms(pcm, 4000, &from, &to);
    assert_in_range(from, 220, 260);
    assert_in_range(to, 2040, 2080);
    free(pcm);
}

static void test_a_soft_last_word_is_kept(void **state)
{
    (void)state;
    /* "... with milk": the last word 8 dB softer than the rest and half a second long. */
    int16_t *pcm = noise(3000, 20);
    add_voice(pcm, 500, 1500, 8000);
    add_voice(pcm, 1500, 2000, 3200);
    size_t from, to;
    span_ms(pcm, 3000, &from, &to);
    assert_true(from <= 500);
    assert_true(to >= 2000);
    free(pcm);
}

static void test_a_recording_that_is_all_command_is_kept_whole(void **state)
{
    (void)state;
    int16_t *pcm = noise(1500, 20);
    add_voice(pcm, 0, 1500, 8000);
    assert_kept_whole(pcm, MS(1500));
    free(pcm);
}

static void test_short_and_silent_recordings_are_kept_whole(void **state)
{
    (void)state;
    int16_t *pcm = noise(200, 20);
    add_voice(pcm, 100, 150, 8000);
    assert_kept_whole(pcm, MS(200)); /* under SPAN_MIN_FRAMES */
    int16_t zeros[MS(1000) + 77] = {0};
    assert_kept_whole(zeros, MS(1000));      /* nothing stands out */
    assert_kept_whole(zeros, MS(1000) + 77); /* a partial last frame too */
    free(pcm);
}

static void test_a_bang_louder_than_the_command_does_not_replace_it(void **state)
{
    (void)state;
    /* A cup set down (100 ms, 20 dB over the voice) before a 1 s command in a room 17 dB under
     * it: the level comes from 150 ms of frames or more, so the bang cannot leave the words
     * under it. */
    int16_t *pcm = noise(3000, 300);
    for (size_t i = MS(300); i < MS(400); i++)
        pcm[i] = (int16_t)((i & 1) ? 30000 : -30000);
    add_voice(pcm, 1500, 2500, 3000);
    size_t from, to;
    span_ms(pcm, 3000, &from, &to);
    assert_true(from <= 1500);
    assert_true(to >= 2500);
    free(pcm);
}

static void test_talk_with_gaps_is_not_quiet(void **state)
{
    (void)state;
    /* Talk 15 dB under the command, every other 100 ms, before it: its power, not its mean dB
     * over the silent gaps, decides that this side is not quiet, so it is left out. */
    int16_t *pcm = noise(3500, 0);
    for (size_t ms = 0; ms < 1500; ms += 200)
        add_voice(pcm, ms, ms + 100, 1400);
    add_voice(pcm, 2000, 3000, 8000);
    size_t from, to;
    span_ms(pcm, 3500, &from, &to);
    assert_in_range(from, 1720, 1760);
    free(pcm);
}

static void test_single_loud_frames_of_talk_are_left_out(void **state)
{
    (void)state;
    /* Talk under the command whose loudest moments, 10 ms each, come within 6 dB of the
     * command, every 300 ms before and after it (other people's syllables): not the command,
     * so the stretch still starts 250 ms before it and ends 250 ms after it. */
    int16_t *pcm = noise(4500, 0);
    add_voice(pcm, 0, 4500, 400);
    for (size_t ms = 100; ms < 4500; ms += 300)
        if (ms < 1400 || ms > 2700)
            add_voice(pcm, ms, ms + 10, 4000);
    add_voice(pcm, 1500, 2500, 8000);
    size_t from, to;
    span_ms(pcm, 4500, &from, &to);
    assert_in_range(from, 1220, 1260);
    assert_in_range(to, 2740, 2780);
    free(pcm);
}

static void test_talk_after_a_pause_is_left_out(void **state)
{
    (void)state;
    /* Someone else speaks 6 dB under the command, within the 10 dB, after 1.5 s of quiet: a
     * pause longer than a command keeps (the endpointer ends one after 0.6 s), so that talk is
     * another stretch, and the command's has more power. */
    int16_t *pcm = noise(5000, 20);
    add_voice(pcm, 500, 1800, 8000);
    add_voice(pcm, 3300, 4300, 4000);
    size_t from, to;
    span_ms(pcm, 5000, &from, &to);
    assert_true(from <= 500);
    assert_in_range(to, 2040, 2080);
    free(pcm);
}

static void test_the_command_is_the_stretch_with_most_power(void **state)
{
    (void)state;
    /* The same talk before the command instead: the stretch starts 250 ms before the command. */
    int16_t *pcm = noise(5000, 20);
    add_voice(pcm, 300, 1300, 4000);
    add_voice(pcm, 2800, 4100, 8000);
    size_t from, to;
    span_ms(pcm, 5000, &from, &to);
    assert_in_range(from, 2520, 2560);
    assert_true(to >= 4100);
    free(pcm);
}

static void test_clatter_after_a_pause_is_kept(void **state)
{
    (void)state;
    /* A pan set down 1.5 s after the command, as loud as it: no voice in it, so the stretch
     * grows over it (kitchen noise decoded better so), where talk would have been left out. */
    int16_t *pcm = noise(5000, 20);
    add_voice(pcm, 500, 1800, 8000);
    add_clatter(pcm, 3300, 3600, 6000);
    size_t from, to;
    span_ms(pcm, 5000, &from, &to);
    assert_true(from <= 500);
    assert_true(to >= 3600);
    free(pcm);
    /* A pan 7 dB louder than the command: the command is the stretch with the most voice, so
     * it is still decoded, the pan with it. */
    pcm = noise(5000, 20);
    add_voice(pcm, 500, 1800, 8000);
    add_clatter(pcm, 3300, 3600, 14000);
    span_ms(pcm, 5000, &from, &to);
    assert_true(from <= 500);
    assert_true(to >= 3600);
    free(pcm);
}

static void test_a_pause_inside_the_command_is_kept(void **state)
{
    (void)state;
    /* "a latte ... with oat milk": 0.8 s between its parts, the second softer, all of it. */
    int16_t *pcm = noise(4000, 800);
    add_voice(pcm, 500, 1500, 8000);
    add_voice(pcm, 2300, 3000, 4000);
    size_t from, to;
    span_ms(pcm, 4000, &from, &to);
    assert_in_range(from, 220, 260);
    assert_in_range(to, 3240, 3280);
    free(pcm);
}

static void test_span_edges_at_frame_limits(void **state)
{
    (void)state;
    size_t start, len;
    /* 29 whole frames is under SPAN_MIN_FRAMES: all of it, whatever is in it. */
    int16_t *pcm = noise(3000, 800);
    add_voice(pcm, 100, 200, 8000);
    assert_kept_whole(pcm, 29 * SPAN_FRAME);
    /* 30 frames: looked at, and the stretch stays inside. */
    grammar__speech_span(pcm, 30 * SPAN_FRAME, &start, &len);
    assert_true(start + len <= 30 * SPAN_FRAME && len > 0);
    free(pcm);
    /* A command running to the end of a recording with a partial last frame: the span starts
     * on a frame and ends at the last sample; one ending before it ends on a frame. */
    size_t n = MS(3000) - 83;
    pcm = noise(3000, 800);
    add_voice(pcm, 1000, 3000, 8000);
    grammar__speech_span(pcm, n, &start, &len);
    assert_int_equal(start % SPAN_FRAME, 0);
    assert_in_range(start, MS(720), MS(760));
    assert_int_equal(start + len, n);
    free(pcm);
    pcm = noise(3000, 800);
    add_voice(pcm, 1000, 2000, 8000);
    grammar__speech_span(pcm, n, &start, &len);
    assert_int_equal(start % SPAN_FRAME, 0);
    assert_int_equal(len % SPAN_FRAME, 0);
    assert_true(start + len < n);
    free(pcm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_around_the_command_is_kept),
        cmocka_unit_test(test_noise_around_the_command_is_left_out),
        cmocka_unit_test(test_talk_after_the_command_is_left_out),
        cmocka_unit_test(test_a_soft_last_word_is_kept),
        cmocka_unit_test(test_a_recording_that_is_all_command_is_kept_whole),
        cmocka_unit_test(test_short_and_silent_recordings_are_kept_whole),
        cmocka_unit_test(test_a_bang_louder_than_the_command_does_not_replace_it),
        cmocka_unit_test(test_talk_with_gaps_is_not_quiet),
        cmocka_unit_test(test_single_loud_frames_of_talk_are_left_out),
        cmocka_unit_test(test_talk_after_a_pause_is_left_out),
        cmocka_unit_test(test_the_command_is_the_stretch_with_most_power),
        cmocka_unit_test(test_clatter_after_a_pause_is_kept),
        cmocka_unit_test(test_a_pause_inside_the_command_is_kept),
        cmocka_unit_test(test_span_edges_at_frame_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
