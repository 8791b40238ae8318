/*
 * dialog.h - the conversation: turns an intent into a spoken answer and, after the shopper
 * confirms, an order. Holds what was said before (a pending purchase, the product "it" means,
 * the candidates of a choice, the last answer, the voice). Orders are placed only through
 * the catalog's confirmation tokens (catalog_confirm_begin / catalog_place_confirmed), never
 * in the turn that asked for them. docs/dialog.md describes the states and answers.
 */
#ifndef SHOPSPEAK_DIALOG_H
#define SHOPSPEAK_DIALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "grammar.h"
#include "answers.h"
#include "messages.h"

typedef struct dialog_s dialog_t;

/* Each state names the grammar the recognizer listens with in it (dialog_state_grammar()). */
typedef enum {
    DIALOG_STATE_TOP = 0,  /* any command: grammar/shop.gram */
    DIALOG_STATE_CONFIRM,  /* a purchase waits for yes or no: confirm.gram */
    DIALOG_STATE_PIN,      /* a four-digit PIN: pin.gram (a PIN is set: it confirms a purchase) */
    DIALOG_STATE_CHOICE,   /* one of the candidates listed: choice.gram + their names */
    DIALOG_STATE_QUANTITY, /* how many: quantity.gram */
    DIALOG_STATE_PRODUCT,  /* "which product do you mean?": product.gram + the catalog's names */
    DIALOG_STATE_COUNT
} dialog_state_t;

/* The grammar name of a state: "top", "confirm", "pin", "choice", "quantity", "product"
 * (static). */
const char *dialog_state_grammar(dialog_state_t state);

/* In DIALOG_STATE_CHOICE, the names the shopper chooses among (the choice grammar's
 * <candidate> phrases); *names is owned by the dialog and valid until the next turn. 0 in other
 * states. */
size_t dialog_candidates(const dialog_t *d, const char *const **names);

typedef struct {
    char answer[1024];    /* what to say */
    int64_t order_id;     /* > 0 when this turn placed an order */
    dialog_state_t state; /* the state after this turn */
} dialog_reply_t;

/* The catalog and the messages (every sentence the dialog says, messages.h) are borrowed and
 * must outlive the dialog. NULL when out of memory. */
dialog_t *dialog_open(catalog_t *cat, const messages_t *msg);
void dialog_close(dialog_t *d);

/*
 * One turn. `intent` is NULL when the recognizer heard nothing it understood. Returns 0, or
 * a negative CATALOG_E* code when the catalog failed (the reply then says so to the shopper).
 */
int dialog_turn(dialog_t *d, const grammar_intent_t *intent, dialog_reply_t *out);

/*
 * A turn heard by the recognizer: as dialog_turn(), with how sure it is of the words of the
 * intent's product slot (0..1; dialog_slot_confidence()). Below the threshold set with
 * dialog_set_confirm_slot_below(), a command of the top state is not carried out yet: the
 * product alone is confirmed ("Did you say oat milk?", state CONFIRM). Yes carries the command
 * out as heard (a purchase then asks its own confirmation as always); no asks "Which product
 * did you mean?" (state PRODUCT), where the product alone (intent "named", slot product)
 * completes it; cancel drops it. A command about "it" with no product in context asks the
 * same way ("Which product do you mean?", state PRODUCT).
 */
int dialog_turn_heard(dialog_t *d, const grammar_intent_t *intent, double product_confidence,
                      dialog_reply_t *out);

/*
 * What can be said in a top grammar that is not the shop's (an operator's, --grammar): up to
 * DIALOG_MAX_EXAMPLES sentences (grammar_example()), which help and a second "didn't catch
 * that" in the top state read out instead of the shop's own examples ("how much is the oat
 * milk"). Copied; a sentence longer than 127 bytes is left out. n = 0 goes back to the shop's.
 */
#define DIALOG_MAX_EXAMPLES 3
void dialog_set_examples(dialog_t *d, const char *const *examples, size_t n);

/*
 * The operator's answers to intents of its grammar that the shop does not know (answers.h);
 * borrowed, NULL for none. An intent with no answer is still "Sorry, I can't do that yet."
 */
void dialog_set_answers(dialog_t *d, const answers_t *answers);

/* Whether the dialog answers an intent of this name itself (price, reorder, help, yes, ...):
 * an operator's answer to it would never be said. */
bool dialog_knows_intent(const char *intent);

/* Whether a yes now would place or cancel an order (state CONFIRM with a purchase or an
 * order's cancellation waiting), which the pipeline asks to be heard more surely. */
bool dialog_yes_orders(const dialog_t *d);

/* The threshold of dialog_turn_heard(); 0 (the default) never confirms a slot. */
void dialog_set_confirm_slot_below(dialog_t *d, double threshold);

/*
 * How sure the recognizer is of a slot: the lowest confidence of the words it was said with
 * (slot->first_word and n_words, set by grammar_parse() of the words heard), whose
 * confidences are word_confidence[0..n_words) (asr_result_t). A slot the grammar maps to a
 * value of its own ("yes {answer=affirm}") is as sure as its words. 1 when slot is NULL, has
 * no words, is "it" (the product in context, not a word to confirm), or its words have no
 * confidence.
 */
double dialog_slot_confidence(const grammar_slot_t *slot, const double *word_confidence,
                              size_t n_words);

/* How long after a cart change (add, remove, a new quantity) "cancel that" or "no" still takes
 * it back, if no other command came between (docs/dialog.md). */
#define DIALOG_UNDO_SECONDS 120

dialog_state_t dialog_state(const dialog_t *d);

/*
 * The shopper did not answer in time (the answer-timeout setting, answer_timer.h): drop what
 * the state waits for and go back to the top state. A pending purchase is not placed (a cart
 * that a reorder filled is emptied again, the shopper's own cart is kept), a pending order
 * cancellation is not carried out, a choice or quantity question is forgotten. out->answer
 * says what was cancelled: "I've cancelled the order of two bags of Lavazza espresso beans.
 * Nothing was ordered."; "" in the top state, where nothing waits. Returns 0, or a negative
 * CATALOG_E* status when emptying the cart failed (the state is dropped all the same).
 */
int dialog_timeout(dialog_t *d, dialog_reply_t *out);

/* The warning before dialog_timeout(): "Are you still there? I'll cancel this in ten
 * seconds.", with seconds_left rounded down (at least one). Changes nothing. */
void dialog_timeout_warning(const dialog_t *d, double seconds_left, dialog_reply_t *out);

/*
 * The greeting of a session (woken, or the first turn): "You have two updates." when there are
 * unread notifications not announced before, into buf (len bytes); "" when there are none.
 * Each notification is announced once: the newest id announced is kept in the catalog's
 * settings (announced_notification_id), so a restart does not repeat it either. Returns 0 or
 * a negative CATALOG_E* status (buf is then "").
 */
int dialog_greeting(dialog_t *d, char *buf, size_t len);

/*
 * The voice the shopper asked for ("speak slower", "louder"): words per minute and volume
 * (eSpeak NG's 0..200, 100 normal); 0 means the synthesiser's default. dialog_set_voice()
 * gives the starting point (the configured rate), which a voice the shopper chose before
 * replaces: each change is stored in the catalog's settings (voice_rate, voice_volume). The
 * pipeline reads dialog_voice() after each turn and re-configures text-to-speech when it
 * changed.
 */
void dialog_set_voice(dialog_t *d, int words_per_minute, int volume);
void dialog_voice(const dialog_t *d, int *words_per_minute /* OUT */, int *volume /* OUT */);

#endif
