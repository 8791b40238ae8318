/* device.c - PortAudio start-up and shutdown (quietly, even without a sound card) and device
 * lookup. */
#include "audio_internal.h"

#include <alsa/asoundlib.h>
#include <portaudio.h>

#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static pthread_mutex_t pa_lock = PTHREAD_MUTEX_INITIALIZER;
static int pa_refs;

/* ALSA prints every failed probe to stderr; the product says one clear line instead. */
static void alsa_quiet(const char *file, int line, const char *function, int err, const char *fmt,
                       ...)
{
}

/*
 * Pa_Initialize probes ALSA, OSS and JACK. JACK's client library writes "Cannot connect to
 * server" lines straight to stderr, with no hook to stop it, so stderr is pointed at /dev/null
 * for the duration of the probe only. Set SHOPSPEAK_AUDIO_DEBUG=1 to see those lines.
 */
static int quiet_stderr(void)
{
    if (getenv("SHOPSPEAK_AUDIO_DEBUG"))
        return -1;
    int saved = dup(STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved < 0 || devnull < 0 || dup2(devnull, STDERR_FILENO) < 0) {
        if (saved >= 0)
            close(saved);
        saved = -1;
    }
    if (devnull >= 0)
        close(devnull);
    return saved;
}

static void restore_stderr(int saved)
{
    if (saved < 0)
        return;
    dup2(saved, STDERR_FILENO);
    close(saved);
}

int audio__pa_fail(int pa_err, const char *what)
{
    const char *msg = Pa_GetErrorText((PaError)pa_err);
    if (pa_err == paUnanticipatedHostError) {
        const PaHostErrorInfo *info = Pa_GetLastHostErrorInfo();
        if (info && info->errorText)
            msg = info->errorText;
    }
    return audio__fail(AUDIO_EDEVICE, "%s: %s", what, msg ? msg : "unknown PortAudio error");
}

int audio_device_init(void)
{
    int rc = AUDIO_OK;
    pthread_mutex_lock(&pa_lock);
    if (pa_refs == 0) {
        snd_lib_error_set_handler(alsa_quiet);
        int saved = quiet_stderr();
        PaError err = Pa_Initialize();
        restore_stderr(saved);
        if (err != paNoError)
            rc = audio__pa_fail(err, "cannot start PortAudio");
    }
    if (rc == AUDIO_OK)
        pa_refs++;
    pthread_mutex_unlock(&pa_lock);
    return rc;
}

void audio_device_done(void)
{
    pthread_mutex_lock(&pa_lock);
    if (pa_refs > 0 && --pa_refs == 0) {
        int saved = quiet_stderr();
        Pa_Terminate();
        restore_stderr(saved);
    }
    pthread_mutex_unlock(&pa_lock);
}

int audio_device_rescan(void)
{
    int rc = AUDIO_OK;
    pthread_mutex_lock(&pa_lock);
    if (pa_refs > 0) {
        int saved = quiet_stderr();
        Pa_Terminate();
        PaError err = Pa_Initialize();
        restore_stderr(saved);
        /* On failure the references stand: the next rescan tries again, and meanwhile every
         * PortAudio call fails cleanly ("not initialised"). */
        if (err != paNoError)
            rc = audio__pa_fail(err, "cannot restart PortAudio");
    }
    pthread_mutex_unlock(&pa_lock);
    return rc;
}

static int has_dir(const PaDeviceInfo *info, int want_input)
{
    return info && (want_input ? info->maxInputChannels : info->maxOutputChannels) > 0;
}

/* Case-insensitive strstr. */
static int contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] &&
               tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return n == 0;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

/* Count the devices that can record (or play) and name them for an error message. */
static int list_devices(int want_input, char *names, size_t len)
{
    int count = 0, n = Pa_GetDeviceCount();
    size_t used = 0;
    names[0] = '\0';
    for (int i = 0; i < n; i++) {
        const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
        if (!has_dir(info, want_input))
            continue;
        count++;
        int w = snprintf(names + used, len - used, "%s%d \"%s\"", used ? ", " : "", i, info->name);
        if (w > 0 && (size_t)w < len - used)
            used += (size_t)w;
    }
    return count;
}

int audio__find_device(const char *spec, int want_input)
{
    const char *dir = want_input ? "input" : "output";
    char names[512];
    if (Pa_GetDeviceCount() <= 0 || list_devices(want_input, names, sizeof names) == 0)
        return audio__fail(AUDIO_ENODEVICE, "no audio %s device found (is a %s connected?)", dir,
                           want_input ? "microphone" : "speaker");
    if (!spec || !*spec || strcmp(spec, "default") == 0) {
        PaDeviceIndex d = want_input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
        if (d == paNoDevice)
            return audio__fail(AUDIO_ENODEVICE, "no default %s device; available: %s", dir, names);
        return d;
    }
    if (all_digits(spec)) {
        long i = strtol(spec, NULL, 10);
        if (i >= Pa_GetDeviceCount() || !has_dir(Pa_GetDeviceInfo((PaDeviceIndex)i), want_input))
            return audio__fail(AUDIO_ENODEVICE, "device %s is not an %s device; available: %s",
                               spec, dir, names);
        return (int)i;
    }
    /* The whole name first; then part of one, which must then be the only match: with two
     * microphones named alike, taking the first quietly would listen to the wrong one. */
    int found = -1, n_found = 0;
    char matches[512] = "";
    size_t used = 0;
    for (int i = 0; i < Pa_GetDeviceCount(); i++) {
        const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
        if (!has_dir(info, want_input) || !info->name)
            continue;
        if (strcasecmp(info->name, spec) == 0)
            return i;
        if (!contains(info->name, spec))
            continue;
        found = i;
        n_found++;
        int w = snprintf(matches + used, sizeof matches - used, "%s%d \"%s\"", used ? ", " : "", i,
                         info->name);
        if (w > 0 && (size_t)w < sizeof matches - used)
            used += (size_t)w;
    }
    if (n_found > 1)
        return audio__fail(AUDIO_EDEVICE,
                           "\"%s\" matches %d %s devices: %s; give more of the name, or the number",
                           spec, n_found, dir, matches);
    if (n_found == 1)
        return found;
    return audio__fail(AUDIO_ENODEVICE, "no %s device matches \"%s\"; available: %s", dir, spec,
                       names);
}

static int find_with_init(const char *spec, int want_input)
{
    int rc = audio_device_init();
    if (rc)
        return rc;
    rc = audio__find_device(spec, want_input);
    audio_device_done();
    return rc;
}

int audio_find_input(const char *name_or_index)
{
    return find_with_init(name_or_index, 1);
}

int audio_find_output(const char *name_or_index)
{
    return find_with_init(name_or_index, 0);
}
