"""Write a scan's findings as a table, JSON, JSON lines or CSV. Only masked previews are written.

JSON, JSON lines and CSV are the one export shape of `scanners.export.records`, which the
reports and the log's export write too.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from typing import TextIO

from scanners.assessment.coverage import coverage_of
from scanners.assessment.scoring import Acceptance, Score, score_dict
from scanners.export import table_words as words
from scanners.export.records import (
    CSV_COLUMNS,
    AuditHead,
    FindingStream,
    RecordContext,
    csv_safe,
    document,
    dump_json,
    finding_line,
    write_csv,
    write_jsonl,
)
from scanners.model import Finding, ScanResult
from scanners.system.columns import cell, cut, pad, width
from scanners.system.language import current, tr
from scanners.system.phrases import summary_text
from scanners.system.textsafe import terminal

__all__ = [
    "CSV_FIELDS", "FORMATS", "TABLE_LIMIT", "FindingStream", "RecordContext", "csv_safe",
    "finding_line", "fix_first", "score_json", "write_csv", "write_json", "write_jsonl",
    "write_table",
]

FORMATS = ("table", "json", "jsonl", "csv")
CSV_FIELDS = CSV_COLUMNS  # the one CSV column set (scanners.export.records)


def write_json(result: ScanResult, score: Score, out: TextIO, *, scan_id: int | None = None,
               accepted: Sequence[Acceptance] = (), host: str | None = None,
               started: str | None = None,
               stamp: Callable[[dict[str, object]], None] | None = None) -> None:
    """`scan --format json`: the one JSON document (records.document) with the audit's
    score (no band when it did not cover its scope), stats, statuses and coverage.

    `started`: the log's start time of a logged audit, which its reports and export show.
    `stamp`: adds the fingerprint key's id and, with a fleet key, its seal (scanners.fleet.seal).
    """
    cov = coverage_of(result)
    head = AuditHead(scan_id, host or socket.gethostname(), cov.status,
                     started or result.started.isoformat(),
                     result.finished.isoformat() if result.finished else None, result.roots)
    sections: dict[str, object] = {
        "cancelled": result.cancelled,
        "scanners": list(result.scanners),
        # an audit that did not cover its scope gets no band: its low score is no news
        "score": score_json(score, cov.complete),
        "stats": {
            "files_scanned": result.stats.files_scanned,
            "files_cached": result.stats.files_cached,
            "files_skipped": result.stats.files_skipped,
            "files_unread": result.stats.files_unread,
            "bytes_scanned": result.stats.bytes_scanned,
            "seconds": round(result.stats.seconds, 3),
        },
        # which scanners looked, and what they could not look at (a missing adb, another OS)
        "statuses": [st.to_dict() for st in result.statuses.values()],
        "coverage": cov.to_dict(),
    }
    ctx = head.context(accepted)
    doc = document(head, result.findings, result.errors, ctx, sections)
    if stamp is not None:
        stamp(doc)
    dump_json(doc, out)


def score_json(score: Score, complete: bool) -> dict[str, object]:
    """The score as every JSON output has it; an incomplete audit's band is null."""
    doc = score_dict(score)
    if not complete:
        doc["band"] = None
    return doc


def _cut(text: str, columns: int) -> str:
    """A location in at most `columns` display columns, its end (the file name) kept."""
    return cut(text, columns, keep_end=True)


_INDENT = " " * 22


TABLE_LIMIT = 50  # finding rows in the table; --all shows every one


def write_table(result: ScanResult, score: Score, out: TextIO, *, limit: int | None = TABLE_LIMIT,
                logged: bool = True) -> None:
    """The answer first (index, band, why, what to fix first and how, what was not looked
    at), then the findings: files one row each; stores and permissions, whose summary is
    the point, as a row and their summary (or revoke step) under it; capped at `limit` rows.

    Every text that comes from what was scanned (a file name, a store's summary, an app name)
    goes through `terminal()`: a name holding ESC sequences or a newline must not act on the
    terminal or forge a line of the report.
    """
    _write_answer(result, score, out, logged)
    order = sorted(result.findings, key=lambda f: (-f.severity, f.location, f.start or 0))
    total = len(order)
    shown = order if limit is None else order[:limit]
    files = [f for f in shown if not f.scanner.startswith(("stores.", "permissions."))]
    stores = [f for f in shown if f.scanner.startswith("stores.")]
    grants = [f for f in shown if f.scanner.startswith("permissions.")]
    if shown:
        out.write("\n" + tr("Findings") + (tr(" (the {n} most severe of {total})", n=len(shown),
                                                total=f"{total:,}")
                                             if len(shown) < total else "") + "\n")
    _file_rows(files, out)
    if stores:
        out.write(("" if not files else "\n") + tr("Application stores") + "\n")
    for f in stores:
        out.write(f"{cell(words.severity(f.severity.label), 9)} "
                  f"{cell(words.category(f.category), 11)} {_cut(terminal(f.location), 100)}\n"
                  f"{_INDENT}{terminal(summary_text(f.detail, f.preview, current()))}\n")
    if grants:
        out.write(("" if not (files or stores) else "\n") + tr("App permissions") + "\n")
    for f in grants:
        d = f.detail
        broad = tr(", broad") if d.get("broad") == "yes" else ""
        app = terminal(d.get("app_name") or d.get("app", ""))
        out.write(
            f"{cell(words.severity(f.severity.label), 9)} {pad(terminal(d.get('device', '')), 11)}"
            f" {app}: {terminal(d.get('permission', f.rule))}"
            f" ({tr(terminal(d.get('state', '')))}{broad})\n"
        )
        if d.get("revoke"):
            out.write(f"{_INDENT}{tr('to revoke: {step}', step=terminal(tr(d['revoke'])))}\n")
    if len(shown) < total:
        out.write(tr("… and {n} more finding(s): add --all to list every one, or use --format"
                     " jsonl or csv", n=f"{total - len(shown):,}") + "\n")
    _totals(result, order, out)


def _file_rows(files: list[Finding], out: TextIO) -> None:
    """One row a file finding; columns line up by display width (a Chinese word takes two
    columns a character) and a long rule id or preview is cut with an ellipsis."""
    if not files:
        return
    heads = (tr("SEVERITY"), tr("CATEGORY"), tr("RULE"), tr("PREVIEW"))
    rows = [(_severity_cell(f), words.category(f.category), _rule_cell(f),
             terminal(summary_text(f.detail, f.preview, current()))) for f in files]
    caps = (14, 12, 40, 24)  # (severity: 9 wide but for "low (example)")
    cols = [min(cap, max(width(h), *(width(row[i]) for row in rows)))
            for i, (h, cap) in enumerate(zip(heads, caps, strict=True))]
    out.write(" ".join(cell(h, w) for h, w in zip(heads, cols, strict=True))
              + " " + tr("LOCATION") + "\n")
    for f, row in zip(files, rows, strict=True):
        where = terminal(f.location) + (f":{f.line}" if f.line else "")
        out.write(" ".join(cell(text, w) for text, w in zip(row, cols, strict=True))
                  + " " + _cut(where, 70) + "\n")


def _totals(result: ScanResult, order: list[Finding], out: TextIO) -> None:
    s = result.stats
    total = len(order)
    n_files = sum(1 for f in order if not f.scanner.startswith(("stores.", "permissions.")))
    n_stores = sum(1 for f in order if f.scanner.startswith("stores."))
    n_grants = total - n_files - n_stores
    out.write("\n" + tr(
        "{total} finding(s) in {seconds} s: {in_files} in {files} file(s) ({cached} unchanged"
        " since last scan, {skipped} skipped, {errors} error(s))", total=total,
        seconds=f"{s.seconds:.1f}", in_files=n_files, files=s.files_scanned + s.files_cached,
        cached=s.files_cached, skipped=s.files_skipped, errors=len(result.errors))
        + (tr(", {n} in application stores", n=n_stores) if n_stores else "")
        + (tr(", {n} app permission(s)", n=n_grants) if n_grants else "") + "\n")
    if result.cancelled:
        out.write(tr("Scan interrupted: these are partial results.") + "\n")
    elif not coverage_of(result).complete:
        out.write(tr("These are partial results.") + "\n")


def _write_answer(result: ScanResult, score: Score, out: TextIO, logged: bool) -> None:
    """Index and band, the sentence, the sum, the five things to fix first with the exact
    command, and the blind spots."""
    cov = coverage_of(result)
    lang = words.current()
    if cov.complete:
        out.write(tr("Exposure index: {score}/100 ({band})", score=score.value,
                     band=words.band(score.band)) + "\n")
    else:
        out.write(tr("INCOMPLETE AUDIT: {reasons}.", reasons=tr("; ").join(
            words.coverage_reasons(cov))) + "\n" + tr(
            "Exposure index of what was read: {score}/100 (no band: this is not a verdict, and"
            " it is not compared with other audits)", score=score.value) + "\n")
    # why this score: the sentence first, then the category shares that add up to it
    out.write(f"  {terminal(score.sentence(lang))}\n")
    if score.parts:
        out.write(f"  {score.value} = {score.breakdown(lang).rsplit(' = ', 1)[0]}\n")
    fixes = fix_first(result, score, logged=logged)
    if fixes:
        out.write("\n" + tr("Fix these first") + "\n")
    for i, (share, f, how) in enumerate(fixes, 1):
        where = f.file if f.file is not None and not f.member else f.location
        points = tr("+{n} point(s)", n=share)
        out.write(f"{i}. {points}  {cell(words.severity(f.severity.label), 8)}"
                  f" {_cut(terminal(where), 80)}\n"
                  f"   {terminal(summary_text(f.detail, f.preview, current()))}\n"
                  f"   {terminal(how)}\n")
    blind = words.blind_spots(result)
    if blind:
        out.write("\n" + tr("Not looked at (this is not the same as nothing found)") + "\n")
        for line in blind:
            out.write(f"  - {terminal(line)}\n")


def _rule_cell(f: Finding) -> str:
    """The rule id, and what its validator named the value (the service a token opens: the
    one to revoke it at; a card's brand; an IBAN's country)."""
    kind = f.named_kind
    return f"{f.rule} ({terminal(kind)})" if kind else f.rule


def _severity_cell(f: Finding) -> str:
    """A finding's severity in the table; "low (example)" for documentation's or a test
    suite's value (Finding.is_example)."""
    word = words.severity(f.severity.label)
    return tr("{severity} (example)", severity=word) if f.is_example else word


def fix_first(result: ScanResult, score: Score, n: int = 5,
              logged: bool = True) -> list[tuple[int, Finding, str]]:
    """The `n` locations that add most to the index, each with its worst finding and the
    exact step that removes it: a `piaudit fix` command for a file, a revoke command for a
    grant, the application's own setting otherwise."""
    import shlex

    worst: dict[str, Finding] = {}
    for f in result.findings:
        if f.location not in worst or f.severity > worst[f.location].severity:
            worst[f.location] = f
    out: list[tuple[int, Finding, str]] = []
    for location, share in score.location_shares:
        top = worst.get(location)
        if top is None or share <= 0:
            continue
        out.append((share, top, _how_to_fix(top, shlex.quote, logged)))
        if len(out) >= n:
            break
    return out


def _how_to_fix(f: Finding, quote: Callable[[str], str], logged: bool) -> str:
    if f.detail.get("revoke"):
        return tr("to revoke: {step}", step=f.detail["revoke"])
    if f.file is None:
        return tr("change it in the application itself (see the advice: piaudit show latest)")
    target = quote(os.fsencode(f.file).decode("utf-8", "backslashreplace"))
    if f.member:
        action = "vault"  # the container holds it: act on the container
    elif f.rule == "stores.ssh.private_key":
        if f.detail.get("world_readable") == "yes" or f.detail.get("group_readable") == "yes":
            action = "restrict"
        else:
            return tr("add a passphrase: {command}", command=f"ssh-keygen -p -f {target}")
    elif f.scanner.startswith("stores.credentials"):
        action = "restrict"
    else:
        action = "vault"
    command = f"piaudit fix latest {target} --action {action}"
    return command if logged else command + "   " + tr("(needs the audit log: scan without"
                                                     " --no-log)")


