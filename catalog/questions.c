/*
 * questions.c - what a shopper asks about one product: price, stock and restock date, size
 * and the sizes it comes in, ingredients and allergens, description and rating.
 */
#include "catalog_internal.h"

#include <stdio.h>
#include <string.h>

/* The allergen list as one spoken string, "milk, soy". */
static int read_allergens(catalog_t *cat, int64_t id, char *out, size_t len)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_ALLERGENS_OF);
    sqlite3_bind_int64(st, 1, id);
    size_t used = 0;
    int rc;
    out[0] = '\0';
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0);
        size_t n = strlen(a);
        if (used + n + 3 > len)
            continue; /* the rest does not fit: keep what does */
        if (used > 0) {
            memcpy(out + used, ", ", 2);
            used += 2;
        }
        memcpy(out + used, a, n + 1);
        used += n;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CATALOG_OK : catalog__fail_sqlite(cat, rc, "reading allergens of");
}

static int read_details(catalog_t *cat, catalog_details_t *out)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_PRODUCT_DETAILS);
    sqlite3_bind_int64(st, 1, out->product.id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        catalog__copy_text(out->size, sizeof out->size, sqlite3_column_text(st, 0));
        catalog__copy_text(out->description, sizeof out->description, sqlite3_column_text(st, 1));
        catalog__copy_text(out->ingredients, sizeof out->ingredients, sqlite3_column_text(st, 2));
        out->rating = sqlite3_column_double(st, 3);
        out->rating_count =
            sqlite3_column_type(st, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 4);
        if (out->product.stock <= 0)
            catalog__copy_text(out->restock_at, sizeof out->restock_at, sqlite3_column_text(st, 5));
        /* A restock date gone by says nothing about when it comes back (the operator has not
         * updated it): unknown, rather than a day in the past said as if to come. */
        char today[32];
        catalog__iso_time(catalog__now(cat), today, sizeof today);
        if (out->restock_at[0] && strncmp(out->restock_at, today, 10) < 0)
            out->restock_at[0] = '\0';
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return CATALOG_OK;
    return rc == SQLITE_DONE ? CATALOG_ENOTFOUND : catalog__fail_sqlite(cat, rc, "reading");
}

int catalog_get_details(catalog_t *cat, int64_t product_id, catalog_details_t *out)
{
    if (cat == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_get_details: NULL argument")
                   : CATALOG_EINVAL;
    memset(out, 0, sizeof *out);
    int status = catalog_get_product(cat, product_id, &out->product);
    if (status == CATALOG_OK)
        status = read_details(cat, out);
    if (status == CATALOG_OK)
        status = catalog__price_today(cat, &out->product, &out->price);
    if (status == CATALOG_OK)
        status = read_allergens(cat, product_id, out->allergens, sizeof out->allergens);
    return status;
}

/* Words before "milk" that make it a plant milk ("almond milk"), which is not dairy. */
static const char *const plant_milks[] = {"almond", "oat",  "soy", "soya",     "coconut", "rice",
                                          "cashew", "hemp", "pea", "hazelnut", NULL};

static int after_plant_word(const char *text, const char *p)
{
    for (size_t i = 0; plant_milks[i]; i++) {
        size_t n = strlen(plant_milks[i]);
        const char *start = p - 1 - n;
        if ((size_t)(p - text) >= n + 1 && p[-1] == ' ' && strncmp(start, plant_milks[i], n) == 0 &&
            (start == text || start[-1] == ' '))
            return 1;
    }
    return 0;
}

/* Whether word (or word + s) appears as a whole word in text (both spoken-normalised); "milk"
 * only when it is not a plant milk. */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p != NULL; p = strstr(p + 1, word)) {
        int starts = p == text || p[-1] == ' ';
        int ends =
            p[n] == '\0' || p[n] == ' ' || (p[n] == 's' && (p[n + 1] == '\0' || p[n + 1] == ' '));
        if (starts && ends && !(strcmp(word, "milk") == 0 && after_plant_word(text, p)))
            return 1;
    }
    return 0;
}

/*
 * Allergens a shopper names by family: a label lists "tree nuts" or "hazelnuts", and the
 * shopper asks about "nuts"; it lists "milk" or "whey", and the shopper asks about "dairy".
 * Before these, "does the nutella contain nuts" was answered "does not list nuts": the word
 * was looked for as said. The word asked comes first (singular); the rest are looked for on
 * the allergen list and in the ingredients as well, each with or without a final s.
 */
static const char *const allergen_families[][12] = {
    {"nut", "tree nut", "peanut", "almond", "hazelnut", "walnut", "cashew", "pecan", "pistachio",
     "macadamia", NULL},
    {"tree nut", "almond", "hazelnut", "walnut", "cashew", "pecan", "pistachio", "macadamia", NULL},
    {"peanut", "groundnut", NULL},
    {"dairy", "milk", "whey", "casein", "lactose", "cheese", "yogurt", "yoghurt", "buttermilk",
     NULL},
    {"milk", "whey", "casein", "lactose", "cheese", "yogurt", "yoghurt", "buttermilk", NULL},
    {"lactose", "milk", "whey", "buttermilk", NULL},
    {"gluten", "wheat", "barley", "rye", "spelt", NULL},
    {"soy", "soya", "soybean", NULL},
    {"shellfish", "crustacean", "shrimp", "prawn", "crab", "lobster", NULL},
    {"sulfite", "sulphite", "sulfur dioxide", NULL},
};

/* word, or word without its final s, is term. */
static int same_term(const char *term, const char *word)
{
    size_t n = strlen(term);
    return strncmp(term, word, n) == 0 && (word[n] == '\0' || (word[n] == 's' && !word[n + 1]));
}

/* term (or term + s, or term less a final s) is on the product's allergen list. */
static int listed(catalog_t *cat, int64_t product_id, const char *term, int *found)
{
    char other[64];
    size_t n = strlen(term);
    snprintf(other, sizeof other, "%s", term);
    if (n > 1 && term[n - 1] == 's')
        other[n - 1] = '\0';
    else if (n + 1 < sizeof other)
        memcpy(other + n, "s", 2);
    sqlite3_stmt *st = catalog__stmt(cat, ST_HAS_ALLERGEN);
    sqlite3_bind_int64(st, 1, product_id);
    sqlite3_bind_text(st, 2, term, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, other, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading allergens of");
    *found = rc == SQLITE_ROW;
    return CATALOG_OK;
}

/* Whether the product says it is free of word ("Lactaid Lactose Free Milk", "nut free" in the
 * description): word + " free", with or without word's final s, in its name or description. */
static int says_free_of(const catalog_details_t *d, const char *word)
{
    char claim[80], text[sizeof d->description];
    size_t n = strlen(word);
    int stem = n > 2 && word[n - 1] == 's' ? (int)n - 1 : (int)n; /* "nuts free" is "nut free" */
    snprintf(claim, sizeof claim, "%.*s free", stem, word);
    const char *fields[] = {d->product.name, d->description};
    for (size_t i = 0; i < 2; i++)
        if (catalog__normalize_phrase(fields[i], text, sizeof text) > 0 && has_word(text, claim))
            return 1;
    return 0;
}

int catalog_contains(catalog_t *cat, int64_t product_id, const char *allergen, int *contains,
                     int *known)
{
    char word[64];
    if (cat == NULL || allergen == NULL || contains == NULL || known == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_contains: NULL argument")
                   : CATALOG_EINVAL;
    if (catalog__normalize_phrase(allergen, word, sizeof word) <= 0)
        return catalog__fail(cat, CATALOG_EINVAL, "no allergen in \"%.40s\"", allergen);
    const char *const *family = NULL;
    for (size_t i = 0; !family && i < sizeof allergen_families / sizeof *allergen_families; i++)
        if (same_term(allergen_families[i][0], word))
            family = allergen_families[i] + 1;
    catalog_details_t *d = sqlite3_malloc(sizeof *d);
    if (d == NULL)
        return catalog__fail(cat, CATALOG_ENOMEM, "out of memory");
    int status = catalog_get_details(cat, product_id, d);
    char ingredients[sizeof d->ingredients];
    if (status == CATALOG_OK &&
        catalog__normalize_phrase(d->ingredients, ingredients, sizeof ingredients) < 0)
        ingredients[0] = '\0';
    int found = 0;
    /* The word as said, then its family's members; but a product that says it is free of the
     * word is taken at its word unless the allergen list names that word itself: Lactaid lists
     * milk, which says nothing about lactose. */
    if (status == CATALOG_OK && says_free_of(d, word)) {
        status = listed(cat, product_id, word, &found);
        family = NULL;
    }
    for (size_t i = 0; status == CATALOG_OK && !found && (i == 0 || (family && family[i - 1]));
         i++) {
        const char *term = i == 0 ? word : family[i - 1];
        status = listed(cat, product_id, term, &found);
        char one[64]; /* has_word() takes "nut" for "nuts" too, not "nuts" for "nut" */
        snprintf(one, sizeof one, "%s", term);
        size_t n = strlen(one);
        if (n > 2 && one[n - 1] == 's')
            one[n - 1] = '\0';
        found = found || has_word(ingredients, one);
    }
    if (status == CATALOG_OK) {
        *contains = found;
        *known = found || d->allergens[0] != '\0' || d->ingredients[0] != '\0';
    }
    sqlite3_free(d);
    return status;
}

int catalog_sizes(catalog_t *cat, int64_t product_id, catalog_product_fn fn, void *user)
{
    catalog_product_t p;
    if (cat == NULL || fn == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_sizes: NULL argument")
                   : CATALOG_EINVAL;
    int status = catalog_get_product(cat, product_id, &p);
    if (status != CATALOG_OK)
        return status;
    sqlite3_stmt *st = catalog__stmt(cat, ST_FAMILY_OF);
    sqlite3_bind_int64(st, 1, product_id);
    int rc = sqlite3_step(st);
    int64_t family = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : product_id;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return catalog__fail_sqlite(cat, rc, "reading the sizes of");
    st = catalog__stmt(cat, ST_VARIANTS_OF);
    sqlite3_bind_int64(st, 1, family);
    int r = 0;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        catalog__read_product(st, 0, &p);
        r = fn(user, &p);
    }
    sqlite3_reset(st);
    if (r == 0 && rc != SQLITE_DONE)
        return catalog__fail_sqlite(cat, rc, "reading the sizes of");
    return r;
}
