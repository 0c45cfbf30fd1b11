"""OpenDocument (.odt .ods .odp): the text of content.xml, spreadsheets sheet by sheet."""

from __future__ import annotations

import re

from scanners.base import Limits
from scanners.sources.content.decode import chunk_text
from scanners.sources.content.extract.archive import open_zip
from scanners.sources.content.extract.ooxml import Package
from scanners.sources.content.extract.tabular import table_parts
from scanners.sources.content.extract.xmlfast import ATTRS, attributes, unescape, usual_text
from scanners.sources.content.extract.xmlwalk import XmlHandler, check_xml, parse_xml
from scanners.sources.content.parts import ExtractError, ItemStream, Source

_CELLS = ("table-cell", "covered-table-cell")
_MAX_REPEAT = 1024  # "number-columns-repeated" pads rows to the sheet width: do not expand it all


class OdfText(XmlHandler):
    """Paragraphs one per line; table rows as tab-separated lines or, for sheets, as rows."""

    def __init__(self, sheets: bool) -> None:
        self.sheets_mode = sheets
        self.out: list[str] = []
        self.sheets: list[tuple[str, list[list[str]]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._repeat = 1
        self._empties = 0  # empty cells not yet placed: trailing ones are never materialised
        self._cells = 0
        self._para = 0

    def _put(self, text: str) -> None:
        if self.sheets_mode and self._cell is not None:
            self._cell.append(text)
        elif not self.sheets_mode or not self._cells:
            self.out.append(text)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in ("p", "h"):
            self._para += 1
        elif tag == "table" and self.sheets_mode:
            self.sheets.append((attrs.get("name", ""), []))
        elif tag == "table-row":
            self._row = []
            self._empties = 0
        elif tag in _CELLS:
            self._cells += 1
            self._cell = []
            try:
                self._repeat = max(1, int(attrs.get("number-columns-repeated", "1")))
            except ValueError:
                self._repeat = 1
        elif tag == "s":
            try:
                count = int(attrs.get("c", "1"))
            except ValueError:
                count = 1
            self._put(" " * max(1, min(count, 100)))
        elif tag == "tab":
            self._put("\t")
        elif tag == "line-break":
            self._put("\n")

    def end(self, tag: str) -> None:
        if tag in ("p", "h"):
            self._para -= 1
            self._put(" " if self._cells else "\n")
        elif tag in _CELLS:
            self._cells -= 1
            value = "".join(self._cell or []).strip()
            self._cell = None
            if self.sheets_mode and self._row is not None:
                # Sheets end rows with a cell repeated thousands of times; count empty
                # cells and only write them out when a value follows.
                repeat = min(self._repeat, _MAX_REPEAT)
                if not value:
                    self._empties += repeat
                else:
                    if self._empties:
                        self._row.extend([""] * min(self._empties, _MAX_REPEAT))
                        self._empties = 0
                    self._row.extend([value] * repeat)
            elif not self.sheets_mode:
                self.out.append("\t")
        elif tag == "table-row":
            if self.sheets_mode and self._row is not None and self.sheets:
                if self._row:
                    self.sheets[-1][1].append(self._row)
            elif not self.sheets_mode:
                self.out.append("\n")
            self._row = None

    def data(self, text: str) -> None:
        if self._para:
            self._put(text)


def _content(src: Source, limits: Limits) -> bytes:
    with src.open() as fh, open_zip(fh, limits) as zf:
        data = Package(zf, limits).read("content.xml")
    if data is None:
        raise ExtractError("no content.xml (not an OpenDocument file?)")
    return data


def _flow(src: Source, limits: Limits, kind: str) -> ItemStream:
    handler = OdfText(sheets=False)
    parse_xml(_content(src, limits), handler)
    yield from chunk_text(src.name, "".join(handler.out), limits, kind)


def extract_odt(src: Source, limits: Limits) -> ItemStream:
    yield from _flow(src, limits, "odt")


def extract_odp(src: Source, limits: Limits) -> ItemStream:
    yield from _flow(src, limits, "odp")


def extract_ods(src: Source, limits: Limits) -> ItemStream:
    data = _content(src, limits)
    sheets = read_sheets(data)
    if sheets is None:
        handler = OdfText(sheets=True)
        parse_xml(data, handler)
        sheets = handler.sheets
    for name, rows in sheets:
        yield from table_parts(f"{src.name}!{name}", iter(rows), limits, "ods")


# --- the same sheets, one regular-expression match per cell ---------------------------------
#
# expat calls Python five times for a cell (<table:table-cell>, <text:p>, its text, </text:p>,
# </table:table-cell>) and `OdfText` once more per call: a spreadsheet's content.xml was 40%
# of the office files' time on the home corpus. Tables as LibreOffice, Excel and this project's
# writers write them (cells holding paragraphs of plain text, columns and header rows around
# the rows) are read with one match per cell; a document with anything else where `OdfText`
# acts (a span, a space or a note in a cell, a table inside a cell, a paragraph or a row
# outside a table, comments, other encodings ...) goes to the expat reader. expat still
# checks the whole document, so malformed XML fails with the very error it always did.
# tests/unit/content/test_ods_reader.py compares both readers.

_SPECIAL = re.compile(  # the elements OdfText acts on in a spreadsheet, under any prefix
    r"<(?:[^\s<>/!?:]+:)?(?:p|h|table|table-row|table-cell|covered-table-cell)[\s/>]")
_TABLE = re.compile(r"<table:table(" + ATTRS + r")\s*(/?)>")
_PARAGRAPH = r"<text:p" + ATTRS + r"\s*(?:/>|>[^<]*</text:p\s*>)"
_BODY = re.compile(
    # a cell as writers usually write it, read without the general parse below:
    # <table:table-cell office:value-type="string"><text:p>张三</text:p></table:table-cell>, and
    # the empty cells that pad a row (<table:table-cell table:number-columns-repeated="3"/>)
    r'<table:table-cell(?: office:value-type="[a-z]+")?><text:p>(?P<value>[^<]*)</text:p>'
    r"</table:table-cell>"
    r'|<table:table-cell(?: table:number-columns-repeated="(?P<pad>[0-9]{1,9})")?/>'
    r"|(?P<ws>\s+)"
    r"|<table:(?P<covered>(?:covered-)?)table-cell(?P<attrs>" + ATTRS + r")\s*"
    # one white-space character per step: "(?:\s+|...)*" would try every split of a long run
    r"(?:/>|>(?P<paras>(?:\s|" + _PARAGRAPH + r")*)</table:(?P=covered)table-cell\s*>)"
    r"|<table:table-row" + ATTRS + r"\s*(?P<empty>/)?>"
    r"|(?P<row_end></table:table-row\s*>)"
    # what holds rows and columns but no text
    r"|</?table:(?:table-column|table-columns|table-header-columns|table-column-group"
    r"|table-header-rows|table-rows|table-row-group)(?:" + ATTRS + r")\s*/?>"
    r"|(?P<end></table:table\s*>)"
)
_TABLE_END = "</table:table"
_TAG_END = (" ", "\t", "\n", ">")  # what may follow it in a table's own end tag
_TEXTS = re.compile(r"<text:p" + ATTRS + r"\s*(?:/>|>([^<]*)</text:p\s*>)")


def read_sheets(data: bytes) -> list[tuple[str, list[list[str]]]] | None:
    """The sheets of a content.xml as `OdfText(sheets=True)` reads them, or None when the
    document is not of the usual shape (`OdfText` is then the reader)."""
    usual = usual_text(data)
    if usual is None:
        return None
    text, pos = usual
    tables: list[tuple[str, tuple[int, int] | None]] = []  # (name, its body's span if any)
    while True:
        special = _SPECIAL.search(text, pos)
        if special is None:
            break
        table = _TABLE.match(text, special.start())
        if table is None:
            return None  # a paragraph, row or cell outside a table, or a table's other prefix
        name = attributes(table.group(1)).get("name", "")
        pos = table.end()
        if table.group(2):  # <table:table/>
            tables.append((name, None))
            continue
        # The body ends at the first end tag of a table (a table inside it is refused
        # below): "</table:table" followed by what may end a tag's name ("" at the end).
        end = text.find(_TABLE_END, pos)
        while end >= 0 and text[end + len(_TABLE_END):end + len(_TABLE_END) + 1] not in _TAG_END:
            end = text.find(_TABLE_END, end + 1)
        if end < 0:
            return None
        tables.append((name, (pos, end)))
        pos = end
    check_xml(data)  # malformed XML fails as it always did (and is not read on)
    sheets: list[tuple[str, list[list[str]]]] = []
    for name, body in tables:
        rows: list[list[str]] = []
        if body is not None and not _table_rows(text, *body, rows):
            return None
        sheets.append((name, rows))
    return sheets


def _table_rows(text: str, lo: int, hi: int, rows: list[list[str]]) -> bool:
    """`OdfText`'s rows of a table body text[lo:hi] appended to `rows`; False at the first
    thing that is not a row, a plain cell, white space or a column."""
    row: list[str] | None = None
    empties = 0  # empty cells not yet placed: trailing ones are never materialised
    pos = lo
    for m in _BODY.finditer(text, lo, hi):
        if m.start() != pos:
            return False
        pos = m.end()
        value, pad, ws, _, attrs, paras, empty, row_end, end = m.groups()
        if ws is not None:
            continue
        if value is not None or pad is not None or attrs is not None:  # a cell
            if row is None:
                return False  # a cell outside a row
            repeat = 1
            if value is not None:
                value = unescape(value).strip() if value else ""
            elif pad is not None:
                value, repeat = "", max(1, min(int(pad), _MAX_REPEAT))
            else:
                value = (" ".join(unescape(t) for t in _TEXTS.findall(paras)).strip()
                         if paras else "")
                if "repeated" in attrs:
                    try:
                        repeat = int(attributes(attrs).get("number-columns-repeated", "1"))
                    except ValueError:
                        repeat = 1
                    repeat = max(1, min(repeat, _MAX_REPEAT))
            if not value:
                empties += repeat
            else:
                if empties:
                    row.extend([""] * min(empties, _MAX_REPEAT))
                    empties = 0
                if repeat == 1:
                    row.append(value)
                else:
                    row.extend([value] * repeat)
        elif row_end is not None:
            if row:
                rows.append(row)
            row = None
        elif end is not None:
            return False  # an end tag of a table before the body's end: not ours
        elif empty is not None:
            row = None  # <table:table-row/>: a row without cells
        elif m.group().startswith("<table:table-row"):
            if row is not None:
                return False  # a row inside a row
            row, empties = [], 0
    return pos == hi and row is None
