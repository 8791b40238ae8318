/* options.c - getopt_long over the options every command shares. */
#include "options.h"

#include <ctype.h>
#include <errno.h>

#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_CATALOG = 1000,
    OPT_GRAMMAR,
    OPT_REPLY_DIR,
    OPT_VOICE,
    OPT_RATE,
    OPT_MAX_SECONDS,
    OPT_LOG,
    OPT_DEVICE,
    OPT_OUTPUT,
    OPT_UTTERANCES,
    OPT_DURATION,
    OPT_AUDIO_DIR,
    OPT_NOISE,
    OPT_SNR,
    OPT_SEED,
    OPT_THRESHOLD,
    OPT_JSON,
    OPT_RESULTS,
    OPT_CONFIG,
    OPT_SETTING = 2000, /* + the index of a setting of config.c without an entry above */
};

static const struct option long_options[] = {
    {"catalog", required_argument, NULL, OPT_CATALOG},
    {"grammar", required_argument, NULL, OPT_GRAMMAR},
    {"reply-dir", required_argument, NULL, OPT_REPLY_DIR},
    {"voice", required_argument, NULL, OPT_VOICE},
    {"rate", required_argument, NULL, OPT_RATE},
    {"max-seconds", required_argument, NULL, OPT_MAX_SECONDS},
    {"log", required_argument, NULL, OPT_LOG},
    {"device", required_argument, NULL, OPT_DEVICE},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"utterances", required_argument, NULL, OPT_UTTERANCES},
    {"duration", required_argument, NULL, OPT_DURATION},
    {"audio-dir", required_argument, NULL, OPT_AUDIO_DIR},
    {"noise", required_argument, NULL, OPT_NOISE},
    {"snr", required_argument, NULL, OPT_SNR},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threshold", required_argument, NULL, OPT_THRESHOLD},
    {"json", no_argument, NULL, OPT_JSON},
    {"results", required_argument, NULL, OPT_RESULTS},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* long_options, then a flag for every setting of config.c that has no entry there. */
static struct option all_options[sizeof long_options / sizeof *long_options + 64];

static const struct option *build_options(void)
{
    size_t n = 0;
    for (; long_options[n].name; n++)
        all_options[n] = long_options[n];
    for (size_t i = 0; i < config_count(); i++) {
        const char *key = config_setting(i)->key;
        size_t j = 0;
        while (long_options[j].name && strcmp(long_options[j].name, key) != 0)
            j++;
        if (!long_options[j].name && n + 1 < sizeof all_options / sizeof *all_options)
            all_options[n++] = (struct option){key, required_argument, NULL, OPT_SETTING + (int)i};
    }
    all_options[n] = (struct option){NULL, 0, NULL, 0};
    return all_options;
}

/* Defaults, then the settings file (--config FILE, else the default one if it exists), so the
 * flags read afterwards override both. Returns -1 to go on or an exit code. */
static int load_settings(int argc, char **argv, options_t *out)
{
    char err[1024];
    const char *file = NULL;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            file = argv[i + 1];
        else if (strncmp(argv[i], "--config=", 9) == 0)
            file = argv[i] + 9;
    }
    if (config_read(file, out, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    return -1;
}

/* A flag for a setting of config.c: checked exactly as the same key in the file is. */
static int set_from_flag(const char *cmd, options_kind_t kind, const config_setting_t *s,
                         const char *arg, options_t *out)
{
    char err[512];
    if (s->listen_only && kind != OPTIONS_LISTEN) {
        fprintf(stderr, "shopspeak %s: --%s is an option of 'shopspeak listen' only\n", cmd,
                s->key);
        return EXIT_USAGE;
    }
    if (config_set(out, s, arg, err, sizeof err) != 0) {
        fprintf(stderr, "shopspeak %s: --%s\n", cmd, err);
        return EXIT_USAGE;
    }
    return -1;
}

/* A number in [lo, hi], read as the settings file reads one, or a one-line complaint. For the
 * flags that are not settings; a flag that is one goes through set_from_flag(). */
static int parse_number(const char *cmd, const char *name, const char *arg, double lo, double hi,
                        double *out)
{
    if (config_read_number(arg, true, lo, hi, out))
        return 0;
    fprintf(stderr, "shopspeak %s: --%s wants a number from %g to %g, not '%s'\n", cmd, name, lo,
            hi, arg);
    return -1;
}

/* "24,21,18" (and repeated --snr) appended to out->snr_db; 0 or -1 after a complaint. */
static int parse_snr_list(const char *cmd, const char *arg, options_t *out)
{
    char buf[256];
    if ((size_t)snprintf(buf, sizeof buf, "%s", arg) >= sizeof buf) {
        fprintf(stderr, "shopspeak %s: --snr: the list is too long (at most %d SNRs)\n", cmd,
                OPTIONS_MAX_SNRS);
        return -1;
    }
    /* Every item a number: "12,,6" or a trailing comma is a typo, not "12 and 6". */
    for (char *tok = buf, *comma; tok; tok = comma ? comma + 1 : NULL) {
        if ((comma = strchr(tok, ',')))
            *comma = '\0';
        double v;
        if (out->n_snr == OPTIONS_MAX_SNRS) {
            fprintf(stderr, "shopspeak %s: at most %d SNRs\n", cmd, OPTIONS_MAX_SNRS);
            return -1;
        }
        if (parse_number(cmd, "snr", tok, -30, 60, &v))
            return -1;
        out->snr_db[out->n_snr++] = v;
    }
    return 0;
}

/* The options only eval has; 0, 1 when c is not one of them, or -1 after a complaint. */
static int parse_eval_option(const char *cmd, int c, options_t *out)
{
    double v;
    switch (c) {
    case OPT_AUDIO_DIR:
        out->audio_dir = optarg;
        return 0;
    case OPT_NOISE:
        out->noise = optarg;
        return 0;
    case OPT_RESULTS:
        out->results = optarg;
        return 0;
    case OPT_SNR:
        return parse_snr_list(cmd, optarg, out);
    case OPT_SEED: {
        char *end;
        errno = 0;
        out->seed = strtoull(optarg, &end, 10);
        if (end == optarg || *end || errno || !isdigit((unsigned char)optarg[0])) {
            fprintf(stderr, "shopspeak %s: --seed wants a whole number, not '%s'\n", cmd, optarg);
            return -1;
        }
        return 0;
    }
    case OPT_THRESHOLD:
        if (parse_number(cmd, "threshold", optarg, 0, 1, &v))
            return -1;
        out->pipeline.reject_below = v;
        out->has_threshold = 1;
        return 0;
    case OPT_JSON:
        out->json = 1;
        return 0;
    default:
        return 1;
    }
}

/* One line about the option getopt_long() stopped at with c: a known option this command does
 * not take, a known one missing its value, or one nobody knows. Returns EXIT_USAGE. */
static int complain(const char *cmd, int c, char **argv, const struct option *options)
{
    int val = c == '?' ? optopt : c;
    const struct option *known = NULL;
    for (const struct option *o = options; val && o->name; o++)
        if (o->val == val)
            known = o;
    if (c == '?' && known && known->has_arg == required_argument)
        fprintf(stderr, "shopspeak %s: --%s needs a value (try 'shopspeak %s --help')\n", cmd,
                known->name, cmd);
    else if (c != '?' && known)
        fprintf(stderr,
                "shopspeak %s: --%s is not an option of 'shopspeak %s' (try 'shopspeak %s "
                "--help')\n",
                cmd, known->name, cmd, cmd);
    else if (optopt && optopt < 256)
        fprintf(stderr, "shopspeak %s: unknown option '-%c' (try 'shopspeak %s --help')\n", cmd,
                optopt, cmd);
    else
        fprintf(stderr, "shopspeak %s: bad option '%s' (try 'shopspeak %s --help')\n", cmd,
                argv[optind - 1], cmd);
    return EXIT_USAGE;
}

/* Settings that are each fine but do not go together, whether from flags or the file. */
static int check_listen(const char *cmd, const options_t *out)
{
    if (out->retry_min > out->retry_max) {
        fprintf(stderr, "shopspeak %s: retry-min (%g s) is more than retry-max (%g s)\n", cmd,
                out->retry_min, out->retry_max);
        return EXIT_USAGE;
    }
    /* Not an error: a settings file may keep the button while a flag tries the wake word. */
    if (strcmp(out->ptt_key, "gpio") == 0 && out->activation != OPTIONS_ACTIVATION_PTT)
        fprintf(stderr,
                "shopspeak %s: ptt-key gpio is only used with activation ptt; the "
                "button is not read\n",
                cmd);
    return -1;
}

int options_parse(int argc, char **argv, options_kind_t kind, const char *usage, options_t *out)
{
    const char *cmd = argv[0];
    int c;

    int rc = load_settings(argc, argv, out);
    if (rc >= 0)
        return rc;
    const struct option *options = build_options();
    optind = 1;
    opterr = 0;
    /* Options may come after the operands too ("eval LABELS.jsonl --grammar FILE"); "--" ends
     * them, for a sentence that starts with a dash. */
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c >= OPT_SETTING) {
            if ((rc = set_from_flag(cmd, kind, config_setting((size_t)(c - OPT_SETTING)), optarg,
                                    out)) >= 0)
                return rc;
            continue;
        }
        switch (c) {
        case OPT_CONFIG:
            break; /* read before the flags, by load_settings() */
        case OPT_CATALOG:
            out->pipeline.catalog_path = optarg;
            break;
        case OPT_GRAMMAR:
            out->pipeline.grammar_path = optarg;
            break;
        case OPT_REPLY_DIR:
            if (kind == OPTIONS_EVAL) /* eval never speaks */
                goto bad_option;
            out->pipeline.reply_dir = optarg;
            break;
        case OPT_VOICE:
            if (kind == OPTIONS_EVAL)
                goto bad_option;
            out->pipeline.voice = optarg;
            break;
        case OPT_LOG:
            out->pipeline.log_path = optarg;
            break;
        case OPT_RATE:
        case OPT_MAX_SECONDS: /* settings with a flag of their own: read as the file reads them */
            if (c == OPT_RATE && kind == OPTIONS_EVAL)
                goto bad_option;
            if ((rc = set_from_flag(cmd, kind, config_find(c == OPT_RATE ? "rate" : "max-seconds"),
                                    optarg, out)) >= 0)
                return rc;
            break;
        case OPT_DEVICE:
        case OPT_OUTPUT:
        case OPT_UTTERANCES:
        case OPT_DURATION:
            if (kind != OPTIONS_LISTEN)
                goto bad_option;
            if (c == OPT_DEVICE)
                out->device = optarg;
            else if (c == OPT_OUTPUT)
                out->output = optarg;
            else if ((rc = set_from_flag(
                          cmd, kind, config_find(c == OPT_UTTERANCES ? "utterances" : "duration"),
                          optarg, out)) >= 0)
                return rc;
            break;
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        case OPT_AUDIO_DIR:
        case OPT_NOISE:
        case OPT_SNR:
        case OPT_SEED:
        case OPT_THRESHOLD:
        case OPT_JSON:
        case OPT_RESULTS:
            if (kind != OPTIONS_EVAL)
                goto bad_option;
            if (parse_eval_option(cmd, c, out) != 0)
                return EXIT_USAGE;
            break;
        default:
            goto bad_option;
        }
    }
    return kind == OPTIONS_LISTEN ? check_listen(cmd, out) : -1;

bad_option:
    return complain(cmd, c, argv, options);
}
