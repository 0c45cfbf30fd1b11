from __future__ import annotations

from pathlib import Path

from synth import formats as F
from tests.unit.content.helpers import ID, PHONE, reasons, run, texts


def test_pdf_text_layer_english_and_chinese(tmp_path: Path) -> None:
    lines = [f"Customer ID {ID}", f"身份证号 {ID} 电话 {PHONE}"] + [f"row {i}" for i in range(100)]
    path = F.write_pdf(tmp_path / "a.pdf", lines)
    items = run(path)
    text = texts(items)[str(path)]
    assert f"Customer ID {ID}" in text
    assert f"身份证号 {ID} 电话 {PHONE}" in text
    assert "row 99" in text  # second page
    assert not reasons(items)


def test_encrypted_pdf_is_reported(tmp_path: Path) -> None:
    path = F.write_pdf(tmp_path / "secret.pdf", [ID], password="s3cret")
    items = run(path)
    assert reasons(items) == ["encrypted"]
    assert ID not in str(items)


def test_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    path = F.write_pdf(tmp_path / "open.pdf", [f"ID {ID}"], password="")
    assert ID in texts(run(path))[str(path)]
