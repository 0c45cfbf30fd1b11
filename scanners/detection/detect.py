"""Run the rules over text: prefilter, regex, validator, context window, tiered confidence.

Raw values exist only inside this module and its caller's redaction step.
"""

from __future__ import annotations

import re
import re._parser as sre_parse
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from operator import attrgetter
from types import MappingProxyType
from typing import Any

from scanners.detection.prefilter import KeywordCounter, Prefilter, native_module
from scanners.detection.rules import Rule, RuleSet
from scanners.detection.rules import is_latin as _latin
from scanners.detection.validators import NOISE_CHECKS, Verdict
from scanners.detection.validators.native import remembered
from scanners.detection.widths import fold
from scanners.model import Severity

# Confidence tiers: validator + context > validator > pattern + context > pattern.
CONF_VALID_CONTEXT = 0.95
CONF_VALID = 0.85
CONF_CONTEXT = 0.65
CONF_PATTERN = 0.40
MINOR_RULE = "minor.under14"
MINOR_AGE = 14


@dataclass(slots=True)
class Match:
    rule: Rule
    start: int  # character offsets relative to the text passed in
    end: int
    value: str
    confidence: float
    severity: Severity
    keyword: str = ""  # the context keyword that fired, shown to users as the "why"
    detail: Mapping[str, str] = field(default_factory=dict)  # read-only: shared


class Folding:
    """How the caller folds a file's matches (FileScanner): past `limit` listed matches of a
    rule in one file, a match is only counted into that rule's fold (`folds`, made by
    `new_fold(first match)`; its `absorb(count, confidence, severity, distinct hashes)` adds
    what was counted here). `kept` holds how many of each rule's matches the file lists so
    far; matches starting before `held_from` belong to the previous chunk of the text (the
    caller drops them).

    Given to `Detector.detect`, the matches past the limit are counted there, in the candidate
    loop, and never become Match objects: a dense export folds nine of its ten matches. Only
    rules whose matches nothing else reads are counted there: not the rules whose birth dates
    are checked for minors, nor those near which other rules count (when such a rule has
    candidates in the text), nor those that count only near another. And only matches
    between `held_from` and `held_until`: from `held_until` on, the next chunk of the text
    (which overlaps this one) may own a match instead, and the caller decides."""

    __slots__ = ("folds", "held_from", "held_until", "kept", "limit", "new_fold")

    def __init__(self, limit: int, kept: dict[str, int], folds: dict[str, Any],
                 new_fold: Callable[[Match], Any], held_from: int = 0,
                 held_until: int = sys.maxsize) -> None:
        self.limit = limit
        self.kept = kept
        self.folds = folds
        self.new_fold = new_fold
        self.held_from = held_from
        self.held_until = held_until

    def absorb(self, rule_id: str, over: list[Any], distinct: set[int]) -> None:
        """What the candidate loop counted past the limit (`over`: count, confidence,
        severity, first match) added to the rule's fold, as `filescan._fold` adds matches."""
        count, confidence, severity, first = over
        if not count:
            return
        fold = self.folds.get(rule_id)
        if fold is None:
            fold = self.folds[rule_id] = self.new_fold(first)
        fold.absorb(count, confidence, severity, distinct)


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class Detector:
    """Compiled detection for one rule set. Thread-safe; build once per process."""

    def __init__(self, rules: RuleSet, use_hyperscan: bool = True) -> None:
        self.rules = rules
        self.pattern_rules = rules.of_kind("pattern")
        ids = sorted(r.id for r in self.pattern_rules)
        self._rank = [ids.index(r.id) for r in self.pattern_rules]
        self.density_rules = rules.of_kind("density")
        self._vocabulary = KeywordCounter(self.density_rules, use_hyperscan)
        self.prefilter = Prefilter(self.pattern_rules, use_hyperscan)
        self.minor_rule = rules.get(MINOR_RULE)
        # (`Folding`) the rules whose matches past a file's limit the candidate loop may
        # count itself, the rules that count only near another's and those they name
        # (a rule that yields to others is one of them: its matches are all read, and theirs)
        self._foldable = frozenset(
            i for i, r in enumerate(self.pattern_rules)
            if not r.near_rules and not r.yields_to and r.id != MINOR_RULE)
        self._near_targets = {i: frozenset((*r.near_rules, *r.yields_to))
                              for i, r in enumerate(self.pattern_rules)
                              if r.near_rules or r.yields_to}
        # The candidate loop in _hits.c where it was built (False: the Python loop, its twin)
        self.native_loop = True
        # Keywords as lower-cased literals, longest first: `in` on a short window is several
        # times faster than a regex alternation, and this runs once per candidate.
        self._keywords = {r.id: _words(r.context) for r in self.pattern_rules}
        self._negatives = {r.id: _lowered(r.negative_context) for r in self.pattern_rules}
        # One regex pass over the lower-cased window says whether any keyword (or negative
        # word) is in it at all: most windows hold none, and then the per-word search is
        # skipped. A keyword found here is only a maybe: `_first_word` still decides (word
        # boundaries, which word). A negative word counts anywhere (as `in` did).
        self._any_keyword = {r.id: _any_of(r.context) for r in self.pattern_rules}
        self._any_negative = {r.id: _any_of(r.negative_context) for r in self.pattern_rules}
        # The same as `_negatives`, in the shape of keywords that match anywhere (_hits.c)
        self._negative_words = {rid: tuple((w, False, False) for w in words)
                                for rid, words in self._negatives.items()}
        # Validators are pure functions of the value: a value met again (an export lists the
        # same people on many rows, and the same customers in many exports) takes its first
        # verdict. Kept in this process's memory only, never written anywhere, and at most
        # _MEMO_LIMIT of them (then all are dropped); gone with the detector at the scan's end.
        self._verdicts: dict[str, dict[str, Verdict | None]] = {}  # rule id -> value -> verdict
        self._headers: dict[tuple[str, str], HeaderWord] = {}
        # The alternation of the keywords listed before a header's own (`_header_word`):
        # keyword lists only, kept across files.
        self._before: dict[tuple[Keyword, ...], re.Pattern[str] | None] = {}

    def forget(self) -> None:
        """Drop what was remembered about values and table headers."""
        self._verdicts.clear()
        self._headers.clear()

    def _header_word(
        self, rid: str, header: str, keywords: tuple[Keyword, ...]
    ) -> HeaderWord:
        """The first keyword standing in a column header alone, the keywords listed before
        it and their alternation (once per header: every cell of a table asks). A word wholly
        inside the header stands the same at the end of a window (after a space, at the
        end)."""
        key = (rid, header)
        found = self._headers.get(key)
        if found is None:
            if len(self._headers) >= _HEADERS_LIMIT:  # (kept across files: bounded)
                self._headers.clear()
            word = _first_word(header.lower(), header, keywords) if len(
                header.lower()) == len(header) else ""
            index = next((k for k, kw in enumerate(keywords) if kw[0] == word), len(keywords))
            before = keywords[:index]
            if before not in self._before:
                self._before[before] = _any_of([kw[0] for kw in before])
            found = self._headers[key] = (word, before, self._before[before])
        return found

    def detect(
        self,
        text: str,
        columns: Sequence[str] | None = None,
        delimiter: str | None = None,
        today: date | None = None,
        folding: Folding | None = None,
    ) -> list[Match]:
        """All matches in `text`, sorted by position; with `folding`, those past a rule's
        per-file limit are counted into its fold instead (`Folding`)."""
        # full-width forms: widths.py (match the folded text, report the original's offsets)
        wide = fold(text, columns, delimiter)
        if wide is not None:
            # (each match is mapped back to the original before its value counts: no folding)
            return wide.restore(self.detect(wide.text, wide.columns, wide.delimiter, today))
        found: list[Match] = []
        windows, values = self.prefilter.windows_and_values(text)
        if columns:
            self._under_header(windows, values, columns, len(text))
        if not windows:
            return found  # (no candidate: most texts of a home folder's documents)
        # The text lower-cased, if that keeps every offset (it does unless a character such
        # as "İ" lower-cases to two): then context windows are read in place, and a cell
        # under a keyword header needs no window.
        lowered = text.lower()
        low = lowered if len(lowered) == len(text) else None
        # Rules in the order of their ids, so that a stable sort by start alone leaves matches
        # ordered by (start, rule id): a tuple key per match costs more than the sort.
        near = False  # a match of a rule that counts only near another rule's
        yielding: list[Rule] = []  # rules with matches that yield to another's
        found_rules: set[str] = set()
        aged: list[Match] = []  # the matches of the rules a child's birth date may be in
        if folding is not None and not folding.limit:
            folding = None
        # Rules near whose matches another rule counts: their matches are all needed when
        # such a rule has candidates here.
        beside: frozenset[str] = frozenset()
        if folding is not None:
            for i, targets in self._near_targets.items():
                if i in windows:  # (the cards' CVVs need every card; a number, landlines)
                    beside = beside | targets
        for index in sorted(windows, key=self._rank.__getitem__):
            rule = self.pattern_rules[index]
            over: list[Any] | None = None
            if folding is not None and index in self._foldable and rule.id not in beside:
                distinct: set[int] = set()
                over = [max(0, folding.limit - folding.kept.get(rule.id, 0)),
                        folding.held_from, folding.held_until, distinct,
                        _adult_until(today or date.today()) if rule.minor_check else None]
            got = self._run_rule(rule, text, windows[index], columns, delimiter, low, over)
            if over is not None and folding is not None:
                folding.absorb(rule.id, over[5:], distinct)
            if not isinstance(got, list):
                got = list(got)
            if got:
                found.extend(got)
                near = near or bool(rule.near_rules)
                if rule.yields_to:
                    yielding.append(rule)
                found_rules.add(rule.id)
                if rule.minor_check:
                    aged.extend(got)
        # A rule that yields to another only where both found something (the PRC address
        # rule yields to the Taiwan one, and finds something in most Chinese exports)
        near = near or any(o in found_rules for r in yielding for o in r.yields_to)
        if near:
            found = _apply_near(found)
            kept = set(map(id, found))
            aged = [m for m in aged if id(m) in kept]
        found.sort(key=_START)
        if self.minor_rule is not None and aged:
            minors = self._minors(aged, today or date.today())
            if minors:
                found.extend(minors)
                found.sort(key=_START_RULE)
        return found

    def _under_header(self, windows: dict[int, list[tuple[int, int]]],
                      values: dict[int, list[tuple[int, int]]], columns: Sequence[str],
                      size: int) -> None:
        """A column header ("台胞证号") is context for every cell below it, however far from
        the keyword: such rules search every candidate of their value shape (the whole
        table if Hyperscan does not find that shape). `windows` is changed in place."""
        header = " ".join(columns)
        shaped = self.prefilter.value_rules
        for index in self.prefilter.keyword_rules:
            rule = self.pattern_rules[index]
            ctx_re = rule.context_re
            if ctx_re is None or not ctx_re.search(header) or rule.labelled:
                continue  # (a rule whose pattern holds its label needs it in the text)
            if index not in shaped:
                windows[index] = [(0, size)]
            elif index in values:
                # (its windows near a keyword are some of these: `windows_and_values`)
                windows[index] = values[index]
            else:
                windows.pop(index, None)  # no candidate of the value shape anywhere

    def density(self, text: str) -> dict[str, dict[str, int]]:
        """Vocabulary hits per density rule and term (document-level findings such as health
        records)."""
        return {self.density_rules[i].id: n for i, n in self._vocabulary.count(text).items()}

    def _run_rule(
        self,
        rule: Rule,
        text: str,
        spans: Iterable[tuple[int, int]],
        columns: Sequence[str] | None,
        delimiter: str | None,
        low: str | None = None,
        over: list[Any] | None = None,
    ) -> Iterable[Match]:
        """Matches of one rule in the prefilter's windows (all of them in one call: a dense
        export has hundreds of thousands of windows, and per-call set-up adds up).

        `over`, when given, is [quota, held_from, held_until, distinct, adult_until]: after
        `quota` matches that start from `held_from` to before `held_until`, the others there
        are only counted (`Folding`), except, when `adult_until` is a date (ISO), a match
        whose birth date is after it (a child's, which `_minors` must see); the list is
        extended with their count, highest confidence, highest severity and first Match (0,
        0.0, None, None when there were none); their values' hashes go into `distinct`.

        This loop runs once per candidate (400 000 times on a 20 MB export): what depends only
        on the rule is read once above it, a refused candidate costs no string or dict, and a
        rule without keywords, negative words or noise checks skips their code entirely."""
        regex = rule.regex
        assert regex is not None
        group = regex.groupindex.get("v", 0)
        needs_context = bool(self._keywords[rule.id] or self._negatives[rule.id])
        finditer = regex.finditer
        noise = tuple(NOISE_CHECKS[n] for n in rule.noise)
        validator = rule.validator
        verdicts = self._verdicts
        if sum(map(len, verdicts.values())) > _MEMO_LIMIT:
            verdicts.clear()
        # (a compiled validator answers faster than a memo, and its verdicts would only take
        # the memo's room: it is asked every time)
        memo = verdicts.setdefault(rule.id, {}) if remembered(validator) else None
        require_context = rule.require_context
        severity = rule.severity
        # A table's cell under a header that holds one of the rule's keywords has that keyword
        # unless a keyword listed before it is in the window (`_context`, whose steps for such
        # a cell are repeated inline below: most cells of an export take this way).
        by_header = self._table_keywords(rule, columns) if (
            needs_context and columns and delimiter and low is not None) else None
        window = rule.context_reach
        # _hits.c's `cell_word` is `_cell_keyword` (the text's offsets survive lower()
        # wherever a table is read this way, and the delimiter is one character)
        cell: Callable[..., str] = _cell_keyword
        if _cell_word is not None and low is not None and delimiter and len(delimiter) == 1:
            cell = _cell_word
        def python_context(m_lo: int, m_hi: int, start: int, noisy: bool,
                           weak: bool) -> str | None:
            return self._context(rule, text, m_lo, m_hi, start, columns, delimiter, noisy,
                                 weak)

        context = self._context_of(rule, text, low, columns, delimiter, by_header,
                                   cell is _cell_word, python_context)
        if _run_rule_native is not None and self.native_loop:
            # _hits.c's `run_rule`: the loop below, step for step, without the interpreter
            # per candidate (test_hits_ext.py compares the two)
            return _run_rule_native(
                spans, finditer, group, text, validator, memo, noise, needs_context,
                cell if by_header is not None else None,
                (low, delimiter, by_header, window) if by_header is not None else (),
                context, python_context, require_context, rule, severity, Match, _NO_DETAIL,
                _CONFIDENCES, regex.search if _never_empty(regex) else None, _min_width(regex),
                over)

        found = list(self._loop(text, spans, (
            rule, group, finditer, validator, memo, noise, needs_context, by_header, cell, low,
            delimiter, window, context, python_context, require_context, severity)))
        if over is None:
            return found
        return _count_over(found, over)

    @staticmethod
    def _loop(text: str, spans: Iterable[tuple[int, int]], setup: tuple[Any, ...]
              ) -> Iterator[Match]:
        """`_run_rule`'s loop over the candidates, with what it set up (the Python twin of
        _hits.c's `run_rule`, and the code where that was not built)."""
        (rule, group, finditer, validator, memo, noise, needs_context, by_header, cell, low,
         delimiter, window, context, python_context, require_context, severity) = setup
        for lo, hi in spans:
            for m in finditer(text, lo, hi):
                start, end = m.span(group)
                if start < 0:
                    continue
                value = text[start:end]
                verdict: Verdict | None = None
                checked = False
                if validator is not None:
                    if memo is None:
                        verdict = validator(value)
                    else:
                        verdict = memo.get(value, _UNSEEN)
                        if verdict is _UNSEEN:
                            verdict = memo[value] = validator(value)
                    if verdict is None:
                        continue
                    checked = verdict.checked
                    if verdict.span is not None:
                        # The validator narrowed the value (a name followed by the next label,
                        # a cell without its delimiters ...); what it cut off before the value
                        # is a label.
                        lo_v, hi_v = verdict.span
                        start, end = start + lo_v, start + hi_v
                        value = value[lo_v:hi_v]
                # A value in a URL, a hex literal or a table of numbers (rule's noise checks)
                # counts only next to a keyword, like one that passed only a weak test.
                noisy = False
                for check in () if verdict is not None and verdict.exact else noise:
                    if check(text, start, end):
                        noisy = True
                        break
                keyword = ""
                if needs_context:
                    weak = noisy or (verdict is not None and not checked)
                    near: str | None = ""
                    if by_header is not None and not weak:
                        near = cell(low, text, m.start(), m.end(), start, delimiter,
                                    by_header, window)
                    if not near:
                        # The window surrounds the whole match, so a label inside it
                        # ("密码=") counts.
                        m_lo, m_hi = m.span()
                        near = context(m_lo, m_hi, start, noisy, weak)
                        if near is NotImplemented:  # (a header that lower() changes)
                            near = python_context(m_lo, m_hi, start, noisy, weak)
                        if near is None:
                            continue  # a negative word silenced it
                    keyword = near
                if not keyword and (noisy or require_context or (verdict is not None
                                                                 and not checked)):
                    continue
                if checked:
                    conf = CONF_VALID_CONTEXT if keyword else CONF_VALID
                else:
                    conf = CONF_CONTEXT if keyword else CONF_PATTERN
                if verdict is None:
                    yield Match(rule, start, end, value, conf, severity, keyword, _NO_DETAIL)
                else:
                    # The verdict's detail is shared, not copied: a Match's detail is read-only.
                    yield Match(rule, start, end, value, min(0.99, conf + verdict.boost),
                                severity if verdict.severity is None else verdict.severity,
                                keyword, verdict.detail)

    def _context_of(
        self,
        rule: Rule,
        text: str,
        low: str | None,
        columns: Sequence[str] | None,
        delimiter: str | None,
        by_header: list[TableKeyword] | None,
        native_cells: bool,
        python_context: Callable[[int, int, int, bool, bool], str | None],
    ) -> Callable[[int, int, int, bool, bool], str | None]:
        """`_context` for this rule and text as a function of the match (m_lo, m_hi, start,
        noisy, weak): _hits.c's `context_word` outside a table and `table_context` in one
        (which gives NotImplemented when Python must decide), else `_context` itself."""
        keywords, negatives = self._keywords[rule.id], self._negative_words[rule.id]
        window = rule.context_reach
        if low is not None and _context_word is not None and not (columns and delimiter):
            return partial(_context_word, low, text, window, keywords, negatives)
        if by_header is not None and native_cells and _table_context is not None:
            return partial(_table_context, low, text, delimiter, by_header, window, keywords,
                           negatives)  # type: ignore[return-value]
        return python_context

    def _table_keywords(self, rule: Rule, columns: Sequence[str]) -> list[TableKeyword]:
        """Per column: its header, the header's keyword ("" if none), the keywords listed
        before that one and their alternation."""
        keywords = self._keywords[rule.id]
        return [(header, *self._header_word(rule.id, header, keywords), header.lower())
                for header in columns]

    def _context(
        self,
        rule: Rule,
        text: str,
        m_lo: int,
        m_hi: int,
        start: int,
        columns: Sequence[str] | None,
        delimiter: str | None,
        noisy: bool,
        weak: bool,
    ) -> str | None:
        """The keyword that stands near a match ("" if none), or None when a negative word
        ("订单号", "serial") silences the match: it does unless a positive keyword is there
        too, and for a value that only passed a weak test (a UnionPay number failing Luhn) it
        wins over the keyword."""
        rid = rule.id
        keywords = self._keywords[rid]
        any_keyword = self._any_keyword[rid]
        window = rule.context_reach
        words = keywords
        header = header_word = ""
        words_re: re.Pattern[str] | None = None
        if columns and delimiter:
            # The header of the value's own column (not of a label or delimiter before it).
            header = _column_header(text, start, columns, delimiter)
            if keywords:  # (a cell whose value is not weak took `_cell_keyword` before)
                header_word, words, words_re = self._header_word(rid, header, keywords)
        # (a table as _hits.c's `table_context` takes it: with a delimiter, even a header
        # of no columns)
        lo, hi = context_span(text, m_lo, m_hi, window,
                              columns is not None and delimiter is not None)
        raw = text[lo:m_lo] + " " + text[m_hi:hi]
        if columns and delimiter:
            raw += " " + header
        around = raw.lower()
        keyword = ""
        if header_word and len(around) == len(raw):
            # The column's header holds a keyword: only the words listed before it can
            # still come first, and only if one of them is in the window at all (the
            # header's own word always is).
            keyword = _header_keyword(around, raw, header_word, words, words_re)
        elif any_keyword is not None and any_keyword.search(around):
            keyword = _first_word(around, raw, keywords)
        if keywords and not keyword and start > m_lo and not noisy:
            # A label inside the match counts, unless the match sits in noise (markup, a
            # URL ...): then a keyword must be around it.
            label = text[m_lo:start]
            keyword = _first_word(label.lower(), label, keywords)
        if weak or not keyword:
            any_negative = self._any_negative[rid]
            if any_negative is not None and any_negative.search(around):
                return None
        return keyword

    def _minors(self, found: Sequence[Match], today: date) -> list[Match]:
        assert self.minor_rule is not None
        extra: list[Match] = []
        adult: dict[str, bool] = {}  # birth date -> 14 or older today (an export repeats them)
        for m in found:
            birth = m.detail.get("birth_date") if m.rule.minor_check else None
            if not birth or adult.get(birth, False):
                continue
            try:
                born = date.fromisoformat(birth)
            except ValueError:
                continue
            adult[birth] = age_on(born, today) >= MINOR_AGE
            if not adult[birth] and m.detail.get("test_data") != "yes":
                # "adult_on" (the 14th birthday) tells caches when this finding stops being
                # true; like the birth date it never leaves the worker (not public detail).
                detail = {"via": m.rule.id, "age": str(age_on(born, today)),
                          "adult_on": _birthday(born, MINOR_AGE).isoformat()}
                # As serious as what it is found in, one step up, at most the rule's: a
                # child's ID number is critical, a birth date next to its label (medium)
                # high, a low (example) value low
                severity = (m.severity if m.severity <= Severity.LOW
                            else min(self.minor_rule.severity, Severity(m.severity + 1)))
                extra.append(
                    Match(self.minor_rule, m.start, m.end, m.value, m.confidence,
                          severity, m.keyword, detail)
                )
        return extra


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        return date(born.year + years, 3, 1)


_native = native_module()
_MEMO_LIMIT = 200_000  # remembered verdicts, at most (a few MB: memory stays bounded)
_HEADERS_LIMIT = 10_000  # remembered (rule, column header) keywords, at most
_START = attrgetter("start")
_START_RULE = attrgetter("start", "rule.id")  # (a C-level tuple key: no lambda per match)
_UNSEEN = Verdict()  # a memo's "not asked yet" (None is a refusal)
_NO_DETAIL: Mapping[str, str] = MappingProxyType({})


@cache
def _min_width(regex: re.Pattern[str]) -> int:
    """The fewest characters a match of `regex` takes (sre's own width bounds; 0 if unknown).
    When that is at least one, a window's matches are `search`'s, each from the end of the
    one before, which is what `finditer` gives; and a rest of the window shorter than it holds
    no match (a match's characters lie between `pos` and `endpos`; only look-behinds read
    before `pos`), so it is not searched: most windows hold one candidate, and the search
    after it was a third of the regex calls."""
    try:
        low = sre_parse.parse(regex.pattern, regex.flags).getwidth()[0]
    except Exception:  # (an internal module of another Python: take the finditer way)
        return 0
    return max(0, int(low))


def _never_empty(regex: re.Pattern[str]) -> bool:
    return _min_width(regex) > 0


def _any_of(words: Sequence[str]) -> re.Pattern[str] | None:
    """An alternation of `words` lower-cased, for lower-cased text: does any occur?"""
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in _lowered(words)))


def _lowered(words: Sequence[str]) -> tuple[str, ...]:
    # Longest first; words of one length in the rule's own order (a set's order changes from
    # one process to the next, and with it which keyword a finding names as its "why")
    return tuple(sorted(dict.fromkeys(w.lower() for w in words), key=len, reverse=True))


Keyword = tuple[str, bool, bool]  # lower-cased word, Latin first letter, Latin last letter
# A header's keyword, the keywords listed before it, their alternation (None: there are none)
HeaderWord = tuple[str, tuple[Keyword, ...], re.Pattern[str] | None]
# header, its keyword, the keywords before it, their alternation, the header lower-cased
TableKeyword = tuple[str, str, tuple[Keyword, ...], re.Pattern[str] | None, str]


def _words(words: Sequence[str]) -> tuple[Keyword, ...]:
    return tuple((w, _latin(w[0]), _latin(w[-1])) for w in _lowered(words))


def context_span(text: str, m_lo: int, m_hi: int, window: int,
                 table: bool = False) -> tuple[int, int]:
    """Where a match's context window starts and ends: `window` characters on either side,
    or, negated (`Rule.context_reach`), before the match only and not before its own line
    unless the value begins its line outside a `table` (its label printed above it); less a
    word its edge would cut ("nic" of "Única", "tel" of "hotel"): a keyword is in the window
    whole or not at all, as Hyperscan's keyword expressions read it in the text (_hits.c's
    `window_span` and `window_core` do the same)."""
    n = len(text)
    after = window if window >= 0 else 0
    lo, hi = max(0, m_lo - abs(window)), min(n, m_hi + after)
    if window < 0:
        line = text.rfind("\n", lo, m_lo) + 1
        if line > lo and (table or text[line:m_lo].strip(" \t\r")):
            lo = line
    if lo > 0 and _latin(text[lo - 1]):
        while lo < m_lo and _latin(text[lo]):
            lo += 1
    if hi < n and _latin(text[hi]):
        while hi > m_hi and _latin(text[hi - 1]):
            hi -= 1
    return lo, hi


def first_word_py(low: str, raw: str, words: tuple[Keyword, ...]) -> str:
    """The first keyword in `low` (`raw` lower-cased) that stands as a word.

    Latin keywords need a word boundary (the rule of `rules._keywords_re`): "lon" is not in
    "longer", "ip" not in "zip", "qq" not in the mail domain "@qq.com"; "db_password",
    "passwords", "userPassword" are fine. Other keywords (Chinese) match anywhere, so
    "身份证号11011319491231002X" still has its label.
    """
    camel = len(raw) == len(low)  # lower() kept every offset: case is readable in `raw`
    n = len(low)
    for word, first, last in words:
        i = low.find(word)
        while i >= 0:
            j = i + len(word)
            ok = True
            if first and i > 0 and _latin(low[i - 1]):
                ok = camel and raw[i - 1].islower() and raw[i].isupper()
            elif first and i > 0 and low[i - 1] == "@":
                ok = False  # a mail domain ("lmoore@qq.com"), not a label
            if ok and last and j < n and _latin(low[j]):
                k = j + (2 if low.startswith("es", j) else 1 if low[j] == "s" else 0)
                if k > j and (k >= n or not _latin(low[k])):
                    pass  # a plural: "passwords", "addresses"
                else:
                    ok = camel and raw[j - 1].islower() and raw[j].isupper()
            if ok:
                return word
            i = low.find(word, i + 1)
    return ""


# _hits.c's twins of `first_word_py`, `_cell_keyword` and `_context` (outside a table and in
# one), where it was built: they read a value's context window in place in the lower-cased
# text (test_hits_ext.py compares each with its Python original, which runs without them)
_first_word: Callable[[str, str, tuple[Keyword, ...]], str] = (
    first_word_py if _native is None else _native.first_word)
_cell_word: Callable[..., str] | None = None if _native is None else _native.cell_word
_context_word: Callable[..., str | None] | None = (
    None if _native is None else _native.context_word)
_table_context: Callable[..., object] | None = (
    None if _native is None else _native.table_context)
_run_rule_native: Callable[..., list[Match]] | None = getattr(_native, "run_rule", None)
_CONFIDENCES = (CONF_VALID_CONTEXT, CONF_VALID, CONF_CONTEXT, CONF_PATTERN)


def _cell_keyword(
    low: str | None,
    text: str,
    m_lo: int,
    m_hi: int,
    start: int,
    delimiter: str | None,
    by_header: Sequence[TableKeyword],
    window: int,
) -> str:
    """`low` is unused here (the signature of _hits.c's `cell_word`, its twin).

    The keyword of a cell of a table whose column header holds one, as `_context` finds it
    for a value that is not weak (not in noise, and checked if it has a validator; "" when
    `_context` must decide). Most cells of an export end here, without `_context`'s call."""
    assert delimiter is not None
    col = _column_of(text, start, delimiter)
    if col >= len(by_header):
        return ""
    header, word, before, before_re, _header_low = by_header[col]
    if not word:
        return ""
    lo, hi = context_span(text, m_lo, m_hi, window, True)
    raw = text[lo:m_lo] + " " + text[m_hi:hi] + " " + header
    around = raw.lower()
    if len(around) != len(raw):
        return ""
    return _header_keyword(around, raw, word, before, before_re)


def _header_keyword(
    around: str, raw: str, word: str, before: tuple[Keyword, ...],
    before_re: re.Pattern[str] | None,
) -> str:
    """The keyword of a value whose column header holds `word`: `word`, unless one of the
    keywords listed before it stands in the window (`around`, `raw` lower-cased) as a word
    (only if one is there at all does the per-word search run)."""
    if before_re is not None and before_re.search(around):
        return _first_word(around, raw, before) or word
    return word


def _column_header(text: str, pos: int, columns: Sequence[str], delimiter: str) -> str:
    col = _column_of(text, pos, delimiter)
    return columns[col] if col < len(columns) else ""


def _column_of(text: str, pos: int, delimiter: str) -> int:
    """The column of the table line that holds `pos`, counted by its delimiters."""
    line_start = text.rfind("\n", 0, pos) + 1
    col = text.count(delimiter, line_start, pos)
    if col and text.find('"', line_start, pos) >= 0:
        # A delimiter inside a quoted cell ("Doe, Jane", "1 Main St, Boise") starts no column.
        col, quoted = 0, False
        for c in text[line_start:pos]:
            if c == '"':
                quoted = not quoted
            elif c == delimiter and not quoted:
                col += 1
    return col


def _count_over(found: list[Match], over: list[Any]) -> list[Match]:
    """The matches of one rule past `over`'s quota counted, not kept (`_run_rule`'s `over`:
    the Python twin of what _hits.c's `run_rule` does in its loop)."""
    quota, held_from, held_until, distinct, adult_until = over[:5]
    kept: list[Match] = []
    listed = count = 0
    confidence = 0.0
    severity: Severity | None = None
    first: Match | None = None
    for m in found:
        if held_from <= m.start < held_until:
            if (adult_until is not None and listed >= quota
                    and not _adult(m.detail, adult_until)):
                kept.append(m)  # (past the limit, a child's: folded after `_minors`)
                continue
            if listed >= quota:
                count += 1
                if first is None:
                    first = m
                if m.confidence > confidence:
                    confidence = m.confidence
                if severity is None or m.severity > severity:
                    severity = m.severity
                distinct.add(hash(m.value))
                continue
            listed += 1
        kept.append(m)
    over.extend((count, confidence, severity, first))
    return kept


def _adult_until(today: date) -> str:
    """The last birth date (ISO) of someone `MINOR_AGE` or older today: `age_on` compares
    (month, day), so on 29 February the 29 February of that year is still in, even where
    that year had none."""
    return f"{today.year - MINOR_AGE:04d}-{today.month:02d}-{today.day:02d}"


def _adult(detail: Mapping[str, str], adult_until: str) -> bool:
    """Whether a match with this detail can make no minor's finding (`Detector._minors`): no
    birth date, test data, or a well-formed birth date on or before `adult_until` (_hits.c's
    `read_verdict` decides the same)."""
    birth = detail.get("birth_date")
    if not birth or detail.get("test_data") == "yes":
        return True
    return (len(birth) == 10 and birth[4] == "-" and birth[7] == "-"
            and birth <= adult_until)


def _apply_near(found: list[Match]) -> list[Match]:
    """Drop matches of rules that only count near another rule's match (CVV near a card),
    and those of a rule that yields a value to another rule which found it too."""
    by_rule: dict[str, list[tuple[int, bool]]] = {}
    for m in found:
        by_rule.setdefault(m.rule.id, []).append((m.start, m.detail.get("test_data") == "yes"))
    owners = frozenset(t for m in found for t in m.rule.yields_to)
    owned = [(o.start, o.end, o.rule.id) for o in found if o.rule.id in owners]
    kept: list[Match] = []
    for m in found:
        if m.rule.yields_to and any(a < m.end and m.start < b and rid in m.rule.yields_to
                                    for a, b, rid in owned):
            continue  # the value is the other rule's
        if not m.rule.near_rules:
            kept.append(m)
            continue
        w = m.rule.near_window
        anchors = [test for rid in m.rule.near_rules for pos, test in by_rule.get(rid, ())
                   if abs(pos - m.start) <= w]
        if not anchors:
            continue
        if all(anchors) and m.severity > Severity.LOW:
            # the security code of a published test card (4242 4242 4242 4242, "cvc": "314"
            # in a payment SDK's tests) is test data as the card is
            m = Match(m.rule, m.start, m.end, m.value, m.confidence, Severity.LOW, m.keyword,
                      {**m.detail, "test_data": "yes"})
        kept.append(m)
    return kept
