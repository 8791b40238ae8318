/* main.c - the shopspeak program: parses the command line and runs one command. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "pipeline.h"

static const char usage_main[] =
    "Usage: shopspeak COMMAND [OPTIONS] [ARGS]\n"
    "An offline voice shopping assistant: hears a shopper, answers out loud.\n"
    "\n"
    "Commands:\n"
    "  listen            microphone in, speaker out (without a microphone: the demo)\n"
    "  wav FILE...       run WAV files through the pipeline, one JSON line per file\n"
    "  text SENTENCE...  run typed sentences through the pipeline, one JSON line each\n"
    "  demo              play the bundled demo conversation\n"
    "  catalog SUB ...   import, export, list or search the catalog (for operators)\n"
    "  orders            list orders and their status\n"
    "  pin [set|clear]   the purchase PIN that orders then need\n"
    "  eval LABELS       accuracy over labelled WAV files, clean and in noise\n"
    "  devices           list the audio inputs and outputs\n"
    "  help [COMMAND]    show help for a command\n"
    "\n"
    "Run 'shopspeak COMMAND --help' for the options of a command.\n"
    "\n" EXIT_CODES_HELP;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        (strcmp(cmd, "help") == 0 && argc == 2)) {
        fputs(usage_main, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("shopspeak %s\n", SHOPSPEAK_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        char *help_argv[] = {argv[2], "--help", NULL};
        return command_run(argv[2], 2, help_argv);
    }
    return command_run(cmd, argc - 1, argv + 1);
}
