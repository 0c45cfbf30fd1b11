"""Where a finding comes from (files, a browser's store, an address book, an app permission)
and the facts of store and permission findings in words. Formatting only: the scanners
decide what a finding is; this module only sorts them into the sections users see."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from desktop.texts.fact_names import TECHNICAL, fact_name, html_text
from desktop.texts.fact_names import fact_value as fact_words
from desktop.texts.labels import category_name
from scanners.actions.revoke import command_text, revoke_argv
from scanners.model import Finding

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls
# the grant's command comes from scanners.actions.revoke; it is shown here
__all__ = ["command_text", "revoke_argv"]

# Source chips, in the order they are shown.
SOURCES = ("files", "browsers", "addressbooks", "credentials", "messaging", "permissions",
           "other")

# Words in a scanner id that tell which kind of store it reads. The store scanners' ids are
# "stores.<name>": the names are matched by these words so a new browser or app lands in
# the right section without a change here.
_BROWSERS_CHROMIUM = ("chromium", "chrome", "edge", "brave", "opera", "vivaldi", "yandex")
_BROWSERS_FIREFOX = ("firefox", "thunderbird", "mozilla", "librewolf", "waterfox")
_BROWSERS_OTHER = ("browser", "safari", "webkit", "epiphany")
_ADDRESS = ("address", "contact", "vcard", "carddav", "abook", "evolution", "people")
_CREDENTIALS = ("ssh", "credential", "cred", "netrc", "docker", "aws", "azure", "gcloud",
                "kube", "git", "gnupg", "gpg", "pgpass", "keychain", "keyring", "secret",
                "token", "cloud", "npm", "pypi", "password")
_MESSAGING = ("messag", "chat", "signal", "telegram", "wechat", "weixin", "qq", "slack",
              "discord", "whatsapp", "element", "matrix", "skype", "teams", "dingtalk",
              "feishu", "lark", "mail")


@lru_cache(maxsize=256)
def section_of(scanner: str) -> str:
    """The store section of a scanner: "chromium", "firefox", "browsers", "addressbooks",
    "credentials", "messaging", "permissions", "files" or "other"."""
    if scanner.startswith("permissions."):
        return "permissions"
    if not scanner.startswith("stores."):
        return "files" if scanner.startswith("content.") else "other"
    name = scanner.split(".", 1)[1].lower()
    for words, section in ((_BROWSERS_FIREFOX, "firefox"), (_BROWSERS_CHROMIUM, "chromium"),
                           (_ADDRESS, "addressbooks"), (_MESSAGING, "messaging"),
                           (_CREDENTIALS, "credentials"), (_BROWSERS_OTHER, "browsers")):
        if any(w in name for w in words):
            return section
    return "other"


def source_of(scanner: str) -> str:
    """The source chip of a scanner (one of SOURCES): the browsers' sections fold together."""
    section = section_of(scanner)
    return "browsers" if section in ("chromium", "firefox") else section


def is_inventory(f: Finding) -> bool:
    """A store or permission finding: one per store part or grant, its facts in `detail`."""
    return f.scanner.startswith(("stores.", "permissions."))


def source_name(key: str) -> str:
    names = {
        "files": translate("Sources", "Files"),
        "browsers": translate("Sources", "Browsers"),
        "addressbooks": translate("Sources", "Address books"),
        "credentials": translate("Sources", "Credential files"),
        "messaging": translate("Sources", "Messaging"),
        "permissions": translate("Sources", "Permissions"),
        "other": translate("Sources", "Other stores"),
    }
    return names.get(key, key)


def section_name(key: str) -> str:
    names = {
        "chromium": translate("Sources", "Chromium browsers"),
        "firefox": translate("Sources", "Firefox and Thunderbird"),
        "browsers": translate("Sources", "Other browsers"),
    }
    return names.get(key) or source_name(key)


# Detail keys that name the store itself (in this order): they make the store's label.
_STORE_KEYS = ("browser", "app", "client", "program", "profile", "account", "book")


def store_label(f: Finding) -> str:
    """The store a finding belongs to, as people name it: "Google Chrome · Default"."""
    parts = [f.detail[k] for k in _STORE_KEYS if f.detail.get(k)]
    if parts:
        return " · ".join(dict.fromkeys(parts))
    return f.location.split("#", 1)[0]


def protection_word(key: str) -> str:
    words = {
        "encrypted": translate("Sources", "encrypted"),
        "passphrase": translate("Sources", "protected by a passphrase"),
        "unprotected-key": translate("Sources", "a private key without passphrase"),
        "keyring": translate("Sources", "protected by the OS keyring"),
        "primary-password": translate("Sources", "behind a primary password"),
        "weak-key": translate("Sources", "protected only by a well-known key"),
        "plaintext": translate("Sources", "stored in the clear"),
    }
    return words.get(key, key)


def state_name(state: str) -> str:
    words = {
        "allowed": translate("Sources", "allowed"),
        "denied": translate("Sources", "denied"),
        "in-use": translate("Sources", "in use now"),
    }
    return words.get(state, state)


def key_name(key: str) -> str:
    names = {
        "records": translate("Sources", "Records"),
        "protection": translate("Sources", "Protection"),
        "browser": translate("Sources", "Browser"),
        "app": translate("Sources", "App"),
        "app_name": translate("Sources", "App name"),
        "client": translate("Sources", "Program"),
        "program": translate("Sources", "Program"),
        "profile": translate("Sources", "Profile"),
        "account": translate("Sources", "Account"),
        "book": translate("Sources", "Address book"),
        "part": translate("Sources", "Part"),
        "kind": translate("Sources", "Kind"),
        "path": translate("Sources", "File"),
        "file": translate("Sources", "File"),
        "version": translate("Sources", "Format version"),
        "schema": translate("Sources", "Format version"),
        "source": translate("Sources", "Source"),
        "device": translate("Sources", "Device"),
        "device_name": translate("Sources", "Device"),
        "permission": translate("Sources", "Permission"),
        "raw": translate("Sources", "As the source names it"),
        "state": translate("Sources", "State"),
        "broad": translate("Sources", "Broad grant"),
        "exposes": translate("Sources", "Reaches"),
        "revoke": translate("Sources", "How to revoke"),
        "revoke_argv": translate("Sources", "Revoke command"),
        "last_used": translate("Sources", "Last used"),
        "encryption": translate("Sources", "Encryption"),
        "key": translate("Sources", "Key"),
    }
    return names.get(key) or fact_name(key) or key.replace("_", " ").capitalize()


def fact_value(key: str, value: str) -> str:
    if key == "protection":
        return protection_word(value)
    if key == "state":
        return state_name(value)
    if key == "broad":
        return translate("Sources", "yes") if value == "yes" else translate("Sources", "no")
    if key == "exposes":
        return category_name(value)
    if key == "revoke_argv":
        return command_text(value)
    return fact_words(key, value)


# device and device_name say the same thing twice; app_name is shown with app
_HIDDEN = {"device"}


def facts(detail: Mapping[str, str]) -> list[tuple[str, str]]:
    """Every detail key as (name, value) in words; the store's identity first."""
    order = [*_STORE_KEYS, "records", "protection"]
    keys = [k for k in order if k in detail] + sorted(k for k in detail if k not in order)
    if "device_name" not in detail:
        keys = [k for k in keys if k != "device_name"]
    return [(key_name(k), fact_value(k, str(detail[k]))) for k in keys
            if k != "summary_msg"  # shown as the Summary, in the interface language
            and (k not in _HIDDEN or "device_name" not in detail)]


def fact_rows(detail: Mapping[str, str]) -> list[tuple[str, str]]:
    """The detail pane's rows of facts as (name, value) HTML: technical values as code."""
    technical = {key_name(k) for k in TECHNICAL if k in detail}
    return [(html_text(name), f"<code>{html_text(value)}</code>" if name in technical
             else html_text(value)) for name, value in facts(detail)]
