/* commands.c - the wav and text commands, and the option parsing every command shares. */
#include "commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "pipeline.h"

int command_run(const char *name, int argc, char **argv)
{
    if (!name) {
        fputs("shopspeak: help needs a command name\n", stderr);
        return EXIT_USAGE;
    }
    if (strcmp(name, "wav") == 0)
        return command_wav(argc, argv);
    if (strcmp(name, "text") == 0)
        return command_text(argc, argv);
    if (strcmp(name, "listen") == 0)
        return command_listen(argc, argv);
    if (strcmp(name, "demo") == 0)
        return command_demo(argc, argv);
    if (strcmp(name, "catalog") == 0)
        return command_catalog(argc, argv);
    if (strcmp(name, "orders") == 0)
        return command_orders(argc, argv);
    if (strcmp(name, "eval") == 0)
        return command_eval(argc, argv);
    if (strcmp(name, "devices") == 0)
        return command_devices(argc, argv);
    fprintf(stderr, "shopspeak: unknown command '%s' (try 'shopspeak --help')\n", name);
    return EXIT_USAGE;
}

/*
 * What wav and text share: parse the options, insist on at least one operand, open the
 * pipeline. Returns -1 with *out open and optind at the first operand, or an exit code.
 */
static int start_command(int argc, char **argv, const char *usage, const char *operand,
                         int need_recognizer, options_t *opt, pipeline_t **out)
{
    char err[1024];
    int exit_code = options_parse(argc, argv, OPTIONS_PIPELINE, usage, opt);
    if (exit_code >= 0)
        return exit_code;
    if (optind >= argc) {
        fprintf(stderr, "shopspeak %s: no %s given (try 'shopspeak %s --help')\n", argv[0], operand,
                argv[0]);
        return EXIT_USAGE;
    }
    opt->pipeline.need_recognizer = need_recognizer;
    opt->pipeline.need_speech = opt->pipeline.reply_dir != NULL;
    *out = pipeline_open(&opt->pipeline, &exit_code, err, sizeof err);
    if (!*out) {
        fprintf(stderr, "shopspeak: %s\n", err);
        return exit_code;
    }
    return -1;
}

static const char usage_wav[] =
    "Usage: shopspeak wav [OPTIONS] FILE...\n"
    "Run WAV files through the whole pipeline as one conversation, in order, and print one\n"
    "JSON object per file: {\"file\", \"heard\", \"intent\", \"slots\", \"answer\",\n"
    "\"audio_seconds\", \"decode_ms\"}. Any common WAV works (8-48 kHz, 8-32 bit, float,\n"
    "mono or stereo). A file that cannot be used is reported on stderr and skipped.\n"
    "\n" OPTIONS_HELP "\n" EXIT_CODES_HELP;

int command_wav(int argc, char **argv)
{
    options_t opt;
    pipeline_t *p;
    char err[1024];
    int rc = start_command(argc, argv, usage_wav, "WAV file", 1, &opt, &p);
    if (rc >= 0)
        return rc;
    int worst = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        audio_buf_t pcm = {0};
        pipeline_turn_t turn;
        rc = audio_read_wav(argv[i], AUDIO_ASR_RATE, opt.pipeline.max_seconds, &pcm);
        if (rc == AUDIO_OK && !pipeline_has_speech(&pcm)) {
            snprintf(err, sizeof err, "%s: no speech found (only silence or steady noise)",
                     argv[i]);
            rc = AUDIO_EEMPTY;
        } else if (rc != AUDIO_OK) {
            snprintf(err, sizeof err, "%s", audio_error_detail());
        }
        if (rc != AUDIO_OK) {
            fprintf(stderr, "shopspeak: %s\n", err);
            worst = EXIT_INPUT;
        } else if ((rc = pipeline_turn_audio(p, argv[i], pcm.samples, pcm.n_samples, &turn))) {
            fprintf(stderr, "shopspeak: %s: %s\n", argv[i], pipeline_strerror(rc));
            worst = pipeline_exit_code(rc);
        } else {
            pipeline_print_json(stdout, &turn);
        }
        audio_buf_free(&pcm);
    }
    pipeline_close(p);
    return worst;
}

static const char usage_text[] =
    "Usage: shopspeak text [OPTIONS] SENTENCE...\n"
    "Run typed sentences through the pipeline from the recognizer's output on, as one\n"
    "conversation, and print one JSON object per sentence (as 'shopspeak wav' does).\n"
    "Example: shopspeak text \"is the oat milk in stock\"\n"
    "\n" OPTIONS_HELP "\n" EXIT_CODES_HELP;

int command_text(int argc, char **argv)
{
    options_t opt;
    pipeline_t *p;
    int rc = start_command(argc, argv, usage_text, "sentence", 0, &opt, &p);
    if (rc >= 0)
        return rc;
    int worst = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        pipeline_turn_t turn;
        if ((rc = pipeline_turn_text(p, argv[i], &turn))) {
            fprintf(stderr, "shopspeak: \"%s\": %s\n", argv[i], pipeline_strerror(rc));
            worst = pipeline_exit_code(rc);
        }
        pipeline_print_json(stdout, &turn);
    }
    pipeline_close(p);
    return worst;
}
