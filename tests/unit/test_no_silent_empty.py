"""No silent empty result (issue 11): a scan that cannot read something says so, and one bad
file is at most one recorded error, never "0 findings, score 0/100".

Each test runs the real CLI in a subprocess where the point is what a user sees (exit code,
stdout bytes, stderr), on real files: names that are not UTF-8, symlinked roots, gzip files
with lying or missing trailers, names holding terminal escapes, a planted ./adb.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.content.helpers import ID, reasons, run, texts

ROOT = Path(__file__).resolve().parents[2]
NOT_UTF8 = b"caf\xe9_\xff.txt"  # Latin-1 "é" and a byte that is never UTF-8


def piaudit(*args: str | bytes, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The CLI as a user runs it: its own process, stdout and stderr as raw bytes."""
    return subprocess.run(
        [sys.executable, "-m", "scanners", *args], capture_output=True, timeout=300,
        cwd=cwd or ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        check=False,
    )


def scan_json(*roots: str | bytes, jobs: str = "1",
              env: dict[str, str] | None = None) -> tuple[dict[str, object], bytes]:
    proc = piaudit("scan", "--scanners", "content", "--no-log", "-q", "-j", jobs,
                   "--format", "json", *roots, env=env)
    assert proc.returncode == 0, proc.stderr
    # Strict UTF-8: a name's raw bytes must never reach the output undecoded.
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert isinstance(doc, dict)
    return doc, proc.stderr


def _findings(doc: dict[str, object]) -> list[dict[str, object]]:
    found = doc["findings"]
    assert isinstance(found, list)
    return found


# --- a file name that is not valid UTF-8 ------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("locale", ["C.UTF-8", "en_US.UTF-8"])
def test_name_not_utf8_is_scanned_like_any_file(tmp_path: Path, jobs: str, locale: str) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), NOT_UTF8)
    with open(bad, "wb") as fh:
        fh.write(f"身份证号 {ID}\n".encode())
    (folder / "ok.txt").write_text(f"身份证号 {ID}\n", encoding="utf-8")
    # Twice: the first run fills the scan cache, the second answers from it (the cache
    # was where the undecodable name raised and emptied the whole content scan).
    for _ in range(2):
        doc, _err = scan_json(str(folder), jobs=jobs, env={"LC_ALL": locale})
        assert doc["errors"] == []
        statuses = doc["statuses"]
        assert isinstance(statuses, list) and statuses[0]["state"] == "ran"
        found = _findings(doc)
        by_file = {os.fsencode(str(f["file"])): f for f in found}
        # The JSON keeps the name reversibly: json.loads + os.fsencode give its bytes back.
        assert set(by_file) == {bad, os.path.join(os.fsencode(folder), b"ok.txt")}
        assert by_file[bad]["location"] == f"{folder}/caf\\xe9_\\xff.txt"
        assert by_file[bad]["rule"] == "identity.cn_resident_id"
        score = doc["score"]
        assert isinstance(score, dict) and score["value"] > 0


def test_name_not_utf8_in_table_csv_jsonl_and_the_log(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), NOT_UTF8), "wb") as fh:
        fh.write(f"身份证号 {ID}\n".encode())
    passphrase = tmp_path / "pass"
    passphrase.write_text("correct horse battery staple\n")
    env = {"LC_ALL": "en_US.UTF-8", "PIAUDIT_PASSPHRASE_FILE": str(passphrase)}
    # The root itself is not UTF-8 either: it is printed, stored in the log and listed.
    root = os.path.join(os.fsencode(tmp_path), b"r\xff")
    os.rename(folder, root)
    for fmt in ("table", "csv", "jsonl"):
        proc = piaudit("scan", "--scanners", "content", "-q", "-j", "1", "--format", fmt, root,
                       env=env)
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout.decode("utf-8")  # strict
        assert "1101**********002X" in out
        assert "r\\xff/caf\\xe9_\\xff.txt" in out or "r\\udcff/caf\\udce9_\\udcff.txt" in out
    shown = piaudit("show", "1", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "caf\\xe9_\\xff.txt" in shown.stdout.decode("utf-8")
    assert piaudit("verify", env=env).returncode == 0
    for fmt in ("html", "json", "csv", "sarif", "ocsf"):  # reports of the logged audit
        report = tmp_path / f"report.{fmt}"
        proc = piaudit("report", "--format", fmt, "-o", str(report), "latest", env=env)
        assert proc.returncode == 0, proc.stderr
        text = report.read_bytes().decode("utf-8")  # strict
        if fmt == "json":
            json.loads(text)


# --- a scan root that is a symlink ----------------------------------------------------


def test_symlinked_root_is_followed_and_said(tmp_path: Path) -> None:
    real = tmp_path / "data" / "docs"
    real.mkdir(parents=True)
    (real / "a.txt").write_text(f"身份证号 {ID}\n", encoding="utf-8")
    link = tmp_path / "Documents"
    link.symlink_to(real)
    doc, err = scan_json(str(link))
    assert [f["location"] for f in _findings(doc)] == [f"{link}/a.txt"]
    assert b"is a symbolic link" in err and str(real).encode() in err


def test_dangling_symlink_root_is_an_error(tmp_path: Path) -> None:
    link = tmp_path / "Documents"
    link.symlink_to(tmp_path / "gone")
    doc, _err = scan_json(str(link))
    errors = doc["errors"]
    assert isinstance(errors, list)
    assert [(e["location"], e["reason"]) for e in errors] == [(str(link), "missing")]


# --- gzip: a lying size trailer, a truncated stream ------------------------------------


def _gz_body() -> bytes:
    return (f"身份证号 {ID}\n" + "an ordinary line of a log file\n" * 5000).encode()


def test_gzip_with_lying_size_trailer_is_read(tmp_path: Path) -> None:
    good = gzip.compress(_gz_body())
    path = tmp_path / "log.txt.gz"
    # ISIZE says 4 GiB: it is the last member's size mod 2**32, and anyone can write it.
    path.write_bytes(good[:-4] + struct.pack("<I", 0xFFFFFFF0))
    items = run(path)
    assert reasons(items) == []
    assert ID in texts(items)[f"{path}!log.txt"]


def test_truncated_gzip_is_read_up_to_the_cut(tmp_path: Path) -> None:
    good = gzip.compress(_gz_body())
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(good[: len(good) // 2])
    items = run(path)
    assert reasons(items) == ["truncated"]  # one problem, on the file, not "bomb"
    assert ID in texts(items)[f"{path}!cut.txt"]


def test_truncated_gzip_end_to_end_is_one_error_and_its_finding(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    small = gzip.compress(f"身份证号 {ID}\n".encode())
    (folder / "a.txt.gz").write_bytes(small[:-6])  # cut inside the trailer
    doc, _err = scan_json(str(folder))
    assert [f["rule"] for f in _findings(doc)] == ["identity.cn_resident_id"]
    errors = doc["errors"]
    assert isinstance(errors, list) and [e["reason"] for e in errors] == ["truncated"]


def test_gzip_members_and_padding(tmp_path: Path) -> None:
    path = tmp_path / "multi.txt.gz"
    path.write_bytes(gzip.compress(b"first\n") + gzip.compress(_gz_body()) + b"\0" * 16)
    items = run(path)
    assert reasons(items) == []
    text = texts(items)[f"{path}!multi.txt"]
    assert text.startswith("first\n") and ID in text


# --- terminal escapes and newlines in names ---------------------------------------------


def test_control_characters_in_names_are_escaped_on_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    evil = "red\x1b[31m_\x1b]0;pwned\x07_two\nlines\u202e.txt"
    (folder / evil).write_text(f"身份证号 {ID}\n", encoding="utf-8")
    # A file the scan cannot read: its error line carries the name too.
    locked = folder / "locked\x1b[2J.txt"
    locked.write_text("x")
    locked.chmod(0)
    try:
        proc = piaudit("scan", "--scanners", "content", "--no-log", "-j", "1", "--format",
                       "table", str(folder))
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert proc.returncode == 0, proc.stderr
    for stream in (proc.stdout, proc.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream
        assert "\u202e".encode() not in stream
    out = proc.stdout.decode("utf-8")
    assert "red\\x1b[31m_\\x1b]0;pwned\\x07_two\\nlines\\u202e.txt:1" in out
    # Every finding row is one line: the newline in the name did not split it.
    rows = [line for line in out.splitlines() if line.startswith("high ")]
    assert len(rows) == 1
    if os.geteuid() != 0:  # root reads a mode-000 file: no error line then
        assert "locked\\x1b[2J.txt" in proc.stderr.decode("utf-8")


# --- an empty or relative PATH entry never runs ./adb ------------------------------------


@pytest.mark.parametrize("path", [":/usr/bin", "/usr/bin:", "/usr/bin::/bin", ".", ""])
def test_adb_is_never_taken_from_the_current_folder(tmp_path: Path, path: str) -> None:
    cwd = tmp_path / "downloads"
    cwd.mkdir()
    marker = tmp_path / "planted-adb-ran"
    adb = cwd / "adb"
    adb.write_text(f"#!/bin/sh\ntouch '{marker}'\necho 'List of devices attached'\n")
    adb.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "PIAUDIT_TOOL_PATH"}
    env.update(PATH=path, PYTHONPATH=str(ROOT))
    env.pop("ANDROID_HOME", None)
    env.pop("ANDROID_SDK_ROOT", None)
    proc = subprocess.run(
        [sys.executable, "-m", "scanners", "scan", "--scanners", "permissions.android",
         "--no-log", "-q", "--format", "json"],
        capture_output=True, timeout=120, cwd=cwd, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists(), "the ./adb in the current folder was run"
    doc = json.loads(proc.stdout)
    notes = [n["reason"] for st in doc["statuses"] for n in st["notes"]]
    assert "not-installed" in notes or os.path.exists("/usr/bin/adb")
