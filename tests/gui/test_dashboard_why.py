"""The Dashboard says why: the score's sentence, then the parts that add up to the number."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.dashboard.dashboard_view import Dashboard, DashboardData
from scanners.assessment.access_facts import AccessFacts
from scanners.assessment.scoring import score
from scanners.model import Category, Finding, Severity


def test_dashboard_shows_the_sentence_and_shares_that_add_up(qtbot):
    home = Path.home()
    files = [str(home / "Documents" / f"list{i}.csv") for i in range(3)]
    findings = [Finding("content.files", "identity.cn_resident_id", Category.IDENTITY,
                        Severity.HIGH, path, "****", f"{path}{r}", 0.98, line=r)
                for path in files for r in range(60)]
    world = AccessFacts(exists=True, world_readable=True, world_readable_mode=True)
    s = score(findings, access={p: world for p in files})
    dash = Dashboard()
    qtbot.addWidget(dash)
    dash.set_data(DashboardData(
        value=s.value, band=s.band,
        parts=[(str(p.category), float(p.share), p.distinct) for p in s.parts],
        sentence=s.sentence(), contributions=list(s.location_shares)))
    text = re.sub(r"<[^>]+>", " ", dash.why.text())
    assert "180 people's ID numbers sit in 3 files in Documents, readable by every user" in text
    # the files' points are shown and sum to the gauge's number
    shares = [int(n) for n in re.findall(r"\+(\d+) ", text)]
    assert len(shares) == 3 and sum(shares) == s.value and text.rstrip().endswith(f"= {s.value}")
    assert not dash.why.isHidden()
    dash.set_data(DashboardData())
    assert dash.why.isHidden()
