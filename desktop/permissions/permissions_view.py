"""Permissions: for each device, apps × permissions as a matrix, filled by the permission
scanners (permission_matrix); a grant's detail, and its revoke step run only after the user
confirms (grant_detail); "Scan phone…" (phone_audit), all in desktop.permissions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.permissions.by_permission import ByPermission
from desktop.permissions.grant_detail import GrantDetail, RevokeJob
from desktop.permissions.permission_matrix import (
    GrantsRole,
    MatrixTable,
    PermissionMatrix,
    source_group_name,
)
from desktop.permissions.phone_audit import THIS_COMPUTER, PhoneListJob, phone_label
from desktop.widgets.qt_compat import emit
from scanners.actions.revoke import RevokeResult
from scanners.model import Category, Finding

__all__ = ["GrantsRole", "PermissionMatrix", "PermissionsView", "RevokeJob", "RevokeResult"]


class PermissionsView(GrantDetail):
    """The matrix of the device chosen, its filters, the detail of the selected cell
    (GrantDetail: the grant's facts, Revoke…) and "Scan phone…"."""

    scan_phone = Signal(str)  # the serial of the phone the user picked

    def __init__(self, parent: QWidget | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent, pool)
        # why a phone cannot be read now (another scan runs), "" when it can; set by the window
        self.busy: Callable[[], str] | None = None
        self.phone_job: PhoneListJob | None = None  # the running `adb devices`, if any
        self.empty = QLabel(self.tr(
            "No app permissions have been read yet. Run a scan with the permission scanners"
            " (Flatpak, Snap, browser extensions, an attached Android phone...) to fill this"
            " matrix; the file scan alone does not read permissions."))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("emptyState")
        top_row = self._build_top_row()
        self._build_filters()
        self._build_table()
        # two views of the same grants: per permission (the platforms' dashboards: "Camera:
        # these apps", Revoke… in place) and the apps × permissions matrix
        self.by_permission = ByPermission(self.model)
        self.by_permission.grants_selected.connect(self.show_grants)
        self.by_permission.revoke_requested.connect(self.revoke_grants)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.by_permission, self.tr("By permission"))
        self.views.addTab(self.table, self.tr("Apps × permissions"))
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.views)
        self.split.addWidget(self._build_detail())
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([600, 360])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addLayout(top_row)
        lay.addWidget(self.phone_note)
        lay.addWidget(self.empty)
        lay.addWidget(self.controls)
        lay.addWidget(self.legend)
        lay.addWidget(self.split, 1)
        self.set_findings([])

    # ---- building

    def _build_top_row(self) -> QHBoxLayout:
        """The title, Scan phone… and the note under them that says how the phone went."""
        title = QLabel(self.tr("Permissions"))
        title.setObjectName("pageTitle")
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
        return self.top_row

    def _build_filters(self) -> None:
        """Device, source and text filters (in `controls`), and the legend of the marks."""
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

    def _build_table(self) -> None:
        """The matrix: arrows move between cells, the current cell's detail follows."""
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

    # ---- the phone

    def choose_device(self, devices: Sequence[Any]) -> str | None:
        """Several phones: the user picks one (a serial); None when cancelled."""
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

    def revoke_grants(self, grants: list[Finding]) -> bool:
        """Revoke… on a row of the per-permission view: its detail, then the usual confirm."""
        self.show_grants(grants)
        return self.revoke()

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

