/* bargein.c - playing an answer while listening for "stop" through an echo canceller. */
#include "bargein.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ECHO_TAIL_MS 300 /* the echo paths the canceller models: a speaker beside its mic */

struct bargein_s {
    pipeline_t *p;
    audio_echo_t *echo;
    audio_endpointer_t *ep;
};

bargein_t *bargein_open(pipeline_t *p)
{
    int status;
    bargein_t *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->p = p;
    audio_endpointer_config_t ec = audio_endpointer_config_default();
    ec.trailing_silence_ms = 300; /* "stop" is one word: do not wait long after it */
    ec.max_utterance_ms = 3000;
    if (!(b->echo = audio_echo_open(ECHO_TAIL_MS, &status)) ||
        !(b->ep = audio_endpointer_open(&ec, &status))) {
        bargein_close(b);
        return NULL;
    }
    return b;
}

void bargein_close(bargein_t *b)
{
    if (!b)
        return;
    audio_echo_close(b->echo);
    audio_endpointer_close(b->ep);
    free(b);
}

int bargein_is_stop(const char *words)
{
    char w[64];
    for (const char *s = words; *s;) {
        size_t len = strcspn(s, " ");
        snprintf(w, sizeof w, "%.*s", (int)(len < sizeof w ? len : sizeof w - 1), s);
        if (strcmp(w, "stop") == 0 || strcmp(w, "cancel") == 0)
            return 1;
        s += len + (s[len] == ' ');
    }
    return 0;
}

/* An utterance heard over the answer: decoded with the confirm grammar. 1 when it says stop. */
static int heard_stop(bargein_t *b, char *heard, size_t heard_len)
{
    size_t n;
    const int16_t *pcm = audio_endpointer_utterance(b->ep, &n);
    pipeline_heard_t h;
    if (pipeline_expect(b->p, "confirm", NULL, 0) != 0 || pipeline_hear(b->p, pcm, n, &h) != 0)
        return 0;
    snprintf(heard, heard_len, "%s", h.res.text);
    return !h.res.rejected && bargein_is_stop(h.res.text);
}

int bargein_play(bargein_t *b, mic_t *mic, const char *output, const audio_buf_t *reply,
                 char *heard, size_t heard_len)
{
    audio_buf_t ref = {0};
    int status, stop = 0;
    heard[0] = '\0';
    /* The answer at the microphone's rate: one frame played, one frame heard. */
    int rc =
        audio_resample(reply->samples, reply->n_samples, reply->sample_rate, AUDIO_ASR_RATE, &ref);
    audio_player_t *pl = rc == AUDIO_OK ? audio_player_start(output, ref.samples, ref.n_samples,
                                                             AUDIO_ASR_RATE, &status)
                                        : NULL;
    if (!pl) {
        audio_buf_free(&ref);
        return rc == AUDIO_OK ? status : rc;
    }
    /* No audio_echo_reset(): the path from speaker to microphone is the same from one answer
     * to the next, so the filter the last answer adapted is the best start (it takes the
     * canceller about 2.5 s of speech to converge from nothing). */
    int16_t played[AUDIO_ENDPOINTER_FRAME], mic_frame[AUDIO_ENDPOINTER_FRAME],
        clean[AUDIO_ENDPOINTER_FRAME];
    for (size_t off = 0; off < ref.n_samples && !stop; off += AUDIO_ENDPOINTER_FRAME) {
        size_t k = ref.n_samples - off < AUDIO_ENDPOINTER_FRAME ? ref.n_samples - off
                                                                : AUDIO_ENDPOINTER_FRAME;
        if ((rc = (int)audio_player_step(pl, k)) < 0)
            break;
        rc = 0;
        memset(played, 0, sizeof played);
        memcpy(played, ref.samples + off, k * sizeof *played);
        if (mic_read(mic, mic_frame, AUDIO_ENDPOINTER_FRAME) == 0)
            break; /* the stream ended: play on without listening */
        audio_echo_cancel(b->echo, mic_frame, played, clean);
        if (audio_endpointer_process(b->ep, clean) == AUDIO_EP_END)
            stop = heard_stop(b, heard, heard_len);
    }
    if (!stop && rc == 0)
        while (audio_player_step(pl, AUDIO_ENDPOINTER_FRAME) > 0) /* the rest, if the mic ended */
            ;
    audio_player_stop(pl, stop);
    audio_endpointer_flush(b->ep);
    audio_buf_free(&ref);
    return rc < 0 ? rc : stop;
}
