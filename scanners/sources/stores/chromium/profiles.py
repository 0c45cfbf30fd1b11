"""Where Chromium-family profiles are: user-data folders per browser and OS
(`[chromium]` in resources/stores.toml), the profile folders in them that hold a store, their
names and whether Local State holds an app-bound (v20) key (key names only).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanners.base import ScanContext
from scanners.model import ScanError
from scanners.sources.stores.browsers import (
    clean_text,
    read_json,
)
from scanners.sources.stores.common import (
    StoreError,
    display_path,
    expand,
    os_key,
    store_table,
    store_uri,
    strings,
)

SCANNER_ID = "stores.chromium"
KIND = "chromium"


@dataclass(frozen=True, slots=True)
class Profile:
    browser: str  # "Google Chrome"
    root: Path  # the user-data folder (holds Local State)
    path: Path  # the profile folder (== root for Opera)
    folder: str  # "Default", "Profile 1", "" for Opera
    name: str  # the name shown in the browser (Local State), or the folder name
    app_bound_key: bool  # Local State holds an app-bound (v20) key


def config() -> Mapping[str, Any]:
    return store_table("chromium")


def _store_files(cfg: Mapping[str, Any]) -> list[str]:
    files = strings(cfg.get("login_files")) + strings(cfg.get("web_data"))
    return files + strings(cfg.get("history")) + strings(cfg.get("cookies"))


def _local_state(root: Path) -> tuple[dict[str, str], bool]:
    """Profile names per folder and whether an app-bound key exists (key names only)."""
    path = root / "Local State"
    if not path.is_file():
        return {}, False
    try:
        data = read_json(path, 16 * 1024**2)
    except StoreError:
        return {}, False  # names are a nicety; the profiles are still found by folder
    if not isinstance(data, dict):
        return {}, False
    names: dict[str, str] = {}
    cache = (data.get("profile") or {}).get("info_cache") if isinstance(
        data.get("profile"), dict) else None
    if isinstance(cache, dict):
        for folder, info in cache.items():
            if isinstance(folder, str) and isinstance(info, dict) and info.get("name"):
                names[folder] = clean_text(info["name"])
    crypt = data.get("os_crypt")
    app_bound = isinstance(crypt, dict) and "app_bound_encrypted_key" in crypt
    return names, app_bound


def find_profiles(ctx: ScanContext) -> tuple[list[Profile], list[ScanError]]:
    """Every Chromium-family profile with at least one store, for the scanned OS."""
    cfg = config()
    globs = strings(cfg.get("profile_globs")) or ["Default", "Profile *"]
    files = _store_files(cfg)
    osk = os_key(ctx)
    profiles: list[Profile] = []
    errors: list[ScanError] = []
    seen: set[Path] = set()
    browsers = cfg.get("browsers", {})
    for spec in browsers.values() if isinstance(browsers, dict) else ():
        if not isinstance(spec, dict):
            continue
        browser = str(spec.get("name", "Chromium"))
        for pattern in strings(spec.get(osk)):
            for root in expand(ctx, pattern):
                if root in seen or not root.is_dir():
                    continue
                seen.add(root)
                where = store_uri(KIND, display_path(ctx, root))
                try:
                    entries = sorted(os.listdir(root))
                except PermissionError:
                    errors.append(ScanError(SCANNER_ID, where, "permission-denied",
                                            f"{browser}: the profile folder cannot be read"))
                    continue
                except OSError as exc:
                    errors.append(ScanError(SCANNER_ID, where, "unreadable",
                                            (exc.strerror or str(exc))[:200]))
                    continue
                names, app_bound = _local_state(root)
                folders = [e for e in entries
                           if any(fnmatch.fnmatchcase(e, g) for g in globs) or e in names]
                # Opera keeps its one profile in the user-data folder itself
                if any(f in entries for f in files):
                    folders.insert(0, "")
                for folder in folders:
                    path = root / folder if folder else root
                    if not path.is_dir():
                        continue
                    try:
                        inside = set(os.listdir(path))
                    except PermissionError:
                        errors.append(ScanError(
                            SCANNER_ID, store_uri(KIND, display_path(ctx, path)),
                            "permission-denied", f"{browser}: the profile cannot be read"))
                        continue
                    except OSError:
                        continue
                    heads = {f.split("/", 1)[0] for f in files}
                    if not inside & heads:
                        continue
                    name = names.get(folder, folder or browser)
                    profiles.append(Profile(browser, root, path, folder, name, app_bound))
    return profiles, errors
