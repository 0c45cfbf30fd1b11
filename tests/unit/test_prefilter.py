"""The Hyperscan prefilter may narrow where rules look, never change what they find."""

from __future__ import annotations

import random

import pytest

from scanners.detection.detect import Detector
from scanners.detection.prefilter import hyperscan_available
from scanners.detection.rules import load_rules

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="needs the hyperscan wheel (x86_64)")


def _sample_texts() -> list[str]:
    rules = load_rules()
    pieces = [e for r in rules for e in (*r.examples_match, *r.examples_no_match)]
    filler = ["的", "客户", "资料", " ", "\n", "note", "2024-01-01 ", "订单", "x", "，", "\t", "é"]
    rng = random.Random(7)
    texts = []
    for _ in range(60):
        parts = [rng.choice(pieces) if rng.random() < 0.4 else rng.choice(filler) for _ in range(40)]
        texts.append("".join(parts))
    texts.append("\n".join(pieces))
    return texts


def _key(matches):
    return sorted((m.rule.id, m.start, m.end, m.value, round(m.confidence, 3)) for m in matches)


def test_hyperscan_and_pure_python_agree():
    rules = load_rules()
    fast, slow = Detector(rules, use_hyperscan=True), Detector(rules, use_hyperscan=False)
    assert fast.prefilter.engine == "hyperscan" and slow.prefilter.engine == "python"
    total = 0
    for text in _sample_texts():
        a, b = _key(fast.detect(text)), _key(slow.detect(text))
        assert a == b, text
        total += len(a)
    assert total > 50  # the comparison saw real matches


def test_every_rule_is_prefiltered():
    # A rule Hyperscan cannot compile runs over every whole text: keep that list empty.
    assert Detector(load_rules()).prefilter.unfiltered == ()
