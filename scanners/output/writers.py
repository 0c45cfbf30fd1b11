"""Write findings as a table, JSON, JSON lines or CSV. Only masked previews are written."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from scanners import __version__
from scanners.model import Finding, ScanResult
from scanners.scoring import Score

FORMATS = ("table", "json", "jsonl", "csv")
CSV_FIELDS = (
    "severity", "category", "rule", "confidence", "location", "path", "line", "start", "end",
    "preview", "fingerprint", "count", "scanner",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def finding_line(f: Finding) -> str:
    return json.dumps(f.to_dict(), ensure_ascii=False)


def write_jsonl(findings: Iterable[Finding], out: TextIO) -> None:
    for f in findings:
        out.write(finding_line(f))
        out.write("\n")


def write_csv(findings: Iterable[Finding], out: TextIO) -> None:
    w = csv.writer(out)
    w.writerow(CSV_FIELDS)
    for f in findings:
        d = f.to_dict()
        w.writerow([csv_safe(d.get(k)) for k in CSV_FIELDS])


def write_json(result: ScanResult, score: Score, out: TextIO) -> None:
    doc = {
        "tool": "piaudit",
        "version": __version__,
        "started": result.started.isoformat(),
        "finished": result.finished.isoformat() if result.finished else None,
        "cancelled": result.cancelled,
        "roots": list(result.roots),
        "scanners": list(result.scanners),
        "score": {
            "value": score.value,
            "band": score.band,
            "categories": [
                {"category": str(p.category), "points": round(p.points, 2),
                 "distinct": p.distinct, "worst_rule": p.worst}
                for p in score.parts
            ],
        },
        "stats": {
            "files_scanned": result.stats.files_scanned,
            "files_cached": result.stats.files_cached,
            "files_skipped": result.stats.files_skipped,
            "bytes_scanned": result.stats.bytes_scanned,
            "seconds": round(result.stats.seconds, 3),
        },
        # which scanners looked, and what they could not look at (a missing adb, another OS)
        "statuses": [st.to_dict() for st in result.statuses.values()],
        "findings": [f.to_dict() for f in result.findings],
        "errors": [e.to_dict() for e in result.errors],
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]


def write_table(result: ScanResult, score: Score, out: TextIO) -> None:
    rows = sorted(result.findings, key=lambda f: (-f.severity, f.location, f.start or 0))
    if rows:
        out.write(f"{'SEVERITY':<9} {'CATEGORY':<11} {'RULE':<32} {'PREVIEW':<24} LOCATION\n")
    for f in rows:
        where = f.location + (f":{f.line}" if f.line else "")
        out.write(
            f"{f.severity.label:<9} {f.category!s:<11} {f.rule:<32} "
            f"{_cut(f.preview, 24):<24} {_cut(where, 70)}\n"
        )
    s = result.stats
    out.write(
        f"\n{len(result.findings)} finding(s) in {s.files_scanned + s.files_cached} file(s)"
        f" ({s.files_cached} unchanged since last scan, {s.files_skipped} skipped,"
        f" {len(result.errors)} error(s)) in {s.seconds:.1f} s\n"
    )
    out.write(f"Exposure score: {score.value}/100 ({score.band})\n")
    for p in score.parts[:5]:
        out.write(f"  {p.category!s:<14} {p.distinct:>6} distinct value(s), worst: {p.worst}\n")
    if result.cancelled:
        out.write("Scan interrupted: these are partial results.\n")
