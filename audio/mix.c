/* mix.c - noise mixed into speech at a signal-to-noise ratio, the way the public
 * speech-to-intent benchmark does it, so our figures compare with its published ones. */
#include "audio_internal.h"

#include <math.h>

/* Sample i of the noise segment that starts at offset, wrapping around the noise. */
static inline double noise_at(const int16_t *noise, size_t n_noise, size_t offset, size_t i)
{
    return noise[(offset + i) % n_noise];
}

/*
 * The loudest frame of the n-sample segment of x starting at offset (wrapping at n_x): frames
 * of AUDIO_MIX_FRAME from the segment's start; a segment shorter than one frame is one frame,
 * a partial frame at the end is left out (as the benchmark's reshape does).
 */
static double loudest_frame(const int16_t *x, size_t n_x, size_t offset, size_t n)
{
    size_t frame = n < AUDIO_MIX_FRAME ? n : AUDIO_MIX_FRAME;
    double best = 0.0;
    for (size_t start = 0; start + frame <= n; start += frame) {
        double e = 0.0;
        for (size_t i = start; i < start + frame; i++) {
            double v = noise_at(x, n_x, offset, i);
            e += v * v;
        }
        if (e > best)
            best = e;
    }
    return best;
}

double audio_loudest_frame_energy(const int16_t *pcm, size_t n)
{
    return pcm && n ? loudest_frame(pcm, n, 0, n) : 0.0;
}

int audio_mix_noise(const int16_t *speech, size_t n, const int16_t *noise, size_t n_noise,
                    double snr_db, size_t noise_offset, int16_t *out)
{
    if (!speech || !noise || !out || n == 0 || n_noise == 0)
        return audio__fail(AUDIO_EINVAL, "noise mixing needs speech and noise samples");
    if (!isfinite(snr_db) || snr_db < -60.0 || snr_db > 120.0)
        return audio__fail(AUDIO_EINVAL, "an SNR of %g dB is outside -60 to 120", snr_db);
    noise_offset %= n_noise;
    double e_speech = loudest_frame(speech, n, 0, n);
    double e_noise = loudest_frame(noise, n_noise, noise_offset, n);
    if (e_speech <= 0.0)
        return audio__fail(AUDIO_EINVAL, "the speech is digital silence: no SNR can be set");
    if (e_noise <= 0.0)
        return audio__fail(AUDIO_EINVAL,
                           "the noise is digital silence at offset %zu: no SNR can be set",
                           noise_offset);
    double gain = sqrt(e_speech / (e_noise * pow(10.0, snr_db / 10.0)));

    /* Two passes instead of a buffer: the peak of the sum first, then the scaled sum. */
    double peak = 0.0;
    for (size_t i = 0; i < n; i++) {
        double v = fabs(speech[i] + gain * noise_at(noise, n_noise, noise_offset, i));
        if (v > peak)
            peak = v;
    }
    if (peak <= 0.0) /* the noise cancelled the speech sample for sample */
        return audio__fail(AUDIO_EINVAL, "speech and noise cancel out: nothing left to scale");
    double scale = AUDIO_MIX_PEAK / peak;
    for (size_t i = 0; i < n; i++) {
        double v = (speech[i] + gain * noise_at(noise, n_noise, noise_offset, i)) * scale;
        out[i] = (int16_t)lrint(v); /* |v| <= AUDIO_MIX_PEAK: never clips */
    }
    return AUDIO_OK;
}

/* SplitMix64 (Steele, Lea and Flood 2014; the seeding generator of xoshiro): one 64-bit step
 * of a Weyl sequence through a mixing function. */
static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* Draw number `draw` of utterance `index`'s offsets; draw 0 is audio_noise_offset()'s. */
static size_t draw_offset(uint64_t seed, uint64_t index, uint64_t draw, size_t n, size_t n_noise)
{
    uint64_t r = splitmix64(seed ^ splitmix64(index + (draw << 40)));
    /* Like the benchmark's randint(0, len(noise) - len(speech)): the segment fits when the
     * noise is long enough; otherwise any start, and the segment wraps. */
    uint64_t range = n_noise > n ? (uint64_t)(n_noise - n) : (uint64_t)n_noise;
    return (size_t)(r % range);
}

size_t audio_noise_offset(uint64_t seed, uint64_t index, size_t n, size_t n_noise)
{
    return n_noise ? draw_offset(seed, index, 0, n, n_noise) : 0;
}

size_t audio_noise_offset_audible(uint64_t seed, uint64_t index, size_t n, const int16_t *noise,
                                  size_t n_noise)
{
    if (!noise || n_noise == 0 || n == 0) /* nothing to mix: audio_mix_noise() says so */
        return audio_noise_offset(seed, index, n, n_noise);
    for (uint64_t draw = 0; draw < AUDIO_MIX_DRAWS; draw++) {
        size_t offset = draw_offset(seed, index, draw, n, n_noise);
        if (loudest_frame(noise, n_noise, offset, n) > 0.0)
            return offset;
    }
    return audio_noise_offset(seed, index, n, n_noise);
}
