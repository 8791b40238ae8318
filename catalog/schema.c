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

    int rc = sqlite3_exec(cat->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
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
