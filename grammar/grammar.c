/* grammar.c - the grammar object: loading the file, collecting generated phrases, compiling
 * the JSGF text PocketSphinx gets, listing words, and parsing sentences into intents. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar_internal.h"

/* The single public rule of the JSGF text grammar_jsgf() writes: sphinxbase, given that text,
 * would pick "the" public rule from a hash table and silently lose all intents but one. */
#define TOP_RULE GRAMMAR__TOP_RULE

/* ---- Small helpers: a growing string and a string hash ------------------------------------ */

typedef struct {
    char *p;
    size_t n, cap;
    bool oom;
} sbuf_t;

static void sb_add(sbuf_t *sb, const char *s)
{
    size_t len = strlen(s);
    if (sb->oom)
        return;
    if (sb->n + len + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 4096;
        while (cap < sb->n + len + 1)
            cap *= 2;
        char *p = realloc(sb->p, cap);
        if (!p) {
            sb->oom = true;
            return;
        }
        sb->p = p;
        sb->cap = cap;
    }
    memcpy(sb->p + sb->n, s, len + 1);
    sb->n += len;
}

static uint32_t hash_str(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a; match.c uses the same function for first words */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static size_t first_word_len(const char *phrase)
{
    const char *sp = strchr(phrase, ' ');
    return sp ? (size_t)(sp - phrase) : strlen(phrase);
}

/* ---- Normalising phrases ------------------------------------------------------------------ */

static const char *const ONES[] = {"zero",    "one",     "two",       "three",    "four",
                                   "five",    "six",     "seven",     "eight",    "nine",
                                   "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                   "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const TENS[] = {"",      "",      "twenty",  "thirty", "forty",
                                   "fifty", "sixty", "seventy", "eighty", "ninety"};

static void say_below_1000(sbuf_t *sb, long n)
{
    if (n >= 100) {
        sb_add(sb, ONES[n / 100]);
        sb_add(sb, " hundred ");
        n %= 100;
        if (n == 0)
            return;
    }
    if (n >= 20) {
        sb_add(sb, TENS[n / 10]);
        sb_add(sb, " ");
        if (n % 10)
            sb_add(sb, ONES[n % 10]);
    } else {
        sb_add(sb, ONES[n]);
    }
    sb_add(sb, " ");
}

/* Digits become the words a shopper says ("7 up" -> "seven up"), because the recogniser can
 * only hear words; very long runs (barcodes) are read digit by digit. */
static void say_digits(sbuf_t *sb, const char *d, size_t len)
{
    if (len > 6) {
        for (size_t i = 0; i < len; i++) {
            sb_add(sb, ONES[d[i] - '0']);
            sb_add(sb, " ");
        }
        return;
    }
    long n = strtol(d, NULL, 10);
    if (n >= 1000) {
        say_below_1000(sb, n / 1000);
        sb_add(sb, "thousand ");
        if (n % 1000 == 0)
            return;
        n %= 1000;
    }
    say_below_1000(sb, n);
}

/* Latin-1 letters as UTF-8 (C3 80..C3 BF) folded to ASCII so "Nestlé" and "jalapeño" keep
 * their letters; '.' marks bytes with no letter (×, ÷). */
static const char FOLD_C3[65] = "aaaaaaaceeeeiiiidnooooo.ouuuuyts"
                                "aaaaaaaceeeeiiiidnooooo.ouuuuyty";

int grammar_has_words(const char *phrase, const char *words)
{
    size_t n = strlen(words);
    for (const char *p = n ? strstr(phrase, words) : NULL; p; p = strstr(p + 1, words))
        if ((p == phrase || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

int grammar_normalize(const char *text, char *out, size_t outlen)
{
    sbuf_t sb = {0};
    char word[GRAMMAR__MAX_WORD] = "";
    size_t wl = 0;
    int n_words = 0;
    for (const unsigned char *p = (const unsigned char *)(text ? text : "");; p++) {
        int c = *p;
        if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
            c = '\''; /* typographic apostrophes (U+2018, U+2019) */
            p += 2;
        } else if (c == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF && FOLD_C3[p[1] - 0x80] != '.')
            c = FOLD_C3[(++p)[0] - 0x80];
        if (isalpha(c) || (c == '\'' && wl > 0)) {
            if (wl + 1 < sizeof word)
                word[wl++] = (char)tolower(c);
            continue;
        }
        while (wl > 0 && word[wl - 1] == '\'') /* apostrophes only inside a word */
            wl--;
        if (wl > 0) {
            word[wl] = '\0';
            sb_add(&sb, word);
            sb_add(&sb, " ");
            n_words++;
            wl = 0;
        }
        if (c == '&' || c == '+') /* said as words: "Ben & Jerry's", "Vitamin C + Zinc" */
            sb_add(&sb, c == '&' ? "and " : "plus ");
        if (isdigit(c)) {
            const char *d = (const char *)p;
            size_t dl = 0;
            while (isdigit((unsigned char)d[dl]))
                dl++;
            say_digits(&sb, d, dl);
            n_words++; /* at least one; recounted below */
            p += dl - 1;
        }
        if (c == 0)
            break;
    }
    /* Recount and trim: say_digits may have added several words. */
    n_words = 0;
    size_t len = sb.p ? strlen(sb.p) : 0;
    while (len > 0 && sb.p[len - 1] == ' ')
        sb.p[--len] = '\0';
    for (size_t i = 0; i < len; i++)
        n_words += (i == 0 || sb.p[i - 1] == ' ');
    int status = sb.oom ? GRAMMAR_ENOMEM : len + 1 > outlen ? GRAMMAR_EINVAL : n_words;
    if (status >= 0)
        memcpy(out, len ? sb.p : "", len + 1);
    else if (outlen > 0)
        out[0] = '\0';
    free(sb.p);
    return status;
}

/* ---- Loading and freeing ------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len, int *status)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *status = grammar__fail(GRAMMAR_ENOENT, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(GRAMMAR__MAX_FILE + 1);
    errno = 0;
    size_t n = buf ? fread(buf, 1, GRAMMAR__MAX_FILE + 1, f) : 0;
    int err = ferror(f) ? (errno ? errno : EIO) : 0; /* a directory opens, then fails: EISDIR */
    fclose(f);
    if (!buf)
        *status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    else if (err == EISDIR)
        *status = grammar__fail(GRAMMAR_ENOENT, "%s: is a directory, not a grammar file", path);
    else if (err)
        *status = grammar__fail(GRAMMAR_ENOENT, "%s: cannot read: %s", path, strerror(err));
    else if (n > GRAMMAR__MAX_FILE)
        *status = grammar__fail(GRAMMAR_ESYNTAX, "%s:1:1: file larger than %u bytes", path,
                                GRAMMAR__MAX_FILE);
    else {
        buf[n] = '\0';
        *len = n;
        char *fit = realloc(buf, n + 1); /* kept for grammar_copy(): not the 4 MB read buffer */
        return fit ? fit : buf;
    }
    free(buf);
    return NULL;
}

grammar_t *grammar_load(const char *path, int *status)
{
    int dummy = 0;
    status = status ? status : &dummy;
    if (!path) {
        *status = grammar__fail(GRAMMAR_EINVAL, "grammar_load: path is NULL");
        return NULL;
    }
    grammar_t *g = calloc(1, sizeof *g);
    size_t len = 0;
    char *text = g ? read_file(path, &len, status) : NULL;
    if (!g)
        *status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    if (!text)
        goto error_out;
    if (!(g->path = strdup(path))) {
        *status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        goto error_out;
    }
    if ((*status = grammar__parse_jsgf(g, text, len, path)) != GRAMMAR_OK)
        goto error_out;
    g->source = text; /* kept for grammar_copy() */
    g->source_len = len;
    return g;
error_out:
    free(text);
    grammar_free(g);
    return NULL;
}

void grammar_free(grammar_t *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_rules; i++) {
        free(g->rules[i].name);
        grammar__node_free(g->rules[i].body);
    }
    for (size_t i = 0; i < g->n_sets; i++) {
        phrase_set_t *s = &g->sets[i];
        for (size_t j = 0; j < s->n; j++)
            free(s->phrases[j]);
        free(s->phrases);
        free(s->first_next);
        free(s->buckets);
        free(s->seen);
        free(s->name);
    }
    free(g->sets);
    free(g->rules);
    free(g->rule_tab);
    free(g->words); /* the strings belong to the rules and phrases */
    free(g->written);
    free(g->jsgf);
    free(g->grammar_name);
    free(g->path);
    free(g->source);
    free(g);
}

grammar_t *grammar_copy(const grammar_t *g, int *status)
{
    int dummy = 0;
    status = status ? status : &dummy;
    grammar_t *c = g ? calloc(1, sizeof *c) : NULL;
    if (!c) {
        *status = grammar__fail(g ? GRAMMAR_ENOMEM : GRAMMAR_EINVAL,
                                g ? "out of memory" : "grammar_copy: NULL grammar");
        return NULL;
    }
    if (!(c->path = strdup(g->path)) || !(c->source = malloc(g->source_len + 1))) {
        *status = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        grammar_free(c);
        return NULL;
    }
    memcpy(c->source, g->source, g->source_len + 1);
    c->source_len = g->source_len;
    if ((*status = grammar__parse_jsgf(c, c->source, c->source_len, c->path)) != GRAMMAR_OK) {
        grammar_free(c);
        return NULL;
    }
    return c;
}

/* ---- Rules by name ------------------------------------------------------------------------ */

/* g->rule_tab is a hash table (open addressing) of g->rules' indices by name, so that parsing
 * (a name defined twice?) and compiling (what does <name> refer to?) do not scan every rule for
 * every rule: a grammar file of 40,000 small rules took 3.3 s that way. */

static void rule_tab_put(size_t *tab, size_t cap, const grammar_t *g, size_t r)
{
    const char *name = g->rules[r].name;
    size_t b = hash_str(name, strlen(name)) & (cap - 1);
    while (tab[b] != SIZE_MAX)
        b = (b + 1) & (cap - 1);
    tab[b] = r;
}

int grammar__find_rule(const grammar_t *g, const char *name)
{
    if (g->rule_tab_cap == 0)
        return -1;
    size_t mask = g->rule_tab_cap - 1;
    for (size_t b = hash_str(name, strlen(name)) & mask; g->rule_tab[b] != SIZE_MAX;
         b = (b + 1) & mask)
        if (strcmp(g->rules[g->rule_tab[b]].name, name) == 0)
            return (int)g->rule_tab[b];
    return -1;
}

int grammar__reserve_rule(grammar_t *g)
{
    if (g->n_rules == g->cap_rules) {
        size_t cap = g->cap_rules ? 2 * g->cap_rules : 16;
        rule_t *rules = realloc(g->rules, cap * sizeof *rules);
        if (!rules)
            return GRAMMAR_ENOMEM;
        g->rules = rules;
        g->cap_rules = cap;
    }
    if (2 * (g->n_rules + 1) <= g->rule_tab_cap)
        return GRAMMAR_OK;
    size_t cap = g->rule_tab_cap ? 2 * g->rule_tab_cap : 64;
    size_t *tab = malloc(cap * sizeof *tab);
    if (!tab)
        return GRAMMAR_ENOMEM;
    memset(tab, 0xff, cap * sizeof *tab);
    for (size_t r = 0; r < g->n_rules; r++)
        rule_tab_put(tab, cap, g, r);
    free(g->rule_tab);
    g->rule_tab = tab;
    g->rule_tab_cap = cap;
    return GRAMMAR_OK;
}

void grammar__append_rule(grammar_t *g, const rule_t *r)
{
    g->rules[g->n_rules] = *r;
    rule_tab_put(g->rule_tab, g->rule_tab_cap, g, g->n_rules++);
}

static const rule_t *find_rule(const grammar_t *g, const char *name)
{
    int r = grammar__find_rule(g, name);
    return r >= 0 ? &g->rules[r] : NULL;
}

/* ---- Generated phrases -------------------------------------------------------------------- */

static phrase_set_t *find_set(grammar_t *g, const char *name, bool create)
{
    for (size_t i = 0; i < g->n_sets; i++)
        if (strcmp(g->sets[i].name, name) == 0)
            return &g->sets[i];
    if (!create)
        return NULL;
    phrase_set_t *sets = realloc(g->sets, (g->n_sets + 1) * sizeof *sets);
    if (!sets)
        return NULL;
    g->sets = sets;
    phrase_set_t *s = &g->sets[g->n_sets];
    memset(s, 0, sizeof *s);
    if (!(s->name = strdup(name)))
        return NULL;
    g->n_sets++;
    return s;
}

/* Insert phrase index i into the dedupe table, growing it at half full. */
static int seen_insert(phrase_set_t *s, size_t i)
{
    if (2 * (s->n + 1) > s->seen_cap) {
        size_t cap = s->seen_cap ? 2 * s->seen_cap : 64;
        size_t *t = malloc(cap * sizeof *t);
        if (!t)
            return GRAMMAR_ENOMEM;
        memset(t, 0xff, cap * sizeof *t);
        size_t *old = s->seen;
        s->seen = t;
        s->seen_cap = cap;
        for (size_t j = 0; j < i; j++)
            seen_insert(s, j); /* cannot grow again: cap is ample */
        free(old);
    }
    size_t mask = s->seen_cap - 1;
    const char *p = s->phrases[i];
    for (size_t b = hash_str(p, strlen(p)) & mask;; b = (b + 1) & mask) {
        if (s->seen[b] == SIZE_MAX) {
            s->seen[b] = i;
            return GRAMMAR_OK;
        }
        if (strcmp(s->phrases[s->seen[b]], p) == 0)
            return 1; /* a duplicate */
    }
}

int grammar_add_list(grammar_t *g, const char *rule)
{
    if (!g || !rule)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_add_list: NULL argument");
    if (g->compiled)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_add_list: the grammar is compiled");
    if (find_rule(g, rule))
        return grammar__fail(GRAMMAR_EINVAL, "%s: rule <%s> is written in the file, not generated",
                             g->path, rule);
    return find_set(g, rule, true) ? GRAMMAR_OK : grammar__fail(GRAMMAR_ENOMEM, "out of memory");
}

int grammar_add_phrase(grammar_t *g, const char *rule, const char *phrase)
{
    char norm[GRAMMAR_PHRASE_MAX_BYTES + 1];
    if (!g || !rule || !phrase)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_add_phrase: NULL argument");
    if (g->compiled)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_add_phrase: the grammar is compiled");
    if (find_rule(g, rule))
        return grammar__fail(GRAMMAR_EINVAL, "%s: rule <%s> is written in the file, not generated",
                             g->path, rule);
    int n = grammar_normalize(phrase, norm, sizeof norm);
    if (n == GRAMMAR_EINVAL || n > GRAMMAR_PHRASE_MAX_WORDS || n == 0)
        return GRAMMAR_OK; /* documented: too long to say whole, or nothing speakable left */
    if (n < 0)
        return grammar__fail(n, "out of memory");
    phrase_set_t *s = find_set(g, rule, true);
    if (!s)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        char **p = realloc(s->phrases, cap * sizeof *p);
        if (!p)
            return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        s->phrases = p;
        s->cap = cap;
    }
    if (!(s->phrases[s->n] = strdup(norm)))
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    int dup = seen_insert(s, s->n);
    if (dup != GRAMMAR_OK)
        free(s->phrases[s->n]);
    if (dup < 0)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    if (dup == 0)
        s->n++;
    return GRAMMAR_OK;
}

/* ---- Compiling ---------------------------------------------------------------------------- */

static int index_first_words(phrase_set_t *s)
{
    size_t nb = 64;
    while (nb < 2 * s->n)
        nb *= 2;
    free(s->buckets);
    free(s->first_next);
    s->buckets = malloc(nb * sizeof *s->buckets);
    s->first_next = malloc((s->n ? s->n : 1) * sizeof *s->first_next);
    if (!s->buckets || !s->first_next)
        return GRAMMAR_ENOMEM;
    s->n_buckets = nb;
    memset(s->buckets, 0xff, nb * sizeof *s->buckets);
    /* Insert in reverse so each chain lists phrases in insertion order: matching is then
     * deterministic and follows the catalog's order. */
    for (size_t i = s->n; i-- > 0;) {
        size_t b = hash_str(s->phrases[i], first_word_len(s->phrases[i])) & (nb - 1);
        s->first_next[i] = s->buckets[b];
        s->buckets[b] = i;
    }
    return GRAMMAR_OK;
}

/* Resolve every <ref> in n to a rule index, adding generated rules on first use. */
static int resolve(grammar_t *g, node_t *n)
{
    for (size_t i = 0; i < n->n_kids; i++) {
        int st = resolve(g, n->kids[i]);
        if (st != GRAMMAR_OK)
            return st;
    }
    if (n->kind != NODE_RULEREF)
        return GRAMMAR_OK;
    const rule_t *r = find_rule(g, n->text);
    if (!r) {
        phrase_set_t *s = find_set(g, n->text, false);
        if (!s)
            return grammar__fail(GRAMMAR_EINVAL,
                                 "%s:%d:%d: unknown rule <%s>: neither defined in the file nor "
                                 "generated (no phrases were added for it)",
                                 g->path, n->line, n->col, n->text);
        if (s->n == 0)
            return grammar__fail(GRAMMAR_EINVAL,
                                 "%s:%d:%d: the list <%s> is empty (nothing to say was added "
                                 "to it)",
                                 g->path, n->line, n->col, n->text);
        char *name = grammar__reserve_rule(g) == GRAMMAR_OK ? strdup(n->text) : NULL;
        if (!name)
            return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
        grammar__append_rule(g, &(rule_t){name, false, NULL, (int)(s - g->sets), n->line, n->col});
        r = &g->rules[g->n_rules - 1];
        if (index_first_words(s) != GRAMMAR_OK)
            return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    }
    n->rule = (int)(r - g->rules);
    return GRAMMAR_OK;
}

/* Whether some node of any rule's tree passes `is` with `name`: one walk for the questions
 * asked about a grammar as written. */
typedef bool (*node_test_fn)(const node_t *n, const char *name);

static bool any_node(const node_t *n, node_test_fn is, const char *name)
{
    if (!n)
        return false;
    if (is(n, name))
        return true;
    for (size_t i = 0; i < n->n_kids; i++)
        if (any_node(n->kids[i], is, name))
            return true;
    return false;
}

static bool any_rule_node(const grammar_t *g, node_test_fn is, const char *name)
{
    for (size_t r = 0; g && name && r < g->n_rules; r++)
        if (any_node(g->rules[r].body, is, name))
            return true;
    return false;
}

static bool refers_to(const node_t *n, const char *rule)
{
    return n->kind == NODE_RULEREF && strcmp(n->text, rule) == 0;
}

static bool sets_slot(const node_t *n, const char *slot)
{
    return n->tag_slot && strcmp(n->tag_slot, slot) == 0;
}

int grammar_uses_rule(const grammar_t *g, const char *rule)
{
    return any_rule_node(g, refers_to, rule);
}

int grammar_has_intent(const grammar_t *g, const char *intent)
{
    for (size_t r = 0; g && intent && r < g->n_rules; r++)
        if (g->rules[r].is_public && g->rules[r].body && strcmp(g->rules[r].name, intent) == 0)
            return 1;
    return 0;
}

int grammar_has_slot(const grammar_t *g, const char *slot)
{
    return any_rule_node(g, sets_slot, slot);
}

/* ---- Examples ------------------------------------------------------------------------------ */

static size_t phrase_words(const char *phrase)
{
    size_t n = 1;
    for (const char *c = phrase; *c; c++)
        n += *c == ' ';
    return n;
}

/* The fewest words n can be said with (SIZE_MAX: never); each rule's count memoised in memo
 * (SIZE_MAX: not yet, or never). Compiled grammars hold no recursion, so this ends. */
static size_t fewest_words(const grammar_t *g, const node_t *n, size_t *memo)
{
    size_t best = 0;
    switch (n->kind) {
    case NODE_WORD:
        return 1;
    case NODE_RULEREF: {
        const rule_t *r = &g->rules[n->rule];
        const phrase_set_t *set = r->body ? NULL : &g->sets[r->phrase_set];
        if (memo[n->rule] == SIZE_MAX && set)
            memo[n->rule] = set->n ? phrase_words(set->phrases[0]) : 0;
        else if (memo[n->rule] == SIZE_MAX)
            memo[n->rule] = fewest_words(g, r->body, memo);
        return memo[n->rule];
    }
    case NODE_SEQ:
        for (size_t i = 0; i < n->n_kids; i++) {
            size_t k = fewest_words(g, n->kids[i], memo);
            best = k > SIZE_MAX - best ? SIZE_MAX : best + k;
        }
        return best;
    case NODE_ALT: /* of no kids (<VOID>): never said, SIZE_MAX */
        best = SIZE_MAX;
        for (size_t i = 0; i < n->n_kids; i++) {
            size_t k = fewest_words(g, n->kids[i], memo);
            best = k < best ? k : best;
        }
        return best;
    case NODE_PLUS:
        return fewest_words(g, n->kids[0], memo);
    case NODE_OPT:
    case NODE_STAR:
    case NODE_PHRASES:
        return 0;
    }
    return 0;
}

/* The words of n's fewest-word sentence appended to sb, as fewest_words() counted them. */
static void say_fewest(const grammar_t *g, const node_t *n, size_t *memo, sbuf_t *sb)
{
    switch (n->kind) {
    case NODE_WORD:
        sb_add(sb, sb->n ? " " : "");
        sb_add(sb, n->text);
        break;
    case NODE_RULEREF: {
        const rule_t *r = &g->rules[n->rule];
        if (r->body)
            say_fewest(g, r->body, memo, sb);
        else if (g->sets[r->phrase_set].n) {
            sb_add(sb, sb->n ? " " : "");
            sb_add(sb, g->sets[r->phrase_set].phrases[0]);
        }
        break;
    }
    case NODE_SEQ:
        for (size_t i = 0; i < n->n_kids; i++)
            say_fewest(g, n->kids[i], memo, sb);
        break;
    case NODE_ALT: {
        size_t best = 0, fewest = SIZE_MAX;
        for (size_t i = 0; i < n->n_kids; i++) {
            size_t k = fewest_words(g, n->kids[i], memo);
            if (k < fewest) {
                fewest = k;
                best = i;
            }
        }
        if (n->n_kids)
            say_fewest(g, n->kids[best], memo, sb);
        break;
    }
    case NODE_PLUS:
        say_fewest(g, n->kids[0], memo, sb);
        break;
    case NODE_OPT:
    case NODE_STAR:
    case NODE_PHRASES:
        break;
    }
}

int grammar_example(const grammar_t *g, size_t k, char *out, size_t len)
{
    if (!g || !out || len == 0 || !g->compiled)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_example: no compiled grammar");
    out[0] = '\0';
    const rule_t *rule = NULL;
    for (size_t r = 0; r < g->n_rules && !rule; r++)
        if (g->rules[r].is_public && g->rules[r].body && k-- == 0)
            rule = &g->rules[r];
    if (!rule)
        return grammar__fail(GRAMMAR_ENOENT, "grammar_example: fewer public rules");
    size_t *memo = malloc((g->n_rules ? g->n_rules : 1) * sizeof *memo);
    if (!memo)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    for (size_t r = 0; r < g->n_rules; r++)
        memo[r] = SIZE_MAX;
    /* A sentence longer than a command is no example: a grammar of nested doublings would
     * otherwise write out millions of words. */
    size_t words = fewest_words(g, rule->body, memo);
    sbuf_t sb = {0};
    if (words <= GRAMMAR__MAX_WORDS)
        say_fewest(g, rule->body, memo, &sb);
    free(memo);
    int st = GRAMMAR_OK;
    if (words > GRAMMAR__MAX_WORDS)
        st = grammar__fail(GRAMMAR_EINVAL, "grammar_example: <%s> needs more than %d words",
                           rule->name, GRAMMAR__MAX_WORDS);
    else if (sb.oom)
        st = grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    else if (sb.n >= len)
        st = grammar__fail(GRAMMAR_EINVAL, "grammar_example: the sentence does not fit");
    else
        memcpy(out, sb.p ? sb.p : "", sb.n + 1);
    free(sb.p);
    return st;
}

typedef struct {
    const char **w;
    size_t n, cap;
    size_t *tab; /* open addressing over w, SIZE_MAX empty */
    size_t tab_cap;
    bool oom;
} wordset_t;

static void ws_add(wordset_t *ws, const char *word, size_t len);

static void ws_grow(wordset_t *ws)
{
    size_t cap = ws->tab_cap ? 2 * ws->tab_cap : 256;
    size_t *t = malloc(cap * sizeof *t);
    const char **w = realloc(ws->w, cap / 2 * sizeof *w);
    if (!t || !w) {
        free(t);
        if (w)
            ws->w = w;
        ws->oom = true;
        return;
    }
    memset(t, 0xff, cap * sizeof *t);
    free(ws->tab);
    ws->tab = t;
    ws->tab_cap = cap;
    ws->w = w;
    ws->cap = cap / 2;
    for (size_t i = 0; i < ws->n; i++) {
        size_t b = hash_str(ws->w[i], first_word_len(ws->w[i])) & (cap - 1);
        while (ws->tab[b] != SIZE_MAX)
            b = (b + 1) & (cap - 1);
        ws->tab[b] = i;
    }
}

/* Words are stored as pointers into rule nodes and phrases ("foo bar" gives "foo" then
 * "bar"); grammar_words() copies them out as NUL-terminated strings at the end. */
static void ws_add(wordset_t *ws, const char *word, size_t len)
{
    if (ws->oom)
        return;
    if (ws->n + 1 > ws->cap)
        ws_grow(ws);
    if (ws->oom)
        return;
    size_t mask = ws->tab_cap - 1;
    for (size_t b = hash_str(word, len) & mask;; b = (b + 1) & mask) {
        if (ws->tab[b] == SIZE_MAX) {
            ws->tab[b] = ws->n;
            ws->w[ws->n++] = word;
            return;
        }
        const char *o = ws->w[ws->tab[b]];
        if (first_word_len(o) == len && strncmp(o, word, len) == 0)
            return;
    }
}

static void collect_words(wordset_t *ws, const node_t *n)
{
    if (n->kind == NODE_WORD)
        ws_add(ws, n->text, strlen(n->text));
    for (size_t i = 0; i < n->n_kids; i++)
        collect_words(ws, n->kids[i]);
}

/* The word list is one allocation: the pointer array followed by the strings. */
static int build_words(grammar_t *g)
{
    wordset_t ws = {0};
    for (size_t r = 0; r < g->n_rules; r++) {
        if (g->rules[r].body) {
            collect_words(&ws, g->rules[r].body);
            continue;
        }
        const phrase_set_t *s = &g->sets[g->rules[r].phrase_set];
        for (size_t i = 0; i < s->n; i++)
            for (const char *p = s->phrases[i]; *p;) {
                size_t len = first_word_len(p);
                ws_add(&ws, p, len);
                p += len + (p[len] == ' ');
            }
    }
    size_t bytes = (ws.n + 1) * sizeof(char *);
    for (size_t i = 0; i < ws.n; i++)
        bytes += first_word_len(ws.w[i]) + 1;
    char **out = ws.oom ? NULL : malloc(bytes);
    if (out) {
        char *str = (char *)(out + ws.n + 1);
        for (size_t i = 0; i < ws.n; i++) {
            size_t len = first_word_len(ws.w[i]);
            memcpy(str, ws.w[i], len);
            str[len] = '\0';
            out[i] = str;
            str += len + 1;
        }
        out[ws.n] = NULL;
    }
    g->words = out;
    g->n_words = ws.n;
    free(ws.w);
    free(ws.tab);
    return out ? GRAMMAR_OK : GRAMMAR_ENOMEM;
}

/* ---- Where a word is written ------------------------------------------------------------- */

static int cmp_written_word(const void *a, const void *b)
{
    return strcmp(((const written_word_t *)a)->word, ((const written_word_t *)b)->word);
}

static int cmp_written_first(const void *a, const void *b)
{
    const written_word_t *x = a, *y = b;
    int c = strcmp(x->word, y->word);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Every word node of n, depth first, appended to out (sized by count_word_nodes()). */
static void list_word_nodes(const node_t *n, written_word_t *out, size_t *n_out)
{
    if (n->kind == NODE_WORD) {
        out[*n_out] = (written_word_t){n->text, n->line, n->col, *n_out};
        (*n_out)++;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        list_word_nodes(n->kids[i], out, n_out);
}

static size_t count_word_nodes(const node_t *n)
{
    size_t count = n->kind == NODE_WORD;
    for (size_t i = 0; i < n->n_kids; i++)
        count += count_word_nodes(n->kids[i]);
    return count;
}

/* g->written: each written word once, at its first node, sorted by word, so that a message
 * about a word finds where it is with a binary search, not a walk of every rule (which made
 * checking a 3 MB grammar's words take minutes). */
static int build_written(grammar_t *g)
{
    size_t n = 0;
    for (size_t r = 0; r < g->n_rules; r++)
        n += g->rules[r].body ? count_word_nodes(g->rules[r].body) : 0;
    written_word_t *w = malloc((n ? n : 1) * sizeof *w);
    if (!w)
        return GRAMMAR_ENOMEM;
    n = 0;
    for (size_t r = 0; r < g->n_rules; r++)
        if (g->rules[r].body)
            list_word_nodes(g->rules[r].body, w, &n);
    qsort(w, n, sizeof *w, cmp_written_first);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || strcmp(w[kept - 1].word, w[i].word) != 0)
            w[kept++] = w[i];
    written_word_t *shrunk = realloc(w, (kept ? kept : 1) * sizeof *w);
    g->written = shrunk ? shrunk : w;
    g->n_written = kept;
    return GRAMMAR_OK;
}

/* w for a message: a no-break space (U+00A0), which looks like the space it separates as, is
 * named. */
static void shown_word(const char *w, char *out, size_t len)
{
    size_t o = 0;
    for (; *w && o + 1 < len; w++) {
        if ((unsigned char)w[0] == 0xc2 && (unsigned char)w[1] == 0xa0) {
            o += (size_t)snprintf(out + o, len - o, "<no-break space>");
            w++;
        } else {
            out[o++] = *w;
        }
        if (o >= len)
            o = len - 1;
    }
    out[o] = '\0';
}

/* Text is normalised before it is matched (grammar_normalize()), so a written word it would
 * change ("gluten-free", "7", "crème") could be decoded from speech but never typed: refuse it,
 * naming the first such word in file order and how to write it. */
static int check_words_normalised(const grammar_t *g)
{
    char said[1024];
    const written_word_t *bad = NULL;
    for (size_t i = 0; i < g->n_written; i++) {
        const written_word_t *w = &g->written[i];
        if ((!bad || w->order < bad->order) &&
            (grammar_normalize(w->word, said, sizeof said) < 0 || strcmp(said, w->word) != 0))
            bad = w;
    }
    if (!bad)
        return GRAMMAR_OK;
    char shown[1024];
    shown_word(bad->word, shown, sizeof shown);
    int n = grammar_normalize(bad->word, said, sizeof said);
    if (n <= 0)
        return grammar__fail(GRAMMAR_EINVAL,
                             "%s:%d:%d: the word \"%s\" is not written as it is said: write it "
                             "out in letters",
                             g->path, bad->line, bad->col, shown);
    return grammar__fail(GRAMMAR_EINVAL,
                         "%s:%d:%d: the word \"%s\" is not written as it is said: write \"%s\"",
                         g->path, bad->line, bad->col, shown, said);
}

/* Whether n can match some sentence; a written list with no alternatives left (<VOID>) can't. */
static bool can_match(const grammar_t *g, const node_t *n, int depth)
{
    switch (n->kind) {
    case NODE_WORD:
    case NODE_OPT:
    case NODE_STAR:
    case NODE_PHRASES:
        return true;
    case NODE_RULEREF: {
        const rule_t *r = &g->rules[n->rule];
        return depth > 64 || !r->body || can_match(g, r->body, depth + 1);
    }
    case NODE_SEQ:
    case NODE_PLUS:
        for (size_t i = 0; i < n->n_kids; i++)
            if (!can_match(g, n->kids[i], depth))
                return false;
        return true;
    case NODE_ALT:
        for (size_t i = 0; i < n->n_kids; i++)
            if (can_match(g, n->kids[i], depth))
                return true;
        return false;
    }
    return true;
}

/* Rules referring to rules more than this deep are a generated or hostile file, not a shopping
 * grammar (shop.gram: 3); every walk of the rules follows the references, so the cap keeps
 * them off the end of the stack (a chain of 180,000 rules in a 3 MB file overflowed it). */
#define MAX_REF_DEPTH 64

#define HEIGHT_UNKNOWN (-1)
#define HEIGHT_OPEN    (-2) /* being measured: met again, the rule refers to itself */

/* The most references deep n goes (0: none), with height[] per rule as memo; -1 with *at set
 * at a rule that refers to itself, or at the reference past MAX_REF_DEPTH (*too_deep). */
static int ref_height(const grammar_t *g, const node_t *n, int *height, int depth,
                      const node_t **at, bool *too_deep)
{
    if (n->kind == NODE_RULEREF && n->rule >= 0 && g->rules[n->rule].body) {
        int *h = &height[n->rule];
        if (*h == HEIGHT_OPEN) {
            *at = n;
            return -1;
        }
        if (*h == HEIGHT_UNKNOWN && depth >= MAX_REF_DEPTH) { /* before recursing further */
            *at = n;
            *too_deep = true;
            return -1;
        }
        if (*h == HEIGHT_UNKNOWN) {
            *h = HEIGHT_OPEN;
            int below = ref_height(g, g->rules[n->rule].body, height, depth + 1, at, too_deep);
            if (below < 0)
                return -1;
            *h = below + 1;
        }
        if (*h > MAX_REF_DEPTH) {
            *at = n;
            *too_deep = true;
            return -1;
        }
        return *h;
    }
    int most = 0;
    for (size_t i = 0; i < n->n_kids; i++) {
        int h = ref_height(g, n->kids[i], height, depth, at, too_deep);
        if (h < 0)
            return -1;
        most = h > most ? h : most;
    }
    return most;
}

/* What fsg.c's construction makes of n with every written rule it refers to inlined, before
 * minimising: a generated rule counts as its two null arcs (its phrases come later). Sums
 * stop just past the caps, so deep nesting cannot overflow them. memo: per rule, or
 * states == SIZE_MAX when not yet counted. */
typedef struct {
    size_t states, arcs;
} fsg_size_t;

static size_t add_capped(size_t a, size_t b, size_t cap)
{
    return a > cap || b > cap || a + b > cap ? cap + 1 : a + b;
}

static fsg_size_t fsg_size_add(fsg_size_t a, fsg_size_t b)
{
    return (fsg_size_t){add_capped(a.states, b.states, GRAMMAR__MAX_FSG_STATES),
                        add_capped(a.arcs, b.arcs, GRAMMAR__MAX_FSG_ARCS)};
}

static fsg_size_t fsg_size(const grammar_t *g, const node_t *n, fsg_size_t *memo)
{
    fsg_size_t s = {0, 0};
    if (n->kind == NODE_WORD)
        return (fsg_size_t){0, 1};
    if (n->kind == NODE_RULEREF) {
        const rule_t *r = &g->rules[n->rule];
        if (!r->body)
            return (fsg_size_t){2, 2};
        if (memo[n->rule].states == SIZE_MAX)
            memo[n->rule] = fsg_size(g, r->body, memo);
        return memo[n->rule];
    }
    for (size_t i = 0; i < n->n_kids; i++)
        s = fsg_size_add(s, fsg_size(g, n->kids[i], memo));
    if (n->kind == NODE_SEQ)
        s = fsg_size_add(s, (fsg_size_t){n->n_kids ? n->n_kids - 1 : 0, n->n_kids ? 0 : 1});
    else if (n->kind == NODE_OPT)
        s = fsg_size_add(s, (fsg_size_t){1, 2});
    else if (n->kind == NODE_STAR || n->kind == NODE_PLUS)
        s = fsg_size_add(s, (fsg_size_t){2, 3});
    return s;
}

/* The recognizer builds every public rule into one automaton: refuse at load (text mode too) a
 * grammar whose written rules alone pass the builder's caps, naming the rule that does. */
static int check_fsg_size(const grammar_t *g)
{
    fsg_size_t *memo = malloc((g->n_rules ? g->n_rules : 1) * sizeof *memo);
    if (!memo)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    for (size_t r = 0; r < g->n_rules; r++)
        memo[r].states = SIZE_MAX;
    fsg_size_t total = {2, 0}; /* start and final */
    size_t r = 0;
    for (; r < g->n_rules; r++) {
        if (g->rules[r].is_public && g->rules[r].body)
            total = fsg_size_add(total, fsg_size(g, g->rules[r].body, memo));
        if (total.states > GRAMMAR__MAX_FSG_STATES || total.arcs > GRAMMAR__MAX_FSG_ARCS)
            break;
    }
    free(memo);
    if (r == g->n_rules)
        return GRAMMAR_OK;
    bool states = total.states > GRAMMAR__MAX_FSG_STATES;
    return grammar__fail(GRAMMAR_EINVAL,
                         "%s:%d:%d: <%s> is too big to listen for: written out in full it needs "
                         "more than %d FSG %s",
                         g->path, g->rules[r].line, g->rules[r].col, g->rules[r].name,
                         states ? GRAMMAR__MAX_FSG_STATES : GRAMMAR__MAX_FSG_ARCS,
                         states ? "states" : "arcs");
}

/* The distinct slot names a sentence of one public rule may set, through the rules it refers
 * to (each walked once: seen[r] == stamp), stopping at the first past GRAMMAR_MAX_SLOTS. */
typedef struct {
    const char *names[GRAMMAR_MAX_SLOTS];
    size_t n;
    const char *over; /* the slot name past the limit, or NULL */
    unsigned *seen, stamp;
} slot_walk_t;

static void collect_slots(const grammar_t *g, const node_t *n, slot_walk_t *w)
{
    size_t i = 0;
    if (w->over)
        return;
    if (n->tag_slot) {
        while (i < w->n && strcmp(w->names[i], n->tag_slot) != 0)
            i++;
        if (i == GRAMMAR_MAX_SLOTS)
            w->over = n->tag_slot;
        else if (i == w->n)
            w->names[w->n++] = n->tag_slot;
    }
    if (n->kind == NODE_RULEREF && g->rules[n->rule].body && w->seen[n->rule] != w->stamp) {
        w->seen[n->rule] = w->stamp;
        collect_slots(g, g->rules[n->rule].body, w);
    }
    for (i = 0; i < n->n_kids; i++)
        collect_slots(g, n->kids[i], w);
}

/* grammar_intent_t holds GRAMMAR_MAX_SLOTS slots: a public rule that could set more would
 * lose the rest without a word, so it is refused. */
static int check_slot_count(const grammar_t *g)
{
    slot_walk_t w = {.seen = calloc(g->n_rules ? g->n_rules : 1, sizeof *w.seen)};
    if (!w.seen)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    size_t r = 0;
    for (; r < g->n_rules && !w.over; r++) {
        if (!g->rules[r].is_public || !g->rules[r].body)
            continue;
        w.n = 0;
        w.stamp++;
        collect_slots(g, g->rules[r].body, &w);
    }
    free(w.seen);
    if (!w.over)
        return GRAMMAR_OK;
    r--;
    return grammar__fail(GRAMMAR_EINVAL,
                         "%s:%d:%d: more than %d slots can be set in one sentence of <%s> "
                         "({%s} is one too many)",
                         g->path, g->rules[r].line, g->rules[r].col, GRAMMAR_MAX_SLOTS,
                         g->rules[r].name, w.over);
}

/* A rule that refers to itself, directly or through others: the recognizer's finite-state
 * search cannot hold it, and matching text against it would never end. And references nested
 * past MAX_REF_DEPTH. */
static int check_no_recursion(const grammar_t *g)
{
    int *height = malloc((g->n_rules ? g->n_rules : 1) * sizeof *height);
    if (!height)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    for (size_t r = 0; r < g->n_rules; r++)
        height[r] = HEIGHT_UNKNOWN;
    const node_t *at = NULL;
    bool too_deep = false;
    for (size_t r = 0; r < g->n_rules && !at; r++) {
        if (!g->rules[r].body || height[r] != HEIGHT_UNKNOWN)
            continue;
        height[r] = HEIGHT_OPEN;
        int h = ref_height(g, g->rules[r].body, height, 0, &at, &too_deep);
        height[r] = h < 0 ? HEIGHT_UNKNOWN : h + 1; /* as a reference to r measures it */
    }
    free(height);
    if (!at)
        return GRAMMAR_OK;
    if (too_deep)
        return grammar__fail(GRAMMAR_EINVAL,
                             "%s:%d:%d: <%s>: rules refer to rules more than %d deep here", g->path,
                             at->line, at->col, at->text, MAX_REF_DEPTH);
    return grammar__fail(GRAMMAR_EINVAL,
                         "%s:%d:%d: <%s> refers to itself here; a grammar cannot be recursive",
                         g->path, at->line, at->col, at->text);
}

static int compile(grammar_t *g);

int grammar_compile(grammar_t *g)
{
    if (!g)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_compile: NULL grammar");
    if (g->compiled)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_compile: called twice");
    if (g->compile_failed)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_compile: it failed before on this grammar; "
                                             "load or copy the grammar again");
    int st = compile(g);
    g->compile_failed = st != GRAMMAR_OK;
    return st;
}

static int compile(grammar_t *g)
{
    bool any_public = false;
    size_t n_file_rules = g->n_rules; /* resolve() appends generated rules */
    for (size_t r = 0; r < n_file_rules; r++) {
        int st = resolve(g, g->rules[r].body);
        if (st != GRAMMAR_OK)
            return st;
        any_public |= g->rules[r].is_public;
        if (strcmp(g->rules[r].name, TOP_RULE) == 0)
            return grammar__fail(GRAMMAR_EINVAL, "%s:%d:%d: the rule name <%s> is reserved",
                                 g->path, g->rules[r].line, g->rules[r].col, TOP_RULE);
    }
    if (!any_public)
        return grammar__fail(GRAMMAR_EINVAL, "%s: no public rule, so no intent can be heard",
                             g->path);
    int st = check_no_recursion(g);
    if (st == GRAMMAR_OK)
        st = check_fsg_size(g);
    if (st == GRAMMAR_OK)
        st = check_slot_count(g);
    if (st != GRAMMAR_OK)
        return st;
    for (size_t r = 0; r < n_file_rules; r++)
        if (!can_match(g, g->rules[r].body, 0))
            return grammar__fail(GRAMMAR_EINVAL,
                                 "%s:%d:%d: <%s> is an empty list: it can never be said", g->path,
                                 g->rules[r].line, g->rules[r].col, g->rules[r].name);
    if (build_words(g) != GRAMMAR_OK || build_written(g) != GRAMMAR_OK ||
        !(g->jsgf = grammar__jsgf_text(g)))
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    if ((st = check_words_normalised(g)) != GRAMMAR_OK)
        return st;
    g->compiled = true;
    return GRAMMAR_OK;
}

/* ---- Writing JSGF ------------------------------------------------------------------------- */

/* Written back from the tree rather than copied from the file: tags and weights are left out
 * (sphinxbase ignores tags anyway), intents become private under one public top rule. */
static void write_node(sbuf_t *sb, const grammar_t *g, const node_t *n)
{
    switch (n->kind) {
    case NODE_WORD:
        sb_add(sb, n->text);
        return;
    case NODE_RULEREF:
        sb_add(sb, "<");
        sb_add(sb, g->rules[n->rule].name);
        sb_add(sb, ">");
        return;
    case NODE_SEQ:
    case NODE_ALT:
        if (n->n_kids == 0) {
            sb_add(sb, n->kind == NODE_SEQ ? "<NULL>" : "<VOID>");
            return;
        }
        sb_add(sb, "(");
        for (size_t i = 0; i < n->n_kids; i++) {
            if (i > 0)
                sb_add(sb, n->kind == NODE_SEQ ? " " : " | ");
            write_node(sb, g, n->kids[i]);
        }
        sb_add(sb, ")");
        return;
    case NODE_OPT:
        sb_add(sb, "[");
        write_node(sb, g, n->kids[0]);
        sb_add(sb, "]");
        return;
    case NODE_STAR:
    case NODE_PLUS:
        sb_add(sb, "(");
        write_node(sb, g, n->kids[0]);
        sb_add(sb, n->kind == NODE_STAR ? ")*" : ")+");
        return;
    case NODE_PHRASES:
        return;
    }
}

static void write_phrases(sbuf_t *sb, const phrase_set_t *s)
{
    size_t written = 0;
    for (size_t i = 0; i < s->n; i++) {
        sb_add(sb, written++ ? "\n    | " : "");
        sb_add(sb, s->phrases[i]);
    }
    if (written == 0)
        sb_add(sb, "<VOID>");
}

char *grammar__jsgf_text(const grammar_t *g)
{
    sbuf_t sb = {0};
    sb_add(&sb, "#JSGF V1.0;\ngrammar ");
    sb_add(&sb, g->grammar_name);
    sb_add(&sb, ";\n\npublic <" TOP_RULE "> = ");
    bool first = true;
    for (size_t r = 0; r < g->n_rules; r++)
        if (g->rules[r].is_public) {
            sb_add(&sb, first ? "<" : " | <");
            sb_add(&sb, g->rules[r].name);
            sb_add(&sb, ">");
            first = false;
        }
    sb_add(&sb, ";\n");
    for (size_t r = 0; r < g->n_rules; r++) {
        const rule_t *rule = &g->rules[r];
        sb_add(&sb, "<");
        sb_add(&sb, rule->name);
        sb_add(&sb, "> = ");
        if (rule->body)
            write_node(&sb, g, rule->body);
        else
            write_phrases(&sb, &g->sets[rule->phrase_set]);
        sb_add(&sb, ";\n");
    }
    if (sb.oom) {
        free(sb.p);
        return NULL;
    }
    return sb.p;
}

bool grammar__is_generated_word(const grammar_t *g, const char *word)
{
    /* True when the word appears only in generated phrases, never in a rule of the file:
     * such a word can be left out (with its phrases) if it cannot be pronounced. */
    int line, col;
    return !grammar__word_where(g, word, &line, &col);
}

bool grammar__word_where(const grammar_t *g, const char *word, int *line, int *col)
{
    const written_word_t key = {word, 0, 0, 0};
    const written_word_t *w =
        g->n_written ? bsearch(&key, g->written, g->n_written, sizeof key, cmp_written_word) : NULL;
    if (w) {
        *line = w->line;
        *col = w->col;
    }
    return w != NULL;
}

/* ---- Number words ------------------------------------------------------------------------- */

const char *grammar_number_word(int n)
{
    if (n >= 0 && n < 20)
        return ONES[n];
    if (n >= 20 && n < 100 && n % 10 == 0)
        return TENS[n / 10];
    return NULL;
}

/* The value of one number word ("oh" counts as zero); -1 if it is none. */
static int word_value(const char *w, size_t len)
{
    for (int i = 0; i < 100; i++) {
        const char *name = grammar_number_word(i);
        if (name && strlen(name) == len && strncmp(name, w, len) == 0)
            return i;
    }
    return len == 2 && strncmp(w, "oh", 2) == 0 ? 0 : -1;
}

/* The next word of *p (words separated by spaces or hyphens) into w and len; false at the end. */
static bool next_word(const char **p, const char **w, size_t *len)
{
    while (**p == ' ' || **p == '-')
        (*p)++;
    *w = *p;
    *len = strcspn(*p, " -");
    *p += *len;
    return *len > 0;
}

/* A number 1..99 said as at most two words ("twelve", "twenty one") starting at *p; advances
 * *p past it. -1 when the words there are no such number. */
static int read_number(const char **p)
{
    const char *w, *save = *p;
    size_t len;
    if (!next_word(p, &w, &len))
        return -1;
    int v = word_value(w, len);
    if (v <= 0 || (len == 2 && strncmp(w, "oh", 2) == 0)) {
        *p = save;
        return -1;
    }
    const char *before = *p;
    if (v >= 20 && v % 10 == 0 && next_word(p, &w, &len)) {
        int unit = word_value(w, len);
        if (unit >= 1 && unit <= 9 && !(len == 2 && strncmp(w, "oh", 2) == 0))
            return v + unit;
    }
    *p = before;
    return v;
}

static bool skip_word(const char **p, const char *word)
{
    const char *w, *save = *p;
    size_t len;
    if (next_word(p, &w, &len) && strlen(word) == len && strncmp(w, word, len) == 0)
        return true;
    *p = save;
    return false;
}

static bool at_end(const char *p)
{
    while (*p == ' ' || *p == '-')
        p++;
    return *p == '\0';
}

int grammar_number_value(const char *words)
{
    const char *p = words ? words : "";
    int v = read_number(&p);
    if (v < 0 && skip_word(&p, "zero"))
        v = 0;
    return v >= 0 && at_end(p) ? v : -1;
}

long grammar_price_cents(const char *words)
{
    const char *p = words ? words : "";
    int dollars = read_number(&p), cents = 0;
    if (dollars < 0)
        return -1;
    if (skip_word(&p, "cents") || skip_word(&p, "cent"))
        return at_end(p) ? dollars : -1;
    bool said_dollars = skip_word(&p, "dollars") || skip_word(&p, "dollar");
    if (said_dollars)
        skip_word(&p, "and");
    if (!at_end(p)) {
        if ((cents = read_number(&p)) < 0)
            return -1;
        if (said_dollars)
            (void)(skip_word(&p, "cents") || skip_word(&p, "cent"));
    }
    return at_end(p) ? 100L * dollars + cents : -1;
}

int grammar_digits(const char *words, char *out, size_t outlen)
{
    const char *p = words ? words : "", *w;
    size_t len, n = 0;
    while (next_word(&p, &w, &len)) {
        int v = word_value(w, len);
        if (v < 0 || v > 9 || n + 1 >= outlen)
            return outlen ? (out[0] = '\0', -1) : -1;
        out[n++] = (char)('0' + v);
    }
    if (outlen)
        out[n < outlen ? n : outlen - 1] = '\0';
    return (int)n;
}

/* ---- Accessors and parsing ---------------------------------------------------------------- */

const char *grammar_jsgf(const grammar_t *g)
{
    return g && g->compiled ? g->jsgf : NULL;
}

const char *const *grammar_words(const grammar_t *g, size_t *n_words)
{
    if (n_words)
        *n_words = g && g->compiled ? g->n_words : 0;
    return g && g->compiled ? (const char *const *)g->words : NULL;
}

const grammar_slot_t *grammar_intent_find_slot(const grammar_intent_t *intent,
                                               const char *slot_name)
{
    if (!intent || !slot_name)
        return NULL;
    for (size_t i = 0; i < intent->n_slots && i < GRAMMAR_MAX_SLOTS; i++)
        if (strcmp(intent->slots[i].name, slot_name) == 0)
            return &intent->slots[i];
    return NULL;
}

const char *grammar_intent_slot(const grammar_intent_t *intent, const char *slot_name)
{
    const grammar_slot_t *s = grammar_intent_find_slot(intent, slot_name);
    return s ? s->value : NULL;
}

grammar_slot_t *grammar_intent_set_slot(grammar_intent_t *intent, const char *slot_name,
                                        const char *value)
{
    size_t i = 0;
    while (i < intent->n_slots && strcmp(intent->slots[i].name, slot_name) != 0)
        i++;
    if (i == GRAMMAR_MAX_SLOTS)
        return NULL; /* documented: slots past the cap are dropped */
    if (i == intent->n_slots)
        intent->n_slots++;
    grammar_slot_t *s = &intent->slots[i];
    snprintf(s->name, sizeof s->name, "%s", slot_name);
    snprintf(s->value, sizeof s->value, "%s", value);
    s->first_word = s->n_words = 0;
    return s;
}

int grammar_parse(const grammar_t *g, const char *words, grammar_intent_t *out)
{
    if (!g || !words || !out)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_parse: NULL argument");
    memset(out, 0, sizeof *out);
    if (!g->compiled)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_parse: call grammar_compile() first");
    char buf[1024];
    char *w[GRAMMAR__MAX_WORDS];
    size_t n = 0;
    if (strlen(words) >= sizeof buf)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_parse: sentence too long");
    size_t i = 0;
    for (const char *p = words; *p; p++)
        buf[i++] = (char)tolower((unsigned char)*p);
    buf[i] = '\0';
    for (char *save = NULL, *t = strtok_r(buf, " \t\r\n", &save); t;
         t = strtok_r(NULL, " \t\r\n", &save)) {
        if (n == GRAMMAR__MAX_WORDS)
            return grammar__fail(GRAMMAR_EINVAL, "grammar_parse: more than %d words",
                                 GRAMMAR__MAX_WORDS);
        w[n++] = t;
    }
    bool gave_up = false;
    int st = grammar__match(g, w, n, out, &gave_up);
    if (st == GRAMMAR_ENOMATCH && !gave_up)
        grammar__fail(st, "\"%.200s\" is not a sentence of the grammar", words);
    if (st != GRAMMAR_OK)
        memset(out, 0, sizeof *out);
    return st;
}
