/* vigie/paper.h: documents for paper, as PDF (issue 19).
 *
 * A small layout layer over Pango and Cairo (Debian's libpango1.0 and
 * libcairo2; fonts from fonts-dejavu-core, found through fontconfig):
 * pages of a given size with margins, headings, paragraphs broken into
 * lines (and hyphenated where Pango breaks a word), tables whose header
 * repeats on every page they run over, page breaks, and a footer on every
 * page with a line of its own ("made on ... from guide ...") and the page
 * number ("3 / 7"). Nothing is ever printed outside the margins: a word too
 * long for its column is broken, never left to run over.
 *
 * The document is laid out in memory and written at vg_paper_write: one
 * PDF file, 0600, atomically (a temporary file beside the target, then a
 * rename; nothing is left behind on failure). Every function returns VG_OK
 * or a negative VG_E* code with vg_error_last() set.
 *
 * On top of it, the three documents Vigie prints: the participant's
 * briefing pack (vg_brief_write), the check-in card (vg_card_export with
 * VG_CARD_PDF, vigie/card.h) and the board's risk file
 * (vg_export_delegation with VG_FORMAT_PDF, vigie/export.h). */
#ifndef VIGIE_PAPER_H
#define VIGIE_PAPER_H

#include <stddef.h>
#include <vigie/participant.h>
#include <vigie/store.h>

typedef enum { VG_PAPER_A4 = 0, VG_PAPER_LETTER = 1 } vg_paper_size;

/* "a4" or "letter" (any case). VG_EINVALID names the text. */
int vg_paper_size_parse(const char *text, vg_paper_size *out);
const char *vg_paper_size_name(vg_paper_size s);
/* The size in millimetres: A4 210 x 297, Letter 215.9 x 279.4. */
void vg_paper_size_mm(vg_paper_size s, double *w, double *h);

typedef struct vg_paper vg_paper;

typedef struct {
    double width_mm, height_mm; /* the page */
    double margin_mm;           /* on every side; the footer sits inside it */
    double font_pt;             /* body text size (0: 10 pt) */
    const char *lang;           /* "fr" or "en": line breaking and hyphenation */
    const char *footer;         /* left of every page's footer (may be NULL) */
    int page_numbers;           /* "N / M" on the right of the footer */
    const char *title;          /* PDF properties (may be NULL) */
    const char *subject;
    const char *author;
    int64_t created; /* the PDF's creation date (0: none) */
} vg_paper_opts;

/* A new document. The strings of `o` are copied. Fails with a one-line
 * message naming the font and its Debian package when fontconfig has no
 * "DejaVu Sans" or "DejaVu Sans Mono". */
int vg_paper_open(vg_paper **out, const vg_paper_opts *o);
void vg_paper_free(vg_paper *p);

/* Text styles, or-ed. */
#define VG_PS_BOLD   0x01u
#define VG_PS_MONO   0x02u /* DejaVu Sans Mono */
#define VG_PS_SMALL  0x04u /* 80 % of the body size */
#define VG_PS_MUTED  0x08u /* grey italic */
#define VG_PS_BOX    0x10u /* a paragraph framed by a black rule: a warning */
#define VG_PS_CENTER 0x20u
#define VG_PS_LARGE  0x40u /* 140 % of the body size */
#define VG_PS_FILL(g)                                                                              \
    ((unsigned)(g) << 8) /* a table cell's grey background, 1 (light) .. 4 (dark, white text) */
#define VG_PS_FILL_OF(s) (((s) >> 8) & 0xfu)

/* A heading, level 1 (the document's title) to 3. It never ends a page:
 * it moves to the next one with the lines that follow it. */
int vg_paper_heading(vg_paper *p, int level, const char *text);

/* A paragraph (UTF-8; "\n" breaks a line), broken across pages as needed.
 * Markup is not interpreted: the text is shown as it is. */
int vg_paper_text(vg_paper *p, const char *text, unsigned style);

/* Vertical space, in millimetres. */
int vg_paper_space(vg_paper *p, double mm);

/* Start a new page (nothing when the current one is still empty). */
int vg_paper_page_break(vg_paper *p);

/* Start a new page unless `mm` millimetres are left on this one. */
int vg_paper_keep(vg_paper *p, double mm);

/* Tables: columns of relative widths (their share of the text width), a
 * header row in bold on a grey rule, repeated at the top of every page the
 * table runs over; cells wrap. `header` may be NULL (a key/value block
 * without header). Rows never split across pages. */
typedef struct {
    const char *header; /* may be NULL */
    double weight;      /* relative width */
    unsigned style;     /* the column's style (VG_PS_MONO for numbers, codes) */
} vg_paper_col;

int vg_paper_table(vg_paper *p, const vg_paper_col *cols, size_t ncols);
/* A row of ncols cells (NULL for empty); `styles` (may be NULL) adds a
 * style to each cell, on top of its column's. */
int vg_paper_row(vg_paper *p, const char *const *cells, const unsigned *styles);
/* End the table (a paragraph or heading ends it too). */
int vg_paper_table_end(vg_paper *p);

/* The number of pages laid out so far (at least 1). */
int vg_paper_pages(const vg_paper *p);

/* After the last page: one more page of `sheet_w` x `sheet_h` mm that
 * holds every page laid out so far at its actual size, two by two side by
 * side (a front and its back, to fold along the dashed line between them),
 * with cut marks around each pair: the card's pages on an A4 or Letter
 * sheet. VG_EINVALID when they do not all fit on one sheet. */
int vg_paper_imposition(vg_paper *p, double sheet_w, double sheet_h, const char *caption);

/* The whole PDF in memory, for a writer that puts it in a file of its own:
 * *bytes (owned by the document, wiped when it is freed) and *len. Once. */
int vg_paper_render(vg_paper *p, const unsigned char **bytes, size_t *len);

/* Write the PDF to `path`: 0600, atomically; an existing file is replaced
 * only with `replace` (else VG_EEXISTS). The document can be written once. */
int vg_paper_write(vg_paper *p, const char *path, int replace);

/* ---- the participant's briefing pack ----------------------------------- */

typedef struct {
    const char *path;
    int replace;
    vg_paper_size size;
    const char *lang;     /* the pack's language, "fr" or "en" */
    const char *data_dir; /* country guides */
} vg_brief_req;

/* The language a participant reads, from their "languages" field: the
 * first of French or English it names ("français, espagnol" -> "fr";
 * "English" -> "en"), else `fallback`. */
const char *vg_brief_language(const vg_participant *p, const char *fallback);

/* Participant `p`'s briefing pack for delegation `slug`, in req->lang:
 *  1. a cover line (the delegation, the participant, when it was made and
 *     from which guide version), the delegation, its dates and places with
 *     Canada's advisory level for each region it visits;
 *  2. the check-in protocol in the delegation's local time: the daily
 *     times, the grace, what to send and how, the status words, what
 *     happens when a check-in is late;
 *  3. whom to call, in order, with numbers dialable from the host country:
 *     the organisation's 24/7 line, the guide's emergency numbers, the
 *     embassy, Canada's Emergency Watch and Response Centre (phone, SMS,
 *     WhatsApp, e-mail), the delegation's contacts;
 *  4. the guide's essentials: entry, health, the main threats and what to
 *     do, useful phrases;
 *  5. on its own last page, which can be torn off: the participant's own
 *     emergency information (blood group, allergies, medical notes,
 *     insurer and assistance number, next of kin).
 * Never another participant's data, never proof of life. Audited
 * ("brief.export", without the path). VG_ENOTFOUND when the delegation has
 * no country guide. */
int vg_brief_write(vg_store *st, const char *slug, const vg_participant *p,
                   const vg_brief_req *req);

#endif
