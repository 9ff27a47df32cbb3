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

#endif
