/*
 * fake_gpiod.c - a stand-in for the part of libgpiod 1.6 that firmware/button.c uses, loaded
 * with LD_PRELOAD by tests/e2e/gpio.sh. This machine has no GPIO chip and its kernel no gpio-sim
 * module, so without it the button's success path (a press starts a command) could not run
 * anywhere but on a Pi. Everything else in that path is real: shopspeak's own button.c and
 * listen loop, PortAudio over ALSA's file plugin, the recognizer.
 *
 * The test drives it through the environment:
 *   SHOPSPEAK_FAKE_GPIO_CHIP    the one chip's name (default "gpiochip-fake"), 8 lines
 *   SHOPSPEAK_FAKE_GPIO_EVENTS  a FIFO; each byte read from it is an edge of the requested
 *                               line: 'F' falling (a press), 'R' rising (a release), '+' moves
 *                               the events' clock on by 100 ms, 'E' makes the read fail (EIO)
 *   SHOPSPEAK_FAKE_GPIO_BUSY    a line number that another consumer holds (EBUSY)
 *   SHOPSPEAK_FAKE_GPIO_NO_BIAS 1: a kernel before 5.5, without bias flags (EINVAL when asked)
 * and it says on stderr what was requested ("fake-gpiod: line 4 requested by shopspeak:
 * falling edges, pull-up"), so the test can check the request itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define N_LINES 8

struct gpiod_line {
    struct gpiod_chip *chip;
    unsigned offset;
    int fd; /* the events FIFO while requested, else -1 */
};

struct gpiod_chip {
    struct gpiod_line lines[N_LINES];
    long long clock_offset_ns; /* '+' bytes */
    int failing;               /* an 'E' read after edges: the next read fails */
};

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

struct gpiod_chip *gpiod_chip_open_lookup(const char *descr)
{
    if (!descr || strcmp(descr, env_or("SHOPSPEAK_FAKE_GPIO_CHIP", "gpiochip-fake")) != 0) {
        errno = ENOENT;
        return NULL;
    }
    struct gpiod_chip *chip = calloc(1, sizeof *chip);
    if (!chip) {
        errno = ENOMEM;
        return NULL;
    }
    for (unsigned i = 0; i < N_LINES; i++)
        chip->lines[i] = (struct gpiod_line){chip, i, -1};
    return chip;
}

void gpiod_chip_close(struct gpiod_chip *chip)
{
    if (!chip)
        return;
    for (unsigned i = 0; i < N_LINES; i++)
        if (chip->lines[i].fd >= 0)
            close(chip->lines[i].fd);
    free(chip);
}

unsigned int gpiod_chip_num_lines(struct gpiod_chip *chip)
{
    (void)chip;
    return N_LINES;
}

struct gpiod_line *gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset)
{
    if (offset >= N_LINES) {
        errno = EINVAL;
        return NULL;
    }
    return &chip->lines[offset];
}

int gpiod_line_request(struct gpiod_line *line, const struct gpiod_line_request_config *config,
                       int default_val)
{
    (void)default_val;
    const char *busy = getenv("SHOPSPEAK_FAKE_GPIO_BUSY");
    if (busy && *busy && (unsigned)atoi(busy) == line->offset) {
        errno = EBUSY;
        return -1;
    }
    int pull_up = (config->flags & GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP) != 0;
    if (pull_up && strcmp(env_or("SHOPSPEAK_FAKE_GPIO_NO_BIAS", "0"), "1") == 0) {
        errno = EINVAL; /* what kernels before 5.5 say to a flag they do not know */
        return -1;
    }
    if (config->request_type != GPIOD_LINE_REQUEST_EVENT_FALLING_EDGE) {
        errno = EINVAL; /* the only kind of request button.c should make */
        return -1;
    }
    /* Read and write: the FIFO then never reports end of file when the test's writer closes. */
    const char *path = getenv("SHOPSPEAK_FAKE_GPIO_EVENTS");
    if (!path || (line->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0) {
        errno = ENODEV;
        return -1;
    }
    fprintf(stderr, "fake-gpiod: line %u requested by %s: falling edges, %s\n", line->offset,
            config->consumer ? config->consumer : "(nobody)", pull_up ? "pull-up" : "no pull-up");
    return 0;
}

void gpiod_line_release(struct gpiod_line *line)
{
    if (line && line->fd >= 0) {
        close(line->fd);
        line->fd = -1;
    }
}

int gpiod_line_event_get_fd(struct gpiod_line *line)
{
    if (line->fd < 0)
        errno = EPERM;
    return line->fd;
}

int gpiod_line_event_read_multiple(struct gpiod_line *line, struct gpiod_line_event *events,
                                   unsigned int num_events)
{
    struct gpiod_chip *chip = line->chip;
    int n = 0;
    char c;
    if (chip->failing) {
        errno = EIO;
        return -1;
    }
    while ((unsigned)n < num_events && read(line->fd, &c, 1) == 1) {
        if (c == 'E') { /* the edges before it are delivered first, as the kernel would */
            chip->failing = 1;
            if (n > 0)
                return n;
            errno = EIO;
            return -1;
        }
        if (c == '+') {
            chip->clock_offset_ns += 100000000LL;
            continue;
        }
        if (c != 'F' && c != 'R')
            continue; /* newlines and the like */
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long long ns = (long long)now.tv_sec * 1000000000LL + now.tv_nsec + chip->clock_offset_ns;
        events[n].ts.tv_sec = (time_t)(ns / 1000000000LL);
        events[n].ts.tv_nsec = (long)(ns % 1000000000LL);
        events[n].event_type =
            c == 'F' ? GPIOD_LINE_EVENT_FALLING_EDGE : GPIOD_LINE_EVENT_RISING_EDGE;
        n++;
    }
    return n;
}
