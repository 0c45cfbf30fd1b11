"""First run (language, privacy promise, log passphrase or keyring) and the Unlock screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.texts.i18n import LANGUAGES
from desktop.widgets.qt_compat import emit

MIN_PASSPHRASE = 8


def _centered(inner: QWidget) -> QVBoxLayout:
    outer = QVBoxLayout()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(inner)
    row.addStretch(1)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return outer


class FirstRunPage(QWidget):
    """Emits `done(passphrase, use_keyring)`; `language_changed(code)` re-translates at once."""

    done = Signal(str, bool)
    language_changed = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(620)
        card.setMinimumWidth(480)
        self.box = QVBoxLayout(card)
        self.box.setContentsMargins(28, 24, 28, 24)
        self.box.setSpacing(12)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.currentIndexChanged.connect(
            lambda _i: emit(self.language_changed, str(self.language.currentData())))
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.promise = QLabel()
        self.promise.setWordWrap(True)
        self.promise.setObjectName("promise")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.pass1 = QLineEdit()
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass2 = QLineEdit()
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyring = QCheckBox()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.start = QPushButton()
        self.start.setObjectName("primary")
        self.start.setDefault(True)
        self.start.clicked.connect(self._submit)
        self.pass2.returnPressed.connect(self._submit)
        self.form = QFormLayout()
        self.lang_label = QLabel()
        self.p1_label = QLabel()
        self.p2_label = QLabel()
        self.form.addRow(self.lang_label, self.language)
        self.form.addRow(self.p1_label, self.pass1)
        self.form.addRow(self.p2_label, self.pass2)
        self.form.addRow("", self.keyring)
        for w in (self.title, self.promise, self.explain):
            self.box.addWidget(w)
        self.box.addLayout(self.form)
        self.box.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start)
        self.box.addLayout(row)
        self.setLayout(_centered(card))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Welcome to piaudit"))
        self.promise.setText(self.tr("Nothing leaves this computer: piaudit never connects to"
                                     " the network. No full value is stored: findings keep"
                                     " only a masked preview and a keyed fingerprint."))
        self.explain.setText(self.tr("piaudit keeps an encrypted log of every audit so you can"
                                     " compare them. Choose a passphrase for it; without it"
                                     " the log cannot be read, and there is no recovery."))
        self.lang_label.setText(self.tr("Language"))
        self.p1_label.setText(self.tr("Passphrase"))
        self.p2_label.setText(self.tr("Repeat it"))
        self.pass1.setAccessibleName(self.tr("Passphrase"))
        self.pass2.setAccessibleName(self.tr("Repeat the passphrase"))
        self.language.setAccessibleName(self.tr("Language"))
        self.keyring.setText(self.tr("Keep the passphrase in the system keyring (no prompt at"
                                     " start)"))
        self.start.setText(self.tr("Create the log and start"))

    def _submit(self) -> None:
        a, b = self.pass1.text(), self.pass2.text()
        if len(a) < MIN_PASSPHRASE:
            self.error.setText(self.tr("Use at least %1 characters.")
                               .replace("%1", str(MIN_PASSPHRASE)))
            return
        if a != b:
            self.error.setText(self.tr("The two passphrases differ."))
            return
        self.error.setText("")
        emit(self.done, a, self.keyring.isChecked())

    def show_error(self, text: str) -> None:
        self.error.setText(text)


class UnlockPage(QWidget):
    """Emits `unlock(passphrase, remember)`; `skip` opens the app without the log."""

    unlock = Signal(str, bool)
    skip = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(520)
        card.setMinimumWidth(420)
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 24, 28, 24)
        box.setSpacing(12)
        title = QLabel(self.tr("Unlock the audit log"))
        title.setObjectName("pageTitle")
        text = QLabel(self.tr("Enter the passphrase of your audit log to see past audits and"
                              " record new ones."))
        text.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self._submit)
        self.remember = QCheckBox(self.tr("Remember it in the system keyring"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.open_btn = QPushButton(self.tr("Unlock"))
        self.open_btn.setObjectName("primary")
        self.open_btn.setDefault(True)
        self.open_btn.clicked.connect(self._submit)
        self.skip_btn = QPushButton(self.tr("Continue without the log"))
        self.skip_btn.clicked.connect(self.skip)
        for w in (title, text, self.passphrase, self.remember, self.error):
            box.addWidget(w)
        row = QHBoxLayout()
        row.addWidget(self.skip_btn)
        row.addStretch(1)
        row.addWidget(self.open_btn)
        box.addLayout(row)
        self.setLayout(_centered(card))
        self.setFocusProxy(self.passphrase)

    def _submit(self) -> None:
        if not self.passphrase.text():
            self.error.setText(self.tr("Enter the passphrase."))
            return
        emit(self.unlock, self.passphrase.text(), self.remember.isChecked())

    def wrong(self, message: str = "") -> None:
        self.error.setText(message or self.tr("That passphrase is wrong. Try again."))
        self.passphrase.selectAll()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
