"""Every visible string is translated: the .ts covers the code, and a zh_CN window shows no
untranslated English."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from desktop.main_window import PAGES, MainWindow
from desktop.settings import gui_settings
from desktop.texts import i18n

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402

TS = ROOT / "resources" / "i18n" / "piaudit_zh_CN.ts"
CJK = re.compile(r"[\u3400-\u9fff]")
# Text that is the same in every language: product and format names, numbers, paths, codes.
NEUTRAL = re.compile(r"^(|[\d\s.,:/%·–\-–—#+()✓✕!?…]*|piaudit.*|English|简体中文|HTML|PDF|CSV|JSON"
                     r"|JSON Lines|SARIF( 2.1.0)?|OCSF|/.*|[a-z]+\.[a-z0-9_.]+|[A-Z]:\\.*)$")


def test_ts_is_complete():
    assert i18n_tool.missing(TS) == []


def test_ts_covers_every_string_in_the_code(tmp_path: Path):
    tool = i18n_tool._tool("pyside6-lupdate")
    assert tool is not None, "pyside6-lupdate ships with PySide6-Essentials: reinstall the venv"
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    out = subprocess.run([tool, *i18n_tool.sources(), "-no-obsolete", "-locations", "none",
                          "-ts", str(fresh)], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert "0 new" in out.stdout, out.stdout
    assert i18n_tool.missing(fresh) == [], "run: python tools/i18n.py update"


def _visible_texts(root: QWidget) -> list[tuple[str, str]]:
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        texts: list[str] = []
        if isinstance(w, QLabel):
            texts.append(re.sub(r"<[^>]+>", "", w.text()))
        elif isinstance(w, QAbstractButton | QGroupBox):
            texts.append(w.text() if isinstance(w, QAbstractButton) else w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        texts.append(w.toolTip())
        texts.append(w.accessibleName())
        for t in texts:
            t = t.replace("&", "").strip()
            if t and not CJK.search(t) and not NEUTRAL.match(t):
                found.append((type(w).__name__, t))
    return found


def test_chinese_window_has_no_untranslated_text(qtbot, fixture_folder: Path):
    i18n.install("zh_CN")
    window = MainWindow(prefs=gui_settings.Prefs(language="zh_CN", first_run_done=False),
                        pool=QThreadPool())
    qtbot.addWidget(window)
    window.start_flow()
    window.show()
    bad = _visible_texts(window.first_run)
    window.session.create("a long passphrase", use_keyring=False)
    window._enter_app()
    window.prefs.jobs = 1
    window.scan_view.set_custom_folders([str(fixture_folder)])
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        window.scan_view.start_scan()
    window.findings_view.select_row(0)
    for page in PAGES:
        window.go(page)
        bad += _visible_texts(window.pages.currentWidget())
    window.root.setCurrentWidget(window.unlock_page)
    bad += _visible_texts(window.unlock_page)
    # header titles of every table model
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    for view in window.findChildren(QTableView):
        model = view.model()
        for c in range(model.columnCount()):
            t = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            if t and not CJK.search(t):
                bad.append(("header", t))
    assert not bad, sorted(set(bad))


def test_the_document_an_mrz_is_from_is_said_in_chinese(qtbot):
    """validators/mrz.py's "type" (passport, id_card, visa, travel_document) is a word of
    the interface, not an English token in a Chinese detail pane."""
    from desktop.texts import i18n
    from desktop.texts.fact_names import fact_value

    try:
        i18n.install("zh_CN")
        assert [fact_value("type", t) for t in ("passport", "id_card", "visa",
                                                "travel_document")] == [
            "护照", "身份证件", "签证", "旅行证件"]
    finally:
        i18n.install("en")
    assert fact_value("type", "id_card") == "identity card"
