/* The one place that switches the catalogue's language at run time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

/* glibc's count of catalogue changes: gettext keeps translations it found
 * until this moves (setlocale moves it too). */
extern int _nl_msg_cat_cntr;

void vg_i18n_use(const char *lang, vg_i18n_saved *saved)
{
    const char *cur = getenv("LANGUAGE");
    saved->had = cur != NULL;
    snprintf(saved->language, sizeof saved->language, "%s", cur ? cur : "");
    setenv("LANGUAGE", lang && *lang ? lang : "en", 1);
    ++_nl_msg_cat_cntr;
}

void vg_i18n_restore(const vg_i18n_saved *saved)
{
    if (saved->had)
        setenv("LANGUAGE", saved->language, 1);
    else
        unsetenv("LANGUAGE");
    ++_nl_msg_cat_cntr;
}
