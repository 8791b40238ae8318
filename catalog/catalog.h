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
    CATALOG_ESTOCK = -308,   /* not enough in stock */
    CATALOG_EINPUT = -309,   /* an import file has a bad row or is not CSV/JSON; nothing imported */
    CATALOG_ETOOBIG = -310,  /* an import file, row or field is larger than the caps below */
    CATALOG_ELIMIT = -311,   /* over a spending or quantity limit for one order or one day */
    CATALOG_ELOCKED = -312,  /* purchasing is locked after three wrong PINs */
    CATALOG_EPIN = -313,     /* a PIN is needed, or the one given is wrong */
    CATALOG_ETOKEN = -314,   /* no such confirmation, or it expired, was used, or the cart or
                                price changed since */
    CATALOG_EEMPTY = -315,   /* the cart is empty */
    CATALOG_ETOOLATE = -316, /* the order can no longer be cancelled */
} catalog_status_t;

const char *catalog_strerror(int status);

typedef struct catalog_s catalog_t;

/* The schema version this build writes (PRAGMA user_version). */
#define CATALOG_SCHEMA_VERSION 5

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

/*
 * Write a consistent copy of the whole catalog to a new file at path (which must not exist),
 * for a caller that will change things without touching the original: the demo orders on a
 * copy. SQLite's VACUUM INTO, so a copy taken while another process writes is still whole.
 * CATALOG_OK, or EINVAL (no path), EOPEN (the file exists or cannot be made).
 */
int catalog_copy_to(catalog_t *cat, const char *path);

/* A number that changes whenever another connection (another process: an import, an operator's
 * sqlite3) commits to the catalog file; our own writes leave it alone. Cheap: no table is read.
 * 0 with *version set, or a negative CATALOG_E* code. */
int catalog_data_version(catalog_t *cat, int64_t *version);

/* One line about the last failure on this handle; "" when none. Valid until the next call.
 * Owned by the handle. */
const char *catalog_errmsg(const catalog_t *cat);

/*
 * Product names. A name of up to CATALOG_NAME_MAX bytes is shown and spoken as it is. A longer
 * one (up to CATALOG_FULL_NAME_MAX bytes, e.g. a supplier's whole label) is kept whole for the
 * export, and shown and spoken by its first words: at most CATALOG_SHORT_NAME_WORDS words and
 * CATALOG_SHORT_NAME_BYTES bytes, so an answer never reads out a page of text.
 */
#define CATALOG_NAME_MAX         127
#define CATALOG_FULL_NAME_MAX    16384
#define CATALOG_SHORT_NAME_WORDS 8
#define CATALOG_SHORT_NAME_BYTES 80

typedef struct {
    int64_t id;
    char sku[32];
    char name[128]; /* as shown and spoken: "Lavazza Espresso Beans"; for a name longer than
                       CATALOG_NAME_MAX bytes its first words (see above) */
    char brand[64];
    char category[64];
    char unit[32]; /* what one item is called when spoken: "bag", "bottle", "pack" */
    int64_t price_cents;
    int64_t stock;
} catalog_product_t;

/*
 * Call fn once for each spoken form of every product: its name, each alias, and each alias
 * after the brand (see CATALOG_BRAND_FORMS_MAX_PRODUCTS), lowercase words as a shopper says
 * them ("lavazza espresso beans", "my coffee beans", "kerrygold butter"). Stops early
 * and returns fn's value when fn returns non-zero.
 * Phrases come grouped by product (ascending id), each distinct phrase once per product; a
 * phrase is owned by the catalog and valid only during that call of fn. fn may read the
 * catalog (get/find) but must not call catalog_for_each_phrase itself. Returns 0 when all
 * were offered, or a negative CATALOG_E* code if the catalog failed.
 */
typedef int (*catalog_phrase_fn)(void *user, int64_t product_id, const char *phrase);
int catalog_for_each_phrase(catalog_t *cat, catalog_phrase_fn fn, void *user);

/* Up to this many products, each alias is offered again after its product's brand ("kerrygold
 * butter"). Above it they are left out: at 10,000 branded products with one alias each they
 * added a third to the recognizer's start-up (0.7 -> 1.0 s) and 75 MB (docs/BENCHMARKS.md).
 * The cost grows with the aliases: the limit assumes one or two a product, as in the sample. */
#define CATALOG_BRAND_FORMS_MAX_PRODUCTS 5000

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
 * aliases and allergens of a row that has those columns replace the old ones, and its
 * variant_of (the SKU of an earlier or existing product, or empty) sets which product it is a
 * size of. A name longer than CATALOG_NAME_MAX is kept whole and shown by its first words
 * (catalog_product_t.name). Everything is
 * one transaction: without skip_bad_rows the first bad row fails the import with nothing
 * changed (CATALOG_EINPUT; catalog_errmsg says "FILE:LINE:COLUMN: problem"). *stats (may be
 * NULL) is filled either way. CATALOG_ETOOBIG past the caps above, CATALOG_EREADONLY on a
 * read-only handle. The grammar is compiled from the catalog at start-up, so a restarted
 * shopspeak hears the new names.
 */
int catalog_import(catalog_t *cat, FILE *in, const catalog_import_config_t *config,
                   catalog_import_stats_t *stats /* OUT */);

/*
 * Write every product, in id order (except that a size comes after its family's main product,
 * so the file imports again), as CSV (every column, header first) or JSON (an array of
 * objects) to `out`. Names are written whole (products.full_name for a long one). Importing the
 * result into an empty catalog gives the same products, and exporting that gives the same bytes.
 * Returns 0, CATALOG_EOPEN when writing to `out` fails (errno kept), or a database status.
 */
int catalog_export(catalog_t *cat, FILE *out, catalog_format_t format);

/* ---- Shopper functions (docs/catalog.md, "Shopper functions") ------------------------------
 *
 * Time: everything that depends on the time (promotions, the cancel window, confirmations,
 * reminders, the PIN lockout, "today" for the daily limits) reads it from the handle's clock,
 * in seconds since 1970 UTC. Days are UTC days.
 */
typedef int64_t (*catalog_clock_fn)(void *user);

/* Replace the handle's clock (NULL: the system clock). user is passed to fn as is. */
void catalog_set_clock(catalog_t *cat, catalog_clock_fn fn, void *user);
/* The handle's clock now: seconds since 1970 UTC (the dialog's "just now" reads it too). */
int64_t catalog_now(const catalog_t *cat);

/* Most lines a cart may hold, and most candidates a spoken name resolves to. */
#define CATALOG_CART_MAX    50
#define CATALOG_CANDIDATES  3
#define CATALOG_TOKEN_CHARS 32 /* a confirmation token: 128 random bits as lowercase hex */

/* ---- Settings: the keys and defaults are listed in docs/catalog.md ----------------------- */

/* The value of a setting into buf (len bytes). CATALOG_ENOTFOUND for an unset key,
 * CATALOG_EINVAL for "pin_hash" (never read back) or a key the schema does not know. */
int catalog_get_setting(catalog_t *cat, const char *key, char *buf, size_t len);
/* Set a setting; the schema checks the value (numbers for limits). CATALOG_EINVAL when it
 * refuses, or for "pin_hash" (use catalog_set_pin). */
int catalog_set_setting(catalog_t *cat, const char *key, const char *value);

/* ---- Prices and deals --------------------------------------------------------------------- */

typedef struct {
    int64_t id;
    char title[128];                 /* spoken as it is: "ten percent off coffee and tea" */
    char kind[8];                    /* "percent" or "amount" */
    int64_t value;                   /* percent (1-100) or cents off */
    int64_t product_id;              /* 0 for a category promotion */
    char category[64];               /* "" for a product promotion */
    char starts_at[32], ends_at[32]; /* ISO 8601 UTC; the end is excluded */
} catalog_promotion_t;

typedef struct {
    int64_t price_cents;       /* the list price */
    int64_t deal_price_cents;  /* what it costs today with the best active promotion */
    int64_t promotion_id;      /* 0: no promotion today */
    char promotion_title[128]; /* "" without one */
} catalog_price_t;

/* Today's price of a product with the best active promotion applied (a percent is rounded
 * to the nearest cent; never below 0). */
int catalog_price_today(catalog_t *cat, int64_t product_id, catalog_price_t *out /* OUT */);

/* Called once per promotion; the promotion is only valid during the call. Non-zero stops. */
typedef int (*catalog_promotion_fn)(void *user, const catalog_promotion_t *promotion);

/* Promotions active now, soonest ending first, at most limit (0: 20): all of them; those of
 * one product (its own and its category's); those of one category (the category's own and
 * those of its products). Return 0, fn's value, or a negative status. */
int catalog_deals_today(catalog_t *cat, int64_t limit, catalog_promotion_fn fn, void *user);
int catalog_deals_for_product(catalog_t *cat, int64_t product_id, catalog_promotion_fn fn,
                              void *user);
int catalog_deals_in_category(catalog_t *cat, const char *category, catalog_promotion_fn fn,
                              void *user);

/* ---- Questions about a product ------------------------------------------------------------ */

typedef struct {
    catalog_product_t product;
    catalog_price_t price;
    char size[32];          /* "1 kg"; "" unknown */
    char description[1024]; /* cut at a character boundary if longer */
    char ingredients[1024]; /* cut likewise; "" unknown */
    char allergens[256];    /* "milk, soy"; "" when none are listed */
    double rating;          /* 0-5; meaningful only when rating_count > 0 */
    int64_t rating_count;
    char restock_at[32]; /* when it is expected back (ISO 8601); "" unknown, gone by or in stock */
} catalog_details_t;

int catalog_get_details(catalog_t *cat, int64_t product_id, catalog_details_t *out /* OUT */);

/* "Does it contain X?": *contains is 1 when X (any case, "peanuts" = "peanut") is on the
 * product's allergen list or a word of its ingredients, else 0. *known is 0 when the product
 * has neither an allergen list nor ingredients, so the answer is "I don't know". */
int catalog_contains(catalog_t *cat, int64_t product_id, const char *allergen,
                     int *contains /* OUT */, int *known /* OUT */);

/* The sizes a product comes in: every product of its variant family (itself included), by
 * price. fn as for catalog_list_products. */
int catalog_sizes(catalog_t *cat, int64_t product_id, catalog_product_fn fn, void *user);

/* ---- Finding what people mean ------------------------------------------------------------- */

typedef enum {
    CATALOG_MATCH_NONE = 0,
    CATALOG_MATCH_NAME,     /* a product's name */
    CATALOG_MATCH_ALIAS,    /* one of its aliases */
    CATALOG_MATCH_BRAND,    /* a brand alone: "lavazza" */
    CATALOG_MATCH_CATEGORY, /* an aisle word with context: "my coffee", "the usual milk" */
} catalog_match_how_t;

typedef struct {
    catalog_match_how_t how;
    int count; /* 1: found; 2-3: ambiguous, ask which; 0: nothing */
    catalog_product_t candidates[CATALOG_CANDIDATES]; /* the likeliest first */
} catalog_match_t;

/*
 * Resolve what a shopper said to a product: an exact name, then an alias, then (after "my",
 * "our", "the", "the usual") the same again, a brand alone, or an aisle word ("coffee") —
 * where the household's own order history picks "the coffee I usually buy". One clear
 * answer gives count 1; otherwise up to three candidates, most often ordered first.
 * CATALOG_ENOTFOUND when nothing matches (out->count 0).
 */
int catalog_resolve(catalog_t *cat, const char *spoken, catalog_match_t *out /* OUT */);

/* ---- Order history ------------------------------------------------------------------------ */

typedef struct {
    catalog_product_t product;
    int64_t times;         /* orders (not cancelled) it was in */
    int64_t last_quantity; /* how many the latest of them had */
} catalog_usual_t;

/* "The usual": the products ordered most often, most first (of as many orders, the one ordered
 * last first), at most max into out; *n is how many. */
int catalog_usual(catalog_t *cat, catalog_usual_t *out /* OUT */, size_t max, size_t *n /* OUT */);

/* "My last order": the latest order that was not cancelled and its lines (at most max into
 * lines; *n how many). CATALOG_ENOTFOUND when there is none. */
int catalog_last_order(catalog_t *cat, catalog_order_t *order /* OUT */,
                       catalog_order_line_t *lines /* OUT */, size_t max, size_t *n /* OUT */);

/* The lines of one order, by product id (at most max into lines; *n how many; none for an
 * order that does not exist). */
int catalog_order_lines(catalog_t *cat, int64_t order_id, catalog_order_line_t *lines /* OUT */,
                        size_t max, size_t *n /* OUT */);

typedef struct {
    catalog_order_t order;
    char estimated_at[32]; /* expected delivery: expected_at once shipped, otherwise placed_at
                              plus the delivery_days setting (a date, YYYY-MM-DD) */
    int cancellable;       /* still placed and inside the cancel window */
    char cancel_until[32]; /* end of the cancel window (ISO 8601 UTC) */
    int late;              /* not delivered, and estimated_at is before today */
} catalog_order_status_t;

/* Status of one order (order_id 0: the latest one). */
int catalog_order_status(catalog_t *cat, int64_t order_id, catalog_order_status_t *out /* OUT */);

/* Cancel an order that is still "placed" within cancel_window_minutes of being placed; its
 * stock is put back. CATALOG_ETOOLATE outside the window or once shipped, CATALOG_ENOTFOUND
 * for no such order. Cancelling a cancelled order again is CATALOG_OK. */
int catalog_cancel_order(catalog_t *cat, int64_t order_id);

/* Products most often bought together with this one (in its latest 500 orders), most first;
 * at most max into out, *n how many. */
int catalog_bought_together(catalog_t *cat, int64_t product_id, catalog_product_t *out /* OUT */,
                            size_t max, size_t *n /* OUT */);

/* ---- The cart ----------------------------------------------------------------------------- */

typedef struct {
    catalog_product_t product;
    int64_t quantity;
    int64_t unit_cents;   /* today's price with deals */
    int64_t line_cents;   /* unit_cents * quantity */
    int64_t promotion_id; /* 0: no deal on this line */
} catalog_cart_line_t;

typedef struct {
    size_t count;
    catalog_cart_line_t lines[CATALOG_CART_MAX]; /* by the time they were added */
    int64_t quantity;                            /* items in all */
    int64_t total_cents;                         /* with deals */
    int64_t savings_cents;                       /* list price total minus total_cents */
} catalog_cart_t;

/* Add quantity of a product (added to what the cart has; 1..99 in all, else CATALOG_EINVAL;
 * CATALOG_ESTOCK past the product's stock; CATALOG_ETOOBIG past CATALOG_CART_MAX lines;
 * CATALOG_ENOTFOUND for no such product). */
int catalog_cart_add(catalog_t *cat, int64_t product_id, int64_t quantity);
/* Remove a product from the cart (CATALOG_ENOTFOUND if it is not in it). */
int catalog_cart_remove(catalog_t *cat, int64_t product_id);
/* Change the quantity of a product in the cart (0 removes it; more than before but past the
 * stock: CATALOG_ESTOCK). */
int catalog_cart_set_quantity(catalog_t *cat, int64_t product_id, int64_t quantity);
int catalog_cart_contents(catalog_t *cat, catalog_cart_t *out /* OUT */);
int catalog_cart_clear(catalog_t *cat);

/* If the cart has items and has not changed for cart_reminder_minutes, and was not reminded
 * of since it last changed, add one "cart" notification. *created says whether it did. */
int catalog_cart_check_reminder(catalog_t *cat, int *created /* OUT */);

/* ---- Confirmation, PIN and limits: the only way shoppers place orders --------------------- */

typedef enum {
    CATALOG_PURCHASE_CART = 1,    /* check out the whole cart */
    CATALOG_PURCHASE_REORDER = 2, /* one product, quantity items */
} catalog_purchase_kind_t;

typedef struct {
    catalog_purchase_kind_t kind;
    int64_t product_id; /* REORDER only */
    int64_t quantity;   /* REORDER only, 1..99 */
} catalog_purchase_t;

typedef struct {
    char token[CATALOG_TOKEN_CHARS + 1]; /* give it back to catalog_place_confirmed */
    int64_t total_cents;                 /* what the shopper is agreeing to, with deals */
    int64_t quantity;                    /* items in all */
    int64_t lines;
    char expires_at[32]; /* ISO 8601 UTC; confirm_seconds after now */
    int pin_required;    /* say the PIN before it can be placed */
} catalog_confirmation_t;

/*
 * The dialog's confirmation step: record exactly what would be bought (the cart as it is, or
 * one product), at today's prices with deals, and return an unguessable token for it. The
 * limits, the stock and the lockout are checked now too, so the shopper hears "no" before
 * being asked "shall I?". CATALOG_EEMPTY, CATALOG_ESTOCK, CATALOG_ELIMIT, CATALOG_ELOCKED,
 * with a reason the dialog can speak in catalog_errmsg.
 */
int catalog_confirm_begin(catalog_t *cat, const catalog_purchase_t *what,
                          catalog_confirmation_t *out /* OUT */);

/* The PIN said for a confirmation: right marks it (CATALOG_OK); wrong is CATALOG_EPIN (three
 * in a row lock purchasing for 15 minutes: CATALOG_ELOCKED). The PIN is never stored,
 * logged or put into a message. */
int catalog_confirm_pin(catalog_t *cat, const char *token, const char *pin);

/*
 * Place what the confirmation recorded, once, in one transaction (synchronous=FULL). The
 * idempotency key works as for an order's (catalog_internal.h): the same token and key again return
 * the same *order_id. Refused with a reason: CATALOG_ETOKEN (unknown, expired, already used, or the
 * cart or a price changed since), CATALOG_EPIN (PIN set and not said), CATALOG_ELOCKED,
 * CATALOG_ESTOCK, CATALOG_ELIMIT (today's other orders). A checked-out cart is emptied.
 */
int catalog_place_confirmed(catalog_t *cat, const char *token, const char *idempotency_key,
                            int64_t *order_id /* OUT */);

/* Set, change or remove (new_pin NULL or "") the 4-digit purchase PIN. When one is set,
 * current_pin must match it (wrong tries count towards the lockout). CATALOG_EINVAL for a
 * new PIN that is not 4 digits. Stored as PBKDF2-HMAC-SHA256 with a random salt. */
int catalog_set_pin(catalog_t *cat, const char *current_pin, const char *new_pin);

/* Whether a PIN is set, and (when locked) until when purchasing is locked ("" if not). */
int catalog_pin_state(catalog_t *cat, int *pin_set /* OUT */, char *locked_until /* OUT */,
                      size_t len);

/* ---- Price watches, notifications, feedback, support -------------------------------------- */

/* "Tell me when X is under N": a later price change from at or above below_cents to under it
 * adds one "price" notification. *already_below (may be NULL) is 1 when it is under now. */
int catalog_watch_price(catalog_t *cat, int64_t product_id, int64_t below_cents,
                        int *already_below /* OUT */);

/* Change a product's list price (the price watches fire from the schema's trigger). */
int catalog_set_price(catalog_t *cat, int64_t product_id, int64_t price_cents);

typedef struct {
    int64_t id;
    char created_at[32];
    char kind[12]; /* order, price, stock, promotion, support, cart */
    char text[1024];
    int64_t product_id, order_id; /* 0: none */
} catalog_notification_t;

typedef int (*catalog_notification_fn)(void *user, const catalog_notification_t *n);

/* Unread notifications, oldest first, at most limit (0: 20). */
int catalog_unread_notifications(catalog_t *cat, int64_t limit, catalog_notification_fn fn,
                                 void *user);
int catalog_mark_notification_read(catalog_t *cat, int64_t id);

/* "Did you find what you were looking for?": found is 1 or 0; category may be NULL. */
int catalog_record_feedback(catalog_t *cat, int found, const char *category);

/* "Talk to a person": records a callback request (topic may be NULL) and writes the support
 * hours from the settings into hours (len bytes) for the answer. */
int catalog_request_callback(catalog_t *cat, const char *topic, char *hours /* OUT */, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* SHOPSPEAK_CATALOG_H */
