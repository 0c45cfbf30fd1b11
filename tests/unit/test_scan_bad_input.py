"""A scan over a folder of hostile and broken files finishes, records reasons, loses nothing."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from scanners import engine
from scanners.base import Limits

from .helpers import ADULT_ID


def _docx_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


@pytest.fixture
def hostile(tmp_path):
    root = tmp_path / "hostile"
    root.mkdir()
    good = root / "good.txt"
    good.write_text(f"身份证号 {ADULT_ID}\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "junk.txt").write_bytes(os.urandom(64 * 1024))
    docx = _docx_bytes(f"身份证号 {ADULT_ID}")
    (root / "truncated.docx").write_bytes(docx[: len(docx) // 2])
    (root / "corrupt.zip").write_bytes(b"PK\x03\x04" + os.urandom(2000))
    with open(root / "sparse.log", "wb") as fh:  # 3 GB of holes: must be refused or streamed
        fh.truncate(3 * 1024**3)
    (root / "gbk.txt").write_bytes(f"客户身份证号：{ADULT_ID}，请核对。".encode("gbk"))
    (root / "utf16.txt").write_bytes(f"身份证号 {ADULT_ID}".encode("utf-16"))
    os.mkfifo(root / "fifo.txt")
    os.symlink(root, root / "loop")
    return root


def test_scan_survives_hostile_folder(hostile):
    limits = Limits(max_file_bytes=1024**3)
    ctx = engine.make_context([hostile], jobs=2, cache=False, limits=limits)
    result = engine.audit(ctx)
    assert not result.cancelled
    by_path = {}
    for f in result.findings:
        by_path.setdefault(os.path.basename(f.path or ""), set()).add(f.rule)
    for name in ("good.txt", "gbk.txt", "utf16.txt"):
        assert "identity.cn_resident_id" in by_path.get(name, set()), name
    reasons = {os.path.basename(e.location.split("!")[0]): e.reason for e in result.errors}
    assert reasons.get("sparse.log") == "too-large"
    assert "truncated.docx" in reasons and "corrupt.zip" in reasons
    assert all(e.reason != "internal" for e in result.errors), result.errors
    assert "junk.txt" not in by_path


def test_per_file_time_limit(tmp_path):
    big = tmp_path / "big.txt"
    line = f"身份证号 {ADULT_ID} 电话 13812345678 邮箱 someone@example.com\n"
    big.write_text(line * 400_000, encoding="utf-8")  # ~25 MB of dense data
    (tmp_path / "after.txt").write_text(f"身份证 {ADULT_ID}", encoding="utf-8")
    limits = Limits(file_seconds=0.2)
    ctx = engine.make_context([tmp_path], jobs=1, cache=False, limits=limits)
    result = engine.audit(ctx)
    assert [(os.path.basename(e.location), e.reason) for e in result.errors] == [("big.txt", "timeout")]
    assert any((f.path or "").endswith("after.txt") for f in result.findings)
