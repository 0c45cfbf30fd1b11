"""Test isolation: a private HOME and data dir per test, and no network, ever."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest


class NetworkBlocked(RuntimeError):
    pass


def _blocked(*_args: object, **_kwargs: object) -> None:
    raise NetworkBlocked("piaudit must never open a network connection")


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("PIAUDIT_DATA_DIR", str(tmp_path_factory.mktemp("piaudit-data")))
    monkeypatch.setenv("PIAUDIT_KEYRING", "0")  # never touch a developer's real keyring
    # The CLI follows the locale: tests read English unless they ask for Chinese.
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # Store and permission scanners see an empty machine unless a test builds one: no real
    # /var/lib/flatpak, no real adb or snap on the PATH.
    monkeypatch.setenv("PIAUDIT_SYSROOT", str(tmp_path_factory.mktemp("sysroot")))
    monkeypatch.setenv("PIAUDIT_TOOL_PATH", str(tmp_path_factory.mktemp("no-tools")))
    # Unix sockets are how the process pool's forkserver talks to its children; every other
    # address family (the network) is refused.
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = socket.AF_INET, *args: object, **kwargs: object) -> None:
            if family not in (socket.AF_UNIX,):
                _blocked()
            super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", _blocked)
    monkeypatch.setattr(socket, "getaddrinfo", _blocked)
    yield


@pytest.fixture
def data_dir() -> Path:
    import os

    return Path(os.environ["PIAUDIT_DATA_DIR"])


@pytest.fixture(autouse=True, scope="session")
def _shared_pattern_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Compiled pattern databases hold no personal data; sharing them across tests saves the
    # seconds Hyperscan needs to compile the rule set.
    import os

    os.environ["PIAUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("pattern-cache"))
    yield
