"""An open log: its connection, lock and key, and the write transaction.

`LedgerCore` is the base of `Ledger` (store.py); reading, verifying and purging are added by
the classes in read.py, verify.py and purge.py, each built on this one.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

import sqlite_utils

from scanners.ledger.crypto import Sealer, tag_of
from scanners.ledger.errors import LedgerLocked, LedgerTampered, _db_error
from scanners.ledger.header import _Head, _read_head
from scanners.ledger.records import _BY_PART, _aad, _dumps, _now
from scanners.ledger.schema import ChainPart


class LedgerCore:
    """What every part of `Ledger` builds on: the connection, its lock, the data key, and the
    write transaction that seals records at the head of the chain."""

    def __init__(self, path: Path, conn: sqlite3.Connection, log_id: str,
                 sealer: Sealer | None) -> None:
        self.path = path
        self._conn = conn
        self._db = sqlite_utils.Database(conn)
        self.log_id = log_id
        self._sealer = sealer
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
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

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of a read; a driver error (a dropped column, text that is not text, a busy
        or damaged file) becomes a LedgerError that never quotes a value."""
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise _db_error(exc, self.path, "read the audit log") from None

    def _checkpoint(self) -> bool:
        """Copy the WAL into the database and truncate it; False if a reader prevented it."""
        with self._lock:
            try:
                busy, _, _ = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error:
                return False
            return not busy
