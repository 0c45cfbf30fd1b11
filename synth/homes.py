"""Reference homes for calibrating the exposure index, built as real folders, and the
fix-then-rescan sequence that the tests assert and `make bench` prints.

    empty_home(home)              a to-do list and an empty Pictures folder
    typical_home(home, factory)   the user's own papers, a family address list, a photo with
                                  GPS, a Chromium profile (saved logins, history, cookies)
    leaky_home(home, factory)     six customer lists (40 people each: name, ID, mobile, bank
                                  card) readable by every user, an SSH key without
                                  passphrase, AWS keys readable by every user
    FixRun(home, data_dir)        scans, logs, applies remediation actions and rescans

Everything is invented (synth/people.py). Scans run end to end through
scanners.engine.audit; the fixes go through scanners.actions.remediate.Remediator like the CLI's and
the GUI's, or change the file the way the advice says (a passphrase on the key).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scanners import engine
from scanners.actions.remediate import Remediator, accepted_risks
from scanners.assessment.access import log_facts
from scanners.assessment.scoring import Score, score
from scanners.ledger import Ledger
from scanners.model import Finding, ScanResult
from synth import formats
from synth.browser_stores import chromium_profile
from synth.other_stores import ssh_key
from synth.people import Factory

SCANNERS = ("content", "stores")
LISTS = 6
PEOPLE_PER_LIST = 40
YES = lambda plan: True  # noqa: E731 - every action in a calibration run is confirmed


def empty_home(home: Path) -> None:
    (home / "Documents").mkdir(exist_ok=True)
    (home / "Documents" / "todo.txt").write_text("buy milk\nfix the bike\n")
    (home / "Pictures").mkdir(exist_ok=True)


def typical_home(home: Path, factory: Factory) -> None:
    """What a person's own computer holds: their papers, family contacts, a browser."""
    docs = home / "Documents"
    me = factory.person(child=False)
    formats.write_txt(docs / "简历.txt", f"姓名：{me.name}\n身份证号：{me.resident_id}\n"
                      f"手机：{me.mobile}\n邮箱：{me.email}\n")
    formats.write_docx(docs / "租房合同.docx", [
        f"乙方：{me.name}，身份证号：{me.resident_id}，联系电话：{me.mobile}",
        f"租金支付账户：{me.card}", f"住址：{me.address}"])
    formats.write_txt(docs / "visa-application.txt",
                      f"Name: {me.name_en}\nID: {me.resident_id}\nPhone: {me.mobile}\n")
    family = [factory.person(child=False) for _ in range(80)]
    formats.write_vcf(docs / "家人和朋友.vcf",
                      [{"name": p.name, "tel": p.mobile} for p in family])
    formats.write_jpeg_with_gps(home / "Pictures" / "IMG_0001.jpg", 31.2304, 121.4737)
    chromium_profile(home)  # saved logins, a card, history, cookies under Linux's "v10" key


def leaky_home(home: Path, factory: Factory) -> list[Path]:
    """Issue 12's home: six customer lists, a key without passphrase, AWS keys; all but the
    SSH key readable by every user (an old-style 755 home). Returns the lists."""
    os.chmod(home, 0o755)
    docs = home / "Documents"
    docs.mkdir(exist_ok=True)
    os.chmod(docs, 0o755)
    lists = []
    for i in range(LISTS):
        rows: list[list[object]] = [["姓名", "身份证号", "手机号", "银行卡号"]]
        for _ in range(PEOPLE_PER_LIST):
            p = factory.person(child=False)
            rows.append([p.name, p.resident_id, p.mobile, p.card])
        path = formats.write_csv(docs / f"客户名单{i + 1}.csv", rows)
        path.chmod(0o644)
        lists.append(path)
    (home / ".ssh").mkdir(mode=0o700, exist_ok=True)
    ssh_key(home / ".ssh" / "id_ed25519", "openssh")
    aws = home / ".aws"
    aws.mkdir(exist_ok=True)
    aws.chmod(0o755)
    formats.write_txt(aws / "credentials", "[default]\n"
                      f"aws_access_key_id = {factory.aws_access_key()}\n"
                      f"aws_secret_access_key = {factory.aws_secret_key()}\n").chmod(0o644)
    return lists


def passphrase_on_key(path: Path) -> None:
    """What `ssh-keygen -p` does: the same key file, now encrypted."""
    ssh_key(path, "openssh", passphrase=b"correct horse")


@dataclass
class FixRun:
    """Scan, log the scan, act on it, rescan: each step's score is kept in `steps`."""

    home: Path
    ledger: Ledger
    scanners: Sequence[str] = SCANNERS
    steps: list[tuple[str, Score]] = field(default_factory=list)
    result: ScanResult | None = None
    scan_id: int | None = None

    def scan(self, label: str) -> Score:
        ctx = engine.make_context([self.home], jobs=1, cache=False)
        result = engine.audit(ctx, list(self.scanners))
        sid = self.ledger.begin_scan([str(self.home)], list(result.scanners))
        self.ledger.add_findings(sid, result.findings)
        log_facts(self.ledger, sid, result.access)
        total = score(result.findings, access=result.access,
                      accepted=accepted_risks(self.ledger))
        self.ledger.finish_scan(sid, result, total)
        self.result, self.scan_id = result, sid
        self.steps.append((label, total))
        return total

    def remediator(self) -> Remediator:
        return Remediator(self.ledger, self.scan_id)

    def act(self, kind: str, path: Path) -> None:
        out = self.remediator().run(kind, str(path), YES)
        if not out.done:
            raise AssertionError(f"{kind} {path}: {out.message}")

    def accept(self, finding: Finding, reason: str) -> None:
        self.remediator().run("accept", finding.location, YES,
                              fingerprint=finding.fingerprint, reason=reason)

    def findings_in(self, path: Path) -> list[Finding]:
        assert self.result is not None
        return [f for f in self.result.findings if f.file == str(path)
                or f.location == str(path)]


def leaky_fix_sequence(run: FixRun, lists: Sequence[Path]) -> list[tuple[str, Score]]:
    """The recommended fixes of the leaky home, one rescan after each step."""
    home = run.home
    run.scan("as found")
    half = len(lists) // 2
    for path in lists[:half]:
        run.act("vault", path)
    run.scan(f"vaulted {half} of {len(lists)} customer lists")
    for path in lists[half:]:
        run.act("vault", path)
    run.scan("vaulted every customer list")
    run.act("restrict", home / ".aws" / "credentials")
    run.scan("AWS credentials made private (600)")
    passphrase_on_key(home / ".ssh" / "id_ed25519")
    run.scan("passphrase on the SSH key")
    for f in run.findings_in(home / ".aws" / "credentials"):
        run.accept(f, "work account keys, rotated monthly")
    run.scan("AWS keys accepted as a known risk")
    return run.steps
