/* The last error of each thread: one line, in the user's language. The
 * out-of-memory message is static and formats nothing (libgit2's
 * oom_error), so reporting that memory is exhausted needs none. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <vigie/error.h>

#include "util/i18n.h"

static _Thread_local char last[VG_ERROR_MAX];
static _Thread_local const char *last_static; /* the OOM message, when set */

const char *vg_error_last(void)
{
    return last_static ? last_static : last;
}

int vg_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    last_static = NULL;
    va_start(ap, fmt);
    vsnprintf(last, sizeof last, fmt, ap);
    va_end(ap);
    return code;
}

void vg_error_clear(void)
{
    last_static = NULL;
    last[0] = '\0';
}

int vg_error_oom(void)
{
    last_static = _("out of memory");
    return VG_ENOMEM;
}

void vg_error_save(vg_error_state *e, int code)
{
    e->code = code;
    snprintf(e->message, sizeof e->message, "%s", vg_error_last());
}

int vg_error_restore(const vg_error_state *e)
{
    return vg_error_set(e->code, "%s", e->message);
}

int vg_error_prefix(int code, const char *prefix)
{
    char msg[VG_ERROR_MAX];
    snprintf(msg, sizeof msg, "%s", vg_error_last());
    return vg_error_set(code, "%s: %s", prefix, msg);
}
