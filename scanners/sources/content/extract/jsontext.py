"""JSON: streamed like text, plus the \\uXXXX-escaped strings read as the characters they are.

Python's `json.dump` writes every non-ASCII character as an escape by default, so an export
of Chinese records holds `"\\u5730\\u5740": "\\u5317\\u4eac\\u5e02..."` and no Chinese at all.
For a chunk that holds such escapes, a second part is yielded beside the chunk: of the same
length and line layout, with each escaped string (and every key, the context of its value)
decoded in place and padded with spaces, and everything else blanked. Decoded characters sit
inside the span of the escaped string, so offsets and line numbers still point at it; plain
strings are blanked in the second part, so nothing is found twice.
"""

from __future__ import annotations

import json
import re

from scanners.base import Limits
from scanners.sources.content.decode import iter_text
from scanners.sources.content.parts import ItemStream, Source, TextPart

_STRING = re.compile(r'"(?:[^"\\\n]|\\.){0,4000}"')
_NON_ASCII_ESCAPE = re.compile(
    r"\\u(?:00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})"
)
_KEY_AFTER = re.compile(r"\s*:")


def decoded_part(part: TextPart) -> TextPart | None:
    """The escaped strings and the keys of `part`, decoded in place; None when there are none."""
    text = part.text
    if "\\u" not in text or _NON_ASCII_ESCAPE.search(text) is None:
        return None
    out = [c if c in "\r\n" else " " for c in text]
    found = False
    for m in _STRING.finditer(text):
        literal = m.group()
        escaped = _NON_ASCII_ESCAPE.search(literal) is not None
        if not escaped and not _KEY_AFTER.match(text, m.end()):
            continue
        try:
            value = json.loads(literal) if escaped else literal[1:-1]
        except ValueError:
            continue
        if not isinstance(value, str):
            continue
        shown = '"' + value.replace("\r", " ").replace("\n", " ") + '"'
        out[m.start() : m.start() + len(shown)] = shown
        found = found or escaped
    if not found:
        return None
    return TextPart(part.path, "".join(out), part.offset, part.line, kind=part.kind)


def extract_json(src: Source, limits: Limits) -> ItemStream:
    with src.open() as fh:
        for item in iter_text(fh, src.name, limits, "json"):
            yield item
            if isinstance(item, TextPart):
                extra = decoded_part(item)
                if extra is not None:
                    yield extra
