"""The fleet view written as JSON, CSV or a self-contained HTML page.

Only what the view holds is written: scores, categories, masked previews and keyed
fingerprints. Every text that came from a host's result (a folder name, a preview, a
blind spot's message) is escaped for where it goes: HTML-escaped and stripped of control
characters in the page, formula-neutralised in the CSV.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from scanners.export import table_words
from scanners.system.language import current, tr
from scanners.system.rule_names import rule_name
from scanners.system.textsafe import terminal

FORMATS = ("json", "html", "csv")
CSV_COLUMNS = ("record", "rank", "host", "score", "band", "complete", "findings", "change",
               "verified", "linked", "key_id", "categories", "rule", "category", "preview",
               "fingerprint", "hosts", "kind", "text")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_view(view: Mapping[str, Any], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(view, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        write_csv(view, out)
    elif fmt == "html":
        out.write(html_page(view))
    else:
        raise ValueError(f"unknown fleet view format {fmt!r}")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    text = "" if value is None else terminal(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(view: Mapping[str, Any], out: TextIO) -> None:
    """One table for a spreadsheet: a `record` column says what each row is (host, shared
    value, blind spot, rejected result)."""
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)

    def row(**cells: object) -> None:
        w.writerow([_cell(cells.get(c)) for c in CSV_COLUMNS])

    for h in view["hosts"]:
        cats = "; ".join(f"{c['category']} {c['value']}" for c in h["categories"] if c["value"])
        row(record="host", rank=h["rank"], host=h["host"], score=h["score"], band=h["band"],
            complete=h["complete"], findings=h["findings"], change=h["change"],
            verified=h["verified"], linked=h["linked"], key_id=h["fingerprint_key"]["id"],
            categories=cats)
    for v in view["shared_values"]:
        row(record="shared_value", rule=v["rule"], category=v["category"], preview=v["preview"],
            fingerprint=v["fingerprint"], hosts=" ".join(v["hosts"]))
    for h in view["hosts"]:
        for b in h["blind_spots"]:
            row(record="blind_spot", host=h["host"], kind=b["kind"],
                text=f"{b['scanner']}: {b['text']}" if b["scanner"] else b["text"])
    for r in view["rejected"]:
        row(record="rejected", host=r["host"], kind="rejected", text=r["reason"])


def _e(value: object) -> str:
    return html.escape(terminal("" if value is None else str(value)), quote=True)


_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.3em .6em;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}
.bad{color:#a00}.muted{color:#777}code{font-size:12px}
"""


def html_page(view: Mapping[str, Any]) -> str:
    hosts = view["hosts"]
    parts = [
        f"<!DOCTYPE html>\n<html lang=\"{'zh-CN' if current() == 'zh' else 'en'}\"><head>"
        "<meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
        " style-src 'unsafe-inline'\">",
        f"<title>{tr('piaudit fleet view')}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{tr('Fleet exposure')}</h1>",
        "<p>" + tr("{n} host(s) from {folder}, generated {when}.", n=len(hosts),
                   folder=f"<code>{_e(view['folder'])}</code>", when=_e(view["generated"]))
        + f" {_key_sentence(view)}</p>",
        _hosts_table(hosts), _categories_table(hosts), _shared_table(view),
        _blind_spots(hosts), _rejected(view["rejected"]),
        "<p class=\"muted\">" + tr("Only masked previews and keyed fingerprints are shown; no"
                                   " value left any host.") + "</p></body></html>\n",
    ]
    return "\n".join(parts)


def _key_sentence(view: Mapping[str, Any]) -> str:
    key = view["fingerprint_key"]
    if key["id"] is None:
        return tr("No two hosts share a fleet fingerprint key: values cannot be linked across"
                  " hosts.")
    verified = (tr("every result's seal was verified with it") if key["verified"]
                else tr("results were not verified (no fleet key given)"))
    return tr("Values are linked by the fleet key {key}; {verified}.",
              key=f"<code>{_e(key['id'])}</code>", verified=verified)


def _hosts_table(hosts: Sequence[Mapping[str, Any]]) -> str:
    heads = "".join(f"<th>{tr(t)}</th>" for t in ("Host", "Score", "Band", "Complete",
                                                   "Findings", "Change", "Trend"))
    rows = [f"<h2>{tr('Hosts by exposure')}</h2><table><tr><th>#</th>{heads}</tr>"]
    for h in hosts:
        band = (_e(table_words.band(h["band"])) if h["band"] else
                f"<span class=\"muted\">{tr('no band (incomplete)')}</span>")
        change = "" if h["change"] is None else f"{h['change']:+d}"
        trend = " → ".join(str(p["score"]) for p in h["trend"])
        rows.append(
            f"<tr><td class=\"n\">{h['rank']}</td><td>{_e(h['host'])}</td>"
            f"<td class=\"n\">{h['score']}</td><td>{band}</td>"
            f"<td>{tr('yes') if h['complete'] else '<span class=bad>' + tr('no') + '</span>'}</td>"
            f"<td class=\"n\">{h['findings']}</td><td class=\"n\">{_e(change)}</td>"
            f"<td>{_e(trend)}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _categories_table(hosts: Sequence[Mapping[str, Any]]) -> str:
    names = sorted({c["category"] for h in hosts for c in h["categories"]})
    if not names:
        return ""
    head = "".join(f"<th>{_e(table_words.category(n))}</th>" for n in names)
    rows = [f"<h2>{tr('Categories by host')}</h2><table><tr><th>{tr('Host')}</th>{head}</tr>"]
    for h in hosts:
        by = {c["category"]: c for c in h["categories"]}
        cells = "".join(
            f"<td class=\"n\">{by[n]['value']} <span class=\"muted\">({by[n]['findings']})</span>"
            "</td>" if n in by else "<td></td>" for n in names)
        rows.append(f"<tr><td>{_e(h['host'])}</td>{cells}</tr>")
    rows.append("</table><p class=\"muted\">" + tr("Each cell: the category's score (its"
                                                   " findings).") + "</p>")
    return "".join(rows)


def _shared_table(view: Mapping[str, Any]) -> str:
    shared = view["shared_values"]
    out = [f"<h2>{tr('Values found on several hosts')}</h2>"]
    if not shared:
        out.append(f"<p>{tr('None.')}</p>")
        return "".join(out)
    heads = "".join(f"<th>{tr(t)}</th>" for t in ("Preview", "Rule", "Category", "Hosts",
                                                   "Fingerprint"))
    out.append(f"<table><tr>{heads}</tr>")
    for v in shared:
        rule = rule_name(v["rule"], current())
        out.append(f"<tr><td>{_e(v['preview'])}</td><td>{_e(rule)}</td>"
                   f"<td>{_e(table_words.category(v['category']))}</td>"
                   f"<td>{_e(', '.join(v['hosts']))}</td>"
                   f"<td><code>{_e(v['fingerprint'][:16])}…</code></td></tr>")
    out.append("</table>")
    if view["shared_values_total"] > len(shared):
        out.append("<p>" + tr("… and {n} more.", n=view["shared_values_total"] - len(shared))
                   + "</p>")
    return "".join(out)


def _blind_spots(hosts: Sequence[Mapping[str, Any]]) -> str:
    out = [f"<h2>{tr('Blind spots')}</h2>"]
    any_spot = False
    for h in hosts:
        if not h["blind_spots"]:
            continue
        any_spot = True
        items = "".join(
            f"<li>{_e(b['scanner'] + ': ' if b['scanner'] else '')}{_e(b['text'])}</li>"
            for b in h["blind_spots"])
        out.append(f"<h3>{_e(h['host'])}</h3><ul>{items}</ul>")
    if not any_spot:
        out.append("<p>" + tr("Every host's audit looked at everything it was asked to.")
                   + "</p>")
    return "".join(out)


def _rejected(rejected: Sequence[Mapping[str, Any]]) -> str:
    if not rejected:
        return ""
    items = "".join(f"<li><b>{_e(r['host'])}</b> (<code>{_e(r['file'])}</code>):"
                    f" {_e(tr(r['reason']))}</li>" for r in rejected)
    return f"<h2 class=\"bad\">{tr('Rejected results')}</h2><ul>{items}</ul>"
