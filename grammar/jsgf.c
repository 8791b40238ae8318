/* jsgf.c - a small recursive-descent parser for the JSGF subset of docs/grammar.md. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar_internal.h"

/* Nesting deeper than this is a malformed (or hostile) file, not a shopping grammar; the cap
 * keeps the recursion off the end of the stack. MAX_DEPTH counts groups while they are read;
 * MAX_HEIGHT counts the levels of the tree built, which "x****" or "x {a} {b} {c}" deepen
 * without a group (100,000 stars were a stack overflow in every walk of the tree). */
#define MAX_DEPTH  200
#define MAX_HEIGHT 400

typedef struct {
    const char *s, *end;
    const char *path;
    int line, col;
    int end_line, end_col; /* just after the last token, where "expected ;" belongs */
    bool in_space;
    int depth;
    int status; /* first error; GRAMMAR_OK while parsing goes well */
} lexer_t;

static int syntax(lexer_t *lx, int line, int col, const char *msg, const char *arg)
{
    if (lx->status == GRAMMAR_OK)
        lx->status = grammar__fail(GRAMMAR_ESYNTAX, "%s:%d:%d: %s%s", lx->path, line, col, msg,
                                   arg ? arg : "");
    return lx->status;
}

static void advance(lexer_t *lx, size_t n)
{
    for (; n > 0 && lx->s < lx->end; n--, lx->s++) {
        if (*lx->s == '\n') {
            lx->line++;
            lx->col = 1;
        } else {
            lx->col++;
        }
        if (!lx->in_space && !isspace((unsigned char)*lx->s)) {
            lx->end_line = lx->line;
            lx->end_col = lx->col;
        }
    }
}

/* Skip white space and both kinds of comment. An unterminated block comment is an error
 * because silently eating the rest of the file would hide every rule after it. */
static int skip_space_and_comments(lexer_t *lx)
{
    for (;;) {
        while (lx->s < lx->end && isspace((unsigned char)*lx->s))
            advance(lx, 1);
        if (lx->end - lx->s >= 2 && lx->s[0] == '/' && lx->s[1] == '/') {
            while (lx->s < lx->end && *lx->s != '\n')
                advance(lx, 1);
        } else if (lx->end - lx->s >= 2 && lx->s[0] == '/' && lx->s[1] == '*') {
            int line = lx->line, col = lx->col;
            advance(lx, 2);
            while (lx->s < lx->end && !(lx->end - lx->s >= 2 && lx->s[0] == '*' && lx->s[1] == '/'))
                advance(lx, 1);
            if (lx->s >= lx->end)
                return syntax(lx, line, col, "unterminated comment", NULL);
            advance(lx, 2);
        } else {
            return GRAMMAR_OK;
        }
    }
}

static int skip_space(lexer_t *lx)
{
    lx->in_space = true;
    int st = skip_space_and_comments(lx);
    lx->in_space = false;
    return st;
}

static int peek(lexer_t *lx)
{
    if (skip_space(lx) != GRAMMAR_OK || lx->s >= lx->end)
        return EOF;
    return (unsigned char)*lx->s;
}

static bool is_word_char(int c)
{
    return c != EOF && !isspace(c) && !strchr(";=|*+<>()[]{}/\"", c);
}

static bool is_name_char(int c)
{
    return isalnum(c) || c == '_' || c == '.' || c == '-';
}

static int expect(lexer_t *lx, int c, const char *what)
{
    if (peek(lx) != c)
        return syntax(lx, lx->end_line, lx->end_col, "expected ", what);
    advance(lx, 1);
    return GRAMMAR_OK;
}

/* A bare word, lowercased so that "Reorder" in the file matches "reorder" in the dictionary. */
static char *read_word(lexer_t *lx)
{
    const char *start = lx->s;
    while (lx->s < lx->end && is_word_char((unsigned char)*lx->s))
        advance(lx, 1);
    size_t n = (size_t)(lx->s - start);
    if (n >= GRAMMAR__MAX_WORD) {
        syntax(lx, lx->line, lx->col - (int)n, "word too long", NULL);
        return NULL;
    }
    char *w = strndup(start, n);
    if (!w) {
        lx->status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        return NULL;
    }
    for (char *p = w; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return w;
}

/* `<name>` with the opening bracket under the cursor; returns the name without brackets. */
static char *read_rule_name(lexer_t *lx)
{
    int line = lx->line, col = lx->col;
    advance(lx, 1);
    const char *start = lx->s;
    while (lx->s < lx->end && is_name_char((unsigned char)*lx->s))
        advance(lx, 1);
    size_t n = (size_t)(lx->s - start);
    if (n == 0 || lx->s >= lx->end || *lx->s != '>') {
        syntax(lx, line, col, "bad rule name: expected <name> with letters, digits, _ . -", NULL);
        return NULL;
    }
    advance(lx, 1);
    char *name = strndup(start, n);
    if (!name)
        lx->status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    return name;
}

static node_t *new_node(lexer_t *lx, node_kind_t kind, int line, int col)
{
    node_t *n = calloc(1, sizeof *n);
    if (!n) {
        lx->status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        return NULL;
    }
    n->kind = kind;
    n->rule = -1;
    n->line = line;
    n->col = col;
    return n;
}

/* The kids array doubles when full, that is when n_kids is 0 or a power of two (no capacity is
 * kept): grown by one each time, a rule of 90,000 alternatives was copied over and over. */
static int add_kid(lexer_t *lx, node_t *parent, node_t *kid)
{
    if (kid->height + 1 > MAX_HEIGHT) {
        grammar__node_free(kid);
        return syntax(lx, parent->line, parent->col,
                      "nested too deeply (groups, *, + and {tags} on one expansion)", NULL);
    }
    parent->height = kid->height + 1 > parent->height ? kid->height + 1 : parent->height;
    size_t n = parent->n_kids;
    if ((n & (n - 1)) == 0) {
        node_t **k = realloc(parent->kids, (n ? 2 * n : 1) * sizeof *k);
        if (!k) {
            grammar__node_free(kid);
            return lx->status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        }
        parent->kids = k;
    }
    parent->kids[parent->n_kids++] = kid;
    return GRAMMAR_OK;
}

void grammar__node_free(node_t *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_kids; i++)
        grammar__node_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n->tag_slot);
    free(n->tag_value);
    free(n);
}

static node_t *parse_alternatives(lexer_t *lx);

/* What grammar_intent_t holds: an intent's name, a slot's name and value, with their NULs. */
#define INTENT_NAME_SIZE ((int)sizeof(((grammar_intent_t *)0)->name))
#define SLOT_NAME_SIZE   sizeof(((grammar_slot_t *)0)->name)
#define SLOT_VALUE_SIZE  sizeof(((grammar_slot_t *)0)->value)

/* A tag's slot name or value that grammar_intent_t could not hold whole: true after one
 * message saying the limit. */
static bool tag_too_long(lexer_t *lx, int line, int col, size_t name_len, size_t value_len)
{
    char msg[96];
    if (name_len >= SLOT_NAME_SIZE)
        snprintf(msg, sizeof msg, "the slot name in this tag is longer than %zu bytes",
                 SLOT_NAME_SIZE - 1);
    else if (value_len >= SLOT_VALUE_SIZE)
        snprintf(msg, sizeof msg, "the slot value in this tag is longer than %zu bytes",
                 SLOT_VALUE_SIZE - 1);
    else
        return false;
    syntax(lx, line, col, msg, NULL);
    return true;
}

/* `{slot}` or `{slot=value}` under the cursor, attached to `target`. A second tag on the same
 * expansion wraps it in a one-item sequence, so every node carries at most one tag. */
static node_t *parse_tag(lexer_t *lx, node_t *target)
{
    int line = lx->line, col = lx->col;
    advance(lx, 1);
    const char *start = lx->s;
    while (lx->s < lx->end && *lx->s != '}' && *lx->s != '\n')
        advance(lx, 1);
    if (lx->s >= lx->end || *lx->s != '}') {
        syntax(lx, line, col, "unterminated tag: expected }", NULL);
        return target;
    }
    const char *close = lx->s;
    advance(lx, 1);
    while (start < close && isspace((unsigned char)*start))
        start++;
    const char *name_end = start;
    while (name_end < close && (isalnum((unsigned char)*name_end) || *name_end == '_'))
        name_end++;
    const char *value = name_end;
    while (value < close && isspace((unsigned char)*value))
        value++;
    size_t name_len = (size_t)(name_end - start);
    bool has_value = value < close && *value == '=';
    const char *vend = close;
    if (has_value) {
        value++;
        while (value < close && isspace((unsigned char)*value))
            value++;
        while (vend > value && isspace((unsigned char)vend[-1]))
            vend--;
    }
    if (name_len == 0 || isdigit((unsigned char)*start) || (!has_value && value != close) ||
        (has_value && vend == value)) {
        syntax(lx, line, col, "a tag must be {slot} or {slot=value} (slot: letters, digits, _)",
               NULL);
        return target;
    }
    if (tag_too_long(lx, line, col, name_len, has_value ? (size_t)(vend - value) : 0))
        return target;
    if (target->tag_slot) {
        node_t *wrap = new_node(lx, NODE_SEQ, target->line, target->col);
        if (!wrap)
            return target;
        if (add_kid(lx, wrap, target) != GRAMMAR_OK)
            return wrap; /* add_kid freed target; the caller frees the empty wrapper */
        target = wrap;
    }
    target->tag_slot = strndup(start, name_len);
    target->tag_value = has_value ? strndup(value, (size_t)(vend - value)) : NULL;
    if (!target->tag_slot || (has_value && !target->tag_value))
        lx->status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    return target;
}

static node_t *parse_primary(lexer_t *lx)
{
    int c = peek(lx);
    int line = lx->line, col = lx->col;
    node_t *n = NULL;
    if (c == '(' || c == '[') {
        advance(lx, 1);
        if (++lx->depth > MAX_DEPTH) {
            syntax(lx, line, col, "groups nested too deeply", NULL);
            return NULL;
        }
        node_t *inner = parse_alternatives(lx);
        lx->depth--;
        if (!inner)
            return NULL;
        if (expect(lx, c == '(' ? ')' : ']', c == '(' ? ")" : "]") != GRAMMAR_OK) {
            grammar__node_free(inner);
            return NULL;
        }
        if (c == '(')
            return inner;
        n = new_node(lx, NODE_OPT, line, col);
        if (n && add_kid(lx, n, inner) != GRAMMAR_OK) {
            free(n);
            return NULL;
        }
        if (!n)
            grammar__node_free(inner);
        return n;
    }
    if (c == '<') {
        char *name = read_rule_name(lx);
        if (!name)
            return NULL;
        /* JSGF's special rules: <NULL> matches nothing, <VOID> can never be spoken. */
        node_kind_t kind = strcmp(name, "NULL") == 0   ? NODE_SEQ
                           : strcmp(name, "VOID") == 0 ? NODE_ALT
                                                       : NODE_RULEREF;
        n = new_node(lx, kind, line, col);
        if (n && kind == NODE_RULEREF)
            n->text = name;
        else
            free(name);
        return n;
    }
    if (c == '"')
        syntax(lx, line, col, "quoted tokens are not supported: write the words bare", NULL);
    else if (is_word_char(c)) {
        char *w = read_word(lx);
        if (w && (n = new_node(lx, NODE_WORD, line, col)))
            n->text = w;
        else
            free(w);
        return n;
    } else if (c == EOF)
        syntax(lx, line, col, "unexpected end of file in a rule", NULL);
    else {
        char tok[2] = {(char)c, 0};
        syntax(lx, line, col, "unexpected ", tok);
    }
    return NULL;
}

/* A primary followed by any of * + {tag}: they bind tighter than sequence, as in JSGF. */
static node_t *parse_item(lexer_t *lx)
{
    node_t *n = parse_primary(lx);
    for (int c; n && lx->status == GRAMMAR_OK && ((c = peek(lx)) == '*' || c == '+' || c == '{');) {
        if (c == '{') {
            n = parse_tag(lx, n);
            continue;
        }
        node_t *rep = new_node(lx, c == '*' ? NODE_STAR : NODE_PLUS, n->line, n->col);
        advance(lx, 1);
        if (!rep || add_kid(lx, rep, n) != GRAMMAR_OK) {
            if (!rep)
                grammar__node_free(n);
            free(rep);
            return NULL;
        }
        n = rep;
    }
    if (lx->status != GRAMMAR_OK) {
        grammar__node_free(n);
        return NULL;
    }
    return n;
}

/* `/weight/` before an alternative: accepted so PocketSphinx-style files load, then ignored
 * because the matcher only needs to know what can be said, not how likely it is. */
static int skip_weight(lexer_t *lx)
{
    if (peek(lx) != '/')
        return GRAMMAR_OK;
    int line = lx->line, col = lx->col;
    advance(lx, 1);
    while (lx->s < lx->end && (isdigit((unsigned char)*lx->s) || *lx->s == '.' || *lx->s == 'e' ||
                               *lx->s == '-' || *lx->s == ' '))
        advance(lx, 1);
    if (lx->s >= lx->end || *lx->s != '/')
        return syntax(lx, line, col, "bad weight: expected /number/", NULL);
    advance(lx, 1);
    return GRAMMAR_OK;
}

static node_t *parse_sequence(lexer_t *lx)
{
    int line = lx->line, col = lx->col;
    node_t *seq = new_node(lx, NODE_SEQ, line, col);
    for (int c; seq && (c = peek(lx)) != EOF && c != ';' && c != '|' && c != ')' && c != ']';) {
        node_t *item = parse_item(lx);
        if (!item || add_kid(lx, seq, item) != GRAMMAR_OK) {
            grammar__node_free(seq);
            return NULL;
        }
    }
    if (seq && seq->n_kids == 0) {
        syntax(
            lx, lx->line, lx->col,
            "empty expansion (write <NULL> for nothing, or [words] for words that may be left out)",
            NULL);
        grammar__node_free(seq);
        return NULL;
    }
    if (seq && seq->n_kids == 1) { /* no need for a sequence of one */
        node_t *only = seq->kids[0];
        free(seq->kids);
        free(seq);
        return only;
    }
    return seq;
}

static node_t *parse_alternatives(lexer_t *lx)
{
    node_t *alt = new_node(lx, NODE_ALT, lx->line, lx->col);
    for (;;) {
        if (!alt || skip_weight(lx) != GRAMMAR_OK)
            break;
        node_t *seq = parse_sequence(lx);
        if (!seq || add_kid(lx, alt, seq) != GRAMMAR_OK)
            break;
        if (peek(lx) != '|') {
            if (alt->n_kids > 1)
                return alt;
            node_t *only = alt->kids[0];
            free(alt->kids);
            free(alt);
            return only;
        }
        advance(lx, 1);
    }
    grammar__node_free(alt);
    return NULL;
}

/* The keyword under the cursor, if it is exactly `kw` followed by a non-name character. */
static bool keyword(lexer_t *lx, const char *kw)
{
    size_t n = strlen(kw);
    if (peek(lx) == EOF || (size_t)(lx->end - lx->s) < n || strncmp(lx->s, kw, n) != 0)
        return false;
    if (lx->s + n < lx->end && is_name_char((unsigned char)lx->s[n]))
        return false;
    advance(lx, n);
    return true;
}

/* `#JSGF V1.0 [encoding [locale]];` then `grammar name;`. */
static int parse_header(lexer_t *lx, grammar_t *g)
{
    if (peek(lx) != '#' || (size_t)(lx->end - lx->s) < 5 || strncmp(lx->s, "#JSGF", 5) != 0)
        return syntax(lx, lx->line, lx->col, "expected the header #JSGF V1.0;", NULL);
    while (lx->s < lx->end && *lx->s != ';' && *lx->s != '\n')
        advance(lx, 1);
    if (expect(lx, ';', "; at the end of the #JSGF header") != GRAMMAR_OK)
        return lx->status;
    if (!keyword(lx, "grammar"))
        return syntax(lx, lx->line, lx->col, "expected `grammar NAME;`", NULL);
    skip_space(lx);
    const char *start = lx->s;
    while (lx->s < lx->end && is_name_char((unsigned char)*lx->s))
        advance(lx, 1);
    if (lx->s == start)
        return syntax(lx, lx->line, lx->col, "expected a grammar name", NULL);
    if (!(g->grammar_name = strndup(start, (size_t)(lx->s - start))))
        return lx->status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    return expect(lx, ';', "; after the grammar name");
}

static int add_rule(lexer_t *lx, grammar_t *g, rule_t *r)
{
    char shown[128]; /* "<name>", cut if very long */
    if (grammar__find_rule(g, r->name) >= 0) {
        snprintf(shown, sizeof shown, "<%s>", r->name);
        return syntax(lx, r->line, r->col, "rule defined twice: ", shown);
    }
    if (grammar__reserve_rule(g) != GRAMMAR_OK)
        return lx->status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    grammar__append_rule(g, r);
    return GRAMMAR_OK;
}

/* `[public] <name> = expansion ;` */
static int parse_rule(lexer_t *lx, grammar_t *g)
{
    rule_t r = {.phrase_set = -1};
    if (keyword(lx, "import"))
        return syntax(lx, lx->line, lx->col, "import is not supported: one file per grammar", NULL);
    r.is_public = keyword(lx, "public");
    if (peek(lx) != '<')
        return syntax(lx, lx->line, lx->col, "expected a rule: [public] <name> = ... ;", NULL);
    r.line = lx->line;
    r.col = lx->col;
    if (!(r.name = read_rule_name(lx)))
        return lx->status;
    if (strcmp(r.name, "NULL") == 0 || strcmp(r.name, "VOID") == 0) {
        free(r.name);
        return syntax(lx, r.line, r.col, "<NULL> and <VOID> are reserved rule names", NULL);
    }
    if (r.is_public && strlen(r.name) >= INTENT_NAME_SIZE) {
        /* A public rule's name is its intent's, which grammar_intent_t holds whole. */
        char msg[160];
        snprintf(msg, sizeof msg, "the rule name <%.64s%s> is longer than %d bytes", r.name,
                 strlen(r.name) > 64 ? "..." : "", INTENT_NAME_SIZE - 1);
        free(r.name);
        return syntax(lx, r.line, r.col, msg, NULL);
    }
    if (expect(lx, '=', "= after the rule name") != GRAMMAR_OK ||
        !(r.body = parse_alternatives(lx)) || expect(lx, ';', "; or |") != GRAMMAR_OK ||
        add_rule(lx, g, &r) != GRAMMAR_OK) {
        free(r.name);
        grammar__node_free(r.body);
        return lx->status;
    }
    return GRAMMAR_OK;
}

/* Where text stops being UTF-8 (line and column into *line, *col), or 0 when all of it is. A
 * grammar's words become dictionary entries and JSON output: bytes that are no characters
 * would reach both. */
static int bad_utf8_at(const char *text, size_t len, int *line, int *col)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    *line = 1;
    *col = 1;
    while (s < end) {
        int n = *s < 0x80                           ? 0
                : (*s & 0xE0) == 0xC0 && *s >= 0xC2 ? 1
                : (*s & 0xF0) == 0xE0               ? 2
                : (*s & 0xF8) == 0xF0 && *s <= 0xF4 ? 3
                                                    : -1;
        for (int k = 1; n > 0 && k <= n; k++)
            if (s + k >= end || (s[k] & 0xC0) != 0x80)
                n = -1;
        if (n < 0)
            return 1;
        *col = *s == '\n' ? 1 : *col + n + 1; /* columns count bytes, as the lexer's do */
        *line += *s == '\n';
        s += n + 1;
    }
    return 0;
}

int grammar__parse_jsgf(grammar_t *g, const char *text, size_t len, const char *path)
{
    int bad_line, bad_col;
    lexer_t lx = {.s = text, .end = text + len, .path = path, .line = 1, .col = 1};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 BOM from some editors */
        lx.s += 3;
    if (memchr(text, '\0', len))
        return grammar__fail(GRAMMAR_ESYNTAX, "%s:1:1: not a text file (contains NUL bytes)", path);
    if (bad_utf8_at(lx.s, (size_t)(lx.end - lx.s), &bad_line, &bad_col))
        return grammar__fail(GRAMMAR_ESYNTAX, "%s:%d:%d: not UTF-8 text", path, bad_line, bad_col);
    if (parse_header(&lx, g) != GRAMMAR_OK)
        return lx.status;
    while (lx.status == GRAMMAR_OK && peek(&lx) != EOF)
        parse_rule(&lx, g);
    if (lx.status == GRAMMAR_OK && g->n_rules == 0)
        return grammar__fail(GRAMMAR_ESYNTAX, "%s:%d:%d: the grammar has no rules", path, lx.line,
                             lx.col);
    return lx.status;
}
