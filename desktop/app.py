"""Entry point of piaudit-gui: QApplication, translation, theme, excepthook, main window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:

    pass


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="piaudit-gui", description="piaudit desktop window")
    p.add_argument("--self-test", action="store_true",
                   help="build every screen, scan a synthetic folder, print OK and exit")
    p.add_argument("--lang", choices=("zh_CN", "en"), help="interface language")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--demo", metavar="DIR",
                   help="training: the presenter mode on the demo sandbox DIR (made when DIR "
                        "is missing or empty; never your own data)")
    p.add_argument("--seed", type=int, default=1, metavar="N",
                   help="with --demo: the seed of a sandbox made now")
    return p.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.version:
        from scanners import __version__

        print(f"piaudit-gui {__version__}")
        return 0
    if args.self_test:
        from desktop.self_test import run_self_test

        return run_self_test(args.lang or "en", demo=args.demo, seed=args.seed)
    if args.demo:
        from desktop.presenter.launch import run_presenter

        return run_presenter(args.demo, args.seed, args.lang)

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from desktop import crash
    from desktop.main_window import MainWindow, icon_path
    from desktop.settings import gui_settings
    from desktop.texts import i18n
    from desktop.widgets import theme
    from scanners.system import private_files

    private_files.sweep_stale()  # copies left by a run that was killed outright

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("piaudit")
    app.setApplicationDisplayName("piaudit")
    app.setDesktopFileName("piaudit")
    app.setWindowIcon(QIcon(icon_path()))
    crash.install()
    prefs = gui_settings.load()
    prefs.language = i18n.install(args.lang or prefs.language or i18n.system_language())
    theme.apply(app, prefs.theme)
    window = MainWindow(prefs=prefs)
    window.start_flow()
    window.show()
    from desktop.widgets.quit_on_signal import quit_on_signal

    stopped_by = quit_on_signal(app, window.cancel_scan)
    code = app.exec()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(5000)
    # the exit hooks then remove the run's private copies (scanners.system.private_files.cleanup)
    return 128 + stopped_by[0] if stopped_by else int(code)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
