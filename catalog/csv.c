/*
 * csv.c - reading and writing RFC 4180 CSV one record at a time: quoted fields with commas,
 * quotes and line breaks inside, CRLF or LF line ends, a UTF-8 byte-order mark tolerated.
 */
#include "catalog_internal.h"
#include "catalog_io.h"

#include <stdlib.h>
#include <string.h>

const char *const catalog__column_names[COL_COUNT] = {
    [COL_SKU] = "sku",
    [COL_NAME] = "name",
    [COL_PRICE] = "price",
    [COL_BRAND] = "brand",
    [COL_CATEGORY] = "category",
    [COL_UNIT] = "unit",
    [COL_SIZE] = "size",
    [COL_CURRENCY] = "currency",
    [COL_STOCK] = "stock",
    [COL_DESCRIPTION] = "description",
    [COL_INGREDIENTS] = "ingredients",
    [COL_ALLERGENS] = "allergens",
    [COL_RATING] = "rating",
    [COL_RATING_COUNT] = "rating_count",
    [COL_ALIASES] = "aliases",
    [COL_VARIANT_OF] = "variant_of",
};

int catalog__column_by_name(const char *name, size_t len)
{
    for (int i = 0; i < COL_COUNT; i++)
        if (strlen(catalog__column_names[i]) == len &&
            memcmp(catalog__column_names[i], name, len) == 0)
            return i;
    return -1;
}

/* Append one byte to the record; fails past the row cap. */
static int put_byte(catalog__csv_record *rec, int c)
{
    if (rec->len + 2 > rec->cap) {
        if (rec->cap >= CATALOG_IMPORT_ROW_MAX)
            return CATALOG_ETOOBIG;
        size_t cap = rec->cap ? rec->cap * 2 : 4096;
        char *grown = realloc(rec->buf, cap);
        if (grown == NULL)
            return CATALOG_ENOMEM;
        rec->buf = grown;
        rec->cap = cap;
    }
    rec->buf[rec->len++] = (char)c;
    return CATALOG_OK;
}

/* Start a new field at the current end of the buffer. */
static int begin_field(catalog__csv_record *rec)
{
    if (rec->n_fields == rec->cap_fields) {
        if (rec->cap_fields >= 1024)
            return CATALOG_ETOOBIG;
        int cap = rec->cap_fields ? rec->cap_fields * 2 : 32;
        size_t *s = realloc(rec->starts, (size_t)cap * sizeof *s);
        if (s == NULL)
            return CATALOG_ENOMEM;
        rec->starts = s;
        size_t *l = realloc(rec->lens, (size_t)cap * sizeof *l);
        if (l == NULL)
            return CATALOG_ENOMEM;
        rec->lens = l;
        rec->cap_fields = cap;
    }
    rec->starts[rec->n_fields++] = rec->len;
    return CATALOG_OK;
}

/* Close the current field: its length, a NUL after it. */
static int end_field(catalog__csv_record *rec)
{
    size_t start = rec->starts[rec->n_fields - 1];
    rec->lens[rec->n_fields - 1] = rec->len - start;
    if (rec->len - start > CATALOG_IMPORT_FIELD_MAX)
        return CATALOG_ETOOBIG;
    return put_byte(rec, '\0');
}

/* Skip a UTF-8 byte-order mark at the very start (spreadsheets write one). */
static void skip_bom(catalog__csv_reader *r)
{
    int a = getc(r->in);
    if (a == 0xef) {
        int b = getc(r->in);
        if (b == 0xbb) {
            int c = getc(r->in);
            if (c == 0xbf)
                return;
            /* Not a BOM after all: such input is not UTF-8 text, and the field check will say
             * so; keep the bytes we can give back. */
            if (c != EOF)
                ungetc(c, r->in);
            return;
        }
        if (b != EOF)
            ungetc(b, r->in);
        return;
    }
    if (a != EOF)
        ungetc(a, r->in);
}

/* The end of a line: "\n", "\r\n" or a lone "\r". c is the byte just read. */
static int is_line_end(catalog__csv_reader *r, int c)
{
    if (c == '\n')
        return 1;
    if (c != '\r')
        return 0;
    int next = getc(r->in);
    if (next != '\n' && next != EOF)
        ungetc(next, r->in);
    return 1;
}

/* A quoted field, after its opening quote, up to and including its closing quote. */
static int read_quoted(catalog__csv_reader *r, catalog__csv_record *rec, char *err, size_t errlen)
{
    int64_t start_line = r->line;
    for (;;) {
        int c = getc(r->in);
        if (c == EOF) {
            snprintf(err, errlen, "a quoted field starting on line %lld never ends",
                     (long long)start_line);
            return CATALOG_EINPUT;
        }
        if (c == '"') {
            int next = getc(r->in);
            if (next != '"') {
                if (next != EOF)
                    ungetc(next, r->in);
                return CATALOG_OK;
            }
        } else if (c == '\n') {
            r->line++; /* a line break inside the field: kept, and counted for messages */
        }
        int status = put_byte(rec, c);
        if (status != CATALOG_OK)
            return status;
    }
}

/* What ends a field: ',' (1), a line end or the end of input (0), or anything else (-1). */
static int field_end(catalog__csv_reader *r, int c)
{
    if (c == ',')
        return 1;
    if (c == EOF || is_line_end(r, c))
        return 0;
    return -1;
}

/* One field; sets *more when a comma follows (another field of this record). */
static int read_field(catalog__csv_reader *r, catalog__csv_record *rec, int *more, char *err,
                      size_t errlen)
{
    int status = begin_field(rec);
    int c = getc(r->in);
    if (status == CATALOG_OK && c == '"') {
        status = read_quoted(r, rec, err, errlen);
        c = getc(r->in);
        if (status == CATALOG_OK && (*more = field_end(r, c)) < 0) {
            snprintf(err, errlen, "field %d: text after its closing quote", rec->n_fields);
            return CATALOG_EINPUT;
        }
    } else {
        while (status == CATALOG_OK && (*more = field_end(r, c)) < 0) {
            if (c == '"') {
                snprintf(err, errlen,
                         "field %d: a quote inside an unquoted field (quote the "
                         "whole field and double the quote)",
                         rec->n_fields);
                return CATALOG_EINPUT;
            }
            status = put_byte(rec, c);
            c = getc(r->in);
        }
    }
    if (status == CATALOG_OK)
        status = end_field(rec);
    if (status == CATALOG_ETOOBIG)
        snprintf(err, errlen, "field %d is longer than %d bytes", rec->n_fields,
                 CATALOG_IMPORT_FIELD_MAX);
    else if (status == CATALOG_ENOMEM)
        snprintf(err, errlen, "out of memory");
    return status;
}

int catalog__csv_read(catalog__csv_reader *r, catalog__csv_record *rec, int64_t *err_line,
                      char *err, size_t errlen)
{
    if (!r->started) {
        skip_bom(r);
        r->started = 1;
        r->line = 1;
    }
    for (;;) { /* blank lines between records are skipped */
        int c = getc(r->in);
        if (c == EOF)
            return ferror(r->in) ? (snprintf(err, errlen, "read error"), CATALOG_EINPUT) : 0;
        if (is_line_end(r, c)) {
            r->line++;
            continue;
        }
        ungetc(c, r->in);
        break;
    }
    rec->len = 0;
    rec->n_fields = 0;
    rec->line = r->line;
    *err_line = r->line;
    int more = 1;
    while (more) {
        int status = read_field(r, rec, &more, err, errlen);
        if (status != CATALOG_OK)
            return status;
    }
    r->line++;
    return 1;
}

void catalog__csv_record_free(catalog__csv_record *rec)
{
    free(rec->buf);
    free(rec->starts);
    free(rec->lens);
    memset(rec, 0, sizeof *rec);
}

void catalog__csv_write_field(FILE *out, const char *text)
{
    size_t n = strlen(text);
    int quote = strpbrk(text, ",\"\r\n") != NULL ||
                (n > 0 && (text[0] == ' ' || text[n - 1] == ' ' || text[0] == '\t'));
    if (!quote) {
        fputs(text, out);
        return;
    }
    putc('"', out);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            putc('"', out);
        putc(*c, out);
    }
    putc('"', out);
}
