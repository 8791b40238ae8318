/* test_endpointer.c - utterance detection on synthetic and real speech, pauses, noise, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "audio.h"
#include "test_util.h"

#include <dirent.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define RATE  AUDIO_ASR_RATE
#define MS(x) ((size_t)(x) * (RATE / 1000))

/* A growable float signal we build test streams in. */
typedef struct {
    float *x;
    size_t n, cap;
} sig_t;

static void sig_append(sig_t *s, const int16_t *pcm, size_t n, double gain)
{
    if (s->n + n > s->cap) {
        s->cap = (s->n + n) * 2;
        s->x = realloc(s->x, s->cap * sizeof(float));
        assert_non_null(s->x);
    }
    for (size_t i = 0; i < n; i++)
        s->x[s->n + i] = pcm ? (float)(pcm[i] * gain) : 0.0f;
    s->n += n;
}

/* Deterministic white noise at an RMS level (in int16 units) added over the whole signal. */
static void sig_add_noise(sig_t *s, double rms)
{
    unsigned long long st = 12345;
    for (size_t i = 0; i < s->n; i++) {
        double u = 0;
        for (int k = 0; k < 12; k++) { /* Irwin-Hall: near-Gaussian, unit variance */
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            u += (double)(st >> 11) / 9007199254740992.0;
        }
        s->x[i] += (float)((u - 6.0) * rms);
    }
}

/* Clatter: `count` bursts of uniform white noise of `len` samples and peak `peak`, one every
 * `every` samples from sample `from`, into silence (deterministic for a `seed`). */
static void sig_put_bursts(sig_t *s, size_t from, size_t count, size_t every, size_t len,
                           double peak, unsigned seed)
{
    unsigned r = seed;
    for (size_t b = 0; b < count; b++)
        for (size_t i = 0; i < len; i++) {
            r = r * 1103515245u + 12345u;
            s->x[from + b * every + i] = (float)(peak * (((r >> 8) & 0xffff) / 32768.0 - 1.0));
        }
}

/* Mix kitchen noise at `snr` dB the way the public benchmark does (loudest 2048-sample speech
 * frame over the noise), starting at offset `ofs` in the noise. */
static void sig_add_kitchen(sig_t *s, const audio_buf_t *noise, double snr, size_t ofs)
{
    double peak = 0, ne = 0;
    for (size_t i = 0; i + 2048 < s->n; i += 256) {
        double e = 0;
        for (size_t k = 0; k < 2048; k++)
            e += (double)s->x[i + k] * s->x[i + k];
        if (e > peak)
            peak = e;
    }
    for (size_t i = 0; i < s->n; i++) {
        double v = noise->samples[(i + ofs) % noise->n_samples];
        ne += v * v;
    }
    ne = ne / (double)s->n * 2048;
    double g = sqrt(peak / ne / pow(10, snr / 10));
    for (size_t i = 0; i < s->n; i++)
        s->x[i] += (float)(g * noise->samples[(i + ofs) % noise->n_samples]);
}

/* Clip to int16 (a loud microphone clips too). */
static int16_t *sig_pcm(const sig_t *s)
{
    int16_t *p = malloc(s->n * sizeof *p + 1);
    for (size_t i = 0; i < s->n; i++) {
        float v = s->x[i];
        p[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : (int16_t)lrintf(v);
    }
    return p;
}

typedef struct {
    size_t start, end; /* samples, in the stream */
} span_t;

/* Run the endpointer over pcm; returns how many utterances, spans in out[]. The span's start
 * is derived from the end event minus the returned length, minus the trimmed silence. */
static int run_ep(const audio_endpointer_config_t *cfg, const int16_t *pcm, size_t n, span_t *out,
                  int max_out, size_t *lens)
{
    int st;
    audio_endpointer_t *ep = audio_endpointer_open(cfg, &st);
    assert_non_null(ep);
    int count = 0;
    size_t began = 0;
    for (size_t i = 0; i + AUDIO_ENDPOINTER_FRAME <= n; i += AUDIO_ENDPOINTER_FRAME) {
        audio_ep_event_t e = audio_endpointer_process(ep, pcm + i);
        if (e == AUDIO_EP_SPEECH && !began)
            began = i + 1;
        if (e == AUDIO_EP_SILENCE)
            began = 0; /* none yet, or the last was dropped (no voice in it) */
        if (e == AUDIO_EP_END) {
            size_t len;
            const int16_t *u = audio_endpointer_utterance(ep, &len);
            assert_non_null(u);
            if (count < max_out) {
                out[count].start = began - 1;
                out[count].end = i + AUDIO_ENDPOINTER_FRAME;
                if (lens)
                    lens[count] = len;
            }
            count++;
            began = 0;
        }
    }
    if (audio_endpointer_flush(ep) == AUDIO_EP_END) {
        size_t len;
        audio_endpointer_utterance(ep, &len);
        if (count < max_out) {
            out[count].start = began - 1;
            out[count].end = n;
            if (lens)
                lens[count] = len;
        }
        count++;
    }
    audio_endpointer_close(ep);
    return count;
}

/* Where speech is in a clean signal: frames within 30 dB of the loudest one. */
static span_t oracle(const sig_t *s)
{
    size_t nf = s->n / 160;
    double peak = 0;
    double *e = malloc(nf * sizeof *e);
    for (size_t f = 0; f < nf; f++) {
        double a = 0;
        for (size_t k = 0; k < 160; k++)
            a += (double)s->x[f * 160 + k] * s->x[f * 160 + k];
        e[f] = 10 * log10(a / 160 + 1);
        if (e[f] > peak)
            peak = e[f];
    }
    span_t sp = {0, 0};
    int found = 0;
    for (size_t f = 0; f < nf; f++) {
        if (e[f] > peak - 30) {
            if (!found)
                sp.start = f * 160;
            sp.end = (f + 1) * 160;
            found = 1;
        }
    }
    free(e);
    return sp;
}

/* The sum of the squared samples of s over the span sp. */
static double span_energy(const sig_t *s, span_t sp)
{
    double e = 0;
    for (size_t i = sp.start; i < sp.end; i++)
        e += (double)s->x[i] * s->x[i];
    return e;
}

/* Where run_ep()'s utterance i of a default endpointer lies in a stream of n samples: it ends
 * where its END came, less the trailing silence it does not keep (all but
 * AUDIO_ENDPOINTER_TAIL_MS), or at the stream's end when the flush closed it; it starts len[i]
 * before that. */
static span_t utt_span(const span_t *u, const size_t *len, int i, size_t n)
{
    span_t sp;
    int trailing_ms = audio_endpointer_config_default().trailing_silence_ms;
    sp.end = u[i].end == n ? n : u[i].end - MS(trailing_ms - AUDIO_ENDPOINTER_TAIL_MS);
    sp.start = sp.end - len[i];
    return sp;
}

static int overlap(span_t a, span_t b)
{
    return a.end > b.start && a.start < b.end;
}

static audio_buf_t tts16(const char *text)
{
    int st;
    audio_tts_t *tts = audio_tts_open(NULL, &st);
    assert_non_null(tts);
    audio_buf_t raw, out;
    assert_int_equal(audio_tts_speak(tts, text, &raw), AUDIO_OK);
    audio_tts_close(tts);
    assert_int_equal(audio_resample(raw.samples, raw.n_samples, raw.sample_rate, RATE, &out),
                     AUDIO_OK);
    audio_buf_free(&raw);
    return out;
}

/* The synthesised commands texts[0..nc), each after gap_ms[c] of nothing, and tail_ms more,
 * into *s; truth[c] is where command c's speech lies. Returns the mean power of that speech. */
static double commands_in_gaps(const char *const *texts, const int *gap_ms, int nc, int tail_ms,
                               sig_t *s, span_t *truth)
{
    double energy = 0;
    size_t samples = 0;
    for (int c = 0; c < nc; c++) {
        audio_buf_t sp = tts16(texts[c]);
        sig_t alone = {0};
        sig_append(&alone, sp.samples, sp.n_samples, 1.0);
        truth[c] = oracle(&alone);
        energy += span_energy(&alone, truth[c]);
        samples += truth[c].end - truth[c].start;
        sig_append(s, NULL, MS(gap_ms[c]), 0);
        truth[c].start += s->n;
        truth[c].end += s->n;
        sig_append(s, sp.samples, sp.n_samples, 1.0);
        free(alone.x);
        audio_buf_free(&sp);
    }
    sig_append(s, NULL, MS(tail_ms), 0);
    return energy / (double)samples;
}

/* One synthesised command in faint noise: one utterance that covers it, pre-roll included. */
static void test_one_command(void **state)
{
    audio_buf_t sp = tts16("Add two bags of coffee to my cart.");
    sig_t s = {0};
    sig_append(&s, NULL, MS(1500), 0);
    sig_append(&s, sp.samples, sp.n_samples, 1.0);
    sig_append(&s, NULL, MS(2000), 0);
    span_t truth = oracle(&s);
    sig_add_noise(&s, 10.0); /* about -70 dBFS, a quiet room */
    int16_t *pcm = sig_pcm(&s);
    span_t u[4];
    size_t len[4];
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    int n = run_ep(&cfg, pcm, s.n, u, 4, len);
    assert_int_equal(n, 1);
    /* The utterance returned starts pre_roll before detection and ends 200 ms after speech. */
    span_t utt = utt_span(u, len, 0, s.n);
    if (utt.start > truth.start || utt.start + MS(500) < truth.start || utt.end < truth.end ||
        utt.end > truth.end + MS(400))
        fail_msg("utterance %zu..%zu ms, speech %zu..%zu ms", utt.start / 16, utt.end / 16,
                 truth.start / 16, truth.end / 16);
    free(pcm);
    free(s.x);
    audio_buf_free(&sp);
}

/* A 300 ms pause between words stays inside one utterance; 1.5 s ends it. */
static void test_pauses(void **state)
{
    audio_buf_t a = tts16("Order oat milk"), b = tts16("and three bananas");
    int pauses[] = {150, 300, 450, 1500, 3000};
    int want[] = {1, 1, 1, 2, 2};
    for (int i = 0; i < 5; i++) {
        sig_t s = {0};
        sig_append(&s, NULL, MS(1000), 0);
        sig_append(&s, a.samples, a.n_samples, 1.0);
        sig_append(&s, NULL, MS(pauses[i]), 0);
        sig_append(&s, b.samples, b.n_samples, 1.0);
        sig_append(&s, NULL, MS(1500), 0);
        sig_add_noise(&s, 30.0);
        int16_t *pcm = sig_pcm(&s);
        span_t u[4];
        audio_endpointer_config_t cfg = audio_endpointer_config_default();
        int n = run_ep(&cfg, pcm, s.n, u, 4, NULL);
        if (n != want[i])
            fail_msg("pause %d ms: %d utterances, want %d", pauses[i], n, want[i]);
        free(pcm);
        free(s.x);
    }
    audio_buf_free(&a);
    audio_buf_free(&b);
}

/*
 * The tentative utterance (for decoding during the trailing silence): it appears once the
 * silence after the last word is as long as the tail an utterance keeps, a pause inside the
 * command withdraws it (the words after it belong to the utterance), and when the utterance
 * ends its samples and start are exactly those of the last tentative one.
 */
static void test_tentative_is_the_final_utterance(void **state)
{
    audio_buf_t a = tts16("Order oat milk"), b = tts16("and three bananas");
    sig_t s = {0};
    sig_append(&s, NULL, MS(1000), 0);
    sig_append(&s, a.samples, a.n_samples, 1.0);
    sig_append(&s, NULL, MS(400), 0); /* a pause longer than the tail, shorter than 600 ms */
    sig_append(&s, b.samples, b.n_samples, 1.0);
    sig_append(&s, NULL, MS(1500), 0);
    sig_add_noise(&s, 30.0);
    int16_t *pcm = sig_pcm(&s);
    int st;
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    audio_endpointer_t *ep = audio_endpointer_open(&cfg, &st);
    assert_non_null(ep);
    int16_t *last = malloc(s.n * sizeof *last);
    size_t last_n = 0;
    long long last_start = -1;
    int appeared = 0, withdrawn = 0, ends = 0;
    for (size_t i = 0; i + AUDIO_ENDPOINTER_FRAME <= s.n; i += AUDIO_ENDPOINTER_FRAME) {
        audio_ep_event_t e = audio_endpointer_process(ep, pcm + i);
        if (e == AUDIO_EP_END) {
            size_t n;
            const int16_t *u = audio_endpointer_utterance(ep, &n);
            assert_int_equal(n, last_n);
            assert_int_equal(audio_endpointer_utterance_start(ep), last_start);
            assert_memory_equal(u, last, n * sizeof *u);
            ends++;
            continue;
        }
        size_t n;
        long long start;
        const int16_t *t = audio_endpointer_tentative(ep, &n, &start);
        if (t && !last_n)
            appeared++;
        if (!t && last_n && e == AUDIO_EP_SPEECH)
            withdrawn++;
        if (t) {
            memcpy(last, t, n * sizeof *t);
            last_start = start;
        }
        last_n = t ? n : 0;
    }
    assert_int_equal(ends, 1);
    assert_int_equal(withdrawn, 1); /* the pause after "oat milk" */
    assert_int_equal(appeared, 2);  /* that pause, and the end */
    audio_endpointer_close(ep);
    free(last);
    free(pcm);
    free(s.x);
    audio_buf_free(&a);
    audio_buf_free(&b);
}

/* Clicks shorter than min_speech_ms are not speech; silence alone never is. */
static void test_clicks_and_silence(void **state)
{
    sig_t s = {0};
    sig_append(&s, NULL, MS(3000), 0);
    for (int c = 0; c < 5; c++)
        for (size_t i = 0; i < MS(60); i++)
            s.x[MS(300 + 500 * c) + i] = (float)(20000 * sin(i * 0.7));
    int16_t *pcm = sig_pcm(&s);
    span_t u[2];
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    assert_int_equal(run_ep(&cfg, pcm, s.n, u, 2, NULL), 0);
    memset(pcm, 0, s.n * sizeof *pcm);
    assert_int_equal(run_ep(&cfg, pcm, s.n, u, 2, NULL), 0);
    free(pcm);
    free(s.x);
}

/*
 * A command with a kitchen's clatter after it: bursts as loud as the words (white noise, 60 ms
 * every 200 ms, for 4 s). The command ends within the grace and the trailing silence of its
 * last word, not when the clatter stops; and the clatter that goes on after it, with no voice
 * in it, is no utterance at all.
 */
static void test_clatter_after_a_command(void **state)
{
    audio_buf_t sp = tts16("Is the oat milk in stock?");
    sig_t s = {0};
    sig_append(&s, NULL, MS(1000), 0);
    sig_append(&s, sp.samples, sp.n_samples, 1.0);
    span_t truth = oracle(&s);
    double speech_rms = sqrt(span_energy(&s, truth) / (double)(truth.end - truth.start));
    size_t clatter_from = s.n + MS(150);
    sig_append(&s, NULL, MS(150 + 4000 + 1500), 0);
    sig_put_bursts(&s, clatter_from, 20, MS(200), MS(60), speech_rms * 1.7, 12345);
    sig_add_noise(&s, 10.0);
    int16_t *pcm = sig_pcm(&s);
    span_t u[8];
    size_t len[8];
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    int n = run_ep(&cfg, pcm, s.n, u, 8, len);
    if (n != 1)
        fail_msg("%d utterances, want the command alone", n);
    /* The utterance holds the command and ends (its END event) within 300 ms of grace,
     * 600 ms of silence and a frame of slack after the command's last loud frame. */
    size_t end = u[0].end;
    if (end > truth.end + MS(300 + 600 + 100))
        fail_msg("the command ran on into the clatter: it ended %zu ms after its last word",
                 (end - truth.end) / 16);
    assert_true(u[0].start <= truth.start + MS(200));
    free(pcm);
    free(s.x);
    audio_buf_free(&sp);
}

/* Commands in steady white noise 12 dB under their loudness, as from a fan or a cooker hood: the
 * first after 3 s of it, the second 6 s later, the third 1 s after that (a quick "yes" to a
 * question). Each is found, whole. The margins for clatter found one of the first two, cut
 * short; and the third was missed while the window of recent levels still held the second. */
static void test_steady_noise(void **state)
{
    const char *texts[3] = {"Is the oat milk in stock?",
                            "Add two bags of coffee and a carton of oat milk to my cart.",
                            "What is in my cart?"};
    const int gap_ms[3] = {3000, 6000, 1000};
    sig_t s = {0};
    span_t truth[3];
    double speech_power = commands_in_gaps(texts, gap_ms, 3, 3000, &s, truth);
    sig_add_noise(&s, sqrt(speech_power) / pow(10.0, 12.0 / 20.0));
    int16_t *pcm = sig_pcm(&s);
    span_t u[8];
    size_t len[8];
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    int n = run_ep(&cfg, pcm, s.n, u, 8, len);
    if (n != 3)
        fail_msg("%d utterances in steady noise, want the three commands", n);
    for (int c = 0; c < 3; c++) {
        span_t utt = utt_span(u, len, c, s.n);
        /* The faintest 200 ms at either end (within 30 dB of the loudest, oracle()) are under
         * the noise: nothing can find them. */
        if (utt.start > truth[c].start + MS(200) || utt.end + MS(200) < truth[c].end)
            fail_msg("command %d: utterance %zu..%zu ms, speech %zu..%zu ms", c + 1, utt.start / 16,
                     utt.end / 16, truth[c].start / 16, truth[c].end / 16);
    }
    free(pcm);
    free(s.x);
}

/* Clatter alone, in bursts long enough to start an utterance (300 ms of white noise every
 * 1.5 s): none is handed over, for no voice is in them; a spoken word after them is. Unless
 * the endpointer is told to go by energy alone. */
static void test_clatter_is_no_utterance(void **state)
{
    audio_buf_t sp = tts16("six");
    sig_t s = {0};
    sig_append(&s, NULL, MS(1000 + 5 * 1500), 0);
    sig_put_bursts(&s, MS(1000), 5, MS(1500), MS(300), 6000.0, 777);
    sig_append(&s, sp.samples, sp.n_samples, 1.0);
    sig_append(&s, NULL, MS(1500), 0);
    sig_add_noise(&s, 10.0);
    int16_t *pcm = sig_pcm(&s);
    span_t u[8];
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    int n = run_ep(&cfg, pcm, s.n, u, 8, NULL);
    if (n != 1)
        fail_msg("%d utterances, want only the word", n);
    assert_true(u[0].start >= MS(1000 + 5 * 1500) - MS(cfg.pre_roll_ms + 200));
    /* Energy alone (require_voice 0, for a whispering voice): every burst is an utterance. */
    cfg.require_voice = 0;
    assert_int_equal(run_ep(&cfg, pcm, s.n, u, 8, NULL), 6);
    free(pcm);
    free(s.x);
    audio_buf_free(&sp);
}

/* Endless speech is cut at max_utterance_ms, once: what goes on without a pause is the same
 * talk, not a new command (its tail was once answered as one). After a pause a new utterance
 * starts, as loud as the talk: the talk was the shopper's, louder than the quiet room the
 * endpointer knew before it, so it did not become the background. Flush closes an utterance
 * in progress. */
static void test_cap_and_flush(void **state)
{
    audio_buf_t a = tts16("one two three four five six seven eight nine ten eleven twelve");
    sig_t s = {0};
    const size_t lead = MS(3000); /* the quiet room heard first */
    sig_append(&s, NULL, lead, 0);
    for (int r = 0; r < 4; r++)
        sig_append(&s, a.samples, a.n_samples, 1.0);
    size_t talk_end = s.n;
    sig_append(&s, NULL, MS(1000), 0);
    sig_append(&s, a.samples, a.n_samples, 1.0);
    sig_append(&s, NULL, MS(1000), 0);
    int16_t *pcm = sig_pcm(&s);
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    cfg.max_utterance_ms = 3000;
    span_t u[16];
    size_t len[16];
    int n = run_ep(&cfg, pcm, s.n, u, 16, len);
    assert_int_equal(n, 2);
    assert_int_equal(len[0], MS(cfg.max_utterance_ms + cfg.pre_roll_ms));
    assert_true(u[0].end < talk_end);
    assert_true(u[1].start > talk_end); /* the sentence after the pause */
    assert_true(len[1] <= MS(cfg.max_utterance_ms + cfg.pre_roll_ms));
    /* The cut is said: audio_endpointer_was_cut() while that utterance is the last. */
    int st, cut = 0, ended = 0;
    audio_endpointer_t *capped = audio_endpointer_open(&cfg, &st);
    for (size_t i = 0; i + 160 <= talk_end && !ended; i += 160)
        if (audio_endpointer_process(capped, pcm + i) == AUDIO_EP_END) {
            ended = 1;
            cut = audio_endpointer_was_cut(capped);
        }
    assert_true(ended && cut);
    audio_endpointer_close(capped);

    /* Stream ends mid-sentence: flush hands over what there is. */
    audio_endpointer_t *ep = audio_endpointer_open(NULL, &st);
    size_t i = 0;
    audio_ep_event_t e = AUDIO_EP_SILENCE;
    for (; i + 160 <= lead + MS(1500); i += 160)
        e = audio_endpointer_process(ep, pcm + i);
    assert_int_equal(e, AUDIO_EP_SPEECH);
    assert_int_equal(audio_endpointer_flush(ep), AUDIO_EP_END);
    size_t flen;
    assert_non_null(audio_endpointer_utterance(ep, &flen));
    assert_true(flen > MS(1000) && flen <= MS(2000));
    assert_int_equal(audio_endpointer_flush(ep), AUDIO_EP_SILENCE);
    audio_endpointer_close(ep);
    audio_endpointer_close(NULL);
    free(pcm);
    free(s.x);
    audio_buf_free(&a);
}

static void test_bad_config(void **state)
{
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    assert_int_equal(cfg.trailing_silence_ms, 600);
    assert_int_equal(cfg.pre_roll_ms, 300);
    cfg.trailing_silence_ms = 0;
    int st;
    assert_null(audio_endpointer_open(&cfg, &st));
    assert_int_equal(st, AUDIO_EINVAL);
}

/* ---- Real speech from the shared folder ---- */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first `max` WAV files of dir in name order (readdir's order differs between file systems,
 * and every run must use the same files). */
static int list_wavs(const char *dir, char names[][600], int max)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0, cap = 256;
    char **all = malloc(cap * sizeof *all);
    assert_non_null(all);
    struct dirent *de;
    while ((de = readdir(d)))
        if (strstr(de->d_name, ".wav")) {
            if (n == cap) {
                cap *= 2;
                all = realloc(all, cap * sizeof *all);
                assert_non_null(all);
            }
            all[n] = strdup(de->d_name);
            assert_non_null(all[n++]);
        }
    closedir(d);
    qsort(all, n, sizeof *all, cmp_names);
    int got = 0;
    for (size_t i = 0; i < n; i++) {
        if (got < max)
            snprintf(names[got++], 600, "%.300s/%.290s", dir, all[i]);
        free(all[i]);
    }
    free(all);
    return got;
}

/* The word in a one-second recording: from its first to its last 10 ms frame within 20 dB of
 * the loudest, so the pause put between two words is the pause between them. (Whole clips
 * hold up to 0.9 s of their own background around a word: two clips "300 ms apart" were words
 * 0.9-1.3 s apart, which only an endpointer that takes background for speech joins.) */
static void trim_to_word(audio_buf_t *x)
{
    size_t nf = x->n_samples / 160, first = 0, last = 0;
    double peak = 0, *e = malloc((nf ? nf : 1) * sizeof *e);
    assert_non_null(e);
    for (size_t f = 0; f < nf; f++) {
        double a = 0;
        for (size_t k = 0; k < 160; k++)
            a += (double)x->samples[f * 160 + k] * x->samples[f * 160 + k];
        e[f] = 10 * log10(a / 160 + 1);
        peak = e[f] > peak ? e[f] : peak;
    }
    for (size_t f = nf; f-- > 0;)
        if (e[f] > peak - 20)
            first = f;
    for (size_t f = 0; f < nf; f++)
        if (e[f] > peak - 20)
            last = f;
    free(e);
    if (nf == 0)
        return;
    memmove(x->samples, x->samples + first * 160, (last + 1 - first) * 160 * sizeof *x->samples);
    x->n_samples = (last + 1 - first) * 160;
}

/* Two spoken words 300 ms apart (real recordings, their background kept inside the words'
 * span): one utterance, both words inside. */
static void test_words_with_pause(void **state)
{
    const char *dir = tu_speech_dir();
    if (!dir)
        skip();
    const char *words[] = {"yes", "no", "stop", "go", "left", "right", "seven", "eight"};
    char path[512];
    int tried = 0, ok = 0;
    for (int w = 0; w + 1 < 8; w += 2) {
        static char a[10][600], b[10][600];
        snprintf(path, sizeof path, "%s/words-dev/%s", dir, words[w]);
        int na = list_wavs(path, a, 10);
        snprintf(path, sizeof path, "%s/words-dev/%s", dir, words[w + 1]);
        int nb = list_wavs(path, b, 10);
        for (int k = 0; k < na && k < nb; k++) {
            audio_buf_t x, y;
            assert_int_equal(audio_read_wav(a[k], RATE, 5, &x), AUDIO_OK);
            assert_int_equal(audio_read_wav(b[k], RATE, 5, &y), AUDIO_OK);
            trim_to_word(&x);
            trim_to_word(&y);
            sig_t s = {0};
            sig_append(&s, NULL, MS(1000), 0);
            sig_append(&s, x.samples, x.n_samples, 1.0);
            sig_append(&s, NULL, MS(300), 0);
            sig_append(&s, y.samples, y.n_samples, 1.0);
            sig_append(&s, NULL, MS(1500), 0);
            int16_t *pcm = sig_pcm(&s);
            span_t u[4];
            audio_endpointer_config_t cfg = audio_endpointer_config_default();
            tried++;
            ok += run_ep(&cfg, pcm, s.n, u, 4, NULL) == 1;
            free(pcm);
            free(s.x);
            audio_buf_free(&x);
            audio_buf_free(&y);
        }
    }
    if (tried == 0)
        skip();
    /* Some recordings hold more than one loud event (a cough, a second try): allow a few. */
    if (ok < tried * 9 / 10)
        fail_msg("one utterance in %d of %d word pairs", ok, tried);
}

/* Milliseconds of noise before each order: ENDPOINTER_BENCH_LEAD_MS, or 1 s. A longer lead
 * lets the endpointer learn the background (a television talking on) as it does in a kitchen,
 * where it runs all day. */
static int lead_ms(void)
{
    const char *v = getenv("ENDPOINTER_BENCH_LEAD_MS");
    int ms = v ? atoi(v) : 1000;
    return ms < 300 ? 300 : ms > 20000 ? 20000 : ms;
}

/* Over the coffee orders files[0..nf), each lead_ms() after the stream starts and 2 s before it
 * ends, at gain, with noise (NULL: none) mixed at snr dB: how many come out intact (exactly
 * one utterance overlaps the speech and covers all of it), and in *late how many of those
 * overlapping utterances ended over 2 s after the speech (ran on into the noise). */
static int count_intact(char files[][600], int nf, double gain, const audio_buf_t *noise,
                        double snr, int *late)
{
    int intact = 0;
    *late = 0;
    for (int f = 0; f < nf; f++) {
        audio_buf_t x;
        assert_int_equal(audio_read_wav(files[f], RATE, 30, &x), AUDIO_OK);
        sig_t s = {0};
        sig_append(&s, NULL, MS(lead_ms()), 0);
        sig_append(&s, x.samples, x.n_samples, gain);
        sig_append(&s, NULL, MS(2000), 0);
        span_t truth = oracle(&s);
        if (noise)
            sig_add_kitchen(&s, noise, snr, (size_t)f * 48611 % noise->n_samples);
        int16_t *pcm = sig_pcm(&s);
        span_t u[8];
        size_t len[8];
        audio_endpointer_config_t cfg = audio_endpointer_config_default();
        int n = run_ep(&cfg, pcm, s.n, u, 8, len);
        int over = 0, whole = 0;
        for (int i = 0; i < n && i < 8; i++) {
            span_t utt = utt_span(u, len, i, s.n);
            if (overlap(utt, truth)) {
                over++;
                whole = utt.start <= truth.start + MS(50) && utt.end + MS(50) >= truth.end;
                *late += u[i].end > truth.end + MS(2000);
            }
        }
        intact += over == 1 && whole;
        free(pcm);
        free(s.x);
        audio_buf_free(&x);
    }
    return intact;
}

/* A shopper who talks a lot: 30 orders one after the other, 1.5 s apart (the microphone is
 * paused while the answers play, so the endpointer hears them back to back), clean and in the
 * kitchen at 18 dB. Each comes out as an utterance of its own, whole: the shopper's own voice
 * must not be taken for a television talking on in the background. */
static void test_orders_back_to_back(void **state)
{
    const char *dir = tu_speech_dir();
    if (!dir)
        skip();
    char path[512];
    static char files[30][600];
    snprintf(path, sizeof path, "%s/coffee-dev/wav", dir);
    int nf = list_wavs(path, files, 30);
    snprintf(path, sizeof path, "%s/noise/kitchen.wav", dir);
    audio_buf_t noise;
    if (nf < 30 || audio_read_wav(path, RATE, 0, &noise) != AUDIO_OK)
        skip();
    for (int noisy = 0; noisy < 2; noisy++) {
        sig_t s = {0};
        span_t truth[30];
        sig_append(&s, NULL, MS(1000), 0);
        for (int f = 0; f < nf; f++) {
            audio_buf_t x;
            assert_int_equal(audio_read_wav(files[f], RATE, 30, &x), AUDIO_OK);
            sig_t alone = {0};
            sig_append(&alone, x.samples, x.n_samples, 1.0);
            span_t sp = oracle(&alone); /* the order without the silence around it */
            truth[f].start = s.n;
            sig_append(&s, x.samples + sp.start, sp.end - sp.start, 1.0);
            truth[f].end = s.n;
            sig_append(&s, NULL, MS(1500), 0);
            free(alone.x);
            audio_buf_free(&x);
        }
        if (noisy)
            sig_add_kitchen(&s, &noise, 18, 4096);
        int16_t *pcm = sig_pcm(&s);
        span_t u[64];
        size_t len[64];
        audio_endpointer_config_t cfg = audio_endpointer_config_default();
        int n = run_ep(&cfg, pcm, s.n, u, 64, len);
        int whole = 0;
        for (int f = 0; f < nf; f++) {
            int over = 0, ok = 0;
            for (int i = 0; i < n && i < 64; i++) {
                span_t utt = utt_span(u, len, i, s.n);
                if (overlap(utt, truth[f])) {
                    over++;
                    ok = utt.start <= truth[f].start + MS(50) && utt.end + MS(50) >= truth[f].end;
                    for (int g = 0; g < nf; g++) /* and it holds no other order */
                        ok = ok && (g == f || !overlap(utt, truth[g]));
                }
            }
            whole += over == 1 && ok;
        }
        print_message("endpointer, %d orders back to back%s: %d whole, %d utterances\n", nf,
                      noisy ? " in the kitchen at 18 dB" : "", whole, n);
        /* Clean, every one; in the kitchen its clatter joins some pairs, and some orders lose
         * a soft end, whatever the talk rule (16 whole with it and without; 12 when commands
         * under 12 dB louder than the kitchen's median were let into the background). */
        if (whole < (noisy ? 15 : nf - 1))
            fail_msg("%d of %d orders back to back%s came out whole", whole, nf,
                     noisy ? " in the kitchen" : "");
        free(pcm);
        free(s.x);
    }
    audio_buf_free(&noise);
}

/* Other people talking on, as a television or a radio does: pocketsphinx-testdata's LibriVox
 * clips, joined and mixed three times over at different offsets, all through the stream. */
static int add_talk(sig_t *s)
{
    const char *data = getenv("PS_TESTDATA");
    char path[512];
    static char clips[8][600];
    snprintf(path, sizeof path, "%s/librivox", data ? data : "/usr/share/pocketsphinx/test/data");
    int nc = list_wavs(path, clips, 8);
    sig_t talk = {0};
    for (int c = 0; c < nc; c++) {
        audio_buf_t x;
        assert_int_equal(audio_read_wav(clips[c], RATE, 60, &x), AUDIO_OK);
        sig_append(&talk, x.samples, x.n_samples, 1.0);
        audio_buf_free(&x);
    }
    if (talk.n < MS(20000)) {
        free(talk.x);
        return 0;
    }
    for (size_t i = 0; i < s->n; i++)
        for (int k = 0; k < 3; k++)
            s->x[i] += talk.x[(i + (size_t)k * talk.n / 3) % talk.n] / 3.0f;
    free(talk.x);
    return 1;
}

/* The commands texts[0..nc), each after gap_ms[c] (the first after the talk has gone on that
 * long), and 4 s more, with talk under all of it 10 dB quieter than the commands (mean power
 * over their speech): into *s, where each command's speech is truth[c]. 0 (and nothing to
 * free) without pocketsphinx-testdata's talk. */
static int commands_over_talk(const char *const *texts, const int *gap_ms, int nc, sig_t *s,
                              span_t *truth)
{
    double speech_power = commands_in_gaps(texts, gap_ms, nc, 4000, s, truth);
    /* Scale the commands, not the talk. */
    sig_t talk = {0};
    sig_append(&talk, NULL, s->n, 0);
    if (!add_talk(&talk)) {
        free(talk.x);
        free(s->x);
        return 0;
    }
    double talk_energy = 0;
    for (size_t i = 0; i < talk.n; i++)
        talk_energy += (double)talk.x[i] * talk.x[i];
    double gain = sqrt(talk_energy / (double)talk.n * pow(10.0, 10.0 / 10.0) / speech_power);
    for (size_t i = 0; i < s->n; i++)
        s->x[i] = (float)(s->x[i] * gain) + talk.x[i];
    free(talk.x);
    return 1;
}

/* Each command truth[0..nc) is in an utterance that covers it and ends within 1.5 s after it,
 * and no utterance that starts after talk_known (ms) is of the talk alone. */
static void check_commands(const span_t *u, const size_t *len, int n, size_t stream_n,
                           const span_t *truth, int nc, size_t talk_known)
{
    for (int c = 0; c < nc; c++) {
        int found = 0;
        for (int i = 0; i < n && i < 16; i++) {
            span_t utt = utt_span(u, len, i, stream_n);
            if (!overlap(utt, truth[c]))
                continue;
            found = 1;
            if (utt.start > truth[c].start + MS(200) || utt.end + MS(200) < truth[c].end ||
                utt.end > truth[c].end + MS(1500))
                fail_msg("command %d: utterance %zu..%zu ms, speech %zu..%zu ms", c + 1,
                         utt.start / 16, utt.end / 16, truth[c].start / 16, truth[c].end / 16);
        }
        if (!found)
            fail_msg("command %d (%zu..%zu ms) not heard over the talk", c + 1, truth[c].start / 16,
                     truth[c].end / 16);
    }
    for (int i = 0; i < n && i < 16; i++) {
        span_t utt = utt_span(u, len, i, stream_n);
        int command = 0;
        for (int c = 0; c < nc; c++)
            command |= overlap(utt, truth[c]);
        if (utt.start > MS(talk_known) && !command)
            fail_msg("an utterance of the talk alone, %zu..%zu ms", utt.start / 16, utt.end / 16);
    }
}

/* Commands said over talk that goes on all the time (a television), the voice 10 dB louder:
 * after 20 s of it, three commands 4 s apart. Each is found, and ends with the command, not
 * run on into the talk until the 10 s cap; the cap's wait for a pause, which talk never gives,
 * once lost every command after the first. Once the talk is known (an utterance from it ran to
 * the cap, and 2 s on), the talk alone starts nothing. */
static void test_commands_over_talk(void **state)
{
    const char *texts[3] = {"Is the oat milk in stock?", "Add two bags of coffee to my cart.",
                            "What is in my cart?"};
    const int gap_ms[3] = {20000, 4000, 4000};
    sig_t s = {0};
    span_t truth[3];
    if (!commands_over_talk(texts, gap_ms, 3, &s, truth))
        skip(); /* no pocketsphinx-testdata: make deps installs it */
    int16_t *pcm = sig_pcm(&s);
    span_t u[16];
    size_t len[16];
    audio_endpointer_config_t cfg = audio_endpointer_config_default();
    int n = run_ep(&cfg, pcm, s.n, u, 16, len);
    check_commands(u, len, n, s.n, truth, 3, 15000);
    free(pcm);
    free(s.x);
}

/* The same as `listen --activation always` hears it: every utterance is answered, the
 * microphone paused for 2 s while the answer plays (that much of the stream unheard), and the
 * endpointer flushed after it. The talk's first utterance, cut at the cap, is answered before
 * any pause in the talk lets its wait end: the talk is still learnt, and two commands said
 * over it later are found; the talk alone starts nothing more. Before, every answer started
 * the listening afresh, and each 10 s of talk became one more capped utterance. */
static void test_answering_over_talk(void **state)
{
    const char *texts[2] = {"Is the oat milk in stock?", "What is in my cart?"};
    const int gap_ms[2] = {26000, 5000};
    sig_t s = {0};
    span_t truth[2];
    if (!commands_over_talk(texts, gap_ms, 2, &s, truth))
        skip();
    int16_t *pcm = sig_pcm(&s);
    int st;
    audio_endpointer_t *ep = audio_endpointer_open(NULL, &st);
    assert_non_null(ep);
    span_t u[16];
    size_t len[16];
    int n = 0;
    for (size_t i = 0; i + AUDIO_ENDPOINTER_FRAME <= s.n; i += AUDIO_ENDPOINTER_FRAME) {
        if (audio_endpointer_process(ep, pcm + i) != AUDIO_EP_END)
            continue;
        assert_non_null(audio_endpointer_utterance(ep, &len[n < 16 ? n : 15]));
        if (n < 16)
            u[n].end = i + AUDIO_ENDPOINTER_FRAME;
        n++;
        i += MS(2000); /* the answer plays, the microphone paused */
        audio_endpointer_flush(ep);
    }
    audio_endpointer_close(ep);
    if (n < 1 || len[0] < MS(9000))
        fail_msg("the talk's first utterance should run to the cap (%d utterances)", n);
    check_commands(u, len, n, s.n, truth, 2, 15000);
    free(pcm);
    free(s.x);
}

/* Coffee orders, clean and quiet and loud and in kitchen noise: each command comes out whole.
 * As a benchmark (tests/bench/endpointer.sh): ENDPOINTER_BENCH_FILES orders instead of 40 and,
 * for each NAME=FILE of ENDPOINTER_BENCH_NOISES (space-separated WAVs), that noise at 18, 12
 * and 6 dB, printed and not checked. */
static void test_coffee_orders(void **state)
{
    const char *dir = tu_speech_dir();
    if (!dir)
        skip();
    char path[512];
    static char files[200][600];
    const char *bench_files = getenv("ENDPOINTER_BENCH_FILES");
    int max_files = bench_files ? atoi(bench_files) : 40;
    max_files = max_files < 1 ? 1 : max_files > 200 ? 200 : max_files;
    snprintf(path, sizeof path, "%s/coffee-dev/wav", dir);
    int nf = list_wavs(path, files, max_files);
    if (nf == 0)
        skip();
    snprintf(path, sizeof path, "%s/noise/kitchen.wav", dir);
    audio_buf_t noise;
    assert_int_equal(audio_read_wav(path, RATE, 0, &noise), AUDIO_OK);

    struct {
        const char *name;
        double gain, snr;
        int min_pct;
    } conds[] = {
        {"clean", 1.0, 999, 95},        {"quiet -26 dB", 0.05, 999, 90},
        {"loud +12 dB", 4.0, 999, 95},  {"kitchen 24 dB", 1.0, 24, 90},
        {"kitchen 18 dB", 1.0, 18, 85},
    };
    for (size_t c = 0; c < sizeof conds / sizeof conds[0]; c++) {
        int late;
        int intact = count_intact(files, nf, conds[c].gain, conds[c].snr < 999 ? &noise : NULL,
                                  conds[c].snr, &late);
        int pct = intact * 100 / nf;
        print_message(
            "endpointer, %-14s: %d of %d commands intact (%d%%), %d ended over 2 s late\n",
            conds[c].name, intact, nf, pct, late);
        if (pct < conds[c].min_pct)
            fail_msg("%s: %d%% intact, want at least %d%%", conds[c].name, pct, conds[c].min_pct);
    }
    audio_buf_free(&noise);

    const char *bench = getenv("ENDPOINTER_BENCH_NOISES");
    char list[2048];
    snprintf(list, sizeof list, "%s", bench ? bench : "");
    for (char *save = NULL, *item = strtok_r(list, " ", &save); item;
         item = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(item, '=');
        assert_non_null(eq);
        *eq = '\0';
        audio_buf_t other;
        assert_int_equal(audio_read_wav(eq + 1, RATE, 0, &other), AUDIO_OK);
        for (int snr = 18; snr >= 6; snr -= 6) {
            int late, intact = count_intact(files, nf, 1.0, &other, snr, &late);
            print_message("endpointer, %s %d dB: %d of %d commands intact (%d%%), %d ended over "
                          "2 s late\n",
                          item, snr, intact, nf, intact * 100 / nf, late);
        }
        audio_buf_free(&other);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_command),
        cmocka_unit_test(test_pauses),
        cmocka_unit_test(test_clicks_and_silence),
        cmocka_unit_test(test_clatter_after_a_command),
        cmocka_unit_test(test_clatter_is_no_utterance),
        cmocka_unit_test(test_steady_noise),
        cmocka_unit_test(test_cap_and_flush),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_words_with_pause),
        cmocka_unit_test(test_coffee_orders),
        cmocka_unit_test(test_orders_back_to_back),
        cmocka_unit_test(test_commands_over_talk),
        cmocka_unit_test(test_answering_over_talk),
        cmocka_unit_test(test_tentative_is_the_final_utterance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
