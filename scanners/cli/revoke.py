"""Revoking an app permission on the command line:

    piaudit revoke SCAN FINGERPRINT [--yes]

The grant is one a logged audit found (`piaudit export SCAN` lists them, with their
fingerprints). The exact command is shown first and runs only after the user confirms it
(or with --yes); it runs without a shell, with a time limit, and is recorded in the audit log
as the desktop app records it (scanners.actions.revoke).

Import-light: everything heavy loads inside the handler.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from scanners.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, run_handler, say, yes_answer
from scanners.system.language import tr

if TYPE_CHECKING:
    from scanners.actions.revoke import RevokeResult
    from scanners.model import Finding


class RevokeRefused(Exception):
    """Nothing was run: no such grant, no command for it, or no confirmation possible."""


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("revoke", help="revoke an app permission a logged audit found (shows the"
                                      " command and asks first; recorded in the log)")
    p.add_argument("scan", metavar="SCAN", help="the scan that found the grant, or 'latest'")
    p.add_argument("fingerprint", metavar="FINGERPRINT",
                   help="the grant's fingerprint (8+ characters; piaudit export SCAN)")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.set_defaults(revoke_handler=_revoke)


def run(args: argparse.Namespace) -> int:
    from scanners.ledger import LedgerError, LedgerTampered

    return run_handler(args.revoke_handler, args, [
        ((RevokeRefused, LedgerTampered), "error", EXIT_FAILED),
        (LedgerError, "error", EXIT_USAGE),
    ])


def find_grant(findings: list[Finding], prefix: str, scan_id: int) -> Finding:
    """The one grant of a scan whose fingerprint starts with `prefix`; RevokeRefused when
    there is none or the prefix fits several."""
    from scanners.actions.revoke import is_grant

    prefix = prefix.strip().lower()
    if len(prefix) < 8:
        raise RevokeRefused(tr("give at least 8 characters of the fingerprint"))
    found = [f for f in findings if is_grant(f) and f.fingerprint.startswith(prefix)]
    fps = {f.fingerprint for f in found}
    if not fps:
        raise RevokeRefused(tr("no app permission of scan #{id} has a fingerprint {prefix}…",
                               id=scan_id, prefix=prefix))
    if len(fps) > 1:
        raise RevokeRefused(tr("{n} app permissions have a fingerprint starting with {prefix}:"
                               " give more of it", n=len(fps), prefix=prefix))
    return found[0]


def describe(grant: Finding) -> str:
    d = grant.detail
    app = d.get("app_name") or d.get("app", "")
    device = d.get("device_name") or d.get("device", "")
    return tr("{permission} ({raw}) of {app} on {device}", permission=d.get("permission", ""),
              raw=d.get("raw", ""), app=app, device=device)


def confirm(yes: bool) -> bool:
    if yes:
        return True
    if not (sys.stdin is not None and sys.stdin.isatty()):
        raise RevokeRefused(tr("this changes an app's permissions: add --yes to confirm when"
                               " not on a terminal"))
    return yes_answer(input(tr("Run it? [y/N] ")))


def _revoke(args: argparse.Namespace) -> int:
    from scanners.actions.revoke import command_text, record_revoke, revocable_argv, run_revoke
    from scanners.cli.report import _open_log, _scan_id
    from scanners.ledger import LedgerError
    from scanners.system.textsafe import terminal

    with _open_log() as ledger:
        sid = _scan_id(ledger, args.scan)
        grant = find_grant(list(ledger.findings(sid)), args.fingerprint, sid)
        what = terminal(describe(grant))
        argv = revocable_argv(grant)
        if not argv:
            state = grant.detail.get("state", "")
            why = (tr("it is already denied") if state == "denied"
                   else tr("there is no command for it"))
            raise RevokeRefused(tr("{what} cannot be revoked from here ({why}); the step: {step}",
                                   what=what, why=why,
                                   step=terminal(grant.detail.get("revoke", ""))))
        print(tr("Revoke {what} by running:", what=what), file=sys.stderr)
        print(f"  {terminal(command_text(grant.detail['revoke_argv']))}", file=sys.stderr)
        print(tr("It runs without a shell, on this computer, and is recorded in the audit log."),
              file=sys.stderr)
        if not confirm(args.yes):
            say(tr("not confirmed: nothing was run"))
            return EXIT_OK
        result = run_revoke(argv)
        try:
            action = record_revoke(ledger, grant, result, sid)
        except LedgerError as exc:
            say(tr("warning: the revoke was not recorded in the audit log: {reason}",
                   reason=tr(str(exc))))
            action = None
    print(outcome_text(result))
    if action is not None:
        say(tr("recorded as action #{id}", id=action))
    return EXIT_OK if result.ok else EXIT_FAILED


def outcome_text(result: RevokeResult) -> str:
    from scanners.system.textsafe import terminal

    if result.ok:
        return tr("Revoked. Scan again to see the change.")
    if result.reason == "not-found":
        return tr("The command was not found: {what}", what=terminal(result.message))
    if result.reason == "timeout":
        return tr("The command did not finish in time ({what}).", what=result.message)
    if result.reason == "failed":
        return tr("The command failed (exit code {code}): {what}", code=result.returncode,
                  what=terminal(result.message))
    return tr("The command could not be run: {what}", what=terminal(result.message))
