/*
 * answer_timer.h - an optional time limit on the shopper's answer to a question (a
 * confirmation, the PIN, a choice, a quantity): a warning before it runs out, then expiry.
 * The clock is injected, so the timing is tested without sleeping. No limit unless one is
 * configured (answer-timeout); docs/dialog.md "Answer timeouts".
 */
#ifndef SHOPSPEAK_ANSWER_TIMER_H
#define SHOPSPEAK_ANSWER_TIMER_H

/* Seconds on some monotonic clock. */
typedef double (*answer_timer_clock_fn)(void *user);

/* How long before the end the warning comes: ten seconds, or half the limit if shorter. */
#define ANSWER_TIMER_WARN_BEFORE 10.0

typedef struct {
    double limit;                /* seconds; 0: no limit, the timer never fires */
    answer_timer_clock_fn clock; /* borrowed */
    void *user;
    double started; /* when the question was asked */
    int running;
    int warned;
} answer_timer_t;

typedef enum {
    ANSWER_TIMER_NOTHING = 0, /* not running, or time left */
    ANSWER_TIMER_WARN,        /* once: warn_before() seconds are left */
    ANSWER_TIMER_EXPIRED,     /* once: the time is up (the timer then stops) */
} answer_timer_event_t;

/* limit in seconds (0: none). clock and user are borrowed for the timer's life. */
void answer_timer_init(answer_timer_t *t, double limit, answer_timer_clock_fn clock, void *user);
/* A question was asked: the time starts now (again, if it was running). */
void answer_timer_start(answer_timer_t *t);
/* Answered, or nothing waits for an answer: stop without firing. */
void answer_timer_stop(answer_timer_t *t);
/* The seconds of warning before expiry: ANSWER_TIMER_WARN_BEFORE, or half the limit. */
double answer_timer_warn_before(const answer_timer_t *t);
/* What happened since the last poll; each event comes once per start. */
answer_timer_event_t answer_timer_poll(answer_timer_t *t);

#endif
