/*
 * dialog_internal.h - what the dialog's files share (dialog.c: the state machine;
 * dialog_purchase.c: confirmations, PIN and orders; dialog_answers.c: questions and the cart).
 * Not part of the firmware's interface: only dialog*.c include it.
 */
#ifndef SHOPSPEAK_DIALOG_INTERNAL_H
#define SHOPSPEAK_DIALOG_INTERNAL_H

#include <stdbool.h>

#include "dialog.h"
#include "messages.h"

/* What a CONFIRM or PIN state is waiting on. */
typedef enum {
    DIALOG__PENDING_NONE = 0,
    DIALOG__PENDING_PURCHASE, /* a confirmation token for a reorder or the cart */
    DIALOG__PENDING_CANCEL,   /* cancelling an order, after a yes */
    DIALOG__PENDING_FEEDBACK, /* "did you find what you were looking for?" */
    DIALOG__PENDING_SLOT,     /* "did you say oat milk?": slot.intent waits for a yes */
    DIALOG__PENDING_CLEAR,    /* emptying the cart, after a yes */
} dialog__pending_kind_t;

/* A handler's result besides CATALOG_OK and negative statuses: the reply is already said
 * (a product not found, a choice asked), so the caller stops. */
#define DIALOG__ANSWERED 1

/* A cart line as it was: the product and how many the cart held of it. */
typedef struct {
    int64_t product_id, had;
} dialog__cart_line_t;

struct dialog_s {
    catalog_t *cat;
    const messages_t *msg; /* every sentence said (borrowed) */
    dialog_state_t state;
    int misses; /* turns in a row not understood */
    struct {
        dialog__pending_kind_t kind;
        catalog_purchase_t what; /* PURCHASE: asked again when the token goes stale */
        char token[CATALOG_TOKEN_CHARS + 1];
        char idempotency_key[40]; /* one key per token: a retried "yes" orders once */
        char summary[384];        /* "two bags of Lavazza Espresso Beans": what "done" names */
        int64_t total_cents;      /* what the shopper agreed to, with deals */
        int filled_cart;          /* the cart was empty and holds only a repeated last order */
        dialog__cart_line_t before[CATALOG_CART_MAX]; /* a last order added to a cart that
                                     held things: what each line it touched held, for a no */
        size_t n_before;
        int64_t order_id; /* CANCEL: the order to cancel */
    } pending;
    struct {
        grammar_intent_t intent; /* asked again with the chosen product as "it" */
        char names[CATALOG_CANDIDATES][128];
        const char *ptrs[CATALOG_CANDIDATES];
        int64_t ids[CATALOG_CANDIDATES];
        size_t n;
    } choice;
    struct {
        grammar_intent_t intent; /* the command whose product is being confirmed (CONFIRM)
                                    or asked for (PRODUCT) */
        double below;            /* confirm a product slot heard with less confidence */
    } slot;
    int64_t quantity_product; /* QUANTITY: the product a reorder waits a number for */
    int last_is_voice;        /* last_answer is a voice change's: nothing else said yet */
    char last_answer[1024];   /* what "repeat" says: the last answer that was not a "sorry,
                                 I didn't catch that" */
    char prompt[1024];        /* outside the top state: the answer that asked what the state
                                 waits for, which "repeat" says even after a "help" */
    int keep_prompt;          /* this turn only corrected the shopper ("only three to choose
                                 from"): prompt still holds the question */
    int64_t last_product_id;  /* the product "it" and "that" refer to; 0 for none yet */
    char examples[DIALOG_MAX_EXAMPLES][128]; /* an operator grammar's (dialog_set_examples) */
    size_t n_examples;
    const answers_t *answers; /* the operator's (dialog_set_answers), or NULL */
    struct {
        char aisle[64]; /* the category browsed last, as the catalog writes it; "" for none */
        size_t said;    /* how many of its products were read out so far */
    } browse;
    struct {
        int64_t product_id; /* the cart line the last turn changed; 0 for none */
        int64_t had;        /* what the cart held of it before */
        int fresh;          /* set by this turn */
        int64_t at;         /* when (the catalog's clock), for DIALOG_UNDO_SECONDS */
    } undo;                 /* what "cancel that" or "no" right after a cart change takes back */
    int words_per_minute;   /* the voice: 0 is the synthesiser's default */
    int volume;
};

/* The answer is message id with its placeholders (name, value pairs ending with NULL). */
void dialog__msg(const dialog_t *d, dialog_reply_t *out, msg_id_t id, ...)
    __attribute__((sentinel));
/* Append message id to the answer, after a space when the answer is not empty. */
void dialog__add_msg(const dialog_t *d, dialog_reply_t *out, msg_id_t id, ...)
    __attribute__((sentinel));
/* Message id into buf (for a piece of a longer answer); returns buf. */
#define dialog__text(d, id, buf, ...) messages_format((d)->msg, id, buf, sizeof buf, __VA_ARGS__)
/* A message used as a word, unfilled: dialog__word(d, MSG_WORD_AND). */
#define dialog__word(d, id) messages_text((d)->msg, id)
/* Money and dates the locale's way (messages.h). */
#define dialog__price(d, cents, buf, len)     messages_price((d)->msg, cents, buf, len)
#define dialog__date(d, iso, buf, len)        messages_date((d)->msg, iso, buf, len)
#define dialog__money_text(d, text, buf, len) messages_money_in_text((d)->msg, text, buf, len)

void dialog__say(dialog_reply_t *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "Sorry, " + the catalog's reason for its last refusal (money in words) + "." */
void dialog__say_reason(dialog_t *d, dialog_reply_t *out);

/*
 * The product of the intent's "product" slot ("it": the last one mentioned), resolved with
 * catalog_resolve(). CATALOG_OK with *p filled; DIALOG__ANSWERED when the reply already asks
 * "which product?", says it was not found, or lists candidates (state CHOICE: the intent is
 * kept and handled again once the shopper chooses); a negative status when the catalog failed.
 */
int dialog__product(dialog_t *d, const grammar_intent_t *intent, catalog_product_t *p,
                    dialog_reply_t *out);

/*
 * Whether a count may be used for *p with the unit said with it ("twelve cans of coke", the
 * intent's "unit" slot). No unit, "items", or one of the words of p's unit: yes. Else, when
 * exactly one product of p's family is sold by that unit ("two packs of oat milk": the
 * multipack), *p becomes that one: yes. Otherwise the count is of something else (twelve
 * packs of twelve cans), so nothing may be done with it: the reply says how p is sold
 * (message id: MSG_WRONG_UNIT, or MSG_QUANTITY_WRONG_UNIT when the question is asked again)
 * and false is returned.
 */
bool dialog__unit_fits(dialog_t *d, const grammar_intent_t *intent, catalog_product_t *p,
                       msg_id_t id, dialog_reply_t *out);

/* The cart's lines as spoken: "two bags of X and one carton of Y" into buf; returns buf. */
char *dialog__cart_lines(const dialog_t *d, const catalog_cart_t *cart, char *buf, size_t len);

/* An order's lines as spoken ("three boxes of X and one jar of Y") into buf, "" when it has none
 * that can be read; returns buf. */
char *dialog__order_lines(const dialog_t *d, int64_t order_id, char *buf, size_t len);

/* Forget what a CONFIRM or PIN state was waiting for; back to the top state. */
void dialog__drop_pending(dialog_t *d);
/* Put the cart back as it was before a pending reorder of the last order filled it (emptied, or
 * each line it touched back to what it held). 0, or a negative CATALOG_E* status. */
int dialog__restore_cart(dialog_t *d);
/* A cart change the next turn may take back: the line of product_id held `had` before it. */
void dialog__remember_undo(dialog_t *d, int64_t product_id, int64_t had);
/* Take the last cart change back ("cancel that", "no" just after it) and say so: 1 when it
 * did, 0 when none waits (nothing said), a negative CATALOG_E* status on failure. */
int dialog__undo_cart(dialog_t *d, dialog_reply_t *out);

/* Outside the top state: the question that waits (prompt) after what out already says. */
void dialog__ask_again(const dialog_t *d, dialog_reply_t *out);

/* What can be said now, by state ("Say yes to place the order, or no to drop it. ..."). */
void dialog__say_help(const dialog_t *d, dialog_reply_t *out);

/* "Make it two" while a reorder waits for its yes: the same product, the new quantity, a new
 * summary and question (the old confirmation is dropped). Anything else waiting: "please say
 * yes or no". */
int dialog__change_quantity(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);

/* Intent handlers: 0, DIALOG__ANSWERED, or a negative CATALOG_E* status. */
typedef int (*dialog__handler_fn)(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);

/* dialog_purchase.c */
int dialog__on_reorder(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);
int dialog__reorder_quantity(dialog_t *d, int64_t quantity, dialog_reply_t *out);
int dialog__on_reorder_last(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);
int dialog__on_checkout(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);
int dialog__on_cancel_order(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);
int dialog__on_yes(dialog_t *d, dialog_reply_t *out);
int dialog__on_no(dialog_t *d, dialog_reply_t *out);
int dialog__on_pin(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);
int dialog__on_feedback(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);

/* dialog_answers.c: one handler per question intent, looked up by name; NULL for none. */
dialog__handler_fn dialog__answer_handler(const char *intent_name);

#endif
