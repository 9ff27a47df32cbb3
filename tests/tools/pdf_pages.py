#!/usr/bin/python3
"""Read a printed workbook (a PDF that LibreOffice made) page by page, the
way a person checks paper, with poppler's pdftotext -bbox.

  pages PDF                 one line per page: number, orientation, the sheet
                            named in its footer, the footer's middle, "N / M"
  sheet PDF SHEET TEXT...   every page of SHEET holds each TEXT (every word of
                            it: a header may wrap): the first and last headers
                            on every page prove it one page wide, a name or id
                            that its identifying column repeats; prints the
                            pages that miss one, exits 1
  count PDF SHEET           how many pages SHEET prints on
  overlaps PDF              words printed over other words (wrapped text in a
                            row too short for it); prints them, exits 1
  orphans PDF WORD...       a page whose first line of the sheet's body starts
                            with WORD (a total row alone at the top of a
                            page); prints them, exits 1
"""
import html
import re
import subprocess
import sys

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
FOOT = 0.6 * 72  # the bottom margin, where the footer is


def read(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, check=True,
                         text=True).stdout
    pages = []
    for w, h, body in PAGE.findall(out):
        w, h = float(w), float(h)
        words = [(float(a), float(b), float(c), float(d), html.unescape(t))
                 for a, b, c, d, t in WORD.findall(body)]
        foot = [x for x in words if x[1] > h - FOOT]
        main = [x for x in words if x[1] <= h - FOOT]
        left = " ".join(x[4] for x in sorted(foot) if x[2] < w / 3)
        mid = " ".join(x[4] for x in sorted(foot) if x[0] >= w / 3 and x[2] <= 2 * w / 3)
        right = " ".join(x[4] for x in sorted(foot) if x[0] > 2 * w / 3)
        pages.append({"w": w, "h": h, "sheet": left, "mid": mid, "num": right, "words": main})
    return pages


def lines(words):
    """The page's words grouped into printed lines, top to bottom."""
    out = []
    for x in sorted(words, key=lambda x: (round(x[1]), x[0])):
        if out and abs(out[-1][0] - x[1]) < 3:
            out[-1][1].append(x[4])
        else:
            out.append([x[1], [x[4]]])
    return [" ".join(ws) for _, ws in out]


def cmd_pages(pdf):
    for i, p in enumerate(read(pdf), 1):
        print("%d\t%s\t%s\t%s\t%s" % (i, "landscape" if p["w"] > p["h"] else "portrait",
                                      p["sheet"], p["mid"], p["num"]))


def cmd_sheet(pdf, sheet, *texts):
    bad, n = [], 0
    for i, p in enumerate(read(pdf), 1):
        if not p["sheet"].startswith(sheet):
            continue
        n += 1
        words = set(x[4] for x in p["words"])
        for t in texts:
            # a header may wrap over two lines: each of its words is there
            if not all(w in words for w in t.split()):
                bad.append("page %d (%s): no %r" % (i, p["num"], t))
    if not n:
        bad.append("no page of %r" % sheet)
    for b in bad:
        print(b)
    if bad:
        sys.exit(1)
    print("%d pages of %s, each with %s" % (n, sheet, ", ".join(texts)))


def cmd_count(pdf, sheet):
    print(sum(1 for p in read(pdf) if p["sheet"].startswith(sheet)))


def cmd_overlaps(pdf):
    bad = []
    for i, p in enumerate(read(pdf), 1):
        ws = p["words"]
        for a in range(len(ws)):
            x0, y0, x1, y1, t = ws[a]
            for b in range(a + 1, len(ws)):
                u0, v0, u1, v1, s = ws[b]
                dx = min(x1, u1) - max(x0, u0)
                dy = min(y1, v1) - max(y0, v0)
                # more than a third of the smaller word's height and some width
                if dx > 1 and dy > 0.34 * min(y1 - y0, v1 - v0):
                    bad.append("page %d (%s): %r over %r" % (i, p["sheet"], t, s))
    for b in bad[:40]:
        print(b)
    if bad:
        sys.exit(1)
    print("no word printed over another")


def cmd_orphans(pdf, *first):
    bad = []
    for i, p in enumerate(read(pdf), 1):
        ls = lines(p["words"])
        if ls and any(ls[0].startswith(f) for f in first):
            bad.append("page %d (%s): starts with %r" % (i, p["sheet"], ls[0][:60]))
    for b in bad:
        print(b)
    if bad:
        sys.exit(1)
    print("no page starts with %s" % " or ".join(first))


def main():
    cmds = {"pages": cmd_pages, "sheet": cmd_sheet, "count": cmd_count, "overlaps": cmd_overlaps,
            "orphans": cmd_orphans}
    if len(sys.argv) < 3 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
