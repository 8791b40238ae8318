/*
 * test_kill.c - orders survive SIGKILL at any moment: a helper places confirmed orders in a
 * loop and is killed after a random number of microseconds, 200 times; after every kill the
 * file must pass SQLite's integrity check, hold no half order and no duplicate, and the stock
 * must have gone down exactly once per order placed.
 */
#include "support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KILLS     200
#define PRODUCT   44 /* Organic Bananas in the sample */
#define STOCK     1000000
#define MAX_DELAY 40000 /* microseconds */

static void check_file(const test_env *env)
{
    char ok[64];
    sql_text(env->path, "PRAGMA integrity_check", ok, sizeof ok);
    assert_string_equal(ok, "ok");
    /* No order without its line, none whose total is not its line's. */
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders o WHERE"
                                        " o.idempotency_key LIKE 'kill-%' AND o.total_cents IS NOT"
                                        " (SELECT sum(quantity * unit_price_cents) FROM"
                                        " order_items WHERE order_id = o.id)"),
                     0);
    /* Each order came from exactly one confirmation, marked used; no confirmation is used
     * without its order. */
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM orders o WHERE o.idempotency_key"
                                        " LIKE 'kill-%' AND (SELECT count(*) FROM confirmations"
                                        " WHERE order_id = o.id AND used_at IS NOT NULL) <> 1"),
                     0);
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM confirmations WHERE"
                                        " (used_at IS NULL) <> (order_id IS NULL)"),
                     0);
    /* Stock went down exactly once per order. */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT %d - coalesce((SELECT sum(i.quantity) FROM order_items i JOIN orders o"
             " ON o.id = i.order_id WHERE o.idempotency_key LIKE 'kill-%%'), 0)"
             " - (SELECT stock FROM products WHERE id = %d)",
             STOCK, PRODUCT);
    assert_int_equal(sql_int(env->path, sql), 0);
}

/* Start the helper, kill it after delay_us, and make sure it was killed (not failed). The delay
 * counts from the start, or with from_ready from the moment the helper says it is about to
 * order (one byte on its stdout): a slow start (a sanitizer build takes longer than MAX_DELAY
 * to open the catalog) must not keep every kill out of the ordering loop. */
static void run_and_kill(const char *db, const char *state, useconds_t delay_us, int from_ready)
{
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(ready[1], STDOUT_FILENO);
        close(ready[0]);
        close(ready[1]);
        execl(KILL_HELPER, KILL_HELPER, db, state, "44", (char *)NULL);
        _exit(127);
    }
    close(ready[1]);
    char byte;
    if (from_ready && read(ready[0], &byte, 1) != 1)
        fail_msg("the helper stopped before ordering (see its message above)");
    usleep(delay_us);
    kill(pid, SIGKILL);
    close(ready[0]);
    int wstatus = 0;
    assert_int_equal(waitpid(pid, &wstatus, 0), pid);
    if (!WIFSIGNALED(wstatus))
        fail_msg("the helper stopped by itself with status %d (see its message above)",
                 WEXITSTATUS(wstatus));
}

static void test_sigkill_while_ordering(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    catalog_close(cat);
    sql_exec(env->path, "UPDATE settings SET value = '100000000' WHERE key IN"
                        " ('spending_limit_cents', 'daily_limit_cents', 'daily_max_items');"
                        "UPDATE settings SET value = '99' WHERE key = 'max_order_items';"
                        "UPDATE products SET stock = 1000000 WHERE id = 44;");
    char pending[600];
    env_path(env, "pending", pending, sizeof pending);
    srand((unsigned)time(NULL));
    for (int i = 0; i < KILLS; i++) {
        run_and_kill(env->path, pending, (useconds_t)(rand() % MAX_DELAY), i % 2);
        check_file(env);
    }
    /* Enough orders got through that the kills landed inside and between them. */
    int64_t placed = sql_int(env->path, "SELECT count(*) FROM orders"
                                        " WHERE idempotency_key LIKE 'kill-%'");
    print_message("%lld orders placed over %d kills\n", (long long)placed, KILLS);
    assert_true(placed > KILLS / 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sigkill_while_ordering, env_setup, env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.kill", tests, NULL, NULL);
}
