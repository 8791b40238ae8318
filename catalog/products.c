/*
 * products.c - products by id and by spoken phrase, and the list of phrases the recognizer's
 * grammar is compiled from.
 */
#include "catalog_internal.h"

#include <stdlib.h>
#include <string.h>

/* ASCII spellings of U+00C0..U+00FF; NULL where the character is a symbol, not a letter. */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Decode one UTF-8 character; returns its length (1 for a stray byte, with *cp = -1). */
static int utf8_decode(const unsigned char *s, long *cp)
{
    int len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
    if (s[0] >= 0xf8 || (s[0] >= 0x80 && s[0] < 0xc0)) {
        *cp = -1;
        return 1;
    }
    long v = len == 1 ? s[0] : s[0] & (0x3f >> (len - 1));
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3f);
    }
    *cp = v;
    return len;
}

/* Punctuation, symbols, emoji and their joiners: word breaks, never part of a word. */
static int is_symbol(long cp)
{
    return (cp >= 0x80 && cp < 0xc0) || cp == 0xd7 || cp == 0xf7 ||
           (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f) ||
           (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
           (cp >= 0xff00 && cp <= 0xff0f) || (cp >= 0x1f000 && cp <= 0x1faff) ||
           (cp >= 0xe0000 && cp <= 0xe007f);
}

typedef struct {
    char *out;
    size_t len, cap;
    int overflow;
} phrase_buf;

static void put(phrase_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->overflow = 1;
        return;
    }
    memcpy(b->out + b->len, s, n);
    b->len += n;
}

/* A word break: one space, never at the start, never two in a row. */
static void put_break(phrase_buf *b)
{
    if (b->len > 0 && b->out[b->len - 1] != ' ')
        put(b, " ", 1);
}

static void put_word(phrase_buf *b, const char *word)
{
    put_break(b);
    put(b, word, strlen(word));
    put(b, " ", 1);
}

/* Lowercase of the Greek and Cyrillic capitals (other scripts are kept as written). */
static long fold_case(long cp)
{
    if ((cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2) || (cp >= 0x410 && cp <= 0x42f))
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40f)
        return cp + 0x50;
    return cp;
}

/* Append one character of another script, lowercased where fold_case knows how. */
static void put_letter(phrase_buf *b, const unsigned char *s, int n, long cp)
{
    long lower = fold_case(cp);
    if (lower == cp) {
        put(b, (const char *)s, (size_t)n);
        return;
    }
    char enc[2] = {(char)(0xc0 | (lower >> 6)), (char)(0x80 | (lower & 0x3f))};
    put(b, enc, 2); /* both ranges fold within two-byte UTF-8 */
}

static int is_alnum_ascii(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Normalise one ASCII character into b; `next` is the byte after it (for "1.5"). */
static void put_ascii(phrase_buf *b, int c, int next)
{
    int prev = b->len > 0 ? (unsigned char)b->out[b->len - 1] : 0;
    if (c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
    if (is_alnum_ascii(c)) {
        char ch = (char)c;
        put(b, &ch, 1);
    } else if (c == '&') {
        put_word(b, "and");
    } else if (c == '%') {
        put_word(b, "percent");
    } else if (c == '+') {
        put_word(b, "plus");
    } else if (c == '.' && prev >= '0' && prev <= '9' && next >= '0' && next <= '9') {
        put(b, ".", 1);
    } else if (c == '\'') {
        put(b, "'", 1); /* kept only inside a word; see drop_loose_apostrophes */
    } else {
        put_break(b);
    }
}

/* An apostrophe is part of a word ("rao's") only between two letters or digits. */
static void drop_loose_apostrophes(char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\'')
            continue;
        int before = i > 0 && s[i - 1] != ' ' && s[i - 1] != '\'';
        int after = i + 1 < len && s[i + 1] != ' ' && s[i + 1] != '\'';
        if (!before || !after)
            s[i] = ' ';
    }
}

/* Squeeze runs of spaces into one and trim both ends, in place; returns the new length. */
static size_t squeeze_spaces(char *s, size_t len)
{
    size_t w = 0;
    for (size_t r = 0; r < len; r++) {
        if (s[r] == ' ' && (w == 0 || s[w - 1] == ' '))
            continue;
        s[w++] = s[r];
    }
    while (w > 0 && s[w - 1] == ' ')
        w--;
    s[w] = '\0';
    return w;
}

int catalog__normalize_phrase(const char *in, char *out, size_t out_len)
{
    phrase_buf b = {out, 0, out_len, 0};
    const unsigned char *s = (const unsigned char *)in;
    if (out_len == 0)
        return -1;
    while (*s && !b.overflow) {
        long cp;
        int n = utf8_decode(s, &cp);
        if (cp >= 0 && cp < 0x80)
            put_ascii(&b, (int)cp, s[1]);
        else if (cp == 0x2018 || cp == 0x2019) /* curly apostrophes, as in "Rao’s" */
            put(&b, "'", 1);
        else if (cp >= 0xc0 && cp <= 0xff && latin1_fold[cp - 0xc0] != NULL)
            put(&b, latin1_fold[cp - 0xc0], strlen(latin1_fold[cp - 0xc0]));
        else if (cp == 0x152 || cp == 0x153)
            put(&b, "oe", 2);
        else if (cp < 0 || is_symbol(cp) || cp < 0xc0 || cp == 0xd7 || cp == 0xf7)
            put_break(&b);
        else
            put_letter(&b, s, n, cp);
        s += n;
    }
    if (b.overflow) {
        out[0] = '\0';
        return -1;
    }
    drop_loose_apostrophes(out, b.len);
    return (int)squeeze_spaces(out, b.len);
}

void catalog__read_product(sqlite3_stmt *st, int first, catalog_product_t *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, first);
    catalog__copy_text(out->sku, sizeof out->sku, sqlite3_column_text(st, first + 1));
    catalog__copy_text(out->name, sizeof out->name, sqlite3_column_text(st, first + 2));
    catalog__copy_text(out->brand, sizeof out->brand, sqlite3_column_text(st, first + 3));
    catalog__copy_text(out->category, sizeof out->category, sqlite3_column_text(st, first + 4));
    catalog__copy_text(out->unit, sizeof out->unit, sqlite3_column_text(st, first + 5));
    out->price_cents = sqlite3_column_int64(st, first + 6);
    out->stock = sqlite3_column_int64(st, first + 7);
}

/* Read the product row a statement is on (columns in PRODUCT_COLUMNS order). */
static void read_product(sqlite3_stmt *st, catalog_product_t *out)
{
    catalog__read_product(st, 0, out);
}

/* Step a statement expected to give at most one product. */
static int step_product(catalog_t *cat, sqlite3_stmt *st, catalog_product_t *out)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_product(st, out);
        sqlite3_reset(st);
        return CATALOG_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return CATALOG_ENOTFOUND;
    return catalog__fail_sqlite(cat, rc, "looking up a product in");
}

void catalog__refresh_spoken_names(catalog_t *cat)
{
    char phrase[CATALOG_PHRASE_MAX], brand[CATALOG_PHRASE_MAX];
    sqlite3_stmt *sel = catalog__stmt(cat, ST_PRODUCTS_UNSPOKEN);
    sqlite3_stmt *upd = cat->stmt[ST_SET_SPOKEN_NAME];
    /* Nothing to do is the common case: do not take the write lock for it. */
    int rc = sqlite3_step(sel);
    sqlite3_reset(sel);
    if (rc != SQLITE_ROW || sqlite3_step(catalog__stmt(cat, ST_BEGIN_IMMEDIATE)) != SQLITE_DONE)
        return; /* none, or busy: find then normalises unspoken names itself */
    rc = SQLITE_DONE;
    /* One row per query, because updating rows under a running SELECT of the same index is
     * undefined; a name that cannot be said gets "" so the loop always moves on. */
    while (rc == SQLITE_DONE && sqlite3_step(sel) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(sel, 1);
        const char *brand_text = (const char *)sqlite3_column_text(sel, 2);
        if (name == NULL || catalog__normalize_phrase(name, phrase, sizeof phrase) < 0)
            phrase[0] = '\0';
        if (brand_text == NULL || catalog__normalize_phrase(brand_text, brand, sizeof brand) < 0)
            brand[0] = '\0';
        sqlite3_reset(upd);
        sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, 0));
        sqlite3_bind_text(upd, 2, phrase, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(upd, 3, brand, -1, SQLITE_TRANSIENT);
        sqlite3_reset(sel);
        rc = sqlite3_step(upd);
    }
    sqlite3_reset(sel);
    sqlite3_reset(upd);
    if (rc != SQLITE_DONE || sqlite3_step(catalog__stmt(cat, ST_COMMIT)) != SQLITE_DONE)
        sqlite3_step(catalog__stmt(cat, ST_ROLLBACK));
    sqlite3_reset(cat->stmt[ST_COMMIT]);
    sqlite3_reset(cat->stmt[ST_ROLLBACK]);
    sqlite3_reset(cat->stmt[ST_BEGIN_IMMEDIATE]);
}

/*
 * Products whose spoken name is not stored yet (added by another program since this handle
 * was opened, or a read-only handle): compare their names the slow way. Usually none.
 */
static int find_unspoken(catalog_t *cat, const char *phrase, catalog_product_t *out)
{
    char name_phrase[CATALOG_PHRASE_MAX];
    sqlite3_stmt *sel = catalog__stmt(cat, ST_PRODUCTS_UNSPOKEN);
    int64_t found = 0;
    int rc;
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(sel, 1);
        if (name != NULL && catalog__normalize_phrase(name, name_phrase, sizeof name_phrase) >= 0 &&
            strcmp(name_phrase, phrase) == 0) {
            found = sqlite3_column_int64(sel, 0);
            break;
        }
    }
    sqlite3_reset(sel);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "looking up a product in");
    return found ? catalog_get_product(cat, found, out) : CATALOG_ENOTFOUND;
}

int catalog_find_product(catalog_t *cat, const char *spoken, catalog_product_t *out)
{
    char phrase[CATALOG_PHRASE_MAX];
    if (cat == NULL || spoken == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_find_product: NULL argument")
                   : CATALOG_EINVAL;
    if (catalog__normalize_phrase(spoken, phrase, sizeof phrase) <= 0)
        return catalog__fail(cat, CATALOG_ENOTFOUND, "no product is called \"%.80s\"", spoken);

    /* A product's own name wins over another product's alias. */
    sqlite3_stmt *st = catalog__stmt(cat, ST_PRODUCT_BY_SPOKEN_NAME);
    sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
    int status = step_product(cat, st, out);
    if (status == CATALOG_ENOTFOUND)
        status = find_unspoken(cat, phrase, out);
    if (status == CATALOG_ENOTFOUND) {
        st = catalog__stmt(cat, ST_PRODUCT_BY_ALIAS);
        sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
        status = step_product(cat, st, out);
    }
    char brand[CATALOG_PHRASE_MAX];
    const char *alias;
    for (int k = 0; status == CATALOG_ENOTFOUND &&
                    (alias = catalog__brand_split(phrase, k, brand, sizeof brand)) != NULL;
         k++) {
        st = catalog__stmt(cat, ST_RESOLVE_BRAND_ALIAS);
        sqlite3_bind_text(st, 1, brand, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, alias, -1, SQLITE_STATIC);
        status = step_product(cat, st, out);
    }
    if (status == CATALOG_ENOTFOUND)
        return catalog__fail(cat, status, "no product is called \"%s\"", phrase);
    return status;
}

int catalog_get_product(catalog_t *cat, int64_t product_id, catalog_product_t *out)
{
    if (cat == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_get_product: NULL argument")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, ST_PRODUCT_BY_ID);
    sqlite3_bind_int64(st, 1, product_id);
    int status = step_product(cat, st, out);
    if (status == CATALOG_ENOTFOUND)
        return catalog__fail(cat, status, "no product with id %lld", (long long)product_id);
    return status;
}

int catalog_product_count(catalog_t *cat, int64_t *count)
{
    if (cat == NULL || count == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_product_count: NULL argument")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, ST_PRODUCT_COUNT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? CATALOG_OK : catalog__fail_sqlite(cat, rc, "counting products in");
}

/* The distinct phrases of one product, so a name repeated as an alias is said once. */
typedef struct {
    char (*items)[CATALOG_PHRASE_MAX];
    size_t count, cap;
} phrase_set;

/* Add phrase unless present; returns 1 if added, 0 if a duplicate, -1 out of memory. */
static int phrase_set_add(phrase_set *set, const char *phrase)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i], phrase) == 0)
            return 0;
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        void *grown = realloc(set->items, cap * sizeof *set->items);
        if (grown == NULL)
            return -1;
        set->items = grown;
        set->cap = cap;
    }
    memcpy(set->items[set->count++], phrase, strlen(phrase) + 1);
    return 1;
}

/* Offer one raw name or alias of a product to fn; returns fn's value, or a status. */
static int offer_phrase(catalog_t *cat, phrase_set *seen, int64_t id, const char *text,
                        catalog_phrase_fn fn, void *user)
{
    char phrase[CATALOG_PHRASE_MAX];
    if (text == NULL || catalog__normalize_phrase(text, phrase, sizeof phrase) <= 0)
        return 0; /* nothing sayable, e.g. a name that is only an emoji */
    int added = phrase_set_add(seen, phrase);
    if (added < 0)
        return catalog__fail(cat, CATALOG_ENOMEM, "out of memory listing product phrases");
    return added ? fn(user, id, phrase) : 0;
}

const char *catalog__brand_split(const char *phrase, int k, char *brand, size_t brand_len)
{
    const char *space = strchr(phrase, ' ');
    for (; space && k > 0; k--)
        space = strchr(space + 1, ' ');
    if (space == NULL || (size_t)(space - phrase) >= brand_len)
        return NULL;
    memcpy(brand, phrase, (size_t)(space - phrase));
    brand[space - phrase] = '\0';
    return space + 1;
}

/* Whether words w (n letters) and v (m) are one word, or one is the other and "s" or "'s"
 * ("oreo", "oreos"). */
static int same_word(const char *w, size_t n, const char *v, size_t m)
{
    if (n > m)
        return same_word(v, m, w, n);
    if (memcmp(w, v, n) != 0)
        return 0;
    return m == n || (m == n + 1 && v[n] == 's') || (m == n + 2 && memcmp(v + n, "'s", 2) == 0);
}

/* Whether two spoken phrases have a word in common ("oetker pizza", "dr oetker"); short words
 * and "and", "the" do not count ("ben and jerry's" and "cookies and cream" share none). */
static int share_a_word(const char *a, const char *b)
{
    for (const char *w = a; *w;) {
        size_t n = strcspn(w, " ");
        int counts = n >= 3 && !(n == 3 && (memcmp(w, "and", 3) == 0 || memcmp(w, "the", 3) == 0));
        for (const char *v = b; counts && *v;) {
            size_t m = strcspn(v, " ");
            if (same_word(w, n, v, m))
                return 1;
            v += m + (v[m] == ' ');
        }
        w += n + (w[n] == ' ');
    }
    return 0;
}

/*
 * "kerrygold butter", "rao's marinara": shoppers name a product by its maker and what it is,
 * and an operator writes the aliases without the brand. So each alias is offered again after
 * the brand, unless it already has a word of the brand ("oetker pizza") or starts with the
 * context words catalog_resolve() takes off ("my coffee", "the usual tea": what the household
 * buys, not a maker's product); catalog_find_product() and catalog_resolve() find these. The
 * brand is the stored spoken_brand (already spoken words), the one they look up, so what is
 * heard is found. Aliases are seen->items[first_alias..]; returns fn's value.
 */
static int offer_brand_aliases(catalog_t *cat, phrase_set *seen, size_t first_alias, int64_t id,
                               const char *brand, catalog_phrase_fn fn, void *user)
{
    char both[CATALOG_PHRASE_MAX];
    if (brand == NULL || brand[0] == '\0')
        return 0;
    size_t aliases_end = seen->count; /* the list grows as brand forms are added */
    int r = 0;
    for (size_t i = first_alias; r == 0 && i < aliases_end; i++) {
        const char *alias = seen->items[i];
        if (share_a_word(alias, brand) || catalog__strip_context(alias) != NULL ||
            (size_t)snprintf(both, sizeof both, "%s %s", brand, alias) >= sizeof both)
            continue;
        r = offer_phrase(cat, seen, id, both, fn, user);
    }
    return r;
}

/* Name, aliases and (with_brand) the brand before each alias of the product `products` is on;
 * returns fn's value, or a status. */
static int offer_product(catalog_t *cat, sqlite3_stmt *products, phrase_set *seen, int with_brand,
                         catalog_phrase_fn fn, void *user)
{
    int64_t id = sqlite3_column_int64(products, 0);
    seen->count = 0;
    int r = offer_phrase(cat, seen, id, (const char *)sqlite3_column_text(products, 1), fn, user);
    size_t first_alias = seen->count;
    sqlite3_stmt *aliases = catalog__stmt(cat, ST_ALIASES_OF);
    sqlite3_bind_int64(aliases, 1, id);
    int rc = SQLITE_DONE;
    while (r == 0 && (rc = sqlite3_step(aliases)) == SQLITE_ROW)
        r = offer_phrase(cat, seen, id, (const char *)sqlite3_column_text(aliases, 0), fn, user);
    sqlite3_reset(aliases);
    if (r == 0 && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "listing product phrases of");
    if (r == 0 && with_brand)
        r = offer_brand_aliases(cat, seen, first_alias, id,
                                (const char *)sqlite3_column_text(products, 2), fn, user);
    return r;
}

int catalog_for_each_phrase(catalog_t *cat, catalog_phrase_fn fn, void *user)
{
    if (cat == NULL || fn == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_for_each_phrase: NULL argument")
                   : CATALOG_EINVAL;
    int64_t n_products = 0;
    int r = catalog_product_count(cat, &n_products);
    if (r != CATALOG_OK)
        return r;
    phrase_set seen = {NULL, 0, 0};
    sqlite3_stmt *products = catalog__stmt(cat, ST_PRODUCTS_ALL);
    int with_brand = n_products <= CATALOG_BRAND_FORMS_MAX_PRODUCTS, rc = SQLITE_DONE;
    while (r == 0 && (rc = sqlite3_step(products)) == SQLITE_ROW)
        r = offer_product(cat, products, &seen, with_brand, fn, user);
    sqlite3_reset(products);
    free(seen.items);
    if (r == 0 && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "listing product phrases of");
    return r;
}

/* Run a product listing statement, handing each row to fn. */
static int each_product(catalog_t *cat, sqlite3_stmt *st, catalog_product_fn fn, void *user)
{
    catalog_product_t p;
    int rc, r = 0;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_product(st, &p);
        r = fn(user, &p);
    }
    sqlite3_reset(st);
    if (r == 0 && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "listing products of");
    return r;
}

int catalog_list_products(catalog_t *cat, const char *category, int64_t limit,
                          catalog_product_fn fn, void *user)
{
    if (cat == NULL || fn == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_list_products: NULL argument")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, category ? ST_LIST_CATEGORY : ST_LIST_PRODUCTS);
    if (category)
        sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, category ? 2 : 1, limit > 0 ? limit : -1);
    return each_product(cat, st, fn, user);
}

int catalog_search_products(catalog_t *cat, const char *words, int64_t limit, catalog_product_fn fn,
                            void *user)
{
    char phrase[CATALOG_PHRASE_MAX], pattern[CATALOG_PHRASE_MAX + 2];
    if (cat == NULL || fn == NULL || words == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_search_products: NULL argument")
                   : CATALOG_EINVAL;
    if (catalog__normalize_phrase(words, phrase, sizeof phrase) <= 0)
        return catalog__fail(cat, CATALOG_EINVAL, "nothing to search for in \"%.80s\"", words);
    /* Spoken words never hold LIKE's % or _, so the phrase needs no escaping. */
    snprintf(pattern, sizeof pattern, "%%%s%%", phrase);
    sqlite3_stmt *st = catalog__stmt(cat, ST_SEARCH_PRODUCTS);
    sqlite3_bind_text(st, 1, pattern, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, words, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
    return each_product(cat, st, fn, user);
}

int catalog_for_each_category(catalog_t *cat, catalog_category_fn fn, void *user)
{
    if (cat == NULL || fn == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_for_each_category: NULL argument")
                   : CATALOG_EINVAL;
    sqlite3_stmt *st = catalog__stmt(cat, ST_CATEGORIES);
    int r = 0, rc = SQLITE_DONE;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
        r = fn(user, (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (r == 0 && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "listing the categories of");
    return r;
}
