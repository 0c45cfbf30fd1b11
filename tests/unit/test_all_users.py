"""`piaudit scan --all-users`: every local user's home, stores and permissions in one audit,
findings labelled by user; root (or an administrator) only.

The users come from the fixture tree's etc/passwd (PIAUDIT_SYSROOT), their homes inside it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanners.cli.entry import main
from scanners.system.users import ADMIN_NEEDED, is_admin, local_users
from synth import formats
from synth.browser_stores import chromium_profile
from synth.other_stores import ssh_key

from .helpers import ADULT_ID, OTHER_ID


@pytest.fixture
def machine(monkeypatch, tmp_path):
    root = Path(os.environ["PIAUDIT_SYSROOT"])
    (root / "etc").mkdir()
    (root / "etc" / "passwd").write_text(
        "root:x:0:0:root:/root:/bin/bash\n"
        "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
        "alice:x:1000:1000:Alice:/home/alice:/bin/bash\n"
        "bob:x:1001:1001:Bob:/home/bob:/bin/zsh\n"
        "ghost:x:1002:1002::/home/ghost:/bin/sh\n"  # no home folder: left out
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
        "broken line\n", encoding="utf-8")
    alice, bob = root / "home" / "alice", root / "home" / "bob"
    (root / "root").mkdir()
    for home in (alice, bob):
        (home / "Documents").mkdir(parents=True)
    (alice / ".ssh").mkdir(mode=0o700)
    ssh_key(alice / ".ssh" / "id_ed25519", "openssh")
    formats.write_txt(alice / "Documents" / "a.txt", f"身份证号：{ADULT_ID}\n")
    formats.write_txt(bob / "Documents" / "b.txt", f"身份证号：{OTHER_ID}\n")
    chromium_profile(bob)
    return {"alice": alice, "bob": bob}


def test_local_users_are_the_people_with_a_home(machine):
    users = local_users()
    assert [(u.name, u.uid, u.home) for u in users] == [
        ("alice", 1000, machine["alice"]), ("bob", 1001, machine["bob"])]


def test_every_users_files_and_stores_are_read_and_labelled(machine, capsys):
    assert os.geteuid() == 0, "reading every user's files needs root: run the tests as root"
    code = main(["scan", "--all-users", "--scanners", "content,stores", "--format", "json",
                 "--no-log", "--quiet", "-j1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)
    assert sorted(doc["roots"]) == sorted(str(h) for h in machine.values())
    users = {(f["scanner"], f["detail"].get("user")) for f in doc["findings"]}
    assert ("stores.ssh", "alice") in users and ("stores.chromium", "bob") in users
    ids = {f["path"].rsplit("/", 1)[-1]: f["detail"].get("user") for f in doc["findings"]
           if f["rule"] == "identity.cn_resident_id"}
    assert ids == {"a.txt": "alice", "b.txt": "bob"}
    # a store scanner that applied in one home only is not "not applicable"
    states = {s["scanner"]: s["state"] for s in doc["statuses"]}
    assert states["stores.ssh"] != "not-applicable"
    assert states["stores.firefox"] == "not-applicable"


def test_only_root_may_and_others_are_told_why():
    # the tests run as root, and the venv lies under /root: a child dropped to another
    # user could not even start Python, so the check is asked about another uid
    assert is_admin(0) and not is_admin(1000) and not is_admin(65534)
    assert "needs root (sudo) or an administrator" in ADMIN_NEEDED


def test_machine_wide_scanners_run_once_not_per_home():
    from scanners.registry import SCANNERS
    from scanners.sources.homes import MACHINE_WIDE, reads_each_home

    ids = {s.id for s in SCANNERS}
    assert ids >= MACHINE_WIDE  # a renamed scanner must not silently run once per user
    assert reads_each_home("stores.ssh") and reads_each_home("permissions.flatpak")
    assert not reads_each_home("content.files") and not reads_each_home("permissions.android")
