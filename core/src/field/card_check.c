/* Checking a pasted check-in message against the delegation's cards:
 * the look-ahead window, duress codes, burn order, replays, wrong codes
 * counted and the guessing alert. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/card.h>
#include <vigie/checkin.h>
#include <vigie/error.h>

#include "field/card_internal.h"
#include "field/field_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

/* Every card of the delegation (current and revoked), or one participant's. */
static int load_cards(vg_store *st, int64_t did, int64_t participant_id, card_row **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    card_row *list = NULL;
    size_t count = 0;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT " CARD_COLUMNS " FROM field_card c"
                            " JOIN participant p ON p.id = c.participant_id"
                            " WHERE p.delegation_id = ?1 AND (?2 = 0 OR c.participant_id = ?2)"
                            " ORDER BY c.revoked IS NOT NULL, c.id");
    *out = NULL;
    *n = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int64(s, 2, participant_id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        card_row *g = realloc(list, (count + 1) * sizeof *g);
        if (!g) {
            rc = vg_error_oom();
            goto done;
        }
        list = g;
        rc = vg_card_row_read(s, &list[count]);
        count++;
        if (rc != VG_OK)
            goto done;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "field_card");
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        for (size_t i = 0; i < count; i++)
            vg_card_row_free(&list[i]);
        free(list);
        return rc;
    }
    *out = list;
    *n = count;
    return VG_OK;
}

/* Where a code sits on a card. */
enum { AT_NONE, AT_WINDOW, AT_DURESS, AT_USED, AT_BEYOND };

static int locate(const card_row *c, uint32_t code, uint32_t *pos_out)
{
    uint32_t ahead = 0, v;
    int where = AT_NONE;
    for (uint32_t p = 0; p < vg_card_positions(&c->layout); p++) {
        int duress = vg_card_is_duress(&c->layout, p), kind;
        if (vg_card_code(&v, c->secret, &c->layout, p) != VG_OK)
            continue;
        if (duress)
            kind = AT_DURESS;
        else if (p < c->next_pos)
            kind = AT_USED;
        else
            kind = ahead++ < VG_CARD_WINDOW ? AT_WINDOW : AT_BEYOND;
        if (v == code && where == AT_NONE) {
            where = kind;
            *pos_out = p;
        }
    }
    return where;
}

static int update_card(vg_store *st, int64_t id, uint32_t next_pos, uint32_t wrong_streak)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "UPDATE field_card SET next_pos = ?2, wrong_streak = ?3"
                            " WHERE id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, next_pos);
    sqlite3_bind_int64(s, 3, wrong_streak);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "field_card");
    sqlite3_finalize(s);
    return rc;
}

/* Count a wrong code against participant `pid`'s current card (in `cards`). */
static int count_wrong(vg_store *st, const char *slug, card_row *cards, size_t n, int64_t pid,
                       vg_card_result *r)
{
    char obj[VG_SLUG_MAX + 32];
    int rc;
    for (size_t i = 0; i < n; i++) {
        card_row *c = &cards[i];
        if (c->participant_id != pid || c->revoked)
            continue;
        c->wrong_streak++;
        r->counted = 1;
        r->participant_id = pid;
        r->wrong_streak = c->wrong_streak;
        if ((rc = update_card(st, c->id, c->next_pos, c->wrong_streak)) != VG_OK)
            return rc;
        vg_field_object(obj, sizeof obj, slug, pid);
        if ((rc = vg_audit_append(st, "card.wrong", obj, "")) != VG_OK)
            return rc;
        if (c->wrong_streak % VG_CARD_GUESSES_ALERT == 0) {
            char detail[96];
            snprintf(detail, sizeof detail,
                     _("%u wrong card codes in a row: someone may be guessing"),
                     (unsigned)c->wrong_streak);
            if ((rc = vg_alert_open(st, slug, pid, VG_ALERT_GUESSING, detail)) != VG_OK)
                return rc;
            r->guessing_alert = 1;
        }
        return VG_OK;
    }
    return VG_OK;
}

int vg_card_check(vg_store *st, const char *slug, const char *text, int64_t participant_id,
                  int64_t at, const char *via, vg_card_result *r)
{
    card_row *cards = NULL;
    size_t n = 0, live = 0, hit = 0;
    int64_t did, replay_pid = 0, revoked_pid = 0, beyond_pid = 0, only_pid = 0;
    uint32_t pos = 0, hit_pos = 0;
    int hit_kind = AT_NONE, current = 0, rc;
    char obj[VG_SLUG_MAX + 32];

    memset(r, 0, sizeof *r);
    if ((rc = vg_card_msg_parse(&r->msg, text)) != VG_OK)
        return rc;
    if ((rc = vg_field_delegation_id(st, slug, &did)) != VG_OK ||
        (rc = load_cards(st, did, participant_id, &cards, &n)) != VG_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        int kind = locate(&cards[i], r->msg.code, &pos);
        if (!cards[i].revoked) {
            current++;
            only_pid = cards[i].participant_id;
        }
        if (kind == AT_NONE)
            continue;
        if (cards[i].revoked) {
            if (!revoked_pid)
                revoked_pid = cards[i].participant_id;
        } else if (kind == AT_WINDOW || kind == AT_DURESS) {
            if (live < VG_CARD_CANDIDATES_MAX)
                r->candidates[live] = cards[i].participant_id;
            live++;
            hit = i;
            hit_kind = kind;
            hit_pos = pos;
        } else if (kind == AT_USED) {
            if (!replay_pid)
                replay_pid = cards[i].participant_id;
        } else if (!beyond_pid) {
            beyond_pid = cards[i].participant_id;
        }
    }
    if (live > 1) {
        r->ncandidates = live < VG_CARD_CANDIDATES_MAX ? live : VG_CARD_CANDIDATES_MAX;
        rc = vg_error_set(VG_EINVALID, "%s",
                          _("the code is among the next codes of several cards: say who sent it "
                            "with --participant"));
        goto done;
    }
    if (live == 1) {
        card_row *c = &cards[hit];
        vg_checkin ci;
        r->participant_id = c->participant_id;
        r->duress = hit_kind == AT_DURESS;
        /* A check-in code uses up itself and every earlier one; a duress
         * code changes nothing on the card, so the next codes stay valid. */
        if (!r->duress)
            c->next_pos = hit_pos + 1;
        c->wrong_streak = 0;
        r->left = vg_card_row_left(c);
        memset(&ci, 0, sizeof ci);
        ci.participant_id = c->participant_id;
        ci.at = at;
        ci.status = r->msg.status;
        ci.where = r->msg.where[0] ? r->msg.where : NULL;
        ci.note = r->msg.note[0] ? r->msg.note : NULL;
        ci.via = via;
        ci.source = "card";
        ci.duress = r->duress;
        vg_field_object(obj, sizeof obj, slug, c->participant_id);
        if ((rc = update_card(st, c->id, c->next_pos, 0)) != VG_OK ||
            (rc = vg_checkin_log(st, slug, &ci, &r->checkin_id)) != VG_OK ||
            (rc = vg_audit_append(st, "checkin.card", obj, "")) != VG_OK) {
            r->fatal = 1;
            goto done;
        }
        r->logged = 1;
        goto done;
    }
    if (replay_pid) {
        r->participant_id = replay_pid;
        rc = vg_error_set(VG_EREPLAY, "%s",
                          _("replayed: this code was used already, or skipped by a later one"));
        goto done;
    }
    if (revoked_pid) {
        if ((rc = count_wrong(st, slug, cards, n, revoked_pid, r)) != VG_OK) {
            r->fatal = 1;
            goto done;
        }
        r->participant_id = revoked_pid;
        rc = vg_error_set(
            VG_EINTEGRITY, "%s",
            _("the code is from a card that was revoked or replaced (lost or stolen?)"));
        goto done;
    }
    if (!current) {
        rc = participant_id
                 ? vg_error_set(VG_ENOTFOUND, "%s", _("this participant has no check-in card"))
                 : vg_error_set(VG_ENOTFOUND, _("no participant of \"%s\" has a check-in card"),
                                slug);
        goto done;
    }
    /* A wrong code: whose? The participant named, the one whose card holds
     * it further down, or the only card there is. */
    {
        int64_t pid = participant_id ? participant_id
                      : beyond_pid   ? beyond_pid
                      : current == 1 ? only_pid
                                     : 0;
        if (pid && (rc = count_wrong(st, slug, cards, n, pid, r)) != VG_OK) {
            r->fatal = 1;
            goto done;
        }
        r->participant_id = pid;
        rc = beyond_pid && beyond_pid == pid
                 ? vg_error_set(
                       VG_EAUTH,
                       _("wrong code: it is further down the card than the next %d unused codes"),
                       VG_CARD_WINDOW)
             : participant_id
                 ? vg_error_set(
                       VG_EAUTH,
                       _("wrong code: it is not among the next %d unused codes of this card"),
                       VG_CARD_WINDOW)
                 : vg_error_set(
                       VG_EAUTH,
                       _("wrong code: it is not among the next %d unused codes of any card"),
                       VG_CARD_WINDOW);
    }
done:
    for (size_t i = 0; i < n; i++)
        vg_card_row_free(&cards[i]);
    free(cards);
    return rc;
}
