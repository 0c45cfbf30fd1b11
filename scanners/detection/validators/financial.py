"""Financial validators (`resources/rules/financial.toml`): payment cards (Luhn,
brands, published test numbers, masked forms), expiry and CVV, IBAN (ISO 13616), payment
platform keys and merchant ids.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from scanners.detection.validators.common import (
    DIGITS,
    MASK_CHARS,
    OK,
    WEAK,
    Verdict,
    data_lines,
    digits_of,
    is_placeholder,
    looks_random,
    luhn_ok,
    mask_count,
    patterned,
    published_examples,
)
from scanners.detection.validators.identity import cn_ric
from scanners.detection.validators.keccak import keccak256
from scanners.model import Severity

# --- payment cards ----------------------------------------------------------------------

@cache
def _test_cards() -> frozenset[str]:
    """Published test numbers (PayPal, Stripe, Braintree, Adyen, Worldpay, ...): real-looking,
    but test data (resources/data/test_cards.txt)."""
    return frozenset(line.split()[0] for line in data_lines("test_cards.txt"))


# A published test number's verdict: known exactly, so no noise check refuses it (a row of
# test vectors: "4012888888881881 4012-8888-8888-1881"); its severity is low wherever it is.
_TEST_VERDICTS: dict[str, Verdict] = {}


def _test_verdict(brand: str) -> Verdict:
    verdict = _TEST_VERDICTS.get(brand)
    if verdict is None:
        verdict = _TEST_VERDICTS[brand] = Verdict(
            severity=Severity.LOW, detail={"brand": brand, "test_data": "yes"}, exact=True)
    return verdict


@cache
def _card_bins() -> tuple[tuple[str, str, int, int], ...]:
    """(prefix, brand, min length, max length) from resources/data/card_bins.txt, longest
    prefix first."""
    out: list[tuple[str, str, int, int]] = []
    for line in data_lines("card_bins.txt"):
        prefix, brand, lengths = line.split()
        lo, _, hi = lengths.partition("-")
        out.append((prefix, brand, int(lo), int(hi or lo)))
    return tuple(sorted(out, key=lambda b: len(b[0]), reverse=True))


@cache
def _card_bin_prefixes() -> tuple[str, ...]:
    return tuple(b[0] for b in _card_bins())


def card_brand(d: str) -> str | None:
    n = len(d)
    if d.startswith(_card_bin_prefixes()):  # one C-level test first: most numbers are in none
        for prefix, brand, lo, hi in _card_bins():
            if d.startswith(prefix):
                if lo <= n <= hi:
                    return brand
                break  # a co-branded range of another length: the brand rules below decide
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
    if d in _test_cards():
        return _test_verdict(brand)
    if len(set(d)) < 3 or (len(value) == 18 and len(d) == 18 and cn_ric(d) is not None):
        return None  # an 18-digit run that is a valid resident ID is the ID, not a card
    if luhn_ok(d):
        if brand == "maestro" or patterned(d) or (brand == "visa" and len(d) == 13):
            # Maestro's 50/56-58/6x ranges overlap resident IDs (50 = Chongqing) and serials;
            # a number with a long run of one digit or a counting run is a test vector,
            # a constant or a made-up example more often than an issued card; 13-digit Visa
            # cards have not been issued for decades, and a phone number written as digits
            # (+4915173902649, a German mobile) passes as one: keyword only.
            return _brand_verdict(brand, False)
        return _brand_verdict(brand, True)
    if brand == "unionpay":
        # UnionPay numbers are not reliably Luhn-valid: keep them, but only with a card keyword.
        return Verdict(
            checked=False, severity=Severity.MEDIUM, detail={"brand": brand, "luhn": "fail"}
        )
    return None


# The verdicts of an accepted card, one per brand and test, made once rather than per card:
# verdicts are read-only (the detector hands a verdict's `detail` to its matches as it is).
_BRAND_VERDICTS: dict[tuple[str, bool], Verdict] = {}


def _brand_verdict(brand: str, checked: bool) -> Verdict:
    verdict = _BRAND_VERDICTS.get((brand, checked))
    if verdict is None:
        verdict = Verdict(checked=checked, detail={"brand": brand})
        _BRAND_VERDICTS[brand, checked] = verdict
    return verdict


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


def card_masked(value: str) -> Verdict | None:
    """A masked card number: 13-19 positions, >= 4 masked, leading digits of a known brand."""
    masked = mask_count(value)
    digits = digits_of(value)
    if masked < 4 or not 13 <= masked + len(digits) <= 19 or len(digits) > 11:
        return None
    tail = len(value) - len(value.rstrip("0123456789"))
    if tail == 3 and masked + len(digits) != 19:
        return None  # the last three shown: a 19-digit card's mask ("6227 **** **** **** 123")
    if len(digits) == 11 and (tail != 3 or masked < 8):
        return None  # eight and three shown ("6228 4804 **** **** 018"), never more
    head = value[:6]
    if value[0] in MASK_CHARS:
        return Verdict(detail={"masked": "yes"})  # "**** **** **** 0123"
    lead = ""
    for c in head:
        if c in DIGITS:
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


_IBAN_SEPARATORS = " -."
# Letters as ISO 7064 reads them (A=10 ... Z=35), for the mod-97 check on an upper-case string.
_IBAN_BASE10 = str.maketrans({chr(c): str(c - 55) for c in range(ord("A"), ord("Z") + 1)})


@cache
def _iban_format(country: str) -> tuple[int, re.Pattern[str], Callable[[str], bool] | None] | None:
    """The IBAN length, BBAN shape and national check (None when python-stdnum has none) for
    `country`, from python-stdnum's copy of the SWIFT IBAN registry."""
    from stdnum import iban as std_iban

    info = std_iban._ibandb.info(country + "00")
    bban = info[0][1].get("bban", "") if info and info[0][1] else ""
    if not bban:
        return None
    length = 4 + sum(int(n) for n in re.findall(r"([0-9]+)!?[nac]", str(bban)))
    module = std_iban._get_cc_module(country)
    national = None if module is None else _national_check(country, module)
    return length, std_iban._struct_to_re(str(bban)), national


def _national_check(country: str, module: Any) -> Callable[[str], bool]:
    """python-stdnum's national IBAN check without the generic IBAN checks it runs again
    first (`stdnum.iban.validate` compiles the BBAN regex on each call: about 200 µs once
    other patterns have pushed it out of `re`'s cache). The check is the one of each module's
    `validate`; a country not listed here (a newer python-stdnum) runs the whole module."""
    if country == "ES":
        from stdnum.es import ccc

        # The BBAN's shape already holds it to 20 ASCII digits, which `ccc.compact` (70 µs:
        # it folds Unicode dashes) would leave as they are: only the two check digits remain.
        digit = getattr(ccc, "_calc_check_digit", None)
        if digit is not None:
            return lambda n: n[12:14] == digit("00" + n[4:12]) + digit(n[14:])
        return lambda n: bool(ccc.is_valid(n[4:]))
    if country == "NO":
        from stdnum.no import kontonr

        return lambda n: bool(kontonr.is_valid(n[4:]))
    check_digits = getattr(module, "_calc_check_digits", None)
    if country == "BE" and check_digits is not None:
        # The national mod-97 only: python-stdnum's `validate` also looks the bank code up in
        # its copy of the National Bank's list, which lags the banks (BE68 5390 0754 7034,
        # the registry's own example, is refused for its 539).
        return lambda n: n[-2:] == check_digits(n[4:-2])
    checksum = getattr(module, "_checksum", None)
    if country == "ME" and checksum is not None:
        return lambda n: bool(checksum(n[4:]) == 1)
    return lambda n: bool(module.is_valid(n))


def iban_valid(compact: str) -> bool:
    """`stdnum.iban.is_valid(compact)` for a value without separators, about 20x faster: the
    mod-97 sum and the registry's BBAN shape in plain Python first, python-stdnum's national
    check (Belgium, Spain, Montenegro, Norway) only on what passes them. Anything but ASCII
    letters and digits (which `int(c, 36)` or `upper()` might read differently) goes to
    python-stdnum as it is."""
    if not (compact.isascii() and compact.isalnum()):
        from stdnum import iban as std_iban

        return bool(std_iban.is_valid(compact))
    number = compact.upper()
    fmt = _iban_format(number[:2])
    if fmt is None:
        return False
    bban = number[4:]
    if bban.isdigit():  # most BBANs: only the country code's letters to read as numbers
        table = _ISO7064
        rotated = bban + table[number[0]] + table[number[1]] + table[number[2]] + table[number[3]]
    else:
        rotated = (bban + number[:4]).translate(_IBAN_BASE10)
    if int(rotated) % 97 != 1:
        return False
    _, shape, national = fmt
    return bool(shape.match(bban)) and (national is None or national(number))


# ISO 7064's reading of each character (digits as they are), for _IBAN_BASE10's common case.
_ISO7064 = {c: str(int(c, 36)) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
# The first `n` characters that are not separators, and the separators before them.
_IBAN_HEAD: dict[int, re.Pattern[str]] = {}


def _iban_head(n: int) -> re.Pattern[str]:
    head = _IBAN_HEAD.get(n)
    if head is None:
        head = _IBAN_HEAD[n] = re.compile(f"(?:[ .-]*[^ .-]){{{n}}}")
    return head


def _iban_example(country: str, plain: bool) -> Verdict:
    """The SWIFT registry's and tutorials' example IBANs (DE89 3704 0044 0532 0130 00):
    test data, low; in lower case or mixed separators only with a keyword, as any IBAN."""
    return Verdict(checked=plain, severity=Severity.LOW,
                   detail={"country": country, "test_data": "yes"})


def iban(value: str) -> Verdict | None:
    """ISO 13616 IBAN: the registry length and BBAN format for the country, mod-97 = 1 and the
    national BBAN checks (python-stdnum). Spaces, dashes or dots anywhere between characters
    and lower case are accepted; the value is cut at the country's length. Lower case or
    mixed separators need a keyword (IBAN, account ...)."""
    fmt = _iban_format(value[:2].upper())
    if fmt is None:
        return None
    expected = fmt[0]
    if " " not in value and "-" not in value and "." not in value:
        # No separator (most candidates): the value is the IBAN or glued to more characters.
        if len(value) != expected or not iban_valid(value):
            return None
        detail = {"country": value.upper()[:2]}
        if value.upper() in published_examples():
            return _iban_example(detail["country"], value == value.upper())
        if value == value.upper():
            return Verdict(detail=detail)
        return Verdict(checked=False, detail=detail)
    head = _iban_head(expected).match(value)
    if head is None:
        return None  # too short
    end = head.end()
    if end < len(value) and value[end] not in _IBAN_SEPARATORS:
        return None  # glued to more characters without a separator
    v = value[:end]
    raw = v.replace(" ", "").replace("-", "").replace(".", "")
    if not iban_valid(raw):
        return None
    span = (0, end) if end < len(value) else None
    detail = {"country": raw.upper()[:2]}
    if raw.upper() in published_examples():
        plain = v == v.upper() and (" " in v) + ("-" in v) + ("." in v) <= 1
        return dataclasses.replace(_iban_example(detail["country"], plain), span=span)
    if v == v.upper() and (" " in v) + ("-" in v) + ("." in v) <= 1:
        return Verdict(detail=detail, span=span)  # upper case, one kind of separator
    return Verdict(checked=False, detail=detail, span=span)


def stripe_key(value: str) -> Verdict | None:
    body = value[8:]
    if not looks_random(body):
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
    if len(value) < 100 or not looks_random(value, 3):
        return None
    # RSA private keys in PKCS#8/PKCS#1 base64 start "MIIE"/"MIIC" and run ~1600 chars;
    # public keys ("MIIBIj") are ~390 chars.
    if value.startswith("MIIBI") or len(value) < 600:
        return Verdict(severity=Severity.LOW, detail={"type": "public_key"})
    return Verdict(detail={"type": "private_key"})


def wechatpay_key(value: str) -> Verdict | None:
    if len(value) != 32 or not looks_random(value) or is_placeholder(value):
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


# --- Bitcoin addresses ---------------------------------------------------------------------

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_VALUES = {c: i for i, c in enumerate(_BASE58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_VALUES = {c: i for i, c in enumerate(_BECH32)}
_BECH32_CONST, _BECH32M_CONST = 1, 0x2BC830A3
# Base58Check's version byte: a key hash (1...) or a script hash (3...) on the main network
_LEGACY_VERSIONS = {0x00: "p2pkh", 0x05: "p2sh"}


def _base58check(value: str) -> int | None:
    """The version byte of a Base58Check string of 25 bytes whose checksum (the first four
    bytes of the double SHA-256 of the rest) holds, else None."""
    number = 0
    for c in value:
        digit = _BASE58_VALUES.get(c)
        if digit is None:
            return None
        number = number * 58 + digit
    pad = len(value) - len(value.lstrip("1"))  # each leading "1" is a zero byte
    try:
        raw = b"\0" * pad + number.to_bytes((number.bit_length() + 7) // 8, "big")
    except OverflowError:  # pragma: no cover - to_bytes sizes itself
        return None
    if len(raw) != 25:
        return None
    payload, checksum = raw[:21], raw[21:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload[0]


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= generator[i] if (top >> i) & 1 else 0
    return chk


def _segwit(value: str) -> str | None:
    """The kind of a main-network segwit address (BIP 173 bech32 for version 0, BIP 350
    bech32m for 1-16) whose checksum holds, in one case throughout, else None."""
    if value != value.lower() and value != value.upper():
        return None
    v = value.lower()
    hrp, _, data = v.rpartition("1")
    if hrp != "bc" or not 8 <= len(data) <= 87:
        return None
    values = [_BECH32_VALUES.get(c, -1) for c in data]
    if -1 in values:
        return None
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _bech32_polymod(expanded + values)
    version, program = values[0], values[1:-6]
    if version > 16 or const != (_BECH32_CONST if version == 0 else _BECH32M_CONST):
        return None
    size = len(program) * 5 // 8  # the witness program's bytes (5-bit groups, padding cut)
    if version == 0 and size not in (20, 32):
        return None
    if not 2 <= size <= 40:
        return None
    if version == 0:
        return "p2wpkh" if size == 20 else "p2wsh"
    return "p2tr" if version == 1 and size == 32 else f"witness_v{version}"


_HEX = frozenset("0123456789abcdefABCDEF")


def _eip55(value: str) -> Verdict | None:
    """An Ethereum address (0x + 40 hex digits): with both cases, EIP-55's checksum (a letter
    is upper case where the Keccak-256 of the lower-case address has a nibble of 8 or more)
    must hold, and a random string passes one time in tens of thousands or fewer; in one
    case it carries no checksum, and counts only next to a keyword (a weak verdict)."""
    body = value[2:]
    if len(body) != 40 or not all(c in _HEX for c in body):
        return None
    if body.islower() or body.isupper() or body.isdigit():
        if len(set(body)) < 8:
            return None  # (0x000...0, 0xdead...: made by hand, burn addresses)
        return Verdict(checked=False, detail={"type": "ethereum"})
    digest = keccak256(body.lower().encode("ascii")).hex()
    for c, h in zip(body, digest, strict=False):
        if c.isalpha() and c.isupper() != (int(h, 16) >= 8):
            return None
    return Verdict(detail={"type": "ethereum"})


def crypto_wallet(value: str) -> Verdict | None:
    """A Bitcoin address whose checksum holds: Base58Check (1... or 3..., the double SHA-256
    checksum) or segwit (bc1..., bech32/bech32m, BIP 173/350). A random string passes one
    time in four billion (Base58Check) or a billion (bech32): no keyword needed. An Ethereum
    address with EIP-55's mixed-case checksum (`_eip55`); in one case only with a keyword.
    The addresses Bitcoin's documentation, the BIPs and EIP-55 print are test data."""
    if value[:2] in ("0x", "0X"):
        verdict = _eip55(value)
        if verdict is not None and value[2:].lower() in published_examples():
            return Verdict(severity=Severity.LOW, checked=verdict.checked,
                           detail={"type": "ethereum", "test_data": "yes"})
        return verdict
    if value[:3].lower() == "bc1":
        kind = _segwit(value)
    else:
        version = _base58check(value)
        kind = _LEGACY_VERSIONS.get(version) if version is not None else None
    if kind is None:
        return None
    if value in published_examples() or value.lower() in published_examples():
        return Verdict(severity=Severity.LOW, detail={"type": kind, "test_data": "yes"})
    return Verdict(detail={"type": kind})
