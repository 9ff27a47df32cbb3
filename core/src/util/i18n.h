/* Private: translation macros for core messages (domain "vigie"). */
#ifndef VG_I18N_H
#define VG_I18N_H
#include <libintl.h>
#define _(s)  dgettext("vigie", s)
#define N_(s) s

/* Messages from here on in `lang` ("fr" or "en"), until vg_i18n_restore
 * with what vg_i18n_use saved: a notification is written in its
 * recipient's language whatever the watch's is. Not thread-safe (the
 * catalogue's language is the process's). */
typedef struct {
    char language[64];
    int had;
    char ui_lang[3]; /* vg_lang() before: the guides follow the messages */
} vg_i18n_saved;
void vg_i18n_use(const char *lang, vg_i18n_saved *saved);
void vg_i18n_restore(const vg_i18n_saved *saved);
#endif
