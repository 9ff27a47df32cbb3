/* The command table, and everything generated from it: the overview,
 * per-command help, the man page's COMMANDS section and bash completion. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

extern const cli_cmd cli_cmds_store[];
extern const cli_cmd cli_cmds_key[];
extern const cli_cmd cli_cmds_config[];
extern const cli_cmd cli_cmds_audit[];
extern const cli_cmd cli_cmds_export[];
extern const cli_cmd cli_cmds_help[];
extern const cli_cmd cli_cmds_delegation[];
extern const cli_cmd cli_cmds_participant[];
extern const cli_cmd cli_cmds_contact[];
extern const cli_cmd cli_cmds_purge[];
extern const cli_cmd cli_cmds_checkin[];
extern const cli_cmd cli_cmds_assess[];
extern const cli_cmd cli_cmds_guide[];
extern const cli_cmd cli_cmds_risk[];
extern const cli_cmd cli_cmds_kit[];
extern const cli_cmd cli_cmds_field[];
extern const cli_cmd cli_cmds_card[];
extern const cli_cmd cli_cmds_notify[];
extern const cli_cmd cli_cmds_watch[];
extern const cli_cmd cli_cmds_brief[];

/* One line per command group; a new group adds its table here. */
const cli_cmd *const cli_tables[] = {
    cli_cmds_store,   cli_cmds_key,        cli_cmds_config,
    cli_cmds_audit,   cli_cmds_delegation, cli_cmds_participant,
    cli_cmds_contact, cli_cmds_guide,      cli_cmds_risk,
    cli_cmds_checkin, cli_cmds_kit,        cli_cmds_field,
    cli_cmds_card,    cli_cmds_assess,     cli_cmds_export,
    cli_cmds_purge,   cli_cmds_notify,     cli_cmds_watch,
    cli_cmds_brief,   cli_cmds_help,       NULL,
};

static const cli_opt global_opts[] = {
    {"store", OPT_VALUE, "DIR",
     N_("the store folder (default: $VIGIE_STORE, else ~/.local/share/vigie)")},
    {"data-dir", OPT_VALUE, "DIR",
     N_("templates and country guides (default: $VIGIE_DATA_DIR, else installed)")},
    {"lang", OPT_VALUE, "fr|en", N_("language of messages (default: from the locale)")},
    {"json", OPT_FLAG, NULL, N_("machine-readable output")},
    {"help", OPT_FLAG, NULL, N_("show help and exit")},
    {"version", OPT_FLAG, NULL, N_("show the version and exit")},
    {NULL, 0, NULL, NULL},
};

const cli_opt *cli_global_opts(void)
{
    return global_opts;
}

const cli_cmd *cli_find(const char *group, const char *verb, int *group_known)
{
    *group_known = 0;
    for (size_t t = 0; cli_tables[t]; t++)
        for (const cli_cmd *c = cli_tables[t]; c->group; c++) {
            if (strcmp(c->group, group) != 0)
                continue;
            *group_known = 1;
            if (!c->verb || (verb && !strcmp(c->verb, verb)))
                return c;
        }
    return NULL;
}

/* Edit distance (insert, delete, replace, swap of neighbours) of two short
 * words; anything past 31 bytes counts as far. */
static int distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    int d[33][33];
    if (n > 31 || m > 31)
        return 99;
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *cli_suggest(const char *group, const char *verb)
{
    const char *best = NULL;
    int best_d = 3; /* at most two typos */
    for (size_t t = 0; cli_tables[t]; t++)
        for (const cli_cmd *c = cli_tables[t]; c->group; c++) {
            const char *cand = verb ? c->verb : c->group;
            int dist;
            if (!cand || (verb && strcmp(c->group, group) != 0))
                continue;
            dist = distance(verb ? verb : group, cand);
            if (dist > 0 && dist < best_d && dist * 3 <= (int)strlen(cand) + 1) {
                best = cand;
                best_d = dist;
            }
        }
    return best;
}

static void name_of(char *buf, size_t cap, const cli_cmd *c)
{
    snprintf(buf, cap, "%s%s%s", c->group, c->verb ? " " : "", c->verb ? c->verb : "");
}

void cli_print_usage(FILE *f, const cli_cmd *c)
{
    char name[64];
    name_of(name, sizeof name, c);
    fprintf(f, _("usage: vigie %s"), name);
    if (c->usage && *c->usage)
        fprintf(f, " %s", c->usage);
    for (const cli_opt *o = c->opts; o && o->name; o++) {
        if (o->argname)
            fprintf(f, " [--%s %s]%s", o->name, o->argname, o->kind == OPT_MULTI ? "..." : "");
        else
            fprintf(f, " [--%s]", o->name);
    }
    fputc('\n', f);
}

static void print_opts(FILE *f, const cli_opt *opts)
{
    size_t w = 0;
    char buf[96];
    for (const cli_opt *o = opts; o && o->name; o++) {
        snprintf(buf, sizeof buf, "--%s%s%s", o->name, o->argname ? " " : "",
                 o->argname ? o->argname : "");
        if (strlen(buf) > w)
            w = strlen(buf);
    }
    for (const cli_opt *o = opts; o && o->name; o++) {
        snprintf(buf, sizeof buf, "--%s%s%s", o->name, o->argname ? " " : "",
                 o->argname ? o->argname : "");
        fprintf(f, "  %-*s  %s\n", (int)w, buf, _(o->help));
    }
}

void cli_print_help(FILE *f, const cli_cmd *c)
{
    cli_print_usage(f, c);
    fprintf(f, "\n%s\n", _(c->summary));
    if (c->details)
        fprintf(f, "\n%s\n", _(c->details));
    if (c->opts && c->opts->name) {
        fprintf(f, "\n%s\n", _("options:"));
        print_opts(f, c->opts);
    }
    fprintf(f, "\n%s\n", _("global options:"));
    print_opts(f, global_opts);
}

void cli_print_overview(FILE *f)
{
    fprintf(f, "%s\n\n", _("vigie: field security for delegations and internships"));
    fprintf(f, "%s\n", _("usage: vigie COMMAND [ARGS] [--options]"));
    fprintf(f, "\n%s\n", _("commands:"));
    for (size_t t = 0; cli_tables[t]; t++)
        for (const cli_cmd *c = cli_tables[t]; c->group; c++) {
            char name[64];
            name_of(name, sizeof name, c);
            fprintf(f, "  %-18s %s\n", name, _(c->summary));
        }
    fprintf(f, "\n%s\n", _("global options:"));
    print_opts(f, global_opts);
    fprintf(f, "\n%s\n",
            _("'vigie help COMMAND' or 'vigie COMMAND --help' tells more about a command."));
}

/* roff needs backslashes and leading dots escaped. */
static void roff(FILE *f, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", f);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            fputc(*s, f);
    }
}

void cli_print_man_commands(FILE *f);
void cli_print_man_commands(FILE *f)
{
    for (size_t t = 0; cli_tables[t]; t++)
        for (const cli_cmd *c = cli_tables[t]; c->group; c++) {
            char name[64];
            name_of(name, sizeof name, c);
            fputs(".TP\n.B vigie ", f);
            roff(f, name);
            if (c->usage && *c->usage) {
                fputc(' ', f);
                roff(f, c->usage);
            }
            fputc('\n', f);
            roff(f, _(c->summary));
            fputc('\n', f);
            for (const cli_opt *o = c->opts; o && o->name; o++) {
                fputs(".br\n\\fB\\-\\-", f);
                roff(f, o->name);
                fputs("\\fR", f);
                if (o->argname) {
                    fputs(" \\fI", f);
                    roff(f, o->argname);
                    fputs("\\fR", f);
                }
                fputs(": ", f);
                roff(f, _(o->help));
                fputc('\n', f);
            }
        }
}

void cli_print_completion(FILE *f);
void cli_print_completion(FILE *f)
{
    fputs("# bash completion for vigie, generated by 'vigie completion bash'\n"
          "_vigie() {\n"
          "  local cur=${COMP_WORDS[COMP_CWORD]} w1=${COMP_WORDS[1]} w2=${COMP_WORDS[2]}\n"
          "  local globals='--store --data-dir --lang --json --help --version'\n"
          "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "    COMPREPLY=($(compgen -W '",
          f);
    /* groups */
    for (size_t t = 0; cli_tables[t]; t++)
        for (const cli_cmd *c = cli_tables[t]; c->group; c++) {
            int seen = 0;
            for (size_t u = 0; cli_tables[u] && !seen; u++)
                for (const cli_cmd *d = cli_tables[u]; d->group && d != c; d++)
                    if (!strcmp(d->group, c->group)) {
                        seen = 1;
                        break;
                    }
            if (!seen)
                fprintf(f, "%s ", c->group);
        }
    fputs("' -- \"$cur\")); return\n  fi\n  case \"$w1\" in\n", f);
    for (size_t t = 0; cli_tables[t]; t++)
        for (const cli_cmd *c = cli_tables[t]; c->group; c++) {
            if (!c->verb)
                continue;
            /* the first verb of a group prints the group's verb list, from
             * every table (a group may span several: "checkin") */
            int first = 1;
            for (size_t u = 0; u <= t && first; u++)
                for (const cli_cmd *d = cli_tables[u]; d->group && d != c; d++)
                    if (!strcmp(d->group, c->group))
                        first = 0;
            if (!first)
                continue;
            fprintf(f, "    %s) if [ \"$COMP_CWORD\" -eq 2 ]; then COMPREPLY=($(compgen -W '",
                    c->group);
            for (size_t u = t; cli_tables[u]; u++)
                for (const cli_cmd *d = u == t ? c : cli_tables[u]; d->group; d++)
                    if (!strcmp(d->group, c->group) && d->verb)
                        fprintf(f, "%s ", d->verb);
            fputs("' -- \"$cur\")); return; fi;;\n", f);
        }
    fputs("  esac\n  local opts=\"$globals\"\n  case \"$w1 $w2\" in\n", f);
    for (size_t t = 0; cli_tables[t]; t++)
        for (const cli_cmd *c = cli_tables[t]; c->group; c++) {
            if (c->verb)
                fprintf(f, "    \"%s %s\")", c->group, c->verb);
            else
                fprintf(f, "    \"%s \"*)", c->group);
            fputs(" opts=\"$opts", f);
            for (const cli_opt *o = c->opts; o && o->name; o++)
                fprintf(f, " --%s", o->name);
            fputs("\";;\n", f);
        }
    fputs("  esac\n"
          "  case \"$cur\" in -*) COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"));;"
          " *) COMPREPLY=($(compgen -f -- \"$cur\"));; esac\n"
          "}\ncomplete -F _vigie vigie\n",
          f);
}
