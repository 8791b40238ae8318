/*
 * deals.c - promotions active now, and what a product costs today with the best of them.
 */
#include "catalog_internal.h"

#include <string.h>

static void read_promotion(sqlite3_stmt *st, catalog_promotion_t *m)
{
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    catalog__copy_text(m->title, sizeof m->title, sqlite3_column_text(st, 1));
    catalog__copy_text(m->kind, sizeof m->kind, sqlite3_column_text(st, 2));
    m->value = sqlite3_column_int64(st, 3);
    m->product_id = sqlite3_column_int64(st, 4);
    catalog__copy_text(m->category, sizeof m->category, sqlite3_column_text(st, 5));
    catalog__copy_text(m->starts_at, sizeof m->starts_at, sqlite3_column_text(st, 6));
    catalog__copy_text(m->ends_at, sizeof m->ends_at, sqlite3_column_text(st, 7));
}

/* Bind "now" as ?1 and hand each promotion row to fn. */
static int each_promotion(catalog_t *cat, sqlite3_stmt *st, catalog_promotion_fn fn, void *user)
{
    char now[32];
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    int rc, r = 0;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        catalog_promotion_t m;
        read_promotion(st, &m);
        r = fn(user, &m);
    }
    sqlite3_reset(st);
    if (r == 0 && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading the promotions of");
    return r;
}

int catalog_deals_today(catalog_t *cat, int64_t limit, catalog_promotion_fn fn, void *user)
{
    if (cat == NULL || fn == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_deals_today: NULL argument")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, ST_PROMOS_ACTIVE);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : 20);
    return each_promotion(cat, st, fn, user);
}

int catalog_deals_for_product(catalog_t *cat, int64_t product_id, catalog_promotion_fn fn,
                              void *user)
{
    if (cat == NULL || fn == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_deals_for_product: NULL argument")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, ST_PROMOS_OF_PRODUCT);
    sqlite3_bind_int64(st, 2, product_id);
    return each_promotion(cat, st, fn, user);
}

int catalog_deals_in_category(catalog_t *cat, const char *category, catalog_promotion_fn fn,
                              void *user)
{
    if (cat == NULL || fn == NULL || category == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_deals_in_category: NULL argument")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, ST_PROMOS_IN_CATEGORY);
    sqlite3_bind_text(st, 2, category, -1, SQLITE_STATIC);
    return each_promotion(cat, st, fn, user);
}

/* The price after one promotion: percent rounded to the nearest cent, never below zero. */
static int64_t apply(const catalog_promotion_t *m, int64_t price)
{
    int64_t off = strcmp(m->kind, "percent") == 0 ? (price * m->value + 50) / 100 : m->value;
    return off >= price ? 0 : price - off;
}

typedef struct {
    int64_t list;
    catalog_price_t *out;
} best_deal;

static int keep_best(void *user, const catalog_promotion_t *m)
{
    best_deal *b = user;
    int64_t price = apply(m, b->list);
    if (price < b->out->deal_price_cents) {
        b->out->deal_price_cents = price;
        b->out->promotion_id = m->id;
        catalog__copy_text(b->out->promotion_title, sizeof b->out->promotion_title,
                           (const unsigned char *)m->title);
    }
    return 0;
}

int catalog__price_today(catalog_t *cat, const catalog_product_t *p, catalog_price_t *out)
{
    memset(out, 0, sizeof *out);
    out->price_cents = p->price_cents;
    out->deal_price_cents = p->price_cents;
    best_deal b = {p->price_cents, out};
    return catalog_deals_for_product(cat, p->id, keep_best, &b);
}

int catalog_price_today(catalog_t *cat, int64_t product_id, catalog_price_t *out)
{
    catalog_product_t p;
    if (cat == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_price_today: NULL argument")
                   : CATALOG_EINVAL;
    int status = catalog_get_product(cat, product_id, &p);
    return status == CATALOG_OK ? catalog__price_today(cat, &p, out) : status;
}
