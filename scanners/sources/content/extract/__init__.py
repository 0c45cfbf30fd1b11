"""Any file to text: type it, run the extractor for its kind, recurse into members.

`extract()` is the one entry point. It never raises for a bad file: every failure becomes
a `Problem` with a stable reason and a short message that never quotes the file's content,
and the stream goes on with the next member. Only the cancel hook's exception escapes.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterator

import scanners.sources.content.extract.archive as archive
import scanners.sources.content.extract.exif as exif
import scanners.sources.content.extract.jsontext as jsontext
import scanners.sources.content.extract.mail as mail
import scanners.sources.content.extract.markup as markup
import scanners.sources.content.extract.odf as odf
import scanners.sources.content.extract.ooxml as ooxml
import scanners.sources.content.extract.pdf as pdf
import scanners.sources.content.extract.rtf as rtf
import scanners.sources.content.extract.sqlite as sqlite
import scanners.sources.content.extract.tabular as tabular
import scanners.sources.content.extract.vcard as vcard
from scanners.base import Limits
from scanners.sources.content.extract.plain import extract_text
from scanners.sources.content.extract.problems import problem_for
from scanners.sources.content.extract.types import Extractor
from scanners.sources.content.parts import Hit, Problem, Source, TextPart
from scanners.sources.content.sniff import sniff_source

__all__ = ["EXTRACTORS", "Extractor", "extract", "problem_for"]

EXTRACTORS: dict[str, Extractor] = {
    "text": extract_text,
    "json": jsontext.extract_json,
    "csv": tabular.extract_csv,
    "tsv": tabular.extract_csv,
    "html": markup.extract_html,
    "xml": markup.extract_xml,
    "rtf": rtf.extract_rtf,
    "docx": ooxml.extract_docx,
    "xlsx": ooxml.extract_xlsx,
    "pptx": ooxml.extract_pptx,
    "odt": odf.extract_odt,
    "ods": odf.extract_ods,
    "odp": odf.extract_odp,
    "pdf": pdf.extract_pdf,
    "eml": mail.extract_eml,
    "mbox": mail.extract_mbox,
    "msg": mail.extract_msg,
    "vcf": vcard.extract_vcf,
    "zip": archive.extract_zip,
    "tar": archive.extract_tar,
    "gzip": archive.extract_gzip,
    "bzip2": archive.extract_bzip2,
    "xz": archive.extract_xz,
    "7z": archive.extract_7z,
    "sqlite": sqlite.extract_sqlite,
    "jpeg": exif.extract_jpeg,
    "tiff": exif.extract_tiff,
    "heic": exif.extract_heic,
}

# Formats we recognise but do not read: reported once, so the user knows they were not
# looked into (unlike binary data, which has no text to look for).
UNSUPPORTED = {
    "ole": "legacy Office (OLE) documents are not read",
    "rar": "RAR archives are not read",
    "zstd": "zstd-compressed files are not read",
    "lz4": "lz4-compressed files are not read",
}


class _Timeout(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _Walk:
    def __init__(
        self, limits: Limits, deadline: float | None, check: Callable[[], None] | None
    ) -> None:
        self.limits, self.deadline, self.check = limits, deadline, check

    def tick(self, name: str) -> None:
        if self.check is not None:
            self.check()
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _Timeout(name)

    def walk(self, src: Source) -> Iterator[TextPart | Hit | Problem]:
        self.tick(src.name)
        try:
            kind = sniff_source(src)
        except Exception as exc:
            yield problem_for(src.name, exc)
            return
        fn = EXTRACTORS.get(kind)
        if fn is None:
            yield from _no_extractor(src, kind)
            return
        gen = fn(src, self.limits)
        try:
            while True:
                self.tick(src.name)
                try:
                    item = next(gen)
                except StopIteration:
                    break
                except Exception as exc:
                    yield problem_for(src.name, exc)
                    break
                if isinstance(item, Source):
                    if item.depth > self.limits.max_depth:
                        yield Problem(
                            item.name, "depth", f"nested deeper than {self.limits.max_depth}"
                        )
                    else:
                        yield from self.walk(item)
                else:
                    yield item
        finally:
            close = getattr(gen, "close", None)  # release files of an abandoned generator
            if close is not None:
                close()


def _no_extractor(src: Source, kind: str) -> Iterator[Problem]:
    if kind == "empty":
        return
    if kind == "ooxml-encrypted":
        yield Problem(src.name, "encrypted", "password-protected Office document")
    elif kind in UNSUPPORTED:
        yield Problem(src.name, "unsupported", UNSUPPORTED[kind])
    else:
        # Binary data (executables, media, junk): the caller counts it as skipped.
        yield Problem(src.name, "binary", f"{kind} content has no text")


def extract(
    src: Source,
    limits: Limits,
    deadline: float | None = None,
    check: Callable[[], None] | None = None,
) -> Iterator[TextPart | Hit | Problem]:
    """Text, structural hits and problems of `src` and, recursively, of its members.

    `deadline` is a `time.monotonic()` value checked between items; `check` is the cancel
    hook, called as often, whose exception propagates.
    """
    if src.data is None and src.path is not None:
        try:
            st = os.stat(src.path)
        except OSError as exc:
            yield Problem(src.name, "unreadable", exc.strerror or "cannot stat")
            return
        if not stat.S_ISREG(st.st_mode):
            # FIFOs, devices and sockets would block or never end: never opened.
            yield Problem(src.name, "not-a-file", "not a regular file")
            return
        if st.st_size > limits.max_file_bytes:
            yield Problem(
                src.name, "too-large", f"{st.st_size} bytes > limit {limits.max_file_bytes}"
            )
            return
    walker = _Walk(limits, deadline, check)
    try:
        yield from walker.walk(src)
    except _Timeout as stop:
        yield Problem(stop.name, "timeout", "time limit reached; the rest was not read")
