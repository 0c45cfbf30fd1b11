"""Account identifiers and passports found by their label (validators/accounts.py,
validators/passports.py): bank account numbers, QQ numbers, WeChat IDs and other countries'
passport numbers, made up by synth/accounts.py, are found after their keyword or under a
keyword column, by both candidate loops; without the keyword, after the next line's label,
as a QQ group's number, an app's id, a date or a number made by hand they are not."""

from __future__ import annotations

import random

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import RuleError, compile_rule, load_rules
from scanners.detection.validators import VALIDATORS
from scanners.detection.validators.common import date_like
from scanners.model import Severity
from synth import accounts as S
from tests.unit.helpers import with_loop

_RULES = load_rules()


@pytest.fixture(scope="module", params=[True, False], ids=["native", "python"])
def detector(request: pytest.FixtureRequest) -> Detector:
    return with_loop(Detector(_RULES), request.param)


def _found(det: Detector, text: str, rule_id: str, columns: tuple[str, ...] | None = None,
           delimiter: str | None = None) -> list[str]:
    return [m.value for m in det.detect(text, columns, delimiter) if m.rule.id == rule_id]


@pytest.mark.parametrize("scheme", sorted(S.SCHEMES))
def test_made_up_values_are_found_after_each_label(detector: Detector, scheme: str) -> None:
    make, labels = S.SCHEMES[scheme]
    rule_id = scheme
    r = random.Random(scheme)
    for label in labels:
        for _ in range(15):
            value = make(r)
            assert _found(detector, f"{label}{value}\n", rule_id) == [value], (label, value)
            assert _found(detector, f"ref {value} ok\n", rule_id) == [], value


@pytest.mark.parametrize(("scheme", "header"), [("financial.bank_account", "银行账号"),
                                                ("financial.bank_account", "Account Number"),
                                                ("contact.qq_number", "QQ"),
                                                ("contact.wechat_id", "微信号"),
                                                ("identity.passport_number", "Passport No"),
                                                ("identity.driver_license", "Driver License")])
def test_a_column_under_a_keyword_header_is_read_whole(detector: Detector, scheme: str,
                                                       header: str) -> None:
    make = S.SCHEMES[scheme][0]
    r = random.Random(scheme + header)
    values = [make(r) for _ in range(30)]
    filler = "x" * 40  # (every value farther from the header line than any window)
    text = f"id\t{header}\n" + "".join(f"{filler}{k}\t{v}\n" for k, v in enumerate(values))
    assert _found(detector, text, scheme, ("id", header), "\t") == values


def test_the_next_lines_label_is_no_label_for_this_value(detector: Detector) -> None:
    """Labels stand before their values: a bank account followed by the next line's "QQ："
    stays a bank account, a reference number followed by "Passport No." is nothing."""
    text = "收款账户 60520939154\nQQ：2847561923\n"
    assert _found(detector, text, "financial.bank_account") == ["60520939154"]
    assert _found(detector, text, "contact.qq_number") == ["2847561923"]
    assert _found(detector, "Ref HX4821937\nPassport No.: 563287419\n",
                  "identity.passport_number") == ["563287419"]
    assert _found(detector, "Routing 021000021 Account number: 4829301756\n",
                  "financial.bank_account") == ["4829301756"]


def test_a_mail_domain_is_no_label(detector: Detector) -> None:
    """"qq" in "lmoore@qq.com" is the mail provider, not a QQ label: the customer's IBAN or
    order number in the next cell is no QQ account."""
    text = "Linda Moore,lmoore@qq.com,NL55ABNA3758150498,SF1234567890\n"
    found = {m.rule.id for m in detector.detect(text)}
    assert not found & {"contact.qq_number", "contact.wechat_id"} and "contact.email" in found
    assert _found(detector, "QQ: 2847561923, mail 2847561923@qq.com\n",
                  "contact.qq_number") == ["2847561923"]


@pytest.mark.parametrize("text", ["QQ群：284756192", "QQ交流群 284756192", "加入QQ群 28475619",
                                  "QQ: 11111111", "QQ 1234", "QQ 0284756192", "QQ 20240105",
                                  "my $cmd = qq{58244791};", "qq(582447913)"])
def test_groups_dates_code_and_hand_made_numbers_are_no_qq_numbers(detector: Detector,
                                                                   text: str) -> None:
    assert _found(detector, text + "\n", "contact.qq_number") == []


@pytest.mark.parametrize("text", ["微信 AppID：wx8f3c2a1b9d0e4f67", "微信公众号 gh_3a9f2c1b8d7e",
                                  "WeChat Official Account", "微信：WangFang",
                                  "wechat.pay_api_v3", "my $wechat = qq{$cmd_foo};",
                                  "use WeChat::API_v2;", "微信 2847561923", "微信JS-SDK",
                                  "wechatpay-api-v3", "Flask extension for WeChat oauth2.0",
                                  "wechaty-meme-bot"])
def test_apps_words_and_code_are_no_wechat_ids(detector: Detector, text: str) -> None:
    assert _found(detector, text + "\n", "contact.wechat_id") == []


@pytest.mark.parametrize("text", ["银行账号: 20231231", "Account number: 31122023",
                                  "账号：202312311200", "银行账号 6666 8888 0000 00",
                                  "Account number: 12345678", "账号：admin 密码：12345",
                                  "银行账号：1234 5678"])
def test_dates_and_hand_made_numbers_are_no_bank_accounts(detector: Detector,
                                                          text: str) -> None:
    assert _found(detector, text + "\n", "financial.bank_account") == []


@pytest.mark.parametrize(("text", "owner"), [
    ("账号：13812345678", "contact.cn_mobile"),
    ("银行账号 6222021234567890128", "financial.payment_card"),
    ("Account number: GB82WEST12345698765432", "financial.iban"),
    ("QQ账号：2847561923", "contact.qq_number"),
    ("银行账户 11011319491231002X", "identity.cn_resident_id"),
])
def test_a_value_another_rule_names_is_that_rules(detector: Detector, text: str,
                                                  owner: str) -> None:
    found = {m.rule.id for m in detector.detect(text + "\n")}
    assert owner in found and "financial.bank_account" not in found


@pytest.mark.parametrize(("text", "owner"), [("护照号码：E12345678", "identity.cn_passport"),
                                             ("Passport: G87654321", "identity.cn_passport")])
def test_a_prc_passport_is_the_prc_rules(detector: Detector, text: str, owner: str) -> None:
    found = {m.rule.id for m in detector.detect(text + "\n")}
    assert owner in found and "identity.passport_number" not in found


@pytest.mark.parametrize("text", ["Passport issued 20150312", "passport: 123456789",
                                  "Passport photo: ABCDEFGH", "passport: A1234567", "passport 0.7.0 24876240",
                                  "Passport control <U0001F6C2>",
                                  "passport no. 00000000", "Passport 2x2 PHOTO35X45",
                                  "passport-local ABCD1234EF"])
def test_dates_words_and_hand_made_numbers_are_no_passports(detector: Detector,
                                                            text: str) -> None:
    assert _found(detector, text + "\n", "identity.passport_number") == []


def test_date_like() -> None:
    assert date_like("20231231") and date_like("31122023") and date_like("20231231120000")
    assert not date_like("20231331") and not date_like("4829301756")
    assert not date_like("18991231")  # (not a year of ours)


@pytest.mark.parametrize("name", ["bank_account", "qq_number", "wechat_id", "passport_number",
                                  "driver_license", "us_mbi"])
def test_validators_refuse_junk_without_raising(name: str) -> None:
    check = VALIDATORS[name]
    for junk in ["", "-", " ", "٣٣٣٣٣٣٣٣٣", "１２３４５６７８９", "a" * 40, "9" * 40, "_-_-_-",
                 "wx" + "f" * 16, "Ⅻ12345678"]:
        if junk:
            check(junk)  # (never raises; refusing is up to each)
    assert check("٣٨٢٩٤٧٥١٦٠") is None  # (Arabic-Indic digits: no account of ours)


def test_context_side_is_checked() -> None:
    raw = {"id": "t.x", "title": "x", "category": "contact", "severity": "low",
           "pattern": "[0-9]{5}", "context": ["qq"], "require_context": True,
           "context_side": "after", "examples": {"match": ["qq 12345"]}}
    with pytest.raises(RuleError, match="context_side"):
        compile_rule(raw)
    raw["context_side"] = "before"
    rule = compile_rule(raw)
    assert rule.context_before and rule.context_reach == -rule.context_window


@pytest.mark.parametrize(("text", "found"), [
    ("Driving licence number WILLI804155JA9AB", True),
    ("Driving licence number WILLI854155JA9AB", True),  # (a woman: the month plus 50)
    ("Driving licence number WILLI814155JA9AB", False),  # (month 14)
    ("Driving licence number WILLI804355JA9AB", False),  # (day 35)
    ("Driving licence number WILLI863155JA9AB", False),  # (month 63)
])
def test_a_british_licence_holds_a_real_birth_month_and_day(detector: Detector, text: str,
                                                            found: bool) -> None:
    assert bool(_found(detector, text + "\n", "identity.driver_license")) is found


@pytest.mark.parametrize("text", ["DL# 12345678", "driver's license: 20190412",
                                  "Driver's license class B", "driving licence: ABCDEF12",
                                  "DL# 2023-01-15"])
def test_dates_classes_and_hand_made_numbers_are_no_licences(detector: Detector,
                                                             text: str) -> None:
    assert _found(detector, text + "\n", "identity.driver_license") == []


def test_a_prc_licence_number_is_its_holders_id_number(detector: Detector) -> None:
    found = {m.rule.id for m in detector.detect("驾驶证号：11010519491231002X\n")}
    assert "identity.cn_resident_id" in found and "identity.driver_license" not in found


@pytest.mark.parametrize("text", ["MBI 5RH8DV4KS63", "MBI 5RH8DV4KL63", "MBI: 0EG4-TE5-MK73",
                                  "MBI 5RH8-DV4K-X63", "Medicare number 1EG4-TE5-MK7"])
def test_an_mbi_holds_cms_layout(detector: Detector, text: str) -> None:
    """Letters CMS never uses (S, L, O, I, B, Z), a leading 0, dashes elsewhere than after
    the 4th and 7th characters, a character short: no MBI."""
    assert _found(detector, text + "\n", "health.us_mbi") == []


def test_cms_example_mbi_is_test_data(detector: Detector) -> None:
    [m] = [m for m in detector.detect("MBI: 1EG4-TE5-MK73\n") if m.rule.id == "health.us_mbi"]
    assert m.severity is Severity.LOW and m.detail["test_data"] == "yes"


def test_a_label_counts_on_its_values_line_or_on_the_line_above_it(detector: Detector) -> None:
    """A before-only window stops at the value's own line (the line above holds another
    value's label), unless the value begins its line: then its label may stand above it,
    as forms print it. In a table it never leaves the row: the header is the column's."""
    text = "운전면허번호 Q5925692\nQQ群：1237287\n"
    assert _found(detector, text, "identity.driver_license") == ["Q5925692"]
    assert _found(detector, "Driver's license no.\n  Y8204617\n",
                  "identity.driver_license") == ["Y8204617"]
    table = "Staff ID,Passport No\nAB402813,563287419\n"
    assert _found(detector, table, "identity.passport_number", ("Staff ID", "Passport No"),
                  ",") == ["563287419"]


@pytest.mark.parametrize(("text", "rule_id", "value"), [
    ("QQ/微信：2847561923", "contact.qq_number", "2847561923"),
    ("微信/QQ：lily_chen88", "contact.wechat_id", "lily_chen88"),
    ("微信同号：13812345678", "contact.cn_mobile", "13812345678"),
])
def test_one_label_for_two_accounts(detector: Detector, text: str, rule_id: str,
                                    value: str) -> None:
    """"QQ/微信：" labels a number that is both; "微信同号" (WeChat is the phone number) is a
    phone."""
    assert _found(detector, text + "\n", rule_id) == [value]
