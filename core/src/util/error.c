#include <stdarg.h>
#include <stdio.h>
#include <vigie/error.h>

static _Thread_local char last[512];

const char *vg_error_last(void)
{
    return last;
}

int vg_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last, sizeof last, fmt, ap);
    va_end(ap);
    return code;
}

void vg_error_clear(void)
{
    last[0] = '\0';
}
