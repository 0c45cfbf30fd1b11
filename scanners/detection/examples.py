"""Interactive example sessions in text: Python's `>>>` prompt and what it printed.

Documentation and source code show how a function behaves with a session typed at the
interpreter's prompt (doctests in docstrings, READMEs, Sphinx manuals):

    >>> validate('GR16 0110 1050 0000 1054 7023 795')
    'GR1601101050000010547023795'

The values in such a session are made up to show the function, checksums and all: a
number-validation library's documentation holds dozens. A match inside one is still
reported, at low severity, as an example (FileScanner); nobody's data is shown to a reader
that way. A block is the prompt's line, its `...` continuation lines and the output lines
after them, up to the first blank line (where doctest ends an example's output too).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

PROMPT = ">>>"
# Before the prompt, on its line: indentation and a comment or list marker (`# >>> f()`,
# ` * >>> f()` in a C comment, `// >>>`); the prompt itself ends the line or has a space.
_PROMPT_LINE = re.compile(r"[ \t]*(?:(?:#+|//|\*|;+|--|%+)[ \t]*)?>>>(?:[ \t]|(?=\r?\n)|$)")
# A continuation line of the input (`... 'GR16 0110 ...'`): a long literal typed at the prompt
# (a doctest's list of numbers) is input, however many lines it takes
_CONTINUATION_LINE = re.compile(
    r"[ \t]*(?:(?:#+|//|\*|;+|--|%+)[ \t]*)?\.\.\.(?:[ \t]|(?=\r?\n)|$)")
# The output of one prompt rarely runs longer; past this many lines without a blank one the
# text is something else that happens to follow a prompt.
MAX_BLOCK_LINES = 40
DETAIL = "interactive example (>>>)"


def example_blocks(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the example sessions in `text`, in order."""
    blocks: list[tuple[int, int]] = []
    at = text.find(PROMPT)
    while at != -1:
        line_start = text.rfind("\n", 0, at) + 1
        if blocks and line_start < blocks[-1][1]:
            at = text.find(PROMPT, blocks[-1][1])
            continue
        if not _PROMPT_LINE.match(text, line_start):
            # not a prompt line: its other ">>>" are not either (each line is looked at once,
            # however many ">>>" a hostile line holds)
            nl = text.find("\n", at)
            if nl == -1:
                break
            at = text.find(PROMPT, nl)
            continue
        end = _block_end(text, line_start)
        if blocks and blocks[-1][1] >= line_start - 1:
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((line_start, end))
        at = text.find(PROMPT, end)
    return blocks


def _block_end(text: str, line_start: int) -> int:
    """Where the block that starts with the prompt line at `line_start` ends: at the end of
    the last non-blank line before a blank one (a new prompt line continues the block)."""
    pos = line_start
    lines = 0
    while lines < MAX_BLOCK_LINES:
        nl = text.find("\n", pos)
        if nl == -1:
            return len(text)
        following = nl + 1
        next_nl = text.find("\n", following)
        line = text[following:next_nl if next_nl != -1 else len(text)]
        if not line.strip():
            return nl
        pos = following
        if _PROMPT_LINE.match(line) or _CONTINUATION_LINE.match(line):
            lines = 0  # more input: the count of output lines starts again
        else:
            lines += 1
    nl = text.find("\n", pos)
    return nl if nl != -1 else len(text)


# A documentation comment's example section (JSDoc, TSDoc, Javadoc, PHPDoc): from the
# `@example` tag's line to the next tag or the comment's end. API docs show what a function
# returns there (`faker.finance.creditCardNumber() // '4427163488662'`).
DOC_TAG = "@example"
DOC_DETAIL = "a documentation comment's @example"
_DOC_TAG_LINE = re.compile(r"[ \t]*(?:/\*\*?|\*|//+|#+)?[ \t]*@example(?=[ \t]|\r?\n|$)")
_DOC_LINE = re.compile(r"[ \t]*(?:\*(?!/)|//+|#+)")
_DOC_NEXT_TAG = re.compile(r"[ \t]*(?:\*|//+|#+)[ \t]*@[A-Za-z]")


def doc_example_blocks(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the `@example` sections of `text`'s doc comments."""
    blocks: list[tuple[int, int]] = []
    at = text.find(DOC_TAG)
    while at != -1:
        line_start = text.rfind("\n", 0, at) + 1
        nl = text.find("\n", at)
        end = len(text) if nl == -1 else nl
        if _DOC_TAG_LINE.match(text, line_start) and "*/" not in text[at:end]:
            lines = 0
            while nl != -1 and lines < MAX_BLOCK_LINES:
                following = nl + 1
                nxt = text.find("\n", following)
                line = text[following:nxt if nxt != -1 else len(text)]
                if not _DOC_LINE.match(line) or _DOC_NEXT_TAG.match(line):
                    break
                closing = line.find("*/")
                if closing != -1:
                    end = following + closing
                    break
                end, nl, lines = (nxt if nxt != -1 else len(text)), nxt, lines + 1
            blocks.append((line_start, end))
        if nl == -1:
            break
        at = text.find(DOC_TAG, max(end, nl))
    return blocks


class ExampleBlocks:
    """Whether a character offset lies in one of a text's example sessions, and which
    kind (`reason`)."""

    __slots__ = ("_ends", "_reasons", "_starts")

    def __init__(self, blocks: Sequence[tuple[int, int]],
                 reasons: Sequence[str] | None = None) -> None:
        self._starts = [a for a, _ in blocks]
        self._ends = [b for _, b in blocks]
        self._reasons = list(reasons) if reasons is not None else [DETAIL] * len(blocks)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def reason(self, pos: int) -> str:
        """Why a value at `pos` (inside a block) is an example, in the detail's words."""
        return self._reasons[bisect_right(self._starts, pos) - 1]


# Words that say the rest of their line shows an example ("for example KEY=...", "Example:",
# "返回示例：https://openapi.alipay.com/gateway.do?...&app_auth_token=..."): found from the
# places of "xample" and "例", which every one of them holds (a search each).
MARKERS = ("for example", "For example", "example:", "Example:", "examples:", "Examples:",
           "示例", "例如", "样例", "范例", "举例")
MARKER_DETAIL = "on a line that says it shows an example"


def _marker_at(text: str, at: int, anchor: str) -> int:
    """Where a marker holding `anchor` at `at` starts, or -1 when there is none."""
    if anchor == "例":
        if at > 0 and text[at - 1] in "示样范举":
            return at - 1
        return at if text[at + 1:at + 2] == "如" else -1
    if at == 0 or text[at - 1] not in "eE":
        return -1
    if text[at + 6:at + 7] == ":" or text[at + 6:at + 8] == "s:":
        # a heading: "Example:" first on its line (after indentation or a comment's sign),
        # not "Not an example: C"
        line_start = text.rfind("\n", 0, at) + 1
        return at - 1 if not text[line_start:at - 1].strip(" \t#*/-•>|") else -1
    return at - 5 if text[at - 5:at - 1] in ("for ", "For ") and at >= 5 else -1


def marker_blocks(text: str, anchors: Sequence[str] = ("xample", "例")) -> list[tuple[int, int]]:
    """The (start, end) spans from each example marker (`MARKERS`) to its line's end."""
    blocks: list[tuple[int, int]] = []
    for anchor in anchors:
        at = text.find(anchor)
        while at != -1:
            start = _marker_at(text, at, anchor)
            nl = text.find("\n", at)
            if start != -1:
                blocks.append((start, len(text) if nl == -1 else nl))
            if nl == -1:
                break
            at = text.find(anchor, nl if start != -1 else at + 1)
    return blocks


def examples_in(text: str) -> ExampleBlocks | None:
    """The text's example sessions, doc-comment examples and lines marked as examples, or
    None when it has none (most texts: a few `find`s)."""
    sessions = example_blocks(text) if PROMPT in text else []
    latin = "xample" in text  # in every Latin marker and in "@example": one search for all
    docs = doc_example_blocks(text) if latin and DOC_TAG in text else []
    anchors = ("xample",) * latin + ("例",) * ("例" in text)
    marked = marker_blocks(text, anchors) if anchors else []
    if not docs and not marked:
        return ExampleBlocks(sessions) if sessions else None
    merged: list[tuple[int, int, str]] = []
    for start, end, why in sorted([*((a, b, DETAIL) for a, b in sessions),
                                   *((a, b, DOC_DETAIL) for a, b in docs),
                                   *((a, b, MARKER_DETAIL) for a, b in marked)]):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, why))
    return ExampleBlocks([(a, b) for a, b, _ in merged], [w for _, _, w in merged])
