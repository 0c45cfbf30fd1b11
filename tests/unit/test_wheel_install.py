"""The installed layout (docs/install.md): the source rewrite that renames scanners/ to
`piaudit` and desktop/ to `piaudit.gui` (packaging/installed_names.py), and, end to end, a
wheel built with pip, installed into a clean venv without Qt, that imports and scans.

The end-to-end test needs pip to reach the package index for the dependencies (its cache
makes a rerun quick) and takes about half a minute; versions come from constraints.txt.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from synth import formats
from synth.people import Factory

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import installed_names as names  # noqa: E402  (packaging/ is not a package: setup.py's helpers)

MODULES = names.source_modules(ROOT)


# -- the rewrite ---------------------------------------------------------------------------

def test_imports_are_renamed_and_layout_kept():
    src = (
        '"""Uses scanners.engine (prose stays)."""\n'
        "import os\n"
        "from scanners.engine import audit  # scanners.x in a comment stays\n"
        "from scanners import __version__\n"
        "import scanners.ledger.schema as schema, json\n"
        "from desktop.scan.worker import (\n"
        "    ScanWorker,\n"
        ")\n"
        "def f():\n"
        "    from scanners.sources.content.filescan import FileScanner\n"
        "    return FileScanner\n"
    )
    out = names.rewrite(src)
    assert out == (
        '"""Uses scanners.engine (prose stays)."""\n'
        "import os\n"
        "from piaudit.engine import audit  # scanners.x in a comment stays\n"
        "from piaudit import __version__\n"
        "import piaudit.ledger.schema as schema, json\n"
        "from piaudit.gui.scan.worker import (\n"
        "    ScanWorker,\n"
        ")\n"
        "def f():\n"
        "    from piaudit.sources.content.filescan import FileScanner\n"
        "    return FileScanner\n"
    )
    assert names.check(out) == []


def test_names_that_are_not_the_source_packages_stay():
    src = (
        "from . import scanners\n"
        "from .desktop import x\n"
        "from x import scanners, desktop\n"
        "import scanners_extra as s\n"
        "raise E from scanners\n"
    )
    assert names.rewrite(src) == src


def test_module_strings_are_renamed_only_when_they_name_a_module():
    src = (
        'PRELOAD = ["scanners.sources.content.scanner", r"scanners.sources.content.filescan"]\n'
        'mod = import_module("scanners.export.report")\n'
        'gui = import_module("desktop.app")\n'
        'doc = {"scanners": [], "desktop": 1}\n'
        'skip = ["desktop.ini", "scanners.not_a_module", f"scanners.{x}"]\n'
    )
    out = names.rewrite(src, "<t>", MODULES)
    assert out == (
        'PRELOAD = ["piaudit.sources.content.scanner", r"piaudit.sources.content.filescan"]\n'
        'mod = import_module("piaudit.export.report")\n'
        'gui = import_module("piaudit.gui.app")\n'
        'doc = {"scanners": [], "desktop": 1}\n'
        'skip = ["desktop.ini", "scanners.not_a_module", f"scanners.{x}"]\n'
    )
    assert names.check(out, "<t>", MODULES) == []
    assert names.check(src, "<t>", MODULES) == [
        "<t>:1: scanners.sources.content.scanner", "<t>:1: scanners.sources.content.filescan",
        "<t>:2: scanners.export.report", "<t>:3: desktop.app"]


def test_a_bare_import_is_refused_not_guessed():
    with pytest.raises(names.RewriteError, match=r"<m>:2: `import scanners"):
        names.rewrite("import os\nimport scanners.engine\nscanners.engine.audit()\n", "<m>")
    with pytest.raises(names.RewriteError):
        names.rewrite("import json, desktop\n", "<m>")


def test_check_names_what_a_rewrite_missed():
    assert names.check("import scanners.engine as e\nfrom desktop import app\n", "<c>") == [
        "<c>:1: scanners.engine", "<c>:2: desktop"]


def test_names_map_both_ways():
    assert names.installed_name("scanners.cli.entry") == "piaudit.cli.entry"
    assert names.installed_name("desktop") == "piaudit.gui"
    assert names.installed_name("synth.people") == "synth.people"
    assert names.source_name("piaudit.gui.app") == "desktop.app"
    assert names.source_name("piaudit.guide") == "scanners.guide"
    assert names.source_name("piaudit") == "scanners"
    assert names.rename_entry_point("piaudit-gui = piaudit.gui.app:main", to_source=True) == (
        "piaudit-gui = desktop.app:main")


def test_every_source_module_rewrites_to_installed_names_only():
    """The whole product, as the wheel build sees it: nothing refused, nothing left over."""
    rewritten = 0
    for top in names.RENAMES:
        for path in sorted((ROOT / top).rglob("*.py")):
            src = path.read_text(encoding="utf-8")
            out = names.rewrite(src, str(path), MODULES)
            assert names.check(out, str(path), MODULES) == []
            compile(out, str(path), "exec")
            rewritten += out != src
    assert rewritten > 100


# -- end to end: pip wheel, a clean venv, a scan ----------------------------------------------

# What the build reads from the checkout (the sdist's content, see MANIFEST.in).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "LICENSE", "README.md",
                "scanners", "desktop", "resources", "packaging")
CONSTRAINTS = ROOT / "constraints.txt"


def _pip_env(tmp: Path) -> dict[str, str]:
    """The test's environment for pip: the user's pip cache (conftest moved HOME), no
    checkout on the path, no warnings about pip's own version."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    cache = os.environ.get("PIP_CACHE_DIR") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache")
        / "pip")
    env.update(PIP_CACHE_DIR=cache, PIP_DISABLE_PIP_VERSION_CHECK="1", TMPDIR=str(tmp))
    return env


def _run(cmd: list[str | Path], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=240, check=False)
    assert proc.returncode == 0, f"{cmd}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _build_wheel(tmp: Path, env: dict[str, str]) -> tuple[Path, str]:
    src = tmp / "src"
    src.mkdir()
    litter = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info")
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=litter)
        else:
            shutil.copy2(path, src / name)
    out = tmp / "wheels"
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out,
                 "--build-constraint", CONSTRAINTS, "-v", "."], env, src)
    (wheel,) = out.glob("piaudit-*.whl")
    return wheel, proc.stdout + proc.stderr


def _sample_folder(folder: Path) -> dict[str, str]:
    """Made-up people in the formats the dependencies read (CSV, DOCX, PDF, 7z); returns
    {rule: a full value of it that must never be printed}."""
    f = Factory(seed=17)
    people = [f.person(child=False) for _ in range(4)]
    p = people[0]
    iban = f.iban("DE", spaced=True)
    docs = folder / "Documents"
    formats.write_csv(docs / "客户名单.csv", [["姓名", "身份证号", "手机号", "银行卡号"]]
                      + [[q.name, q.resident_id, q.mobile, q.card] for q in people])
    formats.write_docx(docs / "租房合同.docx", [f"乙方：{p.name}，身份证号：{p.resident_id}"])
    formats.write_pdf(docs / "account.pdf", [f"Account holder: {p.name_en}", f"IBAN: {iban}"])
    formats.write_7z(docs / "backup.7z", {"id.txt": f"身份证号：{people[1].resident_id}\n"})
    return {"identity.cn_resident_id": p.resident_id, "contact.cn_mobile": p.mobile,
            "financial.payment_card": p.card, "financial.iban": iban}


# Run by the installed venv's Python: import every module of the engine and CLI, from a
# folder outside the checkout; say what failed, what Qt or source-named modules got loaded.
IMPORT_ALL = """
import importlib, json, pathlib, sys
import piaudit
root = pathlib.Path(piaudit.__file__).parent
skip_gui = sys.argv[1] == "cli"
mods, failed = [], []
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root.parent).with_suffix("").parts
    if parts[-1] == "__main__" or (skip_gui and parts[:2] == ("piaudit", "gui")):
        continue
    if not skip_gui and parts[:2] != ("piaudit", "gui"):
        continue
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    try:
        importlib.import_module(name)
        mods.append(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
loaded = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps({"file": piaudit.__file__, "imported": mods, "failed": failed,
                  "qt": [m for m in loaded if m in ("PySide6", "shiboken6")],
                  "source_names": [m for m in loaded if m in ("scanners", "desktop")]}))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(the wheel, pip's build log), built once for the module's tests."""
    tmp = tmp_path_factory.mktemp("wheel-build")
    return _build_wheel(tmp, _pip_env(tmp))


@pytest.mark.slow
def test_wheel_installs_headless_and_scans(built: tuple[Path, str], tmp_path: Path) -> None:
    wheel, build_log = built
    env = _pip_env(tmp_path)
    # setuptools says "deprecated" about project.license given as a table (issue 17)
    assert "deprecat" not in build_log.lower(), build_log[-3000:]

    with zipfile.ZipFile(wheel) as z:
        files = z.namelist()
        entry_points = z.read("piaudit-0.1.0.dist-info/entry_points.txt").decode()
        metadata = z.read("piaudit-0.1.0.dist-info/METADATA").decode()
    assert {f.split("/")[0] for f in files} == {"piaudit", "piaudit-0.1.0.dist-info"}
    assert "piaudit/resources/rules/identity.toml" in files
    assert "piaudit/resources/i18n/piaudit_zh_CN.ts" in files
    assert "piaudit/gui/app.py" in files and "piaudit/cli/entry.py" in files
    assert "piaudit = piaudit.cli.entry:main" in entry_points
    assert "piaudit-gui = piaudit.gui.app:main" in entry_points
    assert "License-Expression: MIT" in metadata
    assert 'Requires-Dist: PySide6-Essentials>=6.6; extra == "gui"' in metadata
    qt_required = [line for line in metadata.splitlines()
                   if line.startswith("Requires-Dist: PySide6") and "extra ==" not in line]
    assert qt_required == []

    # a clean venv: the wheel and its dependencies, no extra
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    py = target / "bin" / "python"
    # --no-compile: byte-compiling every dependency (fontTools, phonenumbers' data) would
    # triple the CPU time; the imports below compile what they load
    _run([sys.executable, "-m", "pip", "--python", py, "install", "--quiet", "--no-compile",
          "-c", CONSTRAINTS, wheel], env, tmp_path)
    site = next((target / "lib").glob("python3*/site-packages"))
    tops = {p.name for p in site.iterdir() if p.name.startswith(("piaudit", "scanners", "desktop"))}
    assert tops == {"piaudit", "piaudit-0.1.0.dist-info"}
    assert not [p for p in site.iterdir() if p.name.lower().startswith(("pyside6", "shiboken6"))]

    # every engine and CLI module imports, without Qt and without a source name
    proc = _run([py, "-c", IMPORT_ALL, "cli"], env, tmp_path)
    report = json.loads(proc.stdout)
    assert report["file"].startswith(str(site))
    assert report["failed"] == [] and len(report["imported"]) > 100
    assert report["qt"] == [] and report["source_names"] == []

    # the installed CLI scans a folder with the resources from inside the wheel
    folder = tmp_path / "sample"
    secrets = _sample_folder(folder)
    scan_env = dict(env, HOME=str(tmp_path / "home"), PIAUDIT_DATA_DIR=str(tmp_path / "data"),
                    PIAUDIT_KEYRING="0")
    scan_env.pop("PIAUDIT_RESOURCES", None)
    proc = _run([target / "bin" / "piaudit", "scan", folder, "--format", "jsonl",
                 "--no-log", "--quiet"], scan_env, tmp_path)
    found = {(Path(d["file"]).name, d["rule"]) for d in map(json.loads, proc.stdout.splitlines())}
    assert {("客户名单.csv", "identity.cn_resident_id"), ("客户名单.csv", "contact.cn_mobile"),
            ("客户名单.csv", "financial.payment_card"),
            ("租房合同.docx", "identity.cn_resident_id"), ("account.pdf", "financial.iban"),
            ("backup.7z", "identity.cn_resident_id")} <= found
    for rule, value in secrets.items():
        assert value not in proc.stdout, f"a full {rule} value was printed"
    proc = _run([py, "-m", "piaudit", "--version"], scan_env, tmp_path)
    assert proc.stdout.strip() == "piaudit 0.1.0"


@pytest.mark.slow
def test_wheel_gui_modules_import_under_installed_names(built: tuple[Path, str],
                                                        tmp_path: Path) -> None:
    """The window's modules, as the wheel holds them, import with Qt present (this venv's
    PySide6) and load nothing under the source names."""
    wheel, _ = built
    env = _pip_env(tmp_path)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(unpacked)
    gui_env = dict(env, PYTHONPATH=str(unpacked), QT_QPA_PLATFORM="offscreen")
    proc = _run([sys.executable, "-c", IMPORT_ALL, "gui"], gui_env, tmp_path)
    report = json.loads(proc.stdout)
    assert report["file"] == str(unpacked / "piaudit" / "__init__.py")
    assert report["failed"] == [] and len(report["imported"]) > 30
    assert report["qt"] == ["PySide6", "shiboken6"] and report["source_names"] == []
