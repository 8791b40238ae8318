/* button.c - the push-to-talk button: falling-edge events of one GPIO line, polled. */
#include "button.h"

#include <stdio.h>

int button__debounce(long long *last_ns, long long event_ns)
{
    if (*last_ns && event_ns - *last_ns < BUTTON_DEBOUNCE_NS)
        return 0;
    *last_ns = event_ns;
    return 1;
}

#ifdef SHOPSPEAK_HAVE_GPIOD

#include <gpiod.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

struct button_s {
    struct gpiod_chip *chip;
    struct gpiod_line *line; /* owned by chip */
    long long last_press_ns;
};

int button_available(void)
{
    return 1;
}

/* Request falling-edge events, with the pull-up bias when the kernel has bias (5.5 and later). */
static int request_events(struct gpiod_line *line)
{
    struct gpiod_line_request_config cfg = {"shopspeak", GPIOD_LINE_REQUEST_EVENT_FALLING_EDGE,
                                            GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP};
    if (gpiod_line_request(line, &cfg, 0) == 0)
        return 0;
    if (errno != EOPNOTSUPP && errno != EINVAL)
        return -1;
    cfg.flags = 0;
    return gpiod_line_request(line, &cfg, 0);
}

button_t *button_open(const char *chip, unsigned line, char *errbuf, size_t errlen)
{
    button_t *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(errbuf, errlen, "out of memory opening the GPIO button");
        return NULL;
    }
    if (!(b->chip = gpiod_chip_open_lookup(chip))) {
        snprintf(errbuf, errlen,
                 "cannot open GPIO chip '%s' (gpio-chip): %s; gpiodetect lists the chips", chip,
                 strerror(errno));
        goto error_out;
    }
    unsigned n = gpiod_chip_num_lines(b->chip);
    if (line >= n || !(b->line = gpiod_chip_get_line(b->chip, line))) {
        snprintf(errbuf, errlen, "GPIO chip '%s' has no line %u (gpio-line; it has lines 0-%u)",
                 chip, line, n ? n - 1 : 0);
        goto error_out;
    }
    if (request_events(b->line) < 0) {
        snprintf(errbuf, errlen, "cannot use line %u of GPIO chip '%s' for the button: %s", line,
                 chip, strerror(errno));
        b->line = NULL;
        goto error_out;
    }
    return b;
error_out:
    button_close(b);
    return NULL;
}

void button_close(button_t *b)
{
    if (!b)
        return;
    if (b->line)
        gpiod_line_release(b->line);
    if (b->chip)
        gpiod_chip_close(b->chip);
    free(b);
}

int button_pressed(button_t *b, char *errbuf, size_t errlen)
{
    struct pollfd pfd = {gpiod_line_event_get_fd(b->line), POLLIN, 0};
    int pressed = 0;
    while (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN)) {
        struct gpiod_line_event ev[16];
        int n = gpiod_line_event_read_multiple(b->line, ev, 16);
        if (n < 0) {
            snprintf(errbuf, errlen, "reading the GPIO button: %s", strerror(errno));
            return -1;
        }
        for (int i = 0; i < n; i++) {
            long long ns = (long long)ev[i].ts.tv_sec * 1000000000LL + ev[i].ts.tv_nsec;
            if (ev[i].event_type == GPIOD_LINE_EVENT_FALLING_EDGE &&
                button__debounce(&b->last_press_ns, ns))
                pressed = 1;
        }
    }
    return pressed;
}

#else /* built without libgpiod */

struct button_s {
    int unused;
};

int button_available(void)
{
    return 0;
}

button_t *button_open(const char *chip, unsigned line, char *errbuf, size_t errlen)
{
    (void)chip;
    (void)line;
    snprintf(errbuf, errlen,
             "ptt-key = gpio: this shopspeak was built without libgpiod (install libgpiod-dev "
             "and rebuild), use ptt-key = enter");
    return NULL;
}

void button_close(button_t *b)
{
    (void)b;
}

int button_pressed(button_t *b, char *errbuf, size_t errlen)
{
    (void)b;
    snprintf(errbuf, errlen, "no GPIO button");
    return -1;
}

#endif
