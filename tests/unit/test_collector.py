"""The cycle collector's tuning for reading files: raised while reading, restored after."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

from scanners import engine
from scanners.system.collector import few_passes


def test_few_passes_raises_and_restores() -> None:
    before = gc.get_threshold()
    with few_passes():
        assert gc.get_threshold()[0] >= 10_000
    assert gc.get_threshold() == before
    try:
        with few_passes():
            raise KeyError("a file's trouble")
    except KeyError:
        pass
    assert gc.get_threshold() == before


def test_a_worker_freezes_its_start_up_objects() -> None:
    code = textwrap.dedent("""
        import gc
        from scanners.system.collector import tune_worker
        assert gc.get_freeze_count() == 0
        tune_worker()
        assert gc.get_freeze_count() > 1000, gc.get_freeze_count()
        assert gc.get_threshold()[0] >= 10_000
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


def test_an_inline_scan_leaves_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("身份证号 11011319491231002X\n", encoding="utf-8")
    before = gc.get_threshold()
    result = engine.audit(engine.make_context([tmp_path], jobs=1, cache=False))
    assert any(f.rule == "identity.cn_resident_id" for f in result.findings)
    assert gc.get_threshold() == before


def test_archives_are_dispatched_before_plain_files_of_their_size() -> None:
    from scanners.sources.content.scanner import cost
    from scanners.sources.content.walk import FileEntry

    def entry(name: str, size: int) -> FileEntry:
        return FileEntry(f"/d/{name}", f"/d/{name}", size, 0, 0, 0, 0o100644)

    files = [entry("big.log", 3_000_000), entry("export.zip", 1_000_000),
             entry("book.XLSX", 900_000), entry("a.txt", 100), entry("zip", 10)]
    order = [e.path.rsplit("/", 1)[1] for e in sorted(files, key=cost, reverse=True)]
    assert order == ["export.zip", "book.XLSX", "big.log", "a.txt", "zip"]
