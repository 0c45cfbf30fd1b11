"""One audit, start to finish: what every front end (CLI, desktop, fleet, demo) calls.

A front end describes the audit in an `AuditRequest` (plain data: what to look at and how),
says how to talk to it while it runs in `AuditHooks` (stop and pause, progress, findings as
they come, where the log's passphrase comes from), and gets an `AuditOutcome` back: the
result, its `Score` with the accepted risks left out, its coverage, and the log's id.

    outcome = run_audit(request, hooks)            # a passphrase callback opens the log
    outcome = run_audit(request, hooks, ledger=l)  # or a log the front end holds open

or in two steps, when the front end has something to do between checking the request and
running it (the CLI opens its output file; the desktop shows the scanners' states):

    session = prepare_audit(request, hooks)   # checks the request, builds the context
    outcome = session.run()                   # log start, audit, accepted risks, score,
                                              # file facts, log end (complete/partial/cancelled)

Nothing is asked from the user here: a passphrase prompt is the front end's callback, and a
log that cannot be opened or written is a `LogProblem` reported through a hook and kept in
the outcome. An audit is never stopped by its log.

Import-light (the engine, the log and scoring load when an audit is prepared or run): the
desktop imports the request type at start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from scanners.assessment.coverage import Coverage, coverage_of
from scanners.base import Limits  # part of the request: front ends set scan limits through it

if TYPE_CHECKING:
    from scanners.assessment.scoring import Acceptance, Score
    from scanners.base import ScanContext
    from scanners.ledger import AuditRecorder, Ledger
    from scanners.model import Finding, Progress, ScanError, ScanResult

__all__ = [
    "AuditHooks",
    "AuditOutcome",
    "AuditRequest",
    "AuditRequestError",
    "AuditSession",
    "Limits",
    "LogProblem",
    "PassphraseSource",
    "prepare_audit",
    "run_audit",
]


class AuditRequestError(ValueError):
    """The request cannot be run as asked (an unknown scanner, rules that match nothing)."""


@dataclass(frozen=True, slots=True)
class AuditRequest:
    """What to audit and how. Plain data: it can be kept, shown, compared and recorded."""

    roots: tuple[str, ...] = ()  # files or folders; empty: the user's home
    scanner_ids: tuple[str, ...] = ()  # ids or dotted prefixes ("content", "stores"); empty: all
    rule_ids: tuple[str, ...] = ()  # ids or prefixes ("identity", "contact.email"); empty: all
    jobs: int = 0  # worker processes; 0: one per CPU core, 1: in this process
    excludes: tuple[str, ...] = ()  # globs, on top of the default excludes
    use_default_excludes: bool = True  # VCS objects, caches, node_modules... (content.toml)
    one_filesystem: bool = True
    use_cache: bool = True  # False: read every file again (--full)
    limits: Limits | None = None  # None: base.Limits(); max_findings_per_rule=0 lists them all
    android_serial: str | None = None  # the one phone permissions.android reads; None: all
    # stores.firefox: where libnss3 is missing, may try the empty password on key4.db's fixed
    # check value (never a saved login); an opt-in
    nss_password_check: bool = False
    # every local user's home, stores and permissions (root or administrator only); the
    # roots default to their homes
    all_users: bool = False
    log: bool = True  # record the audit in the encrypted log
    settings: Mapping[str, Any] = field(default_factory=dict)  # choices recorded with it
    # False: nothing will show the score and the audit is not logged (a quiet pipeline), so
    # the findings are not scored and `AuditOutcome.score` is the score of nothing. A logged
    # audit is always scored.
    compute_score: bool = True
    data: Path | None = None  # piaudit's data folder (key, cache, log); None: paths.data_dir()
    today: date | None = None  # for ages (a child's ID); None: today


class PassphraseSource(Protocol):
    """Where the log's passphrase comes from: the log's path, and whether it is being created
    (a prompt asks twice then). None: no passphrase, the audit is not logged."""

    def __call__(self, path: Path, *, creating: bool) -> str | None: ...


LogProblemKind = Literal["not-opened", "declined", "stopped", "facts"]


@dataclass(frozen=True, slots=True)
class LogProblem:
    """Why an audit is not (fully) in the log. The audit itself ran regardless.

    kind: "not-opened" (no passphrase, a wrong one, a lost or unwritable log: the audit is
    not in the log), "declined" (the passphrase prompt was interrupted: not in the log),
    "stopped" (the log failed during the audit: its record is incomplete), "facts" (the
    findings are logged but not the files' states, so remediation will ask for a rescan).
    reason: one clause for people, e.g. "wrong passphrase".
    """

    kind: LogProblemKind
    reason: str

    @property
    def recorded(self) -> bool:
        """Whether the audit's findings are in the log all the same."""
        return self.kind == "facts"

    def sentence(self) -> str:
        if self.kind in ("not-opened", "declined"):
            return f"not logged: {self.reason}"
        if self.kind == "stopped":
            return f"the scan was not fully logged: {self.reason}"
        return f"the scan's file states were not logged ({self.reason})"


@dataclass(frozen=True, slots=True)
class AuditHooks:
    """How an audit talks to its front end. Every callback may be None.

    The scan callbacks (progress, on_finding, on_error, on_skip) run on the thread that runs
    the audit; `cancel` and `pause` may be set from any thread and act at once.
    """

    cancel: threading.Event | None = None  # set: stop; the outcome keeps what was found
    pause: threading.Event | None = None  # set: hold between files until cleared (or cancel)
    progress: Callable[[Progress], None] | None = None
    on_finding: Callable[[Finding], None] | None = None  # each finding as it is found
    on_error: Callable[[ScanError], None] | None = None  # each thing that could not be read
    on_skip: Callable[[str, str], None] | None = None  # (location, reason) of files not read
    passphrase: PassphraseSource | None = None  # opens the log when no ledger is given
    on_log_problem: Callable[[LogProblem], None] | None = None  # when it happens
    on_started: Callable[[], None] | None = None  # the log is open, the scanners start now
    # the scanners are done; the score and the log's end record follow
    on_scanned: Callable[[ScanResult], None] | None = None


@dataclass(frozen=True, slots=True)
class AuditOutcome:
    """What an audit found and what became of it."""

    result: ScanResult
    score: Score  # accepted risks left out
    coverage: Coverage  # complete, or why not: an incomplete audit has no band
    scan_id: int | None  # its id in the log; None when not logged (or the log failed)
    accepted: tuple[Acceptance, ...] = ()  # the log's accepted risks, left out of the score
    logged: bool = False  # a record of it was started in the log (see log_problems)
    log_problems: tuple[LogProblem, ...] = ()
    scanner_ids: tuple[str, ...] = ()  # the scanners this audit ran (registry order)
    started: str | None = None  # the log's start time of this audit (what reports show)

    @property
    def log_warning(self) -> str | None:
        """Why the audit is not (fully) in the log, as one clause; None when it is."""
        for problem in self.log_problems:
            if not problem.recorded:
                return problem.reason
        return None


class AuditSession:
    """One audit, checked and ready (`prepare_audit`); `run()` runs it, once."""

    def __init__(self, request: AuditRequest, hooks: AuditHooks, context: ScanContext,
                 scanner_ids: tuple[str, ...], ledger: Ledger | None) -> None:
        self.request = request
        self.hooks = hooks
        self.context = context  # live while it runs: statuses, stats (read, never set)
        self.scanner_ids = scanner_ids
        self._ledger = ledger
        self._problems: list[LogProblem] = []
        self._ran = False
        self.scan_id: int | None = None  # the log's id once run() has written the start record
        self.accepted: tuple[Acceptance, ...] = ()  # the log's accepted risks, read at the start
        self.started: str | None = None  # when the log's start record says the audit started

    # ---- the run

    def run(self) -> AuditOutcome:
        """Start the log, run the scanners, score, keep the file facts, finish the log."""
        if self._ran:
            raise RuntimeError("an audit session runs once")
        self._ran = True
        from scanners import engine

        req, hooks, ctx = self.request, self.hooks, self.context
        recorder = self._start_log() if req.log else None
        # known before the first finding: a front end streaming records writes them with both
        self.scan_id = recorder.scan_id if recorder is not None else None
        self.started = self._log_started(recorder)
        self.accepted = tuple(self._accepted(recorder))
        try:
            if hooks.on_started is not None:
                hooks.on_started()
            # (access facts feed the score and the log: a pipeline with neither needs none)
            result = engine.audit(ctx, list(req.scanner_ids) or None,
                                  on_finding=self._finding_sink(recorder),
                                  on_error=self._error_sink(recorder),
                                  access=req.compute_score or recorder is not None)
        except BaseException:
            if recorder is not None and recorder.close_ledger:
                recorder.ledger.close()  # its start record stays: the log shows "incomplete"
            raise
        if hooks.on_scanned is not None:
            hooks.on_scanned(result)
        from scanners.assessment import scoring  # here: a pipeline that never scores never loads it

        accepted = self.accepted
        scored = req.compute_score or recorder is not None
        total = scoring.score(result.findings if scored else [], access=result.access,
                              accepted=accepted)
        scan_id = None
        if recorder is not None:
            self._log_facts(recorder, result)
            summary = recorder.finish(result, total)  # complete, partial or cancelled
            scan_id = summary.id if summary is not None else None
        return AuditOutcome(result, total, coverage_of(result), scan_id, accepted,
                            logged=recorder is not None, log_problems=tuple(self._problems),
                            scanner_ids=self.scanner_ids, started=self.started)

    def _finding_sink(self, recorder: AuditRecorder | None) -> Callable[[Finding], None] | None:
        front = self.hooks.on_finding
        if recorder is None:
            return front
        record = recorder.on_finding
        if front is None:
            return record

        def both(finding: Finding) -> None:
            record(finding)
            front(finding)

        return both

    def _error_sink(self, recorder: AuditRecorder | None) -> Callable[[ScanError], None] | None:
        front = self.hooks.on_error
        if recorder is None:
            return front
        record = recorder.on_error
        if front is None:
            return record

        def both(error: ScanError) -> None:
            record(error)
            front(error)

        return both

    # ---- the log

    def _problem(self, kind: LogProblemKind, reason: str) -> None:
        problem = LogProblem(kind, reason)
        self._problems.append(problem)
        if self.hooks.on_log_problem is not None:
            self.hooks.on_log_problem(problem)

    def _start_log(self) -> AuditRecorder | None:
        """Write the audit's start record: in the given ledger (left open), or in the default
        log opened with the hooks' passphrase (closed at the end). None after a problem."""
        from scanners.ledger import AuditRecorder, LedgerError

        ctx = self.context
        ledger, own = self._ledger, False
        holder: list[AuditRecorder] = []

        def stopped(_text: str) -> None:  # the recorder failed mid-audit: it says so once
            failed = holder[0].failed if holder else None
            self._problem("stopped", str(failed) if failed is not None else _text)

        try:
            if ledger is None:
                ledger = self._open_log(ctx.data_folder)
                if ledger is None:
                    return None
                own = True
            try:
                # which key family fingerprinted this audit (its id, never the key)
                settings = {**self.request.settings,
                            "fingerprint_key": ctx.redactor.key_info.to_dict()}
                recorder = AuditRecorder(ledger, [str(r) for r in ctx.roots],
                                         list(self.scanner_ids), settings,
                                         warn=stopped, close_ledger=own)
            except BaseException:
                if own:
                    ledger.close()
                raise
            holder.append(recorder)
            return recorder
        except LedgerError as exc:
            self._problem("not-opened", str(exc))
        except OSError as exc:  # the data folder itself cannot be used
            self._problem("not-opened", f"cannot use the data folder ({exc.strerror or exc})")
        return None

    def _open_log(self, folder: Path | None) -> Ledger | None:
        from scanners.ledger import (
            LOG_FILE,
            Ledger,
            check_log_exists,
            default_path,
            slot_path,
        )

        path = folder / LOG_FILE if folder is not None else default_path()
        creating = not path.exists()
        if creating and slot_path(path).exists():
            # The log is gone but its key slot says it existed: say so before asking for a
            # passphrase "to create the log", which Ledger.open would then refuse anyway.
            check_log_exists(path)
        source = self.hooks.passphrase
        try:
            passphrase = source(path, creating=creating) if source is not None else None
        except (KeyboardInterrupt, EOFError):  # a prompt interrupted: scan without the log
            self._problem("declined", "no passphrase given")
            return None
        if passphrase is None:
            self._problem("not-opened", "no passphrase for the audit log")
            return None
        return Ledger.open(path, passphrase)

    def _log_started(self, recorder: AuditRecorder | None) -> str | None:
        """The start time the log recorded: every export of this audit says the same."""
        if recorder is None:
            return None
        from scanners.ledger import LedgerError

        try:
            return recorder.ledger.summary(recorder.scan_id, decrypt=False).started
        except LedgerError:
            return None

    def _accepted(self, recorder: AuditRecorder | None) -> list[Acceptance]:
        """The risks accepted in the log this audit is recorded in ([] without one)."""
        if recorder is None:
            return []
        from scanners.actions.remediate import accepted_risks
        from scanners.ledger import LedgerError

        try:
            return accepted_risks(recorder.ledger)
        except LedgerError:
            return []

    def _log_facts(self, recorder: AuditRecorder, result: ScanResult) -> None:
        """Keep each location's access facts: remediation checks files against them."""
        if recorder.failed is not None or not result.access:
            return
        from scanners.assessment.access import log_facts
        from scanners.ledger import LedgerError

        try:
            log_facts(recorder.ledger, recorder.scan_id, result.access)
        except LedgerError as exc:
            self._problem("facts", str(exc))


def prepare_audit(request: AuditRequest, hooks: AuditHooks | None = None, *,
                  ledger: Ledger | None = None) -> AuditSession:
    """Check the request and build its scan context; nothing is read or written yet.

    `ledger`: a log the caller holds open (the desktop's unlocked session) to record the
    audit in; it is not closed. Without one, a logged request opens the default log with
    `hooks.passphrase`. Raises AuditRequestError for a request that cannot run as asked,
    RuleError for broken rule files, OSError when the data folder cannot be used.
    """
    from scanners import engine, registry

    hooks = hooks or AuditHooks()
    try:
        classes = registry.select(list(request.scanner_ids) or None)
    except ValueError as exc:
        raise AuditRequestError(str(exc)) from None
    if request.jobs < 0:
        raise AuditRequestError("jobs must be 0 (one per CPU core) or more")
    homes = _all_users_homes() if request.all_users else ()
    roots = [Path(r) for r in request.roots] or [h for _, h in homes]
    ctx = engine.make_context(
        roots or None, rule_ids=request.rule_ids, homes=homes,
        jobs=request.jobs, excludes=request.excludes,
        use_default_excludes=request.use_default_excludes,
        one_filesystem=request.one_filesystem, use_cache=request.use_cache,
        data=request.data, today=request.today, cancel=hooks.cancel, pause=hooks.pause,
        progress=hooks.progress, on_skip=hooks.on_skip, limits=request.limits,
        android_serial=request.android_serial,
        nss_password_check=request.nss_password_check,
    )
    if request.rule_ids and not len(ctx.rules):
        raise AuditRequestError(f"no rule matches {', '.join(request.rule_ids)}")
    return AuditSession(request, hooks, ctx, tuple(c.id for c in classes), ledger)


def _all_users_homes() -> tuple[tuple[str, Path], ...]:
    """(user, home) of every local user; AuditRequestError when we may not read them."""
    from scanners.system.users import ADMIN_NEEDED, is_admin, local_users

    if not is_admin():
        raise AuditRequestError(ADMIN_NEEDED)
    users = local_users()
    if not users:
        raise AuditRequestError("--all-users: no local user with a home folder was found")
    return tuple((u.name, u.home) for u in users)


def run_audit(request: AuditRequest, hooks: AuditHooks | None = None, *,
              ledger: Ledger | None = None) -> AuditOutcome:
    """Prepare and run one audit (see `prepare_audit` and `AuditSession.run`)."""
    return prepare_audit(request, hooks, ledger=ledger).run()
