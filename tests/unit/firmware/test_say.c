/* test_say.c - numbers, prices and quantities come out as the words a person would say. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "say.h"

static void test_numbers(void **state)
{
    char b[128];
    (void)state;
    assert_string_equal(say_number(0, b, sizeof b), "zero");
    assert_string_equal(say_number(7, b, sizeof b), "seven");
    assert_string_equal(say_number(13, b, sizeof b), "thirteen");
    assert_string_equal(say_number(40, b, sizeof b), "forty");
    assert_string_equal(say_number(42, b, sizeof b), "forty-two");
    assert_string_equal(say_number(100, b, sizeof b), "one hundred");
    assert_string_equal(say_number(305, b, sizeof b), "three hundred five");
    assert_string_equal(say_number(1000, b, sizeof b), "one thousand");
    assert_string_equal(say_number(21999, b, sizeof b),
                        "twenty-one thousand nine hundred ninety-nine");
    assert_string_equal(say_number(-3, b, sizeof b), "-3");
    assert_string_equal(say_number(1000000, b, sizeof b), "1000000");
}

static void test_prices(void **state)
{
    char b[128];
    (void)state;
    assert_string_equal(say_price(1349, b, sizeof b), "thirteen dollars and forty-nine cents");
    assert_string_equal(say_price(100, b, sizeof b), "one dollar");
    assert_string_equal(say_price(101, b, sizeof b), "one dollar and one cent");
    assert_string_equal(say_price(5, b, sizeof b), "five cents");
    assert_string_equal(say_price(0, b, sizeof b), "zero cents");
    assert_string_equal(say_price(120000, b, sizeof b), "one thousand two hundred dollars");
}

static void test_quantities(void **state)
{
    char b[128];
    (void)state;
    assert_string_equal(say_quantity(1, "bag", b, sizeof b), "one bag");
    assert_string_equal(say_quantity(2, "bag", b, sizeof b), "two bags");
    assert_string_equal(say_quantity(3, "box", b, sizeof b), "three boxes");
    assert_string_equal(say_quantity(2, "loaf", b, sizeof b), "two loaves");
    assert_string_equal(say_quantity(4, "bunch", b, sizeof b), "four bunches");
    assert_string_equal(say_quantity(2, "", b, sizeof b), "two items");
}

static void test_parse_numbers(void **state)
{
    (void)state;
    assert_int_equal(say_parse_number("two"), 2);
    assert_int_equal(say_parse_number("twenty one"), 21);
    assert_int_equal(say_parse_number("ninety-nine"), 99);
    assert_int_equal(say_parse_number("12"), 12);
    assert_int_equal(say_parse_number("twenty"), 20);
    assert_int_equal(say_parse_number("one two"), -1);
    assert_int_equal(say_parse_number("twenty thirty"), -1);
    assert_int_equal(say_parse_number("coffee"), -1);
    assert_int_equal(say_parse_number(""), -1);
    assert_int_equal(say_parse_number("100"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_prices),
        cmocka_unit_test(test_quantities),
        cmocka_unit_test(test_parse_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
