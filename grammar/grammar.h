/*
 * grammar.h - what a shopper can say and what it means: the JSGF shopping grammar (its
 * product rule compiled from the catalog), pronunciations for words the dictionary lacks,
 * the PocketSphinx recognizer, and the parser that turns a hypothesis into an intent.
 *
 * Conventions: functions return 0 (GRAMMAR_OK) or a negative GRAMMAR_E* code; a one-line
 * explanation of the last failure is in grammar_errmsg() (thread-local). Nothing here prints
 * or exits; PocketSphinx's own log goes to the file given in the config (or nowhere).
 */
#ifndef SHOPSPEAK_GRAMMAR_H
#define SHOPSPEAK_GRAMMAR_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    GRAMMAR_OK = 0,
    GRAMMAR_ENOENT = -200,   /* grammar file or model directory missing */
    GRAMMAR_ESYNTAX = -201,  /* grammar file does not parse; message gives line and column */
    GRAMMAR_EMODEL = -202,   /* acoustic model or dictionary unusable */
    GRAMMAR_ENOMATCH = -203, /* words are not a sentence of the grammar */
    GRAMMAR_ENOMEM = -204,
    GRAMMAR_EINVAL = -205,
    GRAMMAR_EDECODE = -206, /* PocketSphinx failed while decoding */
} grammar_status_t;

const char *grammar_strerror(int status);
const char *grammar_errmsg(void);

/* ---- Grammar and intents ----------------------------------------------------------------- */

typedef struct grammar_s grammar_t;

#define GRAMMAR_MAX_SLOTS 8

typedef struct {
    char name[32];   /* e.g. "product" */
    char value[256]; /* the spoken words, or the value the grammar maps them to */
    /* Where it was said: words [first_word, first_word + n_words) of the sentence
     * grammar_parse() read (split at spaces). n_words is 0 for a slot set any other way. */
    size_t first_word, n_words;
} grammar_slot_t;

typedef struct {
    char name[32]; /* the intent, e.g. "reorder", "price", "stock", "yes", "no", "cancel", "help" */
    size_t n_slots;
    grammar_slot_t slots[GRAMMAR_MAX_SLOTS];
} grammar_intent_t;

/* The value of a slot, or NULL when the intent has no such slot. Points into intent. */
const char *grammar_intent_slot(const grammar_intent_t *intent, const char *slot_name);

/* The same slot whole (its words too), or NULL. Points into intent. */
const grammar_slot_t *grammar_intent_find_slot(const grammar_intent_t *intent,
                                               const char *slot_name);

/* Set a slot's value, adding the slot when the intent has none of that name; a slot past
 * GRAMMAR_MAX_SLOTS is dropped. The slot then has no words (n_words 0). Returns the slot, or
 * NULL when it was dropped. */
grammar_slot_t *grammar_intent_set_slot(grammar_intent_t *intent, const char *slot_name,
                                        const char *value);

/*
 * Load a JSGF grammar file (see docs/grammar.md). The rule <product> is generated from the
 * phrases added with grammar_add_phrase() before grammar_compile(); a grammar that
 * references <product> and has no phrases fails to compile.
 */
grammar_t *grammar_load(const char *path, int *status);
void grammar_free(grammar_t *g); /* NULL is a no-op */

/* Longest phrase grammar_add_phrase() keeps, once spoken: words, and bytes. */
#define GRAMMAR_PHRASE_MAX_WORDS 16
#define GRAMMAR_PHRASE_MAX_BYTES 255

/* Add a spoken phrase for slot rule `rule` (e.g. "product"): normalised as grammar_normalize()
 * describes (a-z and inner apostrophes kept, digits and & spoken as words, everything else
 * separates words; a word is cut to its first 63 letters); a phrase left empty is ignored, a
 * repeated one is kept once. A phrase
 * longer than GRAMMAR_PHRASE_MAX_WORDS words or GRAMMAR_PHRASE_MAX_BYTES bytes once spoken is
 * left out too (nobody says it whole, and a slot must be a phrase the catalog knows, so it is
 * not cut): a product with such a name is heard by its shorter aliases. Both return
 * GRAMMAR_OK. The rule must not be written in the file. */
int grammar_add_phrase(grammar_t *g, const char *rule, const char *phrase);

/* 1 when some rule of the grammar refers to <rule> (e.g. "product"), so its phrases must be
 * added before grammar_compile(); 0 otherwise (then no catalog is needed for it). */
int grammar_uses_rule(const grammar_t *g, const char *rule);

/* 1 when grammar_parse() can give this intent (a public rule of that name), 0 otherwise. */
int grammar_has_intent(const grammar_t *g, const char *intent);

/* 1 when some expansion of the grammar sets this slot ({slot} or {slot=value}), 0 otherwise:
 * an evaluation label naming another slot can never be matched. */
int grammar_has_slot(const grammar_t *g, const char *slot);

/*
 * What can be said for the k-th public rule in file order (k from 0): its sentence of fewest
 * words, into out. On a tie the first alternative; optional and repeated parts left out, a
 * generated rule said by its first phrase; "" for a rule that may be said with no words at all
 * (`[please]`, `<NULL>`). The help of an operator's grammar reads these out.
 * GRAMMAR_OK; GRAMMAR_ENOENT when g has no k-th public rule; GRAMMAR_EINVAL when g is not
 * compiled, the rule's fewest words are more than a hypothesis holds (64), or out (len bytes)
 * is too small.
 */
int grammar_example(const grammar_t *g, size_t k, char *out, size_t len);

/* Declare a generated rule (e.g. "category") that may end up with no phrases: a reference to
 * it then fails grammar_compile() with "FILE:LINE:COL: the list <rule> is empty" instead of
 * "unknown rule". grammar_add_phrase() declares its rule too. */
int grammar_add_list(grammar_t *g, const char *rule);

/*
 * A new, uncompiled grammar with g's rules as loaded from its file and no generated phrases,
 * parsed from the text kept in g (the file is not read again). For grammars rebuilt every
 * turn from a few phrases (the choice among candidates): copy, add the phrases, compile.
 * The caller frees the copy. NULL on failure.
 */
grammar_t *grammar_copy(const grammar_t *g, int *status);

/* Finish the grammar: generated rules are written in. Call once, after the phrases. After a
 * failure the grammar is half-built and refuses another compile: load or copy it again. */
int grammar_compile(grammar_t *g);

/* The grammar written back as JSGF (one public top rule; no tags or weights), for logs and
 * for reading. The recognizer does not use it: grammar/fsg.c builds its FSG from the rules
 * themselves. NULL before grammar_compile(). Owned by g. */
const char *grammar_jsgf(const grammar_t *g);

/* Every distinct word the grammar can produce, for pronunciation checks. Owned by g. */
const char *const *grammar_words(const grammar_t *g, size_t *n_words);

/* Parse a sentence of the grammar (lowercase words separated by spaces) into an intent. */
int grammar_parse(const grammar_t *g, const char *words, grammar_intent_t *out);

/*
 * Added: normalise text exactly as grammar_add_phrase() does, so a catalog can look up the
 * product a slot names: lowercase; Latin-1 accents folded ("Nestle"); digits spoken as words
 * ("7 Up" -> "seven up"); apostrophes kept inside words; everything else separates words.
 * Writes into out (NUL-terminated). Returns the number of words (0 for nothing speakable), or
 * GRAMMAR_EINVAL when out is too small.
 */
int grammar_normalize(const char *text, char *out, size_t outlen);

/* Whether `words` occur in `phrase` as whole words (both normalised as above): "margherita"
 * in "dr oetker margherita pizza", not "pizza" in "pizzas". */
int grammar_has_words(const char *phrase, const char *words);

/*
 * Spoken numbers, with the same number words grammar_normalize() speaks digits with.
 * grammar_number_word(): the word for 0..19, 20, 30, ... 90 ("twelve", "forty"); NULL for any
 * other n. Static storage.
 * grammar_number_value(): "twelve" -> 12, "twenty one" (or "twenty-one") -> 21, "zero" -> 0;
 * -1 when the words are not one number 0..99.
 * grammar_price_cents(): a spoken price as the grammar's <money> rule has it: "twelve" or
 * "twelve dollars" -> 1200, "twelve fifty" or "twelve dollars fifty" or "twelve dollars and
 * fifty cents" -> 1250, "fifty cents" -> 50; -1 when not a price.
 * grammar_digits(): digits said one by one ("one two oh four") into out as "1204"; returns how
 * many, or -1 for a word that is not a digit or when out is too small.
 */
const char *grammar_number_word(int n);
int grammar_number_value(const char *words);
long grammar_price_cents(const char *words);
int grammar_digits(const char *words, char *out, size_t outlen);

/*
 * Added: a pronunciation of `word` in the en-us model's phones ("L AE V AE Z AH" for lavazza), from
 * eSpeak NG's phonemes (tts must be open). Writes into phones (NUL-terminated). Returns 0, or
 * GRAMMAR_EMODEL when eSpeak gives nothing that maps, GRAMMAR_EINVAL when phones is too small.
 */
int grammar_pronounce(audio_tts_t *tts, const char *word, char *phones, size_t len);

/* ---- Recognizer (PocketSphinx) ------------------------------------------------------------ */

typedef struct asr_s asr_t;

typedef struct {
    const char *model_dir; /* NULL: Debian's en-us model (pkg-config modeldir)/en-us/en-us */
    const char *dict_path; /* NULL: cmudict-en-us.dict beside it */
    const char *log_path;  /* PocketSphinx's log; NULL: discarded */
    audio_tts_t *tts;      /* for pronunciations of unknown words; NULL: unknown words fail */
    /* Extra PocketSphinx options applied over ours, as "-name", "value" pairs ending in NULL
     * (for tuning and benchmarks); NULL for none. */
    const char *const *decoder_options;
    /* Rejection: a result whose confidence is below this is marked rejected (not a command),
     * and so is one that a grammar's <garbage> words explain better (docs/grammar.md). 0
     * accepts every sentence the grammar matched that has a confidence above 0 (words, not
     * only silence and noise), and does not consult the garbage words. */
    double reject_below;
} asr_config_t;

/* The threshold chosen for real speech from the measured curve (docs/grammar.md,
 * tests/bench/recognition.sh): the lowest point with at most 5% of 227 non-commands accepted
 * and at most 2% of the 200 real coffee orders rejected. At 0.2, 1.8% and 0.5%; 0.15 (the
 * default until the confidence pass got its own front end, grammar/features.c) now accepts 5.3%.
 * The shopspeak program's default (pipeline_config_default(), setting reject-below).
 * asr_config_default() keeps 0 (reject nothing the grammar matched): eSpeak NG voices score
 * below real ones (43 of 86 spoken fixtures fall under 0.07), so a program that decodes
 * synthetic speech chooses its own threshold. */
#define ASR_REJECT_BELOW_REAL_SPEECH 0.2

asr_config_t asr_config_default(void);

/*
 * Start PocketSphinx with the grammar. Words the dictionary lacks get pronunciations from
 * eSpeak NG's phonemes mapped to the model's phones before the grammar loads. g must stay
 * alive and unchanged until asr_close(): asr_decode() checks hypotheses with it. NULL on
 * failure (GRAMMAR_EINVAL also for a rule that refers to itself, which the recogniser cannot
 * search; see docs/grammar.md).
 */
asr_t *asr_open(const asr_config_t *config, const grammar_t *g, int *status);
void asr_close(asr_t *asr);

/*
 * Check, without loading the acoustic model, that every word written in g's file can be
 * pronounced: it is in the dictionary (config->dict_path, or the default beside the model), or
 * eSpeak NG gives phones for it (config->tts, may be NULL). What asr_open() would refuse, for
 * the text front end, which has no recognizer. Returns 0, or GRAMMAR_EMODEL with
 * "FILE:LINE:COL: the word "x" has no pronunciation ..." in grammar_errmsg().
 */
int asr_check_words(const asr_config_t *config, const grammar_t *g);

/* The name asr_open() gives its grammar. */
#define ASR_TOP_GRAMMAR "top"

/*
 * One decoder, several grammars (one per dialog state): each is a PocketSphinx FSG search of
 * its own name over the same acoustic model. asr_add_grammar() gives g's new words
 * pronunciations and builds its search; name is 1-31 characters. Adding a name already in use
 * replaces that grammar only when the new one loads: on failure the old one stays (and stays
 * in use if it was), the message names the file and line. g is borrowed: it must stay alive
 * and unchanged until asr_close() or until another successful asr_add_grammar() of the same
 * name (then the caller may free the old one). Cheap for small grammars (a choice among a few
 * candidates rebuilt every turn: about a millisecond).
 * asr_use_grammar(): asr_decode() searches the named grammar from now on.
 * Both return 0 or a negative GRAMMAR_E* code (GRAMMAR_EINVAL for a name never added).
 */
int asr_add_grammar(asr_t *asr, const char *name, const grammar_t *g);
int asr_use_grammar(asr_t *asr, const char *name);
/* The name of the grammar asr_decode() searches. Static or owned by asr. */
const char *asr_grammar_in_use(const asr_t *asr);
/* The text-to-speech asr_add_grammar() asks for pronunciations from now on (the caller re-opened
 * it, say at another speaking rate); NULL: words not in the dictionary fail. Borrowed. */
void asr_set_tts(asr_t *asr, audio_tts_t *tts);

typedef struct {
    char text[1024]; /* the words heard; "" when nothing matched */
    double audio_seconds;
    double decode_ms; /* wall-clock time spent decoding */
    /* Added: PocketSphinx's path score of the returned words (log scale). Not a confidence;
     * equal scores for the same audio show that decoding does not depend on what was decoded
     * before. */
    long score;
    /* How sure the recognizer is that these words, and not others, were said: 0 (a guess) to
     * 1 (certain). Comparable across utterances and grammars; see docs/grammar.md. */
    double confidence;
    /* confidence < config.reject_below, or nothing matched: the caller treats the utterance
     * as not a command ("I didn't catch that"). text still holds the best guess. */
    int rejected;
    /* The same measure per word of text, in order (a compound "a+b" gives both words its
     * value): the weakest slot is the one to confirm ("Did you say oat milk?"). Short words
     * are noisier than whole sentences. n_words is 0 when text is not a sentence. */
    size_t n_words;
    double word_confidence[64];
} asr_result_t;

/* The longest utterance asr_decode() takes, in seconds. One command is a few seconds; past
 * this it is a stuck microphone or a recording that is not one command, and the search's
 * history would grow with it. The settings that bound what reaches it (max-seconds,
 * max-command) stop here too. */
#define ASR_MAX_SECONDS 30

/* Decode one whole utterance of 16 kHz mono PCM with the grammar in use (asr_use_grammar()).
 * out->text is a sentence of that grammar, or
 * words that are not one (grammar_parse() rejects them: not understood), or "". */
int asr_decode(asr_t *asr, const int16_t *pcm, size_t n, asr_result_t *out);

/* How many words got pronunciations from eSpeak NG (for start-up messages and tests). */
size_t asr_generated_words(const asr_t *asr);

/* Added: words of generated phrases (products) that got no pronunciation; their phrases were
 * left out of the recogniser's grammar so the rest still loads. Owned by asr. */
const char *const *asr_dropped_words(const asr_t *asr, size_t *n_words);

/* ---- Wake word (PocketSphinx keyword spotting, then a check) ------------------------------ */

/* Listens to a live 16 kHz stream for one phrase ("hey shop") and says when it was heard: a
 * lenient keyword spotter proposes, the phrase aligned to the proposed stretch is scored against
 * a phone loop, and a confidence from that score decides (grammar/wake.c). */
typedef struct asr_wake_s asr_wake_t;

typedef struct {
    const char *model_dir; /* NULL: as asr_config_t */
    const char *dict_path; /* NULL: as asr_config_t */
    const char *log_path;  /* PocketSphinx's log; NULL: discarded */
    const char *keyphrase; /* words of the dictionary, e.g. "hey shop" (copied) */
    /* [0, 1]: the confidence a proposal of the keyword spotter needs to count as heard;
     * smaller detects more, and more falsely (docs/BENCHMARKS.md). */
    double threshold;
} asr_wake_config_t;

asr_wake_config_t asr_wake_config_default(void);

/* NULL on failure: GRAMMAR_EMODEL for a word the dictionary lacks or an unusable model,
 * GRAMMAR_EINVAL for an empty phrase or a threshold out of range. */
asr_wake_t *asr_wake_open(const asr_wake_config_t *config, int *status);
void asr_wake_close(asr_wake_t *w); /* NULL is a no-op */

/* Feed n samples of 16 kHz mono in order. Returns 1 when the phrase was heard (the keyword
 * spotter proposed it and the check accepted it, about 0.3 s after the phrase ended, by the end
 * of these samples; the spotter then starts afresh), 0 when not, or a negative status. */
int asr_wake_process(asr_wake_t *w, const int16_t *pcm, size_t n);

/* Forget what was heard so far (after a gap in the stream, e.g. half-duplex playback). */
int asr_wake_reset(asr_wake_t *w);

/* A proposal of the spotter and what the check made of it. */
typedef struct {
    double start, end;   /* the stretch checked, in seconds of the stream since asr_wake_open() */
    double spot_score;   /* the spotter's score per frame (logmath units >> SENSCR_SHIFT) */
    double llr;          /* the check: per-frame log-likelihood ratio, phrase against phones */
    double min_word_llr; /* the same for the phrase's worst word */
    int words, frames;   /* words the check aligned (all of the phrase's, or it failed), frames */
    double confidence;   /* 0..1 from llr; 0 when the phrase did not align, or a word of it was
                          * squeezed into under 0.1 s */
    int accepted;        /* confidence >= the threshold: asr_wake_process() returned 1 */
    /* How long before the end of the samples fed so far the phrase ended (its last word in the
     * check's alignment): a command starts after that, not at the detection, which comes after
     * the context the check listens to. */
    double ended_ago;
} asr_wake_candidate_t;

/* 1 with *out (OUT) filled when the last asr_wake_process() checked a proposal, else 0. */
int asr_wake_last_candidate(const asr_wake_t *w, asr_wake_candidate_t *out);

#ifdef __cplusplus
}
#endif
#endif /* SHOPSPEAK_GRAMMAR_H */
