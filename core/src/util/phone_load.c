/* Phone numbers through the vigie_phone module, loaded on first use (see
 * util/phone_module.h): `vigie --version`, `checkin status`, exports and
 * every command that reads no phone number start without libphonenumber.
 *
 * The module is found at a fixed place, never through a search path or the
 * environment: in the build tree for a binary run from it, else beside the
 * installed binary (bin/../libexec/vigie/vigie_phone.so, the relative
 * path computed by CMake from the install directories). */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vigie/error.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/phone.h"
#include "util/phone_module.h"

static void *module;
static vg_phone_fn normalise_fn, short_fn;

/* Where the module is: 0, or -1 when the binary's path is unknown. */
static int module_path(char *out, size_t size)
{
    const char *dir = vg_exe_dir();
    size_t build = strlen(VG_PHONE_BUILD_DIR);
    if (!*dir)
        return -1;
    if (!strncmp(dir, VG_PHONE_BUILD_DIR, build) && (dir[build] == '/' || !dir[build]))
        snprintf(out, size, "%s", VG_PHONE_MODULE_BUILD);
    else
        snprintf(out, size, "%s/%s", dir, VG_PHONE_MODULE_REL);
    return 0;
}

static int load(void)
{
    static const vg_phone_host host = {vg_error_set, vg_error_oom, vg_error_last};
    char path[PATH_MAX + 64];
    vg_phone_init_fn init = NULL;
    void *h, *sym;
    if (module)
        return VG_OK;
    if (module_path(path, sizeof path) != 0)
        return vg_error_set(VG_ERROR, "%s",
                            _("the phone number module cannot be found (no /proc/self/exe)"));
    if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
        return vg_error_set(VG_ERROR, _("the phone number module cannot be loaded: %s"), dlerror());
    /* dlsym gives an object pointer: copied, as POSIX allows */
    sym = dlsym(h, "vg_phone_module_init");
    memcpy(&init, &sym, sizeof init);
    sym = dlsym(h, "vg_phone_module_normalise");
    memcpy(&normalise_fn, &sym, sizeof normalise_fn);
    sym = dlsym(h, "vg_phone_module_short");
    memcpy(&short_fn, &sym, sizeof short_fn);
    if (!init || !normalise_fn || !short_fn || init(&host, VG_PHONE_ABI) != 0) {
        dlclose(h);
        return vg_error_set(VG_ERROR, _("the phone number module '%s' does not match this vigie"),
                            path);
    }
    module = h;
    return VG_OK;
}

int vg_phone_normalise(const char *in, const char *alt_region, char **out)
{
    int rc = load();
    *out = NULL;
    return rc == VG_OK ? normalise_fn(in, alt_region, out) : rc;
}

int vg_phone_short(const char *in, const char *region, char **out)
{
    int rc = load();
    *out = NULL;
    return rc == VG_OK ? short_fn(in, region, out) : rc;
}
