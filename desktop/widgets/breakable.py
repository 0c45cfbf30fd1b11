"""Line-break chances in long unbroken runs (paths, URIs, commands, keys) of rich text: a
zero-width space after a path separator or punctuation, and every 24 characters of a run
with none. A word-wrapped QLabel can then wrap "~/.config/google-chrome/Default/Login Data"
at the pane's width instead of widening the pane (a sideways scroll bar, or text cut off).
Only what is shown changes: copying a location uses the finding itself (Copy location)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

ZWSP = "\u200b"
_RUN = re.compile(r"[^\s" + ZWSP + r"]{16,}")
_AFTER = re.compile(r"([/\\#:._\-,=?&;])(?=[^\s])")
_CHUNK = 24


def _break_run(run: str) -> str:
    if "&" in run and ";" in run:  # an entity (&amp;): only break at its end
        parts = re.split(r"(&[a-zA-Z#0-9]+;)", run)
        return "".join(p if p.startswith("&") and p.endswith(";") else _break_run(p)
                       for p in parts)
    out = _AFTER.sub(lambda m: m.group(1) + ZWSP, run)
    pieces = []
    for piece in out.split(ZWSP):
        pieces.append(ZWSP.join(piece[i:i + _CHUNK] for i in range(0, len(piece), _CHUNK)))
    return ZWSP.join(pieces)


def breakable_text(text: str) -> str:
    """Plain (or already escaped) text with break chances in its long runs."""
    return _RUN.sub(lambda m: _break_run(m.group(0)), text)


def breakable_html(html: str) -> str:
    """The same for rich text: only the text between tags changes, never a tag."""
    return re.sub(r">([^<]+)<", lambda m: ">" + breakable_text(m.group(1)) + "<",
                  f">{html}<")[1:-1]


class WrappingLabel(QLabel):
    """A word-wrapped label that shows its text with break chances in long runs; text()
    gives the text as it was set (what tests and callers compare), the display the broken
    one."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._text = text
        rich = self.textFormat() == Qt.TextFormat.RichText or (
            self.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text)
        super().setText(breakable_html(text) if rich else breakable_text(text))

    def text(self) -> str:
        return self._text
