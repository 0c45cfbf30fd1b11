"""Scanners of what applications keep: browsers, address books, credential files, messaging.

They inventory, never decrypt: counts, protection levels and masked samples only.
"""
