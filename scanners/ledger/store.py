"""The audit log: `Ledger` opens (or creates) it and writes its records.

Reading, verifying and purging come from its bases (read.py, verify.py, purge.py, all built on
core.py). Crash safety: records are written in batches inside `BEGIN IMMEDIATE` transactions
(WAL); a scan's start record is written when it begins and its end record when it finishes,
so a scan killed in between stays "incomplete" and everything before it still verifies.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import scanners.ledger.schema as schema
from scanners import __version__
from scanners.assessment.coverage import coverage_of
from scanners.ledger.columns import _text
from scanners.ledger.crypto import DEFAULT_SCRYPT_N, BadKey, KdfParams, unwrap_entries, wrap_key
from scanners.ledger.errors import (
    LedgerCorrupt,
    LedgerError,
    NoPassphrase,
    WrongPassphrase,
    _db_error,
)
from scanners.ledger.header import _meta, _prepare
from scanners.ledger.location import _create_file, default_path
from scanners.ledger.purge import LedgerPurger
from scanners.ledger.read import LedgerReader
from scanners.ledger.records import _BY_PART, BATCH, STATUSES, ScanSummary, _encode, _iso, _now
from scanners.ledger.slot import _sync_slot, check_log_exists, slot_path
from scanners.model import Finding, ScanError, ScanResult


class Ledger(LedgerReader, LedgerPurger):
    """An open audit log. Thread-safe (one lock); one writer transaction at a time per file."""

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
                    "files_cached": stats.files_cached, "files_unread": stats.files_unread,
                    "bytes_scanned": stats.bytes_scanned,
                } if stats else {},
                "logged_findings": n_findings,
                "reported_findings": len(result.findings) if result is not None else None,
                "coverage": coverage.to_dict() if coverage is not None else None,
                # what each scanner could look at: the dashboard's status per area
                "statuses": [st.to_dict() for st in result.statuses.values()]
                if result is not None else [],
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

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the data key under `new` (records are not rewritten). Checks `old` first."""
        if not new:
            raise NoPassphrase("the new passphrase must not be empty")
        self._need_key()
        with self._lock:
            try:
                data_key, params = unwrap_entries(_meta(self._conn), old, self.log_id)
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
