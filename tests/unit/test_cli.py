"""The piaudit command line, run in-process through main(argv)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from scanners.cli.entry import main

from .helpers import ADULT_ID, CHILD_ID


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    # BOM + CRLF: offsets count characters of the decoded text, the BOM excluded.
    (d / "notes.txt").write_bytes(
        f"\ufeff客户资料\r\n身份证号：{ADULT_ID}\r\n".encode()
    )
    (d / "kid.txt").write_text(f"孩子身份证 {CHILD_ID}\n", encoding="utf-8")
    (d / "plain.txt").write_text("nothing personal here\n", encoding="utf-8")
    return d


def scan_jsonl(folder, capsys, *extra):
    code, out, err = run(["scan", str(folder), "--format", "jsonl", "--jobs", "1", *extra], capsys)
    return code, [json.loads(line) for line in out.splitlines()], err


def test_jsonl_fields_and_offsets(folder, capsys):
    code, rows, _ = scan_jsonl(folder, capsys)
    assert code == 0
    ric = [r for r in rows if r["rule"] == "identity.cn_resident_id" and r["path"].endswith("notes.txt")]
    assert len(ric) == 1
    r = ric[0]
    for key in ("location", "path", "line", "start", "end", "rule", "category", "severity",
                "confidence", "preview", "fingerprint"):
        assert key in r
    text = (folder / "notes.txt").read_bytes().decode("utf-8-sig")
    assert text[r["start"]:r["end"]] == ADULT_ID
    assert r["line"] == 2
    assert r["preview"] == "1101**********002X"
    assert r["category"] == "identity"


def test_minor_finding_for_a_child_id(folder, capsys):
    _, rows, _ = scan_jsonl(folder, capsys)
    minors = [r for r in rows if r["rule"] == "minor.under14"]
    assert len(minors) == 1 and minors[0]["path"].endswith("kid.txt")
    assert minors[0]["category"] == "minor"


def test_table_output_has_score_and_summary(folder, capsys):
    code, out, _ = run(["scan", str(folder), "--jobs", "1"], capsys)
    assert code == 0
    assert "identity.cn_resident_id" in out
    assert "Exposure index:" in out
    assert ADULT_ID not in out


def test_json_output(folder, capsys):
    code, out, _ = run(["scan", str(folder), "--format", "json", "--jobs", "1"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["tool"] == "piaudit"
    assert 0 < doc["score"]["value"] <= 100
    assert doc["stats"]["files_scanned"] == 3
    assert {f["rule"] for f in doc["findings"]} >= {"identity.cn_resident_id", "minor.under14"}


def test_csv_output(folder, capsys):
    code, out, _ = run(["scan", str(folder), "--format", "csv", "--jobs", "1"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert {r["rule"] for r in rows} >= {"identity.cn_resident_id", "minor.under14"}
    assert all(ADULT_ID not in ",".join(r.values()) for r in rows)


def test_csv_safe_cells():
    from scanners.export.writers import csv_safe

    assert csv_safe("=1+2") == "'=1+2"
    assert csv_safe("+86 138") == "'+86 138"
    assert csv_safe("-x") == "'-x" and csv_safe("@a") == "'@a"
    assert csv_safe("/home/a") == "/home/a" and csv_safe(None) == ""


def test_fail_above(folder, capsys):
    code, _, _ = run(["scan", str(folder), "--format", "jsonl", "--jobs", "1", "--fail-above", "0"], capsys)
    assert code == 1
    code, _, _ = run(["scan", str(folder), "--format", "jsonl", "--jobs", "1", "--fail-above", "100"], capsys)
    assert code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["scan", "/no/such/folder"], "no such file or directory"),
        (["scan", ".", "--scanners", "nope"], "unknown scanner"),
        (["scan", ".", "--format", "xml"], "invalid choice"),
        (["scan", ".", "--jobs", "-1"], "--jobs"),
        (["scan", ".", "--fail-above", "101"], "--fail-above"),
        (["scan", ".", "--rules", "nonexistent"], "no rule matches"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(argv, message, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("piaudit: error:")


def test_output_file(folder, tmp_path, capsys):
    target = tmp_path / "out.jsonl"
    code, out, _ = run(["scan", str(folder), "--format", "jsonl", "--jobs", "1", "-o", str(target)], capsys)
    assert code == 0 and out == ""
    assert any(json.loads(line)["rule"] == "identity.cn_resident_id"
               for line in target.read_text(encoding="utf-8").splitlines())


def test_rules_command_lists_rules_with_categories(capsys):
    code, out, _ = run(["rules", "--format", "json"], capsys)
    rules = json.loads(out)
    assert code == 0
    ids = {r["id"] for r in rules}
    assert "identity.cn_resident_id" in ids and "minor.under14" in ids
    assert all(r["category"] for r in rules)


def test_version(capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.startswith("piaudit ")


def test_rescan_uses_the_cache_and_full_ignores_it(folder, capsys):
    _, first, _ = scan_jsonl(folder, capsys)
    code, out, _ = run(["scan", str(folder), "--format", "json", "--jobs", "1"], capsys)
    doc = json.loads(out)
    assert doc["stats"]["files_cached"] == 3 and doc["stats"]["files_scanned"] == 0
    assert sorted(f["fingerprint"] for f in doc["findings"]) == sorted(r["fingerprint"] for r in first)
    code, out, _ = run(["scan", str(folder), "--format", "json", "--jobs", "1", "--full"], capsys)
    assert json.loads(out)["stats"]["files_cached"] == 0
    # A changed file is read again.
    (folder / "plain.txt").write_text(f"身份证 {ADULT_ID} changed\n", encoding="utf-8")
    code, out, _ = run(["scan", str(folder), "--format", "json", "--jobs", "1"], capsys)
    doc = json.loads(out)
    assert doc["stats"]["files_cached"] == 2 and doc["stats"]["files_scanned"] == 1


def test_blind_spots_are_said_not_hidden(folder, capsys, monkeypatch):
    """A scanner whose tool is missing is named on stderr; an absent store is not noise."""
    from typing import ClassVar

    from scanners import registry

    class NoTool:
        id: ClassVar[str] = "permissions.fake"
        title: ClassVar[str] = "Fake"

        def applies(self, ctx):
            ctx.unavailable(self.id, "not-installed", "fake-tool was not found")
            ctx.unavailable(self.id, "not-present", "no fake store here")
            return False

        def scan(self, ctx):
            raise AssertionError("must not run")

    monkeypatch.setattr(registry, "SCANNERS", (*registry.SCANNERS, NoTool))
    code, out, err = run(["scan", str(folder), "--format", "table", "--no-log",
                              "--permissions"], capsys)
    assert code == 0
    assert "not looked at - permissions.fake: fake-tool was not found" in err
    assert "no fake store here" not in err


def test_scan_restores_the_gc_thresholds(folder, capsys):
    import gc

    before = gc.get_threshold()
    code, _out, _err = run(["scan", str(folder), "--format", "json", "--no-log"], capsys)
    assert code == 0
    assert gc.get_threshold() == before


def test_table_shows_store_summaries_whole_and_grants_with_their_revoke_step(tmp_path, capsys,
                                                                             monkeypatch):
    """Store summaries are the point of a store finding: never cut; grants say how to revoke."""
    from synth import other_stores

    home = tmp_path / "home"
    other_stores.aws_credentials(home)
    other_stores.bash_history(home)
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    (tmp_path / "docs").mkdir()
    code, out, _err = run(["scan", str(tmp_path / "docs"), "--format", "table", "--no-log",
                           "--scanners", "stores"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert "Application stores" in lines
    aws = next(i for i, line in enumerate(lines) if line.endswith("/.aws/credentials"))
    assert "AWS secret key" in lines[aws + 1] and not lines[aws + 1].lstrip().startswith("…")
    summary = next(line for line in lines if "finding(s) in" in line)
    assert ": 0 in 0 file(s)" in summary and "2 in application stores" in summary


def test_the_score_is_computed_only_when_something_uses_it(folder, capsys, monkeypatch):
    from scanners.assessment import scoring

    seen: list[int] = []
    real = scoring.score

    def counting(findings, *args, **kwargs):
        findings = list(findings)
        seen.append(len(findings))
        return real(findings, *args, **kwargs)

    monkeypatch.setattr(scoring, "score", counting)
    base = ["scan", str(folder), "--jobs", "1", "--no-log"]
    assert run([*base, "--format", "jsonl", "-q"], capsys)[0] == 0
    assert seen == [0]  # a quiet pipeline run: nothing shows the score
    for extra in (["--format", "table"], ["--format", "jsonl"],
                  ["--format", "jsonl", "-q", "--fail-above", "100"]):
        seen.clear()
        assert run([*base, *extra], capsys)[0] == 0
        assert seen and seen[0] > 0, extra


def test_table_leads_with_the_answer_and_caps_the_findings(tmp_path, capsys, monkeypatch):
    """Index, the sentence, what to fix first with the exact command, then capped findings."""
    import shlex

    from .helpers import ADULT_ID, OTHER_ID

    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    big = home / "Documents" / "客户 list.csv"
    rows = "".join(f"张{i},{ADULT_ID if i % 2 else OTHER_ID},1381234{i:04d}\n" for i in range(80))
    big.write_text("姓名,身份证号,手机\n" + rows, encoding="utf-8")
    monkeypatch.setenv("PIAUDIT_HOME", str(home))
    assert main(["scan", str(home), "--jobs", "1", "--no-log", "-q"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("Exposure index:")
    assert "people" in lines[1]  # the sentence comes right after the number
    fix_at = lines.index("Fix these first")
    assert fix_at < next(i for i, line in enumerate(lines) if line.startswith("Findings"))
    assert f"piaudit fix latest {shlex.quote(str(big))} --action vault" in out
    assert "the 50 most severe of" in out and "--all" in out
    rows_shown = [line for line in lines if line.startswith(("high ", "critical ", "medium "))]
    assert len(rows_shown) == 50
    assert main(["scan", str(home), "--jobs", "1", "--no-log", "-q", "--all"]) == 0
    out_all = capsys.readouterr().out
    assert "most severe of" not in out_all
    assert len([line for line in out_all.splitlines()
                if line.startswith(("high ", "critical ", "medium "))]) > 50
