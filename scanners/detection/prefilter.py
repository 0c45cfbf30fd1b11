"""One multi-pattern pass that tells each rule where in a text it can match.

Hyperscan scans every rule's core pattern in a single pass over the UTF-8 bytes and reports
the end offset of each candidate; a rule then runs its Python regex and validator only in
small windows around its candidates, not over the whole text. Without Hyperscan every rule
runs over the whole text (slower, same results): the prefilter may only ever narrow where a
rule looks, never hide a match.
"""

from __future__ import annotations

import hashlib
import os
import re
import re._parser as sre_parse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scanners.detection.rules import Rule
from scanners.system.paths import cache_dir

_hs: Any
try:  # optional: wheels exist for x86_64 only
    import hyperscan as _hs
except ImportError:  # pragma: no cover - exercised on machines without the wheel
    _hs = None

_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")
# Consuming stand-ins for the look-around boundaries Hyperscan lacks: a superset of what the
# Python regex accepts, so no match is lost, while runs inside longer digit runs (the bulk of
# candidates in dense exports) are never reported.
HS_BOUNDARIES: dict[str, tuple[str, str]] = {
    "none": ("", ""),
    "digit": ("(?:^|[^0-9])", "(?:[^0-9]|$)"),
    "number": ("(?:^|[^0-9.])", "(?:[^0-9]|$)"),
    "alnum": ("(?:^|[^0-9A-Za-z])", "(?:[^0-9A-Za-z]|$)"),
    "token": ("(?:^|[^0-9A-Za-z_+/=-])", "(?:[^0-9A-Za-z_+/=-]|$)"),
}
MAX_WIDTH = 600  # longest match a window must hold; wider patterns run over whole texts
MARGIN = 48  # chars around a window, so boundaries and labels inside patterns still see text
Windows = dict[int, list[tuple[int, int]]]
# Compiling ~50 PII patterns takes seconds; the compiled database is kept in memory and on
# disk (it holds patterns only, no data), keyed by everything that affects it.
_MEMO: dict[str, bytes] = {}


def hyperscan_available() -> bool:
    return _hs is not None


def _max_width(pattern: str) -> int | None:
    try:
        hi = sre_parse.parse(pattern, re.ASCII).getwidth()[1]
    except Exception:
        return None
    return hi if hi <= MAX_WIDTH else None


class Prefilter:
    """`windows(text)`: for each rule index worth running, the (start, end) spans to search."""

    def __init__(
        self, rules: Sequence[Rule], use_hyperscan: bool = True, disk_cache: bool = True
    ) -> None:
        self.rules = tuple(rules)
        self._always: list[int] = list(range(len(self.rules)))
        self._pre: list[int] = [0] * len(self.rules)  # window extent before a hit's end
        self._post: list[int] = [0] * len(self.rules)  # and after it
        self._keyword_rules: set[int] = set()
        self._db: Any = None
        self._disk_cache = disk_cache
        if use_hyperscan and _hs is not None and self.rules:
            self._compile()

    @property
    def engine(self) -> str:
        return "hyperscan" if self._db is not None else "python"

    @property
    def keyword_rules(self) -> frozenset[int]:
        """Rules anchored on their context keywords rather than on their value pattern."""
        return frozenset(self._keyword_rules)

    @property
    def unfiltered(self) -> tuple[str, ...]:
        """Ids of rules that always run over the whole text (Hyperscan could not take them)."""
        return tuple(self.rules[i].id for i in self._always)

    def _compile(self) -> None:
        assert _hs is not None
        exprs: list[bytes] = []
        ids: list[int] = []
        flags: list[int] = []
        always: list[int] = []
        base = _hs.HS_FLAG_UTF8 | _hs.HS_FLAG_PREFILTER | _hs.HS_FLAG_ALLOWEMPTY
        for i, rule in enumerate(self.rules):
            width = _max_width(rule.pattern)
            if width is None:
                always.append(i)
                continue
            flag = base | (_hs.HS_FLAG_CASELESS if rule.ignore_case else 0)
            if rule.require_context and rule.context:
                # A rule that needs a keyword is anchored on its keywords, which are rare,
                # instead of on its value shape, which dense data is full of.
                longest = max(len(k) for k in rule.context)
                self._pre[i] = longest + rule.context_window + width + MARGIN
                self._post[i] = rule.context_window + width + MARGIN
                self._keyword_rules.add(i)
                for word in rule.context:
                    exprs.append(re.escape(word).encode())
                    ids.append(i)
                    flags.append(base | _hs.HS_FLAG_CASELESS)
                continue
            self._pre[i] = width + 1 + MARGIN
            self._post[i] = 1 + MARGIN
            before, after = HS_BOUNDARIES.get(rule.boundary, ("", ""))
            core = _NAMED_GROUP.sub("(", rule.pattern)
            exprs.append(f"{before}(?:{core}){after}".encode())
            ids.append(i)
            flags.append(flag)
        self._always = always
        if not exprs:
            return
        key = hashlib.sha256(
            repr((getattr(_hs, "__version__", ""), exprs, ids, flags)).encode()
        ).hexdigest()[:24]
        blob = _MEMO.get(key) or self._read_cache(key)
        if blob is not None:
            try:
                db = _hs.loadb(blob, _hs.HS_MODE_BLOCK)
                db.scratch = _hs.Scratch(db)  # a loaded database comes without scratch space
                self._db = db
                _MEMO[key] = blob
                return
            except Exception:
                pass  # a damaged cache file is simply rebuilt
        db = _hs.Database()
        try:
            db.compile(expressions=exprs, ids=ids, flags=flags)
        except Exception:
            # One pattern Hyperscan cannot take must not cost the others their prefilter:
            # find it, let it run unfiltered, compile the rest.
            good = [k for k in range(len(exprs)) if _compiles(exprs[k], ids[k], flags[k])]
            self._always.extend(ids[k] for k in range(len(exprs)) if k not in good)
            if not good:
                return
            db = _hs.Database()
            db.compile(
                expressions=[exprs[k] for k in good],
                ids=[ids[k] for k in good],
                flags=[flags[k] for k in good],
            )
        self._db = db
        blob = _hs.dumpb(db)
        _MEMO[key] = blob
        self._write_cache(key, blob)

    def _cache_file(self, key: str) -> Path | None:
        if not self._disk_cache:
            return None
        try:
            return cache_dir() / f"patterns-{key}.hsdb"
        except OSError:
            return None

    def _read_cache(self, key: str) -> bytes | None:
        path = self._cache_file(key)
        try:
            return path.read_bytes() if path is not None else None
        except OSError:
            return None

    def _write_cache(self, key: str, blob: bytes) -> None:
        path = self._cache_file(key)
        if path is None:
            return
        try:  # atomic: concurrent scans may race to write the same file
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".patterns-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except OSError:
            pass

    def windows(self, text: str) -> Windows:
        n = len(text)
        out: Windows = {i: [(0, n)] for i in self._always}
        if self._db is None:
            return out
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: one "?" byte each keeps the char count
            data = text.encode("utf-8", "replace")
        hits: list[tuple[int, int]] = []
        add = hits.append

        def on_match(rule_id: int, _from: int, to: int, _flags: int, _ctx: object) -> None:
            add((to, rule_id))

        self._db.scan(data, match_event_handler=on_match)
        if not hits:
            return out
        size = len(data)
        # Windows are merged in byte space, where the hits are. A character is 1 to 4 bytes,
        # so extents are scaled by 4 for non-ASCII text: the byte window always holds the
        # character window. Only the few merged boundaries are then mapped to characters.
        scale = 1 if size == n else 4
        pre = [p * scale for p in self._pre]
        post = [p * scale for p in self._post]
        spans_b: dict[int, list[list[int]]] = {}
        unordered = False
        for end, rid in hits:
            lo = end - pre[rid]
            hi = end + post[rid]
            spans = spans_b.get(rid)
            if spans is None:
                spans_b[rid] = [[lo, hi]]
                continue
            last = spans[-1]
            if lo <= last[1] + _GAP:
                if hi > last[1]:
                    last[1] = hi
                if lo < last[0]:
                    last[0] = lo
                    unordered = True
            else:
                spans.append([lo, hi])
        if unordered:
            spans_b = {rid: _remerge(sp) for rid, sp in spans_b.items()}
        for byte_spans in spans_b.values():
            for span in byte_spans:
                span[0] = max(span[0], 0)
                span[1] = min(span[1], size)
        if scale == 1:
            for rid, byte_spans in spans_b.items():
                out[rid] = [(a, b) for a, b in byte_spans]
            return out
        out.update(_spans_to_chars(data, spans_b))
        return out


# Windows closer than this (bytes) are merged: one regex pass over a short gap costs less
# than another Python-level finditer call (dense exports have a candidate on every line).
# Widening a window never changes what is found: the regexes are exact, and the pure-Python
# fallback runs them over whole texts.
_GAP = 256


def _remerge(spans: list[list[int]]) -> list[list[int]]:
    spans.sort()
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + _GAP:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return merged


def _spans_to_chars(
    data: bytes, spans_b: dict[int, list[list[int]]]
) -> dict[int, list[tuple[int, int]]]:
    """Map byte windows to character windows (widened to whole characters)."""
    points: list[tuple[int, int, int, int]] = []  # (byte offset, rule, span index, side)
    for rid, spans in spans_b.items():
        for k, (lo, hi) in enumerate(spans):
            while lo > 0 and 0x80 <= data[lo] < 0xC0:  # back to the start of a character
                lo -= 1
            while hi < len(data) and 0x80 <= data[hi] < 0xC0:  # forward past the last one
                hi += 1
            points.append((lo, rid, k, 0))
            points.append((hi, rid, k, 1))
    points.sort()
    result: dict[int, list[list[int]]] = {rid: [[0, 0] for _ in sp] for rid, sp in spans_b.items()}
    pos = chars = 0
    for off, rid, k, side in points:
        if off > pos:
            chars += len(data[pos:off].decode("utf-8", "replace"))
            pos = off
        result[rid][k][side] = chars
    return {rid: [(a, b) for a, b in sp] for rid, sp in result.items()}


def _compiles(expr: bytes, rid: int, flag: int) -> bool:
    assert _hs is not None
    try:
        _hs.Database().compile(expressions=[expr], ids=[rid], flags=[flag])
    except Exception:
        return False
    return True


class KeywordCounter:
    """Counts vocabulary hits per rule (document-level rules such as health records).

    One Hyperscan pass over literal keywords; without Hyperscan, one regex per rule. Counts
    are occurrences of any keyword, so "病历号" also counts its "病历".
    """

    def __init__(self, rules: Sequence[Rule], use_hyperscan: bool = True) -> None:
        self.rules = tuple(rules)
        self._db: Any = None
        words = [(i, w) for i, r in enumerate(self.rules) for w in sorted(set(r.context))]
        if use_hyperscan and _hs is not None and words:
            db = _hs.Database()
            try:
                db.compile(
                    expressions=[re.escape(w).encode() for _, w in words],
                    ids=[i for i, _ in words],
                    flags=[_hs.HS_FLAG_UTF8 | _hs.HS_FLAG_CASELESS] * len(words),
                )
                self._db = db
            except Exception:
                self._db = None

    def count(self, text: str) -> dict[int, int]:
        counts: dict[int, int] = {}
        if self._db is None:
            for i, rule in enumerate(self.rules):
                if rule.context_re is not None:
                    n = sum(1 for _ in rule.context_re.finditer(text))
                    if n:
                        counts[i] = n
            return counts

        def on_match(rule_id: int, _from: int, _to: int, _flags: int, _ctx: object) -> None:
            counts[rule_id] = counts.get(rule_id, 0) + 1

        self._db.scan(text.encode("utf-8", "replace"), match_event_handler=on_match)
        return counts
