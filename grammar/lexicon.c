/*
 * lexicon.c - pronunciations from the full dictionary file, only for the words asked for.
 *
 * cmudict-en-us has 134,000 words; PocketSphinx loading all of them into a decoder costs about
 * 20 MB and a fifth of start-up, for the few hundred words our grammars use. The decoders start
 * with an empty dictionary instead and get each word they need, with every pronunciation the
 * file has for it ("olive", "olive(2)"), from one pass over the file per batch of words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pocketsphinx.h>

#include "grammar_internal.h"

static int cmp_word(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int grammar__add_dict_words(ps_decoder_t *ps, const char *dict_path, const char **words,
                            size_t n_words, bool *found)
{
    if (n_words == 0)
        return GRAMMAR_OK;
    /* Sorted copies of the pointers, so each dictionary line costs one binary search. */
    const char **sorted = malloc(n_words * sizeof *sorted);
    if (!sorted)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    memcpy(sorted, words, n_words * sizeof *sorted);
    qsort(sorted, n_words, sizeof *sorted, cmp_word);
    FILE *f = fopen(dict_path, "r");
    if (!f) {
        free(sorted);
        return grammar__fail(GRAMMAR_EMODEL, "cannot read the dictionary %s", dict_path);
    }
    char line[1024], base[GRAMMAR__MAX_WORD];
    int st = GRAMMAR_OK;
    while (st == GRAMMAR_OK && fgets(line, sizeof line, f)) {
        size_t head = strcspn(line, " \t\n");
        char *phones = line + head + strspn(line + head, " \t");
        phones[strcspn(phones, "\n")] = '\0';
        size_t base_len = strcspn(line, "( \t\n"); /* "hey(2)" is an entry of "hey" */
        if (!*phones || head == 0 || base_len >= sizeof base)
            continue;
        memcpy(base, line, base_len);
        base[base_len] = '\0';
        const char *key = base;
        const char **hit = bsearch(&key, sorted, n_words, sizeof *sorted, cmp_word);
        if (!hit)
            continue;
        line[head] = '\0';
        if (ps_add_word(ps, line, phones, FALSE) < 0)
            st = grammar__fail(GRAMMAR_EMODEL, "PocketSphinx refused \"%s\" from %s", line,
                               dict_path);
        for (size_t i = 0; found && i < n_words; i++)
            if (strcmp(words[i], *hit) == 0)
                found[i] = true;
    }
    fclose(f);
    free(sorted);
    return st;
}
