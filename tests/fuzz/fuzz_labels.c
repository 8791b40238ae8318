/* fuzz_labels.c - any bytes as an evaluation's labels file: labels or one line of error. */
#include <string.h>

#include "fuzz_util.h"
#include "labels.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    labels_t labels;
    char err[512] = "";
    int rc = labels_parse((const char *)data, size, "fuzz.jsonl", &labels, err, sizeof err);
    if (rc != LABELS_OK && (!err[0] || strchr(err, '\n')))
        abort(); /* a failure is always explained, on one line */
    for (size_t i = 0; rc == LABELS_OK && i < labels.n; i++) {
        const label_t *l = &labels.items[i];
        if (!l->file || !l->file[0] || (l->intent && !l->intent[0]) || l->line < 1)
            abort();
        if ((!l->intent && l->n_slots) || l->n_slots > LABELS_MAX_SLOTS)
            abort();
        for (size_t k = 0; k < l->n_slots; k++)
            if (!l->slots[k].name || !l->slots[k].value)
                abort();
    }
    labels_free(&labels);
    return 0;
}
