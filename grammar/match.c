/* match.c - turns a recognised word sequence into an intent by backtracking over the grammar. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar_internal.h"

/*
 * The matcher is continuation-passing: match(node, pos, k) matches node at pos and then runs
 * the continuation k, so backtracking into an alternative or an optional falls out of the C
 * call stack and the first full match found (alternatives in file order, optionals and
 * repeats tried greedily) is the answer. Continuation frames live on the stack of the
 * function that pushes them.
 */
typedef enum { K_DONE, K_SEQ, K_REPEAT, K_TAG_END } cont_kind_t;

typedef struct cont_s cont_t;
struct cont_s {
    cont_kind_t kind;
    const node_t *node; /* SEQ: the sequence; REPEAT: the * or +; TAG_END: the tagged node */
    size_t index;       /* SEQ: the next kid */
    size_t start;       /* REPEAT, TAG_END: where it started (SIZE_MAX: a + before its first) */
    const cont_t *next;
};

typedef struct {
    const node_t *node; /* the tagged node */
    size_t from, to;    /* the words it matched */
} capture_t;

/* Bounds: deep enough for any sensible grammar over GRAMMAR__MAX_WORDS words, small enough
 * for a thread's stack; and a step budget so a pathological grammar ((a*)* and friends) gives
 * up instead of hanging the device. */
#define MAX_DEPTH 2000
#define MAX_STEPS 2000000
#define MAX_CAPS  256

typedef struct {
    const grammar_t *g;
    char **w;
    size_t n;
    capture_t caps[MAX_CAPS];
    size_t n_caps;
    int depth;
    long steps;
    bool gave_up;
} matcher_t;

static bool match(matcher_t *m, const node_t *node, size_t pos, const cont_t *k);

static bool run(matcher_t *m, const cont_t *k, size_t pos);

/* How many words phrase p matches at pos (0: none). Phrases are "w1 w2 ...". */
static size_t phrase_at(const matcher_t *m, const char *p, size_t pos)
{
    size_t i = pos;
    while (*p) {
        if (i >= m->n)
            return 0;
        size_t len = strlen(m->w[i]);
        if (strncmp(p, m->w[i], len) != 0 || (p[len] != ' ' && p[len] != '\0'))
            return 0;
        p += len;
        if (*p == ' ')
            p++;
        i++;
    }
    return i - pos;
}

static uint32_t hash_word(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Uses the first-word index so that a catalog of thousands of products costs a hash lookup
 * plus the few phrases that share the spoken first word. */
static bool match_phrases(matcher_t *m, const phrase_set_t *set, size_t pos, const cont_t *k)
{
    if (pos >= m->n || set->n_buckets == 0)
        return false;
    const char *w = m->w[pos];
    size_t b = hash_word(w, strlen(w)) & (set->n_buckets - 1);
    for (size_t i = set->buckets[b]; i != SIZE_MAX; i = set->first_next[i]) {
        size_t len = phrase_at(m, set->phrases[i], pos);
        if (len > 0 && run(m, k, pos + len))
            return true;
    }
    return false;
}

static bool match_body(matcher_t *m, const node_t *node, size_t pos, const cont_t *k)
{
    switch (node->kind) {
    case NODE_WORD:
        return pos < m->n && strcmp(m->w[pos], node->text) == 0 && run(m, k, pos + 1);
    case NODE_RULEREF: {
        const rule_t *r = &m->g->rules[node->rule];
        if (r->body)
            return match(m, r->body, pos, k);
        return match_phrases(m, &m->g->sets[r->phrase_set], pos, k);
    }
    case NODE_SEQ: {
        cont_t rest = {K_SEQ, node, 0, 0, k};
        return run(m, &rest, pos);
    }
    case NODE_ALT:
        for (size_t i = 0; i < node->n_kids; i++)
            if (match(m, node->kids[i], pos, k))
                return true;
        return false;
    case NODE_OPT:
        return match(m, node->kids[0], pos, k) || run(m, k, pos);
    case NODE_STAR: {
        cont_t again = {K_REPEAT, node, 0, pos, k};
        return match(m, node->kids[0], pos, &again) || run(m, k, pos);
    }
    case NODE_PLUS: {
        cont_t again = {K_REPEAT, node, 0, SIZE_MAX, k};
        return match(m, node->kids[0], pos, &again);
    }
    case NODE_PHRASES:
        break;
    }
    return false;
}

static bool match(matcher_t *m, const node_t *node, size_t pos, const cont_t *k)
{
    if (++m->steps > MAX_STEPS || m->depth >= MAX_DEPTH) {
        m->gave_up = true;
        return false;
    }
    size_t mark = m->n_caps;
    m->depth++;
    bool ok;
    if (node->tag_slot) {
        cont_t end = {K_TAG_END, node, 0, pos, k};
        ok = match_body(m, node, pos, &end);
    } else {
        ok = match_body(m, node, pos, k);
    }
    m->depth--;
    if (!ok)
        m->n_caps = mark; /* undo what the failed branch captured */
    return ok;
}

static bool run(matcher_t *m, const cont_t *k, size_t pos)
{
    if (m->gave_up)
        return false;
    switch (k->kind) {
    case K_DONE:
        return pos == m->n;
    case K_SEQ: {
        if (k->index == k->node->n_kids)
            return run(m, k->next, pos);
        cont_t rest = {K_SEQ, k->node, k->index + 1, 0, k->next};
        return match(m, k->node->kids[k->index], pos, &rest);
    }
    case K_REPEAT: {
        if (k->start == pos) /* an empty iteration: zero iterations already covered it */
            return false;
        cont_t again = {K_REPEAT, k->node, 0, pos, k->next};
        return match(m, k->node->kids[0], pos, &again) || run(m, k->next, pos);
    }
    case K_TAG_END: {
        size_t mark = m->n_caps;
        /* A tag on an expansion that matched no words ([big] {size=large} when "big" was not
         * said) sets nothing: the slot is for what the shopper said. */
        if (pos > k->start && m->n_caps < MAX_CAPS)
            m->caps[m->n_caps++] = (capture_t){k->node, k->start, pos};
        if (run(m, k->next, pos))
            return true;
        m->n_caps = mark;
        return false;
    }
    }
    return false;
}

/* The captured slot set to value, with the words it was said with (for its confidence). */
static void set_captured(grammar_intent_t *out, const capture_t *cap, const char *value)
{
    grammar_slot_t *s = grammar_intent_set_slot(out, cap->node->tag_slot, value);
    if (s) {
        s->first_word = cap->from;
        s->n_words = cap->to - cap->from;
    }
}

/* Later captures override earlier ones of the same slot: they closed later, i.e. they are the
 * outer or the later-spoken expansion. A value the grammar maps the words to keeps the words
 * it was said with. */
static void fill_slots(const matcher_t *m, grammar_intent_t *out)
{
    for (size_t c = 0; c < m->n_caps; c++) {
        const capture_t *cap = &m->caps[c];
        if (cap->node->tag_value) {
            set_captured(out, cap, cap->node->tag_value);
            continue;
        }
        char value[sizeof out->slots[0].value];
        size_t len = 0;
        value[0] = '\0';
        for (size_t i = cap->from; i < cap->to; i++) {
            int n = snprintf(value + len, sizeof value - len, "%s%s", i > cap->from ? " " : "",
                             m->w[i]);
            if (n < 0 || (size_t)n >= sizeof value - len)
                break;
            len += (size_t)n;
        }
        set_captured(out, cap, value);
    }
}

int grammar__match(const grammar_t *g, char **words, size_t n_words, grammar_intent_t *out,
                   bool *gave_up)
{
    static const cont_t done = {K_DONE, NULL, 0, 0, NULL};
    matcher_t *m = calloc(1, sizeof *m);
    if (!m)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    m->g = g;
    m->w = words;
    m->n = n_words;
    int status = GRAMMAR_ENOMATCH;
    for (size_t r = 0; r < g->n_rules && status != GRAMMAR_OK; r++) {
        if (!g->rules[r].is_public || !g->rules[r].body)
            continue;
        m->n_caps = 0;
        m->steps = 0;
        m->gave_up = false;
        if (match(m, g->rules[r].body, 0, &done)) {
            snprintf(out->name, sizeof out->name, "%s", g->rules[r].name);
            fill_slots(m, out);
            status = GRAMMAR_OK;
        } else if (m->gave_up) {
            *gave_up = true;
            grammar__fail(GRAMMAR_ENOMATCH, "rule <%s> is too ambiguous to match in time",
                          g->rules[r].name);
        }
    }
    free(m);
    return status;
}
