"""Plain text, logs, source code, JSON, Markdown: streamed, never read whole."""

from __future__ import annotations

from scanners.base import Limits
from scanners.sources.content.decode import iter_text
from scanners.sources.content.extract.types import Extractor
from scanners.sources.content.parts import ItemStream, Source


def text_extractor(kind: str = "text") -> Extractor:
    """An extractor that streams a file's decoded text, tagged with `kind`."""

    def run(src: Source, limits: Limits) -> ItemStream:
        with src.open() as fh:
            yield from iter_text(fh, src.name, limits, kind)

    return run


extract_text = text_extractor("text")
