"""Scanners of which apps hold which access to personal data: Flatpak, Snap, browser
extensions, macOS TCC, Windows consent store, an Android phone over adb, live device use.

Read-only: nothing is revoked here. Each grant carries the exact step to revoke it.
"""
