"""The fleet play end to end (fleet/ansible/audit.yml, docs/fleet.md "Ansible walkthrough"):
ansible-playbook against three inventory hosts on the local connection, each with its own
synthetic home and data folder and one fleet key, then `piaudit fleet` on what it collected.

- ws-01 and ws-02 run the piaudit already on the "host" (piaudit_bin: this venv's CLI, as a
  path and as an argv list); ws-03 gets the wheel, installed by the play into a temporary
  venv (pip needs the package index, like tests/unit/test_wheel_install.py) and removed.
- ws-01 holds customer lists (its score is above the policy's fail_above: exit code 1,
  recorded, not fatal) and an earlier collection, which the play moves aside (the trend);
  one made-up ID number sits on ws-01 and ws-02.

Then the role's two Python helpers on their own: the host's policy (the play's outputs,
a reveal refused) and the controller's rotation of a collection.

The play test: 85 to 135 s on a 2-core machine shared with other jobs (load 6 to 8), about
55 s of CPU; the wheel's build and install (with pip's cache warm) are a third of it.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scanners.cli.entry import main
from scanners.detection.redact import Redactor
from scanners.fleet.key import read_fleet_key
from synth import formats
from synth.homes import empty_home, leaky_home, typical_home
from synth.people import Factory
from tests.unit.test_wheel_install import CONSTRAINTS, _build_wheel, _pip_env

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "fleet" / "ansible" / "audit.yml"
BIN = Path(sys.executable).parent
RULE = "identity.cn_resident_id"
HOSTS = ("ws-01", "ws-02", "ws-03")
FAIL_ABOVE = 40
EARLIER = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

# The policy every host scans by; its [output] (a table on stdout) is replaced by the play's.
POLICY = f"""\
[scan]
scanners = ["content"]
jobs = 1
log = false
quiet = true
all_users = false

[thresholds]
fail_above = {FAIL_ABOVE}

[output]
table = "-"
"""


def _values(homes: list[Path]) -> set[str]:
    """Every ID number and card number written into the homes, as written and as digits."""
    found: set[str] = set()
    for home in homes:
        for path in home.rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", "ignore")
                found.update(re.findall(r"\d{17}[\dX]", text))
                for card in re.findall(r"\b\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?\b", text):
                    found.update({card, re.sub(r"\D", "", card)})
    return found


def _env(tmp: Path) -> dict[str, str]:
    """ansible-playbook's environment: pip's cache (for the wheel host), a home and Ansible
    temp folders of the test's own, no PIAUDIT_ variable (each host gets its own)."""
    env = {k: v for k, v in _pip_env(tmp).items() if not k.startswith(("PIAUDIT_", "ANSIBLE_"))}
    home = tmp / "controller-home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), ANSIBLE_LOCAL_TEMP=str(tmp / "ansible-local"),
               ANSIBLE_REMOTE_TMP=str(tmp / "ansible-remote"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_PIPELINING="1",
               PYTHONWARNINGS="ignore::DeprecationWarning")
    return env


def _playbook(tmp: Path, inventory: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", str(inventory), str(PLAYBOOK), *extra],
        cwd=tmp, env=_env(tmp), capture_output=True, text=True, timeout=900, check=False)


def _start_earlier_scan(tmp: Path, home: Path, key: Path, out: Path) -> subprocess.Popen[str]:
    """ws-01's collection from before: a scan as a host would have run it (in the
    background while the wheel builds)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIAUDIT_")}
    env.update(PIAUDIT_HOME=str(home), PIAUDIT_DATA_DIR=str(tmp / "data" / "ws-01"),
               PIAUDIT_SYSROOT=str(tmp / "sysroot"), PIAUDIT_TOOL_PATH=str(tmp / "no-tools"),
               PIAUDIT_KEYRING="0", PIAUDIT_FINGERPRINT_KEY_FILE=str(key),
               PIAUDIT_CACHE_DIR=os.environ.get("PIAUDIT_CACHE_DIR", ""))
    out.parent.mkdir(parents=True)
    return subprocess.Popen(
        [sys.executable, "-m", "scanners", "scan", str(home), "--scanners", "content",
         "--no-log", "--quiet", "--jobs", "1", "--format", "json", "--output", str(out)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def play(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("ansible-fleet")
    for d in ("sysroot", "no-tools"):
        (tmp / d).mkdir()
    key = tmp / "fleet.key"
    key.write_bytes(os.urandom(32).hex().encode() + b"\n")
    key.chmod(0o600)
    policy = tmp / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")

    factory = Factory(seed=1717)
    shared = factory.person(child=False)
    homes = {h: tmp / "homes" / h for h in HOSTS}
    for home in homes.values():
        home.mkdir(parents=True)
    lists = leaky_home(homes["ws-01"], factory)
    typical_home(homes["ws-02"], factory)
    empty_home(homes["ws-03"])
    for h in ("ws-01", "ws-02"):
        formats.write_txt(homes[h] / "Documents" / "入职登记.txt",
                          f"姓名：{shared.name}\n身份证号：{shared.resident_id}\n")
    alone = factory.person(child=False)  # only on ws-03, the wheel host
    formats.write_txt(homes["ws-03"] / "Documents" / "报销单.txt",
                      f"姓名：{alone.name}\n身份证号：{alone.resident_id}\n银行卡号：{alone.card}\n")
    values = _values(list(homes.values()))

    col = tmp / "collected"
    earlier = col / "ws-01" / "audit.json"
    scan = _start_earlier_scan(tmp, homes["ws-01"], key, earlier)  # all six customer lists
    try:
        wheel, _ = _build_wheel(tmp_path_factory.mktemp("wheel"), _pip_env(tmp))
    finally:
        _, err = scan.communicate(timeout=600)
    assert scan.returncode == 0, err
    os.utime(earlier, (EARLIER.timestamp(), EARLIER.timestamp()))
    earlier_bytes = earlier.read_bytes()
    for path in lists[:3]:  # then half of them removed before this collection
        path.unlink()

    host_env = {"PIAUDIT_SYSROOT": str(tmp / "sysroot"), "PIAUDIT_TOOL_PATH": str(tmp / "no-tools"),
                "PIAUDIT_CACHE_DIR": os.environ.get("PIAUDIT_CACHE_DIR", str(tmp / "cache"))}
    common = {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}
    hostvars = {
        "ws-01": {"piaudit_bin": str(BIN / "piaudit"), "piaudit_roots": [str(homes["ws-01"])],
                  "piaudit_env": {**host_env, "PIAUDIT_DATA_DIR": str(tmp / "data" / "ws-01")}},
        "ws-02": {"piaudit_bin": [sys.executable, "-m", "scanners"],
                  "piaudit_roots": [str(homes["ws-02"])],
                  "piaudit_env": {**host_env, "PIAUDIT_DATA_DIR": str(tmp / "data" / "ws-02")}},
        # no roots: the policy names none and says all_users = false (no --all-users as
        # root), so the scan audits the home it runs with; no data folder given: the
        # temporary install keeps its own in the work folder
        "ws-03": {"piaudit_wheel": str(wheel), "piaudit_python": sys.executable,
                  "piaudit_pip_args": ["-c", str(CONSTRAINTS)],
                  "piaudit_pip_env": {"PIP_CACHE_DIR": _pip_env(tmp)["PIP_CACHE_DIR"]},
                  "piaudit_env": {**host_env, "HOME": str(homes["ws-03"]),
                                  "PIAUDIT_HOME": str(homes["ws-03"])}},
    }
    for h in HOSTS:
        work = tmp / "work" / h
        work.mkdir(parents=True)
        hostvars[h].update(common, piaudit_work_parent=str(work))
    inventory = tmp / "inventory.yml"  # JSON is YAML
    inventory.write_text(json.dumps({"workstations": {"hosts": hostvars}}), encoding="utf-8")

    proc = _playbook(tmp, inventory, "-e", f"piaudit_collect_dir={col}",
                     "-e", f"piaudit_policy={policy}", "-e", f"piaudit_key_file={key}")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    return {"tmp": tmp, "col": col, "key": key, "shared": shared, "values": values,
            "earlier_bytes": earlier_bytes, "log": proc.stdout, "inventory": inventory}


def _fleet(args: list[object], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["fleet", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_three_hosts_collected_merged_ranked_and_linked(play, capsys, tmp_path):
    col = play["col"]
    assert sorted(p.name for p in col.iterdir()) == list(HOSTS)
    for h in HOSTS:
        assert {p.name for p in (col / h).iterdir()} >= {"audit.json", "audit.ocsf.jsonl",
                                                         "run.json"}
        ocsf = [json.loads(line) for line in (col / h / "audit.ocsf.jsonl").read_text("utf-8").splitlines()]
        assert ocsf and all(e["class_uid"] == 2006 for e in ocsf)
        # what the merge reads must stay private on the controller too
        for path in [col / h, *(col / h).rglob("*")]:
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path

    code, out, err = _fleet([col, "--key", play["key"], "--format", "json"], capsys)
    assert code == 0, err
    view = json.loads(out)
    assert [h["host"] for h in view["hosts"]] == list(HOSTS)
    assert [h["rank"] for h in view["hosts"]] == [1, 2, 3]
    scores = [h["score"] for h in view["hosts"]]
    assert scores[0] > FAIL_ABOVE >= scores[1] > scores[2]
    assert all(h["verified"] and h["linked"] and h["complete"] for h in view["hosts"])
    assert view["rejected"] == [] and view["fingerprint_key"]["verified"]

    # the ID number planted on ws-01 and ws-02, linked by its fleet-keyed fingerprint only
    rid = play["shared"].resident_id
    fingerprint = Redactor(read_fleet_key(play["key"])).fingerprint(rid, RULE)
    (linked,) = [v for v in view["shared_values"] if v["fingerprint"] == fingerprint]
    assert linked["hosts"] == ["ws-01", "ws-02"] and linked["rule"] == RULE
    assert linked["preview"] == rid[:4] + "*" * 10 + rid[-4:]
    assert not [v for v in view["shared_values"] if "ws-03" in v["hosts"]]

    # ws-01's earlier collection was moved aside, byte for byte, into a dated folder
    ws01 = view["hosts"][0]
    assert (col / "ws-01" / "20261101T090000Z" / "audit.json").read_bytes() == play["earlier_bytes"]
    assert len(ws01["trend"]) == 2 and ws01["change"] < 0  # three customer lists fewer

    html = tmp_path / "fleet.html"
    code, _, err = _fleet([col, "--key", play["key"], "--format", "html", "--output", html], capsys)
    assert code == 0, err
    text = html.read_text("utf-8")
    assert text.index("ws-01") < text.index("ws-02") < text.index("ws-03")
    assert linked["preview"] in text

    # no full ID or card number in anything collected or in the merged report
    assert len(play["values"]) > 200
    for path in [html, *(p for p in col.rglob("*") if p.is_file())]:
        data = path.read_text("utf-8")
        leaked = sorted(v for v in play["values"] if v in data)
        assert leaked == [], f"{path} holds full values: {leaked[:3]}"


@pytest.mark.slow
def test_exit_codes_recorded_and_nothing_left_on_the_hosts(play):
    col, tmp = play["col"], play["tmp"]
    runs = {h: json.loads((col / h / "run.json").read_text("utf-8")) for h in HOSTS}
    # ws-01 is above fail_above: exit code 1, recorded, and the play went on to collect it
    assert runs["ws-01"]["rc"] == 1 and runs["ws-01"]["above_threshold"] is True
    assert runs["ws-02"]["rc"] == 0 and runs["ws-03"]["rc"] == 0
    assert not runs["ws-02"]["above_threshold"] and not runs["ws-03"]["above_threshold"]
    assert {h: r["status"] for h, r in runs.items()} == dict.fromkeys(HOSTS, "collected")
    assert [runs[h]["piaudit"] for h in HOSTS] == ["existing", "existing", "wheel"]
    assert all(r["fail_above"] == FAIL_ABOVE and r["fleet_key"] is True for r in runs.values())
    assert "ws-01" in play["log"] and "failed=0" in play["log"]

    # each host's work folder (policy, key, outputs, ws-03's venv) is gone, and the
    # temporary install kept no data folder of its own in the home either
    for h in HOSTS:
        assert list((tmp / "work" / h).iterdir()) == [], h
    assert not (tmp / "homes" / "ws-03" / ".local").exists()
    assert not (tmp / "controller-home" / ".local" / "share" / "piaudit").exists()
    assert (tmp / "data" / "ws-01").is_dir() and (tmp / "data" / "ws-02").is_dir()
    assert not (col / "ws-01" / ".incoming").exists()


@pytest.mark.slow
def test_a_policy_that_asks_to_reveal_is_refused_before_any_host_is_touched(play):
    tmp = play["tmp"]
    policy = tmp / "reveal.toml"
    policy.write_text(POLICY.replace("quiet = true", "quiet = true\nreveal = true"), "utf-8")
    col = tmp / "refused"
    proc = _playbook(tmp, play["inventory"], "-e", f"piaudit_collect_dir={col}",
                     "-e", f"piaudit_policy={policy}", "-e", f"piaudit_key_file={play['key']}")
    assert proc.returncode != 0
    assert "asks to reveal full values (scan.reveal)" in proc.stdout
    assert not col.exists()
    assert all(list((tmp / "work" / h).iterdir()) == [] for h in HOSTS)


# -- the role's two Python helpers, on their own (milliseconds) -------------------------------

def _load(name: str, path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ROLE = ROOT / "fleet" / "ansible" / "roles" / "piaudit_audit"


def test_the_host_policy_gets_the_plays_outputs_and_keeps_the_rest():
    plugin = _load("piaudit_policy_filter", ROLE / "filter_plugins" / "piaudit_policy.py")
    host = plugin.piaudit_host_policy(POLICY, "/w/a{b}/audit.json", "/w/a{b}/audit.ocsf.jsonl",
                                      "p.toml")

    data = tomllib.loads(host["text"])
    # braces doubled: piaudit fills {host}-style patterns, the play's paths are literal
    assert data["output"] == {"json": "/w/a{{b}}/audit.json", "ocsf": "/w/a{{b}}/audit.ocsf.jsonl"}
    assert data["scan"]["scanners"] == ["content"] and data["thresholds"]["fail_above"] == FAIL_ABOVE
    assert host["fail_above"] == FAIL_ABOVE and host["all_users"] is False and not host["roots"]
    for bad, message in [
        ("[scan]\nroots = ['/home']\n[scan.deep]\nreveal_values = true\n", r"scan\.deep\.reveal_values"),
        ("output.json = '/tmp/a.json'\n", r"\[output\] table"),
        ("[scan\n", "not valid TOML"),
    ]:
        with pytest.raises(plugin.PolicyRefused, match=message):
            plugin.piaudit_host_policy(bad, "/w/audit.json", "/w/audit.ocsf.jsonl", "p.toml")


def test_collection_rotates_the_previous_result_and_keeps_it_when_a_run_fails(tmp_path):
    collect = _load("piaudit_collect", ROLE / "files" / "piaudit_collect.py")
    host = tmp_path / "ws-09"

    def fetched(text: str) -> None:
        (host / ".incoming").mkdir(parents=True, exist_ok=True)
        (host / ".incoming" / "audit.json").write_text(text)

    fetched("first")
    first = collect.put_in_place(host, {"rc": 0})
    assert first["status"] == "collected" and first["earlier"] is None
    os.utime(host / "audit.json", (EARLIER.timestamp(),) * 2)
    fetched("second")
    second = collect.put_in_place(host, {"rc": 1, "stderr": ""})
    assert second["above_threshold"] is True and "stderr" not in second
    assert (host / "20261101T090000Z" / "audit.json").read_text() == "first"
    # a failed run (exit code 2, or an empty result) keeps the last good result in place
    fetched("")
    third = collect.put_in_place(host, {"rc": 1, "stderr": "piaudit: error: x"})
    assert third["status"] == "failed" and third["stderr"] == "piaudit: error: x"
    assert (host / "audit.json").read_text() == "second" and not (host / ".incoming").exists()
    assert json.loads((host / "run.json").read_text())["status"] == "failed"
    # two collections stamped in the same second do not overwrite each other
    os.utime(host / "audit.json", (EARLIER.timestamp(),) * 2)
    fetched("third")
    assert collect.put_in_place(host, {"rc": 0})["earlier"] == str(host / "20261101T090000Z-2")
    assert {p.name for p in host.iterdir()} == {"audit.json", "run.json", "20261101T090000Z",
                                               "20261101T090000Z-2"}
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in [host, *host.rglob("*")])
