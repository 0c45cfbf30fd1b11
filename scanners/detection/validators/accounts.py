"""Account identifiers without a check digit, found after their label
(`resources/rules/financial.toml`, `contact.toml`): bank account numbers, QQ numbers and
WeChat IDs. With no checksum to hold them to, these validators refuse what is plainly not
an issued account: dates, numbers made by hand, words, and the ids of apps rather than
people."""

from __future__ import annotations

import re

from scanners.detection.validators.common import OK, Verdict, date_like, digits_of, patterned


def bank_account(value: str) -> Verdict | None:
    """8 to 30 digits (separators aside), not a date, not made by hand."""
    d = digits_of(value)
    if not 8 <= len(d) <= 30 or not d.isascii() or len(set(d)) < 3:
        return None
    if patterned(d) or date_like(d):
        return None
    return OK


# WeChat's ids of things, not of people: a mini program's or app's AppID, an official
# account's original id
_APP_IDS = re.compile(r"wx[0-9a-f]{16}|gh_[0-9a-f]{12}", re.IGNORECASE)


def qq_number(value: str) -> Verdict | None:
    """5-11 ASCII digits, no leading 0, neither a date nor made by hand."""
    if not (5 <= len(value) <= 11 and value.isascii() and value.isdigit()) or value[0] == "0":
        return None
    if len(set(value)) < 3 or patterned(value) or date_like(value):
        return None
    return OK


def wechat_id(value: str) -> Verdict | None:
    """6-20 characters, a letter first, with a digit, "_" or "-" (a plain word is no id),
    at least two letters, one of them lower case; not an app's or official account's id."""
    if not 6 <= len(value) <= 20 or not value.isascii() or _APP_IDS.fullmatch(value):
        return None
    if not value[0].isalpha():
        return None
    letters = digits = lower = 0
    for c in value:
        if c.isdigit():
            digits += 1
        elif c.isalpha():
            letters += 1
            lower += c.islower()
    if letters < 2 or not (digits or "_" in value or "-" in value):
        return None
    if not lower:
        return None  # (capitals alone are a name of code: 微信JS-SDK, WECHAT_APP_ID)
    if digits >= 6 and patterned("".join(c for c in value if c.isdigit())):
        return None
    return OK
