/*
 * test_orders.c - an order is one transaction: stock goes down once per idempotency key, a
 * refused order leaves no trace, and what was ordered is what "order again" finds.
 */
#include "support.h"
#include "catalog_internal.h"

#include <stdio.h>
#include <string.h>

static int64_t stock_of(catalog_t *cat, int64_t id)
{
    catalog_product_t p;
    assert_int_equal(catalog_get_product(cat, id, &p), CATALOG_OK);
    return p.stock;
}

static int64_t find_id(catalog_t *cat, const char *spoken)
{
    catalog_product_t p;
    assert_int_equal(catalog_find_product(cat, spoken, &p), CATALOG_OK);
    return p.id;
}

static void test_place_order_records_and_takes_stock(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t oat = find_id(cat, "oat milk");
    int64_t before = stock_of(cat, oat);
    int64_t orders_before = sql_int(env->path, "SELECT count(*) FROM orders");
    int64_t order = 0;
    assert_int_equal(catalog__place_order(cat, "7f1c-0001", oat, 3, &order), CATALOG_OK);
    assert_true(order > 0);
    assert_int_equal(stock_of(cat, oat), before - 3);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders"), orders_before + 1);

    /* Recorded at today's price, with a total, as the latest order of the product. */
    catalog_order_line_t line;
    assert_int_equal(catalog_last_order_of(cat, oat, &line), CATALOG_OK);
    assert_int_equal(line.order_id, order);
    assert_int_equal(line.quantity, 3);
    assert_int_equal(line.unit_price_cents, 549);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT total_cents FROM orders WHERE id = %lld", (long long)order);
    assert_int_equal(sql_int(env->path, sql), 3 * 549);
    snprintf(sql, sizeof sql,
             "SELECT status = 'placed' AND placed_at >= strftime("
             "'%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '-1 minute') FROM orders WHERE id = %lld",
             (long long)order);
    assert_int_equal(sql_int(env->path, sql), 1);
    catalog_close(cat);
}

static void test_same_key_places_once(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t beans = find_id(cat, "my coffee");
    int64_t before = stock_of(cat, beans);
    int64_t first = 0, second = 0, third = 0;
    assert_int_equal(catalog__place_order(cat, "retry-me", beans, 2, &first), CATALOG_OK);
    assert_int_equal(catalog__place_order(cat, "retry-me", beans, 2, &second), CATALOG_OK);
    assert_int_equal(second, first);
    assert_int_equal(stock_of(cat, beans), before - 2);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders"
                                        " WHERE idempotency_key = 'retry-me'"),
                     1);
    catalog_close(cat);

    /* Still once after the program restarts (the retry may come from a new process). */
    cat = open_sample(env);
    assert_int_equal(catalog__place_order(cat, "retry-me", beans, 2, &third), CATALOG_OK);
    assert_int_equal(third, first);
    assert_int_equal(stock_of(cat, beans), before - 2);

    /* The same key for a different order is the caller's mistake, not a silent success. */
    int64_t other = 0;
    assert_int_equal(catalog__place_order(cat, "retry-me", beans, 5, &other), CATALOG_EINVAL);
    assert_non_null(strstr(catalog_errmsg(cat), "already used"));
    assert_int_equal(catalog__place_order(cat, "retry-me", find_id(cat, "oat milk"), 2, &other),
                     CATALOG_EINVAL);
    /* A new key is a new order. */
    assert_int_equal(catalog__place_order(cat, "retry-me-2", beans, 2, &other), CATALOG_OK);
    assert_true(other != first);
    assert_int_equal(stock_of(cat, beans), before - 4);
    catalog_close(cat);
}

static void test_out_of_stock_refused(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t orders_before = sql_int(env->path, "SELECT count(*) FROM orders");
    int64_t order = -7;
    /* Sold out in the sample. */
    int64_t fage = find_id(cat, "fage total yogurt");
    assert_int_equal(stock_of(cat, fage), 0);
    assert_int_equal(catalog__place_order(cat, "k1", fage, 1, &order), CATALOG_ESTOCK);
    assert_non_null(strstr(catalog_errmsg(cat), "out of stock"));
    assert_int_equal(order, -7); /* untouched on failure */
    /* More than there is. */
    int64_t huel = find_id(cat, "huel");
    int64_t left = stock_of(cat, huel);
    assert_int_equal(catalog__place_order(cat, "k2", huel, left + 1, &order), CATALOG_ESTOCK);
    assert_non_null(strstr(catalog_errmsg(cat), "only"));
    assert_int_equal(stock_of(cat, huel), left);
    /* Exactly what there is works, and then there is none. */
    assert_int_equal(catalog__place_order(cat, "k3", huel, left, &order), CATALOG_OK);
    assert_int_equal(stock_of(cat, huel), 0);
    assert_int_equal(catalog__place_order(cat, "k4", huel, 1, &order), CATALOG_ESTOCK);
    /* Refused orders left nothing behind; their keys stay free. */
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders"), orders_before + 1);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders WHERE idempotency_key"
                                        " IN ('k1', 'k2', 'k4')"),
                     0);
    catalog_close(cat);
}

static void test_bad_requests_refused(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t beans = find_id(cat, "my coffee");
    int64_t before = stock_of(cat, beans);
    int64_t order = 0;
    const int64_t quantities[] = {0, -1, 100, 1000000, INT64_MIN, INT64_MAX};
    for (size_t i = 0; i < sizeof quantities / sizeof quantities[0]; i++) {
        assert_int_equal(catalog__place_order(cat, "q", beans, quantities[i], &order),
                         CATALOG_EINVAL);
        assert_non_null(strstr(catalog_errmsg(cat), "between 1 and 99"));
    }
    assert_int_equal(catalog__place_order(cat, NULL, beans, 1, &order), CATALOG_EINVAL);
    assert_int_equal(catalog__place_order(cat, "", beans, 1, &order), CATALOG_EINVAL);
    char long_key[200];
    memset(long_key, 'k', sizeof long_key - 1);
    long_key[sizeof long_key - 1] = '\0';
    assert_int_equal(catalog__place_order(cat, long_key, beans, 1, &order), CATALOG_EINVAL);
    assert_int_equal(catalog__place_order(cat, "q", beans, 1, NULL), CATALOG_EINVAL);
    assert_int_equal(catalog__place_order(NULL, "q", beans, 1, &order), CATALOG_EINVAL);
    assert_int_equal(catalog__place_order(cat, "q", 999999, 1, &order), CATALOG_ENOTFOUND);
    assert_int_equal(stock_of(cat, beans), before);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders WHERE idempotency_key = 'q'"),
                     0);
    /* 1 and 99 are the limits, and allowed. */
    assert_int_equal(catalog__place_order(cat, "q1", find_id(cat, "gummy bears"), 1, &order),
                     CATALOG_OK);
    sql_exec(env->path, "UPDATE products SET stock = 500 WHERE sku = 'SN-011'");
    assert_int_equal(catalog__place_order(cat, "q99", find_id(cat, "gummy bears"), 99, &order),
                     CATALOG_OK);
    catalog_close(cat);
}

/* A stock change by another process between two orders is seen: the check is in the lock. */
static void test_stock_change_by_another_process(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t tea = find_id(cat, "earl grey");
    int64_t order = 0;
    sql_exec(env->path, "UPDATE products SET stock = 1 WHERE sku = 'CT-009'");
    assert_int_equal(catalog__place_order(cat, "t1", tea, 2, &order), CATALOG_ESTOCK);
    assert_int_equal(catalog__place_order(cat, "t2", tea, 1, &order), CATALOG_OK);
    assert_int_equal(sql_int(env->path, "SELECT stock FROM products WHERE sku = 'CT-009'"), 0);
    catalog_close(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_place_order_records_and_takes_stock, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_same_key_places_once, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_out_of_stock_refused, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_bad_requests_refused, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_stock_change_by_another_process, env_setup,
                                        env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.orders", tests, NULL, NULL);
}
