"""The attacker's view (scanners.assessment.linking): records linked by shared values, one
masked card per person; and `piaudit profiles` on the user's own audit only after an
explicit, logged confirmation."""

from __future__ import annotations

import json

from scanners.assessment.linking import link, to_html, to_json
from scanners.cli.entry import main
from scanners.model import Category, Finding, Severity

from .ledger_helpers import PW, open_log

_RULES = {
    "name": ("basic.person_name", Category.BASIC),
    "id": ("identity.cn_resident_id", Category.IDENTITY),
    "phone": ("contact.cn_mobile", Category.CONTACT),
    "address": ("contact.cn_address", Category.CONTACT),
    "card": ("financial.payment_card", Category.FINANCIAL),
}


def value(kind: str, who: str, where: str, line: int, *, file: str | None = None) -> Finding:
    """A finding of one value (its fingerprint names the person, its preview is masked)."""
    rule, cat = _RULES[kind]
    return Finding("content.files", rule, cat, Severity.HIGH, where, f"{kind}-of-{who[0]}**",
                   f"fp-{kind}-{who}", 0.9, line=line, file=file or where.split("!")[0])


def grant(permission: str, app: str = "com.demo.chat") -> Finding:
    return Finding("permissions.android", f"permissions.android.{permission}",
                   Category.PERMISSION, Severity.HIGH, f"adb:S#{app}", f"{app}: {permission}",
                   f"fp-grant-{permission}", 1.0,
                   detail={"permission": permission, "app": app, "state": "allowed"})


def logins() -> Finding:
    return Finding("stores.chromium", "stores.chromium.logins", Category.CREDENTIAL,
                   Severity.HIGH, "chromium:~/.config/google-chrome/Default/Login Data#logins",
                   "6 saved logins on 6 sites", "fp-logins", 1.0, count=6,
                   detail={"top_sites": "bank.example.cn, mail.example.com",
                           "protection": "weak-key"})


def test_rows_sharing_a_value_are_one_person_across_files():
    table = "/h/Downloads/list.csv"
    slips = "/h/Downloads/slips.xlsx!Sheet1"
    findings = [
        # a customer list: two people, one row each
        value("name", "wang", table, 2), value("id", "wang", table, 2),
        value("card", "wang", table, 2),
        value("name", "li", table, 3), value("id", "li", table, 3), value("card", "li", table, 3),
        # delivery slips: the same two, by phone and name, with an address
        value("name", "wang", slips, 5), value("phone", "wang", slips, 5),
        value("address", "wang", slips, 5),
        value("name", "li", slips, 9), value("phone", "li", slips, 9),
        value("address", "li", slips, 9),
    ]
    people = link(findings)
    assert len(people) == 2
    for p in people:
        assert p.sources == 2
        assert {f.category for f in p.facts} == {"basic", "identity", "financial", "contact"}
        assert len(p.facts) == 5  # name, ID, card, phone, address (the name once)
    wang = next(p for p in people if p.label == "name-of-w**")
    name = next(f for f in wang.facts if f.category == "basic")
    assert {name.source, *name.also_in} == {table, slips}


def test_a_shared_address_does_not_merge_a_household():
    sheet = "/h/Documents/family.xlsx!Sheet1"
    findings = [value("name", "dad", sheet, 2), value("address", "home", sheet, 2),
                value("name", "kid", sheet, 3), value("address", "home", sheet, 3)]
    assert sorted(p.label for p in link(findings)) == ["name-of-d**", "name-of-k**"]


def test_a_document_about_one_person_is_one_record():
    cv = "/h/Documents/cv.txt"
    kit = "/h/Pictures/kit.zip"
    findings = [
        value("name", "zhao", cv, 1), value("id", "zhao", cv, 2), value("phone", "zhao", cv, 3),
        # a zipped real-name kit: the photo's position (no line) and the typed details
        Finding("content.files", "location.exif_gps", Category.LOCATION, Severity.MEDIUM,
                f"{kit}!id-card.jpg", "31.2**,121.4**", "fp-gps-zhao", 0.9, file=kit,
                member="id-card.jpg"),
        value("id", "zhao", f"{kit}!info.txt", 2, file=kit),
        # a count of many values in one finding is no one's fact
        Finding("content.files", "contact.cn_mobile", Category.CONTACT, Severity.MEDIUM,
                "/h/big.csv", "+200 more", "fp-many", 0.9, count=200),
    ]
    (p,) = link(findings)
    assert p.label == "name-of-z**" and p.sources == 2
    assert {f.category for f in p.facts} == {"basic", "identity", "contact", "location"}


def test_stores_and_phone_grants_belong_to_the_homes_user():
    a, b = "/h/Documents/cv.txt", "/h/Downloads/list.csv"
    findings = [value("name", "me", a, 1), value("id", "me", a, 2),
                value("name", "me", b, 4), value("id", "me", b, 4),
                value("name", "other", b, 5), value("id", "other", b, 5),
                logins(), grant("contacts"), grant("location"),
                grant("camera")]  # the camera tells nothing about the person
    people = link(findings)
    me = people[0]
    assert me.label == "name-of-m**"
    sources = {f.source for f in me.facts}
    assert "chromium:~/.config/google-chrome/Default/Login Data#logins" in sources
    creds = [f for f in me.facts if f.category == "credential"]
    assert creds and "bank.example.cn" in creds[0].preview
    assert {f.category for f in me.facts} >= {"contact", "location"}
    assert not any("camera" in f.preview for p in people for f in p.facts)
    assert all(f.category != "credential" for f in people[1].facts)


def test_json_shape_and_html_escape():
    where = "/h/<script>alert(1)</script>.csv"  # a file name is text from the machine
    findings = [value("name", "x", where, 1), value("id", "x", where, 1)]
    doc = to_json(link(findings))
    (person,) = doc["people"]  # type: ignore[misc]
    assert set(person) == {"label", "sources", "facts"}
    assert all(set(f) == {"category", "preview", "source"} for f in person["facts"])
    page = to_html(link(findings), note="n")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_own_profiles_need_confirmation_and_are_logged(tmp_path, data_dir, monkeypatch,
                                                       capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "list.csv").write_text("姓名,身份证号,手机号\n王小明,11011319491231002X,13912345678\n",
                                     encoding="utf-8")
    secret = tmp_path / "pass"
    secret.write_text(PW + "\n")
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(secret))
    assert main(["scan", str(folder), "--format", "json", "-o", str(tmp_path / "s.json"),
                 "-q", "-j", "1"]) == 0
    out = tmp_path / "people.json"
    assert main(["profiles", "-o", str(out)]) == 2
    assert "--confirm-own-data" in capsys.readouterr().err
    assert not out.exists()
    log = open_log(data_dir)
    assert not [e for e in log.events() if e.kind == "attacker-view"]
    log.close()
    assert main(["profiles", "--confirm-own-data", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    people = json.loads(text)["people"]
    assert people and "11011319491231002X" not in text and "13912345678" not in text
    assert "王小明" not in text
    log = open_log(data_dir)
    events = [e for e in log.events() if e.kind == "attacker-view"]
    log.close()
    assert len(events) == 1 and events[0].data["confirmed"] is True
