"""The Permissions screen's matrix: apps of one device × the permission keys present, each
cell the grants of that app and permission; the names of permissions and sources in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QTableView

from desktop.findings.sources import state_name
from desktop.permissions.phone_audit import THIS_COMPUTER
from desktop.widgets.qt_compat import emit
from scanners.model import Category, Finding

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls
AnyIndex = QModelIndex | QPersistentModelIndex
GrantsRole = Qt.ItemDataRole.UserRole + 10
# Source filter entries: a group name -> the `source` values of the grants it shows.
SOURCE_GROUPS: dict[str, tuple[str, ...]] = {
    "flatpak": ("flatpak",), "snap": ("snap",),
    "extensions": ("chromium-extension", "firefox-extension"), "tcc": ("tcc",),
    "windows": ("windows",), "android": ("android",), "live": ("live",),
}
# Cell markers: a shape per state (never colour alone), "!" when the grant is broad.
MARKS = {"allowed": "●", "in-use": "◉", "denied": "○"}
COLOURS = {  # (background, foreground)
    "broad": ("#fde2e1", "#b91c1c"), "in-use": ("#fde2e1", "#b91c1c"),
    "allowed": ("#fff4d6", "#8a5300"), "denied": ("#eef0f2", "#6b7280"),
}


def permission_name(key: str) -> str:
    """A normalised permission key (resources/permissions.toml) in words."""
    names = {
        "contacts": translate("Permissions", "Contacts"),
        "location": translate("Permissions", "Location"),
        "camera": translate("Permissions", "Camera"),
        "microphone": translate("Permissions", "Microphone"),
        "sms": translate("Permissions", "SMS"),
        "call_log": translate("Permissions", "Call log"),
        "call-log": translate("Permissions", "Call log"),
        "phone": translate("Permissions", "Phone"),
        "calendar": translate("Permissions", "Calendar"),
        "files": translate("Permissions", "Files"),
        "storage": translate("Permissions", "Storage"),
        "photos": translate("Permissions", "Photos"),
        "media": translate("Permissions", "Photos and media"),
        "filesystem-home": translate("Permissions", "Home folder"),
        "filesystem-host": translate("Permissions", "Whole disk"),
        "all-sites": translate("Permissions", "All websites"),
        "screen": translate("Permissions", "Screen recording"),
        "notifications": translate("Permissions", "Notifications"),
        "accessibility": translate("Permissions", "Accessibility"),
        "bluetooth": translate("Permissions", "Bluetooth"),
        "network": translate("Permissions", "Network"),
        "devices-all": translate("Permissions", "All devices"),
        "sensors": translate("Permissions", "Body sensors"),
        "health": translate("Permissions", "Health data"),
        "history": translate("Permissions", "Browsing history"),
        "clipboard": translate("Permissions", "Clipboard"),
        "input-monitoring": translate("Permissions", "Input monitoring"),
        "device-admin": translate("Permissions", "Device administrator"),
        "usage-stats": translate("Permissions", "App usage"),
    }
    return names.get(key) or key.replace("-", " ").replace("_", " ")


def source_group_name(key: str) -> str:
    names = {
        "": translate("Permissions", "All sources"), "flatpak": "Flatpak", "snap": "Snap",
        "extensions": translate("Permissions", "Browser extensions"),
        "tcc": translate("Permissions", "macOS privacy settings"),
        "windows": translate("Permissions", "Windows privacy settings"),
        "android": translate("Permissions", "Android"),
        "live": translate("Permissions", "In use now (camera, microphone)"),
    }
    return names.get(key, key)


def device_name(device: str, named: str = "") -> str:
    if device == THIS_COMPUTER:
        return translate("Permissions", "This computer")
    return named if named and named != device else device


def cell_state(grants: Sequence[Finding]) -> tuple[str, bool]:
    """The cell's state (the strongest of its grants) and whether a live grant is broad."""
    states = {g.detail.get("state", "allowed") for g in grants}
    state = "in-use" if "in-use" in states else "allowed" if "allowed" in states else "denied"
    broad = any(g.detail.get("broad") == "yes" and g.detail.get("state") != "denied"
                for g in grants)
    return state, broad


class PermissionMatrix(QAbstractTableModel):
    """Rows: apps of one device; columns: the permission keys present; a cell: the grants."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.grants: list[Finding] = []
        self.device = THIS_COMPUTER
        self.source = ""  # a SOURCE_GROUPS key, "" = all
        self.text = ""  # permission filter
        self.apps: list[tuple[str, str]] = []  # (source, app id)
        self.app_names: dict[tuple[str, str], str] = {}
        self.perms: list[str] = []
        self.cells: dict[tuple[int, int], list[Finding]] = {}

    # ---- input and filters

    def set_findings(self, findings: Iterable[Finding]) -> None:
        self.grants = [f for f in findings
                       if f.category == Category.PERMISSION and f.detail.get("permission")]
        devices = self.devices()
        if self.device not in devices and devices:
            self.device = devices[0]
        self.rebuild()

    def devices(self) -> list[str]:
        """Devices with grants: this computer first, then each phone."""
        seen = dict.fromkeys(g.detail.get("device", THIS_COMPUTER) for g in self.grants)
        return sorted(seen, key=lambda d: (d != THIS_COMPUTER, d))

    def device_label(self, device: str) -> str:
        named = next((g.detail.get("device_name", "") for g in self.grants
                      if g.detail.get("device", THIS_COMPUTER) == device), "")
        return device_name(device, named)

    def sources(self) -> list[str]:
        """Source groups with grants on the current device."""
        have = {g.detail.get("source", "") for g in self.grants
                if g.detail.get("device", THIS_COMPUTER) == self.device}
        return [k for k, members in SOURCE_GROUPS.items() if have & set(members)]

    def set_device(self, device: str) -> None:
        self.device = device
        self.rebuild()

    def set_source(self, source: str) -> None:
        self.source = source
        self.rebuild()

    def set_text(self, text: str) -> None:
        self.text = text.strip().casefold()
        self.rebuild()

    def _keeps(self, g: Finding) -> bool:
        d = g.detail
        if d.get("device", THIS_COMPUTER) != self.device:
            return False
        if self.source and d.get("source", "") not in SOURCE_GROUPS.get(self.source, ()):
            return False
        if self.text:
            perm = d.get("permission", "")
            hay = f"{perm}\n{permission_name(perm)}\n{d.get('raw', '')}".casefold()
            return self.text in hay
        return True

    def rebuild(self) -> None:
        kept = [g for g in self.grants if self._keeps(g)]
        apps: dict[tuple[str, str], str] = {}
        for g in kept:
            key = (g.detail.get("source", ""), g.detail.get("app", g.location))
            apps.setdefault(key, g.detail.get("app_name") or key[1])
        # the same name from two sources (Telegram as flatpak and snap) says which is which
        names = list(apps.values())
        for key, name in apps.items():
            if names.count(name) > 1:
                apps[key] = f"{name} ({key[0]})"
        order = sorted(apps, key=lambda k: (apps[k].casefold(), k))
        perms = sorted({g.detail["permission"] for g in kept},
                       key=lambda p: permission_name(p).casefold())
        row_of = {k: i for i, k in enumerate(order)}
        col_of = {p: i for i, p in enumerate(perms)}
        cells: dict[tuple[int, int], list[Finding]] = {}
        for g in kept:
            key = (g.detail.get("source", ""), g.detail.get("app", g.location))
            cells.setdefault((row_of[key], col_of[g.detail["permission"]]), []).append(g)
        self.beginResetModel()
        self.apps, self.app_names, self.perms, self.cells = order, apps, perms, cells
        self.endResetModel()

    # ---- model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.apps)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.perms)

    def cell(self, row: int, col: int) -> list[Finding]:
        return self.cells.get((row, col), [])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.perms):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return permission_name(self.perms[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.perms[section]
            return None
        if not 0 <= section < len(self.apps):
            return None
        key = self.apps[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.app_names[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{key[1]} ({source_group_name(_group_of(key[0])) or key[0]})"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        grants = self.cells.get((index.row(), index.column()))
        if role == GrantsRole:
            return grants or []
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if not grants:
                return self.tr("not requested")
            state, broad = cell_state(grants)
            return state_name(state) + (", " + self.tr("broad") if broad else "")
        if not grants:
            return None
        state, broad = cell_state(grants)
        if role == Qt.ItemDataRole.DisplayRole:
            return MARKS[state] + (" !" if broad else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            bg, fg = COLOURS["broad" if broad else state]
            return QBrush(QColor(bg if role == Qt.ItemDataRole.BackgroundRole else fg))
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = []
            for g in grants:
                d = g.detail
                line = f"{d.get('raw', d.get('permission', ''))}: {state_name(d.get('state', ''))}"
                if d.get("broad") == "yes":
                    line += " · " + self.tr("broad")
                if d.get("last_used"):
                    line += " · " + self.tr("last used %1").replace("%1", d["last_used"])
                lines.append(line)
            return "\n".join(lines)
        return None


def _group_of(source: str) -> str:
    return next((k for k, members in SOURCE_GROUPS.items() if source in members), source)


class MatrixTable(QTableView):
    """Arrow keys move between cells (QTableView); Enter opens the cell's detail."""

    open_detail = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.currentIndex().isValid():
            emit(self.open_detail, self.currentIndex())
            return
        super().keyPressEvent(event)
