/*
 * dialog_purchase.c - everything that can place or cancel an order. The only way is the
 * catalog's confirmation API: catalog_confirm_begin() records exactly what the shopper hears
 * ("... nineteen dollars in all. Shall I place the order?") and checks stock, limits and the
 * PIN lockout first; a later "yes" (or the PIN) gives its token to catalog_place_confirmed().
 */
#include "dialog_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "say.h"

/* A random 128-bit key in hex; falls back to time and address if getrandom() fails. */
static void new_idempotency_key(char *out, size_t outlen)
{
    unsigned char bytes[16];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uintptr_t)out;
        for (size_t i = 0; i < sizeof bytes; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            bytes[i] = (unsigned char)(seed >> 56);
        }
    }
    for (size_t i = 0; i < sizeof bytes && 2 * i + 2 < outlen; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
}

/* Refusals catalog_confirm_begin and catalog_place_confirmed explain in catalog_errmsg. */
static int is_refusal(int rc)
{
    return rc == CATALOG_EEMPTY || rc == CATALOG_ESTOCK || rc == CATALOG_ELIMIT ||
           rc == CATALOG_ELOCKED || rc == CATALOG_EPIN || rc == CATALOG_ETOKEN ||
           rc == CATALOG_EINVAL || rc == CATALOG_ETOOBIG;
}

/* A purchase was refused: say why; what the dialog put into the cart itself goes again. */
static void refused(dialog_t *d, dialog_reply_t *out)
{
    dialog__say_reason(d, out);
    dialog__add(out, " Nothing was ordered.");
    if (d->pending.filled_cart)
        catalog_cart_clear(d->cat);
    dialog__drop_pending(d);
}

/*
 * Record the purchase with the catalog. CATALOG_OK: *c holds the token (kept in d->pending
 * with a new idempotency key) and the total to say. DIALOG__ANSWERED: refused, and the reply
 * says why. Negative: the catalog failed.
 */
static int confirm(dialog_t *d, const catalog_purchase_t *what, catalog_confirmation_t *c,
                   dialog_reply_t *out)
{
    int rc = catalog_confirm_begin(d->cat, what, c);
    if (is_refusal(rc)) {
        refused(d, out);
        return DIALOG__ANSWERED;
    }
    if (rc != CATALOG_OK)
        return rc;
    d->pending.kind = DIALOG__PENDING_PURCHASE;
    d->pending.what = *what;
    d->pending.total_cents = c->total_cents;
    snprintf(d->pending.token, sizeof d->pending.token, "%s", c->token);
    new_idempotency_key(d->pending.idempotency_key, sizeof d->pending.idempotency_key);
    return CATALOG_OK;
}

/* After the summary: ask for the yes, or for the PIN when one is set. */
static void ask_to_place(dialog_t *d, const catalog_confirmation_t *c, dialog_reply_t *out)
{
    if (c->pin_required) {
        dialog__add(out, " To place the order, say your four-digit PIN, or say cancel.");
        d->state = DIALOG_STATE_PIN;
    } else {
        dialog__add(out, " Shall I place the order?");
        d->state = DIALOG_STATE_CONFIRM;
    }
}

/* A reorder of one product: summary with the last order, the total with deals, the question. */
static int reorder(dialog_t *d, const catalog_product_t *p, int64_t quantity,
                   const catalog_order_line_t *last, dialog_reply_t *out)
{
    catalog_purchase_t what = {CATALOG_PURCHASE_REORDER, p->id, quantity};
    catalog_confirmation_t c;
    char qty[128], total[128], was[128], price[128];
    int rc = confirm(d, &what, &c, out);
    if (rc != CATALOG_OK)
        return rc;
    say_quantity(quantity, p->unit, qty, sizeof qty);
    say_price(c.total_cents, total, sizeof total);
    snprintf(d->pending.summary, sizeof d->pending.summary, "%s of %s", qty, p->name);
    /* A total lower than the price times the quantity says why: the deal is named. */
    catalog_price_t today;
    char deal[160] = "";
    if (catalog_price_today(d->cat, p->id, &today) == CATALOG_OK && today.promotion_id > 0 &&
        today.deal_price_cents < today.price_cents)
        snprintf(deal, sizeof deal, ", with %s", today.promotion_title);
    if (last)
        dialog__say(out, "Your last order of %s was %s at %s each. The same again is %s%s.",
                    p->name, say_quantity(last->quantity, p->unit, was, sizeof was),
                    say_price(last->unit_price_cents, price, sizeof price), total, deal);
    else
        dialog__say(out, "That is %s, %s in all%s.", d->pending.summary, total, deal);
    ask_to_place(d, &c, out);
    return 0;
}

int dialog__on_reorder(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    catalog_order_line_t last;
    char price[128];
    int rc = dialog__product(d, intent, &p, out);
    if (rc != CATALOG_OK)
        return rc;
    rc = catalog_last_order_of(d->cat, p.id, &last);
    if (rc == CATALOG_OK)
        return reorder(d, &p, last.quantity, &last, out);
    if (rc != CATALOG_ENOTFOUND)
        return rc;
    if (p.stock <= 0) {
        dialog__say(out, "Sorry, %s is out of stock right now, so I can't order it.", p.name);
        return 0;
    }
    d->quantity_product = p.id;
    d->state = DIALOG_STATE_QUANTITY;
    dialog__say(out, "You haven't ordered %s before. It is %s a %s. How many would you like?",
                p.name, say_price(p.price_cents, price, sizeof price), p.unit);
    return 0;
}

int dialog__reorder_quantity(dialog_t *d, int64_t quantity, dialog_reply_t *out)
{
    catalog_product_t p;
    int rc = catalog_get_product(d->cat, d->quantity_product, &p);
    d->quantity_product = 0;
    if (rc == CATALOG_ENOTFOUND) {
        dialog__say(out, "Sorry, that product is no longer in the store.");
        return 0;
    }
    return rc == CATALOG_OK ? reorder(d, &p, quantity, NULL, out) : rc;
}

/* Describe the cart's lines: "two bags of X and one carton of Y". */
static void cart_summary(const catalog_cart_t *cart, char *buf, size_t len)
{
    char items[CATALOG_CART_MAX][200], qty[96];
    const char *ptrs[CATALOG_CART_MAX];
    for (size_t i = 0; i < cart->count; i++) {
        const catalog_cart_line_t *l = &cart->lines[i];
        snprintf(items[i], sizeof items[i], "%s of %s",
                 say_quantity(l->quantity, l->product.unit, qty, sizeof qty), l->product.name);
        ptrs[i] = items[i];
    }
    say_list(ptrs, cart->count, "and", buf, len);
}

/* Check out the cart as it is; intro (may be "") is said before the summary. */
static int checkout(dialog_t *d, const char *intro, dialog_reply_t *out)
{
    catalog_purchase_t what = {CATALOG_PURCHASE_CART, 0, 0};
    catalog_confirmation_t c;
    char list[700], total[128], saved[128];
    catalog_cart_t *cart = malloc(sizeof *cart);
    if (!cart)
        return CATALOG_ENOMEM;
    int rc = catalog_cart_contents(d->cat, cart);
    if (rc == CATALOG_OK && cart->count == 0) {
        dialog__say(out, "Your cart is empty. You can say: add two bananas to my cart.");
        free(cart);
        return 0;
    }
    if (rc == CATALOG_OK)
        rc = confirm(d, &what, &c, out);
    if (rc == CATALOG_OK) {
        cart_summary(cart, list, sizeof list);
        if (c.lines == 1)
            snprintf(d->pending.summary, sizeof d->pending.summary, "%.300s", list);
        else
            say_quantity(c.quantity, "item", d->pending.summary, sizeof d->pending.summary);
        dialog__say(out, "%sYour cart has %s: %s in all", intro, list,
                    say_price(c.total_cents, total, sizeof total));
        if (cart->savings_cents > 0)
            dialog__add(out, ", with %s off", say_price(cart->savings_cents, saved, sizeof saved));
        dialog__add(out, ".");
        ask_to_place(d, &c, out);
    }
    free(cart);
    return rc;
}

int dialog__on_checkout(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    (void)intent;
    return checkout(d, "", out);
}

/* "Reorder my last order": one product is a reorder; several go through the cart (emptied
 * again if the shopper says no, when it was empty before). */
int dialog__on_reorder_last(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_order_t order;
    catalog_order_line_t lines[CATALOG_CART_MAX];
    catalog_product_t p;
    catalog_cart_t *cart;
    size_t n = 0;
    (void)intent;
    int rc = catalog_last_order(d->cat, &order, lines, CATALOG_CART_MAX, &n);
    if (rc == CATALOG_ENOTFOUND || (rc == CATALOG_OK && n == 0)) {
        dialog__say(out, "You have no earlier order to repeat.");
        return 0;
    }
    if (rc == CATALOG_OK && n == 1 &&
        (rc = catalog_get_product(d->cat, lines[0].product_id, &p)) == CATALOG_OK) {
        d->last_product_id = p.id;
        return reorder(d, &p, lines[0].quantity, &lines[0], out);
    }
    if (rc != CATALOG_OK || !(cart = malloc(sizeof *cart)))
        return rc != CATALOG_OK ? rc : CATALOG_ENOMEM;
    rc = catalog_cart_contents(d->cat, cart);
    int was_empty = rc == CATALOG_OK && cart->count == 0;
    free(cart);
    d->pending.filled_cart = was_empty; /* refused() empties it again */
    for (size_t i = 0; rc == CATALOG_OK && i < n; i++)
        rc = catalog_cart_add(d->cat, lines[i].product_id, lines[i].quantity);
    if (rc != CATALOG_OK) {
        if (!is_refusal(rc) && rc != CATALOG_ENOTFOUND)
            return rc;
        refused(d, out);
        return 0;
    }
    return checkout(d,
                    was_empty ? "I've put your last order in your cart. "
                              : "I've added your last order to your cart. ",
                    out);
}

/* Place the pending purchase (after a yes, or the right PIN). */
static int place(dialog_t *d, dialog_reply_t *out)
{
    int64_t order_id = 0;
    char number[64], total[128];
    int rc =
        catalog_place_confirmed(d->cat, d->pending.token, d->pending.idempotency_key, &order_id);
    if (rc == CATALOG_OK) {
        out->order_id = order_id;
        dialog__say(out, "Done. I ordered %s, %s in all. Your order number is %s.",
                    d->pending.summary, say_price(d->pending.total_cents, total, sizeof total),
                    say_number(order_id, number, sizeof number));
        dialog__drop_pending(d);
        return 0;
    }
    if (rc == CATALOG_ETOKEN) {
        /* Expired, or the cart or a price changed: explain, and ask again for the new plan. */
        char reason[512];
        catalog_confirmation_t c;
        say_money_in_text(catalog_errmsg(d->cat), reason, sizeof reason);
        catalog_purchase_t what = d->pending.what;
        rc = confirm(d, &what, &c, out);
        if (rc != CATALOG_OK)
            return rc;
        dialog__say(out, "Sorry, %s. It is now %s in all.", reason,
                    say_price(c.total_cents, total, sizeof total));
        ask_to_place(d, &c, out);
        return 0;
    }
    if (rc == CATALOG_EPIN) {
        dialog__say(out, "Please say your four-digit PIN to place the order, or say cancel.");
        d->state = DIALOG_STATE_PIN;
        return 0;
    }
    if (is_refusal(rc)) {
        refused(d, out);
        return 0;
    }
    /* The database failed: keep the token and key, so "yes" again retries the same order. */
    dialog__say(out, "Sorry, I couldn't place the order because of a problem with the store's "
                     "records. Nothing was charged. Say yes to try again, or no.");
    d->state = DIALOG_STATE_CONFIRM;
    return rc;
}

static int cancel_confirmed(dialog_t *d, dialog_reply_t *out)
{
    char number[64];
    int64_t id = d->pending.order_id;
    int rc = catalog_cancel_order(d->cat, id);
    dialog__drop_pending(d);
    if (rc == CATALOG_OK)
        dialog__say(out, "Done. Order number %s is cancelled.",
                    say_number(id, number, sizeof number));
    else if (rc == CATALOG_ETOOLATE || rc == CATALOG_ENOTFOUND)
        dialog__say_reason(d, out);
    return rc == CATALOG_ETOOLATE || rc == CATALOG_ENOTFOUND ? 0 : rc;
}

int dialog__on_yes(dialog_t *d, dialog_reply_t *out)
{
    switch (d->pending.kind) {
    case DIALOG__PENDING_PURCHASE:
        return place(d, out);
    case DIALOG__PENDING_CANCEL:
        return cancel_confirmed(d, out);
    case DIALOG__PENDING_FEEDBACK:
        dialog__drop_pending(d);
        dialog__say(out, "Good to hear. Thank you for telling me.");
        return catalog_record_feedback(d->cat, 1, NULL);
    default:
        dialog__drop_pending(d);
        dialog__say(out, "There's nothing waiting for a yes. You can ask me to reorder "
                         "something.");
        return 0;
    }
}

int dialog__on_no(dialog_t *d, dialog_reply_t *out)
{
    dialog__pending_kind_t kind = d->pending.kind;
    int cart_kept = d->pending.what.kind == CATALOG_PURCHASE_CART && !d->pending.filled_cart;
    int rc = 0;
    if (d->pending.filled_cart)
        rc = catalog_cart_clear(d->cat);
    dialog__drop_pending(d);
    if (kind == DIALOG__PENDING_PURCHASE && cart_kept)
        dialog__say(out, "Okay, I won't place the order now. Nothing was ordered, and your "
                         "cart stays as it is.");
    else if (kind == DIALOG__PENDING_PURCHASE)
        dialog__say(out, "Okay, I won't place that order. Nothing was ordered.");
    else if (kind == DIALOG__PENDING_CANCEL)
        dialog__say(out, "Okay, I won't cancel it. Your order stands.");
    else if (kind == DIALOG__PENDING_FEEDBACK) {
        dialog__say(out, "Sorry about that. Thank you for telling me. To talk to a person, say "
                         "customer service.");
        rc = catalog_record_feedback(d->cat, 0, NULL);
    } else
        dialog__say(out, "Okay.");
    return rc;
}

int dialog__on_pin(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    char pin[8] = "";
    if (d->pending.kind != DIALOG__PENDING_PURCHASE) {
        dialog__drop_pending(d);
        dialog__say(out, "There's no order waiting for a PIN.");
        return 0;
    }
    if (grammar_digits(grammar_intent_slot(intent, "pin"), pin, sizeof pin) != 4) {
        dialog__say(out, "A PIN has four digits. Please say it one digit at a time, or say "
                         "cancel.");
        return 0;
    }
    int rc = catalog_confirm_pin(d->cat, d->pending.token, pin);
    explicit_bzero(pin, sizeof pin);
    if (rc == CATALOG_OK)
        return place(d, out);
    if (rc == CATALOG_EPIN) { /* the reason never holds the digits (catalog.h) */
        dialog__say_reason(d, out);
        dialog__add(out, " Please say your PIN again, or say cancel.");
        return 0;
    }
    if (rc == CATALOG_ETOKEN)
        return place(d, out); /* explains and asks again with a fresh confirmation */
    if (is_refusal(rc)) {
        refused(d, out);
        return 0;
    }
    return rc;
}

int dialog__on_cancel_order(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_order_status_t s;
    char number[64], total[128];
    (void)intent;
    int rc = catalog_order_status(d->cat, 0, &s);
    if (rc == CATALOG_ENOTFOUND) {
        dialog__say(out, "You have no orders to cancel.");
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    say_number(s.order.id, number, sizeof number);
    if (strcmp(s.order.status, "cancelled") == 0) {
        dialog__say(out, "Your last order, number %s, is already cancelled.", number);
    } else if (!s.cancellable && strcmp(s.order.status, "placed") != 0) {
        dialog__say(out, "Your last order, number %s, has already %s, so it can't be cancelled.",
                    number, s.order.status);
    } else if (!s.cancellable) {
        char window[32] = "30";
        catalog_get_setting(d->cat, "cancel_window_minutes", window, sizeof window);
        dialog__say(out,
                    "Sorry, your last order, number %s, can only be cancelled within %s "
                    "minutes of placing it.",
                    number, window);
    } else {
        d->pending.kind = DIALOG__PENDING_CANCEL;
        d->pending.order_id = s.order.id;
        d->state = DIALOG_STATE_CONFIRM;
        dialog__say(out, "Your last order, number %s, is %s in all. Shall I cancel it?", number,
                    say_price(s.order.total_cents, total, sizeof total));
    }
    return 0;
}

int dialog__on_feedback(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    (void)intent;
    d->pending.kind = DIALOG__PENDING_FEEDBACK;
    d->state = DIALOG_STATE_CONFIRM;
    dialog__say(out, "Thank you. Did you find what you were looking for today?");
    return 0;
}
