"""Event-loop latency of piaudit-gui during a scan: a 10 ms QTimer probe, p50/p99/max.

    python bench/gui_latency.py [--files 100000] [--jobs 0] [--tree DIR] [--keep]

Generates a tree of small text files (one in ten holds synthetic personal data with valid
check digits), opens the real main window offscreen with the Findings screen showing, scans
the tree with the window's own controller (findings stream into the table), and measures how
late each 10 ms tick of a QTimer fires. Target: p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RECORD = "客户 {i}: 姓名 张三 身份证号 11011319491231002X 手机 13812345678\n"
PLAIN = "meeting notes {i}: nothing personal here, just plain text for the scanner.\n"
TICK_MS = 10


def make_tree(root: Path, files: int) -> None:
    per_dir = 500
    for i in range(files):
        d = root / f"d{i // per_dir:04d}"
        if i % per_dir == 0:
            d.mkdir(parents=True, exist_ok=True)
        text = (RECORD if i % 10 == 0 else PLAIN).format(i=i) * 3
        with open(d / f"f{i:06d}.txt", "w", encoding="utf-8") as fh:
            fh.write(text)


def _profile_models() -> dict[str, list[float]]:
    """Wrap the models' methods that Qt calls (class attributes, before any instance)."""
    from desktop.findings import findings_model as fm

    calls: dict[str, list[float]] = {}
    for cls in (fm.FindingsModel, fm.FindingsFilter, fm.LocationsModel):
        for name in ("data", "rowCount", "columnCount", "headerData", "filterAcceptsRow"):
            real = cls.__dict__.get(name)
            if real is None:
                continue
            key = f"{cls.__name__}.{name}"
            calls[key] = [0, 0.0]

            def timed(self: object, *a: object, _real: object = real, _k: str = key) -> object:
                t = time.perf_counter()
                try:
                    return _real(self, *a)  # type: ignore[operator]
                finally:
                    calls[_k][0] += 1
                    calls[_k][1] += (time.perf_counter() - t) * 1000

            setattr(cls, name, timed)
    return calls


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))] if s else 0.0


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - the timed GUI steps, in order
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=0, help="scan workers (0: one per core)")
    ap.add_argument("--tree", help="scan this existing tree instead of generating one")
    ap.add_argument("--keep", action="store_true", help="keep the generated tree")
    ap.add_argument("--page", default="findings", choices=("findings", "scan", "dashboard"),
                    help="the screen shown during the scan (findings: the table fills live)")
    ap.add_argument("--verbose", action="store_true", help="list the ten longest stalls")
    ap.add_argument("--profile", action="store_true",
                    help="count and time the GUI thread's calls into the Python models")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = tempfile.mkdtemp(prefix="piaudit-guilat-")
    os.environ["PIAUDIT_DATA_DIR"] = str(Path(work) / "data")
    os.environ["PIAUDIT_GUI_SETTINGS"] = str(Path(work) / "gui.ini")
    os.environ["PIAUDIT_KEYRING"] = "0"
    os.environ["PIAUDIT_TEST_KDF_N"] = str(2**12)
    tree = Path(args.tree) if args.tree else Path(work) / "tree"
    if not args.tree:
        t0 = time.perf_counter()
        make_tree(tree, args.files)
        print(f"generated {args.files:,} files in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.main_window import MainWindow
    from desktop.scan.worker import ScanRequest
    from desktop.settings import gui_settings
    from desktop.texts import i18n
    from desktop.widgets import theme

    calls = _profile_models() if args.profile else None
    app = QApplication.instance() or QApplication(["piaudit-gui"])
    assert isinstance(app, QApplication)
    i18n.install("en")
    theme.apply(app, "light")
    window = MainWindow(prefs=gui_settings.Prefs(language="en", first_run_done=True,
                                                 jobs=args.jobs), pool=QThreadPool())
    window.session.create("benchmark passphrase", use_keyring=False)  # logged, as for users
    window._enter_app()
    window.resize(1200, 780)
    window.show()
    window.go(args.page)

    lateness: list[float] = []
    stamps: list[float] = []
    clock = QElapsedTimer()
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        lateness.append(max(0.0, now - last[0] - TICK_MS))
        stamps.append(now)
        last[0] = now

    probe = QTimer()
    probe.setInterval(TICK_MS)
    probe.timeout.connect(tick)
    loop = QEventLoop()
    window.controller.finished.connect(loop.quit)
    window.controller.failed.connect(loop.quit)
    clock.start()
    started = time.perf_counter()
    window.controller.start(ScanRequest(roots=(str(tree),), jobs=args.jobs))
    last[0] = clock.nsecsElapsed() / 1e6
    probe.start()
    loop.exec()
    probe.stop()
    seconds = time.perf_counter() - started
    out = window.controller.outcome
    findings = window.controller.model.rowCount()
    window.close()
    QThreadPool.globalInstance().waitForDone()
    if out is None:
        print("the scan failed", file=sys.stderr)
        return 1
    files = out.result.stats.files_scanned + out.result.stats.files_cached
    print(f"gui latency during a scan of {files:,} files ({findings:,} findings,"
          f" {seconds:.1f} s, {len(lateness):,} ticks of {TICK_MS} ms):")
    print(f"  p50 {percentile(lateness, 50):.1f} ms   p99 {percentile(lateness, 99):.1f} ms"
          f"   max {max(lateness, default=0):.1f} ms   mean {statistics.fmean(lateness or [0]):.1f}"
          f" ms   target p99 < 50 ms: {'OK' if percentile(lateness, 99) < 50 else 'MISSED'}")
    if args.verbose:
        worst = sorted(range(len(lateness)), key=lambda i: -lateness[i])[:10]
        print("  longest stalls (ms late at ms since start): " + ", ".join(
            f"{lateness[i]:.0f}@{stamps[i]:.0f}" for i in sorted(worst)))
    if calls is not None:
        print("  model calls (count, ms): " + ", ".join(
            f"{k} {n:,}/{ms:.0f}" for k, (n, ms) in sorted(calls.items())))
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"tree kept in {tree}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
