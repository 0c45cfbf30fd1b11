"""One multi-pattern pass that tells each rule where in a text it can match.

Hyperscan scans every rule's pattern in a single pass over the UTF-8 bytes; a rule then runs
its Python regex and validator only in windows around its candidates, not over the whole
text. Each rule is compiled in the tightest mode Hyperscan takes:

- "som": the pattern with its look-arounds removed (a superset of what the rule matches),
  exact, with start of match. A window is then the candidate itself, plus the few characters
  a look-ahead reads after it: the regex re-checks only the candidates. Where that is too
  large for Hyperscan, its large bounded repeats are made unbounded ("som-relaxed"), then
  all but the small ones ("som-loose"): still a superset, still with start of match.
- "prefilter": Hyperscan's approximation of the full pattern, for what it cannot take with
  start of match (large bounded repeats, look-aheads without a bound): a window reaches
  back the pattern's width from a candidate's end, with a margin on both sides.
- rules that need a keyword are anchored on their keywords.

Without Hyperscan every rule runs over the whole text (slower, same results): the prefilter
may only ever narrow where a rule looks, never hide a match. Windows may start anywhere:
Python's look-behinds and `\\b` read the text before `pos`; only the look-aheads need the
text after a window's end, and every window holds their reach.
"""

from __future__ import annotations

import hashlib
import json
import re
import re._constants as _sre
import re._parser as sre_parse
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from scanners.detection.rules import Rule, is_latin
from scanners.system.paths import cache_dir, write_cache_file

_hits: Any
try:  # optional: built from _hits.c where a C compiler was at hand (setup.py)
    import scanners.detection._hits as _hits  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:  # the same windows from the Python loop in Prefilter._merge()
    _hits = None

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
    # "Tel.13812345678": a "." may come before a number (the regex refuses only "3.7.138...")
    "number": ("(?:^|[^0-9A-Za-z_])", "(?:[^0-9]|$)"),
    "alnum": ("(?:^|[^0-9A-Za-z])", "(?:[^0-9A-Za-z]|$)"),
    "token": ("(?:^|[^0-9A-Za-z_+/=-])", "(?:[^0-9A-Za-z_+/=-]|$)"),
}
# The characters each boundary refuses right after a value (the complement of its stand-in).
_RUNS: dict[str, re.Pattern[bytes]] = {
    name: re.compile(rb"[" + chars + rb"]*")
    for name, chars in (("digit", rb"0-9"), ("number", rb"0-9"), ("alnum", rb"0-9A-Za-z"),
                        ("token", rb"0-9A-Za-z_+/=\-"))
}
# The same runs as 256-byte tables (non-zero: a byte of the run), for _hits.c.
_RUN_TABLES: dict[str, bytes] = {
    name: bytes(1 if run.fullmatch(bytes([b])) else 0 for b in range(256))
    for name, run in _RUNS.items()
}
MAX_WIDTH = 600  # longest match a window must hold; wider patterns run over whole texts
MARGIN = 48  # chars around a window, so boundaries and labels inside patterns still see text
_LOOKAROUNDS = ("(?<!", "(?<=", "(?=", "(?!")
MODE_SOM, MODE_SOM_RELAXED, MODE_END = "som", "som-relaxed", "end"
# Start of match with every repeat of RELAX_LOOSE or more unbounded: for a pattern whose
# relaxed form is still "too large" with start tracking (the US street address: up to 16
# words of up to 25 letters). Its windows end where its candidates do, not 447 bytes before
# every hit's end as the "end" mode's must.
MODE_SOM_LOOSE = "som-loose"
_SOM_MODES = (MODE_SOM, MODE_SOM_RELAXED, MODE_SOM_LOOSE)
# Ends only, every repeat of RELAX_LOOSE or more unbounded: a window reaches back the regex's
# own width from each end, so Hyperscan's expression may be as loose as it takes to compile
# (the street address: a dozen tokens after its suffix, bounded, are "too large")
MODE_END_LOOSE = "end-loose"
_END_MODES = (MODE_END, MODE_END_LOOSE)
MODE_PREFILTER, MODE_KEYWORD = "prefilter", "keyword"
_NO_VALUES = "-"  # a rule whose value shape Hyperscan is not asked for (all but keyword rules)
RELAX_FROM = 16  # bounded repeats up to at least this many become unbounded ("relaxed")
RELAX_LOOSE = 8  # and in the "som-loose" mode
Windows = dict[int, list[tuple[int, int]]]
# Compiling ~50 PII patterns takes seconds; the compiled database is kept in memory and on
# disk (it holds patterns only, no data), keyed by everything that affects it.
_MEMO: dict[str, bytes] = {}
# 9: the rules' shapes beside the modes; 10: final look-aheads consumed; 11: keywords bounded
# as words; 13: end-loose, a mode asked as bytes where UTF-8 takes none; 14: no keyword
# after "@"
_PLAN_VERSION = 14
_KEEP_DATABASES = 4  # the way expressions and modes are derived from rules
# Rules whose pattern is `byte_safe` are given to Hyperscan as bytes (tests switch it off to
# compare the windows with the UTF-8 reading).
BYTE_MODE = True


def warm(rules: Sequence[Rule]) -> None:
    """Compile the pattern database into the disk cache if it is not there yet, keeping
    nothing in memory: the pool's workers then load it instead of each compiling it."""
    if _hs is None:
        return
    if Prefilter(rules, use_hyperscan=False).cached_on_disk():
        return  # (the usual case: nothing to read or parse here, the workers load it)
    before = set(_MEMO)
    Prefilter(rules)
    for key in set(_MEMO) - before:
        del _MEMO[key]


def native_module() -> Any:
    """The compiled module (_hits.c), or None where it was not built."""
    return _hits


def hyperscan_available() -> bool:
    return _hs is not None


def consume_final_lookaheads(pattern: str) -> str:
    """`pattern` with each positive look-ahead that ends it (`(?=X)` followed by nothing but
    closing parentheses: the end of a branch that ends the pattern) made consuming, as
    `(?:X|$)`. Every match of the original is followed by X, so each is a prefix of a match
    of this one: still a superset, with the same starts. Hyperscan then reports a candidate
    only where the look-ahead can hold, not every run its first part matches: the person
    name's cell shape ("\n" and two to four Chinese characters) is at the start of most
    lines of Chinese prose, but followed by a delimiter only in a table."""

    def consume(i: int) -> tuple[str, int] | None:
        if pattern.startswith("(?=", i):
            j = _group_end(pattern, i)
            if j < len(pattern) and not pattern[j + 1 :].strip(")"):
                return "(?:" + pattern[i + 3 : j] + "|$)", j + 1
        return None

    return _rewrite(pattern, consume)


def strip_lookarounds(pattern: str) -> str:
    """`pattern` without its look-around groups: it matches everything the original does."""

    def drop(i: int) -> tuple[str, int] | None:
        if pattern.startswith(_LOOKAROUNDS, i):  # a look-around is a balanced group
            return "", _group_end(pattern, i) + 1
        return None

    return _rewrite(pattern, drop)


# What a pattern that reads bytes rather than UTF-8 characters must not hold: anything that
# may match a character outside ASCII (a negated class, ".", \D \S \W, a non-ASCII literal or
# range) would match one byte of it instead. Look-arounds are stripped before this is asked.
_ANY_CHAR = frozenset({_sre.NOT_LITERAL, _sre.ANY, _sre.NEGATE})
_NOT_CATEGORIES = frozenset({_sre.CATEGORY_NOT_DIGIT, _sre.CATEGORY_NOT_SPACE,
                             _sre.CATEGORY_NOT_WORD})


def byte_safe(core: str) -> bool:
    """`core` (a rule's pattern without its look-arounds) matches the same strings of ASCII
    characters whether Hyperscan reads it as UTF-8 or as bytes, and nothing outside ASCII:
    then Hyperscan may read it as bytes, which it does 10-20% faster over a whole database
    (the UTF-8 decoding automaton of each class is gone). The boundary stand-ins around it
    (`HS_BOUNDARIES`, a negated class at either end) stay right: a byte of a multi-byte
    character is never a digit or a letter, and a window that starts or ends inside a
    character is widened to whole characters."""
    try:
        parsed = sre_parse.parse(core)
    except (re.error, RecursionError):
        return False
    if parsed.state.flags & re.IGNORECASE:  # a leading (?i): caseless, as below
        return False
    return _ascii_items(list(parsed))


def _ascii_items(items: Sequence[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op in _ANY_CHAR or (op is _sre.LITERAL and av > 0x7F):
            return False
        if op is _sre.IN:
            if not _ascii_items(av):
                return False
        elif op is _sre.RANGE:
            if av[1] > 0x7F:
                return False
        elif op is _sre.CATEGORY:
            if av in _NOT_CATEGORIES:
                return False
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            if not _ascii_items(list(av[2])):
                return False
        elif op is _sre.SUBPATTERN:
            # A caseless group ("(?i:street|st|...)") folds ASCII letters only: the rules are
            # compiled with re.ASCII, and Hyperscan reading bytes folds the same letters.
            if not _ascii_items(list(av[3])):
                return False
        elif op is _sre.ATOMIC_GROUP:
            if not _ascii_items(list(av)):
                return False
        elif op is _sre.BRANCH:
            if not all(_ascii_items(list(b)) for b in av[1]):
                return False
        elif op not in (_sre.LITERAL, _sre.AT):
            return False  # a back-reference, a conditional, a look-around left: not sure
    return True


def relax_repeats(pattern: str, at_least: int = RELAX_FROM) -> str:
    """`pattern` with its large bounded repeats unbounded (`{0,64}` -> `{0,}`): it matches
    everything the original does, and Hyperscan takes unbounded repeats exactly where large
    bounded ones are "too large" (or approximated so loosely that every byte is a hit)."""

    def relax(i: int) -> tuple[str, int] | None:
        m = _REPEAT.match(pattern, i) if pattern[i] == "{" else None
        if m is not None and int(m.group(2)) >= at_least:
            return "{" + m.group(1) + ",}", m.end()
        return None

    return _rewrite(pattern, relax)


def _syntax(pattern: str, start: int = 0) -> Iterator[int]:
    """The indices from `start` on that hold syntax: outside escapes and character classes
    (a class's "]" or "[^]" first member does not close it)."""
    i, n = start, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith("[]", i) or pattern.startswith("[^]", i):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        else:
            yield i
        i += 1


def _rewrite(pattern: str, at: Callable[[int], tuple[str, int] | None]) -> str:
    """`pattern` with the syntax at some positions replaced: `at(i)` gives (replacement,
    index after it) or None. Only positions that hold syntax (`_syntax`) are offered."""
    out: list[str] = []
    copied = 0  # pattern[:copied] is in `out`
    for i in _syntax(pattern):
        if i < copied:
            continue  # inside what a replacement took
        done = at(i)
        if done is not None:
            out.append(pattern[copied:i])
            out.append(done[0])
            copied = done[1]
    out.append(pattern[copied:])
    return "".join(out)


_REPEAT = re.compile(r"\{([0-9]+),([0-9]+)\}")


def _group_end(pattern: str, i: int) -> int:
    """The index of the ")" closing the group that opens at `i`."""
    depth = 0
    for j in _syntax(pattern, i):
        if pattern[j] == "(":
            depth += 1
        elif pattern[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(pattern)


_AT_END = frozenset({"AT_END", "AT_END_STRING", "AT_END_LINE", "AT_BOUNDARY", "AT_NON_BOUNDARY",
                     "AT_UNI_BOUNDARY", "AT_UNI_NON_BOUNDARY", "AT_LOC_BOUNDARY",
                     "AT_LOC_NON_BOUNDARY"})


def lookahead_reach(regex: re.Pattern[str]) -> int | None:
    """How far past a match its look-aheads read (None: unbounded)."""
    try:
        tree = sre_parse.parse(regex.pattern, regex.flags)
    except Exception:
        return None
    reach = 0
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        for op, av in node if isinstance(node, sre_parse.SubPattern) else ():
            name = str(op)
            if name == "AT" and str(av) in _AT_END:
                return None  # `$`, `\\b`: a window's end would read as the text's end
            if name in ("ASSERT", "ASSERT_NOT"):
                direction, sub = av
                if direction == 1:
                    hi = sub.getwidth()[1]
                    if hi >= MAX_WIDTH:
                        return None
                    reach = max(reach, hi)
                stack.append(sub)
            elif name == "BRANCH":
                stack.extend(av[1])
            elif name == "SUBPATTERN":
                stack.append(av[-1])
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                stack.append(av[2])
            elif name == "ATOMIC_GROUP":
                stack.append(av)
            elif name == "GROUPREF_EXISTS":
                stack.extend(x for x in av[1:] if x is not None)
    return reach


def keyword_expression(word: str) -> bytes:
    """Hyperscan's expression for a keyword rule's keyword: caseless, and a Latin keyword only
    where `detect.first_word_py` may take it: not inside a word ("sin" in "using" or
    "sina.com", "fin" in "Finance", "nie" in a pinyin "nie") nor a mail domain ("@qq.com"),
    unless in camel case ("userSin") or as a plural ("sins"). Each such hit was a window the
    rule's regex searched for nothing. The expression reads up to KEYWORD_TAIL characters
    past the keyword (what follows it decides), which the keyword windows' extents allow
    for."""
    if not word:
        return b""
    if not is_latin(word[0]):
        start = f"(?i:{re.escape(word)})"
        body = ""
    else:
        f = re.escape(word[0])
        start = f"(?:(?:^|[^A-Za-z@])(?i:{f})|[a-z]{re.escape(word[0].upper())})"
        body = word[1:]
    if not body:
        return start.encode()
    last = body[-1]
    middle = f"(?i:{re.escape(body[:-1])})" if body[:-1] else ""
    if not is_latin(last):
        return f"{start}{middle}(?i:{re.escape(last)})".encode()
    low = re.escape(last.lower())
    end = (f"(?:(?i:{low})(?:[^A-Za-z]|$|(?i:e?s)(?:[^A-Za-z]|$))"
           f"|{low}[A-Z])")
    return f"{start}{middle}{end}".encode()


# How far past a keyword `keyword_expression` reads: "es" and the character after them
KEYWORD_TAIL = 3


def _max_width(pattern: str) -> int | None:
    try:
        hi = sre_parse.parse(pattern, re.ASCII).getwidth()[1]
    except Exception:
        return None
    return hi if hi <= MAX_WIDTH else None


class Prefilter:
    """`windows_and_values(text)`: for each rule index worth running, the (start, end) spans
    to search, and the spans of the keyword rules' value shapes."""

    def __init__(
        self, rules: Sequence[Rule], use_hyperscan: bool = True, disk_cache: bool = True
    ) -> None:
        self.rules = tuple(rules)
        self._always: list[int] = list(range(len(self.rules)))
        self._pre: list[int] = [0] * len(self.rules)  # window extent before a hit's end
        self._post: list[int] = [0] * len(self.rules)  # and after it
        self._extents = self._scaled()  # both, in bytes, for ASCII text and for any text
        self._keyword_rules: set[int] = set()
        self._values: dict[int, int] = {}  # keyword rule -> the id of its value shape's hits
        self._som: list[bool] = [False] * len(self.rules)  # hits carry their start
        self._runs: list[re.Pattern[bytes] | None] = [None] * len(self.rules)
        self._run_tables: list[bytes | None] = [None] * len(self.rules)
        self._modes: list[str] = ["always"] * len(self.rules)
        self._db: Any = None
        self._disk_cache = disk_cache
        # Hits collected and merged by _hits.c when it was built, else by `_merge` (same
        # windows; tests compare the two by setting this False)
        self.native = _hits is not None
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

    def _plan_key(self) -> str:
        """The cache key of the compiled database: what its expressions are made from."""
        return hashlib.sha256(repr((
            getattr(_hs, "__version__", ""), _PLAN_VERSION, MAX_WIDTH, MARGIN, BYTE_MODE,
            [(r.pattern, r.boundary, r.ignore_case, r.require_context, r.context,
              r.context_window, r.regex_source, r.value_shape, r.value_anchored)
             for r in self.rules],
        )).encode()).hexdigest()[:24]

    def cached_on_disk(self) -> bool:
        """Whether the database of these rules is in the disk cache already."""
        path = self._cache_file(self._plan_key())
        return path is not None and path.is_file()

    def _compile(self) -> None:
        assert _hs is not None
        key = self._plan_key()
        cached = _MEMO.get(key) or self._read_cache(key)
        if cached is not None:
            try:
                head, blob = cached.split(b"\n", 1)
                plan = json.loads(head)
                # {"modes", "shapes"}; a bare list of modes in a file of an earlier version
                modes, shapes = ((plan["modes"], plan["shapes"]) if isinstance(plan, dict)
                                 else (plan, None))
                db = _hs.loadb(blob, _hs.HS_MODE_BLOCK)
                db.scratch = _hs.Scratch(db)  # a loaded database comes without scratch space
                self._apply(modes, shapes)
                self._db = db
                _MEMO[key] = cached
                return
            except Exception:
                pass  # a damaged cache file is simply rebuilt
        modes = self._modes_for()
        n = len(self.rules)
        db = None
        for attempt in range(5):
            exprs, ids, flags = self._expressions(modes)
            if not exprs:
                break
            try:
                db = _hs.Database()
                db.compile(expressions=exprs, ids=ids, flags=flags)
                break
            except Exception:
                # Fine alone, too much together (start tracking is costly): the value shapes
                # of keyword rules go first, then the exact rules fall back to the
                # approximation, then what still fails runs unfiltered.
                db = None
                if attempt == 0 and any(m != _NO_VALUES for m in modes[n:]):
                    modes = [*modes[:n], *[_NO_VALUES] * n]
                    continue
                if attempt == 1 and any(m in _SOM_MODES for m in modes):
                    modes = [MODE_END_LOOSE if m == MODE_SOM_LOOSE else
                             MODE_END if m in _SOM_MODES else m for m in modes]
                    continue
                if attempt == 2 and any(m in _END_MODES for m in modes):
                    modes = [MODE_PREFILTER if m in _END_MODES else m for m in modes]
                    continue
                bad = {ids[k] for k in range(len(exprs)) if not _compiles(exprs[k], flags[k])}
                modes = [m if i not in bad else "always" if i < n else _NO_VALUES
                         for i, m in enumerate(modes)]
        self._apply(modes)
        if db is None:
            return
        self._db = db
        plan = {"modes": modes, "shapes": self._shapes()}
        blob = json.dumps(plan).encode() + b"\n" + _hs.dumpb(db)
        _MEMO[key] = blob
        self._write_cache(key, blob)

    def _modes_for(self) -> list[str]:
        """The tightest way Hyperscan takes each rule, then (at index n + i, for the n rules)
        how it finds a keyword rule's value shape: a mode with start of match or "-" (none).
        Whether Hyperscan tracks a pattern's start is known only by compiling it alone, so
        the answers are kept on disk per expression: a changed rule costs one trial, not all
        of them."""
        known = self._read_verdicts()
        asked = False

        def takes(i: int, mode: str, as_bytes: bool) -> bool:
            nonlocal asked
            expr, flag = self._expression(i, mode, as_bytes)
            tag = hashlib.sha256(repr((expr, flag)).encode()).hexdigest()[:16]
            if tag not in known:
                known[tag] = mode == MODE_PREFILTER or _compiles(expr, flag)
                asked = True
            return known[tag]

        def first(i: int, choices: Sequence[str]) -> str:
            # asked as UTF-8 first, as before reading bytes existed: a byte pattern is
            # smaller, and a tighter mode it allows can scan slower; as bytes only where no
            # mode but the approximation takes it as UTF-8 (the street address's
            # end-loose: its suffix list is "too large" as UTF-8 alternatives)
            exact = [m for m in choices if m != MODE_PREFILTER]
            for mode, as_bytes in [*((m, False) for m in exact), *((m, True) for m in exact)]:
                if takes(i, mode, as_bytes):
                    return mode
            return MODE_PREFILTER if MODE_PREFILTER in choices else _NO_VALUES

        modes: list[str] = []
        values: list[str] = []
        for i, rule in enumerate(self.rules):
            value = _NO_VALUES
            if _max_width(rule.pattern) is None:
                modes.append("always")
            elif rule.require_context and rule.context and not rule.value_anchored:
                modes.append(MODE_KEYWORD)
                if rule.value_shape and lookahead_reach(rule.regex) is not None:  # type: ignore[arg-type]
                    value = first(i, _SOM_MODES)
            elif lookahead_reach(rule.regex) is None:  # type: ignore[arg-type]
                modes.append(MODE_PREFILTER)
            else:
                modes.append(first(i, (*_SOM_MODES, *_END_MODES, MODE_PREFILTER)))
            values.append(value)
        if asked:
            self._write_verdicts(known)
        return modes + values

    def _read_verdicts(self) -> dict[str, bool]:
        path = self._cache_file("som")
        try:
            data = json.loads(path.read_text()) if path is not None else {}
        except (OSError, ValueError):
            return {}
        return {str(k): bool(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_verdicts(self, known: dict[str, bool]) -> None:
        self._write_cache("som", json.dumps(known).encode())

    def _expression(self, i: int, mode: str, as_bytes: bool = True) -> tuple[bytes, int]:
        assert _hs is not None
        rule = self.rules[i]
        flag = _hs.HS_FLAG_UTF8 | _hs.HS_FLAG_ALLOWEMPTY
        flag |= _hs.HS_FLAG_CASELESS if rule.ignore_case else 0
        core = _NAMED_GROUP.sub("(", rule.pattern)
        if mode == MODE_PREFILTER:
            flag |= _hs.HS_FLAG_PREFILTER
        else:
            if mode in _SOM_MODES:  # (a window reaching back from the end would not hold it)
                core = consume_final_lookaheads(core)
            core = strip_lookarounds(core)
            # Caseless patterns stay UTF-8: Python's re.I also folds "K" (Kelvin) and "ſ".
            if as_bytes and BYTE_MODE and not rule.ignore_case and byte_safe(core):
                flag &= ~_hs.HS_FLAG_UTF8
            if mode != MODE_SOM:
                loose = mode in (MODE_SOM_LOOSE, MODE_END_LOOSE)
                core = relax_repeats(core, RELAX_LOOSE if loose else RELAX_FROM)
            flag |= _hs.HS_FLAG_SOM_LEFTMOST if mode in _SOM_MODES else 0
        before, after = HS_BOUNDARIES.get(rule.boundary, ("", ""))
        return f"{before}(?:{core}){after}".encode(), flag

    def _expressions(self, modes: Sequence[str]) -> tuple[list[bytes], list[int], list[int]]:
        assert _hs is not None
        exprs: list[bytes] = []
        ids: list[int] = []
        flags: list[int] = []
        n = len(self.rules)
        for i, mode in enumerate(modes):
            if mode == MODE_KEYWORD:
                # A rule that needs a keyword is anchored on its keywords, which are rare,
                # instead of on its value shape, which dense data is full of.
                for word in self.rules[i].context:
                    exprs.append(keyword_expression(word))
                    ids.append(i)
                    flags.append(_hs.HS_FLAG_UTF8)
            elif mode not in ("always", _NO_VALUES):
                expr, flag = self._expression(i % n, mode)
                exprs.append(expr)
                ids.append(i)  # i >= n: a keyword rule's value shape (`values`)
                flags.append(flag)
        return exprs, ids, flags

    def _shapes(self) -> list[list[int | None]]:
        """Per rule: its longest match (`_max_width`) and how far its look-aheads read past it
        (`lookahead_reach`). Parsing 108 patterns for them takes 45 ms, in every worker: the
        disk cache keeps them beside the database they go with."""
        return [[_max_width(r.pattern), lookahead_reach(r.regex)]  # type: ignore[arg-type]
                for r in self.rules]

    def _apply(self, modes: Sequence[str],
               shapes: Sequence[Sequence[int | None]] | None = None) -> None:
        """Window extents per rule, from its mode (what a hit says about where a match is),
        and per keyword rule's value shape (index n + i, `_modes_for`); `shapes`: `_shapes()`
        as the cache kept it."""
        n = len(self.rules)
        if len(modes) != 2 * n or (shapes is not None and len(shapes) != n):
            raise ValueError("a plan for other rules")  # (an old cache file: rebuilt)
        if shapes is None:
            shapes = self._shapes()
        self._always = [i for i, m in enumerate(modes[:n]) if m == "always"]
        self._keyword_rules = {i for i, m in enumerate(modes[:n]) if m == MODE_KEYWORD}
        self._values = {i - n: i for i, m in enumerate(modes) if i >= n and m in _SOM_MODES}
        self._pre = [0] * (2 * n)
        self._post = [0] * (2 * n)
        self._som = [m in _SOM_MODES for m in modes]
        # An exact window must not end inside a run of the characters the boundary refuses
        # after a value ("759Phys|ical"): the regex's look-ahead would take the window's end
        # for the text's and accept a value the whole text refuses. Such a window is carried
        # to the end of the run, where Hyperscan's stand-in has seen what the regex will see.
        self._runs = [_RUNS.get(self.rules[i % n].boundary)
                      if m in (*_SOM_MODES, *_END_MODES) else None
                      for i, m in enumerate(modes)]
        self._run_tables = [_RUN_TABLES.get(self.rules[i % n].boundary) if run is not None else None
                            for i, run in enumerate(self._runs)]
        for i, mode in enumerate(modes):
            if mode == _NO_VALUES:
                continue
            rule = self.rules[i % n]
            width = shapes[i % n][0] or 0
            reach = shapes[i % n][1] or 0
            if mode == MODE_KEYWORD:
                longest = max(len(k) for k in rule.context)
                # (a hit ends up to KEYWORD_TAIL characters past its keyword)
                self._pre[i] = longest + KEYWORD_TAIL + rule.context_window + width + MARGIN
                self._post[i] = rule.context_window + width + MARGIN
            elif mode in _END_MODES:
                self._pre[i] = width + 2  # the boundary characters around the value
                self._post[i] = reach
            elif mode in _SOM_MODES:
                # the window is the candidate: from its start (with the boundary character
                # the expression consumed) to its end and what the look-aheads read after it
                self._pre[i] = 0
                self._post[i] = reach
            else:
                self._pre[i] = width + 1 + MARGIN
                self._post[i] = 1 + MARGIN
        self._modes = list(modes[:n])
        self._extents = self._scaled()

    def _scaled(self) -> dict[int, tuple[list[int], list[int]]]:
        """The window extents in bytes, per bytes a character may take (1: ASCII text; 4)."""
        return {scale: ([p * scale for p in self._pre], [p * scale for p in self._post])
                for scale in (1, 4)}

    @property
    def modes(self) -> dict[str, str]:
        """How each rule is found: "som", "som-relaxed", "som-loose", "end", "end-loose",
        "prefilter", "keyword" or "always"."""
        return {r.id: m for r, m in zip(self.rules, self._modes, strict=True)}

    def _cache_file(self, key: str) -> Path | None:
        if not self._disk_cache:
            return None
        try:
            return cache_dir() / (f"patterns-{key}.hsdb" if key != "som" else
                                  f"patterns-{getattr(_hs, '__version__', '')}-som.json")
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
        if not write_cache_file(path, blob):
            return
        # A database is several megabytes and every change of the rules makes a new one:
        # only the few most recent stay.
        try:
            old = sorted(path.parent.glob("patterns-*.hsdb"), key=lambda p: p.stat().st_mtime)
            for stale in old[:-_KEEP_DATABASES]:
                stale.unlink()
        except OSError:
            pass

    def _merge(self, data: bytes, scale: int) -> dict[int, list[list[int]]]:
        """Hyperscan's hits merged into windows per rule, in byte offsets (what _hits.c's
        Hits.windows() does without a Python call per hit)."""
        hits: list[tuple[int, int, int]] = []
        add = hits.append

        def on_match(rule_id: int, start: int, to: int, _flags: int, _ctx: object) -> None:
            add((start, to, rule_id))

        self._db.scan(data, match_event_handler=on_match)
        return self.merge_hits(hits, data, scale)

    def merge_hits(
        self, hits: Sequence[tuple[int, int, int]], data: bytes, scale: int
    ) -> dict[int, list[list[int]]]:
        """(start, end, rule) hits, in Hyperscan's order, merged into windows per rule."""
        if not hits:
            return {}
        size = len(data)
        pre, post = self._extents[scale]
        spans_b: dict[int, list[list[int]]] = {}
        unordered = False
        som, runs = self._som, self._runs
        for start, end, rid in hits:
            lo = (start if som[rid] else end) - pre[rid]
            hi = end + post[rid]
            run = runs[rid]
            if run is not None:
                hi = run.match(data, hi).end()  # type: ignore[union-attr]  # `*`: always
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
        return spans_b

    def windows_and_values(self, text: str) -> tuple[Windows, Windows]:
        """The windows per rule, and per keyword rule the windows of its value shape's
        candidates (for a table whose header holds the keyword: `Detector.detect`)."""
        found = self._windows(text)
        values: Windows = {}
        if self._values:
            for rule, index in self._values.items():
                spans = found.pop(index, None)
                if spans is not None:
                    values[rule] = spans
                near = found.get(rule)
                if near is not None:
                    # A match needs its value shape and a keyword near it: only the value
                    # candidates that meet a keyword's window are searched, not the whole
                    # keyword window ("tel" in every "hotel" of a novel, "lat" in "latest").
                    meeting = _meeting(spans, near) if spans else None
                    if meeting:
                        found[rule] = meeting
                    else:
                        del found[rule]
        return found, values

    @property
    def value_rules(self) -> frozenset[int]:
        """Keyword rules whose value shape Hyperscan finds as well (`windows_and_values`)."""
        return frozenset(self._values)

    def _windows(self, text: str) -> Windows:
        n = len(text)
        out: Windows = {i: [(0, n)] for i in self._always}
        if self._db is None:
            return out
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: one "?" byte each keeps the char count
            data = text.encode("utf-8", "replace")
        size = len(data)
        # Windows are merged in byte space, where the hits are. A character is 1 to 4 bytes,
        # so extents are scaled by 4 for non-ASCII text: the byte window always holds the
        # character window. Only the few merged boundaries are then mapped to characters.
        scale = 1 if size == n else 4
        if self.native:
            collected = _hits.Hits()  # one per call: a Detector may serve several threads
            self._db.scan(data, match_event_handler=collected)
            if len(collected):
                out.update(collected.windows(
                    data, *self._extents[scale],
                    self._som, self._run_tables, _GAP_NATIVE, scale != 1))
            return out
        spans_b = self._merge(data, scale)
        if scale == 1:
            for rid, byte_spans in spans_b.items():
                out[rid] = [(a, b) for a, b in byte_spans]
            return out
        out.update(_spans_to_chars(data, spans_b))
        return out


# Windows closer than this (bytes) are merged: one regex pass over a short gap costs less
# than another Python-level finditer call (dense exports have a candidate on every line).
# Widening a window never changes what is found: the regexes are exact, and the pure-Python
# fallback runs them over whole texts. With _hits.c, windows cost no Python work to build or
# to map to characters, and Python's `re` re-scanning the text between candidates is what
# costs most: there, only windows that (nearly) touch are merged (13% less detection CPU
# on the dense exports than with the Python loop's gap).
_GAP = 256
_GAP_NATIVE = 16


def _meeting(
    spans: list[tuple[int, int]], near: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The spans that meet (overlap or touch) one of the `near` spans; both lists are sorted
    and each holds no overlapping spans.

    A keyword rule's match lies inside a candidate of its value shape (the value windows hold
    every match, as for the rules found by their value) and inside the window of one of its
    keywords (that window reaches the context window and the longest match either side of the
    keyword), so the candidate meets that window: the matches found are the same."""
    out: list[tuple[int, int]] = []
    j, m = 0, len(near)
    for lo, hi in spans:
        while j < m and near[j][1] < lo:
            j += 1
        if j == m:
            break
        if near[j][0] <= hi:
            out.append((lo, hi))
    return out


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


def _compiles(expr: bytes, flag: int) -> bool:
    assert _hs is not None
    try:
        _hs.Database().compile(expressions=[expr], ids=[0], flags=[flag])
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
        self._words = words
        self._patterns: list[tuple[int, re.Pattern[str]]] | None = None
        if use_hyperscan and _hs is not None and words:
            db = _hs.Database()
            try:
                db.compile(
                    expressions=[_vocabulary_expression(w) for _, w in words],
                    ids=list(range(len(words))),
                    flags=[_hs.HS_FLAG_UTF8 | _hs.HS_FLAG_CASELESS] * len(words),
                )
                self._db = db
            except Exception:
                self._db = None

    def count(self, text: str) -> dict[int, dict[str, int]]:
        """{rule index: {term: hits}} for the rules with a hit in `text`."""
        counts: dict[int, dict[str, int]] = {}
        if self._db is None:
            for i, pattern in self._fallback():
                terms: dict[str, int] = {}
                for m in pattern.finditer(text):
                    term = m.group(0).casefold()
                    terms[term] = terms.get(term, 0) + 1
                if terms:
                    counts[i] = terms
            return counts
        hits: dict[int, int] = {}

        def on_match(word: int, _from: int, _to: int, _flags: int, _ctx: object) -> None:
            hits[word] = hits.get(word, 0) + 1

        self._db.scan(text.encode("utf-8", "replace"), match_event_handler=on_match)
        for word, n in hits.items():
            rule, term = self._words[word]
            counts.setdefault(rule, {})[term.casefold()] = n
        return counts


    def _fallback(self) -> list[tuple[int, re.Pattern[str]]]:
        """Without Hyperscan: one regex a rule, the same terms as words the same way (ASCII
        word characters, as Hyperscan's \\b)."""
        if self._patterns is None:
            self._patterns = [
                (i, re.compile("|".join(_vocabulary_expression(w).decode()
                                        for w in sorted(set(r.context), key=len, reverse=True)),
                               re.IGNORECASE | re.ASCII))
                for i, r in enumerate(self.rules) if r.context]
        return self._patterns


def _vocabulary_expression(word: str) -> bytes:
    """A density term for Hyperscan: a Latin term as a word (not "diagnosis" inside the
    identifier "_route_diagnosis"); a Chinese one anywhere."""
    expr = re.escape(word)
    if word[:1].isascii() and word[:1].isalnum():
        expr = r"\b" + expr
    if word[-1:].isascii() and word[-1:].isalnum():
        expr += r"\b"
    return expr.encode()
