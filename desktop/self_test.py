"""`piaudit-gui --self-test`: the packaged smoke test (offscreen is fine).

Builds every screen in a throw-away data folder, scans a synthetic folder holding a valid
test ID number and phone number, and checks that findings arrived. Prints one line.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SAMPLE = "姓名: 张三\n身份证号: 11010519491231002X\n手机: 13812345678\n"


def run_self_test(language: str = "en", timeout_ms: int = 120_000) -> int:
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
        i18n.install(language)
        theme.apply(app, "light")
        prefs = gui_settings.Prefs(language=language, first_run_done=True)
        window = MainWindow(prefs=prefs)
        window.session.create("self-test passphrase", use_keyring=False)
        window._enter_app()
        window.show()
        for page in PAGES:
            window.go(page)
            app.processEvents()
        loop = QEventLoop()
        outcome: list[object] = []
        def done(result: object) -> None:
            outcome.append(result)
            loop.quit()

        window.controller.finished.connect(done)
        window.controller.failed.connect(done)
        QTimer.singleShot(timeout_ms, loop.quit)
        window.controller.start(ScanRequest(roots=(str(folder),), jobs=1))
        loop.exec()
        window.close()
        window.session.close()
        if not outcome or isinstance(outcome[0], str):
            print(f"piaudit-gui self-test FAILED: {outcome[0] if outcome else 'timeout'}")
            return 1
        found = window.controller.model.rowCount()
        if found < 2:
            print(f"piaudit-gui self-test FAILED: {found} finding(s), expected 2 or more")
            return 1
        print(f"piaudit-gui self-test OK: {len(PAGES)} screens, {found} findings")
        return 0
