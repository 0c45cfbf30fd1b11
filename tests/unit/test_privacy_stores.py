"""End to end for stores: a full audit of a home full of application stores, WITH the log,
leaves no synthetic secret anywhere (outputs, log, cache, temp files) and changes no store.

The home holds every kind of store the store scanners read (browsers with saved logins and
cards, Firefox with a primary password check, address books, credential files, shell
history, messaging data); the secrets planted in them come from the fixture generators.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from scanners.cli.entry import main
from synth import browser_stores, other_stores

from .helpers import tree_snapshot
from .ledger_helpers import (
    _no_real_keyring,  # noqa: F401  (autouse fixture)
    open_log,
)

PASS = "store privacy passphrase"
SECRETS = sorted({*browser_stores.SECRETS, *other_stores.SECRETS}
                 - {"hunter-user"})  # a login name is shown as a count, never as text


def _home(home: Path) -> None:
    browser_stores.chromium_profile(home)
    browser_stores.firefox_profile(home)
    other_stores.ssh_key(home / ".ssh" / "id_ed25519", "openssh")
    other_stores.aws_credentials(home)
    other_stores.azure_msal(home)
    other_stores.gcloud(home)
    other_stores.netrc(home)
    other_stores.git_credentials(home)
    other_stores.docker_config(home)
    other_stores.kubeconfig(home)
    other_stores.npmrc(home)
    other_stores.pypirc(home)
    other_stores.bash_history(home)
    other_stores.evolution_contacts(home / ".local/share/evolution/addressbook/system/contacts.db")
    other_stores.wechat_windows(home)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]


def _leaks(blob: bytes) -> list[str]:
    text = blob.decode("utf-8", "ignore").lower()
    wide = blob.decode("utf-16-le", "ignore").lower()
    return [s for s in SECRETS if s.lower() in text or s.lower() in wide]


@pytest.mark.slow
def test_store_audit_with_the_log_leaves_no_secret_and_changes_no_store(
        tmp_path, data_dir, monkeypatch, capsys):
    home = tmp_path / "home"
    _home(home)
    before = tree_snapshot(home)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    pw = tmp_path / "pw"
    pw.write_text(PASS + "\n", encoding="utf-8")
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(pw))
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    docs = tmp_path / "docs"
    docs.mkdir()
    outputs = []
    for fmt in ("table", "json", "jsonl", "csv", "sarif"):
        out = tmp_path / f"out.{fmt}"
        code = main(["scan", str(docs), "--scanners", "stores", "--format", fmt, "-o", str(out)])
        assert code == 0
        outputs.append(out)
    err = capsys.readouterr().err

    # the audit found the stores (so the search below means something)
    with open_log(data_dir, PASS) as log:
        _summary, found, _ = log.scan(1)
    rules = {f.rule for f in found}
    assert {"stores.chromium.logins", "stores.chromium.cards", "stores.firefox.logins",
            "stores.ssh.private_key", "stores.credentials.aws",
            "stores.credentials.shell_history", "stores.addressbook.evolution"} <= rules
    assert any(f.detail.get("protection") == "weak-key" for f in found)

    assert tree_snapshot(home) == before  # every store byte and mtime unchanged
    assert list(tmp.iterdir()) == []  # private copies deleted
    for path in [*outputs, *_files(data_dir)]:
        assert _leaks(path.read_bytes()) == [], path
    assert _leaks(err.encode()) == []


def test_the_leak_search_would_find_each_secret():
    for s in SECRETS:
        assert s in _leaks(b"x" + s.encode() + b"y")
        assert s in _leaks(s.encode("utf-16-le"))
