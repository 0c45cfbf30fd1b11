"""Names and coordinates under labels in other languages (Faker's 17 locales, as a user's
address book or export writes them): each found by its rule, and the look-alikes not."""

from __future__ import annotations

import functools

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules


@functools.cache
def _det() -> Detector:
    return Detector(load_rules())


def _found(text: str, rule: str) -> list[tuple[str, str]]:
    return [(m.value, m.detail.get("test_data", "")) for m in _det().detect(text)
            if m.rule.id == rule]


@pytest.mark.parametrize(("text", "name"), [
    ("Name: Jörg Müller", "Jörg Müller"),
    ("Nom : François Hollande", "François Hollande"),
    ("Nombre: José García", "José García"),
    ("Imię i nazwisko: Łukasz Nowak", "Łukasz Nowak"),
    ("Naam: Sanne de Vries", "Sanne de Vries"),
    ("Nimi: Matti Virtanen", "Matti Virtanen"),
    ("이름: 김민준", "김민준"),
    ("성명: 남궁민수", "남궁민수"),
    ("氏名：佐藤 太郎", "佐藤 太郎"),
    ("お名前：鈴木花子", "鈴木花子"),
    ("姓名：张三 电话13812345678", "张三"),
])
def test_names_under_labels_in_other_languages(text: str, name: str) -> None:
    assert _found(text, "basic.person_name") == [(name, "")]


def test_what_is_no_name_under_those_labels() -> None:
    assert _found("이름: 해당없음", "basic.person_name") == []  # "not applicable": no surname
    assert _found("이름: 가나다라마", "basic.person_name") == []  # five syllables
    assert _found("nom = Dupont", "basic.person_name") == []  # one word
    # Japan's John Doe is test data
    assert _found("氏名：山田太郎", "basic.person_name") == [("山田太郎", "yes")]


@pytest.mark.parametrize("text", [
    "Koordinaten: 52.520008, 13.404954",
    "Breitengrad,Längengrad\n52.520008,13.404954",
    "Coordenadas: 40.416775, -3.703790",
    "Współrzędne: 52.229676, 21.012229",
    "緯度,経度\n35.689487,139.691706",
    "좌표: 37.566535, 126.977969",
    "координаты: 55.755826, 37.617300",
])
def test_coordinates_under_labels_in_other_languages(text: str) -> None:
    assert len(_found(text, "location.coordinates")) == 1, text


@pytest.mark.parametrize("text", [
    "Adresse: Arthur-Sager-Straße 5-6, 34329 Schongau",
    "Adresse : rue de Meunier, 43149 Garnier",
    "Dirección: C. Emiliano Badía 5, Guipúzcoa, 47261",
    "Indirizzo: Rotonda Castiglione, 61 Appartamento 73, 40026, San Prospero (BO)",
    "Adres: Kyanring 287, 3319 WT, Kwadijk",
    "Adres: ul. Władysława Łokietka 77/49, 49-970 Nowa Sól",
    "Endereço: Trecho de Fogaça, 915, Vila Maloca, 13194870 Campos / MA",
    "Osoite: Pyörökivenkatu 989, 09484 Koski Tl",
])
def test_street_addresses_of_other_countries_after_their_label(text: str) -> None:
    found = _found(text, "contact.intl_address")
    assert found == [(text.split(":", 1)[1].strip(), "")], found


def test_what_is_no_street_address_under_an_address_label() -> None:
    for text in ("Arthur-Sager-Straße 5-6, 34329 Schongau",  # no label
                 "Adresse: bitte ausfüllen", "IP address: 192.168.10.254",
                 "address: 0x7ffd5e8c1a20", "address: String(255) 12345",
                 "Address: see the attached form for details"):
        assert _found(text, "contact.intl_address") == [], text
    # a US address is the US rule's, once
    rules = [m.rule.id for m in _det().detect("Address: 123 Main Street, Springfield, IL 62704")]
    assert rules == ["contact.en_address"]
    # a form's placeholder is test data
    assert _found("Adresse: Musterstraße 1, 12345 Musterstadt", "contact.intl_address") == [
        ("Musterstraße 1, 12345 Musterstadt", "yes")]


@pytest.mark.parametrize("text", ["MAC address: C0-40-10-05-B1-19\n", "Address: 80-39-C7-79-E2-9D\n",
                                  "Adresse: 0A-1B-2C-3D-4E-5F\n"])
def test_hex_groups_after_an_address_label_are_no_street_address(text: str) -> None:
    """A MAC address after "MAC address:" has digits, a dash-joined "postcode" and
    capitals, but no name of three letters: no street or town."""
    found = [m.rule.id for m in Detector(load_rules()).detect(text)]
    assert "contact.intl_address" not in found and "contact.intl_street" not in found
