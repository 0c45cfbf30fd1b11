"""Trend: new, resolved and unchanged findings by fingerprint and location; the score's change."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from scanners.assessment.access_facts import AccessFacts
from scanners.assessment.scoring import score
from scanners.assessment.trend import compare, previous_scan
from scanners.model import Category, Finding, ScanResult, Severity

from .ledger_helpers import _no_real_keyring, open_log  # noqa: F401

ID = Finding("content.files", "identity.cn_resident_id", Category.IDENTITY, Severity.HIGH,
             "/h/Documents/a.txt", "1101**********002X", "fp-id", 0.95, line=1)
PHONE = dataclasses.replace(ID, rule="contact.cn_mobile", category=Category.CONTACT,
                            severity=Severity.MEDIUM, preview="138****5678", fingerprint="fp-ph")


def test_new_resolved_unchanged_and_reasons():
    old = [ID, PHONE]
    moved = dataclasses.replace(ID, location="/h/Downloads/a.txt")
    card = dataclasses.replace(ID, rule="financial.payment_card", category=Category.FINANCIAL,
                               fingerprint="fp-card", preview="6222 **** **** 0123")
    new = [ID, moved, card]
    t = compare(old, new, score(old), score(new), previous_id=3)
    assert {f.fingerprint for f in t.new} == {"fp-id", "fp-card"}
    assert [f.fingerprint for f in t.resolved] == ["fp-ph"]
    assert t.unchanged == 1
    assert t.delta == score(new).value - score(old).value > 0
    text = "\n".join(t.reasons)
    assert "financial +" in text and "1 new in /h/Documents/a.txt" in text
    assert "contact -" in text and "1 resolved" in text
    assert "since scan #3" in t.summary()
    assert "fp-card" in str(t.to_dict()) and "6222 **** **** 0123" in str(t.to_dict())


def test_access_change_alone_is_explained():
    before = score([ID], access={ID.location: AccessFacts(exists=True)})
    after = score([ID], access={ID.location: AccessFacts(exists=True, world_readable=True,
                                                         places=("cloud",), cloud="Dropbox")})
    t = compare([ID], [ID], before, after)
    assert t.new == () and t.resolved == () and t.unchanged == 1 and t.delta > 0
    text = "\n".join(t.reasons)
    assert "who can read it" in text and "Dropbox" in text


def test_previous_scan_prefers_the_same_folders(data_dir):
    with open_log(data_dir) as log:
        ids = []
        for roots in (["/h"], ["/other"], ["/h"], ["/other"]):
            sid = log.begin_scan(roots, ["content.files"])
            log.add_findings(sid, [ID])
            log.finish_scan(sid, ScanResult(started=datetime.now(UTC)),
                            score([ID]))
            ids.append(sid)
        assert previous_scan(log, ids[0]) is None
        assert previous_scan(log, ids[2]).id == ids[0]
        assert previous_scan(log, ids[3]).id == ids[1]
