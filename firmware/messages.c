/*
 * messages.c - the message file of a locale, read with libinih, and its templates filled in.
 * Every problem is found at load time (unknown keys, placeholders a message may not use,
 * missing messages), so a turn never meets a broken template.
 */
#include "messages.h"

#include <ini.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ini_text.h"
#include "say.h"

#ifndef SHOPSPEAK_MESSAGES_INSTALLED
#define SHOPSPEAK_MESSAGES_INSTALLED "/usr/local/share/shopspeak/messages"
#endif
#ifndef SHOPSPEAK_MESSAGES_SOURCE
#define SHOPSPEAK_MESSAGES_SOURCE "firmware/messages"
#endif

#define MAX_ARGS 16

static const struct {
    const char *key; /* the ID; compared without case */
    const char *placeholders;
} table[MSG_COUNT] = {
#define MESSAGES_ROW(id, placeholders) {#id, placeholders},
    MESSAGES_LIST(MESSAGES_ROW)
#undef MESSAGES_ROW
};

/* The [locale] section: every key is needed. */
enum {
    LOC_NAME,
    LOC_VOICE,
    LOC_MAJOR_ONE,
    LOC_MAJOR_MANY,
    LOC_MINOR_ONE,
    LOC_MINOR_MANY,
    LOC_DATE,
    LOC_CODE, /* optional: the ISO 4217 code of the money it speaks */
    LOC_COUNT
};
static const char *const locale_keys[LOC_COUNT] = {"name",          "voice",     "currency_one",
                                                   "currency_many", "cents_one", "cents_many",
                                                   "date",          "currency"};

struct messages_s {
    char *text[MSG_COUNT];
    char *locale[LOC_COUNT];
    say_currency_t currency;
};

typedef struct {
    ini_text_t in; /* the lines, their count, the first problem */
    messages_t *m;
    char **last; /* the value a continuation line goes on */
} parse_t;

/* Whether `name` (length n) is one of the space-separated words of list. */
static int in_list(const char *list, const char *name, size_t n)
{
    for (const char *s = list; *s;) {
        size_t w = strcspn(s, " ");
        if (w == n && strncmp(s, name, n) == 0)
            return 1;
        s += w;
        s += strspn(s, " ");
    }
    return 0;
}

/* Every {name} of text is in allowed; 0, or -1 with the problem said. */
static int check_placeholders(parse_t *p, const char *key, const char *text, const char *allowed)
{
    for (const char *s = strchr(text, '{'); s; s = strchr(s + 1, '{')) {
        const char *close = strchr(s, '}');
        size_t n = close ? (size_t)(close - s - 1) : 0;
        if (!close || n == 0 || memchr(s + 1, '{', n)) {
            ini_text_complain(&p->in, "'%s': a '{' without its '}' (placeholders are {name})%s",
                              key, "");
            return -1;
        }
        if (!in_list(allowed, s + 1, n)) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(n < 60 ? n : 60), s + 1);
            ini_text_complain(&p->in, "'%s' has no placeholder {%s}", key, name);
            return -1;
        }
    }
    return 0;
}

/* Append " value" to a value that a continuation line goes on. */
static int continue_value(parse_t *p, const char *value)
{
    size_t a = strlen(*p->last), b = strlen(value);
    char *joined = realloc(*p->last, a + b + 2);
    if (!joined)
        return -1;
    joined[a] = ' ';
    memcpy(joined + a + 1, value, b + 1);
    *p->last = joined;
    return 0;
}

static char **slot_for(parse_t *p, const char *section, const char *name, const char **allowed)
{
    if (strcmp(section, "locale") == 0) {
        for (int i = 0; i < LOC_COUNT; i++)
            if (strcmp(name, locale_keys[i]) == 0) {
                *allowed = i == LOC_DATE ? "weekday month day" : "";
                return &p->m->locale[i];
            }
        ini_text_complain(&p->in, "unknown key '%s' in [%s]", name, section);
        return NULL;
    }
    if (strcmp(section, "messages") == 0) {
        for (int i = 0; i < MSG_COUNT; i++)
            if (strcasecmp(name, table[i].key) == 0) {
                *allowed = table[i].placeholders;
                return &p->m->text[i];
            }
        ini_text_complain(&p->in, "unknown message '%s'%s", name, "");
        return NULL;
    }
    ini_text_complain(&p->in, "unknown section [%s] (there are [locale] and [messages])%s", section,
                      "");
    return NULL;
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    parse_t *p = user;
    const char *allowed = "";
    if (p->in.error_line)
        return 0;
    if (p->in.indented && p->last) {
        if (continue_value(p, value) != 0)
            ini_text_complain(&p->in, "out of memory%s%s", "", "");
    } else {
        char **slot = slot_for(p, section, name, &allowed);
        if (!slot)
            return 0;
        if (*slot) {
            ini_text_complain(&p->in, "'%s' is given twice%s", name, "");
            return 0;
        }
        if (!(*slot = strdup(value))) {
            ini_text_complain(&p->in, "out of memory%s%s", "", "");
            return 0;
        }
        p->last = slot;
    }
    if (strlen(*p->last) > MESSAGES_MAX_TEXT) {
        ini_text_complain(&p->in, "'%s' is longer than the %s characters a message may have", name,
                          "1000");
        return 0;
    }
    slot_for(p, section, name, &allowed); /* the continuation's own key */
    return p->in.error_line ? 0 : check_placeholders(p, name, *p->last, allowed) == 0;
}

/* Every message and locale key present; -1 with the first missing one said. */
static int check_complete(parse_t *p, const char *name, char *errbuf, size_t errlen)
{
    for (int i = 0; i < LOC_COUNT; i++)
        if (i != LOC_CODE && (!p->m->locale[i] || !p->m->locale[i][0])) {
            snprintf(errbuf, errlen, "%s:%d: [locale] has no '%s'", name, p->in.line,
                     locale_keys[i]);
            return -1;
        }
    for (int i = 0; i < MSG_COUNT; i++)
        if (!p->m->text[i]) {
            char key[64];
            size_t n = strlen(table[i].key);
            for (size_t j = 0; j <= n && j < sizeof key; j++)
                key[j] = (char)(table[i].key[j] >= 'A' && table[i].key[j] <= 'Z'
                                    ? table[i].key[j] - 'A' + 'a'
                                    : table[i].key[j]);
            snprintf(errbuf, errlen, "%s:%d: [messages] has no '%s'", name, p->in.line, key);
            return -1;
        }
    return 0;
}

messages_t *messages_parse(const char *text, size_t n, const char *name, char *errbuf,
                           size_t errlen)
{
    parse_t p = {0};
    if (!(p.m = calloc(1, sizeof *p.m))) {
        snprintf(errbuf, errlen, "%s: out of memory", name);
        return NULL;
    }
    if (ini_text_parse(&p.in, text, n, MESSAGES_MAX_BYTES, name, on_value, &p,
                       " (go on in a line starting with a space)", errbuf, errlen) != 0 ||
        check_complete(&p, name, errbuf, errlen) != 0) {
        messages_free(p.m);
        return NULL;
    }
    p.m->currency = (say_currency_t){p.m->locale[LOC_MAJOR_ONE], p.m->locale[LOC_MAJOR_MANY],
                                     p.m->locale[LOC_MINOR_ONE], p.m->locale[LOC_MINOR_MANY]};
    return p.m;
}

messages_t *messages_load(const char *path, char *errbuf, size_t errlen)
{
    size_t n;
    char *text = ini_text_read_file(path, MESSAGES_MAX_BYTES, "message file", &n, errbuf, errlen);
    messages_t *m = text ? messages_parse(text, n, path, errbuf, errlen) : NULL;
    free(text);
    return m;
}

void messages_free(messages_t *m)
{
    if (!m)
        return;
    for (int i = 0; i < MSG_COUNT; i++)
        free(m->text[i]);
    for (int i = 0; i < LOC_COUNT; i++)
        free(m->locale[i]);
    free(m);
}

static int locale_name_ok(const char *l)
{
    return l && strlen(l) == 5 && l[0] >= 'a' && l[0] <= 'z' && l[1] >= 'a' && l[1] <= 'z' &&
           l[2] == '-' && l[3] >= 'A' && l[3] <= 'Z' && l[4] >= 'A' && l[4] <= 'Z';
}

const char *messages_find(const char *locale, char *buf, size_t len, char *errbuf, size_t errlen)
{
    struct stat st;
    if (!locale_name_ok(locale)) {
        snprintf(errbuf, errlen, "locale wants a name like en-US or en-GB, not '%s'",
                 locale ? locale : "");
        return NULL;
    }
    snprintf(buf, len, "%s/%s.ini", SHOPSPEAK_MESSAGES_INSTALLED, locale);
    if (stat(buf, &st) == 0)
        return buf;
    snprintf(buf, len, "%s/%s.ini", SHOPSPEAK_MESSAGES_SOURCE, locale);
    if (stat(buf, &st) == 0)
        return buf;
    snprintf(errbuf, errlen, "no message file for locale %s (looked for %s/%s.ini)", locale,
             SHOPSPEAK_MESSAGES_INSTALLED, locale);
    return NULL;
}

const char *messages_locale(const messages_t *m)
{
    return m->locale[LOC_NAME];
}

const char *messages_voice(const messages_t *m)
{
    return m->locale[LOC_VOICE];
}

const char *messages_currency(const messages_t *m)
{
    return m->locale[LOC_CODE] && m->locale[LOC_CODE][0] ? m->locale[LOC_CODE] : NULL;
}

const char *messages_text(const messages_t *m, msg_id_t id)
{
    return id >= 0 && id < MSG_COUNT ? m->text[id] : "";
}

char *messages_vformat(const messages_t *m, msg_id_t id, char *buf, size_t len, va_list ap)
{
    const char *names[MAX_ARGS], *values[MAX_ARGS];
    size_t n = 0, used = 0;
    for (const char *k; n < MAX_ARGS && (k = va_arg(ap, const char *)) != NULL; n++) {
        names[n] = k;
        values[n] = va_arg(ap, const char *);
    }
    if (len == 0)
        return buf;
    buf[0] = '\0';
    const char *s = id >= 0 && id < MSG_COUNT ? m->text[id] : "";
    while (*s && used + 1 < len) {
        const char *close = *s == '{' ? strchr(s, '}') : NULL;
        if (!close) {
            buf[used++] = *s++;
            continue;
        }
        size_t k = (size_t)(close - s - 1);
        for (size_t i = 0; i < n; i++)
            if (strlen(names[i]) == k && strncmp(names[i], s + 1, k) == 0) {
                const char *v = values[i] ? values[i] : "";
                /* "a {unit}" before "item" or "egg": "an item". The locales are English; a
                 * vowel letter that sounds "y" or "w" keeps "a" (unit, euro, one). */
                bool vowel_sound = v[0] && strchr("aeioAEIO", v[0]) &&
                                   strncasecmp(v, "one", 3) != 0 && strncasecmp(v, "eu", 2) != 0;
                if (used + 2 < len && vowel_sound && used >= 2 && buf[used - 1] == ' ' &&
                    buf[used - 2] == 'a' && (used == 2 || buf[used - 3] == ' ')) {
                    buf[used - 1] = 'n';
                    buf[used++] = ' ';
                }
                used += (size_t)snprintf(buf + used, len - used, "%s", v);
                used = used < len ? used : len - 1;
                break;
            }
        s = close + 1;
    }
    buf[used] = '\0';
    return buf;
}

char *messages_format(const messages_t *m, msg_id_t id, char *buf, size_t len, ...)
{
    va_list ap;
    va_start(ap, len);
    messages_vformat(m, id, buf, len, ap);
    va_end(ap);
    return buf;
}

char *messages_price(const messages_t *m, int64_t cents, char *buf, size_t len)
{
    return say_price_in(&m->currency, cents, buf, len);
}

char *messages_money_in_text(const messages_t *m, const char *text, char *buf, size_t len)
{
    return say_money_in_text_in(&m->currency, text, buf, len);
}

char *messages_date(const messages_t *m, const char *iso, char *buf, size_t len)
{
    return say_date_in(m->locale[LOC_DATE], iso, buf, len);
}
