from __future__ import annotations

from pathlib import Path

import pytest

from synth import formats as F
from tests.unit.content.helpers import hits, run


@pytest.mark.parametrize(
    "writer", [F.write_jpeg_with_gps, F.write_tiff_with_gps, F.write_heic_with_gps]
)
def test_gps_position_hit(tmp_path: Path, writer: object) -> None:
    path = writer(tmp_path / "photo.img", 39.904200, -116.407400, make="Acme", model="X1")  # type: ignore[operator]
    (hit,) = hits(run(path))
    assert hit.rule == "location.exif_gps"
    assert hit.value == "39.904200,-116.407400"
    assert hit.detail == {"make": "Acme", "model": "X1", "datetime": "2024:01:02 03:04:06"}


def test_southern_hemisphere_and_no_gps(tmp_path: Path) -> None:
    path = F.write_jpeg_with_gps(tmp_path / "a.jpg", -33.8688, 151.2093)
    assert hits(run(path))[0].value == "-33.868800,151.209300"
    assert hits(run(F.write_jpeg_with_gps(tmp_path / "b.jpg", None, None))) == []
    assert hits(run(F.write_jpeg_with_gps(tmp_path / "c.jpg", 0.0, 0.0))) == []


def test_truncated_exif_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    data = F.jpeg_bytes(10.0, 20.0)
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[:60])
    items = run(path)
    assert not hits(items)
