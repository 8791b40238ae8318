/*
 * test_sample.c - the sample catalog is big, varied, sayable and unambiguous, brings brand
 * names the recognizer's dictionary lacks, has a recent order history, and every lookup the
 * catalog makes uses an index.
 */
#include "support.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"

/*
 * Brand words in the sample that PocketSphinx's en-us dictionary does not know: the grammar
 * module must give them pronunciations. Spelled as they are spoken (catalog phrases).
 */
static const char *const out_of_dictionary_brands[] = {
    "lavazza", "illy",        "nespresso", "twinings",   "pukka",      "dilmah",    "guayaki",
    "oatly",   "califia",     "alpro",     "fairlife",   "lactaid",    "chobani",   "siggi's",
    "fage",    "yoplait",     "kerrygold", "tillamook",  "babybel",    "boursin",   "daiya",
    "yakult",  "barilla",     "cecco",     "mutti",      "hellmann's", "sriracha",  "nutella",
    "maldon",  "weetabix",    "kashi",     "pringles",   "tostitos",   "cheetos",   "larabar",
    "lindt",   "ghirardelli", "haribo",    "belvita",    "olipop",     "poppi",     "huel",
    "talenti", "digiorno",    "oetker",    "eggo",       "quorn",      "ecover",    "persil",
    "swiffer", "febreze",     "dettol",    "ziploc",     "sensodyne",  "aquafresh", "cerave",
    "aveeno",  "nivea",       "bronner's", "waterwipes", "kendamil",   "aptamil",   "aquaphor",
    "desitin", "dentastix",   "greenies",  "whiskas",    "friskies",   "charmin",   "cottonelle",
};

typedef struct {
    char (*phrases)[CATALOG_PHRASE_MAX];
    int64_t *ids;
    size_t count, cap;
} phrase_list;

static int collect(void *user, int64_t id, const char *phrase)
{
    phrase_list *l = user;
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->phrases = realloc(l->phrases, l->cap * sizeof *l->phrases);
        l->ids = realloc(l->ids, l->cap * sizeof *l->ids);
        assert_non_null(l->phrases);
        assert_non_null(l->ids);
    }
    assert_true(strlen(phrase) < CATALOG_PHRASE_MAX);
    strcpy(l->phrases[l->count], phrase);
    l->ids[l->count++] = id;
    return 0;
}

static void collect_all(catalog_t *cat, phrase_list *l)
{
    memset(l, 0, sizeof *l);
    assert_int_equal(catalog_for_each_phrase(cat, collect, l), 0);
}

static void free_list(phrase_list *l)
{
    free(l->phrases);
    free(l->ids);
}

static int has_word(const char *phrase, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(phrase, word); p; p = strstr(p + 1, word))
        if ((p == phrase || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static void test_size_and_variety(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t n = 0;
    assert_int_equal(catalog_product_count(cat, &n), CATALOG_OK);
    assert_true(n >= 160);
    assert_true(sql_int(env->path, "SELECT count(DISTINCT category) FROM products") >= 10);
    /* Every category is a real aisle, not a token entry. */
    assert_true(sql_int(env->path, "SELECT min(c) FROM (SELECT count(*) AS c FROM products"
                                   " GROUP BY category)") >= 8);
    /* A few products are out of stock, so "sorry, that is sold out" can be heard. */
    int64_t sold_out = sql_int(env->path, "SELECT count(*) FROM products WHERE stock = 0");
    assert_true(sold_out >= 3 && sold_out <= 20);
    /* Prices are plausible shop prices in cents: 99 cents to 99 dollars. */
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products"
                                        " WHERE price_cents NOT BETWEEN 99 AND 9999"),
                     0);
    /* Units are words a shopper says after a number ("two bags"). */
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products WHERE unit NOT IN"
                                        " ('bag','bottle','pack','carton','box','can','jar',"
                                        "  'tub','loaf','bunch','block','bar','tube','stick',"
                                        "  'roll','pouch')"),
                     0);
    /* Names are short enough to say: 2 to 4 words (spaces + 1). */
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products WHERE"
                                        " length(name) - length(replace(name, ' ', ''))"
                                        " NOT BETWEEN 1 AND 3"),
                     0);
    /* Each product has 1 to 3 spoken aliases. */
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products p WHERE (SELECT count(*)"
                                        " FROM product_aliases a WHERE a.product_id = p.id)"
                                        " NOT BETWEEN 1 AND 3"),
                     0);
    catalog_close(cat);
}

/* Whether the dictionary has an entry for word ("word" or "word(2)" at a line start). */
static int in_dictionary(FILE *dict, const char *word)
{
    char line[512];
    size_t n = strlen(word);
    rewind(dict);
    while (fgets(line, sizeof line, dict))
        if (strncasecmp(line, word, n) == 0 && (line[n] == ' ' || line[n] == '('))
            return 1;
    return 0;
}

static void test_out_of_dictionary_brands(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    phrase_list l;
    collect_all(cat, &l);
    const size_t n = sizeof out_of_dictionary_brands / sizeof out_of_dictionary_brands[0];
    assert_true(n >= 15);
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (size_t j = 0; j < l.count && !found; j++)
            found = has_word(l.phrases[j], out_of_dictionary_brands[i]);
        if (!found)
            fail_msg("brand word \"%s\" is not in any sample phrase", out_of_dictionary_brands[i]);
    }
    free_list(&l);
    catalog_close(cat);

    /* Prove they are out of the dictionary when it is installed (make deps installs it). */
    const char *dict_path = getenv("SHOPSPEAK_CMUDICT");
    FILE *dict = dict_path ? fopen(dict_path, "r") : NULL;
    if (dict == NULL)
        return;
    assert_true(in_dictionary(dict, "coffee")); /* the check itself works */
    for (size_t i = 0; i < n; i++)
        if (in_dictionary(dict, out_of_dictionary_brands[i]))
            fail_msg("\"%s\" is in %s after all", out_of_dictionary_brands[i], dict_path);
    fclose(dict);
}

static void test_every_phrase_finds_its_product(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    phrase_list l;
    collect_all(cat, &l);
    int64_t n = 0;
    assert_int_equal(catalog_product_count(cat, &n), CATALOG_OK);
    /* Every product is sayable, and the sample never makes two products sound the same. */
    int64_t *phrases_of = calloc((size_t)n + 1, sizeof *phrases_of);
    assert_non_null(phrases_of);
    for (size_t i = 0; i < l.count; i++) {
        catalog_product_t p;
        char again[CATALOG_PHRASE_MAX];
        assert_true(l.ids[i] >= 1 && l.ids[i] <= n);
        phrases_of[l.ids[i]]++;
        if (catalog_find_product(cat, l.phrases[i], &p) != CATALOG_OK || p.id != l.ids[i])
            fail_msg("\"%s\" (product %lld) finds product %lld: %s", l.phrases[i],
                     (long long)l.ids[i], (long long)p.id, catalog_errmsg(cat));
        /* Phrases are already normal: the grammar gets exactly what find accepts. */
        assert_true(catalog__normalize_phrase(l.phrases[i], again, sizeof again) > 0);
        assert_string_equal(again, l.phrases[i]);
        /* Each phrase once per product. */
        for (size_t j = i + 1; j < l.count && l.ids[j] == l.ids[i]; j++)
            assert_string_not_equal(l.phrases[i], l.phrases[j]);
    }
    for (int64_t id = 1; id <= n; id++)
        if (phrases_of[id] < 2) /* its name and at least one alias */
            fail_msg("product %lld has %lld phrases", (long long)id, (long long)phrases_of[id]);
    free(phrases_of);
    free_list(&l);
    catalog_close(cat);
}

static void test_order_history(void **state)
{
    test_env *env = *state;
    catalog_close(open_sample(env));
    int64_t orders = sql_int(env->path, "SELECT count(*) FROM orders");
    assert_true(orders >= 6 && orders <= 10);
    /* Orders have several items and totals that add up. */
    assert_true(sql_int(env->path, "SELECT min(c) FROM (SELECT count(*) AS c FROM order_items"
                                   " GROUP BY order_id)") >= 2);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders o WHERE total_cents <>"
                                        " (SELECT sum(quantity * unit_price_cents)"
                                        "  FROM order_items WHERE order_id = o.id)"),
                     0);
    /* Dated over the last weeks, relative to when the catalog was made, in ISO 8601 UTC. */
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders WHERE placed_at NOT GLOB"
                                        " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T"
                                        "[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"),
                     0);
    assert_true(sql_int(env->path, "SELECT julianday('now') - julianday(min(placed_at))"
                                   " FROM orders") <= 60);
    assert_true(sql_int(env->path, "SELECT julianday('now') - julianday(max(placed_at))"
                                   " FROM orders") <= 7);
}

static void test_seed_only_when_new(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t before = 0, after = 0;
    assert_int_equal(catalog_product_count(cat, &before), CATALOG_OK);
    catalog_close(cat);
    cat = open_sample(env); /* the same flags on an existing catalog load nothing twice */
    assert_int_equal(catalog_product_count(cat, &after), CATALOG_OK);
    assert_int_equal(after, before);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders"),
                     sql_int(env->path, "SELECT count(DISTINCT idempotency_key) FROM orders"));
    catalog_close(cat);
}

/* EXPLAIN QUERY PLAN for every cached statement, the shopper functions' included: only the
 * iterations may scan a table. */
static void test_lookups_use_indexes(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    for (int i = 0; i < ST_COUNT; i++) {
        char sql[2048];
        sqlite3_stmt *st = NULL;
        snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", catalog__stmt_sql[i]);
        assert_int_equal(sqlite3_prepare_v2(cat->db, sql, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *detail = (const char *)sqlite3_column_text(st, 3);
            /* An index walked in order up to a LIMIT reads LIMIT rows, not the table. */
            int walk = catalog__stmt_walks_index(i) && strstr(detail, " USING ") != NULL &&
                       strstr(detail, "INDEX ") != NULL &&
                       strstr(catalog__stmt_sql[i], " LIMIT ") != NULL;
            if (strncmp(detail, "SCAN ", 5) == 0 && strcmp(detail, "SCAN CONSTANT ROW") != 0 &&
                !walk && !catalog__stmt_may_scan(i))
                fail_msg("statement %d scans a table (%s):\n%s", i, detail, catalog__stmt_sql[i]);
        }
        sqlite3_finalize(st);
    }
    catalog_close(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_size_and_variety, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_out_of_dictionary_brands, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_every_phrase_finds_its_product, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_order_history, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_seed_only_when_new, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_lookups_use_indexes, env_setup, env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.sample", tests, NULL, NULL);
}
