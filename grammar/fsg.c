/* fsg.c - compiles the grammar tree straight into the PocketSphinx word FSG, with each generated
 * rule (<product>) built once and shared by every reference to it. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sphinxbase/bitvec.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/fsg_model.h>
#include <sphinxbase/glist.h>
#include <sphinxbase/hash_table.h>
#include <sphinxbase/listelem_alloc.h>

#include "grammar_internal.h"

/*
 * Why not jsgf_build_fsg(): sphinxbase copies a rule's whole sub-automaton at every reference.
 * shop.gram references <product> 18 times, so 450 products became 18 copies of the product
 * lexical tree, and the decoder spent 0.28-0.40 of real time on them (0.04 with one copy).
 *
 * Here every reference to a generated rule enters one shared entry state, the rule's phrases
 * are arcs out of it (so they share HMMs in the decoder's per-state prefix tree), and its one
 * exit state fans out to every continuation that follows any reference. That automaton accepts more
 * than the grammar (the start of one intent with the end of another); asr_decode() therefore only
 * returns hypotheses that grammar_parse() accepts. Rules written in the file are small and are
 * inlined as before.
 */

/* Far above any shopping grammar (grammar_internal.h); past them the grammar is a mistake. */
#define MAX_STATES GRAMMAR__MAX_FSG_STATES
#define MAX_ARCS   GRAMMAR__MAX_FSG_ARCS

/* A generated rule whose word trie would have more states inside phrases is built from
 * compound words (build_phrase_arcs). The sample catalog's 519 phrases need 501; 10,000 product
 * names of 2-4 words needed 13,500, at 0.89 of real time against 0.09 as compounds. At 1,000
 * the decoder's per-frame state cost stays below its acoustic scoring. */
#define MAX_TRIE_STATES GRAMMAR__MAX_TRIE_STATES

/*
 * The prior probability of saying an optional part that holds a slot, `[with <milk> {milk}]`:
 * its entry costs ln(0.05) (times the language weight), skipping it nothing, so a slot is only
 * heard when the audio carries it by a margin. In kitchen noise the decoder otherwise explains
 * the noise after an order as an extra ("... with some sweetener and cream"): a slot nobody
 * asked for, which is worse than one missed, since the dialog confirms what it heard. Chosen on
 * the odd half of coffee-dev (clean / 12 / 6 dB: 97/80/57% without, 97/85/62% with; 0.5, 0.2,
 * 0.01 and 0.001 gave 82-86 / 59-63 at 12 / 6 dB, every optional rather than only slot-holding
 * ones 97/86/63% but it dropped "some", "a bit of" in stationary noise) and checked on the held-out
 * even half (kitchen 6-24 dB average 82.9 -> 85.4%, clean 99% both; pink and white noise at
 * 12 and 6 dB within three orders of 100 either way; the 160 spoken fixtures unchanged).
 */
#define OPTIONAL_SLOT_PROB 0.05

typedef struct {
    int32_t from, to;
    /* index into g->words; n_words + k for the compound word of generated phrase k (counted
     * across the sets in order); -1 for a null (epsilon) arc */
    int32_t word;
    float logp; /* natural log of the arc's probability: 0, or OPTIONAL_SLOT_PROB's */
} arc_t;

typedef struct {
    const grammar_t *g;
    arc_t *arcs;
    size_t n_arcs, cap_arcs;
    int32_t n_states;
    int32_t *set_entry, *set_exit; /* per phrase set; -1 until built */
    size_t *wtab;                  /* open addressing over g->words, SIZE_MAX empty */
    size_t wtab_cap;
    const grammar__fsg_opts_t *opts;
    size_t *set_base; /* per set: the number of phrases of the sets before it */
    int status;
} nfa_t;

static uint32_t hash_word(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int nfa_fail(nfa_t *m, int status, const char *msg)
{
    if (m->status == GRAMMAR_OK)
        m->status = grammar__fail(status, "%s", msg);
    return -1;
}

/* Past a cap: one line naming the file (what is "states" or "arcs"). */
static int nfa_too_big(nfa_t *m, const char *what, int cap)
{
    if (m->status == GRAMMAR_OK)
        m->status = grammar__fail(GRAMMAR_EINVAL,
                                  "%s: the grammar is too big to listen for: it needs more than "
                                  "%d FSG %s with its generated rules",
                                  m->g->path, cap, what);
    return -1;
}

static int32_t new_state(nfa_t *m)
{
    if (m->n_states >= MAX_STATES)
        return nfa_too_big(m, "states", MAX_STATES);
    return m->n_states++;
}

static void add_weighted_arc(nfa_t *m, int32_t from, int32_t to, int32_t word, float logp)
{
    if (m->status != GRAMMAR_OK || from < 0 || to < 0 || (word < 0 && from == to))
        return;
    if (m->n_arcs == m->cap_arcs) {
        size_t cap = m->cap_arcs ? 2 * m->cap_arcs : 1024;
        arc_t *a = cap <= MAX_ARCS ? realloc(m->arcs, cap * sizeof *a) : NULL;
        if (!a) {
            if (cap > MAX_ARCS)
                nfa_too_big(m, "arcs", MAX_ARCS);
            else
                nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
            return;
        }
        m->arcs = a;
        m->cap_arcs = cap;
    }
    m->arcs[m->n_arcs++] = (arc_t){from, to, word, logp};
}

static void add_arc(nfa_t *m, int32_t from, int32_t to, int32_t word)
{
    add_weighted_arc(m, from, to, word, 0.0f);
}

/* g->words index of a word given by pointer and length; -1 if absent (cannot happen for words
 * of a compiled grammar, which lists them all). */
static int32_t word_index(const nfa_t *m, const char *w, size_t len)
{
    size_t mask = m->wtab_cap - 1;
    for (size_t b = hash_word(w, len) & mask; m->wtab[b] != SIZE_MAX; b = (b + 1) & mask) {
        const char *o = m->g->words[m->wtab[b]];
        if (strncmp(o, w, len) == 0 && o[len] == '\0')
            return (int32_t)m->wtab[b];
    }
    return -1;
}

static int index_words(nfa_t *m)
{
    m->wtab_cap = 64;
    while (m->wtab_cap < 2 * m->g->n_words)
        m->wtab_cap *= 2;
    if (!(m->wtab = malloc(m->wtab_cap * sizeof *m->wtab)))
        return nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
    memset(m->wtab, 0xff, m->wtab_cap * sizeof *m->wtab);
    for (size_t i = 0; i < m->g->n_words; i++) {
        const char *w = m->g->words[i];
        size_t b = hash_word(w, strlen(w)) & (m->wtab_cap - 1);
        while (m->wtab[b] != SIZE_MAX)
            b = (b + 1) & (m->wtab_cap - 1);
        m->wtab[b] = i;
    }
    return 0;
}

/* ---- Generated rules: built once ---------------------------------------------------------- */

static bool phrase_usable(nfa_t *m, size_t set, size_t i)
{
    const char *phrase = m->g->sets[set].phrases[i];
    if (m->opts->keep_phrase && !m->opts->keep_phrase(set, i, m->opts->ctx))
        return false;
    char word[GRAMMAR__MAX_WORD];
    size_t n_words = 0;
    for (const char *p = phrase; *p; n_words++) {
        size_t len = strcspn(p, " ");
        memcpy(word, p, len < sizeof word ? len : sizeof word - 1);
        word[len < sizeof word ? len : sizeof word - 1] = '\0';
        if (m->opts->usable_word && !m->opts->usable_word(word, m->opts->ctx))
            return false;
        p += len + (p[len] == ' ');
    }
    return n_words <= GRAMMAR__MAX_WORDS; /* longer would never parse */
}

/*
 * Every phrase is one arc from entry to exit, a phrase of several words as its compound word
 * ("lavazza+espresso+beans", which the recogniser adds to its dictionary): the decoder's
 * prefix tree at the entry then shares phones across all phrases, and the FSG has no states
 * inside phrases. States are what the decoder pays for every frame (fsg_history_end_frame
 * visits each state and left-context phone each frame).
 */
static void build_phrase_arcs(nfa_t *m, size_t set, int32_t entry, int32_t exit)
{
    const phrase_set_t *s = &m->g->sets[set];
    for (size_t i = 0; i < s->n && m->status == GRAMMAR_OK; i++) {
        if (!phrase_usable(m, set, i))
            continue;
        const char *p = s->phrases[i];
        int32_t w = strchr(p, ' ') ? (int32_t)(m->g->n_words + m->set_base[set] + i)
                                   : word_index(m, p, strlen(p));
        if (w < 0)
            nfa_fail(m, GRAMMAR_EINVAL, "a phrase word is missing from the word list");
        add_arc(m, entry, exit, w);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* How many whole words phrases a and b share at the start. */
static size_t common_words(const char *a, const char *b)
{
    size_t n = 0;
    for (size_t i = 0;; i++) {
        bool end_a = a[i] == ' ' || a[i] == '\0', end_b = b[i] == ' ' || b[i] == '\0';
        if (end_a && end_b) {
            n++;
            if (a[i] == '\0' || b[i] == '\0')
                return n;
        } else if (a[i] != b[i] || end_a || end_b) {
            return n;
        }
    }
}

/*
 * The phrases as a word trie out of entry: words are then real words to the decoder, with
 * cross-word triphones and optional silence between them, which recognised better than
 * compound words (117 against 110 exact of 150 test commands). But each trie state costs the
 * decoder every frame, so past MAX_TRIE_STATES states inside phrases the rule is built from
 * compound words instead. The phrases are sorted, which keeps every phrase that starts with the
 * same words together (a space sorts before any letter), so a stack of the states along the
 * previous phrase is all the trie needs. A phrase's last word goes straight to the exit unless
 * a longer phrase continues from it ("coke", "coke zero").
 */
static void build_phrase_trie(nfa_t *m, size_t set, int32_t entry, int32_t exit)
{
    const phrase_set_t *s = &m->g->sets[set];
    const char **sorted = malloc((s->n ? s->n : 1) * sizeof *sorted);
    if (!sorted) {
        nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (phrase_usable(m, set, i))
            sorted[n++] = s->phrases[i];
    }
    qsort(sorted, n, sizeof *sorted, cmp_str);
    size_t n_inner = 0; /* the trie's states inside phrases */
    for (size_t i = 0; i < n; i++) {
        size_t words = 1;
        for (const char *p = sorted[i]; (p = strchr(p, ' ')); p++)
            words++;
        size_t shared = i > 0 ? common_words(sorted[i - 1], sorted[i]) : 0;
        size_t next_shared = i + 1 < n ? common_words(sorted[i], sorted[i + 1]) : 0;
        n_inner += words - (shared < words ? shared : words) - (next_shared < words);
    }
    if (n_inner > MAX_TRIE_STATES) {
        free(sorted);
        build_phrase_arcs(m, set, entry, exit);
        return;
    }
    int32_t path[GRAMMAR__MAX_WORDS + 1];
    path[0] = entry;
    for (size_t i = 0; i < n && m->status == GRAMMAR_OK; i++) {
        size_t shared = i > 0 ? common_words(sorted[i - 1], sorted[i]) : 0;
        size_t next_shared = i + 1 < n ? common_words(sorted[i], sorted[i + 1]) : 0;
        const char *p = sorted[i];
        size_t k = 0;
        for (; *p && k < GRAMMAR__MAX_WORDS; k++) {
            size_t len = strcspn(p, " ");
            bool last = p[len] == '\0';
            if (k >= shared) {
                int32_t w = word_index(m, p, len);
                path[k + 1] = last && next_shared <= k ? exit : new_state(m);
                add_arc(m, path[k], path[k + 1], w);
            }
            p += len + !last;
        }
        if (path[k] != exit)
            add_arc(m, path[k], exit, -1);
    }
    free(sorted);
}

/* ---- Rules written in the file: Thompson construction ------------------------------------- */

static void build(nfa_t *m, const node_t *n, int32_t from, int32_t to);

static void build_ref(nfa_t *m, const node_t *n, int32_t from, int32_t to)
{
    const rule_t *r = &m->g->rules[n->rule];
    if (r->body) { /* inlined: grammar_compile() refused recursion */
        build(m, r->body, from, to);
        return;
    }
    int set = r->phrase_set;
    if (m->set_entry[set] < 0 || !m->opts->shared) {
        m->set_entry[set] = new_state(m);
        m->set_exit[set] = new_state(m);
        build_phrase_trie(m, (size_t)set, m->set_entry[set], m->set_exit[set]);
    }
    add_arc(m, from, m->set_entry[set], -1);
    add_arc(m, m->set_exit[set], to, -1);
}

/* Whether n, or a rule it refers to, sets a slot. */
static bool holds_slot(nfa_t *m, const node_t *n)
{
    if (n->tag_slot)
        return true;
    bool found = false;
    if (n->kind == NODE_RULEREF && m->g->rules[n->rule].body)
        found = holds_slot(m, m->g->rules[n->rule].body);
    for (size_t i = 0; i < n->n_kids && !found; i++)
        found = holds_slot(m, n->kids[i]);
    return found;
}

static void build(nfa_t *m, const node_t *n, int32_t from, int32_t to)
{
    if (m->status != GRAMMAR_OK)
        return;
    switch (n->kind) {
    case NODE_WORD: {
        int32_t w = word_index(m, n->text, strlen(n->text));
        if (w < 0)
            nfa_fail(m, GRAMMAR_EINVAL, "a grammar word is missing from the word list");
        add_arc(m, from, to, w);
        return;
    }
    case NODE_RULEREF:
        build_ref(m, n, from, to);
        return;
    case NODE_SEQ: {
        if (n->n_kids == 0)
            add_arc(m, from, to, -1);
        int32_t at = from;
        for (size_t i = 0; i < n->n_kids; i++) {
            int32_t next = i + 1 == n->n_kids ? to : new_state(m);
            build(m, n->kids[i], at, next);
            at = next;
        }
        return;
    }
    case NODE_ALT:
        for (size_t i = 0; i < n->n_kids; i++)
            build(m, n->kids[i], from, to);
        return;
    case NODE_OPT:
        if (holds_slot(m, n->kids[0])) {
            int32_t said = new_state(m);
            add_weighted_arc(m, from, said, -1, (float)log(OPTIONAL_SLOT_PROB));
            build(m, n->kids[0], said, to);
        } else {
            build(m, n->kids[0], from, to);
        }
        add_arc(m, from, to, -1);
        return;
    case NODE_STAR:
    case NODE_PLUS: {
        /* Own loop states, so the loop cannot leak into other paths through from or to. */
        int32_t a = new_state(m), b = new_state(m);
        add_arc(m, from, a, -1);
        build(m, n->kids[0], a, b);
        add_arc(m, b, a, -1);
        add_arc(m, n->kind == NODE_STAR ? a : b, to, -1);
        return;
    }
    case NODE_PHRASES:
        return;
    }
}

/*
 * Null arcs cost the decoder at run time: each word exit is copied into a history entry for
 * every state its null closure reaches, every frame (fsg_history_end_frame and the null
 * propagation were a third of decoding time). So remove them here: a state gets the word arcs
 * of every state its nulls reach, and keeps a null arc only into a generated rule's entry
 * (copying the product trie's first words would undo the sharing) and into the final state.
 * A copied arc carries the weight of the best null path to it (the nulls into an optional slot
 * cost OPTIONAL_SLOT_PROB); a state is searched again when a better path to it turns up.
 */
typedef struct {
    int32_t state;
    float logp;
} reach_t;

static void remove_nulls(nfa_t *m, const bool *keep_null_into, int32_t final)
{
    int32_t ns = m->n_states;
    size_t *first = calloc((size_t)ns + 1, sizeof *first);
    arc_t *by_from = malloc((m->n_arcs ? m->n_arcs : 1) * sizeof *by_from);
    int32_t *seen = malloc((size_t)ns * sizeof *seen);
    float *best = malloc((size_t)ns * sizeof *best);
    size_t cap_stack = (size_t)ns + m->n_arcs;
    reach_t *stack = malloc(cap_stack * sizeof *stack);
    arc_t *old = m->arcs;
    size_t n_old = m->n_arcs;
    m->arcs = NULL;
    m->n_arcs = m->cap_arcs = 0;
    if (!first || !by_from || !seen || !best || !stack) {
        nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n_old; i++) /* counting sort by source state */
        first[old[i].from + 1]++;
    for (int32_t st = 0; st < ns; st++)
        first[st + 1] += first[st];
    for (size_t i = 0; i < n_old; i++)
        by_from[first[old[i].from]++] = old[i];
    for (int32_t st = ns; st > 0; st--)
        first[st] = first[st - 1];
    first[0] = 0;
    for (int32_t st = 0; st < ns; st++)
        seen[st] = -1;
    for (int32_t st = 0; st < ns && m->status == GRAMMAR_OK; st++) {
        size_t top = 0;
        stack[top++] = (reach_t){st, 0.0f};
        seen[st] = st;
        best[st] = 0.0f;
        while (top > 0 && m->status == GRAMMAR_OK) {
            reach_t r = stack[--top];
            if (r.logp < best[r.state])
                continue; /* reached again by a better path, searched from there */
            int32_t t = r.state;
            if (t != st && (keep_null_into[t] || t == final)) {
                add_weighted_arc(m, st, t, -1, r.logp);
                if (keep_null_into[t])
                    continue;
            }
            for (size_t i = first[t]; i < first[t + 1]; i++) {
                const arc_t *a = &by_from[i];
                float logp = r.logp + a->logp;
                if (a->word >= 0) {
                    add_weighted_arc(m, st, a->to, a->word, logp);
                    continue;
                }
                if (seen[a->to] == st && logp <= best[a->to])
                    continue;
                seen[a->to] = st;
                best[a->to] = logp;
                if (top == cap_stack) {
                    reach_t *grown = realloc(stack, 2 * cap_stack * sizeof *stack);
                    if (!grown) {
                        nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
                        break;
                    }
                    stack = grown;
                    cap_stack *= 2;
                }
                stack[top++] = (reach_t){a->to, logp};
            }
        }
    }
out:
    free(old);
    free(first);
    free(by_from);
    free(seen);
    free(best);
    free(stack);
}

static bool same_arc_ignoring_logp(const arc_t *x, const arc_t *y)
{
    return x->from == y->from && x->word == y->word && x->to == y->to;
}

/* Which way merge_pass() looks at a state: its arcs out (equal endings) or in (equal starts). */
typedef enum { BY_ARCS_OUT, BY_ARCS_IN } merge_dir_t;

static int32_t arc_own_end(const arc_t *a, merge_dir_t dir)
{
    return dir == BY_ARCS_OUT ? a->from : a->to;
}

static int32_t arc_far_end(const arc_t *a, merge_dir_t dir)
{
    return dir == BY_ARCS_OUT ? a->to : a->from;
}

/* Arcs grouped by their own end, then by word, far end, and likelier first (duplicates keep
 * the likelier). */
static int cmp_arc_dir(const arc_t *x, const arc_t *y, merge_dir_t dir)
{
    if (arc_own_end(x, dir) != arc_own_end(y, dir))
        return arc_own_end(x, dir) < arc_own_end(y, dir) ? -1 : 1;
    if (x->word != y->word)
        return x->word < y->word ? -1 : 1;
    if (arc_far_end(x, dir) != arc_far_end(y, dir))
        return arc_far_end(x, dir) < arc_far_end(y, dir) ? -1 : 1;
    return x->logp > y->logp ? -1 : x->logp < y->logp;
}

static int cmp_arc_out(const void *a, const void *b)
{
    return cmp_arc_dir(a, b, BY_ARCS_OUT);
}

static int cmp_arc_in(const void *a, const void *b)
{
    return cmp_arc_dir(a, b, BY_ARCS_IN);
}

/* Hash of one state's arcs arcs[b..e), by word and far end. */
static uint32_t hash_arcs(const arc_t *arcs, size_t b, size_t e, merge_dir_t dir)
{
    uint32_t h = 2166136261u;
    for (size_t i = b; i < e; i++)
        h = ((h ^ (uint32_t)arcs[i].word) * 16777619u ^ (uint32_t)arc_far_end(&arcs[i], dir)) *
            16777619u;
    /* logp is left out (same_arcs() compares it): arcs that differ only in it are rare */
    return h;
}

static bool same_arcs(const arc_t *arcs, size_t b1, size_t e1, size_t b2, size_t e2,
                      merge_dir_t dir)
{
    if (e1 - b1 != e2 - b2)
        return false;
    for (size_t i = 0; i < e1 - b1; i++)
        if (arcs[b1 + i].word != arcs[b2 + i].word ||
            arc_far_end(&arcs[b1 + i], dir) != arc_far_end(&arcs[b2 + i], dir) ||
            arcs[b1 + i].logp != arcs[b2 + i].logp)
            return false;
    return true;
}

/*
 * One pass of merge_states(): drops duplicate arcs, then merges every state into the first
 * with the same arcs in direction dir (same words, same far ends, same costs). Merging by arcs
 * out, the merged state's arcs out go and its arcs in move to its twin; by arcs in, the other
 * way round. Either way every path keeps its words and its cost, so the language is the same.
 * Start (0) and final (1) are never merged by arcs in: they differ from any twin in being start
 * or final. Returns whether anything merged; buffers are the caller's, sized for n_states.
 */
static bool merge_pass(nfa_t *m, merge_dir_t dir, int32_t *rep, int32_t *tab, size_t cap,
                       size_t *first)
{
    int32_t ns = m->n_states;
    bool merged = false;
    qsort(m->arcs, m->n_arcs, sizeof *m->arcs, dir == BY_ARCS_OUT ? cmp_arc_out : cmp_arc_in);
    size_t n = 0;
    for (size_t i = 0; i < m->n_arcs; i++)
        if (n == 0 || !same_arc_ignoring_logp(&m->arcs[n - 1], &m->arcs[i]))
            m->arcs[n++] = m->arcs[i];
    m->n_arcs = n;
    for (int32_t st = 0, i = 0; st <= ns; st++) {
        while ((size_t)i < n && arc_own_end(&m->arcs[i], dir) < st)
            i++;
        first[st] = (size_t)i;
    }
    memset(tab, 0xff, cap * sizeof *tab);
    for (int32_t st = 0; st < ns; st++) {
        rep[st] = st;
        if (first[st] == first[st + 1] || (dir == BY_ARCS_IN && st < 2))
            continue;
        size_t b = hash_arcs(m->arcs, first[st], first[st + 1], dir) & (cap - 1);
        while (tab[b] >= 0 &&
               !same_arcs(m->arcs, first[tab[b]], first[tab[b] + 1], first[st], first[st + 1], dir))
            b = (b + 1) & (cap - 1);
        if (tab[b] >= 0) {
            rep[st] = tab[b];
            merged = true;
        } else {
            tab[b] = st;
        }
    }
    n = 0;
    for (size_t i = 0; i < m->n_arcs; i++) {
        arc_t a = m->arcs[i];
        if (rep[arc_own_end(&a, dir)] != arc_own_end(&a, dir))
            continue; /* the twin has the same arcs this way */
        if (dir == BY_ARCS_OUT)
            a.to = rep[a.to];
        else
            a.from = rep[a.from];
        m->arcs[n++] = a;
    }
    m->n_arcs = n;
    return merged;
}

/*
 * Merge states with the same arcs out (same words to the same states), and then states with
 * the same arcs in, until neither merges anything: the construction makes a fresh state for
 * every "[please]" and every continuation after a product, and for every word of a beginning
 * that several sentences share ("can you", "what's the"). The decoder pays for each state every
 * frame (fsg_history_end_frame). With the sample catalog, shop.gram's FSG has 1,187 states
 * merged by endings alone and 817 merged both ways (decoding 2.5% faster, the same words
 * heard). The last pass merged nothing, so it left no duplicate arcs. States left without arcs
 * into them are dropped by compact_states().
 */
static void merge_states(nfa_t *m)
{
    int32_t ns = m->n_states;
    size_t cap = 64;
    while (cap < 2 * (size_t)ns)
        cap *= 2;
    int32_t *rep = malloc((size_t)ns * sizeof *rep), *tab = malloc(cap * sizeof *tab);
    size_t *first = malloc(((size_t)ns + 1) * sizeof *first);
    if (!rep || !tab || !first) {
        nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
    } else {
        do {
            while (merge_pass(m, BY_ARCS_OUT, rep, tab, cap, first))
                ;
        } while (merge_pass(m, BY_ARCS_IN, rep, tab, cap, first));
    }
    free(rep);
    free(tab);
    free(first);
}

/*
 * Renumber the states reachable from start, dropping the rest: after remove_nulls() many
 * states of the construction are entered only by nulls that are gone, and the decoder visits
 * every state each frame, reachable or not. Start stays 0 and final 1.
 */
static void compact_states(nfa_t *m)
{
    int32_t ns = m->n_states;
    int32_t *map = malloc((size_t)ns * sizeof *map), *stack = malloc((size_t)ns * sizeof *stack);
    size_t *first = calloc((size_t)ns + 1, sizeof *first), *order = NULL;
    if (!map || !stack || !first ||
        !(order = malloc((m->n_arcs ? m->n_arcs : 1) * sizeof *order))) {
        nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < m->n_arcs; i++)
        first[m->arcs[i].from + 1]++;
    for (int32_t st = 0; st < ns; st++)
        first[st + 1] += first[st];
    for (size_t i = 0; i < m->n_arcs; i++)
        order[first[m->arcs[i].from]++] = i;
    for (int32_t st = ns; st > 0; st--)
        first[st] = first[st - 1];
    first[0] = 0;
    for (int32_t st = 0; st < ns; st++)
        map[st] = -1;
    int32_t n_new = 0;
    size_t top = 0;
    map[0] = n_new++;
    map[1] = n_new++;
    stack[top++] = 0;
    while (top > 0) {
        int32_t t = stack[--top];
        for (size_t i = first[t]; i < first[t + 1]; i++) {
            int32_t to = m->arcs[order[i]].to;
            if (map[to] < 0) {
                map[to] = n_new++;
                stack[top++] = to;
            }
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < m->n_arcs; i++) {
        arc_t a = m->arcs[i];
        if (map[a.from] >= 0)
            m->arcs[kept++] = (arc_t){map[a.from], map[a.to], a.word, a.logp};
    }
    m->n_arcs = kept;
    m->n_states = n_new;
out:
    free(map);
    free(stack);
    free(first);
    free(order);
}

/* ---- Phrases heard ------------------------------------------------------------------------ */

size_t grammar__phrases_in(const grammar_t *g, const char *text, grammar__phrase_ref_t *out,
                           size_t max)
{
    size_t n = 0;
    for (size_t set = 0; set < g->n_sets; set++) {
        const phrase_set_t *s = &g->sets[set];
        if (s->n_buckets == 0)
            continue;
        for (const char *p = text; *p && n < max; p += strcspn(p, " "), p += *p == ' ') {
            size_t len = strcspn(p, " ");
            size_t b = hash_word(p, len) & (s->n_buckets - 1);
            for (size_t i = s->buckets[b]; i != SIZE_MAX && n < max; i = s->first_next[i]) {
                size_t plen = strlen(s->phrases[i]);
                if (strncmp(p, s->phrases[i], plen) == 0 && (p[plen] == ' ' || p[plen] == '\0'))
                    out[n++] = (grammar__phrase_ref_t){set, i};
            }
        }
    }
    return n;
}

/* ---- Intents near a hypothesis ---------------------------------------------------------- */

/* Whether rule body n writes word (following references to written rules, not generated ones). */
static bool writes_word(const grammar_t *g, const node_t *n, const char *word, int depth)
{
    if (!n || depth > 32)
        return false;
    if (n->kind == NODE_WORD)
        return strcmp(n->text, word) == 0;
    if (n->kind == NODE_RULEREF)
        return n->rule >= 0 && writes_word(g, g->rules[n->rule].body, word, depth + 1);
    for (size_t i = 0; i < n->n_kids; i++)
        if (writes_word(g, n->kids[i], word, depth))
            return true;
    return false;
}

size_t grammar__intents_near(const grammar_t *g, const char *text, int *rules, size_t max)
{
    double *score = calloc(g->n_rules ? g->n_rules : 1, sizeof *score);
    bool *has = calloc(g->n_rules ? g->n_rules : 1, sizeof *has);
    size_t n = 0;
    char word[GRAMMAR__MAX_WORD];
    for (const char *p = text; score && has && *p; p += strcspn(p, " "), p += *p == ' ') {
        size_t len = strcspn(p, " ");
        if (len == 0 || len >= sizeof word)
            continue;
        memcpy(word, p, len);
        word[len] = '\0';
        size_t writers = 0;
        for (size_t r = 0; r < g->n_rules; r++) {
            has[r] = g->rules[r].is_public && writes_word(g, g->rules[r].body, word, 0);
            writers += has[r];
        }
        for (size_t r = 0; r < g->n_rules; r++)
            score[r] += has[r] ? 1.0 / (double)writers : 0.0;
    }
    /* The best max, by selection: there are a few dozen intents. */
    while (score && n < max) {
        int best = -1;
        for (size_t r = 0; r < g->n_rules; r++)
            if (score[r] > 0 && (best < 0 || score[r] > score[best]))
                best = (int)r;
        if (best < 0)
            break;
        rules[n++] = best;
        score[best] = 0;
    }
    free(score);
    free(has);
    return n;
}

size_t grammar__garbage_words(const grammar_t *g, const char **out, size_t max)
{
    const node_t *garbage = NULL;
    for (size_t r = 0; r < g->n_rules; r++)
        if (!g->rules[r].is_public && strcmp(g->rules[r].name, GRAMMAR__GARBAGE_RULE) == 0)
            garbage = g->rules[r].body;
    size_t n = 0;
    for (size_t w = 0; garbage && w < g->n_words && n < max; w++) {
        if (!writes_word(g, garbage, g->words[w], 0))
            continue;
        bool spoken = false; /* a sentence's word never competes with itself */
        for (size_t r = 0; r < g->n_rules && !spoken; r++)
            spoken = g->rules[r].is_public && writes_word(g, g->rules[r].body, g->words[w], 0);
        if (!spoken)
            out[n++] = g->words[w];
    }
    return n;
}

/* ---- Into sphinxbase ---------------------------------------------------------------------- */

/* The word for vocabulary index w; compounds are written into buf. */
static const char *vocab_word(const nfa_t *m, size_t w, char *buf)
{
    if (w < m->g->n_words)
        return m->g->words[w];
    w -= m->g->n_words;
    size_t set = 0;
    while (m->set_base[set + 1] <= w)
        set++;
    grammar__compound_word(m->g->sets[set].phrases[w - m->set_base[set]], buf,
                           GRAMMAR__MAX_COMPOUND);
    return buf;
}

int grammar__compound_word(const char *phrase, char *out, size_t len)
{
    size_t n = strlen(phrase);
    if (n >= len)
        return GRAMMAR_EINVAL;
    for (size_t i = 0; i <= n; i++)
        out[i] = phrase[i] == ' ' ? '+' : phrase[i];
    return GRAMMAR_OK;
}

/*
 * sphinxbase's own builders search linearly: fsg_model_word_add() looks for the word among all
 * the FSG's words, and fsg_model_trans_add() among all the arcs between the same two states
 * (10,000 products share a rule's entry and exit). With 10,000 products that was a third of
 * start-up. The functions below give the FSG the same words and arcs, in the same order, with
 * a hash table and a sort instead. The model's fields are public (fsg_model.h); fsg_model_read()
 * fills the vocabulary the same way.
 */

/* word as the next word of fsg; the caller knows it is not there yet. */
static int32_t vocab_append(fsg_model_t *fsg, const char *word)
{
    if (fsg->n_word == fsg->n_word_alloc) {
        int32 old = fsg->n_word_alloc;
        fsg->n_word_alloc = old ? 2 * old : 64;
        fsg->vocab = ckd_realloc(fsg->vocab, (size_t)fsg->n_word_alloc * sizeof *fsg->vocab);
        if (fsg->silwords)
            fsg->silwords = bitvec_realloc(fsg->silwords, old, fsg->n_word_alloc);
        if (fsg->altwords)
            fsg->altwords = bitvec_realloc(fsg->altwords, old, fsg->n_word_alloc);
    }
    fsg->vocab[fsg->n_word] = ckd_salloc(word);
    return fsg->n_word++;
}

/* The id of word in fsg, added if new; `added` maps the words added so far to their ids (its
 * keys are the vocabulary's strings). */
static int32_t vocab_add(fsg_model_t *fsg, hash_table_t *added, const char *word)
{
    int32 wid;
    if (hash_table_lookup_int32(added, word, &wid) == 0)
        return wid;
    wid = vocab_append(fsg, word);
    hash_table_enter_int32(added, fsg->vocab[wid], wid);
    return wid;
}

/*
 * l first among the arcs between its two states, where fsg_model_trans_add() puts a new arc,
 * without that function's search of them. The table that holds each list's head is private to
 * sphinxbase, so a list keeps its head node: that node takes the new link, and a node inserted
 * after it the link it had.
 */
static void prepend_link(fsg_model_t *fsg, const fsg_link_t *l)
{
    gnode_t *head = fsg_model_trans(fsg, l->from_state, l->to_state);
    if (!head) {
        fsg_model_trans_add(fsg, l->from_state, l->to_state, l->logs2prob, l->wid);
        return;
    }
    fsg_link_t *link = listelem_malloc(fsg->link_alloc);
    *link = *l;
    glist_insert_ptr(head, gnode_ptr(head));
    gnode_ptr(head) = link;
}

typedef struct {
    fsg_link_t link;
    size_t index;
} indexed_link_t;

/* By states, word, then index: a group of equal arcs, the first added first. */
static int cmp_indexed_link(const void *a, const void *b)
{
    const indexed_link_t *x = a, *y = b;
    if (x->link.from_state != y->link.from_state)
        return x->link.from_state < y->link.from_state ? -1 : 1;
    if (x->link.to_state != y->link.to_state)
        return x->link.to_state < y->link.to_state ? -1 : 1;
    if (x->link.wid != y->link.wid)
        return x->link.wid < y->link.wid ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* The n arcs into fsg in order, as fsg_model_trans_add() one at a time would leave them: an arc
 * with the states and word of an earlier one (the same phrase in two rules is one compound
 * word) is not added, and the earlier one takes the better probability. -1 on ENOMEM. */
static int add_links(fsg_model_t *fsg, fsg_link_t *links, size_t n)
{
    indexed_link_t *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    for (size_t i = 0; i < n; i++)
        sorted[i] = (indexed_link_t){links[i], i};
    qsort(sorted, n, sizeof *sorted, cmp_indexed_link);
    for (size_t i = 1; i < n; i++) {
        fsg_link_t *first = &links[sorted[i - 1].index], *l = &links[sorted[i].index];
        if (l->from_state != first->from_state || l->to_state != first->to_state ||
            l->wid != first->wid)
            continue;
        /* l is not added; the next equal one compares with the first, too */
        first->logs2prob = l->logs2prob > first->logs2prob ? l->logs2prob : first->logs2prob;
        l->wid = -1;
        sorted[i].index = sorted[i - 1].index;
    }
    free(sorted);
    for (size_t i = 0; i < n; i++)
        if (links[i].wid >= 0)
            prepend_link(fsg, &links[i]);
    return 0;
}

/*
 * sphinxbase gives each state's arc tables 101 buckets (3.2 kB) however few arcs they hold, and
 * the decoder adds a silence arc to every state: shop.gram's 982 states took 4.8 MB of tables,
 * each rescoring search (asr.c) up to 3 MB more, against a 60 MB budget for the whole program.
 * A table sized to the state's arcs does the same job: sphinxbase's own functions fill, search,
 * walk and free it (hash_table.h's fields are public), and a full bucket chains as in any table.
 *
 * The tables hang off fsg->trans, whose element type (struct trans_list_s) is private to
 * fsg_model.c; arc_tables_t is its layout in sphinxbase 5prealpha, the one API this program
 * builds against. arc_tables_fit() checks that layout on a throwaway model before it is trusted;
 * where it does not fit, the FSG keeps sphinxbase's own tables.
 */
typedef struct {
    hash_table_t *null_trans, *trans;
} arc_tables_t;

static bool arc_tables_fit(logmath_t *lmath)
{
    static int fits = -1; /* not checked yet */
    if (fits >= 0)
        return fits;
    fsg_model_t *probe = fsg_model_init("probe", lmath, 1.0f, 3);
    arc_tables_t *t = (arc_tables_t *)probe->trans;
    fsg_model_trans_add(probe, 1, 2, 0, fsg_model_word_add(probe, "probe"));
    bool word_only = !t[0].trans && !t[0].null_trans && t[1].trans && !t[1].null_trans &&
                     !t[2].trans && t[1].trans->inuse == 1;
    fsg_model_null_trans_add(probe, 2, 0, 0);
    fits = word_only && t[2].null_trans && !t[2].trans && t[2].null_trans->inuse == 1 &&
           fsg_model_trans(probe, 1, 2) && fsg_model_null_trans(probe, 2, 0);
    fsg_model_free(probe);
    return fits;
}

static hash_table_t *arc_table(size_t n_arcs)
{
    hash_table_t *h = ckd_calloc(1, sizeof *h);
    h->size = (int32)(n_arcs | 1); /* odd: the keys are state numbers */
    h->nocase = FALSE;             /* HASH_CASE_YES, as fsg_model_trans_add() makes them */
    h->table = ckd_calloc((size_t)h->size, sizeof *h->table);
    return h;
}

/* The arc tables of fsg's states, sized to their n_links word arcs and m's null arcs before any
 * arc is added: one bucket more for the decoder's silence loop. Only where there are arcs: a
 * state without any keeps no table until the decoder adds its silence loop (the null arcs'
 * closure adds only from states that have null arcs). */
static void size_arc_tables(fsg_model_t *fsg, const nfa_t *m, const fsg_link_t *links,
                            size_t n_links)
{
    if (!arc_tables_fit(fsg->lmath))
        return;
    size_t *n_words = ckd_calloc((size_t)fsg->n_state, sizeof *n_words);
    size_t *n_nulls = ckd_calloc((size_t)fsg->n_state, sizeof *n_nulls);
    for (size_t i = 0; i < n_links; i++)
        n_words[links[i].from_state]++;
    for (size_t i = 0; i < m->n_arcs; i++)
        if (m->arcs[i].word < 0)
            n_nulls[m->arcs[i].from]++;
    arc_tables_t *t = (arc_tables_t *)fsg->trans;
    for (int32 s = 0; s < fsg->n_state; s++) {
        if (n_words[s]) /* an empty table breaks fsg_model_arcs(): it yields a NULL arc */
            t[s].trans = arc_table(n_words[s] + 1);
        if (n_nulls[s])
            t[s].null_trans = arc_table(2 * n_nulls[s]); /* the closure adds more */
    }
    ckd_free(n_words);
    ckd_free(n_nulls);
}

/* a's weight in the FSG: 0 (probability 1), as jsgf_build_fsg() gives unweighted JSGF, except
 * into an optional slot (OPTIONAL_SLOT_PROB): the acoustics and the word insertion penalty
 * decide, not the number of products. */
static int32_t arc_logp(const arc_t *a, logmath_t *lmath, float lw)
{
    return (int32_t)(logmath_ln_to_log(lmath, a->logp) * lw);
}

static fsg_model_t *to_fsg(nfa_t *m, logmath_t *lmath, float lw)
{
    char name[GRAMMAR__MAX_COMPOUND];
    const grammar_t *g = m->g;
    size_t n_vocab = g->n_words + (g->n_sets ? m->set_base[g->n_sets] : 0);
    int32_t *wid = malloc((n_vocab ? n_vocab : 1) * sizeof *wid);
    fsg_link_t *links = malloc((m->n_arcs + 1) * sizeof *links);
    hash_table_t *added = hash_table_new((int32)(n_vocab + 1), HASH_CASE_YES);
    size_t n_links = 0;
    fsg_model_t *fsg =
        wid && links ? fsg_model_init(GRAMMAR__TOP_RULE, lmath, lw, m->n_states) : NULL;
    if (!fsg) {
        nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n_vocab; i++)
        wid[i] = -1;
    fsg->start_state = 0;
    fsg->final_state = 1;
    /* Word arcs first, as links: their number out of each state sizes its tables (below). */
    for (size_t i = 0; i < m->n_arcs; i++) {
        const arc_t *a = &m->arcs[i];
        if (a->word < 0)
            continue;
        if (wid[a->word] < 0) /* only words on arcs: the decoder checks each against its dict */
            wid[a->word] = vocab_add(fsg, added, vocab_word(m, (size_t)a->word, name));
        links[n_links++] = (fsg_link_t){a->from, a->to, arc_logp(a, lmath, lw), wid[a->word]};
    }
    size_arc_tables(fsg, m, links, n_links);
    for (size_t i = 0; i < m->n_arcs; i++)
        if (m->arcs[i].word < 0)
            fsg_model_null_trans_add(fsg, m->arcs[i].from, m->arcs[i].to,
                                     arc_logp(&m->arcs[i], lmath, lw));
    if (add_links(fsg, links, n_links) < 0) {
        nfa_fail(m, GRAMMAR_ENOMEM, "out of memory");
        fsg_model_free(fsg);
        fsg = NULL;
        goto out;
    }
    /* The decoder follows one null arc per word exit, so chains of them must be closed. */
    glist_free(fsg_model_null_trans_closure(fsg, NULL));
out:
    hash_table_free(added);
    free(links);
    free(wid);
    return fsg;
}

int grammar__build_fsg(const grammar_t *g, logmath_t *lmath, float lw,
                       const grammar__fsg_opts_t *opts, fsg_model_t **out)
{
    nfa_t m = {.g = g, .opts = opts};
    fsg_model_t *fsg = NULL;
    *out = NULL;
    if (!g->compiled) /* compiling checks what building relies on: no recursion */
        return grammar__fail(GRAMMAR_EINVAL, "%s: the grammar is not compiled", g->path);
    m.set_entry = malloc((g->n_sets ? g->n_sets : 1) * sizeof *m.set_entry);
    m.set_exit = malloc((g->n_sets ? g->n_sets : 1) * sizeof *m.set_exit);
    m.set_base = malloc((g->n_sets + 1) * sizeof *m.set_base);
    if (!m.set_entry || !m.set_exit || !m.set_base) {
        nfa_fail(&m, GRAMMAR_ENOMEM, "out of memory");
        goto out;
    }
    m.set_base[0] = 0;
    for (size_t i = 0; i < g->n_sets; i++) {
        m.set_entry[i] = m.set_exit[i] = -1;
        m.set_base[i + 1] = m.set_base[i] + g->sets[i].n;
    }
    if (index_words(&m) < 0)
        goto out;
    int32_t start = new_state(&m), final = new_state(&m); /* 0 and 1 */
    for (size_t r = 0; r < g->n_rules; r++)
        if (g->rules[r].is_public && g->rules[r].body &&
            (opts->only_rule < 0 || (size_t)opts->only_rule == r))
            build(&m, g->rules[r].body, start, final);
    bool *keep_null_into = calloc((size_t)m.n_states, sizeof *keep_null_into);
    if (!keep_null_into)
        nfa_fail(&m, GRAMMAR_ENOMEM, "out of memory");
    /* And into a shared rule's exit: every trie state where a phrase ends inside a longer one
     * ("coke" of "coke zero") would otherwise copy everything that may follow any reference
     * (80 words in shop.gram: 7,000 of its 10,000 arcs, and a slower, larger decoder). */
    for (size_t i = 0; keep_null_into && i < g->n_sets; i++)
        if (opts->shared && m.set_entry[i] >= 0)
            keep_null_into[m.set_entry[i]] = keep_null_into[m.set_exit[i]] = true;
    if (m.status == GRAMMAR_OK)
        remove_nulls(&m, keep_null_into, final);
    if (m.status == GRAMMAR_OK)
        merge_states(&m);
    if (m.status == GRAMMAR_OK)
        compact_states(&m);
    free(keep_null_into);
    if (m.status == GRAMMAR_OK)
        fsg = to_fsg(&m, lmath, lw);
out:
    free(m.arcs);
    free(m.set_entry);
    free(m.set_exit);
    free(m.set_base);
    free(m.wtab);
    *out = fsg;
    return m.status;
}

/* ---- Alternate pronunciations --------------------------------------------------------------- */

/*
 * PocketSphinx gives an FSG without alternate pronunciations its words' alternates itself
 * (fsg_search_add_altpron(): "olive(2)" on a copy of every arc of "olive"), but it finds each
 * word by a linear search and then walks every arc of the FSG, once per alternate: 85% of the
 * 35 s `shopspeak wav` took with a 330 kB grammar file, and again for every rescoring pass
 * (decode_with() in asr.c gives it a new FSG each time). Here each state's arcs are walked
 * once, and the arcs and words come out in the order PocketSphinx would give them: words in
 * vocabulary order, each word's alternates in the decoder's order (the last added first: for a
 * cmudict file, "(3)" before "(2)"), then the word's arcs between the two states in list order,
 * each copy put first in the list.
 */

typedef struct {
    const fsg_link_t *link;
    size_t order; /* in the state's arc list */
} state_link_t;

/* By target, word, then place in the list. */
static int cmp_state_link(const void *a, const void *b)
{
    const state_link_t *x = a, *y = b;
    if (x->link->to_state != y->link->to_state)
        return x->link->to_state < y->link->to_state ? -1 : 1;
    if (x->link->wid != y->link->wid)
        return x->link->wid < y->link->wid ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* The arcs out of state whose word has alternates (n_alt[wid] > 0, wid < n_base), into *out
 * (grown as needed, *cap entries); returns how many, or SIZE_MAX on ENOMEM. */
static size_t arcs_with_alternates(fsg_model_t *fsg, int32_t state, const int *n_alt,
                                   int32_t n_base, state_link_t **out, size_t *cap)
{
    size_t n = 0, order = 0;
    for (fsg_arciter_t *it = fsg_model_arcs(fsg, state); it; it = fsg_arciter_next(it)) {
        const fsg_link_t *l = fsg_arciter_get(it);
        if (!l || l->wid < 0 || l->wid >= n_base || n_alt[l->wid] == 0)
            continue;
        if (n == *cap) {
            size_t grown = *cap ? 2 * *cap : 64;
            state_link_t *p = realloc(*out, grown * sizeof *p);
            if (!p) {
                fsg_arciter_free(it);
                return SIZE_MAX;
            }
            *out = p;
            *cap = grown;
        }
        (*out)[n++] = (state_link_t){l, order++};
    }
    return n;
}

/* Copies of the arcs in arcs[0..n) (sorted by cmp_state_link) for each alternate. */
static void copy_for_alternates(fsg_model_t *fsg, const state_link_t *arcs, size_t n,
                                const int *n_alt, const int32_t *first_alt)
{
    for (size_t b = 0, e; b < n; b = e) {
        const fsg_link_t *l = arcs[b].link;
        for (e = b; e < n && arcs[e].link->to_state == l->to_state && arcs[e].link->wid == l->wid;)
            e++;
        for (int k = 0; k < n_alt[l->wid]; k++)
            for (size_t i = b; i < e; i++) {
                fsg_link_t copy = *arcs[i].link;
                copy.wid = first_alt[l->wid] + k;
                prepend_link(fsg, &copy);
            }
    }
}

int grammar__fsg_add_alternates(fsg_model_t *fsg, int (*n_alternates)(const char *word, void *ctx),
                                void *ctx)
{
    int32_t n_base = fsg->n_word;
    int *n_alt = malloc(((size_t)n_base + 1) * sizeof *n_alt);
    int32_t *first_alt = malloc(((size_t)n_base + 1) * sizeof *first_alt);
    state_link_t *arcs = NULL;
    size_t cap = 0;
    int st = n_alt && first_alt ? GRAMMAR_OK : GRAMMAR_ENOMEM;
    char name[GRAMMAR__MAX_COMPOUND + 16];
    for (int32_t w = 0; st == GRAMMAR_OK && w < n_base; w++) {
        n_alt[w] = n_alternates(fsg->vocab[w], ctx);
        first_alt[w] = fsg->n_word;
        for (int k = n_alt[w] + 1; k >= 2; k--) {
            snprintf(name, sizeof name, "%s(%d)", fsg->vocab[w], k);
            vocab_append(fsg, name);
        }
    }
    if (st == GRAMMAR_OK && fsg->n_word == n_base)
        goto out; /* none: PocketSphinx's own pass finds none either */
    for (int32_t s = 0; st == GRAMMAR_OK && s < fsg->n_state; s++) {
        size_t n = arcs_with_alternates(fsg, s, n_alt, n_base, &arcs, &cap);
        if (n == SIZE_MAX) {
            st = GRAMMAR_ENOMEM;
            break;
        }
        if (n > 0) {
            qsort(arcs, n, sizeof *arcs, cmp_state_link);
            copy_for_alternates(fsg, arcs, n, n_alt, first_alt);
        }
    }
    if (st == GRAMMAR_OK) { /* marked as PocketSphinx marks them; it then adds none itself */
        fsg->altwords = bitvec_alloc(fsg->n_word_alloc);
        for (int32_t w = n_base; w < fsg->n_word; w++)
            bitvec_set(fsg->altwords, w);
    }
out:
    free(n_alt);
    free(first_alt);
    free(arcs);
    return st == GRAMMAR_OK ? st : grammar__fail(st, "out of memory");
}

/* ---- One sentence against the garbage loop ------------------------------------------------ */

int grammar__sentence_fsg(const char *const *words, size_t n_words, const char *const *garbage,
                          size_t n_garbage, double garbage_prob, logmath_t *lmath, float lw,
                          fsg_model_t **out)
{
    *out = NULL;
    if (n_words == 0)
        return grammar__fail(GRAMMAR_EINVAL, "no sentence to check against garbage words");
    /* States: 0 start, 1 final, 2 .. n_words between the sentence's words, n_words + 1 the
     * garbage loop. */
    int32_t loop = (int32_t)n_words + 1;
    fsg_model_t *fsg = fsg_model_init(GRAMMAR__TOP_RULE, lmath, lw, loop + 1);
    if (!fsg)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    fsg->start_state = 0;
    fsg->final_state = 1;
    for (size_t i = 0; i < n_words; i++) {
        int32_t from = i == 0 ? 0 : (int32_t)i + 1, to = i + 1 == n_words ? 1 : (int32_t)i + 2;
        fsg_model_trans_add(fsg, from, to, 0, fsg_model_word_add(fsg, words[i]));
    }
    /* The loop: start -> loop, loop -> loop, loop -> final and start -> final on every word, so
     * one word or more. (A null arc loop -> final instead of the last two took 13% less time
     * over words-dev, and rejected one more "right", in the whole-grammar check of before.) */
    int32_t logp = (int32_t)(logmath_log(lmath, garbage_prob) * lw);
    for (size_t k = 0; k < n_garbage; k++) {
        bool said = false; /* a sentence's word never competes with itself */
        for (size_t i = 0; i < n_words && !said; i++)
            said = strcmp(words[i], garbage[k]) == 0;
        if (said)
            continue;
        int32_t w = fsg_model_word_add(fsg, garbage[k]);
        fsg_model_trans_add(fsg, 0, loop, logp, w);
        fsg_model_trans_add(fsg, loop, loop, logp, w);
        fsg_model_trans_add(fsg, loop, 1, logp, w);
        fsg_model_trans_add(fsg, 0, 1, logp, w);
    }
    *out = fsg;
    return GRAMMAR_OK;
}
