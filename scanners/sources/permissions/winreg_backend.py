"""Read-only registry access for the Windows permission scanner: the live registry through
`winreg` (Windows only), or a `regedit` export (.reg) on any OS - tests use a recorded
export, and a user can audit a hive exported from another machine.

Paths are full key names, "HKEY_CURRENT_USER\\Software\\..." (HKCU/HKLM/HKU abbreviations are
accepted); lookups are case-insensitive like the registry's. Values come back as Python
values: REG_SZ/REG_EXPAND_SZ str, REG_DWORD/REG_QWORD int, REG_MULTI_SZ list[str],
anything else bytes. A missing key has no subkeys and no values.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

RegValue = str | int | bytes | list[str]
ROOTS = {"HKCU": "HKEY_CURRENT_USER", "HKLM": "HKEY_LOCAL_MACHINE", "HKU": "HKEY_USERS",
         "HKCR": "HKEY_CLASSES_ROOT"}
MAX_EXPORT = 512 * 1024 * 1024
HEADERS = ("Windows Registry Editor Version 5.00", "REGEDIT4")


def normalise(path: str) -> str:
    parts = [p for p in path.replace("/", "\\").split("\\") if p]
    if parts:
        parts[0] = ROOTS.get(parts[0].upper(), parts[0].upper())
    return "\\".join(parts)


class RegistryBackend(Protocol):
    def subkeys(self, path: str) -> list[str]: ...

    def values(self, path: str) -> Mapping[str, RegValue]: ...

    def describe(self) -> str: ...


# ---------------------------------------------------------------------------- .reg exports


class RegExport:
    """A parsed regedit export: key path -> values, plus the tree of subkeys."""

    def __init__(self, text: str, source: str = "export") -> None:
        self.source = source
        self._values: dict[str, dict[str, RegValue]] = {}
        self._names: dict[str, str] = {}  # lower-case path -> path as spelled
        self._children: dict[str, dict[str, str]] = {}
        self._parse(text)

    @classmethod
    def from_file(cls, path: Path) -> RegExport:
        with open(path, "rb") as fh:
            data = fh.read(MAX_EXPORT + 1)
        if len(data) > MAX_EXPORT:
            raise ValueError("larger than a registry export can be")
        return cls(decode_export(data), str(path))

    def describe(self) -> str:
        return self.source

    def _add_key(self, path: str) -> str:
        low = path.lower()
        if low not in self._values:
            self._values[low] = {}
            self._names[low] = path
            parent, _, leaf = path.rpartition("\\")
            if parent:
                plow = self._add_key(parent)
                self._children.setdefault(plow, {})[leaf.lower()] = leaf
        return low

    def _delete_key(self, path: str) -> None:
        low = path.lower()
        for k in [k for k in self._values if k == low or k.startswith(low + "\\")]:
            self._values.pop(k, None)
            self._children.pop(k, None)
        parent, _, leaf = low.rpartition("\\")
        self._children.get(parent, {}).pop(leaf, None)

    def _parse(self, text: str) -> None:
        lines = text.splitlines()
        first = next((ln.strip() for ln in lines if ln.strip()), "")
        if first not in HEADERS:
            raise ValueError("not a regedit export (no 'Windows Registry Editor' header)")
        unicode = first == HEADERS[0]
        current: str | None = None
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            i += 1
            while line.endswith("\\") and i < len(lines) and not line.startswith("["):
                line = line[:-1] + lines[i].strip()  # hex data continues on the next line
                i += 1
            if not line or line.startswith(";") or line in HEADERS:
                continue
            if line.startswith("[") and line.endswith("]"):
                key = line[1:-1]
                if key.startswith("-"):
                    self._delete_key(normalise(key[1:]))
                    current = None
                else:
                    current = self._add_key(normalise(key))
                continue
            if current is None:
                continue  # a value under a deleted or missing key
            name, data = _split_value(line)
            if data == "-":
                self._values[current].pop(name.lower(), None)
            else:
                self._values[current][name.lower()] = _value(data, unicode)

    def subkeys(self, path: str) -> list[str]:
        return sorted(self._children.get(normalise(path).lower(), {}).values())

    def values(self, path: str) -> Mapping[str, RegValue]:
        return self._values.get(normalise(path).lower(), {})


def decode_export(data: bytes) -> str:
    """regedit writes UTF-16LE with a BOM ("Version 5.00"); REGEDIT4 files are ANSI."""
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _split_value(line: str) -> tuple[str, str]:
    if line.startswith("@="):
        return "", line[2:]
    if not line.startswith('"'):
        raise ValueError(f"unreadable value line: {line[:40]!r}")
    out, i = [], 1
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line):
            out.append(line[i + 1])
            i += 2
            continue
        if c == '"':
            rest = line[i + 1:]
            if not rest.startswith("="):
                raise ValueError(f"unreadable value line: {line[:40]!r}")
            return "".join(out), rest[1:]
        out.append(c)
        i += 1
    raise ValueError(f"unterminated value name: {line[:40]!r}")


def _hex_bytes(text: str) -> bytes:
    text = text.replace(" ", "").rstrip(",")
    if not text:
        return b""
    try:
        return bytes(int(b, 16) for b in text.split(","))
    except ValueError:
        raise ValueError(f"bad hex data: {text[:40]!r}") from None


def _value(data: str, unicode: bool) -> RegValue:
    if data.startswith('"'):
        if not data.endswith('"') or len(data) < 2:
            raise ValueError("unterminated string value")
        body = data[1:-1]
        return body.replace('\\"', '"').replace("\\\\", "\\")
    if data.startswith("dword:"):
        return int(data[6:], 16)
    if data.startswith("hex:"):
        return _hex_bytes(data[4:])
    if data.startswith("hex(") and "):" in data:
        kind_text, _, rest = data[4:].partition("):")
        kind = int(kind_text, 16)
        raw = _hex_bytes(rest)
        if kind in (4, 0xB):  # REG_DWORD, REG_QWORD (little-endian)
            return int.from_bytes(raw, "little")
        if kind in (1, 2, 7):  # REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ
            text = raw.decode("utf-16-le" if unicode else "cp1252", "replace")
            parts = text.split("\x00")
            if kind == 7:
                return [p for p in parts if p]
            return parts[0]
        return raw
    raise ValueError(f"unknown value type: {data[:20]!r}")


# ---------------------------------------------------------------------------- live registry

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import winreg

    _HIVES = {"HKEY_CURRENT_USER": winreg.HKEY_CURRENT_USER,
              "HKEY_LOCAL_MACHINE": winreg.HKEY_LOCAL_MACHINE,
              "HKEY_USERS": winreg.HKEY_USERS}

    class WinregBackend:
        """The live registry, opened read-only (KEY_READ) key by key."""

        def describe(self) -> str:
            return "registry"

        def _open(self, path: str) -> winreg.HKEYType | None:
            root, _, sub = normalise(path).partition("\\")
            hive = _HIVES.get(root)
            if hive is None:
                return None
            try:
                return winreg.OpenKey(hive, sub, 0, winreg.KEY_READ)
            except OSError:
                return None

        def subkeys(self, path: str) -> list[str]:
            key = self._open(path)
            if key is None:
                return []
            out = []
            with key:
                i = 0
                while True:
                    try:
                        out.append(winreg.EnumKey(key, i))
                    except OSError:
                        break
                    i += 1
            return sorted(out)

        def values(self, path: str) -> Mapping[str, RegValue]:
            key = self._open(path)
            if key is None:
                return {}
            out: dict[str, RegValue] = {}
            with key:
                i = 0
                while True:
                    try:
                        name, data, _kind = winreg.EnumValue(key, i)
                    except OSError:
                        break
                    if isinstance(data, (str, int, bytes)):
                        out[name.lower()] = data
                    elif isinstance(data, list):
                        out[name.lower()] = [str(x) for x in data]
                    i += 1
            return out
