/* fuzz_parse.c - any text against the shipped shopping grammar: an intent or "no match". */
#include <string.h>

#include "fuzz_util.h"
#include "grammar.h"

static grammar_t *shop;

static grammar_t *load_shop(void)
{
    int status;
    const char *path = getenv("SHOPSPEAK_GRAMMAR");
    grammar_t *g = grammar_load(path ? path : SHOPSPEAK_GRAMMAR_SOURCE, &status);
    if (!g)
        abort();
    grammar_add_phrase(g, "product", "oat milk");
    grammar_add_phrase(g, "category", "snacks");
    grammar_add_phrase(g, "product", "coffee pods");
    grammar_add_phrase(g, "product", "oatly oat milk");
    if (grammar_compile(g) != GRAMMAR_OK)
        abort();
    return g;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[2048];
    grammar_intent_t intent;
    if (!shop)
        shop = load_shop();
    if (size >= sizeof text)
        size = sizeof text - 1;
    memcpy(text, data, size);
    text[size] = '\0';
    if (grammar_parse(shop, text, &intent) == GRAMMAR_OK && intent.name[0] == '\0')
        abort(); /* a match always names its intent */
    return 0;
}
