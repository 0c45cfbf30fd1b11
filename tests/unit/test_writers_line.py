"""finding_line is hand-assembled for speed; it must stay byte-identical to json.dumps of the
one export record (scanners.export.records.finding_record)."""

from __future__ import annotations

import json

import pytest

from scanners.assessment.scoring import Acceptance
from scanners.export.records import RecordContext, finding_record
from scanners.export.writers import finding_line
from scanners.model import Category, Finding, Severity

ODD = ["", "plain", "引号\"和\\反斜杠", "line\nbreak\ttab\r", "\u2028\u2029", "\x00\x1f\x7f",
       "emoji 😀", "\ud800 lone surrogate", "a'b"]


def _contexts(text: str) -> list[RecordContext]:
    return [RecordContext(), RecordContext(7, text or "h", "2026-01-01T00:00:00.000+00:00",
                                           [Acceptance("ab" * 16, reason=text)], "zh")]


@pytest.mark.parametrize("text", ODD)
@pytest.mark.parametrize("confidence", [0.0, 1, 1.0, 0.95, 0.123456, 0.1 + 0.2])
def test_line_equals_json_dumps(text: str, confidence: float) -> None:
    contexts = _contexts(text)
    for line, start, end, path in [(None, None, None, None), (0, 3, 4, text), (12, 0, 99999, "p")]:
        for detail in ({}, {"k": text}, {"folded": "yes", "distinct": "3", text: "v"}):
            f = Finding(
                scanner="content.files", rule="identity.cn_resident_id",
                category=Category.IDENTITY, severity=Severity.HIGH, location=text + "/x.txt",
                preview=text, fingerprint="ab" * 16, confidence=confidence, line=line,
                start=start, end=end, path=path, count=7, detail=detail,
            )
            for ctx in contexts:
                line_ = finding_line(f, ctx)
                assert line_ == json.dumps(finding_record(f, ctx), ensure_ascii=False)
                assert json.loads(line_)["preview"] == text


def test_non_string_detail_values_fall_back_to_the_generic_encoder() -> None:
    f = Finding(scanner="s", rule="r", category=Category.BASIC, severity=Severity.LOW,
                location="l", preview="p", fingerprint="f", confidence=0.5,
                detail={"n": 3, "ok": True, "x": None})  # type: ignore[dict-item]
    ctx = RecordContext()
    assert finding_line(f, ctx) == json.dumps(finding_record(f, ctx), ensure_ascii=False)


def test_table_lists_grants_with_device_app_state_and_revoke_step() -> None:
    import io
    from datetime import UTC, datetime

    from scanners.assessment.scoring import score
    from scanners.detection.redact import Redactor
    from scanners.export.writers import write_table
    from scanners.model import ScanResult
    from scanners.sources.permissions.common import Grant, grant_finding

    class Ctx:
        redactor = Redactor(b"k" * 32)

    g = Grant(source="snap", app="zoom-client", app_name="Zoom", permission="camera",
              exposes=Category.BIOMETRIC, severity=Severity.HIGH, broad=True,
              revoke="snap disconnect zoom-client:camera")
    f = grant_finding(Ctx(), "permissions.snap", g)  # type: ignore[arg-type]
    result = ScanResult(started=datetime.now(UTC), findings=[f])
    out = io.StringIO()
    write_table(result, score(result.findings), out)
    text = out.getvalue()
    assert "App permissions" in text
    assert "this computer Zoom: camera (allowed, broad)" in " ".join(text.split())
    assert "to revoke: snap disconnect zoom-client:camera" in text


def test_pieces_shared_between_findings_stay_each_findings_own() -> None:
    """finding_line keeps the JSON of what findings share (rule, severity, confidence,
    remediation) per context: a stream of mixed findings still gives each its own line."""
    import itertools

    ctx = RecordContext(3, "h", "2026-01-01T00:00:00.000+00:00",
                        [Acceptance("cd" * 16, reason="ok")], "en")
    kinds = itertools.product(
        ["identity.cn_resident_id", "credential.password_assignment", "contact.email"],
        [Severity.HIGH, Severity.LOW], [0.95, 0.4],
        [{}, {"protection": "encrypted"}, {"protection": "plain", "keyword": "密码"}],
        ["ab" * 16, "cd" * 16], [None, "b.zip"])
    lines = 0
    for rule, severity, confidence, detail, fingerprint, file in kinds:
        f = Finding(scanner="content.files", rule=rule, category=Category.IDENTITY,
                    severity=severity, location=f"/h/{rule}.txt", preview="1***",
                    fingerprint=fingerprint, confidence=confidence, line=3, start=1, end=9,
                    path=f"/h/{rule}.txt", detail=detail, file=file, member="m" if file else "")
        assert finding_line(f, ctx) == json.dumps(finding_record(f, ctx), ensure_ascii=False)
        lines += 1
    # one pair of shared pieces per rule, severity, confidence and protection
    assert lines == 144 and len(ctx._memo) == 3 * 2 * 2 * 3


def test_details_kept_per_context_stay_exact() -> None:
    """Details of text values are kept as JSON per context; 1, 1.0 and True (equal keys) are
    not, and each finding still gets its own detail."""
    ctx = RecordContext()
    details = [{"keyword": "身份证"}, {"keyword": "身份证"}, {"n": 1}, {"n": 1.0}, {"n": True},
               {"n": "1"}, {"n": [1]}, {"keyword": "phone", "via": "x"}, {"keyword": "身份证"}]
    for detail in details:
        f = Finding(scanner="s", rule="r", category=Category.BASIC, severity=Severity.LOW,
                    location="l", preview="p", fingerprint="f", confidence=0.5,
                    detail=detail)  # type: ignore[arg-type]
        assert finding_line(f, ctx) == json.dumps(finding_record(f, ctx), ensure_ascii=False)
    assert len(ctx._details) == 3
