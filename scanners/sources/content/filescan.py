"""Scan one file: extract its text, detect, redact. Runs in worker processes.

Raw values exist only between `Detector.detect()` and `Redactor.redact()` in this module;
what leaves it (to the parent process, the cache, the log) is masked and fingerprinted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from scanners.base import Limits
from scanners.detection.detect import MINOR_RULE, Detector, Folding, Match
from scanners.detection.examples import DETAIL as EXAMPLE_SESSION
from scanners.detection.examples import ExampleBlocks, examples_in
from scanners.detection.redact import Redactor
from scanners.detection.rules import Rule, RuleSet
from scanners.detection.validators.location import place_rows
from scanners.model import Category, Finding, ScanError, Severity
from scanners.sources.content.decode import chunk_geometry
from scanners.sources.content.extract import extract
from scanners.sources.content.parts import Hit, Problem, Source, TextPart
from scanners.sources.content.walk import FileEntry
from scanners.system.phrases import DETAIL_KEY as PHRASE_KEY
from scanners.system.phrases import Phrase, join, say

_held: Any
try:  # optional: built from _held.c where a C compiler was at hand (setup.py)
    import scanners.sources.content._held as _held  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:  # pragma: no cover - exercised by the pure-Python install
    _held = None

SCANNER_ID = "content.files"
# Problems that are not errors: the file simply holds nothing to read.
SKIP_REASONS = frozenset({"binary", "empty", "unsupported"})
# Only these details leave the detector: a birth date or sex derived from an ID is itself
# personal data and stays behind. What a validator names about the value's kind (the
# service a token opens, an IBAN's country, a key's live or test mode, a phone's region)
# says nothing about whose it is, and tells the user what to revoke or call.
PUBLIC_DETAIL = frozenset(
    {"brand", "test_data", "luhn", "protected", "type", "age", "via", "cards", "terms", "vendor",
     "folded", "distinct", "phones", "emails", "addresses", "birthdays", "notes", "subject",
     "example", "service", "country", "mode", "platform", "region", "scheme", "alg", "masked",
     "randomised", "version"}
)


def _sha256(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def name_text(path: str) -> str:
    """The last component of `path` as text to detect in: `张三_11011319491231002X.txt`.

    A name that is not UTF-8 is tried as GB 18030 (what Chinese Windows and old archives
    wrote) before its bytes are replaced. "_" joins words in names: as a space it no longer
    glues a value to its neighbours for the detectors.
    """
    raw = os.fsencode(os.path.basename(path))
    for encoding in ("utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", "replace")
    return text.replace("_", " ")


class FileTimeout(Exception):
    """The per-file time limit ran out."""


@dataclass(slots=True)
class FileOutcome:
    entry: FileEntry
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    skipped: str = ""  # reason when nothing was read
    bytes_read: int = 0
    seconds: float = 0.0
    # A minor finding stops being true on the 14th birthday: cached results expire then.
    valid_until: date | None = None
    sha256: str | None = None  # of the file as read, when it has findings


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """A hard per-file limit via SIGALRM, where signals can be used (main thread, POSIX).

    The regex engine checks for signals periodically, so even a pathological pattern run is
    interrupted; elsewhere the cooperative deadline inside `extract()` is the limit.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def on_alarm(_sig: int, _frame: object) -> None:
        raise FileTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


Held = tuple[Match, int, int]  # (match, absolute start, line)


class _PathState:
    """Chunk bookkeeping for one extracted text: matches wait until the next chunk arrives."""

    __slots__ = ("chars", "density", "end", "held", "line_no", "line_pos")

    def __init__(self) -> None:
        self.end = 0  # absolute end offset of the last chunk
        self.held: list[Held] = []
        self.chars = 0
        self.density: dict[str, dict[str, int]] = {}  # rule -> term -> hits


class _Fold:
    """Occurrences of one rule in one file beyond the per-rule limit, counted not listed."""

    __slots__ = ("confidence", "count", "distinct", "rule", "severity")

    def __init__(self, m: Match) -> None:
        self.rule = m.rule
        self.count = 0
        self.confidence = 0.0
        self.severity = m.severity
        # Salted per-process hashes of the value as written: enough to count distinct values
        # (a value written two ways counts twice), and no value is kept.
        self.distinct: set[int] = set()

    def absorb(self, count: int, confidence: float, severity: Severity,
               distinct: set[int]) -> None:
        """Matches counted elsewhere (`detect.Folding`: in the candidate loop) added as
        `_fold` adds them one by one."""
        self.count += count
        if confidence > self.confidence:
            self.confidence = confidence
        if severity > self.severity:
            self.severity = severity
        self.distinct |= distinct


def _hold(matches: list[Match], text: str, offset: int, boundary: int, line: int,
          held: list[Held]) -> int:
    """The matches of a chunk starting at `offset` that start at or after `boundary` (the
    earlier chunk owns those before it), each with its line, appended to `held`; the line of
    the last. (_held.c's `hold` is this loop in C: tests/unit/test_held_ext.py.)"""
    pos = 0
    for m in matches:
        absolute = offset + m.start
        if absolute < boundary:
            continue
        line += text.count("\n", pos, m.start)
        pos = m.start
        held.append((m, absolute, line))
    return line


def _fold(held: list[Held], limit: int, kept_of: dict[str, int], folds: dict[str, _Fold],
          new_fold: type[_Fold], minor_id: str) -> tuple[list[Held], list[Match]]:
    """The held matches past their rule's per-file limit counted into its fold; the others,
    to be listed, and the matches of `minor_id` (_held.c's `fold` is this loop in C)."""
    kept: list[Held] = []
    minors: list[Match] = []
    for item in held:
        m = item[0]
        key = m.rule.id
        if key == minor_id:
            minors.append(m)
        if limit:
            count = kept_of.get(key, 0)
            if count >= limit:
                # `_Fold.add`, inline: a dense export folds nearly all its matches
                fold = folds.get(key)
                if fold is None:
                    fold = folds[key] = new_fold(m)
                fold.count += 1
                if m.confidence > fold.confidence:
                    fold.confidence = m.confidence
                if m.severity > fold.severity:
                    fold.severity = m.severity
                fold.distinct.add(hash(m.value))
                continue
            kept_of[key] = count + 1
        kept.append(item)
    return kept, minors


class FileScanner:
    """Per-process scanning state: compiled rules, the redactor, limits."""

    def __init__(self, rules: RuleSet, redactor: Redactor, limits: Limits, today: date) -> None:
        self.rules = rules
        self.detector = Detector(rules)
        self.redactor = redactor
        self.limits = limits
        self.today = today
        # Per scanned file (an archive with all its members): findings listed per rule, and
        # the occurrences beyond the limit, counted in one finding on the file itself.
        self._kept: dict[str, int] = {}
        self._folds: dict[str, _Fold] = {}
        # Matches past the limit counted in the candidate loop (`Folding`); False: every match
        # is held and folded in `_flush` (the same findings: tests compare the two)
        self.early_folding = True
        self._details: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
        # The file being scanned, as the OS names it, and its display name: findings carry
        # the file and the member apart, so nothing ever re-parses a display path.
        self._file = ""
        self._display = ""
        self._example = ""  # why the file's credentials are examples (example_place), if any
        self._member_examples: dict[str, str] = {}  # the same per archive member
        self._code_example = ""  # why all the file's values are examples (test_code_place)
        self._member_code: dict[str, str] = {}

    def _member(self, path: str) -> str:
        """The member part of a display path of the file being scanned ("" for the file)."""
        if path == self._display:
            return ""
        prefix = self._display + "!"
        # Extractors name members "<container>!<member>": the container's display name is
        # known, so the member is what follows it (a "!" in the file name cannot mislead).
        return path[len(prefix):] if path.startswith(prefix) else path

    def scan(self, entry: FileEntry) -> FileOutcome:
        out = FileOutcome(entry)
        self._file, self._display = entry.path, entry.display
        self._example = example_place(entry.path)
        self._member_examples = {}
        self._code_example = test_code_place(entry.path)
        self._member_code = {}
        started = time.monotonic()
        try:  # first: a file too large to read still has a name
            self._name(entry, out)
        except Exception as exc:  # one file's trouble is one error, never the scan's end
            out.errors.append(ScanError(SCANNER_ID, entry.display, "internal",
                                        type(exc).__name__))
        if entry.folder:
            out.seconds = time.monotonic() - started
            return out
        if entry.size > self.limits.max_file_bytes:
            out.errors.append(
                ScanError(SCANNER_ID, entry.display, "too-large",
                          f"{entry.size} bytes is over the {self.limits.max_file_bytes}-byte limit")
            )
            return out
        src = Source(name=entry.display, size=entry.size, path=Path(entry.path))
        try:
            # The hard stop comes well after the cooperative deadline: it is for code that
            # never returns to Python (a pathological regex), not for ordinary slow files.
            with _alarm(self.limits.file_seconds * 2 + 1):
                self._scan_source(src, out, started + self.limits.file_seconds)
        except FileTimeout:
            out.errors.append(
                ScanError(SCANNER_ID, entry.display, "timeout",
                          f"stopped after {self.limits.file_seconds:.0f} s")
            )
        except MemoryError:
            out.errors.append(ScanError(SCANNER_ID, entry.display, "too-large", "out of memory"))
        except OSError as exc:
            out.errors.append(
                ScanError(SCANNER_ID, entry.display, "unreadable", exc.strerror or str(type(exc)))
            )
        except Exception as exc:  # a bug met on one file: one error, never the scan's end
            out.errors.append(ScanError(SCANNER_ID, entry.display, "internal",
                                        type(exc).__name__))
        if out.findings:
            out.sha256 = _sha256(entry.path)
        out.seconds = time.monotonic() - started
        return out

    def _name(self, entry: FileEntry, out: FileOutcome) -> None:
        """Personal data in the file's (or folder's) own name, reported on the file itself.

        The name is no less exposed than the content (listings, backups, recent-file lists,
        sync logs show it), and renaming is what the user must do about it.
        """
        text = name_text(entry.path)
        if not text.strip():
            return
        where = "folder name" if entry.folder else "file name"
        for m in self.detector.detect(text, today=self.today):
            if m.rule.id == MINOR_RULE:
                self._note_minor(m, out)
            f = self._finding(m, entry.display, 0, 0)
            # No line or offsets: they would point into the content, not the name.
            out.findings.append(dataclasses.replace(
                f, line=None, start=None, end=None, detail={**f.detail, "where": where},
                file=None if entry.folder else entry.path))

    def _scan_source(self, src: Source, out: FileOutcome, deadline: float) -> None:
        states: dict[str, _PathState] = {}
        self._kept = {}
        self._folds = {}
        for item in extract(src, self.limits, deadline):
            if isinstance(item, TextPart):
                self._text(item, states, out)
            elif isinstance(item, Hit):
                self._hit(item, out)
            elif isinstance(item, Problem):
                if item.reason in SKIP_REASONS and item.path == src.name:
                    out.skipped = item.reason
                elif item.reason not in SKIP_REASONS:
                    out.errors.append(ScanError(SCANNER_ID, item.path, item.reason, item.message,
                                                self._member(item.path)))
            if len(out.findings) >= self.limits.max_findings_per_file:
                out.errors.append(
                    ScanError(SCANNER_ID, src.name, "too-many-findings",
                              f"stopped after {len(out.findings)} findings")
                )
                break
        for path, state in states.items():
            self._flush(path, state, out)
            self._density(path, state, out)
        # (in the order of their rules' ids: a fold may be started in the candidate loop,
        # rule after rule, or here, match after match)
        for _rid, fold in sorted(self._folds.items()):
            out.findings.append(self._folded(src.name, fold))
        out.bytes_read = src.size

    def _text(self, part: TextPart, states: dict[str, _PathState], out: FileOutcome) -> None:
        state = states.get(part.path)
        if state is None:
            # Extractors finish one member before starting the next: what earlier members
            # hold back for a following chunk can go now (an archive of 80 exports would
            # otherwise keep every member's last chunk of matches until the end).
            for path, other in states.items():
                if other.held:
                    self._flush(path, other, out)
            state = states[part.path] = _PathState()
        boundary = 0
        if part.offset and part.offset < state.end:
            # Overlapping chunk: split the overlap in the middle; the earlier chunk owns
            # matches starting before the split, this one those after.
            boundary = part.offset + (state.end - part.offset) // 2
            keep = [h for h in state.held if h[1] < boundary]
            state.held = keep
            state.chars -= state.end - part.offset
        self._flush(part.path, state, out)
        text = part.text
        # The matches past a rule's limit in this file are counted in the candidate loop
        # (`Folding`), which knows how many the file lists so far: every match held before
        # has been folded or kept (another member's too, as the extractors finish one member
        # before the next; if one did not, its held matches would not be counted yet).
        # Matches from where the next chunk may start (`TextChunker`: one chunk's length less
        # the overlap after this one's start) may be that chunk's: they are held as before.
        folding = None
        # Matches in an interactive example session (`>>>`) are made low severity below:
        # the candidate loop would count the folded ones at their rule's severity.
        examples = examples_in(text, documentation_file(part.path))
        # A table of places' positions (a gazetteer: a division's name in each row, no time)
        # lists no one's whereabouts: its coordinates are examples, counted at low severity
        places = place_rows(text, part.columns) if part.columns else []
        if (self.early_folding and self.limits.max_findings_per_rule and examples is None
                and not places
                and not any(o.held for o in states.values())):
            size, overlap = chunk_geometry(self.limits)
            folding = Folding(self.limits.max_findings_per_rule, self._kept, self._folds,
                              _Fold, boundary - part.offset if boundary else 0,
                              size - overlap)
        matches = self.detector.detect(text, part.columns, part.delimiter, self.today, folding)
        if examples is not None:
            matches = [_as_example(m, examples.reason(m.start)) if m.start in examples else m
                       for m in matches]
        if places:
            rows = ExampleBlocks(places)
            matches = [_as_example(m, PLACES_DETAIL)
                       if m.rule.id == _PLACES_RULE and m.start in rows else m
                       for m in matches]
        hold = _held.hold if _held is not None else _hold
        hold(matches, text, part.offset, boundary, part.line, state.held)
        state.end = part.offset + len(text)
        state.chars += len(text)
        for rid, terms in self.detector.density(text).items():
            seen = state.density.setdefault(rid, {})
            for term, n in terms.items():
                seen[term] = seen.get(term, 0) + n

    def _flush(self, path: str, state: _PathState, out: FileOutcome) -> None:
        if not state.held:
            return
        fold = _held.fold if _held is not None else _fold
        kept, minors = fold(state.held, self.limits.max_findings_per_rule, self._kept,
                            self._folds, _Fold, MINOR_RULE)
        state.held = []
        for m in minors:
            self._note_minor(m, out)
        for m, start, line in kept:
            out.findings.append(self._finding(m, path, start, line))

    def _folded(self, path: str, fold: _Fold) -> Finding:
        rule = fold.rule
        # "… 30 more: Resident identity card number"
        summary = say("content.folded_of", n=fold.count, title=rule.title,
                      title_zh=rule.title_zh or rule.title)
        return Finding(
            scanner=SCANNER_ID, rule=rule.id, category=rule.category, severity=fold.severity,
            location=path, preview=str(summary),
            fingerprint=self.redactor.fingerprint(f"folded:{rule.id}:{path}"),
            confidence=fold.confidence, path=path, count=fold.count,
            detail={"folded": "yes", "distinct": str(len(fold.distinct)),
                    PHRASE_KEY: summary.to_json()},
            file=self._file, member=self._member(path),
        )

    def _member_example(self, path: str) -> str:
        """Whether the archive member `path` is a test or example file (its folders inside
        the archive, its name), as `example_place` says; "" for the file itself."""
        return self._member_said(path, self._member_examples, example_place)

    def _member_code_example(self, path: str) -> str:
        """`test_code_place` of the archive member `path`; "" for the file itself."""
        return self._member_said(path, self._member_code, test_code_place)

    def _member_said(self, path: str, said: dict[str, str],
                     place: Callable[[str, bool], str]) -> str:
        """`place(member, inside=True)` of the archive member `path`, kept per member; ""
        for the file itself."""
        member = self._member(path)
        if not member:
            return ""
        why = said.get(member)
        if why is None:
            why = said[member] = place(member, True)
        return why

    def _note_minor(self, m: Match, out: FileOutcome) -> None:
        try:
            expiry = date.fromisoformat(m.detail["adult_on"])
        except (KeyError, ValueError):
            expiry = self.today  # unknown: do not cache this file's result at all
        if out.valid_until is None or expiry < out.valid_until:
            out.valid_until = expiry

    def _finding(self, m: Match, path: str, start: int, line: int) -> Finding:
        rule = m.rule
        preview, fp = self.redactor.redact(m.value, rule.mask, rule.id)
        detail = {k: v for k, v in m.detail.items() if k in PUBLIC_DETAIL}
        if m.keyword:
            detail["keyword"] = m.keyword
        severity = m.severity
        if severity > Severity.LOW:
            # A test suite's keys and tokens, a template's (any file there), and any value in
            # a test's source code (a validator library's `idCard.verify('4408821991...')`)
            # or in installed documentation: listed, but not weighed like the user's own.
            # Data files in a test folder (CSV, JSON, spreadsheets) may be production copies:
            # their ID numbers and cards keep their severity.
            example = (self._example or self._member_example(path)
                       if rule.category is Category.CREDENTIAL else "")
            example = example or self._code_example or self._member_code_example(path)
            if example:
                severity = Severity.LOW
                detail["example"] = example
        # Most findings share one of a few details ({"keyword": "身份证"}): one object each
        # keeps them shared through pickling, the cache and the parent's memory.
        key = tuple(detail.items())
        detail = self._details.setdefault(key, detail)
        return Finding(
            scanner=SCANNER_ID,
            rule=rule.id,
            category=rule.category,
            severity=severity,
            location=path,
            preview=preview,
            fingerprint=fp,
            confidence=m.confidence,
            line=line,
            start=start,
            end=start + (m.end - m.start),
            path=path,
            detail=detail,
            file=self._file,
            member=self._member(path),
        )

    def _hit(self, hit: Hit, out: FileOutcome) -> None:
        rule = self.rules.get(hit.rule)
        if rule is None:
            return
        preview, fp = self.redactor.redact(hit.value, rule.mask, rule.id)
        if rule.id == "contact.vcard_list":
            kinds = [k for k in ("phones", "emails", "addresses", "birthdays", "notes")
                     if hit.detail.get(k)]
            summary = say("content.vcards", n=hit.count) + (
                say("paren", text=join(say(f"content.vcard_{k}") for k in kinds)) if kinds
                else Phrase(()))
            preview = str(summary)  # "80 contact card(s) (phones)"
        detail = {k: v for k, v in hit.detail.items() if k in PUBLIC_DETAIL}
        if rule.id == "contact.vcard_list":
            detail[PHRASE_KEY] = summary.to_json()
        out.findings.append(
            Finding(
                scanner=SCANNER_ID, rule=rule.id, category=rule.category, severity=rule.severity,
                location=hit.path, preview=preview, fingerprint=fp, confidence=0.9,
                line=hit.line, start=hit.start, end=hit.end, path=hit.path, count=hit.count,
                detail=detail, file=self._file, member=self._member(hit.path),
            )
        )

    def _density(self, path: str, state: _PathState, out: FileOutcome) -> None:
        for rid, terms in state.density.items():
            rule = self.rules.get(rid)
            hits = sum(terms.values())
            if rule is None or hits < rule.density_min_hits or len(terms) < rule.density_min_terms:
                continue
            per_k = hits * 1000.0 / max(state.chars, 1)
            if per_k < rule.density_per_kchar:
                continue
            out.findings.append(_document_finding(rule, path, hits, per_k, self.redactor,
                                                  self._file, self._member(path)))


_PLACES_RULE = "location.coordinates"
PLACES_DETAIL = "a position in a list of places (a gazetteer)"


def _as_example(m: Match, why: str = EXAMPLE_SESSION) -> Match:
    """A match in an interactive example session or a doc comment's example: documentation's
    made-up value, listed at low severity (`scanners.detection.examples`)."""
    if m.severity <= Severity.LOW:
        return m
    return Match(m.rule, m.start, m.end, m.value, m.confidence, Severity.LOW, m.keyword,
                 {**m.detail, "example": why})


@lru_cache(maxsize=1)
def _example_names() -> frozenset[str]:
    import tomllib

    from scanners.system.paths import resources_dir

    with open(resources_dir() / "content.toml", "rb") as fh:
        names = tomllib.load(fh).get("example_folders", [])
    return frozenset(str(n).casefold() for n in names)


def example_folder(path: str, inside: bool = False) -> str:
    """The name of a test or example folder `path` lies in ("" if none); `inside`: a path
    inside an archive ("/" or "\\" between its folders, no home folder in it)."""
    names = _example_names()
    if inside:
        parts = path.replace("\\", "/").split("/")[:-1]
    else:
        folder = os.path.dirname(path)
        home = os.path.expanduser("~").rstrip(os.sep)
        if home and folder.startswith(home + os.sep):
            folder = folder[len(home):]  # the home's own path (/home/test) says nothing
        parts = folder.split(os.sep)
    for part in reversed(parts):
        if part.casefold() in names:
            return part
    return ""


# Words of a file name that make it an example or a template of the real file
# ("config.example.yml", ".env.sample", "settings_template.py", "examples-1.json").
_EXAMPLE_NAME_WORDS = frozenset({"example", "examples", "sample", "samples", "template",
                                 "templates"})
_NAME_WORDS = re.compile(r"[^._\-\s]+")


# Source code, by its file name's extension (the test-code rule leaves data files alone)
_CODE_EXTENSIONS = frozenset((
    ".py", ".pyi", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".go", ".java", ".kt", ".kts",
    ".scala", ".groovy", ".rb", ".php", ".cs", ".rs", ".swift", ".c", ".h", ".cc", ".cpp",
    ".hpp", ".m", ".mm", ".pl", ".pm", ".lua", ".dart", ".ex", ".exs", ".clj", ".doctest",
    ".s", ".asm"))  # (assembly: a compiler's testdata/arm64.s holds card-like constants)
# Test files by their naming conventions: pytest, Go, RSpec, Jest/Mocha, JUnit, xUnit
_TEST_FILE = re.compile(
    r"(?:test_.+\.py|.+_test\.(?:py|go|rb|exs?|c|cc|cpp)|.+\.(?:test|spec)\.[cm]?[jt]sx?"
    r"|.+(?:Test|Tests|Spec)\.(?:java|kt|scala|groovy|cs|swift|php)|.+_spec\.rb)")


def _file_name(path: str, inside: bool) -> str:
    return re.split(r"[/\\]", path)[-1] if inside else os.path.basename(path)


def example_place(path: str, inside: bool = False) -> str:
    """Why the credentials of `path` are examples, in words ("" if they are not): it lies
    in a test or example folder, its name says it is an example or a template, or it is a
    test file by its language's convention (`x_test.go`, `test_x.py`, `x.spec.ts`)."""
    folder = example_folder(path, inside)
    if folder:
        return f"in a test or example folder ({folder})"
    name = _file_name(path, inside)
    if any(w in _EXAMPLE_NAME_WORDS for w in _NAME_WORDS.findall(name.casefold())):
        return f"in an example or template file ({name})"
    if _TEST_FILE.fullmatch(name):
        return f"in a test file ({name})"
    return ""


# Where the package manager installs documentation: manuals, their examples and demo keys
# (libssl-doc's demos/certs), never a person's files; also inside a chroot, a container's
# layers or an unpacked package (".../pkg/usr/share/doc/...")
_DOC_TREES = ("/usr/share/doc/", "/usr/share/gtk-doc/", "/usr/share/help/",
              "/usr/share/info/", "/usr/share/man/", "/usr/local/share/doc/")


# Documentation by its file name: its code blocks show functions with made-up values
_DOC_NAME = re.compile(r"(?i:readme(?:\.\w+)?|.+\.(?:md|markdown|mdx|rst|adoc|asciidoc)"
                       r"|PKG-INFO|METADATA|CHANGELOG(?:\.\w+)?)")


def documentation_file(path: str) -> bool:
    """Whether `path` (a display path: "a.zip!pkg/README.md" too) names a documentation
    file (README, Markdown, reStructuredText, a package's PKG-INFO or METADATA)."""
    return _DOC_NAME.fullmatch(re.split(r"[/\\!]", path)[-1]) is not None


def test_code_place(path: str, inside: bool = False) -> str:
    """Why every value in `path` is an example ("" if not): it lies in the system's
    installed documentation, or it is a test's source code, a code file named as a test or
    lying in a test or example folder."""
    if not inside:
        for tree in _DOC_TREES:
            if tree in path:
                return f"in installed documentation ({tree.rstrip('/')})"
    name = _file_name(path, inside)
    # a source map holds its code ("x.test.js.map": the test's source, for the debugger)
    code = name[:-4] if name.lower().endswith(".map") else name
    if os.path.splitext(code)[1].lower() not in _CODE_EXTENSIONS:
        return ""
    if _TEST_FILE.fullmatch(code):
        return f"in a test file ({name})"
    folder = example_folder(path, inside)
    return f"in a test or example folder ({folder})" if folder else ""


def _document_finding(
    rule: Rule, path: str, hits: int, per_k: float, redactor: Redactor, file: str, member: str
) -> Finding:
    return Finding(
        scanner=SCANNER_ID, rule=rule.id, category=rule.category, severity=rule.severity,
        location=path, preview=f"{hits} {rule.title.lower()} terms",
        fingerprint=redactor.fingerprint(f"{rule.id}:{path}"),
        confidence=min(0.95, 0.5 + per_k / 20), path=path, count=hits,
        detail={"terms": str(hits), "per_kchar": f"{per_k:.1f}"}, file=file, member=member,
    )

