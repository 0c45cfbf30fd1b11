"""Reports of one audit: HTML, PDF, JSON, CSV, SARIF 2.1.0 and OCSF JSON lines.

Every format is built from one `ReportData`, which holds only masked previews and keyed
fingerprints: no report ever contains a full value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from scanners.assessment.coverage import Coverage, coverage_of
from scanners.assessment.scoring import Acceptance, score
from scanners.assessment.trend import Trend
from scanners.export.report.data import (
    BAND_COLOURS,
    ReportData,
    categories_in,
    rule_legal,
    rule_titles,
    words,
)
from scanners.export.report.html import render_html
from scanners.export.report.ocsf import write_ocsf
from scanners.export.report.pdf import render_pdf
from scanners.export.report.sarif import to_sarif
from scanners.export.report.tabular import write_csv, write_json
from scanners.model import ScanResult
from scanners.system.private_files import open_private
from scanners.system.textsafe import ERRORS

if TYPE_CHECKING:
    from scanners.ledger import Ledger

__all__ = [
    "BAND_COLOURS",
    "FORMATS",
    "ReportData",
    "categories_in",
    "from_ledger",
    "from_result",
    "rule_legal",
    "rule_titles",
    "words",
    "write",
    "write_text",
]

FORMATS = ("html", "pdf", "json", "csv", "sarif", "ocsf")


def from_result(result: ScanResult, *, accepted: Sequence[Acceptance] = (),
                lang: str = "en", scan_id: int | None = None,
                trend: Trend | None = None,
                fingerprint_key: dict[str, str] | None = None) -> ReportData:
    """A report of an audit just run."""
    total = score(result.findings, access=result.access, accepted=accepted)
    cov = coverage_of(result)
    blind = [*cov.reasons, *(f"{st.scanner}: {msg or reason}" for st in result.statuses.values()
                             for reason, msg in st.blind_spots())]
    return ReportData(
        started=result.started.isoformat(),
        finished=result.finished.isoformat() if result.finished else None,
        roots=tuple(result.roots), findings=list(result.findings), errors=list(result.errors),
        score=total, access=dict(result.access), accepted=list(accepted), trend=trend,
        scan_id=scan_id, status=cov.status, lang=lang, blind_spots=tuple(blind),
        fingerprint_key=fingerprint_key,
    )


def from_ledger(ledger: Ledger, scan_id: int, *, lang: str = "en",
                with_trend: bool = True) -> ReportData:
    """A report of a logged audit (needs the log's passphrase), with its trend."""
    from scanners.actions.remediate import accepted_risks
    from scanners.assessment.access import logged_facts
    from scanners.assessment.trend import compare, previous_scan

    summary, findings, errors = ledger.scan(scan_id)
    access = logged_facts(ledger, scan_id)
    accepted = accepted_risks(ledger)
    total = score(findings, access=access, accepted=accepted)
    trend = None
    if with_trend and summary.complete:  # an incomplete audit is never compared
        prev = previous_scan(ledger, scan_id)
        if prev is not None:
            prev_findings = list(ledger.findings(prev.id))
            prev_score = score(prev_findings, access=logged_facts(ledger, prev.id),
                               accepted=accepted)
            trend = compare(prev_findings, findings, prev_score, total, prev.id)
    return ReportData(
        started=summary.started, finished=summary.finished, roots=summary.roots,
        findings=findings, errors=errors, score=total, access=access, accepted=accepted,
        trend=trend, scan_id=scan_id, status=summary.status, lang=lang,
        blind_spots=Coverage.from_dict(summary.coverage).reasons,
        fingerprint_key=_logged_key(summary.settings),
    )


def _logged_key(settings: object) -> dict[str, str] | None:
    """The key family an audit recorded in its settings (none before fleet keys existed)."""
    key = settings.get("fingerprint_key") if isinstance(settings, dict) else None
    if isinstance(key, dict) and isinstance(key.get("family"), str) \
            and isinstance(key.get("id"), str):
        return {"family": key["family"], "id": key["id"]}
    return None


def write(data: ReportData, fmt: str, output: Path) -> None:
    """Write one report format to `output` (PDF is binary, the rest UTF-8 text).

    The file is 0600 whatever the umask (private_files.open_private): a report lists where
    personal data lies. `piaudit report` and the desktop window's export both come here.
    """
    if fmt == "pdf":
        pdf = render_pdf(data)  # rendered first: a failed render leaves no empty file
        with open_private(output, "wb") as fh:
            fh.write(pdf)
        return
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    # CSV starts with a BOM so spreadsheet programs read UTF-8; the rest are plain UTF-8
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    # A path that is not UTF-8 is written as "\udcff" escapes (scanners.system.textsafe),
    # never fails
    with open_private(output, encoding=encoding, errors=ERRORS) as out:
        write_text(data, fmt, out)


def write_text(data: ReportData, fmt: str, out: object) -> None:
    stream = cast(TextIO, out)
    if fmt == "html":
        stream.write(render_html(data))
    elif fmt == "json":
        write_json(data, stream)
    elif fmt == "csv":
        write_csv(data, stream)
    elif fmt == "sarif":
        json.dump(to_sarif(data), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt == "ocsf":
        write_ocsf(data, stream)
    else:
        raise ValueError(f"unknown text report format {fmt!r}")
