"""Ctrl-C stops a scan cleanly: partial results are written and the exit code says so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from .helpers import ADULT_ID


@pytest.mark.slow
def test_sigint_gives_partial_results(tmp_path):
    root = tmp_path / "many"
    line = f"身份证号 {ADULT_ID} 联系 13812345678\n" * 200
    for i in range(600):
        d = root / f"d{i % 10}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i}.txt").write_text(line, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "scanners", "scan", str(root), "--format", "jsonl", "-o", str(out),
         "--jobs", "2", "--full"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONPATH=os.getcwd()),
    )
    # Wait until results are flowing, then interrupt.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 10_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(rows) < 600 * 400
    assert "interrupted" in err
