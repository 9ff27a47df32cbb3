/* The baseline of bench/cases/brief.sh: the same text as Vigie's briefing
 * packs, written to PDF with Pango and Cairo alone: one layout per file,
 * the text's width, its lines cut into A4 pages; no headings, tables,
 * footers nor store. Usage: bench_brief_pango OUT.pdf TEXT... (one PDF
 * per text file, OUT.pdf with the file's index appended). */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#define PT_PER_MM (72.0 / 25.4)

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        } else {
            buf[n] = '\0';
        }
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    double w = 210 * PT_PER_MM, h = 297 * PT_PER_MM, m = 18 * PT_PER_MM;
    for (int i = 2; i < argc; i++) {
        char out[4096];
        char *text = slurp(argv[i]);
        cairo_surface_t *s;
        cairo_t *cr;
        PangoLayout *l;
        PangoLayoutIter *it;
        PangoFontDescription *fd;
        double y = m;
        if (!text)
            return 1;
        snprintf(out, sizeof out, "%s.%d.pdf", argv[1], i - 1);
        s = cairo_pdf_surface_create(out, w, h);
        cr = cairo_create(s);
        l = pango_cairo_create_layout(cr);
        fd = pango_font_description_from_string("DejaVu Sans 10");
        pango_layout_set_font_description(l, fd);
        pango_font_description_free(fd);
        pango_layout_set_width(l, (int)((w - 2 * m) * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l, text, -1);
        it = pango_layout_get_iter(l);
        do {
            int y0, y1;
            double lh;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            lh = (double)(y1 - y0) / PANGO_SCALE;
            if (y + lh > h - m) {
                cairo_show_page(cr);
                y = m;
            }
            cairo_move_to(cr, m,
                          y + (double)(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE);
            pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
            y += lh;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        g_object_unref(l);
        cairo_destroy(cr);
        cairo_surface_finish(s);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
            return 1;
        cairo_surface_destroy(s);
        free(text);
    }
    return 0;
}
