/*
 * test_io.c - import and export: CSV and JSON read exactly (prices in cents, quotes, commas,
 * line breaks, a byte-order mark, columns in any order), a bad row is named by file, line and
 * column and changes nothing, re-importing keeps ids and order history, export and import
 * round-trip byte for byte, and awkward names still compile into the grammar.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar.h"

#ifndef SHOP_GRAM
#define SHOP_GRAM "grammar/shop.gram"
#endif

static catalog_t *open_empty(const test_env *env)
{
    int status;
    char msg[256];
    catalog_t *cat = catalog_open(env->path, CATALOG_OPEN_CREATE, &status, msg, sizeof msg);
    if (cat == NULL)
        fail_msg("catalog_open: %s", msg);
    return cat;
}

/* Import text as a file called `name`; the format follows the name. */
static int import_text(catalog_t *cat, const char *name, const char *text, int skip,
                       catalog_import_stats_t *stats)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(in);
    catalog_import_config_t c = catalog_import_config_default();
    c.format = catalog_format_from_name(name);
    c.source_name = name;
    c.skip_bad_rows = skip;
    int status = catalog_import(cat, in, &c, stats);
    fclose(in);
    return status;
}

/* Export into a malloc'd string. */
static char *export_text(catalog_t *cat, catalog_format_t format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    int status = catalog_export(cat, out, format);
    fclose(out);
    if (status != CATALOG_OK)
        fail_msg("export: %s", catalog_errmsg(cat));
    return buf;
}

static void get_by_sku(const test_env *env, const char *sku, char *name, size_t len)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT name FROM products WHERE sku = '%s'", sku);
    sql_text(env->path, sql, name, len);
}

static int64_t int_of(const test_env *env, const char *fmt, const char *sku)
{
    char sql[256];
    snprintf(sql, sizeof sql, fmt, sku);
    return sql_int(env->path, sql);
}

static const char tricky_csv[] =
    "\xef\xbb\xbf" /* a spreadsheet's byte-order mark */
    "Price,SKU,name,aliases,description,stock,rating,allergens\r\n"
    "13.49,A-1,\"Rao's \"\"Famous\"\" Marinara\",rao's;red sauce,\"Tomatoes, olive oil\r\n"
    "and basil.\",5,4.5,\r\n"
    "0.1,A-2,Café Crème Brûlée 🍮,,,0,,Milk; EGGS\n"
    "1000000,A-3,Наш Чай,,,,0,\n"
    "\n"
    "2.50,A-4,  Spaced Name  ,,,,5.00,\n";

static void test_csv_reads_exactly(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_empty(env);
    catalog_import_stats_t st;
    if (import_text(cat, "products.csv", tricky_csv, 0, &st) != CATALOG_OK)
        fail_msg("%s", catalog_errmsg(cat));
    assert_int_equal(st.rows, 4);
    assert_int_equal(st.added, 4);
    char name[256];
    get_by_sku(env, "A-1", name, sizeof name);
    assert_string_equal(name, "Rao's \"Famous\" Marinara");
    get_by_sku(env, "A-2", name, sizeof name);
    assert_string_equal(name, "Café Crème Brûlée 🍮");
    get_by_sku(env, "A-4", name, sizeof name);
    assert_string_equal(name, "Spaced Name");
    assert_int_equal(int_of(env, "SELECT price_cents FROM products WHERE sku = '%s'", "A-1"), 1349);
    assert_int_equal(int_of(env, "SELECT price_cents FROM products WHERE sku = '%s'", "A-2"), 10);
    assert_int_equal(int_of(env, "SELECT price_cents FROM products WHERE sku = '%s'", "A-3"),
                     100000000);
    assert_int_equal(int_of(env, "SELECT price_cents FROM products WHERE sku = '%s'", "A-4"), 250);
    assert_int_equal(int_of(env,
                            "SELECT typeof(price_cents) = 'integer' FROM products"
                            " WHERE sku = '%s'",
                            "A-1"),
                     1);
    assert_int_equal(
        int_of(env, "SELECT length(description) FROM products WHERE sku = '%s'", "A-1"),
        strlen("Tomatoes, olive oil\r\nand basil."));
    assert_int_equal(int_of(env, "SELECT rating * 10 FROM products WHERE sku = '%s'", "A-1"), 45);
    assert_int_equal(int_of(env, "SELECT rating IS NULL FROM products WHERE sku = '%s'", "A-2"), 1);
    assert_int_equal(int_of(env,
                            "SELECT count(*) FROM product_allergens a JOIN products p"
                            " ON p.id = a.product_id WHERE p.sku = '%s'"
                            " AND a.allergen IN ('milk', 'eggs')",
                            "A-2"),
                     2);
    /* Defaults for what the file does not say. */
    assert_int_equal(int_of(env,
                            "SELECT count(*) FROM products WHERE sku = '%s'"
                            " AND category = 'other' AND unit = 'item' AND currency = 'USD'",
                            "A-3"),
                     1);
    /* Aliases are stored as spoken and find their product. */
    catalog_product_t p;
    assert_int_equal(catalog_find_product(cat, "Red Sauce", &p), CATALOG_OK);
    assert_string_equal(p.sku, "A-1");
    assert_int_equal(catalog_find_product(cat, "cafe creme brulee", &p), CATALOG_OK);
    assert_string_equal(p.sku, "A-2");
    catalog_close(cat);
}

/* A bad row: one message with file, line and column, and nothing imported. */
static void expect_bad(const test_env *env, const char *name, const char *text, const char *want)
{
    catalog_t *cat = open_empty(env);
    int64_t before = sql_int(env->path, "SELECT count(*) FROM products");
    int status = import_text(cat, name, text, 0, NULL);
    if (status != CATALOG_EINPUT && status != CATALOG_ETOOBIG)
        fail_msg("%s was accepted (%d)", text, status);
    if (strstr(catalog_errmsg(cat), want) == NULL)
        fail_msg("wanted \"%s\" in \"%s\"", want, catalog_errmsg(cat));
    assert_null(strchr(catalog_errmsg(cat), '\n'));
    catalog_close(cat);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products"), before);
}

static void test_bad_rows_are_named(void **state)
{
    test_env *env = *state;
    const char *head = "sku,name,price\n";
    char text[512];
    snprintf(text, sizeof text, "%sB-1,Good,1.00\nB-2,Bad,abc\n", head);
    expect_bad(env, "products.csv", text, "products.csv:3:price: \"abc\" is not a price");
    snprintf(text, sizeof text, "%sB-1,Good,1.00\nB-2,Bad,1.005\n", head);
    expect_bad(env, "products.csv", text, "products.csv:3:price:");
    snprintf(text, sizeof text, "%sB-1,Good,-1\n", head);
    expect_bad(env, "products.csv", text, "products.csv:2:price:");
    snprintf(text, sizeof text, "%sB-1,,1\n", head);
    expect_bad(env, "products.csv", text, "products.csv:2:name: is empty");
    snprintf(text, sizeof text, "%sB-1,Two,1,extra\n", head);
    expect_bad(env, "products.csv", text, "products.csv:2: 4 fields, but the header has 3");
    snprintf(text, sizeof text, "%sB-1,\"never,1\nB-2,x,1\n", head);
    expect_bad(env, "products.csv", text, "products.csv:2: a quoted field starting on line 2");
    snprintf(text, sizeof text, "%sB-1,\"a\"b,1\n", head);
    expect_bad(env, "products.csv", text, "products.csv:2: field 2: text after its closing quote");
    snprintf(text, sizeof text, "%sB-1,Bad \xff name,1\n", head);
    expect_bad(env, "products.csv", text, "products.csv:2:name: is not UTF-8");
    expect_bad(env, "products.csv", "sku,name,prcie\nB-1,x,1\n", "products.csv:1:prcie: unknown");
    expect_bad(env, "products.csv", "sku,name\nB-1,x\n", "no \"price\" column");
    expect_bad(env, "products.csv", "", "empty file");
    expect_bad(env, "products.csv", "sku,name,price,rating\nB-1,x,1,6\n",
               "products.csv:2:rating: \"6\" is not a rating");
    /* One currency per catalog (USD here): a euro price would be spoken as dollars. */
    expect_bad(env, "products.csv", "sku,name,price,currency\nB-1,x,1,usd\nB-2,y,5,EUR\n",
               "products.csv:3:currency: EUR is not this catalog's currency (USD)");
    expect_bad(env, "p.json",
               "[{\"sku\": \"J-1\", \"name\": \"x\", \"price\": 1},\n"
               " {\"sku\": \"J-2\", \"name\": \"y\",\n  \"price\": \"abc\"}]",
               "p.json:2:price: \"abc\" is not a price");
    expect_bad(env, "p.json",
               "[{\"sku\": \"J-1\", \"name\": \"x\", \"price\": 1},\n"
               " {\"sku\": \"J-2\",\n \"name\": y}]",
               "p.json:3: not JSON");
    expect_bad(env, "p.json", "{\"sku\": 1}", "p.json:1: a JSON catalog is an array");
    expect_bad(env, "p.json", "[{\"sku\": \"J-1\", \"name\": \"x\", \"price\": 1, \"colour\": 2}]",
               "p.json:1: unknown key \"colour\"");
    expect_bad(env, "p.json", "[{\"sku\": \"J-1\", \"name\": \"x\"}]",
               "p.json:1:price: is missing");
    expect_bad(env, "p.json", "[{\"sku\": \"J-1\", \"name\": {}, \"price\": 1}]",
               "p.json:1:name: must be text or a number");
    /* Only aliases and allergens are lists; a list elsewhere was joined with ';'. */
    expect_bad(env, "p.json",
               "[{\"sku\": \"J-1\", \"name\": \"x\", \"price\": 1,\n"
               "  \"brand\": [\"Acme\", \"Zed\"]}]",
               "p.json:1:brand: must be text or a number (only aliases and allergens are lists)");
    expect_bad(env, "p.json", "[{\"sku\": \"J-1\", \"name\": [\"x\"], \"price\": 1}]",
               "p.json:1:name: must be text or a number");
    /* A name past CATALOG_FULL_NAME_MAX is refused, not cut (10 kB is fine: test_long_names). */
    char *long_name = malloc(20000);
    assert_non_null(long_name);
    int n = snprintf(long_name, 20000, "%s", head);
    n += snprintf(long_name + n, (size_t)(20000 - n), "L-1,");
    memset(long_name + n, 'x', 17000);
    snprintf(long_name + n + 17000, 32, ",1.00\n");
    expect_bad(env, "products.csv", long_name,
               "products.csv:2:name: is 17000 bytes long; at most 16384 fit");
    free(long_name);
}

static int64_t g_skipped_calls;
static void count_bad(void *user, const char *message)
{
    (void)user;
    assert_non_null(strstr(message, "products.csv:"));
    g_skipped_calls++;
}

static void test_skip_bad_rows(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_empty(env);
    static const char text[] = "sku,name,price\nS-1,One,1\nS-2,Two,abc\nS-3,Three,3\n"
                               "S-4,Four\nS-5,Five,5\n";
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    catalog_import_config_t c = catalog_import_config_default();
    c.source_name = "products.csv";
    c.skip_bad_rows = 1;
    c.bad_row = count_bad;
    catalog_import_stats_t st;
    g_skipped_calls = 0;
    assert_int_equal(catalog_import(cat, in, &c, &st), CATALOG_OK);
    fclose(in);
    assert_int_equal(st.rows, 5);
    assert_int_equal(st.added, 3);
    assert_int_equal(st.skipped, 2);
    assert_int_equal(g_skipped_calls, 2);
    catalog_close(cat);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products"), 3);
}

static void test_reimport_keeps_ids_and_history(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t id = sql_int(env->path, "SELECT id FROM products WHERE sku = 'CT-001'");
    int64_t items = sql_int(env->path, "SELECT count(*) FROM order_items");
    int64_t stock = sql_int(env->path, "SELECT stock FROM products WHERE sku = 'CT-001'");
    catalog_import_stats_t st;
    /* New price and name, no stock column: stock is kept; aliases are replaced. */
    assert_int_equal(import_text(cat, "update.csv",
                                 "sku,price,name,aliases\n"
                                 "CT-001,14.99,Lavazza Super Crema Beans,espresso beans;crema\n"
                                 "NEW-1,2.00,Brand New Thing,\n",
                                 0, &st),
                     CATALOG_OK);
    assert_int_equal(st.updated, 1);
    assert_int_equal(st.added, 1);
    assert_int_equal(sql_int(env->path, "SELECT id FROM products WHERE sku = 'CT-001'"), id);
    assert_int_equal(sql_int(env->path, "SELECT price_cents FROM products WHERE sku = 'CT-001'"),
                     1499);
    assert_int_equal(sql_int(env->path, "SELECT stock FROM products WHERE sku = 'CT-001'"), stock);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM order_items"), items);
    catalog_product_t p;
    catalog_order_line_t line;
    assert_int_equal(catalog_find_product(cat, "lavazza super crema beans", &p), CATALOG_OK);
    assert_int_equal(p.id, id);
    assert_int_equal(catalog_find_product(cat, "crema", &p), CATALOG_OK);
    assert_int_equal(catalog_find_product(cat, "my coffee", &p), CATALOG_ENOTFOUND);
    assert_int_equal(catalog_last_order_of(cat, id, &line), CATALOG_OK);
    assert_int_equal(line.unit_price_cents, 1349); /* the price paid then */
    catalog_close(cat);
}

/* Export, import into an empty catalog, export again: the same bytes. */
static void round_trip(const test_env *env, catalog_format_t format)
{
    catalog_t *cat = open_sample(env);
    assert_int_equal(import_text(cat, "tricky.csv", tricky_csv, 0, NULL), CATALOG_OK);
    char *first = export_text(cat, format);
    catalog_close(cat);

    char other[600];
    env_path(env, "copy.db", other, sizeof other);
    int status;
    char msg[256];
    cat = catalog_open(other, CATALOG_OPEN_CREATE, &status, msg, sizeof msg);
    assert_non_null(cat);
    const char *name = format == CATALOG_FORMAT_JSON ? "export.json" : "export.csv";
    if (import_text(cat, name, first, 0, NULL) != CATALOG_OK)
        fail_msg("re-import: %s", catalog_errmsg(cat));
    char *second = export_text(cat, format);
    catalog_close(cat);
    assert_string_equal(first, second);
    free(first);
    free(second);
    assert_int_equal(sql_int(other, "SELECT count(*) FROM products"),
                     sql_int(env->path, "SELECT count(*) FROM products"));
    assert_int_equal(sql_int(other, "SELECT sum(price_cents) FROM products"),
                     sql_int(env->path, "SELECT sum(price_cents) FROM products"));
    assert_int_equal(sql_int(other, "SELECT count(*) FROM product_aliases"),
                     sql_int(env->path, "SELECT count(*) FROM product_aliases"));
    assert_int_equal(sql_int(other, "SELECT count(*) FROM product_variants"),
                     sql_int(env->path, "SELECT count(*) FROM product_variants"));
    assert_true(sql_int(other, "SELECT count(*) FROM product_variants") >= 3);
}

static void test_round_trip_csv(void **state)
{
    round_trip(*state, CATALOG_FORMAT_CSV);
}

static void test_round_trip_json(void **state)
{
    round_trip(*state, CATALOG_FORMAT_JSON);
}

static int add_phrase(void *user, int64_t id, const char *phrase)
{
    (void)id;
    return grammar_add_phrase(user, "product", phrase);
}

static int add_category(void *user, const char *category)
{
    return grammar_add_phrase(user, "category", category);
}

/* Quotes, accents, emoji, other scripts and 10 kB of text: imported, and the grammar still
 * compiles (what cannot be said is dropped from it). */
static void test_awkward_names_compile_into_grammar(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    size_t big = 10 * 1024;
    char *csv = malloc(big + 4096);
    assert_non_null(csv);
    int n = snprintf(csv, 4096,
                     "sku,name,price,aliases,description\n"
                     "W-1,\"\"\"Quoted\"\" O'Brien's Tea\",1.00,\"o'brien's;the \"\"best\"\"\",\n"
                     "W-2,Ångström Äpfel Crème,1.00,,\n"
                     "W-3,🍕🍕🍕,1.00,,\n"
                     "W-4,寿司 Sushi Rolls,1.00,,\n"
                     "W-5,Long Story Biscuits,1.00,,\"");
    for (size_t i = 0; i < big; i++)
        csv[n + (int)i] = "A long tale. "[i % 13];
    snprintf(csv + n + big, 64, "\"\n");
    if (import_text(cat, "awkward.csv", csv, 0, NULL) != CATALOG_OK)
        fail_msg("%s", catalog_errmsg(cat));
    free(csv);
    assert_int_equal(sql_int(env->path, "SELECT length(description) FROM products"
                                        " WHERE sku = 'W-5'"),
                     (int64_t)big);
    int st;
    grammar_t *g = grammar_load(SHOP_GRAM, &st);
    if (g == NULL)
        fail_msg("grammar_load: %s", grammar_errmsg());
    assert_int_equal(catalog_for_each_phrase(cat, add_phrase, g), 0);
    assert_int_equal(catalog_for_each_category(cat, add_category, g), 0);
    if (grammar_compile(g) != GRAMMAR_OK)
        fail_msg("grammar_compile: %s", grammar_errmsg());
    const char *jsgf = grammar_jsgf(g);
    assert_non_null(strstr(jsgf, "o'brien's"));
    assert_non_null(strstr(jsgf, "angstrom"));
    assert_null(strstr(jsgf, "🍕"));
    grammar_free(g);
    catalog_product_t p;
    assert_int_equal(catalog_find_product(cat, "\"Quoted\" O'Brien's Tea", &p), CATALOG_OK);
    assert_string_equal(p.sku, "W-1");
    catalog_close(cat);
}

/* A 10 kB name with quotes, accents and emoji: its first words, then filler to `bytes`. */
static char *long_name_text(size_t bytes)
{
    static const char head[] = "Zoë's \"Grand\" Café Crème 🍫 Chocolate Bar, Extra Dark, with ";
    char *name = malloc(bytes + 1);
    assert_non_null(name);
    size_t n = strlen(head);
    memcpy(name, head, n);
    for (size_t i = n; i < bytes; i++)
        name[i] = "lorem ipsum dolor; "[(i - n) % 19];
    name[bytes] = '\0';
    if (name[bytes - 1] == ' ')
        name[bytes - 1] = 's';
    return name;
}

/* A CSV cell: quotes doubled, inside quotes. malloc'd. */
static char *csv_quoted(const char *text)
{
    char *out = malloc(2 * strlen(text) + 3), *o = out;
    assert_non_null(out);
    *o++ = '"';
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            *o++ = '"';
        *o++ = *c;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

static int count_products(void *user, const catalog_product_t *p)
{
    (void)p;
    ++*(int *)user;
    return 0;
}

/* Names of 10 kB import whole (export), and are shown and spoken by their first words. */
static void test_long_names(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_empty(env);
    char *name = long_name_text(10240), *quoted = csv_quoted(name);
    char *word = malloc(10241), *emoji = malloc(10241);
    assert_non_null(word);
    assert_non_null(emoji);
    memset(word, 'x', 10240); /* one endless word */
    word[10240] = '\0';
    for (size_t i = 0; i < 10240; i += 4)
        memcpy(emoji + i, "\xf0\x9f\x8d\x95", 4); /* 🍕 2560 times: nothing sayable */
    emoji[10240] = '\0';
    size_t cap = 3 * 10240 + 1024;
    char *csv = malloc(cap);
    assert_non_null(csv);
    snprintf(csv, cap,
             "sku,name,price,aliases\n"
             "LN-1,%s,2.49,dark bar\n"
             "LN-2,%s,1.00,x bar\n"
             "LN-3,%s,1.00,pizza pack\n",
             quoted, word, emoji);
    if (import_text(cat, "long.csv", csv, 0, NULL) != CATALOG_OK)
        fail_msg("%s", catalog_errmsg(cat));

    /* Stored whole, shown by its first words: to the first comma, at most 8 words and 80 bytes. */
    assert_int_equal(sql_int(env->path, "SELECT length(CAST(full_name AS BLOB)) FROM products"
                                        " WHERE sku = 'LN-1'"),
                     10240);
    catalog_product_t p;
    assert_int_equal(catalog_find_product(cat, "dark bar", &p), CATALOG_OK);
    assert_string_equal(p.name, "Zoë's \"Grand\" Café Crème 🍫 Chocolate Bar");
    assert_int_equal(catalog_find_product(cat, "zoe's grand cafe creme chocolate bar", &p),
                     CATALOG_OK);
    assert_string_equal(p.sku, "LN-1");
    assert_int_equal(catalog_find_product(cat, "x bar", &p), CATALOG_OK);
    assert_int_equal(strlen(p.name), CATALOG_SHORT_NAME_BYTES); /* cut inside the word */
    assert_int_equal(catalog_find_product(cat, "pizza pack", &p), CATALOG_OK);
    assert_true(strlen(p.name) <= CATALOG_SHORT_NAME_BYTES);
    assert_int_equal(strlen(p.name) % 4, 0); /* whole emoji only */
    int listed = 0;
    assert_int_equal(catalog_list_products(cat, NULL, 0, count_products, &listed), CATALOG_OK);
    assert_int_equal(listed, 3);

    /* The export has the whole names, and round-trips byte for byte. */
    char *first = export_text(cat, CATALOG_FORMAT_CSV);
    assert_non_null(strstr(first, quoted));
    assert_non_null(strstr(first, word));
    char *json = export_text(cat, CATALOG_FORMAT_JSON);
    catalog_close(cat);
    char other[600];
    env_path(env, "copy.db", other, sizeof other);
    int status;
    char msg[256];
    cat = catalog_open(other, CATALOG_OPEN_CREATE, &status, msg, sizeof msg);
    assert_non_null(cat);
    if (import_text(cat, "export.json", json, 0, NULL) != CATALOG_OK)
        fail_msg("re-import: %s", catalog_errmsg(cat));
    char *second = export_text(cat, CATALOG_FORMAT_CSV);
    assert_string_equal(first, second);

    /* Renamed to a short name: the long one is gone. */
    assert_int_equal(
        import_text(cat, "rename.csv", "sku,name,price\nLN-1,Dark Bar,2.49\n", 0, NULL),
        CATALOG_OK);
    catalog_close(cat);
    assert_int_equal(sql_int(other, "SELECT full_name IS NULL FROM products WHERE sku = 'LN-1'"),
                     1);
    free(first);
    free(second);
    free(json);
    free(csv);
    free(name);
    free(quoted);
    free(word);
    free(emoji);
}

static int add_phrase_g(void *user, int64_t id, const char *phrase)
{
    (void)id;
    return grammar_add_phrase(user, "product", phrase);
}

/* The grammar compiled from a catalog with 10 kB names: bounded phrases, the sentences parse. */
static void test_long_names_in_grammar(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    char *name = long_name_text(10240), *quoted = csv_quoted(name);
    size_t cap = 2 * 10240 + 1024;
    char *csv = malloc(cap);
    assert_non_null(csv);
    /* The second name says only digits: far too long for the grammar once spoken. */
    snprintf(csv, cap,
             "sku,name,price,aliases\n"
             "LN-1,%s,2.49,dark bar\n"
             "LN-2,999999 999999 999999 999999 999999 999999 999999,1.00,number bar\n",
             quoted);
    if (import_text(cat, "long.csv", csv, 0, NULL) != CATALOG_OK)
        fail_msg("%s", catalog_errmsg(cat));
    int st;
    grammar_t *g = grammar_load(SHOP_GRAM, &st);
    if (g == NULL)
        fail_msg("grammar_load: %s", grammar_errmsg());
    assert_int_equal(catalog_for_each_phrase(cat, add_phrase_g, g), 0);
    assert_int_equal(catalog_for_each_category(cat, add_category, g), 0);
    if (grammar_compile(g) != GRAMMAR_OK)
        fail_msg("grammar_compile: %s", grammar_errmsg());
    const char *jsgf = grammar_jsgf(g);
    assert_null(strstr(jsgf, "lorem"));
    assert_null(strstr(jsgf, "nine hundred ninety nine thousand nine hundred ninety nine nine"));
    grammar_intent_t in;
    assert_int_equal(grammar_parse(g, "how much is the zoe's grand cafe creme chocolate bar", &in),
                     GRAMMAR_OK);
    assert_string_equal(grammar_intent_slot(&in, "product"),
                        "zoe's grand cafe creme chocolate bar");
    assert_int_equal(grammar_parse(g, "what sizes does the number bar come in", &in), GRAMMAR_OK);
    assert_string_equal(grammar_intent_slot(&in, "product"), "number bar");
    grammar_free(g);
    catalog_close(cat);
    free(csv);
    free(name);
    free(quoted);
}

static int collect_skus(void *user, const catalog_product_t *p)
{
    char *out = user;
    strcat(out, p->sku);
    strcat(out, " ");
    return 0;
}

static void expect_sizes(catalog_t *cat, const char *sku_spoken, const char *want)
{
    catalog_product_t p;
    char got[256] = "";
    assert_int_equal(catalog_find_product(cat, sku_spoken, &p), CATALOG_OK);
    assert_int_equal(catalog_sizes(cat, p.id, collect_skus, got), CATALOG_OK);
    assert_string_equal(got, want);
}

/* variant_of: sizes of one product from CSV and JSON, in the export, and "what sizes". */
static void test_variants(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_empty(env);
    const char *csv = "sku,name,price,variant_of\n"
                      "V-1,Oat Drink,2.00,\n"
                      "V-2,Oat Drink Large,3.50,V-1\n"
                      "V-3,Oat Drink Six Pack,10.00,v-1\n" /* SKUs are exact: refused */
                      "V-4,Oat Drink Mini,1.00,V-1\n";
    assert_int_equal(import_text(cat, "sizes.csv", csv, 0, NULL), CATALOG_EINPUT);
    assert_non_null(strstr(catalog_errmsg(cat), "sizes.csv:4:variant_of: no product has the SKU"
                                                " \"v-1\""));
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products"), 0);
    csv = "sku,name,price,variant_of\n"
          "V-1,Oat Drink,2.00,\n"
          "V-2,Oat Drink Large,3.50,V-1\n"
          "V-3,Oat Drink Six Pack,10.00, V-1 \n"
          "V-4,Oat Drink Mini,1.00,V-1\n"
          "V-9,Rye Bread,3.00,\n";
    if (import_text(cat, "sizes.csv", csv, 0, NULL) != CATALOG_OK)
        fail_msg("%s", catalog_errmsg(cat));
    expect_sizes(cat, "oat drink large", "V-4 V-1 V-2 V-3 ");
    expect_sizes(cat, "oat drink", "V-4 V-1 V-2 V-3 ");
    expect_sizes(cat, "rye bread", "V-9 ");

    /* JSON; an empty cell makes a product no size of anything; no column leaves it as it was. */
    const char *json = "[{\"sku\": \"V-5\", \"name\": \"Rye Bread Half\", \"price\": 1.6,"
                       " \"variant_of\": \"V-9\"},\n"
                       " {\"sku\": \"V-4\", \"name\": \"Oat Drink Mini\", \"price\": 1,"
                       " \"variant_of\": null},\n"
                       " {\"sku\": \"V-3\", \"name\": \"Oat Drink Six Pack\", \"price\": 9}]";
    if (import_text(cat, "sizes.json", json, 0, NULL) != CATALOG_OK)
        fail_msg("%s", catalog_errmsg(cat));
    expect_sizes(cat, "rye bread", "V-5 V-9 ");
    expect_sizes(cat, "oat drink", "V-1 V-2 V-3 ");
    expect_sizes(cat, "oat drink mini", "V-4 ");

    /* Families are one level deep, and a product is no size of itself. */
    const char *head = "sku,name,price,variant_of\n";
    char text[256];
    snprintf(text, sizeof text, "%sV-6,Oat Drink Tiny,0.50,V-2\n", head);
    assert_int_equal(import_text(cat, "bad.csv", text, 0, NULL), CATALOG_EINPUT);
    assert_non_null(strstr(catalog_errmsg(cat), "bad.csv:2:variant_of: \"V-2\" is itself a size"));
    snprintf(text, sizeof text, "%sV-1,Oat Drink,2.00,V-9\n", head);
    assert_int_equal(import_text(cat, "bad.csv", text, 0, NULL), CATALOG_EINPUT);
    assert_non_null(strstr(catalog_errmsg(cat), "bad.csv:2:variant_of: this product has sizes"));
    snprintf(text, sizeof text, "%sV-9,Rye Bread,3.00,V-9\n", head);
    assert_int_equal(import_text(cat, "bad.csv", text, 0, NULL), CATALOG_EINPUT);
    assert_non_null(strstr(catalog_errmsg(cat), "bad.csv:2:variant_of: a product cannot be"));
    snprintf(text, sizeof text, "%sV-7,Long SKU,1.00,%040d\n", head, 7);
    assert_int_equal(import_text(cat, "bad.csv", text, 0, NULL), CATALOG_EINPUT);
    assert_non_null(strstr(catalog_errmsg(cat), "bad.csv:2:variant_of: is 40 bytes long"));
    /* --skip-bad-rows leaves the bad row out and keeps the rest. */
    snprintf(text, sizeof text, "%sV-6,Oat Drink Tiny,0.50,V-2\nV-8,Oat Drink Tall,4,V-1\n", head);
    catalog_import_stats_t stats;
    assert_int_equal(import_text(cat, "bad.csv", text, 1, &stats), CATALOG_OK);
    assert_int_equal(stats.skipped, 1);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM products WHERE sku = 'V-6'"), 0);
    expect_sizes(cat, "oat drink", "V-1 V-2 V-8 V-3 ");

    /* A size with a smaller id than its family is exported after it, so it imports again. */
    assert_int_equal(import_text(cat, "late.csv",
                                 "sku,name,price,variant_of\nV-10,Rye Bread Large,4,\n"
                                 "V-9,Rye Bread,3.00,V-10\nV-5,Rye Bread Half,1.6,V-10\n",
                                 0, NULL),
                     CATALOG_EINPUT); /* V-9 has sizes (V-5) */
    assert_int_equal(import_text(cat, "late.csv",
                                 "sku,name,price,variant_of\nV-10,Rye Bread Large,4,\n"
                                 "V-5,Rye Bread Half,1.6,V-10\nV-9,Rye Bread,3.00,V-10\n",
                                 0, NULL),
                     CATALOG_OK);
    char *first = export_text(cat, CATALOG_FORMAT_CSV);
    assert_non_null(strstr(first, "V-10,Rye Bread Large,4.00,,other,item,,USD,0,,,,,0,,\r\n"
                                  "V-9,Rye Bread,3.00,,other,item,,USD,0,,,,,0,,V-10\r\n"
                                  "V-5,Rye Bread Half,1.60,,other,item,,USD,0,,,,,0,,V-10\r\n"));
    catalog_close(cat);
    char other[600];
    env_path(env, "copy.db", other, sizeof other);
    int status;
    char msg[256];
    cat = catalog_open(other, CATALOG_OPEN_CREATE, &status, msg, sizeof msg);
    assert_non_null(cat);
    if (import_text(cat, "export.csv", first, 0, NULL) != CATALOG_OK)
        fail_msg("re-import: %s", catalog_errmsg(cat));
    char *second = export_text(cat, CATALOG_FORMAT_CSV);
    assert_string_equal(first, second);
    expect_sizes(cat, "rye bread", "V-5 V-9 V-10 ");
    catalog_close(cat);
    free(first);
    free(second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_reads_exactly, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_bad_rows_are_named, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_skip_bad_rows, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_reimport_keeps_ids_and_history, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_round_trip_csv, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_round_trip_json, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_awkward_names_compile_into_grammar, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_long_names, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_long_names_in_grammar, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_variants, env_setup, env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.io", tests, NULL, NULL);
}
