"""Revoking an app permission without the GUI: scanners.actions.revoke (run the grant's command without
a shell, with a time limit, the adb that read it; list phones) and `piaudit revoke SCAN
FINGERPRINT [--yes]` end to end over the fake adb (synth/fake_adb.py): the exact command
is shown, nothing runs without --yes or a yes at the prompt, and what ran is in the log."""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from pathlib import Path

import pytest

from scanners.actions import revoke
from scanners.cli.entry import main
from synth.fake_adb import FakeAdb, FakeDevice, copy_recording, key_of, make_fake_adb

PASS = "correct horse battery staple"
SERIAL = "28291FDH2001K8"
PIXEL = FakeDevice.of(SERIAL, "android14", "Pixel 7", "panther")
# one permission name, so one `pm revoke` on the phone (several are chained with ";")
APP, PERM = "com.familytrack.helper", "location-background"


@pytest.fixture(autouse=True)
def _no_sdk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANDROID_HOME", raising=False)
    monkeypatch.delenv("ANDROID_SDK_ROOT", raising=False)


@dataclasses.dataclass
class Phone:
    fake: FakeAdb
    recording: Path
    scan_id: int
    rows: list[dict]

    def grant(self, app: str = APP, permission: str = PERM) -> dict:
        return next(r for r in self.rows if r["category"] == "permission"
                    and r["detail"]["app"] == app and r["detail"]["permission"] == permission)

    def answers(self, row: dict, code: int = 0, stderr: str = "") -> list[str]:
        """Make the fake phone answer the grant's revoke command; its argv."""
        argv = json.loads(row["detail"]["revoke_argv"])
        key = key_of(*argv[4:])  # after "adb -s SERIAL shell"
        (self.recording / f"{key}.txt").write_text("", encoding="utf-8")
        if code:
            (self.recording / f"{key}.exit").write_text(str(code), encoding="utf-8")
            (self.recording / f"{key}.stderr").write_text(stderr, encoding="utf-8")
        return argv

    def revokes_run(self) -> list[list[str]]:
        return [c for c in self.fake.calls() if "revoke" in c]


def _actions() -> list[dict]:
    from scanners.ledger import Ledger, default_path

    with Ledger.open(default_path(), PASS, create=False) as ledger:
        return [a for a in ledger.actions() if a["kind"] == "revoke"]


@pytest.fixture
def phone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Phone:
    """A logged audit of an attached Android 14 phone (the CLI's scan, the fake adb)."""
    pp = tmp_path / "pp"
    pp.write_text(PASS + "\n", encoding="utf-8")
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(pp))
    recording = copy_recording("android14", tmp_path / "rec")
    fake = make_fake_adb(tmp_path / "bin", [dataclasses.replace(PIXEL, recording=recording)])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(fake.folder))
    home = tmp_path / "home"
    home.mkdir()
    assert main(["scan", str(home), "--scanners", "permissions.android", "--format", "jsonl",
                 "--jobs", "1", "--quiet"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows and not [c for c in fake.calls() if "revoke" in c]
    return Phone(fake, recording, 1, rows)


def _stdin(monkeypatch: pytest.MonkeyPatch, answer: str | None, tty: bool) -> list[str]:
    """stdin as a terminal (or not) answering `answer`; the prompts asked."""
    asked: list[str] = []
    stream = io.StringIO(answer or "")
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", stream)

    def fake_input(prompt: str = "") -> str:
        asked.append(prompt)
        if answer is None:
            raise EOFError
        return answer

    monkeypatch.setattr("builtins.input", fake_input)
    return asked


# ---------------------------------------------------------------------------- the command


def test_yes_runs_the_exact_command_with_the_adb_that_read_it_and_logs_it(phone, capsys):
    row = phone.grant()
    argv = phone.answers(row)
    assert argv[0] == str(phone.fake.path)  # the adb that read the grant
    assert main(["revoke", "latest", row["fingerprint"][:12], "--yes"]) == 0
    out, err = capsys.readouterr()
    assert revoke.command_text(row["detail"]["revoke_argv"]) in err  # shown before it ran
    assert "Revoked" in out and "recorded as action #" in err
    assert phone.revokes_run() == [argv[1:]]  # run once, exactly as shown, no shell
    (a,) = _actions()
    assert a["outcome"] == "done" and a["scan_id"] == phone.scan_id
    assert a["location"] == row["location"]
    assert a["detail"]["command"] == argv and a["detail"]["returncode"] == 0
    assert a["detail"]["device"] == f"android:{SERIAL}" and a["detail"]["app"] == APP
    assert a["detail"]["permission"] == PERM and a["detail"]["rule"] == row["rule"]


def test_nothing_runs_without_yes_off_a_terminal(phone, monkeypatch, capsys):
    row = phone.grant()
    phone.answers(row)
    asked = _stdin(monkeypatch, "y", tty=False)
    assert main(["revoke", "latest", row["fingerprint"]]) == 1
    err = capsys.readouterr().err
    assert "add --yes" in err and revoke.command_text(row["detail"]["revoke_argv"]) in err
    assert asked == [] and phone.revokes_run() == [] and _actions() == []


@pytest.mark.parametrize("answer", ["n", "", None])
def test_a_no_at_the_prompt_runs_nothing(phone, monkeypatch, capsys, answer):
    row = phone.grant()
    phone.answers(row)
    asked = _stdin(monkeypatch, answer, tty=True)
    code = main(["revoke", "latest", row["fingerprint"]])
    assert asked == ["Run it? [y/N] "]
    assert code == (130 if answer is None else 0)  # Ctrl-D: interrupted
    assert phone.revokes_run() == [] and _actions() == []
    if answer is not None:
        assert "nothing was run" in capsys.readouterr().err


def test_a_yes_at_the_prompt_runs_it(phone, monkeypatch):
    row = phone.grant()
    argv = phone.answers(row)
    _stdin(monkeypatch, "y", tty=True)
    assert main(["revoke", str(phone.scan_id), row["fingerprint"]]) == 0
    assert phone.revokes_run() == [argv[1:]]
    assert [a["outcome"] for a in _actions()] == ["done"]


def test_a_refusing_phone_is_a_failure_logged_without_its_words(phone, capsys):
    row = phone.grant()
    phone.answers(row, code=255, stderr="Exception occurred while executing 'revoke':\n"
                                         "java.lang.SecurityException: not allowed\n")
    assert main(["revoke", "latest", row["fingerprint"], "--yes"]) == 1
    assert "exit code 255" in capsys.readouterr().out
    (a,) = _actions()
    assert a["outcome"] == "failed" and a["detail"]["returncode"] == 255
    assert "SecurityException" not in json.dumps(a)  # the command's output is never logged


def test_grants_without_a_command_and_unknown_fingerprints_run_nothing(phone, capsys):
    manual = phone.grant(permission="accessibility")  # a settings page: no command
    assert "revoke_argv" not in manual["detail"]
    assert main(["revoke", "latest", manual["fingerprint"], "--yes"]) == 1
    assert "Settings > Accessibility" in capsys.readouterr().err
    assert main(["revoke", "latest", "0123456789abcdef", "--yes"]) == 1
    assert "no app permission of scan #1" in capsys.readouterr().err
    assert main(["revoke", "latest", "0123", "--yes"]) == 1
    assert "at least 8 characters" in capsys.readouterr().err
    assert phone.revokes_run() == [] and _actions() == []


# ---------------------------------------------------------------------------- the module


def test_run_revoke_times_out_and_reports_a_missing_tool(tmp_path):
    fake = make_fake_adb(tmp_path / "bin", [PIXEL], hang={f"{SERIAL} pm_revoke_a_b": 30})
    argv = [str(fake.path), "-s", SERIAL, "shell", "pm", "revoke", "a", "b"]
    r = revoke.run_revoke(argv, timeout=1.0)
    assert (r.ok, r.reason, r.returncode, r.argv) == (False, "timeout", None, tuple(argv))
    r = revoke.run_revoke([str(tmp_path / "no-such-tool"), "x"])
    assert (r.ok, r.reason) == (False, "not-found")


def test_a_bare_program_name_is_found_the_scanners_way(tmp_path, monkeypatch):
    """"adb" alone: the tool path's adb, never one in the current folder."""
    fake = make_fake_adb(tmp_path / "bin", [PIXEL])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(fake.folder))
    assert revoke.resolve(["adb", "devices"]) == (str(fake.path), "devices")
    planted = tmp_path / "cwd"
    make_fake_adb(planted, [PIXEL])
    monkeypatch.chdir(planted)
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path / "empty") + ":.")
    assert revoke.resolve(["adb", "devices"]) == ("adb", "devices")
    r = revoke.run_revoke(["adb", "devices"])
    assert r.reason == "not-found" and not (planted / "adb-calls.jsonl").exists()


def test_attached_devices_lists_what_adb_sees(tmp_path, monkeypatch):
    from scanners.system.tools import ToolError

    with pytest.raises(ToolError) as exc:
        revoke.attached_devices()  # the test tool path is empty: no adb
    assert exc.value.reason == "not-installed"
    locked = FakeDevice("0123456789ABCDEF", "unauthorized", None, "usb:1-4 transport_id:4")
    fake = make_fake_adb(tmp_path / "bin", [PIXEL, locked])
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(fake.folder))
    found = revoke.attached_devices()
    assert [(d.serial, d.ready, d.model) for d in found] == [
        (SERIAL, True, "Pixel 7"), ("0123456789ABCDEF", False, "")]
    assert fake.calls() == [["devices", "-l"]]
