from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.sources.content.parts import Source
from scanners.sources.content.sniff import sniff, sniff_source
from synth import formats as F
from tests.unit.content.helpers import ID, PHONE


def kind_of(path: Path) -> str:
    return sniff_source(Source(str(path), path.stat().st_size, path=path))


@pytest.mark.parametrize(
    ("writer", "args", "kind"),
    [
        (F.write_docx, ([ID],), "docx"),
        (F.write_xlsx, ([["a", PHONE]],), "xlsx"),
        (F.write_pptx, ([[ID]],), "pptx"),
        (F.write_odt, ([ID],), "odt"),
        (F.write_ods, ([[ID]],), "ods"),
        (F.write_odp, ([[ID]],), "odp"),
        (F.write_pdf, ([ID],), "pdf"),
        (F.write_rtf, ([ID],), "rtf"),
        (F.write_zip, ({"a.txt": ID},), "zip"),
        (F.write_gz, (ID,), "gzip"),
        (F.write_bz2, (ID,), "bzip2"),
        (F.write_xz, (ID,), "xz"),
        (F.write_7z, ({"a.txt": ID},), "7z"),
        (F.write_tar, ({"a.txt": ID},), "tar"),
        (F.write_jpeg_with_gps, (39.9, 116.4), "jpeg"),
        (F.write_tiff_with_gps, (39.9, 116.4), "tiff"),
        (F.write_heic_with_gps, (39.9, 116.4), "heic"),
    ],
)
def test_magic_wins_over_a_wrong_extension(
    tmp_path: Path, writer: object, args: tuple[object, ...], kind: str
) -> None:
    path = tmp_path / "renamed.dat"
    writer(path, *args)  # type: ignore[operator]
    assert kind_of(path) == kind
    assert sniff(path.read_bytes()[:8192], "whatever.txt") in (kind, "zip")


def test_sqlite(tmp_path: Path) -> None:
    path = F.write_sqlite(tmp_path / "x.bin", {"t": (["a"], [[PHONE]])})
    assert kind_of(path) == "sqlite"


def test_text_kinds_by_content_and_name() -> None:
    assert sniff(b"plain words " + PHONE.encode(), "a.txt") == "text"
    assert sniff(b"a,b\n1,2\n", "a.csv") == "csv"
    assert sniff(b"a\tb\n1\t2\n", "a.tsv") == "tsv"
    assert sniff(b"a,b\n1,2\n", "a.txt") == "text"
    assert sniff(F.eml_bytes("hi"), "noext") == "eml"
    assert sniff(b"From a@b Tue Jan  2 03:04:06 2024\nFrom: a@b\n", "inbox") == "mbox"
    assert sniff(F.vcf_text([{"name": "x"}]).encode(), "contacts") == "vcf"
    assert sniff(b"<!DOCTYPE html><html><body>x</body></html>", "page.dat") == "html"
    assert sniff(b'<?xml version="1.0"?><r/>', "data") == "xml"
    assert sniff(b'{"a": 1}', "x.json") == "json"
    assert sniff(b"{\\rtf1\\ansi hello}", "x.txt") == "rtf"
    assert sniff(b"", "empty.txt") == "empty"


def test_binary_junk_named_txt_is_binary() -> None:
    assert sniff(bytes(range(256)) * 8, "notes.txt") == "binary"
    assert sniff(b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "a.txt") == "executable"
    assert sniff(b"\x00" * 4096, "sparse.txt") == "binary"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_text_is_text_with_and_without_bom(encoding: str) -> None:
    raw = f"身份证 {ID}\n电话 {PHONE}\n".encode(encoding)
    assert sniff(raw, "a.txt") == "text"
    assert sniff(F.BOMS[encoding] + raw, "a.txt") == "text"


def test_gbk_and_big5_are_text() -> None:
    assert sniff(f"姓名 张三 身份证 {ID}".encode("gbk"), "a.txt") == "text"
    assert sniff(f"姓名 張三 身份證 {ID}".encode("big5"), "a.txt") == "text"


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400), st.binary(max_size=40))
def test_looks_binary_counts_control_characters_as_it_says(text: bytes, controls: bytes) -> None:
    """Over 5% C0 controls (not tab, newline, vertical tab, form feed, CR or ESC) is binary;
    the count is one translate() pass: it must be the per-character count."""
    from scanners.sources.content.sniff import looks_binary

    head = bytes(b % 31 + 1 for b in controls) + text.replace(b"\x00", b"") + b"x"
    counted = sum(head.count(bytes([c])) for c in (*range(1, 9), *range(14, 27),
                                                   *range(28, 32)))
    if not head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head:
        assert looks_binary(head) == (counted * 20 > len(head))
