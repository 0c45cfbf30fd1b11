"""Load `resources/rules/*.toml` into compiled, validated rules.

A rule is data: an id, a category, a severity, a pattern, context keywords, an optional
validator name, and examples the tests run. Code lives only in `validators/`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from scanners.detection.first_chars import gate
from scanners.detection.validators import NOISE_CHECKS, VALIDATORS, Validator
from scanners.model import Category, Severity
from scanners.system.paths import cache_dir, resources_dir, write_cache_file

# Boundaries are look-arounds, not `\b`: Chinese characters are word characters for Unicode
# `\b`, so `\b\d{18}\b` never matches inside "身份证号11011319491231002X联系".
BOUNDARIES: Mapping[str, tuple[str, str]] = {
    "none": ("", ""),
    "digit": (r"(?<![0-9])", r"(?![0-9])"),
    # Refuse digits glued to a decimal point ("3.7.13812345678" is a version string) and to
    # ASCII letters (a digit run inside a hex hash or a serial such as "SF13812345678").
    # "Tel.13812345678" and CSV cells ("a,13812345678,b") are fine.
    # Nor a run between dashes inside a token ("xoxb-18201786012-4778681361154"); a short
    # extension after a landline ("010-62751234-8001") is fine.
    "number": (
        r"(?<![0-9A-Za-z_])(?<![0-9]\.)(?<![0-9A-Za-z]-)",
        r"(?![0-9A-Za-z_])(?!\.[0-9])(?!-[0-9A-Za-z]{5})",
    ),
    "alnum": (r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"),
    "token": (r"(?<![0-9A-Za-z_\-+/=])", r"(?![0-9A-Za-z_\-+/=])"),
    # Dotted addresses: not inside a dotted run ("1.3.6.1.4.1"), not a product version
    # ("Chrome/120.0.0.0"), but fine after "//" or ":" ("http://8.8.8.8", "ip:8.8.8.8").
    "ip": (r"(?<![0-9A-Za-z_.\-])(?<![A-Za-z0-9]/)", r"(?![0-9A-Za-z_\-])(?!\.[0-9A-Za-z])"),
}
KINDS = ("pattern", "density", "structural")
MASK_STYLES = ("generic", "digits", "email", "name", "secret", "address", "coords", "full-mask")


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    title_zh: str
    category: Category
    severity: Severity
    # "pattern": regex over text; "density": vocabulary per document; "structural": extractor hits
    kind: str
    pattern: str  # the core pattern, without boundaries (also what the prefilter compiles)
    regex_source: str  # core + boundaries ("" for non-pattern rules): `regex` compiled
    ignore_case: bool
    validator: Validator | None
    validator_name: str
    context: tuple[str, ...]
    context_window: int
    require_context: bool
    negative_context: tuple[str, ...]
    near_rules: tuple[str, ...]  # only reported within `near_window` chars of one of these
    near_window: int
    mask: str
    legal: str
    description: str
    minor_check: bool  # the validator's "birth_date" detail can reveal a child under 14
    density_min_hits: int
    density_per_kchar: float
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]
    source: str = ""
    boundary: str = "none"
    # Named checks of the text around a match (validators.NOISE_CHECKS: "url", "numbers",
    # "token_list"): when one says the value sits in code, a URL or a table of numbers, the
    # match counts only next to a context keyword, like a weakly validated value.
    noise: tuple[str, ...] = ()
    # A keyword rule's value shape searched for too (the default), so that a table whose
    # header holds a keyword has only its candidates searched. False for a rule whose
    # keywords are rare and whose value shape (a run of digits) is everywhere: Hyperscan
    # then looks for its keywords alone, and such a table is searched whole.
    value_shape: bool = True
    # A density rule fires only on this many different terms of its vocabulary: generated
    # code repeats one field name ("self._diagnosis", "@diagnosis.setter") a dozen times
    density_min_terms: int = 1
    # Rules that own a value both find: where one of them reports a match overlapping this
    # rule's, this rule's is dropped (a national-form number the PRC landline rule reports)
    yields_to: tuple[str, ...] = ()
    # A rule that needs a keyword but is found from its value's shape, not from its words:
    # its words are everywhere in exports ("mobile", "phone"), its shape is rare
    value_anchored: bool = False
    # The keywords count before a value only, on its line ("Passport No.: 563287419"), not
    # after it: short values whose labels come first, in lists where the next line's label
    # follows each value
    context_before: bool = False
    # A rule whose pattern holds its label ("QQ：" before the number) whose cells under a
    # column header holding a keyword count too (the QQ column of a contact list)
    header_context: bool = False

    @property
    def context_reach(self) -> int:
        """The context window as the detectors take it: negated for a rule whose keywords
        stand before its values only (`context_side = "before"`)."""
        return -self.context_window if self.context_before else self.context_window

    @property
    def labelled(self) -> bool:
        """Whether the pattern holds the value's label (its value is the group "v" after it,
        as "Adresse: ..."): a column header is then no context for it, unless the rule says
        so (`header_context`: a label its pattern leaves optional)."""
        return self.require_context and "(?P<v>" in self.pattern and not self.header_context

    # The keyword regexes are compiled when first used (seconds of look-behinds for the
    # whole rule set): a rescan that reads every file from the cache never needs them.
    @property
    def context_re(self) -> re.Pattern[str] | None:
        # Density rules count vocabulary as substrings (as the Hyperscan counter does).
        return _keywords_re(self.context, bounded=self.kind == "pattern")

    @property
    def negative_re(self) -> re.Pattern[str] | None:
        return _keywords_re(self.negative_context)

    @property
    def regex(self) -> re.Pattern[str] | None:
        """The rule's regex (None for non-pattern rules), compiled when first asked for."""
        return _regex(self.regex_source, self.ignore_case) if self.regex_source else None

    @property
    def has_value_group(self) -> bool:
        regex = self.regex
        return regex is not None and "v" in regex.groupindex


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    by_id: Mapping[str, Rule] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return self.by_id.get(rule_id)

    def of_kind(self, kind: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)

    def select(self, ids: Iterable[str]) -> RuleSet:
        """The rules whose id equals or starts with one of `ids` ("identity", "contact.email")."""
        wanted = tuple(ids)
        chosen = tuple(
            r for r in self.rules if any(r.id == w or r.id.startswith(w + ".") for w in wanted)
        )
        return make_ruleset(chosen)


def make_ruleset(rules: Sequence[Rule]) -> RuleSet:
    return RuleSet(tuple(rules), {r.id: r for r in rules})


# Latin keywords match as words: "lon" is not in "longer", "mac" not in "machine", "ip" not in
# "zip". A keyword may follow or precede "_", digits and non-Latin text ("db_password",
# "身份证ID"), take a plural "s", and sit inside camelCase ("userPassword", "cardNumber").
# (after "@" a word is a mail domain's, "lmoore@qq.com": no label)
_WORD_BEFORE = r"(?:(?<![A-Za-z@])|(?<=[a-z])(?-i:(?=[A-Z])))"
_WORD_AFTER = r"(?:s|es)?(?:(?![A-Za-z])|(?<=[a-z])(?-i:(?=[A-Z])))"


def is_latin(c: str) -> bool:
    """An ASCII letter: what a Latin keyword must not be glued to (`_keywords_re`, the
    prefilter's keyword expressions, `detect.first_word_py`)."""
    return "a" <= c <= "z" or "A" <= c <= "Z"


@lru_cache(maxsize=1024)
def _keywords_re(words: tuple[str, ...], bounded: bool = False) -> re.Pattern[str] | None:
    if not words:
        return None
    # Longest first so the reported keyword is the most specific one.
    # longest first, then the rule's order: the same pattern in every process
    alternatives = sorted(dict.fromkeys(w.lower() for w in words), key=len, reverse=True)
    parts = []
    for w in alternatives:
        part = re.escape(w)
        if bounded and is_latin(w[0]):
            part = _WORD_BEFORE + part
        if bounded and is_latin(w[-1]):
            part += _WORD_AFTER
        parts.append(part)
    return re.compile("|".join(parts), re.IGNORECASE)


def _context_side(raw: Mapping[str, Any], where: str) -> str:
    side = str(raw.get("context_side", "both"))
    if side not in ("both", "before"):
        raise RuleError(f"{where}: context_side must be 'both' or 'before'")
    return side


def _req(raw: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in raw:
        raise RuleError(f"{where}: missing required field {key!r}")
    return raw[key]


def compile_rule(raw: Mapping[str, Any], source: str = "", check: bool = True) -> Rule:
    """The rule `raw` describes, every field checked (RuleError). `check=False` leaves the
    regex uncompiled until first used (load_rules: rule files known to compile)."""
    where = f"{source}: rule {raw.get('id', '?')!s}"
    rid, category, severity = _identity(raw, where)
    kind = str(raw.get("kind", "pattern"))
    if kind not in KINDS:
        raise RuleError(f"{where}: kind must be one of {KINDS}")
    pattern = expand_words(str(raw.get("pattern", "")), where)
    ignore_case = bool(raw.get("ignore_case", False))
    regex = _pattern_regex(raw, pattern, ignore_case, where, check) if kind == "pattern" else ""
    vname, validator = _validator(raw, where)
    context = tuple(str(w) for w in raw.get("context", ()))
    negative = tuple(str(w) for w in raw.get("negative_context", ()))
    mask, require_context, noise = _checks(raw, context, where)
    examples = raw.get("examples", {})
    rule = Rule(
        id=rid,
        title=str(_req(raw, "title", where)),
        title_zh=str(raw.get("title_zh", "")),
        category=category,
        severity=severity,
        kind=kind,
        pattern=pattern,
        regex_source=regex,
        ignore_case=ignore_case,
        validator=validator,
        validator_name=vname,
        context=context,
        context_window=int(raw.get("context_window", 40)),
        require_context=require_context,
        negative_context=negative,
        near_rules=tuple(str(r) for r in raw.get("near_rules", ())),
        near_window=int(raw.get("near_window", 120)),
        mask=mask,
        legal=str(raw.get("legal", "")),
        description=str(raw.get("description", "")),
        minor_check=bool(raw.get("minor_check", False)),
        density_min_hits=int(raw.get("min_hits", 0)),
        density_per_kchar=float(raw.get("per_kchar", 0.0)),
        examples_match=tuple(str(e) for e in examples.get("match", ())),
        examples_no_match=tuple(str(e) for e in examples.get("no_match", ())),
        source=source,
        boundary=str(raw.get("boundary", "none")),
        noise=noise,
        value_shape=bool(raw.get("value_shape", True)),
        density_min_terms=int(raw.get("min_terms", 1)),
        yields_to=tuple(str(r) for r in raw.get("yields_to", ())),
        value_anchored=bool(raw.get("value_anchored", False)),
        context_before=_context_side(raw, where) == "before",
        header_context=bool(raw.get("header_context", False)),
    )
    if not rule.value_shape and not require_context:
        raise RuleError(f"{where}: value_shape = false is for rules that require context")
    if kind == "pattern" and not rule.examples_match:
        raise RuleError(f"{where}: a pattern rule needs examples.match")
    if kind == "density" and not (context and rule.density_min_hits > 0):
        raise RuleError(f"{where}: a density rule needs context keywords and min_hits")
    return rule


# `{{words:NAME}}` in a pattern: every word of resources/data/NAME.txt (all the words of each
# line but a "-" marker: a USPS table's line holds a suffix and its abbreviations), as one
# alternation, longest first; `{{words:NAME:+}}` the words of the lines that start with "+"
# (street_words.txt's prefixes), without it, and `:-` those of "-" lines. The list stays data
# beside the validator that reads it, and Hyperscan gets its literals: a street address's
# suffix is what makes its shape rare.
_WORDS = re.compile(r"\{\{words:([a-z0-9_]+)(?::([+-]))?\}\}")


def expand_words(pattern: str, where: str = "") -> str:
    """`pattern` with each `{{words:NAME}}` replaced by the words of its list."""

    def alternation(m: re.Match[str]) -> str:
        from scanners.detection.validators.common import data_lines

        try:
            lines = data_lines(m.group(1) + ".txt")
        except OSError:
            raise RuleError(f"{where}: no word list resources/data/{m.group(1)}.txt") from None
        mark = m.group(2)
        if mark:
            lines = tuple(line[1:] for line in lines if line.startswith(mark))
        words = sorted({w for line in lines for w in line.split() if w != "-"},
                       key=lambda w: (-len(w), w))
        return "(?:" + "|".join(re.escape(w) for w in words) + ")"

    return _WORDS.sub(alternation, pattern) if "{{" in pattern else pattern


def _identity(raw: Mapping[str, Any], where: str) -> tuple[str, Category, Severity]:
    """A rule's id, category and severity, each required and checked."""
    rid = str(_req(raw, "id", where))
    if not re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", rid):
        raise RuleError(f"{where}: id must be dotted lower-case, e.g. 'identity.cn_resident_id'")
    try:
        category = Category(_req(raw, "category", where))
    except ValueError:
        raise RuleError(f"{where}: unknown category {raw['category']!r}") from None
    try:
        severity = Severity.parse(str(_req(raw, "severity", where)))
    except ValueError as exc:
        raise RuleError(f"{where}: {exc}") from None
    return rid, category, severity


def _pattern_regex(
    raw: Mapping[str, Any], pattern: str, ignore_case: bool, where: str, check: bool
) -> str:
    """A pattern rule's regex source: its pattern inside the boundary it names (compiled now
    if `check`, which raises RuleError for a pattern that does not compile)."""
    if not pattern:
        raise RuleError(f"{where}: a pattern rule needs a pattern")
    boundary = str(raw.get("boundary", "none"))
    if boundary not in BOUNDARIES:
        raise RuleError(f"{where}: boundary must be one of {sorted(BOUNDARIES)}")
    before, after = BOUNDARIES[boundary]
    full = f"{before}(?:{pattern}){after}"
    if check:
        try:
            _regex(full, ignore_case)
        except re.error as exc:
            raise RuleError(f"{where}: bad pattern: {exc}") from None
    return full


@cache
def _regex(full: str, ignore_case: bool) -> re.Pattern[str]:
    flags = re.ASCII | (re.IGNORECASE if ignore_case else 0)
    # A look-ahead on the characters a match can start with: the same matches, found faster
    # where the boundary's look-behinds come first (first_chars.py; "" for a pattern that does
    # not parse, whose error is then the pattern's own)
    return re.compile(gate(full, flags) + full, flags)


def _validator(raw: Mapping[str, Any], where: str) -> tuple[str, Validator | None]:
    """The validator's name ("" for none) and the validator."""
    vname = str(raw.get("validator", ""))
    if not vname:
        return vname, None
    if vname not in VALIDATORS:
        raise RuleError(f"{where}: unknown validator {vname!r}")
    return vname, VALIDATORS[vname]


def _checks(
    raw: Mapping[str, Any], context: tuple[str, ...], where: str
) -> tuple[str, bool, tuple[str, ...]]:
    """The mask style, require_context and the noise checks, each checked."""
    mask = str(raw.get("mask", "generic"))
    if mask not in MASK_STYLES:
        raise RuleError(f"{where}: mask must be one of {MASK_STYLES}")
    require_context = bool(raw.get("require_context", False))
    if require_context and not context:
        raise RuleError(f"{where}: require_context without context keywords")
    noise = tuple(str(n) for n in raw.get("noise", ()))
    for name in noise:
        if name not in NOISE_CHECKS:
            raise RuleError(f"{where}: unknown noise check {name!r}, one of {sorted(NOISE_CHECKS)}")
    return mask, require_context, noise


def load_rules(folder: Path | None = None) -> RuleSet:
    """Every rule in `folder/*.toml` (default: resources/rules), in file then rule order.

    Rule files whose exact text compiled before (with this Python) are not compiled again
    here: each regex is compiled when first used. A rescan answered from the cache uses
    none, and compiling the whole set is a tenth of its second (`_known_good`)."""
    folder = folder or resources_dir() / "rules"
    rules: list[Rule] = []
    seen: set[str] = set()
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise RuleError(f"no rule files in {folder}")
    texts: list[tuple[str, str]] = []
    for path in files:
        try:
            texts.append((path.name, path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise RuleError(f"{path.name}: {exc}") from None
    digest = hashlib.sha256(repr((sys.version, texts)).encode("utf-8", "surrogatepass"))
    known = _known_good()
    checked = digest.hexdigest()[:32] in known
    for name, text in texts:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RuleError(f"{name}: {exc}") from None
        for raw in data.get("rule", []):
            rule = compile_rule(raw, name, check=not checked)
            if rule.id in seen:
                raise RuleError(f"{name}: duplicate rule id {rule.id}")
            seen.add(rule.id)
            rules.append(rule)
    ruleset = make_ruleset(rules)
    for rule in rules:
        for other in rule.near_rules:
            if other not in ruleset.by_id:
                raise RuleError(f"{rule.source}: rule {rule.id}: near_rules names unknown {other}")
        for other in rule.yields_to:
            if other not in ruleset.by_id:
                raise RuleError(f"{rule.source}: rule {rule.id}: yields_to names unknown {other}")
    if not checked:
        _remember_good([digest.hexdigest()[:32], *known])
    return ruleset


# The digests of the last rule sets that loaded with every regex compiled (a few: a user's
# own rules folder and the shipped one take turns)
_KNOWN_GOOD = "rules-compiled.json"
_KEEP_KNOWN = 8


def _known_good() -> list[str]:
    try:
        data = json.loads((cache_dir() / _KNOWN_GOOD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(d) for d in data][:_KEEP_KNOWN] if isinstance(data, list) else []


def _remember_good(digests: list[str]) -> None:
    try:
        path = cache_dir() / _KNOWN_GOOD
    except OSError:
        return  # (the next load compiles every regex again)
    write_cache_file(path, json.dumps(digests[:_KEEP_KNOWN]).encode())
