/* The document session: one output written by one of three writers, the
 * bookkeeping they share (sheets, tables, rows, column widths), and the
 * careful part: where the bytes go before they are complete.
 *
 * Every output is written inside a private work folder in the store folder
 * (util/workdir.h): a workbook or JSON file there (O_CREAT|O_EXCL|O_NOFOLLOW,
 * 0600, held open; at commit checked to be still the one we created, since
 * libxlsxwriter reopens it by name), a CSV folder there (0700), and
 * libxlsxwriter's own temporary files. At commit: the output is synced,
 * staged beside the target (a copy only when the target is on another file
 * system), the audit entry is committed, and only then does the output take
 * its name (link: no replace; rename or a folder swap with --force). A kill
 * at any point leaves no partial file under the target's name, and nothing
 * that the next export or `vigie check` does not remove (vg_export_sweep). */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utf8proc.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/export.h>
#include <vigie/store.h>

#include "export/export_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/tz.h"
#include "util/workdir.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

char vg_export_csv_separator_parse(const char *text)
{
    if (!text)
        return 0;
    if (!strcmp(text, ";") || !strcmp(text, ","))
        return text[0];
    if (!strcmp(text, "tab") || !strcmp(text, "\t") || !strcmp(text, "\\t"))
        return '\t';
    return 0;
}

int vg_export_format_parse(const char *text, vg_export_format *out)
{
    if (text && !strcmp(text, "xlsx"))
        *out = VG_FORMAT_XLSX;
    else if (text && !strcmp(text, "csv"))
        *out = VG_FORMAT_CSV;
    else if (text && !strcmp(text, "json"))
        *out = VG_FORMAT_JSON;
    else if (text && !strcmp(text, "pdf"))
        *out = VG_FORMAT_PDF;
    else
        return vg_error_set(VG_EINVALID, _("unknown format \"%s\" (xlsx, csv, json, pdf)"),
                            text ? text : "");
    return VG_OK;
}

const char *vg_export_format_name(vg_export_format f)
{
    return f == VG_FORMAT_CSV    ? "csv"
           : f == VG_FORMAT_JSON ? "json"
           : f == VG_FORMAT_PDF  ? "pdf"
                                 : "xlsx";
}

size_t vg_export_text_width(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t w = 0, best = 0;
    if (!s)
        return 0;
    while (*p) {
        utf8proc_int32_t cp;
        if (*p < 0x80) { /* ASCII: one column each (most cells) */
            if (*p == '\n') {
                best = w > best ? w : best;
                w = 0;
            } else {
                w++;
            }
            p++;
            continue;
        }
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) { /* not UTF-8: count the byte */
            p++;
            w++;
            continue;
        }
        p += n;
        if (cp == '\n') {
            best = w > best ? w : best;
            w = 0;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
    }
    return w > best ? w : best;
}

int vg_x_write_error(vg_export *x, const char *what)
{
    x->failed = 1;
    return vg_error_set(VG_ERROR, _("cannot write '%s': %s"), x->path, what);
}

int vg_x_offset(vg_export *x, int64_t t, long *off)
{
    int rc;
    long a, b;
    int64_t from = t - (((t % 3600) + 3600) % 3600);
    if (!x->tz) {
        *off = 0;
        return VG_OK;
    }
    for (size_t i = 0; i < sizeof x->offs / sizeof x->offs[0]; i++)
        if (x->offs[i].used && x->offs[i].from == from) {
            *off = x->offs[i].off;
            return VG_OK;
        }
    /* The zone database is read through TZ (slow): remember an hour whose
     * two ends have the same offset (zones change at most twice a year). */
    if ((rc = vg_tz_offset(&a, from, x->tz)) != VG_OK ||
        (rc = vg_tz_offset(&b, from + 3599, x->tz)) != VG_OK)
        return rc;
    if (a == b) {
        unsigned k = x->next_off++ % (sizeof x->offs / sizeof x->offs[0]);
        x->offs[k].from = from;
        x->offs[k].off = a;
        x->offs[k].used = 1;
        *off = a;
        return VG_OK;
    }
    return vg_tz_offset(off, t, x->tz);
}

void vg_x_format_num(char out[40], double v)
{
    if (v == (double)(long long)v && v > -1e15 && v < 1e15)
        snprintf(out, 40, "%lld", (long long)v);
    else
        snprintf(out, 40, "%.15g", v);
}

void vg_x_csv_num(const vg_export *x, char out[40], double v, int percent)
{
    char *dot;
    if (percent) {
        char n[40];
        /* whole percents keep their precision to a tenth */
        double p = (double)(long long)(v * 1000 + (v < 0 ? -0.5 : 0.5)) / 10;
        vg_x_format_num(n, p);
        snprintf(out, 40, strcmp(x->lang, "fr") ? "%s%%" : "%s %%", n);
    } else {
        vg_x_format_num(out, v);
    }
    if (x->csv_dec != '.' && (dot = strchr(out, '.')) != NULL)
        *dot = x->csv_dec;
}

int vg_x_csv_time(vg_export *x, int64_t t, char out[40])
{
    char iso[40];
    int rc = vg_x_format_time(x, t, iso);
    if (rc != VG_OK)
        return rc;
    /* "2027-02-06T21:30:00-05:00" -> "2027-02-06 21:30" */
    snprintf(out, 40, "%.10s %.5s", iso, iso + 11);
    return VG_OK;
}

int vg_x_format_time(vg_export *x, int64_t t, char out[40])
{
    long off;
    int rc = vg_x_offset(x, t, &off);
    int64_t local = t + off, days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t secs = local - days * 86400;
    int y;
    unsigned m, d;
    long a = off < 0 ? -off : off;
    if (rc != VG_OK)
        return rc;
    vg_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    if (off == 0 && !x->tz)
        snprintf(out, 40, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m % 13, d % 32,
                 (int)(secs / 3600) % 24, (int)(secs / 60 % 60), (int)(secs % 60));
    else
        snprintf(out, 40, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", y, m % 13, d % 32,
                 (int)(secs / 3600) % 24, (int)(secs / 60 % 60), (int)(secs % 60),
                 off < 0 ? '-' : '+', (int)(a / 3600 % 24), (int)(a / 60 % 60));
    return VG_OK;
}

/* ---- where the output goes ----------------------------------------- */

/* 1 if `dir` is a folder holding regular files named *.csv and nothing
 * else: the only kind of folder --force may replace. */
static int is_csv_folder(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int ok = d != NULL;
    while (ok && (e = readdir(d)) != NULL) {
        struct stat sb;
        size_t n = strlen(e->d_name);
        char *p;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (n < 5 || strcmp(e->d_name + n - 4, ".csv") != 0) {
            ok = 0;
            break;
        }
        p = vg_path_join(dir, e->d_name);
        if (!p || lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
            ok = 0;
        free(p);
    }
    if (d)
        closedir(d);
    return ok;
}

/* Refuse early what commit would refuse. */
static int check_target(const vg_export *x)
{
    struct stat sb;
    if (lstat(x->path, &sb) != 0)
        return errno == ENOENT
                   ? VG_OK
                   : vg_error_set(VG_ERROR, _("cannot write '%s': %s"), x->path, strerror(errno));
    if (!x->replace)
        return vg_error_set(VG_EEXISTS, _("'%s' already exists (--force replaces it)"), x->path);
    if (x->format == VG_FORMAT_CSV) {
        if (!S_ISDIR(sb.st_mode) || !is_csv_folder(x->path))
            return vg_error_set(
                VG_EINVALID,
                _("'%s' is not a folder of CSV files: not replaced, even with --force"), x->path);
    } else if (!S_ISREG(sb.st_mode)) {
        return vg_error_set(VG_EINVALID, _("'%s' is not a regular file: not replaced"), x->path);
    }
    return VG_OK;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

int vg_export_open(vg_export **out, const vg_export_opts *o)
{
    vg_export *x = NULL;
    int rc = VG_OK;

    *out = NULL;
    if (!o || !o->path || !*o->path)
        return vg_error_set(VG_EINVALID, "%s", _("no output file given"));
    if (o->tz && !vg_tz_valid(o->tz))
        return vg_error_set(VG_EINVALID, _("unknown time zone \"%s\""), o->tz);
    if (!o->private_dir)
        return vg_error_set(VG_EINVALID, "%s", _("no private folder for temporary files"));
    if (o->store && (!o->audit_action || !o->audit_object))
        return vg_error_set(VG_EINVALID, "%s", _("no audit entry for the export"));
    if (!(x = calloc(1, sizeof *x)))
        return vg_error_oom();
    x->fd = -1;
    /* From here on, until vg_export_free, this thread formats numbers with
     * a '.' whatever the process's locale (see export_internal.h). */
    {
        locale_t base = duplocale(uselocale((locale_t)0));
        if (!base || !(x->numloc = newlocale(LC_NUMERIC_MASK, "C", base))) {
            if (base)
                freelocale(base);
            free(x);
            return vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
        }
        x->prevloc = uselocale(x->numloc);
    }
    x->format = o->format;
    x->paper_size = o->paper;
    x->csv_sep = o->csv_separator                      ? o->csv_separator
                 : (o->lang && !strcmp(o->lang, "fr")) ? ';'
                                                       : ',';
    if (x->csv_sep != ',' && x->csv_sep != ';' && x->csv_sep != '\t') {
        rc = vg_error_set(VG_EINVALID, "%s", _("the CSV separator is ';', ',' or a tab"));
        goto done;
    }
    x->csv_dec = (x->csv_sep != ',' && o->lang && !strcmp(o->lang, "fr")) ? ',' : '.';
    x->replace = o->replace;
    x->created = o->created ? o->created : vg_now();
    x->path = strdup(o->path);
    x->tz = dup_or_null(o->tz);
    x->lang = strdup(o->lang ? o->lang : "en");
    x->title = dup_or_null(o->title);
    x->subject = dup_or_null(o->subject);
    x->author = dup_or_null(o->author);
    x->company = dup_or_null(o->company);
    x->keywords = dup_or_null(o->keywords);
    x->comments = dup_or_null(o->comments);
    x->st = o->store;
    x->audit_action = dup_or_null(o->audit_action);
    x->audit_object = dup_or_null(o->audit_object);
    x->audit_detail = dup_or_null(o->audit_detail);
    if ((o->audit_action && !x->audit_action) || (o->audit_object && !x->audit_object) ||
        (o->audit_detail && !x->audit_detail)) {
        rc = vg_error_oom();
        goto done;
    }
    if (!x->path || !x->lang || (o->tz && !x->tz) || (o->title && !x->title) ||
        (o->subject && !x->subject) || (o->author && !x->author) || (o->company && !x->company) ||
        (o->keywords && !x->keywords) || (o->comments && !x->comments)) {
        rc = vg_error_oom();
        goto done;
    }
    for (size_t n = strlen(x->path); n > 1 && x->path[n - 1] == '/'; n--)
        x->path[n - 1] = '\0';
    if ((rc = check_target(x)) != VG_OK)
        goto done;

    vg_export_sweep(o->private_dir, NULL, NULL);
    if ((rc = vg_workdir_open(&x->work, o->private_dir)) != VG_OK)
        goto done;
    if (!(x->tmp = vg_path_join(vg_workdir_dir(x->work), "out"))) {
        rc = vg_error_oom();
        goto done;
    }
    if (x->format == VG_FORMAT_CSV) {
        if (mkdir(x->tmp, 0700) != 0)
            rc = vg_error_set(VG_ERROR, _("cannot create a private folder in '%s': %s"),
                              o->private_dir, strerror(errno));
        goto done;
    }
    x->fd = open(x->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (x->fd < 0) {
        rc = vg_error_set(VG_ERROR, _("cannot create a private folder in '%s': %s"), o->private_dir,
                          strerror(errno));
        goto done;
    }
    if (x->format == VG_FORMAT_XLSX) {
        if (!(x->lxw_tmpdir = strdup(vg_workdir_dir(x->work)))) {
            rc = vg_error_oom();
            goto done;
        }
        rc = vg_xlsx_open(x);
    } else if (x->format == VG_FORMAT_JSON) {
        rc = vg_json_open(x);
    } /* PDF: laid out in memory, written to the file at commit */
done:
    if (rc != VG_OK) {
        vg_export_free(x);
        return rc;
    }
    *out = x;
    return VG_OK;
}

/* ---- sheets, tables, rows ------------------------------------------ */

static int end_table(vg_export *x)
{
    int rc = VG_OK;
    if (!x->cols)
        return VG_OK;
    switch (x->format) {
    case VG_FORMAT_XLSX:
        rc = vg_xlsx_end_table(x);
        break;
    case VG_FORMAT_CSV:
        rc = vg_csv_end_table(x);
        break;
    case VG_FORMAT_JSON:
        rc = vg_json_end_table(x);
        break;
    case VG_FORMAT_PDF:
        break;
    }
    free(x->cols);
    x->cols = NULL;
    x->ncols = 0;
    free(x->table_key);
    x->table_key = NULL;
    return rc;
}

static int end_sheet(vg_export *x)
{
    int rc = end_table(x);
    if (rc == VG_OK && x->sheet_key) {
        if (x->format == VG_FORMAT_XLSX)
            rc = vg_xlsx_end_sheet(x);
        else if (x->format == VG_FORMAT_JSON)
            rc = vg_json_end_sheet(x);
    }
    free(x->sheet_key);
    x->sheet_key = NULL;
    free(x->widths);
    x->widths = NULL;
    x->nwidths = 0;
    return rc;
}

static int usable(vg_export *x)
{
    if (x->failed || x->committed)
        return vg_error_set(VG_EINVALID, "%s", _("the export has already ended"));
    return VG_OK;
}

static int fail(vg_export *x, int rc)
{
    if (rc != VG_OK)
        x->failed = 1;
    return rc;
}

static int valid_sheet_name(const char *name)
{
    size_t chars = 0;
    if (!name || !*name || name[0] == '\'')
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (strchr("[]:*?/\\", *p) || *p < 0x20)
            return 0;
        if ((*p & 0xc0) != 0x80)
            chars++;
    }
    return chars <= 31 && name[strlen(name) - 1] != '\'';
}

int vg_export_sheet(vg_export *x, const char *key, const char *name)
{
    int rc;
    char **names;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!valid_sheet_name(name))
        return fail(x,
                    vg_error_set(VG_EINVALID, _("\"%s\" cannot name a sheet"), name ? name : ""));
    for (int i = 0; i < x->nsheets; i++)
        if (!strcasecmp(x->names[i], name))
            return fail(x, vg_error_set(VG_EINVALID, _("two sheets are named \"%s\""), name));
    if ((rc = end_sheet(x)) != VG_OK)
        return fail(x, rc);
    if (!(names = realloc(x->names, (size_t)(x->nsheets + 1) * sizeof *names)))
        return fail(x, vg_error_oom());
    x->names = names;
    if (!(x->names[x->nsheets] = strdup(name)) || !(x->sheet_key = strdup(key)))
        return fail(x, vg_error_oom());
    x->nsheets++;
    x->ntables = 0;
    x->row = 0;
    x->titled = 0;
    if (x->format == VG_FORMAT_XLSX)
        rc = vg_xlsx_sheet(x, name);
    else if (x->format == VG_FORMAT_JSON)
        rc = vg_json_sheet(x, name);
    else if (x->format == VG_FORMAT_PDF)
        rc = vg_pdf_sheet(x, name);
    return fail(x, rc);
}

int vg_export_footer(vg_export *x, const char *text)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!text)
        return VG_OK;
    return x->format == VG_FORMAT_XLSX  ? fail(x, vg_xlsx_footer(x, text))
           : x->format == VG_FORMAT_PDF ? fail(x, vg_pdf_footer(x, text))
                                        : VG_OK;
}

int vg_export_title(vg_export *x, const char *title, const char *subtitle)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!x->sheet_key || x->ntables || x->titled)
        return fail(x, vg_error_set(VG_EINVALID, "%s", _("a title comes first in its sheet")));
    x->titled = 1;
    if (x->format == VG_FORMAT_XLSX)
        rc = vg_xlsx_title(x, title, subtitle);
    else if (x->format == VG_FORMAT_JSON)
        rc = vg_json_title(x, title, subtitle);
    else if (x->format == VG_FORMAT_PDF)
        rc = vg_pdf_title(x, title, subtitle);
    x->row += subtitle ? 2 : 1;
    return fail(x, rc);
}

int vg_export_table(vg_export *x, const char *key, const char *title, const vg_xcol *cols,
                    size_t ncols, unsigned flags)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!x->sheet_key || ncols == 0)
        return fail(x, vg_error_set(VG_EINVALID, "%s", _("a table needs a sheet and columns")));
    if ((rc = end_table(x)) != VG_OK)
        return fail(x, rc);
    if (ncols > x->nwidths) {
        double *w = realloc(x->widths, ncols * sizeof *w);
        if (!w)
            return fail(x, vg_error_oom());
        for (size_t i = x->nwidths; i < ncols; i++)
            w[i] = 0;
        x->widths = w;
        x->nwidths = ncols;
    }
    if (!(x->cols = malloc(ncols * sizeof *cols)) || !(x->table_key = strdup(key)))
        return fail(x, vg_error_oom());
    memcpy(x->cols, cols, ncols * sizeof *cols);
    x->ncols = ncols;
    x->tflags = (x->ntables || x->titled) ? flags & ~VG_XT_LIST : flags;
    x->nrows = 0;
    x->noted = 0;
    x->ntables++;
    /* Where it goes in a workbook (the references of formulas need it
     * whatever the format): a blank row after anything above, its title,
     * its header. */
    if (x->row > 0)
        x->row++;
    if (title)
        x->row++;
    x->header_row = x->row;
    if (!(x->tflags & VG_XT_NOHEADER))
        x->row++;
    x->first_row = x->row;
    switch (x->format) {
    case VG_FORMAT_XLSX:
        rc = vg_xlsx_table(x, title);
        break;
    case VG_FORMAT_CSV:
        rc = vg_csv_table(x, title);
        break;
    case VG_FORMAT_JSON:
        rc = vg_json_table(x, title);
        break;
    case VG_FORMAT_PDF:
        rc = vg_pdf_table(x, title);
        break;
    }
    return fail(x, rc);
}

int vg_export_row(vg_export *x, const vg_xcell *cells)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!x->cols || x->noted)
        return fail(x, vg_error_set(VG_EINVALID, "%s", _("a row needs a table")));
    switch (x->format) {
    case VG_FORMAT_XLSX:
        rc = vg_xlsx_row(x, cells);
        break;
    case VG_FORMAT_CSV:
        rc = vg_csv_row(x, cells);
        break;
    case VG_FORMAT_JSON:
        rc = vg_json_row(x, cells);
        break;
    case VG_FORMAT_PDF:
        rc = vg_pdf_row(x, cells);
        break;
    }
    if (rc == VG_OK) {
        x->nrows++;
        x->row++;
    }
    return fail(x, rc);
}

int vg_export_note(vg_export *x, const char *text, unsigned style)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!x->cols)
        return fail(x, vg_error_set(VG_EINVALID, "%s", _("a note needs a table")));
    x->noted = 1;
    if (x->format == VG_FORMAT_XLSX)
        rc = vg_xlsx_note(x, text, style);
    else if (x->format == VG_FORMAT_JSON)
        rc = vg_json_note(x, text);
    else if (x->format == VG_FORMAT_PDF)
        rc = vg_pdf_note(x, text, style);
    x->row++;
    return fail(x, rc);
}

size_t vg_export_rows(const vg_export *x)
{
    return x->nrows;
}

static void col_name(size_t col, char *out)
{
    char tmp[8];
    int n = 0;
    col++;
    while (col && n < 7) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

void vg_export_ref(const vg_export *x, size_t col, char out[16])
{
    char c[8];
    col_name(col % 16384, c);
    snprintf(out, 16, "%.3s%u", c, (unsigned)(x->row % 1048576) + 1);
}

void vg_export_range(const vg_export *x, size_t col, int sheet, char out[128])
{
    char c[8], q[80] = "";
    uint32_t first = x->first_row, last = x->nrows ? x->first_row + (uint32_t)x->nrows - 1 : 0;
    col_name(col, c);
    if (!x->nrows)
        first = last = x->header_row;
    if (sheet && x->nsheets) {
        /* quote the name, doubling its quotes */
        const char *n = x->names[x->nsheets - 1];
        size_t k = 0;
        q[k++] = '\'';
        for (; *n && k < sizeof q - 4; n++) {
            if (*n == '\'')
                q[k++] = '\'';
            q[k++] = *n;
        }
        q[k++] = '\'';
        q[k++] = '!';
        q[k] = '\0';
    }
    snprintf(out, 128, "%s$%s$%lu:$%s$%lu", q, c, (unsigned long)first + 1, c,
             (unsigned long)last + 1);
}

int vg_export_bands(vg_export *x, size_t col)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!x->cols || col >= x->ncols)
        return fail(x, vg_error_set(VG_EINVALID, "%s", _("no such column")));
    return x->format == VG_FORMAT_XLSX ? fail(x, vg_xlsx_bands(x, col)) : VG_OK;
}

int vg_export_levels(vg_export *x, size_t col, const char *const *choices, size_t nchoices)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!x->cols || col >= x->ncols)
        return fail(x, vg_error_set(VG_EINVALID, "%s", _("no such column")));
    return x->format == VG_FORMAT_XLSX ? fail(x, vg_xlsx_levels(x, col, choices, nchoices)) : VG_OK;
}

int vg_export_chart(vg_export *x, const char *title, size_t cat_col, size_t val_col, double max,
                    const char *axis_title)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!x->cols || cat_col >= x->ncols || val_col >= x->ncols)
        return fail(x, vg_error_set(VG_EINVALID, "%s", _("no such column")));
    return x->format == VG_FORMAT_XLSX
               ? fail(x, vg_xlsx_chart(x, title, cat_col, val_col, max, axis_title))
               : VG_OK;
}

/* ---- commit ---------------------------------------------------------- */

/* The temporary file is still the one we created and hold open. */
static int same_file(vg_export *x)
{
    struct stat a, b;
    if (fstat(x->fd, &a) != 0 || lstat(x->tmp, &b) != 0 || !S_ISREG(b.st_mode) ||
        a.st_dev != b.st_dev || a.st_ino != b.st_ino)
        return vg_error_set(VG_EINTEGRITY, _("'%s' was replaced while it was written"), x->tmp);
    if (fchmod(x->fd, 0600) != 0)
        return vg_error_set(VG_ERROR, _("cannot write '%s': %s"), x->path, strerror(errno));
    return VG_OK;
}

int vg_export_sweep(const char *store_dir, void (*note)(const char *path, void *payload),
                    void *payload)
{
    return vg_workdir_sweep(store_dir, note, payload);
}

/* The complete output: staged beside the target, audited, then named. */
static int publish(vg_export *x)
{
    int rc;
    if (x->format == VG_FORMAT_CSV) {
        if ((rc = vg_fsync_dir(x->tmp)) != VG_OK)
            return rc;
    } else if (fsync(x->fd) != 0) {
        return vg_error_set(VG_ERROR, _("cannot write '%s': %s"), x->path, strerror(errno));
    }
    /* --force: what is there is still something we may replace */
    if ((rc = check_target(x)) != VG_OK ||
        (rc = vg_workdir_stage(x->work, x->tmp, x->path)) != VG_OK)
        return rc;
    if (x->st) {
        /* audit first: an export that is not in the audit log never exists */
        if ((rc = vg_store_begin(x->st)) != VG_OK)
            return rc;
        if ((rc = vg_audit_append(x->st, x->audit_action, x->audit_object,
                                  x->audit_detail ? x->audit_detail : "")) != VG_OK ||
            (rc = vg_store_commit(x->st)) != VG_OK) {
            vg_store_rollback(x->st);
            return rc;
        }
    }
    return vg_workdir_publish(x->work, x->path, x->replace);
}

int vg_export_commit(vg_export *x)
{
    int rc;
    if ((rc = usable(x)) != VG_OK)
        return rc;
    if (!x->nsheets)
        return fail(x, vg_error_set(VG_EINVALID, "%s", _("the document has no sheet")));
    if ((rc = end_sheet(x)) != VG_OK)
        return fail(x, rc);
    switch (x->format) {
    case VG_FORMAT_XLSX:
        rc = vg_xlsx_close(x);
        break;
    case VG_FORMAT_JSON:
        rc = vg_json_close(x);
        break;
    case VG_FORMAT_PDF:
        rc = vg_pdf_close(x); /* the whole PDF into the private file */
        break;
    case VG_FORMAT_CSV:
        break;
    }
    if (rc != VG_OK || (x->format != VG_FORMAT_CSV && (rc = same_file(x)) != VG_OK) ||
        (rc = publish(x)) != VG_OK)
        return fail(x, rc);
    x->committed = 1;
    return VG_OK;
}

void vg_export_free(vg_export *x)
{
    if (!x)
        return;
    free(x->cols);
    free(x->table_key);
    free(x->sheet_key);
    free(x->widths);
    if (x->format == VG_FORMAT_XLSX)
        vg_xlsx_free(x);
    if (x->format == VG_FORMAT_PDF)
        vg_pdf_free(x);
    if (x->out)
        fclose(x->out);
    if (x->fd >= 0)
        close(x->fd);
    vg_workdir_free(x->work); /* the output unless published, and a staged copy */
    for (int i = 0; i < x->nsheets; i++)
        free(x->names[i]);
    free(x->names);
    free(x->lxw_tmpdir);
    free(x->tmp);
    free(x->path);
    free(x->tz);
    free(x->lang);
    free(x->title);
    free(x->subject);
    free(x->author);
    free(x->company);
    free(x->keywords);
    free(x->comments);
    free(x->audit_action);
    free(x->audit_object);
    free(x->audit_detail);
    if (x->numloc) {
        uselocale(x->prevloc);
        freelocale(x->numloc);
    }
    free(x);
}
