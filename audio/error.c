/* error.c - status names and the thread-local one-line failure detail of the audio module. */
#include "audio_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static _Thread_local char detail[320];

const char *audio_strerror(int status)
{
    switch (status) {
    case AUDIO_OK:
        return "success";
    case AUDIO_ENOENT:
        return "file not found or unreadable";
    case AUDIO_EFORMAT:
        return "not a readable audio file";
    case AUDIO_EEMPTY:
        return "no audio samples";
    case AUDIO_ETOOLONG:
        return "audio too long";
    case AUDIO_ENOMEM:
        return "out of memory";
    case AUDIO_EIO:
        return "read or write error";
    case AUDIO_ETTS:
        return "text-to-speech failed";
    case AUDIO_EDEVICE:
        return "audio device error";
    case AUDIO_ENODEVICE:
        return "no audio device";
    case AUDIO_EINVAL:
        return "invalid argument";
    default:
        return "unknown audio error";
    }
}

const char *audio_error_detail(void)
{
    return detail;
}

int audio__fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return status;
}

int16_t audio__clip16(float x)
{
    float v = x * 32768.0f;
    if (!(v == v)) /* NaN in a float file: treat as silence rather than undefined behaviour */
        return 0;
    if (v >= 32767.0f)
        return 32767;
    if (v <= -32768.0f)
        return -32768;
    return (int16_t)lrintf(v);
}
