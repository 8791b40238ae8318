/*
 * bargein.h - barge-in: the shopper says "stop" (or "cancel") while the speaker talks, and it
 * stops. The answer is played a 10 ms frame at a time; after each, a 10 ms frame of the
 * microphone goes through speexdsp's echo canceller, fed with the frame just played, so what
 * is left is the room without the speaker; an endpointer cuts utterances out of it, and each
 * is decoded with the confirm grammar (where "stop" and "cancel" are sentences).
 */
#ifndef SHOPSPEAK_BARGEIN_H
#define SHOPSPEAK_BARGEIN_H

#include <stddef.h>

#include "mic.h"
#include "pipeline.h"

typedef struct bargein_s bargein_t;

/* NULL on failure (audio_error_detail() says why). p is not owned and must outlive it. */
bargein_t *bargein_open(pipeline_t *p);
void bargein_close(bargein_t *b); /* NULL is a no-op */

/*
 * Play reply on output (NULL: the default device) while listening on mic. Returns 1 when
 * "stop" or "cancel" was heard and playback was cut (the words in heard), 0 when the answer
 * was played to its end (or the microphone's stream ended), or a negative status when
 * playback failed.
 */
int bargein_play(bargein_t *b, mic_t *mic, const char *output, const audio_buf_t *reply,
                 char *heard, size_t heard_len);

/* Whether recognised words ask the speaker to stop: "stop" or "cancel" among them. */
int bargein_is_stop(const char *words);

#endif
