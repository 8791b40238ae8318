/*
 * ini_text.h - libinih over a file's text in memory, shared by the settings file (config.c)
 * and the message files (messages.c): lines handed to the parser one at a time and counted, a
 * line too long for the parser's buffer (or not text) stopping it, and the first problem a
 * handler finds kept with its line number.
 */
#ifndef SHOPSPEAK_INI_TEXT_H
#define SHOPSPEAK_INI_TEXT_H

#include <ini.h>
#include <stddef.h>

/* libinih's line buffer (INI_MAX_LINE): a longer line stops the parser. */
#define INI_TEXT_MAX_LINE 200

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

/*
 * Parse text (n bytes, need not be NUL-terminated) with handler, which reports a problem with
 * ini_text_complain() on t (user holds t). 0, or -1 with one line
 * "NAME:LINE: problem" in errbuf: text over max_bytes, a line too long or not text (followed by
 * long_hint, "" for none), the handler's first complaint, or a line that is not INI at all,
 * whichever comes first.
 */
int ini_text_parse(ini_text_t *t, const char *text, size_t n, size_t max_bytes, const char *name,
                   ini_handler handler, void *user, const char *long_hint, char *errbuf,
                   size_t errlen);

/*
 * A file's text, at most max_bytes + 1 bytes of it (so that a file too large shows as such to
 * ini_text_parse()), malloc'd, its length in *n. NULL with "PATH: cannot read the WHAT: reason"
 * in errbuf.
 */
char *ini_text_read_file(const char *path, size_t max_bytes, const char *what, size_t *n,
                         char *errbuf, size_t errlen);

#endif
