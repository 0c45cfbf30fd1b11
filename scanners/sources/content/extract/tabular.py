"""CSV/TSV: streamed like text, with the header row and delimiter as context for detectors."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from scanners.base import Limits
from scanners.sources.content.decode import TextChunker, iter_text
from scanners.sources.content.parts import ItemStream, Problem, Source, TextPart

_DELIMITERS = (",", "\t", ";", "|")


def pick_delimiter(first_line: str, name: str) -> str:
    """TSV by name, otherwise the candidate that splits the header line most often."""
    if name.lower().endswith((".tsv", ".tab")):
        return "\t"
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def header(first_line: str, delimiter: str) -> tuple[str, ...]:
    """Column names of a header line (quotes removed, blanks trimmed)."""
    try:
        row = next(csv.reader([first_line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        row = first_line.split(delimiter)
    return tuple(cell.strip().lstrip("\ufeff") for cell in row)


def extract_csv(src: Source, limits: Limits) -> ItemStream:
    with src.open() as fh:
        yield from _with_header(iter_text(fh, src.name, limits, "csv"), src.name, limits)


def _with_header(
    parts: Iterator[TextPart | Problem], name: str, limits: Limits
) -> Iterator[TextPart | Problem]:
    columns: tuple[str, ...] | None = None
    delimiter: str | None = None
    for part in parts:
        if isinstance(part, TextPart):
            if delimiter is None:
                first = part.text.split("\n", 1)[0].rstrip("\r")
                delimiter = pick_delimiter(first, name)
                columns = header(first, delimiter)
            part.columns, part.delimiter = columns, delimiter
        yield part


def table_parts(
    path: str, rows: Iterator[list[str]], limits: Limits, kind: str
) -> Iterator[TextPart]:
    """Rows rendered as tab-separated lines; the first row names the columns.

    Cell text loses its tabs and newlines so that one line stays one record.
    """
    chunker: TextChunker | None = None
    pending: list[str] = []
    size = 0
    for row in rows:
        cells = [_flat(c) for c in row]
        if chunker is None:
            chunker = TextChunker(path, limits, kind, tuple(c.strip() for c in cells), "\t")
        line = "\t".join(cells) + "\n"
        pending.append(line)
        size += len(line)
        if size >= limits.chunk_chars:
            yield from chunker.push("".join(pending))
            pending, size = [], 0
    if chunker is not None:
        yield from chunker.push("".join(pending))
        yield from chunker.finish()


def _flat(cell: str) -> str:
    if "\t" in cell or "\n" in cell or "\r" in cell:
        return cell.replace("\r\n", " ").replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return cell
