/* enumerate.c - the list of PortAudio devices, for `shopspeak devices` and device pickers. */
#include "audio_internal.h"

#include <portaudio.h>

#include <stdio.h>
#include <string.h>

int audio_list_devices(audio_device_info_t *out, size_t max, size_t *n_devices)
{
    if ((!out && max) || !n_devices)
        return audio__fail(AUDIO_EINVAL, "audio_list_devices: bad argument");
    *n_devices = 0;
    int rc = audio_device_init();
    if (rc)
        return rc;
    int n = Pa_GetDeviceCount();
    PaDeviceIndex def_in = Pa_GetDefaultInputDevice(), def_out = Pa_GetDefaultOutputDevice();
    for (int i = 0; i < n; i++) {
        const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
        if (!info || (info->maxInputChannels <= 0 && info->maxOutputChannels <= 0))
            continue;
        if (*n_devices < max) {
            audio_device_info_t *d = &out[*n_devices];
            const PaHostApiInfo *api = Pa_GetHostApiInfo(info->hostApi);
            memset(d, 0, sizeof *d);
            d->index = i;
            snprintf(d->name, sizeof d->name, "%s", info->name ? info->name : "?");
            snprintf(d->host_api, sizeof d->host_api, "%s", api && api->name ? api->name : "?");
            d->input_channels = info->maxInputChannels;
            d->output_channels = info->maxOutputChannels;
            d->default_rate = info->defaultSampleRate;
            d->default_input = i == def_in && info->maxInputChannels > 0;
            d->default_output = i == def_out && info->maxOutputChannels > 0;
        }
        (*n_devices)++;
    }
    audio_device_done();
    if (n < 0)
        return audio__pa_fail(n, "listing audio devices");
    return AUDIO_OK;
}
