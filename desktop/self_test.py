"""`piaudit-gui --self-test`: the packaged smoke test (offscreen is fine).

Builds every screen in a throw-away data folder, scans a synthetic folder holding a valid
test ID number and phone number, and checks that findings arrived. Prints one line.

It never waits for a person: the window runs unattended (no modal dialog of its own), a
watchdog closes any dialog that opens all the same and fails the test with its text, an
exception in a slot fails it too, and a timeout ends it. Every failure prints
"piaudit-gui self-test FAILED: <reason>" and exits 1.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

SAMPLE = "姓名: 张三\n身份证号: 11011319491231002X\n手机: 13812345678\n"
WATCH_MS = 100


class SelfTestFailed(Exception):
    """One sentence: why the self-test failed."""


def run_self_test(language: str = "en", timeout_ms: int = 120_000, demo: str | None = None,
                  seed: int = 1) -> int:
    if demo:
        return _report_demo(demo, seed, language, timeout_ms)
    try:
        found, screens = _run(language, timeout_ms)
    except SelfTestFailed as exc:
        print(f"piaudit-gui self-test FAILED: {exc}", flush=True)
        return 1
    except Exception as exc:  # the test's own steps: a reason, never a hang or a traceback
        reason = traceback.format_exception_only(type(exc), exc)[-1].strip()
        print(f"piaudit-gui self-test FAILED: {reason}", flush=True)
        return 1
    print(f"piaudit-gui self-test OK: {screens} screens, {found} findings", flush=True)
    return 0


def _run(language: str, timeout_ms: int) -> tuple[int, int]:
    with tempfile.TemporaryDirectory(prefix="piaudit-selftest-") as tmp:
        base = Path(tmp)
        os.environ["PIAUDIT_DATA_DIR"] = str(base / "data")
        os.environ["PIAUDIT_GUI_SETTINGS"] = str(base / "gui.ini")
        os.environ["PIAUDIT_KEYRING"] = "0"
        folder = base / "sample"
        folder.mkdir()
        (folder / "contacts.txt").write_text(SAMPLE, encoding="utf-8")
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from desktop.main_window import PAGES, MainWindow
        from desktop.scan.worker import ScanRequest
        from desktop.settings import gui_settings
        from desktop.texts import i18n
        from desktop.widgets import theme

        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        loop = QEventLoop()
        problems: list[str] = []
        outcome: list[object] = []

        def fail(reason: str) -> None:
            problems.append(reason)
            loop.quit()

        with _no_modal_dialogs(fail), _slot_errors(fail):
            i18n.install(language)
            theme.apply(app, "light")
            prefs = gui_settings.Prefs(language=language, first_run_done=True)
            window = MainWindow(prefs=prefs)
            window.unattended = True
            try:
                window.session.create("self-test passphrase", use_keyring=False)
                window._enter_app()
                window.show()
                for page in PAGES:
                    window.go(page)
                    app.processEvents()
                _raise_first(problems)

                def done(result: object) -> None:
                    outcome.append(result)
                    loop.quit()

                window.controller.finished.connect(done)
                window.controller.failed.connect(done)
                QTimer.singleShot(timeout_ms, lambda: fail(f"timeout after {timeout_ms // 1000} s"))
                if not window.controller.start(ScanRequest(roots=(str(folder),), jobs=1)):
                    raise SelfTestFailed("the scan did not start")
                loop.exec()
            finally:
                window.close()
                window.session.close()
            _raise_first(problems)
        if not outcome:
            raise SelfTestFailed("the scan ended without a result")
        if isinstance(outcome[0], str):
            raise SelfTestFailed(f"the scan failed: {outcome[0]}")
        found = window.controller.model.rowCount()
        if found < 2:
            raise SelfTestFailed(f"{found} finding(s), expected 2 or more")
        return found, len(PAGES)


def _report_demo(demo: str, seed: int, language: str, timeout_ms: int) -> int:
    """`--demo DIR --self-test`: the presenter's whole flow, unattended (the sandbox made when
    DIR is missing or empty)."""
    try:
        line = _run_demo(Path(demo), seed, language, timeout_ms)
    except Exception as exc:  # SelfTestFailed, or a step's own error: one line either way
        reason = str(exc) if isinstance(exc, SelfTestFailed) else \
            traceback.format_exception_only(type(exc), exc)[-1].strip()
        print(f"piaudit-gui self-test FAILED: {reason}", flush=True)
        return 1
    print(f"piaudit-gui self-test OK: {line}", flush=True)
    return 0


def _run_demo(root: Path, seed: int, language: str, timeout_ms: int) -> str:
    from PySide6.QtWidgets import QApplication

    from desktop.presenter.launch import prepare, run_through
    from desktop.presenter.window import PresenterWindow
    from desktop.texts import i18n
    from desktop.widgets import theme
    from scanners.demo.cast import cast
    from scanners.demo.session import inside

    box, _ = prepare(root, seed)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    problems: list[str] = []
    with inside(box), _no_modal_dialogs(problems.append), _slot_errors(problems.append):
        i18n.install(language)
        theme.apply(app, "light")
        window = PresenterWindow(box, language)
        window.show()
        try:
            run_through(window, timeout_ms / 1000)
            _raise_first(problems)
            handout = window.export_handout().read_text(encoding="utf-8")
        finally:
            window.close()
    flow = window.flow
    assert flow.before is not None and flow.after is not None
    before, after = flow.before.score.value, flow.after.score.value
    if after >= before:
        raise SelfTestFailed(f"the score did not fall ({before} -> {after})")
    linked = len(flow.linked(flow.people_before))
    if not linked:
        raise SelfTestFailed("the attacker's view linked nobody")
    people = cast(int(str(box.marker().get("seed", seed))))
    for p in [*people.people, *people.customers]:
        if any(v in handout for v in (p.resident_id, p.mobile, p.card, p.card_spaced)):
            raise SelfTestFailed("the handout shows a full value")
    done = sum(1 for r in flow.results if r.done)
    return (f"demo score {before} -> {after}, {linked} people linked, "
            f"{done}/{len(flow.results)} fixes, handout {len(handout)} characters")


def _raise_first(problems: list[str]) -> None:
    if problems:
        raise SelfTestFailed(problems[0])


@contextmanager
def _no_modal_dialogs(fail: Callable[[str], None]) -> Iterator[None]:
    """A dialog waits for a click that never comes: close it, and fail with its words.

    A timer runs inside a modal dialog's own event loop too, so this catches dialogs opened
    from anywhere (a static QMessageBox.warning, a QDialog.exec, a file chooser)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    def check() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        words = widget.windowTitle()
        if isinstance(widget, QMessageBox):
            words = f"{words}: {widget.text()}" if words else widget.text()
        fail(f"a dialog opened ({words or type(widget).__name__})")
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(WATCH_MS)
    try:
        yield
    finally:
        timer.stop()


@contextmanager
def _slot_errors(fail: Callable[[str], None]) -> Iterator[None]:
    """An exception in a slot would only be printed by Qt: it fails the self-test."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        fail("unexpected error: " + traceback.format_exception_only(kind, value)[-1].strip())

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous
