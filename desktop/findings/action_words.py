"""What the GUI says before and after an action, in the interface language.

The remediation module's plans and outcomes are written for the command line (fingerprints,
vault ids, `piaudit undo N`); the window names the file instead and points at History, where
the Undo and Restore buttons are. Only kinds, paths and counts are taken from the engine.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication

from desktop.texts.labels import pretty_path


def tr(text: str) -> str:
    return QCoreApplication.translate("ActionWords", text)


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
    return tr("On SSDs, flash drives and copy-on-write file systems old copies of the blocks"
              " may survive, and backups or synced copies are not touched: full-disk"
              " encryption is what protects deleted data.")


def plan_text(kind: str, path: str, container: bool = False) -> str:
    """What the action will do to this file, naming it."""
    name = file_name(path)
    texts = {
        "restrict": tr("“%1” will be readable and writable by you only. You can undo this"
                       " in History."),
        "vault": tr("“%1” will be encrypted into the vault and removed from its folder. You"
                    " can restore it in History."),
        "redact": tr("A copy of “%1” with every detected value masked will be written next"
                     " to it. The original is not changed."),
        "delete": tr("“%1” will be overwritten and deleted. This cannot be undone."),
        "accept": tr("The risk in “%1” will be left out of later exposure indexes. You can"
                     " restore it in History."),
    }
    text = texts.get(kind, "%1").replace("%1", name)
    if container and kind in ("restrict", "vault", "delete"):
        text += " " + tr("This acts on the whole file, not only on the part where the value"
                         " was found.")
    return text


def plan_warnings(kind: str) -> tuple[str, ...]:
    return (ssd_caveat(),) if kind in ("vault", "delete") else ()


def outcome_text(kind: str, path: str, copy: str = "") -> str:
    """The result of a done action, naming the file and where to undo it."""
    name = file_name(path)
    texts = {
        "restrict": tr("“%1” is now private to you. Undo it in History if needed."),
        "vault": tr("“%1” was moved to the vault. Restore it in History."),
        "redact": tr("A redacted copy of “%1” was written: “%2”."),
        "delete": tr("“%1” was overwritten and deleted."),
        "accept": tr("The risk in “%1” is accepted. Restore it in History."),
    }
    return texts.get(kind, "%1").replace("%1", name).replace("%2", file_name(copy))


def undo_question(kind: str, path: str) -> str:
    """History: what undoing an action of `kind` on `path` will do."""
    name = file_name(path)
    texts = {
        "restrict": tr("Give “%1” back the permissions it had before?"),
        "vault": tr("Decrypt “%1” and put it back where it was?"),
        "redact": tr("Delete the redacted copy of “%1”?"),
        "accept": tr("Withdraw the acceptance of the risk in “%1”? It counts in the next"
                     " exposure index again."),
    }
    return texts.get(kind, tr("Undo this action on “%1”?")).replace("%1", name)


def undone_text(kind: str, path: str) -> str:
    name = file_name(path)
    texts = {
        "restrict": tr("“%1” has its old permissions back."),
        "vault": tr("“%1” is back where it was."),
        "redact": tr("The redacted copy of “%1” was deleted."),
        "accept": tr("The risk in “%1” counts again from the next audit."),
    }
    return texts.get(kind, tr("The action on “%1” was undone.")).replace("%1", name)


def failure_text(path: str, changed: bool) -> str:
    """An action the engine refused, in words (its own message is for the command line)."""
    name = file_name(path)
    if changed:
        return tr("“%1” is not as the audit saw it (changed, moved or gone): nothing was"
                  " done. Scan again, then act on the new audit.").replace("%1", name)
    return tr("“%1” could not be changed (it may be outside the scanned folders, too large,"
              " or not yours): nothing was done.").replace("%1", name)


def error_text(path: str, reason: str) -> str:
    return tr("“%1” could not be changed: %2").replace("%1", file_name(path)).replace(
        "%2", reason)
