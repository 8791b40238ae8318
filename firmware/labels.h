/*
 * labels.h - the labels of an evaluation: one JSON object per line (JSON Lines),
 *     {"file": "a.wav", "intent": "orderDrink", "slots": {"size": "large", ...}}
 * where an intent of null marks audio that is not a command and must be rejected. Other keys
 * are ignored. Read with json-c; every problem is one line naming the file and line.
 */
#ifndef SHOPSPEAK_LABELS_H
#define SHOPSPEAK_LABELS_H

#include <stddef.h>

/* Caps on outside input: a labels file, one line, one string, slots per label, labels. */
#define LABELS_MAX_FILE   (64u << 20)
#define LABELS_MAX_LINE   (64u << 10)
#define LABELS_MAX_STRING 1024
#define LABELS_MAX_SLOTS  32
#define LABELS_MAX_LABELS 1000000

typedef enum {
    LABELS_OK = 0,
    LABELS_ENOENT = -1,  /* the file cannot be opened or read */
    LABELS_ESYNTAX = -2, /* a line is not JSON, or not a label */
    LABELS_ETOOBIG = -3, /* past one of the caps above */
    LABELS_ENOMEM = -4,
} labels_status_t;

typedef struct {
    const char *name;  /* e.g. "coffeeDrink" */
    const char *value; /* the spoken words, as written in the file */
} label_slot_t;

typedef struct {
    const char *file;   /* as written: relative to the audio directory, or absolute */
    const char *intent; /* NULL: not a command */
    label_slot_t *slots;
    size_t n_slots; /* 0 for a non-command */
    int line;       /* 1-based line in the labels file */
} label_t;

typedef struct {
    label_t *items; /* in file order; every string and array in them is owned by the labels */
    size_t n;
    size_t cap_; /* private */
} labels_t;

/*
 * Read a labels file into *out (OUT: free with labels_free(), also after a failure). Blank
 * lines are skipped; a file without any label is an error. Returns LABELS_OK, or a negative
 * LABELS_E* with one line for a person in err, such as "labels.jsonl:17: slots must be an
 * object" (the path as given).
 */
int labels_read(const char *path, labels_t *out, char *err, size_t errlen);

/* The same over text in memory (len bytes, no NUL needed); `name` is only for messages. */
int labels_parse(const char *text, size_t len, const char *name, labels_t *out, char *err,
                 size_t errlen);

/* Free what labels_read() or labels_parse() gave; zeroes *l. NULL and a zeroed struct are
 * fine. */
void labels_free(labels_t *l);

#endif
