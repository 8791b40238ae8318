/*
 * catalog_io.h - what import.c, export.c and csv.c share (private to catalog/): the columns
 * of a catalog file and a streaming RFC 4180 CSV reader.
 */
#ifndef SHOPSPEAK_CATALOG_IO_H
#define SHOPSPEAK_CATALOG_IO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The columns of a catalog file, in the order export writes them. */
typedef enum {
    COL_SKU,
    COL_NAME,
    COL_PRICE,
    COL_BRAND,
    COL_CATEGORY,
    COL_UNIT,
    COL_SIZE,
    COL_CURRENCY,
    COL_STOCK,
    COL_DESCRIPTION,
    COL_INGREDIENTS,
    COL_ALLERGENS,
    COL_RATING,
    COL_RATING_COUNT,
    COL_ALIASES,
    COL_VARIANT_OF, /* the SKU of the product this one is a size of; "" for none */
    COL_COUNT
} catalog__column;

extern const char *const catalog__column_names[COL_COUNT];

/* The column a header cell or JSON key names (exact, lowercase), or -1. */
int catalog__column_by_name(const char *name, size_t len);

/* One value of a row: len bytes at text (NUL-terminated; a NUL inside shows as strlen < len). */
typedef struct {
    const char *text;
    size_t len;
} catalog__value;

/*
 * A CSV record: its fields live in buf (each NUL-terminated) until the next read. `line` is
 * the line the record starts on (1 for the first line of the file).
 */
typedef struct {
    char *buf;
    size_t len, cap;
    size_t *starts;
    size_t *lens;
    int n_fields, cap_fields;
    int64_t line;
} catalog__csv_record;

typedef struct {
    FILE *in;
    int64_t line; /* the line the reader is on */
    int started;  /* the byte-order mark has been looked for */
} catalog__csv_reader;

/*
 * Read the next record. Returns 1 with *rec filled, 0 at the end of the input, or
 * CATALOG_EINPUT / CATALOG_ETOOBIG / CATALOG_ENOMEM with a one-line problem in err (without
 * the file name; "LINE: ..." is the caller's to add from *err_line).
 */
int catalog__csv_read(catalog__csv_reader *r, catalog__csv_record *rec, int64_t *err_line,
                      char *err, size_t errlen);
void catalog__csv_record_free(catalog__csv_record *rec);

/* Write one CSV field, quoted only when it has to be (",", '"', a line break, or a space at
 * either end). */
void catalog__csv_write_field(FILE *out, const char *text);

#endif /* SHOPSPEAK_CATALOG_IO_H */
