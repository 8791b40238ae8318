/*
 * kill_helper.c - places confirmed orders in a loop until it is killed, for test_kill.c.
 *
 * Usage: catalog_kill_helper CATALOG STATE_FILE PRODUCT_ID
 * Like the dialog, it keeps the purchase it is about to place (token and idempotency key) in
 * STATE_FILE, written atomically before placing and removed after; a new run first retries
 * what a killed run left there, which must give the order exactly once. Exits non-zero on any
 * unexpected answer (the test treats that as a failure); otherwise runs until killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"

static void die(const char *what, catalog_t *cat)
{
    fprintf(stderr, "kill_helper: %s: %s\n", what, cat ? catalog_errmsg(cat) : "");
    exit(1);
}

/* Write "token key\n" to path via a temporary file, fsync and rename (all or nothing). */
static void save_state(const char *path, const char *token, const char *key)
{
    char tmp[4200], line[256];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int n = snprintf(line, sizeof line, "%s %s\n", token, key);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, line, (size_t)n) != n || fsync(fd) != 0 || close(fd) != 0 ||
        rename(tmp, path) != 0)
        die("saving the pending purchase", NULL);
}

/* Place (again) the pending purchase of a killed run, if there is one. */
static void retry_pending(catalog_t *cat, const char *path)
{
    char token[64], key[128];
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return;
    int got = fscanf(f, "%63s %127s", token, key);
    fclose(f);
    int64_t order = 0;
    if (got == 2 && catalog_place_confirmed(cat, token, key, &order) != CATALOG_OK)
        die("retrying the pending purchase", cat);
    if (unlink(path) != 0 && errno != ENOENT)
        die("removing the pending purchase", NULL);
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    int status;
    char msg[512];
    catalog_t *cat = catalog_open(argv[1], CATALOG_OPEN_READWRITE, &status, msg, sizeof msg);
    if (cat == NULL) {
        fprintf(stderr, "kill_helper: %s\n", msg);
        return 1;
    }
    retry_pending(cat, argv[2]);
    /* Tell the test the ordering starts now (it may time its kill from here). */
    if (write(STDOUT_FILENO, "r", 1) != 1)
        die("telling the test it is ready", NULL);
    int64_t product = atoll(argv[3]);
    for (long i = 0;; i++) {
        char key[96];
        catalog_purchase_t what = {CATALOG_PURCHASE_REORDER, product, 1 + i % 3};
        catalog_confirmation_t c;
        int64_t order = 0, again = 0;
        if (catalog_confirm_begin(cat, &what, &c) != CATALOG_OK)
            die("confirming", cat);
        snprintf(key, sizeof key, "kill-%ld-%ld", (long)getpid(), i);
        save_state(argv[2], c.token, key);
        if (catalog_place_confirmed(cat, c.token, key, &order) != CATALOG_OK)
            die("placing", cat);
        if (catalog_place_confirmed(cat, c.token, key, &again) != CATALOG_OK || again != order)
            die("placing the same order again", cat);
        if (unlink(argv[2]) != 0)
            die("removing the pending purchase", NULL);
    }
}
