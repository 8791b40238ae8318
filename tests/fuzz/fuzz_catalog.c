/* fuzz_catalog.c - any bytes as a catalog database file: a clear error or a usable catalog. */
#include "catalog.h"
#include "fuzz_util.h"

static int count_phrase(void *user, int64_t product_id, const char *phrase)
{
    (void)product_id;
    (void)phrase;
    return ++*(int *)user > 1000; /* enough: stop early */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128], msg[256], wal[160], shm[160];
    int status, n = 0;
    catalog_product_t p;
    if (!fuzz_write_file(data, size, ".db", path, sizeof path))
        return 0;
    catalog_t *cat = catalog_open(path, CATALOG_OPEN_READWRITE, &status, msg, sizeof msg);
    if (cat) {
        catalog_for_each_phrase(cat, count_phrase, &n);
        catalog_find_product(cat, "oat milk", &p);
        catalog_close(cat);
    } else if (msg[0] == '\0') {
        abort(); /* every refusal explains itself */
    }
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    unlink(path);
    unlink(wal);
    unlink(shm);
    return 0;
}
