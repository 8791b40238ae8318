/* wav.c - read any common WAV into 16-bit mono at a chosen rate, and write 16-bit mono WAVs. */
#include "audio_internal.h"

#include <sndfile.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK   4096 /* frames per sf_readf_float call */
#define MAX_CHANNELS 64

/* Everything one read needs, so the error paths can free it in one place. */
typedef struct {
    SNDFILE *sf;
    SF_INFO info;
    audio__rs_t *rs;
    float *chunk; /* READ_CHUNK * channels interleaved frames */
    int16_t mono[READ_CHUNK];
    int16_t *out;
    size_t n_out, cap;
} wav_reader_t;

static void reader_free(wav_reader_t *r)
{
    if (r->sf)
        sf_close(r->sf);
    audio__rs_close(r->rs);
    free(r->chunk);
    free(r->out);
}

/* Open path with libsndfile, telling a missing file from a file that is not audio. */
static int reader_open(wav_reader_t *r, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return audio__fail(AUDIO_ENOENT, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return audio__fail(AUDIO_ENOENT, "cannot open %s: it is a directory", path);
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
        close(fd);
        return audio__fail(AUDIO_EEMPTY, "%s is empty (0 bytes)", path);
    }
    r->sf = sf_open_fd(fd, SFM_READ, &r->info, 1);
    if (!r->sf) /* with close_desc set, libsndfile has already closed fd */
        return audio__fail(AUDIO_EFORMAT, "%s is not a readable audio file: %s", path,
                           sf_strerror(NULL));
    if (r->info.channels < 1 || r->info.channels > MAX_CHANNELS || r->info.samplerate < 1000 ||
        r->info.samplerate > 768000)
        return audio__fail(AUDIO_EFORMAT, "%s: unsupported layout (%d channels at %d Hz)", path,
                           r->info.channels, r->info.samplerate);
    /* Below telephone quality the words' consonants are gone: a 4 kHz file was "understood"
     * as a command nobody gave. */
    if (r->info.samplerate < AUDIO_MIN_RATE)
        return audio__fail(AUDIO_EFORMAT, "%s: %d Hz is too low for speech (%d Hz at least)", path,
                           r->info.samplerate, AUDIO_MIN_RATE);
    return AUDIO_OK;
}

/* Check the length from the header against the cap before reading a single sample. */
static int reader_check_length(const wav_reader_t *r, const char *path, double max_seconds)
{
    if (r->info.frames <= 0)
        return audio__fail(AUDIO_EEMPTY, "%s holds no audio samples", path);
    double seconds = (double)r->info.frames / r->info.samplerate;
    double cap = max_seconds > 0 ? max_seconds : AUDIO_MAX_SECONDS;
    if (seconds > cap)
        return audio__fail(AUDIO_ETOOLONG, "%s is %.1f s long, more than the %.1f s allowed", path,
                           seconds, cap);
    return AUDIO_OK;
}

/* Average the channels of n interleaved frames into r->mono. */
static void mix_to_mono(wav_reader_t *r, size_t n)
{
    int ch = r->info.channels;
    for (size_t i = 0; i < n; i++) {
        const float *f = r->chunk + i * (size_t)ch;
        float sum = 0.0f;
        for (int c = 0; c < ch; c++)
            sum += f[c];
        r->mono[i] = audio__clip16(sum / (float)ch);
    }
}

/* Resample n mono samples into r->out, which was sized from the header with slack. */
static void push(wav_reader_t *r, const int16_t *in, size_t n)
{
    while (n > 0 && r->n_out < r->cap) {
        size_t ni = n, no = r->cap - r->n_out;
        audio__rs_process(r->rs, in, &ni, r->out + r->n_out, &no);
        if (ni == 0 && no == 0)
            break;
        in += ni;
        n -= ni;
        r->n_out += no;
    }
}

static int reader_decode(wav_reader_t *r, const char *path, int rate, size_t *frames_read)
{
    int status;
    r->rs = audio__rs_open(r->info.samplerate, rate, &status);
    if (!r->rs)
        return status;
    size_t frames = (size_t)r->info.frames;
    r->cap = audio__rs_out_len(frames, r->info.samplerate, rate) + 64;
    r->chunk = malloc((size_t)READ_CHUNK * (size_t)r->info.channels * sizeof(float));
    r->out = malloc(r->cap * sizeof(int16_t));
    if (!r->chunk || !r->out)
        return audio__fail(AUDIO_ENOMEM, "out of memory reading %s (%zu frames)", path, frames);
    size_t total = 0;
    while (total < frames) {
        sf_count_t want = (sf_count_t)(frames - total < READ_CHUNK ? frames - total : READ_CHUNK);
        sf_count_t got = sf_readf_float(r->sf, r->chunk, want);
        if (got <= 0)
            break; /* a truncated file: keep what is there */
        mix_to_mono(r, (size_t)got);
        push(r, r->mono, (size_t)got);
        total += (size_t)got;
    }
    if (sf_error(r->sf) != SF_ERR_NO_ERROR && total == 0)
        return audio__fail(AUDIO_EIO, "reading %s: %s", path, sf_strerror(r->sf));
    if (total == 0)
        return audio__fail(AUDIO_EEMPTY, "%s: the header promises %zu frames but none are there",
                           path, frames);
    r->n_out += audio__rs_flush(r->rs, r->out + r->n_out, r->cap - r->n_out);
    *frames_read = total;
    return AUDIO_OK;
}

int audio_read_wav(const char *path, int rate, double max_seconds, audio_buf_t *out)
{
    if (!out)
        return audio__fail(AUDIO_EINVAL, "audio_read_wav: NULL output");
    memset(out, 0, sizeof *out);
    if (!path)
        return audio__fail(AUDIO_EINVAL, "audio_read_wav: NULL path");
    wav_reader_t *r = calloc(1, sizeof *r);
    if (!r)
        return audio__fail(AUDIO_ENOMEM, "out of memory reading %s", path);
    size_t frames_read = 0;
    int rc = reader_open(r, path);
    if (!rc)
        rc = reader_check_length(r, path, max_seconds);
    if (!rc)
        rc = reader_decode(r, path, rate, &frames_read);
    if (!rc) {
        /* Exactly ceil(frames * rate / in_rate): the filter may leave a sample more or less. */
        size_t want = audio__rs_out_len(frames_read, r->info.samplerate, rate);
        if (r->n_out < want)
            memset(r->out + r->n_out, 0, (want - r->n_out) * sizeof(int16_t));
        out->samples = r->out;
        out->n_samples = want;
        out->sample_rate = rate;
        r->out = NULL;
    }
    reader_free(r);
    free(r);
    return rc;
}

int audio_write_wav(const char *path, const int16_t *samples, size_t n, int rate)
{
    if (!path || (!samples && n) || rate <= 0)
        return audio__fail(AUDIO_EINVAL, "audio_write_wav: bad argument");
    /* Write beside the target and rename, so a failure never leaves a half-written WAV. */
    size_t len = strlen(path) + 16;
    char *tmp = malloc(len);
    if (!tmp)
        return audio__fail(AUDIO_ENOMEM, "out of memory writing %s", path);
    snprintf(tmp, len, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int rc = audio__fail(AUDIO_ENOENT, "cannot create %s: %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    fchmod(fd, 0644);
    SF_INFO info = {.samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = sf_open_fd(fd, SFM_WRITE, &info, 1);
    int rc = AUDIO_OK;
    if (!sf) { /* libsndfile closed fd */
        rc = audio__fail(AUDIO_EIO, "cannot write %s: %s", path, sf_strerror(NULL));
    } else {
        sf_count_t done = n ? sf_write_short(sf, samples, (sf_count_t)n) : 0;
        if (done != (sf_count_t)n)
            rc = audio__fail(AUDIO_EIO, "writing %s: %s", path, sf_strerror(sf));
        if (sf_close(sf) != 0 && !rc)
            rc = audio__fail(AUDIO_EIO, "closing %s: write failed (disk full?)", path);
    }
    if (!rc && rename(tmp, path) != 0)
        rc = audio__fail(AUDIO_EIO, "cannot replace %s: %s", path, strerror(errno));
    if (rc)
        unlink(tmp);
    free(tmp);
    return rc;
}
