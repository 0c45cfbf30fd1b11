"""Synthetic findings for model tests (masked previews, fake fingerprints)."""

from __future__ import annotations

from scanners.model import Category, Finding, Severity


def make_findings(n: int, start: int = 0) -> list[Finding]:
    cats = list(Category)
    return [
        Finding(
            scanner="content.files", rule=f"rule.{i % 7}", category=cats[i % len(cats)],
            severity=Severity(i % 5), location=f"/home/demo/Documents/f{i // 10}.txt",
            preview=f"1101**********{i % 1000:03d}X", fingerprint=f"{i:032x}",
            confidence=0.5 + (i % 50) / 100, line=i % 300 + 1, count=1 + i % 3,
        )
        for i in range(start, start + n)
    ]
