"""Store findings on the Findings screen: source chips, grouping by store, store facts and
advice in the detail pane; and their categories on the Dashboard."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QThreadPool

from desktop.findings.findings_model import FindingsModel
from desktop.findings.findings_view import FindingsView
from desktop.main_window import MainWindow
from desktop.scan.worker import ScanOutcome
from desktop.settings import gui_settings
from desktop.texts import i18n
from scanners.assessment.scoring import score
from scanners.model import Category, Finding, ScanResult, Severity
from synth import demo_inventory


def _content() -> Finding:
    return Finding(scanner="content.files", rule="cn.id_card", category=Category.IDENTITY,
                   severity=Severity.HIGH, location="/home/demo/Documents/a.txt",
                   preview="1101**********002X", fingerprint="f" * 32, confidence=0.9,
                   line=2)


def _view(qtbot) -> tuple[FindingsModel, FindingsView, list[Finding]]:
    i18n.install("en")
    model = FindingsModel()
    view = FindingsView(model)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    findings = [_content(), *demo_inventory.store_findings(),
                *demo_inventory.grant_findings()]
    model.add(findings)
    view.refresh_counts()
    return model, view, findings


def _shown(view: FindingsView) -> list[Finding]:
    p = view.proxy
    return [view.model.finding(p.mapToSource(p.index(r, 0)).row()) for r in range(p.rowCount())]


def test_source_chips_filter_by_where_findings_come_from(qtbot):
    model, view, findings = _view(qtbot)
    chips = view.src_chips
    visible = {k for k, b in chips.items() if b.isVisibleTo(view)}
    # app permissions have their category chip; a source chip would say it twice
    assert visible == {"files", "browsers", "addressbooks", "credentials", "messaging"}
    assert view.cat_chips["permission"].isVisibleTo(view)
    assert chips["browsers"].text() == "Browsers 4"
    chips["browsers"].click()
    shown = _shown(view)
    assert len(shown) == 4
    assert {f.scanner for f in shown} == {"stores.chromium", "stores.firefox"}
    chips["credentials"].click()  # two chips: either source
    assert {f.scanner for f in _shown(view)} == {"stores.chromium", "stores.firefox",
                                                 "stores.ssh"}
    view.clear_filters()
    assert view.proxy.rowCount() == len(findings)


def test_group_by_store_lists_each_store_and_filters_to_it(qtbot):
    model, view, _ = _view(qtbot)
    view.by_store.setChecked(True)
    assert view.store_table.isVisibleTo(view)
    st = view.stores
    rows = {st.store(r): [st.data(st.index(r, c)) for c in range(6)]
            for r in range(st.rowCount())}
    assert set(rows) == {
        ("chromium", "Google Chrome · Default"), ("firefox", "Firefox · default-release"),
        ("addressbooks", "Evolution · Personal"), ("credentials", "OpenSSH"),
        ("messaging", "Telegram Desktop · 1 account"),
    }
    chrome = rows[("chromium", "Google Chrome · Default")]
    assert chrome[0] == "Chromium browsers"
    assert chrome[2] == "3" and chrome[3] == f"{12 + 2 + 4210:,}"
    assert chrome[4] == "High"
    assert "protected only by a well-known key" in chrome[5]
    assert "protected by the OS keyring" in chrome[5]
    # selecting a store shows only its parts
    for r in range(view.store_proxy.rowCount()):
        src = view.store_proxy.mapToSource(view.store_proxy.index(r, 0))
        if st.store(src.row())[0] == "chromium":
            view.store_table.selectRow(r)
    assert {f.rule for f in _shown(view)} == {"stores.chromium.logins", "stores.chromium.cards",
                                              "stores.chromium.history"}
    # the two groupings exclude each other
    view.grouped.setChecked(True)
    assert not view.by_store.isChecked() and view.proxy.store is None


def test_detail_pane_shows_store_facts_protection_in_words_and_advice(qtbot):
    model, view, _ = _view(qtbot)
    logins = next(i for i in range(model.rowCount())
                  if model.finding(i).rule == "stores.chromium.logins")
    view.select_row(view.proxy.mapFromSource(model.index(logins, 0)).row())
    d = view.detail
    text = d.fields.text()
    assert "12 saved logins on 9 sites (v10: fixed key, effectively plaintext)" in text
    assert "Chromium browsers" in text
    for key, value in (("Browser", "Google Chrome"), ("Profile", "<code>Default</code>"),
                       ("Records", "12"), ("Encryption", "v10"),
                       ("Protection", "protected only by a well-known key")):
        assert f"<b>{key}</b></td><td>{value}</td>" in text, key
    assert "password-store=gnome-libsecret" in d.advice.text()  # rule stores.chromium.logins
    # advice for how THIS store is kept comes first (advice.d/protection.toml, weak-key)
    assert "Chromium on this computer keeps these under a fixed key" in d.advice.text()
    assert not d.open_btn.isVisibleTo(d)  # a store URI is no folder


def test_detail_pane_of_a_grant_shows_revoke_step(qtbot):
    model, view, _ = _view(qtbot)
    row = next(i for i in range(model.rowCount())
               if model.finding(i).rule == "permissions.snap.camera")
    view.select_row(view.proxy.mapFromSource(model.index(row, 0)).row())
    text = view.detail.fields.text()
    assert "<b>How to revoke</b></td><td>snap disconnect zoom-client:camera" in text
    assert "<b>Revoke command</b></td><td><code>snap disconnect zoom-client:camera" in text
    assert "<b>State</b></td><td>allowed" in text


def test_chinese_store_facts(qtbot):
    i18n.install("zh_CN")
    model = FindingsModel()
    view = FindingsView(model)
    qtbot.addWidget(view)
    model.add(demo_inventory.store_findings()[:1])
    view.select_row(0)
    text = view.detail.fields.text()
    assert "仅受公开的固定密钥保护" in text and "记录数" in text


def test_dashboard_bars_count_store_categories(qtbot):
    i18n.install("en")
    findings = [*demo_inventory.store_findings(), *demo_inventory.grant_findings()]
    total = score(findings)
    cats = {str(p.category) for p in total.parts}
    assert {"credential", "financial", "contact", "behaviour", "communications",
            "permission"} <= cats
    window = MainWindow(prefs=gui_settings.Prefs(first_run_done=True), pool=QThreadPool())
    qtbot.addWidget(window)
    result = ScanResult(started=datetime.now(UTC), finished=datetime.now(UTC),
                        findings=findings)
    window.controller.model.add(findings)
    window.controller.outcome = ScanOutcome(result, total, None)
    window.refresh_all()
    labels = [r[0] for r in window.dashboard.bars.rows]
    for name in ("Credentials", "Financial", "Contact", "Behaviour", "Messages",
                 "Permissions"):
        assert name in labels
    # the bars are shares of the score's own points, largest first as the score orders them
    shares = [r[1] for r in window.dashboard.bars.rows]
    assert abs(sum(shares) - 1.0) < 1e-6


def test_a_tokens_service_and_a_cards_brand_are_named_in_chinese(qtbot):
    """The detail facts content rules give (service_token's service, a card's brand, an
    IBAN's country) have names in the interface language, not the key in English."""
    i18n.install("zh_CN")
    model = FindingsModel()
    view = FindingsView(model)
    qtbot.addWidget(view)
    model.add([Finding(scanner="content.files", rule="credential.service_token",
                       category=Category.CREDENTIAL, severity=Severity.HIGH,
                       location="/home/u/.env", preview="hf_****", fingerprint="cd" * 16,
                       confidence=0.9, detail={"service": "Hugging Face", "brand": "visa",
                                               "country": "DE"}, file="/home/u/.env")])
    view.select_row(0)
    text = view.detail.fields.text()
    for name, value in (("服务", "Hugging Face"), ("卡组织", "Visa"), ("国家或地区", "DE")):
        assert f"<b>{name}</b></td><td>{value}</td>" in text, name
