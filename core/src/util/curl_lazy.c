/* libcurl through dlopen on first use: see util/curl_lazy.h. The soname is
 * the one Debian's libcurl4 package ships (the ABI Vigie is built against);
 * it is found through the system's library path, as a linked one would be. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "util/curl_lazy.h"

vg_curl_api vg_curl;
static int state; /* 0 not tried, 1 loaded, -1 failed */
static char why[256];

static int sym(void *h, const char *name, void *fn, size_t size)
{
    void *p = dlsym(h, name);
    if (!p) {
        snprintf(why, sizeof why, "libcurl.so.4 lacks %s", name);
        return -1;
    }
    memcpy(fn, &p, size); /* an object pointer to a function pointer, as POSIX allows */
    return 0;
}

int vg_curl_ready(void)
{
    void *h;
    if (state)
        return state > 0;
    state = -1;
    if (!(h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL))) {
        snprintf(why, sizeof why, "%s", dlerror());
        return 0;
    }
#define SYM(field, name) sym(h, name, &vg_curl.field, sizeof vg_curl.field)
    if (SYM(global_init, "curl_global_init") || SYM(easy_init, "curl_easy_init") ||
        SYM(easy_setopt, "curl_easy_setopt") || SYM(easy_perform, "curl_easy_perform") ||
        SYM(easy_getinfo, "curl_easy_getinfo") || SYM(easy_cleanup, "curl_easy_cleanup") ||
        SYM(easy_strerror, "curl_easy_strerror") || SYM(slist_append, "curl_slist_append") ||
        SYM(slist_free_all, "curl_slist_free_all")) {
        dlclose(h);
        memset(&vg_curl, 0, sizeof vg_curl);
        return 0;
    }
#undef SYM
    state = 1;
    return 1;
}

const char *vg_curl_error(void)
{
    return why;
}
