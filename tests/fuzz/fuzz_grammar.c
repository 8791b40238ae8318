/* fuzz_grammar.c - any bytes as a grammar file: a syntax error with a position, or a grammar
 * that compiles with a product list, parses sentences and gives examples it parses itself,
 * never a crash or a hang. */
#include "fuzz_util.h"
#include "grammar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    int status;
    grammar_intent_t intent;
    if (!fuzz_write_file(data, size, ".gram", path, sizeof path))
        return 0;
    grammar_t *g = grammar_load(path, &status);
    unlink(path);
    if (!g)
        return 0;
    grammar_add_phrase(g, "product", "oat milk");
    grammar_add_phrase(g, "category", "snacks");
    grammar_add_phrase(g, "product", "lavazza espresso beans");
    if (grammar_compile(g) == GRAMMAR_OK) {
        size_t n;
        const char *const *words = grammar_words(g, &n);
        (void)words;
        grammar_parse(g, "how much is the oat milk", &intent);
        grammar_parse(g, "yes", &intent);
        grammar_parse(g, "", &intent);
        /* Help's examples (grammar_example()): each is a sentence of the grammar. */
        char example[128];
        for (size_t k = 0; k < 4; k++)
            if (grammar_example(g, k, example, sizeof example) == GRAMMAR_OK && example[0] &&
                grammar_parse(g, example, &intent) == GRAMMAR_ENOMATCH)
                abort(); /* (a rule too ambiguous to match in time may give up instead) */
    }
    grammar_free(g);
    return 0;
}
