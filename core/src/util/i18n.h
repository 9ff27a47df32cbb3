/* Private: translation macros for core messages (domain "vigie"). */
#ifndef VG_I18N_H
#define VG_I18N_H
#include <libintl.h>
#define _(s)  dgettext("vigie", s)
#define N_(s) s
#endif
