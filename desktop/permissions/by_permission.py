"""The Permissions screen's other view, as the platforms' own privacy dashboards show it:
per permission ("Camera", "Contacts", "Location") the apps that hold it, each marked built-in
or third-party, with where a repeated grant comes from (a browser profile, an Android work
profile, a Flatpak installation) and Revoke… in place. It shows the grants the matrix shows
(the same device, source and text filters: PermissionMatrix's cells)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from desktop.findings.sources import state_name
from desktop.permissions.permission_matrix import (
    PermissionMatrix,
    cell_state,
    permission_name,
    source_group_name,
)
from desktop.texts.fact_names import fact_word
from desktop.widgets.qt_compat import emit
from scanners.actions.revoke import first_revocable
from scanners.model import Finding

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls

# Sources whose apps are all installed by the user (the scanners read no system app there).
_THIRD_PARTY_SOURCES = frozenset({"android", "flatpak", "snap", "chromium-extension",
                                  "firefox-extension"})
# Detail keys that tell two grants of the same app and permission apart, in this order.
_ORIGIN_KEYS = ("profile", "user_name", "installation", "set_by", "database", "scope", "hive")
GrantsRole = Qt.ItemDataRole.UserRole + 11
PermRole = Qt.ItemDataRole.UserRole + 12  # a permission row's key ("camera")


def app_kind(g: Finding) -> str:
    """"built-in" (shipped with the browser or system, or set by policy), "third-party", or
    "" when the source does not say."""
    d = g.detail
    if d.get("builtin") == "yes" or d.get("installed_by") in ("browser", "policy"):
        return "built-in"
    if d.get("builtin") == "no" or d.get("source") in _THIRD_PARTY_SOURCES:
        return "third-party"
    return ""


def kind_name(kind: str) -> str:
    return {"built-in": translate("PermissionsView", "Built-in"),
            "third-party": translate("PermissionsView", "Third-party")}.get(kind, "—")


def origin(g: Finding) -> str:
    """Where this grant comes from: its source, and the profile/installation when known."""
    d = g.detail
    src = d.get("source", "")
    group = next((k for k in ("extensions",) if src.endswith("-extension")), src)
    parts = [source_group_name(group) or src]
    parts += [fact_word(str(d[k])) or str(d[k]) for k in _ORIGIN_KEYS if d.get(k)]
    return " · ".join(dict.fromkeys(p for p in parts if p))


class ByPermission(QTreeWidget):
    """Permission → apps. `revoke_requested` carries the grants of the row whose Revoke…
    was pressed; `grants_selected` those of the row selected."""

    revoke_requested = Signal(object)  # list[Finding]
    grants_selected = Signal(object)  # list[Finding]

    def __init__(self, model: PermissionMatrix, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix = model
        self.setColumnCount(5)
        self.setHeaderLabels([translate("PermissionsView", "Permission and app"),
                              translate("PermissionsView", "App kind"),
                              translate("PermissionsView", "State"),
                              translate("PermissionsView", "Granted through"), ""])
        self.setAccessibleName(translate("PermissionsView", "Apps by permission, as a list"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(False)
        self.setIndentation(self.fontMetrics().averageCharWidth() * 2)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        head = self.header()
        # never sideways: the app and "granted through" columns share what the others leave
        # and shorten their text with "…" (the whole text in the cell's tooltip)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        head.setStretchLastSection(False)
        head.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 6)
        for col in (0, 3):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 4):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.currentItemChanged.connect(self._current_changed)
        self.revoke_buttons: dict[tuple[str, str, str], QPushButton] = {}
        model.modelReset.connect(self.rebuild)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """When the app names and "Granted through" do not both fit, the names win: where a
        grant comes from is then in the row's tooltip and the detail pane only."""
        fm = self.fontMetrics()
        names = [c.text(0) for t in self.tops() for c in
                 (t.child(i) for i in range(t.childCount())) if c is not None]
        need = max((fm.horizontalAdvance(n) for n in names), default=0) + \
            self.indentation() * 2 + 16
        fixed = sum(max(self.sizeHintForColumn(c), self.header().sectionSizeHint(c))
                    for c in (1, 2, 4))
        narrow = self.viewport().width() - fixed - need < fm.averageCharWidth() * 12
        if self.isColumnHidden(3) != narrow:
            self.setColumnHidden(3, narrow)

    def rebuild(self) -> None:
        """One top row per permission (its apps counted), an app row per app holding it."""
        self.clear()
        self.revoke_buttons = {}
        m = self.matrix
        for col, perm in enumerate(m.perms):
            apps = [(m.apps[row], m.cell(row, col)) for row in range(len(m.apps))
                    if m.cell(row, col)]
            allowed = sum(1 for _, g in apps if cell_state(g)[0] != "denied")
            top = QTreeWidgetItem([
                translate("PermissionsView", "%1: %2 of %3 apps allowed")
                .replace("%1", permission_name(perm)).replace("%2", str(allowed))
                .replace("%3", str(len(apps)))])
            top.setToolTip(0, f"{top.text(0)} ({perm})")
            top.setData(0, PermRole, perm)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setData(0, GrantsRole, [])
            self.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # in a tree only: the whole row's width
            for key, grants in apps:
                self._app_row(top, key, perm, grants)
            top.setExpanded(True)
        self._fit_columns()

    def _app_row(self, top: QTreeWidgetItem, key: tuple[str, str], perm: str,
                 grants: Sequence[Finding]) -> None:
        state, broad = cell_state(grants)
        kinds = {app_kind(g) for g in grants} - {""}
        kind = kinds.pop() if len(kinds) == 1 else ""
        origins = [origin(g) for g in grants]
        # a grant repeated (two profiles, two installations) names where each one comes from
        through = "; ".join(dict.fromkeys(origins))
        item = QTreeWidgetItem(top, [
            self.matrix.app_names.get(key, key[1]), kind_name(kind),
            state_name(state) + (" · " + translate("PermissionsView", "broad") if broad else ""),
            through, ""])
        for col in (1, 2):
            item.setToolTip(col, item.text(col))
        item.setToolTip(0, f"{item.text(0)} ({key[1]})\n{through}")
        item.setToolTip(3, "\n".join(origins))
        item.setData(0, GrantsRole, list(grants))
        grant = first_revocable(grants)
        if grant is not None:
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(2, 0, 2, 0)
            btn = QPushButton(translate("PermissionsView", "Revoke…"))
            btn.setAccessibleName(translate("PermissionsView", "Revoke %1 from %2")
                                  .replace("%1", permission_name(perm))
                                  .replace("%2", self.matrix.app_names.get(key, key[1])))
            btn.clicked.connect(functools.partial(self._revoke, list(grants)))
            row.addWidget(btn)
            self.setItemWidget(item, 4, holder)
            self.revoke_buttons[(key[0], key[1], perm)] = btn

    def _revoke(self, grants: list[Finding]) -> None:
        emit(self.revoke_requested, grants)

    def _current_changed(self, cur: QTreeWidgetItem | None, _prev: object) -> None:
        grants = cur.data(0, GrantsRole) if cur is not None else []
        emit(self.grants_selected, list(grants or []))

    def tops(self) -> list[QTreeWidgetItem]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [t for t in items if t is not None]

    def permissions_shown(self) -> list[str]:
        return [str(t.data(0, PermRole)) for t in self.tops()]

    def app_items(self, perm: str) -> list[QTreeWidgetItem]:
        for top in self.tops():
            if top.data(0, PermRole) == perm:
                items = (top.child(j) for j in range(top.childCount()))
                return [c for c in items if c is not None]
        return []

    def apps_of(self, perm: str) -> list[str]:
        return [c.text(0) for c in self.app_items(perm)]
