/* The one place that switches the catalogue's language at run time (gettext
 * reads LANGUAGE: this is the mechanism, not a reading of the user's
 * choice, which the program gives with vg_set_lang). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/vigie.h>

#include "util/i18n.h"

/* glibc's count of catalogue changes: gettext keeps translations it found
 * until this moves (setlocale moves it too). */
extern int _nl_msg_cat_cntr;

void vg_i18n_use(const char *lang, vg_i18n_saved *saved)
{
    const char *cur = getenv("LANGUAGE");
    saved->had = cur != NULL;
    snprintf(saved->language, sizeof saved->language, "%s", cur ? cur : "");
    snprintf(saved->ui_lang, sizeof saved->ui_lang, "%s", vg_lang());
    setenv("LANGUAGE", lang && *lang ? lang : "en", 1);
    vg_set_lang(lang && *lang ? lang : "en");
    ++_nl_msg_cat_cntr;
}

void vg_i18n_restore(const vg_i18n_saved *saved)
{
    if (saved->had)
        setenv("LANGUAGE", saved->language, 1);
    else
        unsetenv("LANGUAGE");
    vg_set_lang(saved->ui_lang);
    ++_nl_msg_cat_cntr;
}
