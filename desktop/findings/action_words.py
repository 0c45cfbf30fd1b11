"""What the GUI says before and after an action, in the interface language.

The remediation module's plans and outcomes are written for the command line (fingerprints,
vault ids, `piaudit undo N`); the window names the file instead and points at History, where
the Undo and Restore buttons are. Only kinds, paths and counts are taken from the engine.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication

from desktop.texts.labels import pretty_path

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


def shown_path(path: str | bytes) -> str:
    """A path as text (bytes that do not decode are escaped, never an exception)."""
    if isinstance(path, bytes):
        return path.decode("utf-8", "backslashreplace")
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def file_name(path: str | bytes) -> str:
    """The file's name only: the sentence stays short; the full path goes in a tooltip."""
    text = shown_path(path).rstrip("/\\")
    return os.path.basename(text) or text


def full_path(path: str | bytes) -> str:
    return pretty_path(shown_path(path))


def ssd_caveat() -> str:
    return translate(
        "ActionWords",
        "On SSDs, flash drives and copy-on-write file systems old copies of the blocks"
        " may survive, and backups or synced copies are not touched: full-disk"
        " encryption is what protects deleted data.",
    )


def plan_text(kind: str, path: str, container: bool = False) -> str:
    """What the action will do to this file, naming it."""
    name = file_name(path)
    texts = {
        "restrict": translate(
            "ActionWords",
            "“%1” will be readable and writable by you only. You can undo this in History.",
        ),
        "vault": translate(
            "ActionWords",
            "“%1” will be encrypted into the vault and removed from its folder. You"
            " can restore it in History.",
        ),
        "redact": translate(
            "ActionWords",
            "A copy of “%1” with every detected value masked will be written next"
            " to it. The original is not changed.",
        ),
        "delete": translate(
            "ActionWords", "“%1” will be overwritten and deleted. This cannot be undone."
        ),
        "accept": translate(
            "ActionWords",
            "The risk in “%1” will be left out of later exposure indexes. You can"
            " restore it in History.",
        ),
    }
    text = texts.get(kind, "%1").replace("%1", name)
    if container and kind in ("restrict", "vault", "delete"):
        text += " " + translate(
            "ActionWords",
            "This acts on the whole file, not only on the part where the value was found.",
        )
    return text


def plan_warnings(kind: str) -> tuple[str, ...]:
    return (ssd_caveat(),) if kind in ("vault", "delete") else ()


def outcome_text(kind: str, path: str, copy: str = "") -> str:
    """The result of a done action, naming the file and where to undo it."""
    name = file_name(path)
    texts = {
        "restrict": translate(
            "ActionWords", "“%1” is now private to you. Undo it in History if needed."
        ),
        "vault": translate("ActionWords", "“%1” was moved to the vault. Restore it in History."),
        "redact": translate("ActionWords", "A redacted copy of “%1” was written: “%2”."),
        "delete": translate("ActionWords", "“%1” was overwritten and deleted."),
        "accept": translate("ActionWords", "The risk in “%1” is accepted. Restore it in History."),
    }
    return texts.get(kind, "%1").replace("%1", name).replace("%2", file_name(copy))


def undo_question(kind: str, path: str) -> str:
    """History: what undoing an action of `kind` on `path` will do."""
    name = file_name(path)
    texts = {
        "restrict": translate("ActionWords", "Give “%1” back the permissions it had before?"),
        "vault": translate("ActionWords", "Decrypt “%1” and put it back where it was?"),
        "redact": translate("ActionWords", "Delete the redacted copy of “%1”?"),
        "accept": translate(
            "ActionWords",
            "Withdraw the acceptance of the risk in “%1”? It counts in the next"
            " exposure index again.",
        ),
    }
    return texts.get(kind, translate("ActionWords", "Undo this action on “%1”?")).replace(
        "%1", name
    )


def undone_text(kind: str, path: str) -> str:
    name = file_name(path)
    texts = {
        "restrict": translate("ActionWords", "“%1” has its old permissions back."),
        "vault": translate("ActionWords", "“%1” is back where it was."),
        "redact": translate("ActionWords", "The redacted copy of “%1” was deleted."),
        "accept": translate("ActionWords", "The risk in “%1” counts again from the next audit."),
    }
    return texts.get(kind, translate("ActionWords", "The action on “%1” was undone.")).replace(
        "%1", name
    )


def failure_text(path: str, changed: bool) -> str:
    """An action the engine refused, in words (its own message is for the command line)."""
    name = file_name(path)
    if changed:
        return translate(
            "ActionWords",
            "“%1” is not as the audit saw it (changed, moved or gone): nothing was"
            " done. Scan again, then act on the new audit.",
        ).replace("%1", name)
    return translate(
        "ActionWords",
        "“%1” could not be changed (it may be outside the scanned folders, too large,"
        " or not yours): nothing was done.",
    ).replace("%1", name)


def error_text(path: str, reason: str) -> str:
    return (
        translate("ActionWords", "“%1” could not be changed: %2")
        .replace("%1", file_name(path))
        .replace("%2", reason)
    )


def done_word(kind: str) -> str:
    """A done action in two or three words, for a table cell (the sentence is its tooltip)."""
    words = {
        "restrict": translate("ActionWords", "Now private"),
        "vault": translate("ActionWords", "In the vault"),
        "delete": translate("ActionWords", "Deleted"),
        "redact": translate("ActionWords", "Copy written"),
        "accept": translate("ActionWords", "Accepted"),
    }
    return words.get(kind, kind)


def not_done_word(changed: bool) -> str:
    if changed:
        return translate("ActionWords", "Not done: changed since the audit")
    return translate("ActionWords", "Not done")


def sentences(*parts: str) -> str:
    """Sentences in a row: a space after a Latin full stop, none after a Chinese one."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not out.endswith(("。", "！", "？", "）")):
            out += " "
        out += part
    return out
