"""`piaudit fleet` on a hostile collection folder: every bad host result is rejected and
named, the good one is still merged, and nothing crashes."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            yield from _paths(v, (*prefix, i))


@pytest.fixture(scope="module")
def sample_doc(tmp_path_factory):
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("sample")
    (folder / "a.txt").write_text("身份证号：11011319491231002X\nmail: a@example.com\n", "utf-8")
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIAUDIT_")}
    env.update(PIAUDIT_DATA_DIR=str(tmp_path_factory.mktemp("data")), PIAUDIT_KEYRING="0",
               PIAUDIT_SYSROOT=str(tmp_path_factory.mktemp("sysroot")))
    proc = subprocess.run([sys.executable, "-m", "scanners", "scan", str(folder), "--format",
                           "json", "--no-log", "--quiet", "-j1"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_member_is_merged_or_rejected_never_a_crash(sample_doc, data):
    from scanners.fleet.collect import Collection, HostResult, Rejected, slim
    from scanners.fleet.merge import merge
    from scanners.fleet.view_writers import write_view

    doc = json.loads(json.dumps(sample_doc))
    paths = list(_paths(doc))[1:]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        target = doc
        try:
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = data.draw(_JSON)
        except (KeyError, IndexError, TypeError):
            continue
    raw = json.dumps(doc).encode()
    collection = Collection("c")
    try:
        collection.latest.append(slim(HostResult("h", "f", parse_result(raw), False)))
    except ResultRejected as exc:
        collection.rejected.append(Rejected("h", "f", str(exc)))
    view = merge(collection)
    assert len(view["hosts"]) + len(view["rejected"]) == 1  # merged or rejected: never both
    for fmt in ("json", "csv", "html"):
        out = io.StringIO()
        write_view(view, fmt, out)
        assert out.getvalue()
