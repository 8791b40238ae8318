/* wake_bench.c - the wake word spotter over WAV files played as one stream, for
 * tests/bench/wake.sh. Usage:
 *     bench_wake [--noise WAV --snr DB --seed N] [--dump DIR] THRESHOLD "WAKE WORD" FILE...
 * Prints one line per file, "file FILE SECONDS DETECTIONS", and one per proposal of the
 * spotter, "cand FILE AT LLR MIN_WORD_LLR SPOT_SCORE CONFIDENCE ACCEPTED" (AT: seconds into the
 * file where the checked stretch ends), tab-separated. Each file is followed by 0.5 s of
 * quiet; with --noise, noise is mixed into the file and its pause together at DB (the public
 * benchmark's way, audio_mix_noise()), from an offset chosen by the seed and the file's index.
 * --dump writes each file as streamed (pause and noise included) into DIR, to run another
 * build's spotter over the same audio. WAKE_LOG=FILE keeps PocketSphinx's log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "grammar.h"
#include "grammar_internal.h"

typedef struct {
    audio_buf_t noise;
    double snr;
    unsigned long long seed;
    const char *dump; /* a folder to write each stream file to, or NULL */
} noise_t;

/* The file's samples and its pause into *out (caller frees), noise mixed in when asked. */
static int load(const char *path, const noise_t *nz, unsigned long long index, audio_buf_t *out)
{
    audio_buf_t pcm = {0};
    if (audio_read_wav(path, AUDIO_ASR_RATE, 0, &pcm) != AUDIO_OK)
        return -1;
    size_t n = pcm.n_samples + AUDIO_ASR_RATE / 2;
    int16_t *s = calloc(n, sizeof *s);
    if (!s) {
        audio_buf_free(&pcm);
        return -1;
    }
    if (pcm.n_samples)
        memcpy(s, pcm.samples, pcm.n_samples * sizeof *s);
    if (nz->noise.n_samples && pcm.n_samples) {
        size_t off = audio_noise_offset(nz->seed, index, n, nz->noise.n_samples);
        audio_mix_noise(s, n, nz->noise.samples, nz->noise.n_samples, nz->snr, off, s);
    }
    audio_buf_free(&pcm);
    out->samples = s;
    out->n_samples = n;
    out->sample_rate = AUDIO_ASR_RATE;
    return 0;
}

/* The check's words for experiments: word, frames and log-likelihood ratio of each. */
static void print_words(const asr_wake_t *w)
{
    const grammar__conf_t *conf;
    const grammar__conf_path_t *path;
    asr__wake_check(w, &conf, &path);
    size_t k = 0;
    for (size_t i = 0; i < path->n; i++) {
        const grammar__conf_seg_t *s = &path->segs[i];
        if (s->word[0] == '<' || s->word[0] == '[' || k >= conf->n_words)
            continue;
        printf("\t%s:%d:%.2f", s->word, s->ef - s->sf + 1, conf->word_llr[k++]);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    noise_t nz = {{0}, 12, 1, NULL};
    int a = 1;
    for (; a + 1 < argc && strncmp(argv[a], "--", 2) == 0; a += 2) {
        if (strcmp(argv[a], "--noise") == 0 &&
            audio_read_wav(argv[a + 1], AUDIO_ASR_RATE, 0, &nz.noise) != AUDIO_OK) {
            fprintf(stderr, "bench_wake: %s\n", audio_error_detail());
            return 5;
        }
        if (strcmp(argv[a], "--snr") == 0)
            nz.snr = strtod(argv[a + 1], NULL);
        if (strcmp(argv[a], "--seed") == 0)
            nz.seed = strtoull(argv[a + 1], NULL, 10);
        if (strcmp(argv[a], "--dump") == 0)
            nz.dump = argv[a + 1];
    }
    if (argc - a < 3) {
        fprintf(stderr,
                "usage: %s [--noise WAV --snr DB --seed N] [--dump DIR] THRESHOLD \"WAKE WORD\" "
                "FILE...\n",
                argv[0]);
        return 2;
    }
    asr_wake_config_t c = asr_wake_config_default();
    c.log_path = getenv("WAKE_LOG");
    c.threshold = strtod(argv[a], NULL);
    c.keyphrase = argv[a + 1];
    int status;
    asr_wake_t *w = asr_wake_open(&c, &status);
    if (!w) {
        fprintf(stderr, "bench_wake: %s\n", grammar_errmsg());
        return 5;
    }
    double stream = 0; /* seconds fed so far */
    for (int i = a + 2; i < argc; i++) {
        audio_buf_t pcm = {0};
        if (load(argv[i], &nz, (unsigned long long)i, &pcm) != 0) {
            fprintf(stderr, "bench_wake: %s: %s\n", argv[i], audio_error_detail());
            continue;
        }
        if (nz.dump) {
            char out[4096];
            const char *base = strrchr(argv[i], '/');
            snprintf(out, sizeof out, "%s/%04d-%s", nz.dump, i, base ? base + 1 : argv[i]);
            audio_write_wav(out, pcm.samples, pcm.n_samples, AUDIO_ASR_RATE);
        }
        int hits = 0;
        for (size_t off = 0; off < pcm.n_samples; off += AUDIO_ENDPOINTER_FRAME) {
            size_t k = pcm.n_samples - off < AUDIO_ENDPOINTER_FRAME ? pcm.n_samples - off
                                                                    : AUDIO_ENDPOINTER_FRAME;
            int rc = asr_wake_process(w, pcm.samples + off, k);
            asr_wake_candidate_t cd;
            if (rc < 0) {
                fprintf(stderr, "bench_wake: %s\n", grammar_errmsg());
                return 1;
            }
            hits += rc == 1;
            if (asr_wake_last_candidate(w, &cd)) {
                printf("cand\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.4f\t%d", argv[i], cd.end - stream,
                       cd.llr, cd.min_word_llr, cd.spot_score, cd.confidence, cd.accepted);
                print_words(w);
            }
        }
        stream += (double)pcm.n_samples / AUDIO_ASR_RATE;
        printf("file\t%s\t%.3f\t%d\n", argv[i], (double)pcm.n_samples / AUDIO_ASR_RATE, hits);
        audio_buf_free(&pcm);
    }
    asr_wake_close(w);
    audio_buf_free(&nz.noise);
    return 0;
}
