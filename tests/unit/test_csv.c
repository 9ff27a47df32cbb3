/* The CSV reader (line numbers, delimiters, encodings, quotes, bounds) and
 * the import built on it (all or nothing, every bad row named). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/participant.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

#include "delegation/csv.h"

typedef struct {
    size_t n;
    size_t lines[32];
    char cells[32][8][64];
    size_t ncells[32];
} rows;

static int collect(size_t line, char **fields, size_t n, void *p)
{
    rows *r = p;
    if (r->n == 32)
        return VG_ERROR;
    r->lines[r->n] = line;
    r->ncells[r->n] = n;
    for (size_t i = 0; i < n && i < 8; i++)
        snprintf(r->cells[r->n][i], 64, "%s", fields[i]);
    r->n++;
    return VG_OK;
}

static int read_text(const char *text, rows *r, vg_csv_info *info)
{
    memset(r, 0, sizeof *r);
    return vg_csv_read((const unsigned char *)text, strlen(text), collect, r, info);
}

static void excel_fr_semicolons_bom_crlf(void **state)
{
    rows r;
    vg_csv_info info;
    (void)state;
    assert_int_equal(read_text("\xef\xbb\xbfNom;Allergies;Note\r\n"
                               "Éloïse;\"Arachides; pénicilline (\"\"grave\"\")\";x\r\n"
                               "\r\n"
                               "Marc;\"Noix\r\nLatex\";y\r\n"
                               "Zoé;;\"a,b\"\r\n",
                               &r, &info),
                     VG_OK);
    assert_int_equal(info.delimiter, ';');
    assert_true(info.bom);
    assert_false(info.cp1252);
    assert_int_equal(r.n, 4);
    assert_string_equal(r.cells[0][0], "Nom"); /* no BOM in the first header */
    assert_string_equal(r.cells[1][1], "Arachides; pénicilline (\"grave\")");
    assert_string_equal(r.cells[2][1], "Noix\r\nLatex");
    assert_string_equal(r.cells[3][2], "a,b");
    /* the line of the file where each record starts, blank lines and
     * quoted newlines counted */
    assert_int_equal(r.lines[0], 1);
    assert_int_equal(r.lines[1], 2);
    assert_int_equal(r.lines[2], 4);
    assert_int_equal(r.lines[3], 6);
}

static void delimiters_and_line_ends(void **state)
{
    rows r;
    vg_csv_info info;
    (void)state;
    assert_int_equal(read_text("Name,Email\nA,\"x;y\"\nB,c\n", &r, &info), VG_OK);
    assert_int_equal(info.delimiter, ',');
    assert_string_equal(r.cells[1][1], "x;y");
    assert_int_equal(r.lines[2], 3);
    assert_int_equal(read_text("Name\tEmail\rA\tb\rB\tc", &r, &info), VG_OK); /* old Mac CR */
    assert_int_equal(info.delimiter, '\t');
    assert_int_equal(r.n, 3);
    assert_int_equal(r.lines[2], 3);
    assert_string_equal(r.cells[2][1], "c"); /* no final newline */
    /* a header with a quoted delimiter of the other kind */
    assert_int_equal(read_text("\"Nom, complet\";Courriel\nA;b\n", &r, &info), VG_OK);
    assert_int_equal(info.delimiter, ';');
    assert_string_equal(r.cells[0][0], "Nom, complet");
    /* spaces around cells are kept for the importer to trim */
    assert_int_equal(read_text("a,b\n x , y \n", &r, &info), VG_OK);
    assert_int_equal(r.ncells[1], 2);
}

static void encodings(void **state)
{
    rows r;
    vg_csv_info info;
    (void)state;
    /* Windows-1252: é = 0xE9, ’ = 0x92, œ = 0x9C */
    assert_int_equal(read_text("Nom\r\nR\xe9jean l\x92\x9cil\r\n", &r, &info), VG_OK);
    assert_true(info.cp1252);
    assert_string_equal(r.cells[1][0], "Réjean l’œil");
    assert_int_equal(vg_csv_read((const unsigned char *)"\xff\xfeN\0o\0m\0", 8, collect, &r, &info),
                     VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "UTF-16"));
    assert_int_equal(vg_csv_read((const unsigned char *)"a\0b", 3, collect, &r, &info),
                     VG_EINVALID);
}

static void refusals(void **state)
{
    rows r;
    vg_csv_info info;
    char *big;
    size_t n = 300 * 2 + 2;
    (void)state;
    assert_int_equal(read_text("Nom;Note\nA;\"pas fermé\nB;c\n", &r, &info), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "line 2"));
    /* too many columns */
    big = malloc(n);
    for (size_t i = 0; i < 300; i++) {
        big[2 * i] = 'a';
        big[2 * i + 1] = ',';
    }
    big[n - 2] = '\n';
    big[n - 1] = '\0';
    assert_int_equal(read_text(big, &r, &info), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "columns"));
    free(big);
    /* a cell too long */
    big = malloc(VG_CSV_MAX_FIELD + 10);
    memset(big, 'x', VG_CSV_MAX_FIELD + 9);
    big[VG_CSV_MAX_FIELD + 9] = '\0';
    assert_int_equal(read_text(big, &r, &info), VG_EINVALID);
    free(big);
    /* the callback's refusal stops the reading */
    memset(&r, 0, sizeof r);
    r.n = 32;
    assert_int_equal(vg_csv_read((const unsigned char *)"a\nb\n", 4, collect, &r, &info), VG_ERROR);
}

/* ---- the import, against a store ---- */

static char dir[256];
static vg_store *st;

static int pass_cb(vg_secret **out, void *p)
{
    (void)p;
    return vg_secret_from(out, "phrase de passe du test", 23);
}

static int setup(void **state)
{
    vg_secret *pass = NULL, *rkey = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    vg_delegation d;
    (void)state;
    vg_init();
    snprintf(dir, sizeof dir, "/tmp/vigie-unit-csv-%d/store", (int)getpid());
    pass_cb(&pass, NULL);
    assert_int_equal(vg_store_create(dir, pass, "t", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    assert_int_equal(vg_store_open(&st, dir, &o), VG_OK);
    memset(&d, 0, sizeof d);
    snprintf(d.slug, sizeof d.slug, "colombie-2026");
    d.name = (char *)"Colombie";
    snprintf(d.country, sizeof d.country, "CO");
    vg_date_parse(&d.start_day, "2026-03-01");
    vg_date_parse(&d.end_day, "2026-03-15");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_delegation_add(st, &d), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    free(d.tz);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    vg_store_close(st);
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-csv-%d", (int)getpid());
    return system(cmd);
}

static int import(const char *text, const char *const *maps, size_t nmaps, int dry,
                  vg_import_report *r)
{
    int rc;
    assert_int_equal(vg_store_begin(st), VG_OK);
    rc = vg_participant_import_buffer(st, "colombie-2026", (const unsigned char *)text,
                                      strlen(text), "p.csv", maps, nmaps, dry, r);
    if (rc == VG_OK)
        assert_int_equal(vg_store_commit(st), VG_OK);
    else
        vg_store_rollback(st);
    return rc;
}

static size_t participants(void)
{
    vg_participant **l = NULL;
    size_t n = 0;
    assert_int_equal(vg_participant_list(st, "colombie-2026", &l, &n), VG_OK);
    vg_participant_list_free(l, n);
    return n;
}

static void all_or_nothing_with_every_bad_line(void **state)
{
    vg_import_report r;
    (void)state;
    assert_int_equal(
        import("Prénom;Nom;Expiration du passeport;Téléphone;Groupe sanguin;Allergies\r\n"
               "Éloïse;Côté;2031-01-01;418 555 0101;O+;\r\n"
               "Marc;Tremblay;2030-02-30;418 555 0102;A+;\"Noix\r\nLatex\"\r\n"
               "Zoé;Roy;2031-01-01;12;Z;\r\n"
               ";;;;;\r\n"
               "Luc;Roy;31/12/2031;+57 310 234 4567;AB-;\r\n",
               NULL, 0, 0, &r),
        VG_EINVALID);
    assert_int_equal(r.rows, 4);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.errors_total, 3);
    assert_int_equal(r.nerrors, 3);
    assert_string_equal(r.errors[0],
                        "p.csv:3: expiration du passeport \"2030-02-30\" is not a date (YYYY-MM-DD "
                        "or DD/MM/YYYY)");
    assert_non_null(strstr(r.errors[1], "p.csv:5: téléphone \"12\""));
    assert_non_null(strstr(r.errors[2], "p.csv:5: groupe sanguin \"Z\""));
    assert_non_null(strstr(vg_error_last(), "nothing was imported"));
    vg_import_report_free(&r);
    assert_int_equal(participants(), 0);

    /* the same rows, fixed: every one in */
    assert_int_equal(
        import("Prénom;Nom;Expiration du passeport;Téléphone;Groupe sanguin;Allergies\r\n"
               "Éloïse;Côté;2031-01-01;418 555 0101;O+;\r\n"
               "Marc;Tremblay;2030-02-28;418 555 0102;A+;\"Noix\r\nLatex\"\r\n"
               "Luc;Roy;31/12/2031;+57 310 234 4567;AB-;\r\n",
               NULL, 0, 0, &r),
        VG_OK);
    assert_int_equal(r.added, 3);
    assert_int_equal(r.ncolumns, 6);
    vg_import_report_free(&r);
    assert_int_equal(participants(), 3);
    {
        vg_participant *p = NULL;
        assert_int_equal(vg_participant_find(st, "colombie-2026", "luc", &p), VG_OK);
        assert_string_equal(p->v[VG_PF_PASSPORT_EXPIRY], "2031-12-31");
        assert_string_equal(p->v[VG_PF_PHONE], "+57 310 234 4567");
        assert_string_equal(p->v[VG_PF_RETENTION_DATE], "2027-09-15");
        vg_participant_free(p);
        assert_int_equal(vg_participant_find(st, "colombie-2026", "marc", &p), VG_OK);
        assert_string_equal(p->v[VG_PF_ALLERGIES], "Noix\nLatex");
        vg_participant_free(p);
    }
}

static void maps_unknown_columns_and_duplicates(void **state)
{
    vg_import_report r;
    const char *maps[] = {"Tél. (cell)=phone", "Commentaire=ignore"};
    const char *bad[] = {"Nope=phone"};
    (void)state;
    assert_int_equal(import("Nom complet,Tél. (cell),Commentaire,Pointure,Courriel,E-mail\n"
                            "Rose Lagacé,418 555 0161,rien,38,r@exemple.org,autre@exemple.org\n",
                            maps, 2, 1, &r),
                     VG_OK);
    assert_int_equal(r.rows, 1);
    assert_int_equal(r.added, 0); /* dry run */
    assert_int_equal(r.ncolumns, 3);
    assert_string_equal(r.columns[1], "Tél. (cell) -> phone");
    assert_int_equal(r.nignored, 3);
    assert_non_null(strstr(r.ignored[0], "Commentaire"));
    assert_non_null(strstr(r.ignored[1], "Pointure"));
    assert_non_null(strstr(r.ignored[2], "\"E-mail\": ignored, \"Courriel\" already"));
    vg_import_report_free(&r);
    assert_int_equal(import("Nom complet\nA\n", bad, 1, 1, &r), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "no column \"Nope\""));
    vg_import_report_free(&r);
    /* duplicates in the file and with the store */
    assert_int_equal(import("Name\nAnne Roy\nanne roy\nÉloïse Côté\n", NULL, 0, 0, &r),
                     VG_EINVALID);
    assert_int_equal(r.nerrors, 2);
    assert_non_null(strstr(r.errors[0], "p.csv:3: \"anne roy\" is already on line 2"));
    assert_non_null(strstr(r.errors[1], "p.csv:4: \"Éloïse Côté\" is already a participant"));
    vg_import_report_free(&r);
    /* too many cells; no name */
    assert_int_equal(import("Name,Email\nA,a@b.org,extra\n,c@d.org\n", NULL, 0, 0, &r),
                     VG_EINVALID);
    assert_non_null(strstr(r.errors[0], "p.csv:2: 3 cells where the header has 2 columns"));
    assert_non_null(strstr(r.errors[1], "p.csv:3: no name"));
    vg_import_report_free(&r);
    assert_int_equal(import("Email\na@b.org\n", NULL, 0, 0, &r), VG_EINVALID);
    vg_import_report_free(&r);
    assert_int_equal(import("", NULL, 0, 0, &r), VG_EINVALID);
    vg_import_report_free(&r);
    assert_int_equal(participants(), 3);
}

/* Issue 12: the file is validated before the write transaction; a name
 * another command took in between is refused when the rows are written,
 * and nothing is written. */
static void validated_outside_the_transaction(void **state)
{
    vg_import_report r;
    vg_import_plan *plan = NULL;
    vg_participant p;
    char path[300];
    FILE *f;
    (void)state;
    snprintf(path, sizeof path, "/tmp/vigie-unit-csv-%d/two-steps.csv", (int)getpid());
    assert_non_null(f = fopen(path, "w"));
    fputs("Nom complet;Téléphone\nJeanne Pelletier;418 555 0171\nOmar Haddad;418 555 0172\n", f);
    fclose(f);
    /* no transaction open: the check only reads */
    assert_int_equal(
        vg_participant_import_check(st, "colombie-2026", path, "deux.csv", NULL, 0, 0, &r, &plan),
        VG_OK);
    assert_non_null(plan);
    assert_int_equal(r.rows, 2);
    /* meanwhile, someone adds Omar by hand */
    memset(&p, 0, sizeof p);
    p.v[VG_PF_NAME] = strdup("Omar Haddad");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_participant_add(st, "colombie-2026", &p), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    for (int i = 0; i < VG_PF_COUNT; i++)
        free(p.v[i]);
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_participant_import_write(st, plan, &r), VG_EINVALID);
    vg_store_rollback(st);
    assert_int_equal(r.added, 0);
    assert_non_null(strstr(r.errors[0], "deux.csv:3: \"Omar Haddad\" is already a participant"));
    vg_import_plan_free(plan);
    vg_import_report_free(&r);
    /* a plan for a file without him goes through */
    assert_non_null(f = fopen(path, "w"));
    fputs("Nom complet;Téléphone\nJeanne Pelletier;418 555 0171\n", f);
    fclose(f);
    plan = NULL;
    assert_int_equal(
        vg_participant_import_check(st, "colombie-2026", path, NULL, NULL, 0, 0, &r, &plan), VG_OK);
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_participant_import_write(st, plan, &r), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(r.added, 1);
    vg_import_plan_free(plan);
    vg_import_report_free(&r);
    vg_import_plan_free(NULL);
}

static void many_errors_are_counted(void **state)
{
    vg_import_report r;
    size_t cap = 1200 * 20 + 20, o = 0;
    char *text = malloc(cap);
    (void)state;
    o += (size_t)snprintf(text + o, cap - o, "Name;Phone\n");
    for (int i = 0; i < 1200; i++)
        o += (size_t)snprintf(text + o, cap - o, "P%d;12\n", i);
    assert_int_equal(import(text, NULL, 0, 0, &r), VG_EINVALID);
    assert_int_equal(r.errors_total, 1200);
    assert_int_equal(r.nerrors, 1000);
    assert_non_null(strstr(r.errors[999], "p.csv:1001:"));
    vg_import_report_free(&r);
    free(text);
}

int main(void)
{
    const struct CMUnitTest reader[] = {
        cmocka_unit_test(excel_fr_semicolons_bom_crlf),
        cmocka_unit_test(delimiters_and_line_ends),
        cmocka_unit_test(encodings),
        cmocka_unit_test(refusals),
    };
    const struct CMUnitTest importer[] = {
        cmocka_unit_test(all_or_nothing_with_every_bad_line),
        cmocka_unit_test(maps_unknown_columns_and_duplicates),
        cmocka_unit_test(many_errors_are_counted),
        cmocka_unit_test(validated_outside_the_transaction),
    };
    vg_init();
    return cmocka_run_group_tests(reader, NULL, NULL) |
           cmocka_run_group_tests(importer, setup, teardown);
}
