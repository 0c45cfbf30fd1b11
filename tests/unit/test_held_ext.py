"""_held.c (a file scan's held matches: line numbers and per-rule folding) against the Python
loops it twins (filescan._hold, filescan._fold).

Compared on the matches the detector finds in the benchmark's dense file kinds, fed chunk by
chunk as a file scan does (overlapping boundaries, several limits, a minor's rule), and on
hypothesis-made matches: the held items, the kept items and minors, the per-rule counts and
every field of every fold must be the same.
"""

from __future__ import annotations

import functools
import random
import shutil
import sysconfig
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanners.detection.detect import MINOR_RULE, Detector, Match
from scanners.detection.rules import load_rules
from scanners.model import Severity
from scanners.sources.content import filescan
from scanners.sources.content.filescan import _Fold, _fold, _hold

ROOT = Path(__file__).resolve().parents[2]
needs_module = pytest.mark.skipif(filescan._held is None, reason="_held.c not built here")


def test_built_where_a_compiler_is() -> None:
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if (shutil.which(compiler) or shutil.which("cc")) and headers.exists():
        assert filescan._held is not None, "_held.c was not built (make)"


def _folds_state(folds: dict[str, _Fold]) -> list[tuple[Any, ...]]:
    return [(k, f.rule.id, f.count, f.confidence, f.severity, sorted(f.distinct))
            for k, f in folds.items()]


def _both(chunks: list[tuple[list[Match], str, int, int, int]], limit: int) -> None:
    """The chunks (matches, text, offset, boundary, line) held and flushed by both ways."""
    module = filescan._held
    sides: list[dict[str, Any]] = []
    for hold, fold in ((_hold, _fold), (module.hold, module.fold)):
        held: list[Any] = []
        kept_of: dict[str, int] = {}
        folds: dict[str, _Fold] = {}
        lines, kept, minors = [], [], []
        for matches, text, offset, boundary, line in chunks:
            lines.append(hold(matches, text, offset, boundary, line, held))
            k, m = fold(held, limit, kept_of, folds, _Fold, MINOR_RULE)
            kept.append(list(k))
            minors.append(list(m))
            held.clear()
        sides.append({"lines": lines, "kept": kept, "minors": minors,
                      "kept_of": list(kept_of.items()), "folds": _folds_state(folds)})
    python, native = sides
    for key in python:
        assert native[key] == python[key], key


@functools.cache
def _detector() -> Detector:
    return Detector(load_rules())


@functools.cache
def _gen_corpus() -> Any:
    from tests.unit.test_validators_speed_equivalence import _gen_corpus as load

    return load()


@needs_module
@pytest.mark.parametrize("kind", ["export_zh", "export_en", "dlog", "djson"])
def test_same_on_a_dense_files_chunks(kind: str) -> None:
    text = _gen_corpus()._text_for(kind, random.Random(7), 60_000, True)[1]
    detector = _detector()
    # chunks as a file scan reads them: each overlapping the one before by 200 characters,
    # the overlap split in its middle (FileScanner._text)
    chunks = []
    offset, line, size = 0, 1, 9_000
    while offset < len(text):
        part = text[offset : offset + size]
        boundary = offset + 100 if offset else 0
        chunks.append((detector.detect(part), part, offset, boundary, line))
        line += part.count("\n", 0, max(0, size - 200))
        offset += size - 200
    assert sum(len(c[0]) for c in chunks) > 300
    for limit in (0, 1, 5, 50, 10_000):
        _both(chunks, limit)


_RULES = {rule.id: rule for rule in load_rules()}
_IDS = [*sorted(_RULES)[:6], MINOR_RULE]  # six rules and the minor's


@st.composite
def _chunk(draw: st.DrawFn) -> tuple[list[Match], str, int, int, int]:
    text = draw(st.text(alphabet="ab\n身", max_size=60))
    starts = sorted(draw(st.lists(st.integers(0, len(text) + 3), max_size=25)))
    matches = [
        Match(_RULES[draw(st.sampled_from(_IDS))], s, s + 2,
              draw(st.sampled_from(["x", "y", str(s)])),  # values that repeat, and that do not
              draw(st.sampled_from([0.2, 0.5, 0.5, 0.9])), draw(st.sampled_from(list(Severity))))
        for s in starts
    ]
    offset = draw(st.integers(0, 500))
    boundary = draw(st.sampled_from([0, offset, offset + 3, offset + 100]))
    return matches, text, offset, boundary, draw(st.integers(1, 40))


@needs_module
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_chunk(), min_size=1, max_size=5), st.sampled_from([0, 1, 2, 3, -1]))
def test_same_on_generated_matches(chunks: list[Any], limit: int) -> None:
    _both(chunks, limit)


@needs_module
def test_refuses_what_is_not_a_held_item() -> None:
    module = filescan._held
    with pytest.raises(TypeError):
        module.fold([("not", "three items")], 1, {}, {}, _Fold, MINOR_RULE)
    for hold in (_hold, module.hold):  # not a match: the same error either way
        with pytest.raises(AttributeError):
            hold([object()], "", 0, 0, 1, [])
