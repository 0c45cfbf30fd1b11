from __future__ import annotations

from pathlib import Path

from synth import formats as F
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


def test_vcard_list_says_which_details_the_cards_hold(tmp_path: Path) -> None:
    raw = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:甲\r\nTEL;TYPE=CELL:13800138000\r\n"
        "item1.EMAIL;TYPE=INTERNET:a@example.com\r\nBDAY:1990-01-02\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:乙\r\nTEL:13900139000\r\nTEL:13700137000\r\n"
        "ADR;TYPE=HOME:;;人民路1号;上海;;;\r\nNOTE:secret note\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:丙\r\nEND:VCARD\r\n"
    )
    path = F.write_txt(tmp_path / "people.vcf", raw)
    (hit,) = hits(run(path))
    assert hit.count == 3
    assert dict(hit.detail) == {"phones": "2", "emails": "1", "birthdays": "1",
                                "addresses": "1", "notes": "1", "subject": "others"}


def test_vcard_finding_preview_names_the_kinds_not_the_values(tmp_path: Path) -> None:
    from scanners import engine

    cards = [{"name": f"联系人{i}", "tel": PHONE, "email": f"u{i}@example.com"} for i in range(4)]
    F.write_vcf(tmp_path / "contacts.vcf", cards)
    result = engine.audit(engine.make_context([tmp_path], jobs=1, cache=False), ["content"])
    (card,) = [f for f in result.findings if f.rule == "contact.vcard_list"]
    assert card.preview == "4 contact card(s) (phones, emails)"
    assert card.detail["phones"] == "4" and card.detail["subject"] == "others"
    assert PHONE not in card.preview and "example.com" not in str(card.to_dict())
