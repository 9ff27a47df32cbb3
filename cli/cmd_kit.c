/* The coordinator's side of field kits: `kit export` and `checkin import`.
 * (The participant's side, which needs no store, is cmd_field.c.) */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/field.h>

#include "cli.h"
#include "cli_field.h"
#include "cli_store.h"

/* Standard input is read whole, up to this; more is refused, never cut
 * short (a year of a busy chat export is about 10 MiB). */
#define IMPORT_INPUT_MAX (64u << 20)

/* A new PIN: from `env`, else asked twice at the terminal. */
static int new_pin(vg_secret **out, const cli_ctx *ctx, const char *env, const char *prompt)
{
    vg_secret *again = NULL;
    int rc;
    if (cli_env_secret(out, env) == VG_OK)
        return VG_OK;
    if (!ctx->interactive)
        return vg_error_set(VG_EAUTH, _("no PIN: set %s or run at a terminal"), env);
    for (int tries = 0; tries < 3; tries++) {
        if ((rc = cli_read_secret(out, prompt)) != VG_OK)
            return rc;
        if ((rc = cli_read_secret(&again, _("The same again: "))) != VG_OK) {
            vg_secret_free(*out);
            *out = NULL;
            return rc;
        }
        if (vg_secret_equal(*out, again)) {
            vg_secret_free(again);
            return VG_OK;
        }
        vg_secret_free(*out);
        vg_secret_free(again);
        *out = again = NULL;
        cli_note("%s", _("the two PINs differ; try again"));
    }
    return vg_error_set(VG_EAUTH, "%s", _("the two PINs differed three times"));
}

static int cmd_kit_export(cli_ctx *ctx, cli_args *a)
{
    const char *slug = a->argv[0], *name = cli_opt_value(a, "participant");
    const char *path = cli_opt_value(a, "output");
    int force = cli_flag(a, "force"), rc, code;
    vg_kdf_cost cost;
    vg_store *st = NULL;
    vg_participant *p = NULL;
    vg_secret *pin = NULL, *duress = NULL;
    vg_kit *k = NULL;
    int written = 0;

    if (!name || !path)
        return cli_usage_error(a->cmd, "%s",
                               _("--participant NAME and --output FILE are required"));
    if ((code = cli_parse_kdf(cli_opt_value(a, "kdf"), &cost)) != EXIT_DONE)
        return code;
    if (!force && access(path, F_OK) == 0) {
        cli_error(_("'%s' already exists: use --force to replace it"), path);
        return EXIT_ERROR;
    }
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_participant_find(st, slug, name, &p)) != VG_OK)
        goto done;
    if ((rc = new_pin(&pin, ctx, "VIGIE_KIT_PIN",
                      _("PIN for the kit (at least 6 characters): "))) != VG_OK ||
        (rc = new_pin(&duress, ctx, "VIGIE_KIT_DURESS_PIN",
                      _("Duress PIN, to use under threat (at least 6 characters): "))) != VG_OK)
        goto done;
    if ((rc = vg_store_begin(st)) != VG_OK)
        goto done;
    rc = vg_kit_issue(st, slug, p, pin, duress, cost, ctx->data_dir, ctx->lang, &k);
    if (rc == VG_OK && (rc = vg_kit_save(k, path, force)) == VG_OK)
        written = 1;
    rc = cli_finish(st, rc);
    if (rc != VG_OK && written)
        remove(path); /* the store does not know this kit: its codes would be refused */
done:
    vg_secret_free(pin);
    vg_secret_free(duress);
    vg_kit_free(k);
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_participant_free(p);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", slug);
        json_kstr(&j, "participant", cli_person(p));
        json_kstr(&j, "file", path);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Field kit for %s written to %s (readable by you only).\n"), cli_person(p), path);
        printf("%s\n",
               _("Give it to the participant with its two PINs, in person: the PIN for every day,\n"
                 "and the duress PIN for a check-in made under threat (its codes look the same\n"
                 "and raise a silent alert). A new kit replaces this one."));
    }
    if (cost == VG_KDF_INTERACTIVE)
        cli_warn("%s", _("--kdf interactive: a 6-digit PIN of this kit can be guessed in hours; "
                         "use it for tests only"));
    vg_participant_free(p);
    return EXIT_DONE;
}

static int cmd_kit_revoke(cli_ctx *ctx, cli_args *a)
{
    const char *slug = a->argv[0], *name = cli_opt_value(a, "participant");
    vg_store *st = NULL;
    vg_participant *p = NULL;
    int rc;
    if (!name)
        return cli_usage_error(a->cmd, "%s", _("--participant NAME is required"));
    if ((rc = cli_open_store(ctx, &st)) == VG_OK &&
        (rc = vg_participant_find(st, slug, name, &p)) == VG_OK &&
        (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_kit_revoke(st, slug, p));
    vg_store_close(st);
    if (rc == VG_OK && !ctx->json)
        printf(_("The field kit of %s is revoked: its codes are refused from now on.\n"),
               cli_person(p));
    vg_participant_free(p);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

/* Read all of standard input, up to IMPORT_INPUT_MAX: *too_big is set
 * when there is more (nothing is kept then). NULL when out of memory. */
static char *read_stdin(size_t *len, int *too_big)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    *too_big = 0;
    while (buf) {
        size_t got;
        if (n == cap) {
            char *g;
            if (cap >= IMPORT_INPUT_MAX) {
                /* One byte more says it does not fit. */
                if (fgetc(stdin) != EOF)
                    *too_big = 1;
                break;
            }
            cap *= 2;
            if (!(g = realloc(buf, cap + 1))) {
                free(buf);
                return NULL;
            }
            buf = g;
        }
        got = fread(buf + n, 1, cap - n, stdin);
        n += got;
        if (got == 0)
            break;
    }
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

static const char *name_of(vg_participant **list, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (list[i]->id == id && list[i]->v[VG_PF_NAME])
            return list[i]->v[VG_PF_NAME];
    return "?";
}

/* A short, safe view of a code for messages: its first 12 characters. */
static void code_label(char out[24], const char *code)
{
    snprintf(out, 24, "%.12s%s", code, strlen(code) > 12 ? "…" : "");
}

static int cmd_checkin_import(cli_ctx *ctx, cli_args *a)
{
    const char *slug = a->argv[0];
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_participant **people = NULL;
    size_t npeople = 0;
    char *input = NULL;
    size_t input_len = 0;
    int rc, bad_integrity = 0, bad_other = 0, alert = 0, good = 0, found = 0, began = 0,
            duress_refused = 0, review = 0;
    cli_json j;

    if (a->argc < 2) {
        int too_big;
        if (!(input = read_stdin(&input_len, &too_big))) {
            cli_error("%s", _("out of memory"));
            return EXIT_ERROR;
        }
        if (too_big) {
            free(input);
            cli_error(_("the input is larger than %u MiB: nothing was imported; split it into "
                        "smaller files"),
                      (unsigned)(IMPORT_INPUT_MAX >> 20));
            return EXIT_ERROR;
        }
    }
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_delegation_get(st, slug, &d)) != VG_OK ||
        (rc = vg_participant_list(st, slug, &people, &npeople)) != VG_OK ||
        (rc = vg_store_begin(st)) != VG_OK)
        goto done;
    began = 1;
    if (ctx->json) {
        json_init(&j, stdout);
        json_arr(&j);
    }
    for (int arg = a->argc < 2 ? 0 : 1; arg < (a->argc < 2 ? 1 : a->argc); arg++) {
        const char *text = a->argc < 2 ? input : a->argv[arg];
        size_t len = a->argc < 2 ? input_len : strlen(text), pos = 0, clen;
        char code[VG_CODE_MAX + 2], label[24];
        int half = 0;
        while ((clen = vg_code_scan_joined(st, text, len, &pos, code, sizeof code, &half)) > 0) {
            vg_import_result r;
            char when[48] = "";
            const char *who;
            found++;
            rc = vg_field_import(st, slug, code, clen, &r);
            if (rc != VG_OK && half) {
                char why[256];
                snprintf(why, sizeof why, "%s", vg_error_last());
                vg_error_set(rc,
                             _("%s: this looks like the first half of a code; paste both "
                               "halves together"),
                             why);
            }
            if (r.fatal)
                goto done;
            code_label(label, code);
            who = r.participant_id ? name_of(people, npeople, r.participant_id) : NULL;
            if (rc == VG_OK) {
                good++;
                vg_time_format_local(when, r.at, d->tz);
                if (r.duress || r.status != VG_CHECKIN_OK)
                    alert = 1;
                if (r.review)
                    review = 1;
                if (ctx->json) {
                    json_obj(&j);
                    json_kstr(&j, "code", label);
                    json_kbool(&j, "logged", 1);
                    json_kstr(&j, "participant", who);
                    json_kstr(&j, "status", cli_status_name(r.status));
                    json_kstr(&j, "at", when);
                    json_kstr(&j, "where", r.place[0] ? r.place : NULL);
                    json_kstr(&j, "note", r.note[0] ? r.note : NULL);
                    json_kint(&j, "counter", r.counter);
                    json_kbool(&j, "duress", r.duress);
                    json_kbool(&j, "status_from_text", r.status_from_text);
                    json_kbool(&j, "review", r.review);
                    json_end_obj(&j);
                } else {
                    printf(_("logged   %s: %s, %s%s%s%s%s (field code %u)\n"), who,
                           vg_checkin_status_label(r.status), when, r.place[0] ? ", " : "", r.place,
                           r.note[0] ? " · " : "", r.note, (unsigned)r.counter);
                    if (r.status_from_text)
                        cli_note(_("the place or note of %s's code says more than its status: "
                                   "logged as %s"),
                                 who, vg_checkin_status_label(r.status));
                    if (r.review)
                        printf(_("TO REVIEW: the place or note holds words of distress that did "
                                 "not set its status (%s): read it and reach %s to make sure all "
                                 "is well; close with 'vigie checkin resolve'.\n"),
                               r.review_words[0] ? r.review_words : "?", who);
                    if (r.clock_wrong)
                        cli_warn(_("%s's phone clock was far off: the check-in is logged at the "
                                   "time of import"),
                                 who);
                    if (r.duress)
                        printf(
                            _("ALERT    %s: made with the duress PIN (for the coordinator only): "
                              "treat it as an emergency; never let the caller know it was seen\n"),
                            who);
                }
            } else {
                if (r.alert_only) {
                    duress_refused = 1;
                    if (!ctx->json)
                        printf(_("ALERT    %s: a code made with the duress PIN (for the "
                                 "coordinator only): treat it as an emergency; never let the "
                                 "caller know it was seen. Not logged as a check-in: %s%s\n"),
                               who, vg_error_last(),
                               r.reflagged ? _(" (the open duress alert is flagged again)") : "");
                }
                if (rc == VG_EINTEGRITY || rc == VG_EREPLAY)
                    bad_integrity = 1;
                else
                    bad_other = 1;
                if (ctx->json) {
                    json_obj(&j);
                    json_kstr(&j, "code", label);
                    json_kbool(&j, "logged", 0);
                    json_kstr(&j, "participant", who);
                    json_kstr(&j, "error", vg_error_last());
                    json_kbool(&j, "duress", r.alert_only);
                    json_end_obj(&j);
                } else if (who) {
                    printf(_("REFUSED  %s (%s): %s\n"), label, who, vg_error_last());
                } else {
                    printf(_("REFUSED  %s: %s\n"), label, vg_error_last());
                }
            }
        }
    }
    if (ctx->json) {
        json_end_arr(&j);
        json_done(&j);
    }
    rc = VG_OK;
done:
    if (began)
        rc = cli_finish(st, rc);
    vg_participant_list_free(people, npeople);
    vg_delegation_free(d);
    vg_store_close(st);
    free(input);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (!found) {
        cli_error("%s", _("no check-in code (VG1...) in the input"));
        return EXIT_ERROR;
    }
    if (!ctx->json && found > 1)
        printf(_("%d of %d codes logged.\n"), good, found);
    /* A duress alert raised by a refused code comes first: the refusal must
     * not hide it from a script. */
    return duress_refused  ? EXIT_ALERT
           : bad_integrity ? EXIT_INTEGRITY
           : bad_other     ? EXIT_ERROR
           : alert         ? EXIT_ALERT
           : review        ? EXIT_ATTENTION
                           : EXIT_DONE;
}

static const cli_opt kit_export_opts[] = {
    {"participant", OPT_VALUE, "NAME",
     N_("the participant (a unique prefix of the name is enough)")},
    {"output", OPT_VALUE, "FILE", N_("where to write the kit")},
    {"force", OPT_FLAG, NULL, N_("replace FILE if it exists")},
    {"kdf", OPT_VALUE, "COST",
     N_("Argon2id cost of the PINs: moderate (default), sensitive, or interactive (tests only)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt kit_revoke_opts[] = {
    {"participant", OPT_VALUE, "NAME",
     N_("the participant (a unique prefix of the name is enough)")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_kit[] = {
    {"kit", "export", "SLUG",
     N_("write a participant's field kit, opened by a PIN or a duress PIN"), 1, 1, kit_export_opts,
     cmd_kit_export,
     N_("The PINs come from VIGIE_KIT_PIN and VIGIE_KIT_DURESS_PIN when set, else from the\n"
        "terminal (asked twice): at least 6 characters each, and different. A passphrase is\n"
        "better than 6 digits: see SECURITY.md for how long a PIN resists. The kit holds the\n"
        "participant's own signing key, the organisation's public key, an opaque reference\n"
        "(no name), the delegation's dates and check-in times, and emergency numbers. It is\n"
        "written readable by you only, and never over a file without --force. A new kit\n"
        "replaces the participant's previous one: its codes are refused from then on.")},
    {"kit", "revoke", "SLUG",
     N_("revoke a participant's field kit (lost or stolen): its codes are refused"), 1, 1,
     kit_revoke_opts, cmd_kit_revoke,
     N_("To give the participant a new kit instead, run 'vigie kit export' again: it\n"
        "revokes the previous one.")},
    {"checkin", "import", "SLUG [CODE...]",
     N_("import field check-in codes (from arguments or standard input)"), 1, CLI_MAX_ARGS, NULL,
     cmd_checkin_import,
     N_("Paste whole messages: every VG1 code in them is found, the surrounding text ignored,\n"
        "a code split in two SMS joined. Each code's signature, delegation and counter are\n"
        "checked; good codes are logged even when others are refused, each refusal with its\n"
        "reason. Exit 6 when any code was forged, damaged or replayed, 1 for other refusals,\n"
        "4 when a logged check-in opened an alert (help, emergency or duress), else 0.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
