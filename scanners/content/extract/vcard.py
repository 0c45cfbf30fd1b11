"""vCard (.vcf): the cards' text for the detectors, plus one hit for the address book itself.

A file of vCards is somebody's contact list, other people's data: it counts as one
"contact.vcard_list" finding with the number of cards, whatever the detectors find inside.
"""

from __future__ import annotations

import quopri
import re

from scanners.base import Limits
from scanners.content.decode import chunk_text, decode_bytes
from scanners.content.parts import Hit, ItemStream, Source

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)
# vCard 2.1 writes non-ASCII names as quoted-printable:
# "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0"
_QP_LINE = re.compile(
    r"^([^:\r\n]*ENCODING=QUOTED-PRINTABLE[^:\r\n]*):((?:[^\r\n]*=\r?\n)*[^\r\n]*)\r?$",
    re.IGNORECASE | re.MULTILINE,
)
_CHARSET = re.compile(r"CHARSET=([\w-]+)", re.IGNORECASE)


def _decoded_qp(text: str) -> list[str]:
    """Quoted-printable property values, decoded (appended after the card text)."""
    values = []
    for params, value in _QP_LINE.findall(text):
        match = _CHARSET.search(params)
        charset = match.group(1) if match else "utf-8"
        raw = quopri.decodestring(value.replace("\r\n", "\n").encode("ascii", "replace"))
        try:
            decoded = raw.decode(charset, "replace")
        except LookupError:
            decoded = decode_bytes(raw)[0]
        name = params.split(";", 1)[0]
        values.append(f"{name}: {decoded}")
    return values


def extract_vcf(src: Source, limits: Limits) -> ItemStream:
    text, _ = decode_bytes(src.read_all(limits.max_member_bytes))
    extra = _decoded_qp(text)
    # The decoded values go after the file's own text, so offsets into the file stay true.
    full = text + ("\n" + "\n".join(extra) + "\n" if extra else "")
    yield from chunk_text(src.name, full, limits, "vcf")
    cards = len(_BEGIN.findall(text))
    if cards:
        yield Hit(path=src.name, rule="contact.vcard_list", value=src.name, count=cards)
