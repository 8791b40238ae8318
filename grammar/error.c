/* error.c - the grammar module's status names and its per-thread "what went wrong" message. */
#include <stdarg.h>
#include <stdio.h>

#include "grammar_internal.h"

/* Thread-local so two threads (say, the live loop and a catalog rebuild) do not garble each
 * other's messages. */
static _Thread_local char errmsg[512];

int grammar__fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errmsg, sizeof errmsg, fmt, ap);
    va_end(ap);
    return status;
}

const char *grammar_errmsg(void)
{
    return errmsg;
}

const char *grammar_strerror(int status)
{
    switch (status) {
    case GRAMMAR_OK:
        return "success";
    case GRAMMAR_ENOENT:
        return "grammar file or model directory missing";
    case GRAMMAR_ESYNTAX:
        return "grammar syntax error";
    case GRAMMAR_EMODEL:
        return "acoustic model or dictionary unusable";
    case GRAMMAR_ENOMATCH:
        return "words are not a sentence of the grammar";
    case GRAMMAR_ENOMEM:
        return "out of memory";
    case GRAMMAR_EINVAL:
        return "invalid argument";
    case GRAMMAR_EDECODE:
        return "decoding failed";
    default:
        return "unknown grammar status";
    }
}
