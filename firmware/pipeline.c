/* pipeline.c - wires the modules into one conversation turn; the only place that knows them all. */
#include "pipeline.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "answers.h"
#include "dialog.h"
#include "messages.h"

#ifndef SHOPSPEAK_GRAMMAR_INSTALLED
#define SHOPSPEAK_GRAMMAR_INSTALLED "/usr/local/share/shopspeak/shop.gram"
#endif
#ifndef SHOPSPEAK_GRAMMAR_SOURCE
#define SHOPSPEAK_GRAMMAR_SOURCE "grammar/shop.gram"
#endif

static int follow_voice(pipeline_t *p);

/* The voice when there are no messages (eval) and none is configured. */
#define PIPELINE_VOICE_FALLBACK "en-us"

/* Most names a choice offers; more are read out but chosen by position. */
#define MAX_CANDIDATES 16

/* A file's modification time and size when it was last read, to see that it changed. */
typedef struct {
    struct timespec mtime;
    off_t size;
} file_seen_t;

struct pipeline_s {
    pipeline_config_t config;
    char catalog_path[1024];
    char scratch_dir[1024]; /* config.scratch_catalog: the copy's folder; "" when none */
    catalog_t *cat;
    /* One compiled grammar per dialog state (index dialog_state_t); [TOP] is the catalog's
     * shop grammar, [CHOICE] is rebuilt from choice_template for each list of candidates
     * (NULL until the first one). The recognizer has each as a search of the state's name. */
    grammar_t *grammars[DIALOG_STATE_COUNT];
    grammar_t *choice_template;
    grammar_t *grammar; /* the grammar of the turn being handled */
    int expect;         /* pipeline_expect(): the state to hear the next turn in, or -1 */
    audio_tts_t *tts;
    asr_t *asr;
    dialog_t *dialog;
    messages_t *messages;        /* what the dialog says, in the locale's message file */
    const char *voice;           /* the configured voice, else the locale's */
    int voice_wpm, voice_volume; /* what the TTS was opened with (dialog_voice()) */
    int turn_number;
    int greeted; /* the session's greeting was given (pipeline_greeting() or the first turn) */
    audio_buf_t reply;
    /* What the top grammar was built from (refresh_top()): the catalog's data version when it
     * was built, and a hash of its product phrases and categories. */
    int64_t data_version;
    uint64_t phrases_hash;
    /* The top grammar file and the answer file as last loaded (reload_top_file(),
     * reload_answers()). */
    file_seen_t top_seen, answers_seen;
    answers_t *answers; /* the operator's answers (config.answers_path), or NULL */
};

pipeline_config_t pipeline_config_default(void)
{
    pipeline_config_t c = {0};
    c.need_recognizer = 1;
    c.need_speech = 1;
    c.need_dialog = 1;
    c.max_seconds = 30.0;
    c.reject_below = ASR_REJECT_BELOW_REAL_SPEECH; /* real voices; see grammar.h */
    c.confirm_slot_below = PIPELINE_CONFIRM_SLOT_BELOW;
    c.order_yes_below = PIPELINE_ORDER_YES_BELOW;
    return c;
}

/* mkdir -p for one path; 0 or -1 with errno. */
static int make_dirs(const char *path)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

int pipeline_data_dir(char *out, size_t outlen, char *errbuf, size_t errlen)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(out, outlen, "%s/shopspeak", xdg);
    else if (home && *home)
        snprintf(out, outlen, "%s/.local/share/shopspeak", home);
    else
        snprintf(out, outlen, "./shopspeak-data");
    if (make_dirs(out) != 0) {
        snprintf(errbuf, errlen, "cannot create the data directory %s: %s", out, strerror(errno));
        return -1;
    }
    return 0;
}

static const char *default_grammar_path(void)
{
    struct stat st;
    if (stat(SHOPSPEAK_GRAMMAR_INSTALLED, &st) == 0)
        return SHOPSPEAK_GRAMMAR_INSTALLED;
    return SHOPSPEAK_GRAMMAR_SOURCE;
}

/*
 * The message file: --messages FILE, else the one of the locale (--locale, else the catalog's
 * settings.locale, else en-US). A bad file stops the program like a bad settings file.
 */
static int load_messages(pipeline_t *p, int *exit_code, char *errbuf, size_t errlen)
{
    char locale[16] = "en-US", path[1024];
    const char *file = p->config.messages_path;
    if (p->config.locale)
        snprintf(locale, sizeof locale, "%s", p->config.locale);
    else if (p->cat)
        catalog_get_setting(p->cat, "locale", locale, sizeof locale);
    if (!file && !(file = messages_find(locale, path, sizeof path, errbuf, errlen))) {
        *exit_code = EXIT_USAGE;
        return -1;
    }
    if (!(p->messages = messages_load(file, errbuf, errlen))) {
        *exit_code = EXIT_USAGE;
        return -1;
    }
    /* Prices are numbers in the catalog's currency; the messages put a money name on them. */
    char code[8] = "";
    const char *speaks = messages_currency(p->messages);
    if (p->cat && speaks && catalog_get_setting(p->cat, "currency", code, sizeof code) == 0 &&
        code[0] && strcmp(code, speaks) != 0) {
        snprintf(errbuf, errlen,
                 "the catalog's prices are in %s, but the messages of %s speak %s "
                 "(choose a --locale that speaks %s)",
                 code, messages_locale(p->messages), speaks, code);
        *exit_code = EXIT_USAGE;
        return -1;
    }
    return 0;
}

/* A state grammar ("confirm.gram") beside the installed shop.gram, or in the source tree. */
static void state_grammar_path(const pipeline_config_t *c, const char *file, char *out, size_t len)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", c->state_grammar_dir ? c->state_grammar_dir : ".");
    if (!c->state_grammar_dir) {
        snprintf(dir, sizeof dir, "%s", default_grammar_path());
        char *slash = strrchr(dir, '/');
        snprintf(slash ? slash : dir, slash ? 2 : sizeof dir, "%s", slash ? "" : ".");
    }
    snprintf(out, len, "%s/%s", dir, file);
}

/* Collecting the catalog's phrases into the grammars that hear them: top (products and
 * categories) and product (the PRODUCT state's: products only); either may be NULL. The hash
 * tells a catalog change that matters to the grammars (a name, alias or category) from one
 * that does not (an order, a price). FNV-1a, each string with its terminating NUL. */
typedef struct {
    grammar_t *top, *product;
    uint64_t hash;
} phrases_ctx_t;

#define PHRASES_HASH_START 14695981039346656037u

static void hash_string(uint64_t *h, const char *s)
{
    do
        *h = (*h ^ (unsigned char)*s) * 1099511628211u;
    while (*s++);
}

static int add_phrase(grammar_t *g, const char *rule, const char *phrase)
{
    int rc = g ? grammar_add_phrase(g, rule, phrase) : GRAMMAR_OK;
    return rc == GRAMMAR_OK ? 0 : rc;
}

/* Each product's name, aliases and brand forms (catalog_for_each_phrase()) become the grammars'
 * <product> rule. */
static int add_product_phrase(void *user, int64_t product_id, const char *phrase)
{
    phrases_ctx_t *c = user;
    (void)product_id;
    hash_string(&c->hash, phrase);
    int rc = add_phrase(c->top, "product", phrase);
    return rc == 0 ? add_phrase(c->product, "product", phrase) : rc;
}

/* Each category becomes a <category> phrase, whole ("coffee & tea") and by its parts
 * ("coffee", "tea"), as a shopper names a shelf. */
static int add_category_phrase(void *user, const char *category)
{
    phrases_ctx_t *c = user;
    char part[128];
    hash_string(&c->hash, category);
    int rc = add_phrase(c->top, "category", category);
    for (const char *p = category; rc == 0 && strchr(category, '&') && *p;) {
        size_t n = strcspn(p, "&");
        snprintf(part, sizeof part, "%.*s", (int)n, p);
        rc = add_phrase(c->top, "category", part);
        p += n + (p[n] == '&');
    }
    return rc;
}

/* The catalog's phrases into c (see phrases_ctx_t); 0 or the first failure. */
static int collect_phrases(catalog_t *cat, phrases_ctx_t *c)
{
    int rc = catalog_for_each_phrase(cat, add_product_phrase, c);
    return rc == 0 ? catalog_for_each_category(cat, add_category_phrase, c) : rc;
}

/* The copy of scratch_catalog: its files (SQLite's journals too) and its folder. */
static void remove_scratch_copy(pipeline_t *p)
{
    static const char *const files[] = {"catalog.db", "catalog.db-wal", "catalog.db-shm",
                                        "catalog.db-journal"};
    char path[1200];
    if (!p->scratch_dir[0])
        return;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", p->scratch_dir, files[i]);
        unlink(path);
    }
    rmdir(p->scratch_dir);
    p->scratch_dir[0] = '\0';
}

/* Swap the open catalog for a copy of it in a new folder under $TMPDIR (else /tmp). */
static int use_scratch_copy(pipeline_t *p, char *msg, size_t msglen)
{
    const char *tmp = getenv("TMPDIR");
    char copy[1200];
    int status;
    snprintf(p->scratch_dir, sizeof p->scratch_dir, "%s/shopspeak-demo-XXXXXX",
             tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(p->scratch_dir)) {
        snprintf(msg, msglen, "cannot make a folder for a copy of the catalog in %s: %s",
                 tmp && tmp[0] ? tmp : "/tmp", strerror(errno));
        p->scratch_dir[0] = '\0';
        return CATALOG_EOPEN;
    }
    snprintf(copy, sizeof copy, "%s/catalog.db", p->scratch_dir);
    if ((status = catalog_copy_to(p->cat, copy)) != CATALOG_OK) {
        snprintf(msg, msglen, "%s", catalog_errmsg(p->cat));
        return status;
    }
    catalog_close(p->cat);
    p->cat = catalog_open(copy, CATALOG_OPEN_READWRITE, &status, msg, msglen);
    return p->cat ? CATALOG_OK : status;
}

static int open_catalog(pipeline_t *p, int *exit_code, char *errbuf, size_t errlen)
{
    int status;
    char msg[512] = "";
    int flags = CATALOG_OPEN_READWRITE;
    if (p->config.catalog_path) {
        snprintf(p->catalog_path, sizeof p->catalog_path, "%s", p->config.catalog_path);
    } else {
        char dir[900];
        if (pipeline_data_dir(dir, sizeof dir, errbuf, errlen) != 0) {
            *exit_code = EXIT_CATALOG;
            return -1;
        }
        snprintf(p->catalog_path, sizeof p->catalog_path, "%s/catalog.db", dir);
        /* Only the default catalog is created on first run: a path the user typed that
         * does not exist is a mistake worth reporting. */
        flags |= CATALOG_OPEN_CREATE | CATALOG_OPEN_SEED_SAMPLE;
    }
    p->cat = catalog_open(p->catalog_path, flags, &status, msg, sizeof msg);
    if (p->cat && p->config.scratch_catalog)
        status = use_scratch_copy(p, msg, sizeof msg);
    if (!p->cat || status != CATALOG_OK) {
        snprintf(errbuf, errlen, "%s", msg[0] ? msg : catalog_strerror(status));
        *exit_code = EXIT_CATALOG;
        return -1;
    }
    return 0;
}

static const char *top_path(const pipeline_t *p)
{
    return p->config.grammar_path ? p->config.grammar_path : default_grammar_path();
}

/* Whether the file differs from when it was last seen; notes it as seen. */
static int file_changed(const char *path, file_seen_t *seen)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0; /* gone for a moment (an editor saving): keep what we have */
    int changed = st.st_mtim.tv_sec != seen->mtime.tv_sec ||
                  st.st_mtim.tv_nsec != seen->mtime.tv_nsec || st.st_size != seen->size;
    seen->mtime = st.st_mtim;
    seen->size = st.st_size;
    return changed;
}

/* The top grammar file (shop.gram or --grammar), not yet compiled. */
static int load_top(pipeline_t *p, int *exit_code, char *errbuf, size_t errlen)
{
    int status;
    const char *path = top_path(p);
    file_changed(path, &p->top_seen);
    if ((p->grammars[DIALOG_STATE_TOP] = grammar_load(path, &status)))
        return 0;
    snprintf(errbuf, errlen, "%s",
             grammar_errmsg()[0] ? grammar_errmsg() : grammar_strerror(status));
    *exit_code = EXIT_MODEL;
    return -1;
}

static int any_phrase(void *user, int64_t product_id, const char *phrase)
{
    (void)user, (void)product_id, (void)phrase;
    return 1; /* one is enough */
}

/*
 * The top grammar (not yet compiled) and the PRODUCT state's (NULL when there is none) given
 * <product> and <category> from the catalog when there is one (an operator grammar such as
 * cafe.gram needs none); the hash of the phrases into *hash. Not compiled yet.
 */
static int add_catalog_phrases(pipeline_t *p, grammar_t *top, grammar_t *product, uint64_t *hash)
{
    phrases_ctx_t c = {top, product, PHRASES_HASH_START};
    int status;
    if ((status = grammar_add_list(top, "product")) != GRAMMAR_OK ||
        (status = grammar_add_list(top, "category")) != GRAMMAR_OK ||
        (product && (status = grammar_add_list(product, "product")) != GRAMMAR_OK))
        return status;
    /* Read the version first: a change committed while the phrases are read shows next time. */
    if (p->cat && (status = catalog_data_version(p->cat, &p->data_version)) == 0)
        status = collect_phrases(p->cat, &c);
    *hash = c.hash;
    return status;
}

static int compile_both(grammar_t *top, grammar_t *product)
{
    int status = grammar_compile(top);
    return status == 0 && product ? grammar_compile(product) : status;
}

/* Whether top understands every command the shop's help and second "didn't catch that" name
 * (help_top, miss_again): else they would tell a shopper to say what it cannot hear. */
static bool says_shop_examples(const grammar_t *top)
{
    static const char *const named[] = {"price", "stock",        "reorder", "cart_add", "checkout",
                                        "deals", "order_status", "help",    "repeat",   "voice"};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (!grammar_has_intent(top, named[i]))
            return false;
    return true;
}

/* What help says can be said: the shop's own examples for a top grammar with all the commands
 * they name, else the first public rules of the operator's grammar, each in its fewest words
 * (grammar_example()), so that a café grammar is not explained with "reorder paper towels". */
static void tell_examples(pipeline_t *p)
{
    const grammar_t *top = p->grammars[DIALOG_STATE_TOP];
    if (!p->dialog || !top || !grammar_jsgf(top)) /* not compiled: no examples to give */
        return;
    char said[DIALOG_MAX_EXAMPLES][128];
    const char *examples[DIALOG_MAX_EXAMPLES];
    size_t n = 0;
    bool shop = says_shop_examples(top);
    int st = GRAMMAR_OK;
    for (size_t k = 0; !shop && n < DIALOG_MAX_EXAMPLES && st != GRAMMAR_ENOENT; k++)
        if ((st = grammar_example(top, k, said[n], sizeof said[n])) == GRAMMAR_OK && said[n][0]) {
            examples[n] = said[n];
            n++;
        } /* else nothing to say ([words] only), too long to be an example, or no k-th rule */
    dialog_set_examples(p->dialog, examples, n);
}

/*
 * A listen that runs for months sees its catalog change under it: an operator imports a new
 * product list from another process. Before each turn, if another connection has written to
 * the catalog since the top grammar was built and the phrases now differ, build the grammar
 * again and give it to the recognizer, so the next command can name the new products. Costs a
 * PRAGMA when nothing changed. A rebuild that fails keeps the old grammar and says why once.
 */
static void refresh_top(pipeline_t *p)
{
    int64_t version;
    if (!p->cat || !p->grammars[DIALOG_STATE_TOP] || catalog_data_version(p->cat, &version) != 0 ||
        version == p->data_version)
        return;
    int status;
    uint64_t hash;
    grammar_t *old_product = p->grammars[DIALOG_STATE_PRODUCT], *product = NULL;
    grammar_t *top = grammar_copy(p->grammars[DIALOG_STATE_TOP], &status);
    if (top && old_product)
        product = grammar_copy(old_product, &status);
    if (top && (product || !old_product) &&
        (status = add_catalog_phrases(p, top, product, &hash)) == 0 && hash == p->phrases_hash) {
        grammar_free(top); /* an order or a price: the grammars stay */
        grammar_free(product);
        return;
    }
    bool top_in_use = false; /* the recognizer searches the new top grammar: it must live */
    if (status == 0 && (status = compile_both(top, product)) == 0 && p->asr &&
        (status = asr_add_grammar(p->asr, ASR_TOP_GRAMMAR, top)) == 0 && product) {
        top_in_use = true;
        status = asr_add_grammar(p->asr, dialog_state_grammar(DIALOG_STATE_PRODUCT), product);
    }
    if (top_in_use && status != 0) { /* the new top stays; the product grammar keeps the old */
        fprintf(stderr,
                "shopspeak: the catalog changed: grammar rebuilt, but not the one for choosing "
                "a product (%s); the old one stays\n",
                grammar_errmsg()[0] ? grammar_errmsg() : grammar_strerror(status));
        grammar_free(product);
        product = old_product;
        old_product = NULL;
        status = 0;
    }
    if (!top || (old_product && !product) || status != 0) {
        fprintf(stderr,
                "shopspeak: the catalog changed, but its grammar could not be rebuilt "
                "(%s); the old one stays\n",
                grammar_errmsg()[0] ? grammar_errmsg() : grammar_strerror(status));
        grammar_free(top);
        grammar_free(product);
        p->data_version = version; /* once: not again until the next change */
        return;
    }
    if (p->grammar == p->grammars[DIALOG_STATE_TOP])
        p->grammar = top;
    if (product && p->grammar == old_product)
        p->grammar = product;
    grammar_free(p->grammars[DIALOG_STATE_TOP]);
    grammar_free(old_product);
    p->grammars[DIALOG_STATE_TOP] = top;
    p->grammars[DIALOG_STATE_PRODUCT] = product;
    p->phrases_hash = hash;
    tell_examples(p);
    fprintf(stderr, "shopspeak: the catalog changed: grammar rebuilt\n");
}

/*
 * An operator edits the top grammar file (shop.gram or --grammar) while listen runs: before
 * each turn, if the file changed, load it again, with the catalog's phrases, and use it. A file
 * with a mistake is reported in one line (file, line, column, problem) and the grammar in use
 * stays, so a typo never leaves the speaker deaf. Costs a stat() when nothing changed.
 */
static bool reload_top_file(pipeline_t *p)
{
    if (!p->grammars[DIALOG_STATE_TOP] || !file_changed(top_path(p), &p->top_seen))
        return false;
    int status;
    uint64_t hash = p->phrases_hash;
    grammar_t *top = grammar_load(top_path(p), &status);
    asr_config_t words = asr_config_default();
    if (top && (status = add_catalog_phrases(p, top, NULL, &hash)) == 0 &&
        (status = grammar_compile(top)) == 0)
        status = p->asr ? asr_add_grammar(p->asr, ASR_TOP_GRAMMAR, top)
                        : asr_check_words(&words, top); /* text mode: as check_words() */
    if (!top || status != 0) {
        fprintf(stderr, "shopspeak: %s; the grammar in use stays\n",
                grammar_errmsg()[0] ? grammar_errmsg() : grammar_strerror(status));
        grammar_free(top);
        return false;
    }
    if (p->grammar == p->grammars[DIALOG_STATE_TOP])
        p->grammar = top;
    grammar_free(p->grammars[DIALOG_STATE_TOP]);
    p->grammars[DIALOG_STATE_TOP] = top;
    p->phrases_hash = hash;
    tell_examples(p);
    fprintf(stderr, "shopspeak: %s changed: grammar loaded again\n", top_path(p));
    return true;
}

/* The operator's answers (--answers), checked against the top grammar; none without a dialog. */
static int load_answers(pipeline_t *p, int *exit_code, char *errbuf, size_t errlen)
{
    const char *path = p->config.answers_path;
    if (!path || !p->dialog)
        return 0;
    file_changed(path, &p->answers_seen);
    p->answers =
        answers_load(path, p->grammars[DIALOG_STATE_TOP], dialog_knows_intent, errbuf, errlen);
    if (!p->answers) {
        *exit_code = EXIT_MODEL;
        return -1;
    }
    dialog_set_answers(p->dialog, p->answers);
    return 0;
}

/*
 * The answer file edited while listen runs, or a new top grammar to check it against: read it
 * again. A file with a mistake (or one that names an intent the new grammar no longer has) is
 * reported in one line and the answers in use stay. Costs a stat() when nothing changed.
 */
static void reload_answers(pipeline_t *p, bool grammar_changed)
{
    const char *path = p->config.answers_path;
    if (!path || !p->answers)
        return;
    bool file_edited = file_changed(path, &p->answers_seen);
    if (!file_edited && !grammar_changed)
        return;
    char err[512];
    answers_t *a =
        answers_load(path, p->grammars[DIALOG_STATE_TOP], dialog_knows_intent, err, sizeof err);
    if (!a) {
        fprintf(stderr, "shopspeak: %s; the answers in use stay\n", err);
        return;
    }
    dialog_set_answers(p->dialog, a);
    answers_free(p->answers);
    p->answers = a;
    if (file_edited)
        fprintf(stderr, "shopspeak: %s changed: answers loaded again\n", path);
}

/* Every state's grammar: the top one, the others (for the dialog) beside it; all compiled but
 * the choice, which is built for its candidates each time (build_choice()). */
static int open_grammars(pipeline_t *p, int *exit_code, char *errbuf, size_t errlen)
{
    static const char *const files[DIALOG_STATE_COUNT] = {[DIALOG_STATE_CONFIRM] = "confirm.gram",
                                                          [DIALOG_STATE_PIN] = "pin.gram",
                                                          [DIALOG_STATE_CHOICE] = "choice.gram",
                                                          [DIALOG_STATE_QUANTITY] = "quantity.gram",
                                                          [DIALOG_STATE_PRODUCT] = "product.gram"};
    char path[2048];
    int status = 0;
    for (int s = 1; p->config.need_dialog && s < DIALOG_STATE_COUNT && status == 0; s++) {
        state_grammar_path(&p->config, files[s], path, sizeof path);
        grammar_t *g = grammar_load(path, &status);
        if (s == DIALOG_STATE_CHOICE)
            p->choice_template = g;
        else if ((p->grammars[s] = g) && s != DIALOG_STATE_PRODUCT)
            status = grammar_compile(g);
    }
    if (status == 0)
        status = add_catalog_phrases(p, p->grammars[DIALOG_STATE_TOP],
                                     p->grammars[DIALOG_STATE_PRODUCT], &p->phrases_hash);
    if (status == 0)
        status = compile_both(p->grammars[DIALOG_STATE_TOP], p->grammars[DIALOG_STATE_PRODUCT]);
    if (status == 0)
        return 0;
    /* The grammar would blame its own <product> list: say what the operator can fix. */
    if (p->cat && grammar_uses_rule(p->grammars[DIALOG_STATE_TOP], "product") &&
        catalog_for_each_phrase(p->cat, any_phrase, NULL) == 0) {
        snprintf(errbuf, errlen,
                 "the catalog %s has no products: add some with 'shopspeak catalog import FILE'",
                 p->catalog_path);
        *exit_code = EXIT_CATALOG;
        return -1;
    }
    snprintf(errbuf, errlen, "%s",
             grammar_errmsg()[0] ? grammar_errmsg() : grammar_strerror(status));
    *exit_code = status <= -300 ? EXIT_CATALOG : EXIT_MODEL;
    return -1;
}

/* The choice grammar for these candidate names: a fresh copy of choice.gram with them as
 * <candidate>, handed to the recognizer, which keeps the previous one if this one fails. */
/* The words of candidate i's name that no other candidate has (three letters or more): a
 * shopper picks "the margherita" of "Dr. Oetker Margherita Pizza" and "DiGiorno Pepperoni
 * Pizza" by what tells them apart, not the whole name. Each becomes a <candidate> phrase. */
static int add_distinctive_words(grammar_t *g, const char *const *names, size_t n, size_t i)
{
    char mine[GRAMMAR_PHRASE_MAX_BYTES + 1], other[GRAMMAR_PHRASE_MAX_BYTES + 1];
    if (grammar_normalize(names[i], mine, sizeof mine) <= 0)
        return 0;
    int status = 0;
    for (char *save = NULL, *w = strtok_r(mine, " ", &save); w && status == 0;
         w = strtok_r(NULL, " ", &save)) {
        int shared = strlen(w) < 3;
        for (size_t j = 0; !shared && j < n; j++)
            shared = j != i && grammar_normalize(names[j], other, sizeof other) > 0 &&
                     grammar_has_words(other, w);
        if (!shared)
            status = grammar_add_phrase(g, "candidate", w);
    }
    return status;
}

static int build_choice(pipeline_t *p, const char *const *names, size_t n)
{
    int status;
    grammar_t *g = grammar_copy(p->choice_template, &status);
    if (n > MAX_CANDIDATES)
        n = MAX_CANDIDATES;
    for (size_t i = 0; g && status == 0 && i < n; i++)
        if ((status = grammar_add_phrase(g, "candidate", names[i])) == 0)
            status = add_distinctive_words(g, names, n, i);
    if (g && status == 0 && (status = grammar_add_list(g, "candidate")) == 0 &&
        (status = grammar_compile(g)) == 0 &&
        (!p->asr || (status = asr_add_grammar(p->asr, "choice", g)) == 0)) {
        grammar_free(p->grammars[DIALOG_STATE_CHOICE]);
        p->grammars[DIALOG_STATE_CHOICE] = g;
        return 0;
    }
    grammar_free(g);
    return status;
}

/* Text mode has no recognizer, but a grammar word the recognizer could not say is the same
 * mistake there: check the words against the dictionary, asking eSpeak NG only if needed. */
static int check_words(pipeline_t *p, char *errbuf, size_t errlen)
{
    for (int s = 0; s < DIALOG_STATE_COUNT; s++) {
        grammar_t *g = s == DIALOG_STATE_CHOICE ? NULL : p->grammars[s];
        asr_config_t ac = asr_config_default();
        if (!g || asr_check_words(&ac, g) == GRAMMAR_OK)
            continue;
        audio_tts_config_t tc = audio_tts_config_default();
        int status;
        audio_tts_t *tts = p->tts ? p->tts : audio_tts_open(&tc, &status);
        ac.tts = tts;
        status = asr_check_words(&ac, g);
        if (tts != p->tts)
            audio_tts_close(tts);
        if (status != GRAMMAR_OK) {
            snprintf(errbuf, errlen, "%s", grammar_errmsg());
            return -1;
        }
    }
    return 0;
}

/* The recognizer with every state's grammar as a search of its name. */
static int open_recognizer(pipeline_t *p, char *errbuf, size_t errlen)
{
    int status;
    asr_config_t ac = asr_config_default();
    ac.log_path = p->config.log_path;
    ac.tts = p->tts;
    ac.reject_below = p->config.reject_below;
    p->asr = asr_open(&ac, p->grammars[DIALOG_STATE_TOP], &status);
    for (int s = 1; p->asr && s < DIALOG_STATE_COUNT && status == GRAMMAR_OK; s++)
        if (p->grammars[s])
            status = asr_add_grammar(p->asr, dialog_state_grammar(s), p->grammars[s]);
    if (p->asr && status == GRAMMAR_OK)
        return 0;
    snprintf(errbuf, errlen, "speech recognizer: %s",
             grammar_errmsg()[0] ? grammar_errmsg() : grammar_strerror(status));
    return -1;
}

pipeline_t *pipeline_open(const pipeline_config_t *config, int *exit_code, char *errbuf,
                          size_t errlen)
{
    int status;
    pipeline_t *p = calloc(1, sizeof *p);
    *exit_code = EXIT_FAILURE_INTERNAL;
    if (!p) {
        snprintf(errbuf, errlen, "out of memory");
        return NULL;
    }
    p->config = *config;
    p->expect = -1;
    if (load_top(p, exit_code, errbuf, errlen) != 0)
        goto error_out;
    /* The dialog always needs the catalog; recognition alone only for a grammar that says
     * <product>, or when the user named one. */
    if ((config->need_dialog || config->catalog_path ||
         grammar_uses_rule(p->grammars[DIALOG_STATE_TOP], "product")) &&
        open_catalog(p, exit_code, errbuf, errlen) != 0)
        goto error_out;
    if (open_grammars(p, exit_code, errbuf, errlen) != 0)
        goto error_out;
    if (config->need_dialog && load_messages(p, exit_code, errbuf, errlen) != 0)
        goto error_out;
    p->voice = config->voice ? config->voice
               : p->messages ? messages_voice(p->messages)
                             : PIPELINE_VOICE_FALLBACK;
    p->grammar = p->grammars[DIALOG_STATE_TOP];
    if (config->need_speech || config->need_recognizer) {
        audio_tts_config_t tc = audio_tts_config_default();
        tc.voice = p->voice;
        tc.words_per_minute = config->words_per_minute;
        p->tts = audio_tts_open(&tc, &status);
        if (!p->tts) {
            snprintf(errbuf, errlen, "text-to-speech: %s", audio_error_detail());
            *exit_code = EXIT_MODEL;
            goto error_out;
        }
    }
    if (config->need_recognizer ? open_recognizer(p, errbuf, errlen) != 0
                                : check_words(p, errbuf, errlen) != 0) {
        *exit_code = EXIT_MODEL;
        goto error_out;
    }
    if (config->reply_dir && make_dirs(config->reply_dir) != 0) {
        snprintf(errbuf, errlen, "cannot create the reply directory %s: %s", config->reply_dir,
                 strerror(errno));
        *exit_code = EXIT_INPUT;
        goto error_out;
    }
    p->dialog = config->need_dialog ? dialog_open(p->cat, p->messages) : NULL;
    if (config->need_dialog && !p->dialog) {
        snprintf(errbuf, errlen, "out of memory");
        goto error_out;
    }
    p->voice_wpm = config->words_per_minute;
    if (p->dialog)
        dialog_set_voice(p->dialog, p->voice_wpm, 0);
    if (p->dialog)
        dialog_set_confirm_slot_below(p->dialog, config->confirm_slot_below);
    if (load_answers(p, exit_code, errbuf, errlen) != 0)
        goto error_out;
    tell_examples(p);
    if (p->dialog && follow_voice(p) != 0) { /* a voice the shopper chose before */
        snprintf(errbuf, errlen, "text-to-speech: %s", audio_error_detail());
        *exit_code = EXIT_MODEL;
        goto error_out;
    }
    *exit_code = EXIT_OK;
    return p;

error_out:
    pipeline_close(p);
    return NULL;
}

void pipeline_close(pipeline_t *p)
{
    if (!p)
        return;
    dialog_close(p->dialog);
    answers_free(p->answers);
    messages_free(p->messages);
    asr_close(p->asr);
    audio_tts_close(p->tts);
    for (int s = 0; s < DIALOG_STATE_COUNT; s++)
        grammar_free(p->grammars[s]);
    grammar_free(p->choice_template);
    catalog_close(p->cat);
    remove_scratch_copy(p);
    audio_buf_free(&p->reply);
    free(p);
}

audio_tts_t *pipeline_tts(pipeline_t *p)
{
    return p->tts;
}

asr_t *pipeline_asr(pipeline_t *p)
{
    return p->asr;
}

const grammar_t *pipeline_grammar(const pipeline_t *p)
{
    return p->grammar;
}

const char *pipeline_catalog_path(const pipeline_t *p)
{
    return p->catalog_path;
}

/* Typed text as the grammar's own phrases are written (grammar_normalize(): digits as words,
 * curly apostrophes, accents folded, "&" as "and"), so that "add 2 oat milk", "what’s in my
 * cart" and "guayakí" are understood as said. Text too long for that is cut to what fits. */
static void normalise_words(const char *in, char *out, size_t outlen)
{
    if (grammar_normalize(in, out, outlen) >= 0)
        return;
    char *part = strdup(in);
    out[0] = '\0';
    while (part && part[0] && grammar_normalize(part, out, outlen) < 0)
        part[strlen(part) * 3 / 4] = '\0'; /* a long paste: keep its start */
    free(part);
}

/* Synthesise the answer and write it where the config says. */
static int speak_answer(pipeline_t *p, pipeline_turn_t *out)
{
    audio_buf_free(&p->reply);
    if (!p->config.need_speech)
        return 0;
    int rc = audio_tts_speak(p->tts, out->answer, &p->reply);
    if (rc != AUDIO_OK)
        return rc;
    out->synth_first_at_ms = audio_tts_first_sample_ms(p->tts);
    out->synth_done_at_ms = audio_now_ms();
    out->reply = p->reply;
    if (p->config.reply_dir) {
        const char *base = strrchr(out->source, '/');
        char stem[sizeof out->source];
        snprintf(stem, sizeof stem, "%s", base ? base + 1 : out->source);
        char *dot = strrchr(stem, '.');
        if (dot)
            *dot = '\0';
        snprintf(out->reply_wav, sizeof out->reply_wav, "%s/%02d-%s.wav", p->config.reply_dir,
                 p->turn_number, stem);
        rc = audio_write_wav(out->reply_wav, p->reply.samples, p->reply.n_samples,
                             p->reply.sample_rate);
    }
    return rc;
}

int pipeline_expect(pipeline_t *p, const char *grammar, const char *const *candidates, size_t n)
{
    for (int s = 0; s < DIALOG_STATE_COUNT; s++) {
        if (strcmp(grammar, dialog_state_grammar(s)) != 0)
            continue;
        int rc = s == DIALOG_STATE_CHOICE ? build_choice(p, candidates, n) : 0;
        if (rc == 0)
            p->expect = s;
        return rc;
    }
    return GRAMMAR_EINVAL;
}

/* A cart left untouched for cart_reminder_minutes gets its one reminder (a notification) before
 * the session's greeting counts the updates, and before every turn. Nothing for the shopper to
 * hear if it fails (a read-only catalog): the next turn tries again. */
static void check_cart_reminder(pipeline_t *p)
{
    int created;
    if (p->cat && p->dialog)
        (void)catalog_cart_check_reminder(p->cat, &created);
}

/* Before a turn: the grammar of the dialog's state (or of pipeline_expect()), rebuilt for the
 * candidates of a choice, and the recognizer switched to it. */
static int select_grammar(pipeline_t *p)
{
    reload_answers(p, reload_top_file(p));
    refresh_top(p);
    check_cart_reminder(p);
    int s = p->expect >= 0 ? p->expect : (int)dialog_state(p->dialog);
    const char *const *names;
    size_t n = dialog_candidates(p->dialog, &names);
    int rc = p->expect < 0 && s == DIALOG_STATE_CHOICE ? build_choice(p, names, n) : 0;
    p->expect = -1;
    if (rc != 0 || !p->grammars[s])
        s = DIALOG_STATE_TOP; /* no usable choice grammar: hear any command */
    p->grammar = p->grammars[s];
    return p->asr ? asr_use_grammar(p->asr, dialog_state_grammar(s)) : 0;
}

/* The shopper asked for a slower, faster, louder or quieter voice: re-open text-to-speech with
 * it (cheap: eSpeak NG stays loaded, an open only sets the voice, rate and volume). */
static int follow_voice(pipeline_t *p)
{
    int wpm, volume, status;
    dialog_voice(p->dialog, &wpm, &volume);
    if (!p->tts || (wpm == p->voice_wpm && volume == p->voice_volume))
        return 0;
    audio_tts_config_t tc = audio_tts_config_default();
    tc.voice = p->voice;
    tc.words_per_minute = wpm;
    tc.volume = volume;
    audio_tts_close(p->tts);
    p->tts = audio_tts_open(&tc, &status);
    asr_set_tts(p->asr, p->tts); /* it asks the TTS for pronunciations of new words */
    p->voice_wpm = wpm;
    p->voice_volume = volume;
    return p->tts ? 0 : status;
}

/* The answer, after the session's greeting on its first turn ("You have two updates."). */
static void greet(pipeline_t *p, const char *answer, char *out, size_t len)
{
    char greeting[256] = "";
    if (p->turn_number == 1 && !p->greeted)
        dialog_greeting(p->dialog, greeting, sizeof greeting);
    p->greeted = 1;
    size_t n = strlen(greeting);
    if (n > 0 && n + 1 < len) { /* the greeting, a space, then as much of the answer as fits */
        memcpy(out, greeting, n);
        out[n++] = ' ';
    } else {
        n = 0;
    }
    size_t rest = strnlen(answer, len - n - 1);
    memcpy(out + n, answer, rest);
    out[n + rest] = '\0';
}

int pipeline_awaits_answer(const pipeline_t *p)
{
    return p->dialog && dialog_state(p->dialog) != DIALOG_STATE_TOP;
}

int pipeline_answer_timeout(pipeline_t *p, int expired, double seconds_left, char *text, size_t len,
                            audio_buf_t *speech)
{
    dialog_reply_t reply;
    int rc = 0;
    memset(speech, 0, sizeof *speech);
    if (len > 0)
        text[0] = '\0';
    if (!p->dialog)
        return GRAMMAR_EINVAL;
    if (expired)
        rc = dialog_timeout(p->dialog, &reply);
    else
        dialog_timeout_warning(p->dialog, seconds_left, &reply);
    snprintf(text, len, "%s", reply.answer);
    if (!reply.answer[0] || !p->config.need_speech)
        return rc;
    audio_buf_free(&p->reply);
    int said = audio_tts_speak(p->tts, reply.answer, &p->reply);
    if (said == AUDIO_OK)
        *speech = p->reply;
    return rc != 0 ? rc : said;
}

int pipeline_greeting(pipeline_t *p, char *text, size_t len, audio_buf_t *speech)
{
    memset(speech, 0, sizeof *speech);
    if (len > 0)
        text[0] = '\0';
    if (!p->dialog)
        return GRAMMAR_EINVAL;
    p->greeted = 1;
    check_cart_reminder(p);
    int rc = dialog_greeting(p->dialog, text, len);
    if (rc != 0 || !text[0] || !p->config.need_speech)
        return rc;
    audio_buf_free(&p->reply);
    rc = audio_tts_speak(p->tts, text, &p->reply);
    if (rc == AUDIO_OK)
        *speech = p->reply;
    return rc;
}

/* Looking for the catalog phrase whose spoken form is `said` (written into `written`). */
typedef struct {
    const char *said;
    char written[256];
} spelled_t;

static int is_spelled(void *user, int64_t product_id, const char *phrase)
{
    spelled_t *c = user;
    char said[GRAMMAR_PHRASE_MAX_BYTES + 1];
    (void)product_id;
    if (grammar_normalize(phrase, said, sizeof said) <= 0 || strcmp(said, c->said) != 0)
        return 0;
    snprintf(c->written, sizeof c->written, "%s", phrase);
    return 1;
}

/*
 * The product slot back in the catalog's own words when the grammar had to spell them: the
 * recogniser hears only words, so "Pampers Swaddlers Size 2" is said (and heard) "pampers
 * swaddlers size two", which the catalog, keeping its digits, "2%" and "1.5", could not find.
 * Only when the words as heard name no product: a scan of the catalog's phrases, done rarely.
 */
static void use_written_product(pipeline_t *p, grammar_intent_t *intent)
{
    const char *said = grammar_intent_slot(intent, "product");
    catalog_product_t found;
    if (!p->cat || !said || strcmp(said, "it") == 0 ||
        catalog_find_product(p->cat, said, &found) != CATALOG_ENOTFOUND)
        return;
    spelled_t c = {said, ""};
    if (catalog_for_each_phrase(p->cat, is_spelled, &c) > 0 && c.written[0])
        grammar_intent_set_slot(intent, "product", c.written);
}

/* res: what the recognizer heard (NULL for typed text); a rejected result is not understood
 * whatever it heard, and the per-word confidences say how sure it is of the product. */
static int finish_turn(pipeline_t *p, pipeline_turn_t *out, const asr_result_t *res)
{
    dialog_reply_t reply;
    if (!p->dialog) /* opened without need_dialog: a programmer's mistake */
        return GRAMMAR_EINVAL;
    out->understood = !(res && res->rejected) &&
                      grammar_parse(p->grammar, out->heard, &out->intent) == GRAMMAR_OK;
    /* A yes that spends money must be surer than a command (pipeline.h): else asked again. */
    if (res && out->understood && res->confidence < p->config.order_yes_below &&
        strcmp(out->intent.name, "yes") == 0 && dialog_yes_orders(p->dialog))
        out->understood = false;
    double sure = res && out->understood
                      ? dialog_slot_confidence(grammar_intent_find_slot(&out->intent, "product"),
                                               res->word_confidence, res->n_words)
                      : 1.0;
    if (out->understood)
        use_written_product(p, &out->intent);
    int rc = dialog_turn_heard(p->dialog, out->understood ? &out->intent : NULL, sure, &reply);
    greet(p, reply.answer, out->answer, sizeof out->answer);
    out->order_id = reply.order_id;
    out->answered_at_ms = audio_now_ms();
    int spoken = follow_voice(p);
    if (spoken == 0)
        spoken = speak_answer(p, out);
    return rc != 0 ? rc : spoken;
}

int pipeline_hear(pipeline_t *p, const int16_t *pcm, size_t n, pipeline_heard_t *out)
{
    memset(out, 0, sizeof *out);
    out->status = select_grammar(p);
    if (out->status == GRAMMAR_OK)
        out->status = asr_decode(p->asr, pcm, n, &out->res);
    out->decoded_at_ms = audio_now_ms();
    return out->status;
}

int pipeline_turn_heard(pipeline_t *p, const char *source, const pipeline_heard_t *h,
                        pipeline_turn_t *out)
{
    memset(out, 0, sizeof *out);
    p->turn_number++;
    snprintf(out->source, sizeof out->source, "%s", source);
    if (h->status != GRAMMAR_OK)
        return h->status;
    out->decoded_at_ms = h->decoded_at_ms;
    snprintf(out->heard, sizeof out->heard, "%s", h->res.text);
    out->audio_seconds = h->res.audio_seconds;
    out->decode_ms = h->res.decode_ms;
    out->confidence = h->res.confidence;
    return finish_turn(p, out, &h->res);
}

int pipeline_turn_audio(pipeline_t *p, const char *source, const int16_t *pcm, size_t n,
                        pipeline_turn_t *out)
{
    pipeline_heard_t h;
    pipeline_hear(p, pcm, n, &h);
    return pipeline_turn_heard(p, source, &h, out);
}

int pipeline_turn_text(pipeline_t *p, const char *text, pipeline_turn_t *out)
{
    memset(out, 0, sizeof *out);
    p->turn_number++;
    snprintf(out->source, sizeof out->source, "text");
    normalise_words(text, out->heard, sizeof out->heard);
    out->confidence = 1.0;
    int rc = select_grammar(p);
    return rc != 0 ? rc : finish_turn(p, out, NULL);
}

/* A JSON string literal with everything below 0x20 escaped; UTF-8 passes through. */
static void print_json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"':
            fputs("\\\"", fp);
            break;
        case '\\':
            fputs("\\\\", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\t':
            fputs("\\t", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        default:
            if (*c < 0x20)
                fprintf(fp, "\\u%04x", *c);
            else
                fputc(*c, fp);
        }
    }
    fputc('"', fp);
}

/* A PIN is never echoed: a turn understood as the pin intent shows "(a PIN)" as heard and
 * "****" as its slot. The turn itself keeps the words (eval and tests compare them). */
static int is_pin_turn(const pipeline_turn_t *t)
{
    return t->understood && strcmp(t->intent.name, "pin") == 0;
}

const char *pipeline_shown_heard(const pipeline_turn_t *t)
{
    return is_pin_turn(t) ? "(a PIN)" : t->heard;
}

const char *pipeline_shown_slot(const pipeline_turn_t *t, size_t i)
{
    return is_pin_turn(t) && strcmp(t->intent.slots[i].name, "pin") == 0 ? "****"
                                                                         : t->intent.slots[i].value;
}

void pipeline_print_json(FILE *fp, const pipeline_turn_t *t)
{
    fputs("{\"file\": ", fp);
    print_json_string(fp, t->source);
    fputs(", \"heard\": ", fp);
    print_json_string(fp, pipeline_shown_heard(t));
    fputs(", \"intent\": ", fp);
    if (t->understood)
        print_json_string(fp, t->intent.name);
    else
        fputs("null", fp);
    fputs(", \"slots\": {", fp);
    for (size_t i = 0; t->understood && i < t->intent.n_slots; i++) {
        if (i)
            fputs(", ", fp);
        print_json_string(fp, t->intent.slots[i].name);
        fputs(": ", fp);
        print_json_string(fp, pipeline_shown_slot(t, i));
    }
    fputs("}, \"answer\": ", fp);
    print_json_string(fp, t->answer);
    fprintf(fp, ", \"audio_seconds\": %.3f, \"decode_ms\": %.1f, \"confidence\": %.3f",
            t->audio_seconds, t->decode_ms, t->confidence);
    if (t->order_id > 0)
        fprintf(fp, ", \"order_id\": %lld", (long long)t->order_id);
    if (t->reply_wav[0]) {
        fputs(", \"reply_wav\": ", fp);
        print_json_string(fp, t->reply_wav);
    }
    fputs("}\n", fp);
    fflush(fp);
}

/* Each module numbers its errors in its own range: audio -1xx, grammar -2xx, catalog -3xx. */
const char *pipeline_strerror(int status)
{
    if (status <= -300)
        return catalog_strerror(status);
    if (status <= -200)
        return grammar_strerror(status);
    if (status <= -100)
        return audio_strerror(status);
    return status == 0 ? "success" : "failure";
}

int pipeline_exit_code(int status)
{
    if (status == 0)
        return EXIT_OK;
    if (status <= -300)
        return EXIT_CATALOG;
    if (status <= -200)
        return EXIT_MODEL;
    if (status == AUDIO_EDEVICE || status == AUDIO_ENODEVICE)
        return EXIT_DEVICE;
    if (status <= -100)
        return EXIT_INPUT;
    return EXIT_FAILURE_INTERNAL;
}

/*
 * Speech is there when some 10 ms frame is both loud enough to be a voice (above -55 dBFS) and
 * well above the file's own floor (15 dB over its quietest tenth). The endpointer is not used
 * here: it needs a stretch of room noise before speech to learn its floor, and recorded
 * commands often start at once.
 */
int pipeline_has_speech(const audio_buf_t *pcm)
{
    enum { FRAME = 160, MAX_FRAMES = 4096 };
    size_t n = 0, step = 1;
    size_t frames = pcm->n_samples / FRAME;
    double *db = malloc(MAX_FRAMES * sizeof *db);
    if (frames == 0 || !db) {
        free(db);
        return frames > 0; /* out of memory: let the recognizer decide */
    }
    while (frames / step > MAX_FRAMES)
        step++;
    for (size_t f = 0; f < frames && n < MAX_FRAMES; f += step) {
        double sum = 0;
        for (size_t i = 0; i < FRAME; i++) {
            double x = pcm->samples[f * FRAME + i] / 32768.0;
            sum += x * x;
        }
        db[n++] = 10.0 * log10(sum / FRAME + 1e-12);
    }
    double peak = -200, floor_db;
    for (size_t i = 0; i < n; i++)
        peak = db[i] > peak ? db[i] : peak;
    /* The quietest tenth: partial selection is plenty for a few thousand frames. */
    size_t k = n / 10;
    for (size_t i = 0; i <= k; i++)
        for (size_t j = i + 1; j < n; j++)
            if (db[j] < db[i]) {
                double t = db[i];
                db[i] = db[j];
                db[j] = t;
            }
    floor_db = db[k];
    free(db);
    return peak > -55.0 && peak - floor_db > 15.0;
}
