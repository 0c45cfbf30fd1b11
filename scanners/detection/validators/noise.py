"""Noise checks: is a candidate in code, a URL or a table of numbers?

A rule lists the checks that apply to it (`noise = ["url", "numbers"]`); when one fires, the
match is treated like a weakly validated value: it needs a context keyword, and a negative
word silences it. A check gets the whole text and the value's span, and looks at a short
stretch of the value's own line only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from scanners.detection.validators.location import in_place_list

# --- noise checks: is a candidate in code, a URL or a table of numbers? -------------------
#
# A rule lists the checks that apply to it (`noise = ["url", "numbers"]`); when one fires, the
# match is treated like a weakly validated value: it needs a context keyword, and a negative
# word silences it. A check gets the whole text and the value's span, and looks at a short
# stretch of the value's own line only.

NoiseCheck = Callable[[str, int, int], bool]
_URL_GLUE = frozenset("/#\\%&?")
_TOKEN_STOP = frozenset(" \t\r\n\"'<>()[]{},;|`")


def noise_url(text: str, start: int, end: int) -> bool:
    """The value is part of a URL, a path or a hex/anchor literal: glued to "/", "#", "%",
    "0x", or inside a whitespace-delimited token that holds "://" ("/testcase-detail/5390...",
    "#2238000000000000", "https://host/a/5425233430109903")."""
    if start > 0:
        before = text[start - 1]
        if before in _URL_GLUE:
            return True
    else:
        before = ""
    if end < len(text) and text[end] in "/\\%":
        return True
    if start > 1 and text[start - 2 : start].lower() == "0x":
        return True
    if not before or before in _TOKEN_STOP:
        return False  # the token before the value is empty (most values: a cell, a field)
    # The token before the value: from the last stop character of the 200 before it.
    lo = max(0, start - 200)
    stop = _LAST_STOP.match(text, lo, start)
    token = text[lo if stop is None else stop.end() : start]
    return "://" in token or token.startswith("www.")


# Everything up to the last of the _TOKEN_STOP characters (greedy, so the match backs off
# from the end of its range: one C-level scan).
_LAST_STOP = re.compile(r"[\s\S]*[ \t\r\n\"'<>()\[\]{},;|`]")


def noise_numbers(text: str, start: int, end: int) -> bool:
    """The value is one of a table of numbers (test vectors, arithmetic cases, hex dumps,
    code-point tables, logs of ids), not a card written down once: another run of 8 or more
    digits sits on its line, a hex/digit group of 4 or more is its next-door neighbour
    ("54E8 5546 5531 5617 5968 59BE"), a Unicode code point is on its line
    ("<U000279D2> ... # 4111251125234", a locale's stroke table: "U+", "<U", "\\u" and four
    hex digits), or a value written in groups has a bare number one space away ("0 0 2298 2299
    3120 3121 -", a row of a catalog's numbers: its groups are four of them). Or the value is
    the decimals of a number: a point before it that follows a digit, a blank, the line's
    start or a sign, bracket or separator (".39751008152962" in a column of test results).

    The line is the value's own, cut 240 characters either side of it."""
    if start > 0 and text[start - 1] == "." and (start == 1 or text[start - 2] in _BEFORE_POINT):
        return True  # the decimals of a number (".39751008152962", "0.4503599627370500")
    lo = max(0, start - 240)
    lo = text.rfind("\n", lo, start) + 1 or lo
    hi = text.find("\n", end, end + 240)
    if hi < 0:
        hi = min(len(text), end + 240)
    if _table_run(text, lo, start) or _table_run(text, end, hi):
        return True
    # The cheap half of _hex_group's test first: most values have no space or tab beside them.
    if start > 0 and text[start - 1] in " \t" and _hex_group(text, start, -1):
        return True
    if end < len(text) and text[end] in " \t" and _hex_group(text, end, 1):
        return True
    if _CODE_POINT.search(text, lo, hi) is not None:
        return True
    return " " in text[start:end] and _number_beside(text, start, end)


# A Unicode code point as tables write it: U+4E2D, <U4E2D>, \u4e2d, \U0002C8A5.
_CODE_POINT = re.compile(r"(?:U\+|<U|\\[uU])[0-9A-Fa-f]{4}")
_BLANK = frozenset(" \t\r\n")
# What may stand before the point of a number's decimals ("0.", " .", "-.", "(.", ",.")
# but not before the dot of an abbreviation ("No.", "Tel.").
_BEFORE_POINT = frozenset("0123456789 \t\r\n-+([{,=:;")


def _number_beside(text: str, start: int, end: int) -> bool:
    """A bare number (ASCII digits between blanks or the text's ends) one space before or
    after text[start:end]."""
    n = len(text)
    k = start - 1
    if k >= 0 and text[k] == " ":
        j = k
        while j > 0 and "0" <= text[j - 1] <= "9":
            j -= 1
        if j < k and (j == 0 or text[j - 1] in _BLANK):
            return True
    if end < n and text[end] == " ":
        j = end + 1
        while j < n and "0" <= text[j] <= "9":
            j += 1
        if j > end + 1 and (j == n or text[j] in _BLANK):
            return True
    return False


def _hex_group(text: str, pos: int, step: int) -> bool:
    """Whether the token next to `pos` (one space or tab away, in direction `step`) is a
    group of 4+ hex digits holding a digit."""
    n = len(text)
    if step < 0:
        k = pos - 1
        if not (0 <= k < n) or text[k] not in " \t":
            return False
        j = k  # the group is text[j:k]
        while j > 0 and text[j - 1] in _HEX_CHARS:
            j -= 1
        after = j - 1  # the character beyond the group (-1: none)
    else:
        k = pos
        if not (0 <= k < n) or text[k] not in " \t":
            return False
        j = k + 1
        run = _HEX_RUN.match(text, j)
        k = j if run is None else run.end()  # the group is text[j:k]
        after = k if k < n else -1
    if after >= 0 and (text[after].isalnum() or text[after] == "_"):
        return False  # part of a word ("deadbeefcafe1234x"), not a group
    if k - j >= 8 and _ALL_DIGITS.fullmatch(text, j, k) is not None:
        return False  # a long digit run: `_table_run` judges it (a mobile beside a card)
    return k - j >= 4 and _ASCII_DIGIT.search(text, j, k) is not None


_HEX_CHARS = frozenset("0123456789abcdefABCDEF")
# `_HEX_CHARS` and `DIGITS` (ASCII only) as regex classes: `[0-9]`, unlike `\d`, is no wider.
_HEX_RUN = re.compile("[0-9a-fA-F]+")
_ASCII_DIGIT = re.compile("[0-9]")
_ALL_DIGITS = re.compile("[0-9]+")
_DIGIT_RUN = re.compile("[0-9]{8}")  # _long_digit_run's size
_TROFF = re.compile(
    r"\\f[BIRP1-4]|\\-|\\\(..|\\\*\(|^\.(?:nf|fi|sp|br|in|if|ie|el|ft|ti|ne|ad|na|ce|RS|RE|TP|PP|"
    r"LP|IP|SH|SS|EX|EE|TH|B|I|BR|IR|BI|RB|IB|UR|UE|MT|ME)\b",
    re.MULTILINE,
)


def noise_markup(text: str, start: int, end: int) -> bool:
    """The value sits in man-page (troff) source: "\\-\\-password=...", "\\fBFILE\\fR", or
    a few lines from a request (".nf", ".EX", ".TP"): documentation of a command, whose values
    are examples."""
    lo = text.rfind("\n", max(0, start - 240), max(0, start - 120)) + 1 or max(0, start - 240)
    return _TROFF.search(text, lo, min(len(text), end + 160)) is not None


_DIGIT_RUNS = re.compile("[0-9]{8,}")


def _table_run(text: str, lo: int, hi: int) -> bool:
    """A run of 8 or more digits within text[lo:hi] that is not another value of a person's
    record beside the card: a PRC mobile number (11 digits, 1[3-9]...), a resident ID (18
    digits, or 17 and X), an IBAN's digits (after its two capital letters). "张三
    13812345678 6222027391058624376" is a record, not a table of numbers. (_hits.c's
    digit_run, step for step.)"""
    for m in _DIGIT_RUNS.finditer(text, lo, hi):
        a, b = m.span()
        n = b - a
        if n == 11 and text[a] == "1" and text[a + 1] in "3456789":
            continue
        if n == 18 or (n == 17 and b < hi and text[b] in "Xx"):
            continue
        if a - lo >= 2 and "A" <= text[a - 2] <= "Z" and "A" <= text[a - 1] <= "Z":
            continue
        return True
    return False


def _long_digit_run(text: str, lo: int, hi: int) -> bool:
    """A run of 8 or more digits (`DIGITS`: ASCII only) within text[lo:hi]."""
    return _DIGIT_RUN.search(text, lo, hi) is not None


_NUMBER_TOKEN = re.compile(r"[ \t]*[A-Za-z]?[-+]?[0-9]{6,}L?[ \t]*")


def noise_token_list(text: str, start: int, end: int) -> bool:
    """The line before or after holds nothing but another number-like token ("I-1909152807"
    in a pickle, one random number per line): the value is one of a list of numbers."""
    prev_end = text.rfind("\n", max(0, start - 200), start)
    if prev_end > 0:
        prev_start = text.rfind("\n", max(0, prev_end - 40), prev_end) + 1
        if _NUMBER_TOKEN.fullmatch(text, prev_start, prev_end):
            return True
    next_start = text.find("\n", end, end + 200)
    if next_start >= 0:
        next_end = text.find("\n", next_start + 1, next_start + 42)
        if next_end < 0 and next_start + 41 >= len(text):
            next_end = len(text)
        if next_end > 0 and _NUMBER_TOKEN.fullmatch(text, next_start + 1, next_end):
            return True
    return False


def noise_places(text: str, start: int, end: int) -> bool:
    """The coordinates are a row of a list of places (a division's name in a cell of their
    line, no time on it): a gazetteer, not somebody's whereabouts."""
    return in_place_list(text, start, end)


NOISE_CHECKS: dict[str, NoiseCheck] = {
    "url": noise_url,
    "numbers": noise_numbers,
    "token_list": noise_token_list,
    "markup": noise_markup,
    "places": noise_places,
}

# _hits.c holds the two checks every card and phone candidate asks, step for step (where it
# was built; tests/unit/test_hits_ext.py compares them with the functions above).
_native: Any
try:
    import scanners.detection._hits as _native  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:  # pragma: no cover - built where a C compiler was at hand
    _native = None
if _native is not None and hasattr(_native, "noise_url"):
    NOISE_CHECKS["url"] = _native.noise_url
    NOISE_CHECKS["numbers"] = _native.noise_numbers
