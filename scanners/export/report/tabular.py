"""JSON and CSV reports: the one export shape (scanners.export.records), masked values only."""

from __future__ import annotations

from typing import TextIO

from scanners.assessment.advice import book
from scanners.export.records import FindingStream, document, dump_json, finding_uid
from scanners.export.report.data import ReportData
from scanners.export.writers import score_json

__all__ = ["finding_uid", "write_csv", "write_json"]  # finding_uid: its old home


def write_json(data: ReportData, out: TextIO) -> None:
    """The one JSON document, with the report's sections: score, trend, advice per category
    and the accepted risks."""
    cats = sorted({str(f.category) for f in data.findings})
    sections = {
        "generated": data.generated,
        "score": score_json(data.score, data.status == "complete"),
        "trend": data.trend.to_dict() if data.trend is not None else None,
        "advice": {
            c: {"title": a.title, "why": a.why, "legal": a.legal, "steps": list(a.steps)}
            for c in cats for a in [book().for_category(c, data.lang)]
        },
        "accepted": [{"fingerprint": a.fingerprint, "location": a.location, "reason": a.reason}
                     for a in data.accepted],
    }
    dump_json(document(data.head(), data.sorted_findings(), data.errors, data.context(),
                       sections), out)


def write_csv(data: ReportData, out: TextIO) -> None:
    """One row per finding, the one CSV column set; formula cells get a quote."""
    FindingStream(out, "csv", data.context()).write_all(data.sorted_findings())
