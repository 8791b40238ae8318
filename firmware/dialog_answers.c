/*
 * dialog_answers.c - answers to questions (price, stock, sizes, ingredients, allergens,
 * deals, orders, notifications, support) and the cart. Each answer says the short fact first
 * and the details after, with numbers and money in words (say.h).
 */
#include "dialog_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"

#define LIST_MAX 5 /* most items one answer reads out */

/* The product's details, or DIALOG__ANSWERED / a negative status as dialog__product(). */
static int details(dialog_t *d, const grammar_intent_t *intent, catalog_details_t *det,
                   dialog_reply_t *out)
{
    catalog_product_t p;
    int rc = dialog__product(d, intent, &p, out);
    return rc == CATALOG_OK ? catalog_get_details(d->cat, p.id, det) : rc;
}

static int on_price(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    char price[128], list[128];
    int rc = details(d, intent, &det, out);
    if (rc != CATALOG_OK)
        return rc;
    dialog__price(d, det.price.deal_price_cents, price, sizeof price);
    if (det.price.promotion_id > 0 && det.price.deal_price_cents < det.price.price_cents)
        dialog__msg(d, out, MSG_PRICE_DEAL, "product", det.product.name, "price", price, "unit",
                    det.product.unit, "was",
                    dialog__price(d, det.price.price_cents, list, sizeof list), "deal",
                    det.price.promotion_title, NULL);
    else
        dialog__msg(d, out, MSG_PRICE, "product", det.product.name, "price", price, "unit",
                    det.product.unit, NULL);
    return 0;
}

static int on_stock(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    char date[96];
    int rc = details(d, intent, &det, out);
    if (rc != CATALOG_OK)
        return rc;
    if (det.product.stock > 0)
        dialog__msg(d, out, MSG_IN_STOCK, "product", det.product.name, NULL);
    else if (det.restock_at[0])
        dialog__msg(d, out, MSG_OUT_OF_STOCK_UNTIL, "product", det.product.name, "date",
                    dialog__date(d, det.restock_at, date, sizeof date), NULL);
    else
        dialog__msg(d, out, MSG_OUT_OF_STOCK, "product", det.product.name, NULL);
    return 0;
}

typedef struct {
    dialog_t *d;
    char items[LIST_MAX][200];
    const char *ptrs[LIST_MAX];
    size_t n;
} sizes_ctx;

static int add_size(void *user, const catalog_product_t *p)
{
    sizes_ctx *s = user;
    catalog_details_t det;
    char price[128];
    if (s->n >= LIST_MAX)
        return 0;
    int rc = catalog_get_details(s->d->cat, p->id, &det);
    if (rc != CATALOG_OK)
        return rc;
    char size[160];
    dialog__text(s->d, MSG_SIZE_ITEM, s->items[s->n], "size",
                 det.size[0] ? say_size(det.size, size, sizeof size) : p->name, "price",
                 dialog__price(s->d, det.price.deal_price_cents, price, sizeof price), NULL);
    s->ptrs[s->n] = s->items[s->n];
    s->n++;
    return 0;
}

static int on_sizes(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    sizes_ctx *s = calloc(1, sizeof *s);
    char list[900], count[32], size[160];
    if (!s)
        return CATALOG_ENOMEM;
    s->d = d;
    int rc = details(d, intent, &det, out);
    if (rc == CATALOG_OK)
        rc = catalog_sizes(d->cat, det.product.id, add_size, s);
    if (rc == CATALOG_OK && s->n <= 1)
        dialog__msg(d, out, det.size[0] ? MSG_SIZES_ONE_NAMED : MSG_SIZES_ONE, "product",
                    det.product.name, "size", say_size(det.size, size, sizeof size), NULL);
    else if (rc == CATALOG_OK)
        dialog__msg(d, out, MSG_SIZES, "product", det.product.name, "count",
                    say_number((int64_t)s->n, count, sizeof count), "list",
                    say_list(s->ptrs, s->n, dialog__word(d, MSG_WORD_AND), list, sizeof list),
                    NULL);
    free(s);
    return rc;
}

static int on_ingredients(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    int rc = details(d, intent, &det, out);
    if (rc != CATALOG_OK)
        return rc;
    if (det.ingredients[0])
        dialog__msg(d, out, MSG_INGREDIENTS, "product", det.product.name, "ingredients",
                    det.ingredients, NULL);
    else
        dialog__msg(d, out, MSG_INGREDIENTS_NONE, "product", det.product.name, NULL);
    return 0;
}

/*
 * "Does it contain peanuts?" and "is it peanut free?" have the same intent and slots, so the
 * answer names the fact instead of saying yes or no, which would mean opposite things.
 */
/* The allergen as the answer says it: "is it nut free" is answered "... contains nuts". */
static const char *allergen_spoken(const char *said)
{
    static const char *const plural[][2] = {
        {"nut", "nuts"}, {"tree nut", "tree nuts"}, {"peanut", "peanuts"}, {"egg", "eggs"}};
    for (size_t i = 0; said && i < sizeof plural / sizeof plural[0]; i++)
        if (strcmp(said, plural[i][0]) == 0)
            return plural[i][1];
    return said;
}

static int on_allergens(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    const char *allergen = allergen_spoken(grammar_intent_slot(intent, "allergen"));
    int contains = 0, known = 0;
    int rc = details(d, intent, &det, out);
    if (rc == CATALOG_OK && allergen)
        rc = catalog_contains(d->cat, det.product.id, allergen, &contains, &known);
    if (rc != CATALOG_OK)
        return rc;
    msg_id_t id = allergen && !known     ? MSG_ALLERGEN_UNKNOWN
                  : allergen && contains ? MSG_ALLERGEN_CONTAINS
                  : allergen             ? MSG_ALLERGEN_NOT_LISTED
                  : det.allergens[0]     ? MSG_ALLERGENS
                  : det.ingredients[0]   ? MSG_ALLERGENS_NONE
                                         : MSG_ALLERGENS_UNKNOWN;
    dialog__msg(d, out, id, "product", det.product.name, "allergen", allergen, "allergens",
                det.allergens, NULL);
    return 0;
}

/* The description answer for det, into out. */
static void describe(dialog_t *d, const catalog_details_t *det, dialog_reply_t *out)
{
    char price[128];
    dialog__price(d, det->price.deal_price_cents, price, sizeof price);
    if (det->description[0])
        dialog__msg(d, out, MSG_DESCRIBE, "product", det->product.name, "description",
                    det->description, "price", price, "unit", det->product.unit, NULL);
    else
        dialog__msg(d, out, MSG_DESCRIBE_PLAIN, "product", det->product.name, "brand",
                    det->product.brand[0] ? det->product.brand : dialog__word(d, MSG_BRAND_NONE),
                    "category", det->product.category, "price", price, "unit", det->product.unit,
                    NULL);
}

static int on_describe(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    int rc = details(d, intent, &det, out);
    if (rc == CATALOG_OK)
        describe(d, &det, out);
    return rc;
}

/* The rating of det ("rated four point two out of five, ..."), added to out. */
static void add_rating(dialog_t *d, const catalog_details_t *det, dialog_reply_t *out)
{
    char stars[64], count[128];
    if (det->rating_count > 0)
        dialog__add_msg(d, out, det->rating_count == 1 ? MSG_RATING_ONE : MSG_RATING, "product",
                        det->product.name, "rating", say_rating(det->rating, stars, sizeof stars),
                        "count", say_number(det->rating_count, count, sizeof count), NULL);
    else
        dialog__add_msg(d, out, MSG_RATING_NONE, "product", det->product.name, NULL);
}

static int on_rating(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    int rc = details(d, intent, &det, out);
    if (rc != CATALOG_OK)
        return rc;
    out->answer[0] = '\0';
    add_rating(d, &det, out);
    return 0;
}

/* ---- Deals and categories ----------------------------------------------------------------- */

/* Up to LIST_MAX names (deals, products) gathered for one spoken list (say_list()). */
typedef struct {
    char names[LIST_MAX][128];
    const char *ptrs[LIST_MAX];
    size_t n;
} names_ctx;

static void names_add(names_ctx *c, const char *name)
{
    if (c->n < LIST_MAX) {
        snprintf(c->names[c->n], sizeof c->names[c->n], "%s", name);
        c->ptrs[c->n] = c->names[c->n];
        c->n++;
    }
}

static int add_deal(void *user, const catalog_promotion_t *promotion)
{
    names_add(user, promotion->title);
    return 0;
}

typedef struct {
    const char *spoken; /* as the grammar gave it: "coffee and tea", "tea" */
    char found[64];
} category_ctx;

/* The stored category a spoken one means: the whole name, or one part of an "a & b" name. */
static int match_category(void *user, const char *category)
{
    category_ctx *c = user;
    char spoken[160];
    grammar_normalize(category, spoken, sizeof spoken);
    size_t n = strlen(c->spoken);
    const char *at = strstr(spoken, c->spoken);
    int whole_words = at && (at == spoken || at[-1] == ' ') && (at[n] == '\0' || at[n] == ' ');
    if (strcmp(spoken, c->spoken) == 0 || (whole_words && strstr(spoken, " and "))) {
        snprintf(c->found, sizeof c->found, "%s", category);
        return 1;
    }
    return 0;
}

/* The stored category for the intent's "category" slot into found; DIALOG__ANSWERED if none. */
static int category(dialog_t *d, const grammar_intent_t *intent, char *found, size_t len,
                    dialog_reply_t *out)
{
    category_ctx c = {grammar_intent_slot(intent, "category"), ""};
    int rc = c.spoken ? catalog_for_each_category(d->cat, match_category, &c) : 0;
    if (rc < 0)
        return rc;
    if (!c.found[0]) {
        dialog__msg(d, out, MSG_CATEGORY_UNKNOWN, NULL);
        return DIALOG__ANSWERED;
    }
    snprintf(found, len, "%s", c.found);
    return CATALOG_OK;
}

static int on_deals(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    names_ctx t = {0};
    char list[900], where[200], aisle[64];
    catalog_product_t p;
    int rc;
    if (grammar_intent_slot(intent, "category")) {
        if ((rc = category(d, intent, aisle, sizeof aisle, out)) != CATALOG_OK)
            return rc;
        rc = catalog_deals_in_category(d->cat, aisle, add_deal, &t);
        grammar_normalize(aisle, list, sizeof list); /* "coffee and tea", not "&" */
        dialog__text(d, MSG_WHERE_CATEGORY, where, "category", list, NULL);
    } else if (grammar_intent_slot(intent, "product")) {
        if ((rc = dialog__product(d, intent, &p, out)) != CATALOG_OK)
            return rc;
        rc = catalog_deals_for_product(d->cat, p.id, add_deal, &t);
        dialog__text(d, MSG_WHERE_PRODUCT, where, "product", p.name, NULL);
    } else {
        dialog__text(d, MSG_WHERE_TODAY, where, NULL);
        rc = catalog_deals_today(d->cat, LIST_MAX, add_deal, &t);
    }
    if (rc < 0)
        return rc;
    if (t.n == 0)
        dialog__msg(d, out, MSG_DEALS_NONE, "where", where, NULL);
    else
        dialog__msg(d, out, t.n == 1 ? MSG_DEALS_ONE : MSG_DEALS, "where", where, "list",
                    say_list(t.ptrs, t.n, dialog__word(d, MSG_WORD_AND), list, sizeof list), NULL);
    return 0;
}

/* Products of an aisle from the skip-th on (catalog_list_products() has no offset). */
typedef struct {
    names_ctx names;
    size_t skip, seen;
} aisle_ctx;

static int add_product_name(void *user, const catalog_product_t *p)
{
    aisle_ctx *c = user;
    if (c->seen++ >= c->skip)
        names_add(&c->names, p->name);
    return 0;
}

/* BROWSE_PAGE products read out at a time: a fourth only tells whether to say "and more". */
#define BROWSE_PAGE 3

/* "Browse snacks" reads the first three; "what else" (slot more) the next three, and so on. */
static int on_browse(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    char aisle[64], list[900], spoken[160];
    bool next = grammar_intent_slot(intent, "more") != NULL;
    if (next && !d->browse.aisle[0]) {
        dialog__msg(d, out, MSG_BROWSE_WHICH, NULL);
        return 0;
    }
    int rc = next ? CATALOG_OK : category(d, intent, aisle, sizeof aisle, out);
    if (rc != CATALOG_OK)
        return rc;
    if (next)
        snprintf(aisle, sizeof aisle, "%s", d->browse.aisle);
    aisle_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return CATALOG_ENOMEM;
    c->skip = next ? d->browse.said : 0;
    rc = catalog_list_products(d->cat, aisle, (int64_t)(c->skip + BROWSE_PAGE + 1),
                               add_product_name, c);
    names_ctx *names = &c->names;
    bool more = names->n > BROWSE_PAGE;
    names->n = more ? BROWSE_PAGE : names->n;
    grammar_normalize(aisle, spoken, sizeof spoken);
    msg_id_t id = names->n == 0 ? (next ? MSG_BROWSE_NO_MORE : MSG_BROWSE_EMPTY)
                  : next        ? (more ? MSG_BROWSE_NEXT : MSG_BROWSE_LAST)
                  : more        ? MSG_BROWSE
                                : MSG_BROWSE_ALL;
    if (rc == CATALOG_OK)
        dialog__msg(
            d, out, id, "category", spoken, "list",
            say_list(names->ptrs, names->n, dialog__word(d, MSG_WORD_AND), list, sizeof list),
            NULL);
    snprintf(d->browse.aisle, sizeof d->browse.aisle, "%s", aisle);
    d->browse.said = c->skip + names->n;
    free(c);
    return rc;
}

static int on_pairing(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p, with[3];
    names_ctx c = {0};
    char list[600];
    size_t n = 0;
    int rc = dialog__product(d, intent, &p, out);
    if (rc == CATALOG_OK)
        rc = catalog_bought_together(d->cat, p.id, with, 3, &n);
    if (rc != CATALOG_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        names_add(&c, with[i].name);
    if (n == 0)
        dialog__msg(d, out, MSG_PAIRING_NONE, "product", p.name, NULL);
    else
        dialog__msg(d, out, MSG_PAIRING, "product", p.name, "list",
                    say_list(c.ptrs, c.n, dialog__word(d, MSG_WORD_AND), list, sizeof list), NULL);
    return 0;
}

static int on_price_alert(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    char below[128], now[128];
    int already = 0;
    long cents = grammar_price_cents(grammar_intent_slot(intent, "price"));
    int rc = dialog__product(d, intent, &p, out);
    if (rc != CATALOG_OK)
        return rc;
    if (cents <= 0) {
        dialog__msg(d, out, MSG_ALERT_NO_PRICE, NULL);
        return 0;
    }
    rc = catalog_watch_price(d->cat, p.id, cents, &already);
    if (rc != CATALOG_OK)
        return rc;
    dialog__price(d, cents, below, sizeof below);
    catalog_price_t today;
    if (already && catalog_price_today(d->cat, p.id, &today) == CATALOG_OK)
        dialog__msg(d, out, MSG_ALERT_ALREADY, "product", p.name, "below", below, "price",
                    dialog__price(d, today.deal_price_cents, now, sizeof now), NULL);
    else
        dialog__msg(d, out, MSG_ALERT, "product", p.name, "below", below, NULL);
    return 0;
}

/* ---- Orders, notifications, support --------------------------------------------------------- */

static int on_order_status(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_order_status_t s;
    char number[64], date[96];
    (void)intent;
    int rc = catalog_order_status(d->cat, 0, &s);
    if (rc == CATALOG_ENOTFOUND) {
        dialog__msg(d, out, MSG_ORDER_NONE, NULL);
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    say_number(s.order.id, number, sizeof number);
    dialog__date(d, s.estimated_at, date, sizeof date);
    /* A date gone by is not said as if still to come. */
    bool shipped = strcmp(s.order.status, "shipped") == 0;
    msg_id_t id = shipped && s.late                          ? MSG_ORDER_SHIPPED_LATE
                  : shipped                                  ? MSG_ORDER_SHIPPED
                  : strcmp(s.order.status, "delivered") == 0 ? MSG_ORDER_DELIVERED
                  : strcmp(s.order.status, "cancelled") == 0 ? MSG_ORDER_CANCELLED
                  : s.late                                   ? MSG_ORDER_PREPARING_LATE
                                                             : MSG_ORDER_PREPARING;
    dialog__msg(d, out, id, "number", number, "date", date, NULL);
    if (s.cancellable)
        dialog__add_msg(d, out, MSG_ORDER_CANCELLABLE, NULL);
    return 0;
}

typedef struct {
    dialog_t *d;
    char first[600]; /* the first notification, said alone when it is the only one */
    char text[900];  /* all of them, "First: ... Second: ..." */
    size_t n;
    int rc;
} missed_ctx;

static int read_notification(void *user, const catalog_notification_t *n)
{
    missed_ctx *m = user;
    char spoken[600], nth[32], item[700];
    size_t len = strlen(m->text);
    dialog__money_text(m->d, n->text, spoken, sizeof spoken);
    if (m->n == 0)
        snprintf(m->first, sizeof m->first, "%s", spoken);
    if (m->n < LIST_MAX) {
        say_ordinal((int)m->n + 1, nth, sizeof nth);
        nth[0] = (char)(nth[0] - 'a' + 'A'); /* "First" */
        dialog__text(m->d, MSG_MISSED_ITEM, item, "nth", nth, "text", spoken, NULL);
        snprintf(m->text + len, sizeof m->text - len, "%s%s", len ? " " : "", item);
    }
    m->n++;
    m->rc = catalog_mark_notification_read(m->d->cat, n->id);
    return m->rc;
}

static int on_missed(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    missed_ctx *m = calloc(1, sizeof *m);
    char count[32];
    (void)intent;
    if (!m)
        return CATALOG_ENOMEM;
    m->d = d;
    int rc = catalog_unread_notifications(d->cat, LIST_MAX, read_notification, m);
    if (rc == 0 && m->n == 0)
        dialog__msg(d, out, MSG_MISSED_NONE, NULL);
    else if (rc == 0 && m->n == 1) /* no "First:" for one */
        dialog__msg(d, out, MSG_MISSED_ONE, "text", m->first, NULL);
    else if (rc == 0)
        dialog__msg(d, out, MSG_MISSED, "count", say_number((int64_t)m->n, count, sizeof count),
                    "list", m->text, NULL);
    free(m);
    return rc;
}

static int on_human(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    char hours[256], spoken_hours[400], phone[64] = "", spoken_phone[256];
    (void)intent;
    int rc = catalog_request_callback(d->cat, NULL, hours, sizeof hours);
    if (rc != CATALOG_OK)
        return rc;
    dialog__msg(d, out, MSG_HUMAN, "hours", say_hours(hours, spoken_hours, sizeof spoken_hours),
                NULL);
    if (catalog_get_setting(d->cat, "support_phone", phone, sizeof phone) == CATALOG_OK && phone[0])
        dialog__add_msg(d, out, MSG_HUMAN_PHONE, "phone",
                        say_digits(phone, spoken_phone, sizeof spoken_phone), NULL);
    return 0;
}

/* ---- The cart ------------------------------------------------------------------------------- */

/* The cart's size and total added to the answer as message `id` ({items} {total}), or `empty`
 * (MSG_COUNT: nothing) when it holds nothing; *count (may be NULL) gets its number of lines. */
static int say_cart(dialog_t *d, dialog_reply_t *out, msg_id_t id, msg_id_t empty, size_t *count)
{
    catalog_cart_t *cart = malloc(sizeof *cart);
    char items[96], total[128];
    if (!cart)
        return CATALOG_ENOMEM;
    int rc = catalog_cart_contents(d->cat, cart);
    if (rc == CATALOG_OK && cart->count == 0) {
        if (empty != MSG_COUNT)
            dialog__add_msg(d, out, empty, NULL);
    } else if (rc == CATALOG_OK)
        dialog__add_msg(
            d, out, id, "items",
            say_quantity(cart->quantity, dialog__word(d, MSG_ITEM_UNIT), items, sizeof items),
            "total", dialog__price(d, cart->total_cents, total, sizeof total), NULL);
    if (count)
        *count = rc == CATALOG_OK ? cart->count : 0;
    free(cart);
    return rc;
}

/* "Your cart has three items, twelve dollars in all." */
static int cart_total(dialog_t *d, dialog_reply_t *out)
{
    return say_cart(d, out, MSG_CART_TOTAL, MSG_CART_EMPTY_NOW, NULL);
}

/* How many of a product the cart holds: 0 when none, a negative status when it failed. */
static int64_t cart_holds(dialog_t *d, int64_t product_id)
{
    catalog_cart_t *cart = malloc(sizeof *cart);
    if (!cart)
        return CATALOG_ENOMEM;
    int64_t n = catalog_cart_contents(d->cat, cart);
    for (size_t i = 0; n == CATALOG_OK && i < cart->count; i++)
        if (cart->lines[i].product.id == product_id)
            n = cart->lines[i].quantity;
    free(cart);
    return n;
}

void dialog__remember_undo(dialog_t *d, int64_t product_id, int64_t had)
{
    d->undo.product_id = product_id;
    d->undo.had = had;
    d->undo.fresh = 1;
    d->undo.at = catalog_now(d->cat);
}

int dialog__undo_cart(dialog_t *d, dialog_reply_t *out)
{
    int64_t id = d->undo.product_id, had = d->undo.had;
    bool recent = catalog_now(d->cat) - d->undo.at <= DIALOG_UNDO_SECONDS;
    memset(&d->undo, 0, sizeof d->undo);
    if (id == 0 || !recent)
        return 0;
    catalog_product_t p;
    char qty[128];
    int rc = catalog_get_product(d->cat, id, &p);
    if (rc == CATALOG_ENOTFOUND)
        return 0; /* the operator took the product out of the catalog since */
    if (rc == CATALOG_OK)
        rc = catalog_cart_set_quantity(d->cat, id, had);
    if (rc == CATALOG_ENOTFOUND && had == 0)
        rc = CATALOG_OK; /* already out of the cart */
    if (rc == CATALOG_ESTOCK || rc == CATALOG_EINVAL || rc == CATALOG_ETOOBIG) {
        dialog__say_reason(d, out); /* the line cannot hold what it did: left as it is */
        return 1;
    }
    if (rc != CATALOG_OK)
        return rc;
    if (had == 0)
        dialog__msg(d, out, MSG_CART_UNDONE_OUT, "product", p.name, NULL);
    else
        dialog__msg(d, out, MSG_CART_UNDONE_BACK, "quantity",
                    say_quantity(had, p.unit, qty, sizeof qty), "product", p.name, NULL);
    d->last_product_id = p.id;
    rc = cart_total(d, out);
    return rc == CATALOG_OK ? 1 : rc;
}

/* "Empty my cart": what it holds is said and a yes asked for (dialog__on_yes() empties it),
 * since the shopper may have built it up over days; an empty cart is said to be empty. */
static int on_cart_clear(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    size_t lines = 0;
    (void)intent;
    int rc = say_cart(d, out, MSG_CART_CLEAR_ASK, MSG_CART_EMPTY, &lines);
    if (rc == CATALOG_OK && lines > 0) {
        d->pending.kind = DIALOG__PENDING_CLEAR;
        d->state = DIALOG_STATE_CONFIRM;
    }
    return rc;
}

static int on_cart_add(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    char qty[128];
    const char *said = grammar_intent_slot(intent, "quantity");
    int n = said ? grammar_number_value(said) : 1;
    int rc = dialog__product(d, intent, &p, out);
    if (rc != CATALOG_OK)
        return rc;
    if (!dialog__unit_fits(d, intent, &p, MSG_WRONG_UNIT, out))
        return 0;
    if (p.stock <= 0) {
        dialog__msg(d, out, MSG_CART_ADD_OUT_OF_STOCK, "product", p.name, NULL);
        return 0;
    }
    int64_t had = cart_holds(d, p.id);
    if (had < 0)
        return (int)had;
    rc = catalog_cart_add(d->cat, p.id, n);
    if (rc == CATALOG_EINVAL || rc == CATALOG_ETOOBIG || rc == CATALOG_ESTOCK) {
        dialog__say_reason(d, out);
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    dialog__remember_undo(d, p.id, had);
    dialog__msg(d, out, MSG_CART_ADDED, "quantity", say_quantity(n, p.unit, qty, sizeof qty),
                "product", p.name, NULL);
    return cart_total(d, out);
}

typedef struct {
    const catalog_cart_t *cart;
    catalog_product_t found; /* the cart's product the words found, when hits == 1 */
    int hits;
} cart_words_t;

static int count_cart_hit(void *user, const catalog_product_t *p)
{
    cart_words_t *c = user;
    for (size_t i = 0; i < c->cart->count; i++)
        if (c->cart->lines[i].product.id == p->id && c->hits++ == 0)
            c->found = c->cart->lines[i].product;
    return 0;
}

/*
 * The product of a command about the cart: when the words find exactly one of the cart's
 * products ("remove the milk" with oat milk the only milk in it), that one, though the words
 * alone would name another (the alias "milk" is whole milk); otherwise dialog__product().
 */
static int cart_product(dialog_t *d, const grammar_intent_t *intent, catalog_product_t *p,
                        dialog_reply_t *out)
{
    const char *said = grammar_intent_slot(intent, "product");
    catalog_cart_t *cart = said && strcmp(said, "it") != 0 ? malloc(sizeof *cart) : NULL;
    cart_words_t c = {cart, {0}, 0};
    if (cart && catalog_cart_contents(d->cat, cart) == CATALOG_OK && cart->count > 0)
        catalog_search_products(d->cat, said, 0, count_cart_hit, &c);
    free(cart);
    if (c.hits != 1)
        return dialog__product(d, intent, p, out);
    *p = c.found;
    d->last_product_id = p->id;
    return CATALOG_OK;
}

/* "Remove the oat milk" takes the line out; "remove one oat milk" takes one of it (the line
 * when that is all it holds). */
static int on_cart_remove(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    char qty[128];
    const char *said = grammar_intent_slot(intent, "quantity");
    int rc = cart_product(d, intent, &p, out);
    if (rc == CATALOG_OK && !dialog__unit_fits(d, intent, &p, MSG_WRONG_UNIT, out))
        return 0;
    int64_t had = rc == CATALOG_OK ? cart_holds(d, p.id) : 0;
    int n = said ? grammar_number_value(said) : 0;
    if (had < 0)
        return (int)had;
    if (rc == CATALOG_OK && had > n && n > 0) {
        if ((rc = catalog_cart_set_quantity(d->cat, p.id, had - n)) != CATALOG_OK)
            return rc;
        dialog__remember_undo(d, p.id, had);
        dialog__msg(d, out, MSG_CART_TOOK_OUT, "quantity", say_quantity(n, p.unit, qty, sizeof qty),
                    "product", p.name, NULL);
        return cart_total(d, out);
    }
    if (rc == CATALOG_OK)
        rc = catalog_cart_remove(d->cat, p.id);
    if (rc == CATALOG_ENOTFOUND) {
        dialog__msg(d, out, MSG_CART_NOT_IN, "product", p.name, NULL);
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    dialog__remember_undo(d, p.id, had);
    dialog__msg(d, out, MSG_CART_REMOVED, "product", p.name, NULL);
    return cart_total(d, out);
}

static int on_cart_change(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    char qty[128];
    int n = grammar_number_value(grammar_intent_slot(intent, "quantity"));
    int rc = cart_product(d, intent, &p, out);
    if (rc != CATALOG_OK)
        return rc;
    if (!dialog__unit_fits(d, intent, &p, MSG_WRONG_UNIT, out))
        return 0;
    int64_t had = cart_holds(d, p.id); /* "only one oat milk" with none in the cart adds it */
    if (had < 0)
        return (int)had;
    rc = catalog_cart_set_quantity(d->cat, p.id, n);
    if (rc == CATALOG_ENOTFOUND) {
        dialog__msg(d, out, MSG_CART_CHANGE_NOT_IN, "product", p.name, NULL);
        return 0;
    }
    if (rc == CATALOG_EINVAL || rc == CATALOG_ESTOCK) {
        dialog__say_reason(d, out);
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    dialog__remember_undo(d, p.id, had);
    dialog__msg(d, out, had ? MSG_CART_CHANGED : MSG_CART_ADDED, "quantity",
                say_quantity(n, p.unit, qty, sizeof qty), "product", p.name, NULL);
    return cart_total(d, out);
}

static int on_cart_list(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_cart_t *cart = malloc(sizeof *cart);
    char list[900], total[128];
    (void)intent;
    if (!cart)
        return CATALOG_ENOMEM;
    int rc = catalog_cart_contents(d->cat, cart);
    if (rc == CATALOG_OK && cart->count == 0)
        dialog__msg(d, out, MSG_CART_EMPTY, NULL);
    else if (rc == CATALOG_OK)
        dialog__msg(d, out, MSG_CART_LIST, "list", dialog__cart_lines(d, cart, list, sizeof list),
                    "total", dialog__price(d, cart->total_cents, total, sizeof total), NULL);
    if (rc == CATALOG_OK && cart->count == 1)
        d->last_product_id = cart->lines[0].product.id;
    free(cart);
    return rc;
}

/* "More details", "tell me more": the short answers (price, stock, ...) leave the rest out;
 * this says it for the product in context: the description, then its size, ingredients and
 * rating when the catalog has them. */
static int on_more(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    int rc = details(d, intent, &det, out);
    if (rc != CATALOG_OK)
        return rc;
    describe(d, &det, out);
    char size[160];
    if (det.size[0])
        dialog__add_msg(d, out, MSG_MORE_SIZE, "size", say_size(det.size, size, sizeof size), NULL);
    if (det.ingredients[0])
        dialog__add_msg(d, out, MSG_INGREDIENTS, "product", det.product.name, "ingredients",
                        det.ingredients, NULL);
    if (det.rating_count > 0)
        add_rating(d, &det, out);
    return 0;
}

/* Thanks; goodbye or "that's all": then a cart left full is named, since the shopper may
 * think it was ordered (it is ordered only by checking out). */
static int on_thanks(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    bool bye = grammar_intent_slot(intent, "bye") != NULL;
    dialog__msg(d, out, bye ? MSG_GOODBYE : MSG_THANKS, NULL);
    return bye ? say_cart(d, out, MSG_CART_WAITING, MSG_COUNT, NULL) : 0;
}

dialog__handler_fn dialog__answer_handler(const char *name)
{
    static const struct {
        const char *name;
        dialog__handler_fn fn;
    } table[] = {
        {"price", on_price},
        {"stock", on_stock},
        {"sizes", on_sizes},
        {"ingredients", on_ingredients},
        {"allergens", on_allergens},
        {"describe", on_describe},
        {"more", on_more},
        {"rating", on_rating},
        {"deals", on_deals},
        {"pairing", on_pairing},
        {"price_alert", on_price_alert},
        {"order_status", on_order_status},
        {"missed", on_missed},
        {"browse", on_browse},
        {"human", on_human},
        {"cart_add", on_cart_add},
        {"cart_remove", on_cart_remove},
        {"cart_change", on_cart_change},
        {"cart_list", on_cart_list},
        {"cart_clear", on_cart_clear},
        {"thanks", on_thanks},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(name, table[i].name) == 0)
            return table[i].fn;
    return NULL;
}
