"""Recording one scan as it runs, without a failure of the log ever stopping it."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scanners.ledger.errors import LedgerError
from scanners.ledger.records import BATCH, ScanSummary
from scanners.model import Finding, ScanError, ScanResult

if TYPE_CHECKING:
    from scanners.ledger.store import Ledger


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
