"""MainWindow: navigation, pages and shortcuts; wiring only, the pages do the work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QThreadPool
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop import collector
from desktop.dashboard.areas import area_statuses, logged_statuses
from desktop.dashboard.dashboard_view import Dashboard, DashboardData, top_risks
from desktop.findings.findings_view import FindingsView
from desktop.first_run import FirstRunPage, UnlockPage
from desktop.fleet.fleet_view import FleetView
from desktop.history.history_view import HistoryView
from desktop.permissions.permissions_view import PermissionsView
from desktop.permissions.phone_audit import (
    THIS_COMPUTER,
    PhoneAudit,
    is_phone_audit,
    is_phone_summary,
)
from desktop.reports.reports_view import ReportsView
from desktop.scan.controller import ScanController
from desktop.scan.scan_view import ScanView
from desktop.scan.worker import ScanOutcome
from desktop.session import Session
from desktop.settings import gui_settings
from desktop.settings.settings_view import SettingsView
from desktop.texts import i18n
from desktop.texts.labels import incomplete_reasons
from desktop.texts.times import local_time
from desktop.widgets import theme
from scanners.model import Finding

PAGES = ("dashboard", "scan", "findings", "permissions", "history", "reports", "settings",
         "fleet")
QUIT_WAIT_SECONDS = 30.0
# The window's first size and its smallest: every screen fits both, in English and Chinese,
# without clipped text or sideways scrolling (tests/gui/test_layout_fits.py).
DEFAULT_SIZE = QSize(1180, 780)
MIN_SIZE = QSize(880, 600)


def icon_path() -> str:
    from scanners.system.paths import resources_dir

    return str(resources_dir() / "icons" / "piaudit.svg")


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, prefs: gui_settings.Prefs | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__()
        # cycles collected in this thread only, never on a scan's thread (desktop/collector)
        collector.install()
        self.session = session or Session()
        self.prefs = prefs or gui_settings.load()
        self.controller = ScanController(self.session, pool, self)
        self.shown_scan_id: int | None = None  # the logged audit shown when none ran yet
        # --self-test: nobody is there to click, so no modal dialog (the status bar says it)
        self.unattended = False
        # "Scan phone…" has its own controller: its audit is logged (History lists it) but
        # never replaces this computer's findings, score and dashboard
        self.phone = PhoneAudit(self.session, self.controller,
                                ScanController(self.session, pool, self), self)
        self.controller.finished.connect(self._scan_finished)
        self.controller.failed.connect(self._scan_failed)
        self.controller.state_changed.connect(self._state_changed)
        self.phone.controller.state_changed.connect(self._state_changed)
        self.phone.changed.connect(self.refresh_all)
        self.phone.read.connect(self._phone_read)
        self.phone.failed.connect(self._scan_failed)
        self.phone.note.connect(self._phone_note)
        self.setWindowIcon(QIcon(icon_path()))
        self.resize(DEFAULT_SIZE)
        self.setMinimumSize(MIN_SIZE)

        self.root = QStackedWidget()
        self.setCentralWidget(self.root)
        self.first_run = FirstRunPage(self.prefs.language or i18n.system_language())
        self.first_run.language_changed.connect(self.set_language)
        self.first_run.done.connect(self._first_run_done)
        self.unlock_page = UnlockPage()
        self.unlock_page.unlock.connect(self._unlock)
        self.unlock_page.skip.connect(self._enter_app)
        self.main_area = QWidget()
        self.root.addWidget(self.first_run)
        self.root.addWidget(self.unlock_page)
        self.root.addWidget(self.main_area)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(190)
        self.pages = QStackedWidget()
        row = QHBoxLayout(self.main_area)
        row.setContentsMargins(0, 8, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._build_pages()
        self._shortcuts()
        self.retranslate()
        self.statusBar().showMessage(self.tr("Ready."))

    # ---- building

    def _build_pages(self) -> None:
        current = max(0, self.nav.currentRow())
        while self.pages.count():
            page = self.pages.widget(0)
            if page is None:
                break
            self.pages.removeWidget(page)
            page.deleteLater()
        self.dashboard = Dashboard()
        self.dashboard.scan_requested.connect(self.start_scan)
        self.dashboard.open_category.connect(self.show_category)
        self.dashboard.open_finding.connect(self.show_finding)
        self.dashboard.open_area.connect(self.show_area)
        self.scan_view = ScanView(self.controller, self.prefs)
        self.scan_view.show_findings.connect(lambda: self.go("findings"))
        self.findings_view = FindingsView(self.controller.model)
        self.findings_view.detail.acted.connect(self._acted)
        self.findings_view.detail.context = self.remediation_context
        self.permissions_view = PermissionsView(pool=self.controller.pool)
        self.permissions_view.context = self.remediation_context
        self.permissions_view.grant_scan = self.grant_scan_id
        self.permissions_view.scan_phone.connect(self.phone.scan)
        self.permissions_view.busy = self.phone.busy
        self.permissions_view.revoked.connect(
            lambda _loc, text: self.statusBar().showMessage(text, 8000))
        self.history_view = HistoryView(self.session)
        self.history_view.actions_view.changed.connect(
            lambda text: self.statusBar().showMessage(text, 8000))
        self.reports_view = ReportsView(self.session)
        self.reports_view.current = self.controller.outcome
        self.reports_view.language = self.prefs.language or "en"
        self.settings_view = SettingsView(self.session, self.prefs)
        self.settings_view.language_changed.connect(self.set_language)
        self.settings_view.theme_changed.connect(self.set_theme)
        self.settings_view.purged.connect(self._purged)
        self.fleet_view = FleetView()  # many hosts' results (piaudit fleet), merged
        self.fleet_view.loaded.connect(lambda text: self.statusBar().showMessage(text, 8000))
        for w in (self.dashboard, self.scan_view, self.findings_view, self.permissions_view,
                  self.history_view, self.reports_view, self.settings_view, self.fleet_view):
            self.pages.addWidget(w)
        self.nav.blockSignals(True)
        self.nav.clear()
        names = (self.tr("Dashboard"), self.tr("Scan"), self.tr("Findings"),
                 self.tr("Permissions"), self.tr("History"), self.tr("Reports"),
                 self.tr("Settings"), self.tr("Fleet"))
        for i, name in enumerate(names, 1):
            item = QListWidgetItem(name)
            item.setToolTip(f"{name} (Alt+{i})")
            self.nav.addItem(item)
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setCurrentRow(current)
        self.pages.setCurrentIndex(current)
        self.nav.blockSignals(False)
        self.refresh_all()
        self.scan_view._state(self.controller.state)

    def _shortcuts(self) -> None:
        QShortcut(QKeySequence("Ctrl+R"), self, self.start_scan)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel_scan)
        QShortcut(QKeySequence.StandardKey.Find, self, self.find_findings)
        for i, name in enumerate(PAGES, 1):
            QShortcut(QKeySequence(f"Alt+{i}"), self, lambda n=name: self.go(n))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("piaudit — personal information exposure audit"))

    # ---- start-up flow

    def start_flow(self) -> None:
        """First run, unlock, or straight in (keyring / env passphrase)."""
        if not self.prefs.first_run_done and not self.session.log_exists():
            self.root.setCurrentWidget(self.first_run)
            self.first_run.pass1.setFocus()
        elif self.session.log_exists() and not self.session.try_keyring():
            self.root.setCurrentWidget(self.unlock_page)
            self.unlock_page.passphrase.setFocus()
        else:
            self._enter_app()

    def _first_run_done(self, passphrase: str, use_keyring: bool) -> None:
        from scanners.ledger import LedgerError

        try:
            kept = self.session.create(passphrase, use_keyring)
        except LedgerError as exc:
            self.first_run.show_error(str(exc))
            return
        self.prefs.first_run_done = True
        self.prefs.use_keyring = use_keyring and kept
        self.prefs.language = str(self.first_run.language.currentData())
        gui_settings.save(self.prefs)
        if use_keyring and not kept:
            QMessageBox.information(self, self.tr("No keyring"), self.tr(
                "No system keyring is available; you will be asked for the passphrase at"
                " each start."))
        self._enter_app()

    def _unlock(self, passphrase: str, remember: bool) -> None:
        from scanners.ledger import LedgerError, WrongPassphrase

        try:
            self.session.unlock(passphrase, remember)
        except WrongPassphrase:
            self.unlock_page.wrong()
            return
        except LedgerError as exc:
            self.unlock_page.wrong(str(exc))
            return
        self._enter_app()

    def _enter_app(self) -> None:
        self.root.setCurrentWidget(self.main_area)
        self._load_last_audit()
        self._build_pages()
        self.go("dashboard")

    def _load_last_audit(self) -> None:
        """The last complete audit of this computer into the findings, and the newest phone
        audit of each phone into the Permissions screen."""
        if self.controller.outcome is not None or not self.session.unlocked:
            return
        try:
            done = [s for s in self.session.scans() if s.status == "complete"]
            computer = [s for s in done if not is_phone_summary(s)]
            if computer:
                self.controller.model.clear()
                self.controller.model.add(self.session.findings(computer[-1].id))
                self.shown_scan_id = computer[-1].id
            self.phone.load(done, self.controller.model.findings(),
                            computer[-1].id if computer else -1)
        except Exception:
            pass  # the dashboard then shows what the plaintext columns hold

    # ---- navigation and actions

    def go(self, page: str) -> None:
        self.nav.setCurrentRow(PAGES.index(page))

    def current_page(self) -> str:
        return PAGES[self.pages.currentIndex()]

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        if PAGES[row] == "history":
            self.history_view.refresh()
        elif PAGES[row] == "reports":
            self.reports_view.current = self.controller.outcome
            self.reports_view.refresh()

    def start_scan(self) -> None:
        if self.root.currentWidget() is not self.main_area:
            return
        self.go("scan")
        self.scan_view.start_scan()

    def scan_phone(self, serial: str) -> bool:
        """Read one phone's app permissions (permissions.android, that serial only)."""
        return self.phone.scan(serial)

    # the phone audits' parts, by their former names (tests and tools use them)
    @property
    def phone_controller(self) -> ScanController:
        return self.phone.controller

    @property
    def phone_grants(self) -> dict[str, list[Finding]]:
        return self.phone.grants

    @property
    def phone_scan_ids(self) -> dict[str, int | None]:
        return self.phone.scan_ids

    @property
    def scanning(self) -> bool:
        return self.controller.running or self.phone.running

    def cancel_scan(self) -> None:
        for c in (self.controller, self.phone.controller):
            if c.running:
                c.cancel()

    def find_findings(self) -> None:
        if self.root.currentWidget() is not self.main_area:
            return
        if self.current_page() == "permissions":  # Ctrl+F: the page's own filter
            self.permissions_view.focus_filter()
            return
        self.go("findings")
        self.findings_view.focus_search()

    def show_category(self, category: str) -> None:
        self.go("findings")
        self.findings_view.show_category(category)

    def show_area(self, area: str) -> None:
        """An area's Show on the Dashboard: its findings, or the Permissions screen (for
        app permissions, the phone's grants)."""
        if area in ("permissions", "phone"):
            self.go("permissions")
            pv = self.permissions_view
            phones = [d for d in pv.model.devices() if d != THIS_COMPUTER]
            pv.set_device(phones[0] if area == "phone" and phones else THIS_COMPUTER)
            return
        self.go("findings")
        self.findings_view.show_source(area)

    def show_finding(self, finding: Finding) -> None:
        self.go("findings")
        self.findings_view.clear_filters()
        self.findings_view.proxy.set_location(finding.location)
        fv = self.findings_view
        for row in range(fv.proxy.rowCount()):
            src = fv.proxy.mapToSource(fv.proxy.index(row, 0))
            if fv.model.finding(src.row()) == finding:
                fv.select_row(row)
                break

    def remediation_context(self) -> tuple[Any, int | None, dict[str, Any]]:
        """The log, the scan id and the access facts of the audit the findings come from."""
        if not self.session.unlocked:
            return None, None, {}
        out = self.controller.outcome
        if out is not None:
            return self.session.ledger, out.scan_id, dict(getattr(out.result, "access", {}))
        return self.session.ledger, self.shown_scan_id, {}

    def grant_scan_id(self, grant: Finding) -> int | None:
        """The logged audit a grant on the Permissions screen came from: a phone's own audit
        for its grants, else this computer's audit shown."""
        return self.phone.grant_scan_id(grant, self.remediation_context()[1])

    def _acted(self, kind: str, location: str, outcome: str) -> None:
        # the remediation module already recorded the action in the log
        self.statusBar().showMessage(outcome, 8000)

    # ---- scan events

    def _state_changed(self, state: str) -> None:
        words = {"running": self.tr("Scanning…"), "paused": self.tr("Paused."),
                 "stopping": self.tr("Stopping…"), "idle": self.tr("Ready.")}
        self.statusBar().showMessage(words.get(state, ""))

    def _scan_finished(self, outcome: ScanOutcome) -> None:
        if is_phone_audit(outcome.scanner_ids):  # a custom scan of the phone only
            self.phone.take(outcome)
            self._log_warning(outcome)
            return
        # a phone this audit read too: its grants are now the newest of that phone
        self.phone.computer_read(self.controller.model.findings())
        self.refresh_all()
        self._log_warning(outcome)

    def _log_warning(self, outcome: ScanOutcome) -> None:
        if outcome.log_warning:
            self.statusBar().showMessage(self.tr("The scan was not recorded in the audit"
                                                 " log: %1").replace("%1", outcome.log_warning))

    def _phone_note(self, text: str) -> None:
        self.permissions_view.phone_note.setText(text)

    def _phone_read(self, outcome: ScanOutcome) -> None:
        """Scan phone… finished: the user asked from the Permissions screen, it shows the
        result there."""
        self._log_warning(outcome)
        self.go("permissions")

    def _scan_failed(self, message: str) -> None:
        text = self.tr("The scan stopped because of an error: %1").replace("%1", message)
        if self.unattended:
            self.statusBar().showMessage(text)
            return
        QMessageBox.warning(self, self.tr("The scan stopped"), text)

    def _purged(self) -> None:
        self.phone.clear()
        self.refresh_all()

    def permission_findings(self) -> list[Finding]:
        """This computer's audit, with each phone's newest grants in place of older ones."""
        return self.phone.findings_with(self.controller.model.findings())

    def refresh_all(self) -> None:
        self.dashboard.set_data(self.dashboard_data())
        self.permissions_view.set_findings(self.permission_findings())
        self.history_view.refresh()
        self.reports_view.current = self.controller.outcome
        self.reports_view.refresh()

    def dashboard_data(self) -> DashboardData:
        d = DashboardData()
        try:
            # only audits that covered their scope are trended and compared
            scans = [s for s in self.session.computer_scans()
                     if s.score is not None and s.complete]
        except Exception:
            scans = []
        d.trend = [(local_time(s.started)[5:10], int(s.score or 0)) for s in scans]
        if len({label for label, _ in d.trend}) < len(d.trend):  # several audits a day
            d.trend = [(f"#{s.id}", int(s.score or 0)) for s in scans]
        out = self.controller.outcome
        if out is not None:
            score = out.score
            d.value, d.band = int(score.value), getattr(score, "band", None)
            # the category shares add up to the index (scoring's largest remainder)
            d.parts = [(str(p.category), float(getattr(p, "share", p.points)), int(p.distinct))
                       for p in score.parts]
            if hasattr(score, "sentence"):  # why this score, in the window's language
                lang = "zh" if (self.prefs.language or "").startswith("zh") else "en"
                d.sentence = score.sentence(lang)
                d.contributions = list(score.location_shares[:4])
            finished = out.result.finished or datetime.now().astimezone()
            d.last_audit = finished.astimezone().strftime("%Y-%m-%d %H:%M")
            d.scope = list(out.result.roots)
            from scanners.assessment.coverage import coverage_of

            cov = coverage_of(out.result)
            d.complete, d.incomplete = cov.complete, incomplete_reasons(cov)
            if out.scan_id is None and cov.complete:
                d.trend.append((self.tr("now"), d.value))
            logged = [s for s in scans if s.id != out.scan_id]
            d.previous = int(logged[-1].score or 0) if logged and cov.complete else None
            d.top = top_risks(out.result.findings, score=score)
            unread = incomplete_reasons(cov)[-1] if "unreadable" in cov.codes else ""
            d.areas = area_statuses(self.permission_findings(), out.result.statuses,
                                    out.scanner_ids, unread, out.result.cancelled)
        elif scans:
            last = scans[-1]
            d.value, d.band = int(last.score or 0), last.band
            d.parts = [(str(p.get("category")), float(p.get("points", 0)),
                        int(p.get("distinct", 0))) for p in last.score_parts]
            d.last_audit = local_time(last.finished or last.started)
            d.scope = list(last.roots)
            d.previous = int(scans[-2].score or 0) if len(scans) > 1 else None
            d.top = top_risks(self.controller.model.findings())
            d.areas = area_statuses(self.permission_findings(),
                                    logged_statuses(getattr(last, "statuses", ())),
                                    last.scanners, stopped=last.status == "cancelled")
        return d

    # ---- language and theme

    def set_language(self, language: str) -> None:
        self.prefs.language = i18n.install(language)
        gui_settings.save(self.prefs)
        self.first_run.retranslate()
        self.retranslate()
        self.controller.model.relabel()
        if self.root.currentWidget() is not self.first_run:
            self._build_pages()
        else:
            self._build_pages()
            self.root.setCurrentWidget(self.first_run)

    def set_theme(self, name: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, name)

    # ---- quitting

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.scanning and self.unattended:
            self.cancel_scan()
            self.controller.wait(QUIT_WAIT_SECONDS)
            self.phone.controller.wait(QUIT_WAIT_SECONDS)
        elif self.scanning:
            answer = QMessageBox.question(
                self, self.tr("A scan is running"),
                self.tr("A scan is running. Stop it and quit? What was found so far is kept"
                        " in the log."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.statusBar().showMessage(self.tr("Stopping…"))
            self.cancel_scan()
            QCoreApplication.processEvents()
            if not (self.controller.wait(QUIT_WAIT_SECONDS)
                    and self.phone.controller.wait(QUIT_WAIT_SECONDS)):
                QMessageBox.warning(self, self.tr("Still stopping"), self.tr(
                    "The scan did not stop in time; piaudit will close anyway."))
        self.session.close()
        event.accept()
