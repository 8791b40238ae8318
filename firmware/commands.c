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
    fprintf(stderr, "shopspeak: unknown command '%s' (try 'shopspeak --help')\n", name);
    return EXIT_USAGE;
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
    int rc = options_parse(argc, argv, OPTIONS_PIPELINE, usage_wav, &opt);
    if (rc >= 0)
        return rc;
    if (optind >= argc) {
        fprintf(stderr, "shopspeak wav: no WAV file given (try 'shopspeak wav --help')\n");
        return EXIT_USAGE;
    }
    opt.pipeline.need_speech = opt.pipeline.reply_dir != NULL;

    char err[1024];
    int exit_code;
    pipeline_t *p = pipeline_open(&opt.pipeline, &exit_code, err, sizeof err);
    if (!p) {
        fprintf(stderr, "shopspeak: %s\n", err);
        return exit_code;
    }
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
    int rc = options_parse(argc, argv, OPTIONS_PIPELINE, usage_text, &opt);
    if (rc >= 0)
        return rc;
    if (optind >= argc) {
        fprintf(stderr, "shopspeak text: no sentence given (try 'shopspeak text --help')\n");
        return EXIT_USAGE;
    }
    opt.pipeline.need_recognizer = 0;
    opt.pipeline.need_speech = opt.pipeline.reply_dir != NULL;

    char err[1024];
    int exit_code;
    pipeline_t *p = pipeline_open(&opt.pipeline, &exit_code, err, sizeof err);
    if (!p) {
        fprintf(stderr, "shopspeak: %s\n", err);
        return exit_code;
    }
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
