"""stores.ssh and stores.credentials against real-format files: keys made by `cryptography`,
config files as the tools write them, and truncated, binary, wrongly-encoded, huge,
unreadable and looping input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanners import engine
from scanners.model import Finding, ScanError
from scanners.sources.stores.credentials import files as cred_files
from scanners.sources.stores.credentials import parsers, reading
from scanners.sources.stores.credentials.files import CredentialFilesScanner
from scanners.sources.stores.credentials.ssh import SshKeysScanner
from synth import other_stores as S


def _ctx(home: Path, platform: str = "linux") -> tuple[object, list[ScanError]]:
    ctx = engine.make_context([home], use_cache=False, cache=False)
    ctx.home = home
    ctx.platform = platform
    errors: list[ScanError] = []
    ctx.on_error = errors.append
    return ctx, errors


def _run(scanner: object, home: Path, platform: str = "linux"
         ) -> tuple[list[Finding], list[ScanError], object]:
    ctx, errors = _ctx(home, platform)
    assert scanner.applies(ctx)  # type: ignore[attr-defined]
    return list(scanner.scan(ctx)), errors, ctx  # type: ignore[attr-defined]


def _no_secret(findings: list[Finding], errors: list[ScanError]) -> None:
    blob = json.dumps([f.to_dict() for f in findings]) + json.dumps([e.to_dict() for e in errors])
    for s in S.SECRETS:
        assert s not in blob, s


def _by_rule(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)
    return out


# ---------------------------------------------------------------------------- SSH


@pytest.mark.parametrize(("kind", "passphrase", "expected", "key_type"), [
    ("openssh", None, "unprotected-key", "openssh"),
    ("openssh", b"pw", "passphrase", "openssh"),
    ("pem-rsa", None, "unprotected-key", "rsa"),
    ("pem-rsa", b"pw", "passphrase", "rsa"),
    ("pkcs8-ec", None, "unprotected-key", "pkcs8"),
    ("pkcs8-ec", b"pw", "passphrase", "encrypted"),
    ("putty", None, "unprotected-key", "putty"),
    ("putty", b"pw", "passphrase", "putty"),
])
def test_ssh_key_protection_from_the_header(tmp_path, kind, passphrase, expected, key_type):
    S.ssh_key(tmp_path / ".ssh/id_test", kind, passphrase)
    (tmp_path / ".ssh/id_test.pub").write_text("ssh-ed25519 AAAA fake\n")
    (tmp_path / ".ssh/known_hosts").write_text("host ssh-ed25519 AAAA\n")
    findings, errors, _ = _run(SshKeysScanner(), tmp_path)
    assert not errors
    assert len(findings) == 1
    f = findings[0]
    assert f.rule == "stores.ssh.private_key" and f.category == "credential"
    assert f.detail["protection"] == expected
    assert f.detail["key_type"] == key_type
    assert f.detail["mode"] == "0600" and f.detail["world_readable"] == "no"
    assert f.location == str(tmp_path / ".ssh/id_test")
    assert "BEGIN" not in json.dumps(f.to_dict())


def test_openssh_encrypted_container_matches_ssh_keygen_prefix(tmp_path):
    path = S.ssh_key(tmp_path / "k", "openssh", b"pw")
    body = "".join(path.read_text().splitlines()[1:-1])
    # ssh-keygen 9.2, aes256-ctr + bcrypt (reference section 5; rule examples)
    assert body.startswith("b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAAB")
    f, _, _ = _run(SshKeysScanner(), _home_with(tmp_path, path))
    assert f[0].detail["cipher"] == "aes256-ctr"


def _home_with(tmp_path: Path, key: Path) -> Path:
    home = tmp_path / "h"
    (home / ".ssh").mkdir(parents=True)
    os.replace(key, home / ".ssh/id_ed25519")
    return home


def test_world_readable_key_is_critical_and_says_so(tmp_path):
    S.ssh_key(tmp_path / ".ssh/id_rsa", "pem-rsa", None, mode=0o644)
    findings, _, _ = _run(SshKeysScanner(), tmp_path)
    f = findings[0]
    assert f.detail["world_readable"] == "yes" and f.detail["mode"] == "0644"
    assert f.severity.label == "critical" and "readable by others" in f.preview


def test_ssh_bad_input_goes_on(tmp_path, monkeypatch):
    ssh = tmp_path / ".ssh"
    S.ssh_key(ssh / "good", "openssh")
    S.write(ssh / "truncated", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn")
    S.write(ssh / "garbage", os.urandom(3000))
    S.write(ssh / "notes.txt", "just text, no key\n")
    S.write(ssh / "huge", b"-----BEGIN RSA PRIVATE KEY-----\n" + b"A" * 400_000)
    os.symlink(ssh / "loop2", ssh / "loop1")
    os.symlink(ssh / "loop1", ssh / "loop2")
    S.ssh_key(ssh / "denied", "openssh")
    real_open = open

    def guarded(file, *a, **k):  # root ignores modes: deny this one file as the OS would
        if str(file).endswith("denied"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *a, **k)

    monkeypatch.setattr(reading, "open", guarded, raising=False)
    findings, errors, _ = _run(SshKeysScanner(), tmp_path)
    assert [Path(f.location).name for f in findings] == ["good"]
    reasons = {Path(e.location).name: e.reason for e in errors}
    assert reasons["denied"] == "permission-denied"
    assert reasons["loop1"] == "unreadable" and reasons["loop2"] == "unreadable"


def test_no_ssh_folder_is_reported_as_not_present(tmp_path):
    ctx, _ = _ctx(tmp_path)
    assert not SshKeysScanner().applies(ctx)
    assert ctx.statuses["stores.ssh"].notes[0][0] == "not-present"


# ---------------------------------------------------------------------------- other files


def _full_home(home: Path) -> Path:
    S.aws_credentials(home)
    S.azure_msal(home)
    S.azure_legacy(home)
    S.gcloud(home)
    S.netrc(home)
    S.git_credentials(home)
    S.docker_config(home)
    S.podman_auth(home)
    S.kubeconfig(home)
    S.npmrc(home)
    S.pypirc(home)
    S.bash_history(home)
    S.zsh_history(home)
    S.fish_history(home)
    return home


def test_every_credential_format_is_counted_without_its_values(tmp_path):
    findings, errors, _ = _run(CredentialFilesScanner(), _full_home(tmp_path))
    assert not errors, errors
    by = _by_rule(findings)
    aws = by["stores.credentials.aws"][0]
    assert aws.count == 2 and aws.detail["session_token"] == "yes"
    assert aws.detail["delegated_profiles"] == "1" and aws.detail["protection"] == "plaintext"
    azure = {Path(f.location).name: f for f in by["stores.credentials.azure"]}
    assert azure["msal_token_cache.json"].detail["refresh_tokens"] == "2"
    assert azure["msal_token_cache.json"].count == 3
    assert azure["accessTokens.json"].count == 2
    gc = {Path(f.location).name: f for f in by["stores.credentials.gcloud"]}
    assert gc["credentials.db"].count == 2
    assert gc["application_default_credentials.json"].detail["type"] == "authorized_user"
    netrc = by["stores.credentials.netrc"][0]
    assert netrc.count == 2 and netrc.detail["default_entry"] == "yes"
    git = by["stores.credentials.git_credentials"][0]
    assert git.count == 2 and "github.com" in git.detail["hosts"]
    docker = by["stores.credentials.docker"][0]
    assert docker.count == 2 and docker.detail["creds_store"] == "none"
    assert by["stores.credentials.podman"][0].count == 1
    kube = by["stores.credentials.kube"][0]
    assert kube.count == 2 and kube.detail["users"] == "3" and kube.detail["exec_users"] == "1"
    npm = by["stores.credentials.npmrc"][0]
    assert npm.count == 1 and npm.detail["env_references"] == "1"
    pypi = by["stores.credentials.pypirc"][0]
    assert pypi.count == 1 and pypi.detail["api_tokens"] == "1"
    hist = {Path(f.location).name: f for f in by["stores.credentials.shell_history"]}
    # mysql -p, curl -u, export AWS_SECRET..., URL with password, bare GitHub token
    assert hist[".bash_history"].count == 5
    assert "mysql -p********" in hist[".bash_history"].preview
    assert hist[".zsh_history"].count == 1 and hist["fish_history"].count == 1
    for f in findings:
        assert f.category == "credential" and f.scanner == "stores.credentials"
        assert f.detail["mode"] == "0600"
    _no_secret(findings, errors)


def test_docker_with_a_credential_helper_is_keyring_protected(tmp_path):
    S.docker_config(tmp_path, helper=True)
    findings, _, _ = _run(CredentialFilesScanner(), tmp_path)
    f = findings[0]
    assert f.detail["protection"] == "keyring" and f.detail["creds_store"] == "desktop"
    assert f.detail["records"] == "0" and f.severity.label == "info"


def test_files_without_secrets_give_no_finding(tmp_path):
    S.write(tmp_path / ".npmrc", "registry=https://registry.npmjs.org/\n")
    S.write(tmp_path / ".bash_history", "ls\ncd /tmp\nexport PWD=/home/x\n")
    S.write(tmp_path / ".git-credentials", "\n")
    findings, errors, _ = _run(CredentialFilesScanner(), tmp_path)
    assert findings == [] and errors == []


def test_wrongly_encoded_configs_are_read(tmp_path):
    text = f"[default]\naws_secret_access_key = {S.AWS_SECRET}\n# 注释：生产环境\n"
    S.write(tmp_path / ".aws/credentials", text.encode("utf-16"))  # Notepad's "Unicode"
    S.write(tmp_path / ".aws/config", ("[profile cn]\n# 中文注释\naws_secret_access_key = "
                                       f"{S.AWS_SECRET}\n").encode("gbk"))
    findings, errors, _ = _run(CredentialFilesScanner(), tmp_path)
    assert not errors
    assert sorted(f.count for f in findings) == [1, 1]
    _no_secret(findings, errors)


def test_bad_credential_files_become_errors_and_the_scan_goes_on(tmp_path, monkeypatch):
    S.write(tmp_path / ".docker/config.json", '{"auths": {"a": {"auth": "' + S.DOCKER_PW)
    S.write(tmp_path / ".aws/credentials", os.urandom(5000))
    S.write(tmp_path / ".azure/msal_token_cache.json", b"\x00\x01\x02garbage" * 100)
    S.write(tmp_path / ".config/gcloud/credentials.db", b"SQLite format 3\x00" + b"\xff" * 50)
    S.write(tmp_path / ".kube/config", b"users: [{name: a, user: {token: x}}]\n")
    with open(tmp_path / ".npmrc", "wb") as fh:  # sparse: 5 MB without writing them
        fh.truncate(5 * 1024 * 1024)
    S.netrc(tmp_path)
    S.pypirc(tmp_path)
    real_open = open

    def guarded(file, *a, **k):
        if str(file).endswith(".pypirc"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *a, **k)

    monkeypatch.setattr(reading, "open", guarded, raising=False)
    findings, errors, _ = _run(CredentialFilesScanner(), tmp_path)
    assert [f.rule for f in findings] == ["stores.credentials.netrc"]
    reasons = {Path(e.location).name: e.reason for e in errors}
    assert reasons == {"config.json": "corrupt", "credentials": "corrupt",
                       "msal_token_cache.json": "corrupt", "credentials.db": "corrupt",
                       "config": "unknown-format", ".npmrc": "too-large",
                       ".pypirc": "permission-denied"}
    _no_secret(findings, errors)


HOSTILE_KUBE = [
    # anchors and aliases (a "billion laughs" for YAML loaders that expand them)
    "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\nusers:\n- name: u\n  user: &u\n"
    f"    token: {S.KUBE_TOKEN}\n- name: v\n  user: *u\n",
    # tabs, comments, CRLF, empty values, nested lists
    f"users:\r\n- name: a\r\n  user:\r\n\ttoken: \"\"\r\n  # token: {S.KUBE_TOKEN}\r\n"
    "- name: b\r\n  user:\r\n    password: null\r\n",
    # deep nesting and very long lines
    "users:\n- name: x\n  user:\n" + "".join("  " * i + f"k{i}:\n" for i in range(2, 300))
    + "    token: " + "t" * 100_000 + "\n",
    # JSON form
    json.dumps({"users": [{"name": "j", "user": {"token": S.KUBE_TOKEN}},
                          {"name": "e", "user": {"exec": {"command": "gcloud"}}}]}),
]


@pytest.mark.parametrize("text", HOSTILE_KUBE)
def test_kube_reader_survives_hostile_yaml(tmp_path, text):
    S.kubeconfig(tmp_path, text)
    findings, errors, _ = _run(CredentialFilesScanner(), tmp_path)
    assert len(findings) + len(errors) <= 1
    for f in findings:
        assert int(f.detail["users"]) <= 3
    _no_secret(findings, errors)


def test_kube_users_counts(tmp_path):
    users = parsers.kube_users(HOSTILE_KUBE[0])
    assert len(users) == 2 and users[0]["token"] and not users[1]["token"]
    assert parsers.kube_users(HOSTILE_KUBE[1]) == [
        dict.fromkeys(("token", "client-key-data", "password", "exec", "auth-provider",
                       "tokenFile", "client-key"), False)] * 2
    assert sum(u["token"] for u in parsers.kube_users(HOSTILE_KUBE[3])) == 1


def test_huge_history_is_read_from_its_end(tmp_path, monkeypatch):
    lines = ["ls -la"] * 200_000 + [f"mysql -uroot -p{S.HISTORY_PW}"]
    S.write(tmp_path / ".bash_history", "\n".join(lines) + "\n")
    monkeypatch.setattr(cred_files, "config", lambda: {**reading.store_table("credentials"),
                                                       "history_bytes": 100_000})
    findings, errors, _ = _run(CredentialFilesScanner(), tmp_path)
    assert not errors and findings[0].count == 1
    assert findings[0].detail["truncated"] == "yes"


def test_windows_locations(tmp_path):
    S.write(tmp_path / "_netrc", f"machine h login u password {S.NETRC_PW}\n")
    S.write(tmp_path / "AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/"
                       "ConsoleHost_history.txt",
            f'$p = ConvertTo-SecureString "{S.HISTORY_PW}" -AsPlainText -Force\r\n')
    S.write(tmp_path / ".azure/msal_token_cache.bin", os.urandom(600))
    findings, errors, _ = _run(CredentialFilesScanner(), tmp_path, "win32")
    by = _by_rule(findings)
    assert by["stores.credentials.netrc"][0].count == 1
    assert by["stores.credentials.shell_history"][0].count == 1
    assert by["stores.credentials.azure"][0].detail["protection"] == "keyring"
    _no_secret(findings, errors)


def test_audit_end_to_end_leaves_files_unchanged(tmp_path, monkeypatch):
    home = _full_home(tmp_path / "home")
    S.ssh_key(home / ".ssh/id_ed25519", "openssh")
    S.ssh_key(home / ".ssh/id_rsa", "pem-rsa", b"pw")
    files = [p for p in home.rglob("*") if p.is_file()]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    ctx = engine.make_context([home], use_cache=False, cache=False)
    result = engine.audit(ctx, ["stores.ssh", "stores.credentials"])
    assert result.statuses["stores.ssh"].state == "ran"
    assert result.statuses["stores.credentials"].state == "ran"
    assert not result.errors
    assert result.access[str(home / ".ssh/id_ed25519")].protection == "unprotected-key"
    assert result.access[str(home / ".ssh/id_rsa")].protection == "passphrase"
    assert result.access[str(home / ".aws/credentials")].protection == "plaintext"
    assert result.access[str(home / ".aws/credentials")].mode == 0o600
    assert len(result.findings) >= 14
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    assert after == before
    assert sorted(p for p in home.rglob("*") if p.is_file()) == sorted(files)
    _no_secret(result.findings, result.errors)


def test_every_rule_of_these_scanners_has_advice_in_both_languages():
    import re

    from scanners.assessment.advice import AdviceBook
    from scanners.sources.stores.addressbook import AddressBookScanner
    from scanners.sources.stores.messaging import MessagingScanner

    book = AdviceBook.load()
    cjk = re.compile(r"[\u4e00-\u9fff]")
    rules = (*SshKeysScanner.rules, *CredentialFilesScanner.rules, *AddressBookScanner.rules,
             *MessagingScanner.rules)
    assert len(rules) == 1 + 11 + 3 + 9
    for rule in rules:
        en, zh = book.rule_steps(rule, "en"), book.rule_steps(rule, "zh")
        assert en and len(en) == len(zh), rule
        assert all(cjk.search(s) for s in zh) and not any(cjk.search(s) for s in en), rule
    for scanner in ("stores.addressbook", "stores.credentials", "stores.messaging"):
        assert book.scanner_steps(scanner, "en") and book.scanner_steps(scanner, "zh")


def test_store_errors_never_quote_what_a_parser_read():
    """A parser's message can quote its input; the ScanError keeps only the kind."""
    import sqlite3

    from scanners.sources.stores.common import scan_error

    secret = "ghp_SyntheticToken1234567890abcdefABCD"
    for exc in (ValueError(f"invalid literal for int() with base 10: '{secret}'"),
                KeyError(secret), UnicodeDecodeError("utf-8", secret.encode(), 0, 1, "bad"),
                sqlite3.DatabaseError(f"near {secret!r}: syntax error"),
                RuntimeError(f"boom 13812345678 {secret[:4]}")):
        err = scan_error("stores.credentials", "/x", exc)
        assert secret not in err.message and "13812345678" not in err.message, err
        assert err.reason in ("corrupt", "internal")
