/*
 * test_shop.c - the shopper functions on the sample catalog: cart and deals, questions about
 * a product, finding what people mean, the order history, cancel windows, price watches,
 * reminders, feedback and callbacks. Time moves by the handle's clock, never by sleeping.
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

static void test_cart_with_deals(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    catalog_cart_t cart;
    assert_int_equal(catalog_cart_contents(cat, &cart), CATALOG_OK);
    assert_int_equal(cart.count, 0);
    assert_int_equal(catalog_cart_add(cat, 14, 2), CATALOG_OK); /* oat milk, $1 off */
    test_clock_offset = 1; /* lines are read in the order they were added */
    assert_int_equal(catalog_cart_add(cat, 1, 1), CATALOG_OK);  /* coffee, 10% off the aisle */
    assert_int_equal(catalog_cart_add(cat, 14, 1), CATALOG_OK); /* adds up */
    assert_int_equal(catalog_cart_contents(cat, &cart), CATALOG_OK);
    assert_int_equal(cart.count, 2);
    assert_int_equal(cart.quantity, 4);
    assert_int_equal(cart.lines[0].product.id, 14);
    assert_int_equal(cart.lines[0].quantity, 3);
    assert_int_equal(cart.lines[0].unit_cents, 449);
    assert_int_equal(cart.lines[1].unit_cents, 1349 - 135);
    assert_int_equal(cart.total_cents, 3 * 449 + 1214);
    assert_int_equal(cart.savings_cents, 3 * 100 + 135);
    assert_int_equal(catalog_cart_set_quantity(cat, 14, 5), CATALOG_OK);
    assert_int_equal(catalog_cart_set_quantity(cat, 14, 100), CATALOG_EINVAL);
    assert_int_equal(catalog_cart_add(cat, 14, 95), CATALOG_EINVAL);
    assert_int_equal(catalog_cart_add(cat, 999999, 1), CATALOG_ENOTFOUND);
    assert_int_equal(catalog_cart_remove(cat, 1), CATALOG_OK);
    assert_int_equal(catalog_cart_remove(cat, 1), CATALOG_ENOTFOUND);
    assert_int_equal(catalog_cart_contents(cat, &cart), CATALOG_OK);
    assert_int_equal(cart.count, 1);
    assert_int_equal(cart.lines[0].quantity, 5);
    assert_int_equal(catalog_cart_set_quantity(cat, 14, 0), CATALOG_OK);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM cart_items"), 0);
    assert_int_equal(catalog_cart_add(cat, 44, 1), CATALOG_OK);
    assert_int_equal(catalog_cart_clear(cat), CATALOG_OK);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM cart_items"), 0);
    catalog_close(cat);
}

static void test_cart_is_capped(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    sql_exec(env->path, "UPDATE products SET stock = 99"); /* the lines' cap, not the stock */
    for (int64_t id = 1; id <= CATALOG_CART_MAX; id++)
        assert_int_equal(catalog_cart_add(cat, id, 1), CATALOG_OK);
    assert_int_equal(catalog_cart_add(cat, CATALOG_CART_MAX + 1, 1), CATALOG_ETOOBIG);
    assert_int_equal(catalog_cart_add(cat, 1, 1), CATALOG_OK); /* an existing line still grows */
    catalog_close(cat);
}

/* No more in the cart than the shop has; a line past the stock can still shrink. */
static void test_cart_within_stock(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    sql_exec(env->path, "UPDATE products SET stock = 5 WHERE id = 3");
    assert_int_equal(catalog_cart_add(cat, 3, 6), CATALOG_ESTOCK);
    assert_non_null(strstr(catalog_errmsg(cat), "only 5 of"));
    assert_int_equal(catalog_cart_add(cat, 3, 4), CATALOG_OK);
    assert_int_equal(catalog_cart_add(cat, 3, 2), CATALOG_ESTOCK); /* 6 in all */
    assert_int_equal(catalog_cart_set_quantity(cat, 3, 6), CATALOG_ESTOCK);
    assert_int_equal(catalog_cart_set_quantity(cat, 3, 5), CATALOG_OK);
    sql_exec(env->path, "UPDATE products SET stock = 1 WHERE id = 3"); /* sold meanwhile */
    assert_int_equal(catalog_cart_set_quantity(cat, 3, 2), CATALOG_OK);
    assert_int_equal(sql_int(env->path, "SELECT quantity FROM cart_items WHERE product_id = 3"), 2);
    catalog_close(cat);
}

static int count_promo(void *user, const catalog_promotion_t *m)
{
    (void)m;
    ++*(int *)user;
    return 0;
}

static void test_deals_follow_the_clock(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    int n = 0;
    assert_int_equal(catalog_deals_today(cat, 0, count_promo, &n), CATALOG_OK);
    assert_int_equal(n, 2); /* the frozen sale is over */
    n = 0;
    assert_int_equal(catalog_deals_for_product(cat, 14, count_promo, &n), CATALOG_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(catalog_deals_in_category(cat, "coffee & tea", count_promo, &n), CATALOG_OK);
    assert_int_equal(n, 1);
    /* An aisle's deals include those on one of its products (oat milk's dollar off). */
    n = 0;
    assert_int_equal(catalog_deals_in_category(cat, "dairy & milk alternatives", count_promo, &n),
                     CATALOG_OK);
    assert_int_equal(n, 1);
    catalog_price_t price;
    assert_int_equal(catalog_price_today(cat, 14, &price), CATALOG_OK);
    assert_int_equal(price.deal_price_cents, 449);
    assert_non_null(strstr(price.promotion_title, "Oatly"));
    /* Twelve days on, every sample promotion has ended. */
    test_clock_offset = 12 * 86400;
    n = 0;
    assert_int_equal(catalog_deals_today(cat, 0, count_promo, &n), CATALOG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(catalog_price_today(cat, 14, &price), CATALOG_OK);
    assert_int_equal(price.deal_price_cents, 549);
    assert_int_equal(price.promotion_id, 0);
    /* Twenty days back, the frozen sale was on. */
    test_clock_offset = -20 * 86400;
    n = 0;
    assert_int_equal(catalog_deals_in_category(cat, "frozen", count_promo, &n), CATALOG_OK);
    assert_int_equal(n, 1);
    catalog_close(cat);
}

static int collect_ids(void *user, const catalog_product_t *p)
{
    int64_t *ids = user;
    for (int i = 0; i < 8; i++)
        if (ids[i] == 0) {
            ids[i] = p->id;
            break;
        }
    return 0;
}

static void test_questions(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    catalog_details_t d;
    assert_int_equal(catalog_get_details(cat, 176, &d), CATALOG_OK);
    assert_string_equal(d.size, "6 x 64 fl oz");
    assert_string_equal(d.allergens, "gluten, oats");
    assert_true(d.rating > 4.5 && d.rating_count == 288);
    assert_non_null(strstr(d.description, "Six cartons"));
    int contains = -1, known = -1;
    assert_int_equal(catalog_contains(cat, 176, "Gluten", &contains, &known), CATALOG_OK);
    assert_int_equal(contains, 1);
    assert_int_equal(catalog_contains(cat, 176, "peanuts", &contains, &known), CATALOG_OK);
    assert_int_equal(contains, 0);
    assert_int_equal(known, 1);
    /* Allergens by family: the label says "tree nuts" and "hazelnuts", the shopper "nuts"; it
     * says "milk" and "skim milk", the shopper "dairy" or "lactose". A plant milk is no dairy.
     * Each of these was answered "does not list ..." when the word was looked for as said. */
    enum { NUTELLA = 66, ALMOND_MILK = 16 };
    static const struct {
        int64_t id;
        const char *asked;
        int contains;
    } families[] = {
        {NUTELLA, "nuts", 1},      {NUTELLA, "nut", 1},       {NUTELLA, "dairy", 1},
        {NUTELLA, "lactose", 1},   {NUTELLA, "tree nuts", 1}, {ALMOND_MILK, "nuts", 1},
        {ALMOND_MILK, "dairy", 0}, {ALMOND_MILK, "milk", 0},  {NUTELLA, "shellfish", 0},
        {NUTELLA, "peanuts", 0},
    };
    for (size_t i = 0; i < sizeof families / sizeof *families; i++) {
        assert_int_equal(
            catalog_contains(cat, families[i].id, families[i].asked, &contains, &known),
            CATALOG_OK);
        if (contains != families[i].contains)
            fail_msg("product %lld, asked %s: contains %d", (long long)families[i].id,
                     families[i].asked, contains);
        assert_int_equal(known, 1);
    }
    /* Out of stock with a date it comes back. */
    sql_exec(env->path, "UPDATE products SET stock = 0, restock_at = '2031-05-01' WHERE id = 1");
    assert_int_equal(catalog_get_details(cat, 1, &d), CATALOG_OK);
    assert_int_equal(d.product.stock, 0);
    assert_string_equal(d.restock_at, "2031-05-01");
    assert_int_equal(d.price.deal_price_cents, 1214);
    /* A date gone by is not a date it comes back. */
    sql_exec(env->path, "UPDATE products SET restock_at = '2020-01-01' WHERE id = 1");
    assert_int_equal(catalog_get_details(cat, 1, &d), CATALOG_OK);
    assert_string_equal(d.restock_at, "");
    /* Sizes: the family of the Lavazza beans, from either member, by price. */
    int64_t ids[8] = {0};
    assert_int_equal(catalog_sizes(cat, 175, collect_ids, ids), CATALOG_OK);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 175);
    assert_int_equal(ids[2], 0);
    assert_int_equal(catalog_get_details(cat, 999999, &d), CATALOG_ENOTFOUND);
    catalog_close(cat);
}

static void test_resolve(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    catalog_match_t m;
    assert_int_equal(catalog_resolve(cat, "Lavazza Espresso Beans", &m), CATALOG_OK);
    assert_int_equal(m.how, CATALOG_MATCH_NAME);
    assert_int_equal(m.count, 1);
    assert_int_equal(m.candidates[0].id, 1);
    assert_int_equal(catalog_resolve(cat, "greek yogurt", &m), CATALOG_OK);
    assert_int_equal(m.how, CATALOG_MATCH_ALIAS);
    assert_int_equal(m.candidates[0].id, 21);
    /* An alias after its brand, as shoppers say it; "the" before it too. */
    assert_int_equal(catalog_resolve(cat, "the kerrygold irish butter", &m), CATALOG_OK);
    assert_int_equal(m.how, CATALOG_MATCH_ALIAS);
    assert_int_equal(m.count, 1);
    assert_string_equal(m.candidates[0].name, "Kerrygold Salted Butter");
    assert_int_equal(catalog_resolve(cat, "dr oetker margherita pizza", &m), CATALOG_OK);
    assert_string_equal(m.candidates[0].name, "Dr. Oetker Margherita");
    /* Not another brand's alias: Lavazza sells no "irish butter". */
    assert_int_equal(catalog_resolve(cat, "lavazza irish butter", &m), CATALOG_ENOTFOUND);
    /* A brand alone: Nespresso's pods are the ones this household orders. */
    assert_int_equal(catalog_resolve(cat, "nespresso", &m), CATALOG_OK);
    assert_int_equal(m.how, CATALOG_MATCH_BRAND);
    assert_int_equal(m.candidates[0].id, 4);
    assert_int_equal(m.count, 1);
    /* "My dairy": the oat milk, ordered twice, more than anything else in the aisle. */
    assert_int_equal(catalog_resolve(cat, "my dairy", &m), CATALOG_OK);
    assert_int_equal(m.how, CATALOG_MATCH_CATEGORY);
    assert_int_equal(m.count, 1);
    assert_int_equal(m.candidates[0].id, 14);
    /* Produce: three products ordered once each is a question back, with three choices. */
    assert_int_equal(catalog_resolve(cat, "the usual produce", &m), CATALOG_OK);
    assert_int_equal(m.how, CATALOG_MATCH_CATEGORY);
    assert_int_equal(m.count, 3);
    assert_int_not_equal(m.candidates[0].id, m.candidates[1].id);
    assert_int_equal(catalog_resolve(cat, "a unicorn", &m), CATALOG_ENOTFOUND);
    assert_int_equal(m.count, 0);
    catalog_close(cat);
}

static void test_history(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    catalog_usual_t usual[3];
    size_t n = 0;
    assert_int_equal(catalog_usual(cat, usual, 3, &n), CATALOG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(usual[0].times, 2); /* Lavazza, oat milk and Rao's were ordered twice */
    assert_int_equal(usual[2].times, 2);
    catalog_order_t order;
    catalog_order_line_t lines[8];
    assert_int_equal(catalog_last_order(cat, &order, lines, 8, &n), CATALOG_OK);
    assert_int_equal(order.id, 10);
    assert_int_equal(n, 2);
    catalog_order_status_t s;
    assert_int_equal(catalog_order_status(cat, 9, &s), CATALOG_OK);
    assert_string_equal(s.order.status, "shipped");
    assert_int_equal(strlen(s.estimated_at), 10);
    assert_int_equal(s.cancellable, 0);
    assert_int_equal(catalog_cancel_order(cat, 9), CATALOG_ETOOLATE);
    assert_non_null(strstr(catalog_errmsg(cat), "shipped"));
    /* Order 10 was placed five hours ago: outside a 30 minute window, inside a 6 hour one. */
    assert_int_equal(catalog_order_status(cat, 0, &s), CATALOG_OK);
    assert_int_equal(s.order.id, 10);
    assert_int_equal(s.cancellable, 0);
    assert_int_equal(catalog_cancel_order(cat, 10), CATALOG_ETOOLATE);
    assert_int_equal(catalog_set_setting(cat, "cancel_window_minutes", "360"), CATALOG_OK);
    int64_t stock = sql_int(env->path, "SELECT stock FROM products WHERE id = 67");
    assert_int_equal(catalog_cancel_order(cat, 10), CATALOG_OK);
    assert_int_equal(sql_int(env->path, "SELECT stock FROM products WHERE id = 67"), stock + 1);
    assert_int_equal(catalog_cancel_order(cat, 10), CATALOG_OK); /* once only */
    assert_int_equal(sql_int(env->path, "SELECT stock FROM products WHERE id = 67"), stock + 1);
    assert_int_equal(catalog_last_order(cat, &order, lines, 8, &n), CATALOG_OK);
    assert_int_equal(order.id, 9); /* the cancelled one is not "my last order" */
    assert_int_equal(catalog_order_status(cat, 424242, &s), CATALOG_ENOTFOUND);
    /* Bought together with the Lavazza beans: oat milk (orders 1) and others of order 6. */
    catalog_product_t with[3];
    assert_int_equal(catalog_bought_together(cat, 1, with, 3, &n), CATALOG_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(with[i].id, 1);
    catalog_close(cat);
}

static int count_notes(void *user, const catalog_notification_t *note)
{
    if (strcmp(note->kind, "price") == 0 || strcmp(note->kind, "cart") == 0)
        ++*(int *)user;
    return 0;
}

static void test_price_watch(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    int below = -1, n = 0;
    assert_int_equal(catalog_watch_price(cat, 1, 1000, &below), CATALOG_OK);
    assert_int_equal(below, 0);
    assert_int_equal(catalog_set_price(cat, 1, 1100), CATALOG_OK); /* not under yet */
    assert_int_equal(catalog_unread_notifications(cat, 0, count_notes, &n), CATALOG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(catalog_set_price(cat, 1, 999), CATALOG_OK); /* crosses */
    assert_int_equal(catalog_set_price(cat, 1, 1200), CATALOG_OK);
    assert_int_equal(catalog_set_price(cat, 1, 900), CATALOG_OK); /* crosses again: told once */
    assert_int_equal(catalog_unread_notifications(cat, 0, count_notes, &n), CATALOG_OK);
    assert_int_equal(n, 1);
    char text[256];
    sql_text(env->path, "SELECT text FROM notifications WHERE kind = 'price'", text, sizeof text);
    assert_string_equal(text,
                        "Lavazza Espresso Beans is now $9.99, under the $10.00 you asked me to "
                        "watch for.");
    assert_int_equal(catalog_set_price(cat, 999999, 900), CATALOG_ENOTFOUND);
    catalog_close(cat);
}

static void test_cart_reminder_once(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    int created = -1, n = 0;
    assert_int_equal(catalog_cart_check_reminder(cat, &created), CATALOG_OK);
    assert_int_equal(created, 0); /* empty cart */
    assert_int_equal(catalog_cart_add(cat, 44, 2), CATALOG_OK);
    assert_int_equal(catalog_set_setting(cat, "cart_reminder_minutes", "60"), CATALOG_OK);
    test_clock_offset = 59 * 60;
    assert_int_equal(catalog_cart_check_reminder(cat, &created), CATALOG_OK);
    assert_int_equal(created, 0);
    test_clock_offset = 61 * 60;
    assert_int_equal(catalog_cart_check_reminder(cat, &created), CATALOG_OK);
    assert_int_equal(created, 1);
    test_clock_offset = 600 * 60;
    assert_int_equal(catalog_cart_check_reminder(cat, &created), CATALOG_OK);
    assert_int_equal(created, 0); /* one reminder per untouched cart */
    assert_int_equal(catalog_unread_notifications(cat, 0, count_notes, &n), CATALOG_OK);
    assert_int_equal(n, 1);
    /* Touching the cart re-arms it. */
    assert_int_equal(catalog_cart_add(cat, 44, 1), CATALOG_OK);
    test_clock_offset = 700 * 60;
    assert_int_equal(catalog_cart_check_reminder(cat, &created), CATALOG_OK);
    assert_int_equal(created, 1);
    catalog_close(cat);
}

static void test_feedback_and_callback(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_shop(env);
    assert_int_equal(catalog_record_feedback(cat, 0, "produce"), CATALOG_OK);
    assert_int_equal(catalog_record_feedback(cat, 1, NULL), CATALOG_OK);
    assert_int_equal(catalog_record_feedback(cat, 2, NULL), CATALOG_EINVAL);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM feedback WHERE found = 0"
                                        " AND category = 'produce'"),
                     1);
    char hours[128];
    assert_int_equal(catalog_request_callback(cat, NULL, hours, sizeof hours), CATALOG_OK);
    assert_string_equal(hours, "Mon-Fri 08:00-20:00; Sat 09:00-17:00");
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM support_requests"
                                        " WHERE topic = 'callback' AND status = 'open'"),
                     1);
    assert_int_equal(catalog_set_setting(cat, "daily_limit_cents", "lots"), CATALOG_EINVAL);
    assert_int_equal(catalog_set_setting(cat, "pin_hash", "x"), CATALOG_EINVAL);
    char buf[32];
    assert_int_equal(catalog_get_setting(cat, "pin_hash", buf, sizeof buf), CATALOG_EINVAL);
    assert_int_equal(catalog_get_setting(cat, "daily_limit_cents", buf, sizeof buf), CATALOG_OK);
    assert_string_equal(buf, "40000");
    catalog_close(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cart_with_deals, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_cart_is_capped, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_cart_within_stock, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_deals_follow_the_clock, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_questions, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_resolve, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_history, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_price_watch, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_cart_reminder_once, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_feedback_and_callback, env_setup, env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.shop", tests, NULL, NULL);
}
