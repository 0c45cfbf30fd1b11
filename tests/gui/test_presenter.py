"""The presenter mode (`piaudit-gui --demo DIR`, issue 18) driven from the keyboard on a
demo sandbox: scan live, the score, the attacker's view, the fixes, the rescan, the score
falls, the handout; the user's own log, cache and settings are never touched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from scanners.demo.cast import cast
from tests.unit.helpers import tree_snapshot

SEED = 11


def _wait(cond: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        QTest.qWait(50)


def _warm(box_root: Path, shared: Path) -> None:
    """The compiled pattern databases (no personal data) into the sandbox's own cache, so
    its first scan need not compile them (tests/unit/test_demo_flow.py does the same)."""
    cache = box_root / ".piaudit" / "cache"
    cache.mkdir(parents=True, mode=0o700, exist_ok=True)
    cache.parent.chmod(0o700)
    for path in shared.glob("patterns-*"):
        shutil.copy2(path, cache / path.name)


def _share(box_root: Path, shared: Path) -> None:
    """Patterns the sandbox compiled go back to the session's shared cache."""
    for path in (box_root / ".piaudit" / "cache").glob("patterns-*"):
        if not (shared / path.name).exists():
            shutil.copy2(path, shared / path.name)


def _texts(widget: object) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel)]  # type: ignore[attr-defined]


def _press(window: object, key: Qt.Key) -> None:
    QTest.keyClick(window, key)  # type: ignore[arg-type]
    QApplication.processEvents()


@pytest.fixture(scope="module")
def run(qapp, tmp_path_factory):  # noqa: PLR0915 - one presenter session, step by step
    """The whole flow with key presses, with the user's own folders holding a log, a cache
    and a settings file that must not change."""
    from desktop.presenter.launch import prepare
    from desktop.presenter.window import HANDOUT, PresenterWindow
    from desktop.texts import i18n
    from scanners.demo.session import inside

    mp = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("presenter")
    shared = Path(os.environ["PIAUDIT_CACHE_DIR"])
    user = {k: base / "user" / k for k in ("home", "data", "cache", "config")}
    for name, folder in user.items():
        folder.mkdir(parents=True)
        (folder / f"{name}-marker.txt").write_text(f"the user's own {name}\n")
    (user["data"] / "audit-log.sqlite").write_bytes(b"the user's log, never opened here")
    (user["config"] / "gui.ini").write_text("[General]\nlanguage=en\ntheme=dark\n")
    env = {"HOME": str(user["home"]), "PIAUDIT_DATA_DIR": str(user["data"]),
           "PIAUDIT_CACHE_DIR": str(user["cache"]),
           "PIAUDIT_GUI_SETTINGS": str(user["config"] / "gui.ini"),
           "PIAUDIT_PASSPHRASE_FILE": str(user["config"] / "passphrase"),
           "PIAUDIT_KEYRING": "0", "PIAUDIT_SYSROOT": str(base / "sysroot"),
           "PIAUDIT_TOOL_PATH": str(base / "no-tools")}
    (user["config"] / "passphrase").write_text("the user's passphrase\n")
    for k, v in env.items():
        mp.setenv(k, v)
    before_user = tree_snapshot(*user.values())
    box, created = prepare(base / "class-demo", SEED)  # missing: made now
    _warm(box.root, shared)
    rec: dict[str, object] = {"created": created, "box": box, "steps": []}
    steps: list[str] = rec["steps"]  # type: ignore[assignment]
    with inside(box):
        i18n.install("en")
        window = PresenterWindow(box, "en")
        window.show()
        window.activateWindow()
        flow = window.flow
        steps.append(window.step)
        rec["font"] = (window.font().pointSizeF(), QApplication.font().pointSizeF())
        assert flow.busy  # the scan started with the first screen
        _press(window, Qt.Key.Key_Right)  # no leaving a scan that runs
        rec["held"] = window.step
        _wait(lambda: flow.before is not None and not flow.busy)
        _share(box.root, shared)
        rec["scan_count"] = [t for t in _texts(window.pages[0]) if "findings" in t]
        _press(window, Qt.Key.Key_Right)
        steps.append(window.step)
        rec["score_label"] = window.page.findChild(QLabel, "score").text()
        _press(window, Qt.Key.Key_Left)  # back: the scan's screen, not a new scan
        steps.append(window.step)
        rec["rescanned"] = flow.busy
        _press(window, Qt.Key.Key_PageDown)
        steps.append(window.step)
        _press(window, Qt.Key.Key_Space)
        steps.append(window.step)
        QTest.qWait(50)
        rec["cards"] = [_texts(c) for c in window.page.cards]  # type: ignore[attr-defined]
        _press(window, Qt.Key.Key_Right)
        steps.append(window.step)
        rec["marks_before"] = [m.text() for m in window.page.marks.values()]  # type: ignore[attr-defined]
        _press(window, Qt.Key.Key_Right)  # applies the fixes, stays
        rec["applying"] = (window.step, flow.busy)
        _wait(lambda: flow.fixed and not flow.busy)
        rec["marks_after"] = [m.text() for m in window.page.marks.values()]  # type: ignore[attr-defined]
        _press(window, Qt.Key.Key_Right)
        steps.append(window.step)
        _wait(lambda: flow.after is not None and not flow.busy)
        _press(window, Qt.Key.Key_Right)
        steps.append(window.step)
        _press(window, Qt.Key.Key_Right)  # the last step: nothing further
        rec["last"] = window.step
        rec["compare"] = _texts(window.page)
        QTest.mouseClick(window.compare.export, Qt.MouseButton.LeftButton)
        rec["handout"] = box.root / HANDOUT
        _press(window, Qt.Key.Key_F11)
        rec["full"] = window.isFullScreen() or bool(
            window.windowState() & Qt.WindowState.WindowFullScreen)
        _press(window, Qt.Key.Key_Escape)
        rec["full_after_esc"] = bool(window.windowState() & Qt.WindowState.WindowFullScreen)
        rec["flow"] = flow
        window.close()
    rec["env_after"] = {k: os.environ.get(k) for k in env}
    rec["env"] = env
    rec["user_before"], rec["user_after"] = before_user, tree_snapshot(*user.values())
    rec["shared"] = shared
    yield rec
    mp.undo()


def test_the_keys_walk_the_steps_and_wait_for_the_work(run):
    assert run["created"]
    assert run["held"] == "scan"
    assert run["steps"] == ["scan", "score", "scan", "score", "people", "fixes", "rescan",
                            "compare"]
    assert run["rescanned"] is False
    assert run["applying"] == ("fixes", True)
    assert run["last"] == "compare"
    assert run["full"] and not run["full_after_esc"]
    big, app = run["font"]
    assert big == pytest.approx(app * 1.6)


def test_the_score_is_revealed_and_falls(run):
    flow = run["flow"]
    before, after = flow.before.score.value, flow.after.score.value
    assert before >= 75 and after < 40
    assert run["score_label"] == str(before)
    assert f"{len(flow.before.result.findings)} findings" in run["scan_count"]
    assert str(before) in run["compare"] and str(after) in run["compare"]


def test_the_attackers_view_shows_linked_people(run):
    flow = run["flow"]
    kits = [p for p in flow.people_before if len(p.facts) >= 4 and p.sources >= 2]
    assert len(kits) >= 5
    cards = run["cards"]
    assert len(cards) >= 5
    assert cards[0][0] == flow.people_before[0].label
    mobiles = [f.preview for f in flow.people_before[0].facts
               if re.fullmatch(r"1\d\*+\d+", f.preview)]
    assert mobiles and mobiles[0] in cards[0]  # the masked mobile is on the owner's card
    assert any("saved logins" in t for t in cards[0])  # and the passwords (case 1)
    assert not flow.linked(flow.people_after)  # after the fixes nobody links up


def test_every_fix_is_applied_and_ticked(run):
    flow = run["flow"]
    assert set(run["marks_before"]) == {"·"}
    assert run["marks_after"] and set(run["marks_after"]) == {"✓"}
    assert flow.results and all(r.done for r in flow.results)
    assert {r.step.kind for r in flow.results} >= {"vault", "browser", "revoke", "flatpak"}


def test_the_handout_is_self_contained_and_masked(run):
    path = run["handout"]
    page = path.read_text(encoding="utf-8")
    flow = run["flow"]
    assert page.startswith("<!DOCTYPE html>") and path.stat().st_mode & 0o077 == 0
    assert "<script" not in page and "src=" not in page and "http" not in page
    assert flow.people_before[0].label in page
    assert "Case 1: a phone number plus a password" in page
    assert "express-delivery" in page
    assert str(run["box"].root) not in page  # file names, not the trainer's paths
    who = cast(SEED)
    for p in [*who.people, *who.customers]:
        for value in (p.resident_id, p.mobile, p.card, p.card_spaced, p.address, p.email):
            assert value not in page, value


def test_the_users_own_log_cache_and_settings_are_untouched(run):
    assert run["user_after"] == run["user_before"]
    assert run["env_after"] == run["env"]
    box = run["box"]
    assert (box.data / "audit-log.sqlite").exists()  # the sandbox's own log


def test_the_cases_read_in_chinese_with_full_width_punctuation(qapp):
    from desktop.presenter import texts
    from desktop.texts import i18n

    i18n.install("zh_CN")
    try:
        assert texts.step_title("people") == "3. 攻击者能关联出什么"
        for case in texts.cases().values():
            for line in (case.title, case.story, case.lesson):
                assert any("\u4e00" <= ch <= "\u9fff" for ch in line), line
                words = re.sub(r"\d[\d,.]*\d", "", line)  # 238,228.71 keeps its comma
                assert not set(words) & set(":;,()?!"), line  # full-width only
        assert texts.sentences("甲。", "乙。") == "甲。乙。"
        assert texts.aside("文件", "a、b") == "文件（a、b）"
    finally:
        i18n.install("en")
    assert texts.sentences("A.", "B.") == "A. B."


def test_self_test_runs_the_demo_unattended(run, tmp_path):
    """`piaudit-gui --demo DIR --self-test` on a missing folder: made, presented, OK."""
    from desktop.presenter.launch import prepare

    box, _ = prepare(tmp_path / "st", SEED)
    _warm(box.root, run["shared"])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "desktop", "--demo", str(box.root),
                           "--self-test"], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = proc.stdout.strip().splitlines()[-1]
    assert line.startswith("piaudit-gui self-test OK: demo score ")
    before, after = line.split("demo score ")[1].split(",")[0].split(" -> ")
    assert int(after) < int(before)


def test_the_app_opens_a_new_sandbox_and_leaves_the_users_settings(run, tmp_path):
    """`piaudit-gui --demo DIR --seed N` on a missing folder: the sandbox is made and
    scanned in its own log; the user's settings file is read for the language only, and
    SIGTERM ends the window cleanly."""
    import signal

    settings = tmp_path / "gui.ini"
    settings.write_text("[General]\nlanguage=zh_CN\ntheme=dark\n")
    before = tree_snapshot(tmp_path)
    root = tmp_path / "new-demo"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PIAUDIT_GUI_SETTINGS": str(settings)}
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--demo", str(root),
                             "--seed", "5"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        log = root / ".piaudit" / "data" / "audit-log.sqlite"
        deadline = time.monotonic() + 120
        while not log.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert log.exists()
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "demo sandbox created" in err and "seed 5" in err
    assert '"seed": 5' in (root / "piaudit-demo.json").read_text(encoding="utf-8")
    after = tree_snapshot(tmp_path)
    outside = str(tmp_path)  # the folder itself changed: the sandbox is in it
    assert {k: v for k, v in after.items() if k != outside and not k.startswith(str(root))} \
        == {k: v for k, v in before.items() if k != outside}
