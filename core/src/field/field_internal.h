/* Private: shared by the field kit, code and card modules, and their fuzz
 * harnesses. */
#ifndef VG_FIELD_INTERNAL_H
#define VG_FIELD_INTERNAL_H

#include <stddef.h>
#include <vigie/card.h>
#include <vigie/field.h>
#include <vigie/participant.h>

/* Parse a code's plain message M (layout at the top of code.c), bounded.
 * VG_EINTEGRITY (without a message) when malformed. */
int vg_code_parse_msg(vg_code *c, const unsigned char *m, size_t len);

/* Parse a kit's plaintext body (layout at the top of kit.c) into `info` and
 * the 32-byte signing seed. VG_EINTEGRITY when malformed. */
int vg_kit_parse_body(vg_kit_info *info, unsigned char seed[32], const unsigned char *p,
                      size_t len);

/* Store helpers shared by kits and cards (field_store.c). */
struct vg_store;
/* "slug/participant-id", the audit object of a participant. */
void vg_field_object(char *out, size_t cap, const char *slug, int64_t participant_id);
/* The organisation's box key pair (sk may be NULL). */
int vg_field_org_box(struct vg_store *st, unsigned char pk[32], vg_secret **sk);
/* The emergency numbers a kit or card carries, at most `max`: the
 * organisation's 24/7 number, the country guide's emergency numbers (from
 * the store or `data_dir`, labels in `lang`, "to be checked" marked), the
 * delegation's contacts but the accommodation, the guide's embassy and
 * consulates, the security focal point, and always Canada's Emergency Watch
 * and Response Centre. */
int vg_field_numbers(struct vg_store *st, const char *slug, const char *data_dir, const char *lang,
                     vg_kit_number *out, size_t max, size_t *n);
/* The delegation's daily check-in times, minutes after local midnight. */
int vg_field_plan(struct vg_store *st, const char *slug, uint16_t *out, size_t max, size_t *n);
/* Revoke a participant's current kit or card (table field_kit or field_card)
 * and audit `action`. VG_ENOTFOUND (no message) when there is none. */
int vg_field_revoke(struct vg_store *st, const char *table, const char *action, const char *slug,
                    const vg_participant *p);
/* Today's day number in zone `tz` (UTC when NULL or empty). */
int vg_field_today(const char *tz, int32_t *out);
int vg_field_delegation_id(struct vg_store *st, const char *slug, int64_t *id);
/* A "to review" alert for words of distress that did not set the status
 * of a card message or of a field code's place and note (card_check.c). */
int vg_field_open_review(struct vg_store *st, const char *slug, int64_t pid, const vg_card_msg *m);
int vg_field_slug(struct vg_store *st, int64_t delegation_id, char out[VG_SLUG_MAX + 1]);

#endif
