"""The `content.files` scanner: personal data inside the files under the scan roots.

The parent process walks the tree and consults the cache; files to read go in small batches
to a pool of worker processes (one per core), whose outcomes stream back as they finish.
"""

from __future__ import annotations

import os
import queue
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from scanners.base import Limits, ScanContext
from scanners.detection.redact import Redactor
from scanners.detection.rules import load_rules
from scanners.model import Finding, Progress, ScanError
from scanners.sources.content.cache import ScanCache, findings_from, rows_of, rules_digest
from scanners.sources.content.walk import FileEntry, walk
from scanners.system.collector import few_passes, tune_worker
from scanners.system.paths import resources_dir
from scanners.system.private_files import (
    guard_pool_server,
    guard_worker,
    mark_pool_owner,
    run_folder,
)

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    # The readers (extractors, detector, Hyperscan) load where files are read: in the
    # workers (the forkserver preloads them) or on the first file of an inline scan. A
    # rescan that finds every file unchanged never loads them.
    from scanners.sources.content.filescan import FileOutcome, FileScanner

BATCH_FILES = 32
BATCH_BYTES = 512 * 1024  # small batches: first results (and progress) arrive quickly
IN_FLIGHT_PER_JOB = 3
LOOKAHEAD_FILES = 4096  # files walked ahead and dispatched costliest first
LOOKAHEAD_BYTES = 1 << 30
# A compressed container holds several times its size in text (a home corpus's zip: four
# times), so it is weighed as such when files are ordered: the costliest go first, and the
# last ones, while a worker may already be idle, are small.
_PACKED = frozenset((".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".jar", ".epub", ".docx",
                     ".xlsx", ".pptx", ".odt", ".ods", ".odp"))
_PACKED_WEIGHT = 4


def cost(entry: FileEntry) -> int:
    """What reading `entry` is expected to cost, in bytes of text."""
    dot = entry.path.rfind(".")
    if dot > entry.path.rfind(os.sep) and entry.path[dot:].lower() in _PACKED:
        return entry.size * _PACKED_WEIGHT
    return entry.size

# --- worker side -----------------------------------------------------------------------

_worker: FileScanner | None = None


@dataclass(frozen=True, slots=True)
class WorkerSetup:
    rules_dir: str
    rule_ids: tuple[str, ...]
    key: bytes
    limits: Limits
    today: date
    run_dir: str = ""  # the parent's private folder: database copies go there
    owner_pid: int = 0  # the parent: a worker does not outlive it


def _init_worker(setup: WorkerSetup) -> None:
    global _worker
    # First: a worker whose parent is killed (kill -9, a crash) must go too, and take the
    # copies it made with it; and Ctrl-C is the parent's to handle.
    guard_worker(setup.run_dir, setup.owner_pid)
    from scanners.sources.content.filescan import FileScanner

    rules = load_rules(Path(setup.rules_dir))
    if setup.rule_ids:
        rules = rules.select(setup.rule_ids)
    _worker = FileScanner(rules, Redactor(setup.key), setup.limits, setup.today)
    tune_worker()


# What a worker sends back for one file: its outcome without findings, and the findings as
# plain rows (the cache's compact form): one list of strings and numbers pickles several
# times faster than a dataclass with a dict per finding.
Packed = tuple["FileOutcome", list[list[object]]]


def _work(batch: list[FileEntry]) -> list[Packed]:
    assert _worker is not None, "worker not initialised"
    packed: list[Packed] = []
    for entry in batch:
        out = _worker.scan(entry)
        rows = rows_of(out.findings, share=True)
        out.findings = []
        packed.append((out, rows))
    return packed


def _unpack(packed: list[Packed]) -> list[Packed]:
    """The outcomes with their findings again, each with the rows they came from (what the
    cache stores: no need to make them a second time)."""
    for out, rows in packed:
        out.findings = findings_from(rows)
    return packed


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork is unsafe once threads exist (the GUI, the executor's own threads):
    # forkserver on Linux, spawn elsewhere.
    import multiprocessing

    mark_pool_owner()  # the forkserver (started below, or later) exits when we are gone
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        # The default preload is the caller's __main__, which re-runs an unguarded script in
        # the server; preloading the worker's own module instead is safe and starts faster.
        ctx.set_forkserver_preload(["scanners.sources.content.scanner",
                                    "scanners.sources.content.filescan"])
        return ctx
    return multiprocessing.get_context("spawn")


# The forkserver preloads this module: there (and only there) this starts the watchdog that
# ends the server when the process that started it is gone.
guard_pool_server()


# --- parent side -----------------------------------------------------------------------


class FilesScanner:
    id: ClassVar[str] = "content.files"
    title: ClassVar[str] = "Personal data in files"

    def applies(self, ctx: ScanContext) -> bool:
        return bool(ctx.roots)

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        cache = self._open_cache(ctx)
        jobs = ctx.jobs or os.cpu_count() or 1
        try:
            if jobs <= 1:
                yield from self._scan_inline(ctx, cache)
            else:
                yield from self._scan_pool(ctx, cache, jobs)
        finally:
            if cache is not None:
                cache.close()

    # -- shared pieces --

    def _open_cache(self, ctx: ScanContext) -> ScanCache | None:
        if ctx.cache_path is None:
            return None
        from scanners import __version__

        digest = rules_digest(ctx.rules_dir or resources_dir() / "rules",
                              f"{__version__}:{','.join(r.id for r in ctx.rules)}")
        try:
            return ScanCache(ctx.cache_path, digest, ctx.redactor.key_bytes())
        except Exception as exc:  # a broken cache must not stop a scan
            ctx.error(ScanError(self.id, str(ctx.cache_path), "cache", str(exc)))
            return None

    def _entries(self, ctx: ScanContext) -> Iterator[FileEntry]:
        # Folders too: their names are scanned (once each) like the files' names.
        entries = walk(ctx.roots, ctx.excludes, ctx.one_filesystem, ctx.error, ctx.skip,
                       ctx.check, folders=True)
        data = os.fspath(ctx.data_folder) if ctx.data_folder is not None else None
        inside = data.rstrip(os.sep) + os.sep if data else None
        for entry in entries:
            if entry.folder:
                yield entry
                continue
            if (entry.dev, entry.ino) in ctx.claimed:
                ctx.skip(entry.display, "read-as-store")  # one finding, from its store
            elif (entry.dev, entry.ino, entry.size, entry.mtime_ns) in ctx.own_outputs:
                ctx.skip(entry.display, "piaudit-output")  # our own redacted copy
            elif inside is not None and entry.path.startswith(inside):
                ctx.skip(entry.display, "piaudit-data")  # the log, cache and vault
            else:
                yield entry

    def _cached(
        self, ctx: ScanContext, cache: ScanCache | None, entry: FileEntry
    ) -> list[Finding] | None:
        if cache is None or not ctx.use_cache:
            return None
        try:
            hit = cache.lookup(entry, ctx.today)
        except Exception:  # a row that cannot be read is a miss: the file is read again
            hit = None
        if hit is None:
            return None
        findings, errors, skipped, sha = hit
        if sha:
            ctx.file_hashes[entry.path] = sha  # keyed like Finding.file
        for err in errors:
            ctx.error(err)
        if skipped:
            ctx.skip(entry.display, skipped)  # counted as skipped, as when it was read
        elif any(e.unread for e in errors):
            ctx.stats.files_unread += 1
        elif not entry.folder:
            ctx.stats.files_cached += 1
        return findings

    def _absorb(
        self, ctx: ScanContext, cache: ScanCache | None, out: FileOutcome,
        rows: list[list[object]] | None = None,
    ) -> list[Finding]:
        for err in out.errors:
            ctx.error(err)
        if out.skipped:
            ctx.skip(out.entry.display, out.skipped)
        elif any(e.unread for e in out.errors):
            # (counted once, among the files that could not be read: coverage.py)
            ctx.stats.files_unread += 1
        elif not out.entry.folder:
            ctx.stats.files_scanned += 1
            ctx.stats.bytes_scanned += out.bytes_read
        if out.sha256:
            ctx.file_hashes[out.entry.path] = out.sha256  # keyed like Finding.file
        if cache is not None:
            try:
                cache.store(out.entry, out.findings, out.errors, out.skipped, out.valid_until,
                            out.sha256, rows)
            except Exception as exc:  # not remembered, still reported: one error for one file
                ctx.error(ScanError(self.id, out.entry.display, "cache", type(exc).__name__))
        return out.findings

    def _progress(self, ctx: ScanContext, current: str, found: int) -> None:
        s = ctx.stats
        ctx.report(Progress(
            scanner=self.id,
            files_done=s.files_scanned + s.files_cached + s.files_skipped + s.files_unread,
            bytes_done=s.bytes_scanned, current=current, findings=found,
        ))

    def _setup(self, ctx: ScanContext, run_dir: Path) -> WorkerSetup:
        return WorkerSetup(
            rules_dir=str(ctx.rules_dir or resources_dir() / "rules"),
            rule_ids=tuple(r.id for r in ctx.rules),
            key=ctx.redactor.key_bytes(),
            limits=ctx.limits,
            today=ctx.today,
            run_dir=str(run_dir),
            owner_pid=os.getpid(),
        )

    # -- one process --

    def _scan_inline(self, ctx: ScanContext, cache: ScanCache | None) -> Iterator[Finding]:
        scanner: FileScanner | None = None  # built on the first file the cache cannot answer
        found = 0
        last = 0.0
        for entry in self._entries(ctx):
            ctx.check()
            findings = self._cached(ctx, cache, entry)
            if findings is None:
                if scanner is None:
                    from scanners.sources.content.filescan import FileScanner

                    scanner = FileScanner(ctx.rules, ctx.redactor, ctx.limits, ctx.today)
                with few_passes():
                    outcome = scanner.scan(entry)
                findings = self._absorb(ctx, cache, outcome)
            found += len(findings)
            yield from findings
            ctx.check()
            now = time.monotonic()
            if now - last > 0.1:
                last = now
                self._progress(ctx, entry.display, found)
        self._progress(ctx, "", found)

    # -- a pool of processes --

    def _scan_pool(
        self, ctx: ScanContext, cache: ScanCache | None, jobs: int
    ) -> Iterator[Finding]:
        run = _PoolRun(self, ctx, cache, jobs)
        # Files are dispatched a window at a time, costliest first: an archive met last would
        # otherwise keep one worker busy while the other has nothing left (the walk puts
        # folders in name order, and big files are few). The first window is small, so that
        # the workers start on the first files; the next ones grow to thousands of files
        # (walking is cheap next to reading), so that most trees are ordered as a whole.
        ahead: list[FileEntry] = []
        ahead_bytes = 0
        window = BATCH_FILES
        try:
            for entry in self._entries(ctx):
                ctx.check()
                cached = self._cached(ctx, cache, entry)
                if cached is not None:
                    run.found += len(cached)
                    yield from cached
                    continue
                ahead.append(entry)
                ahead_bytes += entry.size
                if len(ahead) >= window or ahead_bytes >= LOOKAHEAD_BYTES:
                    yield from self._dispatch(run, ahead)
                    ahead, ahead_bytes = [], 0
                    window = min(window * 8, LOOKAHEAD_FILES)  # 32, 256, 2048, 4096 files
            yield from self._dispatch(run, ahead)
            while run.in_flight:
                yield from run.collect(block=True)
            self._progress(ctx, "", run.found)
        finally:
            run.close()

    def _dispatch(self, run: _PoolRun, entries: list[FileEntry]) -> Iterator[Finding]:
        """Batches of `entries`, costliest files first, to the pool (findings of finished
        batches are passed on meanwhile)."""
        entries.sort(key=cost, reverse=True)
        batch: list[FileEntry] = []
        batch_bytes = 0
        for entry in entries:
            batch.append(entry)
            batch_bytes += entry.size
            if len(batch) >= BATCH_FILES or batch_bytes >= BATCH_BYTES:
                run.submit(batch)
                batch, batch_bytes = [], 0
                yield from run.collect(block=run.in_flight >= run.max_in_flight)
        if batch:
            run.submit(batch)
            yield from run.collect(block=run.in_flight >= run.max_in_flight)

    def _outcomes(
        self,
        ctx: ScanContext,
        cache: ScanCache | None,
        entries: list[FileEntry],
        fut: Future[list[Packed]],
        resubmit: object,
    ) -> Iterator[list[Finding]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            outcomes = _unpack(fut.result())
        except BrokenProcessPool:
            # A worker died (crash, killed, out of memory) while holding this batch: the
            # culprit is unknown, so each of its files is reported rather than retried blindly.
            for entry in entries:
                ctx.error(ScanError(self.id, entry.display, "crashed",
                                    "the worker process scanning this file stopped"))
                ctx.stats.files_unread += 1
            return
        except Exception as exc:
            for entry in entries:
                ctx.error(ScanError(self.id, entry.display, "internal", type(exc).__name__))
                ctx.stats.files_unread += 1
            return
        for out, rows in outcomes:
            yield self._absorb(ctx, cache, out, rows)


def _unblock_manager(pool: ProcessPoolExecutor) -> None:
    """After its workers were stopped: a worker killed while writing its result leaves half a
    message in the result pipe, which the executor's manager thread would wait to complete
    for ever (this process holds the pipe's writing end too), and the call queue's feeder
    would wait to flush batches no worker reads. Closing the writing end turns the first wait
    into an end of file (the manager then stops as for a broken pool); the second is not
    waited for. (A Ctrl-C in `piaudit scan` once hung on exit so, after "stopping…".)"""
    call_queue = getattr(pool, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()


class _PoolRun:
    """One pool scan: the pool, the batches in flight, and what came back so far.

    The pool (and multiprocessing itself) starts with the first file the cache cannot
    answer: an unchanged rescan starts no process at all.
    """

    def __init__(
        self, scanner: FilesScanner, ctx: ScanContext, cache: ScanCache | None, jobs: int
    ) -> None:
        self.scanner, self.ctx, self.cache, self.jobs = scanner, ctx, cache, jobs
        self.max_in_flight = jobs * IN_FLIGHT_PER_JOB
        self.done: queue.Queue[tuple[list[FileEntry], Future[list[Packed]]]] = (
            queue.Queue())
        self.pool: ProcessPoolExecutor | None = None
        # The run's private folder, held while a pool exists: the workers' database copies
        # go there, and it is removed after them (or by the workers, if we are killed).
        self.holds = ExitStack()
        self.run_dir: Path | None = None
        self.in_flight = 0
        self.found = 0
        self.last = 0.0

    def _new_pool(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        if self.run_dir is None:
            self.run_dir = self.holds.enter_context(run_folder())
            # The rules' pattern database is compiled here once (seconds, after the rules
            # change) rather than by every worker at the same time; it is then on disk.
            from scanners.detection.prefilter import warm

            warm(self.ctx.rules.of_kind("pattern"))
        return ProcessPoolExecutor(self.jobs, _pool_context(), _init_worker,
                                   (self.scanner._setup(self.ctx, self.run_dir),))

    def submit(self, entries: list[FileEntry]) -> None:
        from concurrent.futures.process import BrokenProcessPool

        if self.pool is None:
            self.pool = self._new_pool()
        try:
            fut = self.pool.submit(_work, entries)
        except BrokenProcessPool:
            self.pool = self._new_pool()
            fut = self.pool.submit(_work, entries)
        self.in_flight += 1
        done = self.done
        fut.add_done_callback(lambda f: done.put((entries, f)))

    def collect(self, block: bool) -> Iterator[Finding]:
        """The findings of finished batches: all that are ready, or (block) until few are left."""
        ctx = self.ctx
        while self.in_flight:
            try:
                entries, fut = self.done.get(timeout=0.1) if block else self.done.get_nowait()
            except queue.Empty:
                if not block:
                    return
                ctx.check()
                continue
            self.in_flight -= 1
            for findings in self.scanner._outcomes(ctx, self.cache, entries, fut, self.submit):
                self.found += len(findings)
                yield from findings
                ctx.check()
            now = time.monotonic()
            if now - self.last > 0.1:
                self.last = now
                self.scanner._progress(ctx, entries[-1].display, self.found)
            if not block or self.in_flight < self.max_in_flight:
                return

    def close(self) -> None:
        pool = self.pool
        if pool is not None:
            # On cancel or error: stop the workers now, do not wait for queued batches.
            procs = list((getattr(pool, "_processes", None) or {}).values())
            if self.in_flight:  # interrupted: workers may be deep in a big file
                for proc in procs:
                    if proc.is_alive():
                        proc.terminate()
                for proc in procs:
                    proc.join(timeout=5)
                    if proc.is_alive():
                        proc.kill()
                        proc.join(timeout=5)
                _unblock_manager(pool)
            # Wait for the executor's manager thread (it sees the workers gone and
            # stops): one left running at interpreter exit makes concurrent.futures'
            # exit hook write to a closed pipe and print a traceback.
            pool.shutdown(wait=True, cancel_futures=True)
        self.holds.close()  # after the workers: what a stopped worker left goes with the folder
