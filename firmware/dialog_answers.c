/*
 * dialog_answers.c - answers to questions (price, stock, sizes, ingredients, allergens,
 * deals, orders, notifications, support) and the cart. Each answer says the short fact first
 * and the details after, with numbers and money in words (say.h).
 */
#include "dialog_internal.h"

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
    say_price(det.price.deal_price_cents, price, sizeof price);
    if (det.price.promotion_id > 0 && det.price.deal_price_cents < det.price.price_cents)
        dialog__say(out, "%s costs %s a %s today, down from %s, with %s.", det.product.name, price,
                    det.product.unit, say_price(det.price.price_cents, list, sizeof list),
                    det.price.promotion_title);
    else
        dialog__say(out, "%s costs %s a %s.", det.product.name, price, det.product.unit);
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
        dialog__say(out, "Yes, %s is in stock.", det.product.name);
    else if (det.restock_at[0])
        dialog__say(out, "Sorry, %s is out of stock right now. It should be back on %s.",
                    det.product.name, say_date(det.restock_at, date, sizeof date));
    else
        dialog__say(out,
                    "Sorry, %s is out of stock right now, and I don't know when it will be "
                    "back.",
                    det.product.name);
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
    snprintf(s->items[s->n], sizeof s->items[s->n], "%s for %s", det.size[0] ? det.size : p->name,
             say_price(det.price.deal_price_cents, price, sizeof price));
    s->ptrs[s->n] = s->items[s->n];
    s->n++;
    return 0;
}

static int on_sizes(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    sizes_ctx *s = calloc(1, sizeof *s);
    char list[900], count[32];
    if (!s)
        return CATALOG_ENOMEM;
    s->d = d;
    int rc = details(d, intent, &det, out);
    if (rc == CATALOG_OK)
        rc = catalog_sizes(d->cat, det.product.id, add_size, s);
    if (rc == CATALOG_OK && s->n <= 1)
        dialog__say(out, "%s comes in one size%s%s.", det.product.name, det.size[0] ? ": " : "",
                    det.size);
    else if (rc == CATALOG_OK)
        dialog__say(out, "%s comes in %s sizes: %s.", det.product.name,
                    say_number((int64_t)s->n, count, sizeof count),
                    say_list(s->ptrs, s->n, "and", list, sizeof list));
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
        dialog__say(out, "%s is made of: %s.", det.product.name, det.ingredients);
    else
        dialog__say(out, "Sorry, I don't have the ingredients of %s.", det.product.name);
    return 0;
}

/*
 * "Does it contain peanuts?" and "is it peanut free?" have the same intent and slots, so the
 * answer names the fact instead of saying yes or no, which would mean opposite things.
 */
static int on_allergens(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    const char *allergen = grammar_intent_slot(intent, "allergen");
    int contains = 0, known = 0;
    int rc = details(d, intent, &det, out);
    if (rc == CATALOG_OK && allergen)
        rc = catalog_contains(d->cat, det.product.id, allergen, &contains, &known);
    if (rc != CATALOG_OK)
        return rc;
    if (allergen && !known)
        dialog__say(out,
                    "I don't know: there is no allergen or ingredient list for %s. Please "
                    "check the label.",
                    det.product.name);
    else if (allergen && contains)
        dialog__say(out, "%s contains %s.", det.product.name, allergen);
    else if (allergen)
        dialog__say(out,
                    "%s does not list %s in its allergens or ingredients. Check the label "
                    "to be sure.",
                    det.product.name, allergen);
    else if (det.allergens[0])
        dialog__say(out, "%s lists these allergens: %s.", det.product.name, det.allergens);
    else if (det.ingredients[0])
        dialog__say(out, "%s lists no allergens.", det.product.name);
    else
        dialog__say(out, "I don't know: there is no allergen list for %s.", det.product.name);
    return 0;
}

static int on_describe(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    char price[128];
    int rc = details(d, intent, &det, out);
    if (rc != CATALOG_OK)
        return rc;
    say_price(det.price.deal_price_cents, price, sizeof price);
    if (det.description[0])
        dialog__say(out, "%s: %s It is %s a %s.", det.product.name, det.description, price,
                    det.product.unit);
    else
        dialog__say(out, "%s is from %s, in %s, at %s a %s.", det.product.name,
                    det.product.brand[0] ? det.product.brand : "the store", det.product.category,
                    price, det.product.unit);
    return 0;
}

static int on_rating(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_details_t det;
    char stars[64], count[128];
    int rc = details(d, intent, &det, out);
    if (rc != CATALOG_OK)
        return rc;
    if (det.rating_count > 0)
        dialog__say(out, "%s is rated %s out of five, from %s %s.", det.product.name,
                    say_rating(det.rating, stars, sizeof stars),
                    say_number(det.rating_count, count, sizeof count),
                    det.rating_count == 1 ? "rating" : "ratings");
    else
        dialog__say(out, "%s has no ratings yet.", det.product.name);
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
        dialog__say(out, "Sorry, I don't know that part of the store.");
        return DIALOG__ANSWERED;
    }
    snprintf(found, len, "%s", c.found);
    return CATALOG_OK;
}

static int on_deals(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    names_ctx t = {0};
    char list[900], where[200] = "today", aisle[64];
    catalog_product_t p;
    int rc;
    if (grammar_intent_slot(intent, "category")) {
        if ((rc = category(d, intent, aisle, sizeof aisle, out)) != CATALOG_OK)
            return rc;
        rc = catalog_deals_in_category(d->cat, aisle, add_deal, &t);
        grammar_normalize(aisle, list, sizeof list); /* "coffee and tea", not "&" */
        snprintf(where, sizeof where, "in %.150s", list);
    } else if (grammar_intent_slot(intent, "product")) {
        if ((rc = dialog__product(d, intent, &p, out)) != CATALOG_OK)
            return rc;
        rc = catalog_deals_for_product(d->cat, p.id, add_deal, &t);
        snprintf(where, sizeof where, "on %s", p.name);
    } else {
        rc = catalog_deals_today(d->cat, LIST_MAX, add_deal, &t);
    }
    if (rc < 0)
        return rc;
    if (t.n == 0)
        dialog__say(out, "There are no deals %s.", where);
    else
        dialog__say(out, "%s %s: %s.", t.n == 1 ? "One deal" : "Deals", where,
                    say_list(t.ptrs, t.n, "and", list, sizeof list));
    return 0;
}

static int add_product_name(void *user, const catalog_product_t *p)
{
    names_add(user, p->name);
    return 0;
}

static int on_browse(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    names_ctx c = {0};
    char aisle[64], list[900];
    int rc = category(d, intent, aisle, sizeof aisle, out);
    if (rc == CATALOG_OK)
        rc = catalog_list_products(d->cat, aisle, 3, add_product_name, &c);
    if (rc != CATALOG_OK)
        return rc;
    char spoken[160];
    grammar_normalize(aisle, spoken, sizeof spoken);
    if (c.n == 0)
        dialog__say(out, "There is nothing in %s right now.", spoken);
    else
        dialog__say(out, "In %s we have %s, and more. Ask about any of them by name.", spoken,
                    say_list(c.ptrs, c.n, "and", list, sizeof list));
    return 0;
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
        dialog__say(out, "I don't have a suggestion to go with %s yet.", p.name);
    else
        dialog__say(out, "People who buy %s often get %s too.", p.name,
                    say_list(c.ptrs, c.n, "and", list, sizeof list));
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
        dialog__say(out, "Sorry, I didn't get the price. Say, for example: tell me when it "
                         "drops below ten dollars.");
        return 0;
    }
    rc = catalog_watch_price(d->cat, p.id, cents, &already);
    if (rc != CATALOG_OK)
        return rc;
    say_price(cents, below, sizeof below);
    if (already)
        dialog__say(out,
                    "%s is already under %s: it is %s today. I'll also tell you if it "
                    "drops below %s again.",
                    p.name, below, say_price(p.price_cents, now, sizeof now), below);
    else
        dialog__say(out, "Okay, I'll tell you when %s drops below %s.", p.name, below);
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
        dialog__say(out, "You have no orders yet.");
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    say_number(s.order.id, number, sizeof number);
    say_date(s.estimated_at, date, sizeof date);
    if (strcmp(s.order.status, "shipped") == 0)
        dialog__say(out, "Your last order, number %s, has shipped. It should arrive on %s.", number,
                    date);
    else if (strcmp(s.order.status, "delivered") == 0)
        dialog__say(out, "Your last order, number %s, has been delivered.", number);
    else if (strcmp(s.order.status, "cancelled") == 0)
        dialog__say(out, "Your last order, number %s, was cancelled.", number);
    else
        dialog__say(out, "Your last order, number %s, is being prepared. It should arrive by %s.",
                    number, date);
    if (s.cancellable)
        dialog__add(out, " You can still cancel it.");
    return 0;
}

typedef struct {
    dialog_t *d;
    char text[900];
    size_t n;
    int rc;
} missed_ctx;

static int read_notification(void *user, const catalog_notification_t *n)
{
    static const char *const nth[] = {"First", "Second", "Third", "Fourth", "Fifth"};
    missed_ctx *m = user;
    char spoken[600];
    size_t len = strlen(m->text);
    say_money_in_text(n->text, spoken, sizeof spoken);
    if (m->n < LIST_MAX)
        snprintf(m->text + len, sizeof m->text - len, " %s: %s", nth[m->n], spoken);
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
        dialog__say(out, "Nothing new since you last asked.");
    else if (rc == 0 && m->n == 1) /* no "First:" for one */
        dialog__say(out, "You have one update:%s", m->text + strlen(" First:"));
    else if (rc == 0)
        dialog__say(out, "You have %s updates.%s", say_number((int64_t)m->n, count, sizeof count),
                    m->text);
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
    dialog__say(out,
                "I've asked for someone from customer service to call you back. They "
                "answer %s.",
                say_hours(hours, spoken_hours, sizeof spoken_hours));
    if (catalog_get_setting(d->cat, "support_phone", phone, sizeof phone) == CATALOG_OK && phone[0])
        dialog__add(out, " You can also call them at %s.",
                    say_digits(phone, spoken_phone, sizeof spoken_phone));
    return 0;
}

/* ---- The cart ------------------------------------------------------------------------------- */

/* "Your cart has three items, twelve dollars in all." */
static int cart_total(dialog_t *d, dialog_reply_t *out)
{
    catalog_cart_t *cart = malloc(sizeof *cart);
    char items[96], total[128];
    if (!cart)
        return CATALOG_ENOMEM;
    int rc = catalog_cart_contents(d->cat, cart);
    if (rc == CATALOG_OK && cart->count == 0)
        dialog__add(out, " Your cart is empty now.");
    else if (rc == CATALOG_OK)
        dialog__add(out, " Your cart has %s, %s in all.",
                    say_quantity(cart->quantity, "item", items, sizeof items),
                    say_price(cart->total_cents, total, sizeof total));
    free(cart);
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
    if (p.stock <= 0) {
        dialog__say(out, "Sorry, %s is out of stock right now, so I didn't add it.", p.name);
        return 0;
    }
    rc = catalog_cart_add(d->cat, p.id, n);
    if (rc == CATALOG_EINVAL || rc == CATALOG_ETOOBIG) {
        dialog__say_reason(d, out);
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    dialog__say(out, "Added %s of %s.", say_quantity(n, p.unit, qty, sizeof qty), p.name);
    return cart_total(d, out);
}

static int on_cart_remove(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    int rc = dialog__product(d, intent, &p, out);
    if (rc == CATALOG_OK)
        rc = catalog_cart_remove(d->cat, p.id);
    if (rc == CATALOG_ENOTFOUND) {
        dialog__say(out, "%s isn't in your cart.", p.name);
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    dialog__say(out, "Removed %s from your cart.", p.name);
    return cart_total(d, out);
}

static int on_cart_change(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    char qty[128];
    int n = grammar_number_value(grammar_intent_slot(intent, "quantity"));
    int rc = dialog__product(d, intent, &p, out);
    if (rc != CATALOG_OK)
        return rc;
    rc = catalog_cart_set_quantity(d->cat, p.id, n);
    if (rc == CATALOG_ENOTFOUND) {
        dialog__say(out, "%s isn't in your cart. Say: add %s to my cart.", p.name, p.name);
        return 0;
    }
    if (rc == CATALOG_EINVAL) {
        dialog__say_reason(d, out);
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    dialog__say(out, "Okay, %s of %s.", say_quantity(n, p.unit, qty, sizeof qty), p.name);
    return cart_total(d, out);
}

static int on_cart_list(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_cart_t *cart = malloc(sizeof *cart);
    char items[CATALOG_CART_MAX][200], list[900], qty[96], total[128];
    const char *ptrs[CATALOG_CART_MAX];
    (void)intent;
    if (!cart)
        return CATALOG_ENOMEM;
    int rc = catalog_cart_contents(d->cat, cart);
    for (size_t i = 0; rc == CATALOG_OK && i < cart->count; i++) {
        const catalog_cart_line_t *l = &cart->lines[i];
        snprintf(items[i], sizeof items[i], "%s of %s",
                 say_quantity(l->quantity, l->product.unit, qty, sizeof qty), l->product.name);
        ptrs[i] = items[i];
    }
    if (rc == CATALOG_OK && cart->count == 0)
        dialog__say(out, "Your cart is empty.");
    else if (rc == CATALOG_OK)
        dialog__say(out, "Your cart has %s: %s in all. Say check out to order it.",
                    say_list(ptrs, cart->count, "and", list, sizeof list),
                    say_price(cart->total_cents, total, sizeof total));
    if (rc == CATALOG_OK && cart->count == 1)
        d->last_product_id = cart->lines[0].product.id;
    free(cart);
    return rc;
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
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(name, table[i].name) == 0)
            return table[i].fn;
    return NULL;
}
