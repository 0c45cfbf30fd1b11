"""The Findings screen: filter chips, text filter, table (or grouped by location), detail."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.findings.bulk_dialog import BulkFixDialog
from desktop.findings.bulk_plan import plan_items
from desktop.findings.detail_pane import DetailPane
from desktop.findings.findings_model import (
    COL,
    FindingsFilter,
    FindingsModel,
    LocationsModel,
    SortRole,
    StoresModel,
)
from desktop.findings.sources import SOURCES, source_name
from desktop.texts.labels import category_short, severity_name
from desktop.widgets.fitted_columns import FittedColumns
from desktop.widgets.flow_layout import FlowLayout
from desktop.widgets.qt_compat import emit
from scanners.model import Category, Finding, Severity


def _chip(text: str) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setCheckable(True)
    b.setObjectName("chip")
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return b


class FindingsTable(QTableView):
    """A QTableView that paints while holding the GIL.

    Painting asks the Python model for ~8 roles per visible cell. Entered from the event loop
    in C++, each of those calls must win the GIL back from the scan thread (up to the switch
    interval each: a repaint took ~100 ms during a scan). Overriding paintEvent in Python
    takes the GIL once; the C++ paint then calls into the model without waiting.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)


class HoldingDelegate(QStyledItemDelegate):
    """Paints a cell in one call into Python (see FindingsTable): the roles it reads then
    re-enter the model without giving the GIL up between them."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)


def _set_chip(chip: QToolButton, text: str, visible: bool) -> None:
    if chip.text() != text:
        chip.setText(text)
    if chip.isHidden() == visible:
        chip.setVisible(visible)


class FindingsView(QWidget):
    def __init__(self, model: FindingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(model)
        self.locations = LocationsModel(model, self)
        self.stores = StoresModel(model, self)
        top = self._build_filter_bar()
        chip_box = self._build_chips()
        self._build_findings_table()
        self.loc_table, self.loc_proxy = self._group_table(self.locations, self.tr("Locations"))
        self.loc_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.loc_table.selectionModel().selectionChanged.connect(self._location_selected)
        self.locations.set_live(False)  # grouped only while shown
        self.store_table, self.store_proxy = self._group_table(self.stores, self.tr("Stores"))
        sth = self.store_table.horizontalHeader()
        sth.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sth.setStretchLastSection(True)  # the protection words take what is left
        self.store_table.verticalHeader().setDefaultSectionSize(
            self.store_table.fontMetrics().height() + 10)
        self.store_table.setWordWrap(False)
        self.store_table.selectionModel().selectionChanged.connect(self._store_selected)
        self.detail = DetailPane()
        self.detail.setMinimumHeight(160)

        # the grouped locations above the findings, the detail of the selected one below
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.loc_table)
        split.addWidget(self.store_table)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(2, 3)
        split.setStretchFactor(3, 2)
        split.setSizes([160, 160, 380, 250])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addLayout(top)
        lay.addWidget(chip_box)
        lay.addLayout(self._build_bulk_row())
        lay.addWidget(split, 1)
        self.bulk_note = ""  # why the last bulk fix could not open
        self._watch_counts()

    # ---- building

    def _build_filter_bar(self) -> QHBoxLayout:
        """The text filter, New since last audit, the two groupings, the count."""
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by rule, location or masked value"
                                               " (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Text filter"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(lambda: self.proxy.set_text(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.new_only = QCheckBox(self.tr("New since last audit"))
        self.new_only.toggled.connect(self.proxy.set_new_only)
        self.grouped = QCheckBox(self.tr("Group by location"))
        self.grouped.toggled.connect(self._toggle_grouped)
        self.by_store = QCheckBox(self.tr("Group by store"))
        self.by_store.setToolTip(self.tr("Browsers, address books, credential files and"
                                         " messaging apps: one row per store"))
        self.by_store.toggled.connect(self._toggle_by_store)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Shown findings"))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_only)
        top.addWidget(self.grouped)
        top.addWidget(self.by_store)
        top.addWidget(self.count_label)
        return top

    def _filter_chip(self, text: str, accessible: str) -> QToolButton:
        b = _chip(text)
        b.setAccessibleName(accessible.replace("%1", text))
        b.toggled.connect(self._chips_changed)
        return b

    def _build_chips(self) -> QWidget:
        """A chip per category, severity and source (the sources with findings only)."""
        chips = FlowLayout(spacing=6)
        self.cat_chips: dict[str, QToolButton] = {}
        for cat in Category:
            b = self._filter_chip(category_short(cat), self.tr("Show only category %1"))
            self.cat_chips[str(cat)] = b
            chips.addWidget(b)
        self.sev_chips: dict[int, QToolButton] = {}
        for sev in sorted(Severity, reverse=True):
            b = self._filter_chip(severity_name(sev), self.tr("Show only severity %1"))
            b.setObjectName("sevChip")
            self.sev_chips[int(sev)] = b
            chips.addWidget(b)
        # where a finding comes from: files, a browser's store, an app permission...
        self.src_chips: dict[str, QToolButton] = {}
        for src in SOURCES:
            b = self._filter_chip(source_name(src), self.tr("Show only source %1"))
            b.setVisible(False)
            self.src_chips[src] = b
            chips.addWidget(b)
        self.clear_chips = QToolButton()
        self.clear_chips.setText(self.tr("Clear filters"))
        self.clear_chips.clicked.connect(self.clear_filters)
        chips.addWidget(self.clear_chips)
        chip_box = QWidget()
        chip_box.setLayout(chips)
        return chip_box

    def _build_findings_table(self) -> None:
        self.table = FindingsTable()
        self.table.setItemDelegate(HoldingDelegate(self.table))
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Findings"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # many rows (Shift, Ctrl) for "Fix selected"; the detail shows the current one
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(COL["location"], QHeaderView.ResizeMode.Stretch)
        # a narrow window hides confidence, count, then the preview (all in the detail
        # pane) rather than scrolling the table sideways
        widths = {"category": 110, "severity": 80, "rule": 190, "preview": 170,
                  "confidence": 80, "count": 60}
        self.columns_fit = FittedColumns(
            self.table, {COL[c]: w for c, w in widths.items()}, COL["location"],
            [COL["confidence"], COL["count"], COL["preview"]])
        self.table.selectionModel().selectionChanged.connect(self._selected)

    def _build_bulk_row(self) -> QHBoxLayout:
        """Fix the selected findings, or every shown one, after a preview of each file."""
        self.fix_selected_btn = QPushButton(self.tr("Fix selected…"))
        self.fix_selected_btn.setToolTip(self.tr("Preview and fix the files of the selected"
                                                 " findings (Shift or Ctrl selects many)"))
        self.fix_selected_btn.setEnabled(False)
        self.fix_selected_btn.clicked.connect(lambda: self.open_bulk(selected_only=True))
        self.fix_all_btn = QPushButton(self.tr("Fix all safe items…"))
        self.fix_all_btn.setToolTip(self.tr("Preview reversible fixes (make private, move to"
                                            " the vault) for every shown finding"))
        self.fix_all_btn.clicked.connect(lambda: self.open_bulk(selected_only=False))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.fix_selected_btn)
        row.addWidget(self.fix_all_btn)
        return row

    def selected_findings(self) -> list[Finding]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.finding(self.proxy.mapToSource(r).row()) for r in rows]

    def shown_findings(self) -> list[Finding]:
        return [self.model.finding(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in range(self.proxy.rowCount())]

    def bulk_dialog(self, selected_only: bool) -> BulkFixDialog | None:
        """The preview of a bulk fix (not shown); None with a message when it cannot run."""
        ledger, scan_id, facts = (self.detail.context() if self.detail.context is not None
                                  else (None, None, {}))
        found = self.selected_findings() if selected_only else self.shown_findings()
        items = plan_items(found, facts)
        if ledger is None or scan_id is None:
            self.bulk_note = self.tr("Actions need the audit log: unlock it and scan again.")
            return None
        if not items:
            self.bulk_note = self.tr("None of these findings is in a file that can be fixed"
                                     " here: browser stores and app permissions are fixed"
                                     " in their own settings (see the advice).")
            return None
        dialog = BulkFixDialog(items, ledger, scan_id, self)
        dialog.finished_run.connect(
            lambda text: emit(self.detail.acted, "bulk", "", text))
        return dialog

    def open_bulk(self, selected_only: bool) -> None:
        dialog = self.bulk_dialog(selected_only)
        if dialog is None:
            QMessageBox.information(self, self.tr("Fix safe items"), self.bulk_note)
            return
        dialog.exec()
        dialog.deleteLater()

    def _group_table(self, source: QAbstractItemModel, name: str
                     ) -> tuple[QTableView, QSortFilterProxyModel]:
        """A grouping's table (locations, stores), hidden until its box is ticked; sorted
        on request only: a live re-sort asks every row for its key on each batch."""
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(source)
        proxy.setSortRole(SortRole)
        proxy.setDynamicSortFilter(False)
        table = QTableView()
        table.setModel(proxy)
        table.setAccessibleName(name)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.hide()
        return table, proxy

    def _watch_counts(self) -> None:
        """The count and the chips follow the findings, a quarter second behind at most."""
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(250)
        self._count_timer.timeout.connect(self.refresh_counts)
        self.model.rowsInserted.connect(self._counts_later)
        self.model.modelReset.connect(self.refresh_counts)
        for sig in (self.proxy.rowsInserted, self.proxy.layoutChanged, self.proxy.modelReset,
                    self.proxy.rowsRemoved):
            sig.connect(self._counts_later)
        self.refresh_counts()

    # ---- filters

    def _chips_changed(self) -> None:
        self.proxy.categories = {c for c, b in self.cat_chips.items() if b.isChecked()}
        self.proxy.set_severities(s for s, b in self.sev_chips.items() if b.isChecked())
        self.proxy.set_sources(s for s, b in self.src_chips.items() if b.isChecked())

    def show_category(self, category: str) -> None:
        """Filter to one category (the dashboard's bars and cards open this)."""
        for c, b in self.cat_chips.items():
            b.blockSignals(True)
            b.setChecked(c == category)
            b.blockSignals(False)
        self._chips_changed()

    def clear_filters(self) -> None:
        for b in [*self.cat_chips.values(), *self.sev_chips.values(),
                  *self.src_chips.values()]:
            b.blockSignals(True)
            b.setChecked(False)
            b.blockSignals(False)
        self.search.clear()
        self.new_only.setChecked(False)
        self.proxy.set_text("")
        self.proxy.set_location(None)
        self.proxy.set_store(None)
        self._chips_changed()

    def show_source(self, source: str) -> None:
        """Filter to one source (files, browsers, address books...)."""
        for c, b in self.src_chips.items():
            b.blockSignals(True)
            b.setChecked(c == source)
            b.blockSignals(False)
        self._chips_changed()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh_counts()
        super().showEvent(event)

    def _counts_later(self, *_args: object) -> None:
        self._count_timer.start()

    def refresh_counts(self) -> None:
        # Only touch what changed: a chip whose text or visibility changes re-lays out the
        # chips, and anything more would repaint the table (hundreds of calls into Python).
        m = self.model
        for cat, b in self.cat_chips.items():
            n = m.by_category.get(cat, 0)
            _set_chip(b, f"{category_short(Category(cat))} {n}", n > 0 or b.isChecked())
        for sev, b in self.sev_chips.items():
            n = m.by_severity.get(sev, 0)
            _set_chip(b, f"{severity_name(Severity(sev))} {n}", n > 0 or b.isChecked())
        # source chips only when findings come from more than files (or one is checked)
        several = sum(1 for n in m.by_source.values() if n) > 1
        for src, b in self.src_chips.items():
            n = m.by_source.get(src, 0)
            # the Permissions category chip already says it: no second "Permissions n"
            on = several and n > 0 and src != "permissions"
            _set_chip(b, f"{source_name(src)} {n}", on or b.isChecked())
        text = self.tr("New since last audit (%1)").replace("%1", str(m.new_count))
        if self.new_only.text() != text:
            self.new_only.setText(text)
        self.new_only.setEnabled(m.previous is not None)
        shown = self.tr("%1 of %2 shown").replace(
            "%1", f"{self.proxy.rowCount():,}").replace("%2", f"{m.rowCount():,}")
        if self.count_label.text() != shown:
            self.count_label.setText(shown)

    # ---- selection

    def _selected(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        n = len(rows)
        self.fix_selected_btn.setEnabled(n > 0)
        self.fix_selected_btn.setText(self.tr("Fix selected (%1)…").replace("%1", str(n))
                                      if n > 1 else self.tr("Fix selected…"))
        if not rows:
            self.detail.show_finding(None)
            return
        current = self.table.currentIndex()
        if current.isValid() and self.table.selectionModel().isRowSelected(current.row()):
            rows = [current]
        src = self.proxy.mapToSource(rows[0])
        self.detail.show_finding(self.model.finding(src.row()))

    def select_row(self, row: int) -> None:
        """Show row `row` alone selected. Not QTableView.selectRow, which reads the keyboard's
        modifiers: with Ctrl down (or a modifier state Qt still holds from a shortcut) it
        toggles the row, and showing an already selected finding unselected it."""
        idx = self.proxy.index(row, 0)
        if idx.isValid():
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
            self.table.selectionModel().setCurrentIndex(idx, flags)
            self.table.scrollTo(idx)

    def _toggle_grouped(self, on: bool) -> None:
        if on and self.by_store.isChecked():
            self.by_store.setChecked(False)
        self.locations.set_live(on)
        self.loc_table.setVisible(on)
        if not on:
            self.proxy.set_location(None)

    def _toggle_by_store(self, on: bool) -> None:
        if on and self.grouped.isChecked():
            self.grouped.setChecked(False)
        self.stores.set_live(on)
        self.store_table.setVisible(on)
        if on:
            self.store_proxy.sort(0, Qt.SortOrder.AscendingOrder)
            self.store_table.horizontalHeader().setSortIndicator(0,
                                                                 Qt.SortOrder.AscendingOrder)
        else:
            self.proxy.set_store(None)

    def _store_selected(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.store_table.selectionModel().selectedRows()
        if not rows:
            self.proxy.set_store(None)
            return
        src: QModelIndex = self.store_proxy.mapToSource(rows[0])
        self.proxy.set_store(self.stores.store(src.row()))

    def _location_selected(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.loc_table.selectionModel().selectedRows()
        if not rows:
            self.proxy.set_location(None)
            return
        src: QModelIndex = self.loc_proxy.mapToSource(rows[0])
        self.proxy.set_location(self.locations.location(src.row()))

