"""The one export shape: a finding record, its CSV row, and the JSON document around them.

Every place that writes findings for a program or a spreadsheet uses this module:
`piaudit scan --format json|jsonl|csv`, `piaudit report --format json|csv` and
`piaudit export --format json|csv`. The same finding gives the same record in all of them.

A record holds the fields of `Finding.to_dict()`, then what the audit adds:

    finding_uid  a stable id: a hash of the fingerprint and the location (also OCSF's uid)
    accepted     true when an accepted risk of the log covers it
    remediation  the first step of its advice (scanners.assessment.advice), in the report's language
    scan         the audit's id in the log (null when it was not logged)
    host         the computer it was found on
    scanned_at   when the audit started (ISO 8601)

Only masked previews and keyed fingerprints are written, never a value.
"""

from __future__ import annotations

import csv
import hashlib
import json
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from scanners import __version__
from scanners.model import Category, Finding, Severity

if TYPE_CHECKING:
    from scanners.assessment.scoring import Acceptance

_native: Any
try:  # optional: built from scanners/_records.c where a C compiler was at hand (setup.py)
    import scanners._records as _native  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:
    _native = None

RECORD_FIELDS = (
    "scanner", "rule", "category", "severity", "confidence", "location", "path", "line",
    "start", "end", "preview", "fingerprint", "count", "detail", "file", "member",
    "finding_uid", "accepted", "remediation", "scan", "host", "scanned_at",
)
# The CSV: the record's fields in a spreadsheet's order (detail as compact JSON), and one old
# name kept: `masked_sample`, which the report CSV documented, is the preview again.
CSV_COLUMNS = (
    "scan", "host", "scanned_at", "finding_uid", "severity", "category", "rule", "confidence",
    "location", "path", "line", "start", "end", "preview", "masked_sample", "fingerprint",
    "count", "scanner", "file", "member", "detail", "accepted", "remediation",
)
CSV_ALIASES = {"masked_sample": "preview"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def finding_uid(fingerprint: str, location: str) -> str:
    """A stable id of a finding. A location from a name that is not UTF-8 holds surrogate
    escapes (scanners.system.textsafe): they are hashed as they are, never an error."""
    text = f"{fingerprint}\x1f{location}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(slots=True)
class RecordContext:
    """What a record adds to a finding: the audit it belongs to and the log's acceptances."""

    scan: int | None = None
    host: str = field(default_factory=socket.gethostname)
    scanned_at: str | None = None
    accepted: Sequence[Acceptance] = ()
    lang: str = "en"
    _steps: dict[tuple[str, str, str, str | None], str] = field(
        default_factory=dict, init=False, repr=False)
    _tail: str = field(default="", init=False, repr=False)
    # The pieces of a finding's line shared by many findings, as JSON text (`_pieces`): the
    # fields up to "location", and the remediation with the record's tail; read by
    # finding_line and by _records.c's `line` alike
    _memo: dict[tuple[object, ...], tuple[str, str]] = field(
        default_factory=dict, init=False, repr=False)
    # and details of text values only ({"keyword": "身份证"}: a few per scan), by their items
    _details: dict[tuple[tuple[str, object], ...], str] = field(
        default_factory=dict, init=False, repr=False)

    def is_accepted(self, f: Finding) -> bool:
        return any(a.covers(f) for a in self.accepted) if self.accepted else False

    def remediation(self, f: Finding) -> str:
        """The first advice step for this finding (cached: one look-up per kind of finding)."""
        protection = f.detail.get("protection")
        key = (f.rule, str(f.category), f.scanner, protection)
        step = self._steps.get(key)
        if step is None:
            from scanners.assessment.advice import book

            steps = book().for_finding(f.rule, f.category, f.scanner, self.lang,
                                       protection).steps
            step = self._steps[key] = steps[0] if steps else ""
        return step

    def tail(self) -> str:
        """The record's last three fields, the same for every finding, as JSON text."""
        if not self._tail:
            self._tail = (f'"scan": {_opt_int(self.scan)}, "host": {_enc(self.host)}, '
                          f'"scanned_at": {_opt_str(self.scanned_at)}}}')
        return self._tail


def finding_record(f: Finding, ctx: RecordContext) -> dict[str, object]:
    """The one record of a finding (JSON, JSON lines, and the CSV's cells)."""
    return {
        **f.to_dict(),
        "finding_uid": finding_uid(f.fingerprint, f.location),
        "accepted": ctx.is_accepted(f),
        "remediation": ctx.remediation(f),
        "scan": ctx.scan, "host": ctx.host, "scanned_at": ctx.scanned_at,
    }


# The C string encoder json.dumps(ensure_ascii=False) itself uses.
_enc = json.encoder.encode_basestring
_SEVERITY = {s: _enc(s.label) for s in Severity}
_CATEGORY = {c: _enc(c.value) for c in Category}


def _opt_str(v: str | None) -> str:
    return "null" if v is None else _enc(v)


def _opt_int(v: int | None) -> str:
    return "null" if v is None else repr(v)


def _detail(d: Mapping[str, object]) -> str:
    try:
        return "{" + ", ".join([f"{_enc(k)}: {_enc(v)}" for k, v in d.items()]) + "}"  # type: ignore[arg-type]
    except TypeError:  # a value that is not a string: the generic encoder
        return json.dumps(dict(d), ensure_ascii=False)


def _detail_of(detail: Mapping[str, object], ctx: RecordContext) -> str:
    """`_detail`, kept per context for details whose values are all text (others are not
    kept: 1 and True are equal keys, but not the same JSON)."""
    key = tuple(detail.items())
    try:
        found = ctx._details.get(key)
    except TypeError:  # a value that cannot be a key (a list ...)
        return _detail(detail)
    if found is None:
        found = _detail(detail)
        if all(type(v) is str for v in detail.values()):
            ctx._details[key] = found
    return found


def _memo_key(f: Finding) -> tuple[object, ...]:
    """What a line's shared pieces depend on; the enum members by identity (hashing one is a
    Python call), as _records.c builds the same key."""
    return (f.scanner, f.rule, f.confidence, f.detail.get("protection"), id(f.category),
            id(f.severity))


def _pieces(f: Finding, ctx: RecordContext) -> tuple[str, str]:
    """The line up to the location's value, and from "remediation" on (kept per context)."""
    key = _memo_key(f)
    pieces = ctx._memo.get(key)
    if pieces is None:
        pieces = ctx._memo[key] = (
            f'{{"scanner": {_enc(f.scanner)}, "rule": {_enc(f.rule)}, '
            f'"category": {_CATEGORY[f.category]}, "severity": {_SEVERITY[f.severity]}, '
            f'"confidence": {round(f.confidence, 3)!r}, "location": ',
            f'"remediation": {_enc(ctx.remediation(f))}, {ctx.tail()}')
    return pieces


def finding_line(f: Finding, ctx: RecordContext) -> str:
    """`json.dumps(finding_record(f, ctx), ensure_ascii=False)`, assembled directly.

    A rescan writes every finding again (69,000 in the home benchmark): building a dict and
    walking it through the generic encoder was a quarter of a rescan's time. A test holds
    the two byte-identical. (The reference of _records.c's `line`: `finding_text`.)
    """
    detail = f.detail
    path, line, start, stop, file = f.path, f.line, f.start, f.end, f.file
    head, end = _pieces(f, ctx)
    return (
        f'{head}{_enc(f.location)}, '
        f'"path": {"null" if path is None else _enc(path)}, '
        f'"line": {"null" if line is None else repr(line)}, '
        f'"start": {"null" if start is None else repr(start)}, '
        f'"end": {"null" if stop is None else repr(stop)}, '
        f'"preview": {_enc(f.preview)}, "fingerprint": {_enc(f.fingerprint)}, '
        f'"count": {f.count!r}, "detail": {_detail_of(detail, ctx) if detail else "{}"}, '
        f'"file": {"null" if file is None else _enc(file)}, '
        f'"member": {_enc(f.member)}, '
        f'"finding_uid": "{finding_uid(f.fingerprint, f.location)}", '
        f'"accepted": {"true" if ctx.accepted and ctx.is_accepted(f) else "false"}, {end}'
    )


def finding_text(f: Finding, ctx: RecordContext) -> str:
    """`finding_line(f, ctx) + "\n"`: by _records.c where it was built (a fifth of the
    time), which reads the line's shared pieces from `ctx._memo` (`_pieces`) and leaves what
    is not plain text (a detail with numbers, a name with surrogate escapes) to
    finding_line."""
    accepted = bool(ctx.accepted) and ctx.is_accepted(f)
    if _native is not None:
        text = _native.line(f, ctx._memo, accepted)
        if text is not NotImplemented:
            return text  # type: ignore[no-any-return]
        if type(f.detail) is dict and _memo_key(f) not in ctx._memo:
            _pieces(f, ctx)  # the first of its kind: the C side reads them from now on
            text = _native.line(f, ctx._memo, accepted)
            if text is not NotImplemented:
                return text  # type: ignore[no-any-return]
    return finding_line(f, ctx) + "\n"


def csv_row(record: Mapping[str, object]) -> list[str]:
    """A record's CSV cells, formula-safe: booleans as yes/empty, detail as compact JSON."""
    cells: list[str] = []
    for column in CSV_COLUMNS:
        value = record.get(CSV_ALIASES.get(column, column))
        if isinstance(value, bool):
            value = "yes" if value else ""
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
        cells.append(csv_safe(value))
    return cells


class FindingStream:
    """Findings written one by one as JSON lines or CSV rows (the header comes first)."""

    def __init__(self, out: TextIO, fmt: str, ctx: RecordContext | None = None) -> None:
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"unknown stream format {fmt!r}")
        self.out, self.fmt = out, fmt
        self.ctx = ctx if ctx is not None else RecordContext()
        self._csv = csv.writer(out) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(CSV_COLUMNS)

    def write(self, f: Finding) -> None:
        if self._csv is None:
            self.out.write(finding_text(f, self.ctx))  # one call: a rescan writes 69,000
        else:
            self._csv.writerow(csv_row(finding_record(f, self.ctx)))

    def write_all(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.write(f)


def write_csv(findings: Iterable[Finding], out: TextIO, ctx: RecordContext | None = None) -> None:
    FindingStream(out, "csv", ctx).write_all(findings)


def write_jsonl(findings: Iterable[Finding], out: TextIO,
                ctx: RecordContext | None = None) -> None:
    FindingStream(out, "jsonl", ctx).write_all(findings)


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The JSON document's head: which audit, where, when, how complete."""

    scan: int | None
    host: str
    status: str
    started: str | None
    finished: str | None
    roots: Sequence[str]

    def context(self, accepted: Sequence[Acceptance] = (), lang: str = "en") -> RecordContext:
        return RecordContext(self.scan, self.host, self.started, accepted, lang)


def document(head: AuditHead, findings: Iterable[Finding], errors: Iterable[Any],
             ctx: RecordContext, sections: Mapping[str, object] | None = None,
             ) -> dict[str, object]:
    """The one JSON document: the head, what the command adds (`sections`: score, trend,
    statuses…), then every finding as its record and every error."""
    doc: dict[str, object] = {
        "tool": "piaudit", "version": __version__, "scan": head.scan, "host": head.host,
        "status": head.status, "complete": head.status == "complete",
        "started": head.started, "finished": head.finished, "roots": list(head.roots),
    }
    doc.update(sections or {})
    doc["findings"] = [finding_record(f, ctx) for f in findings]
    doc["errors"] = [e.to_dict() for e in errors]
    return doc


def dump_json(doc: Mapping[str, object], out: TextIO) -> None:
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


__all__ = [
    "CSV_ALIASES", "CSV_COLUMNS", "RECORD_FIELDS", "AuditHead", "FindingStream",
    "RecordContext", "csv_row", "csv_safe", "document", "dump_json", "finding_line",
    "finding_record", "finding_uid", "write_csv", "write_jsonl",
]
