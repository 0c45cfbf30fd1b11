"""Writers of real files in every format piaudit reads, from lines of text or rows.

Used by the extractor tests, the accuracy corpus generator and the benchmark. Everything
is written with the standard library (plus py7zr/pypdf, already runtime dependencies) so
the writers are fast and deterministic: fixed timestamps, no random ids.
"""

from __future__ import annotations

import bz2
import email.policy
import gzip
import io
import lzma
import sqlite3
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from email.message import EmailMessage
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from scanners.demo.writers import column_name

FIXED_DATE = (2024, 1, 2, 3, 4, 6)
FIXED_EPOCH = 1704164646  # 2024-01-02T03:04:06Z
Rows = Sequence[Sequence[object]]

BOMS = {
    "utf-8": b"\xef\xbb\xbf",
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
    "utf-32-le": b"\xff\xfe\x00\x00",
    "utf-32-be": b"\x00\x00\xfe\xff",
}


def _p(path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


# --- plain text and tables -------------------------------------------------------------------


def write_txt(path: str | Path, text: str, encoding: str = "utf-8", bom: bool = False) -> Path:
    """`text` as stored (newlines untouched) in `encoding`, optionally with its BOM."""
    p = _p(path)
    data = text.encode(encoding)
    p.write_bytes((BOMS[encoding] if bom else b"") + data)
    return p


def csv_text(rows: Rows, delimiter: str = ",") -> str:
    out = io.StringIO()
    import csv

    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        [[str(c) for c in r] for r in rows]
    )
    return out.getvalue()


def write_csv(
    path: str | Path, rows: Rows, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False
) -> Path:
    return write_txt(path, csv_text(rows, delimiter), encoding, bom)


# --- zip-based documents ---------------------------------------------------------------------


def _zip(path: str | Path, parts: Mapping[str, bytes | str], stored_first: str = "") -> Path:
    """A deflated zip with fixed timestamps; `stored_first` is written first, uncompressed."""
    p = _p(path)
    with zipfile.ZipFile(p, "w") as zf:
        order = sorted(parts, key=lambda n: n != stored_first)
        for name in order:
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.compress_type = (
                zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            )
            data = parts[name]
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return p


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rels(items: Iterable[tuple[str, str, str]]) -> str:
    body = "".join(
        f'<Relationship Id="{rid}" Type="{_OD}/{typ}" Target="{target}"/>'
        for rid, typ, target in items
    )
    return f'{_XML}<Relationships xmlns="{_PKG_RELS}">{body}</Relationships>'


def _types(overrides: Iterable[tuple[str, str]]) -> str:
    body = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
    return (
        f'{_XML}<Types xmlns="{_CT}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{body}</Types>"
    )


def _w_par(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def write_docx(
    path: str | Path,
    paragraphs: Sequence[str],
    table: Rows | None = None,
    header: str | None = None,
    footer: str | None = None,
    comments: Sequence[str] = (),
) -> Path:
    """A Word document: paragraphs, then an optional table, header, footer and comments."""
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    body = "".join(_w_par(t) for t in paragraphs)
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{_w_par(str(c))}</w:tc>" for c in r) + "</w:tr>"
            for r in table
        )
        body += f"<w:tbl>{rows}</w:tbl>"
    rels: list[tuple[str, str, str]] = []
    parts: dict[str, str] = {}
    overrides = [("/word/document.xml", f"{ct}.document.main+xml")]
    sect = ""
    for kind, text in (("header", header), ("footer", footer)):
        if text is None:
            continue
        rid = f"rId{len(rels) + 1}"
        rels.append((rid, kind, f"{kind}1.xml"))
        tag = "hdr" if kind == "header" else "ftr"
        parts[f"word/{kind}1.xml"] = f'{_XML}<w:{tag} xmlns:w="{_W}">{_w_par(text)}</w:{tag}>'
        overrides.append((f"/word/{kind}1.xml", f"{ct}.{kind}+xml"))
        sect += f'<w:{kind}Reference w:type="default" r:id="{rid}"/>'
    if comments:
        rels.append((f"rId{len(rels) + 1}", "comments", "comments.xml"))
        items = "".join(
            f'<w:comment w:id="{i}" w:author="synth">{_w_par(c)}</w:comment>'
            for i, c in enumerate(comments)
        )
        parts["word/comments.xml"] = f'{_XML}<w:comments xmlns:w="{_W}">{items}</w:comments>'
        overrides.append(("/word/comments.xml", f"{ct}.comments+xml"))
    body += f"<w:sectPr>{sect}</w:sectPr>"
    parts["word/document.xml"] = (
        f'{_XML}<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{body}</w:body></w:document>'
    )
    parts["word/_rels/document.xml.rels"] = _rels(rels)
    parts["_rels/.rels"] = _rels([("rId1", "officeDocument", "word/document.xml")])
    parts["[Content_Types].xml"] = _types(overrides)
    return _zip(path, parts)


def write_xlsx(path: str | Path, sheets: Mapping[str, Rows] | Rows) -> Path:
    """A workbook; strings go to the shared-string table, numbers stay numbers."""
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    if not isinstance(sheets, Mapping):
        sheets = {"Sheet1": sheets}
    shared: dict[str, int] = {}
    parts: dict[str, str] = {}
    overrides = [("/xl/workbook.xml", f"{ct}.sheet.main+xml")]
    wb_sheets, wb_rels = [], []
    for i, (name, rows) in enumerate(sheets.items(), start=1):
        xml_rows = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{column_name(c)}{r}"
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    idx = shared.setdefault(str(value), len(shared))
                    cells.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
            xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            f'{_XML}<worksheet '
            f'xmlns="{_CT.replace("package/2006/content-types", "spreadsheetml/2006/main")}">'
            f"<sheetData>{''.join(xml_rows)}</sheetData></worksheet>"
        )
        overrides.append((f"/xl/worksheets/sheet{i}.xml", f"{ct}.worksheet+xml"))
        wb_sheets.append(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>')
        wb_rels.append((f"rId{i}", "worksheet", f"worksheets/sheet{i}.xml"))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sst = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in shared)
    parts["xl/sharedStrings.xml"] = (
        f'{_XML}<sst xmlns="{main}" count="{len(shared)}" uniqueCount="{len(shared)}">{sst}</sst>'
    )
    overrides.append(("/xl/sharedStrings.xml", f"{ct}.sharedStrings+xml"))
    wb_rels.append((f"rId{len(wb_rels) + 1}", "sharedStrings", "sharedStrings.xml"))
    parts["xl/workbook.xml"] = (
        f'{_XML}<workbook xmlns="{main}" xmlns:r="{_R}">'
        f'<sheets>{"".join(wb_sheets)}</sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = _rels(wb_rels)
    parts["_rels/.rels"] = _rels([("rId1", "officeDocument", "xl/workbook.xml")])
    parts["[Content_Types].xml"] = _types(overrides)
    return _zip(path, parts)


def _slides(
    slides: Sequence[Sequence[str]] | Sequence[str], per_slide: int = 15
) -> list[list[str]]:
    """Slides as lists of lines; a flat list of lines is cut into slides of `per_slide`."""
    if slides and all(isinstance(s, str) for s in slides):
        flat = [str(s) for s in slides]
        return [flat[i : i + per_slide] for i in range(0, len(flat), per_slide)]
    return [list(s) for s in slides]


def write_pptx(path: str | Path, slides: Sequence[Sequence[str]] | Sequence[str]) -> Path:
    """A presentation whose slides hold one text box of paragraphs each (a flat list of
    lines is cut into slides of 15).

    Only the parts a text reader needs (no master, layout or theme): PowerPoint may ask
    to repair it, text extractors read it.
    """
    ct = "application/vnd.openxmlformats-officedocument.presentationml"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pns = "http://schemas.openxmlformats.org/presentationml/2006/main"
    parts: dict[str, str] = {}
    overrides = [("/ppt/presentation.xml", f"{ct}.presentation.main+xml")]
    ids, rels = [], []
    for i, lines in enumerate(_slides(slides), start=1):
        paras = "".join(f"<a:p><a:r><a:t>{escape(t)}</a:t></a:r></a:p>" for t in lines)
        parts[f"ppt/slides/slide{i}.xml"] = (
            f'{_XML}<p:sld xmlns:a="{a}" xmlns:p="{pns}" xmlns:r="{_R}"><p:cSld><p:spTree>'
            '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            '<p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="Text"/><p:cNvSpPr/><p:nvPr/>'
            f"</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>{paras}</p:txBody></p:sp>"
            "</p:spTree></p:cSld></p:sld>"
        )
        overrides.append((f"/ppt/slides/slide{i}.xml", f"{ct}.slide+xml"))
        ids.append(f'<p:sldId id="{255 + i}" r:id="rId{i}"/>')
        rels.append((f"rId{i}", "slide", f"slides/slide{i}.xml"))
    parts["ppt/presentation.xml"] = (
        f'{_XML}<p:presentation xmlns:p="{pns}" xmlns:r="{_R}"><p:sldIdLst>{"".join(ids)}'
        '</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/></p:presentation>'
    )
    parts["ppt/_rels/presentation.xml.rels"] = _rels(rels)
    parts["_rels/.rels"] = _rels([("rId1", "officeDocument", "ppt/presentation.xml")])
    parts["[Content_Types].xml"] = _types(overrides)
    return _zip(path, parts)


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'office:version="1.2"'
)


def _odf(path: str | Path, kind: str, body: str) -> Path:
    mime = f"application/vnd.oasis.opendocument.{kind}"
    content = (f"{_XML}<office:document-content {_ODF_NS}>"
               f"<office:body>{body}</office:body></office:document-content>")
    manifest = (
        f'{_XML}<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return _zip(
        path,
        {"mimetype": mime, "content.xml": content, "META-INF/manifest.xml": manifest},
        stored_first="mimetype",
    )


def write_odt(path: str | Path, paragraphs: Sequence[str]) -> Path:
    body = "".join(f"<text:p>{escape(t)}</text:p>" for t in paragraphs)
    return _odf(path, "text", f"<office:text>{body}</office:text>")


def _ods_table(name: str, rows: Rows) -> str:
    xml_rows = []
    for row in rows:
        cells = "".join(
            f'<table:table-cell office:value-type="string">'
            f'<text:p>{escape(str(c))}</text:p></table:table-cell>'
            for c in row
        )
        xml_rows.append(
            f'<table:table-row>{cells}'
            '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
        )
    return f"<table:table table:name={quoteattr(name)}>{''.join(xml_rows)}</table:table>"


def write_ods(path: str | Path, sheets: Mapping[str, Rows] | Rows) -> Path:
    if not isinstance(sheets, Mapping):
        sheets = {"Sheet1": sheets}
    tables = "".join(_ods_table(n, r) for n, r in sheets.items())
    return _odf(path, "spreadsheet", f"<office:spreadsheet>{tables}</office:spreadsheet>")


def write_odp(path: str | Path, slides: Sequence[Sequence[str]] | Sequence[str]) -> Path:
    pages = "".join(
        f'<draw:page draw:name="p{i}"><draw:frame><draw:text-box>'
        + "".join(f"<text:p>{escape(t)}</text:p>" for t in lines)
        + "</draw:text-box></draw:frame></draw:page>"
        for i, lines in enumerate(_slides(slides), start=1)
    )
    return _odf(path, "presentation", f"<office:presentation>{pages}</office:presentation>")


# --- PDF -------------------------------------------------------------------------------------


def _pdf_literal(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _to_unicode_cmap(chars: Iterable[str]) -> bytes:
    """ToUnicode CMap for the UCS-2 codes actually used (like a subset font's): viewers and
    extractors map each 2-byte code back to its character."""
    pairs = [f"<{ord(c):04X}> <{ord(c):04X}>" for c in sorted(set(chars)) if ord(c) < 0x10000]
    blocks = []
    for i in range(0, len(pairs), 100):
        chunk = pairs[i : i + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def pdf_bytes(lines: Sequence[str], lines_per_page: int = 60) -> bytes:
    """A PDF with a real text layer. ASCII lines use Helvetica; other lines use the Adobe
    STSong-Light CID font with the predefined UniGB-UCS2-H CMap (no embedded font needed)
    plus a ToUnicode map, so both viewers and text extractors read Chinese."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    desc = add(
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
    )
    cid = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor %d 0 R"
        b" /DW 1000 >>" % desc
    )
    cmap = _to_unicode_cmap("".join(ln for ln in lines if not ln.isascii()))
    tounicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    f2 = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid, tounicode)
    )
    page_ids = []
    chunks = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    for chunk in chunks:
        ops = [b"BT", b"14 TL", b"50 800 Td"]
        for line in chunk:
            if line.isascii():
                ops.append(b"/F1 11 Tf " + _pdf_literal(line) + b" Tj T*")
            else:
                bmp = "".join(c for c in line if ord(c) < 0x10000)
                ops.append(b"/F2 11 Tf <" + bmp.encode("utf-16-be").hex().encode() + b"> Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        # Only pages with Chinese reference the CID font: extractors load a page's fonts.
        fonts = b"/F1 %d 0 R" % f1
        if not all(line.isascii() for line in chunk):
            fonts += b" /F2 %d 0 R" % f2
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                b" /Resources << /Font << %s >> >> >>" % (pages_id, content, fonts)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()


def write_pdf(path: str | Path, lines: Sequence[str], password: str | None = None) -> Path:
    """A text PDF; with `password`, encrypted (RC4-128) so that it needs that password."""
    p = _p(path)
    data = pdf_bytes(lines)
    if password is not None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(data)))
        writer.encrypt(
            user_password=password, owner_password=password + "-owner", algorithm="RC4-128"
        )
        buf = io.BytesIO()
        writer.write(buf)
        data = buf.getvalue()
    p.write_bytes(data)
    return p


# --- RTF -------------------------------------------------------------------------------------


def rtf_bytes(paragraphs: Sequence[str], codepage: int | None = None) -> bytes:
    """RTF with non-ASCII as \\uN escapes (ASCII fallback "?"), or with `codepage` (e.g. 936)
    as \\'hh escapes in that code page, the way Chinese Word writes them."""
    charset = {936: 134, 950: 136}.get(codepage or 0, 0)
    out = [f"{{\\rtf1\\ansi\\ansicpg{codepage or 1252}\\deff0"]
    out.append(f"{{\\fonttbl{{\\f0\\fswiss\\fcharset{charset} SimSun;}}}}")
    out.append("{\\colortbl;\\red0\\green0\\blue0;}")
    out.append("{\\*\\generator synth;}\\uc1\\pard ")
    for para in paragraphs:
        parts = []
        for ch in para:
            if ch in "\\{}":
                parts.append("\\" + ch)
            elif ord(ch) < 128:
                parts.append(ch)
            elif codepage:
                parts.append("".join(f"\\'{b:02x}" for b in ch.encode(f"cp{codepage}")))
            else:
                code = ord(ch)
                if code > 0xFFFF:
                    hi, lo = struct.unpack("<HH", ch.encode("utf-16-le"))
                    parts.append(f"\\u{hi - 65536}?\\u{lo - 65536}?")
                else:
                    parts.append(f"\\u{code if code < 32768 else code - 65536}?")
        out.append("".join(parts) + "\\par\n")
    out.append("}")
    return "".join(out).encode("ascii")


def write_rtf(path: str | Path, paragraphs: Sequence[str], codepage: int | None = None) -> Path:
    p = _p(path)
    p.write_bytes(rtf_bytes(paragraphs, codepage))
    return p


# --- mail and contacts -----------------------------------------------------------------------


def eml_bytes(
    body: str,
    subject: str = "synthetic message",
    sender: str = "Alice <alice@example.com>",
    to: str = "Bob <bob@example.org>",
    html: str | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
    date: str = "Tue, 02 Jan 2024 03:04:06 +0000",
) -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, to, subject, date
    msg["Message-ID"] = "<synth-0001@example.com>"
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def write_eml(path: str | Path, body: str, **kwargs: object) -> Path:
    p = _p(path)
    p.write_bytes(eml_bytes(body, **kwargs))  # type: ignore[arg-type]
    return p


def write_mbox(path: str | Path, messages: Sequence[bytes | tuple[str, str]]) -> Path:
    """An mbox of raw messages (e.g. from `eml_bytes`) or (subject, body) pairs; "From "
    lines in bodies are quoted mboxrd-style."""
    p = _p(path)
    out = []
    for message in messages:
        raw = message if isinstance(message, bytes) else eml_bytes(message[1], subject=message[0])
        out.append(b"From synth@example.com Tue Jan  2 03:04:06 2024\n")
        for line in raw.replace(b"\r\n", b"\n").split(b"\n"):
            if line.lstrip(b">").startswith(b"From "):
                line = b">" + line
            out.append(line + b"\n")
        out.append(b"\n")
    p.write_bytes(b"".join(out))
    return p


def vcf_text(cards: Sequence[Mapping[str, str]]) -> str:
    """vCard 3.0 cards from {"name": .., "tel": .., "email": .., "adr": ..}."""
    out = []
    for card in cards:
        out.append("BEGIN:VCARD\r\nVERSION:3.0\r\n")
        out.append(f"FN:{card.get('name', '')}\r\n")
        if "tel" in card:
            out.append(f"TEL;TYPE=CELL:{card['tel']}\r\n")
        if "email" in card:
            out.append(f"EMAIL:{card['email']}\r\n")
        if "adr" in card:
            out.append(f"ADR;TYPE=HOME:;;{card['adr']};;;;\r\n")
        out.append("END:VCARD\r\n")
    return "".join(out)


def write_vcf(path: str | Path, cards: Sequence[Mapping[str, str]]) -> Path:
    return write_txt(path, vcf_text(cards))


# --- archives --------------------------------------------------------------------------------


def write_zip(path: str | Path, members: Mapping[str, bytes | str]) -> Path:
    return _zip(path, members)


def zip_encrypted_bytes(name: str, data: bytes) -> bytes:
    """A zip whose member has the "encrypted" flag (ZipCrypto header bytes are fake: the
    flag is what readers see first; this is enough to test detection)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo(name, FIXED_DATE), b"\x00" * 12 + data)
    raw = bytearray(buf.getvalue())
    raw[6] |= 0x01  # general purpose flag, local header
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 8] |= 0x01  # general purpose flag, central directory
    return bytes(raw)


def write_tar(path: str | Path, members: Mapping[str, bytes | str], compression: str = "") -> Path:
    """A tar (compression "", "gz", "bz2" or "xz") with fixed mtimes and owners."""
    p = _p(path)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name, data in members.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(raw), FIXED_EPOCH, 0o644
            tf.addfile(info, io.BytesIO(raw))
    p.write_bytes(compress(buf.getvalue(), compression))
    return p


def compress(data: bytes, compression: str) -> bytes:
    if compression == "gz":
        return gzip.compress(data, mtime=0)
    if compression == "bz2":
        return bz2.compress(data)
    if compression == "xz":
        return lzma.compress(data)
    return data


def write_gz(path: str | Path, data: bytes | str) -> Path:
    p = _p(path)
    p.write_bytes(compress(data.encode() if isinstance(data, str) else data, "gz"))
    return p


def write_bz2(path: str | Path, data: bytes | str) -> Path:
    p = _p(path)
    p.write_bytes(compress(data.encode() if isinstance(data, str) else data, "bz2"))
    return p


def write_xz(path: str | Path, data: bytes | str) -> Path:
    p = _p(path)
    p.write_bytes(compress(data.encode() if isinstance(data, str) else data, "xz"))
    return p


def write_7z(
    path: str | Path, members: Mapping[str, bytes | str], password: str | None = None
) -> Path:
    import py7zr

    p = _p(path)
    if p.exists():
        p.unlink()
    kwargs: dict[str, object] = {}
    if password is not None:
        kwargs = {"password": password, "header_encryption": False}
    with py7zr.SevenZipFile(p, "w", **kwargs) as archive:  # type: ignore[arg-type]
        for name, data in members.items():
            archive.writestr(data.encode() if isinstance(data, str) else data, name)
    return p


# --- SQLite ----------------------------------------------------------------------------------


def write_sqlite(path: str | Path, tables: Mapping[str, tuple[Sequence[str], Rows]] | Rows) -> Path:
    """A database of TEXT tables: {name: (columns, rows)}, or rows whose first row names
    the columns of a single table "data"."""
    if not isinstance(tables, Mapping):
        rows = [list(r) for r in tables]
        width = max((len(r) for r in rows), default=1)
        header = [str(c) for c in rows[0]] if rows else ["value"]
        header += [f"col{i}" for i in range(len(header), width)]
        body = [[str(c) for c in r] + [""] * (width - len(r)) for r in rows[1:]]
        tables = {"data": (header, body)}
    p = _p(path)
    if p.exists():
        p.unlink()
    conn = sqlite3.connect(p)
    try:
        for name, (columns, rows) in tables.items():
            cols = ", ".join(f'"{c}" TEXT' for c in columns)
            conn.execute(f'CREATE TABLE "{name}" ({cols})')
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        conn.commit()
    finally:
        conn.close()
    return p


# --- photos with a GPS position --------------------------------------------------------------


def _rational(value: float) -> tuple[int, int]:
    return round(value * 10000), 10000


def _dms(value: float) -> list[tuple[int, int]]:
    value = abs(value)
    deg = int(value)
    minutes = int((value - deg) * 60)
    seconds = (value - deg - minutes / 60) * 3600
    return [(deg, 1), (minutes, 1), _rational(seconds)]


def exif_tiff(
    lat: float | None,
    lon: float | None,
    make: str = "SynthCam",
    model: str = "S1",
    when: str = "2024:01:02 03:04:06",
) -> bytes:
    """A big-endian EXIF TIFF block: IFD0 (Make, Model, DateTime, GPS pointer) + GPS IFD."""

    def ascii_val(s: str) -> bytes:
        return s.encode() + b"\x00"

    ifd0_tags: list[tuple[int, int, int, bytes]] = [
        (0x010F, 2, len(ascii_val(make)), ascii_val(make)),
        (0x0110, 2, len(ascii_val(model)), ascii_val(model)),
        (0x0132, 2, 20, ascii_val(when)),
    ]
    gps_tags: list[tuple[int, int, int, bytes]] = []
    if lat is not None and lon is not None:
        lat_v = b"".join(struct.pack(">II", *r) for r in _dms(lat))
        lon_v = b"".join(struct.pack(">II", *r) for r in _dms(lon))
        gps_tags = [
            (0x0000, 1, 4, b"\x02\x03\x00\x00"),
            (0x0001, 2, 2, b"S\x00" if lat < 0 else b"N\x00"),
            (0x0002, 5, 3, lat_v),
            (0x0003, 2, 2, b"W\x00" if lon < 0 else b"E\x00"),
            (0x0004, 5, 3, lon_v),
        ]
        ifd0_tags.append((0x8825, 4, 1, b""))  # pointer patched below

    def ifd_size(tags: list[tuple[int, int, int, bytes]]) -> int:
        return 2 + 12 * len(tags) + 4

    def build(
        tags: list[tuple[int, int, int, bytes]], start: int, pointers: dict[int, int]
    ) -> bytes:
        entries, extra = [], b""
        data_at = start + ifd_size(tags)
        for tag, typ, count, value in tags:
            if tag in pointers:
                value = struct.pack(">I", pointers[tag])
            if len(value) <= 4:
                entries.append(struct.pack(">HHI", tag, typ, count) + value.ljust(4, b"\x00"))
            else:
                entries.append(struct.pack(">HHII", tag, typ, count, data_at + len(extra)))
                extra += value + (b"\x00" if len(value) % 2 else b"")
        return struct.pack(">H", len(tags)) + b"".join(entries) + b"\x00\x00\x00\x00" + extra

    ifd0_at = 8
    ifd0_len = len(build(ifd0_tags, ifd0_at, {0x8825: 0}))
    gps_at = ifd0_at + ifd0_len
    ifd0 = build(ifd0_tags, ifd0_at, {0x8825: gps_at})
    gps = build(gps_tags, gps_at, {}) if gps_tags else b""
    return b"MM\x00\x2a" + struct.pack(">I", ifd0_at) + ifd0 + gps


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


# An 8x8 grey baseline JPEG: one DC and one AC Huffman code, so the scan is one byte.
_JPEG_BODY = (
    _jpeg_segment(0xDB, b"\x00" + b"\x01" * 64)
    + _jpeg_segment(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
    + _jpeg_segment(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00")
    + _jpeg_segment(0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00")
    + _jpeg_segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    + b"\x3f"
    + b"\xff\xd9"
)


def jpeg_bytes(lat: float | None, lon: float | None, **kwargs: str) -> bytes:
    """A valid 8x8 JPEG with an APP1 Exif segment carrying a GPS position."""
    app1 = _jpeg_segment(0xE1, b"Exif\x00\x00" + exif_tiff(lat, lon, **kwargs))
    app0 = _jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    return b"\xff\xd8" + app0 + app1 + _JPEG_BODY


def write_jpeg_with_gps(
    path: str | Path, lat: float | None, lon: float | None, **kwargs: str
) -> Path:
    p = _p(path)
    p.write_bytes(jpeg_bytes(lat, lon, **kwargs))
    return p


def write_tiff_with_gps(path: str | Path, lat: float, lon: float, **kwargs: str) -> Path:
    p = _p(path)
    p.write_bytes(exif_tiff(lat, lon, **kwargs))
    return p


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full_box(kind: bytes, version: int, payload: bytes) -> bytes:
    return _box(kind, bytes([version, 0, 0, 0]) + payload)


def heic_bytes(lat: float, lon: float, **kwargs: str) -> bytes:
    """An HEIF container whose meta box declares an 'Exif' item (iinf) located by iloc in
    mdat. The image item itself is a stub: enough structure for metadata readers."""
    exif = b"\x00\x00\x00\x06" + b"Exif\x00\x00" + exif_tiff(lat, lon, **kwargs)
    ftyp = _box(b"ftyp", b"heic" + b"\x00\x00\x00\x00" + b"mif1heic")
    hdlr = _full_box(b"hdlr", 0, b"\x00" * 4 + b"pict" + b"\x00" * 12 + b"\x00")
    pitm = _full_box(b"pitm", 0, struct.pack(">H", 1))
    infe1 = _full_box(b"infe", 2, struct.pack(">HH", 1, 0) + b"hvc1" + b"\x00")
    infe2 = _full_box(b"infe", 2, struct.pack(">HH", 2, 0) + b"Exif" + b"\x00")
    iinf = _full_box(b"iinf", 0, struct.pack(">H", 2) + infe1 + infe2)

    def meta_with(mdat_offset: int) -> bytes:
        # iloc v0: offset_size=4, length_size=4, base_offset_size=0, reserved=0
        items = struct.pack(">HHHII", 1, 0, 1, mdat_offset, 1)
        items += struct.pack(">HHHII", 2, 0, 1, mdat_offset + 1, len(exif))
        iloc = _full_box(b"iloc", 0, bytes([0x44, 0x00]) + struct.pack(">H", 2) + items)
        return _full_box(b"meta", 0, hdlr + pitm + iinf + iloc)

    meta_len = len(meta_with(0))
    data_at = len(ftyp) + meta_len + 8
    mdat = _box(b"mdat", b"\x00" + exif)
    return ftyp + meta_with(data_at) + mdat


def write_heic_with_gps(path: str | Path, lat: float, lon: float, **kwargs: str) -> Path:
    p = _p(path)
    p.write_bytes(heic_bytes(lat, lon, **kwargs))
    return p


# --- Outlook .msg (OLE compound file) --------------------------------------------------------

_FREE, _END, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_CFB_TREE = dict[str, "bytes | _CFB_TREE"]  # type: ignore[misc]


def _cfb_key(name: str) -> tuple[int, str]:
    """Sibling order of compound-file directory entries: length first, then upper case."""
    return len(name), name.upper()


def _cfb_entries(tree: Mapping[str, object]) -> list[dict[str, object]]:
    """The compound file's directory: the root, then `tree` depth first, each storage's
    children as the red-black tree (all black, balanced) the format sorts by name."""
    entries: list[dict[str, object]] = [{"name": "Root Entry", "type": 5, "kids": []}]

    def add(node: Mapping[str, object], parent: int) -> None:
        for name, value in node.items():
            idx = len(entries)
            if isinstance(value, Mapping):
                entries.append({"name": name, "type": 1, "kids": []})
                add(value, idx)
            else:
                entries.append({"name": name, "type": 2, "data": bytes(value)})  # type: ignore[call-overload]
            entries[parent]["kids"].append(idx)  # type: ignore[attr-defined]

    add(tree, 0)
    for e in entries:
        e.update(left=_FREE, right=_FREE, child=_FREE, start=_END, size=0)

    def balance(ids: list[int]) -> int:
        if not ids:
            return _FREE
        mid = len(ids) // 2
        entries[ids[mid]]["left"] = balance(ids[:mid])
        entries[ids[mid]]["right"] = balance(ids[mid + 1 :])
        return ids[mid]

    for e in entries:
        if e["type"] in (1, 5):
            kids = sorted(e["kids"], key=lambda i: _cfb_key(str(entries[i]["name"])))  # type: ignore[attr-defined]
            e["child"] = balance(kids)
    return entries


def cfb_bytes(tree: Mapping[str, object]) -> bytes:
    """A version-3 compound file (512-byte sectors) holding `tree`: names map to bytes
    (streams) or to nested mappings (storages). Streams under 4096 bytes go to the mini
    stream as the format requires. Enough for olefile and Outlook-style readers."""
    entries = _cfb_entries(tree)
    sectors: list[bytes] = []  # content sectors, numbered after the FAT sectors
    chains: list[tuple[int, int]] = []  # (first content sector, count)

    def put(data: bytes) -> int:
        first = len(sectors)
        count = max(1, -(-len(data) // 512))
        for i in range(count):
            sectors.append(data[i * 512 : (i + 1) * 512].ljust(512, b"\x00"))
        chains.append((first, count))
        return first

    mini = bytearray()
    minifat: list[int] = []
    big: list[dict[str, object]] = []
    for e in entries:
        if e["type"] != 2:
            continue
        data: bytes = e["data"]  # type: ignore[assignment]
        e["size"] = len(data)
        if len(data) >= 4096:
            big.append(e)
        elif data:
            first = len(mini) // 64
            n = -(-len(data) // 64)
            mini += data.ljust(n * 64, b"\x00")
            minifat += [first + i + 1 for i in range(n - 1)] + [_END]
            e["start"] = first
    n_dir = -(-len(entries) // 4)
    dir_first = put(b"\x00" * 512 * n_dir)  # placeholder, filled once starts are known
    minifat_first = put(b"".join(struct.pack("<I", v) for v in minifat)) if minifat else None
    mini_first = put(bytes(mini)) if mini else None
    for e in big:
        e["start"] = put(e["data"])  # type: ignore[arg-type]
    n_fat = 1
    while n_fat * 128 < len(sectors) + n_fat:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("compound file too large for this writer (no DIFAT)")
    shift = n_fat
    fat = [_FATSECT] * n_fat
    for first, count in chains:
        fat += [shift + first + i + 1 for i in range(count - 1)] + [_END]
    fat += [_FREE] * (n_fat * 128 - len(fat))
    for e in big:
        e["start"] = int(e["start"]) + shift  # type: ignore[call-overload]
    root = entries[0]
    if mini_first is not None:
        root["start"], root["size"] = mini_first + shift, len(mini)
    blob = bytearray()
    for e in entries:
        name = str(e["name"]).encode("utf-16-le") + b"\x00\x00"
        blob += name.ljust(64, b"\x00") + struct.pack("<HBB", len(name), e["type"], 1)
        blob += struct.pack("<III", e["left"], e["right"], e["child"]) + b"\x00" * 16
        blob += struct.pack("<I", 0) + b"\x00" * 16
        blob += struct.pack("<IQ", e["start"], e["size"])
    blob = blob.ljust(512 * n_dir, b"\x00")
    for i in range(n_dir):
        sectors[dir_first + i] = bytes(blob[i * 512 : (i + 1) * 512])
    difat = list(range(n_fat)) + [_FREE] * (109 - n_fat)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIII", 0, n_fat, dir_first + shift, 0)
        + struct.pack("<I", 4096)
        + struct.pack(
            "<II",
            _END if minifat_first is None else minifat_first + shift,
            -(-len(minifat) * 4 // 512),
        )
        + struct.pack("<II", _END, 0)
        + b"".join(struct.pack("<I", d) for d in difat)
    )
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    return header + fat_bytes + b"".join(sectors)


def _mapi_text(tag: str, text: str) -> tuple[str, bytes]:
    return f"__substg1.0_{tag}001F", text.encode("utf-16-le")


def msg_bytes(
    body: str,
    subject: str = "synthetic message",
    sender: tuple[str, str] = ("Alice", "alice@example.com"),
    recipients: Sequence[tuple[str, str]] = (("Bob", "bob@example.org"),),
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """An Outlook .msg: subject, body, sender, recipients and attachments as MAPI streams."""
    tree: dict[str, object] = dict(
        [
            _mapi_text("0037", subject),
            _mapi_text("1000", body),
            _mapi_text("0C1A", sender[0]),
            _mapi_text("5D01", sender[1]),
            _mapi_text("0E04", "; ".join(n for n, _ in recipients)),
            _mapi_text("001A", "IPM.Note"),
        ]
    )
    tree["__properties_version1.0"] = b"\x00" * 32
    for i, (name, addr) in enumerate(recipients):
        tree[f"__recip_version1.0_#{i:08X}"] = dict(
            [
                _mapi_text("3001", name),
                _mapi_text("39FE", addr),
                ("__properties_version1.0", b"\x00" * 8),
            ]
        )
    for i, (name, data) in enumerate(attachments):
        tree[f"__attach_version1.0_#{i:08X}"] = dict(
            [
                _mapi_text("3707", name),
                ("__substg1.0_37010102", data),
                ("__properties_version1.0", b"\x00" * 8),
            ]
        )
    return cfb_bytes(tree)


def write_msg(path: str | Path, body: str, **kwargs: object) -> Path:
    p = _p(path)
    p.write_bytes(msg_bytes(body, **kwargs))  # type: ignore[arg-type]
    return p


# --- hostile files for bad-input tests -------------------------------------------------------

# zlib.crc32(bytes(1 << 30)): computing it takes a noticeable fraction of a second.
_CRC_1GIB_ZEROS = 0x5B64C2B0


def _zero_deflate(mib: int) -> bytes:
    """Raw deflate of `mib` MiB of zeros, built from one block repeated: after a full flush
    the compressor's state is reset, so every 1 MiB block compresses to the same bytes."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    return block * mib + c.flush()


def _zero_crc(mib: int) -> int:
    if mib == 1024:
        return _CRC_1GIB_ZEROS
    crc, zeros = 0, bytes(1 << 20)
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return crc


def zip_bomb_bytes(mib: int = 1024, name: str = "zeros.bin", declared: int | None = None) -> bytes:
    """A zip with one member of `mib` MiB of zeros (~1 MB per GiB on disk), written in
    milliseconds. `declared` overrides the uncompressed size in the headers (a liar)."""
    data = _zero_deflate(mib)
    usize = (mib << 20) if declared is None else declared
    crc = _zero_crc(mib)
    raw = name.encode()
    fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), usize)
    local = b"PK\x03\x04" + fields + struct.pack("<HH", len(raw), 0) + raw
    central = (
        b"PK\x01\x02"
        + struct.pack("<H", 20)
        + fields
        + struct.pack("<HHHHHII", len(raw), 0, 0, 0, 0, 0, 0)
        + raw
    )
    end = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, 1, 1, len(central), len(local) + len(data), 0
    )
    return local + data + central + end


def gzip_bomb_bytes(mib: int = 1024, declared: int | None = None) -> bytes:
    """A gzip of `mib` MiB of zeros; `declared` overrides the trailer's size (a liar)."""
    size = (mib << 20) if declared is None else declared
    header = b"\x1f\x8b\x08\x00" + b"\x00" * 4 + b"\x02\xff"
    trailer = struct.pack("<II", _zero_crc(mib), size & 0xFFFFFFFF)
    return header + _zero_deflate(mib) + trailer
