/* say.c - write numbers and money out as words, because eSpeak reads "$13.49" badly. */
#include "say.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "grammar.h"

/* The number words are grammar.c's (grammar_number_word): one table for what the recognizer
 * hears and what the speaker says. */
static const char *ones(int n)
{
    return grammar_number_word(n);
}

static const char *tens(int n)
{
    return grammar_number_word(10 * n);
}

/* Words for 0..999 appended at buf + strlen(buf). */
static void append_hundreds(int n, char *buf, size_t buflen)
{
    size_t len = strlen(buf);
    if (n >= 100) {
        snprintf(buf + len, buflen - len, "%s hundred%s", ones(n / 100), n % 100 ? " " : "");
        n %= 100;
        if (n == 0)
            return;
        len = strlen(buf);
    }
    if (n < 20)
        snprintf(buf + len, buflen - len, "%s", ones(n));
    else if (n % 10 == 0)
        snprintf(buf + len, buflen - len, "%s", tens(n / 10));
    else
        snprintf(buf + len, buflen - len, "%s-%s", tens(n / 10), ones(n % 10));
}

char *say_number(int64_t n, char *buf, size_t buflen)
{
    if (buflen == 0)
        return buf;
    buf[0] = '\0';
    if (n < 0 || n > 999999) {
        snprintf(buf, buflen, "%lld", (long long)n);
        return buf;
    }
    if (n >= 1000) {
        append_hundreds((int)(n / 1000), buf, buflen);
        size_t len = strlen(buf);
        snprintf(buf + len, buflen - len, " thousand%s", n % 1000 ? " " : "");
        n %= 1000;
        if (n == 0)
            return buf;
    }
    append_hundreds((int)n, buf, buflen);
    return buf;
}

char *say_price(int64_t cents, char *buf, size_t buflen)
{
    char dollars_w[96], cents_w[32];
    int64_t dollars = cents / 100, rest = cents % 100;
    if (cents < 0) {
        snprintf(buf, buflen, "minus %s", say_price(-cents, dollars_w, sizeof dollars_w));
        return buf;
    }
    say_number(dollars, dollars_w, sizeof dollars_w);
    say_number(rest, cents_w, sizeof cents_w);
    if (dollars == 0)
        snprintf(buf, buflen, "%s cent%s", cents_w, rest == 1 ? "" : "s");
    else if (rest == 0)
        snprintf(buf, buflen, "%s dollar%s", dollars_w, dollars == 1 ? "" : "s");
    else
        snprintf(buf, buflen, "%s dollar%s and %s cent%s", dollars_w, dollars == 1 ? "" : "s",
                 cents_w, rest == 1 ? "" : "s");
    return buf;
}

/* English plural of a unit noun: box -> boxes, bag -> bags, loaf -> loaves. */
static void plural(const char *unit, char *out, size_t outlen)
{
    size_t n = strlen(unit);
    if (n >= 4 && strcmp(unit + n - 4, "loaf") == 0)
        snprintf(out, outlen, "%.*sloaves", (int)(n - 4), unit);
    else if (n > 0 &&
             (unit[n - 1] == 's' || unit[n - 1] == 'x' || unit[n - 1] == 'z' ||
              (n >= 2 && (strcmp(unit + n - 2, "ch") == 0 || strcmp(unit + n - 2, "sh") == 0))))
        snprintf(out, outlen, "%ses", unit);
    else
        snprintf(out, outlen, "%ss", unit);
}

char *say_quantity(int64_t n, const char *unit, char *buf, size_t buflen)
{
    char num[96], noun[64];
    say_number(n, num, sizeof num);
    if (!unit || !*unit)
        unit = "item";
    if (n == 1)
        snprintf(noun, sizeof noun, "%s", unit);
    else
        plural(unit, noun, sizeof noun);
    snprintf(buf, buflen, "%s %s", num, noun);
    return buf;
}

int say_parse_number(const char *words)
{
    char *end;
    long v;
    if (!words)
        return -1;
    v = strtol(words, &end, 10);
    if (end != words && *end == '\0')
        return v >= 0 && v <= 99 ? (int)v : -1;
    return grammar_number_value(words);
}
