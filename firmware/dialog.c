/*
 * dialog.c - a small state machine over intents. A purchase is never placed in the turn that
 * asked for it: it is summarised with a confirmation token from the catalog, and only a "yes"
 * (or the PIN, when one is set) in a later turn places it (dialog_purchase.c).
 */
#include "dialog_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"

#define RATE_DEFAULT 175 /* eSpeak NG's words per minute when none is set */
#define RATE_STEP    30
#define RATE_MIN     90
#define RATE_MAX     300
#define VOLUME_STEP  30
#define VOLUME_MIN   40
#define VOLUME_MAX   200

const char *dialog_state_grammar(dialog_state_t state)
{
    static const char *const names[DIALOG_STATE_COUNT] = {
        [DIALOG_STATE_TOP] = "top",           [DIALOG_STATE_CONFIRM] = "confirm",
        [DIALOG_STATE_PIN] = "pin",           [DIALOG_STATE_CHOICE] = "choice",
        [DIALOG_STATE_QUANTITY] = "quantity", [DIALOG_STATE_PRODUCT] = "product"};
    return state >= 0 && state < DIALOG_STATE_COUNT ? names[state] : "top";
}

size_t dialog_candidates(const dialog_t *d, const char *const **names)
{
    *names = d->choice.ptrs;
    return d->state == DIALOG_STATE_CHOICE ? d->choice.n : 0;
}

dialog_t *dialog_open(catalog_t *cat, const messages_t *msg)
{
    dialog_t *d = calloc(1, sizeof *d);
    if (d) {
        d->cat = cat;
        d->msg = msg;
    }
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

/* A stored voice setting ("voice_rate") in [lo, hi], or 0 when unset or out of range. */
static int stored_voice(dialog_t *d, const char *key, int lo, int hi)
{
    char value[16];
    if (catalog_get_setting(d->cat, key, value, sizeof value) != CATALOG_OK)
        return 0;
    long v = strtol(value, NULL, 10);
    return v >= lo && v <= hi ? (int)v : 0;
}

void dialog_set_voice(dialog_t *d, int words_per_minute, int volume)
{
    int rate = stored_voice(d, "voice_rate", RATE_MIN, RATE_MAX);
    int vol = stored_voice(d, "voice_volume", VOLUME_MIN, VOLUME_MAX);
    d->words_per_minute = rate ? rate : words_per_minute;
    d->volume = vol ? vol : volume;
}

/* Keep the shopper's choice in the catalog's settings, so it survives a restart. A failure
 * to store it does not undo it for this conversation. */
static void store_voice(dialog_t *d, const char *key, int value)
{
    char text[16];
    snprintf(text, sizeof text, "%d", value);
    catalog_set_setting(d->cat, key, text);
}

void dialog_voice(const dialog_t *d, int *words_per_minute, int *volume)
{
    *words_per_minute = d->words_per_minute;
    *volume = d->volume;
}

void dialog__say(dialog_reply_t *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->answer, sizeof out->answer, fmt, ap);
    va_end(ap);
}

typedef struct {
    int64_t after; /* announced before: ids up to this */
    int64_t newest;
    int64_t count;
} updates_ctx;

static int count_update(void *user, const catalog_notification_t *n)
{
    updates_ctx *u = user;
    if (n->id > u->after)
        u->count++;
    if (n->id > u->newest)
        u->newest = n->id;
    return 0;
}

int dialog_greeting(dialog_t *d, char *buf, size_t len)
{
    char value[24] = "0", count[32];
    updates_ctx u = {0, 0, 0};
    if (len > 0)
        buf[0] = '\0';
    catalog_get_setting(d->cat, "announced_notification_id", value, sizeof value);
    u.after = strtoll(value, NULL, 10);
    int rc = catalog_unread_notifications(d->cat, 1000, count_update, &u);
    if (rc != CATALOG_OK || u.count == 0)
        return rc;
    snprintf(value, sizeof value, "%lld", (long long)u.newest);
    rc = catalog_set_setting(d->cat, "announced_notification_id", value);
    if (rc != CATALOG_OK) /* not said: it could not be kept from being said again */
        return rc;
    messages_format(d->msg, u.count == 1 ? MSG_UPDATES_ONE : MSG_UPDATES, buf, len, "count",
                    say_number(u.count, count, sizeof count), NULL);
    return 0;
}

/* Message id into dst, with the units after numbers in words: names, sizes and descriptions
 * come from the catalog as written ("18 oz cups"), and every answer is said (say_units()). */
static void format_spoken(const dialog_t *d, char *dst, size_t room, msg_id_t id, va_list ap)
{
    char text[sizeof((dialog_reply_t *)0)->answer];
    messages_vformat(d->msg, id, text, sizeof text, ap);
    say_units(text, dst, room);
}

void dialog__msg(const dialog_t *d, dialog_reply_t *out, msg_id_t id, ...)
{
    va_list ap;
    va_start(ap, id);
    format_spoken(d, out->answer, sizeof out->answer, id, ap);
    va_end(ap);
}

void dialog__add_msg(const dialog_t *d, dialog_reply_t *out, msg_id_t id, ...)
{
    size_t len = strlen(out->answer);
    if (len > 0 && len + 1 < sizeof out->answer)
        out->answer[len++] = ' ';
    va_list ap;
    va_start(ap, id);
    if (len < sizeof out->answer)
        format_spoken(d, out->answer + len, sizeof out->answer - len, id, ap);
    va_end(ap);
}

void dialog__say_reason(dialog_t *d, dialog_reply_t *out)
{
    char reason[512];
    dialog__money_text(d, catalog_errmsg(d->cat), reason, sizeof reason);
    if (reason[0])
        dialog__msg(d, out, MSG_REASON, "reason", reason, NULL);
    else
        dialog__msg(d, out, MSG_REASON_NONE, NULL);
}

char *dialog__cart_lines(const dialog_t *d, const catalog_cart_t *cart, char *buf, size_t len)
{
    char items[CATALOG_CART_MAX][200], qty[96];
    const char *ptrs[CATALOG_CART_MAX];
    for (size_t i = 0; i < cart->count; i++) {
        const catalog_cart_line_t *l = &cart->lines[i];
        dialog__text(d, MSG_LINE, items[i], "quantity",
                     say_quantity(l->quantity, l->product.unit, qty, sizeof qty), "product",
                     l->product.name, NULL);
        ptrs[i] = items[i];
    }
    return say_list(ptrs, cart->count, dialog__word(d, MSG_WORD_AND), buf, len);
}

char *dialog__order_lines(const dialog_t *d, int64_t order_id, char *buf, size_t len)
{
    catalog_order_line_t lines[CATALOG_CART_MAX];
    char items[CATALOG_CART_MAX][200], qty[96];
    const char *ptrs[CATALOG_CART_MAX];
    size_t n = 0, said = 0;
    catalog_product_t p;
    buf[0] = '\0';
    if (catalog_order_lines(d->cat, order_id, lines, CATALOG_CART_MAX, &n) != CATALOG_OK)
        return buf;
    for (size_t i = 0; i < n; i++) {
        if (catalog_get_product(d->cat, lines[i].product_id, &p) != CATALOG_OK)
            continue; /* a product deleted since: the rest are still worth saying */
        dialog__text(d, MSG_LINE, items[said], "quantity",
                     say_quantity(lines[i].quantity, p.unit, qty, sizeof qty), "product", p.name,
                     NULL);
        ptrs[said] = items[said];
        said++;
    }
    return say_list(ptrs, said, dialog__word(d, MSG_WORD_AND), buf, len);
}

void dialog__drop_pending(dialog_t *d)
{
    memset(&d->pending, 0, sizeof d->pending);
    d->state = DIALOG_STATE_TOP;
}

/* Several products fit what was said: list up to three, numbered, and wait for a choice. */
static void ask_choice(dialog_t *d, const grammar_intent_t *intent, const catalog_match_t *m,
                       dialog_reply_t *out)
{
    char items[CATALOG_CANDIDATES][160], list[600], number[16];
    const char *ptrs[CATALOG_CANDIDATES];
    d->choice.intent = *intent;
    d->choice.n = (size_t)m->count;
    for (size_t i = 0; i < d->choice.n; i++) {
        snprintf(d->choice.names[i], sizeof d->choice.names[i], "%s", m->candidates[i].name);
        d->choice.ptrs[i] = d->choice.names[i];
        d->choice.ids[i] = m->candidates[i].id;
        dialog__text(d, MSG_CHOICE_ITEM, items[i], "number",
                     say_number((int64_t)i + 1, number, sizeof number), "name",
                     m->candidates[i].name, NULL);
        ptrs[i] = items[i];
    }
    char word_or[32];
    dialog__text(d, MSG_WORD_OR, word_or, NULL);
    dialog__msg(d, out, MSG_CHOICE_ASK, "list",
                say_list(ptrs, d->choice.n, word_or, list, sizeof list), NULL);
    d->state = DIALOG_STATE_CHOICE;
}

/* Ask which product the command is about (message id) and keep the command: in the PRODUCT
 * state the product's name alone completes it (on_named). */
static void ask_product(dialog_t *d, const grammar_intent_t *intent, msg_id_t id,
                        dialog_reply_t *out)
{
    d->slot.intent = *intent;
    d->state = DIALOG_STATE_PRODUCT;
    dialog__msg(d, out, id, NULL);
}

int dialog__product(dialog_t *d, const grammar_intent_t *intent, catalog_product_t *p,
                    dialog_reply_t *out)
{
    const char *spoken = grammar_intent_slot(intent, "product");
    bool in_context = !spoken || strcmp(spoken, "it") == 0;
    if (in_context) {
        int rc = d->last_product_id > 0 ? catalog_get_product(d->cat, d->last_product_id, p)
                                        : CATALOG_ENOTFOUND;
        if (rc != CATALOG_ENOTFOUND)
            return rc;
        ask_product(d, intent, MSG_WHICH_PRODUCT, out);
        return DIALOG__ANSWERED;
    }
    catalog_match_t m;
    int rc = catalog_resolve(d->cat, spoken, &m);
    if (rc == CATALOG_ENOTFOUND) {
        dialog__msg(d, out, MSG_NOT_IN_STORE, "product", spoken, NULL);
        return DIALOG__ANSWERED;
    }
    if (rc != CATALOG_OK)
        return rc;
    if (m.count > 1) {
        ask_choice(d, intent, &m, out);
        return DIALOG__ANSWERED;
    }
    *p = m.candidates[0];
    d->last_product_id = p->id;
    return CATALOG_OK;
}

/* Whether a unit said ("can", singular as the grammar gives it) names how p is sold. The
 * catalog's unit is an operator's free text, so any of its words will do ("pack of 6",
 * "6-pack"), singular or plural, and "tin" is a can. */
static bool unit_names(const char *said, const catalog_product_t *p)
{
    char plural[64], word[32];
    say_plural(said, plural, sizeof plural);
    bool can = strcmp(said, "can") == 0;
    for (const char *u = p->unit; *u;) {
        size_t n = 0;
        while (*u && !isalpha((unsigned char)*u))
            u++;
        while (isalpha((unsigned char)*u)) {
            if (n + 1 < sizeof word)
                word[n++] = (char)tolower((unsigned char)*u);
            u++;
        }
        word[n] = '\0';
        if (n && (strcmp(word, said) == 0 || strcmp(word, plural) == 0 ||
                  (can && (strcmp(word, "tin") == 0 || strcmp(word, "tins") == 0))))
            return true;
    }
    return false;
}

typedef struct {
    const char *said;
    catalog_product_t found; /* the family's product sold by the unit, when hits == 1 */
    int hits;
} unit_family_t;

static int find_unit_in_family(void *user, const catalog_product_t *p)
{
    unit_family_t *f = user;
    if (unit_names(f->said, p) && f->hits++ == 0)
        f->found = *p;
    return 0;
}

bool dialog__unit_fits(dialog_t *d, const grammar_intent_t *intent, catalog_product_t *p,
                       msg_id_t id, dialog_reply_t *out)
{
    const char *said = grammar_intent_slot(intent, "unit");
    if (!said || strcmp(said, "item") == 0 || unit_names(said, p))
        return true;
    /* "two packs of oat milk": the multipack of the same family, when exactly one is sold so. */
    unit_family_t f = {said, {0}, 0};
    if (catalog_sizes(d->cat, p->id, find_unit_in_family, &f) == CATALOG_OK && f.hits == 1) {
        *p = f.found;
        d->last_product_id = p->id;
        return true;
    }
    dialog__msg(d, out, id, "product", p->name, "unit", p->unit[0] ? p->unit : "item", "said", said,
                NULL);
    return false;
}

void dialog__ask_again(const dialog_t *d, dialog_reply_t *out)
{
    if (d->state == DIALOG_STATE_TOP || !d->prompt[0])
        return;
    size_t n = strlen(out->answer);
    snprintf(out->answer + n, sizeof out->answer - n, "%s%s", n ? " " : "", d->prompt);
}

void dialog_set_examples(dialog_t *d, const char *const *examples, size_t n)
{
    d->n_examples = 0;
    for (size_t i = 0; examples && i < n && d->n_examples < DIALOG_MAX_EXAMPLES; i++) {
        int len = snprintf(d->examples[d->n_examples], sizeof d->examples[0], "%s", examples[i]);
        if (len > 0 && (size_t)len < sizeof d->examples[0])
            d->n_examples++;
    }
}

/* An operator grammar's examples as one spoken list: "brew americano or stop". */
static const char *say_examples(const dialog_t *d, char *buf, size_t len)
{
    const char *ptrs[DIALOG_MAX_EXAMPLES];
    for (size_t i = 0; i < d->n_examples; i++)
        ptrs[i] = d->examples[i];
    char word_or[32];
    dialog__text(d, MSG_WORD_OR, word_or, NULL);
    return say_list(ptrs, d->n_examples, word_or, buf, len);
}

void dialog__say_help(const dialog_t *d, dialog_reply_t *out)
{
    switch (d->state) {
    case DIALOG_STATE_CONFIRM:
        if (d->pending.kind == DIALOG__PENDING_SLOT)
            dialog__msg(d, out, MSG_HELP_CONFIRM_SLOT, "product",
                        grammar_intent_slot(&d->slot.intent, "product"), NULL);
        else if (d->pending.kind == DIALOG__PENDING_CANCEL)
            dialog__msg(d, out, MSG_HELP_CONFIRM_CANCEL, NULL);
        else if (d->pending.kind == DIALOG__PENDING_FEEDBACK)
            dialog__msg(d, out, MSG_HELP_CONFIRM_FEEDBACK, NULL);
        else if (d->pending.kind == DIALOG__PENDING_CLEAR)
            dialog__msg(d, out, MSG_HELP_CONFIRM_CLEAR, NULL);
        else if (d->pending.what.kind == CATALOG_PURCHASE_CART && !d->pending.filled_cart)
            dialog__msg(d, out, MSG_HELP_CONFIRM_CART, NULL); /* a no keeps the cart */
        else
            dialog__msg(d, out, MSG_HELP_CONFIRM, NULL);
        break;
    case DIALOG_STATE_PIN:
        dialog__msg(d, out, MSG_HELP_PIN, NULL);
        break;
    case DIALOG_STATE_CHOICE:
        dialog__msg(d, out, MSG_HELP_CHOICE, NULL);
        break;
    case DIALOG_STATE_QUANTITY:
        dialog__msg(d, out, MSG_HELP_QUANTITY, NULL);
        break;
    case DIALOG_STATE_PRODUCT:
        dialog__msg(d, out, MSG_HELP_PRODUCT, NULL);
        break;
    default:
        if (d->n_examples) {
            char list[512];
            dialog__msg(d, out, MSG_HELP_OWN, "examples", say_examples(d, list, sizeof list), NULL);
        } else
            dialog__msg(d, out, MSG_HELP_TOP, NULL);
    }
}

static void on_not_understood(dialog_t *d, dialog_reply_t *out)
{
    char count[32];
    d->misses++;
    switch (d->state) {
    case DIALOG_STATE_CONFIRM:
        dialog__msg(d, out, MSG_MISS_CONFIRM, NULL);
        break;
    case DIALOG_STATE_PIN:
        dialog__msg(d, out, MSG_MISS_PIN, NULL);
        break;
    case DIALOG_STATE_CHOICE:
        dialog__msg(d, out, MSG_MISS_CHOICE, "count",
                    say_number((int64_t)d->choice.n, count, sizeof count), NULL);
        break;
    case DIALOG_STATE_QUANTITY:
        dialog__msg(d, out, MSG_MISS_QUANTITY, NULL);
        break;
    case DIALOG_STATE_PRODUCT:
        dialog__msg(d, out, MSG_MISS_PRODUCT, NULL);
        break;
    default:
        if (d->misses >= 2 && d->n_examples) {
            char list[512];
            dialog__msg(d, out, MSG_MISS_AGAIN_OWN, "examples", say_examples(d, list, sizeof list),
                        NULL);
        } else if (d->misses >= 2)
            dialog__msg(d, out, MSG_MISS_AGAIN, NULL);
        else
            dialog__msg(d, out, MSG_MISS, NULL);
    }
}

static int turn_intent(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);

/* "choose" in the CHOICE state: the product by position or name, then the intent that asked. */
static int on_choose(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    const char *pos = grammar_intent_slot(intent, "choice");
    const char *name = grammar_intent_slot(intent, "name");
    long index = -1;
    if (pos)
        index = strcmp(pos, "last") == 0 ? (long)d->choice.n - 1 : strtol(pos, NULL, 10) - 1;
    /* The whole name, else a word of it that only one candidate has (pipeline.c adds those
     * words to the choice grammar). */
    for (int whole = 1; name && index < 0 && whole >= 0; whole--) {
        for (size_t i = 0; i < d->choice.n; i++) {
            char spoken[160];
            grammar_normalize(d->choice.names[i], spoken, sizeof spoken);
            if (whole ? strcmp(spoken, name) == 0 : grammar_has_words(spoken, name))
                index = index == -1 ? (long)i : -2; /* -2: more than one has it */
        }
    }
    if (index < 0 || index >= (long)d->choice.n) {
        char count[32];
        dialog__msg(d, out, MSG_CHOICE_OUT_OF_RANGE, "count",
                    say_number((int64_t)d->choice.n, count, sizeof count), NULL);
        d->keep_prompt = 1; /* "repeat" still reads the list */
        return 0;
    }
    grammar_intent_t again = d->choice.intent;
    d->last_product_id = d->choice.ids[index];
    d->state = DIALOG_STATE_TOP;
    grammar_intent_set_slot(&again, "product", "it"); /* the product just chosen */
    memset(&d->choice, 0, sizeof d->choice);
    return turn_intent(d, &again, out);
}

static int on_quantity(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    int n = grammar_number_value(grammar_intent_slot(intent, "quantity"));
    if (n < 1 || n > 99) {
        dialog__msg(d, out, MSG_QUANTITY_RANGE, NULL);
        return 0;
    }
    catalog_product_t p;
    if (catalog_get_product(d->cat, d->quantity_product, &p) == CATALOG_OK) {
        if (!dialog__unit_fits(d, intent, &p, MSG_QUANTITY_WRONG_UNIT, out)) {
            d->keep_prompt = 1; /* still waiting for the number */
            return 0;
        }
        d->quantity_product = p.id; /* the family's product sold by the unit said */
    }
    d->state = DIALOG_STATE_TOP;
    return dialog__reorder_quantity(d, n, out);
}

/* Slower, faster, louder, quieter: kept for the rest of the conversation; the pipeline reads
 * dialog_voice() after each turn. */
static int on_voice(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    const char *change = grammar_intent_slot(intent, "change");
    int rate = d->words_per_minute ? d->words_per_minute : RATE_DEFAULT;
    int volume = d->volume ? d->volume : 100;
    bool slower = change && strcmp(change, "slower") == 0;
    bool faster = change && strcmp(change, "faster") == 0;
    bool louder = change && strcmp(change, "louder") == 0;
    /* No change, or one an operator's grammar made up ({change=weird}): say what there is. */
    if (!slower && !faster && !louder && !(change && strcmp(change, "quieter") == 0)) {
        dialog__msg(d, out, MSG_VOICE_HOW, NULL);
        return 0;
    }
    if (slower || faster) {
        int want = rate + (slower ? -RATE_STEP : RATE_STEP);
        want = want < RATE_MIN ? RATE_MIN : want > RATE_MAX ? RATE_MAX : want;
        if (want == rate)
            dialog__msg(d, out, slower ? MSG_VOICE_SLOWEST : MSG_VOICE_FASTEST, NULL);
        else
            dialog__msg(d, out, slower ? MSG_VOICE_SLOWER : MSG_VOICE_FASTER, NULL);
        d->words_per_minute = want;
        store_voice(d, "voice_rate", want);
    } else {
        int want = volume + (louder ? VOLUME_STEP : -VOLUME_STEP);
        want = want < VOLUME_MIN ? VOLUME_MIN : want > VOLUME_MAX ? VOLUME_MAX : want;
        if (want == volume)
            dialog__msg(d, out, louder ? MSG_VOICE_LOUDEST : MSG_VOICE_QUIETEST, NULL);
        else
            dialog__msg(d, out, louder ? MSG_VOICE_LOUDER : MSG_VOICE_QUIETER, NULL);
        d->volume = want;
        store_voice(d, "voice_volume", want);
    }
    return 0;
}

static int on_cancel(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    const char *undo = grammar_intent_slot(intent, "undo");
    memset(&d->slot.intent, 0, sizeof d->slot.intent); /* a command waiting for its product */
    if (d->pending.kind == DIALOG__PENDING_SLOT) {
        dialog__drop_pending(d);
        dialog__msg(d, out, MSG_CANCELLED, NULL);
        return 0;
    }
    switch (d->state) {
    case DIALOG_STATE_CONFIRM:
    case DIALOG_STATE_PIN:
        return dialog__on_no(d, out);
    case DIALOG_STATE_CHOICE:
        memset(&d->choice, 0, sizeof d->choice);
        dialog__msg(d, out, MSG_CANCEL_CHOICE, NULL);
        break;
    case DIALOG_STATE_QUANTITY:
        d->quantity_product = 0;
        dialog__msg(d, out, MSG_CANCEL_QUANTITY, NULL);
        break;
    case DIALOG_STATE_TOP: {
        /* "Cancel that" just after a cart change takes it back (an add misheard is undone
         * before it is ever ordered). Otherwise nothing waits: "cancel the order" right after
         * one was placed must not sound as if it was undone. */
        int undone = undo && strcmp(undo, "no") == 0 ? 0 : dialog__undo_cart(d, out);
        if (undone < 0)
            return undone;
        if (!undone)
            dialog__msg(d, out, MSG_CANCEL_NOTHING, NULL);
        break;
    }
    default:
        dialog__msg(d, out, MSG_CANCELLED, NULL);
    }
    d->state = DIALOG_STATE_TOP;
    return 0;
}

/* Intents every state hears (their own grammar has them). */
static int common_intent(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out,
                         int *handled)
{
    const char *name = intent->name;
    *handled = 1;
    if (strcmp(name, "voice") == 0) {
        on_voice(d, intent, out);
        dialog__ask_again(d, out); /* in the voice just asked for */
        return 0;
    }
    if (strcmp(name, "cancel") == 0)
        return on_cancel(d, intent, out);
    if (strcmp(name, "help") == 0) {
        dialog__say_help(d, out);
        return 0;
    }
    if (strcmp(name, "repeat") == 0) {
        if (d->state != DIALOG_STATE_TOP && d->prompt[0])
            dialog__say(out, "%s", d->prompt);
        else if (d->last_answer[0])
            dialog__say(out, "%s", d->last_answer);
        else
            dialog__msg(d, out, MSG_REPEAT_NOTHING, NULL);
        return 0;
    }
    *handled = 0;
    return 0;
}

/* Handlers of the top state's intents that do not answer a question about a product. */
static dialog__handler_fn top_handler(const char *name)
{
    static const struct {
        const char *name;
        dialog__handler_fn fn;
    } table[] = {
        {"reorder", dialog__on_reorder},   {"reorder_last", dialog__on_reorder_last},
        {"checkout", dialog__on_checkout}, {"cancel_order", dialog__on_cancel_order},
        {"feedback", dialog__on_feedback},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(name, table[i].name) == 0)
            return table[i].fn;
    return dialog__answer_handler(name);
}

/* "Did you say oat milk?" answered: yes carries out the command as heard; no asks for the
 * product again (state PRODUCT: its name alone completes the command). */
static int on_slot_answer(dialog_t *d, int yes, dialog_reply_t *out)
{
    grammar_intent_t heard = d->slot.intent;
    dialog__drop_pending(d);
    if (!yes) {
        ask_product(d, &heard, MSG_CONFIRM_SLOT_WHICH, out);
        return 0;
    }
    memset(&d->slot.intent, 0, sizeof d->slot.intent);
    return turn_intent(d, &heard, out);
}

/* The product named alone in the PRODUCT state: the kept command, about that product. */
static int on_named(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    const char *product = grammar_intent_slot(intent, "product");
    grammar_intent_t kept = d->slot.intent;
    memset(&d->slot.intent, 0, sizeof d->slot.intent);
    d->state = DIALOG_STATE_TOP;
    if (!product || !kept.name[0]) {
        dialog__msg(d, out, MSG_CANT_DO, NULL);
        return 0;
    }
    grammar_intent_set_slot(&kept, "product", product); /* "tell me more" had no slot yet */
    return turn_intent(d, &kept, out);
}

/* An intent of the state's own grammar; -1 (nothing said) when it is not one of them. */
static int state_intent(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    const char *name = intent->name;
    switch (d->state) {
    case DIALOG_STATE_CONFIRM:
        if (d->pending.kind == DIALOG__PENDING_SLOT &&
            (strcmp(name, "yes") == 0 || strcmp(name, "no") == 0))
            return on_slot_answer(d, strcmp(name, "yes") == 0, out);
        if (strcmp(name, "yes") == 0)
            return dialog__on_yes(d, out);
        if (strcmp(name, "no") == 0)
            return dialog__on_no(d, out);
        if (strcmp(name, "quantity") == 0)
            return dialog__change_quantity(d, intent, out);
        break;
    case DIALOG_STATE_PIN:
        if (strcmp(name, "pin") == 0)
            return dialog__on_pin(d, intent, out);
        break;
    case DIALOG_STATE_CHOICE:
        if (strcmp(name, "choose") == 0)
            return on_choose(d, intent, out);
        break;
    case DIALOG_STATE_QUANTITY:
        if (strcmp(name, "quantity") == 0)
            return on_quantity(d, intent, out);
        break;
    case DIALOG_STATE_PRODUCT:
        if (strcmp(name, "named") == 0)
            return on_named(d, intent, out);
        break;
    default:
        if (strcmp(name, "yes") == 0) {
            dialog__msg(d, out, MSG_YES_NOTHING, NULL);
            return 0;
        }
        if (strcmp(name, "no") == 0) { /* "no" to "Added ten boxes of oats" takes it back */
            int undone = dialog__undo_cart(d, out);
            if (undone == 0)
                dialog__msg(d, out, MSG_OKAY, NULL);
            return undone < 0 ? undone : 0;
        }
        dialog__handler_fn fn = top_handler(name);
        if (!fn)
            break;
        int rc = fn(d, intent, out);
        return rc == DIALOG__ANSWERED ? 0 : rc;
    }
    return -1;
}

static int turn_intent(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    int handled;
    int rc = common_intent(d, intent, out, &handled);
    if (handled)
        return rc;
    rc = state_intent(d, intent, out);
    if (rc != -1)
        return rc;
    if (d->state != DIALOG_STATE_TOP) {
        /* Another state's intent (only through the API: each state's grammar hears its own):
         * what was waiting is dropped, never confirmed by accident. */
        dialog__restore_cart(d);
        dialog__drop_pending(d);
        memset(&d->choice, 0, sizeof d->choice);
        memset(&d->slot.intent, 0, sizeof d->slot.intent);
        rc = state_intent(d, intent, out);
        if (rc != -1)
            return rc;
    }
    if (!answers_fill(d->answers, intent, out->answer, sizeof out->answer))
        dialog__msg(d, out, MSG_CANT_DO, NULL);
    return 0;
}

void dialog_set_answers(dialog_t *d, const answers_t *answers)
{
    d->answers = answers;
}

bool dialog_knows_intent(const char *intent)
{
    /* Those of every state (common_intent()) and of the other states' grammars (state_intent()):
     * keep the three in step. "pin" is also kept out of the output (pipeline.c), so an answer
     * must not say it. */
    static const char *const common[] = {"voice", "cancel", "help",   "repeat",   "yes",
                                         "no",    "pin",    "choose", "quantity", "named"};
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        if (strcmp(intent, common[i]) == 0)
            return true;
    return top_handler(intent) != NULL;
}

bool dialog_yes_orders(const dialog_t *d)
{
    return d->state == DIALOG_STATE_CONFIRM && (d->pending.kind == DIALOG__PENDING_PURCHASE ||
                                                d->pending.kind == DIALOG__PENDING_CANCEL);
}

void dialog_set_confirm_slot_below(dialog_t *d, double threshold)
{
    d->slot.below = threshold;
}

double dialog_slot_confidence(const grammar_slot_t *slot, const double *word_confidence,
                              size_t n_words)
{
    if (!slot || !word_confidence || slot->n_words == 0 || strcmp(slot->value, "it") == 0 ||
        slot->first_word >= n_words || slot->n_words > n_words - slot->first_word)
        return 1.0;
    double lowest = 1.0;
    for (size_t i = slot->first_word; i < slot->first_word + slot->n_words; i++)
        lowest = word_confidence[i] < lowest ? word_confidence[i] : lowest;
    return lowest;
}

/* A top-state command whose product the recognizer was unsure of: ask about the product alone
 * and keep the command. 0 when it is not one. */
static int ask_slot(dialog_t *d, const grammar_intent_t *intent, double confidence,
                    dialog_reply_t *out)
{
    const char *product = grammar_intent_slot(intent, "product");
    if (d->state != DIALOG_STATE_TOP || d->slot.below <= 0 || confidence >= d->slot.below ||
        !product || strcmp(product, "it") == 0)
        return 0;
    d->slot.intent = *intent;
    d->pending.kind = DIALOG__PENDING_SLOT;
    d->state = DIALOG_STATE_CONFIRM;
    dialog__msg(d, out, MSG_CONFIRM_SLOT, "product", product, NULL);
    return 1;
}

int dialog_turn(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out)
{
    return dialog_turn_heard(d, intent, 1.0, out);
}

int dialog_turn_heard(dialog_t *d, const grammar_intent_t *intent, double product_confidence,
                      dialog_reply_t *out)
{
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (!intent) {
        on_not_understood(d, out);
    } else {
        d->misses = 0;
        d->undo.fresh = 0;
        if (!ask_slot(d, intent, product_confidence, out))
            rc = turn_intent(d, intent, out);
        rc = rc == DIALOG__ANSWERED ? 0 : rc;
    }
    if (rc < 0 && !out->answer[0])
        dialog__msg(d, out, MSG_STORE_FAILED, NULL);
    out->state = d->state;
    /* "Repeat" says the last real answer again, not "sorry, I didn't catch that", nor "okay,
     * I'll speak more slowly": that is what the shopper wants to hear again, slower. Before any
     * real answer, the voice's own answer is the last thing said. */
    bool voice = intent && strcmp(intent->name, "voice") == 0;
    /* A cart change can be taken back by the next command only; asking to hear the answer
     * again, slower, or what to say keeps it (a turn not understood too). */
    if (intent && !d->undo.fresh && !voice && strcmp(intent->name, "repeat") != 0 &&
        strcmp(intent->name, "help") != 0)
        memset(&d->undo, 0, sizeof d->undo);
    if (intent && (!voice || !d->last_answer[0] || d->last_is_voice)) {
        snprintf(d->last_answer, sizeof d->last_answer, "%s", out->answer);
        if (strcmp(intent->name, "repeat") != 0) /* a repeated voice answer is still one */
            d->last_is_voice = voice;
    }
    if (intent && d->state != DIALOG_STATE_TOP && strcmp(intent->name, "help") != 0 &&
        strcmp(intent->name, "repeat") != 0 && !voice && !d->keep_prompt)
        snprintf(d->prompt, sizeof d->prompt, "%s", out->answer);
    d->keep_prompt = 0;
    return rc;
}
