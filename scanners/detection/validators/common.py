"""Shared pieces of the validators: the `Verdict` a validator returns, digit and Luhn
helpers, data-file loading, dates, masked-value counting and the randomness checks that
secrets in several families share. Generic validators that any rule may name (`luhn`,
`present`) live here too.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from scanners.model import Severity
from scanners.system.paths import resources_dir


@dataclass(frozen=True, slots=True)
class Verdict:
    """A validator's acceptance of a value.

    `checked` False means the value passed only a weaker test (e.g. a UnionPay number failing
    Luhn): the detector then needs a context keyword and scores it as pattern + context.
    `span`, when set, narrows the reported value to `value[span[0]:span[1]]` (a name followed
    by the next label, an address preceded by prose).
    Verdicts are remembered per value and shared (by every match of the value, and some
    validators hand out one verdict for many values): `detail` is never modified.
    """

    checked: bool = True
    severity: Severity | None = None  # overrides the rule's severity (e.g. test cards: LOW)
    detail: Mapping[str, str] = field(default_factory=dict)
    boost: float = 0.0  # small confidence bonus (e.g. a known region code)
    span: tuple[int, int] | None = None
    # The value is known as such (a published test card): no noise check refuses it
    exact: bool = False


Validator = Callable[[str], Verdict | None]
OK = Verdict()
WEAK = Verdict(checked=False)
TEST_DATA = Verdict(severity=Severity.LOW, detail={"test_data": "yes"})

DIGITS = frozenset("0123456789")


def split_words(text: str) -> list[str]:
    return text.split()


def digits_of(value: str) -> str:
    """`value` if it is all digits (of any script), else its ASCII digits."""
    if value.isdigit():
        return value
    # Most values are digits grouped by dashes or spaces: two C-level replaces say so.
    plain = value.replace("-", "").replace(" ", "")
    if plain.isascii() and plain.isdigit():
        return plain
    return "".join(_DIGIT_RUNS.findall(value))


_DIGIT_RUNS = re.compile("[0-9]+")  # DIGITS' runs


def luhn_ok(digits: str) -> bool:
    if digits.isascii() and digits.isdigit():
        # ASCII digits (every caller's case): the two halves of the sum as C-level byte sums,
        # the doubled digits read through a table.
        b = digits.encode("ascii")
        kept = b[-1::-2]
        total = sum(kept) - 48 * len(kept) + sum(b[-2::-2].translate(_LUHN_DOUBLED))
        return total % 10 == 0
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
_LUHN_DOUBLED = bytes.maketrans(b"0123456789", bytes(_LUHN_DOUBLE))


_LABEL_SEP = re.compile("[:：=]")
_LABEL_PAD = re.compile("[ \t\"']*")


def after_label(value: str) -> tuple[int, int] | None:
    """For a value that holds its label ("姓名：张三", "Adresse: ..."), where the label's
    separator is and where what follows it starts (past spaces and quotes); None without one."""
    sep = _LABEL_SEP.search(value)
    if sep is None:
        return None
    pad = _LABEL_PAD.match(value, sep.end())
    return sep.start(), sep.end() if pad is None else pad.end()


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """Non-comment lines of `resources/data/<name>`, loaded once."""
    text = (resources_dir() / "data" / name).read_text(encoding="utf-8")
    return tuple(
        s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")
    )


@cache
def published_examples_of(scheme: str) -> frozenset[str]:
    """The published examples of one scheme (the second column of published_examples.txt:
    "cn_ric" for GB 11643's own 11010519491231002X)."""
    return frozenset(parts[0] for parts in map(str.split, data_lines("published_examples.txt"))
                     if parts[1:2] == [scheme])


@cache
def published_examples() -> frozenset[str]:
    """The example numbers schemes and registries publish, and the sample keys SDKs publish
    (resources/data/published_examples.txt), as written there: they pass their checks but belong
    to nobody."""
    return frozenset(line.split()[0] for line in data_lines("published_examples.txt"))


def real_date(y: int, m: int, d: int, today: date | None = None) -> date | None:
    if not (1 <= m <= 12 and 1 <= d <= 31) or y < 1900:
        return None
    try:
        born = date(y, m, d)
    except ValueError:
        return None
    if born > (today or _today()):
        return None
    return born


_LAST_YEAR = date(2099, 12, 31)


def date_like(d: str) -> bool:
    """An 8-, 12- or 14-digit string that starts with a calendar day of 1900-2099 written
    YYYYMMDD (20231231, 202312311200, 20231231120000), or an 8-digit DDMMYYYY one: what an
    account, passport or licence number without a check digit is not."""
    if len(d) not in (8, 12, 14) or not d.isdigit():
        return False
    if real_date(int(d[:4]), int(d[4:6]), int(d[6:8]), _LAST_YEAR) is not None:
        return True
    return len(d) == 8 and real_date(int(d[4:]), int(d[2:4]), int(d[:2]), _LAST_YEAR) is not None


_TODAY: tuple[int, date] = (0, date.min)  # (second of time.time(), the local date then)


def _today() -> date:
    """`date.today()` (which is `date.fromtimestamp(time.time())`), remembered for the second
    of the clock it was asked in: a local date changes only on a whole second."""
    global _TODAY
    now = time.time()
    second = int(now)
    if _TODAY[0] != second:
        _TODAY = (second, date.fromtimestamp(now))
    return _TODAY[1]


MASK_CHARS = frozenset("*xX•＊●·")


def mask_count(value: str) -> int:
    return sum(1 for c in value if c in MASK_CHARS)


def each_group_repeats(d: str, sizes: tuple[int, ...]) -> bool:
    """Every group of `d` (split by `sizes`) is one repeated digit ("111-22-3333")."""
    i = 0
    for n in sizes:
        g = d[i : i + n]
        if g != g[0] * n:
            return False
        i += n
    return True


def patterned(d: str) -> bool:
    """A digit string made by hand rather than issued: six or more equal digits in a row
    ("2238000000000000") or a counting run of six ("6543210123456788", "...1234567890...")."""
    if d.isascii() and d.isdigit():
        return _PATTERNED_DIGITS.search(d) is not None
    run = up = down = 1
    for k in range(1, len(d)):
        a, b = ord(d[k - 1]), ord(d[k])
        run = run + 1 if a == b else 1
        up = up + 1 if b == a + 1 else 1
        down = down + 1 if b == a - 1 else 1
        if run >= 6 or up >= 6 or down >= 6:
            return True
    return False


# What `patterned` looks for in a string of ASCII digits, spelled out: six equal digits, six
# counting up (no digit follows 9) or down.
_PATTERNED_DIGITS = re.compile(
    "|".join(
        [c * 6 for c in "0123456789"]
        + ["0123456789"[k : k + 6] for k in range(5)]
        + ["9876543210"[k : k + 6] for k in range(5)]
    )
)


# --- shared by the secret validators (financial keys and credentials) ----------------------


def looks_random(s: str, classes: int = 2) -> bool:
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


def is_placeholder(s: str) -> bool:
    """A token body that documentation made up (vendors' published examples say so)."""
    low = s.lower()
    return any(p in low for p in _PLACEHOLDER_PARTS)


# --- generic validators any rule may name -----------------------------------------------


def luhn(value: str) -> Verdict | None:
    d = digits_of(value)
    return OK if d.isascii() and luhn_ok(d) else None


def present(value: str) -> Verdict | None:
    """Accept any non-trivial value (the rule's pattern already carries its label)."""
    return OK if len(set(value)) > 1 else None
