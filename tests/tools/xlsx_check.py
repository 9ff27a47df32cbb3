#!/usr/bin/python3
"""Read a workbook back the way a spreadsheet program would, for the tests.

Uses Debian's python3-openpyxl (run it with /usr/bin/python3: another
python3 first on PATH may not have it). Each subcommand prints lines that
the shell tests grep:

  sheets FILE                  the sheet names, in order
  rows FILE SHEET [N]          the first N rows (default all), cells separated
                               by tabs (cached values of formulas)
  cell FILE SHEET REF          type, value, number format, bold, fill colour,
                               formula (or "-") of one cell, tab-separated
  column FILE SHEET HEADER     "ROW<TAB>TYPE<TAB>VALUE" of every non-empty cell
                               under the header cell named HEADER (first
                               match), down to the first empty row
  layout FILE SHEET            freeze panes, autofilter, column widths, data
                               validations and conditional formats
  props FILE                   the document properties
  parts FILE                   the parts of the zip (xl/charts/chart1.xml...)
  find FILE TEXT...            every cell of every sheet and every XML part
                               whose text holds one of TEXT (case-insensitive;
                               phone numbers also match without spaces);
                               prints one line per hit, exits 0 if any, 1 if none
  findtree DIR TEXT...         the same over every file of a folder (CSV, JSON)
  xmlnumbers FILE              every number inside the workbook's XML that is not
                               written with a '.' (a locale leak: width="52,71",
                               <v>2,4</v>, left="0,4"); prints them, exits 1 if any,
                               else prints how many numbers it checked
  numbers FILE SHEET REF...    type and value of each cell: the proof that a
                               spreadsheet reads numbers as numbers
  same FILE COPY               every number and date of FILE is the same number or
                               date in COPY (the workbook as LibreOffice read it
                               and wrote it back); prints the differences, exits 1
"""
import html
import json
import re
import sys
import zipfile

import openpyxl


def load(path, data_only=True):
    return openpyxl.load_workbook(path, data_only=data_only)


def text(v):
    if v is None:
        return ""
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def sheet(wb, name):
    if name not in wb.sheetnames:
        sys.exit("no sheet %r (sheets: %s)" % (name, ", ".join(wb.sheetnames)))
    return wb[name]


def cmd_sheets(path):
    for n in load(path).sheetnames:
        print(n)


def cmd_rows(path, name, n=None):
    ws = sheet(load(path), name)
    limit = int(n) if n else None
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if limit is not None and i >= limit:
            break
        print("\t".join(text(v).replace("\n", "\\n") for v in row))


def describe(c, f):
    fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type else "-"
    formula = f.value if isinstance(f.value, str) and f.value.startswith("=") else "-"
    return "\t".join([c.data_type, text(c.value), c.number_format, "bold" if c.font.b else "-",
                      str(fill), formula])


def cmd_cell(path, name, ref):
    wb, wf = load(path), load(path, data_only=False)
    print(describe(sheet(wb, name)[ref], sheet(wf, name)[ref]))


def cmd_column(path, name, header):
    ws = sheet(load(path), name)
    for row in ws.iter_rows():
        for c in row:
            if c.value == header:
                col, r = c.column, c.row + 1
                while r <= ws.max_row:
                    d = ws.cell(row=r, column=col)
                    if d.value is None and all(
                            ws.cell(row=r, column=k).value is None
                            for k in range(1, ws.max_column + 1)):
                        return
                    if d.value is not None:
                        print("%d\t%s\t%s" % (r, d.data_type, text(d.value)))
                    r += 1
                return
    sys.exit("no header %r in %s" % (header, name))


def cmd_layout(path, name):
    ws = sheet(load(path), name)
    print("freeze\t%s" % (ws.freeze_panes or "-"))
    print("autofilter\t%s" % (ws.auto_filter.ref or "-"))
    for key, dim in sorted(ws.column_dimensions.items()):
        if dim.width:
            print("width\t%s\t%.1f" % (key, dim.width))
    for dv in ws.data_validations.dataValidation:
        print("validation\t%s\t%s\t%s" % (dv.sqref, dv.type, dv.formula1))
    for rng, rules in ws.conditional_formatting._cf_rules.items():
        for r in rules:
            print("conditional\t%s\t%s\t%s\t%s" % (rng.sqref, r.type, r.operator,
                                                  ",".join(r.formula or [])))
    print("print\t%s\t%s" % (ws.page_setup.orientation, ws.print_title_rows or "-"))


def cmd_props(path):
    p = load(path).properties
    for k in ("title", "subject", "creator", "keywords", "description", "created"):
        print("%s\t%s" % (k, text(getattr(p, k))))


def cmd_parts(path):
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            print(n)


def needles(words):
    out = []
    for w in words:
        out.append(w.lower())
        squeezed = re.sub(r"[\s\-]", "", w.lower())
        if squeezed != w.lower() and len(squeezed) >= 6:
            out.append(squeezed)
    return out


def hits_in(label, value, ns):
    v = value.lower()
    sq = re.sub(r"[\s\-]", "", v)
    return ["%s: %s" % (label, value[:120]) for n in ns if n in v or n in sq][:1]


def cmd_find(path, *words):
    ns = needles(words)
    hits = []
    wb = load(path, data_only=False)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    hits += hits_in("%s!%s" % (ws.title, c.coordinate), text(c.value), ns)
    # Every part of the zip too: properties, charts, shared strings,
    # comments; whatever openpyxl does not show as a cell.
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            raw = html.unescape(z.read(n).decode("utf-8", "replace"))
            hits += hits_in(n, raw, ns)
    for h in hits:
        print(h)
    sys.exit(0 if hits else 1)


def strings(v):
    if isinstance(v, dict):
        for k, x in v.items():
            yield str(k)
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif v is not None:
        yield str(v)


def cmd_findtree(path, *words):
    import os
    ns = needles(words)
    hits = []
    paths = [path] if os.path.isfile(path) else [
        os.path.join(top, f) for top, _, files in os.walk(path) for f in files]
    for p in paths:
        with open(p, "rb") as fh:
            raw = fh.read().decode("utf-8", "replace")
        if p.endswith(".json"):
            raw = "\n".join(strings(json.loads(raw)))
        hits += hits_in(p, raw, ns)
    for h in hits:
        print(h)
    sys.exit(0 if hits else 1)


ATTR_NUM = re.compile(r'\s([A-Za-z:]+)="(-?\d+,\d+)"')
CELL = re.compile(r'<c ([^>]*?)(?:/>|>(.*?)</c>)', re.S)
VALUE = re.compile(r'<v>([^<]*)</v>')
CHART_NUM = re.compile(r'<c:(?:numCache|numLit)>(.*?)</c:(?:numCache|numLit)>', re.S)
CHART_V = re.compile(r'<c:v>([^<]*)</c:v>')


def cmd_xmlnumbers(path):
    bad, seen = [], 0
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if not n.endswith(".xml") or n.endswith("sharedStrings.xml"):
                continue
            raw = z.read(n).decode("utf-8", "replace")
            for m in ATTR_NUM.finditer(raw):
                bad.append("%s: %s=%r" % (n, m.group(1), m.group(2)))
            seen += len(re.findall(r'="-?\d+\.\d+"', raw))
            for m in CELL.finditer(raw):
                attrs, body = m.group(1), m.group(2) or ""
                if re.search(r'\bt="(s|str|inlineStr|e|b)"', attrs):
                    continue
                for v in VALUE.findall(body):
                    seen += 1
                    try:
                        float(v)
                    except ValueError:
                        bad.append("%s: %s <v>%s</v>" % (n, attrs[:30], v))
            for block in CHART_NUM.findall(raw):
                for v in CHART_V.findall(block):
                    seen += 1
                    try:
                        float(v)
                    except ValueError:
                        bad.append("%s: chart value %r" % (n, v))
    for b in bad[:50]:
        print(b)
    if bad:
        sys.exit(1)
    print("%d numbers, all with a '.'" % seen)


def cmd_numbers(path, name, *refs):
    ws = sheet(load(path), name)
    for r in refs:
        c = ws[r]
        print("%s\t%s\t%s\t%s" % (r, c.data_type, type(c.value).__name__, text(c.value)))


def cmd_same(path, copy):
    import datetime
    a, b = load(path), load(copy)
    bad, n = [], 0
    for ws in a.worksheets:
        if ws.title not in b.sheetnames:
            bad.append("sheet %s missing" % ws.title)
            continue
        wb = b[ws.title]
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, bool) or not isinstance(v, (int, float, datetime.datetime)):
                    continue
                n += 1
                w = wb[c.coordinate].value
                if isinstance(v, datetime.datetime):
                    ok = isinstance(w, datetime.datetime) and abs((w - v).total_seconds()) < 1
                else:
                    ok = isinstance(w, (int, float)) and not isinstance(w, bool) and \
                        abs(w - v) < 1e-9
                if not ok:
                    bad.append("%s!%s: %r, read as %r" % (ws.title, c.coordinate, v, w))
    for x in bad[:30]:
        print(x)
    if bad:
        sys.exit(1)
    print("%d numbers and dates read the same" % n)


def main():
    cmds = {"same": cmd_same, "xmlnumbers": cmd_xmlnumbers, "numbers": cmd_numbers, "sheets": cmd_sheets, "rows": cmd_rows, "cell": cmd_cell, "column": cmd_column,
            "layout": cmd_layout, "props": cmd_props, "parts": cmd_parts, "find": cmd_find,
            "findtree": cmd_findtree}
    if len(sys.argv) < 3 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
