/* ini_text.c - libinih over text in memory (ini_text.h). */
#include "ini_text.h"

#include <stdio.h>
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
