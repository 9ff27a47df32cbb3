/* participant add|list|show|edit|remove|pol|import|export-data.
 *
 * The --options of add and edit are generated from the field table
 * (vg_participant_fields(): one --option per field, its key with dashes),
 * before main() reads any command line, so they cannot drift from core. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/incident.h>
#include <vigie/participant.h>

#include "cli.h"

#define KEY_MAX 32

static char opt_names[VG_PF_COUNT][KEY_MAX];
static cli_opt field_opts[VG_PF_COUNT + 2];

static const char *argname_of(vg_ftype t)
{
    switch (t) {
    case VG_FT_DATE:
        return "DATE";
    case VG_FT_PHONE:
        return "PHONE";
    case VG_FT_EMAIL:
        return "EMAIL";
    case VG_FT_YESNO:
        return "yes|no|oui|non";
    case VG_FT_BLOOD:
        return "GROUP";
    default:
        return "TEXT";
    }
}

__attribute__((constructor)) static void build_field_opts(void)
{
    const vg_pfield_info *f = vg_participant_fields();
    for (int i = 0; i < VG_PF_COUNT; i++) {
        snprintf(opt_names[i], KEY_MAX, "%s", f[i].key);
        for (char *c = opt_names[i]; *c; c++)
            if (*c == '_')
                *c = '-';
        field_opts[i].name = opt_names[i];
        field_opts[i].kind = OPT_VALUE;
        field_opts[i].argname = argname_of(f[i].type);
        field_opts[i].help = f[i].label; /* an N_() msgid of core, translated when shown */
    }
    field_opts[VG_PF_COUNT] = (cli_opt){
        "from-file", OPT_VALUE, "FILE|-",
        N_("read fields from FILE (- for standard input), one \"key: value\" a line, so that "
           "passport numbers and medical details stay off the command line")};
    field_opts[VG_PF_COUNT + 1].name = NULL;
}

static int oom(void)
{
    cli_error("%s", _("out of memory"));
    return EXIT_ERROR;
}

/* Copy the field options given into p->v (NULL when not given). Returns
 * how many were given. */
static int take_fields(const cli_args *a, vg_participant *p, int *err)
{
    int n = 0;
    *err = 0;
    for (int i = 0; i < VG_PF_COUNT; i++) {
        const char *v = cli_opt_value(a, opt_names[i]);
        if (!v)
            continue;
        n++;
        free(p->v[i]);
        if (!(p->v[i] = strdup(v)))
            *err = 1;
    }
    return n;
}

/* FILE ("-": standard input) whole, at most VG_FIELDS_FILE_MAX bytes; a
 * FIFO or a device is refused, never waited on. EXIT_DONE or an exit code
 * (the message printed). */
static int read_fields_file(const char *path, char **out, size_t *len)
{
    int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : STDIN_FILENO;
    size_t cap = VG_FIELDS_FILE_MAX + 1, n = 0;
    char *buf = NULL;
    struct stat sb;
    int code = EXIT_ERROR;
    *out = NULL;
    *len = 0;
    if (fd < 0) {
        cli_error(_("cannot read '%s': %s"), path, strerror(errno));
        return EXIT_ERROR;
    }
    if (fd != STDIN_FILENO) {
        if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            cli_error(_("'%s' is not a regular file"), path);
            goto done;
        }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    }
    if (!(buf = malloc(cap + 1))) {
        code = oom();
        goto done;
    }
    while (n < cap) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            cli_error(_("cannot read '%s': %s"), path, strerror(errno));
            goto done;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > VG_FIELDS_FILE_MAX) {
        cli_error(_("'%s' is too large (at most %d bytes)"), path, VG_FIELDS_FILE_MAX);
        goto done;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
    code = EXIT_DONE;
done:
    if (buf) {
        explicit_bzero(buf, n);
        free(buf);
    }
    if (fd != STDIN_FILENO)
        close(fd);
    return code;
}

/* --from-file: move the fields it gives into p, marking them in from[]. A
 * field given both as an option and in the file is a usage error. */
static int take_file(const cli_args *a, vg_participant *p, unsigned char from[VG_PF_COUNT])
{
    const char *path = cli_opt_value(a, "from-file");
    vg_participant tmp = {0};
    char *text = NULL;
    size_t len = 0;
    int code;
    memset(from, 0, VG_PF_COUNT);
    if (!path)
        return EXIT_DONE;
    if ((code = read_fields_file(path, &text, &len)) != EXIT_DONE)
        return code;
    if (vg_participant_fields_read(&tmp, text, len, from) != VG_OK) {
        cli_error("%s: %s", path, vg_error_last());
        code = EXIT_ERROR;
        goto done;
    }
    for (int i = 0; i < VG_PF_COUNT; i++) {
        if (!from[i])
            continue;
        if (cli_opt_value(a, opt_names[i])) {
            code = cli_usage_error(a->cmd, _("--%s is given both on the command line and in '%s'"),
                                   opt_names[i], path);
            goto done;
        }
        free(p->v[i]);
        p->v[i] = tmp.v[i];
        tmp.v[i] = NULL;
    }
done:
    for (int i = 0; i < VG_PF_COUNT; i++)
        if (tmp.v[i]) {
            explicit_bzero(tmp.v[i], strlen(tmp.v[i]));
            free(tmp.v[i]);
        }
    explicit_bzero(text, len);
    free(text);
    return code;
}

static void json_participant(cli_json *j, const vg_participant *p, const char *slug)
{
    const vg_pfield_info *f = vg_participant_fields();
    json_obj(j);
    json_kint(j, "id", p->id);
    json_kstr(j, "delegation", slug);
    for (int i = 0; i < VG_PF_COUNT; i++)
        json_kstr(j, f[i].key, p->v[i]);
    json_kbool(j, "has_proof_of_life", p->has_pol);
    json_kbool(j, "purged", p->purged);
    json_end_obj(j);
}

static const char *shown_name(const vg_participant *p, char *buf, size_t cap)
{
    if (p->v[VG_PF_NAME])
        return p->v[VG_PF_NAME];
    snprintf(buf, cap, _("(purged #%lld)"), (long long)p->id);
    return buf;
}

/* The widest field label in the user's language, in columns. */
static size_t label_width(void)
{
    const vg_pfield_info *f = vg_participant_fields();
    size_t w = cli_width(_("Proof of life"));
    for (int i = 0; i < VG_PF_COUNT; i++)
        if (cli_width(_(f[i].label)) > w)
            w = cli_width(_(f[i].label));
    return w;
}

static int cmd_add(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_participant *p = calloc(1, sizeof *p);
    const vg_pfield_info *f = vg_participant_fields();
    unsigned char from[VG_PF_COUNT];
    int rc, err;
    if (!p)
        return oom();
    take_fields(a, p, &err);
    if (err) {
        vg_participant_free(p);
        return oom();
    }
    if ((rc = take_file(a, p, from)) != EXIT_DONE) {
        vg_participant_free(p);
        return rc;
    }
    if (!p->v[VG_PF_NAME]) {
        vg_participant_free(p);
        return cli_usage_error(a->cmd, "%s", _("--name is needed"));
    }
    if ((rc = cli_open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_participant_add(st, a->argv[0], p));
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_participant_free(p);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_participant(&j, p, a->argv[0]);
        json_done(&j);
    } else {
        printf(_("%s added to %s.\n"), p->v[VG_PF_NAME], a->argv[0]);
        /* what was stored, in its normal form, so a misread number shows */
        for (int i = 1; i < VG_PF_COUNT; i++)
            if (p->v[i] &&
                (cli_opt_value(a, opt_names[i]) || from[i] || i == VG_PF_RETENTION_DATE)) {
                fputs("  ", stdout);
                cli_pad(stdout, _(f[i].label), label_width() + 1);
                printf("%s\n", p->v[i]);
            }
    }
    vg_participant_free(p);
    return EXIT_DONE;
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_participant **list = NULL;
    size_t n = 0;
    int rc;
    if ((rc = cli_open_store(ctx, &st)) == VG_OK)
        rc = vg_participant_list(st, a->argv[0], &list, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n; i++)
            json_participant(&j, list[i], a->argv[0]);
        json_end_arr(&j);
        json_done(&j);
    } else if (n == 0) {
        printf(_("No participant in %s yet: 'vigie participant add %s --name ...' or 'vigie "
                 "participant import %s FILE.csv'.\n"),
               a->argv[0], a->argv[0], a->argv[0]);
    } else {
        cli_table t;
        cli_table_init(&t, 6, _("NAME"), _("ROLE"), _("PHONE"), _("PASSPORT EXPIRY"),
                       _("PROOF OF LIFE"), _("KEEP UNTIL"));
        for (size_t i = 0; i < n; i++) {
            const vg_participant *p = list[i];
            char buf[48];
            cli_table_add(&t, shown_name(p, buf, sizeof buf), p->v[VG_PF_ROLE], p->v[VG_PF_PHONE],
                          p->v[VG_PF_PASSPORT_EXPIRY],
                          p->purged    ? ""
                          : p->has_pol ? _("set")
                                       : _("missing"),
                          p->v[VG_PF_RETENTION_DATE]);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    vg_participant_list_free(list, n);
    return EXIT_DONE;
}

/* Open the store and find the participant named by argv[0] (slug) and
 * argv[1] (name). */
static int open_and_find(cli_ctx *ctx, cli_args *a, vg_store **st, vg_participant **p)
{
    int rc = cli_open_store(ctx, st);
    if (rc == VG_OK)
        rc = vg_participant_find(*st, a->argv[0], a->argv[1], p);
    return rc;
}

static int cmd_show(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_participant *p = NULL;
    const vg_pfield_info *f = vg_participant_fields();
    int rc = open_and_find(ctx, a, &st, &p);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_participant(&j, p, a->argv[0]);
        json_done(&j);
    } else {
        size_t w = label_width();
        for (int i = 0; i < VG_PF_COUNT; i++) {
            cli_pad(stdout, _(f[i].label), w + 1);
            if (p->v[i] && strchr(p->v[i], '\n')) {
                /* multi-line text, indented under its label */
                for (const char *s = p->v[i]; *s; s++) {
                    putchar(*s);
                    if (*s == '\n')
                        cli_pad(stdout, "", w + 1);
                }
                putchar('\n');
            } else if (p->v[i] && f[i].type == VG_FT_YESNO) {
                /* stored "yes"/"no", shown in the user's language */
                printf("%s\n", !strcmp(p->v[i], "yes")  ? _("yes")
                               : !strcmp(p->v[i], "no") ? _("no")
                                                        : p->v[i]);
            } else {
                printf("%s\n", p->v[i] ? p->v[i] : "-");
            }
        }
        cli_pad(stdout, _("Proof of life"), w + 1);
        printf("%s\n", p->has_pol
                           ? _("set (never shown here: 'vigie participant pol ... --reveal')")
                           : _("not set ('vigie participant pol ... --set')"));
    }
    vg_participant_free(p);
    return EXIT_DONE;
}

static int cmd_edit(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_participant *p = NULL;
    unsigned char from[VG_PF_COUNT];
    int rc, err = 0, code;
    if (a->nvals == 0)
        return cli_usage_error(a->cmd, "%s", _("nothing to change: give at least one --field"));
    rc = open_and_find(ctx, a, &st, &p);
    if (rc == VG_OK) {
        take_fields(a, p, &err);
        if (err)
            rc = vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
    }
    if (rc == VG_OK && (code = take_file(a, p, from)) != EXIT_DONE) {
        vg_participant_free(p);
        vg_store_close(st);
        return code;
    }
    if (rc == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_participant_update(st, p));
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_participant_free(p);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_participant(&j, p, a->argv[0]);
        json_done(&j);
    } else {
        printf(_("%s saved.\n"), p->v[VG_PF_NAME]);
    }
    vg_participant_free(p);
    return EXIT_DONE;
}

static int cmd_remove(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_participant *p = NULL;
    char buf[48], q[400];
    int rc = open_and_find(ctx, a, &st, &p);
    if (rc != VG_OK)
        goto done;
    if (!cli_flag(a, "yes")) {
        if (!ctx->interactive || !isatty(STDIN_FILENO)) {
            vg_participant_free(p);
            vg_store_close(st);
            return cli_usage_error(a->cmd, "%s",
                                   _("removing a participant erases their emergency profile: "
                                     "confirm with --yes"));
        }
        snprintf(q, sizeof q, _("Remove %s and their emergency profile from %s? [y/N] "),
                 shown_name(p, buf, sizeof buf), a->argv[0]);
        if (!cli_confirm(q, 0)) {
            printf("%s\n", _("Nothing was removed."));
            goto done;
        }
    }
    if ((rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_participant_remove(st, p));
    if (rc == VG_OK) {
        if (ctx->json)
            printf("{\"removed\":%lld}\n", (long long)p->id);
        else
            printf(_("%s removed from %s.\n"), shown_name(p, buf, sizeof buf), a->argv[0]);
    }
done:
    vg_participant_free(p);
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

/* ---- proof of life ---- */

/* Pairs from standard input when it is not a terminal: a question line,
 * then its answer line, 3 to 5 times (blank lines are skipped). The whole
 * input is read into guarded memory and wiped. */
static int pol_from_stdin(vg_pol_pair *pairs, size_t *n)
{
    vg_secret *buf = NULL;
    size_t len = 0, cap = 16384;
    char *s, *line, *save = NULL;
    int rc, which = 0;
    *n = 0;
    if ((rc = vg_secret_new(&buf, cap)) != VG_OK)
        return rc;
    for (;;) {
        ssize_t r = read(STDIN_FILENO, vg_secret_data(buf) + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
        if (len == cap) {
            rc = vg_error_set(VG_EINVALID, "%s",
                              _("standard input is too long for a proof of life"));
            goto done;
        }
    }
    s = (char *)vg_secret_data(buf);
    s[len] = '\0';
    for (line = strtok_r(s, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        if (!*line)
            continue;
        if (*n == VG_POL_MAX && which == 0) {
            rc = vg_error_set(VG_EINVALID, _("a proof of life has %d to %d questions"), VG_POL_MIN,
                              VG_POL_MAX);
            goto done;
        }
        if (which == 0) {
            if (!(pairs[*n].question = strdup(line))) {
                rc = vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
                goto done;
            }
        } else {
            if ((rc = vg_secret_from(&pairs[*n].answer, line, strlen(line))) != VG_OK)
                goto done;
            (*n)++;
        }
        which = !which;
    }
    if (which) {
        free(pairs[*n].question);
        pairs[*n].question = NULL;
        rc = vg_error_set(VG_EINVALID, "%s", _("the last question has no answer"));
        goto done;
    }
    rc = VG_OK;
done:
    vg_secret_free(buf);
    return rc;
}

static int pol_from_terminal(vg_pol_pair *pairs, size_t *n)
{
    int rc = VG_OK;
    *n = 0;
    printf(
        _("Proof of life: %d to %d questions that only this person can answer, written by them.\n"
          "The answers are not shown as you type them.\n"),
        VG_POL_MIN, VG_POL_MAX);
    fflush(stdout);
    while (*n < VG_POL_MAX) {
        char prompt[128], *q;
        vg_secret *x = NULL, *y = NULL;
        snprintf(prompt, sizeof prompt,
                 *n >= VG_POL_MIN ? _("Question %zu (empty to finish): ") : _("Question %zu: "),
                 *n + 1);
        if (!(q = cli_read_line(prompt)))
            return vg_error_set(VG_EAUTH, "%s", _("no terminal to ask on"));
        if (!*q) {
            free(q);
            if (*n >= VG_POL_MIN)
                break;
            cli_note(_("at least %d questions are needed"), VG_POL_MIN);
            continue;
        }
        for (int tries = 0;; tries++) {
            snprintf(prompt, sizeof prompt, _("Answer %zu (hidden): "), *n + 1);
            if ((rc = cli_read_secret(&x, prompt)) != VG_OK)
                break;
            if ((rc = cli_read_secret(&y, _("The same again: "))) != VG_OK)
                break;
            if (vg_secret_len(x) > 0 && vg_secret_equal(x, y))
                break;
            vg_secret_free(x);
            vg_secret_free(y);
            x = y = NULL;
            if (tries == 2) {
                rc = vg_error_set(VG_EINVALID, "%s", _("the two answers differed three times"));
                break;
            }
            cli_note("%s", _("the two answers differ or are empty; try again"));
        }
        vg_secret_free(y);
        if (rc != VG_OK) {
            vg_secret_free(x);
            free(q);
            return rc;
        }
        pairs[*n].question = q;
        pairs[*n].answer = x;
        (*n)++;
    }
    return VG_OK;
}

static int pol_set(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_participant *p = NULL;
    vg_pol_pair pairs[VG_POL_MAX + 1];
    size_t n = 0;
    int rc;
    memset(pairs, 0, sizeof pairs);
    if ((rc = open_and_find(ctx, a, &st, &p)) != VG_OK)
        goto done;
    if (isatty(STDIN_FILENO) && ctx->interactive)
        rc = pol_from_terminal(pairs, &n);
    else
        rc = pol_from_stdin(pairs, &n);
    if (rc == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_pol_set(st, p, pairs, n));
    if (rc == VG_OK) {
        if (ctx->json)
            printf("{\"proof_of_life\":%zu}\n", n);
        else
            cli_print_named(
                _("Proof of life of %s set: %zu questions (shown only with --reveal and the "
                  "passphrase).\n"),
                p->v[VG_PF_NAME], n);
    }
done:
    for (size_t i = 0; i <= VG_POL_MAX; i++) {
        free(pairs[i].question);
        vg_secret_free(pairs[i].answer);
    }
    vg_participant_free(p);
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static int pol_reveal(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_participant *p = NULL;
    vg_secret *pass = NULL;
    vg_pol_pair *pairs = NULL;
    size_t n = 0;
    int rc;
    if (ctx->json)
        return cli_usage_error(a->cmd, "%s", _("a proof of life is never given as JSON"));
    if (!ctx->interactive) {
        cli_error("%s", _("revealing a proof of life asks the passphrase at a terminal"));
        return EXIT_AUTH;
    }
    if ((rc = open_and_find(ctx, a, &st, &p)) != VG_OK)
        goto done;
    if (!p->has_pol) {
        rc = vg_error_set(VG_ENOTFOUND, _("no proof of life is set for %s"), p->v[VG_PF_NAME]);
        goto done;
    }
    if ((rc = cli_read_secret(&pass, _("Passphrase again, to reveal the proof of life: "))) !=
        VG_OK)
        goto done;
    /* the reveal, or the refused attempt, is committed to the audit log by
     * core before anything comes back to show */
    rc = vg_pol_reveal(st, p, pass, &pairs, &n);
    if (rc == VG_OK) {
        cli_print_named(_("Proof of life of %s (this reveal is in the audit log):\n"),
                        p->v[VG_PF_NAME]);
        for (size_t i = 0; i < n; i++)
            printf("  %zu. %s\n     %s\n", i + 1, pairs[i].question,
                   (const char *)vg_secret_data(pairs[i].answer));
    }
done:
    vg_pol_free(pairs, n);
    vg_secret_free(pass);
    vg_participant_free(p);
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static int cmd_pol(cli_ctx *ctx, cli_args *a)
{
    int set = cli_flag(a, "set"), reveal = cli_flag(a, "reveal");
    if (set == reveal)
        return cli_usage_error(a->cmd, "%s", _("give --set or --reveal"));
    return set ? pol_set(ctx, a) : pol_reveal(ctx, a);
}

/* ---- import ---- */

static int cmd_import(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_import_report r;
    vg_import_plan *plan = NULL;
    const char *maps[CLI_MAX_VALUES];
    int nmaps = cli_opt_values(a, "map", maps, CLI_MAX_VALUES), dry = cli_flag(a, "dry-run"), rc;
    int update = cli_flag(a, "update");
    unsigned flags = (dry ? VG_IMPORT_DRY_RUN : 0u) | (update ? VG_IMPORT_UPDATE : 0u);
    const char *slug = a->argv[0], *file = a->argv[1];

    memset(&r, 0, sizeof r);
    /* The file is read and validated before the write transaction, which
     * takes only the writes: however large the file, it never holds up a
     * check-in while it is validated (issue 12). A dry run writes nothing. */
    if ((rc = cli_open_store(ctx, &st)) == VG_OK)
        rc = vg_participant_import_check(st, slug, file, file, maps, (size_t)nmaps, flags, &r,
                                         dry ? NULL : &plan);
    if (rc == VG_OK && !dry && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_participant_import_write(st, plan, &r));
    vg_import_plan_free(plan);
    vg_store_close(st);
    for (size_t i = 0; i < r.nerrors; i++)
        fprintf(stderr, "%s\n", r.errors[i]);
    if (r.errors_total > r.nerrors)
        fprintf(stderr, _("... and %zu more errors\n"), r.errors_total - r.nerrors);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", slug);
        json_kstr(&j, "file", file);
        json_kbool(&j, "dry_run", dry);
        json_kint(&j, "rows", (long long)r.rows);
        json_kint(&j, "added", (long long)r.added);
        if (update) {
            json_kbool(&j, "update", 1);
            json_kint(&j, "to_add", (long long)r.to_add);
            json_kint(&j, "updated", (long long)r.updated);
            json_kint(&j, "unchanged", (long long)r.unchanged);
            json_key(&j, "changes");
            json_arr(&j);
            for (size_t i = 0; i < r.nchanges; i++)
                json_str(&j, r.changes[i]);
            json_end_arr(&j);
        }
        json_kbool(&j, "windows_1252", r.cp1252);
        json_key(&j, "columns");
        json_arr(&j);
        for (size_t i = 0; i < r.ncolumns; i++)
            json_str(&j, r.columns[i]);
        json_end_arr(&j);
        json_key(&j, "ignored");
        json_arr(&j);
        for (size_t i = 0; i < r.nignored; i++)
            json_str(&j, r.ignored[i]);
        json_end_arr(&j);
        json_key(&j, "errors");
        json_arr(&j);
        for (size_t i = 0; i < r.nerrors; i++)
            json_str(&j, r.errors[i]);
        json_end_arr(&j);
        json_key(&j, "empty_fields");
        json_arr(&j);
        for (size_t i = 0; i < r.nempty; i++)
            json_str(&j, r.empty[i]);
        json_end_arr(&j);
        json_end_obj(&j);
        json_done(&j);
    } else {
        for (size_t i = 0; i < r.nignored; i++)
            cli_warn("%s: %s", file, r.ignored[i]);
        if (r.cp1252)
            cli_warn(_("%s is not UTF-8: read as Windows-1252 (Excel's \"CSV\"); check the "
                       "accents below"),
                     file);
        if (r.ncolumns && rc == VG_OK) {
            printf(_("Columns read from %s (separator '%s'):\n"), file,
                   r.delimiter == ';'    ? ";"
                   : r.delimiter == '\t' ? "tab"
                                         : ",");
            for (size_t i = 0; i < r.ncolumns; i++)
                printf("  %s\n", r.columns[i]);
        }
        if (rc == VG_OK && r.nempty) {
            printf(_("Left empty for every participant (no column gives them; 'participant edit' "
                     "or a column fills them):\n"));
            for (size_t i = 0; i < r.nempty; i++) {
                const vg_pfield_info *f = vg_participant_field(r.empty[i]);
                printf("%s%s", i ? ", " : "  ", f ? _(f->label) : r.empty[i]);
            }
            printf("\n");
        }
        if (rc == VG_OK && update && r.nchanges) {
            printf("%s\n", dry ? _("Changes the file would make:") : _("Changes made:"));
            for (size_t i = 0; i < r.nchanges; i++)
                printf("  %s\n", r.changes[i]);
        }
        if (rc == VG_OK && update && dry)
            printf(_("Dry run: %zu would be added to %s, %zu updated, %zu unchanged; nothing was "
                     "written.\n"),
                   r.to_add, slug, r.updated, r.unchanged);
        else if (rc == VG_OK && update)
            printf(_("%s: %zu added, %zu updated, %zu unchanged.\n"), slug, r.added, r.updated,
                   r.unchanged);
        else if (rc == VG_OK && dry)
            printf(_("Dry run: %zu participants would be added to %s; nothing was written.\n"),
                   r.rows, slug);
        else if (rc == VG_OK)
            printf(_("%zu participants added to %s.\n"), r.added, slug);
    }
    vg_import_report_free(&r);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

/* ---- export-data (access request) ---- */

typedef struct {
    cli_json *j;
    char object[96];
} history_acc;

static int on_audit(const vg_audit_entry *e, void *p)
{
    history_acc *h = p;
    char when[32];
    if (strcmp(e->object, h->object) != 0)
        return VG_OK;
    vg_time_format_utc(when, e->at);
    json_obj(h->j);
    json_kstr(h->j, "at", when);
    json_kstr(h->j, "action", e->action);
    json_kstr(h->j, "what", vg_audit_action_label(e->action)); /* in the person's language */
    json_kstr(h->j, "by", e->actor);
    json_end_obj(h->j);
    return VG_OK;
}

static int cmd_export_data(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_participant *p = NULL;
    vg_delegation *d = NULL;
    const vg_pfield_info *f = vg_participant_fields();
    cli_json j;
    history_acc h;
    char s[16], e[16], now[32];
    int rc = open_and_find(ctx, a, &st, &p);
    if (rc == VG_OK)
        rc = vg_delegation_get(st, a->argv[0], &d);
    snprintf(h.object, sizeof h.object, "%s/%lld", a->argv[0], p ? (long long)p->id : 0LL);
    /* audited before anything is shown */
    if (rc == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_audit_append(st, "participant.export_data", h.object, ""));
    if (rc != VG_OK)
        goto done;
    vg_date_format(s, d->start_day);
    vg_date_format(e, d->end_day);
    vg_time_format_utc(now, vg_now());
    json_init(&j, stdout);
    json_obj(&j);
    json_kstr(&j, "format", "vigie-personal-data/1");
    json_kstr(&j, "exported_at", now);
    json_key(&j, "delegation");
    json_obj(&j);
    json_kstr(&j, "slug", d->slug);
    json_kstr(&j, "name", d->name);
    json_kstr(&j, "country", d->country);
    json_kstr(&j, "start", s);
    json_kstr(&j, "end", e);
    json_end_obj(&j);
    json_key(&j, "profile");
    json_obj(&j);
    for (int i = 0; i < VG_PF_COUNT; i++)
        json_kstr(&j, f[i].key, p->v[i]);
    json_end_obj(&j);
    /* that a proof of life is held is personal data too; its content is
     * never exported */
    json_kbool(&j, "proof_of_life_held", p->has_pol);
    json_kstr(&j, "proof_of_life_note",
              _("the questions and answers are kept by the organisation and never exported"));
    /* the incidents they are involved in: their own part of the narrative
     * (sealed ones opened: it is their data), never the other people's names */
    {
        vg_incident **inc = NULL;
        size_t ni = 0;
        if ((rc = vg_incident_of_participant(st, p->id, &inc, &ni)) != VG_OK)
            goto done;
        json_key(&j, "incidents");
        json_arr(&j);
        for (size_t i = 0; i < ni; i++) {
            const vg_incident *x = inc[i];
            char ref[16], when[32];
            snprintf(ref, sizeof ref, "I%d", x->num);
            vg_time_format_utc(when, x->occurred);
            json_obj(&j);
            json_kstr(&j, "incident", ref);
            json_kbool(&j, "near_miss", x->near_miss);
            json_kstr(&j, "category", x->category);
            json_kint(&j, "severity", x->severity);
            json_kstr(&j, "occurred", when);
            for (size_t k = 0; k < x->npeople; k++)
                if (x->people[k].participant_id == p->id)
                    json_kstr(&j, "role", x->people[k].role);
            json_kstr(&j, "region", x->region);
            json_kstr(&j, "place", x->place);
            json_kstr(&j, "what", x->what);
            json_kstr(&j, "done", x->done);
            json_kstr(&j, "help_needed", x->help);
            json_kstr(&j, "support_offered", x->support);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        vg_incident_list_free(inc, ni);
    }
    json_key(&j, "history");
    json_arr(&j);
    h.j = &j;
    rc = vg_audit_list(st, 0, on_audit, &h);
    json_end_arr(&j);
    json_end_obj(&j);
    json_done(&j);
done:
    vg_delegation_free(d);
    vg_participant_free(p);
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static const cli_opt remove_opts[] = {
    {"yes", OPT_FLAG, NULL, N_("do not ask for confirmation")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt pol_opts[] = {
    {"set", OPT_FLAG, NULL, N_("ask 3 to 5 questions and their answers")},
    {"reveal", OPT_FLAG, NULL, N_("show them, after the passphrase is typed again (audited)")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt import_opts[] = {
    {"dry-run", OPT_FLAG, NULL, N_("check everything, write nothing")},
    {"update", OPT_FLAG, NULL,
     N_("a row naming a participant updates them (the coordinator's newer spreadsheet)")},
    {"map", OPT_MULTI, "COLUMN=FIELD",
     N_("read a column as a field: its key or its --option name (passport_number or "
        "passport-number), or first_name, last_name, ignore")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_participant[] = {
    {"participant", "add", "SLUG", N_("add a participant and their emergency profile"), 1, 1,
     field_opts, cmd_add,
     N_("--name is required (on the command line or in --from-file); every other field is\n"
        "optional and can be added later with 'edit'. Personal data given as options can\n"
        "be read by every account of the computer while the command runs, and stays in\n"
        "the shell's history: give it with --from-file FILE (or - for standard input),\n"
        "one \"key: value\" a line (passport_number: AB123456; a line starting with a\n"
        "space continues the value above). Phone numbers are stored in international form: one "
        "without a country\n"
        "code is read as North American (+1), or refused with the reason. A local SIM\n"
        "number may also be the delegation's country's (ambiguous ones are refused).\n"
        "Dates are YYYY-MM-DD or DD/MM/YYYY. The retention date defaults to the\n"
        "delegation's end plus the retention.months setting (18).")},
    {"participant", "list", "SLUG", N_("list a delegation's participants"), 1, 1, NULL, cmd_list,
     NULL},
    {"participant", "show", "SLUG NAME", N_("show a participant's emergency profile"), 2, 2, NULL,
     cmd_show,
     N_("NAME is matched ignoring case and accents; a unique beginning is enough.\n"
        "The proof of life is never shown here.")},
    {"participant", "edit", "SLUG NAME", N_("change fields of an emergency profile"), 2, 2,
     field_opts, cmd_edit, N_("An empty value clears a field: --local-sim \"\".")},
    {"participant", "remove", "SLUG NAME", N_("remove a participant and their profile"), 2, 2,
     remove_opts, cmd_remove, NULL},
    {"participant", "pol", "SLUG NAME", N_("set or reveal a participant's proof of life"), 2, 2,
     pol_opts, cmd_pol,
     N_("--set asks 3 to 5 question-and-answer pairs at the terminal (each answer twice,\n"
        "hidden). When standard input is not a terminal, --set reads them from it: a\n"
        "question line, then its answer line, 3 to 5 times.\n"
        "--reveal asks the passphrase again at the terminal, even when the store is\n"
        "unlocked, writes the reveal to the audit log, then shows the pairs. A proof of\n"
        "life is never shown by 'show', never given as JSON and never exported.")},
    {"participant", "import", "SLUG FILE.csv", N_("import participants from a spreadsheet (CSV)"),
     2, 2, import_opts, cmd_import,
     N_("Comma or semicolon (detected), UTF-8 with or without BOM (else Windows-1252),\n"
        "CRLF or LF, quoted cells. Headers are matched ignoring case, accents, spaces\n"
        "and punctuation: Nom complet / Name, or Prénom + Nom; Courriel; Téléphone;\n"
        "Date de naissance; Passeport; Expiration du passeport; Contact d'urgence;\n"
        "Téléphone du contact d'urgence; Assureur; Numéro de police; Assistance 24/7;\n"
        "Groupe sanguin; Allergies; Rôle; and every field name (passport_expiry...).\n"
        "Other headers are read word by word, abbreviations included: Tél. contact\n"
        "d'urgence, Téléphone cellulaire, No passeport (N°, #), Lien, Assurance voyage,\n"
        "Fonction. A column that looks like a field but is not read (Telphone, Nom du\n"
        "contact) stops the import until --map names its field or =ignore; other\n"
        "unknown columns are reported and ignored. The report lists the profile's\n"
        "fields that no column fills. All or nothing: any bad row and nothing is\n"
        "written; every bad row is named by its line in the file.\n"
        "--update: a row whose name is a participant's (case and accents ignored)\n"
        "updates them: every field the file has a column for and the row fills\n"
        "replaces the stored one, an empty cell keeps it; other rows are added. The\n"
        "report (and --dry-run first) lists every change field by field and counts\n"
        "added, updated, unchanged. A row whose passport number or e-mail is another\n"
        "participant's is refused: rename that person first with 'participant edit'.")},
    {"participant", "export-data", "SLUG NAME",
     N_("a person's own data as JSON (an access request)"), 2, 2, NULL, cmd_export_data,
     N_("Everything Vigie holds about the person, and the history of changes to it;\n"
        "the proof of life's content is never exported. The export is audited.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
