/* The layout layer: a document laid out in memory as a list of items
 * (a line of a paragraph, a table cell, a filled or ruled rectangle), each
 * on a page at a position in points, then drawn page by page into a Cairo
 * PDF surface whose bytes go to memory and, complete, to the file.
 *
 * Laying out first and drawing afterwards is what lets the footer say
 * "3 / 7", lets a heading move to the next page with its first lines, and
 * lets the imposition page draw the earlier pages a second time.
 *
 * Units: Cairo's PDF surface counts in points (1/72 inch); Pango's context
 * is set to 72 dpi so that a 10 pt font is 10 units high. Metrics are not
 * hinted (a PDF is drawn at any size), so what is measured is what is
 * printed. Every layout is given its column's width and breaks words that
 * do not fit (PANGO_WRAP_WORD_CHAR, with a hyphen where Pango inserts one),
 * so no text is ever drawn past a margin. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/paper.h>

#include "util/fileio.h"
#include "util/i18n.h"

#define PT_PER_MM (72.0 / 25.4)
#define FONT_SANS "DejaVu Sans"
#define FONT_MONO "DejaVu Sans Mono"
#define CELL_PAD  (p->font_pt * 0.25) /* points around a table cell's text */
#define MAX_COLS  24

enum { IT_LINE, IT_LAYOUT, IT_RECT };

typedef struct {
    int kind, page;
    double x, y, w, h; /* IT_LINE: x, y of the baseline; else the top-left corner */
    size_t layout;     /* index into the document's layouts */
    int line;          /* IT_LINE: the line of the layout */
    double fill;       /* IT_RECT: grey level of the fill, < 0 for none */
    double stroke;     /* IT_RECT: the rule's width, 0 for none */
    double ink;        /* the text's grey level (0 black, 1 white) */
} item;

struct vg_paper {
    vg_paper_opts o;
    char *lang, *footer, *title, *subject, *author;
    double pw, ph, margin, body_w, top, bottom, font_pt;
    cairo_surface_t *surface;
    PangoFontMap *fontmap;
    PangoContext *ctx;
    PangoLayout **layouts;
    size_t nlayouts, caplayouts;
    item *items;
    size_t nitems, capitems;
    int page;      /* the page being laid out, 0-based */
    double y;      /* where the next block starts on it */
    int page_used; /* something is on the current page */
    /* the table being laid out */
    int in_table;
    size_t ncols;
    double colw[MAX_COLS];
    unsigned colstyle[MAX_COLS];
    char *colhead[MAX_COLS];
    int has_head;
    /* the imposition sheet */
    int impose;
    double sheet_w, sheet_h;
    char *caption;
    /* the PDF's bytes */
    unsigned char *buf;
    size_t len, cap;
    int oom, written;
};

int vg_paper_size_parse(const char *text, vg_paper_size *out)
{
    if (text && !strcasecmp(text, "a4"))
        *out = VG_PAPER_A4;
    else if (text && !strcasecmp(text, "letter"))
        *out = VG_PAPER_LETTER;
    else
        return vg_error_set(VG_EINVALID, _("unknown paper size \"%s\" (a4, letter)"),
                            text ? text : "");
    return VG_OK;
}

const char *vg_paper_size_name(vg_paper_size s)
{
    return s == VG_PAPER_LETTER ? "letter" : "a4";
}

void vg_paper_size_mm(vg_paper_size s, double *w, double *h)
{
    *w = s == VG_PAPER_LETTER ? 215.9 : 210.0;
    *h = s == VG_PAPER_LETTER ? 279.4 : 297.0;
}

/* fontconfig's best match for `family` is that family, not a substitute. */
static int font_installed(const char *family)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)family), *m = NULL;
    FcChar8 *found = NULL;
    FcResult r;
    int ok = 0;
    if (!pat)
        return 0;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    m = FcFontMatch(NULL, pat, &r);
    if (m && FcPatternGetString(m, FC_FAMILY, 0, &found) == FcResultMatch &&
        !strcasecmp((const char *)found, family))
        ok = 1;
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(pat);
    return ok;
}

static cairo_status_t sink(void *closure, const unsigned char *data, unsigned int length)
{
    vg_paper *p = closure;
    if (p->len + length > p->cap) {
        size_t cap = p->cap ? p->cap : 65536;
        unsigned char *q;
        while (cap < p->len + length)
            cap *= 2;
        /* personal data: never left behind by realloc */
        if (!(q = malloc(cap))) {
            p->oom = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        if (p->buf) {
            memcpy(q, p->buf, p->len);
            sodium_memzero(p->buf, p->cap);
            free(p->buf);
        }
        p->buf = q;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, data, length);
    p->len += length;
    return CAIRO_STATUS_SUCCESS;
}

static char *dup_or_null(const char *s, int *oom)
{
    char *d;
    if (!s)
        return NULL;
    if (!(d = strdup(s)))
        *oom = 1;
    return d;
}

int vg_paper_open(vg_paper **out, const vg_paper_opts *o)
{
    vg_paper *p;
    cairo_font_options_t *fo;
    int oom = 0;

    *out = NULL;
    if (!font_installed(FONT_SANS) || !font_installed(FONT_MONO))
        return vg_error_set(VG_ERROR,
                            _("the fonts \"%s\" and \"%s\" are not installed (Debian package "
                              "fonts-dejavu-core)"),
                            FONT_SANS, FONT_MONO);
    if (o->width_mm < 20 || o->height_mm < 20 || o->margin_mm * 2 >= o->width_mm - 10 ||
        o->margin_mm * 2 >= o->height_mm - 10)
        return vg_error_set(VG_EINVALID, "%s", _("the page is too small for its margins"));
    if (!(p = calloc(1, sizeof *p)))
        return vg_error_oom();
    p->o = *o;
    p->lang = dup_or_null(o->lang ? o->lang : "fr", &oom);
    p->footer = dup_or_null(o->footer, &oom);
    p->title = dup_or_null(o->title, &oom);
    p->subject = dup_or_null(o->subject, &oom);
    p->author = dup_or_null(o->author, &oom);
    if (oom) {
        vg_paper_free(p);
        return vg_error_oom();
    }
    p->pw = o->width_mm * PT_PER_MM;
    p->ph = o->height_mm * PT_PER_MM;
    p->margin = o->margin_mm * PT_PER_MM;
    p->font_pt = o->font_pt > 0 ? o->font_pt : 10;
    p->body_w = p->pw - 2 * p->margin;
    p->top = p->margin;
    /* the footer's line and a gap above it, inside the bottom margin's frame */
    p->bottom = p->ph - p->margin - ((p->footer || o->page_numbers) ? 8 * 1.6 + 4 : 0);
    p->y = p->top;
    p->surface = cairo_pdf_surface_create_for_stream(sink, p, p->pw, p->ph);
    if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
        vg_paper_free(p);
        return vg_error_set(VG_ERROR, "%s", _("cannot start a PDF document"));
    }
    cairo_pdf_surface_restrict_to_version(p->surface, CAIRO_PDF_VERSION_1_5);
    p->fontmap = pango_cairo_font_map_new();
    p->ctx = pango_font_map_create_context(p->fontmap);
    pango_cairo_context_set_resolution(p->ctx, 72);
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(
        p->ctx, pango_language_from_string(strcmp(p->lang, "en") ? "fr-ca" : "en-ca"));
    *out = p;
    return VG_OK;
}

void vg_paper_free(vg_paper *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nlayouts; i++)
        g_object_unref(p->layouts[i]);
    free(p->layouts);
    free(p->items);
    if (p->ctx)
        g_object_unref(p->ctx);
    if (p->fontmap)
        g_object_unref(p->fontmap);
    if (p->surface)
        cairo_surface_destroy(p->surface);
    for (size_t i = 0; i < MAX_COLS; i++)
        free(p->colhead[i]);
    if (p->buf) {
        sodium_memzero(p->buf, p->cap);
        free(p->buf);
    }
    free(p->caption);
    free(p->lang);
    free(p->footer);
    free(p->title);
    free(p->subject);
    free(p->author);
    free(p);
}

static int add_item(vg_paper *p, item it)
{
    if (p->nitems == p->capitems) {
        size_t cap = p->capitems ? p->capitems * 2 : 256;
        item *v = realloc(p->items, cap * sizeof *v);
        if (!v)
            return vg_error_oom();
        p->items = v;
        p->capitems = cap;
    }
    p->items[p->nitems++] = it;
    p->page_used = 1;
    return VG_OK;
}

/* A layout of `text` in `style`, `width` points wide; its index in *idx. */
static int make_layout(vg_paper *p, const char *text, unsigned style, double width, double size,
                       size_t *idx)
{
    PangoLayout *l;
    PangoFontDescription *fd;
    if (p->nlayouts == p->caplayouts) {
        size_t cap = p->caplayouts ? p->caplayouts * 2 : 128;
        PangoLayout **v = realloc(p->layouts, cap * sizeof *v);
        if (!v)
            return vg_error_oom();
        p->layouts = v;
        p->caplayouts = cap;
    }
    if (!g_utf8_validate(text, -1, NULL))
        return vg_error_set(VG_EINVALID, "%s", _("text that is not valid UTF-8"));
    l = pango_layout_new(p->ctx);
    fd = pango_font_description_new();
    pango_font_description_set_family(fd, (style & VG_PS_MONO) ? FONT_MONO : FONT_SANS);
    pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
    if (style & VG_PS_BOLD)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    if (style & VG_PS_MUTED)
        pango_font_description_set_style(fd, PANGO_STYLE_OBLIQUE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (style & VG_PS_CENTER)
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, text, -1);
    p->layouts[p->nlayouts] = l;
    *idx = p->nlayouts++;
    return VG_OK;
}

static double style_size(const vg_paper *p, unsigned style)
{
    return p->font_pt * ((style & VG_PS_SMALL) ? 0.8 : (style & VG_PS_LARGE) ? 1.4 : 1.0);
}

static double ink_of(unsigned style)
{
    return VG_PS_FILL_OF(style) >= 4 ? 1.0 : (style & VG_PS_MUTED) ? 0.35 : 0.0;
}

static void new_page(vg_paper *p)
{
    p->page++;
    p->y = p->top;
    p->page_used = 0;
}

int vg_paper_page_break(vg_paper *p)
{
    int rc = vg_paper_table_end(p);
    if (p->page_used)
        new_page(p);
    return rc;
}

int vg_paper_keep(vg_paper *p, double mm)
{
    if (p->page_used && p->y + mm * PT_PER_MM > p->bottom)
        new_page(p);
    return VG_OK;
}

int vg_paper_space(vg_paper *p, double mm)
{
    p->y += mm * PT_PER_MM;
    if (p->y > p->bottom)
        new_page(p);
    return VG_OK;
}

int vg_paper_pages(const vg_paper *p)
{
    int n = p->page + (p->page_used ? 1 : 0);
    return n > 0 ? n : 1;
}

/* Place the lines of layout `idx` at x, flowing over pages; `keep` lines
 * must stay with the first one (a heading). */
static int flow_lines(vg_paper *p, size_t idx, double x, double ink, double keep_pt)
{
    PangoLayout *l = p->layouts[idx];
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int rc = VG_OK, line = 0, first = 1;
    do {
        int y0, y1;
        PangoRectangle logical;
        double h, base;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        h = (double)(y1 - y0) / PANGO_SCALE;
        base = (double)(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE;
        if (p->y + h + (first ? keep_pt : 0) > p->bottom && p->page_used)
            new_page(p);
        first = 0;
        rc = add_item(p, (item){IT_LINE, p->page, x + (double)logical.x / PANGO_SCALE, p->y + base,
                                0, 0, idx, line, -1, 0, ink});
        p->y += h;
        line++;
    } while (rc == VG_OK && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return rc;
}

int vg_paper_heading(vg_paper *p, int level, const char *text)
{
    double size = p->font_pt * (level <= 1 ? 1.7 : level == 2 ? 1.3 : 1.1);
    size_t idx;
    int rc;
    if ((rc = vg_paper_table_end(p)) != VG_OK ||
        (rc = make_layout(p, text, VG_PS_BOLD, p->body_w, size, &idx)) != VG_OK)
        return rc;
    if (p->page_used)
        p->y += size * (level <= 1 ? 0.4 : 0.8);
    /* the heading and three lines of what follows */
    if ((rc = flow_lines(p, idx, p->margin, 0, p->font_pt * 1.25 * 3)) != VG_OK)
        return rc;
    if (level <= 2) {
        rc = add_item(p, (item){IT_RECT, p->page, p->margin, p->y + 1, p->body_w, 0, 0, 0, -1,
                                level <= 1 ? 1.2 : 0.6, 0});
        p->y += 3;
    }
    p->y += size * 0.3;
    return rc;
}

int vg_paper_text(vg_paper *p, const char *text, unsigned style)
{
    size_t idx;
    int rc;
    double pad = (style & VG_PS_BOX) ? 4 : 0;
    if ((rc = vg_paper_table_end(p)) != VG_OK ||
        (rc = make_layout(p, text, style, p->body_w - 2 * pad, style_size(p, style), &idx)) !=
            VG_OK)
        return rc;
    if (style & VG_PS_BOX) {
        /* a framed warning stays whole on one page */
        int w, h;
        double hh;
        pango_layout_get_size(p->layouts[idx], &w, &h);
        hh = (double)h / PANGO_SCALE + 2 * pad;
        if (p->y + hh > p->bottom && p->page_used)
            new_page(p);
        if (hh > p->bottom - p->top)
            return vg_error_set(VG_EINVALID, "%s", _("a framed paragraph is longer than a page"));
        if ((rc = add_item(p, (item){IT_RECT, p->page, p->margin, p->y, p->body_w, hh, 0, 0, -1,
                                     1.0, 0})) != VG_OK ||
            (rc = add_item(p, (item){IT_LAYOUT, p->page, p->margin + pad, p->y + pad, 0, 0, idx, 0,
                                     -1, 0, ink_of(style)})) != VG_OK)
            return rc;
        p->y += hh;
    } else if ((rc = flow_lines(p, idx, p->margin, ink_of(style), 0)) != VG_OK) {
        return rc;
    }
    p->y += style_size(p, style) * 0.5;
    return VG_OK;
}

/* ---- tables -------------------------------------------------------------- */

/* One row of cells at the current position; VG_OK with *placed 0 when it
 * does not fit in what is left of the page (nothing added then). */
static int place_row(vg_paper *p, const char *const *cells, const unsigned *styles, int head,
                     int *placed)
{
    size_t idx[MAX_COLS];
    double h = 0, x = p->margin, max_h = p->bottom - p->top - 40;
    int rc = VG_OK;
    *placed = 0;
    for (size_t c = 0; c < p->ncols; c++) {
        unsigned st = p->colstyle[c] | (styles ? styles[c] : 0) | (head ? VG_PS_BOLD : 0);
        int w, lh;
        if (head)
            st &= ~(unsigned)VG_PS_MONO;
        if ((rc = make_layout(p, cells[c] ? cells[c] : "", st, p->colw[c] - 2 * CELL_PAD,
                              style_size(p, st), &idx[c])) != VG_OK)
            return rc;
        /* a cell longer than a page ends with an ellipsis */
        pango_layout_get_size(p->layouts[idx[c]], &w, &lh);
        if ((double)lh / PANGO_SCALE > max_h) {
            pango_layout_set_height(p->layouts[idx[c]], (int)(max_h * PANGO_SCALE));
            pango_layout_set_ellipsize(p->layouts[idx[c]], PANGO_ELLIPSIZE_END);
            pango_layout_get_size(p->layouts[idx[c]], &w, &lh);
        }
        if ((double)lh / PANGO_SCALE + 2 * CELL_PAD > h)
            h = (double)lh / PANGO_SCALE + 2 * CELL_PAD;
    }
    if (p->y + h > p->bottom) {
        /* drop the layouts made for nothing (the last ones) */
        for (size_t c = p->ncols; c-- > 0;)
            g_object_unref(p->layouts[--p->nlayouts]);
        return VG_OK;
    }
    for (size_t c = 0; c < p->ncols && rc == VG_OK; c++) {
        unsigned st = p->colstyle[c] | (styles ? styles[c] : 0);
        unsigned fill = head ? 1 : VG_PS_FILL_OF(st);
        static const double grey[] = {-1, 0.88, 0.74, 0.55, 0.22};
        if (fill)
            rc = add_item(p, (item){IT_RECT, p->page, x, p->y, p->colw[c], h, 0, 0,
                                    grey[fill > 4 ? 4 : fill], 0, 0});
        if (rc == VG_OK)
            rc = add_item(p, (item){IT_LAYOUT, p->page, x + CELL_PAD, p->y + CELL_PAD, 0, 0, idx[c],
                                    0, -1, 0, head ? 0 : ink_of(st)});
        x += p->colw[c];
    }
    /* a thin rule under the row (a heavier one under the header) */
    if (rc == VG_OK)
        rc = add_item(p, (item){IT_RECT, p->page, p->margin, p->y + h, p->body_w, 0, 0, 0, -1,
                                head ? 0.8 : 0.3, 0});
    p->y += h;
    *placed = 1;
    return rc;
}

int vg_paper_table(vg_paper *p, const vg_paper_col *cols, size_t ncols)
{
    double total = 0;
    int rc, placed;
    const char *head[MAX_COLS];
    if ((rc = vg_paper_table_end(p)) != VG_OK)
        return rc;
    if (ncols == 0 || ncols > MAX_COLS)
        return vg_error_set(VG_EINVALID, "%s", _("a table has 1 to 24 columns"));
    for (size_t c = 0; c < ncols; c++)
        total += cols[c].weight > 0 ? cols[c].weight : 1;
    p->ncols = ncols;
    p->has_head = 0;
    for (size_t c = 0; c < ncols; c++) {
        p->colw[c] = p->body_w * (cols[c].weight > 0 ? cols[c].weight : 1) / total;
        p->colstyle[c] = cols[c].style;
        free(p->colhead[c]);
        p->colhead[c] = NULL;
        if (cols[c].header) {
            p->has_head = 1;
            if (!(p->colhead[c] = strdup(cols[c].header)))
                return vg_error_oom();
        }
        head[c] = p->colhead[c];
    }
    p->in_table = 1;
    p->y += 2;
    if (!p->has_head)
        return VG_OK;
    /* the header and at least two rows together */
    if (p->page_used && p->y + p->font_pt * 6 > p->bottom)
        new_page(p);
    if ((rc = place_row(p, head, NULL, 1, &placed)) == VG_OK && !placed) {
        new_page(p);
        rc = place_row(p, head, NULL, 1, &placed);
    }
    return rc;
}

int vg_paper_row(vg_paper *p, const char *const *cells, const unsigned *styles)
{
    int rc, placed;
    if (!p->in_table)
        return vg_error_set(VG_EINVALID, "%s", _("a row outside a table"));
    if ((rc = place_row(p, cells, styles, 0, &placed)) != VG_OK || placed)
        return rc;
    new_page(p);
    if (p->has_head &&
        ((rc = place_row(p, (const char *const *)p->colhead, NULL, 1, &placed)) != VG_OK ||
         !placed))
        return rc != VG_OK ? rc : vg_error_set(VG_EINVALID, "%s", _("a table row is too tall"));
    if ((rc = place_row(p, cells, styles, 0, &placed)) == VG_OK && !placed)
        rc = vg_error_set(VG_EINVALID, "%s", _("a table row is too tall"));
    return rc;
}

int vg_paper_table_end(vg_paper *p)
{
    if (p->in_table) {
        p->in_table = 0;
        p->y += p->font_pt * 0.8;
    }
    return VG_OK;
}

/* Pairs of pages on one imposition sheet. */
static int pairs_per_sheet(const vg_paper *p)
{
    return (int)((p->sheet_h - 34 - 15) / (p->o.height_mm + 6));
}

int vg_paper_imposition(vg_paper *p, double sheet_w, double sheet_h, const char *caption)
{
    if (2 * p->o.width_mm + 20 > sheet_w || p->o.height_mm + 34 + 15 > sheet_h)
        return vg_error_set(VG_EINVALID, "%s", _("the pages do not fit on the sheet"));
    vg_paper_table_end(p);
    p->impose = 1;
    p->sheet_w = sheet_w;
    p->sheet_h = sheet_h;
    free(p->caption);
    p->caption = NULL;
    if (caption && !(p->caption = strdup(caption)))
        return vg_error_oom();
    return VG_OK;
}

/* ---- drawing ------------------------------------------------------------- */

static void grey(cairo_t *cr, double g)
{
    cairo_set_source_rgb(cr, g, g, g);
}

/* A small line of text at x, y (its top), right-aligned on x when `right`. */
static void small_text(vg_paper *p, cairo_t *cr, const char *text, double x, double y, double w,
                       int right)
{
    PangoLayout *l = pango_layout_new(p->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(FONT_SANS " 8");
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text, -1);
    grey(cr, 0.25);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

static void draw_page(vg_paper *p, cairo_t *cr, int page, int npages, int footer)
{
    for (size_t i = 0; i < p->nitems; i++) {
        const item *it = &p->items[i];
        if (it->page != page)
            continue;
        if (it->kind == IT_RECT) {
            if (it->fill >= 0) {
                grey(cr, it->fill);
                cairo_rectangle(cr, it->x, it->y, it->w, it->h);
                cairo_fill(cr);
            }
            if (it->stroke > 0) {
                grey(cr, 0);
                cairo_set_line_width(cr, it->stroke);
                if (it->h > 0)
                    cairo_rectangle(cr, it->x, it->y, it->w, it->h);
                else {
                    cairo_move_to(cr, it->x, it->y);
                    cairo_line_to(cr, it->x + it->w, it->y);
                }
                cairo_stroke(cr);
            }
        } else if (it->kind == IT_LAYOUT) {
            grey(cr, it->ink);
            cairo_move_to(cr, it->x, it->y);
            pango_cairo_show_layout(cr, p->layouts[it->layout]);
        } else {
            grey(cr, it->ink);
            cairo_move_to(cr, it->x, it->y);
            pango_cairo_show_layout_line(
                cr, pango_layout_get_line_readonly(p->layouts[it->layout], it->line));
        }
    }
    if (footer && (p->footer || p->o.page_numbers)) {
        double fy = p->ph - p->margin - 8 * 1.3, numw = 36;
        char num[32];
        grey(cr, 0.5);
        cairo_set_line_width(cr, 0.4);
        cairo_move_to(cr, p->margin, fy - 2);
        cairo_line_to(cr, p->pw - p->margin, fy - 2);
        cairo_stroke(cr);
        if (p->footer)
            small_text(p, cr, p->footer, p->margin, fy, p->body_w - numw, 0);
        if (p->o.page_numbers) {
            snprintf(num, sizeof num, "%d / %d", page + 1, npages);
            small_text(p, cr, num, p->pw - p->margin - numw, fy, numw, 1);
        }
    }
}

/* Sheet `sheet` of the imposition: pairs from page 2 * pairs * sheet. */
static void draw_imposition(vg_paper *p, cairo_t *cr, int npages, int sheet)
{
    int per = pairs_per_sheet(p), from = 2 * per * sheet, to = from + 2 * per;
    double w = p->pw, h = p->ph, sw = p->sheet_w * PT_PER_MM, gap = 6 * PT_PER_MM;
    double x0 = (sw - 2 * w) / 2, y0 = 34 * PT_PER_MM, mark = 4 * PT_PER_MM;
    if (p->caption) {
        PangoLayout *l = pango_layout_new(p->ctx);
        PangoFontDescription *fd = pango_font_description_from_string(FONT_SANS " 9");
        pango_layout_set_font_description(l, fd);
        pango_font_description_free(fd);
        pango_layout_set_width(l, (int)((sw - 30 * PT_PER_MM) * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l, p->caption, -1);
        grey(cr, 0);
        cairo_move_to(cr, 15 * PT_PER_MM, 12 * PT_PER_MM);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
    }
    if (to > npages)
        to = npages;
    for (int k = from; k < to; k += 2) {
        double y = y0 + ((k - from) / 2) * (h + gap);
        for (int s = 0; s < 2 && k + s < npages; s++) {
            cairo_save(cr);
            cairo_translate(cr, x0 + s * w, y);
            cairo_rectangle(cr, 0, 0, w, h);
            cairo_clip(cr);
            draw_page(p, cr, k + s, npages, 0);
            cairo_restore(cr);
        }
        /* cut marks at the four corners of the pair, outside it */
        grey(cr, 0);
        cairo_set_line_width(cr, 0.3);
        for (int cx = 0; cx < 2; cx++)
            for (int cy = 0; cy < 2; cy++) {
                double px = x0 + cx * 2 * w, py = y + cy * h;
                double dx = cx ? 1 : -1, dy = cy ? 1 : -1;
                cairo_move_to(cr, px + dx * 1.5, py);
                cairo_line_to(cr, px + dx * mark, py);
                cairo_move_to(cr, px, py + dy * 1.5);
                cairo_line_to(cr, px, py + dy * mark);
            }
        cairo_stroke(cr);
        /* the pair's outline, light, and the fold line, dashed */
        grey(cr, 0.6);
        cairo_rectangle(cr, x0, y, 2 * w, h);
        cairo_stroke(cr);
        if (k + 1 < npages) {
            double dash[] = {3, 2};
            grey(cr, 0);
            cairo_set_dash(cr, dash, 2, 0);
            cairo_move_to(cr, x0 + w, y - mark);
            cairo_line_to(cr, x0 + w, y + h + mark);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
        }
    }
}

int vg_paper_render(vg_paper *p, const unsigned char **bytes, size_t *len)
{
    cairo_t *cr;
    int npages = vg_paper_pages(p);
    char when[32];

    if (p->written)
        return vg_error_set(VG_EINVALID, "%s", _("the document was written already"));
    p->written = 1;
    vg_paper_table_end(p);
    if (p->title)
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, p->title);
    if (p->subject)
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT, p->subject);
    if (p->author)
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_AUTHOR, p->author);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "Vigie " VIGIE_VERSION);
    if (p->o.created) {
        vg_time_format_utc(when, p->o.created);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
    }
    cr = cairo_create(p->surface);
    for (int pg = 0; pg < npages; pg++) {
        cairo_pdf_surface_set_size(p->surface, p->pw, p->ph);
        draw_page(p, cr, pg, npages, 1);
        cairo_show_page(cr);
    }
    for (int sh = 0; p->impose && 2 * pairs_per_sheet(p) * sh < npages; sh++) {
        cairo_pdf_surface_set_size(p->surface, p->sheet_w * PT_PER_MM, p->sheet_h * PT_PER_MM);
        draw_imposition(p, cr, npages, sh);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(p->surface);
    if (p->oom)
        return vg_error_oom();
    if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
        return vg_error_set(VG_ERROR, _("the PDF could not be made: %s"),
                            cairo_status_to_string(cairo_surface_status(p->surface)));
    *bytes = p->buf;
    *len = p->len;
    return VG_OK;
}

int vg_paper_write(vg_paper *p, const char *path, int replace)
{
    const unsigned char *bytes;
    size_t len;
    int rc = vg_paper_render(p, &bytes, &len);
    if (rc == VG_OK)
        rc = vg_file_write_atomic(path, bytes, len, replace);
    return rc;
}
