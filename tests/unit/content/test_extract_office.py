from __future__ import annotations

from pathlib import Path

from synth import formats as F
from tests.unit.content.helpers import ID, PHONE, parts, problems, run, texts


def test_docx_body_table_header_footer_comments(tmp_path: Path) -> None:
    path = F.write_docx(
        tmp_path / "a.docx",
        [f"客户身份证号：{ID}", "second & <third>"],
        table=[["姓名", "手机"], ["张三", PHONE]],
        header="页眉 header",
        footer="footer text",
        comments=[f"comment {PHONE}"],
    )
    items = run(path)
    assert not problems(items)
    text = texts(items)[str(path)]
    lines = text.split("\n")
    assert f"客户身份证号：{ID}" in lines
    assert "second & <third>" in lines
    assert any(line.startswith("张三") and PHONE in line for line in lines)  # one row, one line
    assert "页眉 header" in text and "footer text" in text and f"comment {PHONE}" in text
    start = text.index(ID)
    assert text[start : start + len(ID)] == ID
    assert {p.kind for p in parts(items)} == {"docx"}


def test_xlsx_sheets_shared_strings_and_numbers(tmp_path: Path) -> None:
    path = F.write_xlsx(
        tmp_path / "book.xlsx",
        {
            "客户": [["姓名", "身份证号", "手机"], ["张三", ID, 13812345678]],
            "Other": [["x"], [PHONE]],
        },
    )
    items = run(path)
    by_path = texts(items)
    sheet = by_path[f"{path}!客户"]
    assert sheet.split("\n")[1] == f"张三\t{ID}\t{PHONE}"
    assert by_path[f"{path}!Other"] == f"x\n{PHONE}\n"
    first = next(p for p in parts(items) if p.path.endswith("客户"))
    assert first.columns == ("姓名", "身份证号", "手机")
    assert first.delimiter == "\t"


def test_pptx_slides_in_order(tmp_path: Path) -> None:
    slides = [[f"slide {i}", PHONE if i == 11 else "x"] for i in range(1, 13)]
    path = F.write_pptx(tmp_path / "deck.pptx", slides)
    text = texts(run(path))[str(path)]
    assert text.index("slide 2\n") < text.index("slide 10\n")
    assert PHONE in text


def test_pptx_from_flat_lines(tmp_path: Path) -> None:
    path = F.write_pptx(tmp_path / "deck.pptx", [f"l{i}" for i in range(40)] + [ID])
    assert ID in texts(run(path))[str(path)]


def test_odt_ods_odp(tmp_path: Path) -> None:
    odt = F.write_odt(tmp_path / "a.odt", [f"身份证 {ID}", f"电话 {PHONE}"])
    assert texts(run(odt))[str(odt)] == f"身份证 {ID}\n电话 {PHONE}\n"
    ods = F.write_ods(tmp_path / "a.ods", {"名单": [["姓名", "手机"], ["张三", PHONE]]})
    items = run(ods)
    assert texts(items)[f"{ods}!名单"] == f"姓名\t手机\n张三\t{PHONE}\n"
    assert parts(items)[0].columns == ("姓名", "手机")
    odp = F.write_odp(tmp_path / "a.odp", [["title", ID]])
    assert ID in texts(run(odp))[str(odp)]


def test_renamed_docx_is_still_read(tmp_path: Path) -> None:
    path = F.write_docx(tmp_path / "a.docx", [ID])
    renamed = path.rename(tmp_path / "backup.dat")
    assert ID in texts(run(renamed))[str(renamed)]
