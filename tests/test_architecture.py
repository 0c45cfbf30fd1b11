"""The engine is Qt-free, the registry is a clean contract, and the layers import one way:
the product (scanners, desktop) never imports the synthetic-data generators (synth) or the
tests, and synth (shared by tests/, bench/ and tools/) never imports the tests."""

import ast
import subprocess
import sys
from pathlib import Path

from scanners.registry import SCANNERS


def test_scanners_never_import_qt():
    code = (
        "import sys, scanners, scanners.cli.entry, scanners.engine, scanners.registry\n"
        "for cls in scanners.registry.SCANNERS: __import__(cls.__module__)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_scanner_ids_are_unique_and_dotted():
    ids = [s.id for s in SCANNERS]
    assert len(ids) == len(set(ids))
    assert all("." in i and i == i.lower() for i in ids)


ROOT = Path(__file__).resolve().parent.parent


def _imported(package: str) -> dict[str, set[str]]:
    """{file: top-level names it imports} for every .py under ROOT/package, counting
    `import x`, `from x import y`, and importlib.import_module("x") / __import__("x")."""
    out: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
            elif (isinstance(node, ast.Call) and node.args
                  and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                  and getattr(node.func, "attr", getattr(node.func, "id", None))
                  in ("import_module", "__import__")):
                names.add(node.args[0].value.split(".")[0])
        out[str(path.relative_to(ROOT))] = names
    assert out, f"no Python files under {package}/"
    return out


def test_product_never_imports_synth_or_tests():
    for package in ("scanners", "desktop"):
        bad = {f: sorted(n & {"synth", "tests", "bench", "tools"})
               for f, n in _imported(package).items() if n & {"synth", "tests", "bench", "tools"}}
        assert not bad, f"{package} imports test-only code: {bad}"


def test_synth_never_imports_tests():
    bad = {f: sorted(n & {"tests", "bench", "tools"})
           for f, n in _imported("synth").items() if n & {"tests", "bench", "tools"}}
    assert not bad, f"synth imports the tests or bench: {bad}"


def test_synth_is_not_loaded_by_the_engine():
    code = (
        "import sys, scanners.cli.entry, scanners.engine, scanners.registry\n"
        "for cls in scanners.registry.SCANNERS: __import__(cls.__module__)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('synth', 'tests', 'bench')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_synth_addresses_are_reserved_examples():
    """synth/ holds made-up people only: every e-mail address in its code and recordings is
    at a reserved example domain (RFC 2606), so no generated file can name a real mailbox."""
    import re

    url = re.compile(r"\w+://\S+")
    email = re.compile(r"[\w.%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
    reserved = re.compile(r"(^|\.)(example(\.(com|org|net|cn))?|test|invalid|localhost)$", re.I)
    bad = []
    for path in sorted((ROOT / "synth").rglob("*")):
        if path.suffix not in (".py", ".txt", ".json", ".reg") or not path.is_file():
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-16" if raw[:2] == b"\xff\xfe" else "utf-8", "replace")
        text = url.sub(" ", text)
        bad += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in email.finditer(text)
                if not reserved.search(m.group(1))]
    assert not bad, bad
