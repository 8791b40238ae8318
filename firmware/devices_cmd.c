/* devices_cmd.c - `shopspeak devices`: the inputs and outputs PortAudio sees, with the numbers
 * --device and --output take. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "pipeline.h"

#define MAX_DEVICES 128

static const char usage_devices[] =
    "Usage: shopspeak devices\n"
    "List the audio inputs and outputs: index (what --device and --output take), channels,\n"
    "default rate, name; '*' marks the default device of each kind. On a machine without a\n"
    "sound card, says so in one line and exits with 6.\n"
    "\n"
    "Options:\n"
    "  -h, --help         show this help\n"
    "\n" EXIT_CODES_HELP;

static void print_kind(const audio_device_info_t *d, size_t n, int inputs)
{
    printf("%s:\n", inputs ? "Inputs" : "Outputs");
    printf("  %-6s %-8s %-7s %s\n", "index", "channels", "rate", "name");
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        int ch = inputs ? d[i].input_channels : d[i].output_channels;
        if (ch <= 0)
            continue;
        int def = inputs ? d[i].default_input : d[i].default_output;
        printf("  %s%-5d %-8d %-7.0f %s (%s)\n", def ? "*" : " ", d[i].index, ch, d[i].default_rate,
               d[i].name, d[i].host_api);
        any = 1;
    }
    if (!any)
        printf("  (none)\n");
}

int command_devices(int argc, char **argv)
{
    static audio_device_info_t devs[MAX_DEVICES];
    size_t n = 0;
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        fputs(usage_devices, stdout);
        return EXIT_OK;
    }
    if (argc > 1) {
        fprintf(stderr, "shopspeak devices: unexpected '%s' (try 'shopspeak devices --help')\n",
                argv[1]);
        return EXIT_USAGE;
    }
    if (audio_list_devices(devs, MAX_DEVICES, &n) != AUDIO_OK) {
        fprintf(stderr, "shopspeak: cannot list audio devices: %s\n", audio_error_detail());
        return EXIT_DEVICE;
    }
    if (n == 0) {
        fprintf(stderr, "shopspeak: no audio device found (no sound card, or ALSA sees none)\n");
        return EXIT_DEVICE;
    }
    if (n > MAX_DEVICES)
        n = MAX_DEVICES;
    print_kind(devs, n, 1);
    printf("\n");
    print_kind(devs, n, 0);
    return EXIT_OK;
}
