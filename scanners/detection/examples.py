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
           "示例", "例如", "样例", "范例", "举例", "如：", "比如", "譬如")
# Words that make their whole line an example, what stands before them too ("`440308199901101512`
# 示例大陆居民身份证均为随机生成的假数据")
WHOLE_LINE_MARKERS = ("假数据", "随机生成", "虚构", "测试数据", "仅供参考")
MARKER_DETAIL = "on a line that says it shows an example"
# The anchors a text is searched for: every marker holds one ("例如" and "如：" both "如" ...)
_ANCHORS_LATIN = ("xample",)
_ANCHORS_CJK = ("例", "如", "假", "随", "虚", "测", "仅")
# What may follow a marker that heads what comes below it ("### 请求示例", "**示例代码**",
# "Examples:")
_HEADING_REST = frozenset(("", "代码", "code", "Code"))


def _marker_at(text: str, at: int, anchor: str) -> tuple[int, int]:
    """(where a marker holding `anchor` at `at` starts, where it ends); start -1 when there is
    none. A whole-line marker starts at its line's start."""
    if anchor == "例":
        if at > 0 and text[at - 1] in "示样范举":
            return at - 1, at + 1
        return (at, at + 2) if text[at + 1:at + 2] == "如" else (-1, 0)
    if anchor == "如":
        if text[at + 1:at + 2] in ("：", ":") and text[at - 1:at] != "例":
            return at, at + 2
        return (at - 1, at + 1) if at > 0 and text[at - 1] in "比譬" else (-1, 0)
    if anchor in "假随虚测仅":
        for word in WHOLE_LINE_MARKERS:
            if text.startswith(word, at):
                return text.rfind("\n", 0, at) + 1, at + len(word)
        return -1, 0
    if at == 0 or text[at - 1] not in "eE":
        return -1, 0
    if text[at + 6:at + 7] == ":" or text[at + 6:at + 8] == "s:":
        # a heading: "Example:" first on its line (after indentation or a comment's sign),
        # not "Not an example: C"
        line_start = text.rfind("\n", 0, at) + 1
        before = text[line_start:at - 1]
        if before.strip(" \t#*/-•>|") and not _OPENING_TAG.search(before):
            return -1, 0
        return at - 1, at + 7 + (text[at + 6] == "s")
    if at >= 5 and text[at - 5:at - 1] in ("for ", "For "):
        return at - 5, at + 6
    return -1, 0


# A paragraph's opening tag right before "Example:" starts a paragraph as a line would (API
# documentation kept as HTML inside JSON strings: botocore's "<p>Example: <code>[-123.1174,
# 49.2847]</code> represents ...</p>"); the example then ends where that paragraph does.
_OPENING_TAG = re.compile(r"<(p|li|dd|td|div|para)(?:\s[^<>]*)?>\s*$", re.IGNORECASE)


def _tag_end(text: str, start: int, end: int) -> int:
    """The end of the example a marker at `start` heads, within its opening tag's element."""
    line_start = text.rfind("\n", 0, start) + 1
    tag = _OPENING_TAG.search(text, line_start, start)
    if tag is None:
        return end
    close = text.find(f"</{tag.group(1)}>", start, end)
    return end if close == -1 else close


def _heading_end(text: str, marker_end: int, line_end: int) -> int:
    """Where the example a heading marker introduces ends (`line_end` when the marker does
    not end its line): the next code block to its closing fence, else the next paragraph."""
    if text[marker_end:line_end].strip(" \t:：*#`-=") not in _HEADING_REST:
        return line_end
    pos, lines, fence = line_end, 0, ""
    while pos < len(text) and lines < MAX_BLOCK_LINES:
        nl = text.find("\n", pos + 1)
        nl = len(text) if nl == -1 else nl
        line = text[pos + 1:nl].strip()
        if not fence and line[:3] in ("```", "~~~"):
            fence = line[:3]
        elif fence and line.startswith(fence):
            return nl
        elif not fence and not line and lines:
            return pos  # the paragraph's end
        pos, lines = nl, lines + 1
    return pos


def marker_blocks(text: str, anchors: Sequence[str] = (*_ANCHORS_LATIN, *_ANCHORS_CJK)
                  ) -> list[tuple[int, int]]:
    """The (start, end) spans that example markers (`MARKERS`, `WHOLE_LINE_MARKERS`) make
    examples: from the marker to its line's end, a whole line, or what a heading heads."""
    blocks: list[tuple[int, int]] = []
    for anchor in anchors:
        at = text.find(anchor)
        while at != -1:
            start, marker_end = _marker_at(text, at, anchor)
            nl = text.find("\n", at)
            line_end = len(text) if nl == -1 else nl
            if start != -1:
                end = _heading_end(text, marker_end, line_end)
                if start > 0 and text[start - 1] in "> \t":
                    end = _tag_end(text, start, end)
                blocks.append((start, end))
                nl = text.find("\n", end) if end > line_end else nl
            if nl == -1:
                break
            at = text.find(anchor, nl if start != -1 else at + 1)
    return blocks


# A call with a literal argument or an assertion: a documentation's code block shows a
# function with made-up values (`validator.is_valid('440308199901101512')`)
_CALL_LINE = re.compile(r"""[A-Za-z_$][\w$.]*\(\s*[\[{]?\s*['"]?[\w+\-]|^\s*assert\b""")
CODE_DETAIL = "in a documentation's code example"
_FENCES = ("```", "~~~")


def code_call_blocks(text: str) -> list[tuple[int, int]]:
    """The lines of fenced code blocks (Markdown) that call a function with a literal
    argument or assert something: for documentation files only (README, *.md, *.rst ...)."""
    blocks: list[tuple[int, int]] = []
    pos, fence = 0, ""
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        stripped = text[pos:end].lstrip()
        if stripped[:3] in _FENCES and (not fence or stripped.startswith(fence)):
            fence = "" if fence else stripped[:3]
        elif fence and _CALL_LINE.search(text, pos, end):
            blocks.append((pos, end))
        pos = end + 1
    return blocks


# A shell session in documentation: a "$ command" line and what it printed, up to the first
# blank line (Faker's README: "$ faker profile ssn,birthdate" and the made-up profile)
_SHELL_LINE = re.compile(r"[ \t]*\$ [A-Za-z./_~\-]")
SHELL_DETAIL = "a documentation's shell session ($)"


def shell_blocks(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of `$ command` lines and their output: documentation only."""
    blocks: list[tuple[int, int]] = []
    at = text.find("$ ")
    while at != -1:
        line_start = text.rfind("\n", 0, at) + 1
        if _SHELL_LINE.match(text, line_start) and text[line_start:at].strip(" \t") == "":
            end = _block_end(text, line_start)  # (as a >>> session's output ends)
            blocks.append((line_start, end))
            at = text.find("$ ", end)
            continue
        nl = text.find("\n", at)
        if nl == -1:
            break
        at = text.find("$ ", nl)
    return blocks


def examples_in(text: str, documentation: bool = False) -> ExampleBlocks | None:
    """The text's example sessions, doc-comment examples and lines marked as examples (and,
    in a `documentation` file, its code blocks' calls and shell sessions), or None when it
    has none (most texts: a few `find`s)."""
    blocks: list[tuple[int, int, str]] = []
    if PROMPT in text:
        blocks += ((a, b, DETAIL) for a, b in example_blocks(text))
    latin = "xample" in text  # in every Latin marker and in "@example": one search for all
    if latin and DOC_TAG in text:
        blocks += ((a, b, DOC_DETAIL) for a, b in doc_example_blocks(text))
    anchors = ("xample",) * latin + tuple(a for a in _ANCHORS_CJK if a in text)
    if anchors:
        blocks += ((a, b, MARKER_DETAIL) for a, b in marker_blocks(text, anchors))
    if documentation and any(f in text for f in _FENCES):
        blocks += ((a, b, CODE_DETAIL) for a, b in code_call_blocks(text))
    if documentation and "$ " in text:
        blocks += ((a, b, SHELL_DETAIL) for a, b in shell_blocks(text))
    return _merged(blocks) if blocks else None


def _merged(blocks: Sequence[tuple[int, int, str]]) -> ExampleBlocks:
    """One ExampleBlocks of overlapping spans of several kinds (the earlier one's reason)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, why in sorted(blocks):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, why))
    return ExampleBlocks([(a, b) for a, b, _ in merged], [w for _, _, w in merged])
