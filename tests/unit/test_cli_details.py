"""Command-line details (issue 16): a closed pipe, the count of an unfinished audit, tables that
line up with long and Chinese names, and `scan PATH` auditing only those paths."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanners.cli.entry import main
from scanners.model import Category, Finding, Severity
from scanners.system.columns import cell, cut, width
from synth import other_stores

from .helpers import ADULT_ID
from .ledger_helpers import (
    PW,
    _no_real_keyring,  # noqa: F401  (autouse fixture)
    findings,
    open_log,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pwfile(tmp_path, monkeypatch):
    path = tmp_path / "passphrase"
    path.write_text(PW + "\n", encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(path))
    return path


# --------------------------------------------------------------------------- a closed pipe


def _run_into_small_pipe(*args: str) -> tuple[int, str, bytes]:
    """Run the CLI with stdout a 4 KiB pipe whose reader leaves after one line."""
    read_fd, write_fd = os.pipe()
    fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, 4096)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "scanners", *args], stdout=write_fd,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as reader:
        first = reader.readline()
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode("utf-8", "replace"), first


def test_rules_into_a_pipe_closed_early_exits_141_without_a_traceback():
    code, err, first = _run_into_small_pipe("rules")
    assert first.startswith(b"RULE")
    assert code == 141  # 128 + SIGPIPE, what a shell reports; never 1 (--fail-above's code)
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert err == ""


def test_a_scan_into_a_pipe_closed_early_is_not_exit_1(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(200):  # enough JSON lines to fill the pipe after the reader left
        (folder / f"f{i:03d}.txt").write_text(f"身份证号 {ADULT_ID}\n", encoding="utf-8")
    code, err, first = _run_into_small_pipe("scan", str(folder), "--format", "jsonl",
                                            "--no-log", "-q", "--jobs", "1")
    assert first.startswith(b"{")
    assert code == 141
    assert "Traceback" not in err


# --------------------------------------------------------------------------- show


def test_show_counts_the_findings_of_an_audit_that_did_not_finish(data_dir, pwfile, capsys):
    with open_log(data_dir) as log:
        sid = log.begin_scan(["/home/demo"], ["content.files"])
        log.add_findings(sid, findings(7))  # killed here: no end record, no count
    assert main(["show", str(sid)]) == 0
    out = capsys.readouterr().out
    assert "Findings: 7  " in out
    assert "(the audit did not finish)" in out
    rows = [line for line in out.splitlines() if "/home/demo/docs/scan0-file" in line]
    assert len(rows) == 7


def test_show_limit_says_how_many_more_of_an_unfinished_audit(data_dir, pwfile, capsys):
    with open_log(data_dir) as log:
        sid = log.begin_scan(["/home/demo"], ["content.files"])
        log.add_findings(sid, findings(12))
    assert main(["show", str(sid), "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "Findings: 12  " in out and f"… 7 more (piaudit export {sid})" in out


def _column_of(line: str, text: str) -> int:
    """The display column where `text` starts in `line`."""
    return width(line[: line.index(text)])


def test_show_table_lines_up_with_long_and_chinese_names(data_dir, pwfile, capsys):
    long_rule = "stores.credentials.a_very_long_rule_identifier_beyond_any_column"
    rows = [
        Finding(scanner="content.files", rule="identity.cn_resident_id", category=Category.IDENTITY,
                severity=Severity.HIGH, location="/home/demo/客户名单.xlsx!会员", preview="张*",
                fingerprint="a" * 32, confidence=0.9, path="/home/demo/客户名单.xlsx"),
        Finding(scanner="content.files", rule=long_rule, category=Category.CREDENTIAL,
                severity=Severity.CRITICAL, location="/home/demo/x.env",
                preview="AKIA************WXYZ and a long tail", fingerprint="b" * 32, confidence=0.9,
                path="/home/demo/x.env"),
        Finding(scanner="content.files", rule="contact.email", category=Category.CONTACT,
                severity=Severity.LOW, location="/home/demo/z.txt", preview="王**",
                fingerprint="c" * 32, confidence=0.9, path="/home/demo/z.txt"),
    ]
    with open_log(data_dir) as log:
        sid = log.begin_scan(["/home/demo"], ["content.files"])
        log.add_findings(sid, rows)
        log.finish_scan(sid, status="complete")
    assert main(["show", str(sid)]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("SEVERITY")):]
    assert len(table) == 4
    starts = {_column_of(line, "/home/demo/") for line in table[1:]}
    assert starts == {_column_of(table[0], "LOCATION")}  # one column, whatever the widths
    assert long_rule not in table[2] and "…" in table[2]  # cut, with an ellipsis


def test_rules_table_columns_line_up(capsys):
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines[1:] if line and not line[0].isdigit()]
    head = lines[0]
    for heading in ("CATEGORY", "SEVERITY", "LEGAL ANCHOR"):
        at = _column_of(head, heading)
        # every row has a column boundary (a space before a cell) right there
        assert all(width(row) > at and _char_at(row, at - 1) == " " for row in rows), heading


def test_rules_table_in_chinese_lines_up_by_display_width(capsys):
    assert main(["--lang", "zh", "rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines[1:] if line and "docs/detectors.md" not in line]
    at = _column_of(lines[0], "法律依据")
    assert all(_char_at(row, at - 1) == " " and _char_at(row, at) != " " for row in rows)


def _char_at(line: str, column: int) -> str:
    used = 0
    for ch in line:
        if used == column:
            return ch
        used += width(ch)
    return ""


def test_display_width_cut_and_cell():
    assert width("会员名单.xlsx") == 13 and width("abc") == 3 and width("é") == 1
    assert cut("会员名单.xlsx", 6) == "会员…"  # 2 + 2 + 1 <= 6
    assert cut("/home/u/会员名单.xlsx", 10, keep_end=True) == "…名单.xlsx"
    assert width(cell("会员名单.xlsx", 10)) == 10 and cell("ab", 4, right=True) == "  ab"


# --------------------------------------------------------------------------- scan PATH


@pytest.fixture
def home_with_a_key(tmp_path, monkeypatch):
    home = tmp_path / "home"
    other_stores.ssh_key(home / ".ssh" / "id_ed25519", "openssh", mode=0o644)
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "people.csv").write_text(f"姓名,身份证号\n张三,{ADULT_ID}\n", encoding="utf-8")
    return home, folder


def _scan_json(capsys, *argv: str) -> dict:
    assert main(["scan", *argv, "--format", "json", "--no-log", "-q", "--jobs", "1"]) == 0
    return json.loads(capsys.readouterr().out)


def _scanners_run(doc: dict) -> set[str]:
    return {f["scanner"] for f in doc["findings"]} | {s["scanner"] for s in doc["statuses"]}


def test_scan_of_a_folder_reads_only_that_folder(home_with_a_key, capsys):
    _home, folder = home_with_a_key
    doc = _scan_json(capsys, str(folder))
    assert _scanners_run(doc) == {"content.files"}
    assert not [f for f in doc["findings"] if ".ssh" in f["location"]]
    assert doc["findings"]


def test_stores_and_permissions_are_read_when_asked(home_with_a_key, capsys):
    home, folder = home_with_a_key
    doc = _scan_json(capsys, str(folder), "--stores")
    run = _scanners_run(doc)
    assert "stores.ssh" in run and not any(s.startswith("permissions.") for s in run)
    assert [f for f in doc["findings"] if f["location"] == str(home / ".ssh" / "id_ed25519")]
    doc = _scan_json(capsys, str(folder), "--permissions")
    run = _scanners_run(doc)
    assert "permissions.flatpak" in run and not any(s.startswith("stores.") for s in run)


def test_scanning_the_home_folder_is_the_whole_audit(home_with_a_key, capsys):
    home, _folder = home_with_a_key
    run = _scanners_run(_scan_json(capsys, str(home)))
    assert {"content.files", "stores.ssh", "permissions.flatpak"} <= run


def test_scanners_option_wins_and_the_flags_add_to_it(home_with_a_key, capsys):
    _home, folder = home_with_a_key
    run = _scanners_run(_scan_json(capsys, str(folder), "--scanners", "stores.ssh",
                                   "--permissions"))
    assert "content.files" not in run and "stores.ssh" in run and "permissions.snap" in run


def test_scan_help_says_what_a_path_scan_reads(capsys):
    assert main(["scan", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "With PATHs: only those files and folders" in out
    assert "--stores" in out and "--permissions" in out



def test_the_progress_line_fits_the_terminal_in_display_columns():
    import io

    from scanners.cli.entry import _ProgressLine
    from scanners.model import Progress
    from scanners.system import language

    stream = io.StringIO()  # no terminal: 100 columns
    line = _ProgressLine(stream)
    previous = language.set_language("zh")
    try:
        line(Progress("content.files", files_done=12, bytes_done=3_000_000, findings=4,
                      current="/home/张三/" + "客户资料/" * 30 + "会员名单.xlsx"))
    finally:
        language.set_language(previous)
    shown = stream.getvalue().lstrip("\r")
    assert shown.startswith("[12 个文件 | 3.0 MB | 4 条发现] …")
    assert shown.endswith("会员名单.xlsx") and 98 <= width(shown) <= 99  # a wide char: 2 columns
