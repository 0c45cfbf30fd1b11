"""Reading a collection folder: every host's result, checked before it is believed.

The layout (docs/fleet.md):

    DIR/<host>/audit.json            the host's latest result (`piaudit scan --format json`)
    DIR/<host>/<earlier>/audit.json  earlier collections, any sub-folder name; ordered by
                                     the time each audit started, they give the trend

A host's folder name is the host (Ansible's inventory_hostname), not the name the result
itself reports: one machine image cloned on many hosts reports one name.

Every result is hostile until checked: size-capped, read without following a symbolic link,
parsed as strict JSON (no NaN), checked against resources/fleet/audit.schema.json, and, with
the fleet key, its seal verified. One that fails is rejected and named, never believed and
never a crash.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanners.fleet import seal as sealing
from scanners.fleet.schema import SchemaError, check, load_schema

RESULT_FILE = "audit.json"
MAX_RESULT_BYTES = 512 * 1024 * 1024  # far above a 70,000-finding home (about 60 MB)
MAX_HOSTS = 100_000


# Values found in files (not a store's or a permission's summary) are what hosts can share.
VALUE_SCANNERS = ("content.",)


@dataclass(frozen=True, slots=True)
class Value:
    """A value found in a file, as the fleet view compares it (no location, no value)."""

    fingerprint: str
    rule: str
    category: str
    severity: str
    preview: str
    count: int


@dataclass(frozen=True, slots=True)
class HostResult:
    """One checked result of one host. Read for a merge (`slim`), its findings are kept only
    as their categories' counts and the values found in files: a hundred hosts' documents
    would not fit in memory whole."""

    host: str  # the host's folder name
    file: str
    doc: dict[str, Any]  # with `slim`, its "findings" list is empty
    verified: bool  # its seal was checked against the fleet key
    findings: int = 0
    categories: dict[str, int] = field(default_factory=dict)  # findings by category
    values: tuple[Value, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    host: str
    file: str
    reason: str


@dataclass(slots=True)
class Collection:
    """What a collection folder holds: each host's latest result and its earlier ones."""

    folder: str
    latest: list[HostResult] = field(default_factory=list)
    earlier: dict[str, list[HostResult]] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    key_id: str | None = None  # the fleet key results were verified with


class ResultRejected(ValueError):
    """Why one host result is not believed."""


def read_collection(folder: str | Path, key: bytes | None = None, *,
                    max_bytes: int = MAX_RESULT_BYTES) -> Collection:
    """Every host's results under `folder` (OSError when the folder itself cannot be read).

    `key`: the fleet key; each result must then carry its valid seal.
    """
    from scanners.detection.fingerprint_key import key_id

    out = Collection(str(folder), key_id=key_id(key) if key is not None else None)
    for host, host_dir in _host_folders(Path(folder), out):
        latest = host_dir / RESULT_FILE
        if not os.path.lexists(latest):
            out.rejected.append(Rejected(host, str(latest), "no audit.json in the host's folder"))
        else:
            _take(out.latest, out, host, latest, key, max_bytes, values=True)
        earlier: list[HostResult] = []
        for sub in _subfolders(host_dir):
            candidate = sub / RESULT_FILE
            if os.path.lexists(candidate):  # only their scores count: the trend
                _take(earlier, out, host, candidate, key, max_bytes, values=False)
        if earlier:
            out.earlier[host] = sorted(earlier, key=lambda r: str(r.doc.get("started") or ""))
    out.latest.sort(key=lambda r: r.host)
    return out


def _take(into: list[HostResult], out: Collection, host: str, path: Path, key: bytes | None,
          max_bytes: int, *, values: bool) -> None:
    try:
        into.append(slim(read_result(host, path, key, max_bytes=max_bytes), values=values))
    except ResultRejected as exc:
        out.rejected.append(Rejected(host, str(path), str(exc)))


def slim(r: HostResult, *, values: bool = True) -> HostResult:
    """`r` with its findings reduced to what the fleet view uses (after its seal was
    checked on the whole document)."""
    findings = r.doc["findings"]
    counts = Counter(str(f["category"]) for f in findings)
    kept: dict[str, Value] = {}  # one per value: its occurrences summed, its worst severity
    for f in findings if values else ():
        fp = f["fingerprint"]
        if not fp or not str(f["scanner"]).startswith(VALUE_SCANNERS):
            continue
        count = max(int(f["count"]), 1)
        seen = kept.get(fp)
        if seen is None:
            kept[fp] = Value(fp, f["rule"], f["category"], f["severity"], f["preview"], count)
        else:
            worst = seen if _rank(seen.severity) >= _rank(f["severity"]) else \
                Value(fp, f["rule"], f["category"], f["severity"], f["preview"], 0)
            kept[fp] = Value(fp, worst.rule, worst.category, worst.severity, worst.preview,
                             seen.count + count)
    doc = {**r.doc, "findings": []}
    return HostResult(r.host, r.file, doc, r.verified, len(findings), dict(counts),
                      tuple(kept.values()))


_SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def _rank(severity: str) -> int:
    return _SEVERITY_RANK.get(severity, 0)


def _host_folders(folder: Path, out: Collection) -> Iterator[tuple[str, Path]]:
    with os.scandir(folder) as entries:
        names = sorted(entries, key=lambda e: e.name)
    for entry in names[:MAX_HOSTS]:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            out.rejected.append(Rejected(entry.name, entry.path,
                                         "the host's folder is a symbolic link"))
            continue
        if entry.is_dir(follow_symlinks=False):
            yield entry.name, Path(entry.path)


def _subfolders(host_dir: Path) -> list[Path]:
    try:
        with os.scandir(host_dir) as entries:
            return sorted(Path(e.path) for e in entries
                          if not e.name.startswith(".") and e.is_dir(follow_symlinks=False))
    except OSError:
        return []


def read_result(host: str, path: Path, key: bytes | None = None, *,
                max_bytes: int = MAX_RESULT_BYTES) -> HostResult:
    """Read and check one result; ResultRejected says why it cannot be believed."""
    raw = _read_capped(path, max_bytes)
    doc = parse_result(raw)
    verified = False
    if key is not None:
        problem = sealing.verify(doc, key)
        if problem:
            raise ResultRejected(f"tampered or not sealed by the fleet key: {problem}")
        verified = True
    return HostResult(host, str(path), doc, verified)


def parse_result(raw: bytes) -> dict[str, Any]:
    """Strict JSON, then the schema check (ResultRejected with where it departs)."""
    try:
        doc = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise ResultRejected("malformed: nested too deeply") from None
    except UnicodeDecodeError:
        raise ResultRejected("malformed: not UTF-8 text") from None
    except ValueError as exc:  # JSONDecodeError, an integer too long, NaN
        raise ResultRejected(f"malformed: not a JSON document ({_first_line(exc)})") from None
    try:
        check(doc, load_schema("audit.schema.json"))
    except SchemaError as exc:
        raise ResultRejected(f"malformed: {exc}") from None
    except RecursionError:
        raise ResultRejected("malformed: nested too deeply") from None
    if not isinstance(doc, dict):  # the schema says so; this tells mypy
        raise ResultRejected("malformed: not a JSON object")
    return doc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _read_capped(path: Path, max_bytes: int) -> bytes:
    """The file's bytes: a regular file, not through a symbolic link, at most `max_bytes`."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        reason = "a symbolic link" if os.path.islink(path) else (exc.strerror or str(exc))
        raise ResultRejected(f"cannot be read: {reason}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # a folder, a FIFO that would block, a device
        os.close(fd)
        raise ResultRejected("not a regular file")
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > max_bytes:
            raise ResultRejected(f"too large ({st.st_size:,} bytes; the limit is {max_bytes:,})")
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise ResultRejected(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ResultRejected(f"too large (the limit is {max_bytes:,} bytes)")
    return data
