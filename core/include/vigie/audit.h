/* vigie/audit.h: the audit log inside the store.
 *
 * Every change appends one entry (who: the OS user; when; what; on which
 * object; a detail without secrets), each entry's BLAKE2b hash covering the
 * previous entry's hash, so that a removed or altered entry breaks the chain. */
#ifndef VIGIE_AUDIT_H
#define VIGIE_AUDIT_H

#include <stdint.h>
#include <vigie/store.h>

typedef struct {
    int64_t seq;
    int64_t at;
    const char *actor;
    const char *action;
    const char *object;
    const char *detail;
    const char *hash_hex; /* first 16 hex digits of the entry's hash */
} vg_audit_entry;

/* Append an entry inside the caller's transaction. */
int vg_audit_append(vg_store *st, const char *action, const char *object, const char *detail);
/* Call `cb` for every entry, oldest first (or the `last` newest when last > 0). */
typedef int (*vg_audit_cb)(const vg_audit_entry *e, void *payload);
int vg_audit_list(vg_store *st, int64_t last, vg_audit_cb cb, void *payload);
/* The event in words of the user's language ("participant edited" for
 * "participant.edit"); the code itself for an event this version does not
 * know. Static text. */
const char *vg_audit_action_label(const char *action);
/* The entry's detail in the user's language ("profil équipe, xlsx" for
 * "profile=team format=xlsx"): a new string, NULL on no memory. A detail of
 * a form this version does not know is copied as stored. */
char *vg_audit_detail_text(const char *action, const char *detail);
/* Recompute the chain: VG_EINTEGRITY naming the first bad entry. *count_out
 * (may be NULL) gets the number of entries. */
int vg_audit_verify(vg_store *st, int64_t *count_out);

#endif
