/* vigie/checkin.h: check-ins and alerts, the seam between the ways a
 * check-in arrives (logged by hand, a field-kit code, a check-in card) and
 * the follow-up (`vigie checkin status` and its escalation ladder).
 *
 * Times are UTC seconds (vg_now() honours VIGIE_NOW); shown in the
 * delegation's zone. Every function that changes data runs inside the
 * caller's transaction and audits without personal data. */
#ifndef VIGIE_CHECKIN_H
#define VIGIE_CHECKIN_H

#include <stdint.h>
#include <vigie/store.h>

typedef enum {
    VG_CHECKIN_OK = 0,
    VG_CHECKIN_HELP = 1,     /* opens a help alert */
    VG_CHECKIN_EMERGENCY = 2 /* opens an emergency alert */
} vg_checkin_status;

typedef struct {
    int64_t participant_id;
    int64_t at;               /* when the participant checked in */
    vg_checkin_status status;
    const char *where;        /* place, or NULL */
    const char *via;          /* channel ("Signal", "SMS", "appel"...), or NULL */
    const char *note;         /* or NULL */
    const char *source;       /* "manual", "code" (field kit) or "card" */
    int duress;               /* 1: a duress PIN or duress code made it: logged as
                               * any other check-in, plus a silent duress alert */
} vg_checkin;

/* Parse "ok", "help", "emergency" (and French "aide", "urgence"). */
int vg_checkin_status_parse(const char *text, vg_checkin_status *out);
const char *vg_checkin_status_name(vg_checkin_status s); /* "ok", "help", "emergency" */

/* Record a check-in of a participant of delegation `slug`. A help or
 * emergency status, or a duress mark, opens an alert. *id_out may be NULL. */
int vg_checkin_log(vg_store *st, const char *slug, const vg_checkin *c, int64_t *id_out);

typedef enum {
    VG_ALERT_HELP = 1,
    VG_ALERT_EMERGENCY = 2,
    VG_ALERT_DURESS = 3,  /* shown only to the coordinator: never echoed to the field */
    VG_ALERT_GUESSING = 4 /* repeated wrong codes for a participant */
} vg_alert_kind;

/* Open an alert (check-ins open theirs themselves). */
int vg_alert_open(vg_store *st, const char *slug, int64_t participant_id, vg_alert_kind kind,
                  const char *detail);
/* Close every open alert of a participant, with a note; audited. VG_ENOTFOUND
 * when none is open. */
int vg_alert_resolve(vg_store *st, const char *slug, int64_t participant_id, const char *note);

#endif
