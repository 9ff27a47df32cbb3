/* vigie/contact.h: a delegation's own contacts (partners, accommodation,
 * embassy, insurer, local emergency services). Every change runs inside the
 * caller's transaction and is audited. */
#ifndef VIGIE_CONTACT_H
#define VIGIE_CONTACT_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/store.h>

/* Contacts of a delegation: partner, accommodation, embassy, insurer,
 * emergency-service, focal-point, crisis-cell, other. */
typedef struct {
    int64_t id;
    char *name;
    char *role;
    char *phone; /* international form */
    char *email;
    char *note;
    int from_guide; /* 1 when it comes from the country guide, not the store */
} vg_contact;

/* The roles, NULL-terminated. */
const char *const *vg_contact_roles(void);
/* Validate and add (name, role and phone required; the phone normalised,
 * a number without a country code read as North American or as the
 * delegation's country, ambiguous ones refused). The caller's strings are
 * not changed; c->id is set. */
int vg_contact_add(vg_store *st, const char *slug, vg_contact *c);
/* The delegation's own contacts, in order of addition. (The country guide's
 * emergency numbers and representation come from vigie/guide.h; callers that
 * show both mark those from_guide.) */
int vg_contact_list(vg_store *st, const char *slug, vg_contact ***out, size_t *n);
void vg_contact_list_free(vg_contact **list, size_t n);

#endif
