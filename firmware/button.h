/*
 * button.h - the push-to-talk button of `shopspeak listen` on a GPIO line, through libgpiod
 * 1.6 (Debian's libgpiod-dev). Presses are edge events the kernel queues with a timestamp;
 * button_pressed() polls for them without blocking, so the listen loop checks the button once
 * per 10 ms audio frame and never waits on it. Optional at build time: without libgpiod,
 * button_open() fails saying so.
 */
#ifndef SHOPSPEAK_BUTTON_H
#define SHOPSPEAK_BUTTON_H

#include <stddef.h>

typedef struct button_s button_t;

/* Presses closer than this to the previous one are contact bounce, not presses. */
#define BUTTON_DEBOUNCE_NS 50000000LL

/* 1 when this program was built with libgpiod. */
int button_available(void);

/*
 * Open line `line` of GPIO chip `chip` (a name as gpiodetect prints it, "gpiochip0", a path
 * "/dev/gpiochip0", a label or a number) for presses: a button between the line and ground,
 * with the line's pull-up bias on where the kernel and chip support bias (otherwise an
 * external pull-up is needed). A press is a falling edge. Returns NULL on failure with one
 * line for a person in errbuf (no such chip, no such line, line busy, not built).
 */
button_t *button_open(const char *chip, unsigned line, char *errbuf, size_t errlen);
void button_close(button_t *b); /* NULL is a no-op */

/* Whether the button was pressed since the last call: 1 or 0; never blocks. -1 when the
 * events cannot be read (errbuf says why). */
int button_pressed(button_t *b, char *errbuf, size_t errlen);

/*
 * Debouncing, kept apart so it can be tested without a GPIO chip: an edge at event_ns is a
 * press when it comes BUTTON_DEBOUNCE_NS or more after the previous press (*last_ns, 0 before
 * the first); *last_ns is updated on a press. Returns 1 for a press, 0 for bounce.
 */
int button__debounce(long long *last_ns, long long event_ns);

#endif
