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
    int to_check;   /* from the guide: a fact marked "to be checked" */
} vg_contact;

/* The roles, NULL-terminated. */
const char *const *vg_contact_roles(void);
/* A role's label in the user's language ("partner" -> "local partner");
 * an unknown role as is. */
const char *vg_contact_role_label(const char *role);
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
void vg_contact_free(vg_contact *c); /* NULL is fine */

/* One of the delegation's own contacts, by what a user typed: its number
 * (the id 'contact list --json' shows) or its name (case and accents
 * ignored; the exact name, else a unique start of a name). VG_ENOTFOUND;
 * VG_EINVALID when several match (the message lists them). */
int vg_contact_find(vg_store *st, const char *slug, const char *typed, vg_contact **out);

/* Change contact `id` of `slug`: every non-NULL field of `changes` replaces
 * the stored one (an empty e-mail or note clears it), and the result is
 * validated as vg_contact_add does. Audited "contact.edit" with the names
 * of the fields changed, not their values. *out (may be NULL) gets the
 * contact as stored. VG_ENOTFOUND, VG_EINVALID. */
int vg_contact_edit(vg_store *st, const char *slug, int64_t id, const vg_contact *changes,
                    vg_contact **out);
/* Remove contact `id` of `slug`, audited "contact.remove". VG_ENOTFOUND. */
int vg_contact_remove(vg_store *st, const char *slug, int64_t id);

/* The role a user typed, in French or English, as its stored key:
 * "partenaire", "Hébergement", "ambassade", "urgences", "point focal",
 * "cellule de crise", "autre" (case, accents and spaces ignored); the keys
 * themselves too. NULL if it names no role. */
const char *vg_contact_role_parse(const char *typed);

#endif
