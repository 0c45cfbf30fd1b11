"""The session as one self-contained HTML page for the class: the score before and after,
the people the attacker's view linked up, the fixes applied, the cases. Masked previews
only, sources as file names (never the trainer's paths); written 0600."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.presenter import texts
from desktop.presenter.pages import plan_rows
from desktop.presenter.texts import translate
from desktop.texts.labels import band_for, category_short

if TYPE_CHECKING:
    from desktop.presenter.flow import PresenterFlow
    from desktop.scan.worker import ScanOutcome
    from scanners.assessment.linking import Profile

PEOPLE = 12  # cards in the handout

_CSS = """body{font:17px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em auto;
max-width:60em;color:#222;padding:0 1em}h1{font-size:1.8em}h2{margin-top:1.6em;
border-bottom:2px solid #eee}.scores{display:flex;gap:2em;align-items:center}
.score{border:1px solid #ddd;border-radius:10px;padding:.6em 1.6em;text-align:center}
.score b{display:block;font-size:3.2em}.card{border:2px solid #b91c1c;border-radius:8px;
padding:.5em 1em;margin:.8em 0}.card h3{margin:.2em 0}table{border-collapse:collapse;
width:100%}td{padding:.2em .5em;border-top:1px solid #eee;vertical-align:top}
td.c{font-weight:600;white-space:nowrap}td.s{color:#666;font-size:.85em}
.case{background:#fff7e6;border-left:5px solid #c2410c;padding:.5em 1em;margin:.8em 0}
.note{color:#555}"""


def _score(out: ScanOutcome | None, title: str) -> str:
    value = out.score.value if out is not None else None
    band = band_for(value, out.score.band if out is not None else None)
    shown = "–" if value is None else str(value)
    return (f'<div class="score">{html.escape(title)}<b style="color:{band.colour}">{shown}'
            f"</b>{html.escape(band.word)}</div>")


def _card(p: Profile) -> str:
    e = html.escape
    rows = "".join(
        f'<tr><td class="c">{e(category_short(f.category))}</td><td>{e(f.preview)}</td>'
        f'<td class="s">{e(texts.short(f.source))}'
        + (f" (+{len(f.also_in)})" if f.also_in else "") + "</td></tr>"
        for f in p.facts)
    sub = translate("Presenter", "%1 facts from %2 sources").replace(
        "%1", str(len(p.facts))).replace("%2", str(p.sources))
    return f'<div class="card"><h3>{e(p.label)}</h3><p>{e(sub)}</p><table>{rows}</table></div>'


def render(flow: PresenterFlow) -> str:
    e = html.escape
    lang = "zh-CN" if flow.language.startswith("zh") else "en"
    title = translate("Presenter", "What a leaky computer gives away: a piaudit training session")
    note = translate("Presenter", "Every value on this page was invented for the training "
                                  "and is masked.")
    own = translate("Presenter", "Check your own computer: piaudit scan, or the piaudit "
                                 "desktop app.")
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
             f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(title)}</h1>",
             f'<p class="note">{e(note)}</p>',
             f"<h2>{e(texts.step_title('compare'))}</h2>", '<div class="scores">',
             _score(flow.before, translate("Presenter", "Before")), "<span>→</span>",
             _score(flow.after, translate("Presenter", "After")), "</div>"]
    if flow.before is not None:
        parts.append(f"<p>{e(flow.before.score.sentence(flow.language))}</p>")
    linked = flow.linked(flow.people_before)
    parts.append(f"<h2>{e(texts.step_title('people'))}</h2>")
    parts.append(f"<p>{e(texts.step_caption('people'))} " + e(
        translate("Presenter", "%1 people linked up across files, browsers and the phone")
        .replace("%1", str(len(linked)))) + "</p>")
    parts.extend(_card(p) for p in flow.people_before[:PEOPLE])
    parts.append(f"<h2>{e(texts.step_title('fixes'))}</h2><ul>")
    done: dict[str, bool] = {}
    for r in flow.results:
        done[r.step.kind] = done.get(r.step.kind, True) and r.done
    for kind, fix, does in plan_rows(flow):
        mark = "✓" if done.get(kind) else "✕" if kind in done else "·"
        parts.append(f"<li>{mark} <b>{e(fix)}</b>: {e(does)}</li>")
    parts.append("</ul>")
    cases_title = translate("Presenter", "The cases")
    parts.append(f"<h2>{e(cases_title)}</h2>")
    for case in texts.cases().values():
        parts.append(f'<div class="case"><b>{e(case.title)}</b><p>{e(case.story)}</p>'
                     f"<p>{e(case.lesson)}</p></div>")
    parts.append(f'<p class="note">{e(own)}</p></body></html>\n')
    return "".join(parts)


def write_handout(flow: PresenterFlow, path: Path) -> None:
    from scanners.system.private_files import open_private

    page = render(flow)
    with open_private(str(path)) as fh:
        fh.write(page)
