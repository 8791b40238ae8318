/*
 * mic.h - the microphone as `shopspeak listen` uses it: a capture stream that survives being
 * unplugged (a failed read closes it and reopens it with a doubling wait until it is back) and
 * that can be paused while the speaker talks (half duplex). The device operations are a table
 * so tests can replace them.
 */
#ifndef SHOPSPEAK_MIC_H
#define SHOPSPEAK_MIC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "audio.h"

/* What the microphone does with a device; mic_audio_ops() gives the real ones (PortAudio). */
typedef struct {
    /* Open and start capture; NULL on failure (a detail for a person from detail()). */
    void *(*open)(void *ctx);
    long (*read)(void *handle, int16_t *out, size_t n); /* as audio_capture_read() */
    int (*pause)(void *handle);                         /* stop recording; drop what is queued */
    int (*resume)(void *handle);
    void (*close)(void *handle);
    void (*sleep)(void *ctx, double seconds);
    const char *(*detail)(void); /* the last failure, one line */
    /* How often the open device overran since it was opened (samples were lost because reads
     * came too late); NULL when the device cannot tell. */
    unsigned long (*overruns)(void *handle);
    void *ctx;
    /* Before each reopen: look for devices again (a microphone plugged back in may have a new
     * number); NULL when there is nothing to look for. */
    void (*rescan)(void);
} mic_ops_t;

/* PortAudio capture with `config` (not copied: it must outlive the mic). */
mic_ops_t mic_audio_ops(const audio_capture_config_t *config);

typedef struct {
    double retry_min, retry_max; /* seconds; the wait starts at min and doubles up to max */
    volatile sig_atomic_t *stop; /* when it becomes non-zero, waiting ends; may be NULL */
    /* A read that has not returned after this many seconds means the device hung, not failed:
     * PortAudio 19.6's ALSA code can loop for ever inside a read when a USB device goes away
     * (PortAudio issue 1037), and nothing in the process can get it back. A watchdog thread
     * then logs one line and ends the process with MIC_STALL_EXIT, for a service manager to
     * restart it (docs/shopspeak.service). 0: no watchdog. */
    double stall_seconds;
} mic_config_t;

#define MIC_STALL_EXIT 6 /* the exit status of an audio device failure (pipeline.h) */

typedef struct mic_s mic_t;

/* Open the device once (no retry: a microphone missing at start-up is an error). NULL on
 * failure; ops->detail() says why. */
mic_t *mic_open(const mic_ops_t *ops, const mic_config_t *config);
void mic_close(mic_t *mic); /* NULL is a no-op */

/*
 * Read n samples. When the device fails, logs one line on stderr, closes it and tries to
 * reopen it after retry_min, 2 * retry_min, ... up to retry_max seconds between attempts,
 * logging one line when it is back; the samples lost meanwhile are not made up. A device that
 * fails again before it has worked for 10 s goes on from the last wait, and is logged at its
 * 1st, 2nd, 4th, ... failure. Returns n, 0 at the end of the stream or when a stop was
 * requested while waiting.
 */
long mic_read(mic_t *mic, int16_t *out, size_t n);

/* Half duplex: stop listening (what was queued is dropped) and start again. */
void mic_pause(mic_t *mic);
void mic_resume(mic_t *mic);

/* The wait after `current` (0 before the first attempt): min, then doubling, capped at max. */
double mic_backoff_next(double current, double min, double max);

/* How often the device was reopened after a failure. */
unsigned mic_reopens(const mic_t *mic);

/* How often the device overran, over every time it was open. Reads that come too late lose
 * audio (the machine is overloaded, or something held up the loop): mic_read() logs the first
 * overrun and then each time the count doubles, so a device that keeps overrunning is seen in
 * the log without flooding it. */
unsigned long mic_overruns(const mic_t *mic);

#endif
