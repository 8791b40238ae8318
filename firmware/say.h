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

/* 2, "bag" -> "two bags"; 1, "box" -> "one box". */
char *say_quantity(int64_t n, const char *unit, char *buf, size_t buflen);

/* A number 0..99 from words ("two", "twenty one", "twenty-one") or digits; -1 if none. */
int say_parse_number(const char *words);

#endif
