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

#include "assessment/assessment_internal.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/reader.h"
#include "util/text.h"
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

/* ---- small helpers ------------------------------------------------- */

char *vg_as_dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Trim spaces at both ends and check a text typed by a user: UTF-8, no
 * control character, at most `max` bytes; empty is refused when
 * `required`. *out is a new string, or NULL for an empty optional text. */
int vg_as_clean_text(char **out, const char *what, const char *text, size_t max, int required)
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
    if (!vg_utf8_valid(s, n))
        return vg_error_set(VG_EINVALID, _("%s: not valid UTF-8 text"), what);
    if (!vg_text_clean(s, n, 0))
        return vg_error_set(VG_EINVALID, _("%s: holds a control character (write it on one line)"),
                            what);
    if (!(*out = strndup(s, n)))
        return vg_error_oom();
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

int vg_as_item_cmp(const char *x, const char *y)
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

void vg_as_short_code(char out[VG_SIGNOFF_CODE_LEN], const unsigned char *data, size_t len)
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

/* ---- the schema's rows --------------------------------------------- */

int vg_as_find_id(vg_store *st, const char *label, int64_t *id)
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
    rc = vg_as_find_id(st, label, &id);
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
    sqlite3_bind_int64(s, 2, day == VG_NO_DAY ? vg_today(NULL) : day);
    sqlite3_bind_int64(s, 3, vg_now());
    sqlite3_bind_text(s, 4, g->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, g->version, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, g->lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, g->title, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, (int64_t)g->nitems);
    sqlite3_bind_text(s, 9, base_name(template_path), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, text, (int)len, SQLITE_STATIC);
    if ((rc = vg_sql_step_done(st, s, "assessment")) != VG_OK)
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
    i->label = vg_sql_col_dup(s, 1);
    i->day = (int32_t)sqlite3_column_int64(s, 2);
    i->created = sqlite3_column_int64(s, 3);
    i->grid_id = vg_sql_col_dup(s, 4);
    i->grid_version = vg_sql_col_dup(s, 5);
    i->grid_lang = vg_sql_col_dup(s, 6);
    i->grid_title = vg_sql_col_dup(s, 7);
    i->grid_source = vg_sql_col_dup(s, 8);
    i->items = (size_t)sqlite3_column_int64(s, 9);
    i->answered = (size_t)sqlite3_column_int64(s, 10);
    i->nsignoffs = (size_t)sqlite3_column_int64(s, 11);
    i->last_signed_at = sqlite3_column_int64(s, 12);
    i->locked = sqlite3_column_int(s, 13);
    if (!i->label || !i->grid_id || !i->grid_version || !i->grid_lang || !i->grid_title ||
        !i->grid_source) {
        info_clear(i);
        return vg_error_oom();
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
                rc = vg_error_oom();
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

void vg_as_signoffs_free(vg_signoff *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        vg_signoff_clear(&s[i]);
    free(s);
}

int vg_as_read_signoffs(vg_store *st, int64_t id, vg_signoff **out, size_t *n, signed_blob **blobs)
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
                rc = vg_error_oom();
                goto done;
            }
        }
        x = &list[*n];
        memset(x, 0, sizeof *x);
        if (blobs)
            memset(&b[*n], 0, sizeof *b);
        (*n)++;
        x->id = sqlite3_column_int64(s, 0);
        x->by = vg_sql_col_dup(s, 1);
        x->role = vg_sql_col_dup(s, 2);
        x->at = sqlite3_column_int64(s, 3);
        vg_as_short_code(x->code, sig ? sig : (const void *)"", (size_t)siglen);
        if (!x->by || !x->role) {
            rc = vg_error_oom();
            goto done;
        }
        if (blobs) {
            const void *c = sqlite3_column_blob(s, 5);
            size_t clen = (size_t)sqlite3_column_bytes(s, 5);
            b[*n - 1].sig_ok_len = siglen == crypto_sign_BYTES;
            if (siglen == crypto_sign_BYTES)
                memcpy(b[*n - 1].sig, sig, crypto_sign_BYTES);
            if (!(b[*n - 1].content = malloc(clen ? clen : 1))) {
                rc = vg_error_oom();
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
        vg_as_signoffs_free(list, *n);
        *n = 0;
        return rc;
    }
    *out = list;
    if (blobs)
        *blobs = b;
    return VG_OK;
}

void vg_as_blobs_free(signed_blob *b, size_t n)
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
    vg_as_signoffs_free(a->signoffs, a->nsignoffs);
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
        a->answers[i].note = vg_sql_col_dup(s, 2);
        a->answers[i].evidence = vg_sql_col_dup(s, 3);
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
        a->actions[i].text = vg_sql_col_dup(s, 1);
        a->actions[i].owner = vg_sql_col_dup(s, 2);
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
        return vg_error_oom();
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
        rc = vg_error_oom();
        goto done;
    }
    memcpy(a->grid_text, sqlite3_column_text(s, 14) ? (const char *)sqlite3_column_text(s, 14) : "",
           a->grid_len);
    a->grid_text[a->grid_len] = '\0';
    a->cursor = vg_sql_col_dup(s, 15);
    a->reopened_at = sqlite3_column_int64(s, 16);
    a->reopen_reason = vg_sql_col_dup(s, 17);
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
        rc = vg_error_oom();
        goto done;
    }
    for (size_t i = 0; i < a->grid->nitems; i++) {
        a->answers[i].level = VG_LEVEL_UNANSWERED;
        a->actions[i].due = VG_NO_DAY;
    }
    if ((rc = load_answers(st, a)) != VG_OK || (rc = load_actions(st, a)) != VG_OK ||
        (rc = vg_as_read_signoffs(st, a->info.id, &a->signoffs, &a->nsignoffs, NULL)) != VG_OK)
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

int vg_as_same(const char *x, const char *y)
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
        if ((rc = vg_as_clean_text(&n, _("note"), note, VG_ASSESS_NOTE_MAX, 0)) != VG_OK)
            goto done;
    } else if (a->answers[i].note && !(n = strdup(a->answers[i].note))) {
        rc = vg_error_oom();
        goto done;
    }
    if (evidence) {
        if ((rc = vg_as_clean_text(&e, _("evidence"), evidence, VG_ASSESS_EVIDENCE_MAX, 0)) !=
            VG_OK)
            goto done;
    } else if (a->answers[i].evidence && !(e = strdup(a->answers[i].evidence))) {
        rc = vg_error_oom();
        goto done;
    }
    if (a->answers[i].level == level && vg_as_same(a->answers[i].note, n) &&
        vg_as_same(a->answers[i].evidence, e))
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
    if ((rc = vg_sql_step_done(st, s, "assessment_answer")) != VG_OK)
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
        if ((rc = vg_as_clean_text(&t, _("action"), text, VG_ASSESS_ACTION_MAX, 1)) != VG_OK)
            goto done;
    } else if (!cur->text) {
        rc = vg_error_set(VG_EINVALID, _("item %s has no action yet: give its text (--text)"),
                          a->grid->items[i].id);
        goto done;
    } else if (!(t = strdup(cur->text))) {
        rc = vg_error_oom();
        goto done;
    }
    if (owner) {
        if ((rc = vg_as_clean_text(&o, _("owner"), owner, VG_ASSESS_NAME_MAX, 0)) != VG_OK)
            goto done;
    } else if (cur->owner && !(o = strdup(cur->owner))) {
        rc = vg_error_oom();
        goto done;
    }
    if (due && *due) {
        if ((rc = vg_date_parse(&d, due)) != VG_OK)
            goto done;
    } else if (!due) {
        d = cur->due;
    }
    if (vg_as_same(cur->text, t) && vg_as_same(cur->owner, o) && cur->due == d)
        goto done;
    snprintf(detail, sizeof detail, "%s%s%s", !vg_as_same(cur->text, t) ? "text " : "",
             !vg_as_same(cur->owner, o) ? "owner " : "", cur->due != d ? "due" : "");
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
    if ((rc = vg_sql_step_done(st, s, "assessment_action")) != VG_OK)
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
    if ((rc = vg_sql_step_done(st, s, "assessment_action")) != VG_OK)
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
    int rc = vg_as_find_id(st, label, &id);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s, "UPDATE assessment SET cursor = ?1 WHERE id = ?2")) != VG_OK)
        return rc;
    vg_sql_bind_text(s, 1, item);
    sqlite3_bind_int64(s, 2, id);
    rc = vg_sql_step_done(st, s, "assessment");
    sqlite3_finalize(s);
    return rc;
}

int vg_assessment_remove(vg_store *st, const char *label)
{
    sqlite3_stmt *s = NULL;
    int64_t id;
    int rc = vg_as_find_id(st, label, &id);
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
    rc = vg_sql_step_done(st, s, "assessment");
    sqlite3_finalize(s);
    if (rc == VG_OK)
        rc = vg_audit_append(st, "assess.remove", label, "");
    return rc;
}
