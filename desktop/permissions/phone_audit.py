"""Phone audits: reading an attached Android phone's app permissions as an audit of its own.

Everything about them is here: which audits are phone audits (logged or running), listing the
phones adb sees for the picker, starting "Scan phone…" (one audit at a time is written to the
log), and where a phone's grants go: beside this computer's on the Permissions screen, never
into this computer's findings, score and dashboard; each phone's grants keep the logged audit
they came from, so a revoke is recorded against it.

The Permissions screen owns the button, the note and the picker dialog; the window wires the
signals. Strings keep the translation contexts of the screens that show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Signal

from desktop.scan.worker import ScanOutcome, ScanRequest
from desktop.texts.status_notes import note_text
from desktop.widgets.qt_compat import emit
from scanners.model import Category, Finding

if TYPE_CHECKING:
    from desktop.scan.controller import ScanController
    from desktop.session import Session
    from scanners.ledger import ScanSummary

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls

THIS_COMPUTER = "this computer"  # scanners.sources.permissions.common.THIS_COMPUTER
# "Scan phone…" runs exactly this scanner: such an audit is listed in History and its grants
# go to the Permissions screen, but it is never "the last audit of this computer".
PHONE_SCANNERS = ("permissions.android",)
PHONE_SCANNER = PHONE_SCANNERS[0]
PHONE_AUDITS_LOADED = 20  # phone audits read back at start-up, newest first


# ---------------------------------------------------------------------------- which audits


def is_phone_audit(scanners: Sequence[str]) -> bool:
    """True for an audit that read an attached phone only (for a logged audit, use
    is_phone_summary: a locked log does not say which scanners ran)."""
    return tuple(scanners) == PHONE_SCANNERS


def is_phone_summary(summary: ScanSummary) -> bool:
    """True for a logged audit that read a phone only, or may have, when the log is locked.

    A locked log seals the scanner list and each finding's scanner; what stays readable is the
    plaintext columns: the files read and the number of findings per category. A phone audit
    reads no file and finds permissions only, but so does a computer audit of permission
    scanners only, so the kind really cannot be known. Such an audit is not taken as this
    computer's: a phone's score shown as this computer's index (or in its trend) misleads,
    while an audit left out of a locked dashboard is back once the log is unlocked.
    """
    if summary.scanners:
        return is_phone_audit(summary.scanners)
    return summary.files == 0 and set(summary.categories) <= {"permission"}


def grants_by_device(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Permission findings grouped by the device they were read from."""
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if f.category == Category.PERMISSION:
            out.setdefault(f.detail.get("device", THIS_COMPUTER), []).append(f)
    return out


# ---------------------------------------------------------------------------- the picker


def attached_phones() -> tuple[list[Any], str]:
    """Android devices adb sees (scanners.actions.revoke.attached_devices), and a sentence when none
    can be used: adb missing, nothing attached, or a phone that did not allow USB debugging."""
    from scanners.actions.revoke import attached_devices
    from scanners.system.tools import ToolError

    try:
        devices = attached_devices()
    except ToolError as exc:
        if exc.reason == "not-installed":
            return [], translate("PermissionsView", "adb (Android platform tools) is not"
                                 " installed: install it, e.g. apt install adb.")
        return [], translate("PermissionsView", "adb could not list devices: %1").replace(
            "%1", exc.message)
    ready = [d for d in devices if d.ready]
    if ready:
        return ready, ""
    if any(d.state == "unauthorized" for d in devices):
        return [], translate("PermissionsView", "The phone did not allow USB debugging: unlock"
                             " it and accept the prompt, then try again.")
    return [], translate("PermissionsView", "No phone is attached. Connect it by USB with USB"
                         " debugging on (Settings > Developer options).")


def phone_label(device: Any) -> str:
    """How the picker names an adb device: "Pixel 7 (28291FDH2001K8)"."""
    return f"{device.model or device.product or device.serial} ({device.serial})"


class PhoneListSignals(QObject):
    done = Signal(object)  # (list of adb devices, a sentence when none can be used)


class PhoneListJob(QRunnable):
    """`adb devices` off the GUI thread: the first call starts adb's server, which can take
    seconds (and longer with a phone that hangs), and the window must keep repainting."""

    def __init__(self) -> None:
        super().__init__()
        self.signals = PhoneListSignals()  # made on the GUI thread: emits arrive there queued

    def run(self) -> None:
        try:
            found: tuple[list[Any], str] = attached_phones()
        except Exception as exc:  # never let an exception die silently on a pool thread
            from scanners.system.textsafe import safe_message

            found = [], translate("PermissionsView", "adb could not list devices: %1").replace(
                "%1", safe_message(f"{type(exc).__name__}: {exc}"))
        emit(self.signals.done, found)


# ---------------------------------------------------------------------------- the audits


class PhoneAudit(QObject):
    """The phone audits of this window: their own controller (never this computer's table),
    the newest grants of each phone and the logged audit each came from."""

    changed = Signal()  # the phones' grants changed: the Permissions screen is filled again
    note = Signal(str)  # a sentence about the phones for the Permissions screen ("" clears)
    read = Signal(object)  # ScanOutcome of a "Scan phone…" audit: show its grants
    failed = Signal(str)  # the phone audit stopped with an error

    def __init__(self, session: Session, computer: ScanController, controller: ScanController,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.computer = computer  # this computer's audits
        self.controller = controller  # "Scan phone…": logged, listed in History
        computer.peers.append(controller)  # one audit at a time is written to the log
        controller.peers.append(computer)
        # device -> the grants of the newest phone audit of it
        self.grants: dict[str, list[Finding]] = {}
        # device -> the logged audit those grants came from (a revoke is recorded against it)
        self.scan_ids: dict[str, int | None] = {}
        controller.finished.connect(self._finished)
        controller.failed.connect(self._failed)

    # ---- running

    @property
    def running(self) -> bool:
        return self.controller.running

    def busy(self) -> str:
        """Why Scan phone… cannot start now (another audit runs), "" when it can."""
        if self.computer.running:
            return translate("MainWindow", "A scan is running on the Scan screen: wait for it to"
                             " finish, then scan the phone.")
        return ""

    def scan(self, serial: str) -> bool:
        """Read one phone's app permissions (permissions.android, that serial only)."""
        started = self.controller.start(ScanRequest(
            roots=(str(Path.home()),), scanner_ids=PHONE_SCANNERS,
            android_serial=serial, settings={"preset": "phone", "source": "gui"}))
        if not started:
            emit(self.note, self.busy() or translate(
                "MainWindow", "A scan is running: try again when it has finished."))
        return started

    def _finished(self, outcome: ScanOutcome) -> None:
        """Scan phone… finished: the user asked from the Permissions screen, it shows there."""
        self.take(outcome)
        emit(self.read, outcome)

    def _failed(self, message: str) -> None:
        emit(self.note, "")
        emit(self.failed, message)

    # ---- where the grants go

    def take(self, outcome: ScanOutcome) -> None:
        """A phone audit (from either screen): its grants join the Permissions screen; the
        findings, dashboard and reports keep this computer's audit."""
        found = grants_by_device(outcome.result.findings)
        found.pop(THIS_COMPUTER, None)
        self.grants.update(found)
        self.scan_ids.update(dict.fromkeys(found, outcome.scan_id))
        emit(self.changed)
        note = ""
        if not found:  # why nothing was read: the scanner's status says it
            status = outcome.result.statuses.get(PHONE_SCANNER)
            note = "; ".join(note_text(m) for _r, m in (status.notes if status else []))
        emit(self.note, note)

    def computer_read(self, findings: Iterable[Finding]) -> None:
        """A computer audit finished: a phone it read too has its newest grants there now."""
        for device in grants_by_device(findings):
            self.grants.pop(device, None)
            self.scan_ids.pop(device, None)

    def clear(self) -> None:
        """The log was purged: no phone audit is left to show."""
        self.grants, self.scan_ids = {}, {}

    def load(self, scans: Sequence[ScanSummary], own: Iterable[Finding],
             newer: int) -> None:
        """The newest phone audit of each phone from the log's complete audits; `own`: this
        computer's findings shown, from its audit `newer` (-1: none)."""
        mine = set(grants_by_device(own))
        phones = [s for s in scans if is_phone_summary(s)][-PHONE_AUDITS_LOADED:]
        self.clear()
        for s in reversed(phones):
            for device, grants in grants_by_device(self.session.findings(s.id)).items():
                # the computer's audit read this phone too, and later: that one counts
                if device in self.grants or (device in mine and newer > s.id):
                    continue
                self.grants[device] = grants
                self.scan_ids[device] = s.id

    def findings_with(self, own: Iterable[Finding]) -> list[Finding]:
        """This computer's findings, with each phone's newest grants in place of older ones."""
        kept = [f for f in own if f.detail.get("device", THIS_COMPUTER) not in self.grants]
        return kept + [g for grants in self.grants.values() for g in grants]

    def grant_scan_id(self, grant: Finding, computer_scan_id: int | None) -> int | None:
        """The logged audit a grant on the Permissions screen came from: a phone's own audit
        for its grants, else this computer's audit shown."""
        device = grant.detail.get("device", THIS_COMPUTER)
        if device in self.grants:
            return self.scan_ids.get(device)
        return computer_scan_id
