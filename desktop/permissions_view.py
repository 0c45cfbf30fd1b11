"""Permissions: for each device, apps × permissions as a matrix, filled by the permission
scanners; a grant's detail, and its revoke step (run only after the user confirms)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import category_name
from desktop.phone_audit import THIS_COMPUTER, PhoneListJob, phone_label
from desktop.qt_compat import emit
from desktop.sources import state_name
from scanners.model import Category, Finding
from scanners.revoke import (
    REVOKE_TIMEOUT,
    RevokeResult,
    command_text,
    first_revocable,
    record_revoke,
    revocable_argv,
    run_revoke,
)

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


# ---------------------------------------------------------------------------- revoking


class RevokeSignals(QObject):
    done = Signal(object)  # RevokeResult


class RevokeJob(QRunnable):
    """Runs one confirmed revoke command off the GUI thread: no shell, a time limit."""

    def __init__(self, argv: Sequence[str], timeout: float = REVOKE_TIMEOUT) -> None:
        super().__init__()
        self.argv = tuple(argv)
        self.timeout = timeout
        self.signals = RevokeSignals()

    def run(self) -> None:
        emit(self.signals.done, run_revoke(self.argv, self.timeout))


# ---------------------------------------------------------------------------- the screen


class PermissionsView(QWidget):
    # (location, outcome sentence) after a revoke command ran
    revoked = Signal(str, str)
    scan_phone = Signal(str)  # the serial of the phone the user picked

    def __init__(self, parent: QWidget | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.model = PermissionMatrix(self)
        # (ledger, scan id, access facts) of the audit shown; set by the window
        self.context: Callable[[], tuple[Any, int | None, dict[str, Any]]] | None = None
        # the logged audit a grant came from (each phone has its own); set by the window
        self.grant_scan: Callable[[Finding], int | None] | None = None
        # why a phone cannot be read now (another scan runs), "" when it can; set by the window
        self.busy: Callable[[], str] | None = None
        self.selected: list[Finding] = []
        self.job: RevokeJob | None = None
        self.phone_job: PhoneListJob | None = None  # the running `adb devices`, if any
        self.last_result: RevokeResult | None = None
        title = QLabel(self.tr("Permissions"))
        title.setObjectName("pageTitle")
        self.empty = QLabel(self.tr(
            "No app permissions have been read yet. Run a scan with the permission scanners"
            " (Flatpak, Snap, browser extensions, an attached Android phone...) to fill this"
            " matrix; the file scan alone does not read permissions."))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("emptyState")

        self.device = QComboBox()
        self.device.setAccessibleName(self.tr("Device"))
        self.device.currentIndexChanged.connect(self._device_changed)
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("Source"))
        self.source.currentIndexChanged.connect(self._source_changed)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter permissions (Ctrl+F)"))
        self.filter.setAccessibleName(self.tr("Permission filter"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_text)
        self.legend = QLabel(self.tr("● allowed   ◉ in use now   ○ denied   ! broad grant"))
        self.legend.setObjectName("muted")
        bar = QHBoxLayout()
        for text, w in ((self.tr("Device"), self.device), (self.tr("Source"), self.source)):
            head = QLabel(text)
            head.setObjectName("fieldName")
            bar.addWidget(head)
            bar.addWidget(w)
        bar.addWidget(self.filter, 1)
        self.controls = QWidget()
        self.controls.setLayout(bar)
        bar.setContentsMargins(0, 0, 0, 0)

        self.table = MatrixTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Apps by permission"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(96)
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 14)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentChanged.connect(lambda cur, _prev: self.show_cell(cur))
        self.table.open_detail.connect(self.open_detail)
        self.table.clicked.connect(self.show_cell)

        # -- the detail of the selected cell
        self.detail_title = QLabel()
        self.detail_title.setObjectName("detailTitle")
        self.detail_title.setWordWrap(True)
        self.detail = QLabel(self.tr("Select a cell to see the grant and how to revoke it."))
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.revoke_btn = QPushButton(self.tr("Revoke…"))
        self.revoke_btn.setToolTip(self.tr("Shows the exact command and runs it only after"
                                           " you confirm"))
        self.revoke_btn.clicked.connect(self.revoke)
        self.revoke_btn.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("resultLine")
        body = QWidget()
        dl = QVBoxLayout(body)
        dl.setContentsMargins(12, 4, 12, 4)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail)
        dl.addWidget(self.revoke_btn, 0, Qt.AlignmentFlag.AlignLeft)
        dl.addWidget(self.outcome)
        dl.addStretch(1)
        self.detail_area = QScrollArea()
        self.detail_area.setWidgetResizable(True)
        self.detail_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail_area.setWidget(body)
        self.detail_area.setAccessibleName(self.tr("Grant details"))
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.table)
        self.split.addWidget(self.detail_area)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([600, 360])

        self.phone_btn = QPushButton(self.tr("Scan phone…"))
        self.phone_btn.setToolTip(self.tr("Read the app permissions of an Android phone"
                                          " attached by USB (read-only, through adb)"))
        self.phone_btn.clicked.connect(self.pick_phone)
        self.phone_note = QLabel()
        self.phone_note.setWordWrap(True)
        self.phone_note.setObjectName("muted")
        self.top_row = QHBoxLayout()
        self.top_row.addWidget(title)
        self.top_row.addStretch(1)
        self.top_row.addWidget(self.phone_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addLayout(self.top_row)
        lay.addWidget(self.phone_note)
        lay.addWidget(self.empty)
        lay.addWidget(self.controls)
        lay.addWidget(self.legend)
        lay.addWidget(self.split, 1)
        self.set_findings([])

    # ---- the phone

    def choose_device(self, devices: Sequence[Any]) -> str | None:
        """Several phones: the user picks one (a serial); None when cancelled."""
        from PySide6.QtWidgets import QInputDialog

        labels = [phone_label(d) for d in devices]
        label, ok = QInputDialog.getItem(self, self.tr("Choose a phone"), self.tr(
            "Several phones are attached. Which one should be read?"), labels, 0, False)
        return devices[labels.index(label)].serial if ok and label in labels else None

    def pick_phone(self) -> bool:
        """Start listing attached phones off the GUI thread (False when a listing already
        runs); `phones_found` then scans the one phone or asks which of several."""
        if self.phone_job is not None:
            return False
        why = self.busy() if self.busy is not None else ""
        if why:  # said before listing and picking: that phone could not be read anyway
            self.phone_note.setText(why)
            return False
        job = PhoneListJob()
        job.setAutoDelete(False)  # kept until its result arrived
        job.signals.done.connect(self.phones_found)  # a slot of this widget: the GUI thread
        self.phone_job = job
        self.phone_btn.setEnabled(False)
        self.phone_note.setText(self.tr("Looking for phones…"))
        self.pool.start(job)
        return True

    def phones_found(self, found: tuple[list[Any], str]) -> str | None:
        """The listing's result (GUI thread): one phone: scan it; several: ask which; none:
        say why. Emits scan_phone with the serial chosen and returns it."""
        self.phone_job = None
        self.phone_btn.setEnabled(True)
        devices, why = found
        if not devices:
            self.phone_note.setText(why)
            return None
        serial = devices[0].serial if len(devices) == 1 else self.choose_device(devices)
        if serial is None:
            self.phone_note.setText("")
            return None
        self.phone_note.setText(self.tr("Reading the permissions of %1…").replace("%1", serial))
        emit(self.scan_phone, serial)
        return serial

    # ---- filling

    def set_findings(self, findings: Iterable[Finding], keep_other_devices: bool = False
                     ) -> None:
        """Show these grants; `keep_other_devices`: a phone-only scan adds its device and
        keeps the grants already shown for the others."""
        new = list(findings)
        if keep_other_devices:
            fresh = {f.detail.get("device", THIS_COMPUTER) for f in new
                     if f.category == Category.PERMISSION}
            new = [g for g in self.model.grants
                   if g.detail.get("device", THIS_COMPUTER) not in fresh] + new
        self.model.set_findings(new)
        has = bool(self.model.grants)
        for w in (self.controls, self.legend, self.split):
            w.setVisible(has)
        self.empty.setVisible(not has)
        self.device.blockSignals(True)
        self.device.clear()
        for d in self.model.devices():
            self.device.addItem(self.model.device_label(d), d)
        self.device.setCurrentIndex(max(0, self.device.findData(self.model.device)))
        self.device.blockSignals(False)
        self._fill_sources()
        self.show_cell(QModelIndex())

    def _fill_sources(self) -> None:
        self.source.blockSignals(True)
        self.source.clear()
        for key in ("", *self.model.sources()):
            self.source.addItem(source_group_name(key), key)
        at = self.source.findData(self.model.source)
        if at < 0:
            self.model.source = ""
            self.model.rebuild()
        self.source.setCurrentIndex(max(0, at))
        self.source.blockSignals(False)

    def _device_changed(self, _i: int) -> None:
        self.model.set_device(str(self.device.currentData() or THIS_COMPUTER))
        self._fill_sources()
        self.show_cell(QModelIndex())

    def _source_changed(self, _i: int) -> None:
        self.model.set_source(str(self.source.currentData() or ""))
        self.show_cell(QModelIndex())

    def set_source_filter(self, key: str) -> None:
        at = self.source.findData(key)
        if at >= 0:
            self.source.setCurrentIndex(at)

    def set_device(self, device: str) -> None:
        at = self.device.findData(device)
        if at >= 0:
            self.device.setCurrentIndex(at)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # ---- detail

    def open_detail(self, index: QModelIndex) -> None:
        """Enter on a cell: show it and move the focus to what can be done about it."""
        self.show_cell(index)
        (self.revoke_btn if self.revoke_btn.isVisible() else self.detail_area).setFocus()

    def show_cell(self, index: QModelIndex | QPersistentModelIndex) -> None:
        grants = self.model.cell(index.row(), index.column()) if index.isValid() else []
        self.selected = grants
        self.outcome.setText("")
        if not grants:
            self.detail_title.setText("")
            self.detail.setText(self.tr("Select a cell to see the grant and how to revoke"
                                        " it.") if not index.isValid() else
                                self.tr("This app did not ask for this permission."))
            self.revoke_btn.hide()
            return
        d0 = grants[0].detail
        self.detail_title.setText(f"<b>{_esc(d0.get('app_name', ''))}</b> · "
                                  f"{_esc(permission_name(d0.get('permission', '')))}")
        blocks = []
        for g in grants:
            d = g.detail
            rows = [
                (self.tr("State"), state_name(d.get("state", ""))),
                (self.tr("As the source names it"), d.get("raw", "")),
                (self.tr("Source"), d.get("source", "")),
                (self.tr("App"), d.get("app", "")),
                (self.tr("Reaches"), category_name(d.get("exposes", ""))),
            ]
            if d.get("broad") == "yes":
                rows.append((self.tr("Broad grant"), self.tr("yes: it reaches more than the"
                                                             " app needs to work")))
            if d.get("last_used"):
                rows.append((self.tr("Last used"), d["last_used"]))
            rows.append((self.tr("How to revoke"), d.get("revoke", "")))
            if d.get("revoke_argv"):
                rows.append((self.tr("Command"),
                             f"<code>{_esc(command_text(d['revoke_argv']))}</code>"))
            blocks.append("<table cellspacing='3'>" + "".join(
                f"<tr><td style='white-space:nowrap; padding-right:10px'><b>{_esc(k)}</b>"
                f"</td><td>{v if k == self.tr('Command') else _esc(v)}</td></tr>"
                for k, v in rows) + "</table>")
        self.detail.setText("<hr>".join(blocks))
        self.revoke_btn.setVisible(self.revocable() is not None and self.job is None)

    def revocable(self) -> Finding | None:
        """The selected grant a command can revoke (one still allowed, with an argv)."""
        return first_revocable(self.selected)

    # ---- revoking

    def confirm_revoke(self, argv: Sequence[str], grant: Finding) -> bool:
        """Show the exact command; True only when the user chose to run it."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Revoke permission"))
        d = grant.detail
        box.setText(self.tr("Revoke “%1” from %2 by running this command?")
                    .replace("%1", permission_name(d.get("permission", "")))
                    .replace("%2", d.get("app_name", d.get("app", ""))))
        box.setInformativeText(command_text(d.get("revoke_argv", "")) + "\n\n" + self.tr(
            "It runs without a shell, on this computer, and is recorded in the audit log."))
        go = box.addButton(self.tr("Run command"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def revoke(self) -> bool:
        """Confirm, then run the selected grant's revoke command off the GUI thread."""
        grant = self.revocable()
        if grant is None or self.job is not None:
            return False
        argv = revocable_argv(grant)
        if not self.confirm_revoke(argv, grant):
            self.outcome.setText(self.tr("Cancelled: nothing was run."))
            return False
        job = RevokeJob(argv)
        job.setAutoDelete(False)  # kept until its result arrived
        job.signals.done.connect(lambda result, g=grant: self._revoke_done(g, result))
        self.job = job
        self.revoke_btn.setEnabled(False)
        self.outcome.setText(self.tr("Running…"))
        self.pool.start(job)
        return True

    def _revoke_done(self, grant: Finding, result: RevokeResult) -> None:
        self.job = None
        self.last_result = result
        self.revoke_btn.setEnabled(True)
        if result.ok:
            text = "✓ " + self.tr("Revoked. Scan again to see the change.")
        elif result.reason == "not-found":
            text = "✕ " + self.tr("The command was not found: %1").replace("%1", result.message)
        elif result.reason == "timeout":
            text = "✕ " + self.tr("The command did not finish in time (%1).").replace(
                "%1", result.message)
        else:
            text = "✕ " + self.tr("The command failed (exit code %1): %2").replace(
                "%1", str(result.returncode)).replace("%2", result.message)
        logged = self._record(grant, result)
        if not logged:
            text += " " + self.tr("Not recorded in the audit log.")
        self.outcome.setText(text)
        emit(self.revoked, grant.location, text)

    def _record(self, grant: Finding, result: RevokeResult) -> bool:
        """The command and its exit code go to the audit log; its output never does."""
        ledger, scan_id, _ = self.context() if self.context is not None else (None, None, {})
        if ledger is None:
            return False
        if self.grant_scan is not None:  # a phone's grant: its own audit, not the computer's
            scan_id = self.grant_scan(grant)
        from scanners.ledger import LedgerError

        try:
            record_revoke(ledger, grant, result, scan_id)
        except LedgerError:
            return False
        return True


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
