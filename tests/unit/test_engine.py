"""engine.audit(): scanners in one table, errors recorded, cancel keeps partial results."""

from __future__ import annotations

from typing import ClassVar

import pytest

from scanners import engine, registry
from scanners.model import Finding

from .helpers import ADULT_ID, OTHER_ID


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    for i in range(40):
        d = root / f"d{i % 5}"
        d.mkdir(parents=True, exist_ok=True)
        value = ADULT_ID if i % 2 else OTHER_ID
        (d / f"f{i}.txt").write_text(f"记录 {i}\n身份证号 {value}\n", encoding="utf-8")
    return root


def _key(f: Finding):
    return (f.path, f.rule, f.start, f.end, f.fingerprint, f.preview)


def test_pool_and_inline_give_the_same_findings(tree):
    inline = engine.audit(engine.make_context([tree], jobs=1, cache=False))
    pooled = engine.audit(engine.make_context([tree], jobs=2, cache=False))
    assert not inline.errors and not pooled.errors
    assert len(inline.findings) == 40
    assert sorted(map(_key, inline.findings)) == sorted(map(_key, pooled.findings))
    assert pooled.stats.files_scanned == 40


def test_cancel_mid_scan_keeps_partial_results(tree):
    ctx = engine.make_context([tree], jobs=2, cache=False)
    seen: list[Finding] = []

    def on_finding(f: Finding) -> None:
        seen.append(f)
        if len(seen) == 3:
            ctx.cancel.set()

    result = engine.audit(ctx, on_finding=on_finding)
    assert result.cancelled
    assert 3 <= len(result.findings) < 40
    assert result.finished is not None


def test_cancel_inline(tree):
    ctx = engine.make_context([tree], jobs=1, cache=False)
    ctx.cancel.set()
    result = engine.audit(ctx)
    assert result.cancelled and result.findings == []


class Exploding:
    id: ClassVar[str] = "test.exploding"
    title: ClassVar[str] = "raises"

    def applies(self, ctx):
        return True

    def scan(self, ctx):
        raise RuntimeError(f"broken while reading {ADULT_ID}")
        yield  # pragma: no cover


def test_a_raising_scanner_becomes_an_error_and_the_audit_goes_on(tree, monkeypatch):
    monkeypatch.setattr(registry, "SCANNERS", (Exploding, *registry.SCANNERS))
    result = engine.audit(engine.make_context([tree], jobs=1, cache=False))
    assert [e.scanner for e in result.errors] == ["test.exploding"]
    assert result.errors[0].reason == "internal"
    assert ADULT_ID not in result.errors[0].message  # values in exception texts are masked
    assert len(result.findings) == 40


def test_scanner_selection_by_prefix():
    assert [s.id for s in registry.select(["content"])] == ["content.files"]
    with pytest.raises(ValueError, match="unknown scanner"):
        registry.select(["stores.nothing"])


def test_rule_selection(tree):
    result = engine.audit(engine.make_context([tree], jobs=1, cache=False, rule_ids=["contact"]))
    assert result.findings == []


def test_occurrences_beyond_the_per_rule_limit_are_folded(tmp_path):
    from scanners.base import Limits

    from .helpers import ric

    ids = [ric("110105", f"19{50 + i % 40:02d}0101", f"{i % 1000:03d}") for i in range(500)]
    (tmp_path / "export.csv").write_text(
        "姓名,身份证号\n" + "".join(f"x,{v}\n" for v in ids), encoding="utf-8"
    )
    ctx = engine.make_context([tmp_path], jobs=1, cache=False, limits=Limits(max_findings_per_rule=100))
    found = [f for f in engine.audit(ctx).findings if f.rule == "identity.cn_resident_id"]
    listed = [f for f in found if f.count == 1]
    folded = [f for f in found if f.detail.get("folded") == "yes"]
    assert len(listed) == 100 and len(folded) == 1
    assert folded[0].count == 400
    assert folded[0].detail["distinct"] == str(len(set(ids[100:])))
    assert sum(f.count for f in found) == 500
    assert all(v not in folded[0].preview for v in ids)
    everything = engine.audit(engine.make_context([tmp_path], jobs=1, cache=False,
                                                  limits=Limits(max_findings_per_rule=0)))
    assert len([f for f in everything.findings if f.rule == "identity.cn_resident_id"]) == 500


def test_cached_minor_findings_expire_on_the_14th_birthday(tmp_path):
    from datetime import date

    from .helpers import ric

    child = ric("440305", "20130615", "007")  # 13 on 2027-06-14, 14 on 2027-06-15
    (tmp_path / "kid.txt").write_text(f"身份证号 {child}\n", encoding="utf-8")

    def scan(day: date):
        result = engine.audit(engine.make_context([tmp_path], jobs=1, today=day))
        return result.stats.files_cached, {f.rule for f in result.findings}

    assert scan(date(2027, 6, 1)) == (0, {"identity.cn_resident_id", "minor.under14"})
    assert scan(date(2027, 6, 14)) == (1, {"identity.cn_resident_id", "minor.under14"})
    assert scan(date(2027, 6, 15)) == (0, {"identity.cn_resident_id"})


def test_statuses_say_why_a_scanner_did_not_look(tmp_path, monkeypatch):
    """A scanner that cannot look records why; the result and the JSON output carry it."""
    import io
    import json as _json
    from collections.abc import Iterator as _It

    from scanners import engine as _engine
    from scanners import registry as _registry
    from scanners.assessment.scoring import score
    from scanners.export import writers

    class NoTool:
        id: ClassVar[str] = "permissions.fake"
        title: ClassVar[str] = "Fake"

        def applies(self, ctx):
            ctx.unavailable(self.id, "not-installed", "fake-tool was not found")
            return False

        def scan(self, ctx) -> _It[object]:
            raise AssertionError("must not run")

    monkeypatch.setattr(_registry, "SCANNERS", (*_registry.SCANNERS, NoTool))
    (tmp_path / "a.txt").write_text("nothing here\n")
    ctx = _engine.make_context([tmp_path], cache=False)
    result = _engine.audit(ctx)
    st = result.statuses["permissions.fake"]
    assert st.state == "not-applicable"
    assert st.notes == [("not-installed", "fake-tool was not found")]
    assert result.statuses["content.files"].state == "ran"
    out = io.StringIO()
    writers.write_json(result, score(result.findings), out)
    doc = _json.loads(out.getvalue())
    fake = next(s for s in doc["statuses"] if s["scanner"] == "permissions.fake")
    assert fake["notes"][0]["reason"] == "not-installed"


def test_the_table_names_each_scanner_by_its_id():
    assert [sid for sid, _m, _c in registry.TABLE] == [s.id for s in registry.SCANNERS]
    assert [(s.__module__, s.__name__) for s in registry.SCANNERS] == [
        (m, c) for _sid, m, c in registry.TABLE]


def test_choosing_the_file_scanner_loads_no_other_scanner():
    """`--scanners content` (an unchanged rescan takes half a second) does not import the
    browser, phone and permission scanners."""
    import subprocess
    import sys

    code = ("import sys; from scanners import registry; "
            "print([s.id for s in registry.select(['content'])], "
            "sorted(m for m in sys.modules if m.startswith('scanners.sources.') "
            "and not m.startswith('scanners.sources.content')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['content.files'] []"
