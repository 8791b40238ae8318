/* test_labels.c - the labels of an evaluation: good files read whole, every kind of bad line
 * refused with one line naming the file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"

static void test_good(void **state)
{
    const char text[] =
        "{\"file\": \"a.wav\", \"intent\": \"orderDrink\", \"slots\": {\"size\": \"large\", "
        "\"coffeeDrink\": \"latte\"}, \"speaker\": \"ignored\"}\r\n"
        "\n"
        "   \n"
        "{\"file\": \"/abs/b.wav\", \"intent\": null}\n"
        "{\"file\": \"c.wav\", \"intent\": \"help\", \"slots\": {}}"; /* no final newline */
    labels_t l;
    char err[256] = "";
    assert_int_equal(labels_parse(text, strlen(text), "l.jsonl", &l, err, sizeof err), LABELS_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[0].file, "a.wav");
    assert_string_equal(l.items[0].intent, "orderDrink");
    assert_int_equal(l.items[0].n_slots, 2);
    assert_string_equal(l.items[0].slots[0].name, "size");
    assert_string_equal(l.items[0].slots[0].value, "large");
    assert_string_equal(l.items[0].slots[1].value, "latte");
    assert_int_equal(l.items[1].line, 4);
    assert_null(l.items[1].intent);
    assert_int_equal(l.items[1].n_slots, 0);
    assert_string_equal(l.items[2].intent, "help");
    assert_int_equal(l.items[2].line, 5);
    labels_free(&l);
    labels_free(&l); /* twice is harmless */
    labels_free(NULL);
}

/* Each bad input and the message it must give (golden cases). */
static const struct {
    const char *text, *error;
} bad[] = {
    {"", "l.jsonl: no labels in the file"},
    {"\n\n", "l.jsonl: no labels in the file"},
    {"not json\n", "l.jsonl:1: a label must be a JSON object"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\"\n",
     "l.jsonl:1: not a JSON object: it ends too early"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\"} {}\n", "l.jsonl:1: not a JSON object"},
    {"[1, 2]\n", "l.jsonl:1: a label must be a JSON object"},
    {"null\n", "l.jsonl:1: a label must be a JSON object"},
    {"{\"intent\": \"x\"}\n", "l.jsonl:1: \"file\" must be a non-empty string"},
    {"{\"file\": \"\", \"intent\": \"x\"}\n", "l.jsonl:1: \"file\" must be a non-empty string"},
    {"{\"file\": 3, \"intent\": \"x\"}\n", "l.jsonl:1: \"file\" must be a non-empty string"},
    {"{\"file\": \"a.wav\"}\n", "l.jsonl:1: \"intent\" is missing"},
    {"{\"file\": \"a.wav\", \"intent\": 7}\n", "l.jsonl:1: \"intent\" must be a string or null"},
    {"{\"file\": \"a.wav\", \"intent\": \"\"}\n", "l.jsonl:1: \"intent\" is empty"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\"}\n"
     "{\"file\": \"b.wav\", \"intent\": \"x\", \"slots\": [\"a\"]}\n",
     "l.jsonl:2: slots must be an object"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\", \"slots\": \"size=large\"}\n",
     "l.jsonl:1: slots must be an object"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\", \"slots\": {\"size\": 12}}\n",
     "l.jsonl:1: slot \"size\" must be a string"},
    {"{\"file\": \"a.wav\", \"intent\": null, \"slots\": {\"size\": \"large\"}}\n",
     "l.jsonl:1: a non-command (intent null) cannot have slots"},
    {"{\"file\": \"a\\u0000.wav\", \"intent\": \"x\"}\n", "l.jsonl:1: \"file\" contains a NUL"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\", \"slots\": {\"milk\": \"caf\xe9\"}}\n",
     "l.jsonl:1: not a JSON object: it is not UTF-8 text"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\", \"slots\": {\"milk\": \"\"}}\n",
     "l.jsonl:1: slot \"milk\" is empty (leave out a slot that was not said)"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\", \"slots\": {\"milk\": \" - \"}}\n",
     "l.jsonl:1: slot \"milk\" is empty (leave out a slot that was not said)"},
    {"{\"file\": \"a.wav\", \"intent\": \"x\", \"slots\": {\"a\": {\"b\": {\"c\": {}}}}}\n",
     "l.jsonl:1: not a JSON object"},
};

static void test_bad(void **state)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        labels_t l;
        char err[256] = "";
        int rc = labels_parse(bad[i].text, strlen(bad[i].text), "l.jsonl", &l, err, sizeof err);
        print_message("  case %2zu -> %s\n", i, err);
        assert_true(rc < 0);
        assert_null(strchr(err, '\n'));
        assert_true(strncmp(err, bad[i].error, strlen(bad[i].error)) == 0);
        labels_free(&l);
    }
}

/* A UTF-8 byte-order mark at the start, as some editors write, is skipped; anywhere else it is
 * not JSON. */
static void test_byte_order_mark(void **state)
{
    const char text[] = "\xef\xbb\xbf{\"file\": \"a.wav\", \"intent\": \"help\"}\n";
    labels_t l;
    char err[256] = "";
    assert_int_equal(labels_parse(text, strlen(text), "l.jsonl", &l, err, sizeof err), LABELS_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].file, "a.wav");
    assert_int_equal(l.items[0].line, 1);
    labels_free(&l);
    const char twice[] = "{\"file\": \"a.wav\", \"intent\": \"help\"}\n"
                         "\xef\xbb\xbf{\"file\": \"b.wav\", \"intent\": \"help\"}\n";
    assert_int_equal(labels_parse(twice, strlen(twice), "l.jsonl", &l, err, sizeof err),
                     LABELS_ESYNTAX);
    labels_free(&l);
}

static void test_files(void **state)
{
    labels_t l;
    char err[256] = "", path[] = "/tmp/shopspeak-labels-XXXXXX";
    assert_int_equal(labels_read("/nonexistent/labels.jsonl", &l, err, sizeof err), LABELS_ENOENT);
    assert_string_equal(err, "/nonexistent/labels.jsonl: cannot open: No such file or directory");
    labels_free(&l);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    /* Enough lines that the reader's buffer grows several times. */
    for (int i = 0; i < 5000; i++)
        fprintf(fp, "{\"file\": \"%05d.wav\", \"intent\": \"yes\"}\n", i);
    fclose(fp);
    assert_int_equal(labels_read(path, &l, err, sizeof err), LABELS_OK);
    assert_int_equal(l.n, 5000);
    assert_string_equal(l.items[4999].file, "04999.wav");
    labels_free(&l);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
