/* fuzz_span.c - any bytes as an utterance for grammar__speech_span(): the stretch it returns
 * lies inside the utterance, starts on a 10 ms frame and is never empty; never a crash. The same
 * utterance goes through the steady-background test and, when it says yes, the noise
 * suppression (grammar/denoise.c), which must return a copy.
 * An input starting with 'r' is raw 16-bit samples; any other is an envelope, one byte per
 * 10 ms frame (its loudness), so that inputs of a few kilobytes reach the long utterances the
 * span logic works on: a buzz at 8 kHz, or after a 'v' a voiced one at 200 Hz (someone talking,
 * to the span's voice check). */
#include <stdbool.h>

#include "fuzz_util.h"
#include "grammar_internal.h"

static int16_t *to_samples(const uint8_t *data, size_t size, size_t *n)
{
    if (size > 0 && data[0] == 'r') {
        *n = (size - 1) / sizeof(int16_t);
        int16_t *pcm = malloc(*n ? *n * sizeof *pcm : 1);
        if (pcm)
            memcpy(pcm, data + 1, *n * sizeof *pcm);
        return pcm;
    }
    size_t period = 2; /* samples */
    if (size > 0 && data[0] == 'v') {
        period = 80;
        data++;
        size--;
    }
    *n = size * SPAN_FRAME;
    int16_t *pcm = malloc(*n ? *n * sizeof *pcm : 1);
    for (size_t i = 0; pcm && i < *n; i++) {
        int amp = data[i / SPAN_FRAME] * 128 + (data[i / SPAN_FRAME] == 255 ? 127 : 0);
        bool up = i % period < period / 2;
        pcm[i] = (int16_t)(up ? amp : -amp - (amp == 32767)); /* reaches -32768 too */
    }
    return pcm;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    int16_t *pcm = to_samples(data, size, &n);
    if (!pcm)
        return 0;
    size_t start = SIZE_MAX, len = SIZE_MAX;
    grammar__speech_span(pcm, n, &start, &len);
    if (start > n || len > n - start || start % SPAN_FRAME != 0 || (n > 0 && len == 0) ||
        (start + len != n && len % SPAN_FRAME != 0))
        abort();
    if (grammar__steady_background(pcm, n)) {
        int16_t *clean = grammar__denoised(pcm, n);
        if (!clean)
            abort();
        free(clean);
    }
    free(pcm);
    return 0;
}
