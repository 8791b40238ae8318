/* fuzz_import_csv.c - any bytes as a CSV catalog file. */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import(data, size, CATALOG_FORMAT_CSV);
}
