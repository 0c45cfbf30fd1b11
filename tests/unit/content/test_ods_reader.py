"""The OpenDocument sheet reader (`odf.read_sheets`: one regular-expression match per cell)
gives exactly what `OdfText`, the expat reader, gives, sheets and errors, on generated
spreadsheets and on documents written the ways other producers write them; what it does not
know goes to `OdfText`. The same for the workbook shared strings (`ooxml.shared_strings`)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.parsers.expat import ExpatError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.sources.content.extract import odf, ooxml
from scanners.sources.content.extract.xmlwalk import parse_xml
from scanners.sources.content.parts import ExtractError
from synth import formats as F

_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
         ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
         ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
         ' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
         ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
         ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
         ' xmlns:office2="urn:oasis:names:tc:opendocument:xmlns:table:1.0">')


def _doc(tables: str, styles: str = "") -> bytes:
    return (f"{_HEAD}<office:automatic-styles>{styles}</office:automatic-styles><office:body>"
            f"<office:spreadsheet>{tables}</office:spreadsheet></office:body>"
            "</office:document-content>").encode()


def _expat(data: bytes) -> object:
    handler = odf.OdfText(sheets=True)
    try:
        parse_xml(data, handler)
    except (ExpatError, ExtractError) as exc:
        return (type(exc), str(exc))
    return handler.sheets


def _fast(data: bytes) -> object:
    try:
        return odf.read_sheets(data)
    except (ExpatError, ExtractError) as exc:
        return (type(exc), str(exc))


def _same(data: bytes, usual: bool) -> None:
    fast, slow = _fast(data), _expat(data)
    if usual:
        assert fast is not None, data
    if fast is not None:
        assert fast == slow, data


def test_generated_spreadsheets_read_the_same(tmp_path: Path) -> None:
    rows = [["姓名", "身份证号", "电话", "备注"],
            ["张三", "11011319491231002X", "13812345678", "a & b <c> \"d\" 'e'"],
            ["", "", "", ""], ["  padded  ", "x\ty", "line\nbreak", "&#12345;"],
            ["王五", "", "", "last"]]
    path = F.write_ods(tmp_path / "t.ods", {"客户": rows, "空": [], "Sheet 3": rows[:2]})
    data = zipfile.ZipFile(path).read("content.xml")
    fast = odf.read_sheets(data)
    assert fast is not None and fast == _expat(data)
    assert fast[0][0] == "客户" and fast[0][1][1][3] == "a & b <c> \"d\" 'e'"


ODD = [
    # LibreOffice: styles, columns, header rows, typed cells, calcext, repeated values
    '<table:table table:name="S" table:style-name="ta1"><table:table-column table:style-name="co1"'
    ' table:number-columns-repeated="3" table:default-cell-style-name="Default"/>'
    '<table:table-header-rows><table:table-row table:style-name="ro1"><table:table-cell'
    ' office:value-type="string" calcext:value-type="string"><text:p>Name</text:p>'
    '</table:table-cell></table:table-row></table:table-header-rows><table:table-row'
    ' table:style-name="ro1"><table:table-cell office:value-type="float" office:value="13812345678"'
    ' calcext:value-type="float"><text:p>13812345678</text:p></table:table-cell><table:table-cell'
    ' table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="3"'
    ' office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    '<table:table-row table:number-rows-repeated="1048570"><table:table-cell'
    ' table:number-columns-repeated="1024"/></table:table-row></table:table>',
    # several paragraphs, empty ones, white space between them, covered cells
    '<table:table table:name="P"><table:table-row><table:table-cell><text:p>a</text:p>\n  '
    '<text:p/><text:p text:style-name="P1">b </text:p></table:table-cell><table:covered-table-cell/>'
    '<table:covered-table-cell><text:p>c</text:p></table:covered-table-cell></table:table-row>'
    '</table:table>',
    # repeats that are not numbers, zero, huge; attributes in single quotes, odd spacing
    "<table:table table:name='Q'><table:table-row ><table:table-cell"
    " table:number-columns-repeated='x'><text:p>1</text:p></table:table-cell><table:table-cell"
    ' table:number-columns-repeated="0" ><text:p>2</text:p></table:table-cell ><table:table-cell'
    ' table:number-columns-repeated="99999"><text:p>3</text:p></table:table-cell>'
    '<table:table-cell table:number-columns-repeated="5000"/><table:table-cell><text:p>4</text:p>'
    "</table:table-cell></table:table-row></table:table>",
    # an attribute by another prefix of the same namespace, a name with references, empty rows
    '<table:table office2:name="N&amp;M" table:name="first"><table:table-row/><table:table-row>'
    "</table:table-row><table:table-row><table:table-cell><text:p>&#x4E2D;&lt;</text:p>"
    "</table:table-cell></table:table-row></table:table><table:table/>",
    # values of white space only; a value after a long empty stretch
    '<table:table table:name="W"><table:table-row><table:table-cell><text:p>   </text:p>'
    '</table:table-cell><table:table-cell table:number-columns-repeated="2000"/>'
    "<table:table-cell><text:p>\u3000late\u3000</text:p></table:table-cell></table:table-row>"
    "</table:table>",
]


@pytest.mark.parametrize("tables", ODD)
def test_odd_tables_read_the_same(tables: str) -> None:
    _same(_doc(tables, '<style:style style:name="ce1"><style:table-cell-properties/>'
                     '<style:paragraph-properties/></style:style>'), usual=True)


OTHER = [
    # a span, a space, a line break or a note in a cell; a heading
    '<table:table table:name="S"><table:table-row><table:table-cell><text:p>a<text:span>b'
    "</text:span></text:p></table:table-cell></table:table-row></table:table>",
    '<table:table table:name="S"><table:table-row><table:table-cell><text:p>a<text:s text:c="3"/>b'
    "</text:p></table:table-cell></table:table-row></table:table>",
    '<table:table table:name="S"><table:table-row><table:table-cell><office:annotation><text:p>n'
    "</text:p></office:annotation><text:p>v</text:p></table:table-cell></table:table-row>"
    "</table:table>",
    '<table:table table:name="S"><table:table-row><table:table-cell><text:h>h</text:h>'
    "</table:table-cell></table:table-row></table:table>",
    # a table inside a cell; a paragraph or a row outside any table; another prefix
    '<table:table table:name="S"><table:table-row><table:table-cell><table:table table:name="in">'
    "<table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>"
    "</table:table></table:table-cell></table:table-row></table:table>",
    '<text:p>loose</text:p><table:table table:name="S"></table:table>',
    '<table:table table:name="S"><table:table-row><office2:table-cell><text:p>x</text:p>'
    "</office2:table-cell></table:table-row></table:table>",
    # a comment, CDATA, a processing instruction, a carriage return
    '<table:table table:name="S"><!-- c --></table:table>',
    '<table:table table:name="S"><table:table-row><table:table-cell><text:p><![CDATA[x]]>'
    "</text:p></table:table-cell></table:table-row></table:table>",
    '<table:table table:name="S"><?pi x?></table:table>',
    '<table:table table:name="S"><table:table-row><table:table-cell><text:p>a\rb</text:p>'
    "</table:table-cell></table:table-row></table:table>",
]


@pytest.mark.parametrize("tables", OTHER)
def test_other_shapes_go_to_expat(tables: str) -> None:
    data = _doc(tables)
    assert odf.read_sheets(data) is None
    _same(data, usual=False)


def test_other_encodings_and_long_white_space_go_to_expat() -> None:
    gbk = _doc('<table:table table:name="表"><table:table-row><table:table-cell><text:p>张三'
               "</text:p></table:table-cell></table:table-row></table:table>").decode()
    data = gbk.replace('encoding="UTF-8"', 'encoding="GBK"').encode("gbk")
    assert odf.read_sheets(data) is None
    # a cell of 100,000 spaces before something unknown: refused at once, not after trying
    # every way to split the spaces
    spaces = _doc('<table:table table:name="S"><table:table-row><table:table-cell>'
                  + " " * 100_000 + "<text:span>a</text:span></table:table-cell></table:table-row>"
                  "</table:table>")
    assert odf.read_sheets(spaces) is None


@pytest.mark.parametrize("tables", [
    '<table:table table:name="S"><table:table-row><table:table-cell><text:p>&nbsp;</text:p>'
    "</table:table-cell></table:table-row></table:table>",
    '<table:table table:name="S"><table:table-row><table:table-cell><text:p>x</text:p>'
    "</table:table-row></table:table>",
    '<table:table table:name="S"><table:table-row><table:table-cell><text:p>]]></text:p>'
    "</table:table-cell></table:table-row></table:table>",
    '<table:table table:name="S" table:name="again"></table:table>',
    '<table:table table:name="S"><table:table-row><bad:table-cell/></table:table-row></table:table>',
])
def test_malformed_documents_fail_as_before(tables: str) -> None:
    data = _doc(tables)
    fast, slow = _fast(data), _expat(data)
    assert isinstance(slow, tuple) and fast == slow


_CELL = st.one_of(
    st.builds(lambda v: f'<table:table-cell office:value-type="string"><text:p>{v}</text:p>'
              "</table:table-cell>", st.sampled_from(["x", "", " ", "张三", "a&amp;b", "&#65;"])),
    st.builds(lambda n: f'<table:table-cell table:number-columns-repeated="{n}"/>',
              st.sampled_from(["1", "2", "0", "1500", "x", " 3 "])),
    st.builds(lambda a, b: f"<table:table-cell><text:p>{a}</text:p> <text:p>{b}</text:p>"
              "</table:table-cell>", st.sampled_from(["a", "", " "]), st.sampled_from(["b", ""])),
    st.just("<table:covered-table-cell/>"),
    st.just("<table:table-cell><text:p>a<text:span>b</text:span></text:p></table:table-cell>"),
)
_ROW = st.one_of(
    st.builds(lambda cells: "<table:table-row>" + "".join(cells) + "</table:table-row>",
              st.lists(_CELL, max_size=6)),
    st.just("<table:table-row/>"),
    st.just('<table:table-column table:number-columns-repeated="4"/>'),
    st.just(" \n "),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "客户"]), st.lists(_ROW, max_size=6)),
                min_size=1, max_size=3),
       st.booleans())
def test_generated_tables_read_as_expat_reads_them(tables: list[tuple[str, list[str]]],
                                                   header_rows: bool) -> None:
    body = ""
    for name, rows in tables:
        inner = "".join(rows)
        if header_rows:
            inner = f"<table:table-header-rows>{inner}</table:table-header-rows>"
        body += f'<table:table table:name="{name}">{inner}</table:table>'
    data = _doc(body)
    usual = "text:span" not in body
    _same(data, usual)


# --- shared strings --------------------------------------------------------------------------

def _sst(items: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns='
            '"http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">'
            f"{items}</sst>").encode()


def _strings_expat(data: bytes) -> object:
    handler = ooxml._SharedStrings()
    try:
        parse_xml(data, handler)
    except (ExpatError, ExtractError) as exc:
        return (type(exc), str(exc))
    return handler.strings


def _strings_fast(data: bytes) -> object:
    try:
        return ooxml.shared_strings(data)
    except (ExpatError, ExtractError) as exc:
        return (type(exc), str(exc))


@pytest.mark.parametrize(("items", "usual"), [
    ('<si><t>张三</t></si><si><t xml:space="preserve"> padded </t></si><si><t/></si>'
     "<si><t>a &amp; b &#x4E2D;\n</t></si>\n  <si>\n<t>spaced</t>\n</si>", True),
    ("", True),
    ("<si><r><rPr><b/></rPr><t>bold</t></r><r><t> plain</t></r></si>", False),
    ('<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>', False),
    ('<x:si xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:t>p</x:t>'
     "</x:si>", False),
    ("<si><t>a</t></si><!-- c -->", False),
    ("<si><t>a\rb</t></si>", False),
])
def test_shared_strings_read_the_same(items: str, usual: bool) -> None:
    data = _sst(items)
    assert (ooxml._usual_strings(data) is not None) is usual
    assert _strings_fast(data) == _strings_expat(data)


@pytest.mark.parametrize("items", ["<si><t>&nbsp;</t></si>", "<si><t>a</si>",
                                   "<si><t>]]></t></si>", "<si><t a='1' a='2'>x</t></si>"])
def test_malformed_shared_strings_fail_as_before(items: str) -> None:
    data = _sst(items)
    fast, slow = _strings_fast(data), _strings_expat(data)
    assert isinstance(slow, tuple) and fast == slow


def test_generated_workbook_strings_read_the_same(tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "w.xlsx", [["姓名", "电话"], ["张三", "13812345678"],
                                               ["a & b", " x "]])
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        if "xl/sharedStrings.xml" not in names:
            pytest.fail(f"the writer made no shared strings: {names}")
        data = zf.read("xl/sharedStrings.xml")
    assert ooxml._usual_strings(data) is not None
    assert ooxml.shared_strings(data) == _strings_expat(data)


@pytest.mark.parametrize("cut", [0, 1, 5, 13, 14])
def test_documents_cut_short_fail_as_before(cut: int) -> None:
    # found by the fuzzer: a document ending inside "</table:table" (an index past the end)
    full = _doc('<table:table table:name="S"><table:table-row><table:table-cell><text:p>x'
                "</text:p></table:table-cell></table:table-row></table:table>")
    data = full[:full.rindex(b"</table:table>") + cut]
    slow = _expat(data)
    assert isinstance(slow, tuple)  # malformed: expat's error, whoever reports it
    assert _fast(data) in (None, slow)
