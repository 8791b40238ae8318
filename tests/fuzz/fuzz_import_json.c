/* fuzz_import_json.c - any bytes as a JSON catalog file. */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import(data, size, CATALOG_FORMAT_JSON);
}
