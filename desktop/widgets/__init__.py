"""Widgets and Qt helpers every screen shares: layouts, text tables, form rows, theme."""
