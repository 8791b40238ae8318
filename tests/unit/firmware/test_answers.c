/* test_answers.c - an operator's answers to its own intents: filled from the slots heard,
 * optional parts left out tidily, and every kind of bad file one "FILE:LINE: problem". */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "answers.h"
#include "dialog.h"

static const char tea_gram[] = "#JSGF V1.0;\n"
                               "grammar tea;\n"
                               "public <hours> = what are your hours;\n"
                               "public <order> = [a] (small | large) {size} tea {drink}\n"
                               "    [with (milk | lemon) {extra}];\n"
                               "public <price> = how much is it;\n";

static grammar_t *load_text(const char *text)
{
    char path[] = "/tmp/test_answers_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    int status;
    grammar_t *g = grammar_load(path, &status);
    unlink(path);
    if (!g || grammar_compile(g) != GRAMMAR_OK)
        fail_msg("%s", grammar_errmsg());
    return g;
}

static int setup(void **state)
{
    *state = load_text(tea_gram);
    return 0;
}

static int teardown(void **state)
{
    grammar_free(*state);
    return 0;
}

static answers_t *parse(const grammar_t *g, const char *text, char *err, size_t errlen)
{
    return answers_parse(text, strlen(text), "a.ini", g, NULL, err, errlen);
}

static grammar_intent_t heard(const grammar_t *g, const char *words)
{
    grammar_intent_t in;
    assert_int_equal(grammar_parse(g, words, &in), GRAMMAR_OK);
    return in;
}

static void test_fill(void **state)
{
    const grammar_t *g = *state;
    char err[256], b[256];
    answers_t *a = parse(g,
                         "; what the tea counter says\n"
                         "[answers]\n"
                         "hours = We are open from eight to six.\n"
                         "order = One {size} tea[ with {extra}]\n"
                         "    . Coming up!\n",
                         err, sizeof err);
    if (!a)
        fail_msg("%s", err);
    grammar_intent_t in = heard(g, "what are your hours");
    assert_string_equal(answers_fill(a, &in, b, sizeof b), "We are open from eight to six.");
    in = heard(g, "a large tea with lemon");
    assert_string_equal(answers_fill(a, &in, b, sizeof b), "One large tea with lemon. Coming up!");
    /* The part in brackets goes when its slot was not heard, and the space before "." with it
     * (the continuation line joined with a space). */
    in = heard(g, "small tea");
    assert_string_equal(answers_fill(a, &in, b, sizeof b), "One small tea. Coming up!");
    /* No answer for the intent: the dialog says its own "can't do that". */
    in = heard(g, "how much is it");
    assert_null(answers_fill(a, &in, b, sizeof b));
    assert_null(answers_fill(NULL, &in, b, sizeof b));
    /* Cut at the buffer, still a string. */
    in = heard(g, "what are your hours");
    char small[7];
    assert_string_equal(answers_fill(a, &in, small, sizeof small), "We are");
    answers_free(a);
    answers_free(NULL);
}

static void test_unset_slot_outside_brackets(void **state)
{
    const grammar_t *g = *state;
    char err[256], b[256];
    answers_t *a = parse(g, "[answers]\norder = Your {size} tea with {extra} , please wait.\n", err,
                         sizeof err);
    assert_non_null(a);
    grammar_intent_t in = heard(g, "large tea");
    /* An unheard slot outside brackets is said as nothing, without a gap. */
    assert_string_equal(answers_fill(a, &in, b, sizeof b), "Your large tea with, please wait.");
    answers_free(a);
}

/* An answer of slots alone, none heard, says nothing: the dialog's "can't do that" instead of
 * a silent turn. */
static void test_nothing_heard_is_no_answer(void **state)
{
    const grammar_t *g = *state;
    char err[256], b[256];
    answers_t *a = parse(g, "[answers]\norder = {extra}.\n", err, sizeof err);
    assert_non_null(a);
    grammar_intent_t in = heard(g, "large tea");
    assert_null(answers_fill(a, &in, b, sizeof b));
    in = heard(g, "large tea with milk");
    assert_string_equal(answers_fill(a, &in, b, sizeof b), "milk.");
    answers_free(a);
}

/* A cut answer never ends inside a UTF-8 character (eSpeak NG and the JSON get valid text). */
static void test_cut_between_characters(void **state)
{
    const grammar_t *g = *state;
    char err[256], b[8];
    answers_t *a = parse(g, "[answers]\nhours = Caf\xc3\xa9s \xc3\xa9t\xc3\xa9\n", err, sizeof err);
    assert_non_null(a);
    grammar_intent_t in = heard(g, "what are your hours");
    /* "Cafés é" is 9 bytes: 7 fit, and the 7th would be the first byte of "é". */
    assert_string_equal(answers_fill(a, &in, b, sizeof b), "Caf\xc3\xa9s");
    answers_free(a);
}

static bool shop_owns(const char *intent)
{
    return strcmp(intent, "price") == 0;
}

static void expect_error(const grammar_t *g, const char *text, const char *message)
{
    char err[256] = "";
    answers_t *a = answers_parse(text, strlen(text), "a.ini", g, shop_owns, err, sizeof err);
    if (a) {
        answers_free(a);
        fail_msg("accepted: %s", text);
    }
    assert_string_equal(err, message);
}

static void test_errors(void **state)
{
    const grammar_t *g = *state;
    expect_error(g, "[answers]\nhour = x\n",
                 "a.ini:2: the grammar has no intent 'hour' (its intents are its public rules)");
    expect_error(g, "[answers]\nprice = x\n",
                 "a.ini:2: 'price' is one of the shop's own intents: it has its answers in the "
                 "message file");
    expect_error(g, "hours = x\n", "a.ini:1: 'hours' comes before the [answers] heading");
    expect_error(g, "[answer]\nhours = x\n",
                 "a.ini:2: unknown section [answer] (an answer file has [answers])");
    expect_error(g, "[answers]\nhours = x\nhours = y\n", "a.ini:3: 'hours' is given twice");
    expect_error(g, "[answers]\nhours = \n", "a.ini:2: 'hours': nothing to say");
    expect_error(g, "[answers]\n\nhours = {size\n",
                 "a.ini:3: 'hours': a '{' without its '}' (slots are {name})");
    expect_error(g, "[answers]\nhours = size}\n",
                 "a.ini:2: 'hours': a '}' without its '{' (slots are {name})");
    expect_error(g, "[answers]\nhours = {}\n", "a.ini:2: 'hours': an empty {} (slots are {name})");
    expect_error(g, "[answers]\norder = a {colour} tea\n",
                 "a.ini:2: 'order': no rule of the grammar sets the slot {colour}");
    expect_error(g, "[answers]\norder = [a [b]]\n",
                 "a.ini:2: 'order': brackets inside brackets: [ ... [");
    expect_error(g, "[answers]\norder = tea]\n", "a.ini:2: 'order': a ']' without its '['");
    /* The problem of a text continued over lines is at its first line. */
    expect_error(g, "[answers]\norder = [with\n    {extra}\n",
                 "a.ini:2: 'order': a '[' without "
                 "its ']'");
    /* After a second heading an indented line is a key of its own, not more of the answer. */
    expect_error(g, "[answers]\nhours = x\n[answers]\n  late = y\n",
                 "a.ini:4: the grammar has no intent 'late' (its intents are its public rules)");
    expect_error(g, "",
                 "a.ini:1: no answers (an answer file has [answers], then lines 'intent = "
                 "what to say')");
    expect_error(g, "[answers]\n; none yet\n",
                 "a.ini:2: no answers (an answer file has [answers], then lines 'intent = what to "
                 "say')");
    expect_error(g, "[answers]\nhours x\n",
                 "a.ini:2: not a [section], a 'key = value' line or a comment");
    char line[300];
    memset(line, 'x', sizeof line);
    memcpy(line, "[answers]\nhours = ", 18);
    line[sizeof line - 1] = '\0';
    expect_error(g, line,
                 "a.ini:2: line longer than 198 characters, or not text (go on in a line starting "
                 "with a space)");
}

static void test_too_long_and_too_large(void **state)
{
    const grammar_t *g = *state;
    char err[256];
    /* 1,001 characters over continuation lines. */
    char *text = malloc(4096);
    size_t n = (size_t)sprintf(text, "[answers]\nhours = x");
    for (int i = 0; i < 10; i++)
        n += (size_t)sprintf(text + n, "\n %099d", 0);
    assert_null(answers_parse(text, n, "a.ini", g, NULL, err, sizeof err));
    assert_string_equal(err, "a.ini:12: 'hours' is longer than the 1000 characters an answer may "
                             "have");
    free(text);
    char *big = calloc(1, ANSWERS_MAX_BYTES + 2);
    memset(big, ';', ANSWERS_MAX_BYTES + 1);
    assert_null(answers_parse(big, ANSWERS_MAX_BYTES + 1, "a.ini", g, NULL, err, sizeof err));
    assert_string_equal(err, "a.ini:1: too large (65537 bytes; at most 65536)");
    free(big);
    assert_null(answers_load("/nonexistent/a.ini", g, NULL, err, sizeof err));
    assert_string_equal(
        err, "/nonexistent/a.ini: cannot read the answer file: No such file or directory");
}

/* The intents the dialog answers itself, in any state, cannot be given answers: they would
 * never be said ("pin" would also be said while the output hides it). */
static void test_shop_intents_claimed(void **state)
{
    (void)state;
    static const char *const own[] = {"price",  "reorder", "cart_add", "help",   "yes",
                                      "cancel", "voice",   "pin",      "choose", "quantity"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        assert_true(dialog_knows_intent(own[i]));
    assert_false(dialog_knows_intent("hours"));
    assert_false(dialog_knows_intent("orderDrink"));
}

/* The example shipped with the café grammar loads against it and says a whole order. */
static void test_cafe_example(void **state)
{
    (void)state;
    char dir[1024], path[1100], err[256], b[256];
    const char *shop = getenv("SHOPSPEAK_GRAMMAR"); /* .../grammar/shop.gram */
    assert_non_null(shop);
    snprintf(dir, sizeof dir, "%s", shop);
    *strrchr(dir, '/') = '\0';
    snprintf(path, sizeof path, "%s/cafe.gram", dir);
    int status;
    grammar_t *g = grammar_load(path, &status);
    assert_non_null(g);
    assert_int_equal(grammar_compile(g), GRAMMAR_OK);
    snprintf(path, sizeof path, "%s/cafe.answers", dir);
    answers_t *a = answers_load(path, g, NULL, err, sizeof err);
    if (!a)
        fail_msg("%s", err);
    grammar_intent_t in = heard(g, "can i get a large latte with some milk");
    assert_string_equal(answers_fill(a, &in, b, sizeof b),
                        "One large latte, some milk. Coming right up.");
    in = heard(g, "brew americano");
    assert_string_equal(answers_fill(a, &in, b, sizeof b), "One americano. Coming right up.");
    answers_free(a);
    grammar_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_unset_slot_outside_brackets),
        cmocka_unit_test(test_nothing_heard_is_no_answer),
        cmocka_unit_test(test_cut_between_characters),
        cmocka_unit_test(test_shop_intents_claimed),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_too_long_and_too_large),
        cmocka_unit_test(test_cafe_example),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
