"""The records every scanner produces: findings, errors, progress and the result of an audit."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanners.assessment.access_facts import AccessFacts


class Severity(enum.IntEnum):
    """How bad one finding is on its own; ordered so comparisons work."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}") from None


class Category(enum.StrEnum):
    """Risk categories of Chinese personal-information law. Ids are stored in logs: never rename."""

    IDENTITY = "identity"
    FINANCIAL = "financial"
    CREDENTIAL = "credential"
    CONTACT = "contact"
    LOCATION = "location"
    HEALTH = "health"
    BIOMETRIC = "biometric"
    MINOR = "minor"
    BEHAVIOUR = "behaviour"
    COMMUNICATIONS = "communications"
    BASIC = "basic"
    PERMISSION = "permission"


# A finding's detail facts that say what the value is (the rest is technical), in the order
# a table names one: the service of a token, a card's brand, an IBAN's country, a phone's
# region ("DE", or "IT/KR" where several numbering plans hold the digits).
NAMING_FACTS = ("service", "brand", "country", "region")
# Card brands as validators record them (ids) and as people write them
_BRAND_NAMES = {"visa": "Visa", "mastercard": "Mastercard", "amex": "American Express",
                "unionpay": "UnionPay", "jcb": "JCB", "discover": "Discover",
                "diners": "Diners Club", "maestro": "Maestro", "maestro_uk": "Maestro UK",
                "dankort": "Dankort"}


def kind_name(key: str, value: str) -> str:
    """A naming fact's value as people write it ("unionpay" -> "UnionPay")."""
    return _BRAND_NAMES.get(value, value) if key == "brand" else value


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data found. Never holds the raw value: only a mask and an HMAC."""

    scanner: str
    rule: str
    category: Category
    severity: Severity
    # For display and grouping only: a path, "path!member" for a container's member, or a
    # store URI. Never parse it back into a path: a file name may itself hold "!" or "#".
    location: str
    preview: str  # masked value, safe to show and store
    fingerprint: str  # keyed HMAC of the normalised value
    confidence: float
    line: int | None = None
    start: int | None = None  # character offsets within the decoded text of `path`
    end: int | None = None
    path: str | None = None  # display path of the file or member ("archive.zip!member")
    count: int = 1
    detail: Mapping[str, str] = field(default_factory=dict)
    # The file on disk the finding lies in, exactly as the OS names it (may hold
    # surrogate-escaped bytes); None for what is not a file (a store record, a grant).
    # Remediation acts on this, never on `location`.
    file: str | None = None
    # The member inside `file` when the finding lies in a container ("inner/a.txt", or
    # "b.zip!c.txt" for nested ones); "" for the file itself. Display only.
    member: str = ""

    @property
    def is_example(self) -> bool:
        """Low because it is somebody's made-up example, not the user's data: a value in an
        interactive example session, a test or example folder's or file's credential
        (detail "example"), a published test number (detail test_data)."""
        return bool(self.detail.get("example")) or self.detail.get("test_data") == "yes"

    @property
    def named_kind(self) -> str | None:
        """What the validator named the value to be, for tables beside the rule: the
        service a token opens ("OpenAI"), a card's brand, an IBAN's country; None if none."""
        for key in NAMING_FACTS:
            value = self.detail.get(key)
            if value:
                return kind_name(key, value)
        return None

    def to_dict(self) -> dict[str, object]:
        return {
            "scanner": self.scanner,
            "rule": self.rule,
            "category": str(self.category),
            "severity": self.severity.label,
            "confidence": round(self.confidence, 3),
            "location": self.location,
            "path": self.path,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "preview": self.preview,
            "fingerprint": self.fingerprint,
            "count": self.count,
            "detail": dict(self.detail),
            "file": self.file,
            "member": self.member,
        }


@dataclass(frozen=True, slots=True)
class ScanError:
    """Something that could not be scanned, and why. The audit goes on past it."""

    scanner: str
    location: str
    reason: str  # short stable code: "unreadable", "corrupt", "encrypted", "too-large", ...
    message: str = ""
    member: str = ""  # set when the problem is inside a container, not the file itself

    def to_dict(self) -> dict[str, str]:
        d = {
            "scanner": self.scanner,
            "location": self.location,
            "reason": self.reason,
            "message": self.message,
        }
        if self.member:
            d["member"] = self.member
        return d

    @property
    def unread(self) -> bool:
        """Whether the file itself (not a member of it) was not read at all: what it holds is
        unknown (`UNREAD`)."""
        return self.reason in UNREAD and not self.member


# File-level errors that mean "this file's content was not read at all". Corrupt or
# encrypted files were read (and are reported as such); skipped kinds were never asked for.
# "internal" and "crashed" are piaudit's own failures on a file (a bug met there, a worker
# that died holding it): what the file holds is unknown. Such a file is not counted among
# the files scanned, so that "N of M files could not be read" counts each file once.
UNREAD = frozenset({"unreadable", "permission-denied", "timeout", "not-listable", "internal",
                    "crashed"})


# Status reasons that say there was nothing to look at, rather than something not seen.
NORMAL_ABSENCE = frozenset({"not-present", "unsupported-os"})


@dataclass(slots=True)
class ScannerStatus:
    """How one scanner's run went: whether it looked, and what it could not look at.

    state: "ran", "not-applicable" (nothing of its kind here, or unavailable), "failed"
    (it raised), "cancelled". `notes` are (reason, message) pairs such as ("not-installed",
    "adb was not found on PATH"): a missing tool or an unsupported OS is reported as such,
    never as "no findings".
    """

    scanner: str
    state: str = "ran"
    findings: int = 0
    seconds: float = 0.0
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def absent(self) -> bool:
        """Nothing of its kind here (no such store, another OS's source): not a blind spot."""
        return self.state == "not-applicable" and all(r in NORMAL_ABSENCE for r, _ in self.notes)

    def blind_spots(self) -> list[tuple[str, str]]:
        """The notes that mean something may have been missed (a missing tool, no device)."""
        return [(r, m) for r, m in self.notes if r not in NORMAL_ABSENCE]

    def to_dict(self) -> dict[str, object]:
        return {
            "scanner": self.scanner, "state": self.state, "findings": self.findings,
            "seconds": round(self.seconds, 3),
            "notes": [{"reason": r, "message": m} for r, m in self.notes],
        }


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress report; `total_*` are None while still unknown."""

    scanner: str
    files_done: int = 0
    bytes_done: int = 0
    files_total: int | None = None
    bytes_total: int | None = None
    current: str = ""
    findings: int = 0


@dataclass(slots=True)
class ScanStats:
    files_scanned: int = 0
    files_skipped: int = 0
    files_cached: int = 0
    files_unread: int = 0  # tried but not read (`UNREAD`): in none of the counts above
    bytes_scanned: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class ScanResult:
    """What an audit produced. `cancelled` results hold everything found before the stop."""

    started: datetime
    finished: datetime | None = None
    roots: tuple[str, ...] = ()
    scanners: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)
    cancelled: bool = False
    # per location: permissions, place, protection, size/mtime/hash (scanners.assessment.access)
    access: dict[str, AccessFacts] = field(default_factory=dict)
    # per scanner id: ran / not-applicable / failed / cancelled, and what it could not see
    statuses: dict[str, ScannerStatus] = field(default_factory=dict)
