/*
 * safeguards.c - no order without the shopper's confirmation: a purchase is recorded with an
 * unguessable token when the dialog asks "shall I?", and only that token places it, once,
 * after the PIN (if one is set), the lockout, the stock and the limits have been checked.
 */
#include "catalog_internal.h"

#include <errno.h>
#include <nettle/memops.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define PIN_ITERATIONS 100000 /* PBKDF2-HMAC-SHA256; see docs/catalog.md on why not more */
#define PIN_TRIES      3      /* wrong PINs in a row before purchasing locks */
#define LOCK_SECONDS   (15 * 60)
#define PLAN_TEXT_MAX  4096

/* What a confirmation stands for: the lines, their prices with deals, and the totals. */
typedef struct {
    size_t count;
    struct {
        catalog_product_t product;
        int64_t quantity, unit_cents;
    } lines[CATALOG_CART_MAX];
    int64_t total_cents, quantity;
    char text[PLAN_TEXT_MAX]; /* "product:quantity:unit_cents;" per line: the exact plan */
} plan_t;

static void to_hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Fill buf with n bytes from the kernel's random source. */
static int random_bytes(catalog_t *cat, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return catalog__fail(cat, CATALOG_EDB, "no random numbers from the system: %s",
                                 strerror(errno));
        got += (size_t)r;
    }
    return CATALOG_OK;
}

/*
 * The token's SHA-256 as hex: what the database keeps instead of the token. Nettle, not
 * OpenSSL: OpenSSL 3's first digest loads its providers and algorithm tables, about 2 MB of
 * libcrypto pages and heap that stay for the life of the process (the first "shall I order?"
 * of a conversation raised its peak memory by that much); Nettle's functions keep no state.
 */
static int token_hash(const char *token, char out[65])
{
    unsigned char md[SHA256_DIGEST_SIZE];
    struct sha256_ctx ctx;
    if (token == NULL || strlen(token) != CATALOG_TOKEN_CHARS)
        return -1;
    sha256_init(&ctx);
    sha256_update(&ctx, CATALOG_TOKEN_CHARS, (const uint8_t *)token);
    sha256_digest(&ctx, sizeof md, md);
    to_hex(md, sizeof md, out);
    return 0;
}

/* PBKDF2-HMAC-SHA256 of a 4-digit PIN into key (32 bytes). */
static void pin_key(const char *pin, const unsigned char *salt, size_t salt_len,
                    unsigned iterations, unsigned char key[32])
{
    pbkdf2_hmac_sha256(4, (const uint8_t *)pin, iterations, salt_len, salt, 32, key);
}

/* ---- PIN -------------------------------------------------------------------------------- */

static int pin_valid(const char *pin)
{
    if (pin == NULL || strlen(pin) != 4)
        return 0;
    for (int i = 0; i < 4; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return 0;
    return 1;
}

/* "pbkdf2-sha256$ITER$SALT$HASH" for a PIN with a new random salt. */
static int hash_pin(catalog_t *cat, const char *pin, char *out, size_t len)
{
    unsigned char salt[16], key[32];
    char salt_hex[33], key_hex[65];
    int status = random_bytes(cat, salt, sizeof salt);
    if (status != CATALOG_OK)
        return status;
    pin_key(pin, salt, sizeof salt, PIN_ITERATIONS, key);
    to_hex(salt, sizeof salt, salt_hex);
    to_hex(key, sizeof key, key_hex);
    snprintf(out, len, "pbkdf2-sha256$%d$%s$%s", PIN_ITERATIONS, salt_hex, key_hex);
    explicit_bzero(key, sizeof key);
    return CATALOG_OK;
}

static int from_hex(const char *hex, unsigned char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned int b;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1)
            return -1;
        out[i] = (unsigned char)b;
    }
    return hex[2 * n] == '\0' || hex[2 * n] == '$' ? 0 : -1;
}

/* 1 when pin matches the stored hash, 0 when not (or the hash is unreadable). */
static int pin_matches(const char *stored, const char *pin)
{
    unsigned char salt[16], want[32], got[32];
    int iterations = 0;
    const char *s = strchr(stored, '$');
    if (!pin_valid(pin) || strncmp(stored, "pbkdf2-sha256$", 14) != 0 ||
        sscanf(s + 1, "%d", &iterations) != 1 || iterations < 1000)
        return 0;
    s = strchr(s + 1, '$');
    const char *h = s ? strchr(s + 1, '$') : NULL;
    if (h == NULL || from_hex(s + 1, salt, sizeof salt) != 0 ||
        from_hex(h + 1, want, sizeof want) != 0)
        return 0;
    pin_key(pin, salt, sizeof salt, (unsigned)iterations, got);
    int same = memeql_sec(want, got, sizeof got);
    explicit_bzero(got, sizeof got);
    return same;
}

/* The stored PIN hash into buf ("" when no PIN is set). */
static int stored_pin(catalog_t *cat, char *buf, size_t len)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_SETTING_GET);
    sqlite3_bind_text(st, 1, "pin_hash", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    buf[0] = '\0';
    if (rc == SQLITE_ROW)
        catalog__copy_text(buf, len, sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CATALOG_OK
                                                 : catalog__fail_sqlite(cat, rc, "reading");
}

/* ELOCKED (with how long) while the lockout lasts; *failures gets the wrong tries so far. */
static int check_lock(catalog_t *cat, int64_t *failures)
{
    char until[32], now[32];
    sqlite3_stmt *st = catalog__stmt(cat, ST_LOCK_GET);
    int rc = sqlite3_step(st);
    *failures = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    until[0] = '\0';
    if (rc == SQLITE_ROW)
        catalog__copy_text(until, sizeof until, sqlite3_column_text(st, 1));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return catalog__fail_sqlite(cat, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "reading");
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    if (until[0] != '\0' && strcmp(now, until) < 0) {
        /* Minutes from now, not a UTC clock time: this is read out to the shopper. */
        int64_t left = (catalog__parse_iso(until) - catalog__now(cat) + 59) / 60;
        left = left < 1 ? 1 : left;
        return catalog__fail(cat, CATALOG_ELOCKED,
                             "purchasing is locked after three wrong PINs; try again in %lld "
                             "minute%s",
                             (long long)left, left == 1 ? "" : "s");
    }
    return CATALOG_OK;
}

static int save_lock(catalog_t *cat, int64_t failures, const char *until)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_LOCK_SET);
    sqlite3_bind_int64(st, 1, failures);
    sqlite3_bind_text(st, 2, until, -1, SQLITE_TRANSIENT);
    return catalog__step_done(cat, st, "saving the PIN lockout in");
}

/*
 * Inside a transaction: check pin against the stored hash, counting wrong tries. Returns OK,
 * EPIN or ELOCKED; *commit says the transaction must be committed even on EPIN/ELOCKED
 * (a wrong try has to be remembered).
 */
static int verify_pin(catalog_t *cat, const char *pin, int *commit)
{
    char stored[256];
    int64_t failures = 0;
    *commit = 0;
    int status = check_lock(cat, &failures);
    if (status == CATALOG_OK)
        status = stored_pin(cat, stored, sizeof stored);
    if (status != CATALOG_OK || stored[0] == '\0')
        return status;
    if (pin_matches(stored, pin)) {
        *commit = failures > 0;
        return failures > 0 ? save_lock(cat, 0, "") : CATALOG_OK;
    }
    char until[32] = "";
    failures++;
    if (failures >= PIN_TRIES) {
        catalog__iso_time(catalog__now(cat) + LOCK_SECONDS, until, sizeof until);
        failures = 0;
    }
    status = save_lock(cat, failures, until);
    if (status != CATALOG_OK)
        return status;
    *commit = 1;
    if (until[0] != '\0')
        return catalog__fail(cat, CATALOG_ELOCKED,
                             "that PIN is wrong; purchasing is locked for 15 minutes");
    return catalog__fail(cat, CATALOG_EPIN, "that PIN is wrong; %lld more %s",
                         (long long)(PIN_TRIES - failures),
                         PIN_TRIES - failures == 1 ? "try" : "tries");
}

/* End a transaction that must keep a wrong try: commit, then report the PIN's status. */
static int end_keeping(catalog_t *cat, int status, int commit, const char *what)
{
    if (status == CATALOG_OK || !commit)
        return catalog__end(cat, status, what);
    char msg[sizeof cat->errmsg];
    memcpy(msg, cat->errmsg, sizeof msg);
    int saved = catalog__end(cat, CATALOG_OK, what);
    if (saved != CATALOG_OK)
        return saved;
    memcpy(cat->errmsg, msg, sizeof msg);
    return status;
}

int catalog_set_pin(catalog_t *cat, const char *current_pin, const char *new_pin)
{
    char hashed[256];
    int commit = 0;
    if (cat == NULL)
        return CATALOG_EINVAL;
    int clear = new_pin == NULL || new_pin[0] == '\0';
    if (!clear && !pin_valid(new_pin))
        return catalog__fail(cat, CATALOG_EINVAL, "a PIN is four digits");
    int status = catalog__begin(cat, "saving the PIN in");
    if (status != CATALOG_OK)
        return status;
    status = verify_pin(cat, current_pin, &commit);
    if (status == CATALOG_OK) {
        hashed[0] = '\0';
        if (!clear)
            status = hash_pin(cat, new_pin, hashed, sizeof hashed);
        sqlite3_stmt *st = catalog__stmt(cat, ST_SETTING_SET);
        sqlite3_bind_text(st, 1, "pin_hash", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hashed, -1, SQLITE_TRANSIENT);
        if (status == CATALOG_OK)
            status = catalog__step_done(cat, st, "saving the PIN in");
        explicit_bzero(hashed, sizeof hashed);
    }
    return end_keeping(cat, status, commit, "saving the PIN in");
}

int catalog_pin_state(catalog_t *cat, int *pin_set, char *locked_until, size_t len)
{
    char stored[256];
    int64_t failures;
    if (cat == NULL || pin_set == NULL || locked_until == NULL || len == 0)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_pin_state: NULL argument")
                   : CATALOG_EINVAL;
    locked_until[0] = '\0';
    int status = stored_pin(cat, stored, sizeof stored);
    *pin_set = stored[0] != '\0';
    if (status != CATALOG_OK)
        return status;
    status = check_lock(cat, &failures);
    if (status == CATALOG_ELOCKED) {
        sqlite3_stmt *st = catalog__stmt(cat, ST_LOCK_GET);
        if (sqlite3_step(st) == SQLITE_ROW)
            catalog__copy_text(locked_until, len, sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        status = CATALOG_OK;
    }
    return status;
}

/* ---- Plans: what exactly would be bought -------------------------------------------------- */

static int plan_add(catalog_t *cat, plan_t *plan, const catalog_product_t *p, int64_t quantity)
{
    catalog_price_t price;
    int status = catalog__price_today(cat, p, &price);
    if (status != CATALOG_OK)
        return status;
    if (plan->count >= CATALOG_CART_MAX)
        return catalog__fail(cat, CATALOG_ETOOBIG, "too many products in one order");
    size_t used = strlen(plan->text);
    int w = snprintf(plan->text + used, sizeof plan->text - used, "%lld:%lld:%lld;",
                     (long long)p->id, (long long)quantity, (long long)price.deal_price_cents);
    if (w < 0 || (size_t)w >= sizeof plan->text - used)
        return catalog__fail(cat, CATALOG_ETOOBIG, "too many products in one order");
    plan->lines[plan->count].product = *p;
    plan->lines[plan->count].quantity = quantity;
    plan->lines[plan->count].unit_cents = price.deal_price_cents;
    plan->count++;
    plan->total_cents += price.deal_price_cents * quantity;
    plan->quantity += quantity;
    return CATALOG_OK;
}

/* The plan for a purchase as things are now. */
static int make_plan(catalog_t *cat, catalog_purchase_kind_t kind, int64_t product_id,
                     int64_t quantity, plan_t *plan)
{
    memset(plan, 0, sizeof *plan);
    if (kind == CATALOG_PURCHASE_REORDER) {
        catalog_product_t p;
        if (quantity < 1 || quantity > CATALOG_QUANTITY_MAX)
            return catalog__fail(cat, CATALOG_EINVAL, "quantity %lld is not between 1 and %d",
                                 (long long)quantity, CATALOG_QUANTITY_MAX);
        int status = catalog_get_product(cat, product_id, &p);
        return status == CATALOG_OK ? plan_add(cat, plan, &p, quantity) : status;
    }
    if (kind != CATALOG_PURCHASE_CART)
        return catalog__fail(cat, CATALOG_EINVAL, "unknown kind of purchase %d", (int)kind);
    catalog_cart_t *cart = malloc(sizeof *cart);
    if (cart == NULL)
        return catalog__fail(cat, CATALOG_ENOMEM, "out of memory reading the cart");
    int status = catalog_cart_contents(cat, cart);
    for (size_t i = 0; status == CATALOG_OK && i < cart->count; i++)
        status = plan_add(cat, plan, &cart->lines[i].product, cart->lines[i].quantity);
    free(cart);
    if (status == CATALOG_OK && plan->count == 0)
        return catalog__fail(cat, CATALOG_EEMPTY, "your cart is empty");
    return status;
}

/* Stock of every line, then the per-order and per-day limits. */
static int check_plan(catalog_t *cat, const plan_t *plan)
{
    for (size_t i = 0; i < plan->count; i++) {
        const catalog_product_t *p = &plan->lines[i].product;
        if (p->stock <= 0)
            return catalog__fail(cat, CATALOG_ESTOCK, "%s is out of stock", p->name);
        if (p->stock < plan->lines[i].quantity)
            return catalog__fail(cat, CATALOG_ESTOCK, "only %lld of %s left, not %lld",
                                 (long long)p->stock, p->name, (long long)plan->lines[i].quantity);
    }
    int64_t order_cents = catalog__setting_int(cat, "spending_limit_cents", 20000);
    int64_t order_items = catalog__setting_int(cat, "max_order_items", 20);
    if (plan->total_cents > order_cents)
        return catalog__fail(cat, CATALOG_ELIMIT,
                             "that is $%lld.%02lld, over the limit of $%lld.%02lld for one order",
                             (long long)(plan->total_cents / 100),
                             (long long)(plan->total_cents % 100), (long long)(order_cents / 100),
                             (long long)(order_cents % 100));
    if (plan->quantity > order_items)
        return catalog__fail(cat, CATALOG_ELIMIT,
                             "that is %lld items, over the limit of %lld for one order",
                             (long long)plan->quantity, (long long)order_items);
    char day[32];
    int64_t now = catalog__now(cat);
    catalog__iso_time(now - ((now % 86400) + 86400) % 86400, day, sizeof day);
    sqlite3_stmt *st = catalog__stmt(cat, ST_DAY_TOTALS);
    sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int64_t spent = sqlite3_column_int64(st, 0), items = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return catalog__fail_sqlite(cat, rc, "reading today's orders in");
    int64_t day_cents = catalog__setting_int(cat, "daily_limit_cents", 40000);
    int64_t day_items = catalog__setting_int(cat, "daily_max_items", 40);
    if (spent + plan->total_cents > day_cents)
        return catalog__fail(cat, CATALOG_ELIMIT,
                             "that would make $%lld.%02lld today, over the daily limit of "
                             "$%lld.%02lld",
                             (long long)((spent + plan->total_cents) / 100),
                             (long long)((spent + plan->total_cents) % 100),
                             (long long)(day_cents / 100), (long long)(day_cents % 100));
    if (items + plan->quantity > day_items)
        return catalog__fail(cat, CATALOG_ELIMIT,
                             "that would make %lld items today, over the daily limit of %lld",
                             (long long)(items + plan->quantity), (long long)day_items);
    return CATALOG_OK;
}

/* ---- Confirmations ------------------------------------------------------------------------ */

static int record_confirmation(catalog_t *cat, const catalog_purchase_t *what, const plan_t *plan,
                               catalog_confirmation_t *out)
{
    unsigned char raw[16];
    char hash[65], now[32];
    int status = random_bytes(cat, raw, sizeof raw);
    if (status != CATALOG_OK)
        return status;
    to_hex(raw, sizeof raw, out->token);
    token_hash(out->token, hash);
    int64_t t = catalog__now(cat);
    catalog__iso_time(t, now, sizeof now);
    catalog__iso_time(t + catalog__setting_int(cat, "confirm_seconds", 120), out->expires_at,
                      sizeof out->expires_at);
    sqlite3_stmt *st = catalog__stmt(cat, ST_CONFIRM_PURGE);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    status = catalog__step_done(cat, st, "confirming a purchase in");
    if (status != CATALOG_OK)
        return status;
    st = catalog__stmt(cat, ST_CONFIRM_INSERT);
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, what->kind == CATALOG_PURCHASE_CART ? "cart" : "reorder", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 3, plan->text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, plan->total_cents);
    sqlite3_bind_int64(st, 5, plan->quantity);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, out->expires_at, -1, SQLITE_TRANSIENT);
    return catalog__step_done(cat, st, "confirming a purchase in");
}

int catalog_confirm_begin(catalog_t *cat, const catalog_purchase_t *what,
                          catalog_confirmation_t *out)
{
    char stored[256];
    int64_t failures;
    if (cat == NULL || what == NULL || out == NULL)
        return cat ? catalog__fail(cat, CATALOG_EINVAL, "catalog_confirm_begin: NULL argument")
                   : CATALOG_EINVAL;
    memset(out, 0, sizeof *out);
    plan_t *plan = malloc(sizeof *plan);
    if (plan == NULL)
        return catalog__fail(cat, CATALOG_ENOMEM, "out of memory confirming a purchase");
    int status = catalog__begin(cat, "confirming a purchase in");
    if (status == CATALOG_OK)
        status = check_lock(cat, &failures);
    if (status == CATALOG_OK)
        status = make_plan(cat, what->kind, what->product_id, what->quantity, plan);
    if (status == CATALOG_OK)
        status = check_plan(cat, plan);
    if (status == CATALOG_OK)
        status = stored_pin(cat, stored, sizeof stored);
    if (status == CATALOG_OK)
        status = record_confirmation(cat, what, plan, out);
    if (status == CATALOG_OK) {
        out->total_cents = plan->total_cents;
        out->quantity = plan->quantity;
        out->lines = (int64_t)plan->count;
        out->pin_required = stored[0] != '\0';
    }
    free(plan);
    status = catalog__end(cat, status, "confirming a purchase in");
    if (status != CATALOG_OK)
        memset(out, 0, sizeof *out);
    return status;
}

typedef struct {
    char hash[65];
    int cart;
    char lines[PLAN_TEXT_MAX];
    char expires_at[32];
    int pin_ok;
    int64_t order_id; /* 0: not placed */
    int used;
} confirmation_row;

/* The confirmation a token stands for; ETOKEN when there is none. */
static int read_confirmation(catalog_t *cat, const char *token, confirmation_row *c)
{
    memset(c, 0, sizeof *c);
    if (token_hash(token, c->hash) != 0)
        return catalog__fail(cat, CATALOG_ETOKEN, "that purchase was not confirmed");
    sqlite3_stmt *st = catalog__stmt(cat, ST_CONFIRM_GET);
    sqlite3_bind_text(st, 1, c->hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->cart = strcmp((const char *)sqlite3_column_text(st, 0), "cart") == 0;
        catalog__copy_text(c->lines, sizeof c->lines, sqlite3_column_text(st, 1));
        catalog__copy_text(c->expires_at, sizeof c->expires_at, sqlite3_column_text(st, 4));
        c->pin_ok = sqlite3_column_int(st, 5);
        c->order_id = sqlite3_column_int64(st, 6);
        c->used = sqlite3_column_type(st, 7) != SQLITE_NULL;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return catalog__fail(cat, CATALOG_ETOKEN, "that purchase was not confirmed");
    return rc == SQLITE_ROW ? CATALOG_OK : catalog__fail_sqlite(cat, rc, "reading");
}

/* A confirmation that can still be acted on: not used, not expired. */
static int check_usable(catalog_t *cat, const confirmation_row *c)
{
    char now[32];
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    if (c->used)
        return catalog__fail(cat, CATALOG_ETOKEN, "that purchase was already placed");
    if (strcmp(now, c->expires_at) >= 0)
        return catalog__fail(cat, CATALOG_ETOKEN,
                             "the confirmation expired; please confirm the purchase again");
    return CATALOG_OK;
}

int catalog_confirm_pin(catalog_t *cat, const char *token, const char *pin)
{
    confirmation_row *c = malloc(sizeof *c);
    int commit = 0;
    if (cat == NULL || c == NULL) {
        free(c);
        return cat ? catalog__fail(cat, CATALOG_ENOMEM, "out of memory") : CATALOG_EINVAL;
    }
    int status = catalog__begin(cat, "checking the PIN in");
    if (status == CATALOG_OK)
        status = read_confirmation(cat, token, c);
    if (status == CATALOG_OK)
        status = check_usable(cat, c);
    if (status == CATALOG_OK)
        status = verify_pin(cat, pin, &commit);
    if (status == CATALOG_OK) {
        sqlite3_stmt *st = catalog__stmt(cat, ST_CONFIRM_PIN_OK);
        sqlite3_bind_text(st, 1, c->hash, -1, SQLITE_TRANSIENT);
        status = catalog__step_done(cat, st, "checking the PIN in");
    }
    free(c);
    return end_keeping(cat, status, commit, "checking the PIN in");
}

/* The same plan again, from the same source, must give the same text. */
static int replan(catalog_t *cat, const confirmation_row *c, plan_t *plan)
{
    long long product = 0, quantity = 0, unit = 0;
    int status;
    if (c->cart) {
        status = make_plan(cat, CATALOG_PURCHASE_CART, 0, 0, plan);
        if (status == CATALOG_EEMPTY)
            return catalog__fail(cat, CATALOG_ETOKEN,
                                 "the cart changed since you confirmed; it is empty now");
    } else {
        if (sscanf(c->lines, "%lld:%lld:%lld;", &product, &quantity, &unit) != 3)
            return catalog__fail(cat, CATALOG_ECORRUPT, "a confirmation is damaged");
        status = make_plan(cat, CATALOG_PURCHASE_REORDER, product, quantity, plan);
    }
    if (status == CATALOG_OK && strcmp(plan->text, c->lines) != 0)
        return catalog__fail(cat, CATALOG_ETOKEN,
                             c->cart ? "the cart changed since you confirmed; please confirm "
                                       "again"
                                     : "the price changed since you confirmed; please confirm "
                                       "again");
    return status;
}

/* Write the order, its lines and the stock; mark the confirmation used. */
static int record_plan(catalog_t *cat, const char *key, const confirmation_row *c,
                       const plan_t *plan, int64_t *order_id)
{
    char now[32];
    catalog__iso_time(catalog__now(cat), now, sizeof now);
    sqlite3_stmt *st = catalog__stmt(cat, ST_INSERT_ORDER_AT);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, plan->total_cents);
    int status = catalog__step_done(cat, st, "placing an order in");
    int64_t id = sqlite3_last_insert_rowid(cat->db);
    for (size_t i = 0; status == CATALOG_OK && i < plan->count; i++) {
        st = catalog__stmt(cat, ST_INSERT_ORDER_ITEM);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, plan->lines[i].product.id);
        sqlite3_bind_int64(st, 3, plan->lines[i].quantity);
        sqlite3_bind_int64(st, 4, plan->lines[i].unit_cents);
        status = catalog__step_done(cat, st, "placing an order in");
        st = catalog__stmt(cat, ST_TAKE_STOCK);
        sqlite3_bind_int64(st, 1, plan->lines[i].product.id);
        sqlite3_bind_int64(st, 2, plan->lines[i].quantity);
        if (status == CATALOG_OK)
            status = catalog__step_done(cat, st, "placing an order in");
        if (status == CATALOG_OK && sqlite3_changes(cat->db) != 1)
            status = catalog__fail(cat, CATALOG_ESTOCK, "%s sold out while ordering",
                                   plan->lines[i].product.name);
    }
    st = catalog__stmt(cat, ST_CONFIRM_USED);
    sqlite3_bind_text(st, 1, c->hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, id);
    if (status == CATALOG_OK)
        status = catalog__step_done(cat, st, "placing an order in");
    if (status == CATALOG_OK && c->cart)
        status = catalog__step_done(cat, catalog__stmt(cat, ST_CART_CLEAR), "placing an order in");
    if (status == CATALOG_OK)
        *order_id = id;
    return status;
}

/* An order already placed under this key: the same token again is a retry (OK, its id);
 * anything else under the key is the caller's mistake. ENOTFOUND when the key is new. */
static int keyed_order(catalog_t *cat, const char *key, const confirmation_row *c,
                       int64_t *order_id)
{
    sqlite3_stmt *st = catalog__stmt(cat, ST_ORDER_ID_BY_KEY);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return CATALOG_ENOTFOUND;
    if (rc != SQLITE_ROW)
        return catalog__fail_sqlite(cat, rc, "placing an order in");
    if (c->used && c->order_id == id) {
        *order_id = id;
        return CATALOG_OK;
    }
    return catalog__fail(cat, CATALOG_EINVAL,
                         "idempotency key \"%.64s\" was already used for a different order (%lld)",
                         key, (long long)id);
}

static int place_locked(catalog_t *cat, const char *token, const char *key, int64_t *order_id)
{
    char stored[256];
    int64_t failures;
    confirmation_row *c = malloc(sizeof *c);
    plan_t *plan = malloc(sizeof *plan);
    int status = c && plan ? CATALOG_OK
                           : catalog__fail(cat, CATALOG_ENOMEM, "out of memory placing an order");
    if (status == CATALOG_OK)
        status = read_confirmation(cat, token, c);
    if (status == CATALOG_OK) {
        status = keyed_order(cat, key, c, order_id);
        if (status == CATALOG_ENOTFOUND)
            status = check_usable(cat, c);
        else if (status == CATALOG_OK)
            status = 1; /* a retry of a placed order: done */
    }
    if (status == CATALOG_OK)
        status = check_lock(cat, &failures);
    if (status == CATALOG_OK)
        status = stored_pin(cat, stored, sizeof stored);
    if (status == CATALOG_OK && stored[0] != '\0' && !c->pin_ok)
        status = catalog__fail(cat, CATALOG_EPIN, "please say your PIN to place the order");
    if (status == CATALOG_OK)
        status = replan(cat, c, plan);
    if (status == CATALOG_OK)
        status = check_plan(cat, plan);
    if (status == CATALOG_OK)
        status = record_plan(cat, key, c, plan, order_id);
    free(c);
    free(plan);
    return status == 1 ? CATALOG_OK : status;
}

int catalog_place_confirmed(catalog_t *cat, const char *token, const char *idempotency_key,
                            int64_t *order_id)
{
    if (cat == NULL)
        return CATALOG_EINVAL;
    if (idempotency_key == NULL || idempotency_key[0] == '\0' ||
        strlen(idempotency_key) > CATALOG_KEY_MAX || order_id == NULL)
        return catalog__fail(cat, CATALOG_EINVAL,
                             "an order needs an idempotency key of 1 to %d bytes", CATALOG_KEY_MAX);
    if (token == NULL)
        return catalog__fail(cat, CATALOG_ETOKEN, "that purchase was not confirmed");
    int64_t id = 0;
    int status = catalog__begin(cat, "placing an order in");
    if (status != CATALOG_OK)
        return status;
    status =
        catalog__end(cat, place_locked(cat, token, idempotency_key, &id), "saving the order in");
    if (status == CATALOG_OK)
        *order_id = id;
    return status;
}
