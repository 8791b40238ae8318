/*
 * listen.c - the live loop (microphone -> endpointer -> pipeline -> speaker) and the demo
 * conversation that stands in for it on a machine with no microphone.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "answer_timer.h"
#include "bargein.h"
#include "button.h"
#include "commands.h"
#include "early.h"
#include "earcon.h"
#include "held.h"
#include "mic.h"
#include "options.h"
#include "pipeline.h"

/* The demo: what a shopper says, in order. Synthesised, then recognised like a microphone's
 * audio, so the demo runs the whole pipeline. */
// clang-format off
static const char *const demo_script[] = {
    "is the oat milk in stock",
    "how much are the lavazza espresso beans",
    "reorder coffee pods",
    "yes",
    "what can i say",
};
// clang-format on

static void print_turn(const pipeline_turn_t *t)
{
    const char *heard = pipeline_shown_heard(t);
    if (heard[0])
        printf("heard:  \"%s\"\n", heard);
    else
        printf("heard:  (no words)\n"); /* noise, or a voice too unclear to decode */
    if (t->understood) {
        printf("intent: %s", t->intent.name);
        for (size_t i = 0; i < t->intent.n_slots; i++)
            printf(" %s=\"%s\"", t->intent.slots[i].name, pipeline_shown_slot(t, i));
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
    /* The demo's shopper is eSpeak NG, whose voices score under the real-speech rejection
     * threshold (grammar.h); its lines are all commands of the grammar. */
    opt->pipeline.reject_below = 0;
    opt->pipeline.confirm_slot_below = 0; /* nor ask about its products */
    opt->pipeline.order_yes_below = 0;    /* its "yes" places the order */
    /* Its "yes" orders coffee pods: on a copy, so the real catalog never sees it. */
    opt->pipeline.scratch_catalog = 1;
    pipeline_t *p = pipeline_open(&opt->pipeline, &exit_code, err, sizeof err);
    if (!p) {
        fprintf(stderr, "shopspeak: %s\n", err);
        return exit_code;
    }
    printf("Demo conversation (on a copy of the catalog %s: nothing it orders is kept; spoken "
           "answers in %s)\n\n",
           pipeline_catalog_path(p), opt->pipeline.reply_dir);
    /* The shopper speaks in eSpeak NG's own voice and rate, not in the one the answers take:
     * a listener who asked for a slower voice (kept in the catalog) made the shopper slow too,
     * and at 115 words a minute its "help" (its last line then) was heard as "add ten oats". */
    audio_tts_config_t shopper = audio_tts_config_default();
    int rc = 0;
    for (size_t i = 0; i < sizeof demo_script / sizeof *demo_script && rc == 0; i++) {
        audio_buf_t said = {0}, pcm = {0};
        pipeline_turn_t turn;
        char source[64];
        printf("shopper says: \"%s\"\n", demo_script[i]);
        rc = audio_tts_speak_as(pipeline_tts(p), &shopper, demo_script[i], &said);
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
    "synthesised (in eSpeak NG's own voice and rate), recognised, answered (in the voice the\n"
    "shopper chose), and the answer written as a WAV (default folder:\n"
    "~/.local/share/shopspeak/demo). Each turn prints what was heard, the intent and the answer.\n"
    "It runs on a temporary copy of the catalog: the order it places is not kept.\n"
    "\n" OPTIONS_HELP "\n" EXIT_CODES_HELP;

int command_demo(int argc, char **argv)
{
    options_t opt;
    int rc = options_parse(argc, argv, OPTIONS_PIPELINE, usage_demo, &opt);
    return rc >= 0 ? rc : run_demo(&opt);
}

/* When each stage of a turn ended, in ms after the endpointer ended the command (after its
 * trailing silence): one line on stderr (listen --timeline). */
static void print_timeline(long number, double end_ms, double paused_ms, const pipeline_turn_t *t)
{
    double played = audio_play_first_write_ms();
    fprintf(stderr,
            "shopspeak: timeline utterance %ld: mic paused %.1f, decoded %.1f, answer text %.1f, "
            "first sample synthesised %.1f, all synthesised %.1f, first sample played %.1f ms\n",
            number, paused_ms - end_ms, t->decoded_at_ms - end_ms, t->answered_at_ms - end_ms,
            t->synth_first_at_ms - end_ms, t->synth_done_at_ms - end_ms,
            played > end_ms ? played - end_ms : -1.0);
}

/* Half duplex off and no barge-in: what the microphone hears while the speaker talks is kept
 * for the loop (held.h). NULL otherwise. */
static held_t *holding;
/* A microphone read that waits this long has hung (mic.h): a 10 ms read, or the first after a
 * reopen, takes far less even on a busy Pi. */
#define MIC_STALL_SECONDS 5.0
#define HELD_SECONDS      30

/* Play on the speaker; when holding, keep what the microphone hears meanwhile. */
static int speak(const options_t *opt, const int16_t *samples, size_t n, int rate)
{
    return holding ? held_play(holding, opt->output, samples, n, rate)
                   : audio_play(opt->output, samples, n, rate);
}

/* Play an earcon (earcons = on), for the answer of a turn or before listening. A failed
 * playback is not worth a word: the answer or the listening goes on. */
static void play_earcon(const options_t *opt, earcon_t which)
{
    static int16_t tone[EARCON_MAX_SAMPLES];
    if (!opt->earcons)
        return;
    size_t n = earcon_render(which, AUDIO_ASR_RATE, tone, EARCON_MAX_SAMPLES);
    if (n > 0)
        speak(opt, tone, n, AUDIO_ASR_RATE);
}

/* Play the answer; with barge-in, while listening for "stop" (bargein.h). A failed playback is
 * reported and the loop goes on. */
static void play_answer(const options_t *opt, mic_t *mic, bargein_t *barge,
                        const pipeline_turn_t *turn)
{
    int rc;
    if (barge) {
        char heard[256];
        rc = bargein_play(barge, mic, opt->output, &turn->reply, heard, sizeof heard);
        if (rc == 1)
            fprintf(stderr, "shopspeak: stopped speaking (heard \"%s\")\n", heard);
        if (rc >= 0)
            return;
    } else {
        rc = speak(opt, turn->reply.samples, turn->reply.n_samples, turn->reply.sample_rate);
        if (rc == AUDIO_OK)
            return;
    }
    fprintf(stderr, "shopspeak: cannot play the answer: %s\n", audio_error_detail());
}

/* Answer one decoded utterance and play the answer. end_ms: when the endpointer ended it;
 * paused_ms: when the microphone was paused. */
static int handle_utterance(pipeline_t *p, const options_t *opt, const pipeline_heard_t *heard,
                            long number, double end_ms, double paused_ms, mic_t *mic,
                            bargein_t *barge, int *understood)
{
    pipeline_turn_t turn;
    *understood = 0;
    char source[64];
    snprintf(source, sizeof source, "utterance-%ld", number);
    int rc = pipeline_turn_heard(p, source, heard, &turn);
    if (rc != 0) {
        fprintf(stderr, "shopspeak: %s\n", pipeline_strerror(rc));
        return rc;
    }
    print_turn(&turn);
    *understood = turn.understood;
    play_earcon(opt, turn.understood ? EARCON_UNDERSTOOD : EARCON_NOT_UNDERSTOOD);
    play_answer(opt, mic, barge, &turn);
    if (opt->timeline)
        print_timeline(number, end_ms, paused_ms, &turn);
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

static int stopping(void)
{
    return stop_requested != 0;
}

static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = request_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    audio_play_interrupt_on(stopping); /* an answer playing is cut, not finished */
}

/* A microphone named in the settings that is not there at start-up (unplugged, or a USB one
 * the system has not found yet at boot): wait for it, looking again with the backoff of an
 * unplug while running, rather than exit and leave the speaker deaf until someone restarts
 * it. 0 when it is there, -1 when a stop was asked for. */
static int wait_for_input(const options_t *opt)
{
    fprintf(stderr, "shopspeak: cannot use the input device: %s; waiting for it (Ctrl-C to stop)\n",
            audio_error_detail());
    catch_stop_signals();
    double wait = 0;
    while (!stop_requested) {
        wait = mic_backoff_next(wait, opt->retry_min, opt->retry_max);
        for (double left = wait; left > 0 && !stop_requested; left -= 0.1)
            nanosleep(&(struct timespec){0, left < 0.1 ? (long)(left * 1e9) : 100000000L}, NULL);
        if (stop_requested || audio_device_rescan() != AUDIO_OK)
            continue;
        if (audio_find_input(opt->device) >= 0) {
            fprintf(stderr, "shopspeak: the microphone is here\n");
            return 0;
        }
    }
    fprintf(stderr, "shopspeak: stopped\n");
    return -1;
}

/* What decides that an utterance is a command: the wake word, a key, or nothing. */
typedef struct {
    int mode;           /* options_activation_t */
    asr_wake_t *wake;   /* for OPTIONS_ACTIVATION_WAKE */
    button_t *button;   /* for OPTIONS_ACTIVATION_PTT with ptt-key = gpio; else Enter */
    int armed;          /* the next utterance is a command */
    long long armed_at; /* stream sample where it was armed */
    long long deadline; /* an utterance must start before this sample */
    long long timeout;  /* samples */
    int dropped;        /* since armed: utterances the endpointer dropped (no voice in them) */
    int missed;         /* the time ran out after such: the shopper gets "I didn't catch that" */
    int lapsed;         /* the time ran out with nothing heard: the shopper gets a tone */
    int again;          /* armed again after a turn not understood, since one that was or the
                           wake word: once at most (follow_up()) */
} trigger_t;

/* What the shopper does to be heard again: "wake word" or "key" (for the log). */
static const char *trigger_word(const trigger_t *t)
{
    return t->mode == OPTIONS_ACTIVATION_WAKE ? "wake word" : "key";
}

static void arm(trigger_t *t, long long pos, const char *why)
{
    t->armed = 1;
    t->armed_at = pos;
    t->deadline = pos + t->timeout;
    t->dropped = 0;
    fprintf(stderr, "shopspeak: %s: listening for a command\n", why);
}

/* Push to talk: a line on stdin (Enter). Never blocks. */
static int enter_pressed(void)
{
    struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
    char line[256];
    if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLIN))
        return 0;
    if (!fgets(line, sizeof line, stdin)) {
        clearerr(stdin);
        return 0;
    }
    return 1;
}

/* Push to talk: Enter, or the GPIO button. Never blocks. A button that can no longer be read
 * is reported once and then ignored (listening goes on; a press of Enter still works). */
static int ptt_pressed(trigger_t *t)
{
    if (!t->button)
        return enter_pressed();
    char err[256];
    int rc = button_pressed(t->button, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "shopspeak: %s\n", err);
        button_close(t->button);
        t->button = NULL;
    }
    return rc > 0;
}

/* One frame of the stream at sample position pos; arms the trigger when the wake word ends in
 * it or Enter was pressed. Returns 0, or a negative status from the spotter. */
static int watch_trigger(trigger_t *t, const int16_t *frame, size_t n, long long pos, int in_speech)
{
    if (t->mode == OPTIONS_ACTIVATION_ALWAYS)
        return 0;
    if (t->armed && pos > t->deadline && !in_speech) {
        t->armed = 0;
        t->missed = t->dropped > 0;
        t->lapsed = !t->missed;
        fprintf(stderr, "shopspeak: no command followed; waiting for the %s\n", trigger_word(t));
    }
    if (t->mode == OPTIONS_ACTIVATION_PTT) {
        int gpio = t->button != NULL;
        if (!t->armed && ptt_pressed(t)) {
            t->again = 0;
            arm(t, pos + (long long)n, gpio ? "button" : "Enter");
        }
        return 0;
    }
    if (t->armed)
        return 0; /* a second detection inside the command would cut it short */
    int rc = asr_wake_process(t->wake, frame, n);
    asr_wake_candidate_t c;
    if (rc == 1) {
        /* The command may start right after the phrase: the check heard it ~0.3 s later. */
        char why[64] = "wake word heard";
        long long at = pos + (long long)n;
        if (asr_wake_last_candidate(t->wake, &c)) {
            snprintf(why, sizeof why, "wake word heard (confidence %.2f)", c.confidence);
            long long ago = (long long)(c.ended_ago * AUDIO_ASR_RATE);
            at -= ago > 0 && ago < at ? ago : 0;
        }
        t->again = 0;
        arm(t, at, why);
    }
    return rc < 0 ? rc : 0;
}

/*
 * Which part of the utterance of n samples at stream position start is a command. With a
 * trigger, only one that ends after it counts, and only the part after it (the wake word
 * itself is not a command). Returns 1 with the samples to skip in *skip, or 0.
 */
static int command_span(const trigger_t *t, long long start, size_t n, size_t *skip)
{
    *skip = 0;
    if (t->mode == OPTIONS_ACTIVATION_ALWAYS)
        return 1;
    if (!t->armed)
        return 0;
    if (start < t->armed_at) {
        *skip = (size_t)(t->armed_at - start);
        if (*skip >= n)
            return 0;
    }
    /* What followed the wake word in that utterance may be too short to be words: a quarter
     * of a second besides the silence every utterance ends with. (Without that silence,
     * "hey shop" alone and a pause had its last sound decoded, "pay", and answered "Sorry, I
     * didn't catch that" before the shopper could say the command.) */
    size_t tail = (size_t)AUDIO_ENDPOINTER_TAIL_MS * AUDIO_ASR_RATE / 1000;
    return n - *skip >= AUDIO_ASR_RATE / 4 + tail;
}

/* An utterance ended: the command in it (*pcm, *n, at stream position *pos), or 0. */
static int take_command(trigger_t *t, const audio_endpointer_t *ep, const int16_t **pcm, size_t *n,
                        long long *pos)
{
    size_t skip;
    *pcm = audio_endpointer_utterance(ep, n);
    long long start = audio_endpointer_utterance_start(ep);
    if (!command_span(t, start, *n, &skip))
        return 0;
    *pcm += skip;
    *n -= skip;
    *pos = start + (long long)skip;
    t->armed = 0;
    return 1;
}

/* In the trailing silence of a command: decode it already (early.h). */
static void decode_early(early_t *early, const trigger_t *t, const audio_endpointer_t *ep)
{
    size_t n, skip;
    long long start;
    const int16_t *pcm = audio_endpointer_tentative(ep, &n, &start);
    if (early && pcm && command_span(t, start, n, &skip))
        early_start(early, pcm + skip, n - skip, start + (long long)skip);
}

static int open_trigger(trigger_t *t, const options_t *opt)
{
    memset(t, 0, sizeof *t);
    t->mode = opt->activation;
    t->timeout = (long long)(opt->wake_timeout * AUDIO_ASR_RATE);
    if (t->mode == OPTIONS_ACTIVATION_PTT && strcmp(opt->ptt_key, "gpio") == 0) {
        char err[512];
        if (!button_available()) {
            button_open(opt->gpio_chip, (unsigned)opt->gpio_line, err, sizeof err);
            fprintf(stderr, "shopspeak: %s\n", err);
            return EXIT_USAGE;
        }
        if (!(t->button = button_open(opt->gpio_chip, (unsigned)opt->gpio_line, err, sizeof err))) {
            fprintf(stderr, "shopspeak: %s\n", err);
            return EXIT_DEVICE;
        }
    }
    if (t->mode != OPTIONS_ACTIVATION_WAKE)
        return EXIT_OK;
    asr_wake_config_t wc = asr_wake_config_default();
    if (opt->wake_word) /* an empty --wake-word, like an empty setting, keeps the default */
        wc.keyphrase = opt->wake_word;
    wc.threshold = opt->wake_threshold;
    wc.log_path = opt->pipeline.log_path;
    int status;
    if (!(t->wake = asr_wake_open(&wc, &status))) {
        fprintf(stderr, "shopspeak: %s\n", grammar_errmsg());
        return status == GRAMMAR_EINVAL ? EXIT_USAGE : EXIT_MODEL;
    }
    return EXIT_OK;
}

static audio_endpointer_t *open_endpointer(const options_t *opt)
{
    audio_endpointer_config_t ec = audio_endpointer_config_default();
    ec.trailing_silence_ms = (int)(opt->trailing_silence * 1000 + 0.5);
    ec.pre_roll_ms = (int)(opt->pre_roll * 1000 + 0.5);
    ec.max_utterance_ms = (int)(opt->max_command * 1000 + 0.5);
    ec.require_voice = opt->require_voice;
    int status;
    audio_endpointer_t *ep = audio_endpointer_open(&ec, &status);
    if (!ep)
        fprintf(stderr, "shopspeak: %s\n", audio_error_detail());
    return ep;
}

/* Answer one command; in half duplex the microphone is paused while the answer plays, so the
 * assistant never hears itself (and nothing said meanwhile is taken for a command). */
static int answer(pipeline_t *p, const options_t *opt, mic_t *mic, trigger_t *t, early_t *early,
                  bargein_t *barge, const int16_t *pcm, size_t n, long long pos, long number)
{
    int understood;
    double end_ms = audio_now_ms();
    int pause = opt->half_duplex && !barge; /* barge-in listens while it speaks */
    if (pause)
        mic_pause(mic);
    double paused_ms = audio_now_ms();
    pipeline_heard_t heard;
    if (!early_take(early, pos, n, &heard))
        pipeline_hear(p, pcm, n, &heard);
    handle_utterance(p, opt, &heard, number, end_ms, paused_ms, mic, barge, &understood);
    if (pause || barge) {
        if (pause)
            mic_resume(mic);
        if (t->wake)
            asr_wake_reset(t->wake);
    }
    return understood;
}

/* An earcon between two commands, with the microphone paused in half duplex like any sound
 * the speaker makes; the wake word spotter starts afresh after it. */
static void earcon_between(const options_t *opt, mic_t *mic, trigger_t *t, earcon_t which)
{
    if (!opt->earcons)
        return;
    if (opt->half_duplex)
        mic_pause(mic);
    play_earcon(opt, which);
    if (opt->half_duplex) {
        mic_resume(mic);
        if (t->wake)
            asr_wake_reset(t->wake);
    }
}

/* Arm for one more command without the wake word or the key (why: for the log), with the
 * listening earcon so that a shopper who cannot see a light knows to speak. */
static void arm_with_earcon(const options_t *opt, mic_t *mic, trigger_t *t, long long pos,
                            const char *why)
{
    if (t->mode == OPTIONS_ACTIVATION_ALWAYS)
        return;
    earcon_between(opt, mic, t, EARCON_LISTENING);
    arm(t, pos, why);
}

/* After an answer that asks something ("Shall I place the order?", a PIN, a choice): the
 * shopper answers without the wake word or the key, as to a person, for as long as the wake
 * timeout gives a command. */
static void listen_for_answer(pipeline_t *p, const options_t *opt, mic_t *mic, trigger_t *t,
                              long long pos)
{
    if (!t->armed && pipeline_awaits_answer(p))
        arm_with_earcon(opt, mic, t, pos, "a question waits for its answer");
}

/* After an answer: listen again without the wake word when it asks for something, a question
 * or "could you say it again?". After a turn that was not understood only once in a row: a
 * television or a noisy kitchen would otherwise keep it listening, and answering, for ever. */
static void follow_up(pipeline_t *p, const options_t *opt, mic_t *mic, trigger_t *t, long long pos,
                      int understood)
{
    if (t->mode == OPTIONS_ACTIVATION_ALWAYS || t->armed)
        return;
    if (understood)
        t->again = 0;
    else if (t->again++ > 0)
        return;
    listen_for_answer(p, opt, mic, t, pos);
    if (!t->armed && !understood)
        arm_with_earcon(opt, mic, t, pos, "asked to say it again");
}

/* Woken, or a session started: say the updates not announced before ("You have two updates")
 * on their own (each once: dialog_greeting()), then the listening earcon, then listen for the
 * command. */
static void say_updates(pipeline_t *p, const options_t *opt, mic_t *mic, trigger_t *t)
{
    char text[512];
    audio_buf_t speech;
    if (opt->half_duplex)
        mic_pause(mic);
    if (pipeline_greeting(p, text, sizeof text, &speech) == 0 && text[0]) {
        printf("greeting: \"%s\"\n\n", text);
        fflush(stdout);
        if (speech.n_samples > 0 &&
            speak(opt, speech.samples, speech.n_samples, speech.sample_rate) != AUDIO_OK)
            fprintf(stderr, "shopspeak: cannot play the greeting: %s\n", audio_error_detail());
    }
    play_earcon(opt, EARCON_LISTENING);
    if (opt->half_duplex) {
        mic_resume(mic);
        if (t->wake)
            asr_wake_reset(t->wake);
    }
}

/* The answer timer's clock: seconds of audio captured so far (*(long long *)user samples).
 * Not the wall clock: time while an answer plays with the microphone paused is not counted,
 * and a recording read faster than real time (tests/alsa) times out as it would live. */
static double stream_seconds(void *user)
{
    return (double)*(const long long *)user / AUDIO_ASR_RATE;
}

/* After a turn: the answer time starts when the dialog asked a question, else it stops. */
static void time_answer(answer_timer_t *timer, const pipeline_t *p)
{
    if (pipeline_awaits_answer(p))
        answer_timer_start(timer);
    else
        answer_timer_stop(timer);
}

/* The warning, or the cancellation when the time is up: printed and spoken (the microphone
 * paused meanwhile in half duplex). Not while the shopper is speaking: an answer under way
 * is heard out, and the timer fires after it if it was not an answer. */
static void check_answer_time(answer_timer_t *timer, pipeline_t *p, const options_t *opt,
                              mic_t *mic, trigger_t *t, int in_speech, long long pos)
{
    if (in_speech)
        return;
    answer_timer_event_t ev = answer_timer_poll(timer);
    if (ev == ANSWER_TIMER_NOTHING)
        return;
    char text[1024];
    audio_buf_t speech;
    int expired = ev == ANSWER_TIMER_EXPIRED;
    int rc = pipeline_answer_timeout(p, expired, answer_timer_warn_before(timer), text, sizeof text,
                                     &speech);
    if (rc != 0)
        fprintf(stderr, "shopspeak: answer timeout: %s\n", pipeline_strerror(rc));
    if (!text[0])
        return;
    printf("%s \"%s\"\n\n", expired ? "timed out:" : "timeout warning:", text);
    fflush(stdout);
    if (opt->half_duplex)
        mic_pause(mic);
    if (speech.n_samples > 0 &&
        speak(opt, speech.samples, speech.n_samples, speech.sample_rate) != AUDIO_OK)
        fprintf(stderr, "shopspeak: cannot play the answer: %s\n", audio_error_detail());
    if (opt->half_duplex) {
        mic_resume(mic);
        if (t->wake)
            asr_wake_reset(t->wake);
    }
    if (!expired) {
        listen_for_answer(p, opt, mic, t, pos); /* the warning asks for an answer */
    } else if (t->armed && t->mode != OPTIONS_ACTIVATION_ALWAYS) {
        t->armed = 0; /* the question is gone: the next command needs the wake word again */
        fprintf(stderr, "shopspeak: the question was dropped; waiting for the %s\n",
                trigger_word(t));
    }
}

static const char *waiting_for(const trigger_t *t)
{
    if (t->mode == OPTIONS_ACTIVATION_WAKE)
        return "say the wake word";
    if (t->mode == OPTIONS_ACTIVATION_PTT)
        return t->button ? "press the button, then speak" : "press Enter, then speak";
    return "speak";
}

static int listen_loop(pipeline_t *p, const options_t *opt)
{
    audio_capture_config_t cc = audio_capture_config_default();
    cc.device = opt->device;
    cc.max_seconds = opt->duration;
    mic_ops_t ops = mic_audio_ops(&cc);
    mic_config_t mc = {opt->retry_min, opt->retry_max, &stop_requested, MIC_STALL_SECONDS};
    trigger_t t;
    int rc = open_trigger(&t, opt);
    if (rc != EXIT_OK)
        return rc;
    audio_endpointer_t *ep = open_endpointer(opt);
    mic_t *mic = ep ? mic_open(&ops, &mc) : NULL;
    if (!mic) {
        if (ep)
            fprintf(stderr, "shopspeak: cannot open the microphone: %s\n", audio_error_detail());
        audio_endpointer_close(ep);
        asr_wake_close(t.wake);
        button_close(t.button);
        return ep ? EXIT_DEVICE : EXIT_USAGE;
    }
    /* Without it (out of memory, or turned off) commands are decoded when they end. */
    early_t *early =
        opt->decode_early
            ? early_open(p, (size_t)((opt->max_command + opt->pre_roll + 1) * AUDIO_ASR_RATE))
            : NULL;
    bargein_t *barge = opt->barge_in ? bargein_open(p) : NULL;
    if (opt->barge_in && !barge)
        fprintf(stderr, "shopspeak: barge-in is off: %s\n", audio_error_detail());
    if (!opt->half_duplex && !barge &&
        !(holding = held_open(mic, (size_t)HELD_SECONDS * AUDIO_ASR_RATE)))
        fprintf(stderr, "shopspeak: out of memory: what is said during an answer is lost\n");
    catch_stop_signals();
    fprintf(stderr, "shopspeak: listening (%s; Ctrl-C to stop)\n", waiting_for(&t));
    int16_t frame[AUDIO_ENDPOINTER_FRAME];
    long heard = 0;
    long long pos = 0; /* samples of the stream so far */
    int in_speech = 0;
    if (t.mode == OPTIONS_ACTIVATION_ALWAYS)
        say_updates(p, opt, mic, &t);
    answer_timer_t timer;
    answer_timer_init(&timer, opt->answer_timeout, stream_seconds, &pos);
    while (!stop_requested) {
        long got = holding ? held_read(holding, frame, AUDIO_ENDPOINTER_FRAME)
                           : mic_read(mic, frame, AUDIO_ENDPOINTER_FRAME);
        int was_armed = t.armed;
        if (got > 0 && watch_trigger(&t, frame, (size_t)got, pos, in_speech) < 0) {
            fprintf(stderr, "shopspeak: %s\n", grammar_errmsg());
            rc = EXIT_MODEL;
            break;
        }
        if (t.armed && !was_armed)
            say_updates(p, opt, mic, &t);
        if (t.missed) {
            /* Woken, then only noise: say so rather than fall silent (nothing is decoded). */
            t.missed = 0;
            answer(p, opt, mic, &t, early, barge, NULL, 0, pos, ++heard);
            time_answer(&timer, p);
            if (opt->utterances > 0 && heard >= opt->utterances)
                break;
            follow_up(p, opt, mic, &t, pos, 0);
        }
        if (t.lapsed) {
            /* Woken, then nothing at all (or a command too quiet to start an utterance): a
             * shopper who cannot see a light still learns that listening stopped, and says
             * the wake word again. A tone, not words: a wake word heard in the radio by
             * mistake should cost no more than that. */
            t.lapsed = 0;
            printf("stopped listening: no command followed\n\n");
            fflush(stdout);
            earcon_between(opt, mic, &t, EARCON_STOPPED);
        }
        audio_ep_event_t ev =
            got == 0 ? audio_endpointer_flush(ep) : audio_endpointer_process(ep, frame);
        pos += got;
        if (in_speech && ev == AUDIO_EP_SILENCE && t.armed)
            t.dropped++; /* noise with no voice: the command may still come */
        in_speech = ev == AUDIO_EP_SPEECH;
        if (in_speech)
            decode_early(early, &t, ep);
        const int16_t *utt;
        size_t n;
        long long at;
        if (ev == AUDIO_EP_END && audio_endpointer_was_cut(ep))
            fprintf(stderr,
                    "shopspeak: a command longer than %g s was cut there; what follows "
                    "until a pause is ignored\n",
                    opt->max_command);
        if (ev == AUDIO_EP_END && take_command(&t, ep, &utt, &n, &at)) {
            int understood = answer(p, opt, mic, &t, early, barge, utt, n, at, ++heard);
            if (opt->half_duplex && !barge) /* paused while it spoke: the talk then is gone */
                audio_endpointer_flush(ep);
            time_answer(&timer, p);
            if (opt->utterances > 0 && heard >= opt->utterances)
                break;
            follow_up(p, opt, mic, &t, pos, understood);
        }
        check_answer_time(&timer, p, opt, mic, &t, in_speech, pos);
        if (got == 0)
            break;
    }
    if (stop_requested)
        fprintf(stderr, "shopspeak: stopped\n");
    early_close(early);
    bargein_close(barge);
    held_close(holding);
    holding = NULL;
    audio_endpointer_close(ep);
    mic_close(mic);
    asr_wake_close(t.wake);
    button_close(t.button);
    return rc;
}

static const char usage_listen[] =
    "Usage: shopspeak listen [OPTIONS]\n"
    "Listen on the microphone, answer each command out loud, and print each turn (what was\n"
    "heard, the intent, the answer). By default a command follows the wake word (\"hey shop,\n"
    "is the oat milk in stock\"); --activation ptt waits for Enter instead, always takes every\n"
    "utterance. A command ends after 0.6 s of silence; shorter pauses inside it are kept.\n"
    "While an answer plays the microphone is paused (half duplex). An unplugged microphone is\n"
    "reopened when it comes back, and one named with --device that is not there at start-up\n"
    "is waited for. With no audio input at all and none named, plays the demo conversation.\n"
    "\n" OPTIONS_HELP OPTIONS_LISTEN_HELP "\n" EXIT_CODES_HELP;

int command_listen(int argc, char **argv)
{
    options_t opt;
    int rc = options_parse(argc, argv, OPTIONS_LISTEN, usage_listen, &opt);
    if (rc >= 0)
        return rc;
    /* A command's audio is its pre-roll and the command: within what the recognizer decodes. */
    if (opt.max_command + opt.pre_roll > ASR_MAX_SECONDS) {
        opt.max_command = ASR_MAX_SECONDS - opt.pre_roll;
        fprintf(stderr,
                "shopspeak listen: max-command and pre-roll together pass the %d s the "
                "recognizer decodes: commands are cut at %.1f s\n",
                ASR_MAX_SECONDS, opt.max_command);
    }
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
    if (input == AUDIO_ENODEVICE && wait_for_input(&opt) != 0) {
        audio_device_done(); /* stopped while waiting */
        return EXIT_OK;
    }
    if (input < 0 && input != AUDIO_ENODEVICE) { /* a name two devices have, a failure */
        fprintf(stderr, "shopspeak: cannot use the input device: %s\n", audio_error_detail());
        audio_device_done();
        return EXIT_DEVICE;
    }
    /* A speaker named but not there would leave every answer unheard: say so now. */
    if (opt.output && audio_find_output(opt.output) < 0) {
        fprintf(stderr, "shopspeak: cannot use the output device: %s\n", audio_error_detail());
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
