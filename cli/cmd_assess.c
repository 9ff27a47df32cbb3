/* assess new|list|answer|set|show|actions|action|compare|sign|verify|reopen|remove|check-template:
 * the yearly security self-assessment, its action plan, its trend and the
 * board's sign-off. Everything it shows comes from <vigie/assessment.h>. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <vigie/config.h>
#include <vigie/assessment.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/grid.h>
#include <vigie/incident.h>

#include "cli.h"

#define BAR_CELLS      20
#define WEAKEST_SHOWN  5
#define LINE_MAX_BYTES 8192

/* ---- formatting ---------------------------------------------------- */

/* A decimal number, locale-free: "2.6" in English, "2,6" in French. */
static void fmt_dec(char *out, size_t cap, double v, int decimals, const cli_ctx *ctx)
{
    long long scale = 1, n;
    int neg = v < 0;
    char tmp[64];
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    n = (long long)((neg ? -v : v) * (double)scale + 0.5);
    if (decimals)
        snprintf(tmp, sizeof tmp, "%s%lld%s%0*lld", neg && n ? "-" : "", n / scale,
                 strcmp(ctx->lang, "fr") ? "." : ",", decimals, n % scale);
    else
        snprintf(tmp, sizeof tmp, "%s%lld", neg && n ? "-" : "", n);
    n = (long long)strlen(tmp);
    if ((size_t)n >= cap)
        n = (long long)cap - 1;
    memcpy(out, tmp, (size_t)n);
    out[n] = '\0';
}

static void fmt_mean(char *out, size_t cap, const vg_score *s, const cli_ctx *ctx)
{
    if (!s->counted)
        snprintf(out, cap, "-");
    else
        fmt_dec(out, cap, s->mean, 1, ctx);
}

static void fmt_share(char *out, size_t cap, const vg_score *s, const cli_ctx *ctx)
{
    if (!s->counted)
        snprintf(out, cap, "-");
    else
        snprintf(out, cap, strcmp(ctx->lang, "fr") ? "%d%%" : "%d %%", (int)(s->share * 100 + 0.5));
}

/* Times the board reads are in the organisation's zone ('config set
 * timezone'), read when the store is opened. */
static char board_zone[64] = VG_ORG_TZ_DEFAULT;

static int open_store(cli_ctx *ctx, vg_store **st)
{
    int rc = cli_open_store(ctx, st);
    if (rc == VG_OK) {
        char *tz = vg_config_timezone(*st);
        if (tz)
            snprintf(board_zone, sizeof board_zone, "%s", tz);
        free(tz);
    }
    return rc;
}

/* "2026-04-20 10:02 -04:00" in the organisation's zone, never bare UTC */
static void fmt_time(char out[32], int64_t t)
{
    char loc[48];
    if (vg_time_format_local(loc, t, board_zone) != VG_OK) {
        vg_error_clear();
        vg_time_format_utc(loc, t);
    }
    snprintf(out, 32, "%.31s", loc);
}

static void fmt_day(char out[16], int32_t day)
{
    if (day == VG_NO_DAY)
        snprintf(out, 16, "-");
    else
        vg_date_format(out, day);
}

/* A bar of BAR_CELLS cells for `fraction` (0..1), in eighths of a cell. */
static void bar(char *out, size_t cap, double fraction)
{
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    int total = (int)(fraction * BAR_CELLS * 8 + 0.5), cells = 0;
    size_t n = 0;
    out[0] = '\0';
    if (total < 0)
        total = 0;
    if (total > BAR_CELLS * 8)
        total = BAR_CELLS * 8;
    for (; cells < total / 8; cells++)
        n += (size_t)snprintf(out + n, cap - n, "█");
    if (total % 8) {
        n += (size_t)snprintf(out + n, cap - n, "%s", eighths[total % 8]);
        cells++;
    }
    for (; cells < BAR_CELLS && n < cap; cells++)
        n += (size_t)snprintf(out + n, cap - n, "·");
}

/* The colour of a level against the threshold: green at or above, yellow
 * one below, red further below. */
static const char *level_colour(const cli_ctx *ctx, double level, int threshold)
{
    if (level >= threshold)
        return cli_sgr(ctx, "32");
    if (level >= threshold - 1)
        return cli_sgr(ctx, "33");
    return cli_sgr(ctx, "31");
}

/* "3 Défini", "Inconnu", "(no answer)" */
static void fmt_level(char *out, size_t cap, const vg_grid *g, int level)
{
    const vg_grid_level *l = vg_grid_level_of(g, level);
    if (!l)
        snprintf(out, cap, "%s", _("(no answer)"));
    else if (level >= VG_LEVEL_MIN)
        snprintf(out, cap, "%d %s", level, l->label);
    else
        snprintf(out, cap, "%s", l->label);
}

static int term_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col > 100 ? 100 : ws.ws_col;
    return 80;
}

/* Print `text` wrapped at `width` columns, each line after `indent`. */
static void wrap(FILE *f, const char *indent, const char *text, int width)
{
    size_t col = 0, ind = cli_width(indent);
    const char *p = text;
    fputs(indent, f);
    col = ind;
    while (*p) {
        const char *w = p;
        char word[1024];
        size_t len, wid;
        while (*p && *p != ' ')
            p++;
        len = (size_t)(p - w) < sizeof word - 1 ? (size_t)(p - w) : sizeof word - 1;
        memcpy(word, w, len);
        word[len] = '\0';
        wid = cli_width(word);
        /* French typography puts a space before : ; ! ? and », never a
         * line break */
        if (col > ind && col + 1 + wid > (size_t)width && !strchr(":;!?", word[0]) &&
            strncmp(word, "»", 2) != 0) {
            fprintf(f, "\n%s", indent);
            col = ind;
        } else if (col > ind) {
            fputc(' ', f);
            col++;
        }
        fputs(word, f);
        col += wid;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

/* Shorten to `max` columns with an ellipsis, on a character boundary. */
static void clip(char *out, size_t cap, const char *s, size_t max)
{
    size_t cols = 0, i = 0, o = 0;
    if (cli_width(s) <= max) {
        snprintf(out, cap, "%s", s);
        return;
    }
    while (s[i] && cols + 1 < max) {
        char ch[8];
        size_t len = 1;
        while (len < 4 && (s[i + len] & 0xc0) == 0x80)
            len++;
        if (o + len + 4 > cap)
            break;
        memcpy(ch, s + i, len);
        ch[len] = '\0';
        cols += cli_width(ch);
        memcpy(out + o, ch, len);
        o += len;
        i += len;
    }
    memcpy(out + o, "…", 4); /* with its NUL */
}

static void json_score(cli_json *j, const char *key, const vg_score *s)
{
    if (key)
        json_key(j, key);
    json_obj(j);
    json_kint(j, "total", (long long)s->total);
    json_kint(j, "answered", (long long)s->answered);
    json_kint(j, "unanswered", (long long)s->unanswered);
    json_kint(j, "na", (long long)s->na);
    json_kint(j, "unknown", (long long)s->unknown);
    json_kint(j, "counted", (long long)s->counted);
    json_kint(j, "at_or_above_threshold", (long long)s->at_or_above);
    json_kint(j, "needs_action", (long long)s->needs_action);
    json_key(j, "mean");
    if (s->counted)
        json_num(j, s->mean, 2);
    else
        json_null(j);
    json_key(j, "share_at_or_above");
    if (s->counted)
        json_num(j, s->share, 3);
    else
        json_null(j);
    json_end_obj(j);
}

static void json_time(cli_json *j, const char *key, int64_t t)
{
    char iso[32];
    json_key(j, key);
    if (!t) {
        json_null(j);
        return;
    }
    vg_time_format_utc(iso, t);
    json_str(j, iso);
}

static void json_day(cli_json *j, const char *key, int32_t day)
{
    char d[16];
    json_key(j, key);
    if (day == VG_NO_DAY) {
        json_null(j);
        return;
    }
    vg_date_format(d, day);
    json_str(j, d);
}

static void json_signoff(cli_json *j, const vg_signoff *s)
{
    json_obj(j);
    json_kint(j, "id", s->id);
    json_kstr(j, "by", s->by);
    json_kstr(j, "role", s->role);
    json_time(j, "at", s->at);
    json_kstr(j, "code", s->code);
    json_end_obj(j);
}

static const char *state_name(const vg_assessment_info *i)
{
    return i->locked ? "signed" : i->nsignoffs ? "reopened" : "open";
}

static const char *state_text(const vg_assessment_info *i)
{
    return i->locked ? _("signed off") : i->nsignoffs ? _("reopened") : _("open");
}

/* {"label": LABEL, KEY: VALUE} and a newline. */
static void json_done_obj(const char *label, const char *key, const char *value)
{
    cli_json j;
    json_init(&j, stdout);
    json_obj(&j);
    json_kstr(&j, "label", label);
    json_kstr(&j, key, value);
    json_end_obj(&j);
    json_done(&j);
}

/* ---- loading ------------------------------------------------------- */

static int load(cli_ctx *ctx, vg_store **st, const char *label, vg_assessment **a)
{
    int rc = open_store(ctx, st);
    if (rc == VG_OK)
        rc = vg_assessment_load(*st, label, a);
    return rc;
}

static int parse_level(const cli_cmd *c, const char *text, int *level)
{
    if (vg_level_parse(level, text) != VG_OK)
        return cli_usage_error(c, "%s", vg_error_last());
    return EXIT_DONE;
}

/* ---- new ----------------------------------------------------------- */

static int cmd_new(cli_ctx *ctx, cli_args *a)
{
    const char *label = a->argv[0], *tpl = cli_opt_value(a, "template"),
               *date = cli_opt_value(a, "date");
    char path[4096];
    int32_t day = VG_NO_DAY;
    vg_store *st = NULL;
    vg_grid *g = NULL;
    int rc;

    if (date && vg_date_parse(&day, date) != VG_OK)
        return cli_usage_error(a->cmd, "--date: %s", vg_error_last());
    if (!vg_assessment_label_valid(label))
        return cli_usage_error(
            a->cmd,
            _("\"%s\" is not an assessment label: letters, digits, dots, dashes, underscores "
              "(such as 2026)"),
            label);
    if (!tpl) {
        snprintf(path, sizeof path, "%s/templates/assessment/default.%s.yaml", ctx->data_dir,
                 ctx->lang);
        tpl = path;
    }
    if ((rc = open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_assessment_create(st, label, day, tpl, &g));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    for (size_t i = 0; i < g->nwarnings; i++)
        cli_warn("%s", g->warnings[i]);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "label", label);
        json_kstr(&j, "template_id", g->id);
        json_kstr(&j, "template_version", g->version);
        json_kstr(&j, "template_lang", g->lang);
        json_kint(&j, "items", (long long)g->nitems);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Assessment \"%s\" created: %s (%s %s, %zu items in %zu domains).\n"), label,
               g->title, g->id, g->version, g->nitems, g->ndomains);
        if (g->notice)
            wrap(stdout, "", g->notice, term_width());
        printf(_("Next: 'vigie assess answer %s' walks through the items.\n"), label);
    }
    vg_grid_free(g);
    return EXIT_DONE;
}

/* ---- list ---------------------------------------------------------- */

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_assessment_info *list = NULL;
    size_t n = 0;
    cli_json j;
    cli_table t;
    int rc = open_store(ctx, &st);
    (void)a;
    if (rc == VG_OK)
        rc = vg_assessment_list(st, &list, &n);
    if (rc != VG_OK) {
        vg_store_close(st);
        return cli_fail(rc);
    }
    if (ctx->json) {
        json_init(&j, stdout);
        json_arr(&j);
    } else {
        cli_table_init(&t, 7, _("LABEL"), _("DATE"), _("TEMPLATE"), _("ANSWERED"), _("MEAN"),
                       _("AT THRESHOLD"), _("STATE"));
    }
    for (size_t i = 0; i < n; i++) {
        vg_assessment *x = NULL;
        vg_scores *s = NULL;
        char day[16], tpl[160], ans[32], mean[16], share[16], state[96];
        /* the scores need the template: an assessment whose stored
         * template no longer loads is listed without them */
        if (vg_assessment_load(st, list[i].label, &x) == VG_OK)
            vg_assessment_score(x, &s);
        vg_date_format(day, list[i].day);
        if (ctx->json) {
            json_obj(&j);
            json_kstr(&j, "label", list[i].label);
            json_kstr(&j, "date", day);
            json_kstr(&j, "template_id", list[i].grid_id);
            json_kstr(&j, "template_version", list[i].grid_version);
            json_kstr(&j, "template_lang", list[i].grid_lang);
            json_kint(&j, "items", (long long)list[i].items);
            json_kint(&j, "answered", (long long)list[i].answered);
            if (s)
                json_score(&j, "overall", &s->overall);
            else
                json_kstr(&j, "overall", NULL);
            json_kstr(&j, "state", state_name(&list[i]));
            json_kint(&j, "signoffs", (long long)list[i].nsignoffs);
            json_time(&j, "last_signed_at", list[i].last_signed_at);
            json_end_obj(&j);
        } else {
            snprintf(tpl, sizeof tpl, "%s %s (%s)", list[i].grid_id, list[i].grid_version,
                     list[i].grid_lang);
            snprintf(ans, sizeof ans, "%zu/%zu", list[i].answered, list[i].items);
            if (s) {
                fmt_mean(mean, sizeof mean, &s->overall, ctx);
                fmt_share(share, sizeof share, &s->overall, ctx);
            } else {
                snprintf(mean, sizeof mean, "?");
                snprintf(share, sizeof share, "?");
            }
            if (list[i].last_signed_at) {
                char when[32];
                fmt_time(when, list[i].last_signed_at);
                snprintf(state, sizeof state, "%s %.10s", state_text(&list[i]), when);
            } else {
                snprintf(state, sizeof state, "%s", state_text(&list[i]));
            }
            cli_table_add(&t, list[i].label, day, tpl, ans, mean, share, state);
        }
        vg_scores_free(s);
        vg_assessment_free(x);
    }
    vg_store_close(st);
    if (ctx->json) {
        json_end_arr(&j);
        json_done(&j);
    } else {
        if (n)
            cli_table_print(ctx, &t, stdout);
        else
            printf("%s\n", _("No assessment yet: 'vigie assess new 2026' starts one."));
        cli_table_free(&t);
    }
    vg_assessment_list_free(list, n);
    return EXIT_DONE;
}

/* ---- answer: the interactive walk ---------------------------------- */

/* One line from standard input without its end of line: 1 read, 0 end of
 * input, -1 too long (the rest of the line is dropped). */
static int read_input_line(char *buf, size_t cap)
{
    size_t n;
    if (!fgets(buf, (int)cap, stdin))
        return 0;
    n = strlen(buf);
    if (n && buf[n - 1] == '\n') {
        buf[--n] = '\0';
        if (n && buf[n - 1] == '\r')
            buf[--n] = '\0';
        return 1;
    }
    if (feof(stdin))
        return 1;
    for (int c; (c = getchar()) != EOF && c != '\n';)
        ;
    return -1;
}

typedef struct {
    cli_ctx *ctx;
    FILE *out; /* the dialogue: stdout, or stderr with --json */
    int tty;   /* standard input is a terminal */
    int width;
    char line[LINE_MAX_BYTES];
} walk;

/* Show `prompt` and read an answer into w->line; echo it when the input is
 * not a terminal, so that the transcript reads as a dialogue. */
static int ask(walk *w, const char *prompt)
{
    int r;
    fputs(prompt, w->out);
    fflush(w->out);
    r = read_input_line(w->line, sizeof w->line);
    if (r == 0) {
        fputc('\n', w->out);
        return 0;
    }
    if (!w->tty)
        fprintf(w->out, "%s\n", r < 0 ? "…" : w->line);
    if (r < 0) {
        w->line[0] = '\0';
        /* From a script, asking again would read the next line as the retry
         * and shift every later answer (review finding 16): refuse. */
        if (!w->tty)
            cli_error(_("a line of standard input is too long (at most %d bytes)"),
                      LINE_MAX_BYTES - 2);
        else
            cli_warn(_("the line is too long (at most %d bytes): type it again"),
                     LINE_MAX_BYTES - 2);
        return -1;
    }
    return 1;
}

static void show_item(walk *w, const vg_assessment *a, size_t i, int new_domain)
{
    const vg_grid *g = a->grid;
    const vg_grid_item *it = &g->items[i];
    const vg_answer *ans = &a->answers[i];
    char head[512], level[96];
    FILE *f = w->out;
    if (new_domain)
        fprintf(f, "\n%s== %s %s ==%s\n", cli_sgr(w->ctx, "1"), g->domains[it->domain].id,
                g->domains[it->domain].title, cli_sgr(w->ctx, "0"));
    snprintf(head, sizeof head, "[%zu/%zu] %s", i + 1, g->nitems, it->id);
    fprintf(f, "\n%s%s%s\n", cli_sgr(w->ctx, "1"), head, cli_sgr(w->ctx, "0"));
    wrap(f, "  ", it->text, w->width);
    if (it->guidance) {
        char lead[2200];
        snprintf(lead, sizeof lead, "%s %s", _("What good looks like:"), it->guidance);
        wrap(f, "    ", lead, w->width);
    }
    if (it->nevidence) {
        char ev[2048];
        size_t n = (size_t)snprintf(ev, sizeof ev, "%s", _("Evidence, for example:"));
        for (size_t e = 0; e < it->nevidence && n < sizeof ev; e++)
            n += (size_t)snprintf(ev + n, sizeof ev - n, "%s %s", e ? ";" : "", it->evidence[e]);
        wrap(f, "    ", ev, w->width);
    }
    if (it->essential)
        wrap(f, "    ", _("Essential item: a first-year action plan starts with it."), w->width);
    if (it->descriptors[0]) {
        fprintf(f, "    %s\n", _("What each level means for this item:"));
        for (int l = VG_LEVEL_MIN; l <= VG_LEVEL_MAX; l++) {
            char line[700];
            snprintf(line, sizeof line, "%d %s: %s", l, g->levels[l - 1].label,
                     vg_grid_item_descriptor(it, l));
            wrap(f, "      ", line, w->width);
        }
    }
    fmt_level(level, sizeof level, g, ans->level);
    fprintf(f, "  %s %s\n", _("Current answer:"), level);
    if (ans->note)
        fprintf(f, "  %s %s\n", _("Note:"), ans->note);
    if (ans->evidence)
        fprintf(f, "  %s %s\n", _("Evidence:"), ans->evidence);
}

static void walk_help(walk *w, const vg_grid *g)
{
    fprintf(w->out, "\n%s\n", _("Levels:"));
    for (int k = 0; k < VG_GRID_NLEVELS; k++) {
        char line[700];
        snprintf(line, sizeof line, _("%s %s: %s"), k == 6 ? "?" : g->levels[k].value,
                 g->levels[k].label, g->levels[k].description);
        wrap(w->out, "  ", line, w->width);
    }
    wrap(w->out, "",
         _("Enter keeps the current answer, s skips the item, b goes back one item, q stops (the "
           "next "
           "'vigie assess answer' resumes there)."),
         w->width);
}

/* Save an answer and where to resume, in one transaction. */
static int save_answer(vg_store *st, const char *label, const char *item, int level,
                       const char *note, const char *evidence, const char *next)
{
    int rc = vg_store_begin(st);
    if (rc == VG_OK)
        rc = vg_assessment_answer(st, label, item, level, note, evidence);
    if (rc == VG_OK)
        rc = vg_assessment_set_cursor(st, label, next);
    return cli_finish(st, rc);
}

static int save_cursor(vg_store *st, const char *label, const char *item)
{
    int rc = vg_store_begin(st);
    if (rc == VG_OK)
        rc = vg_assessment_set_cursor(st, label, item);
    return cli_finish(st, rc);
}

static int cmd_answer(cli_ctx *ctx, cli_args *a)
{
    const char *label = a->argv[0], *from = cli_opt_value(a, "from");
    vg_store *st = NULL;
    vg_assessment *as = NULL;
    walk *w = calloc(1, sizeof *w);
    size_t i = 0, answered_now = 0;
    int rc, stopped = 0, resumed = 0, code = EXIT_DONE;
    char prompt[256];

    if (!w)
        return EXIT_ERROR;
    w->ctx = ctx;
    w->out = ctx->json ? stderr : stdout;
    w->tty = isatty(STDIN_FILENO);
    w->width = term_width();
    if ((rc = load(ctx, &st, label, &as)) != VG_OK)
        goto fail;
    if ((rc = vg_assessment_check_open(as)) != VG_OK)
        goto fail;
    if (from) {
        if ((rc = vg_assessment_item(as, from, &i)) != VG_OK)
            goto fail;
    } else if (as->cursor && vg_assessment_item(as, as->cursor, &i) == VG_OK) {
        resumed = 1;
    } else {
        for (i = 0; i < as->grid->nitems && as->answers[i].level != VG_LEVEL_UNANSWERED; i++)
            ;
        if (i == as->grid->nitems)
            i = 0; /* everything answered: walk through again */
    }
    fprintf(w->out, "%s%s%s\n", cli_sgr(ctx, "1"), as->grid->title, cli_sgr(ctx, "0"));
    if (as->info.answered == 0 && as->grid->notice)
        wrap(w->out, "", as->grid->notice, w->width);
    walk_help(w, as->grid);
    if (resumed)
        fprintf(w->out, _("\nResuming at %s, where the last walk stopped.\n"),
                as->grid->items[i].id);
    snprintf(prompt, sizeof prompt, "%s",
             _("Level [1-5, na, ?; Enter keeps; s skip, b back, q stop, h help]: "));

    while (i < as->grid->nitems) {
        const vg_grid_item *it = &as->grid->items[i];
        const vg_answer *cur = &as->answers[i];
        int level, r;
        char *note = NULL, *evidence = NULL;
        char note_prompt[256], ev_prompt[256];

        show_item(w, as, i, i == 0 || as->grid->items[i - 1].domain != it->domain);
        for (;;) {
            r = ask(w, prompt);
            if (r == 0 || (r == 1 && !strcmp(w->line, "q"))) {
                stopped = 1;
                break;
            }
            if (r < 0 && !w->tty)
                goto refused;
            if (r < 0)
                continue;
            if (!strcmp(w->line, "h")) {
                walk_help(w, as->grid);
                continue;
            }
            if (!strcmp(w->line, "b") || !strcmp(w->line, "s") || w->line[0] == '\0')
                break;
            if (vg_level_parse(&level, w->line) == VG_OK)
                break;
            if (!w->tty) {
                cli_error("%s", vg_error_last());
                goto refused;
            }
            cli_warn("%s", vg_error_last());
        }
        if (stopped)
            break;
        if (!strcmp(w->line, "b")) {
            i = i ? i - 1 : 0;
            continue;
        }
        if (!strcmp(w->line, "s") || w->line[0] == '\0') {
            i++;
            continue;
        }
        snprintf(note_prompt, sizeof note_prompt, "%s",
                 cur->note ? _("Note (Enter keeps it, - removes it): ")
                           : _("Note (Enter for none): "));
        snprintf(ev_prompt, sizeof ev_prompt, "%s",
                 cur->evidence ? _("Evidence (Enter keeps it, - removes it): ")
                               : _("Evidence: documents, records (Enter for none): "));
        while ((r = ask(w, note_prompt)) < 0)
            if (!w->tty)
                goto refused;
        if (r == 1 && w->line[0])
            note = strdup(!strcmp(w->line, "-") ? "" : w->line);
        if (r == 1) {
            while ((r = ask(w, ev_prompt)) < 0)
                if (!w->tty) {
                    free(note);
                    goto refused;
                }
            if (r == 1 && w->line[0])
                evidence = strdup(!strcmp(w->line, "-") ? "" : w->line);
        }
        rc = save_answer(st, label, it->id, level, note, evidence,
                         i + 1 < as->grid->nitems ? as->grid->items[i + 1].id : NULL);
        free(note);
        free(evidence);
        if (rc != VG_OK) {
            if (rc == VG_EINVALID && !w->tty) {
                cli_error("%s", vg_error_last());
                goto refused;
            }
            cli_warn("%s", vg_error_last());
            if (rc == VG_EINVALID && r != 0)
                continue; /* a note too long, for instance: the same item again */
            goto fail;
        }
        answered_now++;
        /* reload to show the saved values when going back */
        vg_assessment_free(as);
        as = NULL;
        if ((rc = vg_assessment_load(st, label, &as)) != VG_OK)
            goto fail;
        if (r == 0) {
            stopped = 1;
            i++;
            break;
        }
        i++;
    }
    if (stopped && i < as->grid->nitems) {
        if ((rc = save_cursor(st, label, as->grid->items[i].id)) != VG_OK)
            goto fail;
        fprintf(w->out, _("\nStopped at %s. 'vigie assess answer %s' resumes there.\n"),
                as->grid->items[i].id, label);
    } else {
        if ((rc = save_cursor(st, label, NULL)) != VG_OK)
            goto fail;
        fprintf(w->out,
                _("\nEnd of the questionnaire. 'vigie assess show %s' shows the scores, "
                  "'vigie assess actions %s' the action plan.\n"),
                label, label);
    }
    {
        size_t answered = 0;
        for (size_t k = 0; k < as->grid->nitems; k++)
            answered += as->answers[k].level != VG_LEVEL_UNANSWERED;
        if (ctx->json) {
            cli_json j;
            json_init(&j, stdout);
            json_obj(&j);
            json_kstr(&j, "label", label);
            json_kint(&j, "answered_now", (long long)answered_now);
            json_kint(&j, "answered", (long long)answered);
            json_kint(&j, "items", (long long)as->grid->nitems);
            json_kstr(&j, "resume_at",
                      stopped && i < as->grid->nitems ? as->grid->items[i].id : NULL);
            json_end_obj(&j);
            json_done(&j);
        } else {
            printf(_("Answers saved in this walk: %zu; items answered: %zu of %zu.\n"),
                   answered_now, answered, as->grid->nitems);
        }
    }
    goto done;
refused:
    /* Standard input is not a terminal: the item is left as it was, the
     * walk stops there and resumes there; the answers before it are kept. */
    cli_error(_("%s was not changed: the walk stops there (answers from a file or a pipe are "
                "never asked again). 'vigie assess answer %s' resumes at it."),
              as->grid->items[i].id, label);
    if ((rc = save_cursor(st, label, as->grid->items[i].id)) != VG_OK)
        goto fail;
    code = EXIT_ERROR;
    goto done;
fail:
    code = cli_fail(rc);
done:
    vg_assessment_free(as);
    vg_store_close(st);
    free(w);
    return code;
}

/* ---- set ----------------------------------------------------------- */

static int cmd_set(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int level, code, rc;
    if ((code = parse_level(a->cmd, a->argv[2], &level)) != EXIT_DONE)
        return code;
    if ((rc = open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_assessment_answer(st, a->argv[0], a->argv[1], level,
                                                 cli_opt_value(a, "note"),
                                                 cli_opt_value(a, "evidence")));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        json_done_obj(a->argv[0], "level", vg_level_code(level));
    return EXIT_DONE;
}

/* ---- show ---------------------------------------------------------- */

static void show_header(const cli_ctx *ctx, const vg_assessment *a)
{
    char day[16];
    vg_date_format(day, a->info.day);
    printf(_("%sSelf-assessment \"%s\"%s (%s)\n"), cli_sgr(ctx, "1"), a->info.label,
           cli_sgr(ctx, "0"), day);
    printf(_("Template: %s (%s %s, %s)\n"), a->grid->title, a->grid->id, a->grid->version,
           a->grid->lang);
    if (a->nsignoffs) {
        const vg_signoff *s = &a->signoffs[a->nsignoffs - 1];
        char when[32];
        fmt_time(when, s->at);
        printf(_("Signed off on %s by %s (%s), code %s\n"), when, s->by, s->role, s->code);
        if (!a->info.locked) {
            fmt_time(when, a->reopened_at);
            printf(_("%sReopened on %s%s: %s (changes since the sign-off show in 'vigie assess "
                     "verify')\n"),
                   cli_sgr(ctx, "33"), when, cli_sgr(ctx, "0"),
                   a->reopen_reason ? a->reopen_reason : "");
        }
    } else {
        printf("%s\n", _("Not signed off yet."));
    }
}

/* The incidents of the assessment's year: evidence for domain D7. */
typedef struct {
    int year;
    size_t incidents, near_misses;
} d7_evidence;

static void d7_load(vg_store *st, const vg_assessment *a, d7_evidence *e)
{
    vg_incident_count *c = NULL;
    size_t n = 0;
    char day[16];
    vg_date_format(day, a->info.day);
    e->year = atoi(day);
    e->incidents = e->near_misses = 0;
    if (vg_incident_counts(st, e->year, &c, &n) != VG_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        if (c[i].near_miss)
            e->near_misses += c[i].count;
        else
            e->incidents += c[i].count;
    }
    free(c);
}

static void show_json(const vg_assessment *a, const vg_scores *s, const d7_evidence *d7)
{
    cli_json j;
    const vg_grid *g = a->grid;
    json_init(&j, stdout);
    json_obj(&j);
    json_kstr(&j, "label", a->info.label);
    json_day(&j, "date", a->info.day);
    json_time(&j, "created", a->info.created);
    json_key(&j, "template");
    json_obj(&j);
    json_kstr(&j, "id", g->id);
    json_kstr(&j, "version", g->version);
    json_kstr(&j, "lang", g->lang);
    json_kstr(&j, "title", g->title);
    json_kstr(&j, "source", a->info.grid_source);
    json_end_obj(&j);
    json_kint(&j, "threshold", g->threshold);
    json_kstr(&j, "state", state_name(&a->info));
    json_score(&j, "overall", &s->overall);
    json_key(&j, "domains");
    json_arr(&j);
    for (size_t d = 0; d < g->ndomains; d++) {
        json_obj(&j);
        json_kstr(&j, "id", g->domains[d].id);
        json_kstr(&j, "title", g->domains[d].title);
        json_score(&j, "score", &s->domains[d]);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "unanswered");
    json_arr(&j);
    for (size_t k = 0; k < s->nunanswered; k++)
        json_str(&j, g->items[s->unanswered[k]].id);
    json_end_arr(&j);
    json_key(&j, "weakest");
    json_arr(&j);
    for (size_t k = 0; k < s->nweakest && k < WEAKEST_SHOWN; k++) {
        json_obj(&j);
        json_kstr(&j, "item", g->items[s->weakest[k]].id);
        json_kstr(&j, "level", vg_level_code(a->answers[s->weakest[k]].level));
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "items");
    json_arr(&j);
    for (size_t i = 0; i < g->nitems; i++) {
        json_obj(&j);
        json_kstr(&j, "id", g->items[i].id);
        json_kstr(&j, "domain", g->domains[g->items[i].domain].id);
        json_kstr(&j, "text", g->items[i].text);
        json_kstr(&j, "level", vg_level_code(a->answers[i].level));
        json_kstr(&j, "note", a->answers[i].note);
        json_kstr(&j, "evidence", a->answers[i].evidence);
        json_time(&j, "updated", a->answers[i].updated);
        json_kbool(&j, "needs_action", vg_assessment_needs_action(a, i));
        json_kbool(&j, "essential", g->items[i].essential);
        json_kstr(&j, "level_means", vg_grid_item_descriptor(&g->items[i], a->answers[i].level));
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "signoffs");
    json_arr(&j);
    for (size_t k = 0; k < a->nsignoffs; k++)
        json_signoff(&j, &a->signoffs[k]);
    json_end_arr(&j);
    json_key(&j, "reopened");
    if (a->info.locked || !a->nsignoffs) {
        json_null(&j);
    } else {
        json_obj(&j);
        json_time(&j, "at", a->reopened_at);
        json_kstr(&j, "reason", a->reopen_reason);
        json_end_obj(&j);
    }
    json_key(&j, "incidents");
    json_obj(&j);
    json_kint(&j, "year", d7->year);
    json_kint(&j, "incidents", (long long)d7->incidents);
    json_kint(&j, "near_misses", (long long)d7->near_misses);
    json_kstr(&j, "evidence_for", "D7");
    json_end_obj(&j);
    json_end_obj(&j);
    json_done(&j);
}

static int cmd_show(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_assessment *as = NULL;
    vg_scores *s = NULL;
    const vg_grid *g;
    size_t tw = 0;
    char mean[16], share[16], b1[BAR_CELLS * 3 + 8], b2[BAR_CELLS * 3 + 8];
    d7_evidence d7 = {0, 0, 0};
    int rc = load(ctx, &st, a->argv[0], &as);
    if (rc == VG_OK)
        d7_load(st, as, &d7);
    vg_store_close(st);
    if (rc == VG_OK)
        rc = vg_assessment_score(as, &s);
    if (rc != VG_OK) {
        vg_assessment_free(as);
        return cli_fail(rc);
    }
    g = as->grid;
    if (ctx->json) {
        show_json(as, s, &d7);
        goto done;
    }
    show_header(ctx, as);
    printf(_("Answered: %zu of %zu (not applicable: %zu, unknown: %zu); threshold: level %d\n\n"),
           s->overall.answered, s->overall.total, s->overall.na, s->overall.unknown, g->threshold);
    for (size_t d = 0; d < g->ndomains; d++) {
        char t[64];
        clip(t, sizeof t, g->domains[d].title, 36);
        if (cli_width(t) + 5 > tw)
            tw = cli_width(t) + 5;
    }
    {
        char h1[32], h2[32];
        snprintf(h1, sizeof h1, "%s", _("DOMAIN"));
        snprintf(h2, sizeof h2, _("AT %d+"), g->threshold);
        printf("%s", cli_sgr(ctx, "1"));
        cli_pad(stdout, h1, tw);
        printf("  ");
        cli_pad(stdout, _("MEAN (0-5)"), BAR_CELLS + 4);
        printf("  %s%s\n", h2, cli_sgr(ctx, "0"));
    }
    for (size_t d = 0; d <= g->ndomains; d++) {
        const vg_score *sc = d < g->ndomains ? &s->domains[d] : &s->overall;
        char name[80], t[64];
        if (d < g->ndomains) {
            clip(t, sizeof t, g->domains[d].title, 36);
            snprintf(name, sizeof name, "%-4s %s", g->domains[d].id, t);
        } else {
            snprintf(name, sizeof name, "%s", _("Overall"));
            printf("\n");
        }
        fmt_mean(mean, sizeof mean, sc, ctx);
        fmt_share(share, sizeof share, sc, ctx);
        bar(b1, sizeof b1, sc->counted ? sc->mean / VG_LEVEL_MAX : 0);
        bar(b2, sizeof b2, sc->counted ? sc->share : 0);
        cli_pad(stdout, name, tw);
        {
            const char *col = sc->counted ? level_colour(ctx, sc->mean, g->threshold) : "";
            printf("  %3s %s%s%s  %5s %s%s%s\n", mean, col, b1, cli_sgr(ctx, "0"), share, col, b2,
                   cli_sgr(ctx, "0"));
        }
    }
    if (s->nunanswered) {
        char list[4096];
        size_t n = (size_t)snprintf(list, sizeof list, _("Unanswered (%zu):"), s->nunanswered);
        for (size_t k = 0; k < s->nunanswered && n < sizeof list; k++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s %s", k ? "," : "",
                                  g->items[s->unanswered[k]].id);
        printf("\n");
        wrap(stdout, "", list, term_width());
    }
    if (s->nweakest) {
        printf("\n%s\n", _("Weakest items:"));
        for (size_t k = 0; k < s->nweakest && k < WEAKEST_SHOWN; k++) {
            size_t i = s->weakest[k];
            char lv[96], text[200];
            fmt_level(lv, sizeof lv, g, as->answers[i].level);
            clip(text, sizeof text, g->items[i].text, 60);
            printf("  %-6s %s", g->items[i].id,
                   level_colour(ctx, as->answers[i].level, g->threshold));
            cli_pad(stdout, lv, 14);
            printf("%s %s\n", cli_sgr(ctx, "0"), text);
        }
    }
    printf("\n");
    printf(_("Incidents recorded in %d (evidence for D7): %zu, and %zu near misses ('vigie "
             "incident list').\n"),
           d7.year, d7.incidents, d7.near_misses);
    if (cli_flag(a, "items")) {
        printf("\n");
        for (size_t i = 0; i < g->nitems; i++) {
            char lv[96];
            const char *desc = vg_grid_item_descriptor(&g->items[i], as->answers[i].level);
            fmt_level(lv, sizeof lv, g, as->answers[i].level);
            printf("%s%-6s %s%s%s%s\n", cli_sgr(ctx, "1"), g->items[i].id, lv,
                   g->items[i].essential ? "  " : "", g->items[i].essential ? _("[essential]") : "",
                   cli_sgr(ctx, "0"));
            wrap(stdout, "       ", g->items[i].text, term_width());
            if (desc) {
                char line[700];
                snprintf(line, sizeof line, _("Level %d here means: %s"), as->answers[i].level,
                         desc);
                wrap(stdout, "       ", line, term_width());
            }
            if (as->answers[i].note) {
                char line[VG_ASSESS_NOTE_MAX + 64];
                snprintf(line, sizeof line, "%s %s", _("Note:"), as->answers[i].note);
                wrap(stdout, "       ", line, term_width());
            }
            if (as->answers[i].evidence) {
                char line[VG_ASSESS_EVIDENCE_MAX + 64];
                snprintf(line, sizeof line, "%s %s", _("Evidence:"), as->answers[i].evidence);
                wrap(stdout, "       ", line, term_width());
            }
        }
    }
done:
    vg_scores_free(s);
    vg_assessment_free(as);
    return EXIT_DONE;
}

/* ---- actions ------------------------------------------------------- */

static int cmd_actions(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_assessment *as = NULL;
    size_t lines = 0, missing = 0, overdue = 0, unanswered = 0, last_domain = (size_t)-1;
    int32_t now = vg_today(NULL);
    cli_json j;
    const vg_grid *g;
    int rc = load(ctx, &st, a->argv[0], &as);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    g = as->grid;
    if (ctx->json) {
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "label", as->info.label);
        json_kint(&j, "threshold", g->threshold);
        json_key(&j, "actions");
        json_arr(&j);
    } else {
        printf(_("%sAction plan of \"%s\"%s: items below level %d, or unknown\n"),
               cli_sgr(ctx, "1"), as->info.label, cli_sgr(ctx, "0"), g->threshold);
    }
    /* Essential items first (the template's first-year plan), then the
     * others by domain. */
    for (size_t k = 0; k < 2 * g->nitems; k++) {
        size_t i = k % g->nitems;
        int essential_pass = k < g->nitems;
        const vg_action *x = &as->actions[i];
        int need = vg_assessment_needs_action(as, i);
        int late = x->text && x->due != VG_NO_DAY && x->due < now;
        if (!essential_pass)
            unanswered += as->answers[i].level == VG_LEVEL_UNANSWERED;
        if ((!need && !x->text) || !g->items[i].essential != !essential_pass)
            continue;
        lines++;
        missing += need && !x->text;
        overdue += late;
        if (ctx->json) {
            json_obj(&j);
            json_kstr(&j, "item", g->items[i].id);
            json_kstr(&j, "domain", g->domains[g->items[i].domain].id);
            json_kstr(&j, "text", g->items[i].text);
            json_kbool(&j, "essential", g->items[i].essential);
            json_kstr(&j, "level", vg_level_code(as->answers[i].level));
            json_kbool(&j, "needs_action", need);
            json_kstr(&j, "action", x->text);
            json_kstr(&j, "owner", x->owner);
            json_day(&j, "due", x->text ? x->due : VG_NO_DAY);
            json_kbool(&j, "overdue", late);
            json_end_obj(&j);
        } else {
            char lv[96], due[48], text[120], line[VG_ASSESS_ACTION_MAX + VG_ASSESS_NAME_MAX + 128];
            size_t dom = essential_pass ? (size_t)-2 : g->items[i].domain;
            if (dom != last_domain) {
                if (essential_pass)
                    printf("\n%s%s%s\n", cli_sgr(ctx, "1"),
                           _("Essential items (a first-year plan starts here)"), cli_sgr(ctx, "0"));
                else
                    printf("\n%s%s %s%s\n", cli_sgr(ctx, "1"), g->domains[dom].id,
                           g->domains[dom].title, cli_sgr(ctx, "0"));
                last_domain = dom;
            }
            fmt_level(lv, sizeof lv, g, as->answers[i].level);
            clip(text, sizeof text, g->items[i].text, 56);
            printf("  %-6s %s", g->items[i].id,
                   level_colour(ctx, as->answers[i].level, g->threshold));
            cli_pad(stdout, lv, 13);
            printf("%s %s\n", cli_sgr(ctx, "0"), text);
            snprintf(line, sizeof line, "%s %s", _("Action:"),
                     x->text ? x->text : _("(to be defined)"));
            wrap(stdout, "         ", line, term_width());
            if (x->text && (x->owner || x->due != VG_NO_DAY)) {
                fmt_day(due, x->due);
                snprintf(line, sizeof line, _("Owner: %s; due: %s%s%s%s"),
                         x->owner ? x->owner : "-", due, late ? " " : "",
                         late ? cli_sgr(ctx, "31") : "", late ? _("(overdue)") : "");
                wrap(stdout, "         ", line, term_width());
                if (late)
                    fputs(cli_sgr(ctx, "0"), stdout);
            }
        }
    }
    if (ctx->json) {
        json_end_arr(&j);
        json_kint(&j, "without_action", (long long)missing);
        json_kint(&j, "overdue", (long long)overdue);
        json_kint(&j, "unanswered", (long long)unanswered);
        json_end_obj(&j);
        json_done(&j);
    } else {
        if (!lines)
            printf(_("No item is below level %d or unknown: the action plan is empty.\n"),
                   g->threshold);
        if (missing || overdue || unanswered)
            printf("\n");
        if (missing)
            printf(_("Items that need an action not defined yet: %zu ('vigie assess action %s ITEM "
                     "--text TEXT --owner NAME --due DATE').\n"),
                   missing, as->info.label);
        if (overdue)
            printf(_("Actions past their due date: %zu.\n"), overdue);
        if (unanswered)
            printf(_("Items not answered yet: %zu (they join the plan when answered below level "
                     "%d, or unknown).\n"),
                   unanswered, g->threshold);
    }
    vg_assessment_free(as);
    return EXIT_DONE;
}

static int cmd_action(cli_ctx *ctx, cli_args *a)
{
    const char *text = cli_opt_value(a, "text"), *owner = cli_opt_value(a, "owner"),
               *due = cli_opt_value(a, "due");
    int remove = cli_flag(a, "remove");
    vg_store *st = NULL;
    int32_t d;
    int rc;
    if (remove && (text || owner || due))
        return cli_usage_error(a->cmd, "%s", _("--remove goes alone"));
    if (!remove && !text && !owner && !due)
        return cli_usage_error(a->cmd, "%s", _("give --text, --owner or --due (or --remove)"));
    if (due && *due && vg_date_parse(&d, due) != VG_OK)
        return cli_usage_error(a->cmd, "--due: %s", vg_error_last());
    if ((rc = open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(
            st, remove ? vg_assessment_remove_action(st, a->argv[0], a->argv[1])
                       : vg_assessment_set_action(st, a->argv[0], a->argv[1], text, owner, due));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        json_done_obj(a->argv[0], "action", remove ? "removed" : "set");
    return EXIT_DONE;
}

/* ---- compare ------------------------------------------------------- */

static const char *trend_mark(int up_down)
{
    return up_down > 0 ? "▲" : up_down < 0 ? "▼" : "=";
}

static const char *map_name(int map)
{
    static const char *const names[] = {"id", "same", "renamed", "merged", "new", "dropped"};
    return map >= VG_MAP_ID && map <= VG_MAP_DROPPED ? names[map] : "id";
}

/* "D6.1 (D6.1 + D6.2)", "D6.2 (D6.4)", or just the id. */
static void fmt_mapped_id(char *out, size_t cap, const vg_item_trend *t)
{
    size_t n = (size_t)snprintf(out, cap, "%s", t->id);
    if (t->map != VG_MAP_RENAMED && t->map != VG_MAP_MERGED)
        return;
    for (size_t k = 0; k < t->nwas && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", k ? " + " : " (", t->was[k]);
    if (n < cap)
        snprintf(out + n, cap - n, ")");
}

static int cmd_compare(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_assessment *x = NULL, *y = NULL;
    vg_comparison *c = NULL;
    int rc = load(ctx, &st, a->argv[0], &x);
    if (rc == VG_OK)
        rc = vg_assessment_load(st, a->argv[1], &y);
    vg_store_close(st);
    if (rc == VG_OK)
        rc = vg_assessment_compare(x, y, &c);
    if (rc != VG_OK)
        goto done;
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "from", x->info.label);
        json_kstr(&j, "to", y->info.label);
        json_kbool(&j, "same_template", c->same_grid);
        json_key(&j, "mapping");
        if (c->mapped) {
            json_obj(&j);
            json_kstr(&j, "earlier_version", c->earlier_version);
            json_kstr(&j, "later_version", c->later_version);
            json_kint(&j, "same", (long long)c->nsame);
            json_kint(&j, "renamed", (long long)c->nrenamed);
            json_kint(&j, "merged", (long long)c->nmerged);
            json_kint(&j, "new", (long long)c->nnew);
            json_kint(&j, "dropped", (long long)c->ndropped);
            json_end_obj(&j);
        } else {
            json_null(&j);
        }
        json_score(&j, "from_overall", &c->a);
        json_score(&j, "to_overall", &c->b);
        json_key(&j, "domains");
        json_arr(&j);
        for (size_t d = 0; d < c->ndomains; d++) {
            const vg_domain_trend *t = &c->domains[d];
            json_obj(&j);
            json_kstr(&j, "id", t->id);
            json_kstr(&j, "title", t->title);
            if (t->in_a)
                json_score(&j, "from", &t->a);
            else
                json_kstr(&j, "from", NULL);
            if (t->in_b)
                json_score(&j, "to", &t->b);
            else
                json_kstr(&j, "to", NULL);
            json_key(&j, "mean_change");
            if (t->in_a && t->in_b && t->a.counted && t->b.counted)
                json_num(&j, t->b.mean - t->a.mean, 2);
            else
                json_null(&j);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_key(&j, "items");
        json_arr(&j);
        for (size_t i = 0; i < c->nitems; i++) {
            const vg_item_trend *t = &c->items[i];
            json_obj(&j);
            json_kstr(&j, "item", t->id);
            json_kstr(&j, "map", map_name(t->map));
            if (c->mapped) {
                json_key(&j, "was");
                json_arr(&j);
                for (size_t k = 0; k < t->nwas; k++)
                    json_str(&j, t->was[k]);
                json_end_arr(&j);
            }
            json_kstr(&j, "from", vg_level_code(t->level_a));
            json_kstr(&j, "to", vg_level_code(t->level_b));
            json_kstr(&j, "trend",
                      t->trend == VG_TREND_UP     ? "improved"
                      : t->trend == VG_TREND_DOWN ? "regressed"
                      : t->trend == VG_TREND_SAME ? "same"
                                                  : "not_comparable");
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_kint(&j, "improved", (long long)c->improved);
        json_kint(&j, "regressed", (long long)c->regressed);
        json_end_obj(&j);
        json_done(&j);
        goto done;
    }
    printf(_("%sTrend: \"%s\" -> \"%s\"%s\n"), cli_sgr(ctx, "1"), x->info.label, y->info.label,
           cli_sgr(ctx, "0"));
    if (c->mapped)
        printf(_("Template version %s revises %s: items are matched through its mapping (%zu "
                 "unchanged, %zu renumbered, %zu merged, %zu new, %zu dropped).\n"),
               c->later_version, c->earlier_version, c->nsame, c->nrenamed, c->nmerged, c->nnew,
               c->ndropped);
    else if (!c->same_grid)
        cli_warn(_("the two assessments use different templates (%s %s, %s %s): items and domains "
                   "are compared "
                   "by id"),
                 x->grid->id, x->grid->version, y->grid->id, y->grid->version);
    {
        cli_table t;
        char h3[32], h4[32];
        snprintf(h3, sizeof h3, _("AT %d+ %s"), x->grid->threshold, x->info.label);
        snprintf(h4, sizeof h4, _("AT %d+ %s"), y->grid->threshold, y->info.label);
        cli_table_init(&t, 6, _("DOMAIN"), x->info.label, y->info.label, _("CHANGE"), h3, h4);
        for (size_t d = 0; d <= c->ndomains; d++) {
            const vg_domain_trend *dt = d < c->ndomains ? &c->domains[d] : NULL;
            const vg_score *sa = dt ? (dt->in_a ? &dt->a : NULL) : &c->a;
            const vg_score *sb = dt ? (dt->in_b ? &dt->b : NULL) : &c->b;
            char name[80], t1[64], ma[16] = "-", mb[16] = "-", ch[32] = "-", pa[16] = "-",
                                   pb[16] = "-";
            if (dt) {
                clip(t1, sizeof t1, dt->title, 36);
                snprintf(name, sizeof name, "%-4s %s", dt->id, t1);
            } else {
                snprintf(name, sizeof name, "%s", _("Overall"));
            }
            if (sa) {
                fmt_mean(ma, sizeof ma, sa, ctx);
                fmt_share(pa, sizeof pa, sa, ctx);
            }
            if (sb) {
                fmt_mean(mb, sizeof mb, sb, ctx);
                fmt_share(pb, sizeof pb, sb, ctx);
            }
            if (sa && sb && sa->counted && sb->counted) {
                double delta = sb->mean - sa->mean;
                char num[16];
                int dir = delta > 0.05 ? 1 : delta < -0.05 ? -1 : 0;
                fmt_dec(num, sizeof num, delta < 0 ? -delta : delta, 1, ctx);
                snprintf(ch, sizeof ch, "%s%s %s",
                         delta > 0.05    ? "+"
                         : delta < -0.05 ? "-"
                                         : "±",
                         num, trend_mark(dir));
            }
            cli_table_add(&t, name, ma, mb, ch, pa, pb);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    for (int pass = 0; pass < 2; pass++) {
        size_t n = pass ? c->regressed : c->improved, k = 0;
        printf("\n%s", cli_sgr(ctx, pass ? "31" : "32"));
        printf(pass ? _("Regressed (%zu):") : _("Improved (%zu):"), n);
        printf("%s", cli_sgr(ctx, "0"));
        if (!n)
            printf(" -");
        printf("\n");
        for (size_t i = 0; i < c->nitems; i++) {
            const vg_item_trend *t = &c->items[i];
            char la[96], lb[96];
            if (t->trend != (pass ? VG_TREND_DOWN : VG_TREND_UP))
                continue;
            fmt_level(la, sizeof la, x->grid, t->level_a);
            fmt_level(lb, sizeof lb, y->grid, t->level_b);
            if (c->mapped) {
                char id[160];
                fmt_mapped_id(id, sizeof id, t);
                printf("  %-6s %s -> %s\n", id, la, lb);
            } else {
                printf("  %-6s %s -> %s\n", t->id, la, lb);
            }
            k++;
        }
    }
    if (c->mapped) {
        /* What the mapping did: merges, renumbering, new and dropped items. */
        static const int maps[] = {VG_MAP_MERGED, VG_MAP_RENAMED, VG_MAP_NEW, VG_MAP_DROPPED};
        const vg_grid *later = c->later_version == y->grid->version ? y->grid : x->grid;
        const vg_grid *earlier = later == y->grid ? x->grid : y->grid;
        for (size_t m = 0; m < sizeof maps / sizeof maps[0]; m++) {
            size_t n = maps[m] == VG_MAP_MERGED    ? c->nmerged
                       : maps[m] == VG_MAP_RENAMED ? c->nrenamed
                       : maps[m] == VG_MAP_NEW     ? c->nnew
                                                   : c->ndropped;
            if (!n)
                continue;
            printf("\n");
            if (maps[m] == VG_MAP_MERGED)
                printf(_("Merged in %s (%zu): the earlier level is the lowest of the merged "
                         "items\n"),
                       c->later_version, n);
            else if (maps[m] == VG_MAP_RENAMED)
                printf(_("Renumbered in %s (%zu):\n"), c->later_version, n);
            else if (maps[m] == VG_MAP_NEW)
                printf(_("New in %s (%zu), not compared:\n"), c->later_version, n);
            else
                printf(_("In %s only (%zu), not continued:\n"), c->earlier_version, n);
            for (size_t i = 0; i < c->nitems; i++) {
                const vg_item_trend *t = &c->items[i];
                const vg_grid_item *it;
                char id[160], la[96], lb[96], text[120];
                if (t->map != maps[m])
                    continue;
                fmt_mapped_id(id, sizeof id, t);
                if (maps[m] == VG_MAP_NEW || maps[m] == VG_MAP_DROPPED) {
                    it = vg_grid_find_item(maps[m] == VG_MAP_NEW ? later : earlier, t->id, NULL);
                    clip(text, sizeof text, it ? it->text : "", 64);
                    printf("  %-6s %s\n", id, text);
                } else {
                    fmt_level(la, sizeof la, x->grid, t->level_a);
                    fmt_level(lb, sizeof lb, y->grid, t->level_b);
                    printf("  %s: %s -> %s\n", id, la, lb);
                }
            }
        }
    }
done:
    vg_comparison_free(c);
    vg_assessment_free(x);
    vg_assessment_free(y);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

/* ---- sign, verify, reopen, remove ---------------------------------- */

static int cmd_sign(cli_ctx *ctx, cli_args *a)
{
    const char *by = cli_opt_value(a, "by"), *role = cli_opt_value(a, "role");
    vg_store *st = NULL;
    vg_assessment *as = NULL;
    vg_signoff so = {0};
    char when[32];
    int rc;
    if (!by || !role)
        return cli_usage_error(a->cmd, "%s",
                               _("the board's sign-off needs --by NAME and --role ROLE"));
    if ((rc = open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_assessment_sign(st, a->argv[0], by, role, &so));
    if (rc == VG_OK)
        rc = vg_assessment_load(st, a->argv[0], &as);
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_signoff_clear(&so);
        return cli_fail(rc);
    }
    if (as->info.items > as->info.answered)
        cli_warn(_("%zu of %zu items had no answer when it was signed"),
                 as->info.items - as->info.answered, as->info.items);
    fmt_time(when, so.at);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "label", a->argv[0]);
        json_key(&j, "signoff");
        json_signoff(&j, &so);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Assessment \"%s\" signed off by %s (%s) on %s.\n"), a->argv[0], so.by, so.role,
               when);
        printf(_("Sign-off code, for the board's minutes: %s%s%s\n"), cli_sgr(ctx, "1"), so.code,
               cli_sgr(ctx, "0"));
        printf(_("It is now locked: 'vigie assess verify %s' checks it at any time.\n"),
               a->argv[0]);
    }
    vg_signoff_clear(&so);
    vg_assessment_free(as);
    return EXIT_DONE;
}

static const char *change_kind(int k)
{
    switch (k) {
    case VG_CHANGE_LABEL:
        return "label";
    case VG_CHANGE_DATE:
        return "date";
    case VG_CHANGE_TEMPLATE:
        return "template";
    case VG_CHANGE_ANSWER:
        return "answer";
    default:
        return "action";
    }
}

static int cmd_verify(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_verification *v = NULL;
    char msg[1024];
    int rc = open_store(ctx, &st);
    if (rc == VG_OK)
        rc = vg_assessment_verify(st, a->argv[0], &v);
    vg_store_close(st);
    if (!v)
        return cli_fail(rc);
    snprintf(msg, sizeof msg, "%s", rc == VG_OK ? "" : vg_error_last());
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "label", a->argv[0]);
        json_kstr(&j, "status",
                  v->status == VG_VERIFY_HOLDS     ? "holds"
                  : v->status == VG_VERIFY_CHANGED ? "changed"
                                                   : "bad_signature");
        json_kstr(&j, "key_fingerprint", v->key_fingerprint);
        json_key(&j, "signoffs");
        json_arr(&j);
        for (size_t i = 0; i < v->nsignoffs; i++) {
            json_obj(&j);
            json_kint(&j, "id", v->signoffs[i].id);
            json_kstr(&j, "by", v->signoffs[i].by);
            json_kstr(&j, "role", v->signoffs[i].role);
            json_time(&j, "at", v->signoffs[i].at);
            json_kstr(&j, "code", v->signoffs[i].code);
            /* sign-offs after the first bad one were not checked */
            if (v->status == VG_VERIFY_BAD_SIGNATURE && i > v->bad)
                json_kstr(&j, "signature_holds", NULL);
            else
                json_kbool(&j, "signature_holds",
                           v->status != VG_VERIFY_BAD_SIGNATURE || i < v->bad);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_key(&j, "changes");
        json_arr(&j);
        for (size_t i = 0; i < v->nchanges; i++) {
            char line[512];
            vg_change_describe(&v->changes[i], line, sizeof line);
            json_obj(&j);
            json_kstr(&j, "kind", change_kind(v->changes[i].kind));
            json_kstr(&j, "item", v->changes[i].item);
            json_kstr(&j, "field", v->changes[i].field);
            json_kstr(&j, "signed", v->changes[i].before);
            json_kstr(&j, "current", v->changes[i].after);
            json_kstr(&j, "description", line);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_end_obj(&j);
        json_done(&j);
    } else if (v->status == VG_VERIFY_HOLDS) {
        const vg_signoff *s = &v->signoffs[v->nsignoffs - 1];
        char when[32];
        fmt_time(when, s->at);
        printf(_("%sThe sign-off holds%s: assessment \"%s\" is as %s (%s) signed it on %s.\n"),
               cli_sgr(ctx, "32"), cli_sgr(ctx, "0"), a->argv[0], s->by, s->role, when);
        printf(_("Sign-off code: %s; organisation's key: %s\n"), s->code, v->key_fingerprint);
        if (v->nsignoffs > 1)
            printf(ngettext("Its %zu earlier sign-off holds too.\n",
                            "Its %zu earlier sign-offs hold too.\n", v->nsignoffs - 1),
                   v->nsignoffs - 1);
    } else {
        cli_error("%s", msg);
        if (v->status == VG_VERIFY_CHANGED) {
            printf(_("Changed since the last sign-off (%zu):\n"), v->nchanges);
            for (size_t i = 0; i < v->nchanges; i++) {
                char line[512];
                vg_change_describe(&v->changes[i], line, sizeof line);
                printf("  %s\n", line);
            }
            printf(_("The signatures themselves hold. Once the board has reviewed the changes, "
                     "'vigie assess sign "
                     "%s' records a new sign-off.\n"),
                   a->argv[0]);
        }
    }
    vg_verification_free(v);
    if (rc != VG_OK && ctx->json)
        cli_error("%s", msg);
    return cli_exit_for(rc);
}

static int cmd_reopen(cli_ctx *ctx, cli_args *a)
{
    const char *reason = cli_opt_value(a, "reason");
    vg_store *st = NULL;
    int rc;
    if (!reason)
        return cli_usage_error(a->cmd, "%s", _("say why it is reopened: --reason TEXT"));
    if ((rc = open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_assessment_reopen(st, a->argv[0], reason));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        json_done_obj(a->argv[0], "state", "reopened");
    else
        printf(_("Assessment \"%s\" reopened: it can change; 'vigie assess verify %s' lists what "
                 "changed since the "
                 "sign-off until the board signs it again.\n"),
               a->argv[0], a->argv[0]);
    return EXIT_DONE;
}

static int cmd_remove(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int rc;
    if ((rc = open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_assessment_remove(st, a->argv[0]));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        json_done_obj(a->argv[0], "state", "removed");
    else
        printf(_("Assessment \"%s\" removed.\n"), a->argv[0]);
    return EXIT_DONE;
}

/* ---- check-template ------------------------------------------------ */

static int cmd_check_template(cli_ctx *ctx, cli_args *a)
{
    vg_grid *g[CLI_MAX_ARGS] = {0};
    int code = EXIT_DONE;
    cli_json j;
    if (ctx->json) {
        json_init(&j, stdout);
        json_arr(&j);
    }
    for (int i = 0; i < a->argc; i++) {
        int rc = vg_grid_load(&g[i], a->argv[i]);
        if (rc == VG_OK) {
            /* language versions of one grid must match (FORMAT.md §6) */
            for (int k = 0; k < i; k++)
                if (g[k] && !strcmp(g[k]->id, g[i]->id) && !strcmp(g[k]->version, g[i]->version) &&
                    (rc = vg_grid_check_pair(g[k], g[i])) != VG_OK)
                    break;
        }
        if (rc != VG_OK)
            code = cli_fail(rc);
        for (size_t w = 0; rc == VG_OK && w < g[i]->nwarnings; w++)
            cli_warn("%s", g[i]->warnings[w]);
        if (ctx->json) {
            json_obj(&j);
            json_kstr(&j, "file", a->argv[i]);
            json_kbool(&j, "valid", rc == VG_OK);
            json_kstr(&j, "error", rc == VG_OK ? NULL : vg_error_last());
            if (rc == VG_OK) {
                json_kstr(&j, "id", g[i]->id);
                json_kstr(&j, "version", g[i]->version);
                json_kstr(&j, "lang", g[i]->lang);
                json_kint(&j, "domains", (long long)g[i]->ndomains);
                json_kint(&j, "items", (long long)g[i]->nitems);
                json_kint(&j, "warnings", (long long)g[i]->nwarnings);
            }
            json_end_obj(&j);
        } else if (rc == VG_OK) {
            printf(_("%s: valid (%s %s, %s; %zu domains, %zu items, %zu warnings)\n"), a->argv[i],
                   g[i]->id, g[i]->version, g[i]->lang, g[i]->ndomains, g[i]->nitems,
                   g[i]->nwarnings);
        }
    }
    if (ctx->json) {
        json_end_arr(&j);
        json_done(&j);
    }
    for (int i = 0; i < a->argc; i++)
        vg_grid_free(g[i]);
    return code;
}

/* ---- the table ----------------------------------------------------- */

static const cli_opt new_opts[] = {
    {"template", OPT_VALUE, "FILE",
     N_("the template (default: the data folder's default.LANG.yaml, LANG from --lang)")},
    {"date", OPT_VALUE, "DATE", N_("the date the assessment refers to (default: today)")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt answer_opts[] = {
    {"from", OPT_VALUE, "ITEM", N_("start at this item (default: where the last walk stopped)")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt set_opts[] = {
    {"note", OPT_VALUE, "TEXT", N_("a note (\"\" removes it)")},
    {"evidence", OPT_VALUE, "TEXT",
     N_("evidence: documents, records, file paths (\"\" removes it)")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt show_opts[] = {
    {"items", OPT_FLAG, NULL,
     N_("list every item with its answer, what that level means for it, note and evidence")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt action_opts[] = {
    {"text", OPT_VALUE, "TEXT", N_("what will be done")},
    {"owner", OPT_VALUE, "NAME", N_("who is responsible (\"\" removes it)")},
    {"due", OPT_VALUE, "DATE", N_("by when, YYYY-MM-DD (\"\" removes it)")},
    {"remove", OPT_FLAG, NULL, N_("remove the item's action")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt sign_opts[] = {
    {"by", OPT_VALUE, "NAME", N_("the board member who signs off (required)")},
    {"role", OPT_VALUE, "ROLE", N_("their role, such as \"chair of the board\" (required)")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt reopen_opts[] = {
    {"reason", OPT_VALUE, "TEXT", N_("why it is reopened (required)")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_assess[] = {
    {"assess", "new", "LABEL", N_("start a self-assessment (LABEL such as 2026) from a template"),
     1, 1, new_opts, cmd_new,
     N_("The template is copied into the store: editing the file later does not change this "
        "assessment.\n"
        "The default template is reconstructed from public standards; it is not the AQOCI's own "
        "grid.\n"
        "Another grid in the same format (templates/assessment/FORMAT.md) loads with --template.")},
    {"assess", "list", "", N_("list the assessments by date, with their mean level and state"), 0,
     0, NULL, cmd_list, NULL},
    {"assess", "answer", "LABEL",
     N_("answer the items one by one at the terminal (resumes where it stopped)"), 1, 1,
     answer_opts, cmd_answer,
     N_("For each item: a level 1 to 5, na (not applicable) or ? (unknown), then a note and "
        "evidence.\n"
        "Enter keeps the current answer, s skips, b goes back, q stops; each answer is saved at "
        "once.\n"
        "When standard input is not a terminal, the same questions are read from it, one line "
        "each\n"
        "(level, note, evidence), so a script can answer: printf '3\\nnote\\n\\n' | vigie assess "
        "answer 2026")},
    {"assess", "set", "LABEL ITEM LEVEL", N_("answer one item: LEVEL is 1 to 5, na or unknown"), 3,
     3, set_opts, cmd_set, NULL},
    {"assess", "show", "LABEL",
     N_("scores by domain (mean level, share at level 3 or more), gaps, weakest items"), 1, 1,
     show_opts, cmd_show, NULL},
    {"assess", "actions", "LABEL",
     N_("the action plan: every item below level 3 or unknown, with its action"), 1, 1, NULL,
     cmd_actions,
     N_("The items the template marks essential come first: a first-year plan starts with "
        "them.")},
    {"assess", "action", "LABEL ITEM", N_("set an item's action, owner and due date"), 2, 2,
     action_opts, cmd_action, NULL},
    {"assess", "compare", "LABEL1 LABEL2",
     N_("the trend from LABEL1 to LABEL2: by domain, improved and regressed items"), 2, 2, NULL,
     cmd_compare,
     N_("When one template revises the other (grid 2027.1 revises 2026.1), items are matched "
        "through\n"
        "the later template's mapping: a merged item is compared from the lowest level of the "
        "items\n"
        "it merges, renumbered items keep their history, new items are listed and not "
        "compared.")},
    {"assess", "sign", "LABEL",
     N_("the board's sign-off: sign the assessment with the organisation's key"), 1, 1, sign_opts,
     cmd_sign,
     N_("An Ed25519 signature over the template and every answer and action, with who, role and "
        "when.\n"
        "The assessment is then locked; 'vigie assess reopen' unlocks it, and verify names what "
        "changed.\n"
        "Write the sign-off code it prints in the board's minutes.")},
    {"assess", "verify", "LABEL",
     N_("check the sign-off: exit 0 if it holds, 6 if anything changed since"), 1, 1, NULL,
     cmd_verify, NULL},
    {"assess", "reopen", "LABEL", N_("unlock a signed assessment for changes, saying why"), 1, 1,
     reopen_opts, cmd_reopen,
     N_("The sign-offs are kept: verify then lists every change made after the last one.")},
    {"assess", "remove", "LABEL", N_("remove an assessment that was never signed off"), 1, 1, NULL,
     cmd_remove, NULL},
    {"assess", "check-template", "FILE...",
     N_("validate template files (FILE:LINE errors); language versions must match"), 1, -1, NULL,
     cmd_check_template, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
