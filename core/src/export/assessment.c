/* The self-assessment workbook for the board.
 *
 *   Summary        the assessment at a glance: levels by domain with the
 *                  share at or above the threshold (formulas), a bar chart,
 *                  the change since the previous assessment, the board's
 *                  sign-off and whether its signature holds, the scale
 *   Essential items  (grids that flag them) the items a first-year action
 *                  plan starts with, and where each stands
 *   Questionnaire  one row per item; the level cell offers the scale as a
 *                  drop-down and is coloured by level; next to it, what the
 *                  level chosen means for that item (the grid's descriptor)
 *   Action plan    the items below the threshold (or unknown): action,
 *                  owner, due date, and whether it is overdue
 *   History        every assessment's domain levels side by side
 *
 * No personal data about participants is in it; the names it holds are
 * those the board wrote itself (signers, action owners). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/config.h>
#include <vigie/assessment.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

#include "export/delegation_parts.h"
#include "export/doc.h"
#include "util/i18n.h"

typedef struct {
    vg_assessment_info *list; /* every assessment, oldest first */
    size_t n;
    size_t cur;             /* index of the exported one in list */
    vg_assessment **loaded; /* n, loaded lazily (History needs all) */
    vg_scores **scores;
} ctx;

static int load(vg_store *st, ctx *c, size_t i)
{
    int rc;
    if (c->loaded[i])
        return VG_OK;
    if ((rc = vg_assessment_load(st, c->list[i].label, &c->loaded[i])) != VG_OK)
        return rc;
    return vg_assessment_score(c->loaded[i], &c->scores[i]);
}

/* The level's word in the grid's language ("Sans objet", "Inconnu"),
 * without commas: a drop-down list is comma-separated. */
static void level_word(const vg_grid *g, int level, char *out, size_t cap)
{
    const vg_grid_level *l = vg_grid_level_of(g, level);
    snprintf(out, cap, "%s", l && l->label ? l->label : vg_level_code(level));
    for (char *p = out; *p; p++)
        if (*p == ',' || *p == '"')
            *p = ' ';
}

/* A level as a cell: a number 1..5, or the word for N/A or unknown. */
static vg_xcell level_cell(const vg_grid *g, int level, char *buf, size_t cap)
{
    vg_xcell c = VG_XEMPTY;
    if (level >= VG_LEVEL_MIN && level <= VG_LEVEL_MAX) {
        c = VG_XNUM(level);
    } else if (level == VG_LEVEL_NA || level == VG_LEVEL_UNKNOWN) {
        level_word(g, level, buf, cap);
        c = VG_XTEXT(buf);
    }
    return c;
}

static const char *domain_title(const vg_grid *g, size_t d)
{
    return g->domains[d].title;
}

/* ---- Summary --------------------------------------------------------- */

static int summary_facts(vg_export *x, const vg_assessment *a, const vg_scores *s, int64_t now,
                         const char *x_tz)
{
    static const vg_xcol cols[] = {{"field", N_("Field"), VG_COL_TEXT, 0},
                                   {"value", N_("Value"), VG_COL_TEXT, VG_XW_OVERFLOW}};
    vg_xcol c[2];
    char buf[200];
    int rc;
    const vg_grid *g = a->grid;
    memcpy(c, cols, sizeof c);
    c[0].label = _(cols[0].label);
    c[1].label = _(cols[1].label);
    if ((rc = vg_export_table(x, "facts", NULL, c, 2, VG_XT_NOHEADER)) != VG_OK)
        return rc;
#define FACT(k, v)                                                                                 \
    if (rc == VG_OK)                                                                               \
    rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(k), VG_XS_BOLD), v})
    FACT(_("Assessment"), VG_XTEXT(a->info.label));
    FACT(_("Date"), vg_xstyle(VG_XDATE(a->info.day), VG_XS_LEFT));
    snprintf(buf, sizeof buf, "%s (%s %s, %s)", g->title, _("version"), g->version, g->lang);
    FACT(_("Questionnaire"), VG_XTEXT(buf));
    snprintf(buf, sizeof buf, _("%zu of %zu"), s->overall.answered, s->overall.total);
    FACT(_("Items answered"), VG_XTEXT(buf));
    FACT(_("Mean level"),
         vg_xstyle(VG_XNUM(round(s->overall.mean * 10) / 10), VG_XS_LEFT | VG_XS_BOLD));
    {
        char pct[32];
        snprintf(pct, sizeof pct, _("%.0f%%"), s->overall.share * 100);
        snprintf(buf, sizeof buf, _("Share of items at level %d or more"), g->threshold);
        FACT(buf, VG_XTEXT(pct));
    }
    FACT(_("Items in the action plan"), vg_xstyle(VG_XNUM(s->overall.needs_action), VG_XS_LEFT));
    if (vg_grid_essential_count(g)) {
        size_t ok = 0, n = vg_grid_essential_count(g);
        for (size_t i = 0; i < g->nitems; i++)
            ok += g->items[i].essential && a->answers[i].level >= g->threshold;
        snprintf(buf, sizeof buf, _("%zu of %zu"), ok, n);
        {
            char k[96];
            snprintf(k, sizeof k, _("Essential items at level %d or more"), g->threshold);
            FACT(k, vg_xstyle(VG_XTEXT(buf), ok == n ? VG_XS_GOOD : VG_XS_ALERT));
        }
    }
    snprintf(buf, sizeof buf, _("Generated (%s)"), x_tz);
    FACT(buf, vg_xstyle(VG_XTIME(now), VG_XS_LEFT));
#undef FACT
    return rc;
}

static int summary_domains(vg_export *x, ctx *c, const vg_assessment *a, const vg_scores *s,
                           const vg_comparison *cmp, const char *prev_label)
{
    vg_xcol cols[10];
    char h_at[64], h_share[64], h_prev[96], f1[64], f2[64], f3[64], r[16], r2[16];
    size_t nc = 0;
    int rc;
    const vg_grid *g = a->grid;
    (void)c;
    snprintf(h_at, sizeof h_at, _("Items at level %d or more"), g->threshold);
    snprintf(h_share, sizeof h_share, _("Share at level %d or more"), g->threshold);
    cols[nc++] = (vg_xcol){"domain", _("Domain"), VG_COL_TEXT, 48};
    cols[nc++] = (vg_xcol){"items", _("Items"), VG_COL_INT, 0};
    cols[nc++] = (vg_xcol){"counted", _("Counted"), VG_COL_INT, 0};
    cols[nc++] = (vg_xcol){"at_or_above", h_at, VG_COL_INT, 12};
    cols[nc++] = (vg_xcol){"share", h_share, VG_COL_PERCENT, 12};
    cols[nc++] = (vg_xcol){"mean_level", _("Mean level"), VG_COL_NUM, 0};
    cols[nc++] = (vg_xcol){"needs_action", _("In the action plan"), VG_COL_INT, 12};
    if (cmp) {
        snprintf(h_prev, sizeof h_prev, _("Mean level in %s"), prev_label);
        cols[nc++] = (vg_xcol){"previous_mean_level", h_prev, VG_COL_NUM, 14};
        cols[nc++] = (vg_xcol){"change", _("Change"), VG_COL_NUM, 0};
    }
    if ((rc = vg_export_table(x, "domains", _("Levels by domain"), cols, nc, 0)) != VG_OK)
        return rc;
    for (size_t d = 0; rc == VG_OK && d < g->ndomains; d++) {
        const vg_score *sc = &s->domains[d];
        double mean = round(sc->mean * 10) / 10;
        vg_xcell row[10];
        char dname[256];
        size_t k = 0;
        vg_export_ref(x, 2, r);
        vg_export_ref(x, 3, r2);
        snprintf(f1, sizeof f1, "=IF(%s>0,%s/%s,0)", r, r2, r);
        snprintf(dname, sizeof dname, "%s %s", g->domains[d].id, domain_title(g, d));
        row[k++] = VG_XTEXT(dname);
        row[k++] = VG_XNUM(sc->total);
        row[k++] = VG_XNUM(sc->counted);
        row[k++] = VG_XNUM(sc->at_or_above);
        row[k++] = VG_XFORMULA(f1, sc->share);
        row[k++] = sc->counted ? vg_xstyle(VG_XNUM(mean), vg_doc_level_style((int)lround(mean)))
                               : VG_XEMPTY;
        row[k++] = VG_XNUM(sc->needs_action);
        if (cmp) {
            const vg_domain_trend *t = NULL;
            for (size_t i = 0; i < cmp->ndomains; i++)
                if (!strcmp(cmp->domains[i].id, g->domains[d].id))
                    t = &cmp->domains[i];
            if (t && t->in_a && t->a.counted) {
                double pm = round(t->a.mean * 10) / 10;
                vg_export_ref(x, 5, r);
                vg_export_ref(x, 7, r2);
                snprintf(f2, sizeof f2, "=%s-%s", r, r2);
                row[k++] = VG_XNUM(pm);
                row[k++] = sc->counted
                               ? vg_xstyle(VG_XFORMULA(f2, mean - pm), mean > pm   ? VG_XS_GOOD
                                                                       : mean < pm ? VG_XS_ALERT
                                                                                   : 0)
                               : VG_XEMPTY;
            } else {
                row[k++] = VG_XEMPTY;
                row[k++] = VG_XEMPTY;
            }
        }
        rc = vg_export_row(x, row);
    }
    if (rc == VG_OK) {
        /* the whole questionnaire: sums of the columns above */
        static const size_t summed[4] = {1, 2, 3, 6};
        char rng[128], cells[4][144];
        vg_xcell row[10];
        size_t k = 0;
        double mean = round(s->overall.mean * 10) / 10;
        for (int i = 0; i < 4; i++) {
            vg_export_range(x, summed[i], 0, rng);
            snprintf(cells[i], sizeof cells[i], "=SUM(%s)", rng);
        }
        vg_export_ref(x, 2, r);
        vg_export_ref(x, 3, r2);
        snprintf(f3, sizeof f3, "=IF(%s>0,%s/%s,0)", r, r2, r);
        row[k++] = vg_xstyle(VG_XTEXT(_("Whole questionnaire")), VG_XS_TOTAL);
        row[k++] = vg_xstyle(VG_XFORMULA(cells[0], s->overall.total), VG_XS_TOTAL);
        row[k++] = vg_xstyle(VG_XFORMULA(cells[1], s->overall.counted), VG_XS_TOTAL);
        row[k++] = vg_xstyle(VG_XFORMULA(cells[2], s->overall.at_or_above), VG_XS_TOTAL);
        row[k++] = vg_xstyle(VG_XFORMULA(f3, s->overall.share), VG_XS_TOTAL);
        row[k++] = vg_xstyle(s->overall.counted ? VG_XNUM(mean) : VG_XEMPTY, VG_XS_TOTAL);
        row[k++] = vg_xstyle(VG_XFORMULA(cells[3], s->overall.needs_action), VG_XS_TOTAL);
        if (cmp) {
            double pm = round(cmp->a.mean * 10) / 10;
            row[k++] = vg_xstyle(cmp->a.counted ? VG_XNUM(pm) : VG_XEMPTY, VG_XS_TOTAL);
            row[k++] = vg_xstyle(
                cmp->a.counted && s->overall.counted ? VG_XNUM(mean - pm) : VG_XEMPTY, VG_XS_TOTAL);
        }
        /* The chart covers the domains only: draw it before the total row. */
        if ((rc = vg_export_chart(x, _("Mean level by domain"), 0, 5, 5, _("Mean level"))) == VG_OK)
            rc = vg_export_row(x, row);
    }
    if (rc == VG_OK && cmp) {
        char note[200];
        snprintf(note, sizeof note, _("Compared with %s: %zu items improved, %zu regressed."),
                 prev_label, cmp->improved, cmp->regressed);
        rc = vg_export_note(x, note, VG_XS_MUTED);
        if (rc == VG_OK && cmp->mapped) {
            snprintf(note, sizeof note,
                     _("%s used questionnaire version %s, read through the mapping of version "
                       "%s: %zu items merged, %zu renumbered, %zu new (not compared)."),
                     prev_label, cmp->earlier_version, cmp->later_version, cmp->nmerged,
                     cmp->nrenamed, cmp->nnew);
            rc = vg_export_note(x, note, VG_XS_MUTED);
        }
    }
    return rc;
}

static int summary_signoff(vg_export *x, vg_store *st, const vg_assessment *a, const char *tz)
{
    char when[96];
    /* the role last: it runs on to the right instead of widening a column
     * of numbers of the table above */
    vg_xcol cols[] = {{"signed_by", _("Signed by"), VG_COL_TEXT, 0},
                      {"signed_at", when, VG_COL_DATETIME, 0},
                      {"code", _("Code for the minutes"), VG_COL_ID, 0},
                      {"signature", _("Signature"), VG_COL_TEXT, 0},
                      {"role", _("Role"), VG_COL_TEXT, VG_XW_OVERFLOW}};
    vg_verification *v = NULL;
    int rc, vrc = VG_EINVALID;
    snprintf(when, sizeof when, _("When (%s)"), tz);
    if ((rc = vg_export_table(x, "signoff", _("Board sign-off"), cols, 5, 0)) != VG_OK)
        return rc;
    if (a->nsignoffs)
        vrc = vg_assessment_verify(st, a->info.label, &v);
    if (vrc != VG_OK && vrc != VG_EINTEGRITY && vrc != VG_EINVALID)
        return vrc;
    if (!a->nsignoffs) {
        rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Not signed yet")), VG_XS_ALERT),
                                           VG_XEMPTY, VG_XEMPTY, VG_XEMPTY, VG_XEMPTY});
        return rc;
    }
    for (size_t i = 0; rc == VG_OK && i < a->nsignoffs; i++) {
        const vg_signoff *so = &a->signoffs[i];
        int bad = v && v->status == VG_VERIFY_BAD_SIGNATURE && i >= v->bad;
        vg_xcell status = bad ? vg_xstyle(VG_XTEXT(_("does not hold")), VG_XS_ALERT)
                              : vg_xstyle(VG_XTEXT(_("holds")), VG_XS_GOOD);
        rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(so->by), VG_XTIME(so->at), VG_XTEXT(so->code),
                                           status, VG_XTEXT(so->role)});
    }
    if (rc == VG_OK && v && v->status == VG_VERIFY_CHANGED) {
        char note[300];
        snprintf(note, sizeof note,
                 _("The assessment changed after the last sign-off (%zu changes): the board "
                   "must sign it again."),
                 v->nchanges);
        rc = vg_export_note(x, note, VG_XS_ALERT);
        for (size_t i = 0; rc == VG_OK && i < v->nchanges && i < 10; i++) {
            char line[300];
            vg_change_describe(&v->changes[i], line, sizeof line);
            rc = vg_export_note(x, line, VG_XS_MUTED);
        }
    } else if (rc == VG_OK && v && v->status == VG_VERIFY_BAD_SIGNATURE) {
        rc = vg_export_note(
            x, _("A signature does not hold: the record was altered outside Vigie."), VG_XS_ALERT);
    }
    vg_verification_free(v);
    return rc;
}

static int summary_scale(vg_export *x, const vg_grid *g)
{
    vg_xcol cols[] = {{"level", _("Level"), VG_COL_LEVEL, 0},
                      {"label", _("Name"), VG_COL_TEXT, 0},
                      {"description", _("What it means"), VG_COL_TEXT, 90}};
    static const int order[] = {1, 2, 3, 4, 5, VG_LEVEL_NA, VG_LEVEL_UNKNOWN};
    int rc = vg_export_sheet(x, "scale", _("Scale"));
    if (rc == VG_OK)
        rc = vg_export_table(x, "scale", NULL, cols, 3, VG_XT_LIST);
    for (size_t i = 0; rc == VG_OK && i < 7; i++) {
        const vg_grid_level *l = vg_grid_level_of(g, order[i]);
        char w[64];
        if (!l)
            continue;
        rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(level_cell(g, order[i], w, sizeof w),
                                                     vg_doc_level_style(order[i])),
                                           VG_XTEXT(l->label), VG_XTEXT(l->description)});
    }
    return rc;
}

/* ---- Questionnaire and action plan ------------------------------------ */

static int questionnaire(vg_export *x, const vg_assessment *a)
{
    const vg_grid *g = a->grid;
    vg_xcol cols[] = {{"id", _("Item"), VG_COL_ID, 0},
                      {"domain", _("Domain"), VG_COL_TEXT, 30},
                      {"text", _("Practice"), VG_COL_TEXT, 70},
                      {"level", _("Level"), VG_COL_LEVEL, 0},
                      {"level_means", _("What this level means here"), VG_COL_TEXT, 50},
                      {"note", _("Note"), VG_COL_TEXT, 45},
                      {"evidence", _("Evidence"), VG_COL_TEXT, 40},
                      {"updated", _("Answered on"), VG_COL_DATE, 0},
                      {"essential", _("Essential"), VG_COL_TEXT, 0}};
    char words[2][64], dom[256];
    const char *choices[7] = {"1", "2", "3", "4", "5", words[0], words[1]};
    int rc;
    level_word(g, VG_LEVEL_NA, words[0], sizeof words[0]);
    level_word(g, VG_LEVEL_UNKNOWN, words[1], sizeof words[1]);
    if ((rc = vg_export_sheet(x, "questionnaire", _("Questionnaire"))) != VG_OK ||
        (rc = vg_export_table(x, "items", NULL, cols, 9, VG_XT_LIST)) != VG_OK)
        return rc;
    for (size_t i = 0; rc == VG_OK && i < g->nitems; i++) {
        const vg_grid_item *it = &g->items[i];
        const vg_answer *an = &a->answers[i];
        /* the item's own descriptor of the level chosen; the scale's
         * sentence for N/A and unknown, or for a grid without descriptors */
        const char *means = vg_grid_item_descriptor(it, an->level);
        const vg_grid_level *gl = vg_grid_level_of(g, an->level);
        char w[64];
        if (!means && gl)
            means = gl->description;
        snprintf(dom, sizeof dom, "%s %s", g->domains[it->domain].id, g->domains[it->domain].title);
        rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(it->id), VG_XTEXT(dom), VG_XTEXT(it->text),
                                           level_cell(g, an->level, w, sizeof w), VG_XTEXT(means),
                                           VG_XTEXT(an->note), VG_XTEXT(an->evidence),
                                           an->updated ? VG_XDATE(an->updated / 86400) : VG_XEMPTY,
                                           it->essential ? VG_XTEXT(_("essential")) : VG_XEMPTY});
    }
    if (rc == VG_OK)
        rc = vg_export_levels(x, 3, choices, 7);
    return rc;
}

/* The status of an item's action, as the action plan words it. */
static vg_xcell action_status(const vg_action *ac, int32_t today)
{
    if (!ac->text)
        return vg_xstyle(VG_XTEXT(_("no action yet")), VG_XS_ALERT);
    if (ac->due == VG_NO_DAY)
        return vg_xstyle(VG_XTEXT(_("no due date")), VG_XS_MUTED);
    if (ac->due < today)
        return vg_xstyle(VG_XTEXT(_("overdue")), VG_XS_ALERT);
    return VG_XTEXT(_("planned"));
}

/* The essential items apart: where each stands against the threshold, and
 * its action when it needs one. Nothing for a grid that flags none. */
static int essential_items(vg_export *x, const vg_assessment *a, int64_t now)
{
    const vg_grid *g = a->grid;
    vg_xcol cols[] = {{"id", _("Item"), VG_COL_ID, 0},
                      {"text", _("Practice"), VG_COL_TEXT, 60},
                      {"level", _("Level"), VG_COL_LEVEL, 0},
                      {"state", _("Where it stands"), VG_COL_TEXT, 0},
                      {"level_means", _("What this level means here"), VG_COL_TEXT, 45},
                      {"action", _("Action"), VG_COL_TEXT, 40},
                      {"owner", _("Owner"), VG_COL_TEXT, 0},
                      {"due", _("Due"), VG_COL_DATE, 0},
                      {"status", _("Status"), VG_COL_TEXT, 0}};
    int32_t today = vg_day_at(now, NULL);
    char t[160];
    int rc;
    if (!vg_grid_essential_count(g))
        return VG_OK;
    snprintf(t, sizeof t, _("The %zu essential items: where a first-year action plan starts"),
             vg_grid_essential_count(g));
    if ((rc = vg_export_sheet(x, "essential", _("Essential items"))) != VG_OK ||
        (rc = vg_export_table(x, "essential", t, cols, 9, 0)) != VG_OK)
        return rc;
    for (size_t i = 0; rc == VG_OK && i < g->nitems; i++) {
        const vg_grid_item *it = &g->items[i];
        const vg_action *ac = &a->actions[i];
        int l = a->answers[i].level, need = vg_assessment_needs_action(a, i);
        const char *means = vg_grid_item_descriptor(it, l);
        char w[64];
        vg_xcell state;
        if (!it->essential)
            continue;
        if (l == VG_LEVEL_UNANSWERED)
            state = vg_xstyle(VG_XTEXT(_("not answered")), VG_XS_ALERT);
        else if (l == VG_LEVEL_NA)
            state = vg_xstyle(VG_XTEXT(_("not applicable")), VG_XS_MUTED);
        else if (need)
            state = vg_xstyle(VG_XTEXT(_("below the target")), VG_XS_ALERT);
        else
            state = vg_xstyle(VG_XTEXT(_("at the target")), VG_XS_GOOD);
        rc = vg_export_row(
            x, (vg_xcell[]){VG_XTEXT(it->id), VG_XTEXT(it->text),
                            vg_xstyle(level_cell(g, l, w, sizeof w), vg_doc_level_style(l)), state,
                            VG_XTEXT(means), VG_XTEXT(ac->text), VG_XTEXT(ac->owner),
                            ac->text && ac->due != VG_NO_DAY ? VG_XDATE(ac->due) : VG_XEMPTY,
                            need || ac->text ? action_status(ac, today) : VG_XEMPTY});
    }
    return rc;
}

static int action_plan(vg_export *x, const vg_assessment *a, int64_t now)
{
    const vg_grid *g = a->grid;
    vg_xcol cols[] = {{"id", _("Item"), VG_COL_ID, 0},
                      {"domain", _("Domain"), VG_COL_TEXT, 30},
                      {"text", _("Practice"), VG_COL_TEXT, 60},
                      {"level", _("Level"), VG_COL_LEVEL, 0},
                      {"action", _("Action"), VG_COL_TEXT, 50},
                      {"owner", _("Owner"), VG_COL_TEXT, 0},
                      {"due", _("Due"), VG_COL_DATE, 0},
                      {"status", _("Status"), VG_COL_TEXT, 0},
                      {"essential", _("Essential"), VG_COL_TEXT, 0}};
    int32_t today = vg_day_at(now, NULL);
    size_t n = 0;
    int rc;
    if ((rc = vg_export_sheet(x, "action_plan", _("Action plan"))) != VG_OK ||
        (rc = vg_export_table(x, "actions", NULL, cols, 9, VG_XT_LIST)) != VG_OK)
        return rc;
    /* essential items first, then the others, each in questionnaire order */
    for (size_t k = 0; rc == VG_OK && k < 2 * g->nitems; k++) {
        size_t i = k % g->nitems;
        const vg_action *ac = &a->actions[i];
        const vg_grid_item *it = &g->items[i];
        char w[64], dom[256];
        if (!vg_assessment_needs_action(a, i) || !it->essential != (k >= g->nitems))
            continue;
        n++;
        snprintf(dom, sizeof dom, "%s %s", g->domains[it->domain].id, g->domains[it->domain].title);
        rc =
            vg_export_row(x, (vg_xcell[]){VG_XTEXT(it->id), VG_XTEXT(dom), VG_XTEXT(it->text),
                                          vg_xstyle(level_cell(g, a->answers[i].level, w, sizeof w),
                                                    vg_doc_level_style(a->answers[i].level)),
                                          VG_XTEXT(ac->text), VG_XTEXT(ac->owner),
                                          ac->due != VG_NO_DAY ? VG_XDATE(ac->due) : VG_XEMPTY,
                                          action_status(ac, today),
                                          it->essential ? VG_XTEXT(_("essential")) : VG_XEMPTY});
    }
    if (rc == VG_OK && n == 0)
        rc = vg_export_note(x, _("No item is below the threshold: the action plan is empty."),
                            VG_XS_MUTED);
    return rc;
}

/* ---- History ------------------------------------------------------------ */

/* The domains of every assessment: the newest one's in order, then those
 * only older ones have. */
typedef struct {
    const char *id, *title;
} dom_ref;

static int history(vg_export *x, vg_store *st, ctx *c)
{
    dom_ref *doms = NULL;
    size_t nd = 0, cap = 0;
    vg_xcol *cols = NULL;
    char(*keys)[64] = NULL;
    vg_xcell *row = NULL;
    int rc = VG_OK;

    for (size_t i = 0; rc == VG_OK && i < c->n; i++)
        rc = load(st, c, i);
    if (rc != VG_OK)
        goto done;
    for (size_t k = c->n; k-- > 0;) {
        const vg_grid *g = c->loaded[k]->grid;
        for (size_t d = 0; d < g->ndomains; d++) {
            int seen = 0;
            for (size_t j = 0; j < nd && !seen; j++)
                seen = !strcmp(doms[j].id, g->domains[d].id);
            if (seen)
                continue;
            if (nd == cap) {
                dom_ref *p = realloc(doms, (cap = cap ? cap * 2 : 16) * sizeof *p);
                if (!p) {
                    rc = vg_error_oom();
                    goto done;
                }
                doms = p;
            }
            doms[nd].id = g->domains[d].id;
            doms[nd].title = g->domains[d].title;
            nd++;
        }
    }
    if (!(cols = calloc(c->n + 2, sizeof *cols)) || !(keys = calloc(c->n, sizeof *keys)) ||
        !(row = calloc(c->n + 2, sizeof *row))) {
        rc = vg_error_oom();
        goto done;
    }
    if ((rc = vg_export_sheet(x, "history", _("History"))) != VG_OK)
        goto done;
    for (int pass = 0; pass < 2 && rc == VG_OK; pass++) {
        cols[0] = (vg_xcol){"domain_id", _("Domain"), VG_COL_ID, 0};
        cols[1] = (vg_xcol){"domain", _("Title"), VG_COL_TEXT, 44};
        for (size_t i = 0; i < c->n; i++) {
            snprintf(keys[i], sizeof keys[i], "%s_%s", pass ? "share" : "mean_level",
                     c->list[i].label);
            cols[i + 2] =
                (vg_xcol){keys[i], c->list[i].label, pass ? VG_COL_PERCENT : VG_COL_NUM, 10};
        }
        if (pass == 0) {
            if ((rc = vg_export_table(x, "mean_levels", _("Mean level by domain"), cols, c->n + 2,
                                      0)) != VG_OK)
                goto done;
        } else {
            char t[96];
            snprintf(t, sizeof t, _("Share of items at level %d or more"),
                     c->loaded[c->cur]->grid->threshold);
            if ((rc = vg_export_table(x, "shares", t, cols, c->n + 2, 0)) != VG_OK)
                goto done;
        }
        for (size_t d = 0; rc == VG_OK && d <= nd; d++) {
            int total = d == nd;
            unsigned ts = total ? VG_XS_TOTAL : 0;
            row[0] = vg_xstyle(total ? VG_XEMPTY : VG_XTEXT(doms[d].id), ts);
            row[1] = vg_xstyle(VG_XTEXT(total ? _("Whole questionnaire") : doms[d].title), ts);
            for (size_t i = 0; i < c->n; i++) {
                const vg_grid *g = c->loaded[i]->grid;
                const vg_score *sc = NULL;
                if (total) {
                    sc = &c->scores[i]->overall;
                } else {
                    for (size_t k = 0; k < g->ndomains; k++)
                        if (!strcmp(g->domains[k].id, doms[d].id))
                            sc = &c->scores[i]->domains[k];
                }
                if (!sc || !sc->counted) {
                    row[i + 2] = vg_xstyle(VG_XEMPTY, ts);
                } else if (pass == 0) {
                    double m = round(sc->mean * 10) / 10;
                    row[i + 2] = vg_xstyle(VG_XNUM(m), ts | vg_doc_level_style((int)lround(m)));
                } else {
                    row[i + 2] = vg_xstyle(VG_XNUM(sc->share), ts);
                }
            }
            rc = vg_export_row(x, row);
        }
    }
done:
    free(doms);
    free(cols);
    free(keys);
    free(row);
    return rc;
}

/* ---- the document ---------------------------------------------------- */

int vg_export_assessment(vg_store *st, const char *label, const vg_export_req *req)
{
    ctx c = {0};
    vg_export *x = NULL;
    vg_comparison *cmp = NULL;
    vg_assessment *a;
    char title[160], sub[400], detail[64];
    int64_t now = vg_now();
    int rc;
    char *org = NULL, *tz = NULL;

    if ((rc = vg_assessment_list(st, &c.list, &c.n)) != VG_OK)
        return rc;
    for (c.cur = 0; c.cur < c.n && strcmp(c.list[c.cur].label, label) != 0; c.cur++)
        ;
    if (c.cur == c.n) {
        rc = vg_error_set(VG_ENOTFOUND, _("no assessment \"%s\""), label);
        goto done;
    }
    if (!(c.loaded = calloc(c.n, sizeof *c.loaded)) ||
        !(c.scores = calloc(c.n, sizeof *c.scores))) {
        rc = vg_error_oom();
        goto done;
    }
    if ((rc = load(st, &c, c.cur)) != VG_OK)
        goto done;
    a = c.loaded[c.cur];
    if (c.cur > 0) {
        if ((rc = load(st, &c, c.cur - 1)) != VG_OK ||
            (rc = vg_assessment_compare(c.loaded[c.cur - 1], a, &cmp)) != VG_OK)
            goto done;
    }

    snprintf(title, sizeof title, _("Security self-assessment %s"), label);
    /* times for the board in the organisation's zone, never bare UTC */
    if (!(tz = vg_config_timezone(st))) {
        rc = vg_error_oom();
        goto done;
    }
    snprintf(detail, sizeof detail, "format=%s", vg_export_format_name(req->format));
    if ((rc = vg_doc_open(&x, st, req, tz, title, a->grid->title,
                          _("security, self-assessment, board"), "export.assessment", label,
                          detail)) != VG_OK)
        goto done;
    org = vg_doc_org(st);
    {
        char day[16];
        vg_date_format(day, a->info.day);
        snprintf(sub, sizeof sub, "%s%s%s", org ? org : "", org ? " · " : "", day);
    }
    {
        char foot[400]; /* printed at the foot of every page */
        snprintf(foot, sizeof foot, "%s%s%s", org ? org : "", org ? " · " : "", title);
        rc = vg_export_footer(x, foot);
    }
    if (rc != VG_OK || (rc = vg_export_sheet(x, "summary", _("Summary"))) != VG_OK ||
        (rc = vg_export_title(x, title, sub)) != VG_OK ||
        (rc = summary_facts(x, a, c.scores[c.cur], now, tz)) != VG_OK ||
        (rc = summary_domains(x, &c, a, c.scores[c.cur], cmp,
                              c.cur > 0 ? c.list[c.cur - 1].label : NULL)) != VG_OK ||
        (rc = summary_signoff(x, st, a, tz)) != VG_OK ||
        (rc = essential_items(x, a, now)) != VG_OK || (rc = questionnaire(x, a)) != VG_OK ||
        (rc = action_plan(x, a, now)) != VG_OK || (rc = history(x, st, &c)) != VG_OK ||
        (rc = vg_ax_incidents(x, st, a->info.day)) != VG_OK ||
        (rc = summary_scale(x, a->grid)) != VG_OK)
        goto done;
    rc = vg_export_commit(x);
done:
    vg_export_free(x);
    vg_comparison_free(cmp);
    for (size_t i = 0; c.loaded && i < c.n; i++) {
        vg_scores_free(c.scores[i]);
        vg_assessment_free(c.loaded[i]);
    }
    free(c.loaded);
    free(c.scores);
    vg_assessment_list_free(c.list, c.n);
    free(org);
    free(tz);
    return rc;
}
