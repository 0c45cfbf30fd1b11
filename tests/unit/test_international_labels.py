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
