"""The Reports page: a preview of the HTML report that follows the audit, the language and
the contents; a summary-only HTML/PDF besides the full one."""

from __future__ import annotations

from pathlib import Path

import pypdf

from desktop.main_window import MainWindow
from desktop.reports.reports_view import ReportsView
from desktop.session import Session
from desktop.texts.labels import band_for
from tests.gui.conftest import ID_NUMBER
from tests.gui.factories import scanned_window


def _scanned(qtbot, folder: Path) -> MainWindow:
    return scanned_window(qtbot, folder, by_keys=True)


def test_preview_follows_language_and_contents(qtbot, fixture_folder: Path, tmp_path: Path):
    window = _scanned(qtbot, fixture_folder)
    window.go("reports")
    rv = window.reports_view
    qtbot.waitUntil(lambda: "Personal-information exposure report" in
                    rv.preview.toPlainText(), timeout=10_000)
    text = rv.preview.toPlainText()
    assert "customers.txt" in text and ID_NUMBER not in text
    assert "All findings" in text  # the full report lists every finding
    # the band word of the page is the window's
    gauge = window.dashboard.gauge
    assert gauge.band.key in ("low", "moderate", "high", "severe")
    assert band_for(gauge.value, gauge.band.key).word in text
    # summary only: no list of findings; then Chinese
    rv.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "(summary)" in rv.preview.toPlainText(), timeout=10_000)
    assert "All findings" not in rv.preview.toPlainText()
    rv.lang_box.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "个人信息暴露报告（摘要）" in rv.preview.toPlainText(),
                    timeout=10_000)
    # the files: summary and full, HTML and PDF
    summary_pdf, full_pdf = tmp_path / "s.pdf", tmp_path / "f.pdf"
    assert rv.export_to(summary_pdf, "pdf"), rv.result.text()
    summary_html = tmp_path / "s.html"
    assert rv.export_to(summary_html, "html")
    assert "全部发现" not in summary_html.read_text(encoding="utf-8")
    rv.scope.setCurrentIndex(0)
    assert rv.export_to(full_pdf, "pdf")
    full_text = "".join(p.extract_text() for p in pypdf.PdfReader(str(full_pdf)).pages)
    summary_text = "".join(p.extract_text() for p in pypdf.PdfReader(str(summary_pdf)).pages)
    assert "全部发现" in full_text and "全部发现" not in summary_text
    assert "摘要" in summary_text
    # the contents choice is for HTML and PDF only
    rv.fmt.setCurrentIndex(rv.fmt.findData("csv"))
    assert not rv.scope.isEnabled()
    rv.fmt.setCurrentIndex(rv.fmt.findData("pdf"))
    assert rv.scope.isEnabled()


def test_language_set_by_the_window_picks_the_report_language(qtbot, tmp_path: Path):
    session = Session(tmp_path / "audit.db")
    view = ReportsView(session)
    qtbot.addWidget(view)
    view.language = "zh_CN"
    assert view.report_language() == "zh_CN"
    view.language = "en"
    assert view.report_language() == "en"
    assert view.preview.toPlainText() == ""  # nothing to preview before an audit
