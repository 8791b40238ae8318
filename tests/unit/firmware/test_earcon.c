/* test_earcon.c - the earcons: the expected length, not silent, never clipping, starting and
 * ending near silence (the fades), each different from the others; bad arguments refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "earcon.h"

static int16_t bufs[EARCON_COUNT][EARCON_MAX_SAMPLES];

static void test_length_level_and_fades(void **state)
{
    (void)state;
    const size_t want_ms[EARCON_COUNT] = {200, 120, 300, 200};
    for (int rate = 8000; rate <= 48000; rate += 8000) {
        for (int e = 0; e < EARCON_COUNT; e++) {
            size_t n = earcon_render((earcon_t)e, rate, bufs[e], EARCON_MAX_SAMPLES);
            assert_int_equal(n, want_ms[e] * (size_t)rate / 1000);
            assert_int_equal(n, earcon_length((earcon_t)e, rate));
            int peak = 0;
            double energy = 0;
            for (size_t i = 0; i < n; i++) {
                int v = abs(bufs[e][i]);
                peak = v > peak ? v : peak;
                energy += (double)bufs[e][i] * bufs[e][i];
            }
            assert_true(peak > 8000);                /* not silent: about a third of full scale */
            assert_true(peak < 32767 * 0.9);         /* far from clipping */
            assert_true(energy / (double)n > 1e6);   /* loud all along, not a click */
            assert_true(abs(bufs[e][0]) < 100);      /* faded in */
            assert_true(abs(bufs[e][n - 1]) < 1000); /* faded out */
        }
    }
}

/* Zero crossings in n samples from buf: twice the pitch times the duration. */
static int crossings(const int16_t *buf, size_t n)
{
    int z = 0;
    for (size_t i = 1; i < n; i++)
        z += (buf[i - 1] < 0) != (buf[i] < 0);
    return z;
}

static void test_each_differs(void **state)
{
    (void)state;
    size_t n[EARCON_COUNT];
    for (int e = 0; e < EARCON_COUNT; e++)
        n[e] = earcon_render((earcon_t)e, 16000, bufs[e], EARCON_MAX_SAMPLES);
    for (int a = 0; a < EARCON_COUNT; a++)
        for (int b = a + 1; b < EARCON_COUNT; b++) {
            size_t common = n[a] < n[b] ? n[a] : n[b];
            assert_true(n[a] != n[b] || memcmp(bufs[a], bufs[b], common * sizeof bufs[a][0]) != 0);
            /* Their first notes differ in pitch: zero crossings in the first 50 ms. */
            assert_true(abs(crossings(bufs[a], 800) - crossings(bufs[b], 800)) > 10);
        }
}

/* "Listening" rises; "not understood" and "stopped listening" fall (first and last 50 ms). */
static void test_direction(void **state)
{
    (void)state;
    const int rises[EARCON_COUNT] = {
        [EARCON_LISTENING] = 1, [EARCON_NOT_UNDERSTOOD] = -1, [EARCON_STOPPED] = -1};
    for (int e = 0; e < EARCON_COUNT; e++) {
        size_t n = earcon_render((earcon_t)e, 16000, bufs[e], EARCON_MAX_SAMPLES);
        int first = crossings(bufs[e], 800), last = crossings(bufs[e] + n - 800, 800);
        if (rises[e] > 0)
            assert_true(last > first + 5);
        else if (rises[e] < 0)
            assert_true(first > last + 5);
    }
}

static void test_bad_arguments(void **state)
{
    (void)state;
    int16_t small[10];
    assert_int_equal(earcon_length(EARCON_COUNT, 16000), 0);
    assert_int_equal(earcon_length(EARCON_LISTENING, 1000), 0);
    assert_int_equal(earcon_render(EARCON_LISTENING, 16000, small, 10), 0);
    assert_int_equal(earcon_render(EARCON_LISTENING, 16000, NULL, EARCON_MAX_SAMPLES), 0);
    /* The longest at the highest rate fits the documented buffer. */
    for (int e = 0; e < EARCON_COUNT; e++)
        assert_true(earcon_length((earcon_t)e, 48000) <= EARCON_MAX_SAMPLES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_level_and_fades),
        cmocka_unit_test(test_each_differs),
        cmocka_unit_test(test_direction),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
