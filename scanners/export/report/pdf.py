"""The PDF report: the HTML report's content, drawn with fpdf2 (no browser, no Qt).

It embeds (a subset of) a system font with Chinese glyphs and TrueType outlines: WenQuanYi
Micro Hei (Debian/Ubuntu: fonts-wqy-microhei), WenQuanYi Zen Hei, Droid Sans Fallback, AR PL
UMing, Microsoft YaHei / SimHei / SimSun on Windows, or PingFang / STHeiti on macOS.
PIAUDIT_PDF_FONT=/path/to/font.ttf[:index] picks one. (Noto Sans CJK's CFF outlines are not
used: fpdf2 subsets them with wrong glyph widths.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scanners.export.report.data import BAND_COLOURS, ReportData, words
from scanners.export.report.sections import (
    Categories,
    FixFirst,
    Footer,
    Lines,
    ScoreSection,
    Table,
    Title,
    TrendSection,
    Why,
    sections,
)

FONT_ENV = "PIAUDIT_PDF_FONT"
DEBIAN_FONT_PACKAGE = "fonts-wqy-microhei"
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)
PROBE = "身份证件金融账户"


class FontMissing(RuntimeError):
    """No usable font with Chinese glyphs: the PDF cannot be written."""


def _usable(path: str, index: int = 0) -> bool:
    """TrueType outlines with glyphs for Chinese category names."""
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(path, fontNumber=index, lazy=True)
        try:
            if "glyf" not in font:
                return False
            cmap = font.getBestCmap() or {}
            return all(ord(c) in cmap for c in PROBE)
        finally:
            font.close()
    except Exception:
        return False


def _candidates() -> Iterator[tuple[str, int]]:
    env = os.environ.get(FONT_ENV)
    if env:
        path, sep, idx = env.rpartition(":")
        yield (path, int(idx)) if sep and idx.isdigit() else (env, 0)
        return
    for path in KNOWN_FONTS:
        if os.path.exists(path):
            yield path, 0
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file", "index"], capture_output=True,
                                 text=True, timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in sorted(out.splitlines()):
            file, _, rest = line.partition(":")
            idx = rest.split("=")[-1].strip() if "index=" in rest else "0"
            yield file.strip(), int(idx) if idx.isdigit() else 0


def find_font() -> tuple[str, int]:
    """The first usable font, or FontMissing with what to install."""
    for path, index in _candidates():
        if _usable(path, index):
            return path, index
    raise FontMissing(
        "the PDF report needs a font with Chinese glyphs and TrueType outlines, and none was"
        f" found: install {DEBIAN_FONT_PACKAGE} (Debian/Ubuntu) or wqy-microhei-fonts"
        f" (Fedora), or set {FONT_ENV}=/path/to/font.ttf; the HTML report needs no font"
    )


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


class _Doc:
    def __init__(self, data: ReportData, font: tuple[str, int]) -> None:
        from fpdf import FPDF
        from fpdf.enums import WrapMode

        self.data = data
        self.w = words(data.lang)
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.set_margins(15, 15, 15)
        pdf.add_font("cjk", "", font[0], collection_font_number=font[1])
        pdf.set_title(str(self.w["title"]))
        pdf.set_creator("piaudit")
        pdf.set_author("piaudit")
        pdf.alias_nb_pages()
        self.pdf = pdf
        self.width = pdf.w - pdf.l_margin - pdf.r_margin
        self.max_rows = 5000
        # Chinese wraps between any two characters (there are no spaces to wrap at); a
        # long run otherwise moved whole to the next line and left a short line behind
        self.colon = str(self.w.get("colon", ": "))  # "：" in Chinese
        self.wrap = WrapMode.CHAR if data.lang == "zh" else WrapMode.WORD

    # ---- helpers

    def font(self, size: float, colour: str = "#222222") -> None:
        self.pdf.set_font("cjk", "", size)
        self.pdf.set_text_color(*_rgb(colour))

    def text(self, value: str, size: float = 9.5, colour: str = "#222222",
             height: float | None = None, indent: float = 0.0) -> None:
        # Left-aligned, never justified: a Chinese line has no spaces to share the slack, so
        # justifying stretched the few gaps it had (or the gaps between Latin words) wide.
        self.font(size, colour)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(self.width - indent, height or size * 0.5, value, align="L",
                            new_x="LMARGIN", new_y="NEXT", wrapmode=self.wrap)

    def item(self, marker: str, value: str, size: float = 8.5, colour: str = "#222222",
             indent: float = 2.0) -> None:
        """A list item with a hanging marker ("1.", "•"): the marker and the first line of
        its text are drawn together (the text never starts on the next line, leaving the
        number alone at the margin) and the wrapped lines align under the text."""
        height = size * 0.5
        if self.pdf.get_y() > self.pdf.h - self.pdf.b_margin - 2 * height:
            self.pdf.add_page()  # not the marker at a page's foot and its text overleaf
        self.font(size, colour)
        width = self.pdf.get_string_width(marker) + 1.5
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.cell(width, height, marker)
        self.pdf.multi_cell(self.width - indent - width, height, value, align="L",
                            new_x="LMARGIN", new_y="NEXT", wrapmode=self.wrap)

    def heading(self, value: str) -> None:
        if self.pdf.get_y() > self.pdf.h - 40:
            self.pdf.add_page()
        self.pdf.ln(3)
        self.text(value, 13, "#111111", 7)
        y = self.pdf.get_y()
        self.pdf.set_draw_color(200, 200, 200)
        self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + self.width, y)
        self.pdf.ln(1.5)

    def fit(self, value: str, width: float, keep_end: bool = False) -> str:
        """`value` cut to `width` with an ellipsis: a path keeps its end (the file name), any
        other text its start (a store's summary, the access words)."""
        if self.pdf.get_string_width(value) <= width - 1:
            return value
        while value and self.pdf.get_string_width(value + "…") > width - 1:
            value = value[1:] if keep_end else value[:-1]
        if not value:
            return ""
        return "…" + value if keep_end else value + "…"

    def row(self, cells: list[str], widths: list[float], size: float = 7.5,
            fill: bool = False, paths: tuple[int, ...] = ()) -> None:
        """One table row; the columns in `paths` hold locations and keep their ends."""
        self.font(size)
        if self.pdf.get_y() > self.pdf.h - 20:
            self.pdf.add_page()
        self.pdf.set_fill_color(240, 240, 240)
        for i, (value, wd) in enumerate(zip(cells, widths, strict=True)):
            self.pdf.cell(wd, 4.6, self.fit(value, wd, keep_end=i in paths), border=1,
                          fill=fill)
        self.pdf.ln(4.6)

    def bar(self, x: float, y: float, width: float, value: int, colour: str,
            height: float = 4.0) -> None:
        self.pdf.set_fill_color(230, 230, 230)
        self.pdf.rect(x, y, width, height, style="F")
        self.pdf.set_fill_color(*_rgb(colour))
        if value > 0:
            self.pdf.rect(x, y, width * value / 100, height, style="F")

    # ---- sections (report.sections: the HTML report's list, drawn here)

    def build(self, max_rows: int) -> bytes:
        self.max_rows = max_rows
        self.pdf.add_page()
        for part in sections(self.data):
            _DRAW[type(part)](self, part)
        return bytes(self.pdf.output())

    def title(self, s: Title) -> None:
        self.text(s.title, 18, "#111111", 9)
        self.text(s.meta, 8.5, "#555555")

    def score(self, s: ScoreSection) -> None:
        pdf = self.pdf
        self.heading(s.heading)
        y = pdf.get_y()
        self.font(30, s.colour)
        pdf.cell(30, 14, str(s.value))
        self.font(11, "#555555")
        pdf.cell(14, 14, "/100")
        pdf.set_fill_color(*_rgb(s.colour))
        self.font(11, "#ffffff")
        pdf.cell(24, 8, s.band_label, fill=True, align="C")
        self.bar(pdf.l_margin + 75, y + 2, 90, s.value, s.colour, 6)
        pdf.set_y(y + 16)
        # why this score: one sentence first, then the parts that add up to the number
        self.text(s.sentence, 10, "#111111")
        if s.breakdown:
            self.text(s.breakdown, 9, "#333333")

    def categories(self, s: Categories) -> None:
        pdf = self.pdf
        self.heading(s.heading)
        if not s.rows:
            self.text(s.none)
        for r in s.rows:  # each bar is the category's share of the index: they add up
            y = pdf.get_y()
            self.font(8.5)
            pdf.cell(80, 5, self.fit(r.label, 80))
            self.bar(pdf.l_margin + 82, y + 0.7, 80, r.share, BAND_COLOURS[s.band])
            pdf.set_xy(pdf.l_margin + 165, y)
            pdf.cell(15, 5, f"+{r.share}  (n={r.people})")
            pdf.ln(5.5)
        for r in s.rows:
            self.text(f"{r.label}{self.colon}{r.legal}", 7.5, "#555555")

    def why(self, s: Why) -> None:
        self.heading(s.heading)
        for line in s.lines:
            self.item("•", line, 8)
        self.text(s.mapping, 7.5, "#555555")

    def trend(self, s: TrendSection) -> None:
        self.heading(s.heading)
        if s.first:
            self.text(s.summary)
            return
        self.text(s.summary, 9.5)
        for r in s.reasons:
            self.item("•", r, 8)
        for label, _kind, n, items in s.groups:
            self.text(f"{label} ({n})", 9)
            for i in items:
                self.text(f"  {i.rule} {i.preview} — {i.location}", 7.5, "#555555")

    def fix_first(self, s: FixFirst) -> None:
        self.heading(s.heading)
        why, legal, _steps = s.labels
        for c in s.cards:
            self.text(f"{c.title}  {c.preview}  ({c.points})", 10, "#c62828")
            self.text(c.where, 7.5, "#555555")
            self.text(f"{why}{self.colon}{c.why}", 8.5)
            self.text(f"{legal}{self.colon}{c.legal}", 8.5)
            for i, step in enumerate(c.steps, 1):
                self.item(f"{i}.", step, 8.5)
            self.pdf.ln(1.5)
        self.text(s.general_heading, 10)
        for step in s.general:
            self.item("•", step, 8.5)

    def table(self, s: Table) -> None:
        """Locations and findings as ruled tables (the findings up to max_rows); the
        accepted risks as lines."""
        self.heading(s.heading)
        if s.kind == "accepted":
            for rule, preview, location, reason in s.rows:
                self.text(f"* {rule} {preview} — {location}{self.colon}{reason}", 8)
            return
        if not s.rows:
            self.text(s.none)
            return
        rest = self.width - sum(w for w in _WIDTHS[s.kind] if w is not None)
        widths = [rest if w is None else w for w in _WIDTHS[s.kind]]
        columns = list(s.columns)
        if s.kind == "findings":
            columns[-1] = "p"  # the confidence column is narrow
        self.row(columns, widths, fill=True)
        limit = self.max_rows if s.kind == "findings" else len(s.rows)
        for n, row in enumerate(s.rows[:limit]):
            cells = list(row)
            if s.marked and s.marked[n]:
                cells[0] += " *"
            self.row(cells, widths, paths=s.paths)
        if len(s.rows) > limit:
            self.text(str(self.w["truncated"]).format(n=limit, total=len(s.rows)), 8, "#555555")

    def lines(self, s: Lines) -> None:
        self.heading(s.heading)
        for line in s.lines:
            self.text(line, 7.5, "#555555")

    def footer(self, s: Footer) -> None:
        self.pdf.ln(4)
        self.text(s.text, 7.5, "#666666")


# column widths in mm; None takes what is left of the page's width
_WIDTHS: dict[str, tuple[float | None, ...]] = {
    "locations": (80.0, 12.0, 10.0, 30.0, None),
    "findings": (19.0, 20.0, 42.0, 33.0, None, 10.0, 10.0),  # severity: "low (example)"
}
_DRAW: dict[type, Callable[[_Doc, Any], None]] = {
    Title: _Doc.title, ScoreSection: _Doc.score, Categories: _Doc.categories, Why: _Doc.why,
    TrendSection: _Doc.trend, FixFirst: _Doc.fix_first, Table: _Doc.table, Lines: _Doc.lines,
    Footer: _Doc.footer,
}


def render_pdf(data: ReportData, max_rows: int = 5000,
               font: tuple[str, int] | None = None) -> bytes:
    """The report as PDF bytes; FontMissing when no Chinese font is installed."""
    return _Doc(data, font or find_font()).build(max_rows)


def font_path() -> Path:
    return Path(find_font()[0])
