"""The detector: confidence tiers, context, negative words, near rules, CSV headers, boundaries
in Chinese text, hard negatives, masked values and minors. All data synthetic."""

from __future__ import annotations

from datetime import date

import pytest

from scanners.detection.detect import (
    CONF_CONTEXT,
    CONF_PATTERN,
    CONF_VALID,
    CONF_VALID_CONTEXT,
    Detector,
    Match,
)
from scanners.detection.rules import compile_rule, load_rules, make_ruleset
from scanners.model import Severity
from synth.people import Factory

RULES = load_rules()
TODAY = date(2025, 6, 1)
DETECTORS = [Detector(RULES), Detector(RULES, use_hyperscan=False)]


@pytest.fixture(params=[0, 1], ids=["hyperscan", "python"])
def det(request: pytest.FixtureRequest) -> Detector:
    return DETECTORS[request.param]


def _by_rule(matches: list[Match], rule_id: str) -> list[Match]:
    return [m for m in matches if m.rule.id == rule_id]


def test_confidence_tiers(det: Detector) -> None:
    rid = "11011319491231002X"
    bare = _by_rule(det.detect(f"ref {rid}", today=TODAY), "identity.cn_resident_id")
    ctx = _by_rule(det.detect(f"身份证号 {rid}", today=TODAY), "identity.cn_resident_id")
    assert bare and ctx
    assert bare[0].confidence == pytest.approx(CONF_VALID + 0.03)  # + known region
    assert ctx[0].confidence == pytest.approx(CONF_VALID_CONTEXT + 0.03)
    assert ctx[0].keyword == "身份证"
    # Pattern-only tiers, with a rule built for the purpose.
    rule = compile_rule(
        {"id": "t.x", "title": "t", "category": "basic", "severity": "low",
         "pattern": "ZX[0-9]{4}", "boundary": "alnum", "context": ["code"],
         "examples": {"match": ["ZX1234"]}},
        "t.toml",
    )  # fmt: skip
    d = Detector(make_ruleset([rule]))
    assert d.detect("ZX1234")[0].confidence == CONF_PATTERN
    assert d.detect("code ZX1234")[0].confidence == CONF_CONTEXT


def test_require_context(det: Detector) -> None:
    assert not _by_rule(det.detect("E12345678"), "identity.cn_passport")
    found = _by_rule(det.detect("护照号码：E12345678"), "identity.cn_passport")
    assert found and found[0].keyword == "护照" and found[0].value == "E12345678"


def test_negative_context(det: Detector) -> None:
    assert _by_rule(det.detect("13812345678"), "contact.cn_mobile")
    assert not _by_rule(det.detect("订单号 13812345678"), "contact.cn_mobile")
    # A positive keyword next to it wins over the negative one.
    assert _by_rule(det.detect("订单联系电话 13812345678"), "contact.cn_mobile")


def test_weak_value_needs_keyword_and_loses_to_negative(det: Detector) -> None:
    bad_luhn = "6222021234567890"  # UnionPay, Luhn fails
    assert not _by_rule(det.detect(bad_luhn), "financial.payment_card")
    found = _by_rule(det.detect(f"银行卡号 {bad_luhn}"), "financial.payment_card")
    assert found and found[0].severity == Severity.MEDIUM
    assert found[0].confidence == CONF_CONTEXT
    assert not _by_rule(det.detect(f"card 流水号 {bad_luhn}"), "financial.payment_card")


def test_near_rules(det: Detector) -> None:
    near = det.detect("卡号 4539 1488 0343 6467 CVV 123 有效期 09/28")
    assert _by_rule(near, "financial.card_cvv") and _by_rule(near, "financial.card_expiry")
    far = det.detect("卡号 4539 1488 0343 6467" + " 其他内容" * 60 + " CVV 123 有效期 09/28")
    assert _by_rule(far, "financial.payment_card")
    assert not _by_rule(far, "financial.card_cvv")
    assert not _by_rule(far, "financial.card_expiry")
    assert not _by_rule(det.detect("CVV 123"), "financial.card_cvv")


def test_the_security_code_of_a_test_card_is_test_data(det: Detector) -> None:
    """A payment SDK's test: the published card is low as test data, so is its CVC; the
    CVC of a card that is no test card stays critical, also beside a test card."""
    test = det.detect('"number": "4242424242424242",\n"exp_month": 8,\n"cvc": "314",\n')
    [cvv] = _by_rule(test, "financial.card_cvv")
    assert cvv.severity is Severity.LOW and cvv.detail["test_data"] == "yes"
    real = det.detect("卡号 4539 1488 0343 6467 CVV 123")
    [cvv] = _by_rule(real, "financial.card_cvv")
    assert cvv.severity is Severity.CRITICAL
    both = det.detect("测试卡 4242424242424242；卡号 4539 1488 0343 6467 CVV 123")
    [cvv] = _by_rule(both, "financial.card_cvv")
    assert cvv.severity is Severity.CRITICAL


def test_csv_column_header_is_context(det: Detector) -> None:
    text = "姓名,身份证号,备注\n张三,110105491231002,无\n"
    no_header = _by_rule(det.detect(text.split("\n", 1)[1]), "identity.cn_resident_id_15")
    assert not no_header
    with_header = _by_rule(
        det.detect(text.split("\n", 1)[1], columns=["姓名", "身份证号", "备注"], delimiter=","),
        "identity.cn_resident_id_15",
    )
    assert with_header and with_header[0].keyword == "身份证"
    names = _by_rule(
        det.detect("\n张三,x,y\n", columns=["姓名", "a", "b"], delimiter=","), "basic.person_name"
    )
    assert [m.value for m in names] == ["张三"]


def test_boundaries_in_chinese_text(det: Detector) -> None:
    text = "身份证号11011319491231002X联系电话13812345678"
    found = det.detect(text, today=TODAY)
    assert [(m.rule.id, m.value) for m in found if m.rule.id.startswith(("identity", "contact"))] == [
        ("identity.cn_resident_id", "11011319491231002X"),
        ("contact.cn_mobile", "13812345678"),
    ]
    card = _by_rule(det.detect("银行卡号6217002870001234564联系人"), "financial.payment_card")
    assert card and card[0].value == "6217002870001234564"


def test_offsets_are_character_offsets(det: Detector) -> None:
    text = "客户：王五，手机号码是13912345678。"
    m = _by_rule(det.detect(text), "contact.cn_mobile")[0]
    assert text[m.start : m.end] == "13912345678"


HARD_NEGATIVES = [
    "订单号：202401151234567890123，已发货",
    "快递单号 SF1234567890123 已签收",
    "ts=1700000000 event=login_ok",
    '"createdAt": 1700000000123',
    "request_id=550e8400-e29b-41d4-a716-446655440000",
    "md5sum d41d8cd98f00b204e9800998ecf8427e",
    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "User-Agent: Mozilla/5.0 Chrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36",
    "版本 3.7.13812345678",
    "编号 11011319491231002Y 作废",
    "参考编号 A123456(4)",
    "统一社会信用代码：91350100M000100Y43",
    "流水号 99913812345678123",
    "serial no. 4539148803436468",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    "v2.13.45 released",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_silent(det: Detector, text: str) -> None:
    assert det.detect(text, today=TODAY) == []


def test_generated_hard_negatives_are_silent() -> None:
    f = Factory(seed=5, today=TODAY)
    det = DETECTORS[0]
    loud = []
    for kind in Factory.NEGATIVE_KINDS:
        for _ in range(40):
            _, value, sentence = f.negative(kind)
            found = [m for m in det.detect(sentence, today=TODAY) if value in sentence[m.start - 2 : m.end + 2] or m.value in value]
            if found:
                loud.append((kind, sentence, [(m.rule.id, m.value) for m in found]))
    assert not loud, loud[:5]


MASKED = [
    ("身份证：110101********1234", "identity.cn_resident_id_masked"),
    ("卡号 6222 **** **** 0123", "financial.payment_card_masked"),
    ("card 622202******0123", "financial.payment_card_masked"),
    ("手机 138****5678", "contact.cn_mobile_masked"),
]


@pytest.mark.parametrize(("text", "rule_id"), MASKED)
def test_masked_values_only_masked_rules(det: Detector, text: str, rule_id: str) -> None:
    found = det.detect(text, today=TODAY)
    assert {m.rule.id for m in found} == {rule_id}
    assert all(m.severity == Severity.LOW for m in found)


def test_minor_detection_with_fixed_today(det: Detector) -> None:
    f = Factory(seed=9, today=TODAY)
    child = f.resident_id(child=True)
    adult = f.resident_id(born=date(1990, 1, 1))
    found = det.detect(f"身份证 {child}；家长身份证 {adult}", today=TODAY)
    minors = _by_rule(found, "minor.under14")
    assert len(minors) == 1 and minors[0].value == child
    assert minors[0].detail["via"] == "identity.cn_resident_id"
    dob = _by_rule(det.detect("出生日期：2015-03-08", today=TODAY), "minor.under14")
    assert dob and dob[0].detail["age"] == "10"
    assert not _by_rule(det.detect("出生日期：2010-03-08", today=TODAY), "minor.under14")
    # The 14th birthday is the line.
    assert not _by_rule(det.detect("出生日期：2011-06-01", today=TODAY), "minor.under14")
    assert _by_rule(det.detect("出生日期：2011-06-02", today=TODAY), "minor.under14")


def test_private_key_protection_in_detail(det: Detector) -> None:
    f = Factory(seed=2)
    plain = _by_rule(det.detect(f.openssh_private_key(False)), "credential.private_key")
    enc = _by_rule(det.detect(f.openssh_private_key(True)), "credential.private_key")
    assert plain[0].detail["protected"] == "no" and plain[0].severity == Severity.CRITICAL
    assert enc[0].detail["protected"] == "yes" and enc[0].severity == Severity.MEDIUM


def test_person_produces_every_field(det: Detector) -> None:
    f = Factory(seed=4, today=TODAY)
    for _ in range(30):
        p = f.person(child=False)
        text = (
            f"姓名：{p.name}\n身份证号：{p.resident_id}\n手机：{p.mobile}\n邮箱：{p.email}\n"
            f"地址：{p.address}\n银行卡：{p.card}\n"
        )
        ids = {m.rule.id for m in det.detect(text, today=TODAY)}
        assert {
            "basic.person_name",
            "identity.cn_resident_id",
            "contact.cn_mobile",
            "contact.email",
            "contact.cn_address",
            "financial.payment_card",
        } <= ids, (text, ids)


def test_keyword_order_is_the_same_in_every_process():
    """Which keyword a finding names (its "why") must not depend on the process's string
    hash seed: keywords of one length keep the rule's order."""
    import os
    import subprocess
    import sys

    code = (
        "from scanners.detection.detect import Detector\n"
        "from scanners.detection.rules import load_rules\n"
        "d = Detector(load_rules())\n"
        "text = '收件人\\t手机号\\t收货地址\\n蔡豪\\t18848337887\\t上海市浦东新区文化路328号504室\\n'\n"
        "ms = d.detect(text, ['收件人', '手机号', '收货地址'], '\\t')\n"
        "print(repr(sorted(d._keywords.items())), [(m.rule.id, m.keyword) for m in ms])\n"
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outs) == 1
    assert "('contact.cn_address', '地址')" in outs.pop()


def test_a_minor_finding_is_as_serious_as_what_it_is_found_in(det: Detector) -> None:
    """A child's ID number (high) makes a critical minor finding; a child's birth date
    after its label (medium) a high one."""
    from datetime import date

    today = date(2026, 12, 7)
    by_id = det.detect("学生身份证号：110105201801010019\n", today=today)
    by_date = det.detect("出生日期：2018-01-01\n", today=today)
    [minor] = _by_rule(by_id, "minor.under14")
    assert minor.severity is Severity.CRITICAL
    [birth] = _by_rule(by_date, "basic.birth_date")
    [minor] = _by_rule(by_date, "minor.under14")
    assert birth.severity is Severity.MEDIUM and minor.severity is Severity.HIGH

