"""Scanner status notes are translated: every `ctx.unavailable(` message a scanner can write
has an entry in desktop/texts/status_notes.py (found by parsing scanners/ with ast), the entries
have a Chinese translation, and the Scan screen shows it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from PySide6.QtCore import QThreadPool

from desktop.settings import gui_settings
from desktop.texts import i18n
from desktop.texts.status_notes import MESSAGES, note_text
from scanners.model import ScannerStatus

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")


def _template(node: ast.expr) -> str | None:
    """A message literal as the table spells it: a value inside an f-string is "{}"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            else:
                parts.append("{}")
        return "".join(parts)
    return None


def unavailable_messages() -> dict[str, str]:
    """template -> "file:line" of every ctx.unavailable(scanner, reason, message) call."""
    found: dict[str, str] = {}
    bad: list[str] = []
    for path in sorted((ROOT / "scanners").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "unavailable"):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            msg = node.args[2] if len(node.args) >= 3 else next(
                (k.value for k in node.keywords if k.arg == "message"), None)
            if msg is None:  # no message: the Scan screen shows the reason word alone
                continue
            template = _template(msg)
            if template is None:
                bad.append(f"{where}: the message is not a literal: {ast.unparse(msg)}")
            else:
                found[template] = where
    assert not bad, bad
    return found


def test_every_unavailable_message_in_the_scanners_has_an_entry():
    used = unavailable_messages()
    assert len(used) >= 25  # the parse found the scanners' calls
    missing = {t: w for t, w in used.items() if t not in MESSAGES}
    assert not missing, f"add these to desktop/texts/status_notes.py MESSAGES: {missing}"
    stale = sorted(set(MESSAGES) - set(used))
    assert not stale, f"no scanner writes these any more: {stale}"


def test_each_entry_has_its_values_and_a_chinese_translation(qtbot):
    from PySide6.QtCore import QCoreApplication

    i18n.install("zh_CN")
    try:
        for template, source in MESSAGES.items():
            holes = template.count("{}")
            assert [f"%{n}" in str(source) for n in range(1, holes + 1)] == [True] * holes, \
                template
            assert template.replace("{}", "%") == re.sub(r"%\d", "%", str(source))
            zh = QCoreApplication.translate("StatusNotes", str(source))
            assert CJK.search(zh), template
            assert all(f"%{n}" in zh for n in range(1, holes + 1)), (template, zh)
    finally:
        i18n.install("en")


def test_note_text_translates_fills_values_and_keeps_unknown_messages(qtbot):
    i18n.install("zh_CN")
    try:
        assert note_text("only your own processes were checked (not root)") == \
            "只检查了您自己的进程（非 root）"
        phone = "Pixel 7 (28291FDH2001K8)"
        text = note_text(f"{phone}: unlock the phone and accept the 'Allow USB debugging'"
                         " prompt, then scan again")
        assert text.startswith(phone + "：") and "USB 调试" in text
        # two values, each in its place; a value holding "%2" is not expanded again
        assert note_text("R58 %2 is offline: unplug and replug it, unlock it") == \
            "R58 %2 的状态为 offline：请拔下重新插入并解锁"
        assert note_text("a message no scanner writes") == "a message no scanner writes"
    finally:
        i18n.install("en")
    assert note_text("the phone ABC is not attached") == "the phone ABC is not attached"


def test_chinese_scan_screen_shows_translated_status_notes(qtbot):
    from desktop.main_window import MainWindow

    i18n.install("zh_CN")
    try:
        window = MainWindow(prefs=gui_settings.Prefs(language="zh_CN", first_run_done=True),
                            pool=QThreadPool())
        qtbot.addWidget(window)
        window._enter_app()
        view = window.scan_view
        statuses = [
            ScannerStatus("permissions.live", "ran", 2,
                          notes=[("permission-denied",
                                  "only your own processes were checked (not root)")]),
            ScannerStatus("stores.chromium", "not-applicable",
                          notes=[("not-present", "no Chromium-family browser profile found")]),
            ScannerStatus("permissions.snap", "not-applicable",
                          notes=[("not-installed", "a future message")]),
        ]
        view._show_statuses(("permissions.live", "stores.chromium", "permissions.snap"),
                            statuses, {}, final=True)
        m = view.scanners_table.model()
        notes = [m.text(r, 3) for r in range(m.rowCount())]
        assert "只检查了您自己的进程（非 root）" in notes[0]
        assert "only your own" not in notes[0]
        assert "未找到 Chromium 系浏览器的用户配置" in notes[1]
        assert "a future message" in notes[2]  # unknown: as the scanner wrote it
    finally:
        i18n.install("en")
