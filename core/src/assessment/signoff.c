/* The board's sign-off of a self-assessment: the canonical serialisation
 * of what a signature covers (its byte layout is at the top of
 * assessment.c), signing, reopening, and verification that names every
 * change since the signature. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vigie/assessment.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/error.h>
#include <vigie/secret.h>

#include "assessment/assessment_internal.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/reader.h"
#include "util/tz.h"

/* ---- byte buffer --------------------------------------------------- */

typedef struct {
    unsigned char *p;
    size_t len, cap;
    int oom;
} buf;

static void put(buf *b, const void *d, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        unsigned char *p;
        while (cap < b->len + n)
            cap *= 2;
        if (!(p = realloc(b->p, cap))) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void put_uint(buf *b, uint64_t v, size_t n)
{
    unsigned char x[8];
    vg_wr_uint(x, v, n);
    put(b, x, n);
}

static void put_str(buf *b, const char *s, size_t n)
{
    put_uint(b, n, 4);
    put(b, s, n);
}

static void put_cstr(buf *b, const char *s)
{
    put_str(b, s ? s : "", s ? strlen(s) : 0);
}

/* ---- content: what a signature covers ------------------------------ */

typedef struct {
    char *item, *a, *b, *c; /* answer: level, note, evidence; action: text, owner, due */
} row4;

typedef struct {
    char *label, *day, *grid;
    size_t grid_len;
    row4 *answers, *actions;
    size_t nanswers, nactions;
} content;

static void rows_free(row4 *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].item);
        free(r[i].a);
        free(r[i].b);
        free(r[i].c);
    }
    free(r);
}

static void content_clear(content *c)
{
    free(c->label);
    free(c->day);
    free(c->grid);
    rows_free(c->answers, c->nanswers);
    rows_free(c->actions, c->nactions);
    memset(c, 0, sizeof *c);
}

static int row_cmp(const void *x, const void *y)
{
    return vg_as_item_cmp(((const row4 *)x)->item, ((const row4 *)y)->item);
}

/* Rows of `sql` (one bound id; four text columns) into a sorted array. */
static int read_rows(vg_store *st, const char *sql, int64_t id, row4 **out, size_t *n, int due_col)
{
    sqlite3_stmt *s = NULL;
    row4 *r = NULL;
    size_t cap = 0;
    int rc = vg_sql_prepare(st, &s, sql);
    *out = NULL;
    *n = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        row4 *x;
        if (*n == cap) {
            row4 *q = realloc(r, sizeof *r * (cap = cap ? cap * 2 : 64));
            if (!q) {
                rc = vg_error_oom();
                goto done;
            }
            r = q;
        }
        x = &r[*n];
        memset(x, 0, sizeof *x);
        (*n)++;
        x->item = vg_sql_col_dup(s, 0);
        x->a = vg_sql_col_dup(s, 1);
        x->b = strdup(sqlite3_column_text(s, 2) ? (const char *)sqlite3_column_text(s, 2) : "");
        if (due_col && sqlite3_column_type(s, 3) != SQLITE_NULL) {
            char d[16];
            vg_date_format(d, (int32_t)sqlite3_column_int64(s, 3));
            x->c = strdup(d);
        } else {
            x->c = strdup(!due_col && sqlite3_column_text(s, 3)
                              ? (const char *)sqlite3_column_text(s, 3)
                              : "");
        }
        if (!x->item || !x->a || !x->b || !x->c) {
            rc = vg_error_oom();
            goto done;
        }
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "assessment");
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        rows_free(r, *n);
        *n = 0;
        return rc;
    }
    if (*n)
        qsort(r, *n, sizeof *r, row_cmp);
    *out = r;
    return VG_OK;
}

/* The content of assessment `id` as the rows hold it now. */
static int content_from_rows(vg_store *st, int64_t id, content *c)
{
    sqlite3_stmt *s = NULL;
    int rc;
    memset(c, 0, sizeof *c);
    if ((rc = vg_sql_prepare(
             st, &s, "SELECT label, day, grid_text FROM assessment WHERE id = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        char d[16];
        int n = sqlite3_column_bytes(s, 2);
        const void *g = sqlite3_column_text(s, 2);
        vg_date_format(d, (int32_t)sqlite3_column_int64(s, 1));
        c->label = vg_sql_col_dup(s, 0);
        c->day = strdup(d);
        c->grid_len = (size_t)n;
        if ((c->grid = malloc(c->grid_len + 1)) != NULL) {
            memcpy(c->grid, g ? g : "", c->grid_len);
            c->grid[c->grid_len] = '\0';
        }
        rc = c->label && c->day && c->grid ? VG_OK : vg_error_oom();
    } else {
        rc = rc == SQLITE_DONE ? vg_error_set(VG_ENOTFOUND, "%s", _("no such assessment"))
                               : vg_sql_fail(st, rc, "assessment");
    }
    sqlite3_finalize(s);
    if (rc == VG_OK)
        rc = read_rows(
            st,
            "SELECT item, level, note, evidence FROM assessment_answer WHERE assessment_id = ?1",
            id, &c->answers, &c->nanswers, 0);
    if (rc == VG_OK)
        rc = read_rows(
            st, "SELECT item, action, owner, due FROM assessment_action WHERE assessment_id = ?1",
            id, &c->actions, &c->nactions, 1);
    if (rc != VG_OK)
        content_clear(c);
    return rc;
}

static void content_encode(buf *b, const content *c)
{
    put(b, CONTENT_MAGIC, 8);
    put_cstr(b, c->label);
    put_cstr(b, c->day);
    put_str(b, c->grid, c->grid_len);
    put_uint(b, c->nanswers, 4);
    for (size_t i = 0; i < c->nanswers; i++) {
        put_cstr(b, c->answers[i].item);
        put_cstr(b, c->answers[i].a);
        put_cstr(b, c->answers[i].b);
        put_cstr(b, c->answers[i].c);
    }
    put_uint(b, c->nactions, 4);
    for (size_t i = 0; i < c->nactions; i++) {
        put_cstr(b, c->actions[i].item);
        put_cstr(b, c->actions[i].a);
        put_cstr(b, c->actions[i].b);
        put_cstr(b, c->actions[i].c);
    }
}

static char *rd_str(vg_reader *r, size_t *len_out)
{
    size_t n = (size_t)vg_rd_uint(r, 4);
    const unsigned char *p = vg_rd_take(r, n);
    char *s;
    if (!p)
        return NULL;
    if (!(s = malloc(n + 1)))
        return NULL;
    memcpy(s, p, n);
    s[n] = '\0';
    if (len_out)
        *len_out = n;
    return s;
}

static int rd_rows(vg_reader *r, row4 **out, size_t *n)
{
    size_t count = (size_t)vg_rd_uint(r, 4);
    row4 *rows;
    *out = NULL;
    *n = 0;
    /* each row takes at least 16 bytes: refuse counts the input cannot hold */
    if (r->bad || count > vg_rd_left(r) / 16)
        return -1;
    if (!(rows = calloc(count ? count : 1, sizeof *rows)))
        return -1;
    for (size_t i = 0; i < count; i++) {
        rows[i].item = rd_str(r, NULL);
        rows[i].a = rd_str(r, NULL);
        rows[i].b = rd_str(r, NULL);
        rows[i].c = rd_str(r, NULL);
        *n = i + 1;
        if (!rows[i].item || !rows[i].a || !rows[i].b || !rows[i].c)
            break;
    }
    *out = rows;
    return r->bad ? -1 : 0;
}

/* Read content bytes back (a signed copy from the store). */
static int content_decode(content *c, const unsigned char *p, size_t len)
{
    vg_reader r;
    const unsigned char *magic;
    memset(c, 0, sizeof *c);
    vg_rd_init(&r, p, len);
    magic = vg_rd_take(&r, 8);
    if (!magic || memcmp(magic, CONTENT_MAGIC, 8) != 0)
        goto bad;
    c->label = rd_str(&r, NULL);
    c->day = rd_str(&r, NULL);
    c->grid = rd_str(&r, &c->grid_len);
    if (!c->label || !c->day || !c->grid)
        goto bad;
    if (rd_rows(&r, &c->answers, &c->nanswers) != 0 || rd_rows(&r, &c->actions, &c->nactions) != 0)
        goto bad;
    if (vg_rd_left(&r) != 0)
        goto bad;
    return VG_OK;
bad:
    content_clear(c);
    return vg_error_set(VG_EINTEGRITY, "%s", _("a signed copy of an assessment is damaged"));
}

/* The signed message: header, then the content bytes. */
static void message_encode(buf *b, const char *by, const char *role, int64_t at,
                           const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                           const unsigned char *content_p, size_t content_len)
{
    put(b, MESSAGE_MAGIC, 8);
    put_cstr(b, by);
    put_cstr(b, role);
    put_uint(b, (uint64_t)at, 8);
    put(b, pk, crypto_sign_PUBLICKEYBYTES);
    put(b, content_p, content_len);
}

/* ---- sign-off ------------------------------------------------------ */

/* The organisation's signing key pair; the secret key only when asked. */
static int org_sign_keys(vg_store *st, unsigned char pk[crypto_sign_PUBLICKEYBYTES], vg_secret **sk)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "SELECT sign_pk, sign_sk FROM org_keys WHERE id = 1");
    if (sk)
        *sk = NULL;
    if (rc != VG_OK)
        return rc;
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        rc = rc == SQLITE_DONE
                 ? vg_error_set(VG_EINTEGRITY, "%s",
                                _("the organisation's signing key is missing from the store"))
                 : vg_sql_fail(st, rc, "org_keys");
        goto done;
    }
    if (sqlite3_column_bytes(s, 0) != crypto_sign_PUBLICKEYBYTES ||
        sqlite3_column_bytes(s, 1) != crypto_sign_SECRETKEYBYTES) {
        rc = vg_error_set(VG_EINTEGRITY, "%s", _("the organisation's signing key is damaged"));
        goto done;
    }
    memcpy(pk, sqlite3_column_blob(s, 0), crypto_sign_PUBLICKEYBYTES);
    rc = sk ? vg_secret_from(sk, sqlite3_column_blob(s, 1), crypto_sign_SECRETKEYBYTES) : VG_OK;
done:
    sqlite3_finalize(s);
    return rc;
}

int vg_assessment_sign(vg_store *st, const char *label, const char *by, const char *role,
                       vg_signoff *out)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    vg_secret *sk = NULL;
    vg_assessment *a = NULL;
    char *b = NULL, *r = NULL;
    content c;
    buf cb = {0}, mb = {0};
    sqlite3_stmt *s = NULL;
    int64_t at = vg_now();
    int rc;

    memset(&c, 0, sizeof c);
    if (out)
        memset(out, 0, sizeof *out);
    if ((rc = vg_as_clean_text(&b, _("signer (--by)"), by, VG_ASSESS_NAME_MAX, 1)) != VG_OK ||
        (rc = vg_as_clean_text(&r, _("role (--role)"), role, VG_ASSESS_NAME_MAX, 1)) != VG_OK)
        goto done;
    /* Loading proves the template still loads: nobody signs what cannot be shown. */
    if ((rc = vg_assessment_load(st, label, &a)) != VG_OK)
        goto done;
    if (a->info.answered == 0) {
        rc = vg_error_set(VG_EINVALID, _("assessment \"%s\" has no answer yet: nothing to sign"),
                          label);
        goto done;
    }
    if ((rc = content_from_rows(st, a->info.id, &c)) != VG_OK)
        goto done;
    content_encode(&cb, &c);
    if (cb.oom) {
        rc = vg_error_oom();
        goto done;
    }
    if ((rc = org_sign_keys(st, pk, &sk)) != VG_OK)
        goto done;
    message_encode(&mb, b, r, at, pk, cb.p, cb.len);
    if (mb.oom) {
        rc = vg_error_oom();
        goto done;
    }
    if (crypto_sign_detached(sig, NULL, mb.p, mb.len, vg_secret_data(sk)) != 0) {
        rc = vg_error_set(VG_ERROR, "%s", _("signing failed"));
        goto done;
    }
    if ((rc = vg_sql_prepare(
             st, &s,
             "INSERT INTO assessment_signoff (assessment_id, signer, role, signed_at, content,"
             " signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, a->info.id);
    sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, r, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, at);
    sqlite3_bind_blob(s, 5, cb.p, (int)cb.len, SQLITE_STATIC);
    sqlite3_bind_blob(s, 6, sig, sizeof sig, SQLITE_STATIC);
    if ((rc = vg_sql_step_done(st, s, "assessment_signoff")) != VG_OK)
        goto done;
    {
        char detail[80];
        vg_signoff so = {0};
        so.id = sqlite3_last_insert_rowid(vg_store_db(st));
        vg_as_short_code(so.code, sig, sizeof sig);
        snprintf(detail, sizeof detail, "sign-off %lld, code %s", (long long)so.id, so.code);
        if ((rc = vg_audit_append(st, "assess.sign", label, detail)) != VG_OK)
            goto done;
        if (out) {
            *out = so;
            out->by = b;
            out->role = r;
            out->at = at;
            b = r = NULL;
        }
    }
done:
    sqlite3_finalize(s);
    vg_secret_free(sk);
    sodium_memzero(sig, sizeof sig);
    free(cb.p);
    free(mb.p);
    content_clear(&c);
    free(b);
    free(r);
    vg_assessment_free(a);
    return rc;
}

int vg_assessment_reopen(vg_store *st, const char *label, const char *reason)
{
    vg_assessment *a = NULL;
    char *why = NULL;
    sqlite3_stmt *s = NULL;
    int rc;
    if ((rc = vg_as_clean_text(&why, _("reason (--reason)"), reason, VG_ASSESS_NAME_MAX, 1)) !=
        VG_OK)
        return rc;
    if ((rc = vg_assessment_load(st, label, &a)) != VG_OK)
        goto done;
    if (!a->info.locked) {
        rc = vg_error_set(VG_EINVALID,
                          a->nsignoffs ? _("assessment \"%s\" is already reopened")
                                       : _("assessment \"%s\" was never signed off: it is open"),
                          label);
        goto done;
    }
    if ((rc = vg_sql_prepare(
             st, &s,
             "UPDATE assessment SET reopened_after = (SELECT max(id) FROM assessment_signoff"
             " WHERE assessment_id = ?1), reopened_at = ?2, reopen_reason = ?3"
             " WHERE id = ?1")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, a->info.id);
    sqlite3_bind_int64(s, 2, vg_now());
    sqlite3_bind_text(s, 3, why, -1, SQLITE_STATIC);
    if ((rc = vg_sql_step_done(st, s, "assessment")) == VG_OK)
        rc = vg_audit_append(st, "assess.reopen", label, "");
done:
    sqlite3_finalize(s);
    free(why);
    vg_assessment_free(a);
    return rc;
}

/* ---- verify -------------------------------------------------------- */

void vg_verification_free(vg_verification *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nchanges; i++) {
        free(v->changes[i].item);
        free(v->changes[i].field);
        free(v->changes[i].before);
        free(v->changes[i].after);
    }
    free(v->changes);
    vg_as_signoffs_free(v->signoffs, v->nsignoffs);
    free(v);
}

#define MAX_CHANGES 500

static int add_change(vg_verification *v, int kind, const char *item, const char *field,
                      const char *before, const char *after)
{
    vg_change *c;
    if (v->nchanges >= MAX_CHANGES)
        return VG_OK;
    if (!(c = realloc(v->changes, sizeof *c * (v->nchanges + 1))))
        return vg_error_oom();
    v->changes = c;
    c = &v->changes[v->nchanges];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->item = vg_as_dup_or_null(item);
    c->field = vg_as_dup_or_null(field);
    c->before = before && *before ? strdup(before) : NULL;
    c->after = after && *after ? strdup(after) : NULL;
    v->nchanges++;
    if ((item && !c->item) || (field && !c->field) || (before && *before && !c->before) ||
        (after && *after && !c->after))
        return vg_error_oom();
    return VG_OK;
}

static char *joined(char **v, size_t n)
{
    size_t len = 1;
    char *s;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 2;
    if (!(s = malloc(len)))
        return NULL;
    s[0] = '\0';
    for (size_t i = 0, o = 0; i < n; i++)
        o += (size_t)snprintf(s + o, len - o, "%s%s", i ? "; " : "", v[i]);
    return s;
}

static int diff_list(vg_verification *v, const char *item, const char *field, char **a, size_t na,
                     char **b, size_t nb)
{
    char *x = joined(a, na), *y = joined(b, nb);
    int rc = x && y ? VG_OK : vg_error_oom();
    if (rc == VG_OK && strcmp(x, y) != 0)
        rc = add_change(v, VG_CHANGE_TEMPLATE, item, field, x, y);
    free(x);
    free(y);
    return rc;
}

#define TDIFF(item, field, x, y)                                                                   \
    do {                                                                                           \
        if (!vg_as_same((x), (y)) &&                                                               \
            (rc = add_change(v, VG_CHANGE_TEMPLATE, (item), (field), (x), (y))) != VG_OK)          \
            goto done;                                                                             \
    } while (0)

/* What differs between two versions of a template, element by element. */
static int diff_templates(vg_verification *v, const content *was, const content *now)
{
    vg_grid *ga = NULL, *gb = NULL;
    size_t before = v->nchanges;
    int rc = VG_OK;
    char ta[8], tb[8];

    if (vg_grid_parse(&ga, "signed", (const unsigned char *)was->grid, was->grid_len) != VG_OK ||
        vg_grid_parse(&gb, "now", (const unsigned char *)now->grid, now->grid_len) != VG_OK) {
        vg_error_clear();
        rc = add_change(v, VG_CHANGE_TEMPLATE, NULL, NULL, NULL, NULL);
        goto done;
    }
    TDIFF(NULL, "id", ga->id, gb->id);
    TDIFF(NULL, "version", ga->version, gb->version);
    TDIFF(NULL, "lang", ga->lang, gb->lang);
    TDIFF(NULL, "title", ga->title, gb->title);
    TDIFF(NULL, "notice", ga->notice, gb->notice);
    TDIFF(NULL, "previous", ga->previous, gb->previous);
    snprintf(ta, sizeof ta, "%d", ga->threshold);
    snprintf(tb, sizeof tb, "%d", gb->threshold);
    TDIFF(NULL, "threshold", ta, tb);
    for (size_t i = 0; i < VG_GRID_NLEVELS; i++) {
        TDIFF(ga->levels[i].value, "levels", ga->levels[i].label, gb->levels[i].label);
        TDIFF(ga->levels[i].value, "levels", ga->levels[i].description, gb->levels[i].description);
    }
    for (size_t d = 0; d < ga->ndomains || d < gb->ndomains; d++) {
        const vg_grid_domain *x = d < ga->ndomains ? &ga->domains[d] : NULL;
        const vg_grid_domain *y = d < gb->ndomains ? &gb->domains[d] : NULL;
        TDIFF(x ? x->id : y->id, "domain", x ? x->title : NULL, y ? y->title : NULL);
    }
    for (size_t i = 0; i < ga->nitems; i++) {
        const vg_grid_item *x = &ga->items[i], *y = vg_grid_find_item(gb, x->id, NULL);
        if (!y) {
            TDIFF(x->id, "items", x->text, NULL);
            continue;
        }
        TDIFF(x->id, "text", x->text, y->text);
        TDIFF(x->id, "guidance", x->guidance, y->guidance);
        if ((rc = diff_list(v, x->id, "evidence", x->evidence, x->nevidence, y->evidence,
                            y->nevidence)) != VG_OK ||
            (rc = diff_list(v, x->id, "references", x->references, x->nreferences, y->references,
                            y->nreferences)) != VG_OK ||
            (rc = diff_list(v, x->id, "replaces", x->replaces, x->nreplaces, y->replaces,
                            y->nreplaces)) != VG_OK)
            goto done;
        for (int l = 0; l < VG_LEVEL_MAX; l++)
            TDIFF(x->id, "descriptors", x->descriptors[l], y->descriptors[l]);
        TDIFF(x->id, "essential", x->essential ? "true" : "false", y->essential ? "true" : "false");
    }
    for (size_t i = 0; i < gb->nitems; i++)
        if (!vg_grid_find_item(ga, gb->items[i].id, NULL))
            TDIFF(gb->items[i].id, "items", NULL, gb->items[i].text);
    /* Only comments or layout changed: the bytes differ all the same. */
    if (v->nchanges == before)
        rc = add_change(v, VG_CHANGE_TEMPLATE, NULL, "layout", NULL, NULL);
done:
    vg_grid_free(ga);
    vg_grid_free(gb);
    return rc;
}

static int diff_rows(vg_verification *v, int kind, const row4 *x, size_t nx, const row4 *y,
                     size_t ny)
{
    static const char *const answer_fields[] = {"level", "note", "evidence"};
    static const char *const action_fields[] = {"text", "owner", "due"};
    const char *const *fields = kind == VG_CHANGE_ANSWER ? answer_fields : action_fields;
    size_t i = 0, j = 0;
    int rc = VG_OK;
    while (rc == VG_OK && (i < nx || j < ny)) {
        int c = i >= nx ? 1 : j >= ny ? -1 : vg_as_item_cmp(x[i].item, y[j].item);
        if (c < 0) { /* signed, gone now */
            rc = add_change(v, kind, x[i].item, fields[0], x[i].a, NULL);
            i++;
        } else if (c > 0) { /* new since */
            rc = add_change(v, kind, y[j].item, fields[0], NULL, y[j].a);
            j++;
        } else {
            const char *xa[3] = {x[i].a, x[i].b, x[i].c}, *ya[3] = {y[j].a, y[j].b, y[j].c};
            for (int f = 0; f < 3 && rc == VG_OK; f++)
                if (strcmp(xa[f], ya[f]) != 0)
                    rc = add_change(v, kind, x[i].item, fields[f], xa[f], ya[f]);
            i++;
            j++;
        }
    }
    return rc;
}

static int diff_content(vg_verification *v, const content *was, const content *now)
{
    int rc = VG_OK;
    if (strcmp(was->label, now->label) != 0)
        rc = add_change(v, VG_CHANGE_LABEL, NULL, NULL, was->label, now->label);
    if (rc == VG_OK && strcmp(was->day, now->day) != 0)
        rc = add_change(v, VG_CHANGE_DATE, NULL, NULL, was->day, now->day);
    if (rc == VG_OK &&
        (was->grid_len != now->grid_len || memcmp(was->grid, now->grid, was->grid_len) != 0))
        rc = diff_templates(v, was, now);
    if (rc == VG_OK)
        rc = diff_rows(v, VG_CHANGE_ANSWER, was->answers, was->nanswers, now->answers,
                       now->nanswers);
    if (rc == VG_OK)
        rc = diff_rows(v, VG_CHANGE_ACTION, was->actions, was->nactions, now->actions,
                       now->nactions);
    return rc;
}

void vg_change_describe(const vg_change *c, char *out, size_t cap)
{
    const char *b = c->before ? c->before : "-", *a = c->after ? c->after : "-";
    switch (c->kind) {
    case VG_CHANGE_LABEL:
        snprintf(out, cap, _("the label: \"%s\" -> \"%s\""), b, a);
        break;
    case VG_CHANGE_DATE:
        snprintf(out, cap, _("the date: %s -> %s"), b, a);
        break;
    case VG_CHANGE_TEMPLATE:
        if (!c->field)
            snprintf(out, cap, "%s", _("the template (it no longer loads as it was signed)"));
        else if (!strcmp(c->field, "layout"))
            snprintf(out, cap, "%s", _("the template file (comments or layout only)"));
        else if (!strcmp(c->field, "items") && !c->before)
            snprintf(out, cap, _("the template: item %s was added"), c->item);
        else if (!strcmp(c->field, "items"))
            snprintf(out, cap, _("the template: item %s was removed"), c->item);
        else if (c->item)
            snprintf(out, cap, _("the template: %s of %s"), c->field, c->item);
        else
            snprintf(out, cap, _("the template: its %s (\"%s\" -> \"%s\")"), c->field, b, a);
        break;
    case VG_CHANGE_ANSWER:
        if (!strcmp(c->field, "level") && !c->before)
            snprintf(out, cap, _("item %s: answered after the sign-off (level %s)"), c->item, a);
        else if (!strcmp(c->field, "level") && !c->after)
            snprintf(out, cap, _("item %s: its answer was removed (level %s)"), c->item, b);
        else if (!strcmp(c->field, "level"))
            snprintf(out, cap, _("item %s: level %s -> %s"), c->item, b, a);
        else if (!strcmp(c->field, "note"))
            snprintf(out, cap, _("item %s: the note changed"), c->item);
        else
            snprintf(out, cap, _("item %s: the evidence changed"), c->item);
        break;
    default:
        if (!strcmp(c->field, "text") && !c->before)
            snprintf(out, cap, _("item %s: an action was added"), c->item);
        else if (!strcmp(c->field, "text") && !c->after)
            snprintf(out, cap, _("item %s: its action was removed"), c->item);
        else if (!strcmp(c->field, "text"))
            snprintf(out, cap, _("item %s: the action's text changed"), c->item);
        else if (!strcmp(c->field, "owner"))
            snprintf(out, cap, _("item %s: the action's owner changed"), c->item);
        else
            snprintf(out, cap, _("item %s: the action's due date %s -> %s"), c->item, b, a);
        break;
    }
}

/* A sign-off's time as the board reads it: in the organisation's zone. */
static void board_time(vg_store *st, char out[48], int64_t t)
{
    char *tz = vg_config_timezone(st);
    if (!tz || vg_time_format_local(out, t, tz) != VG_OK) {
        vg_error_clear();
        vg_time_format_utc(out, t);
    }
    free(tz);
}

int vg_assessment_verify(vg_store *st, const char *label, vg_verification **out)
{
    vg_verification *v = calloc(1, sizeof *v);
    signed_blob *blobs = NULL;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    content now, was;
    buf nb = {0};
    int64_t id;
    int rc;

    *out = NULL;
    memset(&now, 0, sizeof now);
    memset(&was, 0, sizeof was);
    if (!v)
        return vg_error_oom();
    if ((rc = vg_as_find_id(st, label, &id)) != VG_OK ||
        (rc = vg_as_read_signoffs(st, id, &v->signoffs, &v->nsignoffs, &blobs)) != VG_OK)
        goto done;
    if (v->nsignoffs == 0) {
        rc = vg_error_set(VG_EINVALID,
                          _("assessment \"%s\" was never signed off ('vigie assess sign')"), label);
        goto done;
    }
    if ((rc = org_sign_keys(st, pk, NULL)) != VG_OK)
        goto done;
    vg_as_short_code(v->key_fingerprint, pk, sizeof pk);
    for (size_t i = 0; i < v->nsignoffs; i++) {
        buf mb = {0};
        const vg_signoff *so = &v->signoffs[i];
        int ok;
        message_encode(&mb, so->by, so->role, so->at, pk, blobs[i].content, blobs[i].len);
        if (mb.oom) {
            free(mb.p);
            rc = vg_error_oom();
            goto done;
        }
        ok =
            blobs[i].sig_ok_len && crypto_sign_verify_detached(blobs[i].sig, mb.p, mb.len, pk) == 0;
        free(mb.p);
        if (!ok) {
            char when[48];
            board_time(st, when, so->at);
            v->status = VG_VERIFY_BAD_SIGNATURE;
            v->bad = i;
            rc = vg_error_set(
                VG_EINTEGRITY,
                _("the signature of the sign-off of %s by %s (%s) does not hold: the signed "
                  "record was altered, or the signature is forged"),
                when, so->by, so->role);
            goto done;
        }
    }
    /* Every signature holds: now, is the assessment still what was signed last? */
    if ((rc = content_from_rows(st, id, &now)) != VG_OK)
        goto done;
    content_encode(&nb, &now);
    if (nb.oom) {
        rc = vg_error_oom();
        goto done;
    }
    {
        const signed_blob *last = &blobs[v->nsignoffs - 1];
        const vg_signoff *so = &v->signoffs[v->nsignoffs - 1];
        char when[48], first[256];
        if (nb.len == last->len && memcmp(nb.p, last->content, nb.len) == 0) {
            v->status = VG_VERIFY_HOLDS;
            rc = VG_OK;
            goto done;
        }
        v->status = VG_VERIFY_CHANGED;
        if ((rc = content_decode(&was, last->content, last->len)) != VG_OK ||
            (rc = diff_content(v, &was, &now)) != VG_OK)
            goto done;
        if (v->nchanges == 0) /* same values, different bytes: cannot be, but say so */
            add_change(v, VG_CHANGE_TEMPLATE, NULL, "layout", NULL, NULL);
        vg_change_describe(&v->changes[0], first, sizeof first);
        board_time(st, when, so->at);
        if (v->nchanges > 1)
            rc = vg_error_set(
                VG_EINTEGRITY,
                _("assessment \"%s\" changed after its sign-off of %s by %s: %s (and %zu more)"),
                label, when, so->by, first, v->nchanges - 1);
        else
            rc = vg_error_set(VG_EINTEGRITY,
                              _("assessment \"%s\" changed after its sign-off of %s by %s: %s"),
                              label, when, so->by, first);
    }
done:
    vg_as_blobs_free(blobs, v->nsignoffs);
    free(nb.p);
    content_clear(&now);
    content_clear(&was);
    if (rc == VG_OK || rc == VG_EINTEGRITY)
        *out = v;
    else
        vg_verification_free(v);
    return rc;
}

int vg_assessment_content_check(const unsigned char *p, size_t len)
{
    content c;
    int rc = content_decode(&c, p, len);
    if (rc == VG_OK)
        content_clear(&c);
    return rc;
}
