"""Training mode (issue 18): a synthetic leaky machine in one folder, audited, linked up and
fixed without touching the user's own piaudit.

    sandbox   `create(DIR, seed, scenario)`: the sandbox, byte for byte the same per seed
    cast      the invented people (valid check digits, reserved ranges where they exist)
    writers   the file formats (text, CSV, vCard, Word, Excel, zip, JPEG with EXIF GPS)
    stores    Chromium, Firefox, SSH, AWS and Flatpak as their scanners read them
    schemas   the browsers' SQLite schemas (shared with the test corpus in synth/)
    phone     the recorded phone: a fake `adb` answering from a state file
    session   `inside(box)`, `scan(box)`, `plan(box)`, `fix(box)`

The attacker's view lives in scanners.assessment.linking; the commands in scanners.cli.demo.
"""
