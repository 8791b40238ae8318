/*
 * pipeline.h - one turn of the conversation, shared by every front end (WAV files, text,
 * the microphone, the demo): utterance -> recognizer -> intent -> dialog -> reply text ->
 * eSpeak NG audio, written to a WAV or played.
 */
#ifndef SHOPSPEAK_PIPELINE_H
#define SHOPSPEAK_PIPELINE_H

#include <stdint.h>
#include <stdio.h>

#include "audio.h"
#include "catalog.h"
#include "grammar.h"

/* Exit codes of the shopspeak program (documented in --help and the README). */
enum {
    EXIT_OK = 0,
    EXIT_FAILURE_INTERNAL = 1, /* out of memory, a bug */
    EXIT_USAGE = 2,            /* bad command line */
    EXIT_INPUT = 3,            /* an input file is missing, unreadable, empty, too long or silent */
    EXIT_CATALOG = 4,          /* the catalog database is missing, corrupt or read-only */
    EXIT_MODEL = 5,            /* the grammar or the speech model cannot be loaded */
    EXIT_DEVICE = 6,           /* the audio device failed */
};

typedef struct {
    const char *catalog_path; /* NULL: the default in the user's data directory */
    const char *grammar_path; /* NULL: the installed (or source tree) shop.gram */
    /* confirm.gram, pin.gram, choice.gram, quantity.gram: the grammars of the other dialog
     * states. NULL: beside the installed shop.gram, else the source tree's grammar/. */
    const char *state_grammar_dir;
    const char *voice;         /* eSpeak NG voice for answers; NULL: the locale's */
    const char *locale;        /* "en-GB"; NULL: the catalog's settings.locale (else en-US) */
    const char *messages_path; /* a message file instead of the locale's; NULL: the locale's */
    /* What the speaker says to the top grammar's intents the shop does not know (answers.h);
     * NULL: "Sorry, I can't do that yet." */
    const char *answers_path;
    int words_per_minute;      /* 0: default */
    const char *reply_dir;     /* write each answer as a WAV here; NULL: don't */
    const char *log_path;      /* PocketSphinx's log; NULL: discarded */
    int need_recognizer;       /* 0 for text mode: no acoustic model is loaded */
    int need_speech;           /* 0: answers are not synthesised */
    int need_dialog;           /* 0: recognition only (eval): no dialog, and the catalog is
                                * opened only when named or when the grammar says <product> */
    /* 1: work on a copy of the catalog in a new temporary folder, removed at
     * pipeline_close(): nothing the conversation orders is kept (the demo). */
    int scratch_catalog;
    double max_seconds;  /* longest accepted utterance */
    double reject_below; /* the recognizer's rejection threshold (asr_config_t) */
    /* A command whose product words the recognizer is less sure of than this (per-word
     * confidence, asr_result_t) asks "Did you say oat milk?" first (dialog_turn_heard());
     * 0 never does. */
    double confirm_slot_below;
    /* A yes that would place or cancel an order, heard less surely than this, is not taken:
     * the question is asked again. 0 takes every yes the rejection threshold lets through. */
    double order_yes_below;
} pipeline_config_t;

/* The default of confirm_slot_below, measured on the real coffee orders' slots (`shopspeak eval`,
 * tests/bench/slot_confidence.sh, docs/BENCHMARKS.md): the smallest threshold that confirms at
 * least half of the wrong slots in kitchen noise at 12 and 6 dB (dev half: 50% and 52%; held-out
 * half 53% and 54%); it asks about 5-10% of the right slots clean, 11-16% at 12 dB. Chosen again
 * when the confidences changed (0.15 before); 0.3 asks about 12-17% and 26-29%. */
#define PIPELINE_CONFIRM_SLOT_BELOW 0.1

/* The default of order_yes_below. A false yes spends the shopper's money and a missed one only
 * asks again, so a yes to an order needs more than a command's reject_below. Over words-dev in
 * confirm.gram (tests/bench/recognition.sh's clips, docs/BENCHMARKS.md "A yes to an order"):
 * the real yeses scored 0.36-0.90, and other words heard as a yes above 0.2 fell from 17 to 6
 * of 360 at 0.35; eSpeak's "help" heard as "do it" scored 0.21. */
#define PIPELINE_ORDER_YES_BELOW 0.35

pipeline_config_t pipeline_config_default(void);

typedef struct pipeline_s pipeline_t;

/* Open everything. On failure prints nothing: returns NULL, an EXIT_* code in *exit_code and
 * one line for a person in errbuf. */
pipeline_t *pipeline_open(const pipeline_config_t *config, int *exit_code, char *errbuf,
                          size_t errlen);
void pipeline_close(pipeline_t *p);

typedef struct {
    char source[512]; /* file name, or "text" */
    char heard[1024]; /* words recognised (or typed, normalised) */
    int understood;   /* 1 when heard parsed into an intent */
    grammar_intent_t intent;
    char answer[1024];
    double audio_seconds;
    double decode_ms;
    double confidence; /* the recognizer's (asr_result_t); 1 for typed text */
    int64_t order_id;
    char reply_wav[2048]; /* where the spoken answer was written; "" if not */
    audio_buf_t reply;    /* the spoken answer (owned by the pipeline, valid until next turn) */
    /* When each stage ended, on the audio_now_ms() clock (0: not reached): for latency
     * timelines (listen --timeline, tests/bench/latency.sh). */
    double decoded_at_ms;     /* the recognizer's result */
    double answered_at_ms;    /* the answer's text */
    double synth_first_at_ms; /* eSpeak NG's first samples of the answer */
    double synth_done_at_ms;  /* the whole answer synthesised */
} pipeline_turn_t;

/* A turn from 16 kHz mono PCM. Returns 0 or a negative status from a module (GRAMMAR_EINVAL
 * when the pipeline was opened without need_dialog). */
int pipeline_turn_audio(pipeline_t *p, const char *source, const int16_t *pcm, size_t n,
                        pipeline_turn_t *out);
/*
 * The same in two halves, so that recognition can start before the turn is certain (listen
 * decodes while the endpointer is still waiting out the trailing silence). pipeline_hear()
 * selects the grammar of the dialog's state and decodes: it only touches the recognizer, so
 * it may run on another thread while that thread is the only user of the pipeline, and its
 * result may be thrown away. pipeline_turn_heard() is the rest of the turn (parse, dialog,
 * answer, speech) from such a result. pipeline_turn_audio() is the two in a row.
 */
typedef struct {
    int status;           /* 0, or a negative status from the recognizer */
    asr_result_t res;     /* when status is 0 */
    double decoded_at_ms; /* audio_now_ms() when decoding ended */
} pipeline_heard_t;
int pipeline_hear(pipeline_t *p, const int16_t *pcm, size_t n, pipeline_heard_t *out);
int pipeline_turn_heard(pipeline_t *p, const char *source, const pipeline_heard_t *h,
                        pipeline_turn_t *out);

/* A turn from typed words. Both hear and parse with the grammar of the dialog's state. */
int pipeline_turn_text(pipeline_t *p, const char *text, pipeline_turn_t *out);

/*
 * Hear the next turn with the grammar `grammar` ("top", "confirm", "pin", "choice",
 * "quantity") instead of the one the dialog's state names; for "choice", among the n
 * candidate names (copied). For testing and measuring the state grammars before the dialog
 * uses them all. Lasts one turn. Returns 0, or a negative status (GRAMMAR_EINVAL for an
 * unknown name; a choice grammar that does not load leaves the previous one).
 */
int pipeline_expect(pipeline_t *p, const char *grammar, const char *const *candidates, size_t n);

/*
 * The greeting of a session woken now: "You have two updates. ..." when there are
 * notifications not announced before (dialog_greeting()), into text (len bytes); "" when
 * there are none. Its speech in *speech (owned by the pipeline, valid until the next turn or
 * greeting; empty without need_speech). After it, the first turn's answer is not prefixed with
 * the greeting (text and wav mode, which never call this, keep the prefix). Returns 0 or a
 * negative status.
 */
int pipeline_greeting(pipeline_t *p, char *text, size_t len, audio_buf_t *speech /* OUT */);

/* Whether the dialog waits for the shopper's answer to a question: a state other than the top
 * one (confirm, PIN, choice, quantity). 0 without a dialog. */
int pipeline_awaits_answer(const pipeline_t *p);

/*
 * The answer timeout (listen's answer-timeout, answer_timer.h). expired 0: the warning, with
 * seconds_left (dialog_timeout_warning()); 1: the time is up, the dialog drops what it waited
 * for (dialog_timeout()). The sentence goes into text (len bytes; "" when nothing waited), its
 * speech into *speech as with pipeline_greeting() (owned by the pipeline, valid until the next
 * turn; empty without need_speech). Returns 0 or a negative status.
 */
int pipeline_answer_timeout(pipeline_t *p, int expired, double seconds_left, char *text, size_t len,
                            audio_buf_t *speech /* OUT */);

/* The TTS engine, for front ends that synthesise the shopper's side (the demo). */
audio_tts_t *pipeline_tts(pipeline_t *p);
/* The recognizer (NULL without need_recognizer) and the compiled grammar, for front ends that
 * stop at the intent (eval). Owned by the pipeline, valid until pipeline_close(). */
asr_t *pipeline_asr(pipeline_t *p);
const grammar_t *pipeline_grammar(const pipeline_t *p);
const char *pipeline_catalog_path(const pipeline_t *p);

/* One JSON object on one line: file, heard, intent, slots, answer, audio_seconds, decode_ms. */
void pipeline_print_json(FILE *fp, const pipeline_turn_t *turn);
/* What may be shown of a turn: its words and its slot i's value, except that a PIN is never
 * echoed ("(a PIN)", "****"). For every front end that prints turns. */
const char *pipeline_shown_heard(const pipeline_turn_t *turn);
const char *pipeline_shown_slot(const pipeline_turn_t *turn, size_t i);

/* A name for a negative status from any module (audio, grammar, catalog). */
const char *pipeline_strerror(int status);
/* The EXIT_* code for a negative status from any module. */
int pipeline_exit_code(int status);
/* Whether 16 kHz PCM holds anything the endpointer takes for speech. */
int pipeline_has_speech(const audio_buf_t *pcm);

/* The default data directory ($XDG_DATA_HOME/shopspeak or ~/.local/share/shopspeak), created
 * when missing. Returns 0, or -1 with errbuf filled. */
int pipeline_data_dir(char *out, size_t outlen, char *errbuf, size_t errlen);

#endif
