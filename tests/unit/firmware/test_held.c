/* test_held.c - half duplex off: what the microphone hears while an answer plays is kept and
 * handed over after it, in order, the oldest dropped past the cap. Real playback (PortAudio,
 * ALSA's null device through tests/alsa); a fake microphone whose samples count frames. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "held.h"

static int16_t next_frame; /* the fake microphone's next frame number */

static void *f_open(void *ctx)
{
    return ctx;
}

static long f_read(void *h, int16_t *out, size_t n)
{
    (void)h;
    for (size_t i = 0; i < n; i++)
        out[i] = next_frame;
    next_frame++;
    return (long)n;
}

static int f_nothing(void *h)
{
    (void)h;
    return 0;
}

static void f_close(void *h)
{
    (void)h;
}

static void f_sleep(void *ctx, double s)
{
    (void)ctx;
    (void)s;
}

static const char *f_detail(void)
{
    return "fake";
}

static mic_t *fake_mic(void)
{
    static int handle;
    mic_ops_t ops = {f_open,  f_read,   f_nothing, f_nothing, f_close,
                     f_sleep, f_detail, NULL,      &handle,   NULL};
    mic_config_t cfg = {0.5, 8, NULL, 0};
    next_frame = 0;
    return mic_open(&ops, &cfg);
}

/* 0.5 s of a tone at 22,050 Hz, as eSpeak NG speaks. */
static int16_t *answer(size_t *n)
{
    *n = 22050 / 2;
    int16_t *s = malloc(*n * sizeof *s);
    assert_non_null(s);
    for (size_t i = 0; i < *n; i++)
        s[i] = (int16_t)((i % 50) * 200 - 5000);
    return s;
}

static void kept_in_order(void **state)
{
    (void)state;
    mic_t *mic = fake_mic();
    held_t *h = held_open(mic, 16000);
    assert_non_null(h);
    size_t n;
    int16_t *s = answer(&n);
    assert_int_equal(held_play(h, NULL, s, n, 22050), AUDIO_OK);
    /* The microphone was read a frame for every 10 ms played: 50 frames for 0.5 s. */
    assert_int_equal(next_frame, 50);
    int16_t frame[AUDIO_ENDPOINTER_FRAME];
    for (int i = 0; i < 50; i++) {
        assert_int_equal(held_read(h, frame, AUDIO_ENDPOINTER_FRAME), AUDIO_ENDPOINTER_FRAME);
        assert_int_equal(frame[0], i);
        assert_int_equal(frame[AUDIO_ENDPOINTER_FRAME - 1], i);
    }
    assert_int_equal(next_frame, 50); /* all of them were kept ones */
    assert_int_equal(held_read(h, frame, AUDIO_ENDPOINTER_FRAME), AUDIO_ENDPOINTER_FRAME);
    assert_int_equal(frame[0], 50); /* then the microphone itself */
    free(s);
    held_close(h);
    mic_close(mic);
}

/* Room for a little over 0.2 s: of the 50 frames heard, the newest are kept, in whole frames. */
static void oldest_dropped(void **state)
{
    (void)state;
    mic_t *mic = fake_mic();
    held_t *h = held_open(mic, 3250); /* 20 whole frames */
    assert_non_null(h);
    size_t n;
    int16_t *s = answer(&n);
    assert_int_equal(held_play(h, NULL, s, n, 22050), AUDIO_OK);
    assert_int_equal(next_frame, 50);
    int16_t frame[AUDIO_ENDPOINTER_FRAME];
    int first = -1, last = -1, count = 0;
    for (;;) {
        assert_int_equal(held_read(h, frame, AUDIO_ENDPOINTER_FRAME), AUDIO_ENDPOINTER_FRAME);
        if (next_frame > 50)
            break; /* read from the microphone: the kept ones are used up */
        assert_int_equal(frame[0], frame[AUDIO_ENDPOINTER_FRAME - 1]); /* never half a frame */
        assert_true(last < 0 || frame[0] == last + 1);
        first = first < 0 ? frame[0] : first;
        last = frame[0];
        count++;
    }
    assert_int_equal(last, 49); /* the newest */
    assert_int_equal(first, 50 - count);
    assert_true(count >= 10 && count <= 20);
    free(s);
    held_close(h);
    mic_close(mic);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kept_in_order),
        cmocka_unit_test(oldest_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
