"""piaudit engine: Qt-free scanners, detectors and the CLI."""

__version__ = "0.1.0"
