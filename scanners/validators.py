"""Named validators: checksums and format checks that turn a pattern match into a finding.

A validator takes the matched value and returns a `Verdict` (accepted, maybe with details and a
severity change) or None (rejected). Rules name validators; `VALIDATORS` is the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from scanners.model import Severity



@dataclass(frozen=True, slots=True)
class Verdict:
    """A validator's acceptance of a value.

    `checked` False means the value passed only a weaker test (e.g. a UnionPay number failing
    Luhn): the detector then needs a context keyword and scores it as pattern + context.
    """

    checked: bool = True
    severity: Severity | None = None  # overrides the rule's severity (e.g. test cards: LOW)
    detail: Mapping[str, str] = field(default_factory=dict)
    boost: float = 0.0  # small confidence bonus (e.g. a known region code)


Validator = Callable[[str], Verdict | None]
OK = Verdict()


def digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# --- PRC resident identity card (GB 11643-1999) -------------------------------------------

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
# Province-level codes (first two digits): a known one only raises confidence.
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83 91".split()
)


def _real_date(y: int, m: int, d: int, today: date | None = None) -> date | None:
    try:
        born = date(y, m, d)
    except ValueError:
        return None
    if born > (today or date.today()) or y < 1900:
        return None
    return born


def cn_ric(value: str) -> Verdict | None:
    v = value.upper()
    if len(v) != 18 or not v[:17].isdigit():
        return None
    total = sum(int(c) * w for c, w in zip(v[:17], _RIC_WEIGHTS, strict=True))
    if _RIC_CHECK[total % 11] != v[17]:
        return None
    born = _real_date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    if born is None:
        return None
    return Verdict(
        detail={"birth_date": born.isoformat(), "sex": "male" if int(v[16]) % 2 else "female"},
        boost=0.03 if v[:2] in _PROVINCES else 0.0,
    )


def cn_ric15(value: str) -> Verdict | None:
    """Legacy 15-digit ID (before 1999): no check digit; YYMMDD birth date in the 20th century."""
    if len(value) != 15 or not value.isdigit():
        return None
    born = _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    if born is None or value[:2] not in _PROVINCES:
        return None
    return Verdict(checked=False, detail={"birth_date": born.isoformat()})


# --- payment cards ----------------------------------------------------------------------

# Published test numbers (Stripe, PayPal, Adyen, ...): real-looking, but test data.
_TEST_CARDS = frozenset(
    """4111111111111111 4242424242424242 4012888888881881 4222222222222 4000056655665556
    5555555555554444 5105105105105100 5200828282828210 2223003122003222 378282246310005
    371449635398431 378734493671000 6011111111111117 6011000990139424 3530111333300000
    3566002020360505 30569309025904 38520000023237 36227206271667 6200000000000005
    6250941006528599 6222821234560017 4000000000000002 4000000000009995""".split()
)


def card_brand(d: str) -> str | None:
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if d.startswith("62") and 16 <= n <= 19:
        return "unionpay"
    if (p4 == 6011 or p2 == 65 or 644 <= p3 <= 649 or 622126 <= p6 <= 622925) and 16 <= n <= 19:
        return "discover"
    if 3528 <= p4 <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (300 <= p3 <= 305 or p2 in (36, 38, 39) or p4 == 3095) and 14 <= n <= 19:
        return "diners"
    if (p2 in (50, 56, 57, 58) or p2 == 67 or p2 == 63) and 12 <= n <= 19:
        return "maestro"
    return None


def payment_card(value: str) -> Verdict | None:
    d = digits_of(value)
    if not 13 <= len(d) <= 19 or len(set(d)) < 3:
        return None
    brand = card_brand(d)
    if brand is None:
        return None
    if d in _TEST_CARDS:
        return Verdict(severity=Severity.LOW, detail={"brand": brand, "test_data": "yes"})
    if luhn_ok(d):
        return Verdict(detail={"brand": brand})
    if brand == "unionpay":
        # UnionPay numbers are not reliably Luhn-valid: keep them, but only with a card keyword.
        return Verdict(checked=False, severity=Severity.MEDIUM, detail={"brand": brand, "luhn": "fail"})
    return None


def luhn(value: str) -> Verdict | None:
    return OK if luhn_ok(digits_of(value)) else None


VALIDATORS: dict[str, Validator] = {
    "cn_ric": cn_ric,
    "cn_ric15": cn_ric15,
    "payment_card": payment_card,
    "luhn": luhn,
}
