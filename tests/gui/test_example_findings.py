"""A finding listed at low severity because it is an example says so in the detail pane, in
the interface language: an interactive session's value, a test folder's or an example file's
credential, a published test number."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.findings.detail_pane import DetailPane
from desktop.texts import i18n
from scanners.base import Limits
from scanners.detection.redact import Redactor
from scanners.detection.rules import load_rules
from scanners.model import Category, Finding, Severity
from scanners.sources.content.filescan import FileScanner
from scanners.sources.content.walk import FileEntry
from synth.people import iban_check_digits

BBAN = "WEST12345698765431"
IBAN = "GB" + iban_check_digits("GB", BBAN) + BBAN


def _doctest_finding(tmp_path: Path) -> Finding:
    src = tmp_path / "ibans.py"
    src.write_text(f'"""IBANs.\n\n>>> validate({IBAN!r})\n{IBAN!r}\n"""\n', encoding="utf-8")
    s = src.stat()
    entry = FileEntry(str(src), str(src), s.st_size, s.st_dev, s.st_ino, s.st_mtime_ns,
                      s.st_mode)
    out = FileScanner(load_rules(), Redactor(b"k" * 32), Limits(), date.today()).scan(entry)
    return next(f for f in out.findings if f.rule == "financial.iban")


def _credential(example: str) -> Finding:
    return Finding(scanner="content.files", rule="credential.password_assignment",
                   category=Category.CREDENTIAL, severity=Severity.LOW,
                   location="/home/demo/proj/.env.example", preview="********",
                   fingerprint="f" * 32, confidence=0.95, line=1,
                   detail={"example": example, "keyword": "password"})


@pytest.mark.parametrize(("lang", "session", "folder", "file", "test_data"), [
    ("en", "in an interactive example session (&gt;&gt;&gt;) · low severity",
     "in a test or example folder (tests) · low severity",
     "in an example or template file (.env.example) · low severity",
     "published test data · low severity"),
    ("zh_CN", "在交互式示例会话中（&gt;&gt;&gt;） · 低严重程度",
     "在测试或示例文件夹中（tests） · 低严重程度",
     "在示例或模板文件中（.env.example） · 低严重程度",
     "公开的测试数据 · 低严重程度"),
])
def test_the_detail_pane_says_why_a_finding_is_an_example(qtbot, tmp_path, lang, session,
                                                          folder, file, test_data):
    i18n.install(lang)
    try:
        pane = DetailPane()
        qtbot.addWidget(pane)
        doc = _doctest_finding(tmp_path)
        assert doc.severity == Severity.LOW
        pane.show_finding(doc)
        assert session in pane.fields.text()
        pane.show_finding(_credential("in a test or example folder (tests)"))
        assert folder in pane.fields.text()
        pane.show_finding(_credential("in an example or template file (.env.example)"))
        assert file in pane.fields.text()
        card = Finding(scanner="content.files", rule="financial.payment_card",
                       category=Category.FINANCIAL, severity=Severity.LOW,
                       location="/home/demo/a.txt", preview="4111 **** **** 1111",
                       fingerprint="e" * 32, confidence=0.85, line=1,
                       detail={"brand": "visa", "test_data": "yes"})
        pane.show_finding(card)
        assert test_data in pane.fields.text()
        high = Finding(scanner="content.files", rule="financial.payment_card",
                       category=Category.FINANCIAL, severity=Severity.HIGH,
                       location="/home/demo/a.txt", preview="4539 **** **** 6467",
                       fingerprint="d" * 32, confidence=0.85, line=1, detail={"brand": "visa"})
        pane.show_finding(high)
        assert test_data not in pane.fields.text() and "·" not in pane.fields.text()
    finally:
        i18n.install("en")
