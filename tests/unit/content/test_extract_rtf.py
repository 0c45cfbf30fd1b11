from __future__ import annotations

from pathlib import Path

from scanners.sources.content.extract.rtf import rtf_to_text
from synth import formats as F
from tests.unit.content.helpers import ID, PHONE, run, texts


def test_rtf_unicode_escapes(tmp_path: Path) -> None:
    path = F.write_rtf(tmp_path / "a.rtf", [f"身份证号 {ID}", f"电话 {PHONE} {{braces}} \\ 😀"])
    text = texts(run(path))[str(path)]
    assert text == f"身份证号 {ID}\n电话 {PHONE} {{braces}} \\ 😀\n"


def test_rtf_ansi_code_page_936(tmp_path: Path) -> None:
    path = F.write_rtf(tmp_path / "a.rtf", [f"姓名张三 身份证 {ID}"], codepage=936)
    assert f"姓名张三 身份证 {ID}" in texts(run(path))[str(path)]


def test_rtf_skips_destinations_and_binary() -> None:
    raw = (
        b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\*\\unknown hidden}"
        b"{\\pict\\pngblip 89504e47}{\\info{\\author Someone}}"
        b"visible\\tab text\\par {\\b bold}\\bin3 \x00\x01\x02 after\\'e9}"
    )
    text = rtf_to_text(raw)
    assert "hidden" not in text and "Arial" not in text and "89504e47" not in text
    assert text == "visible\ttext\nbold afteré"
