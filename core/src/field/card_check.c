/* Checking a pasted check-in message against the delegation's cards:
 * the duress word, the look-ahead window, the duress positions of cards
 * issued before issue 12, burn order, replays, wrong codes counted and the
 * guessing alert. */
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
enum { AT_NONE, AT_WINDOW, AT_DURESS, AT_DURESS_USED, AT_USED, AT_BEYOND };

/* 1 if position `p` was used under duress (a duress position of an old
 * card, or a check-in position sent with the duress word). */
static int duress_used(const card_row *c, uint32_t p)
{
    char want[16];
    const char *u = c->duress_used;
    size_t n = (size_t)snprintf(want, sizeof want, "%u", (unsigned)p);
    while (*u) {
        size_t l = strcspn(u, ",");
        if (l == n && !memcmp(u, want, n))
            return 1;
        u += l;
        if (*u == ',')
            u++;
    }
    return 0;
}

static int locate(const card_row *c, uint32_t code, uint32_t *pos_out)
{
    uint32_t ahead = 0, v;
    int where = AT_NONE;
    for (uint32_t p = 0; p < vg_card_positions(&c->layout); p++) {
        int duress = vg_card_is_duress(&c->layout, p), kind;
        if (vg_card_code(&v, c->secret, &c->layout, p) != VG_OK)
            continue;
        if (duress)
            kind = duress_used(c, p) ? AT_DURESS_USED : AT_DURESS;
        else if (p < c->next_pos)
            kind = duress_used(c, p) ? AT_DURESS_USED : AT_USED;
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

static int set_duress_used(vg_store *st, int64_t id, const char *used)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "UPDATE field_card SET duress_used = ?2 WHERE id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, used, -1, SQLITE_STATIC);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "field_card");
    sqlite3_finalize(s);
    return rc;
}

/* Add position `p` to the card's positions used under duress. */
static int mark_duress_used(vg_store *st, card_row *c, uint32_t p)
{
    size_t o = strlen(c->duress_used);
    char want[16];
    int n = snprintf(want, sizeof want, "%s%u", o ? "," : "", (unsigned)p);
    if (o + (size_t)n < sizeof c->duress_used)
        memcpy(c->duress_used + o, want, (size_t)n + 1);
    return set_duress_used(st, c->id, c->duress_used);
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

int vg_field_open_review(vg_store *st, const char *slug, int64_t pid, const vg_card_msg *m)
{
    char detail[VG_CARD_REVIEW_MAX + 160];
    const char *why = m->review_why == VG_CARD_REVIEW_NEGATION   ? _("after a negation")
                      : m->review_why == VG_CARD_REVIEW_QUESTION ? _("in a question")
                      : m->review_why == VG_CARD_REVIEW_LONG
                          ? _("the message is too long to be read whole")
                          : _("another form of a status word");
    if (m->review_words[0])
        snprintf(detail, sizeof detail,
                 _("words of distress did not set the status (%s): \"%s\"; read the message"), why,
                 m->review_words);
    else
        snprintf(detail, sizeof detail, _("to read: %s"), why);
    return vg_alert_open(st, slug, pid, VG_ALERT_REVIEW, detail);
}

/* The message holds the duress word of cards[w]: that participant's duress
 * signal, never missed. With the next code of their current card it is a
 * check-in like any other (the code used up, so that nothing differs for
 * whoever watches) plus the duress alert; otherwise the alert alone. */
static int word_duress(vg_store *st, const char *slug, card_row *cards, size_t n, size_t w,
                       int64_t at, const char *via, vg_card_result *r)
{
    int64_t pid = cards[w].participant_id;
    card_row *cur = NULL;
    uint32_t pos = 0;
    int kind = AT_NONE, rc;
    char obj[VG_SLUG_MAX + 32], det[200];
    const char *why;

    for (size_t i = 0; i < n; i++)
        if (cards[i].participant_id == pid && !cards[i].revoked)
            cur = &cards[i];
    r->participant_id = pid;
    r->duress = 1;
    vg_field_object(obj, sizeof obj, slug, pid);
    if (r->msg.has_code && cur)
        kind = locate(cur, r->msg.code, &pos);
    if (kind == AT_WINDOW) {
        vg_checkin ci;
        cur->next_pos = pos + 1;
        cur->wrong_streak = 0;
        r->left = vg_card_row_left(cur);
        memset(&ci, 0, sizeof ci);
        ci.participant_id = pid;
        ci.at = at;
        ci.status = r->msg.status;
        ci.where = r->msg.where[0] ? r->msg.where : NULL;
        ci.note = r->msg.note[0] ? r->msg.note : NULL;
        ci.via = via;
        ci.source = "card";
        ci.duress = 1;
        if ((rc = mark_duress_used(st, cur, pos)) != VG_OK ||
            (rc = update_card(st, cur->id, cur->next_pos, 0)) != VG_OK ||
            (rc = vg_checkin_log(st, slug, &ci, &r->checkin_id)) != VG_OK ||
            (rc = vg_audit_append(st, "checkin.card", obj, "")) != VG_OK ||
            (r->msg.review && (rc = vg_field_open_review(st, slug, pid, &r->msg)) != VG_OK)) {
            r->fatal = 1;
            return rc;
        }
        r->logged = 1;
        return VG_OK;
    }
    /* Not the next code: the signal still stands, only the check-in is
     * refused. A code used already flags the open alert again. */
    why = !r->msg.has_code ? _("duress word without a card code: not logged as a check-in")
          : kind == AT_USED || kind == AT_DURESS_USED
              ? _("duress word with a code used already (a replay?): not logged as a check-in")
          : !cur || cards[w].revoked
              ? _("duress word of a card that was revoked or replaced: not logged as a check-in")
              : _("duress word with a code that is not among the next codes of the card: not "
                  "logged as a check-in");
    snprintf(det, sizeof det, "%s", why);
    if ((rc = vg_alert_raise(st, slug, pid, VG_ALERT_DURESS, det, &r->reflagged)) != VG_OK ||
        (rc = vg_audit_append(st, "checkin.card", obj, "duress alert only")) != VG_OK) {
        r->fatal = 1;
        return rc;
    }
    r->alert_only = 1;
    if (!r->msg.has_code)
        return vg_error_set(VG_EINVALID, "%s", _("no 6-digit code in the message"));
    if (kind == AT_USED || kind == AT_DURESS_USED)
        return vg_error_set(VG_EREPLAY, "%s", _("replayed: this code was used already"));
    if (!cur || cards[w].revoked)
        return vg_error_set(VG_EINTEGRITY, "%s",
                            _("the duress word is from a card that was revoked or replaced"));
    return vg_error_set(VG_EAUTH,
                        _("wrong code: it is not among the next %d unused codes of this card"),
                        VG_CARD_WINDOW);
}

int vg_card_check(vg_store *st, const char *slug, const char *text, int64_t participant_id,
                  int64_t at, const char *via, vg_card_result *r)
{
    card_row *cards = NULL;
    size_t n = 0, live = 0, hit = 0;
    int64_t did, replay_pid = 0, revoked_pid = 0, beyond_pid = 0, only_pid = 0;
    int64_t duress_old_pid = 0; /* a duress code of a revoked card, or used already */
    int duress_old_revoked = 0;
    uint32_t pos = 0, hit_pos = 0;
    int hit_kind = AT_NONE, current = 0, rc, parsed;
    char obj[VG_SLUG_MAX + 32];

    memset(r, 0, sizeof *r);
    /* A message without a code may still carry a duress word. */
    if ((parsed = vg_card_msg_parse(&r->msg, text)) != VG_OK && parsed != VG_EINVALID)
        return parsed;
    if ((rc = vg_field_delegation_id(st, slug, &did)) != VG_OK ||
        (rc = load_cards(st, did, participant_id, &cards, &n)) != VG_OK)
        goto done;
    /* The duress word first: it names its participant (current cards come
     * first in `cards`). */
    for (size_t i = 0; i < n; i++)
        if (cards[i].duress_word[0] && vg_card_msg_has_word(text, cards[i].duress_word)) {
            /* The word never reaches the place or the note (nor an export
             * a participant may read): read the message without it. */
            size_t len = strlen(text);
            char *plain = malloc(len + 1);
            if (!plain) {
                rc = vg_error_oom();
                goto done;
            }
            memcpy(plain, text, len + 1);
            vg_card_msg_blank_word(plain, cards[i].duress_word);
            if (vg_card_msg_parse(&r->msg, plain) != VG_OK)
                vg_error_clear();
            sodium_memzero(plain, len);
            free(plain);
            rc = word_duress(st, slug, cards, n, i, at, via, r);
            goto done;
        }
    if (parsed != VG_OK) {
        rc = vg_error_set(VG_EINVALID, "%s", _("no 6-digit code in the message"));
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int kind = locate(&cards[i], r->msg.code, &pos);
        if (!cards[i].revoked) {
            current++;
            only_pid = cards[i].participant_id;
        }
        if (kind == AT_NONE)
            continue;
        if ((kind == AT_DURESS || kind == AT_DURESS_USED) &&
            (cards[i].revoked || kind == AT_DURESS_USED)) {
            if (!duress_old_pid) {
                duress_old_pid = cards[i].participant_id;
                duress_old_revoked = cards[i].revoked != 0;
            }
        } else if (cards[i].revoked) {
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
        if (r->duress && (rc = mark_duress_used(st, c, hit_pos)) != VG_OK) {
            /* A duress code is used once: a second use is a replay. */
            r->fatal = 1;
            goto done;
        }
        if ((rc = update_card(st, c->id, c->next_pos, 0)) != VG_OK ||
            (rc = vg_checkin_log(st, slug, &ci, &r->checkin_id)) != VG_OK ||
            (rc = vg_audit_append(st, "checkin.card", obj, "")) != VG_OK) {
            r->fatal = 1;
            goto done;
        }
        r->logged = 1;
        if (r->msg.review &&
            (rc = vg_field_open_review(st, slug, c->participant_id, &r->msg)) != VG_OK) {
            r->fatal = 1;
            goto done;
        }
        goto done;
    }
    if (duress_old_pid) {
        /* A duress code always raises its alert; only the check-in is
         * refused. Used already: the open alert is flagged again. */
        char det[200];
        r->participant_id = duress_old_pid;
        r->duress = 1;
        r->alert_only = 1;
        snprintf(det, sizeof det, "%s",
                 duress_old_revoked
                     ? _("duress code of a card that was revoked or replaced: not logged as a "
                         "check-in")
                     : _("duress code used again (a replay?): not logged as a check-in"));
        if ((rc = vg_alert_raise(st, slug, duress_old_pid, VG_ALERT_DURESS, det, &r->reflagged)) !=
            VG_OK) {
            r->fatal = 1;
            goto done;
        }
        vg_field_object(obj, sizeof obj, slug, duress_old_pid);
        if ((rc = vg_audit_append(st, "checkin.card", obj, "duress alert only")) != VG_OK) {
            r->fatal = 1;
            goto done;
        }
        rc = duress_old_revoked
                 ? vg_error_set(VG_EINTEGRITY, "%s",
                                _("the code is from a card that was revoked or replaced"))
                 : vg_error_set(VG_EREPLAY, "%s", _("replayed: this code was used already"));
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
