/* help and completion. */
#include <string.h>

#include "cli.h"

void cli_print_man_commands(FILE *f);
void cli_print_completion(FILE *f);

static int cmd_help(cli_ctx *ctx, cli_args *a)
{
    int known = 0;
    const cli_cmd *c;
    (void)ctx;
    if (cli_flag(a, "commands")) {
        for (size_t t = 0; cli_tables[t]; t++)
            for (const cli_cmd *d = cli_tables[t]; d->group; d++)
                printf("%s%s%s\n", d->group, d->verb ? " " : "", d->verb ? d->verb : "");
        return EXIT_DONE;
    }
    if (cli_flag(a, "man-commands")) {
        cli_print_man_commands(stdout);
        return EXIT_DONE;
    }
    if (a->argc == 0) {
        cli_print_overview(stdout);
        return EXIT_DONE;
    }
    c = cli_find(a->argv[0], a->argc > 1 ? a->argv[1] : NULL, &known);
    if (!c) {
        if (known && a->argc == 1) {
            for (size_t t = 0; cli_tables[t]; t++)
                for (const cli_cmd *d = cli_tables[t]; d->group; d++)
                    if (!strcmp(d->group, a->argv[0]))
                        printf("  vigie %s %-10s %s\n", d->group, d->verb, _(d->summary));
            return EXIT_DONE;
        }
        return cli_usage_error(NULL, _("unknown command '%s' (see 'vigie help')"), a->argv[0]);
    }
    cli_print_help(stdout, c);
    return EXIT_DONE;
}

static int cmd_completion(cli_ctx *ctx, cli_args *a)
{
    (void)ctx;
    if (strcmp(a->argv[0], "bash") != 0)
        return cli_usage_error(a->cmd, _("only bash completion is available, not '%s'"),
                               a->argv[0]);
    cli_print_completion(stdout);
    return EXIT_DONE;
}

static const cli_opt help_opts[] = {
    {"commands", OPT_FLAG, NULL, N_("list every command, one per line (for scripts)")},
    {"man-commands", OPT_FLAG, NULL,
     N_("print the COMMANDS section of the man page (for maintainers)")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_help[] = {
    {"help", NULL, "[COMMAND [VERB]]", N_("show help on vigie or on one command"), 0, 2, help_opts,
     cmd_help, NULL},
    {"completion", NULL, "bash",
     N_("print the bash completion script: source <(vigie completion bash)"), 1, 1, NULL,
     cmd_completion, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
