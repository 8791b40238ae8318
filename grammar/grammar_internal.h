/*
 * grammar_internal.h - what the files of grammar/ share and nothing outside may use: the JSGF
 * syntax tree, the grammar object, the matcher, the phoneme mapper and the error setter.
 */
#ifndef SHOPSPEAK_GRAMMAR_INTERNAL_H
#define SHOPSPEAK_GRAMMAR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grammar.h"

/* Caps on outside input (curl style): a grammar file, a word, a phrase, the generated text. */
#define GRAMMAR__MAX_FILE  (4u << 20)
#define GRAMMAR__MAX_WORD  64
#define GRAMMAR__MAX_WORDS 64 /* words in one hypothesis or phrase */

/* The one public rule of the JSGF PocketSphinx gets: every intent is an alternative of it. */
#define GRAMMAR__TOP_RULE "shopspeak_intents"

typedef enum {
    NODE_WORD,    /* a token: text is the word */
    NODE_RULEREF, /* <name>: text is the name, rule the resolved index */
    NODE_SEQ,     /* kids in order */
    NODE_ALT,     /* one of the kids */
    NODE_OPT,     /* [kid] */
    NODE_STAR,    /* kid* */
    NODE_PLUS,    /* kid+ */
    NODE_PHRASES, /* a generated rule: one of the rule's phrases (indexed by first word) */
} node_kind_t;

typedef struct node_s node_t;
struct node_s {
    node_kind_t kind;
    char *text;    /* WORD: the word; RULEREF: the rule name (owned) */
    int rule;      /* RULEREF: index into grammar_s.rules once compiled; else -1 */
    node_t **kids; /* owned */
    size_t n_kids;
    char *tag_slot;  /* {slot} or {slot=value} after this expansion; NULL when untagged */
    char *tag_value; /* NULL for {slot}: the slot takes the spoken words */
    int line, col;   /* where it starts in the file, for messages */
    int height;      /* levels of nodes under it (0 for a leaf); jsgf.c caps it */
};

/* One generated rule's phrases (e.g. <product>): normalised, deduplicated, in insertion order,
 * with a chained hash from first word to phrase so matching does not scan them all. */
typedef struct {
    char *name;
    char **phrases; /* owned, "word word" */
    size_t n, cap;
    size_t *first_next; /* per phrase: next phrase with the same first word, or SIZE_MAX */
    size_t *buckets;    /* n_buckets heads, SIZE_MAX when empty */
    size_t n_buckets;
    size_t *seen; /* open-addressing set of phrase indices for deduplication, SIZE_MAX empty */
    size_t seen_cap;
} phrase_set_t;

typedef struct {
    char *name; /* without <> */
    bool is_public;
    node_t *body;   /* NULL for a generated rule (its phrases are in phrase_set) */
    int phrase_set; /* index into grammar_s.sets, or -1 */
    int line, col;
} rule_t;

/* A word written in the file (not only generated) and where it is first written: rules in file
 * order, each depth first, as a reader finds it. */
typedef struct {
    const char *word; /* the node's text, owned by the rule tree */
    int line, col;
    size_t order; /* among the file's word nodes, so that sorting keeps the first */
} written_word_t;

struct grammar_s {
    char *path;
    char *source; /* the file's text, for grammar_copy() */
    size_t source_len;
    char *grammar_name; /* from `grammar NAME;` */
    rule_t *rules;
    size_t n_rules, cap_rules;
    size_t *rule_tab; /* rules' indices by name (grammar__find_rule()), SIZE_MAX empty */
    size_t rule_tab_cap;
    phrase_set_t *sets;
    size_t n_sets;
    bool compiled;
    bool compile_failed; /* half-built (generated rules appended): not to be compiled again */
    char *jsgf;          /* the text for PocketSphinx, after compile */
    char **words;        /* every distinct word, after compile */
    size_t n_words;
    written_word_t *written; /* the written words, sorted by word, after compile */
    size_t n_written;
};

/* error.c: record the last failure for grammar_errmsg() and return status. */
int grammar__fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Check an acoustic model directory and dictionary before PocketSphinx (which exits on a bad
 * file) sees them (asr.c). GRAMMAR_OK or a status with the message set. */
int grammar__check_model(const char *hmm, const char *dict);

/* grammar.c: g's rules by name. The index of the rule called name, or -1. Rules are only added
 * by grammar__reserve_rule() (room for one more: GRAMMAR_OK or GRAMMAR_ENOMEM), then
 * grammar__append_rule(), which cannot fail; g then owns *r's pointers. */
int grammar__find_rule(const grammar_t *g, const char *name);
int grammar__reserve_rule(grammar_t *g);
void grammar__append_rule(grammar_t *g, const rule_t *r);

/* jsgf.c: parse JSGF text into g's rules. `path` is only for messages. */
int grammar__parse_jsgf(grammar_t *g, const char *text, size_t len, const char *path);
void grammar__node_free(node_t *n);

/* grammar.c: the grammar as JSGF text (grammar_jsgf()), the generated rules written in. Caller
 * frees. NULL on ENOMEM. */
char *grammar__jsgf_text(const grammar_t *g);
bool grammar__is_generated_word(const grammar_t *g, const char *word);
/* Where word is first written in g's file (line and column); false when it is not written
 * there (only in generated phrases) or g is not compiled. A binary search. */
bool grammar__word_where(const grammar_t *g, const char *word, int *line, int *col);

/* fsg.c: the word FSG the decoder searches, built from the tree. A generated phrase of several
 * words is one compound word "w1+w2+w3" (grammar__compound_word), which the decoder's
 * dictionary must have. */
typedef struct {
    /* true: each generated rule is built once and shared by all its references; the FSG then
     * accepts a superset of the grammar (check hypotheses with grammar_parse()). false: one
     * copy per reference, exactly the grammar. */
    bool shared;
    /* Phrases with a word for which usable_word() is false are left out; so are phrases for
     * which keep_phrase(set, phrase index) is false. NULL: keep all. */
    bool (*usable_word)(const char *word, void *ctx);
    bool (*keep_phrase)(size_t set, size_t phrase, void *ctx);
    void *ctx;
    /* >= 0: only this public rule (an index into grammar_s.rules); -1: every public rule. */
    int only_rule;
} grammar__fsg_opts_t;

/* The rule whose words compete with the grammar's sentences (docs/grammar.md, "Out-of-grammar
 * words"): a private rule of this name. */
#define GRAMMAR__GARBAGE_RULE "garbage"
/* The words of g's private rule <garbage> that no public rule writes, in g's word order, up to
 * max of them into out (pointers into g's word list, valid while g is); returns how many. 0
 * when g has no such rule. */
size_t grammar__garbage_words(const grammar_t *g, const char **out, size_t max);

/* OUT: *fsg, owned by the caller (fsg_model_free), NULL on failure. Returns 0 or a status
 * with the message set (GRAMMAR_EINVAL for a grammar not compiled: grammar_compile() refuses
 * the recursion an FSG cannot hold). */
struct fsg_model_s;
struct logmath_s;
int grammar__build_fsg(const grammar_t *g, struct logmath_s *lmath, float lw,
                       const grammar__fsg_opts_t *opts, struct fsg_model_s **fsg);

/* The FSG of one sentence (its decoder words in order: "oat+milk", no "(2)") beside a loop of
 * one or more garbage words, each weighted garbage_prob; the sentence's own words are left out
 * of the loop. OUT: *fsg, the caller's. 0, or a status with the message set. */
int grammar__sentence_fsg(const char *const *words, size_t n_words, const char *const *garbage,
                          size_t n_garbage, double garbage_prob, struct logmath_s *lmath, float lw,
                          struct fsg_model_s **fsg);

/* Each word's alternate pronunciations ("olive(2)", "olive(3)") as words of fsg on copies of
 * its arcs, as PocketSphinx adds them to an FSG that has none, in the same order, but in one
 * pass over the arcs instead of one per alternate. n_alternates(word, ctx) says how many the
 * decoder has, numbered from (2) as in cmudict. 0, or GRAMMAR_ENOMEM (fsg is then half done:
 * free it). */
int grammar__fsg_add_alternates(struct fsg_model_s *fsg,
                                int (*n_alternates)(const char *word, void *ctx), void *ctx);

/* The compound word of a phrase: its words joined by '+', a character no grammar word can
 * contain. 0, or GRAMMAR_EINVAL when out (len bytes) is too small. */
#define GRAMMAR__MAX_COMPOUND 256
/* fsg.c builds a generated rule from compound words only past this many trie states inside
 * its phrases; a rule with fewer words in all its phrases never needs them. */
#define GRAMMAR__MAX_TRIE_STATES 1000
/* The most states and arcs fsg.c builds before minimising. The 330 kB grammar and 10,000
 * products of tests/bench/grammar_scale.sh need 21,000 states and 40,000 arcs. `shopspeak wav`
 * takes about 2.7 kB a state (a rule nested in itself twice, 15, 16 and 17 deep: 115, 201 and
 * 372 MB), so at 65,536 states a grammar stays near 200 MB, within a small Pi's memory; twenty
 * deep once asked for a million states and gigabytes before it was refused. grammar_compile()
 * refuses a grammar whose written rules alone pass it. */
#define GRAMMAR__MAX_FSG_STATES (1 << 16)
#define GRAMMAR__MAX_FSG_ARCS   (1 << 19)
int grammar__compound_word(const char *phrase, char *out, size_t len);

/* Every generated phrase that occurs as whole words in text ("w1 w2 ..."), up to max of them,
 * into out; returns how many. */
typedef struct {
    size_t set, phrase;
} grammar__phrase_ref_t;
size_t grammar__phrases_in(const grammar_t *g, const char *text, grammar__phrase_ref_t *out,
                           size_t max);

/* The public rules (intents) whose written words best cover text's words, best first, up to
 * max of them, into rules (indices into grammar_s.rules); returns how many. A word counts
 * more the fewer intents write it ("need" names reorder; "the" names none in particular). */
size_t grammar__intents_near(const grammar_t *g, const char *text, int *rules, size_t max);

/* match.c: match words against the public rules (file order); 0 or GRAMMAR_ENOMATCH, which
 * sets the message only when the matcher gave up (step or depth cap). */
int grammar__match(const grammar_t *g, char **words, size_t n_words, grammar_intent_t *out,
                   bool *gave_up);

/* pronounce.c: map eSpeak NG ASCII phonemes ("l'avaz@") to CMU phones ("L AA V AA Z AH").
 * Returns the number of phones written (> 0), or a negative status when nothing maps or out
 * is too small. *n_unknown counts symbols that had no mapping and were skipped. */
int grammar__espeak_to_cmu(const char *espeak, char *out, size_t outlen, size_t *n_unknown);

/* confidence.c: how sure the recogniser is of the grammar path (see docs/grammar.md). */
#define GRAMMAR__CONF_MAX_SEGS (2 * GRAMMAR__MAX_WORDS)
typedef struct {
    char word[GRAMMAR__MAX_COMPOUND]; /* as the decoder has it: "the(2)", "<sil>", "a+b" */
    int sf, ef;                       /* first and last frame */
    long ascr, lscr;
} grammar__conf_seg_t;

typedef struct {
    grammar__conf_seg_t segs[GRAMMAR__CONF_MAX_SEGS];
    size_t n;
    int n_frames;
} grammar__conf_path_t;

typedef struct {
    double llr, llr_all, g, min_llr, min_g;
    int speech_frames, n_frames, ref_speech;
    double g_all, r_all;
    size_t n_words;
    char words[GRAMMAR__CONF_MAX_SEGS][GRAMMAR__MAX_COMPOUND];
    double word_llr[GRAMMAR__CONF_MAX_SEGS];
} grammar__conf_t;

struct ps_decoder_s;

/* features.c: one utterance's cepstra from the decoder's own front end (noise and silence
 * removal included, a new stream each time), computed once for all the passes over it. */
typedef struct {
    void *cep;     /* mfcc_t **: n_frames rows of n_cep (sphinxbase's type, float or fixed) */
    void *scratch; /* the same size: a copy for each pass, which the decoder normalises */
    int n_frames, n_cep;
} grammar__feats_t;
int grammar__features(struct ps_decoder_s *ps, const int16_t *pcm, size_t n, grammar__feats_t *out);
/* One utterance of the current search over f: start, all frames at once, end. 0 or -1. */
int grammar__decode_feats(struct ps_decoder_s *ps, const grammar__feats_t *f);
void grammar__feats_free(grammar__feats_t *f);

/* The stretch of an utterance worth decoding, as *start and *len in samples: from SPAN_MARGIN
 * before the first to SPAN_MARGIN after the last 10 ms frame loud enough to be the command
 * (the 50 ms around it within SPAN_BELOW_LOUD_DB of its loud frames, as mean power: a single
 * loud frame of background talk does not count). Loud frames SPAN_GAP_FRAMES or more apart
 * are separate stretches; the one with the most power is the command, and it takes in the
 * stretches beside it up to the first that is voiced (SPAN_VOICED_SHARE): talk as close to the
 * command's level after a pause longer than the endpointer's trailing silence (0.6 s) is
 * someone else, while clatter is harmless. What lies outside is noise or someone else talking,
 * which the grammar otherwise hears as more words ("... with sweetener and a lot of milk"); a side
 * that is quiet is kept. All of it when short or when out of memory. The margin keeps a soft first
 * or last word; the device's endpointer has already cut live utterances about this way, so for
 * them it changes little. 10 dB and 1 s chosen on the odd half of coffee-dev
 * (docs/BENCHMARKS.md). */
#define SPAN_FRAME           160 /* 10 ms at 16 kHz */
#define SPAN_MIN_FRAMES      30  /* shorter: decode it all */
#define SPAN_LOUD_MIN_FRAMES 15  /* the loud level needs 150 ms of frames at least that loud */
#define SPAN_MARGIN_FRAMES   25  /* 250 ms */
#define SPAN_BELOW_LOUD_DB   10.0
#define SPAN_SMOOTH_FRAMES   2    /* either side: the level around a frame is of 50 ms */
#define SPAN_QUIET_BELOW_DB  40.0 /* a side this far under (mean power) is quiet: kept */
#define SPAN_GAP_FRAMES      100  /* 1 s under the level parts one stretch from the next */
#define SPAN_PERIODIC_MIN    0.6  /* a voiced frame's autocorrelation at its pitch period */
#define SPAN_VOICED_SHARE    0.3  /* a stretch this much voiced is someone talking */
void grammar__speech_span(const int16_t *pcm, size_t n, size_t *start, size_t *len);
/* The level of each of n_frames 10 ms frames of pcm in dB (mean square + 1: silence is 0 dB) into
 * db, each sample first less pre_emphasis times the one before it (0: the samples as they are);
 * and a qsort() comparison of doubles, for percentiles of them. */
void grammar__frame_levels(const int16_t *pcm, size_t n_frames, double pre_emphasis, double *db);
int grammar__cmp_double(const void *a, const void *b);

/* denoise.c: speexdsp noise suppression for a loud, steady background (a fan, hiss, hum), which
 * PocketSphinx's own noise removal barely touches; not for clatter or talk, which it makes worse.
 * steady_background() says whether pcm (16 kHz) has such a background; denoised() returns a
 * cleaned copy (malloc'd, n samples; NULL when out of memory); denoised_if_steady() the two
 * together: a cleaned copy when the background is steady, else NULL (use pcm as it is). */
bool grammar__steady_background(const int16_t *pcm, size_t n);
int16_t *grammar__denoised(const int16_t *pcm, size_t n);
int16_t *grammar__denoised_if_steady(const int16_t *pcm, size_t n);

/* tone.c: whether an utterance (16 kHz) is a steady tone, a timer's or an appliance's beep,
 * rather than speech: most of its loud frames have nearly all their energy in one narrow band.
 * The detector holds its FFT and buffers: one per recognizer, not shared by threads.
 * NULL from open when out of memory; is_tone() is false for a NULL detector and for more than
 * ASR_MAX_SECONDS of audio. */
typedef struct grammar__tone_s grammar__tone_t;
grammar__tone_t *grammar__tone_open(void);
void grammar__tone_close(grammar__tone_t *t);
bool grammar__is_tone(grammar__tone_t *t, const int16_t *pcm, size_t n);

/* lexicon.c: give ps each of the n words that dict_path (a cmudict-format file) has, with every
 * pronunciation it has ("word", "word(2)"), in one pass over the file; found[i] (when not NULL,
 * all false on entry) says which. 0 or a status with the message set. */
int grammar__add_dict_words(struct ps_decoder_s *ps, const char *dict_path, const char **words,
                            size_t n_words, bool *found);
int grammar__conf_open(struct ps_decoder_s *ps);
void grammar__conf_close(struct ps_decoder_s *ps); /* before ps_free() */
void grammar__conf_path(struct ps_decoder_s *ps, grammar__conf_path_t *path);
/* Whether a path word is no word said: "<sil>", "[NOISE]", "(NULL)". */
bool grammar__is_filler(const char *w);
int grammar__confidence(struct ps_decoder_s *ps, const char *search, const grammar__feats_t *feats,
                        const grammar__conf_path_t *path, grammar__conf_t *out);
/* 0..1 from a per-frame log-likelihood ratio (the fitted logistic). */
double grammar__conf_logistic(double llr);
/* The utterance's confidence (0 when no word was measured), and its words' into out. */
double grammar__conf_value(const grammar__conf_t *conf);
void grammar__conf_words(const grammar__conf_t *conf, asr_result_t *out);
/* What the last asr_decode() measured (for experiments and tests). Owned by asr. */
const grammar__conf_t *asr__last_conf(const asr_t *asr);

/* wake.c: what the wake word's last check measured and the alignment it measured (for
 * experiments: tests/bench/wake_bench.c). Owned by w, valid until its next check. */
void asr__wake_check(const asr_wake_t *w, const grammar__conf_t **conf,
                     const grammar__conf_path_t **path);

#endif /* SHOPSPEAK_GRAMMAR_INTERNAL_H */
