/*
 * cart.c - the household's one cart: add, remove, change, read with today's deals, clear,
 * and the one reminder about a cart left untouched.
 */
#include "catalog_internal.h"

#include <stdio.h>
#include <string.h>

/* Record that the cart changed now (which also re-arms its reminder). */
static int touch(catalog_t *cat)
{
    char now[32];
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_stmt *st = catalog__stmt(cat, ST_CART_TOUCH);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    return catalog__step_done(cat, st, "changing the cart in");
}

/* The quantity of a product in the cart; 0 when it is not there, or a negative status. */
static int64_t cart_quantity(catalog_t *cat, int64_t product_id)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_CART_QUANTITY);
    sqlite3_bind_int64(st, 1, product_id);
    int rc = sqlite3_step(st);
    int64_t q = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading the cart in");
    return q;
}

/* Set a line to quantity (1..99) inside a transaction; a new line must fit the cap. adding:
 * the shopper said how many more, not the total. */
static int set_line(catalog_t *cat, int64_t product_id, int64_t quantity, int64_t had, int adding)
{
    catalog_product_t p;
    int status = catalog_get_product(cat, product_id, &p);
    if (status != CATALOG_OK)
        return status;
    if (quantity < 1 || quantity > CATALOG_QUANTITY_MAX)
        return catalog__fail(cat, CATALOG_EINVAL, "a cart holds 1 to %d of %s, not %lld",
                             CATALOG_QUANTITY_MAX, p.name, (long long)quantity);
    /* Checkout would refuse it; say so while the shopper is still choosing. A line that only
     * shrinks is kept, so stock sold meanwhile never stops a shopper taking some out. */
    /* Adding to a line: the shopper said how many more, not the total, so name what the cart
     * holds ("not 42" after "add forty" puzzled). */
    if (quantity > p.stock && quantity > had && had > 0 && adding)
        return catalog__fail(cat, CATALOG_ESTOCK, "only %lld of %s left, and your cart has %lld",
                             (long long)(p.stock > 0 ? p.stock : 0), p.name, (long long)had);
    if (quantity > p.stock && quantity > had)
        return catalog__fail(cat, CATALOG_ESTOCK, "only %lld of %s left, not %lld",
                             (long long)(p.stock > 0 ? p.stock : 0), p.name, (long long)quantity);
    if (had == 0) {
        sqlite3_stmt *count = catalog__stmt(cat, ST_CART_COUNT);
        int rc = sqlite3_step(count);
        int64_t lines = rc == SQLITE_ROW ? sqlite3_column_int64(count, 0) : 0;
        sqlite3_reset(count);
        if (rc != SQLITE_ROW)
            return catalog__fail_sqlite(cat, rc, "reading the cart in");
        if (lines >= CATALOG_CART_MAX)
            return catalog__fail(cat, CATALOG_ETOOBIG, "the cart is full: it holds %d products",
                                 CATALOG_CART_MAX);
    }
    char now[32];
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_stmt *st = catalog__stmt(cat, ST_CART_UPSERT);
    sqlite3_bind_int64(st, 1, product_id);
    sqlite3_bind_int64(st, 2, quantity);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    status = catalog__step_done(cat, st, "changing the cart in");
    return status == CATALOG_OK ? touch(cat) : status;
}

/* add (delta) or set (absolute) a product's quantity; 0 removes. */
static int change(catalog_t *cat, int64_t product_id, int64_t quantity, int add)
{
    int status = catalog__begin(cat, "changing the cart in");
    if (status != CATALOG_OK)
        return status;
    int64_t had = cart_quantity(cat, product_id);
    if (had < 0)
        return catalog__end(cat, (int)had, "changing the cart in");
    int64_t want = add ? had + quantity : quantity;
    if (add && quantity < 1)
        status = catalog__fail(cat, CATALOG_EINVAL, "add 1 to %d, not %lld", CATALOG_QUANTITY_MAX,
                               (long long)quantity);
    else if (want == 0 && had == 0)
        status = catalog__fail(cat, CATALOG_ENOTFOUND, "that is not in the cart");
    else if (want == 0) {
        sqlite3_stmt *st = catalog__stmt(cat, ST_CART_DELETE);
        sqlite3_bind_int64(st, 1, product_id);
        status = catalog__step_done(cat, st, "changing the cart in");
        if (status == CATALOG_OK)
            status = touch(cat);
    } else
        status = set_line(cat, product_id, want, had, add);
    return catalog__end(cat, status, "changing the cart in");
}

int catalog_cart_add(catalog_t *cat, int64_t product_id, int64_t quantity)
{
    return cat ? change(cat, product_id, quantity, 1) : CATALOG_EINVAL;
}

int catalog_cart_remove(catalog_t *cat, int64_t product_id)
{
    return cat ? change(cat, product_id, 0, 0) : CATALOG_EINVAL;
}

int catalog_cart_set_quantity(catalog_t *cat, int64_t product_id, int64_t quantity)
{
    if (cat == NULL)
        return CATALOG_EINVAL;
    if (quantity < 0)
        return catalog__fail(cat, CATALOG_EINVAL, "a quantity cannot be negative");
    return change(cat, product_id, quantity, 0);
}

int catalog_cart_clear(catalog_t *cat)
{
    if (cat == NULL)
        return CATALOG_EINVAL;
    int status = catalog__begin(cat, "emptying the cart in");
    if (status == CATALOG_OK)
        status = catalog__step_done(cat, catalog__stmt(cat, ST_CART_CLEAR), "emptying the cart in");
    if (status == CATALOG_OK)
        status = touch(cat);
    return catalog__end(cat, status, "emptying the cart in");
}

int catalog_cart_contents(catalog_t *cat, catalog_cart_t *out)
{
    if (cat == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_cart_contents: NULL argument")
                   : CATALOG_EINVAL;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = catalog__stmt(cat, ST_CART_LINES);
    int rc;
    /* Read every line first: pricing runs other statements. */
    while (out->count < CATALOG_CART_MAX && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        catalog_cart_line_t *l = &out->lines[out->count++];
        catalog__read_product(st, 0, &l->product);
        l->quantity = sqlite3_column_int64(st, 8);
    }
    if (out->count == CATALOG_CART_MAX)
        rc = SQLITE_DONE; /* the cap is enforced on adding */
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading the cart in");
    for (size_t i = 0; i < out->count; i++) {
        catalog_cart_line_t *l = &out->lines[i];
        catalog_price_t price;
        int status = catalog__price_today(cat, &l->product, &price);
        if (status != CATALOG_OK)
            return status;
        l->unit_cents = price.deal_price_cents;
        l->promotion_id = price.promotion_id;
        l->line_cents = l->unit_cents * l->quantity;
        out->quantity += l->quantity;
        out->total_cents += l->line_cents;
        out->savings_cents += (price.price_cents - price.deal_price_cents) * l->quantity;
    }
    return CATALOG_OK;
}

/* Inside the transaction: add the reminder if it is due. */
static int remind_locked(catalog_t *cat, int *created)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_CART_STATE);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return catalog__fail_sqlite(cat, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "reading");
    }
    char touched[32], due[32], now[32];
    catalog__copy_text(touched, sizeof touched, sqlite3_column_text(st, 0));
    int reminded = sqlite3_column_type(st, 1) != SQLITE_NULL;
    int64_t lines = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    int64_t t = catalog__now(cat);
    int64_t wait = catalog__setting_int(cat, "cart_reminder_minutes", 1440) * 60;
    catalog__iso_time(t - wait, due, sizeof due);
    if (lines == 0 || reminded || touched[0] == '\0' || strcmp(touched, due) > 0)
        return CATALOG_OK;
    char text[128];
    /* No question: a notification is read out later, when no "yes" can answer it. */
    snprintf(text, sizeof text, "You left %lld %s in your cart. Say check out to order.",
             (long long)lines, lines == 1 ? "product" : "products");
    int status = catalog__notify(cat, "cart", text, 0, 0);
    catalog__iso_time(t, now, sizeof now);
    st = catalog__stmt(cat, ST_CART_REMINDED);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    if (status == CATALOG_OK)
        status = catalog__step_done(cat, st, "saving a reminder in");
    *created = status == CATALOG_OK;
    return status;
}

int catalog_cart_check_reminder(catalog_t *cat, int *created)
{
    if (cat == NULL || created == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL,
                                   "catalog_cart_check_reminder: NULL argument")
                   : CATALOG_EINVAL;
    *created = 0;
    int status = catalog__begin(cat, "checking the cart in");
    if (status != CATALOG_OK)
        return status;
    status = remind_locked(cat, created);
    status = catalog__end(cat, status, "checking the cart in");
    if (status != CATALOG_OK)
        *created = 0;
    return status;
}
