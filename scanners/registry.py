"""SCANNERS: the one table of scanner classes. Ids are stored in logs: never rename one."""

from __future__ import annotations

from collections.abc import Sequence

from scanners.base import Scanner
from scanners.sources.content.scanner import FilesScanner
from scanners.sources.permissions.android import AndroidPermissions
from scanners.sources.permissions.extensions import ExtensionsScanner
from scanners.sources.permissions.flatpak import FlatpakScanner
from scanners.sources.permissions.live import LiveScanner
from scanners.sources.permissions.snap import SnapScanner
from scanners.sources.permissions.tcc import TccScanner
from scanners.sources.permissions.windows import WindowsScanner
from scanners.sources.stores.addressbook import AddressBookScanner
from scanners.sources.stores.chromium.scanner import ChromiumScanner
from scanners.sources.stores.credentials.files import CredentialFilesScanner
from scanners.sources.stores.credentials.ssh import SshKeysScanner
from scanners.sources.stores.firefox import FirefoxScanner
from scanners.sources.stores.messaging import MessagingScanner

SCANNERS: tuple[type[Scanner], ...] = (
    FilesScanner,
    # application stores
    ChromiumScanner, FirefoxScanner, AddressBookScanner, SshKeysScanner, CredentialFilesScanner,
    MessagingScanner,
    # app permissions
    FlatpakScanner, SnapScanner, ExtensionsScanner, TccScanner, WindowsScanner,
    AndroidPermissions, LiveScanner,
)


def select(ids: Sequence[str] | None) -> list[type[Scanner]]:
    """Scanner classes matching `ids` (exact ids or dotted prefixes: "content", "stores")."""
    if not ids:
        return list(SCANNERS)
    chosen: list[type[Scanner]] = []
    for wanted in ids:
        matches = [s for s in SCANNERS if s.id == wanted or s.id.startswith(wanted + ".")]
        if not matches:
            known = ", ".join(s.id for s in SCANNERS)
            raise ValueError(f"unknown scanner {wanted!r} (known: {known})")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen
