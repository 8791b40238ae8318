/* early.c - a command decoded on a second thread during its trailing silence. */
#include "early.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct early_s {
    pipeline_t *p;
    int16_t *pcm; /* the copy being decoded */
    size_t cap, n;
    long long pos;
    pthread_t thread;
    int running;     /* started and not joined */
    atomic_int done; /* the thread has finished (set by it) */
    pipeline_heard_t heard;
};

early_t *early_open(pipeline_t *p, size_t max_samples)
{
    early_t *e = calloc(1, sizeof *e);
    if (!e || !(e->pcm = malloc(max_samples * sizeof *e->pcm))) {
        free(e);
        return NULL;
    }
    e->p = p;
    e->cap = max_samples;
    return e;
}

static void join(early_t *e)
{
    if (e->running)
        pthread_join(e->thread, NULL);
    e->running = 0;
}

void early_close(early_t *e)
{
    if (!e)
        return;
    join(e);
    free(e->pcm);
    free(e);
}

static void *decode_main(void *arg)
{
    early_t *e = arg;
    pipeline_hear(e->p, e->pcm, e->n, &e->heard);
    atomic_store(&e->done, 1);
    return NULL;
}

int early_start(early_t *e, const int16_t *pcm, size_t n, long long pos)
{
    if (e->running && e->pos == pos && e->n == n)
        return 1;
    /* Never wait here: the caller is reading the microphone. A decoding of other samples still
     * running (speech resumed after a pause) is left to finish; these are decoded when the
     * utterance ends, unless a later pause gives another chance. */
    if (e->running && !atomic_load(&e->done))
        return 0;
    join(e);
    if (n == 0 || n > e->cap)
        return 0;
    memcpy(e->pcm, pcm, n * sizeof *pcm);
    e->n = n;
    e->pos = pos;
    atomic_store(&e->done, 0);
    e->running = pthread_create(&e->thread, NULL, decode_main, e) == 0;
    return e->running;
}

int early_busy(const early_t *e)
{
    return e && e->running && !atomic_load(&e->done);
}

int early_ready(const early_t *e)
{
    return e && e->running && atomic_load(&e->done);
}

int early_take(early_t *e, long long pos, size_t n, pipeline_heard_t *out)
{
    if (!e || !e->running)
        return 0;
    join(e);
    if (e->pos != pos || e->n != n)
        return 0;
    *out = e->heard;
    return 1;
}
