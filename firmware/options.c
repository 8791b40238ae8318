/* options.c - getopt_long over the options every command shares. */
#include "options.h"

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
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* A number in [lo, hi] or a one-line complaint. */
static int parse_number(const char *cmd, const char *name, const char *arg, double lo, double hi,
                        double *out)
{
    char *end;
    double v = strtod(arg, &end);
    if (end == arg || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "shopspeak %s: --%s wants a number from %g to %g, not '%s'\n", cmd, name,
                lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int options_parse(int argc, char **argv, options_kind_t kind, const char *usage, options_t *out)
{
    const char *cmd = argv[0];
    double v;
    int c;

    memset(out, 0, sizeof *out);
    out->pipeline = pipeline_config_default();
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_CATALOG:
            out->pipeline.catalog_path = optarg;
            break;
        case OPT_GRAMMAR:
            out->pipeline.grammar_path = optarg;
            break;
        case OPT_REPLY_DIR:
            out->pipeline.reply_dir = optarg;
            break;
        case OPT_VOICE:
            out->pipeline.voice = optarg;
            break;
        case OPT_LOG:
            out->pipeline.log_path = optarg;
            break;
        case OPT_RATE:
            if (parse_number(cmd, "rate", optarg, 80, 450, &v))
                return EXIT_USAGE;
            out->pipeline.words_per_minute = (int)v;
            break;
        case OPT_MAX_SECONDS:
            if (parse_number(cmd, "max-seconds", optarg, 0.1, 600, &v))
                return EXIT_USAGE;
            out->pipeline.max_seconds = v;
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
            else if (c == OPT_UTTERANCES && parse_number(cmd, "utterances", optarg, 1, 1e9, &v))
                return EXIT_USAGE;
            else if (c == OPT_UTTERANCES)
                out->utterances = (long)v;
            else if (parse_number(cmd, "duration", optarg, 0.1, 1e9, &v))
                return EXIT_USAGE;
            else
                out->duration = v;
            break;
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        default:
            goto bad_option;
        }
    }
    return -1;

bad_option:
    if (optopt && optopt < 256)
        fprintf(stderr, "shopspeak %s: unknown option '-%c' (try 'shopspeak %s --help')\n", cmd,
                optopt, cmd);
    else
        fprintf(stderr, "shopspeak %s: bad option '%s' (try 'shopspeak %s --help')\n", cmd,
                argv[optind - 1], cmd);
    return EXIT_USAGE;
}
