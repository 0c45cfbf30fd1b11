"""Light and dark palettes plus one small style sheet; "system" keeps the platform's."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_DARK = {
    QPalette.ColorRole.Window: "#1f2328", QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#16191d", QPalette.ColorRole.AlternateBase: "#22262b",
    QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#2b3036",
    QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#4c8dd6",
    QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2b3036",
    QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    QPalette.ColorRole.Link: "#7cb4ff",
}
_LIGHT = {
    QPalette.ColorRole.Window: "#f5f6f8", QPalette.ColorRole.WindowText: "#1f2328",
    QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f3f5f7",
    QPalette.ColorRole.Text: "#1f2328", QPalette.ColorRole.Button: "#eceef1",
    QPalette.ColorRole.ButtonText: "#1f2328", QPalette.ColorRole.Highlight: "#2563b0",
    QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1f2328", QPalette.ColorRole.PlaceholderText: "#6b7280",
    QPalette.ColorRole.Link: "#1d4ed8",
}

STYLE = """
QLabel#pageTitle { font-size: 20px; font-weight: 600; }
QLabel#cardTitle { font-size: 15px; font-weight: 600; }
QLabel#sectionTitle { font-weight: 600; margin-top: 6px; }
QLabel#detailTitle { font-size: 15px; }
QLabel#muted, QLabel#fieldName { color: palette(placeholder-text); }
QLabel#error { color: #b91c1c; }
QLabel#promise { font-size: 14px; }
QLabel#emptyState { font-size: 14px; padding: 24px; color: palette(placeholder-text); }
QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QPushButton { padding: 5px 14px; }
QPushButton#primary { background: #2563b0; color: white; border: 1px solid #1d4f8f;
                      border-radius: 5px; padding: 6px 18px; font-weight: 600; }
QPushButton#primary:disabled { background: #9bb3d1; border-color: #9bb3d1; }
QPushButton#primary:focus { border: 2px solid #f59e0b; }
QPushButton#danger { color: #b91c1c; }
QPushButton#link { border: none; color: palette(link); padding: 2px 4px; text-align: left; }
QToolButton#chip, QToolButton#sevChip { border: 1px solid palette(mid); border-radius: 11px;
                      padding: 2px 10px; background: palette(base); }
QToolButton#chip:checked, QToolButton#sevChip:checked { background: #2563b0; color: white;
                      border-color: #2563b0; }
QListWidget#nav { border: none; background: palette(window); font-size: 14px; outline: 0; }
QListWidget#nav::item { padding: 9px 14px; border-radius: 6px; margin: 1px 6px; }
QListWidget#nav::item:selected { background: #2563b0; color: white; }
QFrame#banner { background: #fff4d6; color: #3d2e00; border-bottom: 1px solid #e0c56e; }
"""


def apply(app: QApplication, theme: str) -> None:
    """Apply "system", "light" or "dark"."""
    app.setStyle(QStyleFactory.create("Fusion"))
    colours = {"dark": _DARK, "light": _LIGHT}.get(theme)
    if colours is None:
        palette = app.style().standardPalette()
        if theme == "system":
            hints = app.styleHints()
            from PySide6.QtCore import Qt

            if hints.colorScheme() == Qt.ColorScheme.Dark:
                colours = _DARK
    if colours is not None:
        palette = QPalette()
        for role, value in colours.items():
            palette.setColor(role, QColor(value))
        palette.setColor(QPalette.ColorRole.Mid, QColor("#c9ced6" if colours is _LIGHT
                                                        else "#3a4048"))
        for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText,
                     QPalette.ColorRole.Text):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#8a9099"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)
