/*
 * test_schema.c - schema version 2: a new file has every table, a real version 1 file (the
 * version 1 DDL and sample in v1/) upgrades in place keeping products, aliases and orders, a
 * newer file is refused, and the constraints refuse bad rows.
 */
#include "support.h"
#include "catalog_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CATALOG_V1_DIR
#define CATALOG_V1_DIR "tests/unit/catalog/v1"
#endif

static const char *const v2_tables[] = {
    "products",         "product_aliases",      "product_allergens",
    "product_variants", "categories",           "orders",
    "order_items",      "order_status_history", "cart_items",
    "promotions",       "price_watches",        "notifications",
    "feedback",         "support_requests",     "faq",
    "settings",
};

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* A version 1 catalog exactly as the first shopspeak made it, with its sample catalog. */
static void make_v1_file(const char *path)
{
    char *schema = read_text(CATALOG_V1_DIR "/schema.sql");
    char *sample = read_text(CATALOG_V1_DIR "/sample.sql");
    sql_exec(path, "PRAGMA journal_mode = WAL");
    sql_exec(path, schema);
    sql_exec(path, sample);
    free(schema);
    free(sample);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 1);
}

static void expect_all_tables(const char *path)
{
    for (size_t i = 0; i < sizeof v2_tables / sizeof v2_tables[0]; i++) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
                 v2_tables[i]);
        if (sql_int(path, sql) != 1)
            fail_msg("table %s is missing", v2_tables[i]);
    }
}

static void test_fresh_create(void **state)
{
    test_env *env = *state;
    int status;
    char msg[256];
    catalog_t *cat = catalog_open(env->path, CATALOG_OPEN_CREATE, &status, msg, sizeof msg);
    assert_non_null(cat);
    catalog_close(cat);
    assert_int_equal(sql_int(env->path, "PRAGMA user_version"), CATALOG_SCHEMA_VERSION);
    expect_all_tables(env->path);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products"), 0);
    /* Settings start with their defaults. */
    assert_int_equal(sql_int(env->path, "SELECT value FROM settings"
                                        " WHERE key = 'spending_limit_cents'"),
                     20000);
}

static void test_sample_uses_v2(void **state)
{
    test_env *env = *state;
    catalog_close(open_sample(env));
    const char *path = env->path;
    /* Every product has a size, a description and a rating; food has ingredients. */
    assert_int_equal(sql_int(path, "SELECT count(*) FROM products WHERE size = ''"
                                   " OR description = '' OR rating IS NULL"),
                     0);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM products WHERE ingredients = ''"
                                   " AND category IN ('coffee & tea', 'bakery', 'pantry',"
                                   " 'snacks', 'frozen')"),
                     0);
    assert_true(sql_int(path, "SELECT count(DISTINCT product_id) FROM product_allergens") >= 40);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM product_allergens a JOIN products p"
                                   " ON p.id = a.product_id WHERE p.sku = 'PN-011'"
                                   " AND a.allergen = 'peanuts'"),
                     1);
    assert_true(sql_int(path, "SELECT count(*) FROM product_variants") >= 3);
    assert_true(sql_int(path, "SELECT count(*) FROM promotions") >= 2);
    assert_true(sql_int(path, "SELECT count(*) FROM promotions WHERE starts_at <="
                              " strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AND ends_at >"
                              " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')") >= 2);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM faq WHERE topic IN"
                                   " ('shipping', 'returns', 'hours')"),
                     3);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM settings WHERE key = 'support_hours'"), 1);
    /* Every order's history starts with "placed" at its time and ends at its status. */
    assert_int_equal(sql_int(path, "SELECT count(*) FROM orders o WHERE NOT EXISTS"
                                   " (SELECT 1 FROM order_status_history h WHERE"
                                   "  h.order_id = o.id AND h.status = 'placed'"
                                   "  AND h.at = o.placed_at)"),
                     0);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM orders o WHERE o.status <>"
                                   " (SELECT status FROM order_status_history h"
                                   "  WHERE h.order_id = o.id ORDER BY at DESC LIMIT 1)"),
                     0);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM orders WHERE status = 'shipped'"
                                   " AND expected_at >= date('now')"),
                     1);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

static void test_v1_sample_migrates_in_place(void **state)
{
    test_env *env = *state;
    const char *path = env->path;
    make_v1_file(path);
    int64_t products = sql_int(path, "SELECT count(*) FROM products");
    int64_t aliases = sql_int(path, "SELECT count(*) FROM product_aliases");
    int64_t orders = sql_int(path, "SELECT count(*) FROM orders");
    int64_t items = sql_int(path, "SELECT count(*) FROM order_items");
    int64_t cancelled = sql_int(path, "SELECT count(*) FROM orders WHERE status = 'cancelled'");
    char when[64], after[64];
    sql_text(path, "SELECT placed_at FROM orders WHERE id = 6", when, sizeof when);

    int status;
    char msg[256];
    catalog_t *cat = catalog_open(path, CATALOG_OPEN_READWRITE, &status, msg, sizeof msg);
    if (cat == NULL)
        fail_msg("the version 1 sample did not open: %s", msg);
    /* The shopper's history is there through the API: "order my coffee again". */
    catalog_product_t p;
    catalog_order_line_t line;
    assert_int_equal(catalog_find_product(cat, "espresso beans", &p), CATALOG_OK);
    assert_int_equal(catalog_last_order_of(cat, p.id, &line), CATALOG_OK);
    assert_int_equal(line.quantity, 2);
    assert_int_equal(line.unit_price_cents, 1349);
    /* And new orders get their history line. */
    int64_t order_id = 0;
    assert_int_equal(catalog__place_order(cat, "after-upgrade", p.id, 1, &order_id), CATALOG_OK);
    catalog_close(cat);

    assert_int_equal(sql_int(path, "PRAGMA user_version"), CATALOG_SCHEMA_VERSION);
    expect_all_tables(path);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM products"), products);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM product_aliases"), aliases);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM orders"), orders + 1);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM order_items"), items + 1);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM orders WHERE status = 'cancelled'"),
                     cancelled);
    sql_text(path, "SELECT placed_at FROM orders WHERE id = 6", after, sizeof after);
    assert_string_equal(when, after);
    /* Old products got the new columns' defaults; categories came from the products. */
    assert_int_equal(sql_int(path, "SELECT count(*) FROM products WHERE currency <> 'USD'"
                                   " OR description <> '' OR rating IS NOT NULL"),
                     0);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM categories"),
                     sql_int(path, "SELECT count(DISTINCT category) FROM products"));
    /* One "placed" line per old order, one more for each that moved on, and the new one. */
    assert_int_equal(sql_int(path, "SELECT count(*) FROM order_status_history"),
                     orders +
                         sql_int(path, "SELECT count(*) FROM orders WHERE status <> 'placed'") + 1);
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM order_status_history WHERE order_id = %lld AND status = "
             "'placed'",
             (long long)order_id);
    assert_int_equal(sql_int(path, sql), 1);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    /* The rebuilt orders table is still the one order_items refers to. */
    assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_foreign_key_list('order_items')"
                                   " WHERE \"table\" = 'orders'"),
                     1);
}

/* A version 1 file whose data a version 2 constraint refuses stays at version 1, unchanged. */
static void test_failed_migration_changes_nothing(void **state)
{
    test_env *env = *state;
    make_v1_file(env->path);
    sql_exec(env->path, "UPDATE orders SET status = 'lost' WHERE id = 3");
    int status;
    char msg[256];
    catalog_t *cat = catalog_open(env->path, CATALOG_OPEN_READWRITE, &status, msg, sizeof msg);
    assert_null(cat);
    assert_non_null(strstr(msg, "schema version 2"));
    assert_int_equal(sql_int(env->path, "PRAGMA user_version"), 1);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM sqlite_master"
                                        " WHERE name = 'order_status_history'"),
                     0);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders"), 9);
}

static void test_newer_version_refused(void **state)
{
    test_env *env = *state;
    make_v1_file(env->path);
    char newer[64];
    snprintf(newer, sizeof newer, "PRAGMA user_version = %d", CATALOG_SCHEMA_VERSION + 1);
    sql_exec(env->path, newer);
    int status;
    char msg[256];
    catalog_t *cat = catalog_open(env->path, CATALOG_OPEN_READWRITE, &status, msg, sizeof msg);
    assert_null(cat);
    assert_int_equal(status, CATALOG_ESCHEMA);
    assert_int_equal(sql_int(env->path, "PRAGMA user_version"), CATALOG_SCHEMA_VERSION + 1);
}

/* Run SQL with foreign keys on, as the catalog does; returns the SQLite result. */
static int try_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc & 0xff;
}

static void test_constraints(void **state)
{
    test_env *env = *state;
    catalog_close(open_sample(env));
    static const char *const refused[] = {
        "UPDATE products SET price_cents = -1 WHERE id = 1",
        "UPDATE products SET price_cents = 12.5 WHERE id = 1",
        "UPDATE products SET stock = -3 WHERE id = 1",
        "UPDATE products SET rating = 5.5 WHERE id = 1",
        "UPDATE products SET rating = -0.1 WHERE id = 1",
        "UPDATE products SET currency = 'usd' WHERE id = 1",
        "UPDATE products SET rating_count = -1 WHERE id = 1",
        "UPDATE orders SET status = 'lost' WHERE id = 1",
        "UPDATE orders SET status = 'shipped', expected_at = NULL WHERE id = 10",
        "INSERT INTO order_items VALUES (1, 99999, 1, 100)",
        "INSERT INTO order_status_history (order_id, status, at) VALUES (1, 'eaten', 'x')",
        "INSERT INTO promotions (title, kind, value, product_id, starts_at, ends_at)"
        " VALUES ('x', 'percent', 150, 1, '2026-01-01', '2026-02-01')",
        "INSERT INTO promotions (title, kind, value, product_id, category, starts_at, ends_at)"
        " VALUES ('x', 'amount', 100, 1, 'pet', '2026-01-01', '2026-02-01')",
        "INSERT INTO promotions (title, kind, value, product_id, starts_at, ends_at)"
        " VALUES ('x', 'amount', 100, 1, '2026-02-01', '2026-01-01')",
        "INSERT INTO cart_items VALUES (1, 0, '2026-01-01')",
        "INSERT INTO cart_items VALUES (99999, 1, '2026-01-01')",
        "INSERT INTO product_allergens VALUES (1, 'Peanuts')",
        "INSERT INTO product_variants VALUES (1, 1)",
        "INSERT INTO settings VALUES ('spending_limit_cents', 'lots')",
        "INSERT INTO settings VALUES ('favourite_colour', 'blue')",
        "INSERT INTO price_watches (product_id, below_cents, created_at) VALUES (1, 0, 'x')",
        "INSERT INTO feedback (created_at, rating) VALUES ('x', 6)",
        "INSERT INTO support_requests (created_at, topic, status) VALUES ('x', 'y', 'lost')",
        "INSERT INTO product_aliases VALUES (1, 'Oat Milk')",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        int rc = try_sql(env->path, refused[i]);
        if (rc != SQLITE_CONSTRAINT)
            fail_msg("accepted (%d): %s", rc, refused[i]);
    }
    /* The good versions of some of them go through, so the refusals above are specific. */
    assert_int_equal(try_sql(env->path, "UPDATE products SET rating = 5 WHERE id = 1"), SQLITE_OK);
    assert_int_equal(try_sql(env->path, "UPDATE orders SET status = 'shipped',"
                                        " expected_at = '2026-12-01' WHERE id = 10"),
                     SQLITE_OK);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM order_status_history"
                                        " WHERE order_id = 10 AND status = 'shipped'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fresh_create, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_sample_uses_v2, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_v1_sample_migrates_in_place, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_failed_migration_changes_nothing, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_newer_version_refused, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_constraints, env_setup, env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.schema", tests, NULL, NULL);
}
