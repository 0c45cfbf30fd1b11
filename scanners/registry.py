"""SCANNERS: the one table of scanner classes. Ids are stored in logs: never rename one.

The table is kept as (id, module, class) and each scanner's module is imported when the
scanner is chosen: `piaudit scan --scanners content` (an unchanged rescan takes half a second)
does not load the browser, phone and permission scanners (30 ms of imports). `SCANNERS`, the
classes themselves, imports them all the first time it is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from scanners.base import Scanner

# (id, module, class), in the order audits run and front ends list them; tests/unit/
# test_engine.py checks that each class has its id.
TABLE: tuple[tuple[str, str, str], ...] = (
    ("content.files", "scanners.sources.content.scanner", "FilesScanner"),
    # application stores
    ("stores.chromium", "scanners.sources.stores.chromium.scanner", "ChromiumScanner"),
    ("stores.firefox", "scanners.sources.stores.firefox", "FirefoxScanner"),
    ("stores.addressbook", "scanners.sources.stores.addressbook", "AddressBookScanner"),
    ("stores.ssh", "scanners.sources.stores.credentials.ssh", "SshKeysScanner"),
    ("stores.credentials", "scanners.sources.stores.credentials.files",
     "CredentialFilesScanner"),
    ("stores.messaging", "scanners.sources.stores.messaging", "MessagingScanner"),
    # app permissions
    ("permissions.flatpak", "scanners.sources.permissions.flatpak", "FlatpakScanner"),
    ("permissions.snap", "scanners.sources.permissions.snap", "SnapScanner"),
    ("permissions.extensions", "scanners.sources.permissions.extensions", "ExtensionsScanner"),
    ("permissions.tcc", "scanners.sources.permissions.tcc", "TccScanner"),
    ("permissions.windows", "scanners.sources.permissions.windows", "WindowsScanner"),
    ("permissions.android", "scanners.sources.permissions.android", "AndroidPermissions"),
    ("permissions.live", "scanners.sources.permissions.live", "LiveScanner"),
)


def _load(module: str, name: str) -> type[Scanner]:
    cls: type[Scanner] = getattr(importlib.import_module(module), name)
    return cls


def __getattr__(name: str) -> Any:
    if name == "SCANNERS":  # every class, imported once and kept (tests may replace it)
        scanners = tuple(_load(module, cls) for _id, module, cls in TABLE)
        globals()["SCANNERS"] = scanners
        return scanners
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def select(ids: Sequence[str] | None) -> list[type[Scanner]]:
    """Scanner classes matching `ids` (exact ids or dotted prefixes: "content", "stores")."""
    loaded: tuple[type[Scanner], ...] | None = globals().get("SCANNERS")
    if loaded is not None:  # the classes are there already (or a test's own table)
        entries: list[tuple[str, Any]] = [(s.id, s) for s in loaded]
    else:
        entries = [(sid, (module, cls)) for sid, module, cls in TABLE]
    if not ids:
        chosen_entries = entries
    else:
        chosen_entries = []
        for wanted in ids:
            matches = [e for e in entries if e[0] == wanted or e[0].startswith(wanted + ".")]
            if not matches:
                known = ", ".join(sid for sid, _ in entries)
                raise ValueError(f"unknown scanner {wanted!r} (known: {known})")
            chosen_entries.extend(m for m in matches if m not in chosen_entries)
    return [item if loaded is not None else _load(*item) for _sid, item in chosen_entries]
