/* commands.c - the wav and text commands, and the option parsing every command shares. */
#include "commands.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    if (strcmp(name, "pin") == 0)
        return command_pin(argc, argv);
    if (strcmp(name, "eval") == 0)
        return command_eval(argc, argv);
    if (strcmp(name, "devices") == 0)
        return command_devices(argc, argv);
    fprintf(stderr, "shopspeak: unknown command '%s' (try 'shopspeak --help')\n", name);
    return EXIT_USAGE;
}

int command_same_file(const char *out, const char *in)
{
    struct stat o, i;
    if (stat(out, &o) != 0 || stat(in, &i) != 0)
        return 0;
    return o.st_dev == i.st_dev && o.st_ino == i.st_ino;
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

/* The command's inputs one by one: its arguments, or with a single "-" the lines of standard
 * input (blank lines skipped), so a script can talk to one running conversation. NULL at the
 * end. *line is the getline() buffer; the caller frees it. */
typedef struct {
    int argc, next;
    char **argv;
    bool from_stdin;
    char *line;
    size_t cap;
} inputs_t;

static inputs_t inputs_start(int argc, char **argv)
{
    inputs_t in = {argc, optind, argv, optind == argc - 1 && strcmp(argv[optind], "-") == 0,
                   NULL, 0};
    return in;
}

static const char *inputs_next(inputs_t *in)
{
    if (!in->from_stdin)
        return in->next < in->argc ? in->argv[in->next++] : NULL;
    fflush(stdout); /* the answer to the last line is out before waiting for the next */
    while (getline(&in->line, &in->cap, stdin) >= 0) {
        in->line[strcspn(in->line, "\r\n")] = '\0';
        if (in->line[0])
            return in->line;
    }
    return NULL;
}

static const char usage_wav[] =
    "Usage: shopspeak wav [OPTIONS] FILE...\n"
    "Run WAV files through the whole pipeline as one conversation, in order, and print one\n"
    "JSON object per file: {\"file\", \"heard\", \"intent\", \"slots\", \"answer\",\n"
    "\"audio_seconds\", \"decode_ms\"}. Any common WAV works (8 kHz and up, 8-32 bit, float,\n"
    "mono or stereo). A file that cannot be used is reported on stderr and skipped.\n"
    "A single - reads the file names from standard input, one per line, and prints each\n"
    "answer as soon as it is ready.\n"
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
    inputs_t in = inputs_start(argc, argv);
    for (const char *file; (file = inputs_next(&in));) {
        audio_buf_t pcm = {0};
        pipeline_turn_t turn;
        rc = audio_read_wav(file, AUDIO_ASR_RATE, opt.pipeline.max_seconds, &pcm);
        if (rc == AUDIO_OK && !pipeline_has_speech(&pcm)) {
            snprintf(err, sizeof err, "%s: no speech found (only silence or steady noise)", file);
            rc = AUDIO_EEMPTY;
        } else if (rc != AUDIO_OK) {
            snprintf(err, sizeof err, "%s", audio_error_detail());
        }
        if (rc != AUDIO_OK) {
            fprintf(stderr, "shopspeak: %s\n", err);
            worst = EXIT_INPUT;
        } else if ((rc = pipeline_turn_audio(p, file, pcm.samples, pcm.n_samples, &turn))) {
            fprintf(stderr, "shopspeak: %s: %s\n", file, pipeline_strerror(rc));
            worst = pipeline_exit_code(rc);
        } else {
            pipeline_print_json(stdout, &turn);
        }
        audio_buf_free(&pcm);
    }
    free(in.line);
    pipeline_close(p);
    return worst;
}

static const char usage_text[] =
    "Usage: shopspeak text [OPTIONS] SENTENCE...\n"
    "Run typed sentences through the pipeline from the recognizer's output on, as one\n"
    "conversation, and print one JSON object per sentence (as 'shopspeak wav' does).\n"
    "Example: shopspeak text \"is the oat milk in stock\"\n"
    "A single - reads the sentences from standard input, one per line, and prints each\n"
    "answer as soon as it is ready (for scripts that talk to a running conversation).\n"
    "\n" OPTIONS_HELP "\n" EXIT_CODES_HELP;

int command_text(int argc, char **argv)
{
    options_t opt;
    pipeline_t *p;
    int rc = start_command(argc, argv, usage_text, "sentence", 0, &opt, &p);
    if (rc >= 0)
        return rc;
    int worst = EXIT_OK;
    inputs_t in = inputs_start(argc, argv);
    for (const char *sentence; (sentence = inputs_next(&in));) {
        pipeline_turn_t turn;
        if ((rc = pipeline_turn_text(p, sentence, &turn))) {
            fprintf(stderr, "shopspeak: \"%s\": %s\n", sentence, pipeline_strerror(rc));
            worst = pipeline_exit_code(rc);
        }
        pipeline_print_json(stdout, &turn);
    }
    free(in.line);
    pipeline_close(p);
    return worst;
}
