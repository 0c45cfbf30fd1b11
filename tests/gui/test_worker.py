"""ScanWorker on a real pool thread: batches, progress, pause/resume, cancel, errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool

from desktop.scan.worker import ScanOutcome, ScanRequest, ScanWorker
from scanners.model import Category
from tests.gui.conftest import ID_NUMBER, PHONE


def _run(qtbot, worker: ScanWorker, pool: QThreadPool) -> ScanOutcome:
    with qtbot.waitSignal(worker.signals.finished, timeout=60_000) as blocker:
        pool.start(worker)
    assert isinstance(blocker.args[0], ScanOutcome)
    return blocker.args[0]


def test_scan_delivers_batches_and_a_score(qtbot, fixture_folder: Path):
    pool = QThreadPool()
    worker = ScanWorker(ScanRequest(roots=(str(fixture_folder),), jobs=1))
    batches: list[list] = []
    worker.signals.findings.connect(batches.append)
    outcome = _run(qtbot, worker, pool)
    got = [f for b in batches for f in b]
    assert {f.category for f in got} >= {Category.IDENTITY, Category.CONTACT}
    assert len(got) == len(outcome.result.findings)
    assert 0 < outcome.score.value <= 100
    # masked previews only: the raw values never reach the GUI thread
    assert all(ID_NUMBER not in f.preview and PHONE not in f.preview for f in got)
    assert outcome.scan_id is None  # no log given
    pool.waitForDone()


def test_pause_holds_and_resume_finishes(qtbot, big_folder: Path):
    pool = QThreadPool()
    worker = ScanWorker(ScanRequest(roots=(str(big_folder),), jobs=1))
    worker.pause()
    with qtbot.assertNotEmitted(worker.signals.finished, wait=500):
        pool.start(worker)
    assert not worker.done.is_set()
    with qtbot.waitSignal(worker.signals.finished, timeout=60_000) as blocker:
        worker.resume()
    outcome = blocker.args[0]
    assert not outcome.result.cancelled
    assert outcome.result.stats.files_scanned == 300
    pool.waitForDone()


def test_cancel_while_paused_stops_at_once(qtbot, big_folder: Path):
    pool = QThreadPool()
    worker = ScanWorker(ScanRequest(roots=(str(big_folder),), jobs=1))
    worker.pause()
    pool.start(worker)
    with qtbot.waitSignal(worker.signals.finished, timeout=10_000) as blocker:
        worker.cancel()
    assert blocker.args[0].result.cancelled
    pool.waitForDone()


def test_log_records_the_scan(qtbot, fixture_folder: Path):
    from desktop.session import Session

    session = Session()
    session.create("a long test passphrase", use_keyring=False)
    pool = QThreadPool()
    worker = ScanWorker(ScanRequest(roots=(str(fixture_folder),), jobs=1), session.ledger)
    outcome = _run(qtbot, worker, pool)
    assert outcome.scan_id == 1 and not outcome.log_warning
    (summary,) = session.scans()
    assert summary.status == "complete" and summary.findings == len(outcome.result.findings)
    session.close()


def test_a_failing_engine_becomes_a_sentence(qtbot, monkeypatch, fixture_folder: Path):
    from scanners import engine

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(engine, "make_context", boom)
    pool = QThreadPool()
    worker = ScanWorker(ScanRequest(roots=(str(fixture_folder),), jobs=1))
    with qtbot.waitSignal(worker.signals.failed, timeout=10_000) as blocker:
        pool.start(worker)
    assert "No space left" in blocker.args[0] and "Traceback" not in blocker.args[0]
    pool.waitForDone()
