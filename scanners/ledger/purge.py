"""Purging scans: delete them, re-chain what remains, and rewrite the file."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime

from scanners.ledger.columns import _BadRow, _tampered
from scanners.ledger.crypto import GENESIS, BadRecord, Sealer, tag_of
from scanners.ledger.errors import LedgerError, LedgerTampered, _db_error
from scanners.ledger.header import _Head
from scanners.ledger.records import _BY_PART, PurgeReport, _aad, _iso, _Rec, _record_name
from scanners.ledger.verify import LedgerVerifier


class LedgerPurger(LedgerVerifier):
    """`Ledger.purge` and its helpers."""

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
