"""An incomplete audit is never shown as clean (issue 12): no band, no "nothing to do", no
"since the last audit", an unfilled progress bar, and History marks it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool

from desktop.dashboard.dashboard_view import Dashboard, DashboardData
from desktop.main_window import MainWindow
from desktop.settings import gui_settings
from desktop.texts import i18n

PASS = "correct horse battery"


def test_dashboard_shows_an_incomplete_audit_without_a_band(qtbot):
    i18n.install("en")
    dash = Dashboard()
    qtbot.addWidget(dash)
    dash.set_data(DashboardData(value=0, band="low", previous=98, complete=False,
                                incomplete=["the audit was stopped before it finished"],
                                scope=["/home/x"]))
    assert dash.gauge.band.key == "incomplete"
    assert "Little exposed" not in dash.meaning.text()
    assert "Incomplete" in dash.meaning.text()
    assert "incomplete" in dash.why.text() and "stopped" in dash.why.text()
    assert dash.change.text() == ""  # never "Up 98 since the last audit"
    assert "incomplete" in dash.no_cats.text() and "No exposure found" not in dash.no_cats.text()
    # the same audit, complete, is the usual green low
    dash.set_data(DashboardData(value=0, band="low", scope=["/home/x"]))
    assert dash.gauge.band.key == "low"


def test_cancelled_scan_in_the_window(qtbot, big_folder: Path):
    i18n.install("en")
    window = MainWindow(prefs=gui_settings.load(), pool=QThreadPool())
    qtbot.addWidget(window)
    window.start_flow()
    window.session.create(PASS, use_keyring=False)
    window._enter_app()
    window.prefs.jobs = 1
    window.scan_view.set_custom_folders([str(big_folder)])
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        window.controller.start(window.scan_view.request(), paused=True)
        window.controller.cancel()
    bar = window.scan_view.bar
    assert bar.value() < bar.maximum()  # the bar does not fill for a stopped audit
    assert "Incomplete audit" in window.scan_view.status.text()
    d = window.dashboard_data()
    assert d.complete is False and d.incomplete
    window.dashboard.set_data(d)
    assert window.dashboard.gauge.band.key == "incomplete"
    assert all(label != "now" for label, _ in d.trend)  # not a trend point
    window.go("history")
    hv = window.history_view
    hv.refresh()
    texts = [hv.model.data(hv.model.index(r, 3)) for r in range(hv.model.rowCount())]
    assert any("incomplete" in str(t) for t in texts)
