/* fuzz_config.c - any bytes as a settings file: accepted or one "NAME:LINE: problem" line. */
#include <string.h>

#include "config.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    options_t o;
    char err[512] = "";
    config_defaults(&o);
    if (config_parse((const char *)data, size, "fuzz.ini", &o, err, sizeof err) != 0 &&
        (strncmp(err, "fuzz.ini:", 9) != 0 || strchr(err, '\n')))
        abort(); /* every problem names the file and line, on one line */
    if (o.strings_used > sizeof o.strings)
        abort();
    return 0;
}
