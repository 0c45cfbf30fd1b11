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
        if _PROMPT_LINE.match(line):
            lines = 0  # another input: the count starts again
        else:
            lines += 1
    nl = text.find("\n", pos)
    return nl if nl != -1 else len(text)


class ExampleBlocks:
    """Whether a character offset lies in one of a text's example sessions."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, blocks: Sequence[tuple[int, int]]) -> None:
        self._starts = [a for a, _ in blocks]
        self._ends = [b for _, b in blocks]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]


def examples_in(text: str) -> ExampleBlocks | None:
    """The text's example sessions, or None when it has none (most texts: one `find`)."""
    if PROMPT not in text:
        return None
    blocks = example_blocks(text)
    return ExampleBlocks(blocks) if blocks else None
