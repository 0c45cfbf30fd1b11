"""Credential files: SSH private keys (stores.ssh) and the other files tools keep secrets in
(stores.credentials): AWS, Azure, gcloud, .netrc, .git-credentials, Docker/Podman auth, kube
configs, .npmrc, .pypirc and shell histories.

One finding per file (per key file for SSH). A finding says how many credentials the file
holds, what kind, how they are protected (detail "protection": passphrase, unprotected-key,
plaintext, keyring) and who may read the file (octal mode, group/world readable). Values
are never put in a finding: parsers look at key names and at whether a value is empty,
never copy one out. SSH keys are judged by their header only (PEM "Proc-Type:
4,ENCRYPTED", PKCS#8 "ENCRYPTED PRIVATE KEY", OpenSSH cipher name), as the content rule
credential.private_key does (scanners.validators.private_key).

Locations: table [credentials] of resources/stores.toml; keys per kind "any", "linux",
"macos", "windows"; "ssh_dirs", "ssh_skip", "max_bytes", "history_bytes".

The finding's location is the file's own path, so the access facts (mode, owner, cloud or
shared folder) are collected for it like for any file.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import codecs
import fnmatch
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scanners.base import ScanCancelled, ScanContext
from scanners.model import Category, Finding, Severity
from scanners.stores.common import (
    StoreError,
    StoreFinding,
    columns,
    display_path,
    expand,
    make_finding,
    os_key,
    scan_error,
    sqlite_copy,
    store_table,
    tables,
)
from scanners.validators import private_key

SSH_ID = "stores.ssh"
CRED_ID = "stores.credentials"

# Kinds in the order they are reported; each has a parser below and a table in stores.toml.
KINDS = ("aws", "azure", "gcloud", "netrc", "git_credentials", "docker", "podman", "kube",
         "npmrc", "pypirc", "shell_history")


# ---------------------------------------------------------------------------- file helpers


def _config() -> Mapping[str, Any]:
    return store_table("credentials")


def locations(ctx: ScanContext, kind: str) -> list[Path]:
    """Existing files of one kind on this OS (sorted, no duplicates)."""
    table = _config().get(kind, {})
    patterns = [*table.get("any", []), *table.get(os_key(ctx), [])]
    seen: dict[Path, None] = {}
    for pattern in patterns:
        for p in expand(ctx, str(pattern)):
            seen.setdefault(p, None)
    return list(seen)


def mode_detail(st: os.stat_result) -> dict[str, str]:
    """Who may read the file, from its permission bits."""
    mode = stat.S_IMODE(st.st_mode)
    return {
        "mode": f"{mode:04o}",
        "world_readable": "yes" if mode & stat.S_IROTH else "no",
        "group_readable": "yes" if mode & stat.S_IRGRP else "no",
    }


def read_capped(path: Path, limit: int, *, tail: bool = False) -> tuple[bytes, bool]:
    """The bytes of a regular file, at most `limit` (the last `limit` when `tail`).

    Returns (data, truncated). Without `tail`, a larger file is refused: a credential
    config of many megabytes is not one, and reading it whole would cost memory.
    """
    try:
        st = os.stat(path)  # follows a symlink; a loop raises ELOOP (OSError)
        if not stat.S_ISREG(st.st_mode):
            raise StoreError("not-a-file", "not a regular file")
        if st.st_size > limit and not tail:
            raise StoreError("too-large", f"larger than {limit} bytes: not read")
        with open(path, "rb") as fh:
            if st.st_size > limit:
                fh.seek(st.st_size - limit)
                return fh.read(limit), True
            return fh.read(limit + 1)[:limit], False
    except PermissionError:
        raise StoreError("permission-denied", "permission denied") from None
    except FileNotFoundError:
        raise StoreError("missing", "the file disappeared during the scan") from None
    except OSError as exc:
        raise StoreError("unreadable", (exc.strerror or type(exc).__name__)[:200]) from None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_text(raw: bytes, *, lenient: bool = False) -> str:
    """Text of a config file: UTF-8 (with or without BOM), UTF-16 (BOM or NUL-interleaved,
    as Windows tools write it), else GB18030 (a superset of GBK). Binary data is refused
    with a "corrupt" StoreError unless `lenient` (histories hold stray bytes, e.g. zsh's
    metafied characters)."""
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[3:].decode("utf-8", "replace")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", "replace")
    elif len(raw) >= 4 and raw[1:2] == b"\x00" and raw[3:4] == b"\x00" and raw[0:1] != b"\x00":
        text = raw.decode("utf-16-le", "replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", "replace")
    if not lenient and text:
        sample = text[:4096]
        bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
        if bad * 20 > len(sample):  # more than 5% control or broken characters: not text
            raise StoreError("corrupt", "not a text file (binary content)")
    return text


def _filled(value: object) -> bool:
    """A value that holds something (not empty, not null, not an environment reference)."""
    if value is None:
        return False
    if isinstance(value, (dict, list)):
        return bool(value)
    text = str(value).strip().strip("\"'")
    if not text or text.lower() in ("null", "~", "none"):
        return False
    return not (text.startswith("${") or text.startswith("$"))


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """A forgiving INI reader (sections, key = value or key: value, # and ; comments).

    configparser refuses duplicate sections and keys, which real files have; this keeps
    the last value and never raises.
    """
    out: dict[str, dict[str, str]] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and "]" in line:
            section = line[1 : line.index("]")].strip()
            out.setdefault(section, {})
            continue
        m = re.match(r"([^=:\s][^=:]*?)\s*[=:]\s*(.*)$", line)
        if m:
            out.setdefault(section, {})[m.group(1).strip().lower()] = m.group(2).strip()
    return out


# ---------------------------------------------------------------------------- parse results


@dataclass(slots=True)
class Parsed:
    """What one credential file holds, without any value."""

    records: int  # credentials stored in the file itself
    summary: str
    delegated: int = 0  # entries that point to a helper/keyring/SSO instead of a secret
    detail: dict[str, str] = field(default_factory=dict)
    protection: str | None = None  # overrides "plaintext"/"keyring" chosen from the counts
    severity: Severity | None = None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def parse_aws(path: Path, raw: bytes) -> Parsed:
    ini = parse_ini(decode_text(raw))
    static = session = delegated = 0
    profiles = 0
    for keys in ini.values():
        if not keys:
            continue
        profiles += 1
        if _filled(keys.get("aws_secret_access_key")):
            static += 1
            if _filled(keys.get("aws_session_token")) or _filled(keys.get("aws_security_token")):
                session += 1
        elif any(k in keys for k in ("sso_start_url", "sso_session", "credential_process",
                                     "role_arn", "web_identity_token_file")):
            delegated += 1
    return Parsed(
        static, f"{_plural(static, 'AWS secret key')} in plain text"
        + (f" ({session} with a session token)" if session else ""),
        delegated,
        {"kind": "aws", "profiles": str(profiles), "static_keys": str(static),
         "session_tokens": str(session), "session_token": "yes" if session else "no",
         "delegated_profiles": str(delegated)},
    )


def parse_azure(path: Path, raw: bytes) -> Parsed:
    if path.suffix == ".bin":
        # The Windows CLI keeps its MSAL cache DPAPI-encrypted: nothing to count without
        # decrypting, which we never do.
        return Parsed(0, "Azure CLI token cache, encrypted with the user's DPAPI key", 1,
                      {"kind": "azure", "encrypted": "yes"}, protection="keyring",
                      severity=Severity.LOW)
    try:
        data = json.loads(decode_text(raw))
    except json.JSONDecodeError as exc:
        raise StoreError("corrupt", f"not JSON: {exc.msg} at line {exc.lineno}") from None
    counts: Counter[str] = Counter()
    if isinstance(data, dict):  # msal_token_cache.json: {"AccessToken": {...}, ...}
        for section in ("AccessToken", "RefreshToken", "IdToken", "Account"):
            entries = data.get(section)
            if isinstance(entries, dict):
                counts[section] = sum(1 for e in entries.values()
                                      if isinstance(e, dict) and _filled(e.get("secret", "x")))
    elif isinstance(data, list):  # accessTokens.json (ADAL) or service_principal_entries.json
        for e in data:
            if not isinstance(e, dict):
                continue
            if _filled(e.get("accessToken")):
                counts["AccessToken"] += 1
            if _filled(e.get("refreshToken")):
                counts["RefreshToken"] += 1
            if _filled(e.get("client_secret")) or _filled(e.get("certificate")):
                counts["ServicePrincipal"] += 1
    else:
        raise StoreError("unknown-format", "not an Azure CLI token file")
    records = counts["AccessToken"] + counts["RefreshToken"] + counts["ServicePrincipal"]
    return Parsed(
        records,
        f"{_plural(counts['RefreshToken'], 'Azure refresh token')}, "
        f"{_plural(counts['AccessToken'], 'access token')}"
        + (f", {_plural(counts['ServicePrincipal'], 'service principal secret')}"
           if counts["ServicePrincipal"] else "") + " in plain text",
        0,
        {"kind": "azure", "refresh_tokens": str(counts["RefreshToken"]),
         "access_tokens": str(counts["AccessToken"]), "accounts": str(counts["Account"]),
         "service_principals": str(counts["ServicePrincipal"])},
    )


_GCLOUD_SECRET_KEYS = ("refresh_token", "client_secret", "private_key")


def parse_gcloud(path: Path, raw: bytes) -> Parsed:
    if path.suffix == ".db":
        with sqlite_copy(path) as conn:
            names = tables(conn)
            table = "credentials" if "credentials" in names else (
                "access_tokens" if "access_tokens" in names else None)
            if table is None or "account_id" not in columns(conn, table):
                raise StoreError("unknown-schema", "no gcloud credentials table")
            n = int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        kind = "accounts" if table == "credentials" else "access tokens"
        return Parsed(n, f"gcloud {kind} of {_plural(n, 'account')} in a plain SQLite file", 0,
                      {"kind": "gcloud", "table": table, "accounts": str(n)})
    try:
        data = json.loads(decode_text(raw))
    except json.JSONDecodeError as exc:
        raise StoreError("corrupt", f"not JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise StoreError("unknown-format", "not a Google credentials file")
    ctype = str(data.get("type", "unknown"))[:40]
    secrets = [k for k in _GCLOUD_SECRET_KEYS if _filled(data.get(k))]
    if ctype == "impersonated_service_account":
        source = data.get("source_credentials")
        if isinstance(source, dict):
            secrets += [k for k in _GCLOUD_SECRET_KEYS if _filled(source.get(k))]
    delegated = 1 if not secrets and ctype == "external_account" else 0
    n = 1 if secrets else 0
    return Parsed(n, f"Google application default credentials ({ctype})"
                  + (" with a secret in plain text" if n else ""), delegated,
                  {"kind": "gcloud", "type": ctype, "secret_fields": ", ".join(sorted(secrets))})


_NETRC_KEYS = frozenset({"machine", "default", "login", "password", "account", "macdef"})


def parse_netrc(path: Path, raw: bytes) -> Parsed:
    text = decode_text(raw)
    passwords = machines = 0
    default = False
    lines = iter(text.splitlines())
    for line in lines:
        tokens = line.split()
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok == "macdef":  # a macro runs to the next empty line: not credentials
                for rest in lines:
                    if not rest.strip():
                        break
                break
            if tok == "machine":
                machines += 1
            elif tok == "default":
                default = True
            elif tok == "password" and i + 1 < len(tokens) and tokens[i + 1] not in _NETRC_KEYS:
                passwords += 1
            i += 1
    return Parsed(passwords, f"{_plural(passwords, 'password')} in plain text (.netrc)", 0,
                  {"kind": "netrc", "machines": str(machines), "passwords": str(passwords),
                   "default_entry": "yes" if default else "no"})


def _hosts(hosts: Counter[str]) -> str:
    return ", ".join(h for h, _ in hosts.most_common(5))


def parse_git_credentials(path: Path, raw: bytes) -> Parsed:
    n = 0
    hosts: Counter[str] = Counter()
    for line in decode_text(raw).splitlines():
        line = line.strip()
        if not line or "://" not in line:
            continue
        try:
            parts = urlsplit(line)
            host = parts.hostname or ""
            password = parts.password
        except ValueError:  # a malformed URL (bad port): skip it
            continue
        if password:
            n += 1
            hosts[host[:80]] += 1
    what = "password or token" if n == 1 else "passwords or tokens"
    return Parsed(n, f"{n} {what} in plain text (git credential store)",
                  0, {"kind": "git_credentials", "entries": str(n), "hosts": _hosts(hosts)})


def _auth_config(kind: str, raw: bytes) -> Parsed:
    try:
        data = json.loads(decode_text(raw))
    except json.JSONDecodeError as exc:
        raise StoreError("corrupt", f"not JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise StoreError("unknown-format", "not a registry auth file")
    auths = data.get("auths")
    if auths is None and kind == "docker" and all(isinstance(v, dict) for v in data.values()):
        auths = data  # the legacy ~/.dockercfg holds the auths map at its top level
    inline = 0
    hosts: Counter[str] = Counter()
    registries = 0
    if isinstance(auths, dict):
        for reg, entry in auths.items():
            registries += 1
            if isinstance(entry, dict) and any(
                _filled(entry.get(k)) for k in ("auth", "identitytoken", "registrytoken",
                                                 "password")):
                inline += 1
                hosts[str(reg)[:80]] += 1
    store = data.get("credsStore")
    helpers = data.get("credHelpers")
    n_helpers = len(helpers) if isinstance(helpers, dict) else 0
    uses_helper = bool(store) or n_helpers > 0
    # registries listed without an inline secret are served by the helper (keyring)
    delegated = max(registries - inline, n_helpers, 1) if uses_helper else 0
    label = "Docker" if kind == "docker" else "Podman"
    summary = (f"{_plural(inline, 'registry login')} stored base64-encoded (plain text)"
               if inline else f"{label} registry logins kept by a credential helper")
    return Parsed(
        inline, summary, delegated,
        {"kind": kind, "registries": str(registries), "inline_auths": str(inline),
         "creds_store": str(store)[:40] if store else "none", "cred_helpers": str(n_helpers),
         "hosts": _hosts(hosts)},
    )


def parse_docker(path: Path, raw: bytes) -> Parsed:
    return _auth_config("docker", raw)


def parse_podman(path: Path, raw: bytes) -> Parsed:
    return _auth_config("podman", raw)


_KUBE_SECRET = ("token", "client-key-data", "password")
_KUBE_DELEGATE = ("exec", "auth-provider", "tokenFile", "client-key")
_YAML_KEY = re.compile(r"^(\s*)(-\s+)?([A-Za-z][A-Za-z0-9_-]*)\s*:(?:\s+(.*))?\s*$")


def kube_users(text: str) -> list[dict[str, bool]]:
    """The `users` of a kubeconfig: per user, which credential keys hold a value.

    A line-based reader of the few keys we need (PyYAML is not a dependency): it never
    expands anchors or aliases, so hostile YAML cannot blow it up. JSON kubeconfigs (valid
    YAML) are read with json.
    """
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise StoreError("corrupt", f"not JSON: {exc.msg}") from None
        listed = data.get("users") if isinstance(data, dict) else None
        out: list[dict[str, bool]] = []
        for u in listed if isinstance(listed, list) else []:
            user = u.get("user") if isinstance(u, dict) else None
            user = user if isinstance(user, dict) else {}
            out.append({k: (_filled(user.get(k)) if k in _KUBE_SECRET else k in user)
                        for k in (*_KUBE_SECRET, *_KUBE_DELEGATE)})
        return out
    users: list[dict[str, bool]] = []
    in_users = False
    item_indent = -1
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        m = _YAML_KEY.match(raw.replace("\t", "    "))
        indent = len(raw) - len(raw.lstrip(" \t"))
        if indent == 0 and not raw.startswith("-"):
            in_users = bool(m and m.group(3) == "users")
            item_indent = -1
            if in_users and m and (m.group(4) or "").startswith("["):
                raise StoreError("unknown-format", "flow-style users list is not supported")
            continue
        if not in_users or not m:
            continue
        if m.group(2):  # "- name: ..." starts the next list item
            if item_indent < 0:
                item_indent = indent
            if indent == item_indent:
                users.append(dict.fromkeys((*_KUBE_SECRET, *_KUBE_DELEGATE), False))
                continue
        if not users:
            continue
        key, value = m.group(3), m.group(4)
        if key in _KUBE_SECRET:
            users[-1][key] = users[-1][key] or _filled(value)
        elif key in _KUBE_DELEGATE:
            users[-1][key] = True
    return users


def parse_kube(path: Path, raw: bytes) -> Parsed:
    users = kube_users(decode_text(raw))
    embedded = sum(1 for u in users if any(u[k] for k in _KUBE_SECRET))
    delegated = sum(1 for u in users if not any(u[k] for k in _KUBE_SECRET)
                    and any(u[k] for k in _KUBE_DELEGATE))
    per = {k: sum(1 for u in users if u[k]) for k in (*_KUBE_SECRET, *_KUBE_DELEGATE)}
    return Parsed(
        embedded, f"{_plural(embedded, 'cluster user')} with a token, key or password in "
        f"plain text, {delegated} through exec/auth-provider",
        delegated,
        {"kind": "kube", "users": str(len(users)), "tokens": str(per["token"]),
         "client_keys": str(per["client-key-data"]), "passwords": str(per["password"]),
         "exec_users": str(per["exec"] + per["auth-provider"]),
         "key_files": str(per["client-key"] + per["tokenFile"])},
    )


_NPM_SECRET = re.compile(r"(?:^|:)(_authToken|_auth|_password)\s*$")


def parse_npmrc(path: Path, raw: bytes) -> Parsed:
    n = env_refs = 0
    kinds: Counter[str] = Counter()
    for line in decode_text(raw).splitlines():
        line = line.strip()
        if not line or line[0] in "#;" or "=" not in line:
            continue
        key, _, value = line.partition("=")
        m = _NPM_SECRET.search(key.strip())
        if not m:
            continue
        if value.strip().strip("\"'").startswith("${"):
            env_refs += 1  # npm expands ${NPM_TOKEN} from the environment: no secret here
        elif _filled(value):
            n += 1
            kinds[m.group(1)] += 1
    return Parsed(n, f"{_plural(n, 'registry token or password')} in plain text (.npmrc)",
                  env_refs,
                  {"kind": "npmrc", "auth_tokens": str(kinds["_authToken"]),
                   "basic_auths": str(kinds["_auth"] + kinds["_password"]),
                   "env_references": str(env_refs)})


def parse_pypirc(path: Path, raw: bytes) -> Parsed:
    ini = parse_ini(decode_text(raw))
    n = tokens = 0
    for name, keys in ini.items():
        if name == "distutils":
            continue
        pw = keys.get("password")
        if _filled(pw):
            n += 1
            if str(pw).strip().startswith("pypi-") or keys.get("username") == "__token__":
                tokens += 1
    return Parsed(n, f"{_plural(n, 'package index password')} in plain text (.pypirc)", 0,
                  {"kind": "pypirc", "repositories": str(len(ini) - ("distutils" in ini)),
                   "passwords": str(n), "api_tokens": str(tokens)})


PARSERS: dict[str, Callable[[Path, bytes], Parsed]] = {
    "aws": parse_aws, "azure": parse_azure, "gcloud": parse_gcloud, "netrc": parse_netrc,
    "git_credentials": parse_git_credentials, "docker": parse_docker, "podman": parse_podman,
    "kube": parse_kube, "npmrc": parse_npmrc, "pypirc": parse_pypirc,
}


# ---------------------------------------------------------------------------- shell history

# A command line that carries a secret as an argument or assignment. Each pattern has a
# fixed label: the sample shown to users is the label, never the matched text.
_HISTORY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mysql -p********", re.compile(r"\b(?:mysql|mysqldump|mariadb|mysqladmin)\b.*\s-p\S+")),
    ("sshpass -p ********", re.compile(r"\bsshpass\b.*\s-p\s*\S+")),
    ("curl -u user:********", re.compile(r"\b(?:curl|wget)\b.*(?:\s-u\s*|\s--user[= ])"
                                         r"['\"]?[^\s:'\"]+:[^\s'\"]+")),
    ("--password=********", re.compile(r"(?:^|\s)--?(?:password|passwd|pass|pwd)(?:=|\s+)"
                                       r"(?!-)['\"]?[^\s'\"]{3,}", re.I)),
    ("--token=********", re.compile(r"(?:^|\s)--?(?:token|api-key|apikey|secret|"
                                    r"client-secret|access-key)(?:=|\s+)(?!-)['\"]?[^\s'\"]{6,}",
                                    re.I)),
    ("docker login -p ********", re.compile(r"\b(?:docker|podman)\s+login\b.*\s-p\s*\S+")),
    ("export *PASSWORD/TOKEN/SECRET=********", re.compile(
        r"(?:^|[\s;])(?:export\s+|set\s+(?:-x\s+)?|setx\s+|\$env:)?"
        r"(?P<name>[A-Za-z_]*(?:PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY)[A-Za-z_]*)"
        r"\s*=\s*['\"]?[^\s'\"$]{3,}", re.I)),
    ("scheme://user:********@host", re.compile(r"[a-z][a-z0-9+.-]*://[^\s/:@]+:[^\s/@]+@", re.I)),
    ("ConvertTo-SecureString \"********\" -AsPlainText", re.compile(
        r"ConvertTo-SecureString\b.*-AsPlainText", re.I)),
    ("htpasswd -b ... ********", re.compile(r"\bhtpasswd\b.*\s-\w*b\w*\s")),
)
# Names that look like a secret assignment but hold none: the working directory.
_NOT_SECRET_NAMES = frozenset({"PWD", "OLDPWD"})
_WORKDIR = re.compile(r"(?:^|[\s;$])(?:OLD)?PWD\b", re.I)


def _line_kind(line: str) -> str | None:
    for label, rx in _HISTORY_PATTERNS:
        m = rx.search(line)
        if m is None:
            continue
        name = m.groupdict().get("name")
        if name is not None and name.upper() in _NOT_SECRET_NAMES:
            continue
        return label
    return None


def history_lines(text: str) -> list[str]:
    """Commands of a history file: bash/sh plain lines, zsh extended (": 1700000000:0;cmd"),
    fish ("- cmd: ..."), PowerShell plain lines."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith(": ") and ";" in line[:40]:
            line = line.split(";", 1)[1]
        elif line.startswith("- cmd: "):
            line = line[7:]
        elif line.startswith("  when: ") or line.startswith("  paths:") or \
                line.startswith("    - "):
            continue
        if line.strip():
            out.append(line)
    return out


@dataclass(slots=True)
class HistoryScan:
    lines: int = 0
    hits: int = 0
    kinds: Counter[str] = field(default_factory=Counter)


def scan_history(ctx: ScanContext, text: str, detector: Any | None) -> HistoryScan:
    res = HistoryScan()
    commands = history_lines(text)
    res.lines = len(commands)
    hit_lines: set[int] = set()
    for i, line in enumerate(commands):
        if i % 5000 == 0:
            ctx.check()
        if len(line) > 4096:
            line = line[:4096]
        label = _line_kind(line)
        if label is not None:
            res.kinds[label] += 1
            hit_lines.add(i)
    if detector is not None:
        # The project's credential rules (API keys, tokens, JWTs, URL passwords) over the
        # commands; a line already counted is not counted twice.
        joined = "\n".join(c[:4096] for c in commands)
        starts: list[int] = []
        pos = 0
        for c in commands:
            starts.append(pos)
            pos += min(len(c), 4096) + 1
        for m in detector.detect(joined):
            if m.rule.id == "credential.private_key":
                continue
            idx = bisect.bisect_right(starts, m.start) - 1
            if idx in hit_lines or (m.rule.id == "credential.password_assignment"
                                    and _WORKDIR.search(commands[idx])):
                continue
            hit_lines.add(idx)
            res.kinds[m.rule.id.split(".", 1)[-1]] += 1
    res.hits = len(hit_lines)
    return res


# ---------------------------------------------------------------------------- SSH keys


@dataclass(frozen=True, slots=True)
class KeyInfo:
    keys: int
    protected: str  # "yes", "no", "unknown"
    kind: str  # openssh, rsa, ec, dsa, pkcs8, encrypted, putty


_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----")


def key_info(head: str) -> KeyInfo | None:
    """Whether text (the first KB of a file) is a private key, and if it has a passphrase."""
    if head.startswith("PuTTY-User-Key-File-"):
        m = re.search(r"^Encryption:\s*(\S+)", head, re.M)
        if not m:
            return None
        return KeyInfo(1, "no" if m.group(1) == "none" else "yes", "putty")
    found = list(_BEGIN.finditer(head))
    if not found:
        return None
    first = found[0]
    verdict = private_key(head[first.start(): first.start() + 400])
    if verdict is None:
        return None
    return KeyInfo(len(found), verdict.detail.get("protected", "unknown"),
                   verdict.detail.get("type", "pkcs8"))


def _openssh_cipher(head: str) -> str | None:
    """The cipher name of an OpenSSH key ("none", "aes256-ctr"), from its base64 header."""
    m = re.search(r"-----BEGIN OPENSSH PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]{40,})", head)
    if not m:
        return None
    body = "".join(m.group(1).split())[:64]
    try:
        raw = base64.b64decode(body[: len(body) - len(body) % 4])
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith(b"openssh-key-v1\0"):
        return None
    n = int.from_bytes(raw[15:19], "big")
    return raw[19:19 + n].decode("ascii", "replace") if n < 40 else None


def _skip_ssh_name(name: str, patterns: list[str]) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatch(low, p.lower()) for p in patterns)


def ssh_candidates(ctx: ScanContext) -> list[Path]:
    cfg = _config()
    skip = [str(p) for p in cfg.get("ssh_skip", [])]
    out: list[Path] = []
    for pattern in cfg.get("ssh_dirs", ["~/.ssh"]):
        for folder in expand(ctx, str(pattern)):
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                out.append(folder)  # reported as an error by the scan
                continue
            for e in entries:
                if _skip_ssh_name(e.name, skip):
                    continue
                try:
                    if e.is_dir():  # follows links; a loop is an OSError
                        continue
                except OSError:
                    pass
                out.append(Path(e.path))
    return out


class SshKeysScanner:
    """SSH private keys: passphrase or not, and who may read them."""

    id: ClassVar[str] = SSH_ID
    title: ClassVar[str] = "SSH private keys"
    rules: ClassVar[tuple[str, ...]] = ("stores.ssh.private_key",)

    def applies(self, ctx: ScanContext) -> bool:
        if ssh_candidates(ctx):
            return True
        ctx.unavailable(SSH_ID, "not-present", "no ~/.ssh folder with files")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        for path in ssh_candidates(ctx):
            ctx.check()
            try:
                if path.is_dir():
                    os.scandir(path).close()  # the folder itself could not be listed
                    continue
                f = self._one(ctx, path)
            except Exception as exc:  # one unreadable file must not end the scan
                ctx.error(scan_error(SSH_ID, str(path), exc))
                continue
            if f is not None:
                yield f

    def _one(self, ctx: ScanContext, path: Path) -> Finding | None:
        try:
            st = os.stat(path)
        except OSError as exc:
            raise StoreError("unreadable", (exc.strerror or "unreadable")[:200]) from None
        if not stat.S_ISREG(st.st_mode) or st.st_size > 256 * 1024:
            return None  # keys are a few KB: a big or special file is not one
        raw, _ = read_capped(path, 16 * 1024)
        head = raw.decode("ascii", "replace")
        info = key_info(head)
        if info is None:
            return None
        detail = mode_detail(st)
        detail.update({"key_type": info.kind, "passphrase": info.protected,
                       "path": display_path(ctx, path)})
        if info.kind == "openssh":
            cipher = _openssh_cipher(head)
            if cipher:
                detail["cipher"] = cipher
        if info.protected == "yes":
            protection, severity = "passphrase", Severity.MEDIUM
            summary = f"{info.kind} private key behind a passphrase"
        elif info.protected == "no":
            protection, severity = "unprotected-key", Severity.CRITICAL
            summary = f"{info.kind} private key without a passphrase"
        else:
            protection, severity = None, Severity.HIGH
            summary = f"{info.kind} private key (protection unknown)"
        if detail["world_readable"] == "yes" or detail["group_readable"] == "yes":
            summary += f", mode {detail['mode']} (readable by others)"
            severity = Severity.CRITICAL if protection != "passphrase" else Severity.HIGH
        sf = StoreFinding("stores.ssh.private_key", Category.CREDENTIAL, severity, str(path),
                          summary, info.keys, protection, file=str(path))
        return make_finding(ctx, SSH_ID, sf, detail)


# ---------------------------------------------------------------------------- other files


class CredentialFilesScanner:
    """Files tools keep credentials in: how many, in plain text or through a helper."""

    id: ClassVar[str] = CRED_ID
    title: ClassVar[str] = "Credential files (cloud, registries, git, shell history)"
    rules: ClassVar[tuple[str, ...]] = tuple(f"{CRED_ID}.{k}" for k in KINDS)

    def applies(self, ctx: ScanContext) -> bool:
        if any(locations(ctx, k) for k in KINDS):
            return True
        ctx.unavailable(CRED_ID, "not-present", "no credential file of a known tool was found")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        cfg = _config()
        max_bytes = int(cfg.get("max_bytes", 4 * 1024 * 1024))
        detector: Any | None = None
        for kind in KINDS:
            for path in locations(ctx, kind):
                ctx.check()
                try:
                    if kind == "shell_history":
                        if detector is None:
                            detector = _detector(ctx)
                        f = self._history(ctx, path, int(cfg.get("history_bytes", 32 << 20)),
                                          detector or None)
                    else:
                        f = self._file(ctx, kind, path, max_bytes)
                except ScanCancelled:
                    raise
                except Exception as exc:  # the audit goes on past one bad file
                    ctx.error(scan_error(CRED_ID, str(path), exc))
                    continue
                if f is not None:
                    yield f

    def _file(self, ctx: ScanContext, kind: str, path: Path, limit: int) -> Finding | None:
        st = _stat(path)
        raw = b"" if path.suffix == ".db" else read_capped(path, limit)[0]
        if path.suffix == ".db":
            read_capped(path, 16, tail=True)  # permission and type check before the copy
        parsed = PARSERS[kind](path, raw)
        if parsed.records == 0 and parsed.delegated == 0:
            return None
        protection = parsed.protection or ("plaintext" if parsed.records else "keyring")
        severity = parsed.severity or (Severity.HIGH if parsed.records else Severity.INFO)
        detail = mode_detail(st)
        detail.update(parsed.detail)
        detail["path"] = display_path(ctx, path)
        detail["delegated"] = str(parsed.delegated)
        summary = parsed.summary
        if parsed.records and detail["world_readable"] == "yes":
            summary += f", mode {detail['mode']} (readable by every user)"
        sf = StoreFinding(f"stores.credentials.{kind}", Category.CREDENTIAL, severity,
                          str(path), summary, parsed.records, protection, file=str(path))
        return make_finding(ctx, CRED_ID, sf, detail)

    def _history(self, ctx: ScanContext, path: Path, limit: int,
                 detector: Any | None) -> Finding | None:
        st = _stat(path)
        raw, truncated = read_capped(path, limit, tail=True)
        text = decode_text(raw, lenient=True)
        if truncated:  # the first line may be cut in the middle
            text = text.split("\n", 1)[-1]
        res = scan_history(ctx, text, detector)
        if res.hits == 0:
            return None
        samples = [k for k, _ in res.kinds.most_common(3)]
        detail = mode_detail(st)
        detail.update({
            "kind": "shell_history", "path": display_path(ctx, path),
            "commands": str(res.lines), "lines_with_secrets": str(res.hits),
            "kinds": ", ".join(f"{k}: {n}" for k, n in res.kinds.most_common(8)),
            "truncated": "yes" if truncated else "no",
        })
        summary = (f"{_plural(res.hits, 'command line')} with a password or token "
                   f"(e.g. {'; '.join(samples)})")
        sf = StoreFinding("stores.credentials.shell_history", Category.CREDENTIAL,
                          Severity.HIGH, str(path), summary, res.hits, "plaintext",
                          file=str(path))
        return make_finding(ctx, CRED_ID, sf, detail)


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except PermissionError:
        raise StoreError("permission-denied", "permission denied") from None
    except OSError as exc:
        raise StoreError("unreadable", (exc.strerror or type(exc).__name__)[:200]) from None


def _detector(ctx: ScanContext) -> Any:
    """The project's credential rules, compiled once per scan (False when there are none)."""
    from scanners.detect import Detector

    rules = ctx.rules.select(["credential"])
    if not rules.rules:
        return False
    return Detector(rules)
