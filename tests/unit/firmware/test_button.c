/* test_button.c - the GPIO push-to-talk button without a GPIO chip (none in CI: no gpio-sim):
 * debouncing of edge timestamps, and that a chip or line that cannot be opened gives one line
 * that names it. With a gpio-sim chip the press path could be driven too; not done here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "button.h"

static void presses_are_debounced(void **state)
{
    (void)state;
    long long last = 0;
    const long long ms = 1000000;
    assert_int_equal(button__debounce(&last, 5 * ms), 1); /* the first edge is a press */
    assert_int_equal(last, 5 * ms);
    assert_int_equal(button__debounce(&last, 6 * ms), 0);  /* bounce 1 ms later */
    assert_int_equal(button__debounce(&last, 54 * ms), 0); /* 49 ms: still bounce */
    assert_int_equal(last, 5 * ms);                        /* bounce does not move it */
    assert_int_equal(button__debounce(&last, 55 * ms), 1); /* 50 ms: a new press */
    assert_int_equal(button__debounce(&last, 900 * ms), 1);
    assert_int_equal(last, 900 * ms);
}

static void open_failure_is_one_line_naming_the_chip(void **state)
{
    (void)state;
    const char *chips[] = {"gpiochip-shopspeak-none", "/dev/null", "/nonexistent/gpiochip9"};
    for (size_t i = 0; i < sizeof chips / sizeof *chips; i++) {
        char err[512] = "";
        button_t *b = button_open(chips[i], 17, err, sizeof err);
        assert_null(b);
        assert_true(err[0] != '\0');
        assert_null(strchr(err, '\n'));
        if (button_available())
            assert_non_null(strstr(err, chips[i]));
        else
            assert_non_null(strstr(err, "without libgpiod"));
    }
    button_close(NULL); /* a no-op */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(presses_are_debounced),
        cmocka_unit_test(open_failure_is_one_line_naming_the_chip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
