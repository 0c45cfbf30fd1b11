"""What the worker pool and the pattern database do to be fast, checked for what they keep.

Workers send findings back as plain rows; the parent compiles the pattern database once
(workers load it); old databases do not pile up in the cache folder.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from scanners import engine
from scanners.detection import prefilter
from scanners.detection.rules import load_rules
from scanners.sources.content import scanner

from .helpers import ADULT_ID


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    for i in range(5):
        (d / f"n{i}.txt").write_text(f"身份证号：{ADULT_ID}\n电话 1381234567{i}\n", encoding="utf-8")
    (d / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return d


def _audit(folder: Path, data: Path, jobs: int) -> tuple[list[str], list[str]]:
    ctx = engine.make_context([folder], data=data, jobs=jobs, use_cache=False)
    result = engine.audit(ctx, ["content"])
    return (sorted(repr(f.to_dict()) for f in result.findings),
            sorted(repr(e.to_dict()) for e in result.errors))


def test_the_pool_finds_what_one_process_finds(tmp_path: Path) -> None:
    folder, data = _folder(tmp_path), tmp_path / "data"
    data.mkdir(mode=0o700)
    inline = _audit(folder, data, 1)
    pooled = _audit(folder, data, 2)
    assert inline[0] and inline[1]  # findings and the broken zip's error
    assert pooled == inline


def test_a_packed_outcome_unpacks_to_the_same_findings(tmp_path: Path) -> None:
    folder, data = _folder(tmp_path), tmp_path / "data"
    data.mkdir(mode=0o700)
    ctx = engine.make_context([folder], data=data, jobs=1)
    found = engine.audit(ctx, ["content"]).findings
    assert found
    rows = scanner.rows_of(list(found), share=True)
    back = scanner.findings_from(pickle.loads(pickle.dumps(rows)))
    assert back == found


@pytest.mark.skipif(not prefilter.hyperscan_available(), reason="needs the hyperscan wheel")
def test_warm_compiles_once_to_disk_and_keeps_nothing(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIAUDIT_CACHE_DIR", str(tmp_path))
    rules = load_rules().select(["identity.cn_resident_id", "contact.cn_mobile"]).of_kind(
        "pattern")
    memo = dict(prefilter._MEMO)
    prefilter.warm(rules)
    assert memo == prefilter._MEMO
    (db,) = tmp_path.glob("patterns-*.hsdb")
    # a worker then loads it instead of compiling
    assert prefilter.Prefilter(rules).engine == "hyperscan"
    assert list(tmp_path.glob("patterns-*.hsdb")) == [db]


@pytest.mark.skipif(not prefilter.hyperscan_available(), reason="needs the hyperscan wheel")
def test_the_cached_database_keeps_the_rules_shapes(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache file holds each rule's longest match and look-ahead reach beside the modes
    (no pattern parsed again when a worker loads it); a file of the earlier layout (modes
    only) still loads, to the same windows; warm() with the database on disk reads nothing."""
    import json

    monkeypatch.setenv("PIAUDIT_CACHE_DIR", str(tmp_path))
    rules = load_rules().select(["identity.cn_resident_id", "contact.cn_mobile",
                                 "contact.cn_address"]).of_kind("pattern")
    prefilter.warm(rules)
    (db,) = tmp_path.glob("patterns-*.hsdb")
    head, blob = db.read_bytes().split(b"\n", 1)
    plan = json.loads(head)
    built = prefilter.Prefilter(rules, disk_cache=False)
    assert plan["shapes"] == built._shapes() and plan["modes"] == [*built._modes, *plan["modes"][
        len(rules):]]
    prefilter._MEMO.clear()
    loaded = prefilter.Prefilter(rules)
    db.write_bytes(json.dumps(plan["modes"]).encode() + b"\n" + blob)  # the earlier layout
    prefilter._MEMO.clear()
    old = prefilter.Prefilter(rules)
    text = "电话 13812345678 身份证 11011319491231002X 住址 北京市海淀区中关村大街27号"
    assert loaded.engine == old.engine == "hyperscan"
    assert loaded._extents == old._extents == built._extents
    assert loaded.windows_and_values(text) == old.windows_and_values(text)
    calls = []
    monkeypatch.setattr(prefilter.Prefilter, "_compile", lambda self: calls.append(self))
    prefilter.warm(rules)
    assert calls == []


@pytest.mark.skipif(not prefilter.hyperscan_available(), reason="needs the hyperscan wheel")
def test_old_pattern_databases_are_removed(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIAUDIT_CACHE_DIR", str(tmp_path))
    for i in range(6):
        stale = tmp_path / f"patterns-old{i}.hsdb"
        stale.write_bytes(b"x")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    prefilter.warm(load_rules().select(["contact.cn_mobile"]).of_kind("pattern"))
    left = sorted(p.name for p in tmp_path.glob("patterns-*.hsdb"))
    assert len(left) == 4 and "patterns-old5.hsdb" in left and "patterns-old0.hsdb" not in left


def test_the_cache_keeps_the_rows_the_workers_sent(tmp_path: Path) -> None:
    """The parent stores a worker's rows as they came: a rescan answered from the cache gives
    the findings of the pool scan, and of a scan in one process."""
    folder, data = _folder(tmp_path), tmp_path / "data"
    data.mkdir(mode=0o700)

    def audit(jobs: int) -> tuple[list[str], int]:
        ctx = engine.make_context([folder], data=data, jobs=jobs)
        result = engine.audit(ctx, ["content"])
        return sorted(repr(f.to_dict()) for f in result.findings), ctx.stats.files_cached

    pooled, cached_before = audit(2)
    again, cached_after = audit(2)
    assert cached_before == 0 and cached_after >= 5
    assert again == pooled
    assert pooled == _audit(folder, data, 1)[0]
