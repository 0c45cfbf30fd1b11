"""The presenter mode of training (issue 18): `piaudit-gui --demo DIR`.

One step per screen, in large type, on a demo sandbox (scanners.demo): scan live, reveal
the score, the attacker's view, apply the fixes, scan again, the score falls. Each step is
tied to a case from the seeds, in English and Chinese; the session exports as an HTML
handout.

    texts     the steps' titles and captions, the cases, the fixes' words
    work      the sandbox's scan and fix on the GUI's thread pool
    flow      what the session holds (the two audits, the people, the fixes)
    pages     one widget per step
    window    the presenter window (keys, full screen, the font scale)
    handout   the session as one self-contained HTML page (masked values only)
    launch    `--demo DIR`: the sandbox (made when missing), its environment, the window;
              and the unattended run of `--demo DIR --self-test`
"""
