/* labels.c - reads an evaluation's labels (JSON Lines) with json-c, one line at a time. */
#include "labels.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

/* JSON nesting a label needs: the object, its slots; deeper input is refused, not recursed. */
#define LABELS_MAX_DEPTH 4

/* "name:line: message" into err; returns status. */
static int fail(char *err, size_t errlen, int status, const char *name, int line, const char *fmt,
                ...) __attribute__((format(printf, 6, 7)));
static int fail(char *err, size_t errlen, int status, const char *name, int line, const char *fmt,
                ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(err, errlen, "%s:%d: %s", name, line, msg);
    else
        snprintf(err, errlen, "%s: %s", name, msg);
    return status;
}

static void label_clear(label_t *l)
{
    free((char *)l->file);
    free((char *)l->intent);
    for (size_t i = 0; i < l->n_slots; i++) {
        free((char *)l->slots[i].name);
        free((char *)l->slots[i].value);
    }
    free(l->slots);
    memset(l, 0, sizeof *l);
}

void labels_free(labels_t *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        label_clear(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* A copy of a JSON string's value, or NULL with the reason in *why. */
static char *copy_string(json_object *o, const char **why)
{
    size_t len = (size_t)json_object_get_string_len(o);
    const char *s = json_object_get_string(o);
    if (len > LABELS_MAX_STRING) {
        *why = "is too long";
        return NULL;
    }
    if (memchr(s, '\0', len)) {
        *why = "contains a NUL character";
        return NULL;
    }
    char *c = strdup(s);
    if (!c)
        *why = "out of memory";
    return c;
}

/* Whether s has something a grammar could say: a letter or digit (a byte past ASCII may be an
 * accented letter). Spaces and punctuation alone are nothing once normalised. */
static bool has_word(const char *s)
{
    for (; *s; s++)
        if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
            return true;
    return false;
}

/* The "slots" object into l. 0, or a status with err filled. */
static int read_slots(json_object *slots, label_t *l, const char *name, char *err, size_t errlen)
{
    const char *why = NULL;
    if (!json_object_is_type(slots, json_type_object))
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line, "slots must be an object");
    size_t n = (size_t)json_object_object_length(slots);
    if (n > 0 && !l->intent)
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line,
                    "a non-command (intent null) cannot have slots");
    if (n > LABELS_MAX_SLOTS)
        return fail(err, errlen, LABELS_ETOOBIG, name, l->line, "more than %d slots",
                    LABELS_MAX_SLOTS);
    l->slots = n ? calloc(n, sizeof *l->slots) : NULL;
    if (n && !l->slots)
        return fail(err, errlen, LABELS_ENOMEM, name, l->line, "out of memory");
    json_object_object_foreach(slots, key, val)
    {
        label_slot_t *s = &l->slots[l->n_slots];
        if (!json_object_is_type(val, json_type_string))
            return fail(err, errlen, LABELS_ESYNTAX, name, l->line,
                        "slot \"%.64s\" must be a string", key);
        if (!key[0])
            return fail(err, errlen, LABELS_ESYNTAX, name, l->line, "a slot has an empty name");
        l->n_slots++;
        if (strlen(key) > LABELS_MAX_STRING || !(s->name = strdup(key)))
            return fail(err, errlen, LABELS_ETOOBIG, name, l->line, "a slot name is too long");
        if (!(s->value = copy_string(val, &why)))
            return fail(err, errlen, LABELS_ESYNTAX, name, l->line, "slot \"%.64s\" %s", key, why);
        if (!has_word(s->value)) /* no grammar sets a slot to nothing: never right */
            return fail(err, errlen, LABELS_ESYNTAX, name, l->line,
                        "slot \"%.64s\" is empty (leave out a slot that was not said)", key);
    }
    return LABELS_OK;
}

/* One parsed line into l. 0, or a status with err filled. */
static int read_label(json_object *obj, label_t *l, const char *name, char *err, size_t errlen)
{
    json_object *file, *intent, *slots;
    const char *why = NULL;
    if (!json_object_is_type(obj, json_type_object))
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line,
                    "a label must be a JSON object {\"file\", \"intent\", \"slots\"}");
    if (!json_object_object_get_ex(obj, "file", &file) ||
        !json_object_is_type(file, json_type_string) || json_object_get_string_len(file) == 0)
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line,
                    "\"file\" must be a non-empty string");
    if (!(l->file = copy_string(file, &why)))
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line, "\"file\" %s", why);
    if (!json_object_object_get_ex(obj, "intent", &intent))
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line,
                    "\"intent\" is missing (null marks audio that is not a command)");
    if (intent && !json_object_is_type(intent, json_type_string))
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line,
                    "\"intent\" must be a string or null");
    if (intent && json_object_get_string_len(intent) == 0)
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line,
                    "\"intent\" is empty (null marks audio that is not a command)");
    if (intent && !(l->intent = copy_string(intent, &why)))
        return fail(err, errlen, LABELS_ESYNTAX, name, l->line, "\"intent\" %s", why);
    if (json_object_object_get_ex(obj, "slots", &slots) && slots)
        return read_slots(slots, l, name, err, errlen);
    return LABELS_OK;
}

/* Room for one more label; 0 or LABELS_ENOMEM. */
static int grow(labels_t *out)
{
    if (out->n < out->cap_)
        return LABELS_OK;
    size_t cap = out->cap_ ? out->cap_ * 2 : 64;
    label_t *items = realloc(out->items, cap * sizeof *items);
    if (!items)
        return LABELS_ENOMEM;
    out->items = items;
    out->cap_ = cap;
    return LABELS_OK;
}

/* One line (len bytes, no newline) at line number lineno, appended to out if not blank. */
static int parse_line(const char *s, size_t len, int lineno, const char *name, labels_t *out,
                      char *err, size_t errlen)
{
    while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    size_t start = 0;
    while (start < len && (s[start] == ' ' || s[start] == '\t'))
        start++;
    if (start == len)
        return LABELS_OK; /* blank */
    if (len > LABELS_MAX_LINE)
        return fail(err, errlen, LABELS_ETOOBIG, name, lineno, "line longer than %u bytes",
                    LABELS_MAX_LINE);
    if (memchr(s, '\0', len))
        return fail(err, errlen, LABELS_ESYNTAX, name, lineno, "a NUL byte in the line");
    if (out->n >= LABELS_MAX_LABELS)
        return fail(err, errlen, LABELS_ETOOBIG, name, lineno, "more than %d labels",
                    LABELS_MAX_LABELS);
    /* Objects end themselves; a bare literal would need its end signalled to json-c. */
    if (s[start] != '{')
        return fail(err, errlen, LABELS_ESYNTAX, name, lineno,
                    "a label must be a JSON object {\"file\", \"intent\", \"slots\"}");
    json_tokener *tok = json_tokener_new_ex(LABELS_MAX_DEPTH);
    if (!tok || grow(out) != LABELS_OK) {
        json_tokener_free(tok);
        return fail(err, errlen, LABELS_ENOMEM, name, lineno, "out of memory");
    }
    /* UTF-8 checked too: the labels' names and values go into --results and --json. */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *obj = json_tokener_parse_ex(tok, s + start, (int)(len - start));
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (jerr != json_tokener_success || end != len - start) {
        json_object_put(obj);
        return fail(err, errlen, LABELS_ESYNTAX, name, lineno, "not a JSON object: %s",
                    jerr == json_tokener_continue  ? "it ends too early"
                    : jerr == json_tokener_success ? "something follows it on the line"
                    : jerr == json_tokener_error_parse_utf8_string ? "it is not UTF-8 text"
                                                                   : json_tokener_error_desc(jerr));
    }
    label_t *l = &out->items[out->n];
    memset(l, 0, sizeof *l);
    l->line = lineno;
    int rc = read_label(obj, l, name, err, errlen);
    json_object_put(obj);
    if (rc != LABELS_OK) {
        label_clear(l);
        return rc;
    }
    out->n++;
    return LABELS_OK;
}

int labels_parse(const char *text, size_t len, const char *name, labels_t *out, char *err,
                 size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > LABELS_MAX_FILE)
        return fail(err, errlen, LABELS_ETOOBIG, name, 0, "larger than %u MiB",
                    LABELS_MAX_FILE >> 20);
    int lineno = 0;
    size_t pos = 0;
    /* A UTF-8 byte-order mark, as some editors write, as the grammar and catalog readers do. */
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - (text + pos)) : len - pos;
        int rc = parse_line(text + pos, line_len, ++lineno, name, out, err, errlen);
        if (rc != LABELS_OK)
            return rc;
        pos += line_len + 1;
    }
    if (out->n == 0)
        return fail(err, errlen, LABELS_ESYNTAX, name, 0, "no labels in the file");
    return LABELS_OK;
}

int labels_read(const char *path, labels_t *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return fail(err, errlen, LABELS_ENOENT, path, 0, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    int rc = LABELS_OK;
    while (buf) {
        len += fread(buf + len, 1, cap - len, fp);
        if (len < cap || ferror(fp))
            break;
        if (cap > LABELS_MAX_FILE) {
            rc = fail(err, errlen, LABELS_ETOOBIG, path, 0, "larger than %u MiB",
                      LABELS_MAX_FILE >> 20);
            break;
        }
        char *bigger = realloc(buf, cap * 2);
        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    if (rc == LABELS_OK && !buf)
        rc = fail(err, errlen, LABELS_ENOMEM, path, 0, "out of memory");
    else if (rc == LABELS_OK && ferror(fp))
        rc = fail(err, errlen, LABELS_ENOENT, path, 0, "cannot read: %s", strerror(errno));
    fclose(fp);
    if (rc == LABELS_OK)
        rc = labels_parse(buf, len, path, out, err, errlen);
    free(buf);
    return rc;
}
