/* pronounce.c - pronunciations for words the dictionary lacks: eSpeak NG's phonemes mapped to
 * the CMU phone set of the en-us acoustic model. */
#include <stdio.h>
#include <string.h>

#include "grammar_internal.h"

/*
 * eSpeak NG's ASCII mnemonics (phonememode 0) for the en-us voice, longest first within each
 * leading character so a greedy scan picks "aI3" over "aI" over "a". The targets follow
 * cmudict's habits, checked against cmudict itself (see tests/unit/grammar): r-coloured
 * vowels are vowel + R (cmudict writes "bar" B AA R), schwa is AH, the en-us flap t# is T,
 * syllabic consonants (n-, l-, @L) are AH + consonant ("button" B AH T AH N).
 */
static const struct {
    const char *espeak;
    const char *cmu;
} MAP[] = {
    /* vowels and diphthongs */
    {"aI@3", "AY ER"},
    {"aI@", "AY AH"},
    {"aI3", "AY ER"},
    {"aI", "AY"},
    {"aU@", "AW ER"},
    {"aU3", "AW ER"},
    {"aU", "AW"},
    {"aa", "AE"},
    {"a#", "AH"},
    {"a2", "AH"},
    {"a", "AE"},
    {"A@", "AA R"},
    {"A:", "AA"},
    {"A#", "AA"},
    {"A", "AA"},
    {"0@", "AO R"},
    {"0:", "AO"},
    {"0", "AA"},
    {"O@", "AO R"},
    {"O:", "AO"},
    {"OI", "OY"},
    {"O2", "AO"},
    {"O#", "AO"},
    {"O", "AO"},
    {"o@", "AO R"},
    {"oU#", "OW"},
    {"oU", "OW"},
    {"o", "OW"},
    {"eI", "EY"},
    {"e@", "EH R"},
    {"e", "EH"},
    {"E@", "EH R"},
    {"E2", "EH"},
    {"E#", "IH"},
    {"E", "EH"},
    {"3:", "ER"},
    {"3", "ER"},
    {"@L", "AH L"},
    {"@-", "AH"},
    {"@2", "AH"},
    {"@5", "AH"},
    {"@#", "AH"},
    {"@", "AH"},
    {"i@3", "IY R"},
    {"i@", "IY AH"},
    {"i:", "IY"},
    {"i", "IY"},
    {"I@", "IH R"},
    {"I2", "IH"},
    {"I#", "IH"},
    {"I", "IH"},
    {"U@", "UH R"},
    {"U", "UH"},
    {"u@", "UW AH"},
    {"u:", "UW"},
    {"u", "UW"},
    {"VR", "AH R"},
    {"V", "AH"},
    {"y", "UW"},
    {"Y", "ER"},
    /* consonants */
    {"tS", "CH"},
    {"t#", "T"},
    {"t2", "T"},
    {"t", "T"},
    {"dZ", "JH"},
    {"d#", "D"},
    {"d2", "D"},
    {"d", "D"},
    {"p", "P"},
    {"b", "B"},
    {"k", "K"},
    {"g", "G"},
    {"f", "F"},
    {"v", "V"},
    {"T", "TH"},
    {"D", "DH"},
    {"s2", "S"},
    {"s#", "S"},
    {"s", "S"},
    {"z#", "Z"},
    {"z", "Z"},
    {"S", "SH"},
    {"Z", "ZH"},
    {"h", "HH"},
    {"C", "HH"},
    {"x", "K"},
    {"m-", "AH M"},
    {"m", "M"},
    {"n-", "AH N"},
    {"n", "N"},
    {"N", "NG"},
    {"l-", "AH L"},
    {"l#", "L"},
    {"l", "L"},
    {"r-", "R"},
    {"r", "R"},
    {"w#", "W"},
    {"w", "W"},
    {"j", "Y"},
};

/* Marks that carry no phone: stress (' , % =), length (:), pauses (_), the palatal ; and
 * the glottal stop ?, which cmudict never writes. */
static const char SKIP[] = "',%=:_;?!| \t\n";

static int append_phones(char *out, size_t outlen, size_t *used, const char *phones, int *n_phones)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%s", phones);
    for (char *save = NULL, *ph = strtok_r(buf, " ", &save); ph; ph = strtok_r(NULL, " ", &save)) {
        /* eSpeak writes "bA@r'Il@" (r-coloured vowel, then r): one R, as cmudict has it. */
        const char *last = *used ? strrchr(out, ' ') : NULL;
        last = last ? last + 1 : out;
        if (strcmp(ph, "R") == 0 && *used && (strcmp(last, "R") == 0 || strcmp(last, "ER") == 0))
            continue;
        int n = snprintf(out + *used, outlen - *used, "%s%s", *used ? " " : "", ph);
        if (n < 0 || (size_t)n >= outlen - *used)
            return GRAMMAR_EINVAL;
        *used += (size_t)n;
        ++*n_phones;
    }
    return GRAMMAR_OK;
}

int grammar__espeak_to_cmu(const char *espeak, char *out, size_t outlen, size_t *n_unknown)
{
    size_t used = 0, unknown = 0;
    int n_phones = 0;
    if (outlen == 0)
        return GRAMMAR_EINVAL;
    out[0] = '\0';
    for (const char *p = espeak; *p;) {
        if (strchr(SKIP, *p)) {
            p++;
            continue;
        }
        size_t best = 0, best_len = 0;
        for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++) {
            size_t len = strlen(MAP[i].espeak);
            if (len > best_len && strncmp(p, MAP[i].espeak, len) == 0) {
                best = i;
                best_len = len;
            }
        }
        if (best_len == 0) { /* a modifier (#, digits) or a symbol from another language */
            unknown++;
            p++;
            continue;
        }
        if (append_phones(out, outlen, &used, MAP[best].cmu, &n_phones) != GRAMMAR_OK)
            return grammar__fail(GRAMMAR_EINVAL, "pronunciation of \"%.40s\" is too long", espeak);
        p += best_len;
    }
    if (n_unknown)
        *n_unknown = unknown;
    if (n_phones == 0)
        return grammar__fail(GRAMMAR_EMODEL, "no model phones in eSpeak phonemes \"%.40s\"",
                             espeak);
    return n_phones;
}

int grammar_pronounce(audio_tts_t *tts, const char *word, char *phones, size_t len)
{
    char espeak[256];
    if (!tts || !word || !phones || len == 0)
        return grammar__fail(GRAMMAR_EINVAL, "grammar_pronounce: NULL argument");
    phones[0] = '\0';
    int st = audio_tts_phonemes(tts, word, espeak, sizeof espeak);
    if (st != AUDIO_OK)
        return grammar__fail(GRAMMAR_EMODEL, "no pronunciation for \"%.40s\": %s", word,
                             audio_error_detail());
    size_t unknown = 0;
    st = grammar__espeak_to_cmu(espeak, phones, len, &unknown);
    return st < 0 ? st : GRAMMAR_OK;
}
