"""Auditing and fixing a demo sandbox without touching the user's own piaudit.

`inside(box)` points every folder piaudit uses at the sandbox for the time of a block: the
home (HOME, PIAUDIT_HOME), the data folder with the key and the log (PIAUDIT_DATA_DIR), the
cache (PIAUDIT_CACHE_DIR), the desktop's settings (PIAUDIT_GUI_SETTINGS), the system root
(PIAUDIT_SYSROOT, an empty folder), the tools (PIAUDIT_TOOL_PATH: only the sandbox's fake
adb) and the OS keyring (PIAUDIT_KEYRING=0: never asked). The user's passphrase file is
hidden; the sandbox's log has the demo passphrase (its README says it).

`scan(box)` runs every scanner through the audit session; `fix(box)` applies the
recommended fixes to what the latest sandbox scan found.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scanners.demo import phone as phone_mod
from scanners.demo import stores
from scanners.demo.sandbox import DEMO_PASSPHRASE, DemoError, Sandbox

if TYPE_CHECKING:
    from scanners.actions.remediate import Remediator
    from scanners.audit_session import AuditHooks, AuditOutcome
    from scanners.ledger import Ledger
    from scanners.model import Finding

# the user's settings that must not reach a sandbox audit
_HIDDEN = ("PIAUDIT_PASSPHRASE_FILE", "PIAUDIT_RESOURCES_OVERRIDE")
# categories whose files the fix moves into the vault; files with only contact details
# (or whereabouts) are made private instead
_VAULT = frozenset({"identity", "financial", "credential", "health", "biometric", "minor"})
BULK = 20  # contact values in one file from which it is a list of other people's details


def environment(box: Sandbox) -> dict[str, str]:
    """The variables that make piaudit see the sandbox as the whole machine."""
    home = str(box.home)
    return {
        "HOME": home, "PIAUDIT_HOME": home,
        "PIAUDIT_DATA_DIR": str(box.data), "PIAUDIT_CACHE_DIR": str(box.cache),
        "PIAUDIT_GUI_SETTINGS": str(box.private / "gui-settings.ini"),
        "PIAUDIT_SYSROOT": str(box.sysroot), "PIAUDIT_TOOL_PATH": str(box.phone),
        "PIAUDIT_KEYRING": "0",
        "XDG_DATA_HOME": str(box.home / ".local" / "share"),
        "XDG_CACHE_HOME": str(box.home / ".cache"),
        "XDG_CONFIG_HOME": str(box.home / ".config"),
    }


@contextlib.contextmanager
def inside(box: Sandbox) -> Iterator[dict[str, str]]:
    """Set the sandbox's environment for the block; the previous one is restored after."""
    env = environment(box)
    saved = {k: os.environ.get(k) for k in (*env, *_HIDDEN)}
    try:
        os.environ.update(env)
        for k in _HIDDEN:
            os.environ.pop(k, None)
        yield env
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _private_folders(box: Sandbox) -> None:
    from scanners.system.paths import ensure_private_dir

    ensure_private_dir(box.data)
    ensure_private_dir(box.cache)


def passphrase(path: Path, *, creating: bool) -> str | None:
    """The sandbox log's passphrase source: the demo's, never a prompt."""
    del path, creating
    return DEMO_PASSPHRASE


def scan(box: Sandbox, hooks: AuditHooks | None = None, *, jobs: int = 1) -> AuditOutcome:
    """Audit the sandbox with every scanner, recorded in the sandbox's own log."""
    from dataclasses import replace

    from scanners.audit_session import AuditHooks, AuditRequest, run_audit

    hooks = replace(hooks or AuditHooks(), passphrase=passphrase)
    with inside(box):
        _private_folders(box)
        request = AuditRequest(
            roots=(str(box.home),), jobs=jobs, use_cache=False, data=box.data,
            nss_password_check=True, settings={"demo": str(box.root)})
        return run_audit(request, hooks)


def open_log(box: Sandbox) -> Ledger:
    from scanners.ledger import LOG_FILE, Ledger

    path = box.data / LOG_FILE
    if not path.exists():
        raise DemoError(f"{box.root} has not been scanned yet: run `piaudit demo scan` first")
    return Ledger.open(path, DEMO_PASSPHRASE, create=False)


def latest_scan(ledger: Ledger) -> int:
    done = [s.id for s in ledger.scans() if s.finished_ok]
    if not done:
        raise DemoError("the sandbox's log holds no finished scan: run `piaudit demo scan`")
    return done[-1]


# ------------------------------------------------------------------------------- the fix


@dataclass(frozen=True, slots=True)
class FixStep:
    """One recommended fix: what, on what, how it is done in the sandbox."""

    kind: str  # vault, restrict, passphrase, browser, primary-password, revoke, flatpak,
    # accessibility
    target: str  # a path, a store or a grant, as the scan listed it
    description: str
    finding: Finding | None = None


@dataclass(frozen=True, slots=True)
class FixResult:
    step: FixStep
    done: bool
    message: str


def latest_findings(box: Sandbox) -> list[Finding]:
    """What the sandbox's latest finished scan found, from its log (what the attacker's view
    and the fixes work on)."""
    with inside(box), closing_log(box) as ledger:
        return list(ledger.findings(latest_scan(ledger)))


def plan(box: Sandbox) -> list[FixStep]:
    """The fixes the latest sandbox scan calls for, in the order they are applied."""
    return plan_for(box, latest_findings(box))


@contextlib.contextmanager
def closing_log(box: Sandbox) -> Iterator[Ledger]:
    ledger = open_log(box)
    try:
        yield ledger
    finally:
        ledger.close()


def _content_steps(findings: list[Finding]) -> list[FixStep]:
    """One step per file: into the vault when it holds sensitive data or a list of other
    people's details (BULK contact values or more); made private otherwise."""
    from dataclasses import replace

    cats: dict[str, set[str]] = {}
    contacts: dict[str, int] = {}
    whole: dict[str, Finding] = {}
    for f in findings:
        if not (f.scanner.startswith("content") and f.file):
            continue
        cats.setdefault(f.file, set()).add(str(f.category))
        if f.category == "contact":
            contacts[f.file] = contacts.get(f.file, 0) + f.count
        # the file itself, also when every finding lies in a member (an archive, a sheet)
        # (its facts are recorded under the location, a member's facts are its container's)
        whole.setdefault(f.file, replace(f, member=""))
    out = []
    for file in sorted(cats):
        if cats[file] & _VAULT or contacts.get(file, 0) >= BULK:
            out.append(FixStep("vault", file, f"move {_short(file)} into the encrypted vault",
                               whole[file]))
        else:
            out.append(FixStep("restrict", file, f"make {_short(file)} private (mode 600)",
                               whole[file]))
    return out


def _store_steps(box: Sandbox, findings: list[Finding]) -> list[FixStep]:
    out: list[FixStep] = []
    rules = {f.rule for f in findings}
    if rules & {"stores.chromium.logins", "stores.chromium.cards"}:
        out.append(FixStep("browser", str(box.home / stores.CHROMIUM_ROOT),
                           "Chrome: move the saved passwords and card to a password manager "
                           "and delete them from the browser (simulated on its databases)"))
    if any(f.scanner == "stores.firefox" and f.detail.get("protection") == "weak-key"
           for f in findings):
        out.append(FixStep("primary-password", str(box.home / stores.FIREFOX_ROOT),
                           "Firefox: set a primary password (simulated: key4.db rewritten "
                           "as Firefox writes it with one)"))
    for f in findings:
        if f.scanner == "stores.ssh" and f.detail.get("protection") == "unprotected-key":
            out.append(FixStep("passphrase", f.file or str(box.home / stores.SSH_KEY),
                               "SSH: put a passphrase on the key (ssh-keygen -p; simulated)",
                               f))
        elif f.scanner == "stores.credentials" and f.file:
            out.append(FixStep("restrict", f.file, f"make {_short(f.file)} private (mode 600)"
                               " and rotate the keys", f))
    return out


def _grant_steps(findings: list[Finding]) -> list[FixStep]:
    from scanners.actions.revoke import is_grant, revocable_argv

    out: list[FixStep] = []
    for f in findings:
        if not is_grant(f) or f.detail.get("state") == "denied":
            continue
        d = f.detail
        what = f"{d.get('permission', '')} of {d.get('app_name') or d.get('app', '')}"
        if f.scanner == "permissions.flatpak":
            out.append(FixStep("flatpak", d.get("app", ""), f"Flatpak: take {what} away "
                               "(flatpak override --user; simulated)", f))
        elif revocable_argv(f):
            out.append(FixStep("revoke", f.location, f"phone: revoke {what}", f))
        elif d.get("permission") == "accessibility":
            out.append(FixStep("accessibility", f.location, f"phone: turn off {what} "
                               "(Settings > Accessibility; simulated)", f))
    return out


def plan_for(box: Sandbox, findings: list[Finding]) -> list[FixStep]:
    return [*_content_steps(findings), *_store_steps(box, findings), *_grant_steps(findings)]


def fix(box: Sandbox, confirm: Callable[[list[FixStep]], bool] | None = None) -> list[FixResult]:
    """Apply every step of the plan (after `confirm(steps)`, when given) and record each
    action the log knows in the sandbox's log. Returns what became of each step."""
    from scanners.actions.remediate import RemediationError, Remediator
    from scanners.actions.vault import VaultError

    results: list[FixResult] = []
    with inside(box), closing_log(box) as ledger:
        sid = latest_scan(ledger)
        findings = list(ledger.findings(sid))
        steps = plan_for(box, findings)
        if confirm is not None and not confirm(steps):
            return []
        rem = Remediator(ledger, sid, data=box.data, vault_dir=box.data / "vault")
        for step in steps:
            try:
                results.append(_apply(box, ledger, sid, rem, step))
            # a refused or failed step says why; the others go on
            except (RemediationError, VaultError, OSError, ValueError, sqlite3.Error) as exc:
                results.append(FixResult(step, False, str(exc)))
    return results


def _yes(_plan: object) -> bool:
    return True


def _apply(box: Sandbox, ledger: Ledger, sid: int, rem: Remediator,
           step: FixStep) -> FixResult:
    if step.kind in ("vault", "restrict"):
        out = rem.run(step.kind, step.finding or step.target, _yes)
        return FixResult(step, out.done, out.message)
    if step.kind == "browser":
        return FixResult(step, True, _clear_chromium(box))
    if step.kind == "primary-password":
        prof = box.home / stores.FIREFOX_ROOT / stores.FIREFOX_PROFILE
        seed = int(str(box.marker().get("seed", 1)))
        stores.write_key4(prof / "key4.db", seed, primary_password="demo primary password")
        return FixResult(step, True, "key4.db now asks for a primary password")
    if step.kind == "passphrase":
        seed = int(str(box.marker().get("seed", 1)))
        path = Path(step.target)
        path.write_bytes(stores.openssh_key(seed, "demo", encrypted_with="demo passphrase"))
        return FixResult(step, True, "the key is now encrypted")
    if step.kind == "flatpak":
        assert step.finding is not None
        return FixResult(step, True, _flatpak_override(box, step.finding))
    if step.kind == "revoke":
        return _revoke(ledger, sid, step)
    if step.kind == "accessibility":
        n = phone_mod.turn_off_accessibility(box.phone)
        return FixResult(step, True, f"{n} accessibility service(s) turned off on the phone")
    return FixResult(step, False, f"unknown step {step.kind}")


def _revoke(ledger: Ledger, sid: int, step: FixStep) -> FixResult:
    from scanners.actions.revoke import record_revoke, revocable_argv, run_revoke

    assert step.finding is not None
    result = run_revoke(revocable_argv(step.finding))
    record_revoke(ledger, step.finding, result, sid)
    return FixResult(step, result.ok, "revoked" if result.ok else result.message)


_OVERRIDE_KEYS = {"--nofilesystem": "filesystems", "--nosocket": "sockets",
                  "--nodevice": "devices", "--unshare": "shared"}


def _flatpak_override(box: Sandbox, grant: Finding) -> str:
    """What `flatpak override --user --noX=Y APP` does: add "!Y" to the X key of the app's
    user override file (a GLib keyfile, [Context] group)."""
    from scanners.actions.revoke import revocable_argv

    argv = revocable_argv(grant)
    flag, _, name = next((a for a in argv if a.startswith("--no") or a.startswith("--un")),
                         "").partition("=")
    key = _OVERRIDE_KEYS.get(flag)
    if key is None or not name:
        raise ValueError(f"no override for {' '.join(argv)}")
    path = stores.flatpak_override_path(box.home)
    entries: dict[str, list[str]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            k, sep, v = line.partition("=")
            if sep:
                entries[k] = [x for x in v.split(";") if x]
    values = entries.setdefault(key, [])
    if f"!{name}" not in values:
        values.append(f"!{name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[Context]\n" + "".join(f"{k}={';'.join(v)};\n"
                                             for k, v in sorted(entries.items())),
                    encoding="utf-8")
    return f"{_short(str(path))}: {key}=!{name}"


def _clear_chromium(box: Sandbox) -> str:
    prof = box.home / stores.CHROMIUM_ROOT / "Default"
    removed = 0
    for name, tables in (("Login Data", ("logins",)),
                         ("Web Data", ("credit_cards", "local_stored_cvc", "addresses",
                                       "address_type_tokens"))):
        path = prof / name
        if not path.exists():
            continue
        with closing(sqlite3.connect(path)) as db:
            for table in tables:
                removed += db.execute(f'DELETE FROM "{table}"').rowcount
            db.commit()
            db.execute("VACUUM")  # deleted rows must not linger in free pages
    return f"{removed} saved entries deleted from the browser"


def _short(path: str) -> str:
    home = os.environ.get("HOME", "")
    if home and path.startswith(home + os.sep):
        return "~" + path[len(home):]
    return path


def summary(results: list[FixResult]) -> Mapping[str, int]:
    done = sum(1 for r in results if r.done)
    return {"done": done, "failed": len(results) - done}
