/* resample.c - sample-rate conversion of 16-bit mono PCM with the speexdsp resampler. */
#include "audio_internal.h"

#include <speex/speex_resampler.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* 6 is near-transparent for speech at 16 kHz and still cheap on a Raspberry Pi. */
#define RS_QUALITY 6

struct audio__rs_s {
    SpeexResamplerState *st; /* NULL when in_rate == out_rate */
    int in_rate, out_rate;
};

static int rate_ok(int rate)
{
    return rate >= 1000 && rate <= 768000;
}

audio__rs_t *audio__rs_open(int in_rate, int out_rate, int *status)
{
    if (!rate_ok(in_rate) || !rate_ok(out_rate)) {
        *status = audio__fail(AUDIO_EINVAL,
                              "cannot resample %d Hz to %d Hz (rates must be "
                              "1000..768000)",
                              in_rate, out_rate);
        return NULL;
    }
    audio__rs_t *rs = calloc(1, sizeof *rs);
    if (!rs) {
        *status = audio__fail(AUDIO_ENOMEM, "out of memory creating a resampler");
        return NULL;
    }
    rs->in_rate = in_rate;
    rs->out_rate = out_rate;
    if (in_rate != out_rate) {
        int err = 0;
        rs->st = speex_resampler_init(1, (spx_uint32_t)in_rate, (spx_uint32_t)out_rate, RS_QUALITY,
                                      &err);
        if (!rs->st) {
            *status = audio__fail(AUDIO_ENOMEM, "speexdsp resampler %d->%d Hz: %s", in_rate,
                                  out_rate, speex_resampler_strerror(err));
            free(rs);
            return NULL;
        }
        /* Drop the filter's leading zeros so output sample 0 lines up with input sample 0. */
        speex_resampler_skip_zeros(rs->st);
    }
    *status = AUDIO_OK;
    return rs;
}

void audio__rs_close(audio__rs_t *rs)
{
    if (!rs)
        return;
    if (rs->st)
        speex_resampler_destroy(rs->st);
    free(rs);
}

void audio__rs_process(audio__rs_t *rs, const int16_t *in, size_t *n_in, int16_t *out,
                       size_t *n_out)
{
    if (!rs->st) {
        size_t n = *n_in < *n_out ? *n_in : *n_out;
        memcpy(out, in, n * sizeof *in);
        *n_in = *n_out = n;
        return;
    }
    size_t done_in = 0, done_out = 0;
    /* speexdsp counts in 32 bits: feed it in bounded slices. */
    while (done_in < *n_in && done_out < *n_out) {
        spx_uint32_t li =
            (spx_uint32_t)((*n_in - done_in) > (1u << 20) ? (1u << 20) : (*n_in - done_in));
        spx_uint32_t lo =
            (spx_uint32_t)((*n_out - done_out) > (1u << 20) ? (1u << 20) : (*n_out - done_out));
        speex_resampler_process_int(rs->st, 0, in ? in + done_in : NULL, &li, out + done_out, &lo);
        if (li == 0 && lo == 0)
            break;
        done_in += li;
        done_out += lo;
    }
    *n_in = done_in;
    *n_out = done_out;
}

int audio__rs_latency(const audio__rs_t *rs)
{
    return rs->st ? speex_resampler_get_input_latency(rs->st) : 0;
}

size_t audio__rs_out_len(size_t n, int in_rate, int out_rate)
{
    /* 128-bit-free exact ceil(n * out / in) for any n a file can hold. */
    unsigned long long q = (unsigned long long)n / (unsigned)in_rate;
    unsigned long long r = (unsigned long long)n % (unsigned)in_rate;
    unsigned long long tail = (r * (unsigned)out_rate + (unsigned)in_rate - 1) / (unsigned)in_rate;
    return (size_t)(q * (unsigned)out_rate + tail);
}

/* Feed the filter's latency in zeros so the samples still inside it come out. */
size_t audio__rs_flush(audio__rs_t *rs, int16_t *out, size_t n_out)
{
    static const int16_t zeros[256];
    size_t left = (size_t)audio__rs_latency(rs), written = 0;
    while (left > 0 && written < n_out) {
        size_t ni = left < 256 ? left : 256, no = n_out - written;
        audio__rs_process(rs, zeros, &ni, out + written, &no);
        if (ni == 0 && no == 0)
            break;
        left -= ni;
        written += no;
    }
    return written;
}

/* Resample a whole buffer: the output has exactly ceil(n * out_rate / in_rate) samples. */
int audio_resample(const int16_t *in, size_t n, int in_rate, int out_rate, audio_buf_t *out)
{
    if (!out || (!in && n))
        return audio__fail(AUDIO_EINVAL, "audio_resample: NULL argument");
    memset(out, 0, sizeof *out);
    int status;
    audio__rs_t *rs = audio__rs_open(in_rate, out_rate, &status);
    if (!rs)
        return status;
    size_t want = audio__rs_out_len(n, in_rate, out_rate);
    /* A little slack: the filter may emit a sample or two beyond the exact ratio. */
    size_t cap = want + 64;
    if (cap > SIZE_MAX / sizeof(int16_t) || !(out->samples = malloc(cap * sizeof(int16_t)))) {
        audio__rs_close(rs);
        return audio__fail(AUDIO_ENOMEM, "out of memory resampling %zu samples", n);
    }
    size_t ni = n, no = cap;
    audio__rs_process(rs, in, &ni, out->samples, &no);
    no += audio__rs_flush(rs, out->samples + no, cap - no);
    audio__rs_close(rs);
    if (no < want) /* pad: only ever a sample or so, from filter rounding */
        memset(out->samples + no, 0, (want - no) * sizeof(int16_t));
    out->n_samples = want;
    out->sample_rate = out_rate;
    return AUDIO_OK;
}
