/* commands.h - the program's commands, each with its own options and --help. */
#ifndef SHOPSPEAK_COMMANDS_H
#define SHOPSPEAK_COMMANDS_H

#define EXIT_CODES_HELP                                                                            \
    "Exit codes:\n"                                                                                \
    "  0  success\n"                                                                               \
    "  1  internal failure (out of memory)\n"                                                      \
    "  2  bad command line\n"                                                                      \
    "  3  an input file is missing, not audio, empty, too long, or has no speech;\n"               \
    "     a catalog file to import has a bad row\n"                                                \
    "  4  the catalog database is missing, corrupt, read-only or from a newer version\n"           \
    "  5  the grammar, speech model or voice cannot be loaded\n"                                   \
    "  6  the audio device failed\n"

/* Run command `name` with argv[0] == name. Returns an exit code. */
int command_run(const char *name, int argc, char **argv);

int command_wav(int argc, char **argv);
int command_text(int argc, char **argv);
int command_listen(int argc, char **argv);
int command_demo(int argc, char **argv);
int command_catalog(int argc, char **argv); /* catalog_cmd.c */
int command_orders(int argc, char **argv);
int command_pin(int argc, char **argv); /* catalog_cmd.c */
int command_eval(int argc, char **argv);

/* 1 when `out` already exists and is the same file as `in` (same device and inode, whatever
 * the names), so writing `out` would truncate an input; else 0. */
int command_same_file(const char *out, const char *in);
int command_devices(int argc, char **argv); /* devices_cmd.c */

#endif
