/* test_mic.c - the microphone through an unplug: reads fail, it is closed, reopened after
 * 0.5, 1, 2, 4, 8, 8 ... seconds until it is back, and reading carries on; and half duplex:
 * audio from while it was paused is never read; and overruns, counted across a reopen and logged
 * a few times, not once a read. A fake device with a virtual clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mic.h"

typedef struct {
    int present;         /* the device is plugged in */
    int fail_reads_at;   /* read number that fails (the unplug); -1: never */
    int fail_next_reads; /* this many reads fail, each at once after an open; -1: all */
    double stop_after;   /* request a stop once this long was slept; 0: never */
    int reads, opens, closes, open_attempts;
    int back_after; /* the device comes back after this many failed open attempts */
    double slept, waits[16];
    int n_waits;
    int paused;
    int16_t next; /* sample value of the next read: counts up, so gaps show */
    unsigned long overruns, overruns_per_read; /* of the open device */
    volatile sig_atomic_t stop;
} fake_t;

static fake_t fake;
static int rescans, rescans_at_open; /* rescan() calls in all, and when open was last tried */

static void f_rescan(void)
{
    rescans++;
}

static void *f_open(void *ctx)
{
    fake_t *f = ctx;
    f->open_attempts++;
    rescans_at_open = rescans;
    if (!f->present && f->open_attempts > f->back_after)
        f->present = 1;
    if (!f->present)
        return NULL;
    f->opens++;
    f->overruns = 0; /* a new stream counts from nothing */
    return f;
}

static long f_read(void *h, int16_t *out, size_t n)
{
    fake_t *f = h;
    if (f->paused)
        return -1;
    if (++f->reads == f->fail_reads_at || f->fail_next_reads) {
        f->fail_next_reads -= f->fail_next_reads > 0;
        f->present = 0;
        f->open_attempts = 0;
        return -105;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = f->next;
    f->next++;
    f->overruns += f->overruns_per_read;
    return (long)n;
}

static int f_pause(void *h)
{
    ((fake_t *)h)->paused = 1;
    return 0;
}

static int f_resume(void *h)
{
    fake_t *f = h;
    f->paused = 0;
    f->next += 100; /* what was said meanwhile is gone, as Pa_AbortStream drops it */
    return 0;
}

static void f_close(void *h)
{
    ((fake_t *)h)->closes++;
}

static void f_sleep(void *ctx, double s)
{
    fake_t *f = ctx;
    f->slept += s;
    if (f->stop_after > 0 && f->slept >= f->stop_after)
        f->stop = 1;
}

static const char *f_detail(void)
{
    return "fake: device unplugged";
}

static unsigned long f_overruns(void *h)
{
    return ((fake_t *)h)->overruns;
}

static mic_ops_t fake_ops(void)
{
    mic_ops_t ops = {f_open,  f_read,   f_pause,    f_resume, f_close,
                     f_sleep, f_detail, f_overruns, &fake,    f_rescan};
    return ops;
}

/* The lines of stderr that contain `needle`, from `from` (an offset into captured stderr). */
static int count_lines(FILE *f, long from, const char *needle)
{
    char line[512];
    int n = 0;
    fflush(stderr);
    fseek(f, from, SEEK_SET);
    while (fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    return n;
}

static void reset_fake(void)
{
    memset(&fake, 0, sizeof fake);
    rescans = rescans_at_open = 0;
    fake.present = 1;
    fake.fail_reads_at = -1;
}

static void test_backoff(void **state)
{
    (void)state;
    double w = 0, want[] = {0.5, 1, 2, 4, 8, 8, 8};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        w = mic_backoff_next(w, 0.5, 8);
        assert_true(w == want[i]);
    }
    assert_true(mic_backoff_next(0, 3, 2) == 2); /* max wins */
}

static void test_unplug_and_back(void **state)
{
    (void)state;
    reset_fake();
    fake.fail_reads_at = 3;
    fake.back_after = 6; /* six failed attempts; waits 0.5 1 2 4 8 8 8, back on the 7th */
    mic_ops_t ops = fake_ops();
    mic_config_t cfg = {0.5, 8, &fake.stop, 0};
    mic_t *mic = mic_open(&ops, &cfg);
    assert_non_null(mic);
    int16_t buf[160];
    for (int i = 0; i < 5; i++)
        assert_int_equal(mic_read(mic, buf, 160), 160);
    assert_int_equal(mic_reopens(mic), 1);
    assert_int_equal(fake.closes, 1);
    assert_int_equal(fake.open_attempts, 7);
    /* The devices were looked for again before every attempt (not before the first open). */
    assert_int_equal(rescans, 7);
    assert_int_equal(rescans_at_open, 7);
    assert_true(fake.slept > 0.5 + 1 + 2 + 4 + 8 + 8 + 8 - 1e-6);
    assert_true(fake.slept < 0.5 + 1 + 2 + 4 + 8 + 8 + 8 + 1e-6);
    mic_close(mic);
    assert_int_equal(fake.closes, 2);
}

static void test_stop_while_waiting(void **state)
{
    (void)state;
    reset_fake();
    fake.fail_reads_at = 1;
    fake.back_after = 1000000;
    mic_ops_t ops = fake_ops();
    mic_config_t cfg = {0.5, 8, &fake.stop, 0};
    mic_t *mic = mic_open(&ops, &cfg);
    int16_t buf[160];
    fake.stop = 1; /* Ctrl-C arrived */
    assert_int_equal(mic_read(mic, buf, 160), 0);
    assert_true(fake.slept == 0);
    mic_close(mic); /* the device is closed already: not closed twice */
    assert_int_equal(fake.closes, 1);
}

static void test_missing_at_start(void **state)
{
    (void)state;
    reset_fake();
    fake.present = 0;
    fake.back_after = 1000000;
    mic_ops_t ops = fake_ops();
    mic_config_t cfg = {0.5, 8, NULL, 0};
    assert_null(mic_open(&ops, &cfg));
    assert_int_equal(fake.open_attempts, 1); /* no retry: an error at start-up */
}

static void test_half_duplex(void **state)
{
    (void)state;
    reset_fake();
    mic_ops_t ops = fake_ops();
    mic_config_t cfg = {0.5, 8, NULL, 0};
    mic_t *mic = mic_open(&ops, &cfg);
    int16_t buf[160];
    assert_int_equal(mic_read(mic, buf, 160), 160);
    assert_int_equal(buf[0], 0);
    mic_pause(mic);
    mic_resume(mic);
    assert_int_equal(mic_read(mic, buf, 160), 160);
    assert_int_equal(buf[0], 101); /* the 100 frames of the pause were never read */
    assert_int_equal(mic_reopens(mic), 0);
    mic_close(mic);
}

/* Overruns are counted across a reopen and logged at 1, 2, 4, 8 ...: a device that keeps
 * overrunning shows in the log, a few lines, not one per read. */
static void test_overruns_logged_and_counted(void **state)
{
    (void)state;
    reset_fake();
    fake.overruns_per_read = 1;
    fake.fail_reads_at = 7;
    fake.back_after = 0;
    FILE *log = tmpfile();
    assert_non_null(log);
    fflush(stderr);
    int saved = dup(fileno(stderr));
    assert_true(saved >= 0 && dup2(fileno(log), fileno(stderr)) >= 0);
    mic_ops_t ops = fake_ops();
    mic_config_t cfg = {0.5, 8, &fake.stop, 0};
    mic_t *mic = mic_open(&ops, &cfg);
    int16_t buf[160];
    for (int i = 0; i < 6; i++)
        mic_read(mic, buf, 160); /* totals 1..6: logged at 1, 2 and 4 */
    int first = count_lines(log, 0, "microphone overran");
    unsigned long before = mic_overruns(mic);
    for (int i = 0; i < 2; i++)
        mic_read(mic, buf, 160); /* read 7 fails; the new stream overruns twice: 8 in all */
    int after = count_lines(log, 0, "microphone overran");
    int at8 = count_lines(log, 0, "overran (8 times so far)");
    fflush(stderr);
    dup2(saved, fileno(stderr));
    close(saved);
    fclose(log);
    assert_int_equal(first, 3);
    assert_int_equal(before, 6);
    assert_int_equal(mic_reopens(mic), 1);
    assert_int_equal(mic_overruns(mic), 8);
    assert_int_equal(after, 4);
    assert_int_equal(at8, 1);
    mic_close(mic);
}

/* A device that opens and fails again at once: the wait keeps doubling across the reopens
 * and the log has a few lines, not two every half second (one review measured 350,000 a
 * day). A device that then works for 10 s starts from retry_min again. */
static void test_flapping_device(void **state)
{
    (void)state;
    reset_fake();
    fake.fail_next_reads = -1;
    fake.back_after = 0; /* every open works */
    fake.stop_after = 60;
    FILE *log = tmpfile();
    assert_non_null(log);
    fflush(stderr);
    int saved = dup(fileno(stderr));
    assert_true(saved >= 0 && dup2(fileno(log), fileno(stderr)) >= 0);
    mic_ops_t ops = fake_ops();
    mic_config_t cfg = {0.5, 8, &fake.stop, 0};
    mic_t *mic = mic_open(&ops, &cfg);
    int16_t buf[160];
    assert_int_equal(mic_read(mic, buf, 160), 0); /* stopped while waiting */
    int failed = count_lines(log, 0, "microphone failed");
    int back = count_lines(log, 0, "microphone is back");
    fflush(stderr);
    dup2(saved, fileno(stderr));
    close(saved);
    fclose(log);
    /* 0.5 + 1 + 2 + 4 + 8 + 8 + ... reaches 60 s on the 11th wait: 10 reopens, not 120. */
    assert_int_equal(mic_reopens(mic), 10);
    assert_int_equal(failed, 4); /* failures 1, 2, 4 and 8 */
    assert_int_equal(back, 4);
    mic_close(mic);

    /* Three quick failures (waits 0.5, 1, 2), 10 s of good reads, one more failure: its wait
     * is retry_min again, not 4 s. */
    reset_fake();
    fake.fail_next_reads = 3;
    fake.fail_reads_at = 3 + 1001 + 1;
    fake.back_after = 0;
    mic = mic_open(&ops, &cfg);
    for (int i = 0; i < 1002; i++)
        assert_int_equal(mic_read(mic, buf, 160), 160);
    assert_int_equal(mic_reopens(mic), 4);
    assert_true(fake.slept > 0.5 + 1 + 2 + 0.5 - 1e-6 && fake.slept < 0.5 + 1 + 2 + 0.5 + 1e-6);
    mic_close(mic);
}

/* The stall watchdog, with real time: a read that waits past stall_seconds ends the process
 * with MIC_STALL_EXIT and one line (in a child process, here); reads that take long in all
 * but never long each (10 ms) do not. */
static long slow_read(void *h, int16_t *out, size_t n)
{
    (void)h;
    double s = fake.stop_after; /* how long each read takes, here */
    nanosleep(&(struct timespec){(time_t)s, (long)((s - (double)(time_t)s) * 1e9)}, NULL);
    memset(out, 0, n * sizeof *out);
    return (long)n;
}

static void test_stall_watchdog(void **state)
{
    (void)state;
    reset_fake();
    mic_ops_t ops = fake_ops();
    ops.read = slow_read;
    mic_config_t cfg = {0.5, 8, NULL, 0.3};
    int16_t buf[160];
    fake.stop_after = 0.01;
    mic_t *mic = mic_open(&ops, &cfg);
    assert_non_null(mic);
    for (int i = 0; i < 60; i++) /* 0.6 s of reads, each 10 ms */
        assert_int_equal(mic_read(mic, buf, 160), 160);
    mic_close(mic);

    char log[] = "/tmp/test_mic_stall_XXXXXX";
    int fd = mkstemp(log);
    assert_true(fd >= 0);
    fflush(stderr);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        dup2(fd, STDERR_FILENO);
        fake.stop_after = 5; /* a read that hangs */
        mic = mic_open(&ops, &cfg);
        mic_read(mic, buf, 160);
        _exit(0); /* not reached: the watchdog ends the process first */
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), MIC_STALL_EXIT);
    FILE *f = fopen(log, "r");
    assert_non_null(f);
    char line[512] = "";
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(strstr(line, "the microphone hung"));
    fclose(f);
    close(fd);
    unlink(log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_unplug_and_back),
        cmocka_unit_test(test_stop_while_waiting),
        cmocka_unit_test(test_missing_at_start),
        cmocka_unit_test(test_half_duplex),
        cmocka_unit_test(test_overruns_logged_and_counted),
        cmocka_unit_test(test_flapping_device),
        cmocka_unit_test(test_stall_watchdog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
