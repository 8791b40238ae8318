/* test_messages.c - the message files: both shipped locales load and say money, dates and the
 * cart their own way; every kind of bad file is one "FILE:LINE: problem". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "messages.h"

static messages_t *load_locale(const char *locale)
{
    char path[1024], err[512];
    assert_non_null(messages_find(locale, path, sizeof path, err, sizeof err));
    messages_t *m = messages_load(path, err, sizeof err);
    if (!m)
        fail_msg("%s", err);
    return m;
}

static void test_en_us(void **state)
{
    char b[256];
    (void)state;
    messages_t *m = load_locale("en-US");
    assert_string_equal(messages_locale(m), "en-US");
    assert_string_equal(messages_voice(m), "en-us");
    assert_string_equal(messages_price(m, 1349, b, sizeof b),
                        "thirteen dollars and forty-nine cents");
    assert_string_equal(messages_date(m, "2026-11-26", b, sizeof b),
                        "Thursday, November twenty-sixth");
    assert_string_equal(
        messages_format(m, MSG_CART_REMOVED, b, sizeof b, "product", "Oat Milk", NULL),
        "Removed Oat Milk from your cart.");
    /* A continuation line goes on the value after one space. */
    assert_string_equal(
        messages_format(m, MSG_CHOICE_OUT_OF_RANGE, b, sizeof b, "count", "two", NULL),
        "There are only two to choose from. Please say a number from one to "
        "two, or cancel.");
    /* "a {unit}" takes "an" before a vowel; "a" stays otherwise, and in words ("a bag"). */
    assert_string_equal(messages_format(m, MSG_PRICE, b, sizeof b, "product", "Lemonade", "price",
                                        "two dollars", "unit", "item", NULL),
                        "Lemonade costs two dollars an item.");
    assert_string_equal(messages_format(m, MSG_PRICE, b, sizeof b, "product", "Milk", "price",
                                        "two dollars", "unit", "carton", NULL),
                        "Milk costs two dollars a carton.");
    assert_string_equal(messages_format(m, MSG_PRICE, b, sizeof b, "product", "Tea", "price",
                                        "two dollars", "unit", "unit", NULL),
                        "Tea costs two dollars a unit.");
    assert_string_equal(messages_currency(m), "USD");
    messages_free(m);
}

static void test_en_gb(void **state)
{
    char b[256];
    (void)state;
    messages_t *m = load_locale("en-GB");
    assert_string_equal(messages_voice(m), "en-gb");
    assert_string_equal(messages_price(m, 1349, b, sizeof b),
                        "thirteen pounds and forty-nine pence");
    assert_string_equal(messages_price(m, 101, b, sizeof b), "one pound and one penny");
    assert_string_equal(messages_money_in_text(m, "over the $20 limit", b, sizeof b),
                        "over the twenty pounds limit");
    assert_string_equal(messages_date(m, "2026-11-26", b, sizeof b),
                        "Thursday the twenty-sixth of November");
    assert_string_equal(
        messages_format(m, MSG_CART_REMOVED, b, sizeof b, "product", "Oat Milk", NULL),
        "Removed Oat Milk from your basket.");
    messages_free(m);
}

static void test_format(void **state)
{
    char b[16], big[256], err[256];
    (void)state;
    /* A file from the en-US one with price changed: placeholders in any order, some unused. */
    char path[1024];
    assert_non_null(messages_find("en-US", path, sizeof path, err, sizeof err));
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char file[MESSAGES_MAX_BYTES];
    size_t n = fread(file, 1, sizeof file - 200, fp);
    fclose(fp);
    char *price = strstr(file, "\nprice = ");
    assert_non_null(price);
    memcpy(price + 1, "price=        {unit}:{product}", 30); /* the rest of the line stays */
    char *eol = strchr(price + 1, '\n');
    memmove(price + 31, eol, (size_t)(file + n - eol) + 1);
    n = strlen(file);
    messages_t *m = messages_parse(file, n, "t.ini", err, sizeof err);
    if (!m)
        fail_msg("%s", err);
    assert_string_equal(messages_format(m, MSG_PRICE, big, sizeof big, "product", "Milk", "unit",
                                        "carton", "price", "x", NULL),
                        "carton:Milk");
    /* Truncated, never overrun; a placeholder not given is empty. */
    assert_string_equal(messages_format(m, MSG_PRICE, b, sizeof b, "product",
                                        "a very long product name", "unit", "u", NULL),
                        "u:a very long p");
    assert_string_equal(messages_format(m, MSG_PRICE, big, sizeof big, NULL), ":");
    messages_free(m);
}

static void test_bad_files(void **state)
{
    static const struct {
        const char *text, *error;
    } cases[] = {
        {"[locale]\nname = en-US\nname = en-GB\n", "t.ini:3: 'name' is given twice"},
        {"[messages]\nnosuch = x\n", "t.ini:2: unknown message 'nosuch'"},
        {"; c\n[voice]\nname = x\n", "t.ini:3: unknown section [voice] (there are [locale] and "
                                     "[messages])"},
        {"[messages]\nprice = {product} {nosuch}\n",
         "t.ini:2: 'price' has no placeholder {nosuch}"},
        {"[messages]\nprice = {product\n",
         "t.ini:2: 'price': a '{' without its '}' (placeholders are {name})"},
        {"[messages]\nprice = a\n  {nosuch}\n", "t.ini:3: 'price' has no placeholder {nosuch}"},
        {"[locale]\nname = en-US\n", "t.ini:2: [locale] has no 'voice'"},
        {"[locale]\nname = en-US\njust words\n",
         "t.ini:3: not a [section], a 'key = value' line or a comment"},
        {"[locale]\ndate = {weekday} {year}\n", "t.ini:2: 'date' has no placeholder {year}"},
        /* Two problems: the first in the file is said, as in a settings file. */
        {"[locale]\njust words\n[messages]\nnosuch = x\n",
         "t.ini:2: not a [section], a 'key = value' line or a comment"},
    };
    char err[512];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        messages_t *m =
            messages_parse(cases[i].text, strlen(cases[i].text), "t.ini", err, sizeof err);
        assert_null(m);
        assert_string_equal(err, cases[i].error);
    }
    /* A file with every locale key but no messages names the first missing one. */
    const char *locale_only = "[locale]\nname = xx-XX\nvoice = en\ncurrency_one = a\n"
                              "currency_many = b\ncents_one = c\ncents_many = d\ndate = {day}\n";
    assert_null(messages_parse(locale_only, strlen(locale_only), "t.ini", err, sizeof err));
    assert_string_equal(err, "t.ini:8: [messages] has no 'word_and'");
    char line[300];
    memset(line, 'a', sizeof line);
    line[sizeof line - 1] = '\0';
    assert_null(messages_parse(line, strlen(line), "t.ini", err, sizeof err));
    assert_non_null(strstr(err, "t.ini:1: line longer than"));
    assert_null(messages_find("../etc", line, sizeof line, err, sizeof err));
    assert_null(messages_find("fr-FR", line, sizeof line, err, sizeof err));
    assert_non_null(strstr(err, "no message file for locale fr-FR"));
    messages_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_en_us),
        cmocka_unit_test(test_en_gb),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
