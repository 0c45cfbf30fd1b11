"""ScanWorker: runs one audit session (scanners.audit_session) on a pool thread; the GUI
thread only receives signals.

Findings are batched (every BATCH findings or BATCH_SECONDS, whichever comes first) so a scan
that finds 100,000 values costs the event loop a few hundred queued calls, not 100,000.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Signal

from desktop.widgets.qt_compat import emit
from scanners.audit_session import AuditRequest
from scanners.model import Finding, Progress, ScanError, ScannerStatus, ScanResult

if TYPE_CHECKING:
    from scanners.assessment.scoring import Score
    from scanners.base import ScanContext
    from scanners.ledger import Ledger

BATCH = 100
BATCH_SECONDS = 0.2
PROGRESS_SECONDS = 0.1


# One typed request for every front end: roots, scanner ids, excludes, jobs, settings (recorded
# with the scan), android_serial, nss_password_check...
ScanRequest = AuditRequest


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    result: ScanResult
    score: Score  # accepted risks left out
    scan_id: int | None  # id in the audit log, None when not logged
    log_warning: str = ""
    # files not read, by reason ("binary", "symlink", "too-large"...): the end-of-scan summary
    skipped: dict[str, int] = field(default_factory=dict)
    scanner_ids: tuple[str, ...] = ()  # the scanners this audit ran, in order


def snapshot(statuses: dict[str, ScannerStatus]) -> list[ScannerStatus]:
    """Copies of the live statuses: the GUI thread must not read objects the scan mutates."""
    return [replace(s, notes=list(s.notes)) for s in list(statuses.values())]


class ScanSignals(QObject):
    """Created on the GUI thread, so every emit from the worker arrives there queued."""

    findings = Signal(list)  # list[Finding]
    errors = Signal(list)  # list[ScanError]
    progress = Signal(object)  # Progress
    paused = Signal(bool)
    finished = Signal(object)  # ScanOutcome
    failed = Signal(str)  # a sentence, no traceback
    # (scanner ids in order, list[ScannerStatus] copies, skipped-by-reason dict): live
    statuses = Signal(object)


class ScanWorker(QRunnable):
    """One audit. `cancel()` and `pause()` may be called from any thread and act at once."""

    def __init__(self, request: ScanRequest, ledger: Ledger | None = None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the GUI holds it until `finished` or `failed`
        self.request = request
        self.ledger = ledger
        self.signals = ScanSignals()
        self.cancel_event = threading.Event()
        self.pause_event = threading.Event()
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._findings: list[Finding] = []
        self._errors: list[ScanError] = []
        self._last_emit = time.monotonic()
        self._last_progress = 0.0
        self._ids: tuple[str, ...] = ()
        self._ctx: ScanContext | None = None
        self._skipped: Counter[str] = Counter()
        self._last_status: object = None

    # ---- control (any thread)

    def cancel(self) -> None:
        self.cancel_event.set()
        self.pause_event.clear()

    def pause(self) -> None:
        if not self.cancel_event.is_set():
            self.pause_event.set()
            emit(self.signals.paused, True)

    def resume(self) -> None:
        self.pause_event.clear()
        emit(self.signals.paused, False)

    @property
    def is_paused(self) -> bool:
        return self.pause_event.is_set()

    # ---- worker thread

    def run(self) -> None:
        try:
            self._run()
        except Exception as exc:  # never let an exception die silently on a pool thread
            from scanners.system.textsafe import safe_message

            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            emit(self.signals.failed, safe_message(detail))
        finally:
            self.done.set()

    def _run(self) -> None:
        from scanners.audit_session import AuditHooks, prepare_audit

        req = self.request
        # the log is the session's ledger when it is unlocked: held open, never closed here
        session = prepare_audit(
            replace(req, log=req.log and self.ledger is not None),
            AuditHooks(cancel=self.cancel_event, pause=self.pause_event,
                       progress=self._on_progress, on_finding=self._on_finding,
                       on_error=self._on_error, on_skip=self._on_skip,
                       on_scanned=self._on_scanned),
            ledger=self.ledger,
        )
        self._ctx = session.context
        self._ids = session.scanner_ids
        self._emit_statuses()
        outcome = session.run()
        with self._lock:
            skipped = dict(self._skipped)
        emit(self.signals.finished, ScanOutcome(outcome.result, outcome.score, outcome.scan_id,
                                                outcome.log_warning or "", skipped, self._ids))

    def _on_scanned(self, _result: ScanResult) -> None:
        """The scanners are done: the last findings and states go out before the score."""
        self._flush(force=True)
        self._emit_statuses()

    def _on_finding(self, finding: Finding) -> None:
        with self._lock:
            self._findings.append(finding)
            due = len(self._findings) >= BATCH
        if due or time.monotonic() - self._last_emit >= BATCH_SECONDS:
            self._flush()

    def _on_error(self, error: ScanError) -> None:
        with self._lock:
            self._errors.append(error)

    def _on_skip(self, _location: str, reason: str) -> None:
        with self._lock:
            self._skipped[reason or "other"] += 1

    def _emit_statuses(self) -> None:
        """Send the scanners' states when they changed (called at most once per flush)."""
        ctx = self._ctx
        if ctx is None:
            return
        snap = snapshot(ctx.statuses)
        with self._lock:
            skipped = dict(self._skipped)
        key = ([(s.scanner, s.state, s.findings, len(s.notes)) for s in snap],
               sorted(skipped.items()))
        if key == self._last_status:
            return
        self._last_status = key
        emit(self.signals.statuses, (self._ids, snap, skipped))

    def _on_progress(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last_emit >= BATCH_SECONDS:
            self._flush()
        if now - self._last_progress >= PROGRESS_SECONDS or not progress.current:
            self._last_progress = now
            emit(self.signals.progress, progress)

    def _flush(self, force: bool = False) -> None:
        with self._lock:
            findings, errors = self._findings, self._errors
            self._findings, self._errors = [], []
            self._last_emit = time.monotonic()
        if findings:
            emit(self.signals.findings, findings)
        if errors:
            emit(self.signals.errors, errors)
        self._emit_statuses()


def start(worker: ScanWorker, pool: Any = None) -> None:
    """Run `worker` on `pool` (the global QThreadPool by default)."""
    from PySide6.QtCore import QThreadPool

    (pool or QThreadPool.globalInstance()).start(worker)


def wait(worker: ScanWorker, seconds: float) -> bool:
    """Block until the worker ended (used on quit after cancel); False on timeout."""
    return worker.done.wait(seconds)


__all__: Sequence[str] = ("ScanOutcome", "ScanRequest", "ScanSignals", "ScanWorker", "start",
                          "wait")
