"""`piaudit fleet` on a hostile collection folder: every bad host result is rejected and
named, the good one is still merged, and nothing crashes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanners.cli.entry import main
from scanners.fleet.collect import ResultRejected, parse_result
from scanners.fleet.view_writers import html_page


@pytest.fixture
def good_doc(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("nothing personal\n", encoding="utf-8")
    out = tmp_path / "good.json"
    assert main(["scan", str(folder), "--format", "json", "--output", str(out), "--no-log",
                 "--quiet", "--jobs", "1"]) == 0
    capsys.readouterr()
    return json.loads(out.read_text(encoding="utf-8"))


def _host(col: Path, name: str | bytes, content: bytes | None) -> Path:
    folder = Path(os.fsdecode(os.path.join(os.fsencode(col), os.fsencode(name))))
    folder.mkdir()
    if content is not None:
        (folder / "audit.json").write_bytes(content)
    return folder


def test_each_bad_result_is_rejected_with_its_reason(good_doc, tmp_path, capsys):
    col = tmp_path / "collected"
    col.mkdir()
    good = json.dumps(good_doc).encode()
    _host(col, "good", good)
    _host(col, "truncated", good[: len(good) // 2])
    wrong = dict(good_doc, score=dict(good_doc["score"], value="high"))
    _host(col, "wrong-type", json.dumps(wrong).encode())
    _host(col, "not-an-object", b"[1, 2, 3]")
    _host(col, "nan", good.replace(b'"value": 0', b'"value": NaN', 1))
    _host(col, "deep", b"[" * 100_000 + b"]" * 100_000)
    _host(col, "latin1", good.replace(b'"host": "', b'"host": "h\xe9', 1))  # not UTF-8
    _host(col, "huge", b" " * (2 * 1024 * 1024) + good)
    _host(col, "empty", b"")
    _host(col, "missing", None)
    (_host(col, "a-folder", None) / "audit.json").mkdir()
    link = _host(col, "symlink", None)
    (link / "audit.json").symlink_to(col / "good" / "audit.json")
    bad_name = _host(col, b"host-\xff\xfe", good)  # a folder name that is not UTF-8
    assert bad_name.exists()
    _host(col, "<script>alert(1)", good)

    code = main(["fleet", str(col), "--format", "json", "--max-size", "1"])
    out, err = capsys.readouterr()
    assert code == 1, err
    view = json.loads(out)
    merged = sorted(h["host"] for h in view["hosts"])
    assert merged == sorted(["good", os.fsdecode(b"host-\xff\xfe"),
                             "<script>alert(1)"])
    reasons = {r["host"]: r["reason"] for r in view["rejected"]}
    assert set(reasons) == {"truncated", "wrong-type", "not-an-object", "nan", "deep",
                            "latin1", "huge", "empty", "missing", "a-folder", "symlink"}
    assert "not a JSON document" in reasons["truncated"]
    assert "score.value: expected integer, found string" in reasons["wrong-type"]
    assert "expected object" in reasons["not-an-object"]
    assert "NaN" in reasons["nan"]
    assert "nested too deeply" in reasons["deep"]
    assert "not UTF-8" in reasons["latin1"]
    assert "too large" in reasons["huge"]
    assert "no audit.json" in reasons["missing"]
    assert "not a regular file" in reasons["a-folder"]
    assert "symbolic link" in reasons["symlink"]
    for host in reasons:
        assert f"rejected {host}" in err


def test_every_format_escapes_what_came_from_a_host(good_doc, tmp_path, capsys):
    col = tmp_path / "collected"
    col.mkdir()
    hostile = dict(good_doc, fingerprint_key={"family": "fleet", "id": "0123456789abcdef"},
                   findings=[{
        "scanner": "content.files", "rule": "r", "category": "identity", "severity": "high",
        "location": "x", "preview": "=HYPERLINK(\"http://x\")<img src=x>\x1b[31m",
        "fingerprint": "f" * 32, "count": 1}])
    _host(col, "<b>one", json.dumps(hostile).encode())
    _host(col, "two", json.dumps(hostile).encode())
    for fmt in ("html", "csv"):
        assert main(["fleet", str(col), "--format", fmt]) == 0
        out, _ = capsys.readouterr()
        assert "\x1b" not in out and "\\x1b[31m" in out  # shown, never acting on a terminal
        if fmt == "csv":  # a formula is text, not a formula
            assert "'=HYPERLINK" in out and ",=HYPERLINK" not in out
        else:
            assert "<img" not in out and "<b>one" not in out and "&lt;b&gt;one" in out


@pytest.mark.parametrize("raw", [b"", b"{", b"null", b"1e999999", b"9" * 5000,
                                 b'{"tool": "piaudit"}', "\ud800".encode("utf-8", "surrogatepass")])
def test_parse_result_never_raises_anything_but_a_rejection(raw):
    with pytest.raises(ResultRejected):
        parse_result(raw)


def test_the_html_page_of_an_empty_collection(tmp_path, capsys):
    code = main(["fleet", str(tmp_path), "--format", "html"])
    out, err = capsys.readouterr()
    assert code == 0 and "0 host(s)" in out and "None." in out
    assert html_page({"hosts": [], "shared_values": [], "shared_values_total": 0,
                      "rejected": [], "folder": "f", "generated": "g",
                      "fingerprint_key": {"id": None, "verified": False}}).startswith("<!DOCTYPE")


def test_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["fleet", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err
