/*
 * messages.h - what the dialog says, read from a message file, one per locale
 * (firmware/messages/en-US.ini, en-GB.ini; installed in DATADIR/shopspeak/messages/). A message
 * is a template with named placeholders ("{product} costs {price} a {unit}."); the file also
 * gives the locale's eSpeak NG voice, its currency words and how a date is said.
 * docs/dialog.md "Messages" describes the format.
 *
 * Conventions: loaders return NULL with one line "FILE:LINE: problem" in errbuf; nothing here
 * prints or exits.
 */
#ifndef SHOPSPEAK_MESSAGES_H
#define SHOPSPEAK_MESSAGES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A message file larger than this is refused; a message longer than MESSAGES_MAX_TEXT too. */
#define MESSAGES_MAX_BYTES 65536
#define MESSAGES_MAX_TEXT  1000

/*
 * Every message: X(ID, "placeholders it may use"). The key in the file is the ID in lower case
 * (MSG_PRICE_DEAL is `price_deal`). A file must have every one of them.
 */
#define MESSAGES_LIST(X)                                                                           \
    X(WORD_AND, "")                                                                                \
    X(WORD_OR, "")                                                                                 \
    X(ITEM_UNIT, "")                                                                               \
    X(WORD_SECOND, "")                                                                             \
    X(REASON, "reason")                                                                            \
    X(REASON_NONE, "")                                                                             \
    X(STORE_FAILED, "")                                                                            \
    X(CANT_DO, "")                                                                                 \
    X(OKAY, "")                                                                                    \
    X(WHICH_PRODUCT, "")                                                                           \
    X(NOT_IN_STORE, "product")                                                                     \
    X(CHOICE_ITEM, "number name")                                                                  \
    X(CHOICE_ASK, "list")                                                                          \
    X(CHOICE_OUT_OF_RANGE, "count")                                                                \
    X(HELP_TOP, "")                                                                                \
    X(HELP_OWN, "examples")                                                                        \
    X(HELP_CONFIRM, "")                                                                            \
    X(HELP_CONFIRM_CANCEL, "")                                                                     \
    X(HELP_CONFIRM_FEEDBACK, "")                                                                   \
    X(HELP_CONFIRM_CLEAR, "")                                                                      \
    X(HELP_CONFIRM_CART, "")                                                                       \
    X(HELP_PIN, "")                                                                                \
    X(HELP_CHOICE, "")                                                                             \
    X(HELP_QUANTITY, "")                                                                           \
    X(HELP_PRODUCT, "")                                                                            \
    X(MISS, "")                                                                                    \
    X(MISS_AGAIN, "")                                                                              \
    X(MISS_AGAIN_OWN, "examples")                                                                  \
    X(MISS_CONFIRM, "")                                                                            \
    X(MISS_PIN, "")                                                                                \
    X(MISS_CHOICE, "count")                                                                        \
    X(MISS_QUANTITY, "")                                                                           \
    X(MISS_PRODUCT, "")                                                                            \
    X(QUANTITY_RANGE, "")                                                                          \
    X(VOICE_HOW, "")                                                                               \
    X(VOICE_SLOWER, "")                                                                            \
    X(VOICE_FASTER, "")                                                                            \
    X(VOICE_LOUDER, "")                                                                            \
    X(VOICE_QUIETER, "")                                                                           \
    X(VOICE_SLOWEST, "")                                                                           \
    X(VOICE_FASTEST, "")                                                                           \
    X(VOICE_LOUDEST, "")                                                                           \
    X(VOICE_QUIETEST, "")                                                                          \
    X(CANCEL_CHOICE, "")                                                                           \
    X(CANCEL_QUANTITY, "")                                                                         \
    X(CANCELLED, "")                                                                               \
    X(CANCEL_NOTHING, "")                                                                          \
    X(QUANTITY_ONLY_LEFT, "quantity")                                                              \
    X(QUANTITY_WRONG_UNIT, "product unit said")                                                    \
    X(ONLY_LEFT, "quantity")                                                                       \
    X(TIMEOUT_WARN, "time what")                                                                   \
    X(TIMEOUT_PURCHASE, "summary")                                                                 \
    X(TIMEOUT_PURCHASE_CART_KEPT, "summary")                                                       \
    X(TIMEOUT_CANCEL_ORDER, "number")                                                              \
    X(TIMEOUT_PURCHASE_LAST_ORDER_OUT, "summary")                                                  \
    X(TIMEOUT_CART_CLEAR, "")                                                                      \
    X(TIMEOUT_OTHER, "")                                                                           \
    X(REPEAT_NOTHING, "")                                                                          \
    X(YES_NOTHING, "")                                                                             \
    X(PRICE, "product price unit")                                                                 \
    X(PRICE_DEAL, "product price unit was deal")                                                   \
    X(IN_STOCK, "product")                                                                         \
    X(OUT_OF_STOCK, "product")                                                                     \
    X(OUT_OF_STOCK_UNTIL, "product date")                                                          \
    X(SIZE_ITEM, "size price")                                                                     \
    X(SIZES_ONE, "product")                                                                        \
    X(SIZES_ONE_NAMED, "product size")                                                             \
    X(SIZES, "product count list")                                                                 \
    X(INGREDIENTS, "product ingredients")                                                          \
    X(INGREDIENTS_NONE, "product")                                                                 \
    X(ALLERGEN_CONTAINS, "product allergen")                                                       \
    X(ALLERGEN_NOT_LISTED, "product allergen")                                                     \
    X(ALLERGEN_UNKNOWN, "product")                                                                 \
    X(ALLERGENS, "product allergens")                                                              \
    X(ALLERGENS_NONE, "product")                                                                   \
    X(ALLERGENS_UNKNOWN, "product")                                                                \
    X(DESCRIBE, "product description price unit")                                                  \
    X(DESCRIBE_PLAIN, "product brand category price unit")                                         \
    X(BRAND_NONE, "")                                                                              \
    X(RATING, "product rating count")                                                              \
    X(RATING_ONE, "product rating")                                                                \
    X(RATING_NONE, "product")                                                                      \
    X(MORE_SIZE, "size")                                                                           \
    X(CATEGORY_UNKNOWN, "")                                                                        \
    X(WHERE_TODAY, "")                                                                             \
    X(WHERE_CATEGORY, "category")                                                                  \
    X(WHERE_PRODUCT, "product")                                                                    \
    X(DEALS, "where list")                                                                         \
    X(DEALS_ONE, "where list")                                                                     \
    X(DEALS_NONE, "where")                                                                         \
    X(BROWSE, "category list")                                                                     \
    X(BROWSE_ALL, "category list")                                                                 \
    X(BROWSE_EMPTY, "category")                                                                    \
    X(BROWSE_NEXT, "category list")                                                                \
    X(BROWSE_LAST, "category list")                                                                \
    X(BROWSE_NO_MORE, "category")                                                                  \
    X(BROWSE_WHICH, "")                                                                            \
    X(PAIRING, "product list")                                                                     \
    X(PAIRING_NONE, "product")                                                                     \
    X(ALERT, "product below")                                                                      \
    X(ALERT_ALREADY, "product below price")                                                        \
    X(ALERT_NO_PRICE, "")                                                                          \
    X(ORDER_NONE, "")                                                                              \
    X(ORDER_PREPARING, "number date")                                                              \
    X(ORDER_SHIPPED, "number date")                                                                \
    X(ORDER_DELIVERED, "number")                                                                   \
    X(ORDER_CANCELLED, "number")                                                                   \
    X(ORDER_CANCELLABLE, "")                                                                       \
    X(ORDER_PREPARING_LATE, "number date")                                                         \
    X(ORDER_SHIPPED_LATE, "number date")                                                           \
    X(MISSED_ITEM, "nth text")                                                                     \
    X(MISSED, "count list")                                                                        \
    X(MISSED_ONE, "text")                                                                          \
    X(MISSED_NONE, "")                                                                             \
    X(HUMAN, "hours")                                                                              \
    X(HUMAN_PHONE, "phone")                                                                        \
    X(LINE, "quantity product")                                                                    \
    X(CART_TOTAL, "items total")                                                                   \
    X(CART_EMPTY_NOW, "")                                                                          \
    X(CART_ADDED, "quantity product")                                                              \
    X(CART_ADD_OUT_OF_STOCK, "product")                                                            \
    X(CART_REMOVED, "product")                                                                     \
    X(CART_UNDONE_OUT, "product")                                                                  \
    X(CART_UNDONE_BACK, "quantity product")                                                        \
    X(CART_TOOK_OUT, "quantity product")                                                           \
    X(CART_CLEAR_ASK, "items total")                                                               \
    X(CART_CLEARED, "")                                                                            \
    X(THANKS, "")                                                                                  \
    X(GOODBYE, "")                                                                                 \
    X(CART_WAITING, "items total")                                                                 \
    X(CART_NOT_IN, "product")                                                                      \
    X(WRONG_UNIT, "product unit said")                                                             \
    X(CART_CHANGED, "quantity product")                                                            \
    X(CART_CHANGE_NOT_IN, "product")                                                               \
    X(CART_LIST, "list total")                                                                     \
    X(CART_EMPTY, "")                                                                              \
    X(NOTHING_ORDERED, "")                                                                         \
    X(ASK_PLACE, "")                                                                               \
    X(ASK_PIN, "")                                                                                 \
    X(REORDER_LAST, "product was price total")                                                     \
    X(REORDER_LAST_DEAL, "product was price total deal")                                           \
    X(REORDER_NEW, "summary total")                                                                \
    X(PRICE_UP, "")                                                                                \
    X(PRICE_UP_TO, "price unit")                                                                   \
    X(REORDER_NEW_DEAL, "summary total deal")                                                      \
    X(REORDER_OUT_OF_STOCK, "product")                                                             \
    X(REORDER_NEVER, "product price unit")                                                         \
    X(PRODUCT_GONE, "")                                                                            \
    X(CHECKOUT_EMPTY, "")                                                                          \
    X(CHECKOUT, "list total")                                                                      \
    X(CHECKOUT_SAVINGS, "list total saved")                                                        \
    X(LAST_ORDER_NONE, "")                                                                         \
    X(USUAL_NONE, "")                                                                              \
    X(LAST_ORDER_IN_CART, "")                                                                      \
    X(LAST_ORDER_ADDED, "")                                                                        \
    X(LEFT_OUT_ONE, "list")                                                                        \
    X(LEFT_OUT, "list")                                                                            \
    X(QUANTITY_FEWER, "")                                                                          \
    X(LEFT_OUT_ALL, "list")                                                                        \
    X(PLACED, "summary total number")                                                              \
    X(TOKEN_AGAIN, "reason total")                                                                 \
    X(PIN_PLEASE, "")                                                                              \
    X(PLACE_FAILED, "")                                                                            \
    X(CANCEL_DONE, "number")                                                                       \
    X(CANCEL_NONE, "")                                                                             \
    X(CANCEL_ALREADY, "number")                                                                    \
    X(CANCEL_TOO_FAR, "number status")                                                             \
    X(CANCEL_WINDOW, "number minutes")                                                             \
    X(CANCEL_ASK, "number list total")                                                             \
    X(FEEDBACK_ASK, "")                                                                            \
    X(FEEDBACK_YES, "")                                                                            \
    X(FEEDBACK_NO, "")                                                                             \
    X(NO_PURCHASE, "")                                                                             \
    X(NO_PURCHASE_CART_KEPT, "")                                                                   \
    X(NO_CANCEL, "")                                                                               \
    X(NO_CART_CLEAR, "")                                                                           \
    X(NO_PURCHASE_LAST_ORDER_OUT, "")                                                              \
    X(PIN_NONE, "")                                                                                \
    X(PIN_FOUR_DIGITS, "")                                                                         \
    X(PIN_AGAIN, "")                                                                               \
    X(UPDATES_ONE, "")                                                                             \
    X(UPDATES, "count")                                                                            \
    X(CONFIRM_SLOT, "product")                                                                     \
    X(CONFIRM_SLOT_WHICH, "")                                                                      \
    X(HELP_CONFIRM_SLOT, "product")

typedef enum {
#define MESSAGES_ENUM(id, placeholders) MSG_##id,
    MESSAGES_LIST(MESSAGES_ENUM)
#undef MESSAGES_ENUM
        MSG_COUNT
} msg_id_t;

typedef struct messages_s messages_t;

/*
 * Read a message file from text of n bytes (need not be NUL-terminated); `name` is the file
 * name used in errors. NULL with "NAME:LINE: problem" in errbuf for: a file too large, a line
 * that is not `[section]`, `key = value`, a continuation (a line starting with a space or tab
 * goes on the value before it) or a comment; an unknown section or key, a key given twice, a
 * placeholder the message may not use or an unclosed `{`, a message too long, a message or
 * locale key missing (reported at the last line). Free with messages_free().
 */
messages_t *messages_parse(const char *text, size_t n, const char *name, char *errbuf,
                           size_t errlen);
/* messages_parse() over a file; a missing or unreadable file is an error too. */
messages_t *messages_load(const char *path, char *errbuf, size_t errlen);
/* NULL is a no-op. */
void messages_free(messages_t *m);

/*
 * The file for a locale ("en-GB": two lower-case letters, '-', two capitals): the installed
 * DATADIR/shopspeak/messages/en-GB.ini if it exists, else the source tree's
 * firmware/messages/en-GB.ini. Returns buf, or NULL (errbuf says why) for a malformed name or
 * when neither file exists.
 */
const char *messages_find(const char *locale, char *buf, size_t len, char *errbuf, size_t errlen);

/* From the file's [locale] section; owned by m. */
const char *messages_locale(const messages_t *m); /* "en-GB" */
const char *messages_voice(const messages_t *m);  /* eSpeak NG voice, "en-gb" */
/* The ISO 4217 code of the money the file speaks ("GBP": [locale] currency), or NULL when the
 * file does not say. */
const char *messages_currency(const messages_t *m);

/*
 * Message `id` with its placeholders filled, into buf (truncated at len); returns buf.
 * The arguments after len are pairs of a placeholder name and its text, ended by NULL:
 * messages_format(m, MSG_PRICE, buf, len, "product", name, "price", price, NULL). A
 * placeholder the call does not give is left empty.
 */
char *messages_format(const messages_t *m, msg_id_t id, char *buf, size_t len, ...)
    __attribute__((sentinel));
char *messages_vformat(const messages_t *m, msg_id_t id, char *buf, size_t len, va_list ap);

/* Message id as written in the file, unfilled (for words: MSG_WORD_AND); owned by m. */
const char *messages_text(const messages_t *m, msg_id_t id);

/* Money and dates the locale's way (say.h's say_price / say_date / say_money_in_text). */
char *messages_price(const messages_t *m, int64_t cents, char *buf, size_t len);
char *messages_money_in_text(const messages_t *m, const char *text, char *buf, size_t len);
char *messages_date(const messages_t *m, const char *iso, char *buf, size_t len);

#endif
