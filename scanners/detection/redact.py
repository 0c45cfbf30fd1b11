"""Masked previews and keyed fingerprints: the only forms in which a found value leaves a detector.

A plain hash of an 18-digit ID number is brute-forceable (the space is about 10^11 after the
check digit), so identity across files and scans uses an HMAC with a per-user secret key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from scanners.detection.fingerprint_key import (
    KEY_FILE,
    KeyInfo,
    key_id,
    load_key,
    load_or_create_machine_key,
)
from scanners.detection.widths import fold_value

__all__ = ["KEY_FILE", "Redactor", "load_or_create_key", "mask", "normalize"]
_SEPARATORS = re.compile(r"[\s\-_.()（）]+")


def load_or_create_key(folder: Path) -> bytes:
    """Read the user's HMAC key, creating it (mode 0600, never overwritten) on first use."""
    return load_or_create_machine_key(folder)


def normalize(value: str, kind: str = "") -> str:
    """The canonical form fingerprints are taken of, so one value has one fingerprint however
    it is written: phone numbers in E.164 (`13912345678`, `+86 139 1234 5678` and
    `139-1234-5678` are one number), e-mail with its domain lower-cased, everything else
    without separators and upper-cased (cards, IBANs, ID numbers with an upper-case X).

    `kind` is the rule id the value was found by; without it the generic form is used.
    """
    value = fold_value(value)  # full-width forms: `１３８…` is `138…` (widths.py)
    canon = _CANON.get(kind)
    if canon is not None:
        out = canon(value)
        if out:
            return out
    return _SEPARATORS.sub("", value).upper()


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _cn_number(value: str, mobile: bool) -> str:
    """A PRC number in E.164: +86 and the national number without the trunk 0."""
    text = value.strip()
    d = _digits(text)
    if d.startswith("0086"):
        d = d[4:]
    elif d.startswith("86") and (not mobile or text.startswith("+") or len(d) == 13):
        d = d[2:]  # (a landline's own digits start with 0: 86 before them is the country)
    d = d.lstrip("0") if not mobile else d
    return "+86" + d if d else ""


def _intl_number(value: str) -> str:
    return _e164(value.strip())


@lru_cache(maxsize=8192)
def _e164(value: str) -> str:
    import phonenumbers

    try:
        num = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        d = _digits(value)
        return "+" + d if d else ""
    return str(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164))


def _us_number(value: str) -> str:
    """A US national number (`(415) 902-5092`, `1-415-902-5092`) in E.164."""
    d = _digits(value)
    if len(d) == 11 and d.startswith("1"):
        d = d[1:]
    return "+1" + d if len(d) == 10 else ""


def _email(value: str) -> str:
    local, at, domain = value.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if at else ""


def _national_number(value: str) -> str:
    """A number after the 00 prefix in E.164 (`0049 30 23456789`); "" for a national form,
    whose country is not known for sure (030 is Berlin's and a British range): its digits."""
    d = _digits(value)
    return _e164("+" + d[2:]) if d[:2] == "00" else ""


_CANON: dict[str, Callable[[str], str]] = {
    "contact.cn_mobile": lambda v: _cn_number(v, mobile=True),
    "contact.cn_landline": lambda v: _cn_number(v, mobile=False),
    "contact.intl_phone": _intl_number,
    "contact.us_phone": _us_number,
    "contact.national_phone": _national_number,
    "contact.email": _email,
}


def _mask_keep(value: str, head: int, tail: int, char: str = "*") -> str:
    """Keep `head` and `tail` significant characters, mask the rest, keep separators as is."""
    significant = [i for i, c in enumerate(value) if c.isalnum()]
    n = len(significant)
    # Never reveal more than half of a value, whatever the style asks for.
    while head + tail > n // 2 and (head or tail):
        if head >= tail and head:
            head -= 1
        elif tail:
            tail -= 1
    keep = set(significant[:head]) | set(significant[n - tail :] if tail else [])
    return "".join(c if (i in keep or not c.isalnum()) else char for i, c in enumerate(value))


def mask(value: str, style: str = "generic") -> str:
    """A preview that shows the shape of a value without revealing it."""
    value = value.strip()
    if not value:
        return ""
    if style == "digits":  # ID and card numbers: "1101**********002X", "6222 **** **** 0123"
        return _mask_keep(value, 4, 4)
    if style == "email":
        local, _, domain = value.partition("@")
        return (local[:1] + "***@" + domain) if domain else _mask_keep(value, 1, 0)
    if style == "name":  # "张**", "J*** S****"
        parts = value.split()
        if len(parts) > 1:
            return " ".join(p[:1] + "*" * max(len(p) - 1, 1) for p in parts)
        return value[:1] + "*" * max(len(value) - 1, 1)
    if style == "secret":  # keep a short vendor prefix so users know which key it is
        prefix = re.match(r"[A-Za-z]{2,5}[_\-]?(?:live_|test_)?", value)
        head = min(len(prefix.group(0)) if prefix else 0, 8)
        return value[:head] + "*" * min(max(len(value) - head, 4), 24)
    if style == "address":  # keep the coarse part (province/city), hide the rest
        keep = max(2, min(6, len(value) // 3))
        return value[:keep] + "*" * min(len(value) - keep, 20)
    if style == "coords":  # ~11 km precision is fine to show, the rest is not
        return re.sub(r"(\d+\.\d)\d+", r"\1**", value)
    if style == "full-mask":
        return "*" * min(len(value), 12)
    return _mask_keep(value, 2, 2)


class Redactor:
    """Turns a raw value into (preview, fingerprint). Raw values must stop here."""

    __slots__ = ("_key", "key_info")

    def __init__(self, key: bytes, info: KeyInfo | None = None) -> None:
        self._key = key
        # which key family fingerprints (recorded with the audit; the key itself never is)
        self.key_info = info or KeyInfo("machine", key_id(key))

    @classmethod
    def for_user(cls, folder: Path) -> Redactor:
        """The fleet key when PIAUDIT_FINGERPRINT_KEY_FILE names one, else the user's own."""
        key, info = load_key(folder)
        return cls(key, info)

    def key_bytes(self) -> bytes:
        """The key, for handing to worker processes of the same scan (never written elsewhere)."""
        return self._key

    def fingerprint(self, value: str, kind: str = "") -> str:
        """Keyed HMAC of the value's canonical form (`kind`: the rule that found it)."""
        digest = hmac.new(self._key, normalize(value, kind).encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def redact(self, value: str, style: str = "generic", kind: str = "") -> tuple[str, str]:
        return mask(value, style), self.fingerprint(value, kind)
