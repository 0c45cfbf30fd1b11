"""The presenter's words: the steps, the cases from the seeds, what each fix does.

Every text goes through translate("Presenter", ...) so lupdate finds it; the Chinese is in
resources/i18n/piaudit_zh_CN.ts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls

STEPS = ("scan", "score", "people", "fixes", "rescan", "compare")
# the case each step is told with (seeds 001-003)
STEP_CASE = {"scan": "apps", "score": "express", "people": "theft", "fixes": "apps",
             "rescan": "theft", "compare": "express"}


@dataclass(frozen=True, slots=True)
class Case:
    key: str
    title: str
    story: str  # what happened (the seed, retold)
    lesson: str  # what the step shows about it


def cases() -> dict[str, Case]:
    return {
        "theft": Case(
            "theft",
            translate("Presenter", "Case 1: a phone number plus a password"),
            translate("Presenter", "Criminals took users' mobile numbers, logged into their "
                                   "accounts with passwords, took over the payment accounts "
                                   "and stole 238,228.71 yuan."),
            translate("Presenter", "A phone number alone is harmless; with a password it "
                                   "opens a bank account.")),
        "apps": Case(
            "apps",
            translate("Presenter", "Case 2: apps that take the address book and location"),
            translate("Presenter", "\"After entering the app you must first agree to let it "
                                   "view the address book and location before it can be "
                                   "used\": forced authorization."),
            translate("Presenter", "Every grant is a copy of your contacts or your "
                                   "whereabouts in someone else's hands.")),
        "express": Case(
            "express",
            translate("Presenter", "Case 3: express-delivery slips"),
            translate("Presenter", "Some express companies sold courier slips as a sideline: "
                                   "each slip is a name, a phone number and an address."),
            translate("Presenter", "Lists of other people weigh the most: one export holds "
                                   "hundreds of slips.")),
    }


def step_title(step: str) -> str:
    return {
        "scan": translate("Presenter", "1. Scan live"),
        "score": translate("Presenter", "2. The score"),
        "people": translate("Presenter", "3. What an attacker links up"),
        "fixes": translate("Presenter", "4. Apply the fixes"),
        "rescan": translate("Presenter", "5. Scan again"),
        "compare": translate("Presenter", "6. The score falls"),
    }[step]


def step_caption(step: str) -> str:
    return {
        "scan": translate("Presenter", "Every scanner reads the synthetic machine: files, "
                                       "browsers, keys, Flatpak apps and the phone's "
                                       "apps. Nothing leaves this computer."),
        "score": translate("Presenter", "How exposed this machine is, from 0 to 100: what "
                                        "was found, how sensitive, how many people, who can "
                                        "read it."),
        "people": translate("Presenter", "Findings that share a value or sit in one record "
                                         "are joined into one person: facts harmless alone "
                                         "become a kit for fraud. Every value is masked."),
        "fixes": translate("Presenter", "What piaudit recommends, applied to the sandbox: "
                                        "press → to apply them all."),
        "rescan": translate("Presenter", "The same scanners on the fixed machine."),
        "compare": translate("Presenter", "Before and after the fixes."),
    }[step]


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def fix_words(kind: str, target: str, what: str = "", app: str = "") -> tuple[str, str]:
    """(the fix, what it does) for a demo fix step of `kind` (scanners.demo.session); no
    space left between two Chinese characters where a placeholder was filled."""
    title, does = _fix_words(kind, target, what, app)
    return _CJK_GAP.sub("", title), does


def _fix_words(kind: str, target: str, what: str, app: str) -> tuple[str, str]:
    name = short(target)
    if kind == "vault":
        return (translate("Presenter", "Vault %1").replace("%1", name),
                translate("Presenter", "encrypted, out of reach; piaudit can restore it"))
    if kind == "restrict":
        return (translate("Presenter", "Make %1 private").replace("%1", name),
                translate("Presenter", "only its owner can read it (mode 600)"))
    if kind == "browser":
        return (translate("Presenter", "Chrome: remove the saved passwords and card"),
                translate("Presenter", "into a password manager; Linux's fixed key protects "
                                       "nothing"))
    if kind == "primary-password":
        return (translate("Presenter", "Firefox: set a primary password"),
                translate("Presenter", "the saved logins need it to be opened"))
    if kind == "passphrase":
        return (translate("Presenter", "SSH: a passphrase on the key"),
                translate("Presenter", "a copied key is useless without it"))
    if kind == "flatpak":
        return (translate("Presenter", "Flatpak: take %1 from %2").replace("%1", what)
                .replace("%2", app),
                translate("Presenter", "the app keeps only what it needs"))
    if kind == "revoke":
        return (translate("Presenter", "Phone: revoke %1 from %2").replace("%1", what)
                .replace("%2", app),
                translate("Presenter", "the app can no longer read it"))
    if kind == "accessibility":
        return (translate("Presenter", "Phone: turn off the accessibility service of %1")
                .replace("%1", app),
                translate("Presenter", "it could read everything on screen, passwords "
                                       "included"))
    return (kind, "")


def listed(items: list[str]) -> str:
    """Items joined the way the language lists them ("a, b" / "a、b")."""
    return translate("Presenter", ", ").join(items)


def aside(text: str, note: str) -> str:
    """`text (note)`, with full-width parentheses in Chinese."""
    return translate("Presenter", "%1 (%2)").replace("%1", text).replace("%2", note)


def sentences(*parts: str) -> str:
    """Sentences one after the other: a space after Latin punctuation, none after CJK."""
    out = ""
    for part in parts:
        if out and part:
            out += "" if ord(out[-1]) >= 0x2E80 or out[-1] in "”’" else " "
        out += part
    return out


def short(path: str) -> str:
    """A file's name, or a store's kind (chromium, firefox, adb, flatpak)."""
    head = path.split("!")[0]
    if ":" in head.split("/")[0]:
        return head.split(":")[0]
    return PurePath(head).name or head
