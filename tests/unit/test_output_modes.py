"""Issue 11, data safety: every file piaudit writes that lists findings is 0600 whatever the
umask - scan --output in every format, report --output, the log's export, the desktop
window's export, crash logs - whether it is new or overwrites an older, wider file.

Each write runs in a real process started with umask 000, where anything left to the umask
would come out 0666.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .helpers import ADULT_ID

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"),
                          preexec_fn=lambda: os.umask(0), **kw)  # type: ignore[call-overload]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "customers.txt").write_text(f"身份证号 {ADULT_ID} 手机 13812345678\n",
                                        encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "sarif", "ocsf"])
def test_scan_output_is_0600_in_every_format(tmp_path, folder, fmt):
    out = tmp_path / f"out.{fmt}"
    proc = _run([sys.executable, "-m", "scanners", "scan", str(folder), "--format", fmt,
                 "-o", str(out), "--scanners", "content", "--jobs", "1", "--no-log", "-q"])
    assert proc.returncode == 0, proc.stderr
    assert "1101**********002X" in out.read_text(encoding="utf-8")  # it lists a finding
    assert _mode(out) == 0o600


def test_scan_output_over_an_older_wider_file_becomes_0600(tmp_path, folder):
    out = tmp_path / "out.json"
    out.write_text("an older, longer report " * 1000, encoding="utf-8")
    os.chmod(out, 0o666)
    proc = _run([sys.executable, "-m", "scanners", "scan", str(folder), "--format", "json",
                 "-o", str(out), "--scanners", "content", "--jobs", "1", "--no-log", "-q"])
    assert proc.returncode == 0, proc.stderr
    assert _mode(out) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]  # replaced, not appended


def test_output_to_a_device_leaves_its_mode_alone(folder):
    # /dev/null is the system's, not a report: narrowing it to 0600 (as root) would break
    # every other program on the machine
    before = _mode(Path("/dev/null"))
    proc = _run([sys.executable, "-m", "scanners", "scan", str(folder), "--format", "json",
                 "-o", "/dev/null", "--scanners", "content", "--jobs", "1", "--no-log", "-q"])
    assert proc.returncode == 0, proc.stderr
    assert _mode(Path("/dev/null")) == before == 0o666


@pytest.fixture
def logged(tmp_path, folder, monkeypatch):
    pp = tmp_path / "pp"
    pp.write_text("correct horse battery staple\n", encoding="utf-8")
    os.chmod(pp, 0o600)
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(pp))
    proc = _run([sys.executable, "-m", "scanners", "scan", str(folder), "--format", "json",
                 "--scanners", "content", "--jobs", "1", "-q"])
    assert proc.returncode == 0, proc.stderr
    return folder


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_log_export_is_0600(tmp_path, logged, fmt):
    out = tmp_path / f"export.{fmt}"
    proc = _run([sys.executable, "-m", "scanners", "export", "1", "--format", fmt,
                 "--output", str(out)])
    assert proc.returncode == 0, proc.stderr
    assert "1101**********002X" in out.read_text(encoding="utf-8-sig")
    assert _mode(out) == 0o600


@pytest.mark.parametrize("fmt", ["html", "pdf", "csv"])
def test_report_output_is_0600(tmp_path, logged, fmt):
    out = tmp_path / f"report.{fmt}"
    out.write_bytes(b"old")
    os.chmod(out, 0o644)
    proc = _run([sys.executable, "-m", "scanners", "report", "latest", "--format", fmt,
                 "--output", str(out)])
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 100
    assert _mode(out) == 0o600


def test_desktop_export_is_0600(tmp_path, folder):
    out = tmp_path / "export.csv"
    code = textwrap.dedent(f"""
        from pathlib import Path
        from scanners import engine
        from desktop.services import export_report
        ctx = engine.make_context([Path({str(folder)!r})], jobs=1, cache=False)
        result = engine.audit(ctx, ["content"])
        export_report(result, "csv", Path({str(out)!r}))
    """)
    proc = _run([sys.executable, "-c", code])
    assert proc.returncode == 0, proc.stderr
    assert "1101**********002X" in out.read_text(encoding="utf-8-sig")
    assert _mode(out) == 0o600


def test_crash_log_is_0600(tmp_path):
    code = textwrap.dedent("""
        from desktop.crash import write_crash_log
        try:
            raise ValueError("boom")
        except ValueError as exc:
            print(write_crash_log(type(exc), exc.__traceback__))
    """)
    proc = _run([sys.executable, "-c", code])
    assert proc.returncode == 0, proc.stderr
    path = Path(proc.stdout.strip())
    assert path.is_file() and "ValueError" in path.read_text(encoding="utf-8")
    assert _mode(path) == 0o600


def test_an_older_loose_scan_cache_is_narrowed(tmp_path):
    import os as _os

    from scanners.sources.content.cache import ScanCache

    path = tmp_path / "scan-cache.sqlite"
    path.write_bytes(b"")
    _os.chmod(path, 0o644)
    ScanCache(path, "digest", b"k" * 32).close()
    assert (path.stat().st_mode & 0o777) == 0o600
