"""The worksheet reader (expat calling `ooxml._Sheet.read`'s closures directly) gives exactly
what the event-handler reader it replaced gave, rows and errors, on generated workbooks and on
sheets written the ways other producers write them."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from xml.parsers.expat import ExpatError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.sources.content.extract import ooxml
from scanners.sources.content.extract.xmlwalk import XmlHandler, parse_xml
from scanners.sources.content.parts import ExtractError
from synth import formats as F


class _EventSheet(XmlHandler):
    """The previous reader, kept here as the reference."""

    def __init__(self, shared: list[str]) -> None:
        self.shared = shared
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._col = -1
        self._type = ""
        self._val: list[str] = []
        self._collect = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "row":
            self._row = []
        elif tag == "c":
            self._type = attrs.get("t", "n")
            self._col = ooxml.col_index(attrs.get("r", ""))
            self._val = []
        elif tag in ("v", "t"):
            self._collect += 1

    def end(self, tag: str) -> None:
        if tag in ("v", "t"):
            self._collect -= 1
        elif tag == "c" and self._row is not None:
            self._place(self._value())
        elif tag == "row" and self._row is not None:
            if any(self._row):
                self.rows.append(self._row)
            self._row = None

    def data(self, text: str) -> None:
        if self._collect:
            self._val.append(text)

    def _value(self) -> str:
        raw = "".join(self._val)
        if self._type == "s":
            try:
                return self.shared[int(raw)]
            except (ValueError, IndexError):
                return ""
        if self._type == "b":
            return "TRUE" if raw == "1" else "FALSE"
        if self._type in ("n", ""):
            return ooxml._number(raw)
        return raw

    def _place(self, value: str) -> None:
        assert self._row is not None
        col = self._col if self._col >= 0 else len(self._row)
        if col >= len(self._row):
            if not value:
                return
            self._row.extend([""] * (col - len(self._row)))
            self._row.append(value)
        else:
            self._row[col] = value


def _both(data: bytes, shared: list[str]) -> tuple[object, object]:
    out = []
    for read in (lambda s: s.read(data), None):
        try:
            if read is not None:
                sheet = ooxml._Sheet(shared)
                read(sheet)
                out.append(sheet.rows)
            else:
                ref = _EventSheet(shared)
                parse_xml(data, ref)
                out.append(ref.rows)
        except (ExpatError, ExtractError) as exc:
            out.append((type(exc), str(exc)))
    return out[0], out[1]


def test_generated_workbooks_read_the_same(tmp_path: Path) -> None:
    r = random.Random(11)
    for n in range(6):
        rows: list[list[object]] = [["姓名", "身份证号", "手机", "note"]]
        for _ in range(r.randint(1, 300)):
            rows.append([r.choice(("张三", "Jane <Doe> & Co", "O'Hara \"Q\"", "")),
                         "".join(r.choice("0123456789") for _ in range(18)),
                         r.choice((13812345678, 1.5, -3, 0, 1e20, True)),
                         r.choice(("", " lead", "tab\there", "line\nbreak", "&amp;"))])
        path = F.write_xlsx(tmp_path / f"b{n}.xlsx", {"S": rows})
        with zipfile.ZipFile(path) as zf:
            shared_handler = ooxml._SharedStrings()
            if "xl/sharedStrings.xml" in zf.namelist():
                parse_xml(zf.read("xl/sharedStrings.xml"), shared_handler)
            for name in zf.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    new, old = _both(zf.read(name), shared_handler.strings)
                    assert new == old
                    assert isinstance(new, list) and len(new) >= 2


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

ODD_SHEETS = [
    # prefixed tags and attributes, as the .NET Open XML SDK writes them
    f'<x:worksheet {_X}><x:sheetData><x:row><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
    '<x:c r="A1" t="inlineStr"><x:is><x:t>in&amp;line</x:t></x:is></x:c></x:row></x:sheetData>'
    '</x:worksheet>',
    # rich inline text with phonetic runs, no cell references, a boolean, an error, a formula
    f'<worksheet {_NS}><sheetData><row><c t="inlineStr"><is><r><t>a</t></r><r><t xml:space='
    '"preserve"> b</t></r><rPh><t>ふ</t></rPh></is></c><c t="b"><v>1</v></c><c t="e"><v>#N/A'
    '</v></c><c><f>1+1</f><v>2.0</v></c><c t="str"><f>A1</f><v>x&#10;y&#x4E2D;</v></c></row>'
    '</sheetData></worksheet>',
    # values outside cells, cells outside rows, empty rows, a hostile column, CDATA, comments
    f'<worksheet {_NS}><v>stray</v><sheetData><row/><c r="A9"><v>7</v></c><row r="2">'
    '<c r="XFE2"><v>9</v></c><c r="C2"><v><![CDATA[<raw>]]></v></c><!-- c --><c r="A2">'
    '<v>1.2E10</v></c></row></sheetData></worksheet>',
    # shared string indexes out of range or not numbers, prefixed attributes
    f'<worksheet {_NS} {_X}><sheetData><row><c r="A1" t="s"><v>99</v></c><c x:r="B1" t="s">'
    '<v>zz</v></c><c r="C1" x:t="s"><v>0</v></c></row></sheetData></worksheet>',
    # malformed: an unbound prefix, a bad end tag, an entity declaration
    '<worksheet><y:sheetData/></worksheet>',
    f'<worksheet {_NS}><sheetData><row><c><v>1</c></row></sheetData></worksheet>',
    '<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>',
]


@pytest.mark.parametrize("xml", ODD_SHEETS)
def test_odd_sheets_read_the_same(xml: str) -> None:
    for encoding in ("utf-8", "utf-16"):
        data = f'<?xml version="1.0" encoding="{encoding}"?>\n{xml}'.encode(encoding)
        new, old = _both(data, ["zero", "one"])
        assert new == old


def _expat_only(data: bytes, shared: list[str]) -> object:
    """`_Sheet.read` with its one-match-per-cell reader switched off."""
    sheet = ooxml._Sheet(shared)
    try:
        original = ooxml._read_cells
        ooxml._read_cells = lambda *_a: False  # type: ignore[assignment]
        try:
            sheet.read(data)
        finally:
            ooxml._read_cells = original
    except (ExpatError, ExtractError) as exc:
        return (type(exc), str(exc))
    return sheet.rows


_VALUES = st.sampled_from(["0", "1", "2", "7", "13812345678", "1.3812345678E10", "2.0", "-3",
                           "x&amp;y", "&lt;b&gt;", "&#10;&#x4E2D;", " sp ", "", "TRUE",
                           "张三", "it&apos;s &quot;q&quot;", "a\tb", "a\nb"])


@st.composite
def _usual_sheet(draw: st.DrawFn) -> str:
    """A worksheet in the shapes producers write, with the variations they allow."""
    sep = draw(st.sampled_from(["", "", "\n", "\n  "]))
    rows = []
    for r in range(1, draw(st.integers(0, 6)) + 1):
        cells = []
        for c in range(draw(st.integers(0, 5))):
            ref = f"{ooxml_col(draw(st.integers(0, 30)) if draw(st.booleans()) else c)}{r}"
            attrs = []
            r_shape = draw(st.integers(0, 9))
            if r_shape == 0:
                attrs.append('r="B&#10;2"')  # a reference expat hands over with a newline
            elif r_shape > 1:
                q = draw(st.sampled_from(['"', '"', "'"]))
                attrs.append(f"r={q}{ref}{q}")
            if draw(st.booleans()):
                attrs.append(f's="{draw(st.integers(0, 9))}"')
            kind = draw(st.sampled_from(["", "s", "n", "b", "e", "str", "inlineStr", "x&amp;"]))
            if kind:
                attrs.append(f't="{kind}"')
            if draw(st.integers(0, 6)) == 0:
                attrs.append('cm="1"')
            if draw(st.integers(0, 8)) == 0:
                attrs.append('xmlns:q="urn:q" q:t="s"')
            draw(st.randoms()).shuffle(attrs)
            head = "<c" + "".join(" " + a for a in attrs)
            value = draw(_VALUES)
            shape = draw(st.integers(0, 6))
            if shape == 0:
                cells.append(head + "/>")
            elif shape == 1 and draw(st.booleans()):
                cells.append(f"{head}><is><t>{value}</t></is></c>")  # as openpyxl writes it
            elif shape == 1:
                cells.append(f"{head}>{sep}<is>{sep}<t xml:space=\"preserve\">{value}</t>{sep}"
                             f"</is>{sep}</c>")
            elif shape == 2:
                cells.append(f"{head}><f>SUM(A1:A2)</f><v>{value}</v></c>")
            elif shape == 3:
                cells.append(f'{head}><f t="shared" si="0"/>{sep}<v>{value}</v></c>')
            elif shape == 4 and draw(st.booleans()):
                cells.append(f"{head}><f>A2&amp;B2</f><v /></c>")  # as openpyxl writes it
            elif shape == 4:
                cells.append(f"{head}></c>")
            else:
                cells.append(f"{head}>{sep}<v>{value}</v>{sep}</c>")
        spans = ' spans="1:5"' if draw(st.booleans()) else ""
        if not cells and draw(st.booleans()):
            rows.append(f'<row r="{r}"{spans}/>')
        else:
            rows.append(f'<row r="{r}"{spans}>{sep.join(cells)}</row>')
    data = (f'<sheetData>{sep}{sep.join(rows)}{sep}</sheetData>' if rows or draw(st.booleans())
            else "<sheetData/>")
    return (f'<worksheet {_NS}><dimension ref="A1:C3"/><sheetViews><sheetView/></sheetViews>'
            f'{sep}{data}<pageMargins left="0.7"/></worksheet>')


def ooxml_col(n: int) -> str:
    return F.column_name(n)


@settings(max_examples=300, deadline=None)
@given(_usual_sheet(), st.sampled_from(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                                        "", "<?xml version='1.0'?>\n"]),
       st.booleans())
def test_usual_sheets_take_one_match_per_cell(xml: str, declaration: str, bom: bool) -> None:
    """Sheets of the usual shapes are read by the cell reader, with what expat gives."""
    data = (b"\xef\xbb\xbf" if bom else b"") + (declaration + xml).encode()
    shared = ["zero", "one", "two"]
    rows: list[list[str]] = []
    assert ooxml._read_cells(data, shared, rows)
    assert rows == _expat_only(data, shared)
    assert rows == _both(data, shared)[1]  # and with the reference reader


@pytest.mark.parametrize("xml", [
    # each of these is read by expat alone, and the same
    f'<worksheet {_NS}><sheetData><row><c r="A1"><v>1</v><v>2</v></c></row></sheetData></worksheet>',
    f'<worksheet {_NS}><sheetData><row><c r="A1"><is><r><t>a</t></r></is></c></row></sheetData>'
    "</worksheet>",
    f'<worksheet {_NS}><sheetData><row><c r="A1"><v>1\r\n2</v></c></row></sheetData></worksheet>',
    f'<worksheet {_NS}><sheetData><row><c r="A1"><v>1</v></c></row></sheetData>'
    "<extLst><row/></extLst></worksheet>",
    f'<worksheet {_NS}><sheetData><row><x/><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
])
def test_other_shapes_go_to_expat(xml: str) -> None:
    data = xml.encode()
    assert not ooxml._read_cells(data, ["zero"], [])
    new, old = _both(data, ["zero"])
    assert new == old


@pytest.mark.parametrize("xml", [
    # the cell reader's shape, but not XML: expat's error, as always
    f'<worksheet {_NS}><sheetData><row><c r="A1"><v>1</v></c></row></sheetData>',
    f'<worksheet {_NS}><sheetData><row><c r="A1" r="B1"><v>1</v></c></row></sheetData>'
    "</worksheet>",
    f'<worksheet {_NS}><sheetData><row><c r="A1"><v>&#1114112;&bogus;</v></c></row>'
    "</sheetData></worksheet>",
    f'<worksheet {_NS}><sheetData><row><c q:r="A1"><v>1</v></c></row></sheetData></worksheet>',
])
def test_malformed_sheets_fail_as_before(xml: str) -> None:
    data = xml.encode()
    new, old = _both(data, ["zero"])
    assert isinstance(new, tuple) and new == old
    assert _expat_only(data, ["zero"]) == new
