"""The findings table: FindingsModel (rows) + FindingsFilter (chips, text, new-only).

Built for 100,000 rows: rows are plain Finding tuples, `data()` does no I/O, counts per
category and severity are kept as rows arrive, and sorting is done once in Python on the
source (a key per row) instead of by the proxy's n·log n calls back into `data()`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor

from desktop.findings.sources import section_name, section_of, source_of, store_label
from desktop.texts.labels import (
    SEVERITY_COLOURS,
    category_short,
    comma,
    pretty_path,
    severity_name,
)
from desktop.texts.rule_names import finding_summary, rule_title
from desktop.widgets.qt_compat import emit
from scanners.model import Category, Finding, Severity

SortRole = Qt.ItemDataRole.UserRole + 1
FindingRole = Qt.ItemDataRole.UserRole + 2
NewRole = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("category", "severity", "rule", "location", "preview", "confidence", "count")
COL = {name: i for i, name in enumerate(COLUMNS)}


def finding_key(f: Finding) -> tuple[str, str, str]:
    """Identity of a finding across audits: same value (fingerprint), rule and place."""
    return (f.rule, f.fingerprint, f.location)


class FindingsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Finding] = []
        self._new: list[bool] = []
        self._hay: list[str] = []
        self._texts: dict[int, tuple[str, ...]] = {}  # display strings of painted rows
        self.previous: set[tuple[str, str, str]] | None = None  # keys of the last audit
        self.by_category: Counter[str] = Counter()
        self.by_severity: Counter[int] = Counter()
        self.by_source: Counter[str] = Counter()
        self.new_count = 0
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._resort = QTimer(self)
        self._resort.setSingleShot(True)
        self._resort.setInterval(3000)  # while rows stream in, re-sort every few seconds
        self._resort.timeout.connect(self._apply_sort)

    # ---- rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def finding(self, row: int) -> Finding:
        return self._rows[row]

    def findings(self) -> Sequence[Finding]:
        return self._rows

    def is_new(self, row: int) -> bool:
        return self._new[row]

    def haystack(self, row: int) -> str:
        return self._hay[row]

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._new, self._hay = [], [], []
        self._texts.clear()
        self.by_category.clear()
        self.by_severity.clear()
        self.by_source.clear()
        self.new_count = 0
        self.endResetModel()

    def relabel(self) -> None:
        """The interface language changed: rebuild the display strings."""
        self._texts.clear()
        emit(self.headerDataChanged, Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            emit(self.dataChanged, self.index(0, 0),
                 self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def set_previous(self, keys: set[tuple[str, str, str]] | None) -> None:
        """Mark rows absent from the previous audit as new (None: no previous audit)."""
        self.previous = keys
        self._new = [self._is_new(f) for f in self._rows]
        self.new_count = sum(self._new)
        self._texts.clear()
        if self._rows:
            emit(self.dataChanged, self.index(0, 0), self.index(len(self._rows) - 1,
                                                               len(COLUMNS) - 1))

    def _is_new(self, f: Finding) -> bool:
        return self.previous is not None and finding_key(f) not in self.previous

    def add(self, findings: Iterable[Finding]) -> None:
        batch = list(findings)
        if not batch:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        for f in batch:
            self._rows.append(f)
            new = self._is_new(f)
            self._new.append(new)
            self.new_count += new
            self._hay.append(f"{f.rule}\n{f.location}\n{f.preview}\n{f.category}".casefold())
            self.by_category[str(f.category)] += 1
            self.by_severity[int(f.severity)] += 1
            self.by_source[source_of(f.scanner)] += 1
        self.endInsertRows()
        if self._sort is not None and not self._resort.isActive():
            self._resort.start()

    # ---- data

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        titles = (self.tr("Category"), self.tr("Severity"), self.tr("Rule"),
                  self.tr("Location"), self.tr("Masked value"), self.tr("Confidence"),
                  self.tr("Count"))
        return titles[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        f = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(index.row())
            if texts is None:  # built once per row on first paint, not once per cell
                texts = self._texts[index.row()] = tuple(
                    self._display(f, c, index.row()) for c in range(len(COLUMNS)))
            return texts[col]
        if role == SortRole:
            return self._sort_key(f, col)
        if role == FindingRole:
            return f
        if role == NewRole:
            return self._new[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and col == COL["location"]:
            return f.location
        if role == Qt.ItemDataRole.ToolTipRole and col == COL["rule"]:
            return f.rule
        if role == Qt.ItemDataRole.ForegroundRole and col == COL["severity"]:
            return QBrush(QColor(SEVERITY_COLOURS[f.severity]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL["confidence"], COL["count"]):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, f: Finding, col: int, row: int) -> str:
        if col == 0:
            name = category_short(f.category)
            return f"● {name}" if self._new[row] else name
        if col == 1:
            return severity_name(f.severity)
        if col == 2:
            return rule_title(f.rule)
        if col == 3:
            where = pretty_path(f.location)
            return where if f.line is None else f"{where}:{f.line}"
        if col == 4:
            return finding_summary(f)
        if col == 5:
            return f"{f.confidence:.0%}"
        return str(f.count)

    @staticmethod
    def _sort_key(f: Finding, col: int) -> Any:
        if col == 0:
            return str(f.category)
        if col == 1:
            return int(f.severity)
        if col == 2:
            return f.rule
        if col == 3:
            return (f.location, f.line or 0)
        if col == 4:
            return f.preview
        if col == 5:
            return f.confidence
        return f.count

    # ---- sorting (one Python sort; the proxy forwards here)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            self._sort = None
            return
        self._sort = (column, order)
        self._apply_sort()

    def _apply_sort(self) -> None:
        if self._sort is None or len(self._rows) < 2:
            return
        column, order = self._sort
        reverse = order == Qt.SortOrder.DescendingOrder
        # secondary key: severity (worst first), then the original order
        keyfn: Callable[[int], Any] = lambda i: (  # noqa: E731
            self._sort_key(self._rows[i], column), -int(self._rows[i].severity))
        perm = sorted(range(len(self._rows)), key=keyfn, reverse=reverse)
        emit(self.layoutAboutToBeChanged)
        old_persistent = self.persistentIndexList()
        where = [0] * len(perm)
        for new_row, old_row in enumerate(perm):
            where[old_row] = new_row
        self._rows = [self._rows[i] for i in perm]
        self._new = [self._new[i] for i in perm]
        self._hay = [self._hay[i] for i in perm]
        self._texts.clear()
        self.changePersistentIndexList(
            old_persistent,
            [self.index(where[i.row()], i.column()) for i in old_persistent],
        )
        emit(self.layoutChanged)


class FindingsFilter(QSortFilterProxyModel):
    """Filter chips (categories, severities), a text filter, new-only and one location."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.categories: set[str] = set()  # empty: all
        self.severities: set[int] = set()
        self.text = ""
        self.new_only = False
        self.location: str | None = None
        self.sources: set[str] = set()  # empty: all (files, browsers, permissions...)
        self.store: tuple[str, str] | None = None  # (section, store label) of one store
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(False)

    def source(self) -> FindingsModel:
        model = self.sourceModel()
        assert isinstance(model, FindingsModel)
        return model

    def set_categories(self, cats: Iterable[str]) -> None:
        self.categories = set(cats)
        self._refilter()

    def set_severities(self, sevs: Iterable[int]) -> None:
        self.severities = set(sevs)
        self._refilter()

    def set_text(self, text: str) -> None:
        self.text = text.strip().casefold()
        self._refilter()

    def set_new_only(self, on: bool) -> None:
        self.new_only = on
        self._refilter()

    def set_location(self, location: str | None) -> None:
        self.location = location
        self._refilter()

    def set_sources(self, sources: Iterable[str]) -> None:
        self.sources = set(sources)
        self._refilter()

    def set_store(self, store: tuple[str, str] | None) -> None:
        self.store = store
        self._refilter()

    def _refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def active(self) -> bool:
        return bool(self.categories or self.severities or self.text or self.new_only
                    or self.location or self.sources or self.store)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self.active():
            return True
        model = self.source()
        f = model.finding(source_row)
        if self.categories and str(f.category) not in self.categories:
            return False
        if self.severities and int(f.severity) not in self.severities:
            return False
        if self.new_only and not model.is_new(source_row):
            return False
        if self.location is not None and f.location != self.location:
            return False
        if self.sources and source_of(f.scanner) not in self.sources:
            return False
        if self.store is not None and (section_of(f.scanner), store_label(f)) != self.store:
            return False
        return not (self.text and self.text not in model.haystack(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts itself in one pass; this proxy keeps the source order.
        self.source().sort(column, order)


class _Grouping(QAbstractTableModel):
    """Findings of a FindingsModel grouped into rows, following it while `live` (on while
    the grouped view is shown; when off, nothing is done per batch and the grouping is
    rebuilt when it is shown again)."""

    def __init__(self, source: FindingsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._rows: list[list[Any]] = []
        self._where: dict[Any, int] = {}
        self.live = False

    def set_live(self, on: bool) -> None:
        if on == self.live:
            return
        self.live = on
        if on:
            self.source.rowsInserted.connect(self._inserted)
            self.source.modelReset.connect(self._rebuild)
            self._rebuild()
        else:
            self.source.rowsInserted.disconnect(self._inserted)
            self.source.modelReset.disconnect(self._rebuild)

    def _rebuild(self, *_args: object) -> None:
        self.beginResetModel()
        self._rows, self._where = [], {}
        for f in self.source.findings():
            self._absorb(f)
        self.endResetModel()

    def _absorb(self, f: Finding) -> object:
        raise NotImplementedError

    def _inserted(self, _parent: AnyIndex, first: int, last: int) -> None:
        raise NotImplementedError


class LocationsModel(_Grouping):
    """Findings grouped by location: count, worst severity, categories. Follows the source."""

    def __init__(self, source: FindingsModel, parent: QObject | None = None) -> None:
        super().__init__(source, parent)
        # rows: [location, count, worst severity, set of categories]
        self.set_live(True)

    def _inserted(self, _parent: AnyIndex, first: int, last: int) -> None:
        # One insert and one change notification per batch, not one per finding.
        before = len(self._rows)
        fresh: list[list[Any]] = []
        changed: list[int] = []
        for row in range(first, last + 1):
            f = self.source.finding(row)
            at = self._where.get(f.location)
            if at is None:
                self._where[f.location] = before + len(fresh)
                fresh.append([f.location, f.count, f.severity, {str(f.category)}])
            elif at >= before:  # new in this very batch
                self._merge(fresh[at - before], f)
            else:
                self._merge(self._rows[at], f)
                changed.append(at)
        if fresh:
            self.beginInsertRows(QModelIndex(), before, before + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
        if changed:
            emit(self.dataChanged, self.index(min(changed), 0), self.index(max(changed), 3))

    @staticmethod
    def _merge(entry: list[Any], f: Finding) -> None:
        entry[1] += f.count
        entry[2] = max(entry[2], f.severity)
        entry[3].add(str(f.category))

    def _absorb(self, f: Finding) -> None:
        at = self._where.get(f.location)
        if at is None:
            self._where[f.location] = len(self._rows)
            self._rows.append([f.location, f.count, f.severity, {str(f.category)}])
        else:
            self._merge(self._rows[at], f)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def location(self, row: int) -> str:
        return str(self._rows[row][0])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Location"), self.tr("Findings"), self.tr("Worst"),
                  self.tr("Categories"))
        return titles[section] if 0 <= section < 4 else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        loc, count, worst, cats = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return pretty_path(loc)
            if col == 1:
                return str(count)
            if col == 2:
                return severity_name(worst)
            return comma().join(category_short(Category(c)) for c in sorted(cats))
        if role == Qt.ItemDataRole.DisplayRole:
            return None
        if role == SortRole:
            return (loc, count, int(worst), ",".join(sorted(cats)))[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return loc
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return QBrush(QColor(SEVERITY_COLOURS[Severity(worst)]))
        return None


class StoresModel(_Grouping):
    """Store and permission findings grouped by store: section, store, parts, records,
    worst severity, protection. Built from the batches as they arrive (inventories are few),
    and only while the grouping is shown."""

    # rows: [section, label, parts, records, worst severity, set of protections]

    def _absorb(self, f: Finding) -> bool:
        section = section_of(f.scanner)
        if section in ("files", "permissions") or not f.scanner.startswith("stores."):
            return False
        key = (section, store_label(f))
        at = self._where.get(key)
        if at is None:
            self._where[key] = len(self._rows)
            self._rows.append([section, key[1], 0, 0, f.severity, set()])
            at = len(self._rows) - 1
        entry = self._rows[at]
        entry[2] += 1
        entry[3] += f.count
        entry[4] = max(entry[4], f.severity)
        if f.detail.get("protection"):
            entry[5].add(f.detail["protection"])
        return True

    def _inserted(self, _parent: AnyIndex, first: int, last: int) -> None:
        batch = [self.source.finding(r) for r in range(first, last + 1)]
        if not any(f.scanner.startswith("stores.") for f in batch):
            return
        self.beginResetModel()  # a handful of stores: a reset is cheaper than bookkeeping
        for f in batch:
            self._absorb(f)
        self.endResetModel()

    def store(self, row: int) -> tuple[str, str]:
        return str(self._rows[row][0]), str(self._rows[row][1])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Section"), self.tr("Store"), self.tr("Parts"), self.tr("Records"),
                  self.tr("Worst"), self.tr("Protection"))
        return titles[section] if 0 <= section < 6 else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        section, label, parts, records, worst, prot = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            from desktop.findings.sources import protection_word

            return (section_name(section), label, str(parts), f"{records:,}",
                    severity_name(worst),
                    comma().join(protection_word(p) for p in sorted(prot)))[col]
        if role == SortRole:
            return (section, label, parts, records, int(worst), ",".join(sorted(prot)))[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            return QBrush(QColor(SEVERITY_COLOURS[Severity(worst)]))
        return None
