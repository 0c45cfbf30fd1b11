"""US numbers with an extension glued on (Faker's and CRM exports' "559.787.2148x7141"):
the number is found, its extension left off; without a phone keyword the weak shapes still
need one."""

from __future__ import annotations

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules

DETECTOR = Detector(load_rules())


def _phones(text: str) -> list[str]:
    return [text[m.start:m.end] for m in DETECTOR.detect(text + "\n")
            if m.rule.id == "contact.us_phone"]


@pytest.mark.parametrize(("text", "number"), [
    ("Phone: 559.787.2148x7141", "559.787.2148"),
    ("Phone: (952)349-6896x54126", "(952)349-6896"),
    ("Phone: 919-964-7651x6143", "919-964-7651"),
    ("(415) 902-5092x12", "(415) 902-5092"),
])
def test_an_extension_is_left_off_the_number(text: str, number: str) -> None:
    assert _phones(text) == [number]


def test_the_weak_shapes_still_need_a_keyword() -> None:
    assert _phones("part 415-902-5092x12 shipped") == []
