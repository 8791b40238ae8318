/* fuzz_answers.c - any bytes as an answer file for the shipped café grammar: loaded, or one
 * "NAME:LINE: problem" line. A file that loads fills its answers, with every slot heard and with
 * none, without overrunning a small buffer. */
#include <string.h>

#include "answers.h"
#include "fuzz_util.h"

static grammar_t *cafe;
static grammar_intent_t orders[2];

/* cafe.gram, beside the shop grammar the build names. */
static void load_cafe(void)
{
    char path[1024];
    int status;
    snprintf(path, sizeof path, "%s", SHOPSPEAK_GRAMMAR_SOURCE);
    char *slash = strrchr(path, '/');
    snprintf(slash + 1, sizeof path - (size_t)(slash + 1 - path), "cafe.gram");
    if (!(cafe = grammar_load(path, &status)) || grammar_compile(cafe) != GRAMMAR_OK ||
        grammar_parse(cafe,
                      "i'd like a large dark roast double shot latte with some milk and sugar",
                      &orders[0]) != GRAMMAR_OK ||
        grammar_parse(cafe, "brew americano", &orders[1]) != GRAMMAR_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "", buf[48];
    if (!cafe)
        load_cafe();
    answers_t *a = answers_parse((const char *)data, size, "fuzz.ini", cafe, NULL, err, sizeof err);
    if (!a) {
        if (strncmp(err, "fuzz.ini:", 9) != 0 || strchr(err, '\n'))
            abort(); /* every problem names the file and line, on one line */
        return 0;
    }
    for (size_t i = 0; i < 2; i++) {
        const char *said = answers_fill(a, &orders[i], buf, sizeof buf);
        if (said && (strlen(said) >= sizeof buf || (said[0] == ' ')))
            abort(); /* cut to the buffer, and trimmed */
    }
    answers_free(a);
    return 0;
}
