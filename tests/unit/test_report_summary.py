"""Summary-only reports, one set of band words, and the Chinese PDF's layout (left-aligned,
list numbers on the line of their text)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from scanners import engine
from scanners.export.band_words import band_word
from scanners.export.report import from_result, write, write_text
from synth.people import Factory


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    (home / "Downloads").mkdir()
    for i in range(30):
        people = [Factory(seed=100 + i * 3 + k).person() for k in range(3)]
        (home / "Downloads" / f"客户{i}.txt").write_text("\n".join(
            f"姓名: {p.name} 身份证号: {p.resident_id} 手机: {p.mobile}" for p in people),
            encoding="utf-8")
    found = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
    assert len(found.findings) > 60
    return found


def _html(data) -> str:
    out = io.StringIO()
    write_text(data, "html", out)
    return out.getvalue()


def _pages(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


def test_summary_leaves_out_every_list_of_findings(result, tmp_path):
    for lang in ("en", "zh"):
        full = from_result(result, lang=lang, scan_id=4)
        summary = replace(full, summary_only=True)
        full_html, summary_html = _html(full), _html(summary)
        one = result.findings[0].location
        assert one in full_html
        # score, categories, top risks and advice stay; the findings and places go
        assert "<table>" in summary_html  # the categories' table
        assert summary_html.count("<tr>") < 20 < full_html.count("<tr>")
        assert 'class="risk"' in summary_html
        assert str(full.score.value) in summary_html
        assert ("(summary)" if lang == "en" else "（摘要）") in summary_html
        assert str(len(result.findings)) in summary_html  # says how many the full one lists
        write(full, "pdf", tmp_path / f"full-{lang}.pdf")
        write(summary, "pdf", tmp_path / f"summary-{lang}.pdf")
        pages = _pages(tmp_path / f"summary-{lang}.pdf")
        assert pages <= 3 < _pages(tmp_path / f"full-{lang}.pdf")


def test_band_word_is_the_windows(result):
    from PySide6.QtCore import QCoreApplication

    from desktop.texts import i18n
    from desktop.texts.labels import band_for

    _app = QCoreApplication.instance() or QCoreApplication([])
    data = from_result(result, lang="en")
    band = data.score.band
    html = _html(data)
    i18n.install("en")
    assert band_for(data.score.value, band).word == band_word(band, "en")
    assert f">{band_word(band, 'en')}</span>" in html
    assert band_word("critical", "en") == "Severe" and band_word("critical", "zh") == "严重"
    zh = _html(replace(data, lang="zh"))
    assert f">{band_word(band, 'zh')}</span>" in zh
    i18n.install("zh_CN")
    try:
        assert band_for(data.score.value, band).word == band_word(band, "zh")
    finally:
        i18n.install("en")


def test_chinese_pdf_list_numbers_stay_with_their_text(result, tmp_path):
    data = replace(from_result(result, lang="zh"), summary_only=True)
    out = tmp_path / "zh.pdf"
    write(data, "pdf", out)
    numbers, texts = 0, []
    for page in pypdf.PdfReader(str(out)).pages:
        frags: list[tuple[float, float, str]] = []
        page.extract_text(visitor_text=lambda t, _cm, tm, _f, _s, into=frags: into.append(
            (tm[4], tm[5], t)) if t.strip() else None)
        for x, y, text in frags:
            if text.strip() in ("1.", "2.", "3.", "•"):
                numbers += 1
                # the item's text starts on the marker's line, to its right
                assert any(abs(y2 - y) < 0.5 and x2 > x and t2.strip()
                           for x2, y2, t2 in frags if t2 != text), (text, y)
        texts += [t for _x, _y, t in frags]
    assert numbers >= 3
    body = "".join(texts)
    assert "为什么重要：" in body and "为什么重要: " not in body


def test_chinese_pdf_is_left_aligned_not_justified(result, tmp_path):
    """A justified line is drawn as a TJ array with the slack spread between its words (huge
    gaps in a Chinese line with two spaces); a left-aligned one as plain Tj strings."""
    data = replace(from_result(result, lang="zh"), summary_only=True)
    out = tmp_path / "zh.pdf"
    write(data, "pdf", out)
    for page in pypdf.PdfReader(str(out)).pages:
        content = page.get_contents()
        assert content is not None
        stream = content.get_data()
        assert b" Tj" in stream
        assert b"] TJ" not in stream
