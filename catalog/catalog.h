/*
 * catalog.h - the shop on the device: one SQLite file with products, their spoken aliases,
 * and past orders.
 *
 * Conventions: functions return 0 (CATALOG_OK) or a negative CATALOG_E* code;
 * catalog_errmsg() explains the last failure on a handle in one line. Nothing here prints or
 * exits. Money is integer cents. All SQL is parameterized.
 */
#ifndef SHOPSPEAK_CATALOG_H
#define SHOPSPEAK_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CATALOG_OK = 0,
    CATALOG_ENOTFOUND = -300, /* no such product or order */
    CATALOG_EOPEN = -301,     /* the database file cannot be opened or created */
    CATALOG_ECORRUPT = -302,  /* not a shopspeak database, or damaged */
    CATALOG_EREADONLY = -303, /* the file or its folder cannot be written */
    CATALOG_ESCHEMA = -304,   /* written by a newer shopspeak */
    CATALOG_EDB = -305,       /* any other SQLite failure */
    CATALOG_ENOMEM = -306,
    CATALOG_EINVAL = -307,
    CATALOG_ESTOCK = -308, /* not enough in stock */
} catalog_status_t;

const char *catalog_strerror(int status);

typedef struct catalog_s catalog_t;

/* The schema version this build writes (PRAGMA user_version). */
#define CATALOG_SCHEMA_VERSION 1

typedef enum {
    CATALOG_OPEN_READWRITE = 0,
    CATALOG_OPEN_CREATE = 1,      /* create the file if missing (schema only) */
    CATALOG_OPEN_SEED_SAMPLE = 2, /* with CREATE: fill a new file with the sample catalog */
    CATALOG_OPEN_READONLY = 4,
} catalog_open_flags_t;

/*
 * Open (and, with flags, create and seed) a catalog, migrating an older schema. Checks that
 * the file is a shopspeak catalog. NULL on failure with *status set; when errmsg is not
 * NULL a one-line explanation is written there (errmsg_len bytes at most).
 * The folder must exist (CREATE makes the file, never folders). SEED_SAMPLE needs CREATE and
 * only fills a file that was empty; READONLY cannot be combined with CREATE. Failures:
 * EOPEN (no file without CREATE, no folder), ECORRUPT (not SQLite, or another program's
 * database), EREADONLY (file or folder not writable for a read-write open), ESCHEMA (newer
 * schema; or an older one opened READONLY), EINVAL (bad path or flags). The handle is for one
 * thread at a time; close it with catalog_close.
 */
catalog_t *catalog_open(const char *path, int flags, int *status, char *errmsg, size_t errmsg_len);
void catalog_close(catalog_t *cat); /* NULL is a no-op */

/* One line about the last failure on this handle; "" when none. Valid until the next call.
 * Owned by the handle. */
const char *catalog_errmsg(const catalog_t *cat);

typedef struct {
    int64_t id;
    char sku[32];
    char name[128]; /* as shown: "Lavazza Espresso Beans" */
    char brand[64];
    char category[64];
    char unit[32]; /* what one item is called when spoken: "bag", "bottle", "pack" */
    int64_t price_cents;
    int64_t stock;
} catalog_product_t;

/*
 * Call fn once for each spoken form of every product: its name and each alias, lowercase
 * words as a shopper says them ("lavazza espresso beans", "my coffee beans"). Stops early
 * and returns fn's value when fn returns non-zero.
 * Phrases come grouped by product (ascending id), each distinct phrase once per product; a
 * phrase is owned by the catalog and valid only during that call of fn. fn may read the
 * catalog (get/find) but must not call catalog_for_each_phrase itself. Returns 0 when all
 * were offered, or a negative CATALOG_E* code if the catalog failed.
 */
typedef int (*catalog_phrase_fn)(void *user, int64_t product_id, const char *phrase);
int catalog_for_each_phrase(catalog_t *cat, catalog_phrase_fn fn, void *user);

/* Call fn once for each distinct product category as stored ("coffee & tea"), in order; the
 * string is owned by the catalog and valid only during that call. Stops early and returns
 * fn's value when it is non-zero; 0 when all were offered, or a negative CATALOG_E* code. */
typedef int (*catalog_category_fn)(void *user, const char *category);
int catalog_for_each_category(catalog_t *cat, catalog_category_fn fn, void *user);

/* Find the product a shopper meant by `spoken` (a name or alias, any case). Punctuation,
 * accents and spacing are forgiven ("ben and jerry's" = "Ben & Jerry's"); a product's name
 * wins over another product's alias; ties go to the lowest id. *out is filled on CATALOG_OK;
 * CATALOG_ENOTFOUND otherwise. */
int catalog_find_product(catalog_t *cat, const char *spoken, catalog_product_t *out);
int catalog_get_product(catalog_t *cat, int64_t product_id, catalog_product_t *out);

typedef struct {
    int64_t order_id;
    int64_t product_id;
    int64_t quantity;
    int64_t unit_price_cents; /* price paid */
    char placed_at[32];       /* ISO 8601 UTC */
} catalog_order_line_t;

/* The most recent order line for a product. CATALOG_ENOTFOUND if it was never ordered. */
int catalog_last_order_of(catalog_t *cat, int64_t product_id, catalog_order_line_t *out);

/*
 * Place an order for one product in one transaction: checks and decrements stock, records
 * the order and its item at today's price. The idempotency key (any unique string, e.g. a
 * UUID) makes a repeated call place nothing new and return the first order's id.
 * Quantity 1..99 and a key of 1..128 bytes, else CATALOG_EINVAL (also when the key was used
 * for a different product or quantity); CATALOG_ESTOCK when too few are left;
 * CATALOG_ENOTFOUND for an unknown product; CATALOG_EREADONLY on a read-only handle. On
 * failure nothing is written and *order_id is untouched.
 */
int catalog_place_order(catalog_t *cat, const char *idempotency_key, int64_t product_id,
                        int64_t quantity, int64_t *order_id /* OUT */);

/* Number of products (for start-up messages and tests). */
int catalog_product_count(catalog_t *cat, int64_t *count /* OUT */);

#ifdef __cplusplus
}
#endif
#endif /* SHOPSPEAK_CATALOG_H */
