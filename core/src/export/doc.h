/* Private: what the two documents (assessment.c, delegation.c) share. */
#ifndef VG_EXPORT_DOC_H
#define VG_EXPORT_DOC_H

#include <vigie/export.h>
#include <vigie/store.h>

/* Open a document for `req`: the author and company from the setting
 * org.name (else "Vigie"), written in a private work folder inside the store
 * folder, datetimes in zone `tz` (NULL: UTC). At commit the audit entry
 * (action, object, detail) is committed before the file takes its name. */
int vg_doc_open(vg_export **out, vg_store *st, const vg_export_req *req, const char *tz,
                const char *title, const char *subject, const char *keywords, const char *action,
                const char *object, const char *detail);

/* The organisation's name (setting org.name), or NULL. The caller frees. */
char *vg_doc_org(vg_store *st);

/* The level's style (VG_XS_LEVEL) for a level 1..5, VG_LEVEL_NA (-1) or
 * unknown (0); 0 for none. */
unsigned vg_doc_level_style(int level);

/* The band (1 low .. 4 critical) of a score 1..25; 0 outside. */
int vg_doc_band(int score);
/* Its name in the document's language: "Faible", "Moyen", "Élevé", "Critique". */
const char *vg_doc_band_name(int band);

#endif
