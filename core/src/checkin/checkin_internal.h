/* Private: shared by the check-in module's files. */
#ifndef VG_CHECKIN_INTERNAL_H
#define VG_CHECKIN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/checkin.h>
#include <vigie/delegation.h>

/* The delegation named `slug` (VG_ENOTFOUND names it). Free with vg_delegation_free. */
int vg_ck_delegation(vg_store *st, const char *slug, vg_delegation **out);
/* Check that participant `pid` belongs to delegation `d`: VG_ENOTFOUND otherwise. */
int vg_ck_member(vg_store *st, const vg_delegation *d, int64_t pid);
/* 1 if `s` is valid UTF-8 of at most `max` bytes without control characters
 * (newlines allowed when `lines`). */
int vg_ck_text_ok(const char *s, size_t max, int lines);
/* Open an alert tied to a check-in (checkin_id 0 for none). */
int vg_ck_alert_open(vg_store *st, const vg_delegation *d, int64_t pid, vg_alert_kind kind,
                     int64_t checkin_id, const char *detail);

#endif
