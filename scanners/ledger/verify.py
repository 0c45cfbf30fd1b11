"""Verifying the log: walk the one chain of records and name the first bad one."""

from __future__ import annotations

import contextlib
import heapq
import sqlite3
from collections.abc import Iterator

from scanners.ledger.columns import _RECORD_TYPES, _BadRow, _typed
from scanners.ledger.core import LedgerCore
from scanners.ledger.crypto import GENESIS, BadRecord, Sealer, tag_of
from scanners.ledger.errors import LedgerTampered, _db_error
from scanners.ledger.header import _meta
from scanners.ledger.records import _BY_PART, STATUSES, VerifyReport, _aad, _Rec, _record_name
from scanners.ledger.schema import ChainPart, chain_parts
from scanners.ledger.slot import _slot_or_none, slot_path


class LedgerVerifier(LedgerCore):
    """The chain walk of `Ledger.verify` (and the record stream purging re-chains)."""

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
