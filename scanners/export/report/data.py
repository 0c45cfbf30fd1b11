"""What every report format is built from: `ReportData` (masked previews and keyed
fingerprints only), rule titles and legal anchors, the report's labels and band colours.

The renderers (`html`, `pdf`, `sarif`, `ocsf`, `tabular`) import this module, never the
package's `__init__`, which loads them when a format is asked for.
"""

from __future__ import annotations

import socket
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from scanners import __version__
from scanners.assessment.access_facts import AccessFacts
from scanners.assessment.scoring import Acceptance, Score, is_accepted
from scanners.assessment.trend import Trend
from scanners.detection.rules import load_rules
from scanners.export.records import AuditHead, RecordContext
from scanners.model import Finding, ScanError
from scanners.system.paths import resources_dir


@dataclass(slots=True)
class ReportData:
    started: str
    finished: str | None
    roots: tuple[str, ...]
    findings: list[Finding]
    errors: list[ScanError]
    score: Score
    access: dict[str, AccessFacts] = field(default_factory=dict)
    accepted: list[Acceptance] = field(default_factory=list)
    trend: Trend | None = None
    scan_id: int | None = None
    status: str = "complete"
    lang: str = "en"
    host: str = field(default_factory=socket.gethostname)
    version: str = __version__
    generated: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    blind_spots: tuple[str, ...] = ()  # what the audit could not look at, in sentences
    # the summary only: score, categories, top risks and advice; no list of findings,
    # places or accepted risks (a one-page hand-out instead of every finding)
    summary_only: bool = False
    row_limit: int | None = None  # findings listed at most (a preview); None: all
    # which key family fingerprinted the audit ({"family", "id"}; never the key): OCSF lines
    # carry it so a SIEM links fingerprints only within one family
    fingerprint_key: dict[str, str] | None = None

    def head(self) -> AuditHead:
        return AuditHead(self.scan_id, self.host, self.status, self.started, self.finished,
                         self.roots)

    def context(self) -> RecordContext:
        """What every finding's record adds (scanners.export.records)."""
        return self.head().context(self.accepted, self.lang)

    def is_accepted(self, f: Finding) -> bool:
        return bool(self.accepted) and is_accepted(f, self.accepted)

    def acceptance_of(self, f: Finding) -> Acceptance | None:
        return next((a for a in self.accepted if a.covers(f)), None)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (-int(f.severity), str(f.category),
                                                    f.location, f.line or 0, f.start or 0))


def rule_titles(lang: str = "en") -> Mapping[str, str]:
    """Rule id -> title (Chinese when lang is zh); {} when the rules cannot be loaded."""
    try:
        rules = load_rules()
    except Exception:
        return {}
    titles = {r.id: (r.title_zh if lang == "zh" and r.title_zh else r.title) for r in rules}
    from scanners.system.rule_names import named_rules  # store parts and permissions

    return {**named_rules(lang), **titles}


def rule_legal() -> Mapping[str, str]:
    try:
        return {r.id: r.legal for r in load_rules()}
    except Exception:
        return {}


def categories_in(findings: Iterable[Finding]) -> list[str]:
    return sorted({str(f.category) for f in findings})


def words(lang: str = "en") -> dict[str, object]:
    """The report's labels in `lang` (resources/report.toml), English for unknown languages."""
    with open(resources_dir() / "report.toml", "rb") as fh:
        data = tomllib.load(fh)
    return dict(data.get(lang) or data["en"])


BAND_COLOURS = {"low": "#2e7d32", "medium": "#f9a825", "high": "#ef6c00", "critical": "#c62828"}
