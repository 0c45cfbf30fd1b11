"""Incremental rescans: a file unchanged since the last scan (same device, inode, size, mtime,
and the same rules) is not read again; its findings come from here.

The cache holds what the report holds (masked previews, fingerprints, counts), never values.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from scanners.content.walk import FileEntry
from scanners.model import Category, Finding, ScanError, Severity

SCHEMA_VERSION = 5  # 4: findings and errors as marshal blobs; 5: vCard field counts


def rules_digest(folder: Path, extra: str = "") -> str:
    """Changes whenever a rule file or the engine version changes: cached results then expire."""
    h = hashlib.sha256(extra.encode())
    for path in sorted(folder.glob("*.toml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


_CATEGORIES = {c.value: c for c in Category}
_SEVERITIES = {s.label: s for s in Severity}


def _row_of(f: Finding) -> list[object]:
    """A finding as a compact JSON array (rescans parse hundreds of thousands of them)."""
    return [f.scanner, f.rule, f.category.value, f.severity.label, f.location, f.preview,
            f.fingerprint, f.confidence, f.line, f.start, f.end, f.path, f.count,
            dict(f.detail) if f.detail else None]


def _finding_from(row: list[Any]) -> Finding:
    (scanner, rule, category, severity, location, preview, fingerprint, confidence, line,
     start, end, path, count, detail) = row
    return Finding(scanner, rule, _CATEGORIES[category], _SEVERITIES[severity], location,
                   preview, fingerprint, confidence, line, start, end, path, count,
                   detail or {})


class ScanCache:
    """A small SQLite file in the user's data dir (mode 0600)."""

    def __init__(self, path: Path, digest: str) -> None:
        self.path = path
        self.digest = digest
        new = not path.exists()
        if new:  # create with private permissions before SQLite writes anything into it
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            self._db.execute("DROP TABLE IF EXISTS files")
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._db.execute(
            """CREATE TABLE IF NOT EXISTS files (
                 path TEXT PRIMARY KEY, dev INTEGER, ino INTEGER, size INTEGER, mtime_ns INTEGER,
                 digest TEXT, valid_until TEXT, skipped TEXT, findings TEXT, errors TEXT,
                 sha256 TEXT)"""
        )
        self._pending: list[tuple[object, ...]] = []

    def lookup(
        self, entry: FileEntry, today: date
    ) -> tuple[list[Finding], list[ScanError], str, str | None] | None:
        row = self._db.execute(
            "SELECT dev, ino, size, mtime_ns, digest, valid_until, skipped, findings, errors,"
            " sha256 FROM files WHERE path = ?",
            (entry.path,),
        ).fetchone()
        if row is None:
            return None
        dev, ino, size, mtime_ns, digest, valid_until, skipped, findings, errors, sha = row
        if (dev, ino, size, mtime_ns, digest) != (
            entry.dev, entry.ino, entry.size, entry.mtime_ns, self.digest
        ):
            return None
        if valid_until and date.fromisoformat(valid_until) <= today:
            return None
        try:
            found = [_finding_from(d) for d in marshal.loads(findings)]
            errs = [ScanError(*e) for e in marshal.loads(errors)]
        except (ValueError, KeyError, TypeError, EOFError):
            return None  # a damaged or old-format row is just a miss
        return found, errs, skipped or "", sha

    def store(
        self,
        entry: FileEntry,
        findings: Iterable[Finding],
        errors: Iterable[ScanError],
        skipped: str,
        valid_until: date | None,
        sha256: str | None = None,
    ) -> None:
        # Timeouts and crashes are not remembered: the next scan should try again.
        errs = list(errors)
        if any(e.reason in ("timeout", "crashed", "unreadable") for e in errs):
            return
        self._pending.append((
            entry.path, entry.dev, entry.ino, entry.size, entry.mtime_ns, self.digest,
            valid_until.isoformat() if valid_until else None, skipped,
            # marshal, not JSON: a rescan decodes every cached finding again, and marshal
            # reads 20x faster. The file is the user's own (0600) and rebuildable: a row
            # that does not decode is a miss, never an error.
            marshal.dumps([_row_of(f) for f in findings]),
            marshal.dumps([(e.scanner, e.location, e.reason, e.message) for e in errs]),
            sha256,
        ))
        if len(self._pending) >= 500:
            self.commit()

    def commit(self) -> None:
        if self._pending:
            self._db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?)", self._pending
            )
            self._db.commit()
            self._pending.clear()

    def close(self) -> None:
        self.commit()
        self._db.close()
