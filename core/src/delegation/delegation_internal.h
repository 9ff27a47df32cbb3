/* Private: what the delegation, participant and readiness modules share. */
#ifndef VG_MODEL_H
#define VG_MODEL_H

#include <sqlcipher/sqlite3.h>
#include <stdint.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>

/* The delegation named `slug`: its id, country and end day (each out may be
 * NULL). VG_ENOTFOUND names the slug. */
int vg_model_delegation(vg_store *st, const char *slug, int64_t *id, char country[3],
                        int32_t *end_day);
/* The slug of delegation `id` into `out`. */
int vg_model_slug(vg_store *st, int64_t id, char out[VG_SLUG_MAX + 1]);
/* The default retention date of a participant of a delegation ending on
 * `end_day`: that day plus the `retention.months` setting, "YYYY-MM-DD". */
int vg_model_retention_default(vg_store *st, int32_t end_day, char out[16]);
/* `day` plus `months` calendar months (the day clamped to the month's end). */
int32_t vg_model_add_months(int32_t day, int months);
/* The field's label in the user's language with a lower-case first letter,
 * to start a message ("passport expiry \"2030-02-30\" is not a date"). */
void vg_model_field_subject(vg_pfield f, char *out, size_t cap);
/* The audit object of a participant: "<slug>/<id>". */
void vg_model_participant_object(char *out, size_t cap, const char *slug, int64_t id);
/* Insert a participant whose fields are already normalised, with its name
 * key; `*stmt` is prepared on the first call and reused (the caller
 * finalizes it). Audited as `action` on "<slug>/<id>". */
int vg_model_participant_insert(vg_store *st, sqlite3_stmt **stmt, int64_t did, const char *slug,
                                vg_participant *p, const char *key, const char *action);
/* 1 in *taken if a participant of delegation `did` has name key `key`. */
int vg_model_name_taken(vg_store *st, int64_t did, const char *key, int *taken);

#endif
