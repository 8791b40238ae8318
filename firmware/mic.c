/* mic.c - reading the microphone through failures: close, wait, reopen, carry on. */
#include "mic.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct mic_s {
    mic_ops_t ops;
    mic_config_t cfg;
    void *handle; /* NULL while the device is gone */
    unsigned reopens;
    unsigned long overruns_before; /* of the handles closed before this one */
    unsigned long overruns_now;    /* of this handle, as last seen */
    unsigned long report_at;       /* log when the total reaches this (1, 2, 4, ...) */
    /* A device that opens but fails again at once (a loose cable, a driver in a bad state) is
     * not retried from retry_min every time: the wait goes on doubling, and the log says so at
     * 1, 2, 4, ... failures, until it has worked for HEALTHY_SECONDS. */
    double wait;               /* the last wait before reopening; 0 once healthy */
    double healthy;            /* seconds read since the last reopen */
    unsigned long failures;    /* since it last was healthy */
    unsigned long fail_log_at; /* log the failure that brings `failures` to this */
    /* The stall watchdog (mic_config_t.stall_seconds). */
    pthread_t watchdog;
    bool watching;
    atomic_llong read_since_ms; /* when the read under way started; 0 when none is */
    atomic_bool closing;
};

#define HEALTHY_SECONDS 10.0

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Checks five times a second whether the read under way has been waiting too long. Nothing
 * but the exit can help then: the thread stuck in the read holds PortAudio's locks. */
static void *watch_reads(void *arg)
{
    mic_t *mic = arg;
    long long limit_ms = (long long)(mic->cfg.stall_seconds * 1000);
    while (!atomic_load(&mic->closing)) {
        nanosleep(&(struct timespec){0, 200000000L}, NULL);
        long long since = atomic_load(&mic->read_since_ms);
        if (since > 0 && monotonic_ms() - since > limit_ms) {
            fprintf(stderr,
                    "shopspeak: the microphone hung (a read has waited %.0f s; the audio system "
                    "can when a USB device goes away); exiting to be restarted\n",
                    mic->cfg.stall_seconds);
            _exit(MIC_STALL_EXIT);
        }
    }
    return NULL;
}

double mic_backoff_next(double current, double min, double max)
{
    double next = current <= 0 ? min : current * 2;
    return next > max ? max : next;
}

mic_t *mic_open(const mic_ops_t *ops, const mic_config_t *config)
{
    mic_t *mic = calloc(1, sizeof *mic);
    if (!mic)
        return NULL;
    mic->ops = *ops;
    mic->cfg = *config;
    mic->report_at = 1;
    mic->fail_log_at = 1;
    if (mic->cfg.retry_min <= 0)
        mic->cfg.retry_min = 0.5;
    if (mic->cfg.retry_max < mic->cfg.retry_min)
        mic->cfg.retry_max = mic->cfg.retry_min;
    mic->handle = ops->open(ops->ctx);
    if (!mic->handle) {
        free(mic);
        return NULL;
    }
    mic->watching =
        mic->cfg.stall_seconds > 0 && pthread_create(&mic->watchdog, NULL, watch_reads, mic) == 0;
    return mic;
}

void mic_close(mic_t *mic)
{
    if (!mic)
        return;
    atomic_store(&mic->closing, true);
    if (mic->watching)
        pthread_join(mic->watchdog, NULL);
    if (mic->handle)
        mic->ops.close(mic->handle);
    free(mic);
}

static int stopping(const mic_t *mic)
{
    return mic->cfg.stop && *mic->cfg.stop;
}

/* Sleep in short steps so a stop request is not kept waiting for up to retry_max. */
static void wait_for(mic_t *mic, double seconds)
{
    while (seconds > 0 && !stopping(mic)) {
        double step = seconds < 0.1 ? seconds : 0.1;
        mic->ops.sleep(mic->ops.ctx, step);
        seconds -= step;
    }
}

/* The device failed: log it, close it and reopen it until it is back or a stop is requested.
 * Returns 0 when it is open again, -1 when stopping. */
static int recover(mic_t *mic)
{
    bool logged = ++mic->failures >= mic->fail_log_at;
    if (logged && mic->failures == 1)
        fprintf(stderr, "shopspeak: the microphone failed (%s); reopening it\n", mic->ops.detail());
    else if (logged)
        fprintf(stderr,
                "shopspeak: the microphone failed again (%s; %lu times since it last worked "
                "for %.0f s); reopening it\n",
                mic->ops.detail(), mic->failures, HEALTHY_SECONDS);
    while (logged && mic->fail_log_at <= mic->failures && mic->fail_log_at < ULONG_MAX / 2)
        mic->fail_log_at *= 2;
    mic->ops.close(mic->handle);
    mic->handle = NULL;
    mic->overruns_before += mic->overruns_now;
    mic->overruns_now = 0;
    mic->healthy = 0;
    while (!stopping(mic)) {
        mic->wait = mic_backoff_next(mic->wait, mic->cfg.retry_min, mic->cfg.retry_max);
        wait_for(mic, mic->wait);
        if (stopping(mic))
            break;
        if (mic->ops.rescan)
            mic->ops.rescan();
        mic->handle = mic->ops.open(mic->ops.ctx);
        if (mic->handle) {
            mic->reopens++;
            if (logged)
                fprintf(stderr, "shopspeak: the microphone is back\n");
            return 0;
        }
    }
    return -1;
}

/* Log new overruns of the open device: the first, then each time the total doubles. */
static void note_overruns(mic_t *mic)
{
    if (!mic->ops.overruns)
        return;
    mic->overruns_now = mic->ops.overruns(mic->handle);
    unsigned long total = mic_overruns(mic);
    if (total < mic->report_at)
        return;
    fprintf(stderr,
            "shopspeak: the microphone overran (%lu time%s so far): some audio was lost because "
            "it was read too late; the machine may be too busy\n",
            total, total == 1 ? "" : "s");
    while (mic->report_at <= total && mic->report_at < ULONG_MAX / 2)
        mic->report_at *= 2;
}

long mic_read(mic_t *mic, int16_t *out, size_t n)
{
    for (;;) {
        atomic_store(&mic->read_since_ms, monotonic_ms());
        long got = mic->handle ? mic->ops.read(mic->handle, out, n) : -1;
        atomic_store(&mic->read_since_ms, 0);
        if (got >= 0) {
            note_overruns(mic);
            mic->healthy += (double)got / AUDIO_ASR_RATE;
            if (mic->failures && mic->healthy >= HEALTHY_SECONDS) {
                mic->failures = 0; /* the next failure is news again */
                mic->fail_log_at = 1;
                mic->wait = 0;
            }
            return got;
        }
        if (recover(mic) != 0)
            return 0;
    }
}

void mic_pause(mic_t *mic)
{
    if (mic->handle && mic->ops.pause(mic->handle) != 0)
        fprintf(stderr, "shopspeak: cannot pause the microphone: %s\n", mic->ops.detail());
}

void mic_resume(mic_t *mic)
{
    /* A failure here shows up as a failed read, which mic_read() recovers from. */
    if (mic->handle)
        mic->ops.resume(mic->handle);
}

unsigned mic_reopens(const mic_t *mic)
{
    return mic ? mic->reopens : 0;
}

unsigned long mic_overruns(const mic_t *mic)
{
    return mic ? mic->overruns_before + mic->overruns_now : 0;
}

/* ---- The real device ------------------------------------------------------------------ */

static void *audio_open(void *ctx)
{
    int status;
    return audio_capture_open(ctx, &status);
}

static long audio_read(void *h, int16_t *out, size_t n)
{
    return audio_capture_read(h, out, n);
}

static int audio_pause(void *h)
{
    return audio_capture_pause(h);
}

static int audio_resume(void *h)
{
    return audio_capture_resume(h);
}

static unsigned long audio_overruns(void *h)
{
    return audio_capture_overflows(h);
}

static void audio_close(void *h)
{
    audio_capture_close(h);
}

static void audio_rescan(void)
{
    (void)audio_device_rescan(); /* a failure shows as a failed open, retried */
}

static void real_sleep(void *ctx, double seconds)
{
    (void)ctx;
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    nanosleep(&ts, NULL);
}

mic_ops_t mic_audio_ops(const audio_capture_config_t *config)
{
    mic_ops_t ops = {audio_open, audio_read,         audio_pause,    audio_resume,   audio_close,
                     real_sleep, audio_error_detail, audio_overruns, (void *)config, audio_rescan};
    return ops;
}
