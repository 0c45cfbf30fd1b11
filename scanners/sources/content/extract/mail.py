"""E-mail: .eml (RFC 5322), .mbox archives and Outlook .msg files.

The text of a message is its main headers followed by its text and HTML bodies;
attachments become nested sources ("mail.eml!invoice.xlsx") that are typed and read like
any other file.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage, Message

from scanners.base import Limits
from scanners.sources.content.decode import chunk_text
from scanners.sources.content.encoding import decode_bytes
from scanners.sources.content.extract.markup import html_to_text
from scanners.sources.content.parts import ItemStream, Problem, Source

HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date")

# Charset labels that name a subset of what mailers actually send.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950", "x-gbk": "gb18030"}


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = (part.get_content_charset() or "").lower()
    charset = _CHARSET_ALIASES.get(charset, charset)
    if charset:
        try:
            return payload.decode(charset, "replace")
        except LookupError:
            pass
    return decode_bytes(payload)[0]


def _header_lines(msg: Message) -> list[str]:
    lines = []
    for name in HEADERS:
        try:
            value = msg.get(name)
        except Exception:  # a malformed header must not hide the body
            continue
        if value:
            flat = " ".join(str(value).split())
            lines.append(f"{name}: {flat}")
    return lines


def message_items(src: Source, msg: Message, limits: Limits) -> ItemStream:
    """Text of one parsed message, then its attachments as nested sources."""
    bodies: list[str] = []
    attachments: list[Source] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        try:
            filename = part.get_filename()
            disposition = part.get_content_disposition()
        except Exception:
            filename, disposition = None, None
        ctype = part.get_content_type()
        if filename or disposition == "attachment" or not ctype.startswith("text/"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                if len(payload) > limits.max_member_bytes:
                    yield Problem(
                        f"{src.name}!{filename}", "too-large", "attachment over the limit"
                    )
                    continue
                name = (filename or f"attachment-{len(attachments) + 1}").replace("!", "_")
                attachments.append(src.member(name, payload))
        elif ctype == "text/html":
            bodies.append(html_to_text(_part_text(part)))
        else:
            bodies.append(_part_text(part))
    text = "\n".join(_header_lines(msg)) + "\n\n" + "\n".join(b.strip("\n") for b in bodies)
    yield from chunk_text(src.name, text, limits, "eml")
    yield from attachments


def _parse(data: bytes) -> Message:
    return email.message_from_bytes(data, _class=EmailMessage, policy=email.policy.default)


def extract_eml(src: Source, limits: Limits) -> ItemStream:
    data = src.read_all(limits.max_member_bytes)
    yield from message_items(src, _parse(data), limits)


# --- mbox --------------------------------------------------------------------------------


def _mbox_messages(src: Source, limits: Limits) -> Iterator[tuple[int, bytes | None]]:
    """(number, raw message) per message; None when a message is over the size limit."""
    number = 0
    lines: list[bytes] = []
    size = 0
    over = False
    prev_blank = True
    with src.open() as fh:
        while True:
            line = fh.readline(1 << 16)  # bounded: a file without newlines is not one "line"
            if not line or (line.startswith(b"From ") and prev_blank):
                if number and (lines or over):
                    yield number, None if over else b"".join(lines)
                if not line:
                    return
                number += 1
                lines, size, over, prev_blank = [], 0, False, False
                continue
            prev_blank = line in (b"\n", b"\r\n")
            if number == 0:
                number = 1  # text before the first separator: treat it as a message
            if over:
                continue
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]  # mboxrd quoting
            size += len(line)
            if size > limits.max_member_bytes:
                over, lines = True, []
            else:
                lines.append(line)


def extract_mbox(src: Source, limits: Limits) -> ItemStream:
    for number, raw in _mbox_messages(src, limits):
        if raw is None:
            yield Problem(f"{src.name}!{number}", "too-large", "message over the size limit")
            continue
        member = src.member(str(number), raw)
        try:
            msg = _parse(raw)
        except Exception:
            yield Problem(member.name, "corrupt", "unparseable message")
            continue
        yield from message_items(member, msg, limits)


# --- Outlook .msg --------------------------------------------------------------------------


def extract_msg(src: Source, limits: Limits) -> ItemStream:
    from scanners.sources.content.extract import msgfile

    yield from msgfile.extract(src, src.read_all(limits.max_member_bytes), limits)
