"""The desktop window's system libraries: every library Qt's xcb platform plugin (and its GL
integrations) loads resolves. `make test` installs them first (the Makefile's qt-xcb-libs);
without them `piaudit-gui` aborts on a display (exit 134) although offscreen tests pass."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import PySide6

PLUGINS = Path(PySide6.__file__).parent / "Qt" / "plugins"
MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _xcb_plugins() -> list[Path]:
    return [PLUGINS / "platforms" / "libqxcb.so", *sorted((PLUGINS / "xcbglintegrations").glob("*.so"))]


def _unresolved(plugin: Path) -> list[str]:
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    return sorted({line.split()[0] for line in out.splitlines() if "not found" in line})


def test_the_xcb_plugin_and_its_gl_integrations_exist() -> None:
    names = [p.name for p in _xcb_plugins()]
    assert all(p.is_file() for p in _xcb_plugins())
    assert names[0] == "libqxcb.so" and "libqxcb-glx-integration.so" in names


def test_every_library_the_xcb_plugin_loads_resolves() -> None:
    missing = {p.name: _unresolved(p) for p in _xcb_plugins()}
    missing = {name: libs for name, libs in missing.items() if libs}
    assert not missing, (
        f"Qt's xcb plugin cannot load {missing}: run `make qt-xcb-libs` (or "
        "`sudo apt-get install -y` the Makefile's QT_XCB_PACKAGES)")


def test_the_makefile_installs_a_package_for_each_xcb_library() -> None:
    """The Makefile's list names the Debian package of each X/GL library the plugin links
    (Debian's names: libxcb-icccm.so.4 -> libxcb-icccm4, libX11-xcb.so.1 -> libx11-xcb1)."""
    text = MAKEFILE.read_text(encoding="utf-8")
    block = re.search(r"QT_XCB_PACKAGES := (.*?)\n(?!  )", text, re.S)
    assert block is not None
    packages = set(block.group(1).replace("\\", " ").split())
    out = "".join(subprocess.run(["ldd", str(p)], capture_output=True, text=True, check=True).stdout
                  for p in _xcb_plugins())
    sonames = {line.split()[0] for line in out.splitlines() if "=>" in line}
    wanted = {_debian_package(s) for s in sonames if re.match(r"lib(xcb|X11|xkbcommon|GL\.|GLX\.|EGL\.)", s)}
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"} <= wanted
    assert wanted - packages == set()


def _debian_package(soname: str) -> str:
    """libxcb-render-util.so.0 -> libxcb-render-util0; libX11.so.6 -> libx11-6; libGL -> libgl1."""
    stem, _, version = soname.partition(".so.")
    name = stem.lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"
