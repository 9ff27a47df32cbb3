/* Check-in cards in the store: issue, print, check a pasted message.
 *
 * A card row holds the 32-byte secret, the number of check-in codes, the
 * duress positions, next_pos (every check-in position before it is used
 * up: used, or skipped by a later code) and wrong_streak. Codes are
 * recomputed from the secret at each check (card.c); none is stored. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/participant.h>
#include <vigie/audit.h>
#include <vigie/card.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/error.h>
#include <vigie/field.h>

#include "field/card_internal.h"
#include "field/field_internal.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"

void vg_card_row_free(card_row *c)
{
    vg_secret_free(c->secret);
    memset(c, 0, sizeof *c);
}

uint32_t vg_card_row_left(const card_row *c)
{
    uint32_t left = 0;
    for (uint32_t p = c->next_pos; p < vg_card_positions(&c->layout); p++)
        left += !vg_card_is_duress(&c->layout, p);
    return left;
}

static void fill_info(vg_card_info *out, const card_row *c)
{
    out->card_id = c->id;
    out->participant_id = c->participant_id;
    out->issued = c->issued;
    out->ncodes = c->layout.ncodes;
    out->left = vg_card_row_left(c);
    out->wrong_streak = c->wrong_streak;
}

int vg_card_row_read(sqlite3_stmt *s, card_row *c)
{
    const char *pos;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(s, 0);
    c->participant_id = sqlite3_column_int64(s, 1);
    c->issued = sqlite3_column_int64(s, 2);
    c->revoked = sqlite3_column_type(s, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 3);
    c->next_pos = (uint32_t)sqlite3_column_int64(s, 4);
    c->wrong_streak = (uint32_t)sqlite3_column_int64(s, 5);
    c->layout.ncodes = (uint32_t)sqlite3_column_int64(s, 6);
    c->layout.nduress = (uint32_t)sqlite3_column_int64(s, 7);
    pos = (const char *)sqlite3_column_text(s, 8);
    if (c->layout.ncodes < VG_CARD_CODES_MIN || c->layout.ncodes > VG_CARD_CODES_MAX ||
        c->layout.nduress > VG_CARD_DURESS || !pos ||
        vg_card_positions_parse(&c->layout, pos) != VG_OK ||
        c->next_pos > vg_card_positions(&c->layout) ||
        sqlite3_column_bytes(s, 9) != VG_CARD_SECRET_BYTES)
        return vg_error_set(VG_EINTEGRITY, "%s", _("a check-in card is damaged in the store"));
    pos = (const char *)sqlite3_column_text(s, 10);
    snprintf(c->duress_used, sizeof c->duress_used, "%s", pos ? pos : "");
    return vg_secret_from(&c->secret, sqlite3_column_blob(s, 9), VG_CARD_SECRET_BYTES);
}

static int current_card(vg_store *st, int64_t participant_id, card_row *c)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT " CARD_COLUMNS " FROM field_card c"
                            " WHERE c.participant_id = ?1 AND c.revoked IS NULL");
    memset(c, 0, sizeof *c);
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, participant_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = vg_card_row_read(s, c);
    else if (rc == SQLITE_DONE)
        rc = vg_error_set(VG_ENOTFOUND, "%s", _("this participant has no check-in card"));
    else
        rc = vg_sql_fail(st, rc, "field_card");
    sqlite3_finalize(s);
    return rc;
}

int vg_card_left_all(vg_store *st, int64_t did, int64_t **pids, uint32_t **left, size_t *n)
{
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT c.participant_id, c.next_pos, c.ncodes, c.nduress, c.duress_pos"
                            " FROM field_card c JOIN participant p ON p.id = c.participant_id"
                            " WHERE p.delegation_id = ?1 AND c.revoked IS NULL"
                            " ORDER BY c.participant_id, c.id");
    *pids = NULL;
    *left = NULL;
    *n = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        card_row c;
        const char *pos = (const char *)sqlite3_column_text(s, 4);
        int64_t pid = sqlite3_column_int64(s, 0);
        if (*n && (*pids)[*n - 1] == pid)
            continue; /* as current_card: the first one */
        memset(&c, 0, sizeof c);
        c.next_pos = (uint32_t)sqlite3_column_int64(s, 1);
        c.layout.ncodes = (uint32_t)sqlite3_column_int64(s, 2);
        c.layout.nduress = (uint32_t)sqlite3_column_int64(s, 3);
        if (c.layout.ncodes < VG_CARD_CODES_MIN || c.layout.ncodes > VG_CARD_CODES_MAX ||
            c.layout.nduress > VG_CARD_DURESS || !pos ||
            vg_card_positions_parse(&c.layout, pos) != VG_OK ||
            c.next_pos > vg_card_positions(&c.layout)) {
            rc = vg_error_set(VG_EINTEGRITY, "%s", _("a check-in card is damaged in the store"));
            goto done;
        }
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            int64_t *np = realloc(*pids, ncap * sizeof *np);
            uint32_t *nl = np ? realloc(*left, ncap * sizeof *nl) : NULL;
            if (np)
                *pids = np;
            if (nl)
                *left = nl;
            if (!np || !nl) {
                rc = vg_error_oom();
                goto done;
            }
            cap = ncap;
        }
        (*pids)[*n] = pid;
        (*left)[*n] = vg_card_row_left(&c);
        (*n)++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "field_card");
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        free(*pids);
        free(*left);
        *pids = NULL;
        *left = NULL;
        *n = 0;
    }
    return rc;
}

int vg_card_get(vg_store *st, int64_t participant_id, vg_card_info *out)
{
    card_row c;
    int rc = current_card(st, participant_id, &c);
    memset(out, 0, sizeof *out);
    if (rc == VG_OK)
        fill_info(out, &c);
    vg_card_row_free(&c);
    return rc;
}

int vg_card_needed(vg_store *st, const char *slug, uint32_t *out)
{
    vg_delegation *d = NULL;
    uint16_t plan[VG_KIT_PLAN_MAX];
    size_t nplan = 0;
    int32_t today = 0, from;
    int rc;
    *out = 0;
    if ((rc = vg_delegation_get(st, slug, &d)) != VG_OK ||
        (rc = vg_field_plan(st, slug, plan, VG_KIT_PLAN_MAX, &nplan)) != VG_OK ||
        (rc = vg_field_today(d->tz, &today)) != VG_OK)
        goto done;
    from = today > d->start_day ? today : d->start_day;
    if (from <= d->end_day)
        *out = (uint32_t)(d->end_day - from + 1) * (uint32_t)(nplan ? nplan : 1);
done:
    vg_delegation_free(d);
    return rc;
}

static void positions_text(char out[64], const vg_card_layout *l)
{
    size_t o = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < l->nduress; i++)
        o += (size_t)snprintf(out + o, 64 - o, "%s%u", i ? ", " : "",
                              (unsigned)l->duress_pos[i] + 1);
}

int vg_card_reveal(vg_store *st, const char *slug, const vg_participant *p, char out[64])
{
    card_row c;
    char obj[VG_SLUG_MAX + 32];
    int rc = current_card(st, p->id, &c);
    out[0] = '\0';
    if (rc == VG_OK) {
        positions_text(out, &c.layout);
        vg_field_object(obj, sizeof obj, slug, p->id);
        rc = vg_audit_append(st, "card.reveal", obj, "");
    }
    if (rc != VG_OK)
        out[0] = '\0';
    vg_card_row_free(&c);
    return rc;
}

/* A growing text buffer for the card. */
typedef struct {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->oom)
        return;
    va_start(ap, fmt);
    n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if (!b->p || b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

/* Columns of display width: pad `s` to `w` characters. */
static void sb_pad(sbuf *b, const char *s, size_t w)
{
    size_t n = 0;
    for (const unsigned char *q = (const unsigned char *)s; *q; q++)
        n += (*q & 0xc0) != 0x80;
    sb_printf(b, "%s", s);
    while (n++ < w)
        sb_printf(b, " ");
}

/* The local language of a country, for the card: "es", "ht" or NULL. */
static const char *local_lang(const char *cc)
{
    static const char spanish[] = "AR BO CL CO CR CU DO EC ES GT HN MX NI PA PE PY SV UY VE";
    if (!cc || strlen(cc) != 2)
        return NULL;
    if (!strcmp(cc, "HT"))
        return "ht";
    for (const char *q = spanish; *q; q += q[2] ? 3 : 2)
        if (q[0] == cc[0] && q[1] == cc[1])
            return "es";
    return NULL;
}

/* The card, on one printed page. Its text is the same in every locale:
 * French, English and the local language side by side, because the card
 * goes to the field whatever the coordinator's --lang. */
static int render(sbuf *b, const vg_delegation *d, const char *first_name, int64_t card_id,
                  int64_t issued, const uint32_t *codes, uint32_t npos,
                  const vg_kit_number *numbers, size_t nnumbers)
{
    const char *ll = local_lang(d->country);
    char d1[16], d2[16], when[32];
    uint32_t rows = (npos + 3) / 4;

    vg_date_format(d1, d->start_day);
    vg_date_format(d2, d->end_day);
    vg_time_format_utc(when, issued);
    when[10] = '\0';
    sb_printf(b, "VIGIE · CARTE DE CHECK-IN · CHECK-IN CARD%s\n",
              ll && !strcmp(ll, "es")   ? " · TARJETA DE REPORTE"
              : ll && !strcmp(ll, "ht") ? " · KAT CHECK-IN"
                                        : "");
    sb_printf(b, "========================================================================\n");
    sb_printf(b, "%s · %s · %s → %s\n", first_name, d->name, d1, d2);
    sb_printf(b, "Carte n° %lld émise le %s / card no. %lld issued %s\n\n", (long long)card_id,
              when, (long long)card_id, when);
    sb_printf(b, "POUR ENVOYER UN CHECK-IN / TO CHECK IN%s\n",
              ll && !strcmp(ll, "es")   ? " / PARA REPORTARSE"
              : ll && !strcmp(ll, "ht") ? " / POU VOYE YON CHECK-IN"
                                        : "");
    /* An example, never one of the card's codes. */
    sb_printf(b, "  MOT  CODE  LIEU / WORD  CODE  PLACE:      OK 482913 %s\n",
              !strcmp(d->country, "HT")   ? "Jacmel"
              : !strcmp(d->country, "MX") ? "Oaxaca"
              : !strcmp(d->country, "CO") ? "Bogotá"
                                          : "Montréal");
    sb_printf(b, "  Un code par message, dans l'ordre ; rayez chaque code utilisé.\n");
    sb_printf(b, "  One code per message, in order; cross out each code you use.\n");
    if (ll && !strcmp(ll, "es"))
        sb_printf(b, "  Un código por mensaje, en orden; tache cada código usado.\n");
    else if (ll && !strcmp(ll, "ht"))
        sb_printf(b, "  Yon kòd pou chak mesaj, nan lòd; bare chak kòd ou itilize.\n");
    sb_printf(b, "  SMS, WhatsApp, Signal, ou au téléphone / or by phone.\n\n");
    for (uint32_t r = 0; r < rows; r++) {
        for (uint32_t col = 0; col < 4; col++) {
            uint32_t p = col * rows + r;
            if (p < npos)
                sb_printf(b, "%s%3u  %06u", col ? "      " : "  ", (unsigned)p + 1, codes[p]);
        }
        sb_printf(b, "\n");
    }
    sb_printf(b, "\nMOTS / WORDS%s\n",
              ll && !strcmp(ll, "es")   ? " / PALABRAS"
              : ll && !strcmp(ll, "ht") ? " / MO"
                                        : "");
    /* The words come from the reader's own table (cardmsg.c): what the
     * card prints is exactly what Vigie reads. */
    for (int status = VG_CHECKIN_OK; status <= VG_CHECKIN_EMERGENCY; status++) {
        static const char *const meaning[3][4] = {
            {"tout va bien · all is well", "todo bien", "tout bagay anfòm", NULL},
            {"besoin d'aide · need help", "necesito ayuda", "mwen bezwen èd", NULL},
            {"danger · emergency", "peligro", "danje, ijans", NULL},
        };
        char words[160] = "";
        size_t o = 0;
        for (size_t k = 0; k < vg_card_nwords; k++) {
            const vg_card_word *w = &vg_card_words[k];
            if ((int)w->status != status || !w->printed ||
                !(!w->lang[0] || !strcmp(w->lang, "fr") || !strcmp(w->lang, "en") ||
                  (ll && !strcmp(w->lang, ll))))
                continue;
            o += (size_t)snprintf(words + o, sizeof words - o, "%s%s", o ? " · " : "", w->word);
            if (o >= sizeof words)
                break;
        }
        sb_printf(b, "  ");
        sb_pad(b, words, 32);
        sb_printf(b, " %s%s%s\n", meaning[status][0],
                  ll && !strcmp(ll, "es")   ? " · "
                  : ll && !strcmp(ll, "ht") ? " · "
                                            : "",
                  ll && !strcmp(ll, "es")   ? meaning[status][1]
                  : ll && !strcmp(ll, "ht") ? meaning[status][2]
                                            : "");
    }
    sb_printf(b, "\nNUMÉROS D'URGENCE / EMERGENCY NUMBERS%s\n",
              ll && !strcmp(ll, "es")   ? " / NÚMEROS DE EMERGENCIA"
              : ll && !strcmp(ll, "ht") ? " / NIMEWO IJANS"
                                        : "");
    for (size_t i = 0; i < nnumbers; i++) {
        sb_printf(b, "  ");
        sb_pad(b, numbers[i].label, 52);
        sb_printf(b, " %s\n", numbers[i].number);
    }
    sb_printf(b, "\n!! Cette carte voyage sur papier ou dans votre téléphone, jamais dans un\n"
                 "   groupe de discussion. Ne la photographiez pas pour la partager.\n"
                 "!! This card travels on paper or in your phone, never in a group chat.\n");
    if (ll && !strcmp(ll, "es"))
        sb_printf(b,
                  "!! Esta tarjeta viaja en papel o en su teléfono, nunca en un chat de grupo.\n");
    else if (ll && !strcmp(ll, "ht"))
        sb_printf(
            b, "!! Kat sa a vwayaje sou papye oswa nan telefòn ou, pa janm nan yon gwoup chat.\n");
    return b->oom ? vg_error_oom() : VG_OK;
}

int vg_card_export(vg_store *st, const char *slug, const vg_participant *p, uint32_t ncodes,
                   const char *data_dir, const char *lang, const char *path, int replace,
                   vg_card_info *info, char duress_out[64])
{
    vg_delegation *d = NULL;
    card_row c;
    vg_kit_number numbers[VG_KIT_NUMBERS_MAX];
    size_t nnumbers = 0;
    uint32_t codes[VG_CARD_CODES_MAX + VG_CARD_DURESS];
    char first[64], pos[64], obj[VG_SLUG_MAX + 32], detail[32];
    sqlite3_stmt *s = NULL;
    sbuf b = {0};
    int rc;

    memset(&c, 0, sizeof c);
    memset(info, 0, sizeof *info);
    if (duress_out)
        duress_out[0] = '\0';
    if ((rc = vg_delegation_get(st, slug, &d)) != VG_OK)
        goto done;
    if (p->delegation_id != d->id) {
        rc = vg_error_set(VG_EINVALID, _("the participant is not in delegation \"%s\""), slug);
        goto done;
    }
    if ((rc = vg_card_generate(&c.secret, &c.layout, ncodes)) != VG_OK ||
        (rc = vg_field_numbers(st, slug, data_dir, lang, numbers, VG_KIT_NUMBERS_MAX, &nnumbers)) !=
            VG_OK)
        goto done;
    c.participant_id = p->id;
    c.issued = vg_now();
    for (uint32_t i = 0; i < vg_card_positions(&c.layout); i++)
        if ((rc = vg_card_code(&codes[i], c.secret, &c.layout, i)) != VG_OK)
            goto done;
    /* The new card revokes the previous one. */
    if ((rc = vg_sql_prepare(st, &s,
                             "UPDATE field_card SET revoked = ?2"
                             " WHERE participant_id = ?1 AND revoked IS NULL")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, p->id);
    sqlite3_bind_int64(s, 2, c.issued);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "field_card");
        goto done;
    }
    sqlite3_finalize(s);
    vg_card_positions_format(pos, &c.layout);
    if ((rc = vg_sql_prepare(st, &s,
                             "INSERT INTO field_card (participant_id, secret, ncodes,"
                             " nduress, duress_pos, issued) VALUES (?1,?2,?3,?4,?5,?6)")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, p->id);
    sqlite3_bind_blob(s, 2, vg_secret_data(c.secret), VG_CARD_SECRET_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, c.layout.ncodes);
    sqlite3_bind_int64(s, 4, c.layout.nduress);
    sqlite3_bind_text(s, 5, pos, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, c.issued);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "field_card");
        goto done;
    }
    c.id = sqlite3_last_insert_rowid(vg_store_db(st));
    /* The first name only: the card may be lost. */
    snprintf(first, sizeof first, "%s", p->v[VG_PF_NAME] ? p->v[VG_PF_NAME] : "-");
    first[strcspn(first, " ")] = '\0';
    if ((rc = render(&b, d, first, c.id, c.issued, codes, vg_card_positions(&c.layout), numbers,
                     nnumbers)) != VG_OK)
        goto done;
    vg_field_object(obj, sizeof obj, slug, p->id);
    snprintf(detail, sizeof detail, "card %lld, %u codes", (long long)c.id, (unsigned)ncodes);
    if ((rc = vg_audit_append(st, "card.export", obj, detail)) != VG_OK ||
        (rc = vg_file_write_atomic(path, b.p, b.len, replace)) != VG_OK)
        goto done;
    fill_info(info, &c);
    if (duress_out)
        positions_text(duress_out, &c.layout);
done:
    sqlite3_finalize(s);
    if (b.p)
        sodium_memzero(b.p, b.len);
    free(b.p);
    sodium_memzero(codes, sizeof codes);
    vg_card_row_free(&c);
    vg_delegation_free(d);
    return rc;
}

int vg_card_revoke(vg_store *st, const char *slug, const vg_participant *p)
{
    int rc = vg_field_revoke(st, "field_card", "card.revoke", slug, p);
    if (rc == VG_ENOTFOUND)
        rc = vg_error_set(VG_ENOTFOUND, "%s", _("this participant has no check-in card"));
    return rc;
}
