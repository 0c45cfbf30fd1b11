"""Training mode on the command line (issue 18):

    piaudit demo create DIR [--seed N] [--scenario home|office|phone]
    piaudit demo scan DIR [--format table|json|jsonl|csv|sarif|ocsf|html] [--output F]
    piaudit demo profiles DIR [--format json|html] [--output F]
    piaudit demo fix DIR [--yes]
    piaudit profiles --confirm-own-data [--scan ID] [--format json|html] [--output F]

Every demo command works inside the sandbox only: its home, stores and phone, its own key,
log and cache (scanners.demo.session.inside); the user's own piaudit is never read or
written. `piaudit profiles` is the attacker's view of the user's own audit: it runs only
with an explicit confirmation, is recorded in the audit log, and shows masked values only.

Import-light: everything heavy loads inside the handlers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from scanners.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, run_handler, say, yes_answer
from scanners.system.language import tr

if TYPE_CHECKING:
    from scanners.assessment.linking import Profile
    from scanners.demo.sandbox import Sandbox
    from scanners.demo.session import FixStep

SCAN_FORMATS = ("table", "json", "jsonl", "csv", "sarif", "ocsf", "html")


class DemoRefused(Exception):
    """Nothing was done: a confirmation is missing."""


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    demo = sub.add_parser("demo", help="training mode: a synthetic leaky machine to audit, "
                                       "link up and fix (never your own data)")
    dsub = demo.add_subparsers(dest="demo_command", metavar="STEP", required=True,
                               parser_class=type(demo))
    p = dsub.add_parser("create", help="build a demo sandbox (the same bytes for one seed)")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--seed", type=int, default=1, metavar="N")
    p.add_argument("--scenario", default="home", choices=("home", "office", "phone"))
    p.set_defaults(demo_handler=_create)

    p = dsub.add_parser("scan", help="audit the sandbox with every scanner, in its own log")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--format", default="table", choices=SCAN_FORMATS)
    p.add_argument("--output", "-o", metavar="FILE", help="write here, not stdout")
    p.set_defaults(demo_handler=_scan)

    p = dsub.add_parser("profiles", help="the attacker's view: what the sandbox's findings "
                                         "link up to, one card per person (masked)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--format", default="json", choices=("json", "html"))
    p.add_argument("--output", "-o", metavar="FILE", help="write here, not stdout")
    p.set_defaults(demo_handler=_profiles)

    p = dsub.add_parser("fix", help="apply the recommended fixes to the sandbox (then scan "
                                    "again to see the score fall)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.set_defaults(demo_handler=_fix)

    p = sub.add_parser("profiles", help="the attacker's view of your own logged audit "
                                        "(needs --confirm-own-data; recorded in the log)")
    p.add_argument("--scan", default="latest", metavar="SCAN",
                   help="a scan id from piaudit history, or 'latest'")
    p.add_argument("--format", default="json", choices=("json", "html"))
    p.add_argument("--output", "-o", metavar="FILE", help="write here, not stdout")
    p.add_argument("--confirm-own-data", action="store_true",
                   help="I want to see how the findings about real people link up")
    p.set_defaults(demo_handler=_own_profiles)


def run(args: argparse.Namespace) -> int:
    from scanners.demo.sandbox import DemoError
    from scanners.ledger import LedgerError, LedgerTampered

    return run_handler(args.demo_handler, args, [
        ((DemoError, DemoRefused), "error", EXIT_USAGE),
        (LedgerTampered, "error", EXIT_FAILED),
        (LedgerError, "error", EXIT_USAGE),
    ])


def _out(path: str | None) -> TextIO:
    if not path:
        return sys.stdout
    from scanners.system.private_files import open_private
    from scanners.system.textsafe import ERRORS

    try:  # 0600 whatever the umask
        return open_private(path, errors=ERRORS)
    except OSError as exc:
        raise DemoRefused(tr("cannot write {path}: {reason}", path=path,
                             reason=tr(exc.strerror or ""))) from None


def _done(out: TextIO) -> None:
    out.flush()
    if out is not sys.stdout:
        out.close()


def _box(text: str) -> Sandbox:
    from scanners.demo.sandbox import open_sandbox

    return open_sandbox(Path(text))


# --------------------------------------------------------------------------------- create


def _create(args: argparse.Namespace) -> int:
    from scanners.demo.sandbox import create

    box = create(Path(args.dir), args.seed, args.scenario)
    say(tr("demo sandbox created in {root} (seed {seed}, scenario {scenario}): synthetic data"
           " only; next: piaudit demo scan {dir}", root=box.root, seed=args.seed,
           scenario=args.scenario, dir=args.dir))
    return EXIT_OK


# ----------------------------------------------------------------------------------- scan


def _scan(args: argparse.Namespace) -> int:
    from scanners.demo import session
    from scanners.export import table_words  # (scoring's words: not at every start-up)

    box = _box(args.dir)
    out = _out(args.output)
    try:
        outcome = session.scan(box)
        _write_scan(args.format, outcome, out)
    finally:
        _done(out)
    total = outcome.score
    say(tr("demo: {n} finding(s), score {score}/100 ({band}); logged in the sandbox as scan"
           " #{id}", n=len(outcome.result.findings), score=total.value,
           band=table_words.band(total.band), id=outcome.scan_id))
    return EXIT_OK


def _write_scan(fmt: str, outcome: Any, out: TextIO) -> None:
    from scanners.export import writers

    result, total = outcome.result, outcome.score
    if fmt in ("sarif", "ocsf", "html"):
        from scanners.export import report

        report.write_text(report.from_result(result, accepted=outcome.accepted,
                                             scan_id=outcome.scan_id), fmt, out)
    elif fmt == "json":
        writers.write_json(result, total, out, scan_id=outcome.scan_id,
                           accepted=outcome.accepted, started=outcome.started)
    elif fmt in ("jsonl", "csv"):
        from scanners.export.records import FindingStream

        stream = FindingStream(out, fmt)
        stream.ctx.scan, stream.ctx.accepted = outcome.scan_id, outcome.accepted
        stream.ctx.scanned_at = outcome.started or ""
        stream.write_all(result.findings)
    else:
        writers.write_table(result, total, out, logged=outcome.logged)


# ------------------------------------------------------------------------------- profiles

DEMO_NOTE = ("Synthetic demo data. Each card joins findings that share a value (an ID "
             "number, a card, a phone, a name) or sit in one record: facts harmless alone "
             "become a kit for fraud together. Every value is masked.")
OWN_NOTE = ("Your own audit. Each card joins findings that share a value or sit in one "
            "record. Every value is masked; this view was recorded in your audit log.")


def _profiles(args: argparse.Namespace) -> int:
    from scanners.demo import session

    box = _box(args.dir)
    if not _has_log(box):
        say(tr("the sandbox was not scanned yet: scanning it first"))
        session.scan(box)
    findings = session.latest_findings(box)
    _write_profiles(args, findings, "What an attacker can link up (demo)", DEMO_NOTE)
    return EXIT_OK


def _has_log(box: Sandbox) -> bool:
    from scanners.ledger import LOG_FILE

    return (box.data / LOG_FILE).exists()


def _write_profiles(args: argparse.Namespace, findings: list[Any], title: str,
                    note: str) -> list[Profile]:
    import json

    from scanners.assessment.linking import link, to_html, to_json

    people = link(findings)
    out = _out(args.output)
    try:
        if args.format == "html":
            out.write(to_html(people, title, note))
        else:
            json.dump(to_json(people), out, ensure_ascii=False, indent=2)
            out.write("\n")
    finally:
        _done(out)
    linked = sum(1 for p in people if p.sources >= 2)
    say(tr("{n} people, {linked} of them linked across two or more sources", n=len(people),
           linked=linked))
    return people


def _own_profiles(args: argparse.Namespace) -> int:
    if not args.confirm_own_data:
        raise DemoRefused(tr("this links the findings about real people (you, your contacts, "
                             "your customers) into profiles; add --confirm-own-data to see it "
                             "(masked, and recorded in your audit log), or try it on a "
                             "sandbox: piaudit demo create DIR"))
    from scanners.cli.report import _open_log, _scan_id

    with _open_log() as ledger:
        sid = _scan_id(ledger, args.scan)
        findings = list(ledger.findings(sid))
        ledger.record_event("attacker-view", {"scan": sid, "format": args.format,
                                              "confirmed": True})
        people = _write_profiles(args, findings, "What an attacker can link up", OWN_NOTE)
    say(tr("recorded in the audit log: the attacker's view of scan #{id} ({n} people)",
           id=sid, n=len(people)))
    return EXIT_OK


# ------------------------------------------------------------------------------------ fix


def _confirm(yes: bool) -> Any:
    def ask(steps: list[FixStep]) -> bool:
        print(tr("{n} fixes for the demo sandbox:", n=len(steps)), file=sys.stderr)
        for step in steps:
            print(f"  - {tr(step.description)}", file=sys.stderr)
        if yes:
            return True
        if not (sys.stdin is not None and sys.stdin.isatty()):
            raise DemoRefused(tr("this changes the sandbox: add --yes to confirm when not on a "
                                 "terminal"))
        return yes_answer(input(tr("Apply them? [y/N] ")))

    return ask


def _fix(args: argparse.Namespace) -> int:
    from scanners.demo import session
    from scanners.system.textsafe import terminal

    box = _box(args.dir)
    if not _has_log(box):
        say(tr("the sandbox was not scanned yet: scanning it first"))
        session.scan(box)
    results = session.fix(box, _confirm(args.yes))
    if not results:
        say(tr("not confirmed: nothing was changed"))
        return EXIT_OK
    for r in results:
        mark = tr("done") if r.done else tr("FAILED")
        print(terminal(f"{mark}{tr(': ')}{tr(r.step.description)}"
                       + ("" if r.done else tr(" ({reason})", reason=tr(r.message)))))
    failed = sum(1 for r in results if not r.done)
    say(tr("{done} fix(es) applied, {failed} failed; now: piaudit demo scan {dir}",
           done=len(results) - failed, failed=failed, dir=args.dir))
    return EXIT_OK if not failed else EXIT_FAILED
