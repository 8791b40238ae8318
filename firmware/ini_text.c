/* ini_text.c - libinih over text in memory (ini_text.h). */
#include "ini_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ini_text_init(ini_text_t *t, const char *text, size_t n)
{
    memset(t, 0, sizeof *t);
    t->pos = text;
    t->end = text + n;
}

char *ini_text_read_line(char *str, int num, void *stream)
{
    ini_text_t *t = stream;
    if (t->pos >= t->end || t->too_long)
        return NULL;
    const char *nl = memchr(t->pos, '\n', (size_t)(t->end - t->pos));
    size_t len = nl ? (size_t)(nl - t->pos) + 1 : (size_t)(t->end - t->pos);
    t->line++;
    if (len >= (size_t)num || memchr(t->pos, '\0', len)) {
        t->too_long = 1;
        return NULL;
    }
    memcpy(str, t->pos, len);
    str[len] = '\0';
    t->indented = str[0] == ' ' || str[0] == '\t';
    t->pos += len;
    return str;
}

void ini_text_complain(ini_text_t *t, const char *fmt, const char *a, const char *b)
{
    if (t->error_line)
        return; /* keep the first */
    t->error_line = t->line;
    snprintf(t->error, sizeof t->error, fmt, a, b);
}

int ini_text_parse(ini_text_t *t, const char *text, size_t n, size_t max_bytes, const char *name,
                   ini_handler handler, void *user, const char *long_hint, char *errbuf,
                   size_t errlen)
{
    ini_text_init(t, text, n);
    if (n > max_bytes) {
        snprintf(errbuf, errlen, "%s:1: too large (%zu bytes; at most %zu)", name, n, max_bytes);
        return -1;
    }
    int rc = ini_parse_stream(ini_text_read_line, t, handler, user);
    if (t->too_long) {
        snprintf(errbuf, errlen, "%s:%d: line longer than %d characters, or not text%s", name,
                 t->line, INI_TEXT_MAX_LINE - 2, long_hint);
        return -1;
    }
    if (rc == 0 && !t->error_line)
        return 0;
    /* libinih goes on after a bad line and returns the first one: the earlier problem wins. */
    if (t->error_line && (rc <= 0 || t->error_line <= rc))
        snprintf(errbuf, errlen, "%s:%d: %s", name, t->error_line, t->error);
    else if (rc > 0)
        snprintf(errbuf, errlen, "%s:%d: not a [section], a 'key = value' line or a comment", name,
                 rc);
    else
        snprintf(errbuf, errlen, "%s: cannot be read", name);
    return -1;
}

char *ini_text_read_file(const char *path, size_t max_bytes, const char *what, size_t *n,
                         char *errbuf, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(errbuf, errlen, "%s: cannot read the %s: %s", path, what, strerror(errno));
        return NULL;
    }
    char *text = malloc(max_bytes + 1);
    *n = text ? fread(text, 1, max_bytes + 1, fp) : 0;
    int bad = !text || ferror(fp);
    fclose(fp);
    if (bad) {
        snprintf(errbuf, errlen, "%s: cannot read the %s", path, what);
        free(text);
        return NULL;
    }
    return text;
}
