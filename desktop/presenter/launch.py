"""`piaudit-gui --demo DIR [--seed N]`: the sandbox (made when DIR is missing or empty),
its environment for the whole run, and the presenter window.

While the presenter runs, every folder piaudit uses is the sandbox's
(scanners.demo.session.inside: home, data, log, cache, the desktop's settings file, system
root, tools, no keyring): the user's own log, cache and settings are neither read nor
written. Only the interface language is read from the user's settings, before.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from scanners.demo.sandbox import DemoError, Sandbox, create, open_sandbox

if TYPE_CHECKING:

    pass


def prepare(root: Path, seed: int = 1, scenario: str = "home") -> tuple[Sandbox, bool]:
    """The sandbox in `root`, created when `root` is missing or empty. (box, created)"""
    root = Path(root).absolute()
    if not root.exists() or (root.is_dir() and not any(root.iterdir())):
        return create(root, seed, scenario), True
    return open_sandbox(root), False


def run_presenter(root: str, seed: int, language: str | None) -> int:
    from PySide6.QtCore import Qt, QThreadPool
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop.presenter.window import PresenterWindow
    from desktop.settings import gui_settings
    from desktop.texts import i18n
    from desktop.widgets import theme
    from scanners.demo.session import inside

    try:
        box, created = prepare(Path(root), seed)
    except (DemoError, OSError) as exc:
        print(f"piaudit-gui: {exc}", file=sys.stderr)
        return 2
    if created:
        print(f"piaudit-gui: demo sandbox created in {box.root} (seed {seed}): synthetic "
              "data only", file=sys.stderr)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("piaudit")
    lang = language or gui_settings.load().language or i18n.system_language()  # read only
    with inside(box):
        lang = i18n.install(lang)
        theme.apply(app, "light")  # a projector shows light pages best
        window = PresenterWindow(box, lang)
        window.show()
        from desktop.widgets.quit_on_signal import quit_on_signal

        stopped_by = quit_on_signal(app, window.cancel_scan)
        code = app.exec()
        window.flow.cancel()
        QThreadPool.globalInstance().waitForDone(10_000)
    return 128 + stopped_by[0] if stopped_by else int(code)


def run_through(window: object, timeout_s: float,
                on_step: Callable[[str], None] | None = None) -> None:
    """Press "next" the way a presenter would, waiting on every step that works (the scans,
    the fixes), until the last step shows its results. `on_step(step)` is called once per
    step when it has its results (before moving on). RuntimeError with the reason when a
    step fails or the time runs out."""
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.presenter.window import PresenterWindow

    assert isinstance(window, PresenterWindow)
    deadline = time.monotonic() + timeout_s
    seen: set[str] = set()
    while True:
        if window.flow.error:
            raise RuntimeError(window.flow.error)
        if time.monotonic() > deadline:
            raise RuntimeError(f"step {window.step} did not end within {timeout_s:.0f} s")
        if not window.flow.busy:
            if window.page.ready():
                if window.step not in seen:
                    seen.add(window.step)
                    if on_step is not None:
                        on_step(window.step)
                if window.index == len(window.pages) - 1:
                    return
            window.next()  # the next step, or this step's action (the fixes)
            if window.page.ready() or window.flow.busy:
                continue
        loop = QEventLoop()
        window.flow.busy_changed.connect(loop.quit)
        QTimer.singleShot(100, loop.quit)
        loop.exec()
        window.flow.busy_changed.disconnect(loop.quit)
