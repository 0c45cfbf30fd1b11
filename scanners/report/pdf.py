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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scanners.advice import book
from scanners.model import Category
from scanners.report.data import BAND_COLOURS, ReportData, rule_titles, words
from scanners.report.html import category_label, category_word, severity_word

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

    # ---- helpers

    def font(self, size: float, colour: str = "#222222") -> None:
        self.pdf.set_font("cjk", "", size)
        self.pdf.set_text_color(*_rgb(colour))

    def text(self, value: str, size: float = 9.5, colour: str = "#222222",
             height: float | None = None) -> None:
        self.font(size, colour)
        self.pdf.multi_cell(self.width, height or size * 0.5, value, new_x="LMARGIN",
                            new_y="NEXT")

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

    # ---- sections

    def build(self, max_rows: int) -> bytes:
        d, w, pdf = self.data, self.w, self.pdf
        s = d.score
        bands: Any = w["bands"]
        pdf.add_page()
        self.text(str(w["title"]), 18, "#111111", 9)
        scan = f"#{d.scan_id}" if d.scan_id is not None else ""
        self.text(f"{w['host']}: {d.host} · {w['scan']} {scan} ({d.status}) · {w['started']}:"
                  f" {d.started[:19].replace('T', ' ')} UTC · {w['folders']}:"
                  f" {', '.join(d.roots) or '-'}", 8.5, "#555555")

        self.heading(str(w["score"]))
        band = s.band
        y = pdf.get_y()
        self.font(30, BAND_COLOURS[band])
        pdf.cell(30, 14, str(s.value))
        self.font(11, "#555555")
        pdf.cell(14, 14, "/100")
        pdf.set_fill_color(*_rgb(BAND_COLOURS[band]))
        self.font(11, "#ffffff")
        pdf.cell(24, 8, str(bands.get(band, band)), fill=True, align="C")
        self.bar(pdf.l_margin + 75, y + 2, 90, s.value, BAND_COLOURS[band], 6)
        pdf.set_y(y + 16)

        # why this score: one sentence first, then the parts that add up to the number
        self.text(s.sentence(d.lang), 10, "#111111")
        if s.parts:
            self.text(s.breakdown(d.lang), 9, "#333333")

        self.heading(str(w["by_category"]))
        if not s.parts:
            self.text(str(w["none"]))
        for p in s.parts:  # each bar is the category's share of the index: they add up
            y = pdf.get_y()
            self.font(8.5)
            pdf.cell(80, 5, self.fit(category_label(str(p.category)), 80))
            self.bar(pdf.l_margin + 82, y + 0.7, 80, p.share, BAND_COLOURS[band])
            pdf.set_xy(pdf.l_margin + 165, y)
            pdf.cell(15, 5, f"+{p.share}  (n={p.people})")
            pdf.ln(5.5)
        for p in s.parts:
            self.text(f"{category_label(str(p.category))}: {p.label}", 7.5, "#555555")

        self.heading(str(w["why"]))
        for line in s.explain(limit=8, lang=d.lang)[2:]:
            self.text("• " + line, 8)
        self.text(f"{w['legal_mapping']}: {s.profile} — {'; '.join(s.standards)}", 7.5,
                  "#555555")

        self.heading(str(w["trend"]))
        if d.trend is None:
            self.text(str(w["no_trend"]))
        else:
            self.text(d.trend.summary(), 9.5)
            for r in d.trend.reasons:
                self.text("• " + r, 8)
            for label, items in ((w["new"], d.trend.new), (w["resolved"], d.trend.resolved)):
                if items:
                    self.text(f"{label} ({len(items)})", 9)
                    for f in items[:30]:
                        self.text(f"  {f.rule} {f.preview} — {f.location}", 7.5, "#555555")

        self.heading(str(w["top_risks"]))
        titles = rule_titles(d.lang)
        seen: set[tuple[str, str]] = set()
        for c in s.top[:8]:
            if (c.rule, c.location) in seen:
                continue
            seen.add((c.rule, c.location))
            a = book().for_finding(c.rule, c.category, c.scanner, d.lang, c.protection)
            self.text(f"{titles.get(c.rule, c.rule)}  {c.preview}  (+{c.added:.1f}"
                      f" {w['points']})", 10, "#c62828")
            self.text(f"{c.location} · {', '.join(c.factors.words())}", 7.5, "#555555")
            self.text(f"{w['why_it_matters']}: {a.why}", 8.5)
            self.text(f"{w['legal_basis']}: {a.legal}", 8.5)
            for i, step in enumerate(a.steps, 1):
                self.text(f"  {i}. {step}", 8.5)
            pdf.ln(1.5)
        self.text(str(w["general"]), 10)
        for step in book().for_category(Category.IDENTITY, d.lang).general:
            self.text("• " + step, 8.5)

        self.heading(str(w["locations"]))
        widths = [80.0, 12.0, 10.0, 30.0, self.width - 132.0]
        self.row([str(w["location"]), "0-100", "n", str(w["category"]), str(w["access"])],
                 widths, fill=True)
        for loc in s.locations[:25]:
            self.row([loc.location, str(loc.value), str(loc.findings),
                      ", ".join(loc.categories), "; ".join(loc.access)], widths, paths=(0,))

        self.heading(f"{w['findings']} ({len(d.findings)})")
        widths = [15.0, 20.0, 42.0, 33.0, self.width - 130.0, 10.0, 10.0]
        self.row([str(w["severity"]), str(w["category"]), str(w["rule"]), str(w["preview"]),
                  str(w["location"]), str(w["line"]), "p"], widths, fill=True)
        rows = d.sorted_findings()
        for f in rows[:max_rows]:
            self.row([severity_word(w, f.severity.label) + (" *" if d.is_accepted(f) else ""),
                      category_word(str(f.category), d.lang),
                      f.rule, f.preview, f.location, str(f.line or ""),
                      f"{f.confidence:.2f}"], widths, paths=(4,))
        if len(rows) > max_rows:
            self.text(str(w["truncated"]).format(n=max_rows, total=len(rows)), 8, "#555555")

        accepted = [f for f in rows if d.is_accepted(f)]
        if d.accepted:
            self.heading(f"{w['accepted']} ({len(accepted)})")
            for f in accepted:
                acc = d.acceptance_of(f)
                self.text(f"* {f.rule} {f.preview} — {f.location}: {acc.reason if acc else ''}",
                          8)
        if d.errors:
            self.heading(f"{w['errors']} ({len(d.errors)})")
            for e in d.errors[:300]:
                self.text(f"{e.reason}: {e.location}" + (f" — {e.message}" if e.message else ""),
                          7.5, "#555555")
        pdf.ln(4)
        self.text(f"{w['footer']} piaudit {d.version} · {d.generated}", 7.5, "#666666")
        return bytes(pdf.output())


def render_pdf(data: ReportData, max_rows: int = 5000,
               font: tuple[str, int] | None = None) -> bytes:
    """The report as PDF bytes; FontMissing when no Chinese font is installed."""
    return _Doc(data, font or find_font()).build(max_rows)


def font_path() -> Path:
    return Path(find_font()[0])
