"""GUI tests: offscreen, a private settings file, no real keyring, a fast log KDF."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Synthetic values with valid check digits (GB 11643 ID, a mobile number); never real data.
ID_NUMBER = "11011319491231002X"
PHONE = "13812345678"
SAMPLE = f"客户名单\n姓名: 张三\n身份证号: {ID_NUMBER}\n手机: {PHONE}\n"


@pytest.fixture(autouse=True, scope="package")
def _main_thread_collector() -> Iterator[None]:
    """The window turns Python's automatic collector off for its timer (desktop/collector):
    the tests after these get it back."""
    yield
    from desktop import collector

    collector.uninstall()


@pytest.fixture(autouse=True)
def _gui_isolation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PIAUDIT_GUI_SETTINGS", str(tmp_path / "gui.ini"))
    monkeypatch.setenv("PIAUDIT_KEYRING", "0")
    monkeypatch.setenv("PIAUDIT_TEST_KDF_N", str(2**10))
    monkeypatch.delenv("PIAUDIT_PASSPHRASE_FILE", raising=False)
    yield
    from desktop.texts import i18n

    i18n.install("en")


@pytest.fixture
def fixture_folder(tmp_path: Path) -> Path:
    """A folder with one file holding an ID number and a phone number, and one clean file."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "customers.txt").write_text(SAMPLE, encoding="utf-8")
    (folder / "notes.txt").write_text("nothing personal here\n", encoding="utf-8")
    return folder


@pytest.fixture
def big_folder(tmp_path: Path) -> Path:
    """Enough files that a scan is still running when a test pauses or cancels it."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(300):
        (folder / f"f{i:03d}.txt").write_text(SAMPLE if i % 10 == 0 else "plain text\n",
                                              encoding="utf-8")
    return folder
