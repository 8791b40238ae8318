/*
 * history.c - what the household ordered before: "the usual", "my last order", the status
 * and delivery of an order, cancelling inside the window, and what is bought together.
 */
#define _DEFAULT_SOURCE /* timegm */
#include "catalog_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t catalog__parse_iso(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                   &tm.tm_min, &tm.tm_sec);
    if (n != 3 && n != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

int catalog_usual(catalog_t *cat, catalog_usual_t *out, size_t max, size_t *n)
{
    if (cat == NULL || (out == NULL && max > 0) || n == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_usual: NULL argument")
                   : CATALOG_EINVAL;
    *n = 0;
    sqlite3_stmt *st = catalog__stmt(cat, ST_USUAL);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
    int rc = SQLITE_DONE;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        catalog_usual_t *u = &out[(*n)++];
        catalog__read_product(st, 0, &u->product);
        u->times = sqlite3_column_int64(st, 8);
        u->last_quantity = sqlite3_column_int64(st, 9);
    }
    sqlite3_reset(st);
    if (*n < max && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading the order history of");
    return CATALOG_OK;
}

/* Step an order statement (ORDER_COLUMNS) for one row. */
static int step_order(catalog_t *cat, sqlite3_stmt *st, catalog_order_t *o)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(o, 0, sizeof *o);
        o->id = sqlite3_column_int64(st, 0);
        catalog__copy_text(o->placed_at, sizeof o->placed_at, sqlite3_column_text(st, 1));
        catalog__copy_text(o->status, sizeof o->status, sqlite3_column_text(st, 2));
        catalog__copy_text(o->expected_at, sizeof o->expected_at, sqlite3_column_text(st, 3));
        o->total_cents = sqlite3_column_int64(st, 4);
        o->items = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return CATALOG_OK;
    if (rc == SQLITE_DONE)
        return catalog__fail(cat, CATALOG_ENOTFOUND, "no such order");
    return catalog__fail_sqlite(cat, rc, "reading the orders of");
}

int catalog_last_order(catalog_t *cat, catalog_order_t *order, catalog_order_line_t *lines,
                       size_t max, size_t *n)
{
    if (cat == NULL || order == NULL || (lines == NULL && max > 0) || n == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_last_order: NULL argument")
                   : CATALOG_EINVAL;
    *n = 0;
    int status = step_order(cat, catalog__stmt(cat, ST_LAST_ORDER), order);
    if (status == CATALOG_ENOTFOUND)
        return catalog__fail(cat, status, "there are no orders yet");
    if (status != CATALOG_OK)
        return status;
    return catalog_order_lines(cat, order->id, lines, max, n);
}

int catalog_order_lines(catalog_t *cat, int64_t order_id, catalog_order_line_t *lines, size_t max,
                        size_t *n)
{
    if (cat == NULL || (lines == NULL && max > 0) || n == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_order_lines: NULL argument")
                   : CATALOG_EINVAL;
    *n = 0;
    sqlite3_stmt *st = catalog__stmt(cat, ST_ORDER_LINES);
    sqlite3_bind_int64(st, 1, order_id);
    int rc = SQLITE_DONE;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        catalog_order_line_t *l = &lines[(*n)++];
        memset(l, 0, sizeof *l);
        l->order_id = sqlite3_column_int64(st, 0);
        l->product_id = sqlite3_column_int64(st, 1);
        l->quantity = sqlite3_column_int64(st, 2);
        l->unit_price_cents = sqlite3_column_int64(st, 3);
        catalog__copy_text(l->placed_at, sizeof l->placed_at, sqlite3_column_text(st, 4));
    }
    sqlite3_reset(st);
    if (*n < max && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading the order history of");
    return CATALOG_OK;
}

/* Delivery estimate and cancel window of an order read into out->order. */
static void fill_status(catalog_t *cat, catalog_order_status_t *out)
{
    int64_t placed = catalog__parse_iso(out->order.placed_at);
    int64_t window = catalog__setting_int(cat, "cancel_window_minutes", 30) * 60;
    int64_t days = catalog__setting_int(cat, "delivery_days", 3);
    if (out->order.expected_at[0] != '\0') {
        snprintf(out->estimated_at, sizeof out->estimated_at, "%.10s", out->order.expected_at);
    } else if (placed >= 0 && strcmp(out->order.status, "placed") == 0) {
        char iso[32];
        catalog__iso_time(placed + days * 86400, iso, sizeof iso);
        snprintf(out->estimated_at, sizeof out->estimated_at, "%.10s", iso);
    }
    if (placed >= 0)
        catalog__iso_time(placed + window, out->cancel_until, sizeof out->cancel_until);
    out->cancellable = placed >= 0 && strcmp(out->order.status, "placed") == 0 &&
                       catalog__now(cat) < placed + window;
    /* Dates compare as text (YYYY-MM-DD); late only while still on its way. */
    char today[32];
    catalog__iso_time(catalog__now(cat), today, sizeof today);
    out->late =
        out->estimated_at[0] && strncmp(out->estimated_at, today, 10) < 0 &&
        (strcmp(out->order.status, "placed") == 0 || strcmp(out->order.status, "shipped") == 0);
}

int catalog_order_status(catalog_t *cat, int64_t order_id, catalog_order_status_t *out)
{
    if (cat == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_order_status: NULL argument")
                   : CATALOG_EINVAL;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = catalog__stmt(cat, order_id > 0 ? ST_ORDER_BY_ID : ST_LATEST_ORDER);
    if (order_id > 0)
        sqlite3_bind_int64(st, 1, order_id);
    int status = step_order(cat, st, &out->order);
    if (status == CATALOG_ENOTFOUND)
        return order_id > 0 ? catalog__fail(cat, status, "there is no order number %lld",
                                            (long long)order_id)
                            : catalog__fail(cat, status, "there are no orders yet");
    if (status == CATALOG_OK)
        fill_status(cat, out);
    return status;
}

/* Inside the transaction: check the window, mark cancelled, put the stock back. */
static int cancel_locked(catalog_t *cat, int64_t order_id)
{
    catalog_order_status_t s;
    int status = catalog_order_status(cat, order_id, &s);
    if (status != CATALOG_OK || strcmp(s.order.status, "cancelled") == 0)
        return status;
    if (!s.cancellable) {
        if (strcmp(s.order.status, "placed") != 0)
            return catalog__fail(cat, CATALOG_ETOOLATE,
                                 "order %lld has already %s, so it can't be cancelled",
                                 (long long)order_id, s.order.status);
        return catalog__fail(cat, CATALOG_ETOOLATE,
                             "order %lld can only be cancelled within %lld minutes of placing it",
                             (long long)order_id,
                             (long long)catalog__setting_int(cat, "cancel_window_minutes", 30));
    }
    sqlite3_stmt *st = catalog__stmt(cat, ST_RESTOCK_ORDER);
    sqlite3_bind_int64(st, 1, order_id);
    status = catalog__step_done(cat, st, "cancelling an order in");
    if (status != CATALOG_OK)
        return status;
    st = catalog__stmt(cat, ST_CANCEL_ORDER);
    sqlite3_bind_int64(st, 1, order_id);
    return catalog__step_done(cat, st, "cancelling an order in");
}

int catalog_cancel_order(catalog_t *cat, int64_t order_id)
{
    if (cat == NULL || order_id <= 0)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_cancel_order: no order")
                   : CATALOG_EINVAL;
    int status = catalog__begin(cat, "cancelling an order in");
    if (status != CATALOG_OK)
        return status;
    return catalog__end(cat, cancel_locked(cat, order_id), "cancelling an order in");
}

int catalog_bought_together(catalog_t *cat, int64_t product_id, catalog_product_t *out, size_t max,
                            size_t *n)
{
    if (cat == NULL || (out == NULL && max > 0) || n == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_bought_together: NULL argument")
                   : CATALOG_EINVAL;
    *n = 0;
    sqlite3_stmt *st = catalog__stmt(cat, ST_BOUGHT_TOGETHER);
    sqlite3_bind_int64(st, 1, product_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
    int rc = SQLITE_DONE;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
        catalog__read_product(st, 0, &out[(*n)++]);
    sqlite3_reset(st);
    if (*n < max && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading the order history of");
    return CATALOG_OK;
}
