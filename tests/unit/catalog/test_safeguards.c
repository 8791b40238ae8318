/*
 * test_safeguards.c - no order without a confirmation token, placed once; the PIN with its
 * lockout (kept across a restart); limits per order and per day; all with reasons.
 */
#include "support.h"
#include "shop_clock.h"

#include <stdio.h>
#include <string.h>

static catalog_t *open_shop(const test_env *env)
{
    catalog_t *cat = open_sample(env);
    test_clock_offset = 0;
    catalog_set_clock(cat, test_clock, NULL);
    return cat;
}

static int64_t stock_of(const test_env *env, int64_t id)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT stock FROM products WHERE id = %lld", (long long)id);
    return sql_int(env->path, sql);
}

/* The SHA-256 of text as hex, by another implementation than the catalog's: sha256sum. */
static void sha256sum(const char *text, char out[65])
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "printf %%s '%s' | sha256sum", text);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_int_equal(fscanf(p, "%64s", out), 1);
    assert_int_equal(pclose(p), 0);
}

static void test_checkout_once_with_token(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    int64_t oat = stock_of(env, 14), beans = stock_of(env, 1), order = -1, again = -1;
    assert_int_equal(catalog_cart_add(cat, 14, 2), CATALOG_OK);
    assert_int_equal(catalog_cart_add(cat, 1, 1), CATALOG_OK);
    catalog_purchase_t what = {CATALOG_PURCHASE_CART, 0, 0};
    catalog_confirmation_t c;
    assert_int_equal(catalog_confirm_begin(cat, &what, &c), CATALOG_OK);
    assert_int_equal(strlen(c.token), CATALOG_TOKEN_CHARS);
    assert_int_equal(c.total_cents, 2 * 449 + 1214);
    assert_int_equal(c.quantity, 3);
    assert_int_equal(c.pin_required, 0);
    /* The token is not in the database, only its hash. */
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM confirmations WHERE token_hash = '%s'",
             c.token);
    assert_int_equal(sql_int(env->path, sql), 0);
    /* Its SHA-256, as coreutils computes it, is. */
    char hash[65];
    sha256sum(c.token, hash);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM confirmations WHERE token_hash = '%s'", hash);
    assert_int_equal(sql_int(env->path, sql), 1);
    /* A made-up token places nothing. */
    assert_int_equal(catalog_place_confirmed(cat, "0123456789abcdef0123456789abcdef", "k0", &order),
                     CATALOG_ETOKEN);
    assert_int_equal(catalog_place_confirmed(cat, c.token, "k1", &order), CATALOG_OK);
    assert_int_equal(catalog_place_confirmed(cat, c.token, "k1", &again), CATALOG_OK);
    assert_int_equal(again, order);
    assert_int_equal(catalog_place_confirmed(cat, c.token, "k2", &again), CATALOG_ETOKEN);
    assert_non_null(strstr(catalog_errmsg(cat), "already placed"));
    assert_int_equal(stock_of(env, 14), oat - 2);
    assert_int_equal(stock_of(env, 1), beans - 1);
    snprintf(sql, sizeof sql, "SELECT total_cents FROM orders WHERE id = %lld", (long long)order);
    assert_int_equal(sql_int(env->path, sql), 2 * 449 + 1214);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM cart_items"), 0);
    catalog_close(cat);
}

static void test_changed_cart_or_expiry_refused(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    int64_t order = -1;
    catalog_purchase_t what = {CATALOG_PURCHASE_CART, 0, 0};
    catalog_confirmation_t c;
    assert_int_equal(catalog_confirm_begin(cat, &what, &c), CATALOG_EEMPTY);
    assert_int_equal(catalog_cart_add(cat, 44, 1), CATALOG_OK);
    assert_int_equal(catalog_confirm_begin(cat, &what, &c), CATALOG_OK);
    assert_int_equal(catalog_cart_add(cat, 44, 1), CATALOG_OK);
    assert_int_equal(catalog_place_confirmed(cat, c.token, "c1", &order), CATALOG_ETOKEN);
    assert_non_null(strstr(catalog_errmsg(cat), "cart changed"));
    /* A reorder whose price changed after the shopper heard it. */
    catalog_purchase_t re = {CATALOG_PURCHASE_REORDER, 44, 1};
    assert_int_equal(catalog_confirm_begin(cat, &re, &c), CATALOG_OK);
    assert_int_equal(catalog_set_price(cat, 44, 249), CATALOG_OK);
    assert_int_equal(catalog_place_confirmed(cat, c.token, "c2", &order), CATALOG_ETOKEN);
    assert_non_null(strstr(catalog_errmsg(cat), "price changed"));
    /* Expired: confirm_seconds (120) later. */
    assert_int_equal(catalog_confirm_begin(cat, &re, &c), CATALOG_OK);
    test_clock_offset = 121;
    assert_int_equal(catalog_place_confirmed(cat, c.token, "c3", &order), CATALOG_ETOKEN);
    assert_non_null(strstr(catalog_errmsg(cat), "expired"));
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders WHERE idempotency_key"
                                        " IN ('c1', 'c2', 'c3')"),
                     0);
    catalog_close(cat);
}

static void test_limits_and_stock(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    catalog_confirmation_t c;
    int64_t order;
    catalog_purchase_t pricey = {CATALOG_PURCHASE_REORDER, 175, 8}; /* 8 x $26.99 with the deal */
    sql_exec(env->path, "UPDATE products SET stock = 50 WHERE id = 175");
    assert_int_equal(catalog_confirm_begin(cat, &pricey, &c), CATALOG_ELIMIT);
    assert_non_null(strstr(catalog_errmsg(cat), "limit of $200.00 for one order"));
    catalog_purchase_t many = {CATALOG_PURCHASE_REORDER, 44, 21};
    assert_int_equal(catalog_confirm_begin(cat, &many, &c), CATALOG_ELIMIT);
    assert_non_null(strstr(catalog_errmsg(cat), "21 items"));
    catalog_purchase_t sold_out = {CATALOG_PURCHASE_REORDER, 1, 1};
    sql_exec(env->path, "UPDATE products SET stock = 0 WHERE id = 1");
    assert_int_equal(catalog_confirm_begin(cat, &sold_out, &c), CATALOG_ESTOCK);
    assert_non_null(strstr(catalog_errmsg(cat), "out of stock"));
    /* Per day: two orders of $161.94 pass one at a time, not the third the same day. */
    catalog_purchase_t six = {CATALOG_PURCHASE_REORDER, 175, 6};
    char key[16];
    for (int i = 0; i < 2; i++) {
        if (catalog_confirm_begin(cat, &six, &c) != CATALOG_OK)
            fail_msg("%s", catalog_errmsg(cat));
        snprintf(key, sizeof key, "day-%d", i);
        assert_int_equal(catalog_place_confirmed(cat, c.token, key, &order), CATALOG_OK);
    }
    assert_int_equal(catalog_confirm_begin(cat, &six, &c), CATALOG_ELIMIT);
    assert_non_null(strstr(catalog_errmsg(cat), "daily limit"));
    test_clock_offset = 86400; /* tomorrow */
    assert_int_equal(catalog_confirm_begin(cat, &six, &c), CATALOG_OK);
    catalog_close(cat);
}

/* A PIN hash written by another PBKDF2 (`openssl kdf`, PIN 4711, salt 00 01 .. 0f) is read:
 * the stored format does not depend on the library that made it. */
static void test_pin_hash_from_elsewhere(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    catalog_confirmation_t c;
    assert_int_equal(catalog_set_pin(cat, NULL, "1234"), CATALOG_OK);
    sql_exec(env->path, "UPDATE settings SET value = 'pbkdf2-sha256$100000$"
                        "000102030405060708090a0b0c0d0e0f$"
                        "191b034e3ad3e7d5816559a31114646b1e76e5733f9fb2804ed0b01b9ffe9c75' "
                        "WHERE key = 'pin_hash'");
    catalog_purchase_t re = {CATALOG_PURCHASE_REORDER, 44, 1};
    assert_int_equal(catalog_confirm_begin(cat, &re, &c), CATALOG_OK);
    assert_int_equal(c.pin_required, 1);
    assert_int_equal(catalog_confirm_pin(cat, c.token, "4712"), CATALOG_EPIN);
    assert_int_equal(catalog_confirm_pin(cat, c.token, "4711"), CATALOG_OK);
    catalog_close(cat);
}

static void test_pin_and_lockout(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    catalog_confirmation_t c;
    int64_t order = -1;
    assert_int_equal(catalog_set_pin(cat, NULL, "12a4"), CATALOG_EINVAL);
    assert_int_equal(catalog_set_pin(cat, NULL, "4711"), CATALOG_OK);
    char stored[256];
    sql_text(env->path, "SELECT value FROM settings WHERE key = 'pin_hash'", stored, sizeof stored);
    assert_null(strstr(stored, "4711"));
    assert_non_null(strstr(stored, "pbkdf2-sha256$"));
    catalog_purchase_t re = {CATALOG_PURCHASE_REORDER, 44, 1};
    assert_int_equal(catalog_confirm_begin(cat, &re, &c), CATALOG_OK);
    assert_int_equal(c.pin_required, 1);
    assert_int_equal(catalog_place_confirmed(cat, c.token, "p1", &order), CATALOG_EPIN);
    assert_int_equal(catalog_confirm_pin(cat, c.token, "0000"), CATALOG_EPIN);
    assert_null(strstr(catalog_errmsg(cat), "0000"));
    assert_int_equal(catalog_confirm_pin(cat, c.token, "1234"), CATALOG_EPIN);
    assert_int_equal(catalog_confirm_pin(cat, c.token, "9999"), CATALOG_ELOCKED);
    /* Locked, even for the right PIN, and after a restart. */
    assert_int_equal(catalog_confirm_pin(cat, c.token, "4711"), CATALOG_ELOCKED);
    catalog_close(cat);
    cat = open_shop(env);
    test_clock_offset = 14 * 60;
    assert_int_equal(catalog_confirm_begin(cat, &re, &c), CATALOG_ELOCKED);
    test_clock_offset = 15 * 60 + 1;
    assert_int_equal(catalog_confirm_begin(cat, &re, &c), CATALOG_OK);
    assert_int_equal(catalog_confirm_pin(cat, c.token, "4711"), CATALOG_OK);
    assert_int_equal(catalog_place_confirmed(cat, c.token, "p1", &order), CATALOG_OK);
    /* Changing the PIN needs the old one; removing it too. */
    assert_int_equal(catalog_set_pin(cat, "1111", "2222"), CATALOG_EPIN);
    assert_int_equal(catalog_set_pin(cat, "4711", NULL), CATALOG_OK);
    int set = -1;
    char until[32];
    assert_int_equal(catalog_pin_state(cat, &set, until, sizeof until), CATALOG_OK);
    assert_int_equal(set, 0);
    catalog_close(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_checkout_once_with_token, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_changed_cart_or_expiry_refused, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_limits_and_stock, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_pin_and_lockout, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_pin_hash_from_elsewhere, env_setup, env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.safeguards", tests, NULL, NULL);
}
