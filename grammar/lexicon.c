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

/* A wanted word and its place in the caller's list, which found[] follows. */
typedef struct {
    const char *word;
    size_t index;
} wanted_t;

static int cmp_wanted(const void *a, const void *b)
{
    return strcmp(((const wanted_t *)a)->word, ((const wanted_t *)b)->word);
}

/* found[] for every entry of sorted equal to *hit: the list may name a word twice. */
static void mark_found(const wanted_t *sorted, size_t n, const wanted_t *hit, bool *found)
{
    size_t first = (size_t)(hit - sorted), last = first;
    while (first > 0 && strcmp(sorted[first - 1].word, hit->word) == 0)
        first--;
    while (last + 1 < n && strcmp(sorted[last + 1].word, hit->word) == 0)
        last++;
    for (size_t i = first; i <= last; i++)
        found[sorted[i].index] = true;
}

int grammar__add_dict_words(ps_decoder_t *ps, const char *dict_path, const char **words,
                            size_t n_words, bool *found)
{
    if (n_words == 0)
        return GRAMMAR_OK;
    /* Sorted, each with its index: a dictionary line costs one binary search, and a hit says
     * which found[] to set without a scan of the list (that scan was 42% of start-up with
     * 26,000 words). */
    wanted_t *sorted = malloc(n_words * sizeof *sorted);
    if (!sorted)
        return grammar__fail(GRAMMAR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n_words; i++)
        sorted[i] = (wanted_t){words[i], i};
    qsort(sorted, n_words, sizeof *sorted, cmp_wanted);
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
        const wanted_t key = {base, 0};
        const wanted_t *hit = bsearch(&key, sorted, n_words, sizeof *sorted, cmp_wanted);
        if (!hit)
            continue;
        line[head] = '\0';
        if (ps_add_word(ps, line, phones, FALSE) < 0)
            st = grammar__fail(GRAMMAR_EMODEL, "PocketSphinx refused \"%s\" from %s", line,
                               dict_path);
        if (found)
            mark_found(sorted, n_words, hit, found);
    }
    fclose(f);
    free(sorted);
    return st;
}
