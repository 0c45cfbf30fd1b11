"""One self-contained HTML report: inline CSS and SVG, no script, no external request, printable."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from scanners.advice import book
from scanners.model import Category
from scanners.report.data import BAND_COLOURS, ReportData, rule_titles, words
from scanners.scoring import band_of

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


def category_label(cat: str) -> str:
    b = book()
    en, zh = b.category_title(cat, "en"), b.category_title(cat, "zh")
    return f"{en} / {zh}" if en != zh else en


def severity_word(w: Mapping[str, object], label: str) -> str:
    """A finding's severity in the report's language (tables for people; CSV stays English)."""
    words = w.get("severities")
    return str(words.get(label, label)) if isinstance(words, Mapping) else label


def category_word(cat: str, lang: str) -> str:
    return book().category_title(cat, lang)


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


Add = Callable[[str], None]


def render_html(data: ReportData) -> str:
    w = words(data.lang)
    h: list[str] = []
    add = h.append
    add(f'<!DOCTYPE html>\n<html lang="{"zh-CN" if data.lang == "zh" else "en"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{_e(w['title'])}</title><style>{CSS}</style></head><body>")
    add(f"<h1>{_e(w['title'])}</h1>")
    add(f'<p class="meta">{_e(w["host"])}: {_e(data.host)} · {_e(w["scan"])}'
        f' {"#" + str(data.scan_id) if data.scan_id is not None else ""} ({_e(data.status)}) ·'
        f' {_e(w["started"])}: {_e(data.started[:19].replace("T", " "))} UTC ·'
        f' {_e(w["folders"])}: {_e(", ".join(data.roots) or "-")}</p>')

    _score_section(data, w, add)
    _trend_section(data, w, add)
    _risks_section(data, w, add)
    _locations_section(data, w, add)
    _findings_section(data, w, add)
    _accepted_and_errors(data, w, add)
    add(f"<footer>{_e(w['footer'])} piaudit {_e(data.version)} · {_e(data.generated)}</footer>")
    add("</body></html>\n")
    return "".join(h)


def _score_section(data: ReportData, w: Mapping[str, object], add: Add) -> None:
    """The index, its band, why (one sentence, the shares) and the categories."""
    s = data.score
    band = s.band
    bands = w["bands"]
    assert isinstance(bands, dict)
    add(f"<h2>{_e(w['score'])}</h2><div class=\"score\">")
    add(f'<div class="big">{s.value}<span class="small">/100</span></div>')
    add(f'<div><span class="band" style="background:{BAND_COLOURS[band]}">'
        f"{_e(bands.get(band, band))}</span><br>{gauge_svg(s.value, band)}</div></div>")

    # why this score: one sentence first, then the parts that add up to the number
    add(f'<p class="why"><b>{_e(s.sentence(data.lang))}</b></p>')
    if s.parts:
        add(f"<p>{_e(s.breakdown(data.lang))}</p>")

    add(f"<h2>{_e(w['by_category'])}</h2>")
    # each bar is the category's share of the index, so the bars add up to the number
    rows = [(category_label(str(p.category)), p.share) for p in s.parts]
    add(bars_svg(rows, band) if rows else f"<p>{_e(w['none'])}</p>")
    if s.parts:
        add("<table><tr><th>" + _e(w["category"]) + f"</th><th>+ / {s.value}</th><th>n</th>"
            "<th>" + _e(w["legal_basis"]) + "</th></tr>")
        for p in s.parts:
            add(f"<tr><td>{_e(category_label(str(p.category)))}</td><td>{p.share}</td>"
                f"<td>{p.people}</td><td>{_e(p.label)}</td></tr>")
        add("</table>")

    add(f"<h2>{_e(w['why'])}</h2><ul>")
    for line in s.explain(limit=8, lang=data.lang)[2:]:
        add(f"<li>{_e(line)}</li>")
    add("</ul>")
    add(f'<p class="small">{_e(w["legal_mapping"])}: {_e(s.profile)} — '
        f"{_e('; '.join(s.standards))}</p>")


def _trend_section(data: ReportData, w: Mapping[str, object], add: Add) -> None:
    """What changed since the previous audit."""
    add(f"<h2>{_e(w['trend'])}</h2>")
    if data.trend is None:
        add(f"<p>{_e(w['no_trend'])}</p>")
    else:
        t = data.trend
        add(f"<p><b>{_e(t.summary())}</b></p><ul>")
        for r in t.reasons:
            add(f"<li>{_e(r)}</li>")
        add("</ul>")
        for label, cls, items in ((w["new"], "new", t.new), (w["resolved"], "resolved",
                                                             t.resolved)):
            if items:
                add(f'<h3 class="{cls}">{_e(label)} ({len(items)})</h3><ul class="small">')
                for f in items[:50]:
                    add(f"<li>{_e(f.rule)} <code>{_e(f.preview)}</code> — {_e(f.location)}</li>")
                add("</ul>")


def _risks_section(data: ReportData, w: Mapping[str, object], add: Add) -> None:
    """The largest contributions with their advice, and the general advice."""
    s = data.score
    titles = rule_titles(data.lang)
    add(f"<h2>{_e(w['top_risks'])}</h2>")
    seen: set[tuple[str, str]] = set()
    for c in s.top[:8]:
        if (c.rule, c.location) in seen:
            continue
        seen.add((c.rule, c.location))
        a = book().for_finding(c.rule, c.category, c.scanner, data.lang, c.protection)
        add('<div class="risk">')
        add(f"<h3>{_e(titles.get(c.rule, c.rule))} <code>{_e(c.preview)}</code>"
            f' <span class="small">+{c.added:.1f} {_e(w["points"])}</span></h3>')
        add(f'<p class="small">{_e(c.location)} · {_e(", ".join(c.factors.words()))}</p>')
        add(f"<p><b>{_e(w['why_it_matters'])}:</b> {_e(a.why)}<br>"
            f"<b>{_e(w['legal_basis'])}:</b> {_e(a.legal)}</p>")
        add(f"<b>{_e(w['steps'])}:</b><ol>" + "".join(f"<li>{_e(x)}</li>" for x in a.steps)
            + "</ol></div>")
    general = book().for_category(Category.IDENTITY, data.lang).general
    add(f"<h3>{_e(w['general'])}</h3><ul>" + "".join(f"<li>{_e(x)}</li>" for x in general)
        + "</ul>")


def _locations_section(data: ReportData, w: Mapping[str, object], add: Add) -> None:
    """The locations that carry the index, the largest first."""
    s = data.score
    add(f"<h2>{_e(w['locations'])}</h2>")
    if s.locations:
        add(f"<table><tr><th>{_e(w['location'])}</th><th>0-100</th><th>n</th>"
            f"<th>{_e(w['category'])}</th><th>{_e(w['access'])}</th></tr>")
        for loc in s.locations[:25]:
            add(f'<tr><td class="loc">{_e(loc.location)}</td><td>{loc.value}</td>'
                f"<td>{loc.findings}</td><td>{_e(', '.join(loc.categories))}</td>"
                f"<td>{_e('; '.join(loc.access))}</td></tr>")
        add("</table>")
    else:
        add(f"<p>{_e(w['none'])}</p>")


def _findings_section(data: ReportData, w: Mapping[str, object], add: Add) -> None:
    """Every finding (accepted ones marked)."""
    add(f"<h2>{_e(w['findings'])} ({len(data.findings)})</h2>")
    if data.findings:
        add(f"<table><tr><th>{_e(w['severity'])}</th><th>{_e(w['category'])}</th>"
            f"<th>{_e(w['rule'])}</th><th>{_e(w['preview'])}</th><th>{_e(w['location'])}</th>"
            f"<th>{_e(w['line'])}</th><th>{_e(w['confidence'])}</th></tr>")
        for f in data.sorted_findings():
            mark = " ✓" if data.is_accepted(f) else ""
            add(f"<tr><td>{_e(severity_word(w, f.severity.label))}{mark}</td>"
                f"<td>{_e(category_word(str(f.category), data.lang))}</td>"
                f"<td>{_e(f.rule)}</td><td><code>{_e(f.preview)}</code></td>"
                f'<td class="loc">{_e(f.location)}</td><td>{_e(f.line or "")}</td>'
                f"<td>{f.confidence:.2f}</td></tr>")
        add("</table>")
    else:
        add(f"<p>{_e(w['none'])}</p>")


def _accepted_and_errors(data: ReportData, w: Mapping[str, object], add: Add) -> None:
    """The accepted risks and what could not be read."""
    accepted = [f for f in data.findings if data.is_accepted(f)]
    if data.accepted:
        add(f"<h2>{_e(w['accepted'])} ({len(accepted)})</h2><table><tr>"
            f"<th>{_e(w['rule'])}</th><th>{_e(w['preview'])}</th><th>{_e(w['location'])}</th>"
            f"<th>{_e(w['reason'])}</th></tr>")
        for f in accepted:
            acc = data.acceptance_of(f)
            add(f"<tr><td>{_e(f.rule)}</td><td><code>{_e(f.preview)}</code></td>"
                f'<td class="loc">{_e(f.location)}</td><td>{_e(acc.reason if acc else "")}'
                "</td></tr>")
        add("</table>")

    if data.errors:
        add(f"<h2>{_e(w['errors'])} ({len(data.errors)})</h2><ul class=\"small\">")
        for e in data.errors[:500]:
            add(f"<li>{_e(e.reason)}: {_e(e.location)}"
                f"{(' — ' + _e(e.message)) if e.message else ''}</li>")
        add("</ul>")
