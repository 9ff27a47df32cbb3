/* vigie/import.h: participants from the spreadsheets coordinators keep.
 *
 * A CSV saved by Excel or LibreOffice, in French or English: comma,
 * semicolon or tab (detected), UTF-8 with or without a byte-order mark
 * (else read as Windows-1252, what Excel's plain "CSV" writes), CRLF or LF,
 * quoted cells holding delimiters, quotes and newlines. Column headers are
 * matched ignoring case, accents, spaces and punctuation, against the names
 * in model/import.c (Nom complet, Courriel, Téléphone, Passeport...), every
 * field key ("passport_expiry") and every field label in French and English.
 * First name + last name columns make the name. The import is all or
 * nothing: every bad row is named by its line in the file. */
#ifndef VIGIE_IMPORT_H
#define VIGIE_IMPORT_H

#include <stddef.h>
#include <vigie/store.h>

typedef struct {
    size_t rows;    /* participant rows read (blank rows skipped) */
    size_t added;   /* written: 0 on a dry run or when any row is bad */
    char delimiter; /* ',', ';' or '\t' */
    int cp1252;     /* the file was not UTF-8: read as Windows-1252 */
    char **columns; /* "Nom complet -> name", one per column used */
    size_t ncolumns;
    char **ignored; /* one line per column ignored, with the reason */
    size_t nignored;
    char **errors;       /* "participants.csv:5: passport expiry \"2030-02-30\" is not a date" */
    size_t nerrors;      /* in `errors`: all of them, up to 1000 */
    size_t errors_total; /* all of them, beyond 1000 too */
} vg_import_report;

/* Import `path` (named `shown` in messages, such as the path the user typed)
 * into delegation `slug`, in the caller's transaction. `maps` are
 * "Column=field" overrides: field is a field key, first_name, last_name or
 * ignore. Every cell is normalised as vg_participant_add does; names must
 * be new to the delegation and unique in the file. Returns VG_OK (rows
 * added unless dry_run), VG_EINVALID when any row is bad (report->errors
 * lists them all; nothing was written), or another code for a file that
 * cannot be read (the message says why). Free the report with
 * vg_import_report_free. */
int vg_participant_import(vg_store *st, const char *slug, const char *path, const char *shown,
                          const char *const *maps, size_t nmaps, int dry_run,
                          vg_import_report *report);
void vg_import_report_free(vg_import_report *report);

/* The same from bytes in memory (for tests and the fuzz harness). */
int vg_participant_import_buffer(vg_store *st, const char *slug, const unsigned char *buf,
                                 size_t len, const char *shown, const char *const *maps,
                                 size_t nmaps, int dry_run, vg_import_report *report);

/* Which field a column header names, for `participant import --help` and
 * the tests: a field key, "first_name", "last_name", or NULL. `has_first`
 * says whether the file also has a first-name column ("Nom" is then the
 * last name). */
const char *vg_import_header_field(const char *header, int has_first);

#endif
