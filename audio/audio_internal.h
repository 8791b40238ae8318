/* audio_internal.h - helpers shared by the files of the audio module; not part of its API. */
#ifndef SHOPSPEAK_AUDIO_INTERNAL_H
#define SHOPSPEAK_AUDIO_INTERNAL_H

#include "audio.h"

/*
 * Record a one-line explanation for audio_error_detail() and return `status`, so a failure
 * reads `return audio__fail(AUDIO_ENOENT, "cannot open %s", path);`.
 */
int audio__fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Convert a float sample in [-1, 1] (or beyond) to int16 with saturation. */
int16_t audio__clip16(float x);

/* ---- Streaming resampler (resample.c) ---- */

/* A speexdsp resampler of 16-bit mono, created once and fed block by block. */
typedef struct audio__rs_s audio__rs_t;

/* NULL on failure (detail set). in_rate == out_rate gives a pass-through. */
audio__rs_t *audio__rs_open(int in_rate, int out_rate, int *status);
void audio__rs_close(audio__rs_t *rs);
/*
 * Resample *n_in samples into out (room for *n_out). On return *n_in holds how many input
 * samples were consumed and *n_out how many were written.
 */
void audio__rs_process(audio__rs_t *rs, const int16_t *in, size_t *n_in, int16_t *out,
                       size_t *n_out);
/* The resampler's delay in input samples: feed this many zeros at the end to flush it. */
int audio__rs_latency(const audio__rs_t *rs);
/* Push the samples still inside the filter out (feeds zeros); returns how many were written. */
size_t audio__rs_flush(audio__rs_t *rs, int16_t *out, size_t n_out);
/* How many output samples n input samples become (rounded up). */
size_t audio__rs_out_len(size_t n, int in_rate, int out_rate);

/* ---- PortAudio helpers (device.c) ---- */

/* Map a PaError to AUDIO_EDEVICE with a detail naming `what`. */
int audio__pa_fail(int pa_err, const char *what);
/* Resolve a device spec (NULL, index, or name substring) for input (1) or output (0). */
int audio__find_device(const char *spec, int want_input);

#endif /* SHOPSPEAK_AUDIO_INTERNAL_H */
