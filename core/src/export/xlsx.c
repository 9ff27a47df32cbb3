/* The workbook writer: libxlsxwriter in constant_memory mode (each row goes
 * to a temporary file in the private tmpdir as the next one starts, so a
 * million-row check-in log never sits in memory). Rows are written in
 * order, which the session guarantees; column widths, freeze panes,
 * filters, conditional formats, validations and charts are recorded on the
 * way and written by libxlsxwriter when the workbook closes. */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <vigie/error.h>

#include "export/export_internal.h"
#include "util/i18n.h"

#if LXW_VERSION_ID < 110
#error "libxlsxwriter 1.1.0 or later is needed (worksheet_write_formula_str, tmpdir)"
#endif

/* Excel's day 0 is 1899-12-30: day numbers since 1970-01-01 move by this. */
#define EXCEL_EPOCH 25569.0
#define MAX_WIDTH   60.0
#define MAX_CHARS   32000 /* Excel holds at most 32767 characters in a cell */

enum { F_TEXT, F_ID, F_INT, F_NUM, F_PERCENT, F_DATE, F_TIME, F_LEVEL };

typedef struct {
    unsigned key;
    lxw_format *f;
} fmt_entry;

struct vg_xlsx {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *header, *title, *subtitle, *table_title;
    fmt_entry *fmts;
    size_t nfmts, capfmts;
    int has_list; /* the sheet's first table is a list: frozen and filtered */
    int charts;   /* charts in the sheet, to place them */
    double cap;   /* the current table's widest text column before it wraps */
    char *footer; /* the centre of every sheet's footer, escaped ("&&") */

    /* Paper: every row's height and whether it must stay on the same page as
     * the next one (a title with its header, a header with the first row,
     * the row before a total with it), to paginate the sheet at its end. */
    struct prow {
        float h;      /* points; 0: the default 15 */
        uint8_t keep; /* keep with the next row */
    } * rows;
    size_t nrows, caprows;
    int untracked;        /* too many rows to paginate by hand: Excel's own breaks */
    uint32_t tstart;      /* first row of the current table (its title or header) */
    uint32_t list_header; /* the header row repeated on every page */
    double chart_w;       /* points of charts to the right of the tables */
    double over_w;        /* points of the widest title or note, which run on */
    uint32_t chart_to;    /* the last row a chart reaches */
};

#define DEFAULT_ROW 15.0
#define TRACK_ROWS  60000 /* beyond this a sheet prints with automatic breaks */

static void overflow(struct vg_xlsx *xl, const char *s, double pt);

static const struct {
    lxw_color_t fill, font;
} bands[5] = {{0, 0},
              {0xC6EFCE, 0x006100},  /* low */
              {0xFFEB9C, 0x7F4F00},  /* medium */
              {0xF8CBAD, 0x833C0C},  /* high */
              {0xC00000, 0xFFFFFF}}; /* critical */

static const struct {
    lxw_color_t fill, font;
} levels[8] = {{0, 0},
               {0xF8696B, 0x000000},  /* 1 initial */
               {0xFCB97A, 0x000000},  /* 2 */
               {0xFFE699, 0x000000},  /* 3 */
               {0xC6E0B4, 0x000000},  /* 4 */
               {0x63BE7B, 0x000000},  /* 5 optimised */
               {0xD9D9D9, 0x9C0006},  /* unknown: a gap */
               {0xF2F2F2, 0x767171}}; /* N/A */

#define HEADER_FILL 0x1F4E78
#define TITLE_FONT  0x1F4E78

static int lxw_fail(vg_export *x, lxw_error e)
{
    return vg_x_write_error(x, lxw_strerror(e));
}

static int ftype(vg_col_type t)
{
    switch (t) {
    case VG_COL_ID:
        return F_ID;
    case VG_COL_INT:
        return F_INT;
    case VG_COL_NUM:
        return F_NUM;
    case VG_COL_PERCENT:
        return F_PERCENT;
    case VG_COL_DATE:
        return F_DATE;
    case VG_COL_DATETIME:
        return F_TIME;
    case VG_COL_LEVEL:
        return F_LEVEL;
    default:
        return F_TEXT;
    }
}

/* The format of a cell of type `t` with style `s`, made once and reused. */
static lxw_format *fmt(vg_export *x, int t, unsigned s)
{
    struct vg_xlsx *xl = x->xl;
    unsigned key = ((unsigned)t << 24) | (s & 0xffffffu);
    lxw_format *f;
    unsigned band = VG_XS_BAND_OF(s), level = VG_XS_LEVEL_OF(s);

    for (size_t i = 0; i < xl->nfmts; i++)
        if (xl->fmts[i].key == key)
            return xl->fmts[i].f;
    if (xl->nfmts == xl->capfmts) {
        size_t cap = xl->capfmts ? xl->capfmts * 2 : 32;
        fmt_entry *e = realloc(xl->fmts, cap * sizeof *e);
        if (!e)
            return NULL;
        xl->fmts = e;
        xl->capfmts = cap;
    }
    if (!(f = workbook_add_format(xl->wb)))
        return NULL;
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    switch (t) {
    case F_ID:
        format_set_num_format(f, "@");
        break;
    case F_INT:
        format_set_num_format(f, "0");
        break;
    case F_NUM:
        format_set_num_format(f, "0.0");
        break;
    case F_PERCENT:
        format_set_num_format(f, "0%");
        break;
    case F_DATE:
        format_set_num_format(f, "yyyy-mm-dd");
        break;
    case F_TIME:
        format_set_num_format(f, "yyyy-mm-dd hh:mm");
        break;
    case F_LEVEL:
        format_set_num_format(f, "0");
        format_set_align(f, LXW_ALIGN_CENTER);
        break;
    }
    if (s & (VG_XS_BOLD | VG_XS_TOTAL | VG_XS_ALERT | VG_XS_HEAD))
        format_set_bold(f);
    if (s & VG_XS_TOTAL)
        format_set_top(f, LXW_BORDER_THIN);
    if (s & VG_XS_MUTED) {
        format_set_italic(f);
        format_set_font_color(f, 0x767171);
    }
    if (s & VG_XS_WRAP)
        format_set_text_wrap(f);
    if (s & VG_XS_ALERT)
        format_set_font_color(f, 0x9C0006);
    if (s & VG_XS_GOOD)
        format_set_font_color(f, 0x006100);
    if (s & VG_XS_CENTER)
        format_set_align(f, LXW_ALIGN_CENTER);
    if (s & VG_XS_LEFT)
        format_set_align(f, LXW_ALIGN_LEFT);
    if (s & VG_XS_HEAD) {
        format_set_bg_color(f, 0xDDEBF7);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, 0xBFBFBF);
    }
    if (band >= 1 && band <= 4) {
        if (t == F_INT)
            format_set_num_format(f, "0;-0;;@"); /* a zero count stays blank on its colour */
        format_set_bg_color(f, bands[band].fill);
        format_set_font_color(f, bands[band].font);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, 0xFFFFFF);
        if (band == 4)
            format_set_bold(f);
    }
    if (level >= 1 && level <= 7) {
        format_set_bg_color(f, levels[level].fill);
        format_set_font_color(f, levels[level].font);
        format_set_align(f, LXW_ALIGN_CENTER);
    }
    xl->fmts[xl->nfmts].key = key;
    xl->fmts[xl->nfmts].f = f;
    xl->nfmts++;
    return f;
}

/* Record row r's height (0: unchanged) and keep flag (or-ed). */
static void track(struct vg_xlsx *xl, uint32_t r, double h, int keep)
{
    if (xl->untracked)
        return;
    if (r >= TRACK_ROWS) {
        xl->untracked = 1;
        free(xl->rows);
        xl->rows = NULL;
        xl->nrows = xl->caprows = 0;
        return;
    }
    if (r >= xl->caprows) {
        size_t cap = xl->caprows ? xl->caprows : 64;
        struct prow *n;
        while (cap <= r)
            cap *= 2;
        if (!(n = realloc(xl->rows, cap * sizeof *n))) {
            xl->untracked = 1; /* paper is a nicety: never fail the export for it */
            free(xl->rows);
            xl->rows = NULL;
            xl->nrows = xl->caprows = 0;
            return;
        }
        memset(n + xl->caprows, 0, (cap - xl->caprows) * sizeof *n);
        xl->rows = n;
        xl->caprows = cap;
    }
    if (r >= xl->nrows)
        xl->nrows = r + 1;
    if (h > 0)
        xl->rows[r].h = (float)h;
    if (keep)
        xl->rows[r].keep = 1;
}

static void set_row(vg_export *x, uint32_t r, double h)
{
    worksheet_set_row(x->xl->ws, r, h, NULL);
    track(x->xl, r, h, 0);
}

int vg_xlsx_footer(vg_export *x, const char *text)
{
    struct vg_xlsx *xl = x->xl;
    size_t n = 0, k = 0;
    char *f;
    for (const char *p = text; *p; p++)
        n += *p == '&' ? 2 : 1;
    if (!(f = malloc(n + 1)))
        return vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
    for (const char *p = text; *p; p++) {
        if (*p == '&')
            f[k++] = '&';
        f[k++] = *p;
    }
    f[k] = '\0';
    free(xl->footer);
    xl->footer = f;
    return VG_OK;
}

int vg_xlsx_open(vg_export *x)
{
    struct vg_xlsx *xl = calloc(1, sizeof *xl);
    lxw_workbook_options o = {
        .constant_memory = LXW_TRUE, .tmpdir = x->lxw_tmpdir, .use_zip64 = LXW_FALSE};
    lxw_doc_properties p = {0};
    lxw_error e;

    if (!xl)
        return vg_error_oom();
    x->xl = xl;
    if (!(xl->wb = workbook_new_opt(x->tmp, &o)))
        return vg_x_write_error(x, _("libxlsxwriter cannot start a workbook"));
    p.title = x->title;
    p.subject = x->subject;
    p.author = x->author;
    p.company = x->company;
    p.keywords = x->keywords;
    p.comments = x->comments;
    p.created = (time_t)x->created;
    if ((e = workbook_set_properties(xl->wb, &p)) != LXW_NO_ERROR)
        return lxw_fail(x, e);
    workbook_set_custom_property_string(xl->wb, "Language", x->lang);

    xl->header = workbook_add_format(xl->wb);
    xl->title = workbook_add_format(xl->wb);
    xl->subtitle = workbook_add_format(xl->wb);
    xl->table_title = workbook_add_format(xl->wb);
    if (!xl->header || !xl->title || !xl->subtitle || !xl->table_title)
        return vg_error_oom();
    format_set_bold(xl->header);
    format_set_font_color(xl->header, 0xFFFFFF);
    format_set_bg_color(xl->header, HEADER_FILL);
    format_set_align(xl->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(xl->header);
    format_set_border(xl->header, LXW_BORDER_THIN);
    format_set_border_color(xl->header, 0xFFFFFF);
    format_set_bold(xl->title);
    format_set_font_size(xl->title, 16);
    format_set_font_color(xl->title, TITLE_FONT);
    format_set_italic(xl->subtitle);
    format_set_font_color(xl->subtitle, 0x595959);
    format_set_bold(xl->table_title);
    format_set_font_size(xl->table_title, 12);
    format_set_font_color(xl->table_title, TITLE_FONT);
    format_set_bottom(xl->table_title, LXW_BORDER_MEDIUM);
    format_set_bottom_color(xl->table_title, TITLE_FONT);
    return VG_OK;
}

int vg_xlsx_sheet(vg_export *x, const char *name)
{
    struct vg_xlsx *xl = x->xl;
    char footer[256];
    if (!(xl->ws = workbook_add_worksheet(xl->wb, name)))
        return vg_x_write_error(x, _("libxlsxwriter refused a sheet"));
    xl->has_list = 0;
    xl->charts = 0;
    xl->chart_w = 0;
    xl->chart_to = 0;
    xl->over_w = 0;
    xl->nrows = 0;
    xl->untracked = 0;
    if (xl->rows)
        memset(xl->rows, 0, xl->caprows * sizeof *xl->rows);
    /* Paper (the orientation, scale and page breaks when the sheet ends):
     * Letter, as in Québec; the footer names the sheet, the document (the
     * delegation and the profile) and the page. Excel refuses a footer
     * longer than 255 characters: the document's part is cut first. */
    worksheet_set_paper(xl->ws, 1);
    worksheet_set_margins(xl->ws, 0.4, 0.4, 0.6, 0.6);
    if (xl->footer)
        snprintf(footer, sizeof footer, "&L&A&C%.200s&R&P / &N", xl->footer);
    else
        snprintf(footer, sizeof footer, "&L&A&R&P / &N");
    /* never end on half an escape or half a UTF-8 character */
    {
        size_t n = strlen(footer);
        if (xl->footer && strlen(xl->footer) > 200) {
            char *c = strstr(footer, "&R&P");
            size_t cut = (size_t)(c - footer), k = cut;
            while (k > 0 && (footer[k - 1] & 0xc0) == 0x80)
                k--;
            if (k > 0 && (unsigned char)footer[k - 1] >= 0xc0)
                k--;
            memmove(footer + k, c, n - cut + 1);
        }
    }
    worksheet_set_footer(xl->ws, footer);
    return VG_OK;
}

int vg_xlsx_title(vg_export *x, const char *title, const char *subtitle)
{
    struct vg_xlsx *xl = x->xl;
    lxw_error e;
    set_row(x, x->row, 24);
    track(xl, x->row, 0, 1);
    overflow(xl, title, 8.2); /* Calibri 16 bold */
    overflow(xl, subtitle, 5.4);
    if (subtitle)
        track(xl, x->row + 1, 0, 1);
    if ((e = worksheet_write_string(xl->ws, x->row, 0, title, xl->title)) != LXW_NO_ERROR)
        return lxw_fail(x, e);
    if (subtitle &&
        (e = worksheet_write_string(xl->ws, x->row + 1, 0, subtitle, xl->subtitle)) != LXW_NO_ERROR)
        return lxw_fail(x, e);
    return VG_OK;
}

static void account(vg_export *x, size_t col, double w)
{
    if (col < x->nwidths && w > x->widths[col])
        x->widths[col] = w;
}

/* How many lines a wrapped text takes in a column `cap` characters wide
 * (word wrapping wastes some of each line). */
static double text_lines(const char *s, double cap)
{
    double lines = 0;
    const char *p = s;
    if (!strchr(s, '\n') && (double)strlen(s) * 0.85 <= cap)
        return 1; /* short, on one line: most cells */
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *seg = strndup(p, len);
        double w = seg ? (double)vg_export_text_width(seg) : (double)len;
        free(seg);
        /* Calibri's letters are narrower than the digit a column's width counts */
        lines += w * 0.85 <= cap ? 1 : (double)(long)(w * 0.85 / cap + 0.999);
        if (!nl)
            break;
        p = nl + 1;
    }
    return lines;
}

/* The widest text column `col` of the current table grows before its text
 * wraps: its own width, else the table's (narrower in a wide table, so that
 * it prints one page wide and legible), never more than the sheet allows. */
static double text_cap(const vg_export *x, const vg_xcol *col)
{
    double cap = col->width > 0 ? col->width : x->xl->cap;
    if (cap > x->xl->cap)
        cap = x->xl->cap;
    return cap > MAX_WIDTH ? MAX_WIDTH : cap;
}

/* A text that runs on to the right of its cell (a title, a note): the
 * printed width it needs, in points, at `pt` points a character. */
static void overflow(struct vg_xlsx *xl, const char *s, double pt)
{
    double w = s ? (double)vg_export_text_width(s) * pt : 0;
    if (w > xl->over_w)
        xl->over_w = w;
}

/* The widest a header makes its column before wrapping. */
static double header_cap(const vg_export *x, const vg_xcol *col)
{
    if (col->width > 0)
        return text_cap(x, col);
    switch (col->type) {
    case VG_COL_INT:
    case VG_COL_NUM:
    case VG_COL_PERCENT:
    case VG_COL_LEVEL:
        return x->ncols >= 12 ? 10 : 14; /* a wide table wraps its headers */
    default:
        return x->xl->cap < 30 ? x->xl->cap : 30;
    }
}

int vg_xlsx_table(vg_export *x, const char *title)
{
    struct vg_xlsx *xl = x->xl;
    lxw_error e;
    /* A table of many columns wraps its text narrower. */
    xl->cap = x->ncols >= 16 ? 20 : x->ncols >= 12 ? 24 : x->ncols >= 8 ? 36 : MAX_WIDTH;
    xl->tstart = title ? x->header_row - 1 : x->header_row;
    if (title) {
        lxw_row_t tr = x->header_row - 1;
        set_row(x, tr, 18);
        track(xl, tr, 0, 1); /* a title stays with its table */
        overflow(xl, title, 6.3);
        if ((e = worksheet_write_string(xl->ws, tr, 0, title, xl->table_title)) != LXW_NO_ERROR)
            return lxw_fail(x, e);
        /* the rule under a block's title runs across its columns */
        for (size_t c = 1; c < x->ncols; c++)
            worksheet_write_blank(xl->ws, tr, (lxw_col_t)c, xl->table_title);
    }
    if (!(x->tflags & VG_XT_NOHEADER)) {
        double lines = 1;
        for (size_t c = 0; c < x->ncols; c++) {
            /* Room for the filter's arrow beside the label; a long label over
             * a column of numbers wraps rather than widening it. */
            double w = (double)vg_export_text_width(x->cols[c].label) + 3,
                   cap = header_cap(x, &x->cols[c]);
            if (w > cap) {
                double n = text_lines(x->cols[c].label, cap - 3);
                lines = n > lines ? n : lines;
                w = cap;
            }
            account(x, c, w);
            if ((e = worksheet_write_string(xl->ws, x->header_row, (lxw_col_t)c, x->cols[c].label,
                                            xl->header)) != LXW_NO_ERROR)
                return lxw_fail(x, e);
        }
        if (lines > 1)
            set_row(x, x->header_row, DEFAULT_ROW * lines);
        track(xl, x->header_row, 0, 1); /* a header stays with its first row */
    }
    if (x->tflags & VG_XT_LIST) {
        xl->has_list = 1;
        xl->list_header = x->header_row;
        /* printed, the header row and the identifying first column repeat
         * on every page */
        if (x->ncols > 1)
            worksheet_repeat_columns(xl->ws, 0, 0);
        worksheet_freeze_panes(xl->ws, x->header_row + 1, 0);
        worksheet_repeat_rows(xl->ws, x->header_row, x->header_row);
        /* In constant_memory mode libxlsxwriter refuses a range over rows
         * already flushed: set the filter on the header now, and extend it
         * to the last row when the table ends. */
        if ((e = worksheet_autofilter(xl->ws, x->header_row, 0, x->header_row,
                                      (lxw_col_t)(x->ncols - 1))) != LXW_NO_ERROR)
            return lxw_fail(x, e);
    }
    return VG_OK;
}

/* Cut text to Excel's limit, at a character boundary, marking the cut. */
static const char *fit(const char *s, char **tmp)
{
    size_t chars = 0, i = 0;
    *tmp = NULL;
    for (; s[i]; i++)
        if ((s[i] & 0xc0) != 0x80 && ++chars > MAX_CHARS)
            break;
    if (!s[i])
        return s;
    if (!(*tmp = malloc(i + 4)))
        return NULL;
    memcpy(*tmp, s, i);
    memcpy(*tmp + i, "\xe2\x80\xa6", 4); /* "…" */
    return *tmp;
}

int vg_xlsx_row(vg_export *x, const vg_xcell *cells)
{
    struct vg_xlsx *xl = x->xl;
    lxw_row_t r = x->row;
    double lines = 1;

    /* Spreadsheet programs do not all grow a row for wrapped text when
     * they open a file (LibreOffice does not): give it its height. */
    for (size_t c = 0; c < x->ncols; c++) {
        const vg_xcol *col = &x->cols[c];
        double cap = text_cap(x, col), n;
        if (cells[c].kind != VG_XC_TEXT || !cells[c].text || col->width == VG_XW_OVERFLOW)
            continue;
        if ((n = text_lines(cells[c].text, cap)) > lines)
            lines = n;
    }
    /* Excel's tallest row is 409 points */
    if (lines > 1)
        set_row(x, r, DEFAULT_ROW * (lines > 27 ? 27 : lines));
    else
        track(xl, r, 0, 0);
    /* the row before a total row goes to the next page with it */
    if (r > x->first_row && (cells[0].style & VG_XS_TOTAL))
        track(xl, r - 1, 0, 1);
    for (size_t c = 0; c < x->ncols; c++) {
        const vg_xcell *v = &cells[c];
        const vg_xcol *col = &x->cols[c];
        int t = ftype(col->type);
        unsigned s = v->style;
        double cap = text_cap(x, col), w = 0;
        lxw_error e = LXW_NO_ERROR;
        lxw_format *f;
        char buf[40];

        switch (v->kind) {
        case VG_XC_TEXT: {
            char *tmp;
            const char *text = fit(v->text, &tmp);
            if (!text)
                return vg_error_oom();
            w = (double)vg_export_text_width(text);
            if (col->width == VG_XW_OVERFLOW) {
                w = 0; /* runs on to the right: does not size the column */
            } else if (w > cap || strchr(text, '\n')) {
                s |= VG_XS_WRAP;
                w = w > cap ? cap : w;
            }
            if (t != F_ID && t != F_TEXT && t != F_LEVEL)
                t = F_TEXT;
            if (!(f = fmt(x, t, s))) {
                free(tmp);
                return vg_error_oom();
            }
            e = worksheet_write_string(xl->ws, r, (lxw_col_t)c, text, f);
            free(tmp);
            break;
        }
        case VG_XC_NUM:
            if (t == F_TEXT || t == F_ID || t == F_DATE || t == F_TIME)
                t = v->num == (double)(long long)v->num ? F_INT : F_NUM;
            if (!(f = fmt(x, t, s)))
                return vg_error_oom();
            if (t == F_PERCENT)
                snprintf(buf, sizeof buf, "%.0f%%", v->num * 100);
            else if (t == F_NUM)
                snprintf(buf, sizeof buf, "%.1f", v->num);
            else
                vg_x_format_num(buf, v->num);
            w = (double)strlen(buf);
            e = worksheet_write_number(xl->ws, r, (lxw_col_t)c, v->num, f);
            break;
        case VG_XC_DATE:
            if (!(f = fmt(x, F_DATE, s)))
                return vg_error_oom();
            w = 10;
            e = worksheet_write_number(xl->ws, r, (lxw_col_t)c, (double)v->i + EXCEL_EPOCH, f);
            break;
        case VG_XC_TIME: {
            long off;
            int rc = vg_x_offset(x, v->i, &off);
            if (rc != VG_OK)
                return rc;
            if (!(f = fmt(x, F_TIME, s)))
                return vg_error_oom();
            w = 16;
            e = worksheet_write_number(xl->ws, r, (lxw_col_t)c,
                                       (double)(v->i + off) / 86400.0 + EXCEL_EPOCH, f);
            break;
        }
        case VG_XC_FORMULA:
            if (v->text) {
                if (!(f = fmt(x, t == F_ID ? F_TEXT : t, s)))
                    return vg_error_oom();
                w = (double)vg_export_text_width(v->text);
                e = worksheet_write_formula_str(xl->ws, r, (lxw_col_t)c, v->formula, f, v->text);
            } else {
                if (t == F_TEXT || t == F_ID)
                    t = F_INT;
                if (!(f = fmt(x, t, s)))
                    return vg_error_oom();
                if (t == F_PERCENT)
                    snprintf(buf, sizeof buf, "%.0f%%", v->num * 100);
                else
                    vg_x_format_num(buf, v->num);
                w = (double)strlen(buf);
                e = worksheet_write_formula_num(xl->ws, r, (lxw_col_t)c, v->formula, f, v->num);
            }
            break;
        case VG_XC_EMPTY:
            if (s) {
                if (!(f = fmt(x, t, s)))
                    return vg_error_oom();
                e = worksheet_write_blank(xl->ws, r, (lxw_col_t)c, f);
            }
            break;
        }
        if (e != LXW_NO_ERROR)
            return lxw_fail(x, e);
        if (s & (VG_XS_BOLD | VG_XS_TOTAL | VG_XS_HEAD | VG_XS_ALERT))
            w *= 1.1;
        account(x, c, w + 1);
    }
    return VG_OK;
}

int vg_xlsx_note(vg_export *x, const char *text, unsigned style)
{
    struct vg_xlsx *xl = x->xl;
    lxw_format *f = fmt(x, F_TEXT, style);
    lxw_error e;
    if (!f)
        return vg_error_oom();
    overflow(xl, text, 5.6);
    if ((e = worksheet_write_string(xl->ws, x->row, 0, text, f)) != LXW_NO_ERROR)
        return lxw_fail(x, e);
    return VG_OK;
}

int vg_xlsx_end_table(vg_export *x)
{
    struct vg_xlsx *xl = x->xl;
    /* the last row stays with the one before it: a table never leaves a
     * lone row (its total) at the top of a page */
    if (x->nrows >= 2)
        track(xl, x->first_row + (uint32_t)x->nrows - 2, 0, 1);
    if (x->row > 0)
        track(xl, x->row - 1, 0, 0);
    /* a short table stays on one page: rather a new page than a split */
    if (x->row > xl->tstart + 1 && x->row - xl->tstart <= 20)
        for (uint32_t r = xl->tstart; r + 1 < x->row; r++)
            track(xl, r, 0, 1);
    /* The filter's range is read from the worksheet when the workbook
     * closes (its cells and the _FilterDatabase name): extend it here. */
    if ((x->tflags & VG_XT_LIST) && xl->has_list && xl->ws->autofilter.in_use && x->nrows)
        xl->ws->autofilter.last_row = x->first_row + (lxw_row_t)x->nrows - 1;
    return VG_OK;
}

/* A row's height in points. */
static double row_h(const struct vg_xlsx *xl, uint32_t r)
{
    return r < xl->nrows && xl->rows[r].h > 0 ? xl->rows[r].h : DEFAULT_ROW;
}

/* Break the sheet into pages of `body` points (at the sheet's scale) as a
 * printer would, but never between rows that keep together (a title and
 * its table, a header and its first row, a short table, a total and the row
 * above it): such a group goes to the next page whole, unless it is longer
 * than a page. The breaks are written as manual page breaks, which Excel
 * and LibreOffice both follow (Excel ignores them under "fit to page",
 * which is why the scale is computed here rather than left to them). */
static void paginate(vg_export *x, double body, uint32_t last)
{
    struct vg_xlsx *xl = x->xl;
    lxw_row_t *breaks;
    size_t nb = 0;
    double used = 0, rep = xl->has_list ? row_h(xl, xl->list_header) : 0;
    uint32_t start = 0;
    if (xl->untracked || last == 0 || !(breaks = calloc(1024, sizeof *breaks)))
        return;
    for (uint32_t r = 0; r <= last; r++) {
        double h = row_h(xl, r);
        if (used + h > body && r > start) {
            uint32_t b = r;
            while (b > start + 1 && b - 1 < xl->nrows && xl->rows[b - 1].keep)
                b--;
            if (b == start + 1 && start < xl->nrows && xl->rows[start].keep)
                b = r; /* a group longer than a page: cut where it overflows */
            if (nb == 1023) {
                free(breaks); /* too long for Excel's 1023 breaks: its own */
                return;
            }
            breaks[nb++] = b;
            start = b;
            used = xl->has_list && b > xl->list_header ? rep : 0;
            for (uint32_t k = b; k < r; k++)
                used += row_h(xl, k);
        }
        used += h;
    }
    if (nb)
        worksheet_set_h_pagebreaks(xl->ws, breaks);
    free(breaks);
}

/* Letter paper less the margins (0.4 in at the sides, 0.6 in at the top and
 * bottom, the footer inside the bottom margin), in points. */
#define PAGE_W_PORTRAIT  554.4
#define PAGE_H_PORTRAIT  705.6
#define PAGE_W_LANDSCAPE 734.4
#define PAGE_H_LANDSCAPE 525.6
#define MIN_SCALE        40

int vg_xlsx_end_sheet(vg_export *x)
{
    struct vg_xlsx *xl = x->xl;
    double total = 0, avail, body;
    int scale = 100, portrait;
    uint32_t last = x->row ? x->row - 1 : 0;
    for (size_t c = 0; c < x->nwidths; c++) {
        double w = x->widths[c];
        if (w <= 0) {
            total += 48; /* a column left at Excel's default width */
            continue;
        }
        if (w < 6)
            w = 6;
        if (w > MAX_WIDTH + 2)
            w = MAX_WIDTH + 2;
        /* a width of n characters is 7n + 5 pixels of Calibri 11 at 96 dpi */
        total += (7.0 * (w + 1.7) + 5) * 0.75;
        worksheet_set_column(xl->ws, (lxw_col_t)c, (lxw_col_t)c, w + 1, NULL);
    }
    if (xl->charts) {
        total += 48 + xl->chart_w;
        if (xl->chart_to > last)
            last = xl->chart_to;
    }
    /* A title or note wider than the tables runs on into empty columns:
     * print those too, or its end is cut off. */
    if (xl->over_w > total && !xl->charts) {
        lxw_col_t extra = (lxw_col_t)((xl->over_w - total) / 48.0) + 1;
        worksheet_print_area(xl->ws, 0, 0, last,
                             (lxw_col_t)(x->nwidths ? x->nwidths - 1 : 0) + extra);
        total = xl->over_w;
    }
    /* Paper: portrait when the sheet fits its width, else landscape; always
     * one page wide, scaled down as needed (with a margin for the estimate);
     * then the page breaks. */
    portrait = total <= PAGE_W_PORTRAIT;
    avail = portrait ? PAGE_W_PORTRAIT : PAGE_W_LANDSCAPE;
    if (portrait)
        worksheet_set_portrait(xl->ws);
    else
        worksheet_set_landscape(xl->ws);
    if (total * 1.04 > avail) {
        scale = (int)(100.0 * avail / (total * 1.04));
        /* Below MIN_SCALE the print is too small to read: a wider sheet (the
         * coordinator's every field) prints across pages instead, its first
         * column (the name, the id) repeated on each. */
        scale = scale < MIN_SCALE ? MIN_SCALE : scale > 100 ? 100 : scale;
        worksheet_set_print_scale(xl->ws, (uint16_t)scale);
    }
    body = (portrait ? PAGE_H_PORTRAIT : PAGE_H_LANDSCAPE) * 0.92 * 100.0 / scale;
    paginate(x, body, last);
    return VG_OK;
}

static lxw_format *cf_format(vg_export *x, lxw_color_t fill, lxw_color_t font, int bold)
{
    lxw_format *f = workbook_add_format(x->xl->wb);
    if (!f)
        return NULL;
    format_set_bg_color(f, fill);
    format_set_font_color(f, font);
    if (bold)
        format_set_bold(f);
    return f;
}

int vg_xlsx_bands(vg_export *x, size_t col)
{
    struct vg_xlsx *xl = x->xl;
    static const double lo[5] = {0, 1, 5, 10, 17}, hi[5] = {0, 4, 9, 16, 25};
    lxw_row_t first = x->first_row, last;
    if (!x->nrows)
        return VG_OK;
    last = first + (lxw_row_t)x->nrows - 1;
    for (int b = 1; b <= 4; b++) {
        lxw_conditional_format cf = {0};
        lxw_error e;
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_BETWEEN;
        cf.min_value = lo[b];
        cf.max_value = hi[b];
        if (!(cf.format = cf_format(x, bands[b].fill, bands[b].font, b == 4)))
            return vg_error_oom();
        e = worksheet_conditional_format_range(xl->ws, first, (lxw_col_t)col, last, (lxw_col_t)col,
                                               &cf);
        if (e != LXW_NO_ERROR)
            return lxw_fail(x, e);
    }
    return VG_OK;
}

int vg_xlsx_levels(vg_export *x, size_t col, const char *const *choices, size_t n)
{
    struct vg_xlsx *xl = x->xl;
    lxw_data_validation dv = {0};
    lxw_row_t first = x->first_row, last;
    char **list = NULL;
    lxw_error e;
    int rc = VG_OK;

    if (!x->nrows)
        return VG_OK;
    last = first + (lxw_row_t)x->nrows - 1;
    if (!(list = calloc(n + 1, sizeof *list)))
        return vg_error_oom();
    for (size_t i = 0; i < n; i++)
        list[i] = (char *)choices[i];
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = list;
    dv.show_error = LXW_VALIDATION_ON;
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv.error_title = (char *)_("Level");
    dv.error_message = (char *)_("Choose a level of the scale from the list.");
    e = worksheet_data_validation_range(xl->ws, first, (lxw_col_t)col, last, (lxw_col_t)col, &dv);
    free(list);
    if (e != LXW_NO_ERROR)
        return lxw_fail(x, e);

    /* Colours by level: the numbers 1..5, then the words (N/A, unknown). */
    for (size_t i = 0; i < n && i < 7; i++) {
        lxw_conditional_format cf = {0};
        char quoted[128];
        unsigned lv = i < 5 ? (unsigned)i + 1 : (i == 5 ? 7u : 6u);
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        if (i < 5) {
            cf.value = (double)(i + 1);
        } else {
            snprintf(quoted, sizeof quoted, "\"%s\"", choices[i]);
            cf.value_string = quoted;
        }
        if (!(cf.format = cf_format(x, levels[lv].fill, levels[lv].font, 0)))
            return vg_error_oom();
        e = worksheet_conditional_format_range(xl->ws, first, (lxw_col_t)col, last, (lxw_col_t)col,
                                               &cf);
        if (e != LXW_NO_ERROR) {
            rc = lxw_fail(x, e);
            break;
        }
    }
    return rc;
}

int vg_xlsx_chart(vg_export *x, const char *title, size_t cat_col, size_t val_col, double max,
                  const char *axis_title)
{
    struct vg_xlsx *xl = x->xl;
    lxw_chart *ch;
    lxw_chart_series *se;
    lxw_chart_fill fill = {.color = 0x2E75B6};
    lxw_chart_font tf = {.size = 12, .bold = LXW_TRUE, .color = TITLE_FONT};
    lxw_chart_options opt = {.x_offset = 10, .y_offset = 4, .x_scale = 1.35, .y_scale = 1.3};
    lxw_row_t first = x->first_row, last;
    const char *sheet = x->names[x->nsheets - 1];
    lxw_error e;

    if (!x->nrows)
        return VG_OK;
    last = first + (lxw_row_t)x->nrows - 1;
    if (!(ch = workbook_add_chart(xl->wb, LXW_CHART_BAR)))
        return vg_x_write_error(x, _("libxlsxwriter cannot make a chart"));
    if (!(se = chart_add_series(ch, NULL, NULL)))
        return vg_x_write_error(x, _("libxlsxwriter cannot make a chart"));
    chart_series_set_categories(se, sheet, first, (lxw_col_t)cat_col, last, (lxw_col_t)cat_col);
    chart_series_set_values(se, sheet, first, (lxw_col_t)val_col, last, (lxw_col_t)val_col);
    chart_series_set_name(se, x->cols[val_col].label);
    chart_series_set_fill(se, &fill);
    chart_series_set_labels(se);
    chart_series_set_labels_num_format(se, "0.0");
    chart_title_set_name(ch, title);
    chart_title_set_name_font(ch, &tf);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    /* A bar chart's value axis is its x axis; categories read top down. */
    chart_axis_set_min(ch->x_axis, 0);
    chart_axis_set_max(ch->x_axis, max);
    chart_axis_set_major_unit(ch->x_axis, 1);
    if (axis_title)
        chart_axis_set_name(ch->x_axis, axis_title);
    chart_axis_set_reverse(ch->y_axis);
    e = worksheet_insert_chart_opt(xl->ws, x->header_row,
                                   (lxw_col_t)(x->ncols + 1 + xl->charts * 8), ch, &opt);
    if (e != LXW_NO_ERROR)
        return lxw_fail(x, e);
    xl->charts++;
    /* Paper: a chart is 480 x 288 pixels before its scale; it prints beside
     * the table, whole on one page. */
    xl->chart_w += 480 * opt.x_scale * 0.75 + 10;
    {
        uint32_t to = x->header_row + (uint32_t)(288 * opt.y_scale * 0.75 / DEFAULT_ROW) + 1;
        if (to > xl->chart_to)
            xl->chart_to = to;
        for (uint32_t r = x->header_row; r < to; r++)
            track(xl, r, 0, 1);
    }
    return VG_OK;
}

int vg_xlsx_close(vg_export *x)
{
    struct vg_xlsx *xl = x->xl;
    lxw_error e;
    if (!xl || !xl->wb)
        return vg_x_write_error(x, _("no workbook"));
    e = workbook_close(xl->wb);
    xl->wb = NULL;
    if (e != LXW_NO_ERROR)
        return lxw_fail(x, e);
    return VG_OK;
}

void vg_xlsx_free(vg_export *x)
{
    struct vg_xlsx *xl = x->xl;
    if (!xl)
        return;
    /* An unfinished workbook: libxlsxwriter frees it without writing. */
    if (xl->wb)
        lxw_workbook_free(xl->wb);
    free(xl->fmts);
    free(xl->rows);
    free(xl->footer);
    free(xl);
    x->xl = NULL;
}
