/*
 * test_dialog.c - the dialog on a real sample catalog: answers name the product and its
 * price in words; a reorder is only placed after "yes", once; "no" drops it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dialog.h"
#include "say.h"

typedef struct {
    char dir[64];
    char path[128];
    catalog_t *cat;
    dialog_t *dialog;
    char in_stock[256];     /* a phrase for a product in stock that was ordered before */
    char out_of_stock[256]; /* a phrase for a product with no stock */
} fixture_t;

static int pick_phrases(void *user, int64_t product_id, const char *phrase)
{
    fixture_t *f = user;
    catalog_product_t p;
    catalog_order_line_t last;
    assert_int_equal(catalog_get_product(f->cat, product_id, &p), CATALOG_OK);
    if (p.stock == 0 && !f->out_of_stock[0])
        snprintf(f->out_of_stock, sizeof f->out_of_stock, "%s", phrase);
    if (p.stock > 5 && !f->in_stock[0] &&
        catalog_last_order_of(f->cat, product_id, &last) == CATALOG_OK)
        snprintf(f->in_stock, sizeof f->in_stock, "%s", phrase);
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
    f->dialog = dialog_open(f->cat);
    assert_non_null(f->dialog);
    assert_int_equal(catalog_for_each_phrase(f->cat, pick_phrases, f), 0);
    assert_true(f->in_stock[0] && f->out_of_stock[0]);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    char cmd[256];
    dialog_close(f->dialog);
    catalog_close(f->cat);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static grammar_intent_t intent(const char *name, const char *product)
{
    grammar_intent_t i;
    memset(&i, 0, sizeof i);
    snprintf(i.name, sizeof i.name, "%s", name);
    if (product) {
        i.n_slots = 1;
        snprintf(i.slots[0].name, sizeof i.slots[0].name, "product");
        snprintf(i.slots[0].value, sizeof i.slots[0].value, "%s", product);
    }
    return i;
}

static void test_price_in_words(void **state)
{
    fixture_t *f = *state;
    catalog_product_t p;
    dialog_reply_t r;
    char price[128];
    grammar_intent_t in = intent("price", f->in_stock);
    assert_int_equal(catalog_find_product(f->cat, f->in_stock, &p), CATALOG_OK);
    assert_int_equal(dialog_turn(f->dialog, &in, &r), 0);
    assert_non_null(strstr(r.answer, p.name));
    assert_non_null(strstr(r.answer, say_price(p.price_cents, price, sizeof price)));
    assert_null(strchr(r.answer, '$'));
}

static void test_stock(void **state)
{
    fixture_t *f = *state;
    dialog_reply_t r;
    grammar_intent_t in = intent("stock", f->in_stock);
    grammar_intent_t out = intent("stock", f->out_of_stock);
    assert_int_equal(dialog_turn(f->dialog, &in, &r), 0);
    assert_non_null(strstr(r.answer, "in stock"));
    assert_int_equal(dialog_turn(f->dialog, &out, &r), 0);
    assert_non_null(strstr(r.answer, "out of stock"));
}

static void test_reorder_needs_yes_and_orders_once(void **state)
{
    fixture_t *f = *state;
    catalog_product_t before, after;
    catalog_order_line_t last;
    dialog_reply_t r;
    grammar_intent_t reorder = intent("reorder", f->in_stock), yes = intent("yes", NULL);

    assert_int_equal(catalog_find_product(f->cat, f->in_stock, &before), CATALOG_OK);
    assert_int_equal(catalog_last_order_of(f->cat, before.id, &last), CATALOG_OK);
    assert_int_equal(dialog_turn(f->dialog, &reorder, &r), 0);
    assert_int_equal(r.state, DIALOG_STATE_CONFIRM);
    assert_int_equal(r.order_id, 0);
    assert_non_null(strstr(r.answer, "Shall I place the order?"));
    assert_int_equal(catalog_get_product(f->cat, before.id, &after), CATALOG_OK);
    assert_int_equal(after.stock, before.stock); /* nothing bought yet */

    assert_int_equal(dialog_turn(f->dialog, &yes, &r), 0);
    assert_true(r.order_id > 0);
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_int_equal(catalog_get_product(f->cat, before.id, &after), CATALOG_OK);
    assert_int_equal(after.stock, before.stock - last.quantity);

    /* A second yes has nothing to confirm and buys nothing. */
    assert_int_equal(dialog_turn(f->dialog, &yes, &r), 0);
    assert_int_equal(r.order_id, 0);
    assert_int_equal(catalog_get_product(f->cat, before.id, &after), CATALOG_OK);
    assert_int_equal(after.stock, before.stock - last.quantity);
}

static void test_reorder_declined(void **state)
{
    fixture_t *f = *state;
    catalog_product_t before, after;
    dialog_reply_t r;
    grammar_intent_t reorder = intent("reorder", f->in_stock), no = intent("no", NULL);
    assert_int_equal(catalog_find_product(f->cat, f->in_stock, &before), CATALOG_OK);
    assert_int_equal(dialog_turn(f->dialog, &reorder, &r), 0);
    assert_int_equal(dialog_turn(f->dialog, &no, &r), 0);
    assert_int_equal(r.order_id, 0);
    assert_non_null(strstr(r.answer, "won't"));
    assert_int_equal(catalog_get_product(f->cat, before.id, &after), CATALOG_OK);
    assert_int_equal(after.stock, before.stock);
}

static void test_out_of_stock_reorder_refused(void **state)
{
    fixture_t *f = *state;
    dialog_reply_t r;
    grammar_intent_t reorder = intent("reorder", f->out_of_stock);
    assert_int_equal(dialog_turn(f->dialog, &reorder, &r), 0);
    assert_int_equal(r.state, DIALOG_STATE_TOP);
    assert_non_null(strstr(r.answer, "out of stock"));
}

static void test_not_understood_then_examples(void **state)
{
    fixture_t *f = *state;
    dialog_reply_t first, second;
    assert_int_equal(dialog_turn(f->dialog, NULL, &first), 0);
    assert_non_null(strstr(first.answer, "didn't catch that"));
    assert_int_equal(dialog_turn(f->dialog, NULL, &second), 0);
    assert_non_null(strstr(second.answer, "You can say"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_price_in_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reorder_needs_yes_and_orders_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reorder_declined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_stock_reorder_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_understood_then_examples, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
