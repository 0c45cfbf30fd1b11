"""paths.write_cache_file: the one atomic writer of the cache folder's files (the compiled
pattern databases, the rule sets known to compile)."""

from __future__ import annotations

from pathlib import Path

from scanners.system.paths import write_cache_file


def test_writes_and_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "patterns-x.hsdb"
    assert write_cache_file(target, b"one")
    assert write_cache_file(target, b"two, longer")
    assert target.read_bytes() == b"two, longer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["patterns-x.hsdb"]


def test_a_write_that_fails_is_false_and_leaves_nothing(tmp_path: Path) -> None:
    assert not write_cache_file(tmp_path / "missing" / "rules-compiled.json", b"[]")
    blocked = tmp_path / "rules-compiled.json"
    blocked.mkdir()  # os.replace cannot put a file over a folder
    (blocked / "inside").write_text("x")
    assert not write_cache_file(blocked, b"[]")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules-compiled.json"]
    assert blocked.is_dir()
