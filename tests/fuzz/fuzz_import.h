/* fuzz_import.h - shared by the CSV and JSON import targets: any bytes imported into one
 * scratch catalog; a clear error or a committed import, never a crash. */
#ifndef SHOPSPEAK_FUZZ_IMPORT_H
#define SHOPSPEAK_FUZZ_IMPORT_H

#include "catalog.h"
#include "fuzz_util.h"

static catalog_t *fuzz_cat;
static char fuzz_path[128];

/* Remove the scratch catalog and its WAL files when the process ends. */
static void fuzz_import_cleanup(void)
{
    char side[160];
    catalog_close(fuzz_cat);
    fuzz_cat = NULL;
    unlink(fuzz_path);
    snprintf(side, sizeof side, "%s-wal", fuzz_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", fuzz_path);
    unlink(side);
}

static inline int fuzz_import(const uint8_t *data, size_t size, catalog_format_t format)
{
    static int calls;
    if (fuzz_cat == NULL) {
        int status;
        char msg[256];
        if (fuzz_path[0] == '\0')
            atexit(fuzz_import_cleanup);
        snprintf(fuzz_path, sizeof fuzz_path, "/tmp/shopspeak-fuzz-import-%d.db", (int)getpid());
        fuzz_import_cleanup();
        fuzz_cat = catalog_open(fuzz_path, CATALOG_OPEN_CREATE, &status, msg, sizeof msg);
        if (fuzz_cat == NULL)
            abort();
    }
    catalog_t *cat = fuzz_cat;
    FILE *in = fmemopen((void *)(size ? data : (const uint8_t *)""), size, "r");
    if (in == NULL)
        return 0;
    catalog_import_config_t c = catalog_import_config_default();
    c.format = format;
    c.source_name = "fuzz";
    c.skip_bad_rows = size > 0 && (data[0] & 1);
    int status = catalog_import(cat, in, &c, NULL);
    fclose(in);
    if (status != CATALOG_OK && catalog_errmsg(cat)[0] == '\0')
        abort();             /* every refusal explains itself */
    if (++calls % 1000 == 0) /* start again from an empty catalog now and then */
        fuzz_import_cleanup();
    return 0;
}

#endif
