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

import contextlib
import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanners.actions.safefile import (
    Refused,
    Seen,
    Target,
    open_checked,
    open_same,
    overwrite,
    sha256_fd,
)
from scanners.actions.vault import Vault, VaultError, decode_path, disk_error, encode_path
from scanners.assessment.access import logged_facts
from scanners.assessment.access_facts import AccessFacts
from scanners.assessment.scoring import Acceptance
from scanners.sources.content.encoding import decode_bytes

if TYPE_CHECKING:
    from scanners.ledger import Ledger
    from scanners.model import Finding

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
REDACT_LIMIT = 64 << 20  # a redacted copy is built in memory


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


# --------------------------------------------------------------------------- helpers


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
    from scanners.detection.detect import Detector
    from scanners.detection.redact import mask
    from scanners.detection.rules import load_rules

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


# --------------------------------------------------------------------------- the vault


def vault_for(ledger: Ledger, folder: Path | None = None) -> Vault:
    """The vault sealed under this log's vault key (in the data folder by default)."""
    from scanners.system.paths import data_dir

    return Vault(ledger.subkey("vault"), folder or data_dir() / VAULT_DIR)


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True, slots=True)
class Where:
    """The file an action is about: its display location and the file on disk, kept apart."""

    location: str
    file: str


def _shown(path: str) -> str:
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _seen(facts: AccessFacts | None) -> Seen | None:
    if facts is None or not facts.exists:
        return None
    return Seen(size=facts.size, mtime_ns=facts.mtime_ns, sha256=facts.sha256, dev=facts.dev,
                ino=facts.ino)


# --------------------------------------------------------------------------- actions


class Remediator:
    """Plans and runs actions on what one logged scan found, inside the folders it scanned."""

    def __init__(self, ledger: Ledger, scan_id: int | None = None,
                 facts: Mapping[str, AccessFacts] | None = None,
                 vault_dir: Path | None = None, roots: Sequence[str] | None = None,
                 data: Path | None = None) -> None:
        self.ledger = ledger
        self.scan_id = scan_id
        self.facts = dict(facts) if facts is not None else (
            logged_facts(ledger, scan_id) if scan_id is not None else {})
        self.vault_dir = vault_dir
        self.data = data  # piaudit's data folder (None: paths.data_dir()), for own outputs
        if roots is None and scan_id is not None:
            roots = ledger.summary(scan_id).roots
        self.roots: tuple[str, ...] = tuple(os.path.abspath(r) for r in roots or ())
        self._findings: list[Finding] | None = None

    def vault(self) -> Vault:
        return vault_for(self.ledger, self.vault_dir)

    @property
    def _scan_words(self) -> str:
        return f"scan #{self.scan_id}" if self.scan_id is not None else "the scan"

    # ---- what an action is about

    def where(self, target: Finding | str) -> Where:
        """The file behind a finding, or behind a location as the scan listed it.

        A location is looked up among the scan's findings, never taken apart: a file may be
        named "notes!old.txt", and the member of an archive is not a file to act on.
        """
        if not isinstance(target, str):
            return self._where_finding(target)
        if self.scan_id is not None:
            if self._findings is None:
                self._findings = list(self.ledger.findings(self.scan_id))
            for f in self._findings:
                if f.member and f.file == target and f.location in self.facts:
                    # the container itself (a spreadsheet, an archive), named by its path:
                    # the scan recorded its state under the member's location
                    self.facts.setdefault(target, self.facts[f.location])
                    return Where(target, target)
                if f.location == target or (f.file is not None and f.file == target):
                    return self._where_finding(f)
        # A location with recorded facts that is itself a path (lists kept outside a scan,
        # logs written before findings named their file): the whole string is the path.
        if target in self.facts and os.path.isabs(target):
            return Where(target, target)
        raise FileChanged(f"{_shown(target)}: {self._scan_words} recorded no state for this"
                          " location (no finding there): give it as `piaudit show` lists it,"
                          " or rescan and act on the new scan")

    def _where_finding(self, f: Finding) -> Where:
        if f.file is None:
            if f.scanner.startswith("content") and os.path.isabs(f.location) and (
                    f.location in self.facts):
                return Where(f.location, f.location)  # logged before `file` existed
            raise RemediationError(f"{f.location} is not a file: use the application's own"
                                   " settings (see the advice)")
        if f.member:
            raise RemediationError(f"{f.location} is inside {_shown(f.file)}: act on the"
                                   " container file itself")
        return Where(f.location, f.file)

    def _open(self, w: Where, *, write: bool = False) -> Target:
        """The file as the scan saw it, open by descriptor; FileChanged otherwise."""
        seen = _seen(self.facts.get(w.location) or self.facts.get(w.file))
        if seen is None:
            raise FileChanged(f"{_shown(w.file)}: {self._scan_words} recorded no state for this"
                              " file; rescan it (piaudit scan) and act on the new scan")
        try:
            return open_checked(w.file, self.roots, seen, write=write, what=self._scan_words)
        except Refused as exc:
            raise FileChanged(str(exc)) from None
        except PermissionError:
            raise RemediationError(f"{_shown(w.file)}: no permission to change this"
                                   " file") from None

    def check_unchanged(self, target: Finding | str) -> Path:
        """The file behind `target`, if it is exactly as the scan saw it; else FileChanged."""
        w = self.where(target)
        with self._open(w):
            return Path(w.file)

    def _record(self, kind: str, w: Where | str, detail: Mapping[str, Any],
                outcome: str = "done") -> int:
        location = w if isinstance(w, str) else w.location
        d = dict(detail)
        if not isinstance(w, str):
            d["file_b64"] = encode_path(w.file)
        return self.ledger.record_action(kind, location, outcome, scan_id=self.scan_id,
                                         detail=d)

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

    def run(self, kind: str, target: Finding | str, confirm: Confirm, **kw: Any) -> Outcome:
        if kind not in ACTIONS:
            raise RemediationError(f"unknown action {kind!r} (one of {', '.join(ACTIONS)})")
        if kind == "accept":
            location = target if isinstance(target, str) else target.location
            plan = self.plan(kind, location, **kw)
            if not confirm(plan):
                return Outcome(kind, location, False, "not confirmed: nothing was done")
            return self._do_accept(location, **kw)
        w = self.where(target)
        plan = self.plan(kind, w.location, **kw)
        if kind != "open":
            self.check_unchanged(w.location if isinstance(target, str) else target)
        if not confirm(plan):
            return Outcome(kind, w.location, False, "not confirmed: nothing was done")
        handler: Callable[..., Outcome] = getattr(self, f"_do_{kind}")
        return handler(w, **kw)

    # ---- the actions (called after confirmation; each checks the file again)

    def _do_open(self, w: Where, launch: bool = False) -> Outcome:
        cmd = open_command(w.file)
        aid = self._record("open", w, {"command": [_shown(c) for c in cmd]})
        if launch:
            subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return Outcome("open", w.location, True, " ".join(_shown(c) for c in cmd), aid, cmd)

    def _do_restrict(self, w: Where) -> Outcome:
        with self._open(w) as t:
            old = stat.S_IMODE(t.st.st_mode)
            new = 0o600
            os.fchmod(t.fd, new)
            ident = {"dev": t.st.st_dev, "ino": t.st.st_ino, "root_b64": encode_path(t.root)}
        aid = self._record("restrict", w, {"old_mode": old, "new_mode": new, **ident})
        return Outcome("restrict", w.location, True,
                       f"{_shown(w.file)}: mode {old:o} -> {new:o} (undo: piaudit undo {aid})",
                       aid, detail={"old_mode": old, "new_mode": new})

    def _do_vault(self, w: Where) -> Outcome:
        with self._open(w, write=True) as t:
            st = t.st
            sha = self.facts[w.location].sha256 if w.location in self.facts else None
            try:
                item = self.vault().add(
                    t.chunks(), path=w.file, mode=stat.S_IMODE(st.st_mode), size=st.st_size,
                    mtime_ns=st.st_mtime_ns, sha256=sha or sha256_fd(t.fd),
                    scan_id=self.scan_id, root=t.root)
            except VaultError as exc:
                raise RemediationError(f"{_shown(w.file)}: {exc}") from None
            # From here a whole, verified item exists that names where the file was: a kill
            # before the log records the action still leaves it listed and restorable.
            links = t.links
            try:
                removed = self._remove(t)
            except FileChanged as exc:
                raise FileChanged(f"{exc}. A sealed copy is in the vault as item {item}"
                                  " (piaudit vault list)") from None
        aid = self._record("vault", w, {"item": item, "links": links})
        return Outcome("vault", w.location, True,
                       f"{_shown(w.file)} is in the vault as {item} (restore: piaudit vault"
                       f" restore {item}). {removed} {SSD_CAVEAT}", aid,
                       detail={"item": item, "links": links})

    def _remove(self, t: Target) -> str:
        """Overwrite and unlink the checked file; a file with other names loses this name only."""
        try:
            return self._remove_checked(t)
        except Refused as exc:
            raise FileChanged(str(exc)) from None

    @staticmethod
    def _remove_checked(t: Target) -> str:
        if t.links > 1:
            t.unlink_name()
            return (f"It had {t.links} names (hard links): only this name was removed and its"
                    " content was not overwritten, because the other names still hold it.")
        overwrite(t)
        t.unlink_name()
        return "The original was overwritten and removed."

    def _do_redact(self, w: Where, output: Path | None = None) -> Outcome:
        suffix = os.path.splitext(w.file)[1].lower()
        if suffix not in REDACT_SUFFIXES:
            raise RemediationError(f"{_shown(w.file)}: redacted copies are written for text and"
                                   " CSV files only")
        with self._open(w) as t:
            if t.st.st_size > REDACT_LIMIT:
                raise RemediationError(f"{_shown(w.file)}: redacted copies are written for"
                                       f" files up to {REDACT_LIMIT >> 20} MiB")
            raw = b"".join(t.chunks())
            text, encoding = decode_bytes(raw)
            columns = delimiter = None
            if suffix in (".csv", ".tsv"):
                import csv

                delimiter = "\t" if suffix == ".tsv" else ","
                first = text.split("\n", 1)[0]
                columns = next(csv.reader([first], delimiter=delimiter), [])
            redacted, n = redact_text(text, columns, delimiter)
            data = redacted.encode("utf-8")
            if output is not None:
                dest = str(output)
                fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_NOFOLLOW", 0), 0o600)
            else:
                base = os.path.basename(w.file)
                stem, ext = os.path.splitext(base)
                name, i = f"{stem}.redacted{ext}", 1
                while t.exists_beside(os.fsencode(name)):
                    name, i = f"{stem}.redacted-{i}{ext}", i + 1
                fd = t.create_beside(os.fsencode(name))
                dest = os.path.join(os.path.dirname(w.file), name)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                    written = os.fstat(fh.fileno())
            except OSError as exc:
                with contextlib.suppress(OSError):
                    os.unlink(dest)
                raise RemediationError(str(disk_error(exc, "could not write the redacted copy"))
                                       ) from None
        digest = hashlib.sha256(data).hexdigest()
        from scanners.actions import own_outputs
        from scanners.system.paths import data_dir

        with contextlib.suppress(OSError):  # later scans do not report our own copy
            own_outputs.add(self.data or data_dir(), written)
        aid = self._record("redact", w, {"copy": _shown(dest), "copy_b64": encode_path(dest),
                                         "masked": n, "sha256": digest,
                                         "source_encoding": encoding})
        return Outcome("redact", w.location, True, f"{n} value(s) masked in {_shown(dest)}",
                       aid, detail={"copy": _shown(dest), "masked": n})

    def _do_delete(self, w: Where) -> Outcome:
        with self._open(w, write=True) as t:
            size, links = t.st.st_size, t.links
            removed = self._remove(t)
        aid = self._record("delete", w, {"size": size, "links": links})
        if links > 1:
            return Outcome("delete", w.location, True, f"{_shown(w.file)}: {removed}", aid)
        return Outcome("delete", w.location, True, f"{_shown(w.file)} was overwritten and"
                       f" deleted. {SSD_CAVEAT}", aid)

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
        file = decode_path(detail["file_b64"]) if "file_b64" in detail else location
        if kind == "restrict":
            self._undo_restrict_check(action_id, file, detail).close()
        elif kind == "redact":
            self._copy_target(detail).close()
        if not confirm(plan):
            return Outcome("undo", location, False, "not confirmed: nothing was done")
        if kind == "restrict":
            with self._undo_restrict_check(action_id, file, detail) as t:
                os.fchmod(t.fd, int(detail["old_mode"]))
            message = f"{_shown(file)}: mode restored to {int(detail['old_mode']):o}"
        elif kind == "vault":
            try:
                dest = self.vault().restore(str(detail["item"]))
            except VaultError as exc:
                raise RemediationError(str(exc)) from None
            message = f"{_shown(str(dest))} restored from the vault"
        elif kind == "redact":
            with self._copy_target(detail) as t:
                t.unlink_name()
            message = f"{detail.get('copy', '')} deleted"
        else:
            message = "the risk is no longer accepted: it counts in the next score"
        aid = self.ledger.record_action("undo", location, "done", scan_id=action.get("scan_id"),
                                        detail={"of": action_id, "kind": kind})
        return Outcome("undo", location, True, message, aid)

    def _undo_restrict_check(self, action_id: int, file: str,
                             detail: Mapping[str, Any]) -> Target:
        root = decode_path(detail["root_b64"]) if "root_b64" in detail else os.path.dirname(file)
        try:
            t = open_same(file, [root], detail.get("dev"), detail.get("ino"))
        except Refused as exc:
            raise FileChanged(str(exc)) from None
        if stat.S_IMODE(t.st.st_mode) != detail.get("new_mode"):
            t.close()
            raise FileChanged(f"{_shown(file)}'s permissions changed since action #{action_id};"
                              " nothing was done")
        return t

    def _copy_target(self, detail: Mapping[str, Any]) -> Target:
        copy = decode_path(detail["copy_b64"]) if "copy_b64" in detail else str(
            detail.get("copy", ""))
        seen = Seen(sha256=str(detail.get("sha256")))
        try:
            st = os.lstat(copy)
        except FileNotFoundError:
            raise FileChanged(f"{_shown(copy)} is already gone") from None
        seen = Seen(size=st.st_size, mtime_ns=st.st_mtime_ns, sha256=seen.sha256,
                    dev=st.st_dev, ino=st.st_ino)
        try:
            return open_checked(copy, [os.path.dirname(copy)], seen, what="it was written")
        except Refused as exc:
            raise FileChanged(f"{exc} (the copy was edited since it was written; delete it"
                              " yourself)") from None

    def restore_from_vault(self, item: str, confirm: Confirm,
                           target: Path | None = None) -> Outcome:
        try:
            entry = self.vault().index().get(item)
        except VaultError as exc:
            raise RemediationError(str(exc)) from None
        if entry is None or not entry.get("path"):
            raise RemediationError(f"there is no item {item} in the vault (piaudit vault list)")
        location = _shown(str(target or entry["path"]))
        if not confirm(Plan("vault-restore", location, f"Restore {item} to {location}")):
            return Outcome("vault-restore", location, False, "not confirmed: nothing was done")
        try:
            dest = self.vault().restore(item, target)
        except VaultError as exc:
            raise RemediationError(str(exc)) from None
        vaulted = [a["id"] for a in self.ledger.actions()
                   if a.get("kind") == "vault" and a["detail"].get("item") == item]
        aid = self.ledger.record_action(
            "undo" if vaulted else "vault-restore", _shown(str(dest)), "done",
            detail={"of": vaulted[-1], "kind": "vault"} if vaulted else {"item": item})
        return Outcome("vault-restore", _shown(str(dest)), True,
                       f"{_shown(str(dest))} restored from the vault", aid)
