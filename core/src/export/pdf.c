/* The document session's fourth writer: PDF, through the paper layer
 * (vigie/paper.h). The same sheets, tables and rows as the workbook, for a
 * board that reads without a spreadsheet program: each sheet starts a page
 * with its name as a heading, a table's header repeats on every page it
 * runs over, a risk band is a grey fill with its word (legible in black
 * and white), numbers and times are written for people in the document's
 * language, as the CSV writer writes them. Pages are A4 or Letter,
 * landscape (the risk register is wide); the footer carries the session's
 * footer text and "N / M". The file is written once, complete, at commit
 * (into the session's private file, then audited and published like
 * every export). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/paper.h>

#include "export/export_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"

static int ensure_open(vg_export *x)
{
    vg_paper_opts o = {0};
    double w, h;
    if (x->paper)
        return VG_OK;
    vg_paper_size_mm((vg_paper_size)x->paper_size, &w, &h);
    o.width_mm = h; /* landscape */
    o.height_mm = w;
    o.margin_mm = 14;
    o.font_pt = 9;
    o.lang = x->lang;
    o.footer = x->pdf_footer ? x->pdf_footer : x->title;
    o.page_numbers = 1;
    o.title = x->title;
    o.subject = x->subject;
    o.author = x->author;
    o.created = x->created;
    return vg_paper_open(&x->paper, &o);
}

int vg_pdf_footer(vg_export *x, const char *text)
{
    /* the footer is the document's: the first one given (before any page) */
    if (x->paper || x->pdf_footer)
        return VG_OK;
    if (!(x->pdf_footer = strdup(text)))
        return vg_error_oom();
    return VG_OK;
}

int vg_pdf_sheet(vg_export *x, const char *name)
{
    int rc;
    if ((rc = ensure_open(x)) != VG_OK || (rc = vg_paper_page_break(x->paper)) != VG_OK)
        return rc;
    return vg_paper_heading(x->paper, 1, name);
}

int vg_pdf_title(vg_export *x, const char *title, const char *subtitle)
{
    int rc = vg_paper_heading(x->paper, 2, title);
    if (rc == VG_OK && subtitle)
        rc = vg_paper_text(x->paper, subtitle, VG_PS_MUTED);
    return rc;
}

/* A column's share of the width: its declared width, else by its type and
 * its header's length. */
static double weight(const vg_xcol *c)
{
    double w, head = c->label ? (double)vg_export_text_width(c->label) / 6.0 : 0;
    if (c->width > 0)
        return c->width / 8.0 > 1 ? c->width / 8.0 : 1;
    switch (c->type) {
    case VG_COL_TEXT:
        w = c->width == VG_XW_OVERFLOW ? 4 : 2.5;
        break;
    case VG_COL_DATETIME:
        w = 1.8;
        break;
    case VG_COL_ID:
    case VG_COL_DATE:
        w = 1.4;
        break;
    default:
        w = 0.9;
    }
    return head > w ? (head < 2.5 ? head : 2.5) : w;
}

int vg_pdf_table(vg_export *x, const char *title)
{
    vg_paper_col cols[24];
    unsigned small = x->ncols > 8 ? VG_PS_SMALL : 0;
    int rc = VG_OK;
    if (x->ncols > 24)
        return vg_error_set(VG_EINVALID, "%s", _("a table has 1 to 24 columns"));
    if (title)
        rc = vg_paper_heading(x->paper, 3, title);
    for (size_t c = 0; c < x->ncols; c++) {
        cols[c].header = (x->tflags & VG_XT_NOHEADER) ? NULL : x->cols[c].label;
        cols[c].weight = weight(&x->cols[c]);
        cols[c].style = small | ((x->tflags & VG_XT_NOHEADER) && c == 0 ? VG_PS_BOLD : 0);
    }
    if (rc == VG_OK)
        rc = vg_paper_table(x->paper, cols, x->ncols);
    return rc;
}

int vg_pdf_row(vg_export *x, const vg_xcell *cells)
{
    char buf[24][40];
    const char *text[24];
    unsigned style[24];
    int rc = VG_OK;
    for (size_t c = 0; c < x->ncols && rc == VG_OK; c++) {
        const vg_xcell *v = &cells[c];
        unsigned s = v->style, band = VG_XS_BAND_OF(s);
        text[c] = buf[c];
        buf[c][0] = '\0';
        switch (v->kind) {
        case VG_XC_TEXT:
            text[c] = v->text;
            break;
        case VG_XC_NUM:
            vg_x_csv_num(x, buf[c], v->num, x->cols[c].type == VG_COL_PERCENT);
            break;
        case VG_XC_DATE:
            vg_date_format(buf[c], (int32_t)v->i);
            break;
        case VG_XC_TIME:
            rc = vg_x_csv_time(x, v->i, buf[c]);
            break;
        case VG_XC_FORMULA:
            if (v->text)
                text[c] = v->text;
            else
                vg_x_csv_num(x, buf[c], v->num, x->cols[c].type == VG_COL_PERCENT);
            break;
        case VG_XC_EMPTY:
            break;
        }
        style[c] = ((s & (VG_XS_BOLD | VG_XS_TOTAL | VG_XS_ALERT | VG_XS_HEAD)) ? VG_PS_BOLD : 0) |
                   ((s & VG_XS_MUTED) ? VG_PS_MUTED : 0) | ((s & VG_XS_CENTER) ? VG_PS_CENTER : 0) |
                   (band ? VG_PS_FILL(band) : 0);
    }
    if (rc == VG_OK)
        rc = vg_paper_row(x->paper, text, style);
    return rc;
}

int vg_pdf_note(vg_export *x, const char *text, unsigned style)
{
    return vg_paper_text(x->paper, text,
                         VG_PS_SMALL | ((style & VG_XS_MUTED) ? VG_PS_MUTED : 0) |
                             ((style & (VG_XS_BOLD | VG_XS_ALERT)) ? VG_PS_BOLD : 0));
}

int vg_pdf_close(vg_export *x)
{
    const unsigned char *bytes;
    size_t len;
    int rc = ensure_open(x);
    if (rc == VG_OK && (rc = vg_paper_render(x->paper, &bytes, &len)) == VG_OK &&
        vg_write_all(x->fd, bytes, len) != VG_OK)
        rc = vg_x_write_error(x, strerror(errno));
    return rc;
}

void vg_pdf_free(vg_export *x)
{
    vg_paper_free(x->paper);
    x->paper = NULL;
    free(x->pdf_footer);
    x->pdf_footer = NULL;
}
