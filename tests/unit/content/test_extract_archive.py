from __future__ import annotations

from pathlib import Path

import pytest

from synth import formats as F
from tests.unit.content.helpers import ID, PHONE, reasons, run, texts


def test_zip_members_and_nesting(tmp_path: Path) -> None:
    inner = F.write_tar(tmp_path / "inner.tar.gz", {"deep/a.txt": ID}, "gz").read_bytes()
    path = F.write_zip(
        tmp_path / "a.zip", {"x/a.txt": f"tel {PHONE}", "inner.tar.gz": inner, "empty/": b""}
    )
    by_path = texts(run(path))
    assert by_path[f"{path}!x/a.txt"] == f"tel {PHONE}"
    assert by_path[f"{path}!inner.tar.gz!deep/a.txt"] == ID


@pytest.mark.parametrize("compression", ["", "gz", "bz2", "xz"])
def test_tar_variants(tmp_path: Path, compression: str) -> None:
    suffix = ".tar" + (f".{compression}" if compression else "")
    path = F.write_tar(
        tmp_path / f"a{suffix}", {"a.txt": ID, "b/c.csv": f"p\n{PHONE}"}, compression
    )
    by_path = texts(run(path))
    assert by_path[f"{path}!a.txt"] == ID
    assert by_path[f"{path}!b/c.csv"] == f"p\n{PHONE}"


@pytest.mark.parametrize(
    ("writer", "name", "inner"),
    [
        (F.write_gz, "log.txt.gz", "log.txt"),
        (F.write_bz2, "log.txt.bz2", "log.txt"),
        (F.write_xz, "log.txt.xz", "log.txt"),
        (F.write_gz, "blob", "blob.out"),
    ],
)
def test_single_file_compression(tmp_path: Path, writer: object, name: str, inner: str) -> None:
    path = writer(tmp_path / name, f"user {PHONE}\n")  # type: ignore[operator]
    assert texts(run(path)) == {f"{path}!{inner}": f"user {PHONE}\n"}


def test_7z(tmp_path: Path) -> None:
    path = F.write_7z(tmp_path / "a.7z", {"a.txt": ID, "d/b.txt": PHONE})
    by_path = texts(run(path))
    assert by_path == {f"{path}!a.txt": ID, f"{path}!d/b.txt": PHONE}


def test_encrypted_7z(tmp_path: Path) -> None:
    path = F.write_7z(tmp_path / "secret.7z", {"a.txt": ID}, password="pw")
    items = run(path)
    assert reasons(items) == ["encrypted"]
    assert not texts(items)


def test_encrypted_zip_member_is_reported_and_others_read(tmp_path: Path) -> None:
    enc = F.zip_encrypted_bytes("secret.txt", ID.encode())
    path = F.write_zip(tmp_path / "outer.zip", {"locked.zip": enc, "open.txt": PHONE})
    items = run(path)
    assert reasons(items) == ["encrypted"]
    assert texts(items) == {f"{path}!open.txt": PHONE}
