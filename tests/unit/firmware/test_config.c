/* test_config.c - the settings file: every key parses, flags and files agree, and every
 * problem is one "FILE:LINE: problem" line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static int parse(const char *text, options_t *o, char *err, size_t len)
{
    config_defaults(o);
    return config_parse(text, strlen(text), "t.ini", o, err, len);
}

static void test_defaults(void **state)
{
    options_t o;
    (void)state;
    config_defaults(&o);
    assert_int_equal(o.activation, OPTIONS_ACTIVATION_WAKE);
    assert_string_equal(o.wake_word, "hey shop");
    assert_int_equal(o.half_duplex, 1);
    assert_true(o.trailing_silence > 0.55 && o.trailing_silence < 0.65);
    assert_true(o.retry_min == 0.5 && o.retry_max == 8.0);
    assert_null(o.pipeline.voice); /* the locale's */
    assert_null(o.pipeline.locale);
    /* Every setting has a section, a default and a meaning for the documentation. */
    for (size_t i = 0; i < config_count(); i++) {
        const config_setting_t *s = config_setting(i);
        assert_non_null(s->section);
        assert_non_null(s->fallback);
        assert_true(strlen(s->meaning) > 10);
        assert_ptr_equal(config_find(s->key), s);
    }
    assert_null(config_setting(config_count()));
    assert_null(config_find("nonsense"));
}

static void test_every_kind(void **state)
{
    options_t o;
    char err[256] = "";
    (void)state;
    const char *text = "; comment\n# another\n"
                       "[files]\ncatalog = /tmp/c.db\nreply-dir =\n"
                       "[voice]\nvoice = en-gb\nrate = 200\n"
                       "[audio]\ndevice = 3\nhalf-duplex = off\nretry-min = 0.25\n"
                       "[endpointer]\ntrailing-silence = 0.8\npre-roll = 0\nmax-command = 12\n"
                       "[activation]\nactivation = ptt\nwake-word = hello shop\n"
                       "wake-threshold = 1e-30\nptt-key = enter\ngpio-line = 4\n"
                       "[listen]\nutterances = 3\n";
    assert_int_equal(parse(text, &o, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_string_equal(o.pipeline.catalog_path, "/tmp/c.db");
    assert_null(o.pipeline.reply_dir);
    assert_string_equal(o.pipeline.voice, "en-gb");
    assert_int_equal(o.pipeline.words_per_minute, 200);
    assert_string_equal(o.device, "3");
    assert_int_equal(o.half_duplex, 0);
    assert_true(o.retry_min == 0.25);
    assert_true(o.trailing_silence == 0.8 && o.pre_roll == 0 && o.max_command == 12);
    assert_int_equal(o.activation, OPTIONS_ACTIVATION_PTT);
    assert_string_equal(o.wake_word, "hello shop");
    assert_true(o.wake_threshold == 1e-30);
    assert_int_equal(o.gpio_line, 4);
    assert_int_equal(o.utterances, 3);
}

/* Each bad file names its line and its problem. */
static void test_problems(void **state)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"[audio]\nbogus = 1\n", "t.ini:2: unknown key 'bogus' in [audio]"},
        {"[nosuch]\nrate = 100\n", "t.ini:2: key 'rate' belongs in [voice]"},
        {"rate = 100\n", "t.ini:1: key 'rate' belongs in [voice]"},
        {"[voice]\n\nrate = 20\n", "t.ini:3: rate wants a whole number from 80 to 450, not '20'"},
        {"[voice]\nrate = 100x\n", "t.ini:2: rate wants a whole number from 80 to 450, not '100x'"},
        {"[voice]\nrate = 200.5\n",
         "t.ini:2: rate wants a whole number from 80 to 450, not '200.5'"},
        {"[voice]\nrate = 0x100\n",
         "t.ini:2: rate wants a whole number from 80 to 450, not '0x100'"},
        {"[endpointer]\npre-roll = inf\n",
         "t.ini:2: pre-roll wants a number from 0 to 10, not 'inf'"},
        {"[voice]\nrate = 180\nrate = 200\n",
         "t.ini:3: key 'rate' is given twice (first on line 2)"},
        {"[voice]\nrate = 180\n  locale = en-GB\n",
         "t.ini:3: an indented line reads as more of 'rate' above: a setting starts at the "
         "beginning of its line"},
        {"[recognizer]\nreject-below = .\n",
         "t.ini:2: reject-below wants a number from 0 to 1, not '.'"},
        {"[voice]\nrate = 175-200\n",
         "t.ini:2: rate wants a whole number from 80 to 450, not '175-200'"},
        {"[endpointer]\nmax-command = 5e\n",
         "t.ini:2: max-command wants a number from 0.5 to 30, not '5e'"},
        {"[endpointer]\nmax-command = 31\n",
         "t.ini:2: max-command wants a number from 0.5 to 30, not '31'"},
        {"[recognizer]\nmax-seconds = 31\n",
         "t.ini:2: max-seconds wants a number from 0.1 to 30, not '31'"},
        {"[audio]\nhalf-duplex = maybe\n", "t.ini:2: half-duplex wants true or false, not 'maybe'"},
        {"[activation]\nactivation = clap\n",
         "t.ini:2: activation wants wake, ptt or always, not 'clap'"},
        {"[activation]\nptt-key = space\n", "t.ini:2: ptt-key wants enter or gpio, not 'space'"},
        {"[voice]\njust words\n", "t.ini:2: not a [section], a 'key = value' line or a comment"},
        {"[voice\n", "t.ini:1: not a [section], a 'key = value' line or a comment"},
        {"[voice]\nrate = 1e999\n",
         "t.ini:2: rate wants a whole number from 80 to 450, not '1e999'"},
        {"[voice]\njunk\nrate = 5\n",
         "t.ini:2: not a [section], a 'key = value' line or a comment"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        options_t o;
        char err[256] = "";
        assert_int_equal(parse(cases[i].text, &o, err, sizeof err), -1);
        assert_string_equal(err, cases[i].want);
        assert_null(strchr(err, '\n'));
    }
}

static void test_limits(void **state)
{
    options_t o;
    char err[256];
    (void)state;
    char line[400] = "[voice]\nvoice = ";
    memset(line + strlen(line), 'a', 300);
    assert_int_equal(parse(line, &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "t.ini:2: line longer"));
    /* A NUL byte is not text. */
    config_defaults(&o);
    assert_int_equal(config_parse("[voice]\nvo\0ice = x\n", 19, "t.ini", &o, err, sizeof err), -1);
    /* More text than the options can keep (flags set one setting again and again). */
    char value[160];
    int rc = 0;
    config_defaults(&o);
    for (int i = 0; i < 40 && rc == 0; i++) {
        snprintf(value, sizeof value, "%0150d", i);
        rc = config_set(&o, config_find("voice"), value, err, sizeof err);
    }
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "too much text"));
}

/* Flags read numbers as the file does: no "nan" (which passes any range check written as
 * v < lo || v > hi), no hex, no empty item in a list, nothing past what the decoder takes. */
static void test_flags(void **state)
{
    static const struct {
        options_kind_t kind;
        const char *flag, *value;
        int want;
    } cases[] = {
        {OPTIONS_EVAL, "--threshold", "nan", EXIT_USAGE},
        {OPTIONS_EVAL, "--threshold", "0x0.8", EXIT_USAGE},
        {OPTIONS_EVAL, "--threshold", "0.35", -1},
        {OPTIONS_EVAL, "--snr", "nan", EXIT_USAGE},
        {OPTIONS_EVAL, "--snr", "12,,6", EXIT_USAGE},
        {OPTIONS_EVAL, "--snr", "12,", EXIT_USAGE},
        {OPTIONS_EVAL, "--snr", "-inf", EXIT_USAGE},
        {OPTIONS_EVAL, "--snr", "24,12,6", -1},
        {OPTIONS_EVAL, "--max-seconds", "31", EXIT_USAGE},
        {OPTIONS_EVAL, "--max-seconds", "30", -1},
        {OPTIONS_PIPELINE, "--rate", "nan", EXIT_USAGE},
        {OPTIONS_PIPELINE, "--rate", "0x64", EXIT_USAGE},
        {OPTIONS_PIPELINE, "--rate", "120", -1},
        {OPTIONS_PIPELINE, "--rate", "175.9", EXIT_USAGE}, /* not 175: a rate is whole */
        {OPTIONS_LISTEN, "--utterances", "1.5", EXIT_USAGE},
        {OPTIONS_EVAL, "--seed", " -1", EXIT_USAGE}, /* strtoull() would wrap it */
        {OPTIONS_EVAL, "--seed", "7", -1},
        {OPTIONS_EVAL, "--snr",
         "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
         "1,"
         "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
         "1,"
         "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
         EXIT_USAGE},
        {OPTIONS_LISTEN, "--duration", "nan", EXIT_USAGE},
        {OPTIONS_LISTEN, "--utterances", "1e999", EXIT_USAGE},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        options_t o;
        config_defaults(&o);
        char *argv[] = {"eval", (char *)cases[i].flag, (char *)cases[i].value, "labels.jsonl",
                        NULL};
        int rc = options_parse(4, argv, cases[i].kind, "", &o);
        if (rc != cases[i].want)
            fail_msg("%s %s: %d, want %d", cases[i].flag, cases[i].value, rc, cases[i].want);
    }
    options_t o;
    config_defaults(&o);
    char *argv[] = {"eval", "--snr", "24,12", "--snr", "6", "labels.jsonl", NULL};
    assert_int_equal(options_parse(6, argv, OPTIONS_EVAL, "", &o), -1);
    assert_int_equal(o.n_snr, 3);
    assert_true(o.snr_db[0] == 24 && o.snr_db[1] == 12 && o.snr_db[2] == 6);
}

static void test_file(void **state)
{
    options_t o;
    char err[512], path[] = "/tmp/shopspeak-config-XXXXXX";
    (void)state;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "[endpointer]\ntrailing-silence = 1.5\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    config_defaults(&o);
    assert_int_equal(config_load(path, &o, err, sizeof err), 0);
    assert_true(o.trailing_silence == 1.5);
    unlink(path);
    assert_int_equal(config_load(path, &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot read"));
}

static void test_default_path(void **state)
{
    char buf[4096], dir[] = "/tmp/shopspeak-xdg-XXXXXX";
    (void)state;
    assert_non_null(mkdtemp(dir));
    setenv("XDG_CONFIG_HOME", dir, 1);
    assert_null(config_default_path(buf, sizeof buf));
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/shopspeak", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/shopspeak/shopspeak.ini", dir);
    FILE *fp = fopen(sub, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_string_equal(config_default_path(buf, sizeof buf), sub);
    unlink(sub);
    snprintf(sub, sizeof sub, "%s/shopspeak", dir);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),     cmocka_unit_test(test_every_kind),
        cmocka_unit_test(test_problems),     cmocka_unit_test(test_limits),
        cmocka_unit_test(test_flags),        cmocka_unit_test(test_file),
        cmocka_unit_test(test_default_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
