"""Office Open XML (.docx .xlsx .pptx) read straight from the package's XML parts.

No python-docx/openpyxl at runtime: the parts are zip members read within the archive
limits and parsed with expat events (`xmlwalk`), which refuses entity declarations.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from scanners.base import Limits
from scanners.sources.content.decode import chunk_text
from scanners.sources.content.extract.archive import open_zip, read_zip_member
from scanners.sources.content.extract.budget import Budget
from scanners.sources.content.extract.problems import problem_for
from scanners.sources.content.extract.tabular import table_parts
from scanners.sources.content.extract.xmlfast import ATTRS, attributes, unescape, usual_text
from scanners.sources.content.extract.xmlwalk import (
    XmlHandler,
    check_xml,
    local_name,
    parse_xml,
    parse_xml_direct,
)
from scanners.sources.content.parts import ExtractError, ItemStream, Source


class Package:
    """The parts of an OPC/ODF zip, each read within the archive limits."""

    def __init__(self, zf: zipfile.ZipFile, limits: Limits) -> None:
        self.zf = zf
        self.budget = Budget(limits)
        self.infos = {i.filename: i for i in zf.infolist()}

    def names(self, pattern: str) -> list[str]:
        """Part names matching `pattern`, in natural order (slide2 before slide10)."""
        rx = re.compile(pattern)
        return sorted((n for n in self.infos if rx.fullmatch(n)), key=_natural)

    def read(self, name: str) -> bytes | None:
        info = self.infos.get(name)
        return None if info is None else read_zip_member(self.zf, info, self.budget)


def _natural(name: str) -> list[int | str]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


class RunText(XmlHandler):
    """Text of WordprocessingML / DrawingML: runs' <t>, paragraphs one per line.

    Table cells end with a tab and rows with a newline, so one row stays one line (a name
    and the ID number beside it are read together).
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self._in_t = 0
        self._in_run = 0
        self._cells = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "t":
            self._in_t += 1
        elif tag == "r":
            self._in_run += 1
        elif tag == "tc":
            self._cells += 1
        elif self._in_run and tag == "tab":
            self.out.append("\t")
        elif tag in ("br", "cr"):
            self.out.append("\n")

    def end(self, tag: str) -> None:
        if tag == "t":
            self._in_t -= 1
        elif tag == "r":
            self._in_run -= 1
        elif tag == "p":
            self.out.append(" " if self._cells else "\n")
        elif tag == "tc":
            self._cells -= 1
            self.out.append("\t")
        elif tag == "tr":
            self.out.append("\n")

    def data(self, text: str) -> None:
        if self._in_t:
            self.out.append(text)


def part_text(data: bytes) -> str:
    handler = RunText()
    parse_xml(data, handler)
    return "".join(handler.out)


def _texts(src: Source, limits: Limits, patterns: list[str], kind: str) -> ItemStream:
    """All matching parts' text as one document, with a problem for each unreadable part."""
    texts: list[str] = []
    with src.open() as fh, open_zip(fh, limits) as zf:
        pkg = Package(zf, limits)
        if not any(pkg.names(p) for p in patterns):
            raise ExtractError(f"no {kind} content part (not an Office document?)")
        for pattern in patterns:
            for name in pkg.names(pattern):
                try:
                    data = pkg.read(name)
                    if data is not None:
                        texts.append(part_text(data))
                except Exception as exc:  # one bad part must not hide the others
                    yield problem_for(f"{src.name}!{name}", exc)
    yield from chunk_text(src.name, "\n".join(t for t in texts if t), limits, kind)


_DOCX_PARTS = [
    r"word/document\d*\.xml",
    r"word/header\d*\.xml",
    r"word/footer\d*\.xml",
    r"word/footnotes\.xml",
    r"word/endnotes\.xml",
    r"word/comments\.xml",
]

_PPTX_PARTS = [r"ppt/slides/slide\d+\.xml", r"ppt/notesSlides/notesSlide\d+\.xml"]


def extract_docx(src: Source, limits: Limits) -> ItemStream:
    yield from _texts(src, limits, _DOCX_PARTS, "docx")


def extract_pptx(src: Source, limits: Limits) -> ItemStream:
    yield from _texts(src, limits, _PPTX_PARTS, "pptx")


# --- xlsx --------------------------------------------------------------------------------


class _SharedStrings(XmlHandler):
    def __init__(self) -> None:
        self.strings: list[str] = []
        self._cur: list[str] | None = None
        self._in_t = False
        self._phonetic = 0  # <rPh> runs are pronunciation hints, not cell text

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "si":
            self._cur = []
        elif tag == "t":
            self._in_t = True
        elif tag == "rPh":
            self._phonetic += 1

    def end(self, tag: str) -> None:
        if tag == "si" and self._cur is not None:
            self.strings.append("".join(self._cur))
            self._cur = None
        elif tag == "t":
            self._in_t = False
        elif tag == "rPh":
            self._phonetic -= 1

    def data(self, text: str) -> None:
        if self._in_t and self._cur is not None and not self._phonetic:
            self._cur.append(text)


def shared_strings(data: bytes) -> list[str]:
    """The shared strings of a workbook (xl/sharedStrings.xml), in order."""
    found = _usual_strings(data)
    if found is not None:
        return found
    handler = _SharedStrings()
    parse_xml(data, handler)
    return handler.strings


# The shared strings as Excel, LibreOffice and openpyxl usually write them (<si><t>张三</t></si>,
# one plain run per string), one match per string; rich text, phonetic runs and anything else
# go to `_SharedStrings` (tests/unit/content/test_sheet_reader.py compares the two).
_SST_HEAD = re.compile(r"\s*<sst" + ATTRS + r"\s*(/?)>")
_SST_ITEMS = re.compile(
    r"<si>\s*(?:<t" + ATTRS + r"\s*>(?P<text>[^<]*)</t\s*>|<t" + ATTRS + r"\s*/>)\s*</si\s*>"
    r"|(?P<ws>\s+)"
    r"|(?P<end></sst\s*>)"
)


def _usual_strings(data: bytes) -> list[str] | None:
    usual = usual_text(data)
    if usual is None:
        return None
    text, body = usual
    head = _SST_HEAD.match(text, body)
    if head is None:
        return None
    check_xml(data)  # malformed XML fails as it always did (and is not read on)
    if head.group(1):  # <sst/>
        return [] if not text[head.end():].strip() else None
    strings: list[str] = []
    add = strings.append
    pos = head.end()
    for m in _SST_ITEMS.finditer(text, pos):
        if m.start() != pos:
            return None
        pos = m.end()
        value, ws, end = m.groups()
        if ws is not None:
            continue
        if end is not None:
            return strings if not text[pos:].strip() else None
        add(unescape(value) if value else "")
    return None  # no end tag: check_xml would have refused it


_MAX_COLS = 16384  # Excel's own limit: a hostile ref cannot make a row longer


def col_index(ref: str) -> int:
    """0-based column of a cell reference ("B3" -> 1); -1 when absent or odd."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1 if 0 < n <= _MAX_COLS else -1


def _number(v: str) -> str:
    """Integral numbers as digits: a phone stored as a number is 1.3812345678E10 in XML."""
    if "E" in v or "e" in v or v.endswith(".0"):
        try:
            f = float(v)
        except ValueError:
            return v
        if f.is_integer() and abs(f) < 1e17:
            return str(int(f))
    return v


class _Sheet:
    """A worksheet part's rows. expat calls the reader's three closures directly (no
    `XmlHandler` layer, state in locals): a sheet is millions of events, and the layers were
    most of its time."""

    def __init__(self, shared: list[str]) -> None:
        self.shared = shared
        self.rows: list[list[str]] = []

    def read(self, data: bytes) -> None:
        if _read_cells(data, self.shared, self.rows):
            return
        shared, rows = self.shared, self.rows
        names: dict[str, str] = {}  # expat name -> local name: a sheet has a handful
        row: list[str] | None = None
        kind, col, collect = "", -1, 0  # the cell's type and column; inside <v> or <t>
        val: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal row, kind, col, collect, val
            tag = names.get(name) or names.setdefault(name, local_name(name))
            if tag == "row":
                row = []
            elif tag == "c":
                kind, ref = "n", ""
                for key, value in attrs.items():  # by local name, the last one wins
                    attr = names.get(key) or names.setdefault(key, local_name(key))
                    if attr == "t":
                        kind = value
                    elif attr == "r":
                        ref = value
                col, val = col_index(ref), []
            elif tag == "v" or tag == "t":
                collect += 1

        def end(name: str) -> None:
            nonlocal row, collect
            tag = names.get(name) or names.setdefault(name, local_name(name))
            if tag == "v" or tag == "t":
                collect -= 1
            elif tag == "c" and row is not None:
                _place(row, col, _cell_value(kind, "".join(val), shared))
            elif tag == "row" and row is not None:
                if any(row):
                    rows.append(row)
                row = None

        def text(chars: str) -> None:
            if collect:
                val.append(chars)

        parse_xml_direct(data, start, end, text)


# --- the same rows, one regular-expression match per cell ----------------------------------
#
# expat calls Python five times for a cell (<c>, <v>, its text, </v>, </c>): on a sheet of
# exports that is most of the reading. Sheets as Excel, LibreOffice, openpyxl and this
# project's own writers write them (UTF-8, unprefixed tags, values in <v> or one inline <t>,
# an optional formula) are read with one match per cell instead; anything else (prefixed
# tags, rich text, comments, CDATA, carriage returns, other encodings ...) goes to the expat
# reader. expat still checks every sheet, without a Python call per event, so malformed XML
# fails with the very error it always did. tests/unit/content/test_sheet_reader.py compares
# both readers on generated and odd sheets.

_CELLS = re.compile(
    # a cell as writers usually write it: <c r="B7" s="3" t="s"><v>12</v></c>, or with its
    # text inline (openpyxl: <c r="A2" t="inlineStr"><is><t>张三</t></is></c>)
    r'<c r="(?P<col>[A-Z]{1,3})[0-9]{1,7}"(?: s="[0-9]+")?(?: t="(?P<kind>[A-Za-z]+)")?'
    r'(?: s="[0-9]+")?>(?:<v>(?P<value>[^<]*)</v>|<v ?/>|<is><t>(?P<inline>[^<]*)</t></is>)?'
    r"</c>"
    r"|(?P<ws>\s+)"
    r"|<c(?P<attrs>" + ATTRS + r")\s*(?:/>|>\s*"
    r"(?:<f" + ATTRS + r"\s*(?:/>|>[^<]*</f>)\s*)?"
    r"(?:<v>(?P<v>[^<]*)</v>\s*|<v\s*/>\s*"  # an empty value: openpyxl's formula cells
    r"|<is>\s*<t" + ATTRS + r"\s*>(?P<t>[^<]*)</t>\s*</is>\s*)?"
    r"</c>)"
    r"|<row" + ATTRS + r"\s*(?P<empty>/)?>"
    r"|(?P<end></row>)"
)
# The usual attributes of a cell, in the usual order: read without the general parse.
_USUAL = re.compile(
    r' r="([A-Z]{1,3}[0-9]{1,7})"(?: s="[0-9]+")?(?: t="([A-Za-z]+)")?(?: s="[0-9]+")?')
_SHEET_DATA = re.compile(r"<sheetData" + ATTRS + r"\s*(/?)>")
_CELL_TAG = re.compile(r"<(?:[^\s<>/:]+:)?(?:row|c|v|t)[\s/>]")


def _cell_kind(attrs: str) -> tuple[str, str]:
    """A cell's type and reference from its attributes (by local name, the last one wins)."""
    usual = _USUAL.fullmatch(attrs)
    if usual is not None:
        return usual.group(2) or "n", usual.group(1)
    found = attributes(attrs)
    return found.get("t", "n"), found.get("r", "")


def _read_cells(data: bytes, shared: list[str], rows: list[list[str]]) -> bool:
    """Read the sheet into `rows` as `_Sheet.read`'s expat reader would; False (and `rows`
    untouched) when the sheet is not of the usual shape."""
    found = _usual_sheet(data)
    if found is None:
        return False
    text, lo, hi = found
    check_xml(data)  # malformed XML fails as it always did (and is not read on)
    read = _cell_rows(text, lo, hi, shared)
    if read is None:
        return False
    rows.extend(read)
    return True


def _usual_sheet(data: bytes) -> tuple[str, int, int] | None:
    """The sheet's text and the span of its one <sheetData>, if it is UTF-8 without
    comments, CDATA, processing instructions, carriage returns, or rows and cells elsewhere."""
    usual = usual_text(data)
    if usual is None:
        return None
    text, body = usual
    sheet = _SHEET_DATA.search(text, body)
    if sheet is None:
        return None
    lo = hi = after = sheet.end()
    if not sheet.group(1):
        hi = text.find("</sheetData>", lo)
        if hi < 0:
            return None
        after = hi + len("</sheetData>")
    if (_CELL_TAG.search(text, body, sheet.start()) or _CELL_TAG.search(text, after)
            or _SHEET_DATA.search(text, after)):
        return None  # rows or cells outside the one <sheetData>
    return text, lo, hi


def _cell_rows(text: str, lo: int, hi: int, shared: list[str]) -> list[list[str]] | None:
    """The rows of text[lo:hi] (a <sheetData>'s content), or None at the first thing that is
    not a row, a usual cell or white space."""
    found: list[list[str]] = []
    row: list[str] | None = None
    columns: dict[str, int] = {}  # "B" -> 1: a sheet has a handful of column names
    pos = lo
    for m in _CELLS.finditer(text, lo, hi):
        if m.start() != pos:
            return None
        pos = m.end()
        letters, kind, value, inline, ws, attrs, v, t, empty, end = m.groups()
        if letters is not None:  # the usual cell
            if row is not None:
                col = columns.get(letters)
                if col is None:
                    col = columns[letters] = col_index(letters)
                _usual_cell(row, col, kind, value if inline is None else inline, shared)
        elif ws is not None:
            continue
        elif attrs is not None:
            if row is not None:
                kind, ref = _cell_kind(attrs)
                raw = v if v is not None else t or ""
                _place(row, col_index(ref), _cell_value(kind, unescape(raw), shared))
        elif end is not None:
            if row is not None and any(row):
                found.append(row)
            row = None
        else:  # <row ...> or <row/>
            row = [] if empty is None else None
    return found if pos == hi else None


def _usual_cell(row: list[str], col: int, kind: str | None, value: str | None,
                shared: list[str]) -> None:
    """`_cell_value` and `_place` for a usual cell, the shared string and the next column
    first."""
    if value is None:
        value = ""
    elif "&" in value:
        value = unescape(value)
    if kind == "s":
        try:
            value = shared[int(value)]
        except (ValueError, IndexError):
            value = ""
    else:
        value = _cell_value(kind or "n", value, shared)
    if col == len(row):
        if value:
            row.append(value)
    else:
        _place(row, col, value)


def _cell_value(kind: str, raw: str, shared: list[str]) -> str:
    if kind == "s":
        try:
            return shared[int(raw)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return "TRUE" if raw == "1" else "FALSE"
    if kind in ("n", ""):
        return _number(raw)
    return raw


def _place(row: list[str], col: int, value: str) -> None:
    """A cell's value at its column (after the last one when it names none)."""
    if col < 0:
        col = len(row)
    if col >= len(row):
        if not value:
            return
        row.extend([""] * (col - len(row)))
        row.append(value)
    else:
        row[col] = value


class _Workbook(XmlHandler):
    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            self.sheets.append((attrs.get("name", ""), attrs.get("id", "")))


class _Rels(XmlHandler):
    def __init__(self) -> None:
        self.targets: dict[str, str] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship":
            self.targets[attrs.get("Id", "")] = attrs.get("Target", "")


def _sheet_parts(pkg: Package) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order; falls back to the worksheet files."""
    found: list[tuple[str, str]] = []
    wb_data, rels_data = pkg.read("xl/workbook.xml"), pkg.read("xl/_rels/workbook.xml.rels")
    if wb_data is not None and rels_data is not None:
        wb, rels = _Workbook(), _Rels()
        parse_xml(wb_data, wb)
        parse_xml(rels_data, rels)
        for name, rid in wb.sheets:
            target = rels.targets.get(rid, "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            part = posixpath.normpath(part)
            if part in pkg.infos:
                found.append((name or posixpath.basename(part), part))
    if not found:
        for part in pkg.names(r"xl/worksheets/sheet\d+\.xml"):
            found.append((posixpath.basename(part)[:-4], part))
    return found


def extract_xlsx(src: Source, limits: Limits) -> ItemStream:
    with src.open() as fh, open_zip(fh, limits) as zf:
        pkg = Package(zf, limits)
        shared: list[str] = []
        sst = pkg.read("xl/sharedStrings.xml")
        if sst is not None:
            shared = shared_strings(sst)
        sheets = _sheet_parts(pkg)
        if not sheets:
            raise ExtractError("no worksheet (not a spreadsheet?)")
        for sheet_name, part in sheets:
            path = f"{src.name}!{sheet_name}"
            try:
                data = pkg.read(part)
                sheet = _Sheet(shared)
                if data is not None:
                    sheet.read(data)
            except Exception as exc:  # one bad sheet must not hide the others
                yield problem_for(path, exc)
                continue
            yield from table_parts(path, iter(sheet.rows), limits, "xlsx")
