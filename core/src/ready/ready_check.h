/* Private: the readiness registry, for the modules that add checks.
 *
 * The way modules register their schemas: a module that adds checks (risks
 * assessed and approved, check-in plan set, guide reviewed in time) exports
 * a NULL-terminated table of vg_ready_check, adds ONE line to the registry
 * (core/src/ready/registry.c) and its items to the template
 * (templates/readiness.yaml). Programs only load templates and run them
 * (vigie/ready.h). */
#ifndef VG_READY_CHECK_H
#define VG_READY_CHECK_H

#include <vigie/ready.h>

/* What a check sees: the delegation, its (unpurged) participants and its
 * contacts, loaded once for the whole checklist. */
typedef struct {
    vg_store *st;
    const vg_delegation *d;
    const vg_ready_item *item;
    const char *data_dir; /* templates and country guides */
    const char *lang;     /* "fr" or "en": the checklist's language */
    vg_participant **participants;
    size_t nparticipants;
    vg_contact **contacts;
    size_t ncontacts;
    /* a check may set a placeholder's value for the label ("{months}") */
    char label_value[64];
} vg_ready_ctx;

/* Fill out->passed, out->reason (vg_ready_reason) and the people concerned
 * (vg_ready_person_add). Return VG_OK, or a code when the check could not
 * run at all. */
typedef int (*vg_ready_fn)(vg_ready_ctx *ctx, vg_ready_line *out);

typedef struct {
    const char *id;
    vg_ready_fn run;
    const char *params; /* the parameters it takes, space-separated: "months from_guide" */
} vg_ready_check;

/* The registry: NULL-terminated list of NULL-id-terminated tables. */
extern const vg_ready_check *const vg_ready_checks[];
const vg_ready_check *vg_ready_check_find(const char *id);

/* Helpers for checks. */
const char *vg_ready_param_get(const vg_ready_item *it, const char *key);
long vg_ready_param_int(const vg_ready_item *it, const char *key, long dflt);
int vg_ready_reason(vg_ready_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vg_ready_person_add(vg_ready_line *l, const char *name, const char *detail);

#endif
