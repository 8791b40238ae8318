/*
 * catalog_internal.h - what the catalog's .c files share and nobody outside catalog/ may use:
 * the handle's layout, the cached statements, error helpers and the phrase normaliser.
 */
#ifndef SHOPSPEAK_CATALOG_INTERNAL_H
#define SHOPSPEAK_CATALOG_INTERNAL_H

#include "catalog.h"

#include <sqlite3.h>
#include <stdarg.h>

/* "shop" in ASCII: marks a SQLite file as a shopspeak catalog (PRAGMA application_id). */
#define CATALOG_APPLICATION_ID 0x73686f70

/* Longest spoken phrase, in bytes after normalisation; longer input is not a product name. */
#define CATALOG_PHRASE_MAX 256

/* Longest idempotency key accepted by catalog__place_order, in bytes. */
#define CATALOG_KEY_MAX 128

/* Largest quantity of one product in one order. */
#define CATALOG_QUANTITY_MAX 99

/* How long a call waits for another process's lock before failing, in milliseconds. */
#define CATALOG_BUSY_TIMEOUT_MS 5000

/*
 * Every statement the catalog runs after open. They are prepared once when the catalog is
 * opened and finalized when it is closed; catalog__stmt_sql holds the SQL text (the unit
 * tests run EXPLAIN QUERY PLAN over it to prove no lookup scans a whole table).
 */
typedef enum {
    ST_BEGIN_IMMEDIATE,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_PRODUCT_BY_ID,
    ST_PRODUCT_BY_SPOKEN_NAME,
    ST_PRODUCT_BY_ALIAS,
    ST_PRODUCTS_UNSPOKEN,
    ST_SET_SPOKEN_NAME,
    ST_PRODUCTS_ALL,
    ST_ALIASES_OF,
    ST_PRODUCT_COUNT,
    ST_CATEGORIES,
    ST_LAST_ORDER_OF,
    ST_ORDER_BY_KEY,
    ST_INSERT_ORDER,
    ST_INSERT_ORDER_ITEM,
    ST_TAKE_STOCK,
    /* import.c and export.c */
    ST_PRODUCT_ID_BY_SKU,
    ST_INSERT_PRODUCT,
    ST_UPDATE_PRODUCT,
    ST_DELETE_ALIASES,
    ST_INSERT_ALIAS,
    ST_DELETE_ALLERGENS,
    ST_INSERT_ALLERGEN,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST_EXPORT_PRODUCTS,
    ST_SET_VARIANT,
    ST_DELETE_VARIANT,
    ST_HAS_VARIANTS,
    ST_ALLERGENS_OF,
    /* operators' listings (products.c, orders.c) */
    ST_LIST_PRODUCTS,
    ST_LIST_CATEGORY,
    ST_SEARCH_PRODUCTS,
    ST_LIST_ORDERS,
    ST_LIST_ORDERS_BY_STATUS,
    /* shopper functions (settings.c, deals.c, questions.c, resolve.c, history.c, cart.c,
     * safeguards.c, watch.c) */
    ST_SETTING_GET,
    ST_SETTING_SET,
    ST_PROMOS_ACTIVE,
    ST_PROMOS_OF_PRODUCT,
    ST_PROMOS_IN_CATEGORY,
    ST_PRODUCT_DETAILS,
    ST_HAS_ALLERGEN,
    ST_FAMILY_OF,
    ST_VARIANTS_OF,
    ST_RESOLVE_NAME,
    ST_RESOLVE_ALIAS,
    ST_RESOLVE_BRAND,
    ST_RESOLVE_BRAND_ALIAS,
    ST_CATEGORIES_OF_WORD,
    ST_RESOLVE_USUAL_IN_CATEGORY,
    ST_RESOLVE_CATEGORY,
    ST_CATEGORIES_UNWORDED,
    ST_INSERT_CATEGORY_WORD,
    ST_USUAL,
    ST_LAST_ORDER,
    ST_LATEST_ORDER,
    ST_ORDER_BY_ID,
    ST_ORDER_LINES,
    ST_CANCEL_ORDER,
    ST_RESTOCK_ORDER,
    ST_BOUGHT_TOGETHER,
    ST_CART_QUANTITY,
    ST_CART_COUNT,
    ST_CART_UPSERT,
    ST_CART_DELETE,
    ST_CART_CLEAR,
    ST_CART_LINES,
    ST_CART_TOUCH,
    ST_CART_STATE,
    ST_CART_REMINDED,
    ST_INSERT_NOTIFICATION,
    ST_LOCK_GET,
    ST_LOCK_SET,
    ST_CONFIRM_INSERT,
    ST_CONFIRM_GET,
    ST_CONFIRM_PIN_OK,
    ST_CONFIRM_USED,
    ST_CONFIRM_OF_ORDER,
    ST_CONFIRM_PURGE,
    ST_DAY_TOTALS,
    ST_ORDER_ID_BY_KEY,
    ST_INSERT_ORDER_AT,
    ST_WATCH_INSERT,
    ST_SET_PRICE,
    ST_UNREAD,
    ST_MARK_READ,
    ST_FEEDBACK_INSERT,
    ST_CALLBACK_INSERT,
    ST_COUNT
} catalog__stmt_id;

extern const char *const catalog__stmt_sql[ST_COUNT];

/* Statements that read every row on purpose (iteration, counting); all others must search. */
int catalog__stmt_may_scan(catalog__stmt_id id);

/* Statements that walk an index in its order and stop at a LIMIT ("the latest order", "the
 * most often ordered"): SQLite's plan says SCAN ... USING INDEX, but they read LIMIT rows. */
int catalog__stmt_walks_index(catalog__stmt_id id);

struct catalog_s {
    sqlite3 *db;
    int readonly; /* opened with CATALOG_OPEN_READONLY (or immutable on read-only media) */
    char path[4096];
    char errmsg[512];
    sqlite3_stmt *stmt[ST_COUNT];
    catalog_clock_fn clock; /* NULL: time() */
    void *clock_user;
};

/* Now by the handle's clock, in seconds since 1970 UTC. */
int64_t catalog__now(const catalog_t *cat);

/* t as ISO 8601 UTC ("2025-03-01T08:00:00Z") into out (at least 21 bytes). */
void catalog__iso_time(int64_t t, char *out, size_t len);

/* Seconds since 1970 of an ISO 8601 UTC time or date; -1 if it is neither. */
int64_t catalog__parse_iso(const char *s);

/* An integer setting, or fallback when unset or not a number. */
int64_t catalog__setting_int(catalog_t *cat, const char *key, int64_t fallback);

/* Step a statement that returns no rows to completion; a status (what: "placing an order in"). */
int catalog__step_done(catalog_t *cat, sqlite3_stmt *st, const char *what);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK on the cached statements. end() commits when status is
 * CATALOG_OK and rolls back otherwise; it returns the final status. */
int catalog__begin(catalog_t *cat, const char *what);
int catalog__end(catalog_t *cat, int status, const char *what);

/* Fail with CATALOG_EREADONLY on a read-only handle (for every writing function). */
int catalog__check_writable(catalog_t *cat);

/* Read the product row a statement is on (columns in PRODUCT_COLUMNS order, from column
 * first). */
void catalog__read_product(sqlite3_stmt *st, int first, catalog_product_t *out);

/* Today's price of the product with the best active promotion (deals.c). */
int catalog__price_today(catalog_t *cat, const catalog_product_t *p, catalog_price_t *out);

/* Add a notification (inside the caller's transaction or on its own). product_id, order_id 0:
 * none. */
int catalog__notify(catalog_t *cat, const char *kind, const char *text, int64_t product_id,
                    int64_t order_id);

/* Fill category_words for aisles that have none yet (at open and after an import). */
void catalog__refresh_category_words(catalog_t *cat);

/* The sample catalog (catalog/sample.sql), embedded at build time by catalog/embed.cmake. */
extern const char catalog__sample_sql[];
extern const unsigned long catalog__sample_sql_len;

/*
 * Write a one-line message into buf (printf-style; control characters become '?', so a
 * strange path cannot break the line). Returns status so callers can `return set_error(...)`.
 */
int catalog__format_error(char *buf, size_t len, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int catalog__fail(catalog_t *cat, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The catalog status for a SQLite result code (errno decides whether CANTOPEN is read-only). */
int catalog__status_from_sqlite(int rc, int sys_errno);

/*
 * Fail with the status and message for SQLite result rc on cat->db: `what` says what was
 * being done ("placing the order"). Read-only and busy failures get messages a person can act
 * on.
 */
int catalog__fail_sqlite(catalog_t *cat, int rc, const char *what);

/* Reset and clear bindings of a cached statement, ready for the next use. */
sqlite3_stmt *catalog__stmt(catalog_t *cat, catalog__stmt_id id);

/*
 * Bring the schema of cat->db up to CATALOG_SCHEMA_VERSION (creating it in an empty file when
 * create is set, and loading the sample catalog when also seed is set). Checks the file is a
 * shopspeak catalog first. Returns a status with cat->errmsg set on failure.
 */
int catalog__migrate(catalog_t *cat, int create, int seed);

/*
 * Check that a file opened read-only already has this build's schema (read-only handles
 * cannot migrate). Returns a status with cat->errmsg set on failure.
 */
int catalog__check_schema(catalog_t *cat);

/* Fill products.spoken_name where it is NULL (new or renamed products). Best effort. */
void catalog__refresh_spoken_names(catalog_t *cat);

/*
 * Turn text into the words a shopper says: lowercase, Latin accents folded ("Café" -> "cafe"),
 * "&" -> "and", "%" -> "percent", "+" -> "plus", apostrophes kept only inside words, every
 * other punctuation mark, symbol or emoji a word break, single spaces, no leading or trailing
 * space. Greek and Cyrillic are lowercased; letters of other scripts are kept as they are. Returns
 * the length written to out (NUL-terminated), or -1 if the result does not fit in out_len bytes.
 */
int catalog__normalize_phrase(const char *in, char *out, size_t out_len);
/* Context words before a product or aisle ("my", "the usual", "some"): the rest of a spoken
 * phrase after them, or NULL when it does not start with one. */
const char *catalog__strip_context(const char *phrase);
/* The k-th way (k from 0) to read a spoken phrase as a brand and what follows it: "dr oetker
 * pizza" gives "dr" + "oetker pizza", then "dr oetker" + "pizza". Returns what follows, with
 * the brand in brand[]; NULL when there is no k-th way. */
const char *catalog__brand_split(const char *phrase, int k, char *brand, size_t brand_len);

/* Copy UTF-8 text into a fixed field, cutting at a character boundary if it is too long. */
void catalog__copy_text(char *dst, size_t dst_len, const unsigned char *src);

/*
 * The name a product is shown and spoken by (products.name), from the name an operator gave:
 * the name itself when it has at most CATALOG_NAME_MAX bytes; otherwise its first words, at
 * most CATALOG_SHORT_NAME_WORDS of them and CATALOG_SHORT_NAME_BYTES bytes, without a trailing
 * comma, dash or the like (a first word longer than that is cut at a character boundary).
 * name is UTF-8 without line breaks; out has out_len bytes (at least CATALOG_NAME_MAX + 1).
 * Returns the length written.
 */
size_t catalog__short_name(const char *name, char *out, size_t out_len);

/*
 * Internal, and for the catalog's own tests: it checks neither a confirmation, nor the PIN, nor
 * the limits, so no public path reaches it; shoppers order through catalog_confirm_begin() +
 * catalog_place_confirmed(). Place an order for one product in one transaction: checks and
 * decrements stock, records the order and its item at today's price. The idempotency key (any
 * unique string, e.g. a UUID) makes a repeated call place nothing new and return the first order's
 * id. Quantity 1..99 and a key of 1..128 bytes, else CATALOG_EINVAL (also when the key was used for
 * a different product or quantity); CATALOG_ESTOCK when too few are left; CATALOG_ENOTFOUND for an
 * unknown product; CATALOG_EREADONLY on a read-only handle. On failure nothing is written and
 * *order_id is untouched.
 */
int catalog__place_order(catalog_t *cat, const char *idempotency_key, int64_t product_id,
                         int64_t quantity, int64_t *order_id /* OUT */);

#endif /* SHOPSPEAK_CATALOG_INTERNAL_H */
