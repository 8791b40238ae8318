/* earcon.c - the earcons' notes, rendered as sines with raised-cosine fades. */
#include "earcon.h"

#include <math.h>

#define NOTES_MAX 2
#define FADE_MS   10
#define AMPLITUDE (32767.0 / 3) /* quiet beside speech, far from clipping */

typedef struct {
    double hz;
    int ms;
} note_t;

static const note_t notes[EARCON_COUNT][NOTES_MAX] = {
    [EARCON_LISTENING] = {{660, 90}, {880, 110}},
    [EARCON_UNDERSTOOD] = {{880, 120}, {0, 0}},
    [EARCON_NOT_UNDERSTOOD] = {{440, 120}, {330, 180}},
    /* Listening's two steps falling, from a first note no other earcon starts on. */
    [EARCON_STOPPED] = {{990, 90}, {660, 110}},
};

static int valid(earcon_t which, int sample_rate)
{
    return which >= 0 && which < EARCON_COUNT && sample_rate >= 8000 && sample_rate <= 48000;
}

size_t earcon_length(earcon_t which, int sample_rate)
{
    size_t n = 0;
    if (!valid(which, sample_rate))
        return 0;
    for (int i = 0; i < NOTES_MAX; i++)
        n += (size_t)notes[which][i].ms * (size_t)sample_rate / 1000;
    return n;
}

/* One note of n samples into out: the sine, faded in and out. */
static void render_note(const note_t *note, int sample_rate, int16_t *out, size_t n)
{
    const double pi = 3.14159265358979323846;
    size_t fade = (size_t)(FADE_MS * sample_rate / 1000);
    for (size_t i = 0; i < n; i++) {
        double gain = 1.0;
        size_t edge = i < n - 1 - i ? i : n - 1 - i; /* samples to the nearer end */
        if (edge < fade)
            gain = 0.5 - 0.5 * cos(pi * (double)edge / (double)fade);
        double v = AMPLITUDE * gain * sin(2 * pi * note->hz * (double)i / sample_rate);
        out[i] = (int16_t)lrint(v);
    }
}

size_t earcon_render(earcon_t which, int sample_rate, int16_t *buf, size_t cap)
{
    size_t total = earcon_length(which, sample_rate), at = 0;
    if (total == 0 || !buf || cap < total)
        return 0;
    for (int i = 0; i < NOTES_MAX; i++) {
        size_t n = (size_t)notes[which][i].ms * (size_t)sample_rate / 1000;
        if (n > 0)
            render_note(&notes[which][i], sample_rate, buf + at, n);
        at += n;
    }
    return total;
}
