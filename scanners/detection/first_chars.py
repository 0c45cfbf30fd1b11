"""A regex's first-character gate: `(?=[...])`, the characters any match can start with.

Python's `re` skips ahead with a tight C loop only when a pattern starts with a literal or a
character class. A rule's regex starts with its boundary's look-behinds instead, so `re`
enters the whole pattern at every position of a window: three look-behinds and each
branch's first test per character. A leading look-ahead on the set of first characters is
one cheap test that refuses almost every position (a dense export is digits; prose is
letters), and it changes nothing else: every match starts with one of those characters, the
look-ahead reads only that character, and it consumes nothing.

`gate()` returns "" whenever the set is not known exactly enough to be safe (a pattern that
can match the empty string, a negated class, a back-reference ...): the regex is then left
as it was.
"""

from __future__ import annotations

import re
import re._constants as sre_c
import re._parser as sre_parse
from typing import Any

_CATEGORIES = {
    sre_c.CATEGORY_DIGIT: r"\d",
    sre_c.CATEGORY_NOT_DIGIT: r"\D",
    sre_c.CATEGORY_SPACE: r"\s",
    sre_c.CATEGORY_NOT_SPACE: r"\S",
    sre_c.CATEGORY_WORD: r"\w",
    sre_c.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)
_REPEATS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT)


class _Unknown(Exception):
    """The first characters cannot be told safely."""


def gate(pattern: str, flags: int = 0) -> str:
    """`(?=[...])` for `pattern` compiled with `flags`, or "" (no gate).

    Only worth adding where `re` has no prefix of its own (a pattern that starts with a
    boundary's look-behind, or with a repeat)."""
    try:
        tree = sre_parse.parse(pattern, flags)
    except re.error:
        return ""
    if _has_prefix(tree):
        return ""  # `re` already scans for the first literal or class itself
    try:
        members = _first(tree)
    except _Unknown:
        return ""
    return "(?=[" + "".join(sorted(members)) + "])"


def _has_prefix(sub: Any) -> bool:
    """Whether `re` finds a literal or class to skip ahead on by itself (what its compiler
    looks at: the first item, inside leading groups)."""
    while len(sub) and sub[0][0] is sre_c.SUBPATTERN:
        sub = sub[0][1][-1]
    if not len(sub):
        return False
    op, av = sub[0]
    if op in (sre_c.LITERAL, sre_c.IN):
        return True
    return op is sre_c.BRANCH and all(len(b) and b[0][0] is sre_c.LITERAL for b in av[1])


def _first(sub: Any) -> set[str]:
    """Class members (as regex text) for the first character of every match of `sub`."""
    found, nullable = _sequence(sub)
    if nullable:
        raise _Unknown  # may match nothing: then what follows it comes first
    return found


def _sequence(items: Any) -> tuple[set[str], bool]:
    """The first characters of a sequence, and whether it can match the empty string: an
    optional item ("\\(?0...") adds its own and lets the next one's count too."""
    found: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # reads, consumes nothing: a later item holds the first character
        members, nullable = _item(op, av)
        found |= members
        if not nullable:
            return found, False
    return found, True


def _item(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is sre_c.LITERAL:
        return {_char(av)}, False
    if op is sre_c.IN:
        members: set[str] = set()
        for kind, value in av:
            if kind is sre_c.LITERAL:
                members.add(_char(value))
            elif kind is sre_c.RANGE:
                members.add(_char(value[0]) + "-" + _char(value[1]))
            elif kind is sre_c.CATEGORY and value in _CATEGORIES:
                members.add(_CATEGORIES[value])
            else:
                raise _Unknown  # a negated class, a charset bitmap ...
        return members, False
    if op is sre_c.BRANCH:
        found: set[str] = set()
        nullable = False
        for branch in av[1]:
            members, empty = _sequence(branch)
            found |= members
            nullable = nullable or empty
        return found, nullable
    if op is sre_c.SUBPATTERN:
        return _sequence(av[-1])
    if op is sre_c.ATOMIC_GROUP:
        return _sequence(av)
    if op in _REPEATS:
        low, _high, item = av
        members, empty = _sequence(item)
        return members, empty or low == 0
    raise _Unknown  # ANY, a back-reference, a conditional group ...


def _char(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else (
        f"\\U{code:08x}")
