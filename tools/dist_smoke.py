"""Smoke-test the PyInstaller bundles in dist/: CLI --version, a CLI scan of a synthetic
folder, and the GUI's --self-test on the offscreen platform.   (make dist runs this.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The IBAN proves python-stdnum's registry (a data file) is in the bundle.
SAMPLE = ("姓名: 张三\n身份证号: 11011319491231002X\n手机: 13812345678\n"
          "IBAN: DE89 3704 0044 0532 0130 00\n")


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def main() -> int:
    dist = ROOT / "dist"
    suffix = ".exe" if sys.platform == "win32" else ""
    cli = dist / f"piaudit{suffix}"
    gui = dist / "piaudit-gui" / f"piaudit-gui{suffix}"
    with tempfile.TemporaryDirectory(prefix="piaudit-dist-") as tmp:
        env = dict(os.environ, HOME=tmp, PIAUDIT_DATA_DIR=str(Path(tmp) / "data"),
                   PIAUDIT_KEYRING="0", QT_QPA_PLATFORM="offscreen")
        folder = Path(tmp) / "sample"
        folder.mkdir()
        (folder / "contacts.txt").write_text(SAMPLE, encoding="utf-8")
        failures = []
        r = run([str(cli), "--version"], env)
        if r.returncode != 0 or "piaudit" not in r.stdout:
            failures.append(f"cli --version: {r.returncode} {r.stderr.strip()[-300:]}")
        r = run([str(cli), "scan", str(folder), "--format", "jsonl", "--no-log", "--quiet"], env)
        rules = [json.loads(line)["rule"] for line in r.stdout.splitlines() if line.strip()]
        if r.returncode != 0 or not any(rule.startswith("identity") for rule in rules) or (
                "financial.iban" not in rules):
            failures.append(f"cli scan: {r.returncode} {rules} {r.stderr.strip()[-300:]}")
        if "11011319491231002X" in r.stdout:
            failures.append("cli scan printed a full value")
        r = run([str(gui), "--self-test"], env)
        if r.returncode != 0 or "self-test OK" not in r.stdout:
            failures.append(f"gui --self-test: {r.returncode} {r.stdout.strip()}"
                            f" {r.stderr.strip()[-300:]}")
    for f in failures:
        print("FAILED", f, file=sys.stderr)
    if not failures:
        print("dist smoke test OK: cli --version, cli scan, gui --self-test")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
