/*
 * listen.c - the live loop (microphone -> endpointer -> pipeline -> speaker) and the demo
 * conversation that stands in for it on a machine with no microphone.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "pipeline.h"

/* The demo: what a shopper says, in order. Synthesised, then recognised like a microphone's
 * audio, so the demo runs the whole pipeline. */
static const char *const demo_script[] = {
    "is the oat milk in stock",
    "how much are the lavazza espresso beans",
    "reorder coffee pods",
    "yes",
    "help",
};

static void print_turn(const pipeline_turn_t *t)
{
    printf("heard:  \"%s\"\n", t->heard);
    if (t->understood) {
        printf("intent: %s", t->intent.name);
        for (size_t i = 0; i < t->intent.n_slots; i++)
            printf(" %s=\"%s\"", t->intent.slots[i].name, t->intent.slots[i].value);
        printf("\n");
    } else {
        printf("intent: (not understood)\n");
    }
    printf("answer: \"%s\"\n", t->answer);
    if (t->reply_wav[0])
        printf("spoken: %s\n", t->reply_wav);
    printf("\n");
    fflush(stdout);
}

static int run_demo(options_t *opt)
{
    char dir[900], reply_dir[1024], err[1024];
    int exit_code;

    if (!opt->pipeline.reply_dir) {
        if (pipeline_data_dir(dir, sizeof dir, err, sizeof err) != 0) {
            fprintf(stderr, "shopspeak: %s\n", err);
            return EXIT_INPUT;
        }
        snprintf(reply_dir, sizeof reply_dir, "%s/demo", dir);
        opt->pipeline.reply_dir = reply_dir;
    }
    pipeline_t *p = pipeline_open(&opt->pipeline, &exit_code, err, sizeof err);
    if (!p) {
        fprintf(stderr, "shopspeak: %s\n", err);
        return exit_code;
    }
    printf("Demo conversation (catalog: %s; spoken answers in %s)\n\n", pipeline_catalog_path(p),
           opt->pipeline.reply_dir);
    int rc = 0;
    for (size_t i = 0; i < sizeof demo_script / sizeof *demo_script && rc == 0; i++) {
        audio_buf_t said = {0}, pcm = {0};
        pipeline_turn_t turn;
        char source[64];
        printf("shopper says: \"%s\"\n", demo_script[i]);
        rc = audio_tts_speak(pipeline_tts(p), demo_script[i], &said);
        if (rc == AUDIO_OK)
            rc = audio_resample(said.samples, said.n_samples, said.sample_rate, AUDIO_ASR_RATE,
                                &pcm);
        snprintf(source, sizeof source, "demo-turn-%zu", i + 1);
        if (rc == AUDIO_OK)
            rc = pipeline_turn_audio(p, source, pcm.samples, pcm.n_samples, &turn);
        if (rc == 0)
            print_turn(&turn);
        else
            fprintf(stderr, "shopspeak: demo turn %zu: %s\n", i + 1, pipeline_strerror(rc));
        audio_buf_free(&said);
        audio_buf_free(&pcm);
    }
    pipeline_close(p);
    return rc == 0 ? EXIT_OK : pipeline_exit_code(rc);
}

static const char usage_demo[] =
    "Usage: shopspeak demo [OPTIONS]\n"
    "Play the bundled demo conversation through the whole pipeline: each shopper line is\n"
    "synthesised, recognised, answered, and the answer written as a WAV (default folder:\n"
    "~/.local/share/shopspeak/demo). Each turn prints what was heard, the intent and the answer.\n"
    "\n" OPTIONS_HELP "\n" EXIT_CODES_HELP;

int command_demo(int argc, char **argv)
{
    options_t opt;
    int rc = options_parse(argc, argv, OPTIONS_PIPELINE, usage_demo, &opt);
    return rc >= 0 ? rc : run_demo(&opt);
}

/* Decode, answer and play one utterance. A failed playback is reported and the loop goes on. */
static int handle_utterance(pipeline_t *p, const options_t *opt, const int16_t *pcm, size_t n,
                            long number)
{
    pipeline_turn_t turn;
    char source[64];
    snprintf(source, sizeof source, "utterance-%ld", number);
    int rc = pipeline_turn_audio(p, source, pcm, n, &turn);
    if (rc != 0) {
        fprintf(stderr, "shopspeak: %s\n", pipeline_strerror(rc));
        return rc;
    }
    print_turn(&turn);
    rc = audio_play(opt->output, turn.reply.samples, turn.reply.n_samples, turn.reply.sample_rate);
    if (rc != AUDIO_OK)
        fprintf(stderr, "shopspeak: cannot play the answer: %s\n", audio_error_detail());
    return 0;
}

/* Set by Ctrl-C (SIGINT) or SIGTERM: the loop finishes the current read and closes the
 * devices, so the microphone is released cleanly (a systemd stop sends SIGTERM). */
static volatile sig_atomic_t stop_requested;

static void request_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = request_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static int listen_loop(pipeline_t *p, const options_t *opt)
{
    int status;
    audio_capture_config_t cc = audio_capture_config_default();
    cc.device = opt->device;
    cc.max_seconds = opt->duration;
    audio_capture_t *cap = audio_capture_open(&cc, &status);
    if (!cap) {
        fprintf(stderr, "shopspeak: cannot open the microphone: %s\n", audio_error_detail());
        return EXIT_DEVICE;
    }
    audio_endpointer_t *ep = audio_endpointer_open(NULL, &status);
    if (!ep) {
        audio_capture_close(cap);
        fprintf(stderr, "shopspeak: %s\n", audio_error_detail());
        return EXIT_FAILURE_INTERNAL;
    }
    catch_stop_signals();
    fprintf(stderr, "shopspeak: listening (Ctrl-C to stop)\n");
    int16_t frame[AUDIO_ENDPOINTER_FRAME];
    long heard = 0;
    int rc = EXIT_OK;
    while (!stop_requested) {
        long got = audio_capture_read(cap, frame, AUDIO_ENDPOINTER_FRAME);
        audio_ep_event_t ev;
        if (got < 0) {
            fprintf(stderr, "shopspeak: the microphone failed: %s\n", audio_error_detail());
            rc = EXIT_DEVICE;
            break;
        }
        ev = got == 0 ? audio_endpointer_flush(ep) : audio_endpointer_process(ep, frame);
        if (ev == AUDIO_EP_END) {
            size_t n;
            const int16_t *utt = audio_endpointer_utterance(ep, &n);
            handle_utterance(p, opt, utt, n, ++heard);
            if (opt->utterances > 0 && heard >= opt->utterances)
                break;
        }
        if (got == 0)
            break;
    }
    if (stop_requested)
        fprintf(stderr, "shopspeak: stopped\n");
    audio_endpointer_close(ep);
    audio_capture_close(cap);
    return rc;
}

static const char usage_listen[] =
    "Usage: shopspeak listen [OPTIONS]\n"
    "Listen on the microphone, answer each command out loud, and print each turn (what was\n"
    "heard, the intent, the answer). A command ends after about 0.6 s of silence; shorter\n"
    "pauses inside it are kept. With no audio input at all, plays the demo conversation.\n"
    "\n" OPTIONS_HELP OPTIONS_LISTEN_HELP "\n" EXIT_CODES_HELP;

int command_listen(int argc, char **argv)
{
    options_t opt;
    int rc = options_parse(argc, argv, OPTIONS_LISTEN, usage_listen, &opt);
    if (rc >= 0)
        return rc;
    if (audio_device_init() != AUDIO_OK) {
        fprintf(stderr, "shopspeak: audio system failed: %s\n", audio_error_detail());
        return EXIT_DEVICE;
    }
    int input = audio_find_input(opt.device);
    if (input < 0 && !opt.device) {
        audio_device_done();
        printf("No audio input found: playing the demo conversation instead.\n");
        return run_demo(&opt);
    }
    if (input < 0) {
        fprintf(stderr, "shopspeak: no input device '%s' (%s)\n", opt.device, audio_error_detail());
        audio_device_done();
        return EXIT_DEVICE;
    }
    char err[1024];
    int exit_code;
    pipeline_t *p = pipeline_open(&opt.pipeline, &exit_code, err, sizeof err);
    if (!p) {
        fprintf(stderr, "shopspeak: %s\n", err);
        audio_device_done();
        return exit_code;
    }
    rc = listen_loop(p, &opt);
    pipeline_close(p);
    audio_device_done();
    return rc;
}
