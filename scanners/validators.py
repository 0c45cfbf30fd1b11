"""Named validators: checksums and format checks that turn a pattern match into a finding.

A validator takes the matched value and returns a `Verdict` (accepted, maybe with details and a
severity change) or None (rejected). Rules name validators; `VALIDATORS` is the table.

Validators run once per regex candidate, which is the hot path on dense data: they must be
cheap. Tables are precomputed at import (or loaded lazily once from `resources/data/`), and
the common rejection paths return before any allocation.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from scanners.model import Severity
from scanners.paths import resources_dir


@dataclass(frozen=True, slots=True)
class Verdict:
    """A validator's acceptance of a value.

    `checked` False means the value passed only a weaker test (e.g. a UnionPay number failing
    Luhn): the detector then needs a context keyword and scores it as pattern + context.
    `span`, when set, narrows the reported value to `value[span[0]:span[1]]` (a name followed
    by the next label, an address preceded by prose).
    """

    checked: bool = True
    severity: Severity | None = None  # overrides the rule's severity (e.g. test cards: LOW)
    detail: Mapping[str, str] = field(default_factory=dict)
    boost: float = 0.0  # small confidence bonus (e.g. a known region code)
    span: tuple[int, int] | None = None


Validator = Callable[[str], Verdict | None]
OK = Verdict()
WEAK = Verdict(checked=False)
TEST_DATA = Verdict(severity=Severity.LOW, detail={"test_data": "yes"})

_DIGITS = frozenset("0123456789")


def _words(text: str) -> list[str]:
    return text.split()


def digits_of(value: str) -> str:
    if value.isdigit():
        return value
    return "".join(c for c in value if c in _DIGITS)


def luhn_ok(digits: str) -> bool:
    total = 0
    double = False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if double:
            d = _LUHN_DOUBLE[d]
        total += d
        double = not double
    return total % 10 == 0


_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


@cache
def _data_lines(name: str) -> tuple[str, ...]:
    """Non-comment lines of `resources/data/<name>`, loaded once."""
    text = (resources_dir() / "data" / name).read_text(encoding="utf-8")
    return tuple(
        s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")
    )


def _real_date(y: int, m: int, d: int, today: date | None = None) -> date | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    try:
        born = date(y, m, d)
    except ValueError:
        return None
    if born > (today or date.today()) or y < 1900:
        return None
    return born


# --- PRC resident identity card (GB 11643-1999) -------------------------------------------

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
# Province-level codes (first two digits): a known one only raises confidence.
_PROVINCES = frozenset(
    _words(
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 "
        "64 65 71 81 82 83 91"
    )
)


def cn_ric(value: str) -> Verdict | None:
    v = value.upper()
    if len(v) != 18 or not v[:17].isdigit():
        return None
    total = 0
    for c, w in zip(v[:17], _RIC_WEIGHTS, strict=True):
        total += (ord(c) - 48) * w
    if _RIC_CHECK[total % 11] != v[17]:
        return None
    born = _real_date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    if born is None:
        return None
    detail = {"birth_date": born.isoformat(), "sex": "male" if int(v[16]) % 2 else "female"}
    if _uscc_shaped(v) and _uscc_ok(v):
        # Also a valid organisation credit code (GB 32100): only with an ID keyword.
        return Verdict(checked=False, detail=detail)
    return Verdict(detail=detail, boost=0.03 if v[:2] in _PROVINCES else 0.0)


def cn_ric15(value: str) -> Verdict | None:
    """Legacy 15-digit ID (before 1999): no check digit; YYMMDD birth date in the 20th century."""
    if len(value) != 15 or not value.isdigit() or value[:2] not in _PROVINCES:
        return None
    born = _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    if born is None:
        return None
    return Verdict(checked=False, detail={"birth_date": born.isoformat()})


_MASK_CHARS = frozenset("*xX•＊●·")


def _mask_count(value: str) -> int:
    return sum(1 for c in value if c in _MASK_CHARS)


def cn_ric_masked(value: str) -> Verdict | None:
    """A de-identified ID number ("110101********1234", "1101**********002X")."""
    n = len(value)
    if n not in (15, 18) or value[:2] not in _PROVINCES:
        return None
    masked = _mask_count(value)
    # A trailing "X" is the check character, not a mask.
    if value[-1] in "xX" and value[-2] not in _MASK_CHARS:
        masked -= 1
    if masked < 4 or n - masked < 5:
        return None
    return Verdict(detail={"masked": "yes"})


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


def us_ssn(value: str) -> Verdict | None:
    """US SSN: area not 000/666/9xx, group not 00, serial not 0000; no checksum."""
    d = digits_of(value)
    if len(d) != 9:
        return None
    if d[:3] in ("000", "666") or d[0] == "9" or d[3:5] == "00" or d[5:] == "0000":
        return None
    if d in _SSN_INVALID or d == d[0] * 9 or _each_group_repeats(d, (3, 2, 4)):
        return None  # 111-22-3333, 999-99-9999: documentation placeholders
    if len(value) == 11 and value[3] == "-" and value[6] == "-":
        return OK
    # Bare or space-separated digits: only with an SSN keyword.
    return WEAK


def _each_group_repeats(d: str, sizes: tuple[int, ...]) -> bool:
    """Every group of `d` (split by `sizes`) is one repeated digit ("111-22-3333")."""
    i = 0
    for n in sizes:
        g = d[i : i + n]
        if g != g[0] * n:
            return False
        i += n
    return True


def _patterned(d: str) -> bool:
    """A digit string made by hand rather than issued: six or more equal digits in a row
    ("2238000000000000") or a counting run of six ("6543210123456788", "...1234567890...")."""
    run = up = down = 1
    for k in range(1, len(d)):
        a, b = ord(d[k - 1]), ord(d[k])
        run = run + 1 if a == b else 1
        up = up + 1 if b == a + 1 else 1
        down = down + 1 if b == a - 1 else 1
        if run >= 6 or up >= 6 or down >= 6:
            return True
    return False


# --- payment cards ----------------------------------------------------------------------

# Published test numbers (Stripe, PayPal, Adyen, ...): real-looking, but test data.
_TEST_CARDS = frozenset(
    _words("""4111111111111111 4242424242424242 4012888888881881 4222222222222 4000056655665556
    5555555555554444 5105105105105100 5200828282828210 2223003122003222 378282246310005
    371449635398431 378734493671000 6011111111111117 6011000990139424 3530111333300000
    3566002020360505 30569309025904 38520000023237 36227206271667 6200000000000005
    6250941006528599 6222821234560017 4000000000000002 4000000000009995 4000000000000077
    4000000000000093 4000000000000341 4000002500003155 4000000000003220 4000002760003184
    5200828282828210 5454545454545454 6011000000000004 3782822463100005 6221558812340000
    6011111111111117 4917610000000000 4988438843884305 4444333322221111 5500000000000004
    340000000000009 30000000000004 3530111333300000 2222400070000005 6250946000000016""")
)


def card_brand(d: str) -> str | None:
    n = len(d)
    c0 = d[0]
    if c0 == "4":
        return "visa" if n in (13, 16, 19) else None
    p2 = int(d[:2])
    if c0 == "5":
        if 51 <= p2 <= 55:
            return "mastercard" if n == 16 else None
        return "maestro" if p2 in (50, 56, 57, 58) and 12 <= n <= 19 else None
    if c0 == "2":
        return "mastercard" if n == 16 and 2221 <= int(d[:4]) <= 2720 else None
    if c0 == "3":
        if p2 in (34, 37):
            return "amex" if n == 15 else None
        p4 = int(d[:4])
        if 3528 <= p4 <= 3589:
            return "jcb" if 16 <= n <= 19 else None
        if (300 <= int(d[:3]) <= 305 or p2 in (36, 38, 39) or p4 == 3095) and 14 <= n <= 19:
            return "diners"
        return None
    if c0 == "6":
        if p2 == 62:
            p6 = int(d[:6])
            if 622126 <= p6 <= 622925 and n == 16 and luhn_ok(d):
                return "discover"
            return "unionpay" if 16 <= n <= 19 else None
        p4 = int(d[:4])
        if (p4 == 6011 or p2 == 65 or 644 <= int(d[:3]) <= 649) and 16 <= n <= 19:
            return "discover"
        if p2 in (60, 63, 67) and 12 <= n <= 19:
            return "maestro"
        return None
    return None


def payment_card(value: str) -> Verdict | None:
    d = digits_of(value)
    if not 13 <= len(d) <= 19:
        return None
    if len(d) != len(value) and not _card_grouping_ok(value):
        return None
    brand = card_brand(d)
    if brand is None:
        return None
    if d in _TEST_CARDS:
        return Verdict(severity=Severity.LOW, detail={"brand": brand, "test_data": "yes"})
    if len(set(d)) < 3 or (len(value) == 18 and len(d) == 18 and cn_ric(d) is not None):
        return None  # an 18-digit run that is a valid resident ID is the ID, not a card
    if luhn_ok(d):
        if brand == "maestro" or _patterned(d):
            # Maestro's 50/56-58/6x ranges overlap resident IDs (50 = Chongqing) and serials;
            # a number with a long run of one digit or a counting run is a test vector,
            # a constant or a made-up example more often than an issued card: keyword only.
            return Verdict(checked=False, detail={"brand": brand})
        return Verdict(detail={"brand": brand})
    if brand == "unionpay":
        # UnionPay numbers are not reliably Luhn-valid: keep them, but only with a card keyword.
        return Verdict(
            checked=False, severity=Severity.MEDIUM, detail={"brand": brand, "luhn": "fail"}
        )
    return None


_CARD_GROUPS = (
    [4, 6, 5], [4, 6, 4], [4, 4, 4, 1], [4, 4, 5], [4, 4, 4, 2], [4, 4, 4, 3], [4, 4, 4, 4],
    [4, 4, 4, 4, 2], [4, 4, 4, 4, 3],
)  # fmt: skip


def _card_grouping_ok(value: str) -> bool:
    """One kind of separator, in the groupings printed on cards (4-4-4-4, 4-6-5 ...)."""
    sep = " " if " " in value else "-"
    if sep == " " and "-" in value:
        return False
    return [len(g) for g in value.split(sep)] in _CARD_GROUPS


def tw_permit(value: str) -> Verdict | None:
    """Taiwan compatriot permit: 8 digits, or 8 + a 2-digit issue count (a small number)."""
    if len(set(value)) < 3:
        return None
    if len(value) == 10:
        if value[8:] > "30":
            return None  # a 10-digit unix timestamp or counter, not a renewed permit
        return WEAK  # still timestamp-shaped: a time word nearby wins over the permit keyword
    return OK


def card_masked(value: str) -> Verdict | None:
    """A masked card number: 13-19 positions, >= 4 masked, leading digits of a known brand."""
    masked = _mask_count(value)
    digits = digits_of(value)
    if masked < 4 or not 13 <= masked + len(digits) <= 19 or len(digits) > 10:
        return None
    head = value[:6]
    if value[0] in _MASK_CHARS:
        return Verdict(detail={"masked": "yes"})  # "**** **** **** 0123"
    lead = ""
    for c in head:
        if c in _DIGITS:
            lead += c
        elif c not in " -":
            break
    if len(lead) < 4 or lead[0] not in "23456":
        return None
    return Verdict(detail={"masked": "yes"})


def card_expiry(value: str) -> Verdict | None:
    """MM/YY, MM/YYYY or YYYY-MM: a real month, a year between 2000 and 2059."""
    parts = re.split(r"[/\-.年月]", value.rstrip("月"))
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    a, b = parts
    month, year = (int(b), int(a)) if len(a) == 4 else (int(a), int(b))
    if year < 100:
        year += 2000
    if not (1 <= month <= 12 and 2000 <= year <= 2059):
        return None
    return OK


def cvv(value: str) -> Verdict | None:
    if len(value) not in (3, 4) or not value.isdigit():
        return None
    return OK


# --- IBAN (ISO 13616) --------------------------------------------------------------------


@cache
def _iban_lengths() -> Mapping[str, int]:
    out: dict[str, int] = {}
    for line in _data_lines("iban_lengths.txt"):
        cc, n = line.split()
        out[cc] = int(n)
    return out


def iban(value: str) -> Verdict | None:
    v = value.replace(" ", "").upper()
    expected = _iban_lengths().get(v[:2])
    if expected is None or len(v) != expected or not v[2:4].isdigit():
        return None
    rem = 0
    for c in v[4:] + v[:4]:
        rem = (rem * 10 + ord(c) - 48) % 97 if c <= "9" else (rem * 100 + ord(c) - 55) % 97
    if rem != 1:
        return None
    return Verdict(detail={"country": v[:2]})


# --- secrets ------------------------------------------------------------------------------


def _looks_random(s: str, classes: int = 2) -> bool:
    """At least `classes` of (upper, lower, digit) and not a run of one character."""
    up = lo = dg = False
    for c in s:
        if "a" <= c <= "z":
            lo = True
        elif "A" <= c <= "Z":
            up = True
        elif "0" <= c <= "9":
            dg = True
    return up + lo + dg >= classes and len(set(s)) >= min(8, len(s) // 2)


_PLACEHOLDER_PARTS = ("example", "xxxx", "your", "dummy", "sample", "fake", "redacted", "0000000")


def _placeholder(s: str) -> bool:
    """A token body that documentation made up (vendors' published examples say so)."""
    low = s.lower()
    return any(p in low for p in _PLACEHOLDER_PARTS)


def stripe_key(value: str) -> Verdict | None:
    body = value[8:]
    if not _looks_random(body):
        return None
    if "_test_" in value[:8]:
        return Verdict(severity=Severity.LOW, detail={"mode": "test", "test_data": "yes"})
    return Verdict(detail={"mode": "live"})


def braintree_token(value: str) -> Verdict | None:
    if "$sandbox$" in value:
        return Verdict(severity=Severity.LOW, detail={"mode": "sandbox", "test_data": "yes"})
    return Verdict(detail={"mode": "production"})


def alipay_key(value: str) -> Verdict | None:
    if value.isdigit():  # an app id: identifies the merchant's app, not a secret by itself
        return Verdict(severity=Severity.MEDIUM, detail={"type": "app_id"})
    if len(value) < 100 or not _looks_random(value, 3):
        return None
    # RSA private keys in PKCS#8/PKCS#1 base64 start "MIIE"/"MIIC" and run ~1600 chars;
    # public keys ("MIIBIj") are ~390 chars.
    if value.startswith("MIIBI") or len(value) < 600:
        return Verdict(severity=Severity.LOW, detail={"type": "public_key"})
    return Verdict(detail={"type": "private_key"})


def wechatpay_key(value: str) -> Verdict | None:
    if len(value) != 32 or not _looks_random(value) or _placeholder(value):
        return None
    if all(c in "0123456789abcdef" for c in value):
        # A 32-hex string is just as likely an md5 that happens to sit near the word "key".
        return WEAK
    return OK


def merchant_id(value: str) -> Verdict | None:
    if len(value) == 16 and value.startswith("2088"):
        return Verdict(detail={"platform": "alipay"})
    if len(value) == 10 and value[0] == "1" and len(set(value)) > 2:
        return Verdict(detail={"platform": "wechatpay"})
    return None


def token(value: str) -> Verdict | None:
    """A vendor-prefixed token: the body must look random, not a placeholder."""
    body = value[4:]
    if not _looks_random(body) or _placeholder(value):
        return None
    return OK


_AWS_EXAMPLES = frozenset(
    ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAI44QH8DHBEXAMPLE")
)


def aws_key(value: str) -> Verdict | None:
    if value in _AWS_EXAMPLES or "EXAMPLE" in value:
        return TEST_DATA  # AWS's documentation keys (AKIAIOSFODNN7EXAMPLE, ...)
    if not _looks_random(value[4:], 1):  # base-32 bodies may be all letters
        return None
    return OK


def aws_secret(value: str) -> Verdict | None:
    if value in _AWS_EXAMPLES or value.endswith("EXAMPLEKEY"):
        return TEST_DATA
    if not _looks_random(value, 3) or _placeholder(value):
        return None
    # 40 hex characters are a sha1 / git commit, not an AWS secret.
    if all(c in "0123456789abcdefABCDEF" for c in value):
        return None
    return OK


def slack_token(value: str) -> Verdict | None:
    if value.startswith("https://"):
        return Verdict(detail={"type": "webhook"})
    if not any(c in _DIGITS for c in value[5:]) or _placeholder(value) or "-not-a-" in value:
        return None
    return Verdict(detail={"type": "token"})


def _b64url_decode(part: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        return None


def jwt(value: str) -> Verdict | None:
    """Three base64url parts; the header decodes to a JSON object with "alg"."""
    header = value.split(".", 1)[0]
    raw = _b64url_decode(header)
    if raw is None:
        return None
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(obj, dict) or "alg" not in obj:
        return None
    alg = str(obj["alg"])[:16]
    return Verdict(detail={"alg": alg})


_PEM_PROTECTED = Verdict(severity=Severity.MEDIUM, detail={"protected": "yes"})


def private_key(value: str) -> Verdict | None:
    """PEM / OpenSSH private key header (+ start of body): protected by a passphrase or not."""
    head_end = value.find("-----", 11)
    if head_end < 0:
        return None
    header = value[11:head_end]  # after "-----BEGIN "
    body = value[head_end + 5 :].lstrip(" \t\r\n\\nr")
    kind = header.replace("PRIVATE KEY", "").replace("BLOCK", "").strip().lower() or "pkcs8"
    if "ENCRYPTED" in header or (body.startswith("Proc-Type") and "ENCRYPTED" in body):
        return Verdict(severity=Severity.MEDIUM, detail={"protected": "yes", "type": kind})
    if len(body) < 20:
        return None  # a header without a key body: code or docs that mention the format
    if kind == "openssh":
        raw = _b64_prefix(body)
        if raw is None or not raw.startswith(b"openssh-key-v1\0"):
            return None
        n = int.from_bytes(raw[15:19], "big")
        cipher = raw[19 : 19 + n]
        if n == 4 and cipher == b"none":
            return Verdict(detail={"protected": "no", "type": kind})
        return Verdict(severity=Severity.MEDIUM, detail={"protected": "yes", "type": kind})
    if kind == "pgp":
        return Verdict(severity=Severity.HIGH, detail={"protected": "unknown", "type": kind})
    return Verdict(detail={"protected": "no", "type": kind})


def _b64_prefix(body: str) -> bytes | None:
    chunk = body[: len(body) - len(body) % 4][:64]
    try:
        return base64.b64decode(chunk, validate=True)
    except (binascii.Error, ValueError):
        return None


_PLACEHOLDERS = frozenset(
    _words("""null none nil undefined true false password passwd pwd secret changeme change_me
    changeit xxx xxxx xxxxx xxxxxx 123 str string int bool required optional empty n/a na
    placeholder redacted hidden masked your_password yourpassword mypassword example test
    todo tbd fixme value 密码 无 空 略 待定""")
)


_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
# Code identifiers: snake_case ("key_password", "user_pass") and CONSTANT_CASE names.
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9]*(?:_[a-z0-9]+)+_?|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_FILE_NAME = re.compile(
    r"[\w\-.]*\.(?:c|h|cc|cpp|hpp|cxx|py|pyc|js|mjs|ts|go|rs|java|rb|php|pl|pm|lua|sh|bash|"
    r"bat|ps1|json|xml|ya?ml|toml|ini|cfg|conf|txt|md|rst|html?|css|pem|key|crt|cer|der|csr|"
    r"p12|pfx|jks|kdbx|gpg|asc|sig|db|sqlite|log|csv|gz|zip|tar|bz2|xz|bak|tmp|pdf|docx?|"
    r"png|jpe?g|gif|svg|sql|env|lock|in|am|ac|mk|so|o|a|dll|exe|1|3|5|8|texi|info|po)",
    re.IGNORECASE,
)
# Placeholder words that documentation, tests and man pages dress up with a digit or two and a
# symbol: "test123", "password123", "secure1", "Secret!", "foo_1". The letters of the value,
# lower-cased, are looked up here.
_EXAMPLE_WORDS = frozenset(
    _words("""test testing tester testpass testpw testpwd example sample demo dummy fake foo
    bar baz qux foobar abc xyz placeholder changeme password passwd passphrase pass pwd pw
    secret secure mypass mypassword mysecret yourpass yourpassword somepass somepassword
    secretkey secretpassword letmein default""")
)
_FIELD = re.compile(r"[A-Za-z_]+")
_NUMBERISH = frozenset("0123456789.,:-/+ ")
_EMAIL_SHAPE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def _secret_shaped(v: str) -> bool:
    """Whether a value after a password label looks like a secret someone chose or generated,
    not a word, a name, a file name, a path, code or a placeholder.

    Accepted: two or more character classes (letters with digits or symbols: "Summer2024!",
    "huaxin2024", "r0sebud"), or six or more digits that are not a counting or repeated run
    (a PIN). Refused: letters alone ("New", "Jim", "sekrit", "coyote": in documentation,
    changelogs and code a lone word after "password:" is prose, a name or a variable),
    identifiers ("key_password"), file names ("passphrase.c"), paths ("/Users/me"), numbers,
    dates and versions ("1.2.3"), e-mail addresses, example stems with a number ("test123"),
    and hyphenated phrases of three or more words ("not-a-real-password").
    """
    core = v.rstrip(".,:;").replace("\\-", "-")  # troff's escaped hyphen: my\\-pvk\\-password
    n = len(core)
    if n < 4:
        return False
    if core[0] in "/~\\" or core[:2] in ("./", "..") or core[1:3] in (":\\", ":/"):
        return False  # a path: PWD=/home/me, C:\\Users
    if core[-1] in ")]}>" or "(" in core:
        return False  # code: "None):", "f(x"
    if "://" in core or _IDENTIFIER.fullmatch(core) or _FILE_NAME.fullmatch(core):
        return False
    if _EMAIL_SHAPE.fullmatch(core) or "`" in core or "\\f" in core:
        return False  # markup: `bytes`, troff font escapes (FILE\\fP)
    if core.count(":") >= 2 or (":" in core and all(_FIELD.fullmatch(p) for p in core.split(":"))):
        return False  # a format line: "name:passwd:uid:gid", "GID:user_list"
    digits = sum(1 for c in core if c in _DIGITS)
    letters = sum(1 for c in core if c.isalpha())
    few = letters and digits <= 4 and n - letters - digits <= 1
    if few and "".join(c for c in core if c.isalpha()).lower() in _EXAMPLE_WORDS:
        return False  # "test123", "password123", "secure1", "Secret!"
    if letters == 0:
        if digits == 0:
            return False  # markup or a separator: "-->", "!!!!", "=/="
        if digits != n:
            return not all(c in _NUMBERISH for c in core)  # "1.2.3", "2019-10-09", "+8613..."
        return n >= 6 and not _patterned(core)  # a PIN, not 123456 or 000000
    if digits == 0 and all(c.isalpha() or c in "_.:-" for c in core):
        return False  # a word or a name in code: "_PasswordType", "a:dict.istemp", "my-secret"
    if digits == 0 and not (core.lower() != core != core.upper() or n - letters >= 2):
        return False  # one lower-case word glued to a symbol: "cvs#password", "geheim$parole"
    # A phrase of three or more words ("rest-of-my-password", "not_a_real_secret") is not.
    parts = [p for p in re.split(r"[-_ ]", core) if p]
    return sum(1 for p in parts if p.isalpha()) < 3


def password_value(value: str) -> Verdict | None:
    """A password after a label: skip placeholders, variables, code, hashes and values
    that do not look like a secret (see `_secret_shaped`)."""
    v = value.strip("\"'`")
    n = len(v)
    if n < 3 or n > 64:
        return None
    c0 = v[0]
    if c0 in "$%{<[(*@&" or v[-1] in ">}])(" or "*" * 3 in v:
        return None  # ${VAR} %(x)s {{x}} <password> [REDACTED] *** @Value
    if v.lower() in _PLACEHOLDERS or len(set(v)) == 1:
        return None
    if not v.isascii():
        return None  # prose after the label ("密码：请联系管理员")
    if "(" in v or "[" in v or _DOTTED_NAME.fullmatch(v):
        return None  # code: os.environ[...], get_password(), self.password
    if n in (32, 40, 64) and all(c in "0123456789abcdefABCDEF" for c in v):
        return None  # a hash, not a password
    if not _secret_shaped(v):
        return None
    return OK


# Usernames and hosts that documentation writes in URL examples ("https://user:pass@host").
_EXAMPLE_USERS = frozenset(
    _words("""user username usr name login foo abc me you myuser someone somebody john jane
    alice bob guest anonymous""")
)
_EXAMPLE_HOSTS = frozenset(
    _words("""host hostname myhost yourhost server myserver domain mydomain host.com
    example server.com""")
)
_RESERVED_HOSTS = (".example", ".test", ".invalid", "example.com", "example.org", "example.net")


def url_password(value: str) -> Verdict | None:
    """scheme://user:password@host: a chosen password, a real user and host name.

    Documentation's URLs (`user:pass@host`, `abc:xyz@example.com`) are refused; a secret
    at an RFC 2606 example domain is reported as test data."""
    from urllib.parse import unquote

    i = value.find("://")
    at = value.rfind("@")
    if i < 0 or at < i:
        return None
    creds = value[i + 3 : at]
    user, sep, pw = creds.partition(":")
    if "\\" in creds or "[" in creds or "]" in creds:
        return None  # not a URL's user info: markup ("[[\\fIuser\\fR][:\\fIpassword\\fR]@]")
    if not sep or pw.lower() in _PLACEHOLDERS or pw[:1] in "$%{<*" or pw.endswith("}"):
        return None
    plain = unquote(pw)
    if password_value(plain) is None and not (16 <= len(plain) <= 64 and _looks_random(plain)):
        return None
    if user.lower() in _EXAMPLE_USERS:
        return None
    host = value[at + 1 :].rstrip(".").lower()
    if not host or host in _EXAMPLE_HOSTS:
        return None
    scheme = value[:i].lower()[:16]
    if host.endswith(_RESERVED_HOSTS):
        return Verdict(severity=Severity.LOW, detail={"scheme": scheme, "test_data": "yes"})
    return Verdict(detail={"scheme": scheme})


# --- contact ------------------------------------------------------------------------------

# phonenumbers' CN mobile ranges (metadata 9.0): 13x, 145/147, 15[0-35-9], 16[25-7], 17[0-35-8],
# 18x, 19[0-35-9], plus 1610x and 1740[0-5].
_CN_MOBILE_PREFIX3 = frozenset(
    [f"13{i}" for i in range(10)] + ["145", "147"]
    + [f"15{i}" for i in "012356789"] + ["162", "165", "166", "167"]
    + [f"17{i}" for i in "01235678"] + [f"18{i}" for i in range(10)]
    + [f"19{i}" for i in "012356789"]
)  # fmt: skip


def cn_mobile(value: str) -> Verdict | None:
    d = digits_of(value)
    n = len(d)
    if n == 11:
        pass
    elif n == 13 and d.startswith("86"):
        d = d[2:]
    elif n == 15 and d.startswith("0086"):
        d = d[4:]
    else:
        return None
    p3 = d[:3]
    if p3 not in _CN_MOBILE_PREFIX3 and not (d[:4] == "1610" or (d[:4] == "1740" and d[4] <= "5")):
        return None
    if d[3:] == d[3] * 8:
        return None  # 13900000000-style placeholders
    return OK


def cn_mobile_masked(value: str) -> Verdict | None:
    masked = _mask_count(value)
    digits = digits_of(value)
    if masked + len(digits) != 11 or masked < 3 or digits[:3] not in _CN_MOBILE_PREFIX3:
        return None
    return Verdict(detail={"masked": "yes"})


def cn_landline(value: str) -> Verdict | None:
    d = digits_of(value)
    if not 10 <= len(d) <= 12 or d[0] != "0":
        return None
    area = 3 if d[1] in "12" else 4
    local = d[area:]
    if len(local) not in (7, 8) or local[0] in "01":
        return None
    return OK


def intl_phone(value: str) -> Verdict | None:
    """A +CC number that phonenumbers calls valid (PRC mobiles are `contact.cn_mobile`)."""
    return _intl_phone(value)


# phonenumbers takes about 100 µs a number; logs and exports repeat the same numbers (a
# hotline, a sender), so the answers are kept. Verdicts are never modified by their users.
@lru_cache(maxsize=8192)
def _intl_phone(value: str) -> Verdict | None:
    import phonenumbers

    # PRC mobiles belong to `contact.cn_mobile`: refuse them before the costly parse (they
    # are most candidates in Chinese exports).
    digits = digits_of(value)
    if digits.startswith("861") or digits.startswith("00861"):
        return None
    try:
        num = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    if num.country_code == 86 and str(num.national_number)[:1] == "1":
        return None
    region = phonenumbers.region_code_for_number(num) or "?"
    return Verdict(detail={"region": region})


@cache
def _tlds() -> frozenset[str]:
    return frozenset(_data_lines("tlds.txt"))


_RESERVED_MAIL = ("example.com", "example.org", "example.net", "test.com", "localhost")


def email(value: str) -> Verdict | None:
    at = value.rfind("@")
    local, domain = value[:at], value[at + 1 :].lower()
    if not local or local[0] == "." or local[-1] == "." or ".." in value:
        return None
    tld = domain[domain.rfind(".") + 1 :]
    if tld not in _tlds():
        return None  # image@2x.png, version@1.2.3, user@host.local
    if domain.endswith(_RESERVED_MAIL) or domain.endswith(".example"):
        return TEST_DATA
    return OK


# PRC postal address: >= 2 administrative levels and a road / number / building part.
_ADMIN = "省市区县州盟旗镇乡"
_STREET = (
    "路", "街", "道", "巷", "弄", "胡同", "村", "小区", "花园", "苑", "大厦", "广场", "园", "里",
    "号楼", "栋", "幢", "单元", "室", "座",
)  # fmt: skip
# Prose around an address: the match may start inside "我住在..." or "寄到..." and is trimmed.
_ADDR_STOP = frozenset("的在是于到至和与及或我你他她们这那从把被给往向住址为：:，,。；;、 ")
_ADDR_BAD_START = frozenset("城都地全本该各某省市区县")


def cn_address(value: str) -> Verdict | None:
    start = 0
    # Trim leading prose: cut after the last stop character before the first admin suffix.
    first_admin = len(value)
    for i, c in enumerate(value):
        if c in _ADMIN and i > 0:
            first_admin = i
            break
    for i in range(first_admin - 1, -1, -1):
        if value[i] in _ADDR_STOP:
            start = i + 1
            break
    v = value[start:]
    if len(v) < 8 or v[0] in _ADDR_BAD_START:
        return None
    levels = 0
    for c in v[:14]:
        if c in _ADMIN:
            levels += 1
    if levels < 2 or not any(s in v for s in _STREET):
        return None
    return Verdict(span=(start, len(value)) if start else None)


_EN_STREET_STOP = frozenset(("The", "A", "An", "In", "On", "At", "Of", "And", "Or", "For", "To"))


def en_address(value: str) -> Verdict | None:
    words = value.split()
    if len(words) < 3 or words[1] in _EN_STREET_STOP:
        return None
    return OK


# --- location -----------------------------------------------------------------------------

_FLOAT = re.compile(r"-?[0-9]{1,3}\.[0-9]+")


def coordinates(value: str) -> Verdict | None:
    nums = _FLOAT.findall(value)
    if len(nums) != 2:
        return None
    lat, lon = float(nums[0]), float(nums[1])
    up = value.upper()
    if "S" in up.split(nums[0], 1)[1][:3]:
        lat = -abs(lat)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or (abs(lat) < 1 and abs(lon) < 1):
        return None  # out of range, or next to 0,0 (small decimals: "seq 0 0.000001 0.0000031")
    if nums[0].split(".")[1] == nums[1].split(".")[1]:
        return None  # "1.2345, 1.2345": a repeated figure, not a position
    return OK


# --- health -------------------------------------------------------------------------------


def record_number(value: str) -> Verdict | None:
    d = digits_of(value)
    if len(d) < 4 or len(set(d)) < 3 or d in "01234567890123456789":
        return None
    return OK


# --- basic --------------------------------------------------------------------------------


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    single: set[str] = set()
    compound: set[str] = set()
    for s in _data_lines("cn_surnames.txt"):
        (single if len(s) == 1 else compound).add(s)
    return frozenset(single), frozenset(compound)


# Labels and words that follow a name without a separator ("张三性别男", "李小明先生").
_NAME_STOPS = (
    "先生", "女士", "小姐", "同学", "老师", "医生", "性别", "电话", "手机", "身份", "地址",
    "联系", "年龄", "出生", "籍贯", "民族", "住址", "邮箱", "证件", "职业", "单位", "备注",
)  # fmt: skip
_NAME_STOP_FIRST = frozenset(s[0] for s in _NAME_STOPS) | frozenset("男女")
_EN_NAME_STOP = frozenset(
    _words("""Phone Tel Telephone Mobile Email E-mail Address Addr Date DOB Age Gender Sex ID Id No
    Number Birth Born Title Company Dept Department Role Position Card Account Note Notes
    Signature Signed Date""")
)
_EN_NOT_NAMES = frozenset(
    _words("""Not Available Unknown None Null Test User Admin Administrator Customer Name Required
    Optional The Your My Our This That First Last Full Same Please Enter See Above Below
    Here There Value String Example Sample""")
)


_CELL_DELIMS = frozenset("\n\r,\t|;")
_LABEL_SEPS = frozenset(":：=")
_NAME_PAD = frozenset(" \t\"'")


def person_name(value: str) -> Verdict | None:
    """A name after a label ("姓名：张三", `"name": "李四"`, "Name: John Smith"), or a whole
    delimited cell (",张三,") that counts only with a name column header or keyword nearby.
    Chinese names start with a listed surname; English ones are 2-4 capitalised words."""
    if value[0] in _CELL_DELIMS:
        # The pattern's look-ahead saw the closing delimiter (not part of the value).
        i, j = 1, len(value)
        while i < j and value[i] in _NAME_PAD:
            i += 1
        while j > i and value[j - 1] in _NAME_PAD:
            j -= 1
        cell = value[i:j]
        if not cell:
            return None
        end = _cn_name_end(cell) if "\u4e00" <= cell[0] <= "\u9fff" else _en_name_end(cell)
        if end != len(cell):
            return None  # the name must fill its cell
        return Verdict(checked=False, span=(i, j))
    k = 0
    n = len(value)
    while k < n and value[k] not in _LABEL_SEPS:
        k += 1
    k += 1
    while k < n and value[k] in _NAME_PAD:
        k += 1
    if k >= n:
        return None
    rest = value[k:]
    end = _cn_name_end(rest) if "\u4e00" <= rest[0] <= "\u9fff" else _en_name_end(rest)
    if end is None:
        return None
    if end < 0:
        return Verdict(severity=Severity.LOW, detail={"test_data": "yes"}, span=(k, k - end))
    return Verdict(span=(k, k + end))


def _en_name_end(value: str) -> int | None:
    """End offset of the English name at the start of `value` (negative: a test name)."""
    words = value.replace("-", " ").split()
    keep = 0
    for w in words:
        if w in _EN_NAME_STOP:
            break
        keep += 1
    if keep < 2:
        return None
    kept = words[:keep]
    if kept[0] in _EN_NOT_NAMES or sum(1 for w in kept if w in _EN_NOT_NAMES) >= 2:
        return None
    end = 0
    for w in kept:
        end = value.index(w, end) + len(w)
    if kept in (["John", "Doe"], ["Jane", "Doe"]):
        return -end
    return end


def _cn_name_end(value: str) -> int | None:
    single, compound = _surnames()
    if value[:2] in compound:
        sl = 2
    elif value[0] in single:
        sl = 1
    elif value[:4] in compound:
        sl = 4
    else:
        return None
    end = len(value)
    for i in range(sl + 1, end):
        c = value[i]
        if c in _NAME_STOP_FIRST and (c in "男女" or value[i : i + 2] in _NAME_STOPS):
            end = i
            break
    # Given names are 1-2 characters (rarely 3 with a compound surname).
    end = min(end, sl + 2)
    if end - sl < 1:
        return None
    for i in range(sl, end):
        if not "\u4e00" <= value[i] <= "\u9fff":
            return None
    return end


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_DATE_PARTS = re.compile(r"[0-9]+|[A-Za-z]+")


def birth_date(value: str) -> Verdict | None:
    """A real, past date of birth no more than 130 years ago; detail birth_date for minors."""
    parts = _DATE_PARTS.findall(value)
    y = m = d = 0
    if len(parts) == 1 and len(parts[0]) == 8:
        p = parts[0]
        y, m, d = int(p[:4]), int(p[4:6]), int(p[6:])
    elif len(parts) == 3:
        a, b, c = parts
        if a.isalpha():  # March 5, 1990
            m, d, y = _MONTHS.get(a[:3].lower(), 0), int(b), int(c)
        elif b.isalpha():  # 5 March 1990
            d, m, y = int(a), _MONTHS.get(b[:3].lower(), 0), int(c)
        elif len(a) == 4:
            y, m, d = int(a), int(b), int(c)
        elif len(c) == 4:
            x, z, y = int(a), int(b), int(c)
            m, d = (z, x) if x > 12 else (x, z)  # D/M/Y when unambiguous, else US M/D/Y
        else:
            return None
    else:
        return None
    today = date.today()
    born = _real_date(y, m, d, today)
    if born is None or today.year - y > 130:
        return None
    return Verdict(detail={"birth_date": born.isoformat()})


def imei(value: str) -> Verdict | None:
    d = digits_of(value)
    if len(d) != 15 or len(set(d)) < 4 or not luhn_ok(d):
        return None
    return OK


def mac_address(value: str) -> Verdict | None:
    v = value.lower()
    hexes = v.replace(":", "").replace("-", "").replace(".", "")
    if len(hexes) != 12:
        return None
    if ":" in v and "-" in v:
        return None
    if hexes in ("ffffffffffff", "000000000000") or len(set(hexes)) < 3:
        return None
    first = int(hexes[:2], 16)
    if first & 1:
        return None  # multicast group, not a device
    if first & 2:  # locally administered: often a randomised (private) address
        return Verdict(severity=Severity.LOW, detail={"randomised": "yes"})
    return OK


def ip_address(value: str) -> Verdict | None:
    """A public unicast IPv4/IPv6 address (private, loopback, documentation... dropped)."""
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return None
    if ip.version == 6:
        first = int(value.split(":", 1)[0] or "0", 16)
        if not 0x2000 <= first <= 0x3FFF:
            return None
    elif value.startswith("0.") or value.endswith(".0") or value.endswith(".255"):
        return None
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        return None
    return Verdict(detail={"version": str(ip.version)})


def luhn(value: str) -> Verdict | None:
    return OK if luhn_ok(digits_of(value)) else None


def present(value: str) -> Verdict | None:
    """Accept any non-trivial value (the rule's pattern already carries its label)."""
    return OK if len(set(value)) > 1 else None


# --- noise checks: is a candidate in code, a URL or a table of numbers? -------------------
#
# A rule lists the checks that apply to it (`noise = ["url", "numbers"]`); when one fires, the
# match is treated like a weakly validated value: it needs a context keyword, and a negative
# word silences it. A check gets the whole text and the value's span, and looks at a short
# stretch of the value's own line only.

NoiseCheck = Callable[[str, int, int], bool]
_URL_GLUE = frozenset("/#\\%&?")
_TOKEN_STOP = frozenset(" \t\r\n\"'<>()[]{},;|`")


def noise_url(text: str, start: int, end: int) -> bool:
    """The value is part of a URL, a path or a hex/anchor literal: glued to "/", "#", "%",
    "0x", or inside a whitespace-delimited token that holds "://" ("/testcase-detail/5390...",
    "#2238000000000000", "https://host/a/5425233430109903")."""
    if start > 0 and text[start - 1] in _URL_GLUE:
        return True
    if end < len(text) and text[end] in "/\\%":
        return True
    if start > 1 and text[start - 2 : start].lower() == "0x":
        return True
    i = start
    lo = max(0, start - 200)
    while i > lo and text[i - 1] not in _TOKEN_STOP:
        i -= 1
    token = text[i:start]
    return "://" in token or token.startswith("www.")


def _line(text: str, start: int, end: int, reach: int = 240) -> tuple[int, int]:
    lo = text.rfind("\n", max(0, start - reach), start) + 1 or max(0, start - reach)
    hi = text.find("\n", end, end + reach)
    return lo, hi if hi >= 0 else min(len(text), end + reach)


def noise_numbers(text: str, start: int, end: int) -> bool:
    """The value is one of a table of numbers (test vectors, arithmetic cases, hex dumps,
    code-point tables, logs of ids), not a card written down once: another run of 8 or more
    digits sits on its line, or a hex/digit group of 4 or more is its next-door neighbour
    ("54E8 5546 5531 5617 5968 59BE")."""
    lo, hi = _line(text, start, end)
    if _long_digit_run(text, lo, start) or _long_digit_run(text, end, hi):
        return True
    return _hex_group(text, start, -1) or _hex_group(text, end, 1)


def _hex_group(text: str, pos: int, step: int) -> bool:
    """Whether the token next to `pos` (one space or tab away, in direction `step`) is a
    group of 4+ hex digits holding a digit."""
    k = pos - 1 if step < 0 else pos
    if not (0 <= k < len(text)) or text[k] not in " \t":
        return False
    k += step
    size = digit = 0
    while 0 <= k < len(text) and text[k] in _HEX_CHARS:
        size += 1
        digit |= text[k] in _DIGITS
        k += step
    if 0 <= k < len(text) and (text[k].isalnum() or text[k] == "_"):
        return False  # part of a word ("deadbeefcafe1234x"), not a group
    return size >= 4 and bool(digit)


_HEX_CHARS = frozenset("0123456789abcdefABCDEF")
_TROFF = re.compile(
    r"\\f[BIRP1-4]|\\-|\\\(..|\\\*\(|^\.(?:nf|fi|sp|br|in|if|ie|el|ft|ti|ne|ad|na|ce|RS|RE|TP|PP|"
    r"LP|IP|SH|SS|EX|EE|TH|B|I|BR|IR|BI|RB|IB|UR|UE|MT|ME)\b",
    re.MULTILINE,
)


def noise_markup(text: str, start: int, end: int) -> bool:
    """The value sits in man-page (troff) source: "\\-\\-password=...", "\\fBFILE\\fR", or
    a few lines from a request (".nf", ".EX", ".TP"): documentation of a command, whose values
    are examples."""
    lo = text.rfind("\n", max(0, start - 240), max(0, start - 120)) + 1 or max(0, start - 240)
    return _TROFF.search(text, lo, min(len(text), end + 160)) is not None


def _long_digit_run(text: str, lo: int, hi: int, size: int = 8) -> bool:
    run = 0
    for k in range(lo, hi):
        if text[k] in _DIGITS:
            run += 1
            if run >= size:
                return True
        else:
            run = 0
    return False


_NUMBER_TOKEN = re.compile(r"[ \t]*[A-Za-z]?[-+]?[0-9]{6,}L?[ \t]*")


def noise_token_list(text: str, start: int, end: int) -> bool:
    """The line before or after holds nothing but another number-like token ("I-1909152807"
    in a pickle, one random number per line): the value is one of a list of numbers."""
    prev_end = text.rfind("\n", max(0, start - 200), start)
    if prev_end > 0:
        prev_start = text.rfind("\n", max(0, prev_end - 40), prev_end) + 1
        if _NUMBER_TOKEN.fullmatch(text, prev_start, prev_end):
            return True
    next_start = text.find("\n", end, end + 200)
    if next_start >= 0:
        next_end = text.find("\n", next_start + 1, next_start + 42)
        if next_end < 0 and next_start + 41 >= len(text):
            next_end = len(text)
        if next_end > 0 and _NUMBER_TOKEN.fullmatch(text, next_start + 1, next_end):
            return True
    return False


NOISE_CHECKS: dict[str, NoiseCheck] = {
    "url": noise_url,
    "numbers": noise_numbers,
    "token_list": noise_token_list,
    "markup": noise_markup,
}


VALIDATORS: dict[str, Validator] = {
    "cn_ric": cn_ric,
    "cn_ric15": cn_ric15,
    "cn_ric_masked": cn_ric_masked,
    "cn_uscc": cn_uscc,
    "hkid": hkid,
    "tw_id": tw_id,
    "us_ssn": us_ssn,
    "tw_permit": tw_permit,
    "payment_card": payment_card,
    "card_masked": card_masked,
    "card_expiry": card_expiry,
    "cvv": cvv,
    "iban": iban,
    "stripe_key": stripe_key,
    "braintree_token": braintree_token,
    "alipay_key": alipay_key,
    "wechatpay_key": wechatpay_key,
    "merchant_id": merchant_id,
    "token": token,
    "aws_key": aws_key,
    "aws_secret": aws_secret,
    "slack_token": slack_token,
    "jwt": jwt,
    "private_key": private_key,
    "password_value": password_value,
    "url_password": url_password,
    "cn_mobile": cn_mobile,
    "cn_mobile_masked": cn_mobile_masked,
    "cn_landline": cn_landline,
    "intl_phone": intl_phone,
    "email": email,
    "cn_address": cn_address,
    "en_address": en_address,
    "coordinates": coordinates,
    "record_number": record_number,
    "person_name": person_name,
    "birth_date": birth_date,
    "imei": imei,
    "mac_address": mac_address,
    "ip_address": ip_address,
    "luhn": luhn,
    "present": present,
}
