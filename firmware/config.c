/* config.c - the settings table, and the INI file read into it with libinih. */
#include "config.h"

#include <ini.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ini_text.h"

/* Where a setting is stored in options_t, and as what. */
typedef enum { STORE_STRING, STORE_DOUBLE, STORE_INT, STORE_LONG } store_t;

typedef struct {
    config_setting_t pub;
    size_t offset;
    store_t store;
} entry_t;

#define OPT(field) offsetof(options_t, field)
#define STR(sec, key, field, listen, def, meaning)                                                 \
    {                                                                                              \
        {sec, key, CONFIG_STRING, 0, 0, listen, def, meaning}, OPT(field), STORE_STRING            \
    }
#define NUM(sec, key, field, store, lo, hi, listen, def, meaning)                                  \
    {                                                                                              \
        {sec, key, CONFIG_NUMBER, lo, hi, listen, def, meaning}, OPT(field), store                 \
    }

// clang-format off
static const entry_t table[] = {
    STR("files", "catalog", pipeline.catalog_path, 0, "~/.local/share/shopspeak/catalog.db",
        "the catalog database (created with the sample catalog on first run)"),
    STR("files", "grammar", pipeline.grammar_path, 0, "the installed shop.gram",
        "the JSGF grammar"),
    STR("files", "reply-dir", pipeline.reply_dir, 0, "(none)",
        "write each spoken answer as a WAV file in this folder"),
    STR("files", "log", pipeline.log_path, 0, "(none)", "the speech recognizer's log file"),
    STR("files", "messages", pipeline.messages_path, 0, "the locale's",
        "a message file to speak from instead of the locale's (docs/dialog.md)"),
    STR("files", "answers", pipeline.answers_path, 0, "(none)",
        "what to say to the grammar's own intents, which the shop does not know (docs/grammar.md)"),
    STR("voice", "locale", pipeline.locale, 0, "the catalog's (en-US)",
        "language of the answers: en-US, en-GB (a message file each); also sets the voice"),
    STR("voice", "voice", pipeline.voice, 0, "the locale's (en-us, en-gb)",
        "eSpeak NG voice for answers"),
    NUM("voice", "rate", pipeline.words_per_minute, STORE_INT, 80, 450, 0, "175",
        "speaking rate, words per minute"),
    NUM("recognizer", "max-seconds", pipeline.max_seconds, STORE_DOUBLE, 0.1, ASR_MAX_SECONDS, 0,
        "30",
        "longest utterance (or WAV file) accepted, seconds"),
    NUM("recognizer", "reject-below", pipeline.reject_below, STORE_DOUBLE, 0, 1, 0, "0.2",
        "confidence below which a command is not accepted (\"I didn't catch that\"); 0 accepts "
        "every sentence of the grammar. eSpeak NG voices score low: use 0 for synthetic speech"),
    NUM("recognizer", "confirm-slot-below", pipeline.confirm_slot_below, STORE_DOUBLE, 0, 1, 0,
        "0.1", "confidence of a command's product words below which the product alone is "
        "confirmed first (\"Did you say oat milk?\"); 0 never asks"),
    NUM("recognizer", "order-yes-below", pipeline.order_yes_below, STORE_DOUBLE, 0, 1, 0,
        "0.35", "confidence below which a yes does not place or cancel an order: the question "
        "is asked again; 0 takes every yes that reject-below lets through"),
    STR("audio", "device", device, 1, "the default input",
        "input device: a name (substring) or a number from `shopspeak devices`"),
    STR("audio", "output", output, 1, "the default output",
        "output device: a name (substring) or a number from `shopspeak devices`"),
    {{"audio", "half-duplex", CONFIG_BOOL, 0, 0, 1, "true",
      "ignore the microphone while the speaker talks (false: keep it; no echo cancellation)"},
     OPT(half_duplex), STORE_INT},
    {{"audio", "barge-in", CONFIG_BOOL, 0, 0, 1, "false",
      "listen while the speaker talks, through an echo canceller: \"stop\" or \"cancel\" cuts the "
      "answer (the microphone is not paused, whatever half-duplex says)"},
     OPT(barge_in), STORE_INT},
    NUM("audio", "retry-min", retry_min, STORE_DOUBLE, 0.01, 60, 1, "0.5",
        "first wait before reopening a microphone that failed, seconds"),
    NUM("audio", "retry-max", retry_max, STORE_DOUBLE, 0.01, 3600, 1, "8",
        "the wait doubles up to this, seconds"),
    NUM("endpointer", "trailing-silence", trailing_silence, STORE_DOUBLE, 0.05, 60, 1, "0.6",
        "silence that ends a command, seconds (shorter pauses stay inside it)"),
    NUM("endpointer", "pre-roll", pre_roll, STORE_DOUBLE, 0, 10, 1, "0.3",
        "audio kept before the detected start of speech, seconds"),
    NUM("endpointer", "max-command", max_command, STORE_DOUBLE, 0.5, ASR_MAX_SECONDS, 1, "10",
        "a command is cut after this many seconds"),
    {{"endpointer", "require-voice", CONFIG_BOOL, 0, 0, 1, "true",
      "only voiced sound is speech: clatter neither starts a command nor keeps one going "
      "(false: any loud sound, for a whispering or very breathy voice)"},
     OPT(require_voice), STORE_INT},
    {{"endpointer", "decode-early", CONFIG_BOOL, 0, 0, 1, "true",
      "decode a command on a second thread while its trailing silence runs out"},
     OPT(decode_early), STORE_INT},
    {{"activation", "activation", CONFIG_ACTIVATION, 0, 0, 1, "wake",
      "wake: after the wake word; ptt: after a key press; always: every utterance"},
     OPT(activation), STORE_INT},
    STR("activation", "wake-word", wake_word, 1, "hey shop",
        "the wake word: words of the pronunciation dictionary"),
    NUM("activation", "wake-threshold", wake_threshold, STORE_DOUBLE, 0, 1, 1, "0.5",
        "confidence (0-1) the wake word's check needs: smaller detects more, and more falsely"),
    NUM("activation", "wake-timeout", wake_timeout, STORE_DOUBLE, 0.5, 600, 1, "8",
        "after the wake word (or key), a command must start within this many seconds"),
    {{"activation", "ptt-key", CONFIG_PTT_KEY, 0, 0, 1, "enter",
      "push-to-talk key: enter (the terminal) or gpio (a button on gpio-chip, gpio-line)"},
     OPT(ptt_key), STORE_STRING},
    STR("activation", "gpio-chip", gpio_chip, 1, "gpiochip0",
        "GPIO chip of the push-to-talk button (for ptt-key = gpio): name, path or number"),
    NUM("activation", "gpio-line", gpio_line, STORE_LONG, 0, 1023, 1, "17",
        "GPIO line (offset on the chip) of the push-to-talk button, wired to ground"),
    NUM("listen", "utterances", utterances, STORE_LONG, 1, 1e9, 1, "(no limit)",
        "stop after this many utterances"),
    NUM("listen", "duration", duration, STORE_DOUBLE, 0.1, 1e9, 1, "(no limit)",
        "stop after this many seconds of captured audio"),
    NUM("listen", "answer-timeout", answer_timeout, STORE_DOUBLE, 0, 3600, 1, "0",
        "seconds the shopper has to answer a question (confirm, PIN, choice, quantity): a "
        "warning before the end, then what waited is cancelled; 0: no limit"),
    {{"listen", "timeline", CONFIG_BOOL, 0, 0, 1, "false",
      "after each answer, log when each stage ended, in ms after the end of the command"},
     OPT(timeline), STORE_INT},
    {{"listen", "earcons", CONFIG_BOOL, 0, 0, 1, "true",
      "short tones for listening, understood, not understood and stopped listening"},
     OPT(earcons), STORE_INT},
};
// clang-format on

size_t config_count(void)
{
    return sizeof table / sizeof table[0];
}

const config_setting_t *config_setting(size_t i)
{
    return i < config_count() ? &table[i].pub : NULL;
}

const config_setting_t *config_find(const char *key)
{
    for (size_t i = 0; i < config_count(); i++)
        if (strcmp(table[i].pub.key, key) == 0)
            return &table[i].pub;
    return NULL;
}

void config_defaults(options_t *out)
{
    memset(out, 0, sizeof *out);
    out->pipeline = pipeline_config_default();
    out->seed = 1; /* eval's noise offsets */
    out->trailing_silence = 0.6;
    out->pre_roll = 0.3;
    out->max_command = 10.0;
    out->activation = OPTIONS_ACTIVATION_WAKE;
    out->wake_word = "hey shop";
    out->wake_threshold = 0.5;
    out->wake_timeout = 8.0;
    out->ptt_key = "enter";
    out->gpio_chip = "gpiochip0";
    out->gpio_line = 17;
    out->half_duplex = 1;
    out->decode_early = 1;
    out->require_voice = 1;
    out->retry_min = 0.5;
    out->retry_max = 8.0;
    out->earcons = 1;
}

/* Copy a string into the options' own storage. NULL when it is full. */
static const char *keep_string(options_t *out, const char *value)
{
    size_t n = strlen(value) + 1;
    if (n > sizeof out->strings - out->strings_used)
        return NULL;
    char *dst = out->strings + out->strings_used;
    memcpy(dst, value, n);
    out->strings_used += n;
    return dst;
}

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no",
                                                                                "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return *out = 1, 0;
        if (strcasecmp(v, no[i]) == 0)
            return *out = 0, 0;
    }
    return -1;
}

static int parse_choice(const char *v, const char *const *names, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return *out = (int)i, 0;
    return -1;
}

static void store_number(options_t *out, const entry_t *e, double v)
{
    char *field = (char *)out + e->offset;
    if (e->store == STORE_DOUBLE)
        memcpy(field, &v, sizeof v);
    else if (e->store == STORE_INT)
        *(int *)(void *)field = (int)v;
    else
        *(long *)(void *)field = (long)v;
}

/* A number as people write one: a whole number for a count or rate; else decimal, with an
 * exponent for thresholds ("1e-30"). strtod() alone would also take "0x1p4", "inf", "nan". */
static bool plain_number(const char *s, bool fraction)
{
    if (!isdigit((unsigned char)s[0]) && !(strchr("+-.", s[0]) && s[0]))
        return false;
    return strspn(s, fraction ? "0123456789+-.eE" : "0123456789+-") == strlen(s);
}

bool config_read_number(const char *s, bool fraction, double lo, double hi, double *out)
{
    char *end = (char *)s;
    errno = 0;
    double v = plain_number(s, fraction) ? strtod(s, &end) : 0;
    if (end == s || *end != '\0' || errno == ERANGE || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

/* Parse and store a non-string value; -1 with the complaint in errbuf. */
static int set_value(options_t *out, const entry_t *e, const char *value, char *errbuf,
                     size_t errlen)
{
    static const char *const modes[] = {"wake", "ptt", "always"};
    const config_setting_t *s = &e->pub;
    double v;
    int choice;
    switch (s->kind) {
    case CONFIG_NUMBER:
        if (!config_read_number(value, e->store == STORE_DOUBLE, s->min, s->max, &v)) {
            snprintf(errbuf, errlen, "%s wants a %s from %g to %g, not '%s'", s->key,
                     e->store == STORE_DOUBLE ? "number" : "whole number", s->min, s->max, value);
            return -1;
        }
        store_number(out, e, v);
        return 0;
    case CONFIG_BOOL:
        if (parse_bool(value, &choice) == 0) {
            store_number(out, e, choice);
            return 0;
        }
        snprintf(errbuf, errlen, "%s wants true or false, not '%s'", s->key, value);
        return -1;
    case CONFIG_ACTIVATION:
        if (parse_choice(value, modes, 3, &choice) == 0) {
            store_number(out, e, choice);
            return 0;
        }
        snprintf(errbuf, errlen, "%s wants wake, ptt or always, not '%s'", s->key, value);
        return -1;
    default:
        return -1;
    }
}

int config_set(options_t *out, const config_setting_t *s, const char *value, char *errbuf,
               size_t errlen)
{
    const entry_t *e = (const entry_t *)(const void *)s; /* pub is the first member */
    if (s->kind != CONFIG_STRING && s->kind != CONFIG_PTT_KEY)
        return set_value(out, e, value, errbuf, errlen);
    if (s->kind == CONFIG_PTT_KEY && strcmp(value, "enter") != 0 && strcmp(value, "gpio") != 0) {
        snprintf(errbuf, errlen, "%s wants enter or gpio, not '%s'", s->key, value);
        return -1;
    }
    const char *kept = NULL;
    if (*value && !(kept = keep_string(out, value))) {
        snprintf(errbuf, errlen, "%s: too much text in the settings (%zu bytes at most)", s->key,
                 sizeof out->strings);
        return -1;
    }
    memcpy((char *)out + e->offset, &kept, sizeof kept);
    return 0;
}

/* ---- The INI file ------------------------------------------------------------------------- */

typedef struct {
    ini_text_t in; /* the lines, their count, the first problem */
    options_t *out;
    int line_of[sizeof table / sizeof table[0]]; /* by setting: the line that set it, or 0 */
} parse_t;

static int on_setting(void *user, const char *section, const char *name, const char *value)
{
    parse_t *p = user;
    const config_setting_t *s = config_find(name);
    if (!s) {
        ini_text_complain(&p->in, "unknown key '%s' in [%s]", name, section);
        return 0;
    }
    if (strcmp(s->section, section) != 0) {
        ini_text_complain(&p->in, "key '%s' belongs in [%s]", name, s->section);
        return 0;
    }
    size_t i = (size_t)((const entry_t *)(const void *)s - table);
    if (p->in.indented) { /* libinih reads an indented line as more of the key above */
        ini_text_complain(&p->in,
                          "an indented line reads as more of '%s' above: a setting "
                          "starts at the beginning of its line%s",
                          name, "");
        return 0;
    }
    if (p->line_of[i]) { /* the second would silently win: a mistake worth a word */
        char first[16];
        snprintf(first, sizeof first, "%d", p->line_of[i]);
        ini_text_complain(&p->in, "key '%s' is given twice (first on line %s)", name, first);
        return 0;
    }
    p->line_of[i] = p->in.line;
    char why[200];
    if (config_set(p->out, s, value, why, sizeof why) != 0) {
        ini_text_complain(&p->in, "%s%s", why, "");
        return 0;
    }
    return 1;
}

int config_parse(const char *text, size_t n, const char *name, options_t *out, char *errbuf,
                 size_t errlen)
{
    parse_t p = {.out = out};
    return ini_text_parse(&p.in, text, n, CONFIG_MAX_BYTES, name, on_setting, &p, "", errbuf,
                          errlen);
}

int config_load(const char *path, options_t *out, char *errbuf, size_t errlen)
{
    size_t n;
    char *text = ini_text_read_file(path, CONFIG_MAX_BYTES, "settings file", &n, errbuf, errlen);
    int rc = text ? config_parse(text, n, path, out, errbuf, errlen) : -1;
    free(text);
    return rc;
}

int config_read(const char *path, options_t *out, char *errbuf, size_t errlen)
{
    char found[4096];
    config_defaults(out);
    if (!path)
        path = config_default_path(found, sizeof found);
    return path ? config_load(path, out, errbuf, errlen) : 0;
}

const char *config_default_path(char *buf, size_t len)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && *xdg == '/')
        n = snprintf(buf, len, "%s/shopspeak/shopspeak.ini", xdg);
    else if (home && *home)
        n = snprintf(buf, len, "%s/.config/shopspeak/shopspeak.ini", home);
    else
        return NULL;
    struct stat st;
    if (n < 0 || (size_t)n >= len || stat(buf, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    return buf;
}
