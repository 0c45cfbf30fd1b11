"""Reports, remediation and the vault on the command line:

    piaudit report SCAN --format html|pdf|json|csv|sarif|ocsf --output FILE [--lang en|zh]
    piaudit fix SCAN LOCATION --action open|restrict|vault|redact|delete [--yes]
    piaudit accept SCAN FINGERPRINT --reason TEXT [--only-here LOCATION] [--yes]
    piaudit undo ACTION [--yes]
    piaudit actions
    piaudit vault list | restore ITEM [--to PATH] [--yes]

Import-light: everything heavy loads inside the handlers.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scanners.actions.remediate import Plan
    from scanners.actions.vault import Vault
    from scanners.ledger import Ledger

from scanners.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    run_handler,
    say,
    yes_answer,
)
from scanners.system.language import current, tr

REPORT_FORMATS = ("html", "pdf", "json", "csv", "sarif", "ocsf")
FIX_ACTIONS = ("open", "restrict", "vault", "redact", "delete")



def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("report", help="write a report of a logged audit (masked values only)")
    p.add_argument("scan", metavar="SCAN", help="scan id (see piaudit history) or 'latest'")
    p.add_argument("--format", required=True, choices=REPORT_FORMATS)
    p.add_argument("--output", "-o", required=True, metavar="FILE")
    p.add_argument("--lang", choices=("en", "zh"),
                   help="report language (default: the command line's, from the locale)")
    p.set_defaults(report_handler=_report)

    p = sub.add_parser("fix", help="act on a finding's file (asks first; recorded; undoable)")
    p.add_argument("scan", metavar="SCAN", help="the scan that found it, or 'latest'")
    p.add_argument("location", metavar="LOCATION", help="the file, as the scan listed it")
    p.add_argument("--action", required=True, choices=FIX_ACTIONS)
    p.add_argument("--launch", action="store_true", help="with open: launch the file manager")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.set_defaults(report_handler=_fix)

    p = sub.add_parser("accept", help="accept a finding's risk with a reason (left out of scores)")
    p.add_argument("scan", metavar="SCAN", help="the scan that found it, or 'latest'")
    p.add_argument("fingerprint", metavar="FINGERPRINT", help="its fingerprint (8+ characters)")
    p.add_argument("--reason", required=True)
    p.add_argument("--only-here", metavar="LOCATION",
                   help="accept it at this location only (default: wherever it is found)")
    p.add_argument("--yes", "-y", action="store_true")
    p.set_defaults(report_handler=_accept)

    p = sub.add_parser("undo", help="undo a recorded remediation action")
    p.add_argument("action", type=int, metavar="ACTION", help="action id (see piaudit actions)")
    p.add_argument("--yes", "-y", action="store_true")
    p.set_defaults(report_handler=_undo)

    p = sub.add_parser("actions", help="list the remediation actions in the log")
    p.set_defaults(report_handler=_actions)

    p = sub.add_parser("vault", help="files moved into the encrypted vault")
    vsub = p.add_subparsers(dest="vault_command", metavar="list|restore", required=True)
    v = vsub.add_parser("list", help="list the vault's files")
    v.set_defaults(report_handler=_vault_list)
    v = vsub.add_parser("restore", help="put a file back where it was (or --to PATH)")
    v.add_argument("item", metavar="ITEM")
    v.add_argument("--to", metavar="PATH")
    v.add_argument("--yes", "-y", action="store_true")
    v.set_defaults(report_handler=_vault_restore)


def run(args: argparse.Namespace) -> int:
    from scanners.actions.remediate import FileChanged, RemediationError
    from scanners.ledger import LedgerError, LedgerTampered

    return run_handler(args.report_handler, args, [
        (FileChanged, "refused", EXIT_FAILED),
        ((RemediationError, LedgerTampered), "error", EXIT_FAILED),
        (LedgerError, "error", EXIT_USAGE),
    ])


_say = say


def _open_log() -> Ledger:
    from scanners.cli.log import get_passphrase
    from scanners.ledger import Ledger, LedgerMissing, NoPassphrase, default_path

    path = default_path()
    if not path.exists():
        from scanners.ledger import check_log_exists

        check_log_exists(path)  # a lost log (its key slot is there) is tampering, not "none yet"
        raise LedgerMissing(tr("there is no audit log yet at {path} (run piaudit scan first)",
                               path=path))
    passphrase = get_passphrase(path, creating=False)
    if passphrase is None:
        from scanners.cli.log import PASSPHRASE_NEEDED

        raise NoPassphrase(tr(PASSPHRASE_NEEDED))
    return Ledger.open(path, passphrase, create=False)


def _scan_id(ledger: Ledger, text: str) -> int:
    from scanners.ledger import LedgerError

    if text == "latest":
        done = [s.id for s in ledger.scans() if s.finished_ok]
        if not done:
            raise LedgerError(tr("there is no finished scan in the audit log yet"))
        return done[-1]
    try:
        sid = int(text)
    except ValueError:
        raise LedgerError(tr("SCAN must be a scan id or 'latest', not {text}",
                             text=repr(text))) from None
    ledger.summary(sid, decrypt=False)  # a clear error for an unknown id
    return sid


def _confirmer(yes: bool) -> Callable[[Plan], bool]:
    def confirm(plan: Plan) -> bool:
        if yes:
            return True
        if not (sys.stdin is not None and sys.stdin.isatty()):
            from scanners.actions.remediate import RemediationError

            raise RemediationError(tr("this changes files: add --yes to confirm when not on a"
                                      " terminal"))
        print(tr(plan.description), file=sys.stderr)
        for warning in plan.warnings:
            print(tr("Note: {warning}", warning=tr(warning)), file=sys.stderr)
        return yes_answer(input(tr("Go ahead? [y/N] ")))

    return confirm


# --------------------------------------------------------------------------- handlers


def _report(args: argparse.Namespace) -> int:
    from scanners.export.report import from_ledger, write

    with _open_log() as ledger:
        sid = _scan_id(ledger, args.scan)
        data = from_ledger(ledger, sid, lang=args.lang or current())
    output = Path(args.output)
    try:
        write(data, args.format, output)
    except OSError as exc:
        _say(tr("error") + tr(": ") + tr("cannot write {path}: {reason}", path=output,
                                         reason=exc.strerror or exc))
        return EXIT_USAGE
    except RuntimeError as exc:  # FontMissing for PDF
        _say(f"{tr('error')}{tr(': ')}{tr(str(exc))}")
        return EXIT_USAGE
    from scanners.export.table_words import band

    _say(tr("wrote the {format} report of scan #{id} to {path} (score {score}/100, {band})",
            format=args.format, id=sid, path=output, score=data.score.value,
            band=band(data.score.band)))
    return EXIT_OK


def _print_outcome(out: Any) -> int:
    if not out.done:
        _say(tr(out.message))
        return EXIT_OK
    print(tr(out.message))
    if out.action_id is not None:
        _say(tr("recorded as action #{id}", id=out.action_id))
    return EXIT_OK


def _fix(args: argparse.Namespace) -> int:
    from scanners.actions.remediate import Remediator

    with _open_log() as ledger:
        sid = _scan_id(ledger, args.scan)
        r = Remediator(ledger, sid)
        kw = {"launch": True} if args.action == "open" and args.launch else {}
        return _print_outcome(r.run(args.action, args.location, _confirmer(args.yes), **kw))


def _accept(args: argparse.Namespace) -> int:
    from scanners.actions.remediate import RemediationError, Remediator

    prefix = args.fingerprint.strip().lower()
    if len(prefix) < 8:
        raise RemediationError(tr("give at least 8 characters of the fingerprint"))
    with _open_log() as ledger:
        sid = _scan_id(ledger, args.scan)
        found = [f for f in ledger.findings(sid) if f.fingerprint.startswith(prefix)
                 and (args.only_here is None or f.location == args.only_here)]
        fps = {f.fingerprint for f in found}
        if not fps:
            raise RemediationError(tr("no finding of scan #{id} has a fingerprint {prefix}…",
                                      id=sid, prefix=prefix))
        if len(fps) > 1:
            raise RemediationError(tr("{n} fingerprints start with {prefix}: give more",
                                      n=len(fps), prefix=prefix))
        f = found[0]
        r = Remediator(ledger, sid, facts={})
        out = r.run("accept", args.only_here or f.location, _confirmer(args.yes),
                    fingerprint=f.fingerprint, reason=args.reason, scope=args.only_here)
        return _print_outcome(out)


def _undo(args: argparse.Namespace) -> int:
    from scanners.actions.remediate import Remediator

    with _open_log() as ledger:
        return _print_outcome(Remediator(ledger, facts={}).undo(args.action,
                                                                _confirmer(args.yes)))


def _actions(_args: argparse.Namespace) -> int:
    with _open_log() as ledger:
        actions = ledger.actions()
    if not actions:
        print(tr("No remediation actions recorded."))
        return EXIT_OK
    from scanners.system.columns import cell, width

    undone = {a["detail"].get("of") for a in actions if a.get("kind") == "undo"}
    heads = (tr("ACTION"), tr("WHEN (UTC)"), tr("SCAN"), tr("KIND"), tr("OUTCOME"))
    w = [max(n, width(h)) for h, n in zip(heads, (6, 19, 4, 13, 8), strict=True)]
    print(f"{cell(heads[0], w[0], right=True)}  {cell(heads[1], w[1])}"
          f"  {cell(heads[2], w[2], right=True)}  {cell(heads[3], w[3])} {cell(heads[4], w[4])}"
          f" {tr('LOCATION')}")
    for a in actions:
        mark = tr(" (undone)") if a["id"] in undone else ""
        scan = str(a.get("scan_id") or "-")
        print(f"{cell(str(a['id']), w[0], right=True)}"
              f"  {cell(a['ts'][:19].replace('T', ' '), w[1])}  {cell(scan, w[2], right=True)}"
              f"  {cell(a['kind'], w[3])} {cell(tr(a['outcome']), w[4])} {a['location']}{mark}")
    return EXIT_OK


@contextmanager
def _vault_and_log() -> Iterator[tuple[Vault, Ledger | None]]:
    """The vault, with the log that records what is done to it; or, when the log is lost
    (missing, emptied, damaged), the vault alone, opened with the passphrase and the log's
    key slot: losing the log must not lose the vault."""
    from scanners.actions.remediate import VAULT_DIR, vault_for
    from scanners.actions.vault import Vault
    from scanners.cli.log import get_passphrase
    from scanners.ledger import (
        LedgerCorrupt,
        LedgerMissing,
        LedgerTampered,
        NoPassphrase,
        default_path,
        vault_key_from_slot,
    )
    from scanners.system.paths import data_dir

    try:
        ledger = _open_log()
    except (LedgerMissing, LedgerTampered, LedgerCorrupt) as exc:
        path = default_path()
        passphrase = get_passphrase(path, creating=False)
        if passphrase is None:
            raise NoPassphrase(tr("the audit log passphrase is needed to open the vault")
                               ) from None
        key = vault_key_from_slot(passphrase, path.parent)
        _say(tr("note: {what}", what=tr(str(exc))))
        _say(tr("note: the vault was opened with the passphrase and the log's key slot; what"
                " is restored now is not recorded in the log"))
        yield Vault(key, data_dir() / VAULT_DIR), None
        return
    with ledger:
        yield vault_for(ledger), ledger


def _vault_list(_args: argparse.Namespace) -> int:
    from scanners.actions.remediate import RemediationError
    from scanners.actions.vault import VaultError

    with _vault_and_log() as (vault, _ledger):
        try:
            index = vault.index()
        except VaultError as exc:
            raise RemediationError(str(exc)) from None
    if not index:
        print(tr("The vault is empty."))
        return EXIT_OK
    from scanners.system.columns import cell, width

    heads = (tr("ITEM"), tr("ADDED (UTC)"), tr("SIZE"))
    w = [max(n, width(h)) for h, n in zip(heads, (16, 19, 10), strict=True)]
    print(f"{cell(heads[0], w[0])}  {cell(heads[1], w[1])}  {cell(heads[2], w[2], right=True)}"
          f"  {tr('ORIGINAL PATH')}")
    for item, e in sorted(index.items(), key=lambda kv: str(kv[1].get("added"))):
        print(f"{cell(item, w[0])}  {cell(str(e.get('added', ''))[:19].replace('T', ' '), w[1])}"
              f"  {cell(str(e.get('size', 0)), w[2], right=True)}"
              f"  {e.get('shown') or e.get('path', '')}")
    return EXIT_OK


def _vault_restore(args: argparse.Namespace) -> int:
    from scanners.actions.remediate import Outcome, Plan, RemediationError, Remediator
    from scanners.actions.vault import VaultError

    target = Path(args.to) if args.to else None
    with _vault_and_log() as (vault, ledger):
        if ledger is not None:
            r = Remediator(ledger, facts={})
            return _print_outcome(r.restore_from_vault(args.item, _confirmer(args.yes), target))
        try:
            entry = vault.index().get(args.item)
            if entry is None:
                raise RemediationError(tr("there is no item {item} in the vault"
                                          " (piaudit vault list)", item=args.item))
            where = str(target or entry.get("shown") or entry.get("path"))
            if not _confirmer(args.yes)(Plan("vault-restore", where,
                                             tr("Restore {item} to {path}", item=args.item,
                                                path=where))):
                return _print_outcome(Outcome("vault-restore", where, False,
                                              "not confirmed: nothing was done"))
            dest = vault.restore(args.item, target)
        except VaultError as exc:
            raise RemediationError(str(exc)) from None
        print(tr("{path} restored from the vault",
                 path=os.fsencode(dest).decode("utf-8", "backslashreplace")))
        return EXIT_OK
