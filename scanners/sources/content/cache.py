"""Incremental rescans: a file unchanged since the last scan (same device, inode, size, mtime,
and the same rules) is not read again; its findings come from here.

The cache holds what the report holds (masked previews, fingerprints, counts), never values,
and never a file name in clear: a name can itself be personal data (`张三_110105….txt`). Rows
are keyed by an HMAC of the path's bytes and their findings and errors are sealed (AES-GCM),
both under keys derived from the user's fingerprint key; the path is used as the bytes it
is, so a name that is not valid UTF-8 is cached like any other.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import sqlite3
import stat
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from scanners.model import Category, Finding, ScanError, Severity
from scanners.sources.content.walk import FileEntry

SCHEMA_VERSION = 13  # 4: findings and errors as marshal blobs; 5: vCard field counts;
# 6: findings name their file on disk and member apart from the display location
# 7: rows keyed by an HMAC of the path, findings and errors sealed (no clear names)
# 8: fingerprints of phone numbers (E.164) and e-mail addresses taken of their canonical form
# 9: credentials in test or example folders are low severity; 10: only folders below home
# 11: values in interactive example sessions (>>>), credentials in example files and in
# archives' test folders are low severity; 12: the validators' naming facts (service,
# country, mode ...) kept in a finding's detail; 13: values in test code are low severity
_NONCE = 12  # bytes of AES-GCM nonce in front of each sealed blob


def _subkey(key: bytes, label: bytes) -> bytes:
    """A key for one use, derived from the user's key (never the key itself)."""
    return hmac.new(key, b"piaudit scan cache\x1f" + label, hashlib.sha256).digest()


def rules_digest(folder: Path, extra: str = "") -> str:
    """Changes whenever a rule file or the engine version changes: cached results then expire."""
    h = hashlib.sha256(extra.encode())
    for path in sorted(folder.glob("*.toml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


_CATEGORIES = {c.value: c for c in Category}
_SEVERITIES = {s.label: s for s in Severity}
_CATEGORY_TEXT = tuple((c, c.value) for c in Category)
_SEVERITY_TEXT = tuple((s, s.label) for s in Severity)

_native: Any
try:  # optional: built from scanners/_records.c where a C compiler was at hand (setup.py)
    import scanners._records as _native  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:
    _native = None


def row_of(f: Finding, share: bool = False) -> list[object]:
    """A finding as a compact row (rescans read hundreds of thousands of them; workers send
    theirs this way). `share`: the detail dict itself, not a copy (findings of one file share
    a few details, and pickling keeps them shared)."""
    detail = f.detail if share and type(f.detail) is dict else dict(f.detail)
    return [f.scanner, f.rule, f.category.value, f.severity.label, f.location, f.preview,
            f.fingerprint, f.confidence, f.line, f.start, f.end, f.path, f.count,
            detail or None, f.file, f.member]


def rows_of(findings: list[Finding], share: bool = False) -> list[list[object]]:
    """`row_of` for each finding (by _records.c where it was built)."""
    if _native is not None:
        try:
            return _native.rows(Finding, findings, share, _CATEGORY_TEXT,  # type: ignore[no-any-return]
                                _SEVERITY_TEXT)
        except TypeError:
            pass  # (not exactly a Finding: the Python twin below says what is wrong)
    return [row_of(f, share) for f in findings]


def findings_from(rows: list[list[Any]]) -> list[Finding]:
    """`finding_from` for each row (by _records.c where it was built: 15x faster, and an
    unchanged rescan makes every cached finding again). Raises as finding_from does."""
    if _native is not None and type(rows) is list:
        return _native.findings(Finding, rows, _CATEGORIES, _SEVERITIES)  # type: ignore[no-any-return]
    return [finding_from(r) for r in rows]


def finding_from(row: list[Any]) -> Finding:
    (scanner, rule, category, severity, location, preview, fingerprint, confidence, line,
     start, end, path, count, detail, file, member) = row
    return Finding(scanner, rule, _CATEGORIES[category], _SEVERITIES[severity], location,
                   preview, fingerprint, confidence, line, start, end, path, count,
                   detail or {}, file, member)


class ScanCache:
    """A small SQLite file in the user's data dir (mode 0600)."""

    def __init__(self, path: Path, digest: str, key: bytes) -> None:
        self.path = path
        self.digest = digest
        self._path_key = _subkey(key, b"path")
        self._box = AESGCM(_subkey(key, b"rows"))
        new = not path.exists()
        if new:  # create with private permissions before SQLite writes anything into it
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        else:  # an older cache made under a loose umask: narrow it (and its WAL files)
            for side in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
                try:
                    st = os.lstat(side)
                    if stat.S_ISREG(st.st_mode) and st.st_mode & 0o077:
                        os.chmod(side, 0o600)
                except OSError:
                    pass
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten, not left in free pages: older caches held clear names.
        self._db.execute("PRAGMA secure_delete=ON")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            self._db.execute("DROP TABLE IF EXISTS files")
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            if version:
                self._db.execute("VACUUM")
        self._db.execute(
            """CREATE TABLE IF NOT EXISTS files (
                 key TEXT PRIMARY KEY, dev INTEGER, ino INTEGER, size INTEGER, mtime_ns INTEGER,
                 digest TEXT, valid_until TEXT, skipped TEXT, findings TEXT, errors TEXT,
                 sha256 TEXT)"""
        )
        self._pending: list[tuple[object, ...]] = []

    def _key(self, entry: FileEntry) -> str:
        # The path as the bytes it is: os.fsencode undoes surrogateescape losslessly.
        return hmac.new(self._path_key, os.fsencode(entry.path), hashlib.sha256).hexdigest()

    def _seal(self, key: str, data: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._box.encrypt(nonce, data, key.encode())

    def _open(self, key: str, box: bytes) -> bytes:
        return self._box.decrypt(box[:_NONCE], box[_NONCE:], key.encode())

    def lookup(
        self, entry: FileEntry, today: date
    ) -> tuple[list[Finding], list[ScanError], str, str | None] | None:
        key = self._key(entry)
        row = self._db.execute(
            "SELECT dev, ino, size, mtime_ns, digest, valid_until, skipped, findings, errors,"
            " sha256 FROM files WHERE key = ?",
            (key,),
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
            found = findings_from(marshal.loads(self._open(key, findings)))
            # (no errors: no sealed empty list to open, on most files)
            errs = [] if errors is None else [
                ScanError(*e) for e in marshal.loads(self._open(key, errors))]
        except (ValueError, KeyError, TypeError, EOFError, InvalidTag):
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
        rows: list[list[object]] | None = None,
    ) -> None:
        """`rows`: the findings as rows already (`rows_of`: what a worker sent)."""
        # Timeouts and crashes are not remembered: the next scan should try again.
        errs = list(errors)
        if any(e.reason in ("timeout", "crashed", "unreadable") for e in errs):
            return
        key = self._key(entry)
        self._pending.append((
            key, entry.dev, entry.ino, entry.size, entry.mtime_ns, self.digest,
            valid_until.isoformat() if valid_until else None, skipped,
            # marshal, not JSON: a rescan decodes every cached finding again, and marshal
            # reads 20x faster. The file is the user's own (0600) and rebuildable: a row
            # that does not decode is a miss, never an error.
            # Sealed: findings carry the file's name (and members' names) in their locations.
            self._seal(key, marshal.dumps(rows if rows is not None else rows_of(list(findings)))),
            self._seal(key, marshal.dumps([(e.scanner, e.location, e.reason, e.message)
                                           for e in errs])) if errs else None,
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
