"""A SQLite database of one audit, for osquery's automatic table construction (ATC).

    piaudit osquery-table /var/tmp/piaudit/audit.json --output /var/lib/piaudit/osquery.db

turns a host's `scan --format json` document (checked like a fleet result) into two tables,
and `--print-config` prints the osquery configuration block that exposes them as the
osquery tables `piaudit_audit` and `piaudit_findings`. Only masked previews and keyed
fingerprints are written. The database is replaced in one rename, so osquery never reads a
half-written one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

AUDIT_COLUMNS = ("host", "started", "finished", "status", "complete", "score", "band",
                 "findings", "errors", "files_unread", "key_family", "key_id", "version")
FINDING_COLUMNS = ("host", "started", "scanner", "rule", "category", "severity", "location",
                   "line", "preview", "fingerprint", "count", "user", "finding_uid")


def rows(doc: Mapping[str, Any]) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    key = doc.get("fingerprint_key") or {}
    audit = (doc["host"], doc["started"], doc.get("finished"), doc["status"],
             int(bool(doc["complete"])), doc["score"]["value"],
             doc["score"]["band"] if doc["complete"] else None, len(doc["findings"]),
             len(doc["errors"]), doc["coverage"]["files_unread"], key.get("family"),
             key.get("id"), doc["version"])
    findings = [
        (doc["host"], doc["started"], f["scanner"], f["rule"], f["category"], f["severity"],
         f["location"], f.get("line"), f["preview"], f["fingerprint"], f["count"],
         (f.get("detail") or {}).get("user"), f.get("finding_uid"))
        for f in doc["findings"]
    ]
    return audit, findings


def write_database(doc: Mapping[str, Any], path: str | Path) -> None:
    """Write (or replace, atomically) the audit's database at `path`, mode 0600."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".piaudit-", suffix=".db", dir=target.parent)
    os.close(fd)  # mkstemp made it 0600; SQLite opens it by name
    try:
        audit, findings = rows(doc)
        con = sqlite3.connect(tmp)
        try:
            with con:
                con.execute(f"CREATE TABLE piaudit_audit ({', '.join(AUDIT_COLUMNS)})")
                con.execute(f"CREATE TABLE piaudit_findings ({', '.join(FINDING_COLUMNS)})")
                con.execute(f"INSERT INTO piaudit_audit VALUES ({_marks(AUDIT_COLUMNS)})", audit)
                con.executemany(
                    f"INSERT INTO piaudit_findings VALUES ({_marks(FINDING_COLUMNS)})", findings)
        finally:
            con.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _marks(columns: tuple[str, ...]) -> str:
    return ", ".join("?" * len(columns))


def atc_config(path: str | Path, platform: str | None = None) -> dict[str, Any]:
    """osquery's `auto_table_construction` block for the database at `path`."""
    tables: dict[str, Any] = {}
    for name, columns in (("piaudit_audit", AUDIT_COLUMNS),
                          ("piaudit_findings", FINDING_COLUMNS)):
        entry: dict[str, Any] = {"query": f"SELECT {', '.join(columns)} FROM {name}",
                                 "path": str(path), "columns": list(columns)}
        if platform:
            entry["platform"] = platform
        tables[name] = entry
    return {"auto_table_construction": tables}


def config_text(path: str | Path, platform: str | None = None) -> str:
    return json.dumps(atc_config(path, platform), indent=2) + "\n"
