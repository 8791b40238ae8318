/*
 * watch.c - price watches and price changes, the notifications they and the cart leave for
 * the household, feedback, and requests to talk to a person.
 */
#include "catalog_internal.h"

#include <string.h>

int catalog_watch_price(catalog_t *cat, int64_t product_id, int64_t below_cents, int *already_below)
{
    catalog_product_t p;
    char now[32];
    if (cat == NULL)
        return CATALOG_EINVAL;
    if (below_cents <= 0 || below_cents > 100000000)
        return catalog__fail(cat, CATALOG_EINVAL, "watch for a price above zero");
    int status = catalog_get_product(cat, product_id, &p);
    if (status == CATALOG_OK)
        status = catalog__check_writable(cat);
    if (status != CATALOG_OK)
        return status;
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_stmt *st = catalog__stmt(cat, ST_WATCH_INSERT);
    sqlite3_bind_int64(st, 1, product_id);
    sqlite3_bind_int64(st, 2, below_cents);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    status = catalog__step_done(cat, st, "saving a price watch in");
    catalog_price_t today; /* with today's deal: that is what it costs now */
    if (status == CATALOG_OK && already_below != NULL)
        *already_below =
            (catalog__price_today(cat, &p, &today) == CATALOG_OK ? today.deal_price_cents
                                                                 : p.price_cents) < below_cents;
    return status;
}

int catalog_set_price(catalog_t *cat, int64_t product_id, int64_t price_cents)
{
    if (cat == NULL)
        return CATALOG_EINVAL;
    if (price_cents < 0 || price_cents > 100000000)
        return catalog__fail(cat, CATALOG_EINVAL, "a price is 0 to 100000000 cents");
    int status = catalog__begin(cat, "changing a price in");
    if (status != CATALOG_OK)
        return status;
    sqlite3_stmt *st = catalog__stmt(cat, ST_SET_PRICE);
    sqlite3_bind_int64(st, 1, product_id);
    sqlite3_bind_int64(st, 2, price_cents);
    status = catalog__step_done(cat, st, "changing a price in");
    if (status == CATALOG_OK && sqlite3_changes(cat->db) != 1)
        status =
            catalog__fail(cat, CATALOG_ENOTFOUND, "no product with id %lld", (long long)product_id);
    return catalog__end(cat, status, "changing a price in");
}

int catalog_unread_notifications(catalog_t *cat, int64_t limit, catalog_notification_fn fn,
                                 void *user)
{
    if (cat == NULL || fn == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_unread_notifications: NULL")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, ST_UNREAD);
    sqlite3_bind_int64(st, 1, limit > 0 ? limit : 20);
    int rc, r = 0;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        catalog_notification_t n;
        memset(&n, 0, sizeof n);
        n.id = sqlite3_column_int64(st, 0);
        catalog__copy_text(n.created_at, sizeof n.created_at, sqlite3_column_text(st, 1));
        catalog__copy_text(n.kind, sizeof n.kind, sqlite3_column_text(st, 2));
        catalog__copy_text(n.text, sizeof n.text, sqlite3_column_text(st, 3));
        n.product_id = sqlite3_column_int64(st, 4);
        n.order_id = sqlite3_column_int64(st, 5);
        r = fn(user, &n);
    }
    sqlite3_reset(st);
    if (r == 0 && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading notifications of");
    return r;
}

int catalog_mark_notification_read(catalog_t *cat, int64_t id)
{
    char now[32];
    if (cat == NULL)
        return CATALOG_EINVAL;
    int status = catalog__check_writable(cat);
    if (status != CATALOG_OK)
        return status;
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_stmt *st = catalog__stmt(cat, ST_MARK_READ);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    return catalog__step_done(cat, st, "saving a notification in");
}

int catalog_record_feedback(catalog_t *cat, int found, const char *category)
{
    char now[32];
    if (cat == NULL)
        return CATALOG_EINVAL;
    if ((found != 0 && found != 1) || (category != NULL && strlen(category) > 63))
        return catalog__fail(cat, CATALOG_EINVAL, "feedback is yes or no and a short category");
    int status = catalog__check_writable(cat);
    if (status != CATALOG_OK)
        return status;
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_stmt *st = catalog__stmt(cat, ST_FEEDBACK_INSERT);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, found);
    if (category != NULL && category[0] != '\0')
        sqlite3_bind_text(st, 3, category, -1, SQLITE_STATIC);
    return catalog__step_done(cat, st, "saving feedback in");
}

int catalog_request_callback(catalog_t *cat, const char *topic, char *hours, size_t len)
{
    char now[32];
    if (cat == NULL || hours == NULL || len == 0)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_request_callback: NULL argument")
                   : CATALOG_EINVAL;
    if (topic != NULL && (topic[0] == '\0' || strlen(topic) > 63))
        return catalog__fail(cat, CATALOG_EINVAL, "a callback topic is 1 to 63 bytes");
    int status = catalog__check_writable(cat);
    if (status != CATALOG_OK)
        return status;
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_stmt *st = catalog__stmt(cat, ST_CALLBACK_INSERT);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, topic ? topic : "callback", -1, SQLITE_STATIC);
    status = catalog__step_done(cat, st, "saving a callback request in");
    if (status == CATALOG_OK && catalog_get_setting(cat, "support_hours", hours, len) != CATALOG_OK)
        hours[0] = '\0';
    cat->errmsg[0] = '\0';
    return status;
}
