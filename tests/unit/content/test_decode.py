from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.base import Limits
from scanners.sources.content.decode import chunk_text, iter_text
from scanners.sources.content.encoding import decode_bytes, detect_encoding
from scanners.sources.content.parts import Problem, TextPart
from synth import formats as F
from tests.unit.content.helpers import ID, PHONE, parts, run, texts

ZH = f"客户张三，身份证号 {ID}，手机 {PHONE}。\r\n第二行：住址北京市东城区。\n"
ZH_TW = f"客戶張三，身份證號 {ID}，電話 {PHONE}。\r\n第二行：住址臺北市信義區。\n"


@pytest.mark.parametrize(
    ("text", "encoding", "label"),
    [
        (ZH, "utf-8", "utf-8"),
        (ZH, "gbk", "gb18030"),
        (ZH, "gb18030", "gb18030"),
        (ZH_TW, "big5", "big5"),
        (ZH, "utf-16-le", "utf-16-le"),
        (ZH, "utf-16-be", "utf-16-be"),
        (ZH, "utf-32-le", "utf-32-le"),
        (ZH, "utf-32-be", "utf-32-be"),
        ("Caf\u00e9 na\u00efve r\u00e9sum\u00e9 " + PHONE, "latin-1", "latin-1"),
    ],
)
def test_decode_bytes_without_bom(text: str, encoding: str, label: str) -> None:
    decoded, found = decode_bytes(text.encode(encoding))
    assert found == label
    assert decoded == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_bom_is_dropped_and_not_counted(tmp_path: Path, encoding: str) -> None:
    path = F.write_txt(tmp_path / "a.txt", ZH, encoding, bom=True)
    assert decode_bytes(path.read_bytes()) == (ZH, encoding)
    text = texts(run(path))[str(path)]
    assert text == ZH  # "\r\n" kept as two characters
    start = text.index(ID)
    assert text[start : start + len(ID)] == ID
    assert start == ZH.index(ID)


def test_crlf_is_two_characters(tmp_path: Path) -> None:
    path = F.write_txt(tmp_path / "a.txt", f"a\r\nb\r\n{PHONE}\r\n")
    (part,) = parts(run(path))
    assert part.text.index(PHONE) == 6
    assert part.line == 1


def _chunks(data: bytes, limits: Limits) -> list[TextPart]:
    return [p for p in iter_text(io.BytesIO(data), "x", limits) if isinstance(p, TextPart)]


def test_value_straddling_a_chunk_boundary_is_whole_in_some_chunk() -> None:
    limits = Limits(chunk_chars=100, overlap_chars=30)
    for shift in range(0, 40):
        text = "x" * (90 - shift) + " " + ID + " " + "y" * 150
        found = []
        for part in _chunks(text.encode(), limits):
            for m in re.finditer(re.escape(ID), part.text):
                found.append(part.offset + m.start())
        assert text.index(ID) in found, shift


def test_offsets_and_lines_are_absolute() -> None:
    lines = [f"line {i} {PHONE if i % 7 == 0 else ''}" for i in range(500)]
    text = "\r\n".join(lines)
    limits = Limits(chunk_chars=256, overlap_chars=64)
    chunks = _chunks(text.encode("utf-8"), limits)
    assert len(chunks) > 10
    for part in chunks:
        assert text[part.offset : part.offset + len(part.text)] == part.text
        assert part.line == text.count("\n", 0, part.offset) + 1


def test_multibyte_cut_at_block_boundary_and_late_gbk() -> None:
    limits = Limits(chunk_chars=4096, overlap_chars=64)
    # 4095 ASCII bytes, then 3-byte UTF-8 characters: the first one is cut by the block.
    text = "a" * 4095 + "身份证" * 2000
    assert "".join(texts([*_chunks(text.encode(), limits)]).values()) == text
    # Pure ASCII for a whole block, GBK afterwards: still read as GBK.
    gbk = "b" * 10000 + f"姓名张三电话{PHONE}"
    rebuilt = texts([*_chunks(gbk.encode("gbk"), limits)])["x"]
    assert rebuilt == gbk


def test_truncation_at_max_text_bytes() -> None:
    limits = Limits(chunk_chars=1000, overlap_chars=100, max_text_bytes=5000)
    items = list(iter_text(io.BytesIO(b"z" * 20000), "x", limits))
    assert isinstance(items[-1], Problem) and items[-1].reason == "truncated"
    assert sum(len(p.text) for p in items if isinstance(p, TextPart)) < 7000


def test_detect_encoding_first_chunk_only() -> None:
    data = ("身份证" * 10).encode("utf-8")
    assert detect_encoding(data[:-1], final=False) == ("utf-8", 0)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab\r\n 1身份证號碼\u00e9"), max_size=600),
    size=st.integers(min_value=8, max_value=200),
    overlap=st.integers(min_value=0, max_value=100),
)
def test_chunks_rebuild_the_text(text: str, size: int, overlap: int) -> None:
    limits = Limits(chunk_chars=size, overlap_chars=overlap)
    chunks = list(chunk_text("x", text, limits))
    assert texts([*chunks]).get("x", "") == text
    for part in chunks:
        assert part.line == text.count("\n", 0, part.offset) + 1
    streamed = _chunks(
        text.encode("utf-8"), Limits(chunk_chars=max(size, 8), overlap_chars=overlap)
    )
    assert texts([*streamed]).get("x", "") == text


def test_large_utf8_log_is_streamed_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    line = f"2024-01-02 03:04:06 INFO user 张三 phone {PHONE} ok\n"
    count = 8 * 1024 * 1024 // len(line.encode())
    path.write_bytes(line.encode() * count)
    chunks = parts(run(path))
    assert len(chunks) > 1  # streamed in chunks, not read whole
    # Overlapping chunks: the text is covered exactly once past each chunk's offset.
    end = max(p.offset + len(p.text) for p in chunks)
    assert end == len(line) * count
