"""Scanner status notes in the interface language.

A scanner that could not look at a source says why with `ctx.unavailable(scanner, reason,
message)`: the reason is a fixed word (desktop.texts.labels.reason_word translates it), the message
a fixed English sentence chosen by the scanner, sometimes with a value inside (a phone's
name, a path). `scanners/` never imports Qt, so the sentences are translated here: MESSAGES
maps each sentence the scanners can write (a value as "{}") to a source text for
QCoreApplication.translate (the values as %1, %2...). A message not in the table is shown
as the scanner wrote it. tests/gui/test_status_notes.py fails when a scanner's
`ctx.unavailable(` message has no entry here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "StatusNotes"

MESSAGES: dict[str, object] = {  # QT_TRANSLATE_NOOP returns its text (typed object)
    # permissions.android
    "adb was not found (install Android platform tools, Debian: apt install adb)":
        QT_TRANSLATE_NOOP("StatusNotes", "adb was not found (install Android platform tools,"
                          " Debian: apt install adb)"),
    "adb devices failed: {}": QT_TRANSLATE_NOOP("StatusNotes", "adb devices failed: %1"),
    "the phone {} is not attached": QT_TRANSLATE_NOOP("StatusNotes",
                                                      "the phone %1 is not attached"),
    "no Android phone is attached: connect it by USB and enable USB debugging (Settings >"
    " Developer options)": QT_TRANSLATE_NOOP(
        "StatusNotes", "no Android phone is attached: connect it by USB and enable USB"
        " debugging (Settings > Developer options)"),
    "{}: unlock the phone and accept the 'Allow USB debugging' prompt, then scan again":
        QT_TRANSLATE_NOOP("StatusNotes", "%1: unlock the phone and accept the 'Allow USB"
                          " debugging' prompt, then scan again"),
    "{}: this user may not open the USB device (udev rules; Debian: apt install"
    " android-sdk-platform-tools-common)": QT_TRANSLATE_NOOP(
        "StatusNotes", "%1: this user may not open the USB device (udev rules; Debian: apt"
        " install android-sdk-platform-tools-common)"),
    "{} is {}: unplug and replug it, unlock it": QT_TRANSLATE_NOOP(
        "StatusNotes", "%1 is %2: unplug and replug it, unlock it"),
    "{}: {} cannot be listed on this Android version; check it in Settings":
        QT_TRANSLATE_NOOP("StatusNotes", "%1: %2 cannot be listed on this Android version;"
                          " check it in Settings"),
    "{}: usage access cannot be listed over adb before Android 9; check Settings > Security >"
    " Apps with usage access": QT_TRANSLATE_NOOP(
        "StatusNotes", "%1: usage access cannot be listed over adb before Android 9; check"
        " Settings > Security > Apps with usage access"),
    "{}: other users and work profiles cannot be listed; only the main user was read":
        QT_TRANSLATE_NOOP("StatusNotes", "%1: other users and work profiles cannot be listed;"
                          " only the main user was read"),
    "{}: the work profile is paused or locked: turn on work apps, unlock it and scan again":
        QT_TRANSLATE_NOOP("StatusNotes", "%1: the work profile is paused or locked: turn on"
                          " work apps, unlock it and scan again"),
    "{}: the user {} is not running: switch to it once, then scan again": QT_TRANSLATE_NOOP(
        "StatusNotes", "%1: the user %2 is not running: switch to it once, then scan again"),
    # permissions.extensions
    "no Chromium-family or Firefox profile was found": QT_TRANSLATE_NOOP(
        "StatusNotes", "no Chromium-family or Firefox profile was found"),
    # permissions.flatpak
    "Flatpak runs on Linux only": QT_TRANSLATE_NOOP("StatusNotes", "Flatpak runs on Linux only"),
    "no Flatpak installation (/var/lib/flatpak, ~/.local/share/flatpak)": QT_TRANSLATE_NOOP(
        "StatusNotes", "no Flatpak installation (/var/lib/flatpak, ~/.local/share/flatpak)"),
    # permissions.live
    "live camera and microphone use is checked on Linux only": QT_TRANSLATE_NOOP(
        "StatusNotes", "live camera and microphone use is checked on Linux only"),
    "no /proc to look at": QT_TRANSLATE_NOOP("StatusNotes", "no /proc to look at"),
    "only your own processes were checked (not root)": QT_TRANSLATE_NOOP(
        "StatusNotes", "only your own processes were checked (not root)"),
    "pactl was not found: PipeWire/PulseAudio recording apps not listed": QT_TRANSLATE_NOOP(
        "StatusNotes", "pactl was not found: PipeWire/PulseAudio recording apps not listed"),
    # permissions.snap
    "snapd runs on Linux only": QT_TRANSLATE_NOOP("StatusNotes", "snapd runs on Linux only"),
    "snaps are installed but the snap command was not found": QT_TRANSLATE_NOOP(
        "StatusNotes", "snaps are installed but the snap command was not found"),
    "snapd is not installed": QT_TRANSLATE_NOOP("StatusNotes", "snapd is not installed"),
    # permissions.tcc
    "TCC exists on macOS only": QT_TRANSLATE_NOOP("StatusNotes", "TCC exists on macOS only"),
    "no TCC.db was found": QT_TRANSLATE_NOOP("StatusNotes", "no TCC.db was found"),
    "{} is not readable without Full Disk Access": QT_TRANSLATE_NOOP(
        "StatusNotes", "%1 is not readable without Full Disk Access"),
    "location clients ({}) are readable by admin only": QT_TRANSLATE_NOOP(
        "StatusNotes", "location clients (%1) are readable by admin only"),
    # permissions.windows
    "the Windows registry exists on Windows only (or set {} to a .reg export)":
        QT_TRANSLATE_NOOP("StatusNotes", "the Windows registry exists on Windows only (or set"
                          " %1 to a .reg export)"),
    # stores.*
    "no Thunderbird, Evolution or macOS Contacts address book was found": QT_TRANSLATE_NOOP(
        "StatusNotes", "no Thunderbird, Evolution or macOS Contacts address book was found"),
    "no Chromium-family browser profile found": QT_TRANSLATE_NOOP(
        "StatusNotes", "no Chromium-family browser profile found"),
    "no ~/.ssh folder with files": QT_TRANSLATE_NOOP("StatusNotes",
                                                     "no ~/.ssh folder with files"),
    "no credential file of a known tool was found": QT_TRANSLATE_NOOP(
        "StatusNotes", "no credential file of a known tool was found"),
    "no Firefox or Thunderbird profile found": QT_TRANSLATE_NOOP(
        "StatusNotes", "no Firefox or Thunderbird profile found"),
    "no chat or mail client data was found": QT_TRANSLATE_NOOP(
        "StatusNotes", "no chat or mail client data was found"),
}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """The templates with values, as patterns (each "{}" matches one value), longest first
    so the most specific template wins."""
    out = []
    for template in sorted((t for t in MESSAGES if "{}" in t), key=len, reverse=True):
        parts = [re.escape(p) for p in template.split("{}")]
        out.append((re.compile("(.+?)".join(parts), re.DOTALL), template))
    return out


def note_text(message: str) -> str:
    """A scanner's status message in the interface language; unknown ones as written."""
    source = MESSAGES.get(message)
    if source is not None:
        return QCoreApplication.translate(CONTEXT, str(source))
    for pattern, template in _patterns():
        m = pattern.fullmatch(message)
        if m is None:
            continue
        return _fill(QCoreApplication.translate(CONTEXT, str(MESSAGES[template])), m.groups())
    return message


def _fill(text: str, values: tuple[str, ...]) -> str:
    """%1, %2... replaced in one pass: a value holding "%2" is not expanded again."""
    def value(g: re.Match[str]) -> str:
        n = int(g.group(1))
        return values[n - 1] if 0 < n <= len(values) else g.group(0)

    return re.sub(r"%(\d)", value, text)
