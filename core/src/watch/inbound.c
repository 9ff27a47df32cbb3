/* The inbound channels: a Maildir, gammu-smsd's files-backend inbox, an
 * IMAP mailbox. Every message goes through the same checks as `checkin
 * import` (VG1 field codes) and `checkin code` (check-in cards), with the
 * sender matched to a participant; one that cannot be placed is kept in the
 * store for the coordinator (`vigie notify inbox`).
 *
 * Never twice, never lost: each message has an id (the Maildir file's
 * unique name, the gammu file's name, a hash of the IMAP message); in one
 * transaction its check-ins are logged and its id recorded, and only after
 * the commit is it acknowledged at the source (moved to cur/, moved to
 * gammu's done/ folder, flagged VigieDone on the IMAP server). A kill
 * between the two leaves an id the next tick finds: it only acknowledges. */
#include "util/curl_lazy.h"
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vigie/card.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/field.h>
#include <vigie/notify.h>
#include <vigie/watch.h>

#include "notify/notify_internal.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "watch/watch_internal.h"

#define MSG_MAX      (256 * 1024) /* a larger message is kept unread */
#define TEXT_KEEP    4000         /* bytes of an unplaced message kept */
#define FILES_MAX    500          /* per tick and folder */
#define GAMMU_SETTLE 20           /* seconds a gammu file waits for its other parts */

void vg_watch_problem(vg_watch_result *r, const char *what)
{
    size_t n = strlen(what);
    if (r->problem[0])
        return;
    if (n >= sizeof r->problem)
        n = sizeof r->problem - 1;
    memcpy(r->problem, what, n);
    r->problem[n] = 0;
}

/* ---- the delegations a message may belong to ---- */

typedef struct {
    vg_delegation **ds;
    size_t nd;
    vg_participant ***people; /* per delegation */
    size_t *npeople;
    int loaded;
} active_set;

static int active_load(vg_store *st, active_set *a)
{
    vg_delegation **all = NULL;
    size_t n = 0;
    int rc;
    int64_t now = vg_now();
    int32_t today = (int32_t)(now >= 0 ? now / 86400 : (now - 86399) / 86400);
    if (a->loaded)
        return VG_OK;
    if ((rc = vg_delegation_list(st, &all, &n)) != VG_OK)
        return rc;
    a->ds = calloc(n ? n : 1, sizeof *a->ds);
    a->people = calloc(n ? n : 1, sizeof *a->people);
    a->npeople = calloc(n ? n : 1, sizeof *a->npeople);
    if (!a->ds || !a->people || !a->npeople) {
        vg_delegation_list_free(all, n);
        return VG_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (all[i]->closed || today < all[i]->start_day - 3 || today > all[i]->end_day + 3) {
            vg_delegation_free(all[i]);
            continue;
        }
        a->ds[a->nd] = all[i];
        if ((rc = vg_participant_list(st, all[i]->slug, &a->people[a->nd], &a->npeople[a->nd])) !=
            VG_OK) {
            for (size_t j = i + 1; j < n; j++)
                vg_delegation_free(all[j]);
            free(all);
            a->nd++;
            return rc;
        }
        a->nd++;
    }
    free(all);
    a->loaded = 1;
    return VG_OK;
}

static void active_free(active_set *a)
{
    for (size_t i = 0; i < a->nd; i++) {
        vg_delegation_free(a->ds[i]);
        vg_participant_list_free(a->people[i], a->npeople[i]);
    }
    free(a->ds);
    free(a->people);
    free(a->npeople);
    memset(a, 0, sizeof *a);
}

/* Digits of a phone number. */
static size_t digits(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; s && *s && o + 1 < cap; s++)
        if (*s >= '0' && *s <= '9')
            out[o++] = *s;
    out[o] = 0;
    return o;
}

static int phone_match(const char *a, const char *b)
{
    char da[40], db[40];
    size_t la = digits(a, da, sizeof da), lb = digits(b, db, sizeof db), k;
    if (la < 6 || lb < 6)
        return 0;
    k = la < lb ? la : lb;
    if (k > 9)
        k = 9; /* the subscriber number: the country prefix may be missing */
    return !strcmp(da + la - k, db + lb - k);
}

/* The participant who sent a message: by e-mail address or phone number. */
static int sender_match(const active_set *a, const char *sender, int is_phone, size_t *di,
                        int64_t *pid)
{
    int found = 0;
    if (!sender || !*sender)
        return 0;
    for (size_t i = 0; i < a->nd; i++)
        for (size_t j = 0; j < a->npeople[i]; j++) {
            const vg_participant *p = a->people[i][j];
            int m = is_phone
                        ? (p->v[VG_PF_PHONE] && phone_match(p->v[VG_PF_PHONE], sender)) ||
                              (p->v[VG_PF_LOCAL_SIM] && phone_match(p->v[VG_PF_LOCAL_SIM], sender))
                        : p->v[VG_PF_EMAIL] && !strcasecmp(p->v[VG_PF_EMAIL], sender);
            if (m) {
                if (found)
                    return 0; /* two people share it: do not guess */
                *di = i;
                *pid = p->id;
                found = 1;
            }
        }
    return found;
}

/* ---- one message ---- */

static int seen_before(vg_store *st, const char *msgid, int *seen)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    *seen = 0;
    if ((rc = vg_sql_prepare(st, &s, "SELECT 1 FROM notify_inbox WHERE msgid = ?")) != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, msgid, -1, SQLITE_STATIC);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *seen = 1;
    else if (src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "notify inbox");
    sqlite3_finalize(s);
    return rc;
}

static int record(vg_store *st, const char *source, const char *msgid, const char *sender,
                  int64_t did, int64_t pid, int logged, const char *outcome, const char *text)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    rc = vg_sql_prepare(st, &s,
                        "INSERT INTO notify_inbox (source, msgid, received, sender, delegation_id,"
                        " participant_id, logged, outcome, text) VALUES (?,?,?,?,?,?,?,?,?)");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, msgid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, vg_now());
    vg_sql_bind_text(s, 4, sender);
    if (did)
        sqlite3_bind_int64(s, 5, did);
    else
        sqlite3_bind_null(s, 5);
    if (pid)
        sqlite3_bind_int64(s, 6, pid);
    else
        sqlite3_bind_null(s, 6);
    sqlite3_bind_int(s, 7, logged);
    sqlite3_bind_text(s, 8, outcome, -1, SQLITE_STATIC);
    if (text && !logged) {
        size_t len = strlen(text);
        if (len > TEXT_KEEP) {
            len = TEXT_KEEP;
            while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
                len--;
        }
        sqlite3_bind_text(s, 9, text, (int)len, SQLITE_TRANSIENT);
    } else
        sqlite3_bind_null(s, 9);
    if ((src = sqlite3_step(s)) != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "notify inbox");
    sqlite3_finalize(s);
    return rc;
}

/* Check and log the check-ins in `text`, record the message. Runs inside
 * the caller's transaction; VG_OK unless the store failed. */
static int place(vg_store *st, active_set *a, const char *source, const char *msgid,
                 const char *sender, int is_phone, const char *via, const char *text, int64_t at,
                 vg_watch_result *r)
{
    size_t len = strlen(text), pos = 0, clen, di = 0;
    char code[VG_CODE_MAX + 2], outcome[300] = "";
    int found = 0, logged = 0, rc;
    int64_t pid = 0, did = 0, lpid = 0;
    int matched;

    if ((rc = active_load(st, a)) != VG_OK)
        return rc;
    matched = sender_match(a, sender, is_phone, &di, &pid);
    /* Field codes: signed; the sender does not matter. */
    while ((clen = vg_code_scan(text, len, &pos, code, sizeof code)) > 0) {
        int done = 0;
        found++;
        for (size_t i = 0; i < a->nd && !done; i++) {
            vg_import_result ir;
            rc = vg_field_import(st, a->ds[i]->slug, code, clen, &ir);
            if (ir.fatal)
                return rc;
            if (rc == VG_OK) {
                logged++;
                did = a->ds[i]->id;
                lpid = ir.participant_id;
                done = 1;
            } else if (rc != VG_EINVALID) {
                snprintf(outcome, sizeof outcome, "%s", vg_error_last());
                done = 1;
            }
        }
        if (!done && !outcome[0])
            snprintf(outcome, sizeof outcome, "%s",
                     _("a field code for no delegation in the field"));
    }
    if (!found) {
        vg_card_msg m;
        /* A message without a code may still be a duress signal: a card's
         * duress word (issue 12), which vg_card_check looks for first. */
        int has_code = vg_card_msg_parse(&m, text) == VG_OK;
        vg_error_clear();
        {
            vg_card_result cr;
            for (size_t i = matched ? di : 0; i < a->nd && !logged; i++) {
                rc = vg_card_check(st, a->ds[i]->slug, text, matched ? pid : 0, at, via, &cr);
                if (cr.fatal)
                    return rc;
                if (!has_code && !cr.alert_only) {
                    vg_error_clear();
                    if (matched)
                        break;
                    continue;
                }
                found = 1;
                if (cr.alert_only) {
                    did = a->ds[i]->id;
                    lpid = cr.participant_id;
                }
                if (rc == VG_OK) {
                    logged = 1;
                    did = a->ds[i]->id;
                    lpid = cr.participant_id;
                } else if (!outcome[0] || matched)
                    snprintf(outcome, sizeof outcome, "%s", vg_error_last());
                if (matched)
                    break;
            }
        }
    }
    if (!found)
        snprintf(outcome, sizeof outcome, "%s", _("no check-in code in the message"));
    if (logged) {
        r->nlogged += logged;
        if (!outcome[0])
            snprintf(outcome, sizeof outcome, "logged");
    } else {
        r->nunplaced++;
        if (matched) {
            did = a->ds[di]->id;
            lpid = pid;
        }
    }
    return record(st, source, msgid, sender, did, lpid ? lpid : (matched ? pid : 0), logged ? 1 : 0,
                  outcome, text);
}

/* Process one message: skip it if known, else place it; then commit. *ack
 * set when the source may forget it (committed now or before). */
static int one_message(vg_store *st, active_set *a, const char *source, const char *msgid,
                       const char *sender, int is_phone, const char *via, const char *text,
                       int64_t at, vg_watch_result *r, int *ack)
{
    int rc, seen;
    *ack = 0;
    if ((rc = vg_store_begin(st)) != VG_OK)
        return rc;
    if ((rc = seen_before(st, msgid, &seen)) == VG_OK && !seen) {
        r->nmessages++;
        rc = place(st, a, source, msgid, sender, is_phone, via, text, at, r);
    }
    if (rc == VG_OK)
        rc = vg_store_commit(st);
    if (rc != VG_OK) {
        vg_store_rollback(st);
        return rc;
    }
    *ack = 1;
    return VG_OK;
}

/* ---- e-mail: headers, a text/plain part, base64 or quoted-printable ---- */

static const char *header(const char *msg, size_t hlen, const char *name, size_t *vlen)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < hlen;) {
        size_t e = i;
        while (e < hlen && msg[e] != '\n')
            e++;
        if (e - i > nl && !strncasecmp(msg + i, name, nl) && msg[i + nl] == ':') {
            const char *v = msg + i + nl + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            *vlen = (size_t)(msg + e - v);
            if (*vlen && v[*vlen - 1] == '\r')
                (*vlen)--;
            return v;
        }
        i = e + 1;
    }
    return NULL;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static char *decode_body(const char *b, size_t n, const char *cte, size_t cte_len)
{
    char *out = malloc(n + 1);
    size_t o = 0;
    if (!out)
        return NULL;
    if (cte && cte_len >= 6 && !strncasecmp(cte, "base64", 6)) {
        size_t bin = 0;
        if (sodium_base642bin((unsigned char *)out, n, b, n, " \t\r\n", &bin, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0)
            bin = 0;
        out[bin] = 0;
        return out;
    }
    if (cte && cte_len >= 16 && !strncasecmp(cte, "quoted-printable", 16)) {
        for (size_t i = 0; i < n; i++) {
            if (b[i] == '=' && i + 1 < n && (b[i + 1] == '\n' || b[i + 1] == '\r')) {
                i += b[i + 1] == '\r' && i + 2 < n && b[i + 2] == '\n' ? 2 : 1;
                continue;
            }
            if (b[i] == '=' && i + 2 < n && hexval(b[i + 1]) >= 0 && hexval(b[i + 2]) >= 0) {
                out[o++] = (char)(hexval(b[i + 1]) * 16 + hexval(b[i + 2]));
                i += 2;
                continue;
            }
            out[o++] = b[i];
        }
        out[o] = 0;
        return out;
    }
    memcpy(out, b, n);
    out[n] = 0;
    return out;
}

/* The sender's address and the text to read (subject, then the first
 * text/plain part), bounded. */
int vg_watch_mail_parse(const char *msg, size_t len, char sender[256], char **text_out)
{
    size_t hlen = 0, vlen = 0;
    const char *body, *v;
    char *text = NULL, boundary[200] = "";
    *text_out = NULL;
    sender[0] = 0;
    while (hlen < len) {
        if (msg[hlen] == '\n' && (hlen + 1 < len && msg[hlen + 1] == '\n'))
            break;
        if (msg[hlen] == '\n' && hlen + 2 < len && msg[hlen + 1] == '\r' && msg[hlen + 2] == '\n')
            break;
        hlen++;
    }
    body = msg + (hlen < len ? hlen + 1 : len);
    while (body < msg + len && (*body == '\r' || *body == '\n'))
        body++;
    if ((v = header(msg, hlen, "From", &vlen))) {
        const char *lt = memchr(v, '<', vlen), *gt;
        const char *s0 = v;
        size_t sl = vlen;
        if (lt && (gt = memchr(lt, '>', (size_t)(v + vlen - lt)))) {
            s0 = lt + 1;
            sl = (size_t)(gt - lt - 1);
        }
        if (sl > 255)
            sl = 255;
        memcpy(sender, s0, sl);
        sender[sl] = 0;
        for (char *p = sender; *p; p++)
            if (*p == ' ' || *p == '\r')
                *p = 0;
    }
    size_t ctl = 0, ctel = 0, sl = 0;
    const char *ct = header(msg, hlen, "Content-Type", &ctl);
    const char *cte = header(msg, hlen, "Content-Transfer-Encoding", &ctel);
    const char *subj = header(msg, hlen, "Subject", &sl);
    const char *bstart = body, *bend = msg + len;
    if (ct && ctl >= 10 && !strncasecmp(ct, "multipart/", 10)) {
        const char *bp = NULL;
        for (size_t i = 0; i + 9 <= ctl && !bp; i++)
            if (!strncasecmp(ct + i, "boundary=", 9))
                bp = ct + i;
        if (bp) {
            bp += 9;
            if (*bp == '"')
                bp++;
            size_t k = 0;
            boundary[k++] = '-';
            boundary[k++] = '-';
            while (*bp && *bp != '"' && *bp != ';' && *bp != '\r' && *bp != '\n' &&
                   k < sizeof boundary - 1)
                boundary[k++] = *bp++;
            boundary[k] = 0;
            /* The first part (the text/plain one in what phones and clients send). */
            const char *p1 = strstr(body, boundary);
            if (p1) {
                const char *ph = p1 + strlen(boundary);
                const char *pend = strstr(ph, boundary);
                const char *pb = strstr(ph, "\n\n");
                const char *pb2 = strstr(ph, "\r\n\r\n");
                if (pb2 && (!pb || pb2 < pb))
                    pb = pb2 + 2;
                if (pb && (!pend || pb < pend)) {
                    size_t phl = (size_t)(pb - ph);
                    cte = header(ph, phl, "Content-Transfer-Encoding", &ctel);
                    bstart = pb + 2;
                    bend = pend ? pend : msg + len;
                }
            }
        }
    }
    char *decoded = decode_body(bstart, (size_t)(bend - bstart), cte, ctel);
    if (!decoded)
        return VG_ENOMEM;
    size_t tl = (subj ? sl : 0) + strlen(decoded) + 2;
    if (!(text = malloc(tl))) {
        free(decoded);
        return VG_ENOMEM;
    }
    snprintf(text, tl, "%.*s\n%s", subj ? (int)sl : 0, subj ? subj : "", decoded);
    free(decoded);
    /* Control characters other than line ends become spaces (the parsers
     * refuse them); invalid UTF-8 is left for them to judge. */
    for (char *p = text; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n')
            *p = ' ';
    *text_out = text;
    return VG_OK;
}

static int64_t msg_time(int64_t mtime, int64_t now)
{
    return mtime < now && now - mtime < 86400 ? mtime : now;
}

/* ---- Maildir ---- */

static int read_maildir(vg_store *st, active_set *a, const char *dir, vg_watch_result *r)
{
    char *newd = vg_path_join(dir, "new"), *curd = vg_path_join(dir, "cur");
    DIR *dh;
    struct dirent *de;
    int rc = VG_OK, count = 0;
    if (!newd || !curd) {
        free(newd);
        free(curd);
        return VG_ENOMEM;
    }
    if (!(dh = opendir(newd))) {
        char m[300];
        snprintf(m, sizeof m, _("cannot read the Maildir %s: %s"), newd, strerror(errno));
        vg_watch_problem(r, m);
        free(newd);
        free(curd);
        return VG_OK;
    }
    while (rc == VG_OK && (de = readdir(dh)) && count < FILES_MAX) {
        char *path, *text = NULL, sender[256], msgid[300], dest[600];
        unsigned char *buf = NULL;
        size_t blen = 0;
        struct stat sb;
        int ack = 0;
        if (de->d_name[0] == '.')
            continue;
        if (!(path = vg_path_join(newd, de->d_name))) {
            rc = VG_ENOMEM;
            break;
        }
        count++;
        snprintf(msgid, sizeof msgid, "maildir:%.*s", (int)strcspn(de->d_name, ":"), de->d_name);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            free(path);
            continue;
        }
        int frc = vg_file_read(path, MSG_MAX, &buf, &blen);
        if (frc == VG_OK) {
            char *z = realloc(buf, blen + 1);
            if (!z) {
                free(buf);
                free(path);
                rc = VG_ENOMEM;
                break;
            }
            buf = (unsigned char *)z;
            buf[blen] = 0;
            rc = vg_watch_mail_parse((char *)buf, blen, sender, &text);
        } else {
            sender[0] = 0;
            text = strdup("");
        }
        if (rc == VG_OK && text)
            rc = one_message(st, a, "maildir", msgid, sender, 0, "e-mail", frc == VG_OK ? text : "",
                             msg_time(sb.st_mtime, r->at), r, &ack);
        if (rc == VG_OK && ack) {
            snprintf(dest, sizeof dest, "%s/%s%s", curd, de->d_name,
                     strchr(de->d_name, ':') ? "S" : ":2,S");
            if (rename(path, dest) != 0) {
                char m[300];
                snprintf(m, sizeof m, _("cannot move %s to cur/: %s"), de->d_name, strerror(errno));
                vg_watch_problem(r, m);
            }
        }
        if (buf)
            sodium_memzero(buf, blen);
        free(buf);
        free(text);
        free(path);
    }
    closedir(dh);
    free(newd);
    free(curd);
    return rc;
}

/* ---- gammu-smsd files backend: IN<date>_<time>_<serial>_<sender>_<part>.txt ---- */

static char *utf16le_to_utf8(const unsigned char *b, size_t n)
{
    char *out = malloc(n * 2 + 1);
    size_t o = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned c = b[i] | (unsigned)b[i + 1] << 8;
        if (c >= 0xD800 && c < 0xDC00 && i + 3 < n) {
            unsigned lo = b[i + 2] | (unsigned)b[i + 3] << 8;
            if (lo >= 0xDC00 && lo < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (c < 0x80)
            out[o++] = (char)c;
        else if (c < 0x800) {
            out[o++] = (char)(0xC0 | c >> 6);
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[o++] = (char)(0xE0 | c >> 12);
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | c >> 18);
            out[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = 0;
    return out;
}

static int name_cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* "IN20250304_201500_00_+573001234567_00.txt": the message key (all but
 * the part number) and the sender. 0 when the name is not gammu's. */
static int gammu_name(const char *name, char key[256], char sender[64])
{
    size_t n = strlen(name);
    const char *u[5];
    int k = 0;
    if (n < 10 || n > 200 || strncmp(name, "IN", 2) || strcmp(name + n - 4, ".txt"))
        return 0;
    for (const char *p = name; *p && k < 5; p++)
        if (*p == '_')
            u[k++] = p;
    if (k != 4)
        return 0;
    snprintf(key, 256, "%.*s", (int)(u[3] - name), name);
    snprintf(sender, 64, "%.*s", (int)(u[3] - u[2] - 1), u[2] + 1);
    return 1;
}

static int read_gammu(vg_store *st, active_set *a, const char *dir, vg_watch_result *r)
{
    DIR *dh;
    struct dirent *de;
    char **names = NULL, *done_dir = vg_path_join(dir, "vigie-done");
    size_t n = 0, cap = 0;
    int rc = VG_OK;
    if (!done_dir)
        return VG_ENOMEM;
    if (!(dh = opendir(dir))) {
        char m[300];
        snprintf(m, sizeof m, _("cannot read gammu's inbox %s: %s"), dir, strerror(errno));
        vg_watch_problem(r, m);
        free(done_dir);
        return VG_OK;
    }
    while ((de = readdir(dh)) && n < FILES_MAX) {
        char key[256], snd[64];
        if (!gammu_name(de->d_name, key, snd))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **g = realloc(names, nc * sizeof *g);
            if (!g) {
                rc = VG_ENOMEM;
                break;
            }
            names = g;
            cap = nc;
        }
        if (!(names[n] = strdup(de->d_name))) {
            rc = VG_ENOMEM;
            break;
        }
        n++;
    }
    closedir(dh);
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    size_t nproc = n;
    if (rc == VG_OK && n && mkdir(done_dir, 0700) != 0 && errno != EEXIST) {
        char m[300];
        snprintf(m, sizeof m, _("cannot create %s: %s"), done_dir, strerror(errno));
        vg_watch_problem(r, m);
        nproc = 0;
    }
    for (size_t i = 0; rc == VG_OK && i < nproc;) {
        char key[256], sender[64], msgid[300], *text = NULL;
        size_t j = i, tl = 0;
        int64_t newest = 0;
        int settled = 1, ack = 0;
        gammu_name(names[i], key, sender);
        /* The parts of one message: same key. */
        while (j < nproc) {
            char k2[256], s2[64];
            gammu_name(names[j], k2, s2);
            if (strcmp(k2, key))
                break;
            j++;
        }
        for (size_t p = i; p < j && rc == VG_OK; p++) {
            char *path = vg_path_join(dir, names[p]), *part = NULL;
            unsigned char *buf = NULL;
            size_t blen = 0;
            struct stat sb;
            if (!path) {
                rc = VG_ENOMEM;
                break;
            }
            if (stat(path, &sb) == 0) {
                if (sb.st_mtime > newest)
                    newest = sb.st_mtime;
                if (time(NULL) - sb.st_mtime < GAMMU_SETTLE)
                    settled = 0;
            }
            if (vg_file_read(path, 64 * 1024, &buf, &blen) == VG_OK) {
                if (blen >= 2 && buf[0] == 0xFF && buf[1] == 0xFE)
                    part = utf16le_to_utf8(buf + 2, blen - 2);
                else if ((part = malloc(blen + 1))) {
                    memcpy(part, buf, blen);
                    part[blen] = 0;
                }
                free(buf);
            }
            if (part) {
                size_t pl = strlen(part);
                char *g = realloc(text, tl + pl + 2);
                if (g) {
                    text = g;
                    if (tl)
                        text[tl++] = ' ';
                    memcpy(text + tl, part, pl);
                    tl += pl;
                    text[tl] = 0;
                }
                free(part);
            }
            free(path);
        }
        if (rc == VG_OK && settled) {
            for (char *p = text; p && *p; p++)
                if ((unsigned char)*p < 0x20 && *p != '\n')
                    *p = ' ';
            snprintf(msgid, sizeof msgid, "gammu:%s", key);
            rc = one_message(st, a, "gammu", msgid, sender, 1, "SMS", text ? text : "",
                             msg_time(newest, r->at), r, &ack);
            for (size_t p = i; rc == VG_OK && ack && p < j; p++) {
                char *from = vg_path_join(dir, names[p]), *to = vg_path_join(done_dir, names[p]);
                if (from && to && rename(from, to) != 0) {
                    char m[300];
                    snprintf(m, sizeof m, _("cannot move %s to vigie-done/: %s"), names[p],
                             strerror(errno));
                    vg_watch_problem(r, m);
                }
                free(from);
                free(to);
            }
        }
        free(text);
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(done_dir);
    return rc;
}

/* ---- IMAP (libcurl) ---- */

typedef struct {
    char *buf;
    size_t len;
    int too_big;
} membuf;

static size_t mem_write(char *p, size_t size, size_t nmemb, void *ud)
{
    membuf *m = ud;
    size_t n = size * nmemb;
    if (m->len + n > MSG_MAX) {
        m->too_big = 1;
        return 0;
    }
    char *g = realloc(m->buf, m->len + n + 1);
    if (!g)
        return 0;
    m->buf = g;
    memcpy(m->buf + m->len, p, n);
    m->len += n;
    m->buf[m->len] = 0;
    return n;
}

typedef struct {
    char *url, *user, *password, *ca;
} imap_conf;

static CURL *imap_handle(const imap_conf *c, char *errbuf)
{
    CURL *h = curl_easy_init();
    if (!h)
        return NULL;
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (c->ca && *c->ca)
        curl_easy_setopt(h, CURLOPT_CAINFO, c->ca);
    if (c->user)
        curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
    if (c->password)
        curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, mem_write);
    return h;
}

static int imap_do(CURL *h, const char *url, const char *custom, membuf *m, char *errbuf,
                   vg_watch_result *r)
{
    CURLcode cc;
    m->len = 0;
    m->too_big = 0;
    if (m->buf)
        m->buf[0] = 0;
    errbuf[0] = 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, custom);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, m);
    cc = curl_easy_perform(h);
    if (cc != CURLE_OK && !m->too_big) {
        char msg[400];
        snprintf(msg, sizeof msg, _("the IMAP server %s: %s"), url,
                 errbuf[0] ? errbuf : curl_easy_strerror(cc));
        vg_watch_problem(r, msg);
        return VG_ERROR;
    }
    return VG_OK;
}

static int read_imap(vg_store *st, active_set *a, const imap_conf *c, vg_watch_result *r)
{
    char errbuf[CURL_ERROR_SIZE] = "", url[700];
    membuf m = {0};
    CURL *h;
    int rc = VG_OK;
    unsigned long uids[FILES_MAX];
    size_t nu = 0;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!(h = imap_handle(c, errbuf)))
        return VG_ENOMEM;
    /* Messages not yet taken, whoever read them in a mail client. */
    if (imap_do(h, c->url, "UID SEARCH UNKEYWORD VigieDone", &m, errbuf, r) != VG_OK)
        goto out;
    for (const char *p = m.buf ? strstr(m.buf, "SEARCH") : NULL; p && nu < FILES_MAX;) {
        char *end;
        p += strcspn(p, "0123456789\r\n");
        if (*p < '0' || *p > '9')
            break;
        unsigned long u = strtoul(p, &end, 10);
        if (end == p)
            break;
        uids[nu++] = u;
        p = end;
    }
    for (size_t i = 0; i < nu && rc == VG_OK; i++) {
        char msgid[80], hex[33], sender[256] = "", *text = NULL, store_cmd[80];
        unsigned char h16[16];
        int ack = 0;
        snprintf(url, sizeof url, "%s/;UID=%lu", c->url, uids[i]);
        if (imap_do(h, url, NULL, &m, errbuf, r) != VG_OK)
            break;
        if (m.too_big) {
            snprintf(msgid, sizeof msgid, "imap-big:%lu", uids[i]);
            text = strdup("");
        } else {
            crypto_generichash(h16, sizeof h16, (const unsigned char *)(m.buf ? m.buf : ""), m.len,
                               NULL, 0);
            sodium_bin2hex(hex, sizeof hex, h16, sizeof h16);
            snprintf(msgid, sizeof msgid, "imap:%s", hex);
            if ((rc = vg_watch_mail_parse(m.buf ? m.buf : "", m.len, sender, &text)) != VG_OK)
                break;
        }
        if (!text) {
            rc = VG_ENOMEM;
            break;
        }
        rc = one_message(st, a, "imap", msgid, sender, 0, "e-mail",
                         m.too_big ? _("(message too large to read)") : text, r->at, r, &ack);
        free(text);
        if (rc == VG_OK && ack) {
            snprintf(store_cmd, sizeof store_cmd, "UID STORE %lu +FLAGS (VigieDone \\Seen)",
                     uids[i]);
            if (imap_do(h, c->url, store_cmd, &m, errbuf, r) != VG_OK)
                break;
        }
    }
out:
    if (m.buf)
        sodium_memzero(m.buf, m.len);
    free(m.buf);
    curl_easy_cleanup(h);
    return rc;
}

int vg_watch_inbound(vg_store *st, vg_watch_result *r)
{
    char *maildir = NULL, *gammu = NULL;
    imap_conf ic = {0};
    active_set a = {0};
    int rc;
    if ((rc = vg_notify_get(st, "inbox.maildir", &maildir)) != VG_OK ||
        (rc = vg_notify_get(st, "inbox.gammu", &gammu)) != VG_OK ||
        (rc = vg_notify_get(st, "inbox.imap", &ic.url)) != VG_OK ||
        (rc = vg_notify_get(st, "imap.user", &ic.user)) != VG_OK ||
        (rc = vg_notify_get(st, "imap.password", &ic.password)) != VG_OK ||
        (rc = vg_notify_get(st, "imap.ca-file", &ic.ca)) != VG_OK)
        goto out;
    if (maildir)
        rc = read_maildir(st, &a, maildir, r);
    if (rc == VG_OK && gammu)
        rc = read_gammu(st, &a, gammu, r);
    if (rc == VG_OK && ic.url)
        rc = read_imap(st, &a, &ic, r);
out:
    active_free(&a);
    free(maildir);
    free(gammu);
    free(ic.url);
    free(ic.user);
    if (ic.password)
        sodium_memzero(ic.password, strlen(ic.password));
    free(ic.password);
    free(ic.ca);
    return rc;
}
