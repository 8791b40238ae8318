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
#include <stdio.h>

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
    CATALOG_ESTOCK = -308,  /* not enough in stock */
    CATALOG_EINPUT = -309,  /* an import file has a bad row or is not CSV/JSON; nothing imported */
    CATALOG_ETOOBIG = -310, /* an import file, row or field is larger than the caps below */
} catalog_status_t;

const char *catalog_strerror(int status);

typedef struct catalog_s catalog_t;

/* The schema version this build writes (PRAGMA user_version). */
#define CATALOG_SCHEMA_VERSION 2

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

/* ---- For operators: listing and searching (may read every row; not for shoppers) ------- */

/* Called once per product; a non-zero return stops the listing and is returned. The product
 * is only valid during the call. */
typedef int (*catalog_product_fn)(void *user, const catalog_product_t *product);

/* Products of `category` (NULL: every category) ordered by category and name, at most `limit`
 * of them (0: all). Returns 0, fn's value, or a negative CATALOG_E* code. */
int catalog_list_products(catalog_t *cat, const char *category, int64_t limit,
                          catalog_product_fn fn, void *user);

/* Products whose SKU is `words`, or whose spoken name or an alias contains `words` as
 * spoken ("oat milk" finds Oatly Oat Milk and Oatly Barista Edition by its alias), in id
 * order, at most `limit` (0: all). CATALOG_EINVAL when nothing in words can be said. */
int catalog_search_products(catalog_t *cat, const char *words, int64_t limit, catalog_product_fn fn,
                            void *user);

typedef struct {
    int64_t id;
    char placed_at[32];   /* ISO 8601 UTC */
    char status[16];      /* placed, shipped, delivered, cancelled */
    char expected_at[32]; /* the promised delivery date once shipped; "" before */
    int64_t total_cents;
    int64_t items; /* order lines */
} catalog_order_t;

typedef int (*catalog_order_fn)(void *user, const catalog_order_t *order);

/* Orders with `status` (NULL: all), newest first. CATALOG_EINVAL for a status that is not
 * placed, shipped, delivered or cancelled. */
int catalog_list_orders(catalog_t *cat, const char *status, catalog_order_fn fn, void *user);

/* ---- Import and export (docs/catalog.md, "Import and export") ------------------------------ */

typedef enum {
    CATALOG_FORMAT_CSV = 1,  /* RFC 4180, a header row naming the columns, UTF-8 */
    CATALOG_FORMAT_JSON = 2, /* an array of objects with the same keys as the CSV columns */
} catalog_format_t;

/* The format a file name says: ".json" (any case) is JSON, anything else CSV. */
catalog_format_t catalog_format_from_name(const char *file_name);

/* Caps on what an import reads; past them it fails with CATALOG_ETOOBIG. */
#define CATALOG_IMPORT_FIELD_MAX     (64 * 1024)   /* bytes in one CSV field or JSON value */
#define CATALOG_IMPORT_ROW_MAX       (1024 * 1024) /* bytes in one CSV record or JSON object */
#define CATALOG_IMPORT_JSON_MAX      (512 * 1024 * 1024) /* bytes in a whole JSON file */
#define CATALOG_IMPORT_ROWS_MAX      10000000            /* rows in one file */
#define CATALOG_IMPORT_PROGRESS_ROWS 10000               /* rows between two progress calls */

typedef struct {
    int64_t rows;    /* rows read (not counting the CSV header) */
    int64_t added;   /* new SKUs */
    int64_t updated; /* SKUs already in the catalog, updated in place (ids kept) */
    int64_t skipped; /* bad rows left out (skip_bad_rows only) */
} catalog_import_stats_t;

typedef struct {
    catalog_format_t format;
    const char *source_name; /* the file name messages start with; NULL: "input" */
    int skip_bad_rows;       /* 0: the first bad row stops the import and nothing changes */
    /* Called every CATALOG_IMPORT_PROGRESS_ROWS rows and once at the end; NULL: not called. */
    void (*progress)(void *user, const catalog_import_stats_t *so_far);
    /* With skip_bad_rows: called with the one-line message of each row left out. The message
     * is only valid during the call. NULL: not called. */
    void (*bad_row)(void *user, const char *message);
    void *user;
} catalog_import_config_t;

/* CSV, "input", all-or-nothing, no callbacks. */
catalog_import_config_t catalog_import_config_default(void);

/*
 * Add or update products from a CSV or JSON file read from `in` (the caller opens and closes
 * it). A product is matched by SKU: a known SKU is updated in place and keeps its id, so its
 * order history stays attached; columns the file does not have are left as they were; the
 * aliases and allergens of a row that has those columns replace the old ones. Everything is
 * one transaction: without skip_bad_rows the first bad row fails the import with nothing
 * changed (CATALOG_EINPUT; catalog_errmsg says "FILE:LINE:COLUMN: problem"). *stats (may be
 * NULL) is filled either way. CATALOG_ETOOBIG past the caps above, CATALOG_EREADONLY on a
 * read-only handle. The grammar is compiled from the catalog at start-up, so a restarted
 * shopspeak hears the new names.
 */
int catalog_import(catalog_t *cat, FILE *in, const catalog_import_config_t *config,
                   catalog_import_stats_t *stats /* OUT */);

/*
 * Write every product, in id order, as CSV (every column, header first) or JSON (an array of
 * objects) to `out`. Importing the result into an empty catalog gives the same products, and
 * exporting that gives the same bytes. Returns 0, CATALOG_EOPEN when writing to `out` fails
 * (errno kept), or a database status.
 */
int catalog_export(catalog_t *cat, FILE *out, catalog_format_t format);

#ifdef __cplusplus
}
#endif
#endif /* SHOPSPEAK_CATALOG_H */
