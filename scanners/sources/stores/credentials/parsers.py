"""Parsers of the files tools keep secrets in: AWS, Azure, gcloud, .netrc,
.git-credentials, Docker/Podman auth, kube configs, .npmrc, .pypirc. They count credentials
by key names and by whether a value is empty; they never copy a value out.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scanners.model import Severity
from scanners.sources.stores.common import (
    StoreError,
    columns,
    sqlite_copy,
    tables,
)
from scanners.sources.stores.credentials.reading import decode_text
from scanners.system.phrases import Phrase, say


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
    summary: Phrase
    delegated: int = 0  # entries that point to a helper/keyring/SSO instead of a secret
    detail: dict[str, str] = field(default_factory=dict)
    protection: str | None = None  # overrides "plaintext"/"keyring" chosen from the counts
    severity: Severity | None = None


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
        static, say("cred.aws", n=static)
        + (say("cred.aws_session", m=session) if session else Phrase(())),
        delegated,
        {"kind": "aws", "profiles": str(profiles), "static_keys": str(static),
         "session_tokens": str(session), "session_token": "yes" if session else "no",
         "delegated_profiles": str(delegated)},
    )


def parse_azure(path: Path, raw: bytes) -> Parsed:
    if path.suffix == ".bin":
        # The Windows CLI keeps its MSAL cache DPAPI-encrypted: nothing to count without
        # decrypting, which we never do.
        return Parsed(0, say("cred.azure_dpapi"), 1,
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
        say("cred.azure", n=counts["RefreshToken"])
        + say("cred.azure_access", n=counts["AccessToken"])
        + (say("cred.azure_sp", n=counts["ServicePrincipal"])
           if counts["ServicePrincipal"] else Phrase(())) + say("cred.in_plain_text"),
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
        kind = "accounts" if table == "credentials" else "access_tokens"
        return Parsed(n, say(f"cred.gcloud_{kind}", n=n), 0,
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
    return Parsed(n, say("cred.google_adc", type=ctype)
                  + (say("cred.with_secret") if n else Phrase(())), delegated,
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
    return Parsed(passwords, say("cred.netrc", n=passwords), 0,
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
    return Parsed(n, say("cred.git", n=n),
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
    summary = (say("cred.registry_inline", n=inline)
               if inline else say("cred.registry_helper", tool=label))
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
        embedded, say("cred.kube", n=embedded, delegated=delegated),
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
    return Parsed(n, say("cred.npmrc", n=n),
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
    return Parsed(n, say("cred.pypirc", n=n), 0,
                  {"kind": "pypirc", "repositories": str(len(ini) - ("distutils" in ini)),
                   "passwords": str(n), "api_tokens": str(tokens)})


PARSERS: dict[str, Callable[[Path, bytes], Parsed]] = {
    "aws": parse_aws, "azure": parse_azure, "gcloud": parse_gcloud, "netrc": parse_netrc,
    "git_credentials": parse_git_credentials, "docker": parse_docker, "podman": parse_podman,
    "kube": parse_kube, "npmrc": parse_npmrc, "pypirc": parse_pypirc,
}
