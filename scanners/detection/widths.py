"""Full-width and look-alike forms folded to the ASCII the rules are written for, with offsets.

Chinese and Japanese input methods type digits, Latin letters and some punctuation in their
full-width forms (`１１０１１３１９４９１２３１００２Ｘ`, `ＩＤ`,
`ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ`, `１３８－００１３－８０００`); word processors put
no-break spaces and hyphens between the groups of a number; PDFs extract "ﬁ" ligatures
and "№"/"℡" signs. Unicode NFKC maps all of these to ASCII. Every rule, keyword and
validator is written for ASCII, so the text is folded before matching and every match is
mapped back to the characters of the original text.

What is folded: full-width digits, Latin letters and ASCII punctuation (U+FF01-FF5E:
`＠．－＋＿／＊＝（）！` ...), the ideographic, no-break and typographic spaces, hyphens, and
the signs above. The Chinese comma, colon and semicolon (`，：；`) are left alone: the rules
accept `：` beside `:` already, and a folded `，` would turn every clause of a sentence into a
"cell" for the patterns that read CSV rows (`。、` have no ASCII form).

Most text holds none of these characters: pure ASCII text is known as such without reading
it (`str.isascii`), other text by one precompiled regex search, and is then matched as it is
(nothing copied).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

# Full-width ASCII (U+FF01-FF5E) is U+0021-007E shifted by this much.
_FULL_SHIFT = 0xFEE0
_FULL_KEEP = frozenset("，：；")  # prose punctuation: see the module docstring
# No-break, typographic and ideographic spaces (NFKC folds them all to " ").
_SPACES = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
# Hyphens NFKC leaves alone but word processors put into phone numbers and IDs (the
# non-breaking hyphen, the figure dash "for digits"), and the small hyphen-minus.
_HYPHENS = "\u2010\u2011\u2012\ufe63"
# Signs NFKC expands to several letters: the offset map exists for these.
_EXPANDING = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06\u2116\u2121"


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code)
        if ch not in _FULL_KEEP:
            table[code] = chr(code - _FULL_SHIFT)
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _HYPHENS:
        table[ord(ch)] = "-"
    for ch in _EXPANDING:
        table[ord(ch)] = unicodedata.normalize("NFKC", ch)
    return table


TABLE: dict[int, str] = _table()
# One character class of every key of TABLE: the fast path's test; runs of them are what
# is folded (str.translate over a whole text costs a dictionary miss per character).
_CLASS = "[" + "".join(re.escape(chr(c)) for c in sorted(TABLE)) + "]"
_AFFECTED = re.compile(_CLASS)
_RUNS = re.compile(_CLASS + "+")


_EXPANDS = re.compile("[" + re.escape(_EXPANDING) + "]")


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(TABLE)


class Spanned(Protocol):
    start: int
    end: int
    value: str


S = TypeVar("S", bound=Spanned)


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text and the way back to the original's offsets.

    Most folds are one character for one, and offsets are then the same in both texts. A sign
    that expands ("ﬁ" -> "fi", "№" -> "No") shifts everything after it: `_points` holds, per
    expansion, its folded start, its folded length and its original offset.
    """

    text: str
    original: str
    columns: list[str] | None
    delimiter: str | None
    _points: tuple[tuple[int, int, int], ...] = ()
    _starts: tuple[int, ...] = ()

    def start(self, pos: int) -> int:
        """The original offset of the character at folded offset `pos`."""
        if not self._points:
            return pos
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return pos
        f_start, length, o_start = self._points[k]
        if pos < f_start + length:
            return o_start  # inside an expansion: its whole original sign
        return o_start + 1 + (pos - f_start - length)

    def end(self, pos: int) -> int:
        """The original offset just after the character before folded offset `pos`."""
        return self.start(pos - 1) + 1 if pos > 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        lo = self.start(start)
        return (lo, self.end(end)) if end > start else (lo, lo)

    def restore(self, matches: list[S]) -> list[S]:
        """`matches` found in the folded text, changed in place to point into the original:
        offsets, and the value as the original characters (what previews and redaction show)."""
        for m in matches:
            m.start, m.end = self.span(m.start, m.end)
            m.value = self.original[m.start : m.end]
        return matches


def _bits(codes: Sequence[int]) -> bytes | None:
    """A bit per code point of the Basic Multilingual Plane, set for `codes` (_hits.c's
    `any_in`); None if one lies beyond it."""
    if any(c > 0xFFFF for c in codes):
        return None
    table = bytearray(8192)
    for c in codes:
        table[c >> 3] |= 1 << (c & 7)
    return bytes(table)


_BITS = _bits(sorted(TABLE))
_any_in: Callable[[str, bytes], bool] | None
try:  # optional, as prefilter.py's use of it: the same answer as the regex, a tenth the time
    from scanners.detection._hits import (  # type: ignore[import-not-found, no-redef, unused-ignore]
        any_in as _any_in,
    )
except ImportError:
    _any_in = None


def needs_fold(text: str) -> bool:
    # isascii() reads a flag CPython keeps on every string: source code and logs cost nothing.
    if text.isascii():
        return False
    if _any_in is not None and _BITS is not None:
        return _any_in(text, _BITS)
    return _AFFECTED.search(text) is not None


def needs_fold_py(text: str) -> bool:
    """`needs_fold` without the compiled test (tests compare the two)."""
    return not text.isascii() and _AFFECTED.search(text) is not None


def fold_value(value: str) -> str:
    """`value` with its full-width and look-alike characters folded (no offsets kept)."""
    return _RUNS.sub(_fold_run, value) if needs_fold(value) else value


def fold(
    text: str, columns: Sequence[str] | None = None, delimiter: str | None = None
) -> Folded | None:
    """The folded text, columns and delimiter; None when there is nothing to fold."""
    if not needs_fold(text):
        return None
    folded = _RUNS.sub(_fold_run, text)
    cols = [fold_value(c) for c in columns] if columns is not None else None
    delim = fold_value(delimiter) if delimiter else delimiter
    if len(folded) == len(text):
        return Folded(folded, text, cols, delim)
    points: list[tuple[int, int, int]] = []
    shift = 0  # folded offset minus original offset so far
    for m in _EXPANDS.finditer(text):
        o_start = m.start()
        length = len(TABLE[ord(m.group())])
        points.append((o_start + shift, length, o_start))
        shift += length - 1
    return Folded(folded, text, cols, delim, tuple(points), tuple(p[0] for p in points))
