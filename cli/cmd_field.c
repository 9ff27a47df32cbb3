/* Field kits and check-in codes: `kit export` (coordinator), `field
 * checkin` and `field show` (participant, no store, no network), `checkin
 * import` (coordinator). The participant's commands print exactly the same
 * things whichever PIN opened the kit: the duress mark is inside the sealed
 * code and only the organisation can read it. */
#include <stdlib.h>
#include <string.h>
#include <vigie/participant.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/field.h>

#include "cli.h"
#include "cli_field.h"

/* The PIN for a kit: VIGIE_KIT_PIN, else asked at the terminal. */
static int kit_pin(vg_secret **out, const cli_ctx *ctx)
{
    if (cli_env_secret(out, "VIGIE_KIT_PIN") == VG_OK)
        return VG_OK;
    if (!ctx->interactive)
        return vg_error_set(VG_EAUTH, "%s", _("no PIN: set VIGIE_KIT_PIN or run at a terminal"));
    return cli_read_secret(out, _("Kit PIN: "));
}

int cli_status_parse(const char *v, vg_checkin_status *out)
{
    if (!v) {
        *out = VG_CHECKIN_OK;
        return 0;
    }
    return vg_checkin_status_parse(v, out) == VG_OK ? 0 : -1;
}

const char *cli_status_name(vg_checkin_status s)
{
    return vg_checkin_status_name(s);
}

const char *cli_person(const vg_participant *p)
{
    return p && p->v[VG_PF_NAME] ? p->v[VG_PF_NAME] : "-";
}

const char *cli_status_label(vg_checkin_status s)
{
    return s == VG_CHECKIN_EMERGENCY ? _("emergency") : s == VG_CHECKIN_HELP ? _("help") : _("ok");
}

/* Load and open a kit; on failure the error is recorded and *out is NULL. */
static int open_kit(vg_kit **out, const cli_ctx *ctx, const char *path)
{
    vg_secret *pin = NULL;
    int rc = vg_kit_load(out, path);
    if (rc == VG_OK && (rc = kit_pin(&pin, ctx)) == VG_OK)
        rc = vg_kit_unlock(*out, pin);
    vg_secret_free(pin);
    if (rc != VG_OK) {
        vg_kit_free(*out);
        *out = NULL;
    }
    return rc;
}

static int cmd_field_checkin(cli_ctx *ctx, cli_args *a)
{
    const char *kit_path = cli_opt_value(a, "kit");
    const char *where = cli_opt_value(a, "where"), *note = cli_opt_value(a, "note");
    char place[VG_CODE_TEXT_MAX * 8 + 1], text[VG_CODE_TEXT_MAX * 8 + 1], code[VG_CODE_MAX + 1];
    vg_checkin_status status;
    vg_kit *k = NULL;
    int rc, cut_place = 0, cut_note = 0;

    if (!kit_path)
        return cli_usage_error(a->cmd, "%s", _("--kit FILE is required"));
    if (cli_status_parse(cli_opt_value(a, "status"), &status) != 0)
        return cli_usage_error(a->cmd, _("--status: \"%s\" is not ok, help or emergency"),
                               cli_opt_value(a, "status"));
    snprintf(place, sizeof place, "%s", where ? where : "");
    snprintf(text, sizeof text, "%s", note ? note : "");
    if ((rc = vg_code_fit(place, text, &cut_place, &cut_note)) != VG_OK)
        return cli_fail(rc);
    if ((rc = open_kit(&k, ctx, kit_path)) != VG_OK)
        return cli_fail(rc);
    /* The kit is saved with its new counter before the code is shown: a
     * counter is never used twice, even if the command dies here. */
    rc = vg_kit_make_code(k, code, sizeof code, status, place, text, vg_now());
    if (rc == VG_OK)
        rc = vg_kit_save(k, kit_path, 1);
    vg_kit_free(k);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (cut_place)
        cli_warn(_("the place was shortened to fit two SMS: \"%s\""), place);
    if (cut_note)
        cli_warn(_("the note was shortened to fit two SMS: \"%s\""), text);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "code", code);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf("%s\n", code);
        cli_note(
            "%s",
            _("Send this code, whole, to your coordinator (SMS, Signal, WhatsApp or e-mail)."));
    }
    return EXIT_DONE;
}

static void hhmm(char out[8], unsigned minutes)
{
    snprintf(out, 8, "%02u:%02u", (minutes / 60) % 24, minutes % 60);
}

static int cmd_field_show(cli_ctx *ctx, cli_args *a)
{
    const char *kit_path = cli_opt_value(a, "kit");
    const vg_kit_info *in;
    vg_kit *k = NULL;
    char d1[16], d2[16], t[8];
    int rc;

    if (!kit_path)
        return cli_usage_error(a->cmd, "%s", _("--kit FILE is required"));
    if ((rc = open_kit(&k, ctx, kit_path)) != VG_OK)
        return cli_fail(rc);
    in = vg_kit_info_get(k);
    vg_date_format(d1, in->start_day);
    vg_date_format(d2, in->end_day);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", in->slug);
        json_kstr(&j, "country", in->country);
        json_kstr(&j, "start", d1);
        json_kstr(&j, "end", d2);
        json_kstr(&j, "time_zone", in->tz);
        json_key(&j, "daily_checkins");
        json_arr(&j);
        for (size_t i = 0; i < in->nplan; i++) {
            hhmm(t, in->plan[i]);
            json_str(&j, t);
        }
        json_end_arr(&j);
        json_key(&j, "emergency_numbers");
        json_arr(&j);
        for (size_t i = 0; i < in->nnumbers; i++) {
            json_obj(&j);
            json_kstr(&j, "label", in->numbers[i].label);
            json_kstr(&j, "number", in->numbers[i].number);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_kint(&j, "codes_made", in->counter);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Delegation: %s (%s to %s)\n"), in->slug, d1, d2);
        if (in->tz[0])
            printf(_("Time zone: %s\n"), in->tz);
        printf("%s", _("Daily check-ins:"));
        if (!in->nplan)
            printf(" %s", _("none set"));
        for (size_t i = 0; i < in->nplan; i++) {
            hhmm(t, in->plan[i]);
            printf(" %s", t);
        }
        printf("\n%s\n", _("Emergency numbers:"));
        if (!in->nnumbers)
            printf("  %s\n", _("none in this kit"));
        for (size_t i = 0; i < in->nnumbers; i++) {
            printf("  ");
            cli_pad(stdout, in->numbers[i].label, 34);
            printf(" %s\n", in->numbers[i].number);
        }
        printf(_("Codes made with this kit: %u\n"), (unsigned)in->counter);
    }
    vg_kit_free(k);
    return EXIT_DONE;
}

static const cli_opt field_checkin_opts[] = {
    {"kit", OPT_VALUE, "FILE", N_("the field kit")},
    {"status", OPT_VALUE, "STATUS", N_("ok (default), help or emergency")},
    {"where", OPT_VALUE, "TEXT", N_("where you are (short)")},
    {"note", OPT_VALUE, "TEXT", N_("a short note")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt field_show_opts[] = {
    {"kit", OPT_VALUE, "FILE", N_("the field kit")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_field[] = {
    {"field", "checkin", "",
     N_("make a signed check-in code from a field kit (no store, no network)"), 0, 0,
     field_checkin_opts, cmd_field_checkin,
     N_("The PIN comes from VIGIE_KIT_PIN when set, else from the terminal. The code is\n"
        "printed alone on one line: \"VG1\" and at most 303 more characters (two SMS).\n"
        "Place and note together hold at most 75 bytes; longer ones are shortened with a\n"
        "warning. The kit file is rewritten with its new counter before the code is shown.\n"
        "Exit 5 for a wrong PIN, 6 for a damaged kit.")},
    {"field", "show", "",
     N_("show what a field kit holds: delegation, check-in times, emergency numbers"), 0, 0,
     field_show_opts, cmd_field_show,
     N_("The PIN comes from VIGIE_KIT_PIN when set, else from the terminal.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
