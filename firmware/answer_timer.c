/* answer_timer.c - the warning and the expiry of an answer timeout, on an injected clock. */
#include "answer_timer.h"

void answer_timer_init(answer_timer_t *t, double limit, answer_timer_clock_fn clock, void *user)
{
    t->limit = limit > 0 ? limit : 0;
    t->clock = clock;
    t->user = user;
    t->started = 0;
    t->running = 0;
    t->warned = 0;
}

void answer_timer_start(answer_timer_t *t)
{
    t->running = t->limit > 0;
    t->warned = 0;
    t->started = t->running ? t->clock(t->user) : 0;
}

void answer_timer_stop(answer_timer_t *t)
{
    t->running = 0;
    t->warned = 0;
}

double answer_timer_warn_before(const answer_timer_t *t)
{
    return t->limit / 2 < ANSWER_TIMER_WARN_BEFORE ? t->limit / 2 : ANSWER_TIMER_WARN_BEFORE;
}

answer_timer_event_t answer_timer_poll(answer_timer_t *t)
{
    if (!t->running)
        return ANSWER_TIMER_NOTHING;
    double elapsed = t->clock(t->user) - t->started;
    if (elapsed >= t->limit) {
        t->running = 0;
        return ANSWER_TIMER_EXPIRED;
    }
    if (!t->warned && elapsed >= t->limit - answer_timer_warn_before(t)) {
        t->warned = 1;
        return ANSWER_TIMER_WARN;
    }
    return ANSWER_TIMER_NOTHING;
}
