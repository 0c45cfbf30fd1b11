"""Render every screen of piaudit-gui, in English and Simplified Chinese, to docs/screenshots/.

    python tools/screenshots.py [--out docs/screenshots] [--lang en,zh_CN]

Runs offscreen (QT_QPA_PLATFORM=offscreen) in a throw-away data folder with synthetic data:
a few audits of a generated folder so the dashboard, trend and history have something to
show. Install a CJK font first (Debian: apt-get install fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASS = "screenshot passphrase"

# Synthetic records with valid checksums; the names are placeholders.
ROWS = [
    ("张三", "11011319491231002X", "13812345678"),
    ("李四", "440308199901010014", "13912345670"),
    ("王五", "320106198001010012", "15012345678"),
]


def make_demo_tree(base: Path, richer: bool) -> Path:
    docs = base / "Documents"
    for sub in ("Documents", "Downloads", "Desktop"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    lines = ["姓名,身份证号,手机"] + [",".join(r) for r in ROWS]
    (base / "Downloads" / "customers-export.csv").write_text("\n".join(lines) + "\n",
                                                             encoding="utf-8")
    (docs / "notes.txt").write_text("联系我: 13812345678\nemail: zhang.san@example.com\n",
                                    encoding="utf-8")
    (base / "Desktop" / "readme.txt").write_text("nothing here\n", encoding="utf-8")
    if richer:
        (docs / "bank.txt").write_text("银行卡号 6222 0212 3456 7899 有效期 12/28\n",
                                       encoding="utf-8")
        (base / "Desktop" / "passwords.txt").write_text(
            "email password: Tr0ub4dor&3\nGPS 39.9042, 116.4074\n", encoding="utf-8")
    return base


def remediate_demo(window: object, home: Path) -> None:
    """An accepted risk and a file moved to the vault, for the History > vault tab."""
    from scanners.actions.remediate import Remediator

    out = window.controller.outcome  # type: ignore[attr-defined]
    ledger = window.session.ledger  # type: ignore[attr-defined]
    if out is None or ledger is None or out.scan_id is None:
        return
    rem = Remediator(ledger, out.scan_id, facts=dict(out.result.access))
    findings = out.result.findings
    target = str(home / "Desktop" / "passwords.txt")
    accept = next((f for f in findings if f.location != target), None)
    if accept is not None:
        rem.run("accept", accept.location, lambda _p: True, fingerprint=accept.fingerprint,
                reason="test data of my own")
    if any(f.location == target for f in findings):
        rem.run("vault", target, lambda _p: True)


def fix_home(window: object) -> list[int]:
    """Every recommended fix on the last audit: files with findings into the vault. Returns
    the action ids, to undo them for the next language's screenshots."""
    from scanners.actions.remediate import RemediationError, Remediator

    out = window.controller.outcome  # type: ignore[attr-defined]
    ledger = window.session.ledger  # type: ignore[attr-defined]
    if out is None or ledger is None or out.scan_id is None:
        return []
    rem = Remediator(ledger, out.scan_id, facts=dict(out.result.access))
    done: list[int] = []
    for file in sorted({f.file for f in out.result.findings if f.file and not f.member}):
        try:
            o = rem.run("vault", file, lambda _p: True)
        except RemediationError:
            continue
        if o.action_id is not None:
            done.append(o.action_id)
    return done


def undo_fixes(window: object, actions: list[int]) -> None:
    from scanners.actions.remediate import Remediator

    ledger = window.session.ledger  # type: ignore[attr-defined]
    for aid in actions:
        Remediator(ledger).undo(aid, lambda _p: True)


PRESENTER_SIZE = (1280, 720)  # a projector's
PRESENTER_STEPS = {"scan": 1, "score": 2, "people": 3, "fixes": 4, "rescan": 5, "compare": 6}


def settle(ms: int = 400) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def presenter_shots(out: Path, langs: list[str], base: Path) -> None:
    """Every step of the presenter mode (`piaudit-gui --demo DIR`), one fresh sandbox per
    language, as presenter-N-step-lang.png; the handout is written in the sandbox."""
    import shutil

    from desktop.presenter.launch import prepare, run_through
    from desktop.presenter.window import PresenterWindow
    from desktop.texts import i18n
    from scanners.demo.session import inside

    compiled: list[Path] = []
    for lang in langs:
        root = base / f"presenter-{lang}"
        box, _ = prepare(root, seed=7)
        if compiled:  # the first sandbox compiled the patterns: the others reuse them
            box.cache.mkdir(parents=True, mode=0o700)
            box.cache.parent.chmod(0o700)
            for path in compiled:
                shutil.copy2(path, box.cache / path.name)
        with inside(box):
            i18n.install(lang)
            window = PresenterWindow(box, lang)
            window.resize(*PRESENTER_SIZE)
            window.show()

            taken: set[str] = set()

            def grab(step: str, window: PresenterWindow = window, lang: str = lang,
                     taken: set[str] = taken, wait: bool = True) -> None:
                if step in taken:
                    return
                taken.add(step)
                if wait:
                    settle()  # the step's widgets are shown by a queued call
                path = out / f"presenter-{PRESENTER_STEPS[step]}-{step}-{lang}.png"
                window.grab().save(str(path))
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

            def live(n: int, window: PresenterWindow = window, grab: Any = grab) -> None:
                if window.step == "scan" and n >= 100:  # the first scan, under way
                    window.pages[0].where.repaint()
                    grab("scan", wait=False)

            window.flow.found.connect(live)
            run_through(window, 300, grab)
            window.export_handout()
            window.close()
        compiled = sorted(box.cache.glob("patterns-*"))


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - the screenshots, taken in order
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--lang", default="en,zh_CN")
    ap.add_argument("--only", choices=("all", "presenter"), default="all",
                    help="presenter: only the presenter mode's steps")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = tempfile.TemporaryDirectory(prefix="piaudit-shots-")
    base = Path(tmp.name)
    os.environ["PIAUDIT_DATA_DIR"] = str(base / "data")
    os.environ["PIAUDIT_GUI_SETTINGS"] = str(base / "gui.ini")
    os.environ["PIAUDIT_KEYRING"] = "0"
    os.environ["PIAUDIT_TEST_KDF_N"] = str(2**10)
    os.environ["HOME"] = str(base / "home")

    from PySide6.QtCore import QEventLoop, Qt, QThreadPool, QTimer
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from desktop.main_window import DEFAULT_SIZE, PAGES, MainWindow
    from desktop.settings import gui_settings
    from desktop.texts import i18n
    from desktop.widgets import theme

    app = QApplication.instance() or QApplication(["piaudit-gui"])
    assert isinstance(app, QApplication)
    families = QFontDatabase.families()
    for family in ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei"):
        if family in families:
            app.setFont(QFont(family, 10))
            break
    else:
        print("warning: no CJK font found; Chinese text will render as boxes", file=sys.stderr)
    theme.apply(app, "light")
    presenter_shots(out, args.lang.split(","), base)
    if args.only == "presenter":
        QThreadPool.globalInstance().waitForDone()
        tmp.cleanup()
        return 0
    home = make_demo_tree(base / "home", richer=False)

    def run_scan(window: MainWindow, folders: list[str]) -> None:
        loop = QEventLoop()
        window.controller.finished.connect(loop.quit)
        window.controller.failed.connect(loop.quit)
        QTimer.singleShot(120_000, loop.quit)
        window.scan_view.set_custom_folders(folders)
        window.scan_view.start_scan()
        loop.exec()
        window.controller.finished.disconnect(loop.quit)
        window.controller.failed.disconnect(loop.quit)

    def settle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(400, loop.quit)  # debounced counters and layouts catch up
        loop.exec()

    def grab(window: MainWindow, name: str, lang: str, minimum: bool = False) -> None:
        """The window at its default size (1180x780) and, with `minimum`, also at its
        minimum size, as `name-min-lang.png`."""
        sizes = [("", DEFAULT_SIZE)] + ([("-min", window.minimumSize())] if minimum else [])
        for suffix, size in sizes:
            window.resize(size)
            settle()
            path = out / f"{name}{suffix}-{lang}.png"
            window.grab().save(str(path))
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        window.resize(DEFAULT_SIZE)

    for n, lang in enumerate(args.lang.split(",")):
        i18n.install(lang)
        prefs = gui_settings.Prefs(language=lang, preset="custom", jobs=1)
        window = MainWindow(prefs=prefs, pool=QThreadPool())
        window.resize(DEFAULT_SIZE)
        window.start_flow()
        window.show()
        window.root.setCurrentWidget(window.unlock_page)
        grab(window, "unlock", lang)
        window.root.setCurrentWidget(window.first_run)
        window.first_run.pass1.setText(PASS)
        window.first_run.pass2.setText(PASS)
        grab(window, "first-run", lang)
        if n == 0:
            window.first_run.start.click()
        else:
            window.session.unlock(PASS)
            window._enter_app()
        if n == 0:
            # three audits over time: the trend and history need them
            run_scan(window, [str(home / "Documents")])
            run_scan(window, [str(home)])
            make_demo_tree(home, richer=True)
        window.go("scan")
        run_scan(window, [str(home)])
        window.go("dashboard")
        grab(window, "dashboard", lang, minimum=True)
        window.go("scan")
        grab(window, "scan", lang, minimum=True)
        if n == 0:
            remediate_demo(window, home)
        # store and permission findings as the store/permission scanners report them
        from synth.demo_inventory import grant_findings, store_findings

        window.controller.model.add(store_findings() + grant_findings())
        window.refresh_all()
        window.go("findings")
        fv = window.findings_view
        fv.proxy.sort(2, Qt.SortOrder.AscendingOrder)
        fv.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        fv.proxy.sort(1, Qt.SortOrder.DescendingOrder)
        fv.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        fv.select_row(0)
        grab(window, "findings", lang, minimum=True)
        window.findings_view.grouped.setChecked(True)
        window.findings_view.loc_table.selectRow(0)
        grab(window, "findings-grouped", lang)
        window.findings_view.grouped.setChecked(False)
        fv.by_store.setChecked(True)
        fv.store_table.selectRow(0)
        fv.select_row(0)
        grab(window, "findings-stores", lang)
        fv.by_store.setChecked(False)
        window.go("permissions")
        pv = window.permissions_view
        # the per-permission view (the platforms' dashboards), Zoom's camera grant selected
        pv.views.setCurrentWidget(pv.by_permission)
        zoom = next((i for i in pv.by_permission.app_items("camera") if i.text(0) == "Zoom"),
                    None)
        if zoom is not None:
            pv.by_permission.setCurrentItem(zoom)
        grab(window, "permissions", lang, minimum=True)
        pv.views.setCurrentWidget(pv.table)
        m = pv.model
        row = next((r for r in range(m.rowCount())
                    if m.headerData(r, Qt.Orientation.Vertical) == "Zoom"), 0)
        pv.table.setCurrentIndex(m.index(row, m.perms.index("camera") if "camera" in m.perms
                                         else 0))
        grab(window, "permissions-matrix", lang)
        pv.views.setCurrentWidget(pv.by_permission)
        window.go("history")
        hv = window.history_view
        ids = sorted(s.id for s in hv.model.rows)
        if len(ids) >= 2:
            hv.compare(ids[-2], ids[-1])
        hv.verify()
        grab(window, "history", lang)
        hv.tabs.setCurrentIndex(1)
        grab(window, "history-actions", lang)
        hv.tabs.setCurrentIndex(0)
        for page in ("reports", "settings"):
            window.go(page)
            grab(window, page, lang)
        # a fixed home: every recommended fix, then a new audit of the same folders
        fixes = fix_home(window)
        window.go("scan")
        run_scan(window, [str(home)])
        window.go("dashboard")
        grab(window, "dashboard-fixed", lang)
        undo_fixes(window, fixes)
        # an incomplete audit: cancelled before anything was read
        window.go("scan")
        window.scan_view.set_custom_folders([str(home)])
        stopped = QEventLoop()
        window.controller.finished.connect(stopped.quit)
        QTimer.singleShot(60_000, stopped.quit)
        window.controller.start(window.scan_view.request(), paused=True)
        window.controller.cancel()
        stopped.exec()
        window.controller.finished.disconnect(stopped.quit)
        grab(window, "scan-incomplete", lang, minimum=True)
        window.go("dashboard")
        grab(window, "dashboard-incomplete", lang, minimum=True)
        assert set(PAGES) <= {"dashboard", "scan", "findings", "permissions", "history",
                              "reports", "settings", "fleet"}
        window.close()
        window.deleteLater()
        app.processEvents()
    QThreadPool.globalInstance().waitForDone()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
