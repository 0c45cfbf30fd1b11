"""Basic-detail validators (`resources/rules/basic.toml`): names, birth dates, IMEI,
MAC and IP addresses.
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_right
from datetime import date
from functools import cache

from scanners.detection.validators.common import (
    OK,
    Verdict,
    after_label,
    data_lines,
    digits_of,
    luhn_ok,
    real_date,
    split_words,
)
from scanners.model import Severity

# --- basic --------------------------------------------------------------------------------


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    single: set[str] = set()
    compound: set[str] = set()
    for s in data_lines("cn_surnames.txt"):
        (single if len(s) == 1 else compound).add(s)
    return frozenset(single), frozenset(compound)


# Labels and words that follow a name without a separator ("张三性别男", "李小明先生").
_NAME_STOPS = (
    "先生", "女士", "小姐", "同学", "老师", "医生", "性别", "电话", "手机", "身份", "地址",
    "联系", "年龄", "出生", "籍贯", "民族", "住址", "邮箱", "证件", "职业", "单位", "备注",
    "電話", "手機", "聯繫", "聯絡", "年齡", "籍貫", "郵箱", "證件", "職業", "單位", "備註",
)  # fmt: skip
_NAME_STOP_FIRST = frozenset(s[0] for s in _NAME_STOPS) | frozenset("男女")
_EN_NAME_STOP = frozenset(
    split_words("""Phone Tel Telephone Mobile Email E-mail Address Addr Date DOB Age Gender Sex ID
    Id No Number Birth Born Title Company Dept Department Role Position Card Account Note Notes
    Signature Signed Date""")
)
_EN_NOT_NAMES = frozenset(
    split_words("""Not Available Unknown None Null Test User Admin Administrator Customer Name
    Required Optional The Your My Our This That First Last Full Same Please Enter See Above Below
    Here There Value String Example Sample""")
)


_CELL_DELIMS = frozenset("\n\r,\t|;")
_LABEL_SEPS = frozenset(":：=")
_NAME_PAD = frozenset(" \t\"'")


def person_name(value: str) -> Verdict | None:
    """A name after a label ("姓名：张三", `"name": "李四"`, "Name: John Smith"), or a whole
    delimited cell (",张三,") that counts only with a name column header or keyword nearby.
    Chinese names start with a listed surname; English ones are 2-4 capitalised words."""
    if not value:
        return None
    if value[0] in _CELL_DELIMS:
        # The pattern's look-ahead saw the closing delimiter (not part of the value).
        inner = value[1:].lstrip(_NAME_PAD_CHARS)
        i = len(value) - len(inner)
        cell = inner.rstrip(_NAME_PAD_CHARS)
        if not cell or cell in _NAME_STOPS:
            return None  # (a header's label: "单位" starts with the surname 单)
        end = _cn_name_end(cell) if "\u4e00" <= cell[0] <= "\u9fff" else _en_name_end(cell)
        if end != len(cell):
            return None  # the name must fill its cell
        return _span_verdict(False, i, i + len(cell))
    label = after_label(value)
    if label is None:
        return None  # no label
    sep, k = label
    if k >= len(value):
        return None
    rest = value[k:]
    if "\uac00" <= rest[0] <= "\ud7a3":  # Hangul
        end = _ko_name_end(rest)
    elif "\u4e00" <= rest[0] <= "\u9fff":
        # (a Japanese name after its own labels: 氏名：佐藤 太郎)
        end = (_ja_name_end(rest) if value[:sep].strip(" \t\"'") in _JA_LABELS
               else _cn_name_end(rest))
    else:
        end = _en_name_end(rest)
    if end is None:
        return None
    if end < 0:
        return Verdict(severity=Severity.LOW, detail={"test_data": "yes"}, span=(k, k - end))
    return _span_verdict(True, k, k + end)


_NAME_PAD_CHARS = "".join(sorted(_NAME_PAD))
# Verdicts that differ only in their span, made once each (verdicts are never modified).
_SPAN_VERDICTS: dict[tuple[bool, int, int], Verdict] = {}


def _span_verdict(checked: bool, start: int, end: int) -> Verdict:
    verdict = _SPAN_VERDICTS.get((checked, start, end))
    if verdict is None:
        verdict = Verdict(checked=checked, span=(start, end))
        if len(_SPAN_VERDICTS) < 4096:
            _SPAN_VERDICTS[checked, start, end] = verdict
    return verdict


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


@cache
def _ko_surnames() -> tuple[frozenset[str], frozenset[str]]:
    names = data_lines("ko_surnames.txt")
    return (frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2))


def _ko_name_end(value: str) -> int | None:
    """End of a Korean name (2-4 Hangul syllables after a listed surname) at `value`'s start."""
    end = 0
    while end < len(value) and end < 5 and "\uac00" <= value[end] <= "\ud7a3":
        end += 1
    single, compound = _ko_surnames()
    if not 2 <= end <= 4 or (value[0] not in single and value[:2] not in compound):
        return None
    return end


# Labels after which a name is written the Japanese way (氏名：佐藤 太郎, お名前：鈴木花子)
_JA_LABELS = frozenset(("氏名", "お名前"))
_JA_NAME = re.compile(r"[\u4e00-\u9fff々]{1,4}[ \u3000]?"
                      r"[\u4e00-\u9fff々\u3041-\u3096\u30a1-\u30f6]{1,4}")
# Japan's John Doe and Jane Doe, on every sample form
_JA_SAMPLES = frozenset(("山田太郎", "山田花子"))


def _ja_name_end(value: str) -> int | None:
    """End of a Japanese name (kanji family name, a space or none, given name in kanji or
    kana) at `value`'s start; negative for the sample names."""
    m = _JA_NAME.match(value)
    if m is None or m.end() < 2:
        return None
    name = m.group().replace(" ", "").replace("\u3000", "")
    return -m.end() if name in _JA_SAMPLES else m.end()


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
    # Given names are 1-2 characters (rarely 3 with a compound surname): the name ends at
    # sl + 2, or at sl + 1 before a word that follows names ("张三性别", "李明先生").
    end = min(len(value), sl + 2)
    if sl + 1 < end:
        c = value[sl + 1]
        if c in _NAME_STOP_FIRST and (c in "男女" or value[sl + 1 : sl + 3] in _NAME_STOPS):
            end = sl + 1
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


def _date_parts(parts: list[str]) -> tuple[int, int, int]:
    """(year, month, day) from a date's parts as `_DATE_PARTS` finds them; (0, 0, 0) when
    their layout is no date's."""
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
            return 0, 0, 0
    else:
        return 0, 0, 0
    return y, m, d


def birth_date(value: str) -> Verdict | None:
    """A real, past date of birth no more than 130 years ago; detail birth_date for minors."""
    try:
        y, m, d = _date_parts(_DATE_PARTS.findall(value))
    except ValueError:  # parts the rule's pattern never gives ("qqqq" for a day)
        return None
    if not y:
        return None
    today = date.today()
    born = real_date(y, m, d, today)
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
    if not all(c in "0123456789abcdef" for c in hexes):
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
    quad = _DOTTED_QUAD.fullmatch(value)
    table = _ipv4_table() if quad is not None else None
    if table is not None:
        # Four decimal octets as `ipaddress` itself writes them (every IPv4 value the rule's
        # pattern takes): whether it is public is read from the step table of its special
        # ranges, not asked of an IPv4Address (4.4 -> 1.3 us).
        a, b, c, d = quad.groups()  # type: ignore[union-attr]
        starts, publics = table
        version = 4
        public = publics[bisect_right(starts, int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d))
                         - 1]
    else:
        try:
            ip = ipaddress.ip_address(value)
        except ValueError:
            return None
        version = ip.version
        public = ip.is_global and not ip.is_multicast and not ip.is_reserved
        if version == 6 and not 0x2000 <= int(value.split(":", 1)[0] or "0", 16) <= 0x3FFF:
            return None
    if version == 4 and (value.startswith("0.") or value.endswith(".0")
                         or value.endswith(".255")):
        return None
    if not public:
        return None
    return _IPV4_PUBLIC if version == 4 else Verdict(detail={"version": str(version)})


_IPV4_PUBLIC = Verdict(detail={"version": "4"})
_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"  # no leading zero, as ipaddress wants
_DOTTED_QUAD = re.compile(r"\.".join([_OCTET] * 4))


@cache
def _ipv4_table() -> tuple[list[int], list[bool]] | None:
    """Whether an IPv4 address is public (global, neither multicast nor reserved) as a step
    function of the address: the starts of the ranges between
    the edges of every network `ipaddress` decides these properties by (its `_IPv4Constants`)
    and the answer for each range, asked of `ipaddress` at the range's start. None if this
    Python keeps them elsewhere (the slow way then answers)."""
    constants = getattr(ipaddress, "_IPv4Constants", None)
    if constants is None:
        return None
    nets: list[ipaddress.IPv4Network] = []
    for item in vars(constants).values():
        for net in item if isinstance(item, (list, tuple, set, frozenset)) else [item]:
            if isinstance(net, ipaddress.IPv4Network):
                nets.append(net)
    if not nets:
        return None
    edges = {0}
    for net in nets:
        edges.add(int(net.network_address))
        edges.add(int(net.broadcast_address) + 1)
    starts = sorted(e for e in edges if e < 2**32)
    kinds = [ipaddress.IPv4Address(e) for e in starts]
    return starts, [ip.is_global and not ip.is_multicast and not ip.is_reserved for ip in kinds]
