"""A Chinese user gets Chinese at every moment: after a real scan of a synthetic home, every
screen, the detail pane of each kind of finding, every action's confirmation and result,
settings, the first run and the HTML and PDF reports are read in zh_CN, and no sentence may be
English only. Technical tokens (paths, file names, rule ids, numbers, format and product
names) are allowed; a sentence with no Chinese character and an English word left is not."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
    QThreadPool,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop import services
from desktop.findings import action_words
from desktop.main_window import PAGES, MainWindow
from desktop.scan.worker import ScanRequest
from desktop.settings import gui_settings
from desktop.texts import i18n
from scanners.model import Finding
from synth import formats
from synth.homes import leaky_home, typical_home
from synth.people import Factory
from synth.permission_fixtures import FIREFOX_METADATA, flatpak_app

CJK = re.compile(r"[\u3400-\u9fff]")
# Names that read the same in Chinese text: products, formats, standards, units.
TECHNICAL = {
    "aws", "chromium", "chrome", "firefox", "google", "azure", "gcloud", "cli", "ssh",
    "openssh", "rsa", "ed25519", "ecdsa", "dsa", "pem", "pkcs8", "git", "docker", "podman",
    "kubernetes", "npm", "python", "flatpak", "snap", "android", "macos", "windows", "linux",
    "dpapi", "sqlite", "iban", "cookie", "cookies", "visa", "mastercard", "unionpay", "amex",
    "html", "pdf", "csv", "json", "sarif", "ocsf", "lines", "xlsx", "docx", "zip", "piaudit",
    "english", "gps", "exif", "id", "gb", "pipl", "gdpr", "ccpa", "pci", "dss", "qq",
    "wechat", "thunderbird", "evolution", "outlook", "telegram", "signal", "slack", "mb",
    "kb", "gib", "mib", "kib", "tb", "utc", "ok", "url", "vcard", "vcf", "jpeg", "jpg",
    "v10", "v11", "v20", "hyperscan", "org", "mozilla", "example", "editor", "adb", "tcc",
    "ansible", "ssd", "ai", "api", "uid", "app", "ip", "ca", "ios", "cpu", "usb",
}
# Tokens removed before looking for English words: paths, file names, rule ids, e-mail
# addresses, masked values, hex ids, dates, codes in backticks or <code>.
TOKENS = re.compile(
    r"`[^`]*`|<code>.*?</code>|[~/\\][^\s，。；：）)]*|\b[\w.+-]+@[\w.-]+|\S*[•*]{2,}\S*"
    r"|\b[a-z0-9_]+(?:\.[a-z0-9_-]+)+\b|\b[\w\u3400-\u9fff-]+\.[A-Za-z0-9]{1,5}\b|\S+/\S+"
    r"|\b[0-9a-f]{8,}\b|\d[\d\-:./]*")
WORD = re.compile(r"[A-Za-z][A-Za-z']+")


def english_words(sentence: str) -> list[str]:
    rest = TOKENS.sub(" ", sentence)
    return [w for w in WORD.findall(rest) if w.lower() not in TECHNICAL]


PLACE = re.compile(r"^(?:…|[a-z]+:)?[~/]")
HALF_WIDTH = re.compile(r"[\u3400-\u9fff][,;:?!(]|[,;:(][\u3400-\u9fff]")


def latin_only(texts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(where, sentence) for every sentence without Chinese that still has English words,
    and for Chinese written with half-width punctuation ("快速:文档")."""
    bad = []
    for where, text in texts:
        text = re.sub(r"<(style|script|code|small)[^>]*>.*?</\1>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", "\n", text).replace("&nbsp;", " ").replace("&amp;", "&")
        for line in re.split(r"[\n。！？]|(?<=[.!?])\s", text):
            line = line.replace("&", "").strip()
            if PLACE.match(line):  # a location: a path or a store's address, as it is
                continue
            if line and not CJK.search(line) and english_words(line):
                bad.append((where, line))
            elif HALF_WIDTH.search(line):
                bad.append((where + " (half-width punctuation)", line))
    return bad


def _model_texts(model: QAbstractItemModel | None, parent: QModelIndex | None = None,
                 depth: int = 0) -> list[str]:
    if model is None:
        return []
    parent = parent if parent is not None else QModelIndex()
    cols = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    # a table (or list) model's hasChildren is private in PySide6; only trees have children
    out = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
           for c in range(cols)] if depth == 0 else []
    for r in range(min(model.rowCount(parent), 200)):
        for c in range(cols):
            idx = model.index(r, c, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(idx, role)
                if isinstance(value, str):
                    out.append(value)
        child = model.index(r, 0, parent)
        if depth < 3 and not isinstance(model, QAbstractTableModel) and model.hasChildren(child):
            out += _model_texts(model, child, depth + 1)
    return out


def visible_texts(root: QWidget, where: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        texts: list[str] = [w.toolTip(), w.accessibleName(), w.windowTitle()]
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts += [w.placeholderText(), w.text()]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QTextEdit):
            texts.append(w.toHtml())
        elif isinstance(w, QPlainTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView):
            texts += _model_texts(w.model())
        found += [(f"{where}/{type(w).__name__}", t) for t in texts if t]
    return found


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    factory = Factory(16)
    typical_home(home, factory)
    leaky_home(home, factory)
    p = factory.person(child=False)
    docs = home / "Documents"
    formats.write_zip(docs / "资料备份.zip", {
        "会员/名单.txt": f"姓名：{p.name}\n身份证号：{p.resident_id}\n手机：{p.mobile}\n"})
    formats.write_xlsx(docs / "会员名单.xlsx", {"会员": [["姓名", "身份证号", "手机号"],
                                                     [p.name, p.resident_id, p.mobile]]})
    flatpak_app(Path(os.environ["PIAUDIT_SYSROOT"]) / "var/lib/flatpak", "org.mozilla.firefox",
                FIREFOX_METADATA)
    return home


def _source_kind(f: Finding) -> str:
    if f.scanner.startswith("permissions."):
        return "permission"
    if f.scanner.startswith("stores."):
        return "store"
    if f.member or "!" in f.location:
        return "archive member"
    return "file"


def action_dialog_texts(f: Finding, kind: str) -> list[str]:
    """Everything the GUI says around one action on one finding: the confirmation (title,
    question, body, warnings), the result, the undo question, the failure and error texts."""
    path = services.action_path(f, kind)
    container = services.acts_on_container(f, kind)
    return [services.action_title(kind), services.action_summary(kind),
            action_words.plan_text(kind, path, container), *action_words.plan_warnings(kind),
            action_words.outcome_text(kind, path, "~/.local/share/piaudit/vault/x"),
            action_words.undo_question(kind, path), action_words.undone_text(kind, path),
            action_words.failure_text(path, True), action_words.failure_text(path, False),
            action_words.error_text(path, "permission denied")]


@pytest.fixture
def zh_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    home = _home(tmp_path)
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    i18n.install("zh_CN")
    window = MainWindow(prefs=gui_settings.Prefs(language="zh_CN", first_run_done=False),
                        pool=QThreadPool())
    qtbot.addWidget(window)
    window.resize(1180, 780)
    window.start_flow()
    window.show()
    first_run = visible_texts(window.first_run, "first run")
    window.session.create("a long passphrase", use_keyring=False)
    window._enter_app()
    with qtbot.waitSignal(window.controller.finished, timeout=240_000):
        assert window.controller.start(ScanRequest(roots=(str(home),), jobs=1))
    return window, first_run


def test_every_screen_dialog_and_report_speaks_chinese(zh_window, tmp_path: Path):
    window, seen = zh_window
    findings = window.controller.model.findings()
    kinds = {_source_kind(f): f for f in sorted(findings, key=lambda f: -int(f.severity))}
    assert set(kinds) == {"file", "archive member", "store", "permission"}, set(kinds)

    for page in PAGES:  # every page, Fleet included
        window.go(page)
        seen += visible_texts(window.pages.currentWidget(), page)
    window.go("findings")
    for kind, f in kinds.items():  # the detail pane of each source type
        window.show_finding(f)
        seen += visible_texts(window.pages.currentWidget(), f"detail of a {kind}")
    stores = [f for f in findings if f.scanner.startswith("stores.")]
    for f in stores:  # every store's summary and facts
        window.show_finding(f)
        seen += visible_texts(window.findings_view, f"detail of {f.rule}")
    dialogs = 0
    for kind_name, f in kinds.items():  # each action's confirmation and result texts
        for action in services.actions_for(f):
            dialogs += 1
            seen += [(f"{action} on a {kind_name}", t) for t in action_dialog_texts(f, action)]
    assert dialogs >= 8
    window.root.setCurrentWidget(window.unlock_page)
    seen += visible_texts(window.unlock_page, "unlock")

    outcome = window.controller.outcome
    data = services.report_data(None, ledger=window.session.ledger, scan_id=outcome.scan_id,
                                language="zh_CN")
    seen += [("HTML report", services.report_html(data))]
    pdf = tmp_path / "report.pdf"
    services.export_report(None, "pdf", pdf, ledger=window.session.ledger,
                           scan_id=outcome.scan_id, language="zh_CN")
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    seen += [(f"PDF page {i + 1}", p.extract_text()) for i, p in enumerate(pages[:12])]

    bad = sorted(set(latin_only(seen)))
    assert not bad, f"{len(bad)} English-only sentences:\n" + "\n".join(
        f"{w}: {t}" for w, t in bad)


def test_the_check_itself_tells_english_from_technical_tokens():
    assert latin_only([("x", "mode restored to 644")]) == [("x", "mode restored to 644")]
    assert latin_only([("x", "Civil Code 1034; PIPL 28")])
    assert not latin_only([("x", "已保存的密码（Chromium 系浏览器） (stores.chromium.logins)")])
    assert not latin_only([("x", "~/.aws/credentials")])
    assert not latin_only([("x", "HTML · PDF · CSV 1,024 MB")])
    assert not latin_only([("x", "会员名单.xlsx!会员")])
    assert latin_only([("x", "快速:文档")])
    assert not latin_only([("x", "快速：文档")])
