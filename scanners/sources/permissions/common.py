"""The one shape every permission scanner reports: a Grant, turned into a Finding.

Detail keys (a contract the GUI's Permissions screen and the reports read):
  source      "flatpak", "snap", "chromium-extension", "firefox-extension", "tcc",
              "windows", "android", "live"
  device      "this computer", or "android:<serial>" for a phone
  device_name human name of the device ("Pixel 7 (Android 14)")
  app         the app's id (flatpak ref, snap name, extension id, bundle id, package)
  app_name    what users call it
  permission  normalised key from resources/permissions.toml ("contacts", "location",
              "camera", "filesystem-home", "all-sites", ...)
  raw         the source's own name ("android.permission.READ_CONTACTS", "filesystems=home")
  state       "allowed", "denied", "in-use"
  broad       "yes" when the grant is broad or unusual (home/host filesystem, all devices,
              all sites, accessibility service, ...)
  exposes     the risk category of the data the grant reaches ("contact", "location", ...)
  revoke      the step in words (settings page or command), always present
  revoke_argv JSON list: a command the GUI may run after the user confirms; absent = manual
  last_used   when the source says (optional)
  user, user_name  Android only, for a user other than the main one (a work profile, a second
              user, "dual apps"): its id ("10") and name ("Work profile")
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from scanners.base import ScanContext
from scanners.model import Category, Finding, Severity
from scanners.system.phrases import DETAIL_KEY as PHRASE_KEY
from scanners.system.phrases import say, verbatim

THIS_COMPUTER = "this computer"


@dataclass(frozen=True, slots=True)
class Grant:
    source: str
    app: str
    permission: str
    exposes: Category
    severity: Severity
    revoke: str
    app_name: str = ""
    raw: str = ""
    state: str = "allowed"
    broad: bool = False
    device: str = THIS_COMPUTER
    device_name: str = ""
    revoke_argv: Sequence[str] = ()
    last_used: str | None = None
    location: str = ""  # where the grant was read: a file, "adb:<serial>", "snap connections"
    extra: dict[str, str] = field(default_factory=dict)
    # a part of the device the grant belongs to (an Android user/work profile id): the same
    # app in two profiles is two grants; empty = the whole device (fingerprints unchanged)
    scope: str = ""

    @property
    def rule(self) -> str:
        # ids are a public contract (logged): permissions.<source>.<permission>
        return f"permissions.{self.source}.{self.permission}"


def grant_finding(ctx: ScanContext, scanner: str, g: Grant) -> Finding:
    """A Finding in the `permission` category; `detail` follows the module docstring."""
    detail: dict[str, str] = {
        "source": g.source, "device": g.device, "device_name": g.device_name or g.device,
        "app": g.app, "app_name": g.app_name or g.app, "permission": g.permission,
        "raw": g.raw or g.permission, "state": g.state, "broad": "yes" if g.broad else "no",
        "exposes": str(g.exposes), "revoke": g.revoke,
    }
    if g.revoke_argv:
        detail["revoke_argv"] = json.dumps(list(g.revoke_argv))
    if g.last_used:
        detail["last_used"] = g.last_used
    detail.update(g.extra)
    where = g.location or f"{g.source}:{g.device}"
    label = g.app_name or g.app
    summary = say("permission.grant", app=label, permission=verbatim(g.permission),
                  state=say(f"permission.state.{g.state}"))
    detail[PHRASE_KEY] = summary.to_json()
    return Finding(
        scanner=scanner,
        rule=g.rule,
        category=Category.PERMISSION,
        severity=g.severity if g.state != "denied" else Severity.INFO,
        location=f"{where}#{g.app}",
        preview=str(summary),  # "{app}: {permission} ({state})"
        fingerprint=ctx.redactor.fingerprint(
            f"{g.device}\x00{g.source}\x00{g.app}\x00{g.permission}"
            + (f"\x00{g.scope}" if g.scope else "")),
        confidence=1.0,
        detail=detail,
    )
