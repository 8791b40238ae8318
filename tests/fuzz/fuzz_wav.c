/* fuzz_wav.c - any bytes given as a WAV file: an error or samples, never a crash. */
#include "audio.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    audio_buf_t buf = {0};
    if (!fuzz_write_file(data, size, ".wav", path, sizeof path))
        return 0;
    if (audio_read_wav(path, AUDIO_ASR_RATE, 30.0, &buf) == AUDIO_OK && buf.n_samples == 0)
        abort(); /* success means samples */
    audio_buf_free(&buf);
    unlink(path);
    return 0;
}
