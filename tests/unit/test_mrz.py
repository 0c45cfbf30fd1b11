"""The machine-readable zone of passports, ID cards and visas (`identity.mrz`): zones made by
synth/mrz.py (check digits computed there, independently of the validator) are found as the
data line (TD3, TD2) or the first two lines (TD1) without any keyword; a changed character,
an impossible date, lower case or a longer run are not; ICAO's Utopia specimens are test
data; a child's passport makes a minor's finding; the birth date never leaves the detector."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from scanners.cli.entry import main
from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules
from scanners.detection.validators.mrz import check_digit, mrz_at
from scanners.model import Severity
from synth import mrz as M

TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_rules())


def _mrz(det: Detector, text: str) -> list[str]:
    return [m.value for m in det.detect(text) if m.rule.id == "identity.mrz"]


def test_icao_check_digits() -> None:
    # ICAO Doc 9303 part 3's worked examples
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("D23145890") == "7"


@pytest.mark.parametrize("seed", range(20))
def test_made_up_zones_are_found_without_a_keyword(det: Detector, seed: int) -> None:
    r = random.Random(seed)
    name, line = M.td3(r)
    page = f"Scan 0{seed}.jpg, page 1\n\n{name}\n{line}\n\nChecked by the front desk.\n"
    assert _mrz(det, page) == [line]
    name2, line2 = M.td2(r)
    assert _mrz(det, f"{name2}\r\n{line2}\r\n") == [line2]
    first, second, third = M.td1(r)
    assert _mrz(det, f"{first}\n{second}\n{third}\n") == [f"{first}\n{second}"]
    assert _mrz(det, f"{first}\r\n{second}\r\n{third}\r\n") == [f"{first}\r\n{second}"]


@pytest.mark.parametrize("seed", range(10))
def test_a_changed_character_is_refused(det: Detector, seed: int) -> None:
    r = random.Random(seed + 100)
    _name, line = M.td3(r)
    assert _mrz(det, M.wrong_check(line)) == []
    # a birth date digit: its check digit no longer holds
    k = 13 + seed % 6
    other = str((int(line[k]) + 5) % 10)
    assert _mrz(det, line[:k] + other + line[k + 1:]) == []
    # the expiry's check digit
    assert _mrz(det, line[:27] + str((int(line[27]) + 1) % 10) + line[28:]) == []


def test_impossible_dates_lower_case_and_longer_runs_are_refused(det: Detector) -> None:
    body = "X1234567<"
    born, expires = "741312", "300101"  # month 13
    line = (body + check_digit(body) + "DEU" + born + check_digit(born) + "F" + expires
            + check_digit(expires) + "<" * 16)
    assert mrz_at(line, TODAY) is None
    _name, good = M.td3(random.Random(3))
    assert _mrz(det, good.lower()) == []
    assert _mrz(det, good + "<") == []
    assert _mrz(det, "A" + good) == []


def test_a_birth_in_the_future_is_read_in_the_century_before() -> None:
    body = "X1234567<"
    born, expires = "271231", "300101"
    line = (body + check_digit(body) + "DEU" + born + check_digit(born) + "F" + expires
            + check_digit(expires) + "<" * 15)
    line += check_digit(line[:10] + line[13:20] + line[21:43])
    verdict = mrz_at(line, TODAY)
    assert verdict is not None and verdict.detail["birth_date"] == "1927-12-31"
    assert verdict.detail["type"] == "passport"


def test_icao_specimens_are_test_data(det: Detector) -> None:
    specimens = ("L898902C36UTO7408122F1204159ZE184226B<<<<<10",
                 "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6",
                 "D231458907UTO7408122F1204159<<<<<<<6")
    for text in specimens:
        [m] = [m for m in det.detect(text) if m.rule.id == "identity.mrz"]
        assert m.severity is Severity.LOW and m.detail["test_data"] == "yes", text
    _name, line = M.td3(random.Random(8), state="FRA")
    [m] = [m for m in det.detect(line) if m.rule.id == "identity.mrz"]
    assert m.severity is Severity.HIGH and "test_data" not in m.detail


def test_hostile_runs_of_fillers_and_digits_cost_nothing(det: Detector) -> None:
    text = ("<" * 200_000 + "\n") + ("1234567M1234567" * 10_000) + "\n" + ("A<" * 50_000)
    assert _mrz(det, text) == []


def test_a_childs_passport_is_a_minors_finding_and_no_birth_date_leaves(tmp_path, capsys) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    name, line = M.a_child_passport(random.Random(4), date.today().year)
    (folder / "passport_ocr.txt").write_text(f"{name}\n{line}\n", encoding="utf-8")
    code = main(["scan", str(folder), "--format", "jsonl", "--jobs", "1", "--no-log",
                 "--scanners", "content"])
    out = capsys.readouterr().out
    assert code == 0
    rows = [json.loads(x) for x in out.splitlines()]
    by_rule = {r["rule"]: r for r in rows}
    assert set(by_rule) >= {"identity.mrz", "minor.under14"}
    assert by_rule["minor.under14"]["severity"] == "critical"
    born = line[13:19]
    assert line not in out and born not in out and "birth_date" not in out
