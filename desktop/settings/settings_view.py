"""Settings: folders, excludes, scanners, workers, the Firefox empty-password test, language,
theme, passphrase, keyring, purge."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.session import Session
from desktop.settings import gui_settings
from desktop.texts.i18n import LANGUAGES
from desktop.widgets.form_rows import folder_row, scanner_boxes
from desktop.widgets.qt_compat import emit


def _left(button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    return row


class SettingsView(QScrollArea):
    language_changed = Signal(str)
    theme_changed = Signal(str)
    purged = Signal()

    def __init__(self, session: Session, prefs: gui_settings.Prefs,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.prefs = prefs
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setMaximumWidth(880)  # long lines of form fields are hard to read
        lay = QVBoxLayout(body)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(12)
        title = QLabel(self.tr("Settings"))
        title.setObjectName("pageTitle")
        lay.addWidget(title)
        lay.addWidget(self._build_scanning())
        lay.addWidget(self._build_appearance())
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.save_btn = QPushButton(self.tr("Save settings"))
        self.save_btn.setObjectName("primary")
        self.save_btn.clicked.connect(self.save)
        save_row.addWidget(self.save_btn)
        lay.addLayout(save_row)
        lay.addWidget(self._build_log())
        lay.addStretch(1)
        self.setWidget(body)
        self._enable_log_controls(session.unlocked)

    # ---- building

    def _build_scanning(self) -> QGroupBox:
        """Folders, excludes, scanners, workers, the Firefox test."""
        prefs = self.prefs
        scan = QGroupBox(self.tr("Scanning"))
        sf = QFormLayout(scan)
        self.folders = QListWidget()
        self.folders.setAccessibleName(self.tr("Default folders"))
        self.folders.addItems(prefs.folders)
        self.folders.setMaximumHeight(80)
        add = QPushButton(self.tr("Add folder…"))
        add.clicked.connect(self._add_folder)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(lambda: [self.folders.takeItem(self.folders.row(i))
                                        for i in self.folders.selectedItems()])
        sf.addRow(self.tr("Custom folders"), folder_row(self.folders, add, remove))
        self.excludes = QLineEdit(", ".join(prefs.excludes))
        self.excludes.setAccessibleName(self.tr("Exclude patterns"))
        sf.addRow(self.tr("Exclude"), self.excludes)
        boxes, self.scanner_boxes = scanner_boxes(prefs.scanners,
                                                  self.tr("Personal data in files"))
        sf.addRow(self.tr("Scanners"), boxes)
        self.jobs = QSpinBox()
        self.jobs.setRange(0, max(1, os.cpu_count() or 1) * 2)
        self.jobs.setSpecialValueText(self.tr("Automatic (one per core)"))
        self.jobs.setValue(prefs.jobs)
        self.jobs.setAccessibleName(self.tr("Worker processes"))
        sf.addRow(self.tr("Workers"), self.jobs)
        sf.addRow(self.tr("Browsers"), self._build_firefox_check())
        return scan

    def _build_firefox_check(self) -> QVBoxLayout:
        # Opt-in (ScanContext.nss_password_check): it is a decryption, however harmless, so
        # it is off until asked for, like the CLI's --firefox-password-check.
        self.firefox_check = QCheckBox(self.tr("When libnss3 is missing, test Firefox profiles"
                                               " with the empty password"))
        self.firefox_check.setAccessibleName(self.firefox_check.text())
        note = self.tr("Decrypts only Firefox's fixed test value, never a saved login."
                       " Off by default.")
        self.firefox_check.setAccessibleDescription(note)
        self.firefox_check.setChecked(self.prefs.firefox_password_check)
        self.firefox_check.toggled.connect(self._firefox_check_toggled)
        self.firefox_note = QLabel(note)
        self.firefox_note.setObjectName("muted")
        self.firefox_note.setWordWrap(True)
        ff = QVBoxLayout()
        ff.setSpacing(2)
        ff.addWidget(self.firefox_check)
        ff.addWidget(self.firefox_note)
        return ff

    def _build_appearance(self) -> QGroupBox:
        """Language and theme."""
        look = QGroupBox(self.tr("Appearance"))
        lf = QFormLayout(look)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.prefs.language)))
        self.language.setAccessibleName(self.tr("Language"))
        lf.addRow(self.tr("Language"), self.language)
        self.theme = QComboBox()
        for code, name in (("system", self.tr("Same as the system")),
                           ("light", self.tr("Light")), ("dark", self.tr("Dark"))):
            self.theme.addItem(name, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.prefs.theme)))
        self.theme.setAccessibleName(self.tr("Theme"))
        lf.addRow(self.tr("Theme"), self.theme)
        return look

    def _build_log(self) -> QGroupBox:
        """The audit log: passphrase, keyring, purge."""
        session = self.session
        log = QGroupBox(self.tr("Audit log"))
        gl = QFormLayout(log)
        self.old_pass = QLineEdit()
        self.new_pass = QLineEdit()
        self.new_pass2 = QLineEdit()
        for w, name in ((self.old_pass, self.tr("Current passphrase")),
                        (self.new_pass, self.tr("New passphrase")),
                        (self.new_pass2, self.tr("Repeat the new passphrase"))):
            w.setEchoMode(QLineEdit.EchoMode.Password)
            w.setAccessibleName(name)
            gl.addRow(name, w)
        self.change_btn = QPushButton(self.tr("Change passphrase"))
        self.change_btn.clicked.connect(self._change_passphrase)
        gl.addRow("", _left(self.change_btn))
        self.keyring = QCheckBox(self.tr("Keep the passphrase in the system keyring"))
        self.keyring.setChecked(session.keyring_holds_key() if session.log_exists() else False)
        self.keyring.toggled.connect(self._keyring_toggled)
        gl.addRow("", self.keyring)
        self.purge_btn = QPushButton(self.tr("Erase the whole log…"))
        self.purge_btn.setObjectName("danger")
        self.purge_btn.clicked.connect(self._purge)
        gl.addRow("", _left(self.purge_btn))
        self.log_status = QLabel()
        self.log_status.setWordWrap(True)
        gl.addRow("", self.log_status)
        return log

    def _enable_log_controls(self, unlocked: bool) -> None:
        controls: tuple[QWidget, ...] = (self.old_pass, self.new_pass, self.new_pass2,
                                         self.change_btn, self.keyring, self.purge_btn)
        for c in controls:
            c.setEnabled(unlocked)
        if not unlocked:
            self.log_status.setText(self.tr("Unlock the audit log to change these."))

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"))
        if path:
            self.folders.addItem(path)

    def save(self) -> None:
        p = self.prefs
        p.folders = [self.folders.item(i).text() for i in range(self.folders.count())]
        p.excludes = [e.strip() for e in self.excludes.text().split(",") if e.strip()]
        chosen = [i for i, b in self.scanner_boxes.items() if b.isChecked()]
        p.scanners = [] if len(chosen) == len(self.scanner_boxes) else chosen
        p.jobs = self.jobs.value()
        p.firefox_password_check = self.firefox_check.isChecked()
        language = str(self.language.currentData())
        theme = str(self.theme.currentData())
        lang_changed, theme_changed = language != p.language, theme != p.theme
        p.language, p.theme = language, theme
        gui_settings.save(p)
        if theme_changed:
            emit(self.theme_changed, theme)
        if lang_changed:
            emit(self.language_changed, language)

    def _firefox_check_toggled(self, on: bool) -> None:
        # kept at once, like the keyring box: the next scan from the Scan screen uses it
        self.prefs.firefox_password_check = on
        gui_settings.save(self.prefs)

    def _change_passphrase(self) -> None:
        from scanners.ledger import LedgerError

        if self.new_pass.text() != self.new_pass2.text():
            self.log_status.setText(self.tr("The two new passphrases differ."))
            return
        try:
            self.session.change_passphrase(self.old_pass.text(), self.new_pass.text())
        except LedgerError as exc:
            self.log_status.setText(str(exc))
            return
        for w in (self.old_pass, self.new_pass, self.new_pass2):
            w.clear()
        self.log_status.setText(self.tr("The passphrase was changed."))

    def _keyring_toggled(self, on: bool) -> None:
        if on:
            text = self.old_pass.text()
            if not text:
                self.log_status.setText(self.tr("Type the current passphrase above, then tick"
                                                " this box again."))
                self.keyring.blockSignals(True)
                self.keyring.setChecked(False)
                self.keyring.blockSignals(False)
                return
            ok = self.session.set_keyring(True, text)
            self.log_status.setText(self.tr("The passphrase is kept in the system keyring.")
                                    if ok else self.tr("No system keyring is available."))
        else:
            self.session.set_keyring(False)
            self.log_status.setText(self.tr("The passphrase was removed from the keyring."))
        self.prefs.use_keyring = on
        gui_settings.save(self.prefs)

    def _purge(self) -> None:
        from scanners.ledger import LedgerError

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Erase the whole log"))
        box.setText(self.tr("Every recorded audit will be deleted and overwritten on disk."
                            " This cannot be undone."))
        erase = box.addButton(self.tr("Erase everything"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not erase:
            return
        try:
            report = self.session.purge_all()
        except LedgerError as exc:
            self.log_status.setText(str(exc))
            return
        self.log_status.setText(self.tr("%1 audits were erased.").replace("%1",
                                                                          str(report.scans)))
        emit(self.purged)
