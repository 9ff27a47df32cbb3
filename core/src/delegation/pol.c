/* Proof of life.
 *
 * participant_pol (participant_id, seq, question, answer): seq 1..5; the
 * answer column holds nonce (24 bytes) || XChaCha20-Poly1305-IETF
 * ciphertext of the answer, under the subkey
 *   crypto_kdf_derive_from_key(32, 1, "vigiepol", data key)
 * with associated data "vigie-pol/1" || participant id (8 bytes LE) || seq
 * (4 bytes LE), so an answer cannot be moved to another person or pair.
 * The database is already encrypted; the seal keeps the answers out of any
 * query or future export that reads the table by mistake, and out of
 * SQLite's page cache in clear. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/store.h>

#include "delegation/delegation_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/reader.h"
#include "util/text.h"

#define NONCE  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ABYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define AD_LEN (11 + 8 + 4)

static int subkey(vg_store *st, vg_secret **out)
{
    const vg_secret *key = vg_store_content_key(st);
    int rc = vg_secret_new(out, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    if (rc != VG_OK)
        return rc;
    crypto_kdf_derive_from_key(vg_secret_data(*out), vg_secret_len(*out), 1, "vigiepol",
                               vg_secret_data(key));
    return VG_OK;
}

static void make_ad(unsigned char ad[AD_LEN], int64_t pid, uint32_t seq)
{
    memcpy(ad, "vigie-pol/1", 11);
    vg_wr_uint(ad + 11, (uint64_t)pid, 8);
    vg_wr_uint(ad + 19, seq, 4);
}

static int object_of(vg_store *st, const vg_participant *p, char *obj, size_t cap)
{
    char slug[VG_SLUG_MAX + 1];
    int rc = vg_model_slug(st, p->delegation_id, slug);
    if (rc == VG_OK)
        vg_model_participant_object(obj, cap, slug, p->id);
    return rc;
}

int vg_pol_set(vg_store *st, const vg_participant *p, const vg_pol_pair *pairs, size_t n)
{
    sqlite3_stmt *s = NULL;
    vg_secret *k = NULL;
    unsigned char *box = NULL;
    char obj[96], detail[32];
    int rc;

    if (n < VG_POL_MIN || n > VG_POL_MAX)
        return vg_error_set(VG_EINVALID, _("a proof of life has %d to %d questions, not %zu"),
                            VG_POL_MIN, VG_POL_MAX, n);
    if (p->purged)
        return vg_error_set(VG_EINVALID, _("participant %lld was purged: nothing left to edit"),
                            (long long)p->id);
    for (size_t i = 0; i < n; i++) {
        const char *q = pairs[i].question;
        size_t alen = pairs[i].answer ? vg_secret_len(pairs[i].answer) : 0;
        if (!q || vg_text_check(q, _("question"), 300, 0) != VG_OK)
            return vg_error_set(VG_EINVALID, _("question %zu: %s"), i + 1,
                                q ? vg_error_last() : _("it is empty"));
        if (alen == 0 || alen > 800 ||
            !vg_utf8_valid((const char *)vg_secret_data(pairs[i].answer), alen) ||
            vg_utf8_chars((const char *)vg_secret_data(pairs[i].answer)) > 200)
            return vg_error_set(VG_EINVALID,
                                _("answer %zu: an answer has 1 to 200 characters of text"), i + 1);
    }
    if ((rc = object_of(st, p, obj, sizeof obj)) != VG_OK || (rc = subkey(st, &k)) != VG_OK)
        goto done;
    if ((rc = vg_sql_prepare(st, &s, "DELETE FROM participant_pol WHERE participant_id = ?1")) !=
        VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, p->id);
    rc = sqlite3_step(s) == SQLITE_DONE ? VG_OK
                                        : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "pol");
    sqlite3_finalize(s);
    s = NULL;
    if (rc != VG_OK)
        goto done;
    if ((rc = vg_sql_prepare(st, &s, "INSERT INTO participant_pol VALUES (?1, ?2, ?3, ?4)")) !=
        VG_OK)
        goto done;
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        size_t alen = vg_secret_len(pairs[i].answer);
        unsigned long long clen = 0;
        unsigned char ad[AD_LEN];
        free(box);
        if (!(box = malloc(NONCE + alen + ABYTES))) {
            rc = vg_error_oom();
            break;
        }
        randombytes_buf(box, NONCE);
        make_ad(ad, p->id, (uint32_t)(i + 1));
        crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen,
                                                   vg_secret_data(pairs[i].answer), alen, ad,
                                                   sizeof ad, NULL, box, vg_secret_data(k));
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, p->id);
        sqlite3_bind_int(s, 2, (int)(i + 1));
        vg_sql_bind_text(s, 3, pairs[i].question);
        sqlite3_bind_blob(s, 4, box, (int)(NONCE + clen), SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "pol");
    }
    if (rc == VG_OK) {
        snprintf(detail, sizeof detail, "%zu questions", n);
        rc = vg_audit_append(st, "participant.pol_set", obj, detail);
    }
done:
    sqlite3_finalize(s);
    free(box);
    vg_secret_free(k);
    return rc;
}

/* Does `pass` open a passphrase slot that holds this store's data key? */
static int check_passphrase(vg_store *st, const vg_secret *pass)
{
    return vg_store_verify_passphrase(st, pass);
}

/* The reveal inside the transaction vg_pol_reveal opened. */
static int reveal(vg_store *st, const vg_participant *p, const vg_secret *pass, vg_pol_pair **out,
                  size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_secret *k = NULL;
    vg_pol_pair *pairs = NULL;
    size_t count = 0;
    char obj[96];
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = object_of(st, p, obj, sizeof obj)) != VG_OK)
        return rc;
    if ((rc = check_passphrase(st, pass)) != VG_OK) {
        vg_error_state e;
        vg_error_save(&e, rc);
        if (rc == VG_EAUTH &&
            vg_audit_append(st, "participant.pol_reveal_refused", obj, "") != VG_OK)
            return VG_ERROR;
        return vg_error_restore(&e);
    }
    if ((rc = subkey(st, &k)) != VG_OK)
        goto done;
    rc =
        vg_sql_prepare(st, &s,
                       "SELECT seq, question, answer FROM participant_pol WHERE participant_id = ?1"
                       " ORDER BY seq");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, p->id);
    if (!(pairs = calloc(VG_POL_MAX, sizeof *pairs))) {
        rc = vg_error_oom();
        goto done;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *box = sqlite3_column_blob(s, 2);
        size_t blen = (size_t)sqlite3_column_bytes(s, 2);
        unsigned long long mlen = 0;
        unsigned char ad[AD_LEN];
        uint32_t seq = (uint32_t)sqlite3_column_int(s, 0);
        if (count == VG_POL_MAX || blen < NONCE + ABYTES) {
            rc = vg_error_set(VG_EINTEGRITY, _("the proof of life of participant %lld is damaged"),
                              (long long)p->id);
            goto done;
        }
        pairs[count].question = strdup((const char *)sqlite3_column_text(s, 1));
        if (!pairs[count].question ||
            (rc = vg_secret_new(&pairs[count].answer, blen - NONCE - ABYTES)) != VG_OK) {
            count++;
            rc = vg_error_oom();
            goto done;
        }
        count++;
        make_ad(ad, p->id, seq);
        if (crypto_aead_xchacha20poly1305_ietf_decrypt(vg_secret_data(pairs[count - 1].answer),
                                                       &mlen, NULL, box + NONCE, blen - NONCE, ad,
                                                       sizeof ad, box, vg_secret_data(k)) != 0) {
            rc = vg_error_set(VG_EINTEGRITY, _("the proof of life of participant %lld is damaged"),
                              (long long)p->id);
            goto done;
        }
    }
    if (rc != SQLITE_DONE) {
        rc = vg_sql_fail(st, rc, "pol");
        goto done;
    }
    if (count == 0) {
        rc = vg_error_set(VG_ENOTFOUND, _("no proof of life is set for participant %lld"),
                          (long long)p->id);
        goto done;
    }
    rc = vg_audit_append(st, "participant.pol_reveal", obj, "");
done:
    sqlite3_finalize(s);
    vg_secret_free(k);
    if (rc != VG_OK) {
        vg_pol_free(pairs, count);
        return rc;
    }
    *out = pairs;
    *n = count;
    return VG_OK;
}

int vg_pol_reveal(vg_store *st, const vg_participant *p, const vg_secret *pass, vg_pol_pair **out,
                  size_t *n)
{
    vg_error_state e;
    int rc, rc2;
    *out = NULL;
    *n = 0;
    if ((rc = vg_store_begin(st)) != VG_OK)
        return rc;
    rc = reveal(st, p, pass, out, n);
    if (rc != VG_OK && rc != VG_EAUTH) {
        vg_store_rollback(st);
        return rc;
    }
    /* The reveal, or the refused attempt, is in the audit log before the
     * caller can show anything: committed here, whatever the caller does. */
    vg_error_save(&e, rc);
    if ((rc2 = vg_store_commit(st)) != VG_OK) {
        vg_store_rollback(st);
        vg_pol_free(*out, *n);
        *out = NULL;
        *n = 0;
        return rc2;
    }
    return vg_error_restore(&e);
}

void vg_pol_free(vg_pol_pair *pairs, size_t n)
{
    if (!pairs)
        return;
    for (size_t i = 0; i < n; i++) {
        if (pairs[i].question) {
            sodium_memzero(pairs[i].question, strlen(pairs[i].question));
            free(pairs[i].question);
        }
        vg_secret_free(pairs[i].answer);
    }
    free(pairs);
}
