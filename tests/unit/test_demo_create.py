"""`piaudit demo create` (issue 18): the same seed gives the same bytes, every value is
synthetic and checksum-valid, the sandbox says it is demo data, and its recorded phone
answers the Android scanner and takes revokes."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from scanners.cli.entry import main
from scanners.demo import phone
from scanners.demo.cast import cast, ric_check
from scanners.demo.sandbox import FIXED_TIME, MARKER, README, DemoError, create, is_sandbox
from scanners.detection.validators.financial import payment_card


def _tree(root: Path) -> dict[str, tuple[str, int, int, bytes]]:
    """Every entry below `root`: kind, mode, mtime, and its bytes (or a link's target)."""
    out: dict[str, tuple[str, int, int, bytes]] = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            st = path.lstat()
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = ("link", 0, st.st_mtime_ns, os.readlink(path).encode())
            elif path.is_dir():
                out[rel] = ("dir", st.st_mode & 0o7777, st.st_mtime_ns, b"")
            else:
                out[rel] = ("file", st.st_mode & 0o7777, st.st_mtime_ns, path.read_bytes())
    return out


def _contents(path: Path) -> bytes:
    """A file's bytes, and its members' when it is a zip (docx, xlsx, the photo kits)."""
    import zipfile

    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            data += b"".join(zf.read(n) for n in zf.namelist())
    return data


def test_same_seed_same_bytes_other_seed_other_people(tmp_path):
    assert main(["demo", "create", str(tmp_path / "a"), "--seed", "7"]) == 0
    assert main(["demo", "create", str(tmp_path / "b"), "--seed", "7"]) == 0
    create(tmp_path / "c", seed=8)
    a, b, c = _tree(tmp_path / "a"), _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert len(a) > 40
    assert a.keys() == b.keys()
    for rel in a:  # byte for byte, mode and time too
        assert a[rel] == b[rel], rel
    assert all(mtime == FIXED_TIME * 10**9 for _, _, mtime, _ in a.values())
    # zip members (docx, xlsx, the photo kits) sorted, with the fixed date
    import zipfile

    with zipfile.ZipFile(tmp_path / "a/home/Downloads/快递单导出_2024.xlsx") as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {i.date_time for i in zf.infolist()} == {(2024, 1, 2, 3, 4, 6)}
    # another seed: other people, the same kinds of files
    differing = [rel for rel in a if rel in c and a[rel] != c[rel]]
    assert "home/Downloads/客户名单.csv" in differing


def test_values_are_synthetic_valid_and_marked(tmp_path):
    box = create(tmp_path / "d", seed=3)
    who = cast(3)
    assert len(who.people) == 12 and len({p.name for p in who.people}) == 12
    for p in [*who.people, *who.customers[:50]]:
        assert ric_check(p.resident_id[:17]) == p.resident_id[17]
        verdict = payment_card(p.card)
        assert verdict is not None and verdict.checked, p.card
        assert p.email.endswith("@example.com")
    marker = json.loads((box.root / MARKER).read_text(encoding="utf-8"))
    assert marker["piaudit_demo"] == 1 and marker["seed"] == 3 and marker["data"] == "synthetic"
    readme = (box.root / README).read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and "演示数据" in readme
    assert is_sandbox(box.root) and not is_sandbox(tmp_path)
    # the recurring people are in several files
    owner = who.owner
    holding = [p for p in box.home.rglob("*") if p.is_file() and not p.is_symlink()
               and owner.resident_id.encode() in _contents(p)]
    assert len(holding) >= 4, holding
    # the stores the scanners read
    assert (box.home / ".config/google-chrome/Default/Login Data").read_bytes()[:16] \
        == b"SQLite format 3\x00"
    key = (box.home / ".ssh/id_ed25519").read_text()
    assert key.startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert (box.home / ".ssh/id_ed25519").stat().st_mode & 0o777 == 0o600


def test_create_refuses_a_folder_with_something_in_it(tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("my own notes")
    with pytest.raises(DemoError):
        create(tmp_path / "mine")
    assert main(["demo", "create", str(tmp_path / "mine")]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
    assert main(["demo", "scan", str(tmp_path / "mine")]) == 2  # not a sandbox


@pytest.mark.parametrize("scenario", ["office", "phone"])
def test_other_scenarios(tmp_path, scenario):
    box = create(tmp_path / scenario, seed=2, scenario=scenario)
    assert json.loads((box.root / MARKER).read_text())["scenario"] == scenario
    rows = (box.home / "Downloads/客户名单.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 12 + {"office": 300, "phone": 200}[scenario]
    own = {"office": "Documents/员工花名册.xlsx", "phone": "Documents/手机备份/contacts.vcf"}
    for name, path in own.items():
        assert (box.home / path).is_file() == (name == scenario)


def _adb(box_phone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(box_phone / "adb"), *args], capture_output=True, text=True,
                          check=False, timeout=30)


def test_the_recorded_phone_answers_and_revokes(tmp_path):
    box = create(tmp_path / "p", seed=1)
    devices = _adb(box.phone, "devices", "-l")
    assert devices.returncode == 0 and phone.SERIAL in devices.stdout
    s = ("-s", phone.SERIAL, "shell")
    dump = _adb(box.phone, *s, "dumpsys", "package", "packages").stdout
    assert "android.permission.READ_CONTACTS: granted=true" in dump
    services = _adb(box.phone, *s, "settings", "get", "secure",
                    "enabled_accessibility_services").stdout
    assert phone.CLEANER in services
    # a chained revoke, as the Android scanner writes it for several names of one key
    r = _adb(box.phone, *s, "pm", "revoke", phone.CHAT, "android.permission.READ_SMS", ";",
             "pm", "revoke", phone.CHAT, "android.permission.RECEIVE_SMS")
    assert r.returncode == 0, r.stderr
    state = phone.read_state(box.phone)["apps"][phone.CHAT]["runtime"]
    assert state["android.permission.READ_SMS"] is False
    assert state["android.permission.RECEIVE_SMS"] is False
    assert state["android.permission.READ_CONTACTS"] is True
    bad = _adb(box.phone, *s, "pm", "revoke", phone.CHAT, "android.permission.NOPE")
    assert bad.returncode != 0
    assert _adb(box.phone, *s, "rm", "-rf", "/sdcard").returncode != 0
    calls = (box.phone / "adb-calls.log").read_text().splitlines()
    assert json.loads(calls[0]) == ["devices", "-l"]
