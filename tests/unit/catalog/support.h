/*
 * support.h - what the catalog tests share: a fresh temporary folder per test, paths in it,
 * and direct SQLite access to the files the catalog writes (to set up and to check).
 */
#ifndef SHOPSPEAK_CATALOG_TEST_SUPPORT_H
#define SHOPSPEAK_CATALOG_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "catalog.h"

typedef struct {
    char dir[256];  /* a new empty folder, removed with everything in it by the teardown */
    char path[512]; /* dir/catalog.db, not yet created */
} test_env;

/* cmocka group setup/teardown: *state becomes a test_env with a fresh folder. */
int env_setup(void **state);
int env_teardown(void **state);

/* dir/name into buf (static storage per call site is the caller's). */
void env_path(const test_env *env, const char *name, char *buf, size_t len);

/* Open env->path created and seeded with the sample catalog; fails the test otherwise. */
catalog_t *open_sample(const test_env *env);

/* Run SQL on a file directly (not through the catalog); fails the test on error. */
void sql_exec(const char *path, const char *sql);

/* The first column of the first row of a query on a file, as an integer. */
int64_t sql_int(const char *path, const char *sql);

/* The first column of the first row of a query on a file, as text, into buf. */
void sql_text(const char *path, const char *sql, char *buf, size_t len);

/* Write bytes to a file, replacing it. */
void write_file(const char *path, const void *data, size_t len);

#endif
