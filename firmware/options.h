/* options.h - command-line options shared by the commands, and their --help text. */
#ifndef SHOPSPEAK_OPTIONS_H
#define SHOPSPEAK_OPTIONS_H

#include "pipeline.h"

#define OPTIONS_HELP                                                                               \
    "Options:\n"                                                                                   \
    "  --catalog FILE     the catalog database (default: ~/.local/share/shopspeak/catalog.db,\n"   \
    "                     created with the sample catalog on first run)\n"                         \
    "  --grammar FILE     the JSGF grammar (default: the installed shop.gram)\n"                   \
    "  --reply-dir DIR    write each spoken answer as a WAV file in DIR\n"                         \
    "  --voice NAME       eSpeak NG voice for answers (default: en-us)\n"                          \
    "  --rate WPM         speaking rate in words per minute, 80-450 (default: 175)\n"              \
    "  --max-seconds S    longest utterance accepted (default: 30)\n"                              \
    "  --log FILE         write the speech recognizer's log to FILE\n"                             \
    "  -h, --help         show this help\n"

#define OPTIONS_LISTEN_HELP                                                                        \
    "  --device NAME|N    input device by name or number (default: the default input)\n"           \
    "  --output NAME|N    output device by name or number (default: the default output)\n"         \
    "  --utterances N     stop after N utterances (default: run until the input ends)\n"           \
    "  --duration S       stop after S seconds of captured audio (default: never)\n"

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
    "  --json             print one JSON object instead of the tables\n"                           \
    "  --max-seconds S    longest file accepted (default: 30)\n"                                   \
    "  --log FILE         write the speech recognizer's log to FILE\n"                             \
    "  -h, --help         show this help\n"

typedef enum { OPTIONS_PIPELINE = 0, OPTIONS_LISTEN = 1, OPTIONS_EVAL = 2 } options_kind_t;

/* The most SNRs one eval runs. */
#define OPTIONS_MAX_SNRS 16

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
} options_t;

/* Parse argv (argv[0] is the command). Returns -1 to go on (optind is at the first operand),
 * or an exit code: EXIT_OK after --help, EXIT_USAGE after a bad option. */
int options_parse(int argc, char **argv, options_kind_t kind, const char *usage, options_t *out);

#endif
