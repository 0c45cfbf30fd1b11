"""The piaudit command line. `main(argv) -> int`: 0 done, 1 --fail-above exceeded, 2 usage error,
130 interrupted, 141 stdout closed early (`piaudit rules | head`: 128 + SIGPIPE, as a shell tool).

Its words follow the locale (LC_ALL, LC_MESSAGES, LANG) or `--lang`: scanners.system.language.

Heavy modules are imported inside the commands so `piaudit --version` stays instant.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from scanners import __version__
from scanners.cli.common import EXIT_FAILED as EXIT_FAIL_ABOVE
from scanners.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, say
from scanners.system.collector import few_passes
from scanners.system.language import argparse_words, locale_language, set_language, tr
from scanners.system.textsafe import ERRORS, terminal

if TYPE_CHECKING:
    from collections.abc import Callable

    from scanners.audit_session import AuditOutcome, AuditRequest, AuditSession, LogProblem
    from scanners.model import Finding, ScanResult


class UsageError(Exception):
    """A bad argument or setup problem: printed as one line, exit code 2."""


class _Formatter(argparse.HelpFormatter):
    """Help in the CLI's language: every help text and description is looked up when the help
    is written, so the subcommands of every module follow the locale (keyed by the English)."""

    def _expand_help(self, action: argparse.Action) -> str:
        if action.help:
            action.help = tr(action.help)
        return super()._expand_help(action)

    def _format_text(self, text: str) -> str:
        return super()._format_text(tr(text))

    def start_section(self, heading: str | None) -> None:
        # argparse puts a half-width ":" after a heading; a Chinese heading takes "："
        if heading and tr(": ") != ": ":
            heading = heading.rstrip(":") + "\0"
        super().start_section(heading)

    def format_help(self) -> str:
        return super().format_help().replace("\0:", "：")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="piaudit", description=tr("Find the personal data this computer holds."),
                epilog=tr("Environment variables: docs/environment.md."))
    p.add_argument("--version", action="version", version=f"piaudit {__version__}",
                   help=tr("show program's version number and exit"))
    p.add_argument("--lang", choices=LANG_CHOICES, dest="cli_lang",
                   help=tr("language of the messages (default: the locale, LANG/LC_ALL)"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser,
                           title=tr("commands"))

    scan = sub.add_parser(
        "scan", help=tr("scan folders (default: your home) and score the exposure"),
        description=tr("Without PATH: your home folder, its application stores (browsers,"
                       " credential files, messaging) and app permissions. With PATHs: only"
                       " those files and folders; add --stores or --permissions to audit the"
                       " home's stores or app permissions too."))
    scan.add_argument("paths", nargs="*", metavar="PATH", help=tr("files or folders to scan"))
    scan.add_argument("--stores", action="store_true",
                      help=tr("with PATHs: also read the home's application stores"))
    scan.add_argument("--permissions", action="store_true",
                      help=tr("with PATHs: also list the apps' permissions"))
    scan.add_argument("--format", default="table",
                      choices=("table", "json", "jsonl", "csv", "sarif", "ocsf"))
    scan.add_argument("--output", "-o", metavar="FILE",
                      help=tr("write results here, not stdout"))
    scan.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                      help=tr("worker processes (default: one per CPU core)"))
    scan.add_argument("--scanners", metavar="IDS",
                      help=tr("comma-separated scanner ids or prefixes (e.g. content)"))
    scan.add_argument("--rules", metavar="IDS",
                      help=tr("comma-separated rule ids or prefixes (e.g. identity,contact.email)"))
    scan.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                      help=tr("skip files or folders matching GLOB (repeatable)"))
    scan.add_argument("--no-default-excludes", action="store_true",
                      help=tr("also scan VCS objects, caches, node_modules, virtualenvs"))
    scan.add_argument("--cross-filesystems", action="store_true",
                      help=tr("descend into other mounted file systems"))
    scan.add_argument("--full", action="store_true",
                      help=tr("ignore the cache of unchanged files and read everything again"))
    scan.add_argument("--all-occurrences", action="store_true",
                      help=tr("list every occurrence; by default, beyond 50 of one rule in one"
                              " file (or archive) the rest are counted in a single finding"))
    scan.add_argument("--no-log", action="store_true",
                      help=tr("do not record this scan in the log"))
    scan.add_argument("--all", action="store_true",
                      help=tr("table: list every finding (default: the 50 most severe)"))
    scan.add_argument("--fail-above", type=int, metavar="SCORE",
                      help=tr("exit with code 1 when the exposure score is above SCORE (0-100)"))
    scan.add_argument("--quiet", "-q", action="store_true", help=tr("no progress on stderr"))
    scan.add_argument("--android-serial", metavar="SERIAL",
                      help=tr("with several phones attached, read only this one"
                              " (adb devices -l)"))
    scan.add_argument("--firefox-password-check", action="store_true",
                      help=tr("where libnss3 is missing, tell whether a Firefox/Thunderbird"
                              " primary password is set by decrypting key4.db's fixed test"
                              " constant with the empty password (never a saved login)"))
    from scanners.cli import fleet as fleet_cli  # --policy, --all-users and `piaudit fleet`

    fleet_cli.add_scan_options(scan)

    rules = sub.add_parser("rules",
                           help=tr("list the detection rules and their legal categories"))
    rules.add_argument("--format", default="table", choices=("table", "json"))

    from scanners.cli import (
        log as ledger_cli,  # import-light: the log's modules load in its handlers
    )

    ledger_cli.add_parsers(sub)
    from scanners.cli import report as report_cli  # reports, remediation, vault: also import-light

    report_cli.add_parsers(sub)
    from scanners.cli import revoke as revoke_cli  # revoking app permissions: import-light too

    revoke_cli.add_parsers(sub)
    fleet_cli.add_parsers(sub)
    from scanners.cli import demo as demo_cli  # training mode, the attacker's view: import-light

    demo_cli.add_parsers(sub)
    return p


def _safe_streams() -> None:
    """Never fail (or write bytes that are not UTF-8) on a path that is not valid UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors=ERRORS)


def main(argv: Sequence[str] | None = None) -> int:
    from scanners.system import private_files

    # SIGTERM/SIGHUP exit through finally blocks and exit hooks (private copies removed, the
    # pool stopped); a run killed outright earlier left its copies: remove them now.
    with private_files.exit_on_sigterm():
        private_files.sweep_stale()
        try:
            return _main(argv)
        except BrokenPipeError:
            # `piaudit scan | head`: the reader left; say nothing more, like other tools
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            return 141  # 128 + SIGPIPE, what a shell reports for a closed pipe


LANG_CHOICES = ("en", "zh")


def _wanted_language(argv: Sequence[str]) -> str:
    """`--lang X` before the command, else the locale's language."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if not arg.startswith("-"):
            break  # the command: what follows is its own (report --lang is the report's)
    return locale_language()


def _main(argv: Sequence[str] | None) -> int:
    _safe_streams()
    words = list(sys.argv[1:] if argv is None else argv)
    previous = set_language(_wanted_language(words))
    try:
        with argparse_words():
            return _run(words)
    finally:
        set_language(previous)


def _run(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "scan":
            if args.policy:
                from scanners.cli import fleet as fleet_cli

                try:
                    fleet_cli.apply_policy(build_parser, argv, args)
                except (ValueError, OSError) as exc:  # PolicyError: the key and its line
                    raise UsageError(str(exc)) from None
            with few_passes():
                return _scan(args)
        if args.command == "rules":
            return _rules(args)
        if getattr(args, "ledger_handler", None) is not None:
            from scanners.cli import log as ledger_cli

            return ledger_cli.run(args)
        if getattr(args, "report_handler", None) is not None:
            from scanners.cli import report as report_cli

            return report_cli.run(args)
        if getattr(args, "revoke_handler", None) is not None:
            from scanners.cli import revoke as revoke_cli

            return revoke_cli.run(args)
        if getattr(args, "fleet_handler", None) is not None:
            from scanners.cli import fleet as fleet_cli

            return fleet_cli.run(args)
        if getattr(args, "demo_handler", None) is not None:
            from scanners.cli import demo as demo_cli

            return demo_cli.run(args)
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"piaudit: {tr('error')}{tr(': ')}{exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)


def _open_output(path: str | None) -> TextIO:
    if not path:
        return sys.stdout
    from scanners.system.private_files import open_private

    try:  # 0600 whatever the umask: the results list where personal data lies
        return open_private(path, errors=ERRORS)
    except OSError as exc:
        raise UsageError(tr("cannot write {path}: {reason}", path=path,
                            reason=exc.strerror)) from None


def _scan(args: argparse.Namespace) -> int:
    from scanners.audit_session import AuditHooks, prepare_audit
    from scanners.cli.log import get_passphrase
    from scanners.detection.rules import RuleError

    request = _audit_request(args)
    progress = _ProgressLine(sys.stderr) if (not args.quiet and sys.stderr.isatty()) else None
    interrupts = _Interrupts(progress)
    stream = _FindingStream(args.format) if args.format in ("jsonl", "csv") else None
    hooks = AuditHooks(
        cancel=interrupts.cancel, progress=progress, on_finding=stream,
        passphrase=get_passphrase, on_log_problem=_log_problem_reporter(progress),
        on_started=interrupts.on_started, on_scanned=interrupts.on_scanned,
    )
    try:
        session = prepare_audit(request, hooks)
    except (RuleError, OSError, ValueError) as exc:  # ValueError: AuditRequestError too
        raise UsageError(str(exc)) from None
    out = _open_output(args.output)  # the output is open before the audit runs
    if stream is not None:
        stream.open(out, session)
        stream.on_reader_gone = interrupts.cancel.set
    try:
        outcome = session.run()
    finally:
        interrupts.on_scanned()  # also when the audit raised
    if stream is not None and stream.reader_gone:
        raise BrokenPipeError
    result, total = outcome.result, outcome.score
    if outcome.scan_id is not None and not args.quiet:
        say(tr("logged as scan #{id} (piaudit show {id})", id=outcome.scan_id))
    _write_results(args, outcome, out, session)
    if not args.quiet:
        _summary(result, total, sys.stderr, detailed=args.format != "table")
    if result.cancelled:
        return EXIT_INTERRUPTED
    if args.fail_above is not None and total.value > args.fail_above:
        return EXIT_FAIL_ABOVE
    return EXIT_OK


def _scan_roots(args: argparse.Namespace) -> list[Path]:
    """The folders to scan (default: home); a symbolic link is followed, and said."""
    # --all-users without PATH: every user's home (the audit session lists them)
    from scanners.system.paths import scan_home

    # The default is the home the stores come from (PIAUDIT_HOME), as docs/environment.md says.
    roots = [Path(p) for p in args.paths] or ([] if args.all_users else [scan_home()])
    for root in roots:
        if not os.path.lexists(root):
            raise UsageError(tr("no such file or directory: {path}", path=root))
        if os.path.islink(root):  # followed (the walk does), and said: never a silent skip
            target = os.path.realpath(root)
            print(terminal("piaudit: " + tr("{path} is a symbolic link: scanning {target}"
                                            " through it", path=root, target=target)),
                  file=sys.stderr)
    return roots


def _scanner_ids(args: argparse.Namespace) -> list[str]:
    """--scanners, else every scanner for the home folder; for other PATHs only the files
    scanner, plus the home's stores and app permissions when --stores or --permissions ask
    (a folder scan must not report the home's SSH key or browser logins)."""
    chosen = _id_list(args.scanners)
    extra = [kind for kind, wanted in (("stores", args.stores),
                                       ("permissions", args.permissions)) if wanted]
    if chosen:
        return chosen + [kind for kind in extra if kind not in chosen]
    if not args.paths or getattr(args, "all_users", False) or _names_home(args.paths):
        return []  # all of them (--all-users asks for every home's stores and permissions)
    return ["content", *extra]


def _names_home(paths: Sequence[str]) -> bool:
    """Whether one of `paths` is the home folder whose stores piaudit inventories."""
    from scanners.system.paths import scan_home

    home = scan_home()
    for p in paths:
        try:
            if os.path.samefile(p, home):
                return True
        except OSError:
            continue
    return False


def _audit_request(args: argparse.Namespace) -> AuditRequest:
    from scanners.audit_session import AuditRequest, Limits
    from scanners.cli.log import settings_from_args

    roots = _scan_roots(args)
    if args.jobs < 0:
        raise UsageError(tr("--jobs must be 0 (auto) or more"))
    if args.fail_above is not None and not 0 <= args.fail_above <= 100:
        raise UsageError(tr("--fail-above takes a score from 0 to 100"))
    return AuditRequest(
        roots=tuple(str(r) for r in roots), scanner_ids=tuple(_scanner_ids(args)),
        rule_ids=tuple(_id_list(args.rules)), jobs=args.jobs, excludes=tuple(args.exclude),
        use_default_excludes=not args.no_default_excludes,
        one_filesystem=not args.cross_filesystems, use_cache=not args.full,
        limits=Limits(max_findings_per_rule=0) if args.all_occurrences else None,
        android_serial=args.android_serial or None,
        nss_password_check=args.firefox_password_check, all_users=args.all_users,
        log=not args.no_log, settings=settings_from_args(args),
        # The score is computed only when something shows or keeps it: a quiet JSON-lines or
        # CSV run without the log (a pipeline) has no use for it, and it costs 5 µs a finding.
        compute_score=(args.format in ("json", "table") or not args.quiet
                       or args.fail_above is not None
                       or bool(getattr(args, "extra_outputs", None))),  # a policy's others
    )


class _FindingStream:
    """--format jsonl/csv: each finding is written as the audit reports it, as the one export
    record (scanners.export.records) with the log's scan id and accepted risks."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.session: AuditSession | None = None
        self.writer: Any = None
        self.started = ""
        # `scan --format jsonl | head`: the reader left. The engine would take the error for a
        # failed scanner and go on; the audit stops instead, and main() exits 141.
        self.reader_gone = False
        self.on_reader_gone: Callable[[], None] | None = None

    def open(self, out: TextIO, session: AuditSession) -> None:
        from datetime import UTC, datetime

        from scanners.export.records import FindingStream

        self.session, self.started = session, datetime.now(UTC).isoformat()
        self.writer = FindingStream(out, self.fmt)

    def __call__(self, f: Finding) -> None:
        if self.session is not None:  # the first finding: the log's start record is written
            ctx = self.writer.ctx
            ctx.scan, ctx.scanned_at = self.session.scan_id, self.session.started or self.started
            ctx.accepted, self.session = self.session.accepted, None
        if self.reader_gone:
            return
        try:
            self.writer.write(f)
        except BrokenPipeError:
            self.reader_gone = True
            if self.on_reader_gone is not None:
                self.on_reader_gone()


def _log_problem_reporter(progress: _ProgressLine | None) -> Callable[[LogProblem], None]:
    """What the scan says when the log cannot be opened or written."""
    from scanners.cli.log import SKIP_HINT

    def on_log_problem(problem: LogProblem) -> None:
        if progress is not None:
            progress.close()  # a line of its own, not appended to the progress line
        sentence = _problem_sentence(problem)
        if problem.kind == "not-opened":
            say(f"{sentence}{tr('; ')}{tr(SKIP_HINT)}")
        elif problem.kind == "declined":
            say(sentence)
        elif problem.kind == "facts":
            say(tr("warning: {problem}; piaudit fix will ask for a rescan", problem=sentence))
        else:
            say(tr("warning: {problem}", problem=sentence))

    return on_log_problem


def _problem_sentence(problem: LogProblem) -> str:
    """LogProblem.sentence() in the CLI's language."""
    reason = tr(problem.reason)
    if problem.kind in ("not-opened", "declined"):
        return tr("not logged: {reason}", reason=reason)
    if problem.kind == "stopped":
        return tr("the scan was not fully logged: {reason}", reason=reason)
    return tr("the scan's file states were not logged ({reason})", reason=reason)


class _Interrupts:
    """First Ctrl-C: stop cleanly and keep partial results; a second one aborts.

    Taken over only while the scanners run: a Ctrl-C at the log's passphrase prompt declines it.
    """

    def __init__(self, progress: _ProgressLine | None) -> None:
        self.cancel = threading.Event()
        self.progress = progress
        self.previous: list[object] = []

    def on_sigint(self, _sig: int, _frame: object) -> None:
        if self.cancel.is_set():
            raise KeyboardInterrupt
        self.cancel.set()
        print("\npiaudit: " + tr("stopping… (Ctrl-C again to abort)"), file=sys.stderr)

    def on_started(self) -> None:
        if _main_thread():
            self.previous.append(signal.signal(signal.SIGINT, self.on_sigint))

    def on_scanned(self, _result: ScanResult | None = None) -> None:
        while self.previous:
            signal.signal(signal.SIGINT, self.previous.pop())  # type: ignore[arg-type]
        if self.progress is not None:
            self.progress.close()


def _write_results(args: argparse.Namespace, outcome: AuditOutcome, out: TextIO,
                   session: AuditSession) -> None:
    """The whole-result formats (json, table, sarif, ocsf); then the output is closed, and a
    policy's further outputs are written."""
    from scanners.cli import fleet as fleet_cli
    from scanners.export import writers

    result, total = outcome.result, outcome.score
    if args.format in ("sarif", "ocsf"):
        from scanners.export import report

        key = session.context.redactor.key_info.to_dict()
        report.write_text(report.from_result(result, accepted=outcome.accepted,
                                             fingerprint_key=key), args.format,
                          out)
    elif args.format == "json":
        writers.write_json(result, total, out, scan_id=outcome.scan_id,
                           accepted=outcome.accepted, started=outcome.started,
                           stamp=fleet_cli.json_stamp(session))
    elif args.format == "table":
        writers.write_table(result, total, out, limit=None if args.all else writers.TABLE_LIMIT,
                            logged=outcome.logged)
    out.flush()
    if out is not sys.stdout:
        out.close()
    fleet_cli.write_extra_outputs(args, outcome, session)


def _id_list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _summary(result: object, total: object, err: TextIO, detailed: bool) -> None:
    from scanners.assessment.scoring import Score
    from scanners.model import ScanResult

    assert isinstance(result, ScanResult) and isinstance(total, Score)
    from scanners.assessment.coverage import coverage_of
    from scanners.export import table_words

    coverage = coverage_of(result)
    if detailed:
        s = result.stats
        band = (table_words.band(total.band) if coverage.complete
                else tr("incomplete audit, no band"))
        err.write("piaudit: " + tr(
            "{findings} finding(s), {files} file(s), {errors} error(s), score {score}/100"
            " ({band})", findings=len(result.findings), files=s.files_scanned + s.files_cached,
            errors=len(result.errors), score=total.value, band=band)
            + (tr(", interrupted") if result.cancelled else "") + "\n")
    _status_lines(result, err)
    if not coverage.complete:
        err.write(terminal("piaudit: " + tr("incomplete audit - {reasons}", reasons=tr("; ").join(
            table_words.coverage_reasons(coverage)))) + "\n")
    for e in result.errors[:20]:
        msg = f": {tr(e.message)}" if e.message else ""
        err.write(terminal(f"piaudit: {tr(e.reason)}: {e.location}{msg}") + "\n")
    if len(result.errors) > 20:
        err.write("piaudit: " + tr("… and {n} more error(s)", n=len(result.errors) - 20) + "\n")


def _status_lines(result: object, err: TextIO) -> None:
    """Say what could not be looked at: a missing tool must never read as "nothing found"."""
    from scanners.export.table_words import blind_spots
    from scanners.model import ScanResult

    assert isinstance(result, ScanResult)
    for line in blind_spots(result):
        err.write(terminal("piaudit: " + tr("not looked at - {what}", what=line)) + "\n")


class _ProgressLine:
    """A one-line progress display on a terminal's stderr, redrawn at most 10 times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.width = 0

    def __call__(self, p: object) -> None:
        from scanners.model import Progress

        assert isinstance(p, Progress)
        mb = p.bytes_done / 1e6
        head = "[" + tr("{files} files | {mb} MB | {findings} findings",
                        files=p.files_done, mb=f"{mb:.1f}", findings=p.findings) + "] "
        try:
            cols = os.get_terminal_size(self.stream.fileno()).columns
        except OSError:
            cols = 100
        from scanners.system.columns import cut, pad, width

        room = max(cols - width(head) - 1, 10)  # display columns: a Chinese word takes two
        current = terminal(p.current)  # a file name may hold ESC sequences or newlines
        line = cut(head + cut(current, room, keep_end=True), cols - 1)
        self.stream.write("\r" + pad(line, self.width))
        self.width = width(line)
        self.stream.flush()

    def close(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def _rules(args: argparse.Namespace) -> int:
    import json

    from scanners.detection.rules import RuleError, load_rules

    try:
        rules = load_rules()
    except RuleError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        json.dump(
            [
                {"id": r.id, "title": r.title, "title_zh": r.title_zh, "category": str(r.category),
                 "severity": r.severity.label, "validator": r.validator_name or None,
                 "context_required": r.require_context, "legal": r.legal}
                for r in rules
            ],
            sys.stdout, ensure_ascii=False, indent=2,
        )
        sys.stdout.write("\n")
        return EXIT_OK
    from scanners.export import table_words
    from scanners.system.columns import cell, width

    zh = table_words.current() == "zh"
    rows = [(r.id, (r.title_zh or r.title) if zh else r.title, table_words.category(r.category),
             table_words.severity(r.severity.label), r.validator_name or "-",
             table_words.legal(r.legal)) for r in rules]
    heads = (tr("RULE"), tr("NAME"), tr("CATEGORY"), tr("SEVERITY"), tr("VALIDATOR"))
    # each column as wide as its widest cell (a long id or name is cut with an ellipsis)
    caps = (40, 28, 12, 10, 22)
    widths = [min(cap, max(width(h), *(width(row[i]) for row in rows)))
              for i, (h, cap) in enumerate(zip(heads, caps, strict=True))]
    print(" ".join(cell(h, w) for h, w in zip(heads, widths, strict=True)),
          tr("LEGAL ANCHOR"))
    for row in rows:
        print(" ".join(cell(text, w) for text, w in zip(row, widths, strict=False)), row[-1])
    print("\n" + tr("{n} rules. Details: docs/detectors.md", n=len(rules)))
    return EXIT_OK
