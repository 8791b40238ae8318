/* tts.c - text to 16-bit PCM in memory with eSpeak NG in synchronous mode, and word phonemes. */
#include "audio_internal.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest reply we synthesise; a runaway text fails with AUDIO_ETOOLONG instead of eating RAM. */
#define TTS_MAX_SECONDS 120
#define TTS_MAX_TEXT    (64 * 1024)

struct audio_tts_s {
    int rate;
    double first_sample_ms; /* of the last speak */
    audio_tts_config_t cfg; /* as opened, put back after audio_tts_speak_as() */
    char voice[64];         /* cfg.voice's own copy */
};

/* Where the synth callback appends samples during one audio_tts_speak() call. */
typedef struct {
    int16_t *samples;
    size_t n, cap, limit;
    int overflow, nomem;
    double first_ms; /* when the first samples came */
} collector_t;

/* eSpeak NG is one global engine: these statics are the state of the single open handle. */
static atomic_flag tts_in_use = ATOMIC_FLAG_INIT;
static collector_t *active;

static int tts_fail(espeak_ng_STATUS st, const char *what)
{
    char msg[200];
    espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
    return audio__fail(AUDIO_ETTS, "eSpeak NG: %s: %s", what, msg);
}

/* Called by eSpeak NG from inside espeak_ng_Synthesize (same thread): return 1 to abort. */
static int synth_cb(short *wav, int n, espeak_EVENT *events)
{
    collector_t *c = active;
    if (!c || n <= 0 || !wav)
        return 0;
    if (c->n == 0)
        c->first_ms = audio_now_ms();
    size_t need = c->n + (size_t)n;
    if (need > c->limit) {
        c->overflow = 1;
        return 1;
    }
    if (need > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16384;
        while (cap < need)
            cap *= 2;
        if (cap > c->limit)
            cap = c->limit;
        int16_t *p = realloc(c->samples, cap * sizeof *p);
        if (!p) {
            c->nomem = 1;
            return 1;
        }
        c->samples = p;
        c->cap = cap;
    }
    memcpy(c->samples + c->n, wav, (size_t)n * sizeof *wav);
    c->n = need;
    return 0;
}

audio_tts_config_t audio_tts_config_default(void)
{
    audio_tts_config_t c = {.voice = "en-us", .words_per_minute = 0, .volume = 0};
    return c;
}

/*
 * Load eSpeak NG once per process. Why never espeak_ng_Terminate(): in eSpeak NG 1.51 (Debian
 * bookworm) a second espeak_ng_Initialize() after a Terminate deadlocks in its fifo thread on the
 * next call, so the engine stays loaded until exit and each open only reconfigures it.
 * Called with tts_in_use held, so no other thread is here.
 */
static int engine_start(void)
{
    static int started;
    if (started)
        return AUDIO_OK;
    espeak_ng_ERROR_CONTEXT ctx = NULL;
    espeak_ng_InitializePath(NULL);
    espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
    if (st != ENS_OK) {
        espeak_ng_ClearErrorContext(&ctx);
        return tts_fail(st, "cannot load its data (is espeak-ng-data installed?)");
    }
    st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 100, NULL);
    if (st != ENS_OK)
        return tts_fail(st, "initialising output");
    started = 1;
    return AUDIO_OK;
}

static int tts_configure(const audio_tts_config_t *cfg)
{
    const char *voice = cfg->voice ? cfg->voice : "en-us";
    espeak_ng_STATUS st = espeak_ng_SetVoiceByName(voice);
    if (st != ENS_OK)
        return tts_fail(st, voice);
    /* Always set both: the engine outlives handles, so a previous open's values linger. */
    st = espeak_ng_SetParameter(espeakRATE, cfg->words_per_minute ? cfg->words_per_minute : 175, 0);
    if (st != ENS_OK)
        return tts_fail(st, "setting the speaking rate");
    st = espeak_ng_SetParameter(espeakVOLUME, cfg->volume ? cfg->volume : 100, 0);
    if (st != ENS_OK)
        return tts_fail(st, "setting the volume");
    return AUDIO_OK;
}

static int tts_check_config(const audio_tts_config_t *cfg)
{
    if (cfg->words_per_minute && (cfg->words_per_minute < 80 || cfg->words_per_minute > 450))
        return audio__fail(AUDIO_EINVAL, "speaking rate %d is outside 80..450 words per minute",
                           cfg->words_per_minute);
    if (cfg->volume < 0 || cfg->volume > 200)
        return audio__fail(AUDIO_EINVAL, "volume %d is outside 0..200", cfg->volume);
    return AUDIO_OK;
}

audio_tts_t *audio_tts_open(const audio_tts_config_t *config, int *status)
{
    audio_tts_config_t cfg = config ? *config : audio_tts_config_default();
    int rc = tts_check_config(&cfg);
    if (rc) {
        *status = rc;
        return NULL;
    }
    if (atomic_flag_test_and_set(&tts_in_use)) {
        *status = audio__fail(AUDIO_ETTS, "eSpeak NG is already open (only one TTS at a time)");
        return NULL;
    }
    audio_tts_t *tts = calloc(1, sizeof *tts);
    if (!tts) {
        atomic_flag_clear(&tts_in_use);
        *status = audio__fail(AUDIO_ENOMEM, "out of memory opening text-to-speech");
        return NULL;
    }
    rc = engine_start();
    if (rc) {
        *status = rc;
        goto error_out;
    }
    espeak_SetSynthCallback(synth_cb);
    rc = tts_configure(&cfg);
    if (rc) {
        *status = rc;
        goto error_out;
    }
    tts->rate = espeak_ng_GetSampleRate();
    tts->cfg = cfg;
    snprintf(tts->voice, sizeof tts->voice, "%s", cfg.voice ? cfg.voice : "en-us");
    tts->cfg.voice = tts->voice;
    *status = AUDIO_OK;
    return tts;

error_out:
    free(tts);
    atomic_flag_clear(&tts_in_use);
    return NULL;
}

void audio_tts_close(audio_tts_t *tts)
{
    if (!tts)
        return;
    free(tts);
    atomic_flag_clear(&tts_in_use);
}

double audio_tts_first_sample_ms(const audio_tts_t *tts)
{
    return tts ? tts->first_sample_ms : 0;
}

int audio_tts_rate(const audio_tts_t *tts)
{
    return tts ? tts->rate : 0;
}

int audio_tts_speak(audio_tts_t *tts, const char *text, audio_buf_t *out)
{
    if (!tts || !text || !out)
        return audio__fail(AUDIO_EINVAL, "audio_tts_speak: NULL argument");
    memset(out, 0, sizeof *out);
    size_t len = strlen(text);
    if (len > TTS_MAX_TEXT)
        return audio__fail(AUDIO_ETOOLONG, "text of %zu bytes is longer than %d", len,
                           TTS_MAX_TEXT);
    collector_t c = {.limit = (size_t)tts->rate * TTS_MAX_SECONDS};
    active = &c;
    espeak_ng_STATUS st =
        espeak_ng_Synthesize(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    active = NULL;
    tts->first_sample_ms = c.first_ms;
    int rc = AUDIO_OK;
    if (c.nomem)
        rc = audio__fail(AUDIO_ENOMEM, "out of memory synthesising %zu bytes of text", len);
    else if (c.overflow)
        rc = audio__fail(AUDIO_ETOOLONG, "speech would be longer than %d s", TTS_MAX_SECONDS);
    else if (st != ENS_OK)
        rc = tts_fail(st, "synthesis");
    else if (c.n == 0)
        rc = audio__fail(AUDIO_EEMPTY, "eSpeak NG produced no audio for \"%.40s\"", text);
    if (rc) {
        free(c.samples);
        return rc;
    }
    out->samples = c.samples;
    out->n_samples = c.n;
    out->sample_rate = tts->rate;
    return AUDIO_OK;
}

int audio_tts_speak_as(audio_tts_t *tts, const audio_tts_config_t *as, const char *text,
                       audio_buf_t *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!tts || !as)
        return audio__fail(AUDIO_EINVAL, "audio_tts_speak_as: NULL argument");
    int rc = tts_check_config(as);
    if (rc == AUDIO_OK)
        rc = tts_configure(as);
    if (rc == AUDIO_OK)
        rc = audio_tts_speak(tts, text, out);
    int back = tts_configure(&tts->cfg);
    if (rc == AUDIO_OK && back != AUDIO_OK) {
        audio_buf_free(out);
        rc = back;
    }
    return rc;
}

/* Append src to buf[*used..], keeping a NUL; returns 0 or -1 when it does not fit. */
static int append(char *buf, size_t buflen, size_t *used, const char *src)
{
    size_t n = strlen(src);
    if (*used + n + 1 > buflen)
        return -1;
    memcpy(buf + *used, src, n + 1);
    *used += n;
    return 0;
}

int audio_tts_phonemes(audio_tts_t *tts, const char *word, char *buf, size_t buflen)
{
    if (!tts || !word || !buf || buflen == 0)
        return audio__fail(AUDIO_EINVAL, "audio_tts_phonemes: NULL argument");
    buf[0] = '\0';
    size_t used = 0;
    /* espeak_TextToPhonemes stops at each clause boundary: loop until it consumes the text. */
    const void *p = word;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        if (!ph)
            break;
        while (*ph == ' ')
            ph++;
        if (!*ph)
            continue;
        if ((used && append(buf, buflen, &used, " ")) || append(buf, buflen, &used, ph)) {
            buf[0] = '\0';
            return audio__fail(AUDIO_EINVAL, "phonemes of \"%.40s\" do not fit in %zu bytes", word,
                               buflen);
        }
    }
    while (used && buf[used - 1] == ' ')
        buf[--used] = '\0';
    if (!used)
        return audio__fail(AUDIO_ETTS, "eSpeak NG gave no phonemes for \"%.40s\"", word);
    return AUDIO_OK;
}
