"""Matches past a rule's per-file limit counted in the candidate loop (detect.Folding) give the
same findings as holding every match and folding it afterwards (FileScanner._flush).

A dense export folds nine of its ten matches; counting those where they are found, with no
Match object, is the fast way. It must not change a single finding: every file below is
scanned both ways and the findings (and their order) compared, with texts cut into
overlapping chunks (a match in an overlap belongs to one chunk only), archives whose members
share the file's limit, full-width text (matched folded, mapped back), cards with a CVV
beside them (the CVV counts only near a card: the cards must all be seen), children's ID
numbers (each is checked for a minor) and several limits. The native loop and its Python
twin are compared on the same counts.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scanners.base import Limits
from scanners.detection import detect
from scanners.detection.detect import Detector, Folding
from scanners.detection.redact import Redactor
from scanners.detection.rules import load_rules
from scanners.sources.content.filescan import FileScanner, _Fold
from scanners.sources.content.walk import FileEntry

from .helpers import ADULT_ID, CHILD_ID

TODAY = date(2026, 12, 7)


@functools.cache
def _corpus() -> Any:
    from tests.unit.test_validators_speed_equivalence import _gen_corpus

    return _gen_corpus()


@functools.cache
def _rules() -> Any:
    return load_rules()


def _files(root: Path) -> list[Path]:
    gen = _corpus()
    r = random.Random(11)
    out: list[Path] = []
    for kind in ("export_zh", "export_en", "dlog", "djson", "note_en"):
        path = root / f"{kind}.txt"
        path.write_text(gen._text_for(kind, r, 90_000, True)[1], encoding="utf-8")
        out.append(path)
    # cards with a CVV beside some of them, and cards alone
    lines = []
    for i in range(400):
        card = "4539148803436467" if i % 2 else "6222021234567890128"
        lines.append(f"card {card} CVV {100 + i % 900}" if i % 7 == 0 else f"卡号 {card}")
    (root / "cards.txt").write_text("\n".join(lines), encoding="utf-8")
    out.append(root / "cards.txt")
    # children's and adults' ID numbers, some full-width
    wide = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    ids = [f"身份证 {CHILD_ID if i % 3 else ADULT_ID}" for i in range(300)]
    ids += [f"身份证号：{ADULT_ID.translate(wide)} 电话 13812345678" for _ in range(80)]
    (root / "ids.txt").write_text("\n".join(ids), encoding="utf-8")
    out.append(root / "ids.txt")
    # national-form numbers, some of which the PRC landline rule owns (`yields_to`): both
    # rules' matches must all be seen
    phones = ["Tel: 020 7946 0018" if i % 3 == 0 else "Telefon: 030 23456789" if i % 3 == 1
              else "电话：010-62751234  Phone: 06 27 63 17 06" for i in range(300)]
    (root / "phones.txt").write_text("\n".join(phones), encoding="utf-8")
    out.append(root / "phones.txt")
    # an archive: its members share the file's limit
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, kind in enumerate(("export_zh", "dlog", "export_en", "export_zh")):
            z.writestr(f"m{k}.csv" if "export" in kind else f"m{k}.log",
                       gen._text_for(kind, random.Random(k), 40_000, True)[1])
    (root / "members.zip").write_bytes(buf.getvalue())
    out.append(root / "members.zip")
    return out


def _entry(path: Path) -> FileEntry:
    s = path.stat()
    return FileEntry(str(path), str(path), s.st_size, s.st_dev, s.st_ino, s.st_mtime_ns,
                     s.st_mode)


def _scan(path: Path, limits: Limits, early: bool) -> list[dict[str, Any]]:
    scanner = FileScanner(_rules(), Redactor(b"k" * 32), limits, TODAY)
    scanner.early_folding = early
    out = scanner.scan(_entry(path))
    assert not out.errors, out.errors
    return [f.to_dict() for f in out.findings]


@pytest.mark.parametrize(("limit", "chunk"), [(50, 256 * 1024), (5, 20_000), (1, 7_000),
                                              (0, 20_000)])
def test_same_findings_counted_early_or_late(tmp_path: Path, limit: int, chunk: int) -> None:
    limits = Limits(max_findings_per_rule=limit, chunk_chars=chunk, overlap_chars=512)
    folded = 0
    for path in _files(tmp_path):
        early = _scan(path, limits, True)
        late = _scan(path, limits, False)
        assert early == late, path.name
        folded += sum(1 for f in early if f["detail"].get("folded"))
    if limit:
        assert folded >= 8  # the limit was reached, in most files


def test_the_loop_counts_what_its_python_twin_counts() -> None:
    """run_rule's `over` (the native candidate loop) against `_count_over` over the Python
    loop: the same listed matches, counts, highest confidence and severity, distinct hashes."""
    if detect._run_rule_native is None:
        return
    gen = _corpus()
    det = Detector(_rules())
    kids = "\n".join(f"身份证 {CHILD_ID if i % 3 else ADULT_ID} 出生 2018" for i in range(200))
    for kind in ("export_zh", "export_en", "dlog", "kids"):
        text = kids if kind == "kids" else gen._text_for(kind, random.Random(3), 60_000,
                                                         True)[1]
        for quota, held_from, held_until in ((0, 0, 10**9), (3, 500, 40_000), (40, 0, 20_000)):
            sides = []
            for native in (True, False):
                det.native_loop = native
                det.forget()
                folds: dict[str, _Fold] = {}
                kept = {rid: 50 - quota for rid in (r.id for r in det.pattern_rules)}
                folding = Folding(50, kept, folds, _Fold, held_from, held_until)
                found = det.detect(text, None, None, TODAY, folding)
                sides.append((
                    [(m.rule.id, m.start, m.end, m.value, m.confidence, m.keyword)
                     for m in found],
                    sorted((k, f.count, f.confidence, f.severity, sorted(f.distinct))
                           for k, f in folds.items())))
            det.native_loop = True
            assert sides[0] == sides[1], (kind, quota)
            assert sides[0][1], "nothing was counted"
            if kind == "kids":  # every child's match is returned, past the limit or not
                listed = [m for m in sides[0][0] if m[0] == "identity.cn_resident_id"]
                assert sum(1 for m in listed if m[3] == CHILD_ID) >= 130


def test_adult_until_is_age_on() -> None:
    """`_adult_until` + string comparison say what `age_on(...) >= MINOR_AGE` says, on the
    days around birthdays and on 29 February."""
    from datetime import timedelta

    days = [date(2026, 12, 7), date(2028, 2, 29), date(2027, 3, 1), date(2026, 1, 1)]
    for today in days:
        until = detect._adult_until(today)
        for born in (today.replace(year=today.year - 14) if today.day != 29 else
                     date(today.year - 14, 2, 28),):
            for delta in range(-3, 4):
                b = born + timedelta(days=delta)
                assert (b.isoformat() <= until) == (detect.age_on(b, today) >= 14), (today, b)
    assert detect._adult({"birth_date": "2018-01-01"}, "2012-12-07") is False
    assert detect._adult({"birth_date": "2018-01-01", "test_data": "yes"}, "2012-12-07")
    assert detect._adult({"birth_date": "20180101"}, "2012-12-07") is False  # not our form
    assert detect._adult({}, "2012-12-07")


def test_a_bad_over_is_refused() -> None:
    native = detect._run_rule_native
    if native is None:
        return
    det = Detector(_rules())
    rule = next(r for r in det.pattern_rules if r.id == "contact.cn_mobile")
    text = "电话 13812345678"
    for over in ([1, 0, 10, set()], [1, 0, 10, "not a set", None], [-1, 0, 10, set(), None],
                 [1, 0, 10, set(), 2012]):
        with pytest.raises((TypeError, ValueError)):
            det._run_rule(rule, text, [(0, len(text))], None, None, text.lower(), over)


def test_a_folded_finding_names_its_rule_in_both_languages(tmp_path: Path) -> None:
    """"… 53 more" alone says nothing where findings are listed by file (Fix these first):
    the count says what it is of, in the interface language."""
    from scanners.system.phrases import DETAIL_KEY, summary_text

    path = tmp_path / "ids.txt"
    path.write_text("\n".join(f"身份证 {ADULT_ID}" for _ in range(12)), encoding="utf-8")
    found = _scan(path, Limits(max_findings_per_rule=5), True)
    (fold,) = [f for f in found if f["detail"].get("folded")]
    assert fold["count"] == 7
    assert fold["preview"] == "… 7 more: PRC resident identity card number"
    assert summary_text(fold["detail"], fold["preview"], "zh") == "… 另有 7 个：居民身份证号码"
    assert DETAIL_KEY in fold["detail"]
