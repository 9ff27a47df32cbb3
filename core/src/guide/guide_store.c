/* Where guides come from: the data folder and the store.
 *
 * The store keeps every imported version as a row of `guide` (the whole
 * text, validated before it is stored); the newest row of a country and
 * language is the one in use, and it takes precedence over the data
 * folder's file. Texts are parsed again when read, so a guide is always
 * seen through the current validator. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>

#include "guide/guide_internal.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"

static const vg_migration guide_steps[] = {
    {1, "CREATE TABLE guide (id INTEGER PRIMARY KEY, country TEXT NOT NULL, lang TEXT NOT NULL,"
        "  version TEXT NOT NULL, text TEXT NOT NULL, imported_at INTEGER NOT NULL,"
        "  imported_by TEXT NOT NULL);"
        "CREATE INDEX guide_country_lang ON guide (country, lang, id);"},
};

static const char *const guide_tables[] = {"guide", NULL};

const vg_schema_module vg_schema_guide = {"guide", guide_steps,
                                          sizeof guide_steps / sizeof guide_steps[0], guide_tables};

/* "co" or "CO" into "CO"; 0 if not two ASCII letters. */
static int norm_country(char out[3], const char *cc)
{
    if (!cc || strlen(cc) != 2)
        return 0;
    for (int i = 0; i < 2; i++) {
        char ch = cc[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (ch < 'A' || ch > 'Z')
            return 0;
        out[i] = ch;
    }
    out[2] = '\0';
    return 1;
}

static const char *other_lang(const char *lang)
{
    return !strcmp(lang, "fr") ? "en" : "fr";
}

/* The newest stored row of (country, lang): VG_ENOTFOUND if none. Any of
 * the out pointers may be NULL; strings are malloc'd. */
static int stored(vg_store *st, const char *cc, const char *lang, char **text, size_t *len,
                  char **version, int64_t *at, char **by)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT text, version, imported_at, imported_by FROM guide"
                            " WHERE country = ?1 AND lang = ?2 ORDER BY id DESC LIMIT 1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, cc, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, lang, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        rc = VG_ENOTFOUND;
    } else if (rc != SQLITE_ROW) {
        rc = vg_sql_fail(st, rc, "guide");
    } else {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        size_t n = (size_t)sqlite3_column_bytes(s, 0);
        rc = VG_OK;
        if (text && (*text = malloc(n + 1)) != NULL) {
            memcpy(*text, t ? t : "", n);
            (*text)[n] = '\0';
            *len = n;
        } else if (text) {
            rc = vg_error_oom();
        }
        if (version)
            *version = strdup((const char *)sqlite3_column_text(s, 1));
        if (at)
            *at = sqlite3_column_int64(s, 2);
        if (by)
            *by = strdup((const char *)sqlite3_column_text(s, 3));
    }
    sqlite3_finalize(s);
    return rc;
}

static char *data_path(const char *data_dir, const char *cc, const char *lang)
{
    char name[16], *dir, *path;
    snprintf(name, sizeof name, "%c%c.%s.md", cc[0] - 'A' + 'a', cc[1] - 'A' + 'a', lang);
    if (!(dir = vg_path_join(data_dir, "country-guides")))
        return NULL;
    path = vg_path_join(dir, name);
    free(dir);
    return path;
}

/* One guide from one place. VG_ENOTFOUND if that place has none. */
static int load_store(vg_store *st, const char *cc, const char *lang, vg_guide **out,
                      vg_guide_diags *diags)
{
    char *text = NULL, *by = NULL, name[32];
    size_t len = 0;
    int64_t at = 0;
    int rc;
    *out = NULL;
    if (!st)
        return VG_ENOTFOUND;
    if ((rc = stored(st, cc, lang, &text, &len, NULL, &at, &by)) != VG_OK)
        goto done;
    snprintf(name, sizeof name, "store/%c%c.%s.md", cc[0] - 'A' + 'a', cc[1] - 'A' + 'a', lang);
    if ((rc = vg_guide_parse(name, text, len, out, diags)) == VG_OK) {
        (*out)->origin = VG_GUIDE_FROM_STORE;
        (*out)->imported_at = at;
        if (!((*out)->imported_by = vg_arena_strdup((*out)->priv, by ? by : ""))) {
            vg_guide_free(*out);
            *out = NULL;
            rc = vg_error_oom();
        }
    }
done:
    free(text);
    free(by);
    return rc;
}

static int load_path(const char *path, vg_guide **out, vg_guide_diags *diags)
{
    unsigned char *text = NULL;
    size_t len = 0;
    int rc;
    *out = NULL;
    rc = vg_file_read(path, VG_GUIDE_MAX_BYTES, &text, &len);
    if (rc == VG_OK) {
        rc = vg_guide_parse(path, text, len, out, diags);
        if (rc == VG_OK)
            (*out)->origin = VG_GUIDE_FROM_DATA;
    } else if (rc != VG_ENOTFOUND && diags) {
        /* unreadable or too large: the message, as the guide's own */
        vg_gctx c = {path, diags, 0, diags->n, 0};
        vg_gdiag(&c, 0, 0, "%s", vg_error_last());
    }
    free(text);
    return rc;
}

static int load_data(const char *data_dir, const char *cc, const char *lang, vg_guide **out,
                     vg_guide_diags *diags)
{
    char *path;
    int rc;
    *out = NULL;
    if (!data_dir)
        return VG_ENOTFOUND;
    if (!(path = data_path(data_dir, cc, lang)))
        return vg_error_oom();
    rc = load_path(path, out, diags);
    free(path);
    return rc;
}

/* An imported guide: is the data folder's newer? (g->newer_data) */
static int note_newer_data(vg_guide *g, const char *data_dir)
{
    vg_guide *d = NULL;
    vg_guide_diags ignore = {0};
    int rc = VG_OK;
    if (g->origin == VG_GUIDE_FROM_STORE && data_dir &&
        load_data(data_dir, g->country, g->lang, &d, &ignore) == VG_OK &&
        vg_guide_version_cmp(d->version, g->version) > 0 &&
        !(g->newer_data = vg_arena_strdup(g->priv, d->version)))
        rc = vg_error_oom();
    vg_guide_free(d);
    vg_guide_diags_free(&ignore);
    return rc;
}

static int load(vg_store *st, const char *data_dir, const char *cc, const char *lang,
                vg_guide **out, vg_guide_diags *diags)
{
    int rc = load_store(st, cc, lang, out, diags);
    if (rc == VG_ENOTFOUND)
        rc = load_data(data_dir, cc, lang, out, diags);
    else if (rc == VG_OK && (rc = note_newer_data(*out, data_dir)) != VG_OK) {
        vg_guide_free(*out);
        *out = NULL;
    }
    return rc;
}

int vg_guide_get(vg_store *st, const char *data_dir, const char *country, const char *lang,
                 vg_guide **out)
{
    char cc[3];
    int rc;
    *out = NULL;
    if (!norm_country(cc, country))
        return vg_error_set(VG_EINVALID, _("\"%s\" is not a country code (such as CO)"),
                            country ? country : "");
    if (!lang || (strcmp(lang, "fr") && strcmp(lang, "en")))
        return vg_error_set(VG_EINVALID, _("\"%s\" is not fr or en"), lang ? lang : "");
    rc = load(st, data_dir, cc, lang, out, NULL);
    if (rc == VG_ENOTFOUND) {
        rc = load(st, data_dir, cc, other_lang(lang), out, NULL);
        if (rc == VG_OK)
            (*out)->fallback = 1;
    }
    if (rc == VG_ENOTFOUND)
        rc = vg_error_set(VG_ENOTFOUND, _("no country guide for %s"), cc);
    return rc;
}

/* ---- the list ---- */

static int add_key(char (*keys)[6], size_t *n, size_t cap, const char *cc, const char *lang)
{
    char k[6];
    snprintf(k, sizeof k, "%s%s", cc, lang);
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(keys[i], k))
            return 0;
    if (*n == cap)
        return -1;
    memcpy(keys[(*n)++], k, 6);
    return 0;
}

static int key_cmp(const void *a, const void *b)
{
    const char *x = a, *y = b;
    int c = strncmp(x, y, 2);
    if (c)
        return c;
    /* French, the reference, first */
    return -strcmp(x + 2, y + 2);
}

#define MAX_GUIDES 512

int vg_guide_list(vg_store *st, const char *data_dir, vg_guide_entry **out, size_t *n)
{
    char(*keys)[6] = calloc(MAX_GUIDES, 6);
    size_t nk = 0;
    vg_guide_entry *v = NULL;
    int rc = VG_OK;
    *out = NULL;
    *n = 0;
    if (!keys)
        return vg_error_oom();
    if (st) {
        sqlite3_stmt *s = NULL;
        if ((rc = vg_sql_prepare(st, &s, "SELECT DISTINCT country, lang FROM guide")) != VG_OK)
            goto done;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            add_key(keys, &nk, MAX_GUIDES, (const char *)sqlite3_column_text(s, 0),
                    (const char *)sqlite3_column_text(s, 1));
        rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "guide");
        sqlite3_finalize(s);
        if (rc != VG_OK)
            goto done;
    }
    if (data_dir) {
        char *dir = vg_path_join(data_dir, "country-guides");
        DIR *d = dir ? opendir(dir) : NULL;
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            const char *f = e->d_name;
            char cc[3], lang[3];
            if (strlen(f) != 8 || f[2] != '.' || strcmp(f + 5, ".md"))
                continue;
            if (f[0] < 'a' || f[0] > 'z' || f[1] < 'a' || f[1] > 'z' || f[3] < 'a' || f[3] > 'z' ||
                f[4] < 'a' || f[4] > 'z')
                continue;
            cc[0] = (char)(f[0] - 'a' + 'A');
            cc[1] = (char)(f[1] - 'a' + 'A');
            cc[2] = '\0';
            lang[0] = f[3];
            lang[1] = f[4];
            lang[2] = '\0';
            add_key(keys, &nk, MAX_GUIDES, cc, lang);
        }
        if (d)
            closedir(d);
        free(dir);
    }
    qsort(keys, nk, 6, key_cmp);
    if (nk && !(v = calloc(nk, sizeof *v))) {
        rc = vg_error_oom();
        goto done;
    }
    for (size_t i = 0; i < nk; i++) {
        vg_guide_entry *x = &v[i];
        char *path = NULL;
        int r;
        memcpy(x->country, keys[i], 2);
        memcpy(x->lang, keys[i] + 2, 3);
        r = load_store(st, x->country, x->lang, &x->guide, &x->diags);
        if (r == VG_ENOTFOUND) {
            x->origin = VG_GUIDE_FROM_DATA;
            path = data_dir ? data_path(data_dir, x->country, x->lang) : NULL;
            r = path       ? load_path(path, &x->guide, &x->diags)
                : data_dir ? vg_error_oom()
                           : VG_ENOTFOUND;
            x->name = path;
            path = NULL;
        } else {
            char name[32];
            x->origin = VG_GUIDE_FROM_STORE;
            snprintf(name, sizeof name, "store/%c%c.%s.md", x->country[0] - 'A' + 'a',
                     x->country[1] - 'A' + 'a', x->lang);
            x->name = strdup(name);
            if (r == VG_OK)
                r = note_newer_data(x->guide, data_dir);
        }
        if (r == VG_ENOMEM || (r != VG_OK && r != VG_EINVALID && r != VG_ENOTFOUND)) {
            rc = r;
            vg_guide_list_free(v, nk);
            v = NULL;
            goto done;
        }
        if (r != VG_OK && x->diags.errors == 0) {
            vg_gctx c = {x->name ? x->name : "guide", &x->diags, 0, x->diags.n, 0};
            vg_gdiag(&c, 0, 0, "%s", vg_error_last());
        }
    }
    *out = v;
    *n = nk;
    v = NULL;
done:
    free(keys);
    free(v);
    return rc;
}

void vg_guide_list_free(vg_guide_entry *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++) {
        free(list[i].name);
        vg_guide_free(list[i].guide);
        vg_guide_diags_free(&list[i].diags);
    }
    free(list);
}

/* ---- import and history ---- */

int vg_guide_import(vg_store *st, const char *data_dir, const char *name, const void *text,
                    size_t len, vg_guide_diags *diags, vg_guide_import_result *res)
{
    vg_guide *g = NULL, *d = NULL;
    char *old_text = NULL, *old_version = NULL, object[8], detail[96];
    size_t old_len = 0;
    sqlite3_stmt *s = NULL;
    int rc;

    memset(res, 0, sizeof *res);
    if ((rc = vg_guide_parse(name, text, len, &g, diags)) != VG_OK)
        goto done;
    memcpy(res->country, g->country, 3);
    memcpy(res->lang, g->lang, 3);
    snprintf(res->version, sizeof res->version, "%s", g->version);
    rc = stored(st, g->country, g->lang, &old_text, &old_len, &old_version, NULL, NULL);
    if (rc == VG_OK) {
        int cmp = vg_guide_version_cmp(g->version, old_version);
        snprintf(res->previous, sizeof res->previous, "%s", old_version);
        res->previous_origin = VG_GUIDE_FROM_STORE;
        if (old_len == len && !memcmp(old_text, text, len)) {
            res->unchanged = 1;
            goto done;
        }
        if (cmp < 0) {
            rc =
                vg_error_set(VG_EINVALID, _("%s: version %s is older than the imported version %s"),
                             name, g->version, old_version);
            goto done;
        }
        if (cmp == 0) {
            rc = vg_error_set(
                VG_EINVALID,
                _("%s: version %s is already imported with other text: raise the version"), name,
                g->version);
            goto done;
        }
    } else if (rc == VG_ENOTFOUND) {
        vg_guide_diags ignore = {0};
        rc = VG_OK;
        if (load_data(data_dir, g->country, g->lang, &d, &ignore) == VG_OK) {
            int cmp = vg_guide_version_cmp(g->version, d->version);
            snprintf(res->previous, sizeof res->previous, "%s", d->version);
            res->previous_origin = VG_GUIDE_FROM_DATA;
            if (cmp < 0)
                rc = vg_error_set(VG_EINVALID,
                                  _("%s: version %s is older than the data folder's version %s"),
                                  name, g->version, d->version);
            else if (cmp == 0 && (d->text_len != len || memcmp(d->text, text, len)))
                rc = vg_error_set(
                    VG_EINVALID,
                    _("%s: version %s differs from the data folder's guide of the same version: "
                      "raise the version"),
                    name, g->version);
        }
        vg_guide_diags_free(&ignore);
        if (rc != VG_OK)
            goto done;
    } else {
        goto done;
    }
    rc = vg_sql_prepare(st, &s,
                        "INSERT INTO guide (country, lang, version, text, imported_at, imported_by)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_text(s, 1, g->country, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, g->lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, g->version, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, g->text, (int)g->text_len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, vg_now());
    sqlite3_bind_text(s, 6, vg_actor(), -1, SQLITE_STATIC);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "guide");
    if (rc != VG_OK)
        goto done;
    snprintf(object, sizeof object, "%c%c.%s", g->country[0] - 'A' + 'a', g->country[1] - 'A' + 'a',
             g->lang);
    if (res->previous[0])
        snprintf(detail, sizeof detail, "version %s (was %s, %s)", g->version, res->previous,
                 res->previous_origin == VG_GUIDE_FROM_STORE ? "store" : "data");
    else
        snprintf(detail, sizeof detail, "version %s", g->version);
    rc = vg_audit_append(st, "guide.import", object, detail);
done:
    sqlite3_finalize(s);
    vg_guide_free(g);
    vg_guide_free(d);
    free(old_text);
    free(old_version);
    return rc;
}

int vg_guide_import_file(vg_store *st, const char *data_dir, const char *path,
                         vg_guide_diags *diags, vg_guide_import_result *res)
{
    unsigned char *text = NULL;
    size_t len = 0;
    int rc;
    memset(res, 0, sizeof *res);
    if ((rc = vg_file_read(path, VG_GUIDE_MAX_BYTES, &text, &len)) == VG_OK)
        rc = vg_guide_import(st, data_dir, path, text, len, diags, res);
    free(text);
    return rc;
}

int vg_guide_history(vg_store *st, const char *country, vg_guide_version **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_guide_version *v = NULL;
    size_t cap = 0, k = 0;
    char cc[3];
    int rc, seen_fr = 0, seen_en = 0;
    *out = NULL;
    *n = 0;
    if (!norm_country(cc, country))
        return vg_error_set(VG_EINVALID, _("\"%s\" is not a country code (such as CO)"),
                            country ? country : "");
    rc = vg_sql_prepare(
        st, &s,
        "SELECT lang, version, imported_at, imported_by FROM guide WHERE country = ?1"
        " ORDER BY id DESC");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, cc, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_guide_version *x;
        const char *lang = (const char *)sqlite3_column_text(s, 0);
        if (k == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            vg_guide_version *p = realloc(v, ncap * sizeof *p);
            if (!p) {
                rc = SQLITE_NOMEM;
                break;
            }
            v = p;
            cap = ncap;
        }
        x = &v[k++];
        memset(x, 0, sizeof *x);
        memcpy(x->country, cc, 3);
        snprintf(x->lang, sizeof x->lang, "%s", lang ? lang : "");
        x->version = strdup((const char *)sqlite3_column_text(s, 1));
        x->imported_at = sqlite3_column_int64(s, 2);
        x->imported_by = strdup((const char *)sqlite3_column_text(s, 3));
        if (!strcmp(x->lang, "fr") && !seen_fr)
            x->current = seen_fr = 1;
        else if (!strcmp(x->lang, "en") && !seen_en)
            x->current = seen_en = 1;
    }
    if (rc == SQLITE_NOMEM) {
        rc = vg_error_oom();
    } else {
        rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "guide");
    }
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_guide_history_free(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return VG_OK;
}

void vg_guide_history_free(vg_guide_version *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].version);
        free(v[i].imported_by);
    }
    free(v);
}
