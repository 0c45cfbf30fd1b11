"""Other countries' street addresses without a label (`contact.intl_street`): the cells of an
address or street column in a contacts export or spreadsheet, a line beside an address word;
never a street in a sentence on its own."""

from __future__ import annotations

import random

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_rules())


def _values(det: Detector, text: str, columns=None, delimiter=None) -> list[str]:
    return [m.value for m in det.detect(text, columns, delimiter)
            if m.rule.id == "contact.intl_street"]


def test_an_address_column_of_a_contacts_export(det):
    # Outlook's German export names its columns "Straße privat", Google's "Address 1 - Street"
    rows = ["Vorname,Nachname,Straße privat,Postleitzahl privat,Ort privat",
            "Jörg,Müller,Hauptstraße 5,10115,Berlin",
            "Anna,Schmidt,Lindenallee 12a,50667,Köln",
            "Sanne,de Vries,Dorpsstraat 3,1234 AB,Utrecht",
            "Ana,García,Calle Mayor 5,28013,Madrid",
            "Luc,Martin,12 rue de la Paix,75002,Paris",
            "Jan,Kowalski,ul. Długa 5,00-238,Warszawa",
            "Aino,Virtanen,Mannerheimintie 3 B,00100,Helsinki"]
    text = "\n".join(rows[1:]) + "\n"
    found = _values(det, text, rows[0].split(","), ",")
    assert found == ["Hauptstraße 5", "Lindenallee 12a", "Dorpsstraat 3", "Calle Mayor 5",
                     "12 rue de la Paix", "ul. Długa 5", "Mannerheimintie 3 B"]


def test_beside_an_address_word_with_its_postal_code_and_town(det):
    assert _values(det, "Neue Adresse ab Mai, bitte notieren: Arthur-Sager-Straße 5, "
                        "34329 Schongau") == ["Arthur-Sager-Straße 5, 34329 Schongau"]
    assert _values(det, "Lieferung an: Calle Mayor 5, 28013 Madrid (Adresse geändert)") == [
        "Calle Mayor 5, 28013 Madrid"]
    # an English "address" word is no context (every IP and e-mail address in a manual)
    assert _values(det, "address book entry - Calle Mayor 5, 28013 Madrid") == []


@pytest.mark.parametrize("text", [
    "Hauptstraße 5, 10115 Berlin",  # no address word, no column
    "We met on Calle Mayor 5 times last year",
    "address: the route 5 is closed",
    "Straße,PLZ,Ort\nHauptstraße,10115,Berlin",  # no house number
])
def test_no_address_without_its_word_or_its_parts(det, text):
    assert _values(det, text) == []


def test_a_labelled_address_is_the_labelled_rules(det):
    found = [(m.rule.id, m.value) for m in det.detect("Adresse: Hauptstraße 5, 10115 Berlin")]
    assert found == [("contact.intl_address", "Hauptstraße 5, 10115 Berlin")]


def test_form_placeholders_are_test_data(det):
    found = [m for m in det.detect("Straße,PLZ,Ort\nMusterstraße 1,12345,Musterstadt\n",
                                   ["Straße", "PLZ", "Ort"], ",")
             if m.rule.id == "contact.intl_street"]
    assert [m.detail.get("test_data") for m in found] == ["yes"]


def test_found_as_without_hyperscan():
    rules = load_rules()
    fast, slow = Detector(rules), Detector(rules, use_hyperscan=False)
    rng = random.Random(4)
    parts = ["Adresse: ", "address ", "Hauptstraße ", "Calle Mayor ", "rue de la Paix ", "12 ",
             "5", ", ", "10115 Berlin", "true ", "plaza ", "Via Roma ", "ul. Długa ", "\n",
             "Straße,Ort\n", "Dorpsstraat 3,", "Köln\n", "é", "42"]
    text = "".join(rng.choice(parts) for _ in range(5000))

    def key(d: Detector) -> list[tuple[str, int, int]]:
        return [(m.rule.id, m.start, m.end) for m in d.detect(text)]

    assert key(fast) == key(slow)
    assert any(rule == "contact.intl_street" for rule, _, _ in key(fast))
