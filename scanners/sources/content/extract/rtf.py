"""A small RTF-to-text converter: enough of the syntax to get the words out right.

Handles control words, \\'hh escapes in the document's (or the current font's) code page
(936 = GBK for Chinese Word files), \\uN escapes with their \\ucN fallback characters, and
skips destinations that hold no document text (font tables, pictures, embedded objects).
"""

from __future__ import annotations

import codecs
import re

from scanners.base import Limits
from scanners.sources.content.decode import chunk_text
from scanners.sources.content.parts import ItemStream, Source

_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word with optional numeric parameter
    r"|\\'([0-9a-fA-F]{2})"  # byte in the current code page
    r"|\\([^a-zA-Z'])"  # control symbol
    r"|([{}])"
    r"|[\r\n]+"  # raw newlines are not text in RTF
    r"|([^\\{}\r\n]+)",
    re.DOTALL,
)

_SKIP = frozenset(
    [
        "fonttbl",
        "colortbl",
        "stylesheet",
        "info",
        "pict",
        "object",
        "objdata",
        "themedata",
        "datastore",
        "xmlnstbl",
        "listtable",
        "listoverridetable",
        "rsidtbl",
        "revtbl",
        "generator",
        "fldinst",
        "latentstyles",
        "colorschememapping",
        "filetbl",
        "mmathPr",
        "panose",
        "falt",
        "bkmkstart",
        "bkmkend",
        "userprops",
        "docvar",
        "pgdsctbl",
        "operator",
        "author",
        "title",
        "subject",
        "keywords",
        "comment",
        "doccomm",
        "company",
        "nonshppict",
        "blipuid",
        "listtext",
        "pntext",
        "xe",
        "tc",
    ]
)

_CHARS = {
    "par": "\n",
    "line": "\n",
    "sect": "\n",
    "page": "\n",
    "row": "\n",
    "cell": "\t",
    "tab": "\t",
    "emdash": "\u2014",
    "endash": "\u2013",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "emspace": " ",
    "enspace": " ",
}
_SYMBOLS = {
    "~": "\u00a0",
    "_": "-",
    "-": "",
    "{": "{",
    "}": "}",
    "\\": "\\",
    "\n": "\n",
    "\r": "\n",
}

# \fcharset values (Windows character sets) to code pages.
_CHARSET_CP = {
    128: 932,
    129: 949,
    134: 936,
    136: 950,
    161: 1253,
    162: 1254,
    177: 1255,
    178: 1256,
    186: 1257,
    204: 1251,
    222: 874,
    238: 1250,
}
_FONT_CHARSET = re.compile(r"\\f(\d+)[^;{}]*?\\fcharset(\d+)")


def _codec(codepage: int) -> str:
    name = "utf-8" if codepage == 65001 else f"cp{codepage}"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


class _Converter:
    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.out: list[str] = []
        self.pending = bytearray()  # \'hh bytes waiting to be decoded together (DBCS pairs)
        self.default_cp = 1252
        self.codec = "cp1252"
        self.fonts = {
            int(f): _CHARSET_CP.get(int(c), 0) for f, c in _FONT_CHARSET.findall(raw[:200000])
        }
        self.skip_chars = 0  # fallback characters still to drop after a \uN

    def flush(self) -> None:
        if self.pending:
            self.out.append(bytes(self.pending).decode(self.codec, "replace"))
            self.pending.clear()

    def emit(self, text: str) -> None:
        self.flush()
        self.out.append(text)

    def run(self) -> str:  # noqa: C901 - one dispatch on the token kind, per token: hot
        skip, uc = False, 1
        stack: list[tuple[bool, int, str]] = []
        group_start = False  # the next control word is the first in its group
        pos, end = 0, len(self.raw)
        while pos < end:
            m = _TOKEN.match(self.raw, pos)
            if m is None:  # a lone backslash at the end
                break
            pos = m.end()
            word, arg, hexbyte, symbol, brace, text = m.groups()
            first, group_start = group_start, False
            if brace == "{":
                stack.append((skip, uc, self.codec))
                group_start = True
            elif brace == "}":
                self.flush()
                if stack:
                    skip, uc, self.codec = stack.pop()
            elif word is not None:
                if word == "bin" and arg:
                    pos += max(0, int(arg))  # raw binary data follows
                elif first and word in _SKIP:
                    skip = True
                elif skip:
                    continue
                elif word == "u" and arg:
                    code = int(arg)
                    # a signed 16-bit value; anything wider wraps instead of failing chr()
                    self.emit(chr((code + 65536 if code < 0 else code) % 0x110000))
                    self.skip_chars = uc
                elif word == "uc" and arg:
                    uc = max(0, int(arg))
                elif word == "ansicpg" and arg:
                    self.default_cp = int(arg)
                    self.codec = _codec(self.default_cp)
                elif word == "f" and arg and self.fonts:
                    self.flush()
                    self.codec = _codec(self.fonts.get(int(arg)) or self.default_cp)
                elif word in _CHARS:
                    self.emit(_CHARS[word])
            elif hexbyte is not None:
                if skip:
                    continue
                if self.skip_chars:
                    self.skip_chars -= 1
                    continue
                self.pending.append(int(hexbyte, 16))
            elif symbol is not None:
                if symbol == "*" and first:
                    skip = True  # an ignorable destination we do not know
                elif not skip and symbol in _SYMBOLS:
                    self.emit(_SYMBOLS[symbol])
            elif text is not None and not skip:
                if self.skip_chars:
                    drop = min(self.skip_chars, len(text))
                    self.skip_chars -= drop
                    text = text[drop:]
                if text.isascii():
                    self.emit(text)
                else:  # raw 8-bit text: bytes of the code page
                    self.pending.extend(text.encode("latin-1"))
        self.flush()
        # \uN pairs for characters beyond the BMP arrive as two surrogates.
        return "".join(self.out).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def rtf_to_text(data: bytes) -> str:
    return _Converter(data.decode("latin-1")).run()


def extract_rtf(src: Source, limits: Limits) -> ItemStream:
    text = rtf_to_text(src.read_all(limits.max_member_bytes))
    yield from chunk_text(src.name, text, limits, "rtf")
