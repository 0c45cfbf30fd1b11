"""Outlook .msg: an OLE compound file whose MAPI properties are "__substg1.0_" streams.

Stream names are "__substg1.0_" + property tag (4 hex) + type: 001F is UTF-16LE text,
001E is 8-bit text in the message's code page, 0102 is binary.
"""

from __future__ import annotations

import io

import olefile

from scanners.base import Limits
from scanners.sources.content.decode import chunk_text
from scanners.sources.content.encoding import decode_bytes
from scanners.sources.content.extract.markup import html_to_text
from scanners.sources.content.parts import ItemStream, Problem, Source

_SUBJECT, _BODY, _HTML = "0037", "1000", "1013"
_SENDER_NAME, _SENDER_ADDR, _SENDER_SMTP = "0C1A", "0C1F", "5D01"
_DISPLAY_TO, _DISPLAY_CC = "0E04", "0E03"
_RECIP_NAME, _RECIP_ADDR, _RECIP_SMTP = "3001", "3003", "39FE"
_ATTACH_LONG, _ATTACH_SHORT, _ATTACH_DATA = "3707", "3704", "3701"


class _Props:
    def __init__(self, ole: olefile.OleFileIO, prefix: str, limit: int) -> None:
        self.ole, self.prefix, self.limit = ole, prefix, limit

    def raw(self, tag: str, kind: str) -> bytes | None:
        path = f"{self.prefix}__substg1.0_{tag}{kind}"
        if not self.ole.exists(path):
            return None
        if self.ole.get_size(path) > self.limit:
            return None
        data: bytes = self.ole.openstream(path).read()
        return data

    def text(self, tag: str) -> str:
        data = self.raw(tag, "001F")
        if data is not None:
            return data.decode("utf-16-le", "replace").rstrip("\x00")
        data = self.raw(tag, "001E")
        if data is not None:
            return decode_bytes(data.rstrip(b"\x00"))[0]
        return ""


def _storages(ole: olefile.OleFileIO, prefix: str) -> list[str]:
    found = {entry[0] for entry in ole.listdir(streams=True, storages=True) if len(entry) > 1}
    return sorted(name for name in found if name.startswith(prefix))


def extract(src: Source, data: bytes, limits: Limits) -> ItemStream:
    ole = olefile.OleFileIO(io.BytesIO(data))
    try:
        top = _Props(ole, "", limits.max_member_bytes)
        sender = top.text(_SENDER_NAME)
        addr = top.text(_SENDER_SMTP) or top.text(_SENDER_ADDR)
        recipients = []
        for storage in _storages(ole, "__recip_version1.0_"):
            rp = _Props(ole, storage + "/", limits.max_member_bytes)
            name, mail = rp.text(_RECIP_NAME), rp.text(_RECIP_SMTP) or rp.text(_RECIP_ADDR)
            recipients.append(f"{name} <{mail}>" if name and mail else name or mail)
        lines = [
            f"From: {sender} <{addr}>" if sender and addr else f"From: {sender or addr}",
            f"To: {top.text(_DISPLAY_TO)}",
            f"Cc: {top.text(_DISPLAY_CC)}",
            f"Recipients: {'; '.join(r for r in recipients if r)}",
            f"Subject: {top.text(_SUBJECT)}",
        ]
        body = top.text(_BODY)
        if not body.strip():
            html = top.raw(_HTML, "0102") or top.raw(_HTML, "001F")
            if html:
                body = html_to_text(decode_bytes(html)[0])
        text = "\n".join(lines) + "\n\n" + body
        yield from chunk_text(src.name, text, limits, "msg")
        for number, storage in enumerate(_storages(ole, "__attach_version1.0_"), start=1):
            ap = _Props(ole, storage + "/", limits.max_member_bytes)
            name = ap.text(_ATTACH_LONG) or ap.text(_ATTACH_SHORT) or f"attachment-{number}"
            payload = ap.raw(_ATTACH_DATA, "0102")
            if payload is None:
                if ole.exists(f"{storage}/__substg1.0_{_ATTACH_DATA}000D"):
                    yield Problem(f"{src.name}!{name}", "unsupported", "embedded message not read")
                continue
            yield src.member(name.replace("!", "_"), payload)
    finally:
        ole.close()
