"""The encrypted, tamper-evident audit log: one SQLite file in the user's data dir.

What is plaintext: record ids, timestamps, category, severity, score and counts (what charts
need). Everything else (roots, locations, previews, fingerprints, details, error messages)
is sealed with AES-256-GCM under a random data key, a fresh nonce per record. The data key
is wrapped by a scrypt key of the user's passphrase (`ledger_crypto`).

Tamper evidence: all records form one chain. Each record's associated data binds the log's
id, its table, its id, its position (`seq`), its plaintext columns and the tag of the record
before it; the header keeps the chain's head under a MAC. Editing, deleting, reordering or
replaying a record therefore breaks authentication or the chain, and `verify()` names the
first bad record. Rolling the whole file back to an older copy is not detectable from the
file alone.

Crash safety: records are written in batches inside `BEGIN IMMEDIATE` transactions (WAL); a
scan's start record is written when it begins and its end record when it finishes, so a scan
killed in between stays "incomplete" and everything before it still verifies.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import heapq
import itertools
import json
import os
import secrets
import sqlite3
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

import sqlite_utils

from scanners import __version__
from scanners.coverage import coverage_of
from scanners.ledger import schema
from scanners.ledger.crypto import (
    DEFAULT_SCRYPT_N,
    GENESIS,
    BadKey,
    BadRecord,
    KdfParams,
    Sealer,
    new_data_key,
    tag_of,
    unwrap_key,
    wrap_key,
)
from scanners.ledger.schema import (
    CHAIN,
    MIGRATIONS,
    ChainPart,
    chain_parts,
    types_of,
)
from scanners.model import Category, Finding, ScanError, ScanResult, Severity
from scanners.paths import data_dir, ensure_private_dir

LOG_FILE = "audit-log.sqlite"
KEY_SLOT_FILE = "audit-log.keyslot"  # next to LOG_FILE: see slot_path()
_SLOT_FORMAT = "piaudit-keyslot"
KEYRING_SERVICE = "piaudit"
PASSPHRASE_ENV = "PIAUDIT_PASSPHRASE_FILE"
KEYRING_ENV = "PIAUDIT_KEYRING"  # "0" / "off" / "no": never touch the OS keyring
BATCH = 1000
# "incomplete": never finished (crashed or running). "partial": finished, but it could not read
# a large part of what it was asked to (scanners.coverage): shown as incomplete, never trended.
STATUSES = ("incomplete", "complete", "cancelled", "failed", "partial")

_BY_PART: dict[tuple[str, str], ChainPart] = {(p.table, p.part): p for p in CHAIN}


# --------------------------------------------------------------------------- errors


class LedgerError(Exception):
    """A problem with the audit log. `str(exc)` is a one-line message fit for the user."""


class LedgerMissing(LedgerError):
    """There is no log yet (and the caller did not ask to create one)."""


class NoPassphrase(LedgerError):
    """No passphrase was given, found in PIAUDIT_PASSPHRASE_FILE or in the keyring."""


class WrongPassphrase(LedgerError):
    """The passphrase does not open this log."""


class LedgerLocked(LedgerError):
    """The log was opened without a passphrase: only its plaintext columns can be read."""


class LedgerVersionError(LedgerError):
    """The log was written by a newer piaudit."""


class LedgerBusy(LedgerError):
    """Another process held the log's write lock for longer than the busy timeout."""


class LedgerUnwritable(LedgerError):
    """The disk is full, or the log or its folder is read-only or cannot be created."""


class LedgerCorrupt(LedgerError):
    """The file is not a readable SQLite database."""


class LedgerTampered(LedgerError):
    """A record does not authenticate: the log was altered."""


def _db_error(exc: BaseException, path: Path, doing: str) -> LedgerError:
    """Map a sqlite3/OS error to a LedgerError with a message that says what to do."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    where = f"the audit log {path}"
    if "locked" in text or "busy" in text:
        return LedgerBusy(
            f"cannot {doing}: {where} is busy (another piaudit is writing to it); try again"
        )
    if "full" in text or code == errno.ENOSPC:
        return LedgerUnwritable(f"cannot {doing}: the disk holding {where} is full")
    if "readonly" in text or "read-only" in text or code in (errno.EROFS, errno.EACCES,
                                                            errno.EPERM):
        return LedgerUnwritable(f"cannot {doing}: {where} or its folder is read-only")
    if "unable to open" in text:
        return LedgerUnwritable(
            f"cannot {doing}: {where} cannot be opened (is its folder read-only or missing?)"
        )
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return LedgerCorrupt(f"cannot {doing}: {where} is damaged or not a piaudit log")
    if "could not decode" in text or "no such column" in text or "no such table" in text \
            or "datatype mismatch" in text:
        return LedgerTampered(
            f"cannot {doing}: a table of {where} was altered (a column is missing or holds"
            " values of the wrong type; run `piaudit verify`)"
        )
    # Never the driver's message itself: SQLite quotes column values in some of them (a
    # "could not decode" error prints a whole ciphertext), and those are record bytes.
    kind = getattr(exc, "sqlite_errorname", None) or getattr(exc, "strerror", None) \
        or type(exc).__name__
    return LedgerError(f"cannot {doing}: {where}: {kind}")


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class ScanSummary:
    """One scan as the log holds it. `roots`... are filled only when the log is unlocked."""

    id: int
    started: str
    finished: str | None
    status: str
    score: int | None
    findings: int
    errors: int
    files: int
    bytes: int
    seconds: float | None
    categories: dict[str, int] = field(default_factory=dict)
    roots: tuple[str, ...] = ()
    scanners: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    band: str | None = None
    score_parts: tuple[dict[str, Any], ...] = ()

    coverage: dict[str, Any] | None = None  # scanners.coverage.Coverage.to_dict()

    @property
    def complete(self) -> bool:
        """Finished and covered what it was asked to: comparable, part of the trend."""
        return self.status == "complete"

    @property
    def finished_ok(self) -> bool:
        """Finished with findings worth acting on, even if it did not cover everything."""
        return self.status in ("complete", "partial", "cancelled")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "started": self.started, "finished": self.finished,
            "status": self.status, "score": self.score, "band": self.band,
            "findings": self.findings, "errors": self.errors, "files": self.files,
            "bytes": self.bytes, "seconds": self.seconds, "categories": dict(self.categories),
            "roots": list(self.roots), "scanners": list(self.scanners),
            "settings": dict(self.settings), "score_parts": [dict(p) for p in self.score_parts],
            "coverage": self.coverage,
        }


@dataclass(frozen=True, slots=True)
class VerifyReport:
    ok: bool
    records: int  # records checked
    first_bad: str | None = None  # "findings #12", "scans #3 (end)", "header"
    problem: str = ""
    incomplete: tuple[int, ...] = ()  # scans that never finished (interrupted or running)

    def __str__(self) -> str:
        if self.ok:
            extra = (
                f"; incomplete scan(s): {', '.join(f'#{i}' for i in self.incomplete)}"
                if self.incomplete else ""
            )
            return f"audit log OK: {self.records} record(s) verified{extra}"
        return f"audit log FAILED verification at {self.first_bad}: {self.problem}"


@dataclass(frozen=True, slots=True)
class PurgeReport:
    scans: int
    findings: int
    errors: int
    actions: int
    wal_cleared: bool  # False when a reader kept the WAL from being truncated


@dataclass(frozen=True, slots=True)
class LogEvent:
    id: int
    ts: str
    kind: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Rec:
    """One chain record as stored, for verification and re-chaining."""

    seq: int
    table: str
    part: str
    id: int
    prev: bytes
    box: bytes
    bound: tuple[Any, ...]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_decode = json.JSONDecoder().decode
_CATEGORY = {str(c): c for c in Category}
_SEVERITY = {int(s): s for s in Severity}


def _dumps(obj: object) -> bytes:
    # surrogatepass: a path is kept as the bytes it is (os.fsdecode's surrogate escapes for
    # a name that is not UTF-8), and comes back the same; valid text encodes as before.
    return _encode(obj).encode("utf-8", "surrogatepass")


def _loads(data: bytes) -> Any:
    return _decode(data.decode("utf-8", "surrogatepass"))


def _fmt(value: Any) -> str:
    """Canonical text of a bound plaintext column (as SQLite returns it)."""
    if value is None:
        return "~"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _aad(log_id: str, part: ChainPart, rid: int, seq: int, bound: Sequence[Any],
         prev: bytes) -> bytes:
    """Associated data: log, table, part, id, position, plaintext columns, previous tag.

    Fields are joined with the ASCII unit separator, which none of them can contain.
    """
    fields = "\x1f".join(_fmt(v) for v in bound)
    return f"{log_id}\x1f{part.table}\x1f{part.part}\x1f{rid}\x1f{seq}\x1f{fields}\x1f".encode() \
        + prev


def _record_name(table: str, part: str, rid: object) -> str:
    # An id is shown only when it is an integer: a tampered row's id can hold anything,
    # including another record's ciphertext, and messages never quote record bytes.
    shown = f"#{rid}" if type(rid) is int else "(a row whose id is not a number)"
    return f"{table} {shown}" + (f" ({part})" if part else "")


class _NotText:
    """What a TEXT value that is not valid UTF-8 reads as (see `_text`): never a str."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<not text>"


_NOT_TEXT = _NotText()


def _text(raw: bytes) -> str | _NotText:
    """The connection's text factory: invalid UTF-8 becomes a marker, not an error.

    sqlite3's own decoder raises an error whose message quotes the whole value, and a value
    in a TEXT slot that is not UTF-8 is someone's ciphertext moved there; as a marker it
    fails the type checks and is reported as tampering, naming the record, not its bytes.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _NOT_TEXT


class _BadRow(Exception):
    """A row whose columns do not have their types: raised while reading, by record name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _kinds(types: Sequence[tuple[type, ...]]) -> frozenset[tuple[type, ...]]:
    """Every allowed tuple of column types (a few: only some columns may also be NULL)."""
    return frozenset(itertools.product(*types))


def _typed(values: Sequence[Any], kinds: frozenset[tuple[type, ...]]) -> bool:
    # Exact types, not isinstance(): bool is an int, and _NotText must never pass as str.
    # One set lookup per row keeps reading 100,000 findings about as fast as without it.
    return tuple(map(type, values)) in kinds


def _tampered(name: str) -> LedgerTampered:
    return LedgerTampered(
        f"{name} of the audit log was altered (a column holds a value of the wrong type);"
        " run `piaudit verify`"
    )


_SCAN_TYPES = _kinds(types_of("scans", (
    "id", "started", "finished", "status", "score", "findings", "errors", "files", "bytes",
    "seconds", "categories", "seq", "prev", "box", "end_seq", "end_prev", "end_box")))
_FINDING_TYPES = _kinds(types_of("findings", ("id", "category", "severity", "seq", "prev",
                                              "box")))
# A chain record as verify reads it: seq, id, prev, box, then its bound columns.
_RECORD_TYPES = {
    (p.table, p.part): _kinds(((int,), (int,), (bytes,), (bytes,), *types_of(p.table, p.bound)))
    for p in CHAIN
}


def _check_record(part: ChainPart, rid: object, seq: object, prev: object, box: object,
                  bound: Sequence[Any]) -> None:
    """Raise LedgerTampered unless a record's columns have their types (before opening it)."""
    if not _typed((seq, rid, prev, box, *bound), _RECORD_TYPES[part.table, part.part]):
        raise _tampered(_record_name(part.table, part.part, rid))


class _Head:
    """The chain's head during one write transaction."""

    __slots__ = ("dirty", "ids", "seq", "tag")

    def __init__(self, seq: int, tag: bytes) -> None:
        self.seq = seq
        self.tag = tag
        self.ids: dict[str, int] = {}
        self.dirty = False


# --------------------------------------------------------------------------- the log


class Ledger:
    """An open audit log. Thread-safe (one lock); one writer transaction at a time per file."""

    def __init__(self, path: Path, conn: sqlite3.Connection, log_id: str,
                 sealer: Sealer | None) -> None:
        self.path = path
        self._conn = conn
        self._db = sqlite_utils.Database(conn)
        self.log_id = log_id
        self._sealer = sealer
        self._lock = threading.RLock()

    # ---- opening

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        passphrase: str | None = None,
        *,
        create: bool = True,
        busy_timeout: float = 15.0,
        kdf_n: int = DEFAULT_SCRYPT_N,
    ) -> Ledger:
        """Open (or create) the log. Without a passphrase only plaintext columns are readable.

        Raises a LedgerError subclass with a user-facing message for every expected failure.
        """
        path = Path(path) if path is not None else default_path()
        if passphrase is not None and not passphrase:
            raise NoPassphrase("the audit log passphrase must not be empty")
        if not path.exists():
            # A slot refuses even `create`: a new log would silently take the place of the
            # one the slot belongs to, hiding its loss from verify.
            if not create or slot_path(path).exists():
                check_log_exists(path)
            if passphrase is None:
                raise NoPassphrase("a passphrase is needed to create the audit log")
            _create_file(path)
        try:
            conn = sqlite3.connect(
                str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise _db_error(exc, path, "open the audit log") from None
        conn.text_factory = _text
        try:
            log_id, sealer, migrated_from = _prepare(conn, path, passphrase, kdf_n, create)
        except BaseException:
            conn.close()
            raise
        ledger = cls(path, conn, log_id, sealer)
        if sealer is not None:
            # The passphrase is proven right: make sure the key slot mirrors this header
            # (written at creation; here for logs from before slots, or after a crash).
            meta = _meta(conn)
            if "kdf" in meta and "wrapped_key" in meta:
                _sync_slot(path, log_id, meta["kdf"], meta["wrapped_key"])
        if migrated_from and sealer is not None:
            with contextlib.suppress(LedgerError):
                ledger._event("migrated", {"from": migrated_from, "to": schema.SCHEMA_VERSION})
        return ledger

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def unlocked(self) -> bool:
        return self._sealer is not None

    def _need_key(self) -> Sealer:
        if self._sealer is None:
            raise LedgerLocked("the audit log is locked: a passphrase is needed for this")
        return self._sealer

    # ---- writing

    @contextlib.contextmanager
    def _writing(self, doing: str) -> Iterator[_Head]:
        sealer = self._need_key()
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _db_error(exc, self.path, doing) from None
            try:
                head = _read_head(conn)
                yield head
                if head.dirty:
                    rows = [
                        ("head_seq", str(head.seq)),
                        ("head_tag", head.tag.hex()),
                        ("head_mac", sealer.head_mac(self.log_id, head.seq, head.tag)),
                    ] + [(f"next:{t}", str(n)) for t, n in head.ids.items()]
                    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                     rows)
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, (sqlite3.Error, OSError)):
                    raise _db_error(exc, self.path, doing) from None
                raise

    def _next_id(self, head: _Head, table: str) -> int:
        n = head.ids.get(table)
        if n is None:
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = ?", (f"next:{table}",)
            ).fetchone()
            if row is None:
                n = 1
            elif type(row[0]) is str and row[0].isdigit():
                n = int(row[0])
            else:
                raise LedgerTampered(
                    "the audit log's header was altered (a record counter is unreadable);"
                    " run `piaudit verify`"
                )
        head.ids[table] = n + 1
        return n

    def _link(self, head: _Head, part: ChainPart, rid: int, bound: Sequence[Any],
              payload: object) -> tuple[int, bytes, bytes]:
        """Seal one record at the head of the chain: returns (seq, prev, box)."""
        assert self._sealer is not None
        seq, prev = head.seq + 1, head.tag
        box = self._sealer.seal(_dumps(payload), _aad(self.log_id, part, rid, seq, bound, prev))
        head.seq, head.tag, head.dirty = seq, tag_of(box), True
        return seq, prev, box

    def begin_scan(self, roots: Sequence[str | os.PathLike[str]], scanners: Sequence[str],
                   settings: Mapping[str, Any] | None = None,
                   started: datetime | None = None) -> int:
        """Record the start of a scan (status "incomplete" until finish_scan) and return its id."""
        ts = _iso(started) or _now()
        payload = {
            "roots": [str(r) for r in roots], "scanners": list(scanners),
            "settings": dict(settings or {}), "version": __version__,
        }
        part = _BY_PART["scans", "start"]
        with self._writing("record the scan") as head:
            rid = self._next_id(head, "scans")
            seq, prev, box = self._link(head, part, rid, (ts,), payload)
            self._db.table("scans").insert(
                {"id": rid, "started": ts, "status": "incomplete", "findings": 0, "errors": 0,
                 "files": 0, "bytes": 0, "seq": seq, "prev": prev, "box": box}
            )
        return rid

    def _require_open_scan(self, scan_id: int) -> None:
        row = self._conn.execute("SELECT status FROM scans WHERE id = ?", (scan_id,)).fetchone()
        if row is None:
            raise LedgerError(f"there is no scan #{scan_id} in the audit log")
        if row[0] != "incomplete":
            status = row[0] if row[0] in STATUSES else "with an invalid status"
            raise LedgerError(f"scan #{scan_id} is already finished ({status})")

    def add_findings(self, scan_id: int, findings: Iterable[Finding], batch: int = BATCH) -> int:
        """Append findings to a running scan, `batch` per transaction. Returns how many."""
        part = _BY_PART["findings", ""]
        total = 0
        it = iter(findings)
        while True:
            chunk = [f for _, f in zip(range(batch), it, strict=False)]
            if not chunk:
                return total
            with self._writing("record findings") as head:
                if total == 0:
                    self._require_open_scan(scan_id)
                rows = []
                seal = self._need_key().seal
                prefix = f"{self.log_id}\x1f{part.table}\x1f{part.part}\x1f"
                rid = self._next_id(head, "findings")
                seq, prev = head.seq, head.tag
                for f in chunk:
                    seq += 1
                    cat, sev = str(f.category), int(f.severity)
                    payload = [f.scanner, f.rule, f.location, f.path, f.line, f.start, f.end,
                               f.preview, f.fingerprint, f.confidence, f.count, dict(f.detail),
                               f.file, f.member]
                    # the same bytes as _aad(log_id, part, rid, seq, (scan_id, cat, sev), prev)
                    aad = f"{prefix}{rid}\x1f{seq}\x1f{scan_id}\x1f{cat}\x1f{sev}\x1f".encode()
                    box = seal(_encode(payload).encode("utf-8", "surrogatepass"), aad + prev)
                    rows.append((rid, scan_id, cat, sev, seq, prev, box))
                    prev = box[-16:]
                    rid += 1
                head.ids["findings"] = rid
                head.seq, head.tag, head.dirty = seq, prev, True
                self._conn.executemany(
                    "INSERT INTO findings (id, scan_id, category, severity, seq, prev, box)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", rows,
                )
            total += len(chunk)

    def add_errors(self, scan_id: int, errors: Iterable[ScanError], batch: int = BATCH) -> int:
        part = _BY_PART["errors", ""]
        total = 0
        it = iter(errors)
        while True:
            chunk = [e for _, e in zip(range(batch), it, strict=False)]
            if not chunk:
                return total
            with self._writing("record scan errors") as head:
                if total == 0:
                    self._require_open_scan(scan_id)
                rows = []
                for e in chunk:
                    rid = self._next_id(head, "errors")
                    payload = [e.scanner, e.location, e.reason, e.message]
                    seq, prev, box = self._link(head, part, rid, (scan_id,), payload)
                    rows.append({"id": rid, "scan_id": scan_id, "seq": seq, "prev": prev,
                                 "box": box})
                self._db.table("errors").insert_all(rows)
            total += len(chunk)

    def finish_scan(self, scan_id: int, result: ScanResult | None = None, score: Any = None,
                    complete: bool = True, status: str | None = None) -> ScanSummary:
        """Write the scan's end record. `score` is a scoring.Score (value, band, raw, parts)."""
        coverage = coverage_of(result) if result is not None else None
        if status is None and complete and coverage is not None:
            status = coverage.status  # complete, or partial / cancelled by what it covered
        status = status or ("complete" if complete else
                            "cancelled" if result is not None and result.cancelled else "failed")
        if status not in STATUSES or status == "incomplete":
            raise ValueError(f"bad final status {status!r}")
        finished = _iso(result.finished if result is not None else None) or _now()
        stats = result.stats if result is not None else None
        part = _BY_PART["scans", "end"]
        with self._writing("finish the scan record") as head:
            self._require_open_scan(scan_id)
            cats = dict(self._conn.execute(
                "SELECT category, count(*) FROM findings WHERE scan_id = ? GROUP BY category"
                " ORDER BY category", (scan_id,)
            ).fetchall())
            n_findings = sum(cats.values())
            n_errors = self._conn.execute(
                "SELECT count(*) FROM errors WHERE scan_id = ?", (scan_id,)
            ).fetchone()[0]
            value = int(score.value) if score is not None else None
            files = (stats.files_scanned + stats.files_cached) if stats else 0
            nbytes = stats.bytes_scanned if stats else 0
            seconds = float(stats.seconds) if stats else None
            categories = json.dumps(cats, sort_keys=True)
            bound = (finished, status, value, n_findings, n_errors, files, nbytes, seconds,
                     categories)
            payload = {
                "band": score.band if score is not None else None,
                "raw": float(score.raw) if score is not None else None,
                "parts": [
                    {"category": str(p.category), "points": round(float(p.points), 3),
                     "distinct": int(p.distinct), "worst": p.worst}
                    for p in (score.parts if score is not None else ())
                ],
                "stats": {
                    "files_scanned": stats.files_scanned, "files_skipped": stats.files_skipped,
                    "files_cached": stats.files_cached, "bytes_scanned": stats.bytes_scanned,
                } if stats else {},
                "logged_findings": n_findings,
                "reported_findings": len(result.findings) if result is not None else None,
                "coverage": coverage.to_dict() if coverage is not None else None,
            }
            seq, prev, box = self._link(head, part, scan_id, bound, payload)
            self._db.table("scans").update(scan_id, {
                "finished": finished, "status": status, "score": value, "findings": n_findings,
                "errors": n_errors, "files": files, "bytes": nbytes, "seconds": seconds,
                "categories": categories, "end_seq": seq, "end_prev": prev, "end_box": box,
            })
        return self.summary(scan_id)

    def record_action(self, kind: str, location: str, outcome: str, *,
                      scan_id: int | None = None, detail: Mapping[str, Any] | None = None) -> int:
        """Record a remediation action the user confirmed (e.g. "delete", "chmod")."""
        ts = _now()
        part = _BY_PART["actions", ""]
        with self._writing("record the action") as head:
            rid = self._next_id(head, "actions")
            payload = {"kind": kind, "location": location, "outcome": outcome,
                       "detail": dict(detail or {})}
            seq, prev, box = self._link(head, part, rid, (ts, scan_id), payload)
            self._db.table("actions").insert({"id": rid, "ts": ts, "scan_id": scan_id, "seq": seq,
                                        "prev": prev, "box": box})
        return rid

    def record_setting(self, key: str, old: Any, new: Any) -> int:
        """Record a change of a setting (policy, excludes, schedule...)."""
        ts = _now()
        part = _BY_PART["settings_changes", ""]
        with self._writing("record the settings change") as head:
            rid = self._next_id(head, "settings_changes")
            seq, prev, box = self._link(head, part, rid, (ts,),
                                        {"key": key, "old": old, "new": new})
            self._db.table("settings_changes").insert(
                {"id": rid, "ts": ts, "seq": seq, "prev": prev, "box": box})
        return rid

    def record_event(self, kind: str, data: Mapping[str, Any]) -> int:
        """Record another module's event, sealed (e.g. a scan's access facts). See events()."""
        return self._event(kind, data)

    def subkey(self, purpose: str) -> bytes:
        """A key derived from the log's data key for another module (e.g. "vault").

        It follows the log, not the passphrase: changing the passphrase keeps it.
        """
        return self._need_key().subkey(purpose)

    def _event(self, kind: str, data: Mapping[str, Any], head: _Head | None = None) -> int:
        ts = _now()
        part = _BY_PART["events", ""]

        def write(h: _Head) -> int:
            rid = self._next_id(h, "events")
            seq, prev, box = self._link(h, part, rid, (ts, kind), dict(data))
            self._db.table("events").insert({"id": rid, "ts": ts, "kind": kind, "seq": seq,
                                       "prev": prev, "box": box})
            return rid

        if head is not None:
            return write(head)
        with self._writing("record the event") as h:
            return write(h)

    # ---- reading

    def _open_box(self, part: ChainPart, rid: int, seq: int, bound: Sequence[Any], prev: bytes,
                  box: bytes) -> Any:
        sealer = self._need_key()
        _check_record(part, rid, seq, prev, box, bound)
        try:
            data = sealer.open(box, _aad(self.log_id, part, rid, seq, bound, prev))
        except BadRecord:
            raise LedgerTampered(
                f"{_record_name(part.table, part.part, rid)} of the audit log does not"
                " authenticate: the log was altered (run `piaudit verify`)"
            ) from None
        return _loads(data)

    _SCAN_COLS = ("id, started, finished, status, score, findings, errors, files, bytes, seconds,"
                  " categories, seq, prev, box, end_seq, end_prev, end_box")

    def _summary_from_row(self, row: tuple[Any, ...], decrypt: bool) -> ScanSummary:
        (rid, started, finished, status, value, n_f, n_e, files, nbytes, seconds, cats,
         seq, prev, box, end_seq, end_prev, end_box) = row
        # Checked even when nothing is decrypted: history prints these columns, so a wrong
        # type must be reported as tampering here rather than fail (or be shown) later.
        name = _record_name("scans", "", rid)
        if not _typed(row, _SCAN_TYPES) or status not in STATUSES:
            raise _tampered(name)
        try:
            categories = json.loads(cats) if cats else {}
        except ValueError:
            raise _tampered(name) from None
        if not isinstance(categories, dict):
            raise _tampered(name)
        s = ScanSummary(
            id=rid, started=started, finished=finished, status=status, score=value,
            findings=n_f or 0, errors=n_e or 0, files=files or 0, bytes=nbytes or 0,
            seconds=seconds, categories=categories,
        )
        if decrypt and self._sealer is not None:
            start = self._open_box(_BY_PART["scans", "start"], rid, seq, (started,), prev, box)
            s.roots = tuple(start.get("roots", ()))
            s.scanners = tuple(start.get("scanners", ()))
            s.settings = dict(start.get("settings", {}))
            if end_box is not None:
                bound = (finished, status, value, n_f, n_e, files, nbytes, seconds, cats)
                end = self._open_box(_BY_PART["scans", "end"], rid, end_seq, bound, end_prev,
                                     end_box)
                s.band = end.get("band")
                s.score_parts = tuple(end.get("parts", ()))
                cov = end.get("coverage")
                s.coverage = cov if isinstance(cov, dict) else None
        return s

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of a read; a driver error (a dropped column, text that is not text, a busy
        or damaged file) becomes a LedgerError that never quotes a value."""
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise _db_error(exc, self.path, "read the audit log") from None

    def scans(self, decrypt: bool = False) -> list[ScanSummary]:
        """Every scan, oldest first. Plaintext only unless `decrypt` (needs the passphrase)."""
        with self._lock:
            rows = self._fetch(f"SELECT {self._SCAN_COLS} FROM scans ORDER BY id")
            return [self._summary_from_row(r, decrypt) for r in rows]

    def summary(self, scan_id: int, decrypt: bool = True) -> ScanSummary:
        with self._lock:
            rows = self._fetch(f"SELECT {self._SCAN_COLS} FROM scans WHERE id = ?", (scan_id,))
            if not rows:
                raise LedgerError(f"there is no scan #{scan_id} in the audit log")
            return self._summary_from_row(rows[0], decrypt)

    def findings(self, scan_id: int) -> Iterator[Finding]:
        """The scan's findings, decrypted, in the order they were recorded."""
        part = _BY_PART["findings", ""]
        rows = self._fetch(
            "SELECT id, category, severity, seq, prev, box FROM findings WHERE scan_id = ?"
            " ORDER BY id", (scan_id,)
        )
        open_ = self._need_key().open
        prefix = f"{self.log_id}\x1f{part.table}\x1f{part.part}\x1f"
        for row in rows:
            rid, cat, sev, seq, prev, box = row
            if not _typed(row, _FINDING_TYPES) or cat not in _CATEGORY or sev not in _SEVERITY:
                raise _tampered(_record_name("findings", "", rid))
            try:
                aad = f"{prefix}{rid}\x1f{seq}\x1f{scan_id}\x1f{cat}\x1f{sev}\x1f".encode()
                data = open_(box, aad + prev)
            except BadRecord:
                raise LedgerTampered(
                    f"findings #{rid} of the audit log does not authenticate: the log was"
                    " altered (run `piaudit verify`)"
                ) from None
            fields = _decode(data.decode("utf-8", "surrogatepass"))
            # Logs written before findings named their file apart from the location hold
            # 12 fields: their file is unknown, and remediation refuses to guess it.
            file, member = (fields[12], fields[13]) if len(fields) >= 14 else (None, "")
            (scanner, rule, location, path, line, start, end, preview, fingerprint, confidence,
             count, detail) = fields[:12]
            yield Finding(
                scanner=scanner, rule=rule, category=_CATEGORY[cat], severity=_SEVERITY[sev],
                location=location, preview=preview, fingerprint=fingerprint,
                confidence=confidence, line=line, start=start, end=end, path=path, count=count,
                detail=detail, file=file, member=member or "",
            )

    def errors(self, scan_id: int) -> list[ScanError]:
        part = _BY_PART["errors", ""]
        rows = self._fetch(
            "SELECT id, seq, prev, box FROM errors WHERE scan_id = ? ORDER BY id", (scan_id,))
        out = []
        for rid, seq, prev, box in rows:
            scanner, location, reason, message = self._open_box(part, rid, seq, (scan_id,), prev,
                                                                box)
            out.append(ScanError(scanner, location, reason, message))
        return out

    def scan(self, scan_id: int) -> tuple[ScanSummary, list[Finding], list[ScanError]]:
        """One scan with its findings and errors, decrypted (needs the passphrase)."""
        self._need_key()
        summary = self.summary(scan_id)
        return summary, list(self.findings(scan_id)), self.errors(scan_id)

    def events(self) -> list[LogEvent]:
        part = _BY_PART["events", ""]
        rows = self._fetch("SELECT id, ts, kind, seq, prev, box FROM events ORDER BY id")
        return [LogEvent(rid, ts, kind, self._open_box(part, rid, seq, (ts, kind), prev, box))
                for rid, ts, kind, seq, prev, box in rows]

    def actions(self) -> list[dict[str, Any]]:
        part = _BY_PART["actions", ""]
        rows = self._fetch("SELECT id, ts, scan_id, seq, prev, box FROM actions ORDER BY id")
        return [{"id": rid, "ts": ts, "scan_id": sid,
                 **self._open_box(part, rid, seq, (ts, sid), prev, box)}
                for rid, ts, sid, seq, prev, box in rows]

    def settings_changes(self) -> list[dict[str, Any]]:
        part = _BY_PART["settings_changes", ""]
        rows = self._fetch("SELECT id, ts, seq, prev, box FROM settings_changes ORDER BY id")
        return [{"id": rid, "ts": ts, **self._open_box(part, rid, seq, (ts,), prev, box)}
                for rid, ts, seq, prev, box in rows]

    # ---- verification

    def _records(self) -> Iterator[_Rec]:
        """Every chain record, in chain order (a merge of per-table scans by seq)."""
        tables = set(self._db.table_names())
        streams = []
        for part in chain_parts(tables):
            cols = ", ".join(part.bound)
            sql = (f"SELECT {part.seq}, id, {part.prev}, {part.box}, {cols} FROM {part.table}"
                   f" WHERE {part.seq} IS NOT NULL ORDER BY {part.seq}")
            streams.append(self._rows(sql, part))
        return heapq.merge(*streams, key=lambda r: r.seq)

    def _rows(self, sql: str, part: ChainPart) -> Iterator[_Rec]:
        kinds = _RECORD_TYPES[part.table, part.part]
        cur = self._conn.execute(sql)
        for row in cur:
            if not _typed(row, kinds):
                raise _BadRow(_record_name(part.table, part.part, row[1]))
            yield _Rec(row[0], part.table, part.part, row[1], row[2], row[3], tuple(row[4:]))

    def verify(self) -> VerifyReport:
        """Walk the chain; the report names the first bad record, if any."""
        sealer = self._need_key()
        with self._lock:
            self._conn.execute("BEGIN")  # one consistent snapshot, even while a writer writes
            try:
                return self._verify(sealer)
            except sqlite3.Error as exc:
                error = _db_error(exc, self.path, "verify the audit log")
                if isinstance(error, LedgerTampered):  # a dropped column or table
                    return VerifyReport(False, 0, "schema", "a table of the log was altered"
                                        " (a column or table is missing or retyped)")
                raise error from None
            finally:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("COMMIT")

    def _verify(self, sealer: Sealer) -> VerifyReport:
        scan_state = {
            rid: (status, end_box is not None)
            for rid, status, end_box in self._conn.execute("SELECT id, status, end_box FROM scans")
        }
        incomplete = tuple(sorted(i for i, (st, _) in scan_state.items()
                                  if st == "incomplete" and type(i) is int))
        expected, prev, n = 1, GENESIS, 0

        def bad(where: str, problem: str) -> VerifyReport:
            return VerifyReport(False, n, where, problem, incomplete)

        slot = _slot_or_none(slot_path(self.path))
        if slot is not None and slot["log_id"] != self.log_id:
            return bad("header", "this is not the log its key slot belongs to: the log was"
                                 " replaced by another one")
        records = self._records()
        while True:
            try:
                rec = next(records, None)
            except _BadRow as exc:
                return bad(exc.name, "a column holds a value of the wrong type (the table was"
                                     " rebuilt or edited)")
            if rec is None:
                break
            name = _record_name(rec.table, rec.part, rec.id)
            if rec.seq < expected:
                return bad(name, f"position {rec.seq} in the chain is taken twice"
                                 " (a copied or replayed record)")
            if rec.seq > expected:
                missing = (f"record {expected}" if rec.seq == expected + 1
                           else f"records {expected}-{rec.seq - 1}")
                return bad(name, f"{missing} of the chain before it are missing (deleted)")
            if rec.prev != prev:
                return bad(name, "it does not link to the record before it"
                                 " (reordered, replayed, or a record was replaced)")
            part = _BY_PART[rec.table, rec.part]
            try:
                sealer.open(rec.box, _aad(self.log_id, part, rec.id, rec.seq, rec.bound, rec.prev))
            except BadRecord:
                return bad(name, "it does not authenticate: its content, id, position or"
                                 " plaintext columns were altered")
            if rec.table == "scans" and rec.part == "start":
                status, has_end = scan_state.get(rec.id, ("?", False))
                if status not in STATUSES:
                    return bad(name, "its status is not a valid status")
                if (status == "incomplete") == has_end:
                    return bad(name, f"it is marked {status} but "
                                     f"{'has' if has_end else 'has no'} end record")
            prev, expected, n = tag_of(rec.box), expected + 1, n + 1
        meta = _meta(self._conn)
        try:
            head_seq, head_tag = int(meta["head_seq"]), bytes.fromhex(meta["head_tag"])
            mac = meta.get("head_mac", "")
        except (KeyError, ValueError):
            return bad("header", "the chain head is missing or unreadable")
        if not sealer.head_ok(self.log_id, head_seq, head_tag, mac):
            return bad("header", "the chain head was altered")
        if head_seq > n:
            return bad("end of log", f"the last {head_seq - n} record(s) were deleted")
        if head_seq != n or head_tag != prev:
            return bad("end of log", "the chain head does not match the last record")
        return VerifyReport(True, n, None, "", incomplete)

    # ---- keys

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the data key under `new` (records are not rewritten). Checks `old` first."""
        if not new:
            raise NoPassphrase("the new passphrase must not be empty")
        self._need_key()
        with self._lock:
            try:
                data_key, params = _unwrap(_meta(self._conn), old, self.log_id)
            except BadKey:
                raise WrongPassphrase("the current passphrase is wrong") from None
            except (KeyError, ValueError):
                raise LedgerCorrupt(
                    f"the audit log {self.path} has a damaged header") from None
            fresh = KdfParams.fresh(params.n)
            wrapped = wrap_key(data_key, new, fresh, self.log_id)
            with self._writing("change the passphrase") as head:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    [("kdf", fresh.to_json()), ("wrapped_key", wrapped.hex())],
                )
                self._event("passphrase-changed", {}, head)
            self._checkpoint()
            # The slot follows the header; if it cannot be written now, the next open with
            # the new passphrase writes it (until then the old passphrase opens it).
            _sync_slot(self.path, self.log_id, fresh.to_json(), wrapped.hex())

    # ---- purge

    def purge(self, scan_ids: Sequence[int] = (), before: date | datetime | str | None = None,
              everything: bool = False) -> PurgeReport:
        """Delete scans (by id, started before a date, or all) and everything tied to them.

        The remaining records are re-chained, the purge is recorded as an event (counts and
        criteria only), and the file is rewritten (secure_delete + VACUUM + WAL truncation)
        so the purged ciphertexts are gone from disk. A log that fails verification can only
        be purged with `everything`.
        """
        sealer = self._need_key()
        if not (scan_ids or before is not None or everything):
            raise ValueError("purge what? give scan ids, a date or everything")
        if not everything:
            report = self.verify()
            if not report.ok:
                raise LedgerTampered(
                    f"the audit log does not verify ({report.first_bad}: {report.problem});"
                    " refusing a partial purge that would hide it (purge --all erases the log)"
                )
        cutoff = _cutoff(before) if before is not None else None
        with self._writing("purge the audit log") as head:
            if everything:
                ids = [r[0] for r in self._conn.execute("SELECT id FROM scans")]
            elif cutoff is not None:
                ids = [r[0] for r in self._conn.execute(
                    "SELECT id FROM scans WHERE started < ?", (cutoff,))]
            else:
                ids = sorted(set(int(i) for i in scan_ids))
                have = {r[0] for r in self._conn.execute(
                    f"SELECT id FROM scans WHERE id IN ({','.join('?' * len(ids))})", ids)}
                missing = [i for i in ids if i not in have]
                if missing:
                    raise LedgerError(f"there is no scan #{missing[0]} in the audit log")
            counts = self._delete(ids, everything)
            if everything:
                head.seq, head.tag, head.dirty = 0, GENESIS, True
            else:
                self._rechain(sealer, head)
            self._event("purge", {
                "criteria": ("all" if everything else f"before {cutoff}" if cutoff
                             else "scans " + ",".join(f"#{i}" for i in ids)),
                "scans": counts[0], "findings": counts[1], "errors": counts[2],
                "actions": counts[3],
            }, head)
        cleared = self._checkpoint()
        try:
            with self._lock:
                self._conn.execute("VACUUM")
        except sqlite3.Error as exc:
            raise _db_error(exc, self.path, "compact the audit log after the purge") from None
        cleared = self._checkpoint() and cleared
        return PurgeReport(*counts, wal_cleared=cleared)

    def _delete(self, ids: Sequence[int], everything: bool) -> tuple[int, int, int, int]:
        conn = self._conn
        if everything:
            c = [int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                 for t in ("scans", "findings", "errors", "actions")]
            for t in ("scans", "findings", "errors", "actions", "settings_changes", "events"):
                conn.execute(f"DELETE FROM {t}")
            return c[0], c[1], c[2], c[3]
        n = [0, 0, 0, 0]
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            marks = ",".join("?" * len(chunk))
            for k, (table, col) in enumerate((("scans", "id"), ("findings", "scan_id"),
                                              ("errors", "scan_id"), ("actions", "scan_id"))):
                n[k] += conn.execute(f"DELETE FROM {table} WHERE {col} IN ({marks})",
                                     chunk).rowcount
        return n[0], n[1], n[2], n[3]

    def _rechain(self, sealer: Sealer, head: _Head) -> None:
        """Re-seal every record after the first gap so the chain is contiguous again."""
        expected, prev = 1, GENESIS
        todo: list[_Rec] = []
        try:
            for rec in self._records():
                if todo or rec.seq != expected or rec.prev != prev:
                    todo.append(rec)
                else:
                    prev = tag_of(rec.box)
                expected += 1
        except _BadRow as exc:
            raise _tampered(exc.name) from None
        start = expected - len(todo)
        head.seq, head.tag, head.dirty = start - 1, prev, True
        for rec in todo:
            part = _BY_PART[rec.table, rec.part]
            old_aad = _aad(self.log_id, part, rec.id, rec.seq, rec.bound, rec.prev)
            try:
                plain = sealer.open(rec.box, old_aad)
            except BadRecord:
                raise LedgerTampered(
                    f"{_record_name(rec.table, rec.part, rec.id)} does not authenticate;"
                    " the purge was not done"
                ) from None
            seq, new_prev = head.seq + 1, head.tag
            box = sealer.seal(plain, _aad(self.log_id, part, rec.id, seq, rec.bound, new_prev))
            head.seq, head.tag = seq, tag_of(box)
            self._conn.execute(
                f"UPDATE {part.table} SET {part.seq} = ?, {part.prev} = ?, {part.box} = ?"
                " WHERE id = ?", (seq, new_prev, box, rec.id),
            )

    def _checkpoint(self) -> bool:
        """Copy the WAL into the database and truncate it; False if a reader prevented it."""
        with self._lock:
            try:
                busy, _, _ = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error:
                return False
            return not busy


# --------------------------------------------------------------------------- opening helpers


def default_path() -> Path:
    """The log file in the user's data dir (PIAUDIT_DATA_DIR overrides)."""
    return data_dir() / LOG_FILE


def _create_file(path: Path) -> None:
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        why = exc.strerror or str(exc)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            why = f"its folder is read-only ({why})"
        elif exc.errno == errno.ENOSPC:
            why = "the disk is full"
        raise LedgerUnwritable(f"cannot create the audit log {path}: {why}") from None


def _prepare(conn: sqlite3.Connection, path: Path, passphrase: str | None,
             kdf_n: int, create: bool = True) -> tuple[str, Sealer | None, int]:
    """Pragmas, migrations and the header. Returns (log id, sealer or None, migrated-from)."""
    try:
        conn.execute("PRAGMA secure_delete = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.SCHEMA_VERSION:
            raise LedgerVersionError(
                f"the audit log {path} was written by a newer piaudit (log format {version};"
                f" this version reads up to {schema.SCHEMA_VERSION}): upgrade piaudit to read it"
            )
        # Checked before anything is written to the file. A log without a header is new (or
        # its creation was cut short) only when we are creating one and no key slot says a
        # log existed here; otherwise it was truncated or emptied, and re-initialising it
        # would hide that (and lose the key the vault's items are sealed with).
        if not _has_header(conn):
            if slot_path(path).exists():
                raise LedgerTampered(
                    f"the audit log {path} is empty or has no header, but its key slot shows"
                    f" that a log existed: it was truncated or replaced. {_SLOT_HINT}"
                )
            if not create:
                raise LedgerTampered(
                    f"the audit log {path} is empty or has no header: it was truncated or"
                    " replaced"
                )
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: safe against crashes
        migrated_from = 0
        if version < schema.SCHEMA_VERSION:
            migrated_from = _migrate(conn, path)
        for suffix in ("-wal", "-shm"):
            side = Path(str(path) + suffix)
            with contextlib.suppress(OSError):
                if side.exists() and side.stat().st_mode & 0o077:
                    side.chmod(0o600)
        meta = _meta(conn)
        if "wrapped_key" not in meta:
            if passphrase is None:
                raise NoPassphrase("a passphrase is needed to create the audit log")
            meta = _init_header(conn, passphrase, kdf_n)
    except LedgerError:
        raise
    except sqlite3.Error as exc:
        raise _db_error(exc, path, "open the audit log") from None
    # The header's own text is never quoted: it is whatever the file holds.
    damaged = LedgerCorrupt(f"the audit log {path} has a damaged header")
    log_id = meta.get("log_id", "")
    if not log_id:
        raise damaged
    if passphrase is None:
        return log_id, None, migrated_from
    try:
        data_key, _ = _unwrap(meta, passphrase, log_id)
    except BadKey:
        raise WrongPassphrase(f"wrong passphrase for the audit log {path}") from None
    except (KeyError, ValueError):
        raise damaged from None
    return log_id, Sealer(data_key), migrated_from


def _has_header(conn: sqlite3.Connection) -> bool:
    """Whether the file holds a log header (read without writing to the file)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'wrapped_key'").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc).lower():
            return False
        raise
    return row is not None


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The header's entries; one whose key or value is not text counts as absent."""
    return {k: v for k, v in conn.execute("SELECT key, value FROM meta")
            if type(k) is str and type(v) is str}


def _read_head(conn: sqlite3.Connection) -> _Head:
    meta = _meta(conn)
    try:
        return _Head(int(meta["head_seq"]), bytes.fromhex(meta["head_tag"]))
    except (KeyError, ValueError):
        raise LedgerTampered(
            "the chain head in the audit log's header is missing or unreadable: the log was"
            " altered (run `piaudit verify`)"
        ) from None


def _unwrap(entries: Mapping[str, str], passphrase: str, log_id: str) -> tuple[bytes, KdfParams]:
    """The data key wrapped in a header or a key slot (BadKey: wrong passphrase)."""
    params = KdfParams.from_json(entries["kdf"])
    return unwrap_key(bytes.fromhex(entries["wrapped_key"]), passphrase, params, log_id), params


# --------------------------------------------------------------------------- the key slot
#
# The vault's key is derived from the log's data key, so losing the log file would lose
# every vault item for good. The key slot is a small file next to the log holding only what
# opens the data key with the passphrase: the log's id, the scrypt parameters and salt, and
# the data key wrapped exactly as in the header. It is no weaker than the header (which any
# copy of the log carries), and the passphrase stays the only secret. It also records that
# a log existed here, so that a deleted or emptied log fails verification.

_SLOT_HINT = ("The vault still opens with the passphrase (its key is in the key slot); to"
              " start a new log, move the key slot away as well")


def slot_path(log: Path) -> Path:
    """The key slot of the log at `log` ("audit-log.keyslot" next to "audit-log.sqlite")."""
    return log.with_name(log.stem + ".keyslot")


def check_log_exists(path: Path) -> None:
    """Raise LedgerTampered if the log at `path` is gone but its key slot says it existed,
    LedgerMissing if there never was one; return if the file exists."""
    if path.exists():
        return
    if slot_path(path).exists():
        raise LedgerTampered(
            f"the audit log {path} is missing, but its key slot shows that a log existed:"
            f" it was deleted or moved. {_SLOT_HINT}"
        )
    raise LedgerMissing(f"there is no audit log yet at {path}")


def _read_slot(target: Path) -> dict[str, str] | None:
    """The slot's entries, None if there is no slot; LedgerCorrupt if it is damaged."""
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LedgerUnwritable(
            f"cannot read the audit log key slot {target}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is a ValueError
        doc = None
    keys = ("log_id", "kdf", "wrapped_key")
    if not (isinstance(doc, dict) and doc.get("format") == _SLOT_FORMAT
            and doc.get("version") == 1 and all(type(doc.get(k)) is str for k in keys)):
        raise LedgerCorrupt(f"the audit log key slot {target} is damaged")
    return {k: doc[k] for k in keys}


def _slot_or_none(target: Path) -> dict[str, str] | None:
    try:
        return _read_slot(target)
    except LedgerError:
        return None


def _sync_slot(log: Path, log_id: str, kdf: str, wrapped: str) -> None:
    """Write the log's key slot unless it already holds this wrapping (best effort).

    A slot of another log is left alone (that log's vault items need it; verify reports the
    mismatch). Failing to write is not an error here: the next open with the passphrase
    tries again, and the log itself is unaffected.
    """
    target = slot_path(log)
    try:
        current = _read_slot(target)
    except LedgerError:
        current = None  # damaged or unreadable: rewritten from the header that just opened
    if current is not None:
        if current["log_id"] != log_id:
            return
        if current["kdf"] == kdf and current["wrapped_key"] == wrapped:
            return
    with contextlib.suppress(OSError):
        _write_slot(target, {"format": _SLOT_FORMAT, "version": 1, "log_id": log_id,
                             "kdf": kdf, "wrapped_key": wrapped})


def _write_slot(target: Path, doc: Mapping[str, object]) -> None:
    """Replace the slot atomically: a unique temp file (0600), fsync, rename, fsync folder.

    A reader sees the old slot or the new one, never a partial one, even when two processes
    write it at once or the machine stops mid-write.
    """
    data = (json.dumps(doc, sort_keys=True, indent=1) + "\n").encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o600)  # mkstemp's mode already, whatever the umask
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if os.name == "posix":  # make the rename itself durable
        with contextlib.suppress(OSError):
            dfd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


def subkey_from_slot(passphrase: str, purpose: str, folder: Path | None = None) -> bytes:
    """`Ledger.subkey(purpose)` of the log whose key slot is in `folder`, without the log.

    `folder` is the data folder (default: `data_dir()`). Raises NoPassphrase (empty),
    LedgerMissing (no slot), WrongPassphrase, or LedgerCorrupt (damaged slot), each with a
    one-line message for the user.
    """
    if not passphrase:
        raise NoPassphrase("the audit log passphrase must not be empty")
    folder = Path(folder) if folder is not None else data_dir()
    target = folder / KEY_SLOT_FILE
    slot = _read_slot(target)
    if slot is None:
        raise LedgerMissing(
            f"there is no audit log key slot {target}: without it (or the audit log) the"
            " vault's key cannot be recovered"
        )
    try:
        data_key, _ = _unwrap(slot, passphrase, slot["log_id"])
    except BadKey:
        raise WrongPassphrase(f"wrong passphrase for the audit log key slot {target}") from None
    except (KeyError, ValueError):
        raise LedgerCorrupt(f"the audit log key slot {target} is damaged") from None
    return Sealer(data_key).subkey(purpose)


def vault_key_from_slot(passphrase: str, folder: Path | None = None) -> bytes:
    """The vault's key, exactly `Ledger.subkey("vault")` of the log, from the key slot alone.

    For restoring vault items when the log is missing, emptied or damaged: only the
    passphrase is needed. See `subkey_from_slot` for `folder` and the errors raised.
    """
    return subkey_from_slot(passphrase, "vault", folder)


def _migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Run the pending migrations in one transaction; returns the version we started from."""
    db = sqlite_utils.Database(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        start = version
        if version > schema.SCHEMA_VERSION:  # another process upgraded it... to the future
            raise LedgerVersionError(f"the audit log {path} was written by a newer piaudit")
        for number in range(version + 1, schema.SCHEMA_VERSION + 1):
            MIGRATIONS[number - 1](db)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
        return start
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _init_header(conn: sqlite3.Connection, passphrase: str, kdf_n: int) -> dict[str, str]:
    log_id = secrets.token_hex(16)
    params = KdfParams.fresh(kdf_n)
    data_key = new_data_key()
    sealer = Sealer(data_key)
    conn.execute("BEGIN IMMEDIATE")
    try:
        meta = _meta(conn)
        if "wrapped_key" in meta:  # another process created it first
            conn.execute("COMMIT")
            return meta
        meta = {
            "format": "piaudit-ledger", "log_id": log_id, "created": _now(),
            "kdf": params.to_json(),
            "wrapped_key": wrap_key(data_key, passphrase, params, log_id).hex(),
            "head_seq": "0", "head_tag": GENESIS.hex(),
            "head_mac": sealer.head_mac(log_id, 0, GENESIS),
        }
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(meta.items()))
        conn.execute("COMMIT")
        return meta
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _cutoff(before: date | datetime | str) -> str:
    """An ISO timestamp (UTC) to compare `started` with: a date means its midnight UTC."""
    if isinstance(before, str):
        text = before.strip()
        try:
            before = datetime.fromisoformat(text) if "T" in text or " " in text \
                else date.fromisoformat(text)
        except ValueError:
            raise LedgerError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    if isinstance(before, datetime):
        return _iso(before) or ""
    return datetime(before.year, before.month, before.day, tzinfo=UTC).isoformat(
        timespec="milliseconds")


# --------------------------------------------------------------------------- passphrases


def _keyring_enabled() -> bool:
    return os.environ.get(KEYRING_ENV, "").strip().lower() not in ("0", "off", "no", "false")


def _keyring_user(path: Path) -> str:
    return f"audit-log:{path.resolve()}"


def keyring_get(path: Path | None = None) -> str | None:
    """The passphrase kept in the OS keyring, or None (no backend, no entry, any failure)."""
    if not _keyring_enabled():
        return None
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, _keyring_user(path or default_path()))
    except Exception:  # no backend on a headless machine, D-Bus down, locked keychain...
        return None
    return value or None


def keyring_set(passphrase: str, path: Path | None = None) -> bool:
    """Keep the passphrase in the OS keyring; False when there is no usable keyring."""
    if not _keyring_enabled():
        return False
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _keyring_user(path or default_path()), passphrase)
    except Exception:
        return False
    return True


def keyring_delete(path: Path | None = None) -> bool:
    if not _keyring_enabled():
        return False
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, _keyring_user(path or default_path()))
    except Exception:
        return False
    return True


def passphrase_from_file(file: str | os.PathLike[str], *,
                         warn: Callable[[str], None] | None = None) -> str:
    """Read a passphrase file (first line, without its line end).

    The file's owner and mode are checked on the descriptor that is read, so a rename in
    between cannot swap in another file. Refused (NoPassphrase): a file that other users can
    write to or that belongs to another user (root excepted): whoever can change it chooses
    the passphrase of the next log created. Readable by other users: `warn` (default: one
    line on stderr), since they can then open the log.
    """
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise NoPassphrase(
            f"cannot read the passphrase file {file}: {exc.strerror or exc}") from None
    with os.fdopen(fd, encoding="utf-8") as fh:
        _check_passphrase_file(os.fstat(fh.fileno()), file, warn)
        try:
            text = fh.readline().rstrip("\r\n")
        except UnicodeDecodeError:
            raise NoPassphrase(f"the passphrase file {file} is not UTF-8 text") from None
        except OSError as exc:
            raise NoPassphrase(
                f"cannot read the passphrase file {file}: {exc.strerror or exc}") from None
    if not text:
        raise NoPassphrase(f"the passphrase file {file} is empty")
    return text


def _check_passphrase_file(st: os.stat_result, file: str | os.PathLike[str],
                           warn: Callable[[str], None] | None) -> None:
    # Only regular files: a pipe or /dev/fd/N (`<(pass show piaudit)`) lives as long as the
    # command and has no meaningful mode. Windows has no such modes.
    if os.name != "posix" or not stat.S_ISREG(st.st_mode):
        return
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid not in (os.geteuid(), 0):
        raise NoPassphrase(
            f"refusing the passphrase file {file}: it belongs to another user (uid"
            f" {st.st_uid}); use a file of your own that only you can read (chmod 600)"
        )
    if mode & 0o022:
        raise NoPassphrase(
            f"refusing the passphrase file {file}: other users can change it (mode"
            f" {mode:04o}); run chmod 600 {file}"
        )
    if mode & 0o044:
        text = (f"warning: the passphrase file {file} is readable by other users (mode"
                f" {mode:04o}); run chmod 600 {file}")
        if warn is not None:
            warn(text)
        else:
            print(f"piaudit: {text}", file=sys.stderr)


def passphrase_from_env_or_keyring(path: Path | None = None) -> tuple[str | None, str]:
    """(passphrase, source): from PIAUDIT_PASSPHRASE_FILE, else the keyring, else (None, "")."""
    file = os.environ.get(PASSPHRASE_ENV)
    if file:
        return passphrase_from_file(file), "file"
    value = keyring_get(path)
    if value:
        return value, "keyring"
    return None, ""


# --------------------------------------------------------------------------- recording a scan


class AuditRecorder:
    """Streams one scan into the log; a failure of the log never stops the scan.

    Create it before the audit (it writes the "incomplete" start record), pass `on_finding`
    and `on_error` as the engine's callbacks, then call `finish(result, score)`. If the log
    fails mid-scan (full disk, read-only folder, busy for too long) `warn` is called once,
    logging stops, and the caller still has every finding in its ScanResult.
    """

    def __init__(self, ledger: Ledger, roots: Sequence[str | os.PathLike[str]],
                 scanners: Sequence[str], settings: Mapping[str, Any] | None = None, *,
                 warn: Callable[[str], None] | None = None, batch: int = BATCH,
                 flush_seconds: float = 2.0, close_ledger: bool = True) -> None:
        self.ledger = ledger
        self.warn = warn
        self.batch = batch
        self.flush_seconds = flush_seconds
        self.close_ledger = close_ledger
        self.failed: LedgerError | None = None
        self._findings: list[Finding] = []
        self._errors: list[ScanError] = []
        self._last = time.monotonic()
        self.scan_id = ledger.begin_scan(roots, scanners, settings)

    def on_finding(self, finding: Finding) -> None:
        if self.failed is not None:
            return
        self._findings.append(finding)
        if len(self._findings) >= self.batch or \
                time.monotonic() - self._last >= self.flush_seconds:
            self.flush()

    def on_error(self, error: ScanError) -> None:
        if self.failed is None:
            self._errors.append(error)

    def flush(self) -> None:
        self._last = time.monotonic()
        if self.failed is not None:
            return
        findings, errors = self._findings, self._errors
        self._findings, self._errors = [], []
        try:
            if findings:
                self.ledger.add_findings(self.scan_id, findings, batch=self.batch)
            if errors:
                self.ledger.add_errors(self.scan_id, errors, batch=self.batch)
        except LedgerError as exc:
            self._fail(exc)

    def _fail(self, exc: LedgerError) -> None:
        self.failed = exc
        if self.warn is not None:
            self.warn(f"the scan was not fully logged: {exc}")

    def finish(self, result: ScanResult, score: Any) -> ScanSummary | None:
        """Write what is left and the end record; returns the summary, or None on failure."""
        try:
            self.flush()
            if self.failed is not None:
                return None
            try:
                # complete, partial or cancelled: judged from what the audit covered
                return self.ledger.finish_scan(self.scan_id, result, score,
                                               complete=not result.cancelled)
            except LedgerError as exc:
                self._fail(exc)
                return None
        finally:
            if self.close_ledger:
                self.ledger.close()


# --------------------------------------------------------------------------- export


def export_scan(ledger: Ledger, scan_id: int, fmt: str, out: TextIO) -> int:
    """Write one scan, decrypted (masked previews and fingerprints only), as json or csv."""
    from scanners.output.writers import CSV_FIELDS, csv_safe

    summary, findings, errors = ledger.scan(scan_id)
    if fmt == "json":
        doc = {
            "tool": "piaudit", "version": __version__, "scan": summary.to_dict(),
            "findings": [f.to_dict() for f in findings],
            "errors": [e.to_dict() for e in errors],
        }
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        w = csv.writer(out)
        w.writerow(("scan", *CSV_FIELDS))
        for f in findings:
            d = f.to_dict()
            w.writerow([str(scan_id), *(csv_safe(d.get(k)) for k in CSV_FIELDS)])
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return len(findings)


# --------------------------------------------------------------------------- bench


def _synthetic_findings(n: int) -> Iterator[Finding]:
    cats = list(Category)
    for i in range(n):
        yield Finding(
            scanner="content.files", rule="identity.ric18", category=cats[i % len(cats)],
            severity=Severity(i % 5), location=f"/home/demo/Documents/export-{i // 50}.csv",
            preview="1101**********002X", fingerprint=f"{i:032x}", confidence=0.95,
            line=i % 400 + 1, start=i % 4000, end=i % 4000 + 18,
            path=f"/home/demo/Documents/export-{i // 50}.csv",
        )


def bench_ledger(n: int = 100_000, folder: Path | None = None) -> dict[str, float | int]:
    """Time recording `n` synthetic findings and reading them back (for `make bench`)."""
    with tempfile.TemporaryDirectory(prefix="piaudit-ledger-bench-") as tmp:
        path = Path(folder or tmp) / LOG_FILE
        t0 = time.perf_counter()
        ledger = Ledger.open(path, passphrase="bench passphrase", kdf_n=2**14)
        t_open = time.perf_counter() - t0
        try:
            t0 = time.perf_counter()
            scan_id = ledger.begin_scan(["/home/demo"], ["content.files"], {"jobs": 2})
            recorder_findings = _synthetic_findings(n)
            ledger.add_findings(scan_id, recorder_findings)
            ledger.finish_scan(scan_id, None, None, status="complete")
            t_record = time.perf_counter() - t0
            t0 = time.perf_counter()
            _, found, _ = ledger.scan(scan_id)
            t_read = time.perf_counter() - t0
            t0 = time.perf_counter()
            report = ledger.verify()
            t_verify = time.perf_counter() - t0
            assert len(found) == n and report.ok, report
        finally:
            ledger.close()
        size = sum(p.stat().st_size for p in path.parent.glob(LOG_FILE + "*"))
    return {
        "findings": n, "open_s": round(t_open, 3), "record_s": round(t_record, 3),
        "read_s": round(t_read, 3), "verify_s": round(t_verify, 3),
        "record_per_s": round(n / t_record), "read_per_s": round(n / t_read), "bytes": size,
    }
