"""make_context() and audit(): the scanners' run. Front ends call `audit_session.run_audit`,
which adds the log, accepted risks, the score and the file facts around it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from scanners import registry
from scanners.actions import own_outputs
from scanners.base import Limits, ScanCancelled, ScanContext, Scanner
from scanners.detection.redact import Redactor
from scanners.detection.rules import load_rules
from scanners.model import Finding, Progress, ScanError, ScannerStatus, ScanResult
from scanners.system.paths import data_dir, resources_dir, scan_home, sysroot, tool_path
from scanners.system.textsafe import safe_message

try:
    import tomllib
except ImportError:  # pragma: no cover - Python < 3.11 is not supported
    raise


def default_excludes() -> list[str]:
    path = resources_dir() / "content.toml"
    with open(path, "rb") as fh:
        return [str(p) for p in tomllib.load(fh).get("exclude", [])]


def make_context(
    roots: Sequence[Path] | None = None,
    *,
    rules_dir: Path | None = None,
    rule_ids: Sequence[str] = (),
    jobs: int = 0,
    excludes: Sequence[str] = (),
    use_default_excludes: bool = True,
    one_filesystem: bool = True,
    use_cache: bool = True,
    cache: bool = True,
    data: Path | None = None,
    today: date | None = None,
    cancel: threading.Event | None = None,
    progress: Callable[[Progress], None] | None = None,
    limits: Limits | None = None,
    pause: threading.Event | None = None,
    on_skip: Callable[[str, str], None] | None = None,
    android_serial: str | None = None,
    nss_password_check: bool = False,
    homes: Sequence[tuple[str, Path]] = (),
) -> ScanContext:
    """Build a ScanContext with the user's rules, key and defaults: complete, so that no front
    end sets anything on it afterwards (`audit_session.prepare_audit` is what they call)."""
    folder = data or data_dir()
    rules = load_rules(rules_dir)
    if rule_ids:
        rules = rules.select(rule_ids)
    patterns = (default_excludes() if use_default_excludes else []) + list(excludes)
    return ScanContext(
        roots=[Path(r) for r in (roots if roots else [Path.home()])],
        rules=rules,
        redactor=Redactor.for_user(folder),
        cancel=cancel or threading.Event(),
        pause=pause,
        progress=progress,
        on_skip=on_skip,
        jobs=jobs,
        excludes=patterns,
        one_filesystem=one_filesystem,
        use_cache=use_cache,
        cache_path=folder / "scan-cache.sqlite" if cache else None,
        today=today or date.today(),
        home=scan_home(),
        sysroot=sysroot(),
        tool_path=tool_path(),
        limits=limits or Limits(),
        rules_dir=rules_dir or resources_dir() / "rules",
        own_outputs=own_outputs.load(folder),
        data_folder=folder,
        android_serial=android_serial or None,
        nss_password_check=nss_password_check,
        homes=tuple(homes),
    )


def _findings(cls: type[Scanner], scanner: Scanner, ctx: ScanContext,
              status: ScannerStatus) -> Iterator[Finding] | None:
    """What one scanner finds (None: it does not apply here). With several homes
    (--all-users) a store or permission scanner runs in each, its findings labelled by user."""
    if ctx.homes:
        from scanners.sources.homes import label_by_home, per_home, reads_each_home

        if reads_each_home(cls.id):
            return per_home(cls, ctx, status)
        if not scanner.applies(ctx):
            return _not_applicable(status)
        return (label_by_home(f, ctx.homes) for f in scanner.scan(ctx))
    if not scanner.applies(ctx):
        return _not_applicable(status)
    return scanner.scan(ctx)


def _not_applicable(status: ScannerStatus) -> Iterator[Finding] | None:
    status.state = "not-applicable"
    if not status.notes:
        status.notes.append(("not-present", "nothing of this kind was found here"))
    return None


def audit(
    ctx: ScanContext,
    scanner_ids: Sequence[str] | None = None,
    on_finding: Callable[[Finding], None] | None = None,
    on_error: Callable[[ScanError], None] | None = None,
    access: bool = True,
) -> ScanResult:
    """Run the selected scanners; a scanner that raises becomes a ScanError, the rest go on.

    A cancel (ctx.cancel set, or Ctrl-C) stops the run; the result keeps what was found.
    `access` False: no access facts (`result.access` stays empty) for a caller that neither
    scores nor logs the audit (a JSON-lines pipeline): a stat and more per file with findings.
    """
    # Stores and permissions first: the file scan then skips the files they read (ctx.claimed),
    # so a browser database or an SSH key is one finding, not one per scanner.
    classes = sorted(registry.select(scanner_ids), key=lambda c: c.id.startswith("content."))
    result = ScanResult(
        started=datetime.now(UTC),
        roots=tuple(str(r) for r in ctx.roots),
        scanners=tuple(c.id for c in classes),
        stats=ctx.stats,
    )
    outer_error = ctx.on_error

    def record_error(err: ScanError) -> None:
        result.errors.append(err)
        if on_error is not None:
            on_error(err)
        if outer_error is not None:
            outer_error(err)

    ctx.on_error = record_error
    started = datetime.now(UTC)
    result.statuses = ctx.statuses
    try:
        for cls in classes:
            scanner = cls()
            status = ctx.statuses.setdefault(cls.id, ScannerStatus(cls.id))
            t0 = time.monotonic()
            try:
                found = _findings(cls, scanner, ctx, status)
                if found is None:
                    continue
                for finding in found:
                    result.findings.append(finding)
                    status.findings += 1
                    if on_finding is not None:
                        on_finding(finding)
            except (ScanCancelled, KeyboardInterrupt):
                result.cancelled = True
                status.state = "cancelled"
                break
            except Exception as exc:  # one broken scanner must not sink the audit
                message = safe_message(f"{type(exc).__name__}: {exc}")
                status.state = "failed"
                record_error(ScanError(cls.id, "", "internal", message))
            finally:
                status.seconds += time.monotonic() - t0
    finally:
        ctx.on_error = outer_error
        result.finished = datetime.now(UTC)
        result.stats.seconds = (result.finished - started).total_seconds()
        try:  # who else can read what was found, and its state for remediation later
            if access:
                from scanners.assessment.access import collect

                result.access = collect(result, known_hashes=ctx.file_hashes)
        except Exception:  # the facts refine the score; they never sink an audit
            pass
    return result
