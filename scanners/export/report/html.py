"""One self-contained HTML report: inline CSS and SVG, no script, no external request, printable."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from scanners.assessment.scoring import band_of
from scanners.export.report.data import BAND_COLOURS, ReportData
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
    category_label,
    category_word,
    sections,
    severity_word,
)

__all__ = ["category_label", "category_word", "render_html", "severity_word"]

CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei",
 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:2px solid #ddd;
 padding-bottom:.2em;margin-top:1.6em}h3{font-size:1.05em;margin-bottom:.3em}
.meta{color:#555;font-size:.9em}.score{display:flex;gap:2em;align-items:center}
.big{font-size:3.2em;font-weight:bold}.band{font-size:1.2em;font-weight:bold;padding:.1em .6em;
 border-radius:.3em;color:#fff}
table{border-collapse:collapse;width:100%;font-size:.85em}
th,td{border:1px solid #ddd;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr:nth-child(even) td{background:#fafafa}
td.loc{word-break:break-all}code{font-size:.95em}
.risk{border:1px solid #ddd;border-left:6px solid #c62828;padding:.5em 1em;margin:.8em 0;
 page-break-inside:avoid;break-inside:avoid}
.small{font-size:.85em;color:#555}.new{color:#c62828}.resolved{color:#2e7d32}
footer{margin-top:2em;font-size:.8em;color:#666}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{page-break-after:avoid}
 tr{page-break-inside:avoid}.risk{border-left-width:4px}a{color:inherit;text-decoration:none}}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def gauge_svg(value: int, band: str) -> str:
    colour = BAND_COLOURS.get(band, "#555")
    width = 300
    fill = round(width * value / 100)
    ticks = "".join(
        f'<line x1="{round(width * t / 100)}" y1="0" x2="{round(width * t / 100)}" y2="26"'
        ' stroke="#fff" stroke-width="2"/>' for t in (25, 50, 75)
    )
    return (
        f'<svg width="{width}" height="40" viewBox="0 0 {width} 40" role="img"'
        f' aria-label="score {value} of 100">'
        f'<rect x="0" y="0" width="{width}" height="26" fill="#e0e0e0" rx="4"/>'
        f'<rect x="0" y="0" width="{fill}" height="26" fill="{colour}" rx="4"/>{ticks}'
        '<text x="0" y="38" font-size="10">0</text>'
        f'<text x="{width - 18}" y="38" font-size="10">100</text></svg>'
    )


def bars_svg(rows: list[tuple[str, int]], band: str = "") -> str:
    """Horizontal bars, one per category, 0-100."""
    label_w, bar_w, row_h = 330, 360, 24
    height = max(row_h * len(rows), row_h)
    out = [f'<svg width="{label_w + bar_w + 50}" height="{height}"'
           f' viewBox="0 0 {label_w + bar_w + 50} {height}" role="img"'
           ' aria-label="exposure by category">']
    for i, (label, value) in enumerate(rows):
        y = i * row_h
        # shares of one index: one colour, the band's (a small share is not "low")
        colour = BAND_COLOURS[band] if band else BAND_COLOURS[band_of(value)]
        out.append(f'<text x="0" y="{y + 16}" font-size="12">{_e(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="16"'
                   ' fill="#eee"/>')
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{round(bar_w * value / 100)}"'
                   f' height="16" fill="{colour}"/>')
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 16}" font-size="12">{value}</text>')
    out.append("</svg>")
    return "".join(out)


def render_html(data: ReportData) -> str:
    """The report's sections (report.sections), each drawn as HTML."""
    parts = sections(data)
    title = next(p.title for p in parts if isinstance(p, Title))
    h = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if data.lang == "zh" else "en"}"><head>'
         '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
         f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"]
    for part in parts:
        h.extend(_RENDER[type(part)](part))
    h.append("</body></html>\n")
    return "".join(h)


def _title(s: Title) -> list[str]:
    return [f"<h1>{_e(s.title)}</h1>", f'<p class="meta">{_e(s.meta)}</p>']


def _score(s: ScoreSection) -> list[str]:
    """The index, its band and why, in one sentence and the shares that add up to it."""
    h = [f"<h2>{_e(s.heading)}</h2><div class=\"score\">",
         f'<div class="big">{s.value}<span class="small">/100</span></div>',
         f'<div><span class="band" style="background:{s.colour}">'
         f"{_e(s.band_label)}</span><br>{gauge_svg(s.value, s.band)}</div></div>",
         f'<p class="why"><b>{_e(s.sentence)}</b></p>']
    if s.breakdown:
        h.append(f"<p>{_e(s.breakdown)}</p>")
    return h


def _categories(s: Categories) -> list[str]:
    h = [f"<h2>{_e(s.heading)}</h2>"]
    if not s.rows:
        return [*h, f"<p>{_e(s.none)}</p>"]
    # each bar is the category's share of the index, so the bars add up to the number
    h.append(bars_svg([(r.label, r.share) for r in s.rows], s.band))
    h.append("<table><tr><th>" + _e(s.columns[0]) + f"</th><th>+ / {s.value}</th><th>n</th>"
             "<th>" + _e(s.columns[1]) + "</th></tr>")
    h += [f"<tr><td>{_e(r.label)}</td><td>{r.share}</td><td>{r.people}</td>"
          f"<td>{_e(r.legal)}</td></tr>" for r in s.rows]
    return [*h, "</table>"]


def _why(s: Why) -> list[str]:
    return [f"<h2>{_e(s.heading)}</h2><ul>", *(f"<li>{_e(line)}</li>" for line in s.lines),
            "</ul>", f'<p class="small">{_e(s.mapping)}</p>']


def _trend(s: TrendSection) -> list[str]:
    """What changed since the previous audit."""
    if s.first:
        return [f"<h2>{_e(s.heading)}</h2>", f"<p>{_e(s.summary)}</p>"]
    h = [f"<h2>{_e(s.heading)}</h2>", f"<p><b>{_e(s.summary)}</b></p><ul>",
         *(f"<li>{_e(r)}</li>" for r in s.reasons), "</ul>"]
    for label, kind, n, items in s.groups:
        h.append(f'<h3 class="{kind}">{_e(label)} ({n})</h3><ul class="small">')
        h += [f"<li>{_e(i.rule)} <code>{_e(i.preview)}</code> — {_e(i.location)}</li>"
              for i in items]
        h.append("</ul>")
    return h


def _fix_first(s: FixFirst) -> list[str]:
    """The largest contributions with their advice, and the general advice."""
    why, legal, steps = (_e(label) for label in s.labels)
    h = [f"<h2>{_e(s.heading)}</h2>"]
    for c in s.cards:
        h += ['<div class="risk">',
              f"<h3>{_e(c.title)} <code>{_e(c.preview)}</code>"
              f' <span class="small">{_e(c.points)}</span></h3>',
              f'<p class="small">{_e(c.where)}</p>',
              f"<p><b>{why}{s.colon}</b>{_e(c.why)}<br><b>{legal}{s.colon}</b>{_e(c.legal)}</p>",
              f"<b>{steps}{s.colon}</b><ol>" + "".join(f"<li>{_e(x)}</li>" for x in c.steps)
              + "</ol></div>"]
    h.append(f"<h3>{_e(s.general_heading)}</h3><ul>"
             + "".join(f"<li>{_e(x)}</li>" for x in s.general) + "</ul>")
    return h


def _table(s: Table) -> list[str]:
    """Locations, findings (accepted ones ticked), accepted risks."""
    h = [f"<h2>{_e(s.heading)}</h2>"]
    if not s.rows and not s.always:
        return [*h, f"<p>{_e(s.none)}</p>"]
    h.append("<table><tr>" + "".join(f"<th>{_e(c)}</th>" for c in s.columns) + "</tr>")
    for n, row in enumerate(s.rows):
        cells = []
        for i, value in enumerate(row):
            text = f"<code>{_e(value)}</code>" if i in s.code else _e(value)
            if i == 0 and s.marked and s.marked[n]:
                text += " ✓"
            cells.append(f'<td class="loc">{text}</td>' if i in s.paths else f"<td>{text}</td>")
        h.append("<tr>" + "".join(cells) + "</tr>")
    return [*h, "</table>"]


def _lines(s: Lines) -> list[str]:
    """What could not be read, and what could not be looked at."""
    return [f'<h2>{_e(s.heading)}</h2><ul class="small">',
            *(f"<li>{_e(line)}</li>" for line in s.lines), "</ul>"]


def _footer(s: Footer) -> list[str]:
    return [f"<footer>{_e(s.text)}</footer>"]


_RENDER: dict[type, Callable[[Any], list[str]]] = {
    Title: _title, ScoreSection: _score, Categories: _categories, Why: _why,
    TrendSection: _trend, FixFirst: _fix_first, Table: _table, Lines: _lines, Footer: _footer,
}
