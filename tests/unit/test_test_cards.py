"""Published test card numbers (resources/data/test_cards.txt): reported at low severity as
test data wherever they stand, the row of test vectors included, by both candidate loops."""

from __future__ import annotations

import pytest

from scanners.detection import detect
from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules
from scanners.detection.validators import financial as F
from scanners.detection.validators.common import data_lines, luhn_ok
from scanners.model import Severity
from tests.unit.helpers import with_loop

_RULE = "financial.payment_card"


@pytest.fixture(scope="module", params=[True, False], ids=["native", "python"])
def detector(request: pytest.FixtureRequest) -> Detector:
    return with_loop(Detector(load_rules().select([_RULE])), request.param)


def _cards(det: Detector, text: str) -> list[detect.Match]:
    return [m for m in det.detect(text) if m.rule.id == _RULE]


def test_every_entry_is_a_card_of_its_brand() -> None:
    entries = [line.split() for line in data_lines("test_cards.txt")]
    assert len(entries) >= 100
    numbers = [n for n, _ in entries]
    assert len(set(numbers)) == len(numbers), "an entry is listed twice"
    for number, brand in entries:
        assert number.isdigit() and 13 <= len(number) <= 19, number
        assert F.card_brand(number) == brand, number
        assert luhn_ok(number) or brand == "unionpay", number
    assert F._test_cards() == frozenset(numbers)


@pytest.mark.parametrize("number", ["6011000400000000", "3528000700000000", "4917300800000000",
                                    "4484070000000000", "5019717010103742", "4111111111111111"])
def test_a_test_number_alone_is_low_test_data(detector: Detector, number: str) -> None:
    """Worldpay's numbers are mostly zeros, which a number needs a card keyword for otherwise
    (six equal digits in a row): known exactly, they are reported, low."""
    [m] = _cards(detector, number)
    assert m.value == number
    assert m.severity is Severity.LOW
    assert m.detail["test_data"] == "yes"


def test_a_row_of_test_vectors_is_found_whole(detector: Detector) -> None:
    """The same test number in three forms on one line: each is a digit group's neighbour,
    which refuses an unknown number (a table of numbers), not a known one."""
    text = "4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881"
    found = _cards(detector, text)
    assert [(m.start, m.end) for m in found] == [(0, 16), (17, 36), (37, 56)]
    assert all(m.severity is Severity.LOW for m in found)


def test_an_unknown_number_in_such_a_row_stays_noise(detector: Detector) -> None:
    """A valid card that is not a published test number, in the same row: still a table of
    numbers without a card keyword, and found with one."""
    text = "4539148803436467 4539-1488-0343-6467 4539 1488 0343 6467"
    assert _cards(detector, text) == []
    found = _cards(detector, "card: " + text)
    assert found and all(m.severity is Severity.HIGH for m in found)


def test_a_mistyped_test_number_is_not_found(detector: Detector) -> None:
    """Presidio's negative cases: one digit off fails Luhn."""
    assert _cards(detector, "my credit card number is 4012-8888-8888-1882") == []
    assert _cards(detector, "my credit card number is 36168002586008") == []
