"""One multi-pattern pass that tells each rule where in a text it can match.

Hyperscan scans every rule's core pattern in a single pass over the UTF-8 bytes and reports
the end offset of each candidate; a rule then runs its Python regex and validator only in
small windows around its candidates, not over the whole text. Without Hyperscan every rule
runs over the whole text (slower, same results): the prefilter may only ever narrow where a
rule looks, never hide a match.
"""

from __future__ import annotations

import re
import re._parser as sre_parse
from collections.abc import Sequence
from typing import Any

from scanners.rules import Rule

_hs: Any
try:  # optional: wheels exist for x86_64 only
    import hyperscan as _hs
except ImportError:  # pragma: no cover - exercised on machines without the wheel
    _hs = None

_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")
MAX_WIDTH = 600  # longest match a window must hold; wider patterns run over whole texts
MARGIN = 48  # chars around a window, so boundaries and labels inside patterns still see text
Windows = dict[int, list[tuple[int, int]]]


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

    def __init__(self, rules: Sequence[Rule], use_hyperscan: bool = True) -> None:
        self.rules = tuple(rules)
        self._always: list[int] = list(range(len(self.rules)))
        self._width: list[int] = [0] * len(self.rules)
        self._db: Any = None
        if use_hyperscan and _hs is not None and self.rules:
            self._compile()

    @property
    def engine(self) -> str:
        return "hyperscan" if self._db is not None else "python"

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
            core = _NAMED_GROUP.sub("(", rule.pattern)
            f = base | (_hs.HS_FLAG_CASELESS if rule.ignore_case else 0)
            if width is None:
                always.append(i)
                continue
            try:  # compile alone first so one unsupported construct does not sink the set
                _hs.Database().compile(expressions=[core.encode()], ids=[i], flags=[f])
            except Exception:
                always.append(i)
                continue
            self._width[i] = width
            exprs.append(core.encode())
            ids.append(i)
            flags.append(f)
        if exprs:
            db = _hs.Database()
            db.compile(expressions=exprs, ids=ids, flags=flags)
            self._db = db
        self._always = always

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
        if len(data) != n:  # non-ASCII text: byte offsets -> character offsets
            hits = _to_chars(data, hits)
        width = self._width
        for end, rid in hits:
            lo = end - width[rid] - MARGIN
            hi = end + MARGIN
            spans = out.get(rid)
            if spans is None:
                out[rid] = [(lo if lo > 0 else 0, hi if hi < n else n)]
            elif lo <= spans[-1][1]:  # hits arrive in end order: merge into the last window
                last_lo = spans[-1][0]
                spans[-1] = (last_lo, hi if hi < n else n)
            else:
                spans.append((lo, hi if hi < n else n))
        return out


def _to_chars(data: bytes, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Map byte end offsets to character offsets with one incremental decode."""
    hits.sort()
    out: list[tuple[int, int]] = []
    pos = 0
    chars = 0
    for end, rid in hits:
        if end > pos:
            # Ends fall on character boundaries (patterns match whole UTF-8 characters); a
            # prefilter approximation might not, so decode leniently.
            chars += len(data[pos:end].decode("utf-8", "replace"))
            pos = end
        out.append((chars, rid))
    return out
