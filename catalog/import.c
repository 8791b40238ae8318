/*
 * import.c - products from a CSV or JSON file into the catalog, matched by SKU, in one
 * transaction; every bad value is named by file, line and column.
 */
#include "catalog_internal.h"
#include "catalog_io.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Page cache while importing, in KiB (a string for the PRAGMA). */
#define IMPORT_CACHE_KB "65536"

/* Longest product description or ingredient list, in bytes (the schema's CHECK). */
#define LONG_TEXT_MAX 16384

catalog_format_t catalog_format_from_name(const char *file_name)
{
    size_t n = file_name ? strlen(file_name) : 0;
    return n >= 5 && strcasecmp(file_name + n - 5, ".json") == 0 ? CATALOG_FORMAT_JSON
                                                                 : CATALOG_FORMAT_CSV;
}

catalog_import_config_t catalog_import_config_default(void)
{
    catalog_import_config_t c;
    memset(&c, 0, sizeof c);
    c.format = CATALOG_FORMAT_CSV;
    return c;
}

/* A row's values, checked and converted, ready for the database. Text points into the
 * reader's buffers and is valid until the next row is read. */
typedef struct {
    const char *text[COL_COUNT]; /* trimmed, NUL-terminated; "" for an absent column */
    int present[COL_COUNT];
    int64_t price_cents, stock, rating_count;
    double rating;
    int has_rating;
    char currency[4];
    char shown_name[CATALOG_NAME_MAX + 1]; /* what products.name gets (catalog__short_name) */
    const char *full_name;                 /* the whole name when it is longer; NULL otherwise */
} import_row;

/* What one import carries from row to row. */
typedef struct {
    catalog_t *cat;
    const catalog_import_config_t *config;
    const char *source;
    catalog_import_stats_t stats;
    char problem[384]; /* the last bad row's message, whole */
    char currency[8];  /* the catalog's (settings.currency): every price is in it */
} import_ctx;

/* Fail this row: "FILE:LINE:COLUMN: problem" (or "FILE:LINE: problem" without a column). */
__attribute__((format(printf, 4, 5))) static int row_error(import_ctx *ctx, int64_t line,
                                                           int column, const char *fmt, ...)
{
    char what[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (column >= 0)
        snprintf(ctx->problem, sizeof ctx->problem, "%s:%lld:%s: %s", ctx->source, (long long)line,
                 catalog__column_names[column], what);
    else
        snprintf(ctx->problem, sizeof ctx->problem, "%s:%lld: %s", ctx->source, (long long)line,
                 what);
    return catalog__fail(ctx->cat, CATALOG_EINPUT, "%s", ctx->problem);
}

/* Whether s[0..len) is well-formed UTF-8 without NUL or other control characters (tab and,
 * when multiline, line breaks allowed). */
static int clean_utf8(const unsigned char *s, size_t len, int multiline)
{
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && !(multiline && (c == '\n' || c == '\r'))) || c == 0x7f)
                return 0;
            i++;
            continue;
        }
        int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        if (n == 0 || c > 0xf4 || i + (size_t)n > len)
            return 0;
        unsigned long cp = c & (0x7f >> n);
        for (int k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += (size_t)n;
    }
    return 1;
}

/* Trim spaces and tabs at both ends, in place (values are writable copies). */
static char *trim(char *s, size_t *len)
{
    while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        s[--*len] = '\0';
    while (*len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        --*len;
    }
    return s;
}

/*
 * Exact decimal money, never through floating point: digits, optionally "." and digits of
 * which only the first two may be other than 0 ("13.49", "13.5", "13", "13.490"), at most
 * 1,000,000.00. Returns 0 with *cents, or -1.
 */
static int parse_price(const char *s, int64_t *cents)
{
    int64_t whole = 0, frac = 0;
    int digits = 0, frac_digits = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
        whole = whole * 10 + (*s - '0');
        if (whole > 1000000)
            return -1;
    }
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++, frac_digits++) {
            if (frac_digits >= 2 && *s != '0')
                return -1; /* a fraction of a cent */
            if (frac_digits < 2)
                frac = frac * 10 + (*s - '0');
        }
        if (frac_digits == 0)
            return -1;
        if (frac_digits == 1)
            frac *= 10;
    }
    if (*s != '\0' || digits == 0)
        return -1;
    *cents = whole * 100 + frac;
    return *cents <= 100000000 ? 0 : -1;
}

/* A whole number 0..max. Returns 0 with *out, or -1. */
static int parse_count(const char *s, int64_t max, int64_t *out)
{
    int64_t v = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
        if (v > max)
            return -1;
    }
    *out = v;
    return 0;
}

/* A rating 0 to 5 with at most two decimals ("4.5"); exact in hundredths. */
static int parse_rating(const char *s, double *out)
{
    int64_t hundredths;
    if (parse_price(s, &hundredths) != 0 || hundredths > 500)
        return -1;
    *out = (double)hundredths / 100.0;
    return 0;
}

/* Check the length and characters of a text column. */
static int check_text(import_ctx *ctx, int64_t line, int col, const char *s, size_t len, size_t max,
                      int required)
{
    if (len == 0 && required)
        return row_error(ctx, line, col, "is empty");
    if (len > max)
        return row_error(ctx, line, col, "is %zu bytes long; at most %zu fit", len, max);
    int multiline = col == COL_DESCRIPTION || col == COL_INGREDIENTS;
    if (strlen(s) != len || !clean_utf8((const unsigned char *)s, len, multiline))
        return row_error(ctx, line, col, "is not UTF-8 text (or has control characters)");
    return CATALOG_OK;
}

/* The longest value each text column takes, in bytes (the schema's CHECKs). */
static size_t text_max(int col)
{
    switch (col) {
    case COL_SKU:
    case COL_UNIT:
    case COL_SIZE:
    case COL_VARIANT_OF:
        return 31;
    case COL_NAME:
        return CATALOG_FULL_NAME_MAX;
    case COL_BRAND:
    case COL_CATEGORY:
        return 63;
    case COL_CURRENCY:
        return 3;
    default:
        return LONG_TEXT_MAX;
    }
}

/* The numbers and the currency of a row, after its text passed check_text. */
static int convert_numbers(import_ctx *ctx, int64_t line, import_row *row)
{
    const char *const *t = row->text;
    if (parse_price(t[COL_PRICE], &row->price_cents) != 0)
        return row_error(ctx, line, COL_PRICE, "\"%.40s\" is not a price (write it like 13.49)",
                         t[COL_PRICE]);
    row->stock = 0;
    if (t[COL_STOCK][0] && parse_count(t[COL_STOCK], 1000000000, &row->stock) != 0)
        return row_error(ctx, line, COL_STOCK, "\"%.40s\" is not a whole number of items",
                         t[COL_STOCK]);
    row->rating_count = 0;
    if (t[COL_RATING_COUNT][0] &&
        parse_count(t[COL_RATING_COUNT], 1000000000, &row->rating_count) != 0)
        return row_error(ctx, line, COL_RATING_COUNT, "\"%.40s\" is not a whole number",
                         t[COL_RATING_COUNT]);
    row->has_rating = t[COL_RATING][0] != '\0';
    if (row->has_rating && parse_rating(t[COL_RATING], &row->rating) != 0)
        return row_error(ctx, line, COL_RATING, "\"%.40s\" is not a rating from 0 to 5",
                         t[COL_RATING]);
    const char *cur = t[COL_CURRENCY][0] ? t[COL_CURRENCY] : ctx->currency;
    for (int i = 0; i < 3; i++) {
        char c = cur[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c < 'A' || c > 'Z')
            return row_error(ctx, line, COL_CURRENCY,
                             "\"%.40s\" is not a three-letter currency code (%s)", cur,
                             ctx->currency);
        row->currency[i] = c;
    }
    row->currency[3] = '\0';
    /* One catalog, one currency: the answers say prices in the locale's money and add them up
     * into one total, so "5 EUR" would be spoken as five dollars. */
    if (strcmp(row->currency, ctx->currency) != 0)
        return row_error(ctx, line, COL_CURRENCY,
                         "%s is not this catalog's currency (%s): it sells in one currency",
                         row->currency, ctx->currency);
    return CATALOG_OK;
}

/*
 * Check and convert one row. values[c] is the value of column c when present[c]; values are
 * writable (trimmed in place).
 */
static int convert_row(import_ctx *ctx, int64_t line, catalog__value *values, const int *present,
                       import_row *row)
{
    static const char *const defaults[COL_COUNT] = {[COL_CATEGORY] = "other", [COL_UNIT] = "item"};
    for (int col = 0; col < COL_COUNT; col++) {
        row->present[col] = present[col];
        size_t len = present[col] ? values[col].len : 0;
        char *s = present[col] ? trim((char *)values[col].text, &len) : (char *)"";
        int required = col == COL_SKU || col == COL_NAME || col == COL_PRICE;
        if (!present[col] && required)
            return row_error(ctx, line, col, "is missing");
        int status = check_text(ctx, line, col, s, len, text_max(col), required);
        if (status != CATALOG_OK)
            return status;
        row->text[col] = len == 0 && defaults[col] ? defaults[col] : s;
    }
    size_t shown =
        catalog__short_name(row->text[COL_NAME], row->shown_name, sizeof row->shown_name);
    row->full_name = shown < strlen(row->text[COL_NAME]) ? row->text[COL_NAME] : NULL;
    return convert_numbers(ctx, line, row);
}

/* Step a write statement; returns the SQLite code (DONE on success). */
static int run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc;
}

static void bind_row(sqlite3_stmt *st, const import_row *row, const char *spoken,
                     const char *spoken_brand)
{
    const char *const *t = row->text;
    sqlite3_bind_text(st, 1, t[COL_SKU], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, row->shown_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t[COL_BRAND], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, t[COL_CATEGORY], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, t[COL_UNIT], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, row->price_cents);
    sqlite3_bind_int64(st, 7, row->stock);
    sqlite3_bind_text(st, 8, t[COL_DESCRIPTION], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, t[COL_SIZE], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, row->currency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, t[COL_INGREDIENTS], -1, SQLITE_STATIC);
    if (row->has_rating)
        sqlite3_bind_double(st, 12, row->rating);
    sqlite3_bind_int64(st, 13, row->rating_count);
    if (spoken != NULL)
        sqlite3_bind_text(st, 14, spoken, -1, SQLITE_STATIC);
    if (spoken_brand != NULL)
        sqlite3_bind_text(st, 15, spoken_brand, -1, SQLITE_STATIC);
    if (row->full_name != NULL)
        sqlite3_bind_text(st, 16, row->full_name, -1, SQLITE_STATIC);
}

/* The parameter bit of each optional column in ST_UPDATE_PRODUCT (bit n: parameter ?n). */
static int64_t present_mask(const import_row *row)
{
    static const struct {
        int col, param;
    } map[] = {{COL_BRAND, 3},        {COL_CATEGORY, 4},     {COL_UNIT, 5},
               {COL_STOCK, 7},        {COL_DESCRIPTION, 8},  {COL_SIZE, 9},
               {COL_CURRENCY, 10},    {COL_INGREDIENTS, 11}, {COL_RATING, 12},
               {COL_RATING_COUNT, 13}};
    int64_t mask = 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (row->present[map[i].col])
            mask |= (int64_t)1 << map[i].param;
    return mask;
}

/* Insert or update the product row; *id is its id. Returns a SQLite code (DONE on success). */
static int upsert_product(catalog_t *cat, const import_row *row, int64_t *id, int *added)
{
    char spoken[CATALOG_PHRASE_MAX], brand[CATALOG_PHRASE_MAX];
    if (catalog__normalize_phrase(row->shown_name, spoken, sizeof spoken) < 0)
        spoken[0] = '\0'; /* too long to say: no spoken name, like refresh_spoken_names */
    const char *brand_text = row->text[COL_BRAND] ? row->text[COL_BRAND] : "";
    if (catalog__normalize_phrase(brand_text, brand, sizeof brand) < 0)
        brand[0] = '\0';
    sqlite3_stmt *st = catalog__stmt(cat, ST_PRODUCT_ID_BY_SKU);
    sqlite3_bind_text(st, 1, row->text[COL_SKU], -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *added = rc == SQLITE_DONE;
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return rc;
    if (*added) {
        st = catalog__stmt(cat, ST_INSERT_PRODUCT);
        bind_row(st, row, spoken, brand);
        rc = run(st);
        *id = sqlite3_last_insert_rowid(cat->db);
        return rc;
    }
    st = catalog__stmt(cat, ST_UPDATE_PRODUCT);
    bind_row(st, row, NULL, NULL);
    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_int64(st, 15, present_mask(row));
    rc = run(st);
    if (rc != SQLITE_DONE)
        return rc;
    /* A renamed product's spoken name was cleared by the schema's trigger: set it now. */
    st = catalog__stmt(cat, ST_SET_SPOKEN_NAME);
    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_text(st, 2, spoken, -1, SQLITE_STATIC);
    if (row->present[COL_BRAND]) /* otherwise the brand, and its spoken form, stay */
        sqlite3_bind_text(st, 3, brand, -1, SQLITE_STATIC);
    return run(st);
}

/* Replace a product's aliases or allergens with the ';'-separated list in `list`. */
static int replace_list(import_ctx *ctx, int64_t line, int col, int64_t id, char *list)
{
    catalog_t *cat = ctx->cat;
    int is_alias = col == COL_ALIASES;
    sqlite3_stmt *st = catalog__stmt(cat, is_alias ? ST_DELETE_ALIASES : ST_DELETE_ALLERGENS);
    sqlite3_bind_int64(st, 1, id);
    int rc = run(st);
    for (char *item = list, *next; rc == SQLITE_DONE && item != NULL; item = next) {
        next = strchr(item, ';');
        if (next != NULL)
            *next++ = '\0';
        char word[CATALOG_PHRASE_MAX];
        size_t len = strlen(item);
        item = trim(item, &len);
        if (is_alias && catalog__normalize_phrase(item, word, sizeof word) < 0)
            return row_error(ctx, line, col, "alias \"%.40s...\" is too long to say", item);
        if (!is_alias) {
            if (len > 63)
                return row_error(ctx, line, col, "allergen \"%.40s...\" is longer than 63 bytes",
                                 item);
            for (size_t i = 0; i <= len; i++) /* ASCII lowercase, as the schema's lower() */
                word[i] = item[i] >= 'A' && item[i] <= 'Z' ? (char)(item[i] + 32) : item[i];
        }
        if (word[0] == '\0')
            continue; /* "a;;b", or an alias with nothing sayable in it */
        if (is_alias && strspn(word, "abcdefghijklmnopqrstuvwxyz0123456789' ") != strlen(word))
            return row_error(ctx, line, col,
                             "alias \"%.40s\" is not all a-z, digits and apostrophes once "
                             "spoken (\"%.40s\")",
                             item, word);
        st = catalog__stmt(cat, is_alias ? ST_INSERT_ALIAS : ST_INSERT_ALLERGEN);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, word, -1, SQLITE_TRANSIENT);
        rc = run(st);
    }
    return rc == SQLITE_DONE ? CATALOG_OK : catalog__fail_sqlite(cat, rc, "importing into");
}

/* One integer from a cached statement with one integer parameter; -1 for no row. */
static int64_t lookup_id(catalog_t *cat, catalog__stmt_id id, int64_t param, const char *text,
                         int *rc)
{
    sqlite3_stmt *st = catalog__stmt(cat, id);
    if (text != NULL)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, param);
    *rc = sqlite3_step(st);
    int64_t v = *rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (*rc == SQLITE_ROW || *rc == SQLITE_DONE)
        *rc = SQLITE_OK;
    return v;
}

/*
 * The variant_of column: make product `id` a size of the product with that SKU, or (empty)
 * of none. The family's main product must be in the catalog already or on an earlier row,
 * and families are one level deep: a size of a size, or a product with sizes of its own
 * becoming a size, is refused rather than guessed at.
 */
static int link_variant(import_ctx *ctx, int64_t line, int64_t id, const import_row *row)
{
    catalog_t *cat = ctx->cat;
    const char *family_sku = row->text[COL_VARIANT_OF];
    int rc = SQLITE_OK;
    sqlite3_stmt *st;
    if (family_sku[0] == '\0') {
        st = catalog__stmt(cat, ST_DELETE_VARIANT);
        sqlite3_bind_int64(st, 1, id);
        rc = run(st);
        return rc == SQLITE_DONE ? CATALOG_OK : catalog__fail_sqlite(cat, rc, "importing into");
    }
    if (strcmp(family_sku, row->text[COL_SKU]) == 0)
        return row_error(ctx, line, COL_VARIANT_OF, "a product cannot be a size of itself");
    int64_t family = lookup_id(cat, ST_PRODUCT_ID_BY_SKU, 0, family_sku, &rc);
    int64_t main_of_family =
        rc == SQLITE_OK && family > 0 ? lookup_id(cat, ST_FAMILY_OF, family, NULL, &rc) : family;
    int64_t has_sizes = rc == SQLITE_OK ? lookup_id(cat, ST_HAS_VARIANTS, id, NULL, &rc) : 0;
    if (rc != SQLITE_OK)
        return catalog__fail_sqlite(cat, rc, "importing into");
    if (family < 0)
        return row_error(ctx, line, COL_VARIANT_OF,
                         "no product has the SKU \"%.40s\" (the product this is a size of must "
                         "be in the catalog or on an earlier row)",
                         family_sku);
    if (main_of_family != family)
        return row_error(ctx, line, COL_VARIANT_OF,
                         "\"%.40s\" is itself a size of another product: name that one",
                         family_sku);
    if (has_sizes == 1)
        return row_error(ctx, line, COL_VARIANT_OF,
                         "this product has sizes of its own, so it cannot be a size of \"%.40s\"",
                         family_sku);
    st = catalog__stmt(cat, ST_SET_VARIANT);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, family);
    rc = run(st);
    return rc == SQLITE_DONE ? CATALOG_OK : catalog__fail_sqlite(cat, rc, "importing into");
}

/* Write one converted row. A constraint the checks above missed is this row's fault. */
static int store_row(import_ctx *ctx, int64_t line, import_row *row)
{
    int64_t id = 0;
    int added = 0;
    int rc = upsert_product(ctx->cat, row, &id, &added);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return row_error(ctx, line, -1, "refused by the catalog: %s", sqlite3_errmsg(ctx->cat->db));
    if (rc != SQLITE_DONE)
        return catalog__fail_sqlite(ctx->cat, rc, "importing into");
    int status = CATALOG_OK;
    if (row->present[COL_ALIASES])
        status = replace_list(ctx, line, COL_ALIASES, id, (char *)row->text[COL_ALIASES]);
    if (status == CATALOG_OK && row->present[COL_ALLERGENS])
        status = replace_list(ctx, line, COL_ALLERGENS, id, (char *)row->text[COL_ALLERGENS]);
    if (status == CATALOG_OK && row->present[COL_VARIANT_OF])
        status = link_variant(ctx, line, id, row);
    if (status == CATALOG_OK && added)
        ctx->stats.added++;
    else if (status == CATALOG_OK)
        ctx->stats.updated++;
    return status;
}

/* A savepoint per row when bad rows are skipped, so a half-written row leaves nothing. */
static int savepoint(catalog_t *cat, catalog__stmt_id id)
{
    int rc = run(catalog__stmt(cat, id));
    return rc == SQLITE_DONE ? CATALOG_OK : catalog__fail_sqlite(cat, rc, "importing into");
}

/*
 * One row from either reader: convert, store, count. With skip_bad_rows a bad row is
 * reported and left out (returns OK); otherwise its status ends the import.
 */
static int import_one(import_ctx *ctx, int64_t line, catalog__value *values, const int *present)
{
    import_row row;
    const int skip = ctx->config->skip_bad_rows;
    ctx->stats.rows++;
    if (ctx->stats.rows > CATALOG_IMPORT_ROWS_MAX)
        return catalog__fail(ctx->cat, CATALOG_ETOOBIG, "%s: more than %d rows", ctx->source,
                             CATALOG_IMPORT_ROWS_MAX);
    int status = convert_row(ctx, line, values, present, &row);
    if (status == CATALOG_OK && skip)
        status = savepoint(ctx->cat, ST_SAVEPOINT);
    if (status == CATALOG_OK) {
        status = store_row(ctx, line, &row);
        if (skip && status == CATALOG_EINPUT)
            savepoint(ctx->cat, ST_ROLLBACK_TO);
        if (skip && (status == CATALOG_OK || status == CATALOG_EINPUT))
            savepoint(ctx->cat, ST_RELEASE);
    }
    if (status == CATALOG_EINPUT && skip) {
        ctx->stats.skipped++;
        if (ctx->config->bad_row)
            ctx->config->bad_row(ctx->config->user, ctx->problem);
        status = CATALOG_OK;
    }
    if (status == CATALOG_OK && ctx->config->progress &&
        ctx->stats.rows % CATALOG_IMPORT_PROGRESS_ROWS == 0)
        ctx->config->progress(ctx->config->user, &ctx->stats);
    return status;
}

/* ---- CSV -------------------------------------------------------------------------------- */

/* The header: which column each field is. Unknown or repeated names are errors. */
static int read_header(import_ctx *ctx, const catalog__csv_record *rec, int *col_of, int *present)
{
    for (int i = 0; i < rec->n_fields; i++) {
        size_t len = rec->lens[i];
        char *name = trim(rec->buf + rec->starts[i], &len);
        for (size_t k = 0; k < len; k++)
            if (name[k] >= 'A' && name[k] <= 'Z')
                name[k] = (char)(name[k] + 32);
        int col = catalog__column_by_name(name, len);
        if (col < 0)
            return catalog__fail(ctx->cat, CATALOG_EINPUT,
                                 "%s:%lld:%.40s: unknown column (the columns are sku, name, "
                                 "price, brand, category, unit, size, currency, stock, "
                                 "description, ingredients, allergens, rating, rating_count, "
                                 "aliases, variant_of)",
                                 ctx->source, (long long)rec->line, name);
        if (present[col])
            return catalog__fail(ctx->cat, CATALOG_EINPUT, "%s:%lld:%s: a second \"%s\" column",
                                 ctx->source, (long long)rec->line, name, name);
        present[col] = 1;
        col_of[i] = col;
    }
    for (int col = COL_SKU; col <= COL_PRICE; col++)
        if (!present[col])
            return catalog__fail(ctx->cat, CATALOG_EINPUT,
                                 "%s:%lld: no \"%s\" column (sku, name and price are needed)",
                                 ctx->source, (long long)rec->line, catalog__column_names[col]);
    return CATALOG_OK;
}

/* One data record: its fields by column, or a row error if their number is wrong. */
static int csv_row(import_ctx *ctx, catalog__csv_record *rec, int n_header, const int *col_of,
                   const int *present)
{
    catalog__value values[COL_COUNT];
    if (rec->n_fields != n_header) {
        ctx->stats.rows++;
        row_error(ctx, rec->line, -1, "%d fields, but the header has %d", rec->n_fields, n_header);
        if (!ctx->config->skip_bad_rows)
            return CATALOG_EINPUT;
        ctx->stats.skipped++;
        if (ctx->config->bad_row)
            ctx->config->bad_row(ctx->config->user, ctx->problem);
        return CATALOG_OK;
    }
    for (int i = 0; i < rec->n_fields; i++) {
        values[col_of[i]].text = rec->buf + rec->starts[i];
        values[col_of[i]].len = rec->lens[i];
    }
    return import_one(ctx, rec->line, values, present);
}

static int import_csv(import_ctx *ctx, FILE *in)
{
    catalog__csv_reader reader = {in, 0, 0};
    catalog__csv_record rec;
    int col_of[1024], present[COL_COUNT] = {0};
    int64_t line = 1;
    char err[256];
    memset(&rec, 0, sizeof rec);
    int got = catalog__csv_read(&reader, &rec, &line, err, sizeof err);
    int n_header = rec.n_fields, status = CATALOG_OK;
    if (got == 0)
        status = catalog__fail(ctx->cat, CATALOG_EINPUT,
                               "%s: empty file (a CSV catalog starts with a header row: "
                               "sku,name,price,...)",
                               ctx->source);
    else if (got == 1)
        status = read_header(ctx, &rec, col_of, present);
    while (status == CATALOG_OK && got == 1) {
        got = catalog__csv_read(&reader, &rec, &line, err, sizeof err);
        if (got == 1)
            status = csv_row(ctx, &rec, n_header, col_of, present);
    }
    if (got < 0) /* the file itself is not CSV: no row to skip, whatever the flags */
        status = catalog__fail(ctx->cat, got, "%s:%lld: %s", ctx->source, (long long)line, err);
    catalog__csv_record_free(&rec);
    return status;
}

/* ---- JSON ------------------------------------------------------------------------------- */

/* Room for the values of one object: never more than its text, plus a NUL each. */
#define JSON_SCRATCH (CATALOG_IMPORT_ROW_MAX + 64)

/* Read all of `in` (JSON is parsed whole, one object at a time). */
static int slurp(import_ctx *ctx, FILE *in, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf != NULL && (got = fread(buf + n, 1, cap - n - 1, in)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            if (cap >= CATALOG_IMPORT_JSON_MAX) {
                free(buf);
                return catalog__fail(ctx->cat, CATALOG_ETOOBIG, "%s is larger than %d MB",
                                     ctx->source, CATALOG_IMPORT_JSON_MAX >> 20);
            }
            char *grown = realloc(buf, cap * 2);
            if (grown == NULL)
                free(buf);
            buf = grown;
            cap *= 2;
        }
    }
    if (buf == NULL)
        return catalog__fail(ctx->cat, CATALOG_ENOMEM, "out of memory reading %s", ctx->source);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return CATALOG_OK;
}

typedef struct {
    const char *text;
    size_t len, pos;
    int64_t line;
} json_scan;

static void skip_space(json_scan *s)
{
    while (s->pos < s->len && strchr(" \t\r\n", s->text[s->pos]) && s->text[s->pos]) {
        if (s->text[s->pos] == '\n')
            s->line++;
        s->pos++;
    }
}

/* Find the end of the object starting at s->pos ('{'): the byte after its closing brace, or
 * 0 when it never closes. Counts lines on the way. */
static size_t object_end(json_scan *s)
{
    int depth = 0, in_string = 0;
    for (size_t i = s->pos; i < s->len; i++) {
        char c = s->text[i];
        if (c == '\n')
            s->line++;
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* The text of a JSON value as a column value: strings as they are, numbers as written,
 * arrays of strings joined with ';', null as empty. Returns 0, or -1 for other types. */
static int json_value_text(json_object *v, char *buf, size_t cap, catalog__value *out)
{
    enum json_type type = json_object_get_type(v);
    if (type == json_type_null) {
        buf[0] = '\0';
    } else if (type == json_type_string || type == json_type_int || type == json_type_double) {
        const char *t = json_object_get_string(v);
        size_t n = type == json_type_string ? (size_t)json_object_get_string_len(v) : strlen(t);
        if (n >= cap)
            return -2;
        memcpy(buf, t, n);
        buf[n] = '\0';
        out->text = buf;
        out->len = n;
        return 0;
    } else if (type == json_type_array) {
        size_t n = 0;
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            json_object *item = json_object_array_get_idx(v, i);
            if (json_object_get_type(item) != json_type_string)
                return -1;
            size_t k = (size_t)json_object_get_string_len(item);
            if (n + k + 2 >= cap)
                return -2;
            if (i > 0)
                buf[n++] = ';';
            memcpy(buf + n, json_object_get_string(item), k);
            for (size_t j = n; j < n + k; j++)
                if (buf[j] == ';') /* a ';' inside one item must not split it */
                    buf[j] = ' ';
            n += k;
        }
        buf[n] = '\0';
        out->text = buf;
        out->len = n;
        return 0;
    } else {
        return -1;
    }
    out->text = buf;
    out->len = 0;
    return 0;
}

/* One parsed object into a row. */
static int json_row(import_ctx *ctx, int64_t line, json_object *obj, char *scratch)
{
    catalog__value values[COL_COUNT];
    int present[COL_COUNT] = {0};
    if (json_object_get_type(obj) != json_type_object)
        return row_error(ctx, line, -1, "an array element that is not an object");
    char *next = scratch;
    json_object_object_foreach(obj, key, v)
    {
        int col = catalog__column_by_name(key, strlen(key));
        if (col < 0)
            return row_error(ctx, line, -1, "unknown key \"%.40s\"", key);
        /* Only the list columns are lists: a name of ["a", "b"] would be "a;b". */
        if (json_object_get_type(v) == json_type_array && col != COL_ALIASES &&
            col != COL_ALLERGENS)
            return row_error(ctx, line, col,
                             "must be text or a number (only aliases and allergens are lists)");
        size_t room = (size_t)(scratch + JSON_SCRATCH - next);
        if (room > CATALOG_IMPORT_FIELD_MAX + 2)
            room = CATALOG_IMPORT_FIELD_MAX + 2;
        int r = room > 0 ? json_value_text(v, next, room, &values[col]) : -2;
        if (r == -1)
            return row_error(ctx, line, col, "must be text or a number");
        if (r == -2)
            return row_error(ctx, line, col, "is longer than %d bytes", CATALOG_IMPORT_FIELD_MAX);
        present[col] = 1;
        next += values[col].len + 1;
    }
    return import_one(ctx, line, values, present);
}

/* Parse one object's text with json-c; a syntax error names the line it is on. */
static int json_object_at(import_ctx *ctx, json_scan *s, size_t end, int64_t line, char *scratch)
{
    json_tokener *tok = json_tokener_new_ex(16);
    if (tok == NULL)
        return catalog__fail(ctx->cat, CATALOG_ENOMEM, "out of memory reading %s", ctx->source);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *obj = json_tokener_parse_ex(tok, s->text + s->pos, (int)(end - s->pos));
    int status;
    if (obj == NULL) {
        size_t at = s->pos + json_tokener_get_parse_end(tok);
        int64_t err_line = line;
        for (size_t i = s->pos; i < at && i < end; i++)
            err_line += s->text[i] == '\n';
        status = catalog__fail(ctx->cat, CATALOG_EINPUT, "%s:%lld: not JSON: %s", ctx->source,
                               (long long)err_line,
                               json_tokener_error_desc(json_tokener_get_error(tok)));
    } else {
        status = json_row(ctx, line, obj, scratch);
    }
    json_object_put(obj);
    json_tokener_free(tok);
    return status;
}

/* Walk the top-level array one object at a time, so each row keeps its line number. */
static int import_json_text(import_ctx *ctx, json_scan *s, char *scratch)
{
    skip_space(s);
    if (s->pos >= s->len || s->text[s->pos] != '[')
        return catalog__fail(ctx->cat, CATALOG_EINPUT,
                             "%s:%lld: a JSON catalog is an array of objects: [{\"sku\": ...}]",
                             ctx->source, (long long)s->line);
    s->pos++;
    for (int first = 1;; first = 0) {
        skip_space(s);
        if (s->pos < s->len && s->text[s->pos] == ']' && first)
            break;
        if (s->pos >= s->len || s->text[s->pos] != '{')
            return catalog__fail(ctx->cat, CATALOG_EINPUT, "%s:%lld: expected an object ({)",
                                 ctx->source, (long long)s->line);
        int64_t line = s->line;
        size_t end = object_end(s);
        if (end == 0)
            return catalog__fail(ctx->cat, CATALOG_EINPUT,
                                 "%s:%lld: the object starting here never ends", ctx->source,
                                 (long long)line);
        if (end - s->pos > CATALOG_IMPORT_ROW_MAX)
            return catalog__fail(ctx->cat, CATALOG_ETOOBIG,
                                 "%s:%lld: an object larger than %d bytes", ctx->source,
                                 (long long)line, CATALOG_IMPORT_ROW_MAX);
        int status = json_object_at(ctx, s, end, line, scratch);
        if (status != CATALOG_OK)
            return status;
        s->pos = end;
        skip_space(s);
        if (s->pos < s->len && s->text[s->pos] == ']')
            break;
        if (s->pos >= s->len || s->text[s->pos] != ',')
            return catalog__fail(ctx->cat, CATALOG_EINPUT, "%s:%lld: expected , or ]", ctx->source,
                                 (long long)s->line);
        s->pos++;
    }
    s->pos++;
    skip_space(s);
    if (s->pos < s->len)
        return catalog__fail(ctx->cat, CATALOG_EINPUT, "%s:%lld: text after the closing ]",
                             ctx->source, (long long)s->line);
    return CATALOG_OK;
}

static int import_json(import_ctx *ctx, FILE *in)
{
    char *text = NULL;
    size_t len = 0;
    int status = slurp(ctx, in, &text, &len);
    if (status != CATALOG_OK)
        return status;
    char *scratch = malloc(JSON_SCRATCH);
    json_scan s = {text, len, 0, 1};
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        s.pos = 3;
    if (scratch == NULL)
        status = catalog__fail(ctx->cat, CATALOG_ENOMEM, "out of memory reading %s", ctx->source);
    else
        status = import_json_text(ctx, &s, scratch);
    free(scratch);
    free(text);
    return status;
}

/* ---- The transaction -------------------------------------------------------------------- */

int catalog_import(catalog_t *cat, FILE *in, const catalog_import_config_t *config,
                   catalog_import_stats_t *stats)
{
    if (cat == NULL || in == NULL || config == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_import: NULL argument")
                   : CATALOG_EINVAL;
    import_ctx ctx = {cat,          config, config->source_name ? config->source_name : "input",
                      {0, 0, 0, 0}, "",     ""};
    if (catalog_get_setting(cat, "currency", ctx.currency, sizeof ctx.currency) != CATALOG_OK ||
        strlen(ctx.currency) != 3)
        snprintf(ctx.currency, sizeof ctx.currency, "USD");
    if (stats != NULL)
        memset(stats, 0, sizeof *stats);
    if (cat->readonly)
        return catalog__fail(cat, CATALOG_EREADONLY, "catalog %s was opened read-only", cat->path);
    if (config->format != CATALOG_FORMAT_CSV && config->format != CATALOG_FORMAT_JSON)
        return catalog__fail(cat, CATALOG_EINVAL, "catalog_import: unknown format");
    cat->errmsg[0] = '\0';
    /* A big import touches every index page: with SQLite's default 2 MB cache they would be
     * written out to the WAL and read back many times over before the commit. */
    sqlite3_exec(cat->db, "PRAGMA cache_size = -" IMPORT_CACHE_KB, NULL, NULL, NULL);
    int status = savepoint(cat, ST_BEGIN_IMMEDIATE);
    if (status != CATALOG_OK)
        return status;
    status = config->format == CATALOG_FORMAT_JSON ? import_json(&ctx, in) : import_csv(&ctx, in);
    if (status == CATALOG_OK)
        status = savepoint(cat, ST_COMMIT);
    if (status != CATALOG_OK && !sqlite3_get_autocommit(cat->db))
        run(catalog__stmt(cat, ST_ROLLBACK));
    sqlite3_exec(cat->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL); /* the default */
    if (status == CATALOG_OK)
        catalog__refresh_category_words(cat); /* new aisles can be said at once */
    if (status == CATALOG_OK && config->progress)
        config->progress(config->user, &ctx.stats);
    if (stats != NULL)
        *stats = ctx.stats;
    return status;
}
