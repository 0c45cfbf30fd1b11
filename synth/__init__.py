"""Synthetic test data generators (no real personal data)."""
