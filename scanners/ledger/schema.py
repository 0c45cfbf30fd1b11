"""The audit log's tables and their migrations (`PRAGMA user_version`).

Every record of the chain lives in a row with three columns: `seq` (its place in the one
ledger-wide chain), `prev` (the tag of the record before it) and `box` (nonce + AES-GCM
ciphertext + tag). A scan row carries two records: its start (written when the scan begins)
and its end (written when it finishes; absent after a crash, so the scan stays incomplete).

Plaintext columns are only what charts need: ids, timestamps, category, severity, score and
counts. They are bound into each record's associated data, so editing one is detected.

Migrations are append-only: never edit a released one, add the next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlite_utils

SCHEMA_VERSION = 2


@dataclass(frozen=True, slots=True)
class ChainPart:
    """One kind of record in the chain: where it lives and which plaintext columns it binds."""

    table: str
    part: str
    seq: str
    prev: str
    box: str
    bound: tuple[str, ...]


CHAIN: tuple[ChainPart, ...] = (
    ChainPart("scans", "start", "seq", "prev", "box", ("started",)),
    ChainPart(
        "scans", "end", "end_seq", "end_prev", "end_box",
        ("finished", "status", "score", "findings", "errors", "files", "bytes", "seconds",
         "categories"),
    ),
    ChainPart("findings", "", "seq", "prev", "box", ("scan_id", "category", "severity")),
    ChainPart("errors", "", "seq", "prev", "box", ("scan_id",)),
    ChainPart("actions", "", "seq", "prev", "box", ("ts", "scan_id")),
    ChainPart("settings_changes", "", "seq", "prev", "box", ("ts",)),
    ChainPart("events", "", "seq", "prev", "box", ("ts", "kind")),
)

_CHAIN_COLS: dict[str, type] = {"seq": int, "prev": bytes, "box": bytes}

# The Python type each column must read back as. SQLite keeps whatever type a row was written
# with (a rebuilt table can hold TEXT where a BLOB belongs, or '3' where 3 belongs), and such
# a value can still render to the same associated data; reading checks these types so that a
# type change is reported as tampering instead of surfacing as a raw error.
_NULL = type(None)
COLUMN_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    "scans": {
        "id": (int,), "started": (str,), "finished": (str, _NULL), "status": (str,),
        # counts of a scan that never finished may be NULL in logs of older versions
        "score": (int, _NULL), "findings": (int, _NULL), "errors": (int, _NULL),
        "files": (int, _NULL), "bytes": (int, _NULL), "seconds": (float, _NULL),
        "categories": (str, _NULL),
        "seq": (int,), "prev": (bytes,), "box": (bytes,),
        "end_seq": (int, _NULL), "end_prev": (bytes, _NULL), "end_box": (bytes, _NULL),
    },
    "findings": {"id": (int,), "scan_id": (int,), "category": (str,), "severity": (int,)},
    "errors": {"id": (int,), "scan_id": (int,)},
    "actions": {"id": (int,), "ts": (str,), "scan_id": (int, _NULL)},
    "settings_changes": {"id": (int,), "ts": (str,)},
    "events": {"id": (int,), "ts": (str,), "kind": (str,)},
}
for _table, _cols in COLUMN_TYPES.items():
    if _table != "scans":
        _cols.update({"seq": (int,), "prev": (bytes,), "box": (bytes,)})


def _v1(db: sqlite_utils.Database) -> None:
    """First release: header, scans, findings, scan errors."""
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("scans").create(
        {
            "id": int, "started": str, "finished": str, "status": str, "score": int,
            "findings": int, "errors": int, "files": int, "bytes": int, "seconds": float,
            "categories": str,
            **_CHAIN_COLS,
            "end_seq": int, "end_prev": bytes, "end_box": bytes,
        },
        pk="id",
        not_null={"started", "status", "seq", "prev", "box"},
    )
    db.table("findings").create(
        {"id": int, "scan_id": int, "category": str, "severity": int, **_CHAIN_COLS},
        pk="id",
        not_null={"scan_id", "category", "severity", "seq", "prev", "box"},
    )
    db.table("errors").create(
        {"id": int, "scan_id": int, **_CHAIN_COLS},
        pk="id",
        not_null={"scan_id", "seq", "prev", "box"},
    )
    db.table("scans").create_index(["seq"], unique=True)
    db.table("scans").create_index(["end_seq"], unique=True)
    db.table("findings").create_index(["seq"], unique=True)
    db.table("findings").create_index(["scan_id"])
    db.table("errors").create_index(["seq"], unique=True)
    db.table("errors").create_index(["scan_id"])


def _v2(db: sqlite_utils.Database) -> None:
    """Remediation actions, settings changes and the log's own events (purges, re-keys)."""
    db.table("actions").create(
        {"id": int, "ts": str, "scan_id": int, **_CHAIN_COLS},
        pk="id",
        not_null={"ts", "seq", "prev", "box"},
    )
    db.table("settings_changes").create(
        {"id": int, "ts": str, **_CHAIN_COLS}, pk="id", not_null={"ts", "seq", "prev", "box"}
    )
    db.table("events").create(
        {"id": int, "ts": str, "kind": str, **_CHAIN_COLS},
        pk="id",
        not_null={"ts", "kind", "seq", "prev", "box"},
    )
    for table in ("actions", "settings_changes", "events"):
        db.table(table).create_index(["seq"], unique=True)


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_v1, _v2)
assert len(MIGRATIONS) == SCHEMA_VERSION


def types_of(table: str, columns: Sequence[str]) -> tuple[tuple[type, ...], ...]:
    """The allowed Python types of `columns` of `table`, in that order."""
    known = COLUMN_TYPES[table]
    return tuple(known[c] for c in columns)


def chain_parts(tables: set[str]) -> tuple[ChainPart, ...]:
    """The chain parts whose tables exist in a database."""
    return tuple(p for p in CHAIN if p.table in tables)
