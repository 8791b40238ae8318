/*
 * support.c - temporary folders and direct SQLite access for the catalog tests.
 */
#define _XOPEN_SOURCE 700
#include "support.h"

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int env_setup(void **state)
{
    test_env *env = calloc(1, sizeof *env);
    if (env == NULL)
        return -1;
    snprintf(env->dir, sizeof env->dir, "/tmp/shopspeak-catalog-test-XXXXXX");
    if (mkdtemp(env->dir) == NULL) {
        free(env);
        return -1;
    }
    snprintf(env->path, sizeof env->path, "%s/catalog.db", env->dir);
    *state = env;
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    /* Tests make files and folders read-only; give write access back so removal works. */
    chmod(path, S_ISDIR(sb->st_mode) ? 0700 : 0600);
    return remove(path);
}

int env_teardown(void **state)
{
    test_env *env = *state;
    chmod(env->dir, 0700);
    for (int i = 0; i < 2; i++) /* twice: the first pass restores folder permissions */
        nftw(env->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(env);
    return 0;
}

void env_path(const test_env *env, const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", env->dir, name);
}

catalog_t *open_sample(const test_env *env)
{
    int status = 1;
    char msg[512];
    catalog_t *cat = catalog_open(env->path, CATALOG_OPEN_CREATE | CATALOG_OPEN_SEED_SAMPLE,
                                  &status, msg, sizeof msg);
    if (cat == NULL)
        fail_msg("catalog_open(%s): %d %s", env->path, status, msg);
    assert_int_equal(status, CATALOG_OK);
    return cat;
}

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        fail_msg("sqlite3_open_v2(%s): %s", path, sqlite3_errmsg(db));
    sqlite3_busy_timeout(db, 5000);
    return db;
}

void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        char copy[512];
        snprintf(copy, sizeof copy, "%s", err ? err : "?");
        sqlite3_free(err);
        sqlite3_close(db);
        fail_msg("SQL failed on %s: %s\n%s", path, copy, sql);
    }
    sqlite3_close(db);
}

static sqlite3_stmt *first_row(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("prepare: %s\n%s", sqlite3_errmsg(db), sql);
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("no row: %s\n%s", sqlite3_errmsg(db), sql);
    return st;
}

int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    sqlite3_stmt *st = first_row(db, sql);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

void sql_text(const char *path, const char *sql, char *buf, size_t len)
{
    sqlite3 *db = raw_open(path);
    sqlite3_stmt *st = first_row(db, sql);
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(buf, len, "%s", t ? (const char *)t : "");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}
