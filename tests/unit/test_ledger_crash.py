"""Crash safety of the audit log: kill -9 in the middle of a scan, and a read-only data dir."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from .ledger_helpers import (
    _no_real_keyring,  # noqa: F401  (autouse fixture)
    open_log,
)

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from scanners.ledger import Ledger
    from tests.unit.ledger_helpers import findings, record_scan, PW

    log = Ledger.open(Path(sys.argv[1]), PW, kdf_n=2**10)
    record_scan(log, 50, scan=0)
    record_scan(log, 50, scan=1)
    sid = log.begin_scan(["/home/demo"], ["content.files"])
    batch = 0
    while True:  # the scan never ends: it is killed
        log.add_findings(sid, findings(200, scan=batch), batch=200)
        batch += 1
        print(f"batch {batch}", flush=True)
""")


def test_kill_9_mid_scan_leaves_a_sound_log(data_dir, tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    path = data_dir / "audit-log.sqlite"
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(ROOT)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        for line in proc.stdout:
            if line.strip() == "batch 5" or time.monotonic() > deadline:
                break
        time.sleep(0.05)  # let it get into the next transaction
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    with open_log(data_dir) as log:
        report = log.verify()
        assert report.ok, report
        scans = log.scans()
        assert [s.status for s in scans] == ["complete", "complete", "incomplete"]
        assert report.incomplete == (3,)
        for s in scans[:2]:
            assert len(log.scan(s.id)[1]) == 50
        partial = list(log.findings(3))
        assert len(partial) >= 1000 and len(partial) % 200 == 0  # whole batches only
        # ...and the log goes on.
        sid = log.begin_scan(["/"], ["content.files"])
        log.finish_scan(sid, status="complete")
        assert log.verify().ok


READ_ONLY = textwrap.dedent("""
    import io, json, os, sys
    from contextlib import redirect_stderr
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    data = Path(sys.argv[1])
    os.environ["PIAUDIT_DATA_DIR"] = str(data)
    os.environ["PIAUDIT_KEYRING"] = "0"
    from scanners.ledger import Ledger, LedgerError
    from tests.unit.ledger_helpers import findings, record_scan, PW
    out = {}

    # A fresh read-only data dir: the log cannot even be created.
    fresh = data / "fresh"
    fresh.mkdir()
    fresh.chmod(0o500)
    try:
        Ledger.open(fresh / "audit-log.sqlite", PW, kdf_n=2**10)
        out["create"] = "opened?!"
    except LedgerError as exc:
        out["create"] = type(exc).__name__ + ": " + str(exc)

    # An existing log whose folder becomes read-only.
    log = Ledger.open(data / "audit-log.sqlite", PW, kdf_n=2**10)
    record_scan(log, 5)
    log.close()
    for p in data.glob("audit-log.sqlite*"):
        p.chmod(0o400)
    data.chmod(0o500)
    try:
        log = Ledger.open(data / "audit-log.sqlite", PW, kdf_n=2**10)
        log.begin_scan(["/"], ["content.files"])
        out["write"] = "written?!"
    except LedgerError as exc:
        out["write"] = type(exc).__name__ + ": " + str(exc)

    # The scan command still reports its findings.
    pwfile = Path(sys.argv[3])
    os.environ["PIAUDIT_PASSPHRASE_FILE"] = str(pwfile)
    from scanners.cli.entry import main
    err = io.StringIO()
    with redirect_stderr(err):
        out["exit"] = main(["scan", sys.argv[4], "--format", "jsonl", "--jobs", "1",
                            "-o", sys.argv[5]])
    out["stderr"] = err.getvalue()
    print(json.dumps(out))
""")


def _user_namespaces() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run([unshare, "--user", "--map-user=1000", "--map-group=1000", "true"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(
    os.geteuid() == 0 and not _user_namespaces(),
    reason="root ignores file modes, and this system allows no user namespace to run the "
           "read-only scenario unprivileged",
)
def test_read_only_data_dir_gives_clear_errors_and_the_scan_goes_on(tmp_path):
    from .helpers import ADULT_ID

    # Root ignores file modes, so when we are root the scenario runs in a user namespace.
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="piaudit-ro-"))
    try:
        base.chmod(0o755)
        data, scan, out_file, pwfile = base / "data", base / "scan", base / "out.jsonl", base / "pw"
        data.mkdir(mode=0o700)
        scan.mkdir()
        (scan / "a.txt").write_text(f"身份证号 {ADULT_ID}\n", encoding="utf-8")
        pwfile.write_text("ro passphrase\n", encoding="utf-8")
        script = base / "ro.py"
        script.write_text(READ_ONLY, encoding="utf-8")
        # the fingerprint key and cache exist from an earlier run (as they would)
        from scanners.detection.redact import load_or_create_key

        load_or_create_key(data)
        prefix: list[str] = []
        if as_root:  # run unprivileged in a user namespace, where file modes apply again
            prefix = [str(shutil.which("unshare")), "--user", "--map-user=1000", "--map-group=1000"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIAUDIT_")}
        env["HOME"] = str(base)
        env["TMPDIR"] = str(base)
        proc = subprocess.run(
            [*prefix, sys.executable, str(script), str(data), str(ROOT), str(pwfile), str(scan),
             str(out_file)],
            capture_output=True, text=True, timeout=120, env=env, cwd=str(base),
        )
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        assert out["create"].startswith("LedgerUnwritable") and "read-only" in out["create"], out
        assert out["write"].startswith("LedgerUnwritable"), out
        assert out["exit"] == 0, out
        not_logged = [line for line in out["stderr"].splitlines() if "not logged" in line]
        assert len(not_logged) == 1, out["stderr"]
        assert "Traceback" not in out["stderr"]
        lines = out_file.read_text(encoding="utf-8").splitlines()
        assert any(json.loads(line)["rule"].startswith("identity") for line in lines)
    finally:
        for p in [base, *base.rglob("*")]:
            if p.is_dir():
                os.chmod(p, 0o755)
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")
def test_interrupted_scan_is_reported_as_incomplete(data_dir):
    with open_log(data_dir) as log:
        log.begin_scan(["/home/demo"], ["content.files"])
    with open_log(data_dir) as log:
        [s] = log.scans()
        assert s.status == "incomplete" and not s.complete and s.finished is None
