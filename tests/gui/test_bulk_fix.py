"""Bulk fixing with a preview, actions on container files, and feedback that names the file.

A real scan of synthetic files (a text file, a workbook, an archive) in a real window with
a real audit log; the actions change real files and History undoes them.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from desktop import services
from desktop.findings import action_words
from desktop.findings.bulk_plan import plan_items
from desktop.main_window import MainWindow
from desktop.texts import i18n
from synth.formats import write_xlsx, write_zip
from synth.people import Factory
from tests.gui.factories import scanned_window

# what must never reach a sentence of the window: fingerprints, vault ids, CLI hints
MACHINE = re.compile(r"[0-9a-f]{12,}|piaudit (undo|vault)|#\d+")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    people = [Factory(seed=7).person() for _ in range(1)] + [
        Factory(seed=s).person() for s in (8, 9, 10, 11)]
    docs = tmp_path / "资料"
    docs.mkdir()
    rows = [["姓名", "身份证号", "手机"]] + [[p.name, p.resident_id, p.mobile] for p in people]
    write_xlsx(docs / "会员名单.xlsx", {"会员": rows})
    write_zip(docs / "资料备份.zip", {"客户.csv": "\n".join(
        f"{p.name},{p.resident_id},{p.mobile}" for p in people)})
    (docs / "customers.txt").write_text("\n".join(
        f"姓名: {p.name} 身份证号: {p.resident_id}" for p in people[:2]), encoding="utf-8")
    for f in docs.iterdir():
        os.chmod(f, 0o644)
    return docs


def _window(qtbot, folder: Path) -> MainWindow:
    return scanned_window(qtbot, folder, by_keys=True)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_container_findings_offer_the_file_and_the_top_item_has_an_action(
        qtbot, monkeypatch, folder: Path):
    window = _window(qtbot, folder)
    model = window.controller.model
    members = [model.finding(r) for r in range(model.rowCount()) if model.finding(r).member]
    assert {Path(str(f.file)).name for f in members} >= {"会员名单.xlsx", "资料备份.zip"}
    for f in members:
        assert services.actions_for(f) == ["restrict", "vault", "delete", "accept"]
    # every "Fix these first" item opens the finding with a matching action on its file
    from PySide6.QtWidgets import QPushButton

    shows = [b for b in window.dashboard.findChildren(QPushButton)
             if b.accessibleName().startswith("Act on risk")]
    assert shows
    for b in shows:
        b.click()
        f = window.findings_view.detail.finding
        assert f is not None
        titles = {x.text() for x in window.findings_view.detail._dynamic}
        assert {"Make private", "Move to vault"} <= titles, f.location
    # the workbook's sheet: "Move to vault" moves the workbook itself
    sheet = next(f for f in members if str(f.file).endswith(".xlsx"))
    window.show_finding(sheet)
    fv = window.findings_view
    assert fv.detail.finding == sheet
    asked: list[str] = []
    monkeypatch.setattr(fv.detail, "confirm",
                        lambda kind, text, warnings: asked.append(text) or True)
    buttons = {b.text(): b for b in fv.detail._dynamic}
    assert "whole file" in buttons["Move to vault"].toolTip()
    said: list[str] = []
    fv.detail.acted.connect(lambda _k, _l, text: said.append(text))
    buttons["Move to vault"].click()
    book = folder / "会员名单.xlsx"
    assert not book.exists()
    assert "“会员名单.xlsx”" in asked[0] and "whole file" in asked[0]
    assert said == ["“会员名单.xlsx” was moved to the vault. Restore it in History."]
    assert "会员名单.xlsx" in fv.detail.done_label.text()
    assert str(book) in fv.detail.done_label.toolTip()
    for text in (*asked, *said, fv.detail.done_label.text(),
                 window.statusBar().currentMessage()):
        assert not MACHINE.search(text), text
    # History restores it, naming the file
    window.go("history")
    av = window.history_view.actions_view
    av.refresh()
    assert "会员名单.xlsx" in av.vault.model().text(0, 0)
    questions: list[str] = []
    monkeypatch.setattr(av, "confirm", lambda title, text: questions.append(text) or True)
    av.vault.selectRow(0)
    assert av.restore_file()
    assert book.exists()
    assert questions == ["Decrypt “会员名单.xlsx” and put it back where it was?"]
    assert av.result.text() == "✓ “会员名单.xlsx” is back where it was."
    for text in (*questions, av.result.text()):
        assert not MACHINE.search(text), text


def test_bulk_preview_lists_each_file_runs_and_history_undoes(qtbot, monkeypatch,
                                                              folder: Path):
    window = _window(qtbot, folder)
    fv = window.findings_view
    window.go("findings")
    dialog = fv.bulk_dialog(selected_only=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    names = [dialog.text(r, 0) for r in range(dialog.model.rowCount())]
    # one row per file, containers named by their file; all reversible and ticked
    assert sorted(names) == sorted(["会员名单.xlsx", "资料备份.zip", "customers.txt"])
    assert [i.kind for i in dialog.items] == ["restrict"] * 3
    assert all(i.checked for i in dialog.items)
    assert {dialog.text(r, 3) for r in range(3)} == {"Undo in History"}
    assert dialog.tip(0, 0).endswith(dialog.items[0].path.split("/")[-1])
    assert dialog.apply_btn.text() == "Apply to 3 files"
    # opt out of the archive; choose delete for the text file: said, and asked once more
    zip_row = names.index("资料备份.zip")
    txt_row = names.index("customers.txt")
    dialog.set_checked(zip_row, False)
    dialog.set_kind(txt_row, "delete")
    assert dialog.text(txt_row, 3) == "Cannot be undone"
    assert dialog.text(txt_row, 1) == str(folder)
    assert "1 file will be deleted for good" in dialog.warning.text()
    assert dialog.apply_btn.text() == "Apply to 2 files"
    monkeypatch.setattr(dialog, "confirm_final", lambda items: False)
    assert not dialog.apply()  # refused: nothing changed
    assert (folder / "customers.txt").exists() and _mode(folder / "会员名单.xlsx") == 0o644
    dialog.set_kind(txt_row, "vault")
    said: list[str] = []
    dialog.finished_run.connect(said.append)
    assert dialog.apply()
    assert _mode(folder / "会员名单.xlsx") == 0o600
    assert _mode(folder / "资料备份.zip") == 0o644  # opted out
    assert not (folder / "customers.txt").exists()
    results = [dialog.text(r, 5) for r in range(3)]
    assert results[names.index("会员名单.xlsx")] == "✓ Now private"
    book_row = names.index("会员名单.xlsx")
    assert dialog.tip(book_row, 5).startswith(
        "“会员名单.xlsx” is now private to you. Undo it in History if needed.")
    assert results[zip_row] == ""
    assert said == ["2 files changed. Undo any of them in History."]
    assert window.statusBar().currentMessage() == said[0]
    for text in (*results, *said):
        assert not MACHINE.search(text), text
    kinds = [a["kind"] for a in window.session.ledger.actions()]
    assert sorted(kinds) == ["restrict", "vault"]
    # undo both through History
    av = window.history_view.actions_view
    av.refresh()
    monkeypatch.setattr(av, "confirm", lambda title, text: True)
    for _ in range(2):
        row = next(r for r in range(av.past.model().rowCount())
                   if av.past.model().text(r, 4) == "done"
                   and av.past.model().text(r, 2) in ("Make private", "Move to vault"))
        av.past.selectRow(row)
        assert av.undo_action(), av.result.text()
        assert not MACHINE.search(av.result.text())
    assert _mode(folder / "会员名单.xlsx") == 0o644
    assert (folder / "customers.txt").exists()


def test_bulk_stop_and_a_changed_file_per_row(qtbot, folder: Path):
    window = _window(qtbot, folder)
    fv = window.findings_view
    fv.table.selectAll()
    assert fv.fix_selected_btn.isEnabled() and "(" in fv.fix_selected_btn.text()
    dialog = fv.bulk_dialog(selected_only=True)
    assert dialog is not None
    qtbot.addWidget(dialog)
    # a file changed after the scan is refused in its row; the others still run
    changed = next(i for i in dialog.items if i.path.endswith("customers.txt"))
    Path(changed.path).write_text("edited since the scan\n", encoding="utf-8")
    os.chmod(changed.path, 0o644)
    assert dialog.apply()
    assert changed.done is False and "not as the audit saw it" in changed.result
    row = dialog.items.index(changed)
    assert dialog.text(row, 5) == "✕ Not done: changed since the audit"
    assert _mode(Path(changed.path)) == 0o644
    assert sum(1 for i in dialog.items if i.done) == 2
    assert "1 could not be changed" in dialog.summary.text()
    # Stop pressed while the first file runs: the rest is not done, each row says so
    for i in plan_items(window.findings_view.shown_findings()):
        os.chmod(i.path, 0o644)
    d2 = fv.bulk_dialog(selected_only=False)
    assert d2 is not None
    qtbot.addWidget(d2)
    orig = d2._run_one

    def run_then_stop(run, item):
        orig(run, item)
        d2.stop_btn.click()

    d2._run_one = run_then_stop  # type: ignore[method-assign]
    assert d2.apply()
    assert sum(1 for i in d2.items if i.done is not None) == 1
    stopped = [i for i in d2.items if i.done is None]
    assert len(stopped) == 2 and all(i.result == "Not done: stopped" for i in stopped)
    assert "Stopped before the end." in d2.summary.text()


def test_words_in_chinese(qtbot):
    i18n.install("zh_CN")
    try:
        text = action_words.outcome_text("vault", "/home/u/资料/会员名单.xlsx")
        assert "会员名单.xlsx" in text and "History" not in text
        assert "“会员名单.xlsx”" in action_words.plan_text("restrict", "/x/会员名单.xlsx")
        # Chinese sentences follow each other without a space; English ones with one
        assert action_words.sentences("已更改 1 个文件。", "可在“历史”中撤销。") == (
            "已更改 1 个文件。可在“历史”中撤销。")
        assert action_words.done_word("vault") != "In the vault"
    finally:
        i18n.install("en")
    assert action_words.sentences("1 file changed.", "Undo it.") == "1 file changed. Undo it."


def test_plan_items_bytes_path_and_private_file(tmp_path: Path):
    from scanners.model import Category, Finding, Severity

    raw = tmp_path / os.fsdecode(b"bad\xffname.txt")
    raw.write_text("x", encoding="utf-8")
    os.chmod(raw, 0o600)
    f = Finding(scanner="content", rule="identity.cn_resident_id", category=Category.IDENTITY,
                severity=Severity.HIGH, location=str(raw), preview="1101**", fingerprint="ab" * 16,
                confidence=0.9,
                file=str(raw))
    (item,) = plan_items([f])
    # already private and in no exposed place: listed, proposed vault, not ticked
    assert item.private and item.kind == "vault" and not item.checked
    assert "\\xff" in action_words.file_name(item.path)
