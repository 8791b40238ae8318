/* test_wav.c - WAV reading in every common layout, resampling accuracy, writing, bad inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "audio.h"
#include "test_util.h"

#include <sndfile.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];

static int setup(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/shopspeak-audio-wav-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
    static char p[2][320];
    static int k;
    k ^= 1;
    snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
    return p[k];
}

/* Write seconds of a sine (freq, amplitude 0..1) in any libsndfile format; every channel gets
 * the same tone, scaled by 1/(channel+1) so a wrong down-mix changes the level. */
static void write_sine(const char *path, int format, int rate, int channels, double seconds,
                       double freq, double amp)
{
    SF_INFO info = {.samplerate = rate, .channels = channels, .format = format};
    SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
    assert_non_null(sf);
    size_t frames = (size_t)(seconds * rate);
    float *buf = malloc(frames * (size_t)channels * sizeof(float));
    assert_non_null(buf);
    for (size_t i = 0; i < frames; i++)
        for (int c = 0; c < channels; c++)
            buf[i * (size_t)channels + (size_t)c] =
                (float)(amp / (c + 1) * sin(2 * M_PI * freq * (double)i / rate));
    assert_int_equal(sf_writef_float(sf, buf, (sf_count_t)frames), (sf_count_t)frames);
    sf_close(sf);
    free(buf);
}

/* The level a mono mix of write_sine's channels should have. */
static double mixed_amp(double amp, int channels)
{
    double s = 0;
    for (int c = 0; c < channels; c++)
        s += amp / (c + 1);
    return s / channels;
}

typedef struct {
    const char *name;
    int format, rate, channels;
} layout_t;

static void check_layout(const layout_t *l, int out_rate)
{
    const char *path = tmp_path(l->name);
    write_sine(path, l->format, l->rate, l->channels, 1.5, 440.0, 0.5);
    audio_buf_t b;
    int rc = audio_read_wav(path, out_rate, 0, &b);
    assert_int_equal(rc, AUDIO_OK);
    assert_int_equal(b.sample_rate, out_rate);
    /* Exactly the duration of the file, at the new rate. */
    assert_int_equal(b.n_samples, (size_t)(1.5 * out_rate + 0.5));
    /* The tone keeps its frequency and level: measure away from the edges. */
    size_t skip = (size_t)out_rate / 10, len = b.n_samples - 2 * skip;
    double want = mixed_amp(0.5, l->channels) * 32768.0;
    double a440 = tu_tone_amplitude(b.samples + skip, len, 440.0, out_rate);
    double a500 = tu_tone_amplitude(b.samples + skip, len, 500.0, out_rate);
    double tol = (l->format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_U8 ? 0.03 : 0.01;
    if (fabs(a440 - want) > tol * want || a500 > 0.01 * want)
        fail_msg("%s -> %d Hz: 440 Hz amplitude %.1f (want %.1f), 500 Hz %.1f", l->name, out_rate,
                 a440, want, a500);
    audio_buf_free(&b);
}

static void test_every_layout(void **state)
{
    const layout_t layouts[] = {
        {"u8_8k.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 8000, 1},
        {"s16_16k.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1},
        {"s16_22k_stereo.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 2},
        {"s24_44k.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 1},
        {"s24_44k_stereo.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2},
        {"s32_48k.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, 48000, 1},
        {"f32_48k_stereo.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2},
        {"f64_32k.wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, 32000, 1},
        {"s16_48k_6ch.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_16, 48000, 6},
        {"s16_96k.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 96000, 1},
    };
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        check_layout(&layouts[i], AUDIO_ASR_RATE);
        check_layout(&layouts[i], 44100);
    }
}

/* Full-scale stereo float beyond 1.0 must saturate, not wrap around. */
static void test_clipping(void **state)
{
    const char *path = tmp_path("hot.wav");
    write_sine(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 16000, 1, 0.5, 100.0, 1.8);
    audio_buf_t b;
    assert_int_equal(audio_read_wav(path, 16000, 0, &b), AUDIO_OK);
    int maxv = 0, minv = 0;
    for (size_t i = 0; i < b.n_samples; i++) {
        if (b.samples[i] > maxv)
            maxv = b.samples[i];
        if (b.samples[i] < minv)
            minv = b.samples[i];
    }
    assert_int_equal(maxv, 32767);
    assert_int_equal(minv, -32768);
    /* A wrapped sample would flip sign right next to a peak. */
    for (size_t i = 1; i < b.n_samples; i++)
        assert_true(abs(b.samples[i] - b.samples[i - 1]) < 20000);
    audio_buf_free(&b);
}

static void test_write_read_round_trip(void **state)
{
    size_t n = 16000;
    int16_t *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (int16_t)((int)(i * 7919u % 65536u) - 32768);
    const char *path = tmp_path("rt.wav");
    assert_int_equal(audio_write_wav(path, x, n, 16000), AUDIO_OK);
    audio_buf_t b;
    assert_int_equal(audio_read_wav(path, 16000, 0, &b), AUDIO_OK);
    assert_int_equal(b.n_samples, n);
    assert_memory_equal(b.samples, x, n * sizeof *x); /* same rate: bit exact */
    audio_buf_free(&b);
    /* Replacing an existing file works, and a missing directory is reported. */
    assert_int_equal(audio_write_wav(path, x, 100, 8000), AUDIO_OK);
    assert_int_equal(audio_read_wav(path, 8000, 0, &b), AUDIO_OK);
    assert_int_equal(b.n_samples, 100);
    audio_buf_free(&b);
    assert_int_equal(audio_write_wav(tmp_path("no/such/dir.wav"), x, n, 16000), AUDIO_ENOENT);
    assert_true(strlen(audio_error_detail()) > 0);
    free(x);
}

static void test_resample_lengths_and_tone(void **state)
{
    const int rates[] = {8000, 11025, 16000, 22050, 44100, 48000};
    for (size_t i = 0; i < 6; i++) {
        for (size_t j = 0; j < 6; j++) {
            int ri = rates[i], ro = rates[j];
            size_t n = (size_t)ri; /* one second */
            int16_t *x = malloc(n * sizeof *x);
            for (size_t k = 0; k < n; k++)
                x[k] = (int16_t)lrint(10000 * sin(2 * M_PI * 1000.0 * (double)k / ri));
            audio_buf_t b;
            assert_int_equal(audio_resample(x, n, ri, ro, &b), AUDIO_OK);
            assert_int_equal(b.n_samples, (size_t)ro);
            /* No samples lost at the tail: the last 2 ms still carry the tone (the filter
             * delay is about that long, so an unflushed resampler leaves zeros there). */
            size_t tail = (size_t)ro / 500;
            double r = tu_rms(b.samples + b.n_samples - tail, tail);
            if (r < 10000 / sqrt(2) * 0.9 || r > 10000 / sqrt(2) * 1.1)
                fail_msg("%d -> %d: tail RMS %.1f", ri, ro, r);
            double a = tu_tone_amplitude(b.samples, b.n_samples, 1000.0, ro);
            if (fabs(a - 10000) > 300)
                fail_msg("%d -> %d: 1 kHz amplitude %.1f", ri, ro, a);
            audio_buf_free(&b);
            free(x);
        }
    }
    audio_buf_t b;
    assert_int_equal(audio_resample(NULL, 0, 16000, 8000, &b), AUDIO_OK);
    assert_int_equal(b.n_samples, 0);
    audio_buf_free(&b);
    int16_t one = 1;
    assert_int_equal(audio_resample(&one, 1, 0, 8000, &b), AUDIO_EINVAL);
}

static void expect_fail(const char *path, int want, const char *detail_has)
{
    audio_buf_t b = {(int16_t *)1, 5, 5}; /* garbage: must be cleared */
    int rc = audio_read_wav(path, 16000, 30, &b);
    if (rc != want)
        fail_msg("%s: got %d (%s), want %d", path, rc, audio_error_detail(), want);
    assert_null(b.samples);
    assert_int_equal(b.n_samples, 0);
    if (!strstr(audio_error_detail(), detail_has))
        fail_msg("%s: detail \"%s\" lacks \"%s\"", path, audio_error_detail(), detail_has);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (n)
        assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void test_bad_inputs(void **state)
{
    expect_fail(tmp_path("missing.wav"), AUDIO_ENOENT, "No such file");
    expect_fail(tmpdir, AUDIO_ENOENT, "directory");
    write_bytes(tmp_path("empty.wav"), "", 0);
    expect_fail(tmp_path("empty.wav"), AUDIO_EEMPTY, "empty");
    const char *text = "this is a shopping list, not a sound\n";
    write_bytes(tmp_path("text.wav"), text, strlen(text));
    expect_fail(tmp_path("text.wav"), AUDIO_EFORMAT, "not a readable audio file");

    /* Header only: a 16-bit WAV cut right after its 44-byte header. */
    const char *full = tmp_path("full.wav");
    write_sine(full, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1, 1.0, 440, 0.5);
    FILE *f = fopen(full, "rb");
    unsigned char buf[20000];
    size_t got = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_int_equal(got, sizeof buf);
    write_bytes(tmp_path("header.wav"), buf, 44);
    expect_fail(tmp_path("header.wav"), AUDIO_EEMPTY, "no audio");

    /* Truncated mid-data: what is there is decoded. */
    write_bytes(tmp_path("trunc.wav"), buf, 44 + 2 * 8000);
    audio_buf_t b;
    assert_int_equal(audio_read_wav(tmp_path("trunc.wav"), 16000, 0, &b), AUDIO_OK);
    assert_int_equal(b.n_samples, 8000);
    audio_buf_free(&b);

    /* Below telephone quality: refused, not decoded into a guess. 8 kHz is read. */
    write_sine(tmp_path("low.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 4000, 1, 0.5, 440, 0.5);
    expect_fail(tmp_path("low.wav"), AUDIO_EFORMAT, "4000 Hz is too low for speech");
    write_sine(tmp_path("phone.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.5, 440, 0.5);
    assert_int_equal(audio_read_wav(tmp_path("phone.wav"), 16000, 0, &b), AUDIO_OK);
    audio_buf_free(&b);

    /* Arguments. */
    assert_int_equal(audio_read_wav(NULL, 16000, 0, &b), AUDIO_EINVAL);
    assert_int_equal(audio_read_wav(full, 0, 0, &b), AUDIO_EINVAL);
}

/* A ten-minute file with a 30 s cap fails from its header, without decoding ten minutes. */
static void test_too_long_is_fast(void **state)
{
    const char *path = tmp_path("long.wav");
    SF_INFO info = {.samplerate = 48000, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
    assert_non_null(sf);
    static short zeros[48000 * 2];
    for (int s = 0; s < 600; s++)
        assert_int_equal(sf_writef_short(sf, zeros, 48000), 48000);
    sf_close(sf);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    audio_buf_t b;
    assert_int_equal(audio_read_wav(path, 16000, 30, &b), AUDIO_ETOOLONG);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    assert_true(ms < 50.0);
    assert_non_null(strstr(audio_error_detail(), "600.0 s"));
    assert_int_equal(audio_read_wav(path, 16000, 601, &b), AUDIO_OK);
    assert_int_equal(b.n_samples, 600 * 16000);
    audio_buf_free(&b);
}

static void test_real_speech_file(void **state)
{
    const char *dir = tu_speech_dir();
    if (!dir)
        skip();
    char path[512];
    snprintf(path, sizeof path, "%s/noise/kitchen.wav", dir);
    if (access(path, R_OK) != 0)
        skip();
    audio_buf_t b;
    assert_int_equal(audio_read_wav(path, 16000, 30, &b), AUDIO_ETOOLONG);
    assert_int_equal(audio_read_wav(path, 16000, 0, &b), AUDIO_OK);
    assert_int_equal(b.n_samples, 1965609); /* the file is 16 kHz: no resampling, same length */
    audio_buf_free(&b);
}

static void test_strerror(void **state)
{
    for (int s = AUDIO_EINVAL; s <= AUDIO_ENOENT; s++)
        assert_string_not_equal(audio_strerror(s), audio_strerror(12345));
    assert_string_equal(audio_strerror(AUDIO_OK), "success");
    audio_buf_free(NULL);
    assert_true(audio_buf_seconds(NULL) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_layout),
        cmocka_unit_test(test_clipping),
        cmocka_unit_test(test_write_read_round_trip),
        cmocka_unit_test(test_resample_lengths_and_tone),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_too_long_is_fast),
        cmocka_unit_test(test_real_speech_file),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
