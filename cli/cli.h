/* The vigie command: shared declarations.
 *
 * Each command group lives in its own cmd_<group>.c and exports a table of
 * cli_cmd terminated by an empty entry; commands.c lists the tables. One
 * option table per command drives parsing, --help, the man page and the
 * bash completion, so none of them can drift from the code. */
#ifndef CLI_H
#define CLI_H

#include <libintl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <vigie/secret.h>
#include <vigie/store.h>

#define _(s)  gettext(s)
#define N_(s) s

/* Exit codes: the contract of DESIGN.md §4, tested in tests/cli. */
enum {
    EXIT_DONE = 0,      /* done; all is well */
    EXIT_ERROR = 1,     /* bad data, missing object, I/O */
    EXIT_USAGE = 2,     /* unknown command or option, missing argument */
    EXIT_ATTENTION = 3, /* overdue check-in, delegation not ready, guide past review */
    EXIT_ALERT = 4,     /* duress, help or emergency check-in open */
    EXIT_AUTH = 5,      /* wrong passphrase, PIN or recovery key */
    EXIT_INTEGRITY = 6, /* tampered or corrupt store, backup, key file, code, signature */
    EXIT_BUSY = 7       /* another vigie command holds the store; nothing changed, try again */
};

typedef enum { OPT_FLAG, OPT_VALUE, OPT_MULTI } cli_opt_kind;

typedef struct {
    const char *name; /* long name without dashes: "label" */
    cli_opt_kind kind;
    const char *argname; /* "TEXT", shown in help; NULL for flags */
    const char *help;    /* N_("...") */
} cli_opt;

#define CLI_MAX_VALUES 64
#define CLI_MAX_ARGS   256

struct cli_cmd;

typedef struct {
    const struct cli_cmd *cmd;
    int argc;
    char *argv[CLI_MAX_ARGS]; /* positional arguments */
    int nvals;
    struct {
        const char *name;
        const char *value; /* NULL for a flag */
    } vals[CLI_MAX_VALUES];
} cli_args;

typedef struct {
    const char *store_opt; /* --store */
    const char *data_dir;  /* resolved data folder (templates, guides) */
    const char *lang;      /* "fr" or "en" */
    int json;
    int color;           /* stdout is a terminal and NO_COLOR unset */
    int interactive;     /* a terminal to prompt on */
    char *store_dir;     /* resolved store folder */
    vg_secret *env_pass; /* VIGIE_PASSPHRASE, read once then wiped from the environment */
} cli_ctx;

typedef struct cli_cmd {
    const char *group;   /* "key"; a lone command ("init") has verb NULL */
    const char *verb;    /* "add" */
    const char *usage;   /* positional part: "SLOT" */
    const char *summary; /* N_("...") one line */
    int min_args, max_args;
    const cli_opt *opts; /* terminated by {NULL}; may be NULL */
    int (*run)(cli_ctx *ctx, cli_args *a);
    const char *details; /* N_("...") longer help, or NULL */
} cli_cmd;

/* commands.c */
extern const cli_cmd *const cli_tables[];
const cli_cmd *cli_find(const char *group, const char *verb, int *group_known);
/* The command group (verb NULL) or the group's verb closest to a mistyped
 * one ("delegaton" -> "delegation"), or NULL when none is close. */
const char *cli_suggest(const char *group, const char *verb);
void cli_print_usage(FILE *f, const cli_cmd *c);
void cli_print_help(FILE *f, const cli_cmd *c);
void cli_print_overview(FILE *f);
const cli_opt *cli_global_opts(void);

/* args.c */
const char *cli_opt_value(const cli_args *a, const char *name);
int cli_flag(const cli_args *a, const char *name);
/* The values of a repeated option, in order; returns how many. */
int cli_opt_values(const cli_args *a, const char *name, const char **out, int max);

/* out.c */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printf to stdout, with French elision before a name that starts with a
 * vowel or h ("Check-in de Amélie" -> "Check-in d'Amélie") when the
 * messages are French. */
void cli_print_named(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print vg_error_last() as an error and return the exit code for `rc`. */
int cli_fail(int rc);
int cli_exit_for(int vg_rc);
int cli_usage_error(const cli_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Display width of UTF-8 text (code points, combining marks as 0). */
size_t cli_width(const char *s);
/* `s` in capitals into `out` (ASCII and the accented letters of French,
 * Spanish and Haitian Creole), for the alerts a coordinator must not miss. */
const char *cli_upper(char *out, size_t cap, const char *s);
/* Print `s` padded with spaces to `w` columns. */
void cli_pad(FILE *f, const char *s, size_t w);
/* Colour: an SGR code ("1" bold, "31" red...) when colour is on, else "". */
const char *cli_sgr(const cli_ctx *ctx, const char *code);

/* A simple text table. */
typedef struct {
    int ncols;
    const char *head[16];
    int nrows, cap;
    char **cells; /* nrows * ncols, owned */
} cli_table;
void cli_table_init(cli_table *t, int ncols, ...);
void cli_table_add(cli_table *t, ...); /* ncols strings (NULL prints as "") */
void cli_table_print(const cli_ctx *ctx, cli_table *t, FILE *f);
void cli_table_free(cli_table *t);

/* json.c: a small streaming JSON writer to stdout. */
typedef struct {
    FILE *f;
    int depth;
    int first[32];
    int after_key;
} cli_json;
void json_init(cli_json *j, FILE *f);
void json_obj(cli_json *j);
void json_end_obj(cli_json *j);
void json_arr(cli_json *j);
void json_end_arr(cli_json *j);
void json_key(cli_json *j, const char *k);
void json_str(cli_json *j, const char *s); /* NULL writes null */
void json_int(cli_json *j, long long v);
void json_bool(cli_json *j, int v);
void json_null(cli_json *j);
/* A number with `decimals` digits after the point (0 to 6), whatever the
 * locale's decimal separator. */
void json_num(cli_json *j, double v, int decimals);
void json_done(cli_json *j); /* final newline */
/* key + value helpers */
void json_kstr(cli_json *j, const char *k, const char *v);
void json_kint(cli_json *j, const char *k, long long v);
void json_kbool(cli_json *j, const char *k, int v);

/* prompt.c */
/* Read a secret from the terminal with echo off (restored on every exit,
 * Ctrl-C included). VG_EAUTH if there is no terminal. */
int cli_read_secret(vg_secret **out, const char *prompt);
/* Read a line from the terminal with echo on; caller frees. */
char *cli_read_line(const char *prompt);
/* A new passphrase from env var `env` (if set) or asked twice at the terminal. */
int cli_new_passphrase(vg_secret **out, const cli_ctx *ctx, const char *env);
/* A secret from env var `env`, read once and wiped from the environment. */
int cli_env_secret(vg_secret **out, const char *env);
/* Ask yes/no; without a terminal returns `dflt`. */
int cli_confirm(const char *question, int dflt);

/* session.c */
/* Open the store, unlocking from the cache, VIGIE_PASSPHRASE or a prompt. */
int cli_open_store(cli_ctx *ctx, vg_store **out);
/* The passphrase callback used above (payload: cli_ctx). */
int cli_passphrase_cb(vg_secret **out, void *payload);
/* Finish a command that changed data: commit, or roll back on failure. */
int cli_finish(vg_store *st, int rc);

#endif
