/* held.c - what the microphone heard while the speaker talked, kept for after (held.h). */
#include "held.h"

#include <stdlib.h>
#include <string.h>

/* The player keeps this far ahead of the microphone, as in bargein.c: a read that waits for a
 * late chunk of capture must not let the output run dry. */
#define PLAY_AHEAD_MS 60

struct held_s {
    mic_t *mic;
    int16_t *pcm;
    size_t cap, off, n; /* kept samples are pcm[off, off + n) */
};

held_t *held_open(mic_t *mic, size_t max_samples)
{
    held_t *h = calloc(1, sizeof *h);
    if (!h || max_samples < AUDIO_ENDPOINTER_FRAME ||
        !(h->pcm = malloc(max_samples * sizeof *h->pcm))) {
        free(h);
        return NULL;
    }
    h->mic = mic;
    h->cap = max_samples - max_samples % AUDIO_ENDPOINTER_FRAME; /* whole frames */
    return h;
}

void held_close(held_t *h)
{
    if (!h)
        return;
    free(h->pcm);
    free(h);
}

/* Append k samples; when full, the oldest half goes (the newest are the likelier command). */
static void keep(held_t *h, const int16_t *s, size_t k)
{
    if (h->off + h->n + k > h->cap) {
        size_t drop = h->n > h->cap / 2 ? h->n - h->cap / 2 : 0;
        drop += (AUDIO_ENDPOINTER_FRAME - drop % AUDIO_ENDPOINTER_FRAME) % AUDIO_ENDPOINTER_FRAME;
        memmove(h->pcm, h->pcm + h->off + drop, (h->n - drop) * sizeof *h->pcm);
        h->off = 0;
        h->n -= drop;
    }
    if (h->n + k <= h->cap) {
        memcpy(h->pcm + h->off + h->n, s, k * sizeof *s);
        h->n += k;
    }
}

int held_play(held_t *h, const char *output, const int16_t *samples, size_t n, int rate)
{
    if (n == 0)
        return AUDIO_OK;
    /* At the microphone's rate, so that a frame played and a frame heard last as long. */
    audio_buf_t ref = {0};
    int status = audio_resample(samples, n, rate, AUDIO_ASR_RATE, &ref);
    audio_player_t *pl = status == AUDIO_OK ? audio_player_start(output, ref.samples, ref.n_samples,
                                                                 AUDIO_ASR_RATE, &status)
                                            : NULL;
    long rc = pl ? audio_player_step(pl, (size_t)PLAY_AHEAD_MS * AUDIO_ASR_RATE / 1000) : status;
    int16_t frame[AUDIO_ENDPOINTER_FRAME];
    int listening = 1;
    /* A frame heard for every frame of the answer, as long as it lasts. */
    size_t frames = (ref.n_samples + AUDIO_ENDPOINTER_FRAME - 1) / AUDIO_ENDPOINTER_FRAME;
    for (size_t f = 0; rc >= 0 && f < frames; f++) {
        if (listening && mic_read(h->mic, frame, AUDIO_ENDPOINTER_FRAME) > 0)
            keep(h, frame, AUDIO_ENDPOINTER_FRAME);
        else
            listening = 0; /* the stream ended: play on */
        rc = audio_player_step(pl, AUDIO_ENDPOINTER_FRAME);
    }
    audio_player_stop(pl, 0);
    audio_buf_free(&ref);
    return rc < 0 ? (int)rc : AUDIO_OK;
}

long held_read(held_t *h, int16_t *out, size_t n)
{
    if (h->n == 0)
        return mic_read(h->mic, out, n);
    size_t k = n < h->n ? n : h->n;
    memcpy(out, h->pcm + h->off, k * sizeof *out);
    h->off += k;
    h->n -= k;
    if (h->n == 0)
        h->off = 0;
    return (long)k;
}
