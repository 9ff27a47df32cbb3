/* Incidents in the exports (issue 18).
 *
 * The risk file's Incidents sheet, per profile:
 *   board        counts by year, country, category, severity and kind: no
 *                name, no place below the region, no narrative
 *   team         what the team lead needs in the field: each incident's
 *                date, kind, category, severity, region and place, what
 *                happened, what was done, help needed, the people, open or
 *                closed
 *   coordinator  the whole register: the above, who reported it, the
 *                post-incident report and analysis, and every timeline
 *                entry
 * Sealed texts (health, sexual violence) never reach a file: their cells
 * say they are sealed, whatever the profile.
 *
 * The sharing export (vg_export_incidents): every delegation's incidents as
 * month, country, region, category, severity and kind, for the exchange of
 * incident data between organisations that the SIIM handbook recommends:
 * no names, no place below the region, no free text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/export.h>
#include <vigie/incident.h>

#include "export/delegation_parts.h"
#include "export/doc.h"
#include "util/i18n.h"

static const char *kind_label(const vg_incident *i)
{
    return i->near_miss ? _("near miss") : _("incident");
}

static vg_xcell sealed_cell(const vg_incident *i, const char *t)
{
    if (t)
        return VG_XTEXT(t);
    if (i->purged)
        return vg_xstyle(VG_XTEXT(_("(personal data purged)")), VG_XS_MUTED);
    if (i->sealed)
        return vg_xstyle(VG_XTEXT(_("(sealed: vigie incident show --reveal)")), VG_XS_MUTED);
    return VG_XEMPTY;
}

static int year_of(int64_t t)
{
    char day[16];
    vg_date_format(day, vg_day_at(t, "UTC"));
    return atoi(day);
}

/* The people of an incident in one cell: "Amélie Tremblay (affected), ...". */
static void people_text(const vg_incident *i, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t p = 0; p < i->npeople && n < cap; p++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s (%s)", n ? ", " : "",
                              i->people[p].name ? i->people[p].name : _("sealed or purged"),
                              vg_incident_role_label(i->people[p].role));
}

typedef struct {
    int year;
    const char *category;
    int severity, near_miss;
    size_t count;
} agg;

static int board_counts(vg_export *x, vg_incident **list, size_t n, const char *country)
{
    agg *a = NULL;
    size_t na = 0;
    int rc;
    vg_xcol cols[] = {
        {"year", _("Year"), VG_COL_INT, 0},          {"country", _("Country"), VG_COL_TEXT, 0},
        {"category", _("Category"), VG_COL_TEXT, 0}, {"severity", _("Severity"), VG_COL_INT, 0},
        {"kind", _("Kind"), VG_COL_TEXT, 0},         {"count", _("Count"), VG_COL_INT, 0}};
    for (size_t i = 0; i < n; i++) {
        int y = year_of(list[i]->occurred);
        size_t k = 0;
        while (k < na &&
               !(a[k].year == y && !strcmp(a[k].category, list[i]->category) &&
                 a[k].severity == list[i]->severity && a[k].near_miss == list[i]->near_miss))
            k++;
        if (k == na) {
            agg *g = realloc(a, (na + 1) * sizeof *g);
            if (!g) {
                free(a);
                return vg_error_oom();
            }
            a = g;
            a[na++] = (agg){y, list[i]->category, list[i]->severity, list[i]->near_miss, 0};
        }
        a[k].count++;
    }
    rc = vg_export_table(x, "counts", NULL, cols, 6, VG_XT_LIST);
    for (size_t k = 0; rc == VG_OK && k < na; k++)
        rc =
            vg_export_row(x, (vg_xcell[]){VG_XNUM(a[k].year), VG_XTEXT(country),
                                          VG_XTEXT(vg_incident_category_label(a[k].category)),
                                          VG_XNUM(a[k].severity),
                                          VG_XTEXT(a[k].near_miss ? _("near miss") : _("incident")),
                                          VG_XNUM(a[k].count)});
    free(a);
    if (rc == VG_OK)
        rc = vg_export_note(x,
                            na ? _("The board profile counts incidents by year, country, category "
                                   "and severity: no names, places or narrative.")
                               : _("No incident."),
                            VG_XS_MUTED);
    return rc;
}

int vg_dx_incidents(vg_export *x, const vg_dx *d)
{
    vg_incident **list = NULL;
    size_t n = 0;
    int coord = d->profile == VG_PROFILE_COORDINATOR, rc;
    if ((rc = vg_incident_list(d->st, d->dl->slug, &list, &n)) != VG_OK)
        return rc;
    if ((rc = vg_export_sheet(x, "incidents", _("Incidents"))) != VG_OK)
        goto done;
    if (d->profile == VG_PROFILE_BOARD) {
        rc = board_counts(x, list, n, vg_export_country_name(d->dl->country));
        goto done;
    }
    {
        vg_xcol cols[] = {{"ref", _("Ref."), VG_COL_ID, 0},
                          {"occurred", _("When"), VG_COL_DATETIME, 0},
                          {"kind", _("Kind"), VG_COL_TEXT, 0},
                          {"category", _("Category"), VG_COL_TEXT, 0},
                          {"severity", _("Severity"), VG_COL_INT, 0},
                          {"region", _("Region"), VG_COL_TEXT, 0},
                          {"place", _("Place"), VG_COL_TEXT, 24},
                          {"what", _("What happened"), VG_COL_TEXT, 40},
                          {"done", _("What was done"), VG_COL_TEXT, 40},
                          {"help", _("Help needed"), VG_COL_TEXT, 30},
                          {"people", _("People"), VG_COL_TEXT, 30},
                          {"state", _("State"), VG_COL_TEXT, 0},
                          {"reported_by", _("Reported by"), VG_COL_TEXT, 0},
                          {"causes", _("Causes"), VG_COL_TEXT, 40},
                          {"procedures", _("Procedures followed"), VG_COL_TEXT, 0},
                          {"changes", _("Changes"), VG_COL_TEXT, 40},
                          {"support", _("Support offered"), VG_COL_TEXT, 40}};
        if ((rc = vg_export_table(x, "register", NULL, cols, coord ? 17 : 12, VG_XT_LIST)) != VG_OK)
            goto done;
    }
    for (size_t i = 0; rc == VG_OK && i < n; i++) {
        const vg_incident *e = list[n - 1 - i]; /* oldest first */
        char ref[16], people[1024];
        snprintf(ref, sizeof ref, "I%d", e->num);
        if (e->sealed && !e->revealed)
            snprintf(people, sizeof people, "%s", _("(sealed: vigie incident show --reveal)"));
        else
            people_text(e, people, sizeof people);
        rc = vg_export_row(
            x,
            (vg_xcell[]){VG_XTEXT(ref), VG_XTIME(e->occurred), VG_XTEXT(kind_label(e)),
                         VG_XTEXT(vg_incident_category_label(e->category)),
                         vg_xstyle(VG_XNUM(e->severity), e->severity >= 4 ? VG_XS_ALERT : 0),
                         VG_XTEXT(e->region), sealed_cell(e, e->place), sealed_cell(e, e->what),
                         sealed_cell(e, e->done), sealed_cell(e, e->help), VG_XTEXT(people),
                         e->closed ? VG_XTEXT(_("report written"))
                                   : vg_xstyle(VG_XTEXT(_("in progress")), VG_XS_ALERT),
                         VG_XTEXT(e->reported_by), sealed_cell(e, e->causes),
                         VG_XTEXT(e->closed ? vg_incident_procedures_label(e->procedures) : NULL),
                         sealed_cell(e, e->changes), sealed_cell(e, e->support)});
    }
    if (rc == VG_OK && n == 0)
        rc = vg_export_note(x, _("No incident."), VG_XS_MUTED);
    if (rc == VG_OK && !coord && n)
        rc = vg_export_note(x,
                            _("The team profile leaves out the post-incident analysis and the "
                              "timeline: they are in the coordinator's profile."),
                            VG_XS_MUTED);
    if (rc != VG_OK || !coord)
        goto done;
    {
        vg_xcol cols[] = {{"ref", _("Ref."), VG_COL_ID, 0},
                          {"at", _("When"), VG_COL_DATETIME, 0},
                          {"kind", _("Entry"), VG_COL_TEXT, 0},
                          {"by", _("By"), VG_COL_TEXT, 0},
                          {"text", _("Text"), VG_COL_TEXT, 60}};
        rc = vg_export_table(x, "timeline", _("Timeline"), cols, 5, 0);
    }
    for (size_t i = 0; rc == VG_OK && i < n; i++) {
        const vg_incident *e = list[n - 1 - i];
        vg_incident_entry *t = NULL;
        size_t nt = 0;
        char ref[16];
        snprintf(ref, sizeof ref, "I%d", e->num);
        if ((rc = vg_incident_timeline(d->st, e, 0, &t, &nt)) != VG_OK)
            break;
        for (size_t k = 0; rc == VG_OK && k < nt; k++)
            rc = vg_export_row(
                x, (vg_xcell[]){VG_XTEXT(ref), VG_XTIME(t[k].at),
                                VG_XTEXT(vg_incident_entry_label(t[k].kind)), VG_XTEXT(t[k].by),
                                t[k].hidden ? vg_xstyle(VG_XTEXT(_("(sealed)")), VG_XS_MUTED)
                                            : VG_XTEXT(t[k].text)});
        vg_incident_entries_free(t, nt);
    }
done:
    vg_incident_list_free(list, n);
    return rc;
}

int vg_export_incidents(vg_store *st, int year, const vg_export_req *req)
{
    vg_export *x = NULL;
    vg_incident **list = NULL;
    size_t n = 0;
    int rc;
    vg_xcol cols[] = {{"month", _("Month"), VG_COL_ID, 0},
                      {"country", _("Country"), VG_COL_ID, 0},
                      {"region", _("Region"), VG_COL_TEXT, 0},
                      {"category", _("Category"), VG_COL_ID, 0},
                      {"category_label", _("Category (label)"), VG_COL_TEXT, 0},
                      {"severity", _("Severity"), VG_COL_INT, 0},
                      {"near_miss", _("Near miss"), VG_COL_INT, 0}};
    char detail[64];
    if ((rc = vg_incident_list(st, NULL, &list, &n)) != VG_OK)
        return rc;
    snprintf(detail, sizeof detail, "year=%d format=%s", year, vg_export_format_name(req->format));
    /* audited before the file takes its name (export/doc.c) */
    if ((rc = vg_doc_open(&x, st, req, NULL, _("Incidents for sharing"),
                          _("anonymised: month, country, region, category, severity"),
                          _("security, incidents, SIIM"), "export.incidents", "incidents",
                          detail)) != VG_OK ||
        (rc = vg_export_sheet(x, "incidents", _("Incidents"))) != VG_OK ||
        (rc = vg_export_table(x, "incidents", NULL, cols, 7, VG_XT_LIST)) != VG_OK)
        goto done;
    for (size_t i = n; rc == VG_OK && i-- > 0;) {
        const vg_incident *e = list[i];
        char month[16];
        if (year && year_of(e->occurred) != year)
            continue;
        vg_date_format(month, vg_day_at(e->occurred, "UTC"));
        month[7] = '\0';
        rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(month), VG_XTEXT(e->country),
                                           VG_XTEXT(e->region), VG_XTEXT(e->category),
                                           VG_XTEXT(vg_incident_category_label(e->category)),
                                           VG_XNUM(e->severity), VG_XNUM(e->near_miss)});
    }
    if (rc == VG_OK)
        rc = vg_export_note(x,
                            _("Anonymised for sharing between organisations: no names, no place "
                              "below the region, no free text; months in UTC."),
                            VG_XS_MUTED);
    if (rc == VG_OK)
        rc = vg_export_commit(x);
done:
    vg_export_free(x);
    vg_incident_list_free(list, n);
    return rc;
}

int vg_ax_incidents(vg_export *x, vg_store *st, int32_t day)
{
    vg_incident_count *c = NULL;
    size_t n = 0, inc = 0, near = 0;
    char day_s[16], line[300];
    int year, rc;
    vg_xcol cols[] = {
        {"year", _("Year"), VG_COL_INT, 0},          {"country", _("Country"), VG_COL_TEXT, 0},
        {"category", _("Category"), VG_COL_TEXT, 0}, {"severity", _("Severity"), VG_COL_INT, 0},
        {"kind", _("Kind"), VG_COL_TEXT, 0},         {"count", _("Count"), VG_COL_INT, 0}};
    vg_date_format(day_s, day);
    year = atoi(day_s);
    if ((rc = vg_incident_counts(st, 0, &c, &n)) != VG_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (c[i].year == year) {
            if (c[i].near_miss)
                near += c[i].count;
            else
                inc += c[i].count;
        }
    snprintf(line, sizeof line,
             _("Evidence for D7 (incidents): %zu incidents and %zu near misses recorded in %d."),
             inc, near, year);
    if ((rc = vg_export_sheet(x, "incidents", _("Incidents"))) != VG_OK ||
        (rc = vg_export_title(x, _("Incidents, year by year"), line)) != VG_OK ||
        (rc = vg_export_table(x, "counts", NULL, cols, 6, 0)) != VG_OK)
        goto done;
    for (size_t i = 0; rc == VG_OK && i < n; i++)
        rc = vg_export_row(
            x, (vg_xcell[]){
                   VG_XNUM(c[i].year), VG_XTEXT(vg_export_country_name(c[i].country)),
                   VG_XTEXT(vg_incident_category_label(c[i].category)), VG_XNUM(c[i].severity),
                   VG_XTEXT(c[i].near_miss ? _("near miss") : _("incident")), VG_XNUM(c[i].count)});
    if (rc == VG_OK)
        rc = vg_export_note(x,
                            n ? _("Counted from the incident register by year, country, category "
                                  "and severity: no names, places or narrative.")
                              : _("No incident recorded."),
                            VG_XS_MUTED);
done:
    free(c);
    return rc;
}
