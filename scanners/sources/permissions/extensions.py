"""permissions.extensions: browser extensions in every Chromium-family and Firefox profile.

Read:
- Chromium family (Chrome, Chromium, Edge, Brave, Vivaldi, Opera; roots per OS in
  resources/permissions.toml [extensions]): every profile folder with a Preferences file
  (Default, Profile N, ...). `extensions.settings.<id>` of Preferences and Secure Preferences
  gives the install (location, disable_reasons/state, path, granted_permissions api /
  explicit_host / scriptable_host); the manifest comes from the settings (older Chrome) or
  Extensions/<id>/<version>/manifest.json, with a `__MSG_x__` name resolved from
  _locales/<default_locale>/messages.json. Component extensions (built in) and extensions
  installed by enterprise policy (resources/permissions.toml chromium_builtin_locations,
  chromium_policy_locations) are listed as built-in (see below).
- Firefox: every profile's extensions.json `addons[]`: id, defaultLocale.name, version,
  active, userPermissions.permissions/origins. Add-ons that ship with the browser (location
  app-builtin, app-builtin-addons, app-system-defaults, app-global ...; or flagged isBuiltin
  / isSystem) are listed as built-in (see below); themes, dictionaries and language packs
  are left out.

Each enabled extension yields one finding per flagged permission (all sites, history,
cookies, tabs, clipboard, downloads, native messaging, web requests, debugger, proxy, ...;
resources/permissions.toml [extensions.permissions]); an extension with nothing flagged (or
disabled) yields one "installed" finding of severity info, so the inventory is complete but
does not score. A built-in or policy-installed extension yields only that "installed" finding
(severity info, never broad), whatever it may access: the user cannot remove it, and its
revoke text says so instead of advising removal. Extra detail keys: "version", "browser",
"profile", "permissions" (all of them, comma-separated), "enabled" (yes/no), "builtin"
(yes/no), "installed_by" ("browser" or "policy", built-in ones only). Revoke: the browser's
extensions page, in words.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from scanners.base import ScanContext
from scanners.model import Finding, ScanError, Severity
from scanners.sources.permissions import catalog
from scanners.sources.permissions.common import Grant, grant_finding
from scanners.sources.stores.common import display_path, expand, os_key

SCANNER = "permissions.extensions"
_MSG = re.compile(r"^__MSG_(\w+)__$")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*")  # en, pt_BR, zh_CN
_PAGES = (("edge", "edge://extensions"), ("brave", "brave://extensions"),
          ("vivaldi", "vivaldi://extensions"), ("opera", "opera://extensions"))
MAX_LISTED = 400  # characters of the full permission list kept in the detail


def read_json(path: Path, limit: int | None = None) -> Any:
    """A JSON file, strictly: UTF-8 (a BOM is tolerated), bounded size and nesting."""
    cap = limit or int(catalog.source_table("extensions").get("max_json_bytes", 64 << 20))
    with open(path, "rb") as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise ValueError(f"larger than {cap >> 20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 (wrongly encoded or damaged)") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None


def _error(ctx: ScanContext, path: Path, exc: BaseException) -> None:
    if isinstance(exc, PermissionError):
        reason, msg = "permission-denied", "permission denied"
    elif isinstance(exc, OSError):
        reason, msg = "unreadable", exc.strerror or str(exc)
    else:
        reason, msg = "corrupt", str(exc)
    ctx.error(ScanError(SCANNER, display_path(ctx, path), reason, msg[:200]))


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def flagged(perms: list[str]) -> dict[str, tuple[catalog.Entry, str]]:
    """Flagged permission key -> (entry, the raw name that set it), first raw wins."""
    all_sites = set(catalog.strings("extensions", "all_sites"))
    out: dict[str, tuple[catalog.Entry, str]] = {}
    for p in perms:
        name = "all-sites" if p in all_sites else p
        e = catalog.lookup("extensions", "permissions", name)
        if e is not None and e.key != "installed" and e.key not in out:
            out[e.key] = (e, p)
    return out


def _grants(source: str, app: str, name: str, version: str, perms: list[str], enabled: bool,
            page: str, browser: str, profile: str, where: str,
            installed_by: str = "") -> Iterator[Grant]:
    """The grants of one extension; `installed_by` ("browser", "policy") marks one the user
    did not install and cannot remove: listed once, as built-in, never as a broad grant."""
    extra = {"version": version, "browser": browser, "profile": profile,
             "enabled": "yes" if enabled else "no",
             "permissions": ", ".join(dict.fromkeys(perms))[:MAX_LISTED],
             "builtin": "yes" if installed_by else "no"}
    fields = {"app": app, "app_name": name, "page": page}
    if installed_by:
        inst = catalog.lookup("extensions", "permissions", "installed")
        assert inst is not None, "permissions.toml lacks [extensions.permissions.map] installed"
        words = str(catalog.source_table("extensions").get(f"{installed_by}_note", "")
                    or "{app_name} is part of the browser: nothing to remove")
        yield Grant(source=source, app=app, app_name=name, permission="installed",
                    exposes=inst.exposes, severity=Severity.INFO, raw="installed",
                    revoke=words.replace("{app_name}", name).replace("{page}", page),
                    location=where, extra={**extra, "installed_by": installed_by})
        return
    hits = flagged(perms) if enabled else {}
    for key, (e, raw) in hits.items():
        yield Grant(source=source, app=app, app_name=name, permission=key, exposes=e.exposes,
                    severity=e.severity, broad=e.broad, raw=raw,
                    revoke=e.revoke_words(**fields, name=raw), location=where, extra=extra)
    if not hits:
        inst = catalog.lookup("extensions", "permissions", "installed")
        assert inst is not None, "permissions.toml lacks [extensions.permissions.map] installed"
        yield Grant(source=source, app=app, app_name=name, permission="installed",
                    exposes=inst.exposes, severity=Severity.INFO, raw="installed",
                    revoke=inst.revoke_words(**fields, name="installed"), location=where,
                    extra=extra)


# ------------------------------------------------------------------------------ Chromium


def _page(root: Path) -> str:
    low = str(root).lower()
    for needle, page in _PAGES:
        if needle in low:
            return page
    return "chrome://extensions"


def _messages(path: Path) -> dict[str, str]:
    data = read_json(path, 4 << 20)
    if not isinstance(data, dict):
        return {}
    return {str(k).lower(): str(v.get("message", "")) for k, v in data.items()
            if isinstance(v, dict)}


def _resolve_name(ctx: ScanContext, name: str, manifest: Mapping[str, Any],
                  ext_dir: Path | None) -> str:
    """The extension's name from its messages.json; the unresolved name when that file
    cannot be used (a ScanError says why, unless the file is simply absent)."""
    m = _MSG.match(name)
    if not m or ext_dir is None:
        return name
    locale = str(manifest.get("default_locale", "en"))
    path = ext_dir / "_locales" / locale / "messages.json"
    try:
        if not _LOCALE.fullmatch(locale):  # a hostile manifest must not lead out of ext_dir
            raise ValueError("default_locale is not a locale name")
        msgs = _messages(path)
    except FileNotFoundError:
        return name  # the extension ships no such locale: nothing was left unread
    except (OSError, ValueError) as exc:
        _error(ctx, path if _LOCALE.fullmatch(locale) else ext_dir / "manifest.json", exc)
        return name
    return msgs.get(m.group(1).lower(), name) or name


def _ext_dir(profile: Path, ext_id: str, settings: Mapping[str, Any]) -> Path | None:
    path = settings.get("path")
    if isinstance(path, str) and path:
        p = Path(path)
        return p if p.is_absolute() else profile / "Extensions" / p
    base = profile / "Extensions" / ext_id
    try:
        versions = sorted(d for d in os.listdir(base) if (base / d).is_dir())
    except OSError:
        return None
    return base / versions[-1] if versions else None


class ExtensionsScanner:
    id: ClassVar[str] = SCANNER
    title: ClassVar[str] = "Browser extensions"

    def _chromium_profiles(self, ctx: ScanContext) -> list[tuple[Path, Path]]:
        out = []
        for root_pattern in catalog.strings("extensions", f"chromium_{os_key(ctx)}"):
            for root in expand(ctx, root_pattern):
                for prefs in [root / "Preferences", *sorted(root.glob("*/Preferences"))]:
                    if prefs.is_file():
                        out.append((root, prefs.parent))
        return out

    def _firefox_files(self, ctx: ScanContext) -> list[Path]:
        out = []
        for root_pattern in catalog.strings("extensions", f"firefox_{os_key(ctx)}"):
            for root in expand(ctx, root_pattern):
                out.extend(sorted(root.glob("*/extensions.json")))
        return out

    def applies(self, ctx: ScanContext) -> bool:
        if self._chromium_profiles(ctx) or self._firefox_files(ctx):
            return True
        ctx.unavailable(SCANNER, "not-present",
                        "no Chromium-family or Firefox profile was found")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        for root, profile in self._chromium_profiles(ctx):
            ctx.check()
            yield from self._chromium(ctx, root, profile)
        for path in self._firefox_files(ctx):
            ctx.check()
            yield from self._firefox(ctx, path)

    def _chromium(self, ctx: ScanContext, root: Path, profile: Path) -> Iterator[Finding]:
        settings: dict[str, Any] = {}
        for name in ("Preferences", "Secure Preferences"):
            path = profile / name
            if not path.is_file():
                continue
            try:
                data = read_json(path)
                ext = data.get("extensions", {}) if isinstance(data, dict) else {}
                found = ext.get("settings", {}) if isinstance(ext, dict) else {}
                if not isinstance(found, dict):
                    raise ValueError("extensions.settings is not an object")
            except (OSError, ValueError) as exc:
                _error(ctx, path, exc)
                continue
            for ext_id, s in found.items():
                if isinstance(s, dict):
                    settings.setdefault(ext_id, {}).update(s)
        table = catalog.source_table("extensions")
        builtin = set(table.get("chromium_builtin_locations", []))
        policy = set(table.get("chromium_policy_locations", []))
        browser = display_path(ctx, root)
        where = f"chromium-extension:{display_path(ctx, profile)}"
        for ext_id, s in sorted(settings.items()):
            ctx.check()
            location = s.get("location")
            installed_by = ("browser" if location in builtin
                            else "policy" if location in policy else "")
            manifest = s.get("manifest") if isinstance(s.get("manifest"), dict) else None
            ext_dir = _ext_dir(profile, ext_id, s)
            if manifest is None and ext_dir is not None and (ext_dir / "manifest.json").is_file():
                try:
                    loaded = read_json(ext_dir / "manifest.json", 8 << 20)
                    manifest = loaded if isinstance(loaded, dict) else None
                    if manifest is None:
                        raise ValueError("manifest.json is not an object")
                except (OSError, ValueError) as exc:
                    _error(ctx, ext_dir / "manifest.json", exc)
            manifest = manifest or {}
            name = _resolve_name(ctx, str(manifest.get("name") or ext_id), manifest, ext_dir)
            version = str(manifest.get("version", ""))
            granted = s.get("granted_permissions")
            if isinstance(granted, dict):
                perms = (_strings(granted.get("api")) + _strings(granted.get("explicit_host"))
                         + _strings(granted.get("scriptable_host"))
                         + _strings(granted.get("manifest_permissions")))
            else:
                perms = (_strings(manifest.get("permissions"))
                         + _strings(manifest.get("host_permissions")))
                for cs in manifest.get("content_scripts", []) or []:
                    if isinstance(cs, dict):
                        perms += _strings(cs.get("matches"))
            reasons = s.get("disable_reasons")
            enabled = s.get("state", 1) != 0 and not reasons
            for g in _grants("chromium-extension", ext_id, name, version, perms, enabled,
                             _page(root), browser, display_path(ctx, profile), where,
                             installed_by):
                yield grant_finding(ctx, SCANNER, g)

    # ------------------------------------------------------------------------- Firefox

    def _firefox(self, ctx: ScanContext, path: Path) -> Iterator[Finding]:
        try:
            data = read_json(path)
            addons = data.get("addons") if isinstance(data, dict) else None
            if not isinstance(addons, list):
                raise ValueError("no addons list")
        except (OSError, ValueError) as exc:
            _error(ctx, path, exc)
            return
        builtin = set(catalog.strings("extensions", "firefox_builtin_locations"))
        profile = display_path(ctx, path.parent)
        where = f"firefox-extension:{profile}"
        for a in addons:
            ctx.check()
            if not isinstance(a, dict):
                continue
            if a.get("type", "extension") not in ("extension", "webextension"):
                continue  # themes, dictionaries, language packs
            shipped = (a.get("location") in builtin or a.get("isBuiltin") is True
                       or a.get("isSystem") is True)
            ext_id = str(a.get("id") or "")
            if not ext_id:
                continue
            loc = a.get("defaultLocale")
            name = str((loc.get("name") if isinstance(loc, dict) else None)
                       or a.get("name") or ext_id)
            up = a.get("userPermissions")
            perms = (_strings(up.get("permissions")) + _strings(up.get("origins"))
                     if isinstance(up, dict) else [])
            enabled = bool(a.get("active", False)) and not a.get("userDisabled", False)
            for g in _grants("firefox-extension", ext_id, name, str(a.get("version", "")),
                             perms, enabled, "about:addons", "Firefox", profile, where,
                             "browser" if shipped else ""):
                yield grant_finding(ctx, SCANNER, g)
