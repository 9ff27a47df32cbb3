/* The CSV reader (see delegation/csv.h). libcsv is fed one physical line at a
 * time so that the line where each record starts is known: a record starts
 * on the first non-blank line after the previous record ended, and a quoted
 * field that holds newlines simply spans more lines. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>

#include "delegation/csv.h"
#include "util/i18n.h"
#include "util/text.h"

typedef struct {
    char **fields;
    size_t n;
    size_t line;  /* current physical line (1-based) */
    size_t start; /* line where the current record started */
    int in_record;
    int rc; /* first error, stops everything */
    size_t records;
    vg_csv_record_cb cb;
    void *payload;
} state;

static void clear_fields(state *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->fields[i]);
    s->n = 0;
}

static void on_field(void *data, size_t len, void *p)
{
    state *s = p;
    char *f;
    if (s->rc)
        return;
    if (s->n == VG_CSV_MAX_FIELDS) {
        s->rc = vg_error_set(VG_EINVALID, _("line %zu: more than %d columns"), s->start,
                             VG_CSV_MAX_FIELDS);
        return;
    }
    if (len > VG_CSV_MAX_FIELD) {
        s->rc = vg_error_set(VG_EINVALID, _("line %zu: a cell is longer than %u bytes"), s->start,
                             VG_CSV_MAX_FIELD);
        return;
    }
    if (!(f = malloc(len + 1))) {
        s->rc = vg_error_oom();
        return;
    }
    if (len)
        memcpy(f, data, len);
    f[len] = '\0';
    s->fields[s->n++] = f;
}

static void on_record(int c, void *p)
{
    state *s = p;
    (void)c;
    if (!s->rc && s->n > 0) {
        if (++s->records > VG_CSV_MAX_ROWS)
            s->rc = vg_error_set(VG_EINVALID, _("more than %d rows"), VG_CSV_MAX_ROWS);
        else
            s->rc = s->cb(s->start, s->fields, s->n, s->payload);
    }
    clear_fields(s);
    s->in_record = 0;
}

/* Windows-1252 bytes 0x80..0x9F; the rest of the upper half is Latin-1. */
static const unsigned short cp1252_high[32] = {
    0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178};

static unsigned char *from_cp1252(const unsigned char *in, size_t len, size_t *out_len)
{
    unsigned char *out = malloc(len * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned c = in[i];
        if (c >= 0x80 && c < 0xa0)
            c = cp1252_high[c - 0x80];
        if (c < 0x80) {
            *o++ = (unsigned char)c;
        } else if (c < 0x800) {
            *o++ = (unsigned char)(0xc0 | (c >> 6));
            *o++ = (unsigned char)(0x80 | (c & 0x3f));
        } else {
            *o++ = (unsigned char)(0xe0 | (c >> 12));
            *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (unsigned char)(0x80 | (c & 0x3f));
        }
    }
    *out_len = (size_t)(o - out);
    return out;
}

/* The delimiter that occurs most on the first record's line(s), outside
 * quotes: semicolon (Excel in French), tab, else comma. */
static char detect(const unsigned char *p, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) {
            if (comma + semi + tab > 0)
                break;
        } else if (!quoted && c == ',')
            comma++;
        else if (!quoted && c == ';')
            semi++;
        else if (!quoted && c == '\t')
            tab++;
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

static int is_space(unsigned char c)
{
    return c == ' ' ? CSV_SPACE : 0;
}

static int is_term(unsigned char c)
{
    return c == '\n' || c == '\r' ? 1 : 0;
}

int vg_csv_read(const unsigned char *buf, size_t len, vg_csv_record_cb cb, void *payload,
                vg_csv_info *info)
{
    struct csv_parser parser;
    state s;
    unsigned char *conv = NULL;
    const unsigned char *p = buf;
    size_t i = 0;
    int rc = VG_OK, parser_ready = 0;

    memset(info, 0, sizeof *info);
    memset(&s, 0, sizeof s);
    s.cb = cb;
    s.payload = payload;
    s.line = 1;
    if (len > VG_CSV_MAX_BYTES)
        return vg_error_set(VG_EINVALID, _("the file is larger than %u MiB"),
                            VG_CSV_MAX_BYTES >> 20);
    if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
        return vg_error_set(VG_EINVALID, "%s",
                            _("the file is UTF-16 (\"Unicode text\"): save it as \"CSV UTF-8\""));
    if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        p += 3;
        len -= 3;
        info->bom = 1;
    }
    if (memchr(p, '\0', len))
        return vg_error_set(VG_EINVALID, "%s", _("the file holds NUL bytes: it is not a CSV text"));
    if (!vg_utf8_valid((const char *)p, len)) {
        size_t n = 0;
        if (!(conv = from_cp1252(p, len, &n)))
            return vg_error_oom();
        p = conv;
        len = n;
        info->cp1252 = 1;
    }
    if (!(s.fields = calloc(VG_CSV_MAX_FIELDS, sizeof *s.fields))) {
        rc = vg_error_oom();
        goto done;
    }
    info->delimiter = detect(p, len);
    if (csv_init(&parser, CSV_APPEND_NULL) != 0) {
        rc = vg_error_oom();
        goto done;
    }
    parser_ready = 1;
    csv_set_delim(&parser, (unsigned char)info->delimiter);
    csv_set_space_func(&parser, is_space);
    csv_set_term_func(&parser, is_term);
    while (i < len && !s.rc) {
        size_t j = i;
        int blank = 1;
        /* one physical line: up to and including LF, CRLF or a lone CR */
        while (j < len && p[j] != '\n' && p[j] != '\r') {
            if (p[j] != ' ' && p[j] != '\t')
                blank = 0;
            j++;
        }
        if (j < len && p[j] == '\r' && j + 1 < len && p[j + 1] == '\n')
            j++;
        if (j < len)
            j++;
        if (!s.in_record && !blank) {
            s.in_record = 1;
            s.start = s.line;
        }
        if (csv_parse(&parser, p + i, j - i, on_field, on_record, &s) != j - i && !s.rc)
            s.rc = vg_error_set(VG_EINVALID, _("line %zu: %s"), s.line,
                                csv_strerror(csv_error(&parser)));
        i = j;
        if (j > 0 && (p[j - 1] == '\n' || p[j - 1] == '\r'))
            s.line++;
    }
    /* An unterminated quote swallows the rest of the file: say where.
     * libcsv's state 2 is FIELD_BEGUN (its CSV_STRICT_FINI needs strict
     * mode, which would also refuse the stray quotes people type). */
    if (!s.rc && parser.pstate == 2 && parser.quoted)
        s.rc = vg_error_set(
            VG_EINVALID, _("line %zu: a quoted cell is never closed (a \" is missing)"), s.start);
    if (!s.rc)
        csv_fini(&parser, on_field, on_record, &s);
    rc = s.rc;
    info->records = s.records;
done:
    if (parser_ready)
        csv_free(&parser);
    if (s.fields) {
        clear_fields(&s);
        free(s.fields);
    }
    free(conv);
    return rc;
}
