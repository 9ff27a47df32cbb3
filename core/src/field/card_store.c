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

/* The card's words, the same in every locale: French, English and the
 * local language side by side, because the card goes to the field whatever
 * the coordinator's --lang. One table for the text and the PDF card. */
typedef struct {
    const char *title, *send, *words, *numbers, *rule, *warning;
    const char *meaning[3];
} card_local;

static const card_local card_fr_en = {
    "VIGIE · CARTE DE CHECK-IN · CHECK-IN CARD",
    "POUR ENVOYER UN CHECK-IN / TO CHECK IN",
    "MOTS / WORDS",
    "NUMÉROS D'URGENCE / EMERGENCY NUMBERS",
    "Un code par message, dans l'ordre ; rayez chaque code utilisé.\n"
    "One code per message, in order; cross out each code you use.",
    "!! Cette carte voyage sur papier ou dans votre téléphone, jamais dans un\n"
    "   groupe de discussion. Ne la photographiez pas pour la partager.\n"
    "!! This card travels on paper or in your phone, never in a group chat.",
    {"tout va bien · all is well", "besoin d'aide · need help", "danger · emergency"},
};
static const card_local card_es = {
    " · TARJETA DE REPORTE",
    " / PARA REPORTARSE",
    " / PALABRAS",
    " / NÚMEROS DE EMERGENCIA",
    "Un código por mensaje, en orden; tache cada código usado.",
    "!! Esta tarjeta viaja en papel o en su teléfono, nunca en un chat de grupo.",
    {"todo bien", "necesito ayuda", "peligro"},
};
static const card_local card_ht = {
    " · KAT CHECK-IN",
    " / POU VOYE YON CHECK-IN",
    " / MO",
    " / NIMEWO IJANS",
    "Yon kòd pou chak mesaj, nan lòd; bare chak kòd ou itilize.",
    "!! Kat sa a vwayaje sou papye oswa nan telefòn ou, pa janm nan yon gwoup chat.",
    {"tout bagay anfòm", "mwen bezwen èd", "danje, ijans"},
};
static const char card_channels[] = "SMS, WhatsApp, Signal, ou au téléphone / or by phone.";

static const card_local *card_local_of(const char *ll)
{
    return ll && !strcmp(ll, "es") ? &card_es : ll && !strcmp(ll, "ht") ? &card_ht : NULL;
}

/* An example, never one of the card's codes. */
static const char *example_place(const char *cc)
{
    return !strcmp(cc, "HT")   ? "Jacmel"
           : !strcmp(cc, "MX") ? "Oaxaca"
           : !strcmp(cc, "CO") ? "Bogotá"
                               : "Montréal";
}

/* The status words printed for `status`: the reader's own table
 * (cardmsg.c), so that what the card prints is exactly what Vigie reads. */
static void status_words(char *words, size_t size, int status, const char *ll)
{
    size_t o = 0;
    words[0] = '\0';
    for (size_t k = 0; k < vg_card_nwords; k++) {
        const vg_card_word *w = &vg_card_words[k];
        if ((int)w->status != status || !w->printed ||
            !(!w->lang[0] || !strcmp(w->lang, "fr") || !strcmp(w->lang, "en") ||
              (ll && !strcmp(w->lang, ll))))
            continue;
        o += (size_t)snprintf(words + o, size - o, "%s%s", o ? " · " : "", w->word);
        if (o >= size)
            break;
    }
}

/* "tout va bien · all is well · todo bien" */
static void meaning_of(char *out, size_t size, int status, const card_local *loc)
{
    snprintf(out, size, "%s%s%s", card_fr_en.meaning[status], loc ? " · " : "",
             loc ? loc->meaning[status] : "");
}

/* The card, on one printed page. */
static int render(sbuf *b, const vg_delegation *d, const char *first_name, int64_t card_id,
                  int64_t issued, const uint32_t *codes, uint32_t npos,
                  const vg_kit_number *numbers, size_t nnumbers)
{
    const card_local *loc = card_local_of(local_lang(d->country));
    char d1[16], d2[16], when[32];
    uint32_t rows = (npos + 3) / 4;

    vg_date_format(d1, d->start_day);
    vg_date_format(d2, d->end_day);
    vg_time_format_utc(when, issued);
    when[10] = '\0';
    sb_printf(b, "%s%s\n", card_fr_en.title, loc ? loc->title : "");
    sb_printf(b, "========================================================================\n");
    sb_printf(b, "%s · %s · %s → %s\n", first_name, d->name, d1, d2);
    sb_printf(b, "Carte n° %lld émise le %s / card no. %lld issued %s\n\n", (long long)card_id,
              when, (long long)card_id, when);
    sb_printf(b, "%s%s\n", card_fr_en.send, loc ? loc->send : "");
    sb_printf(b, "  MOT  CODE  LIEU / WORD  CODE  PLACE:      OK 482913 %s\n",
              example_place(d->country));
    for (const char *q = card_fr_en.rule; *q;) {
        size_t n = strcspn(q, "\n");
        sb_printf(b, "  %.*s\n", (int)n, q);
        q += n + (q[n] == '\n');
    }
    if (loc)
        sb_printf(b, "  %s\n", loc->rule);
    sb_printf(b, "  %s\n\n", card_channels);
    for (uint32_t r = 0; r < rows; r++) {
        for (uint32_t col = 0; col < 4; col++) {
            uint32_t p = col * rows + r;
            if (p < npos)
                sb_printf(b, "%s%3u  %06u", col ? "      " : "  ", (unsigned)p + 1, codes[p]);
        }
        sb_printf(b, "\n");
    }
    sb_printf(b, "\n%s%s\n", card_fr_en.words, loc ? loc->words : "");
    for (int status = VG_CHECKIN_OK; status <= VG_CHECKIN_EMERGENCY; status++) {
        char words[160], meaning[160];
        status_words(words, sizeof words, status, local_lang(d->country));
        meaning_of(meaning, sizeof meaning, status, loc);
        sb_printf(b, "  ");
        sb_pad(b, words, 32);
        sb_printf(b, " %s\n", meaning);
    }
    sb_printf(b, "\n%s%s\n", card_fr_en.numbers, loc ? loc->numbers : "");
    for (size_t i = 0; i < nnumbers; i++) {
        sb_printf(b, "  ");
        sb_pad(b, numbers[i].label, 52);
        sb_printf(b, " %s\n", numbers[i].number);
    }
    sb_printf(b, "\n%s\n", card_fr_en.warning);
    if (loc)
        sb_printf(b, "%s\n", loc->warning);
    return b->oom ? vg_error_oom() : VG_OK;
}

/* The card as a PDF: pages of a bank card's size, to cut out and fold two
 * by two (a front and its back), then a sheet that holds them. Black text
 * on white, rules and light greys only: legible from a black-and-white
 * printer. Sections start on their own card page. */
#define CARD_W_MM 85.6
#define CARD_H_MM 54.0
static int render_pdf(vg_paper **out, const vg_delegation *d, const char *first_name,
                      int64_t card_id, int64_t issued, const uint32_t *codes, uint32_t npos,
                      const vg_kit_number *numbers, size_t nnumbers, const vg_card_format *fmt)
{
    const char *ll = local_lang(d->country);
    const card_local *loc = card_local_of(ll);
    vg_paper_opts o = {0};
    vg_paper *pp = NULL;
    char d1[16], d2[16], when[32], line[512], num[24], meaning[160], words[160], caption[512];
    double sw, sh;
    int rc;

    vg_date_format(d1, d->start_day);
    vg_date_format(d2, d->end_day);
    vg_time_format_utc(when, issued);
    when[10] = '\0';
    o.width_mm = CARD_W_MM;
    o.height_mm = CARD_H_MM;
    o.margin_mm = 3.5;
    o.font_pt = 6.5;
    o.lang = "fr";
    o.title = card_fr_en.title;
    o.created = issued;
    if ((rc = vg_paper_open(&pp, &o)) != VG_OK)
        return rc;
    /* front: who, the card, how to send */
    snprintf(line, sizeof line, "%s%s", card_fr_en.title, loc ? loc->title : "");
    if ((rc = vg_paper_text(pp, line, VG_PS_BOLD)) != VG_OK)
        goto done;
    snprintf(line, sizeof line,
             "%s · %s · %s → %s\nCarte n° %lld émise le %s / card no. %lld issued %s", first_name,
             d->name, d1, d2, (long long)card_id, when, (long long)card_id, when);
    if ((rc = vg_paper_text(pp, line, 0)) != VG_OK)
        goto done;
    snprintf(line, sizeof line, "%s%s", card_fr_en.send, loc ? loc->send : "");
    if ((rc = vg_paper_text(pp, line, VG_PS_BOLD)) != VG_OK)
        goto done;
    snprintf(line, sizeof line, "MOT  CODE  LIEU / WORD  CODE  PLACE:   OK 482913 %s",
             example_place(d->country));
    if ((rc = vg_paper_text(pp, line, VG_PS_MONO | VG_PS_BOX)) != VG_OK)
        goto done;
    snprintf(line, sizeof line, "%s%s%s\n%s", card_fr_en.rule, loc ? "\n" : "",
             loc ? loc->rule : "", card_channels);
    if ((rc = vg_paper_text(pp, line, 0)) != VG_OK)
        goto done;
    /* back: the status words */
    if ((rc = vg_paper_page_break(pp)) != VG_OK)
        goto done;
    snprintf(line, sizeof line, "%s%s", card_fr_en.words, loc ? loc->words : "");
    if ((rc = vg_paper_text(pp, line, VG_PS_BOLD)) != VG_OK ||
        (rc = vg_paper_table(pp, (vg_paper_col[]){{NULL, 1.1, VG_PS_BOLD}, {NULL, 1, 0}}, 2)) !=
            VG_OK)
        goto done;
    for (int status = VG_CHECKIN_OK; status <= VG_CHECKIN_EMERGENCY && rc == VG_OK; status++) {
        status_words(words, sizeof words, status, ll);
        meaning_of(meaning, sizeof meaning, status, loc);
        rc = vg_paper_row(pp, (const char *const[]){words, meaning}, NULL);
    }
    if (rc != VG_OK)
        goto done;
    snprintf(line, sizeof line, "%s%s%s", card_fr_en.warning, loc ? "\n" : "",
             loc ? loc->warning : "");
    if ((rc = vg_paper_text(pp, line, VG_PS_SMALL)) != VG_OK)
        goto done;
    /* the emergency numbers */
    if ((rc = vg_paper_page_break(pp)) != VG_OK)
        goto done;
    snprintf(line, sizeof line, "%s%s", card_fr_en.numbers, loc ? loc->numbers : "");
    if ((rc = vg_paper_text(pp, line, VG_PS_BOLD)) != VG_OK ||
        (rc = vg_paper_table(
             pp, (vg_paper_col[]){{NULL, 1.6, 0}, {NULL, 1, VG_PS_MONO | VG_PS_BOLD}}, 2)) != VG_OK)
        goto done;
    for (size_t i = 0; i < nnumbers && rc == VG_OK; i++)
        rc = vg_paper_row(pp, (const char *const[]){numbers[i].label, numbers[i].number}, NULL);
    if (rc != VG_OK)
        goto done;
    /* the codes: a monospaced grid, numbered, in order, to cross out */
    if ((rc = vg_paper_page_break(pp)) != VG_OK)
        goto done;
    snprintf(line, sizeof line, "CODES 1–%u · %s", (unsigned)npos, first_name);
    if ((rc = vg_paper_text(pp, line, VG_PS_BOLD)) != VG_OK ||
        (rc = vg_paper_table(pp,
                             (vg_paper_col[]){{NULL, 1, VG_PS_MONO},
                                              {NULL, 1, VG_PS_MONO},
                                              {NULL, 1, VG_PS_MONO},
                                              {NULL, 1, VG_PS_MONO}},
                             4)) != VG_OK)
        goto done;
    for (uint32_t r = 0; r < npos && rc == VG_OK; r += 4) {
        char cell[4][24];
        const char *cells[4];
        for (uint32_t c = 0; c < 4; c++) {
            cell[c][0] = '\0';
            if (r + c < npos)
                snprintf(cell[c], sizeof cell[c], "%3u  %06u", (unsigned)(r + c + 1), codes[r + c]);
            cells[c] = cell[c];
        }
        rc = vg_paper_row(pp, cells, NULL);
        sodium_memzero(cell, sizeof cell);
    }
    if (rc != VG_OK)
        goto done;
    vg_paper_size_mm(fmt->sheet, &sw, &sh);
    snprintf(num, sizeof num, "%d", vg_paper_pages(pp));
    snprintf(caption, sizeof caption,
             "%s · %s · %s\nDécoupez aux traits de coupe, pliez sur les pointillés (recto et "
             "verso côte à côte). Cut at the corner marks, fold on the dashed line (front and "
             "back side by side). %s pages.",
             card_fr_en.title, first_name, d->name, num);
    rc = vg_paper_imposition(pp, sw, sh, caption);
done:
    if (rc != VG_OK) {
        vg_paper_free(pp);
        pp = NULL;
    }
    *out = pp;
    return rc;
}

int vg_card_export(vg_store *st, const char *slug, const vg_participant *p, uint32_t ncodes,
                   const char *data_dir, const char *lang, const char *path, int replace,
                   const vg_card_format *fmt, vg_card_info *info, char duress_out[64])
{
    vg_paper *pdf = NULL;
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
    if (fmt && fmt->pdf)
        rc = render_pdf(&pdf, d, first, c.id, c.issued, codes, vg_card_positions(&c.layout),
                        numbers, nnumbers, fmt);
    else
        rc = render(&b, d, first, c.id, c.issued, codes, vg_card_positions(&c.layout), numbers,
                    nnumbers);
    if (rc != VG_OK)
        goto done;
    vg_field_object(obj, sizeof obj, slug, p->id);
    snprintf(detail, sizeof detail, "card %lld, %u codes, %s", (long long)c.id, (unsigned)ncodes,
             pdf ? "pdf" : "text");
    if ((rc = vg_audit_append(st, "card.export", obj, detail)) != VG_OK ||
        (rc = pdf ? vg_paper_write(pdf, path, replace)
                  : vg_file_write_atomic(path, b.p, b.len, replace)) != VG_OK)
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
    vg_paper_free(pdf);
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
