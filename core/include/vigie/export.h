/* vigie/export.h: spreadsheet exports (issue 7).
 *
 * Two documents come out of the store: the delegation's risk file (three
 * profiles, each a fixed list of fields: vigie/delegation.h VG_PROFILE_*)
 * and the board's self-assessment workbook. Each is written as an .xlsx
 * workbook (libxlsxwriter), or with the same content as a folder of CSV
 * files (RFC 4180, UTF-8 with BOM, CRLF) or one JSON file.
 *
 * Numbers inside the files (the workbook's XML, JSON) never follow the
 * process's locale: they are written with a '.' even under fr_CA. CSV is
 * for people's spreadsheets: its separator follows the document's language
 * (';' in French, ',' in English, as Excel fr-CA and en-CA read a
 * double-clicked file) unless chosen, and with ';' or a tab its decimals
 * are written with a comma in French ("2,4").
 *
 * Underneath is a document session (vg_export_open ... vg_export_commit)
 * that writes sheets made of tables, row by row, in order, never holding a
 * table in memory (libxlsxwriter's constant_memory mode; the CSV and JSON
 * writers stream too). What it promises for every output:
 *  - the output is created as a temporary file (or folder) beside the
 *    target, mode 0600 (0700 for a folder), and renamed into place only
 *    when complete; an existing target is never replaced unless `replace`
 *    is set, and then a folder only if it holds nothing but CSV files;
 *  - libxlsxwriter's own temporary files go to a private 0700 folder made
 *    inside `private_dir` (the store folder) and removed afterwards;
 *  - printed: every sheet one page wide (portrait when it fits, else
 *    landscape, scaled down), the header row of a list and its first column
 *    repeated on every page, a footer with the sheet, the document and the
 *    page number, row heights that hold their wrapped text, page breaks
 *    that never split a short table, a title from its table or a total
 *    from the row above it;
 *  - header rows bold, frozen and filtered; column widths that fit the
 *    content (display width of UTF-8 text); dates and times as real dates;
 *    ids and phone numbers as text cells, never numbers; formulas with their
 *    computed value cached; document properties (title, subject, author).
 * Every function returns VG_OK or a negative VG_E* code with
 * vg_error_last() set; after a failure the session can only be freed,
 * which removes every temporary file. */
#ifndef VIGIE_EXPORT_H
#define VIGIE_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/participant.h>
#include <vigie/store.h>

/* PDF (issue 19): the same content laid out for paper (vigie/paper.h),
 * A4 or Letter in landscape, read without a spreadsheet program. */
typedef enum {
    VG_FORMAT_XLSX = 0,
    VG_FORMAT_CSV = 1,
    VG_FORMAT_JSON = 2,
    VG_FORMAT_PDF = 3
} vg_export_format;

/* A CSV separator as a user names it: ";", ",", "tab" (or a tab). 0 for
 * anything else. */
char vg_export_csv_separator_parse(const char *text);

/* "xlsx", "csv", "json", "pdf". VG_EINVALID names the text. */
int vg_export_format_parse(const char *text, vg_export_format *out);
const char *vg_export_format_name(vg_export_format f);

/* ---- the document session ------------------------------------------ */

/* Column types: they decide the cell format, the width and how CSV and
 * JSON write the value. */
typedef enum {
    VG_COL_TEXT,     /* text; long text wraps */
    VG_COL_ID,       /* text that must stay text: ids, phone and policy numbers */
    VG_COL_INT,      /* whole numbers */
    VG_COL_NUM,      /* numbers shown with one decimal */
    VG_COL_PERCENT,  /* a fraction (0.75) shown as a percentage */
    VG_COL_DATE,     /* a day number (days since 1970-01-01) */
    VG_COL_DATETIME, /* seconds since the epoch, shown in the session's zone */
    VG_COL_LEVEL     /* a maturity level 1..5 (a number) or a word (N/A) */
} vg_col_type;

#define VG_XW_OVERFLOW (-1)

typedef struct {
    const char *key;   /* JSON key, English snake_case: "passport_expiry" */
    const char *label; /* the header, in the document's language */
    vg_col_type type;
    int width; /* the widest it grows, in characters; 0: fit the content, at most 60;
                  VG_XW_OVERFLOW: text runs on into the empty cells to its right, never
                  wraps and never widens the column (the values of a key/value block
                  above a wider table) */
} vg_xcol;

/* Cell styles, or-ed in vg_xcell.style. A band or level colour is one
 * value in its bit field. */
#define VG_XS_BOLD        0x0001u
#define VG_XS_TOTAL       0x0002u /* bold with a rule above: a total row */
#define VG_XS_MUTED       0x0004u /* grey italic: "not recorded", "to be checked" */
#define VG_XS_WRAP        0x0008u /* wrap even when short */
#define VG_XS_ALERT       0x0010u /* dark red bold: an alert, a failed check */
#define VG_XS_GOOD        0x0020u /* dark green: a passed check */
#define VG_XS_CENTER      0x0040u
#define VG_XS_HEAD        0x0080u /* looks like a header cell (row labels of a matrix) */
#define VG_XS_LEFT        0x0100u /* aligned left: a date or number among text */
#define VG_XS_BAND(b)     ((unsigned)(b) << 16) /* 1 low, 2 medium, 3 high, 4 critical */
#define VG_XS_LEVEL(l)    ((unsigned)(l) << 20) /* 1..5; 6 unknown; 7 N/A */
#define VG_XS_BAND_OF(s)  (((s) >> 16) & 0xfu)
#define VG_XS_LEVEL_OF(s) (((s) >> 20) & 0xfu)

typedef enum {
    VG_XC_EMPTY = 0,
    VG_XC_TEXT,   /* .text */
    VG_XC_NUM,    /* .num */
    VG_XC_DATE,   /* .i: a day number */
    VG_XC_TIME,   /* .i: seconds since the epoch */
    VG_XC_FORMULA /* .formula ("=C5*D5") with its value: .num, or .text when not NULL */
} vg_xcell_kind;

typedef struct {
    vg_xcell_kind kind;
    const char *text;
    double num;
    int64_t i;
    const char *formula;
    unsigned style;
} vg_xcell;

/* Shorthands: vg_xcell row[] = {VG_XTEXT(name), VG_XNUM(3), VG_XDATE(d)};
 * VG_XTEXT(NULL) is an empty cell. */
static inline vg_xcell vg_xcell_make(vg_xcell_kind k, const char *text, double num, int64_t i,
                                     const char *formula)
{
    vg_xcell c = {k, text, num, i, formula, 0};
    return c;
}
static inline vg_xcell vg_xtext(const char *s)
{
    return vg_xcell_make(s ? VG_XC_TEXT : VG_XC_EMPTY, s, 0, 0, NULL);
}
/* The same cell with a style. */
static inline vg_xcell vg_xstyle(vg_xcell c, unsigned style)
{
    c.style |= style;
    return c;
}
#define VG_XEMPTY         vg_xcell_make(VG_XC_EMPTY, NULL, 0, 0, NULL)
#define VG_XTEXT(s)       vg_xtext(s)
#define VG_XNUM(n)        vg_xcell_make(VG_XC_NUM, NULL, (double)(n), 0, NULL)
#define VG_XDATE(d)       vg_xcell_make(VG_XC_DATE, NULL, 0, (int64_t)(d), NULL)
#define VG_XTIME(t)       vg_xcell_make(VG_XC_TIME, NULL, 0, (int64_t)(t), NULL)
#define VG_XFORMULA(f, n) vg_xcell_make(VG_XC_FORMULA, NULL, (double)(n), 0, (f))

typedef struct vg_export vg_export;

typedef struct {
    vg_export_format format;
    const char *path;        /* the .xlsx or .json file, or the CSV folder */
    int replace;             /* --force */
    const char *private_dir; /* the store folder: the output is written in a private work
                                folder there until it is complete (see util/workdir.h) */
    const char *tz;          /* zone of VG_COL_DATETIME cells (IANA); NULL: UTC */
    const char *lang;        /* "fr" or "en": recorded in the properties and JSON */
    char csv_separator;      /* CSV: ',', ';' or '\t'; 0: by the language (';' in French) */
    const char *title;       /* document properties; NULL leaves one out */
    const char *subject;
    const char *author;
    const char *company;
    const char *keywords;
    const char *comments;
    int64_t created; /* 0: vg_now() */
    int paper;       /* PDF: a vg_paper_size (0: A4) */
    /* The audit entry, committed in `store` after the output is complete and
     * BEFORE it takes its name (a failed audit: no file). store NULL: none
     * (the writer's own tests). */
    vg_store *store;
    const char *audit_action; /* "export.delegation" */
    const char *audit_object; /* the slug or label (never the path) */
    const char *audit_detail; /* "profile=board format=xlsx" */
} vg_export_opts;

/* Start a document. The strings of `o` are copied. VG_EEXISTS when the
 * target exists and o->replace is 0 (checked first, and again at commit).
 * Work folders that killed exports left in o->private_dir are removed first
 * (vg_export_sweep). */
int vg_export_open(vg_export **out, const vg_export_opts *o);

/* Remove what killed exports left: work folders in `store_dir` that no
 * running export holds, and the copies beside a target they name.
 * note(path) for each; returns how many. */
int vg_export_sweep(const char *store_dir, void (*note)(const char *path, void *payload),
                    void *payload);

/* The middle of the printed footer of every sheet started after it (the
 * delegation and the profile); the sheet's name is on its left, the page
 * number ("2 / 7") on its right. Workbooks only. */
int vg_export_footer(vg_export *x, const char *text);

/* Start a sheet: `key` names its CSV files and its JSON object
 * ("risk_register"), `name` is its tab (at most 31 characters, none of
 * []:*?/\ ; unique). */
int vg_export_sheet(vg_export *x, const char *key, const char *name);

/* A title line at the top of a sheet, before its first table: large and
 * bold in a workbook; the sheet's "title" in JSON; CSV leaves it out.
 * `subtitle` (may be NULL) is a second, quieter line. */
int vg_export_title(vg_export *x, const char *title, const char *subtitle);

/* Start a table in the current sheet: a header row then rows. In a
 * workbook, tables stack down the sheet with a blank row between them and
 * `title` (may be NULL) in bold above the header. With VG_XT_LIST (only for
 * the first table of a sheet, with no sheet title) the header row is
 * frozen and filtered. CSV writes one file per table:
 * "NN-<sheet key>.csv" for a sheet's first table,
 * "NN-<sheet key>-<table key>.csv" for the others. The columns are
 * copied. */
#define VG_XT_LIST 1u
#define VG_XT_NOHEADER                                                                             \
    2u /* no header row in the workbook (a key/value block); CSV and JSON keep                     \
          their keys */
int vg_export_table(vg_export *x, const char *key, const char *title, const vg_xcol *cols,
                    size_t ncols, unsigned flags);

/* Append a row of ncols cells to the current table. */
int vg_export_row(vg_export *x, const vg_xcell *cells);

/* A line of text under the current table (a source, a caution): a
 * workbook shows it in the first column, JSON keeps it in the table's
 * "notes", CSV leaves it out. */
int vg_export_note(vg_export *x, const char *text, unsigned style);

/* The A1 reference of column `col` of the row the next vg_export_row
 * writes ("D7"), for formulas within a row. */
void vg_export_ref(const vg_export *x, size_t col, char out[16]);
/* The absolute reference of column `col` over the rows of the current
 * table written so far, with the sheet's name: "'Risk register'!$H$2:$H$40"
 * (sheet = 1), or without it (sheet = 0). `out` holds 128 bytes. An empty
 * table gives the header cell's reference. */
void vg_export_range(const vg_export *x, size_t col, int sheet, char out[128]);
/* The number of data rows of the current table so far. */
size_t vg_export_rows(const vg_export *x);

/* Decorations of the current table, for workbooks only (CSV and JSON have
 * no formatting); call them after its last row.
 *  - bands: conditional formats colouring column `col` (a risk score
 *    1..25) by band: 1-4 low, 5-9 medium, 10-16 high, 17-25 critical;
 *  - levels: a drop-down of `choices` (the scale: "1".."5", then the words
 *    for N/A and unknown) on column `col`, and conditional colours by level;
 *  - chart: a bar chart of column `val_col` against the categories in
 *    `cat_col`, placed to the right of the table, values from 0 to `max`. */
int vg_export_bands(vg_export *x, size_t col);
int vg_export_levels(vg_export *x, size_t col, const char *const *choices, size_t nchoices);
int vg_export_chart(vg_export *x, const char *title, size_t cat_col, size_t val_col, double max,
                    const char *axis_title);

/* Finish: close the document, check it, make it readable only by its owner
 * and rename it into place (never replacing an existing one unless
 * `replace`). The session is then done: free it. */
int vg_export_commit(vg_export *x);
/* Free; an uncommitted document is removed with every temporary file. */
void vg_export_free(vg_export *x);

/* The display width of UTF-8 text in a spreadsheet column (wide East
 * Asian characters count 2, combining marks 0); for a text with several
 * lines, its longest line. */
size_t vg_export_text_width(const char *s);

/* ---- the two documents --------------------------------------------- */

typedef struct {
    vg_export_format format;
    const char *path;
    int replace;
    const char *lang;     /* "fr" or "en": sheet names, headers, words */
    char csv_separator;   /* CSV: ',', ';' or '\t'; 0: by the language */
    const char *data_dir; /* templates and country guides */
    unsigned profile;     /* delegation only: VG_PROFILE_BOARD, _TEAM or _COORDINATOR */
    int paper;            /* PDF: a vg_paper_size (0: A4) */
} vg_export_req;

/* The self-assessment workbook for the board: Summary (domain levels,
 * share at or above the threshold, a bar chart, the change since the
 * previous assessment, the sign-off and whether it holds), Questionnaire,
 * Action plan, History. VG_ENOTFOUND names the label. */
int vg_export_assessment(vg_store *st, const char *label, const vg_export_req *req);

/* The delegation's risk file in the profile's fields. Summary, Participants,
 * Emergency contacts, Risk register, Heat map, Check-in protocol, Check-in
 * log, Country guide, About. Proof of life is never exported. */
int vg_export_delegation(vg_store *st, const char *slug, const vg_export_req *req);

/* A profile as people type it, in English or French ("board", "conseil",
 * "ca"; "team", "équipe"; "coordinator", "coordination"; any case, with or
 * without accents) -> VG_PROFILE_*. VG_EINVALID names the text. */
int vg_export_profile_parse(const char *text, unsigned *out);
/* The language-neutral name ("board"), for JSON and the audit log. */
const char *vg_export_profile_name(unsigned profile);
/* The name in the user's language ("conseil" in French), for people. */
const char *vg_export_profile_label(unsigned profile);
/* The profile names people may type, in the user's language. */
const char *vg_export_profile_choices(void);
/* What a delegation export in `profile` holds, in one line of the user's
 * language (for the warning every export prints, and the About sheet). */
const char *vg_export_profile_holds(unsigned profile);

#endif
