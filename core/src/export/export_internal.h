/* Private: the document session's state, shared by its writers
 * (session.c: the session, files and folders; xlsx.c: libxlsxwriter;
 * text.c: CSV and JSON) and by the two documents (assessment.c,
 * delegation.c). */
#ifndef VG_EXPORT_INTERNAL_H
#define VG_EXPORT_INTERNAL_H

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <vigie/export.h>
#include <vigie/store.h>

struct vg_xlsx;  /* xlsx.c */
struct vg_paper; /* pdf.c, through vigie/paper.h */

struct vg_export {
    vg_export_format format;
    char *path;
    int replace;
    char *tz;
    char *lang;
    char *title, *subject, *author, *company, *keywords, *comments;
    int64_t created;

    /* Numbers in the files never follow the user's locale: the session runs
     * its thread under a copy of the caller's locale whose LC_NUMERIC is
     * "C" (libxlsxwriter formats with snprintf), restored when freed. */
    locale_t numloc, prevloc;
    /* CSV: the separator (',', ';' or '\t') and the decimal mark of the
     * numbers people read in a spreadsheet ('.' or ','). */
    char csv_sep, csv_dec;

    /* the output being written */
    struct vg_workdir *work; /* the private work folder in the store folder */
    char *tmp;               /* the output in it: a file (xlsx, json) or a folder (csv) */
    int fd;                  /* xlsx, json: the output file, held open */
    char *lxw_tmpdir;        /* xlsx: libxlsxwriter's private tmpdir (the work folder) */
    vg_store *st;            /* the audit entry, committed before the output is named */
    char *audit_action, *audit_object, *audit_detail;
    int failed; /* a call failed: only free is left */
    int committed;

    /* the current sheet */
    int nsheets;
    char **names; /* every sheet's name so far (unique, case-insensitive) */
    char *sheet_key;
    int ntables;    /* tables in the current sheet */
    uint32_t row;   /* next row of the sheet (0-based) */
    int titled;     /* the sheet has a title */
    double *widths; /* per column of the sheet: characters */
    size_t nwidths;

    /* the current table */
    vg_xcol *cols;
    size_t ncols;
    char *table_key;
    unsigned tflags;
    uint32_t header_row; /* row of the header (or of the first row without one) */
    uint32_t first_row;  /* first data row */
    size_t nrows;
    int noted; /* a note was written: no more rows */

    /* zone offsets for VG_COL_DATETIME: a few hours whose offset is known
     * (a row often holds two times far apart: a check-in and its logging) */
    struct {
        int64_t from; /* the hour [from, from + 3600) has offset `off` */
        long off;
        int used;
    } offs[4];
    unsigned next_off;

    struct vg_xlsx *xl;     /* xlsx */
    struct vg_paper *paper; /* pdf */
    int paper_size;         /* pdf: vg_paper_size */
    char *pdf_footer;
    FILE *out; /* csv: the current table's file; json: the document */
    /* json: what is open, and whether the next item is the first of its list */
    int j_nsheets, j_tables_open, j_ntables, j_nrows, j_notes_open, j_nnotes;
};

/* The UTC offset of the session's zone at instant t (cached). */
int vg_x_offset(vg_export *x, int64_t t, long *off);

/* xlsx.c */
int vg_xlsx_open(vg_export *x);
int vg_xlsx_footer(vg_export *x, const char *text);
int vg_xlsx_sheet(vg_export *x, const char *name);
int vg_xlsx_title(vg_export *x, const char *title, const char *subtitle);
int vg_xlsx_table(vg_export *x, const char *title);
int vg_xlsx_row(vg_export *x, const vg_xcell *cells);
int vg_xlsx_note(vg_export *x, const char *text, unsigned style);
int vg_xlsx_end_table(vg_export *x);
int vg_xlsx_end_sheet(vg_export *x);
int vg_xlsx_bands(vg_export *x, size_t col);
int vg_xlsx_levels(vg_export *x, size_t col, const char *const *choices, size_t n);
int vg_xlsx_chart(vg_export *x, const char *title, size_t cat_col, size_t val_col, double max,
                  const char *axis_title);
int vg_xlsx_close(vg_export *x);
void vg_xlsx_free(vg_export *x);

/* pdf.c */
int vg_pdf_footer(vg_export *x, const char *text);
int vg_pdf_sheet(vg_export *x, const char *name);
int vg_pdf_title(vg_export *x, const char *title, const char *subtitle);
int vg_pdf_table(vg_export *x, const char *title);
int vg_pdf_row(vg_export *x, const vg_xcell *cells);
int vg_pdf_note(vg_export *x, const char *text, unsigned style);
int vg_pdf_close(vg_export *x);
void vg_pdf_free(vg_export *x);

/* text.c */
int vg_csv_table(vg_export *x, const char *title);
int vg_csv_row(vg_export *x, const vg_xcell *cells);
int vg_csv_end_table(vg_export *x);
int vg_json_open(vg_export *x);
int vg_json_sheet(vg_export *x, const char *name);
int vg_json_title(vg_export *x, const char *title, const char *subtitle);
int vg_json_table(vg_export *x, const char *title);
int vg_json_row(vg_export *x, const vg_xcell *cells);
int vg_json_note(vg_export *x, const char *text);
int vg_json_end_table(vg_export *x);
int vg_json_end_sheet(vg_export *x);
int vg_json_close(vg_export *x);

/* Text of a number, date or time cell as JSON writes it (RFC 3339 times
 * with the zone's offset). */
void vg_x_format_num(char out[40], double v);
int vg_x_format_time(vg_export *x, int64_t t, char out[40]);
/* The same as CSV writes it for a spreadsheet: the session's decimal mark,
 * a fraction as a percentage ("60 %" in French, "60%" in English) and
 * times as "YYYY-MM-DD HH:MM" in the zone, which spreadsheets read as
 * dates. */
void vg_x_csv_num(const vg_export *x, char out[40], double v, int percent);
int vg_x_csv_time(vg_export *x, int64_t t, char out[40]);

/* Errors */
int vg_x_write_error(vg_export *x, const char *what);

#endif
