"""Issue 14, financial and SSN classes: IBAN formatting and registry countries, SSN
separators, several cards on a line, BIN-table brands, and card look-alikes."""

from __future__ import annotations

from datetime import date

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules
from scanners.detection.validators.financial import card_brand, iban, payment_card
from synth.labelled import financial14_docs

DETECTOR = Detector(load_rules())


def found(text: str, rule: str) -> list[str]:
    return [m.value for m in DETECTOR.detect(text) if m.rule.id == rule]


# --- IBAN ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("Transfer to DE89-3704-0044-0532-0130-00 today", "DE89-3704-0044-0532-0130-00"),
        ("Transfer to DE89.3704.0044.0532.0130.00 today", "DE89.3704.0044.0532.0130.00"),
        ("Transfer to DE893704 00440532 013000 today", "DE893704 00440532 013000"),
        ("IBAN de89 3704 0044 0532 0130 00", "de89 3704 0044 0532 0130 00"),
        ("iban: gb82-west-1234-5698-7654-32", "gb82-west-1234-5698-7654-32"),
        ("IBAN: PT50 0002 0123 1234 5678 9015 4", "PT50 0002 0123 1234 5678 9015 4"),
        ("PT50000201231234567890154", "PT50000201231234567890154"),
        ("IBAN: DE89 3704 0044 0532 0130 00. Thanks", "DE89 3704 0044 0532 0130 00"),
    ],
)
def test_iban_formats_found(text: str, value: str) -> None:
    assert found(text, "financial.iban") == [value]


def test_two_ibans_on_one_line() -> None:
    text = "IBANs DE89370400440532013000 GB82WEST12345698765432"
    assert found(text, "financial.iban") == ["DE89370400440532013000", "GB82WEST12345698765432"]


@pytest.mark.parametrize(
    "text",
    [
        "de89 3704 0044 0532 0130 00",  # lower case needs a keyword
        "IBAN: DE88-3704-0044-0532-0130-00",  # wrong check digits
        "IBAN: PT50 0002 0123 1234 5678 9015 5",
        "IBAN: DE89-3704-0044-0532-0130-001",  # too long
        "IBAN: GB82 WEST 1234 5698 7654 3",  # too short
        "XDE89370400440532013000",
    ],
)
def test_iban_negatives(text: str) -> None:
    assert found(text, "financial.iban") == []


def test_iban_uses_registry_bban_checks() -> None:
    # ES national check digits wrong but mod-97 right: python-stdnum's BBAN check rejects it
    assert iban("ES9121000418450200051332") is not None
    assert iban("ES2121000418450200051331") is None
    assert iban("PT50000201231234567890154") is not None


# --- SSN ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("SSN: 536.22.1234", "536.22.1234"),
        ("SSN 536 22 1234", "536 22 1234"),
        ("SSN 536-22 1234", "536-22 1234"),
        ("Social Security No. 536.22-1234", "536.22-1234"),
        ("Employee 536-22-1234 payroll", "536-22-1234"),
    ],
)
def test_ssn_separators(text: str, value: str) -> None:
    assert found(text, "identity.us_ssn") == [value]


@pytest.mark.parametrize(
    "text",
    ["536.22.1234", "SSN: 666.12.3456", "SSN: 912.12.3456", "SSN: 536.00 1234",
     "SSN: 536 22-0000", "version 536.22.1234"],
)
def test_ssn_negatives(text: str) -> None:
    assert found(text, "identity.us_ssn") == []


# --- cards --------------------------------------------------------------------------------


def test_several_cards_on_one_line() -> None:
    text = "cards: 4539 1488 0343 6467 5425-2334-3010-9903 and 371449635398431"
    assert found(text, "financial.payment_card") == [
        "4539 1488 0343 6467", "5425-2334-3010-9903", "371449635398431"]


@pytest.mark.parametrize(
    "value, brand",
    [("5019717010103742", "dankort"), ("4571357912468035", "dankort"),
     ("6759649826438453", "maestro_uk"), ("6767700000000005", "maestro_uk"),
     ("676774123456785", "maestro_uk")],
)
def test_bin_table_brands(value: str, brand: str) -> None:
    assert card_brand(value) == brand


@pytest.mark.parametrize(
    "text", ["Paid with 5019 7170 1010 3742", "5019717010103742", "6759649826438453",
             "paid with 4571 3579 1246 8035"],
)
def test_bin_table_brands_found_without_label(text: str) -> None:
    assert len(found(text, "financial.payment_card")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "invoice 4539148803436467",
        "Invoice no. 4539148803436467",
        "发票号码 4539148803436467",
        "订单号：4539148803436467",
        "开户人身份证号：622202123456789013",
        "Account holder ID number: 622202123456789013",
        "5019717010103743",  # Luhn fails
    ],
)
def test_card_lookalikes(text: str) -> None:
    assert found(text, "financial.payment_card") == []


def test_luhn_failing_visa_is_not_a_card() -> None:
    assert payment_card("4539148803436468") is None


# --- the labelled documents measure every class ------------------------------------------


def test_labelled_financial14_documents() -> None:
    positives = negatives = 0
    for doc in financial14_docs(1, date(2026, 1, 1)):
        text, spans = doc.text()
        matches = DETECTOR.detect(text)
        for s, e, plant in spans:
            hits = [m for m in matches if m.start < e and m.end > s]
            if plant.rule:
                positives += 1
                assert any(m.rule.id == plant.rule and (m.start, m.end) == (s, e)
                           for m in hits), (plant, text[max(0, s - 40) : e + 10])
            else:
                negatives += 1
                assert not hits, (plant, [(m.rule.id, m.value) for m in hits])
    assert positives > 80 and negatives > 50
