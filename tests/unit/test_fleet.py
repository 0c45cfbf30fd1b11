"""The fleet view from real scans: three synthetic homes, each scanned as its own host (its
own PIAUDIT_HOME and data folder) with one fleet key, one made-up ID number in two of them,
and an earlier collection of the leakiest host; then `piaudit fleet` merges the folder.

Each scan runs `python -m scanners scan` in a subprocess, like a host would.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from scanners.cli.entry import main
from scanners.detection.redact import Redactor
from scanners.fleet.key import read_fleet_key
from scanners.system.paths import resources_dir
from synth import formats
from synth.homes import empty_home, leaky_home, typical_home
from synth.people import Factory

ROOT = Path(__file__).resolve().parents[2]
RULE = "identity.cn_resident_id"


def _scan(tmp: Path, host: str, home: Path, out: Path, key: Path | None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIAUDIT_")}
    env.update(PIAUDIT_HOME=str(home), PIAUDIT_DATA_DIR=str(tmp / "data" / host),
               PIAUDIT_SYSROOT=str(tmp / "sysroot"), PIAUDIT_TOOL_PATH=str(tmp / "no-tools"),
               PIAUDIT_KEYRING="0", PIAUDIT_CACHE_DIR=os.environ.get("PIAUDIT_CACHE_DIR", ""))
    if key is not None:
        env["PIAUDIT_FINGERPRINT_KEY_FILE"] = str(key)
    out.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "scanners", "scan", str(home), "--scanners", "content,stores",
         "--no-log", "--quiet", "--jobs", "1", "--format", "json", "--output", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fleet")
    for d in ("sysroot", "no-tools"):
        (tmp / d).mkdir()
    key = tmp / "fleet.key"
    key.write_bytes(os.urandom(32).hex().encode() + b"\n")
    key.chmod(0o600)
    factory = Factory(seed=17)
    shared = factory.person(child=False)
    homes = {h: tmp / "homes" / h for h in ("alpha", "bravo", "charlie", "delta")}
    for home in homes.values():
        home.mkdir(parents=True)
    lists = leaky_home(homes["alpha"], factory)
    typical_home(homes["bravo"], factory)
    empty_home(homes["charlie"])
    empty_home(homes["delta"])
    for h in ("alpha", "bravo", "delta"):
        formats.write_txt(homes[h] / "Documents" / "入职登记.txt",
                          f"姓名：{shared.name}\n身份证号：{shared.resident_id}\n")
    col = tmp / "collected"
    # alpha's earlier collection: all six customer lists; the latest after half were removed
    _scan(tmp, "alpha", homes["alpha"], col / "alpha" / "20261101T090000Z" / "audit.json", key)
    for path in lists[:3]:
        path.unlink()
    for h in ("alpha", "bravo", "charlie"):
        _scan(tmp, h, homes[h], col / h / "audit.json", key)
    # delta: scanned with its own machine key (PIAUDIT_FINGERPRINT_KEY_FILE unset)
    _scan(tmp, "delta", homes["delta"], col / "delta" / "audit.json", None)
    values = set()
    for home in homes.values():  # every ID number written into the homes
        for path in home.rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", "ignore")
                # ID numbers, mobile numbers, bank cards: any run of 11 digits or more
                values.update(re.findall(r"\d{17}[\dX]|\d{11,}", text))
    values.add(shared.resident_id)
    return {"tmp": tmp, "key": key, "col": col, "shared": shared, "values": values}


def _fleet(args, capsys):
    code = main(["fleet", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _view(fleet, capsys, *extra):
    code, out, err = _fleet([fleet["col"], "--format", "json", "--key", fleet["key"], *extra],
                            capsys)
    return code, json.loads(out), err


def test_hosts_ranked_by_score_with_band_and_completeness(fleet, capsys):
    code, view, err = _view(fleet, capsys)
    hosts = [h["host"] for h in view["hosts"]]
    assert hosts == ["alpha", "bravo", "charlie"]
    scores = [h["score"] for h in view["hosts"]]
    assert scores[0] > scores[1] > scores[2] >= 0
    assert [h["rank"] for h in view["hosts"]] == [1, 2, 3]
    alpha = view["hosts"][0]
    assert alpha["complete"] and alpha["band"] in ("high", "critical")
    assert {c["category"] for c in alpha["categories"]} >= {"identity", "financial"}
    identity = next(c for c in alpha["categories"] if c["category"] == "identity")
    assert identity["findings"] > 0 and identity["value"] > 0
    assert all(h["blind_spots"] == [] and h["unreadable"] == 0 for h in view["hosts"])


def test_with_the_key_every_result_must_be_sealed_by_it(fleet, capsys):
    code, view, err = _view(fleet, capsys)
    assert view["fingerprint_key"]["verified"] is True
    assert all(h["verified"] and h["linked"] for h in view["hosts"])
    # delta was scanned with its own machine key: its result carries no seal
    assert code == 1
    assert [r["host"] for r in view["rejected"]] == ["delta"]
    assert "no seal" in view["rejected"][0]["reason"] and "rejected delta" in err


def test_a_value_on_two_hosts_is_linked_by_fingerprint_only_among_fleet_keyed_hosts(
        fleet, capsys):
    code, out, err = _fleet([fleet["col"], "--format", "json"], capsys)
    view = json.loads(out)
    assert code == 0, err
    expected = Redactor(read_fleet_key(fleet["key"])).fingerprint(
        fleet["shared"].resident_id, RULE)
    linked = [v for v in view["shared_values"] if v["fingerprint"] == expected]
    assert len(linked) == 1
    value = linked[0]
    # delta holds the same number but fingerprinted it with its own key: never linked
    assert value["hosts"] == ["alpha", "bravo"] and value["rule"] == RULE
    rid = fleet["shared"].resident_id
    assert value["preview"] == rid[:4] + "*" * 10 + rid[-4:]
    delta = next(h for h in view["hosts"] if h["host"] == "delta")
    assert delta["fingerprint_key"]["family"] == "machine" and not delta["linked"]
    assert view["fingerprint_key"]["id"] == read_fleet_key_id(fleet["key"])
    # unverified, and said so
    assert not view["fingerprint_key"]["verified"] and "not verified" in err
    assert not any(h["verified"] for h in view["hosts"])


def read_fleet_key_id(path):
    from scanners.fleet.key import key_id

    return key_id(read_fleet_key(path))


def test_trend_from_an_earlier_collection(fleet, capsys):
    _, view, _ = _view(fleet, capsys)
    alpha = next(h for h in view["hosts"] if h["host"] == "alpha")
    assert len(alpha["trend"]) == 2
    earlier, latest = alpha["trend"]
    assert earlier["started"] < latest["started"]
    assert latest["score"] == alpha["score"] and alpha["change"] == latest["score"] - earlier["score"]
    assert alpha["change"] <= 0  # three customer lists fewer
    bravo = next(h for h in view["hosts"] if h["host"] == "bravo")
    assert len(bravo["trend"]) == 1 and bravo["change"] is None


def test_views_and_collected_files_hold_no_full_value(fleet, capsys, tmp_path):
    outputs = []
    for fmt in ("json", "html", "csv"):
        target = tmp_path / f"view.{fmt}"
        code, _, err = _fleet([fleet["col"], "--format", fmt, "--output", target,
                               "--key", fleet["key"]], capsys)
        assert code == 1 and "rejected delta" in err  # its unsealed result (see above)
        assert target.stat().st_mode & 0o077 == 0  # private: it says where data lies
        outputs.append(target)
    outputs += [p for p in fleet["col"].rglob("*") if p.is_file()]
    assert len(fleet["values"]) > 100
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        leaked = [v for v in fleet["values"] if v in text]
        assert leaked == [], f"{path} holds full values"
    html_text = (tmp_path / "view.html").read_text(encoding="utf-8")
    assert html_text.index("alpha") < html_text.index("bravo") < html_text.index("charlie")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "view.csv").read_text("utf-8"))))
    hosts = [r for r in rows if r["record"] == "host"]
    assert [r["host"] for r in hosts][:2] == ["alpha", "bravo"]
    shared = [r for r in rows if r["record"] == "shared_value" and r["rule"] == RULE]
    assert any(r["hosts"] == "alpha bravo" for r in shared)


def test_json_outputs_match_their_schemas(fleet, capsys):
    _, view, _ = _view(fleet, capsys)
    fleet_schema = json.loads((resources_dir() / "fleet" / "fleet.schema.json").read_text())
    jsonschema.validate(view, fleet_schema)
    audit_schema = json.loads((resources_dir() / "fleet" / "audit.schema.json").read_text())
    for path in fleet["col"].rglob("audit.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(doc, audit_schema)
        assert doc["fingerprint_key"]["family"] in ("fleet", "machine")


def test_a_result_edited_after_collection_is_rejected_and_named(fleet, capsys, tmp_path):
    col = tmp_path / "collected"
    shutil.copytree(fleet["col"], col)
    path = col / "alpha" / "audit.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["score"]["value"] = 3  # someone makes a bad host look good
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = _fleet([col, "--format", "json", "--key", fleet["key"]], capsys)
    assert code == 1
    view = json.loads(out)
    assert "alpha" not in [h["host"] for h in view["hosts"]]
    rejected = {r["host"]: r["reason"] for r in view["rejected"]}
    assert "changed after the scan" in rejected["alpha"]
    assert "rejected alpha" in err
    # re-indenting a result (what an editor or jq does) changes no content: still verified
    bravo = col / "bravo" / "audit.json"
    bravo.write_text(json.dumps(json.loads(bravo.read_text("utf-8")), indent=4), "utf-8")
    _, out, _ = _fleet([col, "--format", "json", "--key", fleet["key"]], capsys)
    assert "bravo" in [h["host"] for h in json.loads(out)["hosts"]]


def test_osquery_table_from_a_host_result(fleet, capsys, tmp_path):
    import sqlite3

    source = fleet["col"] / "bravo" / "audit.json"
    db = tmp_path / "osquery.db"
    code = main(["osquery-table", str(source), "--output", str(db), "--print-config",
                 "--platform", "linux"])
    out, err = capsys.readouterr()
    assert code == 0, err
    config = json.loads(out)["auto_table_construction"]
    assert set(config) == {"piaudit_audit", "piaudit_findings"}
    assert config["piaudit_findings"]["path"] == str(db) and \
        config["piaudit_findings"]["platform"] == "linux"
    doc = json.loads(source.read_text("utf-8"))
    con = sqlite3.connect(db)
    try:
        for table in config.values():  # each ATC query runs and gives its columns
            cursor = con.execute(table["query"])
            assert [c[0] for c in cursor.description] == table["columns"]
        (score, band, family), = con.execute(
            "SELECT score, band, key_family FROM piaudit_audit").fetchall()
        assert (score, band, family) == (doc["score"]["value"], doc["score"]["band"], "fleet")
        n, = con.execute("SELECT COUNT(*) FROM piaudit_findings").fetchone()
        assert n == len(doc["findings"])
    finally:
        con.close()
    assert db.stat().st_mode & 0o077 == 0
    raw = db.read_bytes().decode("utf-8", "ignore")
    assert not [v for v in fleet["values"] if v in raw]
    # a result that is not a scan document is refused, and no database is written
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["osquery-table", str(bad), "--output", str(tmp_path / "x.db")]) == 1
    assert "tool: missing" in capsys.readouterr().err and not (tmp_path / "x.db").exists()
