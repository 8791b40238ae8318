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

int dialog__restore_cart(dialog_t *d)
{
    if (d->pending.filled_cart)
        return catalog_cart_clear(d->cat);
    int rc = 0;
    for (size_t i = d->pending.n_before; i-- > 0;) {
        int r = catalog_cart_set_quantity(d->cat, d->pending.before[i].product_id,
                                          d->pending.before[i].had);
        rc = rc == 0 && r != CATALOG_OK && r != CATALOG_ENOTFOUND ? r : rc;
    }
    d->pending.n_before = 0;
    return rc;
}

/* Before a reorder of the last order adds product_id to the cart: what the cart holds of it. */
static void remember_line(dialog_t *d, const catalog_cart_t *cart, int64_t product_id)
{
    for (size_t i = 0; i < d->pending.n_before; i++)
        if (d->pending.before[i].product_id == product_id)
            return; /* twice in the order: the first add saw what the cart held */
    int64_t had = 0;
    for (size_t i = 0; i < cart->count; i++)
        if (cart->lines[i].product.id == product_id)
            had = cart->lines[i].quantity;
    if (d->pending.n_before < CATALOG_CART_MAX)
        d->pending.before[d->pending.n_before++] = (dialog__cart_line_t){product_id, had};
}

/* A purchase was refused: say why; what the dialog put into the cart itself goes again. */
static void refused(dialog_t *d, dialog_reply_t *out)
{
    dialog__say_reason(d, out);
    dialog__add_msg(d, out, MSG_NOTHING_ORDERED, NULL);
    dialog__restore_cart(d);
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
    if (rc == CATALOG_ELIMIT && what->kind == CATALOG_PURCHASE_REORDER && what->quantity > 1) {
        /* Over a limit on how much one order may be: fewer may pass, so ask how many rather
         * than drop the whole exchange. */
        dialog__say_reason(d, out);
        dialog__add_msg(d, out, MSG_QUANTITY_FEWER, NULL);
        dialog__drop_pending(d);
        d->quantity_product = what->product_id;
        d->state = DIALOG_STATE_QUANTITY;
        return DIALOG__ANSWERED;
    }
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
        dialog__add_msg(d, out, MSG_ASK_PIN, NULL);
        d->state = DIALOG_STATE_PIN;
    } else {
        dialog__add_msg(d, out, MSG_ASK_PLACE, NULL);
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
    dialog__price(d, c.total_cents, total, sizeof total);
    dialog__text(d, MSG_LINE, d->pending.summary, "quantity", qty, "product", p->name, NULL);
    /* A total lower than the price times the quantity says why: the deal is named. */
    catalog_price_t today;
    int priced = catalog_price_today(d->cat, p->id, &today) == CATALOG_OK;
    int deal = priced && today.promotion_id > 0 && today.deal_price_cents < today.price_cents;
    if (last) {
        dialog__msg(d, out, deal ? MSG_REORDER_LAST_DEAL : MSG_REORDER_LAST, "product", p->name,
                    "was", say_quantity(last->quantity, p->unit, was, sizeof was), "price",
                    dialog__price(d, last->unit_price_cents, price, sizeof price), "total", total,
                    "deal", deal ? today.promotion_title : "", NULL);
        /* A dearer repeat is said outright, not left in a total to be worked out by ear (for
         * one, the total is the new price already). */
        if (priced && today.deal_price_cents > last->unit_price_cents)
            dialog__add_msg(d, out, quantity == 1 ? MSG_PRICE_UP : MSG_PRICE_UP_TO, "price",
                            dialog__price(d, today.deal_price_cents, was, sizeof was), "unit",
                            p->unit, NULL);
    } else
        dialog__msg(d, out, deal ? MSG_REORDER_NEW_DEAL : MSG_REORDER_NEW, "summary",
                    d->pending.summary, "total", total, "deal", deal ? today.promotion_title : "",
                    NULL);
    ask_to_place(d, &c, out);
    return 0;
}

int dialog__change_quantity(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    int n = grammar_number_value(grammar_intent_slot(intent, "quantity"));
    if (d->pending.kind != DIALOG__PENDING_PURCHASE ||
        d->pending.what.kind != CATALOG_PURCHASE_REORDER || n < 1 || n > 99) {
        dialog__msg(d, out, MSG_MISS_CONFIRM, NULL);
        d->keep_prompt = 1;
        return 0;
    }
    char left[128];
    int rc = catalog_get_product(d->cat, d->pending.what.product_id, &p);
    if (rc != CATALOG_OK)
        return rc;
    if (n > p.stock) { /* said, then the question that still waits */
        dialog__msg(d, out, MSG_ONLY_LEFT, "quantity",
                    say_quantity(p.stock > 0 ? p.stock : 0, p.unit, left, sizeof left), NULL);
        dialog__ask_again(d, out);
        d->keep_prompt = 1;
        return 0;
    }
    dialog__drop_pending(d);
    return reorder(d, &p, n, NULL, out);
}

int dialog__on_reorder(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    catalog_order_line_t last;
    char price[128];
    int rc = dialog__product(d, intent, &p, out);
    if (rc != CATALOG_OK)
        return rc;
    if (!dialog__unit_fits(d, intent, &p, MSG_WRONG_UNIT, out))
        return 0;
    const char *said = grammar_intent_slot(intent, "quantity"); /* "order two bags of ..." */
    if (said && p.stock > 0) {
        d->quantity_product = p.id;
        return dialog__reorder_quantity(d, grammar_number_value(said), out);
    }
    rc = catalog_last_order_of(d->cat, p.id, &last);
    if (rc == CATALOG_OK)
        return reorder(d, &p, last.quantity, &last, out);
    if (rc != CATALOG_ENOTFOUND)
        return rc;
    if (p.stock <= 0) {
        dialog__msg(d, out, MSG_REORDER_OUT_OF_STOCK, "product", p.name, NULL);
        return 0;
    }
    d->quantity_product = p.id;
    d->state = DIALOG_STATE_QUANTITY;
    dialog__msg(d, out, MSG_REORDER_NEVER, "product", p.name, "price",
                dialog__price(d, p.price_cents, price, sizeof price), "unit", p.unit, NULL);
    return 0;
}

int dialog__reorder_quantity(dialog_t *d, int64_t quantity, dialog_reply_t *out)
{
    catalog_product_t p;
    char left[128];
    int rc = catalog_get_product(d->cat, d->quantity_product, &p);
    if (rc == CATALOG_OK && quantity > p.stock && p.stock > 0) {
        /* More than the shop has: say how many there are and ask again, still waiting. */
        d->state = DIALOG_STATE_QUANTITY;
        dialog__msg(d, out, MSG_QUANTITY_ONLY_LEFT, "quantity",
                    say_quantity(p.stock, p.unit, left, sizeof left), NULL);
        d->keep_prompt = 1;
        return 0;
    }
    d->quantity_product = 0;
    if (rc == CATALOG_ENOTFOUND) {
        dialog__msg(d, out, MSG_PRODUCT_GONE, NULL);
        return 0;
    }
    return rc == CATALOG_OK ? reorder(d, &p, quantity, NULL, out) : rc;
}

/* Check out the cart as it is; message intro (MSG_COUNT: none) is said before the summary. */
static int checkout(dialog_t *d, msg_id_t intro, dialog_reply_t *out)
{
    catalog_purchase_t what = {CATALOG_PURCHASE_CART, 0, 0};
    catalog_confirmation_t c;
    char list[700], total[128], saved[128];
    catalog_cart_t *cart = malloc(sizeof *cart);
    if (!cart)
        return CATALOG_ENOMEM;
    int rc = catalog_cart_contents(d->cat, cart);
    if (rc == CATALOG_OK && cart->count == 0) {
        dialog__msg(d, out, MSG_CHECKOUT_EMPTY, NULL);
        free(cart);
        return 0;
    }
    if (rc == CATALOG_OK)
        rc = confirm(d, &what, &c, out);
    if (rc == CATALOG_OK) {
        dialog__cart_lines(d, cart, list, sizeof list);
        if (c.lines == 1)
            snprintf(d->pending.summary, sizeof d->pending.summary, "%.300s", list);
        else
            say_quantity(c.quantity, dialog__word(d, MSG_ITEM_UNIT), d->pending.summary,
                         sizeof d->pending.summary);
        out->answer[0] = '\0';
        if (intro != MSG_COUNT)
            dialog__msg(d, out, intro, NULL);
        dialog__add_msg(d, out, cart->savings_cents > 0 ? MSG_CHECKOUT_SAVINGS : MSG_CHECKOUT,
                        "list", list, "total", dialog__price(d, c.total_cents, total, sizeof total),
                        "saved", dialog__price(d, cart->savings_cents, saved, sizeof saved), NULL);
        ask_to_place(d, &c, out);
    }
    free(cart);
    return rc;
}

int dialog__on_checkout(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    (void)intent;
    return checkout(d, MSG_COUNT, out);
}

/* "Reorder my last order": one product is a reorder; several go through the cart (emptied
 * again if the shopper says no, when it was empty before). */
/* "The usual": the product ordered most often (catalog_usual()), as many as the last time. */
static int reorder_usual(dialog_t *d, dialog_reply_t *out)
{
    catalog_usual_t usual;
    catalog_order_line_t last;
    size_t n = 0;
    int rc = catalog_usual(d->cat, &usual, 1, &n);
    if (rc != CATALOG_OK)
        return rc;
    if (n == 0) {
        dialog__msg(d, out, MSG_USUAL_NONE, NULL);
        return 0;
    }
    d->last_product_id = usual.product.id;
    rc = catalog_last_order_of(d->cat, usual.product.id, &last);
    if (rc == CATALOG_ENOTFOUND) /* ordered, but in no order a reorder can start from */
        return reorder(d, &usual.product, usual.last_quantity > 0 ? usual.last_quantity : 1, NULL,
                       out);
    return rc == CATALOG_OK ? reorder(d, &usual.product, last.quantity, &last, out) : rc;
}

int dialog__on_reorder_last(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_order_t order;
    catalog_order_line_t lines[CATALOG_CART_MAX];
    catalog_product_t p;
    catalog_cart_t *cart;
    size_t n = 0;
    const char *which = grammar_intent_slot(intent, "which");
    if (which && strcmp(which, "usual") == 0)
        return reorder_usual(d, out);
    int rc = catalog_last_order(d->cat, &order, lines, CATALOG_CART_MAX, &n);
    if (rc == CATALOG_ENOTFOUND || (rc == CATALOG_OK && n == 0)) {
        dialog__msg(d, out, MSG_LAST_ORDER_NONE, NULL);
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
    d->pending.filled_cart = was_empty; /* a no, or a refusal, puts the cart back */
    /* A product sold out (or gone) since is left out and named; the rest is still worth
     * ordering. Only when nothing could be added is it refused as a whole. */
    char names[CATALOG_CART_MAX][128];
    const char *left_out[CATALOG_CART_MAX];
    size_t n_out = 0;
    for (size_t i = 0; rc == CATALOG_OK && i < n; i++) {
        remember_line(d, cart, lines[i].product_id);
        rc = catalog_cart_add(d->cat, lines[i].product_id, lines[i].quantity);
        if ((rc == CATALOG_ESTOCK || rc == CATALOG_ENOTFOUND) &&
            catalog_get_product(d->cat, lines[i].product_id, &p) == CATALOG_OK) {
            snprintf(names[n_out], sizeof names[n_out], "%s", p.name);
            left_out[n_out] = names[n_out];
            n_out++;
            rc = CATALOG_OK;
        }
    }
    free(cart);
    if (rc == CATALOG_OK && n_out == n) { /* nothing of it can be had (n > 1 here) */
        char list[600];
        dialog__msg(d, out, MSG_LEFT_OUT_ALL, "list",
                    say_list(left_out, n_out, dialog__word(d, MSG_WORD_AND), list, sizeof list),
                    NULL);
        dialog__restore_cart(d);
        dialog__drop_pending(d);
        return 0;
    }
    if (rc == CATALOG_OK)
        rc = checkout(d, was_empty ? MSG_LAST_ORDER_IN_CART : MSG_LAST_ORDER_ADDED, out);
    if (rc == CATALOG_OK && n_out > 0) {
        char list[600], rest[sizeof out->answer];
        snprintf(rest, sizeof rest, "%s", out->answer);
        dialog__msg(d, out, n_out == 1 ? MSG_LEFT_OUT_ONE : MSG_LEFT_OUT, "list",
                    say_list(left_out, n_out, dialog__word(d, MSG_WORD_AND), list, sizeof list),
                    NULL);
        size_t used = strlen(out->answer);
        snprintf(out->answer + used, sizeof out->answer - used, " %s", rest);
    } else if (is_refusal(rc) || rc == CATALOG_ENOTFOUND) {
        refused(d, out);
        return 0;
    }
    if (rc < 0) { /* the store failed: nothing waits, and the cart is as it was */
        dialog__restore_cart(d);
        dialog__drop_pending(d);
    }
    return rc;
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
        dialog__msg(d, out, MSG_PLACED, "summary", d->pending.summary, "total",
                    dialog__price(d, d->pending.total_cents, total, sizeof total), "number",
                    say_number(order_id, number, sizeof number), NULL);
        dialog__drop_pending(d);
        return 0;
    }
    if (rc == CATALOG_ETOKEN) {
        /* Expired, or the cart or a price changed: explain, and ask again for the new plan. */
        char reason[512];
        catalog_confirmation_t c;
        dialog__money_text(d, catalog_errmsg(d->cat), reason, sizeof reason);
        catalog_purchase_t what = d->pending.what;
        rc = confirm(d, &what, &c, out);
        if (rc != CATALOG_OK)
            return rc;
        dialog__msg(d, out, MSG_TOKEN_AGAIN, "reason", reason, "total",
                    dialog__price(d, c.total_cents, total, sizeof total), NULL);
        ask_to_place(d, &c, out);
        return 0;
    }
    if (rc == CATALOG_EPIN) {
        dialog__msg(d, out, MSG_PIN_PLEASE, NULL);
        d->state = DIALOG_STATE_PIN;
        return 0;
    }
    if (is_refusal(rc)) {
        refused(d, out);
        return 0;
    }
    /* The database failed: keep the token and key, so "yes" again retries the same order. */
    dialog__msg(d, out, MSG_PLACE_FAILED, NULL);
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
        dialog__msg(d, out, MSG_CANCEL_DONE, "number", say_number(id, number, sizeof number), NULL);
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
    case DIALOG__PENDING_CLEAR:
        dialog__drop_pending(d);
        dialog__msg(d, out, MSG_CART_CLEARED, NULL);
        return catalog_cart_clear(d->cat);
    case DIALOG__PENDING_FEEDBACK:
        dialog__drop_pending(d);
        dialog__msg(d, out, MSG_FEEDBACK_YES, NULL);
        return catalog_record_feedback(d->cat, 1, NULL);
    default:
        dialog__drop_pending(d);
        dialog__msg(d, out, MSG_YES_NOTHING, NULL);
        return 0;
    }
}

int dialog__on_no(dialog_t *d, dialog_reply_t *out)
{
    dialog__pending_kind_t kind = d->pending.kind;
    int cart_kept = d->pending.what.kind == CATALOG_PURCHASE_CART && !d->pending.filled_cart;
    int taken_back = cart_kept && d->pending.n_before > 0; /* the last order, out again */
    int rc = dialog__restore_cart(d);
    dialog__drop_pending(d);
    if (kind == DIALOG__PENDING_PURCHASE && taken_back)
        dialog__msg(d, out, MSG_NO_PURCHASE_LAST_ORDER_OUT, NULL);
    else if (kind == DIALOG__PENDING_PURCHASE && cart_kept)
        dialog__msg(d, out, MSG_NO_PURCHASE_CART_KEPT, NULL);
    else if (kind == DIALOG__PENDING_PURCHASE)
        dialog__msg(d, out, MSG_NO_PURCHASE, NULL);
    else if (kind == DIALOG__PENDING_CANCEL)
        dialog__msg(d, out, MSG_NO_CANCEL, NULL);
    else if (kind == DIALOG__PENDING_CLEAR)
        dialog__msg(d, out, MSG_NO_CART_CLEAR, NULL);
    else if (kind == DIALOG__PENDING_FEEDBACK) {
        dialog__msg(d, out, MSG_FEEDBACK_NO, NULL);
        rc = catalog_record_feedback(d->cat, 0, NULL);
    } else
        dialog__msg(d, out, MSG_OKAY, NULL);
    return rc;
}

/* What a timed-out purchase drops: the cart a reorder filled is emptied again, as after a no;
 * the shopper's own cart is kept. The answer names what was not ordered. */
static int timeout_purchase(dialog_t *d, dialog_reply_t *out)
{
    int cart_kept = d->pending.what.kind == CATALOG_PURCHASE_CART && !d->pending.filled_cart;
    int taken_back = cart_kept && d->pending.n_before > 0;
    int rc = dialog__restore_cart(d);
    dialog__msg(d, out,
                taken_back  ? MSG_TIMEOUT_PURCHASE_LAST_ORDER_OUT
                : cart_kept ? MSG_TIMEOUT_PURCHASE_CART_KEPT
                            : MSG_TIMEOUT_PURCHASE,
                "summary", d->pending.summary, NULL);
    return rc;
}

int dialog_timeout(dialog_t *d, dialog_reply_t *out)
{
    char number[32];
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (d->state == DIALOG_STATE_TOP)
        return 0; /* nothing waited for an answer */
    if (d->pending.kind == DIALOG__PENDING_PURCHASE) {
        rc = timeout_purchase(d, out);
    } else if (d->pending.kind == DIALOG__PENDING_CANCEL) {
        snprintf(number, sizeof number, "%lld", (long long)d->pending.order_id);
        dialog__msg(d, out, MSG_TIMEOUT_CANCEL_ORDER, "number", number, NULL);
    } else if (d->pending.kind == DIALOG__PENDING_CLEAR) {
        dialog__msg(d, out, MSG_TIMEOUT_CART_CLEAR, NULL);
    } else {
        dialog__msg(d, out, MSG_TIMEOUT_OTHER, NULL);
    }
    dialog__drop_pending(d);
    memset(&d->choice, 0, sizeof d->choice);
    d->quantity_product = 0;
    memset(&d->slot.intent, 0, sizeof d->slot.intent);
    out->state = d->state;
    snprintf(d->last_answer, sizeof d->last_answer, "%s", out->answer);
    return rc;
}

void dialog_timeout_warning(const dialog_t *d, double seconds_left, dialog_reply_t *out)
{
    char time[64];
    long long n = (long long)seconds_left; /* rounded down: never promise more than is left */
    dialog_reply_t help;
    memset(out, 0, sizeof *out);
    memset(&help, 0, sizeof help);
    /* What to answer, again: a bare "yes" to "are you still there?" would otherwise be taken
     * for a yes to the purchase the shopper may no longer have in mind. */
    dialog__say_help(d, &help);
    say_quantity(n > 0 ? n : 1, dialog__word(d, MSG_WORD_SECOND), time, sizeof time);
    dialog__msg(d, out, MSG_TIMEOUT_WARN, "time", time, "what", help.answer, NULL);
    out->state = d->state;
}

int dialog__on_pin(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    char pin[8] = "";
    if (d->pending.kind != DIALOG__PENDING_PURCHASE) {
        dialog__drop_pending(d);
        dialog__msg(d, out, MSG_PIN_NONE, NULL);
        return 0;
    }
    if (grammar_digits(grammar_intent_slot(intent, "pin"), pin, sizeof pin) != 4) {
        dialog__msg(d, out, MSG_PIN_FOUR_DIGITS, NULL);
        return 0;
    }
    int rc = catalog_confirm_pin(d->cat, d->pending.token, pin);
    explicit_bzero(pin, sizeof pin);
    if (rc == CATALOG_OK)
        return place(d, out);
    if (rc == CATALOG_EPIN) { /* the reason never holds the digits (catalog.h) */
        dialog__say_reason(d, out);
        dialog__add_msg(d, out, MSG_PIN_AGAIN, NULL);
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
        dialog__msg(d, out, MSG_CANCEL_NONE, NULL);
        return 0;
    }
    if (rc != CATALOG_OK)
        return rc;
    say_number(s.order.id, number, sizeof number);
    if (strcmp(s.order.status, "cancelled") == 0) {
        dialog__msg(d, out, MSG_CANCEL_ALREADY, "number", number, NULL);
    } else if (!s.cancellable && strcmp(s.order.status, "placed") != 0) {
        dialog__msg(d, out, MSG_CANCEL_TOO_FAR, "number", number, "status", s.order.status, NULL);
    } else if (!s.cancellable) {
        char window[32] = "30";
        catalog_get_setting(d->cat, "cancel_window_minutes", window, sizeof window);
        dialog__msg(d, out, MSG_CANCEL_WINDOW, "number", number, "minutes", window, NULL);
    } else {
        /* What is in it, not only its number: a shopper who cannot see a screen must know
         * which order a yes cancels. */
        char list[900];
        d->pending.kind = DIALOG__PENDING_CANCEL;
        d->pending.order_id = s.order.id;
        d->state = DIALOG_STATE_CONFIRM;
        dialog__msg(d, out, MSG_CANCEL_ASK, "number", number, "list",
                    dialog__order_lines(d, s.order.id, list, sizeof list), "total",
                    dialog__price(d, s.order.total_cents, total, sizeof total), NULL);
    }
    return 0;
}

int dialog__on_feedback(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    (void)intent;
    d->pending.kind = DIALOG__PENDING_FEEDBACK;
    d->state = DIALOG_STATE_CONFIRM;
    dialog__msg(d, out, MSG_FEEDBACK_ASK, NULL);
    return 0;
}
