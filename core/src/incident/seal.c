/* Sealed incident texts.
 *
 * A sealed column holds nonce (24 bytes) || XChaCha20-Poly1305-IETF
 * ciphertext of the text, under the subkey
 *   crypto_kdf_derive_from_key(32, 2, "vigieinc", content key)
 * with associated data "vigie-inc/1" || incident id (8 bytes LE) || tag
 * (4 bytes LE, incident/incident_internal.h), as the proof of life is sealed
 * (delegation/pol.c): the database is already encrypted; the seal keeps the
 * narrative of an incident that touches health or sexual violence out of any
 * query, listing or export that reads the table, and out of SQLite's page
 * cache in clear. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>

#include "incident/incident_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/reader.h"

#define NONCE  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ABYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define AD_LEN (11 + 8 + 4)

int vg_inc_key(vg_store *st, vg_secret **out)
{
    const vg_secret *key = vg_store_content_key(st);
    int rc;
    *out = NULL;
    if (!key)
        return vg_error_set(VG_ERROR, "%s", _("the store's content key is not available"));
    if ((rc = vg_secret_new(out, crypto_aead_xchacha20poly1305_ietf_KEYBYTES)) != VG_OK)
        return rc;
    crypto_kdf_derive_from_key(vg_secret_data(*out), vg_secret_len(*out), 2, "vigieinc",
                               vg_secret_data(key));
    return VG_OK;
}

static void make_ad(unsigned char ad[AD_LEN], int64_t id, uint32_t tag)
{
    memcpy(ad, "vigie-inc/1", 11);
    vg_wr_uint(ad + 11, (uint64_t)id, 8);
    vg_wr_uint(ad + 19, tag, 4);
}

int vg_inc_bind(sqlite3_stmt *s, int i, const char *text, const vg_secret *k, int64_t incident_id,
                uint32_t tag)
{
    unsigned char ad[AD_LEN], *box;
    unsigned long long clen = 0;
    size_t len;
    if (!text || !*text)
        return sqlite3_bind_null(s, i) == SQLITE_OK ? VG_OK : VG_ERROR;
    if (!k)
        return vg_sql_bind_text(s, i, text);
    len = strlen(text);
    if (!(box = malloc(NONCE + len + ABYTES)))
        return vg_error_oom();
    randombytes_buf(box, NONCE);
    make_ad(ad, incident_id, tag);
    crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)text, len,
                                               ad, sizeof ad, NULL, box, vg_secret_data(k));
    sqlite3_bind_blob(s, i, box, (int)(NONCE + clen), SQLITE_TRANSIENT);
    free(box);
    return VG_OK;
}

int vg_inc_col(sqlite3_stmt *s, int i, const vg_secret *k, int64_t incident_id, uint32_t tag,
               char **out)
{
    const unsigned char *box;
    unsigned char ad[AD_LEN];
    unsigned long long mlen = 0;
    size_t blen;
    char *m;
    *out = NULL;
    switch (sqlite3_column_type(s, i)) {
    case SQLITE_NULL:
        return VG_OK;
    case SQLITE_BLOB:
        break;
    default:
        return (*out = vg_sql_col_dup(s, i)) ? VG_OK : vg_error_oom();
    }
    if (!k)
        return VG_OK;
    box = sqlite3_column_blob(s, i);
    blen = (size_t)sqlite3_column_bytes(s, i);
    if (blen < NONCE + ABYTES)
        return vg_error_set(VG_EINTEGRITY, _("a sealed text of incident %lld is damaged"),
                            (long long)incident_id);
    if (!(m = malloc(blen - NONCE - ABYTES + 1)))
        return vg_error_oom();
    make_ad(ad, incident_id, tag);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)m, &mlen, NULL, box + NONCE,
                                                   blen - NONCE, ad, sizeof ad, box,
                                                   vg_secret_data(k)) != 0) {
        free(m);
        return vg_error_set(VG_EINTEGRITY, _("a sealed text of incident %lld is damaged"),
                            (long long)incident_id);
    }
    m[mlen] = '\0';
    *out = m;
    return VG_OK;
}
