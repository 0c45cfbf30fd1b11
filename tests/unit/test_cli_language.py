"""The command line follows the locale (issue 16): under zh_CN every help, table, summary,
error and prompt is Chinese; `--lang` forces either language; `report --lang` defaults to it.

The Latin check fails on an English sentence (two English words in a row) once technical
tokens are set aside: paths, flags, choices, quoted values, ids and file names, upper-case
metavariables and acronyms, and `piaudit ...` commands.
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from scanners.cli import log as log_cli
from scanners.cli.entry import build_parser, main
from scanners.system import language
from scanners.system.language import locale_language

from .helpers import ADULT_ID
from .ledger_helpers import (
    PW,
    _no_real_keyring,  # noqa: F401  (autouse fixture)
)

ROOT = Path(__file__).resolve().parents[2]
CLI_SOURCES = [*sorted((ROOT / "scanners" / "cli").glob("*.py")),
               ROOT / "scanners" / "export" / "writers.py",
               ROOT / "scanners" / "export" / "table_words.py"]
PARSER_CALLS = {"add_argument", "add_parser", "add_subparsers", "_Parser", "ArgumentParser",
                "add_argument_group", "add_mutually_exclusive_group"}
CJK = re.compile(r"[\u3400-\u9fff]")

TECHNICAL = re.compile(r"""
    \bpiaudit(?:\s+[\x21-\x7e]+)*   # a piaudit command line, its ASCII words and arguments
  | \S*[/\\]\S*                     # paths, GB/T, Firefox/Thunderbird
  | (?<![\w])--?[A-Za-z][\w-]*      # flags
  | \{[^}]*\}                       # argparse choices
  | '[^']*'                         # quoted values
  | \S*[._@*]\S*                    # ids, file names, masked values (contact.email, key4.db)
  | \b[A-Z][A-Z0-9]+\b              # metavariables and acronyms (PATH, FILE, UTC, MB, OS)
""", re.X)
SENTENCE = re.compile(r"[A-Za-z][\w'-]*[A-Za-z](?:[ ,;:]+[A-Za-z][\w'-]*[A-Za-z])+")
# a command inside a Chinese sentence; brand names in a rule's Chinese title
NAMES = {"adb devices", "PayPal Braintree"}


def english_sentences(text: str) -> list[str]:
    """The English phrases left in `text` once its technical tokens are set aside."""
    found = []
    for line in text.splitlines():
        rest = TECHNICAL.sub(" ", line)
        found += [f"{m.group(0)!r} in {line.strip()!r}" for m in SENTENCE.finditer(rest)
                  if " ".join(m.group(0).split()) not in NAMES]
    return found


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


@pytest.fixture
def logged(tmp_path, monkeypatch, capsys):
    """A logged audit of a folder holding an ID number, in a log with a passphrase file."""
    pp = tmp_path / "pp"
    pp.write_text(PW + "\n", encoding="utf-8")
    pp.chmod(0o600)
    monkeypatch.setenv("PIAUDIT_PASSPHRASE_FILE", str(pp))
    folder = tmp_path / "资料"
    folder.mkdir()
    (folder / "会员名单.csv").write_text(f"姓名,身份证号,手机\n张三,{ADULT_ID},13812345678\n",
                                       encoding="utf-8")
    assert main(["scan", str(folder), "--format", "jsonl", "--jobs", "1", "-q",
                 "-o", str(tmp_path / "out.jsonl")]) == 0
    capsys.readouterr()
    return folder


# --------------------------------------------------------------------------- the catalog


def _looked_up_texts() -> list[str]:
    texts: list[str] = []
    for path in CLI_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "tr" and node.args and isinstance(node.args[0], ast.Constant):
                texts.append(node.args[0].value)
            if name in PARSER_CALLS:
                texts += [kw.value.value for kw in node.keywords
                          if kw.arg in ("help", "description", "epilog", "title")
                          and isinstance(kw.value, ast.Constant)
                          and isinstance(kw.value.value, str)]
    return texts


def test_the_catalog_has_every_text_the_cli_looks_up():
    from scanners.assessment.scoring import BANDS
    from scanners.detection.rules import load_rules
    from scanners.ledger.records import STATUSES
    from scanners.model import Severity

    catalog = language.catalog()
    wanted = set(_looked_up_texts()) | {log_cli.PASSPHRASE_NEEDED, log_cli.SKIP_HINT}
    wanted |= set(BANDS) | {s.label for s in Severity} | set(STATUSES)
    wanted |= {part.strip() for r in load_rules() for part in r.legal.split(";") if part.strip()}
    assert len(wanted) > 250
    missing = sorted(t for t in wanted if t not in catalog)
    assert not missing, f"add to resources/i18n/cli_zh_CN.toml: {missing}"


def test_the_catalog_keeps_every_field_and_writes_chinese_punctuation():
    fields = re.compile(r"\{\w*\}|%\(\w+\)[rsd]|%[rsd]")
    half_width = re.compile(r"[\u3400-\u9fff][:;,?!(]|[(][\u3400-\u9fff]|[\u3400-\u9fff][)]")
    for english, chinese in language.catalog().items():
        assert sorted(fields.findall(english)) == sorted(fields.findall(chinese)), english
        assert not half_width.search(chinese), f"half-width punctuation in {chinese!r}"
        if CJK.search(english) is None and len(english) > 3:
            assert CJK.search(chinese) or not english_sentences(chinese), chinese
    for expression, chinese in language.patterns():
        assert not half_width.search(chinese), f"half-width punctuation in {chinese!r}"
        assert set(re.findall(r"\{(\w+)\}", chinese)) == set(expression.groupindex), chinese


def test_sentences_other_modules_compose_are_matched_whole():
    previous = language.set_language("zh")
    try:
        assert language.tr("there is no scan #12 in the audit log") == "审计日志中没有扫描 #12"
        assert language.tr("Move /家/a.csv into the encrypted vault; restore it with"
                           " `piaudit vault restore`") == (
            "把 /家/a.csv 移入加密保险箱；可用 piaudit vault restore 恢复")
        unknown = "there is no scan #12 in the audit log, and more"
        assert language.tr(unknown) == unknown  # only a whole sentence matches
    finally:
        language.set_language(previous)
    assert language.tr("there is no scan #12 in the audit log") == (
        "there is no scan #12 in the audit log")


# --------------------------------------------------------------------------- the locale


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),  # LC_ALL wins, even as C
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh"),  # GNU gettext's preference list
    ({"LANG": "C", "LANGUAGE": "zh_CN"}, "en"),  # ... which the C locale ignores
    ({}, "en"),
])
def test_the_language_comes_from_the_locale(env, expected):
    assert locale_language(env) == expected


def test_lang_forces_either_language(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["--lang", "en", "rules"]) == 0
    assert capsys.readouterr().out.startswith("RULE ")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert main(["--lang=zh", "rules"]) == 0
    assert capsys.readouterr().out.startswith("规则 ")
    assert language.current() == "en"  # main() leaves the language as it found it


# --------------------------------------------------------------------------- help and outputs


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
              ) -> list[tuple[str, ...]]:
    out = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += _commands(sub, (*prefix, name))
    return out


def test_every_help_is_chinese_under_zh_cn(zh, capsys):
    commands = _commands(build_parser())
    assert ("vault", "restore") in commands and ("scan",) in commands and len(commands) > 15
    for command in commands:
        assert main([*command, "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("用法："), command
        assert "选项：" in out and "options:" not in out, command
        assert not english_sentences(out), (command, english_sentences(out))


def _all_outputs(capsys, argv: list[str]) -> str:
    main(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_the_main_outputs_are_chinese_under_zh_cn(zh, logged, tmp_path, capsys):
    folder = logged
    texts = {
        "scan table": _all_outputs(capsys, ["scan", str(folder), "--jobs", "1", "--no-log"]),
        "scan summary": _all_outputs(capsys, ["scan", str(folder), "--jobs", "1", "--no-log",
                                              "--format", "json", "-o", str(tmp_path / "a")]),
        "logged scan": _all_outputs(capsys, ["scan", str(folder), "--jobs", "1", "--format",
                                             "csv", "-o", str(tmp_path / "b.csv")]),
        "rules": _all_outputs(capsys, ["rules"]),
        "history": _all_outputs(capsys, ["history"]),
        "show": _all_outputs(capsys, ["show", "1"]),
        "verify": _all_outputs(capsys, ["verify"]),
        "actions": _all_outputs(capsys, ["actions"]),
        "vault": _all_outputs(capsys, ["vault", "list"]),
        "report": _all_outputs(capsys, ["report", "latest", "--format", "html",
                                        "-o", str(tmp_path / "r.html")]),
        "no such path": _all_outputs(capsys, ["scan", str(tmp_path / "none")]),
        "bad choice": _all_outputs(capsys, ["scan", "--format", "xml"]),
        "missing argument": _all_outputs(capsys, ["show"]),
        "unknown command": _all_outputs(capsys, ["bogus"]),
        "unknown scan": _all_outputs(capsys, ["show", "99"]),
        "purge unconfirmed": _all_outputs(capsys, ["purge", "--all"]),
        "fix unconfirmed": _all_outputs(capsys, ["fix", "latest", str(folder / "会员名单.csv"),
                                                 "--action", "restrict"]),
    }
    for name, text in texts.items():
        assert CJK.search(text), (name, text)
        assert not english_sentences(text), (name, english_sentences(text))
    assert texts["scan table"].startswith("暴露指数：")
    assert "规则" in texts["rules"] and "法律依据" in texts["rules"]
    assert "错误：" in texts["no such path"] and "无效的选择" in texts["bad choice"]


def test_report_language_defaults_to_the_locale(logged, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["report", "latest", "--format", "html", "-o", str(tmp_path / "zh.html")]) == 0
    assert main(["report", "latest", "--format", "html", "--lang", "en",
                 "-o", str(tmp_path / "en.html")]) == 0
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert main(["report", "latest", "--format", "html", "-o", str(tmp_path / "en2.html")]) == 0
    heading = "暴露最严重的位置"  # report.toml's Chinese heading of the places section
    assert heading in (tmp_path / "zh.html").read_text(encoding="utf-8")
    assert heading not in (tmp_path / "en.html").read_text(encoding="utf-8")  # --lang wins
    assert heading not in (tmp_path / "en2.html").read_text(encoding="utf-8")


def test_the_latin_check_catches_an_english_sentence():
    assert english_sentences("扫描 #1：complete, started 2026-12-06")
    assert english_sentences("Exposure index: 3/100")
    assert not english_sentences("用法：piaudit scan [-h] [--format {table,json}] [PATH ...]")
    assert not english_sentences("低       联系方式 contact.email u***@example.com /tmp/a.txt:1")
    assert not english_sentences("（见 adb devices -l）；GB/T 35273-2020 附录B")


def test_a_sentence_inside_a_pattern_is_translated_too():
    """A fleet result's rejection reason carries a seal's problem inside it: both parts are
    catalogued, so a Chinese user reads neither in English."""
    before = language.set_language("zh")
    try:
        said = language.tr("tampered or not sealed by the fleet key: its seal is malformed")
        assert said == "被改动过或未用机群密钥封存：封印格式错误"
        assert language.tr("no audit.json in the host's folder") == "主机文件夹中没有 audit.json"
    finally:
        language.set_language(before)
