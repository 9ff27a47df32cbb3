/* Check-in cards: `card export`, `card show`, and `checkin code` (a
 * message pasted as received). The output of `checkin code` for a duress
 * code is the output of any good code plus one alert line meant for the
 * coordinator. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <vigie/card.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>

#include "cli.h"
#include "cli_field.h"

static int parse_codes(const char *v, uint32_t *out)
{
    char *end;
    long n;
    if (!v) {
        *out = VG_CARD_CODES_DEFAULT;
        return 0;
    }
    n = strtol(v, &end, 10);
    if (!*v || *end || n < VG_CARD_CODES_MIN || n > VG_CARD_CODES_MAX)
        return -1;
    *out = (uint32_t)n;
    return 0;
}

/* --format text|pdf, else pdf for a ".pdf" file; --paper a4|letter. */
static int pick_card_format(const cli_args *a, const char *path, vg_card_format *out)
{
    const char *f = cli_opt_value(a, "format"), *paper = cli_opt_value(a, "paper");
    size_t n = strlen(path);
    memset(out, 0, sizeof *out);
    if (f && strcmp(f, "text") && strcmp(f, "pdf"))
        return cli_usage_error(a->cmd, _("--format: \"%s\" (text, pdf)"), f);
    out->pdf = f ? !strcmp(f, "pdf") : n > 4 && !strcasecmp(path + n - 4, ".pdf");
    if (paper && !out->pdf)
        return cli_usage_error(a->cmd, "%s", _("--paper goes with --format pdf"));
    if (paper && vg_paper_size_parse(paper, &out->sheet) != VG_OK)
        return cli_usage_error(a->cmd, _("--paper: \"%s\" (a4, letter)"), paper);
    return EXIT_DONE;
}

static int cmd_card_export(cli_ctx *ctx, cli_args *a)
{
    vg_card_format fmt;
    const char *slug = a->argv[0], *name = cli_opt_value(a, "participant");
    const char *path = cli_opt_value(a, "output");
    int force = cli_flag(a, "force"), rc, written = 0;
    uint32_t ncodes, needed = 0;
    vg_store *st = NULL;
    vg_participant *p = NULL;
    vg_card_info info;
    char duress[64] = "";

    if (!name || !path)
        return cli_usage_error(a->cmd, "%s",
                               _("--participant NAME and --output FILE are required"));
    if ((rc = pick_card_format(a, path, &fmt)) != EXIT_DONE)
        return rc;
    if (parse_codes(cli_opt_value(a, "codes"), &ncodes) != 0)
        return cli_usage_error(a->cmd, _("--codes: \"%s\" is not a number from %d to %d"),
                               cli_opt_value(a, "codes"), VG_CARD_CODES_MIN, VG_CARD_CODES_MAX);
    if (!force && access(path, F_OK) == 0) {
        cli_error(_("'%s' already exists: use --force to replace it"), path);
        return EXIT_ERROR;
    }
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_participant_find(st, slug, name, &p)) != VG_OK ||
        (rc = vg_card_needed(st, slug, &needed)) != VG_OK || (rc = vg_store_begin(st)) != VG_OK)
        goto done;
    /* The card holds the check-ins planned (issue 13): sized to them by
     * default, and a card too short for them is refused unless told. */
    if (!cli_opt_value(a, "codes") && needed > ncodes)
        ncodes = needed > VG_CARD_CODES_MAX ? VG_CARD_CODES_MAX : needed;
    if (ncodes < needed && !cli_flag(a, "allow-short")) {
        vg_store_rollback(st);
        rc = vg_error_set(VG_EINVALID,
                          _("%u codes are fewer than the %u check-ins to come: use --codes %u (at "
                            "most %d), or --allow-short to write it anyway and send a second card "
                            "later"),
                          (unsigned)ncodes, (unsigned)needed,
                          (unsigned)(needed > VG_CARD_CODES_MAX ? VG_CARD_CODES_MAX : needed),
                          VG_CARD_CODES_MAX);
        goto done;
    }
    rc = vg_card_export(st, slug, p, ncodes, ctx->data_dir, ctx->lang, path, force, &fmt, &info,
                        duress);
    written = rc == VG_OK;
    rc = cli_finish(st, rc);
    if (rc != VG_OK && written)
        remove(path); /* the store does not know this card: its codes would be refused */
done:
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
        json_kint(&j, "card", info.card_id);
        json_kint(&j, "codes", info.ncodes);
        json_kstr(&j, "duress_positions", duress);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Check-in card no. %lld for %s written to %s (readable by you only): %u check-in "
                 "codes.\n"),
               (long long)info.card_id, cli_person(p), path, (unsigned)info.ncodes);
        printf(
            _("Its duress codes are numbers %s: tell %s in person, away from the card; the card\n"
              "does not mark them. Any previous card of %s is revoked.\n"),
            duress, cli_person(p), cli_person(p));
    }
    cli_warn(_("'%s' is not encrypted. It holds %s's first name and one-time codes: print it, "
               "then delete the file."),
             path, cli_person(p));
    cli_warn("%s",
             _("the card travels on paper or in the participant's phone, never in a group chat"));
    if (info.ncodes < needed)
        cli_warn(_("%u codes are fewer than the %u check-ins to come: use --codes %u"),
                 (unsigned)info.ncodes, (unsigned)needed, (unsigned)needed);
    vg_participant_free(p);
    return EXIT_DONE;
}

static int cmd_card_show(cli_ctx *ctx, cli_args *a)
{
    const char *slug = a->argv[0], *name = cli_opt_value(a, "participant");
    int reveal = cli_flag(a, "reveal-duress"), rc, short_cards = 0;
    vg_store *st = NULL;
    vg_participant **people = NULL, *one = NULL;
    size_t n = 0;
    uint32_t needed = 0;
    char positions[64] = "";
    cli_json j;
    cli_table t;

    if (reveal && !name)
        return cli_usage_error(a->cmd, "%s", _("--reveal-duress needs --participant NAME"));
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_card_needed(st, slug, &needed)) != VG_OK)
        goto done;
    if (name) {
        if ((rc = vg_participant_find(st, slug, name, &one)) != VG_OK)
            goto done;
        if (!(people = malloc(sizeof *people))) {
            rc = vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
            goto done;
        }
        people[0] = one;
        one = NULL;
        n = 1;
    } else if ((rc = vg_participant_list(st, slug, &people, &n)) != VG_OK) {
        goto done;
    }
    if (reveal) {
        if ((rc = vg_store_begin(st)) != VG_OK)
            goto done;
        rc = cli_finish(st, vg_card_reveal(st, slug, people[0], positions));
        if (rc != VG_OK)
            goto done;
    }
    if (ctx->json) {
        json_init(&j, stdout);
        json_obj(&j);
        json_kint(&j, "codes_needed", needed);
        json_key(&j, "cards");
        json_arr(&j);
    } else {
        cli_table_init(&t, 5, _("PARTICIPANT"), _("ISSUED"), _("CODES"), _("LEFT"),
                       _("WRONG IN A ROW"));
    }
    for (size_t i = 0; i < n; i++) {
        vg_card_info info;
        char when[32] = "", codes[16], left[16], wrong[16];
        int has = (rc = vg_card_get(st, people[i]->id, &info)) == VG_OK;
        if (rc != VG_OK && rc != VG_ENOTFOUND)
            break;
        rc = VG_OK;
        if (has) {
            vg_time_format_utc(when, info.issued);
            when[10] = '\0';
        }
        if (!has || info.left < needed)
            short_cards++;
        if (ctx->json) {
            json_obj(&j);
            json_kstr(&j, "participant", people[i]->v[VG_PF_NAME]);
            json_kbool(&j, "card", has);
            if (has) {
                json_kint(&j, "card_no", info.card_id);
                json_kstr(&j, "issued", when);
                json_kint(&j, "codes", info.ncodes);
                json_kint(&j, "left", info.left);
                json_kint(&j, "wrong_in_a_row", info.wrong_streak);
                json_kbool(&j, "enough", info.left >= needed);
                if (reveal)
                    json_kstr(&j, "duress_positions", positions);
            }
            json_end_obj(&j);
        } else {
            snprintf(codes, sizeof codes, "%u", has ? (unsigned)info.ncodes : 0u);
            snprintf(left, sizeof left, "%u", has ? (unsigned)info.left : 0u);
            snprintf(wrong, sizeof wrong, "%u", has ? (unsigned)info.wrong_streak : 0u);
            cli_table_add(&t, people[i]->v[VG_PF_NAME] ? people[i]->v[VG_PF_NAME] : "-",
                          has ? when : _("no card"), has ? codes : "-", has ? left : "-",
                          has ? wrong : "-");
        }
    }
    if (ctx->json) {
        json_end_arr(&j);
        json_end_obj(&j);
        json_done(&j);
    } else {
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
        printf(_("Check-ins to come until the end of the delegation: %u.\n"), (unsigned)needed);
        if (short_cards)
            printf(
                _("%d participant(s) without a card holding enough codes: 'vigie card export'.\n"),
                short_cards);
        if (reveal)
            printf(_("Duress codes of %s's card: numbers %s (this reveal is in the audit log).\n"),
                   cli_person(people[0]), positions);
    }
done:
    vg_participant_list_free(people, n);
    vg_participant_free(one);
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static int cmd_card_revoke(cli_ctx *ctx, cli_args *a)
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
        rc = cli_finish(st, vg_card_revoke(st, slug, p));
    vg_store_close(st);
    if (rc == VG_OK && !ctx->json)
        printf(_("The check-in card of %s is revoked: its codes are refused from now on.\n"),
               cli_person(p));
    vg_participant_free(p);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static const char *person_name(vg_participant **list, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (list[i]->id == id && list[i]->v[VG_PF_NAME])
            return list[i]->v[VG_PF_NAME];
    return "?";
}

static int cmd_checkin_code(cli_ctx *ctx, cli_args *a)
{
    const char *slug = a->argv[0], *text = a->argv[1], *name = cli_opt_value(a, "participant");
    const char *at_text = cli_opt_value(a, "at"), *via = cli_opt_value(a, "via");
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_participant *p = NULL, **people = NULL;
    size_t npeople = 0;
    vg_card_result r;
    int64_t at;
    int rc, check = VG_OK, began = 0;
    char when[48] = "";

    memset(&r, 0, sizeof r);
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_delegation_get(st, slug, &d)) != VG_OK ||
        (rc = vg_participant_list(st, slug, &people, &npeople)) != VG_OK ||
        (name && (rc = vg_participant_find(st, slug, name, &p)) != VG_OK))
        goto done;
    at = vg_now();
    if (at_text && (rc = vg_time_parse(&at, at_text, d->tz)) != VG_OK) {
        vg_store_close(st);
        st = NULL;
        rc = cli_usage_error(a->cmd, "--at: %s", vg_error_last());
        goto out;
    }
    if ((rc = vg_store_begin(st)) != VG_OK)
        goto done;
    began = 1;
    check = vg_card_check(st, slug, text, p ? p->id : 0, at, via, &r);
    /* A wrong code is counted even though it is refused: commit it. */
    rc = r.fatal ? check : VG_OK;
done:
    if (began)
        rc = cli_finish(st, rc);
    if (rc != VG_OK) {
        rc = cli_fail(rc);
        goto out;
    }
    vg_time_format_local(when, at, d->tz);
    if (check == VG_OK) {
        const char *who = person_name(people, npeople, r.participant_id);
        if (ctx->json) {
            cli_json j;
            json_init(&j, stdout);
            json_obj(&j);
            json_kbool(&j, "logged", 1);
            json_kstr(&j, "participant", who);
            json_kstr(&j, "status", cli_status_name(r.msg.status));
            json_kstr(&j, "at", when);
            json_kstr(&j, "where", r.msg.where[0] ? r.msg.where : NULL);
            json_kstr(&j, "note", r.msg.note[0] ? r.msg.note : NULL);
            json_kint(&j, "codes_left", r.left);
            json_kbool(&j, "duress", r.duress);
            json_kbool(&j, "review", r.msg.review);
            json_end_obj(&j);
            json_done(&j);
        } else {
            printf(_("Check-in logged: %s, %s, %s%s%s%s%s (check-in card, %u codes left).\n"), who,
                   vg_checkin_status_label(r.msg.status), when, r.msg.where[0] ? ", " : "",
                   r.msg.where, r.msg.note[0] ? " · " : "", r.msg.note, (unsigned)r.left);
            if (!r.msg.has_status && !r.msg.review)
                cli_note("%s", _("no status word in the message: taken as ok"));
            if (r.msg.review)
                printf(_("TO REVIEW: the message holds words of distress that did not set its "
                         "status (%s): read it and reach %s to make sure all is well; close "
                         "with 'vigie checkin resolve'.\n"),
                       r.msg.review_words[0] ? r.msg.review_words : "?", who);
            if (r.duress)
                printf(_("ALERT (for the coordinator only): %s sent a duress code: treat it as an "
                         "emergency; never let the caller know it was seen.\n"),
                       who);
        }
        rc = r.duress || r.msg.status != VG_CHECKIN_OK ? EXIT_ALERT
             : r.msg.review                            ? EXIT_ATTENTION
                                                       : EXIT_DONE;
        goto out;
    }
    /* Refused. */
    if (check == VG_EINVALID && r.ncandidates > 1) {
        char names[512] = "";
        size_t o = 0;
        for (size_t i = 0; i < r.ncandidates && o < sizeof names; i++)
            o += (size_t)snprintf(names + o, sizeof names - o, "%s%s", i ? ", " : "",
                                  person_name(people, npeople, r.candidates[i]));
        cli_error(
            _("the code is among the next codes of %s: say who sent it with --participant NAME"),
            names);
        rc = EXIT_ERROR;
        goto out;
    }
    rc = cli_fail(check);
    if (r.alert_only) {
        /* Refused as a check-in, but a duress code: the alert comes first. */
        if (ctx->json) {
            cli_json j;
            json_init(&j, stdout);
            json_obj(&j);
            json_kbool(&j, "logged", 0);
            json_kstr(&j, "participant", person_name(people, npeople, r.participant_id));
            json_kbool(&j, "duress", 1);
            json_kbool(&j, "reflagged", r.reflagged);
            json_end_obj(&j);
            json_done(&j);
        } else {
            printf(_("ALERT (for the coordinator only): %s sent a duress code: treat it as an "
                     "emergency; never let the caller know it was seen.\n"),
                   person_name(people, npeople, r.participant_id));
            if (r.reflagged)
                printf("%s\n", _("The open duress alert is flagged again; no check-in logged."));
            else
                printf("%s\n", _("No check-in logged."));
        }
        rc = EXIT_ALERT;
        goto out;
    }
    if (r.participant_id && (check == VG_EREPLAY || check == VG_EINTEGRITY || check == VG_EAUTH))
        cli_note(_("the code was checked against %s's card"),
                 person_name(people, npeople, r.participant_id));
    if (r.counted)
        cli_note(_("wrong codes in a row for %s: %u"),
                 person_name(people, npeople, r.participant_id), (unsigned)r.wrong_streak);
    else if (check == VG_EAUTH)
        cli_note("%s", _("not counted: if you know who sent it, run again with --participant NAME "
                         "so that wrong codes in a row raise an alert"));
    if (r.guessing_alert)
        printf(_("ALERT: %u wrong codes in a row for %s: someone may be guessing. Call them.\n"),
               (unsigned)r.wrong_streak, person_name(people, npeople, r.participant_id));
out:
    vg_participant_free(p);
    vg_participant_list_free(people, npeople);
    vg_delegation_free(d);
    vg_store_close(st);
    return rc;
}

static const cli_opt checkin_code_opts[] = {
    {"participant", OPT_VALUE, "NAME", N_("who sent it, when several cards could hold the code")},
    {"at", OPT_VALUE, "TIME",
     N_("when it was sent (default: now; local time of the delegation without an offset)")},
    {"via", OPT_VALUE, "TEXT", N_("the channel: SMS, Signal, WhatsApp, call...")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt card_export_opts[] = {
    {"participant", OPT_VALUE, "NAME",
     N_("the participant (a unique prefix of the name is enough)")},
    {"output", OPT_VALUE, "FILE",
     N_("where to write the card (plain text, one printed page; a PDF for a .pdf file)")},
    {"format", OPT_VALUE, "text|pdf",
     N_("text, or pdf: pages the size of a bank card to cut out and fold, then a sheet that "
        "holds them (default: pdf for a .pdf file, else text)")},
    {"paper", OPT_VALUE, "a4|letter", N_("with pdf: the sheet that holds the card (default: a4)")},
    {"codes", OPT_VALUE, "N",
     N_("check-in codes on the card (default: the check-ins planned, at least 40)")},
    {"allow-short", OPT_FLAG, NULL,
     N_("write the card even with fewer codes than the check-ins planned")},
    {"force", OPT_FLAG, NULL, N_("replace FILE if it exists")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt card_show_opts[] = {
    {"participant", OPT_VALUE, "NAME", N_("only this participant")},
    {"reveal-duress", OPT_FLAG, NULL, N_("show where the duress codes are on the card (audited)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt card_revoke_opts[] = {
    {"participant", OPT_VALUE, "NAME",
     N_("the participant (a unique prefix of the name is enough)")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_card[] = {
    {"card", "export", "SLUG", N_("write a participant's check-in card: one-time codes to print"),
     1, 1, card_export_opts, cmd_card_export,
     N_("A new card revokes the participant's previous one. The card shows the first name,\n"
        "the delegation, numbered 6-digit codes, how to send a check-in (OK 482913 Bogotá),\n"
        "the status words in French, English and the local language, and emergency\n"
        "numbers. Three duress codes are mixed in and look the same: the command tells you\n"
        "their numbers, to tell the participant in person. The file is readable by you\n"
        "only and never replaces a file without --force.")},
    {"card", "show", "SLUG", N_("check-in cards: issued when, codes left, wrong codes in a row"), 1,
     1, card_show_opts, cmd_card_show, NULL},
    {"card", "revoke", "SLUG",
     N_("revoke a participant's check-in card (lost): its codes are refused"), 1, 1,
     card_revoke_opts, cmd_card_revoke,
     N_("To give the participant a new card instead, run 'vigie card export' again: it\n"
        "revokes the previous one.")},
    {"checkin", "code", "SLUG TEXT",
     N_("log a check-in from a message with a card code, pasted as received"), 2, 2,
     checkin_code_opts, cmd_checkin_code,
     N_("TEXT is the message as it came (\"OK 482913 Bogotá\", \"Aide 482 913 bloqués à "
        "Cúcuta\"):\n"
        "a status word (OK; AIDE, HELP, AYUDA, ÈD; URGENCE, EMERGENCY, EMERGENCIA, IJANS) in\n"
        "any case, the 6-digit code with or without spaces or dashes, then the place or a\n"
        "note. The code must be among the sender's next 5 unused codes; it is used up with\n"
        "every earlier one. Exit 0 when logged, 4 when it opened an alert, 5 for a wrong\n"
        "code (three in a row for someone open an alert), 6 for a code used already or from\n"
        "a replaced card, 1 when several cards hold it (say who with --participant).")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
