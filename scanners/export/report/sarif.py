"""SARIF 2.1.0 for file-content findings (stores and permissions have no place in SARIF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scanners.export.report.data import ReportData, rule_legal, rule_titles
from scanners.model import Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
          Severity.LOW: "note", Severity.INFO: "note"}


def _uri(path: str) -> str:
    p = Path(path)
    return p.as_uri() if p.is_absolute() else path.replace("\\", "/")


def to_sarif(data: ReportData) -> dict[str, Any]:
    titles, legal = rule_titles("en"), rule_legal()
    files = [f for f in data.sorted_findings() if f.path]
    rule_ids = sorted({f.rule for f in files})
    index = {r: i for i, r in enumerate(rule_ids)}
    rules = [
        {"id": r, "name": r.replace(".", "_"),
         "shortDescription": {"text": titles.get(r, r)},
         "properties": {"category": r.split(".", 1)[0], "legal": legal.get(r, "")}}
        for r in rule_ids
    ]
    results = [_result(f, index[f.rule], titles, data) for f in files]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "piaudit", "version": data.version,
                                "semanticVersion": data.version, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "redactionTokens": ["*"],
            "invocations": [{"executionSuccessful": data.status == "complete",
                             "startTimeUtc": _utc(data.started),
                             **({"endTimeUtc": _utc(data.finished)} if data.finished else {})}],
            "properties": {"host": data.host, "score": data.score.value,
                           "band": data.score.band, "scan": data.scan_id},
            "results": results,
        }],
    }


def _utc(ts: str) -> str:
    return ts.replace("+00:00", "Z")


def _result(f: Finding, rule_index: int, titles: dict[str, str] | Any,
            data: ReportData) -> dict[str, Any]:
    assert f.path is not None
    outer, _, member = f.path.partition("!")
    region: dict[str, Any] = {}
    if f.line:
        region["startLine"] = f.line
    if f.start is not None:
        region["charOffset"] = f.start
        if f.end is not None and f.end >= f.start:
            region["charLength"] = f.end - f.start
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(outer)}}
    if region and not member:
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if member:
        location["logicalLocations"] = [{"name": member, "kind": "member"}]
    result: dict[str, Any] = {
        "ruleId": f.rule, "ruleIndex": rule_index, "level": LEVELS[f.severity],
        "message": {"text": f"{titles.get(f.rule, f.rule)}: {f.preview}"},
        "locations": [location],
        "partialFingerprints": {"piauditValue/v1": f.fingerprint},
        "properties": {"category": str(f.category), "severity": f.severity.label,
                       "confidence": round(f.confidence, 3), "maskedSample": f.preview,
                       **({"member": member, "memberRegion": region} if member else {})},
    }
    if data.is_accepted(f):
        acc = data.acceptance_of(f)
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": acc.reason if acc else ""}]
    return result
