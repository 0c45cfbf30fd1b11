"""The audit log on the command line: history, show, verify, purge, export, passphrase.

Also what `piaudit scan` hands the audit session to record a scan: `get_passphrase` (the
passphrase source), `settings_from_args` and SKIP_HINT. Kept import-light (the ledger and
its crypto load inside the handlers) so that registering these subcommands costs
`piaudit --version` nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from scanners.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, run_handler, say, yes_answer
from scanners.system.columns import cell, width
from scanners.system.language import tr
from scanners.system.textsafe import terminal

if TYPE_CHECKING:
    from scanners.ledger import Ledger

COMMANDS = ("history", "show", "verify", "purge", "export", "passphrase")

SKIP_HINT = "set PIAUDIT_PASSPHRASE_FILE or use --no-log"
PASSPHRASE_NEEDED = ("the audit log passphrase is needed: set PIAUDIT_PASSPHRASE_FILE, keep it"
                     " in the keyring (piaudit passphrase --remember) or run this on a terminal")


# --------------------------------------------------------------------------- parsers


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    """Register the log's subcommands on the main parser's subparsers."""
    p = sub.add_parser("history", help="list the audits recorded in the log")
    p.add_argument("--format", default="table", choices=("table", "json"))
    p.set_defaults(ledger_handler=_history)

    p = sub.add_parser("show", help="show one recorded audit (masked previews only)")
    p.add_argument("scan", type=int, metavar="SCAN", help="scan id (see piaudit history)")
    p.add_argument("--limit", type=int, default=100, metavar="N",
                   help="show at most N findings (0: all)")
    p.set_defaults(ledger_handler=_show)

    p = sub.add_parser("verify", help="check that the log was not edited, truncated or reordered")
    p.set_defaults(ledger_handler=_verify)

    p = sub.add_parser("purge", help="securely delete recorded audits (the purge is recorded)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--scan", type=int, action="append", metavar="ID",
                       help="a scan to delete (repeatable)")
    which.add_argument("--before", metavar="DATE",
                       help="delete scans started before DATE (YYYY-MM-DD, UTC)")
    which.add_argument("--all", action="store_true", help="delete every record of the log")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.set_defaults(ledger_handler=_purge)

    p = sub.add_parser("export", help="export one recorded audit, decrypted (masked previews)")
    p.add_argument("scan", type=int, metavar="SCAN")
    p.add_argument("--format", default="json", choices=("json", "csv"))
    p.add_argument("--output", "-o", metavar="FILE", help="write here, not stdout")
    p.set_defaults(ledger_handler=_export)

    p = sub.add_parser("passphrase", help="change the log's passphrase, or keep it in the keyring")
    p.add_argument("--new-passphrase-file", metavar="FILE",
                   help="read the new passphrase from FILE (non-interactive change)")
    p.add_argument("--keyring", action="store_true",
                   help="keep the new passphrase in the OS keyring (for unattended scans)")
    p.add_argument("--remember", action="store_true",
                   help="do not change it: keep the current passphrase in the OS keyring")
    p.add_argument("--forget", action="store_true",
                   help="do not change it: remove the passphrase from the OS keyring")
    p.set_defaults(ledger_handler=_passphrase)


def run(args: argparse.Namespace) -> int:
    """Run a log subcommand; every LedgerError becomes one line on stderr."""
    from scanners.ledger import LedgerError, LedgerTampered

    return run_handler(args.ledger_handler, args, [
        (LedgerTampered, "error", EXIT_FAILED),
        (LedgerError, "error", EXIT_USAGE),
    ])


_say = say


# --------------------------------------------------------------------------- passphrases


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _prompt_new(label: str = "Choose a passphrase for the audit log") -> str:
    from getpass import getpass

    from scanners.ledger import NoPassphrase

    first = getpass(tr(label) + tr(": "))
    if not first:
        raise NoPassphrase(tr("the passphrase must not be empty"))
    if getpass(tr("Repeat it: ")) != first:
        raise NoPassphrase(tr("the two passphrases do not match"))
    return first


def get_passphrase(path: Path, *, creating: bool, interactive: bool | None = None) -> str | None:
    """PIAUDIT_PASSPHRASE_FILE, then the OS keyring, then (on a terminal only) a prompt."""
    from getpass import getpass

    from scanners.ledger import passphrase_from_env_or_keyring

    value, _ = passphrase_from_env_or_keyring(path)
    if value:
        return value
    if not (_interactive() if interactive is None else interactive):
        return None
    if creating:
        print(tr("piaudit keeps an encrypted log of every audit. Without this passphrase the"
                 " log cannot be read: there is no recovery."), file=sys.stderr)
        return _prompt_new()
    return getpass(tr("Audit log passphrase: ")) or None


def _require_log(path: Path) -> None:
    """LedgerTampered if the log is gone but its key slot says it existed, else LedgerMissing."""
    from scanners.ledger import LedgerMissing, check_log_exists

    try:
        check_log_exists(path)
    except LedgerMissing:
        raise LedgerMissing(tr("there is no audit log yet at {path} (run piaudit scan first)",
                               path=path)) from None


def _open(need_key: bool, prompt: bool = True) -> Ledger:
    from scanners.ledger import Ledger, NoPassphrase, default_path

    path = default_path()
    _require_log(path)
    passphrase = get_passphrase(path, creating=False, interactive=None if prompt else False)
    if passphrase is None and need_key:
        raise NoPassphrase(tr(PASSPHRASE_NEEDED))
    return Ledger.open(path, passphrase, create=False)


# --------------------------------------------------------------------------- recording scans


def settings_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The scan options worth recording with a scan (no values found, only choices made)."""
    keys = ("scanners", "rules", "exclude", "jobs", "no_default_excludes", "cross_filesystems",
            "full", "fail_above", "format", "policy", "all_users", "stores", "permissions")
    return {k: getattr(args, k) for k in keys if getattr(args, k, None) not in (None, [], False)}


# --------------------------------------------------------------------------- commands


def _history(args: argparse.Namespace) -> int:
    import json

    ledger = _open(need_key=False, prompt=False)
    with ledger:
        scans = ledger.scans(decrypt=ledger.unlocked)
    if args.format == "json":
        json.dump([s.to_dict() for s in scans], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not scans:
        print(tr("No audits recorded yet."))
        return EXIT_OK
    heads = [(tr("SCAN"), 5, True), (tr("STARTED (UTC)"), 19, False), (tr("STATUS"), 10, False),
             (tr("SCORE"), 5, True), (tr("FINDINGS"), 8, True), (tr("ERRORS"), 6, True),
             (tr("FILES"), 7, True)]
    widths = [max(w, width(h)) for h, w, _ in heads]
    print(_row([h for h, _, _ in heads], widths, heads) + "  " + tr("ROOTS"))
    for s in scans:
        roots = (terminal(", ".join(s.roots)) if s.roots
                 else ("-" if ledger.unlocked else tr("(locked)")))
        score = "-" if s.score is None else str(s.score)
        cells = [str(s.id), s.started[:19].replace("T", " "), tr(s.status), score,
                 str(s.findings), str(s.errors), str(s.files)]
        print(_row(cells, widths, heads) + "  " + roots)
    return EXIT_OK


def _row(cells: list[str], widths: list[int], heads: list[tuple[str, int, bool]]) -> str:
    """Cells padded to their column by display width (a Chinese heading takes two columns a
    character), numbers to the right."""
    parts = [cell(text, w, right=heads[i][2])
             for i, (text, w) in enumerate(zip(cells, widths, strict=True))]
    return f"{parts[0]}  {parts[1]}  {' '.join(parts[2:])}"


def _count_findings(summary_findings: int, status: str, listed: int) -> int:
    """An audit that did not finish has no count in its end record: count what it logged."""
    return summary_findings if status == "complete" and summary_findings else listed


def _show(args: argparse.Namespace) -> int:
    from scanners.export import table_words as words

    with _open(need_key=True) as ledger:
        summary = ledger.summary(args.scan)
        errors = ledger.errors(args.scan)
        findings = list(ledger.findings(args.scan))
        total = _count_findings(summary.findings, summary.status, len(findings))
        out = sys.stdout
        out.write(tr("Scan #{id}: {status}, started {started}", id=summary.id,
                     status=tr(summary.status), started=summary.started)
                  + (tr(", finished {finished}", finished=summary.finished)
                     if summary.finished else "") + "\n")
        out.write(tr("Roots: {roots}", roots=terminal(", ".join(summary.roots)) or "-") + "\n")
        out.write(tr("Scanners: {scanners}", scanners=", ".join(summary.scanners) or "-") + "\n")
        if summary.score is not None and not summary.complete:
            out.write(tr("Score: {score}/100 (incomplete audit: no band)",
                         score=summary.score) + "\n")
        elif summary.score is not None:
            out.write(tr("Score: {score}/100 ({band})", score=summary.score,
                         band=words.band(summary.band)) + "\n")
        out.write(tr("Findings: {findings}  Errors: {errors}  Files: {files}", findings=total,
                     errors=summary.errors, files=summary.files)
                  + ("" if summary.status == "complete" else tr(" (the audit did not finish)"))
                  + "\n")
        for part in summary.score_parts:
            out.write("  " + cell(words.category(part.get("category", "?")), 15) + " " + tr(
                "{points} points, {distinct} distinct, worst {worst}",
                points=f"{part.get('points', 0):>7.1f}", distinct=part.get("distinct", 0),
                worst=words.severity(str(part.get("worst", "-")))) + "\n")
        limit = args.limit if args.limit > 0 else None
        shown = findings if limit is None else findings[:limit]
        _finding_rows(shown, out)
        if len(shown) < total:
            out.write(tr("… {n} more (piaudit export {id})", n=total - len(shown),
                         id=summary.id) + "\n")
        for e in errors:
            msg = f": {tr(e.message)}" if e.message else ""
            out.write(terminal(f"{tr('error')}: {tr(e.reason)}: {e.location}{msg}") + "\n")
    return EXIT_OK


def _finding_rows(findings: list[Any], out: TextIO) -> None:
    """The findings as a table whose columns line up by display width (a Chinese name takes
    two columns a character; a long rule id or preview is cut with an ellipsis)."""
    from scanners.export import table_words as words

    if not findings:
        return
    heads = (tr("SEVERITY"), tr("CATEGORY"), tr("RULE"), tr("PREVIEW"))
    from scanners.system.language import current
    from scanners.system.phrases import summary_text

    rows = [(words.severity(f.severity.label), words.category(f.category), f.rule,
             terminal(summary_text(f.detail, f.preview, current()))) for f in findings]
    caps = (9, 14, 32, 28)
    widths = [min(cap, max(width(h), *(width(row[i]) for row in rows)))
              for i, (h, cap) in enumerate(zip(heads, caps, strict=True))]
    out.write("\n" + " ".join(cell(h, w) for h, w in zip(heads, widths, strict=True))
              + " " + tr("LOCATION") + "\n")
    for f, row in zip(findings, rows, strict=True):
        # a file name may hold ESC sequences or newlines: shown escaped, never raw
        where = terminal(f.location) + (f":{f.line}" if f.line else "")
        out.write(" ".join(cell(text, w) for text, w in zip(row, widths, strict=True))
                  + " " + where + "\n")


def _verify(_args: argparse.Namespace) -> int:
    from scanners.ledger import LedgerCorrupt, LedgerTampered

    try:
        ledger = _open(need_key=True)
    except (LedgerTampered, LedgerCorrupt) as exc:
        # A log deleted or emptied while its key slot says it existed, or a file that is no
        # longer a database, fails verification (exit 1): not merely "could not be checked".
        print(tr("audit log FAILED verification: {reason}", reason=exc))
        return EXIT_FAILED
    with ledger:
        report = ledger.verify()
    print(_verify_sentence(report))
    return EXIT_OK if report.ok else EXIT_FAILED


def _verify_sentence(report: Any) -> str:
    """VerifyReport's sentence in the CLI's language."""
    if not report.ok:
        return tr("audit log FAILED verification at {where}: {problem}",
                  where=report.first_bad, problem=tr(str(report.problem)))
    extra = (tr("; incomplete scan(s): {ids}", ids=", ".join(f"#{i}" for i in report.incomplete))
             if report.incomplete else "")
    return tr("audit log OK: {n} record(s) verified", n=report.records) + extra


def _purge(args: argparse.Namespace) -> int:
    if args.all:
        what = tr("EVERY recorded audit")
    elif args.before:
        what = tr("every audit started before {date}", date=args.before)
    else:
        what = tr("audit(s) {ids}", ids=", ".join(f"#{i}" for i in args.scan))
    if not args.yes:
        if not _interactive():
            _say(tr("error: purge deletes for good: add --yes to confirm when not on a"
                    " terminal"))
            return EXIT_USAGE
        answer = input(tr("Delete {what} from the audit log, for good? [y/N] ", what=what))
        if not yes_answer(answer):
            _say(tr("nothing deleted"))
            return EXIT_OK
    with _open(need_key=True) as ledger:
        report = ledger.purge(scan_ids=args.scan or (), before=args.before,
                              everything=bool(args.all))
    _say(tr("purged {scans} scan(s), {findings} finding(s), {errors} error(s), {actions}"
            " action(s); the log was wiped and compacted", scans=report.scans,
            findings=report.findings, errors=report.errors, actions=report.actions))
    if not report.wal_cleared:
        _say(tr("warning: another program is reading the log, so its write-ahead file could"
                " not be emptied yet; run piaudit purge again after closing it"))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from scanners.ledger import LedgerError, export_scan

    with _open(need_key=True) as ledger:
        ledger.summary(args.scan, decrypt=False)  # a clear error before creating the file
        if args.output:
            try:
                from scanners.system.private_files import open_private  # 0600 whatever the umask

                out: TextIO = open_private(args.output)
            except OSError as exc:
                raise LedgerError(tr("cannot write {path}: {reason}", path=args.output,
                                     reason=exc.strerror)) from None
        else:
            out = sys.stdout
        try:
            n = export_scan(ledger, args.scan, args.format, out)
        finally:
            if out is not sys.stdout:
                out.close()
    if args.output:
        _say(tr("exported {n} finding(s) of scan #{id} to {path}", n=n, id=args.scan,
                path=args.output))
    return EXIT_OK


def _passphrase(args: argparse.Namespace) -> int:
    from getpass import getpass

    from scanners.ledger import (
        Ledger,
        NoPassphrase,
        default_path,
        keyring_delete,
        keyring_set,
        passphrase_from_env_or_keyring,
        passphrase_from_file,
    )

    path = default_path()
    if args.forget:
        gone = keyring_delete(path)
        _say(tr("the passphrase was removed from the OS keyring") if gone
             else tr("no passphrase was kept in the OS keyring"))
        return EXIT_OK
    _require_log(path)
    old, source = passphrase_from_env_or_keyring(path)
    if old is None:
        if not _interactive():
            raise NoPassphrase(tr("the current passphrase is needed: set"
                                  " PIAUDIT_PASSPHRASE_FILE or run this on a terminal"))
        old = getpass(tr("Current audit log passphrase: "))
    with Ledger.open(path, old, create=False) as ledger:
        if args.remember:
            if not keyring_set(old, path):
                raise NoPassphrase(tr("no OS keyring is available on this machine; use"
                                      " PIAUDIT_PASSPHRASE_FILE for unattended scans"))
            _say(tr("the passphrase is now kept in the OS keyring"))
            return EXIT_OK
        if args.new_passphrase_file:
            new = passphrase_from_file(args.new_passphrase_file)
        elif _interactive():
            new = _prompt_new("New passphrase")
        else:
            raise NoPassphrase(tr("give the new passphrase with --new-passphrase-file FILE"
                                  " or run this on a terminal"))
        ledger.change_passphrase(old, new)
    _say(tr("the audit log passphrase was changed (the log itself was not rewritten)"))
    if args.keyring or source == "keyring":
        if keyring_set(new, path):
            _say(tr("the OS keyring now holds the new passphrase"))
        else:
            _say(tr("warning: no OS keyring is available; the new passphrase was not stored"))
    if source == "file":
        _say(tr("warning: PIAUDIT_PASSPHRASE_FILE still holds the old passphrase: update it"))
    return EXIT_OK
