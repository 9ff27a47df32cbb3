/* Private: the risk file's state, and the parts of it whose data belongs
 * to other modules (the country guide, the risk register, the check-ins).
 * delegation.c writes the sheets whose data is the delegation module's;
 * delegation_parts.c adds the others through these hooks. */
#ifndef VG_EXPORT_DELEGATION_PARTS_H
#define VG_EXPORT_DELEGATION_PARTS_H

#include <stdint.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/export.h>

typedef struct {
    const char *role; /* points into a participant, or a constant */
    size_t n;
} vg_role_count;

struct vg_dx_parts; /* delegation_parts.c */

typedef struct {
    vg_store *st;
    unsigned profile; /* VG_PROFILE_* */
    int64_t now;
    const char *lang, *data_dir;
    vg_delegation *dl;
    vg_participant **p;
    size_t np;
    vg_contact **c;
    size_t nc;
    vg_role_count *roles;
    size_t nroles;
    struct vg_dx_parts *parts;
} vg_dx;

/* Load what the parts need (after the delegation, participants, contacts). */
int vg_dx_load(vg_dx *d);
void vg_dx_free(vg_dx *d);
/* More tables on the Summary sheet, after the delegation's facts. */
int vg_dx_summary_more(vg_export *x, const vg_dx *d);
/* More tables on the Emergency contacts sheet, after the delegation's own. */
int vg_dx_guide_contacts(vg_export *x, const vg_dx *d);
/* 1 if the country guide lists Canada's Emergency Watch and Response
 * Centre (then the risk file does not repeat it). */
int vg_dx_guide_has_ewrc(const vg_dx *d);
/* The sheets between Emergency contacts and About. */
int vg_dx_sheets(vg_export *x, const vg_dx *d);
/* The Incidents sheet, per profile (export/incidents.c). */
int vg_dx_incidents(vg_export *x, const vg_dx *d);
/* The board workbook's Incidents sheet: counts by year, category and
 * severity; the year of the assessment (its day) as evidence for D7 (export/incidents.c). */
int vg_ax_incidents(vg_export *x, vg_store *st, int32_t day);

/* "Colombia" for "CO" in the document's language (the code when unknown). */
const char *vg_export_country_name(const char *cc);

#endif
