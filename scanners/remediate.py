"""Remediation actions: each confirmed by the user, recorded in the audit log, undoable if possible.

- open the containing folder (the command is returned; launching it is the caller's choice);
- restrict permissions to the owner (undo restores the old mode);
- move to the encrypted vault (AES-256-GCM under a key derived from the log's key; undo and
  `piaudit vault restore` put the file back);
- write a redacted copy of a text or CSV file, values masked by the detectors (undo deletes
  the copy);
- securely delete (overwrite, then unlink; not undoable; on SSDs and copy-on-write file
  systems old blocks may survive, so full-disk encryption is the real protection);
- accept a risk with a reason (its fingerprint is left out of later scores; undo withdraws it).

An action never touches a file that changed since the scan (size, mtime, SHA-256 recorded
when the scan ended): it says so and asks for a rescan. The log, the vault and its index hold
no personal value: paths, modes, sizes, hashes of files and fingerprints only.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanners.access import AccessFacts, facts_for, file_of, logged_facts, sha256_of
from scanners.scoring import Acceptance

if TYPE_CHECKING:
    from scanners.ledger import Ledger

ACTIONS = ("open", "restrict", "vault", "redact", "delete", "accept")
UNDOABLE = ("restrict", "vault", "redact", "accept")
SSD_CAVEAT = (
    "On SSDs, flash drives and copy-on-write or journaling file systems (APFS, Btrfs, ZFS, "
    "NTFS with shadow copies) the old blocks may survive the overwrite, and backups or synced "
    "copies are not touched: full-disk encryption is what protects deleted data."
)
REDACT_SUFFIXES = (".txt", ".csv", ".tsv", ".log", ".md", ".json", ".xml", ".html", ".htm",
                   ".ini", ".cfg", ".conf", ".yaml", ".yml", ".env", ".sql", ".vcf", ".eml")
VAULT_DIR = "vault"


class RemediationError(Exception):
    """An action that cannot be done, with a message for the user."""


class FileChanged(RemediationError):
    """The file is not what the scan saw: rescan before acting on it."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What an action will do, shown to the user for confirmation."""

    kind: str
    location: str
    description: str
    warnings: tuple[str, ...] = ()
    undoable: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str
    location: str
    done: bool
    message: str
    action_id: int | None = None
    command: tuple[str, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)


Confirm = Callable[[Plan], bool]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- accepted risks


def accepted_risks(ledger: Ledger) -> list[Acceptance]:
    """Risks the user accepted and did not withdraw, from the log's actions."""
    actions = ledger.actions()
    undone = {a["detail"].get("of") for a in actions if a.get("kind") == "undo"}
    out = []
    for a in actions:
        if a.get("kind") == "accept" and a.get("outcome") == "done" and a["id"] not in undone:
            d = a.get("detail", {})
            out.append(Acceptance(str(d.get("fingerprint", "")), d.get("scope") or None,
                                  str(d.get("reason", ""))))
    return [a for a in out if a.fingerprint]


# --------------------------------------------------------------------------- vault


class Vault:
    """Encrypted copies of files moved out of the way. Index and items are sealed (AES-GCM)."""

    def __init__(self, key: bytes, folder: Path) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    @classmethod
    def for_ledger(cls, ledger: Ledger, folder: Path | None = None) -> Vault:
        from scanners.paths import data_dir

        return cls(ledger.subkey("vault"), folder or data_dir() / VAULT_DIR)

    def _seal(self, data: bytes, aad: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, aad.encode())

    def _open(self, box: bytes, aad: str) -> bytes:
        from cryptography.exceptions import InvalidTag

        try:
            return self._aead.decrypt(box[:12], box[12:], aad.encode())
        except (InvalidTag, ValueError):
            raise RemediationError(
                "the vault does not open with this audit log's key (altered, or another log)"
            ) from None

    def index(self) -> dict[str, dict[str, Any]]:
        path = self.folder / "index.bin"
        if not path.exists():
            return {}
        data: dict[str, dict[str, Any]] = json.loads(self._open(path.read_bytes(), "index"))
        return data

    def _write_index(self, index: Mapping[str, Any]) -> None:
        _atomic_write(self.folder / "index.bin",
                      self._seal(json.dumps(index, ensure_ascii=False).encode(), "index"))

    def add(self, path: Path, scan_id: int | None) -> str:
        data = path.read_bytes()
        st = path.stat()
        item = secrets.token_hex(8)
        _atomic_write(self.folder / f"{item}.bin", self._seal(data, item))
        if self._open((self.folder / f"{item}.bin").read_bytes(), item) != data:
            raise RemediationError("the vault copy did not verify; the original was kept")
        index = self.index()
        index[item] = {"path": str(path), "mode": stat.S_IMODE(st.st_mode), "size": len(data),
                       "mtime_ns": st.st_mtime_ns, "added": _now(), "scan": scan_id}
        self._write_index(index)
        return item

    def restore(self, item: str, target: Path | None = None) -> Path:
        index = self.index()
        entry = index.get(item)
        if entry is None:
            raise RemediationError(f"there is no item {item} in the vault (piaudit vault list)")
        dest = target or Path(entry["path"])
        if dest.exists():
            raise RemediationError(f"{dest} exists: restore it elsewhere (--to PATH) or move it")
        data = self._open((self.folder / f"{item}.bin").read_bytes(), item)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(dest, int(entry.get("mode", 0o600)))
        mtime = int(entry.get("mtime_ns", 0))
        if mtime:
            os.utime(dest, ns=(mtime, mtime))
        (self.folder / f"{item}.bin").unlink()
        del index[item]
        self._write_index(index)
        return dest


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# --------------------------------------------------------------------------- helpers


def shred(path: Path, passes: int = 1) -> None:
    """Overwrite a file's bytes with random data, sync, truncate, rename and unlink it."""
    size = path.stat().st_size
    with open(path, "r+b", buffering=0) as fh:
        for _ in range(passes):
            fh.seek(0)
            left = size
            while left > 0:
                n = min(left, 1 << 20)
                fh.write(os.urandom(n))
                left -= n
            os.fsync(fh.fileno())
        fh.truncate(0)
        os.fsync(fh.fileno())
    gone = path.with_name("." + secrets.token_hex(8))
    os.replace(path, gone)
    gone.unlink()


def open_command(path: str) -> tuple[str, ...]:
    """The command that shows a file in the desktop's file manager."""
    if sys.platform == "win32":
        return ("explorer", f"/select,{path}")
    if sys.platform == "darwin":
        return ("open", "-R", path)
    return ("xdg-open", str(Path(path).parent))


def redact_text(text: str, columns: list[str] | None = None,
                delimiter: str | None = None) -> tuple[str, int]:
    """The text with every detected value replaced by its mask; and how many were masked."""
    from scanners.detect import Detector
    from scanners.redact import mask
    from scanners.rules import load_rules

    matches = Detector(load_rules()).detect(text, columns=columns, delimiter=delimiter)
    spans = sorted(((m.start, m.end, m.value, m.rule.mask) for m in matches
                    if m.end > m.start), key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[str] = []
    pos = n = 0
    for start, end, value, style in spans:
        if start < pos:
            continue  # overlaps a span already masked (e.g. the minor rule on an ID)
        masked = mask(value, style)
        if not masked or masked == value:
            masked = "*" * len(value)
        out.append(text[pos:start])
        out.append(masked)
        pos = end
        n += 1
    out.append(text[pos:])
    return "".join(out), n


# --------------------------------------------------------------------------- actions


class Remediator:
    """Plans and runs actions on what one logged scan found."""

    def __init__(self, ledger: Ledger, scan_id: int | None = None,
                 facts: Mapping[str, AccessFacts] | None = None,
                 vault_dir: Path | None = None) -> None:
        self.ledger = ledger
        self.scan_id = scan_id
        self.facts = dict(facts) if facts is not None else (
            logged_facts(ledger, scan_id) if scan_id is not None else {})
        self.vault_dir = vault_dir

    def vault(self) -> Vault:
        return Vault.for_ledger(self.ledger, self.vault_dir)

    # ---- checks

    def _path(self, location: str) -> Path:
        path = file_of(location)
        if path is None:
            raise RemediationError(f"{location} is not a file: use the application's own"
                                   " settings (see the advice)")
        return Path(path)

    def check_unchanged(self, location: str) -> Path:
        """The file behind `location`, if it is exactly as the scan saw it; else FileChanged."""
        path = self._path(location)
        seen = self.facts.get(location) or self.facts.get(str(path))
        scan = f"scan #{self.scan_id}" if self.scan_id is not None else "the scan"
        if seen is None or not seen.exists:
            raise FileChanged(f"{path}: {scan} recorded no state for this file; rescan it"
                              " (piaudit scan) and act on the new scan")
        now = facts_for(str(path), hash_file=False)
        if not now.exists:
            raise FileChanged(f"{path} no longer exists; rescan")
        if (now.size, now.mtime_ns) != (seen.size, seen.mtime_ns) or (
                seen.sha256 is not None and sha256_of(str(path)) != seen.sha256):
            raise FileChanged(f"{path} changed since {scan}; nothing was done: rescan it"
                              " (piaudit scan) and act on the new scan")
        return path

    def _record(self, kind: str, location: str, detail: Mapping[str, Any],
                outcome: str = "done") -> int:
        return self.ledger.record_action(kind, location, outcome, scan_id=self.scan_id,
                                         detail=dict(detail))

    # ---- plans

    def plan(self, kind: str, location: str, **kw: Any) -> Plan:
        if kind == "open":
            return Plan(kind, location, f"Show {location} in the file manager")
        if kind == "restrict":
            return Plan(kind, location, f"Make {location} readable and writable by you only"
                        " (mode 600)", undoable=True)
        if kind == "vault":
            return Plan(kind, location, f"Move {location} into the encrypted vault; restore it"
                        " with `piaudit vault restore`", (SSD_CAVEAT,), undoable=True)
        if kind == "redact":
            return Plan(kind, location, f"Write a copy of {location} with every detected value"
                        " masked, next to it; the original is not changed", undoable=True)
        if kind == "delete":
            return Plan(kind, location, f"Overwrite {location} with random data and delete it."
                        " This cannot be undone.", (SSD_CAVEAT,))
        if kind == "accept":
            return Plan(kind, location, f"Accept the risk of {kw.get('fingerprint', '')[:12]}…"
                        f" ({kw.get('reason', '')}): left out of later scores, shown as accepted",
                        undoable=True)
        raise RemediationError(f"unknown action {kind!r} (one of {', '.join(ACTIONS)})")

    def run(self, kind: str, location: str, confirm: Confirm, **kw: Any) -> Outcome:
        plan = self.plan(kind, location, **kw)
        if kind != "open" and kind != "accept":
            self.check_unchanged(location)  # before asking: no point confirming a stale action
        if not confirm(plan):
            return Outcome(kind, location, False, "not confirmed: nothing was done")
        handler: Callable[..., Outcome] = getattr(self, f"_do_{kind}")
        return handler(location, **kw)

    # ---- the actions (called after confirmation)

    def _do_open(self, location: str, launch: bool = False) -> Outcome:
        path = str(self._path(location))
        cmd = open_command(path)
        aid = self._record("open", location, {"command": list(cmd)})
        if launch:
            subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return Outcome("open", location, True, " ".join(cmd), aid, cmd)

    def _do_restrict(self, location: str) -> Outcome:
        path = self.check_unchanged(location)
        old = stat.S_IMODE(path.stat().st_mode)
        new = 0o700 if path.is_dir() else 0o600
        os.chmod(path, new)
        aid = self._record("restrict", location, {"old_mode": old, "new_mode": new})
        return Outcome("restrict", location, True,
                       f"{path}: mode {old:o} -> {new:o} (undo: piaudit undo {aid})", aid,
                       detail={"old_mode": old, "new_mode": new})

    def _do_vault(self, location: str) -> Outcome:
        path = self.check_unchanged(location)
        item = self.vault().add(path, self.scan_id)
        shred(path)
        aid = self._record("vault", location, {"item": item})
        return Outcome("vault", location, True,
                       f"{path} is in the vault as {item} (restore: piaudit vault restore"
                       f" {item}). {SSD_CAVEAT}", aid, detail={"item": item})

    def _do_redact(self, location: str, output: Path | None = None) -> Outcome:
        path = self.check_unchanged(location)
        if path.suffix.lower() not in REDACT_SUFFIXES:
            raise RemediationError(f"{path}: redacted copies are written for text and CSV"
                                   " files only")
        from scanners.content.decode import decode_bytes

        text, encoding = decode_bytes(path.read_bytes())
        columns = delimiter = None
        if path.suffix.lower() in (".csv", ".tsv"):
            import csv

            delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
            first = text.split("\n", 1)[0]
            columns = next(csv.reader([first], delimiter=delimiter), [])
        redacted, n = redact_text(text, columns, delimiter)
        dest = output or _free_name(path.with_name(f"{path.stem}.redacted{path.suffix}"))
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(redacted)
        digest = sha256_of(str(dest))
        aid = self._record("redact", location, {"copy": str(dest), "masked": n,
                                                "sha256": digest, "source_encoding": encoding})
        return Outcome("redact", location, True, f"{n} value(s) masked in {dest}", aid,
                       detail={"copy": str(dest), "masked": n})

    def _do_delete(self, location: str) -> Outcome:
        path = self.check_unchanged(location)
        size = path.stat().st_size
        shred(path)
        aid = self._record("delete", location, {"size": size})
        return Outcome("delete", location, True, f"{path} was overwritten and deleted."
                       f" {SSD_CAVEAT}", aid)

    def _do_accept(self, location: str, fingerprint: str = "", reason: str = "",
                   scope: str | None = None) -> Outcome:
        if not fingerprint or not reason.strip():
            raise RemediationError("accepting a risk needs the finding's fingerprint and a"
                                   " reason")
        aid = self._record("accept", location, {"fingerprint": fingerprint, "scope": scope,
                                                "reason": reason.strip()})
        return Outcome("accept", location, True,
                       f"risk accepted: left out of later scores (undo: piaudit undo {aid})",
                       aid)

    # ---- undo

    def undo(self, action_id: int, confirm: Confirm) -> Outcome:
        actions = {a["id"]: a for a in self.ledger.actions()}
        action = actions.get(action_id)
        if action is None:
            raise RemediationError(f"there is no action #{action_id} in the log")
        if any(a.get("kind") == "undo" and a["detail"].get("of") == action_id
               for a in actions.values()):
            raise RemediationError(f"action #{action_id} was already undone")
        kind, location, detail = action["kind"], action["location"], action.get("detail", {})
        if kind not in UNDOABLE or action.get("outcome") != "done":
            raise RemediationError(f"action #{action_id} ({kind}) cannot be undone")
        plan = Plan("undo", location, f"Undo #{action_id} ({kind}) on {location}")
        path = Path(file_of(location) or location)
        if kind == "restrict":
            if not path.exists():
                raise FileChanged(f"{path} no longer exists")
            if stat.S_IMODE(path.stat().st_mode) != detail.get("new_mode"):
                raise FileChanged(f"{path}'s permissions changed since action #{action_id};"
                                  " nothing was done")
        elif kind == "redact":
            copy = Path(detail.get("copy", ""))
            if copy.exists() and sha256_of(str(copy)) != detail.get("sha256"):
                raise FileChanged(f"{copy} was edited since it was written; delete it yourself")
        if not confirm(plan):
            return Outcome("undo", location, False, "not confirmed: nothing was done")
        if kind == "restrict":
            os.chmod(path, int(detail["old_mode"]))
            message = f"{path}: mode restored to {int(detail['old_mode']):o}"
        elif kind == "vault":
            dest = self.vault().restore(str(detail["item"]))
            message = f"{dest} restored from the vault"
        elif kind == "redact":
            copy = Path(detail.get("copy", ""))
            if copy.exists():
                copy.unlink()
            message = f"{copy} deleted"
        else:
            message = "the risk is no longer accepted: it counts in the next score"
        aid = self.ledger.record_action("undo", location, "done", scan_id=action.get("scan_id"),
                                        detail={"of": action_id, "kind": kind})
        return Outcome("undo", location, True, message, aid)

    def restore_from_vault(self, item: str, confirm: Confirm,
                           target: Path | None = None) -> Outcome:
        entry = self.vault().index().get(item)
        if entry is None:
            raise RemediationError(f"there is no item {item} in the vault (piaudit vault list)")
        location = str(target or entry["path"])
        if not confirm(Plan("vault-restore", location, f"Restore {item} to {location}")):
            return Outcome("vault-restore", location, False, "not confirmed: nothing was done")
        dest = self.vault().restore(item, target)
        vaulted = [a["id"] for a in self.ledger.actions()
                   if a.get("kind") == "vault" and a["detail"].get("item") == item]
        aid = self.ledger.record_action(
            "undo" if vaulted else "vault-restore", str(dest), "done",
            detail={"of": vaulted[-1], "kind": "vault"} if vaulted else {"item": item})
        return Outcome("vault-restore", str(dest), True, f"{dest} restored from the vault", aid)


def _free_name(path: Path) -> Path:
    candidate, i = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{i}{path.suffix}")
        i += 1
    return candidate
