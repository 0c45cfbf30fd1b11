"""Values in interactive example sessions (`>>>` and what it printed) are documentation's
made-up examples: listed at low severity, said to be examples; the same value outside a
session keeps its rule's severity.

A number-validation library's docstrings hold dozens of valid IBANs, ID and social security
numbers (python-stdnum: `>>> validate('GR16 0110 1050 0000 1054 7023 795')`); before this, each
was a "high" finding on a developer's workstation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scanners.base import Limits
from scanners.detection.examples import (
    DETAIL,
    DOC_DETAIL,
    MARKER_DETAIL,
    doc_example_blocks,
    example_blocks,
    examples_in,
)
from scanners.detection.redact import Redactor
from scanners.detection.rules import load_rules
from scanners.sources.content.filescan import FileScanner, documentation_file
from scanners.sources.content.walk import FileEntry
from synth.people import iban_check_digits

from .helpers import ADULT_ID, OTHER_ID

TODAY = date(2026, 12, 7)
IBAN = "GB" + iban_check_digits("GB", "WEST12345698765431") + "WEST12345698765431"


def _blocks(text: str) -> list[str]:
    return [text[a:b] for a, b in example_blocks(text)]


def test_a_session_is_its_prompts_and_their_output_up_to_a_blank_line() -> None:
    text = ("Validate a number.\n\n"
            ">>> validate('A')\n"
            "'A'\n"
            ">>> compact(\n"
            "...     'B')\n"
            "'B'\n"
            "\n"
            "Not an example: C\n")
    assert _blocks(text) == [">>> validate('A')\n'A'\n>>> compact(\n...     'B')\n'B'"]
    inside = examples_in(text)
    assert inside is not None
    assert text.index("'A'") in inside and text.index("'B'") in inside
    assert text.index("C\n") not in inside
    assert text.index("Validate") not in inside


@pytest.mark.parametrize("prompt", ["    >>> f(x)", "# >>> f(x)", " * >>> f(x)", "// >>> f(x)",
                                    ">>>", "\t>>> f(x)"])
def test_prompts_indented_or_in_comments(prompt: str) -> None:
    text = f"intro\n{prompt}\n    result\n\nafter\n"
    assert _blocks(text) == [f"{prompt}\n    result"]


@pytest.mark.parametrize("text", [
    "x = a >>> 3  # a shift, not a prompt\nvalue\n",
    "see >>>here<<< for the rule\n",
    ">>>>>> merge marker\n",
    "no prompt at all\n",
])
def test_prompt_signs_inside_a_line_are_not_sessions(text: str) -> None:
    assert example_blocks(text) == []
    assert examples_in(text) is None


def test_an_endless_output_stops_after_its_limit() -> None:
    text = ">>> dump()\n" + "".join(f"row {i}\n" for i in range(200))
    (block,) = _blocks(text)
    assert block.count("\n") < 60


def test_a_long_literal_typed_at_the_prompt_is_input_to_its_end() -> None:
    """python-stdnum's doctests: `>>> numbers = \'\'\'` and a hundred `... ` lines of numbers."""
    rows = "".join(f"... ES37 2038 8700 7861 0000 97{i:02d}\n" for i in range(100))
    text = ">>> numbers = \'\'\'\n" + rows + "... \'\'\'\n>>> [x for x in numbers if not f(x)]\n[]\n"
    (block,) = _blocks(text)
    assert block == text.rstrip("\n")
    # output lines still stop at the limit
    text = ">>> dump()\n" + "".join(f"... {i}\n" for i in range(3)) + "".join(
        f"row {i}\n" for i in range(200))
    (block,) = _blocks(text)
    assert block.count("\n") < 60


def test_sessions_next_to_each_other_are_one_block_and_separate_ones_two() -> None:
    text = ">>> a()\n1\n\n>>> b()\n2\n"
    assert _blocks(text) == [">>> a()\n1", ">>> b()\n2"]


def _entry(path: Path) -> FileEntry:
    s = path.stat()
    return FileEntry(str(path), str(path), s.st_size, s.st_dev, s.st_ino, s.st_mtime_ns,
                     s.st_mode)


def _scan(path: Path, limits: Limits | None = None) -> list[dict[str, Any]]:
    scanner = FileScanner(load_rules(), Redactor(b"k" * 32), limits or Limits(), TODAY)
    out = scanner.scan(_entry(path))
    assert not out.errors, out.errors
    return [f.to_dict() for f in out.findings]


def test_a_docstring_session_is_low_and_the_same_values_elsewhere_are_not(
        tmp_path: Path) -> None:
    src = tmp_path / "ric.py"
    src.write_text(
        '"""Resident identity numbers.\n\n'
        f">>> validate('{ADULT_ID}')\n"
        f"'{ADULT_ID}'\n"
        f">>> iban('{IBAN}')\n"
        f"'{IBAN}'\n"
        '"""\n\n'
        f"CUSTOMER = {{'身份证': '{OTHER_ID}', 'IBAN': '{IBAN}'}}\n",
        encoding="utf-8")
    found = _scan(src)
    by_line: dict[tuple[str, int], dict[str, Any]] = {(f["rule"], f["line"]): f for f in found}
    for key in (("identity.cn_resident_id", 3), ("identity.cn_resident_id", 4),
                ("financial.iban", 5), ("financial.iban", 6)):
        assert by_line[key]["severity"] == "low", key
        assert by_line[key]["detail"]["example"] == DETAIL
    for key in (("identity.cn_resident_id", 9), ("financial.iban", 9)):
        assert by_line[key]["severity"] == "high", key
        assert "example" not in by_line[key]["detail"]


def test_a_doc_comments_example_is_low_and_the_code_after_it_is_not(tmp_path: Path) -> None:
    """JSDoc's `@example` section (faker's type declarations): what a function returns,
    made up; the section ends at the next tag or the comment's end."""
    src = tmp_path / "finance.d.ts"
    src.write_text(
        "/**\n * Generates an IBAN.\n *\n * @example\n"
        f" * faker.finance.iban() // '{IBAN}'\n"
        f" * validate('{ADULT_ID}') // true\n"
        " *\n * @since 8.0.0\n"
        f" * @see '{OTHER_ID}'\n */\n"
        f"const customer = '{ADULT_ID}';\n", encoding="utf-8")
    found = _scan(src)
    by_line = {(f["rule"], f["line"]): f for f in found}
    for key in (("financial.iban", 5), ("identity.cn_resident_id", 6)):
        assert by_line[key]["severity"] == "low", key
        assert by_line[key]["detail"]["example"] == DOC_DETAIL
    for key in (("identity.cn_resident_id", 9), ("identity.cn_resident_id", 11)):
        assert by_line[key]["severity"] == "high", key


@pytest.mark.parametrize("text", [
    "@example.com is a domain\n123\n",      # not a tag line
    "x = 1 // @example\n * 4427163488662\n",  # a tag inside code
    " * @example */\n * 4427163488662\n",     # the comment ends on the tag's line
])
def test_example_tags_outside_doc_comments_open_no_section(text: str) -> None:
    assert doc_example_blocks(text) == []


def test_a_line_that_says_it_shows_an_example(tmp_path: Path) -> None:
    """"返回示例：", "For example", "Example:" make the rest of their line an example; the
    line before the marker and the next line are not."""
    src = tmp_path / "README.md"
    src.write_text(
        f"{ADULT_ID} 返回示例：{OTHER_ID}\n"
        f"For example, a customer's ID is {ADULT_ID}.\n"
        f"Example: IBAN {IBAN}\n"
        f"比例 {OTHER_ID}\n"
        f"Customer {ADULT_ID}\n", encoding="utf-8")
    found = _scan(src)
    severity = {(f["line"], f["start"]): f for f in found if f["rule"] != "contact.cn_mobile"}
    by_line: dict[int, list[str]] = {}
    for (line, _), f in sorted(severity.items()):
        by_line.setdefault(line, []).append(f["severity"])
    assert by_line == {1: ["high", "low"], 2: ["low"], 3: ["low"], 4: ["high"], 5: ["high"]}
    low = next(f for f in found if f["line"] == 2)
    assert low["detail"]["example"] == MARKER_DETAIL


def test_an_example_paragraph_in_html_inside_json(tmp_path: Path) -> None:
    """API models keep their documentation as HTML in JSON strings (botocore's service-2.json):
    "<p>Example: ...</p>" is a paragraph that shows an example, to its closing tag; the next
    paragraph on the same line is not, nor is "Example:" after other words."""
    src = tmp_path / "service-2.json"
    src.write_text(
        '{"a": {"documentation": "<p>The position.</p> <p>Example: <code>[-123.117455, '
        '49.284712]</code> is Vancouver</p> <p>Location: 37.774929, -122.419416</p>"},\n'
        ' "b": "Not an example: location 31.230416, 121.473701"}\n', encoding="utf-8")
    found = sorted((f["start"], f["severity"]) for f in _scan(src)
                   if f["rule"] == "location.coordinates")
    assert [sev for _, sev in found] == ["low", "high", "high"], found


def test_a_shell_session_in_documentation_is_an_example(tmp_path: Path) -> None:
    """Faker's README shows "$ faker profile ssn,birthdate" and the profile it made up: in a
    documentation file the command and its output (to a blank line) are an example; the same
    lines in a plain text file, and a value after the blank line, are not."""
    text = ("Usage::\n\n    $ faker profile ssn,birthdate\n"
            "    {'ssn': '628-10-1085', 'birthdate': '2008-03-29'}\n\n"
            "Our customer's ssn: 536-22-8214\n")
    readme = tmp_path / "README.rst"
    notes = tmp_path / "notes.txt"
    readme.write_text(text, encoding="utf-8")
    notes.write_text(text, encoding="utf-8")
    for path, first in ((readme, "low"), (notes, "high")):
        found = [(f["line"], f["severity"]) for f in _scan(path) if f["rule"] == "identity.us_ssn"]
        assert sorted(found) == [(4, first), (6, "high")], (path.name, found)


def test_chinese_api_documentation_shapes(tmp_path: Path) -> None:
    """A heading "请求示例" / "**示例代码**" heads the code block or paragraph under it; "假数据",
    "随机生成" make their whole line an example; "如：" and "比如" mark the rest of theirs.
    Other lines of the same file keep their severity."""
    lines = [
        "### 请求示例", "", "```json", f'{{"idCard": "{ADULT_ID}"}}', "```",   # 1-5
        f"联系人身份证 {OTHER_ID}",                                              # 6
        f"> `{ADULT_ID}` 示例身份证均为随机生成的假数据",                          # 7
        f"# 如：{OTHER_ID} 将 2017 抽取为年份",                                  # 8
        "**示例代码**", f"validate('{ADULT_ID}')", "",                           # 9-11
        f"如果需要 {OTHER_ID}",                                                  # 12
    ]
    src = tmp_path / "api.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = {f["line"]: f for f in _scan(src) if f["rule"] == "identity.cn_resident_id"}
    assert {n: f["severity"] for n, f in found.items()} == {
        4: "low", 6: "high", 7: "low", 8: "low", 10: "low", 12: "high"}
    assert found[4]["detail"]["example"] == MARKER_DETAIL


def test_calls_in_a_readmes_code_blocks_are_examples(tmp_path: Path) -> None:
    """In documentation (README, Markdown, PKG-INFO) a fenced code block's call with a
    literal argument or an assertion shows a function; the same lines in a note do not."""
    text = ("```python\n"
            f"validator.is_valid('{ADULT_ID}')  # 18 位\n"
            f"assert card.check_up('{OTHER_ID}') is True\n"
            "```\n\n"
            f"我的身份证 {ADULT_ID}\n")
    for name, expected in (("README.md", ["low", "low", "high"]),
                           ("PKG-INFO", ["low", "low", "high"]),
                           ("notes.txt", ["high", "high", "high"])):
        src = tmp_path / name
        src.write_text(text, encoding="utf-8")
        found = sorted((f["line"], f["severity"]) for f in _scan(src)
                       if f["rule"] == "identity.cn_resident_id")
        assert [sev for _, sev in found] == expected, name
    assert documentation_file("pkg.zip!pkg/README.rst")
    assert not documentation_file("/home/u/readme_notes.txt")


def test_folded_example_values_are_low_too(tmp_path: Path) -> None:
    """Past the per-file limit the session's values are counted into a fold: at their
    example severity, not at the rule's."""
    doc = tmp_path / "ibans.rst"
    doc.write_text("IBANs\n=====\n\n" + "".join(
        f">>> validate('{IBAN}')\n'{IBAN}'\n" for _ in range(40)), encoding="utf-8")
    found = _scan(doc, Limits(max_findings_per_rule=5))
    ibans = [f for f in found if f["rule"] == "financial.iban"]
    assert any(f["detail"].get("folded") for f in ibans)
    assert {f["severity"] for f in ibans} == {"low"}


def test_the_same_file_without_prompts_is_high(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text(f"validate('{IBAN}')\n'{IBAN}'\n", encoding="utf-8")
    assert {f["severity"] for f in _scan(doc) if f["rule"] == "financial.iban"} == {"high"}


def test_hostile_texts_are_read_line_by_line() -> None:
    """A line of two million ">" or of ">>>" between words is looked at once (not once per
    ">>>": that was quadratic), and a megabyte of prompts is one block."""
    assert example_blocks(">" * 2_000_000) == []
    assert example_blocks("x >>> y " * 250_000) == []
    prompts = ">>> x\n" * 170_000
    assert example_blocks(prompts) == [(0, len(prompts) - 1)]
    from scanners.detection.examples import MAX_BLOCK_LINES, shell_blocks

    assert shell_blocks("x $ y " * 250_000) == []
    shells = "$ ls\n" * 100_000
    # a command and at most MAX_BLOCK_LINES lines of output a block, as a >>> session's
    assert len(shell_blocks(shells)) == -(-100_000 // (MAX_BLOCK_LINES + 1))
