/* vigie/config.h: the organisation's settings, kept in the store. */
#ifndef VIGIE_CONFIG_H
#define VIGIE_CONFIG_H

#include <vigie/store.h>

typedef struct {
    const char *key;      /* "org.name" */
    const char *help;     /* translatable description (N_) */
    const char *fallback; /* value when unset, or NULL */
} vg_config_key;

/* The known keys, terminated by a NULL key. */
const vg_config_key *vg_config_keys(void);
/* Set (value != NULL) or unset (value == NULL) a key; audited. VG_EINVALID
 * for an unknown key or a bad value. Runs in the caller's transaction. */
int vg_config_set(vg_store *st, const char *key, const char *value);
/* *out is a new string (caller frees) or NULL when unset and without fallback. */
int vg_config_get(vg_store *st, const char *key, char **out);

/* The organisation's time zone (setting "timezone"), in which every time
 * shown to the board is written (sign-offs, the audit log, the board
 * workbook); check-in times stay in the delegation's zone. */
#define VG_ORG_TZ_DEFAULT "America/Toronto"
/* The setting, or VG_ORG_TZ_DEFAULT when unset or unknown (st may be NULL).
 * A new string (caller frees); NULL only when out of memory. */
char *vg_config_timezone(vg_store *st);

#endif
