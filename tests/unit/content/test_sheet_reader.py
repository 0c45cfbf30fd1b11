"""The worksheet reader (expat calling `ooxml._Sheet.read`'s closures directly) gives exactly
what the event-handler reader it replaced gave, rows and errors, on generated workbooks and on
sheets written the ways other producers write them."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from xml.parsers.expat import ExpatError

import pytest

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
