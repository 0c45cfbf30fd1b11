"""OCSF Data Security Finding (class 2006) as JSON lines, one per finding, masked samples only."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import PurePath
from typing import Any, TextIO

from scanners.export.records import finding_uid
from scanners.export.report.data import ReportData, rule_titles
from scanners.model import Category, Finding, Severity

OCSF_VERSION = "1.5.0"
CLASS_UID, CATEGORY_UID, ACTIVITY_CREATE = 2006, 2, 1
SEVERITY_ID = {Severity.INFO: 1, Severity.LOW: 2, Severity.MEDIUM: 3, Severity.HIGH: 4,
               Severity.CRITICAL: 5}
SEVERITY_NAME = {1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical"}
# data_security.category_id: 1 Personal, 2 Governmental, 3 Financial, 4 Business, 99 Other
DATA_CATEGORY = {Category.FINANCIAL: 3, Category.CREDENTIAL: 99}


def _ms(ts: str) -> int:
    try:
        return int(datetime.fromisoformat(ts).timestamp() * 1000)
    except ValueError:
        return 0


def _confidence_id(c: float) -> int:
    return 3 if c >= 0.8 else 2 if c >= 0.5 else 1  # High / Medium / Low


def event(f: Finding, data: ReportData, titles: dict[str, str] | Any) -> dict[str, Any]:
    sev = SEVERITY_ID[f.severity]
    title = titles.get(f.rule, f.rule)
    accepted = data.is_accepted(f)
    ev: dict[str, Any] = {
        "class_uid": CLASS_UID, "class_name": "Data Security Finding",
        "category_uid": CATEGORY_UID, "category_name": "Findings",
        "activity_id": ACTIVITY_CREATE, "activity_name": "Create",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
        "severity_id": sev, "severity": SEVERITY_NAME[sev],
        "time": _ms(data.finished or data.started),
        "status_id": 4 if accepted else 1,  # 4 Suppressed, 1 New
        "confidence_id": _confidence_id(f.confidence),
        "confidence_score": round(f.confidence * 100),
        "is_alert": f.severity >= Severity.HIGH and not accepted,
        "message": f"{title}: {f.preview}",
        "metadata": {"version": OCSF_VERSION,
                     "product": {"name": "piaudit", "vendor_name": "piaudit",
                                 "version": data.version}},
        "finding_info": {"uid": finding_uid(f.fingerprint, f.location), "title": title,
                         "types": [str(f.category)], "analytic": {"uid": f.rule,
                                                                  "name": title, "type_id": 1}},
        "device": {"hostname": data.host, "type_id": 2 if sys.platform != "darwin" else 3},
        "data_security": {
            "detection_system_id": 4 if f.path else 1,
            "data_lifecycle_state_id": 1,
            "category_id": DATA_CATEGORY.get(f.category, 1),
            "pattern_match": f.preview,
        },
        "unmapped": {"piaudit_rule": f.rule, "piaudit_category": str(f.category),
                     "fingerprint": f.fingerprint, "masked_sample": f.preview,
                     "count": f.count, "location": f.location},
    }
    if f.path:
        outer = f.path.split("!", 1)[0]
        ev["file"] = {"name": PurePath(outer).name, "path": outer, "type_id": 1}
        if f.line:
            ev["unmapped"]["line"] = f.line
    else:
        ev["resources"] = [{"uid": f.location, "type": f.scanner}]
    if data.scan_id is not None:
        ev["unmapped"]["scan"] = data.scan_id
    if data.fingerprint_key is not None:
        ev["unmapped"]["fingerprint_key"] = dict(data.fingerprint_key)
    return ev


def write_ocsf(data: ReportData, out: TextIO) -> None:
    titles = rule_titles("en")
    for f in data.sorted_findings():
        out.write(json.dumps(event(f, data, titles), ensure_ascii=False))
        out.write("\n")
