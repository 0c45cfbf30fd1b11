"""What the log's records are and how they are encoded.

The reports handed to callers (ScanSummary, VerifyReport, PurgeReport, LogEvent), a chain
record as stored (`_Rec`), the JSON encoding of sealed payloads and each record's associated
data (`_aad`), which binds the log, table, part, id, position, plaintext columns and the tag
of the record before it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scanners.ledger.schema import CHAIN, ChainPart
from scanners.model import Category, Severity

BATCH = 1000  # records written per transaction
# "incomplete": never finished (crashed or running). "partial": finished, but it could not read
# a large part of what it was asked to (scanners.assessment.coverage): shown as incomplete,
# never trended.
STATUSES = ("incomplete", "complete", "cancelled", "failed", "partial")

_BY_PART: dict[tuple[str, str], ChainPart] = {(p.table, p.part): p for p in CHAIN}


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

    coverage: dict[str, Any] | None = None  # scanners.assessment.coverage.Coverage.to_dict()
    # ScannerStatus.to_dict() of each scanner (empty in audits logged before they were kept)
    statuses: tuple[dict[str, Any], ...] = ()

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
