"""setuptools commands that build the wheel under the installed names (installed_names.py).

- build_py (a wheel): copies scanners/ to piaudit/ and desktop/ to piaudit/gui/ (the
  package_dir mapping setup.py declares), rewrites each module's imports on the way, fails
  on anything left naming the source packages, and puts resources/ inside the package as
  piaudit/resources/ (scanners/system/paths.py looks there first when installed).
- editable_wheel (`pip install -e .`, what `make` does): the development install keeps the
  source names, so the checkout, the tests, mypy and PyInstaller keep importing `scanners`
  and `desktop`. Its finder maps those two names to the source folders and its console
  scripts call them; its metadata is generated again for that layout (the metadata pip
  prepared beforehand describes the wheel, whose entry points name `piaudit`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from installed_names import (
    RENAMES,
    TOP_LEVEL,
    RewriteError,
    check,
    installed_name,
    rename_entry_point,
    rewrite,
    source_modules,
)
from setuptools import find_packages
from setuptools.command.build_py import build_py
from setuptools.command.editable_wheel import editable_wheel

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = "resources"
# never shipped: caches and editor/OS litter that may sit in a working copy's resources/
_LITTER = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*~", "*.swp", "*.orig")


def source_packages(root: Path = ROOT) -> list[str]:
    return sorted(find_packages(str(root), include=[f"{t}*" for t in RENAMES]))


def installed_packages(root: Path = ROOT) -> list[str]:
    if (root / "scanners" / "gui").exists():  # piaudit.gui must mean desktop/ only
        raise RewriteError("scanners/gui would shadow the installed piaudit.gui (desktop/)")
    return sorted(installed_name(p) for p in source_packages(root))


# Compiled speed-ups: (module under scanners/, its C source). Each is optional: a machine
# without a C compiler installs without it, and the module's Python twin runs instead
# (scanners/detection/prefilter.py imports _hits in a try).
EXTENSIONS = (("scanners.detection._hits", "scanners/detection/_hits.c"),
              ("scanners._records", "scanners/_records.c"),
              ("scanners.detection.validators._numbers",
               "scanners/detection/validators/_numbers.c"),
              ("scanners.sources.content._held", "scanners/sources/content/_held.c"))


def extensions(extension: Any, installed: bool) -> list[Any]:
    """setuptools Extensions under the installed names (a wheel) or the source names; none
    with PIAUDIT_NO_EXTENSIONS=1 (a pure wheel, for any platform: docs/install.md)."""
    if os.environ.get("PIAUDIT_NO_EXTENSIONS", "").strip() not in ("", "0"):
        return []
    return [
        extension(installed_name(name) if installed else name, sources=[source], optional=True)
        for name, source in EXTENSIONS
    ]


def package_dir() -> dict[str, str]:
    return {installed: source for source, installed in RENAMES.items()}


class BuildPy(build_py):
    """Build the installed layout: renamed packages, rewritten imports, resources inside."""

    def run(self) -> None:
        if not self.editable_mode:
            # bdist_wheel packs everything under build/lib: drop what an earlier build (or
            # an older layout) left there, so nothing stale reaches the wheel
            for name in (TOP_LEVEL, *RENAMES):
                shutil.rmtree(Path(self.build_lib) / name, ignore_errors=True)
            self._modules = source_modules(ROOT)
        super().run()
        if not self.editable_mode and self.packages:
            self._copy_resources()

    def build_module(self, module: Any, module_file: Any, package: Any) -> Any:
        result = super().build_module(module, module_file, package)
        if self.editable_mode or self.dry_run:
            return result
        outfile = Path(result[0])
        source = outfile.read_text(encoding="utf-8")
        where = str(Path(module_file))
        out = rewrite(source, where, self._modules)
        problems = check(out, where, self._modules)
        if problems:
            raise RewriteError("source names left after the rewrite: " + "; ".join(problems))
        if out != source:
            outfile.write_text(out, encoding="utf-8")
        return result

    def _resource_target(self) -> Path:
        return Path(self.build_lib) / TOP_LEVEL / RESOURCES

    def _copy_resources(self) -> None:
        source = ROOT / RESOURCES
        if not (source / "rules").is_dir():
            raise FileNotFoundError(f"no rule files in {source / 'rules'}: build from a checkout")
        target = self._resource_target()
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=_LITTER)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = list(super().get_outputs(include_bytecode))
        if not self.editable_mode:
            target = self._resource_target()
            outputs += [str(p) for p in sorted(target.rglob("*")) if p.is_file()]
        return outputs


class EditableWheel(editable_wheel):
    """`pip install -e .`: the source names, for development (see the module docstring)."""

    def finalize_options(self) -> None:
        dist = self.distribution
        dist.packages = source_packages()
        dist.package_dir = {}
        from setuptools import Extension

        dist.ext_modules = extensions(Extension, installed=False)
        dist.entry_points = {
            group: [rename_entry_point(spec, to_source=True) for spec in specs]
            for group, specs in (dist.entry_points or {}).items()
        }
        super().finalize_options()

    def run(self) -> None:
        self.dist_info_dir = None  # write the metadata of this layout, not the wheel's
        super().run()
