/* buf.c - the audio_buf_t helpers. */
#include "audio_internal.h"

#include <stdlib.h>
#include <string.h>

void audio_buf_free(audio_buf_t *buf)
{
    if (!buf)
        return;
    free(buf->samples);
    memset(buf, 0, sizeof *buf);
}

double audio_buf_seconds(const audio_buf_t *buf)
{
    if (!buf || buf->sample_rate <= 0)
        return 0.0;
    return (double)buf->n_samples / buf->sample_rate;
}
