"""Training mode end to end on the command line (issue 18): create a sandbox, audit it with
every scanner into its own log, show what an attacker links up, fix, audit again; the
user's own log, cache and settings are never touched."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from scanners.cli.entry import main
from scanners.demo import phone, session
from scanners.demo.cast import cast
from scanners.demo.sandbox import open_sandbox
from tests.unit.helpers import tree_snapshot

SEED = 11


def _score(path: Path) -> tuple[int, list[dict[str, object]]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return int(doc["score"]["value"]), list(doc["findings"])


def _warm_patterns(box: Path, compiled: list[Path]) -> None:
    """The compiled pattern database the other tests share (no personal data, rebuilt when
    missing): copied into the sandbox's own cache so its first scan need not compile it."""
    cache = box / ".piaudit" / "cache"
    cache.mkdir(parents=True, mode=0o700)
    cache.parent.chmod(0o700)
    for path in compiled:
        shutil.copy2(path, cache / path.name)


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    """create -> scan -> profiles (json, html) -> fix -> scan, through `main`, with the
    user's own folders holding a log, a cache and settings that must not change."""
    mp = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("demo-flow")
    shared_patterns = sorted(Path(os.environ["PIAUDIT_CACHE_DIR"]).glob("patterns-*"))
    user = {k: base / "user" / k for k in ("home", "data", "cache", "config")}
    for name, folder in user.items():
        folder.mkdir(parents=True)
        (folder / f"{name}-marker.txt").write_text(f"the user's own {name}\n")
    (user["data"] / "audit-log.sqlite").write_bytes(b"the user's log, never opened here")
    env = {"HOME": str(user["home"]), "PIAUDIT_DATA_DIR": str(user["data"]),
           "PIAUDIT_CACHE_DIR": str(user["cache"]),
           "PIAUDIT_GUI_SETTINGS": str(user["config"] / "gui.ini"),
           "PIAUDIT_PASSPHRASE_FILE": str(user["config"] / "passphrase")}
    (user["config"] / "passphrase").write_text("the user's passphrase\n")
    for k, v in env.items():
        mp.setenv(k, v)
    before = tree_snapshot(*user.values())
    box = base / "sandbox"
    out = base / "out"
    out.mkdir()
    steps = {"create": main(["demo", "create", str(box), "--seed", str(SEED)])}
    _warm_patterns(box, shared_patterns)
    steps |= {
        "scan": main(["demo", "scan", str(box), "--format", "json", "-o",
                      str(out / "before.json")]),
        "profiles": main(["demo", "profiles", str(box), "--format", "json", "-o",
                          str(out / "people.json")]),
        "profiles-html": main(["demo", "profiles", str(box), "--format", "html", "-o",
                               str(out / "people.html")]),
    }
    # not on a terminal and without --yes: refused, nothing changed
    steps["fix-unconfirmed"] = main(["demo", "fix", str(box)]) - 2
    plan = session.plan(open_sandbox(box))
    steps |= {
        "fix": main(["demo", "fix", str(box), "--yes"]),
        "rescan": main(["demo", "scan", str(box), "--format", "json", "-o",
                        str(out / "after.json")]),
    }
    after = tree_snapshot(*user.values())
    env_after = {k: os.environ.get(k) for k in env}
    yield {"steps": steps, "out": out, "box": open_sandbox(box), "before": before, "plan": plan,
           "after": after, "env": env, "env_after": env_after}
    mp.undo()


def test_every_step_succeeds(flow):
    assert flow["steps"] == {k: 0 for k in flow["steps"]}


def test_the_scan_scores_high_and_finds_every_planted_leak(flow):
    value, findings = _score(flow["out"] / "before.json")
    assert value >= 75
    by_rule: dict[str, list[dict[str, object]]] = {}
    for f in findings:
        by_rule.setdefault(str(f["rule"]), []).append(f)
    chromium = by_rule["stores.chromium.logins"][0]
    assert chromium["detail"]["protection"] == "weak-key"  # Linux's fixed v10 key
    firefox = by_rule["stores.firefox.logins"][0]
    assert firefox["detail"]["protection"] == "weak-key"  # no primary password
    assert "no primary password" in str(firefox["preview"])
    assert by_rule["stores.ssh.private_key"][0]["detail"]["protection"] == "unprotected-key"
    assert "stores.credentials.aws" in by_rule
    chat = {f["detail"]["permission"] for f in findings
            if f["scanner"] == "permissions.android" and f["detail"].get("app") == phone.CHAT}
    assert {"contacts", "location", "sms"} <= chat
    cleaner = [f for f in by_rule["permissions.android.accessibility"]
               if f["detail"].get("app") == phone.CLEANER]
    assert cleaner
    home = by_rule["permissions.flatpak.filesystem-home"][0]
    assert home["detail"]["app"] == "org.demo.Notes"
    # the content: the dozen recurring people's IDs and cards
    assert len(by_rule["identity.cn_resident_id"]) >= 12
    assert len(by_rule["financial.payment_card"]) >= 12


def test_the_attackers_view_links_people_across_sources(flow):
    doc = json.loads((flow["out"] / "people.json").read_text(encoding="utf-8"))
    people = doc["people"]
    assert all(set(p) >= {"label", "facts"} for p in people)
    assert all(set(f) >= {"category", "preview", "source"} for p in people for f in p["facts"])

    def files(p: dict[str, object]) -> set[str]:
        out = set()
        for f in p["facts"]:  # type: ignore[attr-defined]
            for src in [f["source"], *f.get("also_in", [])]:
                out.add(src.split("!")[0])
        return out

    kits = [p for p in people if len(p["facts"]) >= 4 and len(files(p)) >= 2]
    assert len(kits) >= 5, [(p["label"], len(p["facts"]), len(files(p))) for p in people]
    cats = {f["category"] for f in kits[0]["facts"]}
    assert {"basic", "identity", "contact", "financial", "location"} <= cats
    # the home's user also carries what the stores and the phone give away
    assert "credential" in cats
    assert any(f["source"].startswith("chromium:") for f in kits[0]["facts"])
    assert any(f["source"].startswith("adb:") for f in kits[0]["facts"])


def test_the_attackers_view_shows_masked_values_only(flow):
    who = cast(SEED)
    text = (flow["out"] / "people.json").read_text(encoding="utf-8")
    page = (flow["out"] / "people.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "synthetic" in page.lower()
    for p in [*who.people, *who.customers]:
        for value in (p.resident_id, p.mobile, p.card, p.card_spaced, p.name, p.address):
            assert value not in text and value not in page, value
    assert (flow["out"] / "people.json").stat().st_mode & 0o077 == 0  # 0600


def test_the_fix_plan_covers_every_kind_of_leak(flow):
    kinds = {step.kind for step in flow["plan"]}
    assert kinds == {"vault", "restrict", "browser", "primary-password", "passphrase",
                     "flatpak", "revoke", "accessibility"}
    revoked = {step.finding.detail["permission"] for step in flow["plan"]
               if step.kind == "revoke" and step.finding is not None}
    assert {"contacts", "location", "sms"} <= revoked


def test_after_the_fix_the_score_falls_below_40(flow):
    before, _ = _score(flow["out"] / "before.json")
    after, findings = _score(flow["out"] / "after.json")
    assert after < 40 < 75 <= before
    rules = {f["rule"] for f in findings}
    assert not rules & {"stores.chromium.logins", "stores.chromium.cards",
                        "permissions.android.contacts", "permissions.android.location",
                        "permissions.android.sms", "permissions.android.accessibility",
                        "permissions.flatpak.filesystem-home", "identity.cn_resident_id"}
    box = flow["box"]
    state = phone.read_state(box.phone)
    assert not any(state["apps"][phone.CHAT]["runtime"].values())
    assert state["accessibility"] == []
    assert any((box.data / "vault").iterdir())  # the vault is the sandbox's own
    assert not (box.home / "Downloads/客户名单.csv").exists()


def test_the_users_own_log_cache_and_settings_are_untouched(flow):
    assert flow["after"] == flow["before"]
    assert flow["env_after"] == flow["env"]  # the sandbox's environment was undone
    box = flow["box"]
    assert (box.data / "audit-log.sqlite").exists()
    assert (box.data / "fingerprint.key").exists()
