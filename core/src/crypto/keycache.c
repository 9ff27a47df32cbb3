/* The data key in the kernel keyring: a "user" key named
 * "vigie:<store id in hex>" in the user keyring, with a kernel timeout, the
 * way ssh-agent and systemd's ask-password cache secrets. */
#include <errno.h>
#include <keyutils.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/store.h>

#include "crypto/keycache.h"
#include "util/i18n.h"

static void description(char out[64], const unsigned char *store_id)
{
    char hex[VG_STORE_ID_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, store_id, VG_STORE_ID_BYTES);
    snprintf(out, 64, "vigie:%s", hex);
}

static int unsupported(void)
{
    return vg_error_set(VG_EUNSUPPORTED, _("the kernel keyring is not available here (%s)"),
                        strerror(errno));
}

static key_serial_t find(const unsigned char *store_id)
{
    char desc[64];
    description(desc, store_id);
    return keyctl_search(KEY_SPEC_USER_KEYRING, "user", desc, 0);
}

int vg_keycache_put(const unsigned char *store_id, const vg_secret *data_key, unsigned seconds)
{
    char desc[64];
    key_serial_t k;
    description(desc, store_id);
    k = add_key("user", desc, vg_secret_data(data_key), vg_secret_len(data_key),
                KEY_SPEC_USER_KEYRING);
    if (k < 0)
        return unsupported();
    /* Only this user's processes that possess the keyring may read it. */
    if (keyctl_setperm(k, KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ | KEY_USR_SEARCH |
                              KEY_USR_WRITE | KEY_USR_SETATTR) != 0 ||
        keyctl_set_timeout(k, seconds) != 0) {
        int rc = unsupported();
        keyctl_invalidate(k);
        return rc;
    }
    return VG_OK;
}

int vg_keycache_get(vg_secret **out, const unsigned char *store_id)
{
    key_serial_t k = find(store_id);
    vg_secret *s = NULL;
    long n;
    int rc;

    *out = NULL;
    if (k < 0) {
        if (errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED || errno == ENOENT)
            return VG_ENOTFOUND;
        return unsupported();
    }
    if ((rc = vg_secret_new(&s, VG_DATA_KEY_BYTES)) != VG_OK)
        return rc;
    n = keyctl_read(k, (char *)vg_secret_data(s), VG_DATA_KEY_BYTES);
    if (n != VG_DATA_KEY_BYTES) {
        vg_secret_free(s);
        return n < 0 && (errno == EKEYEXPIRED || errno == EKEYREVOKED) ? VG_ENOTFOUND
                                                                       : unsupported();
    }
    *out = s;
    return VG_OK;
}

int vg_keycache_drop(const unsigned char *store_id)
{
    key_serial_t k = find(store_id);
    if (k < 0)
        return errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED ? VG_ENOTFOUND
                                                                               : unsupported();
    if (keyctl_invalidate(k) != 0 && keyctl_unlink(k, KEY_SPEC_USER_KEYRING) != 0)
        return unsupported();
    return VG_OK;
}

int vg_keycache_ttl(long *seconds, const unsigned char *store_id)
{
    key_serial_t k = find(store_id);
    char *desc = NULL;
    *seconds = -1;
    if (k < 0)
        return VG_ENOTFOUND;
    /* The kernel shows the expiry only in /proc/keys; read our key's line. */
    {
        FILE *f = fopen("/proc/keys", "r");
        char line[512], id[16];
        if (!f)
            return VG_EUNSUPPORTED;
        snprintf(id, sizeof id, "%08x ", (unsigned)k);
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, id, strlen(id)) == 0) {
                char timeout[16];
                /* "<id> <flags> <usage> <timeout> ..." timeout like 14m, 59s, perm */
                if (sscanf(line, "%*s %*s %*s %15s", timeout) == 1) {
                    long v = atol(timeout);
                    char u = timeout[strlen(timeout) - 1];
                    *seconds = u == 's'   ? v
                               : u == 'm' ? v * 60
                               : u == 'h' ? v * 3600
                               : u == 'd' ? v * 86400
                               : u == 'w' ? v * 604800
                                          : -1;
                }
                break;
            }
        }
        fclose(f);
    }
    free(desc);
    return *seconds >= 0 ? VG_OK : VG_EUNSUPPORTED;
}
