/* The export session: where files go (temporary, 0600, renamed, never
 * replaced without asking), the three writers, widths, and what a
 * spreadsheet program reads back (through tests/tools/xlsx_check.py with
 * Debian's openpyxl). */
#include <dirent.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <vigie/error.h>
#include <vigie/export.h>

#include "util/fileio.h"

static char dir[256];  /* the target folder */
static char priv[300]; /* the "store" folder */

static int setup(void **s)
{
    (void)s;
    snprintf(dir, sizeof dir, "/tmp/vigie-export-test.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(priv, sizeof priv, "%s/store", dir);
    return mkdir(priv, 0700);
}

static void rmtree(const char *d)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", d);
}

static int teardown(void **s)
{
    (void)s;
    if (!getenv("KEEP"))
        rmtree(dir);
    else
        fprintf(stderr, "kept %s\n", dir);
    return 0;
}

/* Entries of a folder other than . and .. */
static int count_entries(const char *d)
{
    DIR *dd = opendir(d);
    struct dirent *e;
    int n = 0;
    if (!dd)
        return -1;
    while ((e = readdir(dd)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(dd);
    return n;
}

/* Run the read-back tool; its output into out (may be NULL). */
static int check_tool(char *out, size_t cap, const char *args)
{
    char cmd[1200];
    const char *src = getenv("VIGIE_SOURCE_DIR");
    FILE *p;
    size_t n = 0;
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/tools/xlsx_check.py %s 2>&1",
             src ? src : ".", args);
    if (!(p = popen(cmd, "r")))
        return -1;
    if (out) {
        n = fread(out, 1, cap - 1, p);
        out[n] = '\0';
    } else {
        char buf[4096];
        while (fread(buf, 1, sizeof buf, p) > 0)
            ;
    }
    return pclose(p);
}

static const vg_xcol people_cols[] = {
    {"name", "Nom", VG_COL_TEXT, 0},
    {"phone", "Téléphone", VG_COL_ID, 0},
    {"birth_date", "Date de naissance", VG_COL_DATE, 0},
    {"likelihood", "Probabilité", VG_COL_INT, 0},
    {"impact", "Impact", VG_COL_INT, 0},
    {"score", "Score", VG_COL_INT, 0},
    {"seen", "Vu le", VG_COL_DATETIME, 0},
};

/* A small document with the features the two real ones use. */
static int write_sample(const char *path, vg_export_format fmt, int replace)
{
    vg_export *x = NULL;
    vg_export_opts o = {0};
    char ref1[16], ref2[16], formula[64];
    int rc;
    static const vg_xcol kv[] = {{"field", "Champ", VG_COL_TEXT, 0},
                                 {"value", "Valeur", VG_COL_TEXT, 0}};
    o.format = fmt;
    o.path = path;
    o.replace = replace;
    o.private_dir = priv;
    o.tz = "America/Bogota";
    o.lang = "fr";
    o.title = "Dossier de risques";
    o.subject = "Délégation test";
    o.author = "Organisme fictif";
    o.created = 1741102200;
    if ((rc = vg_export_open(&x, &o)) != VG_OK)
        return rc;
    rc = vg_export_sheet(x, "summary", "Sommaire");
    if (rc == VG_OK)
        rc = vg_export_title(x, "Délégation Colombie 2025", "Généré pour le test");
    if (rc == VG_OK)
        rc = vg_export_table(x, "facts", NULL, kv, 2, VG_XT_NOHEADER);
    if (rc == VG_OK)
        rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT("Pays"), VG_XTEXT("Colombie")});
    if (rc == VG_OK)
        rc = vg_export_sheet(x, "people", "Participant·e·s");
    if (rc == VG_OK)
        rc = vg_export_table(x, "people", NULL, people_cols, 7, VG_XT_LIST);
    for (int i = 0; rc == VG_OK && i < 3; i++) {
        const char *names[] = {"Marie-Ève Côté", "=HYPERLINK(\"x\")", "Jean, dit \"Johnny\""};
        vg_export_ref(x, 3, ref1);
        vg_export_ref(x, 4, ref2);
        snprintf(formula, sizeof formula, "=%s*%s", ref1, ref2);
        vg_xcell row[] = {VG_XTEXT(names[i]),  VG_XTEXT("+1 418 555 0102"),
                          VG_XDATE(7300 + i),  VG_XNUM(i + 1),
                          VG_XNUM(4),          VG_XFORMULA(formula, (i + 1) * 4),
                          VG_XTIME(1741102200)};
        row[5].style = VG_XS_BAND(i + 1);
        rc = vg_export_row(x, row);
    }
    if (rc == VG_OK)
        rc = vg_export_bands(x, 5);
    if (rc == VG_OK)
        rc = vg_export_note(x, "Une note sous le tableau", VG_XS_MUTED);
    if (rc == VG_OK)
        rc = vg_export_commit(x);
    if (rc != VG_OK)
        fprintf(stderr, "export: %s\n", vg_error_last());
    vg_export_free(x);
    return rc;
}

static void xlsx_written_privately_and_atomically(void **s)
{
    char path[400], out[8192], args[600];
    struct stat sb;
    (void)s;
    snprintf(path, sizeof path, "%s/risques.xlsx", dir);
    assert_int_equal(write_sample(path, VG_FORMAT_XLSX, 0), VG_OK);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* nothing else beside it but the store folder; the private tmpdir is gone */
    assert_int_equal(count_entries(dir), 2);
    assert_int_equal(count_entries(priv), 0);

    /* never replaced without being asked; the old file is untouched */
    assert_int_equal(write_sample(path, VG_FORMAT_XLSX, 0), VG_EEXISTS);
    assert_non_null(strstr(vg_error_last(), "already exists"));
    assert_int_equal(count_entries(dir), 2);
    assert_int_equal(write_sample(path, VG_FORMAT_XLSX, 1), VG_OK);
    assert_int_equal(count_entries(dir), 2);

    /* read back */
    snprintf(args, sizeof args, "sheets '%s'", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_string_equal(out, "Sommaire\nParticipant·e·s\n");
    snprintf(args, sizeof args, "cell '%s' 'Participant·e·s' B2", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "s\t+1 418 555 0102\t@")); /* a phone number is text */
    snprintf(args, sizeof args, "cell '%s' 'Participant·e·s' C2", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "d\t1989-12-27 00:00:00\tyyyy-mm-dd")); /* a real date */
    snprintf(args, sizeof args, "cell '%s' 'Participant·e·s' F3", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "n\t8\t")); /* the formula's cached value */
    assert_non_null(strstr(out, "=D3*E3"));
    snprintf(args, sizeof args, "cell '%s' 'Participant·e·s' G2", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "d\t2025-03-04 10:30:00\tyyyy-mm-dd hh:mm")); /* Bogotá time */
    snprintf(args, sizeof args, "cell '%s' 'Participant·e·s' A1", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "s\tNom\tGeneral\tbold")); /* header */
    snprintf(args, sizeof args, "layout '%s' 'Participant·e·s'", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "freeze\tA2\n"));
    assert_non_null(strstr(out, "autofilter\tA1:G4\n"));
    assert_non_null(strstr(out, "conditional\tF2:F4\tcellIs\tbetween\t10,16\n"));
    assert_non_null(strstr(out, "width\tA\t")); /* widths set */
    snprintf(args, sizeof args, "props '%s'", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "title\tDossier de risques\n"));
    assert_non_null(strstr(out, "subject\tDélégation test\n"));
    assert_non_null(strstr(out, "creator\tOrganisme fictif\n"));
    /* the search the privacy tests rely on finds what is there, and only that */
    snprintf(args, sizeof args, "find '%s' 'côté' '4185550102'", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "Participant·e·s!A2"));
    assert_non_null(strstr(out, "Participant·e·s!B2"));
    snprintf(args, sizeof args, "find '%s' 'Tremblay'", path);
    assert_int_equal(check_tool(out, sizeof out, args), 256);
}

static void column_widths_fit(void **s)
{
    char path[400], out[8192], args[600];
    vg_export *x = NULL;
    vg_export_opts o = {.format = VG_FORMAT_XLSX, .private_dir = priv, .lang = "en"};
    static const vg_xcol cols[] = {{"a", "A", VG_COL_TEXT, 0}, {"b", "B", VG_COL_TEXT, 0}};
    static const char long_text[] =
        "A long scenario that goes on and on about a road between two towns at night, "
        "with checkpoints, rain and a driver who does not know the way.";
    (void)s;
    snprintf(path, sizeof path, "%s/widths.xlsx", dir);
    o.path = path;
    assert_int_equal(vg_export_open(&x, &o), VG_OK);
    assert_int_equal(vg_export_sheet(x, "s", "S"), VG_OK);
    assert_int_equal(vg_export_table(x, "t", NULL, cols, 2, VG_XT_LIST), VG_OK);
    assert_int_equal(
        vg_export_row(x, (vg_xcell[]){VG_XTEXT("Île-à-la-Crosse"), VG_XTEXT(long_text)}), VG_OK);
    assert_int_equal(vg_export_commit(x), VG_OK);
    vg_export_free(x);
    snprintf(args, sizeof args, "layout '%s' S", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    /* 15 characters (not the 18 bytes) + room; the long one capped and wrapped */
    assert_non_null(strstr(out, "width\tA\t17."));
    assert_non_null(strstr(out, "width\tB\t62."));
    snprintf(args, sizeof args, "cell '%s' S B2", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
}

static void text_width_is_display_width(void **s)
{
    (void)s;
    assert_int_equal(vg_export_text_width("Côté"), 4);
    assert_int_equal(vg_export_text_width("e\xcc\x81t\xc3\xa9"), 3); /* combining accent */
    assert_int_equal(vg_export_text_width("日本"), 4);
    assert_int_equal(vg_export_text_width("ab\nabcde\nx"), 5);
    assert_int_equal(vg_export_text_width(""), 0);
}

static char *slurp(const char *path, size_t *n)
{
    unsigned char *buf = NULL;
    if (vg_file_read(path, 1 << 20, &buf, n) != VG_OK)
        return NULL;
    return (char *)buf;
}

static void csv_folder_rfc4180(void **s)
{
    char path[400], file[500];
    char *text;
    size_t n;
    struct stat sb;
    int before;
    (void)s;
    snprintf(path, sizeof path, "%s/risques-csv", dir);
    assert_int_equal(write_sample(path, VG_FORMAT_CSV, 0), VG_OK);
    assert_int_equal(stat(path, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(sb.st_mode & 0777, 0700);
    assert_int_equal(count_entries(path), 2);
    snprintf(file, sizeof file, "%s/02-participantes.csv", path);
    assert_int_equal(stat(file, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_non_null(text = slurp(file, &n));
    assert_memory_equal(text, "\xef\xbb\xbfNom;Téléphone;Date de naissance;", 33);
    assert_non_null(strstr(text, "\r\nMarie-Ève Côté;+1 418 555 0102;1989-12-27;1;4;4;"
                                 "2025-03-04 10:30\r\n"));
    /* a formula-looking text is defused; quotes doubled and quoted */
    assert_non_null(strstr(text, "\r\n\"'=HYPERLINK(\"\"x\"\")\";+1"));
    assert_non_null(strstr(text, "\r\n\"Jean, dit \"\"Johnny\"\"\";+1"));
    free(text);
    snprintf(file, sizeof file, "%s/01-sommaire.csv", path);
    assert_non_null(text = slurp(file, &n));
    assert_string_equal(text, "\xef\xbb\xbf"
                              "Champ;Valeur\r\nPays;Colombie\r\n");
    free(text);

    /* existing: refused, then replaced with --force, leaving nothing behind */
    before = count_entries(dir);
    assert_int_equal(write_sample(path, VG_FORMAT_CSV, 0), VG_EEXISTS);
    assert_int_equal(write_sample(path, VG_FORMAT_CSV, 1), VG_OK);
    assert_int_equal(count_entries(path), 2);
    assert_int_equal(count_entries(dir), before);

    /* a folder that holds anything else is never replaced, even with --force */
    snprintf(file, sizeof file, "%s/mine.txt", path);
    assert_int_equal(vg_file_write_atomic(file, "x", 1, 0), VG_OK);
    assert_int_equal(write_sample(path, VG_FORMAT_CSV, 1), VG_EINVALID);
    assert_int_equal(stat(file, &sb), 0);
    assert_int_equal(count_entries(path), 3);
}

static void json_same_content(void **s)
{
    char path[400], out[8192], args[600];
    char *text;
    size_t n;
    struct stat sb;
    (void)s;
    snprintf(path, sizeof path, "%s/risques.json", dir);
    assert_int_equal(write_sample(path, VG_FORMAT_JSON, 0), VG_OK);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_non_null(text = slurp(path, &n));
    assert_non_null(strstr(text, "\"format\":\"vigie-export/1\""));
    assert_non_null(strstr(text, "{\"name\":\"Marie-Ève Côté\",\"phone\":\"+1 418 555 0102\","
                                 "\"birth_date\":\"1989-12-27\",\"likelihood\":1,\"impact\":4,"
                                 "\"score\":4,\"seen\":\"2025-03-04T10:30:00-05:00\"}"));
    assert_non_null(strstr(text, "\"name\":\"=HYPERLINK(\\\"x\\\")\""));
    assert_non_null(strstr(text, "\"notes\":[\"Une note sous le tableau\"]"));
    free(text);
    /* valid JSON, read by a real parser */
    snprintf(args, sizeof args, "findtree '%s' 'Marie-Ève'", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
}

/* A document of numbers: a mean 2.4, a share 0.6 (also as a formula and
 * in a chart), a time, a date, a text holding both separators. */
static int write_numbers(const char *path, vg_export_format fmt, const char *lang, char sep)
{
    vg_export *x = NULL;
    vg_export_opts o = {0};
    static const vg_xcol cols[] = {
        {"domain", "Domaine", VG_COL_TEXT, 0},          {"mean", "Niveau moyen", VG_COL_NUM, 0},
        {"share", "Part", VG_COL_PERCENT, 0},           {"ratio", "Ratio", VG_COL_PERCENT, 0},
        {"signed_at", "Signée le", VG_COL_DATETIME, 0}, {"day", "Jour", VG_COL_DATE, 0}};
    const char *names[] = {"Gouvernance; politiques, procédures", "Préparation"};
    int rc;
    o.format = fmt;
    o.path = path;
    o.private_dir = priv;
    o.tz = "America/Toronto";
    o.lang = lang;
    o.csv_separator = sep;
    o.created = 1764749040;
    if ((rc = vg_export_open(&x, &o)) != VG_OK)
        return rc;
    rc = vg_export_sheet(x, "summary", "Sommaire");
    if (rc == VG_OK)
        rc = vg_export_table(x, "domains", NULL, cols, 6, VG_XT_LIST);
    for (int i = 0; rc == VG_OK && i < 2; i++) {
        char formula[32], ref[16];
        vg_export_ref(x, 2, ref);
        snprintf(formula, sizeof formula, "=%s*1", ref);
        rc = vg_export_row(x, (vg_xcell[]){VG_XTEXT(names[i]), VG_XNUM(2.4 + i * 0.3),
                                           VG_XNUM(0.6 - i * 0.1666),
                                           VG_XFORMULA(formula, 0.6 - i * 0.1666),
                                           VG_XTIME(1764749040), VG_XDATE(20425)});
    }
    if (rc == VG_OK)
        rc = vg_export_chart(x, "Niveaux", 0, 1, 5, NULL);
    if (rc == VG_OK)
        rc = vg_export_commit(x);
    if (rc != VG_OK)
        fprintf(stderr, "export: %s\n", vg_error_last());
    vg_export_free(x);
    return rc;
}

/* Under a French locale (decimal comma) every number inside the files
 * keeps its '.': the session guards itself even when its caller left
 * LC_NUMERIC French (the CLI sets it to "C" too), and gives the caller its
 * locale back. */
static void locale_never_leaks_into_files(void **s)
{
    char path[400], out[8192], args[600], num[32];
    char *text;
    size_t n;
    (void)s;
    /* generated by scripts/dev deps; a missing locale fails, never skips */
    assert_non_null(setlocale(LC_ALL, "fr_CA.UTF-8"));
    snprintf(num, sizeof num, "%.1f", 2.4);
    assert_string_equal(num, "2,4"); /* the trap is live */

    snprintf(path, sizeof path, "%s/fr.xlsx", dir);
    assert_int_equal(write_numbers(path, VG_FORMAT_XLSX, "fr", 0), VG_OK);
    snprintf(args, sizeof args, "xmlnumbers '%s'", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "all with a '.'"));
    snprintf(args, sizeof args, "numbers '%s' Sommaire B2 C2 D2 E2", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0);
    assert_non_null(strstr(out, "B2\tn\tfloat\t2.4\n"));
    assert_non_null(strstr(out, "C2\tn\tfloat\t0.6\n"));
    assert_non_null(strstr(out, "D2\tn\tfloat\t0.6\n"));
    assert_non_null(strstr(out, "E2\td\tdatetime\t2025-12-03 03:04:00\n"));

    snprintf(path, sizeof path, "%s/fr.json", dir);
    assert_int_equal(write_numbers(path, VG_FORMAT_JSON, "fr", 0), VG_OK);
    assert_non_null(text = slurp(path, &n));
    assert_non_null(strstr(text, "\"mean\":2.4,\"share\":0.6,\"ratio\":0.6,"));
    free(text);
    snprintf(args, sizeof args, "findtree '%s' 'Préparation'", path);
    assert_int_equal(check_tool(out, sizeof out, args), 0); /* json.load parses it */

    snprintf(num, sizeof num, "%.1f", 2.4);
    assert_string_equal(num, "2,4"); /* the caller's locale is back */
    setlocale(LC_ALL, "C");
}

/* CSV is read by people's spreadsheets: the separator and the decimals of
 * the document's language, the separator inside a cell quoted, fractions as
 * percentages, times as "date hour" that a spreadsheet reads as a date. */
static void csv_follows_the_language(void **s)
{
    char path[400], file[500];
    char *text;
    size_t n;
    (void)s;
    snprintf(path, sizeof path, "%s/fr-csv", dir);
    assert_int_equal(write_numbers(path, VG_FORMAT_CSV, "fr", 0), VG_OK);
    snprintf(file, sizeof file, "%s/01-sommaire.csv", path);
    assert_non_null(text = slurp(file, &n));
    assert_string_equal(text, "\xef\xbb\xbf"
                              "Domaine;Niveau moyen;Part;Ratio;Signée le;Jour\r\n"
                              "\"Gouvernance; politiques, procédures\";2,4;60 %;60 %;"
                              "2025-12-03 03:04;2025-12-03\r\n"
                              "Préparation;2,7;43,3 %;43,3 %;2025-12-03 03:04;2025-12-03\r\n");
    free(text);

    snprintf(path, sizeof path, "%s/en-csv", dir);
    assert_int_equal(write_numbers(path, VG_FORMAT_CSV, "en", 0), VG_OK);
    snprintf(file, sizeof file, "%s/01-sommaire.csv", path);
    assert_non_null(text = slurp(file, &n));
    assert_string_equal(text, "\xef\xbb\xbf"
                              "Domaine,Niveau moyen,Part,Ratio,Signée le,Jour\r\n"
                              "\"Gouvernance; politiques, procédures\",2.4,60%,60%,"
                              "2025-12-03 03:04,2025-12-03\r\n"
                              "Préparation,2.7,43.3%,43.3%,2025-12-03 03:04,2025-12-03\r\n");
    free(text);

    /* chosen: a comma in French keeps '.' decimals; a tab keeps French ones */
    snprintf(path, sizeof path, "%s/fr-comma", dir);
    assert_int_equal(write_numbers(path, VG_FORMAT_CSV, "fr", ','), VG_OK);
    snprintf(file, sizeof file, "%s/01-sommaire.csv", path);
    assert_non_null(text = slurp(file, &n));
    assert_non_null(strstr(text, "\r\n\"Gouvernance; politiques, procédures\",2.4,60 %,"));
    free(text);
    snprintf(path, sizeof path, "%s/fr-tab", dir);
    assert_int_equal(write_numbers(path, VG_FORMAT_CSV, "fr", '\t'), VG_OK);
    snprintf(file, sizeof file, "%s/01-sommaire.csv", path);
    assert_non_null(text = slurp(file, &n));
    assert_non_null(strstr(text, "\r\nGouvernance; politiques, procédures\t2,4\t60 %\t"));
    free(text);
    snprintf(path, sizeof path, "%s/bad-sep", dir);
    assert_int_equal(write_numbers(path, VG_FORMAT_CSV, "fr", '|'), VG_EINVALID);
    assert_int_equal(vg_export_csv_separator_parse(";"), ';');
    assert_int_equal(vg_export_csv_separator_parse("tab"), '\t');
    assert_int_equal(vg_export_csv_separator_parse("|"), 0);
}

static void failure_leaves_nothing(void **s)
{
    char path[400];
    vg_export *x = NULL;
    vg_export_opts o = {.format = VG_FORMAT_XLSX, .private_dir = priv, .lang = "en"};
    static const vg_xcol cols[] = {{"a", "A", VG_COL_TEXT, 0}};
    int before;
    (void)s;
    snprintf(path, sizeof path, "%s/abandoned.xlsx", dir);
    o.path = path;
    before = count_entries(dir);
    assert_int_equal(vg_export_open(&x, &o), VG_OK);
    assert_int_equal(count_entries(priv), 1); /* libxlsxwriter's private folder */
    assert_int_equal(vg_export_sheet(x, "s", "S"), VG_OK);
    assert_int_equal(vg_export_sheet(x, "t", "s"), VG_EINVALID); /* same name, any case */
    assert_int_equal(vg_export_table(x, "t", NULL, cols, 1, 0), VG_EINVALID); /* ended */
    vg_export_free(x);
    assert_int_equal(count_entries(dir), before);
    assert_int_equal(count_entries(priv), 0);
    assert_int_equal(access(path, F_OK), -1);

    assert_int_equal(vg_export_open(&x, &o), VG_OK);
    assert_int_equal(vg_export_sheet(x, "s", "Bad/name"), VG_EINVALID);
    vg_export_free(x);
    assert_int_equal(vg_export_open(&x, &o), VG_OK);
    assert_int_equal(vg_export_sheet(x, "s", "A sheet name longer than thirty-one"), VG_EINVALID);
    vg_export_free(x);
    assert_int_equal(count_entries(dir), before);
}

static void references(void **s)
{
    char path[400], ref[16], range[128];
    vg_export *x = NULL;
    vg_export_opts o = {.format = VG_FORMAT_JSON, .private_dir = priv, .lang = "en"};
    static const vg_xcol cols[] = {{"a", "A", VG_COL_INT, 0}, {"b", "B", VG_COL_INT, 0}};
    (void)s;
    snprintf(path, sizeof path, "%s/refs.json", dir);
    o.path = path;
    assert_int_equal(vg_export_open(&x, &o), VG_OK);
    assert_int_equal(vg_export_sheet(x, "s", "Risk register"), VG_OK);
    assert_int_equal(vg_export_title(x, "T", NULL), VG_OK);
    assert_int_equal(vg_export_table(x, "t", "Block", cols, 2, 0), VG_OK);
    /* title on row 1, a blank row, the block's title, its header on row 4 */
    vg_export_ref(x, 1, ref);
    assert_string_equal(ref, "B5");
    vg_export_range(x, 1, 1, range);
    assert_string_equal(range, "'Risk register'!$B$4:$B$4");
    assert_int_equal(vg_export_row(x, (vg_xcell[]){VG_XNUM(1), VG_XNUM(2)}), VG_OK);
    assert_int_equal(vg_export_row(x, (vg_xcell[]){VG_XNUM(3), VG_XNUM(4)}), VG_OK);
    vg_export_ref(x, 0, ref);
    assert_string_equal(ref, "A7");
    vg_export_range(x, 1, 0, range);
    assert_string_equal(range, "$B$5:$B$6");
    assert_int_equal(vg_export_rows(x), 2);
    vg_export_free(x);
    unlink(path);
}

static void formats_parse(void **s)
{
    vg_export_format f;
    (void)s;
    assert_int_equal(vg_export_format_parse("csv", &f), VG_OK);
    assert_int_equal(f, VG_FORMAT_CSV);
    assert_int_equal(vg_export_format_parse("xls", &f), VG_EINVALID);
    assert_string_equal(vg_export_format_name(VG_FORMAT_JSON), "json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_width_is_display_width),
        cmocka_unit_test(formats_parse),
        cmocka_unit_test(xlsx_written_privately_and_atomically),
        cmocka_unit_test(column_widths_fit),
        cmocka_unit_test(csv_folder_rfc4180),
        cmocka_unit_test(json_same_content),
        cmocka_unit_test(locale_never_leaks_into_files),
        cmocka_unit_test(csv_follows_the_language),
        cmocka_unit_test(failure_leaves_nothing),
        cmocka_unit_test(references),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
