/*
 * shop_clock.h - a clock the shopper tests move by hand: real time plus an offset, so the
 * sample's dates (relative to when it was loaded) still hold.
 */
#ifndef SHOPSPEAK_SHOP_CLOCK_H
#define SHOPSPEAK_SHOP_CLOCK_H

#include <stdint.h>
#include <time.h>

static int64_t test_clock_offset;

static int64_t test_clock(void *user)
{
    (void)user;
    return (int64_t)time(NULL) + test_clock_offset;
}

#endif
