/* fuzz_messages.c - any bytes as a message file: loaded, or one "NAME:LINE: problem" line. A
 * file that loads fills every message without overrunning the buffer. */
#include <string.h>

#include "fuzz_util.h"
#include "messages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "", buf[64];
    messages_t *m = messages_parse((const char *)data, size, "fuzz.ini", err, sizeof err);
    if (!m) {
        if (strncmp(err, "fuzz.ini:", 9) != 0 || strchr(err, '\n'))
            abort(); /* every problem names the file and line, on one line */
        return 0;
    }
    for (int id = 0; id < MSG_COUNT; id++)
        if (strlen(messages_format(m, (msg_id_t)id, buf, sizeof buf, "product", "oat milk", "price",
                                   "one dollar", NULL)) >= sizeof buf)
            abort();
    messages_date(m, "2026-11-26", buf, sizeof buf);
    messages_price(m, 1349, buf, sizeof buf);
    messages_free(m);
    return 0;
}
