"""Remediation never destroys what it was not asked to act on (issue 11).

Each test reproduces an attack or accident that broke an earlier version: a "!" in a file
name, a name swapped for a symbolic link after the scan (also while acting), hard links,
concurrent vault adds, a full disk, a large file, and a kill in the middle of a vault.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from scanners import engine
from scanners.actions.remediate import FileChanged, RemediationError, Remediator, vault_for
from scanners.actions.vault import Vault, VaultError
from scanners.assessment.access import log_facts
from scanners.assessment.scoring import score

from .helpers import ADULT_ID, OTHER_ID
from .ledger_helpers import _no_real_keyring, open_log  # noqa: F401

YES = lambda plan: True  # noqa: E731
REPO = Path(__file__).resolve().parents[2]


def _scan_and_log(log, root: Path):
    result = engine.audit(engine.make_context([root], jobs=1, cache=False), ["content"])
    sid = log.begin_scan([str(root)], ["content.files"])
    log.add_findings(sid, result.findings)
    log_facts(log, sid, result.access)
    log.finish_scan(sid, result, score(result.findings, access=result.access))
    return sid, result


@pytest.fixture
def log(data_dir):
    ledger = open_log(data_dir)
    yield ledger
    ledger.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- "!" in a name


def test_bang_in_a_file_name_acts_on_that_file_only(tmp_path, log):
    home = tmp_path / "home"
    home.mkdir()
    bang = home / "notes!old.txt"
    bang.write_text(f"id {ADULT_ID}\n")
    notes = home / "notes"
    notes.write_text(f"id {OTHER_ID}\n")
    before = notes.read_bytes()
    sid, result = _scan_and_log(log, home)
    f = next(f for f in result.findings if f.location == str(bang))
    assert f.file == str(bang) and f.member == ""
    out = Remediator(log, sid).run("delete", str(bang), YES)
    assert out.done
    assert not bang.exists()
    assert notes.read_bytes() == before  # the earlier version shredded "notes"
    action = log.actions()[-1]
    assert action["location"] == str(bang)
    from scanners.actions.vault import decode_path

    assert decode_path(action["detail"]["file_b64"]) == str(bang)


def test_member_of_an_archive_is_kept_apart_from_its_file(tmp_path, log):
    import zipfile

    home = tmp_path / "home"
    home.mkdir()
    z = home / "a!b.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("in!side.txt", f"id {ADULT_ID}\n")
    sid, result = _scan_and_log(log, home)
    f = next(f for f in result.findings if f.member)
    assert f.file == str(z) and f.member == "in!side.txt"
    assert f.location == f"{z}!in!side.txt"
    logged = next(g for g in log.findings(sid) if g.member)
    assert (logged.file, logged.member) == (str(z), "in!side.txt")
    # the member is not a file: actions refuse it and name the container
    with pytest.raises(RemediationError, match="container"):
        Remediator(log, sid).run("delete", f, YES)
    assert z.exists()


# ---------------------------------------------------------------- symbolic links


def _victim(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "root-only.conf"
    victim.write_text("precious\n")
    victim.chmod(0o640)
    return victim


@pytest.mark.parametrize("kind", ["delete", "vault", "redact", "restrict"])
def test_name_replaced_by_a_symlink_is_refused(tmp_path, log, kind):
    home = tmp_path / "home"
    home.mkdir()
    victim = _victim(tmp_path)
    target = home / "ids.txt"
    target.write_text(f"id {ADULT_ID}\n")
    sid, _ = _scan_and_log(log, home)
    target.unlink()
    target.symlink_to(victim)
    before, mode = victim.read_bytes(), victim.stat().st_mode
    with pytest.raises(FileChanged):
        Remediator(log, sid, vault_dir=tmp_path / "vault").run(kind, str(target), YES)
    assert victim.read_bytes() == before and victim.stat().st_mode == mode
    assert target.is_symlink()
    assert not list((tmp_path / "home").glob("*.redacted*"))
    assert [a for a in log.actions() if a["kind"] == kind] == []


def test_folder_on_the_way_replaced_by_a_symlink_is_refused(tmp_path, log):
    home = tmp_path / "home"
    (home / "docs").mkdir(parents=True)
    victim_dir = tmp_path / "outside"
    victim_dir.mkdir()
    target = home / "docs" / "ids.txt"
    target.write_text(f"id {ADULT_ID}\n")
    sid, _ = _scan_and_log(log, home)
    # the same file (same inode even) now sits in a folder outside, reached through a link
    os.rename(target, victim_dir / "ids.txt")
    shutil.rmtree(home / "docs")
    (home / "docs").symlink_to(victim_dir)
    with pytest.raises(FileChanged, match=r"symbolic link|plain folder"):
        Remediator(log, sid).run("delete", str(target), YES)
    assert (victim_dir / "ids.txt").exists()


def test_file_outside_the_scanned_roots_is_refused(tmp_path, log):
    home = tmp_path / "home"
    home.mkdir()
    (home / "ids.txt").write_text(f"id {ADULT_ID}\n")
    sid, _ = _scan_and_log(log, home)
    # the log lists home as the root: a Remediator told of other roots finds it outside
    r = Remediator(log, sid, roots=[str(tmp_path / "elsewhere")])
    with pytest.raises(FileChanged, match="outside the scanned folders"):
        r.run("delete", str(home / "ids.txt"), YES)
    assert (home / "ids.txt").exists()


def test_racing_symlink_swaps_never_reach_the_outside_file(tmp_path, log):
    """An attacker swaps the name between the file and a link while actions run."""
    home = tmp_path / "home"
    home.mkdir()
    victim = _victim(tmp_path)
    real = home / "ids.txt"
    real.write_text(f"id {ADULT_ID}\n" * 50)
    sid, _ = _scan_and_log(log, home)
    keep = home / ".keep"
    os.link(real, keep)  # the attacker's own copy of the real inode to swap back in
    link = home / ".link"
    link.symlink_to(victim)
    stop = threading.Event()

    def swap() -> None:
        spare = home / ".spare"
        while not stop.is_set():
            os.symlink(victim, spare)
            os.replace(spare, real)  # the name is now a link to the victim
            os.link(keep, spare)
            os.replace(spare, real)  # and the real file again

    t = threading.Thread(target=swap, daemon=True)
    t.start()
    before = victim.read_bytes()
    r = Remediator(log, sid, vault_dir=tmp_path / "vault")
    try:
        for _ in range(40):
            for kind in ("restrict", "redact", "vault", "delete"):
                try:
                    r.run(kind, str(real), YES)
                except (FileChanged, RemediationError, OSError):
                    pass
    finally:
        stop.set()
        t.join()
    assert victim.read_bytes() == before
    assert oct(victim.stat().st_mode & 0o777) == oct(0o640)


# ---------------------------------------------------------------- hard links


@pytest.mark.parametrize("kind", ["delete", "vault"])
def test_hard_linked_file_loses_only_its_name(tmp_path, log, kind):
    home = tmp_path / "home"
    home.mkdir()
    backup = tmp_path / "snapshot"
    backup.mkdir()
    target = home / "ids.txt"
    target.write_text(f"id {ADULT_ID}\n")
    os.link(target, backup / "ids.txt")
    content = target.read_bytes()
    sid, _ = _scan_and_log(log, home)
    out = Remediator(log, sid, vault_dir=tmp_path / "vault").run(kind, str(target), YES)
    assert out.done and "hard link" in out.message
    assert not target.exists()
    assert (backup / "ids.txt").read_bytes() == content  # the earlier version zeroed it
    if kind == "vault":
        r = Remediator(log, sid, vault_dir=tmp_path / "vault")
        r.undo(out.action_id, YES)
        assert target.read_bytes() == content


# ---------------------------------------------------------------- the vault


def test_concurrent_vault_adds_all_stay_restorable(tmp_path):
    folder = tmp_path / "vault"
    key = os.urandom(32)
    src = tmp_path / "src"
    src.mkdir()
    n = 6
    for i in range(n):
        (src / f"f{i}.txt").write_bytes(f"file {i}\n".encode() * 1000)
    code = textwrap.dedent("""
        import hashlib, sys
        from pathlib import Path
        from scanners.actions.vault import Vault
        key, folder, path = bytes.fromhex(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
        data = path.read_bytes()
        v = Vault(key, folder)
        for _ in range(5):
            v.add([data], path=str(path), mode=0o644, size=len(data), mtime_ns=1,
                  sha256=hashlib.sha256(data).hexdigest(), scan_id=None)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code, key.hex(), str(folder),
                               str(src / f"f{i}.txt")], cwd=REPO) for i in range(n)]
    assert all(p.wait(60) == 0 for p in procs)
    v = Vault(key, folder)
    index = v.index()
    assert len(index) == n * 5
    assert not list(folder.glob("*.tmp"))
    for item, entry in index.items():
        want = (src / Path(entry["path"]).name).read_bytes()
        assert b"".join(v.chunks(item)) == want


def test_vault_items_describe_themselves(tmp_path):
    """Nothing but the items and the key is needed to list and restore the vault."""
    key = os.urandom(32)
    v = Vault(key, tmp_path / "vault")
    data = os.urandom(3 * (1 << 20) + 17)  # several chunks and a partial one
    name = os.fsdecode(b"/tmp/caf\xe9-\xff.bin")  # a name that is not UTF-8
    item = v.add([data[i:i + 1000000] for i in range(0, len(data), 1000000)], path=name,
                 mode=0o640, size=len(data), mtime_ns=123, sha256=hashlib.sha256(data).hexdigest(),
                 scan_id=7)
    fresh = Vault(key, tmp_path / "vault")
    entry = fresh.index()[item]
    assert entry["path"] == name and entry["size"] == len(data) and entry["scan"] == 7
    out = tmp_path / "restored.bin"
    fresh.restore(item, out)
    assert out.read_bytes() == data and (out.stat().st_mode & 0o777) == 0o640
    assert item not in fresh.index()


def test_vault_detects_dropped_or_reordered_chunks(tmp_path):
    key = os.urandom(32)
    v = Vault(key, tmp_path / "vault")
    data = os.urandom((1 << 20) * 2 + 5)
    item = v.add([data[:1 << 20], data[1 << 20:2 << 20], data[2 << 20:]], path="/x", mode=0o600,
                 size=len(data), mtime_ns=1, sha256=hashlib.sha256(data).hexdigest(), scan_id=None)
    path = tmp_path / "vault" / f"{item}.vault"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - 40])  # cut off the last chunk's end
    with pytest.raises(VaultError, match="truncated"):
        v.digest(item)
    with pytest.raises(VaultError):
        v.restore(item, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_vault_refuses_a_file_that_changes_while_sealing(tmp_path):
    v = Vault(os.urandom(32), tmp_path / "vault")
    with pytest.raises(VaultError, match="changed"):
        v.add([b"abc"], path="/x", mode=0o600, size=3, mtime_ns=1,
              sha256=hashlib.sha256(b"abd").hexdigest(), scan_id=None)
    assert list((tmp_path / "vault").iterdir()) == []


def _unshare_ok() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run([unshare, "-Urm", "true"], capture_output=True)
    return probe.returncode == 0


def test_full_disk_gives_one_line_and_leaves_nothing(tmp_path, data_dir):
    """Vault onto a 2 MiB tmpfs a 3 MiB file: a one-line error, no partial item, original kept."""
    assert _unshare_ok(), "this test needs unshare -Urm (util-linux) to mount a small tmpfs"
    home = tmp_path / "home"
    home.mkdir()
    big = home / "ids.txt"
    big.write_bytes((f"id {ADULT_ID}\n" + "x" * 100 + "\n").encode() * 25000)
    content = big.read_bytes()
    small = tmp_path / "small"
    small.mkdir()
    script = textwrap.dedent(f"""
        import os, subprocess, sys
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", {str(small)!r}],
                       check=True)
        from scanners import engine
        from scanners.assessment.access import log_facts
        from scanners.ledger import Ledger
        from scanners.actions.remediate import Remediator, RemediationError
        from pathlib import Path
        home = Path({str(home)!r})
        log = Ledger.open(Path({str(data_dir)!r}) / "full-disk.db", "pw pw pw pw", kdf_n=2**10)
        result = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
        sid = log.begin_scan([str(home)], ["content.files"])
        log.add_findings(sid, result.findings)
        log_facts(log, sid, result.access)
        log.finish_scan(sid, result, None)
        try:
            Remediator(log, sid, vault_dir=Path({str(small)!r}) / "vault").run(
                "vault", {str(big)!r}, lambda p: True)
        except RemediationError as exc:
            print("ERROR:", exc)
        print("LEFT:", sorted(os.listdir(Path({str(small)!r}) / "vault")))
    """)
    out = subprocess.run(["unshare", "-Urm", sys.executable, "-c", script], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stdout + out.stderr
    lines = [line for line in out.stdout.splitlines() if line.startswith("ERROR:")]
    assert len(lines) == 1 and "disk is full" in lines[0], out.stdout
    assert "\n" not in lines[0]
    assert "LEFT: []" in out.stdout or "LEFT: ['.lock']" in out.stdout, out.stdout
    assert big.read_bytes() == content


def test_vaulting_a_large_file_keeps_memory_bounded(tmp_path):
    """128 MiB through the vault and back in a child: its peak RSS grows by far less."""
    code = textwrap.dedent("""
        import hashlib, os, resource, sys
        from pathlib import Path
        from scanners.actions.safefile import open_checked, Seen
        from scanners.actions.vault import Vault
        src, folder = Path(sys.argv[1]), Path(sys.argv[2])
        with open(src, "wb") as fh:
            block = os.urandom(1 << 20)
            h = hashlib.sha256()
            for _ in range(128):
                fh.write(block); h.update(block)
        st = src.stat()
        seen = Seen(st.st_size, st.st_mtime_ns, h.hexdigest(), st.st_dev, st.st_ino)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        v = Vault(os.urandom(32), folder)
        with open_checked(str(src), [str(src.parent)], seen) as t:
            item = v.add(t.chunks(), path=str(src), mode=0o600, size=st.st_size,
                         mtime_ns=st.st_mtime_ns, sha256=h.hexdigest(), scan_id=None)
        src.unlink()
        v.restore(item)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print((peak - base) // 1024)
    """)
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "big.bin"),
                          str(tmp_path / "vault")], cwd=REPO, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    grew_mib = int(out.stdout.strip().splitlines()[-1])
    assert grew_mib < 48, f"peak memory grew by {grew_mib} MiB for a 128 MiB file"


def test_large_file_is_checked_by_hash_not_only_size_and_mtime(tmp_path, log):
    """Over 256 MiB the earlier version compared size and mtime only."""
    from scanners.assessment.access import facts_for

    home = tmp_path / "home"
    home.mkdir()
    big = home / "export.txt"
    with open(big, "wb") as fh:
        fh.write(f"id {ADULT_ID}\n".encode())
        fh.truncate(257 << 20)  # sparse: cheap to make, as large as it says to read
    facts = facts_for(str(big))
    assert facts.sha256 is not None
    st = big.stat()
    with open(big, "r+b") as fh:
        fh.seek(200 << 20)
        fh.write(b"X")
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns))
    r = Remediator(log, None, facts={str(big): facts}, roots=[str(home)])
    with pytest.raises(FileChanged, match="content differs"):
        r.run("restrict", str(big), YES)


# ---------------------------------------------------------------- kill -9 mid-vault


def test_kill_during_vault_leaves_the_original_or_a_restorable_item(tmp_path, data_dir):
    home = tmp_path / "home"
    home.mkdir()
    target = home / "ids.txt"
    line = f"id {ADULT_ID}\n".encode()
    payload = line + os.urandom(48 << 20)
    target.write_bytes(payload)
    want = hashlib.sha256(payload).hexdigest()
    db = data_dir / "kill.db"
    prep = textwrap.dedent(f"""
        from pathlib import Path
        from scanners import engine
        from scanners.assessment.access import log_facts
        from scanners.ledger import Ledger
        log = Ledger.open(Path({str(db)!r}), "pw pw pw pw", kdf_n=2**10)
        result = engine.audit(engine.make_context([Path({str(home)!r})], jobs=1, cache=False),
                              ["content"])
        sid = log.begin_scan([{str(home)!r}], ["content.files"])
        log.add_findings(sid, result.findings)
        log_facts(log, sid, result.access)
        log.finish_scan(sid, result, None)
        print(sid)
    """)
    act = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from scanners.ledger import Ledger
        from scanners.actions.remediate import Remediator
        log = Ledger.open(Path({str(db)!r}), "pw pw pw pw", kdf_n=2**10)
        print("go", flush=True)
        Remediator(log, int(sys.argv[1]), vault_dir=Path({str(tmp_path / 'vault')!r})).run(
            "vault", {str(target)!r}, lambda p: True)
        print("done", flush=True)
    """)
    sid = subprocess.run([sys.executable, "-c", prep], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=120).stdout.split()[-1]
    key_code = textwrap.dedent(f"""
        from pathlib import Path
        from scanners.ledger import Ledger
        print(Ledger.open(Path({str(db)!r}), "pw pw pw pw", kdf_n=2**10).subkey("vault").hex())
    """)
    key = bytes.fromhex(subprocess.run([sys.executable, "-c", key_code], cwd=REPO,
                                       capture_output=True, text=True, check=True).stdout.strip())
    outcomes = set()
    for delay in (0.05, 0.2, 0.4, 0.7, 1.0, 1.5):
        if not target.exists():
            break
        p = subprocess.Popen([sys.executable, "-c", act, sid], cwd=REPO, stdout=subprocess.PIPE,
                             text=True)
        assert p.stdout is not None
        p.stdout.readline()  # "go": the log is open, the action starts now
        time.sleep(delay)
        p.kill()
        p.wait()
        v = Vault(key, tmp_path / "vault")
        items = v.index()
        if target.exists() and _sha_file(target) == want:
            outcomes.add("original")
            for item in items:  # a whole item of a run that was killed before the shred
                assert v.digest(item) == want
            continue
        # the original is gone or half overwritten: a whole, restorable item must exist
        assert items, f"killed after {delay} s: the original is damaged and nothing is vaulted"
        item = next(iter(items))
        assert v.digest(item) == want
        outcomes.add("vaulted")
        if target.exists():
            target.unlink()  # what the user would do with a half-shredded copy
        v.restore(item)
        assert _sha_file(target) == want
    assert outcomes


def _sha_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def test_vault_for_uses_the_logs_key(tmp_path, log):
    v = vault_for(log, tmp_path / "v")
    item = v.add([b"abc"], path="/a", mode=0o600, size=3, mtime_ns=1,
                 sha256=hashlib.sha256(b"abc").hexdigest(), scan_id=None)
    assert Vault(log.subkey("vault"), tmp_path / "v").digest(item) == hashlib.sha256(
        b"abc").hexdigest()
