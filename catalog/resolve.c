/*
 * resolve.c - from what a shopper said to a product: a name, an alias, a brand alone, or an
 * aisle word with context ("my coffee"), with the household's order history breaking ties
 * and up to three candidates when it cannot.
 */
#include "catalog_internal.h"

#include <string.h>

/* Run a candidate query for phrase (and, when not NULL, a second phrase as ?2); rows beyond
 * CATALOG_CANDIDATES are counted, not kept. times_col >= 0 reads how often each was ordered
 * into times[]. Returns rows or a status. */
static int run_candidates(catalog_t *cat, catalog__stmt_id id, const char *phrase,
                          const char *second, catalog_match_t *out, int times_col, int64_t *times)
{
    sqlite3_stmt *st = catalog__stmt(cat, id);
    sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
    if (second != NULL)
        sqlite3_bind_text(st, 2, second, -1, SQLITE_STATIC);
    int rc, rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows < CATALOG_CANDIDATES) {
            catalog__read_product(st, 0, &out->candidates[rows]);
            if (times_col >= 0)
                times[rows] = sqlite3_column_int64(st, times_col);
        }
        rows++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "looking up a product in");
    return rows;
}

/* Fill out from a query; with history, one product ordered more often than any other is the
 * answer ("the coffee I usually buy"). Returns 1 when something matched, 0, or a status. */
static int try_match(catalog_t *cat, catalog__stmt_id id, const char *phrase, const char *second,
                     catalog_match_how_t how, int with_history, catalog_match_t *out)
{
    int64_t times[CATALOG_CANDIDATES] = {0};
    int rows = run_candidates(cat, id, phrase, second, out, with_history ? 8 : -1, times);
    if (rows <= 0)
        return rows;
    out->how = how;
    out->count = rows < CATALOG_CANDIDATES ? rows : CATALOG_CANDIDATES;
    if (with_history && rows > 1 && times[0] > 0 && times[0] > times[1])
        out->count = 1;
    return 1;
}

const char *catalog__strip_context(const char *phrase)
{
    static const char *const prefixes[] = {"the usual ", "my usual ", "our usual ", "usual ",
                                           "my ",        "our ",      "the ",       "some "};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(phrase, prefixes[i], n) == 0 && phrase[n] != '\0')
            return phrase + n;
    }
    return NULL;
}

/* Name, then alias, then an alias after its brand ("kerrygold butter"), of one phrase. */
static int by_name_or_alias(catalog_t *cat, const char *phrase, catalog_match_t *out)
{
    int r = try_match(cat, ST_RESOLVE_NAME, phrase, NULL, CATALOG_MATCH_NAME, 0, out);
    if (r == 0)
        r = try_match(cat, ST_RESOLVE_ALIAS, phrase, NULL, CATALOG_MATCH_ALIAS, 0, out);
    char brand[CATALOG_PHRASE_MAX];
    const char *alias;
    for (int k = 0; r == 0 && (alias = catalog__brand_split(phrase, k, brand, sizeof brand)); k++)
        r = try_match(cat, ST_RESOLVE_BRAND_ALIAS, brand, alias, CATALOG_MATCH_ALIAS, 0, out);
    return r;
}

/* Insert a candidate into a list kept by times, most first (ties: the earlier one first). */
static void keep_top(catalog_match_t *out, int64_t *times, int *rows, const catalog_product_t *p,
                     int64_t t)
{
    int at = *rows < CATALOG_CANDIDATES ? *rows : CATALOG_CANDIDATES;
    while (at > 0 && times[at - 1] < t)
        at--;
    if (at < CATALOG_CANDIDATES) {
        for (int k = CATALOG_CANDIDATES - 1; k > at; k--) {
            out->candidates[k] = out->candidates[k - 1];
            times[k] = times[k - 1];
        }
        out->candidates[at] = *p;
        times[at] = t;
    }
    (*rows)++;
}

/* An aisle word: the household's most ordered product of the aisles it names, or, with no
 * history there, the first products of the first aisle. Returns 1, 0 or a status. */
static int by_category(catalog_t *cat, const char *word, catalog_match_t *out)
{
    char categories[4][64];
    int n = 0, rc, rows = 0;
    sqlite3_stmt *st = catalog__stmt(cat, ST_CATEGORIES_OF_WORD);
    sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
    while (n < 4 && (rc = sqlite3_step(st)) == SQLITE_ROW)
        catalog__copy_text(categories[n++], sizeof categories[0], sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (n == 0)
        return 0;
    int64_t times[CATALOG_CANDIDATES] = {0};
    for (int i = 0; i < n; i++) {
        st = catalog__stmt(cat, ST_RESOLVE_USUAL_IN_CATEGORY);
        sqlite3_bind_text(st, 1, categories[i], -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            catalog_product_t p;
            catalog__read_product(st, 0, &p);
            keep_top(out, times, &rows, &p, sqlite3_column_int64(st, 8));
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return catalog__fail_sqlite(cat, rc, "looking up a product in");
    }
    out->how = CATALOG_MATCH_CATEGORY;
    if (rows > 0) {
        out->count = rows < CATALOG_CANDIDATES ? rows : CATALOG_CANDIDATES;
        if (rows > 1 && times[0] > times[1])
            out->count = 1;
        return 1;
    }
    rows = run_candidates(cat, ST_RESOLVE_CATEGORY, categories[0], NULL, out, -1, NULL);
    if (rows <= 0)
        return rows;
    out->count = rows < CATALOG_CANDIDATES ? rows : CATALOG_CANDIDATES;
    return 1;
}

int catalog_resolve(catalog_t *cat, const char *spoken, catalog_match_t *out)
{
    char phrase[CATALOG_PHRASE_MAX];
    if (cat == NULL || spoken == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_resolve: NULL argument")
                   : CATALOG_EINVAL;
    memset(out, 0, sizeof *out);
    if (catalog__normalize_phrase(spoken, phrase, sizeof phrase) <= 0)
        return catalog__fail(cat, CATALOG_ENOTFOUND, "nothing to look for in \"%.80s\"", spoken);
    const char *rest = catalog__strip_context(phrase);
    const char *word = rest ? rest : phrase;
    int r = by_name_or_alias(cat, phrase, out);
    if (r == 0 && rest != NULL)
        r = by_name_or_alias(cat, rest, out);
    if (r == 0)
        r = try_match(cat, ST_RESOLVE_BRAND, word, NULL, CATALOG_MATCH_BRAND, 1, out);
    if (r == 0)
        r = by_category(cat, word, out);
    if (r < 0)
        return r;
    if (r == 0)
        return catalog__fail(cat, CATALOG_ENOTFOUND, "no product is called \"%s\"", phrase);
    return CATALOG_OK;
}

/* Index the words of one aisle name: the whole name, each part between "and"s, each word of
 * three letters or more ("coffee and tea": "coffee and tea", "coffee", "tea"). */
static int add_category_words(catalog_t *cat, const char *category)
{
    char spoken[CATALOG_PHRASE_MAX], part[CATALOG_PHRASE_MAX];
    if (catalog__normalize_phrase(category, spoken, sizeof spoken) <= 0)
        return SQLITE_DONE;
    sqlite3_stmt *ins = cat->stmt[ST_INSERT_CATEGORY_WORD];
    int rc = SQLITE_DONE;
    const char *start = spoken;
    for (const char *p = spoken;; p++) {
        int at_end = *p == '\0', at_space = *p == ' ';
        if (!at_end && !at_space)
            continue;
        size_t n = (size_t)(p - start);
        memcpy(part, start, n);
        part[n] = '\0';
        if (n >= 3 && strcmp(part, "and") != 0) {
            sqlite3_reset(ins);
            sqlite3_bind_text(ins, 1, part, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 2, category, -1, SQLITE_TRANSIENT);
            rc = sqlite3_step(ins);
        }
        if (at_end || rc != SQLITE_DONE)
            break;
        start = p + 1;
    }
    if (rc == SQLITE_DONE && strchr(spoken, ' ') != NULL) {
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, spoken, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, category, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(ins);
    }
    sqlite3_reset(ins);
    return rc;
}

void catalog__refresh_category_words(catalog_t *cat)
{
    sqlite3_stmt *sel = catalog__stmt(cat, ST_CATEGORIES_UNWORDED);
    int rc = sqlite3_step(sel);
    sqlite3_reset(sel);
    if (rc != SQLITE_ROW || catalog__begin(cat, "indexing aisles of") != CATALOG_OK)
        return; /* none, or busy: the next open tries again */
    /* Collect first: inserting into category_words changes what the SELECT sees. */
    char names[64][64];
    int n = 0;
    while (n < 64 && sqlite3_step(sel) == SQLITE_ROW)
        catalog__copy_text(names[n++], sizeof names[0], sqlite3_column_text(sel, 0));
    sqlite3_reset(sel);
    rc = SQLITE_DONE;
    for (int i = 0; i < n && rc == SQLITE_DONE; i++)
        rc = add_category_words(cat, names[i]);
    catalog__end(cat, rc == SQLITE_DONE ? CATALOG_OK : CATALOG_EDB, "indexing aisles of");
}
