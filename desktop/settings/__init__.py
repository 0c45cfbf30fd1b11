"""The Settings screen and the GUI's own preferences."""
