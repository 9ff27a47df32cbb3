#!/usr/bin/python3
"""Baseline for bench/cases/export_openpyxl.sh: the same cells as the
coordinator's check-in log of the benchmark store, written with Python's
openpyxl in write-only mode (what a coordinator's own script would use).

  export_openpyxl.py OUTPUT.xlsx ROWS
"""
import datetime
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell


def main():
    out, rows = sys.argv[1], int(sys.argv[2])
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Journal des check-ins")
    ws.freeze_panes = "A2"
    ws.append(["Quand (America/Port-au-Prince)", "Participant·e", "État", "Où", "Par", "Note",
               "Source", "Inscrit le"])
    names = ["Participant %03d" % (i + 1) for i in range(50)]
    start = datetime.datetime(2024, 3, 11, 12, 0)
    logged = datetime.datetime(2025, 3, 10, 2, 0)
    span = 364 * 86400
    for r in range(rows):
        when = WriteOnlyCell(ws, value=start + datetime.timedelta(seconds=span * r // rows))
        when.number_format = "yyyy-mm-dd hh:mm"
        lg = WriteOnlyCell(ws, value=logged)
        lg.number_format = "yyyy-mm-dd hh:mm"
        ws.append([when, names[r % 50], "ok", "Jacmel", "Signal", None, "saisi à la main", lg])
    wb.save(out)


if __name__ == "__main__":
    main()
