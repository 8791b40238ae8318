/*
 * catalog.c - opening and closing a catalog file, with a distinct status and a plain message
 * for each way that can fail, and the table of statements every handle keeps prepared.
 */
#include "catalog_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* One product row, in the column order products.c reads it. */
#define PRODUCT_COLUMNS "p.id, p.sku, p.name, p.brand, p.category, p.unit, p.price_cents, p.stock"

/* One promotion, in the column order deals.c reads it. */
#define PROMO_COLUMNS                                                                              \
    "m.id, m.title, m.kind, m.value, m.product_id, m.category, m.starts_at, m.ends_at"

/* One order for catalog_list_orders, in the column order orders.c reads it. */
#define ORDER_COLUMNS                                                                              \
    "o.id, o.placed_at, o.status, o.expected_at, o.total_cents,"                                   \
    " (SELECT count(*) FROM order_items WHERE order_id = o.id)"

const char *const catalog__stmt_sql[ST_COUNT] = {
    [ST_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_PRODUCT_BY_ID] = "SELECT " PRODUCT_COLUMNS " FROM products p WHERE p.id = ?1",
    /* Ties (two products with one name) go to the oldest product, so answers are stable. */
    [ST_PRODUCT_BY_SPOKEN_NAME] = "SELECT " PRODUCT_COLUMNS " FROM products p"
                                  " WHERE p.spoken_name = ?1 ORDER BY p.id LIMIT 1",
    [ST_PRODUCT_BY_ALIAS] = "SELECT " PRODUCT_COLUMNS " FROM product_aliases a"
                            " JOIN products p ON p.id = a.product_id"
                            " WHERE a.phrase = ?1 ORDER BY p.id LIMIT 1",
    [ST_PRODUCTS_UNSPOKEN] = "SELECT id, name, brand FROM products WHERE spoken_name IS NULL",
    /* ?3 NULL keeps the spoken brand (an import row without a brand column). */
    [ST_SET_SPOKEN_NAME] = "UPDATE products SET spoken_name = ?2,"
                           " spoken_brand = coalesce(?3, spoken_brand) WHERE id = ?1",
    [ST_PRODUCTS_ALL] = "SELECT id, name, spoken_brand FROM products ORDER BY id",
    [ST_ALIASES_OF] = "SELECT phrase FROM product_aliases WHERE product_id = ?1 ORDER BY phrase",
    [ST_PRODUCT_COUNT] = "SELECT count(*) FROM products",
    [ST_CATEGORIES] = "SELECT DISTINCT category FROM products ORDER BY category",
    /* Cancelled orders are not something to "order again". */
    [ST_LAST_ORDER_OF] = "SELECT i.order_id, i.product_id, i.quantity, i.unit_price_cents,"
                         " o.placed_at FROM order_items i JOIN orders o ON o.id = i.order_id"
                         " WHERE i.product_id = ?1 AND o.status <> 'cancelled'"
                         " ORDER BY o.placed_at DESC, o.id DESC LIMIT 1",
    [ST_ORDER_BY_KEY] = "SELECT o.id,"
                        " (SELECT count(*) FROM order_items WHERE order_id = o.id),"
                        " (SELECT quantity FROM order_items WHERE order_id = o.id"
                        "  AND product_id = ?2)"
                        " FROM orders o WHERE o.idempotency_key = ?1",
    [ST_INSERT_ORDER] = "INSERT INTO orders (idempotency_key, placed_at, status, total_cents)"
                        " VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'placed', ?2)",
    [ST_INSERT_ORDER_ITEM] = "INSERT INTO order_items (order_id, product_id, quantity,"
                             " unit_price_cents) VALUES (?1, ?2, ?3, ?4)",
    [ST_TAKE_STOCK] = "UPDATE products SET stock = stock - ?2 WHERE id = ?1 AND stock >= ?2",
    [ST_PRODUCT_ID_BY_SKU] = "SELECT id FROM products WHERE sku = ?1",
    [ST_INSERT_PRODUCT] = "INSERT INTO products (sku, name, brand, category, unit, price_cents,"
                          " stock, description, size, currency, ingredients, rating,"
                          " rating_count, spoken_name, spoken_brand, full_name)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                          " ?15, ?16)",
    /* ?15 is a bit mask of the optional columns the file has (bit n: parameter ?n); the
     * others keep their values. sku, name (?2 as shown, ?16 whole when longer) and price are
     * always there. */
    [ST_UPDATE_PRODUCT] = "UPDATE products SET name = ?2, full_name = ?16,"
                          " brand = CASE WHEN ?15 & 8 THEN ?3 ELSE brand END,"
                          " category = CASE WHEN ?15 & 16 THEN ?4 ELSE category END,"
                          " unit = CASE WHEN ?15 & 32 THEN ?5 ELSE unit END,"
                          " price_cents = ?6,"
                          " stock = CASE WHEN ?15 & 128 THEN ?7 ELSE stock END,"
                          " description = CASE WHEN ?15 & 256 THEN ?8 ELSE description END,"
                          " size = CASE WHEN ?15 & 512 THEN ?9 ELSE size END,"
                          " currency = CASE WHEN ?15 & 1024 THEN ?10 ELSE currency END,"
                          " ingredients = CASE WHEN ?15 & 2048 THEN ?11 ELSE ingredients END,"
                          " rating = CASE WHEN ?15 & 4096 THEN ?12 ELSE rating END,"
                          " rating_count = CASE WHEN ?15 & 8192 THEN ?13 ELSE rating_count END"
                          " WHERE id = ?1",
    [ST_DELETE_ALIASES] = "DELETE FROM product_aliases WHERE product_id = ?1",
    [ST_INSERT_ALIAS] =
        "INSERT OR IGNORE INTO product_aliases (product_id, phrase) VALUES (?1, ?2)",
    [ST_DELETE_ALLERGENS] = "DELETE FROM product_allergens WHERE product_id = ?1",
    [ST_INSERT_ALLERGEN] = "INSERT OR IGNORE INTO product_allergens (product_id, allergen)"
                           " VALUES (?1, ?2)",
    [ST_SAVEPOINT] = "SAVEPOINT import_row",
    [ST_RELEASE] = "RELEASE import_row",
    [ST_ROLLBACK_TO] = "ROLLBACK TO import_row",
    /* In id order, except that a size with a smaller id than its family's main product comes
     * right after that product: an import then always meets a family before its sizes. */
    [ST_EXPORT_PRODUCTS] = "SELECT p.id, p.sku, coalesce(p.full_name, p.name), p.price_cents,"
                           " p.brand, p.category, p.unit, p.size, p.currency, p.stock,"
                           " p.description, p.ingredients, p.rating, p.rating_count, f.sku"
                           " FROM products p LEFT JOIN product_variants v ON v.product_id = p.id"
                           " LEFT JOIN products f ON f.id = v.family_id"
                           " ORDER BY max(p.id, coalesce(v.family_id, 0)),"
                           " v.family_id IS NOT NULL AND v.family_id > p.id, p.id",
    /* A product as a size of another (import's variant_of column). */
    [ST_SET_VARIANT] = "INSERT INTO product_variants (product_id, family_id) VALUES (?1, ?2)"
                       " ON CONFLICT (product_id) DO UPDATE SET family_id = excluded.family_id",
    [ST_DELETE_VARIANT] = "DELETE FROM product_variants WHERE product_id = ?1",
    [ST_HAS_VARIANTS] = "SELECT EXISTS (SELECT 1 FROM product_variants WHERE family_id = ?1)",
    [ST_LIST_PRODUCTS] = "SELECT " PRODUCT_COLUMNS " FROM products p"
                         " ORDER BY p.category, p.name LIMIT ?1",
    [ST_LIST_CATEGORY] = "SELECT " PRODUCT_COLUMNS " FROM products p WHERE p.category = ?1"
                         " ORDER BY p.name LIMIT ?2",
    /* ?1 is a LIKE pattern of spoken words (no % or _ can be in them). */
    [ST_SEARCH_PRODUCTS] = "SELECT " PRODUCT_COLUMNS " FROM products p WHERE p.sku = ?2"
                           " OR p.spoken_name LIKE ?1 OR EXISTS (SELECT 1 FROM product_aliases a"
                           " WHERE a.product_id = p.id AND a.phrase LIKE ?1)"
                           " ORDER BY p.id LIMIT ?3",
    [ST_LIST_ORDERS] =
        "SELECT " ORDER_COLUMNS " FROM orders o ORDER BY o.placed_at DESC, o.id DESC",
    [ST_LIST_ORDERS_BY_STATUS] = "SELECT " ORDER_COLUMNS " FROM orders o WHERE o.status = ?1"
                                 " ORDER BY o.placed_at DESC, o.id DESC",
    [ST_ALLERGENS_OF] = "SELECT allergen FROM product_allergens WHERE product_id = ?1"
                        " ORDER BY allergen",
    /* ---- shopper functions; ?1 is "now" (ISO 8601 UTC) wherever time matters ---- */
    [ST_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
    [ST_SETTING_SET] = "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [ST_PROMOS_ACTIVE] = "SELECT " PROMO_COLUMNS " FROM promotions m"
                         " WHERE m.ends_at > ?1 AND m.starts_at <= ?1"
                         " ORDER BY m.ends_at, m.id LIMIT ?2",
    [ST_PROMOS_OF_PRODUCT] = "SELECT " PROMO_COLUMNS " FROM promotions m WHERE m.product_id = ?2"
                             " AND m.ends_at > ?1 AND m.starts_at <= ?1"
                             " UNION ALL SELECT " PROMO_COLUMNS " FROM promotions m"
                             " WHERE m.category = (SELECT category FROM products WHERE id = ?2)"
                             " AND m.ends_at > ?1 AND m.starts_at <= ?1 ORDER BY 8, 1",
    [ST_PROMOS_IN_CATEGORY] = "SELECT " PROMO_COLUMNS " FROM promotions m WHERE (m.category = ?2"
                              " OR m.product_id IN (SELECT id FROM products WHERE category = ?2))"
                              " AND m.ends_at > ?1 AND m.starts_at <= ?1 ORDER BY m.ends_at, m.id",
    [ST_PRODUCT_DETAILS] = "SELECT size, description, ingredients, rating, rating_count,"
                           " restock_at FROM products WHERE id = ?1",
    [ST_HAS_ALLERGEN] = "SELECT 1 FROM product_allergens WHERE product_id = ?1"
                        " AND allergen IN (?2, ?3)",
    [ST_FAMILY_OF] = "SELECT coalesce((SELECT family_id FROM product_variants"
                     " WHERE product_id = ?1), ?1)",
    [ST_VARIANTS_OF] = "SELECT " PRODUCT_COLUMNS " FROM products p WHERE p.id = ?1"
                       " UNION SELECT " PRODUCT_COLUMNS " FROM product_variants v"
                       " JOIN products p ON p.id = v.product_id WHERE v.family_id = ?1"
                       " ORDER BY 7, 1",
    /* Candidates for a spoken phrase, the household's most ordered first (at most 4: the
     * fourth only says there are more than three). */
    [ST_RESOLVE_NAME] = "SELECT " PRODUCT_COLUMNS " FROM products p"
                        " LEFT JOIN product_order_stats s ON s.product_id = p.id"
                        " WHERE p.spoken_name = ?1 ORDER BY coalesce(s.times, 0) DESC, p.id"
                        " LIMIT 4",
    [ST_RESOLVE_ALIAS] = "SELECT " PRODUCT_COLUMNS " FROM product_aliases a"
                         " JOIN products p ON p.id = a.product_id"
                         " LEFT JOIN product_order_stats s ON s.product_id = p.id"
                         " WHERE a.phrase = ?1 ORDER BY coalesce(s.times, 0) DESC, p.id LIMIT 4",
    [ST_RESOLVE_BRAND] = "SELECT " PRODUCT_COLUMNS ", coalesce(s.times, 0) FROM products p"
                         " LEFT JOIN product_order_stats s ON s.product_id = p.id"
                         " WHERE p.spoken_brand = ?1 ORDER BY coalesce(s.times, 0) DESC, p.id"
                         " LIMIT 4",
    /* "kerrygold butter": a brand, then an alias of one of its products. */
    [ST_RESOLVE_BRAND_ALIAS] = "SELECT " PRODUCT_COLUMNS " FROM product_aliases a"
                               " JOIN products p ON p.id = a.product_id"
                               " LEFT JOIN product_order_stats s ON s.product_id = p.id"
                               " WHERE p.spoken_brand = ?1 AND a.phrase = ?2"
                               " ORDER BY coalesce(s.times, 0) DESC, p.id LIMIT 4",
    /* One aisle at a time, so each reads its index in order and stops at the LIMIT. */
    [ST_CATEGORIES_OF_WORD] = "SELECT category FROM category_words WHERE word = ?1"
                              " ORDER BY category LIMIT 4",
    [ST_RESOLVE_USUAL_IN_CATEGORY] = "SELECT " PRODUCT_COLUMNS ", s.times"
                                     " FROM product_order_stats s"
                                     " JOIN products p ON p.id = s.product_id"
                                     " WHERE s.category = ?1 AND s.times > 0"
                                     " ORDER BY s.times DESC, s.product_id LIMIT 4",
    [ST_RESOLVE_CATEGORY] = "SELECT " PRODUCT_COLUMNS " FROM products p WHERE p.category = ?1"
                            " ORDER BY p.name LIMIT 4",
    [ST_CATEGORIES_UNWORDED] = "SELECT name FROM categories c WHERE NOT EXISTS"
                               " (SELECT 1 FROM category_words w WHERE w.category = c.name)",
    [ST_INSERT_CATEGORY_WORD] = "INSERT OR IGNORE INTO category_words (word, category)"
                                " VALUES (?1, ?2)",
    [ST_USUAL] = "SELECT " PRODUCT_COLUMNS ", s.times, (SELECT quantity FROM order_items"
                 " WHERE order_id = s.last_order_id AND product_id = s.product_id)"
                 " FROM product_order_stats s JOIN products p ON p.id = s.product_id"
                 " WHERE s.times > 0 ORDER BY s.times DESC, s.last_order_id DESC, s.product_id"
                 " LIMIT ?1",
    [ST_LAST_ORDER] = "SELECT " ORDER_COLUMNS " FROM orders o WHERE o.status <> 'cancelled'"
                      " ORDER BY o.placed_at DESC, o.id DESC LIMIT 1",
    [ST_LATEST_ORDER] = "SELECT " ORDER_COLUMNS " FROM orders o"
                        " ORDER BY o.placed_at DESC, o.id DESC LIMIT 1",
    [ST_ORDER_BY_ID] = "SELECT " ORDER_COLUMNS " FROM orders o WHERE o.id = ?1",
    [ST_ORDER_LINES] = "SELECT i.order_id, i.product_id, i.quantity, i.unit_price_cents,"
                       " o.placed_at FROM order_items i JOIN orders o ON o.id = i.order_id"
                       " WHERE i.order_id = ?1 ORDER BY i.product_id",
    [ST_CANCEL_ORDER] = "UPDATE orders SET status = 'cancelled' WHERE id = ?1"
                        " AND status = 'placed'",
    [ST_RESTOCK_ORDER] = "UPDATE products SET stock = stock + (SELECT quantity FROM order_items"
                         " WHERE order_id = ?1 AND product_id = products.id)"
                         " WHERE id IN (SELECT product_id FROM order_items WHERE order_id = ?1)",
    /* Bounded to the product's latest 500 orders, so a best seller stays fast. */
    [ST_BOUGHT_TOGETHER] = "SELECT " PRODUCT_COLUMNS ", count(*) AS n FROM order_items i"
                           " JOIN products p ON p.id = i.product_id"
                           " WHERE i.order_id IN (SELECT order_id FROM order_items"
                           " WHERE product_id = ?1 ORDER BY order_id DESC LIMIT 500)"
                           " AND i.product_id <> ?1 GROUP BY p.id ORDER BY n DESC, p.id LIMIT ?2",
    [ST_CART_QUANTITY] = "SELECT quantity FROM cart_items WHERE product_id = ?1",
    [ST_CART_COUNT] = "SELECT count(*) FROM cart_items",
    [ST_CART_UPSERT] = "INSERT INTO cart_items (product_id, quantity, added_at) VALUES (?1, ?2, ?3)"
                       " ON CONFLICT (product_id) DO UPDATE SET quantity = excluded.quantity",
    [ST_CART_DELETE] = "DELETE FROM cart_items WHERE product_id = ?1",
    [ST_CART_CLEAR] = "DELETE FROM cart_items",
    [ST_CART_LINES] = "SELECT " PRODUCT_COLUMNS ", c.quantity FROM cart_items c"
                      " JOIN products p ON p.id = c.product_id ORDER BY c.added_at, c.product_id",
    [ST_CART_TOUCH] = "UPDATE cart_state SET touched_at = ?1, reminded_at = NULL WHERE one = 1",
    [ST_CART_STATE] = "SELECT touched_at, reminded_at, (SELECT count(*) FROM cart_items)"
                      " FROM cart_state WHERE one = 1",
    [ST_CART_REMINDED] = "UPDATE cart_state SET reminded_at = ?1 WHERE one = 1",
    [ST_INSERT_NOTIFICATION] = "INSERT INTO notifications (created_at, kind, text, product_id,"
                               " order_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_LOCK_GET] = "SELECT failures, locked_until FROM purchase_lock WHERE one = 1",
    [ST_LOCK_SET] = "UPDATE purchase_lock SET failures = ?1, locked_until = ?2 WHERE one = 1",
    [ST_CONFIRM_INSERT] = "INSERT INTO confirmations (token_hash, kind, lines, total_cents,"
                          " quantity, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_CONFIRM_GET] = "SELECT kind, lines, total_cents, quantity, expires_at, pin_ok, order_id,"
                       " used_at FROM confirmations WHERE token_hash = ?1",
    [ST_CONFIRM_PIN_OK] = "UPDATE confirmations SET pin_ok = 1 WHERE token_hash = ?1",
    [ST_CONFIRM_USED] = "UPDATE confirmations SET used_at = ?2, order_id = ?3"
                        " WHERE token_hash = ?1 AND used_at IS NULL",
    [ST_CONFIRM_OF_ORDER] = "SELECT token_hash, lines FROM confirmations WHERE order_id = ?1",
    [ST_CONFIRM_PURGE] = "DELETE FROM confirmations WHERE expires_at < ?1 AND used_at IS NULL",
    [ST_DAY_TOTALS] = "SELECT coalesce(sum(o.total_cents), 0), coalesce(sum((SELECT"
                      " sum(quantity) FROM order_items WHERE order_id = o.id)), 0)"
                      " FROM orders o WHERE o.placed_at >= ?1 AND o.status <> 'cancelled'",
    [ST_ORDER_ID_BY_KEY] = "SELECT id FROM orders WHERE idempotency_key = ?1",
    [ST_INSERT_ORDER_AT] = "INSERT INTO orders (idempotency_key, placed_at, status, total_cents)"
                           " VALUES (?1, ?2, 'placed', ?3)",
    [ST_WATCH_INSERT] = "INSERT INTO price_watches (product_id, below_cents, created_at)"
                        " VALUES (?1, ?2, ?3) ON CONFLICT (product_id, below_cents)"
                        " DO UPDATE SET notified_at = NULL, created_at = excluded.created_at",
    [ST_SET_PRICE] = "UPDATE products SET price_cents = ?2 WHERE id = ?1",
    [ST_UNREAD] = "SELECT id, created_at, kind, text, product_id, order_id FROM notifications"
                  " WHERE read_at IS NULL ORDER BY created_at, id LIMIT ?1",
    [ST_MARK_READ] = "UPDATE notifications SET read_at = ?2 WHERE id = ?1 AND read_at IS NULL",
    [ST_FEEDBACK_INSERT] = "INSERT INTO feedback (created_at, found, category) VALUES (?1, ?2, ?3)",
    [ST_CALLBACK_INSERT] = "INSERT INTO support_requests (created_at, topic) VALUES (?1, ?2)",
};

int catalog__stmt_may_scan(catalog__stmt_id id)
{
    /* Whole-catalog iterations, and the operator's listings and search (not shopper paths). */
    return id == ST_PRODUCTS_ALL || id == ST_PRODUCT_COUNT || id == ST_EXPORT_PRODUCTS ||
           id == ST_LIST_PRODUCTS || id == ST_SEARCH_PRODUCTS || id == ST_LIST_ORDERS ||
           id == ST_CATEGORIES ||
           /* Maintenance over the aisles (tens of rows) at open and after an import. */
           id == ST_CATEGORIES_UNWORDED ||
           /* The cart: at most CATALOG_CART_MAX rows, by design. */
           id == ST_CART_COUNT || id == ST_CART_CLEAR || id == ST_CART_LINES || id == ST_CART_STATE;
}

int catalog__stmt_walks_index(catalog__stmt_id id)
{
    return id == ST_USUAL || id == ST_LAST_ORDER || id == ST_LATEST_ORDER || id == ST_UNREAD;
}

const char *catalog_strerror(int status)
{
    switch (status) {
    case CATALOG_OK:
        return "success";
    case CATALOG_ENOTFOUND:
        return "not found";
    case CATALOG_EOPEN:
        return "catalog cannot be opened";
    case CATALOG_ECORRUPT:
        return "not a shopspeak catalog, or damaged";
    case CATALOG_EREADONLY:
        return "catalog is read-only";
    case CATALOG_ESCHEMA:
        return "catalog written by a newer shopspeak";
    case CATALOG_EDB:
        return "catalog database error";
    case CATALOG_ENOMEM:
        return "out of memory";
    case CATALOG_EINVAL:
        return "invalid argument";
    case CATALOG_ESTOCK:
        return "not enough in stock";
    case CATALOG_EINPUT:
        return "bad catalog file";
    case CATALOG_ETOOBIG:
        return "catalog file too large";
    case CATALOG_ELIMIT:
        return "over the spending or quantity limit";
    case CATALOG_ELOCKED:
        return "purchasing is locked after wrong PINs";
    case CATALOG_EPIN:
        return "PIN needed or wrong";
    case CATALOG_ETOKEN:
        return "the purchase was not confirmed, or changed since";
    case CATALOG_EEMPTY:
        return "the cart is empty";
    case CATALOG_ETOOLATE:
        return "too late to cancel";
    default:
        return "unknown catalog status";
    }
}

int catalog__status_from_sqlite(int rc, int sys_errno)
{
    int is_permission = sys_errno == EACCES || sys_errno == EPERM || sys_errno == EROFS;
    switch (rc & 0xff) {
    case SQLITE_OK:
        return CATALOG_OK;
    case SQLITE_NOMEM:
        return CATALOG_ENOMEM;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return CATALOG_ECORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return CATALOG_EREADONLY;
    case SQLITE_CANTOPEN:
        return is_permission ? CATALOG_EREADONLY : CATALOG_EOPEN;
    case SQLITE_IOERR:
        return is_permission ? CATALOG_EREADONLY : CATALOG_EDB;
    default:
        return CATALOG_EDB;
    }
}

/* One line, whatever the path or SQLite's text contained. */
static void one_line(char *buf)
{
    for (char *c = buf; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
}

int catalog__format_error(char *buf, size_t len, int status, const char *fmt, ...)
{
    if (buf == NULL || len == 0)
        return status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    one_line(buf);
    return status;
}

int catalog__fail(catalog_t *cat, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cat->errmsg, sizeof cat->errmsg, fmt, ap);
    va_end(ap);
    one_line(cat->errmsg);
    return status;
}

int catalog__fail_sqlite(catalog_t *cat, int rc, const char *what)
{
    int sys_errno = cat->db ? sqlite3_system_errno(cat->db) : 0;
    int status = catalog__status_from_sqlite(rc, sys_errno);
    const char *detail = cat->db ? sqlite3_errmsg(cat->db) : sqlite3_errstr(rc);
    switch (status) {
    case CATALOG_EREADONLY:
        return catalog__fail(cat, status,
                             "catalog %s is read-only: orders could not be saved (the file and "
                             "its folder must be writable)",
                             cat->path);
    case CATALOG_ECORRUPT:
        if ((rc & 0xff) == SQLITE_NOTADB)
            return catalog__fail(cat, status,
                                 "%s is not a shopspeak catalog (not a SQLite database, or "
                                 "damaged)",
                                 cat->path);
        return catalog__fail(cat, status, "catalog %s is damaged: %s", cat->path, detail);
    case CATALOG_ENOMEM:
        return catalog__fail(cat, status, "out of memory while %s catalog %s", what, cat->path);
    default:
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
            return catalog__fail(cat, status,
                                 "catalog %s is busy: another program kept it locked for %d "
                                 "seconds",
                                 cat->path, CATALOG_BUSY_TIMEOUT_MS / 1000);
        if ((rc & 0xff) == SQLITE_FULL)
            return catalog__fail(cat, status, "catalog %s: the disk is full", cat->path);
        return catalog__fail(cat, status, "catalog %s: %s failed: %s", cat->path, what, detail);
    }
}

sqlite3_stmt *catalog__stmt(catalog_t *cat, catalog__stmt_id id)
{
    sqlite3_stmt *st = cat->stmt[id];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

void catalog__copy_text(char *dst, size_t dst_len, const unsigned char *src)
{
    if (dst_len == 0)
        return;
    size_t n = src ? strlen((const char *)src) : 0;
    if (n >= dst_len) {
        n = dst_len - 1;
        /* Never end on half a character: back up over UTF-8 continuation bytes. */
        while (n > 0 && (src[n] & 0xc0) == 0x80)
            n--;
    }
    if (n > 0)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Marks that read badly at the end of a cut name ("Organic Oats, Rolled," / "Tea -"). */
static int dangling_mark(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == ';' || c == ':' || c == '-' || c == '/' ||
           c == '(' || c == '&' || c == '+';
}

size_t catalog__short_name(const char *name, char *out, size_t out_len)
{
    size_t len = strlen(name), cap = out_len - 1;
    if (cap > CATALOG_SHORT_NAME_BYTES)
        cap = CATALOG_SHORT_NAME_BYTES;
    if (len <= CATALOG_NAME_MAX && len <= out_len - 1) {
        memcpy(out, name, len + 1);
        return len;
    }
    /* Whole words while they fit (a word ends at a space or tab), up to the end of the first
     * clause: "Chocolate Bar, Extra Dark, ..." is "Chocolate Bar". */
    size_t end = 0, words = 0;
    for (size_t i = 0; i <= len && words < CATALOG_SHORT_NAME_WORDS; i++) {
        if (i < len && name[i] != ' ' && name[i] != '\t')
            continue;
        if (i > cap)
            break;
        if (i > 0 && name[i - 1] != ' ' && name[i - 1] != '\t') {
            end = i;
            words++;
            if (strchr(",;:", name[i - 1]) != NULL)
                break;
        }
    }
    while (end > 0 && dangling_mark(name[end - 1]))
        end--;
    if (end == 0) { /* one endless first word (or only marks): cut it at a character */
        catalog__copy_text(out, cap + 1, (const unsigned char *)name);
        return strlen(out);
    }
    memcpy(out, name, end);
    out[end] = '\0';
    return end;
}

/* The folder a path lives in ("." for a bare file name). */
static void parent_dir(const char *path, char *out, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(out, len, ".");
    else if (slash == path)
        snprintf(out, len, "/");
    else
        snprintf(out, len, "%.*s", (int)(slash - path), path);
}

/*
 * Say why a file cannot be opened before SQLite does, because SQLite's own answer for all of
 * these is "unable to open database file".
 */
static int check_path(catalog_t *cat, int create, int *exists)
{
    struct stat st;
    char dir[sizeof cat->path];
    *exists = stat(cat->path, &st) == 0;
    if (*exists && S_ISDIR(st.st_mode))
        return catalog__fail(cat, CATALOG_EOPEN, "%s is a folder, not a catalog file", cat->path);
    if (*exists)
        return CATALOG_OK;
    if (errno != ENOENT)
        return catalog__fail(cat, CATALOG_EOPEN, "cannot open catalog %s: %s", cat->path,
                             strerror(errno));
    if (!create)
        return catalog__fail(cat, CATALOG_EOPEN, "no catalog at %s", cat->path);
    parent_dir(cat->path, dir, sizeof dir);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return catalog__fail(cat, CATALOG_EOPEN,
                             "cannot create catalog %s: folder %s does not exist (create the "
                             "data folder first)",
                             cat->path, dir);
    return CATALOG_OK;
}

/* Whether the file system holding path is mounted read-only (a catalog on read-only media). */
static int on_readonly_media(const char *path)
{
    struct statvfs vfs;
    return statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
}

/*
 * Whether SQLite can make the files it keeps beside a catalog (-wal, -shm, -journal). Root
 * passes access() on any local folder, but not on a read-only mount, which is what matters.
 */
static int folder_writable(const char *path)
{
    char dir[4096];
    parent_dir(path, dir, sizeof dir);
    return access(dir, W_OK) == 0 && !on_readonly_media(dir);
}

/* "file:" URI for path with immutable=1, escaping what URIs reserve. */
static int immutable_uri(const char *path, char *out, size_t len)
{
    size_t n = (size_t)snprintf(out, len, "file:");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        int plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                    (*c >= '0' && *c <= '9') || strchr("/-._~", *c) != NULL;
        int w =
            plain ? snprintf(out + n, len - n, "%c", *c) : snprintf(out + n, len - n, "%%%02X", *c);
        if (w < 0 || (size_t)w >= len - n)
            return -1;
        n += (size_t)w;
    }
    int w = snprintf(out + n, len - n, "?immutable=1");
    return (w < 0 || (size_t)w >= len - n) ? -1 : 0;
}

static int open_db(catalog_t *cat, int sqlite_flags)
{
    int rc = sqlite3_open_v2(cat->path, &cat->db, sqlite_flags | SQLITE_OPEN_EXRESCODE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(cat->db, CATALOG_BUSY_TIMEOUT_MS);
    if (rc == SQLITE_OK)
        return CATALOG_OK;
    if (cat->db == NULL)
        return catalog__fail(cat, CATALOG_ENOMEM, "out of memory opening catalog %s", cat->path);
    return catalog__fail_sqlite(cat, rc, "opening");
}

/*
 * A WAL file needs its -shm beside it even to be read. On read-only media nobody can create
 * that, and nobody can change the file either, so reading it as immutable is safe there.
 */
static int reopen_immutable(catalog_t *cat)
{
    char uri[3 * sizeof cat->path + 32];
    if (immutable_uri(cat->path, uri, sizeof uri) != 0)
        return catalog__fail(cat, CATALOG_EOPEN, "catalog path %s is too long", cat->path);
    sqlite3_close(cat->db);
    cat->db = NULL;
    int rc = sqlite3_open_v2(uri, &cat->db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE, NULL);
    if (rc != SQLITE_OK)
        return cat->db ? catalog__fail_sqlite(cat, rc, "opening")
                       : catalog__fail(cat, CATALOG_ENOMEM, "out of memory opening %s", cat->path);
    return CATALOG_OK;
}

/* Per-connection settings for durability and integrity (they are not stored in the file). */
static int configure_writable(catalog_t *cat)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_exec(cat->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", NULL,
                          NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(cat->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    int wal =
        rc == SQLITE_ROW && sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return catalog__fail_sqlite(cat, rc, "opening");
    if (!wal)
        return catalog__fail(cat, CATALOG_EDB,
                             "catalog %s: this file system does not support SQLite's WAL mode",
                             cat->path);
    return CATALOG_OK;
}

static int prepare_statements(catalog_t *cat)
{
    for (int i = 0; i < ST_COUNT; i++) {
        int rc = sqlite3_prepare_v3(cat->db, catalog__stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                    &cat->stmt[i], NULL);
        if (rc != SQLITE_OK) {
            if ((rc & 0xff) == SQLITE_ERROR) /* a table or column we expect is missing */
                return catalog__fail(cat, CATALOG_ECORRUPT, "catalog %s is damaged: %s", cat->path,
                                     sqlite3_errmsg(cat->db));
            return catalog__fail_sqlite(cat, rc, "opening");
        }
    }
    return CATALOG_OK;
}

static int open_readonly(catalog_t *cat)
{
    int status = open_db(cat, SQLITE_OPEN_READONLY);
    if (status != CATALOG_OK)
        return status;
    status = catalog__check_schema(cat);
    /* The file opened but its first read failed to open something: the WAL's -shm. */
    int side_files = status == CATALOG_EREADONLY || status == CATALOG_EOPEN;
    if (side_files && on_readonly_media(cat->path)) {
        status = reopen_immutable(cat);
        if (status == CATALOG_OK)
            status = catalog__check_schema(cat);
    } else if (side_files && !folder_writable(cat->path)) {
        return catalog__fail(cat, CATALOG_EREADONLY,
                             "cannot read catalog %s: its folder is not writable, and SQLite "
                             "needs to create %s-shm beside it",
                             cat->path, cat->path);
    }
    if (status == CATALOG_OK)
        status = sqlite3_exec(cat->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK
                     ? CATALOG_OK
                     : catalog__fail_sqlite(cat, SQLITE_ERROR, "opening");
    return status;
}

static int open_readwrite(catalog_t *cat, int exists, int create, int seed)
{
    int status = open_db(cat, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
    if (status != CATALOG_OK && !exists && !folder_writable(cat->path)) {
        char dir[sizeof cat->path];
        parent_dir(cat->path, dir, sizeof dir);
        return catalog__fail(cat, CATALOG_EREADONLY,
                             "cannot create catalog %s: folder %s is not writable", cat->path, dir);
    }
    /* SQLite quietly opens an unwritable file read-only; a shop that cannot save orders must
     * say so now, not at the first order. */
    if (status == CATALOG_OK && sqlite3_db_readonly(cat->db, "main") == 1)
        return catalog__fail(cat, CATALOG_EREADONLY,
                             "catalog %s is read-only: orders could not be saved", cat->path);
    if (status == CATALOG_OK)
        status = catalog__migrate(cat, create, seed);
    if (status == CATALOG_OK)
        status = configure_writable(cat);
    /* A file that opened but whose -wal or -shm could not be made, in a folder we may not
     * write: the catalog cannot save orders here. */
    if ((status == CATALOG_EREADONLY || status == CATALOG_EOPEN) && !folder_writable(cat->path))
        return catalog__fail(cat, CATALOG_EREADONLY,
                             "catalog %s is read-only: orders could not be saved (its folder is "
                             "not writable)",
                             cat->path);
    return status;
}

catalog_t *catalog_open(const char *path, int flags, int *status, char *errmsg, size_t errmsg_len)
{
    int st = CATALOG_OK, exists = 0;
    int known = CATALOG_OPEN_CREATE | CATALOG_OPEN_SEED_SAMPLE | CATALOG_OPEN_READONLY;
    int create = (flags & CATALOG_OPEN_CREATE) != 0;
    int seed = (flags & CATALOG_OPEN_SEED_SAMPLE) != 0;
    int readonly = (flags & CATALOG_OPEN_READONLY) != 0;
    catalog_t *cat = NULL;

    if (errmsg != NULL && errmsg_len > 0)
        errmsg[0] = '\0';
    if (path == NULL || path[0] == '\0' || (flags & ~known) != 0 || (seed && !create) ||
        (readonly && create)) {
        st = catalog__format_error(errmsg, errmsg_len, CATALOG_EINVAL,
                                   "catalog_open: no path, or flags that do not go together");
        goto error_out;
    }
    if (strlen(path) >= sizeof cat->path) {
        st = catalog__format_error(errmsg, errmsg_len, CATALOG_EINVAL,
                                   "catalog path is too long (%zu bytes)", strlen(path));
        goto error_out;
    }
    cat = calloc(1, sizeof *cat);
    if (cat == NULL) {
        st = catalog__format_error(errmsg, errmsg_len, CATALOG_ENOMEM,
                                   "out of memory opening catalog");
        goto error_out;
    }
    cat->readonly = readonly;
    snprintf(cat->path, sizeof cat->path, "%s", path);

    st = check_path(cat, create, &exists);
    if (st == CATALOG_OK)
        st = readonly ? open_readonly(cat) : open_readwrite(cat, exists, create, seed);
    if (st == CATALOG_OK)
        st = prepare_statements(cat);
    if (st != CATALOG_OK)
        goto error_out;
    if (!readonly) {
        catalog__refresh_spoken_names(cat);
        catalog__refresh_category_words(cat);
    }
    cat->errmsg[0] = '\0';
    if (status != NULL)
        *status = CATALOG_OK;
    return cat;

error_out:
    if (cat != NULL && errmsg != NULL && errmsg_len > 0)
        catalog__format_error(errmsg, errmsg_len, st, "%s", cat->errmsg);
    catalog_close(cat);
    if (status != NULL)
        *status = st;
    return NULL;
}

int catalog_copy_to(catalog_t *cat, const char *path)
{
    if (cat == NULL || path == NULL || path[0] == '\0')
        return CATALOG_EINVAL;
    struct stat st;
    if (stat(path, &st) == 0)
        return catalog__fail(cat, CATALOG_EOPEN, "cannot copy the catalog to %s: it exists", path);
    sqlite3_stmt *vacuum = NULL;
    int rc = sqlite3_prepare_v2(cat->db, "VACUUM INTO ?1", -1, &vacuum, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(vacuum, 1, path, -1, SQLITE_TRANSIENT);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(vacuum);
    sqlite3_finalize(vacuum);
    if (rc != SQLITE_DONE)
        return catalog__fail(cat, CATALOG_EOPEN, "cannot copy the catalog to %s: %s", path,
                             sqlite3_errmsg(cat->db));
    return CATALOG_OK;
}

void catalog_close(catalog_t *cat)
{
    if (cat == NULL)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(cat->stmt[i]); /* NULL is fine: the handle may be half built */
    /* The last connection checkpoints the WAL into the file and removes -wal and -shm. */
    sqlite3_close(cat->db);
    free(cat);
}

int catalog_data_version(catalog_t *cat, int64_t *version)
{
    if (cat == NULL || version == NULL)
        return CATALOG_EINVAL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(cat->db, "PRAGMA data_version", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *version = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : catalog__fail_sqlite(cat, rc, "reading the data version");
}

const char *catalog_errmsg(const catalog_t *cat)
{
    return cat != NULL ? cat->errmsg : "";
}
