"""What text extractors produce: text to detect in, direct hits, nested sources and problems.

Extractors know formats, not rules: they turn a `Source` into a stream of these items.
Offsets in a `TextPart` are characters of the decoded text of `path`, counted as stored
(a BOM is not counted, "\\r\\n" is two characters).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

_NO_DETAIL: Mapping[str, str] = {}


@dataclass(slots=True)
class Source:
    """A file on disk or an in-memory member of a container, with its display path."""

    name: str  # display path: "/home/a/report.zip!inner/a.txt"
    size: int
    depth: int = 0  # container nesting: 0 for a file on disk
    path: Path | None = None  # set for files on disk
    data: bytes | None = None  # set for members extracted into memory

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.path is None:
            raise ValueError("source has neither a path nor data")
        return open(self.path, "rb")  # the caller closes it

    def head(self, n: int = 4096) -> bytes:
        if self.data is not None:
            return self.data[:n]
        with self.open() as fh:
            return fh.read(n)

    def read_all(self, limit: int) -> bytes:
        """The whole content, refusing more than `limit` bytes (raises `TooLarge`)."""
        if self.data is not None:
            if len(self.data) > limit:
                raise TooLarge(f"{len(self.data)} bytes > limit {limit}")
            return self.data
        with self.open() as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(f"more than {limit} bytes")
        return data

    def member(self, name: str, data: bytes) -> Source:
        """A source for a member of this container (one level deeper)."""
        return Source(name=f"{self.name}!{name}", size=len(data), depth=self.depth + 1, data=data)


class ExtractError(Exception):
    """A format problem with a stable reason code; becomes a `ScanError`."""

    reason = "corrupt"

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class TooLarge(ExtractError):
    reason = "too-large"


class Encrypted(ExtractError):
    reason = "encrypted"


@dataclass(slots=True)
class TextPart:
    """Decoded text to run the detectors over."""

    path: str  # display path of the file or member this text belongs to
    text: str
    offset: int = 0  # character offset of text[0] within the decoded text of `path`
    line: int = 1  # line number of text[0]
    # Tabular text (CSV/TSV, spreadsheet sheets): the header of each column is context for
    # the values below it ("身份证号", "card number").
    columns: tuple[str, ...] | None = None
    delimiter: str | None = None
    kind: str = "text"  # format the text came from: "text", "csv", "docx", "eml", ...


@dataclass(slots=True)
class Hit:
    """A finding an extractor makes from structure rather than text (EXIF GPS, vCard count)."""

    path: str
    rule: str  # a rule id from resources/rules
    value: str  # raw value: redacted by the detector stage, never stored
    count: int = 1
    line: int | None = None
    start: int | None = None
    end: int | None = None
    detail: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Problem:
    """Something inside the file that could not be read; becomes a `ScanError`."""

    path: str
    reason: str  # "corrupt", "encrypted", "too-large", "bomb", "depth", "timeout", "unsupported"
    message: str = ""


Item = TextPart | Hit | Problem | Source
ItemStream = Iterator[Item]
