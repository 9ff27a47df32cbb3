#!/usr/bin/python3
"""Read a PDF that Vigie wrote the way a person checks paper, with poppler.

  sizes PDF                   one line per page: "N WxH" in points (pdfinfo)
  text PDF N                  the text of page N (pdftotext -f N -l N -layout)
  margins PDF MM [N...]       text found between the edge of the page and MM
                              millimetres from it, on every page (or pages N):
                              prints it with its page, exits 1 when there is any
  ink PDF DIR                 renders every page (pdftoppm, 50 dpi, grey) into
                              DIR/page-N.pgm; prints the pages with no dark
                              pixel at all (a blank page), exits 1 when any
  flat PDF N                  the same with every run of white space made one
                              space (a line broken by the layout reads whole)
  find PDF TEXT               the pages whose text holds TEXT (white space
                              made one space), one per line
"""
import os
import re
import subprocess
import sys


def run(*args):
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8", "replace")


def sizes(pdf):
    out = run("pdfinfo", "-f", "1", "-l", "100000", pdf)
    return [(int(n), float(w), float(h)) for n, w, h in
            re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", out)]


def text(pdf, n):
    return run("pdftotext", "-f", str(n), "-l", str(n), "-layout", pdf, "-")


def crop(pdf, n, x, y, w, h):
    # -r 72: the crop box is in points
    return run("pdftotext", "-f", str(n), "-l", str(n), "-r", "72", "-x", str(int(x)), "-y",
               str(int(y)), "-W", str(max(int(w), 1)), "-H", str(max(int(h), 1)), pdf, "-").strip()


def main():
    cmd, pdf = sys.argv[1], sys.argv[2]
    if cmd == "sizes":
        for n, w, h in sizes(pdf):
            print("%d %.0fx%.0f" % (n, w, h))
    elif cmd == "text":
        sys.stdout.write(text(pdf, int(sys.argv[3])))
    elif cmd == "flat":
        print(" ".join(text(pdf, int(sys.argv[3])).split()))
    elif cmd == "find":
        want = " ".join(sys.argv[3].split())
        for n, _, _ in sizes(pdf):
            if want in " ".join(text(pdf, n).split()):
                print(n)
    elif cmd == "margins":
        m = float(sys.argv[3]) * 72 / 25.4
        only = {int(a) for a in sys.argv[4:]}
        bad = 0
        for n, w, h in sizes(pdf):
            if only and n not in only:
                continue
            # four strips: top, bottom, left, right (pdftotext keeps a word
            # whose box starts inside the crop)
            for name, box in (("top", (0, 0, w, m)), ("bottom", (0, h - m, w, m)),
                              ("left", (0, 0, m, h)), ("right", (w - m, 0, m, h))):
                t = crop(pdf, n, *box)
                if t:
                    print("page %d, %s margin: %r" % (n, name, t[:80]))
                    bad = 1
        sys.exit(bad)
    elif cmd == "ink":
        d = sys.argv[3]
        os.makedirs(d, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "50", "-gray", pdf, os.path.join(d, "page")], check=True)
        bad = 0
        for f in sorted(os.listdir(d)):
            if not f.endswith(".pgm"):
                continue
            with open(os.path.join(d, f), "rb") as fh:
                data = fh.read()
            # P5 header: magic, width, height, maxval, then the pixels
            parts = data.split(maxsplit=4)
            pixels = parts[4] if len(parts) == 5 else b""
            if not any(b < 128 for b in pixels):
                print("blank:", f)
                bad = 1
        sys.exit(bad)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
