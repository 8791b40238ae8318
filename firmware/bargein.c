/* bargein.c - playing an answer while listening for "stop" through an echo canceller. */
#include "bargein.h"
#include "early.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ECHO_TAIL_MS  300 /* the echo paths the canceller models: a speaker beside its mic */
#define PLAY_AHEAD_MS 60  /* see bargein_play() */
/* Every utterance heard over the answer is decoded, up to the endpointer's cap and pre-roll: a
 * "stop" inside a longer stretch that the canceller let through still counts. Through a real
 * loopback (tests/bench/bargein_loopback.sh) this cut 47 of 48 answers with the queue below,
 * against 41 when only utterances of up to 2 s were decoded. */
#define STOP_MAX_MS 3500
/* Utterances kept while one is decoded. Live, a decoding ends long before the next utterance
 * does; a recording read faster than real time (tests/alsa) brings several at once. */
#define WAITING 4

struct bargein_s {
    pipeline_t *p;
    audio_echo_t *echo;
    audio_endpointer_t *ep;
    early_t *decoder;  /* decodes on its own thread: the answer plays on meanwhile */
    long long started; /* stream frame of the utterance being decoded, -1 for none */
    size_t started_n;
    /* Utterances that ended while another was decoded, oldest first: waiting[i] of
     * waiting_n[i] samples, ended at frame waiting_pos[i]. When it is full the oldest goes. */
    int16_t *waiting[WAITING];
    size_t waiting_n[WAITING];
    long long waiting_pos[WAITING];
    size_t n_waiting;
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
    ec.max_utterance_ms = 3000;   /* with the pre-roll, within STOP_MAX_MS */
    if (!(b->echo = audio_echo_open(ECHO_TAIL_MS, &status)) ||
        !(b->ep = audio_endpointer_open(&ec, &status)) ||
        !(b->decoder = early_open(p, (size_t)STOP_MAX_MS * AUDIO_ASR_RATE / 1000))) {
        bargein_close(b);
        return NULL;
    }
    for (size_t i = 0; i < WAITING; i++)
        if (!(b->waiting[i] =
                  malloc((size_t)STOP_MAX_MS * AUDIO_ASR_RATE / 1000 * sizeof(int16_t)))) {
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
    early_close(b->decoder);
    for (size_t i = 0; i < WAITING; i++)
        free(b->waiting[i]);
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

/* The oldest utterance waiting leaves the queue; its buffer goes to the back, for reuse. */
static void pop_waiting(bargein_t *b)
{
    int16_t *first = b->waiting[0];
    b->n_waiting--;
    memmove(b->waiting, b->waiting + 1, b->n_waiting * sizeof *b->waiting);
    memmove(b->waiting_n, b->waiting_n + 1, b->n_waiting * sizeof *b->waiting_n);
    memmove(b->waiting_pos, b->waiting_pos + 1, b->n_waiting * sizeof *b->waiting_pos);
    b->waiting[b->n_waiting] = first;
}

/* The oldest utterance waiting, if any, to the decoder's thread when it is free: decoded with
 * the confirm grammar while playback and the canceller, which must see every frame as it is
 * played, go on. */
static void start_next(bargein_t *b)
{
    if (b->n_waiting == 0 || b->started >= 0)
        return;
    /* pipeline_expect() holds for the next decoding only: set it when one surely starts. */
    if (pipeline_expect(b->p, "confirm", NULL, 0) == 0 &&
        early_start(b->decoder, b->waiting[0], b->waiting_n[0], b->waiting_pos[0])) {
        b->started = b->waiting_pos[0];
        b->started_n = b->waiting_n[0];
    }
    pop_waiting(b);
}

/* An utterance heard over the answer ended, at stream frame pos: decoded now, or after the ones
 * before it. */
static void heard_utterance(bargein_t *b, long long pos)
{
    size_t n;
    const int16_t *pcm = audio_endpointer_utterance(b->ep, &n);
    if (n == 0 || n > (size_t)STOP_MAX_MS * AUDIO_ASR_RATE / 1000)
        return;
    if (b->n_waiting == WAITING)
        pop_waiting(b); /* full: the oldest goes */
    memcpy(b->waiting[b->n_waiting], pcm, n * sizeof *pcm);
    b->waiting_n[b->n_waiting] = n;
    b->waiting_pos[b->n_waiting] = pos;
    b->n_waiting++;
    start_next(b);
}

/* The decoding started last, once it has finished (wait: also before it has). 1 when it says
 * stop, the words into heard. */
static int decoded_stop(bargein_t *b, int wait, char *heard, size_t heard_len)
{
    pipeline_heard_t h;
    if (b->started < 0 || (!wait && !early_ready(b->decoder)))
        return 0;
    int got = early_take(b->decoder, b->started, b->started_n, &h);
    b->started = -1;
    if (!got)
        return 0;
    /* heard is only shown to the user: a long sentence may be cut short there. heard_len is at
     * least 1 (bargein_play() writes heard[0]). */
    size_t len = strlen(h.res.text);
    len = len < heard_len ? len : heard_len - 1;
    memcpy(heard, h.res.text, len);
    heard[len] = '\0';
    return !h.res.rejected && bargein_is_stop(h.res.text);
}

int bargein_play(bargein_t *b, mic_t *mic, const char *output, const audio_buf_t *reply,
                 char *heard, size_t heard_len)
{
    audio_buf_t ref = {0};
    int status, stop = 0;
    heard[0] = '\0';
    b->started = -1;
    b->n_waiting = 0;
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
     * canceller about 2.5 s of speech to converge from nothing). But drop what the microphone
     * queued while the answer was decoded and synthesised: read one frame per frame played, a
     * backlog would never shrink, and the canceller, which models ECHO_TAIL_MS of delay, would
     * get microphone audio from before the answer set against the answer. */
    mic_pause(mic);
    mic_resume(mic);
    int16_t played[AUDIO_ENDPOINTER_FRAME], mic_frame[AUDIO_ENDPOINTER_FRAME],
        clean[AUDIO_ENDPOINTER_FRAME];
    /* The player keeps PLAY_AHEAD_MS ahead of the microphone: a read that waits for a late
     * chunk of capture must not let the output run dry, which would shift the echo against
     * what the canceller was fed. */
    rc = (int)audio_player_step(pl, (size_t)PLAY_AHEAD_MS * AUDIO_ASR_RATE / 1000);
    for (size_t off = 0; rc >= 0 && off < ref.n_samples && !stop; off += AUDIO_ENDPOINTER_FRAME) {
        size_t k = ref.n_samples - off < AUDIO_ENDPOINTER_FRAME ? ref.n_samples - off
                                                                : AUDIO_ENDPOINTER_FRAME;
        if ((rc = (int)audio_player_step(pl, AUDIO_ENDPOINTER_FRAME)) < 0)
            break;
        rc = 0;
        memset(played, 0, sizeof played);
        memcpy(played, ref.samples + off, k * sizeof *played);
        if (mic_read(mic, mic_frame, AUDIO_ENDPOINTER_FRAME) == 0)
            break; /* the stream ended: play on without listening */
        audio_echo_cancel(b->echo, mic_frame, played, clean);
        if (audio_endpointer_process(b->ep, clean) == AUDIO_EP_END)
            heard_utterance(b, (long long)(off / AUDIO_ENDPOINTER_FRAME));
        stop = decoded_stop(b, 0, heard, heard_len);
        start_next(b);
    }
    if (!stop && rc == 0)
        while (audio_player_step(pl, AUDIO_ENDPOINTER_FRAME) > 0) /* the rest, if the mic ended */
            ;
    audio_player_stop(pl, stop);
    /* The answer's last echo is still on its way to the microphone (device buffers, the room):
     * cancel it against the silence that follows, so listen does not hear its own words. */
    memset(played, 0, sizeof played);
    for (int f = 0; rc == 0 && f < ECHO_TAIL_MS * AUDIO_ASR_RATE / 1000 / AUDIO_ENDPOINTER_FRAME;
         f++) {
        if (mic_read(mic, mic_frame, AUDIO_ENDPOINTER_FRAME) == 0)
            break;
        audio_echo_cancel(b->echo, mic_frame, played, clean);
    }
    audio_endpointer_flush(b->ep);
    /* Wait for a decoding still running: the pipeline is the caller's again after. A "stop"
     * said as the answer ended still counts (it is what was heard). */
    while (!stop && (b->started >= 0 || b->n_waiting)) {
        stop = decoded_stop(b, 1, heard, heard_len);
        start_next(b);
    }
    b->n_waiting = 0;
    char later[256];
    decoded_stop(b, 1, later, sizeof later); /* one still running after a stop: not its words */
    audio_buf_free(&ref);
    return rc < 0 ? rc : stop;
}
