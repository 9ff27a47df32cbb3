/* The audit chain.
 *
 * hash(n) = BLAKE2b-256( hash(n-1) || seq || at || actor || action || object
 * || detail ), integers as 8 bytes little-endian, each string preceded by
 * its length (4 bytes), hash(0) = 32 zero bytes. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>

#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/reader.h"

static void feed_str(crypto_generichash_state *h, const char *s)
{
    unsigned char len[4];
    size_t n = s ? strlen(s) : 0;
    vg_wr_uint(len, n, 4);
    crypto_generichash_update(h, len, 4);
    crypto_generichash_update(h, (const unsigned char *)(s ? s : ""), n);
}

static void entry_hash(unsigned char out[32], const unsigned char prev[32], int64_t seq, int64_t at,
                       const char *actor, const char *action, const char *object,
                       const char *detail)
{
    crypto_generichash_state h;
    unsigned char num[8];
    crypto_generichash_init(&h, NULL, 0, 32);
    crypto_generichash_update(&h, prev, 32);
    vg_wr_uint(num, (uint64_t)seq, 8);
    crypto_generichash_update(&h, num, 8);
    vg_wr_uint(num, (uint64_t)at, 8);
    crypto_generichash_update(&h, num, 8);
    feed_str(&h, actor);
    feed_str(&h, action);
    feed_str(&h, object);
    feed_str(&h, detail);
    crypto_generichash_final(&h, out, 32);
}

static const char audit_head_sql[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
static const char audit_insert_sql[] = "INSERT INTO audit VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* The chain's head: kept in the handle while a transaction is open (no
 * other writer can append meanwhile: BEGIN IMMEDIATE holds the write lock),
 * read from the table otherwise. */
static int audit_head(vg_store *st, int64_t *seq, unsigned char prev[32])
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (st->in_tx && st->audit_head_ok && !sqlite3_get_autocommit(st->db)) {
        *seq = st->audit_seq;
        memcpy(prev, st->audit_hash, 32);
        return VG_OK;
    }
    *seq = 0;
    memset(prev, 0, 32);
    if ((rc = vg_sql_cached(st, &s, audit_head_sql)) != VG_OK)
        return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(s, 0);
        if (sqlite3_column_bytes(s, 1) == 32)
            memcpy(prev, sqlite3_column_blob(s, 1), 32);
        rc = VG_OK;
    } else if (rc == SQLITE_DONE) {
        rc = VG_OK;
    } else {
        rc = vg_sql_fail(st, rc, "audit");
    }
    vg_sql_release(st, s);
    return rc;
}

int vg_audit_append(vg_store *st, const char *action, const char *object, const char *detail)
{
    sqlite3_stmt *s = NULL;
    unsigned char prev[32], hash[32];
    int64_t seq, at = vg_now();
    int rc = audit_head(st, &seq, prev);
    if (rc != VG_OK)
        return rc;
    seq++;
    entry_hash(hash, prev, seq, at, vg_actor(), action, object, detail ? detail : "");
    if ((rc = vg_sql_cached(st, &s, audit_insert_sql)) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, seq);
    sqlite3_bind_int64(s, 2, at);
    sqlite3_bind_text(s, 3, vg_actor(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, object ? object : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, detail ? detail : "", -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 7, hash, 32, SQLITE_STATIC);
    rc = sqlite3_step(s) == SQLITE_DONE ? VG_OK : vg_sql_fail(st, sqlite3_errcode(st->db), "audit");
    vg_sql_release(st, s);
    if (rc == VG_OK && st->in_tx) {
        st->audit_seq = seq;
        memcpy(st->audit_hash, hash, 32);
        st->audit_head_ok = 1;
    } else {
        st->audit_head_ok = 0;
    }
    return rc;
}

int vg_audit_list(vg_store *st, int64_t last, vg_audit_cb cb, void *payload)
{
    sqlite3_stmt *s = NULL;
    int rc =
        vg_sql_prepare(st, &s,
                       "SELECT seq, at, actor, action, object, detail, hash FROM audit"
                       " WHERE seq > (SELECT coalesce(max(seq), 0) FROM audit) - ?1 ORDER BY seq");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, last > 0 ? last : INT64_MAX / 2);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char hex[65] = "";
        vg_audit_entry e;
        e.seq = sqlite3_column_int64(s, 0);
        e.at = sqlite3_column_int64(s, 1);
        e.actor = (const char *)sqlite3_column_text(s, 2);
        e.action = (const char *)sqlite3_column_text(s, 3);
        e.object = (const char *)sqlite3_column_text(s, 4);
        e.detail = (const char *)sqlite3_column_text(s, 5);
        if (sqlite3_column_bytes(s, 6) == 32)
            sodium_bin2hex(hex, sizeof hex, sqlite3_column_blob(s, 6), 8);
        e.hash_hex = hex;
        if ((rc = cb(&e, payload)) != VG_OK) {
            sqlite3_finalize(s);
            return rc;
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "audit");
}

int vg_audit_verify(vg_store *st, int64_t *count_out)
{
    sqlite3_stmt *s = NULL;
    unsigned char prev[32] = {0}, hash[32];
    int64_t expect = 1;
    int rc = vg_sql_prepare(
        st, &s, "SELECT seq, at, actor, action, object, detail, hash FROM audit ORDER BY seq");
    if (rc != VG_OK)
        return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(s, 0);
        if (seq != expect) {
            sqlite3_finalize(s);
            return vg_error_set(VG_EINTEGRITY, _("the audit log is broken: entry %lld is missing"),
                                (long long)expect);
        }
        entry_hash(hash, prev, seq, sqlite3_column_int64(s, 1),
                   (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
                   (const char *)sqlite3_column_text(s, 4),
                   (const char *)sqlite3_column_text(s, 5));
        if (sqlite3_column_bytes(s, 6) != 32 ||
            sodium_memcmp(hash, sqlite3_column_blob(s, 6), 32)) {
            sqlite3_finalize(s);
            return vg_error_set(VG_EINTEGRITY, _("the audit log is broken: entry %lld was altered"),
                                (long long)seq);
        }
        memcpy(prev, hash, 32);
        expect++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return vg_sql_fail(st, rc, "audit");
    if (count_out)
        *count_out = expect - 1;
    return VG_OK;
}
