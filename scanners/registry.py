"""SCANNERS: the one table of scanner classes. Ids are stored in logs: never rename one."""

from __future__ import annotations

from collections.abc import Sequence

from scanners.base import Scanner
from scanners.content.scanner import FilesScanner
from scanners.permissions.android import AndroidPermissions
from scanners.permissions.extensions import ExtensionsScanner
from scanners.permissions.flatpak import FlatpakScanner
from scanners.permissions.live import LiveScanner
from scanners.permissions.snap import SnapScanner
from scanners.permissions.tcc import TccScanner
from scanners.permissions.windows import WindowsScanner
from scanners.stores.addressbook import AddressBookScanner
from scanners.stores.chromium.scanner import ChromiumScanner
from scanners.stores.credentials.files import CredentialFilesScanner
from scanners.stores.credentials.ssh import SshKeysScanner
from scanners.stores.firefox import FirefoxScanner
from scanners.stores.messaging import MessagingScanner

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
