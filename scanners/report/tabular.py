"""JSON and CSV reports (masked previews and fingerprints only)."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from scanners.advice import book
from scanners.output.writers import csv_safe
from scanners.report.data import ReportData
from scanners.scoring import score_dict

CSV_COLUMNS = (
    "host", "scanned_at", "finding_uid", "category", "severity", "rule", "location", "path",
    "line", "count", "masked_sample", "fingerprint", "confidence", "accepted", "remediation",
)


def finding_uid(fingerprint: str, location: str) -> str:
    import hashlib

    return hashlib.sha256(f"{fingerprint}\x1f{location}".encode()).hexdigest()[:32]


def write_json(data: ReportData, out: TextIO) -> None:
    cats = sorted({str(f.category) for f in data.findings})
    doc = {
        "tool": "piaudit", "version": data.version, "generated": data.generated,
        "host": data.host, "scan": data.scan_id, "status": data.status,
        "started": data.started, "finished": data.finished, "roots": list(data.roots),
        "score": score_dict(data.score),
        "trend": data.trend.to_dict() if data.trend is not None else None,
        "advice": {
            c: {"title": a.title, "why": a.why, "legal": a.legal, "steps": list(a.steps)}
            for c in cats for a in [book().for_category(c, data.lang)]
        },
        "accepted": [{"fingerprint": a.fingerprint, "location": a.location, "reason": a.reason}
                     for a in data.accepted],
        "findings": [{**f.to_dict(), "accepted": data.is_accepted(f)}
                     for f in data.sorted_findings()],
        "errors": [e.to_dict() for e in data.errors],
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_csv(data: ReportData, out: TextIO) -> None:
    """One row per finding; cells that a spreadsheet would run as a formula get a quote."""
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for f in data.sorted_findings():
        advice = book().for_finding(f.rule, f.category, f.scanner, data.lang,
                                    f.detail.get("protection"))
        row = [data.host, data.started, finding_uid(f.fingerprint, f.location),
               str(f.category), f.severity.label, f.rule, f.location, f.path, f.line, f.count,
               f.preview, f.fingerprint, f"{f.confidence:.2f}",
               "yes" if data.is_accepted(f) else "", advice.steps[0] if advice.steps else ""]
        w.writerow([csv_safe(v) for v in row])
