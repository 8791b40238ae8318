/* play.c - placeholder */
#include "audio_internal.h"
