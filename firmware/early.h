/*
 * early.h - decoding a command while the endpointer waits out its trailing silence. Once the
 * silence after the last word is as long as the part an utterance keeps (0.2 s), the samples
 * of the utterance are final unless the shopper speaks again (audio_endpointer_tentative()):
 * early_start() decodes them on a second thread during the rest of the silence (0.4 s by
 * default), and early_take() hands the result over when the utterance does end with exactly
 * those samples. The recognizer is the only part of the pipeline the thread touches, and
 * between early_start() and early_take() the caller must not use the pipeline.
 */
#ifndef SHOPSPEAK_EARLY_H
#define SHOPSPEAK_EARLY_H

#include <stddef.h>
#include <stdint.h>

#include "pipeline.h"

typedef struct early_s early_t;

/* For commands of up to max_samples. NULL when out of memory. */
early_t *early_open(pipeline_t *p, size_t max_samples);
/* Waits for a decoding still running. NULL is a no-op. */
void early_close(early_t *e);

/* Decode the n samples (copied) that start at stream position pos, unless exactly those are
 * already being decoded. Never waits: while a decoding of other samples is still running (the
 * recognizer does one at a time) it does nothing. Returns 1 when a decoding runs for them, 0
 * when not (busy, too long, or no thread). */
int early_start(early_t *e, const int16_t *pcm, size_t n, long long pos);

/* Whether a decoding is running (1) or none is (0): started, and its thread not finished. */
int early_busy(const early_t *e);
/* Whether a decoding has finished and waits for early_take(), which will not wait. */
int early_ready(const early_t *e);

/* The utterance ended as the n samples at pos: waits for the decoding under way, and returns
 * 1 with its result in *out when it was of exactly those samples, else 0 (decode them now).
 * Afterwards the pipeline is the caller's again. */
int early_take(early_t *e, long long pos, size_t n, pipeline_heard_t *out);

#endif
