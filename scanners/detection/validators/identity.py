"""Identity-document validators (`resources/rules/identity.toml`): PRC resident ID
(GB 11643), its legacy and masked forms, the unified social credit code (GB 32100), Hong
Kong, Taiwan and US identity numbers, the Taiwan compatriot permit.
"""

from __future__ import annotations

import re

from scanners.detection.validators.common import (
    MASK_CHARS,
    OK,
    TEST_DATA,
    WEAK,
    Verdict,
    digits_of,
    mask_count,
    published_examples_of,
    real_date,
    split_words,
)

# --- PRC resident identity card (GB 11643-1999) -------------------------------------------

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
# Province-level codes (first two digits): a known one only raises confidence.
_PROVINCES = frozenset(
    split_words(
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 "
        "64 65 71 81 82 83 91"
    )
)


# The groupings an ID number is written in (one kind of separator throughout): region, birth
# date, sequence (110113 19491231 002X); region, year, month and day, sequence; or in fours
# like a card number (1101 1319 4912 3100 2X).
_RIC_GROUPS = frozenset(((6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2)))


def _ungrouped(value: str) -> str:
    """The 18 characters of an ID written plain or in one of _RIC_GROUPS; "" otherwise."""
    if len(value) == 18:
        return value
    for sep in " -":
        parts = value.split(sep)
        if len(parts) > 1 and tuple(len(p) for p in parts) in _RIC_GROUPS:
            return "".join(parts)
    return ""


def cn_ric(value: str) -> Verdict | None:
    v = _ungrouped(value).upper()
    if len(v) != 18:
        return None
    body = v[:17]
    if not body.isdigit():
        return None
    if body.isascii():
        # The weights are 2^17 ... 2^1 mod 11, and 13 = 2 mod 11: the weighted sum is, mod 11,
        # twice the digits read in base 13 (one C-level int()).
        total = 2 * int(body, 13)
    else:  # other Unicode digits, read as their code points minus 48 (as always)
        total = 0
        for c, w in zip(body, _RIC_WEIGHTS, strict=True):
            total += (ord(c) - 48) * w
    if _RIC_CHECK[total % 11] != v[17]:
        return None
    born = real_date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    if born is None:
        return None
    # An ASCII date in the number is its ISO form already (a year of four digits, >= 1900).
    iso = f"{v[6:10]}-{v[10:12]}-{v[12:14]}" if body.isascii() else born.isoformat()
    if v in published_examples_of("cn_ric"):
        # GB 11643's own example (11010519491231002X), in every tutorial and check-digit
        # library's README: test data
        return TEST_DATA
    detail = {"birth_date": iso, "sex": "male" if int(v[16]) % 2 else "female"}
    if _uscc_shaped(v) and _uscc_ok(v):
        # Also a valid organisation credit code (GB 32100): only with an ID keyword.
        return Verdict(checked=False, detail=detail)
    return Verdict(detail=detail, boost=0.03 if v[:2] in _PROVINCES else 0.0)


def cn_ric15(value: str) -> Verdict | None:
    """Legacy 15-digit ID (before 1999): no check digit; YYMMDD birth date in the 20th century."""
    if len(value) == 17:  # 6-6-3 groups with one kind of separator
        parts = value.split(value[6])
        value = "".join(parts) if tuple(len(p) for p in parts) == (6, 6, 3) else ""
    if len(value) != 15 or not value.isdigit() or value[:2] not in _PROVINCES:
        return None
    born = real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    if born is None:
        return None
    return Verdict(checked=False, detail={"birth_date": born.isoformat()})


def cn_ric_masked(value: str) -> Verdict | None:
    """A de-identified ID number ("110101********1234", "1101**********002X")."""
    n = len(value)
    if n not in (15, 18):
        return None
    head_shown = value[1] not in MASK_CHARS
    if head_shown and value[:2] not in _PROVINCES:
        return None
    masked = mask_count(value)
    # A trailing "X" is the check character, not a mask.
    if value[-1] in "xX" and value[-2] not in MASK_CHARS:
        masked -= 1
    if masked < 4 or n - masked < 3:
        return None
    if head_shown and n - masked >= 5:
        return _MASKED
    # Three or four characters shown ("5***************1X", a Java library's default mask):
    # an ID only next to an ID keyword
    return _MASKED_NEAR_KEYWORD


_MASKED = Verdict(detail={"masked": "yes"})
_MASKED_NEAR_KEYWORD = Verdict(checked=False, detail={"masked": "yes"})


# --- organisation unified social credit code (GB 32100-2015) -------------------------------

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(_USCC_CHARS)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _uscc_shaped(v: str) -> bool:
    # Registration authority + organisation type, then a 6-digit region code.
    return v[0] in "123456789ANY" and v[1] in "123459" and v[2:4] in _PROVINCES


def _uscc_ok(v: str) -> bool:
    total = 0
    for c, w in zip(v[:17], _USCC_WEIGHTS, strict=True):
        i = _USCC_VALUE.get(c)
        if i is None:
            return False
        total += i * w
    return _USCC_CHARS[(31 - total % 31) % 31] == v[17]


def cn_uscc(value: str) -> Verdict | None:
    """Organisation code (not personal data): used to keep such codes from firing as IDs."""
    v = value.upper()
    if len(v) != 18 or not v[2:8].isdigit() or not _uscc_ok(v):
        return None
    return Verdict(detail={"type": "organisation"})


# --- Hong Kong, Macau, Taiwan, US identity numbers ----------------------------------------


def _hk_value(c: str) -> int:
    return ord(c) - 48 if c <= "9" else ord(c) - 55


def hkid(value: str) -> Verdict | None:
    """HKID: 1-2 letters + 6 digits + check (0-9 or A), optionally in brackets."""
    v = value.upper()
    bracketed = "(" in v or "（" in v
    if bracketed:
        v = v.replace("(", "").replace(")", "").replace("（", "").replace("）", "")
    n = len(v)
    if n not in (8, 9):
        return None
    letters = v[: n - 7]
    total = 36 * 9 if n == 8 else _hk_value(letters[0]) * 9
    total += _hk_value(letters[-1]) * 8
    w = 7
    for c in v[n - 7 : n - 1]:
        total += (ord(c) - 48) * w
        w -= 1
    check = 11 - total % 11
    expected = "A" if check == 10 else "0" if check == 11 else str(check)
    if v[-1] != expected:
        return None
    # An unbracketed 8-9 character run passes a mod-11 check one time in 11: needs a keyword.
    return OK if bracketed else WEAK


_TW_LETTERS = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip
_TW_TEST = frozenset(("A123456789", "A223456781"))


def tw_id(value: str) -> Verdict | None:
    """Taiwan national ID / resident certificate: letter + 1|2|8|9 + 8 digits, mod-10 sum."""
    v = value.upper()
    if len(v) != 10 or v[1] not in "1289" or not v[1:].isdigit():
        return None
    n = _TW_LETTERS.get(v[0])
    if n is None:
        return None
    total = n // 10 + 9 * (n % 10)
    w = 8
    for c in v[1:9]:
        total += (ord(c) - 48) * w
        w -= 1
    total += ord(v[9]) - 48
    if total % 10:
        return None
    if v in _TW_TEST:
        return TEST_DATA
    return Verdict(detail={"sex": "male" if v[1] in "18" else "female"})


_SSN_INVALID = frozenset(("078051120", "219099999", "457555462", "123456789"))
# each_group_repeats(d, (3, 2, 4)) for the 9 characters of `d`, as one match
_SSN_REPEATS = re.compile(r"(.)\1\1(.)\2(.)\3\3\3", re.DOTALL)


def us_ssn(value: str) -> Verdict | None:
    """US SSN: area not 000/666/9xx, group not 00, serial not 0000; no checksum."""
    d = digits_of(value)
    if len(d) != 9:
        return None
    if d[:3] in ("000", "666") or d[0] == "9" or d[3:5] == "00" or d[5:] == "0000":
        return None
    if d in _SSN_INVALID or d == d[0] * 9 or _SSN_REPEATS.fullmatch(d):
        return None  # 111-22-3333, 999-99-9999: documentation placeholders
    if d.startswith("12345"):
        return None  # 123-45-6789 and its siblings (123-45-9999): the counting placeholder
    if len(value) == 11 and value[3] == "-" and value[6] == "-":
        return OK
    # Bare or space-separated digits: only with an SSN keyword.
    return WEAK


def tw_permit(value: str) -> Verdict | None:
    """Taiwan compatriot permit: 8 digits, or 8 + a 2-digit issue count (a small number)."""
    if len(set(value)) < 3:
        return None
    if len(value) == 10:
        if value[8:] > "30":
            return None  # a 10-digit unix timestamp or counter, not a renewed permit
        return WEAK  # still timestamp-shaped: a time word nearby wins over the permit keyword
    return OK
