"""The exposure score: monotonic, saturating, explainable, and calibrated on reference homes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanners import engine
from scanners.assessment.access import AccessFacts, facts_for, places_of
from scanners.assessment.scoring import (
    Acceptance,
    Weights,
    band_of,
    index_of,
    largest_remainder,
    score,
)
from scanners.model import Category, Finding, Severity
from synth.people import Factory

W = Weights.load()
RULES = {
    Category.IDENTITY: ["identity.cn_resident_id", "identity.cn_resident_id_masked"],
    Category.CONTACT: ["contact.cn_mobile", "contact.email"],
    Category.BASIC: ["basic.person_name"],
    Category.CREDENTIAL: ["credential.private_key", "credential.password_assignment"],
    Category.FINANCIAL: ["financial.payment_card"],
    Category.MINOR: ["minor.under14"],
    Category.HEALTH: ["health.medical_record_no"],
}
LOCATIONS = ["/h/Documents/a.txt", "/h/Downloads/b.csv", "/h/Desktop/c.txt", "chromium:Default#x"]

findings_st = st.builds(
    lambda cat, i, sev, conf, loc, fp, line, count: Finding(
        scanner="content.files", rule=RULES[cat][i % len(RULES[cat])], category=cat,
        severity=sev, location=loc, preview="****", fingerprint=f"fp{fp}", confidence=conf,
        line=line, count=count,
    ),
    st.sampled_from(list(RULES)), st.integers(0, 3), st.sampled_from(list(Severity)),
    st.floats(0.0, 1.0), st.sampled_from(LOCATIONS), st.integers(0, 30), st.integers(1, 4),
    st.integers(1, 50),
)
facts_st = st.builds(
    AccessFacts, exists=st.just(True), world_readable=st.booleans(),
    world_readable_mode=st.booleans(), group_readable=st.booleans(),
    places=st.lists(st.sampled_from(["downloads", "desktop", "cloud", "temp", "removable"]),
                    unique=True).map(tuple),
    protection=st.sampled_from([None, "encrypted", "keyring", "weak-key", "unprotected-key"]),
)
access_st = st.dictionaries(st.sampled_from(LOCATIONS), facts_st)
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(st.lists(findings_st, max_size=40), access_st)
def test_score_stays_in_0_100(findings, access):
    s = score(findings, access=access)
    assert 0 <= s.value <= 100
    assert all(0 <= p.value <= 100 for p in s.parts)
    assert all(0 <= loc.value <= 100 for loc in s.locations)
    assert (s.value == 0) == (s.raw == 0)
    # the parts add up to the number: categories and files alike
    assert sum(p.share for p in s.parts) == s.value
    assert sum(n for _, n in s.location_shares) == s.value
    assert sum(p.points for p in s.parts) == pytest.approx(index_of(s.raw, W), abs=1e-6)


@fast
@given(st.lists(findings_st, max_size=30), findings_st, access_st)
def test_adding_a_finding_never_lowers_the_score(findings, extra, access):
    before = score(findings, access=access)
    after = score([*findings, extra], access=access)
    assert after.raw >= before.raw - 1e-9
    assert after.value >= before.value
    # a category's mass never falls (its share of the points may: the others grew)
    cats = {p.category: p.mass for p in before.parts}
    for p in after.parts:
        assert p.mass >= cats.get(p.category, 0.0) - 1e-9


@fast
@given(st.lists(findings_st, min_size=1, max_size=30), st.data(), access_st)
def test_removing_exposure_never_raises_the_score(findings, data, access):
    i = data.draw(st.integers(0, len(findings) - 1))
    before = score(findings, access=access)
    fewer = score([*findings[:i], *findings[i + 1:]], access=access)
    assert fewer.raw <= before.raw + 1e-9 and fewer.value <= before.value
    accepted = score(findings, access=access, accepted=[Acceptance(findings[i].fingerprint)])
    assert accepted.raw <= before.raw + 1e-9 and accepted.value <= before.value


@fast
@given(st.lists(findings_st, min_size=1, max_size=30), st.data(), access_st)
def test_worsening_a_finding_never_lowers_the_score(findings, data, access):
    i = data.draw(st.integers(0, len(findings) - 1))
    f = findings[i]
    worse = dataclasses.replace(
        f,
        confidence=data.draw(st.floats(f.confidence, 1.0)),
        severity=Severity(data.draw(st.integers(int(f.severity), 4))),
        count=data.draw(st.integers(f.count, 100)),
    )
    before = score(findings, access=access)
    after = score([*findings[:i], worse, *findings[i + 1:]], access=access)
    assert after.raw >= before.raw - 1e-9


@fast
@given(st.lists(findings_st, min_size=1, max_size=30), st.sampled_from(LOCATIONS), st.data())
def test_worsening_access_never_lowers_the_score(findings, loc, data):
    base = AccessFacts(exists=True, places=("downloads",), protection="keyring")
    worse = dataclasses.replace(
        base,
        world_readable=data.draw(st.booleans()),
        group_readable=data.draw(st.booleans()),
        places=("downloads", *data.draw(st.lists(st.sampled_from(["cloud", "desktop", "removable"]), unique=True))),
        protection=data.draw(st.sampled_from(["keyring", "weak-key", "plaintext"])),
    )
    before = score(findings, access={loc: base})
    after = score(findings, access={loc: worse})
    assert after.raw >= before.raw - 1e-9


@fast
@given(st.integers(0, 100), st.lists(st.floats(0, 1e6), min_size=1, max_size=12))
def test_largest_remainder_adds_up_and_follows_the_weights(total, weights):
    parts = largest_remainder(total, weights)
    assert sum(parts) == (total if sum(weights) > 0 else 0)
    for a, wa in zip(parts, weights, strict=True):
        for b, wb in zip(parts, weights, strict=True):
            if wa > wb:
                assert a >= b  # a heavier part never gets fewer points


def test_people_count_in_full_and_the_index_has_headroom():
    one = Finding("content.files", "identity.cn_resident_id", Category.IDENTITY, Severity.HIGH,
                  "/h/a.csv", "1101**", "fp0", 1.0)

    def people(n):
        return score([dataclasses.replace(one, fingerprint=f"fp{i}") for i in range(n)])

    s1, s1000 = people(1), people(1000)
    # mass is linear in people: 1,000 ID numbers weigh 1,000 times one
    assert s1000.parts[0].mass == pytest.approx(1000 * s1.parts[0].mass)
    # the index: each doubling adds the same points (about 12) until the cap
    a, b, c = people(100).value, people(200).value, people(400).value
    assert 10 <= b - a <= 13 and 10 <= c - b <= 13
    assert s1000.value < 100  # 1,000 bare ID numbers in a private file: not yet the extreme
    assert people(20000).value == 100


def test_same_person_in_many_places_counts_once():
    f = Finding("content.files", "identity.cn_resident_id", Category.IDENTITY, Severity.HIGH,
                "/h/a.txt", "1101**", "same", 0.95)
    copies = [dataclasses.replace(f, location=f"/h/{i}.txt") for i in range(10)]
    others = [dataclasses.replace(f, location=f"/h/{i}.txt", fingerprint=f"p{i}") for i in range(10)]
    one, spread, people = score([f]), score(copies), score(others)
    assert one.raw < spread.raw < people.raw
    assert spread.parts[0].people == 1 and people.parts[0].people == 10


def test_masked_values_score_far_lower():
    full = Finding("content.files", "identity.cn_resident_id", Category.IDENTITY, Severity.HIGH,
                   "/h/a.txt", "1101**", "a", 0.95)
    masked = dataclasses.replace(full, rule="identity.cn_resident_id_masked", fingerprint="b")
    assert score([masked]).raw <= score([full]).raw * 0.25 + 1e-9


def test_identity_kit_counts_more_than_its_parts():
    def rec(line, kinds):
        out = []
        if "id" in kinds:
            out.append(Finding("content.files", "identity.cn_resident_id", Category.IDENTITY, Severity.HIGH, "/h/c.csv", "*", f"id{line}", 0.95, line=line))
        if "name" in kinds:
            out.append(Finding("content.files", "basic.person_name", Category.BASIC, Severity.LOW, "/h/c.csv", "*", f"n{line}", 0.9, line=line))
        if "phone" in kinds:
            out.append(Finding("content.files", "contact.cn_mobile", Category.CONTACT, Severity.MEDIUM, "/h/c.csv", "*", f"p{line}", 0.9, line=line))
        return out
    kit = score(rec(1, {"id", "name", "phone"}))
    apart = score(rec(1, {"id"}) + rec(2, {"name"}) + rec(3, {"phone"}))
    assert kit.raw > apart.raw
    assert any("identity kit" in w for c in kit.top for w in c.factors.words())


def test_credentials_take_the_weight_of_what_they_unlock_and_minors_are_sensitive():
    key = Finding("content.files", "credential.private_key", Category.CREDENTIAL, Severity.CRITICAL,
                  "/h/.ssh/id", "****", "k", 0.9)
    token = dataclasses.replace(key, rule="credential.github_token", fingerprint="t")
    assert score([key]).raw > score([token]).raw
    assert score([key]).top[0].factors.sensitivity_from == "identity"
    low = Weights.load()
    low = dataclasses.replace(low, category={**low.category, "minor": 0.1})
    child = Finding("content.files", "minor.under14", Category.MINOR, Severity.CRITICAL, "/h/x", "*", "c", 0.9)
    assert score([child], weights=low).top[0].factors.sensitivity == 4.0


def test_legal_profile_is_versioned():
    new = Weights.load(profile="GB/T 45574-2025")
    old = Weights.load()
    assert old.profile == "GB/T 35273-2020" and new.category["identity"] < old.category["identity"]
    f = Finding("content.files", "identity.cn_resident_id", Category.IDENTITY, Severity.HIGH, "/h/a", "*", "a", 0.9)
    s = score([f], weights=new)
    text = "\n".join(s.explain())
    assert "GB/T 45574-2025" in text and "GB/T 45574-2025" in s.parts[0].label


def test_accepted_risks_are_left_out_and_counted():
    f = Finding("content.files", "identity.cn_resident_id", Category.IDENTITY, Severity.HIGH, "/h/a", "*", "a", 0.9)
    g = dataclasses.replace(f, fingerprint="b")
    s = score([f, g], accepted=[Acceptance("a", reason="my own passport copy")])
    assert s.accepted == 1 and s.parts[0].distinct == 1


def test_bands():
    assert [band_of(v) for v in (0, 24, 25, 49, 50, 74, 75, 100)] == [
        "low", "low", "medium", "medium", "high", "high", "critical", "critical"]


def test_places_and_permissions(tmp_path):
    home = Path.home()
    for sub in ("Downloads", "Dropbox/work", "坚果云", "百度网盘/docs", "OneDrive - Contoso", "Desktop"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    assert places_of(str(home / "Downloads/x.csv"))[0] == ("downloads",)
    assert places_of(str(home / "Dropbox/work/x.csv")) == (("cloud",), "Dropbox")
    assert places_of(str(home / "坚果云/x.csv")) == (("cloud",), "坚果云")
    assert places_of(str(home / "百度网盘/docs/x.csv"))[1] == "百度网盘"
    assert places_of(str(home / "OneDrive - Contoso/x.csv"))[0] == ("cloud",)
    assert places_of("/media/usb/x.csv")[0] == ("removable",)
    assert places_of(str(home / "Documents/x.csv"))[0] == ()
    f = tmp_path / "x.txt"
    f.write_text("x")
    f.chmod(0o644)
    a = facts_for(str(f))
    assert a.world_readable_mode and a.group_readable and a.size == 1 and a.sha256
    assert "temp" in a.places  # pytest's tmp_path is outside the home, under the temp dir
    f.chmod(0o600)
    assert not facts_for(str(f)).world_readable_mode


# --------------------------------------------------------------------------- reference homes


def _store(rule, category, protection, count, severity=Severity.HIGH):
    """What the browser-store scanner reports: counts and protection level, never a secret."""
    return Finding(scanner="stores.chromium", rule=rule, category=category, severity=severity,
                   location=f"chromium:Default/{rule}", preview=f"{count} saved",
                   fingerprint=f"{rule:0>32}"[-32:], confidence=0.95, count=count,
                   detail={"protection": protection})


def _audit(home, extra=()):
    result = engine.audit(engine.make_context([home], jobs=1, cache=False), ["content"])
    assert not result.errors
    return result, score([*result.findings, *extra], access=result.access)


@pytest.fixture
def factory():
    return Factory(7)


def test_calibration_empty_home():
    home = Path.home()
    (home / "Documents").mkdir()
    (home / "Documents" / "todo.txt").write_text("buy milk\nfix the bike\n")
    (home / "Pictures").mkdir()
    result, s = _audit(home)
    assert s.value < 10, s.explain()


def test_calibration_private_papers_home(factory):
    """The user's own papers kept private (600) and a keyring-protected browser: one person,
    well kept. The old index put this at 44 (medium); the new one counts people, so it is
    low but never nothing (tests/unit/test_score_calibration.py has the typical home)."""
    home = Path.home()
    docs = home / "Documents"
    docs.mkdir()
    me = factory.person(child=False)
    for name in ("简历.txt", "租房合同.txt", "visa-application.txt"):
        p = docs / name
        p.write_text(f"姓名：{me.name}\n身份证号：{me.resident_id}\n手机：{me.mobile}\n", encoding="utf-8")
        p.chmod(0o600)
    logins = _store("stores.chromium.logins", Category.CREDENTIAL, "keyring", 25)
    result, s = _audit(home, [logins])
    assert 0 < s.value < 25, s.explain()
    assert s.band == "low"
    assert s.sentence() == "Credentials (saved passwords) sit in Chromium's data."


def test_calibration_leaky_home(factory):
    home = Path.home()
    (home / "Downloads").mkdir()
    (home / ".ssh").mkdir(mode=0o700)
    rows = ["姓名,身份证号,手机号"]
    for _ in range(5000):
        p = factory.person(child=False)
        rows.append(f"{p.name},{p.resident_id},{p.mobile}")
    csv = home / "Downloads" / "customers.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    csv.chmod(0o644)
    key = home / ".ssh" / "id_ed25519"
    key.write_text(factory.openssh_private_key(encrypted=False))
    key.chmod(0o600)
    cards = _store("stores.chromium.cards", Category.FINANCIAL, "weak-key", 3, Severity.CRITICAL)
    result, s = _audit(home, [cards])
    # thousands of people's identity kits that others may read: the extreme, 100
    assert s.value == 100, s.explain()
    assert s.band == "critical"
    assert s.parts[0].category == Category.IDENTITY and s.parts[0].people >= 4900
    facts = result.access[str(csv)]
    assert facts.world_readable_mode and "downloads" in facts.places
    assert result.access[str(key)].protection == "unprotected-key"
    # explainable: the top contributions name findings and their factors in words
    words = " ".join(s.explain(10))
    assert "identity kit" in words and "Downloads" in words
    # the key is a sliver of 5,000 people's exposure, but its detail is there on request
    every = score([*result.findings, cards], access=result.access, top=100_000)
    [k] = [c for c in every.top if c.location == str(key)]
    assert "a private key without passphrase" in k.factors.words() and k.added < 1


def test_a_contact_list_is_not_counted_twice(tmp_path):
    """A vCard file's list finding counts its people; the numbers inside are those people."""
    from scanners import engine
    from scanners.assessment.scoring import score as score_of

    cards = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {i}\nTEL;TYPE=CELL:1381234{i:04d}\nEND:VCARD\n"
        for i in range(30))
    (tmp_path / "contacts.vcf").write_text(cards, encoding="utf-8")
    result = engine.audit(engine.make_context([tmp_path], jobs=1, cache=False), ["content"])
    rules = {f.rule for f in result.findings}
    assert "contact.vcard_list" in rules and "contact.cn_mobile" in rules
    both = score_of(result.findings)
    list_only = score_of([f for f in result.findings if f.rule == "contact.vcard_list"])
    assert both.raw == pytest.approx(list_only.raw)
