/*
 * orders.c - placing an order exactly once (one transaction, keyed by the caller's
 * idempotency key) and finding what a shopper bought before.
 */
#include "catalog_internal.h"

#include <stdint.h>
#include <string.h>

int catalog_last_order_of(catalog_t *cat, int64_t product_id, catalog_order_line_t *out)
{
    if (cat == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_last_order_of: NULL argument")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, ST_LAST_ORDER_OF);
    sqlite3_bind_int64(st, 1, product_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->order_id = sqlite3_column_int64(st, 0);
        out->product_id = sqlite3_column_int64(st, 1);
        out->quantity = sqlite3_column_int64(st, 2);
        out->unit_price_cents = sqlite3_column_int64(st, 3);
        catalog__copy_text(out->placed_at, sizeof out->placed_at, sqlite3_column_text(st, 4));
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return CATALOG_OK;
    if (rc == SQLITE_DONE)
        return catalog__fail(cat, CATALOG_ENOTFOUND, "product %lld was never ordered",
                             (long long)product_id);
    return catalog__fail_sqlite(cat, rc, "reading the order history of");
}

/* Step a write statement to completion; returns a status. */
static int step_done(catalog_t *cat, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CATALOG_OK : catalog__fail_sqlite(cat, rc, what);
}

/*
 * An order already placed with this key: the same request again returns it (*order_id set,
 * CATALOG_OK); a different request under the same key is the caller's bug (CATALOG_EINVAL).
 * CATALOG_ENOTFOUND when the key is new.
 */
static int find_keyed_order(catalog_t *cat, const char *key, int64_t product_id, int64_t quantity,
                            int64_t *order_id)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_ORDER_BY_KEY);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, product_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? CATALOG_ENOTFOUND
                                 : catalog__fail_sqlite(cat, rc, "placing an order in");
    }
    int64_t id = sqlite3_column_int64(st, 0);
    int same = sqlite3_column_int64(st, 1) == 1 && sqlite3_column_type(st, 2) != SQLITE_NULL &&
               sqlite3_column_int64(st, 2) == quantity;
    sqlite3_reset(st);
    if (!same)
        return catalog__fail(cat, CATALOG_EINVAL,
                             "idempotency key \"%.64s\" was already used for a different order "
                             "(%lld)",
                             key, (long long)id);
    *order_id = id;
    return CATALOG_OK;
}

/* The new order's rows and the stock change; runs inside place_order's transaction. */
static int record_order(catalog_t *cat, const char *key, const catalog_product_t *p,
                        int64_t quantity, int64_t *order_id)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_INSERT_ORDER);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, p->price_cents * quantity);
    int status = step_done(cat, st, "placing an order in");
    if (status != CATALOG_OK)
        return status;
    int64_t id = sqlite3_last_insert_rowid(cat->db);

    st = catalog__stmt(cat, ST_INSERT_ORDER_ITEM);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, p->id);
    sqlite3_bind_int64(st, 3, quantity);
    sqlite3_bind_int64(st, 4, p->price_cents);
    status = step_done(cat, st, "placing an order in");
    if (status != CATALOG_OK)
        return status;

    st = catalog__stmt(cat, ST_TAKE_STOCK);
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_int64(st, 2, quantity);
    status = step_done(cat, st, "placing an order in");
    if (status == CATALOG_OK && sqlite3_changes(cat->db) != 1) /* cannot happen under lock */
        return catalog__fail(cat, CATALOG_ESTOCK, "%s sold out while ordering", p->name);
    if (status == CATALOG_OK)
        *order_id = id;
    return status;
}

/* Stock check then record, or the existing order for a repeated key. Inside the transaction. */
static int place_locked(catalog_t *cat, const char *key, int64_t product_id, int64_t quantity,
                        int64_t *order_id)
{
    catalog_product_t p;
    int status = find_keyed_order(cat, key, product_id, quantity, order_id);
    if (status != CATALOG_ENOTFOUND)
        return status;
    status = catalog_get_product(cat, product_id, &p);
    if (status != CATALOG_OK)
        return status;
    if (p.stock < quantity) {
        if (p.stock == 0)
            return catalog__fail(cat, CATALOG_ESTOCK, "%s is out of stock", p.name);
        return catalog__fail(cat, CATALOG_ESTOCK, "only %lld of %s left, not %lld",
                             (long long)p.stock, p.name, (long long)quantity);
    }
    return record_order(cat, key, &p, quantity, order_id);
}

int catalog__place_order(catalog_t *cat, const char *idempotency_key, int64_t product_id,
                         int64_t quantity, int64_t *order_id)
{
    if (cat == NULL)
        return CATALOG_EINVAL;
    if (idempotency_key == NULL || idempotency_key[0] == '\0' ||
        strlen(idempotency_key) > CATALOG_KEY_MAX || order_id == NULL)
        return catalog__fail(cat, CATALOG_EINVAL,
                             "an order needs an idempotency key of 1 to %d bytes", CATALOG_KEY_MAX);
    if (quantity < 1 || quantity > CATALOG_QUANTITY_MAX)
        return catalog__fail(cat, CATALOG_EINVAL, "quantity %lld is not between 1 and %d",
                             (long long)quantity, CATALOG_QUANTITY_MAX);
    if (cat->readonly)
        return catalog__fail(cat, CATALOG_EREADONLY,
                             "catalog %s was opened read-only: orders could not be saved",
                             cat->path);

    /* IMMEDIATE takes the write lock first, so the key check and the stock check cannot be
     * raced by another process between reading and writing. */
    int status = step_done(cat, catalog__stmt(cat, ST_BEGIN_IMMEDIATE), "placing an order in");
    if (status != CATALOG_OK)
        return status;
    int64_t id = 0;
    status = place_locked(cat, idempotency_key, product_id, quantity, &id);
    if (status == CATALOG_OK)
        status = step_done(cat, catalog__stmt(cat, ST_COMMIT), "saving the order in");
    if (status != CATALOG_OK) {
        /* A failed COMMIT may already have rolled back; ROLLBACK then just reports an error. */
        if (!sqlite3_get_autocommit(cat->db))
            sqlite3_step(catalog__stmt(cat, ST_ROLLBACK));
        sqlite3_reset(cat->stmt[ST_ROLLBACK]);
        return status;
    }
    *order_id = id;
    return CATALOG_OK;
}

int catalog_list_orders(catalog_t *cat, const char *status, catalog_order_fn fn, void *user)
{
    static const char *const statuses[] = {"placed", "shipped", "delivered", "cancelled"};
    if (cat == NULL || fn == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_list_orders: NULL argument")
                   : CATALOG_EINVAL;
    int known = status == NULL;
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0] && !known; i++)
        known = strcmp(status, statuses[i]) == 0;
    if (!known)
        return catalog__fail(cat, CATALOG_EINVAL,
                             "\"%.40s\" is not an order status (placed, shipped, delivered, "
                             "cancelled)",
                             status);
    sqlite3_stmt *st = catalog__stmt(cat, status ? ST_LIST_ORDERS_BY_STATUS : ST_LIST_ORDERS);
    if (status)
        sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    int rc, r = 0;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        catalog_order_t o;
        memset(&o, 0, sizeof o);
        o.id = sqlite3_column_int64(st, 0);
        catalog__copy_text(o.placed_at, sizeof o.placed_at, sqlite3_column_text(st, 1));
        catalog__copy_text(o.status, sizeof o.status, sqlite3_column_text(st, 2));
        catalog__copy_text(o.expected_at, sizeof o.expected_at, sqlite3_column_text(st, 3));
        o.total_cents = sqlite3_column_int64(st, 4);
        o.items = sqlite3_column_int64(st, 5);
        r = fn(user, &o);
    }
    sqlite3_reset(st);
    if (r == 0 && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "listing the orders of");
    return r;
}
