"""Policy files: checked against their schema (a wrong key or type names the key and its
line), and `piaudit scan --policy FILE` runs by them, command-line flags winning."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scanners.cli.entry import main
from scanners.fleet.policy import PolicyError, expand_output, load_policy, parse_policy

from .helpers import ADULT_ID

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_policy_is_valid():
    policy = load_policy(ROOT / "fleet" / "policy.example.toml")
    assert policy.get("thresholds.fail_above") == 60
    assert [fmt for fmt, _ in policy.outputs] == ["json", "ocsf"]


@pytest.mark.parametrize(("text", "words"), [
    ('[scan]\nscaners = ["content"]\n', ["unknown key scan.scaners", "line 2", "scanners"]),
    ('[scan]\njobs = "4"\n', ["scan.jobs must be a whole number, not a string", "line 2"]),
    ('\n[scan]\nroots = "/home"\n', ["scan.roots must be a list of strings", "line 3"]),
    ('[scan]\nlog = 1\n', ["scan.log must be true or false, not a number", "line 2"]),
    ('[scna]\njobs = 1\n', ["unknown table [scna]", "line 1"]),
    ('[thresholds]\nfail_above = 120\n', ["from 0 to 100", "line 2"]),
    ('[output]\njson = "/tmp/{hostname}.json"\n', ["unknown placeholder(s) {hostname}",
                                                   "line 2"]),
    ('[output]\npdf = "/tmp/a.pdf"\n', ["unknown key output.pdf", "line 2"]),
    ('scan.jobs = true\n', ["scan.jobs must be a whole number, not a boolean", "line 1"]),
    ("[scan\n", ["not valid TOML", "line 1"]),
])
def test_a_wrong_key_or_type_names_the_key_and_its_line(text, words):
    with pytest.raises(PolicyError) as err:
        parse_policy(text, "p.toml")
    for word in words:
        assert word in str(err.value)


def test_output_patterns():
    moment = datetime(2026, 12, 6, 9, 30, 5, tzinfo=UTC)
    assert expand_output("/var/tmp/{host}/{date}/{time}.json", host="ws/01", user="u",
                         now=moment) == "/var/tmp/ws_01/2026-12-06/20261206T093005Z.json"
    assert expand_output("~/{user}.json", host="h", user="..", now=moment) \
        == str(Path.home() / "_.json")


def test_a_policy_file_that_is_not_text_or_missing(tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_bytes(b"[scan]\njobs = 1 # \xff\n")
    with pytest.raises(PolicyError, match="not UTF-8"):
        load_policy(bad)
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nope.toml")


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "id.txt").write_text(f"身份证号：{ADULT_ID}\nmail: someone@example.com\n", "utf-8")
    return d


def _policy(tmp_path: Path, folder: Path, outputs: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(f"""
[scan]
roots = ["{folder}"]
rules = ["identity"]
jobs = 1
log = false
quiet = true
[thresholds]
fail_above = 0
[output]
{outputs}
""", encoding="utf-8")
    return path


def test_scan_runs_by_the_policy_and_writes_each_output(tmp_path, folder, capsys):
    out = tmp_path / "out"
    policy = _policy(tmp_path, folder, f'json = "{out}/{{host}}/audit.json"\n'
                                       f'jsonl = "{out}/{{host}}/findings.jsonl"\n'
                                       f'ocsf = "{out}/{{host}}/audit.ocsf.jsonl"\n')
    code = main(["scan", "--policy", str(policy)])
    _, err = capsys.readouterr()
    assert code == 1  # fail_above = 0 and an ID number was found
    assert err == ""  # quiet
    host = out / socket.gethostname()
    doc = json.loads((host / "audit.json").read_text("utf-8"))
    assert {f["rule"].split(".")[0] for f in doc["findings"]} == {"identity"}  # rules
    assert doc["roots"] == [str(folder)]
    lines = (host / "findings.jsonl").read_text("utf-8").splitlines()
    assert {json.loads(line)["fingerprint"] for line in lines} \
        == {f["fingerprint"] for f in doc["findings"]}
    ocsf = [json.loads(line) for line in (host / "audit.ocsf.jsonl").read_text().splitlines()]
    assert len(ocsf) == len(doc["findings"])
    for name in ("audit.json", "findings.jsonl", "audit.ocsf.jsonl"):
        assert (host / name).stat().st_mode & 0o077 == 0
        assert ADULT_ID not in (host / name).read_text("utf-8")
    assert host.stat().st_mode & 0o077 == 0  # created private


def test_every_output_has_the_score_whatever_the_first_one(tmp_path, folder, capsys):
    out = tmp_path / "out"
    # the first output streams (JSON lines) and the scan is quiet: the score is still
    # computed for the JSON document and the table written after it
    policy = tmp_path / "policy.toml"  # no threshold either: nothing else asks for a score
    policy.write_text(f'[scan]\nroots = ["{folder}"]\njobs = 1\nlog = false\nquiet = true\n'
                      f'[output]\njsonl = "{out}/f.jsonl"\njson = "{out}/a.json"\n'
                      f'table = "{out}/t.txt"\n', encoding="utf-8")
    assert main(["scan", "--policy", str(policy)]) == 0
    capsys.readouterr()
    doc = json.loads((out / "a.json").read_text("utf-8"))
    assert doc["findings"] and doc["score"]["value"] > 0
    assert f"Exposure index: {doc['score']['value']}/100" in (out / "t.txt").read_text("utf-8")


def test_command_line_flags_win_over_the_policy(tmp_path, folder, capsys):
    out = tmp_path / "out"
    policy = _policy(tmp_path, folder, f'json = "{out}/audit.json"\n')
    code = main(["scan", "--policy", str(policy), "--fail-above", "100", "--format", "jsonl",
                 "--rules", "contact"])
    stdout, _ = capsys.readouterr()
    assert code == 0  # --fail-above 100 won
    assert not out.exists()  # --format replaced the policy's outputs
    rules = {json.loads(line)["rule"] for line in stdout.splitlines()}
    assert rules == {"contact.email"}  # --rules won


def test_exclude_on_the_command_line_adds_to_the_policys(tmp_path, folder, capsys):
    (folder / "skip.bak").write_text(f"身份证号：{ADULT_ID}\n", encoding="utf-8")
    (folder / "skip.iso").write_text(f"身份证号：{ADULT_ID}\n", encoding="utf-8")
    policy = tmp_path / "policy.toml"
    policy.write_text(f'[scan]\nroots = ["{folder}"]\nexclude = ["*.iso"]\nlog = false\n'
                      'quiet = true\n', encoding="utf-8")
    code = main(["scan", "--policy", str(policy), "--exclude", "*.bak", "--format", "jsonl",
                 "-j1"])
    stdout, err = capsys.readouterr()
    assert code == 0, err
    files = {Path(json.loads(line)["path"]).name for line in stdout.splitlines()}
    assert files == {"id.txt"}


def test_a_bad_policy_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "p.toml"
    path.write_text("[scan]\nexclude = '*.iso'\n", encoding="utf-8")
    assert main(["scan", "--policy", str(path)]) == 2
    err = capsys.readouterr().err
    assert "scan.exclude must be a list of strings" in err and "line 2" in err
