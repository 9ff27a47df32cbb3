/* Baseline for bench/cases/export.sh (not installed, not a command): the
 * same cells as the coordinator's check-in log of the benchmark store
 * (bench_checkin_gen: 50 participants, "Jacmel", "Signal", logged by hand),
 * written with bare libxlsxwriter in constant_memory mode, with nothing
 * read from a store: the floor of what exporting the log can cost.
 *
 *   bench_export_baseline OUTPUT.xlsx ROWS TMPDIR */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char **argv)
{
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *when, *head;
    static const char *const cols[] = {"Quand (America/Port-au-Prince)",
                                       "Participant·e",
                                       "État",
                                       "Où",
                                       "Par",
                                       "Note",
                                       "Source",
                                       "Inscrit le"};
    long rows;
    char names[50][32];
    if (argc != 4 || (rows = atol(argv[2])) < 1) {
        fprintf(stderr, "usage: bench_export_baseline OUTPUT.xlsx ROWS TMPDIR\n");
        return 2;
    }
    o.tmpdir = argv[3];
    for (int i = 0; i < 50; i++)
        snprintf(names[i], sizeof names[i], "Participant %03d", i + 1);
    if (!(wb = workbook_new_opt(argv[1], &o)))
        return 1;
    ws = workbook_add_worksheet(wb, "Journal des check-ins");
    when = workbook_add_format(wb);
    format_set_num_format(when, "yyyy-mm-dd hh:mm");
    head = workbook_add_format(wb);
    format_set_bold(head);
    for (int c = 0; c < 8; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], head);
    worksheet_freeze_panes(ws, 1, 0);
    for (long r = 1; r <= rows; r++) {
        /* a year of check-ins, as the generator spreads them */
        double t = 45000.5 + 364.0 * (double)(r - 1) / (double)rows;
        worksheet_write_number(ws, (lxw_row_t)r, 0, t, when);
        worksheet_write_string(ws, (lxw_row_t)r, 1, names[(r - 1) % 50], NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 2, "ok", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 3, "Jacmel", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 4, "Signal", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 6, "saisi à la main", NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 7, 45364.2, when);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
