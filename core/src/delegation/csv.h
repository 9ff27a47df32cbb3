/* Private: the CSV reader for spreadsheets saved by Excel or LibreOffice.
 *
 * libcsv (RFC 4180) does the quoting; this layer adds what real files need:
 * a UTF-8 byte-order mark skipped, UTF-16 refused with a clear message,
 * text that is not UTF-8 read as Windows-1252 (what Excel's plain "CSV"
 * writes on Windows), the delimiter detected from the header line (comma,
 * semicolon or tab), CRLF, LF or CR line ends, and the line of the file
 * where each record starts, counting the newlines inside quoted fields.
 * Bounded: at most VG_CSV_MAX_BYTES of input, VG_CSV_MAX_FIELDS fields per
 * record, VG_CSV_MAX_FIELD bytes per field, VG_CSV_MAX_ROWS records. */
#ifndef VG_CSV_H
#define VG_CSV_H

#include <stddef.h>

#define VG_CSV_MAX_BYTES  (32u << 20)
#define VG_CSV_MAX_FIELDS 256
#define VG_CSV_MAX_FIELD  (64u << 10)
#define VG_CSV_MAX_ROWS   200000

typedef struct {
    char delimiter; /* ',', ';' or '\t' */
    int cp1252;     /* the text was not UTF-8 and was read as Windows-1252 */
    int bom;        /* a UTF-8 byte-order mark was skipped */
    size_t records; /* records read, the header included */
} vg_csv_info;

/* Called for each record (blank lines skipped) with its fields (UTF-8,
 * NUL-terminated, owned by the reader until the callback returns) and the
 * line of the file where it starts (1-based). A non-zero return stops the
 * reading and is returned. */
typedef int (*vg_csv_record_cb)(size_t line, char **fields, size_t n, void *payload);

/* Read `len` bytes. VG_EINVALID with a message for a file that is not a
 * CSV Vigie can read (UTF-16, a bound exceeded, an unterminated quote). */
int vg_csv_read(const unsigned char *buf, size_t len, vg_csv_record_cb cb, void *payload,
                vg_csv_info *info);

#endif
