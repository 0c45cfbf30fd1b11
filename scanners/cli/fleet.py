"""`piaudit fleet DIR` (the merged view of a collection), and what `piaudit scan` takes from
a fleet: `--policy FILE`, `--all-users`, and the policy's several outputs.

A policy's values are the defaults of the scan's options: a flag given on the command line
wins (`--exclude` adds to the policy's excludes). `--format` or `--output` on the command line
replace the policy's outputs altogether. Kept import-light: the fleet modules load in the
handlers.
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from scanners.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, run_handler, say
from scanners.system.language import tr
from scanners.system.textsafe import ERRORS, terminal

if TYPE_CHECKING:
    from scanners.audit_session import AuditOutcome, AuditSession
    from scanners.fleet.policy import Policy

# policy key -> (scan option's dest, how the value becomes the option's value)
_SCAN_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "scan.roots": ("paths", lambda v: [os.path.expanduser(p) for p in v]),
    "scan.scanners": ("scanners", ",".join),
    "scan.rules": ("rules", ",".join),
    "scan.default_excludes": ("no_default_excludes", lambda v: not v),
    "scan.cross_filesystems": ("cross_filesystems", bool),
    "scan.jobs": ("jobs", int),
    "scan.full": ("full", bool),
    "scan.all_occurrences": ("all_occurrences", bool),
    "scan.all_users": ("all_users", bool),
    "scan.log": ("no_log", lambda v: not v),
    "scan.quiet": ("quiet", bool),
    "thresholds.fail_above": ("fail_above", int),
}
_UNSET = object()


def add_scan_options(scan: argparse.ArgumentParser) -> None:
    scan.add_argument("--policy", metavar="FILE",
                      help="take the scan's options and outputs from a policy file (TOML;"
                           " docs/fleet.md); options given here win")
    scan.add_argument("--all-users", action="store_true",
                      help="read every local user's home, stores and permissions, findings"
                           " labelled by user (root or administrator only)")


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("fleet", help="merge many hosts' results (DIR/<host>/audit.json) into"
                                     " one ranked fleet view")
    p.add_argument("folder", metavar="DIR", help="the collection folder: DIR/<host>/audit.json")
    p.add_argument("--format", default="html", choices=("json", "html", "csv"))
    p.add_argument("--output", "-o", metavar="FILE", help="write the view here, not stdout")
    p.add_argument("--key", metavar="FILE",
                   help="the fleet key to verify every result's seal with (default:"
                        " PIAUDIT_FINGERPRINT_KEY_FILE; without one, results are not verified)")
    p.add_argument("--max-size", type=int, default=512, metavar="MB",
                   help="refuse a host result larger than this (default 512 MB)")
    p.set_defaults(fleet_handler=_fleet)

    t = sub.add_parser("osquery-table", help="turn a scan's JSON document into a SQLite"
                                             " database for osquery's automatic tables")
    t.add_argument("document", metavar="AUDIT_JSON", help="the `scan --format json` document")
    t.add_argument("--output", "-o", metavar="DB", required=True, help="the database to write")
    t.add_argument("--print-config", action="store_true",
                   help="also print osquery's auto_table_construction block for it")
    t.add_argument("--platform", metavar="NAME",
                   help="the osquery platform the printed block is for (linux, darwin, windows)")
    t.set_defaults(fleet_handler=_osquery_table)


def run(args: argparse.Namespace) -> int:
    from scanners.fleet.key import FingerprintKeyError

    return run_handler(args.fleet_handler, args, [
        (FingerprintKeyError, "error", EXIT_USAGE),
        (OSError, "error", EXIT_USAGE),
    ])


# --------------------------------------------------------------------------- piaudit fleet


def _fleet(args: argparse.Namespace) -> int:
    from scanners.fleet.collect import read_collection
    from scanners.fleet.key import FLEET_KEY_ENV, read_fleet_key
    from scanners.fleet.merge import merge
    from scanners.fleet.view_writers import write_view

    folder = Path(args.folder)
    if not folder.is_dir():
        say(tr("error: {folder} is not a folder", folder=terminal(str(folder))))
        return EXIT_USAGE
    if args.max_size <= 0:
        say(tr("error: --max-size takes a size in MB above 0"))
        return EXIT_USAGE
    key_file = args.key or os.environ.get(FLEET_KEY_ENV)
    key = read_fleet_key(key_file) if key_file else None
    try:
        collection = read_collection(folder, key, max_bytes=args.max_size * 1024 * 1024)
    except OSError as exc:
        say(tr("error: cannot read {folder}: {reason}", folder=terminal(str(folder)),
               reason=tr(str(exc.strerror or exc))))
        return EXIT_USAGE
    view = merge(collection)
    out = _open(args.output)
    try:
        write_view(view, args.format, out)
    finally:
        if out is not sys.stdout:
            out.close()
    for r in collection.rejected:
        say(terminal(tr("rejected {host}: {reason} ({file})", host=r.host, reason=tr(r.reason),
                        file=r.file)))
    say(tr("{hosts} host(s) merged, {shared} value(s) on several hosts, {rejected} result(s)"
           " rejected", hosts=len(view["hosts"]), shared=len(view["shared_values"]),
           rejected=len(collection.rejected)))
    if key is None:
        say(tr("note: results were not verified; give the fleet key (--key or {env}) to detect"
               " a result changed after collection", env=FLEET_KEY_ENV))
    return EXIT_FAILED if collection.rejected else EXIT_OK


def _osquery_table(args: argparse.Namespace) -> int:
    from scanners.fleet.collect import ResultRejected, read_result
    from scanners.fleet.osquery import config_text, write_database

    try:
        result = read_result("", Path(args.document))
    except ResultRejected as exc:
        say(terminal(tr("error: {file}: {reason}", file=args.document, reason=tr(str(exc)))))
        return EXIT_FAILED
    write_database(result.doc, args.output)
    if args.print_config:
        sys.stdout.write(config_text(os.path.abspath(args.output), args.platform))
    return EXIT_OK


def _open(path: str | None) -> TextIO:
    if not path or path == "-":
        return sys.stdout
    from scanners.system.private_files import open_private

    return open_private(path, errors=ERRORS)


# --------------------------------------------------------------------------- scan --policy


def explicit_options(build_parser: Callable[[], argparse.ArgumentParser],
                     argv: Sequence[str] | None) -> set[str]:
    """The scan options given on the command line (not left at their defaults)."""
    parser = build_parser()
    scan = _subparser(parser, "scan")
    # An option left at its default keeps a sentinel; a repeatable one (--exclude) appends
    # to its default list, so it keeps an empty list and counts as given once it has items.
    appending = {a.dest for a in scan._actions if isinstance(a, argparse._AppendAction)}
    scan.set_defaults(**{a.dest: [] if a.dest in appending else _UNSET
                         for a in scan._actions if a.dest != "help"})
    args = parser.parse_args(argv)
    return {k for k, v in vars(args).items()
            if v is not _UNSET and (k not in appending or v)}


def apply_policy(build_parser: Callable[[], argparse.ArgumentParser],
                 argv: Sequence[str] | None, args: argparse.Namespace) -> Policy:
    """Fill the scan's options that the command line left unset from `args.policy`
    (PolicyError, a ValueError, when the policy cannot be used)."""
    from scanners.fleet.policy import load_policy

    policy = load_policy(args.policy)
    given = explicit_options(build_parser, argv)
    for key, (dest, convert) in _SCAN_KEYS.items():
        value = policy.get(key)
        if value is not None and dest not in given:
            setattr(args, dest, convert(value))
    if policy.get("scan.exclude"):
        args.exclude = [*policy.get("scan.exclude"), *(args.exclude or [])]
    args.extra_outputs = []
    if policy.outputs and not given & {"format", "output"}:
        outputs = [(fmt, _output_path(pattern)) for fmt, pattern in policy.outputs]
        (args.format, args.output), args.extra_outputs = outputs[0], outputs[1:]
    return policy


def _output_path(pattern: str) -> str | None:
    """A policy output's path, its folder created (0700) when missing; None: stdout."""
    from scanners.fleet.policy import expand_output
    from scanners.system.paths import ensure_private_dir

    if pattern == "-":
        return None
    path = expand_output(pattern, host=socket.gethostname(), user=_user())
    parent = Path(path).parent
    if not parent.exists():
        ensure_private_dir(parent)
    return path


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def write_extra_outputs(args: argparse.Namespace, outcome: AuditOutcome,
                        session: AuditSession) -> None:
    """The policy's outputs after the first (which the scan wrote as its --format)."""
    for fmt, path in getattr(args, "extra_outputs", None) or []:
        out = _open(path)
        try:
            write_one(fmt, outcome, session, out, all_rows=bool(getattr(args, "all", False)))
        finally:
            if out is not sys.stdout:
                out.close()


def write_one(fmt: str, outcome: AuditOutcome, session: AuditSession, out: TextIO, *,
              all_rows: bool = False) -> None:
    from scanners.export import writers

    result, total = outcome.result, outcome.score
    if fmt in ("sarif", "ocsf"):
        from scanners.export import report

        key = session.context.redactor.key_info.to_dict()
        report.write_text(report.from_result(result, accepted=outcome.accepted,
                                             fingerprint_key=key), fmt, out)
    elif fmt == "json":
        writers.write_json(result, total, out, scan_id=outcome.scan_id, accepted=outcome.accepted,
                           started=outcome.started, stamp=json_stamp(session))
    elif fmt == "table":
        writers.write_table(result, total, out, limit=None if all_rows else writers.TABLE_LIMIT,
                            logged=outcome.logged)
    else:  # jsonl, csv: the records the scan would have streamed
        stream = writers.FindingStream(out, fmt)
        stream.ctx.scan, stream.ctx.accepted = outcome.scan_id, outcome.accepted
        stream.ctx.scanned_at = outcome.started or result.started.isoformat()
        stream.write_all(result.findings)


def json_stamp(session: AuditSession) -> Callable[[dict[str, object]], None]:
    """The fingerprint key's id (and, with a fleet key, the seal) for the JSON document."""
    from scanners.fleet.seal import stamp_for

    return stamp_for(session.context.redactor)


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]  # type: ignore[no-any-return]
    raise LookupError(name)
