"""PRC licence plates (`basic.cn_plate`) and vehicle identification numbers (`basic.vin`):
plates and VINs made by synth/vehicles.py (a VIN's check digit computed there) are found, a
plate anywhere, a VIN next to its keyword; letters the schemes never use, a changed check
digit, longer runs and the forms' own examples are not (or are test data)."""

from __future__ import annotations

import random

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules
from scanners.model import Severity
from synth import vehicles as V


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_rules())


def _found(det: Detector, text: str, rule_id: str) -> list[str]:
    return [m.value for m in det.detect(text) if m.rule.id == rule_id]


@pytest.mark.parametrize("seed", range(10))
def test_plates_are_found_in_prose_and_in_a_parking_log(det: Detector, seed: int) -> None:
    r = random.Random(seed)
    plates = [V.plate(r) for _ in range(8)]
    log = "时间,车牌号,车位\n" + "".join(f"08:{k:02d},{p},B{k}\n" for k, p in enumerate(plates))
    assert _found(det, log, "basic.cn_plate") == plates
    assert _found(det, f"今天{plates[0]}在门口等你", "basic.cn_plate") == [plates[0]]


@pytest.mark.parametrize("text", ["京I12345", "京O12345", "京A1234", "京AB3CD5", "京A123456X",
                                  "X京A54321", "京A543210", "Beijing A54321"])
def test_what_no_plate_is(det: Detector, text: str) -> None:
    assert _found(det, text, "basic.cn_plate") == []


def test_the_forms_example_plates_are_test_data(det: Detector) -> None:
    for text in ("车牌：京A12345", "粤B88888"):
        [m] = [m for m in det.detect(text) if m.rule.id == "basic.cn_plate"]
        assert m.severity is Severity.LOW and m.detail["test_data"] == "yes", text


@pytest.mark.parametrize("seed", range(10))
def test_vins_are_found_next_to_their_keyword_only(det: Detector, seed: int) -> None:
    r = random.Random(seed + 50)
    vin = V.vin(r)
    assert _found(det, f"VIN: {vin}\n", "basic.vin") == [vin]
    assert _found(det, f"车架号：{vin}\n", "basic.vin") == [vin]
    assert _found(det, f"ref {vin}\n", "basic.vin") == []
    check = vin[8]
    other = "0" if check == "X" else "X" if check == "9" else str(int(check) + 1)
    assert _found(det, f"VIN: {vin[:8]}{other}{vin[9:]}\n", "basic.vin") == []


def test_a_vin_with_letters_it_never_holds_is_refused(det: Detector) -> None:
    vin = V.vin(random.Random(3))
    for bad in ("I", "O", "Q"):
        changed = vin[:4] + bad + vin[5:]
        assert _found(det, f"VIN {changed}", "basic.vin") == []


def test_wikipedias_example_vin_is_test_data(det: Detector) -> None:
    [m] = [m for m in det.detect("VIN: 1HGCM82633A004352") if m.rule.id == "basic.vin"]
    assert m.severity is Severity.LOW and m.detail["test_data"] == "yes"
