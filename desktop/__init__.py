"""piaudit desktop front end (PySide6). Depends on `scanners`, never the reverse."""
