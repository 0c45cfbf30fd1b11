"""Incremental rescans: a file unchanged since the last scan (same device, inode, size, mtime,
and the same rules) is not read again; its findings come from here.

The cache holds what the report holds (masked previews, fingerprints, counts), never values.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from scanners.content.walk import FileEntry
from scanners.model import Category, Finding, ScanError, Severity

SCHEMA_VERSION = 1


def rules_digest(folder: Path, extra: str = "") -> str:
    """Changes whenever a rule file or the engine version changes: cached results then expire."""
    h = hashlib.sha256(extra.encode())
    for path in sorted(folder.glob("*.toml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _finding_from(d: dict[str, object]) -> Finding:
    detail = d.get("detail") or {}
    assert isinstance(detail, dict)

    def opt_int(key: str) -> int | None:
        v = d.get(key)
        return int(v) if isinstance(v, int) else None

    return Finding(
        scanner=str(d["scanner"]), rule=str(d["rule"]), category=Category(str(d["category"])),
        severity=Severity.parse(str(d["severity"])), location=str(d["location"]),
        preview=str(d["preview"]), fingerprint=str(d["fingerprint"]),
        confidence=float(str(d["confidence"])), line=opt_int("line"), start=opt_int("start"),
        end=opt_int("end"), path=str(d["path"]) if d.get("path") is not None else None,
        count=int(str(d.get("count", 1))), detail={str(k): str(v) for k, v in detail.items()},
    )


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
                 digest TEXT, valid_until TEXT, skipped TEXT, findings TEXT, errors TEXT)"""
        )
        self._pending: list[tuple[object, ...]] = []

    def lookup(
        self, entry: FileEntry, today: date
    ) -> tuple[list[Finding], list[ScanError], str] | None:
        row = self._db.execute(
            "SELECT dev, ino, size, mtime_ns, digest, valid_until, skipped, findings, errors"
            " FROM files WHERE path = ?",
            (entry.path,),
        ).fetchone()
        if row is None:
            return None
        dev, ino, size, mtime_ns, digest, valid_until, skipped, findings, errors = row
        if (dev, ino, size, mtime_ns, digest) != (
            entry.dev, entry.ino, entry.size, entry.mtime_ns, self.digest
        ):
            return None
        if valid_until and date.fromisoformat(valid_until) <= today:
            return None
        try:
            found = [_finding_from(d) for d in json.loads(findings)]
            errs = [ScanError(**e) for e in json.loads(errors)]
        except (ValueError, KeyError, TypeError):
            return None  # a damaged row is just a miss
        return found, errs, skipped or ""

    def store(
        self,
        entry: FileEntry,
        findings: Iterable[Finding],
        errors: Iterable[ScanError],
        skipped: str,
        valid_until: date | None,
    ) -> None:
        # Timeouts and crashes are not remembered: the next scan should try again.
        errs = list(errors)
        if any(e.reason in ("timeout", "crashed", "unreadable") for e in errs):
            return
        self._pending.append((
            entry.path, entry.dev, entry.ino, entry.size, entry.mtime_ns, self.digest,
            valid_until.isoformat() if valid_until else None, skipped,
            json.dumps([f.to_dict() for f in findings], ensure_ascii=False),
            json.dumps([e.to_dict() for e in errs], ensure_ascii=False),
        ))
        if len(self._pending) >= 500:
            self.commit()

    def commit(self) -> None:
        if self._pending:
            self._db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?)", self._pending
            )
            self._db.commit()
            self._pending.clear()

    def close(self) -> None:
        self.commit()
        self._db.close()
