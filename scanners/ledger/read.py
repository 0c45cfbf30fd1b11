"""Reading the log: scans, their findings and errors, actions, settings and events."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from scanners.ledger.columns import _FINDING_TYPES, _SCAN_TYPES, _check_record, _tampered, _typed
from scanners.ledger.core import LedgerCore
from scanners.ledger.crypto import BadRecord
from scanners.ledger.errors import LedgerError, LedgerTampered
from scanners.ledger.records import (
    _BY_PART,
    _CATEGORY,
    _SEVERITY,
    STATUSES,
    LogEvent,
    ScanSummary,
    _aad,
    _decode,
    _loads,
    _record_name,
)
from scanners.ledger.schema import ChainPart
from scanners.model import Finding, ScanError


class LedgerReader(LedgerCore):
    """What `Ledger` reads: plaintext columns always, the rest with the passphrase."""

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
                sts = end.get("statuses")
                s.statuses = tuple(x for x in sts if isinstance(x, dict)) \
                    if isinstance(sts, list) else ()
        return s

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
