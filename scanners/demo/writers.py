"""File formats the demo sandbox is made of, written so that the same content gives the same
bytes: zip members sorted with a fixed date and mode, no generator or author stamps, no
random ids. Only what the sandbox needs (text, CSV, vCard, Word, Excel, zip, a JPEG carrying
EXIF GPS); each is the real format the content scanner reads.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ZIP_DATE = (2024, 1, 2, 3, 4, 6)  # every member's timestamp
Rows = Sequence[Sequence[object]]

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OOXML = "application/vnd.openxmlformats-officedocument"


def _parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    _parent(path).write_bytes(data)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def csv_text(rows: Rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[str(c) for c in r] for r in rows])
    return out.getvalue()


def write_csv(path: Path, rows: Rows) -> Path:
    return write_text(path, csv_text(rows))


def zip_bytes(members: Mapping[str, bytes | str]) -> bytes:
    """A deflated zip whose members are sorted by name, dated ZIP_DATE, mode 0644."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            data = members[name]
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def write_zip(path: Path, members: Mapping[str, bytes | str]) -> Path:
    return write_bytes(path, zip_bytes(members))


def _rels(items: Sequence[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{_R}/{kind}" Target="{target}"/>'
                   for rid, kind, target in items)
    return f'{_XML}<Relationships xmlns="{_PKG_RELS}">{body}</Relationships>'


def _types(overrides: Sequence[tuple[str, str]]) -> str:
    body = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
    return (f'{_XML}<Types xmlns="{_CT}"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{body}</Types>')


def _w_par(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def write_docx(path: Path, paragraphs: Sequence[str], table: Rows = ()) -> Path:
    """A Word document: paragraphs, then an optional table."""
    body = "".join(_w_par(t) for t in paragraphs)
    if table:
        body += "<w:tbl>" + "".join(
            "<w:tr>" + "".join(f"<w:tc>{_w_par(str(c))}</w:tc>" for c in r) + "</w:tr>"
            for r in table) + "</w:tbl>"
    ct = f"{_OOXML}.wordprocessingml"
    return write_zip(path, {
        "[Content_Types].xml": _types([("/word/document.xml", f"{ct}.document.main+xml")]),
        "_rels/.rels": _rels([("rId1", "officeDocument", "word/document.xml")]),
        "word/_rels/document.xml.rels": _rels([]),
        "word/document.xml": (f'{_XML}<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>'
                              f"{body}<w:sectPr/></w:body></w:document>"),
    })


def column_name(n: int) -> str:
    """A spreadsheet column's letters from its 0-based number (0 -> A, 26 -> AA)."""
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(path: Path, rows: Rows, sheet: str = "Sheet1") -> Path:
    """A one-sheet workbook; every cell a shared string (as exports write them)."""
    shared: dict[str, int] = {}
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{column_name(c)}{r}" t="s"><v>{shared.setdefault(str(v), len(shared))}</v></c>'
            for c, v in enumerate(row))
        xml_rows.append(f'<row r="{r}">{cells}</row>')
    sst = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in shared)
    ct = f"{_OOXML}.spreadsheetml"
    return write_zip(path, {
        "[Content_Types].xml": _types([
            ("/xl/workbook.xml", f"{ct}.sheet.main+xml"),
            ("/xl/worksheets/sheet1.xml", f"{ct}.worksheet+xml"),
            ("/xl/sharedStrings.xml", f"{ct}.sharedStrings+xml")]),
        "_rels/.rels": _rels([("rId1", "officeDocument", "xl/workbook.xml")]),
        "xl/_rels/workbook.xml.rels": _rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                             ("rId2", "sharedStrings", "sharedStrings.xml")]),
        "xl/workbook.xml": (f'{_XML}<workbook xmlns="{_SML}" xmlns:r="{_R}"><sheets>'
                            f'<sheet name={quoteattr(sheet)} sheetId="1" r:id="rId1"/>'
                            "</sheets></workbook>"),
        "xl/worksheets/sheet1.xml": (f'{_XML}<worksheet xmlns="{_SML}"><sheetData>'
                                     f'{"".join(xml_rows)}</sheetData></worksheet>'),
        "xl/sharedStrings.xml": (f'{_XML}<sst xmlns="{_SML}" count="{len(shared)}" '
                                 f'uniqueCount="{len(shared)}">{sst}</sst>'),
    })


def vcf_text(cards: Sequence[Mapping[str, str]]) -> str:
    """vCard 3.0 cards from {"name", "tel", "email", "adr"}."""
    out = []
    for card in cards:
        out.append(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{card['name']}\r\n")
        if card.get("tel"):
            out.append(f"TEL;TYPE=CELL:{card['tel']}\r\n")
        if card.get("email"):
            out.append(f"EMAIL:{card['email']}\r\n")
        if card.get("adr"):
            out.append(f"ADR;TYPE=HOME:;;{card['adr']};;;;\r\n")
        out.append("END:VCARD\r\n")
    return "".join(out)


# ---------------------------------------------------------------- a photo with EXIF GPS


def _rationals(value: float) -> bytes:
    """Degrees, minutes, seconds as three EXIF RATIONALs (seconds to 1/100)."""
    value = abs(value)
    deg = int(value)
    minutes = int((value - deg) * 60)
    sec = round(((value - deg) * 60 - minutes) * 60 * 100)
    return struct.pack(">IIIIII", deg, 1, minutes, 1, sec, 100)


def _ifd(tags: Sequence[tuple[int, int, int, bytes]], start: int) -> bytes:
    """One big-endian IFD at offset `start`: values over 4 bytes follow the entries."""
    data_at = start + 2 + 12 * len(tags) + 4
    entries, extra = b"", b""
    for tag, kind, count, value in tags:
        if len(value) <= 4:
            entries += struct.pack(">HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            entries += struct.pack(">HHII", tag, kind, count, data_at + len(extra))
            extra += value + (b"\x00" if len(value) % 2 else b"")
    return struct.pack(">H", len(tags)) + entries + b"\x00\x00\x00\x00" + extra


def exif_tiff(lat: float, lon: float, model: str, when: str) -> bytes:
    """An EXIF TIFF block: IFD0 (Make, Model, DateTime, GPS pointer) and the GPS IFD."""
    def text(s: str) -> bytes:
        return s.encode("ascii") + b"\x00"

    make = text("DemoPhone")
    mod = text(model)
    stamp = text(when)
    base: list[tuple[int, int, int, bytes]] = [
        (0x010F, 2, len(make), make), (0x0110, 2, len(mod), mod), (0x0132, 2, 20, stamp)]
    size0 = len(_ifd([*base, (0x8825, 4, 1, b"\x00" * 4)], 8))
    ifd0 = _ifd([*base, (0x8825, 4, 1, struct.pack(">I", 8 + size0))], 8)
    gps = _ifd([
        (0x0000, 1, 4, b"\x02\x03\x00\x00"),
        (0x0001, 2, 2, b"S\x00" if lat < 0 else b"N\x00"),
        (0x0002, 5, 3, _rationals(lat)),
        (0x0003, 2, 2, b"W\x00" if lon < 0 else b"E\x00"),
        (0x0004, 5, 3, _rationals(lon)),
    ], 8 + size0)
    return b"MM\x00\x2a" + struct.pack(">I", 8) + ifd0 + gps


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


# An 8x8 grey baseline JPEG: one DC and one AC Huffman code, the scan is one byte.
_JPEG_BODY = (
    _segment(0xDB, b"\x00" + b"\x01" * 64)
    + _segment(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
    + _segment(0xC4, b"\x00\x01" + b"\x00" * 15 + b"\x00")
    + _segment(0xC4, b"\x10\x01" + b"\x00" * 15 + b"\x00")
    + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x3f" + b"\xff\xd9"
)


def jpeg_bytes(lat: float, lon: float, model: str = "Demo 1",
               when: str = "2024:05:02 10:14:00") -> bytes:
    """A valid 8x8 JPEG (a stand-in for a photo) whose APP1 Exif carries a GPS position."""
    app0 = _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    app1 = _segment(0xE1, b"Exif\x00\x00" + exif_tiff(lat, lon, model, when))
    return b"\xff\xd8" + app0 + app1 + _JPEG_BODY
