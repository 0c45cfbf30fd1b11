"""Made-up account identifiers without a check digit (bank accounts, QQ numbers, WeChat IDs)
and the passport and driving licence numbers of many countries, for tests and the labelled
corpus.

Each generator writes a number the way its issuer does (a PRC settlement account in groups
of four, a US checking account, a German Kontonummer; a US, UK, German, French, Indian,
Italian, Japanese or Korean passport); none is Luhn-valid where it could be read as a card,
none is a date or made by hand. Every value is random; none belongs to anybody."""

from __future__ import annotations

import random
import re
import string
from datetime import date

from synth.national_ids import _hand_made, export_rows
from synth.people import luhn_ok


def _digits(r: random.Random, n: int, first: str = "0123456789") -> str:
    return r.choice(first) + "".join(r.choice(string.digits) for _ in range(n - 1))


def _datelike(d: str) -> bool:
    """What the validators take for a date (validators.common.date_like), written again: a
    day of 1900-2099 as YYYYMMDD at the start of 8, 12 or 14 digits, or DDMMYYYY in 8."""
    def day(y: int, m: int, dd: int) -> bool:
        try:
            return 1900 <= date(y, m, dd).year <= 2099
        except ValueError:
            return False
    if len(d) not in (8, 12, 14):
        return False
    return day(int(d[:4]), int(d[4:6]), int(d[6:8])) or (
        len(d) == 8 and day(int(d[4:]), int(d[2:4]), int(d[:2])))


def _card_tail(grouped: str) -> bool:
    """Whether groups of four at the end of `grouped` make a Luhn-valid number of 13 to 19
    digits led by 2-6: the card rule reports that tail, and the account yields to it."""
    groups = grouped.split(" ")
    for k in range(1, len(groups)):
        tail = "".join(groups[k:])
        if 13 <= len(tail) <= 19 and tail[0] in "23456" and len(groups[k]) == 4 \
                and luhn_ok(tail):
            return True
    return False


def bank_account(r: random.Random) -> str:
    """A PRC settlement account (12-25 digits, often in groups of four), a US checking account
    (8-12 digits) or a German Kontonummer (10 digits); never a Luhn-valid card shape."""
    while True:
        kind = r.randrange(3)
        if kind == 0:
            d = _digits(r, r.randint(12, 25), "0137")
            v = " ".join(d[i:i + 4] for i in range(0, len(d), 4)) if r.random() < 0.5 else d
        elif kind == 1:
            d = v = _digits(r, r.randint(8, 12), "123456789")
        else:
            d = v = _digits(r, 10, "0123456789")
        if _hand_made(d) or _datelike(d) or len(set(d)) < 3:
            continue
        if 13 <= len(d) <= 19 and luhn_ok(d):
            continue  # (a card's shape: the card rule's)
        if " " in v and _card_tail(v):
            continue  # (a known limit: docs/detectors.md)
        return v


def qq_number(r: random.Random) -> str:
    """5-11 digits, no leading zero (QQ numbers have grown from 5 to 11 digits since 1999)."""
    while True:
        v = _digits(r, r.randint(5, 11), "123456789")
        if (not _hand_made(v) and len(set(v)) >= 3 and not _datelike(v)
                and not (len(v) == 11 and v[0] == "1")):
            return v  # (11 digits from 1: a PRC mobile's shape)


_NAMES = ("lily", "zhangwei", "wangfang", "chen", "lixiao", "mike", "amy", "liuyang",
          "sunny", "xiaoming", "jenny", "huang", "zhaolei", "tom")


def wechat_id(r: random.Random) -> str:
    """A chosen WeChat ID (a name with digits, "_" or "-") or an assigned one (wxid_...)."""
    if r.random() < 0.2:
        return "wxid_" + "".join(r.choice(string.ascii_lowercase + string.digits)
                                 for _ in range(r.randint(12, 14)))
    while True:
        name = r.choice(_NAMES)
        sep = r.choice(["", "_", "-"])
        tail = str(r.randint(1, 2024)) if sep == "" or r.random() < 0.7 else r.choice(_NAMES)
        v = f"{name}{sep}{tail}"
        if 6 <= len(v) <= 20:  # (WeChat's bounds)
            return v


def _letters(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.ascii_uppercase) for _ in range(n))


_DE = "CFGHJKLMNPRTVWXYZ"
# The PRC's forms, which identity.cn_passport reports (resources/rules/identity.toml)
_PRC = re.compile(r"[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|[PSD][0-9]{7,8}|[DSP]E[0-9]{7}")


def passport(r: random.Random) -> str:
    """A passport number as one of eight countries writes it."""
    while True:
        kind = r.randrange(8)
        if kind == 0:  # US (book), UK: 9 digits
            v = _digits(r, 9, "123456789")
        elif kind == 1:  # US next generation: a letter and 8 digits
            v = _letters(r, 1) + _digits(r, 8)
        elif kind == 2:  # Germany: C-K and 8 of digits and consonants, at least 4 digits
            v = r.choice("CFGHJK") + "".join(r.choice(_DE + "0123456789") for _ in range(8))
        elif kind == 3:  # France: 2 digits, 2 letters, 5 digits
            v = _digits(r, 2) + _letters(r, 2) + _digits(r, 5)
        elif kind == 4:  # India: a letter and 7 digits
            v = _letters(r, 1) + _digits(r, 7, "123456789")
        elif kind == 5:  # Italy, Japan: 2 letters and 7 digits
            v = _letters(r, 2) + _digits(r, 7)
        elif kind == 6:  # Korea: M and 8 digits
            v = "M" + _digits(r, 8)
        else:  # Canada: 2 letters and 6 digits
            v = _letters(r, 2) + _digits(r, 6)
        d = "".join(c for c in v if c.isdigit())
        if (len(d) >= 4 and len(v) - len(d) <= 4 and len(set(d)) >= 3
                and not _hand_made(d) and not _datelike(d) and not _PRC.fullmatch(v)):
            return v


def _uk_licence(r: random.Random) -> str:
    """A DVLA number: five of the surname (padded with 9), decade, month (+50 for a woman),
    day, year, two initials (padded with 9), a digit and two check letters."""
    surname = r.choice(("SMITH", "JONES", "TAYLO", "BROWN", "WILLI", "WILSO", "LI999",
                        "EVANS", "PATEL", "KHAN9"))
    y = r.randint(40, 99)
    month = r.randint(1, 12) + (50 if r.random() < 0.5 else 0)
    day = r.randint(1, 28)
    initials = r.choice(("JA", "MK", "S9", "AB", "RT"))
    return (f"{surname}{y // 10}{month:02d}{day:02d}{y % 10}{initials}9"
            f"{_letters(r, 2)}")


def driver_license(r: random.Random) -> str:
    """A British DVLA number, a US state's (California's letter and 7 digits, Florida's
    dashed 13, New York's 9 digits in threes) or another country's 8-12 digits."""
    while True:
        kind = r.randrange(5)
        if kind == 0:
            return _uk_licence(r)
        if kind == 1:
            v = _letters(r, 1) + _digits(r, 7)
        elif kind == 2:
            d = _digits(r, 12)
            v = f"{_letters(r, 1)}{d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:11]}-{d[11]}"
        elif kind == 3:
            d = _digits(r, 9, "123456789")
            v = f"{d[:3]} {d[3:6]} {d[6:]}"
        else:
            v = _digits(r, r.randint(8, 12), "123456789")
        d = "".join(c for c in v if c.isdigit())
        if len(set(d)) >= 3 and not _hand_made(d) and not _datelike(d) and not (
                len(d) == 11 and d[0] == "1") and not (len(d) == 9 and " " not in v):
            return v  # (11 from 1: a PRC mobile's shape; 9 bare: the US SSN rule may own it)


# (rule, generator, labels written before a value)
SCHEMES = {
    "financial.bank_account": (bank_account, ("银行账号：", "开户行：招商银行 账号：",
                                              "Account number: ", "Kontonummer ",
                                              "收款账户 ")),
    "contact.qq_number": (qq_number, ("QQ：", "QQ号 ", "扣扣 ", "联系QQ:")),
    "contact.wechat_id": (wechat_id, ("微信号：", "微信 ", "WeChat ID: ", "加微信")),
    "identity.passport_number": (passport, ("Passport No.: ", "passport number ",
                                            "Reisepass: ", "护照号码 ", "パスポート番号 ")),
    "identity.driver_license": (driver_license, ("Driver's license no.: ", "DL# ",
                                                 "Driving licence number ", "Führerschein: ",
                                                 "운전면허번호 ")),
}


def labelled_docs(seed: int) -> list[tuple[str, list[list[tuple[str, str, str]]]]]:
    """The labelled corpus's documents of accounts and passports (rows of (text, rule, kind)
    segments, as synth/national_ids.labelled_docs): a contact sheet of labelled values with
    their hard negatives (a QQ group's number, a WeChat app id, a passport's issue date, an
    account number made by hand), and exports whose header names the value."""
    r = random.Random(seed * 7919 + 211)
    sheet: list[list[tuple[str, str, str]]] = [[("Contact sheet, visiting scholars", "", "")]]
    for scheme, (make, labels) in SCHEMES.items():
        for label in labels:
            sheet.append([(label, "", ""), (make(r), scheme, "")])
    sheet.append([("QQ群：", "", ""), (qq_number(r), "", "im.group")])
    sheet.append([("QQ交流群 ", "", ""), (qq_number(r), "", "im.group")])
    sheet.append([("微信 AppID：", "", ""),
                  ("wx" + "".join(r.choice("0123456789abcdef") for _ in range(16)), "",
                   "im.app_id")])
    y, m, d = r.randint(2010, 2024), r.randint(1, 12), r.randint(1, 28)
    sheet.append([("Passport issued ", "", ""), (f"{y}{m:02d}{d:02d}", "", "passport.date")])
    sheet.append([("银行账号：", "", ""), ("6666 8888 0000 00", "", "account.hand_made")])
    licence = _uk_licence(r)
    sheet.append([("Driving licence number ", "", ""),
                  (licence[:6] + "13" + licence[8:], "", "licence.month")])
    docs = [("accounts_sheet", sheet)]
    for k, (header, scheme) in enumerate((("银行账号", "financial.bank_account"),
                                          ("Account Number", "financial.bank_account"),
                                          ("QQ", "contact.qq_number"),
                                          ("微信号", "contact.wechat_id"),
                                          ("Passport No", "identity.passport_number"),
                                          ("Driver License", "identity.driver_license"))):
        docs.append((f"accounts_export_{k:02d}",
                     export_rows(r, f"A{k:02d}", header, SCHEMES[scheme][0], scheme, 10)))
    return docs
