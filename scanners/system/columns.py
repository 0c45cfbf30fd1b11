"""Table cells that line up on a terminal: a cell is measured in display columns, not in
characters (an East Asian wide or full-width character takes two columns, a combining mark
none), cut with an ellipsis when too long, and padded to its column."""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def cut(text: str, columns: int, *, keep_end: bool = False) -> str:
    """`text` in at most `columns` columns: longer text loses its end (or, with `keep_end`,
    its start, for a path whose file name matters) behind an ellipsis."""
    if width(text) <= columns:
        return text
    if columns <= 0:
        return ""
    room = columns - 1  # the ellipsis takes one column
    chars = reversed(text) if keep_end else iter(text)
    kept: list[str] = []
    used = 0
    for ch in chars:
        w = char_width(ch)
        if used + w > room:
            break
        kept.append(ch)
        used += w
    if keep_end:
        return ELLIPSIS + "".join(reversed(kept))
    return "".join(kept) + ELLIPSIS


def cell(text: str, columns: int, *, keep_end: bool = False, right: bool = False) -> str:
    """`text` cut to `columns` and padded with spaces to exactly `columns` columns."""
    fitted = cut(text, columns, keep_end=keep_end)
    pad = " " * (columns - width(fitted))
    return pad + fitted if right else fitted + pad


def pad(text: str, columns: int) -> str:
    """`text` padded with spaces to at least `columns` columns; never cut."""
    return text + " " * max(0, columns - width(text))
