/*
 * settings.c - the handle's clock, the settings table, and the small helpers every shopper
 * function shares (transactions, notifications).
 */
#include "catalog_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void catalog_set_clock(catalog_t *cat, catalog_clock_fn fn, void *user)
{
    if (cat == NULL)
        return;
    cat->clock = fn;
    cat->clock_user = user;
}

int64_t catalog__now(const catalog_t *cat)
{
    return cat->clock ? cat->clock(cat->clock_user) : (int64_t)time(NULL);
}

int64_t catalog_now(const catalog_t *cat)
{
    return cat ? catalog__now(cat) : (int64_t)time(NULL);
}

void catalog__iso_time(int64_t t, char *out, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, len, "1970-01-01T00:00:00Z");
}

int catalog__step_done(catalog_t *cat, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CATALOG_OK : catalog__fail_sqlite(cat, rc, what);
}

int catalog__check_writable(catalog_t *cat)
{
    if (cat->readonly)
        return catalog__fail(cat, CATALOG_EREADONLY,
                             "catalog %s was opened read-only: nothing can be changed", cat->path);
    return CATALOG_OK;
}

int catalog__begin(catalog_t *cat, const char *what)
{
    int status = catalog__check_writable(cat);
    if (status == CATALOG_OK)
        status = catalog__step_done(cat, catalog__stmt(cat, ST_BEGIN_IMMEDIATE), what);
    return status;
}

int catalog__end(catalog_t *cat, int status, const char *what)
{
    if (status == CATALOG_OK)
        status = catalog__step_done(cat, catalog__stmt(cat, ST_COMMIT), what);
    if (status != CATALOG_OK && !sqlite3_get_autocommit(cat->db)) {
        /* Keep the first failure's message: ROLLBACK only undoes. */
        sqlite3_step(catalog__stmt(cat, ST_ROLLBACK));
        sqlite3_reset(cat->stmt[ST_ROLLBACK]);
    }
    return status;
}

int catalog__notify(catalog_t *cat, const char *kind, const char *text, int64_t product_id,
                    int64_t order_id)
{
    char now[32];
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_stmt *st = catalog__stmt(cat, ST_INSERT_NOTIFICATION);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
    if (product_id > 0)
        sqlite3_bind_int64(st, 4, product_id);
    if (order_id > 0)
        sqlite3_bind_int64(st, 5, order_id);
    return catalog__step_done(cat, st, "adding a notification to");
}

/* Read a setting's text into buf; CATALOG_ENOTFOUND when unset. No key checks. */
static int read_setting(catalog_t *cat, const char *key, char *buf, size_t len)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_SETTING_GET);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        catalog__copy_text(buf, len, sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return CATALOG_OK;
    return rc == SQLITE_DONE ? CATALOG_ENOTFOUND : catalog__fail_sqlite(cat, rc, "reading");
}

int64_t catalog__setting_int(catalog_t *cat, const char *key, int64_t fallback)
{
    char buf[32], *end = NULL;
    if (read_setting(cat, key, buf, sizeof buf) != CATALOG_OK || buf[0] == '\0')
        return fallback;
    long long v = strtoll(buf, &end, 10);
    return (end != NULL && *end == '\0' && v >= 0) ? (int64_t)v : fallback;
}

int catalog_get_setting(catalog_t *cat, const char *key, char *buf, size_t len)
{
    if (cat == NULL || key == NULL || buf == NULL || len == 0)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_get_setting: NULL argument")
                   : CATALOG_EINVAL;
    if (strcmp(key, "pin_hash") == 0)
        return catalog__fail(cat, CATALOG_EINVAL, "the PIN is never read back");
    int status = read_setting(cat, key, buf, len);
    if (status == CATALOG_ENOTFOUND)
        return catalog__fail(cat, status, "no setting \"%.40s\"", key);
    return status;
}

int catalog_set_setting(catalog_t *cat, const char *key, const char *value)
{
    if (cat == NULL || key == NULL || value == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_set_setting: NULL argument")
                   : CATALOG_EINVAL;
    if (strcmp(key, "pin_hash") == 0)
        return catalog__fail(cat, CATALOG_EINVAL, "set the PIN with catalog_set_pin");
    int status = catalog__check_writable(cat);
    if (status != CATALOG_OK)
        return status;
    sqlite3_stmt *st = catalog__stmt(cat, ST_SETTING_SET);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return CATALOG_OK;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return catalog__fail(cat, CATALOG_EINVAL,
                             "\"%.40s\" is not a setting, or \"%.40s\" is not a value it takes",
                             key, value);
    return catalog__fail_sqlite(cat, rc, "saving a setting in");
}
