"""Privacy invariants: no full value at rest or in output, scanned files unchanged, no sockets."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from scanners.cli.entry import main

from .helpers import ADULT_ID, CHILD_ID, OTHER_ID, tree_snapshot

VALUES = [ADULT_ID, CHILD_ID, OTHER_ID, "13812345678", "6222020200112345674"]


def _plant(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(
        f"身份证号 {ADULT_ID}\n手机 13812345678\n银行卡号 6222020200112345674\n", encoding="utf-8"
    )
    (root / "b.csv").write_text(f"姓名,身份证号\n王小明,{CHILD_ID}\n李四,{OTHER_ID}\n", encoding="utf-8")


def _all_bytes_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_no_full_value_in_any_output_cache_or_temp_file(tmp_path, capsys, data_dir, monkeypatch):
    root = tmp_path / "scan"
    _plant(root)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    outputs = []
    for fmt in ("table", "json", "jsonl", "csv"):
        out_file = tmp_path / f"out.{fmt}"
        assert main(["scan", str(root), "--format", fmt, "--jobs", "2", "-o", str(out_file)]) == 0
        outputs.append(out_file.read_bytes())
    captured = capsys.readouterr()
    blob = b"".join(outputs) + captured.out.encode() + captured.err.encode()
    blob += _all_bytes_under(data_dir) + _all_bytes_under(tmp)
    assert b"1101**********002X" in blob  # the masked preview is there...
    for value in VALUES:  # ...the values are not, in UTF-8 or UTF-16
        assert value.encode() not in blob, value
        assert value.encode("utf-16-le") not in blob, value


def test_scanned_files_are_unchanged(tmp_path):
    root = tmp_path / "scan"
    _plant(root)
    before = tree_snapshot(root)
    assert main(["scan", str(root), "--format", "jsonl", "--jobs", "2", "-q", "-o", os.devnull]) == 0
    assert tree_snapshot(root) == before


def test_a_scan_opens_no_network_socket(tmp_path):
    """Run the CLI in a fresh interpreter (and its worker processes) under an audit hook."""
    root = tmp_path / "scan"
    _plant(root)
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    log = tmp_path / "sockets.log"
    (hook_dir / "sitecustomize.py").write_text(textwrap.dedent(f"""
        import sys, socket
        def _hook(event, args):
            if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.getaddrinfo"):
                sock = args[0] if args else None
                family = getattr(sock, "family", None)
                if family != socket.AF_UNIX:
                    with open({str(log)!r}, "a") as fh:
                        fh.write(event + " " + repr(args[1:])[:80] + "\\n")
        sys.addaudithook(_hook)
    """))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(hook_dir), os.getcwd()]))
    proc = subprocess.run(
        [sys.executable, "-m", "scanners", "scan", str(root), "--format", "jsonl", "--jobs", "2"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "identity.cn_resident_id" in proc.stdout
    assert not log.exists(), log.read_text()
