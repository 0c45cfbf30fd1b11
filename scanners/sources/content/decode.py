"""Bytes to text: encoding detection, streaming decode and overlapping chunks.

Offsets are a public contract: they count characters of the decoded text as stored, so
nothing here translates newlines ("\\r\\n" stays two characters) and a BOM is dropped
before counting. Detection (`encoding.py`) looks at the data itself (BOM, NUL pattern,
strict UTF-8, GB18030 vs Big5 by common characters), never at a whole-file statistical
guess, so a multi-GB log decodes at the speed of the codec.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from scanners.base import Limits
from scanners.sources.content.encoding import BOMS, detect_encoding, python_codec, utf16_or_32
from scanners.sources.content.parts import Problem, TextPart


def chunk_geometry(limits: Limits) -> tuple[int, int]:
    """(chunk size, overlap) in characters, as `TextChunker` cuts a text: each chunk after
    the first starts one size less the overlap after the one before."""
    size = max(1, limits.chunk_chars)
    return size, max(0, min(limits.overlap_chars, size // 2))


class TextChunker:
    """Cuts a stream of text into `TextPart`s of `chunk_chars`, overlapping by `overlap_chars`.

    A value that straddles a boundary is whole in the next chunk as long as it is shorter
    than the overlap; offsets and line numbers stay absolute.
    """

    def __init__(
        self,
        path: str,
        limits: Limits,
        kind: str = "text",
        columns: tuple[str, ...] | None = None,
        delimiter: str | None = None,
    ) -> None:
        self.path, self.kind, self.columns, self.delimiter = path, kind, columns, delimiter
        self.size, self.overlap = chunk_geometry(limits)
        self._buf = ""
        self._offset = 0  # offset of _buf[0] in the whole text
        self._line = 1  # line of _buf[0]
        self._emitted = False

    def _part(self, text: str) -> TextPart:
        return TextPart(
            path=self.path,
            text=text,
            offset=self._offset,
            line=self._line,
            columns=self.columns,
            delimiter=self.delimiter,
            kind=self.kind,
        )

    def push(self, text: str) -> list[TextPart]:
        if not text:
            return []
        buf = self._buf + text if self._buf else text
        out: list[TextPart] = []
        pos = 0
        step = self.size - self.overlap
        # Strictly more than one chunk: the last chunk waits for more text or `finish`.
        while len(buf) - pos > self.size:
            piece = buf[pos : pos + self.size]
            out.append(self._part(piece))
            self._line += piece.count("\n", 0, step)
            self._offset += step
            pos += step
            self._emitted = True
        self._buf = buf[pos:] if pos else buf
        return out

    def finish(self) -> list[TextPart]:
        buf, self._buf = self._buf, ""
        # After a chunk, the buffer starts with its overlap: only new text needs a part.
        if not buf or (self._emitted and len(buf) <= self.overlap):
            return []
        return [self._part(buf)]


def chunk_text(
    path: str,
    text: str,
    limits: Limits,
    kind: str = "text",
    columns: tuple[str, ...] | None = None,
    delimiter: str | None = None,
) -> Iterator[TextPart]:
    """Overlapping chunks of a text already in memory."""
    chunker = TextChunker(path, limits, kind, columns, delimiter)
    yield from chunker.push(text)
    yield from chunker.finish()


class StreamDecoder:
    """Incremental decoding with the encoding decided from the data as it arrives.

    The BOM and the UTF-16/32 NUL pattern are read from the first block. ASCII-compatible
    text stays undecided while it is pure ASCII (every candidate agrees on it), so a log
    whose first megabyte is ASCII and whose later lines are GBK is still read as GBK.
    """

    def __init__(self) -> None:
        self.encoding: str | None = None
        self._decoder: codecs.IncrementalDecoder | None = None
        self._first = True

    def decode(self, block: bytes, final: bool = False) -> str:
        if self._first and block:
            self._first = False
            for bom, codec in BOMS:
                if block.startswith(bom):
                    self._start(codec)
                    block = block[len(bom) :]
                    break
            else:
                wide = utf16_or_32(block)
                if wide is not None:
                    self._start(wide)
        if self._decoder is None:
            if block.isascii():
                return block.decode("ascii")
            self._start(detect_encoding(block, final)[0])
        assert self._decoder is not None
        return self._decoder.decode(block, final)

    def _start(self, encoding: str) -> None:
        self.encoding = encoding
        self._decoder = codecs.getincrementaldecoder(python_codec(encoding))("replace")


def iter_text(
    fh: BinaryIO, path: str, limits: Limits, kind: str = "text"
) -> Iterator[TextPart | Problem]:
    """Stream a file's text in overlapping chunks; stop after `limits.max_text_bytes`."""
    chunker = TextChunker(path, limits, kind)
    decoder = StreamDecoder()
    remaining = limits.max_text_bytes
    block_size = max(4096, limits.chunk_chars)
    truncated = False
    while True:
        block = fh.read(min(block_size, remaining)) if remaining > 0 else b""
        if not block:
            truncated = remaining <= 0 and bool(fh.read(1))
            break
        remaining -= len(block)
        yield from chunker.push(decoder.decode(block))
    yield from chunker.push(decoder.decode(b"", final=True))
    yield from chunker.finish()
    if truncated:
        yield Problem(path, "truncated", f"text beyond {limits.max_text_bytes} bytes was not read")
