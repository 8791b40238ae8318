/*
 * test_dialog.c - the dialog on a real sample catalog (a fresh SQLite file per test): answers
 * name the product and say money in words; nothing is ordered without a confirmation token
 * and a later yes (or the PIN); declined, expired, over-limit, out-of-stock and locked
 * purchases place nothing and say why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dialog.h"
#include "say.h"

typedef struct {
    char dir[64];
    char path[128];
    catalog_t *cat;
    dialog_t *dialog;
    messages_t *messages;
    int64_t now;             /* the catalog's clock */
    char in_stock[256];      /* a phrase for a product in stock that was ordered before */
    char out_of_stock[256];  /* a phrase for a product with no stock */
    char never_ordered[256]; /* in stock, never ordered */
} fixture_t;

static int64_t fixture_clock(void *user)
{
    return ((fixture_t *)user)->now;
}

static int pick_phrases(void *user, int64_t product_id, const char *phrase)
{
    fixture_t *f = user;
    catalog_product_t p;
    catalog_order_line_t last;
    assert_int_equal(catalog_get_product(f->cat, product_id, &p), CATALOG_OK);
    int ordered = catalog_last_order_of(f->cat, product_id, &last) == CATALOG_OK;
    if (p.stock == 0 && !f->out_of_stock[0])
        snprintf(f->out_of_stock, sizeof f->out_of_stock, "%s", phrase);
    if (p.stock > 5 && !f->in_stock[0] && ordered)
        snprintf(f->in_stock, sizeof f->in_stock, "%s", phrase);
    if (p.stock > 5 && p.stock < 99 && !f->never_ordered[0] && !ordered)
        snprintf(f->never_ordered, sizeof f->never_ordered, "%s", phrase);
    return 0;
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    int status;
    snprintf(f->dir, sizeof f->dir, "/tmp/shopspeak-dialog-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/catalog.db", f->dir);
    f->cat =
        catalog_open(f->path, CATALOG_OPEN_CREATE | CATALOG_OPEN_SEED_SAMPLE, &status, NULL, 0);
    assert_non_null(f->cat);
    f->now = (int64_t)time(NULL);
    catalog_set_clock(f->cat, fixture_clock, f);
    char path[1024], err[256];
    assert_non_null(messages_find("en-US", path, sizeof path, err, sizeof err));
    f->messages = messages_load(path, err, sizeof err);
    assert_non_null(f->messages);
    f->dialog = dialog_open(f->cat, f->messages);
    assert_non_null(f->dialog);
    assert_int_equal(catalog_for_each_phrase(f->cat, pick_phrases, f), 0);
    assert_true(f->in_stock[0] && f->out_of_stock[0] && f->never_ordered[0]);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    char cmd[256];
    dialog_close(f->dialog);
    messages_free(f->messages);
    catalog_close(f->cat);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* An intent with slots given as name, value pairs, ending with NULL. */
static grammar_intent_t intent(const char *name, ...)
{
    grammar_intent_t i;
    va_list ap;
    memset(&i, 0, sizeof i);
    snprintf(i.name, sizeof i.name, "%s", name);
    va_start(ap, name);
    for (const char *slot; (slot = va_arg(ap, const char *)) && i.n_slots < GRAMMAR_MAX_SLOTS;) {
        snprintf(i.slots[i.n_slots].name, sizeof i.slots[0].name, "%s", slot);
        snprintf(i.slots[i.n_slots].value, sizeof i.slots[0].value, "%s", va_arg(ap, char *));
        i.n_slots++;
    }
    va_end(ap);
    return i;
}

/* One turn; the reply is returned by value so checks read like the conversation. */
static dialog_reply_t turn(fixture_t *f, grammar_intent_t in)
{
    dialog_reply_t r;
    assert_int_equal(dialog_turn(f->dialog, &in, &r), 0);
    assert_null(strchr(r.answer, '$')); /* money is always in words */
    return r;
}

static int count_one(void *user, const catalog_order_t *order)
{
    (void)order;
    (*(int *)user)++;
    return 0;
}

static int orders(fixture_t *f)
{
    int n = 0;
    assert_int_equal(catalog_list_orders(f->cat, NULL, count_one, &n), 0);
    return n;
}

static int64_t stock_of(fixture_t *f, const char *phrase)
{
    catalog_product_t p;
    assert_int_equal(catalog_find_product(f->cat, phrase, &p), CATALOG_OK);
    return p.stock;
}

static void test_price_in_words(void **state)
{
    fixture_t *f = *state;
    catalog_product_t p;
    char price[128];
    assert_int_equal(catalog_find_product(f->cat, f->in_stock, &p), CATALOG_OK);
    dialog_reply_t r = turn(f, intent("price", "product", f->in_stock, NULL));
    assert_non_null(strstr(r.answer, p.name));
    catalog_price_t today;
    assert_int_equal(catalog_price_today(f->cat, p.id, &today), CATALOG_OK);
    assert_non_null(strstr(r.answer, say_price(today.deal_price_cents, price, sizeof price)));
    /* The oat milk has a deal in the sample: today's price first, then the usual one. */
    r = turn(f, intent("price", "product", "oat milk", NULL));
    assert_non_null(strstr(r.answer, "four dollars and forty-nine cents a carton today, down "
                                     "from five dollars and forty-nine cents"));
    /* "it" is the product just named. */
    r = turn(f, intent("stock", "product", "it", NULL));
    assert_non_null(strstr(r.answer, "Oatly Oat Milk is in stock"));
}

static void test_stock(void **state)
{
    fixture_t *f = *state;
    dialog_reply_t r = turn(f, intent("stock", "product", f->in_stock, NULL));
    assert_non_null(strstr(r.answer, "in stock"));
    r = turn(f, intent("stock", "product", f->out_of_stock, NULL));
    assert_non_null(strstr(r.answer, "out of stock"));
}

static void test_reorder_yes_places_exactly_one_order(void **state)
{
    fixture_t *f = *state;
    catalog_product_t p;
    catalog_order_line_t last;
    int before = orders(f);
    int64_t stock = stock_of(f, f->in_stock);
    assert_int_equal(catalog_find_product(f->cat, f->in_stock, &p), CATALOG_OK);
    assert_int_equal(catalog_last_order_of(f->cat, p.id, &last), CATALOG_OK);

    dialog_reply_t r = turn(f, intent("reorder", "product", f->in_stock, NULL));
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    assert_int_equal(r.order_id, 0);
    assert_non_null(strstr(r.answer, "Shall I place the order?"));
    assert_int_equal(orders(f), before);
    assert_int_equal(stock_of(f, f->in_stock), stock); /* nothing bought yet */

    r = turn(f, intent("yes", NULL));
    assert_true(r.order_id > 0);
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_non_null(strstr(r.answer, "Your order number is"));
    assert_int_equal(orders(f), before + 1);
    assert_int_equal(stock_of(f, f->in_stock), stock - last.quantity);

    /* A second yes has nothing to confirm and buys nothing. */
    r = turn(f, intent("yes", NULL));
    assert_int_equal(r.order_id, 0);
    assert_non_null(strstr(r.answer, "nothing waiting"));
    assert_int_equal(orders(f), before + 1);
}

static void test_reorder_declined(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    turn(f, intent("reorder", "product", f->in_stock, NULL));
    dialog_reply_t r = turn(f, intent("no", NULL));
    assert_int_equal(r.order_id, 0);
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_non_null(strstr(r.answer, "won't"));
    /* A yes after the no finds nothing pending. */
    r = turn(f, intent("yes", NULL));
    assert_int_equal(r.order_id, 0);
    turn(f, intent("reorder", "product", f->in_stock, NULL));
    r = turn(f, intent("cancel", NULL));
    assert_non_null(strstr(r.answer, "Nothing was ordered"));
    assert_int_equal(orders(f), before);
}

/* The answer timeout: the pending reorder is dropped, not placed, and the answer names it. */
static void test_timeout_drops_pending_purchase(void **state)
{
    fixture_t *f = *state;
    catalog_product_t p;
    dialog_reply_t r;
    int before = orders(f);
    int64_t stock = stock_of(f, f->in_stock);
    assert_int_equal(catalog_find_product(f->cat, f->in_stock, &p), CATALOG_OK);

    /* In the top state nothing waits: nothing is said, nothing changes. */
    assert_int_equal(dialog_timeout(f->dialog, &r), 0);
    assert_string_equal(r.answer, "");
    assert_int_equal(r.state, DIALOG_STATE_TOP);

    r = turn(f, intent("reorder", "product", f->in_stock, NULL));
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    dialog_timeout_warning(f->dialog, 10, &r);
    /* It says again what the answer is: a bare yes to "are you still there" is then a yes to
     * the order it names. */
    assert_string_equal(r.answer, "Are you still there? Say yes to place the order, or no to drop "
                                  "it. Say repeat to hear the order again. Otherwise I'll cancel "
                                  "this in ten seconds.");
    assert_int_equal(dialog_state(f->dialog), DIALOG_STATE_CONFIRM); /* a warning changes nothing */
    dialog_timeout_warning(f->dialog, 2.9, &r); /* never more time than is left */
    assert_non_null(strstr(r.answer, "in two seconds."));
    dialog_timeout_warning(f->dialog, 0.4, &r);
    assert_non_null(strstr(r.answer, "in one second."));

    assert_int_equal(dialog_timeout(f->dialog, &r), 0);
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_int_equal(dialog_state(f->dialog), DIALOG_STATE_TOP);
    assert_int_equal(r.order_id, 0);
    assert_non_null(strstr(r.answer, "I've cancelled the order of "));
    assert_non_null(strstr(r.answer, p.name));
    assert_int_equal(orders(f), before);
    assert_int_equal(stock_of(f, f->in_stock), stock);

    /* A late yes finds nothing to confirm. */
    r = turn(f, intent("yes", NULL));
    assert_int_equal(r.order_id, 0);
    assert_non_null(strstr(r.answer, "nothing waiting"));
    assert_int_equal(orders(f), before);
}

static void test_yes_without_pending_places_nothing(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    dialog_reply_t r = turn(f, intent("yes", NULL));
    assert_int_equal(r.order_id, 0);
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_int_equal(orders(f), before);
}

static void test_out_of_stock_refused(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    dialog_reply_t r = turn(f, intent("reorder", "product", f->out_of_stock, NULL));
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_non_null(strstr(r.answer, "out of stock"));
    /* More than the stock at the quantity question: said, and asked again; cancel leaves
     * nothing ordered. */
    r = turn(f, intent("reorder", "product", f->never_ordered, NULL));
    assert_int_equal(r.state, DIALOG_STATE_QUANTITY);
    assert_non_null(strstr(r.answer, "How many"));
    r = turn(f, intent("quantity", "quantity", "ninety nine", NULL));
    assert_int_equal(r.state, DIALOG_STATE_QUANTITY);
    assert_non_null(strstr(r.answer, "There are only"));
    assert_non_null(strstr(r.answer, "How many"));
    r = turn(f, intent("cancel", NULL));
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_int_equal(orders(f), before);
}

static void test_over_limit_refused_with_reason(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    assert_int_equal(catalog_set_setting(f->cat, "spending_limit_cents", "1000"), CATALOG_OK);
    catalog_product_t p;
    catalog_order_line_t last;
    assert_int_equal(catalog_find_product(f->cat, f->in_stock, &p), CATALOG_OK);
    assert_int_equal(catalog_last_order_of(f->cat, p.id, &last), CATALOG_OK);
    dialog_reply_t r = turn(f, intent("reorder", "product", f->in_stock, NULL));
    assert_non_null(strstr(r.answer, "over the limit of ten dollars for one order"));
    /* Fewer may pass: asked how many instead; one cannot be fewer: refused. */
    if (last.quantity > 1) {
        assert_int_equal(r.state, DIALOG_STATE_QUANTITY);
        assert_non_null(strstr(r.answer, "How many would you like instead?"));
        r = turn(f, intent("cancel", NULL));
    }
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    r = turn(f, intent("yes", NULL));
    assert_int_equal(r.order_id, 0);
    assert_int_equal(orders(f), before);
}

static void test_pin_wrong_three_times_locks(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    assert_int_equal(catalog_set_pin(f->cat, NULL, "2468"), CATALOG_OK);
    dialog_reply_t r = turn(f, intent("reorder", "product", f->in_stock, NULL));
    assert_int_equal(r.state, DIALOG_STATE_PIN);
    assert_non_null(strstr(r.answer, "say your four-digit PIN"));
    for (int i = 0; i < 3; i++) {
        r = turn(f, intent("pin", "pin", "one three five seven", NULL));
        assert_int_equal(r.order_id, 0);
        assert_null(strstr(r.answer, "1357"));
        assert_null(strstr(r.answer, "one three five seven"));
        assert_null(strstr(r.answer, "2468"));
        if (i < 2) {
            assert_int_equal(r.state, DIALOG_STATE_PIN);
            assert_non_null(strstr(r.answer, "that PIN is wrong"));
        }
    }
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_non_null(strstr(r.answer, "locked for 15 minutes"));
    /* Locked: even the right PIN cannot start a new purchase. */
    r = turn(f, intent("reorder", "product", f->in_stock, NULL));
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_non_null(strstr(r.answer, "locked"));
    assert_int_equal(orders(f), before);
}

static void test_right_pin_places_order(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    assert_int_equal(catalog_set_pin(f->cat, NULL, "2468"), CATALOG_OK);
    turn(f, intent("reorder", "product", f->in_stock, NULL));
    /* A yes is not a PIN: it drops the purchase instead of placing it. */
    dialog_reply_t r = turn(f, intent("help", NULL));
    assert_non_null(strstr(r.answer, "one digit at a time"));
    r = turn(f, intent("pin", "pin", "two four six eight", NULL));
    assert_true(r.order_id > 0);
    assert_null(strstr(r.answer, "two four six eight"));
    assert_int_equal(orders(f), before + 1);
}

static void test_expired_confirmation_asks_again(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    turn(f, intent("reorder", "product", f->in_stock, NULL));
    f->now += 121; /* confirm_seconds is 120 */
    dialog_reply_t r = turn(f, intent("yes", NULL));
    assert_int_equal(r.order_id, 0);
    assert_non_null(strstr(r.answer, "expired"));
    assert_non_null(strstr(r.answer, "Shall I place the order?"));
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    assert_int_equal(orders(f), before);
    r = turn(f, intent("yes", NULL));
    assert_true(r.order_id > 0);
    assert_int_equal(orders(f), before + 1);
}

static void test_price_change_asks_again(void **state)
{
    fixture_t *f = *state;
    catalog_product_t p;
    assert_int_equal(catalog_find_product(f->cat, f->never_ordered, &p), CATALOG_OK);
    turn(f, intent("reorder", "product", f->never_ordered, NULL));
    turn(f, intent("quantity", "quantity", "two", NULL));
    assert_int_equal(catalog_set_price(f->cat, p.id, 1000), CATALOG_OK);
    dialog_reply_t r = turn(f, intent("yes", NULL));
    assert_int_equal(r.order_id, 0);
    assert_non_null(strstr(r.answer, "price changed"));
    catalog_price_t today;
    char total[128], said[160];
    assert_int_equal(catalog_price_today(f->cat, p.id, &today), CATALOG_OK);
    snprintf(said, sizeof said, "It is now %s in all",
             say_price(2 * today.deal_price_cents, total, sizeof total));
    assert_non_null(strstr(r.answer, said));
    r = turn(f, intent("yes", NULL));
    assert_true(r.order_id > 0);
}

static void test_checkout_cart(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    dialog_reply_t r = turn(f, intent("checkout", NULL));
    assert_non_null(strstr(r.answer, "cart is empty"));
    r = turn(f, intent("cart_add", "quantity", "two", "product", f->in_stock, NULL));
    assert_non_null(strstr(r.answer, "Added two"));
    r = turn(f, intent("cart_add", "product", "oat milk", NULL));
    r = turn(f, intent("cart_change", "product", "it", "quantity", "three", NULL));
    assert_non_null(strstr(r.answer, "three cartons of Oatly Oat Milk"));
    r = turn(f, intent("checkout", NULL));
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    assert_non_null(strstr(r.answer, "three cartons of Oatly Oat Milk"));
    r = turn(f, intent("no", NULL));
    assert_non_null(strstr(r.answer, "cart stays"));
    turn(f, intent("checkout", NULL));
    r = turn(f, intent("yes", NULL));
    assert_true(r.order_id > 0);
    assert_non_null(strstr(r.answer, "five items"));
    r = turn(f, intent("cart_list", NULL));
    assert_non_null(strstr(r.answer, "empty"));
    assert_int_equal(orders(f), before + 1);
}

static int64_t cart_items(fixture_t *f)
{
    catalog_cart_t *cart = malloc(sizeof *cart);
    assert_non_null(cart);
    assert_int_equal(catalog_cart_contents(f->cat, cart), CATALOG_OK);
    int64_t n = cart->quantity;
    free(cart);
    return n;
}

/* "Remove one oat milk" takes one; more than the line holds takes the line. */
static void test_cart_remove_some(void **state)
{
    fixture_t *f = *state;
    turn(f, intent("cart_add", "quantity", "three", "product", "oat milk", NULL));
    dialog_reply_t r =
        turn(f, intent("cart_remove", "quantity", "one", "product", "oat milk", NULL));
    assert_string_equal(r.answer, "Took one carton of Oatly Oat Milk out of your cart. Your cart "
                                  "has two items, eight dollars and ninety-eight cents in all.");
    assert_int_equal(cart_items(f), 2);
    r = turn(f, intent("cart_remove", "quantity", "five", "product", "oat milk", NULL));
    assert_non_null(strstr(r.answer, "Removed Oatly Oat Milk from your cart."));
    assert_int_equal(cart_items(f), 0);
    r = turn(f, intent("cart_remove", "quantity", "one", "product", "oat milk", NULL));
    assert_non_null(strstr(r.answer, "isn't in your cart"));
}

/* "Cancel that" or "no" right after a cart change takes it back; two minutes later, or after
 * another command, it does not. */
static void test_cart_change_taken_back(void **state)
{
    fixture_t *f = *state;
    turn(f, intent("cart_add", "quantity", "three", "product", "oat milk", NULL));
    dialog_reply_t r = turn(f, intent("cancel", NULL));
    assert_string_equal(r.answer, "Okay, I took Oatly Oat Milk back out of your cart. Your cart "
                                  "is empty now.");
    assert_int_equal(cart_items(f), 0);

    turn(f, intent("cart_add", "quantity", "two", "product", "oat milk", NULL));
    turn(f, intent("cart_change", "quantity", "five", "product", "oat milk", NULL));
    r = turn(f, intent("no", NULL));
    assert_non_null(strstr(r.answer, "Okay, back to two cartons of Oatly Oat Milk."));
    assert_int_equal(cart_items(f), 2);

    turn(f, intent("cart_remove", "product", "oat milk", NULL));
    f->now += DIALOG_UNDO_SECONDS + 1;
    r = turn(f, intent("cancel", NULL));
    assert_non_null(strstr(r.answer, "Nothing was waiting to be cancelled"));
    assert_int_equal(cart_items(f), 0);

    turn(f, intent("cart_add", "quantity", "one", "product", "oat milk", NULL));
    f->now += DIALOG_UNDO_SECONDS - 1;
    turn(f, intent("help", NULL)); /* keeps it, as "repeat" and the voice do */
    r = turn(f, intent("cancel", NULL));
    assert_non_null(strstr(r.answer, "back out of your cart"));
    assert_int_equal(cart_items(f), 0);

    turn(f, intent("cart_add", "quantity", "one", "product", "oat milk", NULL));
    turn(f, intent("price", "product", "oat milk", NULL));
    r = turn(f, intent("no", NULL));
    assert_string_equal(r.answer, "Okay.");
    assert_int_equal(cart_items(f), 1);

    /* The product taken out of the catalog (another program, an import) before the undo:
     * nothing is taken back and nothing made up is said. */
    turn(f, intent("cart_add", "quantity", "two", "product", "bananas", NULL));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DELETE FROM cart_items WHERE product_id = (SELECT id FROM "
                                  "products WHERE name = 'Organic Bananas');"
                                  "DELETE FROM products WHERE name = 'Organic Bananas';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    r = turn(f, intent("cancel", NULL));
    assert_non_null(strstr(r.answer, "Nothing was waiting to be cancelled"));
}

/* Emptying the cart waits for a yes: a no, a cancel or the answer timeout keep it. */
static void test_cart_clear_asks_first(void **state)
{
    fixture_t *f = *state;
    dialog_reply_t r = turn(f, intent("cart_clear", NULL));
    assert_string_equal(r.answer, "Your cart is empty.");
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    turn(f, intent("cart_add", "quantity", "two", "product", "oat milk", NULL));
    r = turn(f, intent("cart_clear", NULL));
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    assert_string_equal(r.answer, "Your cart has two items, eight dollars and ninety-eight cents "
                                  "in all. Shall I empty it?");
    r = turn(f, intent("help", NULL));
    assert_non_null(strstr(r.answer, "Say yes to empty your cart"));
    r = turn(f, intent("no", NULL));
    assert_string_equal(r.answer, "Okay, your cart stays as it is.");
    assert_int_equal(cart_items(f), 2);
    turn(f, intent("cart_clear", NULL));
    r = turn(f, intent("cancel", NULL));
    assert_int_equal(cart_items(f), 2);
    turn(f, intent("cart_clear", NULL));
    assert_int_equal(dialog_timeout(f->dialog, &r), 0);
    assert_non_null(strstr(r.answer, "your cart stays as it is"));
    assert_int_equal(cart_items(f), 2);
    r = turn(f, intent("yes", NULL)); /* late: nothing waits */
    assert_int_equal(cart_items(f), 2);
    turn(f, intent("cart_clear", NULL));
    r = turn(f, intent("yes", NULL));
    assert_string_equal(r.answer, "Done. Your cart is empty now.");
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_int_equal(cart_items(f), 0);
}

/* The last order added to a cart that held things, then the answer timeout: the answer says
 * that order went back out and the shopper's own lines stayed. */
static void test_timeout_takes_last_order_back_out(void **state)
{
    fixture_t *f = *state;
    turn(f, intent("cart_add", "quantity", "two", "product", "oat milk", NULL));
    dialog_reply_t r = turn(f, intent("reorder_last", NULL));
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    assert_true(cart_items(f) > 2);
    assert_int_equal(dialog_timeout(f->dialog, &r), 0);
    assert_non_null(strstr(r.answer, "I took your last order back out of your cart"));
    assert_int_equal(cart_items(f), 2);
}

static void test_cancel_order_asks_first(void **state)
{
    fixture_t *f = *state;
    turn(f, intent("reorder", "product", f->in_stock, NULL));
    int64_t id = turn(f, intent("yes", NULL)).order_id;
    dialog_reply_t r = turn(f, intent("cancel_order", NULL));
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    assert_non_null(strstr(r.answer, "Shall I cancel it?"));
    r = turn(f, intent("no", NULL));
    assert_non_null(strstr(r.answer, "Your order stands"));
    catalog_order_status_t s;
    assert_int_equal(catalog_order_status(f->cat, id, &s), CATALOG_OK);
    assert_string_equal(s.order.status, "placed");
    turn(f, intent("cancel_order", NULL));
    r = turn(f, intent("yes", NULL));
    assert_non_null(strstr(r.answer, "is cancelled"));
    assert_int_equal(catalog_order_status(f->cat, id, &s), CATALOG_OK);
    assert_string_equal(s.order.status, "cancelled");
}

static void test_choice_among_candidates(void **state)
{
    fixture_t *f = *state;
    const char *const *names;
    /* An aisle word matches several products in the sample: "frozen". */
    dialog_reply_t r = turn(f, intent("price", "product", "frozen", NULL));
    assert_int_equal(r.state, DIALOG_STATE_CHOICE);
    size_t n = dialog_candidates(f->dialog, &names);
    assert_true(n >= 2 && n <= 3);
    assert_non_null(strstr(r.answer, "Which one do you mean: one, "));
    assert_non_null(strstr(r.answer, names[1]));
    char second[128];
    snprintf(second, sizeof second, "%s", names[1]);
    r = turn(f, intent("choose", "choice", "2", NULL));
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_non_null(strstr(r.answer, second)); /* the price question, answered for it */
    assert_non_null(strstr(r.answer, " costs "));
    assert_int_equal(dialog_candidates(f->dialog, &names), 0);
    /* By name, and cancel. */
    turn(f, intent("stock", "product", "frozen", NULL));
    r = turn(f, intent("cancel", NULL));
    assert_int_equal(r.state, DIALOG_STATE_TOP);
}

static void test_repeat_help_and_voice(void **state)
{
    fixture_t *f = *state;
    dialog_reply_t first = turn(f, intent("price", "product", "oat milk", NULL));
    dialog_reply_t missed;
    assert_int_equal(dialog_turn(f->dialog, NULL, &missed), 0);
    assert_non_null(strstr(missed.answer, "didn't catch that"));
    dialog_reply_t again = turn(f, intent("repeat", NULL));
    assert_string_equal(again.answer, first.answer);
    dialog_reply_t top = turn(f, intent("help", NULL));
    turn(f, intent("reorder", "product", f->in_stock, NULL));
    dialog_reply_t confirm = turn(f, intent("help", NULL));
    assert_string_not_equal(top.answer, confirm.answer);
    assert_non_null(strstr(confirm.answer, "Say yes"));
    turn(f, intent("no", NULL));
    int wpm, volume;
    dialog_set_voice(f->dialog, 0, 0);
    turn(f, intent("voice", "change", "slower", NULL));
    dialog_voice(f->dialog, &wpm, &volume);
    assert_true(wpm > 0 && wpm < 175);
    turn(f, intent("voice", "change", "louder", NULL));
    dialog_voice(f->dialog, &wpm, &volume);
    assert_true(volume > 100);
    /* A change no voice has (an operator grammar's {change=weird}) changes nothing. */
    int wpm_before = wpm, volume_before = volume;
    dialog_reply_t r = turn(f, intent("voice", "change", "weird", NULL));
    assert_non_null(strstr(r.answer, "You can say speak slower"));
    dialog_voice(f->dialog, &wpm, &volume);
    assert_true(wpm == wpm_before && volume == volume_before);
}

/* "Speak slower" and "louder" first, then "repeat": the last voice answer was the last thing
 * said; once there is a real answer, repeat says that one again, not the voice change after it. */
static void test_repeat_after_only_a_voice_change(void **state)
{
    fixture_t *f = *state;
    turn(f, intent("voice", "change", "slower", NULL));
    dialog_reply_t louder = turn(f, intent("voice", "change", "louder", NULL));
    dialog_reply_t again = turn(f, intent("repeat", NULL));
    assert_string_equal(again.answer, louder.answer); /* the last thing said */
    dialog_reply_t faster = turn(f, intent("voice", "change", "faster", NULL));
    again = turn(f, intent("repeat", NULL));
    assert_string_equal(again.answer, faster.answer);
    dialog_reply_t price = turn(f, intent("price", "product", "oat milk", NULL));
    turn(f, intent("voice", "change", "faster", NULL));
    again = turn(f, intent("repeat", NULL));
    assert_string_equal(again.answer, price.answer);
}

static void test_not_understood_then_examples(void **state)
{
    fixture_t *f = *state;
    dialog_reply_t first, second;
    assert_int_equal(dialog_turn(f->dialog, NULL, &first), 0);
    assert_non_null(strstr(first.answer, "didn't catch that"));
    assert_int_equal(dialog_turn(f->dialog, NULL, &second), 0);
    assert_non_null(strstr(second.answer, "You can say"));
    assert_non_null(strstr(second.answer, "oat milk"));
}

/* An operator's grammar (a café's) explains itself with its own sentences, not the shop's. */
static void test_operator_examples(void **state)
{
    fixture_t *f = *state;
    const char *const cafe[] = {"brew americano", "stop"};
    dialog_set_examples(f->dialog, cafe, 2);
    dialog_reply_t first, second;
    assert_int_equal(dialog_turn(f->dialog, NULL, &first), 0);
    assert_int_equal(dialog_turn(f->dialog, NULL, &second), 0);
    assert_string_equal(second.answer,
                        "Sorry, I still didn't catch that. You can say, for example: brew "
                        "americano or stop.");
    dialog_reply_t help = turn(f, intent("help", NULL));
    assert_string_equal(help.answer, "You can say, for example: brew americano or stop.");
    dialog_set_examples(f->dialog, NULL, 0); /* the shop's grammar again */
    help = turn(f, intent("help", NULL));
    assert_non_null(strstr(help.answer, "oat milk"));
    assert_null(strstr(help.answer, "americano"));
}

/* The slot said as words [first, first + n) of the sentence, as grammar_parse() sets it. */
static grammar_slot_t said(const char *name, const char *value, size_t first, size_t n)
{
    grammar_slot_t s = {.first_word = first, .n_words = n};
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.value, sizeof s.value, "%s", value);
    return s;
}

/* A turn heard with per-word confidences: the product slot's confidence is taken from its
 * words as the pipeline does (dialog_slot_confidence); here the product's words are where its
 * value first stands among `words` (the slot values of these tests are the words said). */
static dialog_reply_t heard(fixture_t *f, grammar_intent_t in, const char *words,
                            const double *conf, size_t n)
{
    dialog_reply_t r;
    double sure = 1.0;
    for (size_t s = 0; s < in.n_slots; s++) {
        if (strcmp(in.slots[s].name, "product") != 0)
            continue;
        const char *at = strstr(words, in.slots[s].value);
        assert_non_null(at);
        size_t first = 0, len = 1;
        for (const char *c = words; c < at; c++)
            first += *c == ' ';
        for (const char *c = in.slots[s].value; *c; c++)
            len += *c == ' ';
        in.slots[s].first_word = first;
        in.slots[s].n_words = len;
        sure = dialog_slot_confidence(&in.slots[s], conf, n);
    }
    assert_int_equal(dialog_turn_heard(f->dialog, &in, sure, &r), 0);
    return r;
}

static void test_slot_confidence_of_words(void **state)
{
    (void)state;
    const double conf[] = {0.9, 0.8, 0.7, 0.2, 0.6, 0.95};
    /* "is the oat milk in stock": "oat milk" is words 2-3, the weaker of the two. */
    grammar_slot_t oat_milk = said("product", "oat milk", 2, 2);
    assert_true(dialog_slot_confidence(&oat_milk, conf, 6) == 0.2);
    assert_true(dialog_slot_confidence(&(grammar_slot_t){.n_words = 1, .first_word = 1}, conf, 6) ==
                0.8);
    /* A value the grammar maps its words to ("oat milk" {product=oatly}) is as sure as them. */
    grammar_slot_t mapped = said("product", "oatly", 2, 2);
    assert_true(dialog_slot_confidence(&mapped, conf, 6) == 0.2);
    /* No words (set by the dialog, not heard), "it", no slot: sure (nothing to confirm). */
    assert_true(dialog_slot_confidence(&(grammar_slot_t){.value = "rice"}, conf, 6) == 1.0);
    grammar_slot_t it = said("product", "it", 1, 1);
    assert_true(dialog_slot_confidence(&it, conf, 4) == 1.0);
    assert_true(dialog_slot_confidence(NULL, conf, 4) == 1.0);
    /* Words past n_words have no confidence. */
    assert_true(dialog_slot_confidence(&oat_milk, conf, 3) == 1.0);
    assert_true(dialog_slot_confidence(&oat_milk, NULL, 0) == 1.0);
}

static const double unsure_milk[] = {0.9, 0.9, 0.1, 0.2, 0.9, 0.9};
static const double sure_milk[] = {0.9, 0.9, 0.8, 0.7, 0.9, 0.9};

static void test_unsure_slot_confirmed_then_yes(void **state)
{
    fixture_t *f = *state;
    dialog_set_confirm_slot_below(f->dialog, 0.3);
    grammar_intent_t stock = intent("stock", "product", "oat milk", NULL);
    /* Sure of the product: answered at once. */
    dialog_reply_t r = heard(f, stock, "is the oat milk in stock", sure_milk, 6);
    assert_non_null(strstr(r.answer, "Oatly Oat Milk is in stock"));
    /* Unsure: the product alone is asked about, in the confirm grammar. */
    r = heard(f, stock, "is the oat milk in stock", unsure_milk, 6);
    assert_string_equal(r.answer, "Did you say oat milk?");
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    r = turn(f, intent("help", NULL));
    assert_non_null(strstr(r.answer, "Say yes if you said oat milk"));
    r = turn(f, intent("repeat", NULL));
    assert_string_equal(r.answer, "Did you say oat milk?");
    /* Yes: the command as heard. */
    r = turn(f, intent("yes", NULL));
    assert_non_null(strstr(r.answer, "Oatly Oat Milk is in stock"));
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    /* 0 disables it. */
    dialog_set_confirm_slot_below(f->dialog, 0);
    r = heard(f, stock, "is the oat milk in stock", unsure_milk, 6);
    assert_non_null(strstr(r.answer, "Oatly Oat Milk is in stock"));
}

static void test_unsure_slot_no_then_product(void **state)
{
    fixture_t *f = *state;
    dialog_set_confirm_slot_below(f->dialog, 0.3);
    const char *words = "is the oat milk in stock";
    dialog_reply_t r =
        heard(f, intent("stock", "product", "oat milk", NULL), words, unsure_milk, 6);
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    r = turn(f, intent("no", NULL));
    assert_string_equal(r.answer, "Which product did you mean?");
    assert_int_equal(r.state, DIALOG_STATE_PRODUCT);
    assert_string_equal(dialog_state_grammar(r.state), "product");
    /* Help and repeat keep the question; not understood asks again. */
    r = turn(f, intent("help", NULL));
    assert_non_null(strstr(r.answer, "Say the name of the product"));
    r = turn(f, intent("repeat", NULL));
    assert_string_equal(r.answer, "Which product did you mean?");
    assert_int_equal(dialog_turn(f->dialog, NULL, &r), 0);
    assert_non_null(strstr(r.answer, "Which product?"));
    assert_int_equal(r.state, DIALOG_STATE_PRODUCT);
    /* The product alone completes the stock question. */
    r = turn(f, intent("named", "product", f->in_stock, NULL));
    assert_non_null(strstr(r.answer, "is in stock"));
    assert_null(strstr(r.answer, "Oatly"));
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    /* A product alone with nothing waiting for it is not understood as a command. */
    r = turn(f, intent("named", "product", "oat milk", NULL));
    assert_null(strstr(r.answer, "in stock"));
    /* After "no", a whole command naming a product runs as said. */
    heard(f, intent("stock", "product", "oat milk", NULL), words, unsure_milk, 6);
    turn(f, intent("no", NULL));
    r = turn(f, intent("price", "product", "oat milk", NULL));
    assert_non_null(strstr(r.answer, "Oatly Oat Milk costs"));
}

static void test_unsure_slot_purchase_still_confirmed(void **state)
{
    fixture_t *f = *state;
    int before = orders(f);
    dialog_set_confirm_slot_below(f->dialog, 0.3);
    char words[512];
    snprintf(words, sizeof words, "reorder %s", f->in_stock);
    const double low[16] = {0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1,
                            0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    grammar_intent_t reorder = intent("reorder", "product", f->in_stock, NULL);
    dialog_reply_t r = heard(f, reorder, words, low, 16);
    assert_non_null(strstr(r.answer, "Did you say"));
    /* Yes to the product is not yes to the purchase: the usual summary and question follow. */
    r = turn(f, intent("yes", NULL));
    assert_non_null(strstr(r.answer, "Shall I place the order?"));
    assert_int_equal(r.order_id, 0);
    assert_int_equal(orders(f), before);
    r = turn(f, intent("yes", NULL));
    assert_true(r.order_id > 0);
    assert_int_equal(orders(f), before + 1);
    /* Cancel drops the command: nothing asked, nothing ordered. */
    heard(f, reorder, words, low, 16);
    r = turn(f, intent("cancel", NULL));
    assert_string_equal(r.answer, "Okay, cancelled.");
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    r = turn(f, intent("yes", NULL));
    assert_int_equal(r.order_id, 0);
    assert_int_equal(orders(f), before + 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_price_in_words),
        T(test_stock),
        T(test_reorder_yes_places_exactly_one_order),
        T(test_reorder_declined),
        T(test_timeout_drops_pending_purchase),
        T(test_yes_without_pending_places_nothing),
        T(test_out_of_stock_refused),
        T(test_over_limit_refused_with_reason),
        T(test_pin_wrong_three_times_locks),
        T(test_right_pin_places_order),
        T(test_expired_confirmation_asks_again),
        T(test_price_change_asks_again),
        T(test_checkout_cart),
        T(test_cart_remove_some),
        T(test_cart_change_taken_back),
        T(test_cart_clear_asks_first),
        T(test_timeout_takes_last_order_back_out),
        T(test_cancel_order_asks_first),
        T(test_choice_among_candidates),
        T(test_repeat_help_and_voice),
        T(test_repeat_after_only_a_voice_change),
        T(test_not_understood_then_examples),
        T(test_operator_examples),
        T(test_slot_confidence_of_words),
        T(test_unsure_slot_confirmed_then_yes),
        T(test_unsure_slot_no_then_product),
        T(test_unsure_slot_purchase_still_confirmed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
