#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

#include "cli.h"

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    fflush(stdout);
    fprintf(stderr, "vigie: %s", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(_("error: "), fmt, ap);
    va_end(ap);
}

/* 1 if `p` starts a word with a capital vowel or H (accented too). */
static int vowel_start(const unsigned char *p)
{
    static const char *const accented[] = {"É", "È", "Ê", "À", "Â", "Î", "Ï", "Ô", "Û", NULL};
    if (strchr("AEIOUYH", *p) && *p)
        return 1;
    for (size_t i = 0; accented[i]; i++)
        if (!strncmp((const char *)p, accented[i], strlen(accented[i])))
            return 1;
    return 0;
}

void cli_print_named(const char *fmt, ...)
{
    char buf[2048], out[2048];
    const char *lang = vg_lang();
    size_t o = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (strcmp(lang, "fr") != 0) {
        fputs(buf, stdout);
        return;
    }
    for (size_t i = 0; buf[i] && o < sizeof out - 1; i++) {
        /* "de X" -> "d'X" at a word start, X a capital vowel */
        if ((buf[i] == 'd' || buf[i] == 'D') && buf[i + 1] == 'e' && buf[i + 2] == ' ' &&
            (i == 0 || buf[i - 1] == ' ') && vowel_start((const unsigned char *)buf + i + 3)) {
            out[o++] = buf[i];
            if (o < sizeof out - 1)
                out[o++] = '\'';
            i += 2;
            continue;
        }
        out[o++] = buf[i];
    }
    out[o] = '\0';
    fputs(out, stdout);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(_("warning: "), fmt, ap);
    va_end(ap);
}

void cli_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

int cli_exit_for(int rc)
{
    switch (rc) {
    case VG_OK:
        return EXIT_DONE;
    case VG_EAUTH:
    case VG_ELOCKED:
        return EXIT_AUTH;
    case VG_EINTEGRITY:
    case VG_EREPLAY:
        return EXIT_INTEGRITY;
    case VG_EBUSY:
        return EXIT_BUSY;
    default:
        return EXIT_ERROR;
    }
}

int cli_fail(int rc)
{
    const char *msg = vg_error_last();
    cli_error("%s", *msg ? msg : _("failed"));
    return cli_exit_for(rc);
}

int cli_usage_error(const cli_cmd *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(_("usage error: "), fmt, ap);
    va_end(ap);
    if (c)
        cli_print_usage(stderr, c);
    return EXIT_USAGE;
}

const char *cli_upper(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 2 < cap; p++) {
        if (*p >= 'a' && *p <= 'z') {
            out[o++] = (char)(*p - 32);
        } else if (*p == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE && p[1] != 0xB7) {
            out[o++] = (char)0xC3; /* U+00E0..U+00FE -> U+00C0..U+00DE */
            out[o++] = (char)(*++p - 0x20);
        } else {
            out[o++] = (char)*p;
        }
    }
    out[o] = '\0';
    return out;
}

size_t cli_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        if ((c & 0xc0) != 0x80) {
            /* U+0300..U+036F combining marks: 0xCC 0x80 .. 0xCD 0xAF */
            if (!(c == 0xcc || (c == 0xcd && p[1] < 0xb0)))
                w++;
        }
        p++;
    }
    return w;
}

void cli_pad(FILE *f, const char *s, size_t w)
{
    size_t have = cli_width(s);
    fputs(s, f);
    while (have++ < w)
        fputc(' ', f);
}

const char *cli_sgr(const cli_ctx *ctx, const char *code)
{
    static char buf[4][16];
    static int i;
    if (!ctx->color)
        return "";
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "\033[%sm", code);
    return buf[i];
}

void cli_table_init(cli_table *t, int ncols, ...)
{
    va_list ap;
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    va_start(ap, ncols);
    for (int i = 0; i < ncols && i < 16; i++)
        t->head[i] = va_arg(ap, const char *);
    va_end(ap);
}

void cli_table_add(cli_table *t, ...)
{
    va_list ap;
    if (t->nrows == t->cap) {
        int cap = t->cap ? t->cap * 2 : 16;
        char **c = realloc(t->cells, sizeof(char *) * (size_t)cap * (size_t)t->ncols);
        if (!c)
            return;
        t->cells = c;
        t->cap = cap;
    }
    va_start(ap, t);
    for (int i = 0; i < t->ncols; i++) {
        const char *s = va_arg(ap, const char *);
        t->cells[t->nrows * t->ncols + i] = strdup(s ? s : "");
    }
    va_end(ap);
    t->nrows++;
}

void cli_table_print(const cli_ctx *ctx, cli_table *t, FILE *f)
{
    size_t w[16] = {0};
    for (int c = 0; c < t->ncols; c++) {
        w[c] = cli_width(t->head[c]);
        for (int r = 0; r < t->nrows; r++) {
            size_t x = cli_width(t->cells[r * t->ncols + c]);
            if (x > w[c])
                w[c] = x;
        }
    }
    fputs(cli_sgr(ctx, "1"), f);
    for (int c = 0; c < t->ncols; c++) {
        if (c == t->ncols - 1)
            fputs(t->head[c], f);
        else {
            cli_pad(f, t->head[c], w[c]);
            fputs("  ", f);
        }
    }
    fprintf(f, "%s\n", cli_sgr(ctx, "0"));
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            if (c == t->ncols - 1)
                fputs(s, f);
            else {
                cli_pad(f, s, w[c]);
                fputs("  ", f);
            }
        }
        fputc('\n', f);
    }
}

void cli_table_free(cli_table *t)
{
    for (int i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
