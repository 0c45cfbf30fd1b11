"""The first-character gate (first_chars.py) adds speed to a rule's regex and nothing else."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detection.first_chars import gate
from scanners.detection.rules import BOUNDARIES, load_rules


def _pattern_rules():
    return [r for r in load_rules() if r.regex is not None]


def test_rules_behind_a_look_behind_get_a_gate():
    gated = {r.id for r in _pattern_rules() if r.regex.pattern.startswith("(?=[")}
    for rid in ("identity.cn_resident_id", "contact.cn_mobile", "contact.en_address",
                "financial.payment_card", "basic.person_name", "contact.cn_landline"):
        assert rid in gated
    # A pattern that starts with a literal keeps `re`'s own prefix scan.
    assert "credential.private_key" not in gated


def test_gate_sets():
    number = BOUNDARIES["number"][0]
    assert gate(number + "1[3-9][0-9]{9}") == r"(?=[\x31])"
    # an optional first item lets the next one start a match too
    assert gate(number + r"\(?0[0-9]{2}") == r"(?=[\x28\x30])"
    assert gate(r"(?<![0-9])(?:ab|[c-e]x|\d)") == r"(?=[\d\x61\x63-\x65])"
    assert gate(r"(?<!x)(?P<v>身份证|ID)") == r"(?=[\u8eab\x49])"


def test_no_gate_where_the_first_character_is_not_known():
    assert gate(r"(?<!x)a?") == ""  # may match nothing
    assert gate(r"(?<!x)[^a]b") == ""  # a negated class
    assert gate(r"(?<!x).b") == ""  # any character
    assert gate(r"(?<!x)(a)?\1b") == ""  # a back-reference may come first
    assert gate(r"abc") == ""  # `re` already skips to "a"
    assert gate(r"[ab]c") == ""
    assert gate(r"(?<!x)(") == ""  # not a regex at all


def _ungated(rule):
    pattern = rule.regex.pattern
    if pattern.startswith("(?=["):
        pattern = pattern[pattern.index("])") + 2:]
    return re.compile(pattern, rule.regex.flags)


def test_every_rule_finds_the_same_with_and_without_its_gate():
    rules = _pattern_rules()
    texts = [e for r in rules for e in (*r.examples_match, *r.examples_no_match)]
    texts.append("\n".join(texts))
    total = 0
    for rule in rules:
        plain = _ungated(rule)
        for text in texts:
            a = [m.span() for m in rule.regex.finditer(text)]
            assert a == [m.span() for m in plain.finditer(text)], (rule.id, text)
            total += len(a)
    assert total > 500


_ALPHABET = "0123456789 -.,:()+xX*#@abcdefAEFPU身份证号地址省市区路\n\t_/"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80), st.integers(0, 20))
def test_gate_never_changes_a_match(text, pos):
    for rule in _pattern_rules():
        plain = _ungated(rule)
        a = [m.span() for m in rule.regex.finditer(text, pos)]
        assert a == [m.span() for m in plain.finditer(text, pos)], rule.id
