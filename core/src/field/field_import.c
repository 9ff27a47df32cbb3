/* Importing check-in codes: open, verify, check the kit, its delegation
 * and counter, then log the check-in (the duress mark opens a duress
 * alert). Every check comes before any write. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <vigie/participant.h>
#include <vigie/audit.h>
#include <vigie/card.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/field.h>

#include "field/field_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

/* A kit row, by reference. */
typedef struct {
    int64_t id, participant_id, delegation_id, last_counter, issued, revoked;
    unsigned char sign_pk[32], mark_ok[VG_FIELD_MARK_BYTES], mark_duress[VG_FIELD_MARK_BYTES];
} kit_row;

static int find_kit(vg_store *st, const unsigned char ref[VG_FIELD_REF_BYTES], kit_row *k)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT k.id, k.participant_id, p.delegation_id, k.last_counter,"
                            " k.issued, k.revoked, k.sign_pk, k.mark_ok, k.mark_duress"
                            " FROM field_kit k JOIN participant p ON p.id = k.participant_id"
                            " WHERE k.ref = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_blob(s, 1, ref, VG_FIELD_REF_BYTES, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        k->id = sqlite3_column_int64(s, 0);
        k->participant_id = sqlite3_column_int64(s, 1);
        k->delegation_id = sqlite3_column_int64(s, 2);
        k->last_counter = sqlite3_column_int64(s, 3);
        k->issued = sqlite3_column_int64(s, 4);
        k->revoked = sqlite3_column_type(s, 5) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 5);
        if (sqlite3_column_bytes(s, 6) != 32 || sqlite3_column_bytes(s, 7) != VG_FIELD_MARK_BYTES ||
            sqlite3_column_bytes(s, 8) != VG_FIELD_MARK_BYTES) {
            rc = vg_error_set(VG_EINTEGRITY, "%s", _("a kit's keys are damaged in the store"));
        } else {
            memcpy(k->sign_pk, sqlite3_column_blob(s, 6), 32);
            memcpy(k->mark_ok, sqlite3_column_blob(s, 7), VG_FIELD_MARK_BYTES);
            memcpy(k->mark_duress, sqlite3_column_blob(s, 8), VG_FIELD_MARK_BYTES);
            rc = VG_OK;
        }
    } else if (rc == SQLITE_DONE) {
        rc = VG_ENOTFOUND;
    } else {
        rc = vg_sql_fail(st, rc, "field_kit");
    }
    sqlite3_finalize(s);
    return rc;
}

int vg_field_import(vg_store *st, const char *slug, const char *code, size_t len,
                    vg_import_result *r)
{
    vg_code c;
    vg_card_msg words;
    kit_row k;
    vg_secret *box_sk = NULL;
    unsigned char box_pk[32];
    int64_t did, now = vg_now();
    char other[VG_SLUG_MAX + 1], obj[VG_SLUG_MAX + 32], detail[64];
    sqlite3_stmt *s = NULL;
    int rc;

    memset(r, 0, sizeof *r);
    memset(&c, 0, sizeof c);
    memset(&words, 0, sizeof words);
    if ((rc = vg_field_delegation_id(st, slug, &did)) != VG_OK ||
        (rc = vg_field_org_box(st, box_pk, &box_sk)) != VG_OK)
        goto done;
    /* Everything is checked before anything is written: a bad code leaves
     * the transaction as it was. */
    if ((rc = vg_code_open(&c, code, len, box_pk, box_sk)) != VG_OK)
        goto done;
    rc = find_kit(st, c.ref, &k);
    if (rc == VG_ENOTFOUND) {
        rc = vg_error_set(
            VG_EINTEGRITY, "%s",
            _("forged: sealed with this organisation's key, but from no kit it issued"));
        goto done;
    }
    if (rc != VG_OK)
        goto done;
    if ((rc = vg_code_verify(&c, k.sign_pk)) != VG_OK)
        goto done;
    r->participant_id = k.participant_id;
    r->counter = c.counter;
    if (c.delegation_tag != vg_code_delegation_tag(slug) || k.delegation_id != did) {
        if (k.delegation_id != did && vg_field_slug(st, k.delegation_id, other) == VG_OK &&
            c.delegation_tag == vg_code_delegation_tag(other))
            rc = vg_error_set(VG_EINVALID, _("this code is for delegation \"%s\": import it there"),
                              other);
        else
            rc = vg_error_set(VG_EINTEGRITY, "%s",
                              _("forged: the code names another delegation than its kit"));
        goto done;
    }
    /* The mark before the counter: a duress code always raises its alert.
     * A mark that is neither slot's: someone holds the signing key but
     * forged the mark; treat it as the worst case, duress. */
    r->duress = sodium_memcmp(c.mark, k.mark_ok, VG_FIELD_MARK_BYTES) != 0;
    r->unknown_mark = r->duress && sodium_memcmp(c.mark, k.mark_duress, VG_FIELD_MARK_BYTES) != 0;
    if (k.revoked) {
        char when[48];
        vg_time_format_utc(when, k.revoked);
        when[10] = '\0';
        rc = vg_error_set(VG_EINTEGRITY,
                          _("made with a kit revoked or replaced on %s (lost or stolen?)"), when);
    } else if ((int64_t)c.counter <= k.last_counter) {
        rc = (int64_t)c.counter == k.last_counter
                 ? vg_error_set(VG_EREPLAY,
                                _("replayed: code number %u of this kit was imported already"),
                                (unsigned)c.counter)
                 : vg_error_set(VG_EREPLAY,
                                _("replayed or out of order: code number %u is older than number "
                                  "%lld, already imported"),
                                (unsigned)c.counter, (long long)k.last_counter);
    }
    if (rc != VG_OK) {
        vg_error_state e;
        char det[200];
        if (!r->duress)
            goto done;
        vg_error_save(&e, rc);
        snprintf(det, sizeof det, _("duress code number %u, not logged as a check-in: %s"),
                 (unsigned)c.counter, e.message);
        vg_field_object(obj, sizeof obj, slug, k.participant_id);
        snprintf(detail, sizeof detail, "counter %u duress alert only", (unsigned)c.counter);
        if ((rc = vg_alert_raise(st, slug, k.participant_id, VG_ALERT_DURESS, det,
                                 &r->reflagged)) != VG_OK ||
            (rc = vg_audit_append(st, "checkin.import", obj, detail)) != VG_OK)
            goto fatal;
        r->alert_only = 1;
        r->status = c.status;
        r->at = c.at;
        rc = vg_error_restore(&e);
        goto done;
    }
    r->status = c.status;
    r->at = c.at;
    if (c.at > now + 600 || c.at < k.issued - 86400) {
        r->clock_wrong = 1;
        r->at = now;
    }
    snprintf(r->place, sizeof r->place, "%s", c.place);
    snprintf(r->note, sizeof r->note, "%s", c.note);
    {
        /* Issue 12: the words of the place and the note count as in a card
         * message, the most serious status winning ("ok" made with a note
         * "bloqués, aide" is help); words of distress that a negation or a
         * question kept from the status are reviewed. Never a silent ok. */
        char text[2 * VG_CODE_TEXT_MAX + 4];
        snprintf(text, sizeof text, "%s.\n%s", c.place, c.note);
        vg_card_text_words(&words, text);
        if (words.has_status && words.status > r->status) {
            r->status = words.status;
            r->status_from_text = 1;
        }
        if (words.review &&
            (words.review_why == VG_CARD_REVIEW_LONG || words.review_status > r->status)) {
            r->review = 1;
            snprintf(r->review_words, sizeof r->review_words, "%s", words.review_words);
        }
    }
    {
        vg_checkin ci;
        memset(&ci, 0, sizeof ci);
        ci.participant_id = k.participant_id;
        ci.at = r->at;
        ci.status = r->status;
        ci.where = c.place[0] ? c.place : NULL;
        ci.note = c.note[0] ? c.note : NULL;
        ci.via = NULL;
        ci.source = "code";
        ci.duress = r->duress;
        if ((rc = vg_checkin_log(st, slug, &ci, &r->checkin_id)) != VG_OK)
            goto fatal;
    }
    if ((rc = vg_sql_prepare(st, &s, "UPDATE field_kit SET last_counter = ?2 WHERE id = ?1")) !=
        VG_OK)
        goto fatal;
    sqlite3_bind_int64(s, 1, k.id);
    sqlite3_bind_int64(s, 2, c.counter);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "field_kit");
        goto fatal;
    }
    vg_field_object(obj, sizeof obj, slug, k.participant_id);
    snprintf(detail, sizeof detail, "counter %u", (unsigned)c.counter);
    if ((rc = vg_audit_append(st, "checkin.import", obj, detail)) != VG_OK ||
        (r->review && (rc = vg_field_open_review(st, slug, k.participant_id, &words)) != VG_OK))
        goto fatal;
    r->logged = 1;
    goto done;
fatal:
    r->fatal = 1;
done:
    sqlite3_finalize(s);
    sodium_memzero(&c, sizeof c);
    sodium_memzero(&words, sizeof words);
    vg_secret_free(box_sk);
    return rc;
}

static int b64(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_';
}

/* The base64url run that ends line [ls, le) (trailing white space apart),
 * at least 8 characters and not a code of its own: its start and end. */
static int line_tail(const char *t, size_t ls, size_t le, size_t *rs, size_t *re)
{
    size_t e = le, b;
    while (e > ls && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r'))
        e--;
    b = e;
    while (b > ls && b64((unsigned char)t[b - 1]))
        b--;
    if (e - b < 8 || (e - b >= 3 && !memcmp(t + b, "VG1", 3)))
        return 0;
    *rs = b;
    *re = e;
    return 1;
}

size_t vg_code_scan_joined(vg_store *st, const char *text, size_t len, size_t *pos, char *out,
                           size_t cap, int *half)
{
    size_t n = vg_code_scan(text, len, pos, out, cap), ls;
    unsigned char box_pk[32];
    vg_secret *box_sk = NULL;
    *half = 0;
    if (!n || n >= VG_CODE_MIN || n + 1 >= cap)
        return n;
    if (vg_field_org_box(st, box_pk, &box_sk) != VG_OK) {
        vg_error_clear();
        *half = 1;
        return n;
    }
    /* The next lines, after the one the first part ends on. */
    ls = *pos;
    while (ls < len && text[ls] != '\n')
        ls++;
    for (int line = 0; line < 3 && ls < len; line++) {
        size_t le = ++ls, rs, re;
        while (le < len && text[le] != '\n')
            le++;
        if (line_tail(text, ls, le, &rs, &re) && n + (re - rs) + 1 <= cap) {
            vg_code c;
            int ok;
            memcpy(out + n, text + rs, re - rs);
            out[n + (re - rs)] = '\0';
            ok = vg_code_open(&c, out, n + (re - rs), box_pk, box_sk) == VG_OK;
            sodium_memzero(&c, sizeof c);
            if (ok) {
                n += re - rs;
                *pos = re;
                vg_secret_free(box_sk);
                return n;
            }
            out[n] = '\0';
        }
        ls = le;
    }
    vg_error_clear();
    vg_secret_free(box_sk);
    *half = 1;
    return n;
}
