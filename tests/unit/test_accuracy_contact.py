"""Issue 14: phones in international and US national format, English MAC keywords, SSH
remotes that look like e-mail addresses (positives and negatives per class)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_rules())


def found(det: Detector, text: str, rule: str) -> list[str]:
    return [m.value for m in det.detect(text) if m.rule.id == rule]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Reach Ana at +55 11 91234-5678 after lunch.", "+55 11 91234-5678"),
        ("+1 917-902-5092", "+1 917-902-5092"),
        ("Phone (ask for the front desk, not the warehouse): +44 20 3133 2858",
         "+44 20 3133 2858"),
        ("+1 917-902-5092 12 items left", "+1 917-902-5092"),
    ],
)
def test_intl_phone_found(det: Detector, text: str, value: str) -> None:
    assert found(det, text, "contact.intl_phone") == [value]


@pytest.mark.parametrize(
    "text", ["offset +12345 bytes", "+1 000-000-0000", "+999 1234 5678", "build +49 30 23456789"]
)
def test_intl_phone_not_found(det: Detector, text: str) -> None:
    assert found(det, text, "contact.intl_phone") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Jane Doe, (415) 902-5092, weekdays", "(415) 902-5092"),
        ("Phone: 415.902.5092", "415.902.5092"),
        ("call me on 415-902-5092", "415-902-5092"),
        ("Tel 1-415-902-5092", "1-415-902-5092"),
        ("Mobile (the one I carry even on weekends): 646-732-1187", "646-732-1187"),
    ],
)
def test_us_phone_found(det: Detector, text: str, value: str) -> None:
    assert found(det, text, "contact.us_phone") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Part 415-902-5092 restocked.",
        "version 415.902.5092",
        "Phone: 123-456-7890",
        "Tel +1 (415) 555-0132",
        "order 415-902-5092 phone",
    ],
)
def test_us_phone_not_found(det: Detector, text: str) -> None:
    assert found(det, text, "contact.us_phone") == []


@pytest.mark.parametrize(
    "text",
    [
        "Hardware address: 3c:22:fb:8a:11:07",
        "Physical Address. . . . . . . . . : A4-83-E7-12-34-56",
        "the laptop's physical address is 00:1a:2b:3c:4d:5e",
    ],
)
def test_mac_english_keywords(det: Detector, text: str) -> None:
    assert len(found(det, text, "basic.mac_address")) == 1


def test_mac_without_keyword(det: Detector) -> None:
    assert found(det, "checksum 3c:22:fb:8a:11:07 ok", "basic.mac_address") == []


@pytest.mark.parametrize(
    "text",
    [
        "git clone git@github.com:acme/widgets.git",
        "ssh -T git@github.com",
        "url = ssh://git@gitlab.com/team/app.git",
        "rsync -a data/ deploy@web01.acme-corp.io:/home/emma/",
        "scp backup.tar emma@fileserver:/srv/backups/",
    ],
)
def test_ssh_remotes_are_not_email(det: Detector, text: str) -> None:
    assert found(det, text, "contact.email") == []


@pytest.mark.parametrize(
    "text", ["Email: ana.silva@globo.com", "Author: Maria Lopez <maria.lopez@acme.io>"]
)
def test_email_still_found(det: Detector, text: str) -> None:
    assert len(found(det, text, "contact.email")) == 1


def test_labelled_contact14_cases(tmp_path: Path) -> None:
    """The issue-14 documents of the labelled corpus: phones and e-mails at F1 >= 0.97."""
    from synth.labelled import contact14_docs, score

    det = Detector(load_rules())
    labels: list[dict[str, object]] = []
    out: list[dict[str, object]] = []
    files: dict[str, str] = {}
    for doc in contact14_docs(1):
        text, spans = doc.text()
        files[doc.name] = "offsets"
        for s, e, p in spans:
            labels.append({"path": doc.name, "rule": p.rule, "start": s, "end": e,
                           "value": p.value, "negative": not p.rule, "kind": p.kind,
                           "alt": list(p.alt), "optional": p.optional})
        out += [{"path": doc.name, "rule": m.rule.id, "start": m.start, "end": m.end}
                for m in det.detect(text)]
    scores = score({"files": files, "labels": labels}, out)
    for rule in ("contact.intl_phone", "contact.us_phone", "contact.email", "basic.mac_address"):
        s = scores[rule]
        assert s.tp >= 10, rule
        f1 = 2 * s.precision * s.recall / (s.precision + s.recall)
        assert f1 >= 0.97, (rule, s.fp_examples, s.fn_examples)
