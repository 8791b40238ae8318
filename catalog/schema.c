/*
 * schema.c - the catalog's tables as an ordered list of migrations, applied in one transaction
 * so a file is either at the old version or at the new one, never in between.
 */
#include "catalog_internal.h"

#include <stdio.h>
#include <string.h>

/*
 * Migration N turns a version N-1 file into a version N file. Append new steps; never edit a
 * step that has shipped, because files in the field already ran it.
 */
static const char *const migrations[] = {
    /* 1: products, their spoken aliases, orders. */
    "CREATE TABLE products ("
    "  id          INTEGER PRIMARY KEY,"
    "  sku         TEXT NOT NULL UNIQUE CHECK (length(CAST(sku AS BLOB)) BETWEEN 1 AND 31),"
    "  name        TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 127),"
    "  brand       TEXT NOT NULL DEFAULT '' CHECK (length(CAST(brand AS BLOB)) <= 63),"
    "  category    TEXT NOT NULL CHECK (length(CAST(category AS BLOB)) BETWEEN 1 AND 63),"
    "  unit        TEXT NOT NULL CHECK (length(CAST(unit AS BLOB)) BETWEEN 1 AND 31),"
    "  price_cents INTEGER NOT NULL CHECK (typeof(price_cents) = 'integer'"
    "                                      AND price_cents BETWEEN 0 AND 100000000),"
    "  stock       INTEGER NOT NULL DEFAULT 0 CHECK (typeof(stock) = 'integer' AND stock >= 0),"
    /* The name as spoken words, filled in by the program (it needs C to normalise); NULL
     * means "not yet", which the trigger below also sets when a name changes. */
    "  spoken_name TEXT"
    ");"
    "CREATE INDEX products_spoken_name ON products (spoken_name);"
    "CREATE INDEX products_unspoken ON products (id) WHERE spoken_name IS NULL;"
    "CREATE TRIGGER products_name_changed AFTER UPDATE OF name ON products"
    "  WHEN NEW.name IS NOT OLD.name"
    "  BEGIN UPDATE products SET spoken_name = NULL WHERE id = NEW.id; END;"
    "CREATE TABLE product_aliases ("
    "  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,"
    /* Already the words a shopper says: lowercase, single spaces, no punctuation except
     * apostrophes; shopspeak looks them up as they are. */
    "  phrase     TEXT NOT NULL CHECK (phrase <> '' AND phrase NOT GLOB '*[^a-z0-9'' ]*'"
    "                                  AND phrase NOT GLOB ' *' AND phrase NOT GLOB '* '"
    "                                  AND phrase NOT GLOB '*  *'),"
    "  UNIQUE (phrase, product_id)"
    ");"
    "CREATE INDEX product_aliases_product ON product_aliases (product_id);"
    "CREATE TABLE orders ("
    "  id              INTEGER PRIMARY KEY,"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  placed_at       TEXT NOT NULL,"
    "  status          TEXT NOT NULL DEFAULT 'placed',"
    "  total_cents     INTEGER NOT NULL CHECK (total_cents >= 0)"
    ");"
    "CREATE INDEX orders_placed_at ON orders (placed_at);"
    "CREATE TABLE order_items ("
    "  order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
    "  product_id       INTEGER NOT NULL REFERENCES products (id),"
    "  quantity         INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),"
    "  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),"
    "  PRIMARY KEY (order_id, product_id)"
    ");"
    "CREATE INDEX order_items_product ON order_items (product_id, order_id);",
    /* 2: the shop's full data: product details, allergens, categories, variants, order status
     * history (shipped with an expected date), cart, promotions, price watches, notifications,
     * feedback, support requests, FAQ answers and settings. Foreign keys are off while
     * migrating (catalog.c turns them on afterwards), so `orders` can be rebuilt to gain its
     * CHECK on status without cascading into order_items. Every column that refers to
     * another table has an index: SQLite looks the children up on each write of a parent. */
    "ALTER TABLE products ADD COLUMN description TEXT NOT NULL DEFAULT ''"
    "  CHECK (length(CAST(description AS BLOB)) <= 16384);"
    /* The pack size as written on it: "1 kg", "32 fl oz", "6 x 330 ml". */
    "ALTER TABLE products ADD COLUMN size TEXT NOT NULL DEFAULT ''"
    "  CHECK (length(CAST(size AS BLOB)) <= 31);"
    "ALTER TABLE products ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD'"
    "  CHECK (currency GLOB '[A-Z][A-Z][A-Z]');"
    "ALTER TABLE products ADD COLUMN ingredients TEXT NOT NULL DEFAULT ''"
    "  CHECK (length(CAST(ingredients AS BLOB)) <= 16384);"
    /* Average shopper rating, 0 to 5 (NULL: not rated), from rating_count ratings. */
    "ALTER TABLE products ADD COLUMN rating REAL"
    "  CHECK (rating IS NULL OR (typeof(rating) IN ('real', 'integer') AND rating BETWEEN 0 AND "
    "5));"
    "ALTER TABLE products ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0"
    "  CHECK (typeof(rating_count) = 'integer' AND rating_count >= 0);"
    "CREATE INDEX products_category ON products (category, name);"

    "CREATE TABLE product_allergens ("
    "  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,"
    "  allergen   TEXT NOT NULL CHECK (length(CAST(allergen AS BLOB)) BETWEEN 1 AND 63"
    "                                  AND allergen = lower(trim(allergen))),"
    "  PRIMARY KEY (product_id, allergen)"
    ") WITHOUT ROWID;"
    "CREATE INDEX product_allergens_allergen ON product_allergens (allergen, product_id);"

    /* Aisles, kept in step with products.category by the triggers below. */
    "CREATE TABLE categories ("
    "  name        TEXT PRIMARY KEY CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 63),"
    "  description TEXT NOT NULL DEFAULT ''"
    ");"
    "INSERT OR IGNORE INTO categories (name) SELECT DISTINCT category FROM products;"
    "CREATE TRIGGER products_category_added AFTER INSERT ON products"
    "  BEGIN INSERT OR IGNORE INTO categories (name) VALUES (NEW.category); END;"
    "CREATE TRIGGER products_category_changed AFTER UPDATE OF category ON products"
    "  WHEN NEW.category IS NOT OLD.category"
    "  BEGIN INSERT OR IGNORE INTO categories (name) VALUES (NEW.category); END;"

    /* Sizes of one product: each size is a product of its own (own SKU, price, stock, order
     * history); this groups them under the family's main product. */
    "CREATE TABLE product_variants ("
    "  product_id INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,"
    "  family_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,"
    "  CHECK (product_id <> family_id)"
    ");"
    "CREATE INDEX product_variants_family ON product_variants (family_id);"

    "CREATE TABLE orders_v2 ("
    "  id              INTEGER PRIMARY KEY,"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  placed_at       TEXT NOT NULL,"
    "  status          TEXT NOT NULL DEFAULT 'placed'"
    "                  CHECK (status IN ('placed', 'shipped', 'delivered', 'cancelled')),"
    /* The promised delivery date (ISO 8601), known once shipped. */
    "  expected_at     TEXT,"
    "  total_cents     INTEGER NOT NULL CHECK (typeof(total_cents) = 'integer'"
    "                                          AND total_cents >= 0),"
    "  CHECK (status <> 'shipped' OR expected_at IS NOT NULL)"
    ");"
    "INSERT INTO orders_v2 (id, idempotency_key, placed_at, status, total_cents)"
    "  SELECT id, idempotency_key, placed_at, status, total_cents FROM orders;"
    "DROP TABLE orders;"
    "ALTER TABLE orders_v2 RENAME TO orders;"
    "CREATE INDEX orders_placed_at ON orders (placed_at);"
    "CREATE INDEX orders_status ON orders (status, placed_at);"

    "CREATE TABLE order_status_history ("
    "  id          INTEGER PRIMARY KEY,"
    "  order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
    "  status      TEXT NOT NULL"
    "              CHECK (status IN ('placed', 'shipped', 'delivered', 'cancelled')),"
    "  at          TEXT NOT NULL,"
    "  expected_at TEXT,"
    "  CHECK (status <> 'shipped' OR expected_at IS NOT NULL)"
    ");"
    "CREATE INDEX order_status_history_order ON order_status_history (order_id, at);"
    /* History of the orders made before version 2: when each was placed, and its status now
     * (the time of that change was not kept; the order's time stands in). */
    "INSERT INTO order_status_history (order_id, status, at)"
    "  SELECT id, 'placed', placed_at FROM orders;"
    "INSERT INTO order_status_history (order_id, status, at)"
    "  SELECT id, status, placed_at FROM orders WHERE status <> 'placed';"
    /* Every order and every status change writes its line of history, whoever makes it. */
    "CREATE TRIGGER orders_placed AFTER INSERT ON orders"
    "  BEGIN INSERT INTO order_status_history (order_id, status, at, expected_at)"
    "        VALUES (NEW.id, NEW.status, NEW.placed_at, NEW.expected_at); END;"
    "CREATE TRIGGER orders_status_changed AFTER UPDATE OF status ON orders"
    "  WHEN NEW.status IS NOT OLD.status"
    "  BEGIN INSERT INTO order_status_history (order_id, status, at, expected_at)"
    "        VALUES (NEW.id, NEW.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NEW.expected_at);"
    "  END;"

    /* The household's one cart. */
    "CREATE TABLE cart_items ("
    "  product_id INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,"
    "  quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),"
    "  added_at   TEXT NOT NULL"
    ");"

    /* Percent or amount off one product or a whole category, from starts_at until ends_at
     * (ISO 8601 UTC, end excluded). */
    "CREATE TABLE promotions ("
    "  id          INTEGER PRIMARY KEY,"
    "  title       TEXT NOT NULL CHECK (length(CAST(title AS BLOB)) BETWEEN 1 AND 127),"
    "  kind        TEXT NOT NULL CHECK (kind IN ('percent', 'amount')),"
    "  value       INTEGER NOT NULL CHECK (typeof(value) = 'integer' AND"
    "                                      ((kind = 'percent' AND value BETWEEN 1 AND 100) OR"
    "                                       (kind = 'amount' AND value BETWEEN 1 AND 100000000))),"
    "  product_id  INTEGER REFERENCES products (id) ON DELETE CASCADE,"
    "  category    TEXT REFERENCES categories (name) ON DELETE CASCADE,"
    "  starts_at   TEXT NOT NULL,"
    "  ends_at     TEXT NOT NULL,"
    "  CHECK ((product_id IS NULL) <> (category IS NULL)),"
    "  CHECK (ends_at > starts_at)"
    ");"
    "CREATE INDEX promotions_product ON promotions (product_id, ends_at);"
    "CREATE INDEX promotions_category ON promotions (category, ends_at);"

    /* "Tell me when the coffee is under ten dollars." */
    "CREATE TABLE price_watches ("
    "  id          INTEGER PRIMARY KEY,"
    "  product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,"
    "  below_cents INTEGER NOT NULL CHECK (typeof(below_cents) = 'integer' AND below_cents > 0),"
    "  created_at  TEXT NOT NULL,"
    "  notified_at TEXT,"
    "  UNIQUE (product_id, below_cents)"
    ");"

    /* What the speaker has to tell the household next time it is spoken to. */
    "CREATE TABLE notifications ("
    "  id         INTEGER PRIMARY KEY,"
    "  created_at TEXT NOT NULL,"
    "  kind       TEXT NOT NULL CHECK (kind IN ('order', 'price', 'stock', 'promotion',"
    "                                           'support')),"
    "  text       TEXT NOT NULL CHECK (length(CAST(text AS BLOB)) BETWEEN 1 AND 1023),"
    "  product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,"
    "  order_id   INTEGER REFERENCES orders (id) ON DELETE SET NULL,"
    "  read_at    TEXT"
    ");"
    "CREATE INDEX notifications_unread ON notifications (created_at) WHERE read_at IS NULL;"
    "CREATE INDEX notifications_product ON notifications (product_id);"
    "CREATE INDEX notifications_order ON notifications (order_id);"

    "CREATE TABLE feedback ("
    "  id         INTEGER PRIMARY KEY,"
    "  created_at TEXT NOT NULL,"
    "  product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,"
    "  order_id   INTEGER REFERENCES orders (id) ON DELETE SET NULL,"
    "  rating     INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),"
    "  text       TEXT NOT NULL DEFAULT '' CHECK (length(CAST(text AS BLOB)) <= 4096)"
    ");"
    "CREATE INDEX feedback_product ON feedback (product_id);"
    "CREATE INDEX feedback_order ON feedback (order_id);"

    "CREATE TABLE support_requests ("
    "  id         INTEGER PRIMARY KEY,"
    "  created_at TEXT NOT NULL,"
    "  order_id   INTEGER REFERENCES orders (id) ON DELETE SET NULL,"
    "  topic      TEXT NOT NULL CHECK (length(CAST(topic AS BLOB)) BETWEEN 1 AND 63),"
    "  text       TEXT NOT NULL DEFAULT '' CHECK (length(CAST(text AS BLOB)) <= 4096),"
    "  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed'))"
    ");"
    "CREATE INDEX support_requests_open ON support_requests (created_at) WHERE status = 'open';"
    "CREATE INDEX support_requests_order ON support_requests (order_id);"

    /* Spoken answers to common questions, by topic: shipping, returns, hours, ... */
    "CREATE TABLE faq ("
    "  topic  TEXT PRIMARY KEY CHECK (length(CAST(topic AS BLOB)) BETWEEN 1 AND 63"
    "                                 AND topic = lower(topic)),"
    "  answer TEXT NOT NULL CHECK (length(CAST(answer AS BLOB)) BETWEEN 1 AND 1023)"
    ") WITHOUT ROWID;"

    /* One value per known key; the values a key takes are checked here, so a bad edit by hand
     * is refused rather than met at the next order. */
    "CREATE TABLE settings ("
    "  key   TEXT PRIMARY KEY CHECK (key IN ('pin_hash', 'spending_limit_cents',"
    "                                        'max_order_items', 'locale', 'currency',"
    "                                        'support_hours', 'support_phone')),"
    "  value TEXT NOT NULL,"
    "  CHECK (key NOT IN ('spending_limit_cents', 'max_order_items')"
    "         OR (value <> '' AND value NOT GLOB '*[^0-9]*')),"
    "  CHECK (key <> 'currency' OR value GLOB '[A-Z][A-Z][A-Z]'),"
    "  CHECK (key <> 'locale' OR value GLOB '[a-z][a-z]-[A-Z][A-Z]')"
    ") WITHOUT ROWID;"
    "INSERT INTO settings (key, value) VALUES ('locale', 'en-US'), ('currency', 'USD'),"
    "  ('spending_limit_cents', '20000'), ('max_order_items', '20'), ('pin_hash', '');",
    /* 3: what the shopper functions need. Products learn when they are back in stock and their
     * brand as spoken; order counts per product are kept by triggers (so "the usual" and
     * "my coffee" never read the whole order history); confirmations that a purchase was
     * agreed to; the PIN lockout and the cart's reminder state, which must outlive a restart;
     * a notification kind for the cart; feedback answers; and the settings the safeguards and
     * time windows read. */
    "ALTER TABLE products ADD COLUMN restock_at TEXT;"
    /* Like spoken_name, filled by the program; NULL (with spoken_name) means "not yet". */
    "ALTER TABLE products ADD COLUMN spoken_brand TEXT;"
    "CREATE INDEX products_spoken_brand ON products (spoken_brand);"
    "DROP TRIGGER products_name_changed;"
    "CREATE TRIGGER products_name_changed AFTER UPDATE OF name, brand ON products"
    "  WHEN NEW.name IS NOT OLD.name OR NEW.brand IS NOT OLD.brand"
    "  BEGIN UPDATE products SET spoken_name = NULL WHERE id = NEW.id; END;"
    "UPDATE products SET spoken_name = NULL;"

    /* The words of an aisle's name a shopper may say alone ("coffee" for "coffee & tea"). */
    "CREATE TABLE category_words ("
    "  word     TEXT NOT NULL,"
    "  category TEXT NOT NULL REFERENCES categories (name) ON DELETE CASCADE ON UPDATE CASCADE,"
    "  PRIMARY KEY (word, category)"
    ") WITHOUT ROWID;"
    "CREATE INDEX category_words_category ON category_words (category);"

    /* How often each product was in an order that was not cancelled. */
    "CREATE TABLE product_order_stats ("
    "  product_id    INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,"
    "  category      TEXT NOT NULL,"
    "  times         INTEGER NOT NULL,"
    "  last_order_id INTEGER NOT NULL"
    ");"
    "CREATE INDEX product_order_stats_times ON product_order_stats (times DESC, product_id);"
    "CREATE INDEX product_order_stats_category ON product_order_stats"
    "  (category, times DESC, product_id);"
    "INSERT INTO product_order_stats (product_id, category, times, last_order_id)"
    "  SELECT i.product_id, p.category, count(*), max(i.order_id) FROM order_items i"
    "  JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id"
    "  WHERE o.status <> 'cancelled' GROUP BY i.product_id;"
    "CREATE TRIGGER order_items_counted AFTER INSERT ON order_items"
    "  WHEN (SELECT status FROM orders WHERE id = NEW.order_id) <> 'cancelled'"
    "  BEGIN INSERT INTO product_order_stats (product_id, category, times, last_order_id)"
    "        SELECT NEW.product_id, category, 1, NEW.order_id FROM products"
    "        WHERE id = NEW.product_id"
    "        ON CONFLICT (product_id) DO UPDATE SET times = times + 1,"
    "        last_order_id = max(last_order_id, excluded.last_order_id); END;"
    "CREATE TRIGGER orders_cancelled_uncounted AFTER UPDATE OF status ON orders"
    "  WHEN NEW.status = 'cancelled' AND OLD.status <> 'cancelled'"
    "  BEGIN UPDATE product_order_stats SET times = times - 1 WHERE product_id IN"
    "        (SELECT product_id FROM order_items WHERE order_id = NEW.id); END;"
    "CREATE TRIGGER products_category_counted AFTER UPDATE OF category ON products"
    "  WHEN NEW.category IS NOT OLD.category"
    "  BEGIN UPDATE product_order_stats SET category = NEW.category"
    "        WHERE product_id = NEW.id; END;"

    /* A purchase the shopper was asked to agree to. The token is never stored, only its
     * SHA-256; `lines` is the exact plan, "product:quantity:unit_cents" joined by ';'. */
    "CREATE TABLE confirmations ("
    "  token_hash  TEXT PRIMARY KEY,"
    "  kind        TEXT NOT NULL CHECK (kind IN ('cart', 'reorder')),"
    "  lines       TEXT NOT NULL CHECK (length(lines) BETWEEN 5 AND 4096),"
    "  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),"
    "  quantity    INTEGER NOT NULL CHECK (quantity >= 1),"
    "  created_at  TEXT NOT NULL,"
    "  expires_at  TEXT NOT NULL,"
    "  pin_ok      INTEGER NOT NULL DEFAULT 0 CHECK (pin_ok IN (0, 1)),"
    "  order_id    INTEGER REFERENCES orders (id) ON DELETE SET NULL,"
    "  used_at     TEXT"
    ") WITHOUT ROWID;"
    "CREATE INDEX confirmations_order ON confirmations (order_id);"
    "CREATE INDEX confirmations_expires ON confirmations (expires_at);"

    /* Wrong PIN tries in a row, and until when purchasing is locked ('' when it is not). */
    "CREATE TABLE purchase_lock ("
    "  one          INTEGER PRIMARY KEY CHECK (one = 1),"
    "  failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),"
    "  locked_until TEXT NOT NULL DEFAULT ''"
    ");"
    "INSERT INTO purchase_lock (one) VALUES (1);"
    /* When the cart last changed, and when it was last reminded of. */
    "CREATE TABLE cart_state ("
    "  one         INTEGER PRIMARY KEY CHECK (one = 1),"
    "  touched_at  TEXT NOT NULL DEFAULT '',"
    "  reminded_at TEXT"
    ");"
    "INSERT INTO cart_state (one, touched_at) SELECT 1, coalesce(max(added_at), '')"
    "  FROM cart_items;"

    "CREATE TABLE notifications_v3 ("
    "  id         INTEGER PRIMARY KEY,"
    "  created_at TEXT NOT NULL,"
    "  kind       TEXT NOT NULL CHECK (kind IN ('order', 'price', 'stock', 'promotion',"
    "                                           'support', 'cart')),"
    "  text       TEXT NOT NULL CHECK (length(CAST(text AS BLOB)) BETWEEN 1 AND 1023),"
    "  product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,"
    "  order_id   INTEGER REFERENCES orders (id) ON DELETE SET NULL,"
    "  read_at    TEXT"
    ");"
    "INSERT INTO notifications_v3 SELECT id, created_at, kind, text, product_id, order_id,"
    "  read_at FROM notifications;"
    "DROP TABLE notifications;"
    "ALTER TABLE notifications_v3 RENAME TO notifications;"
    "CREATE INDEX notifications_unread ON notifications (created_at) WHERE read_at IS NULL;"
    "CREATE INDEX notifications_product ON notifications (product_id);"
    "CREATE INDEX notifications_order ON notifications (order_id);"
    /* A price that falls below a watched amount tells the household once, whoever changed
     * it (shopspeak, an import, an operator's SQL). */
    "CREATE TRIGGER products_price_watched AFTER UPDATE OF price_cents ON products"
    "  WHEN NEW.price_cents < OLD.price_cents"
    "  BEGIN INSERT INTO notifications (created_at, kind, text, product_id)"
    "        SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'price',"
    "        printf('%s is now $%d.%02d, under the $%d.%02d you asked me to watch for.',"
    "        substr(NEW.name, 1, 127), NEW.price_cents / 100, NEW.price_cents % 100,"
    "        below_cents / 100, below_cents % 100), NEW.id"
    "        FROM price_watches WHERE product_id = NEW.id AND notified_at IS NULL"
    "        AND below_cents > NEW.price_cents AND below_cents <= OLD.price_cents;"
    "        UPDATE price_watches SET notified_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
    "        WHERE product_id = NEW.id AND notified_at IS NULL"
    "        AND below_cents > NEW.price_cents AND below_cents <= OLD.price_cents; END;"

    /* "Which deals are on today?" reads promotions by their end. */
    "CREATE INDEX promotions_ends ON promotions (ends_at);"
    /* "Did you find what you were looking for?" */
    "ALTER TABLE feedback ADD COLUMN found INTEGER CHECK (found IS NULL OR found IN (0, 1));"
    "ALTER TABLE feedback ADD COLUMN category TEXT"
    "  CHECK (category IS NULL OR length(CAST(category AS BLOB)) BETWEEN 1 AND 63);"

    "CREATE TABLE settings_v3 ("
    "  key   TEXT PRIMARY KEY CHECK (key IN ('pin_hash', 'spending_limit_cents',"
    "                                        'max_order_items', 'locale', 'currency',"
    "                                        'support_hours', 'support_phone',"
    "                                        'daily_limit_cents', 'daily_max_items',"
    "                                        'cancel_window_minutes', 'cart_reminder_minutes',"
    "                                        'confirm_seconds', 'delivery_days')),"
    "  value TEXT NOT NULL,"
    "  CHECK (key NOT IN ('spending_limit_cents', 'max_order_items', 'daily_limit_cents',"
    "                     'daily_max_items', 'cancel_window_minutes', 'cart_reminder_minutes',"
    "                     'confirm_seconds', 'delivery_days')"
    "         OR (value <> '' AND value NOT GLOB '*[^0-9]*' AND length(value) <= 12)),"
    "  CHECK (key <> 'currency' OR value GLOB '[A-Z][A-Z][A-Z]'),"
    "  CHECK (key <> 'locale' OR value GLOB '[a-z][a-z]-[A-Z][A-Z]')"
    ") WITHOUT ROWID;"
    "INSERT INTO settings_v3 SELECT key, value FROM settings;"
    "DROP TABLE settings;"
    "ALTER TABLE settings_v3 RENAME TO settings;"
    "INSERT OR IGNORE INTO settings (key, value) VALUES ('daily_limit_cents', '40000'),"
    "  ('daily_max_items', '40'), ('cancel_window_minutes', '30'),"
    "  ('cart_reminder_minutes', '1440'), ('confirm_seconds', '120'), ('delivery_days', '3'),"
    "  ('support_hours', 'Monday to Friday, 9 am to 5 pm');",

    /* 4: names of any length. `name` stays what is shown and spoken (at most 127 bytes, so it
     * fits catalog_product_t); a longer name given to an import is kept whole here and `name`
     * gets its first words. NULL for every name that fits, which is every name before
     * version 4: nothing to copy, so the step is one ALTER. */
    "ALTER TABLE products ADD COLUMN full_name TEXT"
    "  CHECK (full_name IS NULL OR length(CAST(full_name AS BLOB)) BETWEEN 128 AND 16384);",

    /* 5: the voice the shopper chose ("speak slower", "louder") survives a restart,
     * and the dialog remembers which notifications it has announced ("You have two updates"
     * once). Numbers, like the limits. */
    "CREATE TABLE settings_v5 ("
    "  key   TEXT PRIMARY KEY CHECK (key IN ('pin_hash', 'spending_limit_cents',"
    "                                        'max_order_items', 'locale', 'currency',"
    "                                        'support_hours', 'support_phone',"
    "                                        'daily_limit_cents', 'daily_max_items',"
    "                                        'cancel_window_minutes', 'cart_reminder_minutes',"
    "                                        'confirm_seconds', 'delivery_days',"
    "                                        'voice_rate', 'voice_volume',"
    "                                        'announced_notification_id')),"
    "  value TEXT NOT NULL,"
    "  CHECK (key NOT IN ('spending_limit_cents', 'max_order_items', 'daily_limit_cents',"
    "                     'daily_max_items', 'cancel_window_minutes', 'cart_reminder_minutes',"
    "                     'confirm_seconds', 'delivery_days', 'voice_rate', 'voice_volume',"
    "                     'announced_notification_id')"
    "         OR (value <> '' AND value NOT GLOB '*[^0-9]*' AND length(value) <= 12)),"
    "  CHECK (key <> 'currency' OR value GLOB '[A-Z][A-Z][A-Z]'),"
    "  CHECK (key <> 'locale' OR value GLOB '[a-z][a-z]-[A-Z][A-Z]')"
    ") WITHOUT ROWID;"
    "INSERT INTO settings_v5 SELECT key, value FROM settings;"
    "DROP TABLE settings;"
    "ALTER TABLE settings_v5 RENAME TO settings;",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == CATALOG_SCHEMA_VERSION,
               "one migration per schema version");

/* Run a statement that yields one integer (a PRAGMA, a count). Returns a SQLite code. */
static int read_integer(sqlite3 *db, const char *sql, int64_t *value)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *value = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* Read a single integer PRAGMA (application_id, user_version). Returns a SQLite code. */
static int read_pragma(sqlite3 *db, const char *pragma, int64_t *value)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA %s", pragma);
    return read_integer(db, sql, value);
}

/* Count the objects in sqlite_master: zero means a file nobody has put anything in yet. */
static int count_schema_objects(sqlite3 *db, int64_t *count)
{
    return read_integer(db, "SELECT count(*) FROM sqlite_master", count);
}

typedef struct {
    int64_t app_id;
    int64_t version;
    int64_t objects;
} file_identity;

/* The first reads of a file: this is where garbage shows up as SQLITE_NOTADB. */
static int read_identity(catalog_t *cat, file_identity *id)
{
    int rc = read_pragma(cat->db, "application_id", &id->app_id);
    if (rc == SQLITE_OK)
        rc = read_pragma(cat->db, "user_version", &id->version);
    if (rc == SQLITE_OK)
        rc = count_schema_objects(cat->db, &id->objects);
    if (rc != SQLITE_OK)
        return catalog__fail_sqlite(cat, rc, "reading");
    return CATALOG_OK;
}

/* Judge a file's identity: ours and not newer, or a clear reason why not. */
static int check_identity(catalog_t *cat, const file_identity *id, int create)
{
    int empty = id->app_id == 0 && id->version == 0 && id->objects == 0;
    if (empty && !create)
        return catalog__fail(cat, CATALOG_ECORRUPT, "%s is an empty file, not a shopspeak catalog",
                             cat->path);
    if (!empty && id->app_id != CATALOG_APPLICATION_ID)
        return catalog__fail(cat, CATALOG_ECORRUPT,
                             "%s is not a shopspeak catalog (it is a SQLite database of "
                             "another program)",
                             cat->path);
    if (id->version > CATALOG_SCHEMA_VERSION)
        return catalog__fail(cat, CATALOG_ESCHEMA,
                             "catalog %s has schema version %lld, newer than this shopspeak "
                             "understands (%d): update shopspeak",
                             cat->path, (long long)id->version, CATALOG_SCHEMA_VERSION);
    if (!empty && id->version < 1)
        return catalog__fail(cat, CATALOG_ECORRUPT,
                             "catalog %s is damaged: it has no schema version", cat->path);
    return CATALOG_OK;
}

int catalog__check_schema(catalog_t *cat)
{
    file_identity id = {0, 0, 0};
    int status = read_identity(cat, &id);
    if (status == CATALOG_OK)
        status = check_identity(cat, &id, 0);
    if (status == CATALOG_OK && id.version < CATALOG_SCHEMA_VERSION)
        return catalog__fail(cat, CATALOG_ESCHEMA,
                             "catalog %s has the older schema version %lld: open it once "
                             "read-write to upgrade it",
                             cat->path, (long long)id.version);
    return status;
}

/* Apply migrations after `from` and stamp the file; runs inside the caller's transaction. */
static int apply_migrations(catalog_t *cat, int64_t from, int seed)
{
    char *err = NULL;
    if (from < 0) /* check_identity refuses these; stay inside migrations[] regardless */
        return catalog__fail(cat, CATALOG_ECORRUPT, "catalog %s is damaged", cat->path);
    for (int64_t v = from + 1; v <= CATALOG_SCHEMA_VERSION; v++) {
        char stamp[96];
        snprintf(stamp, sizeof stamp, "PRAGMA application_id = %d; PRAGMA user_version = %lld;",
                 CATALOG_APPLICATION_ID, (long long)v);
        int rc = sqlite3_exec(cat->db, migrations[v - 1], NULL, NULL, &err);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(cat->db, stamp, NULL, NULL, &err);
        if (rc != SQLITE_OK) {
            int status = catalog__status_from_sqlite(rc, sqlite3_system_errno(cat->db));
            catalog__fail(cat, status, "catalog %s: upgrading to schema version %lld failed: %s",
                          cat->path, (long long)v, err ? err : sqlite3_errstr(rc));
            sqlite3_free(err);
            return status;
        }
    }
    if (seed) {
        int rc = sqlite3_exec(cat->db, catalog__sample_sql, NULL, NULL, &err);
        if (rc != SQLITE_OK) {
            int status = catalog__status_from_sqlite(rc, sqlite3_system_errno(cat->db));
            catalog__fail(cat, status, "catalog %s: loading the sample catalog failed: %s",
                          cat->path, err ? err : sqlite3_errstr(rc));
            sqlite3_free(err);
            return status;
        }
    }
    /* Foreign keys are off while migrating (see catalog__migrate): check them here, so a
     * migration or the sample cannot leave a row pointing at nothing. */
    int64_t dangling = 0;
    int rc = read_integer(cat->db, "SELECT count(*) FROM pragma_foreign_key_check", &dangling);
    if (rc != SQLITE_OK)
        return catalog__fail_sqlite(cat, rc, "upgrading");
    if (dangling != 0)
        return catalog__fail(cat, CATALOG_ECORRUPT,
                             "catalog %s is damaged: %lld rows point at products or orders that "
                             "do not exist (not upgraded)",
                             cat->path, (long long)dangling);
    return CATALOG_OK;
}

int catalog__migrate(catalog_t *cat, int create, int seed)
{
    file_identity id = {0, 0, 0};
    /* Look before taking the write lock, so a foreign or garbage file is named as such and
     * not reported as a locking or read-only problem. */
    int status = read_identity(cat, &id);
    if (status == CATALOG_OK)
        status = check_identity(cat, &id, create);
    if (status != CATALOG_OK || id.version == CATALOG_SCHEMA_VERSION)
        return status; /* the usual case: no write lock needed to open */

    /* Migrations rebuild tables that others refer to (DROP then RENAME); with foreign keys on,
     * the DROP would cascade into their rows. This pragma is a no-op inside a transaction, so
     * it comes first; configure_writable turns the keys back on, and the migration checks
     * them itself before committing. */
    int rc = sqlite3_exec(cat->db, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return catalog__fail_sqlite(cat, rc, "opening");
    /* Read again under the lock: another process may have created or upgraded the file. */
    status = read_identity(cat, &id);
    if (status == CATALOG_OK)
        status = check_identity(cat, &id, create);
    int empty = status == CATALOG_OK && id.app_id == 0 && id.objects == 0;
    if (status == CATALOG_OK && id.version < CATALOG_SCHEMA_VERSION)
        status = apply_migrations(cat, id.version, seed && empty);
    if (status == CATALOG_OK) {
        rc = sqlite3_exec(cat->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            status = catalog__fail_sqlite(cat, rc, "creating or upgrading");
    }
    if (status != CATALOG_OK && !sqlite3_get_autocommit(cat->db))
        sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}
