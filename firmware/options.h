/* options.h - command-line options shared by the commands, and their --help text. */
#ifndef SHOPSPEAK_OPTIONS_H
#define SHOPSPEAK_OPTIONS_H

#include "pipeline.h"

#include <stddef.h>

#define OPTIONS_HELP                                                                               \
    "Options:\n"                                                                                   \
    "  --catalog FILE     the catalog database (default: ~/.local/share/shopspeak/catalog.db,\n"   \
    "                     created with the sample catalog on first run)\n"                         \
    "  --grammar FILE     the JSGF grammar (default: the installed shop.gram)\n"                   \
    "  --reply-dir DIR    write each spoken answer as a WAV file in DIR\n"                         \
    "  --locale LL-CC     language of the answers: en-US or en-GB, a message file each "           \
    "(default:\n"                                                                                  \
    "                     the catalog's settings.locale, en-US in the sample)\n"                   \
    "  --messages FILE    speak from this message file instead of the locale's\n"                  \
    "  --answers FILE     what to say to the grammar's own intents, which the shop does not\n"     \
    "                     know (default: \"Sorry, I can't do that yet.\"; docs/grammar.md)\n"      \
    "  --voice NAME       eSpeak NG voice for answers (default: the locale's, en-us / en-gb)\n"    \
    "  --rate WPM         speaking rate in words per minute, 80-450 (default: 175)\n"              \
    "  --max-seconds S    longest WAV file or utterance decoded, 0.1-30 (default: 30;\n"           \
    "                     listen cuts a command at --max-command)\n"                               \
    "  --reject-below X   confidence (0-1) under which a command is not accepted (default:\n"      \
    "                     0.2, fit to real voices; eSpeak NG voices score low: use 0)\n"           \
    "  --confirm-slot-below X  confidence (0-1) of a command's product under which the product\n"  \
    "                     alone is confirmed first, \"Did you say oat milk?\" (default: 0.1,\n"    \
    "                     measured on real speech; 0: never)\n"                                    \
    "  --order-yes-below X  confidence (0-1) under which a yes does not place or cancel an\n"      \
    "                     order: the question is asked again (default: 0.35; 0: every yes)\n"      \
    "  --log FILE         write the speech recognizer's log to FILE\n"                             \
    "  --config FILE      settings file (default: $XDG_CONFIG_HOME/shopspeak/shopspeak.ini if\n"   \
    "                     it exists); flags override it (docs/configuration.md)\n"                 \
    "  -h, --help         show this help\n"

#define OPTIONS_LISTEN_HELP                                                                        \
    "  --device NAME|N    input device by name or number (default: the default input)\n"           \
    "  --output NAME|N    output device by name or number (default: the default output)\n"         \
    "  --utterances N     stop after N utterances (default: run until the input ends)\n"           \
    "  --duration S       stop after S seconds of captured audio (default: "                       \
    "never)\n"                                                                                     \
    "  --answer-timeout S seconds to answer a question (confirm, PIN, choice, quantity): a\n"      \
    "                     warning, then it is cancelled (default: 0, no limit)\n"                  \
    "  --timeline BOOL    log each turn's latency by stage (default: false)\n"                     \
    "  --earcons BOOL     short tones: listening, understood, not understood, stopped\n"           \
    "                     listening (default: true)\n" OPTIONS_DEVICE_HELP

/* The settings of listen that also live in the configuration file (config.h). */
#define OPTIONS_DEVICE_HELP                                                                        \
    "  --activation MODE  wake (after the wake word, default), ptt (after Enter) or always\n"      \
    "  --wake-word WORDS  the wake word (default: \"hey shop\")\n"                                 \
    "  --wake-threshold X wake word confidence, 0 (eager) to 1 (default: 0.5)\n"                   \
    "  --wake-timeout S   how long after the wake word a command may start (default: 8)\n"         \
    "  --ptt-key KEY      push-to-talk key: enter (default) or gpio (--gpio-chip, --gpio-line)\n"  \
    "  --gpio-chip CHIP   GPIO chip of the button: name, path or number (default: gpiochip0)\n"    \
    "  --gpio-line N      GPIO line of the button, 0-1023 (default: 17)\n"                         \
    "  --trailing-silence S  silence that ends a command (default: 0.6)\n"                         \
    "  --pre-roll S       audio kept before the detected start of speech (default: 0.3)\n"         \
    "  --max-command S    a command is cut after S seconds (default: 10)\n"                        \
    "  --require-voice BOOL  only voiced sound is speech; false for a whispering or very\n"        \
    "                     breathy voice (default: true)\n"                                         \
    "  --decode-early BOOL  decode a command during its trailing silence (default: true)\n"        \
    "  --half-duplex BOOL ignore the microphone while the speaker talks (default: true)\n"         \
    "  --barge-in BOOL    listen while the speaker talks, through an echo canceller: \"stop\"\n"   \
    "                     cuts the answer (default: false)\n"                                      \
    "  --retry-min S, --retry-max S  reopen a failed microphone after S seconds, doubling\n"       \
    "                     up to the maximum (default: 0.5 and 8)\n"

#define OPTIONS_EVAL_HELP                                                                          \
    "Options:\n"                                                                                   \
    "  --grammar FILE     the JSGF grammar (default: the installed shop.gram with the\n"           \
    "                     catalog's products)\n"                                                   \
    "  --catalog FILE     the catalog database, needed only by a grammar that says <product>\n"    \
    "                     (default: ~/.local/share/shopspeak/catalog.db)\n"                        \
    "  --audio-dir DIR    where the labelled files are (default: the labels file's directory,\n"   \
    "                     then its wav/ subdirectory)\n"                                           \
    "  --noise WAV        also run every file with this noise mixed in, once per SNR\n"            \
    "  --snr DB[,DB...]   signal-to-noise ratios for --noise, repeatable (default: the\n"          \
    "                     benchmark's 24,21,18,15,12,9,6)\n"                                       \
    "  --seed N           seed of the noise offsets; the same seed repeats a run (default: 1)\n"   \
    "  --threshold X      rejection threshold on the recognizer's confidence, 0-1 (default:\n"     \
    "                     the recognizer's own)\n"                                                 \
    "  --reject-below X   the same as --threshold (the setting's name in the settings file)\n"     \
    "  --confirm-slot-below X  the confirm-slot-below setting the slot confidence curve\n"         \
    "                     marks (default: 0.1)\n"                                                  \
    "  --json             print one JSON object instead of the tables\n"                           \
    "  --results FILE     also write what became of every file, one JSON line per file and\n"      \
    "                     condition: what was heard, its confidence, the outcome\n"                \
    "  --max-seconds S    longest file accepted, 0.1-30 (default: 30)\n"                           \
    "  --log FILE         write the speech recognizer's log to FILE\n"                             \
    "  --config FILE      settings file (default: $XDG_CONFIG_HOME/shopspeak/shopspeak.ini if\n"   \
    "                     it exists); its [files] and [recognizer] settings apply, flags\n"        \
    "                     override them (docs/configuration.md)\n"                                 \
    "  -h, --help         show this help\n"

typedef enum { OPTIONS_PIPELINE = 0, OPTIONS_LISTEN = 1, OPTIONS_EVAL = 2 } options_kind_t;

/* The most SNRs one eval runs. */
#define OPTIONS_MAX_SNRS 16

/* How listen decides that the next utterance is a command (--activation). */
typedef enum {
    OPTIONS_ACTIVATION_WAKE = 0, /* after the wake word ("hey shop") */
    OPTIONS_ACTIVATION_PTT = 1,  /* after a key press (push to talk) */
    OPTIONS_ACTIVATION_ALWAYS = 2,
} options_activation_t;

typedef struct {
    pipeline_config_t pipeline;
    const char *device;
    const char *output;
    long utterances;
    double duration;
    /* eval */
    const char *audio_dir; /* NULL: beside the labels */
    const char *noise;     /* NULL: clean only */
    double snr_db[OPTIONS_MAX_SNRS];
    size_t n_snr; /* 0: the benchmark's SNRs when there is noise */
    unsigned long long seed;
    int has_threshold; /* --threshold given: pipeline.reject_below holds it */
    int json;
    const char *results; /* --results FILE: one JSON line per file and condition; NULL: none */
    /* Settings of listen that also come from the configuration file (config.h). */
    double trailing_silence; /* seconds of silence that end a command */
    double pre_roll;         /* seconds kept before the detected start */
    double max_command;      /* a command is cut after this many seconds */
    int require_voice;       /* 1: only voiced sound is speech to the endpointer */
    int activation;          /* options_activation_t */
    const char *wake_word;   /* the keyphrase, e.g. "hey shop" */
    double wake_threshold;   /* the wake word check's confidence, 0..1 (grammar/wake.c) */
    double wake_timeout;     /* seconds the wake word keeps listen waiting for a command */
    const char *ptt_key;     /* "enter" (the terminal) or "gpio" */
    const char *gpio_chip;   /* for ptt-key = gpio */
    long gpio_line;
    int half_duplex;             /* 1: ignore the microphone while the speaker talks */
    double retry_min, retry_max; /* backoff when the microphone fails, seconds */
    double answer_timeout;       /* seconds to answer a question; 0: no limit (answer_timer.h) */
    int timeline;                /* 1: log the latency of each stage of each turn */
    int earcons;                 /* 1: play the earcons (earcon.h) in listen */
    int decode_early;            /* 1: decode during the trailing silence (early.h) */
    int barge_in;                /* 1: "stop" while it speaks stops it (bargein.h) */
    /* Strings read from the configuration file point here (no allocation, nothing to free). */
    char strings[4096];
    size_t strings_used;
} options_t;

/* Parse argv (argv[0] is the command). Returns -1 to go on (optind is at the first operand),
 * or an exit code: EXIT_OK after --help, EXIT_USAGE after a bad option. */
int options_parse(int argc, char **argv, options_kind_t kind, const char *usage, options_t *out);

#endif
