"""Shared pieces of the audit-log tests: a fast ledger, synthetic findings, a fake keyring."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest

from scanners.ledger import Ledger
from scanners.model import Category, Finding, ScanError, Severity

PW = "correct horse battery staple"
FAST = 2**10  # scrypt cost for tests: the format is the same, only slower in real use


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Never touch the developer's real keyring: each test gets an empty in-memory one."""
    # conftest turns the keyring off for every test; with the in-memory one in place it is
    # safe to turn it back on here.
    monkeypatch.delenv("PIAUDIT_KEYRING", raising=False)
    previous = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    yield fake
    keyring.set_keyring(previous)


def log_path(data_dir: Path) -> Path:
    return data_dir / "audit-log.sqlite"


def open_log(data_dir: Path, passphrase: str | None = PW, **kw: object) -> Ledger:
    return Ledger.open(log_path(data_dir), passphrase, kdf_n=FAST, **kw)  # type: ignore[arg-type]


def findings(n: int, scan: int = 0, prefix: str = "/home/demo/docs") -> list[Finding]:
    cats = list(Category)
    return [
        Finding(
            scanner="content.files", rule="identity.ric18", category=cats[i % len(cats)],
            severity=Severity(i % 5), location=f"{prefix}/scan{scan}-file{i}.txt",
            preview=f"1101******{i:04d}**2X", fingerprint=f"fp{scan:03d}{i:027d}",
            confidence=0.9, line=i + 1, start=i, end=i + 18,
            path=f"{prefix}/scan{scan}-file{i}.txt", detail={"note": f"姓名 row {i}"},
        )
        for i in range(n)
    ]


def errors(n: int) -> list[ScanError]:
    return [ScanError("content.files", f"/home/demo/broken{i}.docx", "corrupt", f"bad zip {i}")
            for i in range(n)]


def record_scan(ledger: Ledger, n: int = 5, scan: int = 0, n_errors: int = 1) -> int:
    sid = ledger.begin_scan(["/home/demo"], ["content.files"], {"jobs": 2})
    ledger.add_findings(sid, findings(n, scan))
    ledger.add_errors(sid, errors(n_errors))
    ledger.finish_scan(sid, status="complete")
    return sid


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection, as an attacker editing the file would use."""
    return sqlite3.connect(str(path), isolation_level=None)


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))
