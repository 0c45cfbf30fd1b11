"""ScanController: owns the running ScanWorker, the findings model and the last outcome."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from desktop.findings.findings_model import FindingsModel, finding_key
from desktop.scan.worker import ScanOutcome, ScanRequest, ScanWorker
from desktop.session import Session, is_phone_audit, is_phone_summary
from desktop.widgets.qt_compat import emit
from scanners.model import Finding, ScanError

FLUSH_MS = 1000


class ScanController(QObject):
    started = Signal()
    progress = Signal(object)  # Progress
    paused = Signal(bool)
    finished = Signal(object)  # ScanOutcome
    failed = Signal(str)
    state_changed = Signal(str)  # "idle", "running", "paused", "stopping"
    statuses = Signal(object)  # (scanner ids, list[ScannerStatus], skipped by reason)

    def __init__(self, session: Session, pool: QThreadPool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pool = pool or QThreadPool.globalInstance()
        self.model = FindingsModel(self)
        self.worker: ScanWorker | None = None
        self.outcome: ScanOutcome | None = None
        self.errors: list[ScanError] = []
        self.started_at = 0.0
        self.state = "idle"
        self.last_statuses: tuple[Any, ...] = ((), [], {})
        # a phone-only audit (is_phone_audit) is running or was the last to finish: it is
        # logged, but its findings never replace this computer's in `model` and `outcome`
        # (they reach the Permissions screen from the finished outcome instead)
        self.phone_audit = False
        self.phone_outcome: ScanOutcome | None = None
        # controllers whose scans must not run at the same time as this one's (the phone
        # scan's): one audit at a time is written to the log
        self.peers: list[ScanController] = []
        # files the last complete audit of the same folders saw: the only honest basis for
        # a time estimate (the walker does not count ahead); None when unknown
        self.expected_files: int | None = None
        # Findings reach the model at most once a second while a scan runs: every insert
        # repaints the table, and each repaint is hundreds of calls into the Python model
        # that compete with the scan thread for the GIL.
        self._pending: list[Finding] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_MS)
        self._flush_timer.timeout.connect(self.flush)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def _set_state(self, state: str) -> None:
        self.state = state
        emit(self.state_changed, state)

    def start(self, request: ScanRequest, paused: bool = False) -> bool:
        """Start a scan (`paused`: held before its first file, for tests and demos)."""
        if self.worker is not None or any(p.running for p in self.peers):
            return False
        # whichever screen started it: a phone-only audit leaves this computer's audit shown
        self.phone_audit = is_phone_audit(request.scanner_ids)
        if not self.phone_audit:
            self.model.clear()
            self.model.set_previous(self._previous_keys(request))
            self.outcome = None
        self.phone_outcome = None
        self.errors = []
        self.last_statuses = ((), [], {})
        self.expected_files = self.previous_files(request)
        worker = ScanWorker(request, self.session.ledger if self.session.unlocked else None)
        worker.signals.findings.connect(self._on_findings)
        worker.signals.errors.connect(self.errors.extend)
        worker.signals.progress.connect(self.progress)
        worker.signals.paused.connect(self._on_paused)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.statuses.connect(self._on_statuses)
        self.worker = worker
        self.started_at = time.monotonic()
        if paused:
            worker.pause_event.set()
        self.pool.start(worker)
        self._set_state("paused" if paused else "running")
        emit(self.started)
        return True

    def _previous_keys(self, request: ScanRequest) -> set[tuple[str, str, str]] | None:
        """Keys of the last complete audit in the log of the same kind (this computer, or a
        phone), for "new since last audit"."""
        phone = is_phone_audit(request.scanner_ids)
        try:
            done = [s for s in self.session.scans() if s.status == "complete"
                    and is_phone_summary(s) == phone]
        except Exception:
            return None
        if not done or not self.session.unlocked:
            return None
        try:
            return {finding_key(f) for f in self.session.findings(done[-1].id)}
        except Exception:
            return None

    def previous_files(self, request: ScanRequest) -> int | None:
        """Files of the last complete audit of exactly these folders and scanners."""
        import os

        want = sorted(os.path.abspath(r) for r in request.roots)
        try:
            scans = self.session.scans() if self.session.unlocked else []
        except Exception:
            return None
        for s in reversed(scans):
            if s.status != "complete" or not s.files:
                continue
            if sorted(os.path.abspath(r) for r in s.roots) != want:
                continue
            if request.scanner_ids and tuple(s.scanners) and \
                    set(request.scanner_ids) != set(s.scanners):
                continue
            return int(s.files)
        return None

    def _on_statuses(self, payload: tuple[Any, ...]) -> None:
        self.last_statuses = payload
        emit(self.statuses, payload)

    def pause(self) -> None:
        if self.worker is not None and self.state == "running":
            self.worker.pause()

    def resume(self) -> None:
        if self.worker is not None and self.state == "paused":
            self.worker.resume()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self._set_state("stopping")

    def wait(self, seconds: float) -> bool:
        """Block until the worker is done (quit path, after cancel)."""
        return self.worker.done.wait(seconds) if self.worker is not None else True

    def _on_findings(self, batch: list[Finding]) -> None:
        if self.phone_audit:
            return  # the phone's grants come with the outcome, not into this computer's table
        self._pending.extend(batch)
        if self.model.rowCount() == 0:
            self.flush()  # the first findings show at once
        elif not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self) -> None:
        """Move the findings received so far into the model."""
        self._flush_timer.stop()
        pending, self._pending = self._pending, []
        if pending:
            self.model.add(pending)

    def _on_paused(self, on: bool) -> None:
        if self.worker is None or self.state == "stopping":
            return
        self._set_state("paused" if on else "running")
        emit(self.paused, on)

    def _on_finished(self, outcome: ScanOutcome) -> None:
        self.flush()
        self.worker = None
        if self.phone_audit:
            self.phone_outcome = outcome
        else:
            self.outcome = outcome
        self._set_state("idle")
        emit(self.finished, outcome)

    def _on_failed(self, message: str) -> None:
        self.flush()
        self.worker = None
        self._set_state("idle")
        emit(self.failed, message)
