/* The risk file's parts whose data other modules own.
 *
 *   Check-in protocol  the plan (daily times, grace), the escalation ladder
 *                      and what to do on an alert (vigie/checkin.h); the
 *                      duress and code-guessing procedures only in the
 *                      coordinator's profile: a duress alert is never
 *                      echoed to the field
 *   Check-in log       every check-in, streamed (a million rows never sit in
 *                      memory); the board sees counts by day only, no names,
 *                      places or notes; in the coordinator's profile a
 *                      check-in made under duress says so, never a plain ok
 *   Alerts and lateness every alert and overdue episode with its resolution
 *                      note (team: without the duress and wrong-code ones,
 *                      never echoed to the field); the board sees counts by
 *                      kind only
 *
 *   Summary (more)     Canada's advice for the country and the regions
 *                      visited, the guide's version and review dates, the
 *                      readiness checklist, risks by band (formulas over the
 *                      register), the top risks
 *   Emergency contacts the guide's emergency numbers and Canada's offices
 *   Risk register      every risk; scores as formulas with their values,
 *                      coloured by band (conditional formats); the board
 *                      sees no owner's or approver's name
 *   Heat map           the 5x5 counts, inherent and residual, coloured by
 *                      band (formulas over the register)
 *   Country guide      the guide's essentials: advisory, entry, health,
 *                      what to do in an emergency, phrases, sources; a fact
 *                      to be checked says so
 * The guide, the register and the ladder are public or organisational
 * data: every profile has them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/participant.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/advisory.h>
#include <vigie/guide.h>
#include <vigie/ready.h>
#include <vigie/risk.h>

#include "export/delegation_parts.h"
#include "export/doc.h"
#include "export/export_internal.h"
#include "util/i18n.h"
#include "util/text.h"

struct vg_dx_parts {
    int has_plan;
    vg_checkin_plan plan;
    vg_ladder *ladder;
    vg_guide *guide; /* NULL: no guide for the country */
    vg_risk **risks; /* highest residual first */
    size_t nrisks;
    vg_threat_categories *cats;
    char reg_sheet[40]; /* the risk register's sheet name, for formulas */
};

/* Columns of the risk register that formulas elsewhere refer to. */
enum {
    RC_REF,
    RC_CAT,
    RC_SCEN,
    RC_WHERE,
    RC_EXPOSED,
    RC_L,
    RC_I,
    RC_SCORE,
    RC_BAND,
    RC_MEASURES,
    RC_OWNER,
    RC_RL,
    RC_RI,
    RC_RSCORE,
    RC_RBAND,
    RC_DECISION,
    RC_APPROVED,
    RC_APPROVED_AT,
    RC_REVIEW,
    RC_COUNT
};

int vg_dx_load(vg_dx *d)
{
    struct vg_dx_parts *p = calloc(1, sizeof *p);
    int rc;
    if (!p)
        return vg_error_oom();
    d->parts = p;
    rc = vg_checkin_plan_get(d->st, d->dl->slug, &p->plan);
    if (rc == VG_ENOTFOUND)
        rc = VG_OK;
    else if (rc == VG_OK)
        p->has_plan = 1;
    if (rc == VG_OK)
        rc = vg_checkin_ladder_get(d->st, d->dl->slug, d->data_dir, &p->ladder);
    if (rc == VG_OK) {
        rc = vg_guide_get(d->st, d->data_dir, d->dl->country, d->lang, &p->guide);
        if (rc == VG_ENOTFOUND)
            rc = VG_OK; /* a country Vigie has no guide for */
    }
    if (rc == VG_OK)
        rc = vg_risk_list(d->st, d->dl->slug, &p->risks, &p->nrisks);
    if (rc == VG_OK)
        rc = vg_threat_categories_load(d->data_dir, &p->cats);
    snprintf(p->reg_sheet, sizeof p->reg_sheet, "%s", _("Risk register"));
    return rc;
}

void vg_dx_free(vg_dx *d)
{
    if (!d->parts)
        return;
    vg_ladder_free(d->parts->ladder);
    vg_guide_free(d->parts->guide);
    vg_risk_list_free(d->parts->risks, d->parts->nrisks);
    vg_threat_categories_free(d->parts->cats);
    free(d->parts);
    d->parts = NULL;
}

/* ---- risks and the guide: shared bits ------------------------------- */

static const char *cat_label(const vg_dx *d, const char *key)
{
    const vg_threat_category *c =
        d->parts->cats ? vg_threat_category_find(d->parts->cats, key) : NULL;
    return c ? vg_threat_category_label(c, d->lang) : key;
}

/* A fact the guide marks "to be checked" says so beside it. */
static vg_xcell fact_status(vg_fact_status st)
{
    return st == VG_FACT_TO_CHECK ? vg_xstyle(VG_XTEXT(_("to be checked")), VG_XS_ALERT)
                                  : vg_xstyle(VG_XTEXT(_("verified")), VG_XS_GOOD);
}

/* "'Registre des risques'!$H:$H": a whole column of the register. */
static void reg_col(const vg_dx *d, int col, char *out, size_t cap)
{
    char q[96];
    size_t k = 0;
    const char *n = d->parts->reg_sheet;
    q[k++] = '\'';
    for (; *n && k < sizeof q - 3; n++) {
        if (*n == '\'')
            q[k++] = '\'';
        q[k++] = *n;
    }
    q[k++] = '\'';
    q[k] = '\0';
    snprintf(out, cap, "%s!$%c:$%c", q, 'A' + col, 'A' + col);
}

/* Does the delegation's region `visited` name the guide's region `g`?
 * Words compared ignoring case and accents, either one in the other. */
static int region_match(const char *visited, const char *g)
{
    char *a = vg_text_key(visited, VG_KEY_NAME), *b = vg_text_key(g, VG_KEY_NAME);
    int m = a && b && *a && *b && (strstr(a, b) || strstr(b, a));
    free(a);
    free(b);
    return m;
}

static unsigned advisory_style(int level)
{
    return level >= 4   ? VG_XS_BAND(4)
           : level == 3 ? VG_XS_BAND(3)
           : level == 2 ? VG_XS_BAND(2)
                        : VG_XS_BAND(1);
}

/* ---- Summary: advice, guide, risks ------------------------------------ */

static int summary_advice(vg_export *x, const vg_dx *d)
{
    const vg_guide *g = d->parts->guide;
    vg_xcol cols[] = {{"area", _("Where"), VG_COL_TEXT, 40},
                      {"level", _("Level"), VG_COL_INT, 0},
                      {"advice", _("Advice"), VG_COL_TEXT, 50},
                      {"status", _("Fact"), VG_COL_TEXT, 0}};
    char buf[256];
    int rc;
    if (!g)
        return vg_export_note(x, _("No country guide for this country: no travel advice level."),
                              VG_XS_ALERT);
    if ((rc = vg_export_table(x, "advice", _("Canada's travel advice"), cols, 4, 0)) != VG_OK)
        return rc;
    snprintf(buf, sizeof buf, "%s (%s)", vg_export_country_name(d->dl->country),
             _("whole country"));
    rc = vg_export_row(
        x, (vg_xcell[]){VG_XTEXT(buf),
                        vg_xstyle(VG_XNUM(g->advisory.level), advisory_style(g->advisory.level)),
                        VG_XTEXT(g->advisory.wording), fact_status(g->advisory.status)});
    /* Canada's official data, when it was imported: beside the guide's */
    if (rc == VG_OK && d->st) {
        vg_official *o = NULL;
        int64_t gen = 0;
        if (vg_advisory_get(d->st, g->country, &o, &gen, NULL) == VG_OK) {
            char pub[16], gd[16], area[200];
            vg_date_format(pub, (int32_t)(o->published / 86400));
            vg_date_format(gd, (int32_t)(gen / 86400));
            snprintf(area, sizeof area, _("%s: Canada's official data, published %s (file of %s)"),
                     vg_export_country_name(d->dl->country), pub, gd);
            rc = vg_export_row(
                x, (vg_xcell[]){
                       VG_XTEXT(area),
                       vg_xstyle(VG_XNUM(o->level),
                                 advisory_style(o->level) |
                                     (o->level != g->advisory.level ? VG_XS_BOLD : 0)),
                       VG_XTEXT(vg_advisory_wording(o->level, g->lang)),
                       vg_xstyle(VG_XTEXT(o->level != g->advisory.level ||
                                                  (int32_t)(o->published / 86400) > g->reviewed
                                              ? _("differs from the guide: update it")
                                              : _("official")),
                                 o->level != g->advisory.level ||
                                         (int32_t)(o->published / 86400) > g->reviewed
                                     ? VG_XS_ALERT
                                     : 0)});
            vg_official_free(o);
        } else {
            vg_error_clear();
        }
    }
    for (size_t k = 0; rc == VG_OK && k < d->dl->nregions; k++) {
        const vg_guide_region *hit = NULL;
        vg_guide_place pl;
        int unknown = 0;
        if (g->ndivisions) { /* exact: the areas the guide says the place lies in */
            vg_guide_area *a = NULL;
            size_t na = 0;
            if (vg_guide_place_find(g, d->dl->regions[k], &pl) != VG_OK) {
                vg_error_clear();
                unknown = 1;
            } else if ((rc = vg_guide_place_areas(g, &pl, &a, &na)) != VG_OK) {
                break;
            }
            for (size_t i = 0; i < na; i++)
                if (!hit || g->advisory.regions[a[i].region].level > hit->level)
                    hit = &g->advisory.regions[a[i].region];
            free(a);
        } else {
            for (size_t i = 0; i < g->advisory.nregions && !hit; i++)
                if (region_match(d->dl->regions[k], g->advisory.regions[i].name))
                    hit = &g->advisory.regions[i];
        }
        if (hit) {
            char where[600];
            if (strcmp(d->dl->regions[k], hit->name))
                snprintf(where, sizeof where, "%s — %s", d->dl->regions[k], hit->name);
            else
                snprintf(where, sizeof where, "%s", hit->name);
            rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(where),
                                               vg_xstyle(VG_XNUM(hit->level),
                                                         advisory_style(hit->level) |
                                                             (hit->level >= 3 ? VG_XS_BOLD : 0)),
                                               VG_XTEXT(hit->wording), fact_status(hit->status)});
        } else {
            rc = vg_export_row(
                x, (vg_xcell[]){
                       VG_XTEXT(d->dl->regions[k]), VG_XEMPTY,
                       unknown ? vg_xstyle(VG_XTEXT(_("not in the country guide: check "
                                                      "where it lies")),
                                           VG_XS_ALERT)
                               : vg_xstyle(VG_XTEXT(_("no regional advice: the country's level "
                                                      "applies")),
                                           VG_XS_MUTED),
                       VG_XEMPTY});
        }
    }
    if (rc == VG_OK) {
        char rev[16], by[16], line[200];
        vg_date_format(rev, g->reviewed);
        vg_date_format(by, g->review_by);
        snprintf(line, sizeof line,
                 _("Country guide %s, version %s, reviewed %s, to review by %s."), g->country,
                 g->version, rev, by);
        rc = vg_export_note(x, line, VG_XS_MUTED);
        if (rc == VG_OK && vg_guide_past_review(g, d->now))
            rc = vg_export_note(x, _("The guide is past its review date: check the advice."),
                                VG_XS_ALERT);
    }
    return rc;
}

static int summary_risks(vg_export *x, const vg_dx *d)
{
    const struct vg_dx_parts *p = d->parts;
    vg_xcol cols[] = {{"band", _("Band"), VG_COL_TEXT, 0},
                      {"scores", _("Scores"), VG_COL_TEXT, 0},
                      {"inherent", _("Inherent"), VG_COL_INT, 0},
                      {"residual", _("Residual"), VG_COL_INT, 0}};
    static const int lo[5] = {0, 1, 5, 10, 17}, hi[5] = {0, 4, 9, 16, 25};
    char ci[128], cr[128], f1[320], f2[320], sc[16];
    size_t unassessed = 0;
    int rc;
    if ((rc = vg_export_table(x, "risks_by_band", _("Risks by band"), cols, 4, 0)) != VG_OK)
        return rc;
    reg_col(d, RC_SCORE, ci, sizeof ci);
    reg_col(d, RC_RSCORE, cr, sizeof cr);
    for (int b = 4; rc == VG_OK && b >= 1; b--) {
        size_t ni = 0, nr = 0;
        for (size_t i = 0; i < p->nrisks; i++) {
            ni += vg_risk_band_of(vg_risk_inherent(p->risks[i])) == (vg_risk_band)b;
            nr += vg_risk_band_of(vg_risk_residual(p->risks[i])) == (vg_risk_band)b;
        }
        snprintf(f1, sizeof f1, "=COUNTIFS(%s,\">=%d\",%s,\"<=%d\")", ci, lo[b], ci, hi[b]);
        snprintf(f2, sizeof f2, "=COUNTIFS(%s,\">=%d\",%s,\"<=%d\")", cr, lo[b], cr, hi[b]);
        snprintf(sc, sizeof sc, "%d-%d", lo[b], hi[b]);
        rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(vg_doc_band_name(b)), VG_XS_BAND(b)),
                                           VG_XTEXT(sc), VG_XFORMULA(f1, ni), VG_XFORMULA(f2, nr)});
    }
    for (size_t i = 0; i < p->nrisks; i++)
        unassessed += vg_risk_residual(p->risks[i]) == 0;
    if (rc == VG_OK && unassessed)
        rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Not assessed")), VG_XS_MUTED),
                                           VG_XEMPTY, VG_XEMPTY,
                                           vg_xstyle(VG_XNUM(unassessed), VG_XS_ALERT)});
    if (rc == VG_OK) {
        char r1[128], r2[128], t1[160], t2[160];
        vg_export_range(x, 2, 0, r1);
        vg_export_range(x, 3, 0, r2);
        snprintf(t1, sizeof t1, "=SUM(%s)", r1);
        snprintf(t2, sizeof t2, "=SUM(%s)", r2);
        rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Total")), VG_XS_TOTAL),
                                           vg_xstyle(VG_XEMPTY, VG_XS_TOTAL),
                                           vg_xstyle(VG_XFORMULA(t1, p->nrisks), VG_XS_TOTAL),
                                           vg_xstyle(VG_XFORMULA(t2, p->nrisks), VG_XS_TOTAL)});
    }
    if (rc == VG_OK && p->nrisks == 0)
        rc = vg_export_note(
            x, _("The register is empty: 'vigie risk seed' fills it from the guide."), VG_XS_ALERT);
    if (rc == VG_OK && p->nrisks) {
        vg_xcol tc[] = {{"ref", _("Risk"), VG_COL_ID, 0},
                        {"category", _("Threat"), VG_COL_TEXT, 0},
                        {"scenario", _("Scenario"), VG_COL_TEXT, 60},
                        {"residual", _("Residual"), VG_COL_INT, 0},
                        {"inherent", _("Inherent"), VG_COL_INT, 0}};
        rc = vg_export_table(x, "top_risks", _("Top risks"), tc, 5, 0);
        for (size_t i = 0; rc == VG_OK && i < p->nrisks && i < 5; i++) {
            const vg_risk *r = p->risks[i];
            char ref[16];
            int rs = vg_risk_residual(r), is = vg_risk_inherent(r);
            snprintf(ref, sizeof ref, "R%d", r->num);
            rc = vg_export_row(
                x, (vg_xcell[]){VG_XTEXT(ref), VG_XTEXT(cat_label(d, r->category)),
                                VG_XTEXT(r->scenario),
                                rs ? vg_xstyle(VG_XNUM(rs), VG_XS_BAND(vg_risk_band_of(rs)))
                                   : vg_xstyle(VG_XTEXT(_("not assessed")), VG_XS_MUTED),
                                vg_xstyle(VG_XNUM(is), VG_XS_BAND(vg_risk_band_of(is)))});
        }
    }
    return rc;
}

/* ---- Emergency contacts: the guide's --------------------------------- */

static const char *office_kind(vg_office_kind k)
{
    switch (k) {
    case VG_OFFICE_EMBASSY:
        return _("Embassy");
    case VG_OFFICE_CONSULATE:
        return _("Consulate");
    case VG_OFFICE_HONORARY_CONSULATE:
        return _("Honorary consulate");
    case VG_OFFICE_EWRC:
        return _("Emergency Watch and Response Centre (Global Affairs Canada)");
    }
    return "";
}

static int guide_contacts(vg_export *x, const vg_dx *d)
{
    const vg_guide *g = d->parts->guide;
    char title[160];
    int rc;
    if (!g)
        return VG_OK;
    {
        vg_xcol cols[] = {{"service", _("Service"), VG_COL_TEXT, 0},
                          {"number", _("Phone"), VG_COL_ID, 0},
                          {"status", _("Fact"), VG_COL_TEXT, 0}};
        snprintf(title, sizeof title, _("Emergency numbers in %s"),
                 vg_export_country_name(d->dl->country));
        rc = vg_export_table(x, "guide_numbers", title, cols, 3, 0);
        for (size_t i = 0; rc == VG_OK && i < g->nnumbers; i++)
            rc =
                vg_export_row(x, (vg_xcell[]){VG_XTEXT(g->numbers[i].service),
                                              vg_xstyle(VG_XTEXT(g->numbers[i].number), VG_XS_BOLD),
                                              fact_status(g->numbers[i].status)});
    }
    if (rc == VG_OK) {
        vg_xcol cols[] = {
            {"kind", _("Office"), VG_COL_TEXT, 0},  {"name", _("Name"), VG_COL_TEXT, 40},
            {"city", _("City"), VG_COL_TEXT, 0},    {"phone", _("Phone"), VG_COL_ID, 0},
            {"email", _("E-mail"), VG_COL_TEXT, 0}, {"address", _("Address"), VG_COL_TEXT, 40},
            {"status", _("Fact"), VG_COL_TEXT, 0}};
        rc = vg_export_table(x, "guide_offices", _("Canada's offices"), cols, 7, 0);
        for (size_t i = 0; rc == VG_OK && i < g->noffices; i++) {
            const vg_guide_office *o = &g->offices[i];
            rc = vg_export_row(
                x, (vg_xcell[]){VG_XTEXT(office_kind(o->kind)), VG_XTEXT(o->name),
                                VG_XTEXT(o->city), vg_xstyle(VG_XTEXT(o->phone), VG_XS_BOLD),
                                VG_XTEXT(o->email), VG_XTEXT(o->address), fact_status(o->status)});
        }
    }
    if (rc == VG_OK) {
        char line[200];
        snprintf(line, sizeof line, _("From the country guide %s, version %s."), g->country,
                 g->version);
        rc = vg_export_note(x, line, VG_XS_MUTED);
    }
    return rc;
}

/* ---- Risk register ------------------------------------------------------ */

static int risk_register(vg_export *x, const vg_dx *d)
{
    const struct vg_dx_parts *p = d->parts;
    int board = d->profile == VG_PROFILE_BOARD;
    vg_xcol cols[RC_COUNT] = {
        [RC_REF] = {"ref", _("Risk"), VG_COL_ID, 0},
        [RC_CAT] = {"category", _("Threat"), VG_COL_TEXT, 0},
        [RC_SCEN] = {"scenario", _("Scenario"), VG_COL_TEXT, 50},
        [RC_WHERE] = {"where", _("Where"), VG_COL_TEXT, 24},
        [RC_EXPOSED] = {"exposed", _("Most exposed"), VG_COL_TEXT, 24},
        [RC_L] = {"likelihood", _("Likelihood"), VG_COL_INT, 0},
        [RC_I] = {"impact", _("Impact"), VG_COL_INT, 0},
        [RC_SCORE] = {"score", _("Inherent score"), VG_COL_INT, 0},
        [RC_BAND] = {"band", _("Inherent band"), VG_COL_TEXT, 0},
        [RC_MEASURES] = {"measures", _("Measures"), VG_COL_TEXT, 50},
        [RC_OWNER] = {"owner", _("Owner"), VG_COL_TEXT, 0},
        [RC_RL] = {"residual_likelihood", _("Residual likelihood"), VG_COL_INT, 0},
        [RC_RI] = {"residual_impact", _("Residual impact"), VG_COL_INT, 0},
        [RC_RSCORE] = {"residual_score", _("Residual score"), VG_COL_INT, 0},
        [RC_RBAND] = {"residual_band", _("Residual band"), VG_COL_TEXT, 0},
        [RC_DECISION] = {"decision", _("Decision"), VG_COL_TEXT, 0},
        [RC_APPROVED] = {"approved_by", _("Approved by"), VG_COL_TEXT, 0},
        [RC_APPROVED_AT] = {"approved_on", _("Approved on"), VG_COL_DATE, 0},
        [RC_REVIEW] = {"to_review", _("To review"), VG_COL_TEXT, 0},
    };
    int rc;
    if (board) { /* no names: whether there is one */
        cols[RC_OWNER].label = _("Owner named");
        cols[RC_APPROVED].label = _("Approved");
    }
    if ((rc = vg_export_sheet(x, "risk_register", p->reg_sheet)) != VG_OK ||
        (rc = vg_export_table(x, "risks", NULL, cols, RC_COUNT, VG_XT_LIST)) != VG_OK)
        return rc;
    for (size_t i = 0; rc == VG_OK && i < p->nrisks; i++) {
        const vg_risk *r = p->risks[i];
        vg_xcell row[RC_COUNT];
        char ref[16], rl[16], ri[16], sl[16], rrl[16], rri[16], rsl[16];
        char f1[64], f2[300], f3[96], f4[300], *meas = NULL;
        int is = vg_risk_inherent(r), rs = vg_risk_residual(r);
        size_t len = 0;
        /* the measures as a bulleted list in one cell */
        for (size_t k = 0; k < r->nmeasures; k++)
            len += strlen(r->measures[k]) + sizeof "\n\u2022 ";
        if (len && (meas = malloc(len + 1)) != NULL) {
            size_t at = 0;
            for (size_t k = 0; k < r->nmeasures; k++)
                at += (size_t)snprintf(meas + at, len + 1 - at, "%s\u2022 %s", k ? "\n" : "",
                                       r->measures[k]);
        }
        snprintf(ref, sizeof ref, "R%d", r->num);
        vg_export_ref(x, RC_L, rl);
        vg_export_ref(x, RC_I, ri);
        vg_export_ref(x, RC_SCORE, sl);
        vg_export_ref(x, RC_RL, rrl);
        vg_export_ref(x, RC_RI, rri);
        vg_export_ref(x, RC_RSCORE, rsl);
        snprintf(f1, sizeof f1, "=%s*%s", rl, ri);
        snprintf(f2, sizeof f2, "=IF(%s>=17,\"%s\",IF(%s>=10,\"%s\",IF(%s>=5,\"%s\",\"%s\")))", sl,
                 vg_doc_band_name(4), sl, vg_doc_band_name(3), sl, vg_doc_band_name(2),
                 vg_doc_band_name(1));
        snprintf(f3, sizeof f3, "=IF(AND(%s>0,%s>0),%s*%s,\"\")", rrl, rri, rrl, rri);
        snprintf(f4, sizeof f4,
                 "=IF(%s=\"\",\"\",IF(%s>=17,\"%s\",IF(%s>=10,\"%s\",IF(%s>=5,\"%s\",\"%s\"))))",
                 rsl, rsl, vg_doc_band_name(4), rsl, vg_doc_band_name(3), rsl, vg_doc_band_name(2),
                 vg_doc_band_name(1));
        row[RC_REF] = VG_XTEXT(ref);
        row[RC_CAT] = VG_XTEXT(cat_label(d, r->category));
        row[RC_SCEN] = VG_XTEXT(r->scenario);
        row[RC_WHERE] = VG_XTEXT(r->where);
        row[RC_EXPOSED] = VG_XTEXT(r->exposed);
        row[RC_L] = VG_XNUM(r->likelihood);
        row[RC_I] = VG_XNUM(r->impact);
        row[RC_SCORE] = VG_XFORMULA(f1, is);
        row[RC_BAND] = vg_xstyle(VG_XFORMULA(f2, 0), VG_XS_BAND(vg_risk_band_of(is)));
        row[RC_BAND].text = vg_doc_band_name(vg_risk_band_of(is));
        row[RC_MEASURES] = meas ? VG_XTEXT(meas) : vg_xstyle(VG_XTEXT(_("none yet")), VG_XS_ALERT);
        if (board)
            row[RC_OWNER] = VG_XTEXT(r->owner ? _("yes") : _("no"));
        else
            row[RC_OWNER] = VG_XTEXT(r->owner);
        row[RC_RL] = rs ? VG_XNUM(r->res_likelihood) : VG_XEMPTY;
        row[RC_RI] = rs ? VG_XNUM(r->res_impact) : VG_XEMPTY;
        row[RC_RSCORE] = VG_XFORMULA(f3, rs);
        row[RC_RBAND] = rs ? vg_xstyle(VG_XFORMULA(f4, 0), VG_XS_BAND(vg_risk_band_of(rs)))
                           : VG_XFORMULA(f4, 0);
        row[RC_RBAND].text = rs ? vg_doc_band_name(vg_risk_band_of(rs)) : "";
        if (!rs)
            row[RC_RSCORE].text = "";
        row[RC_DECISION] = VG_XTEXT(r->decision ? vg_risk_decision_label(r->decision) : NULL);
        if (board)
            row[RC_APPROVED] = VG_XTEXT(r->approved_by ? _("yes") : _("no"));
        else
            row[RC_APPROVED] = VG_XTEXT(r->approved_by);
        row[RC_APPROVED_AT] = r->approved_by ? VG_XDATE(r->approved_at / 86400) : VG_XEMPTY;
        row[RC_REVIEW] =
            r->to_review ? vg_xstyle(VG_XTEXT(_("to be reviewed")), VG_XS_ALERT) : VG_XEMPTY;
        rc = vg_export_row(x, row);
        free(meas);
    }
    if (rc == VG_OK)
        rc = vg_export_bands(x, RC_SCORE);
    if (rc == VG_OK)
        rc = vg_export_bands(x, RC_RSCORE);
    if (rc == VG_OK && p->nrisks == 0)
        rc = vg_export_note(
            x, _("The register is empty: 'vigie risk seed' fills it from the guide."), VG_XS_ALERT);
    return rc;
}

/* ---- Heat map -------------------------------------------------------------- */

static int heat_table(vg_export *x, const vg_dx *d, int residual)
{
    const struct vg_dx_parts *p = d->parts;
    char hdr[6][64], lcol[128], icol[128];
    vg_xcol cols[6];
    int rc;
    snprintf(hdr[0], sizeof hdr[0], "%s \\ %s", _("Likelihood"), _("Impact"));
    cols[0] = (vg_xcol){"likelihood", hdr[0], VG_COL_TEXT, 0};
    for (int i = 1; i <= 5; i++) {
        static const char *const keys[] = {NULL,       "impact_1", "impact_2",
                                           "impact_3", "impact_4", "impact_5"};
        snprintf(hdr[i], sizeof hdr[i], "%d %s", i, vg_risk_impact_label(i));
        cols[i] = (vg_xcol){keys[i], hdr[i], VG_COL_INT, 17};
    }
    reg_col(d, residual ? RC_RL : RC_L, lcol, sizeof lcol);
    reg_col(d, residual ? RC_RI : RC_I, icol, sizeof icol);
    rc = vg_export_table(x, residual ? "residual" : "inherent",
                         residual ? _("Residual risks (after the measures)")
                                  : _("Inherent risks (before the measures)"),
                         cols, 6, 0);
    for (int l = 5; rc == VG_OK && l >= 1; l--) {
        vg_xcell row[6];
        char lab[64], f[5][320];
        snprintf(lab, sizeof lab, "%d %s", l, vg_risk_likelihood_label(l));
        row[0] = vg_xstyle(VG_XTEXT(lab), VG_XS_HEAD);
        for (int i = 1; i <= 5; i++) {
            size_t n = 0;
            for (size_t k = 0; k < p->nrisks; k++) {
                const vg_risk *r = p->risks[k];
                n += residual ? (r->res_likelihood == l && r->res_impact == i)
                              : (r->likelihood == l && r->impact == i);
            }
            snprintf(f[i - 1], sizeof f[i - 1], "=COUNTIFS(%s,%d,%s,%d)", lcol, l, icol, i);
            row[i] = vg_xstyle(VG_XFORMULA(f[i - 1], n),
                               VG_XS_BAND(vg_risk_band_of(l * i)) | (n ? VG_XS_BOLD : 0));
        }
        rc = vg_export_row(x, row);
    }
    return rc;
}

static int heat_map(vg_export *x, const vg_dx *d)
{
    char sub[200];
    int rc;
    snprintf(sub, sizeof sub,
             _("Risks counted by likelihood and impact. Bands of the score "
               "(likelihood x impact): %s 1-4, %s 5-9, %s 10-16, %s 17-25."),
             vg_doc_band_name(1), vg_doc_band_name(2), vg_doc_band_name(3), vg_doc_band_name(4));
    if ((rc = vg_export_sheet(x, "heat_map", _("Heat map"))) != VG_OK ||
        (rc = vg_export_title(x, _("Heat map"), sub)) != VG_OK ||
        (rc = heat_table(x, d, 0)) != VG_OK || (rc = heat_table(x, d, 1)) != VG_OK)
        return rc;
    {
        size_t un = 0;
        for (size_t k = 0; k < d->parts->nrisks; k++)
            un += vg_risk_residual(d->parts->risks[k]) == 0;
        if (un) {
            char line[160];
            snprintf(line, sizeof line, _("%zu risks have no residual scores yet."), un);
            rc = vg_export_note(x, line, VG_XS_ALERT);
        }
    }
    return rc;
}

/* ---- Country guide -------------------------------------------------------- */

static int guide_list(vg_export *x, const char *key, const char *title, const vg_guide_item *v,
                      size_t n)
{
    vg_xcol cols[] = {{"text", _("What to know"), VG_COL_TEXT, 90},
                      {"status", _("Fact"), VG_COL_TEXT, 0}};
    int rc = n ? vg_export_table(x, key, title, cols, 2, 0) : VG_OK;
    for (size_t i = 0; rc == VG_OK && i < n; i++)
        rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(v[i].text), fact_status(v[i].status)});
    return rc;
}

static int guide_sheet(vg_export *x, const vg_dx *d)
{
    const vg_guide *g = d->parts->guide;
    char sub[300], rev[16], by[16];
    int rc;
    if (!g)
        return VG_OK;
    vg_date_format(rev, g->reviewed);
    vg_date_format(by, g->review_by);
    snprintf(sub, sizeof sub, _("Version %s, reviewed %s by %s; to review by %s."), g->version, rev,
             g->reviewer ? g->reviewer : "?", by);
    if ((rc = vg_export_sheet(x, "country_guide", _("Country guide"))) != VG_OK ||
        (rc = vg_export_title(x, g->title, sub)) != VG_OK)
        return rc;
    {
        vg_xcol cols[] = {{"area", _("Where"), VG_COL_TEXT, 40},
                          {"level", _("Level"), VG_COL_INT, 0},
                          {"advice", _("Advice"), VG_COL_TEXT, 50},
                          {"note", _("Note"), VG_COL_TEXT, 60},
                          {"status", _("Fact"), VG_COL_TEXT, 0}};
        rc = vg_export_table(x, "advisory", _("Canada's travel advice"), cols, 5, 0);
        if (rc == VG_OK)
            rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(_("whole country")),
                                               vg_xstyle(VG_XNUM(g->advisory.level),
                                                         advisory_style(g->advisory.level)),
                                               VG_XTEXT(g->advisory.wording), VG_XEMPTY,
                                               fact_status(g->advisory.status)});
        for (size_t i = 0; rc == VG_OK && i < g->advisory.nregions; i++) {
            const vg_guide_region *r = &g->advisory.regions[i];
            rc = vg_export_row(
                x, (vg_xcell[]){VG_XTEXT(r->name),
                                vg_xstyle(VG_XNUM(r->level), advisory_style(r->level)),
                                VG_XTEXT(r->wording), VG_XTEXT(r->note), fact_status(r->status)});
        }
    }
    if (rc == VG_OK)
        rc = guide_list(x, "entry", _("Entry rules"), g->entry, g->nentry);
    if (rc == VG_OK)
        rc = guide_list(x, "health", _("Health"), g->health, g->nhealth);
    if (rc == VG_OK) {
        char *text = vg_guide_section_plain(g, VG_SEC_EMERGENCY);
        vg_xcol cols[] = {{"text", _("What to do"), VG_COL_TEXT, 100}};
        if (!text)
            return vg_error_oom();
        rc = vg_export_table(x, "emergency", g->sections[VG_SEC_EMERGENCY].title, cols, 1,
                             VG_XT_NOHEADER);
        /* one row per paragraph or bullet */
        for (char *line = text, *next; rc == VG_OK && line && *line; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            if (*line)
                rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(line)});
        }
        free(text);
    }
    if (rc == VG_OK && g->nphrases) {
        vg_xcol cols[] = {{"local", _("Say"), VG_COL_TEXT, 50},
                          {"meaning", _("Meaning"), VG_COL_TEXT, 50}};
        rc = vg_export_table(x, "phrases", _("Useful phrases"), cols, 2, 0);
        for (size_t i = 0; rc == VG_OK && i < g->nphrases; i++)
            rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(g->phrases[i].local), VG_XS_BOLD),
                                               VG_XTEXT(g->phrases[i].meaning)});
    }
    if (rc == VG_OK && g->nsources) {
        vg_xcol cols[] = {{"id", _("Source"), VG_COL_ID, 0},
                          {"title", _("Title"), VG_COL_TEXT, 70},
                          {"url", _("Address"), VG_COL_TEXT, 50},
                          {"seen", _("Seen on"), VG_COL_DATE, 0}};
        rc = vg_export_table(x, "sources", _("Sources"), cols, 4, 0);
        for (size_t i = 0; rc == VG_OK && i < g->nsources; i++)
            rc = vg_export_row(
                x, (vg_xcell[]){VG_XTEXT(g->sources[i].id), VG_XTEXT(g->sources[i].title),
                                VG_XTEXT(g->sources[i].url), VG_XDATE(g->sources[i].seen)});
    }
    if (rc == VG_OK && g->fallback)
        rc = vg_export_note(
            x, _("This guide is not in the export's language: the other one is shown."),
            VG_XS_MUTED);
    return rc;
}

/* The pre-departure checklist (vigie/ready.h), as `vigie delegation ready`
 * runs it. Its reasons are counts; the people concerned are named only in
 * the coordinator's profile. */
static int readiness(vg_export *x, const vg_dx *d)
{
    vg_ready_template *t = NULL;
    vg_ready_line *lines = NULL;
    size_t n = 0;
    int ready = 0, rc, coord = d->profile == VG_PROFILE_COORDINATOR;
    char path[1024], title[160];
    vg_xcol cols[] = {{"check", _("Check"), VG_COL_TEXT, 50},
                      {"passed", _("Result"), VG_COL_TEXT, 0},
                      {"reason", _("Why"), VG_COL_TEXT, 50},
                      {"people", _("Who is concerned"), VG_COL_TEXT, 50}};
    snprintf(path, sizeof path, "%s/templates/readiness.yaml", d->data_dir ? d->data_dir : ".");
    if ((rc = vg_ready_template_load(path, &t)) != VG_OK ||
        (rc = vg_ready_run(d->st, d->dl->slug, t, d->lang, d->data_dir, &lines, &n, &ready)) !=
            VG_OK)
        goto done;
    snprintf(title, sizeof title, _("Ready to leave: %s"), ready ? _("yes") : _("no"));
    if ((rc = vg_export_table(x, "readiness", title, cols, coord ? 4 : 3, 0)) != VG_OK)
        goto done;
    for (size_t i = 0; rc == VG_OK && i < n; i++) {
        char people[1024];
        size_t len = 0;
        people[0] = '\0';
        for (size_t k = 0; coord && k < lines[i].npeople && len < sizeof people - 1; k++) {
            len += (size_t)snprintf(people + len, sizeof people - len, "%s%s%s%s", k ? "; " : "",
                                    lines[i].people[k].name, lines[i].people[k].detail ? ": " : "",
                                    lines[i].people[k].detail ? lines[i].people[k].detail : "");
        }
        rc = vg_export_row(
            x, (vg_xcell[]){VG_XTEXT(lines[i].label),
                            lines[i].passed ? vg_xstyle(VG_XTEXT(_("passed")), VG_XS_GOOD)
                                            : vg_xstyle(VG_XTEXT(_("failed")), VG_XS_ALERT),
                            VG_XTEXT(lines[i].reason), VG_XTEXT(people[0] ? people : NULL)});
    }
done:
    vg_ready_lines_free(lines, n);
    vg_ready_template_free(t);
    return rc;
}

int vg_dx_summary_more(vg_export *x, const vg_dx *d)
{
    int rc = summary_advice(x, d);
    if (rc == VG_OK)
        rc = readiness(x, d);
    if (rc == VG_OK)
        rc = summary_risks(x, d);
    return rc;
}

int vg_dx_guide_has_ewrc(const vg_dx *d)
{
    const vg_guide *g = d->parts ? d->parts->guide : NULL;
    for (size_t i = 0; g && i < g->noffices; i++)
        if (g->offices[i].kind == VG_OFFICE_EWRC)
            return 1;
    return 0;
}

int vg_dx_guide_contacts(vg_export *x, const vg_dx *d)
{
    return guide_contacts(x, d);
}

/* ---- Check-in protocol ------------------------------------------------ */

static void roles_text(unsigned roles, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (int r = 0; r < VG_ROLE_COUNT; r++)
        if (roles & (1u << r)) {
            len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? ", " : "",
                                    vg_role_label((vg_role)r));
            if (len >= cap)
                len = cap - 1;
        }
}

/* "T+0", "T+30 min", "T+1 h", "T+1 h 30 min", "T+1 d" */
static void delay_text(int64_t s, char *out, size_t cap)
{
    long m = (long)(s / 60);
    if (m == 0)
        snprintf(out, cap, "T+0");
    else if (m % 1440 == 0)
        snprintf(out, cap, "T+%ld %s", m / 1440, _("d"));
    else if (m >= 60 && m % 60)
        snprintf(out, cap, "T+%ld h %ld min", m / 60, m % 60);
    else if (m >= 60)
        snprintf(out, cap, "T+%ld h", m / 60);
    else
        snprintf(out, cap, "T+%ld min", m);
}

static int protocol(vg_export *x, const vg_dx *d)
{
    const struct vg_dx_parts *p = d->parts;
    static const vg_xcol kv[] = {{"field", N_("Field"), VG_COL_TEXT, 0},
                                 {"value", N_("Value"), VG_COL_TEXT, VG_XW_OVERFLOW}};
    vg_xcol cols[2] = {kv[0], kv[1]};
    int fr = d->lang && !strcmp(d->lang, "fr");
    char buf[512], sub[160];
    int rc;
    cols[0].label = _(kv[0].label);
    cols[1].label = _(kv[1].label);
    snprintf(sub, sizeof sub, _("Times are local times in %s."), d->dl->tz);
    if ((rc = vg_export_sheet(x, "checkin_protocol", _("Check-in protocol"))) != VG_OK ||
        (rc = vg_export_title(x, _("Check-in protocol"), sub)) != VG_OK ||
        (rc = vg_export_table(x, "plan", _("Schedule"), cols, 2, VG_XT_NOHEADER)) != VG_OK)
        return rc;
    if (!p->has_plan) {
        rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Daily check-ins")), VG_XS_BOLD),
                                           vg_xstyle(VG_XTEXT(_("no plan set")), VG_XS_ALERT)});
    } else {
        size_t len = 0;
        buf[0] = '\0';
        for (int i = 0; i < p->plan.ndaily; i++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%02d:%02d", i ? ", " : "",
                                    p->plan.daily[i] / 60, p->plan.daily[i] % 60);
        rc = vg_export_row(
            x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Daily check-ins")), VG_XS_BOLD), VG_XTEXT(buf)});
        snprintf(buf, sizeof buf, _("%d minutes after the time"), p->plan.grace);
        if (rc == VG_OK)
            rc = vg_export_row(
                x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Grace")), VG_XS_BOLD), VG_XTEXT(buf)});
        snprintf(buf, sizeof buf, _("%d minutes before the time"), p->plan.early);
        if (rc == VG_OK)
            rc = vg_export_row(
                x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Counts from")), VG_XS_BOLD), VG_XTEXT(buf)});
    }
    if (rc == VG_OK)
        rc = vg_export_row(
            x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Escalation ladder")), VG_XS_BOLD),
                            VG_XTEXT(p->plan.has_ladder ? _("the delegation's own")
                                                        : _("Vigie's default ladder"))});
    if (rc == VG_OK) {
        vg_xcol lc[] = {{"after", _("After the grace window"), VG_COL_TEXT, 0},
                        {"after_travelling", _("While travelling"), VG_COL_TEXT, 0},
                        {"contact", _("Whom to contact"), VG_COL_TEXT, 40},
                        {"action", _("What to do"), VG_COL_TEXT, 70}};
        rc = vg_export_table(x, "ladder", _("When a check-in is missed"), lc, 4, 0);
        for (size_t i = 0; rc == VG_OK && i < p->ladder->nsteps; i++) {
            const vg_ladder_step *s = &p->ladder->steps[i];
            char a[32], b[32];
            delay_text(s->after, a, sizeof a);
            delay_text(s->after_travelling, b, sizeof b);
            roles_text(s->roles, buf, sizeof buf);
            rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(a), VG_XS_BOLD), VG_XTEXT(b),
                                               VG_XTEXT(buf), VG_XTEXT(s->action[fr ? 0 : 1])});
        }
    }
    if (rc == VG_OK) {
        vg_xcol ac[] = {{"alert", _("Alert"), VG_COL_TEXT, 0},
                        {"contact", _("Whom to contact"), VG_COL_TEXT, 40},
                        {"action", _("What to do"), VG_COL_TEXT, 70}};
        rc = vg_export_table(x, "alerts", _("When a check-in raises an alert"), ac, 3, 0);
        for (int k = VG_ALERT_HELP; rc == VG_OK && k <= VG_ALERT_GUESSING; k++) {
            const vg_ladder_step *s = &p->ladder->alerts[k];
            /* A duress alert is never echoed to the field. */
            if ((k == VG_ALERT_DURESS || k == VG_ALERT_GUESSING) &&
                d->profile != VG_PROFILE_COORDINATOR)
                continue;
            if (!s->roles && !s->action[0])
                continue;
            roles_text(s->roles, buf, sizeof buf);
            rc = vg_export_row(
                x, (vg_xcell[]){
                       vg_xstyle(VG_XTEXT(vg_alert_kind_label((vg_alert_kind)k)), VG_XS_ALERT),
                       VG_XTEXT(buf), VG_XTEXT(s->action[fr ? 0 : 1])});
        }
    }
    return rc;
}

/* ---- Check-in log ----------------------------------------------------- */

typedef struct {
    vg_export *x;
    const vg_dx *d;
    int rc;
    /* board: counts of the current local day */
    int64_t day;
    int have_day;
    size_t n[3];
    size_t total;
    /* coordinator: the duress alerts, to mark their check-ins */
    vg_alert_entry *duress;
    size_t nduress;
    /* the labels translated once for the walk, not per row (issue 16) */
    const char *status_label[3], *source_label[3], *purged;
} log_walk;

static const char *const log_sources[3] = {"manual", "code", "card"};

/* 1 if the check-in opened a duress alert (its participant and time). */
static int made_under_duress(const log_walk *w, const vg_checkin_entry *e)
{
    for (size_t i = 0; i < w->nduress; i++)
        if (w->duress[i].kind == VG_ALERT_DURESS && w->duress[i].checkin_at == e->at &&
            w->duress[i].participant_id == e->participant_id)
            return 1;
    return 0;
}

static int flush_day(log_walk *w)
{
    if (!w->have_day)
        return VG_OK;
    return vg_export_row(
        w->x, (vg_xcell[]){VG_XDATE(w->day), VG_XNUM(w->n[0] + w->n[1] + w->n[2]), VG_XNUM(w->n[0]),
                           vg_xstyle(VG_XNUM(w->n[1]), w->n[1] ? VG_XS_ALERT : 0),
                           vg_xstyle(VG_XNUM(w->n[2]), w->n[2] ? VG_XS_ALERT : 0)});
}

static int on_checkin(const vg_checkin_entry *e, void *payload)
{
    log_walk *w = payload;
    unsigned alert = e->status != VG_CHECKIN_OK ? VG_XS_ALERT : 0;
    w->total++;
    if (w->d->profile == VG_PROFILE_BOARD) {
        long off;
        int64_t day;
        if ((w->rc = vg_x_offset(w->x, e->at, &off)) != VG_OK)
            return w->rc;
        day = (e->at + off) >= 0 ? (e->at + off) / 86400 : -((-(e->at + off) + 86399) / 86400);
        if (!w->have_day || day != w->day) {
            if ((w->rc = flush_day(w)) != VG_OK)
                return w->rc;
            w->day = day;
            w->have_day = 1;
            memset(w->n, 0, sizeof w->n);
        }
        if ((unsigned)e->status < 3)
            w->n[e->status]++;
        return VG_OK;
    }
    {
        char duress[96];
        const char *label = (unsigned)e->status < 3 ? w->status_label[e->status]
                                                    : vg_checkin_status_label(e->status);
        const char *source = NULL;
        for (size_t i = 0; e->source && i < 3 && !source; i++)
            if (!strcmp(e->source, log_sources[i]))
                source = w->source_label[i];
        if (!source)
            source = vg_checkin_source_label(e->source);
        if (w->nduress && made_under_duress(w, e)) {
            snprintf(duress, sizeof duress, _("%s, made under DURESS (coordinator only)"), label);
            label = duress;
            alert = VG_XS_ALERT;
        }
        w->rc = vg_export_row(
            w->x,
            (vg_xcell[]){VG_XTIME(e->at),
                         e->participant ? VG_XTEXT(e->participant)
                                        : vg_xstyle(VG_XTEXT(w->purged), VG_XS_MUTED),
                         vg_xstyle(VG_XTEXT(label), alert), VG_XTEXT(e->where), VG_XTEXT(e->via),
                         VG_XTEXT(e->note), VG_XTEXT(source), VG_XTIME(e->logged)});
    }
    return w->rc;
}

static int checkin_log(vg_export *x, const vg_dx *d)
{
    log_walk w;
    int rc;
    memset(&w, 0, sizeof w);
    w.x = x;
    w.d = d;
    for (int i = 0; i < 3; i++) {
        w.status_label[i] = vg_checkin_status_label((vg_checkin_status)i);
        w.source_label[i] = vg_checkin_source_label(log_sources[i]);
    }
    w.purged = _("(personal data purged)");
    if ((rc = vg_export_sheet(x, "checkin_log", _("Check-in log"))) != VG_OK)
        return rc;
    if (d->profile == VG_PROFILE_BOARD) {
        vg_xcol cols[] = {{"day", _("Day"), VG_COL_DATE, 0},
                          {"checkins", _("Check-ins"), VG_COL_INT, 0},
                          {"ok", _("ok"), VG_COL_INT, 0},
                          {"help", _("help"), VG_COL_INT, 0},
                          {"emergency", _("emergency"), VG_COL_INT, 0}};
        rc = vg_export_table(x, "by_day", NULL, cols, 5, VG_XT_LIST);
    } else {
        char when[64];
        vg_xcol cols[] = {{"at", when, VG_COL_DATETIME, 0},
                          {"participant", _("Participant"), VG_COL_TEXT, 0},
                          {"status", _("Status"), VG_COL_TEXT, 0},
                          {"where", _("Where"), VG_COL_TEXT, 30},
                          {"via", _("Via"), VG_COL_TEXT, 0},
                          {"note", _("Note"), VG_COL_TEXT, 40},
                          {"source", _("Source"), VG_COL_TEXT, 0},
                          {"logged", _("Logged"), VG_COL_DATETIME, 0}};
        snprintf(when, sizeof when, _("When (%s)"), d->dl->tz);
        rc = vg_export_table(x, "checkins", NULL, cols, 8, VG_XT_LIST);
    }
    if (rc != VG_OK)
        return rc;
    /* Only the coordinator sees which check-ins were made under duress. */
    if (d->profile == VG_PROFILE_COORDINATOR &&
        (rc = vg_checkin_alerts(d->st, d->dl->slug, 1, &w.duress, &w.nduress)) != VG_OK)
        return rc;
    rc = vg_checkin_each(d->st, d->dl->slug, on_checkin, &w);
    vg_alert_entries_free(w.duress, w.nduress);
    if (rc == VG_OK && d->profile == VG_PROFILE_BOARD)
        rc = flush_day(&w);
    if (rc == VG_OK && w.total == 0)
        rc = vg_export_note(x, _("No check-in logged yet."), VG_XS_MUTED);
    else if (rc == VG_OK && d->profile == VG_PROFILE_BOARD)
        rc = vg_export_note(x,
                            _("The board profile shows check-ins counted by local day: no "
                              "names, places or notes."),
                            VG_XS_MUTED);
    return rc != VG_OK ? rc : w.rc;
}

/* ---- Alerts and lateness ------------------------------------------------ */

static const char *alert_kind_label(vg_alert_kind k)
{
    switch (k) {
    case VG_ALERT_HELP:
        return _("help");
    case VG_ALERT_EMERGENCY:
        return _("emergency");
    case VG_ALERT_DURESS:
        return _("duress");
    case VG_ALERT_GUESSING:
        return _("wrong codes");
    case VG_ALERT_REVIEW:
        return _("to review");
    }
    return "?";
}

static const char *episode_how(vg_episode_end e)
{
    switch (e) {
    case VG_EPISODE_OPEN:
        return _("still overdue");
    case VG_EPISODE_CHECKED_IN:
        return _("checked in");
    case VG_EPISODE_NOT_DUE:
        return _("nothing due any more");
    case VG_EPISODE_RESOLVED:
        return _("closed by the coordinator");
    }
    return "?";
}

static int alerts_sheet(vg_export *x, const vg_dx *d)
{
    vg_alert_entry *a = NULL;
    vg_episode_entry *e = NULL;
    size_t na = 0, ne = 0, hidden = 0;
    int coord = d->profile == VG_PROFILE_COORDINATOR, rc;

    if ((rc = vg_checkin_alerts(d->st, d->dl->slug, 1, &a, &na)) != VG_OK ||
        (rc = vg_checkin_episodes(d->st, d->dl->slug, 1, d->data_dir, &e, &ne)) != VG_OK ||
        (rc = vg_export_sheet(x, "checkin_alerts", _("Alerts and lateness"))) != VG_OK)
        goto done;
    if (d->profile == VG_PROFILE_BOARD) {
        vg_xcol cols[] = {{"kind", _("Kind"), VG_COL_TEXT, 0},
                          {"count", _("Count"), VG_COL_INT, 0},
                          {"open", _("Still open"), VG_COL_INT, 0}};
        if ((rc = vg_export_table(x, "counts", NULL, cols, 3, VG_XT_LIST)) != VG_OK)
            goto done;
        for (int k = VG_ALERT_HELP; rc == VG_OK && k <= VG_ALERT_KIND_MAX; k++) {
            size_t n = 0, open = 0;
            for (size_t i = 0; i < na; i++)
                if ((int)a[i].kind == k) {
                    n++;
                    open += !a[i].resolved;
                }
            rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(alert_kind_label((vg_alert_kind)k)),
                                               vg_xstyle(VG_XNUM(n), n ? VG_XS_ALERT : 0),
                                               VG_XNUM(open)});
        }
        if (rc == VG_OK) {
            size_t open = 0;
            for (size_t i = 0; i < ne; i++)
                open += !e[i].end;
            rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(_("overdue check-in")),
                                               vg_xstyle(VG_XNUM(ne), ne ? VG_XS_ALERT : 0),
                                               VG_XNUM(open)});
        }
        if (rc == VG_OK)
            rc = vg_export_note(x,
                                _("The board profile shows alerts and lateness counted by kind: "
                                  "no names, places or notes."),
                                VG_XS_MUTED);
        goto done;
    }
    {
        vg_xcol cols[] = {{"opened", _("Opened"), VG_COL_DATETIME, 0},
                          {"participant", _("Participant"), VG_COL_TEXT, 0},
                          {"alert", _("Alert"), VG_COL_TEXT, 0},
                          {"where", _("Where"), VG_COL_TEXT, 24},
                          {"detail", _("Detail"), VG_COL_TEXT, 40},
                          {"resolved", _("Resolved"), VG_COL_DATETIME, 0},
                          {"note", _("Resolution note"), VG_COL_TEXT, 40}};
        if ((rc = vg_export_table(x, "alerts", _("Alerts"), cols, 7, 0)) != VG_OK)
            goto done;
    }
    for (size_t i = 0; rc == VG_OK && i < na; i++) {
        /* Duress and wrong codes stay with the coordinator. */
        if (!coord && (a[i].kind == VG_ALERT_DURESS || a[i].kind == VG_ALERT_GUESSING)) {
            hidden++;
            continue;
        }
        rc = vg_export_row(
            x, (vg_xcell[]){VG_XTIME(a[i].checkin_at ? a[i].checkin_at : a[i].opened),
                            a[i].participant
                                ? VG_XTEXT(a[i].participant)
                                : vg_xstyle(VG_XTEXT(_("(personal data purged)")), VG_XS_MUTED),
                            vg_xstyle(VG_XTEXT(alert_kind_label(a[i].kind)), VG_XS_ALERT),
                            VG_XTEXT(a[i].where), VG_XTEXT(a[i].detail),
                            a[i].resolved ? VG_XTIME(a[i].resolved)
                                          : vg_xstyle(VG_XTEXT(_("still open")), VG_XS_ALERT),
                            VG_XTEXT(a[i].note)});
    }
    if (rc == VG_OK && na == hidden)
        rc = vg_export_note(x, _("No alert."), VG_XS_MUTED);
    if (rc == VG_OK && hidden)
        rc = vg_export_note(x,
                            _("Duress and wrong-code alerts are shown in the coordinator's "
                              "profile only."),
                            VG_XS_MUTED);
    if (rc == VG_OK) {
        vg_xcol cols[] = {{"from", _("Overdue from"), VG_COL_DATETIME, 0},
                          {"participant", _("Participant"), VG_COL_TEXT, 0},
                          {"late", _("Minutes late"), VG_COL_INT, 0},
                          {"step", _("Highest ladder step"), VG_COL_INT, 0},
                          {"ended", _("Ended"), VG_COL_DATETIME, 0},
                          {"how", _("How it ended"), VG_COL_TEXT, 0},
                          {"reason", _("Expected for"), VG_COL_TEXT, 24},
                          {"note", _("Resolution note"), VG_COL_TEXT, 40}};
        rc = vg_export_table(x, "episodes", _("Overdue check-ins"), cols, 8, 0);
    }
    for (size_t i = 0; rc == VG_OK && i < ne; i++)
        rc = vg_export_row(
            x, (vg_xcell[]){
                   VG_XTIME(e[i].start),
                   e[i].participant ? VG_XTEXT(e[i].participant)
                                    : vg_xstyle(VG_XTEXT(_("(personal data purged)")), VG_XS_MUTED),
                   VG_XNUM(e[i].late / 60), e[i].step >= 0 ? VG_XNUM(e[i].step + 1) : VG_XEMPTY,
                   e[i].end ? VG_XTIME(e[i].end)
                            : vg_xstyle(VG_XTEXT(_("still overdue")), VG_XS_ALERT),
                   VG_XTEXT(episode_how(e[i].how)), VG_XTEXT(e[i].reason), VG_XTEXT(e[i].note)});
    if (rc == VG_OK && ne == 0)
        rc = vg_export_note(x, _("No overdue check-in recorded."), VG_XS_MUTED);
done:
    vg_alert_entries_free(a, na);
    vg_episode_entries_free(e, ne);
    return rc;
}

int vg_dx_sheets(vg_export *x, const vg_dx *d)
{
    int rc = risk_register(x, d);
    if (rc == VG_OK)
        rc = heat_map(x, d);
    if (rc == VG_OK)
        rc = protocol(x, d);
    if (rc == VG_OK)
        rc = checkin_log(x, d);
    if (rc == VG_OK)
        rc = alerts_sheet(x, d);
    if (rc == VG_OK)
        rc = vg_dx_incidents(x, d);
    if (rc == VG_OK)
        rc = guide_sheet(x, d);
    return rc;
}
