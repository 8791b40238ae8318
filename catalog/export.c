/*
 * export.c - every product as CSV or JSON, in the columns import reads, so a file exported
 * and imported again gives the same catalog.
 */
#include "catalog_internal.h"
#include "catalog_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Column values of the product ST_EXPORT_PRODUCTS is on, as text (NULL for a JSON null). */
typedef struct {
    char price[32], stock[32], rating[48], rating_count[32];
    const char *text[COL_COUNT];
    char *aliases, *allergens; /* ';'-separated, malloc'd */
} export_row;

/* "13.49" from 1349: exact, from integers. */
static void format_cents(char *buf, size_t len, int64_t cents)
{
    snprintf(buf, len, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

/* A rating in hundredths, without trailing zeros: 4.5, 4.75, 4. */
static void format_rating(char *buf, size_t len, double rating)
{
    int64_t h = (int64_t)(rating * 100.0 + 0.5);
    if (h % 100 == 0)
        snprintf(buf, len, "%lld", (long long)(h / 100));
    else if (h % 10 == 0)
        snprintf(buf, len, "%lld.%lld", (long long)(h / 100), (long long)(h % 100 / 10));
    else
        snprintf(buf, len, "%lld.%02lld", (long long)(h / 100), (long long)(h % 100));
}

/* The product's aliases or allergens joined with ';' (malloc'd; "" when none). */
static char *join_list(catalog_t *cat, catalog__stmt_id id, int64_t product_id, int *rc)
{
    sqlite3_stmt *st = catalog__stmt(cat, id);
    sqlite3_bind_int64(st, 1, product_id);
    size_t len = 0;
    char *out = calloc(1, 1);
    while (out != NULL && (*rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *item = (const char *)sqlite3_column_text(st, 0);
        size_t n = item ? strlen(item) : 0;
        char *grown = realloc(out, len + n + 2);
        if (grown == NULL) {
            free(out);
            out = NULL;
            break;
        }
        out = grown;
        if (len > 0)
            out[len++] = ';';
        memcpy(out + len, item ? item : "", n + 1);
        len += n;
    }
    sqlite3_reset(st);
    if (out == NULL)
        *rc = SQLITE_NOMEM;
    else if (*rc == SQLITE_DONE)
        *rc = SQLITE_OK;
    return out;
}

static int read_row(catalog_t *cat, sqlite3_stmt *st, export_row *r)
{
#define COLUMN_TEXT(i) ((const char *)sqlite3_column_text(st, (i)))
    int64_t id = sqlite3_column_int64(st, 0);
    memset(r, 0, sizeof *r);
    r->text[COL_SKU] = COLUMN_TEXT(1);
    r->text[COL_NAME] = COLUMN_TEXT(2);
    format_cents(r->price, sizeof r->price, sqlite3_column_int64(st, 3));
    r->text[COL_PRICE] = r->price;
    r->text[COL_BRAND] = COLUMN_TEXT(4);
    r->text[COL_CATEGORY] = COLUMN_TEXT(5);
    r->text[COL_UNIT] = COLUMN_TEXT(6);
    r->text[COL_SIZE] = COLUMN_TEXT(7);
    r->text[COL_CURRENCY] = COLUMN_TEXT(8);
    snprintf(r->stock, sizeof r->stock, "%lld", (long long)sqlite3_column_int64(st, 9));
    r->text[COL_STOCK] = r->stock;
    r->text[COL_DESCRIPTION] = COLUMN_TEXT(10);
    r->text[COL_INGREDIENTS] = COLUMN_TEXT(11);
    if (sqlite3_column_type(st, 12) != SQLITE_NULL) {
        format_rating(r->rating, sizeof r->rating, sqlite3_column_double(st, 12));
        r->text[COL_RATING] = r->rating;
    }
    snprintf(r->rating_count, sizeof r->rating_count, "%lld",
             (long long)sqlite3_column_int64(st, 13));
    r->text[COL_RATING_COUNT] = r->rating_count;
    r->text[COL_VARIANT_OF] = COLUMN_TEXT(14); /* NULL: not a size of another product */
#undef COLUMN_TEXT
    int rc = SQLITE_OK;
    r->aliases = join_list(cat, ST_ALIASES_OF, id, &rc);
    if (rc == SQLITE_OK)
        r->allergens = join_list(cat, ST_ALLERGENS_OF, id, &rc);
    r->text[COL_ALIASES] = r->aliases;
    r->text[COL_ALLERGENS] = r->allergens;
    return rc;
}

static void write_csv_row(FILE *out, const export_row *r)
{
    for (int col = 0; col < COL_COUNT; col++) {
        if (col > 0)
            putc(',', out);
        catalog__csv_write_field(out, r->text[col] ? r->text[col] : "");
    }
    fputs("\r\n", out);
}

/* A JSON string: quotes, backslashes and control characters escaped; UTF-8 as it is. */
static void write_json_string(FILE *out, const char *s)
{
    putc('"', out);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(out, "\\%c", *c);
        else if (*c == '\n')
            fputs("\\n", out);
        else if (*c == '\r')
            fputs("\\r", out);
        else if (*c == '\t')
            fputs("\\t", out);
        else if (*c < 0x20 || *c == 0x7f)
            fprintf(out, "\\u%04x", *c);
        else
            putc(*c, out);
    }
    putc('"', out);
}

/* A ';'-separated list as a JSON array of strings. */
static void write_json_list(FILE *out, const char *list)
{
    putc('[', out);
    for (const char *item = list; item && *item;) {
        const char *end = strchr(item, ';');
        size_t n = end ? (size_t)(end - item) : strlen(item);
        char buf[CATALOG_PHRASE_MAX];
        snprintf(buf, sizeof buf, "%.*s", (int)n, item);
        if (item != list)
            fputs(", ", out);
        write_json_string(out, buf);
        item = end ? end + 1 : item + n;
    }
    putc(']', out);
}

static void write_json_row(FILE *out, const export_row *r, int first)
{
    fputs(first ? "\n  {" : ",\n  {", out);
    for (int col = 0; col < COL_COUNT; col++) {
        fprintf(out, "%s\"%s\": ", col ? ", " : "", catalog__column_names[col]);
        const char *v = r->text[col];
        if (col == COL_PRICE || col == COL_STOCK || col == COL_RATING_COUNT)
            fputs(v, out); /* numbers as written, exact */
        else if (col == COL_RATING)
            fputs(v ? v : "null", out);
        else if (col == COL_ALIASES || col == COL_ALLERGENS)
            write_json_list(out, v);
        else
            write_json_string(out, v ? v : "");
    }
    putc('}', out);
}

int catalog_export(catalog_t *cat, FILE *out, catalog_format_t format)
{
    if (cat == NULL || out == NULL ||
        (format != CATALOG_FORMAT_CSV && format != CATALOG_FORMAT_JSON))
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_export: bad argument")
                   : CATALOG_EINVAL;
    if (format == CATALOG_FORMAT_CSV)
        for (int col = 0; col < COL_COUNT; col++)
            fprintf(out, "%s%s", col ? "," : "", catalog__column_names[col]);
    fputs(format == CATALOG_FORMAT_CSV ? "\r\n" : "[", out);
    sqlite3_stmt *st = catalog__stmt(cat, ST_EXPORT_PRODUCTS);
    int rc, first = 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        export_row r;
        int lists = read_row(cat, st, &r);
        if (lists == SQLITE_OK && format == CATALOG_FORMAT_CSV)
            write_csv_row(out, &r);
        else if (lists == SQLITE_OK)
            write_json_row(out, &r, first);
        first = 0;
        free(r.aliases);
        free(r.allergens);
        if (lists != SQLITE_OK) {
            rc = lists;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "exporting");
    if (format == CATALOG_FORMAT_JSON)
        fputs(first ? "]\n" : "\n]\n", out);
    if (fflush(out) != 0 || ferror(out))
        return catalog__fail(cat, CATALOG_EOPEN, "writing the export failed: %s", strerror(errno));
    return CATALOG_OK;
}
