/* contact add|list: partners, embassy, insurer, local emergency services. */
#include <stdlib.h>
#include <string.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/guide.h>
#include <vigie/error.h>

#include "cli.h"

static int cmd_add(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_contact c;
    int rc;
    memset(&c, 0, sizeof c);
    c.name = (char *)cli_opt_value(a, "name");
    c.role = (char *)cli_opt_value(a, "role");
    c.phone = (char *)cli_opt_value(a, "phone");
    c.email = (char *)cli_opt_value(a, "email");
    c.note = (char *)cli_opt_value(a, "note");
    if (!c.name || !c.role || !c.phone)
        return cli_usage_error(a->cmd, "%s", _("--name, --role and --phone are needed"));
    if ((rc = cli_open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_contact_add(st, a->argv[0], &c));
    if (rc == VG_OK) {
        /* read it back to show the phone as stored */
        vg_contact **list = NULL;
        size_t n = 0;
        if (vg_contact_list(st, a->argv[0], &list, &n) == VG_OK && n > 0) {
            const vg_contact *k = list[n - 1];
            if (ctx->json)
                printf("{\"id\":%lld,\"role\":\"%s\",\"phone\":\"%s\"}\n", (long long)k->id,
                       k->role, k->phone);
            else
                printf(_("Contact added to %s: %s (%s), %s.\n"), a->argv[0], k->name, k->role,
                       k->phone);
        }
        vg_contact_list_free(list, n);
    }
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

/* The country guide's embassy, consulates, Canada's Emergency Watch and
 * Response Centre and emergency numbers, as contacts marked from_guide, so
 * that they join the delegation's list without retyping. */
static int guide_contacts(vg_store *st, const cli_ctx *ctx, const char *slug, vg_contact **out,
                          size_t *n)
{
    vg_delegation *d = NULL;
    vg_guide *g = NULL;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = vg_delegation_get(st, slug, &d)) != VG_OK)
        return rc;
    rc = vg_guide_get(st, ctx->data_dir, d->country, ctx->lang, &g);
    vg_delegation_free(d);
    if (rc == VG_ENOTFOUND) {
        vg_error_clear();
        return VG_OK; /* no guide for this country: nothing to add */
    }
    if (rc != VG_OK)
        return rc;
    *out = calloc(g->noffices + g->nnumbers + 1, sizeof **out);
    if (!*out) {
        vg_guide_free(g);
        return vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
    }
    for (size_t i = 0; i < g->noffices; i++) {
        const vg_guide_office *o = &g->offices[i];
        vg_contact *c = &(*out)[(*n)++];
        c->role = strdup(o->kind == VG_OFFICE_EWRC ? "ewrc" : "embassy");
        c->name = strdup(o->name);
        c->phone = o->phone ? strdup(o->phone) : NULL;
        c->email = o->email ? strdup(o->email) : NULL;
        c->note = strdup(o->status == VG_FACT_TO_CHECK ? _("country guide, to be checked")
                                                       : _("country guide"));
        c->from_guide = 1;
    }
    for (size_t i = 0; i < g->nnumbers; i++) {
        const vg_guide_number *nb = &g->numbers[i];
        vg_contact *c;
        if (nb->number && !strncmp(nb->number, "+1 613 996 8885", 15))
            continue; /* the EWRC is listed with the offices */
        c = &(*out)[(*n)++];
        c->role = strdup("emergency-service");
        c->name = strdup(nb->service);
        c->phone = strdup(nb->number);
        c->note = strdup(nb->status == VG_FACT_TO_CHECK ? _("country guide, to be checked")
                                                        : _("country guide"));
        c->from_guide = 1;
    }
    vg_guide_free(g);
    return VG_OK;
}

static void guide_contacts_free(vg_contact *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].role);
        free(c[i].name);
        free(c[i].phone);
        free(c[i].email);
        free(c[i].note);
    }
    free(c);
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_contact **list = NULL, *extra = NULL;
    size_t n = 0, nextra = 0;
    int rc;
    if ((rc = cli_open_store(ctx, &st)) == VG_OK)
        rc = vg_contact_list(st, a->argv[0], &list, &n);
    if (rc == VG_OK && !cli_flag(a, "own"))
        rc = guide_contacts(st, ctx, a->argv[0], &extra, &nextra);
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_contact_list_free(list, n);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n + nextra; i++) {
            const vg_contact *c = i < n ? list[i] : &extra[i - n];
            json_obj(&j);
            if (i < n)
                json_kint(&j, "id", c->id);
            json_kstr(&j, "name", c->name);
            json_kstr(&j, "role", c->role);
            json_kstr(&j, "phone", c->phone);
            json_kstr(&j, "email", c->email);
            json_kstr(&j, "note", c->note);
            json_kbool(&j, "from_guide", c->from_guide);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else {
        if (n == 0)
            printf(
                _("No contact for %s yet: 'vigie contact add %s --name ... --role partner --phone "
                  "...'.\n"),
                a->argv[0], a->argv[0]);
        if (n + nextra > 0) {
            cli_table t;
            cli_table_init(&t, 5, _("ROLE"), _("NAME"), _("PHONE"), _("E-MAIL"), _("NOTE"));
            for (size_t i = 0; i < n + nextra; i++) {
                const vg_contact *c = i < n ? list[i] : &extra[i - n];
                cli_table_add(&t, c->role, c->name, c->phone, c->email, c->note);
            }
            cli_table_print(ctx, &t, stdout);
            cli_table_free(&t);
        }
    }
    vg_contact_list_free(list, n);
    guide_contacts_free(extra, nextra);
    return EXIT_DONE;
}

static const cli_opt list_opts[] = {
    {"own", OPT_FLAG, NULL, N_("only the delegation's own contacts, not the country guide's")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt add_opts[] = {
    {"name", OPT_VALUE, "TEXT", N_("who: an organisation, a service or a person (required)")},
    {"role", OPT_VALUE, "ROLE",
     N_("partner, accommodation, embassy, insurer, emergency-service, focal-point, crisis-cell or "
        "other (required)")},
    {"phone", OPT_VALUE, "PHONE", N_("phone number, with its country code (required)")},
    {"email", OPT_VALUE, "EMAIL", N_("e-mail address")},
    {"note", OPT_VALUE, "TEXT", N_("a note: hours, who to ask for...")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_contact[] = {
    {"contact", "add", "SLUG", N_("add a contact to a delegation (partner, embassy...)"), 1, 1,
     add_opts, cmd_add,
     N_("A number without a country code is read as North American or as the delegation's\n"
        "country's; one that could be either is refused: write +1 or the country code.")},
    {"contact", "list", "SLUG",
     N_("list a delegation's contacts, then the country guide's embassy and emergency numbers"), 1,
     1, list_opts, cmd_list, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
