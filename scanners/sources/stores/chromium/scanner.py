"""The Chromium-family browsers scanner (stores.chromium): each profile's
Login Data, Web Data, History and Cookies databases, read from a private copy.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from scanners.base import ScanContext
from scanners.model import Finding, ScanError
from scanners.sources.stores.browsers import (
    ProfileScanner,
)
from scanners.sources.stores.chromium.cookies import read_cookies
from scanners.sources.stores.chromium.history import read_history
from scanners.sources.stores.chromium.logins import read_logins
from scanners.sources.stores.chromium.profiles import (
    KIND,
    SCANNER_ID,
    Profile,
    config,
    find_profiles,
)
from scanners.sources.stores.chromium.schema import Part
from scanners.sources.stores.chromium.web_data import read_web_data
from scanners.sources.stores.common import (
    display_path,
    make_finding,
    read_store,
    store_uri,
    strings,
)


class ChromiumScanner(ProfileScanner[Profile]):
    """Saved logins, cards, IBANs, addresses, form entries, history and cookies per profile."""

    id: ClassVar[str] = SCANNER_ID
    title: ClassVar[str] = "Chromium-family browsers"
    rules: ClassVar[tuple[str, ...]] = tuple(f"{SCANNER_ID}.{part}" for part in (
        "logins", "cards", "ibans", "addresses", "autofill", "history", "cookies"))

    def find(self, ctx: ScanContext) -> tuple[list[Profile], list[ScanError]]:
        return find_profiles(ctx)

    def none_found(self, ctx: ScanContext) -> None:
        ctx.unavailable(self.id, "not-present", "no Chromium-family browser profile found")

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        cfg = config()
        for profile in self.profiles(ctx):
            ctx.check()
            for name in strings(cfg.get("login_files")):
                yield from self._store(ctx, profile, profile.path / name, read_logins)
            for name in strings(cfg.get("web_data")):
                yield from self._store(ctx, profile, profile.path / name, read_web_data)
            for name in strings(cfg.get("history")):
                yield from self._store(ctx, profile, profile.path / name, read_history)
            for name in strings(cfg.get("cookies")):
                path = profile.path / name
                if os.path.lexists(path):  # the first that exists: Network/Cookies, then Cookies
                    yield from self._store(ctx, profile, path, read_cookies)
                    break

    # ------------------------------------------------------------------------ one store

    def _store(self, ctx: ScanContext, profile: Profile, path: Path,
               reader: Any) -> Iterator[Finding]:
        where = display_path(ctx, path)
        parts: list[Part] | None = read_store(
            ctx, self.id, store_uri(KIND, where), path,
            lambda conn: reader(ctx, conn, where, profile))
        for sf, detail in parts or ():
            base: dict[str, object] = {
                "browser": profile.browser, "profile": profile.folder or "(single)",
                "profile_name": profile.name, "path": where,
            }
            if profile.app_bound_key:
                base["app_bound_key"] = "yes"
            base.update(detail)
            yield make_finding(ctx, self.id, sf, base)
