/* test_answer_timer.c - the answer timeout on a fake clock: no limit never fires; a warning
 * once, ten seconds (or half the limit) before the end, then expiry once; an answer stops it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "answer_timer.h"

static double fake_clock(void *user)
{
    return *(double *)user;
}

static void test_no_limit_never_fires(void **state)
{
    (void)state;
    double now = 0;
    answer_timer_t t;
    answer_timer_init(&t, 0, fake_clock, &now);
    answer_timer_start(&t);
    for (now = 0; now < 10000; now += 100)
        assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_NOTHING);
}

static void test_warn_then_expire_once(void **state)
{
    (void)state;
    double now = 100;
    answer_timer_t t;
    answer_timer_init(&t, 30, fake_clock, &now);
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_NOTHING); /* not started */
    answer_timer_start(&t);
    now = 119.9;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_NOTHING);
    now = 120; /* ten seconds left */
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_WARN);
    now = 125;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_NOTHING); /* warned once */
    now = 130;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_EXPIRED);
    now = 200;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_NOTHING); /* expired once */
}

static void test_short_limit_warns_at_half(void **state)
{
    (void)state;
    double now = 0;
    answer_timer_t t;
    answer_timer_init(&t, 8, fake_clock, &now);
    assert_true(answer_timer_warn_before(&t) == 4);
    answer_timer_start(&t);
    now = 3.9;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_NOTHING);
    now = 4;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_WARN);
    /* A poll late enough skips the warning: expiry comes without it. */
    answer_timer_start(&t);
    now = 20;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_EXPIRED);
}

static void test_answer_stops_and_restart(void **state)
{
    (void)state;
    double now = 0;
    answer_timer_t t;
    answer_timer_init(&t, 30, fake_clock, &now);
    answer_timer_start(&t);
    now = 25;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_WARN);
    answer_timer_stop(&t); /* answered */
    now = 100;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_NOTHING);
    answer_timer_start(&t); /* the next question: the whole time again, and a new warning */
    now = 119;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_NOTHING);
    now = 120;
    assert_int_equal(answer_timer_poll(&t), ANSWER_TIMER_WARN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_limit_never_fires),
        cmocka_unit_test(test_warn_then_expire_once),
        cmocka_unit_test(test_short_limit_warns_at_half),
        cmocka_unit_test(test_answer_stops_and_restart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
