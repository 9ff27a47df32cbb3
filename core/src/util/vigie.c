#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <yaml.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

#include "util/fileio.h"

#include "util/i18n.h"

/* Header checks: pkg-config versions of these libraries mislead. */
#if SQLITE_VERSION_NUMBER < 3015000
#error "SQLCipher 3.4 (SQLite 3.15) or newer is needed"
#endif
#if SODIUM_LIBRARY_VERSION_MAJOR < 10
#error "libsodium 1.0.18 or newer is needed"
#endif

int vg_init(void)
{
    if (sodium_init() < 0)
        return vg_error_set(VG_ERROR, "%s", _("libsodium cannot start"));
    /* sqlite3_key is only in SQLCipher: if plain SQLite were linked first,
     * the program would not link at all, since we reference it in store.c.
     * Each open also checks PRAGMA cipher_version. */
    return VG_OK;
}

static const char *ui_lang = "fr";

void vg_set_lang(const char *lang)
{
    ui_lang = lang && !strncmp(lang, "en", 2) ? "en" : "fr";
}

const char *vg_lang(void)
{
    return ui_lang;
}

const char *vg_version(void)
{
    return VIGIE_VERSION;
}

const char *vg_version_libs(void)
{
    static char buf[160];
    snprintf(buf, sizeof buf, "libsodium %s, SQLCipher (SQLite %s), libxlsxwriter %s, libyaml %s",
             sodium_version_string(), sqlite3_libversion(), LXW_VERSION, yaml_get_version_string());
    return buf;
}

const char *vg_exe_dir(void)
{
    static char dir[4000];
    ssize_t n;
    char *slash;
    if (dir[0])
        return dir;
    n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0) {
        dir[0] = '\0';
        return dir;
    }
    dir[n] = '\0';
    slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
    return dir;
}

const char *vg_localedir(const char *argv0)
{
    static char buf[4200];
    const char *exe = vg_exe_dir();
    (void)argv0;
    if (*exe) {
        /* Running from the build tree: cli/vigie next to ../locale. */
        snprintf(buf, sizeof buf, "%s/../locale/fr/LC_MESSAGES/vigie.mo", exe);
        if (access(buf, R_OK) == 0) {
            snprintf(buf, sizeof buf, "%s/../locale", exe);
            return buf;
        }
        /* Installed under any prefix (cmake --install --prefix, a .deb):
         * PREFIX/bin/vigie next to PREFIX/share/locale. */
        snprintf(buf, sizeof buf, "%s/../share/locale/fr/LC_MESSAGES/vigie.mo", exe);
        if (access(buf, R_OK) == 0) {
            snprintf(buf, sizeof buf, "%s/../share/locale", exe);
            return buf;
        }
    }
    return VIGIE_LOCALEDIR;
}

const char *vg_installed_datadir(void)
{
    static char buf[4200];
    const char *exe = vg_exe_dir();
    if (*exe) {
        snprintf(buf, sizeof buf, "%s/../share/vigie/templates", exe);
        if (access(buf, R_OK | X_OK) == 0) {
            snprintf(buf, sizeof buf, "%s/../share/vigie", exe);
            return buf;
        }
    }
    if (access(VIGIE_INSTALL_DATADIR "/templates", R_OK | X_OK) == 0)
        return VIGIE_INSTALL_DATADIR;
    return NULL;
}
