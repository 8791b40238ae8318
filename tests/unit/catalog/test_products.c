/*
 * test_products.c - finding products the way a shopper names them, reading them back exactly
 * (quotes, accents, emoji), and the phrase list the grammar is built from.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"

static void expect_found(catalog_t *cat, const char *spoken, const char *name)
{
    catalog_product_t p;
    int status = catalog_find_product(cat, spoken, &p);
    if (status != CATALOG_OK || strcmp(p.name, name) != 0)
        fail_msg("find \"%s\": %d %s (%s), wanted %s", spoken, status,
                 status ? catalog_errmsg(cat) : "", status ? "" : p.name, name);
}

static void test_find_by_name_alias_and_case(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    expect_found(cat, "Lavazza Espresso Beans", "Lavazza Espresso Beans");
    expect_found(cat, "lavazza espresso beans", "Lavazza Espresso Beans");
    expect_found(cat, "  LAVAZZA\tespresso   Beans \n", "Lavazza Espresso Beans");
    expect_found(cat, "my coffee", "Lavazza Espresso Beans");
    expect_found(cat, "My Coffee", "Lavazza Espresso Beans");
    expect_found(cat, "oat milk", "Oatly Oat Milk");
    expect_found(cat, "coffee pods", "Nespresso Vertuo Pods");
    expect_found(cat, "paper towels", "Bounty Paper Towels");
    /* Punctuation and accents as people (and recognizers) write them. */
    expect_found(cat, "siggi's vanilla skyr", "Siggi's Vanilla Skyr");
    expect_found(cat, "Siggi’s Vanilla Skyr", "Siggi's Vanilla Skyr");
    expect_found(cat, "lavazza qualita rossa", "Lavazza Qualità Rossa");
    expect_found(cat, "LAVAZZA QUALITÀ ROSSA", "Lavazza Qualità Rossa");
    expect_found(cat, "haagen dazs vanilla", "Häagen-Dazs Vanilla");
    expect_found(cat, "head and shoulders shampoo", "Head & Shoulders Shampoo");
    expect_found(cat, "Head & Shoulders shampoo", "Head & Shoulders Shampoo");
    expect_found(cat, "dr oetker margherita", "Dr. Oetker Margherita");
    expect_found(cat, "coca cola classic", "Coca-Cola Classic");
    expect_found(cat, "fairlife two percent milk", "Fairlife Two Percent Milk");
    /* An alias after its product's brand ("Rao's" + "marinara"; "Dr. Oetker" is two words). */
    expect_found(cat, "rao's marinara", "Rao's Marinara Sauce");
    expect_found(cat, "Kerrygold Irish Butter", "Kerrygold Salted Butter");
    expect_found(cat, "dr oetker margherita pizza", "Dr. Oetker Margherita");
    catalog_close(cat);
}

static void test_not_found(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    catalog_product_t p;
    const char *misses[] = {"caviar", "", "   ", "lavazza espresso", "espresso beans please", "🍕"};
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++) {
        assert_int_equal(catalog_find_product(cat, misses[i], &p), CATALOG_ENOTFOUND);
        assert_non_null(strstr(catalog_errmsg(cat), "no product is called"));
    }
    /* Longer than any phrase: refused without overflowing anything. */
    char long_text[4096];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_int_equal(catalog_find_product(cat, long_text, &p), CATALOG_ENOTFOUND);
    assert_true(strlen(catalog_errmsg(cat)) < 200);
    assert_int_equal(catalog_find_product(cat, NULL, &p), CATALOG_EINVAL);
    assert_int_equal(catalog_find_product(NULL, "milk", &p), CATALOG_EINVAL);
    catalog_close(cat);
}

static void test_get_product(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    catalog_product_t by_name, by_id;
    assert_int_equal(catalog_find_product(cat, "lavazza espresso beans", &by_name), CATALOG_OK);
    assert_int_equal(catalog_get_product(cat, by_name.id, &by_id), CATALOG_OK);
    assert_memory_equal(&by_name, &by_id, sizeof by_id);
    assert_string_equal(by_id.sku, "CT-001");
    assert_string_equal(by_id.brand, "Lavazza");
    assert_string_equal(by_id.category, "coffee & tea");
    assert_string_equal(by_id.unit, "bag");
    assert_int_equal(by_id.price_cents, 1349);
    assert_true(by_id.stock > 0);
    assert_int_equal(catalog_get_product(cat, 999999, &by_id), CATALOG_ENOTFOUND);
    assert_non_null(strstr(catalog_errmsg(cat), "999999"));
    assert_int_equal(catalog_get_product(cat, -1, &by_id), CATALOG_ENOTFOUND);
    catalog_close(cat);
}

static void test_last_order(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    catalog_product_t p;
    catalog_order_line_t line;
    /* Lavazza was ordered twice; the latest was two bags at $13.49 (the first at $12.99). */
    assert_int_equal(catalog_find_product(cat, "my coffee", &p), CATALOG_OK);
    assert_int_equal(catalog_last_order_of(cat, p.id, &line), CATALOG_OK);
    assert_int_equal(line.product_id, p.id);
    assert_int_equal(line.quantity, 2);
    assert_int_equal(line.unit_price_cents, 1349);
    assert_int_equal(strlen(line.placed_at), 20); /* 2025-01-31T09:00:00Z */
    assert_int_equal(line.placed_at[10], 'T');
    assert_int_equal(line.placed_at[19], 'Z');
    /* Never ordered. */
    assert_int_equal(catalog_find_product(cat, "cat treats", &p), CATALOG_OK);
    assert_int_equal(catalog_last_order_of(cat, p.id, &line), CATALOG_ENOTFOUND);
    assert_non_null(strstr(catalog_errmsg(cat), "never ordered"));
    /* Only in a cancelled order: nothing to "order again". */
    assert_int_equal(catalog_find_product(cat, "digiorno pepperoni pizza", &p), CATALOG_OK);
    assert_int_equal(catalog_last_order_of(cat, p.id, &line), CATALOG_ENOTFOUND);
    catalog_close(cat);
}

/* Names with quotes, accents and emoji go in with plain SQL and come back byte for byte. */
static void test_unusual_names_round_trip(void **state)
{
    test_env *env = *state;
    catalog_close(open_sample(env));
    sql_exec(env->path,
             "INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock)"
             " VALUES (9001, 'X-1', 'Mamma''s \"Best\" Crème Brûlée 🍮', 'Mamma''s', 'bakery',"
             "         'tub', 450, 3),"
             "        (9002, 'X-2', '🥐🥐', '', 'bakery', 'bag', 300, 1),"
             "        (9003, 'X-3', 'Робуста Кава', 'Кава', 'coffee & tea', 'bag', 999, 2),"
             "        (9004, 'X-4', 'Rao''s ''Homemade'' Sauce; DROP TABLE products;--', '',"
             "         'pantry', 'jar', 899, 5);"
             "INSERT INTO product_aliases (product_id, phrase) VALUES (9002, 'croissant emoji');");
    catalog_t *cat = open_sample(env);
    catalog_product_t p;
    assert_int_equal(catalog_get_product(cat, 9001, &p), CATALOG_OK);
    assert_string_equal(p.name, "Mamma's \"Best\" Crème Brûlée 🍮");
    expect_found(cat, "mamma's best creme brulee", "Mamma's \"Best\" Crème Brûlée 🍮");
    expect_found(cat, "Mamma's \"Best\" Crème Brûlée 🍮", "Mamma's \"Best\" Crème Brûlée 🍮");
    expect_found(cat, "croissant emoji", "🥐🥐");  /* unsayable name, sayable alias */
    expect_found(cat, "робуста кава", "Робуста Кава"); /* other scripts are kept */
    expect_found(cat, "rao's homemade sauce drop table products",
                 "Rao's 'Homemade' Sauce; DROP TABLE products;--");
    assert_true(sql_int(env->path, "SELECT count(*) FROM products") > 160);
    catalog_close(cat);
}

/* A product renamed (or added) by another program while a handle is open is still found. */
static void test_rename_seen_by_open_handle(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    catalog_product_t p;
    assert_int_equal(catalog_find_product(cat, "oatly oat milk", &p), CATALOG_OK);
    sql_exec(env->path, "UPDATE products SET name = 'Oatly Oat Drink' WHERE sku = 'DY-001';"
                        "UPDATE products SET name = 'Hass Avocado Bag' WHERE sku = 'PR-002';"
                        "INSERT INTO products (sku, name, category, unit, price_cents)"
                        " VALUES ('N-1', 'Brand New Granola', 'pantry', 'bag', 599);");
    expect_found(cat, "oatly oat drink", "Oatly Oat Drink");
    expect_found(cat, "brand new granola", "Brand New Granola");
    /* The old name is gone (this product has no brand to say before an alias). */
    assert_int_equal(catalog_find_product(cat, "hass avocados", &p), CATALOG_ENOTFOUND);
    expect_found(cat, "oat milk", "Oatly Oat Drink");       /* aliases stay */
    expect_found(cat, "oatly oat milk", "Oatly Oat Drink"); /* the old name: brand + alias */
    catalog_close(cat);
    /* The next read-write open stores the spoken names so lookups are indexed again. */
    cat = open_sample(env);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products"
                                        " WHERE spoken_name IS NULL"),
                     0);
    expect_found(cat, "oatly oat drink", "Oatly Oat Drink");
    catalog_close(cat);
}

typedef struct {
    int calls;
    int stop_after;
    int64_t last_id;
} counter;

static int count_phrases(void *user, int64_t id, const char *phrase)
{
    counter *c = user;
    c->calls++;
    assert_true(id >= c->last_id); /* grouped by product */
    c->last_id = id;
    assert_true(phrase[0] != '\0');
    return c->calls == c->stop_after ? 42 : 0;
}

static void test_for_each_phrase_stops_early(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    counter all = {0, -1, 0}, some = {0, 5, 0};
    assert_int_equal(catalog_for_each_phrase(cat, count_phrases, &all), 0);
    assert_true(all.calls >= 2 * 160);
    assert_int_equal(catalog_for_each_phrase(cat, count_phrases, &some), 42);
    assert_int_equal(some.calls, 5);
    assert_int_equal(catalog_for_each_phrase(cat, NULL, NULL), CATALOG_EINVAL);
    catalog_close(cat);
}

typedef struct {
    int64_t id;
    int hits;
    char seen[8][CATALOG_PHRASE_MAX];
} one_product;

static int phrases_of_one(void *user, int64_t id, const char *phrase)
{
    one_product *o = user;
    if (id == o->id && o->hits < 8)
        snprintf(o->seen[o->hits++], CATALOG_PHRASE_MAX, "%s", phrase);
    return 0;
}

/* The phrases the catalog offers for the product that `said` finds. */
static one_product phrases_of(catalog_t *cat, const char *said)
{
    catalog_product_t p;
    assert_int_equal(catalog_find_product(cat, said, &p), CATALOG_OK);
    one_product o = {p.id, 0, {{0}}};
    assert_int_equal(catalog_for_each_phrase(cat, phrases_of_one, &o), 0);
    return o;
}

static void test_phrase_said_once_per_product(void **state)
{
    test_env *env = *state;
    catalog_close(open_sample(env));
    /* An alias equal to the product's own spoken name is not listed twice. */
    sql_exec(env->path, "INSERT INTO product_aliases (product_id, phrase)"
                        " SELECT id, 'lavazza espresso beans' FROM products WHERE sku = 'CT-001'");
    catalog_t *cat = open_sample(env);
    one_product o = phrases_of(cat, "my coffee");
    assert_int_equal(o.hits, 4); /* name + espresso beans, lavazza, my coffee */
    assert_string_equal(o.seen[0], "lavazza espresso beans");
    for (int i = 0; i < o.hits; i++)
        for (int j = i + 1; j < o.hits; j++)
            assert_string_not_equal(o.seen[i], o.seen[j]);
    catalog_close(cat);
}

/* The brand is offered before each alias, except where it would say the brand twice or put a
 * maker before what the household buys ("lavazza my coffee"). */
static void test_brand_before_aliases(void **state)
{
    test_env *env = *state;
    catalog_close(open_sample(env));
    /* "and" in both the brand and the alias is not the brand said twice. */
    sql_exec(env->path, "INSERT INTO product_aliases (product_id, phrase)"
                        " SELECT id, 'cookies and cream' FROM products WHERE sku = 'FZ-001'");
    catalog_t *cat = open_sample(env);
    one_product o = phrases_of(cat, "kerrygold salted butter");
    /* name; aliases butter, irish butter, kerrygold; then the brand before the first two */
    assert_int_equal(o.hits, 6);
    assert_string_equal(o.seen[4], "kerrygold butter");
    assert_string_equal(o.seen[5], "kerrygold irish butter");
    one_product lavazza = phrases_of(cat, "my coffee");
    assert_int_equal(lavazza.hits, 4); /* name, espresso beans, lavazza, my coffee: no more */
    for (int i = 0; i < lavazza.hits; i++) {
        assert_null(strstr(lavazza.seen[i], "lavazza my"));
        assert_null(strstr(lavazza.seen[i], "lavazza lavazza"));
    }
    one_product ben = phrases_of(cat, "half baked");
    int found = 0;
    for (int i = 0; i < ben.hits; i++) {
        found += strcmp(ben.seen[i], "ben and jerry's cookies and cream") == 0;
        assert_null(strstr(ben.seen[i], "ben and jerry's ben and jerry's"));
    }
    assert_int_equal(found, 1);
    catalog_close(cat);
}

/* A big catalog gets no brand forms: the recognizer's start-up and memory matter more there. */
static void test_no_brand_forms_in_a_big_catalog(void **state)
{
    test_env *env = *state;
    catalog_close(open_sample(env));
    sql_exec(env->path, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                        " WHERE i < 5000) INSERT INTO products (sku, name, brand, category,"
                        " unit, price_cents) SELECT 'F-' || i, 'Filler ' || i, 'Filler',"
                        " 'pantry', 'bag', 100 FROM n");
    catalog_t *cat = open_sample(env);
    int64_t n = 0;
    assert_int_equal(catalog_product_count(cat, &n), CATALOG_OK);
    assert_true(n > CATALOG_BRAND_FORMS_MAX_PRODUCTS);
    one_product o = phrases_of(cat, "kerrygold salted butter");
    assert_int_equal(o.hits, 4); /* name and the three aliases */
    /* Said anyway (typed, or an operator's own grammar), it is still found. */
    catalog_product_t p;
    assert_int_equal(catalog_find_product(cat, "kerrygold butter", &p), CATALOG_OK);
    catalog_close(cat);
}

static void test_alias_must_be_spoken_form(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    /* The schema refuses aliases that are not already lowercase spoken words. */
    const char *bad[] = {"Oat Milk", " oat milk", "oat  milk", "oat-milk", "oat milk!", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char sql[256];
        snprintf(sql, sizeof sql, "INSERT INTO product_aliases VALUES (1, '%s')", bad[i]);
        assert_int_not_equal(sqlite3_exec(cat->db, sql, NULL, NULL, NULL), SQLITE_OK);
    }
    assert_int_equal(sqlite3_exec(cat->db, "INSERT INTO product_aliases VALUES (1, 'joe''s 2')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    catalog_close(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_find_by_name_alias_and_case, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_not_found, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_get_product, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_last_order, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_unusual_names_round_trip, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_rename_seen_by_open_handle, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_for_each_phrase_stops_early, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_phrase_said_once_per_product, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_brand_before_aliases, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_no_brand_forms_in_a_big_catalog, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_alias_must_be_spoken_form, env_setup, env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.products", tests, NULL, NULL);
}
