"""The IBAN rule's list of country codes (a separator and one of them starts the next IBAN)
is the registry python-stdnum carries, and a letter pair that is no IBAN country is a group
of the IBAN in hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules

_RULES = Path(__file__).resolve().parents[2] / "resources" / "rules" / "financial.toml"


def _registry() -> set[str]:
    import stdnum

    dat = Path(stdnum.__file__).parent / "iban.dat"
    return {line[:2] for line in dat.read_text(encoding="utf-8").splitlines()
            if re.match(r"[A-Z]{2} ", line)}


def test_country_list_is_the_registry() -> None:
    text = _RULES.read_text(encoding="utf-8")
    listed = re.search(r"\(\?!\(\?i:([A-Z|]+)\)", text)
    assert listed is not None
    assert set(listed.group(1).split("|")) == _registry()


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(load_rules().select(["financial.iban"]))


def _values(detector: Detector, text: str) -> list[str]:
    return [m.value for m in detector.detect(text) if m.rule.id == "financial.iban"]


@pytest.mark.parametrize("value", [
    "GE29 NB00 0000 0101 9049 17",           # a group NB00: no country
    "MD24 AG00 0225 1000 1310 4168",         # AG: Antigua, no IBAN country
    "KZ86 125K ZT50 0410 0100",
    "BY13 NBRB 3600 9000 0000 2Z00 AB00",
])
def test_letter_pairs_inside_an_iban(detector: Detector, value: str) -> None:
    assert _values(detector, f"IBAN: {value}\n") == [value]
    assert _values(detector, f"Pay to {value} by Friday\n") == [value]


def test_next_iban_still_splits(detector: Detector) -> None:
    text = "accounts GE29 NB00 0000 0101 9049 17 DE89 3704 0044 0532 0130 00\n"
    assert _values(detector, text) == ["GE29 NB00 0000 0101 9049 17",
                                       "DE89 3704 0044 0532 0130 00"]


def test_belgian_bank_not_in_the_table(detector: Detector) -> None:
    # mod-97 and the national check hold; bank code 539 is missing from python-stdnum's list
    assert _values(detector, "BE68539007547034\n") == ["BE68539007547034"]
    assert _values(detector, "BE68539007547035\n") == []
