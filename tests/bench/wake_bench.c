/* wake_bench.c - the wake word spotter over WAV files: one line per file,
 * in order as one stream: "FILE<TAB>DETECTIONS<TAB>SECONDS<TAB>FIRST_DETECTION_SECONDS" (-1 when
 * none), for tests/bench/wake.sh. Usage: bench_wake THRESHOLD "WAKE WORD" FILE... */
#include <stdio.h>
#include <stdlib.h>

#include "audio.h"
#include "grammar.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s THRESHOLD \"WAKE WORD\" FILE...\n", argv[0]);
        return 2;
    }
    asr_wake_config_t c = asr_wake_config_default();
    c.threshold = strtod(argv[1], NULL);
    c.keyphrase = argv[2];
    int status;
    asr_wake_t *w = asr_wake_open(&c, &status);
    if (!w) {
        fprintf(stderr, "bench_wake: %s\n", grammar_errmsg());
        return 5;
    }
    for (int i = 3; i < argc; i++) {
        audio_buf_t pcm = {0};
        if (audio_read_wav(argv[i], AUDIO_ASR_RATE, 0, &pcm) != AUDIO_OK) {
            fprintf(stderr, "bench_wake: %s\n", audio_error_detail());
            continue;
        }
        /* The files are one stream, as a microphone's would be (the spotter's live CMN settles
         * over the first seconds); each is followed by 0.5 s of silence, a pause in a room. */
        static const int16_t quiet[AUDIO_ENDPOINTER_FRAME];
        int hits = 0;
        double first = -1;
        size_t total = pcm.n_samples + AUDIO_ASR_RATE / 2;
        for (size_t off = 0; off < total; off += AUDIO_ENDPOINTER_FRAME) {
            size_t k = AUDIO_ENDPOINTER_FRAME;
            const int16_t *p = off < pcm.n_samples ? pcm.samples + off : quiet;
            if (off < pcm.n_samples && pcm.n_samples - off < k)
                k = pcm.n_samples - off;
            if (asr_wake_process(w, p, k) == 1 && hits++ == 0)
                first = (double)(off + k) / AUDIO_ASR_RATE;
        }
        printf("%s\t%d\t%.3f\t%.3f\n", argv[i], hits, audio_buf_seconds(&pcm), first);
        audio_buf_free(&pcm);
    }
    asr_wake_close(w);
    return 0;
}
