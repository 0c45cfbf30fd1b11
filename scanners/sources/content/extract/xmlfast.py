"""What the regular-expression readers of usual XML share (worksheets, shared strings,
OpenDocument tables): a document's text when it is of the shape they read, attributes and
character references read as expat reads them.

Such a reader takes one match per cell where expat calls Python five times; anything it does
not know goes to the expat reader, which stays the reference, and `check_xml` still runs over
every document so that malformed XML fails exactly as before.
"""

from __future__ import annotations

import re

# attributes of a start tag (what follows its name)
ATTRS = r"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
_ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DECLARATION = re.compile(r"""<\?xml(?:\s+[^\s=?]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\?>""")
_ENCODING = re.compile(r"""encoding\s*=\s*["']([^"']*)""")
_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def unescape(text: str) -> str:
    """Character and the five predefined entity references resolved (any other reference
    makes the document malformed, which `check_xml` reports)."""
    if "&" not in text:
        return text
    return _REFERENCE.sub(lambda m: _NAMED.get(m.group(1)) or chr(
        int(m.group(1)[2:], 16) if m.group(1)[1] in "xX" else int(m.group(1)[1:])), text)


def attributes(attrs: str) -> dict[str, str]:
    """A start tag's attributes by local name, the last one winning, namespace declarations
    left out and values normalised: what `xmlwalk.parse_xml` hands its handler."""
    found: dict[str, str] = {}
    for name, double, single in _ATTR.findall(attrs):
        if name == "xmlns" or name.startswith("xmlns:"):
            continue  # a namespace declaration, not an attribute
        # expat: white space in a value becomes spaces, then references are resolved
        found[name.rsplit(":", 1)[-1]] = unescape(
            (double or single).replace("\t", " ").replace("\n", " "))
    return found


def usual_text(data: bytes) -> tuple[str, int] | None:
    """The document as text and where its body starts (after the XML declaration), if it is
    UTF-8 without carriage returns (expat rewrites them), comments, CDATA, a DOCTYPE or
    processing instructions: the shape the regular-expression readers know."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = _DECLARATION.match(text)
    if head is not None:
        encoding = _ENCODING.search(head.group())
        if encoding is not None and encoding.group(1).lower() != "utf-8":
            return None
    body = head.end() if head is not None else 0
    if "\r" in text or "<!" in text or text.find("<?", body) >= 0:
        return None
    return text, body
