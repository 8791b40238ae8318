/* eval.c - the eval command: recognition accuracy over labelled WAV files, clean and with
 * noise mixed in the public speech-to-intent benchmark's way (docs/eval.md). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "commands.h"
#include "dialog.h"
#include "labels.h"
#include "options.h"
#include "pipeline.h"

/* The benchmark's SNRs, used when --noise comes without --snr. */
static const double benchmark_snrs[] = {24, 21, 18, 15, 12, 9, 6};

/* The threshold curve: 0.00, 0.05, ..., 1.00. */
#define CURVE_POINTS 21

/* The slot confidence curve (confirm-slot-below): 0.05, 0.10, ..., 0.95. */
#define SLOT_CURVE_POINTS 19
#define SLOT_CURVE_T(k)   (((k) + 1) / 20.0) /* exact as the setting reads: 3 / 20.0 == 0.15 */

static const char usage_eval[] =
    "Usage: shopspeak eval [OPTIONS] LABELS.jsonl\n"
    "Measure how well commands are recognised: decode every labelled WAV file with the\n"
    "grammar, parse it into an intent, and compare with the label. No answers are spoken.\n"
    "LABELS.jsonl has one JSON object per line:\n"
    "  {\"file\": \"a.wav\", \"intent\": \"orderDrink\", \"slots\": {\"size\": \"large\"}}\n"
    "and \"intent\": null for audio that is not a command (it must be rejected).\n"
    "\n"
    "Reports, clean and at each SNR: command acceptance (intent and every slot exactly\n"
    "right), false rejections, false acceptances, errors per slot, real-time factor and\n"
    "median decode time, and false acceptance and rejection against the rejection\n"
    "threshold, and slot confidence against confirm-slot-below: the share of wrong slots a\n"
    "threshold would confirm (\"Did you say ...?\") and of right ones it would ask about for\n"
    "nothing. Progress goes to stderr. A file that cannot be read is reported on stderr,\n"
    "counted, and skipped. See docs/eval.md.\n"
    "Example: shopspeak eval --grammar grammar/cafe.gram --noise kitchen.wav --snr 12 \\\n"
    "           coffee-dev/labels.jsonl\n"
    "\n" OPTIONS_EVAL_HELP "\n"
    "Exit codes:\n"
    "  0  the run completed (unreadable audio files are counted in the report)\n"
    "  1  internal failure (out of memory)\n"
    "  2  bad command line, or the --results file is one of the inputs\n"
    "  3  the labels file or the noise file is missing or malformed, or the --results file\n"
    "     cannot be written\n"
    "  4  the catalog database is missing, corrupt, read-only or from a newer version\n"
    "  5  the grammar or speech model cannot be loaded\n";

/* Errors of one slot name over one condition. */
typedef struct {
    char name[64];
    size_t labelled, substituted, missed, inserted;
} slot_errors_t;

#define EVAL_MAX_SLOT_NAMES 64

/* What became of each utterance in one condition. */
typedef enum {
    OUT_UNREAD = 0,   /* could not be read or mixed */
    OUT_CORRECT,      /* command, accepted, intent and slots right */
    OUT_WRONG,        /* command, accepted, intent or a slot wrong */
    OUT_REJECTED,     /* command, rejected: a false rejection */
    OUT_FALSE_ACCEPT, /* non-command, accepted */
    OUT_REJECTED_OK,  /* non-command, rejected */
} outcome_t;

/* One condition: clean, or the noise at one SNR. */
typedef struct {
    char name[32]; /* "clean", "24 dB" */
    int noisy;
    double snr_db;
    outcome_t *outcome; /* per label */
    double *confidence; /* per label; < 0 when the words did not parse */
    double *decode_ms;  /* per decoded label, in order */
    size_t n_decoded;
    size_t wrong_intent;
    double cpu_seconds, audio_seconds;
    slot_errors_t slots[EVAL_MAX_SLOT_NAMES];
    size_t n_slot_names;
    /* Every slot heard in an accepted utterance: its confidence (dialog_slot_confidence(), as
     * the pipeline gives the dialog the product's) and whether it is right. */
    double *slot_conf;
    unsigned char *slot_right;
    size_t n_slot_conf;
    double *right_min, *wrong_min; /* per label: lowest of its right / wrong slots; 2: none */
} condition_t;

typedef struct {
    options_t opt;
    const char *labels_path;
    labels_t labels;
    size_t n_commands, n_non_commands;
    char audio_dir[PATH_MAX];
    audio_buf_t noise;
    pipeline_t *pipeline;
    condition_t *cond;
    size_t n_cond;
    unsigned char *reported; /* per label: its read failure was already printed */
    FILE *results;           /* --results: one JSON line per file and condition; NULL: none */
} eval_t;

/* ---- Setting up ---------------------------------------------------------------------------- */

static int add_condition(eval_t *e, const char *name, int noisy, double snr_db)
{
    size_t n = e->labels.n;
    condition_t *c = &e->cond[e->n_cond++];
    snprintf(c->name, sizeof c->name, "%s", name);
    c->noisy = noisy;
    c->snr_db = snr_db;
    c->outcome = calloc(n, sizeof *c->outcome);
    c->confidence = calloc(n, sizeof *c->confidence);
    c->decode_ms = calloc(n, sizeof *c->decode_ms);
    c->slot_conf = calloc(n * GRAMMAR_MAX_SLOTS + 1, sizeof *c->slot_conf);
    c->slot_right = calloc(n * GRAMMAR_MAX_SLOTS + 1, sizeof *c->slot_right);
    c->right_min = calloc(n + 1, sizeof *c->right_min);
    c->wrong_min = calloc(n + 1, sizeof *c->wrong_min);
    if (!c->outcome || !c->confidence || !c->decode_ms)
        return -1;
    return c->slot_conf && c->slot_right && c->right_min && c->wrong_min ? 0 : -1;
}

/* Clean first, then each SNR. 0 or -1 (out of memory). */
static int plan_conditions(eval_t *e)
{
    const double *snrs = e->opt.n_snr ? e->opt.snr_db : benchmark_snrs;
    size_t n_snr = !e->opt.noise  ? 0
                   : e->opt.n_snr ? e->opt.n_snr
                                  : sizeof benchmark_snrs / sizeof *snrs;
    e->cond = calloc(1 + n_snr, sizeof *e->cond);
    e->reported = calloc(e->labels.n ? e->labels.n : 1, 1);
    if (!e->cond || !e->reported || add_condition(e, "clean", 0, 0) != 0)
        return -1;
    for (size_t i = 0; i < n_snr; i++) {
        char name[32];
        snprintf(name, sizeof name, "%g dB", snrs[i]);
        if (add_condition(e, name, 1, snrs[i]) != 0)
            return -1;
    }
    return 0;
}

static void eval_free(eval_t *e)
{
    for (size_t i = 0; i < e->n_cond; i++) {
        free(e->cond[i].outcome);
        free(e->cond[i].confidence);
        free(e->cond[i].decode_ms);
        free(e->cond[i].slot_conf);
        free(e->cond[i].slot_right);
        free(e->cond[i].right_min);
        free(e->cond[i].wrong_min);
    }
    free(e->cond);
    free(e->reported);
    if (e->results)
        fclose(e->results);
    labels_free(&e->labels);
    audio_buf_free(&e->noise);
    pipeline_close(e->pipeline);
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where a label's file is: absolute as written; else in the audio directory, else in its wav/
 * subdirectory. When it is nowhere, the first candidate (for the error message). */
static void audio_path(const eval_t *e, const char *file, char *out, size_t outlen)
{
    if (file[0] == '/') {
        snprintf(out, outlen, "%s", file);
        return;
    }
    snprintf(out, outlen, "%s/%s", e->audio_dir, file);
    if (is_file(out))
        return;
    snprintf(out, outlen, "%s/wav/%s", e->audio_dir, file);
    if (!is_file(out))
        snprintf(out, outlen, "%s/%s", e->audio_dir, file);
}

/* ---- Decoding and scoring ----------------------------------------------------------------- */

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A slot value as the grammar's words ("12 Ounce" -> "twelve ounce"); "" when unspeakable. */
static void spoken(const char *value, char *out, size_t outlen)
{
    if (grammar_normalize(value, out, outlen) < 0)
        out[0] = '\0';
}

static slot_errors_t *slot_entry(condition_t *c, const char *name)
{
    for (size_t i = 0; i < c->n_slot_names; i++)
        if (strcmp(c->slots[i].name, name) == 0)
            return &c->slots[i];
    if (c->n_slot_names == EVAL_MAX_SLOT_NAMES)
        return NULL; /* beyond the table: left out of the per-slot counts, not of accuracy */
    slot_errors_t *s = &c->slots[c->n_slot_names++];
    snprintf(s->name, sizeof s->name, "%s", name);
    return s;
}

/*
 * Compare an accepted intent with a command's label: 1 when the intent and every labelled slot
 * are right and there is no other slot. Counts errors per slot name (substituted, missed,
 * inserted) in c.
 */
static int score_slots(condition_t *c, const label_t *l, const grammar_intent_t *got)
{
    int right = strcmp(got->name, l->intent) == 0;
    char want_words[LABELS_MAX_STRING + 64], got_words[sizeof want_words];
    c->wrong_intent += !right;
    for (size_t i = 0; i < l->n_slots; i++) {
        slot_errors_t *s = slot_entry(c, l->slots[i].name);
        const char *v = grammar_intent_slot(got, l->slots[i].name);
        if (s)
            s->labelled++;
        if (!v) {
            right = 0;
            if (s)
                s->missed++;
            continue;
        }
        spoken(l->slots[i].value, want_words, sizeof want_words);
        spoken(v, got_words, sizeof got_words);
        if (strcmp(want_words, got_words) != 0) {
            right = 0;
            if (s)
                s->substituted++;
        }
    }
    for (size_t i = 0; i < got->n_slots; i++) {
        int labelled = 0;
        for (size_t k = 0; k < l->n_slots && !labelled; k++)
            labelled = strcmp(l->slots[k].name, got->slots[i].name) == 0;
        if (!labelled) {
            slot_errors_t *s = slot_entry(c, got->slots[i].name);
            right = 0;
            if (s)
                s->inserted++;
        }
    }
    return right;
}

/* 1 when the label has slot s with the same words (after grammar_normalize()). */
static int slot_is_right(const label_t *l, const grammar_slot_t *s)
{
    char want[LABELS_MAX_STRING + 64], got[sizeof want];
    for (size_t k = 0; k < l->n_slots; k++) {
        if (strcmp(l->slots[k].name, s->name) != 0)
            continue;
        spoken(l->slots[k].value, want, sizeof want);
        spoken(s->value, got, sizeof got);
        return strcmp(want, got) == 0;
    }
    return 0;
}

/* Every slot of an accepted utterance (label i): its confidence, computed by the function the
 * pipeline gives the dialog the product's confidence with, and whether it is right. */
static void record_slots(condition_t *c, size_t i, const label_t *l, const asr_result_t *res,
                         const grammar_intent_t *got)
{
    for (size_t s = 0; s < got->n_slots && s < GRAMMAR_MAX_SLOTS; s++) {
        double conf = dialog_slot_confidence(&got->slots[s], res->word_confidence, res->n_words);
        int right = slot_is_right(l, &got->slots[s]);
        double *lowest = right ? &c->right_min[i] : &c->wrong_min[i];
        c->slot_conf[c->n_slot_conf] = conf;
        c->slot_right[c->n_slot_conf++] = (unsigned char)right;
        *lowest = conf < *lowest ? conf : *lowest;
    }
}

/* One line on stderr about label i, the first time it fails. */
static void report(eval_t *e, size_t i, const char *what, const char *detail)
{
    if (e->reported[i])
        return;
    fprintf(stderr, "shopspeak eval: %s:%d: %s%s%s (counted as unreadable)\n", e->labels_path,
            e->labels.items[i].line, what, what[0] ? ": " : "", detail);
    e->reported[i] = 1;
}

/* Read label i's audio at 16 kHz and mix in the condition's noise. 0, or -1 after one line on
 * stderr (only the first time this file fails). */
static int load_audio(eval_t *e, const condition_t *c, size_t i, audio_buf_t *pcm)
{
    char path[PATH_MAX + 64];
    const label_t *l = &e->labels.items[i];
    audio_path(e, l->file, path, sizeof path);
    int rc = audio_read_wav(path, AUDIO_ASR_RATE, e->opt.pipeline.max_seconds, pcm);
    if (rc == AUDIO_OK && c->noisy) {
        size_t off = audio_noise_offset_audible(e->opt.seed, i, pcm->n_samples, e->noise.samples,
                                                e->noise.n_samples);
        rc = audio_mix_noise(pcm->samples, pcm->n_samples, e->noise.samples, e->noise.n_samples,
                             c->snr_db, off, pcm->samples);
    }
    if (rc == AUDIO_OK)
        return 0;
    /* Read errors name the file themselves; a mixing error does not. */
    report(e, i, rc == AUDIO_EINVAL ? path : "", audio_error_detail());
    audio_buf_free(pcm);
    return -1;
}

static const char *const outcome_names[] = {
    [OUT_UNREAD] = "unreadable",
    [OUT_CORRECT] = "correct",
    [OUT_WRONG] = "wrong",
    [OUT_REJECTED] = "false_rejection",
    [OUT_FALSE_ACCEPT] = "false_acceptance",
    [OUT_REJECTED_OK] = "rejected",
};

static json_object *json_num(double v, int decimals)
{
    char text[64];
    if (isnan(v))
        return NULL;
    snprintf(text, sizeof text, "%.*f", decimals, v);
    return json_object_new_double_s(v, text);
}

static json_object *json_slots(const grammar_intent_t *got)
{
    json_object *o = json_object_new_object();
    for (size_t k = 0; o && k < got->n_slots; k++)
        json_object_object_add(o, got->slots[k].name, json_object_new_string(got->slots[k].value));
    return o;
}

/* --results: what became of label i in condition c, one JSON line. got is NULL when the words
 * did not parse (or nothing was decoded). A write error is noted once; the run goes on. */
static void write_result(eval_t *e, const condition_t *c, size_t i, const asr_result_t *res,
                         const grammar_intent_t *got)
{
    if (!e->results)
        return;
    const label_t *l = &e->labels.items[i];
    json_object *o = json_object_new_object(), *want = NULL;
    if (!o)
        return;
    json_object_object_add(o, "condition", json_object_new_string(c->name));
    json_object_object_add(o, "file", json_object_new_string(l->file));
    json_object_object_add(o, "outcome", json_object_new_string(outcome_names[c->outcome[i]]));
    json_object_object_add(o, "heard", res ? json_object_new_string(res->text) : NULL);
    json_object_object_add(o, "confidence", res && got ? json_num(res->confidence, 3) : NULL);
    json_object_object_add(o, "intent", got ? json_object_new_string(got->name) : NULL);
    json_object_object_add(o, "slots", got ? json_slots(got) : NULL);
    if (l->intent) {
        want = json_object_new_object();
        json_object *slots = json_object_new_object();
        for (size_t k = 0; slots && k < l->n_slots; k++)
            json_object_object_add(slots, l->slots[k].name,
                                   json_object_new_string(l->slots[k].value));
        json_object_object_add(want, "intent", json_object_new_string(l->intent));
        json_object_object_add(want, "slots", slots);
    }
    json_object_object_add(o, "label", want);
    const char *text =
        json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    if (!text || fprintf(e->results, "%s\n", text) < 0) {
        fprintf(stderr, "shopspeak eval: cannot write the results file %s\n", e->opt.results);
        fclose(e->results);
        e->results = NULL;
    }
    json_object_put(o);
}

/* Decode label i in condition c and record what became of it; a file that cannot be read,
 * mixed or decoded is reported once and counted as unreadable. */
static void run_one(eval_t *e, condition_t *c, size_t i)
{
    const label_t *l = &e->labels.items[i];
    audio_buf_t pcm = {0};
    asr_result_t res;
    grammar_intent_t got;
    c->outcome[i] = OUT_UNREAD;
    c->confidence[i] = -1;
    c->right_min[i] = c->wrong_min[i] = 2;
    if (load_audio(e, c, i, &pcm) != 0) {
        write_result(e, c, i, NULL, NULL);
        return;
    }
    double t0 = cpu_now();
    int rc = asr_decode(pipeline_asr(e->pipeline), pcm.samples, pcm.n_samples, &res);
    c->cpu_seconds += cpu_now() - t0;
    audio_buf_free(&pcm);
    if (rc != GRAMMAR_OK) {
        report(e, i, l->file, grammar_errmsg()[0] ? grammar_errmsg() : grammar_strerror(rc));
        write_result(e, c, i, NULL, NULL);
        return;
    }
    c->audio_seconds += res.audio_seconds;
    c->decode_ms[c->n_decoded++] = res.decode_ms;
    int parsed = grammar_parse(pipeline_grammar(e->pipeline), res.text, &got) == GRAMMAR_OK;
    int accepted = parsed && !res.rejected;
    c->confidence[i] = parsed ? res.confidence : -1;
    if (accepted)
        record_slots(c, i, l, &res, &got);
    if (!l->intent)
        c->outcome[i] = accepted ? OUT_FALSE_ACCEPT : OUT_REJECTED_OK;
    else if (!accepted)
        c->outcome[i] = OUT_REJECTED;
    else
        c->outcome[i] = score_slots(c, l, &got) ? OUT_CORRECT : OUT_WRONG;
    write_result(e, c, i, &res, parsed ? &got : NULL);
}

/* "eval: 120/200 clean": rewritten in place on a terminal, else every tenth of the way. */
static void progress(const condition_t *c, size_t done, size_t n)
{
    static int tty = -1;
    if (tty < 0)
        tty = isatty(STDERR_FILENO);
    size_t step = n >= 10 ? n / 10 : 1;
    if (tty)
        fprintf(stderr, "\reval: %zu/%zu %s ", done, n, c->name);
    else if (done % step == 0 || done == n)
        fprintf(stderr, "eval: %zu/%zu %s\n", done, n, c->name);
    if (tty && done == n)
        fputc('\n', stderr);
}

static void run_condition(eval_t *e, condition_t *c)
{
    for (size_t i = 0; i < e->labels.n; i++) {
        run_one(e, c, i);
        progress(c, i + 1, e->labels.n);
    }
}

/* ---- Figures ------------------------------------------------------------------------------- */

typedef struct {
    size_t correct, wrong, rejected, false_accepts, rejected_ok, unread;
    double acceptance_pct, false_reject_pct, false_accept_pct; /* NAN when undefined */
    double rtf, median_ms;
} figures_t;

static double pct(size_t k, size_t n)
{
    return n ? 100.0 * (double)k / (double)n : NAN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static figures_t figures(const eval_t *e, condition_t *c)
{
    figures_t f = {0};
    size_t unread_non_commands = 0;
    for (size_t i = 0; i < e->labels.n; i++) {
        switch (c->outcome[i]) {
        case OUT_UNREAD:
            f.unread++;
            unread_non_commands += !e->labels.items[i].intent;
            break;
        case OUT_CORRECT:
            f.correct++;
            break;
        case OUT_WRONG:
            f.wrong++;
            break;
        case OUT_REJECTED:
            f.rejected++;
            break;
        case OUT_FALSE_ACCEPT:
            f.false_accepts++;
            break;
        case OUT_REJECTED_OK:
            f.rejected_ok++;
            break;
        }
    }
    /* Unreadable commands count against acceptance: a lost file is not a recognised one. An
     * unreadable non-command was not rejected either, so false acceptance is over those read. */
    f.acceptance_pct = pct(f.correct, e->n_commands);
    f.false_reject_pct = pct(f.rejected, e->n_commands);
    f.false_accept_pct = pct(f.false_accepts, e->n_non_commands - unread_non_commands);
    f.rtf = c->audio_seconds > 0 ? c->cpu_seconds / c->audio_seconds : NAN;
    qsort(c->decode_ms, c->n_decoded, sizeof *c->decode_ms, cmp_double);
    f.median_ms = !c->n_decoded ? NAN
                  : c->n_decoded % 2
                      ? c->decode_ms[c->n_decoded / 2]
                      : (c->decode_ms[c->n_decoded / 2 - 1] + c->decode_ms[c->n_decoded / 2]) / 2;
    return f;
}

/* False acceptance and false rejection (percent) if the rejection threshold were t: an
 * utterance is accepted when its words parse and its confidence is above zero and at least t
 * (as the recognizer decides). As in the summary: over all labelled commands, and over the
 * non-commands read; an unreadable file is neither accepted nor rejected. */
static void curve_point(const eval_t *e, const condition_t *c, double t, double *fa, double *fr)
{
    size_t fa_n = 0, fr_n = 0, non_commands_read = 0;
    for (size_t i = 0; i < e->labels.n; i++) {
        if (c->outcome[i] == OUT_UNREAD)
            continue;
        double conf = c->confidence[i];
        int accepted = conf > 0 && conf >= t - 1e-9;
        if (e->labels.items[i].intent)
            fr_n += !accepted;
        else
            fa_n += accepted, non_commands_read++;
    }
    *fa = pct(fa_n, non_commands_read);
    *fr = pct(fr_n, e->n_commands);
}

/* Slot confidence over one condition: slots heard in accepted utterances, right and wrong, and
 * their mean confidence (NAN when there are none); wrong and right commands. */
typedef struct {
    size_t right, wrong, wrong_commands, right_commands;
    double mean_right, mean_wrong;
} slot_stats_t;

static slot_stats_t slot_stats(const eval_t *e, const condition_t *c)
{
    slot_stats_t st = {0};
    double sum[2] = {0, 0};
    for (size_t s = 0; s < c->n_slot_conf; s++) {
        *(c->slot_right[s] ? &st.right : &st.wrong) += 1;
        sum[c->slot_right[s]] += c->slot_conf[s];
    }
    for (size_t i = 0; i < e->labels.n; i++) {
        st.wrong_commands += c->outcome[i] == OUT_WRONG;
        st.right_commands += c->outcome[i] == OUT_CORRECT;
    }
    st.mean_right = st.right ? sum[1] / (double)st.right : NAN;
    st.mean_wrong = st.wrong ? sum[0] / (double)st.wrong : NAN;
    return st;
}

/* If confirm-slot-below were t (a slot is confirmed when its confidence is below t, as
 * dialog.c decides), percent of: wrong slots confirmed (caught), right slots confirmed for
 * nothing (asked); wrong commands with a wrong slot confirmed, right commands with a slot
 * confirmed. */
typedef struct {
    double caught, asked, commands_caught, commands_asked;
} slot_point_t;

static slot_point_t slot_point(const eval_t *e, const condition_t *c, double t)
{
    size_t caught = 0, asked = 0, cmd_caught = 0, cmd_asked = 0;
    slot_stats_t st = slot_stats(e, c);
    for (size_t s = 0; s < c->n_slot_conf; s++)
        *(c->slot_right[s] ? &asked : &caught) += c->slot_conf[s] < t;
    for (size_t i = 0; i < e->labels.n; i++) {
        cmd_caught += c->outcome[i] == OUT_WRONG && c->wrong_min[i] < t;
        cmd_asked += c->outcome[i] == OUT_CORRECT && c->right_min[i] < t;
    }
    return (slot_point_t){pct(caught, st.wrong), pct(asked, st.right),
                          pct(cmd_caught, st.wrong_commands), pct(cmd_asked, st.right_commands)};
}

/* ---- Human output -------------------------------------------------------------------------- */

/* A percentage right-aligned in width columns after a space; "-" when undefined. */
static void print_pct_w(double v, int width)
{
    if (isnan(v))
        printf(" %*s", width, "-");
    else
        printf(" %*.1f%%", width - 1, v);
}

static void print_pct(double v)
{
    print_pct_w(v, 9);
}

static void print_summary_row(const char *name, const figures_t *f)
{
    printf("%-10s", name);
    print_pct(f->acceptance_pct);
    print_pct(f->false_reject_pct);
    print_pct(f->false_accept_pct);
    printf(" %7zu %7zu", f->wrong, f->unread);
    if (isnan(f->rtf))
        printf(" %7s %9s\n", "-", "-");
    else
        printf(" %7.3f %9.0f\n", f->rtf, f->median_ms);
}

/* Mean of the noisy conditions' percentages (undefined ones left out). */
static double noisy_mean(const figures_t *f, size_t n, size_t field)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        double v = field == 0   ? f[i].acceptance_pct
                   : field == 1 ? f[i].false_reject_pct
                                : f[i].false_accept_pct;
        if (!isnan(v))
            sum += v, k++;
    }
    return k ? sum / (double)k : NAN;
}

static void print_slot_table(eval_t *e)
{
    /* Every slot name seen in any condition, in the clean condition's order first. */
    const char *names[EVAL_MAX_SLOT_NAMES * 2];
    size_t n = 0;
    for (size_t c = 0; c < e->n_cond; c++)
        for (size_t s = 0; s < e->cond[c].n_slot_names; s++) {
            size_t k = 0;
            while (k < n && strcmp(names[k], e->cond[c].slots[s].name) != 0)
                k++;
            if (k == n && n < sizeof names / sizeof *names)
                names[n++] = e->cond[c].slots[s].name;
        }
    if (n == 0)
        return;
    /* Each condition has its own count: errors are counted over the commands it accepted. */
    printf("\nErrors per slot in accepted commands, substituted/missed/inserted of labelled:\n"
           "%-16s",
           "slot");
    for (size_t c = 0; c < e->n_cond; c++)
        printf(" %15s", e->cond[c].name);
    putchar('\n');
    for (size_t k = 0; k < n; k++) {
        printf("%-16.16s", names[k]);
        for (size_t c = 0; c < e->n_cond; c++) {
            char cell[96];
            slot_errors_t *s = slot_entry(&e->cond[c], names[k]);
            snprintf(cell, sizeof cell, "%zu/%zu/%zu of %zu", s ? s->substituted : 0,
                     s ? s->missed : 0, s ? s->inserted : 0, s ? s->labelled : 0);
            printf(" %15s", cell);
        }
        putchar('\n');
    }
}

static void print_curve(const eval_t *e)
{
    printf("\nFalse acceptance (non-commands) and false rejection (commands) against the\n"
           "rejection threshold on the recognizer's confidence:\n%-9s",
           "threshold");
    for (size_t c = 0; c < e->n_cond; c++) {
        char fa[48], fr[48];
        snprintf(fa, sizeof fa, "%s FA", e->cond[c].name);
        snprintf(fr, sizeof fr, "%s FR", e->cond[c].name);
        printf(" %11s %11s", fa, fr);
    }
    putchar('\n');
    for (int k = 0; k < CURVE_POINTS; k++) {
        double t = k * 0.05, fa, fr;
        printf("%9.2f", t);
        for (size_t c = 0; c < e->n_cond; c++) {
            curve_point(e, &e->cond[c], t, &fa, &fr);
            print_pct_w(fa, 11);
            print_pct_w(fr, 11);
        }
        putchar('\n');
    }
}

/* A mean confidence, or "-" when undefined. */
static void print_mean(double v)
{
    if (isnan(v))
        printf(" %10s", "-");
    else
        printf(" %10.2f", v);
}

static void print_slot_curve(const eval_t *e)
{
    printf(
        "\nSlot confidence (the lowest word confidence of a slot's words, as the pipeline gives\n"
        "the dialog the product's), every slot of the accepted utterances:\n"
        "%-10s %7s %7s %10s %10s %10s\n",
        "condition", "right", "wrong", "mean right", "mean wrong", "wrong cmds");
    for (size_t c = 0; c < e->n_cond; c++) {
        slot_stats_t st = slot_stats(e, &e->cond[c]);
        printf("%-10s %7zu %7zu", e->cond[c].name, st.right, st.wrong);
        print_mean(st.mean_right);
        print_mean(st.mean_wrong);
        printf(" %10zu\n", st.wrong_commands);
    }
    printf("\nAgainst confirm-slot-below (in use: %.2f): caught = wrong slots confirmed, asked =\n"
           "right slots confirmed for nothing, cmds = wrong commands with a wrong slot confirmed:\n"
           "%-9s",
           e->opt.pipeline.confirm_slot_below, "");
    for (size_t c = 0; c < e->n_cond; c++)
        printf(" %-*s", c + 1 < e->n_cond ? 23 : 0, e->cond[c].name);
    printf("\n%-9s", "threshold");
    for (size_t c = 0; c < e->n_cond; c++)
        printf(" %7s %7s %7s", "caught", "asked", "cmds");
    putchar('\n');
    for (int k = 0; k < SLOT_CURVE_POINTS; k++) {
        double t = SLOT_CURVE_T(k);
        printf("%9.2f", t);
        for (size_t c = 0; c < e->n_cond; c++) {
            slot_point_t p = slot_point(e, &e->cond[c], t);
            print_pct_w(p.caught, 7);
            print_pct_w(p.asked, 7);
            print_pct_w(p.commands_caught, 7);
        }
        puts(fabs(t - e->opt.pipeline.confirm_slot_below) < 1e-9 ? "  <- in use" : "");
    }
}

static void print_human(eval_t *e, const figures_t *f)
{
    const char *grammar = e->opt.pipeline.grammar_path ? e->opt.pipeline.grammar_path
                                                       : "shop.gram (with the catalog)";
    printf("shopspeak eval: %s: %zu files, %zu commands, %zu non-commands; grammar %s\n",
           e->labels_path, e->labels.n, e->n_commands, e->n_non_commands, grammar);
    if (e->opt.noise)
        printf("noise: %s mixed at each SNR (benchmark method), seed %llu\n", e->opt.noise,
               e->opt.seed);
    printf("rejection threshold: %.2f\n\n", e->opt.pipeline.reject_below);
    printf("%-10s %9s %9s %9s %7s %7s %7s %9s\n", "condition", "accepted", "false rej", "false acc",
           "wrong", "unread", "RTF", "median ms");
    for (size_t c = 0; c < e->n_cond; c++)
        print_summary_row(e->cond[c].name, &f[c]);
    if (e->n_cond > 1) {
        printf("%-10s", "noisy avg");
        print_pct(noisy_mean(f, e->n_cond, 0));
        print_pct(noisy_mean(f, e->n_cond, 1));
        print_pct(noisy_mean(f, e->n_cond, 2));
        putchar('\n');
    }
    printf("\naccepted: intent and every slot exactly right, of all commands; false rej: commands\n"
           "rejected; false acc: non-commands accepted; wrong: commands accepted with a wrong\n"
           "intent or slot; RTF: CPU time decoding / audio time.\n");
    print_slot_table(e);
    print_curve(e);
    print_slot_curve(e);
}

/* ---- JSON output --------------------------------------------------------------------------- */

/* A number written with `decimals` places (json-c would print 17 digits); null for NaN. */

static json_object *json_pct(double v)
{
    return json_num(v, 2);
}

static json_object *json_slot_confidence(const eval_t *e, const condition_t *c)
{
    json_object *o = json_object_new_object(), *curve = json_object_new_array();
    slot_stats_t st = slot_stats(e, c);
    json_object_object_add(o, "right_slots", json_object_new_int64((int64_t)st.right));
    json_object_object_add(o, "wrong_slots", json_object_new_int64((int64_t)st.wrong));
    json_object_object_add(o, "mean_right", json_num(st.mean_right, 3));
    json_object_object_add(o, "mean_wrong", json_num(st.mean_wrong, 3));
    json_object_object_add(o, "right_commands", json_object_new_int64((int64_t)st.right_commands));
    json_object_object_add(o, "wrong_commands", json_object_new_int64((int64_t)st.wrong_commands));
    for (int k = 0; k < SLOT_CURVE_POINTS; k++) {
        double t = SLOT_CURVE_T(k);
        slot_point_t sp = slot_point(e, c, t);
        json_object *p = json_object_new_object();
        json_object_object_add(p, "threshold", json_num(t, 2));
        json_object_object_add(p, "wrong_slots_caught_pct", json_pct(sp.caught));
        json_object_object_add(p, "right_slots_asked_pct", json_pct(sp.asked));
        json_object_object_add(p, "wrong_commands_caught_pct", json_pct(sp.commands_caught));
        json_object_object_add(p, "right_commands_asked_pct", json_pct(sp.commands_asked));
        json_object_array_add(curve, p);
    }
    json_object_object_add(o, "curve", curve);
    return o;
}

static json_object *json_condition(eval_t *e, condition_t *c, const figures_t *f)
{
    json_object *o = json_object_new_object(), *slots = json_object_new_object(),
                *curve = json_object_new_array();
    json_object_object_add(o, "condition", json_object_new_string(c->name));
    json_object_object_add(o, "snr_db", c->noisy ? json_num(c->snr_db, 1) : NULL);
    json_object_object_add(o, "command_acceptance_pct", json_pct(f->acceptance_pct));
    json_object_object_add(o, "false_rejection_pct", json_pct(f->false_reject_pct));
    json_object_object_add(o, "false_acceptance_pct", json_pct(f->false_accept_pct));
    json_object_object_add(o, "correct", json_object_new_int64((int64_t)f->correct));
    json_object_object_add(o, "wrong", json_object_new_int64((int64_t)f->wrong));
    json_object_object_add(o, "wrong_intent", json_object_new_int64((int64_t)c->wrong_intent));
    json_object_object_add(o, "false_rejections", json_object_new_int64((int64_t)f->rejected));
    json_object_object_add(o, "false_acceptances",
                           json_object_new_int64((int64_t)f->false_accepts));
    json_object_object_add(o, "unreadable", json_object_new_int64((int64_t)f->unread));
    json_object_object_add(o, "audio_seconds", json_num(c->audio_seconds, 3));
    json_object_object_add(o, "cpu_seconds", json_num(c->cpu_seconds, 3));
    json_object_object_add(o, "real_time_factor", json_num(f->rtf, 4));
    json_object_object_add(o, "median_decode_ms", json_num(f->median_ms, 1));
    for (size_t s = 0; s < c->n_slot_names; s++) {
        json_object *so = json_object_new_object();
        json_object_object_add(so, "labelled",
                               json_object_new_int64((int64_t)c->slots[s].labelled));
        json_object_object_add(so, "substituted",
                               json_object_new_int64((int64_t)c->slots[s].substituted));
        json_object_object_add(so, "missed", json_object_new_int64((int64_t)c->slots[s].missed));
        json_object_object_add(so, "inserted",
                               json_object_new_int64((int64_t)c->slots[s].inserted));
        json_object_object_add(slots, c->slots[s].name, so);
    }
    json_object_object_add(o, "slot_errors", slots);
    for (int k = 0; k < CURVE_POINTS; k++) {
        double t = k * 0.05, fa, fr;
        json_object *p = json_object_new_object();
        curve_point(e, c, t, &fa, &fr);
        json_object_object_add(p, "threshold", json_num(t, 2));
        json_object_object_add(p, "false_acceptance_pct", json_pct(fa));
        json_object_object_add(p, "false_rejection_pct", json_pct(fr));
        json_object_array_add(curve, p);
    }
    json_object_object_add(o, "curve", curve);
    json_object_object_add(o, "slot_confidence", json_slot_confidence(e, c));
    return o;
}

static int print_json(eval_t *e, const figures_t *f)
{
    json_object *root = json_object_new_object(), *conds = json_object_new_array();
    if (!root || !conds)
        return -1;
    json_object_object_add(root, "labels", json_object_new_string(e->labels_path));
    json_object_object_add(
        root, "grammar",
        e->opt.pipeline.grammar_path ? json_object_new_string(e->opt.pipeline.grammar_path) : NULL);
    json_object_object_add(root, "files", json_object_new_int64((int64_t)e->labels.n));
    json_object_object_add(root, "commands", json_object_new_int64((int64_t)e->n_commands));
    json_object_object_add(root, "non_commands", json_object_new_int64((int64_t)e->n_non_commands));
    json_object_object_add(root, "threshold", json_num(e->opt.pipeline.reject_below, 2));
    json_object_object_add(root, "confirm_slot_below",
                           json_num(e->opt.pipeline.confirm_slot_below, 2));
    json_object_object_add(root, "noise",
                           e->opt.noise ? json_object_new_string(e->opt.noise) : NULL);
    json_object_object_add(root, "seed", json_object_new_uint64(e->opt.seed));
    for (size_t c = 0; c < e->n_cond; c++)
        json_object_array_add(conds, json_condition(e, &e->cond[c], &f[c]));
    json_object_object_add(root, "conditions", conds);
    json_object *avg = NULL;
    if (e->n_cond > 1) {
        avg = json_object_new_object();
        json_object_object_add(avg, "command_acceptance_pct",
                               json_pct(noisy_mean(f, e->n_cond, 0)));
        json_object_object_add(avg, "false_rejection_pct", json_pct(noisy_mean(f, e->n_cond, 1)));
        json_object_object_add(avg, "false_acceptance_pct", json_pct(noisy_mean(f, e->n_cond, 2)));
    }
    json_object_object_add(root, "noisy_average", avg);
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_SPACED |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = text ? (puts(text) < 0 ? -1 : 0) : -1;
    json_object_put(root);
    return rc;
}

/* ---- The command --------------------------------------------------------------------------- */

/* Names already checked by warn_impossible_labels(): few (intents and slots of one grammar), so
 * a list; past its size a name is checked again, which costs time, not a second warning. */
typedef struct {
    const char *names[256];
    size_t n;
} seen_names_t;

static int seen_before(seen_names_t *seen, const char *name)
{
    for (size_t i = 0; i < seen->n; i++)
        if (strcmp(seen->names[i], name) == 0)
            return 1;
    if (seen->n < sizeof seen->names / sizeof seen->names[0])
        seen->names[seen->n++] = name;
    return 0;
}

/* A label that can never be right, because the grammar has no such intent or slot (a typo, or
 * labels written for another grammar), is said once per name on stderr with its first line:
 * the report would otherwise only count it as wrong. */
static void warn_impossible_labels(const eval_t *e)
{
    const grammar_t *g = pipeline_grammar(e->pipeline);
    seen_names_t *intents = calloc(1, sizeof *intents), *slots = calloc(1, sizeof *slots);
    for (size_t i = 0; intents && slots && i < e->labels.n; i++) {
        const label_t *l = &e->labels.items[i];
        if (l->intent && !seen_before(intents, l->intent) && !grammar_has_intent(g, l->intent))
            fprintf(stderr,
                    "shopspeak eval: %s:%d: warning: the grammar has no intent \"%s\": these "
                    "labels can never be right\n",
                    e->labels_path, l->line, l->intent);
        for (size_t s = 0; s < l->n_slots; s++)
            if (!seen_before(slots, l->slots[s].name) && !grammar_has_slot(g, l->slots[s].name))
                fprintf(stderr,
                        "shopspeak eval: %s:%d: warning: no rule of the grammar sets the slot "
                        "\"%s\": these labels can never be right\n",
                        e->labels_path, l->line, l->slots[s].name);
    }
    free(intents);
    free(slots);
}

/* --results is opened for writing, which truncates it: refuse when it is one of the inputs
 * (the labels, the noise, a labelled WAV). -1 to go on, or an exit code after one line. */
static int refuse_results_over_input(const eval_t *e)
{
    char path[PATH_MAX + 64];
    const char *input = NULL;
    if (command_same_file(e->opt.results, e->labels_path))
        input = "the labels file";
    else if (e->opt.noise && command_same_file(e->opt.results, e->opt.noise))
        input = "the --noise file";
    for (size_t i = 0; !input && i < e->labels.n; i++) {
        audio_path(e, e->labels.items[i].file, path, sizeof path);
        if (command_same_file(e->opt.results, path))
            input = "a labelled audio file";
    }
    if (!input)
        return -1;
    fprintf(stderr, "shopspeak eval: the results file %s is %s; write the results elsewhere\n",
            e->opt.results, input);
    return EXIT_USAGE;
}

/* Labels, noise and pipeline; -1 to go on, or an exit code after one line on stderr. */
static int eval_open(eval_t *e, const char *labels_path)
{
    char err[1024];
    int exit_code;
    e->labels_path = labels_path;
    if (labels_read(labels_path, &e->labels, err, sizeof err) != LABELS_OK) {
        fprintf(stderr, "shopspeak eval: %s\n", err);
        return EXIT_INPUT;
    }
    for (size_t i = 0; i < e->labels.n; i++)
        *(e->labels.items[i].intent ? &e->n_commands : &e->n_non_commands) += 1;
    struct stat st;
    int missing = e->opt.audio_dir && stat(e->opt.audio_dir, &st) != 0;
    if (e->opt.audio_dir && (missing || !S_ISDIR(st.st_mode))) {
        /* Wrong for every file at once: one line, not one per file. */
        fprintf(stderr, "shopspeak eval: --audio-dir %s: %s\n", e->opt.audio_dir,
                missing ? strerror(errno) : "not a directory");
        return EXIT_INPUT;
    }
    if (e->opt.audio_dir) {
        snprintf(e->audio_dir, sizeof e->audio_dir, "%s", e->opt.audio_dir);
    } else {
        const char *slash = strrchr(labels_path, '/');
        if (!slash)
            snprintf(e->audio_dir, sizeof e->audio_dir, ".");
        else
            snprintf(e->audio_dir, sizeof e->audio_dir, "%.*s",
                     (int)(slash == labels_path ? 1 : slash - labels_path), labels_path);
    }
    if (e->opt.results && (exit_code = refuse_results_over_input(e)) >= 0)
        return exit_code;
    if (e->opt.noise && audio_read_wav(e->opt.noise, AUDIO_ASR_RATE, 0, &e->noise) != AUDIO_OK) {
        fprintf(stderr, "shopspeak eval: noise: %s\n", audio_error_detail());
        return EXIT_INPUT;
    }
    size_t loud = 0;
    while (loud < e->noise.n_samples && e->noise.samples[loud] == 0)
        loud++;
    if (e->opt.noise && loud == e->noise.n_samples) {
        fprintf(stderr, "shopspeak eval: noise: %s is digital silence: no SNR can be set\n",
                e->opt.noise);
        return EXIT_INPUT;
    }
    if (plan_conditions(e) != 0) {
        fprintf(stderr, "shopspeak eval: out of memory\n");
        return EXIT_FAILURE_INTERNAL;
    }
    if (e->opt.results && !(e->results = fopen(e->opt.results, "w"))) {
        fprintf(stderr, "shopspeak eval: cannot write the results file %s: %s\n", e->opt.results,
                strerror(errno));
        return EXIT_INPUT;
    }
    e->opt.pipeline.need_recognizer = 1;
    e->opt.pipeline.need_speech = 0;
    e->opt.pipeline.need_dialog = 0;
    e->pipeline = pipeline_open(&e->opt.pipeline, &exit_code, err, sizeof err);
    if (!e->pipeline) {
        fprintf(stderr, "shopspeak eval: %s\n", err);
        return exit_code;
    }
    warn_impossible_labels(e);
    return -1;
}

int command_eval(int argc, char **argv)
{
    eval_t e;
    memset(&e, 0, sizeof e);
    int rc = options_parse(argc, argv, OPTIONS_EVAL, usage_eval, &e.opt);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1) {
        fprintf(stderr, "shopspeak eval: %s (try 'shopspeak eval --help')\n",
                optind >= argc ? "no labels file given" : "one labels file, please");
        return EXIT_USAGE;
    }
    if (e.opt.n_snr && !e.opt.noise) {
        fputs("shopspeak eval: --snr needs --noise (try 'shopspeak eval --help')\n", stderr);
        return EXIT_USAGE;
    }
    rc = eval_open(&e, argv[optind]);
    for (size_t c = 0; rc < 0 && c < e.n_cond; c++)
        run_condition(&e, &e.cond[c]);
    if (rc < 0) {
        figures_t *f = calloc(e.n_cond, sizeof *f);
        rc = f ? EXIT_OK : EXIT_FAILURE_INTERNAL;
        for (size_t c = 0; f && c < e.n_cond; c++)
            f[c] = figures(&e, &e.cond[c]);
        if (f && e.opt.json)
            rc = print_json(&e, f) == 0 ? EXIT_OK : EXIT_FAILURE_INTERNAL;
        else if (f)
            print_human(&e, f);
        free(f);
    }
    eval_free(&e);
    return rc;
}
