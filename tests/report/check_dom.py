#!/usr/bin/python3
"""Checks the DOM of an HTML report as Chromium built it (--dump-dom).

Usage: check_dom.py CASE DOM_FILE [HTML_FILE]
CASE: pass, negative, lost, hostile or s512 (see tests/report/run.sh).
Prints one line per failed assertion; exit 1 when any failed.
"""
import html.parser
import os
import sys

from checks import check, report, unknown_case


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def all_text(self):
        out = list(self.text)
        for c in self.children:
            out.append(c.all_text())
        return "".join(out)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def find_all(self, tag=None, cls=None, **attrs):
        for n in self.walk():
            if tag and n.tag != tag:
                continue
            if cls and cls not in n.attrs.get("class", "").split():
                continue
            if any(n.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            yield n

    def by_id(self, i):
        return next(self.find_all(id=i), None)


VOID = {"meta", "br", "link", "img", "input", "hr", "col", "area", "base", "wbr"}


class Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


def text(root, i):
    n = root.by_id(i)
    check(n is not None, f"no element #{i}")
    return n.all_text() if n else ""


def common(root):
    """What every report holds: verdict, machine, run; nothing active."""
    check(root.by_id("verdict") is not None, "no verdict banner")
    check(text(root, "verdict-reason").strip() != "", "empty verdict reason")
    for i in ("m-system", "m-bios", "m-cpu", "m-microcode", "m-topology", "m-x2apic",
              "r-cmdline", "r-schedule", "r-platform", "r-wbinvd"):
        check(root.by_id(i) is not None, f"no #{i}")
    check(not list(root.find_all("script")), "a <script> element")
    for n in root.walk():
        for k, v in n.attrs.items():
            check(not k.startswith("on"), f"event handler attribute {k} on <{n.tag}>")
            if k in ("src", "href") and v:
                check(not v.startswith(("http:", "https:", "//")), f"network reference {v}")
    # Every heat map cell tells its counts on hover.
    svg = root.by_id("heatmap-svg")
    if svg:
        for r in svg.find_all("rect"):
            t = next(r.find_all("title"), None)
            check(t is not None and "APIC" in t.all_text(), "a heat map cell without a title")


def verdict(root):
    v = root.by_id("verdict")
    return v.attrs.get("data-verdict") if v else None


def matrix_cells(root):
    t = root.by_id("matrix-table")
    return list(t.find_all("td")) if t else []


def main():
    case, dom = sys.argv[1], sys.argv[2]
    with open(dom, encoding="utf-8", errors="replace") as f:
        b = Builder()
        b.feed(f.read())
    root = b.root
    common(root)
    if case == "pass":
        check(verdict(root) == "pass", f"verdict {verdict(root)}, expected pass")
        cells = [c for c in matrix_cells(root) if "data-observed" in c.attrs]
        check(len(cells) == 5, f"{len(cells)} matrix cells run, expected 5 (the default modes)")
        check(all(c.attrs["data-observed"] == c.attrs["data-expected"] == "pass" for c in cells),
              "a matrix cell not pass/pass")
        rows = list(root.by_id("heatmap-table").find_all("tr")) if root.by_id("heatmap-table") else []
        check(len(rows) == 1 + 4, f"heat map table has {len(rows) - 1} CPU rows, expected 4")
        check("QEMU" in text(root, "m-system"), "SMBIOS system not QEMU")
        check("libcpuid" in text(root, "m-cpu") and "family" in text(root, "m-cpu"),
              "CPU line without libcpuid's naming")
        check("features.mwait_hint" in text(root, "m-mwait"), "MWAIT without the hint")
        check("cycles=1" in text(root, "r-cmdline"), "boot line not shown")
        check("qemu-tcg" in text(root, "r-platform"), "platform column not qemu-tcg")
    elif case == "negative":
        check(verdict(root) == "pass", f"verdict {verdict(root)}, expected pass")
        cells = [c for c in matrix_cells(root) if c.attrs.get("data-mode") == "hlt"
                 and c.attrs.get("data-provoke") == "nmi"]
        check(len(cells) == 1, "no hlt x nmi matrix cell")
        if cells:
            c = cells[0]
            check(c.attrs.get("data-negative") == "1", "hlt x nmi not marked a negative control")
            check(c.attrs.get("data-expected") == "fail" and c.attrs.get("data-observed") == "fail",
                  "hlt x nmi not expected fail / observed fail")
            check("same" in c.attrs.get("class", ""), "hlt x nmi cell not marked as expected")
            check("negative control" in c.all_text(), "no negative control mark in the cell")
            check("reset 1" in c.all_text(), "hlt x nmi cell without its reset count")
        tl = root.by_id("timeline-svg")
        check(tl is not None and any("o-reset" in r.attrs.get("class", "")
                                     for r in tl.find_all("rect")),
              "timeline shows no reset cycle")
    elif case == "lost":
        check(verdict(root) == "fail", f"verdict {verdict(root)}, expected fail")
        lost = text(root, "lost-cpus")
        check("APIC 2 (0/2/0)" in lost, f"lost CPUs '{lost.strip()}' do not name APIC 2 (0/2/0)")
        check("lost" in text(root, "verdict-reason"), "verdict reason does not say lost")
        rows = [r for r in root.by_id("cpu-table").find_all("tr", cls="anomaly")] \
            if root.by_id("cpu-table") else []
        check(len(rows) == 1 and "lost" in rows[0].all_text(), "CPU table: not one lost row")
    elif case == "hostile":
        check(verdict(root) == "pass", f"verdict {verdict(root)}, expected pass")
        check(not list(root.find_all("img")), "an <img> element from a firmware string")
        sysline = text(root, "m-system")
        want = '<script>alert(1)</script> <b>Evil & "Co"</b>'
        check(sysline == want, f"#m-system is {sysline!r}, expected {want!r}")
        check(not root.by_id("m-system").children, "#m-system holds elements from a firmware string")
        check("<img src=x onerror=alert(2)>" in text(root, "m-bios"), "BIOS vendor not shown as text")
        check("'><svg/onload=alert(3)>" in text(root, "m-bios"), "BIOS version not shown as text")
        svgs = [s for s in root.find_all("svg") if s.attrs.get("id") not in ("heatmap-svg", "timeline-svg")]
        check(not svgs, "an <svg> element from a firmware string")
    elif case == "s512":
        check(verdict(root) == "fail", f"verdict {verdict(root)}, expected fail")
        svg = root.by_id("heatmap-svg")
        check(svg is not None, "no heat map")
        if svg:
            rows = list(svg.find_all("g", cls="hm-row"))
            # 3 modes x 2 packages x 128 cores / 16 cores a row
            check(len(rows) == 3 * 2 * 128 // 16, f"{len(rows)} heat map rows, expected 48")
            rects = list(svg.find_all("rect"))
            check(len(rects) == 512 * 3, f"{len(rects)} heat map cells, expected 1536")
            bad = [r for r in rects if "bad" in r.attrs.get("class", "").split()]
            check(len(bad) == 1, f"{len(bad)} failing cells, expected 1")
            if bad:
                t = bad[0].all_text()
                check("APIC 5 (0/2/1) hlt" in t and "late 1" in t, f"failing cell title {t!r}")
            labels = [next(g.find_all("text")).all_text() for g in rows[:2]]
            check(labels == ["pkg 0 core 0\u201315", "pkg 0 core 16\u201331"],
                  f"row labels {labels}")
        table = root.by_id("heatmap-table")
        n = len(list(table.find_all("tr"))) - 1 if table else 0
        check(n == 512, f"heat map table has {n} CPU rows, expected 512")
        size = os.path.getsize(sys.argv[3]) if len(sys.argv) > 3 else 0
        check(0 < size < 600 * 1024, f"the 512-CPU report is {size} bytes (bound 600 KiB)")
        check(root.by_id("phase-table") is not None, "no phase times table")
    else:
        unknown_case(case)
    return report(case)


if __name__ == "__main__":
    sys.exit(main())
