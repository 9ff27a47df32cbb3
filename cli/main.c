/* vigie: the command's entry point.
 *
 * Order of work: private umask; language; library start; the global options
 * (accepted anywhere before "--"); the command, found by its first one or two
 * words; its own options from its table; the run; then stdout is flushed and
 * checked, so that output to a full disk is an error, not a silent loss. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

#include "cli.h"

static const char *pick_lang(int argc, char **argv)
{
    const char *envs[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            return argv[i + 1];
        if (!strncmp(argv[i], "--lang=", 7))
            return argv[i] + 7;
    }
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(envs[i]);
        if (v && *v)
            return strncmp(v, "fr", 2) == 0 ? "fr" : "en";
    }
    return "en";
}

static void setup_i18n(const char *lang, const char *argv0)
{
    /* The messages come from our catalogue whatever locales the system has
     * installed: C.UTF-8 for the character set, LANGUAGE for the catalogue.
     * LC_NUMERIC stays "C" for the whole process: under fr_CA the C library
     * (and libxlsxwriter, which formats with it) would write "2,4" into
     * XML, JSON and CSV. Numbers meant for people are formatted in their
     * language by our own code (the CLI's fmt_dec, the CSV writer); core's
     * export session guards itself the same way (uselocale). */
    setlocale(LC_ALL, "");
    if (!setlocale(LC_CTYPE, NULL) || strstr(setlocale(LC_CTYPE, NULL), "UTF-8") == NULL)
        setlocale(LC_ALL, "C.UTF-8");
    if (!strcmp(setlocale(LC_MESSAGES, NULL), "C") ||
        !strcmp(setlocale(LC_MESSAGES, NULL), "POSIX"))
        setlocale(LC_MESSAGES, "C.UTF-8");
    setlocale(LC_NUMERIC, "C");
    setenv("LANGUAGE", lang, 1);
    bindtextdomain("vigie", vg_localedir(argv0));
    bind_textdomain_codeset("vigie", "UTF-8");
    textdomain("vigie");
}

static const char *data_dir(const char *opt)
{
    const char *env = getenv("VIGIE_DATA_DIR");
    const char *inst;
    if (opt)
        return opt;
    if (env && *env)
        return env;
    if ((inst = vg_installed_datadir()) != NULL)
        return inst;
    return VIGIE_SOURCE_DIR; /* running from a build tree */
}

/* Find an option in `opts` by long name. */
static const cli_opt *find_opt(const cli_opt *opts, const char *name, size_t len)
{
    for (const cli_opt *o = opts; o && o->name; o++)
        if (strlen(o->name) == len && !strncmp(o->name, name, len))
            return o;
    return NULL;
}

static int finish_output(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        fprintf(stderr, "vigie: %s%s\n", _("error: "), _("cannot write the output"));
        return code ? code : EXIT_ERROR;
    }
    return code;
}

int main(int argc, char **argv)
{
    cli_ctx ctx = {0};
    cli_args *a = NULL;
    char *rest[CLI_MAX_ARGS];
    int nrest = 0, want_help = 0, want_version = 0, code = EXIT_DONE, after_dashes = 0;
    const cli_cmd *cmd = NULL;
    const char *now;
    int consumed = 0, rc;

    vg_harden_process(); /* first: no core dump, no ptrace, before any secret exists */
    umask(077);
    ctx.lang = pick_lang(argc, argv);
    if (strcmp(ctx.lang, "fr") && strcmp(ctx.lang, "en")) {
        setup_i18n("en", argv[0]);
        fprintf(stderr, "vigie: %s--lang: \"%s\" (fr, en)\n", _("usage error: "), ctx.lang);
        return EXIT_USAGE;
    }
    setup_i18n(ctx.lang, argv[0]);
    if (vg_init() != VG_OK)
        return cli_fail(VG_ERROR);

    /* Every word that is not a global option goes to rest[], which holds
     * CLI_MAX_ARGS - 1 of them at most: both pushes below are bounded. */
    /* Pass 1: global options, wherever they are. */
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        if (after_dashes || arg[0] != '-' || arg[1] != '-' || !strcmp(arg, "--")) {
            if (!strcmp(arg, "--") && !after_dashes) {
                after_dashes = 1;
            }
            if (nrest == CLI_MAX_ARGS - 1) {
                cli_error("%s", _("too many arguments"));
                return EXIT_USAGE;
            }
            rest[nrest++] = arg;
            continue;
        }
        {
            const char *eq = strchr(arg + 2, '=');
            size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
            const cli_opt *o = find_opt(cli_global_opts(), arg + 2, len);
            const char *val = eq ? eq + 1 : NULL;
            if (!o) {
                if (nrest == CLI_MAX_ARGS - 1) {
                    cli_error("%s", _("too many arguments"));
                    return EXIT_USAGE;
                }
                rest[nrest++] = arg;
                continue;
            }
            if (o->kind != OPT_FLAG && !val) {
                if (i + 1 >= argc) {
                    setup_i18n(ctx.lang, argv[0]);
                    return cli_usage_error(NULL, _("--%s needs a value"), o->name);
                }
                val = argv[++i];
            }
            if (o->kind == OPT_FLAG && val)
                return cli_usage_error(NULL, _("--%s takes no value"), o->name);
            if (!strcmp(o->name, "store"))
                ctx.store_opt = val;
            else if (!strcmp(o->name, "data-dir"))
                ctx.data_dir = val;
            else if (!strcmp(o->name, "json"))
                ctx.json = 1;
            else if (!strcmp(o->name, "help"))
                want_help = 1;
            else if (!strcmp(o->name, "version"))
                want_version = 1;
        }
    }
    if (nrest > 0 && !strcmp(rest[0], "-h"))
        want_help = 1, nrest = 0;

    if (want_version && nrest == 0) {
        if (ctx.json) {
            cli_json j;
            json_init(&j, stdout);
            json_obj(&j);
            json_kstr(&j, "version", vg_version());
            json_kstr(&j, "libraries", vg_version_libs());
            json_end_obj(&j);
            json_done(&j);
        } else {
            printf("vigie %s\n%s\n", vg_version(), vg_version_libs());
        }
        return finish_output(EXIT_DONE);
    }
    if (nrest == 0 || rest[0][0] == '-') {
        if (nrest && rest[0][0] == '-')
            return cli_usage_error(NULL, _("unknown option '%s'"), rest[0]);
        cli_print_overview(want_help ? stdout : stderr);
        return finish_output(want_help ? EXIT_DONE : EXIT_USAGE);
    }
    {
        int known = 0;
        const char *verb = nrest > 1 && rest[1][0] != '-' ? rest[1] : NULL;
        cmd = cli_find(rest[0], verb, &known);
        if (!cmd) {
            const char *near = cli_suggest(rest[0], known ? verb : NULL);
            if (!known && near)
                return cli_usage_error(NULL, _("unknown command '%s': did you mean '%s'?"), rest[0],
                                       near);
            if (!known)
                return cli_usage_error(NULL, _("unknown command '%s' (see 'vigie help')"), rest[0]);
            if (verb && near)
                return cli_usage_error(NULL, _("unknown command '%s %s': did you mean '%s %s'?"),
                                       rest[0], verb, rest[0], near);
            if (verb)
                return cli_usage_error(NULL, _("unknown command '%s %s' (see 'vigie help %s')"),
                                       rest[0], verb, rest[0]);
            if (want_help) {
                /* "vigie key --help": every verb of the group */
                for (size_t t = 0; cli_tables[t]; t++)
                    for (const cli_cmd *c = cli_tables[t]; c->group; c++)
                        if (!strcmp(c->group, rest[0]))
                            printf("  vigie %s %-10s %s\n", c->group, c->verb, _(c->summary));
                return finish_output(EXIT_DONE);
            }
            return cli_usage_error(NULL, _("'%s' needs a command (see 'vigie help %s')"), rest[0],
                                   rest[0]);
        }
        consumed = cmd->verb ? 2 : 1;
    }
    if (want_help) {
        cli_print_help(stdout, cmd);
        return finish_output(EXIT_DONE);
    }

    /* Pass 2: the command's own options and its positional arguments. */
    a = calloc(1, sizeof *a);
    if (!a)
        return EXIT_ERROR;
    a->cmd = cmd;
    after_dashes = 0;
    for (int i = consumed; i < nrest; i++) {
        char *arg = rest[i];
        if (!after_dashes && !strcmp(arg, "--")) {
            after_dashes = 1;
            continue;
        }
        if (!after_dashes && arg[0] == '-' && arg[1] != '\0') {
            const char *name = arg + (arg[1] == '-' ? 2 : 1);
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            const cli_opt *o = arg[1] == '-' ? find_opt(cmd->opts, name, len) : NULL;
            const char *val = eq ? eq + 1 : NULL;
            if (!o) {
                code = cli_usage_error(cmd, _("unknown option '%s'"), arg);
                goto done;
            }
            if (o->kind != OPT_FLAG && !val) {
                if (i + 1 >= nrest) {
                    code = cli_usage_error(cmd, _("--%s needs a value"), o->name);
                    goto done;
                }
                val = rest[++i];
            }
            if (o->kind == OPT_FLAG && val) {
                code = cli_usage_error(cmd, _("--%s takes no value"), o->name);
                goto done;
            }
            if (a->nvals == CLI_MAX_VALUES) {
                code = cli_usage_error(cmd, "%s", _("too many options"));
                goto done;
            }
            a->vals[a->nvals].name = o->name;
            a->vals[a->nvals].value = val;
            a->nvals++;
            continue;
        }
        a->argv[a->argc++] = arg;
    }
    if (a->argc < cmd->min_args) {
        code = cli_usage_error(cmd, "%s", _("missing argument"));
        goto done;
    }
    if (cmd->max_args >= 0 && a->argc > cmd->max_args) {
        code = cli_usage_error(cmd, _("unexpected argument '%s'"), a->argv[cmd->max_args]);
        goto done;
    }

    now = getenv("VIGIE_NOW");
    if (now && *now) {
        int64_t t;
        if (vg_time_parse(&t, now, NULL) != VG_OK) {
            code = cli_usage_error(NULL, _("VIGIE_NOW: %s"), vg_error_last());
            goto done;
        }
        vg_clock_set(t);
    }
    ctx.data_dir = data_dir(ctx.data_dir);
    ctx.store_dir = vg_store_default_dir(ctx.store_opt);
    ctx.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    {
        int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
        ctx.interactive = fd >= 0;
        if (fd >= 0)
            close(fd);
    }
    rc = cli_env_secret(&ctx.env_pass, "VIGIE_PASSPHRASE");
    if (rc != VG_OK && rc != VG_ENOTFOUND) {
        code = cli_fail(rc);
        goto done;
    }
    code = cmd->run(&ctx, a);
done:
    vg_secret_free(ctx.env_pass);
    free(ctx.store_dir);
    free(a);
    return finish_output(code);
}
