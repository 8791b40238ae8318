/* say.c - write numbers and money out as words, because eSpeak reads "$13.49" badly. */
#include "say.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    static const say_currency_t dollars = {"dollar", "dollars", "cent", "cents"};
    return say_price_in(&dollars, cents, buf, buflen);
}

char *say_price_in(const say_currency_t *c, int64_t cents, char *buf, size_t buflen)
{
    char major_w[96], minor_w[32];
    int64_t major = cents / 100, rest = cents % 100;
    if (cents < 0) {
        snprintf(buf, buflen, "minus %s", say_price_in(c, -cents, major_w, sizeof major_w));
        return buf;
    }
    say_number(major, major_w, sizeof major_w);
    say_number(rest, minor_w, sizeof minor_w);
    const char *major_unit = major == 1 ? c->major_one : c->major_many;
    const char *minor_unit = rest == 1 ? c->minor_one : c->minor_many;
    if (major == 0)
        snprintf(buf, buflen, "%s %s", minor_w, minor_unit);
    else if (rest == 0)
        snprintf(buf, buflen, "%s %s", major_w, major_unit);
    else
        snprintf(buf, buflen, "%s %s and %s %s", major_w, major_unit, minor_w, minor_unit);
    return buf;
}

char *say_plural(const char *unit, char *out, size_t outlen)
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
    return out;
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
        say_plural(unit, noun, sizeof noun);
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

/* Append s at the end of buf (truncating). */
static void append(char *buf, size_t buflen, const char *s)
{
    size_t len = strlen(buf);
    if (len < buflen)
        snprintf(buf + len, buflen - len, "%s", s);
}

char *say_list(const char *const *items, size_t n, const char *conjunction, char *buf,
               size_t buflen)
{
    char last[32];
    size_t total = 0, seen = 0;
    if (buflen == 0)
        return buf;
    buf[0] = '\0';
    snprintf(last, sizeof last, " %s ", conjunction ? conjunction : "and");
    for (size_t i = 0; i < n; i++)
        total += items[i] != NULL;
    for (size_t i = 0; i < n; i++) {
        if (!items[i])
            continue;
        if (seen > 0)
            append(buf, buflen, seen + 1 == total ? last : ", ");
        append(buf, buflen, items[i]);
        seen++;
    }
    return buf;
}

char *say_money_in_text(const char *text, char *buf, size_t buflen)
{
    static const say_currency_t dollars = {"dollar", "dollars", "cent", "cents"};
    return say_money_in_text_in(&dollars, text, buf, buflen);
}

char *say_money_in_text_in(const say_currency_t *c, const char *text, char *buf, size_t buflen)
{
    char words[160], piece[2] = {0};
    if (buflen == 0)
        return buf;
    buf[0] = '\0';
    for (const char *s = text; *s;) {
        if (*s == '$' && s[1] >= '0' && s[1] <= '9') {
            char *end;
            long long dollars = strtoll(s + 1, &end, 10), cents = 0;
            if (end[0] == '.' && end[1] >= '0' && end[1] <= '9' && end[2] >= '0' && end[2] <= '9') {
                cents = (end[1] - '0') * 10 + (end[2] - '0');
                end += 3;
            }
            append(buf, buflen, say_price_in(c, dollars * 100 + cents, words, sizeof words));
            s = end;
            continue;
        }
        piece[0] = *s++;
        append(buf, buflen, piece);
    }
    return buf;
}

char *say_ordinal(int n, char *buf, size_t buflen)
{
    static const char *const small[] = {"",          "first",       "second",     "third",
                                        "fourth",    "fifth",       "sixth",      "seventh",
                                        "eighth",    "ninth",       "tenth",      "eleventh",
                                        "twelfth",   "thirteenth",  "fourteenth", "fifteenth",
                                        "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
    if (n >= 1 && n < 20)
        snprintf(buf, buflen, "%s", small[n]);
    else if (n == 20 || n == 30)
        snprintf(buf, buflen, "%stieth", n == 20 ? "twen" : "thir");
    else if (n > 20 && n < 40)
        snprintf(buf, buflen, "%s-%s", grammar_number_word(n - n % 10), small[n % 10]);
    else
        say_number(n, buf, buflen);
    return buf;
}

char *say_date(const char *iso, char *buf, size_t buflen)
{
    return say_date_in("{weekday}, {month} {day}", iso, buf, buflen);
}

/* pattern with each {weekday}, {month} and {day} replaced; other text copied. */
static void fill_date(const char *pattern, const char *weekday, const char *month, const char *day,
                      char *buf, size_t buflen)
{
    static const char *const names[] = {"{weekday}", "{month}", "{day}"};
    const char *values[] = {weekday, month, day};
    char piece[2] = {0};
    buf[0] = '\0';
    for (const char *s = pattern; *s;) {
        size_t i = 0;
        while (i < 3 && strncmp(s, names[i], strlen(names[i])) != 0)
            i++;
        if (i < 3) {
            append(buf, buflen, values[i]);
            s += strlen(names[i]);
        } else {
            piece[0] = *s++;
            append(buf, buflen, piece);
        }
    }
}

char *say_date_in(const char *pattern, const char *iso, char *buf, size_t buflen)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    static const char *const days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
    int y, m, d;
    char day[32];
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
        snprintf(buf, buflen, "%s", iso ? iso : "");
        return buf;
    }
    /* Sakamoto's day of the week. */
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int yy = m < 3 ? y - 1 : y;
    int wd = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7;
    if (buflen > 0)
        fill_date(pattern, days[wd], months[m - 1], say_ordinal(d, day, sizeof day), buf, buflen);
    return buf;
}

char *say_rating(double rating, char *buf, size_t buflen)
{
    char whole[64];
    int tenths = (int)(rating * 10.0 + 0.5);
    say_number(tenths / 10, whole, sizeof whole);
    if (tenths % 10 == 0)
        snprintf(buf, buflen, "%s", whole);
    else
        snprintf(buf, buflen, "%s point %s", whole, ones(tenths % 10));
    return buf;
}

char *say_digits(const char *text, char *buf, size_t buflen)
{
    char piece[2] = {0};
    int in_group = 0;
    if (buflen == 0)
        return buf;
    buf[0] = '\0';
    for (const char *s = text; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (in_group)
                append(buf, buflen, " ");
            append(buf, buflen, ones(*s - '0'));
            in_group = 1;
        } else if (*s == ' ') {
            if (in_group && s[1] >= '0' && s[1] <= '9')
                append(buf, buflen, ",");
            append(buf, buflen, " ");
            in_group = 0;
        } else {
            piece[0] = *s;
            append(buf, buflen, piece);
            in_group = 0;
        }
    }
    return buf;
}

/* "08:00" -> "8 am", "20:30" -> "8:30 pm", "12:00" -> "12 noon"; 0 when s is not a time. */
static int say_clock(const char *s, char *out, size_t outlen)
{
    int h, m;
    if (!(s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' &&
          sscanf(s, "%2d:%2d", &h, &m) == 2 && h < 24 && m < 60))
        return 0;
    int h12 = h % 12 == 0 ? 12 : h % 12;
    if (h == 12 && m == 0)
        snprintf(out, outlen, "12 noon");
    else if (m == 0)
        snprintf(out, outlen, "%d %s", h12, h < 12 ? "am" : "pm");
    else
        snprintf(out, outlen, "%d:%02d %s", h12, m, h < 12 ? "am" : "pm");
    return 5;
}

char *say_hours(const char *text, char *buf, size_t buflen)
{
    static const char *const abbr[][2] = {
        {"Mon", "Monday"}, {"Tue", "Tuesday"},  {"Wed", "Wednesday"}, {"Thu", "Thursday"},
        {"Fri", "Friday"}, {"Sat", "Saturday"}, {"Sun", "Sunday"}};
    char piece[32];
    if (buflen == 0)
        return buf;
    buf[0] = '\0';
    for (const char *s = text; *s;) {
        int used = say_clock(s, piece, sizeof piece);
        for (size_t i = 0; !used && i < sizeof abbr / sizeof abbr[0]; i++)
            if (strncmp(s, abbr[i][0], 3) == 0 && !(s[3] >= 'a' && s[3] <= 'z')) {
                snprintf(piece, sizeof piece, "%s", abbr[i][1]);
                used = 3;
            }
        if (!used && *s == '-') {
            snprintf(piece, sizeof piece, " to ");
            used = 1;
        }
        if (!used && *s == ' ' && s > text && s[-1] != ';' && s[-1] != ',' &&
            (say_clock(s + 1, (char[32]){0}, 32))) {
            snprintf(piece, sizeof piece, ", ");
            used = 1;
        }
        if (!used) {
            piece[0] = *s;
            piece[1] = '\0';
            used = 1;
        }
        append(buf, buflen, piece);
        s += used;
    }
    return buf;
}

/* Unit abbreviations said after a number, longest first where one starts another. */
static const char *const units[][3] = {
    /* written, one, many */
    {"fl oz", "fluid ounce", "fluid ounces"},
    {"sq ft", "square foot", "square feet"},
    {"oz", "ounce", "ounces"},
    {"lbs", "pounds", "pounds"},
    {"lb", "pound", "pounds"},
    {"kg", "kilogram", "kilograms"},
    {"g", "gram", "grams"},
    {"ml", "milliliter", "milliliters"},
    {"l", "liter", "liters"},
    {"ct", "count", "count"},
    {"pk", "pack", "packs"},
    {"ft", "foot", "feet"},
    {"gal", "gallon", "gallons"},
    {"qt", "quart", "quarts"},
};

/* The unit written at s (case aside, ending where a word ends): its index, or -1. */
static int unit_at(const char *s)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t k = strlen(units[i][0]);
        if (strncasecmp(s, units[i][0], k) == 0 && !isalnum((unsigned char)s[k]))
            return (int)i;
    }
    return -1;
}

char *say_units(const char *text, char *buf, size_t buflen)
{
    if (buflen == 0)
        return buf;
    buf[0] = '\0';
    size_t len = 0;
    const char *number = NULL, *number_end = NULL; /* the number just before, if any */
    for (const char *s = text; *s && len + 1 < buflen;) {
        int u = -1;
        if (number_end && s == number_end + 1 && number_end[0] == ' ')
            u = unit_at(s);
        if (u >= 0) {
            bool one = number_end - number == 1 && number[0] == '1';
            const char *said = units[u][one ? 1 : 2];
            len += (size_t)snprintf(buf + len, buflen - len, "%s", said);
            len = len < buflen ? len : buflen - 1;
            s += strlen(units[u][0]);
            number = number_end = NULL;
            continue;
        }
        bool starts = isdigit((unsigned char)*s) && (s == text || !isalnum((unsigned char)s[-1]));
        if (starts) { /* a number: digits with a decimal point inside */
            number = s;
            number_end = s + strspn(s, "0123456789.");
            while (number_end > s && number_end[-1] == '.')
                number_end--;
            if (isalpha((unsigned char)*number_end))
                number = number_end = NULL; /* "4k", "x2y": not a number then a unit */
        }
        buf[len++] = *s++;
        buf[len] = '\0';
        if (number_end && s > number_end + 1)
            number = number_end = NULL;
    }
    return buf;
}

char *say_size(const char *text, char *buf, size_t buflen)
{
    /* "6 x 64 fl oz": a pack of six, each of 64 fluid ounces (eSpeak NG would say "ex"). */
    size_t count = strspn(text, "0123456789");
    if (count > 0 && strncmp(text + count, " x ", 3) == 0 && text[count + 3] != '\0' &&
        buflen > 0) {
        char each[256];
        say_units(text + count + 3, each, sizeof each);
        snprintf(buf, buflen, "a pack of %.*s, %s each", (int)count, text, each);
        return buf;
    }
    return say_units(text, buf, buflen);
}
