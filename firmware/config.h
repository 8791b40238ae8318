/*
 * config.h - the settings file (INI, read with libinih): every setting of the program is a key
 * in a section and also a command-line flag of the same name; flags override the file.
 * docs/configuration.md lists them all.
 *
 * Conventions: functions return 0, or -1 with one line for a person in errbuf
 * ("FILE:LINE: problem" for a problem inside a file). Nothing here prints or exits.
 */
#ifndef SHOPSPEAK_CONFIG_H
#define SHOPSPEAK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

/* A file larger than this is refused ("too large"): a settings file is a few hundred bytes. */
#define CONFIG_MAX_BYTES 65536

typedef enum {
    CONFIG_STRING = 0, /* any text; empty means "not set" */
    CONFIG_NUMBER,     /* a decimal number in [min, max] */
    CONFIG_BOOL,       /* true/false, yes/no, on/off, 1/0 */
    CONFIG_ACTIVATION, /* wake, ptt or always */
    CONFIG_PTT_KEY,    /* enter or gpio */
} config_kind_t;

typedef struct {
    const char *section; /* e.g. "audio" */
    const char *key;     /* also the flag: --key */
    config_kind_t kind;
    double min, max;      /* CONFIG_NUMBER only */
    int listen_only;      /* 1: only `shopspeak listen` takes the flag */
    const char *fallback; /* the default, as text for documentation and --help */
    const char *meaning;  /* one line */
} config_setting_t;

/* s as a number in [lo, hi] into *out, written as people write one: digits and a sign, and
 * with fraction also a point and an exponent ("1e-30"). false for anything else, "0x1p4",
 * "inf" and "nan" included (strtod() would take them). The settings file and the flags that
 * are not settings (--threshold, --snr) read numbers with it. */
bool config_read_number(const char *s, bool fraction, double lo, double hi, double *out);

/* The table of settings, in documentation order. Static; never NULL for i < config_count(). */
size_t config_count(void);
const config_setting_t *config_setting(size_t i);
/* The setting called `key` (a flag name without dashes), or NULL. */
const config_setting_t *config_find(const char *key);

/* Put the defaults of every setting into *out (zeroing it first). */
void config_defaults(options_t *out);

/*
 * Set one setting from text. String values are copied into out->strings (so `value` need not
 * outlive the call); other values are parsed and range-checked. Returns 0, or -1 with the
 * problem (without file or line) in errbuf.
 */
int config_set(options_t *out, const config_setting_t *s, const char *value, char *errbuf,
               size_t errlen);

/*
 * Read settings from INI text of n bytes (need not be NUL-terminated); `name` is the file name
 * used in messages. Settings found replace those in *out; the rest are left alone. An unknown
 * section or key, a bad value or a line that is not `key = value`, `[section]` or a comment
 * (`;` or `#`) fails with "NAME:LINE: problem".
 */
int config_parse(const char *text, size_t n, const char *name, options_t *out, char *errbuf,
                 size_t errlen);

/* config_parse() over a file; a missing or unreadable file is an error. */
int config_load(const char *path, options_t *out, char *errbuf, size_t errlen);

/* The defaults into *out, then the settings file: path, else the default one when it exists
 * (config_default_path()). 0, or -1 with the one-line problem in errbuf. */
int config_read(const char *path, options_t *out, char *errbuf, size_t errlen);

/*
 * The default settings file: $XDG_CONFIG_HOME/shopspeak/shopspeak.ini (or
 * ~/.config/shopspeak/shopspeak.ini) written into buf. Returns buf when that file exists,
 * NULL when it does not (then there is nothing to read).
 */
const char *config_default_path(char *buf, size_t len);

#endif
