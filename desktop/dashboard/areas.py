"""The Dashboard's status per area, as in Windows Security: for each area piaudit audits
(files, browsers, credential files, messaging, address books, app permissions, the phone...)
whether it is fine, needs action (how many findings), or could not be looked at (and why).

The areas come from the scanner registry (each scanner's section, desktop.findings.sources),
so a new scanner lands in its area without a change here; the phone's grants get their own
area because "no phone attached" is the commonest thing an audit could not look at."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from desktop.findings.sources import source_name, source_of
from desktop.texts.labels import reason_word, scanner_title, semicolon
from scanners.model import NORMAL_ABSENCE, Finding, ScannerStatus

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls

PHONE_SCANNER = "permissions.android"
# Shown in this order; an area appears only when a registered scanner belongs to it.
ORDER = ("files", "browsers", "credentials", "messaging", "addressbooks", "permissions",
         "phone", "other")

FINE, ACTION, UNKNOWN = "fine", "action", "unknown"
MARKS = {FINE: "✓", ACTION: "✕", UNKNOWN: "?"}  # a shape per state, never colour alone
COLOURS = {FINE: "#15803d", ACTION: "#b91c1c", UNKNOWN: "#8a5300"}


@dataclass(frozen=True, slots=True)
class AreaStatus:
    """One area: its key (a findings source, or "phone"), state, findings needing action,
    and the reasons it could not be (fully) looked at."""

    key: str
    state: str
    count: int = 0
    why: tuple[str, ...] = ()
    scanners: tuple[str, ...] = field(default=())

    @property
    def mark(self) -> str:
        return MARKS[self.state]

    @property
    def name(self) -> str:
        return area_name(self.key)

    def sentence(self) -> str:
        """What the row says after the area's name."""
        if self.state == ACTION:
            text = translate("Areas", "%1 to act on").replace("%1", f"{self.count:,}")
            if self.why:
                text += translate("Areas", "; not all looked at: %1").replace(
                    "%1", semicolon().join(self.why))
            return text
        if self.state == UNKNOWN:
            return translate("Areas", "Could not look: %1").replace(
                "%1", semicolon().join(self.why))
        if self.why:  # fine, with a note (nothing of this kind here)
            return semicolon().join(self.why)
        return translate("Areas", "Nothing to act on")


def area_name(key: str) -> str:
    if key == "phone":
        return translate("Areas", "Phone")
    if key == "permissions":
        return translate("Areas", "App permissions")
    return source_name(key)


def area_of_scanner(scanner: str) -> str:
    return "phone" if scanner == PHONE_SCANNER else source_of(scanner)


def area_of(f: Finding) -> str:
    if f.scanner == PHONE_SCANNER or (f.scanner.startswith("permissions.")
                                      and f.detail.get("source") == "android"):
        return "phone"
    return source_of(f.scanner)


def needs_action(f: Finding) -> bool:
    """A finding to act on: every one but a permission the app was denied."""
    return f.detail.get("state") != "denied"


def registry_areas() -> dict[str, list[str]]:
    """Every area and its scanners' ids, from the registry, in ORDER."""
    from scanners.registry import SCANNERS

    by_area: dict[str, list[str]] = {}
    for cls in SCANNERS:
        by_area.setdefault(area_of_scanner(cls.id), []).append(cls.id)
    return {k: by_area[k] for k in sorted(by_area, key=_rank)}


def _rank(key: str) -> int:
    return ORDER.index(key) if key in ORDER else len(ORDER)


def _scanner_blind(sid: str, st: ScannerStatus | None, asked: bool,
                   stopped: bool = False) -> list[str]:
    """Why one scanner could not look ([] when it looked, or nothing of its kind is here)."""
    if st is None:
        if not asked:
            return [translate("Areas", "not part of this audit")]
        return [translate("Areas", "stopped before it finished") if stopped
                else translate("Areas", "not run")]
    if st.state == "failed":
        return [translate("Areas", "%1 failed").replace("%1", scanner_title(sid, sid))]
    if st.state == "cancelled":
        return [translate("Areas", "stopped before it finished")]
    return list(dict.fromkeys(reason_word(r) for r, _ in st.notes if r not in NORMAL_ABSENCE))


def area_statuses(findings: Iterable[Finding], statuses: Mapping[str, ScannerStatus] | None,
                  asked: Sequence[str] = (), unread_files: str = "",
                  stopped: bool = False) -> list[AreaStatus]:
    """The status of every area. `statuses` are the audit's per-scanner states (None: not
    known, an earlier audit from the log); `asked` the scanner ids it ran (empty: all);
    `unread_files` why the file area is incomplete ("" when it is not); `stopped`: the
    audit was cancelled (a scanner that never started was stopped, not skipped)."""
    counts: dict[str, int] = {}
    for f in findings:
        if needs_action(f):
            area = area_of(f)
            counts[area] = counts.get(area, 0) + 1
    out = []
    for key, sids in registry_areas().items():
        why: list[str] = []
        absent = 0
        if statuses is None:
            why.append(translate("Areas", "not recorded for this earlier audit; scan again"))
        else:
            for sid in sids:
                st = statuses.get(sid)
                if st is not None and st.absent:
                    absent += 1
                    continue
                blind = _scanner_blind(sid, st, not asked or sid in asked, stopped)
                # one of several browsers' scanners not run says nothing when another looked
                if blind and (st is not None or len(sids) == 1 or
                              not any(s in statuses for s in sids)):
                    why.extend(blind)
        if key == "files" and unread_files:
            why.append(unread_files)
        why = list(dict.fromkeys(why))
        n = counts.pop(key, 0)
        if n:
            out.append(AreaStatus(key, ACTION, n, tuple(why), tuple(sids)))
        elif why:
            out.append(AreaStatus(key, UNKNOWN, 0, tuple(why), tuple(sids)))
        elif absent == len(sids):
            out.append(AreaStatus(key, FINE, 0, (translate("Areas", "none on this computer"),),
                                  tuple(sids)))
        else:
            out.append(AreaStatus(key, FINE, 0, (), tuple(sids)))
    for key, n in sorted(counts.items(), key=lambda kv: _rank(kv[0])):  # no scanner: kept
        out.append(AreaStatus(key, ACTION, n))
    return out


def logged_statuses(rows: Sequence[Mapping[str, object]]) -> dict[str, ScannerStatus] | None:
    """The per-scanner states a logged audit kept (None when it kept none)."""
    out: dict[str, ScannerStatus] = {}
    for row in rows:
        sid = str(row.get("scanner", ""))
        notes_raw = row.get("notes")
        notes = [(str(n.get("reason", "")), str(n.get("message", "")))
                 for n in (notes_raw if isinstance(notes_raw, list) else [])
                 if isinstance(n, dict)]
        found = row.get("findings", 0)
        out[sid] = ScannerStatus(sid, str(row.get("state", "ran")),
                                 found if isinstance(found, int) else 0, 0.0, notes)
    return out or None
