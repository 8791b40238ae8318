/*
 * say.h - numbers, prices and quantities as words a speech synthesiser reads naturally.
 *
 * Every function writes a NUL-terminated string into buf (truncated to buflen) and returns
 * buf, so calls can be nested inside a printf.
 */
#ifndef SHOPSPEAK_SAY_H
#define SHOPSPEAK_SAY_H

#include <stddef.h>
#include <stdint.h>

/* 0..999999 as words: 42 -> "forty-two". Larger or negative numbers are written as digits. */
char *say_number(int64_t n, char *buf, size_t buflen);

/* 1349 -> "thirteen dollars and forty-nine cents"; 100 -> "one dollar"; 5 -> "five cents". */
char *say_price(int64_t cents, char *buf, size_t buflen);

/* The words of a currency: "dollar", "dollars", "cent", "cents"; "pound", "pounds", "penny",
 * "pence". Borrowed by the calls below. */
typedef struct {
    const char *major_one, *major_many, *minor_one, *minor_many;
} say_currency_t;

/* say_price() and say_money_in_text() in another currency's words (the amounts are the same:
 * 100 minor units to the major one). */
char *say_price_in(const say_currency_t *c, int64_t cents, char *buf, size_t buflen);
char *say_money_in_text_in(const say_currency_t *c, const char *text, char *buf, size_t buflen);

/* English plural of a unit noun into buf: box -> boxes, bag -> bags, loaf -> loaves. */
char *say_plural(const char *unit, char *buf, size_t buflen);

/* 2, "bag" -> "two bags"; 1, "box" -> "one box". */
char *say_quantity(int64_t n, const char *unit, char *buf, size_t buflen);

/* Items joined as spoken: "a", "a and b", "a, b and c" (conjunction "and"; "or" for a
 * choice). NULL items are skipped. */
char *say_list(const char *const *items, size_t n, const char *conjunction, char *buf,
               size_t buflen);

/* Text with every "$D" or "$D.CC" written out as say_price() words ("that is $215.92, over
 * the limit" -> "that is two hundred fifteen dollars and ninety-two cents, over the limit"). */
char *say_money_in_text(const char *text, char *buf, size_t buflen);

/* 1..31 as an ordinal: 1 -> "first", 22 -> "twenty-second"; other numbers as say_number(). */
char *say_ordinal(int n, char *buf, size_t buflen);

/* An ISO 8601 date or time ("2026-11-27" or "2026-11-27T08:00:00Z") as "Friday, November
 * twenty-seventh"; the text itself when it is not one. */
char *say_date(const char *iso, char *buf, size_t buflen);

/* say_date() with the parts in another order: pattern holds {weekday}, {month} and {day}
 * ("{weekday} the {day} of {month}" -> "Friday the twenty-seventh of November"). */
char *say_date_in(const char *pattern, const char *iso, char *buf, size_t buflen);

/* A rating such as 4.7 as "four point seven"; whole numbers without "point". */
char *say_rating(double rating, char *buf, size_t buflen);

/* Digits one by one, groups kept apart: "1 800 555 0199" -> "one, eight zero zero, five five
 * five, zero one nine nine". Anything but digits and spaces is copied as it is. */
char *say_digits(const char *text, char *buf, size_t buflen);

/* Opening hours as written in the settings ("Mon-Fri 08:00-20:00; Sat 09:00-17:00") as words:
 * "Monday to Friday, 8 am to 8 pm; Saturday, 9 am to 5 pm". Other text is copied. */
char *say_hours(const char *text, char *buf, size_t buflen);

/* Unit abbreviations after a number spelled out, in any text (a product's name, an answer):
 * "18 oz cups" -> "18 ounces cups", "75 sq ft" -> "75 square feet", "1 lb" -> "1 pound".
 * eSpeak NG would say "Oz", "es-queue eff-tee". Everything else is copied. */
char *say_units(const char *text, char *buf, size_t buflen);

/* A product size as written on a label, for the ear: units as say_units() says them and
 * "N x" at the start as a pack: "6 x 64 fl oz" -> "a pack of 6, 64 fluid ounces each". */
char *say_size(const char *text, char *buf, size_t buflen);

/* A number 0..99 from words ("two", "twenty one", "twenty-one") or digits; -1 if none. */
int say_parse_number(const char *words);

#endif
