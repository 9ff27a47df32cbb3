#include <string.h>

#include "cli.h"

void json_init(cli_json *j, FILE *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->first[0] = 1;
}

static void sep(cli_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = 0;
}

static void open(cli_json *j, char c)
{
    sep(j);
    fputc(c, j->f);
    if (j->depth < 31)
        j->depth++;
    j->first[j->depth] = 1;
}

void json_obj(cli_json *j)
{
    open(j, '{');
}

void json_arr(cli_json *j)
{
    open(j, '[');
}

void json_end_obj(cli_json *j)
{
    fputc('}', j->f);
    if (j->depth)
        j->depth--;
}

void json_end_arr(cli_json *j)
{
    fputc(']', j->f);
    if (j->depth)
        j->depth--;
}

static void raw_str(cli_json *j, const char *s)
{
    fputc('"', j->f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", j->f);
            break;
        case '\\':
            fputs("\\\\", j->f);
            break;
        case '\n':
            fputs("\\n", j->f);
            break;
        case '\r':
            fputs("\\r", j->f);
            break;
        case '\t':
            fputs("\\t", j->f);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(j->f, "\\u%04x", *p);
            else
                fputc(*p, j->f);
        }
    }
    fputc('"', j->f);
}

void json_key(cli_json *j, const char *k)
{
    sep(j);
    raw_str(j, k);
    fputc(':', j->f);
    j->after_key = 1;
}

void json_str(cli_json *j, const char *s)
{
    sep(j);
    if (s)
        raw_str(j, s);
    else
        fputs("null", j->f);
}

void json_int(cli_json *j, long long v)
{
    sep(j);
    fprintf(j->f, "%lld", v);
}

void json_bool(cli_json *j, int v)
{
    sep(j);
    fputs(v ? "true" : "false", j->f);
}

void json_null(cli_json *j)
{
    sep(j);
    fputs("null", j->f);
}

void json_num(cli_json *j, double v, int decimals)
{
    long long scale = 1, n;
    sep(j);
    for (int i = 0; i < decimals && i < 6; i++)
        scale *= 10;
    n = (long long)(v * (double)scale + (v < 0 ? -0.5 : 0.5));
    if (n < 0) {
        fputc('-', j->f);
        n = -n;
    }
    fprintf(j->f, "%lld", n / scale);
    if (scale > 1)
        fprintf(j->f, ".%0*lld", decimals, n % scale);
}

void json_done(cli_json *j)
{
    fputc('\n', j->f);
}

void json_kstr(cli_json *j, const char *k, const char *v)
{
    json_key(j, k);
    json_str(j, v);
}

void json_kint(cli_json *j, const char *k, long long v)
{
    json_key(j, k);
    json_int(j, v);
}

void json_kbool(cli_json *j, const char *k, int v)
{
    json_key(j, k);
    json_bool(j, v);
}
