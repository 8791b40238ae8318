/*
 * ini_text.h - libinih over a file's text in memory, shared by the settings file (config.c)
 * and the message files (messages.c): lines handed to the parser one at a time and counted, a
 * line too long for the parser's buffer (or not text) stopping it, and the first problem a
 * handler finds kept with its line number.
 */
#ifndef SHOPSPEAK_INI_TEXT_H
#define SHOPSPEAK_INI_TEXT_H

#include <stddef.h>

typedef struct {
    const char *pos, *end;
    int line;       /* the line being parsed (1-based) */
    int too_long;   /* a line did not fit the parser's buffer, or held a NUL byte: not text */
    int indented;   /* the line being parsed started with a space or tab (a continuation) */
    int error_line; /* the first problem a handler reported, and what it was */
    char error[256];
} ini_text_t;

void ini_text_init(ini_text_t *t, const char *text, size_t n);

/* libinih's reader for ini_parse_stream(): stream is an ini_text_t. */
char *ini_text_read_line(char *str, int num, void *stream);

/* Keep the first problem (fmt with two %s) at the line being parsed; later ones are dropped. */
void ini_text_complain(ini_text_t *t, const char *fmt, const char *a, const char *b);

#endif
