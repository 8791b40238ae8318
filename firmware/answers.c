/*
 * answers.c - an operator's answers to its own intents (answers.h), read with libinih. Every
 * problem is found at load time, against the grammar the answers are for, so a turn never
 * meets a broken template or an answer to an intent that cannot be heard.
 */
#include "answers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini_text.h"

typedef struct {
    char *intent;
    char *text;
    int line; /* where its key is, for errors about the whole text */
} entry_t;

struct answers_s {
    entry_t *entries;
    size_t n, cap;
};

typedef struct {
    ini_text_t in; /* the lines, their count, the first problem */
    answers_t *a;
    const grammar_t *g;
    answers_claimed_fn *answered_elsewhere;
    entry_t *last; /* the answer a continuation line goes on */
} parse_t;

static entry_t *find(const answers_t *a, const char *intent)
{
    for (size_t i = 0; a && i < a->n; i++)
        if (strcmp(a->entries[i].intent, intent) == 0)
            return &a->entries[i];
    return NULL;
}

static entry_t *add_entry(parse_t *p, const char *intent, const char *text)
{
    answers_t *a = p->a;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 8;
        entry_t *grown = realloc(a->entries, cap * sizeof *grown);
        if (!grown)
            return NULL;
        a->entries = grown;
        a->cap = cap;
    }
    entry_t *e = &a->entries[a->n];
    *e = (entry_t){strdup(intent), strdup(text), p->in.line};
    if (!e->intent || !e->text) {
        free(e->intent);
        free(e->text);
        return NULL;
    }
    a->n++;
    return e;
}

/* Append " more" to an answer that a continuation line goes on. */
static int continue_text(entry_t *e, const char *more)
{
    size_t a = strlen(e->text), b = strlen(more);
    char *joined = realloc(e->text, a + b + 2);
    if (!joined)
        return -1;
    joined[a] = ' ';
    memcpy(joined + a + 1, more, b + 1);
    e->text = joined;
    return 0;
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    parse_t *p = user;
    if (p->in.error_line)
        return 0;
    if (!section[0]) {
        ini_text_complain(&p->in, "'%s' comes before the [answers] heading%s", name, "");
        return 0;
    }
    if (strcmp(section, "answers") != 0) {
        ini_text_complain(&p->in, "unknown section [%s] (an answer file has [answers])%s", section,
                          "");
        return 0;
    }
    /* libinih hands a continuation line over under the key before it; an indented line after
     * a section heading is a key of its own. */
    if (p->in.indented && p->last && strcmp(name, p->last->intent) == 0) {
        if (continue_text(p->last, value) != 0)
            ini_text_complain(&p->in, "out of memory%s%s", "", "");
    } else if (find(p->a, name)) {
        ini_text_complain(&p->in, "'%s' is given twice%s", name, "");
    } else if (!grammar_has_intent(p->g, name)) {
        ini_text_complain(&p->in,
                          "the grammar has no intent '%s' (its intents are its public rules)%s",
                          name, "");
    } else if (p->answered_elsewhere && p->answered_elsewhere(name)) {
        ini_text_complain(&p->in,
                          "'%s' is one of the shop's own intents: it has its answers in "
                          "the message file%s",
                          name, "");
    } else if (!(p->last = add_entry(p, name, value))) {
        ini_text_complain(&p->in, "out of memory%s%s", "", "");
    }
    if (!p->in.error_line && strlen(p->last->text) > ANSWERS_MAX_TEXT)
        ini_text_complain(&p->in, "'%s' is longer than the %s characters an answer may have",
                          p->last->intent, "1000");
    return p->in.error_line == 0;
}

/* Whether text is a template this grammar can fill: 0, or -1 with the problem in why. */
static int check_template(const char *text, const grammar_t *g, char *why, size_t len)
{
    const char *open_bracket = NULL;
    int words = 0;
    for (const char *s = text; *s; s++) {
        if (*s == '[') {
            if (open_bracket) {
                snprintf(why, len, "brackets inside brackets: [ ... [");
                return -1;
            }
            open_bracket = s;
        } else if (*s == ']') {
            if (!open_bracket) {
                snprintf(why, len, "a ']' without its '['");
                return -1;
            }
            open_bracket = NULL;
        } else if (*s == '}') {
            snprintf(why, len, "a '}' without its '{' (slots are {name})");
            return -1;
        } else if (*s == '{') {
            size_t n = strcspn(s + 1, "{}[]");
            if (s[1 + n] == '}' && n == 0) {
                snprintf(why, len, "an empty {} (slots are {name})");
                return -1;
            }
            if (s[1 + n] != '}') {
                snprintf(why, len, "a '{' without its '}' (slots are {name})");
                return -1;
            }
            char slot[64];
            snprintf(slot, sizeof slot, "%.*s", (int)(n < 60 ? n : 60), s + 1);
            if (n >= 60 || !grammar_has_slot(g, slot)) {
                snprintf(why, len, "no rule of the grammar sets the slot {%s}", slot);
                return -1;
            }
            s += n + 1;
            words = 1;
        } else if (*s != ' ' && *s != '\t') {
            words = 1;
        }
    }
    if (open_bracket) {
        snprintf(why, len, "a '[' without its ']'");
        return -1;
    }
    if (!words) {
        snprintf(why, len, "nothing to say");
        return -1;
    }
    return 0;
}

answers_t *answers_parse(const char *text, size_t n, const char *name, const grammar_t *g,
                         answers_claimed_fn *answered_elsewhere, char *errbuf, size_t errlen)
{
    parse_t p = {.g = g, .answered_elsewhere = answered_elsewhere};
    if (!(p.a = calloc(1, sizeof *p.a))) {
        snprintf(errbuf, errlen, "%s: out of memory", name);
        return NULL;
    }
    if (ini_text_parse(&p.in, text, n, ANSWERS_MAX_BYTES, name, on_value, &p,
                       " (go on in a line starting with a space)", errbuf, errlen) != 0) {
        answers_free(p.a);
        return NULL;
    }
    if (p.a->n == 0) { /* an empty file, or one saved half-way: surely not what was meant */
        snprintf(errbuf, errlen,
                 "%s:%d: no answers (an answer file has [answers], then lines "
                 "'intent = what to say')",
                 name, p.in.line > 0 ? p.in.line : 1);
        answers_free(p.a);
        return NULL;
    }
    for (size_t i = 0; i < p.a->n; i++) {
        char why[160];
        const entry_t *e = &p.a->entries[i];
        if (check_template(e->text, g, why, sizeof why) != 0) {
            snprintf(errbuf, errlen, "%s:%d: '%s': %s", name, e->line, e->intent, why);
            answers_free(p.a);
            return NULL;
        }
    }
    return p.a;
}

answers_t *answers_load(const char *path, const grammar_t *g,
                        answers_claimed_fn *answered_elsewhere, char *errbuf, size_t errlen)
{
    size_t n;
    char *text = ini_text_read_file(path, ANSWERS_MAX_BYTES, "answer file", &n, errbuf, errlen);
    answers_t *a =
        text ? answers_parse(text, n, path, g, answered_elsewhere, errbuf, errlen) : NULL;
    free(text);
    return a;
}

void answers_free(answers_t *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++) {
        free(a->entries[i].intent);
        free(a->entries[i].text);
    }
    free(a->entries);
    free(a);
}

/* The value heard for the {slot} at open, NULL if none; *close gets its '}' (check_template()
 * made sure there is one, and that the name fits). */
static const char *slot_value(const char *open, const grammar_intent_t *intent, const char **close)
{
    char slot[64];
    *close = strchr(open, '}');
    snprintf(slot, sizeof slot, "%.*s", (int)(*close - open - 1), open + 1);
    return grammar_intent_slot(intent, slot);
}

/* Whether every {slot} in [s, end) was heard. */
static int all_heard(const char *s, const char *end, const grammar_intent_t *intent)
{
    for (; (s = memchr(s, '{', (size_t)(end - s))) != NULL; s++)
        if (!slot_value(s, intent, &s))
            return 0;
    return 1;
}

/* Append one character to buf, tidily: runs of spaces become one, and a space before
 * punctuation goes, which an unheard part or a continuation line leaves ("americano ."). */
static void put(char *buf, size_t len, size_t *used, char c)
{
    if (c == '\t')
        c = ' ';
    if (c == ' ' && (*used == 0 || buf[*used - 1] == ' '))
        return;
    if (c && strchr(",.;:?!", c) && *used > 0 && buf[*used - 1] == ' ')
        (*used)--;
    if (*used + 1 < len)
        buf[(*used)++] = c;
}

const char *answers_fill(const answers_t *a, const grammar_intent_t *intent, char *buf, size_t len)
{
    const entry_t *e = find(a, intent->name);
    if (!e || len == 0)
        return NULL;
    size_t used = 0;
    for (const char *s = e->text; *s; s++) {
        if (*s == '[') {
            const char *close = strchr(s, ']'); /* there is one: check_template() */
            if (!all_heard(s, close, intent))
                s = close;
        } else if (*s == ']') {
            continue;
        } else if (*s == '{') {
            const char *value = slot_value(s, intent, &s);
            for (const char *v = value ? value : ""; *v; v++)
                put(buf, len, &used, *v);
        } else {
            put(buf, len, &used, *s);
        }
    }
    if (used + 1 >= len) { /* cut: not in the middle of a UTF-8 character */
        while (used > 0 && ((unsigned char)buf[used - 1] & 0xC0) == 0x80)
            used--;
        if (used > 0 && (unsigned char)buf[used - 1] >= 0xC0)
            used--; /* the lead byte of the character cut */
    }
    while (used > 0 && buf[used - 1] == ' ')
        used--;
    buf[used] = '\0';
    /* Only slots, none of them heard ("{milkAmount}."): nothing to say, so not an answer. */
    for (size_t i = 0; i < used; i++)
        if (isalnum((unsigned char)buf[i]) || (unsigned char)buf[i] >= 0x80)
            return buf;
    return NULL;
}
