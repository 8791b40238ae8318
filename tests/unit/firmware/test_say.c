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

static void test_lists(void **state)
{
    char b[128];
    const char *three[] = {"coffee", "milk", "bread"}, *gap[] = {"coffee", NULL, "bread"};
    (void)state;
    assert_string_equal(say_list(three, 1, "and", b, sizeof b), "coffee");
    assert_string_equal(say_list(three, 2, "and", b, sizeof b), "coffee and milk");
    assert_string_equal(say_list(three, 3, "and", b, sizeof b), "coffee, milk and bread");
    assert_string_equal(say_list(three, 3, "or", b, sizeof b), "coffee, milk or bread");
    assert_string_equal(say_list(gap, 3, "and", b, sizeof b), "coffee and bread");
    assert_string_equal(say_list(three, 0, "and", b, sizeof b), "");
    assert_string_equal(say_list(three, 3, "and", b, 8), "coffee,"); /* truncated, terminated */
}

static void test_money_in_text(void **state)
{
    char b[256];
    (void)state;
    assert_string_equal(
        say_money_in_text("that is $215.92, over the limit of $200.00", b, sizeof b),
        "that is two hundred fifteen dollars and ninety-two cents, over the "
        "limit of two hundred dollars");
    assert_string_equal(say_money_in_text("now $5 only", b, sizeof b), "now five dollars only");
    assert_string_equal(say_money_in_text("a $ sign", b, sizeof b), "a $ sign");
}

static void test_dates_and_ordinals(void **state)
{
    char b[128];
    (void)state;
    assert_string_equal(say_ordinal(1, b, sizeof b), "first");
    assert_string_equal(say_ordinal(12, b, sizeof b), "twelfth");
    assert_string_equal(say_ordinal(20, b, sizeof b), "twentieth");
    assert_string_equal(say_ordinal(22, b, sizeof b), "twenty-second");
    assert_string_equal(say_ordinal(30, b, sizeof b), "thirtieth");
    assert_string_equal(say_ordinal(31, b, sizeof b), "thirty-first");
    assert_string_equal(say_date("2026-11-27", b, sizeof b), "Friday, November twenty-seventh");
    assert_string_equal(say_date("2024-02-29T08:00:00Z", b, sizeof b),
                        "Thursday, February twenty-ninth");
    assert_string_equal(say_date("2000-01-01", b, sizeof b), "Saturday, January first");
    assert_string_equal(say_date("soon", b, sizeof b), "soon");
}

static void test_ratings_digits_hours(void **state)
{
    char b[256];
    (void)state;
    assert_string_equal(say_rating(4.7, b, sizeof b), "four point seven");
    assert_string_equal(say_rating(4.0, b, sizeof b), "four");
    assert_string_equal(say_rating(4.96, b, sizeof b), "five");
    assert_string_equal(say_digits("1 800 555 0199", b, sizeof b),
                        "one, eight zero zero, five five five, zero one nine nine");
    assert_string_equal(say_hours("Mon-Fri 08:00-20:00; Sat 09:00-17:00", b, sizeof b),
                        "Monday to Friday, 8 am to 8 pm; Saturday, 9 am to 5 pm");
    assert_string_equal(say_hours("Monday to Friday, 9 am to 5 pm", b, sizeof b),
                        "Monday to Friday, 9 am to 5 pm");
    assert_string_equal(say_hours("Sun 12:00-12:30", b, sizeof b), "Sunday, 12 noon to 12:30 pm");
    assert_string_equal(say_size("6 x 64 fl oz", b, sizeof b), "a pack of 6, 64 fluid ounces each");
    assert_string_equal(say_size("75 sq ft", b, sizeof b), "75 square feet");
    assert_string_equal(say_units("18 oz red cups, 1 pk.", b, sizeof b),
                        "18 ounces red cups, 1 pack.");
    assert_string_equal(say_units("4k tv, x2 ft, 2.5 lbs", b, sizeof b),
                        "4k tv, x2 ft, 2.5 pounds");
    assert_string_equal(say_units("a 1 l jar of 2 large eggs", b, sizeof b),
                        "a 1 liter jar of 2 large eggs");
    assert_string_equal(say_size("1 lb", b, sizeof b), "1 pound");
    assert_string_equal(say_size("about 2.5 lb", b, sizeof b), "about 2.5 pounds");
    assert_string_equal(say_size("35.2 oz", b, sizeof b), "35.2 ounces");
    assert_string_equal(say_size("500 g", b, sizeof b), "500 grams");
    assert_string_equal(say_size("12 eggs", b, sizeof b), "12 eggs");
    assert_string_equal(say_size("oz", b, sizeof b), "oz"); /* no number: not a unit */
    assert_string_equal(say_size("", b, sizeof b), "");
    assert_string_equal(say_size("6 x", b, sizeof b), "6 x"); /* nothing after it to read */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_prices),
        cmocka_unit_test(test_quantities),
        cmocka_unit_test(test_parse_numbers),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_money_in_text),
        cmocka_unit_test(test_dates_and_ordinals),
        cmocka_unit_test(test_ratings_digits_hours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
