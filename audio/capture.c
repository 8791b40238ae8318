/*
 * capture.c - a blocking PortAudio input stream delivered as 16 kHz mono, read on the caller's
 * thread (no PortAudio callback, so nothing runs in a real-time context).
 */
#include "audio_internal.h"

#include <portaudio.h>

#include <stdlib.h>
#include <string.h>

/* Seconds of audio the device buffers at least, for a reader that is late (see choose_format). */
#define AUDIO_CAPTURE_MIN_BUFFER 0.5

struct audio_capture_s {
    PaStream *stream;
    int dev_rate, channels;
    size_t chunk;     /* device frames per Pa_ReadStream */
    int16_t *raw;     /* chunk * channels */
    int16_t *mono;    /* chunk */
    audio__rs_t *rs;  /* device rate -> AUDIO_ASR_RATE */
    int16_t *pending; /* resampled samples not yet handed out */
    size_t pend_off, pend_n, pend_cap;
    unsigned long long delivered, limit; /* limit 0: no end */
    unsigned long overflows;
    int has_ref; /* holds an audio_device_init() reference */
    int paused;
};

audio_capture_config_t audio_capture_config_default(void)
{
    audio_capture_config_t c = {
        .device = NULL, .device_rate = 0, .channels = 0, .frame_ms = 10, .max_seconds = 0};
    return c;
}

/* Rate and channel count the device accepts, preferring the caller's, then the default, mono. */
static int choose_format(const audio_capture_config_t *cfg, int dev, PaStreamParameters *p,
                         double *rate)
{
    const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
    memset(p, 0, sizeof *p);
    p->device = dev;
    p->sampleFormat = paInt16;
    /* A deep buffer: reads return as soon as a chunk is in, so it adds no delay, and the loop
     * can be held up (a wake word check, a command decoded, the system busy) this long before
     * audio is lost. */
    p->suggestedLatency = info->defaultHighInputLatency > AUDIO_CAPTURE_MIN_BUFFER
                              ? info->defaultHighInputLatency
                              : AUDIO_CAPTURE_MIN_BUFFER;
    double rates[] = {cfg->device_rate, info->defaultSampleRate, 48000, 44100, AUDIO_ASR_RATE};
    int chans[] = {cfg->channels, 1, 2, info->maxInputChannels};
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        for (size_t c = 0; c < sizeof chans / sizeof chans[0]; c++) {
            if (rates[r] <= 0 || chans[c] <= 0 || chans[c] > info->maxInputChannels)
                continue;
            p->channelCount = chans[c];
            if (Pa_IsFormatSupported(p, NULL, rates[r]) == paFormatIsSupported) {
                *rate = rates[r];
                return AUDIO_OK;
            }
            if (cfg->channels > 0)
                break; /* the caller asked for this channel count: do not substitute */
        }
        if (cfg->device_rate > 0)
            break;
    }
    return audio__fail(AUDIO_EDEVICE,
                       "input device \"%s\" accepts no 16-bit format we tried "
                       "(default %.0f Hz, %d channels)",
                       info->name, info->defaultSampleRate, info->maxInputChannels);
}

static int alloc_buffers(audio_capture_t *cap)
{
    int status;
    cap->rs = audio__rs_open(cap->dev_rate, AUDIO_ASR_RATE, &status);
    if (!cap->rs)
        return status;
    cap->pend_cap = audio__rs_out_len(cap->chunk, cap->dev_rate, AUDIO_ASR_RATE) + 64;
    cap->raw = malloc(cap->chunk * (size_t)cap->channels * sizeof(int16_t));
    cap->mono = malloc(cap->chunk * sizeof(int16_t));
    cap->pending = malloc(cap->pend_cap * sizeof(int16_t));
    if (!cap->raw || !cap->mono || !cap->pending)
        return audio__fail(AUDIO_ENOMEM, "out of memory opening capture");
    return AUDIO_OK;
}

static int open_stream(audio_capture_t *cap, const audio_capture_config_t *cfg)
{
    int dev = audio__find_device(cfg->device, 1);
    if (dev < 0)
        return dev;
    PaStreamParameters p;
    double rate = 0;
    int rc = choose_format(cfg, dev, &p, &rate);
    if (rc)
        return rc;
    cap->dev_rate = (int)rate;
    cap->channels = p.channelCount;
    cap->chunk = (size_t)cap->dev_rate * (size_t)cfg->frame_ms / 1000;
    if (cap->chunk == 0)
        cap->chunk = 1;
    rc = alloc_buffers(cap);
    if (rc)
        return rc;
    PaError err = Pa_OpenStream(&cap->stream, &p, NULL, rate, (unsigned long)cap->chunk, paClipOff,
                                NULL, NULL);
    if (err != paNoError) {
        cap->stream = NULL;
        return audio__pa_fail(err, "cannot open the input device");
    }
    err = Pa_StartStream(cap->stream);
    if (err != paNoError)
        return audio__pa_fail(err, "cannot start the input device");
    return AUDIO_OK;
}

audio_capture_t *audio_capture_open(const audio_capture_config_t *config, int *status)
{
    audio_capture_config_t cfg = config ? *config : audio_capture_config_default();
    if (cfg.frame_ms <= 0)
        cfg.frame_ms = 10;
    if (cfg.frame_ms > 1000 || cfg.channels < 0 || cfg.device_rate < 0 || cfg.max_seconds < 0) {
        *status = audio__fail(AUDIO_EINVAL, "audio_capture_open: bad configuration");
        return NULL;
    }
    audio_capture_t *cap = calloc(1, sizeof *cap);
    if (!cap) {
        *status = audio__fail(AUDIO_ENOMEM, "out of memory opening capture");
        return NULL;
    }
    int rc = audio_device_init();
    if (!rc) {
        cap->has_ref = 1;
        cap->limit = (unsigned long long)(cfg.max_seconds * AUDIO_ASR_RATE);
        rc = open_stream(cap, &cfg);
    }
    if (rc) {
        audio_capture_close(cap);
        *status = rc;
        return NULL;
    }
    *status = AUDIO_OK;
    return cap;
}

/* Read one device chunk, mix it to mono and resample it into the (empty) pending buffer. */
static int refill(audio_capture_t *cap)
{
    PaError err = Pa_ReadStream(cap->stream, cap->raw, (unsigned long)cap->chunk);
    if (err == paInputOverflowed)
        cap->overflows++; /* we were late and lost samples; the data read is still good */
    else if (err != paNoError)
        return audio__pa_fail(err, "reading from the input device");
    int ch = cap->channels;
    for (size_t i = 0; i < cap->chunk; i++) {
        int sum = 0;
        for (int c = 0; c < ch; c++)
            sum += cap->raw[i * (size_t)ch + (size_t)c];
        cap->mono[i] = (int16_t)(sum / ch); /* an average of int16 values cannot overflow */
    }
    size_t ni = cap->chunk, no = cap->pend_cap;
    audio__rs_process(cap->rs, cap->mono, &ni, cap->pending, &no);
    cap->pend_off = 0;
    cap->pend_n = no;
    return AUDIO_OK;
}

int audio_capture_pause(audio_capture_t *cap)
{
    if (!cap || !cap->stream)
        return audio__fail(AUDIO_EINVAL, "audio_capture_pause: no stream");
    if (cap->paused)
        return AUDIO_OK;
    PaError err = Pa_AbortStream(cap->stream); /* drops what is queued, unlike Pa_StopStream */
    if (err != paNoError && err != paStreamIsStopped)
        return audio__pa_fail(err, "pausing the input device");
    cap->paused = 1;
    cap->pend_n = 0; /* audio from before the pause is not handed out after it */
    return AUDIO_OK;
}

int audio_capture_resume(audio_capture_t *cap)
{
    if (!cap || !cap->stream)
        return audio__fail(AUDIO_EINVAL, "audio_capture_resume: no stream");
    if (!cap->paused)
        return AUDIO_OK;
    PaError err = Pa_StartStream(cap->stream);
    if (err != paNoError)
        return audio__pa_fail(err, "restarting the input device");
    cap->paused = 0;
    return AUDIO_OK;
}

long audio_capture_read(audio_capture_t *cap, int16_t *out, size_t n)
{
    if (cap && cap->paused)
        return audio__fail(AUDIO_EINVAL, "audio_capture_read: the stream is paused");
    if (!cap || (!out && n) || n > (size_t)AUDIO_ASR_RATE * 3600)
        return audio__fail(AUDIO_EINVAL, "audio_capture_read: bad argument");
    if (cap->limit && cap->delivered >= cap->limit)
        return 0;
    if (cap->limit && cap->delivered + n > cap->limit)
        n = (size_t)(cap->limit - cap->delivered);
    size_t got = 0;
    while (got < n) {
        if (cap->pend_n == 0) {
            int rc = refill(cap);
            if (rc)
                return rc;
            continue;
        }
        size_t k = n - got < cap->pend_n ? n - got : cap->pend_n;
        memcpy(out + got, cap->pending + cap->pend_off, k * sizeof *out);
        cap->pend_off += k;
        cap->pend_n -= k;
        got += k;
    }
    cap->delivered += got;
    return (long)got;
}

unsigned long audio_capture_overflows(const audio_capture_t *cap)
{
    return cap ? cap->overflows : 0;
}

int audio_capture_device_rate(const audio_capture_t *cap)
{
    return cap ? cap->dev_rate : 0;
}

int audio_capture_device_channels(const audio_capture_t *cap)
{
    return cap ? cap->channels : 0;
}

void audio_capture_close(audio_capture_t *cap)
{
    if (!cap)
        return;
    if (cap->stream) {
        Pa_AbortStream(cap->stream); /* discard what is buffered: nobody will read it */
        Pa_CloseStream(cap->stream);
    }
    audio__rs_close(cap->rs);
    free(cap->raw);
    free(cap->mono);
    free(cap->pending);
    if (cap->has_ref)
        audio_device_done();
    free(cap);
}
