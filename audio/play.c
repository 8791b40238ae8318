/* play.c - blocking playback of 16-bit mono PCM on a PortAudio output device. */
#include "audio_internal.h"

#include <portaudio.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PLAY_CHUNK 1024 /* frames per Pa_WriteStream */

static double first_write_ms;     /* of the last audio_play() */
static int (*interrupt_fn)(void); /* audio_play_interrupt_on() */

void audio_play_interrupt_on(int (*stop)(void))
{
    interrupt_fn = stop;
}

static int interrupted(void)
{
    return interrupt_fn && interrupt_fn();
}

double audio_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double audio_play_first_write_ms(void)
{
    return first_write_ms;
}

/* Pick a rate and channel count the device takes: the buffer's rate first, then its default. */
static int choose_format(int dev, int rate, PaStreamParameters *p, double *out_rate)
{
    const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
    memset(p, 0, sizeof *p);
    p->device = dev;
    p->sampleFormat = paInt16;
    p->suggestedLatency = info->defaultHighOutputLatency;
    double rates[] = {rate, info->defaultSampleRate, 48000, 44100};
    for (int ch = 1; ch <= 2 && ch <= info->maxOutputChannels; ch++) {
        p->channelCount = ch;
        for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
            if (rates[i] > 0 && Pa_IsFormatSupported(NULL, p, rates[i]) == paFormatIsSupported) {
                *out_rate = rates[i];
                return AUDIO_OK;
            }
        }
    }
    return audio__fail(AUDIO_EDEVICE,
                       "output device \"%s\" accepts neither %d Hz nor %.0f Hz "
                       "16-bit audio",
                       info->name, rate, info->defaultSampleRate);
}

/* Write the whole buffer, duplicating mono into every channel. */
static int write_all(PaStream *s, const int16_t *pcm, size_t n, int channels)
{
    int16_t frames[PLAY_CHUNK * 2];
    for (size_t done = 0; done < n && !interrupted();) {
        size_t k = n - done < PLAY_CHUNK ? n - done : PLAY_CHUNK;
        for (size_t i = 0; i < k; i++)
            for (int c = 0; c < channels; c++)
                frames[i * (size_t)channels + (size_t)c] = pcm[done + i];
        PaError err = Pa_WriteStream(s, frames, (unsigned long)k);
        /* An underflow only means we were late once; the audio still plays. */
        if (err != paNoError && err != paOutputUnderflowed)
            return audio__pa_fail(err, "playing audio");
        if (done == 0)
            first_write_ms = audio_now_ms();
        done += k;
    }
    return AUDIO_OK;
}

static int play_on(int dev, const int16_t *samples, size_t n, int rate)
{
    PaStreamParameters p;
    double dev_rate = 0;
    int rc = choose_format(dev, rate, &p, &dev_rate);
    if (rc)
        return rc;
    audio_buf_t conv = {0};
    if ((int)dev_rate != rate) {
        rc = audio_resample(samples, n, rate, (int)dev_rate, &conv);
        if (rc)
            return rc;
        samples = conv.samples;
        n = conv.n_samples;
    }
    PaStream *s = NULL;
    PaError err =
        Pa_OpenStream(&s, NULL, &p, dev_rate, paFramesPerBufferUnspecified, paClipOff, NULL, NULL);
    if (err != paNoError)
        rc = audio__pa_fail(err, "cannot open the output device");
    else if ((err = Pa_StartStream(s)) != paNoError)
        rc = audio__pa_fail(err, "cannot start the output device");
    else
        rc = write_all(s, samples, n, p.channelCount);
    if (s) {
        /* Pa_StopStream lets queued audio finish; Pa_AbortStream cuts it (interrupted). */
        err = interrupted() ? Pa_AbortStream(s) : Pa_StopStream(s);
        if (err != paNoError && err != paStreamIsStopped && !rc)
            rc = audio__pa_fail(err, "finishing playback");
        Pa_CloseStream(s);
    }
    audio_buf_free(&conv);
    return rc;
}

int audio_play(const char *device, const int16_t *samples, size_t n, int rate)
{
    if ((!samples && n) || rate < 1000 || rate > 768000)
        return audio__fail(AUDIO_EINVAL, "audio_play: bad argument (rate %d)", rate);
    if (n == 0 || interrupted())
        return AUDIO_OK;
    int rc = audio_device_init();
    if (rc)
        return rc;
    int dev = audio__find_device(device, 0);
    rc = dev < 0 ? dev : play_on(dev, samples, n, rate);
    audio_device_done();
    return rc;
}

/* ---- Playback a piece at a time (barge-in) --------------------------------------------- */

struct audio_player_s {
    PaStream *stream;
    audio_buf_t dev; /* the whole answer at the device's rate */
    int rate, dev_rate, channels;
    size_t in_done, in_total; /* samples of the caller's buffer played so far, and in all */
    size_t dev_done;          /* samples of dev written so far */
    int device_open;          /* audio_device_init() was called */
};

audio_player_t *audio_player_start(const char *device, const int16_t *samples, size_t n, int rate,
                                   int *status)
{
    audio_player_t *p = calloc(1, sizeof *p);
    PaStreamParameters sp;
    double dev_rate = 0;
    PaError err;
    if (!p) {
        *status = audio__fail(AUDIO_ENOMEM, "out of memory starting playback");
        return NULL;
    }
    if ((!samples && n) || rate < 1000 || rate > 768000) {
        *status = audio__fail(AUDIO_EINVAL, "audio_player_start: bad argument (rate %d)", rate);
        goto error_out;
    }
    if ((*status = audio_device_init()) != AUDIO_OK)
        goto error_out;
    p->device_open = 1;
    int dev = audio__find_device(device, 0);
    if (dev < 0) {
        *status = dev;
        goto error_out;
    }
    if ((*status = choose_format(dev, rate, &sp, &dev_rate)) != AUDIO_OK)
        goto error_out;
    p->rate = rate;
    p->dev_rate = (int)dev_rate;
    p->channels = sp.channelCount;
    p->in_total = n;
    if ((*status = audio_resample(samples, n, rate, p->dev_rate, &p->dev)) != AUDIO_OK)
        goto error_out;
    err = Pa_OpenStream(&p->stream, NULL, &sp, dev_rate, paFramesPerBufferUnspecified, paClipOff,
                        NULL, NULL);
    if (err != paNoError) {
        p->stream = NULL;
        *status = audio__pa_fail(err, "cannot open the output device");
        goto error_out;
    }
    if ((err = Pa_StartStream(p->stream)) != paNoError) {
        *status = audio__pa_fail(err, "cannot start the output device");
        goto error_out;
    }
    *status = AUDIO_OK;
    return p;
error_out:
    audio_player_stop(p, 1);
    return NULL;
}

long audio_player_step(audio_player_t *p, size_t n)
{
    if (p->in_done >= p->in_total)
        return 0;
    if (n > p->in_total - p->in_done)
        n = p->in_total - p->in_done;
    p->in_done += n;
    size_t upto = p->in_done >= p->in_total ? p->dev.n_samples
                                            : (size_t)((double)p->in_done * p->dev_rate / p->rate);
    if (upto > p->dev.n_samples)
        upto = p->dev.n_samples;
    if (upto > p->dev_done) {
        int rc =
            write_all(p->stream, p->dev.samples + p->dev_done, upto - p->dev_done, p->channels);
        p->dev_done = upto;
        if (rc != AUDIO_OK)
            return rc;
    }
    return (long)n;
}

size_t audio_player_played(const audio_player_t *p)
{
    return p ? p->in_done : 0;
}

void audio_player_stop(audio_player_t *p, int cut)
{
    if (!p)
        return;
    if (p->stream) {
        if (cut)
            Pa_AbortStream(p->stream); /* drop what is queued: stop talking now */
        else
            Pa_StopStream(p->stream); /* let the queued audio finish */
        Pa_CloseStream(p->stream);
    }
    audio_buf_free(&p->dev);
    if (p->device_open)
        audio_device_done();
    free(p);
}
