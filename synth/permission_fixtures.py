"""Fixture machines for the permission scanners, in the sources' real formats.

- GVariant serialiser (normal form, little-endian) and a GVDB writer that lays files out the
  way GLib's gvdb-builder.c does (24-byte header, hash tables with an empty bloom filter and
  one bucket per item, items chained per bucket, each key right after its table or previous
  value, values 8-aligned, tables 4-aligned), used for flatpak's permission store.
- Flatpak installations (metadata keyfiles behind the real current/active symlinks).
- TCC.db in both schema generations (the real CREATE TABLE statements).
- Fake tools (snap, pactl) that replay a recorded output from synth/data/permissions.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import struct
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "permissions"

# ------------------------------------------------------------------------- GVariant writer

_FIXED = {"b": "<?", "y": "<B", "n": "<h", "q": "<H", "i": "<i", "u": "<I", "h": "<i",
          "x": "<q", "t": "<Q", "d": "<d"}


def _osize_for(body: int, n: int) -> int:
    if n == 0:
        return 0
    for size in (1, 2, 4, 8):
        if body + n * size <= (1 << (8 * size)) - 1:
            return size
    raise ValueError("too large")


def _pad(buf: bytearray, align: int) -> None:
    while len(buf) % align:
        buf.append(0)


def gv_encode(t: str, value: Any) -> bytes:
    """Serialise `value` as a GVariant of type `t` in normal form."""
    from scanners.sources.permissions.gvdb import alignment, fixed_size, members

    c = t[0]
    if c in _FIXED:
        return struct.pack(_FIXED[c], value)
    if c in "sog":
        return str(value).encode("utf-8") + b"\x00"
    if c == "v":
        inner_t, inner_v = value
        return gv_encode(inner_t, inner_v) + b"\x00" + inner_t.encode("ascii")
    if c == "m":
        if value is None:
            return b""
        enc = gv_encode(t[1:], value)
        return enc if fixed_size(t[1:]) is not None else enc + b"\x00"
    if c == "a":
        elem = t[1:]
        if fixed_size(elem) is not None:
            return b"".join(gv_encode(elem, v) for v in value)
        body = bytearray()
        ends = []
        for v in value:
            _pad(body, alignment(elem))
            body += gv_encode(elem, v)
            ends.append(len(body))
        size = _osize_for(len(body), len(ends))
        for e in ends:
            body += e.to_bytes(size, "little")
        return bytes(body)
    ms = members(t)
    body = bytearray()
    ends = []
    for i, (m, v) in enumerate(zip(ms, value, strict=True)):
        _pad(body, alignment(m))
        body += gv_encode(m, v)
        if fixed_size(m) is None and i != len(ms) - 1:
            ends.append(len(body))
    fixed = fixed_size(t)
    if fixed is not None:
        if not ms:
            return b"\x00"
        _pad(body, alignment(t))
        return bytes(body)
    size = _osize_for(len(body), len(ends))
    for e in reversed(ends):
        body += e.to_bytes(size, "little")
    return bytes(body)


# ------------------------------------------------------------------------- GVDB writer


def djb_hash(key: str) -> int:
    h = 5381
    for b in key.encode("utf-8"):
        h = (h * 33 + (b - 256 if b >= 128 else b)) & 0xFFFFFFFF
    return h


class _Builder:
    def __init__(self) -> None:
        self.offset = 24
        self.chunks: list[tuple[int, bytearray]] = []

    def allocate(self, align: int, size: int) -> tuple[bytearray, int, int]:
        self.offset += (-self.offset) & (align - 1)
        chunk = bytearray(size)
        start = self.offset
        self.chunks.append((start, chunk))
        self.offset += size
        return chunk, start, self.offset

    def add_string(self, s: str) -> tuple[int, int]:
        raw = s.encode("utf-8")
        start = self.offset
        self.chunks.append((start, bytearray(raw)))
        self.offset += len(raw)
        return start, len(raw)

    def add_hash(self, table: Mapping[str, Any]) -> tuple[int, int]:
        n = len(table)
        buckets: list[list[str]] = [[] for _ in range(n)]
        for key in table:  # prepend, as gvdb-builder's hash_table_insert does
            buckets[djb_hash(key) % n].insert(0, key)
        order = [k for b in buckets for k in b]
        size = 8 + 4 * n + 24 * len(order)
        chunk, start, end = self.allocate(4, size)
        struct.pack_into("<II", chunk, 0, 5 << 27, n)
        index = 0
        for b, keys in enumerate(buckets):
            struct.pack_into("<I", chunk, 8 + 4 * b, index)
            for key in keys:
                value = table[key]
                kstart, ksize = self.add_string(key)
                if isinstance(value, dict):
                    kind, (vs, ve) = b"H", self.add_hash(value)
                else:
                    vt, vv = value
                    enc = gv_encode("v", (vt, vv))
                    vchunk, vs, ve = self.allocate(8, len(enc))
                    vchunk[:] = enc
                    kind = b"v"
                struct.pack_into("<IIIHccII", chunk, 8 + 4 * n + 24 * index, djb_hash(key),
                                 0xFFFFFFFF, kstart, ksize, kind, b"\x00", vs, ve)
                index += 1
        return start, end

    def serialise(self, root: tuple[int, int]) -> bytes:
        out = bytearray(b"GVariant" + struct.pack("<IIII", 0, 0, *root))
        for offset, data in self.chunks:
            out += b"\x00" * (offset - len(out))
            out += data
        return bytes(out)


def gvdb_bytes(root: Mapping[str, Any]) -> bytes:
    """A GVDB file: nested dicts are tables, (type, value) pairs are GVariant values."""
    b = _Builder()
    return b.serialise(b.add_hash(root))


def permission_store(path: Path, entries: Mapping[str, Mapping[str, Sequence[str]]]) -> Path:
    """A flatpak permission-store table file: id -> {app: [permissions]} (flatpak-db.c)."""
    main: dict[str, Any] = {}
    apps: dict[str, list[str]] = {}
    for ident, grants in entries.items():
        pairs = [(app, list(perms)) for app, perms in sorted(grants.items())]
        main[ident] = ("(va{sas})", (("y", 0), pairs))
        for app in grants:
            apps.setdefault(app, []).append(ident)
    root = {"main": main, "apps": {a: ("as", sorted(ids)) for a, ids in apps.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gvdb_bytes(root))
    return path


# ------------------------------------------------------------------------- Flatpak

FIREFOX_METADATA = """\
[Application]
name=org.mozilla.firefox
runtime=org.freedesktop.Platform/x86_64/23.08
sdk=org.freedesktop.Sdk/x86_64/23.08
command=firefox

[Context]
shared=network;ipc;
sockets=x11;wayland;pulseaudio;pcsc;cups;
devices=all;
filesystems=xdg-download;/run/.heim_org.h5l.kcm-socket;

[Session Bus Policy]
org.freedesktop.FileManager1=talk
org.freedesktop.Notifications=talk
org.a11y.Bus=talk
org.mpris.MediaPlayer2.firefox.*=own

[System Bus Policy]
org.freedesktop.NetworkManager=talk
"""

EDITOR_METADATA = """\
[Application]
name=org.example.Editor
runtime=org.gnome.Platform/x86_64/46
command=editor

[Context]
shared=ipc;
sockets=wayland;fallback-x11;
filesystems=home;host-os:ro;

[Session Bus Policy]
org.freedesktop.secrets=talk
org.freedesktop.Flatpak=talk
"""


def flatpak_app(installation: Path, app_id: str, metadata: str, arch: str = "x86_64",
                branch: str = "stable", commit: str = "4f0c3a9d") -> Path:
    """An installed app as flatpak deploys it: app/<id>/current -> <arch>/<branch>,
    <branch>/active -> <commit>, metadata in the commit folder."""
    base = installation / "app" / app_id
    deploy = base / arch / branch / commit
    deploy.mkdir(parents=True, exist_ok=True)
    (deploy / "metadata").write_text(metadata, encoding="utf-8")
    (base / arch / branch / "active").symlink_to(commit)
    (base / "current").symlink_to(f"{arch}/{branch}")
    return deploy / "metadata"


def flatpak_override(installation: Path, target: str, text: str) -> Path:
    p = installation / "overrides" / target
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------------- fake tools


def fake_tool(bindir: Path, name: str, outputs: Mapping[str, str | Path], rc: int = 0) -> Path:
    """An executable `name` in `bindir` that prints a recorded output chosen by its arguments
    (" ".join(argv[1:]) -> text or a file under synth/data/permissions); unknown -> exit 2."""
    bindir.mkdir(parents=True, exist_ok=True)
    table = {k: (str(v) if isinstance(v, Path) else None, v if isinstance(v, str) else None)
             for k, v in outputs.items()}
    script = bindir / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"TABLE = {table!r}\n"
        "key = ' '.join(sys.argv[1:])\n"
        "if key not in TABLE:\n"
        "    sys.stderr.write('error: unknown command ' + key + '\\n'); sys.exit(2)\n"
        "path, text = TABLE[key]\n"
        "sys.stdout.write(open(path, encoding='utf-8').read() if path else text)\n"
        f"sys.exit({rc})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


# ------------------------------------------------------------------------- macOS TCC

# Big Sur and later (yo-yo-yo-jbo/macos_tcc; macOS 14 dump).
TCC_BIG_SUR = """
CREATE TABLE admin (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
CREATE TABLE policies (id INTEGER NOT NULL PRIMARY KEY, bundle_id TEXT NOT NULL,
    uuid TEXT NOT NULL, display TEXT NOT NULL, UNIQUE (bundle_id, uuid));
CREATE TABLE active_policy (client TEXT NOT NULL, client_type INTEGER NOT NULL,
    policy_id INTEGER NOT NULL, PRIMARY KEY (client, client_type),
    FOREIGN KEY (policy_id) REFERENCES policies(id) ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL,
    client_type INTEGER NOT NULL, auth_value INTEGER NOT NULL, auth_reason INTEGER NOT NULL,
    auth_version INTEGER NOT NULL, csreq BLOB, policy_id INTEGER,
    indirect_object_identifier_type INTEGER,
    indirect_object_identifier TEXT NOT NULL DEFAULT 'UNUSED',
    indirect_object_code_identity BLOB, flags INTEGER,
    last_modified INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)),
    pid INTEGER, pid_version INTEGER, boot_uuid TEXT NOT NULL DEFAULT 'UNUSED',
    last_reminded INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)),
    PRIMARY KEY (service, client, client_type, indirect_object_identifier),
    FOREIGN KEY (policy_id) REFERENCES policies(id) ON DELETE CASCADE ON UPDATE CASCADE);
"""

# Catalina and earlier (Velocidex/velociraptor MacOS.System.TCC).
TCC_CATALINA = """
CREATE TABLE admin (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
CREATE TABLE policies (id INTEGER NOT NULL PRIMARY KEY, bundle_id TEXT NOT NULL,
    uuid TEXT NOT NULL, display TEXT NOT NULL, UNIQUE (bundle_id, uuid));
CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL,
    client_type INTEGER NOT NULL, allowed INTEGER NOT NULL, prompt_count INTEGER NOT NULL,
    csreq BLOB, policy_id INTEGER, indirect_object_identifier_type INTEGER,
    indirect_object_identifier TEXT, indirect_object_code_identity BLOB, flags INTEGER,
    last_modified INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)),
    PRIMARY KEY (service, client, client_type, indirect_object_identifier),
    FOREIGN KEY (policy_id) REFERENCES policies(id) ON DELETE CASCADE ON UPDATE CASCADE);
"""


def tcc_db(path: Path, rows: Sequence[tuple[str, str, int, int]], *, big_sur: bool = True,
           when: int = 1_700_000_000) -> Path:
    """A TCC.db with (service, client, client_type, auth_value-or-allowed) rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.executescript(TCC_BIG_SUR if big_sur else TCC_CATALINA)
        conn.execute("INSERT INTO admin VALUES ('version', ?)", (19 if big_sur else 15,))
        for service, client, ctype, value in rows:
            if big_sur:
                conn.execute(
                    "INSERT INTO access (service, client, client_type, auth_value, auth_reason,"
                    " auth_version, csreq, flags, last_modified) VALUES (?,?,?,?,?,1,NULL,0,?)",
                    (service, client, ctype, value, 2 if value else 3, when))
            else:
                conn.execute(
                    "INSERT INTO access (service, client, client_type, allowed, prompt_count,"
                    " csreq, flags, last_modified) VALUES (?,?,?,?,1,NULL,0,?)",
                    (service, client, ctype, value, when))
        conn.commit()
    finally:
        conn.close()
    return path


# ------------------------------------------------------------------------- /proc


def fake_proc(sysroot: Path, pid: int, comm: str, uid: int, fds: Mapping[int, str]) -> Path:
    """/proc/<pid> with comm, status (Uid line) and fd/<n> symlinks to device paths."""
    d = sysroot / "proc" / str(pid)
    (d / "fd").mkdir(parents=True, exist_ok=True)
    (d / "comm").write_text(comm + "\n", encoding="utf-8")
    (d / "status").write_text(
        f"Name:\t{comm}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t{pid}\nPid:\t{pid}\n"
        f"PPid:\t1\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t{uid}\t{uid}\t{uid}\t{uid}\n",
        encoding="utf-8")
    for fd, target in fds.items():
        os.symlink(target, d / "fd" / str(fd))
    return d


# ------------------------------------------------------------------------- context


def perm_ctx(home: Path, sysroot: Path, *, platform: str = "linux",
             tools: Path | None = None) -> tuple[Any, list[Any]]:
    """A ScanContext for permission scanners on a fixture machine (no rules needed), and the
    list its ScanErrors go to."""
    from scanners.base import ScanContext
    from scanners.detection.redact import Redactor
    from scanners.detection.rules import RuleSet

    errors: list[Any] = []
    ctx = ScanContext(roots=[home], rules=RuleSet(()), redactor=Redactor(b"k" * 32),
                      home=home, sysroot=sysroot, platform=platform,
                      tool_path=str(tools) if tools is not None else str(sysroot / "no-tools"),
                      on_error=errors.append)
    return ctx, errors


NOBODY = 65534


@contextmanager
def nobody_can_enter() -> Iterator[Path]:
    """A fresh folder that the user `unprivileged()` drops to can walk into (pytest's own
    tmp_path sits below a 0700 folder of root's, where nobody is refused at the top and a
    permission-denied test would pass for the wrong reason). Files made in it keep the
    umask's modes (readable by all), so only what a test locks up is refused."""
    base = Path(tempfile.mkdtemp(prefix="piaudit-perm-"))
    try:
        base.chmod(0o755)
        for up in (base, *base.parents):
            if not up.stat().st_mode & stat.S_IXOTH:
                raise AssertionError(f"{up} cannot be entered by other users")
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def unprivileged(fn: Any) -> Any:
    """Run fn() as a user who cannot read the fixture (nobody when we are root, so mode 0
    and root-only folders really refuse; as a normal user fn runs here) and return its
    JSON-able result. This is how TCC.db looks without Full Disk Access. Build the fixture
    inside `nobody_can_enter()` so nobody reaches it."""
    if os.geteuid() != 0:
        return fn()
    import json

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: drop to nobody, run, send the result back
        code = 0
        try:
            os.close(r)
            # Once as root first, result dropped: it imports every module fn loads lazily.
            # nobody cannot read this interpreter's standard library when it lives in a
            # 0700 home (pyenv under /root), so a first import after the drop would fail.
            fn()
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            out = json.dumps(fn()).encode()
        except BaseException as exc:  # report anything to the parent, never return
            out, code = json.dumps({"child-error": repr(exc)}).encode(), 1
        with os.fdopen(w, "wb") as fh:
            fh.write(out)
        os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    result = json.loads(data)
    if isinstance(result, dict) and "child-error" in result:
        raise AssertionError(result["child-error"])
    return result
