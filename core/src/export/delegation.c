/* The delegation's risk file, in one of three profiles.
 *
 * A profile is a fixed list of fields (vigie/delegation.h VG_PROFILE_*,
 * the table in delegation/fields.c): nothing else about a participant ever
 * reaches the document. What each sheet holds per profile:
 *
 *   sheet               board                    team / coordinator
 *   Summary             counts by role           the same, and the team lead
 *   Participants        counts by role           one row per person, the
 *                                                profile's fields
 *   Emergency contacts  the delegation's contact  every contact in full
 *                       roles (no names, phones),
 *                       public numbers in full
 *   About               the same for all: when, which version, the profile
 *                       and its fields, the store's fingerprint
 *
 * The risk register, heat map, check-in protocol and log, and country guide
 * sheets, and the Summary's advice, readiness and risks, come from the
 * modules that own their data (risk.h, checkin.h, guide.h, ready.h) through
 * delegation_parts.c.
 *
 * Proof of life is not a field: it is never loaded here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/card.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/export.h>
#include <vigie/vigie.h>

#include "export/delegation_parts.h"
#include "export/doc.h"
#include "util/i18n.h"

/* Canada's Emergency Watch and Response Centre, in every risk file
 * whatever the guide says (domain notes; GAC). */

const char *vg_export_profile_holds(unsigned profile)
{
    switch (profile) {
    case VG_PROFILE_BOARD:
        return _("no personal data: participants appear only as counts by role");
    case VG_PROFILE_TEAM:
        return _("participants' names and phones, their next of kin, blood groups, allergies and "
                 "insurers' assistance numbers");
    case VG_PROFILE_COORDINATOR:
        return _("every field of the participants' emergency profiles: identity, passports, "
                 "medical and insurance details (never proof of life)");
    default:
        return "";
    }
}

const char *vg_export_country_name(const char *cc)
{
    static const struct {
        const char *cc, *name;
    } names[] = {
        {"CO", N_("Colombia")}, {"HT", N_("Haiti")}, {"MX", N_("Mexico")}, {"CA", N_("Canada")}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(names[i].cc, cc))
            return _(names[i].name);
    return cc;
}

/* ---- participants by role --------------------------------------------- */

static int count_roles(vg_participant **p, size_t n, vg_role_count **out, size_t *nout)
{
    vg_role_count *rc = calloc(n + 1, sizeof *rc);
    size_t k = 0;
    *out = rc;
    *nout = 0;
    if (!rc)
        return vg_error_oom();
    for (size_t i = 0; i < n; i++) {
        const char *r = p[i]->v[VG_PF_ROLE] && *p[i]->v[VG_PF_ROLE] ? p[i]->v[VG_PF_ROLE]
                                                                    : _("(no role recorded)");
        size_t j = 0;
        while (j < k && strcmp(rc[j].role, r) != 0)
            j++;
        if (j == k)
            rc[k++].role = r;
        rc[j].n++;
    }
    *nout = k;
    return VG_OK;
}

static int roles_table(vg_export *x, const char *key, const char *title, vg_role_count *rc,
                       size_t n)
{
    vg_xcol cols[] = {{"role", _("Role"), VG_COL_TEXT, 0},
                      {"participants", _("Participants"), VG_COL_INT, 0}};
    char rng[128], f[160];
    size_t total = 0;
    int r = vg_export_table(x, key, title, cols, 2, 0);
    for (size_t i = 0; r == VG_OK && i < n; i++) {
        total += rc[i].n;
        r = vg_export_row(x, (vg_xcell[]){VG_XTEXT(rc[i].role), VG_XNUM(rc[i].n)});
    }
    if (r == VG_OK) {
        vg_export_range(x, 1, 0, rng);
        snprintf(f, sizeof f, "=SUM(%s)", rng);
        r = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Total")), VG_XS_TOTAL),
                                          vg_xstyle(VG_XFORMULA(f, total), VG_XS_TOTAL)});
    }
    return r;
}

/* ---- Summary ---------------------------------------------------------- */

static int summary(vg_export *x, const vg_dx *d)
{
    static const vg_xcol kv[] = {{"field", N_("Field"), VG_COL_TEXT, 0},
                                 {"value", N_("Value"), VG_COL_TEXT, VG_XW_OVERFLOW}};
    vg_xcol cols[2] = {kv[0], kv[1]};
    const vg_delegation *dl = d->dl;
    char buf[512], f[64];
    int rc;
    cols[0].label = _(kv[0].label);
    cols[1].label = _(kv[1].label);

    if ((rc = vg_export_table(x, "delegation", _("The delegation"), cols, 2, VG_XT_NOHEADER)) !=
        VG_OK)
        return rc;
#define FACT(k, v)                                                                                 \
    if (rc == VG_OK)                                                                               \
    rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(k), VG_XS_BOLD), v})
    FACT(_("Delegation"), VG_XTEXT(dl->name));
    FACT(_("Identifier"), VG_XTEXT(dl->slug));
    snprintf(buf, sizeof buf, "%s (%s)", vg_export_country_name(dl->country), dl->country);
    FACT(_("Country"), VG_XTEXT(buf));
    buf[0] = '\0';
    for (size_t i = 0; i < dl->nregions; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "", dl->regions[i]);
    }
    FACT(_("Regions visited"),
         dl->nregions ? VG_XTEXT(buf) : vg_xstyle(VG_XTEXT(_("not recorded")), VG_XS_MUTED));
    {
        /* the duration, from the two dates above it */
        char dep[16], ret[16];
        vg_export_ref(x, 1, dep);
        FACT(_("Departure"), vg_xstyle(VG_XDATE(dl->start_day), VG_XS_LEFT));
        vg_export_ref(x, 1, ret);
        FACT(_("Return"), vg_xstyle(VG_XDATE(dl->end_day), VG_XS_LEFT));
        snprintf(f, sizeof f, "=%s-%s+1", ret, dep);
        FACT(_("Days"), vg_xstyle(VG_XFORMULA(f, dl->end_day - dl->start_day + 1), VG_XS_LEFT));
    }
    FACT(_("Time zone"), VG_XTEXT(dl->tz));
    if (d->profile != VG_PROFILE_BOARD)
        FACT(_("Team lead"),
             dl->lead ? VG_XTEXT(dl->lead) : vg_xstyle(VG_XTEXT(_("not recorded")), VG_XS_MUTED));
    FACT(_("Status"), VG_XTEXT(dl->closed ? _("closed") : _("open")));
    FACT(_("Participants"), vg_xstyle(VG_XNUM(d->np), VG_XS_LEFT));
#undef FACT
    if (rc == VG_OK)
        rc = vg_dx_summary_more(x, d);
    if (rc == VG_OK)
        rc = roles_table(x, "roles", _("Participants by role"), d->roles, d->nroles);
    return rc;
}

/* ---- Participants ----------------------------------------------------- */

static vg_col_type col_type(const vg_pfield_info *f)
{
    if (f->type == VG_FT_PHONE || f->id == VG_PF_PASSPORT_NUMBER || f->id == VG_PF_POLICY_NUMBER ||
        f->type == VG_FT_BLOOD)
        return VG_COL_ID;
    if (f->type == VG_FT_DATE)
        return VG_COL_DATE;
    return VG_COL_TEXT;
}

static vg_xcell field_cell(const vg_pfield_info *f, const char *v)
{
    int32_t day;
    if (!v || !*v)
        return VG_XEMPTY;
    if (f->type == VG_FT_DATE && vg_date_parse(&day, v) == VG_OK)
        return VG_XDATE(day);
    if (f->type == VG_FT_YESNO)
        return VG_XTEXT(!strcmp(v, "yes") ? _("yes") : _("no"));
    return VG_XTEXT(v);
}

static int participants(vg_export *x, const vg_dx *d)
{
    const vg_pfield_info *f = vg_participant_fields();
    vg_xcol cols[VG_PF_COUNT + 1];
    vg_pfield ids[VG_PF_COUNT];
    size_t nc = 0;
    int rc, with_card;

    if ((rc = vg_export_sheet(x, "participants", _("Participants"))) != VG_OK)
        return rc;
    if (d->profile == VG_PROFILE_BOARD) {
        /* No row per person: the board sees how many, in which roles. */
        if ((rc = roles_table(x, "roles", NULL, d->roles, d->nroles)) == VG_OK)
            rc = vg_export_note(x,
                                _("The board profile holds no personal data: no names, phones, "
                                  "e-mails, passports, medical or insurance details."),
                                VG_XS_MUTED);
        return rc;
    }
    for (int i = 0; i < VG_PF_COUNT; i++) {
        if (!(f[i].profiles & d->profile))
            continue;
        ids[nc] = f[i].id;
        cols[nc].key = f[i].key;
        cols[nc].label = _(f[i].label);
        cols[nc].type = col_type(&f[i]);
        cols[nc].width = f[i].type == VG_FT_TEXT && i != VG_PF_NAME && i != VG_PF_ROLE ? 36 : 0;
        nc++;
    }
    /* The coordinator sees that a check-in card exists and how many codes
     * are left: never the codes, which leave the store only on the card. */
    with_card = d->profile == VG_PROFILE_COORDINATOR;
    if (with_card) {
        cols[nc].key = "checkin_card";
        cols[nc].label = _("Check-in card");
        cols[nc].type = VG_COL_TEXT;
        cols[nc].width = 0;
    }
    if ((rc = vg_export_table(x, "participants", NULL, cols, nc + (size_t)with_card, VG_XT_LIST)) !=
        VG_OK)
        return rc;
    for (size_t p = 0; rc == VG_OK && p < d->np; p++) {
        vg_xcell row[VG_PF_COUNT + 1];
        const vg_participant *pp = d->p[p];
        char card[96];
        for (size_t c = 0; c < nc; c++)
            row[c] = field_cell(&f[ids[c]], pp->v[ids[c]]);
        if (with_card) {
            vg_card_info ci;
            if (vg_card_get(d->st, pp->id, &ci) == VG_OK)
                snprintf(card, sizeof card, _("yes, %u of %u codes left"), (unsigned)ci.left,
                         (unsigned)ci.ncodes);
            else
                snprintf(card, sizeof card, "%s", _("none"));
            vg_error_clear();
            row[nc] = VG_XTEXT(card);
        }
        if (pp->purged)
            row[0] = vg_xstyle(VG_XTEXT(_("(personal data purged)")), VG_XS_MUTED);
        rc = vg_export_row(x, row);
    }
    if (rc == VG_OK && d->np == 0)
        rc = vg_export_note(x, _("No participant yet."), VG_XS_MUTED);
    if (rc == VG_OK)
        rc = vg_export_note(x, _("Proof-of-life questions and answers are never exported."),
                            VG_XS_MUTED);
    return rc;
}

/* ---- Emergency contacts ----------------------------------------------- */

static int contacts(vg_export *x, const vg_dx *d)
{
    int rc;
    if ((rc = vg_export_sheet(x, "contacts", _("Emergency contacts"))) != VG_OK)
        return rc;
    if (d->profile == VG_PROFILE_BOARD) {
        /* Contacts are people too: the board sees which roles are covered. */
        vg_xcol cols[] = {{"role", _("Role"), VG_COL_TEXT, 0},
                          {"contacts", _("Contacts recorded"), VG_COL_INT, 0}};
        const char *const *roles = vg_contact_roles();
        rc = vg_export_table(x, "delegation", _("The delegation's contacts"), cols, 2, 0);
        for (size_t r = 0; rc == VG_OK && roles[r]; r++) {
            size_t n = 0;
            for (size_t i = 0; i < d->nc; i++)
                n += d->c[i]->role && !strcmp(d->c[i]->role, roles[r]);
            rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(vg_contact_role_label(roles[r])),
                                               vg_xstyle(VG_XNUM(n), n ? 0 : VG_XS_ALERT)});
        }
    } else {
        vg_xcol cols[] = {{"role", _("Role"), VG_COL_TEXT, 0},
                          {"name", _("Name"), VG_COL_TEXT, 0},
                          {"phone", _("Phone"), VG_COL_ID, 0},
                          {"email", _("E-mail"), VG_COL_TEXT, 0},
                          {"note", _("Note"), VG_COL_TEXT, 50}};
        rc = vg_export_table(x, "delegation", _("The delegation's contacts"), cols, 5, 0);
        for (size_t i = 0; rc == VG_OK && i < d->nc; i++) {
            const vg_contact *c = d->c[i];
            rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(vg_contact_role_label(c->role)),
                                               VG_XTEXT(c->name), VG_XTEXT(c->phone),
                                               VG_XTEXT(c->email), VG_XTEXT(c->note)});
        }
        if (rc == VG_OK && d->nc == 0)
            rc = vg_export_note(x, _("No contact recorded for the delegation."), VG_XS_ALERT);
    }
    if (rc == VG_OK)
        rc = vg_dx_guide_contacts(x, d);
    /* Canada's line is in every risk file: from the guide, else from here. */
    if (rc == VG_OK && !vg_dx_guide_has_ewrc(d)) {
        vg_xcol cols[] = {{"service", _("Service"), VG_COL_TEXT, 0},
                          {"phone", _("Phone"), VG_COL_ID, 0},
                          {"email", _("E-mail"), VG_COL_TEXT, 0},
                          {"note", _("Note"), VG_COL_TEXT, 60}};
        rc = vg_export_table(x, "canada", _("Canada, 24 hours a day"), cols, 4, 0);
        if (rc == VG_OK)
            rc = vg_export_row(
                x, (vg_xcell[]){VG_XTEXT(_("Emergency Watch and Response Centre (Global Affairs "
                                           "Canada)")),
                                vg_xstyle(VG_XTEXT(VG_EWRC_PHONE), VG_XS_BOLD),
                                VG_XTEXT(VG_EWRC_EMAIL),
                                VG_XTEXT(_("From anywhere, collect calls accepted where "
                                           "available."))});
    }
    return rc;
}

/* ---- About ------------------------------------------------------------- */

static int about(vg_export *x, vg_store *st, const vg_dx *d)
{
    static const vg_xcol kv[] = {{"field", N_("Field"), VG_COL_TEXT, 0},
                                 {"value", N_("Value"), VG_COL_TEXT, 80}};
    vg_xcol cols[2] = {kv[0], kv[1]};
    const vg_pfield_info *f = vg_participant_fields();
    char fp[24], buf[2048], ver[64];
    size_t len = 0;
    int rc;
    cols[0].label = _(kv[0].label);
    cols[1].label = _(kv[1].label);
    vg_store_fingerprint(st, fp);
    if ((rc = vg_export_sheet(x, "about", _("About"))) != VG_OK ||
        (rc = vg_export_table(x, "about", NULL, cols, 2, VG_XT_NOHEADER)) != VG_OK)
        return rc;
    buf[0] = '\0';
    for (int i = 0; i < VG_PF_COUNT; i++)
        if (f[i].profiles & d->profile) {
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? ", " : "",
                                    _(f[i].label));
            if (len >= sizeof buf)
                len = sizeof buf - 1;
        }
    snprintf(ver, sizeof ver, "Vigie %s", vg_version());
#define FACT(k, v)                                                                                 \
    if (rc == VG_OK)                                                                               \
    rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(k), VG_XS_BOLD), v})
    FACT(_("Generated"), vg_xstyle(VG_XTIME(d->now), VG_XS_LEFT));
    FACT(_("By"), VG_XTEXT(ver));
    FACT(_("Profile"), VG_XTEXT(vg_export_profile_label(d->profile)));
    FACT(_("It holds"), VG_XTEXT(vg_export_profile_holds(d->profile)));
    FACT(_("Participants' fields"), VG_XTEXT(buf));
    FACT(_("Never in this file"), VG_XTEXT(_("proof-of-life questions and answers")));
    FACT(_("Store fingerprint"), VG_XTEXT(fp));
    FACT(_("Times"), VG_XTEXT(d->dl->tz));
#undef FACT
    if (rc == VG_OK)
        rc = vg_export_note(x,
                            _("This file is not encrypted. Keep it on an encrypted disk, share it "
                              "only with the people its profile is meant for, and delete it when "
                              "it is no longer needed."),
                            VG_XS_ALERT);
    return rc;
}

/* ---- the document --------------------------------------------------- */

int vg_export_delegation(vg_store *st, const char *slug, const vg_export_req *req)
{
    vg_dx d = {0};
    vg_export *x = NULL;
    char title[300], sub[400], subject[160], detail[96];
    char *org = NULL;
    int rc;

    d.profile = req->profile;
    d.now = vg_now();
    d.lang = req->lang;
    d.data_dir = req->data_dir;
    d.st = st;
    if (d.profile != VG_PROFILE_BOARD && d.profile != VG_PROFILE_TEAM &&
        d.profile != VG_PROFILE_COORDINATOR)
        return vg_error_set(VG_EINVALID, "%s", _("unknown export profile"));
    if ((rc = vg_delegation_get(st, slug, &d.dl)) != VG_OK ||
        (rc = vg_participant_list(st, slug, &d.p, &d.np)) != VG_OK ||
        (rc = vg_contact_list(st, slug, &d.c, &d.nc)) != VG_OK ||
        (rc = count_roles(d.p, d.np, &d.roles, &d.nroles)) != VG_OK ||
        (rc = vg_dx_load(&d)) != VG_OK)
        goto done;

    org = vg_doc_org(st);
    snprintf(title, sizeof title, _("Risk file: %s"), d.dl->name);
    snprintf(subject, sizeof subject, _("%s, %s profile"), d.dl->slug,
             vg_export_profile_label(d.profile));
    {
        char a[16], b[16], when[48];
        vg_date_format(a, d.dl->start_day);
        vg_date_format(b, d.dl->end_day);
        vg_time_format_local(when, d.now, d.dl->tz);
        snprintf(sub, sizeof sub, _("%s%s%s, %s to %s · profile %s · generated %s"), org ? org : "",
                 org ? " · " : "", vg_export_country_name(d.dl->country), a, b,
                 vg_export_profile_label(d.profile), when);
    }
    snprintf(detail, sizeof detail, "profile=%s format=%s", vg_export_profile_name(d.profile),
             vg_export_format_name(req->format));
    if ((rc = vg_doc_open(&x, st, req, d.dl->tz, title, subject,
                          _("security, risk file, delegation"), "export.delegation", d.dl->slug,
                          detail)) != VG_OK)
        goto done;
    {
        /* printed at the foot of every page: whose file, for whom */
        char foot[400];
        snprintf(foot, sizeof foot, "%s · %s", d.dl->name,
                 d.profile == VG_PROFILE_BOARD  ? _("board profile")
                 : d.profile == VG_PROFILE_TEAM ? _("team profile: confidential")
                                                : _("coordinator profile: confidential"));
        rc = vg_export_footer(x, foot);
    }
    if (rc != VG_OK || (rc = vg_export_sheet(x, "summary", _("Summary"))) != VG_OK ||
        (rc = vg_export_title(x, title, sub)) != VG_OK || (rc = summary(x, &d)) != VG_OK ||
        (rc = participants(x, &d)) != VG_OK || (rc = contacts(x, &d)) != VG_OK ||
        (rc = vg_dx_sheets(x, &d)) != VG_OK || (rc = about(x, st, &d)) != VG_OK)
        goto done;
    rc = vg_export_commit(x);
done:
    vg_export_free(x);
    vg_dx_free(&d);
    free(d.roles);
    vg_participant_list_free(d.p, d.np);
    vg_contact_list_free(d.c, d.nc);
    vg_delegation_free(d.dl);
    free(org);
    return rc;
}
