"""docs/environment.md lists every environment variable the program reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "environment.md"
# Read for their usual meaning only, never as a piaudit setting.
GENERIC = {"PATH", "ProgramFiles", "ProgramFiles(x86)", "SYSTEMDRIVE", "PYTHONIOENCODING"}
# Named but never read: the training sandbox hides it from the commands it runs.
NOT_READ = {"PIAUDIT_RESOURCES_OVERRIDE"}


def _environment_reads() -> set[str]:
    """Names passed to os.environ.get / os.getenv / os.environ[...], and every PIAUDIT_*
    string the code holds (a constant such as PASSPHRASE_ENV is read through its name)."""
    names: set[str] = set()
    for package in ("scanners", "desktop"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                        and re.fullmatch(r"PIAUDIT_[A-Z0-9_]+", node.value):
                    names.add(node.value)
                key = _environ_key(node)
                if key is not None:
                    names.add(key)
    return names - NOT_READ


def _environ_key(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        func = ast.unparse(node.func)
        if func in ("os.environ.get", "os.getenv", "environ.get", "env.get"):
            value = node.args[0].value
            return value if isinstance(value, str) else None
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ" \
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    return None


def test_every_environment_variable_read_is_documented():
    reads = _environment_reads()
    assert {"PIAUDIT_HOME", "PIAUDIT_CACHE_DIR", "PIAUDIT_RESOURCES", "PIAUDIT_GUI_SETTINGS",
            "PIAUDIT_PASSPHRASE_FILE", "XDG_DATA_HOME"} <= reads
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(name for name in reads - GENERIC if f"`{name}`" not in text)
    assert not missing, f"document these in docs/environment.md: {missing}"


def test_the_readme_and_the_user_guide_link_to_it():
    for doc in ("README.md", "docs/user-guide.md"):
        assert "environment.md" in (ROOT / doc).read_text(encoding="utf-8"), doc
