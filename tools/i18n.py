"""Translations: `update` refreshes the .ts from the code, `compile` builds the .qm files,
`check` fails when a source string has no translation.

    python tools/i18n.py update    # pyside6-lupdate desktop/**/*.py (keeps translations)
    python tools/i18n.py compile   # pyside6-lrelease, or a pure-Python fallback
    python tools/i18n.py check
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGS = ("zh_CN",)


def _tool(name: str) -> str | None:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop").rglob("*.py"))


def update() -> int:
    tool = _tool("pyside6-lupdate")
    if tool is None:
        print("pyside6-lupdate not found (pip install PySide6-Essentials)", file=sys.stderr)
        return 2
    for lang in LANGS:
        ts = I18N / f"piaudit_{lang}.ts"
        subprocess.run([tool, *sources(), "-no-obsolete", "-locations", "none",
                        "-target-language", lang, "-ts", str(ts.relative_to(ROOT))],
                       cwd=ROOT, check=True)
    return check()


def compile_qm() -> int:
    tool = _tool("pyside6-lrelease")
    if tool is None:
        print("pyside6-lrelease not found: the app reads the .ts files directly",
              file=sys.stderr)
        return 0
    for lang in LANGS:
        ts = I18N / f"piaudit_{lang}.ts"
        subprocess.run([tool, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))],
                       check=True)
    return 0


def missing(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type") if tr is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            if tr is None or not (tr.text or "").strip() or kind == "unfinished":
                out.append((name, msg.findtext("source") or ""))
    return out


def check() -> int:
    bad = 0
    for lang in LANGS:
        for ctx, src in missing(I18N / f"piaudit_{lang}.ts"):
            print(f"{lang}: untranslated in {ctx}: {src!r}", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"update": update, "compile": compile_qm, "check": check}[cmd]())
