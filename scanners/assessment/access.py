"""Accessibility facts per location, collected when a scan ends: who can read it, where it
lies, how it is protected, and its size/mtime/hash so a later remediation can refuse a file
that changed since the scan.

Nothing here reads a value: only `stat()` and a SHA-256 of the file's bytes.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from scanners.assessment.access_facts import (
    AccessFacts as AccessFacts,  # re-exported: the type lives there
)
from scanners.system.paths import resources_dir

if TYPE_CHECKING:
    from scanners.ledger import Ledger
    from scanners.model import Finding, ScanError, ScanResult

EVENT_KIND = "access-facts"


@dataclass(frozen=True, slots=True)
class PlaceRules:
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    removable_roots: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> PlaceRules:
        with open(path or resources_dir() / "scoring.toml", "rb") as fh:
            data = tomllib.load(fh).get("places", {})
        names = {str(k): tuple(str(x) for x in v) for k, v in data.items()
                 if k != "removable_roots"}
        return cls(names=names, removable_roots=tuple(data.get("removable_roots", ())))


@lru_cache(maxsize=1)
def _default_places() -> PlaceRules:
    return PlaceRules.load()


def file_of(location: str) -> str | None:
    """A location that is itself an absolute path; None for a store URI.

    Never takes a location apart: "notes!old.txt" may be a file's whole name. Findings name
    their file on disk in `Finding.file`; this is for locations that carry no finding.
    """
    base = location
    if not base:
        return None
    if sys.platform == "win32":
        if len(base) > 2 and base[1] == ":":
            return base
        return base if base.startswith("\\\\") else None
    return base if base.startswith("/") else None


def _name_matches(part: str, pattern: str) -> bool:
    p, q = part.casefold(), pattern.casefold()
    return p.startswith(q[:-1]) if q.endswith("*") else p == q


_PLACE_MEMO: dict[tuple[int, str, str], tuple[tuple[str, ...], str | None]] = {}


def places_of(path: str, rules: PlaceRules | None = None) -> tuple[tuple[str, ...], str | None]:
    """Which places (downloads, cloud, ...) a path lies in, and the cloud folder's name."""
    rules = rules or _default_places()
    # Places depend on the folder only; a scan has many files per folder and resolving a
    # path costs a system call per component.
    key = (id(rules), os.environ.get("HOME", ""), os.path.dirname(path))
    memo = _PLACE_MEMO.get(key)
    if memo is None:
        if len(_PLACE_MEMO) > 50_000:
            _PLACE_MEMO.clear()
        memo = _PLACE_MEMO[key] = _places_of(path, rules)
    return memo


def _places_of(path: str, rules: PlaceRules) -> tuple[tuple[str, ...], str | None]:
    real = os.path.realpath(path)
    home = os.path.realpath(Path.home())
    in_home = _inside(real, home)
    # inside the home only the folders below it count (a home may itself lie under /tmp)
    parts = PurePath(os.path.relpath(real, home) if in_home else path).parts[:-1]
    found: list[str] = []
    cloud: str | None = None
    for place, names in rules.names.items():
        for part in parts:
            hit = next((n for n in names if _name_matches(part, n)), None)
            if hit is not None:
                found.append(place)
                if place == "cloud":
                    cloud = part
                break
    if "temp" not in found and not in_home:
        temp_roots = {os.path.realpath(tempfile.gettempdir()), "/tmp", "/var/tmp"}
        if any(_inside(real, t) for t in temp_roots):
            found.append("temp")
    if any(real.startswith(r) or path.startswith(r) for r in rules.removable_roots):
        found.append("removable")
    return tuple(sorted(set(found))), cloud


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _traversable_by_others(path: str, known: dict[str, bool] | None = None) -> bool:
    """Every folder above `path` lets others in (o+x). `known` remembers folders already
    asked about (a scan's files share their folders: one stat each, not one per file)."""
    folder = os.path.dirname(os.path.abspath(path))
    known = {} if known is None else known
    below: list[str] = []  # folders passed on the way up: their answer is the one found
    while True:
        answer = known.get(folder)
        if answer is not None:
            break
        below.append(folder)
        try:
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                answer = False
                break
        except OSError:
            answer = False
            break
        up = os.path.dirname(folder)
        if up == folder:
            answer = True
            break
        folder = up
    for passed in below:
        known[passed] = answer
    return answer


def sha256_of(path: str) -> str | None:
    """The SHA-256 of a file of any size (an action checks it before changing the file)."""
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


def facts_for(path: str, protection: str | None = None, *, hash_file: bool = True,
              rules: PlaceRules | None = None, known_sha256: str | None = None,
              folders: dict[str, bool] | None = None) -> AccessFacts:
    """The facts about one file system path (a missing file gives exists=False)."""
    places, cloud = places_of(path, rules)
    try:
        st = os.stat(path)
    except OSError:
        return AccessFacts(places=places, cloud=cloud, protection=protection)
    mode = stat.S_IMODE(st.st_mode)
    others = bool(mode & stat.S_IROTH)
    uid = getattr(os, "getuid", lambda: None)()
    return AccessFacts(
        exists=True, mode=mode, uid=st.st_uid,
        owned_by_user=(st.st_uid == uid) if uid is not None else None,
        world_readable=others and _traversable_by_others(path, folders),
        world_readable_mode=others,
        group_readable=bool(mode & stat.S_IRGRP),
        places=places, cloud=cloud, protection=protection,
        size=st.st_size, mtime_ns=st.st_mtime_ns, dev=st.st_dev, ino=st.st_ino,
        sha256=known_sha256 or (
            sha256_of(path) if hash_file and stat.S_ISREG(st.st_mode) else None),
    )


def protection_of(findings: Iterable[Finding], errors: Iterable[ScanError]) -> dict[str, str]:
    """Protection per location: encrypted containers, keys with or without passphrase, stores."""
    out: dict[str, str] = {}
    for e in errors:
        if e.reason == "encrypted" and e.location:
            out[e.location.split("!", 1)[0]] = "encrypted"
    for f in findings:
        if f.rule == "credential.private_key":
            prot = f.detail.get("protected")
            if prot == "no":
                out[f.location] = "unprotected-key"
            elif prot == "yes":
                out.setdefault(f.location, "passphrase")
        level = f.detail.get("protection")
        if level:
            out[f.location] = str(level)
    return out


def collect(
    result: ScanResult,
    *,
    hash_files: bool = True,
    known_hashes: Mapping[str, str] | None = None,
) -> dict[str, AccessFacts]:
    """Facts for every location with a finding or an error (store URIs get protection only)."""
    prot = protection_of(result.findings, result.errors)
    files: dict[str, str | None] = {}
    for f in result.findings:
        if files.get(f.location) is None:
            files[f.location] = f.file
    locations = set(files) | set(prot)
    rules = _default_places()
    facts: dict[str, AccessFacts] = {}
    folders: dict[str, bool] = {}  # folder -> whether others can pass it (all the way up)
    for loc in sorted(locations):
        path = files.get(loc) or file_of(loc)
        level = prot.get(loc) or (prot.get(path) if path else None)
        if path is None:
            facts[loc] = AccessFacts(protection=level)
        else:
            # The file scanner hashed what it read (and the cache kept it for unchanged
            # files): reading every file again here would double a rescan's time.
            known = known_hashes.get(path) if known_hashes else None
            facts[loc] = facts_for(path, level, hash_file=hash_files, rules=rules,
                                   known_sha256=known, folders=folders)
    return facts


def to_json(facts: Mapping[str, AccessFacts]) -> dict[str, dict[str, Any]]:
    return {loc: a.to_dict() for loc, a in facts.items()}


def from_json(data: Mapping[str, Mapping[str, Any]]) -> dict[str, AccessFacts]:
    return {str(loc): AccessFacts.from_dict(d) for loc, d in data.items()}


def log_facts(ledger: Ledger, scan_id: int, facts: Mapping[str, AccessFacts]) -> None:
    """Keep a scan's facts in the audit log (sealed like every record: paths are not plaintext)."""
    ledger.record_event(EVENT_KIND, {"scan_id": scan_id, "facts": to_json(facts)})


def logged_facts(ledger: Ledger, scan_id: int) -> dict[str, AccessFacts]:
    """The facts recorded for a scan ({} for scans logged before facts were kept)."""
    out: dict[str, AccessFacts] = {}
    for ev in ledger.events():
        if ev.kind == EVENT_KIND and ev.data.get("scan_id") == scan_id:
            out.update(from_json(ev.data.get("facts", {})))
    return out
