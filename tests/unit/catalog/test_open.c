/*
 * test_open.c - every way opening a catalog can fail gets its own status and a message a
 * person understands; a good file opens in WAL mode, marked as ours.
 */
#define _GNU_SOURCE
#include "support.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog_internal.h"

/* Open and expect failure with `want`; the message must contain `needle` and be one line. */
static void expect_open_fails(const char *path, int flags, int want, const char *needle)
{
    int status = 12345;
    char msg[512] = "unset";
    catalog_t *cat = catalog_open(path, flags, &status, msg, sizeof msg);
    if (cat != NULL) {
        catalog_close(cat);
        fail_msg("catalog_open(%s) succeeded, wanted %d", path, want);
    }
    if (status != want || strstr(msg, needle) == NULL)
        fail_msg("catalog_open(%s): status %d \"%s\", wanted %d with \"%s\"", path, status, msg,
                 want, needle);
    assert_null(strchr(msg, '\n'));
}

static void test_missing_file_without_create(void **state)
{
    test_env *env = *state;
    char want[600];
    snprintf(want, sizeof want, "no catalog at %s", env->path);
    expect_open_fails(env->path, CATALOG_OPEN_READWRITE, CATALOG_EOPEN, want);
    expect_open_fails(env->path, CATALOG_OPEN_READONLY, CATALOG_EOPEN, want);
    assert_int_equal(access(env->path, F_OK), -1); /* and nothing was created */
}

static void test_missing_folder_with_create(void **state)
{
    test_env *env = *state;
    char path[700], dir[600];
    env_path(env, "no-such-folder", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/catalog.db", dir);
    expect_open_fails(path, CATALOG_OPEN_CREATE, CATALOG_EOPEN, "does not exist");
    expect_open_fails(path, CATALOG_OPEN_CREATE, CATALOG_EOPEN, dir);
    assert_int_equal(access(dir, F_OK), -1); /* the caller creates the data folder, not us */
}

static void test_path_is_a_folder(void **state)
{
    test_env *env = *state;
    expect_open_fails(env->dir, CATALOG_OPEN_CREATE, CATALOG_EOPEN, "is a folder");
}

static void test_garbage_file_is_corrupt(void **state)
{
    test_env *env = *state;
    char garbage[8192];
    for (size_t i = 0; i < sizeof garbage; i++)
        garbage[i] = (char)(i * 7919 % 251);
    write_file(env->path, garbage, sizeof garbage);
    expect_open_fails(env->path, CATALOG_OPEN_READWRITE, CATALOG_ECORRUPT,
                      "not a shopspeak catalog");
    expect_open_fails(env->path, CATALOG_OPEN_CREATE | CATALOG_OPEN_SEED_SAMPLE, CATALOG_ECORRUPT,
                      "not a shopspeak catalog");
    expect_open_fails(env->path, CATALOG_OPEN_READONLY, CATALOG_ECORRUPT,
                      "not a shopspeak catalog");

    /* A text file shorter than a SQLite header too. */
    write_file(env->path, "milk, eggs, bread\n", 18);
    expect_open_fails(env->path, CATALOG_OPEN_CREATE, CATALOG_ECORRUPT, "not a shopspeak catalog");

    /* The damaged file was left as it was: we never "repair" someone's data by overwriting. */
    FILE *f = fopen(env->path, "rb");
    char back[32] = {0};
    assert_non_null(f);
    assert_int_equal(fread(back, 1, sizeof back, f), 18);
    fclose(f);
    assert_memory_equal(back, "milk, eggs, bread\n", 18);
}

static void test_foreign_sqlite_file(void **state)
{
    test_env *env = *state;
    sql_exec(env->path, "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT);"
                        "INSERT INTO recipes (title) VALUES ('pancakes');");
    expect_open_fails(env->path, CATALOG_OPEN_CREATE, CATALOG_ECORRUPT, "not a shopspeak catalog");
    expect_open_fails(env->path, CATALOG_OPEN_READONLY, CATALOG_ECORRUPT,
                      "not a shopspeak catalog");
    /* Another program's file with its own application_id and even a products table. */
    sql_exec(env->path, "PRAGMA application_id = 1234; PRAGMA user_version = 1;"
                        "CREATE TABLE products (id INTEGER PRIMARY KEY);");
    expect_open_fails(env->path, CATALOG_OPEN_READWRITE, CATALOG_ECORRUPT,
                      "not a shopspeak catalog");
    assert_int_equal(sql_int(env->path, "SELECT count(*) FROM recipes"), 1); /* untouched */
}

static void test_empty_file(void **state)
{
    test_env *env = *state;
    write_file(env->path, "", 0);
    expect_open_fails(env->path, CATALOG_OPEN_READWRITE, CATALOG_ECORRUPT, "empty file");
    /* With CREATE an empty file (e.g. from mktemp) becomes a catalog. */
    int status = 1;
    catalog_t *cat = catalog_open(env->path, CATALOG_OPEN_CREATE, &status, NULL, 0);
    assert_non_null(cat);
    int64_t n = -1;
    assert_int_equal(catalog_product_count(cat, &n), CATALOG_OK);
    assert_int_equal(n, 0); /* CREATE alone makes the schema, no sample */
    catalog_close(cat);
}

static void test_newer_schema_refused(void **state)
{
    test_env *env = *state;
    char sql[64], want[64];
    const int newer = CATALOG_SCHEMA_VERSION + 1;
    catalog_close(open_sample(env));
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", newer);
    snprintf(want, sizeof want, "schema version %d", newer);
    sql_exec(env->path, sql);
    expect_open_fails(env->path, CATALOG_OPEN_READWRITE, CATALOG_ESCHEMA, "newer");
    expect_open_fails(env->path, CATALOG_OPEN_READONLY, CATALOG_ESCHEMA, want);
    expect_open_fails(env->path, CATALOG_OPEN_CREATE | CATALOG_OPEN_SEED_SAMPLE, CATALOG_ESCHEMA,
                      "update shopspeak");
    assert_int_equal(sql_int(env->path, "PRAGMA user_version"), newer); /* not downgraded */
}

static void test_new_file_is_marked_and_durable(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    /* Checked from a second connection while the catalog is open: these live in the file. */
    assert_int_equal(sql_int(env->path, "PRAGMA application_id"), CATALOG_APPLICATION_ID);
    assert_int_equal(sql_int(env->path, "PRAGMA user_version"), CATALOG_SCHEMA_VERSION);
    char mode[16];
    sql_text(env->path, "PRAGMA journal_mode", mode, sizeof mode);
    assert_string_equal(mode, "wal");
    /* Per-connection settings: read them on the catalog's own connection. */
    assert_int_equal(sqlite3_get_autocommit(cat->db), 1);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(cat->db, "PRAGMA synchronous", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2); /* FULL */
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(cat->db, "PRAGMA foreign_keys", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    catalog_close(cat);
}

/* The version moves when another connection commits (an import from another process) and not
 * for the catalog's own writes: a running listen rebuilds its grammar only for the former. */
static void test_data_version_sees_other_writers(void **state)
{
    test_env *env = *state;
    catalog_t *cat = open_sample(env);
    int64_t v0, v1, v2;
    assert_int_equal(catalog_data_version(cat, &v0), 0);
    assert_int_equal(catalog_cart_add(cat, 1, 2), 0);
    assert_int_equal(catalog_data_version(cat, &v1), 0);
    assert_true(v1 == v0);
    sql_exec(env->path, "UPDATE products SET name = 'Renamed' WHERE id = 1");
    assert_int_equal(catalog_data_version(cat, &v2), 0);
    assert_true(v2 != v1);
    assert_int_equal(catalog_data_version(NULL, &v2), CATALOG_EINVAL);
    assert_int_equal(catalog_data_version(cat, NULL), CATALOG_EINVAL);
    catalog_close(cat);
}

/* A copy is whole and independent: what is written to it never reaches the original. */
static void test_copy_is_independent(void **state)
{
    test_env *env = *state;
    char copy[600];
    env_path(env, "copy.db", copy, sizeof copy);
    catalog_t *cat = open_sample(env);
    int64_t products = sql_int(env->path, "SELECT count(*) FROM products");
    int64_t stock = sql_int(env->path, "SELECT sum(stock) FROM products");
    assert_int_equal(catalog_copy_to(cat, copy), CATALOG_OK);
    assert_int_equal(catalog_copy_to(cat, copy), CATALOG_EOPEN); /* never over a file */
    assert_non_null(strstr(catalog_errmsg(cat), "exists"));
    assert_int_equal(catalog_copy_to(cat, ""), CATALOG_EINVAL);
    catalog_close(cat);
    assert_int_equal(sql_int(copy, "SELECT count(*) FROM products"), products);
    sql_exec(copy, "UPDATE products SET stock = 0");
    assert_int_equal(sql_int(copy, "SELECT sum(stock) FROM products"), 0);
    assert_int_equal(sql_int(env->path, "SELECT sum(stock) FROM products"), stock);
    int status;
    catalog_t *again = catalog_open(copy, CATALOG_OPEN_READWRITE, &status, NULL, 0);
    assert_non_null(again); /* still a catalog */
    catalog_close(again);
}

static void test_bad_arguments(void **state)
{
    test_env *env = *state;
    int status = 0;
    char msg[128];
    assert_null(catalog_open(NULL, CATALOG_OPEN_CREATE, &status, msg, sizeof msg));
    assert_int_equal(status, CATALOG_EINVAL);
    assert_null(catalog_open("", CATALOG_OPEN_CREATE, &status, msg, sizeof msg));
    assert_int_equal(status, CATALOG_EINVAL);
    /* SEED without CREATE, CREATE with READONLY, unknown bits: refused, nothing created. */
    assert_null(catalog_open(env->path, CATALOG_OPEN_SEED_SAMPLE, &status, NULL, 0));
    assert_int_equal(status, CATALOG_EINVAL);
    assert_null(catalog_open(env->path, CATALOG_OPEN_CREATE | CATALOG_OPEN_READONLY, &status, msg,
                             sizeof msg));
    assert_int_equal(status, CATALOG_EINVAL);
    assert_null(catalog_open(env->path, 64, &status, msg, 1)); /* 1-byte buffer: just "" */
    assert_int_equal(status, CATALOG_EINVAL);
    assert_int_equal(msg[0], '\0');
    assert_int_equal(access(env->path, F_OK), -1);
    catalog_close(NULL); /* a no-op */
    assert_string_equal(catalog_errmsg(NULL), "");
}

static void test_strerror_names_every_status(void **state)
{
    const int codes[] = {CATALOG_OK,        CATALOG_ENOTFOUND, CATALOG_EOPEN,  CATALOG_ECORRUPT,
                         CATALOG_EREADONLY, CATALOG_ESCHEMA,   CATALOG_EDB,    CATALOG_ENOMEM,
                         CATALOG_EINVAL,    CATALOG_ESTOCK,    CATALOG_EINPUT, CATALOG_ETOOBIG};
    const size_t n = sizeof codes / sizeof codes[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(catalog_strerror(codes[i]), catalog_strerror(codes[j]));
    assert_string_equal(catalog_strerror(-1), "unknown catalog status");
}

/*
 * Read-only files and folders. Root writes anywhere regardless of permission bits, so as root
 * these checks run in a forked child that has become `nobody`; the child reports the first
 * failed check as its exit code (0 = all passed).
 */
static int child_expect(const char *path, int flags, int want, const char *needle, int code)
{
    int status = 0;
    char msg[512] = "";
    catalog_t *cat = catalog_open(path, flags, &status, msg, sizeof msg);
    catalog_close(cat);
    if (status != want || (needle && strstr(msg, needle) == NULL)) {
        fprintf(stderr, "check %d: %s: status %d \"%s\", wanted %d \"%s\"\n", code, path, status,
                msg, want, needle ? needle : "");
        return code;
    }
    return 0;
}

static int drop_privileges(void)
{
    if (geteuid() != 0)
        return 0;
    return setresgid(65534, 65534, 65534) == 0 && setresuid(65534, 65534, 65534) == 0 ? 0 : -1;
}

static int run_in_child(int (*fn)(const test_env *), const test_env *env)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn(env));
    int wstatus = 0;
    assert_int_equal(waitpid(pid, &wstatus, 0), pid);
    assert_true(WIFEXITED(wstatus));
    return WEXITSTATUS(wstatus);
}

static int readonly_checks(const test_env *env)
{
    char ro_file[600], ro_dir[600], ro_dir_db[700], open_dir[600], open_dir_db[700];
    int r;
    env_path(env, "ro-file.db", ro_file, sizeof ro_file);
    env_path(env, "ro-dir", ro_dir, sizeof ro_dir);
    snprintf(ro_dir_db, sizeof ro_dir_db, "%s/catalog.db", ro_dir);
    env_path(env, "open-dir", open_dir, sizeof open_dir);
    snprintf(open_dir_db, sizeof open_dir_db, "%s/catalog.db", open_dir);
    if (drop_privileges() != 0)
        return 90;
    /* A catalog file nobody may write, in a folder nobody may write. */
    if ((r = child_expect(ro_file, CATALOG_OPEN_READWRITE, CATALOG_EREADONLY,
                          "is read-only: orders could not be saved", 1)))
        return r;
    /* A writable file in a read-only folder: WAL cannot create its -wal and -shm files. */
    if ((r = child_expect(ro_dir_db, CATALOG_OPEN_READWRITE, CATALOG_EREADONLY,
                          "is read-only: orders could not be saved", 2)))
        return r;
    /* ... and reading it is refused with the reason, not a vague error. */
    if ((r = child_expect(ro_dir_db, CATALOG_OPEN_READONLY, CATALOG_EREADONLY,
                          "folder is not writable", 3)))
        return r;
    /* Creating a catalog in a folder nobody may write. */
    char new_db[700];
    snprintf(new_db, sizeof new_db, "%s/new.db", ro_dir);
    if ((r = child_expect(new_db, CATALOG_OPEN_CREATE, CATALOG_EREADONLY, "not writable", 4)))
        return r;
    /* A read-only file in a writable folder: read-only opens work, orders are refused. */
    if ((r = child_expect(open_dir_db, CATALOG_OPEN_READWRITE, CATALOG_EREADONLY, "read-only", 5)))
        return r;
    int status = 0;
    catalog_t *cat = catalog_open(open_dir_db, CATALOG_OPEN_READONLY, &status, NULL, 0);
    catalog_product_t p;
    int64_t order = 0;
    if (cat == NULL || catalog_find_product(cat, "oat milk", &p) != CATALOG_OK)
        r = 6;
    else if (catalog__place_order(cat, "ro-1", p.id, 1, &order) != CATALOG_EREADONLY ||
             strstr(catalog_errmsg(cat), "read-only") == NULL)
        r = 7;
    catalog_close(cat);
    return r;
}

static void make_catalog_at(const test_env *env, const char *path)
{
    test_env other = *env;
    int n = snprintf(other.path, sizeof other.path, "%s", path);
    assert_true(n > 0 && (size_t)n < sizeof other.path);
    catalog_close(open_sample(&other));
}

static void test_readonly_file_and_folder(void **state)
{
    test_env *env = *state;
    char ro_file[600], ro_dir[600], ro_dir_db[700], open_dir[600], open_dir_db[700];
    env_path(env, "ro-file.db", ro_file, sizeof ro_file);
    env_path(env, "ro-dir", ro_dir, sizeof ro_dir);
    snprintf(ro_dir_db, sizeof ro_dir_db, "%s/catalog.db", ro_dir);
    env_path(env, "open-dir", open_dir, sizeof open_dir);
    snprintf(open_dir_db, sizeof open_dir_db, "%s/catalog.db", open_dir);
    assert_int_equal(mkdir(ro_dir, 0700), 0);
    assert_int_equal(mkdir(open_dir, 0700), 0);
    make_catalog_at(env, ro_file);
    make_catalog_at(env, ro_dir_db);
    make_catalog_at(env, open_dir_db);
    assert_int_equal(chmod(env->dir, 0555), 0);
    assert_int_equal(chmod(ro_file, 0444), 0);
    assert_int_equal(chmod(ro_dir_db, 0666), 0);
    assert_int_equal(chmod(ro_dir, 0555), 0);
    assert_int_equal(chmod(open_dir_db, 0444), 0);
    assert_int_equal(chmod(open_dir, 0777), 0);
    int failed = run_in_child(readonly_checks, env);
    chmod(env->dir, 0700);
    assert_int_equal(failed, 0);
}

/*
 * A catalog on a read-only file system (EROFS), which also stops root: a private mount
 * namespace with a tmpfs remounted read-only. Skipped where namespaces are not allowed.
 */
static int readonly_media_checks(const test_env *env)
{
    char media[600], db[700];
    env_path(env, "media", media, sizeof media);
    snprintf(db, sizeof db, "%s/catalog.db", media);
    if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("tmpfs", media, "tmpfs", 0, "size=16m") != 0)
        return 77; /* skip */
    /* No cmocka asserts in here: a failure in a forked child must not run the rest of the
     * suite a second time. */
    catalog_t *made =
        catalog_open(db, CATALOG_OPEN_CREATE | CATALOG_OPEN_SEED_SAMPLE, NULL, NULL, 0);
    if (made == NULL)
        return 3;
    catalog_close(made);
    if (mount("none", media, "none", MS_REMOUNT | MS_RDONLY, NULL) != 0)
        return 77;
    int r = child_expect(db, CATALOG_OPEN_READWRITE, CATALOG_EREADONLY,
                         "is read-only: orders could not be saved", 1);
    if (r)
        return r;
    /* Reading a catalog shipped on read-only media works (nobody can change it there). */
    int status = 0;
    int64_t n = 0;
    char msg[512] = "";
    catalog_t *cat = catalog_open(db, CATALOG_OPEN_READONLY, &status, msg, sizeof msg);
    catalog_product_t p;
    if (cat == NULL)
        fprintf(stderr, "read-only open on read-only media: %d %s\n", status, msg);
    if (cat == NULL || catalog_product_count(cat, &n) != CATALOG_OK || n < 160 ||
        catalog_find_product(cat, "Lavazza Espresso Beans", &p) != CATALOG_OK)
        r = 2;
    catalog_close(cat);
    return r;
}

static void test_readonly_media(void **state)
{
    test_env *env = *state;
    char media[600];
    env_path(env, "media", media, sizeof media);
    assert_int_equal(mkdir(media, 0700), 0);
    int r = run_in_child(readonly_media_checks, env);
    if (r == 77)
        skip();
    assert_int_equal(r, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_missing_file_without_create, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_missing_folder_with_create, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_path_is_a_folder, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_garbage_file_is_corrupt, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_foreign_sqlite_file, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_new_file_is_marked_and_durable, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_copy_is_independent, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_data_version_sees_other_writers, env_setup,
                                        env_teardown),
        cmocka_unit_test(test_strerror_names_every_status),
        cmocka_unit_test_setup_teardown(test_readonly_file_and_folder, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_readonly_media, env_setup, env_teardown),
    };
    return cmocka_run_group_tests_name("unit.catalog.open", tests, NULL, NULL);
}
