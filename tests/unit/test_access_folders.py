"""World-readable needs every folder above a file to let others pass: asked once per folder
in a scan (a memo shared by its files), with the same answers as asking for each file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanners.assessment import access
from scanners.assessment.access import _traversable_by_others


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_memo_answers_like_each_file_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    open_dir = tmp_path / "open" / "deep"
    closed = tmp_path / "closed"
    under_closed = closed / "inner"
    for d in (open_dir, under_closed):
        d.mkdir(parents=True)
    files = [open_dir / "a.txt", open_dir / "b.txt", tmp_path / "open" / "c.txt",
             under_closed / "d.txt", closed / "e.txt"]
    for f in files:
        f.write_text("x")
        f.chmod(0o644)
    (tmp_path / "open").chmod(0o755)
    open_dir.chmod(0o755)
    closed.chmod(0o750)  # others cannot pass: nothing below is readable by them
    under_closed.chmod(0o755)
    alone = [_traversable_by_others(str(f)) for f in files]
    known: dict[str, bool] = {}
    shared = [_traversable_by_others(str(f), known) for f in files]
    again = [_traversable_by_others(str(f), known) for f in reversed(files)]
    assert shared == alone == list(reversed(again))
    above_tmp = _traversable_by_others(str(tmp_path / "x"))
    assert alone[3] is False and alone[4] is False
    assert alone[:3] == [above_tmp] * 3
    assert str(closed) in known and known[str(closed)] is False


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_collect_stats_each_folder_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    paths = []
    for i in range(30):
        p = folder / f"f{i}.txt"
        p.write_text("x")
        p.chmod(0o644)
        paths.append(str(p))
    asked: list[str] = []
    real_stat = os.stat

    def counting_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        asked.append(str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    known: dict[str, bool] = {}
    monkeypatch.setattr(access.os, "stat", counting_stat)
    for p in paths:
        access.facts_for(p, hash_file=False, folders=known)
    assert asked.count(str(folder)) == 1  # not once per file
    assert len(asked) <= len(paths) + len(Path(folder).parts)
