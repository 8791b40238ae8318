/* lm_words.c - the most frequent words of a PocketSphinx language model, as the private rule
 * <garbage> of a grammar file (docs/grammar.md, "Out-of-grammar words"). Usage:
 *     bench_lm_words N [LM]    (LM: en-us.lm.bin of the installed model)
 * The N words of highest unigram probability, fillers ("<s>", "[noise]") and words with
 * characters a grammar word cannot have left out, most frequent first, wrapped as JSGF. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

typedef struct {
    int32 score;
    const char *word;
} unigram_t;

static int by_score(const void *a, const void *b)
{
    const unigram_t *x = a, *y = b;
    return (x->score < y->score) - (x->score > y->score);
}

/* Lower-case letters and apostrophes, a letter first: a word as the grammars write them. */
static bool plain_word(const char *w)
{
    if (!islower((unsigned char)w[0]))
        return false;
    for (; *w; w++)
        if (!islower((unsigned char)*w) && *w != '\'')
            return false;
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || atoi(argv[1]) <= 0) {
        fprintf(stderr, "usage: %s N [LM]\n", argv[0]);
        return 2;
    }
    size_t want = (size_t)atoi(argv[1]);
    const char *path = argc == 3 ? argv[2] : SHOPSPEAK_POCKETSPHINX_MODELDIR "/en-us/en-us.lm.bin";
    err_set_logfp(NULL);
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
    ngram_model_t *lm = lmath ? ngram_model_read(NULL, path, NGRAM_AUTO, lmath) : NULL;
    if (!lm) {
        fprintf(stderr, "%s: cannot read the language model %s\n", argv[0], path);
        logmath_free(lmath);
        return 1;
    }
    uint32 n = ngram_model_get_counts(lm)[0];
    unigram_t *words = malloc((n ? n : 1) * sizeof *words);
    if (!words) {
        fprintf(stderr, "%s: out of memory\n", argv[0]);
        return 1;
    }
    for (uint32 i = 0; i < n; i++) {
        words[i].word = ngram_word(lm, (int32)i);
        words[i].score = ngram_score(lm, words[i].word, NULL);
    }
    qsort(words, n, sizeof *words, by_score);
    printf("<garbage> =");
    size_t line = 11, written = 0;
    for (uint32 i = 0; i < n && written < want; i++) {
        if (!plain_word(words[i].word))
            continue;
        size_t len = strlen(words[i].word) + 3;
        if (line + len > 96) {
            printf("\n           ");
            line = 11;
        }
        printf("%s %s", written ? " |" : "", words[i].word);
        line += len;
        written++;
    }
    printf(";\n");
    free(words);
    ngram_model_free(lm);
    logmath_free(lmath);
    return 0;
}
