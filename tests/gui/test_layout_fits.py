"""Screens that fit: the Dashboard, the Scan screen, the finding detail pane and the
Permissions screen, at the window's default size and at its minimum, in English and in
Chinese, after a real scan (with the store and permission findings the screenshots show).

Measured, not looked at: no sideways scroll bar and no content wider than its scroll area;
every one-line label as wide as its text (or shortened with "…" and the whole text in its
tooltip); every wrapped label as tall as its wrapped text; no button narrower or lower than
its text; no two visible widgets side by side in a layout overlapping."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QWidget,
)

from desktop.main_window import DEFAULT_SIZE, MIN_SIZE, MainWindow
from desktop.widgets.elided_label import ElidedLabel
from synth.demo_inventory import grant_findings, store_findings
from tests.gui.factories import scanned_window

PAGES = ("dashboard", "scan", "findings", "permissions")


@pytest.fixture
def long_folder(fixture_folder: Path) -> Path:
    """The fixture's files deep under long folder names: long paths in every screen."""
    deep = fixture_folder / "客户资料与合同备份-2026年度-第四季度" / "a-rather-long-folder-name-for-exports"
    deep.mkdir(parents=True)
    (deep / "customers.txt").write_bytes((fixture_folder / "customers.txt").read_bytes())
    return fixture_folder


def _window(qtbot, folder: Path, language: str) -> MainWindow:
    window = scanned_window(qtbot, folder, language)
    window.controller.model.add(store_findings() + grant_findings())
    window.refresh_all()
    return window


def _settle(qtbot, window: MainWindow, size: QSize) -> None:
    window.resize(size)
    for _ in range(3):  # wrapped labels change their height once their width is known
        QApplication.processEvents()
        qtbot.wait(20)
    assert window.size() == size


def _visible(root: QWidget, kind: type) -> Iterator:
    for w in root.findChildren(kind):
        if w.isVisible() and w.width() > 0:
            yield w


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""
    return f"{type(w).__name__} {w.objectName()!r} {text[:60]!r}"


def _problems(root: QWidget, scroll_areas: list[QAbstractScrollArea]) -> list[str]:
    out = []
    for area in scroll_areas:
        if not area.isVisible():
            continue
        if area.horizontalScrollBar().isVisible():
            out.append(f"sideways scroll bar: {_name(area)}")
        if isinstance(area, QScrollArea) and area.widget() is not None:
            inner = area.widget()
            if inner.width() > area.viewport().width() + 1:
                out.append(f"content {inner.width()} wider than {area.viewport().width()}: "
                           f"{_name(area)}")
    for label in _visible(root, QLabel):
        if isinstance(label, ElidedLabel):
            if label.is_elided() and label.toolTip() != label.full_text():
                out.append(f"shortened without its text in a tooltip: {_name(label)}")
        elif not label.text():
            continue
        elif label.wordWrap():
            need = label.heightForWidth(label.width())
            if need > label.height() + 1:
                out.append(f"wrapped text cut ({label.height()} < {need}): {_name(label)}")
        elif label.width() + 1 < label.minimumSizeHint().width():
            out.append(f"text cut ({label.width()} < {label.minimumSizeHint().width()}): "
                       f"{_name(label)}")
    for button in _visible(root, QAbstractButton):
        hint = button.minimumSizeHint()
        if button.width() + 1 < hint.width() or button.height() + 1 < hint.height():
            out.append(f"button {button.width()}x{button.height()} smaller than its text "
                       f"{hint.width()}x{hint.height()}: {_name(button)}")
    for parent in [root, *root.findChildren(QWidget)]:
        if type(parent) not in (QWidget, QFrame, QGroupBox) or parent.layout() is None:
            continue
        kids = [c for c in parent.children() if isinstance(c, QWidget) and c.isVisible()
                and parent.layout().indexOf(c) >= 0]
        for a, b in combinations(kids, 2):
            both = a.geometry().intersected(b.geometry())
            if both.width() > 1 and both.height() > 1:
                out.append(f"overlap: {_name(a)} {a.geometry()} and {_name(b)} {b.geometry()}")
    return out


def _tree_names_cut(tree) -> list[str]:
    """App names in the per-permission list wider than their column (shown as "…")."""
    fm = tree.fontMetrics()
    out = []
    for top in tree.tops():
        for item in (top.child(i) for i in range(top.childCount())):
            room = tree.columnWidth(0) - tree.indentation() * 2
            need = fm.horizontalAdvance(item.text(0)) + 8
            if need > room:
                out.append(f"app name cut ({room} < {need}): {item.text(0)!r}")
    return out


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_screens_fit_at_the_default_and_the_minimum_size(qtbot, long_folder: Path,
                                                        language: str):
    window = _window(qtbot, long_folder, language)
    assert window.minimumSize() == MIN_SIZE
    pv = window.permissions_view
    areas: dict[str, list[QAbstractScrollArea]] = {
        "dashboard": [window.dashboard], "scan": [window.scan_view.page_scroll],
        "findings": [window.findings_view.detail, window.findings_view.table],
        "permissions": [pv.detail_area, pv.by_permission],
    }
    roots = {"dashboard": window.dashboard, "scan": window.scan_view,
             "findings": window.findings_view.detail, "permissions": pv}
    checked: dict[str, int] = {}
    problems: list[str] = []
    for size in (DEFAULT_SIZE, MIN_SIZE):
        for page in PAGES:
            window.go(page)
            if page == "findings":
                window.findings_view.select_row(0)
            if page == "permissions":
                pv.views.setCurrentWidget(pv.by_permission)
                items = pv.by_permission.app_items("camera")
                pv.by_permission.setCurrentItem(items[0])
            _settle(qtbot, window, size)
            found = _problems(roots[page], areas[page])
            if page == "permissions":
                found += _tree_names_cut(pv.by_permission)
            problems += [f"{language} {size.width()}x{size.height()} {page}: {p}"
                         for p in found]
            checked[page] = len(list(_visible(roots[page], QLabel)))
    assert not problems, "\n".join(problems)
    # the checks saw the screens filled: the area rows, the top risks, the grants
    assert all(n >= 5 for n in checked.values()), checked
    assert window.dashboard.area_buttons  # at least one area needs action (Show)


def test_the_scan_screen_drops_empty_figures_after_done(qtbot, fixture_folder: Path):
    window = _window(qtbot, fixture_folder, "en")
    sv = window.scan_view
    heads = {w: h for w, h in sv.figure_heads.items()}
    # after Done nothing is being scanned and no time is left: neither label stays
    assert not sv.current.isVisible() and not heads[sv.current].isVisible()
    assert not sv.eta.isVisible() and not heads[sv.eta].isVisible()
    # what was found stays, with its name
    assert sv.found.isVisible() and heads[sv.found].isVisible() and sv.found.text()


def test_the_band_word_is_said_once(qtbot, fixture_folder: Path):
    """The gauge draws the number only; the band's mark and word are the label under it."""
    window = _window(qtbot, fixture_folder, "en")
    window.go("dashboard")
    d = window.dashboard
    word = d.gauge.band.word
    shown = [w.text() for w in _visible(d, QLabel) if word in w.text()]
    assert len(shown) == 1 and d.meaning.text() in shown
    assert d.gauge.band.symbol in d.meaning.text()


def test_a_long_path_is_shortened_with_its_whole_text_in_the_tooltip(qtbot):
    label = ElidedLabel("/home/someone/" + "very-long-folder/" * 10 + "customers.csv",
                        elide=Qt.TextElideMode.ElideLeft)
    qtbot.addWidget(label)
    label.set_tip("own tip")
    label.resize(200, 20)
    label.show()
    assert label.is_elided()
    assert label.shown_text().startswith("…") and label.shown_text().endswith("customers.csv")
    assert label.toolTip() == label.full_text() and label.text() == label.full_text()
    label.resize(label.sizeHint().width() + 10, 20)
    assert not label.is_elided() and label.toolTip() == "own tip"


def test_one_permissions_chip(qtbot, fixture_folder: Path):
    """Permission grants are one category and one source: one chip says so, not two."""
    window = _window(qtbot, fixture_folder, "en")
    window.go("findings")
    fv = window.findings_view
    fv.refresh_counts()
    chips = [b.text() for b in [*fv.cat_chips.values(), *fv.src_chips.values()]
             if b.isVisible()]
    assert len([t for t in chips if t.startswith("Permissions")]) == 1, chips
    assert any(t.startswith("Browsers") for t in chips)  # the other sources still have theirs
