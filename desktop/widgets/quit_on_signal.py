"""SIGTERM and SIGHUP end a window's process through its exit hooks (private copies removed,
the pool stopped) rather than where it stands: the main window and the presenter share it."""

from __future__ import annotations

import signal
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def quit_on_signal(app: QApplication, stop: Callable[[], None]) -> list[int]:
    """On SIGTERM/SIGHUP call `stop` (cancel a running scan) and quit the event loop. Returns
    the list the signal's number is put in.

    Python runs a handler only between bytecodes and Qt's loop runs none while idle: a
    timer wakes the interpreter four times a second so the handler runs promptly.
    """
    got: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        if not got:
            got.append(signum)
        stop()
        app.quit()

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, on_signal)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return got
