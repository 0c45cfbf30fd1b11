"""Text that is safe to write out: paths whose bytes are not UTF-8, and control characters.

Paths are handled as the bytes they are: `os.fsdecode` turns a byte that is not UTF-8 into a
lone surrogate (U+DC80..U+DCFF), which strict UTF-8 cannot encode. Two tools keep every output
writable without losing that:

- the `piaudit-escape` codec error handler, for every stream piaudit writes (stdout, stderr,
  `--output FILE`): an unencodable character becomes the escape `\\udcff`. Inside a JSON
  string that is a valid escape which decodes back to the very same surrogate, so
  `os.fsencode(json.loads(...)["file"])` gives the original bytes; in text it is readable.
- `terminal()`, for whatever is shown to people (the table, error and progress lines): control
  characters (an ESC that would recolour or retitle the terminal, a newline that would forge a
  line), bidirectional overrides and undecodable bytes are shown as backslash escapes.
"""

from __future__ import annotations

import codecs
import re

ERRORS = "piaudit-escape"


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
                   for c in bad), exc.end


codecs.register_error(ERRORS, _escape_unencodable)

# C0 and C1 controls, DEL, bidirectional marks/overrides/isolates (they reorder what follows on
# the line: "Trojan Source"), the line and paragraph separators, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    if c in _NAMED:
        return _NAMED[c]
    o = ord(c)
    if 0xDC80 <= o <= 0xDCFF:  # a byte that was not UTF-8: shown as that byte
        return f"\\x{o - 0xDC00:02x}"
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def terminal(text: str) -> str:
    """`text` with every character that could act on a terminal shown as an escape."""
    return _UNSAFE.sub(_escape, text)


_DIGITISH = re.compile(r"[0-9A-Za-z+/=_\-]*[0-9][0-9A-Za-z+/=_\-]{4,}")


def safe_message(text: str, limit: int = 200) -> str:
    """An error message with anything that could be a value (digit-bearing runs) masked.

    Exception texts sometimes quote their input (``int('13812345678x')``); they end up in
    logs and reports, so they are scrubbed before leaving the scanner.
    """
    from scanners.detection.redact import mask

    return _DIGITISH.sub(lambda m: mask(m.group(0), "generic"), text)[:limit]
