from __future__ import annotations

from pathlib import Path

from tests.synth import formats as F
from tests.unit.content.helpers import PHONE, hits, run, texts


def test_vcard_text_and_one_list_hit(tmp_path: Path) -> None:
    cards = [{"name": f"联系人{i}", "tel": PHONE, "email": f"u{i}@example.com"} for i in range(25)]
    path = F.write_vcf(tmp_path / "contacts.vcf", cards)
    items = run(path)
    text = texts(items)[str(path)]
    assert text.count(PHONE) == 25 and "FN:联系人3" in text
    (hit,) = hits(items)
    assert (hit.rule, hit.value, hit.count) == ("contact.vcard_list", str(path), 25)


def test_vcard_21_quoted_printable_names(tmp_path: Path) -> None:
    raw = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=B8=89\r\n"
        f"TEL;CELL:{PHONE}\r\nEND:VCARD\r\n"
    )
    path = F.write_txt(tmp_path / "old.vcf", raw)
    text = texts(run(path))[str(path)]
    assert text.startswith(raw)  # offsets into the file stay true
    assert "N: 张三" in text
