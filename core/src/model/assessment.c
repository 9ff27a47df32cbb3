/* The self-assessment: assessments, answers, actions, sign-offs.
 *
 * Tables (schema module "assessment"):
 *   assessment          one row per assessment; grid_text is the template
 *                       file exactly as it was loaded, so editing the file
 *                       later changes nothing here. grid_id, grid_version,
 *                       grid_lang, grid_title and grid_items repeat what
 *                       the template says, for listings only.
 *   assessment_answer   (assessment, item) -> level, note, evidence, updated
 *   assessment_action   (assessment, item) -> action, owner, due, updated
 *   assessment_signoff  who, role, when, the signed content, the signature
 *
 * Canonical serialisation (version 1). Integers are little-endian. str(s)
 * is a u32 byte length followed by the UTF-8 bytes, no NUL; an absent
 * optional text is the empty string. Items are in "natural" order:
 * D1.1 < D1.2 < D1.10 < D2.1, and any id not of that shape after them,
 * bytewise.
 *
 *   content :=
 *     8 bytes  "VGASMT01"
 *     str      label
 *     str      date, "YYYY-MM-DD"
 *     str      the template, the exact bytes stored with the assessment
 *     u32      number of answers, then for each answered item:
 *                str item   str level ("1".."5", "na", "unknown")
 *                str note   str evidence
 *     u32      number of actions, then for each item with an action:
 *                str item   str text   str owner   str due ("YYYY-MM-DD" or "")
 *
 *   signed message :=
 *     8 bytes  "VGSIGN01"
 *     str      signer's name (--by)
 *     str      role (--role)
 *     u64      signing time, seconds since 1970-01-01 UTC
 *     32 bytes the organisation's Ed25519 public key
 *     content
 *
 *   signature := Ed25519 (crypto_sign_detached) of the signed message with
 *                the organisation's secret key (org_keys.sign_sk).
 *
 * Each sign-off row keeps its content, so that verification can say what
 * changed since: the content is rebuilt from the rows as they are now and
 * compared with the signed one. Timestamps of answers are not part of it:
 * answering an item again with the same values changes nothing. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vigie/assessment.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/secret.h>

#include "model/assessment_internal.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/reader.h"
#include "util/tz.h"

static const vg_migration assessment_steps[] = {
    {1, "CREATE TABLE assessment (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE,"
        "  day INTEGER NOT NULL, created INTEGER NOT NULL,"
        "  grid_id TEXT NOT NULL, grid_version TEXT NOT NULL, grid_lang TEXT NOT NULL,"
        "  grid_title TEXT NOT NULL, grid_items INTEGER NOT NULL, grid_source TEXT NOT NULL,"
        "  grid_text TEXT NOT NULL, cursor TEXT,"
        "  reopened_after INTEGER, reopened_at INTEGER, reopen_reason TEXT);"
        "CREATE TABLE assessment_answer ("
        "  assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,"
        "  item TEXT NOT NULL,"
        "  level TEXT NOT NULL CHECK (level IN ('1','2','3','4','5','na','unknown')),"
        "  note TEXT, evidence TEXT, updated INTEGER NOT NULL,"
        "  PRIMARY KEY (assessment_id, item));"
        "CREATE TABLE assessment_action ("
        "  assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,"
        "  item TEXT NOT NULL, action TEXT NOT NULL, owner TEXT, due INTEGER,"
        "  updated INTEGER NOT NULL, PRIMARY KEY (assessment_id, item));"
        "CREATE TABLE assessment_signoff (id INTEGER PRIMARY KEY,"
        "  assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,"
        "  signer TEXT NOT NULL, role TEXT NOT NULL, signed_at INTEGER NOT NULL,"
        "  content BLOB NOT NULL, signature BLOB NOT NULL);"
        "CREATE INDEX assessment_signoff_of ON assessment_signoff (assessment_id, id);"},
};

static const char *const assessment_tables[] = {"assessment", "assessment_signoff", NULL};

const vg_schema_module vg_schema_assessment = {"assessment", assessment_steps,
                                               sizeof assessment_steps / sizeof assessment_steps[0],
                                               assessment_tables};

#define CONTENT_MAGIC "VGASMT01"
#define MESSAGE_MAGIC "VGSIGN01"

/* ---- small helpers ------------------------------------------------- */

static int nomem(void)
{
    return vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

static int step_done(vg_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    return rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), what);
}

static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            k = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            k = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            k = 3, cp = c & 0x07;
        else
            return 0;
        if (n - i <= k)
            return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += k + 1;
    }
    return 1;
}

/* Trim spaces at both ends and check a text typed by a user: UTF-8, no
 * control character, at most `max` bytes; empty is refused when
 * `required`. *out is a new string, or NULL for an empty optional text. */
static int clean_text(char **out, const char *what, const char *text, size_t max, int required)
{
    const char *s = text ? text : "";
    size_t n;
    *out = NULL;
    while (*s == ' ')
        s++;
    n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0) {
        if (required)
            return vg_error_set(VG_EINVALID, _("%s: must not be empty"), what);
        return VG_OK;
    }
    if (n > max)
        return vg_error_set(VG_EINVALID, _("%s: too long (%zu bytes, at most %zu)"), what, n, max);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return vg_error_set(VG_EINVALID,
                                _("%s: holds a control character (write it on one line)"), what);
    if (!utf8_valid((const unsigned char *)s, n))
        return vg_error_set(VG_EINVALID, _("%s: not valid UTF-8 text"), what);
    if (!(*out = strndup(s, n)))
        return nomem();
    return VG_OK;
}

int vg_assessment_label_valid(const char *label)
{
    size_t n = label ? strlen(label) : 0;
    if (n == 0 || n > VG_ASSESS_LABEL_MAX || !isalnum((unsigned char)label[0]))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)label[i];
        if (c > 0x7f || !(isalnum(c) || c == '.' || c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

static int check_label(const char *label)
{
    if (!vg_assessment_label_valid(label))
        return vg_error_set(VG_EINVALID,
                            _("\"%s\" is not an assessment label: letters, digits, dots, dashes, "
                              "underscores, at most %d (such as 2026)"),
                            label ? label : "", VG_ASSESS_LABEL_MAX);
    return VG_OK;
}

/* "D3.12" -> 3, 12; anything else -> 0. */
static int item_numbers(const char *id, unsigned *d, unsigned *m)
{
    char *end;
    unsigned long a, b;
    if (id[0] != 'D' || !isdigit((unsigned char)id[1]))
        return 0;
    a = strtoul(id + 1, &end, 10);
    if (*end != '.' || !isdigit((unsigned char)end[1]))
        return 0;
    b = strtoul(end + 1, &end, 10);
    if (*end || a == 0 || b == 0 || a > 99 || b > 99)
        return 0;
    *d = (unsigned)a;
    *m = (unsigned)b;
    return 1;
}

static int item_cmp(const char *x, const char *y)
{
    unsigned xd, xm, yd, ym;
    int nx = item_numbers(x, &xd, &xm), ny = item_numbers(y, &yd, &ym);
    if (nx && ny) {
        if (xd != yd)
            return xd < yd ? -1 : 1;
        if (xm != ym)
            return xm < ym ? -1 : 1;
        return strcmp(x, y);
    }
    if (nx != ny)
        return nx ? -1 : 1;
    return strcmp(x, y);
}

static int32_t today(void)
{
    time_t t = (time_t)vg_now();
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return (int32_t)(vg_now() / 86400);
    return (int32_t)vg_days_from_civil(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
                                       (unsigned)tm.tm_mday);
}

static void short_code(char out[VG_SIGNOFF_CODE_LEN], const unsigned char *data, size_t len)
{
    unsigned char h[32];
    char hex[21];
    crypto_generichash(h, sizeof h, data, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, 10);
    for (size_t i = 0, o = 0; i < 20; i++) {
        if (i && i % 4 == 0)
            out[o++] = '-';
        out[o++] = (char)toupper((unsigned char)hex[i]);
        out[o] = '\0';
    }
}

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
    return item_cmp(((const row4 *)x)->item, ((const row4 *)y)->item);
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
                rc = nomem();
                goto done;
            }
            r = q;
        }
        x = &r[*n];
        memset(x, 0, sizeof *x);
        (*n)++;
        x->item = col_dup(s, 0);
        x->a = col_dup(s, 1);
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
            rc = nomem();
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
        c->label = col_dup(s, 0);
        c->day = strdup(d);
        c->grid_len = (size_t)n;
        if ((c->grid = malloc(c->grid_len + 1)) != NULL) {
            memcpy(c->grid, g ? g : "", c->grid_len);
            c->grid[c->grid_len] = '\0';
        }
        rc = c->label && c->day && c->grid ? VG_OK : nomem();
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

/* ---- the schema's rows --------------------------------------------- */

static int find_id(vg_store *st, const char *label, int64_t *id)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "SELECT id FROM assessment WHERE label = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, label, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        rc = VG_OK;
    } else if (rc == SQLITE_DONE) {
        rc = vg_error_set(VG_ENOTFOUND, _("no assessment \"%s\" (see 'vigie assess list')"), label);
    } else {
        rc = vg_sql_fail(st, rc, "assessment");
    }
    sqlite3_finalize(s);
    return rc;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int vg_assessment_create(vg_store *st, const char *label, int32_t day, const char *template_path,
                         vg_grid **grid_out)
{
    vg_grid *g = NULL;
    char *text = NULL;
    size_t len = 0;
    sqlite3_stmt *s = NULL;
    int64_t id;
    int rc;

    if (grid_out)
        *grid_out = NULL;
    if ((rc = check_label(label)) != VG_OK)
        return rc;
    rc = find_id(st, label, &id);
    if (rc == VG_OK)
        return vg_error_set(VG_EEXISTS, _("assessment \"%s\" already exists"), label);
    if (rc != VG_ENOTFOUND)
        return rc;
    if ((rc = vg_grid_load_text(&g, &text, &len, template_path)) != VG_OK)
        goto done;
    if ((rc = vg_sql_prepare(
             st, &s,
             "INSERT INTO assessment (label, day, created, grid_id, grid_version, grid_lang,"
             " grid_title, grid_items, grid_source, grid_text)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")) != VG_OK)
        goto done;
    sqlite3_bind_text(s, 1, label, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, day == VG_NO_DAY ? today() : day);
    sqlite3_bind_int64(s, 3, vg_now());
    sqlite3_bind_text(s, 4, g->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, g->version, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, g->lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, g->title, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, (int64_t)g->nitems);
    sqlite3_bind_text(s, 9, base_name(template_path), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, text, (int)len, SQLITE_STATIC);
    if ((rc = step_done(st, s, "assessment")) != VG_OK)
        goto done;
    {
        char detail[160];
        snprintf(detail, sizeof detail, "%s %s %s", g->id, g->version, g->lang);
        rc = vg_audit_append(st, "assess.new", label, detail);
    }
done:
    sqlite3_finalize(s);
    free(text);
    if (rc == VG_OK && grid_out)
        *grid_out = g;
    else
        vg_grid_free(g);
    return rc;
}

static void info_clear(vg_assessment_info *i)
{
    free(i->label);
    free(i->grid_id);
    free(i->grid_version);
    free(i->grid_lang);
    free(i->grid_title);
    free(i->grid_source);
}

#define INFO_COLUMNS                                                                               \
    "a.id, a.label, a.day, a.created, a.grid_id, a.grid_version, a.grid_lang, a.grid_title,"       \
    " a.grid_source, a.grid_items,"                                                                \
    " (SELECT count(*) FROM assessment_answer WHERE assessment_id = a.id),"                        \
    " (SELECT count(*) FROM assessment_signoff WHERE assessment_id = a.id),"                       \
    " (SELECT coalesce(max(signed_at), 0) FROM assessment_signoff WHERE assessment_id = a.id),"    \
    " (SELECT coalesce(max(id), 0) FROM assessment_signoff WHERE assessment_id = a.id)"            \
    "   > coalesce(a.reopened_after, 0)"

static int info_read(sqlite3_stmt *s, vg_assessment_info *i)
{
    memset(i, 0, sizeof *i);
    i->id = sqlite3_column_int64(s, 0);
    i->label = col_dup(s, 1);
    i->day = (int32_t)sqlite3_column_int64(s, 2);
    i->created = sqlite3_column_int64(s, 3);
    i->grid_id = col_dup(s, 4);
    i->grid_version = col_dup(s, 5);
    i->grid_lang = col_dup(s, 6);
    i->grid_title = col_dup(s, 7);
    i->grid_source = col_dup(s, 8);
    i->items = (size_t)sqlite3_column_int64(s, 9);
    i->answered = (size_t)sqlite3_column_int64(s, 10);
    i->nsignoffs = (size_t)sqlite3_column_int64(s, 11);
    i->last_signed_at = sqlite3_column_int64(s, 12);
    i->locked = sqlite3_column_int(s, 13);
    if (!i->label || !i->grid_id || !i->grid_version || !i->grid_lang || !i->grid_title ||
        !i->grid_source) {
        info_clear(i);
        return nomem();
    }
    return VG_OK;
}

int vg_assessment_list(vg_store *st, vg_assessment_info **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_assessment_info *list = NULL;
    size_t cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT " INFO_COLUMNS
                             " FROM assessment a ORDER BY a.day, a.created, a.id")) != VG_OK)
        return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            vg_assessment_info *q = realloc(list, sizeof *list * (cap = cap ? cap * 2 : 8));
            if (!q) {
                rc = nomem();
                goto done;
            }
            list = q;
        }
        if ((rc = info_read(s, &list[*n])) != VG_OK)
            goto done;
        (*n)++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "assessment");
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_assessment_list_free(list, *n);
        *n = 0;
        return rc;
    }
    *out = list;
    return VG_OK;
}

void vg_assessment_list_free(vg_assessment_info *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        info_clear(&list[i]);
    free(list);
}

void vg_signoff_clear(vg_signoff *s)
{
    if (!s)
        return;
    free(s->by);
    free(s->role);
    s->by = s->role = NULL;
}

static void signoffs_free(vg_signoff *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        vg_signoff_clear(&s[i]);
    free(s);
}

/* Every sign-off of assessment `id`, oldest first. With `contents`, the
 * signed content and signature of each too (parallel arrays). */
typedef struct {
    unsigned char *content;
    size_t len;
    unsigned char sig[crypto_sign_BYTES];
    int sig_ok_len;
} signed_blob;

static int read_signoffs(vg_store *st, int64_t id, vg_signoff **out, size_t *n, signed_blob **blobs)
{
    sqlite3_stmt *s = NULL;
    vg_signoff *list = NULL;
    signed_blob *b = NULL;
    size_t cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if (blobs)
        *blobs = NULL;
    if ((rc = vg_sql_prepare(
             st, &s,
             "SELECT id, signer, role, signed_at, signature, content FROM assessment_signoff"
             " WHERE assessment_id = ?1 ORDER BY id")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_signoff *x;
        const void *sig = sqlite3_column_blob(s, 4);
        int siglen = sqlite3_column_bytes(s, 4);
        if (*n == cap) {
            vg_signoff *q = realloc(list, sizeof *list * (cap = cap ? cap * 2 : 4));
            signed_blob *qb = blobs ? realloc(b, sizeof *b * cap) : NULL;
            if (q)
                list = q;
            if (qb)
                b = qb;
            if (!q || (blobs && !qb)) {
                rc = nomem();
                goto done;
            }
        }
        x = &list[*n];
        memset(x, 0, sizeof *x);
        if (blobs)
            memset(&b[*n], 0, sizeof *b);
        (*n)++;
        x->id = sqlite3_column_int64(s, 0);
        x->by = col_dup(s, 1);
        x->role = col_dup(s, 2);
        x->at = sqlite3_column_int64(s, 3);
        short_code(x->code, sig ? sig : (const void *)"", (size_t)siglen);
        if (!x->by || !x->role) {
            rc = nomem();
            goto done;
        }
        if (blobs) {
            const void *c = sqlite3_column_blob(s, 5);
            size_t clen = (size_t)sqlite3_column_bytes(s, 5);
            b[*n - 1].sig_ok_len = siglen == crypto_sign_BYTES;
            if (siglen == crypto_sign_BYTES)
                memcpy(b[*n - 1].sig, sig, crypto_sign_BYTES);
            if (!(b[*n - 1].content = malloc(clen ? clen : 1))) {
                rc = nomem();
                goto done;
            }
            memcpy(b[*n - 1].content, c ? c : "", clen);
            b[*n - 1].len = clen;
        }
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "assessment_signoff");
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        for (size_t i = 0; blobs && i < *n; i++)
            free(b[i].content);
        free(b);
        signoffs_free(list, *n);
        *n = 0;
        return rc;
    }
    *out = list;
    if (blobs)
        *blobs = b;
    return VG_OK;
}

static void blobs_free(signed_blob *b, size_t n)
{
    for (size_t i = 0; b && i < n; i++)
        free(b[i].content);
    free(b);
}

void vg_assessment_free(vg_assessment *a)
{
    if (!a)
        return;
    info_clear(&a->info);
    free(a->grid_text);
    if (a->grid) {
        for (size_t i = 0; a->answers && i < a->grid->nitems; i++) {
            free(a->answers[i].note);
            free(a->answers[i].evidence);
        }
        for (size_t i = 0; a->actions && i < a->grid->nitems; i++) {
            free(a->actions[i].text);
            free(a->actions[i].owner);
        }
    }
    free(a->answers);
    free(a->actions);
    signoffs_free(a->signoffs, a->nsignoffs);
    free(a->cursor);
    free(a->reopen_reason);
    vg_grid_free(a->grid);
    free(a);
}

static int load_answers(vg_store *st, vg_assessment *a)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT item, level, note, evidence, updated FROM assessment_answer"
                            " WHERE assessment_id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, a->info.id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        size_t i;
        int level;
        const char *item = (const char *)sqlite3_column_text(s, 0);
        const char *lv = (const char *)sqlite3_column_text(s, 1);
        /* Rows for items the template lacks cannot come from Vigie; they
         * are left out here and shown by verify. */
        if (!item || !vg_grid_find_item(a->grid, item, &i) || vg_level_parse(&level, lv) != VG_OK)
            continue;
        a->answers[i].level = level;
        a->answers[i].note = col_dup(s, 2);
        a->answers[i].evidence = col_dup(s, 3);
        a->answers[i].updated = sqlite3_column_int64(s, 4);
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "assessment_answer");
    sqlite3_finalize(s);
    vg_error_clear();
    return rc;
}

static int load_actions(vg_store *st, vg_assessment *a)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT item, action, owner, due, updated FROM assessment_action"
                            " WHERE assessment_id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, a->info.id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        size_t i;
        const char *item = (const char *)sqlite3_column_text(s, 0);
        if (!item || !vg_grid_find_item(a->grid, item, &i))
            continue;
        a->actions[i].text = col_dup(s, 1);
        a->actions[i].owner = col_dup(s, 2);
        a->actions[i].due = sqlite3_column_type(s, 3) == SQLITE_NULL
                                ? VG_NO_DAY
                                : (int32_t)sqlite3_column_int64(s, 3);
        a->actions[i].updated = sqlite3_column_int64(s, 4);
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "assessment_action");
    sqlite3_finalize(s);
    return rc;
}

int vg_assessment_load(vg_store *st, const char *label, vg_assessment **out)
{
    vg_assessment *a = calloc(1, sizeof *a);
    sqlite3_stmt *s = NULL;
    int rc;

    *out = NULL;
    if (!a)
        return nomem();
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT " INFO_COLUMNS
                             ", a.grid_text, a.cursor, a.reopened_at, a.reopen_reason"
                             " FROM assessment a WHERE a.label = ?1")) != VG_OK)
        goto done;
    sqlite3_bind_text(s, 1, label, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        rc = rc == SQLITE_DONE
                 ? vg_error_set(VG_ENOTFOUND, _("no assessment \"%s\" (see 'vigie assess list')"),
                                label)
                 : vg_sql_fail(st, rc, "assessment");
        goto done;
    }
    if ((rc = info_read(s, &a->info)) != VG_OK)
        goto done;
    a->grid_len = (size_t)sqlite3_column_bytes(s, 14);
    if (!(a->grid_text = malloc(a->grid_len + 1))) {
        rc = nomem();
        goto done;
    }
    memcpy(a->grid_text, sqlite3_column_text(s, 14) ? (const char *)sqlite3_column_text(s, 14) : "",
           a->grid_len);
    a->grid_text[a->grid_len] = '\0';
    a->cursor = col_dup(s, 15);
    a->reopened_at = sqlite3_column_int64(s, 16);
    a->reopen_reason = col_dup(s, 17);
    sqlite3_finalize(s);
    s = NULL;
    {
        char source[VG_ASSESS_LABEL_MAX + 64];
        snprintf(source, sizeof source, "%s (template of \"%s\")", a->info.grid_source, label);
        rc = vg_grid_parse(&a->grid, source, (const unsigned char *)a->grid_text, a->grid_len);
        if (rc != VG_OK) {
            rc = vg_error_set(
                VG_EINTEGRITY,
                _("the template stored with assessment \"%s\" no longer loads (damaged "
                  "or altered; 'vigie assess verify %s' says more): %s"),
                label, label, vg_error_last());
            goto done;
        }
    }
    a->answers = calloc(a->grid->nitems ? a->grid->nitems : 1, sizeof *a->answers);
    a->actions = calloc(a->grid->nitems ? a->grid->nitems : 1, sizeof *a->actions);
    if (!a->answers || !a->actions) {
        rc = nomem();
        goto done;
    }
    for (size_t i = 0; i < a->grid->nitems; i++) {
        a->answers[i].level = VG_LEVEL_UNANSWERED;
        a->actions[i].due = VG_NO_DAY;
    }
    if ((rc = load_answers(st, a)) != VG_OK || (rc = load_actions(st, a)) != VG_OK ||
        (rc = read_signoffs(st, a->info.id, &a->signoffs, &a->nsignoffs, NULL)) != VG_OK)
        goto done;
    if (a->info.locked || a->nsignoffs == 0) {
        /* reopened_at and the reason describe the assessment only while it
         * stays reopened: a later sign-off locks it again */
        a->reopened_at = 0;
        free(a->reopen_reason);
        a->reopen_reason = NULL;
    }
    *out = a;
    a = NULL;
done:
    sqlite3_finalize(s);
    vg_assessment_free(a);
    return rc;
}

int vg_assessment_item(const vg_assessment *a, const char *id, size_t *index_out)
{
    char norm[16];
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n >= sizeof norm)
        goto bad;
    memcpy(norm, id, n + 1);
    norm[0] = (char)toupper((unsigned char)norm[0]);
    if (vg_grid_find_item(a->grid, norm, index_out))
        return VG_OK;
bad:
    return vg_error_set(VG_EINVALID,
                        _("no item \"%s\" in the template of assessment \"%s\" (%s: D1.1 to %s)"),
                        id ? id : "", a->info.label, a->grid->id,
                        a->grid->nitems ? a->grid->items[a->grid->nitems - 1].id : "-");
}

int vg_assessment_needs_action(const vg_assessment *a, size_t i)
{
    int l = a->answers[i].level;
    return l == VG_LEVEL_UNKNOWN || (l >= VG_LEVEL_MIN && l < a->grid->threshold);
}

/* ---- changes ------------------------------------------------------- */

int vg_assessment_check_open(const vg_assessment *a)
{
    const vg_signoff *so;
    char when[32];
    if (!a->info.locked || !a->nsignoffs)
        return VG_OK;
    so = &a->signoffs[a->nsignoffs - 1];
    vg_time_format_utc(when, so->at);
    when[10] = '\0';
    return vg_error_set(VG_EINVALID,
                        _("assessment \"%s\" was signed off on %s by %s (%s): it cannot change; to "
                          "change it, reopen it with 'vigie assess reopen %s --reason TEXT' (the "
                          "signed version stays verifiable)"),
                        a->info.label, when, so->by, so->role, a->info.label);
}

/* Load for a change: refused while a sign-off locks it. */
static int load_unlocked(vg_store *st, const char *label, vg_assessment **out)
{
    vg_assessment *a = NULL;
    int rc = vg_assessment_load(st, label, &a);
    *out = NULL;
    if (rc == VG_OK && (rc = vg_assessment_check_open(a)) != VG_OK) {
        vg_assessment_free(a);
        return rc;
    }
    *out = a;
    return rc;
}

static int same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && !strcmp(x, y));
}

int vg_assessment_answer(vg_store *st, const char *label, const char *item, int level,
                         const char *note, const char *evidence)
{
    vg_assessment *a = NULL;
    char *n = NULL, *e = NULL;
    sqlite3_stmt *s = NULL;
    size_t i;
    int rc;

    if (!vg_level_code(level))
        return vg_error_set(VG_EINVALID, "%s",
                            _("not a level: 1 to 5, na (not applicable) or unknown"));
    if ((rc = load_unlocked(st, label, &a)) != VG_OK ||
        (rc = vg_assessment_item(a, item, &i)) != VG_OK)
        goto done;
    if (note) {
        if ((rc = clean_text(&n, _("note"), note, VG_ASSESS_NOTE_MAX, 0)) != VG_OK)
            goto done;
    } else if (a->answers[i].note && !(n = strdup(a->answers[i].note))) {
        rc = nomem();
        goto done;
    }
    if (evidence) {
        if ((rc = clean_text(&e, _("evidence"), evidence, VG_ASSESS_EVIDENCE_MAX, 0)) != VG_OK)
            goto done;
    } else if (a->answers[i].evidence && !(e = strdup(a->answers[i].evidence))) {
        rc = nomem();
        goto done;
    }
    if (a->answers[i].level == level && same(a->answers[i].note, n) &&
        same(a->answers[i].evidence, e))
        goto done; /* nothing changes */
    if ((rc = vg_sql_prepare(
             st, &s, "INSERT OR REPLACE INTO assessment_answer VALUES (?1, ?2, ?3, ?4, ?5, ?6)")) !=
        VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, a->info.id);
    sqlite3_bind_text(s, 2, a->grid->items[i].id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, vg_level_code(level), -1, SQLITE_STATIC);
    vg_sql_bind_text(s, 4, n);
    vg_sql_bind_text(s, 5, e);
    sqlite3_bind_int64(s, 6, vg_now());
    if ((rc = step_done(st, s, "assessment_answer")) != VG_OK)
        goto done;
    {
        char obj[VG_ASSESS_LABEL_MAX + 24];
        snprintf(obj, sizeof obj, "%s %s", label, a->grid->items[i].id);
        rc = vg_audit_append(st, "assess.answer", obj, vg_level_code(level));
    }
done:
    sqlite3_finalize(s);
    free(n);
    free(e);
    vg_assessment_free(a);
    return rc;
}

int vg_assessment_set_action(vg_store *st, const char *label, const char *item, const char *text,
                             const char *owner, const char *due)
{
    vg_assessment *a = NULL;
    char *t = NULL, *o = NULL, detail[64] = "";
    int32_t d = VG_NO_DAY;
    sqlite3_stmt *s = NULL;
    size_t i;
    int rc;
    const vg_action *cur;

    if ((rc = load_unlocked(st, label, &a)) != VG_OK ||
        (rc = vg_assessment_item(a, item, &i)) != VG_OK)
        goto done;
    cur = &a->actions[i];
    if (text) {
        if ((rc = clean_text(&t, _("action"), text, VG_ASSESS_ACTION_MAX, 1)) != VG_OK)
            goto done;
    } else if (!cur->text) {
        rc = vg_error_set(VG_EINVALID, _("item %s has no action yet: give its text (--text)"),
                          a->grid->items[i].id);
        goto done;
    } else if (!(t = strdup(cur->text))) {
        rc = nomem();
        goto done;
    }
    if (owner) {
        if ((rc = clean_text(&o, _("owner"), owner, VG_ASSESS_NAME_MAX, 0)) != VG_OK)
            goto done;
    } else if (cur->owner && !(o = strdup(cur->owner))) {
        rc = nomem();
        goto done;
    }
    if (due && *due) {
        if ((rc = vg_date_parse(&d, due)) != VG_OK)
            goto done;
    } else if (!due) {
        d = cur->due;
    }
    if (same(cur->text, t) && same(cur->owner, o) && cur->due == d)
        goto done;
    snprintf(detail, sizeof detail, "%s%s%s", !same(cur->text, t) ? "text " : "",
             !same(cur->owner, o) ? "owner " : "", cur->due != d ? "due" : "");
    if ((rc = vg_sql_prepare(
             st, &s, "INSERT OR REPLACE INTO assessment_action VALUES (?1, ?2, ?3, ?4, ?5, ?6)")) !=
        VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, a->info.id);
    sqlite3_bind_text(s, 2, a->grid->items[i].id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, t, -1, SQLITE_STATIC);
    vg_sql_bind_text(s, 4, o);
    if (d == VG_NO_DAY)
        sqlite3_bind_null(s, 5);
    else
        sqlite3_bind_int64(s, 5, d);
    sqlite3_bind_int64(s, 6, vg_now());
    if ((rc = step_done(st, s, "assessment_action")) != VG_OK)
        goto done;
    {
        char obj[VG_ASSESS_LABEL_MAX + 24];
        size_t n = strlen(detail);
        if (n && detail[n - 1] == ' ')
            detail[n - 1] = '\0';
        snprintf(obj, sizeof obj, "%s %s", label, a->grid->items[i].id);
        rc = vg_audit_append(st, "assess.action", obj, detail);
    }
done:
    sqlite3_finalize(s);
    free(t);
    free(o);
    vg_assessment_free(a);
    return rc;
}

int vg_assessment_remove_action(vg_store *st, const char *label, const char *item)
{
    vg_assessment *a = NULL;
    sqlite3_stmt *s = NULL;
    size_t i;
    int rc;
    if ((rc = load_unlocked(st, label, &a)) != VG_OK ||
        (rc = vg_assessment_item(a, item, &i)) != VG_OK)
        goto done;
    if (!a->actions[i].text) {
        rc = vg_error_set(VG_ENOTFOUND, _("item %s has no action"), a->grid->items[i].id);
        goto done;
    }
    if ((rc = vg_sql_prepare(
             st, &s, "DELETE FROM assessment_action WHERE assessment_id = ?1 AND item = ?2")) !=
        VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, a->info.id);
    sqlite3_bind_text(s, 2, a->grid->items[i].id, -1, SQLITE_STATIC);
    if ((rc = step_done(st, s, "assessment_action")) != VG_OK)
        goto done;
    {
        char obj[VG_ASSESS_LABEL_MAX + 24];
        snprintf(obj, sizeof obj, "%s %s", label, a->grid->items[i].id);
        rc = vg_audit_append(st, "assess.action", obj, "removed");
    }
done:
    sqlite3_finalize(s);
    vg_assessment_free(a);
    return rc;
}

int vg_assessment_set_cursor(vg_store *st, const char *label, const char *item)
{
    sqlite3_stmt *s = NULL;
    int64_t id;
    int rc = find_id(st, label, &id);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s, "UPDATE assessment SET cursor = ?1 WHERE id = ?2")) != VG_OK)
        return rc;
    vg_sql_bind_text(s, 1, item);
    sqlite3_bind_int64(s, 2, id);
    rc = step_done(st, s, "assessment");
    sqlite3_finalize(s);
    return rc;
}

int vg_assessment_remove(vg_store *st, const char *label)
{
    sqlite3_stmt *s = NULL;
    int64_t id;
    int rc = find_id(st, label, &id);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(
             st, &s, "SELECT count(*) FROM assessment_signoff WHERE assessment_id = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0;
    sqlite3_finalize(s);
    s = NULL;
    if (rc)
        return vg_error_set(
            VG_EINVALID,
            _("assessment \"%s\" was signed off: the board's record is kept, it cannot be removed"),
            label);
    if ((rc = vg_sql_prepare(st, &s, "DELETE FROM assessment WHERE id = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = step_done(st, s, "assessment");
    sqlite3_finalize(s);
    if (rc == VG_OK)
        rc = vg_audit_append(st, "assess.remove", label, "");
    return rc;
}

/* ---- scores -------------------------------------------------------- */

static void score_add(vg_score *sc, int level, int threshold)
{
    sc->total++;
    if (level == VG_LEVEL_UNANSWERED) {
        sc->unanswered++;
        return;
    }
    sc->answered++;
    if (level == VG_LEVEL_NA) {
        sc->na++;
        return;
    }
    if (level == VG_LEVEL_UNKNOWN)
        sc->unknown++;
    sc->counted++;
    sc->mean += level; /* a sum until score_end */
    if (level >= threshold)
        sc->at_or_above++;
    else
        sc->needs_action++;
}

static void score_end(vg_score *sc)
{
    if (sc->counted) {
        sc->mean /= (double)sc->counted;
        sc->share = (double)sc->at_or_above / (double)sc->counted;
    } else {
        sc->mean = sc->share = 0;
    }
}

static const vg_assessment *sort_a; /* qsort has no payload; scoring is not re-entrant */

static int weakest_cmp(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    int li = sort_a->answers[i].level, lj = sort_a->answers[j].level;
    if (li != lj)
        return li < lj ? -1 : 1;
    return i < j ? -1 : i > j;
}

void vg_scores_free(vg_scores *s)
{
    if (!s)
        return;
    free(s->domains);
    free(s->weakest);
    free(s->unanswered);
    free(s);
}

int vg_assessment_score(const vg_assessment *a, vg_scores **out)
{
    const vg_grid *g = a->grid;
    vg_scores *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return nomem();
    s->domains = calloc(g->ndomains ? g->ndomains : 1, sizeof *s->domains);
    s->weakest = calloc(g->nitems ? g->nitems : 1, sizeof *s->weakest);
    s->unanswered = calloc(g->nitems ? g->nitems : 1, sizeof *s->unanswered);
    if (!s->domains || !s->weakest || !s->unanswered) {
        vg_scores_free(s);
        return nomem();
    }
    s->ndomains = g->ndomains;
    for (size_t i = 0; i < g->nitems; i++) {
        int l = a->answers[i].level;
        score_add(&s->overall, l, g->threshold);
        score_add(&s->domains[g->items[i].domain], l, g->threshold);
        if (l == VG_LEVEL_UNANSWERED)
            s->unanswered[s->nunanswered++] = i;
        else if (l != VG_LEVEL_NA)
            s->weakest[s->nweakest++] = i;
    }
    score_end(&s->overall);
    for (size_t d = 0; d < g->ndomains; d++)
        score_end(&s->domains[d]);
    sort_a = a;
    qsort(s->weakest, s->nweakest, sizeof *s->weakest, weakest_cmp);
    sort_a = NULL;
    *out = s;
    return VG_OK;
}

/* ---- compare ------------------------------------------------------- */

void vg_comparison_free(vg_comparison *c)
{
    if (!c)
        return;
    free(c->domains);
    free(c->items);
    free(c);
}

static int comparable(int l)
{
    return l >= VG_LEVEL_UNKNOWN && l <= VG_LEVEL_MAX;
}

int vg_assessment_compare(const vg_assessment *a, const vg_assessment *b, vg_comparison **out)
{
    const vg_grid *ga = a->grid, *gb = b->grid;
    vg_scores *sa = NULL, *sb = NULL;
    vg_comparison *c = calloc(1, sizeof *c);
    int rc;

    *out = NULL;
    if (!c)
        return nomem();
    if ((rc = vg_assessment_score(a, &sa)) != VG_OK || (rc = vg_assessment_score(b, &sb)) != VG_OK)
        goto done;
    c->same_grid = !strcmp(ga->id, gb->id) && !strcmp(ga->version, gb->version);
    c->a = sa->overall;
    c->b = sb->overall;
    c->domains = calloc(ga->ndomains + gb->ndomains, sizeof *c->domains);
    c->items = calloc(ga->nitems + gb->nitems + 1, sizeof *c->items);
    if (!c->domains || !c->items) {
        rc = nomem();
        goto done;
    }
    for (size_t d = 0; d < gb->ndomains; d++) {
        vg_domain_trend *t = &c->domains[c->ndomains++];
        t->id = gb->domains[d].id;
        t->title = gb->domains[d].title;
        t->in_b = 1;
        t->b = sb->domains[d];
        for (size_t e = 0; e < ga->ndomains; e++)
            if (!strcmp(ga->domains[e].id, t->id)) {
                t->in_a = 1;
                t->a = sa->domains[e];
            }
    }
    for (size_t e = 0; e < ga->ndomains; e++) {
        int found = 0;
        for (size_t d = 0; d < gb->ndomains && !found; d++)
            found = !strcmp(ga->domains[e].id, gb->domains[d].id);
        if (!found) {
            vg_domain_trend *t = &c->domains[c->ndomains++];
            t->id = ga->domains[e].id;
            t->title = ga->domains[e].title;
            t->in_a = 1;
            t->a = sa->domains[e];
        }
    }
    for (size_t i = 0; i < gb->nitems + ga->nitems; i++) {
        int from_b = i < gb->nitems;
        const char *id = from_b ? gb->items[i].id : ga->items[i - gb->nitems].id;
        size_t j;
        vg_item_trend *t;
        if (!from_b && vg_grid_find_item(gb, id, NULL))
            continue; /* seen with b's items */
        t = &c->items[c->nitems++];
        t->id = id;
        t->level_b = from_b ? b->answers[i].level : VG_LEVEL_UNANSWERED;
        t->level_a = vg_grid_find_item(ga, id, &j) ? a->answers[j].level : VG_LEVEL_UNANSWERED;
        if (!comparable(t->level_a) || !comparable(t->level_b))
            t->trend = VG_TREND_NONE;
        else if (t->level_b > t->level_a)
            t->trend = VG_TREND_UP, c->improved++;
        else if (t->level_b < t->level_a)
            t->trend = VG_TREND_DOWN, c->regressed++;
        else
            t->trend = VG_TREND_SAME;
    }
    *out = c;
    c = NULL;
done:
    vg_scores_free(sa);
    vg_scores_free(sb);
    vg_comparison_free(c);
    return rc;
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
    if ((rc = clean_text(&b, _("signer (--by)"), by, VG_ASSESS_NAME_MAX, 1)) != VG_OK ||
        (rc = clean_text(&r, _("role (--role)"), role, VG_ASSESS_NAME_MAX, 1)) != VG_OK)
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
        rc = nomem();
        goto done;
    }
    if ((rc = org_sign_keys(st, pk, &sk)) != VG_OK)
        goto done;
    message_encode(&mb, b, r, at, pk, cb.p, cb.len);
    if (mb.oom) {
        rc = nomem();
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
    if ((rc = step_done(st, s, "assessment_signoff")) != VG_OK)
        goto done;
    {
        char detail[80];
        vg_signoff so = {0};
        so.id = sqlite3_last_insert_rowid(vg_store_db(st));
        short_code(so.code, sig, sizeof sig);
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
    if ((rc = clean_text(&why, _("reason (--reason)"), reason, VG_ASSESS_NAME_MAX, 1)) != VG_OK)
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
    if ((rc = step_done(st, s, "assessment")) == VG_OK)
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
    signoffs_free(v->signoffs, v->nsignoffs);
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
        return nomem();
    v->changes = c;
    c = &v->changes[v->nchanges];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->item = dup_or_null(item);
    c->field = dup_or_null(field);
    c->before = before && *before ? strdup(before) : NULL;
    c->after = after && *after ? strdup(after) : NULL;
    v->nchanges++;
    if ((item && !c->item) || (field && !c->field) || (before && *before && !c->before) ||
        (after && *after && !c->after))
        return nomem();
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
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, "; ");
        strcat(s, v[i]);
    }
    return s;
}

static int diff_list(vg_verification *v, const char *item, const char *field, char **a, size_t na,
                     char **b, size_t nb)
{
    char *x = joined(a, na), *y = joined(b, nb);
    int rc = x && y ? VG_OK : nomem();
    if (rc == VG_OK && strcmp(x, y) != 0)
        rc = add_change(v, VG_CHANGE_TEMPLATE, item, field, x, y);
    free(x);
    free(y);
    return rc;
}

#define TDIFF(item, field, x, y)                                                                   \
    do {                                                                                           \
        if (!same((x), (y)) &&                                                                     \
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
                            y->nreferences)) != VG_OK)
            goto done;
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
        int c = i >= nx ? 1 : j >= ny ? -1 : item_cmp(x[i].item, y[j].item);
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
        return nomem();
    if ((rc = find_id(st, label, &id)) != VG_OK ||
        (rc = read_signoffs(st, id, &v->signoffs, &v->nsignoffs, &blobs)) != VG_OK)
        goto done;
    if (v->nsignoffs == 0) {
        rc = vg_error_set(VG_EINVALID,
                          _("assessment \"%s\" was never signed off ('vigie assess sign')"), label);
        goto done;
    }
    if ((rc = org_sign_keys(st, pk, NULL)) != VG_OK)
        goto done;
    short_code(v->key_fingerprint, pk, sizeof pk);
    for (size_t i = 0; i < v->nsignoffs; i++) {
        buf mb = {0};
        const vg_signoff *so = &v->signoffs[i];
        int ok;
        message_encode(&mb, so->by, so->role, so->at, pk, blobs[i].content, blobs[i].len);
        if (mb.oom) {
            free(mb.p);
            rc = nomem();
            goto done;
        }
        ok =
            blobs[i].sig_ok_len && crypto_sign_verify_detached(blobs[i].sig, mb.p, mb.len, pk) == 0;
        free(mb.p);
        if (!ok) {
            char when[32];
            vg_time_format_utc(when, so->at);
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
        rc = nomem();
        goto done;
    }
    {
        const signed_blob *last = &blobs[v->nsignoffs - 1];
        const vg_signoff *so = &v->signoffs[v->nsignoffs - 1];
        char when[32], first[256];
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
        vg_time_format_utc(when, so->at);
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
    blobs_free(blobs, v->nsignoffs);
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
