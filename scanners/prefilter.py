"""One multi-pattern pass that tells which rules can match a text at all.

Hyperscan scans every rule's core pattern in a single pass over the UTF-8 bytes; only the rules
it reports run their Python regex and validator. Without Hyperscan every rule runs (slower,
same results): the prefilter may only ever say "maybe", never hide a match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from scanners.rules import Rule

_hs: Any
try:  # optional: wheels exist for x86_64 only
    import hyperscan as _hs
except ImportError:  # pragma: no cover - exercised on machines without the wheel
    _hs = None

_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


def hyperscan_available() -> bool:
    return _hs is not None


class Prefilter:
    """`candidates(text)` returns the indexes of the rules worth running on `text`."""

    def __init__(self, rules: Sequence[Rule], use_hyperscan: bool = True) -> None:
        self.rules = tuple(rules)
        self._always: list[int] = list(range(len(self.rules)))
        self._db: Any = None
        if use_hyperscan and _hs is not None and self.rules:
            self._compile()

    @property
    def engine(self) -> str:
        return "hyperscan" if self._db is not None else "python"

    def _compile(self) -> None:
        assert _hs is not None
        exprs: list[bytes] = []
        ids: list[int] = []
        flags: list[int] = []
        always: list[int] = []
        base = _hs.HS_FLAG_SINGLEMATCH | _hs.HS_FLAG_UTF8 | _hs.HS_FLAG_PREFILTER
        for i, rule in enumerate(self.rules):
            core = _NAMED_GROUP.sub("(", rule.pattern)
            f = base | (_hs.HS_FLAG_CASELESS if rule.ignore_case else 0)
            try:  # compile alone first so one unsupported construct does not sink the set
                probe = _hs.Database()
                probe.compile(expressions=[core.encode()], ids=[i], flags=[f])
            except Exception:
                always.append(i)
                continue
            exprs.append(core.encode())
            ids.append(i)
            flags.append(f)
        if exprs:
            db = _hs.Database()
            db.compile(expressions=exprs, ids=ids, flags=flags)
            self._db = db
        self._always = always

    def candidates(self, text: str) -> list[int]:
        if self._db is None:
            return self._always
        hits: set[int] = set(self._always)

        def on_match(rule_id: int, _from: int, _to: int, _flags: int, _ctx: object) -> None:
            hits.add(rule_id)

        # Lone surrogates (from undecodable bytes) are not valid UTF-8: drop them for the
        # prefilter only; the Python pass still sees the real text.
        self._db.scan(text.encode("utf-8", "ignore"), match_event_handler=on_match)
        return sorted(hits)
