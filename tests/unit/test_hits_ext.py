"""_hits.c (Hyperscan's hits merged into windows in C) against Prefilter.merge_hits (Python).

The extension is optional at install time, but where a C compiler exists the editable install
builds it, and then it must be there (a silently missing speed-up is a regression) and give
the very windows, and so the very findings, of the Python loop.
"""

from __future__ import annotations

import importlib.util
import random
import re
import shutil
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detection import detect, prefilter, widths
from scanners.detection.detect import Detector
from scanners.detection.prefilter import Prefilter
from scanners.detection.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pf() -> Prefilter:
    return Detector(load_rules()).prefilter


def _native(pf: Prefilter, hits: Sequence[tuple[int, int, int]], data: bytes,
            scale: int, chars: bool = False) -> dict[int, list[tuple[int, int]]]:
    collected = prefilter._hits.Hits()
    for start, end, rid in hits:
        assert collected(rid, start, end, 0, None) is None  # None: Hyperscan goes on
    assert len(collected) == len(hits)
    assert collected.list() == [(s, e, r) for s, e, r in hits]
    return dict(collected.windows(data, [p * scale for p in pf._pre],
                                  [p * scale for p in pf._post], pf._som, pf._run_tables,
                                  prefilter._GAP, chars))


def _python(pf: Prefilter, hits: Sequence[tuple[int, int, int]], data: bytes,
            scale: int, chars: bool = False) -> dict[int, list[tuple[int, int]]]:
    merged = pf.merge_hits(hits, data, scale)
    if chars:
        return prefilter._spans_to_chars(data, merged)
    return {rid: [(a, b) for a, b in spans] for rid, spans in merged.items()}


def test_built_where_a_compiler_is() -> None:
    """Where a C compiler and Python's headers are, setup.py builds the module (optional only
    for machines without them)."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    can_build = (shutil.which(compiler) or shutil.which("cc")) and headers.exists()
    if not can_build:
        assert prefilter.Prefilter([]).native == (prefilter._hits is not None)
        return
    assert prefilter._hits is not None, "setup.py did not build scanners/detection/_hits.c"
    assert Prefilter([]).native


def test_run_tables_are_the_runs() -> None:
    for name, run in prefilter._RUNS.items():
        table = prefilter._RUN_TABLES[name]
        for b in range(256):
            assert bool(table[b]) == (run.fullmatch(bytes([b])) is not None), (name, b)


def _hit_lists(pf: Prefilter) -> Any:
    rules = len(pf.rules)
    hit = st.tuples(st.integers(0, 3000), st.integers(0, 400), st.integers(0, rules - 1))
    return st.lists(hit, max_size=300)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_same_windows_as_python(pf: Prefilter, data: Any) -> None:
    raw = data.draw(_hit_lists(pf))
    text = data.draw(st.text(alphabet="0123456789 ab-_,\n", min_size=0, max_size=3500))
    blob = text.encode()
    hits = [(start, start + length, rid) for start, length, rid in raw]
    # Hyperscan reports hits in the order of their ends; the merge must not care otherwise
    if data.draw(st.booleans()):
        hits.sort(key=lambda h: h[1])
    scale = data.draw(st.sampled_from([1, 4]))
    assert _native(pf, hits, blob, scale) == _python(pf, hits, blob, scale)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_same_character_windows_as_python(pf: Prefilter, data: Any) -> None:
    """Non-ASCII text: windows widened to whole characters and counted in characters."""
    text = data.draw(st.text(alphabet="0123456789 a,\n身份证号é😀", min_size=1, max_size=900))
    blob = text.encode()
    rules = len(pf.rules)
    # hits inside the text (as Hyperscan's are), at any byte, even inside a character
    hit = st.tuples(st.integers(0, len(blob) - 1), st.integers(0, 60), st.integers(0, rules - 1))
    hits = sorted(((s, min(s + n, len(blob)), r) for s, n, r in data.draw(
        st.lists(hit, max_size=120))), key=lambda h: h[1])
    assert _native(pf, hits, blob, 4, chars=True) == _python(pf, hits, blob, 4, chars=True)


def test_empty_and_huge_offsets(pf: Prefilter) -> None:
    assert _native(pf, [], b"", 1) == {}
    big = [(10**12, 10**12 + 5, 0), (0, 3, 0)]
    assert _native(pf, big, b"abcdef", 1) == _python(pf, big, b"abcdef", 1)


def test_bad_arguments(pf: Prefilter) -> None:
    hits = prefilter._hits.Hits()
    with pytest.raises(TypeError):
        hits(1, 2)
    hits(len(pf._pre) + 5, 0, 1, 0, None)  # beyond the rules and their value shapes
    with pytest.raises(ValueError):
        hits.windows(b"x", list(pf._pre), list(pf._post), pf._som, pf._run_tables, 256)
    with pytest.raises(TypeError):
        hits.windows(b"x", list(pf._pre)[:-1], list(pf._post), pf._som, pf._run_tables, 256)
    hits.clear()
    assert len(hits) == 0


def _corpus_texts() -> list[tuple[str, list[str] | None]]:
    spec = importlib.util.spec_from_file_location("_gen_corpus", ROOT / "bench" / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    pools = gen.Pools(seed=3, people=300)
    r = random.Random(5)
    texts: list[tuple[str, list[str] | None]] = []
    for lang in ("en", "zh"):
        export = gen.csv_export(r, pools, 60_000, lang)
        texts.append((export, export.split("\n", 1)[0].split(",")))
        texts.append((gen.prose(r, pools, 40_000, lang, 3), None))
    texts.append((gen.log(r, pools, 60_000, 0.5), None))
    texts.append((gen.json_records(r, pools, 40_000, True), None))
    return texts


def test_same_findings_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real hits of dense synthetic exports, prose, logs and JSON: the same findings from
    the native windows (which merge only touching windows), candidate loop and context words
    as from the Python loops."""
    det = Detector(load_rules())
    pf = det.prefilter

    def run(text: str, columns: list[str] | None) -> list[tuple[object, ...]]:
        det.forget()
        return [(m.rule.id, m.start, m.end, m.confidence, m.keyword, m.value, m.severity,
                 dict(m.detail))
                for m in det.detect(text, columns, "," if columns else None)]

    for text, columns in _corpus_texts():
        pf.native = True
        found_native = run(text, columns)
        det.native_loop = False
        assert run(text, columns) == found_native  # the loop in Python, all else compiled
        det.native_loop = True
        with monkeypatch.context() as m:
            m.setattr(detect, "_cell_word", None)
            m.setattr(detect, "_context_word", None)
            m.setattr(detect, "_table_context", None)
            m.setattr(detect, "_first_word", detect.first_word_py)
            m.setattr(detect, "_run_rule_native", None)
            found_python_context = run(text, columns)
            pf.native = False
            found_python = run(text, columns)
        pf.native = prefilter._hits is not None
        assert found_native == found_python_context == found_python
        assert len(found_native) > 20
        assert any(f[4] for f in found_native)  # context keywords were asked and found


_WORDS = ["password", "pass", "addr", "address", "id card", "ship to", "身份证", "电话", "es",
          "s", "e", "phone", "no", "卡号"]
_WINDOW_TEXT = st.text(alphabet="aAesSpPwordDINnIcCkK _-:=,\n身份证电话卡号İßΣσ0123456789",
                       max_size=60)


def _keywords(draw: st.DrawFn) -> tuple[tuple[str, bool, bool], ...]:
    words = draw(st.lists(st.sampled_from(_WORDS), max_size=6, unique=True))
    return tuple((w, detect._latin(w[0]), detect._latin(w[-1])) for w in words)


@st.composite
def _word_case(draw: st.DrawFn) -> tuple[str, str, tuple[tuple[str, bool, bool], ...]]:
    raw = draw(_WINDOW_TEXT)
    keywords = _keywords(draw)
    if draw(st.booleans()):  # negative words: (word, False, False) match anywhere
        keywords = tuple((w, False, False) for w, _a, _b in keywords)
    return raw, raw.lower(), keywords


@settings(max_examples=400, deadline=None)
@given(_word_case())
def test_first_word_as_python(case: tuple[str, str, Any]) -> None:
    raw, low, words = case
    assert prefilter._hits.first_word(low, raw, words) == detect.first_word_py(low, raw, words)


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_window_word_as_python(data: Any) -> None:
    """The window read in place gives what the joined window gives (words with a space may
    stand across the join; a window's ends move off a word they would cut,
    `detect.context_span`)."""
    text = data.draw(_WINDOW_TEXT.filter(lambda t: len(t.lower()) == len(t)))
    n = len(text)
    m_lo = data.draw(st.integers(0, n))
    m_hi = data.draw(st.integers(m_lo, n))
    window = data.draw(st.integers(0, 25))
    header = data.draw(st.none() | _WINDOW_TEXT.filter(lambda t: len(t.lower()) == len(t)))
    words = _keywords(data.draw)
    lo, hi = detect.context_span(text, m_lo, m_hi, window)
    raw = text[lo:m_lo] + " " + text[m_hi:hi]
    if header is not None:
        raw += " " + header
    expected = detect.first_word_py(raw.lower(), raw, words)
    got = prefilter._hits.window_word(text.lower(), text, m_lo - window, m_lo, m_hi,
                                      m_hi + window, None if header is None else header.lower(),
                                      header, words)
    assert got == expected


def test_a_word_the_windows_edge_cuts_is_no_keyword() -> None:
    """"nic" (a MAC keyword) where a window's edge cuts "Única": no keyword, read in place
    (C) as in the joined window (Python); the whole word "Únic" at the edge still is one."""
    words = detect._words(("nic",))
    for text, span, found in (("aa:bb:cc:dd:ee:ff Única", (0, 19), ""),
                              ("aa:bb:cc:dd:ee:ff Únic.", (0, 22), "nic"),
                              ("Única aa:bb:cc:dd:ee:ff", (5, 23), ""),
                              ("xnic aa:bb:cc:dd:ee:ff", (4, 22), "")):
        m_lo = text.index("aa")
        m_hi = m_lo + 17
        window = 4 if text.startswith(("Ú", "x")) else 5
        lo, hi = detect.context_span(text, m_lo, m_hi, window)
        assert (lo, hi) == span, text
        raw = text[lo:m_lo] + " " + text[m_hi:hi]
        assert detect.first_word_py(raw.lower(), raw, words) == found, text
        assert prefilter._hits.window_word(text.lower(), text, m_lo - window, m_lo, m_hi,
                                           m_hi + window, None, None, words) == found, text


def test_window_word_refuses_a_mismatched_lower_case() -> None:
    with pytest.raises(ValueError):
        prefilter._hits.window_word("ab", "abc", 0, 1, 2, 3, None, None, ())
    with pytest.raises(ValueError):
        prefilter._hits.window_word("abc", "abc", 0, 1, 2, 3, "x", "xy", ())
    with pytest.raises(TypeError):
        prefilter._hits.window_word("abc", "abc", 0, 1, 2, 3, None, None, ("a",))


def test_a_pure_build_leaves_it_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """PIAUDIT_NO_EXTENSIONS=1: no extension, so setuptools makes a pure wheel (install.md)."""
    import sys

    monkeypatch.syspath_prepend(str(ROOT / "packaging"))
    sys.modules.pop("setup_commands", None)
    import setup_commands  # type: ignore[import-not-found]
    from setuptools import Extension

    built = setup_commands.extensions(Extension, installed=True)
    modules = ["detection._hits", "_records", "detection.validators._numbers",
               "sources.content._held"]
    assert [e.name for e in built] == [f"piaudit.{m}" for m in modules]
    assert all(e.optional for e in built)  # no compiler: installed without it
    assert [e.name for e in setup_commands.extensions(Extension, installed=False)] == [
        f"scanners.{m}" for m in modules]
    monkeypatch.setenv("PIAUDIT_NO_EXTENSIONS", "1")
    assert setup_commands.extensions(Extension, installed=True) == []


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_cell_word_as_python(data: Any) -> None:
    """A table cell's keyword from the compiled module is `_cell_keyword`'s: the column
    (delimiters inside quoted cells do not count), its header's keyword, and a keyword listed
    before it standing in the window."""
    delimiter = data.draw(st.sampled_from([",", "\t", ";"]))
    cell = st.text(alphabet="ab 0123电话号码身份证phone\"" + delimiter, max_size=8)
    lines = data.draw(st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1,
                               max_size=4))
    text = "\n".join(delimiter.join(line) for line in lines)
    n = len(text)
    start = data.draw(st.integers(0, n))
    m_lo = data.draw(st.integers(0, start))
    m_hi = data.draw(st.integers(start, n))
    window = data.draw(st.integers(-12, 12))  # (negative: the window before the value only)
    words = (("身份证号码", False, False), ("phone", True, True), ("电话", False, False),
             ("号码", False, False))
    headers = data.draw(st.lists(st.sampled_from(["身份证号码", "电话", "phone no", "备注",
                                                  "号码"]), max_size=5))
    by_header = []
    for header in headers:
        word = detect.first_word_py(header.lower(), header, words)
        index = next((k for k, kw in enumerate(words) if kw[0] == word), len(words))
        before = words[:index]
        by_header.append((header, word, before, detect._any_of([kw[0] for kw in before]),
                          header.lower()))
    expected = detect._cell_keyword(text.lower(), text, m_lo, m_hi, start, delimiter,
                                    by_header, window)
    got = prefilter._hits.cell_word(text.lower(), text, m_lo, m_hi, start, delimiter,
                                    by_header, window)
    assert got == expected


_DETECTOR = Detector(load_rules())
_CONTEXT_RULES = [r for r in _DETECTOR.pattern_rules
                  if _DETECTOR._keywords[r.id] or _DETECTOR._negatives[r.id]]


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_context_word_as_python(data: Any) -> None:
    """Outside a table, `context_word` gives what `Detector._context` gives: the keyword in
    the window or the match's own label, or None for a negative word (words with a space,
    such as "ship to" or "software foundation", included)."""
    rule = data.draw(st.sampled_from(_CONTEXT_RULES))
    words = [w for w, _a, _b in _DETECTOR._keywords[rule.id]] + list(
        _DETECTOR._negatives[rule.id])
    piece = st.sampled_from(words[:12] or ["x"]) | st.text(
        alphabet="aAsS:=# -_@\n0123456789身份电话", max_size=6)
    text = "".join(data.draw(st.lists(piece, max_size=10)))
    text = "".join(c for c in text if len(c.lower()) == 1)
    n = len(text)
    m_lo = data.draw(st.integers(0, n))
    start = data.draw(st.integers(m_lo, n))
    m_hi = data.draw(st.integers(start, n))
    noisy, weak = data.draw(st.booleans()), data.draw(st.booleans())
    expected = _DETECTOR._context(rule, text, m_lo, m_hi, start, None, None, noisy, weak)
    got = prefilter._hits.context_word(
        text.lower(), text, rule.context_reach, _DETECTOR._keywords[rule.id],
        _DETECTOR._negative_words[rule.id], m_lo, m_hi, start, noisy, weak)
    assert got == expected


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_table_context_as_python(data: Any) -> None:
    """In a table, `table_context` gives what `Detector._context` gives: the header's keyword
    unless one listed before it stands in the window, the window's keyword in a column
    without one, the label, negative words in the window or the header; NotImplemented for
    a header that lower() changes."""
    rule = data.draw(st.sampled_from(_CONTEXT_RULES))
    keywords = _DETECTOR._keywords[rule.id]
    words = [w for w, _a, _b in keywords] + list(_DETECTOR._negatives[rule.id])
    delimiter = data.draw(st.sampled_from([",", "\t"]))
    piece = st.sampled_from(words[:12] or ["x"]) | st.text(
        alphabet="aAsS:=# -_@0123456789身份电话\"" + delimiter, max_size=6)
    lines = data.draw(st.lists(st.lists(piece, max_size=6), min_size=1, max_size=3))
    text = "\n".join("".join(line) for line in lines)
    text = "".join(c for c in text if len(c.lower()) == 1)
    n = len(text)
    m_lo = data.draw(st.integers(0, n))
    start = data.draw(st.integers(m_lo, n))
    m_hi = data.draw(st.integers(start, n))
    columns = data.draw(st.lists(st.sampled_from([*words[:8], "备注", "note", "İD", ""]),
                                 max_size=5))
    noisy, weak = data.draw(st.booleans()), data.draw(st.booleans())
    by_header = _DETECTOR._table_keywords(rule, columns)
    expected = _DETECTOR._context(rule, text, m_lo, m_hi, start, columns, delimiter, noisy,
                                  weak)
    got = prefilter._hits.table_context(
        text.lower(), text, delimiter, by_header, rule.context_reach, keywords,
        _DETECTOR._negative_words[rule.id], m_lo, m_hi, start, noisy, weak)
    if got is NotImplemented:
        col = detect._column_of(text, start, delimiter)
        assert col < len(columns) and len(columns[col].lower()) != len(columns[col])
    else:
        assert got == expected


_PIECES = ["身份证号", "11011319491231002X", "110105194912310021", "电话", "13812345678",
           "卡号", "6222021234567890128", "4111111111111111", "4539578763621486", "订单号",
           "姓名：张三", "Name: John Smith", "http://x.cn/?id=13812345678", "0x13812345678",
           "password=Hunter2!x", "İ", ",", "\n", " ", "地址：北京市海淀区中关村大街27号",
           "1600 Pennsylvania Ave NW, Washington, DC 20500", "SSN 078-05-1120", "123-45-6789",
           "IBAN GB82 WEST 1234 5698 7654 32", "serial", "test", "lat 39.9042, lon 116.4074",
           "QQ：2847561923", "lmoore@qq.com", "银行账号：110925384710902",
           "Passport No.: 563287419", "微信号 lily_chen88"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.booleans(),
       st.lists(st.sampled_from(["身份证", "电话", "卡号", "name", "İd", "备注", "card"]),
                min_size=1, max_size=4))
def test_candidate_loop_as_python(pieces: list[str], table: bool, header: list[str]) -> None:
    """_hits.c's `run_rule` is Detector._run_rule's Python loop: every match's span, value,
    confidence, severity, keyword and detail, in tables (headers that lower() changes
    included) and in prose, with narrowed values, noise, negative words and weak verdicts."""
    if prefilter._hits is None or detect._run_rule_native is None:
        return
    det = _DETECTOR
    text = "".join(pieces)
    columns = header if table else None
    if table:
        text = ",".join(header) + "\n" + text

    def run() -> list[tuple[object, ...]]:
        det.forget()
        return [(m.rule.id, m.start, m.end, m.value, m.confidence, m.severity, m.keyword,
                 dict(m.detail)) for m in det.detect(text, columns, "," if table else None)]

    det.native_loop = True
    native = run()
    det.native_loop = False
    try:
        assert run() == native
    finally:
        det.native_loop = True


_DETECTOR = Detector(load_rules())


# The noise checks: texts built from the characters each check looks at, so that every branch
# (glue, "0x", a URL token, "www.", long digit runs, hex groups beside a space, word ends,
# line ends near and far) is met.
_NOISE_ALPHABET = "0123456789abcdefxX /#\\%&?:.w\t\n\"'<>(),;|`_ghé中１ⅧUu+"


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_noise_checks_as_python(data: Any) -> None:
    from scanners.detection.validators import noise

    native = prefilter._hits
    text = data.draw(st.text(alphabet=_NOISE_ALPHABET, max_size=600)
                     | st.builds(lambda a, b, c: a + b + c,
                                 st.sampled_from(["", "https://h/", "www.x", "0x", "id "]),
                                 st.text(alphabet="0123456789 \t", max_size=40),
                                 st.text(alphabet=_NOISE_ALPHABET, max_size=300)))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert native.noise_url(text, start, end) is noise.noise_url(text, start, end)
    assert native.noise_numbers(text, start, end) is noise.noise_numbers(text, start, end)


def test_noise_checks_on_the_cases_they_were_written_for() -> None:
    from scanners.detection.validators import noise

    native = prefilter._hits
    cases = ["/testcase-detail/5390000000000000 x", "#2238000000000000", "ref 0x5425233430109903",
             "see https://host/a/5425233430109903 now", "www.example.com/5425233430109903",
             "54E8 5546 5531 5617 5968 59BE", "card 4539148803436467 and 12345678",
             "卡号 4539148803436467", "a" * 300 + " 4539148803436467", "x\n" * 200 + "4539",
             "<U000279D2> <U000279D2>;IGNORE # 4111251125234", "U+4E2D 4111251125234",
             "\\u4e2d 4111251125234", "0 0 2298 2299 3120 3121 -", "- 2298 2299 3120 3121 106",
             "4539 1488 0343 6467 12/27", "3 4539 1488 0343 6467", "x3 4539 1488 0343 6467",
             ".4539148803436467", "-.4539148803436467", "No.4539148803436467",
             "0.4539148803436467", "a(.4539148803436467"]
    for text in cases:
        for start in range(len(text) + 1):
            for end in (start, min(len(text), start + 16), len(text)):
                assert native.noise_url(text, start, end) is noise.noise_url(text, start, end)
                assert (native.noise_numbers(text, start, end)
                        is noise.noise_numbers(text, start, end))
    assert noise.NOISE_CHECKS["url"] is native.noise_url
    with pytest.raises(ValueError):
        native.noise_url("abc", 2, 9)
    with pytest.raises(TypeError):
        native.noise_numbers(b"abc", 0, 1)


def test_run_rule_by_search_needs_a_regex_that_never_matches_empty() -> None:
    """Each window's matches found by `search` from the previous match's end are finditer's
    only when no match is empty: `_never_empty` says which regexes qualify (every rule's
    today), and the loop refuses an empty match rather than loop or skip."""
    assert all(detect._never_empty(r.regex) for r in load_rules() if r.regex is not None)
    assert not detect._never_empty(re.compile("a*"))
    assert not detect._never_empty(re.compile("(?<=x)"))
    assert detect._never_empty(re.compile("(?<![0-9])a*b"))
    if prefilter._hits is None:
        return
    rule = next(r for r in load_rules() if r.id == "contact.cn_mobile")
    empty = re.compile("x*")
    args = ([(0, 3)], empty.finditer, 0, "abc", None, None, (), False, None, (), None, None,
            False, rule, rule.severity, detect.Match, detect._NO_DETAIL, detect._CONFIDENCES)
    assert len(prefilter._hits.run_rule(*args)) == 4  # finditer: the empty matches, each
    with pytest.raises(ValueError, match="empty match"):
        prefilter._hits.run_rule(*args, empty.search)


def test_matches_it_makes_are_outside_the_cycle_collector() -> None:
    """run_rule's Matches (no cycle can pass through one) are not tracked by the collector,
    and carry their confidence as a float of the tier's value, shared or not."""
    import gc

    if prefilter._hits is None or detect._run_rule_native is None:
        return
    det = Detector(load_rules())
    found = det.detect("身份证 11011319491231002X 电话 13812345678 mail a.b@example.com\n")
    assert found
    for m in found:
        assert not gc.is_tracked(m)
        assert type(m.confidence) is float and 0.0 < m.confidence <= 0.99
    det.native_loop = False
    python = det.detect("身份证 11011319491231002X 电话 13812345678 mail a.b@example.com\n")
    assert [(m.rule.id, m.start, m.confidence) for m in python] == [
        (m.rule.id, m.start, m.confidence) for m in found]


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "a1,中文é\u00a0\u2000\u200a\u200b\u2010\u2116\u2121\u202f\u3000\ufb01\ufe63\uff01\uff0c"
    "\uff10\uff5e\uff5f\U0001f600\U0001d7ce\u2fff"), max_size=40))
def test_full_width_test_as_the_regex(text: str) -> None:
    """widths.needs_fold's compiled test (`any_in` over a bit per code point) answers as the
    regex's character class, at the edges of each range and beyond the BMP."""
    if widths._any_in is None:
        return
    assert widths.needs_fold(text) == widths.needs_fold_py(text)
    assert widths._any_in(text, widths._BITS) == (widths._AFFECTED.search(text) is not None)


def test_any_in_refuses_a_wrong_table() -> None:
    if prefilter._hits is None:
        return
    with pytest.raises(TypeError):
        prefilter._hits.any_in("abc", b"\0" * 10)


def test_a_before_only_window_in_a_table_stays_on_its_row() -> None:
    """Found by the property above: a value that begins its row of a table (a header of no
    columns included) takes no label from the row above, in C and in Python alike."""
    rule = next(r for r in _CONTEXT_RULES if r.id == "identity.driver_license")
    assert rule.context_before
    text = "driver license\n0000,0000\n"
    for columns in ([], ["x"]):
        by_header = _DETECTOR._table_keywords(rule, columns)
        for pos in (15, 25):
            expected = _DETECTOR._context(rule, text, pos, pos, pos, columns, ",", False,
                                          False)
            got = prefilter._hits.table_context(
                text.lower(), text, ",", by_header, rule.context_reach,
                _DETECTOR._keywords[rule.id], _DETECTOR._negative_words[rule.id], pos, pos,
                pos, False, False)
            assert got == expected == "", (columns, pos)
    same_row = "driver license 00000000\n"
    assert _DETECTOR._context(rule, same_row, 15, 23, 15, [], ",", False,
                              False) == "driver license"
