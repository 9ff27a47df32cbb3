/* contact add|list|edit|remove: partners, embassy, insurer, local emergency services. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
    if (!vg_contact_role_parse(c.role)) {
        cli_error(_("\"%s\" is not a contact role (partenaire/partner, hébergement/accommodation, "
                    "ambassade/embassy, assureur/insurer, urgences/emergency-service, point "
                    "focal/focal-point, cellule de crise/crisis-cell, autre/other)"),
                  c.role);
        return EXIT_ERROR;
    }
    c.role = (char *)vg_contact_role_parse(c.role);
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

static void print_saved(const cli_ctx *ctx, const vg_contact *k, const char *slug)
{
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kint(&j, "id", k->id);
        json_kstr(&j, "name", k->name);
        json_kstr(&j, "role", k->role);
        json_kstr(&j, "phone", k->phone);
        json_kstr(&j, "email", k->email);
        json_kstr(&j, "note", k->note);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Contact of %s saved: %s (%s), %s.\n"), slug, k->name,
               vg_contact_role_label(k->role), k->phone);
    }
}

static int cmd_edit(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_contact ch, *c = NULL, *saved = NULL;
    const char *role = cli_opt_value(a, "role");
    int rc;
    memset(&ch, 0, sizeof ch);
    ch.name = (char *)cli_opt_value(a, "name");
    ch.phone = (char *)cli_opt_value(a, "phone");
    ch.email = (char *)cli_opt_value(a, "email");
    ch.note = (char *)cli_opt_value(a, "note");
    if (!ch.name && !role && !ch.phone && !ch.email && !ch.note)
        return cli_usage_error(a->cmd, "%s", _("nothing to change: give at least one option"));
    if (role) {
        if (!vg_contact_role_parse(role)) {
            cli_error(
                _("\"%s\" is not a contact role (partenaire/partner, hébergement/accommodation, "
                  "ambassade/embassy, assureur/insurer, urgences/emergency-service, point "
                  "focal/focal-point, cellule de crise/crisis-cell, autre/other)"),
                role);
            return EXIT_ERROR;
        }
        ch.role = (char *)vg_contact_role_parse(role);
    }
    if ((rc = cli_open_store(ctx, &st)) == VG_OK &&
        (rc = vg_contact_find(st, a->argv[0], a->argv[1], &c)) == VG_OK &&
        (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_contact_edit(st, a->argv[0], c->id, &ch, &saved));
    vg_store_close(st);
    if (rc == VG_OK)
        print_saved(ctx, saved, a->argv[0]);
    vg_contact_free(c);
    vg_contact_free(saved);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static int cmd_remove(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_contact *c = NULL;
    char q[600];
    int rc;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_contact_find(st, a->argv[0], a->argv[1], &c)) != VG_OK)
        goto done;
    if (!cli_flag(a, "yes")) {
        if (!ctx->interactive || !isatty(STDIN_FILENO)) {
            vg_contact_free(c);
            vg_store_close(st);
            return cli_usage_error(a->cmd, "%s",
                                   _("removing a contact takes it off the escalation ladder and "
                                     "the cards: confirm with --yes"));
        }
        snprintf(q, sizeof q, _("Remove %s (%s, %s) from %s's contacts? [y/N] "), c->name,
                 vg_contact_role_label(c->role), c->phone, a->argv[0]);
        if (!cli_confirm(q, 0)) {
            printf("%s\n", _("Nothing was removed."));
            goto done;
        }
    }
    if ((rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_contact_remove(st, a->argv[0], c->id));
    if (rc == VG_OK) {
        if (ctx->json)
            printf("{\"removed\":%lld}\n", (long long)c->id);
        else
            printf(_("Contact %s (%s) removed from %s.\n"), c->name, vg_contact_role_label(c->role),
                   a->argv[0]);
    }
done:
    vg_contact_free(c);
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_contact **list = NULL;
    size_t n = 0, own = 0;
    int rc;
    if ((rc = cli_open_store(ctx, &st)) == VG_OK)
        rc = vg_delegation_emergency_contacts(
            st, ctx->data_dir, a->argv[0], ctx->lang,
            cli_flag(a, "own") ? VG_EC_OWN : VG_EC_OWN | VG_EC_GUIDE, &list, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    while (own < n && !list[own]->from_guide)
        own++;
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            const vg_contact *c = list[i];
            json_obj(&j);
            if (!c->from_guide)
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
        if (own == 0)
            printf(
                _("No contact for %s yet: 'vigie contact add %s --name ... --role partner --phone "
                  "...'.\n"),
                a->argv[0], a->argv[0]);
        if (n > 0) {
            cli_table t;
            cli_table_init(&t, 5, _("ROLE"), _("NAME"), _("PHONE"), _("E-MAIL"), _("NOTE"));
            for (size_t i = 0; i < n; i++)
                cli_table_add(&t, list[i]->role, list[i]->name, list[i]->phone, list[i]->email,
                              list[i]->note);
            cli_table_print(ctx, &t, stdout);
            cli_table_free(&t);
        }
    }
    vg_contact_list_free(list, n);
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

static const cli_opt edit_opts[] = {
    {"name", OPT_VALUE, "TEXT", N_("who: an organisation, a service or a person")},
    {"role", OPT_VALUE, "ROLE",
     N_("partner, accommodation, embassy, insurer, emergency-service, focal-point, crisis-cell or "
        "other")},
    {"phone", OPT_VALUE, "PHONE", N_("phone number, with its country code")},
    {"email", OPT_VALUE, "EMAIL", N_("e-mail address (\"\" clears it)")},
    {"note", OPT_VALUE, "TEXT", N_("a note: hours, who to ask for... (\"\" clears it)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt remove_opts[] = {
    {"yes", OPT_FLAG, NULL, N_("do not ask for confirmation")},
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
    {"contact", "edit", "SLUG CONTACT",
     N_("change a delegation's contact: name, role, phone, e-mail or note"), 2, 2, edit_opts,
     cmd_edit,
     N_("CONTACT is the contact's name (case and accents ignored, a unique start is enough) or\n"
        "its number from 'vigie contact list SLUG --own --json'. The phone is checked as\n"
        "'contact add' checks it.")},
    {"contact", "remove", "SLUG CONTACT", N_("remove one of a delegation's own contacts"), 2, 2,
     remove_opts, cmd_remove,
     N_("CONTACT is the contact's name or number, as for 'contact edit'. The country guide's\n"
        "numbers are not the delegation's and cannot be removed.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
