/* Private: what the incident module's files share. */
#ifndef VG_INCIDENT_INTERNAL_H
#define VG_INCIDENT_INTERNAL_H

#include <sqlcipher/sqlite3.h>
#include <stdint.h>
#include <vigie/incident.h>
#include <vigie/secret.h>

/* Field tags of the seal's associated data: a sealed text cannot be moved to
 * another field, incident, person or timeline entry. */
enum {
    VG_TAG_PLACE = 1,
    VG_TAG_WHAT,
    VG_TAG_DONE,
    VG_TAG_HELP,
    VG_TAG_CAUSES,
    VG_TAG_PROC_NOTE,
    VG_TAG_CHANGES,
    VG_TAG_SUPPORT,
    VG_TAG_PERSON = 0x1000, /* + seq */
    VG_TAG_LOG = 0x100000   /* + seq */
};

/* The subkey that seals incident texts (NULL key out on failure). */
int vg_inc_key(vg_store *st, vg_secret **out);
/* Bind `text` (may be NULL) at `i`: as TEXT, or sealed as a BLOB when `k`. */
int vg_inc_bind(sqlite3_stmt *s, int i, const char *text, const vg_secret *k, int64_t incident_id,
                uint32_t tag);
/* Column `i` as a new string: TEXT as is; a sealed BLOB opened with `k`, or
 * NULL without `k`. VG_EINTEGRITY when a seal does not open. */
int vg_inc_col(sqlite3_stmt *s, int i, const vg_secret *k, int64_t incident_id, uint32_t tag,
               char **out);

/* The incident's row id and number from a reference "I3" (VG_ENOTFOUND). */
int vg_inc_resolve(vg_store *st, const char *slug, const char *ref, int64_t *id, int *num,
                   int *sealed, int64_t *closed);
/* Insert an incident (incident.c): the report, its people (`pid`, the
 * alert's participant, first as "affected"), the flagged risks. */
int vg_inc_insert(vg_store *st, const char *slug, const vg_incident_report *r, int64_t alert_id,
                  int64_t pid, int64_t *id_out, int *num_out);
/* Append a timeline entry (seq is the next one). */
int vg_inc_log_add(vg_store *st, const vg_secret *k, int64_t incident_id, int64_t at,
                   vg_entry_kind kind, const char *by, const char *text);

#endif
