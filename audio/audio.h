/*
 * audio.h - sound in and out for shopspeak: WAV files, resampling, text-to-speech,
 * PortAudio capture and playback, and the endpointer that cuts an utterance out of a stream.
 *
 * Conventions: functions return 0 (AUDIO_OK) or a negative AUDIO_E* code. When one fails,
 * audio_error_detail() gives a one-line explanation for a person (thread-local, valid until
 * the next failing audio_ call on the same thread). Nothing here prints or exits.
 * All PCM handed out is signed 16-bit mono.
 */
#ifndef SHOPSPEAK_AUDIO_H
#define SHOPSPEAK_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The rate the recognizer wants. */
#define AUDIO_ASR_RATE 16000
/* The lowest rate a file may have: telephone speech. */
#define AUDIO_MIN_RATE 8000

typedef enum {
    AUDIO_OK = 0,
    AUDIO_ENOENT = -100,    /* file does not exist or cannot be opened */
    AUDIO_EFORMAT = -101,   /* not a readable audio file, or an unsupported layout */
    AUDIO_EEMPTY = -102,    /* the file holds no samples */
    AUDIO_ETOOLONG = -103,  /* longer than the caller's cap */
    AUDIO_ENOMEM = -104,    /* out of memory */
    AUDIO_EIO = -105,       /* read or write error (truncated file, disk full) */
    AUDIO_ETTS = -106,      /* eSpeak NG failed to initialise or synthesise */
    AUDIO_EDEVICE = -107,   /* PortAudio: a device failed, or a name matches more than one */
    AUDIO_ENODEVICE = -108, /* PortAudio: the device is not there (none at all, or by that
                             * name or number); it may be plugged in later */
    AUDIO_EINVAL = -109,    /* bad argument */
} audio_status_t;

/* A name for a status code; never NULL. */
const char *audio_strerror(int status);
/* A one-line explanation of the last failure on this thread; "" when none. */
const char *audio_error_detail(void);

/* ---- PCM buffers ------------------------------------------------------------------------ */

typedef struct {
    int16_t *samples; /* owned by the buffer; free with audio_buf_free() */
    size_t n_samples;
    int sample_rate;
} audio_buf_t;

/* Free the samples and zero the struct. NULL and an empty buffer are fine. */
void audio_buf_free(audio_buf_t *buf);

/* Duration in seconds. */
double audio_buf_seconds(const audio_buf_t *buf);

/* ---- Files --------------------------------------------------------------------------- */

/* The cap audio_read_wav() applies when the caller gives none (max_seconds <= 0). */
#define AUDIO_MAX_SECONDS 3600.0

/*
 * Read any common WAV (8/16/24/32-bit integer or float, mono or multichannel, AUDIO_MIN_RATE
 * and up) with libsndfile, mix it to mono and resample it to `rate` with speexdsp.
 * max_seconds > 0 caps the length: longer files fail with AUDIO_ETOOLONG without being
 * read whole. On success *out owns new samples.
 */
int audio_read_wav(const char *path, int rate, double max_seconds, audio_buf_t *out);

/* Write 16-bit mono PCM as a WAV file, replacing `path`. */
int audio_write_wav(const char *path, const int16_t *samples, size_t n, int rate);

/* Resample 16-bit mono PCM with speexdsp. On success *out owns new samples. */
int audio_resample(const int16_t *in, size_t n, int in_rate, int out_rate, audio_buf_t *out);

/* ---- Noise mixing (as the public speech-to-intent benchmark does it) -------------------- */

/* The frame over which loudness is measured, and the peak a mix is scaled to (half of full
 * scale). */
#define AUDIO_MIX_FRAME 2048
#define AUDIO_MIX_PEAK  16384.0

/*
 * The energy (sum of squared samples) of the loudest AUDIO_MIX_FRAME-sample frame of pcm,
 * frames counted from its first sample; a trailing partial frame is left out, and pcm
 * shorter than one frame is one frame. 0 for silence, NULL or n == 0.
 */
double audio_loudest_frame_energy(const int16_t *pcm, size_t n);

/*
 * Mix noise into n samples of speech at snr_db, the benchmark's way: the noise segment is the
 * n samples from noise_offset (taken modulo n_noise; noise shorter than that wraps around);
 * it is scaled so that audio_loudest_frame_energy(speech) over that of the segment is snr_db;
 * the two are added and the sum is scaled so that its peak is AUDIO_MIX_PEAK (half of full
 * scale), so the output never clips. Deterministic: the caller chooses the offset
 * (audio_noise_offset()).
 *
 * out (OUT: n samples, caller's memory) may be speech itself. Returns AUDIO_OK, or
 * AUDIO_EINVAL with audio_error_detail() set for: NULL or empty input, snr_db not finite or
 * outside -60..120, speech or noise segment that is digital silence (no ratio can be set).
 */
int audio_mix_noise(const int16_t *speech, size_t n, const int16_t *noise, size_t n_noise,
                    double snr_db, size_t noise_offset, int16_t *out);

/*
 * A reproducible noise offset for utterance number `index` of n samples, from `seed`:
 * SplitMix64(seed XOR SplitMix64(index)) modulo (n_noise - n) when the noise is longer than
 * the speech (the segment then fits, as in the benchmark), else modulo n_noise. The same seed
 * and index always give the same offset, whatever else is mixed. 0 when n_noise is 0.
 */
size_t audio_noise_offset(uint64_t seed, uint64_t index, size_t n, size_t n_noise);

/* Draws audio_noise_offset_audible() makes before it gives up on a mostly silent noise. */
#define AUDIO_MIX_DRAWS 64

/*
 * audio_noise_offset(), unless the n-sample segment there is digital silence (a noise file
 * with gated or muted stretches): then the next of up to AUDIO_MIX_DRAWS reproducible draws
 * whose segment has sound. When none has, the first draw, and audio_mix_noise() says why it
 * cannot mix there. The benchmark's own offset whenever that one can be mixed.
 */
size_t audio_noise_offset_audible(uint64_t seed, uint64_t index, size_t n, const int16_t *noise,
                                  size_t n_noise);

/* ---- Text to speech (eSpeak NG, synchronous, into memory) ----------------------------- */

typedef struct audio_tts_s audio_tts_t;

typedef struct {
    const char *voice;    /* eSpeak NG voice name, e.g. "en-us"; NULL for "en-us" */
    int words_per_minute; /* 80..450; 0 for eSpeak's default (175) */
    int volume;           /* 0..200, 100 is normal; 0 for default */
} audio_tts_config_t;

audio_tts_config_t audio_tts_config_default(void);

/* eSpeak NG keeps global state: open at most one at a time. NULL on failure, *status set. */
audio_tts_t *audio_tts_open(const audio_tts_config_t *config, int *status);
void audio_tts_close(audio_tts_t *tts); /* NULL is a no-op */

/* Speak `text` (UTF-8) into *out at the synthesiser's native rate (audio_tts_rate()). */
int audio_tts_speak(audio_tts_t *tts, const char *text, audio_buf_t *out);
/* Speak `text` once in another voice, rate or volume (as), then return to tts's own: a second
 * speaker without a second engine (the demo's shopper, who is not the shopper's chosen voice). */
int audio_tts_speak_as(audio_tts_t *tts, const audio_tts_config_t *as, const char *text,
                       audio_buf_t *out);
/* When the last audio_tts_speak() on tts got its first samples from eSpeak NG (audio_now_ms()
 * clock); 0 before any. For latency timelines. */
double audio_tts_first_sample_ms(const audio_tts_t *tts);
int audio_tts_rate(const audio_tts_t *tts);

/*
 * Phonemes for one word as eSpeak NG's ASCII mnemonics (phonememode 0), e.g.
 * "l'avaz@" (stress marks included). Writes a NUL-terminated string into buf.
 */
int audio_tts_phonemes(audio_tts_t *tts, const char *word, char *buf, size_t buflen);

/* ---- PortAudio ----------------------------------------------------------------------- */

/* Initialise and terminate PortAudio (reference counted; pair them). */
int audio_device_init(void);
void audio_device_done(void);
/* Look for the devices again (PortAudio lists them once, when it starts): a USB microphone
 * plugged back in may have come back under another card. Only while no stream is open: it
 * closes them. A no-op when PortAudio is not started. */
int audio_device_rescan(void);

/* Index of an input device chosen by name (substring match) or number; NULL for the default.
 * Returns the index >= 0, or AUDIO_ENODEVICE / AUDIO_EDEVICE. */
int audio_find_input(const char *name_or_index);
int audio_find_output(const char *name_or_index);

/* One device as PortAudio reports it (audio_list_devices). */
typedef struct {
    int index;           /* the number --device and --output take */
    char name[128];      /* truncated if longer */
    char host_api[32];   /* "ALSA", "JACK Audio Connection Kit", ... */
    int input_channels;  /* 0: not an input */
    int output_channels; /* 0: not an output */
    double default_rate; /* Hz */
    int default_input;   /* 1 for the default input device */
    int default_output;  /* 1 for the default output device */
} audio_device_info_t;

/*
 * List the devices that can record or play (in PortAudio's order) into out[0..max-1];
 * *n_devices is how many there are (more than max when out was too small; 0 on a machine
 * without a sound card, which is not an error). Initialises PortAudio for the call.
 */
int audio_list_devices(audio_device_info_t *out, size_t max, size_t *n_devices);

/* Play 16-bit mono PCM on an output device (NULL: default), blocking until done. The audio is
 * resampled to a rate the device accepts. */
int audio_play(const char *device, const int16_t *samples, size_t n, int rate);
/* From now on, while stop() returns non-zero, audio_play() stops within one write (~60 ms) and
 * drops what the device still has queued, returning AUDIO_OK: a program stopping on a signal
 * (Ctrl-C, systemd's SIGTERM) does not first finish a ten-second answer. stop must be safe to
 * call at any time (read a flag a signal handler sets); NULL turns it off. */
void audio_play_interrupt_on(int (*stop)(void));
/* When the last audio_play() of this process handed its first samples to the device
 * (audio_now_ms() clock); 0 before any. Not thread-safe: for latency timelines. */
double audio_play_first_write_ms(void);

/*
 * Playback a piece at a time, for barge-in: the loop that plays also reads the microphone.
 * audio_player_start() opens the output device (NULL: default) for the n samples at `rate`
 * (copied, resampled to what the device takes); each audio_player_step() writes the next n of
 * them (blocking while the device's buffer is full, as a real device paces it) and returns how
 * many it played, 0 at the end, or a negative status; audio_player_stop() ends playback: cut
 * != 0 drops what the device still has queued (stop talking now), 0 lets it finish. NULL is a
 * no-op. audio_player_played() is how many of the n samples were handed to the device.
 */
typedef struct audio_player_s audio_player_t;
audio_player_t *audio_player_start(const char *device, const int16_t *samples, size_t n, int rate,
                                   int *status);
long audio_player_step(audio_player_t *p, size_t n);
size_t audio_player_played(const audio_player_t *p);
void audio_player_stop(audio_player_t *p, int cut);

/*
 * Echo cancellation (speexdsp): takes out of what the microphone heard what the speaker
 * played. Frames of AUDIO_ENDPOINTER_FRAME samples at 16 kHz; tail_ms is the longest echo
 * path it models (100-500 ms for a speaker beside its microphone). audio_echo_cancel() takes a
 * microphone frame and the speaker's frame played at the same time and writes the cleaned
 * frame into out (OUT: AUDIO_ENDPOINTER_FRAME samples, may not alias mic).
 */
typedef struct audio_echo_s audio_echo_t;
audio_echo_t *audio_echo_open(int tail_ms, int *status);
void audio_echo_cancel(audio_echo_t *e, const int16_t *mic, const int16_t *played, int16_t *out);
void audio_echo_reset(audio_echo_t *e);
void audio_echo_close(audio_echo_t *e); /* NULL is a no-op */

/* The monotonic clock (CLOCK_MONOTONIC) in milliseconds: the clock of the timelines above. */
double audio_now_ms(void);

typedef struct audio_capture_s audio_capture_t;

typedef struct {
    const char *device; /* name or index; NULL for the default input */
    int device_rate;    /* 0: the device's default rate */
    int channels;       /* 0: mono if the device allows, else what it has */
    int frame_ms;       /* size of one read, default 10 */
    double max_seconds; /* > 0: the stream ends (reads return 0) after this much audio; 0: never.
                         * A file-backed ALSA device cannot signal its end (it returns silence
                         * past it), so tests and batch runs bound capture with this. */
} audio_capture_config_t;

audio_capture_config_t audio_capture_config_default(void);

/* Open and start a capture stream. NULL on failure with *status set. */
audio_capture_t *audio_capture_open(const audio_capture_config_t *config, int *status);
/*
 * Block until n samples of 16 kHz mono are available and copy them into out.
 * Returns the number of samples read (n), 0 at the end of the stream, or a negative status.
 */
long audio_capture_read(audio_capture_t *cap, int16_t *out, size_t n);
void audio_capture_close(audio_capture_t *cap); /* NULL is a no-op */
/*
 * Half duplex: stop recording (what the device has queued is dropped, so nothing heard while
 * paused is ever read) and start again. Reads while paused fail with AUDIO_EINVAL.
 */
int audio_capture_pause(audio_capture_t *cap);
int audio_capture_resume(audio_capture_t *cap);
/* How often the device overran because reads came too late (samples were lost). */
unsigned long audio_capture_overflows(const audio_capture_t *cap);
/* The rate and channel count the device was opened with (before mixing and resampling). */
int audio_capture_device_rate(const audio_capture_t *cap);
int audio_capture_device_channels(const audio_capture_t *cap);

/* ---- Endpointer ---------------------------------------------------------------------- */

/*
 * Finds where speech starts and ends in a 16 kHz stream fed in 10 ms frames, without
 * ending an utterance at a short pause inside it. Keeps a pre-roll so the first syllable
 * is not lost. Loud sound with no voice in it (clatter: no periodic frames) does not keep an
 * utterance going, and an utterance with hardly any voice is dropped: SPEECH events, then
 * SILENCE instead of END. (A whispered command is dropped too.) Preallocates everything at
 * init.
 */
typedef struct audio_endpointer_s audio_endpointer_t;

typedef struct {
    int trailing_silence_ms; /* silence that ends an utterance; default 600 */
    int pre_roll_ms;         /* audio kept before the detected start; default 300 */
    int min_speech_ms;       /* shorter bursts are noise; default 150 */
    int max_utterance_ms;    /* an utterance is cut here; default 10000 */
    /* 1 (default): only voice is speech, as above. 0: energy alone (loud is speech), for a
     * whispering or very breathy speaker; clatter then starts and prolongs utterances. */
    int require_voice;
} audio_endpointer_config_t;

/* Voicing, for the endpointer and for the recognizer's stretch to decode: whether x, the last
 * AUDIO_PITCH_SAMPLES of a signal high-passed (~100 Hz) and at 8 kHz, oldest first, repeats at
 * a pitch period: its first AUDIO_PITCH_WIN samples (32 ms) correlate with themselves delayed by
 * a lag of 60-400 Hz at min_corr or more (normalised). 1 or 0. */
#define AUDIO_PITCH_WIN     256
#define AUDIO_PITCH_SAMPLES (AUDIO_PITCH_WIN + 133)
int audio_is_periodic(const float *x, double min_corr);

audio_endpointer_config_t audio_endpointer_config_default(void);
audio_endpointer_t *audio_endpointer_open(const audio_endpointer_config_t *config, int *status);
void audio_endpointer_close(audio_endpointer_t *ep);

typedef enum {
    AUDIO_EP_SILENCE = 0, /* nothing yet */
    AUDIO_EP_SPEECH = 1,  /* inside an utterance */
    AUDIO_EP_END = 2,     /* an utterance just ended: fetch it with audio_endpointer_utterance() */
} audio_ep_event_t;

/* The trailing silence an utterance keeps after its last voiced frame, in ms. */
#define AUDIO_ENDPOINTER_TAIL_MS 200

/* Feed one frame of AUDIO_ENDPOINTER_FRAME samples (10 ms at 16 kHz). */
#define AUDIO_ENDPOINTER_FRAME 160
audio_ep_event_t audio_endpointer_process(audio_endpointer_t *ep, const int16_t *frame);
/* At the end of input, or of a stretch of it (the microphone paused): close an utterance in
 * progress, and forget the wait for a pause after a cut (audio_endpointer_was_cut()).
 * Returns AUDIO_EP_END if there was one (with a voice in it). */
audio_ep_event_t audio_endpointer_flush(audio_endpointer_t *ep);
/* The utterance that just ended, pre-roll included. Owned by the endpointer; valid until the
 * next call to audio_endpointer_process(). */
const int16_t *audio_endpointer_utterance(const audio_endpointer_t *ep, size_t *n_samples);
/* Where that utterance starts (pre-roll included), in samples since the endpointer opened:
 * frame k of the stream starts at k * AUDIO_ENDPOINTER_FRAME. -1 when there is none. */
long long audio_endpointer_utterance_start(const audio_endpointer_t *ep);
/* Whether that utterance was cut at max_utterance_ms rather than ended by silence. Speech
 * that goes on after a cut is not a new utterance: the next one starts after a pause of
 * trailing_silence_ms. */
int audio_endpointer_was_cut(const audio_endpointer_t *ep);
/*
 * While an utterance is in its trailing silence and that silence is already as long as the
 * part of it an utterance keeps: the samples (pre-roll included) the utterance will have if
 * it ends without more speech, *n_samples of them, and where it starts (as
 * audio_endpointer_utterance_start()). If it does end so, audio_endpointer_utterance() gives
 * the same samples. NULL (and *n_samples 0) otherwise. Owned by the endpointer; valid until
 * the next call to audio_endpointer_process(). For decoding before the end is certain.
 */
const int16_t *audio_endpointer_tentative(const audio_endpointer_t *ep, size_t *n_samples,
                                          long long *start);

#ifdef __cplusplus
}
#endif
#endif /* SHOPSPEAK_AUDIO_H */
