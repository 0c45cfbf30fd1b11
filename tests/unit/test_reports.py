"""Reports: self-contained HTML, PDF with Chinese text, schema-valid SARIF, OCSF 2006, safe CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from scanners import engine
from scanners.assessment.scoring import Acceptance
from scanners.export.report import from_result, write, write_text
from scanners.model import Category, Finding, Severity

from .helpers import ADULT_ID, CHILD_ID, OTHER_ID

DATA = Path(__file__).resolve().parent.parent / "data"
CARD = "6222021234567890128"  # Luhn-valid, made up
RAW = (ADULT_ID, CHILD_ID, OTHER_ID, "13812345678", CARD)


@pytest.fixture(scope="module")
def report_data(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    (home / "Downloads").mkdir()
    (home / "Downloads" / "客户.csv").write_text(
        "姓名,身份证号,手机号\n张三," + ADULT_ID + ",13812345678\n李四," + OTHER_ID + ",13912345678\n",
        encoding="utf-8")
    (home / "notes.txt").write_text(f"孩子身份证 {CHILD_ID}\n卡号 {CARD}\n=cmd|' /C calc'!A0\n",
                                    encoding="utf-8")
    result = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
    assert result.findings
    store = Finding("stores.chromium", "stores.chromium.cards", Category.FINANCIAL, Severity.HIGH,
                    "chromium:Default/Web Data#credit_cards", "=2 card(s)", "f" * 32, 0.9,
                    count=2, detail={"protection": "weak-key"})
    result.findings.append(store)
    accepted = [Acceptance(result.findings[0].fingerprint, reason="我自己的")]
    return from_result(result, accepted=accepted, lang="zh", scan_id=7)


def _render(data, fmt):
    out = io.StringIO()
    write_text(data, fmt, out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["html", "json", "csv", "sarif", "ocsf"])
def test_no_report_holds_a_full_value(report_data, fmt):
    text = _render(report_data, fmt)
    for raw in RAW:
        assert raw not in text, (fmt, raw)
    assert "1101**********002X" in text  # the masked preview is what reports show


def test_html_is_self_contained_and_printable(report_data):
    html = _render(report_data, "html")
    assert not re.search(r"https?://", html)
    assert not re.search(r"""(src|href)\s*=|@import|url\(|<script|<link|<iframe""", html, re.I)
    assert "<svg" in html and "@media print" in html
    assert "身份证件" in html and "Identity documents" in html  # category names, both languages
    assert "个人信息保护法" in html  # advice with legal basis, in Chinese
    assert "我自己的" in html  # the accepted risk and its reason


def test_pdf_opens_and_has_chinese_category_names(report_data, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "r.pdf"
    write(report_data, "pdf", out)
    reader = pypdf.PdfReader(str(out))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "身份证件" in text and "金融账户与支付" in text
    assert "个人信息暴露报告" in text
    raw_bytes = out.read_bytes()
    for raw in RAW:
        assert raw not in text and raw.encode() not in raw_bytes


def test_pdf_without_a_chinese_font_fails_clearly(report_data, tmp_path, monkeypatch):
    from scanners.export.report import pdf

    monkeypatch.setattr(pdf, "KNOWN_FONTS", ())
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    with pytest.raises(pdf.FontMissing, match="fonts-wqy-microhei"):
        pdf.render_pdf(report_data)
    monkeypatch.setenv(pdf.FONT_ENV, str(tmp_path / "missing.ttf"))
    with pytest.raises(pdf.FontMissing):
        pdf.render_pdf(report_data)


def test_sarif_is_valid_against_the_official_schema(report_data):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    doc = json.loads(_render(report_data, "sarif"))
    jsonschema.validators.validator_for(schema)(schema).validate(doc)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "piaudit"
    results = run["results"]
    assert results and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file://") for r in results)
    assert not any("chromium" in json.dumps(r) for r in results)  # file-content findings only
    assert any(r.get("suppressions") for r in results)  # the accepted risk
    ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= ids


def test_ocsf_lines_are_data_security_findings(report_data):
    lines = _render(report_data, "ocsf").splitlines()
    assert len(lines) == len(report_data.findings)
    for line in lines:
        ev = json.loads(line)
        assert ev["class_uid"] == 2006 and ev["category_uid"] == 2
        assert ev["type_uid"] == 200601 and ev["activity_id"] == 1
        assert ev["severity_id"] in range(0, 7) and isinstance(ev["time"], int)
        assert ev["finding_info"]["uid"] and ev["finding_info"]["title"]
        assert ev["metadata"]["version"] and ev["metadata"]["product"]["name"] == "piaudit"
        assert ev["device"]["type_id"] in (2, 3) and ev["data_security"]["data_lifecycle_state_id"] == 1
        if "file" in ev:
            assert ev["file"]["type_id"] == 1 and ev["file"]["name"]


def test_csv_escapes_formulas_and_has_a_bom(report_data, tmp_path):
    out = tmp_path / "r.csv"
    write(report_data, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(report_data.findings)
    for row in rows:
        for value in row.values():
            assert not (value or "").startswith(("=", "+", "-", "@"))
    assert any(r["masked_sample"] == "'=2 card(s)" for r in rows)
    assert any(r["accepted"] == "yes" for r in rows)
    assert all(r["remediation"] for r in rows)


def test_json_report_has_score_trend_and_advice(report_data):
    doc = json.loads(_render(report_data, "json"))
    assert 0 <= doc["score"]["value"] <= 100 and doc["score"]["band"]
    assert doc["score"]["top"] and doc["advice"]["identity"]["steps"]
    assert sum(f["accepted"] for f in doc["findings"]) >= 1


def test_reports_advise_on_how_a_store_is_kept(report_data):
    """A fixed-key Chromium store gets the keyring advice first, in HTML and CSV."""
    html = _render(report_data, "html")
    assert "本机的 Chromium 用其源代码中公开的固定密钥" in html
    rows = list(csv.DictReader(io.StringIO(_render(report_data, "csv").lstrip("\ufeff"))))
    store = next(r for r in rows if r["rule"] == "stores.chromium.cards")
    assert "本机的 Chromium" in store["remediation"]


def test_pdf_tables_keep_a_summarys_start_and_a_paths_end(report_data):
    """A store's summary is cut at its end (its start says what it is); a path at its start
    (its end names the file)."""
    from scanners.export.report import pdf

    doc = pdf._Doc(report_data, pdf.find_font())
    doc.font(7.5)
    summary = "Summary-start-marker " + "with many words " * 8 + "summary-end"
    path = "/home/someone/" + "deep/" * 20 + "path-end-marker.txt"
    cut = doc.fit(summary, 40)
    assert cut.startswith("Summary-start") and cut.endswith("…")
    cut = doc.fit(path, 40, keep_end=True)
    assert cut.endswith("path-end-marker.txt") and cut.startswith("…")
    assert doc.fit("short", 40) == "short"


def test_chinese_reports_name_severity_and_category_in_chinese(report_data):
    html = _render(report_data, "html")
    table = html[html.index("<table><tr><th>"):]
    assert "<td>高</td>" in table or "<td>高 ✓</td>" in table
    assert "<td>金融账户与支付</td>" in table
    assert "<td>high</td>" not in table


@pytest.mark.parametrize(("lang", "low", "example"), [
    ("en", "<td>low</td>", "<td>low (example)</td>"),
    ("zh", "<td>低</td>", "<td>低（示例）</td>"),
])
def test_example_findings_say_so_beside_their_severity(tmp_path, lang, low, example):
    """A finding that is low because it is an example (a doctest's value, a test folder's
    key, a published test card) reads "low (example)" in the findings table; another low
    finding reads "low"."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "iban.py").write_text(
        '"""\n>>> validate(\'GB12WEST12345698765431\')\nTrue\n"""\n', encoding="utf-8")
    (home / "card.txt").write_text("卡号 6222 **** **** 0123\n", encoding="utf-8")
    result = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["financial.iban"].detail.get("example")
    assert by_rule["financial.payment_card_masked"].severity == Severity.LOW
    html = _render(from_result(result, lang=lang, scan_id=1), "html")
    table = html[html.index("<table><tr><th>"):]
    assert table.count(example) == 1
    assert low in table
