/*
 * words_dev.h - real speech for the grammar tests: the recordings of one Speech Commands word in
 * $SHOPSPEAK_SPEECH_DIR/words-dev/WORD, read at 16 kHz one by one. For test_asr.c and
 * test_confidence.c; include after cmocka.h (it asserts).
 */
#ifndef SHOPSPEAK_TEST_WORDS_DEV_H
#define SHOPSPEAK_TEST_WORDS_DEV_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audio.h"

/* The speech folder, or NULL after saying the test is skipped when words-dev/WORD is not
 * there (the caller then calls skip()). */
static inline const char *words_dev_speech(const char *word)
{
    const char *speech = getenv("SHOPSPEAK_SPEECH_DIR");
    char dir[512];
    struct stat sb;
    snprintf(dir, sizeof dir, "%s/words-dev/%s", speech ? speech : "", word);
    if (speech && stat(dir, &sb) == 0)
        return speech;
    print_message("skipped: no real speech at %s (set SHOPSPEAK_SPEECH_DIR)\n", dir);
    return NULL;
}

/* fn(file name, its audio, ctx) for every WAV of words-dev/WORD under speech. */
typedef void (*words_dev_fn)(const char *file, const audio_buf_t *pcm, void *ctx);

static inline void words_dev_each(const char *speech, const char *word, words_dev_fn fn, void *ctx)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/words-dev/%s", speech, word);
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, ".wav"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        audio_buf_t buf = {0};
        assert_int_equal(audio_read_wav(path, AUDIO_ASR_RATE, 10, &buf), AUDIO_OK);
        fn(e->d_name, &buf, ctx);
        audio_buf_free(&buf);
    }
    closedir(d);
}

#endif
