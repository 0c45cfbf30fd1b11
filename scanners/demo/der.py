"""The few ASN.1 DER encoders the demo's Firefox key4.db needs (and the test fixtures that
build NSS stores: synth/browser_stores.py imports them from here, one copy)."""

from __future__ import annotations


def der(tag: int, body: bytes) -> bytes:
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(raw)]) + raw + body


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray([parts[0] * 40 + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        out.extend(reversed(chunk))
    return der(0x06, bytes(out))


def integer(n: int) -> bytes:
    return der(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big"))


def sequence(*items: bytes) -> bytes:
    return der(0x30, b"".join(items))
