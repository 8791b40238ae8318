/*
 * catalog_cmd.c - the operators' commands: `shopspeak catalog import|export|list|search` and
 * `shopspeak orders`. Output for people on stdout, one-line errors on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "options.h"
#include "pipeline.h"

#define CATALOG_OPTION_HELP                                                                        \
    "  --catalog FILE     the catalog database (default: the settings file's [files] catalog,\n"   \
    "                     else ~/.local/share/shopspeak/catalog.db, created with the sample\n"     \
    "                     catalog on first run)\n"                                                 \
    "  --config FILE      settings file (default: $XDG_CONFIG_HOME/shopspeak/shopspeak.ini if\n"   \
    "                     it exists); only its catalog is used here\n"                             \
    "  -h, --help         show this help\n"

static const char usage_catalog[] =
    "Usage: shopspeak catalog SUBCOMMAND [OPTIONS] [ARGS]\n"
    "Look after the shop's catalog (formats: docs/catalog.md).\n"
    "\n"
    "Subcommands:\n"
    "  import FILE        add or update products from a CSV or JSON file (matched by SKU)\n"
    "  export FILE|-      write every product as CSV or JSON ('-': standard output)\n"
    "  list               list products, by category and name\n"
    "  search WORDS...    products whose name or an alias contains the words, or a SKU\n"
    "\n"
    "Run 'shopspeak catalog SUBCOMMAND --help' for its options.\n"
    "\n" EXIT_CODES_HELP;

static const char usage_import[] =
    "Usage: shopspeak catalog import [OPTIONS] FILE\n"
    "Add or update products from FILE (CSV with a header row, or JSON: an array of objects).\n"
    "A product is matched by SKU: a known one is updated in place and keeps its order history.\n"
    "All or nothing: the first bad row stops the import and changes nothing, unless\n"
    "--skip-bad-rows. Errors name FILE:LINE:COLUMN. Progress goes to stderr every 10,000 rows.\n"
    "With --catalog, a missing catalog file is created (empty).\n"
    "\n"
    "Options:\n"
    "  --format csv|json  the file's format (default: json for *.json, else csv)\n"
    "  --skip-bad-rows    leave bad rows out (each reported on stderr) and import the "
    "rest\n" CATALOG_OPTION_HELP "\n" EXIT_CODES_HELP;

static const char usage_export[] =
    "Usage: shopspeak catalog export [OPTIONS] FILE|-\n"
    "Write every product, with every column import reads, to FILE ('-': standard output).\n"
    "FILE may not be the catalog database itself.\n"
    "\n"
    "Options:\n"
    "  --format csv|json  (default: json for *.json, else csv)\n" CATALOG_OPTION_HELP
    "\n" EXIT_CODES_HELP;

static const char usage_list[] =
    "Usage: shopspeak catalog list [OPTIONS]\n"
    "List products: SKU, price, stock, category and name.\n"
    "\n"
    "Options:\n"
    "  --category NAME    only this category (e.g. 'pet')\n"
    "  --limit N          at most N products\n" CATALOG_OPTION_HELP "\n" EXIT_CODES_HELP;

static const char usage_search[] =
    "Usage: shopspeak catalog search [OPTIONS] WORDS...\n"
    "Products whose SKU is WORDS, or whose name or an alias contains WORDS as spoken\n"
    "(accents and punctuation forgiven).\n"
    "\n"
    "Options:\n"
    "  --limit N          at most N products\n" CATALOG_OPTION_HELP "\n" EXIT_CODES_HELP;

static const char usage_orders[] =
    "Usage: shopspeak orders [OPTIONS]\n"
    "List orders, newest first: id, when placed, status (and expected delivery once shipped),\n"
    "number of lines, total.\n"
    "\n"
    "Options:\n"
    "  --status S         only placed, shipped, delivered or cancelled orders\n" CATALOG_OPTION_HELP
    "\n" EXIT_CODES_HELP;

static const char usage_pin[] =
    "Usage: shopspeak pin [set|clear] [OPTIONS]\n"
    "The household's purchase PIN: once set, no order is placed until its four digits are\n"
    "said. Without a subcommand, says whether one is set (and whether purchasing is locked\n"
    "after three wrong tries). The PINs are read from standard input, one a line, never from\n"
    "the command line (where other users could see them); on a terminal without echo.\n"
    "  set     asks for the current PIN (when one is set), then the new one twice\n"
    "  clear   asks for the current PIN, then removes it\n"
    "\n"
    "Options:\n" CATALOG_OPTION_HELP "\n" EXIT_CODES_HELP;

typedef struct {
    const char *catalog; /* --catalog, else the settings file's */
    const char *config;  /* --config */
    options_t settings;  /* what the settings file says (holds its strings) */
    const char *format;
    const char *category;
    const char *status;
    long limit;
    int skip_bad_rows;
} catalog_options_t;

enum { OPT_CATALOG = 1000, OPT_CONFIG, OPT_FORMAT, OPT_SKIP, OPT_CATEGORY, OPT_LIMIT, OPT_STATUS };

/* The catalog the settings file names ([files] catalog) when --catalog names none: the file
 * the assistant itself uses, so an import reaches it. Returns -1 to go on, or an exit code. */
static int catalog_from_settings(catalog_options_t *o)
{
    char err[1024];
    if (o->catalog)
        return -1;
    if (config_read(o->config, &o->settings, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    o->catalog = o->settings.pipeline.catalog_path;
    return -1;
}

/* Parse options; `allowed` lists the OPT_* a command takes. Returns -1 to go on, or an exit
 * code. `name` is the command as the user typed it ("catalog import"). */
static int parse_options(int argc, char **argv, const char *name, const char *usage,
                         const int *allowed, catalog_options_t *o)
{
    static const struct option long_options[] = {
        {"catalog", required_argument, NULL, OPT_CATALOG},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"skip-bad-rows", no_argument, NULL, OPT_SKIP},
        {"category", required_argument, NULL, OPT_CATEGORY},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"status", required_argument, NULL, OPT_STATUS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    /* Options may come after the operands too ("import FILE --skip-bad-rows"). */
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        int ok = c == 'h' || c == OPT_CATALOG || c == OPT_CONFIG;
        for (const int *a = allowed; *a && !ok; a++)
            ok = *a == c;
        if (!ok || c == '?') {
            fprintf(stderr, "shopspeak %s: bad option '%s' (try 'shopspeak %s --help')\n", name,
                    argv[optind - 1], name);
            return EXIT_USAGE;
        }
        char *end = NULL;
        switch (c) {
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        case OPT_CATALOG:
            o->catalog = optarg;
            break;
        case OPT_CONFIG:
            o->config = optarg;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "json") != 0) {
                fprintf(stderr, "shopspeak %s: --format is csv or json, not '%s'\n", name, optarg);
                return EXIT_USAGE;
            }
            o->format = optarg;
            break;
        case OPT_SKIP:
            o->skip_bad_rows = 1;
            break;
        case OPT_CATEGORY:
            o->category = optarg;
            break;
        case OPT_STATUS:
            o->status = optarg;
            break;
        case OPT_LIMIT:
            errno = 0;
            o->limit = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || o->limit < 1) {
                fprintf(stderr, "shopspeak %s: --limit wants a number from 1 up, not '%s'\n", name,
                        optarg);
                return EXIT_USAGE;
            }
            break;
        }
    }
    return catalog_from_settings(o);
}

/* The catalog file the options name, and how to open it (import may create a named one).
 * 0, or an exit code after one line on stderr. */
static int catalog_path(const catalog_options_t *o, int create_named, char *path, size_t len,
                        int *flags)
{
    char dir[900], err[512];
    *flags = CATALOG_OPEN_READWRITE;
    if (o->catalog) {
        snprintf(path, len, "%s", o->catalog);
        if (create_named)
            *flags |= CATALOG_OPEN_CREATE;
        return 0;
    }
    if (pipeline_data_dir(dir, sizeof dir, err, sizeof err) != 0) {
        fprintf(stderr, "shopspeak: %s\n", err);
        return EXIT_CATALOG;
    }
    snprintf(path, len, "%s/catalog.db", dir);
    *flags |= CATALOG_OPEN_CREATE | CATALOG_OPEN_SEED_SAMPLE;
    return 0;
}

/* Open the catalog the options name, as the other commands do; import may create it. */
static catalog_t *open_catalog(const catalog_options_t *o, int create_named, int *exit_code)
{
    char path[1024], msg[512] = "";
    int flags, status;
    if ((*exit_code = catalog_path(o, create_named, path, sizeof path, &flags)) != 0)
        return NULL;
    catalog_t *cat = catalog_open(path, flags, &status, msg, sizeof msg);
    if (cat == NULL) {
        fprintf(stderr, "shopspeak: %s\n", msg[0] ? msg : catalog_strerror(status));
        *exit_code = EXIT_CATALOG;
    }
    return cat;
}

/* The exit code for a catalog status: a bad file is the input's fault, the rest the
 * catalog's. */
static int exit_for(int status)
{
    if (status == CATALOG_EINPUT || status == CATALOG_ETOOBIG)
        return EXIT_INPUT;
    if (status == CATALOG_ENOMEM)
        return EXIT_FAILURE_INTERNAL;
    return status == CATALOG_OK ? EXIT_OK : EXIT_CATALOG;
}

static void print_progress(void *user, const catalog_import_stats_t *s)
{
    const char *file = user;
    if (s->rows >= CATALOG_IMPORT_PROGRESS_ROWS)
        fprintf(stderr, "shopspeak catalog import: %s: %lld rows read\n", file, (long long)s->rows);
}

static void print_bad_row(void *user, const char *message)
{
    (void)user;
    fprintf(stderr, "shopspeak: skipped %s\n", message);
}

/* Exactly one operand, or a usage error. */
static int one_operand(int argc, char **argv, const char *name, const char *what)
{
    if (optind + 1 == argc)
        return -1;
    fprintf(stderr, "shopspeak %s: %s (try 'shopspeak %s --help')\n", name,
            optind >= argc ? what : "one file only", name);
    return EXIT_USAGE;
}

static int cmd_import(int argc, char **argv)
{
    static const int allowed[] = {OPT_FORMAT, OPT_SKIP, 0};
    catalog_options_t o;
    int rc = parse_options(argc, argv, "catalog import", usage_import, allowed, &o);
    if (rc < 0)
        rc = one_operand(argc, argv, "catalog import", "no file to import");
    if (rc >= 0)
        return rc;
    const char *file = argv[optind];
    FILE *in = fopen(file, "rb");
    if (in == NULL) {
        fprintf(stderr, "shopspeak: cannot read %s: %s\n", file, strerror(errno));
        return EXIT_INPUT;
    }
    catalog_t *cat = open_catalog(&o, 1, &rc);
    if (cat == NULL) {
        fclose(in);
        return rc;
    }
    catalog_import_config_t c = catalog_import_config_default();
    c.format = o.format ? (strcmp(o.format, "json") == 0 ? CATALOG_FORMAT_JSON : CATALOG_FORMAT_CSV)
                        : catalog_format_from_name(file);
    c.source_name = file;
    c.skip_bad_rows = o.skip_bad_rows;
    c.progress = print_progress;
    c.bad_row = print_bad_row;
    c.user = (void *)file;
    catalog_import_stats_t s;
    int status = catalog_import(cat, in, &c, &s);
    fclose(in);
    if (status != CATALOG_OK)
        fprintf(stderr, "shopspeak: %s\n", catalog_errmsg(cat));
    else
        printf("%s: %lld rows, %lld added, %lld updated, %lld skipped\n", file, (long long)s.rows,
               (long long)s.added, (long long)s.updated, (long long)s.skipped);
    catalog_close(cat);
    return exit_for(status);
}

/* Writing the export over the catalog would truncate the very file being read. -1 to go on,
 * or an exit code after one line on stderr. */
static int refuse_export_over_catalog(const catalog_options_t *o, const char *file)
{
    char path[1024];
    int flags, rc = catalog_path(o, 0, path, sizeof path, &flags);
    if (rc != 0)
        return rc;
    if (!command_same_file(file, path))
        return -1;
    fprintf(stderr, "shopspeak catalog export: %s is the catalog itself; export to another file\n",
            file);
    return EXIT_USAGE;
}

static int cmd_export(int argc, char **argv)
{
    static const int allowed[] = {OPT_FORMAT, 0};
    catalog_options_t o;
    int rc = parse_options(argc, argv, "catalog export", usage_export, allowed, &o);
    if (rc < 0)
        rc = one_operand(argc, argv, "catalog export", "no file to write (use - for stdout)");
    if (rc >= 0)
        return rc;
    const char *file = argv[optind];
    int to_stdout = strcmp(file, "-") == 0;
    if (!to_stdout && (rc = refuse_export_over_catalog(&o, file)) >= 0)
        return rc;
    catalog_t *cat = open_catalog(&o, 0, &rc);
    if (cat == NULL)
        return rc;
    FILE *out = to_stdout ? stdout : fopen(file, "wb");
    if (out == NULL) {
        fprintf(stderr, "shopspeak: cannot write %s: %s\n", file, strerror(errno));
        catalog_close(cat);
        return EXIT_INPUT;
    }
    catalog_format_t format =
        o.format ? (strcmp(o.format, "json") == 0 ? CATALOG_FORMAT_JSON : CATALOG_FORMAT_CSV)
                 : catalog_format_from_name(file);
    int status = catalog_export(cat, out, format);
    if (!to_stdout && fclose(out) != 0 && status == CATALOG_OK)
        status = CATALOG_EOPEN;
    if (status != CATALOG_OK)
        fprintf(stderr, "shopspeak: %s: %s\n", file,
                catalog_errmsg(cat)[0] ? catalog_errmsg(cat) : strerror(errno));
    catalog_close(cat);
    return status == CATALOG_EOPEN ? EXIT_INPUT : exit_for(status);
}

/* One product per line, under a header printed before the first (user: int, lines so far). */
static int print_product(void *user, const catalog_product_t *p)
{
    if ((*(int *)user)++ == 0)
        printf("%-12s %12s %6s  %-26s %s\n", "SKU", "PRICE", "STOCK", "CATEGORY", "NAME");
    printf("%-12s %9lld.%02lld %6lld  %-26s %s\n", p->sku, (long long)(p->price_cents / 100),
           (long long)(p->price_cents % 100), (long long)p->stock, p->category, p->name);
    return 0;
}

/* list and search share everything but the query. */
static int cmd_list_or_search(int argc, char **argv, int search)
{
    static const int list_allowed[] = {OPT_CATEGORY, OPT_LIMIT, 0};
    static const int search_allowed[] = {OPT_LIMIT, 0};
    const char *name = search ? "catalog search" : "catalog list";
    catalog_options_t o;
    int rc = parse_options(argc, argv, name, search ? usage_search : usage_list,
                           search ? search_allowed : list_allowed, &o);
    if (rc >= 0)
        return rc;
    if (search ? optind >= argc : optind < argc) {
        fprintf(stderr, "shopspeak %s: %s (try 'shopspeak %s --help')\n", name,
                search ? "no words to search for" : "takes no operands", name);
        return EXIT_USAGE;
    }
    char words[512] = "";
    for (int i = optind; i < argc; i++) /* several words or one quoted phrase alike */
        snprintf(words + strlen(words), sizeof words - strlen(words), "%s%s", i > optind ? " " : "",
                 argv[i]);
    catalog_t *cat = open_catalog(&o, 0, &rc);
    if (cat == NULL)
        return rc;
    int lines = 0;
    int status = search ? catalog_search_products(cat, words, o.limit, print_product, &lines)
                        : catalog_list_products(cat, o.category, o.limit, print_product, &lines);
    if (status == CATALOG_OK && lines == 0)
        printf("no products\n");
    if (status != CATALOG_OK)
        fprintf(stderr, "shopspeak: %s\n", catalog_errmsg(cat));
    catalog_close(cat);
    return status == CATALOG_EINVAL ? EXIT_USAGE : exit_for(status);
}

int command_catalog(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_catalog, stderr);
        return EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        fputs(usage_catalog, stdout);
        return EXIT_OK;
    }
    if (strcmp(sub, "import") == 0)
        return cmd_import(argc - 1, argv + 1);
    if (strcmp(sub, "export") == 0)
        return cmd_export(argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0)
        return cmd_list_or_search(argc - 1, argv + 1, 0);
    if (strcmp(sub, "search") == 0)
        return cmd_list_or_search(argc - 1, argv + 1, 1);
    fprintf(stderr, "shopspeak catalog: unknown subcommand '%s' (try 'shopspeak catalog --help')\n",
            sub);
    return EXIT_USAGE;
}

static int print_order(void *user, const catalog_order_t *o)
{
    char status[64];
    if ((*(int *)user)++ == 0)
        printf("%6s  %-20s  %-29s %5s %12s\n", "ORDER", "PLACED", "STATUS", "LINES", "TOTAL");
    if (o->expected_at[0] && strcmp(o->status, "shipped") == 0)
        snprintf(status, sizeof status, "shipped, expected %s", o->expected_at);
    else
        snprintf(status, sizeof status, "%s", o->status);
    printf("%6lld  %-20s  %-29s %5lld %9lld.%02lld\n", (long long)o->id, o->placed_at, status,
           (long long)o->items, (long long)(o->total_cents / 100),
           (long long)(o->total_cents % 100));
    return 0;
}

int command_orders(int argc, char **argv)
{
    static const int allowed[] = {OPT_STATUS, 0};
    catalog_options_t o;
    int rc = parse_options(argc, argv, "orders", usage_orders, allowed, &o);
    if (rc >= 0)
        return rc;
    if (optind < argc) {
        fputs("shopspeak orders: takes no operands (try 'shopspeak orders --help')\n", stderr);
        return EXIT_USAGE;
    }
    catalog_t *cat = open_catalog(&o, 0, &rc);
    if (cat == NULL)
        return rc;
    int lines = 0;
    int status = catalog_list_orders(cat, o.status, print_order, &lines);
    if (status == CATALOG_OK && lines == 0)
        printf("no orders\n");
    if (status != CATALOG_OK)
        fprintf(stderr, "shopspeak orders: %s\n", catalog_errmsg(cat));
    catalog_close(cat);
    return status == CATALOG_EINVAL ? EXIT_USAGE : exit_for(status);
}

/* One PIN from standard input after prompt (on stderr, when it is a terminal, with echo off)
 * into pin (5 bytes). 0; -1 at the end of the input; -2 for a line that is not four digits. */
static int read_pin(const char *prompt, char pin[5])
{
    char line[64];
    struct termios saved, quiet;
    int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        fputs(prompt, stderr);
        quiet = saved;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *got = fgets(line, sizeof line, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    line[strcspn(line, "\r\n")] = '\0';
    if (strlen(line) != 4 || strspn(line, "0123456789") != 4)
        return -2;
    memcpy(pin, line, 5);
    return 0;
}

/* The PINs pin set or clear needs, read in turn; 0, or an exit code after one line. */
static int read_pins(bool set, bool is_set, char *current, char *fresh)
{
    char again[5];
    int rc = 0;
    const char *missing = "the current PIN";
    if (is_set)
        rc = read_pin("Current PIN: ", current);
    if (rc == 0 && set) {
        missing = "the new PIN";
        rc = read_pin("New PIN (four digits): ", fresh);
        if (rc == 0) {
            missing = "the new PIN a second time (to be sure of it)";
            rc = read_pin("New PIN again: ", again);
        }
    }
    if (rc == -1)
        fprintf(stderr, "shopspeak pin: standard input ended before %s\n", missing);
    else if (rc == -2)
        fputs("shopspeak pin: a PIN is four digits\n", stderr);
    else if (set && strcmp(fresh, again) != 0)
        fputs("shopspeak pin: the two new PINs differ; nothing changed\n", stderr);
    else
        return 0;
    return EXIT_USAGE;
}

int command_pin(int argc, char **argv)
{
    catalog_options_t o;
    int rc = parse_options(argc, argv, "pin", usage_pin, (const int[]){0}, &o);
    if (rc >= 0)
        return rc;
    const char *sub = optind < argc ? argv[optind] : "";
    if (optind + 1 < argc || (sub[0] && strcmp(sub, "set") != 0 && strcmp(sub, "clear") != 0)) {
        fputs("shopspeak pin: set, clear or nothing (try 'shopspeak pin --help')\n", stderr);
        return EXIT_USAGE;
    }
    catalog_t *cat = open_catalog(&o, 0, &rc);
    if (cat == NULL)
        return rc;
    int is_set = 0, status;
    char locked[32] = "", current[5] = "", fresh[5] = "";
    status = catalog_pin_state(cat, &is_set, locked, sizeof locked);
    if (status == CATALOG_OK && !sub[0]) {
        printf("%s%s%s\n", is_set ? "A PIN is set: orders need it" : "No PIN is set",
               locked[0] ? "; purchasing is locked until " : "", locked);
    } else if (status == CATALOG_OK) {
        bool set = strcmp(sub, "set") == 0;
        if (!set && !is_set) {
            printf("No PIN is set\n");
            catalog_close(cat);
            return EXIT_OK;
        }
        if ((rc = read_pins(set, is_set, current, fresh)) != 0) {
            catalog_close(cat);
            return rc;
        }
        status = catalog_set_pin(cat, is_set ? current : NULL, set ? fresh : NULL);
        if (status == CATALOG_OK)
            printf("%s\n", set ? "PIN set: orders now need it" : "PIN removed");
    }
    if (status != CATALOG_OK)
        fprintf(stderr, "shopspeak pin: %s\n", catalog_errmsg(cat));
    catalog_close(cat);
    return status == CATALOG_EINVAL || status == CATALOG_EPIN ? EXIT_USAGE : exit_for(status);
}
