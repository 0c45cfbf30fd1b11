"""vCard (.vcf): the cards' text for the detectors, plus one hit for the address book itself.

A file of vCards is somebody's contact list, other people's data: it counts as one
"contact.vcard_list" finding with the number of cards, whatever the detectors find inside.
"""

from __future__ import annotations

import quopri
import re

from scanners.base import Limits
from scanners.sources.content.decode import chunk_text
from scanners.sources.content.encoding import decode_bytes
from scanners.sources.content.parts import Hit, ItemStream, Source

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)
# vCard 2.1 writes non-ASCII names as quoted-printable:
# "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0"
_QP_LINE = re.compile(
    r"^([^:\r\n]*ENCODING=QUOTED-PRINTABLE[^:\r\n]*):((?:[^\r\n]*=\r?\n)*[^\r\n]*)\r?$",
    re.IGNORECASE | re.MULTILINE,
)
_CHARSET = re.compile(r"CHARSET=([\w-]+)", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE | re.MULTILINE)
# Which kinds of details the cards hold (RFC 6350 property names; "item1.TEL" groups too).
_FIELDS = {"TEL": "phones", "EMAIL": "emails", "ADR": "addresses", "BDAY": "birthdays",
           "NOTE": "notes"}
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(TEL|EMAIL|ADR|BDAY|NOTE)[;:]",
                       re.IGNORECASE | re.MULTILINE)


def field_counts(text: str) -> dict[str, int]:
    """How many cards hold each kind of detail (phones, e-mails, ...): counts, no values."""
    counts = dict.fromkeys(_FIELDS.values(), 0)
    starts = [m.end() for m in _BEGIN.finditer(text)]
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else len(text)
        end = _END.search(text, start, stop)
        card = text[start:end.start() if end else stop]
        for kind in {_FIELDS[m.group(1).upper()] for m in _PROPERTY.finditer(card)}:
            counts[kind] += 1
    return counts


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
        # other people's data: how many cards, and which kinds of details they hold
        detail = {k: str(v) for k, v in field_counts(text).items() if v}
        detail["subject"] = "others"
        yield Hit(path=src.name, rule="contact.vcard_list", value=src.name, count=cards,
                  detail=detail)
