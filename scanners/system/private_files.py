"""Files piaudit creates: private to the user whatever the umask, and never left behind.

Two kinds (issue 11, "Data safety"; docs/engine.md, "What piaudit leaves on disk"):

- Outputs that list findings (``scan --output``, ``report --output``, exports): written
  through `open_private`, so they are 0600 whether new or overwritten.
- Private copies of databases (SQLite stores, SQLite files met by the content scan, NSS's
  key4.db): made in one private folder per run, ``$TMPDIR/piaudit-run-<pid>-<start>-<rand>``
  (0700, its files 0600, created O_EXCL|O_NOFOLLOW). The folder is removed by `private_dir`
  blocks as they end, by `cleanup` at exit (an exit hook; `exit_on_sigterm` makes SIGTERM and
  SIGHUP exit through it), by pool workers when the process that owns it dies, and - after
  a kill -9 nothing can catch - by `sweep_stale` at the next start, which removes folders of
  ours whose owner (pid and start time, so a reused pid does not fool it) is gone.

Pool processes die with their parent: `guard_worker` (PR_SET_PDEATHSIG on Linux, and a
watchdog thread everywhere) and `guard_pool_server` (a watchdog in the forkserver).
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

PREFIX = "piaudit-run-"
_NAME = re.compile(r"piaudit-run-(\d+)-(\d+)-[0-9a-f]{8}\Z")
OWNER_ENV = "PIAUDIT_POOL_OWNER"  # the pid a pool's forkserver must outlive no longer than
WATCH_SECONDS = 0.25  # how often a pool process looks whether its parent is still there

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO in a file's place must not block a copy

# ---------------------------------------------------------------------------- outputs


@overload
def open_private(path: str | os.PathLike[str], mode: Literal["w"] = "w", *,
                 encoding: str = "utf-8", newline: str | None = "",
                 errors: str | None = None) -> TextIO: ...
@overload
def open_private(path: str | os.PathLike[str], mode: Literal["wb"], *,
                 encoding: str = "utf-8", newline: str | None = "",
                 errors: str | None = None) -> BinaryIO: ...
def open_private(path: str | os.PathLike[str], mode: str = "w", *, encoding: str = "utf-8",
                 newline: str | None = "", errors: str | None = None) -> IO[Any]:
    """Open `path` for writing (mode "w" or "wb") as a file only its owner can read.

    A new file is created 0600 and an existing regular file is narrowed to 0600 before it
    is emptied: the umask (often 022) never decides, since what is written lists where
    personal data lies. Something that is not a regular file (/dev/stdout, a FIFO) is
    written as it is: its mode is not ours to change.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"open_private writes only: mode {mode!r}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | _O_CLOEXEC | _O_BINARY, 0o600)
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode):
            _fchmod(fd, 0o600)  # O_CREAT's mode is filtered by the umask and ignored if it existed
            os.ftruncate(fd, 0)
        if mode == "wb":
            return os.fdopen(fd, "wb")
        return os.fdopen(fd, "w", encoding=encoding, newline=newline, errors=errors)
    except BaseException:
        os.close(fd)
        raise


def _fchmod(fd: int, mode: int) -> None:
    if hasattr(os, "fchmod"):  # not on Windows before 3.13, where modes mean little anyway
        os.fchmod(fd, mode)


def create_private(path: Path) -> int:
    """A new file at `path`, 0600, never through a link and never an existing file: its fd."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC
                 | _O_BINARY, 0o600)
    try:
        _fchmod(fd, 0o600)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_private(path: Path, data: bytes) -> None:
    """`data` into a new private file (see create_private)."""
    with os.fdopen(create_private(path), "wb") as out:
        out.write(data)


def copy_private(src: Path, dst: Path, *, follow: bool = True) -> None:
    """Copy the regular file `src` to a new private file `dst`.

    `follow=False` refuses a symbolic link at `src` (a database's side files: a -wal that
    is a link to elsewhere is not the database's). Raises OSError.
    """
    flags = os.O_RDONLY | _O_CLOEXEC | _O_BINARY | _O_NONBLOCK | (0 if follow else _O_NOFOLLOW)
    with open(os.open(src, flags), "rb") as fin:
        if not stat.S_ISREG(os.fstat(fin.fileno()).st_mode):
            raise OSError(f"{src.name}: not a regular file")
        with os.fdopen(create_private(dst), "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)


# ---------------------------------------------------------------------------- the run folder

_lock = threading.Lock()
_run: Path | None = None
_run_pid = 0  # the process that made or adopted _run (a forked child must not act on it)
_owner = False  # True when this process made _run, and removes it at exit
_owner_pid = 0  # whose folder _run is (the pool's parent, for a worker)
_live: dict[str, None] = {}  # this process's private folders still in use (ordered set)
_pins = 0  # blocks using the run folder (run_folder); at 0 it is removed
_hooked = False


def _start_time(pid: int) -> int:
    import psutil  # a dependency; imported here so that starting piaudit stays light

    return int(psutil.Process(pid).create_time())


def _mkdir_private(parent: Path, stem: str) -> Path:
    for _ in range(100):
        path = parent / f"{stem}{secrets.token_hex(4)}"
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask: set it whatever it is
        return path
    raise FileExistsError(f"no free private folder name in {parent}")


def _ensure_run() -> Path:
    global _run, _run_pid, _owner, _owner_pid
    pid = os.getpid()
    if _run is not None and _run_pid == pid:
        return _run
    sweep_stale()
    base = Path(tempfile.gettempdir())
    _run = _mkdir_private(base, f"{PREFIX}{pid}-{_start_time(pid)}-")
    _run_pid, _owner, _owner_pid = pid, True, pid
    _hook()
    return _run


@contextmanager
def run_folder() -> Iterator[Path]:
    """This run's private folder in the temp dir, kept while the block runs.

    Made when first needed; removed, with anything left in it, when the last block using it
    ends (a scan's pool holds it for its workers' copies). So between scans nothing is left.
    """
    global _run, _pins
    with _lock:
        path = _ensure_run()
        _pins += 1
    try:
        yield path
    finally:
        with _lock:
            _pins -= 1
            if _pins == 0 and _owner and _run_pid == os.getpid() and _run is not None:
                _remove(_run)
                _run = None


def adopt(path: Path, owner_pid: int) -> None:
    """Use the run folder of `owner_pid` (a pool worker: its parent's), without owning it."""
    global _run, _run_pid, _owner, _owner_pid
    with _lock:
        _run, _run_pid, _owner, _owner_pid = path, os.getpid(), False, owner_pid
        _hook()


def _hook() -> None:
    global _hooked
    if not _hooked:
        atexit.register(cleanup)
        _hooked = True


@contextmanager
def private_dir(label: str = "copy") -> Iterator[Path]:
    """A new private folder (0700) inside the run folder, removed with all it holds after."""
    with run_folder() as run:
        path = _mkdir_private(run, f"{label}-{os.getpid()}-")
        _live[str(path)] = None
        try:
            yield path
        finally:
            _live.pop(str(path), None)
            _remove(path)


def _remove(path: Path) -> None:
    # rmtree never follows a link (and, where the OS allows, works through directory
    # descriptors, so a link swapped in meanwhile is not followed either)
    shutil.rmtree(path, ignore_errors=True)


def _open_folders() -> list[str]:
    for _ in range(5):  # another thread may be adding one right now
        try:
            return list(_live)
        except RuntimeError:
            continue
    return []


def cleanup() -> None:
    """Remove this process's private folders, and the run folder if this process made it
    (or if it was adopted and its owner is gone). Registered as an exit hook."""
    for path in _open_folders():
        _remove(Path(path))
        _live.pop(path, None)
    run = _run
    if run is None or _run_pid != os.getpid():
        return
    if _owner or not _alive(_owner_pid):
        _remove(run)


# ---------------------------------------------------------------------------- stale folders


def _alive(pid: int, started: int | None = None) -> bool:
    """Whether process `pid` (started at `started`, when given) still runs; True if unsure."""
    import psutil

    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return started is None or abs(int(proc.create_time()) - started) <= 1
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:  # not allowed to look: keep what might be someone's
        return True


def sweep_stale(base: Path | None = None) -> list[Path]:
    """Remove the run folders of earlier runs that were killed before they could clean up.

    Only a real folder (never a link) named like ours, owned by this user, whose owner
    process (pid and start time) is gone. Returns what was removed.
    """
    folder = base or Path(tempfile.gettempdir())
    try:
        names = [(n, m) for n in os.listdir(folder) if (m := _NAME.match(n))]
    except OSError:
        return []
    uid = os.getuid() if hasattr(os, "getuid") else None
    removed: list[Path] = []
    for name, match in names:
        path = folder / name
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) or (uid is not None and st.st_uid != uid):
            continue
        if _alive(int(match[1]), int(match[2])):
            continue
        _remove(path)
        removed.append(path)
    return removed


# ---------------------------------------------------------------------------- signals


@contextmanager
def exit_on_sigterm() -> Iterator[None]:
    """Within this block, SIGTERM and SIGHUP end the process as SystemExit(128 + signal):
    every finally block and exit hook runs, so copies are removed and the pool stopped.

    A second signal while that cleanup runs removes the private folders and exits at once.
    Only the main thread can install handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = False

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        nonlocal fired
        if fired:
            cleanup()
            os._exit(128 + signum)
        fired = True
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, on_signal) for s in _term_signals()}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _term_signals() -> list[signal.Signals]:
    return [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]


# ---------------------------------------------------------------------------- pool processes


def _die(code: int) -> None:
    cleanup()
    os._exit(code)


def _on_worker_signal(signum: int, _frame: FrameType | None) -> None:
    # The pool stops a worker with SIGTERM (a cancelled scan), and so does PR_SET_PDEATHSIG
    # when the forkserver goes: remove this worker's copies, then go without unwinding
    # (an exception would only be sent back to a parent that may be gone).
    _die(128 + signum)


def _set_pdeathsig(signum: int) -> bool:
    """Linux: have the kernel send `signum` to this process when its parent dies."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return int(libc.prctl(pr_set_pdeathsig, int(signum), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(gone: Callable[[], bool], on_gone: Callable[[], None]) -> None:
    def loop() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if gone():
                on_gone()
                return

    threading.Thread(target=loop, name="piaudit-parent-watch", daemon=True).start()


def guard_worker(run: str | None, owner_pid: int) -> None:
    """In a pool worker (its initializer): go when the pool's parent goes.

    Ctrl-C on a terminal reaches the whole process group: the worker ignores it, the parent
    decides (it stops the pool). SIGTERM removes the worker's copies and exits. The kernel
    sends SIGTERM when the worker's parent (the forkserver, or the owner itself under
    spawn) dies; a watchdog thread covers other systems and the race before prctl.
    """
    if run:
        adopt(Path(run), owner_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_worker_signal)
    parent = os.getppid()
    _set_pdeathsig(signal.SIGTERM)
    import psutil

    try:
        owner: psutil.Process | None = psutil.Process(owner_pid)
    except psutil.Error:
        owner = None

    def gone() -> bool:
        if os.getppid() != parent or owner is None:
            return True
        try:
            return not owner.is_running() or owner.status() == psutil.STATUS_ZOMBIE
        except psutil.Error:
            return True

    _watch(gone, lambda: _die(128 + signal.SIGTERM))


def mark_pool_owner() -> None:
    """In the process about to start a pool: let its forkserver know whom to outlive not."""
    os.environ[OWNER_ENV] = str(os.getpid())


def guard_pool_server() -> None:
    """In a module the forkserver preloads: exit when the process that started it is gone.

    The forkserver's parent is the pool's owner; it is watched, not PR_SET_PDEATHSIG'd,
    because that fires when the *thread* that started the server ends (a GUI scan thread),
    not the process. Does nothing in any other process (its parent is not the owner).
    """
    owner = os.environ.get(OWNER_ENV, "")
    if not owner.isdigit() or os.getppid() != int(owner):
        return
    # the owner's other children inherit the variable too: only the server itself is guarded
    if "multiprocessing.forkserver" not in sys.modules or sys.argv[:1] != ["-c"]:
        return
    parent = int(owner)
    _watch(lambda: os.getppid() != parent, lambda: os._exit(0))
