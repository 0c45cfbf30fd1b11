"""Issue 11, data safety: private copies of databases are 0600 in a 0700 folder whatever the
umask, go away on every exit path piaudit controls (end of use, SIGTERM, SIGINT), are swept
at the next start after a kill -9, and the worker pool dies with its parent.

Real processes and real signals throughout; each scan runs with its own TMPDIR so that what
is left behind can be listed exactly.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from .helpers import ADULT_ID

RUN_NAME = re.compile(r"piaudit-run-(\d+)-(\d+)-[0-9a-f]{8}\Z")
ROOT = Path(__file__).resolve().parents[2]


def _db(path: Path, rows: int = 50) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (name TEXT, phone TEXT, note TEXT)")
        conn.executemany("INSERT INTO people VALUES (?, ?, ?)",
                         [("张三", "13812345678", "x" * 200)] * rows)
    return path


def _env(tmpdir: Path) -> dict[str, str]:
    return dict(os.environ, TMPDIR=str(tmpdir), PYTHONPATH=str(ROOT))


def _left_files(tmpdir: Path) -> list[str]:
    """Regular files anywhere under tmpdir (multiprocessing's pymp-* folder holds only a
    socket; anything regular would be a copy of something read)."""
    found = []
    for dirpath, _dirs, files in os.walk(tmpdir):
        for name in files:
            p = Path(dirpath) / name
            if stat.S_ISREG(os.lstat(p).st_mode):
                found.append(str(p.relative_to(tmpdir)))
    return found


def _runs(tmpdir: Path) -> list[str]:
    return [n for n in os.listdir(tmpdir) if n.startswith("piaudit-")]


def _wait_gone(procs: list[psutil.Process], seconds: float) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds
    alive = procs
    while time.monotonic() < deadline:
        alive = [p for p in procs if _running(p)]
        if not alive:
            break
        time.sleep(0.1)
    return alive


def _running(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# --------------------------------------------------------------------------- modes


def test_store_copy_is_0600_in_a_0700_run_folder_whatever_the_umask(tmp_path, monkeypatch):
    from scanners.sources.stores.common import sqlite_copy

    scratch = tmp_path / "t"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    db = _db(tmp_path / "History")
    (tmp_path / "History-wal").write_bytes(b"")  # a side file is copied too
    old = os.umask(0)  # the worst umask: anything left to it would be 0666/0777
    try:
        with sqlite_copy(db) as conn:
            assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 50
            (run,) = _runs(scratch)
            m = RUN_NAME.match(run)
            assert m and int(m[1]) == os.getpid()  # the owner's pid is in the name
            assert int(m[2]) == int(psutil.Process().create_time())  # and its start time
            folders = [Path(d) for d, _, _ in os.walk(scratch / run)]
            files = [Path(d) / f for d, _, fs in os.walk(scratch / run) for f in fs]
            assert {stat.S_IMODE(os.stat(d).st_mode) for d in folders} == {0o700}
            assert {f.name for f in files} >= {"store.sqlite", "store.sqlite-wal"}
            assert {stat.S_IMODE(os.stat(f).st_mode) for f in files} == {0o600}
    finally:
        os.umask(old)
    assert os.listdir(scratch) == []  # the copy and the run folder are gone after use


def test_content_scan_copy_of_a_database_is_private(tmp_path, monkeypatch):
    from scanners.base import Limits
    from scanners.sources.content.extract.sqlite import extract_sqlite
    from scanners.sources.content.parts import Source

    scratch = tmp_path / "t"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    db = _db(tmp_path / "app.db")
    old = os.umask(0)
    try:
        items = extract_sqlite(Source(str(db), db.stat().st_size, path=db), Limits())
        next(iter(items))  # the copy exists while the tables are read
        files = [Path(d) / f for d, _, fs in os.walk(scratch) for f in fs]
        assert files and {stat.S_IMODE(os.stat(f).st_mode) for f in files} == {0o600}
        items.close()  # type: ignore[attr-defined]
    finally:
        os.umask(old)
    assert os.listdir(scratch) == []


# --------------------------------------------------------------------------- signals


_HOLD_COPY = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from scanners.system import private_files
    from scanners.sources.stores.common import sqlite_copy

    with private_files.exit_on_sigterm():  # what `piaudit` (cli.main) runs under
        with sqlite_copy(Path(sys.argv[1])) as conn:
            print("ready", flush=True)
            time.sleep(60)
""")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_while_a_copy_is_open_removes_it(tmp_path, sig):
    scratch = tmp_path / "t"
    scratch.mkdir()
    db = _db(tmp_path / "Login Data")
    proc = subprocess.Popen([sys.executable, "-c", _HOLD_COPY, str(db)], env=_env(scratch),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        (run,) = _runs(scratch)
        assert _left_files(scratch)  # the plaintext copy is there now...
        proc.send_signal(sig)
        proc.wait(timeout=10)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode != 0
    if sig != signal.SIGINT:  # SIGINT ends in KeyboardInterrupt's traceback, as Python does
        assert proc.returncode == 128 + sig, proc.stderr.read() if proc.stderr else ""
    assert os.listdir(scratch) == []  # ...and gone, with its folder


def _corpus(root: Path, files: int, lines: int) -> Path:
    """Text files big enough that each keeps a worker busy a while, and some databases."""
    root.mkdir()
    line = f"身份证号 {ADULT_ID} 联系 13812345678 邮箱 zhang.san@example.com\n" * lines
    for i in range(files):
        (root / f"f{i:03d}.txt").write_text(line, encoding="utf-8")
    for i in range(4):
        _db(root / f"app{i}.sqlite", rows=5000)
    return root


def _scan(tmp_path: Path, scratch: Path, corpus: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scanners", "scan", str(corpus), "--jobs", "2", "--full",
         "--no-log", "-q", "--format", "jsonl", "-o", str(tmp_path / "out.jsonl")],
        env=_env(scratch), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def _mid_scan(proc: subprocess.Popen[str]) -> list[psutil.Process]:
    """Wait until the pool runs (resource tracker, forkserver, two workers); its processes."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        kids = parent.children(recursive=True)
        if len(kids) >= 4:
            time.sleep(0.3)  # the workers are into their first batches
            return parent.children(recursive=True)
        assert proc.poll() is None, "the scan ended before its pool could be seen"
        time.sleep(0.05)
    raise AssertionError("no worker pool appeared")


def test_kill_9_mid_scan_leaves_no_process_and_no_copy(tmp_path):
    scratch = tmp_path / "t"
    scratch.mkdir()
    corpus = _corpus(tmp_path / "corpus", files=40, lines=8000)
    proc = _scan(tmp_path, scratch, corpus)
    kids: list[psutil.Process] = []
    try:
        kids = _mid_scan(proc)
        proc.kill()  # SIGKILL: nothing in the process itself can run
        proc.wait(timeout=10)
        # the forkserver's watchdog sees its parent gone and exits; PR_SET_PDEATHSIG then
        # sends the workers SIGTERM, and the resource tracker ends with its last client
        alive = _wait_gone(kids, 5)
        assert not alive, [(p.pid, p.cmdline()[-1][:60]) for p in alive]
        assert _left_files(scratch) == []
        assert _runs(scratch) == []  # the workers removed their dead parent's folder
    finally:
        for p in kids:
            if _running(p):
                p.kill()
        proc.kill()
        proc.wait()


def test_sigterm_mid_scan_exits_cleanly(tmp_path):
    scratch = tmp_path / "t"
    scratch.mkdir()
    corpus = _corpus(tmp_path / "corpus", files=40, lines=8000)
    proc = _scan(tmp_path, scratch, corpus)
    kids: list[psutil.Process] = []
    try:
        kids = _mid_scan(proc)
        proc.terminate()
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 128 + signal.SIGTERM, err
        assert "Traceback" not in err
        alive = _wait_gone(kids, 5)
        assert not alive, [(p.pid, p.cmdline()[-1][:60]) for p in alive]
        assert _left_files(scratch) == []
        assert _runs(scratch) == []
        assert stat.S_IMODE((tmp_path / "out.jsonl").stat().st_mode) == 0o600
    finally:
        for p in kids:
            if _running(p):
                p.kill()
        proc.kill()
        proc.wait()


# --------------------------------------------------------------------------- the next start


def _dead_process() -> tuple[int, int]:
    """The pid and start time of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    started = int(psutil.Process(proc.pid).create_time())
    proc.kill()
    proc.wait()
    return proc.pid, started


def test_next_start_sweeps_folders_of_killed_runs_only(tmp_path):
    scratch = tmp_path / "t"
    scratch.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not piaudit's", encoding="utf-8")

    pid, started = _dead_process()
    dead = scratch / f"piaudit-run-{pid}-{started}-0123abcd"
    (dead / "store-1-deadbeef").mkdir(parents=True)
    (dead / "store-1-deadbeef" / "store.sqlite").write_bytes(b"SQLite format 3\x00plaintext")
    # a live process's folder (this test's), and one whose pid was reused by a live process
    me = psutil.Process()
    live = scratch / f"piaudit-run-{me.pid}-{int(me.create_time())}-4567abcd"
    live.mkdir()
    reused = scratch / f"piaudit-run-{me.pid}-{int(me.create_time()) - 3600}-89abcdef"
    reused.mkdir()
    # a link named like ours must be neither followed nor removed
    link = scratch / f"piaudit-run-{pid}-{started}-fedcba98"
    link.symlink_to(outside, target_is_directory=True)
    other_user = scratch / f"piaudit-run-{pid}-{started}-00000000"
    other_user.mkdir()
    if os.getuid() == 0:  # only root can make a folder another user owns
        os.chown(other_user, 65534, 65534)

    proc = subprocess.run([sys.executable, "-m", "scanners", "rules", "--format", "json"],
                          env=_env(scratch), capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    left = set(os.listdir(scratch))
    assert dead.name not in left and reused.name not in left
    assert live.name in left
    assert link.name in left and (outside / "keep.txt").exists()
    assert (other_user.name in left) == (os.getuid() == 0)


def _catches(pid: int, sig: int) -> bool:
    """Whether process `pid` has a handler for `sig` (Linux: SigCgt in /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (sig - 1) & 1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_desktop_window_quits_cleanly_on_sigterm(tmp_path):
    scratch = tmp_path / "t"
    scratch.mkdir()
    pid, started = _dead_process()
    stale = scratch / f"piaudit-run-{pid}-{started}-0123abcd"
    stale.mkdir()
    env = dict(_env(scratch), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "desktop"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        # ready once its SIGTERM handler is in place (before that, SIGTERM just kills)
        while not _catches(proc.pid, signal.SIGTERM):
            assert proc.poll() is None and time.monotonic() < deadline, "the window never came up"
            time.sleep(0.05)
        assert not stale.exists()  # the window's start swept the killed run's folder
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 128 + signal.SIGTERM, err  # through the exit hooks, not killed
    assert "Traceback" not in err
    assert _runs(scratch) == []
