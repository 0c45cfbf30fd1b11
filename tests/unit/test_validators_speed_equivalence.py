"""The validators' and noise checks' faster code answers exactly as the code it replaced.

The replaced implementations are kept below (`_old_*`) as the reference. Each is compared with
the current one (every `Verdict` field: checked, severity, detail, boost, span; True/False for
a noise check) on:

- the candidates the rules' own patterns find in synthetic text: bench/gen_corpus.py's file
  kinds (dense CSV exports, logs, JSON, notes, code) and the labelled accuracy documents
  (contact, financial, address, full-width), each also after width folding;
- the values planted in those documents and the rules' examples;
- hypothesis strings built around the values' shapes (digits, separators, full-width and
  other Unicode digits, CJK, hex), and hand-picked edge cases.

The old code is an oracle for a rewrite made for speed, not a second copy to maintain: a
deliberate change of what a validator accepts removes its `_old_*` twin (and its tests in
test_accuracy*.py and bench/accuracy.py say what changed).
"""

from __future__ import annotations

import importlib.util
import ipaddress
import random
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanners.detection.rules import load_rules
from scanners.detection.validators import NOISE_CHECKS, OK, VALIDATORS, WEAK, Verdict
from scanners.detection.validators import address as A
from scanners.detection.validators import basic as B
from scanners.detection.validators import contact as C
from scanners.detection.validators import financial as F
from scanners.detection.validators import identity as I
from scanners.detection.validators.common import (
    digits_of,
    luhn_ok,
    patterned,
    published_examples,
    real_date,
)
from scanners.detection.widths import fold
from scanners.model import Severity

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 6, 1)

# --- the replaced implementations -------------------------------------------------------------

_URL_GLUE = frozenset("/#\\%&?")
_TOKEN_STOP = frozenset(" \t\r\n\"'<>()[]{},;|`")
_DIGITS = frozenset("0123456789")
_HEX_CHARS = frozenset("0123456789abcdefABCDEF")


def _old_noise_url(text: str, start: int, end: int) -> bool:
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


def _old_line(text: str, start: int, end: int, reach: int = 240) -> tuple[int, int]:
    lo = text.rfind("\n", max(0, start - reach), start) + 1 or max(0, start - reach)
    hi = text.find("\n", end, end + reach)
    return lo, hi if hi >= 0 else min(len(text), end + reach)


def _old_noise_numbers(text: str, start: int, end: int) -> bool:
    if start > 0 and text[start - 1] == "." and (
            start == 1 or text[start - 2] in "0123456789 \t\r\n-+([{,=:;"):
        return True  # a number's decimals
    lo, hi = _old_line(text, start, end)
    if _old_table_run(text, lo, start) or _old_table_run(text, end, hi):
        return True
    if _old_hex_group(text, start, -1) or _old_hex_group(text, end, 1):
        return True
    # a code point on the line; a bare number one space from a grouped value
    if re.search(r"(?:U\+|<U|\\[uU])[0-9A-Fa-f]{4}", text[lo:hi]):
        return True
    if " " not in text[start:end]:
        return False
    before = re.search(r"(?:^|[ \t\r\n])([0-9]+) $", text[:start])
    after = re.match(r" ([0-9]+)(?:$|[ \t\r\n])", text[end:])
    return before is not None or after is not None


def _old_hex_group(text: str, pos: int, step: int) -> bool:
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
        return False
    group = text[k + 1:pos - 1] if step < 0 else text[pos + 1:k]
    if size >= 8 and all(c in _DIGITS for c in group):
        return False  # a long digit run: the table-run rule's
    return size >= 4 and bool(digit)


def _old_table_run(text: str, lo: int, hi: int) -> bool:
    """Runs of 8+ digits in text[lo:hi], but a PRC mobile, an 18-character ID or an IBAN's
    digits (the reading of noise._table_run, written as plainly as possible)."""
    runs: list[tuple[int, int]] = []
    k = lo
    while k < hi:
        if text[k] in _DIGITS:
            a = k
            while k < hi and text[k] in _DIGITS:
                k += 1
            runs.append((a, k))
        else:
            k += 1
    for a, b in runs:
        run = text[a:b]
        if len(run) < 8:
            continue
        if re.fullmatch(r"1[3-9][0-9]{9}", run):
            continue
        if len(run) == 18 or (len(run) == 17 and b < hi and text[b] in "Xx"):
            continue
        if a - lo >= 2 and re.fullmatch("[A-Z]{2}", text[a - 2:a]):
            continue
        return True
    return False


def _old_long_digit_run(text: str, lo: int, hi: int, size: int = 8) -> bool:
    run = 0
    for k in range(lo, hi):
        if text[k] in _DIGITS:
            run += 1
            if run >= size:
                return True
        else:
            run = 0
    return False


OLD_NOISE: dict[str, Callable[[str, int, int], bool]] = {
    "url": _old_noise_url,
    "numbers": _old_noise_numbers,
}


# address.cn_address (the tables and regexes it uses are unchanged: read from the module)


def _old_division_at(v: str, i: int, parent: Any) -> Any:
    by_first, _ = A._divisions()
    names = by_first.get(v[i]) if i < len(v) else None
    if not names:
        return None
    for name, divs in names.items():
        if v.startswith(name, i):
            for div in divs:
                if A._nests(div[0], div[1], parent):
                    return name, div
    return None


def _old_chain(v: str) -> tuple[int, int, int]:
    _, is_short = A._divisions()
    for i in range(len(v)):
        first = _old_division_at(v, i, None)
        if first is None:
            continue
        name, div = first
        levels, end, parent = 1, i + len(name), div
        weak = is_short[name] or len(name) <= 2
        while True:
            j = end + 1 if end < len(v) and v[end] == " " else end
            nxt = _old_division_at(v, j, parent)
            if nxt is None:
                break
            levels, end, parent = levels + 1, j + len(nxt[0]), nxt[1]
        if weak and levels == 1:
            continue
        return i, end, levels
    return 0, 0, 0


def _old_detail_end(detail: str) -> int:
    for k, c in enumerate(detail):
        if c in A._PROSE:
            detail = detail[:k]
            break
    year = A._YEAR.search(detail)
    if year is not None:
        detail = detail[: year.start()]
    end = 0
    for m in A._NUMBERED.finditer(detail):
        end = m.end()
    for m in A._PLACE.finditer(detail, end):
        end = m.end()
    return end


def _old_cn_address(value: str) -> Verdict | None:
    start, end, levels = _old_chain(value)
    if levels:
        lead = end + 1 if end < len(value) and value[end] == " " else end
        detail = value[lead:]
        stop = _old_detail_end(detail)
        if stop < 2:
            return None
        part = detail[:stop]
        numbered = A._NUMBERED.search(part) is not None
        if not numbered and A._INSTITUTION.search(part):
            return None
        if numbered and not A._PLACE.search(part) and not A._BUILDING.search(part):
            return None
        verdict = OK if levels >= 2 and numbered else WEAK
        return _old_narrowed(verdict, value, start, lead + stop)
    m = A._DETAIL_ONLY.search(value)
    if m is None:
        return None
    begin = 0
    for k in range(m.start() - 1, -1, -1):
        if value[k] in A._BEFORE or value[k] in A._PROSE:
            begin = k + 1
            break
    if m.start() - begin < 1:
        return None
    stop = _old_detail_end(value[begin:])
    if stop < m.end() - begin:
        return None
    return _old_narrowed(WEAK, value, begin, begin + stop)


def _old_narrowed(verdict: Verdict, value: str, start: int, end: int) -> Verdict:
    if (start, end) == (0, len(value)):
        return verdict
    return Verdict(checked=verdict.checked, span=(start, end))


# financial.iban and iban_valid (the registry tables are unchanged: read from the module)

_IBAN_SEPARATORS = " -."


def _old_iban_valid(compact: str) -> bool:
    if not (compact.isascii() and compact.isalnum()):
        from stdnum import iban as std_iban

        return bool(std_iban.is_valid(compact))
    number = compact.upper()
    fmt = F._iban_format(number[:2])
    if fmt is None or int((number[4:] + number[:4]).translate(F._IBAN_BASE10)) % 97 != 1:
        return False
    _, shape, national = fmt
    return bool(shape.match(number[4:])) and (national is None or national(number))


def _old_iban(value: str) -> Verdict | None:
    fmt = F._iban_format(value[:2].upper())
    expected = fmt[0] if fmt else None
    if expected is None:
        return None
    n = end = 0
    for i, c in enumerate(value, 1):
        if c not in _IBAN_SEPARATORS:
            n += 1
            if n == expected:
                end = i
                break
    if n != expected or (end < len(value) and value[end] not in _IBAN_SEPARATORS):
        return None
    v = value[:end]
    raw = "".join(c for c in v if c not in _IBAN_SEPARATORS)
    if not _old_iban_valid(raw):
        return None
    span = (0, end) if end < len(value) else None
    detail = {"country": raw.upper()[:2]}
    plain = v == v.upper() and len({c for c in v if c in _IBAN_SEPARATORS}) <= 1
    if raw.upper() in published_examples():  # the registry's examples: low, test data
        return Verdict(checked=plain, severity=Severity.LOW,
                       detail={**detail, "test_data": "yes"}, span=span)
    if plain:
        return Verdict(detail=detail, span=span)
    return Verdict(checked=False, detail=detail, span=span)


# common.luhn_ok, common.patterned, financial.card_brand and payment_card

_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _old_luhn_ok(digits: str) -> bool:
    total = 0
    double = False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if double:
            d = _LUHN_DOUBLE[d]
        total += d
        double = not double
    return total % 10 == 0


def _old_patterned(d: str) -> bool:
    run = up = down = 1
    for k in range(1, len(d)):
        a, b = ord(d[k - 1]), ord(d[k])
        run = run + 1 if a == b else 1
        up = up + 1 if b == a + 1 else 1
        down = down + 1 if b == a - 1 else 1
        if run >= 6 or up >= 6 or down >= 6:
            return True
    return False


def _old_card_brand(d: str) -> str | None:
    n = len(d)
    for prefix, brand, lo, hi in F._card_bins():
        if d.startswith(prefix):
            if lo <= n <= hi:
                return brand
            break
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
            if 622126 <= p6 <= 622925 and n == 16 and _old_luhn_ok(d):
                return "discover"
            return "unionpay" if 16 <= n <= 19 else None
        p4 = int(d[:4])
        if (p4 == 6011 or p2 == 65 or 644 <= int(d[:3]) <= 649) and 16 <= n <= 19:
            return "discover"
        if p2 in (60, 63, 67) and 12 <= n <= 19:
            return "maestro"
        return None
    return None


def _old_payment_card(value: str) -> Verdict | None:
    d = digits_of(value)
    if not 13 <= len(d) <= 19:
        return None
    if len(d) != len(value) and not F._card_grouping_ok(value):
        return None
    brand = _old_card_brand(d)
    if brand is None:
        return None
    if d in F._test_cards():
        return Verdict(severity=Severity.LOW, detail={"brand": brand, "test_data": "yes"},
                       exact=True)
    if len(set(d)) < 3 or (len(value) == 18 and len(d) == 18 and _old_cn_ric(d) is not None):
        return None
    if _old_luhn_ok(d):
        if brand == "maestro" or _old_patterned(d) or (brand == "visa" and len(d) == 13):
            return Verdict(checked=False, detail={"brand": brand})
        return Verdict(detail={"brand": brand})
    if brand == "unionpay":
        return Verdict(
            checked=False, severity=Severity.MEDIUM, detail={"brand": brand, "luhn": "fail"}
        )
    return None


def _old_imei(value: str) -> Verdict | None:
    d = digits_of(value)
    if len(d) != 15 or len(set(d)) < 4 or not _old_luhn_ok(d):
        return None
    return OK


def _old_luhn(value: str) -> Verdict | None:
    d = digits_of(value)  # other scripts' digits: refused (a deliberate change since; it raised)
    return OK if d.isascii() and _old_luhn_ok(d) else None


# common.real_date, identity.cn_ric and cn_ric15

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _old_real_date(y: int, m: int, d: int, today: date | None = None) -> date | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    try:
        born = date(y, m, d)
    except ValueError:
        return None
    if born > (today or date.today()) or y < 1900:
        return None
    return born


def _old_cn_ric(value: str) -> Verdict | None:
    v = I._ungrouped(value).upper()
    if len(v) != 18 or not v[:17].isdigit():
        return None
    total = 0
    for c, w in zip(v[:17], _RIC_WEIGHTS, strict=True):
        total += (ord(c) - 48) * w
    if I._RIC_CHECK[total % 11] != v[17]:
        return None
    born = _old_real_date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    if born is None:
        return None
    detail = {"birth_date": born.isoformat(), "sex": "male" if int(v[16]) % 2 else "female"}
    if I._uscc_shaped(v) and I._uscc_ok(v):
        return Verdict(checked=False, detail=detail)
    return Verdict(detail=detail, boost=0.03 if v[:2] in I._PROVINCES else 0.0)


def _old_cn_ric15(value: str) -> Verdict | None:
    if len(value) == 17:
        parts = value.split(value[6])
        value = "".join(parts) if tuple(len(p) for p in parts) == (6, 6, 3) else ""
    if len(value) != 15 or not value.isdigit() or value[:2] not in I._PROVINCES:
        return None
    born = _old_real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    if born is None:
        return None
    return Verdict(checked=False, detail={"birth_date": born.isoformat()})


# address.en_address (its helpers are unchanged, bar _Tokens reading groups by index)


class _OldTokens(A._Tokens):
    def __init__(self, value: str) -> None:
        self.items = [(m.group(1) == ",", m.group(2), m.end()) for m in A._TOKEN.finditer(value)]


def _old_en_address(value: str) -> Verdict | None:
    mil = A._MILITARY.match(value)
    if mil is not None:
        return OK if mil.group(1) else WEAK
    t = _OldTokens(value)
    box = A._PO_BOX.match(value)
    if box is not None:
        k = next((i for i, item in enumerate(t.items) if item[2] == box.end()), -1)
        return A._verdict(t, k, value) if k >= 0 else None
    if len(t.items) < 3:
        return None
    k = A._street_end(t)
    if k < 0:
        return None
    return A._verdict(t, A._unit_end(t, k), value)


# contact.intl_phone and us_phone (phonenumbers' is_valid_number, region_code_for_number)


def _old_intl_phone_core(value: str) -> Verdict | None:
    import phonenumbers

    digits = digits_of(value)
    if re.match(r"(?:00)?861[3-9]", digits):  # PRC mobiles (Beijing's landlines are 10)
        return None
    if value[:1] == "+" and not C._known_country_code(digits):
        return None
    try:
        num = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    if num.country_code == 86 and re.match(r"1[3-9]", str(num.national_number)):
        return None
    region = phonenumbers.region_code_for_number(num) or "?"
    return Verdict(detail={"region": region})


def _old_intl_phone(value: str) -> Verdict | None:
    verdict = _old_intl_phone_core(value)
    cut = value
    for _ in range(2):
        if verdict is not None:
            break
        i = cut.rfind(" ")
        if i < 4:
            return None
        cut = cut[:i].rstrip(" -.")
        verdict = _old_intl_phone_core(cut)
        if verdict is not None:
            return Verdict(detail=verdict.detail, span=(0, len(cut)))
    return verdict


def _old_us_phone_core(value: str) -> Verdict | None:
    import phonenumbers

    d = digits_of(value)
    if len(d) == 11:
        d = d[1:]
    if len(d) != 10:
        return None
    try:
        num = phonenumbers.parse(d, "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    region = phonenumbers.region_code_for_number(num) or "US"
    return Verdict(detail={"region": region})


def _old_us_phone(value: str) -> Verdict | None:
    ext = re.search(r"x[0-9]{1,6}$", value)
    if ext is not None and ext.start() > 0:  # an extension glued on: the number before it
        head = _old_us_phone(value[:ext.start()])
        return None if head is None else Verdict(checked=head.checked, detail=head.detail,
                                                 span=(0, ext.start()))
    verdict = _old_us_phone_core(value)
    if verdict is None:
        return None
    if C._US_STRICT.fullmatch(value):
        return verdict
    return Verdict(checked=False, detail=verdict.detail)


# basic.person_name (_en_name_end and the tables are unchanged: read from the module)


def _old_person_name(value: str) -> Verdict | None:
    if value[0] in B._CELL_DELIMS:
        i, j = 1, len(value)
        while i < j and value[i] in B._NAME_PAD:
            i += 1
        while j > i and value[j - 1] in B._NAME_PAD:
            j -= 1
        cell = value[i:j]
        if not cell or cell in B._NAME_STOPS:  # (a header's label: "单位")
            return None
        end = _old_cn_name_end(cell) if "\u4e00" <= cell[0] <= "\u9fff" else B._en_name_end(cell)
        if end != len(cell):
            return None
        return Verdict(checked=False, span=(i, j))
    k = 0
    n = len(value)
    while k < n and value[k] not in B._LABEL_SEPS:
        k += 1
    label = value[:k].strip(" \t\"'")
    k += 1
    while k < n and value[k] in B._NAME_PAD:
        k += 1
    if k >= n:
        return None
    rest = value[k:]
    # (Korean and Japanese names: the module's own _ko_name_end and _ja_name_end)
    if "\uac00" <= rest[0] <= "\ud7a3":
        end = B._ko_name_end(rest)
    elif label in B._JA_LABELS:
        end = B._ja_name_end(rest)
    else:
        end = (_old_cn_name_end(rest) if "\u4e00" <= rest[0] <= "\u9fff"
               else B._en_name_end(rest))
    if end is None:
        return None
    if end < 0:
        return Verdict(severity=Severity.LOW, detail={"test_data": "yes"}, span=(k, k - end))
    return Verdict(span=(k, k + end))


def _old_cn_name_end(value: str) -> int | None:
    single, compound = B._surnames()
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
        if c in B._NAME_STOP_FIRST and (c in "男女" or value[i : i + 2] in B._NAME_STOPS):
            end = i
            break
    end = min(end, sl + 2)
    if end - sl < 1:
        return None
    for i in range(sl, end):
        if not "\u4e00" <= value[i] <= "\u9fff":
            return None
    return end


# common.digits_of, identity.us_ssn


def _old_digits_of(value: str) -> str:
    if value.isdigit():
        return value
    return "".join(c for c in value if c in _DIGITS)


def _old_each_group_repeats(d: str, sizes: tuple[int, ...]) -> bool:
    i = 0
    for n in sizes:
        g = d[i : i + n]
        if g != g[0] * n:
            return False
        i += n
    return True


def _old_us_ssn(value: str) -> Verdict | None:
    d = _old_digits_of(value)
    if len(d) != 9:
        return None
    if d[:3] in ("000", "666") or d[0] == "9" or d[3:5] == "00" or d[5:] == "0000":
        return None
    if d in I._SSN_INVALID or d == d[0] * 9 or _old_each_group_repeats(d, (3, 2, 4)):
        return None
    if d.startswith("12345"):  # a deliberate change since: the counting placeholder 123-45-xxxx
        return None
    if len(value) == 11 and value[3] == "-" and value[6] == "-":
        return OK
    return WEAK

def _old_ip_address(value: str) -> Verdict | None:
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


# #OLD_VALIDATORS#

OLD_VALIDATORS: dict[str, Callable[[str], Verdict | None]] = {
    "cn_address": _old_cn_address,
    "iban": _old_iban,
    "payment_card": _old_payment_card,
    "cn_ric": _old_cn_ric,
    "en_address": _old_en_address,
    "intl_phone": _old_intl_phone,
    "person_name": _old_person_name,
    "us_ssn": _old_us_ssn,
    "us_phone": _old_us_phone,
    "cn_ric15": _old_cn_ric15,
    "imei": _old_imei,
    "luhn": _old_luhn,
    "ip_address": _old_ip_address,
}

# --- the candidates -------------------------------------------------------------------------


def _gen_corpus() -> Any:
    spec = importlib.util.spec_from_file_location("_gen_corpus", ROOT / "bench" / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_KINDS = ("note_zh", "note_en", "dnote_zh", "code", "log", "dlog", "metrics", "json", "djson",
          "export_zh", "export_en", "config")  # fmt: skip


def _texts() -> Iterator[str]:
    gen = _gen_corpus()
    for n, kind in enumerate(_KINDS):
        for seed in (1, 2):
            yield gen._text_for(kind, random.Random(1000 * n + seed), 40_000, True)[1]
    from synth.labelled import contact14_docs, financial14_docs
    from synth.labelled_address import address_docs
    from synth.labelled_widths import widths14_docs

    docs = [*contact14_docs(3), *financial14_docs(3, TODAY), *(d for _, d in address_docs(3)),
            *widths14_docs(3, TODAY)]  # fmt: skip
    for doc in docs:
        yield doc.text()[0]


def _planted() -> Iterator[str]:
    from synth.labelled import Plant, contact14_docs, financial14_docs
    from synth.labelled_address import address_docs

    docs = [*contact14_docs(4), *financial14_docs(4, TODAY), *(d for _, d in address_docs(4))]
    for doc in docs:
        for line in [*doc.lines, *(doc.table or [])]:
            for seg in line:
                if isinstance(seg, Plant):
                    yield seg.value


@cache
def corpus() -> tuple[dict[str, set[str]], dict[str, list[tuple[str, int, int]]]]:
    """Candidate values by validator name, and (text, start, end) by noise check name."""
    rules = [r for r in load_rules() if r.kind == "pattern" and r.regex is not None]
    values: dict[str, set[str]] = {name: set() for name in VALIDATORS}
    spans: dict[str, list[tuple[str, int, int]]] = {name: [] for name in NOISE_CHECKS}
    for raw in _texts():
        wide = fold(raw, None, None)
        for text in (raw,) if wide is None else (raw, wide.text):
            for rule in rules:
                assert rule.regex is not None
                group = rule.regex.groupindex.get("v", 0)
                for m in rule.regex.finditer(text):
                    start, end = m.span(group)
                    if start < 0:
                        continue
                    if rule.validator_name:
                        values[rule.validator_name].add(text[start:end])
                    for name in rule.noise:
                        spans[name].append((text, start, end))
                        # the span a narrowed verdict leaves, too
                        spans[name].append((text, start + 1, end))
    extra = set(_planted())
    for rule in rules:
        extra.update(rule.examples_match)
        extra.update(rule.examples_no_match)
    for name in values:
        values[name] |= extra
    return values, spans


def _same(old: Any, new: Any) -> bool:
    """The same verdict (all fields), None, or the same exception type (from `_outcome`)."""
    if not isinstance(old, Verdict) or not isinstance(new, Verdict):
        return old is new
    return (old.checked, old.severity, dict(old.detail), old.boost, old.span) == (
        new.checked, new.severity, dict(new.detail), new.boost, new.span)  # fmt: skip


# --- on the corpus ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OLD_NOISE))
def test_noise_check_same_on_corpus(name: str) -> None:
    spans = corpus()[1][name]
    assert len(spans) > 1000
    new = NOISE_CHECKS[name]
    old = OLD_NOISE[name]
    fired = 0
    for text, start, end in spans:
        expected = old(text, start, end)
        assert new(text, start, end) == expected, (name, text[max(0, start - 80) : end + 80])
        fired += expected
    assert 0 < fired < len(spans)


@pytest.mark.parametrize("name", sorted(OLD_VALIDATORS))
def test_validator_same_on_corpus(name: str) -> None:
    values = corpus()[0][name]
    new = VALIDATORS[name]
    old = OLD_VALIDATORS[name]
    accepted = 0
    for value in sorted(values):
        expected = old(value)
        assert _same(expected, new(value)), (name, value)
        accepted += expected is not None
    assert accepted > 0


# --- generated strings ------------------------------------------------------------------------


def _outcome(f: Callable[..., Any], *args: Any) -> Any:
    """f's answer, or the type of the exception it raised."""
    try:
        return f(*args)
    except Exception as exc:
        return type(exc)


_digits = st.text(alphabet="0123456789", max_size=24)
_card_like = st.one_of(
    _digits,
    st.builds(lambda head, tail: head + tail,
              st.sampled_from(["4", "51", "55", "2221", "2720", "34", "37", "3528", "3589", "300",
                               "36", "3095", "62", "622126", "622925", "6011", "65", "644", "60",
                               "63", "67", "50", "56", "676770", "5019", "4571", "6759"]),
              _digits),
    st.text(alphabet="0123456789 -٣０x", max_size=24),
)  # fmt: skip


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_card_like, st.text(max_size=20)), st.data())
def test_card_checks_same_on_generated(value: str, data: st.DataObject) -> None:
    if data.draw(st.booleans()) and len(value) >= 4:  # grouped as printed on cards
        sep = data.draw(st.sampled_from([" ", "-"]))
        value = sep.join(value[k : k + 4] for k in range(0, len(value), 4))
    for name, old in (("payment_card", _old_payment_card), ("imei", _old_imei),
                      ("luhn", _old_luhn)):  # fmt: skip
        assert _same(_outcome(old, value), _outcome(VALIDATORS[name], value)), (name, value)
    assert _outcome(_old_luhn_ok, value) == _outcome(luhn_ok, value), value
    assert _outcome(_old_patterned, value) == _outcome(patterned, value), value
    d = value.replace(" ", "").replace("-", "")
    assert _outcome(_old_card_brand, d) == _outcome(F.card_brand, d), d


def test_card_check_edges() -> None:
    for value in ["", "0", "00", "1234567890", "123456", "012345", "543210", "987654", "898989",
                  "111111", "11111", "1111٣1111", "٣٣٣٣٣٣", "/", "0/", "9:;<=>", "@ABCDE", ":98765",
                  "4111111111111111", "4111 1111 1111 1111", "6759000000000000000"]:  # fmt: skip
        assert _outcome(_old_luhn_ok, value) == _outcome(luhn_ok, value), value
        assert _outcome(_old_patterned, value) == _outcome(patterned, value), value
        assert _outcome(_old_card_brand, value) == _outcome(F.card_brand, value), value


def _ric(head: str, born: str, seq: str, check: str) -> str:
    """A resident ID of the given parts, with its right check character unless `check`."""
    from synth.people import ric_check

    body = (head + born + seq)[:17]
    return body + (check or ric_check(body)) if len(body) == 17 else body


_ric_like = st.one_of(
    st.builds(_ric, st.sampled_from(["110108", "440305", "910000", "000000", "٣٣٣٣٣٣", "1101０8"]),
              st.sampled_from(["19800523", "20000229", "19000229", "18991231", "20991231",
                               "19801332", "19800431", "19800001", str(TODAY.year + 1) + "0101",
                               date.today().strftime("%Y%m%d")]),
              st.text(alphabet="0123456789", min_size=3, max_size=3),
              st.sampled_from(["", "", "", "X", "x", "0", "٣"])),
    st.text(alphabet="0123456789Xx -٣", max_size=24),
)  # fmt: skip


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(_ric_like, st.data())
def test_cn_ric_same_on_generated(value: str, data: st.DataObject) -> None:
    if data.draw(st.booleans()) and len(value) == 18:  # grouped: 6-8-4, 6-4-4-4, 4-4-4-4-2
        cuts = data.draw(st.sampled_from([(6, 14), (6, 10, 14), (4, 8, 12, 16), (5, 12)]))
        sep = data.draw(st.sampled_from([" ", "-"]))
        parts = [value[a:b] for a, b in zip((0, *cuts), (*cuts, 18), strict=True)]
        value = sep.join(parts)
    for name, old in (("cn_ric", _old_cn_ric), ("cn_ric15", _old_cn_ric15),
                      ("payment_card", _old_payment_card)):  # fmt: skip
        assert _same(_outcome(old, value), _outcome(VALIDATORS[name], value)), (name, value)
    fifteen = value[:6] + value[8:17]
    assert _same(_outcome(_old_cn_ric15, fifteen), _outcome(VALIDATORS["cn_ric15"], fifteen))


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(-5, 3000), st.integers(-2, 14), st.integers(-2, 33),
       st.one_of(st.none(), st.dates()))  # fmt: skip
def test_real_date_same(y: int, m: int, d: int, today: date | None) -> None:
    assert _old_real_date(y, m, d, today) == real_date(y, m, d, today)


_EN_PARTS = ["PSC", "psc", "Pſc", "UNIT", "UNıT", "BOX", "BOⅩ", "USS", "uſs", "APO", "AE", "PO BOX",
             "P.O. Box", "Post Office Box", "12", "3191", "2845", "12345", "12345-6789", "Main",
             "St", "Street", "Apt", "#", "4B", "N", "North", "Highway", "61", "Springfield",
             "IL", "CA", "K", "ſ", "ı", "ﬀ", ",", " ", ", ", "\n", "Oak", "Ave", "1st", "The"]  # fmt: skip
_en_address = st.lists(st.one_of(st.sampled_from(_EN_PARTS), st.text(max_size=2)),
                       max_size=12).map(" ".join)  # fmt: skip


@settings(max_examples=700, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_en_address, st.text(alphabet="0123456789 -.#ſKı()+", max_size=20)))
def test_en_address_same_on_generated(value: str) -> None:
    assert _same(_outcome(_old_en_address, value), _outcome(VALIDATORS["en_address"], value)), value


_phone_like = st.builds(
    lambda plus, cc, rest: plus + cc + rest,
    st.sampled_from(["+", "+", "00", ""]),
    st.sampled_from(["1", "1 ", "44", "49 ", "33", "81-", "86", "86 1", "852", "886", "7", "999",
                     "1 (415) ", "1-415-", "44 20 ", "1 684 ", "1 876 "]),
    st.text(alphabet="0123456789 -.()", max_size=16),
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_phone_like, st.text(alphabet="0123456789 -+()٣", max_size=18)))
def test_phones_same_on_generated(value: str) -> None:
    for name, old in (("intl_phone", _old_intl_phone), ("us_phone", _old_us_phone)):
        assert _same(_outcome(old, value), _outcome(VALIDATORS[name], value)), (name, value)


def test_phones_same_on_every_region_example() -> None:
    """phonenumbers' example number of every region (valid), in three formats, and cut short."""
    import phonenumbers

    fmt = phonenumbers.PhoneNumberFormat
    values = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        num = phonenumbers.example_number(region)
        if num is None:
            continue
        for f in (fmt.INTERNATIONAL, fmt.E164, fmt.NATIONAL):
            text = phonenumbers.format_number(num, f)
            values += [text, text[:-1], text + " 12"]
    accepted = 0
    for value in values:
        for name, old in (("intl_phone", _old_intl_phone), ("us_phone", _old_us_phone)):
            expected = _outcome(old, value)
            assert _same(expected, _outcome(VALIDATORS[name], value)), (name, value)
            accepted += isinstance(expected, Verdict)
    assert accepted > 200


_NAME_PARTS = ["姓名", "name", "Name", ":", "：", "=", '"', "'", " ", "\t", "\n", ",", "|", "张", "王",
               "欧阳", "司马", "李", "明", "华", "三", "先生", "性别", "男", "女", "电话", "John",
               "Doe", "Jane", "Smith", "Mary-Ann", "Phone", "Test", "User", "a", "1", "Ⅱ"]  # fmt: skip
_name_like = st.one_of(
    st.lists(st.sampled_from(_NAME_PARTS), min_size=1, max_size=8).map("".join),
    st.builds(lambda *parts: "".join(parts), st.sampled_from(["姓名", "name", "\n", ",", "|"]),
              st.sampled_from(["：", "=", '": "', "", " "]), st.sampled_from(["", " ", '"']),
              st.sampled_from(["张", "欧阳", "李", "John ", "Jane ", "A", "某"]),
              st.text(alphabet="明华三男女先生性别电话 Doe", max_size=4),
              st.sampled_from(["", '"', " ", ",", "\t"])),
)  # fmt: skip


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_name_like, st.text(min_size=1, max_size=12)))
def test_person_name_same_on_generated(value: str) -> None:
    assert _same(_outcome(_old_person_name, value), _outcome(VALIDATORS["person_name"], value)), (
        value)


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(alphabet="0123456789- ٣０x+()", max_size=14), st.text(max_size=12)))
def test_digits_and_ssn_same_on_generated(value: str) -> None:
    assert _old_digits_of(value) == digits_of(value), value
    for ssn in (value, value[:3] * 3, "-".join((value[:1] * 3, value[1:2] * 2, value[2:3] * 4))):
        assert _same(_outcome(_old_us_ssn, ssn), _outcome(VALIDATORS["us_ssn"], ssn)), ssn


def _division_names() -> list[str]:
    by_first, _ = A._divisions()
    return sorted(name for names in by_first.values() for name in names)


_ADDRESS_PARTS = ["号", "号楼", "栋", "单元", "室", "路", "街", "小区", "村", "组", "座", "弄", "院",
                  "医院", "公司", "年", "的", "在", " ", "-", "#", "（", "：", ",", "B", "12", "3",
                  "2023", "十", "三", "华庭", "大厦", "市", "区", "省", "县", "城区", "东区"]  # fmt: skip
_address = st.lists(
    st.one_of(st.sampled_from(_ADDRESS_PARTS), st.sampled_from(_division_names()),
              st.text(alphabet="0123456789省市区县路号栋的张", max_size=3)),
    max_size=10,
).map("".join)  # fmt: skip


def _with_check_digits(country: str, digits: str) -> str:
    """An IBAN of `country`'s length with right check digits (GB, NL: a bank code first)."""
    from synth.people import iban_check_digits

    fmt = F._iban_format(country)
    assert fmt is not None
    bban = ("NWBK" if country in ("GB", "NL") else "") + digits * 4
    bban = bban[: fmt[0] - 4]
    return country + iban_check_digits(country, bban) + bban


_COUNTRIES = ["DE", "GB", "NL", "ES", "BE", "NO", "ME", "FR", "CH", "IT", "de", "Gb", "XX", "1A"]
_iban_like = st.one_of(
    st.builds(_with_check_digits, st.sampled_from(["DE", "GB", "NL", "ES", "BE", "NO", "ME", "FR"]),
              st.text(alphabet="0123456789", min_size=10, max_size=30)),
    st.builds(lambda c, b: c + b, st.sampled_from(_COUNTRIES),
              st.text(alphabet="0123456789ABCDEFabcdef -.٣０ßİ", max_size=40)),
)  # fmt: skip


@settings(max_examples=700, deadline=None, suppress_health_check=list(HealthCheck))
@given(_iban_like, st.data())
def test_iban_same_on_generated(value: str, data: st.DataObject) -> None:
    if value and data.draw(st.booleans()):  # separators put in, characters glued on
        k = data.draw(st.integers(0, len(value)))
        value = value[:k] + data.draw(st.sampled_from([" ", "-", ".", "  ", "x", "0"])) + value[k:]
    assert _same(_old_iban(value), VALIDATORS["iban"](value)), value
    compact = value.replace(" ", "")
    assert _old_iban_valid(compact) == F.iban_valid(compact), compact


@settings(max_examples=700, deadline=None, suppress_health_check=list(HealthCheck))
@given(_address)
def test_cn_address_same_on_generated(value: str) -> None:
    assert _same(_old_cn_address(value), VALIDATORS["cn_address"](value)), value

_SHAPE_CHARS = (
    "0123456789" * 4 + "abcdefABCDEFxX" + " \t\n-.,/#%&?:;|\"'()[]{}<>`_=@+*"
    + "０１２３４５６７８９٣۴९" + "省市区路号栋室村张王李" + "•＊●·（）：，"
)  # fmt: skip
_shaped = st.text(alphabet=st.sampled_from(_SHAPE_CHARS), max_size=60)
_any = st.text(max_size=40)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_shaped, _any), st.data())
def test_noise_checks_same_on_generated(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for name, old in OLD_NOISE.items():
        assert NOISE_CHECKS[name](text, start, end) == old(text, start, end), name


def test_regex_classes_are_the_sets_they_replace() -> None:
    """The noise checks' and digits_of's regex classes hold exactly DIGITS / the hex digits
    (no full-width or other Unicode digit: `[0-9]` is not `\\d`)."""
    from scanners.detection.validators import common, noise

    chars = [chr(i) for i in range(0x30000)]
    assert {c for c in chars if noise._ASCII_DIGIT.fullmatch(c)} == common.DIGITS == _DIGITS
    assert {c for c in chars if noise._HEX_RUN.fullmatch(c)} == noise._HEX_CHARS == _HEX_CHARS
    assert {c for c in chars if common._DIGIT_RUNS.fullmatch(c)} == common.DIGITS
    assert {c for c in chars if noise._LAST_STOP.fullmatch(c)} == _TOKEN_STOP


@pytest.mark.parametrize("name", sorted(OLD_NOISE))
def test_noise_check_edges(name: str) -> None:
    texts = ["", "1", "12345678", "1234567 8", " 12ab", "x 1234 ", "\t1234\t", "abcd 12345678 efgh",
             "0x12345678", "www.a/4111111111111111", "a://b 4111", "12345678\n4111111111111111",
             "٣٣٣٣٣٣٣٣ 4111111111111111 ٣٣٣٣", "４１１１１１１１ 4111 ", "dead 4111 beef",
             "deadbeef_ 4111 _cafe1234", "1234é 4111 1234é", "x" * 300 + "4111" + "1" * 300]
    for text in texts:
        for start in range(len(text) + 1):
            for end in range(start, min(len(text), start + 20) + 1):
                assert NOISE_CHECKS[name](text, start, end) == OLD_NOISE[name](text, start, end), (
                    text, start, end)


def _ipv4_edges() -> list[str]:
    """Every edge of the networks ipaddress decides an IPv4 address's kind by, and either
    side of it."""
    table = B._ipv4_table()
    assert table is not None  # (CPython 3.11-3.13 keep them in ipaddress._IPv4Constants)
    out = []
    for start in table[0]:
        for n in (start - 1, start, start + 1):
            out.append(str(ipaddress.IPv4Address(n % 2**32)))
    return out


def test_ip_address_same_on_every_range_edge_and_random_addresses() -> None:
    r = random.Random(5)
    values = _ipv4_edges() + [str(ipaddress.IPv4Address(r.randrange(2**32)))
                              for _ in range(20_000)]
    assert len(values) > 20_050
    public = 0
    for value in values:
        expected = _old_ip_address(value)
        assert _same(expected, B.ip_address(value)), value
        public += expected is not None
    assert 0 < public < len(values)


_octet = st.one_of(st.integers(0, 300).map(str), st.sampled_from(["00", "01", "010", "٣", "", "a"]))


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.lists(_octet, min_size=3, max_size=5).map(".".join),
                 st.text(alphabet="0123456789.:abcdef", max_size=20)))
def test_ip_address_same_on_generated(value: str) -> None:
    assert _same(_outcome(_old_ip_address, value), _outcome(B.ip_address, value)), value
