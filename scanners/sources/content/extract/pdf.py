"""PDF text layer through pypdf, page by page; encrypted files are reported, not cracked."""

from __future__ import annotations

import logging

from scanners.base import Limits
from scanners.sources.content.decode import TextChunker
from scanners.sources.content.extract.problems import problem_for
from scanners.sources.content.parts import Encrypted, ItemStream, Source

# pypdf logs every oddity of malformed files as warnings; a scan reports problems itself.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_pdf(src: Source, limits: Limits) -> ItemStream:
    # Imported here: pypdf costs 160 ms at start-up, and most scans (every rescan) need none.
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    with src.open() as fh:
        reader = PdfReader(fh, strict=False)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password (print/copy restrictions
            # only): those open without asking anyone for anything.
            try:
                if not reader.decrypt(""):
                    raise Encrypted("password-protected PDF")
            except (FileNotDecryptedError, NotImplementedError):
                raise Encrypted("password-protected PDF") from None
        chunker = TextChunker(src.name, limits, "pdf")
        budget = limits.max_text_bytes
        for number, page in enumerate(reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception as exc:  # one broken page must not hide the others
                problem = problem_for(src.name, exc)
                problem.message = f"page {number}: {problem.message}"
                yield problem
                continue
            budget -= len(text)
            yield from chunker.push(text + "\n")
            if budget < 0:
                break
        yield from chunker.finish()
