/*
 * dialog.c - a small state machine over intents. A purchase is never placed in the turn that
 * asked for it: it is summarised, and only a "yes" in the next turn places it.
 */
#include "dialog.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "say.h"

struct dialog_s {
    catalog_t *cat;
    dialog_state_t state;
    int misses; /* turns in a row not understood */
    struct {
        int64_t product_id;
        int64_t quantity;
        char idempotency_key[40]; /* one key per confirmation: a repeated "yes" orders once */
    } pending;
    char last_answer[1024];
    int64_t last_product_id; /* the product "it" and "that" refer to; 0 for none yet */
    /* DIALOG_STATE_CHOICE: what the shopper chooses among (filled by later dialog work) */
    const char *candidates[1];
    size_t n_candidates;
};

const char *dialog_state_grammar(dialog_state_t state)
{
    static const char *const names[DIALOG_STATE_COUNT] = {[DIALOG_STATE_TOP] = "top",
                                                          [DIALOG_STATE_CONFIRM] = "confirm",
                                                          [DIALOG_STATE_PIN] = "pin",
                                                          [DIALOG_STATE_CHOICE] = "choice",
                                                          [DIALOG_STATE_QUANTITY] = "quantity"};
    return state >= 0 && state < DIALOG_STATE_COUNT ? names[state] : "top";
}

size_t dialog_candidates(const dialog_t *d, const char *const **names)
{
    *names = d->candidates;
    return d->state == DIALOG_STATE_CHOICE ? d->n_candidates : 0;
}

dialog_t *dialog_open(catalog_t *cat)
{
    dialog_t *d = calloc(1, sizeof *d);
    if (d)
        d->cat = cat;
    return d;
}

void dialog_close(dialog_t *d)
{
    free(d);
}

dialog_state_t dialog_state(const dialog_t *d)
{
    return d->state;
}

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

static void say(dialog_reply_t *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(dialog_reply_t *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->answer, sizeof out->answer, fmt, ap);
    va_end(ap);
}

/* Look up the product named in the intent's "product" slot; "it" (the grammar's value for it,
 * that, this, those, them) is the product the conversation was last about. */
static int find_product(dialog_t *d, const grammar_intent_t *intent, catalog_product_t *p,
                        dialog_reply_t *out)
{
    const char *spoken = grammar_intent_slot(intent, "product");
    bool in_context = spoken && strcmp(spoken, "it") == 0;
    if (!spoken || (in_context && d->last_product_id <= 0)) {
        say(out, "Which product do you mean?");
        return CATALOG_ENOTFOUND;
    }
    int rc = in_context ? catalog_get_product(d->cat, d->last_product_id, p)
                        : catalog_find_product(d->cat, spoken, p);
    if (rc == CATALOG_OK)
        d->last_product_id = p->id;
    if (rc == CATALOG_ENOTFOUND)
        say(out, "Sorry, I couldn't find %s in the store.", spoken);
    else if (rc != CATALOG_OK)
        say(out, "Sorry, something went wrong looking that up.");
    return rc;
}

static int on_price(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    char price[128];
    int rc = find_product(d, intent, &p, out);
    if (rc == CATALOG_OK)
        say(out, "%s costs %s a %s.", p.name, say_price(p.price_cents, price, sizeof price),
            p.unit);
    return rc == CATALOG_ENOTFOUND ? 0 : rc;
}

static int on_stock(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    int rc = find_product(d, intent, &p, out);
    if (rc == CATALOG_OK) {
        if (p.stock > 0)
            say(out, "Yes, %s is in stock.", p.name);
        else
            say(out, "Sorry, %s is out of stock right now.", p.name);
    }
    return rc == CATALOG_ENOTFOUND ? 0 : rc;
}

/* Summarise a reorder and wait for the shopper's yes. */
static int on_reorder(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    catalog_product_t p;
    catalog_order_line_t last;
    char qty[128], price[128], total[128];
    int rc = find_product(d, intent, &p, out);
    if (rc != CATALOG_OK)
        return rc == CATALOG_ENOTFOUND ? 0 : rc;
    if (p.stock <= 0) {
        say(out, "Sorry, %s is out of stock right now, so I can't order it.", p.name);
        return 0;
    }
    rc = catalog_last_order_of(d->cat, p.id, &last);
    if (rc != CATALOG_OK && rc != CATALOG_ENOTFOUND)
        return rc;
    int64_t quantity = rc == CATALOG_OK ? last.quantity : 1;
    if (quantity > p.stock)
        quantity = p.stock;
    say_quantity(quantity, p.unit, qty, sizeof qty);
    say_price(p.price_cents, price, sizeof price);
    say_price(p.price_cents * quantity, total, sizeof total);
    if (rc == CATALOG_OK && last.unit_price_cents == p.price_cents)
        say(out,
            "Your last order of %s was %s at %s each. The same again is %s. "
            "Shall I place the order?",
            p.name, qty, price, total);
    else if (rc == CATALOG_OK)
        say(out,
            "Your last order of %s was %s at %s each. Today they are %s each, %s in all. "
            "Shall I place the order?",
            p.name, say_quantity(last.quantity, p.unit, (char[128]){0}, 128),
            say_price(last.unit_price_cents, (char[128]){0}, 128), price, total);
    else
        say(out, "You haven't ordered %s before. That is %s at %s. Shall I place the order?",
            p.name, qty, price);
    d->state = DIALOG_STATE_CONFIRM;
    d->pending.product_id = p.id;
    d->pending.quantity = quantity;
    new_idempotency_key(d->pending.idempotency_key, sizeof d->pending.idempotency_key);
    return 0;
}

static int on_yes(dialog_t *d, dialog_reply_t *out)
{
    catalog_product_t p;
    char qty[128], total[128], number[64];
    int64_t order_id = 0;

    if (d->state != DIALOG_STATE_CONFIRM) {
        say(out, "There's nothing waiting for a yes. You can ask me to reorder something.");
        return 0;
    }
    int rc = catalog_get_product(d->cat, d->pending.product_id, &p);
    if (rc == CATALOG_OK)
        rc = catalog_place_order(d->cat, d->pending.idempotency_key, d->pending.product_id,
                                 d->pending.quantity, &order_id);
    d->state = DIALOG_STATE_TOP;
    if (rc == CATALOG_ESTOCK) {
        say(out, "Sorry, there isn't enough %s in stock any more. Nothing was ordered.", p.name);
        return 0;
    }
    if (rc != CATALOG_OK) {
        say(out, "Sorry, I couldn't place the order. Nothing was charged.");
        return rc;
    }
    out->order_id = order_id;
    say(out, "Done. I ordered %s of %s, %s in all. Your order number is %s.",
        say_quantity(d->pending.quantity, p.unit, qty, sizeof qty), p.name,
        say_price(p.price_cents * d->pending.quantity, total, sizeof total),
        say_number(order_id, number, sizeof number));
    return 0;
}

static void on_no_or_cancel(dialog_t *d, int is_cancel, dialog_reply_t *out)
{
    if (d->state == DIALOG_STATE_CONFIRM) {
        d->state = DIALOG_STATE_TOP;
        say(out, "Okay, I won't place that order.");
    } else if (is_cancel) {
        say(out, "Okay, cancelled.");
    } else {
        say(out, "Okay.");
    }
}

static void on_help(const dialog_t *d, dialog_reply_t *out)
{
    if (d->state == DIALOG_STATE_CONFIRM)
        say(out, "Say yes to place the order, or no to drop it.");
    else
        say(out, "You can say things like: reorder coffee pods, how much is the oat milk, "
                 "or is the sourdough bread in stock.");
}

static void on_not_understood(dialog_t *d, dialog_reply_t *out)
{
    d->misses++;
    if (d->state == DIALOG_STATE_CONFIRM)
        say(out, "Sorry, I didn't catch that. Please say yes or no.");
    else if (d->misses >= 2)
        say(out, "Sorry, I still didn't catch that. You can say: how much is the oat milk, "
                 "reorder paper towels, or help.");
    else
        say(out, "Sorry, I didn't catch that. Could you say it again?");
}

int dialog_turn(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (!intent) {
        on_not_understood(d, out);
    } else {
        const char *name = intent->name;
        d->misses = 0;
        if (strcmp(name, "reorder") == 0)
            rc = on_reorder(d, intent, out);
        else if (strcmp(name, "price") == 0)
            rc = on_price(d, intent, out);
        else if (strcmp(name, "stock") == 0)
            rc = on_stock(d, intent, out);
        else if (strcmp(name, "yes") == 0)
            rc = on_yes(d, out);
        else if (strcmp(name, "no") == 0 || strcmp(name, "cancel") == 0)
            on_no_or_cancel(d, strcmp(name, "cancel") == 0, out);
        else if (strcmp(name, "help") == 0)
            on_help(d, out);
        else if (strcmp(name, "repeat") == 0 && d->last_answer[0])
            snprintf(out->answer, sizeof out->answer, "%s", d->last_answer);
        else
            say(out, "Sorry, I can't do that yet.");
    }
    if (rc < 0 && !out->answer[0])
        say(out, "Sorry, something went wrong with the store's records.");
    out->state = d->state;
    snprintf(d->last_answer, sizeof d->last_answer, "%s", out->answer);
    return rc;
}
