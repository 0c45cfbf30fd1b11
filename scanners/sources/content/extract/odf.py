"""OpenDocument (.odt .ods .odp): the text of content.xml, spreadsheets sheet by sheet."""

from __future__ import annotations

from scanners.base import Limits
from scanners.sources.content.decode import chunk_text
from scanners.sources.content.extract.archive import open_zip
from scanners.sources.content.extract.ooxml import Package
from scanners.sources.content.extract.tabular import table_parts
from scanners.sources.content.extract.xmlwalk import XmlHandler, parse_xml
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
    handler = OdfText(sheets=True)
    parse_xml(_content(src, limits), handler)
    for name, rows in handler.sheets:
        yield from table_parts(f"{src.name}!{name}", iter(rows), limits, "ods")
