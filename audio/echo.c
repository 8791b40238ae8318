/* echo.c - acoustic echo cancellation with speexdsp, for barge-in while the speaker talks. */
#include "audio_internal.h"

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include <stdlib.h>

struct audio_echo_s {
    SpeexEchoState *echo;
    SpeexPreprocessState *pre; /* takes out the residual echo the filter leaves */
};

audio_echo_t *audio_echo_open(int tail_ms, int *status)
{
    if (tail_ms < 10 || tail_ms > 2000) {
        *status = audio__fail(AUDIO_EINVAL, "echo tail of %d ms is outside 10..2000", tail_ms);
        return NULL;
    }
    audio_echo_t *e = calloc(1, sizeof *e);
    if (!e) {
        *status = audio__fail(AUDIO_ENOMEM, "out of memory for the echo canceller");
        return NULL;
    }
    int rate = AUDIO_ASR_RATE;
    e->echo = speex_echo_state_init(AUDIO_ENDPOINTER_FRAME, tail_ms * AUDIO_ASR_RATE / 1000);
    e->pre = speex_preprocess_state_init(AUDIO_ENDPOINTER_FRAME, AUDIO_ASR_RATE);
    if (!e->echo || !e->pre) {
        audio_echo_close(e);
        *status = audio__fail(AUDIO_ENOMEM, "out of memory for the echo canceller");
        return NULL;
    }
    speex_echo_ctl(e->echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    speex_preprocess_ctl(e->pre, SPEEX_PREPROCESS_SET_ECHO_STATE, e->echo);
    *status = AUDIO_OK;
    return e;
}

void audio_echo_cancel(audio_echo_t *e, const int16_t *mic, const int16_t *played, int16_t *out)
{
    speex_echo_cancellation(e->echo, mic, played, out);
    speex_preprocess_run(e->pre, out);
}

void audio_echo_reset(audio_echo_t *e)
{
    speex_echo_state_reset(e->echo);
}

void audio_echo_close(audio_echo_t *e)
{
    if (!e)
        return;
    if (e->pre)
        speex_preprocess_state_destroy(e->pre);
    if (e->echo)
        speex_echo_state_destroy(e->echo);
    free(e);
}
