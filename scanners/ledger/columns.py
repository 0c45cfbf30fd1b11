"""The types each column must read back as, checked before a record is trusted.

SQLite keeps whatever type a row was written with; a value of the wrong type (or text that is
not UTF-8) is reported as tampering, naming the record and never quoting its bytes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from scanners.ledger.errors import LedgerTampered
from scanners.ledger.records import _record_name
from scanners.ledger.schema import CHAIN, ChainPart, types_of


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
