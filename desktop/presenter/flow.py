"""What one presenter session holds: the audit before and after the fixes, the people the
attacker's view links up, the fix plan and what became of it.

Scans and fixes run on the thread pool (desktop.presenter.work); this object only receives
their signals on the GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from desktop.presenter.work import DemoScanWorker, FixWorker
from desktop.scan.worker import ScanOutcome
from desktop.widgets.qt_compat import emit
from scanners.demo.sandbox import Sandbox

if TYPE_CHECKING:
    from scanners.assessment.linking import Profile
    from scanners.demo.session import FixResult, FixStep
    from scanners.model import Finding


class PresenterFlow(QObject):
    progress = Signal(object)  # Progress of the running scan
    found = Signal(int)  # findings so far in the running scan
    scan_done = Signal(str)  # "before" or "after"
    fixes_done = Signal()
    failed = Signal(str)  # a sentence
    busy_changed = Signal(bool)

    def __init__(self, box: Sandbox, pool: QThreadPool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self.pool = pool or QThreadPool.globalInstance()
        self.before: ScanOutcome | None = None
        self.after: ScanOutcome | None = None
        self.people_before: list[Profile] = []
        self.people_after: list[Profile] = []
        self.plan: list[FixStep] = []
        self.results: list[FixResult] = []
        self.found_so_far = 0
        self.error = ""
        self.language = "en"  # the interface's: the score's sentence and the handout
        self._scan: DemoScanWorker | None = None
        self._which = ""
        self._fix: FixWorker | None = None

    @property
    def busy(self) -> bool:
        return self._scan is not None or self._fix is not None

    @property
    def fixed(self) -> bool:
        return bool(self.results)

    # ---- scans

    def start_scan(self, which: str) -> bool:
        """Audit the sandbox: "before" the fixes or "after" them."""
        if self.busy:
            return False
        worker = DemoScanWorker(self.box)
        worker.signals.findings.connect(self._on_findings)
        worker.signals.progress.connect(self.progress)
        worker.signals.finished.connect(self._on_scanned)
        worker.signals.failed.connect(self._on_failed)
        self._scan, self._which, self.found_so_far, self.error = worker, which, 0, ""
        self.pool.start(worker)
        emit(self.busy_changed, True)
        return True

    def cancel(self) -> None:
        if self._scan is not None:
            self._scan.cancel()

    def wait(self, seconds: float) -> bool:
        return self._scan.done.wait(seconds) if self._scan is not None else True

    def _on_findings(self, batch: list[Finding]) -> None:
        self.found_so_far += len(batch)
        emit(self.found, self.found_so_far)

    def _on_scanned(self, outcome: ScanOutcome) -> None:
        from scanners.assessment.linking import link
        from scanners.demo.session import plan_for

        which, self._scan = self._which, None
        findings = list(outcome.result.findings)
        people = link(findings)
        if which == "before":
            self.before, self.people_before = outcome, people
            self.plan = plan_for(self.box, findings)
        else:
            self.after, self.people_after = outcome, people
        emit(self.busy_changed, False)
        emit(self.scan_done, which)

    def _on_failed(self, message: str) -> None:
        self._scan = self._fix = None
        self.error = message
        emit(self.busy_changed, False)
        emit(self.failed, message)

    # ---- fixes

    def apply_fixes(self) -> bool:
        """Apply the plan of the audit before (once)."""
        if self.busy or self.before is None or self.fixed:
            return False
        worker = FixWorker(self.box)
        worker.signals.finished.connect(self._on_fixed)
        worker.signals.failed.connect(self._on_failed)
        self._fix, self.error = worker, ""
        self.pool.start(worker)
        emit(self.busy_changed, True)
        return True

    def _on_fixed(self, results: list[FixResult]) -> None:
        self._fix = None
        self.results = results
        emit(self.busy_changed, False)
        emit(self.fixes_done)

    # ---- figures

    def linked(self, people: list[Profile]) -> list[Profile]:
        """The people the view joins across two or more sources."""
        return [p for p in people if p.sources >= 2]
