"""Python's cycle collector, run from the window's thread only.

A scan runs on a pool thread, and Python collects cycles in whichever thread happens to
allocate when a generation fills up: there it may finalize a Qt wrapper made by the window's
thread (a model, a timer, a slot's closure in a cycle), and Qt objects must die in their own
thread. In a test run that made the scan thread crash inside a collection (a segmentation
fault while it loaded the rules). So while a window is open the automatic collector is off
and this timer, in the window's thread, collects what Python's own thresholds would have
collected, a few times a second. Reference counting, which frees almost everything, is not
affected; nor are the scan's worker processes, which keep their own collector.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

_INTERVAL_MS = 250


class MainThreadCollector(QObject):
    """Collects cycles on a timer of the thread it lives in (the window's)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def collect_due(self) -> int:
        """The generation Python would have collected by now (as its thresholds say), if
        any; -1 when none was due."""
        t0, t1, t2 = gc.get_threshold()
        c0, c1, c2 = gc.get_count()
        if not t0 or c0 <= t0:
            return -1
        generation = 2 if c2 > t2 and c1 > t1 else 1 if c1 > t1 else 0
        gc.collect(generation)
        return generation

    def stop(self) -> None:
        """The automatic collector back as it was (a test session's later tests)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


def install() -> MainThreadCollector | None:
    """The application's collector, made once (None without a QCoreApplication)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    current = app.findChild(MainThreadCollector)
    if current is not None:
        return current
    return MainThreadCollector(app)


def uninstall() -> None:
    app = QCoreApplication.instance()
    current = app.findChild(MainThreadCollector) if app is not None else None
    if current is not None:
        current.stop()
        current.setParent(None)
        current.deleteLater()
