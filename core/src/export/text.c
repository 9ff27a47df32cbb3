/* The CSV and JSON writers: the same sheets, tables and rows as the
 * workbook, without the formatting.
 *
 * CSV (RFC 4180, with the separator of the user's spreadsheet): one file
 * per table in the export's folder, UTF-8 with a byte-order mark (so that
 * Excel reads the accents), CRLF line ends, fields quoted when they hold
 * the separator, a quote, a line break or spaces at an end. Excel opens a
 * double-clicked CSV with the list separator of its regional settings:
 * ';' in French (Canada), ',' in English, so the separator follows the
 * document's language unless the user chose one; with ';' (or a tab) a
 * French file writes its decimals with a comma ("2,4"), as Excel fr-CA
 * reads them. A free-text value that a spreadsheet would take for a
 * formula (it starts with =, +, -, @ or a tab) is written after an
 * apostrophe, as OWASP advises against CSV injection; ids and phone
 * numbers are not free text. Dates are YYYY-MM-DD, times
 * "YYYY-MM-DD HH:MM" in the document's zone (both read as dates by Excel
 * and LibreOffice in either language), fractions as percentages ("60 %"),
 * formulas their value.
 *
 * JSON (one file, streamed):
 *   {"format": "vigie-export/1", "title", "subject", "author", "lang",
 *    "generated_at", "sheets": [{"key", "name", "title"?, "subtitle"?,
 *    "tables": [{"key", "title", "columns": [{"key", "label", "type"}],
 *                "rows": [{column key: value}], "notes"?: [text]}]}]}
 * Values: text as strings, numbers as numbers, dates and times as strings,
 * empty cells as null. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vigie/clock.h>
#include <vigie/error.h>

#include "export/export_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- CSV ------------------------------------------------------------- */

static int csv_field(FILE *f, const char *s, int guard, char sep)
{
    size_t n = strlen(s);
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    int apos = guard && n && strchr("=+-@\t\r", s[0]) != NULL;
    for (const char *p = s; *p && !quote; p++)
        if (*p == sep || *p == '"' || *p == '\n' || *p == '\r')
            quote = 1;
    if (quote && fputc('"', f) == EOF)
        return -1;
    if (apos && fputc('\'', f) == EOF)
        return -1;
    for (const char *p = s; *p; p++) {
        if (*p == '"' && quote && fputc('"', f) == EOF)
            return -1;
        if (fputc(*p, f) == EOF)
            return -1;
    }
    if (quote && fputc('"', f) == EOF)
        return -1;
    return 0;
}

/* A piece of a file name from a name people read ("Registre des risques"
 * -> "registre-des-risques"): accents and case folded, every run of other
 * characters one hyphen, nothing after a colon, at most `cap` - 1 bytes,
 * cut between words (or characters). Empty when nothing is left. */
static void file_word(char *out, size_t cap, const char *text)
{
    char buf[160], *k = NULL;
    size_t n = 0, len;
    out[0] = '\0';
    if (!text)
        return;
    /* "Participant·e·s" -> "participantes"; "Prête à partir : non" (a
     * title that says a state) -> "prete-a-partir" */
    for (const char *p = text; *p && *p != ':' && n + 1 < sizeof buf; p++) {
        if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xb7) {
            p++;
            continue;
        }
        buf[n++] = *p;
    }
    if (n + 1 == sizeof buf) /* cut: not inside a character */
        while (n > 0 && ((unsigned char)buf[n - 1] & 0x80) && !((unsigned char)buf[n - 1] & 0x40))
            n--;
    if (n + 1 < sizeof buf && n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0xc0)
        n--;
    buf[n] = '\0';
    if (!(k = vg_text_key(buf, VG_KEY_NAME)))
        return;
    len = strlen(k);
    n = len < cap - 1 ? len : cap - 1;
    if (n < len && k[n] != ' ') /* cut between words when it can */
        for (size_t i = n; i > 0; i--)
            if (k[i - 1] == ' ') {
                n = i - 1;
                break;
            }
    while (n > 0 && n < len && ((unsigned char)k[n] & 0xc0) == 0x80)
        n--; /* not inside a character */
    while (n > 0 && k[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < n; i++)
        out[i] = k[i] == ' ' ? '-' : k[i];
    out[n] = '\0';
    free(k);
}

/* The file of a table, named in the document's language: "NN-sheet.csv"
 * for a sheet's first table, "NN-sheet-table.csv" for the next ones (the
 * table's title, else its number in the sheet). NN orders them as the
 * workbook's sheets. */
int vg_csv_table(vg_export *x, const char *title)
{
    char name[160], sheet[41], table[41], *path = NULL;
    int fd, rc = VG_OK;
    file_word(sheet, sizeof sheet, x->names[x->nsheets - 1]);
    if (!*sheet)
        snprintf(sheet, sizeof sheet, "%s", x->sheet_key);
    file_word(table, sizeof table, title);
    if (!*table)
        snprintf(table, sizeof table, "%d", x->ntables);
    if (x->ntables == 1)
        snprintf(name, sizeof name, "%02d-%s.csv", x->nsheets, sheet);
    else
        snprintf(name, sizeof name, "%02d-%s-%s.csv", x->nsheets, sheet, table);
    if (!(path = vg_path_join(x->tmp, name)))
        return vg_error_oom();
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || !(x->out = fdopen(fd, "w"))) {
        rc = vg_error_set(VG_ERROR, _("cannot create '%s': %s"), name, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto done;
    }
    if (fputs("\xef\xbb\xbf", x->out) == EOF)
        rc = vg_x_write_error(x, strerror(errno));
    for (size_t c = 0; rc == VG_OK && c < x->ncols; c++)
        if ((c && fputc(x->csv_sep, x->out) == EOF) ||
            csv_field(x->out, x->cols[c].label, 1, x->csv_sep) != 0)
            rc = vg_x_write_error(x, strerror(errno));
    if (rc == VG_OK && fputs("\r\n", x->out) == EOF)
        rc = vg_x_write_error(x, strerror(errno));
done:
    free(path);
    return rc;
}

static int cell_text(vg_export *x, const vg_xcell *v, vg_col_type t, char buf[40], const char **out)
{
    int rc = VG_OK;
    *out = buf;
    buf[0] = '\0';
    switch (v->kind) {
    case VG_XC_TEXT:
        *out = v->text;
        break;
    case VG_XC_NUM:
        vg_x_csv_num(x, buf, v->num, t == VG_COL_PERCENT);
        break;
    case VG_XC_DATE:
        vg_date_format(buf, (int32_t)v->i);
        break;
    case VG_XC_TIME:
        rc = vg_x_csv_time(x, v->i, buf);
        break;
    case VG_XC_FORMULA:
        if (v->text)
            *out = v->text;
        else
            vg_x_csv_num(x, buf, v->num, t == VG_COL_PERCENT);
        break;
    case VG_XC_EMPTY:
        break;
    }
    return rc;
}

int vg_csv_row(vg_export *x, const vg_xcell *cells)
{
    char buf[40];
    const char *s;
    int rc;
    for (size_t c = 0; c < x->ncols; c++) {
        int guard =
            (cells[c].kind == VG_XC_TEXT || (cells[c].kind == VG_XC_FORMULA && cells[c].text)) &&
            x->cols[c].type != VG_COL_ID;
        if ((rc = cell_text(x, &cells[c], x->cols[c].type, buf, &s)) != VG_OK)
            return rc;
        if ((c && fputc(x->csv_sep, x->out) == EOF) || csv_field(x->out, s, guard, x->csv_sep) != 0)
            return vg_x_write_error(x, strerror(errno));
    }
    if (fputs("\r\n", x->out) == EOF)
        return vg_x_write_error(x, strerror(errno));
    return VG_OK;
}

int vg_csv_end_table(vg_export *x)
{
    FILE *f = x->out;
    int bad;
    if (!f)
        return VG_OK;
    x->out = NULL;
    bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
    if (fclose(f) != 0 || bad)
        return vg_x_write_error(x, strerror(errno));
    return VG_OK;
}

/* ---- JSON ------------------------------------------------------------ */

static void jstr(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

static void jkstr(FILE *f, const char *k, const char *v)
{
    jstr(f, k);
    fputc(':', f);
    if (v)
        jstr(f, v);
    else
        fputs("null", f);
}

static int jcheck(vg_export *x)
{
    return ferror(x->out) ? vg_x_write_error(x, strerror(errno)) : VG_OK;
}

int vg_json_open(vg_export *x)
{
    int fd = dup(x->fd);
    char when[32];
    if (fd < 0 || !(x->out = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        return vg_x_write_error(x, strerror(errno));
    }
    vg_time_format_utc(when, x->created);
    fputs("{", x->out);
    jkstr(x->out, "format", "vigie-export/1");
    fputc(',', x->out);
    jkstr(x->out, "title", x->title);
    fputc(',', x->out);
    jkstr(x->out, "subject", x->subject);
    fputc(',', x->out);
    jkstr(x->out, "author", x->author);
    fputc(',', x->out);
    jkstr(x->out, "lang", x->lang);
    fputc(',', x->out);
    jkstr(x->out, "generated_at", when);
    fputc(',', x->out);
    jkstr(x->out, "time_zone", x->tz ? x->tz : "UTC");
    fputs(",\"sheets\":[", x->out);
    return jcheck(x);
}

int vg_json_sheet(vg_export *x, const char *name)
{
    fputs(x->j_nsheets++ ? ",\n{" : "\n{", x->out);
    jkstr(x->out, "key", x->sheet_key);
    fputc(',', x->out);
    jkstr(x->out, "name", name);
    x->j_tables_open = 0;
    x->j_ntables = 0;
    return jcheck(x);
}

int vg_json_title(vg_export *x, const char *title, const char *subtitle)
{
    fputc(',', x->out);
    jkstr(x->out, "title", title);
    if (subtitle) {
        fputc(',', x->out);
        jkstr(x->out, "subtitle", subtitle);
    }
    return jcheck(x);
}

static const char *type_name(vg_col_type t)
{
    static const char *names[] = {"text",     "id",   "integer",  "number",
                                  "fraction", "date", "datetime", "level"};
    return (unsigned)t < sizeof names / sizeof *names ? names[t] : "text";
}

int vg_json_table(vg_export *x, const char *title)
{
    FILE *f = x->out;
    if (!x->j_tables_open) {
        fputs(",\"tables\":[", f);
        x->j_tables_open = 1;
    }
    fputs(x->j_ntables++ ? ",\n{" : "\n{", f);
    jkstr(f, "key", x->table_key);
    fputc(',', f);
    jkstr(f, "title", title);
    fputs(",\"columns\":[", f);
    for (size_t c = 0; c < x->ncols; c++) {
        fputs(c ? ",{" : "{", f);
        jkstr(f, "key", x->cols[c].key);
        fputc(',', f);
        jkstr(f, "label", x->cols[c].label);
        fputc(',', f);
        jkstr(f, "type", type_name(x->cols[c].type));
        fputc('}', f);
    }
    fputs("],\"rows\":[", f);
    x->j_nrows = 0;
    x->j_notes_open = 0;
    x->j_nnotes = 0;
    return jcheck(x);
}

int vg_json_row(vg_export *x, const vg_xcell *cells)
{
    FILE *f = x->out;
    char buf[40];
    int rc;
    fputs(x->j_nrows++ ? ",\n{" : "\n{", f);
    for (size_t c = 0; c < x->ncols; c++) {
        const vg_xcell *v = &cells[c];
        if (c)
            fputc(',', f);
        jstr(f, x->cols[c].key);
        fputc(':', f);
        switch (v->kind) {
        case VG_XC_EMPTY:
            fputs("null", f);
            break;
        case VG_XC_NUM:
            vg_x_format_num(buf, v->num);
            fputs(buf, f);
            break;
        case VG_XC_FORMULA:
            if (v->text && !*v->text) {
                fputs("null", f); /* a formula whose value is "" (a residual not assessed) */
            } else if (v->text) {
                jstr(f, v->text);
            } else {
                vg_x_format_num(buf, v->num);
                fputs(buf, f);
            }
            break;
        case VG_XC_TEXT:
            jstr(f, v->text);
            break;
        case VG_XC_DATE:
            vg_date_format(buf, (int32_t)v->i);
            jstr(f, buf);
            break;
        case VG_XC_TIME:
            if ((rc = vg_x_format_time(x, v->i, buf)) != VG_OK)
                return rc;
            jstr(f, buf);
            break;
        }
    }
    fputc('}', f);
    return jcheck(x);
}

int vg_json_note(vg_export *x, const char *text)
{
    if (!x->j_notes_open) {
        fputs("],\"notes\":[", x->out);
        x->j_notes_open = 1;
    }
    if (x->j_nnotes++)
        fputc(',', x->out);
    jstr(x->out, text);
    return jcheck(x);
}

int vg_json_end_table(vg_export *x)
{
    fputs(x->j_notes_open ? "]}" : "]}", x->out);
    return jcheck(x);
}

int vg_json_end_sheet(vg_export *x)
{
    fputs(x->j_tables_open ? "]}" : ",\"tables\":[]}", x->out);
    return jcheck(x);
}

int vg_json_close(vg_export *x)
{
    FILE *f = x->out;
    int bad;
    x->out = NULL;
    fputs("\n]}\n", f);
    bad = fflush(f) != 0 || ferror(f);
    if (fclose(f) != 0 || bad)
        return vg_x_write_error(x, strerror(errno));
    return VG_OK;
}
