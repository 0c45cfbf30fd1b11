"""What decides who else could read one location, and how it is protected: `AccessFacts`.

A leaf module (it imports nothing of the engine) so that the model, the score and the writers
can name the type without importing `access`, which collects the facts and logs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class AccessFacts:
    """What decides who else could read one location, and how it is protected."""

    exists: bool = False
    mode: int | None = None  # permission bits (st_mode & 0o7777)
    uid: int | None = None
    owned_by_user: bool | None = None
    world_readable: bool = False  # others can read it: file o+r and every folder above o+x
    world_readable_mode: bool = False  # the file's own bits say o+r (a parent may still block)
    group_readable: bool = False
    places: tuple[str, ...] = ()  # downloads, desktop, temp, cloud, removable, shared, chat
    cloud: str | None = None  # which sync folder: "Dropbox", "坚果云", ...
    protection: str | None = None  # encrypted, passphrase, unprotected-key, keyring, weak-key...
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    # Which file it is: an action refuses a file swapped for another since the scan.
    dev: int | None = None
    ino: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "exists": self.exists, "mode": self.mode, "uid": self.uid,
            "owned_by_user": self.owned_by_user, "world_readable": self.world_readable,
            "world_readable_mode": self.world_readable_mode,
            "group_readable": self.group_readable, "places": list(self.places),
            "cloud": self.cloud, "protection": self.protection, "size": self.size,
            "mtime_ns": self.mtime_ns, "sha256": self.sha256, "dev": self.dev,
            "ino": self.ino,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AccessFacts:
        return cls(
            exists=bool(d.get("exists", False)), mode=d.get("mode"), uid=d.get("uid"),
            owned_by_user=d.get("owned_by_user"),
            world_readable=bool(d.get("world_readable", False)),
            world_readable_mode=bool(d.get("world_readable_mode", False)),
            group_readable=bool(d.get("group_readable", False)),
            places=tuple(str(p) for p in d.get("places", ())), cloud=d.get("cloud"),
            protection=d.get("protection"), size=d.get("size"), mtime_ns=d.get("mtime_ns"),
            sha256=d.get("sha256"), dev=d.get("dev"), ino=d.get("ino"),
        )

    def describe(self) -> list[str]:
        """The facts in words, for explanations and reports."""
        words: list[str] = []
        if self.world_readable:
            words.append("readable by every user of this computer")
        elif self.world_readable_mode:
            words.append("its permissions let other users read it (a parent folder blocks them)")
        elif self.group_readable:
            words.append("readable by the file's group")
        for place in self.places:
            if place == "cloud":
                words.append(f"in a cloud-synced folder ({self.cloud or 'sync'})")
            else:
                words.append(_PLACE_WORDS.get(place, place))
        if self.protection:
            words.append(_PROTECTION_WORDS.get(self.protection, self.protection))
        return words


_PLACE_WORDS = {
    "downloads": "in Downloads", "desktop": "on the Desktop", "temp": "in a temporary folder",
    "removable": "on removable media", "shared": "in a shared folder",
    "chat": "in a chat app's download folder",
}
_PROTECTION_WORDS = {
    "encrypted": "encrypted", "passphrase": "protected by a passphrase",
    "unprotected-key": "a private key without passphrase",
    "keyring": "protected by the OS keyring", "primary-password": "behind a primary password",
    "weak-key": "protected only by a well-known key", "plaintext": "stored in the clear",
}
