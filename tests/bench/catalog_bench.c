/*
 * catalog_bench.c - speed of the catalog at shop scale: importing N products from CSV, then,
 * with M order items, the latency of each shopper lookup (p50/p99 over many calls).
 *
 * Usage: bench_catalog DIR [PRODUCTS [ORDER_ITEMS [CALLS]]]   (default 100000 1000000 20000)
 * DIR is a scratch folder (the catalog and the CSV are written there). Prints a table for
 * docs/BENCHMARKS.md. Not a test: timings are not asserted (see docs/BENCHMARKS.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "catalog_internal.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Deterministic pseudo-random numbers (xorshift), so runs are comparable. */
static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const words[] = {"organic", "classic", "roast",  "oat",    "almond", "crunchy",
                                    "vanilla", "smoked",  "spicy",  "golden", "wild",   "fresh",
                                    "dark",    "sea",     "salted", "honey",  "berry",  "maple"};
#define N_WORDS (sizeof words / sizeof words[0])

static void write_products_csv(const char *path, long n)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    fputs("sku,name,price,brand,category,unit,size,stock,description,allergens,rating,"
          "rating_count,aliases\n",
          f);
    for (long i = 1; i <= n; i++) {
        const char *a = words[i % N_WORDS], *b = words[(i / N_WORDS) % N_WORDS];
        fprintf(f,
                "SKU-%07ld,Brand%ld %s %s Item %ld,%ld.%02ld,Brand%ld,aisle %ld,pack,500 g,%ld,"
                "\"A %s, %s product from the benchmark.\",milk;soy,4.%ld,%ld,"
                "%s %s %ld;item %ld\n",
                i, i % 977, a, b, i, 1 + i % 90, i % 100, i % 977, i % 40, i % 50, a, b, i % 10,
                i % 3000, a, b, i, i);
    }
    fclose(f);
}

/* M order items over M/4 orders, spread over every product, in one transaction. */
static void add_order_items(catalog_t *cat, long products, long items)
{
    sqlite3 *db = cat->db;
    sqlite3_stmt *o, *it;
    sqlite3_exec(db, "PRAGMA cache_size = -65536; BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO orders (id, idempotency_key, placed_at, status, total_cents)"
                       " VALUES (?1, 'bench-' || ?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now',"
                       " '-' || (?1 % 700) || ' days'), CASE WHEN ?1 % 9 = 0 THEN 'cancelled'"
                       " ELSE 'delivered' END, 1000)",
                       -1, &o, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT OR IGNORE INTO order_items (order_id, product_id, quantity,"
                       " unit_price_cents) VALUES (?1, ?2, 1, 250)",
                       -1, &it, NULL);
    long orders = items / 4;
    for (long id = 1; id <= orders; id++) {
        sqlite3_bind_int64(o, 1, 1000000 + id);
        sqlite3_step(o);
        sqlite3_reset(o);
        for (int k = 0; k < 4; k++) {
            sqlite3_bind_int64(it, 1, 1000000 + id);
            sqlite3_bind_int64(it, 2, 1 + (long)(next_random() % (unsigned long long)products));
            sqlite3_step(it);
            sqlite3_reset(it);
        }
    }
    sqlite3_finalize(o);
    sqlite3_finalize(it);
    if (sqlite3_exec(db, "COMMIT; PRAGMA cache_size = -2000", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "adding orders: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef enum {
    FIND_NAME,
    FIND_ALIAS,
    FIND_MISSING,
    GET,
    LAST_ORDER,
    RESOLVE_BRAND,
    RESOLVE_CATEGORY,
    USUAL,
    LAST_WHOLE_ORDER,
    ORDER_STATUS,
    PRICE_TODAY,
    DETAILS,
    CONTAINS,
    SIZES,
    DEALS_TODAY,
    DEALS_CATEGORY,
    TOGETHER,
    CART_CONTENTS,
    N_LOOKUPS
} lookup;
static const char *const lookup_names[N_LOOKUPS] = {"catalog_find_product (by name)",
                                                    "catalog_find_product (by alias)",
                                                    "catalog_find_product (no such product)",
                                                    "catalog_get_product",
                                                    "catalog_last_order_of",
                                                    "catalog_resolve (brand alone)",
                                                    "catalog_resolve (\"my aisle N\")",
                                                    "catalog_usual (top 3)",
                                                    "catalog_last_order (with lines)",
                                                    "catalog_order_status",
                                                    "catalog_price_today",
                                                    "catalog_get_details",
                                                    "catalog_contains",
                                                    "catalog_sizes",
                                                    "catalog_deals_today",
                                                    "catalog_deals_in_category",
                                                    "catalog_bought_together (top 3)",
                                                    "catalog_cart_contents (10 lines)"};

static int ignore_promotion(void *user, const catalog_promotion_t *m)
{
    (void)user;
    (void)m;
    return 0;
}

static int ignore_product(void *user, const catalog_product_t *p)
{
    (void)user;
    (void)p;
    return 0;
}

/* The shopper functions' calls; 0 or a status. */
static int shopper_call(catalog_t *cat, lookup which, long i)
{
    char spoken[64];
    catalog_match_t m;
    catalog_usual_t usual[3];
    catalog_product_t with[3];
    catalog_order_t o;
    catalog_order_line_t lines[8];
    catalog_order_status_t s;
    catalog_price_t price;
    static catalog_details_t d;
    static catalog_cart_t cart;
    size_t n;
    int contains, known, rc;
    switch (which) {
    case RESOLVE_BRAND:
        snprintf(spoken, sizeof spoken, "brand%ld", i % 977);
        return catalog_resolve(cat, spoken, &m);
    case RESOLVE_CATEGORY:
        snprintf(spoken, sizeof spoken, "my aisle %ld", i % 40);
        return catalog_resolve(cat, spoken, &m);
    case USUAL:
        return catalog_usual(cat, usual, 3, &n);
    case LAST_WHOLE_ORDER:
        return catalog_last_order(cat, &o, lines, 8, &n);
    case ORDER_STATUS:
        return catalog_order_status(cat, 1000000 + i, &s);
    case PRICE_TODAY:
        return catalog_price_today(cat, i, &price);
    case DETAILS:
        return catalog_get_details(cat, i, &d);
    case CONTAINS:
        return catalog_contains(cat, i, "soy", &contains, &known);
    case SIZES:
        return catalog_sizes(cat, i, ignore_product, NULL);
    case DEALS_TODAY:
        return catalog_deals_today(cat, 0, ignore_promotion, NULL);
    case DEALS_CATEGORY:
        snprintf(spoken, sizeof spoken, "aisle %ld", i % 40);
        return catalog_deals_in_category(cat, spoken, ignore_promotion, NULL);
    case TOGETHER:
        return catalog_bought_together(cat, i, with, 3, &n);
    case CART_CONTENTS:
        rc = catalog_cart_contents(cat, &cart);
        return rc == CATALOG_OK && cart.count != 10 ? -1 : rc;
    default:
        return -1;
    }
}

static void one_call(catalog_t *cat, lookup which, long products)
{
    char spoken[160];
    catalog_product_t p;
    catalog_order_line_t line;
    long i = 1 + (long)(next_random() % (unsigned long long)products);
    const char *a = words[i % N_WORDS], *b = words[(i / N_WORDS) % N_WORDS];
    int rc = 0;
    switch (which) {
    case FIND_NAME:
        snprintf(spoken, sizeof spoken, "brand%ld %s %s item %ld", i % 977, a, b, i);
        rc = catalog_find_product(cat, spoken, &p);
        break;
    case FIND_ALIAS:
        snprintf(spoken, sizeof spoken, "%s %s %ld", a, b, i);
        rc = catalog_find_product(cat, spoken, &p);
        break;
    case FIND_MISSING:
        snprintf(spoken, sizeof spoken, "nothing called %ld", i);
        rc = catalog_find_product(cat, spoken, &p) == CATALOG_ENOTFOUND ? 0 : -1;
        break;
    case GET:
        rc = catalog_get_product(cat, i, &p);
        break;
    case LAST_ORDER:
        rc = catalog_last_order_of(cat, i, &line);
        rc = rc == CATALOG_ENOTFOUND ? 0 : rc;
        break;
    default:
        rc = shopper_call(cat, which, i);
        break;
    }
    if (rc != 0) {
        fprintf(stderr, "%s failed for %ld: %s\n", lookup_names[which], i, catalog_errmsg(cat));
        exit(1);
    }
}

static void time_lookups(catalog_t *cat, long products, long calls)
{
    double *ms = malloc((size_t)calls * sizeof *ms);
    for (int which = 0; which < N_LOOKUPS; which++) {
        for (long k = 0; k < calls; k++) {
            double t0 = now_ms();
            one_call(cat, (lookup)which, products);
            ms[k] = now_ms() - t0;
        }
        qsort(ms, (size_t)calls, sizeof *ms, cmp_double);
        printf("| %s | %.3f | %.3f | %.3f |\n", lookup_names[which], ms[calls / 2],
               ms[calls * 99 / 100], ms[calls - 1]);
    }
    free(ms);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [PRODUCTS [ORDER_ITEMS [CALLS]]]\n", argv[0]);
        return 2;
    }
    long products = argc > 2 ? atol(argv[2]) : 100000;
    long items = argc > 3 ? atol(argv[3]) : 1000000;
    long calls = argc > 4 ? atol(argv[4]) : 20000;
    char csv[1024], db[1024], msg[512];
    snprintf(csv, sizeof csv, "%s/products.csv", argv[1]);
    snprintf(db, sizeof db, "%s/bench.db", argv[1]);
    remove(db);
    write_products_csv(csv, products);

    int status;
    catalog_t *cat = catalog_open(db, CATALOG_OPEN_CREATE, &status, msg, sizeof msg);
    if (cat == NULL) {
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    FILE *in = fopen(csv, "r");
    catalog_import_config_t c = catalog_import_config_default();
    c.source_name = csv;
    catalog_import_stats_t st;
    double t0 = now_ms();
    status = catalog_import(cat, in, &c, &st);
    double import_ms = now_ms() - t0;
    fclose(in);
    if (status != CATALOG_OK) {
        fprintf(stderr, "import: %s\n", catalog_errmsg(cat));
        return 1;
    }
    in = fopen(csv, "r");
    t0 = now_ms();
    status = catalog_import(cat, in, &c, &st); /* the same file again: every row an update */
    double reimport_ms = now_ms() - t0;
    fclose(in);
    t0 = now_ms();
    add_order_items(cat, products, items);
    double orders_ms = now_ms() - t0;

    /* Shopper state: a promotion per aisle (and a few ended ones), ten lines in the cart. */
    sqlite3_exec(cat->db,
                 "INSERT INTO promotions (title, kind, value, category, starts_at, ends_at)"
                 " SELECT 'deal ' || name, 'percent', 10, name, '2000-01-01T00:00:00Z',"
                 " '2999-01-01T00:00:00Z' FROM categories;"
                 "INSERT INTO promotions (title, kind, value, product_id, starts_at, ends_at)"
                 " SELECT 'old deal', 'amount', 10, id, '2000-01-01T00:00:00Z',"
                 " '2001-01-01T00:00:00Z' FROM products WHERE id % 100 = 0;",
                 NULL, NULL, NULL);
    for (int64_t id = 1; id <= 10; id++)
        catalog_cart_add(cat, id * 7, 1);

    printf("| measure | value |\n| --- | --- |\n");
    printf("| import of %ld new products from CSV (with 2 aliases and 2 allergens each) | %.2f s "
           "|\n",
           products, import_ms / 1e3);
    printf("| re-import of the same file (every row an update) | %.2f s |\n", reimport_ms / 1e3);
    sqlite3_stmt *count = NULL;
    sqlite3_prepare_v2(cat->db,
                       "SELECT (SELECT count(*) FROM order_items),"
                       " (SELECT count(*) FROM products)",
                       -1, &count, NULL);
    sqlite3_step(count);
    printf("| catalog for the lookups | %lld products, %lld order items (setup %.1f s) |\n",
           (long long)sqlite3_column_int64(count, 1), (long long)sqlite3_column_int64(count, 0),
           orders_ms / 1e3);
    sqlite3_finalize(count);
    printf("\n| lookup (%ld calls each, random products) | p50 ms | p99 ms | max ms |\n"
           "| --- | --- | --- | --- |\n",
           calls);
    time_lookups(cat, products, calls);
    catalog_close(cat);
    remove(csv);
    return 0;
}
