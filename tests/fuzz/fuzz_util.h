/* fuzz_util.h - shared by the fuzz targets: hand the fuzzer's bytes over as a file, since the
 * parsers under test read files. */
#ifndef SHOPSPEAK_FUZZ_UTIL_H
#define SHOPSPEAK_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to a fresh temporary file; returns its path in buf, or NULL. */
static inline const char *fuzz_write_file(const uint8_t *data, size_t size, const char *suffix,
                                          char *buf, size_t buflen)
{
    snprintf(buf, buflen, "/tmp/shopspeak-fuzz-%d-XXXXXX%s", (int)getpid(), suffix);
    int fd = mkstemps(buf, (int)strlen(suffix));
    if (fd < 0)
        return NULL;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd);
    return buf;
}

#endif
