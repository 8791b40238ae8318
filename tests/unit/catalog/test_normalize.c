/*
 * test_normalize.c - the one rule that turns product names and heard words into phrases:
 * both sides of every lookup go through it, so its cases are kept here as a table.
 */
#include "support.h"

#include <string.h>

#include "catalog_internal.h"

static const struct {
    const char *in, *out;
} cases[] = {
    {"Lavazza Espresso Beans", "lavazza espresso beans"},
    {"  many   spaces\tand\ttabs\n", "many spaces and tabs"},
    {"Ben & Jerry's", "ben and jerry's"},
    {"Siggi’s Skyr", "siggi's skyr"},
    {"'quoted' words'", "quoted words"},
    {"Rao's", "rao's"},
    {"Thomas' Muffins", "thomas muffins"},
    {"Häagen-Dazs", "haagen dazs"},
    {"Crème Brûlée", "creme brulee"},
    {"Ærø Œuvre Straße", "aero oeuvre strasse"},
    {"Coca-Cola", "coca cola"},
    {"Dr. Oetker", "dr oetker"},
    {"2% Milk", "2 percent milk"},
    {"1.5 L Water", "1.5 l water"},
    {"Vitamin C+", "vitamin c plus"},
    {"Pizza 🍕 Night 👨‍👩‍👧", "pizza night"},
    {"Brand® Name™", "brand name"},
    {"Робуста Кава ΚΑΦΕ", "робуста кава καφε"}, /* Cyrillic and Greek lowercased */
    {"🍕", ""},
    {"", ""},
    {"...", ""},
    {"bad \xff\xfe utf8 \xc3", "bad utf8"},
};

static void test_cases(void **state)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[CATALOG_PHRASE_MAX];
        int n = catalog__normalize_phrase(cases[i].in, out, sizeof out);
        if (n < 0 || strcmp(out, cases[i].out) != 0 || (size_t)n != strlen(out))
            fail_msg("normalize(\"%s\") = \"%s\" (%d), wanted \"%s\"", cases[i].in, out, n,
                     cases[i].out);
        /* Normalising twice changes nothing. */
        char again[CATALOG_PHRASE_MAX];
        assert_int_equal(catalog__normalize_phrase(out, again, sizeof again), n);
        assert_string_equal(again, out);
    }
}

static void test_too_long(void **state)
{
    char out[8];
    assert_int_equal(catalog__normalize_phrase("abcdefg", out, sizeof out), 7);
    assert_int_equal(catalog__normalize_phrase("abcdefgh", out, sizeof out), -1);
    assert_string_equal(out, "");
    assert_int_equal(catalog__normalize_phrase("a & b & c", out, sizeof out), -1);
    assert_int_equal(catalog__normalize_phrase("x", out, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_too_long),
    };
    return cmocka_run_group_tests_name("unit.catalog.normalize", tests, NULL, NULL);
}
