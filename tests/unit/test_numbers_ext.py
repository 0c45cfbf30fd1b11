"""_numbers.c (the card, resident-ID, SSN and IMEI validators in C) against the Python
validators it twins.

The extension is optional at install time, but where a C compiler exists the editable install
builds it, and then it must be there and be what `VALIDATORS` runs, giving the very verdicts
(every field) of the Python code on the candidates the rules find in the benchmark's file
kinds and on generated values around the shapes each check reads.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
import sysconfig
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanners.detection.validators import OK, VALIDATORS, WEAK, Verdict, native
from scanners.detection.validators import basic as B
from scanners.detection.validators import financial as F
from scanners.detection.validators import identity as I
from synth.people import ric_check

ROOT = Path(__file__).resolve().parents[2]
TWINS: dict[str, Callable[[str], Verdict | None]] = {
    "payment_card": F.payment_card,
    "cn_ric": I.cn_ric,
    "us_ssn": I.us_ssn,
    "imei": B.imei,
}
needs_module = pytest.mark.skipif(native.module() is None, reason="_numbers.c not built here")


def _outcome(f: Callable[[str], Any], value: str) -> Any:
    try:
        return f(value)
    except Exception as exc:  # the same exception type either way
        return type(exc)


def _fields(v: Any) -> Any:
    if isinstance(v, Verdict):
        return (v.checked, v.severity, dict(v.detail), v.boost, v.span)
    return v


def _check(value: str, names: tuple[str, ...] = tuple(TWINS)) -> None:
    module = native.module()
    for name in names:
        expected = _outcome(TWINS[name], value)
        got = _outcome(getattr(module, name), value)
        assert _fields(got) == _fields(expected), (name, value)
        assert type(got) is type(expected), (name, value)


def test_built_where_a_compiler_is() -> None:
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if (shutil.which(compiler) or shutil.which("cc")) and headers.exists():
        assert native.module() is not None, "_numbers.c was not built (make)"


@needs_module
def test_validators_table_runs_the_compiled_twins() -> None:
    for name in TWINS:
        assert VALIDATORS[name] is getattr(native.module(), name)


# --- corpus candidates --------------------------------------------------------------------


@needs_module
@pytest.mark.parametrize("name", sorted(TWINS))
def test_same_on_the_rules_candidates(name: str) -> None:
    """Every value the rules' patterns take from the benchmark's file kinds and the labelled
    documents (the candidates of test_validators_speed_equivalence), for every twin."""
    from tests.unit.test_validators_speed_equivalence import corpus

    values = corpus()[0][name]
    accepted = 0
    for value in sorted(values):
        _check(value, (name,))
        accepted += TWINS[name](value) is not None
    assert accepted > 20, name


# --- generated values -----------------------------------------------------------------------

_digits = st.text(alphabet="0123456789", max_size=22)
_prefixes = st.sampled_from([
    "4", "51", "55", "2221", "2720", "34", "37", "3528", "3589", "300", "305", "36", "38", "39",
    "3095", "62", "622126", "622925", "6011", "65", "644", "649", "60", "63", "67", "50", "56",
    "57", "58", "676770", "676774", "5019", "4571", "6759", "1", "7", "8", "9", "0",
])  # fmt: skip


def _luhn_complete(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # doubled: the check digit goes to the right of it
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


_card = st.one_of(
    _digits,
    st.builds(lambda head, tail: head + tail, _prefixes, _digits),
    st.builds(lambda head, tail, n: _luhn_complete((head + tail)[: n - 1]), _prefixes,
              st.text(alphabet="0123456789", min_size=18, max_size=18), st.integers(12, 20)),
    st.builds(lambda head, d, n: head + d * n, _prefixes, st.sampled_from("0123456789"),
              st.integers(8, 16)),
    st.sampled_from(sorted(F._test_cards())),
)


@st.composite
def _grouped(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    value = draw(base)
    how = draw(st.sampled_from(["plain", "fours", "cuts", "mixed", "noise"]))
    if how == "fours" and len(value) >= 4:
        sep = draw(st.sampled_from([" ", "-", "  ", "."]))
        return sep.join(value[k : k + 4] for k in range(0, len(value), 4))
    if how == "cuts" and value:
        cuts = sorted(draw(st.lists(st.integers(0, len(value)), max_size=5)))
        sep = draw(st.sampled_from([" ", "-"]))
        parts = [value[a:b] for a, b in zip((0, *cuts), (*cuts, len(value)), strict=True)]
        return sep.join(parts)
    if how == "mixed" and len(value) > 8:
        return value[:4] + " " + value[4:8] + "-" + value[8:]
    if how == "noise":
        at = draw(st.integers(0, len(value)))
        return value[:at] + draw(st.sampled_from(["x", "X", "٣", "０", "a", "/", "é", ""])) + value[at:]
    return value


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_grouped(_card), st.text(max_size=24),
                 st.text(alphabet="0123456789 -xX", max_size=24)))
def test_cards_and_imei_same_on_generated(value: str) -> None:
    _check(value, ("payment_card", "imei", "us_ssn"))


_today = date.today()
_born = st.one_of(
    st.dates(date(1890, 1, 1), date(2099, 12, 31)).map(lambda d: d.strftime("%Y%m%d")),
    st.sampled_from([
        _today.strftime("%Y%m%d"), (_today + timedelta(days=1)).strftime("%Y%m%d"),
        (_today - timedelta(days=1)).strftime("%Y%m%d"), "19000229", "20000229", "19800230",
        "19801301", "19800001", "19800100", "19800132", "18991231", "19000101",
    ]),
    st.text(alphabet="0123456789", min_size=8, max_size=8),
)  # fmt: skip
_region = st.one_of(
    st.sampled_from(["110105", "440305", "310104", "371100", "511502", "919999", "000000"]),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.builds(lambda a, b, rest: a + b + rest, st.sampled_from("123456789ANY"),
              st.sampled_from("123459"),
              st.sampled_from(["11", "31", "44", "51", "91", "05"]).map(lambda p: p + "00")),
)


def _id(region: str, born: str, seq: str, check: str) -> str:
    body = region + born + seq
    if check == "right":
        return body + ric_check(body) if len(body) == 17 and body.isdigit() else body + "0"
    return body + check


_ric = st.builds(_id, _region, _born, st.text(alphabet="0123456789", min_size=3, max_size=3),
                 st.sampled_from(["right", "right", "right", "X", "x", "0", "5", "٣"]))


@st.composite
def _ric_written(draw: st.DrawFn) -> str:
    value = draw(_ric)
    if len(value) == 18 and draw(st.booleans()):
        cuts = draw(st.sampled_from([(6, 14), (6, 10, 14), (4, 8, 12, 16), (5, 12), (6,)]))
        sep = draw(st.sampled_from([" ", "-", "  "]))
        parts = [value[a:b] for a, b in zip((0, *cuts), (*cuts, 18), strict=True)]
        value = sep.join(parts)
    return value


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_ric_written(), _grouped(_ric),
                 st.text(alphabet="0123456789Xx -", max_size=24)))
def test_resident_ids_same_on_generated(value: str) -> None:
    _check(value)


def test_uscc_shaped_ids_and_other_edges() -> None:
    """Values that take the rare branches: an ID that is also a valid organisation code, an
    18-digit card number that is a valid ID, test cards, UnionPay failing Luhn, SSN
    placeholders, and text that is not ASCII."""
    uscc_ids = []
    for seq in range(1000):
        body = f"91440319800101{seq:03d}"
        value = body + ric_check(body)
        if I._uscc_shaped(value) and I._uscc_ok(value):
            uscc_ids.append(value)
    assert uscc_ids, "no ID that is also an organisation code among the samples"
    for value in uscc_ids[:5]:
        assert I.cn_ric(value) is not None and not I.cn_ric(value).checked  # type: ignore[union-attr]
        _check(value)
    card_ids = [v for v in (_id("622126", "19800101", f"{s:03d}", "right") for s in range(300))
                if F.payment_card(v) is None and F.card_brand(v) is not None and F.luhn_ok(v)]
    assert card_ids, "no 18-digit card-shaped ID among the samples"
    for value in [*card_ids[:5], *sorted(F._test_cards()), "6212345678901234",
                  "6212 3456 7890 1234", "111-22-3333", "999-99-9999", "078-05-1120",
                  "123-45-6789", "123 45 6788", "123.45.6788", "123456788", "",
                  "49015420323751٣", "４１１１１１１１１１１１１１１１", "11011319491231002x",
                  "110113-19491231-002X", "110113 19491231-002X", "1101 1319 4912 3100 2X"]:
        _check(value)


# --- the objects it makes ---------------------------------------------------------------------


@needs_module
def test_verdicts_it_makes_are_real_frozen_verdicts() -> None:
    module = native.module()
    v = module.cn_ric("11011319491231002X")
    assert type(v) is Verdict
    assert v == I.cn_ric("11011319491231002X")
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.checked = False
    assert module.us_ssn("536-22-1234") is OK
    assert module.us_ssn("536221234") is WEAK
    brand = module.payment_card("4539578763621486")
    assert brand is F.payment_card("4539578763621486")  # the shared per-brand verdict


@needs_module
def test_no_reference_leaks() -> None:
    module = native.module()
    values = ["11011319491231002X", "4539578763621486", "123-45-6788", "490154203237518",
              "4111111111111111", "6212345678901234", "٣"]
    for v in values:  # warm up: shared verdicts made, memo tables filled
        for name in TWINS:
            getattr(module, name)(v)
    before = (sys.getrefcount(OK), sys.getrefcount(WEAK),
              sys.getrefcount(module.payment_card("4539578763621486")))
    for _ in range(2000):
        for v in values:
            for name in TWINS:
                getattr(module, name)(v)
    after = (sys.getrefcount(OK), sys.getrefcount(WEAK),
             sys.getrefcount(module.payment_card("4539578763621486")))
    assert after == before


@needs_module
def test_setup_refuses_a_wrong_config() -> None:
    module = native.module()
    good = native.config()
    try:
        for key, bad in [("ric_check", "10X"), ("bins", "not a tuple"),
                         ("card_groups", ((4,) * 9,)), ("provinces", ("1",)),
                         ("twins", (F.payment_card,)), ("ssn_invalid", ("12",))]:
            with pytest.raises((ValueError, TypeError)):
                module.setup({**good, key: bad})
            with pytest.raises(RuntimeError):  # refused: not ready, rather than half set up
                module.cn_ric("11011319491231002X")
        with pytest.raises(KeyError):
            module.setup({k: v for k, v in good.items() if k != "verdict"})
    finally:
        module.setup(good)
    assert module.cn_ric("11011319491231002X") is not None
