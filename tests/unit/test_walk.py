import os
import sys

import pytest

from scanners.sources.content.walk import walk


def _walk(root, **kw):
    errors, skips = [], []
    files = list(walk([root], on_error=errors.append, on_skip=lambda p, r: skips.append((p, r)), **kw))
    return files, errors, skips


def test_regular_files_once_and_sorted(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "b.txt").write_text("b")
    os.link(tmp_path / "b.txt", tmp_path / "hardlink.txt")
    files, errors, _ = _walk(tmp_path)
    names = sorted(os.path.basename(f.path) for f in files)
    assert len(files) == 2 and "x.txt" in names
    assert not errors


def test_symlinks_are_not_followed_and_loops_are_harmless(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.txt").write_text("f")
    os.symlink(tmp_path, tmp_path / "d" / "loop")
    os.symlink("/etc/hostname", tmp_path / "outside.txt")
    files, errors, skips = _walk(tmp_path)
    assert [os.path.basename(f.path) for f in files] == ["f.txt"]
    assert {r for _, r in skips} == {"symlink"}
    assert not errors


def test_fifo_is_skipped_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    files, errors, skips = _walk(tmp_path)
    assert files == [] and skips == [(str(tmp_path / "pipe.txt"), "not-a-file")]


def test_unreadable_folder_is_an_error_and_the_walk_goes_on(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_text("ok")
    if os.geteuid() == 0:  # root reads through mode 000: refuse at the OS boundary instead
        real = os.scandir

        def scandir(path):
            if str(path).endswith("locked"):
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        os.chmod(tmp_path / "locked", 0)
    try:
        files, errors, _ = _walk(tmp_path)
    finally:
        os.chmod(tmp_path / "locked", 0o700)
    assert [os.path.basename(f.path) for f in files] == ["ok.txt"]
    assert [(e.reason, e.location.endswith("locked")) for e in errors] == [("unreadable", True)]


def test_very_deep_tree(tmp_path):
    deep = tmp_path
    for _ in range(400):
        deep = deep / "d"
    os.makedirs(deep)
    (deep / "bottom.txt").write_text("x")
    files, errors, _ = _walk(tmp_path)
    assert len(files) == 1 and not errors


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 names")
def test_non_utf8_names_get_a_printable_display(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9-\xff.txt")
    with open(raw, "wb") as fh:
        fh.write(b"x")
    files, errors, _ = _walk(tmp_path)
    assert len(files) == 1 and not errors
    files[0].display.encode("utf-8")  # printable
    assert os.path.exists(files[0].path)  # and the real path still opens


def test_excludes_by_name_and_by_path(tmp_path):
    for rel in ["node_modules/p/a.txt", "keep/a.txt", "keep/skip/b.txt", "c.log"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    files, _, _ = _walk(tmp_path, excludes=["node_modules", "keep/skip", "*.log"])
    rel = sorted(os.path.relpath(f.path, tmp_path) for f in files)
    assert rel == ["keep/a.txt"]


def test_missing_root_is_reported(tmp_path):
    files, errors, _ = _walk(tmp_path / "nope")
    assert files == [] and errors[0].reason == "missing"
