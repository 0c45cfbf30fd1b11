"""Shell histories (bash, zsh, fish, PowerShell): command lines that carry a
password or token as an argument or assignment, and the project's credential rules over the
commands. A sample shown to users is a pattern's fixed label, never the matched text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scanners.base import ScanContext

# ---------------------------------------------------------------------------- shell history

# A command line that carries a secret as an argument or assignment. Each pattern has a
# fixed label: the sample shown to users is the label, never the matched text.
_HISTORY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mysql -p********", re.compile(r"\b(?:mysql|mysqldump|mariadb|mysqladmin)\b.*\s-p\S+")),
    ("sshpass -p ********", re.compile(r"\bsshpass\b.*\s-p\s*\S+")),
    ("curl -u user:********", re.compile(r"\b(?:curl|wget)\b.*(?:\s-u\s*|\s--user[= ])"
                                         r"['\"]?[^\s:'\"]+:[^\s'\"]+")),
    ("--password=********", re.compile(r"(?:^|\s)--?(?:password|passwd|pass|pwd)(?:=|\s+)"
                                       r"(?!-)['\"]?[^\s'\"]{3,}", re.I)),
    ("--token=********", re.compile(r"(?:^|\s)--?(?:token|api-key|apikey|secret|"
                                    r"client-secret|access-key)(?:=|\s+)(?!-)['\"]?[^\s'\"]{6,}",
                                    re.I)),
    ("docker login -p ********", re.compile(r"\b(?:docker|podman)\s+login\b.*\s-p\s*\S+")),
    ("export *PASSWORD/TOKEN/SECRET=********", re.compile(
        r"(?:^|[\s;])(?:export\s+|set\s+(?:-x\s+)?|setx\s+|\$env:)?"
        r"(?P<name>[A-Za-z_]*(?:PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY)[A-Za-z_]*)"
        r"\s*=\s*['\"]?[^\s'\"$]{3,}", re.I)),
    ("scheme://user:********@host", re.compile(r"[a-z][a-z0-9+.-]*://[^\s/:@]+:[^\s/@]+@", re.I)),
    ("ConvertTo-SecureString \"********\" -AsPlainText", re.compile(
        r"ConvertTo-SecureString\b.*-AsPlainText", re.I)),
    ("htpasswd -b ... ********", re.compile(r"\bhtpasswd\b.*\s-\w*b\w*\s")),
)
# Names that look like a secret assignment but hold none: the working directory.
_NOT_SECRET_NAMES = frozenset({"PWD", "OLDPWD"})
_WORKDIR = re.compile(r"(?:^|[\s;$])(?:OLD)?PWD\b", re.I)


def _line_kind(line: str) -> str | None:
    for label, rx in _HISTORY_PATTERNS:
        m = rx.search(line)
        if m is None:
            continue
        name = m.groupdict().get("name")
        if name is not None and name.upper() in _NOT_SECRET_NAMES:
            continue
        return label
    return None


def history_lines(text: str) -> list[str]:
    """Commands of a history file: bash/sh plain lines, zsh extended (": 1700000000:0;cmd"),
    fish ("- cmd: ..."), PowerShell plain lines."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith(": ") and ";" in line[:40]:
            line = line.split(";", 1)[1]
        elif line.startswith("- cmd: "):
            line = line[7:]
        elif line.startswith("  when: ") or line.startswith("  paths:") or \
                line.startswith("    - "):
            continue
        if line.strip():
            out.append(line)
    return out


@dataclass(slots=True)
class HistoryScan:
    lines: int = 0
    hits: int = 0
    kinds: Counter[str] = field(default_factory=Counter)


def scan_history(ctx: ScanContext, text: str, detector: Any | None) -> HistoryScan:
    res = HistoryScan()
    commands = history_lines(text)
    res.lines = len(commands)
    hit_lines: set[int] = set()
    for i, line in enumerate(commands):
        if i % 5000 == 0:
            ctx.check()
        if len(line) > 4096:
            line = line[:4096]
        label = _line_kind(line)
        if label is not None:
            res.kinds[label] += 1
            hit_lines.add(i)
    if detector is not None:
        # The project's credential rules (API keys, tokens, JWTs, URL passwords) over the
        # commands; a line already counted is not counted twice.
        joined = "\n".join(c[:4096] for c in commands)
        starts: list[int] = []
        pos = 0
        for c in commands:
            starts.append(pos)
            pos += min(len(c), 4096) + 1
        for m in detector.detect(joined):
            if m.rule.id == "credential.private_key":
                continue
            idx = bisect.bisect_right(starts, m.start) - 1
            if idx in hit_lines or (m.rule.id == "credential.password_assignment"
                                    and _WORKDIR.search(commands[idx])):
                continue
            hit_lines.add(idx)
            res.kinds[m.rule.id.split(".", 1)[-1]] += 1
    res.hits = len(hit_lines)
    return res


def history_detector(ctx: ScanContext) -> Any:
    """The project's credential rules, compiled once per scan (False when there are none)."""
    from scanners.detection.detect import Detector

    rules = ctx.rules.select(["credential"])
    if not rules.rules:
        return False
    return Detector(rules)
