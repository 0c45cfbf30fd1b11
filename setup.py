"""setuptools glue for the installed layout; the project itself is declared in pyproject.toml.

A wheel installs the engine and CLI as `piaudit` and the window as `piaudit.gui` (the source
folders scanners/ and desktop/ keep their names): the why and how are in
packaging/installed_names.py and packaging/setup_commands.py, the result in docs/install.md.
"""

import sys
from pathlib import Path

from setuptools import Extension, setup

sys.path.insert(0, str(Path(__file__).resolve().parent / "packaging"))

from setup_commands import (
    BuildPy,
    EditableWheel,
    extensions,
    installed_packages,
    package_dir,
)

setup(
    packages=installed_packages(),
    package_dir=package_dir(),
    cmdclass={"build_py": BuildPy, "editable_wheel": EditableWheel},
    ext_modules=extensions(Extension, installed=True),
)
