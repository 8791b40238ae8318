/*
 * answers.h - what the speaker says to the intents of an operator's grammar, which the shop's
 * dialog does not know ("what are your opening hours", a café's drink order). An INI file
 * (docs/grammar.md "Answers to an operator's intents"):
 *
 *     [answers]
 *     hours = We are open from eight to six.
 *     orderDrink = One [{size} ]{coffeeDrink}[ with {milkAmount}], coming right up.
 *
 * `{slot}` is the slot's value as the grammar gives it; `[ ... ]` is said only when every slot
 * inside it was heard. Answers only speak: they never order, charge or change the cart.
 *
 * Conventions: loaders return NULL with one line "FILE:LINE: problem" in errbuf; nothing here
 * prints or exits.
 */
#ifndef SHOPSPEAK_ANSWERS_H
#define SHOPSPEAK_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>

#include "grammar.h"

/* A file larger than this is refused, and an answer longer than ANSWERS_MAX_TEXT. */
#define ANSWERS_MAX_BYTES 65536
#define ANSWERS_MAX_TEXT  1000

typedef struct answers_s answers_t;

/*
 * Read an answer file from text of n bytes (need not be NUL-terminated); `name` is the file
 * name in errors. Checked against g: each key must be one of its intents (a public rule) that
 * `answered_elsewhere` (NULL: none) does not claim, the shop's own intents, whose answers would
 * never be said; and each {slot} a slot that some rule of g sets. NULL with "NAME:LINE: problem" in
 * errbuf for those, and for a line that is not `[answers]`, `intent = text`, a continuation (a line
 * starting with a space or tab goes on the text before it) or a comment; an intent given twice;
 * an empty answer; a `{` or `[` without its closing `}` or `]`, a `]` or `}` alone, brackets
 * inside brackets; an answer too long; a file too large; a file with no answer (empty, or
 * saved half-way). Free with answers_free().
 */
typedef bool answers_claimed_fn(const char *intent);
answers_t *answers_parse(const char *text, size_t n, const char *name, const grammar_t *g,
                         answers_claimed_fn *answered_elsewhere, char *errbuf, size_t errlen);
/* answers_parse() over a file; a missing or unreadable file is an error too. */
answers_t *answers_load(const char *path, const grammar_t *g,
                        answers_claimed_fn *answered_elsewhere, char *errbuf, size_t errlen);
/* NULL is a no-op. */
void answers_free(answers_t *a);

/*
 * The answer to intent with its slots filled in, into buf (cut at len, between UTF-8
 * characters), tidied so that an unheard optional part leaves no gap: runs of spaces become one,
 * a space before , . ; : ? ! goes, and the ends are trimmed. Returns buf, or NULL when a is NULL,
 * has no answer for the intent, or the answer came out with no word in it (only slots, none
 * heard).
 */
const char *answers_fill(const answers_t *a, const grammar_intent_t *intent, char *buf, size_t len);

#endif
