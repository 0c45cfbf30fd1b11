"""The sandbox's scan and fix on the GUI's thread pool: the window stays responsive.

DemoScanWorker is the Scan screen's ScanWorker (the same batching, progress and cancel)
running `scanners.demo.session.scan` (every scanner, the sandbox's own log and key); the
fix runs `session.fix` the same way.
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, QRunnable, Signal

from desktop.scan.worker import ScanOutcome, ScanRequest, ScanWorker
from desktop.widgets.qt_compat import emit
from scanners.demo.sandbox import Sandbox


class DemoScanWorker(ScanWorker):
    """One audit of the sandbox, logged in the sandbox (never in the user's log)."""

    def __init__(self, box: Sandbox) -> None:
        super().__init__(ScanRequest(roots=(str(box.home),)))
        self.box = box

    def _run(self) -> None:
        from scanners.audit_session import AuditHooks
        from scanners.demo import session

        hooks = AuditHooks(cancel=self.cancel_event, pause=self.pause_event,
                           progress=self._on_progress, on_finding=self._on_finding,
                           on_error=self._on_error, on_skip=self._on_skip,
                           on_scanned=self._on_scanned)
        outcome = session.scan(self.box, hooks)
        with self._lock:
            skipped = dict(self._skipped)
        emit(self.signals.finished, ScanOutcome(outcome.result, outcome.score, outcome.scan_id,
                                                outcome.log_warning or "", skipped))


class FixSignals(QObject):
    finished = Signal(list)  # list[scanners.demo.session.FixResult]
    failed = Signal(str)


class FixWorker(QRunnable):
    """Every step of the sandbox's fix plan (scanners.demo.session.fix)."""

    def __init__(self, box: Sandbox) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the flow holds it until a signal came
        self.box = box
        self.signals = FixSignals()

    def run(self) -> None:
        from scanners.demo import session

        try:
            results = session.fix(self.box)
        except Exception as exc:  # a sentence for the screen, never a dead pool thread
            from scanners.system.textsafe import safe_message

            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            emit(self.signals.failed, safe_message(detail))
            return
        emit(self.signals.finished, results)
