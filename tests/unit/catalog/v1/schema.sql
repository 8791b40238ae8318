-- schema.sql - the catalog's tables at schema version 1, as the first shopspeak created them
-- (catalog/schema.c, migration 1). Frozen: test_schema.c builds real version 1 files from
-- this and the version 1 sample beside it (sample.sql) to prove they upgrade in place.
CREATE TABLE products (
  id          INTEGER PRIMARY KEY,
  sku         TEXT NOT NULL UNIQUE CHECK (length(CAST(sku AS BLOB)) BETWEEN 1 AND 31),
  name        TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 127),
  brand       TEXT NOT NULL DEFAULT '' CHECK (length(CAST(brand AS BLOB)) <= 63),
  category    TEXT NOT NULL CHECK (length(CAST(category AS BLOB)) BETWEEN 1 AND 63),
  unit        TEXT NOT NULL CHECK (length(CAST(unit AS BLOB)) BETWEEN 1 AND 31),
  price_cents INTEGER NOT NULL CHECK (typeof(price_cents) = 'integer'
                                      AND price_cents BETWEEN 0 AND 100000000),
  stock       INTEGER NOT NULL DEFAULT 0 CHECK (typeof(stock) = 'integer' AND stock >= 0),
  spoken_name TEXT
);
CREATE INDEX products_spoken_name ON products (spoken_name);
CREATE INDEX products_unspoken ON products (id) WHERE spoken_name IS NULL;
CREATE TRIGGER products_name_changed AFTER UPDATE OF name ON products
  WHEN NEW.name IS NOT OLD.name
  BEGIN UPDATE products SET spoken_name = NULL WHERE id = NEW.id; END;
CREATE TABLE product_aliases (
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  phrase     TEXT NOT NULL CHECK (phrase <> '' AND phrase NOT GLOB '*[^a-z0-9'' ]*'
                                  AND phrase NOT GLOB ' *' AND phrase NOT GLOB '* '
                                  AND phrase NOT GLOB '*  *'),
  UNIQUE (phrase, product_id)
);
CREATE INDEX product_aliases_product ON product_aliases (product_id);
CREATE TABLE orders (
  id              INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  placed_at       TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'placed',
  total_cents     INTEGER NOT NULL CHECK (total_cents >= 0)
);
CREATE INDEX orders_placed_at ON orders (placed_at);
CREATE TABLE order_items (
  order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id       INTEGER NOT NULL REFERENCES products (id),
  quantity         INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX order_items_product ON order_items (product_id, order_id);
PRAGMA application_id = 1936224112; -- 0x73686f70, "shop"
PRAGMA user_version = 1;
