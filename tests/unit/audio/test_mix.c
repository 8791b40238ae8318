/* test_mix.c - noise mixing at an SNR: the ratio measured back from the output, wrap-around,
 * silence, clipping, reproducible offsets, and real speech with the benchmark's kitchen noise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "audio.h"
#include "test_util.h"

#include <string.h>

/* A deterministic stand-in for speech: syllable-like bursts of two tones under an envelope. */
static int16_t *make_speech(size_t n, double amp)
{
    int16_t *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / 16000;
        double env = 0.5 + 0.5 * sin(2 * M_PI * 3.0 * t);
        double v = sin(2 * M_PI * 220 * t) + 0.5 * sin(2 * M_PI * 1330 * t);
        x[i] = (int16_t)lrint(amp * 32767 * env * env * v / 1.5);
    }
    return x;
}

/* White noise from a fixed linear congruential generator, amplitude amp of full scale. */
static int16_t *make_noise(size_t n, double amp, unsigned seed)
{
    int16_t *x = malloc(n * sizeof *x);
    assert_non_null(x);
    uint32_t s = seed;
    for (size_t i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        x[i] = (int16_t)lrint(amp * ((double)(s >> 8) / (1u << 24) * 2 - 1) * 32767);
    }
    return x;
}

/*
 * Measure the SNR in out without trusting the mixer: out should be a*speech + b*segment;
 * find a and b by least squares, check the fit is within rounding, and compute the ratio of
 * the loudest frames of a*speech and b*segment, the benchmark's definition.
 */
static double measure_snr(const int16_t *speech, const int16_t *noise, size_t n_noise,
                          size_t offset, const int16_t *out, size_t n)
{
    int16_t *seg = malloc(n * sizeof *seg);
    assert_non_null(seg);
    double ss = 0, sm = 0, mm = 0, so = 0, mo = 0;
    for (size_t i = 0; i < n; i++) {
        seg[i] = noise[(offset + i) % n_noise];
        double s = speech[i], m = seg[i], o = out[i];
        ss += s * s, sm += s * m, mm += m * m, so += s * o, mo += m * o;
    }
    double det = ss * mm - sm * sm;
    assert_true(det > 0);
    double a = (so * mm - sm * mo) / det, b = (ss * mo - sm * so) / det;
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        double r = fabs(out[i] - a * speech[i] - b * seg[i]);
        worst = r > worst ? r : worst;
    }
    assert_true(worst <= 1.0); /* nothing but rounding to int16 */
    double snr = 10 * log10(a * a * audio_loudest_frame_energy(speech, n) /
                            (b * b * audio_loudest_frame_energy(seg, n)));
    free(seg);
    return snr;
}

static int16_t peak_of(const int16_t *x, size_t n)
{
    int p = 0;
    for (size_t i = 0; i < n; i++)
        p = abs(x[i]) > p ? abs(x[i]) : p;
    return (int16_t)p;
}

static void test_loudest_frame_energy(void **state)
{
    int16_t x[AUDIO_MIX_FRAME * 2 + 100];
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
        x[i] = i < AUDIO_MIX_FRAME ? 10 : i < 2 * AUDIO_MIX_FRAME ? 100 : 30000;
    /* The trailing partial frame (loudest of all) is left out, as the benchmark does. */
    assert_true(audio_loudest_frame_energy(x, sizeof x / sizeof x[0]) ==
                AUDIO_MIX_FRAME * 100.0 * 100.0);
    /* Shorter than a frame: the whole of it. */
    assert_true(audio_loudest_frame_energy(x, 10) == 10 * 100.0);
    assert_true(audio_loudest_frame_energy(NULL, 10) == 0.0);
    memset(x, 0, sizeof x);
    assert_true(audio_loudest_frame_energy(x, sizeof x / sizeof x[0]) == 0.0);
}

static void test_snr_measured_back(void **state)
{
    const size_t n = 16000 * 2, n_noise = 16000 * 5;
    int16_t *speech = make_speech(n, 0.3), *noise = make_noise(n_noise, 0.2, 7);
    int16_t *out = malloc(n * sizeof *out);
    const double snrs[] = {24, 21, 18, 15, 12, 9, 6, 0, -6};
    for (size_t k = 0; k < sizeof snrs / sizeof snrs[0]; k++) {
        size_t off = audio_noise_offset(1, k, n, n_noise);
        assert_int_equal(audio_mix_noise(speech, n, noise, n_noise, snrs[k], off, out), AUDIO_OK);
        double got = measure_snr(speech, noise, n_noise, off, out, n);
        print_message("  asked %5.1f dB, measured %8.4f dB\n", snrs[k], got);
        assert_true(fabs(got - snrs[k]) < 0.05);
        assert_int_equal(peak_of(out, n), (int16_t)AUDIO_MIX_PEAK); /* half of full scale */
    }
    free(speech), free(noise), free(out);
}

static void test_wraps_around(void **state)
{
    /* Noise of 0.3 s under 2 s of speech, starting near its end: it wraps several times. */
    const size_t n = 16000 * 2, n_noise = 4800;
    int16_t *speech = make_speech(n, 0.5), *noise = make_noise(n_noise, 0.5, 3);
    int16_t *out = malloc(n * sizeof *out);
    size_t off = n_noise - 100;
    assert_int_equal(audio_mix_noise(speech, n, noise, n_noise, 12, off, out), AUDIO_OK);
    assert_true(fabs(measure_snr(speech, noise, n_noise, off, out, n) - 12) < 0.05);
    /* An offset past the end is taken modulo the noise length. */
    int16_t *out2 = malloc(n * sizeof *out2);
    assert_int_equal(audio_mix_noise(speech, n, noise, n_noise, 12, off + 3 * n_noise, out2),
                     AUDIO_OK);
    assert_memory_equal(out, out2, n * sizeof *out);
    /* In place: out may be the speech buffer. */
    assert_int_equal(audio_mix_noise(speech, n, noise, n_noise, 12, off, speech), AUDIO_OK);
    assert_memory_equal(out, speech, n * sizeof *out);
    free(speech), free(noise), free(out), free(out2);
}

static void test_silence_is_an_error(void **state)
{
    const size_t n = 8000;
    int16_t *silence = calloc(n, sizeof *silence);
    int16_t *speech = make_speech(n, 0.5), *noise = make_noise(n, 0.5, 1);
    int16_t out[8000];
    assert_int_equal(audio_mix_noise(silence, n, noise, n, 12, 0, out), AUDIO_EINVAL);
    assert_non_null(strstr(audio_error_detail(), "speech is digital silence"));
    assert_int_equal(audio_mix_noise(speech, n, silence, n, 12, 0, out), AUDIO_EINVAL);
    assert_non_null(strstr(audio_error_detail(), "noise is digital silence"));
    /* Noise silent only where the segment falls is silent all the same. */
    memset(noise, 0, 4000 * sizeof *noise);
    assert_int_equal(audio_mix_noise(speech, 2000, noise, n, 12, 100, out), AUDIO_EINVAL);
    assert_int_equal(audio_mix_noise(speech, 2000, noise, n, 12, 5000, out), AUDIO_OK);
    /* Bad arguments. */
    assert_int_equal(audio_mix_noise(speech, 0, noise, n, 12, 0, out), AUDIO_EINVAL);
    assert_int_equal(audio_mix_noise(speech, n, noise, 0, 12, 0, out), AUDIO_EINVAL);
    assert_int_equal(audio_mix_noise(speech, n, noise, n, NAN, 0, out), AUDIO_EINVAL);
    assert_int_equal(audio_mix_noise(speech, n, noise, n, INFINITY, 0, out), AUDIO_EINVAL);
    free(silence), free(speech), free(noise);
}

static void test_never_clips(void **state)
{
    /* Full-scale square-ish speech and full-scale noise, from barely any noise to mostly noise. */
    const size_t n = 16000;
    int16_t *speech = malloc(n * sizeof *speech), *noise = make_noise(n, 1.0, 11);
    int16_t *out = malloc(n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        speech[i] = (i / 40) % 2 ? 32767 : -32768;
    const double snrs[] = {120, 24, 6, -20, -60};
    for (size_t k = 0; k < sizeof snrs / sizeof snrs[0]; k++) {
        assert_int_equal(audio_mix_noise(speech, n, noise, n, snrs[k], 17, out), AUDIO_OK);
        assert_int_equal(peak_of(out, n), (int16_t)AUDIO_MIX_PEAK);
    }
    /* Speech shorter than one frame still mixes at the asked ratio. */
    assert_int_equal(audio_mix_noise(speech, 500, noise, n, 9, 0, out), AUDIO_OK);
    assert_true(fabs(measure_snr(speech, noise, n, 0, out, 500) - 9) < 0.05);
    free(speech), free(noise), free(out);
}

static void test_offsets_reproducible(void **state)
{
    const size_t n = 32000, n_noise = 1965609;
    size_t first[50];
    int distinct = 0;
    for (uint64_t i = 0; i < 50; i++) {
        first[i] = audio_noise_offset(1, i, n, n_noise);
        assert_true(first[i] < n_noise - n); /* the segment fits: no wrap needed */
        assert_int_equal(first[i], audio_noise_offset(1, i, n, n_noise));
        distinct += i > 0 && first[i] != first[i - 1];
    }
    assert_true(distinct >= 45);
    assert_true(audio_noise_offset(2, 0, n, n_noise) != first[0]); /* the seed matters */
    assert_true(audio_noise_offset(1, 3, n, 1000) < 1000);         /* short noise: any start */
    assert_int_equal(audio_noise_offset(1, 3, n, 0), 0);
}

/* A noise whose segment at the benchmark's offset is muted: another reproducible offset with
 * sound is drawn, so the file still mixes; a noise with sound nowhere keeps the first draw. */
static void test_silent_stretches_are_skipped(void **state)
{
    (void)state;
    const size_t n = 4096, n_noise = 40000;
    int16_t *noise = calloc(n_noise, sizeof *noise);
    int16_t *speech = malloc(n * sizeof *speech), *out = malloc(n * sizeof *out);
    assert_non_null(noise), assert_non_null(speech), assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        speech[i] = (int16_t)(3000 * sin(i * 0.05));
    int checked = 0;
    for (uint64_t k = 0; k < 40; k++) {
        size_t first = audio_noise_offset(1, k, n, n_noise);
        /* Sound only in the last 3000 samples; a first draw there is taken as it is. */
        for (size_t i = 0; i < n_noise; i++)
            noise[i] = i >= n_noise - 3000 ? (int16_t)((i * 7919) % 2001 - 1000) : 0;
        size_t off = audio_noise_offset_audible(1, k, n, noise, n_noise);
        assert_int_equal(off, audio_noise_offset_audible(1, k, n, noise, n_noise));
        if (first + n > n_noise - 3000) {
            assert_int_equal(off, first);
            continue;
        }
        /* The first draw falls in the muted part: mixing there fails, the new offset mixes. */
        assert_int_equal(audio_mix_noise(speech, n, noise, n_noise, 6, first, out), AUDIO_EINVAL);
        assert_true(off != first);
        assert_int_equal(audio_mix_noise(speech, n, noise, n_noise, 6, off, out), AUDIO_OK);
        checked++;
    }
    assert_true(checked >= 20);
    /* All silent: the first draw, and the mixing says why. */
    memset(noise, 0, n_noise * sizeof *noise);
    size_t off = audio_noise_offset_audible(1, 0, n, noise, n_noise);
    assert_int_equal(off, audio_noise_offset(1, 0, n, n_noise));
    assert_int_equal(audio_mix_noise(speech, n, noise, n_noise, 6, off, out), AUDIO_EINVAL);
    assert_int_equal(audio_noise_offset_audible(1, 0, n, NULL, 0), 0);
    assert_int_equal(audio_noise_offset_audible(1, 5, 0, noise, n_noise),
                     audio_noise_offset(1, 5, 0, n_noise)); /* no speech: no search */
    free(noise), free(speech), free(out);
}

/* The benchmark's own noise under a real coffee order, when the shared speech is there. */
static void test_real_speech(void **state)
{
    const char *dir = tu_speech_dir();
    char path[1024];
    audio_buf_t speech = {0}, noise = {0};
    if (!dir) {
        skip();
        return;
    }
    snprintf(path, sizeof path, "%s/noise/kitchen.wav", dir);
    if (audio_read_wav(path, 16000, 0, &noise) != AUDIO_OK) {
        print_message("  no %s: skipped\n", path);
        skip();
        return;
    }
    snprintf(path, sizeof path, "%s/coffee-dev/wav/27c0f514-2435-470f-8d39-04c7a4ef7d72.wav", dir);
    assert_int_equal(audio_read_wav(path, 16000, 0, &speech), AUDIO_OK);
    int16_t *out = malloc(speech.n_samples * sizeof *out);
    size_t off = audio_noise_offset(1, 0, speech.n_samples, noise.n_samples);
    assert_int_equal(audio_mix_noise(speech.samples, speech.n_samples, noise.samples,
                                     noise.n_samples, 6, off, out),
                     AUDIO_OK);
    double got =
        measure_snr(speech.samples, noise.samples, noise.n_samples, off, out, speech.n_samples);
    print_message("  kitchen at 6 dB under a coffee order: measured %.4f dB\n", got);
    assert_true(fabs(got - 6) < 0.05);
    free(out);
    audio_buf_free(&speech);
    audio_buf_free(&noise);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loudest_frame_energy),
        cmocka_unit_test(test_snr_measured_back),
        cmocka_unit_test(test_wraps_around),
        cmocka_unit_test(test_silence_is_an_error),
        cmocka_unit_test(test_never_clips),
        cmocka_unit_test(test_offsets_reproducible),
        cmocka_unit_test(test_silent_stretches_are_skipped),
        cmocka_unit_test(test_real_speech),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
