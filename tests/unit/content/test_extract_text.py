from __future__ import annotations

from pathlib import Path

from scanners.base import Limits
from synth import formats as F
from tests.unit.content.helpers import ID, PHONE, parts, run, texts


def test_csv_columns_and_delimiter(tmp_path: Path) -> None:
    path = F.write_csv(
        tmp_path / "a.csv", [["姓名", "身份证号", "手机"], ["张三", ID, PHONE]], bom=True
    )
    items = run(path, Limits(chunk_chars=16, overlap_chars=4))
    assert all(
        p.columns == ("姓名", "身份证号", "手机") and p.delimiter == "," for p in parts(items)
    )
    assert all(p.kind == "csv" for p in parts(items))
    text = texts(items)[str(path)]
    assert text.index(ID) == len("姓名,身份证号,手机\r\n张三,")


def test_semicolon_and_tsv(tmp_path: Path) -> None:
    path = F.write_csv(tmp_path / "a.csv", [["a", "b"], ["1", PHONE]], delimiter=";")
    assert parts(run(path))[0].delimiter == ";"
    tsv = F.write_csv(tmp_path / "a.tsv", [["a", "b"], ["1", PHONE]], delimiter="\t")
    assert parts(run(tsv))[0].delimiter == "\t"


def test_html_drops_scripts_and_unescapes(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><head><script>var s='{ID}';</script><style>.a{{}}</style></head>"
        f"<body><p>电话&#xff1a;{PHONE}</p><table><tr><td>张三</td><td>{ID}</td></tr></table></body></html>",
        encoding="utf-8",
    )
    text = texts(run(path))[str(path)]
    assert f"电话：{PHONE}" in text
    assert f"张三\t{ID}" in text
    assert "var s" not in text


def test_xml_keeps_attributes(tmp_path: Path) -> None:
    path = tmp_path / "c.xml"
    path.write_text(f'<?xml version="1.0"?><c><p tel="{PHONE}">{ID}</p><![CDATA[x {PHONE}]]></c>')
    text = texts(run(path))[str(path)]
    assert f"tel: {PHONE}" in text and ID in text and f"x {PHONE}" in text


def test_json_and_markdown_are_text(tmp_path: Path) -> None:
    path = F.write_txt(tmp_path / "a.json", f'{{"phone": "{PHONE}"}}')
    (part,) = parts(run(path))
    assert part.kind == "json" and part.text.index(PHONE) == 11
    md = F.write_txt(tmp_path / "a.md", f"# t\n\n- {ID}\n")
    assert texts(run(md))[str(md)] == f"# t\n\n- {ID}\n"
