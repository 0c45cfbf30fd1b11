"""File typing: magic bytes first, the name only to break ties.

A .docx renamed .dat is still a docx, and binary junk named .txt is still binary: what a
file *is* decides which extractor reads it. The name helps only where content cannot tell
(CSV vs plain text, an e-mail vs a text file that starts with "From:").
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING

from scanners.sources.content.encoding import decode_bytes, utf16_or_32

if TYPE_CHECKING:
    from scanners.sources.content.parts import Source

HEAD_BYTES = 8192  # how much of a file `sniff_source` looks at

# Kinds whose content is text to run the detectors over, by extension (tie-breakers only).
_TEXT_EXT = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".eml": "eml",
    ".mbox": "mbox",
    ".mbx": "mbox",
    ".vcf": "vcf",
    ".vcard": "vcf",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "xml",
    ".rtf": "rtf",
}

_DB_EXT = {".db", ".sqlite", ".sqlite3", ".db3", ".sqlitedb"}

_BOMS = (
    b"\xef\xbb\xbf",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\xfe\xff",
    b"\xff\xfe",
    b"\xfe\xff",
)

# ISO-BMFF brands of HEIF/HEIC still images (ftyp box at offset 4).
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}

# Magic numbers of formats we do not read: typed so they are skipped, not decoded as text.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"\xca\xfe\xba\xbe", "executable"),
    (b"\xcf\xfa\xed\xfe", "executable"),
    (b"\xce\xfa\xed\xfe", "executable"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp-maybe"),
    (b"OggS", "media"),
    (b"ID3", "media"),
    (b"fLaC", "media"),
    (b"\x1aE\xdf\xa3", "media"),
    (b"wOFF", "font"),
    (b"wOF2", "font"),
    (b"\x00\x01\x00\x00\x00", "font"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x04\x22\x4d\x18", "lz4"),
)

_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:[ \t]")
_MAIL_HEADERS = {
    b"from",
    b"to",
    b"cc",
    b"subject",
    b"date",
    b"received",
    b"message-id",
    b"mime-version",
    b"return-path",
    b"delivered-to",
    b"reply-to",
    b"content-type",
    b"x-mailer",
    b"sender",
}


def _ext(name: str) -> str:
    """Lower-case extension of the last component of a display path ("a.zip!b/c.CSV")."""
    base = re.split(r"[!/\\]", name)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _zip_kind(names: list[str], head: bytes = b"") -> str:
    """OOXML / ODF / plain zip from member names (and the ODF `mimetype` member)."""
    nameset = set(names)
    if "mimetype" in nameset or head[30:38] == b"mimetype":
        blob = head[38:120]
        for odf in ("text", "spreadsheet", "presentation"):
            if f"application/vnd.oasis.opendocument.{odf}".encode() in blob:
                return {"text": "odt", "spreadsheet": "ods", "presentation": "odp"}[odf]
    if "[Content_Types].xml" in nameset or any(
        n.startswith(("word/", "xl/", "ppt/")) for n in names
    ):
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
    return "zip"


def _local_names(head: bytes) -> list[str]:
    """Member names of the local file headers that fit in `head` (no central directory)."""
    names: list[str] = []
    pos = 0
    while len(names) < 64:
        pos = head.find(b"PK\x03\x04", pos)
        if pos < 0 or pos + 30 > len(head):
            break
        nlen = int.from_bytes(head[pos + 26 : pos + 28], "little")
        names.append(head[pos + 30 : pos + 30 + nlen].decode("utf-8", "replace"))
        pos += 30 + nlen
    return names


_CONTROLS = bytes((*range(1, 9), *range(14, 27), *range(28, 32)))


def looks_binary(head: bytes) -> bool:
    """Whether `head` is not text in any encoding we decode (NULs, control characters)."""
    if not head:
        return False
    if head.startswith(_BOMS):
        return False
    if b"\x00" in head:
        return utf16_or_32(head) is None
    # C0 controls other than \t \n \v \f \r and ESC (ANSI colours in logs) mark binary data
    # (counted in one pass: what deleting them takes away)
    ctrl = len(head) - len(head.translate(None, _CONTROLS))
    return ctrl * 20 > len(head)  # > 5 %


def _text_kind(head: bytes, ext: str) -> str:
    """Which text format a text head is: markup, e-mail, vCard, mbox... or plain text."""
    codec = None if head.startswith(_BOMS) else utf16_or_32(head)
    if head.startswith(_BOMS) or codec:
        sample = decode_bytes(head)[0].encode("utf-8", "replace")
    else:
        sample = head
    stripped = sample.lstrip()
    low = stripped[:512].lower()
    if low.startswith(b"{\\rtf"):
        return "rtf"
    if low.startswith(b"begin:vcard"):
        return "vcf"
    if low.startswith((b"<!doctype html", b"<html")) or (
        low.startswith(b"<") and (b"<html" in low or b"<body" in low)
    ):
        return "html"
    if low.startswith(b"<?xml"):
        return "html" if b"<html" in sample[:2048].lower() else "xml"
    if sample.startswith(b"From ") and ext in ("", ".mbox", ".mbx", ".txt"):
        # mbox separator line "From sender date"; an .eml with it is still one message.
        return "eml" if ext == ".eml" else "mbox"
    if _looks_like_mail(sample):
        return "eml" if ext not in (".csv", ".tsv") else _TEXT_EXT[ext]
    if ext in _TEXT_EXT and _TEXT_EXT[ext] in ("csv", "tsv", "json", "eml", "vcf", "mbox"):
        return _TEXT_EXT[ext]
    if ext in (".html", ".htm", ".xhtml", ".xml") and low.startswith(b"<"):
        return _TEXT_EXT[ext]
    return "text"


def _looks_like_mail(sample: bytes) -> bool:
    """RFC 5322 headers: the first lines are all "Name: value" (or folded), with known names."""
    known = 0
    lines = sample.split(b"\n", 40)[:40]
    for i, line in enumerate(lines):
        if not line.strip(b"\r"):
            return known >= 2 and i > 0
        if line[:1] in (b" ", b"\t"):
            continue
        if not _HEADER_LINE.match(line):
            return False
        if line.split(b":", 1)[0].lower() in _MAIL_HEADERS:
            known += 1
    return known >= 2


def sniff(head: bytes, name: str) -> str:  # noqa: C901 - a table of magic numbers, first match wins
    """The kind of a file from its first bytes and, to break ties, its name."""
    ext = _ext(name)
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(_local_names(head), head)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh") and head[3:4].isdigit():
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head[257:262] == b"ustar":
        return "tar"
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "msg" if ext == ".msg" else "ole"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head[4:8] == b"ftyp":
        return "heic" if head[8:12] in _HEIF_BRANDS else "media"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            if kind == "bmp-maybe":
                if len(head) >= 14 and looks_binary(head):
                    return "binary"
                break
            return "binary" if kind in ("media", "font", "png", "gif") else kind
    if ext == ".tar" and len(head) >= 512 and looks_binary(head):
        return "tar"  # pre-POSIX tar without the "ustar" magic
    if looks_binary(head):
        # An encrypted database (SQLCipher) has no magic: the name says what it is, and the
        # SQLite extractor reports it as encrypted rather than it passing as junk.
        return "sqlite" if ext in _DB_EXT else "binary"
    return _text_kind(head, ext)


def sniff_source(src: Source) -> str:
    """`sniff` plus what only the whole file can tell: a zip's central directory, OLE streams."""
    head = src.head(HEAD_BYTES)
    kind = sniff(head, src.name)
    if kind in ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"):
        try:
            with src.open() as fh, zipfile.ZipFile(fh) as zf:
                names = [i.filename for i in zf.infolist()[:5000]]
            return _zip_kind(names, head)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return kind  # the extractor reports the corruption
    if kind in ("ole", "msg"):
        return _ole_kind(src, kind)
    return kind


def _ole_kind(src: Source, kind: str) -> str:
    """Outlook .msg, an encrypted OOXML package, or another (legacy Office) OLE file."""
    try:
        import olefile

        with src.open() as fh:
            ole = olefile.OleFileIO(fh)
            try:
                streams = {"/".join(p) for p in ole.listdir(streams=True, storages=True)}
            finally:
                ole.close()
    except Exception:
        return kind
    if "EncryptedPackage" in streams:
        return "ooxml-encrypted"
    if any(s.startswith("__substg1.0_") for s in streams):
        return "msg"
    return "ole"
